/* arena.h — memory that lives as long as one reading: the lesson file parser's (lesson_parse.h) and
 * the Keras reader's (app/keras/py.h). Blocks are 16-byte aligned, never freed one by one;
 * arena_free releases them all. Zero-initialise an arena before its first use. */
#ifndef NEURONE_ARENA_H
#define NEURONE_ARENA_H

#include <stddef.h>

typedef struct arena_chunk arena_chunk;
typedef struct arena { arena_chunk *head; } arena;

/* n bytes, not cleared; NULL only when memory runs out. */
void *arena_alloc(arena *a, size_t n);
/* s[0..n) and a NUL. */
char *arena_strndup(arena *a, const char *s, size_t n);
/* a copy of src[0..n) (one byte when n is 0, so that the result is never NULL but out of memory). */
void *arena_copy(arena *a, const void *src, size_t n);
void arena_free(arena *a);

#endif
