/* py_parse.c — statements and expressions of the reader's Python subset (py.h). Each logical line
 * is parsed on its own: a line the parser does not understand, or a compound statement with its
 * indented body, becomes one S_SKIP with the reason, and parsing goes on at the next line. */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "lang.h"
#include "py.h"

typedef struct parser {
    py_arena *a;
    py_tok *t;
    int i, n;
    jmp_buf fail;       /* a statement the parser does not understand: back to parse_line */
    const char *why;    /* the reason, with where */
    py_stmt *out;
    int n_out, cap_out;
    py_tok *line_first;  /* the line being parsed */
    int line_end, n_before;
} parser;

static const char *const compound[] = { "def", "class", "for", "while", "if", "elif", "else", "with",
    "try", "except", "finally", "async", "match", "@", NULL };
static const char *const unsupported[] = { "return", "del", "pass", "break", "continue", "raise",
    "global", "nonlocal", "assert", "yield", "lambda", "await", NULL };

static int in_list(const char *s, const char *const *list)
{
    for (int k = 0; list[k]; k++)
        if (strcmp(s, list[k]) == 0)
            return 1;
    return 0;
}

static py_tok *peek(parser *P) { return &P->t[P->i]; }

static int is_op(parser *P, const char *op)
{
    py_tok *t = peek(P);
    return t->kind == T_OP && strcmp(t->text, op) == 0;
}

static int is_name(parser *P, const char *word)
{
    py_tok *t = peek(P);
    return t->kind == T_NAME && strcmp(t->text, word) == 0;
}

static _Noreturn void fail(parser *P, const char *what)
{
    py_tok *t = peek(P);
    char buf[200], place[40];
    /* a statement over several lines (inside brackets) names the line its fault is on */
    if (P->line_first && t->line != P->line_first->line)
        snprintf(place, sizeof place, TR("ligne %d, colonne %d", "line %d, column %d"), t->line, t->col);
    else
        snprintf(place, sizeof place, TR("colonne %d", "column %d"), t->col);
    snprintf(buf, sizeof buf, "%s: %s", place, t->kind == T_ERR ? t->text : what);
    P->why = py_strndup(P->a, buf, strlen(buf));
    longjmp(P->fail, 1);
}

static void *alloc(parser *P, size_t size)
{
    void *p = py_alloc(P->a, size);
    if (!p) {
        P->why = NULL;
        longjmp(P->fail, 2);
    }
    return p;
}

static void expect_op(parser *P, const char *op)
{
    if (!is_op(P, op)) {
        char buf[80];
        snprintf(buf, sizeof buf, "'%s' expected here", op);
        fail(P, py_strndup(P->a, buf, strlen(buf)));
    }
    P->i++;
}

static py_node *node(parser *P, int kind, py_tok *at)
{
    py_node *n = alloc(P, sizeof *n);
    n->kind = kind;
    n->line = at->line;
    n->col = at->col;
    return n;
}

static void add_item(parser *P, py_node *to, py_node *item)
{
    py_node **items = alloc(P, (size_t)(to->n_items + 1) * sizeof *items);
    if (to->n_items)
        memcpy(items, to->items, (size_t)to->n_items * sizeof *items);
    items[to->n_items++] = item;
    to->items = items;
}

/* ---- expressions -------------------------------------------------------------------------------- */

static py_node *expr(parser *P);

/* The items of a list, a tuple or a call up to the closing bracket; kw allowed in calls. */
static void items_until(parser *P, py_node *to, const char *close, int calls)
{
    while (!is_op(P, close)) {
        py_tok *t = peek(P);
        const char *kw = NULL;
        if (calls && t->kind == T_NAME && P->t[P->i + 1].kind == T_OP && strcmp(P->t[P->i + 1].text, "=") == 0) {
            kw = t->text;
            P->i += 2;
        }
        if (is_op(P, "*") || is_op(P, "**"))
            fail(P, TR("le lecteur n'exécute pas le dépaquetage avec *", "unpacking with * is not run by the reader"));
        py_node *item = expr(P);
        if (is_name(P, "for"))
            fail(P, TR("le lecteur n'exécute pas les compréhensions", "comprehensions are not run by the reader"));
        item->kw = kw;
        item->kw_line = t->line;
        item->kw_col = t->col;
        add_item(P, to, item);
        if (!is_op(P, ","))
            break;
        P->i++;
    }
    expect_op(P, close);
}

