#version 450
// l2_penalty.comp — an L2 regularizer's penalty x·Σw² over one kernel, on the weights before the
// step, into one float of the workspace: written by the first regularized layer, added to by the
// others, so that the host adds batch × penalty to the step's loss (engine/layers.c's
// model_l2_penalty). One workgroup: each thread sums a stride, thread 0 sums the threads' parts
// in order.
//   params: the n values of the kernel at w_off; out: one float at out_off.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 2) readonly buffer Params { float P[]; };
layout(set = 0, binding = 3) buffer Work { float W[]; };
layout(push_constant) uniform Push { uint w_off, n, out_off, accumulate; float factor; } p;

shared float part[gl_WorkGroupSize.x];

void main()
{
    uint t = gl_LocalInvocationID.x;
    float s = 0.0;
    for (uint i = t; i < p.n; i += gl_WorkGroupSize.x)
        s += P[p.w_off + i] * P[p.w_off + i];
    part[t] = s;
    barrier();
    if (t == 0u) {
        float total = 0.0;
        for (uint k = 0u; k < gl_WorkGroupSize.x; k++)
            total += part[k];
        W[p.out_off] = p.factor * total + (p.accumulate != 0u ? W[p.out_off] : 0.0);
    }
}
