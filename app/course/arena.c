/* arena.c — memory that lives as long as one reading (a lesson file, a Python script), taken in
 * 32 KiB chunks and freed at once (arena.h). */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

struct arena_chunk {
    arena_chunk *next;
    size_t used, cap;
    max_align_t data[]; /* aligned for anything stored here */
};

void *arena_alloc(arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (!a->head || a->head->used + n > a->head->cap) {
        size_t cap = n > 32768 ? n : 32768;
        arena_chunk *c = malloc(sizeof *c + cap);
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

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *d = arena_alloc(a, n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

void *arena_copy(arena *a, const void *src, size_t n)
{
    void *d = arena_alloc(a, n ? n : 1);
    if (d && n)
        memcpy(d, src, n);
    return d;
}

void arena_free(arena *a)
{
    while (a && a->head) {
        arena_chunk *c = a->head;
        a->head = c->next;
        free(c);
    }
}
