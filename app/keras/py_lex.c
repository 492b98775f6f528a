/* py_lex.c — Python's tokens for the reader (py.h): names, numbers, strings with their escapes
 * and triple quotes, operators, comments, implicit line joining inside brackets and explicit
 * joining after a backslash. Text that is not Python becomes a T_ERR token with the reason. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "py.h"

/* ---- the arena ---------------------------------------------------------------------------------- */

void *py_alloc(py_arena *a, size_t size)
{
    /* the syntax tree's nodes rely on their unset fields being zero */
    void *p = arena_alloc(a, size);
    if (p)
        memset(p, 0, size);
    return p;
}

/* ---- the lexer's state -------------------------------------------------------------------------- */

typedef struct lexer {
    py_arena *a;
    const char *s;
    size_t len, i;
    int line, line_start; /* line_start: offset of the current line's first byte */
    int depth;            /* open brackets */
    int bol;              /* the next token starts a logical line */
    py_tok *toks;
    int n, cap;
} lexer;

static py_tok *push(lexer *L, int kind, size_t start)
{
    if (L->n == L->cap) {
        int cap = L->cap ? L->cap * 2 : 256;
        py_tok *t = py_alloc(L->a, (size_t)cap * sizeof *t);
        if (!t)
            return NULL;
        if (L->n)
            memcpy(t, L->toks, (size_t)L->n * sizeof *t);
        L->toks = t;
        L->cap = cap;
    }
    py_tok *t = &L->toks[L->n++];
    *t = (py_tok){ .kind = kind, .line = L->line, .col = (int)(start - (size_t)L->line_start) + 1 };
    if (kind != T_NEWLINE && L->bol) {
        t->bol = 1;
        t->indent = t->col - 1;
        L->bol = 0;
    }
    return t;
}

static void newline(lexer *L)
{
    L->line++;
    L->line_start = (int)L->i;
}

/* ---- strings ------------------------------------------------------------------------------------ */

static char escape(char c)
{
    switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case '0': return '\0';
    default: return c; /* \\ \' \" and the rest kept as Python keeps the character */
    }
}

/* At the opening quote; prefix r/b/f letters already passed (raw says whether escapes apply). */
static int lex_string(lexer *L, size_t start, int raw, int fstring)
{
    char q = L->s[L->i];
    int triple = L->i + 2 < L->len && L->s[L->i + 1] == q && L->s[L->i + 2] == q;
    int first_line = L->line, first_col = (int)(start - (size_t)L->line_start) + 1;
    L->i += triple ? 3 : 1;
    char *out = py_alloc(L->a, L->len - L->i + 1);
    size_t o = 0;
    if (!out)
        return -1;
    for (;;) {
        if (L->i >= L->len || (!triple && L->s[L->i] == '\n')) {
            py_tok *t = push(L, T_ERR, start);
            if (!t)
                return -1;
            t->line = first_line;
            t->col = first_col;
            t->text = TR("cette chaîne n'est pas fermée", "this string is not closed");
            return 0;
        }
        char c = L->s[L->i];
        if (c == q && (!triple || (L->i + 2 < L->len && L->s[L->i + 1] == q && L->s[L->i + 2] == q)))
            break;
        L->i++;
        if (c == '\\' && L->i < L->len) {
            char e = L->s[L->i++];
            if (e == '\n')
                newline(L);
            if (raw)
                out[o++] = '\\';
            if (e != '\n' || raw)
                out[o++] = raw ? e : escape(e);
            continue;
        }
        if (c == '\n')
            newline(L);
        out[o++] = c;
    }
    L->i += triple ? 3 : 1;
    out[o] = 0;
    py_tok *t = push(L, T_STR, start);
    if (!t)
        return -1;
    t->line = first_line;
    t->col = first_col;
    t->text = out;
    t->is_fstring = fstring;
    return 0;
}

/* ---- numbers, names, operators ------------------------------------------------------------------ */

static int lex_number(lexer *L, size_t start)
{
    const char *p = L->s + L->i;
    int is_int = 1;
    size_t k = 0;
    char buf[64];
    size_t b = 0;
    while (L->i + k < L->len) {
        char c = p[k];
        if (c == '_') { k++; continue; }
        if (isdigit((unsigned char)c) || c == '.' || c == 'e' || c == 'E' ||
            ((c == '+' || c == '-') && k > 0 && (p[k - 1] == 'e' || p[k - 1] == 'E'))) {
            if (c == '.' || c == 'e' || c == 'E')
                is_int = 0;
            if (b < sizeof buf - 1)
                buf[b++] = c;
            k++;
            continue;
        }
        break;
    }
    buf[b] = 0;
    L->i += k;
    char *end;
    double v = strtod(buf, &end);
    py_tok *t = push(L, *end || (L->i < L->len && (isalpha((unsigned char)L->s[L->i]))) ? T_ERR : T_NUM,
                     start);
    if (!t)
        return -1;
    if (t->kind == T_ERR) {
        t->text = TR("ce nombre n'est pas écrit comme Python écrit les nombres", "this number is not written as Python writes numbers");
        while (L->i < L->len && isalnum((unsigned char)L->s[L->i]))
            L->i++;
    }
    t->num = v;
    t->is_int = is_int;
    return 0;
}

