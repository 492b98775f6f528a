// matmul_push.glsl — what matmul.comp and matmul_cpu.comp share: the push constants (mirrored by
// vk_matmul_push in engine/vk/vk.h), the epilogues and flags, and the store that applies them.
// Included after the bindings A, B, C, D.

#define EPI_STORE 0u     // C = acc
#define EPI_BIAS_ACT 1u  // z = acc + bias[n] at c_off, a = f(z) at e_off unless f is linear
#define EPI_ACT_GRAD 2u  // C = acc ⊙ f'(z, a), z at d_off and a at e_off in D, shaped as C

// flags
#define BATCH_M 1u       // M is the step's batch (forward, input gradient)
#define BATCH_K 4u       // K is the step's batch (weight gradient)
#define ONES_ROW 8u      // op(A)'s last row, M - 1, reads as ones (the bias gradient's row)
#define NO_BIAS 16u      // EPI_BIAS_ACT without the bias: a Dense layer with use_bias=False

#ifndef MATMUL_PUSH_OPAQUE
layout(push_constant) uniform Push {
    uint M, N, K;        // the dispatch's extents; a batch extent is the capacity, see flags
    uint lda, ldb, ldc;
    uint a_off, b_off, c_off, d_off, e_off; // in floats, inside each binding
    uint act, epilogue, flags;
} p;
#else
// The same words, read once into p by opaque_push() (common.glsl explains why)
layout(push_constant) uniform Push { uint words[14]; } push;
struct MatmulPush {
    uint M, N, K, lda, ldb, ldc, a_off, b_off, c_off, d_off, e_off, act, epilogue, flags;
};
MatmulPush p;

void read_push()
{
    uint w[14];
    for (uint i = 0u; i < 14u; i++)
        w[i] = push.words[opaque(i)];
    p = MatmulPush(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8], w[9], w[10], w[11],
                   w[12], w[13]);
}
#endif

// The epilogue and its activation: the push constants', or constants of the includer's
// (matmul_cpu.comp, where the code of every branch not taken would still run, lanes masked off)
#ifndef MM_EPILOGUE
#define MM_EPILOGUE p.epilogue
#define MM_ACT p.act
#endif
// Which of the four indices first .. first + 3 (a quad's) are below limit, or equal value: the
// masks of the kernels that read four floats at a time
uvec4 quad_of(uint first) { return uvec4(first) + uvec4(0u, 1u, 2u, 3u); }
bvec4 quad_below(uint first, uint limit) { return lessThan(quad_of(first), uvec4(limit)); }
bvec4 quad_is(uint first, uint value) { return equal(quad_of(first), uvec4(value)); }

// D's float i: the storage buffer's, or a texel view's (matmul_cpu.comp)
#ifndef MM_READ_D
#define MM_READ_D(i) D[i]
#endif

void store(uint m, uint n, float acc)
{
    uint i = m * p.ldc + n;
    if (MM_EPILOGUE == EPI_BIAS_ACT) {
        float z = acc + ((p.flags & NO_BIAS) != 0u ? 0.0 : MM_READ_D(p.d_off + n));
        C[p.c_off + i] = z;
        if (MM_ACT != ACT_LINEAR)
            C[p.e_off + i] = act_apply(MM_ACT, z);
    } else if (MM_EPILOGUE == EPI_ACT_GRAD) {
        C[p.c_off + i] = act_grad(MM_ACT, acc, MM_READ_D(p.d_off + i), MM_READ_D(p.e_off + i));
    } else {
        C[p.c_off + i] = acc;
    }
}
