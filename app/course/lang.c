/* lang.c — which of the two languages the app speaks. */
#include "lang.h"

#include <stdlib.h>
#include <string.h>

static int current = LANG_FR;

int lang_current(void)
{
    return current;
}

void lang_set(int lang)
{
    current = lang == LANG_EN ? LANG_EN : LANG_FR;
}

char *lang_decimals(char *s)
{
    if (!s || current != LANG_FR)
        return s;
    for (char *p = s; *p; p++)
        if (*p == '.' && p > s && p[-1] >= '0' && p[-1] <= '9' && p[1] >= '0' && p[1] <= '9')
            *p = ',';
    return s;
}

int lang_from_env(void)
{
    /* POSIX's order of precedence for messages */
    static const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncmp(v, "en", 2) == 0 ? LANG_EN : LANG_FR;
    }
    return LANG_FR;
}
