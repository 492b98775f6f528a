/* main.c — the neurone program: dispatches to its commands. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char *usage =
    "usage: neurone COMMAND [options]\n"
    "  train      train a model headless, with Keras's progress display (neurone train --help)\n"
    "  --version  print the version\n";

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        puts("neurone " NEURONE_VERSION);
        return 0;
    }
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "train") == 0)
        return train_main(argc - 1, argv + 1);
    if (argc < 2)
        fprintf(stderr, "neurone: a command is needed\n%s", usage);
    else
        fprintf(stderr, "neurone: unknown command \"%s\"\n%s", argv[1], usage);
    return 2;
}