static const char *const ops3[] = { "**=", "//=", ">>=", "<<=", "...", NULL };
static const char *const ops2[] = { "**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=",
                                    "->", ":=", "<<", ">>", "&=", "|=", "^=", "@=", NULL };

static int lex_op(lexer *L, size_t start)
{
    const char *p = L->s + L->i;
    size_t left = L->len - L->i, n = 0;
    for (int k = 0; ops3[k] && !n; k++)
        if (left >= 3 && memcmp(p, ops3[k], 3) == 0)
            n = 3;
    for (int k = 0; ops2[k] && !n; k++)
        if (left >= 2 && memcmp(p, ops2[k], 2) == 0)
            n = 2;
    if (!n && strchr("()[]{},:.;@=+-*/%<>&|^~", *p))
        n = 1;
    py_tok *t = push(L, n ? T_OP : T_ERR, start);
    if (!t)
        return -1;
    if (!n) {
        t->text = TR("ce caractère n'est pas du Python", "this character is not Python");
        L->i++;
        return 0;
    }
    t->text = py_strndup(L->a, p, n);
    if (*p == '(' || *p == '[' || *p == '{')
        L->depth++;
    else if ((*p == ')' || *p == ']' || *p == '}') && L->depth > 0)
        L->depth--;
    L->i += n;
    return t->text ? 0 : -1;
}

static int lex_word(lexer *L, size_t start)
{
    size_t k = L->i;
    while (k < L->len && (isalnum((unsigned char)L->s[k]) || L->s[k] == '_' || (unsigned char)L->s[k] >= 0x80))
        k++;
    /* string prefixes: r'..', b'..', f'..', rb'..' */
    if (k < L->len && (L->s[k] == '\'' || L->s[k] == '"') && k - L->i <= 2) {
        int raw = 0, ok = 1, f = 0;
        for (size_t j = L->i; j < k; j++) {
            char c = (char)tolower((unsigned char)L->s[j]);
            raw |= c == 'r';
            f |= c == 'f';
            ok &= c == 'r' || c == 'b' || c == 'f' || c == 'u';
        }
        if (ok) {
            L->i = k;
            return lex_string(L, start, raw, f);
        }
    }
    py_tok *t = push(L, T_NAME, start);
    if (!t)
        return -1;
    t->text = py_strndup(L->a, L->s + L->i, k - L->i);
    L->i = k;
    return t->text ? 0 : -1;
}

/* ---- the loop ----------------------------------------------------------------------------------- */

static int end_line(lexer *L)
{
    if (!L->bol && L->depth == 0 && !push(L, T_NEWLINE, L->i))
        return -1;
    if (L->depth == 0)
        L->bol = 1;
    return 0;
}

static int lex_one(lexer *L)
{
    char c = L->s[L->i];
    size_t start = L->i;
    if (c == '\n') {
        L->i++;
        if (end_line(L) < 0)
            return -1;
        newline(L);
        return 0;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
        L->i++;
        return 0;
    }
    if (c == '#') {
        while (L->i < L->len && L->s[L->i] != '\n')
            L->i++;
        return 0;
    }
    if (c == '\\' && L->i + 1 < L->len && (L->s[L->i + 1] == '\n' || L->s[L->i + 1] == '\r')) {
        L->i += L->s[L->i + 1] == '\r' ? 2 : 1;
        if (L->i < L->len && L->s[L->i] == '\n')
            L->i++;
        newline(L);
        return 0;
    }
    if (c == '\'' || c == '"')
        return lex_string(L, start, 0, 0);
    if (isdigit((unsigned char)c) || (c == '.' && L->i + 1 < L->len && isdigit((unsigned char)L->s[L->i + 1])))
        return lex_number(L, start);
    if (isalpha((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80)
        return lex_word(L, start);
    return lex_op(L, start);
}

py_tok *py_lex(py_arena *a, const char *src, size_t len, int *n)
{
    lexer L = { .a = a, .s = src, .len = len, .line = 1, .bol = 1 };
    while (L.i < L.len)
        if (lex_one(&L) < 0)
            return NULL;
    L.depth = 0;
    if (end_line(&L) < 0 || !push(&L, T_END, L.i))
        return NULL;
    *n = L.n;
    return L.toks;
}
