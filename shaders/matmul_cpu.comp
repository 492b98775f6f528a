#version 450
// matmul_cpu.comp — matmul.comp's product and epilogues, for a CPU implementation of Vulkan
// (lavapipe). Same bindings, push constants, flags and results; a different schedule.
//
// Why another kernel: lavapipe runs a workgroup's invocations as the lanes of LLVM vectors, 8 or
// 16 wide, on one core. Arithmetic is cheap there, one vector instruction for all lanes, but every
// storage or shared-memory load becomes a loop over the lanes, one scalar load each; a barrier
// switches coroutines. matmul.comp's shared-memory slabs pay for both. Here a workgroup is one
// subgroup, with no shared memory and no barrier:
//   - lane l of the workgroup owns columns n0 + l + S·j of C (j < TN), for TM rows m0 + i;
//   - op(A) is read S values of k at a time, one per lane, and each value is then handed to every
//     lane by subgroupBroadcast, which lavapipe compiles to a register shuffle, not to a load;
//   - op(B) is read one row of k per step, TN values per lane.
// Per S steps of k that is TM + S·TN lane loads for S·TM·TN vector multiply-adds. Each output is
// still summed by one invocation in k order with fma, as matmul.comp does: the same sums.
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#include "common.glsl"

layout(local_size_x_id = 0) in;              // S lanes: one subgroup
layout(constant_id = 1) const uint TM = 8;   // rows per workgroup
layout(constant_id = 2) const uint TN = 2;   // columns per lane
layout(constant_id = 3) const bool TRANS_A = false;
layout(constant_id = 4) const bool TRANS_B = false;
layout(constant_id = 5) const uint S = 8;    // = local_size_x

// A and B as texel buffers (bindings 1 and 2 again, VK_BINDING_A_TEXELS): lavapipe fetches a
// texel for every lane with one gather, where a storage-buffer read loops over the lanes.
layout(set = 0, binding = 5) uniform samplerBuffer At;
layout(set = 0, binding = 6) uniform samplerBuffer Bt;
layout(set = 0, binding = 3) buffer BufC { float C[]; };
layout(set = 0, binding = 4) readonly buffer BufD { float D[]; }; // bias, or z and a for f'

#include "matmul_push.glsl"

// op(A)[m][k], m and k in range
float load_a(uint m, uint k)
{
    return texelFetch(At, int(p.a_off + (TRANS_A ? k * p.lda + m : m * p.lda + k))).x;
}

// op(B)[k][n], k and n in range
float load_b(uint k, uint n)
{
    return texelFetch(Bt, int(p.b_off + (TRANS_B ? n * p.ldb + k : k * p.ldb + n))).x;
}

void main()
{
    uint M = (p.flags & BATCH_M) != 0u ? step.batch : p.M;
    uint N = p.N;
    uint K = (p.flags & BATCH_K) != 0u ? step.batch : p.K;
    bool ones = (p.flags & ONES_ROW) != 0u;
    uint a_rows = ones ? M - 1u : M;   // rows of op(A) in memory
    uint m0 = gl_WorkGroupID.y * TM, n0 = gl_WorkGroupID.x * S * TN;
    if (m0 >= M || n0 >= N)
        return;
    uint lane = gl_LocalInvocationID.x;

    // Out-of-range rows and columns read a clamped neighbour instead of branching per lane (a
    // branch that differs between lanes costs a mask on every later instruction); they are
    // computed and never stored.
    uint n_at[TN];
    [[unroll]] for (uint j = 0u; j < TN; j++)
        n_at[j] = min(n0 + lane + S * j, N - 1u);
    float acc[TM][TN];
    [[unroll]] for (uint i = 0u; i < TM; i++)
        [[unroll]] for (uint j = 0u; j < TN; j++)
            acc[i][j] = 0.0;

    // op(A)'s TM rows, clamped into memory; the ones row, past them, reads as 1
    uint m_at[TM];
    [[unroll]] for (uint i = 0u; i < TM; i++)
        m_at[i] = min(m0 + i, a_rows - 1u);
    for (uint k = 0u; k < K; k++) {
        float b[TN];
        [[unroll]] for (uint j = 0u; j < TN; j++)
            b[j] = load_b(k, n_at[j]);
        [[unroll]] for (uint i = 0u; i < TM; i++) {
            float a = load_a(m_at[i], k);
            a = m0 + i == a_rows ? 1.0 : a; // a select, not a branch
            [[unroll]] for (uint j = 0u; j < TN; j++)
                acc[i][j] = fma(a, b[j], acc[i][j]);
        }
    }

    [[unroll]] for (uint i = 0u; i < TM; i++) {
        uint m = m0 + i;
        [[unroll]] for (uint j = 0u; j < TN; j++) {
            uint n = n0 + lane + S * j;
            if (m < M && n < N)
                store(m, n, acc[i][j]);
        }
    }
}
