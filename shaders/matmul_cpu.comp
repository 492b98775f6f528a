#version 450
// matmul_cpu.comp — matmul.comp's product and epilogues, for a CPU implementation of Vulkan
// (lavapipe). Same bindings, push constants, flags and results; a different schedule.
//
// Why another kernel: lavapipe runs a workgroup's invocations as the lanes of LLVM vectors, 8
// wide with 256-bit vectors, on one core. Arithmetic is cheap there, one vector instruction for
// all lanes, but every read or write of a storage buffer or of shared memory becomes a loop over
// the lanes (an exec-mask test, a bounds test, one scalar access each), and a barrier switches
// coroutines: matmul.comp's shared-memory slabs pay for both, and reach under 1 GFLOP/s there.
// Here a workgroup is S lanes, with no shared memory and no barrier:
//   - A, B and D are read through storage texel buffers (imageLoad), which lavapipe gathers
//     for all lanes inline, with no loop and no call (a texelFetch is a call that clobbers every
//     vector register); where every offset and row stride is a multiple of 4 (most layers), as
//     RGBA texels, four floats for little more than the cost of one (matmul_cpu_vec4.glsl);
//   - each lane sums a TM × TN block of C (TM × 4 with quads): lane l owns columns n0 + l + S·j;
//     A's values, the same for all lanes, are fetched by the lanes together, a row each, and
//     handed round with subgroupShuffle at a constant lane (one register permute there).
// Each output is still summed by one invocation in k order with fma, as matmul.comp does: the
// same sums in the same order (tests/test_vulkan.c holds them to the CPU engine's).
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#extension GL_KHR_shader_subgroup_shuffle : require
#include "common.glsl"

layout(local_size_x_id = 0) in;              // S lanes
layout(constant_id = 1) const uint TM = 32;  // rows per workgroup (a multiple of 4 with VEC4)
layout(constant_id = 2) const uint TN = 2;   // columns per lane, in quads of 4 with VEC4
layout(constant_id = 3) const bool TRANS_A = false;
layout(constant_id = 4) const bool TRANS_B = false;
layout(constant_id = 5) const uint S = 8;    // = local_size_x
layout(constant_id = 6) const bool VEC4 = false; // the host checked a_off, lda, b_off, ldb % 4 == 0
// The epilogue and the activation, which matmul.comp takes as push constants: lavapipe runs both
// sides of every if (it masks lanes off rather than branching), so that every epilogue and every
// activation ran on every output, half of a training step. A pipeline per pair that a model uses,
// made when its step is recorded (engine/vk/vk_pipeline.c).
layout(constant_id = 7) const uint EPI = 0u;
layout(constant_id = 8) const uint ACT = 0u;
#define MM_EPILOGUE EPI
#define MM_ACT ACT

// Lavapipe runs both sides of every if, lanes masked off, but leaves a loop as soon as no lane
// goes on: WHEN(c), a loop of at most one turn, skips its body when no lane needs it
#define WHEN(c) for (bool when_ = (c); when_; when_ = false)

// A, B and D again as texel buffers of one and of four floats (engine/vk/vk.h: binding 4 + i and
// 8 + i for binding i). Lavapipe loads an image texel for every lane with one inline gather,
// where a storage-buffer read loops over the lanes. C is written as a storage buffer: an image
// store is a loop over the lanes too, one per component.
layout(set = 0, binding = 5) layout(r32f) readonly uniform imageBuffer At;
layout(set = 0, binding = 6) layout(r32f) readonly uniform imageBuffer Bt;
layout(set = 0, binding = 9) layout(rgba32f) readonly uniform imageBuffer At4;
layout(set = 0, binding = 10) layout(rgba32f) readonly uniform imageBuffer Bt4;
// D: the bias, or z and a for f'
layout(set = 0, binding = 8) layout(r32f) readonly uniform imageBuffer Dt;
layout(set = 0, binding = 12) layout(rgba32f) readonly uniform imageBuffer Dt4;
#define MM_READ_D(i) imageLoad(Dt, int(i)).x
layout(set = 0, binding = 3) buffer BufC { float C[]; };
// the same, four floats at a time, for matmul_cpu_vec4.glsl's stores
layout(set = 0, binding = 3) buffer BufC4 { vec4 C4[]; };

#define MATMUL_PUSH_OPAQUE
#include "matmul_push.glsl"

// the dispatch's extents and this lane's place, set once by main
uint M, N, K;
uint a_rows;   // rows of op(A) in memory: M, or M - 1 when the last is the ones row
uint m0, n0, lane;

// op(A)[m][k] and op(B)[k][n], m, k and n in range
float load_a(uint m, uint k)
{
    return imageLoad(At, int(p.a_off + (TRANS_A ? k * p.lda + m : m * p.lda + k))).x;
}

float load_b(uint k, uint n)
{
    return imageLoad(Bt, int(p.b_off + (TRANS_B ? n * p.ldb + k : k * p.ldb + n))).x;
}

// Four floats of A or B from float index i, a multiple of 4
vec4 quad_a(uint i) { return imageLoad(At4, int(i >> 2)); }
vec4 quad_b(uint i) { return imageLoad(Bt4, int(i >> 2)); }

// One float per fetch: lane l owns columns n0 + l + S·j. Out-of-range rows and columns read a
// clamped neighbour instead of branching per lane (a branch that differs between lanes costs a
// mask on every later instruction); they are computed and never stored.
void product1()
{
    uint n_at[TN];
    [[unroll]] for (uint j = 0u; j < TN; j++)
        n_at[j] = min(n0 + lane + S * j, N - 1u);
    // lane l fetches op(A)'s row m0 + l (clamped; ones on the ones row), handed round with
    // subgroupShuffle: one fetch per k for the TM ≤ S rows, not one per row
    uint m_lane = min(m0 + lane, a_rows - 1u);
    float acc[TM][TN];
    [[unroll]] for (uint i = 0u; i < TM; i++)
        [[unroll]] for (uint j = 0u; j < TN; j++)
            acc[i][j] = 0.0;
    for (uint k = 0u; k < K; k++) {
        float b[TN];
        [[unroll]] for (uint j = 0u; j < TN; j++)
            b[j] = load_b(k, n_at[j]);
        float a_lane = m0 + lane == a_rows ? 1.0 : load_a(m_lane, k);
        [[unroll]] for (uint i = 0u; i < TM; i++) {
            float a = subgroupShuffle(a_lane, i);
            [[unroll]] for (uint j = 0u; j < TN; j++)
                acc[i][j] = fma(a, b[j], acc[i][j]);
        }
    }
    [[unroll]] for (uint i = 0u; i < TM; i++)
        [[unroll]] for (uint j = 0u; j < TN; j++)
            if (m0 + i < M && n0 + lane + S * j < N)
                store(m0 + i, n0 + lane + S * j, acc[i][j]);
}

#include "matmul_cpu_vec4.glsl"

void main()
{
    read_push();
    M = (p.flags & BATCH_M) != 0u ? step_batch() : p.M;
    N = p.N;
    K = (p.flags & BATCH_K) != 0u ? step_batch() : p.K;
    a_rows = (p.flags & ONES_ROW) != 0u ? M - 1u : M;
    m0 = gl_WorkGroupID.y * TM;
    n0 = gl_WorkGroupID.x * S * TN * (VEC4 ? 4u : 1u);
    lane = gl_LocalInvocationID.x;
    if (m0 >= M || n0 >= N)
        return;
    if (VEC4)
        product4();
    else
        product1();
}
