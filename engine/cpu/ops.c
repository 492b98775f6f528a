/* ops.c — the CPU engine's operations, written to be read: they are the reference that the
 * Vulkan engine is checked against. Only the matrix products go through the fast kernels. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "gemm.h"
#include "ops.h"

/* ---- activations ------------------------------------------------------------------------------ */

#define LEAKY_SLOPE 0.2f /* Keras 3's leaky_relu default negative_slope */

static float sigmoidf(float x) { return 1.0f / (1.0f + expf(-x)); }

static void softmax_rows(float *a, const float *z, int rows, int cols)
{
    for (int r = 0; r < rows; r++) {
        const float *zr = z + (size_t)r * cols;
        float *ar = a + (size_t)r * cols;
        float mx = zr[0];
        for (int c = 1; c < cols; c++)
            mx = zr[c] > mx ? zr[c] : mx;
        /* subtracting the max keeps exp() finite; the sum is at least 1 */
        float sum = 0.0f;
        for (int c = 0; c < cols; c++) {
            ar[c] = expf(zr[c] - mx);
            sum += ar[c];
        }
        float inv = 1.0f / sum;
        for (int c = 0; c < cols; c++)
            ar[c] *= inv;
    }
}

void act_forward(int act, float *a, const float *z, int rows, int cols)
{
    size_t n = (size_t)rows * cols;
    switch (act) {
    case ACT_SOFTMAX:
        softmax_rows(a, z, rows, cols);
        return;
    case ACT_LINEAR:
        if (a != z)
            memcpy(a, z, n * sizeof *a);
        return;
    case ACT_RELU:
        for (size_t i = 0; i < n; i++)
            a[i] = z[i] > 0.0f ? z[i] : 0.0f;
        return;
    case ACT_SIGMOID:
        for (size_t i = 0; i < n; i++)
            a[i] = sigmoidf(z[i]);
        return;
    case ACT_TANH:
        for (size_t i = 0; i < n; i++)
            a[i] = tanhf(z[i]);
        return;
    case ACT_LEAKY_RELU:
        for (size_t i = 0; i < n; i++)
            a[i] = z[i] > 0.0f ? z[i] : LEAKY_SLOPE * z[i];
        return;
    case ACT_ELU:
        for (size_t i = 0; i < n; i++)
            a[i] = z[i] > 0.0f ? z[i] : expm1f(z[i]);
        return;
    case ACT_GELU: /* the exact form, Keras's default: x·Φ(x) */
        for (size_t i = 0; i < n; i++)
            a[i] = 0.5f * z[i] * (1.0f + erff(z[i] * 0.70710678f));
        return;
    }
}

void act_backward(int act, float *dz, const float *da, const float *z, const float *a, int rows, int cols)
{
    size_t n = (size_t)rows * cols;
    switch (act) {
    case ACT_SOFTMAX:
        /* dz_i = a_i (da_i - Σ_j a_j da_j) */
        for (int r = 0; r < rows; r++) {
            const float *ar = a + (size_t)r * cols, *dar = da + (size_t)r * cols;
            float *dzr = dz + (size_t)r * cols;
            float dot = 0.0f;
            for (int c = 0; c < cols; c++)
                dot += ar[c] * dar[c];
            for (int c = 0; c < cols; c++)
                dzr[c] = ar[c] * (dar[c] - dot);
        }
        return;
    case ACT_LINEAR:
        if (dz != da)
            memcpy(dz, da, n * sizeof *dz);
        return;
    case ACT_RELU:
        /* da read whether kept or not, so that the compiler makes this a vector select instead
         * of a branch that mispredicts on every other unit */
        for (size_t i = 0; i < n; i++) {
            float g = da[i];
            dz[i] = z[i] > 0.0f ? g : 0.0f;
        }
        return;
    case ACT_SIGMOID:
        for (size_t i = 0; i < n; i++)
            dz[i] = da[i] * a[i] * (1.0f - a[i]);
        return;
    case ACT_TANH:
        for (size_t i = 0; i < n; i++)
            dz[i] = da[i] * (1.0f - a[i] * a[i]);
        return;
    case ACT_LEAKY_RELU:
        for (size_t i = 0; i < n; i++)
            dz[i] = z[i] > 0.0f ? da[i] : LEAKY_SLOPE * da[i];
        return;
    case ACT_ELU: /* f'(z) = e^z = f(z) + 1 below zero */
        for (size_t i = 0; i < n; i++)
            dz[i] = z[i] > 0.0f ? da[i] : da[i] * (a[i] + 1.0f);
        return;
    case ACT_GELU: /* f'(x) = Φ(x) + x·φ(x) */
        for (size_t i = 0; i < n; i++) {
            float x = z[i];
            float cdf = 0.5f * (1.0f + erff(x * 0.70710678f));
            float pdf = 0.39894228f * expf(-0.5f * x * x);
            dz[i] = da[i] * (cdf + x * pdf);
        }
        return;
    }
}

