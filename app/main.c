/* main.c — the neurone program: dispatches to its commands, or opens the workbench. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "lesson.h"
#include "lessonlib.h"
#include "nn_data.h"
#ifdef NEURONE_HAVE_APP
#include "run_plots.h"
#endif

/* The commands, by name: `neurone NAME ...` runs NAME's function with argv from NAME on.
 * A new command adds one line here and its declaration in cli.h. */
static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
} commands[] = {
    { "train", train_main, "train a model headless, with Keras's progress display (neurone train --help)" },
    { "run", run_main, "run a Keras script or notebook headless on the engine (neurone run --help)" },
    { "compare", compare_main, "an MLP against the classic classifiers on one split (neurone compare --help)" },
};

static void usage(FILE *out)
{
    fputs("usage: neurone [options]       the workbench (neurone --help-app for its options)\n"
          "       neurone COMMAND [options]\n", out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-9s  %s\n", commands[i].name, commands[i].help);
    fputs("  --bench    benchmark the engines, or grade a model (neurone --bench --help)\n", out);
    fputs("  --version  print the version\n", out);
    fputs("  --paths    print where the data, the lessons and the progress are looked for\n", out);
}

/* neurone --paths: what an installed program finds, for an instructor checking a lab machine and
 * for tests/install.sh (an install must not read the source tree). */
static int print_paths(void)
{
    char progress[4096];
    printf("data: %s\n", nn_data_dir());
    printf("lessons: %s\n", lesson_default_dir());
    if (lesson_progress_path(progress, sizeof progress) == 0)
        printf("progress: %s\n", progress);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        puts("neurone " NEURONE_VERSION);
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--paths") == 0)
        return print_paths();
    if (argc >= 2 && strcmp(argv[1], "--bench") == 0)
        return bench_main(argc - 1, argv + 1); /* headless: before anything opens a display */
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
#ifdef NEURONE_HAVE_APP
    run_plot_draw = run_plots_draw; /* neurone run --plots draws with the workbench's fonts */
#endif
    if (argc >= 2 && argv[1][0] != '-') {
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (strcmp(argv[1], commands[i].name) == 0)
                return commands[i].run(argc - 1, argv + 1);
        fprintf(stderr, "neurone: unknown command \"%s\"\n", argv[1]);
        usage(stderr);
        return 2;
    }
#ifdef NEURONE_HAVE_APP
    if (argc >= 2 && strcmp(argv[1], "--help-app") == 0) {
        char *help[] = { argv[0], "--help", NULL };
        return app_main(2, help);
    }
    return app_main(argc, argv);
#else
    fprintf(stderr, "neurone: this build has no workbench window (SDL2, SDL2_ttf or libstb-dev was missing "
                    "when it was built); the commands work: neurone train --help\n");
    return 2;
#endif
}
