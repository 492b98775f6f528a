#version 450
// dropout.comp — Dropout's mask, forward (out = in ⊙ mask · scale) or on a gradient, in place
// (d = d ⊙ mask · scale). The mask is engine/cpu/ops.c's dropout_hash of (seed, layer, step, unit),
// the same integer arithmetic, so that both engines drop the very same units; the host records
// threshold 0 and scale 1 for a forward pass outside training, which makes it the identity.
//   in, out (batch, cols); unit i is row·cols + column.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(local_size_x_id = 0) in;
layout(set = 0, binding = 1) buffer Work { float W[]; };
layout(push_constant) uniform Push { uint cols, in_off, out_off, layer, threshold; float scale; } p;

// lowbias32, as mix32 in engine/cpu/ops.c
uint mix32(uint x)
{
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

uint dropout_hash(uint seed, uint layer, uint t, uint index)
{
    uint h = mix32(seed ^ 0x9e3779b9u);
    h = mix32(h ^ layer * 0x85ebca6bu);
    h = mix32(h ^ t * 0xc2b2ae35u);
    return mix32(h ^ index);
}

void main()
{
    uint n = step.batch * p.cols;
    uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
    for (uint i = gl_GlobalInvocationID.x; i < n; i += stride) {
        bool keep = (dropout_hash(step.seed, p.layer, step.dropout_step, i) >> 8) >= p.threshold;
        W[p.out_off + i] = keep ? W[p.in_off + i] * p.scale : 0.0;
    }
}
