/* cli.h — the neurone program's commands. Each takes argv from its own name on (argv[0] is
 * "train", "compare", ...) and returns the process's exit status: 0, 1 on failure, 2 on a bad
 * argument. */
#ifndef NEURONE_CLI_H
#define NEURONE_CLI_H

#include <stddef.h>

int train_main(int argc, char **argv);
int bench_main(int argc, char **argv); /* neurone --bench: argv[0] is "--bench" (bench.c) */
int compare_main(int argc, char **argv);
int run_main(int argc, char **argv);    /* neurone run FILE.py|FILE.ipynb (run.c) */
/* neurone run --plots draws each figure with this (app/run_plots.c, set by main.c when the build
 * has the workbench's fonts and raster); NULL: this build cannot draw. 0, or -1 with err set. */
struct keras_figure;
extern int (*run_plot_draw)(const struct keras_figure *f, const char *png, char *err, size_t n);
/* A command's first argument asks for its usage (--help or -h): prints usage on stdout and
 * returns 1; else 0. */
int cli_print_help(int argc, char **argv, const char *usage);


/* The workbench: the window, or --screenshot / --frame-bench without one (app_main.c). argv[0]
 * is the program; its options start at argv[1]. Built when SDL2, SDL2_ttf and stb are found. */
int app_main(int argc, char **argv);

#endif
