#version 450
// l2_grad.comp — the L1 and L2 regularizers' share of one kernel's gradient:
// g += l1·sign(w) + 2x·w (sign(0) = 0), as model_l2_gradient in engine/layers.c, before the
// optimizer's update reads g.
//   param, grad: the n values of the kernel at off.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 1) readonly buffer Params { float P[]; };
layout(set = 0, binding = 2) buffer Grads { float G[]; };
layout(push_constant) uniform Push { uint off, n; float twice, l1; } p;

void main()
{
    uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
    for (uint i = gl_GlobalInvocationID.x; i < p.n; i += stride)
        G[p.off + i] += p.twice * P[p.off + i] + p.l1 * sign(P[p.off + i]);
}
