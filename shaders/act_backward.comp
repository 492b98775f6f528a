#version 450
// act_backward.comp — dz = da ⊙ f'(z), in place, for an elementwise activation whose gradient
// could not be fused into the matrix product before it (a Flatten sits between two Dense layers).
//   d (batch, cols) holds da and receives dz; z, a (batch, cols).
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 1) buffer Work { float W[]; };
layout(push_constant) uniform Push { uint cols, act, d_off, z_off, a_off; } p;

void main()
{
    uint n = step.batch * p.cols;
    uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
    for (uint i = gl_GlobalInvocationID.x; i < n; i += stride)
        W[p.d_off + i] = act_grad(p.act, W[p.d_off + i], W[p.z_off + i], W[p.a_off + i]);
}
