/* lessonfile.h — lesson files: the plain-text format of lessons/ (documented in lessons/FORMAT.md)
 * read into pages of blocks, and the folder of lessons in French and English.
 *
 * A lesson file is a Markdown subset (a title, headings, paragraphs with bold, italic, code and
 * links, lists, code blocks, images, notes, "try this" boxes and quizzes) plus directives, lines
 * that start with '@' and configure the lesson's scene. The parser never stops at the first
 * problem and never crashes: every error is reported as "file:line: message", and a file with
 * errors gives no lesson. No SDL here, so that the tests and `neurone --check-lessons` use the very
 * code the app runs.
 *
 * The parser's parts: lessonfile.c (the file, its pages, fr against en), lesson_lines.c (what a
 * line is), lesson_blocks.c (pages, quizzes, code), lesson_inline.c (bold, italic, code, links),
 * lesson_directives.c (the directives against the scene, into a lesson_config), lesson_arena.c.
 *
 * Ownership: a lesson_doc owns everything it points to (one arena), freed by lesson_doc_free.
 */
#ifndef NEURONE_LESSONFILE_H
#define NEURONE_LESSONFILE_H

#include <stddef.h>

#include "lesson_config.h"

enum {
    LESSON_FILE_MAX = 1 << 20,   /* bytes in a lesson file */
    LESSON_LINE_MAX = 4000,      /* bytes in one line */
    LESSON_CHOICES_MAX = 8       /* answers in a quiz; pages: LESSON_MAX_PAGES (lesson_config.h) */
};

/* ---- a lesson --------------------------------------------------------------------------------- */

typedef enum lesson_style {
    LESSON_BOLD = 1,
    LESSON_ITALIC = 2,
    LESSON_MONO = 4,
    LESSON_LINK = 8
} lesson_style;

/* A run of text in one style: bytes [start, start + len) of its lesson_text. */
typedef struct lesson_span {
    int start, len;
    unsigned style;              /* lesson_style bits */
    int link;                    /* LESSON_LINK: index into the doc's links */
} lesson_span;

/* Text with its styles, the Markdown marks taken out. */
typedef struct lesson_text {
    const char *s;               /* NUL-terminated */
    int len;
    const lesson_span *spans;    /* covering s from start to end, in order */
    int n_spans;
} lesson_text;

/* [text](target): another lesson ("04-perte.md", "04", "04#2"), a page of this one ("#3"), or an
 * address (http:// or https://). */
typedef struct lesson_link {
    int lesson;                  /* the target lesson's number; 0: this lesson */
    int page;                    /* 1-based; 0: the first */
    const char *url;             /* an address; NULL for a lesson */
    int line;
} lesson_link;

typedef enum lesson_block_kind {
    LESSON_HEADING,              /* level 2 or 3 (## or ###) */
    LESSON_PARAGRAPH,
    LESSON_ITEM,                 /* "- " or "* "; number > 0 for "1. " */
    LESSON_CODE,                 /* ``` fenced; lang "python" or "" */
    LESSON_IMAGE,                /* ![caption](path) alone on its line */
    LESSON_NOTE,                 /* "> " */
    LESSON_QUIZ                  /* :::quiz ... ::: */
} lesson_block_kind;

typedef struct lesson_choice {
    lesson_text text, feedback;
    int correct;
} lesson_choice;

typedef struct lesson_block {
    lesson_block_kind kind;
    int line;                    /* where it starts in the file */
    int level;                   /* HEADING: 2 or 3 */
    int number;                  /* ITEM: 0 for a bullet, else the item's number */
    int box;                     /* inside a :::try box: the box's number (1, 2, ...); 0 outside */
    int notes;                   /* inside a :::notes box: the instructor's notes, shown by demo
                                    mode's presenter view (S), never on the student's page */
    lesson_text text;            /* heading, paragraph, item, note, image caption, quiz question;
                                    CODE: the code as written, without styles */
    const char *lang;            /* CODE */
    const char *path;            /* IMAGE: as written in the file */
    int quiz;                    /* QUIZ: its number in the lesson, from 0 */
    const lesson_choice *choices;
    int n_choices;
} lesson_block;

typedef struct lesson_page {
    const lesson_block *blocks;
    int n_blocks;
    const char *source;          /* the page's lines as written */
    const char *tab;             /* @tab: the view of the scene this page opens; NULL: as before */
    int line;
} lesson_page;

typedef struct lesson_doc {
    const char *path;            /* as given to the parser, for messages */
    int number;                  /* from the file name: 3 for "03-profond.md"; 0 when none */
    const char *title;
    const char *scene;           /* @scene: lesson_scene_names' entry; "" for none */
    lesson_config config;        /* the scene and its directives, checked and typed */
    const lesson_page *pages;
    int n_pages;
    const lesson_link *links;
    int n_links;
    int n_quizzes, n_tries;
    void *arena;                 /* lessonfile.c's */
} lesson_doc;

/* Reads text (len bytes; it need not end in a NUL) as a lesson file named path. Returns the lesson,
 * or NULL with every problem appended to err as "path:line: message\n" lines (truncated to n
 * bytes). Out of memory also gives NULL, with a message. */
lesson_doc *lesson_parse(const char *text, size_t len, const char *path, char *err, size_t n);
/* The same for a file on disk. */
lesson_doc *lesson_parse_file(const char *path, char *err, size_t n);
void lesson_doc_free(lesson_doc *d);
/* A lesson's number from its file name: 3 for ".../03-profond.md"; 0 when it has none. */
int lesson_file_number(const char *path);

/* Compares the structure of a and b; returns 0 when they match, else -1 with the first difference
 * appended to err. */
int lesson_same_structure(const lesson_doc *a, const lesson_doc *b, char *err, size_t n);

#endif
