/* cli.c — what the commands share. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int cli_print_help(int argc, char **argv, const char *usage)
{
    if (argc < 2 || (strcmp(argv[1], "--help") != 0 && strcmp(argv[1], "-h") != 0))
        return 0;
    fputs(usage, stdout);
    return 1;
}
