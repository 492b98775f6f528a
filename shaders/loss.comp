#version 450
// loss.comp — per row: the loss, the metric, and the gradient of the batch-mean loss with respect
// to the last layer's pre-activation z, as loss_forward, metric_sum and loss_backward compute them.
// Softmax + cross-entropy and sigmoid + binary cross-entropy are fused: dz = (p - y) / B. Other
// pairs take dL/da, then the activation's derivative. One thread per row: a row is one sample's
// outputs, and the row's loss needs all of them.
//   a, z (batch, units): the last layer's output and pre-activation (the same offset when linear)
//   y (batch, units), or (batch) class indices for sparse_categorical_crossentropy
//   dz (batch, units) out; rows (batch, 2) out: each row's loss and metric, summed by the host in
//   double, in row order, as the CPU engine sums them.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 1) buffer Work { float W[]; };
layout(push_constant) uniform Push { uint units, act, a_off, z_off, y_off, d_off, rows_off; } p;

float clip_p(float x) { return clamp(x, CLIP_EPS, 1.0 - CLIP_EPS); }

// dL/da of the clipped logarithm: the clip stops the gradient where it bites, as in Keras
float dclip_log(float x) { return x < CLIP_EPS || x > 1.0 - CLIP_EPS ? 0.0 : 1.0 / x; }

float row_max(uint base, uint n)
{
    float mx = W[base];
    for (uint c = 1u; c < n; c++)
        mx = max(mx, W[base + c]);
    return mx;
}

uint row_argmax(uint base, uint n)
{
    uint best = 0u;
    for (uint c = 1u; c < n; c++)
        if (W[base + c] > W[base + best])
            best = c;
    return best;
}

float logsumexp(uint base, uint n)
{
    float mx = row_max(base, n), s = 0.0;
    for (uint c = 0u; c < n; c++)
        s += exp(W[base + c] - mx);
    return mx + log(s);
}

float row_loss(uint a, uint z, uint y, uint U, bool logits)
{
    float l = 0.0;
    switch (step.loss) {
    case LOSS_CCE:
        if (logits) {
            float lse = logsumexp(z, U);
            for (uint c = 0u; c < U; c++)
                l += W[y + c] * (lse - W[z + c]);
        } else {
            for (uint c = 0u; c < U; c++)
                l -= W[y + c] * log(clip_p(W[a + c]));
        }
        break;
    case LOSS_SPARSE_CCE: {
        uint k = min(uint(W[y]), U - 1u);
        l = logits ? logsumexp(z, U) - W[z + k] : -log(clip_p(W[a + k]));
        break;
    }
    case LOSS_BCE:
        for (uint c = 0u; c < U; c++) {
            float t = W[y + c];
            if (logits) { // max(z, 0) - z·y + log(1 + e^-|z|)
                float x = W[z + c];
                l += max(x, 0.0) - x * t + log(1.0 + exp(-abs(x)));
            } else {
                float q = clip_p(W[a + c]);
                l -= t * log(q) + (1.0 - t) * log(1.0 - q);
            }
        }
        l /= float(U);
        break;
    case LOSS_MSE:
        for (uint c = 0u; c < U; c++)
            l += (W[a + c] - W[y + c]) * (W[a + c] - W[y + c]);
        l /= float(U);
        break;
    case LOSS_MAE:
        for (uint c = 0u; c < U; c++)
            l += abs(W[a + c] - W[y + c]);
        l /= float(U);
        break;
    }
    return l;
}

float row_metric(uint a, uint y, uint U)
{
    switch (step.metric) {
    case METRIC_BINARY_ACC: {
        uint hits = 0u;
        for (uint c = 0u; c < U; c++)
            hits += (W[a + c] > 0.5) == (W[y + c] > 0.5) ? 1u : 0u;
        return float(hits) / float(U);
    }
    case METRIC_CATEGORICAL_ACC:
        return row_argmax(a, U) == row_argmax(y, U) ? 1.0 : 0.0;
    case METRIC_SPARSE_ACC:
        return row_argmax(a, U) == uint(W[y]) ? 1.0 : 0.0;
    }
    return 0.0;
}

