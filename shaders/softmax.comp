#version 450
// softmax.comp — a = softmax(z) per row, the max subtracted first so that exp() stays finite and
// the sum is at least 1. One thread per row: the rows are short (a layer's units) and independent.
//   z, a (batch, cols); a may alias z.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 1) buffer Work { float W[]; };
layout(push_constant) uniform Push { uint cols, z_off, a_off; } p;

void main()
{
    uint r = gl_GlobalInvocationID.x;
    if (r >= step.batch)
        return;
    uint z = p.z_off + r * p.cols, a = p.a_off + r * p.cols;
    float mx = W[z];
    for (uint c = 1u; c < p.cols; c++)
        mx = max(mx, W[z + c]);
    float sum = 0.0;
    for (uint c = 0u; c < p.cols; c++) {
        float e = exp(W[z + c] - mx);
        W[a + c] = e;
        sum += e;
    }
    float inv = 1.0 / sum;
    for (uint c = 0u; c < p.cols; c++)
        W[a + c] *= inv;
}