static py_node *atom(parser *P)
{
    py_tok *t = peek(P);
    py_node *n;
    if (t->kind == T_NAME) {
        if (in_list(t->text, unsupported) || strcmp(t->text, "not") == 0 || strcmp(t->text, "in") == 0)
            fail(P, TR("le lecteur n'exécute pas ce mot-clé", "this keyword is not run by the reader"));
        int c = !strcmp(t->text, "True") || !strcmp(t->text, "False") || !strcmp(t->text, "None");
        n = node(P, c ? N_CONST : N_NAME, t);
        n->name = t->text;
        P->i++;
        return n;
    }
    if (t->kind == T_NUM) {
        n = node(P, N_NUM, t);
        n->num = t->num;
        n->is_int = t->is_int;
        P->i++;
        return n;
    }
    if (t->kind == T_STR) {
        if (t->is_fstring)
            fail(P, TR("le lecteur n'exécute pas les f-strings", "f-strings are not run by the reader"));
        n = node(P, N_STR, t);
        n->name = t->text;
        P->i++;
        while (peek(P)->kind == T_STR) { /* 'a' 'b' is 'ab' */
            size_t l1 = strlen(n->name), l2 = strlen(peek(P)->text);
            char *s = alloc(P, l1 + l2 + 1);
            memcpy(s, n->name, l1);
            memcpy(s + l1, peek(P)->text, l2 + 1);
            n->name = s;
            if (peek(P)->is_fstring)
                fail(P, TR("le lecteur n'exécute pas les f-strings", "f-strings are not run by the reader"));
            P->i++;
        }
        return n;
    }
    if (is_op(P, "(") || is_op(P, "[")) {
        int list = is_op(P, "[");
        P->i++;
        n = node(P, list ? N_LIST : N_TUPLE, t);
        if (!list && !is_op(P, ")")) {
            py_node *first = expr(P);
            if (is_op(P, ")")) { /* (x) is x */
                P->i++;
                return first;
            }
            add_item(P, n, first);
            expect_op(P, ",");
        }
        items_until(P, n, list ? "]" : ")", 0);
        return n;
    }
    fail(P, t->kind == T_END || t->kind == T_NEWLINE ? "the line ends too soon" : "not understood by the reader");
}

static py_node *postfix(parser *P)
{
    py_node *n = atom(P);
    for (;;) {
        py_tok *t = peek(P);
        py_node *m;
        if (is_op(P, ".")) {
            P->i++;
            if (peek(P)->kind != T_NAME)
                fail(P, TR("un nom est attendu après '.'", "a name expected after '.'"));
            m = node(P, N_ATTR, peek(P));
            m->name = peek(P)->text;
            P->i++;
        } else if (is_op(P, "(")) {
            P->i++;
            m = node(P, N_CALL, t);
            items_until(P, m, ")", 1);
        } else if (is_op(P, "[")) {
            P->i++;
            m = node(P, N_SUBSCRIPT, t);
            m->b = expr(P);
            if (is_op(P, ",") || is_op(P, ":"))
                fail(P, TR("le lecteur n'exécute pas les tranches", "slices are not run by the reader"));
            expect_op(P, "]");
        } else {
            return n;
        }
        if (m->kind != N_ATTR) { /* a call or subscript is where its callee's expression starts */
            const py_node *b = n;
            while (b->kind == N_ATTR)
                b = b->a;
            m->line = b->line;
            m->col = b->col;
        }
        m->a = n;
        n = m;
    }
}

static py_node *unary(parser *P)
{
    if (is_op(P, "-") || is_op(P, "+")) {
        py_node *n = node(P, N_UNARY, peek(P));
        n->op[0] = peek(P)->text[0];
        P->i++;
        n->a = unary(P);
        return n;
    }
    py_node *n = postfix(P);
    if (is_op(P, "**")) {
        py_node *m = node(P, N_BINOP, peek(P));
        memcpy(m->op, "**", 3);
        P->i++;
        m->a = n;
        m->b = unary(P);
        return m;
    }
    return n;
}

static py_node *binary(parser *P, const char *const *ops, py_node *(*next)(parser *))
{
    py_node *n = next(P);
    for (;;) {
        int k = 0;
        while (ops[k] && !is_op(P, ops[k]))
            k++;
        if (!ops[k])
            return n;
        py_node *m = node(P, N_BINOP, peek(P));
        memcpy(m->op, ops[k], strlen(ops[k]) + 1);
        P->i++;
        m->a = n;
        m->b = next(P);
        n = m;
    }
}

