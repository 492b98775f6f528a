#version 450
// bias_grad.comp — dbias = Σ_rows dout, one thread per column summing the rows in order: the
// same order as the CPU engine, so the result is deterministic, with no atomics.
//   dout (batch, cols) in binding 1; dbias (cols) in binding 2.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 1) readonly buffer Work { float W[]; };
layout(set = 0, binding = 2) buffer Grads { float G[]; };
layout(push_constant) uniform Push { uint cols, d_off, out_off; } p;

void main()
{
    uint c = gl_GlobalInvocationID.x;
    if (c >= p.cols)
        return;
    float s = 0.0;
    for (uint r = 0u; r < step.batch; r++)
        s += W[p.d_off + r * p.cols + c];
    G[p.out_off + c] = s;
}
