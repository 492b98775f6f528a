/* py.h — a reader for the part of Python that the course's Keras code uses: tokens, a small
 * syntax tree of statements, and the arena that owns them all. No Python at run time.
 *
 * Nothing here fails on strange input: text that is not Python becomes a T_ERR token, and a
 * statement the parser does not run becomes a PY_SKIP statement with the reason, so that a whole
 * notebook can be read and the parts it cannot run reported one line each. */
#ifndef NEURONE_PY_H
#define NEURONE_PY_H

#include <stddef.h>

#include "arena.h"

/* ---- the arena: every token, node and string of one reading, freed at once (course's arena.h) --- */

typedef arena py_arena;

void *py_alloc(py_arena *a, size_t size);               /* zeroed; NULL only when memory runs out */
#define py_strndup arena_strndup
#define py_arena_free arena_free

/* ---- tokens ----------------------------------------------------------------------------------- */

enum py_tok_kind { T_END, T_NEWLINE, T_NAME, T_NUM, T_STR, T_OP, T_ERR };

typedef struct py_tok {
    int kind;
    int line, col;     /* 1-based, where the token starts */
    int bol;           /* 1 on the first token of a logical line */
    int indent;        /* for bol tokens: the line's indentation in columns */
    const char *text;  /* T_NAME, T_OP: the text; T_STR: the decoded value; T_ERR: what is wrong */
    double num;        /* T_NUM */
    int is_int;        /* T_NUM written without '.', 'e' or 'j' */
    int is_fstring;    /* T_STR written f'...': its {fields} are not run */
} py_tok;

/* Tokens of the whole text, ending with T_END; NEWLINE ends every logical line (none inside
 * brackets or after a backslash; none for blank and comment lines). *n receives the count. */
py_tok *py_lex(py_arena *a, const char *src, size_t len, int *n);

/* ---- the syntax tree -------------------------------------------------------------------------- */

enum py_node_kind {
    N_NAME, N_NUM, N_STR, N_CONST,  /* CONST: True, False, None (name holds which) */
    N_ATTR,                         /* a.name */
    N_CALL,                         /* a(items...), each item's kw set for keyword arguments */
    N_LIST, N_TUPLE,                /* items */
    N_UNARY,                        /* op a: '-' or '+' */
    N_BINOP,                        /* a op b: + - * / % and '/' '/' for // , '*' '*' for ** */
    N_SUBSCRIPT                     /* a[b] */
};

typedef struct py_node {
    int kind, line, col;
    const char *name;              /* NAME, ATTR's attribute, STR's value, CONST's word */
    const char *kw;                /* a call argument given as kw=value */
    int kw_line, kw_col;           /* where kw is written */
    double num;
    int is_int;
    char op[3];
    struct py_node *a, *b;
    struct py_node **items;
    int n_items;
} py_node;

enum py_stmt_kind {
    S_IMPORT,   /* import module [as alias]: module "tensorflow.keras", alias NULL or "tf" */
    S_FROM,     /* from module import name [as alias] (one statement per name) */
    S_ASSIGN,   /* target = value; target may be a tuple or list of targets */
    S_EXPR,     /* value */
    S_SKIP      /* a statement the reader does not run; reason says why */
};

typedef struct py_stmt {
    int kind, line, col;
    const char *module, *name, *alias;
    py_node *target, *value;
    const char *reason;
} py_stmt;

/* The statements of a source, in order. A compound statement (def, for, if, class, ...) with its
 * body is one S_SKIP; so is every line the parser does not understand. Returns NULL only when
 * memory runs out. */
py_stmt *py_parse(py_arena *a, const char *src, size_t len, int *n);

#endif
