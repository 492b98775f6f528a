/* cli.h — the neurone program's commands. Each takes argv from its own name on (argv[0] is
 * "train", "compare", ...) and returns the process's exit status: 0, 1 on failure, 2 on a bad
 * argument. */
#ifndef NEURONE_CLI_H
#define NEURONE_CLI_H

int train_main(int argc, char **argv);
int bench_main(int argc, char **argv); /* neurone --bench: argv[0] is "--bench" (bench.c) */
int compare_main(int argc, char **argv);

#include <stddef.h>
#define COMPARE_MAX_CLASSES 16
typedef struct compare_score {
    char name[48];
    int failed, classes;
    double accuracy, precision, recall, f1, seconds;
    int cm[COMPARE_MAX_CLASSES * COMPARE_MAX_CLASSES]; /* (true, predicted) */
    int support[COMPARE_MAX_CLASSES];                  /* test rows per class */
} compare_score;
int compare_run(const char *data, const char *target, const char *scaler, unsigned seed,
                int epochs, const volatile int *cancel, compare_score *out, int max, char *msg,
                size_t msg_size);

/* The workbench: the window, or --screenshot / --frame-bench without one (app_main.c). argv[0]
 * is the program; its options start at argv[1]. Built when SDL2, SDL2_ttf and stb are found. */
int app_main(int argc, char **argv);

#endif
