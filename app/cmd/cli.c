/* cli.c — what the commands share. */
#include "cli.h"

#include <string.h>

int cli_asks_for_help(int argc, char **argv)
{
    return argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
}
