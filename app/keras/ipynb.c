/* ipynb.c — the notebook's code cells (ipynb.h): a JSON reader that walks the document once, keeps
 * the "cells" array's types and sources and skips every other value. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipynb.h"

#define MAX_DEPTH 64

typedef struct json {
    const char *s;
    size_t len, i;
    char *err;
    size_t err_size;
    int failed;
} json;

typedef struct text { char *s; size_t n, cap; } text;

static int fail(json *j, const char *fmt, ...)
{
    if (j->failed)
        return -1;
    int line = 1;
    for (size_t k = 0; k < j->i && k < j->len; k++)
        line += j->s[k] == '\n';
    int w = snprintf(j->err, j->err_size, "line %d: ", line);
    va_list ap;
    va_start(ap, fmt);
    if (w >= 0 && (size_t)w < j->err_size)
        vsnprintf(j->err + w, j->err_size - (size_t)w, fmt, ap);
    va_end(ap);
    j->failed = 1;
    return -1;
}

static int put(text *t, const char *s, size_t n)
{
    if (t->n + n + 1 > t->cap) {
        size_t cap = (t->n + n + 1) * 2;
        char *b = realloc(t->s, cap);
        if (!b)
            return -1;
        t->s = b;
        t->cap = cap;
    }
    memcpy(t->s + t->n, s, n);
    t->n += n;
    t->s[t->n] = 0;
    return 0;
}

static void ws(json *j)
{
    while (j->i < j->len && strchr(" \t\r\n", j->s[j->i]))
        j->i++;
}

static int hex4(json *j, unsigned *out)
{
    *out = 0;
    for (int k = 0; k < 4; k++, j->i++) {
        char c = j->i < j->len ? j->s[j->i] : 0;
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return fail(j, "\\u needs four hexadecimal digits");
        *out = *out * 16 + (unsigned)d;
    }
    return 0;
}

static int put_utf8(text *t, unsigned c)
{
    char b[4];
    size_t n;
    if (c < 0x80) { b[0] = (char)c; n = 1; }
    else if (c < 0x800) { b[0] = (char)(0xC0 | c >> 6); b[1] = (char)(0x80 | (c & 63)); n = 2; }
    else if (c < 0x10000) { b[0] = (char)(0xE0 | c >> 12); b[1] = (char)(0x80 | (c >> 6 & 63)); b[2] = (char)(0x80 | (c & 63)); n = 3; }
    else { b[0] = (char)(0xF0 | c >> 18); b[1] = (char)(0x80 | (c >> 12 & 63)); b[2] = (char)(0x80 | (c >> 6 & 63)); b[3] = (char)(0x80 | (c & 63)); n = 4; }
    return put(t, b, n);
}

/* A string at j->i; appended to t when t is not NULL. */
static int string(json *j, text *t)
{
    if (j->i >= j->len || j->s[j->i] != '"')
        return fail(j, "a string expected");
    j->i++;
    for (;;) {
        if (j->i >= j->len)
            return fail(j, "a string is not closed");
        char c = j->s[j->i++];
        if (c == '"')
            return 0;
        if (c != '\\') {
            if (t && put(t, &c, 1) < 0)
                return fail(j, "out of memory");
            continue;
        }
        char e = j->i < j->len ? j->s[j->i++] : 0;
        const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
        const char *p = e ? strchr(from, e) : NULL;
        unsigned u = 0;
        if (p) {
            if (t && put(t, to + (p - from), 1) < 0)
                return fail(j, "out of memory");
            continue;
        }
        if (e != 'u' || hex4(j, &u) < 0)
            return fail(j, "bad escape in a string");
        if (u >= 0xD800 && u < 0xDC00 && j->i + 1 < j->len && j->s[j->i] == '\\' && j->s[j->i + 1] == 'u') {
            unsigned lo;
            j->i += 2;
            if (hex4(j, &lo) < 0)
                return -1;
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        }
        if (t && put_utf8(t, u) < 0)
            return fail(j, "out of memory");
    }
}

static int value(json *j, int depth);

