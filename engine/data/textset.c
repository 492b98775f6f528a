/* textset.c — the distinct texts of a column: a string arena with an open-addressing hash table
 * over it. A loader streams millions of cells through it, so a lookup must not allocate. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "data.h"

/* FNV-1a: short strings, no adversary; good enough to spread category names. */
static unsigned hash_text(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Doubles the hash table and puts every id back; the table stays at most half full. */
static int grow_slots(text_set *set)
{
    int slots = set->slots ? set->slots * 2 : 64;
    int *slot = calloc((size_t)slots, sizeof *slot);
    if (!slot)
        return nn_fail("out of memory");
    for (int id = 0; id < set->count; id++) {
        unsigned i = hash_text(set->text + set->at[id]) & (unsigned)(slots - 1);
        while (slot[i])
            i = (i + 1) & (unsigned)(slots - 1);
        slot[i] = id + 1;
    }
    free(set->slot);
    set->slot = slot;
    set->slots = slots;
    return 0;
}

static int grow_entries(text_set *set)
{
    if (set->cap > INT32_MAX / 2)
        return nn_fail("too many distinct texts");
    int cap = set->cap ? set->cap * 2 : 16;
    size_t *at = realloc(set->at, (size_t)cap * sizeof *at);
    if (at)
        set->at = at;
    long *rows = realloc(set->rows, (size_t)cap * sizeof *rows);
    if (rows)
        set->rows = rows;
    long *first = realloc(set->first, (size_t)cap * sizeof *first);
    if (first)
        set->first = first;
    if (!at || !rows || !first)
        return nn_fail("out of memory");
    set->cap = cap;
    return 0;
}

static int keep_text(text_set *set, const char *s, size_t len)
{
    if (set->text_len + len > set->text_cap) {
        size_t cap = set->text_cap ? set->text_cap : 1024;
        while (cap < set->text_len + len)
            cap *= 2;
        char *text = realloc(set->text, cap);
        if (!text)
            return nn_fail("out of memory");
        set->text = text;
        set->text_cap = cap;
    }
    memcpy(set->text + set->text_len, s, len);
    set->text_len += len;
    return 0;
}

int text_set_add(text_set *set, const char *s, long row)
{
    if ((set->count + 1) * 2 > set->slots && grow_slots(set) < 0)
        return -1;
    unsigned mask = (unsigned)(set->slots - 1);
    unsigned i = hash_text(s) & mask;
    for (; set->slot[i]; i = (i + 1) & mask) {
        int id = set->slot[i] - 1;
        if (strcmp(set->text + set->at[id], s) == 0) {
            set->rows[id]++;
            return id;
        }
    }
    if (set->count == set->cap && grow_entries(set) < 0)
        return -1;
    size_t at = set->text_len;
    if (keep_text(set, s, strlen(s) + 1) < 0)
        return -1;
    int id = set->count++;
    set->at[id] = at;
    set->rows[id] = 1;
    set->first[id] = row;
    set->slot[i] = id + 1;
    return id;
}

const char *text_set_get(const text_set *set, int id)
{
    return set->text + set->at[id];
}

void text_set_free(text_set *set)
{
    free(set->text);
    free(set->at);
    free(set->rows);
    free(set->first);
    free(set->slot);
    memset(set, 0, sizeof *set);
}
