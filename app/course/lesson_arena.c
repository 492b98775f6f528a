/* lesson_arena.c — the parser's memory: an arena that a lesson lives in, freed at once, growing
 * arrays for what is being gathered, and messages appended to a caller's buffer. */
#include "lesson_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lesson_chunk {
    lesson_chunk *next;
    size_t used, cap;
    max_align_t data[]; /* aligned for anything stored here */
};

void *lesson_arena_alloc(lesson_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (!a->head || a->head->used + n > a->head->cap) {
        size_t cap = n > 32768 ? n : 32768;
        lesson_chunk *c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->next = a->head;
        c->used = 0;
        c->cap = cap;
        a->head = c;
    }
    void *p = (char *)a->head->data + a->head->used;
    a->head->used += n;
    return p;
}

char *lesson_arena_strndup(lesson_arena *a, const char *s, size_t n)
{
    char *d = lesson_arena_alloc(a, n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

void *lesson_arena_copy(lesson_arena *a, const void *src, size_t n)
{
    void *d = lesson_arena_alloc(a, n ? n : 1);
    if (d && n)
        memcpy(d, src, n);
    return d;
}

void lesson_arena_free(lesson_arena *a)
{
    while (a && a->head) {
        lesson_chunk *c = a->head;
        a->head = c->next;
        free(c);
    }
}

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
