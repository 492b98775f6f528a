#version 450
// update.comp — one optimizer step on every parameter, Keras's update rules as in nn_opt_update:
//   sgd       v = μv - lr·g; w += v, or w += μv - lr·g with Nesterov; w -= lr·g without momentum
//   adam      m += (g - m)(1 - β1); v += (g² - v)(1 - β2); w -= α·m / (√v + ε)
//   rmsprop   s = ρs + (1 - ρ)g²; w -= lr·g / √(s + ε)
//   adagrad   s += g²; w -= lr·g / √(s + ε)
// The optimizer and its hyperparameters come from the step block, so recompiling the model with
// another optimizer needs no new command buffer.
//   param, grad, slot0 (momentum, m or accumulator), slot1 (v): (n) each.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(local_size_x_id = 0) in;
// A CPU implementation (lavapipe) turns each read or write of a storage buffer into a loop over
// the lanes; there, each invocation updates four parameters with vec4 reads and writes, which
// share one pass of that loop. The maths is the same, element by element.
layout(constant_id = 1) const bool QUADS = false;
layout(set = 0, binding = 1) buffer Params { float P[]; };
layout(set = 0, binding = 2) readonly buffer Grads { float G[]; };
layout(set = 0, binding = 3) buffer Slot0 { float S0[]; };
layout(set = 0, binding = 4) buffer Slot1 { float S1[]; };
// the same buffers, four floats at a time
layout(set = 0, binding = 1) buffer Params4 { vec4 P4[]; };
layout(set = 0, binding = 2) readonly buffer Grads4 { vec4 G4[]; };
layout(set = 0, binding = 3) buffer Slot0_4 { vec4 S0_4[]; };
layout(set = 0, binding = 4) buffer Slot1_4 { vec4 S1_4[]; };
layout(push_constant) uniform Push { uint n; } p;
#ifdef TEXELS
// Built as update_cpu for a CPU implementation: the four buffers read through their RGBA texel
// views (engine/vk/vk.h), which lavapipe gathers for all lanes at once, where a storage-buffer
// read loops over them (writes stay storage-buffer writes: an image store loops too, once per
// component)
layout(set = 0, binding = 9) layout(rgba32f) readonly uniform imageBuffer P4t;
layout(set = 0, binding = 10) layout(rgba32f) readonly uniform imageBuffer G4t;
layout(set = 0, binding = 11) layout(rgba32f) readonly uniform imageBuffer S0t;
layout(set = 0, binding = 12) layout(rgba32f) readonly uniform imageBuffer S1t;
#define READ_P4(q) imageLoad(P4t, int(q))
#define READ_G4(q) imageLoad(G4t, int(q))
#define READ_S0(q) imageLoad(S0t, int(q))
#define READ_S1(q) imageLoad(S1t, int(q))
#else
#define READ_P4(q) P4[q]
#define READ_G4(q) G4[q]
#define READ_S0(q) S0_4[q]
#define READ_S1(q) S1_4[q]
#endif

// Adam on four parameters, as update_one's case OPT_ADAM
void adam4(uint q)
{
    vec4 g = READ_G4(q), s0 = READ_S0(q), s1 = READ_S1(q);
    vec4 m = s0 + (g - s0) * (1.0 - step.beta_1);
    vec4 v = s1 + (g * g - s1) * (1.0 - step.beta_2);
    S0_4[q] = m;
    S1_4[q] = v;
    P4[q] = READ_P4(q) - step.alpha * m / (sqrt(v) + step.eps);
}

void update_one(uint i);

void main()
{
    uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
    uint first = 0u; // the parameters left to update_one
    if (QUADS && step.opt == OPT_ADAM) {
        for (uint q = gl_GlobalInvocationID.x; q < p.n / 4u; q += stride)
            adam4(q);
        first = p.n / 4u * 4u;
    }
    for (uint i = first + gl_GlobalInvocationID.x; i < p.n; i += stride)
        update_one(i);
}

void update_one(uint i)
{
    {
        float g = G[i];
        switch (step.opt) {
        case OPT_SGD:
            if (step.has_momentum == 0u) {
                P[i] -= step.lr * g;
            } else {
                float v = step.mu * S0[i] - step.lr * g;
                S0[i] = v;
                P[i] += step.nesterov != 0u ? step.mu * v - step.lr * g : v;
            }
            break;
        case OPT_ADAM: {
            float m = S0[i] + (g - S0[i]) * (1.0 - step.beta_1);
            float v = S1[i] + (g * g - S1[i]) * (1.0 - step.beta_2);
            S0[i] = m;
            S1[i] = v;
            P[i] -= step.alpha * m / (sqrt(v) + step.eps);
            break;
        }
        case OPT_RMSPROP: {
            float s = step.rho * S0[i] + (1.0 - step.rho) * g * g;
            S0[i] = s;
            P[i] -= step.lr * g / sqrt(s + step.eps);
            break;
        }
        case OPT_ADAGRAD: {
            float s = S0[i] + g * g;
            S0[i] = s;
            P[i] -= step.lr * g / sqrt(s + step.eps);
            break;
        }
        }
    }
}