void row_gradient(uint a, uint z, uint y, uint d, uint U, bool logits)
{
    float inv_b = 1.0 / float(step.batch);
    bool ce = step.loss == LOSS_CCE || step.loss == LOSS_SPARSE_CCE;
    if (ce && (logits || p.act == ACT_SOFTMAX)) {
        // d/dz of CE(softmax(z)) = softmax(z)·Σy - y; from logits, the softmax is taken here
        if (logits) {
            float mx = row_max(z, U), sum = 0.0;
            for (uint c = 0u; c < U; c++) {
                W[d + c] = exp(W[z + c] - mx);
                sum += W[d + c];
            }
            float inv = 1.0 / sum;
            for (uint c = 0u; c < U; c++)
                W[d + c] *= inv;
        } else {
            for (uint c = 0u; c < U; c++)
                W[d + c] = W[a + c];
        }
        if (step.loss == LOSS_SPARSE_CCE) {
            uint k = min(uint(W[y]), U - 1u);
            W[d + k] -= 1.0;
        } else {
            float ys = 0.0; // soft labels need not sum to 1
            for (uint c = 0u; c < U; c++)
                ys += W[y + c];
            for (uint c = 0u; c < U; c++)
                W[d + c] = W[d + c] * ys - W[y + c];
        }
        for (uint c = 0u; c < U; c++)
            W[d + c] *= inv_b;
        return;
    }
    if (step.loss == LOSS_BCE && (logits || p.act == ACT_SIGMOID)) {
        for (uint c = 0u; c < U; c++) {
            float q = logits ? sigmoid_f(W[z + c]) : W[a + c];
            W[d + c] = (q - W[y + c]) * inv_b / float(U);
        }
        return;
    }
    for (uint c = 0u; c < U; c++) {
        float g = 0.0, q = W[a + c];
        switch (step.loss) {
        case LOSS_CCE:
            g = -W[y + c] * dclip_log(q);
            break;
        case LOSS_SPARSE_CCE:
            g = c == uint(W[y]) ? -dclip_log(q) : 0.0;
            break;
        case LOSS_BCE: {
            float t = W[y + c];
            g = q < CLIP_EPS || q > 1.0 - CLIP_EPS ? 0.0 : (-t / q + (1.0 - t) / (1.0 - q)) / float(U);
            break;
        }
        case LOSS_MSE:
            g = 2.0 * (q - W[y + c]) / float(U);
            break;
        case LOSS_MAE:
            g = (q > W[y + c] ? 1.0 : q < W[y + c] ? -1.0 : 0.0) / float(U);
            break;
        }
        W[d + c] = g * inv_b;
    }
    // then through the last layer's activation, dz = da ⊙ f'(z)
    if (p.act == ACT_SOFTMAX) {
        float dot = 0.0;
        for (uint c = 0u; c < U; c++)
            dot += W[a + c] * W[d + c];
        for (uint c = 0u; c < U; c++)
            W[d + c] = W[a + c] * (W[d + c] - dot);
    } else {
        for (uint c = 0u; c < U; c++)
            W[d + c] = act_grad(p.act, W[d + c], W[z + c], W[a + c]);
    }
}

void main()
{
    uint r = gl_GlobalInvocationID.x;
    if (r >= step.batch)
        return;
    uint U = p.units;
    uint a = p.a_off + r * U, z = p.z_off + r * U, d = p.d_off + r * U;
    uint y = p.y_off + (step.loss == LOSS_SPARSE_CCE ? r : r * U);
    bool logits = step.from_logits != 0u;
    W[p.rows_off + 2u * r] = row_loss(a, z, y, U, logits);
    W[p.rows_off + 2u * r + 1u] = row_metric(a, y, U);
    row_gradient(a, z, y, d, U, logits);
}
