/* kinds_glsl.c — prints engine/kinds.h's enums as GLSL #defines, for shaders/common.glsl: built
 * for the build machine and run by shaders/meson.build, so that the shaders and the C engine share
 * one list of activations, losses, metrics and optimizers. Writes argv[1]. */
#include <stdio.h>

#include "../engine/kinds.h"

int main(int argc, char **argv)
{
    FILE *f = argc == 2 ? fopen(argv[1], "w") : NULL;
    if (!f) {
        fprintf(stderr, "usage: kinds_glsl OUTPUT.glsl\n");
        return 1;
    }
    fprintf(f, "// kinds.glsl — generated from engine/kinds.h by shaders/kinds_glsl.c: do not edit.\n");
#define NN_KIND_DEFINE(e, name) fprintf(f, "#define %s %uu\n", #e, (unsigned)(e));
    NN_ACTIVATIONS(NN_KIND_DEFINE)
    NN_LOSSES(NN_KIND_DEFINE)
    NN_METRICS(NN_KIND_DEFINE)
    NN_OPTIMIZERS(NN_KIND_DEFINE)
#undef NN_KIND_DEFINE
    fprintf(f, "#define ACT_COUNT %uu\n#define LOSS_COUNT %uu\n#define METRIC_COUNT %uu\n#define OPT_COUNT %uu\n",
            (unsigned)ACT_COUNT, (unsigned)LOSS_COUNT, (unsigned)METRIC_COUNT, (unsigned)OPT_COUNT);
    return fclose(f) == 0 ? 0 : 1;
}