/* ---- dense ------------------------------------------------------------------------------------ */

void dense_forward(float *out, const float *inp, const float *weight, const float *bias,
                   int B, int n_in, int n_out)
{
    /* use_bias=False: no bias, the product alone */
    for (int r = 0; r < B; r++) {
        if (bias)
            memcpy(out + (size_t)r * n_out, bias, (size_t)n_out * sizeof *out);
        else
            memset(out + (size_t)r * n_out, 0, (size_t)n_out * sizeof *out);
    }
    nn_sgemm(0, 0, B, n_out, n_in, inp, n_in, weight, n_out, 1.0f, out, n_out);
}

void dense_backward(float *dinp, float *dweight, float *dbias, const float *dout,
                    const float *inp, const float *weight, int B, int n_in, int n_out,
                    const nn_dense_update *update)
{
    /* first, while weight is still the one the forward pass used */
    if (dinp)
        nn_sgemm(0, 1, B, n_in, n_out, dout, n_out, weight, n_out, 0.0f, dinp, n_in);
    /* each thread's share of the weights, gradient and optimizer state in one stretch */
    nn_gemm_opts opts = {.split_rows = 1};
    if (update) {
        opts.then = update->weights;
        opts.ctx = update->ctx;
    }
    nn_sgemm_ex(&opts, 1, 0, n_in, n_out, B, inp, n_in, dout, n_out, 0.0f, dweight, n_out);
    /* rows summed in a fixed order, so that the result never depends on threading */
    if (dbias)
        memset(dbias, 0, (size_t)n_out * sizeof *dbias);
    for (int r = 0; r < B && dbias; r++) {
        const float *d = dout + (size_t)r * n_out;
        for (int c = 0; c < n_out; c++)
            dbias[c] += d[c];
    }
    if (dbias && update)
        update->bias(update->ctx);
}

/* ---- dropout ---------------------------------------------------------------------------------- */

