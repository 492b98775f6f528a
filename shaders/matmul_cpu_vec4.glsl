// matmul_cpu_vec4.glsl — matmul_cpu.comp's product when every operand's offset and row stride is
// a multiple of 4: each fetch brings four consecutive floats of a row, along whichever axis is
// contiguous in memory, so that a lane does 4× the multiply-adds per fetch.
//   Lane l owns the quads of columns n0 + 4(l + S·j) + c, c < 4, j < TN: acc[i][j][c] (TM, TN, 4).
//   forward (A · B)     a: 4 values of k of a row;   b: 4 columns of a row of B, at each k
//   weight grad (Aᵀ·B)  a: 4 rows at one k;           b: as the forward
//   input grad (A·Bᵀ)   a: as the forward;            b: 4 values of k of one column
// Each output is still summed in k order with fma, one k at a time. Past K (when K is not a
// multiple of 4), a reads as 0 and b as a row in range or 0, so the extra terms add zeros.

// a's four values of k from k0 (a multiple of 4) of row m (clamped), zero past K, ones on the
// ones row
vec4 a_quad_k(uint m, uint k0)
{
    vec4 v = quad_a(p.a_off + min(m, a_rows - 1u) * p.lda + k0);
    v = m == a_rows ? vec4(1.0) : v;
    return mix(vec4(0.0), v, lessThan(uvec4(k0) + uvec4(0u, 1u, 2u, 3u), uvec4(K)));
}

// store's four outputs (m, n .. n + 3) in one vec4 write each, which lavapipe makes one pass of
// its loop over the lanes instead of four: C's, D's and the epilogue's offsets and C's row stride
// are multiples of 4 (the caller checks), and so is n.
void store_quad(uint m, uint n, vec4 acc)
{
    uint i = (m * p.ldc + n) >> 2;
    if (p.epilogue == EPI_BIAS_ACT) {
        vec4 z = acc + ((p.flags & NO_BIAS) != 0u ? vec4(0.0) : D4[(p.d_off + n) >> 2]);
        C4[(p.c_off >> 2) + i] = z;
        if (p.act != ACT_LINEAR)
            C4[(p.e_off >> 2) + i] = vec4(act_apply(p.act, z.x), act_apply(p.act, z.y),
                                          act_apply(p.act, z.z), act_apply(p.act, z.w));
    } else if (p.epilogue == EPI_ACT_GRAD) {
        vec4 z = D4[(p.d_off >> 2) + i], a = D4[(p.e_off >> 2) + i];
        C4[(p.c_off >> 2) + i] = vec4(act_grad(p.act, acc.x, z.x, a.x), act_grad(p.act, acc.y, z.y, a.y),
                                      act_grad(p.act, acc.z, z.z, a.z), act_grad(p.act, acc.w, z.w, a.w));
    } else {
        C4[(p.c_off >> 2) + i] = acc;
    }
}

void store4(vec4 acc[TM][TN])
{
    bool quads = ((p.c_off | p.d_off | p.e_off | p.ldc) & 3u) == 0u;
    [[unroll]] for (uint i = 0u; i < TM; i++)
        [[unroll]] for (uint j = 0u; j < TN; j++) {
            uint n = n0 + 4u * (lane + S * j);
            if (m0 + i >= M)
                continue;
            if (quads && n + 3u < N) {
                store_quad(m0 + i, n, acc[i][j]);
                continue;
            }
            [[unroll]] for (uint c = 0u; c < 4u; c++)
                if (n + c < N)
                    store(m0 + i, n + c, acc[i][j][c]);
        }
}

