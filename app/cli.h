/* cli.h — the neurone program's commands. Each takes argv from its own name on (argv[0] is
 * "train", "compare", ...) and returns the process's exit status: 0, 1 on failure, 2 on a bad
 * argument. */
#ifndef NEURONE_CLI_H
#define NEURONE_CLI_H

int train_main(int argc, char **argv);

#endif
