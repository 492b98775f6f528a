#version 450
// matmul_gpu4.comp — matmul.comp's product and epilogues for a GPU, on 128 × 128 tiles, when every
// operand's offset and row stride is a multiple of 4 floats (the host checks). Same bindings, push
// constants, flags and sums in the same order; a schedule for large products:
//   - global memory is read four floats at a time (one vec4 of A and one of B per thread per
//     slab of 8 values of k), and the next slab's loads are issued before the current slab's
//     multiply-adds, so that their latency hides behind them (registers, not a second slab);
//   - each of the 256 threads sums an 8 × 8 block, rows 4·ty + i and 64 + 4·ty + i, columns
//     4·tx + j and 64 + 4·tx + j (i, j < 4), so that it reads a k row of each slab as two vec4s:
//     4 shared-memory reads feed 64 multiply-adds, where matmul.comp's 16 scalar reads do;
//   - the slabs are k-major with rows of 132 floats: vec4-aligned, and the transposed stores of
//     A (and of B for the input gradient) spread over the banks.
// matmul.comp stays for unaligned operands and for the thin products that want smaller tiles.
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#include "common.glsl"

layout(local_size_x_id = 0) in; // 256 threads: 16 × 16, each an 8 × 8 block of the tile
layout(constant_id = 1) const bool TRANS_A = false;
layout(constant_id = 2) const bool TRANS_B = false;
const uint BM = 128u, BN = 128u, BK = 8u;
const uint ROW4 = 33u; // a slab's k row: 128 floats and 4 of padding, in vec4s

layout(set = 0, binding = 1) readonly buffer BufA { vec4 A4[]; };
layout(set = 0, binding = 2) readonly buffer BufB { vec4 B4[]; };
layout(set = 0, binding = 3) buffer BufC { float C[]; };
layout(set = 0, binding = 4) readonly buffer BufD { float D[]; }; // bias, or z and a for f'

#include "matmul_push.glsl"

shared vec4 As[BK * ROW4]; // op(A)'s slab, (BK, BM): As[kk * ROW4 + m / 4][m % 4]
shared vec4 Bs[BK * ROW4]; // op(B)'s slab, (BK, BN)

uint M, N, K, ones_row, tile_m, tile_n, tid;

// This thread's vec4 of op(A)'s slab at k0: four values of k of one row when A is stored (M, K),
// four rows of one k when stored (K, M); zeros outside op(A), ones on the ones row (which only
// the weight gradient, TRANS_A, has: the host sends the others with it to matmul.comp).
vec4 load_a(uint k0)
{
    if (!TRANS_A) {
        uint m = tile_m + (tid >> 1), k = k0 + 4u * (tid & 1u);
        if (m >= M || k >= K)
            return vec4(0.0);
        return mix(vec4(0.0), A4[(p.a_off + m * p.lda + k) >> 2], quad_below(k, K));
    }
    // stored (K, a_rows), a_rows = M or M - 1 with the ones row: a quad that starts past its
    // last row is not read (it would run past the row, maybe past the buffer)
    uint k = k0 + (tid >> 5), m = tile_m + 4u * (tid & 31u);
    uint a_rows = ones_row < M ? ones_row : M;
    if (k >= K || m >= M)
        return vec4(0.0);
    vec4 v = m < a_rows ? A4[(p.a_off + k * p.lda + m) >> 2] : vec4(0.0);
    return mix(mix(vec4(0.0), v, quad_below(m, a_rows)), vec4(1.0), quad_is(m, ones_row));
}

// This thread's vec4 of op(B)'s slab at k0: four columns of one k when B is stored (K, N), four
// values of k of one column when stored (N, K); zeros outside op(B).
vec4 load_b(uint k0)
{
    if (!TRANS_B) {
        uint k = k0 + (tid >> 5), n = tile_n + 4u * (tid & 31u);
        if (k >= K || n >= N)
            return vec4(0.0);
        return mix(vec4(0.0), B4[(p.b_off + k * p.ldb + n) >> 2], quad_below(n, N));
    }
    uint n = tile_n + (tid >> 1), k = k0 + 4u * (tid & 1u);
    if (n >= N || k >= K)
        return vec4(0.0);
    return mix(vec4(0.0), B4[(p.b_off + n * p.ldb + k) >> 2], quad_below(k, K));
}

// The loaded vec4s into the slabs: as they are when they lie along m (or n), one float per k row
// when they lie along k
void put(vec4 a, vec4 b)
{
    if (TRANS_A) {
        As[(tid >> 5) * ROW4 + (tid & 31u)] = a;
    } else {
        uint m = tid >> 1, k = 4u * (tid & 1u);
        [[unroll]] for (uint j = 0u; j < 4u; j++)
            As[(k + j) * ROW4 + (m >> 2)][m & 3u] = a[j];
    }
    if (!TRANS_B) {
        Bs[(tid >> 5) * ROW4 + (tid & 31u)] = b;
    } else {
        uint n = tid >> 1, k = 4u * (tid & 1u);
        [[unroll]] for (uint j = 0u; j < 4u; j++)
            Bs[(k + j) * ROW4 + (n >> 2)][n & 3u] = b[j];
    }
}

void main()
{
    M = (p.flags & BATCH_M) != 0u ? step.batch : p.M;
    N = p.N;
    K = (p.flags & BATCH_K) != 0u ? step.batch : p.K;
    ones_row = (p.flags & ONES_ROW) != 0u ? M - 1u : 0xffffffffu;
    tile_m = gl_WorkGroupID.y * BM;
    tile_n = gl_WorkGroupID.x * BN;
    if (tile_m >= M || tile_n >= N)
        return; // the whole workgroup leaves together, before any barrier
    tid = gl_LocalInvocationID.x;
    uint tx = tid & 15u, ty = tid >> 4;

    vec4 acc[8][2]; // (rows, two quads of columns)
    [[unroll]] for (uint i = 0u; i < 8u; i++)
        acc[i][0] = acc[i][1] = vec4(0.0);
    vec4 a_next = load_a(0u), b_next = load_b(0u);
    for (uint k0 = 0u; k0 < K; k0 += BK) {
        put(a_next, b_next);
        barrier();
        if (k0 + BK < K) {
            a_next = load_a(k0 + BK);
            b_next = load_b(k0 + BK);
        }
        [[unroll]] for (uint kk = 0u; kk < BK; kk++) {
            vec4 a0 = As[kk * ROW4 + ty], a1 = As[kk * ROW4 + 16u + ty];
            vec4 b0 = Bs[kk * ROW4 + tx], b1 = Bs[kk * ROW4 + 16u + tx];
            [[unroll]] for (uint i = 0u; i < 4u; i++) {
                acc[i][0] = fma(vec4(a0[i]), b0, acc[i][0]);
                acc[i][1] = fma(vec4(a0[i]), b1, acc[i][1]);
                acc[4u + i][0] = fma(vec4(a1[i]), b0, acc[4u + i][0]);
                acc[4u + i][1] = fma(vec4(a1[i]), b1, acc[4u + i][1]);
            }
        }
        barrier();
    }

    [[unroll]] for (uint i = 0u; i < 8u; i++) {
        uint m = tile_m + (i < 4u ? 4u * ty + i : 64u + 4u * ty + i - 4u);
        [[unroll]] for (uint h = 0u; h < 2u; h++)
            [[unroll]] for (uint j = 0u; j < 4u; j++) {
                uint n = tile_n + 64u * h + 4u * tx + j;
                if (m < M && n < N)
                    store(m, n, acc[i][h][j]);
            }
    }
}
