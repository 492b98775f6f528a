// common.glsl — what every kernel shares: the step block, the enums of engine/kinds.h and the
// activations. The maths follows engine/cpu/ops.c line for line, so that each kernel can be checked
// against its CPU twin.

// enum nn_act, enum nn_loss, enum nn_metric, enum nn_opt as ACT_RELU, LOSS_MSE, ...: generated from
// engine/kinds.h at build time (shaders/kinds_glsl.c), so that the numbers are the C engine's
#include "kinds.glsl"

// One step's values, written by the host into the staging ring and copied here at the start of
// each step, so that a command buffer recorded once serves every step: the batch may be ragged
// and the hyperparameters may change between steps. Mirrors vk_step in engine/vk/vk.h.
layout(set = 0, binding = 0, std140) uniform Step {
    uint batch;        // rows in this step, at most the rows the buffers were sized for
    uint opt, loss, metric;
    uint from_logits, nesterov, has_momentum;
    uint dropout_step; // the optimizer step before this one: Dropout's mask is drawn from it
    float lr, alpha;   // alpha: Adam's step lr·√(1-β2^t)/(1-β1^t), computed by the host in double
    float mu, beta_1;
    float beta_2, eps, rho;
    uint seed;         // the model's seed, for Dropout's mask
} step;

// Lavapipe (Mesa 22) inlines the push constants and uniform-buffer words that a shader's loop
// bounds and branches depend on, and to do so clones, optimises and compiles the shader again at
// every dispatch: a few hundred microseconds each, more than the work of most of our kernels. An
// index it cannot prove constant keeps a word opaque: gl_WorkGroupID.z is 0 in every dispatch of
// ours (the grids are (x, y, 1)), and the kernels that run on a CPU device read their parameters
// through it.
uint opaque(uint i) { return i + gl_WorkGroupID.z; }

// the step block's first word, step.batch, read opaquely (binding 0 again, as words)
layout(set = 0, binding = 0, std140) uniform StepWords { uvec4 step_words[1]; };
uint step_batch() { return step_words[opaque(0u)].x; }

const float LEAKY_SLOPE = 0.2;   // Keras 3's leaky_relu default negative_slope
const float CLIP_EPS = 1e-7;     // Keras's backend epsilon

float sigmoid_f(float x) { return 1.0 / (1.0 + exp(-x)); }

// tanh through the builtin, on a clamped argument: past ±10, tanh is 1.0 in float anyway, and some
// drivers build tanh from exp(2x), which overflows to inf/inf = NaN for large x.
float tanh_f(float x) { return tanh(clamp(x, -10.0, 10.0)); }

// GLSL has no erf. Abramowitz & Stegun 7.1.26, |error| < 1.5e-7: far inside the 1e-4 that the
// kernels are held to against the C library's erff.
float erf_f(float x)
{
    float s = sign(x), ax = abs(x);
    float t = 1.0 / (1.0 + 0.3275911 * ax);
    float poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    return s * (1.0 - poly * exp(-ax * ax));
}

// a = f(z) for the elementwise activations; softmax works on whole rows, elsewhere
float act_apply(uint act, float z)
{
    switch (act) {
    case ACT_RELU: return z > 0.0 ? z : 0.0;
    case ACT_SIGMOID: return sigmoid_f(z);
    case ACT_TANH: return tanh_f(z);
    case ACT_LEAKY_RELU: return z > 0.0 ? z : LEAKY_SLOPE * z;
    case ACT_ELU: return z > 0.0 ? z : exp(z) - 1.0;
    case ACT_GELU: return 0.5 * z * (1.0 + erf_f(z * 0.70710678)); // x·Φ(x), Keras's exact form
    }
    return z;
}

// dz = da ⊙ f'(z), from z or from a = f(z), whichever the derivative is cheaper in
float act_grad(uint act, float da, float z, float a)
{
    switch (act) {
    case ACT_RELU: return z > 0.0 ? da : 0.0;
    case ACT_SIGMOID: return da * a * (1.0 - a);
    case ACT_TANH: return da * (1.0 - a * a);
    case ACT_LEAKY_RELU: return z > 0.0 ? da : LEAKY_SLOPE * da;
    case ACT_ELU: return z > 0.0 ? da : da * (a + 1.0); // e^z = f(z) + 1 below zero
    case ACT_GELU: {                                       // Φ(x) + x·φ(x)
        float cdf = 0.5 * (1.0 + erf_f(z * 0.70710678));
        float pdf = 0.39894228 * exp(-0.5 * z * z);
        return da * (cdf + z * pdf);
    }
    }
    return da;
}
