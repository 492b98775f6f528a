/* run_plots.h — `neurone run --plots`: one recognised figure drawn into a PNG (run_plots.c). */
#ifndef NEURONE_RUN_PLOTS_H
#define NEURONE_RUN_PLOTS_H

#include <stddef.h>

struct keras_figure;
/* 0, or -1 with err set (the fonts missing, memory, the file not written). */
int run_plots_draw(const struct keras_figure *f, const char *png, char *err, size_t n);

#endif