// the forward and the weight gradient: B's quads along n; the first column of each, clamped to
// the last quad that holds a column in range (a quad past it holds no column to store)
void product4_nn_tn(inout vec4 acc[TM][TN])
{
    uint nq[TN];
    [[unroll]] for (uint j = 0u; j < TN; j++)
        nq[j] = min(n0 + 4u * (lane + S * j), (N - 1u) & ~3u);
    if (!TRANS_A) {
        for (uint k0 = 0u; k0 < K; k0 += 4u) {
            vec4 a[TM];
            [[unroll]] for (uint i = 0u; i < TM; i++)
                a[i] = a_quad_k(m0 + i, k0);
            [[unroll]] for (uint kk = 0u; kk < 4u; kk++) {
                uint k = min(k0 + kk, K - 1u);
                [[unroll]] for (uint j = 0u; j < TN; j++) {
                    vec4 b = quad_b(p.b_off + k * p.ldb + nq[j]);
                    [[unroll]] for (uint i = 0u; i < TM; i++)
                        acc[i][j] = fma(vec4(a[i][kk]), b, acc[i][j]);
                }
            }
        }
        return;
    }
    uint mq[TM / 4u];
    [[unroll]] for (uint q = 0u; q < TM / 4u; q++)
        mq[q] = min(m0 + 4u * q, (a_rows - 1u) & ~3u);
    // op(A) = Aᵀ, A stored (K, a_rows): four rows of op(A) per fetch, clamped as nq
    for (uint k = 0u; k < K; k++) {
        vec4 b[TN];
        [[unroll]] for (uint j = 0u; j < TN; j++)
            b[j] = quad_b(p.b_off + k * p.ldb + nq[j]);
        [[unroll]] for (uint q = 0u; q < TM / 4u; q++) {
            vec4 a4 = quad_a(p.a_off + k * p.lda + mq[q]);
            [[unroll]] for (uint c = 0u; c < 4u; c++) {
                float a = m0 + 4u * q + c == a_rows ? 1.0 : a4[c]; // the ones row: a select
                [[unroll]] for (uint j = 0u; j < TN; j++)
                    acc[4u * q + c][j] = fma(vec4(a), b[j], acc[4u * q + c][j]);
            }
        }
    }
}

// the input gradient: B stored (N, K), four values of k of each of the lane's columns per fetch
void product4_nt(inout vec4 acc[TM][TN])
{
    uint n_at[TN][4];
    [[unroll]] for (uint j = 0u; j < TN; j++)
        [[unroll]] for (uint c = 0u; c < 4u; c++)
            n_at[j][c] = min(n0 + 4u * (lane + S * j) + c, N - 1u);
    for (uint k0 = 0u; k0 < K; k0 += 4u) {
        vec4 a[TM];
        [[unroll]] for (uint i = 0u; i < TM; i++)
            a[i] = a_quad_k(m0 + i, k0);
        // [j][c]: column n_at[j][c] at k0 .. k0 + 3, zero past K too (a row of B may be longer
        // than K, and 0 · NaN is not 0)
        bvec4 in_k = lessThan(uvec4(k0) + uvec4(0u, 1u, 2u, 3u), uvec4(K));
        vec4 b[TN][4];
        [[unroll]] for (uint j = 0u; j < TN; j++)
            [[unroll]] for (uint c = 0u; c < 4u; c++)
                b[j][c] = mix(vec4(0.0), quad_b(p.b_off + n_at[j][c] * p.ldb + k0), in_k);
        [[unroll]] for (uint kk = 0u; kk < 4u; kk++)
            [[unroll]] for (uint j = 0u; j < TN; j++) {
                vec4 bk = vec4(b[j][0][kk], b[j][1][kk], b[j][2][kk], b[j][3][kk]);
                [[unroll]] for (uint i = 0u; i < TM; i++)
                    acc[i][j] = fma(vec4(a[i][kk]), bk, acc[i][j]);
            }
    }
}

void product4()
{
    vec4 acc[TM][TN];
    [[unroll]] for (uint i = 0u; i < TM; i++)
        [[unroll]] for (uint j = 0u; j < TN; j++)
            acc[i][j] = vec4(0.0);
    if (TRANS_B)
        product4_nt(acc);
    else
        product4_nn_tn(acc);
    store4(acc);
}
