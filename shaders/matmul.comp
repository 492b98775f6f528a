#version 450
// matmul.comp — C = op(A) · op(B), op(X) = X or Xᵀ, with the dense layer's epilogue fused in.
//   op(A) (M, K), op(B) (K, N), C (M, N), all row-major with row strides lda, ldb, ldc.
// The three products of a dense layer's step are its specialisations:
//   forward          z = x · W + b, a = f(z)        TRANS_A = 0, TRANS_B = 0
//   input gradient   dx = (dy · Wᵀ) ⊙ f'(z_prev)    TRANS_A = 0, TRANS_B = 1
//   weight gradient  dW = xᵀ · dy                   TRANS_A = 1, TRANS_B = 0
// and the bias gradient comes with the weight gradient: it is the gradient of a weight whose input
// is always 1, so op(A) gets one more row, of ones (ONES_ROW), and since the bias follows the
// kernel in the parameter block, the product's last row of C lands on it: Σ_rows dy, in row order.
//
// Tiling: a workgroup computes a (BM, BN) tile of C. It walks K in steps of BK; at each step its
// threads copy a (BM, BK) slab of op(A) and a (BK, BN) slab of op(B) into shared memory, reading
// global memory along whichever axis is contiguous, then every thread accumulates a (TM, TN) block
// of outputs in registers: TM + TN shared reads feed TM·TN multiply-adds. A thread's outputs are
// strided by the thread grid (rows ty, ty + BM/TM, ...), so that neighbouring threads read
// neighbouring shared words. The host picks the tile sizes from the device's limits (shared memory,
// workgroup size) and passes them as specialisation constants. Each output is summed over k in one
// fixed order, by one thread: the result does not depend on scheduling.
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#include "common.glsl"

layout(local_size_x_id = 0) in;              // (BM/TM)·(BN/TN) threads
layout(constant_id = 1) const uint BM = 64;
layout(constant_id = 2) const uint BN = 64;
layout(constant_id = 3) const uint BK = 16;
layout(constant_id = 4) const uint TM = 4;
layout(constant_id = 5) const uint TN = 4;
layout(constant_id = 6) const bool TRANS_A = false;
layout(constant_id = 7) const bool TRANS_B = false;

layout(set = 0, binding = 1) readonly buffer BufA { float A[]; };
layout(set = 0, binding = 2) readonly buffer BufB { float B[]; };
layout(set = 0, binding = 3) buffer BufC { float C[]; };
layout(set = 0, binding = 4) readonly buffer BufD { float D[]; }; // bias, or z and a for f'

#include "matmul_push.glsl"

// Slabs stored k-major, so that the inner loop reads one k row of each; one word of padding per
// row keeps threads that store down a column from landing on the same shared-memory bank.
shared float As[BK * (BM + 1)];
shared float Bs[BK * (BN + 1)];

const uint THREADS = (BM / TM) * (BN / TN);
const uint TX = BN / TN; // threads across a tile's columns
const uint TY = BM / TM;

void main()
{
    uint M = (p.flags & BATCH_M) != 0u ? step.batch : p.M;
    uint N = p.N;
    uint K = (p.flags & BATCH_K) != 0u ? step.batch : p.K;
    uint ones_row = (p.flags & ONES_ROW) != 0u ? M - 1u : 0xffffffffu;
    uint tile_m = gl_WorkGroupID.y * BM, tile_n = gl_WorkGroupID.x * BN;
    if (tile_m >= M || tile_n >= N)
        return; // the whole workgroup leaves together, before any barrier

    uint tid = gl_LocalInvocationID.x;
    uint tx = tid % TX, ty = tid / TX;
    float acc[TM][TN];
    [[unroll]] for (uint i = 0u; i < TM; i++)
        [[unroll]] for (uint j = 0u; j < TN; j++)
            acc[i][j] = 0.0;

    for (uint k0 = 0u; k0 < K; k0 += BK) {
        // op(A)'s slab: stored (M, K) is read along k, stored (K, M) along m
        for (uint e = tid; e < BM * BK; e += THREADS) {
            uint mm = TRANS_A ? e % BM : e / BK;
            uint kk = TRANS_A ? e / BM : e % BK;
            uint gm = tile_m + mm, gk = k0 + kk;
            float v = 0.0;
            if (gm == ones_row && gk < K)
                v = 1.0;
            else if (gm < M && gk < K)
                v = TRANS_A ? A[p.a_off + gk * p.lda + gm] : A[p.a_off + gm * p.lda + gk];
            As[kk * (BM + 1u) + mm] = v;
        }
        // op(B)'s slab: stored (K, N) is read along n, stored (N, K) along k
        for (uint e = tid; e < BK * BN; e += THREADS) {
            uint nn = TRANS_B ? e / BK : e % BN;
            uint kk = TRANS_B ? e % BK : e / BN;
            uint gn = tile_n + nn, gk = k0 + kk;
            float v = 0.0;
            if (gn < N && gk < K)
                v = TRANS_B ? B[p.b_off + gn * p.ldb + gk] : B[p.b_off + gk * p.ldb + gn];
            Bs[kk * (BN + 1u) + nn] = v;
        }
        barrier();
        for (uint kk = 0u; kk < BK; kk++) {
            float a[TM], b[TN];
            [[unroll]] for (uint i = 0u; i < TM; i++)
                a[i] = As[kk * (BM + 1u) + ty + i * TY];
            [[unroll]] for (uint j = 0u; j < TN; j++)
                b[j] = Bs[kk * (BN + 1u) + tx + j * TX];
            [[unroll]] for (uint i = 0u; i < TM; i++)
                [[unroll]] for (uint j = 0u; j < TN; j++)
                    acc[i][j] = fma(a[i], b[j], acc[i][j]);
        }
        barrier();
    }

    [[unroll]] for (uint i = 0u; i < TM; i++) {
        uint m = tile_m + ty + i * TY;
        [[unroll]] for (uint j = 0u; j < TN; j++) {
            uint n = tile_n + tx + j * TX;
            if (m < M && n < N)
                store(m, n, acc[i][j]);
        }
    }
}