/* lowbias32 (Chris Wellons's integer hash): every output bit depends on every input bit */
static uint32_t mix32(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

uint32_t dropout_hash(uint32_t seed, uint32_t layer, uint32_t step, uint32_t index)
{
    uint32_t h = mix32(seed ^ 0x9e3779b9u);
    h = mix32(h ^ layer * 0x85ebca6bu);
    h = mix32(h ^ step * 0xc2b2ae35u);
    return mix32(h ^ index);
}

uint32_t dropout_threshold(float rate)
{
    /* the top 24 bits of the hash, as a fraction, are uniform in [0, 1) on a grid of 2^-24 */
    return (uint32_t)((double)rate * 16777216.0);
}

void dropout_apply(float *out, const float *in, uint32_t seed, uint32_t layer, uint32_t step,
                   float rate, size_t n)
{
    uint32_t threshold = dropout_threshold(rate);
    float scale = 1.0f / (1.0f - rate);
    for (size_t i = 0; i < n; i++)
        out[i] = (dropout_hash(seed, layer, step, (uint32_t)i) >> 8) >= threshold ? in[i] * scale : 0.0f;
}

/* ---- losses and metrics ----------------------------------------------------------------------- */

#define CLIP_EPS 1e-7f /* Keras's backend epsilon */

static float clipf(float p)
{
    return p < CLIP_EPS ? CLIP_EPS : p > 1.0f - CLIP_EPS ? 1.0f - CLIP_EPS : p;
}

/* log Σ exp(z) of one row, stable */
static double logsumexp(const float *z, int units)
{
    float mx = z[0];
    for (int c = 1; c < units; c++)
        mx = z[c] > mx ? z[c] : mx;
    double s = 0.0;
    for (int c = 0; c < units; c++)
        s += exp((double)z[c] - mx);
    return mx + log(s);
}

static int argmax(const float *v, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (v[i] > v[best])
            best = i;
    return best;
}

double loss_forward(int loss, int from_logits, const float *a, const float *z, const float *y,
                    int B, int units)
{
    double total = 0.0;
    for (int r = 0; r < B; r++) {
        const float *ar = a + (size_t)r * units, *zr = z + (size_t)r * units;
        const float *yr = loss == LOSS_SPARSE_CCE ? y + r : y + (size_t)r * units;
        double l = 0.0;
        switch (loss) {
        case LOSS_CCE:
            if (from_logits) {
                double lse = logsumexp(zr, units);
                for (int c = 0; c < units; c++)
                    l += yr[c] * (lse - zr[c]);
            } else {
                for (int c = 0; c < units; c++)
                    l -= yr[c] * log(clipf(ar[c]));
            }
            break;
        case LOSS_SPARSE_CCE: {
            int k = (int)yr[0];
            l = from_logits ? logsumexp(zr, units) - zr[k] : -log(clipf(ar[k]));
            break;
        }
        case LOSS_BCE:
            for (int c = 0; c < units; c++) {
                if (from_logits) { /* max(z,0) - z·y + log(1 + e^-|z|) */
                    double x = zr[c];
                    l += (x > 0 ? x : 0) - x * yr[c] + log1p(exp(-fabs(x)));
                } else {
                    double p = clipf(ar[c]);
                    l -= yr[c] * log(p) + (1.0 - yr[c]) * log(1.0 - p);
                }
            }
            l /= units;
            break;
        case LOSS_MSE:
            for (int c = 0; c < units; c++)
                l += ((double)ar[c] - yr[c]) * ((double)ar[c] - yr[c]);
            l /= units;
            break;
        case LOSS_MAE:
            for (int c = 0; c < units; c++)
                l += fabs((double)ar[c] - yr[c]);
            l /= units;
            break;
        }
        total += l;
    }
    return total;
}

/* dL/da of the clipped cross-entropies, for outputs that are not fused with their activation;
 * the clip stops the gradient where it bites, as it does in Keras. */
static float dclip_log(float p) { return p < CLIP_EPS || p > 1.0f - CLIP_EPS ? 0.0f : 1.0f / p; }

void loss_backward(int loss, int from_logits, int act, float *dz, const float *a, const float *z,
                   const float *y, int B, int units)
{
    float inv_b = 1.0f / (float)B;
    int fused_ce = (loss == LOSS_CCE || loss == LOSS_SPARSE_CCE) && (from_logits || act == ACT_SOFTMAX);
    int fused_bce = loss == LOSS_BCE && (from_logits || act == ACT_SIGMOID);
    for (int r = 0; r < B; r++) {
        const float *ar = a + (size_t)r * units;
        const float *yr = loss == LOSS_SPARSE_CCE ? y + r : y + (size_t)r * units;
        float *dr = dz + (size_t)r * units;
        if (fused_ce) {
            /* d/dz of CE(softmax(z)) = softmax(z) - y; from logits, a is still z */
            if (from_logits)
                softmax_rows(dr, z + (size_t)r * units, 1, units);
            else
                memcpy(dr, ar, (size_t)units * sizeof *dr);
            if (loss == LOSS_SPARSE_CCE)
                dr[(int)yr[0]] -= 1.0f;
            else {
                /* Σ y need not be 1 for soft labels: d/dz_c = p_c Σy - y_c */
                float ys = 0.0f;
                for (int c = 0; c < units; c++)
                    ys += yr[c];
                for (int c = 0; c < units; c++)
                    dr[c] = dr[c] * ys - yr[c];
            }
            for (int c = 0; c < units; c++)
                dr[c] *= inv_b;
            continue;
        }
        if (fused_bce) {
            for (int c = 0; c < units; c++) {
                float p = from_logits ? sigmoidf(z[(size_t)r * units + c]) : ar[c];
                dr[c] = (p - yr[c]) * inv_b / (float)units;
            }
            continue;
        }
        for (int c = 0; c < units; c++) {
            float g = 0.0f;
            switch (loss) {
            case LOSS_CCE:
                g = -yr[c] * dclip_log(ar[c]);
                break;
            case LOSS_SPARSE_CCE:
                g = c == (int)yr[0] ? -dclip_log(ar[c]) : 0.0f;
                break;
            case LOSS_BCE: {
                float p = ar[c];
                g = p < CLIP_EPS || p > 1.0f - CLIP_EPS ? 0.0f
                    : (-yr[c] / p + (1.0f - yr[c]) / (1.0f - p)) / (float)units;
                break;
            }
            case LOSS_MSE:
                g = 2.0f * (ar[c] - yr[c]) / (float)units;
                break;
            case LOSS_MAE:
                g = (ar[c] > yr[c] ? 1.0f : ar[c] < yr[c] ? -1.0f : 0.0f) / (float)units;
                break;
            }
            dr[c] = g * inv_b;
        }
    }
    if (!fused_ce && !fused_bce)
        act_backward(act, dz, dz, z, a, B, units);
}

double metric_sum(int metric, const float *a, const float *y, int B, int units)
{
    double total = 0.0;
    for (int r = 0; r < B; r++) {
        const float *ar = a + (size_t)r * units;
        switch (metric) {
        case METRIC_BINARY_ACC: {
            const float *yr = y + (size_t)r * units;
            int hits = 0;
            for (int c = 0; c < units; c++)
                hits += (ar[c] > 0.5f) == (yr[c] > 0.5f);
            total += (double)hits / units;
            break;
        }
        case METRIC_CATEGORICAL_ACC:
            total += argmax(ar, units) == argmax(y + (size_t)r * units, units);
            break;
        case METRIC_SPARSE_ACC:
            total += argmax(ar, units) == (int)y[r];
            break;
        }
    }
    return total;
}