/* { "key": value, ... } or [ value, ... ]; each member handed to member() or skipped */
static int members(json *j, int depth, int object, int (*member)(json *, const char *key, void *), void *user)
{
    char close = object ? '}' : ']';
    j->i++;
    ws(j);
    if (j->i < j->len && j->s[j->i] == close) {
        j->i++;
        return 0;
    }
    for (;;) {
        text key = { 0 };
        ws(j);
        if (object) {
            if (string(j, &key) < 0)
                return free(key.s), -1;
            ws(j);
            if (j->i >= j->len || j->s[j->i++] != ':')
                return free(key.s), fail(j, "':' expected");
            ws(j);
        }
        int rc = member ? member(j, key.s ? key.s : "", user) : value(j, depth + 1);
        free(key.s);
        if (rc < 0)
            return -1;
        ws(j);
        char c = j->i < j->len ? j->s[j->i++] : 0;
        if (c == close)
            return 0;
        if (c != ',')
            return fail(j, "',' or '%c' expected", close);
    }
}

static int value(json *j, int depth)
{
    ws(j);
    if (depth > MAX_DEPTH)
        return fail(j, "nested too deeply");
    if (j->i >= j->len)
        return fail(j, "the document ends too soon");
    char c = j->s[j->i];
    if (c == '{' || c == '[')
        return members(j, depth, c == '{', NULL, NULL);
    if (c == '"')
        return string(j, NULL);
    size_t k = j->i;
    while (k < j->len && strchr("+-.0123456789eEtruefalsn", j->s[k]))
        k++;
    if (k == j->i)
        return fail(j, "a value expected");
    j->i = k;
    return 0;
}

/* ---- the cells ---------------------------------------------------------------------------------- */

typedef struct cell_read { text type, source; int is_code; ipynb *nb; } cell_read;

static int source_part(json *j, const char *key, void *user)
{
    return string(j, &((cell_read *)user)->source);
}

static int cell_member(json *j, const char *key, void *user)
{
    cell_read *c = user;
    ws(j);
    if (strcmp(key, "cell_type") == 0)
        return string(j, &c->type);
    if (strcmp(key, "source") != 0)
        return value(j, 3);
    if (j->i < j->len && j->s[j->i] == '[')
        return members(j, 3, 0, source_part, c);
    return string(j, &c->source);
}

/* shell and magic lines become blank: the cell's line numbers stay those of the notebook */
static void blank_shell_lines(char *s)
{
    for (char *line = s; *line;) {
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        char *end = strchr(line, '\n');
        if (*p == '!' || *p == '%')
            for (char *q = line; q < (end ? end : line + strlen(line)); q++)
                *q = ' ';
        if (!end)
            break;
        line = end + 1;
    }
}

static int one_cell(json *j, const char *key, void *user)
{
    ipynb *nb = user;
    cell_read c = { 0 };
    ws(j);
    if (j->i >= j->len || j->s[j->i] != '{')
        return fail(j, "a cell is an object");
    int rc = members(j, 2, 1, cell_member, &c);
    if (rc == 0 && c.type.s && strcmp(c.type.s, "code") == 0) {
        ipynb_cell *cells = realloc(nb->cells, (size_t)(nb->n_cells + 1) * sizeof *cells);
        if (!cells || (!c.source.s && put(&c.source, "", 0) < 0)) {
            if (cells)
                nb->cells = cells;
            rc = fail(j, "out of memory");
        } else {
            nb->cells = cells;
            blank_shell_lines(c.source.s);
            cells[nb->n_cells] = (ipynb_cell){ .number = nb->n_cells + 1, .source = c.source.s };
            nb->n_cells++;
            c.source.s = NULL;
        }
    }
    free(c.type.s);
    free(c.source.s);
    return rc;
}

static int top_member(json *j, const char *key, void *user)
{
    ws(j);
    if (strcmp(key, "cells") != 0)
        return value(j, 1);
    if (j->i >= j->len || j->s[j->i] != '[')
        return fail(j, "\"cells\" is a list");
    return members(j, 1, 0, one_cell, user);
}

int ipynb_read(ipynb *nb, const char *text_, size_t len, char *err, size_t err_size)
{
    json j = { .s = text_, .len = len, .err = err, .err_size = err_size };
    *nb = (ipynb){ 0 };
    ws(&j);
    if (j.i >= j.len || j.s[j.i] != '{')
        return fail(&j, "a notebook is a JSON object");
    if (members(&j, 0, 1, top_member, nb) < 0) {
        ipynb_free(nb);
        return -1;
    }
    return 0;
}

void ipynb_free(ipynb *nb)
{
    for (int i = 0; i < nb->n_cells; i++)
        free(nb->cells[i].source);
    free(nb->cells);
    *nb = (ipynb){ 0 };
}
