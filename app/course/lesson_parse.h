/* lesson_parse.h — inside the lesson file parser (lessonfile.c and its parts): the arena the
 * lesson lives in, messages, and the parser's state, which the parts share. Not for other code:
 * lessonfile.h is the parser's interface. */
#ifndef NEURONE_LESSON_PARSE_H
#define NEURONE_LESSON_PARSE_H

#include <stdarg.h>
#include <stddef.h>

#include "arena.h"
#include "lessonfile.h"

#if defined(__GNUC__)
#define LESSON_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define LESSON_PRINTF(f, a)
#endif

/* ---- memory: the lesson lives in one arena (arena.h); growing arrays and messages (lesson_arena.c) */

/* Grows *v (elements of size bytes) so that one more fits; 0, or -1 out of memory. */
int lesson_grow(void *v, int *cap, int n, size_t size);

/* Appends "fmt..." and a newline to err (size n), which stays NUL-terminated however long the
 * messages grow. */
void lesson_append_msg(char *err, size_t n, const char *fmt, ...) LESSON_PRINTF(3, 4);

/* ---- the parser's state ------------------------------------------------------------------------ */

enum { BOX_NONE, BOX_TRY, BOX_QUIZ, BOX_NOTES };
/* The text block being gathered, line by line, until a blank line or another block ends it. */
enum { PEND_NONE, PEND_PARAGRAPH, PEND_ITEM, PEND_NOTE, PEND_QUESTION, PEND_CHOICE, PEND_FEEDBACK };

/* "@name args" as written, checked once the whole file is read (lesson_directives.c). */
typedef struct directive_line {
    lesson_field field;
    const char *args;            /* in the arena, trimmed */
    int line;
} directive_line;

typedef struct line_mark { int offset, line; } line_mark;

typedef struct parser {
    const char *path;
    char *err;
    size_t errn;
    int errors;
    arena ar;
    int line;                    /* the current line, 1-based */

    /* the text block being gathered */
    int pend, pend_line, pend_number;
    char *buf;
    int len, cap;
    line_mark marks[64];         /* where each joined line starts in buf, for messages */
    int n_marks;

    /* the page being built */
    lesson_block *blocks;
    int n_blocks, cap_blocks;
    lesson_page *pages;
    int n_pages, cap_pages;
    const char *page_start;
    int page_line;
    const char *page_tab;
    int page_tab_line;

    /* a fenced code block */
    int in_code, code_line;
    char lang[24];
    int code_model;              /* the open block is ```python model: the scene's starting code */
    const char *model_code;      /* that block's text (in the arena), for lesson_config.code */
    int model_code_line;
    char *code;
    int code_len, code_cap;

    /* :::try and :::quiz */
    int box, box_line, boxes, quizzes;
    lesson_text question;
    int has_question;
    lesson_choice choices[LESSON_CHOICES_MAX];
    int n_choices, too_many_choices;

    /* spans of the text being styled, links, directives */
    lesson_span *spans;
    int n_spans, cap_spans;
    lesson_link *links;
    int n_links, cap_links;
    directive_line *dirs;
    int n_dirs, cap_dirs;

    const char *title;
    int content;                 /* a block or the title has been seen */
    int oom;
} parser;

/* "path:line: message", counted as an error. */
void lesson_perr(parser *p, int line, const char *fmt, ...) LESSON_PRINTF(3, 4);

/* lesson_inline.c: the Markdown marks of src[0..n) taken out and turned into styled spans in the
 * arena; errors name the line of the mark at fault. 0, or -1 out of memory. */
int lesson_style_text(parser *p, const char *src, int n, lesson_text *out);

/* lesson_blocks.c: the blocks of a page, a quiz's parts, code, directives. */
int lesson_add_block(parser *p, lesson_block b);
int lesson_pend_start(parser *p, int kind, const char *s, int n);
int lesson_pend_append(parser *p, const char *s, int n);
/* Ends the text block being gathered: a block, or a part of the open quiz. */
int lesson_flush(parser *p);
/* Ends the page being built; at a "---" line or at the end of the file. */
int lesson_end_page(parser *p, const char *at);
void lesson_close_quiz(parser *p);
int lesson_code_append(parser *p, const char *s, int n);
/* The code block gathered so far, as a block. */
void lesson_close_code(parser *p);
/* A line that starts with '@'. */
void lesson_directive_line(parser *p, const char *s, int n);
void lesson_trim(const char **s, int *n);

/* lesson_lines.c: one line of the file, without its end of line. */
void lesson_parse_line(parser *p, const char *s, int n, const char *line_start);

/* lesson_directives.c: after the whole file, every directive against the scene, into d->config. */
void lesson_finish_directives(parser *p, lesson_doc *d);

#endif
