#version 450
// softmax_backward.comp — the softmax Jacobian-vector product per row, in place:
//   dz_i = a_i (da_i - Σ_j a_j da_j).   d (batch, cols) holds da and receives dz; a (batch, cols).
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 1) buffer Work { float W[]; };
layout(push_constant) uniform Push { uint cols, d_off, a_off; } p;

void main()
{
    uint r = gl_GlobalInvocationID.x;
    if (r >= step.batch)
        return;
    uint d = p.d_off + r * p.cols, a = p.a_off + r * p.cols;
    float dot = 0.0;
    for (uint c = 0u; c < p.cols; c++)
        dot += W[a + c] * W[d + c];
    for (uint c = 0u; c < p.cols; c++)
        W[d + c] = W[a + c] * (W[d + c] - dot);
}