static py_node *term(parser *P)
{
    static const char *const ops[] = { "*", "/", "//", "%", NULL };
    return binary(P, ops, unary);
}

static py_node *expr(parser *P)
{
    static const char *const ops[] = { "+", "-", NULL };
    py_node *n = binary(P, ops, term);
    py_tok *t = peek(P);
    if ((t->kind == T_OP && strchr("<>=!", t->text[0]) && strcmp(t->text, "=") != 0) ||
        (t->kind == T_NAME && (!strcmp(t->text, "if") || !strcmp(t->text, "and") || !strcmp(t->text, "or") ||
                               !strcmp(t->text, "in") || !strcmp(t->text, "is"))))
        fail(P, TR("le lecteur n'exécute pas les comparaisons et les conditions", "comparisons and conditions are not run by the reader"));
    return n;
}

/* a, b or (a, b), (c, d): a tuple without brackets when there is a comma */
static py_node *expr_list(parser *P)
{
    py_tok *t = peek(P);
    py_node *first = expr(P);
    if (!is_op(P, ","))
        return first;
    py_node *n = node(P, N_TUPLE, t);
    add_item(P, n, first);
    while (is_op(P, ",")) {
        P->i++;
        if (peek(P)->kind == T_NEWLINE || is_op(P, "="))
            break;
        add_item(P, n, expr(P));
    }
    return n;
}

/* ---- statements --------------------------------------------------------------------------------- */

static py_stmt *stmt(parser *P, int kind, py_tok *at)
{
    if (P->n_out == P->cap_out) {
        int cap = P->cap_out ? P->cap_out * 2 : 64;
        py_stmt *s = alloc(P, (size_t)cap * sizeof *s);
        if (P->n_out)
            memcpy(s, P->out, (size_t)P->n_out * sizeof *s);
        P->out = s;
        P->cap_out = cap;
    }
    py_stmt *s = &P->out[P->n_out++];
    *s = (py_stmt){ .kind = kind, .line = at->line, .col = at->col };
    return s;
}

/* a.b.c as a string */
static const char *dotted(parser *P)
{
    char buf[256] = "";
    size_t len = 0;
    for (;;) {
        py_tok *t = peek(P);
        if (t->kind != T_NAME)
            fail(P, TR("un nom de module est attendu", "a module name expected"));
        int w = snprintf(buf + len, sizeof buf - len, "%s%s", len ? "." : "", t->text);
        if (w < 0 || (size_t)w >= sizeof buf - len)
            fail(P, TR("ce nom de module est trop long", "this module name is too long"));
        len += (size_t)w;
        P->i++;
        if (!is_op(P, "."))
            return py_strndup(P->a, buf, len);
        P->i++;
    }
}

static const char *alias(parser *P)
{
    if (!is_name(P, "as"))
        return NULL;
    P->i++;
    if (peek(P)->kind != T_NAME)
        fail(P, TR("un nom est attendu après 'as'", "a name expected after 'as'"));
    const char *name = peek(P)->text;
    P->i++;
    return name;
}

static void import_stmt(parser *P, py_tok *at)
{
    P->i++;
    do {
        if (is_op(P, ","))
            P->i++;
        py_stmt *s = stmt(P, S_IMPORT, at);
        s->module = dotted(P);
        s->alias = alias(P);
    } while (is_op(P, ","));
}

static void from_stmt(parser *P, py_tok *at)
{
    P->i++;
    const char *module = dotted(P);
    if (!is_name(P, "import"))
        fail(P, "'import' expected");
    P->i++;
    int paren = is_op(P, "(");
    if (paren)
        P->i++;
    if (is_op(P, "*"))
        fail(P, TR("le lecteur n'exécute pas import * : nommez ce que vous importez", "import * is not run by the reader: name what you import"));
    do {
        if (is_op(P, ","))
            P->i++;
        if (paren && is_op(P, ")"))
            break;
        if (peek(P)->kind != T_NAME)
            fail(P, TR("un nom est attendu", "a name expected"));
        py_stmt *s = stmt(P, S_FROM, at);
        s->module = module;
        s->name = peek(P)->text;
        P->i++;
        s->alias = alias(P);
    } while (is_op(P, ","));
    if (paren)
        expect_op(P, ")");
}

