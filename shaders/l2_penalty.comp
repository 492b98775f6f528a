#version 450
// l2_penalty.comp — the L1 and L2 regularizers' penalty l1·Σ|w| + x·Σw² over one kernel, on the
// weights before the step, into one float of the workspace: written by the first regularized layer, added to by the
// others, so that the host adds batch × penalty to the step's loss (engine/layers.c's
// model_l2_penalty). One workgroup: each thread sums a stride, thread 0 sums the threads' parts
// in order.
//   params: the n values of the kernel at w_off; out: one float at out_off.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 2) readonly buffer Params { float P[]; };
layout(set = 0, binding = 3) buffer Work { float W[]; };
layout(push_constant) uniform Push { uint w_off, n, out_off, accumulate; float factor, l1; } p;

shared float part[gl_WorkGroupSize.x], part1[gl_WorkGroupSize.x];

void main()
{
    uint t = gl_LocalInvocationID.x;
    float s = 0.0, s1 = 0.0; /* Σw², Σ|w| kept apart: without L1 the sum is the L2 one, bit for bit */
    for (uint i = t; i < p.n; i += gl_WorkGroupSize.x) {
        s += P[p.w_off + i] * P[p.w_off + i];
        s1 += abs(P[p.w_off + i]);
    }
    part[t] = s;
    part1[t] = s1;
    barrier();
    if (t == 0u) {
        float total = 0.0, total1 = 0.0;
        for (uint k = 0u; k < gl_WorkGroupSize.x; k++) {
            total += part[k];
            total1 += part1[k];
        }
        W[p.out_off] = p.factor * total + p.l1 * total1 + (p.accumulate != 0u ? W[p.out_off] : 0.0);
    }
}
