// matmul_cpu_vec4.glsl — matmul_cpu.comp's product when every operand's offset and row stride is
// a multiple of 4: each fetch brings four consecutive floats of a row, along whichever axis is
// contiguous in memory.
//
// Lane l owns the four columns n0 + 4l + c (c < 4) of the workgroup's TM rows: acc[i][c], (TM, 4).
// What costs on lavapipe, besides the multiply-adds (a multiply and an add each: it lowers fma),
// is the fetch: an image load gathers the lanes' texels one by one, about 40 instructions for
// 8 lanes × 4 floats. So every fetch brings 32 useful floats, and A's values, the same for all
// lanes of a row, are fetched by the lanes together and handed round with subgroupShuffle at a
// constant lane (one register permute on lavapipe; a broadcast is a loop over the lanes there),
// instead of each lane fetching the same texel:
//   forward (A · B)     A: lane l fetches 4 values of k of rows m0 + h·S + l, h < TM / S;
//                       B: 4 columns of a row of B per fetch, 4 fetches per 4 values of k
//   weight grad (Aᵀ·B)  A: lane l fetches the TM rows (a quad per 4) at k0 + l, so
//                       S values of k per fetch; B: as the forward
//   input grad (A·Bᵀ)   A: as the forward; B: 4 values of k of each of the lane's 4 columns
// A lane's TM × 4 sums do not fit in registers: the B fetches of 4 values of k come before their
// multiply-adds, so that the sums go to memory and back once per 4 values of k. Each output is
// still summed in k order by one invocation, one k at a time. Past K, A reads as 0 and B as a
// row in range or 0, so the extra terms add zeros.

// a's four values of k from k0 (a multiple of 4) of row m (clamped), zero past K, ones on the
// ones row
vec4 a_quad_k(uint m, uint k0)
{
    vec4 v = quad_a(p.a_off + min(m, a_rows - 1u) * p.lda + k0);
    v = m == a_rows ? vec4(1.0) : v;
    return mix(vec4(0.0), v, quad_below(k0, K));
}

// store's four outputs (m, n .. n + 3) in one vec4 write each, which lavapipe makes one pass of
// its loop over the lanes instead of four: C's, D's and the epilogue's offsets and C's row stride
// are multiples of 4 (the caller checks), and so is n.
void store_quad(uint m, uint n, vec4 acc)
{
    uint i = (m * p.ldc + n) >> 2;
    if (MM_EPILOGUE == EPI_BIAS_ACT) {
        vec4 bias = (p.flags & NO_BIAS) != 0u ? vec4(0.0) : imageLoad(Dt4, int((p.d_off + n) >> 2));
        vec4 z = acc + bias;
        C4[(p.c_off >> 2) + i] = z;
        if (MM_ACT != ACT_LINEAR)
            C4[(p.e_off >> 2) + i] = vec4(act_apply(MM_ACT, z.x), act_apply(MM_ACT, z.y),
                                          act_apply(MM_ACT, z.z), act_apply(MM_ACT, z.w));
    } else if (MM_EPILOGUE == EPI_ACT_GRAD) {
        vec4 z = imageLoad(Dt4, int((p.d_off >> 2) + i));
        vec4 a = imageLoad(Dt4, int((p.e_off >> 2) + i));
        C4[(p.c_off >> 2) + i] = vec4(act_grad(MM_ACT, acc.x, z.x, a.x), act_grad(MM_ACT, acc.y, z.y, a.y),
                                      act_grad(MM_ACT, acc.z, z.z, a.z), act_grad(MM_ACT, acc.w, z.w, a.w));
    } else {
        C4[(p.c_off >> 2) + i] = acc;
    }
}

void store4(vec4 acc[TM])
{
    bool quads = ((p.c_off | p.d_off | p.e_off | p.ldc) & 3u) == 0u;
    uint n = n0 + 4u * lane;
    bool whole = quads && n + 3u < N;
    [[unroll]] for (uint i = 0u; i < TM; i++)
        if (whole && m0 + i < M)
            store_quad(m0 + i, n, acc[i]);
    // the last quad of a row, or C's offsets not multiples of 4: float by float, in a WHEN that
    // only such workgroups enter
    WHEN(!whole)
        [[unroll]] for (uint i = 0u; i < TM; i++)
            [[unroll]] for (uint c = 0u; c < 4u; c++)
                if (m0 + i < M && n + c < N)
                    store(m0 + i, n + c, acc[i][c]);
}

// the forward and the weight gradient: B's quad along n, clamped to the last quad that holds a
// column in range (a quad past it holds no column to store)
uint b_quad_n() { return min(n0 + 4u * lane, (N - 1u) & ~3u); }

