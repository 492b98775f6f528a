/* lesson_arena.c — the parser's growing arrays for what is being gathered, and messages appended
 * to a caller's buffer; its arena is arena.h's. */
#include "lesson_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Grows *v (elements of size bytes) so that one more fits; 0, or -1 out of memory. */
int lesson_grow(void *v, int *cap, int n, size_t size)
{
    if (n < *cap)
        return 0;
    int nc = *cap ? *cap * 2 : 16;
    void *p = realloc(*(void **)v, (size_t)nc * size);
    if (!p)
        return -1;
    *(void **)v = p;
    *cap = nc;
    return 0;
}

/* ---- messages ----------------------------------------------------------------------------------- */

/* Appends a line to err (size n), keeping it NUL-terminated however long the messages grow. */
static void append_line(char *err, size_t n, const char *fmt, va_list ap)
{
    if (!err || n == 0)
        return;
    size_t used = strnlen(err, n - 1);
    if (used + 2 >= n)
        return;
    int w = vsnprintf(err + used, n - used - 1, fmt, ap);
    if (w < 0)
        return;
    used += (size_t)w < n - used - 1 ? (size_t)w : n - used - 2;
    err[used] = '\n';
    err[used + 1] = 0;
}

void lesson_append_msg(char *err, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    append_line(err, n, fmt, ap);
    va_end(ap);
}

void lesson_perr(parser *p, int line, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    lesson_append_msg(p->err, p->errn, "%s:%d: %s", p->path, line, msg);
    p->errors++;
}
