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
 * Ownership: a lesson_doc owns everything it points to (one arena), freed by lesson_doc_free.
 */
#ifndef NEURONE_LESSONFILE_H
#define NEURONE_LESSONFILE_H

#include <stddef.h>

enum {
    LESSON_FILE_MAX = 1 << 20,   /* bytes in a lesson file */
    LESSON_LINE_MAX = 4000,      /* bytes in one line */
    LESSON_PAGES_MAX = 24,       /* pages in a lesson */
    LESSON_CHOICES_MAX = 8,      /* answers in a quiz */
    LESSON_DIRECTIVES_MAX = 1024 /* bytes of a scene's "key=value; ..." configuration */
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
    const char *scene;           /* @scene */
    const char *directives;      /* the scene's configuration: "dataset=spiral; layers=8,8; ..." */
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

/* The scenes that directives can configure, and what each accepts (for --check-lessons and the
 * format's documentation): NULL-terminated names. */
extern const char *const lesson_scene_names[];

/* ---- the folder of lessons -------------------------------------------------------------------- */

enum { LESSON_LANGS = 2 };       /* LANG_FR, LANG_EN */

/* dir/fr/NN-*.md and dir/en/NN-*.md, ordered and paired by their number NN. */
typedef struct lesson_library {
    char dir[4096];
    int n;                       /* lessons (numbers found in either language) */
    int number[64];
    lesson_doc *doc[64][LESSON_LANGS]; /* NULL: missing in that language, or broken */
    char *errors;                /* every message, one per line; "" when none */
    int n_errors, n_warnings;
} lesson_library;

/* Reads every lesson of dir. assets_dir, when not NULL, is where images are looked for after
 * dir itself. Checks each file, the images, the links between lessons, and that the French and
 * English files of a lesson have the same structure (pages, headings, code, images, quizzes,
 * try boxes and directives). Returns the number of errors (0: all good); warnings (a lesson in
 * one language only) are in errors too but not counted. Free with lesson_library_free. */
int lesson_library_load(lesson_library *lib, const char *dir, const char *assets_dir);
void lesson_library_free(lesson_library *lib);

/* Compares the structure of a and b; returns 0 when they match, else -1 with the first difference
 * appended to err. */
int lesson_same_structure(const lesson_doc *a, const lesson_doc *b, char *err, size_t n);

/* An image's file: path as a lesson writes it, looked for in lessons_dir, then in assets_dir (either
 * may be NULL). 0 with the file's path in out, or -1 when neither has it. */
int lesson_image_path(const char *lessons_dir, const char *assets_dir, const char *path, char *out, size_t n);

/* Where the app finds lessons/: $NEURONE_LESSONS_DIR, else the install data dir's lessons folder
 * if it exists, else the source tree's. */
const char *lesson_default_dir(void);

#endif