// op(A) = A (the forward and the input gradient): row m0 + h·S + l's four values of k from k0 in
// lane l, h < TM / S (TM ≤ 4S, the host's tiles)
void a_quads_k(uint k0, out vec4 aq[4])
{
    [[unroll]] for (uint h = 0u; h < 4u; h++)
        aq[h] = h * S < TM ? a_quad_k(m0 + h * S + lane, k0) : vec4(0.0);
}

// acc[i] += a(i, k0 + kk) · b[kk] for 4 values of k, a(i, k) held by lane i % S of aq[i / S]
void madd_rows(inout vec4 acc[TM], vec4 aq[4], vec4 b[4])
{
    [[unroll]] for (uint i = 0u; i < TM; i++)
        [[unroll]] for (uint kk = 0u; kk < 4u; kk++)
            acc[i] = fma(vec4(subgroupShuffle(aq[i / S][kk], i % S)), b[kk], acc[i]);
}

void product4_nn(inout vec4 acc[TM])
{
    uint nb = b_quad_n();
    for (uint k0 = 0u; k0 < K; k0 += 4u) {
        vec4 aq[4];
        a_quads_k(k0, aq);
        vec4 b[4];
        [[unroll]] for (uint kk = 0u; kk < 4u; kk++)
            b[kk] = quad_b(p.b_off + min(k0 + kk, K - 1u) * p.ldb + nb);
        madd_rows(acc, aq, b);
    }
}

// op(A) = Aᵀ, A stored (K, a_rows): lane l fetches row k0 + l of A, the quads of op(A)'s rows
// m0 .. m0 + TM - 1 (clamped like B's), ones on the ones row and zeros past K
void a_quads_m(uint k0, out vec4 aq[8])
{
    uint k = k0 + lane;
    [[unroll]] for (uint q = 0u; q < TM / 4u; q++) {
        uint mq = min(m0 + 4u * q, (a_rows - 1u) & ~3u);
        vec4 v = quad_a(p.a_off + min(k, K - 1u) * p.lda + mq);
        v = mix(v, vec4(1.0), quad_is(m0 + 4u * q, a_rows));
        aq[q] = k < K ? v : vec4(0.0);
    }
}

void product4_tn(inout vec4 acc[TM])
{
    uint nb = b_quad_n();
    for (uint k0 = 0u; k0 < K; k0 += S) {
        vec4 aq[8];
        a_quads_m(k0, aq);
        [[unroll]] for (uint k4 = 0u; k4 < S; k4 += 4u) {
            vec4 b[4];
            [[unroll]] for (uint kk = 0u; kk < 4u; kk++)
                b[kk] = quad_b(p.b_off + min(k0 + k4 + kk, K - 1u) * p.ldb + nb);
            [[unroll]] for (uint i = 0u; i < TM; i++)
                [[unroll]] for (uint kk = 0u; kk < 4u; kk++)
                    acc[i] = fma(vec4(subgroupShuffle(aq[i / 4u][i % 4u], k4 + kk)), b[kk], acc[i]);
        }
    }
}

// the input gradient: B stored (N, K); lane l fetches 4 values of k of each of its 4 columns,
// whose c-th components make b at k0 + c (no instruction: a vec4 is four vectors to lavapipe)
void product4_nt(inout vec4 acc[TM])
{
    uint n_at[4];
    [[unroll]] for (uint c = 0u; c < 4u; c++)
        n_at[c] = min(n0 + 4u * lane + c, N - 1u);
    for (uint k0 = 0u; k0 < K; k0 += 4u) {
        vec4 aq[4];
        a_quads_k(k0, aq);
        // zero past K too: a row of B may be longer than K, and 0 · NaN is not 0
        bvec4 in_k = quad_below(k0, K);
        vec4 bc[4];
        [[unroll]] for (uint c = 0u; c < 4u; c++)
            bc[c] = mix(vec4(0.0), quad_b(p.b_off + n_at[c] * p.ldb + k0), in_k);
        vec4 b[4];
        [[unroll]] for (uint kk = 0u; kk < 4u; kk++)
            b[kk] = vec4(bc[0][kk], bc[1][kk], bc[2][kk], bc[3][kk]);
        madd_rows(acc, aq, b);
    }
}

void product4()
{
    vec4 acc[TM];
    [[unroll]] for (uint i = 0u; i < TM; i++)
        acc[i] = vec4(0.0);
    if (TRANS_B)
        product4_nt(acc);
    else if (TRANS_A)
        product4_tn(acc);
    else
        product4_nn(acc);
    store4(acc);
}