static void simple_stmt(parser *P)
{
    py_tok *t = peek(P);
    if (t->kind == T_NAME && in_list(t->text, unsupported))
        fail(P, TR("le lecteur n'exécute pas cette instruction", "this statement is not run by the reader"));
    if (is_name(P, "import")) {
        import_stmt(P, t);
        return;
    }
    if (is_name(P, "from")) {
        from_stmt(P, t);
        return;
    }
    py_node *left = expr_list(P);
    if (is_op(P, "=")) {
        P->i++;
        py_stmt *s = stmt(P, S_ASSIGN, t);
        s->target = left;
        s->value = expr_list(P);
        if (is_op(P, "="))
            fail(P, TR("le lecteur n'exécute pas les affectations en chaîne a = b = c", "chained assignments a = b = c are not run by the reader"));
        return;
    }
    if (peek(P)->kind == T_OP && strlen(peek(P)->text) >= 2 && peek(P)->text[strlen(peek(P)->text) - 1] == '=')
        fail(P, TR("le lecteur n'exécute pas les affectations augmentées (+=, ...)", "augmented assignments (+=, ...) are not run by the reader"));
    stmt(P, S_EXPR, t)->value = left;
}

/* The end of the logical line that starts at i, past its NEWLINE. */
static int line_end(parser *P, int i)
{
    while (P->t[i].kind != T_NEWLINE && P->t[i].kind != T_END)
        i++;
    return P->t[i].kind == T_NEWLINE ? i + 1 : i;
}

static void skip(parser *P, py_tok *at, const char *why)
{
    stmt(P, S_SKIP, at)->reason = why;
}

/* The statements of a simple line, separated by ';'; on a failure, one S_SKIP for the line. The
 * line's bounds are in P, not in locals, which longjmp could clobber. */
static void simple_line(parser *P)
{
    int r = setjmp(P->fail);
    if (r == 2)
        return;
    if (r == 1) {
        P->n_out = P->n_before; /* the line's statements, all or none */
        skip(P, P->line_first, P->why);
        P->i = P->line_end;
        return;
    }
    for (;;) {
        simple_stmt(P);
        if (is_op(P, ";") && P->t[P->i + 1].kind != T_NEWLINE && P->t[P->i + 1].kind != T_END) {
            P->i++;
            continue;
        }
        if (is_op(P, ";"))
            P->i++;
        if (peek(P)->kind != T_NEWLINE && peek(P)->kind != T_END)
            fail(P, TR("l'instruction devrait finir ici", "the statement should end here"));
        break;
    }
    P->i = P->line_end;
}

/* One logical line (or a compound statement with its body): its statements, separated by ';'. */
static void parse_line(parser *P)
{
    py_tok *first = peek(P);
    int end = line_end(P, P->i), n_before = P->n_out;
    if (first->indent > 0) { /* indented lines outside any block we read: one note for the run */
        skip(P, first, TR("indenté alors qu'aucun bloc n'est ouvert", "indented where no block was opened"));
        P->i = end;
        while (P->t[P->i].kind != T_END && P->t[P->i].indent > 0)
            P->i = line_end(P, P->i);
        return;
    }
    if ((first->kind == T_NAME || first->kind == T_OP) && in_list(first->text, compound)) {
        char buf[120];
        snprintf(buf, sizeof buf, "'%s' blocks are not run by the reader", first->text);
        skip(P, first, py_strndup(P->a, buf, strlen(buf)));
        P->i = end;
        while (P->t[P->i].kind != T_END && (P->t[P->i].indent > first->indent ||
               (P->t[P->i].kind == T_NAME && in_list(P->t[P->i].text, compound) &&
                (!strcmp(P->t[P->i].text, "else") || !strcmp(P->t[P->i].text, "elif") ||
                 !strcmp(P->t[P->i].text, "except") || !strcmp(P->t[P->i].text, "finally")))))
            P->i = line_end(P, P->i);
        return;
    }
    P->line_first = first;
    P->line_end = end;
    P->n_before = n_before;
    simple_line(P);
}

py_stmt *py_parse(py_arena *a, const char *src, size_t len, int *n)
{
    int n_tok;
    parser P = { .a = a };
    P.t = py_lex(a, src, len, &n_tok);
    if (!P.t)
        return NULL;
    P.n = n_tok;
    while (peek(&P)->kind != T_END) {
        int before = P.i;
        if (peek(&P)->kind == T_NEWLINE) {
            P.i++;
            continue;
        }
        parse_line(&P);
        if (P.i == before) /* out of memory in parse_line */
            return NULL;
    }
    if (!P.out && !(P.out = py_alloc(a, sizeof *P.out)))
        return NULL;
    *n = P.n_out;
    return P.out;
}
