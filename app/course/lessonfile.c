/* lessonfile.c — the lesson file parser, the directives' checks, the folder of lessons, and the
 * app's current lessons (lesson_count, lesson_get). */
#include "lessonfile.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data.h"
#include "lang.h"
#include "lesson.h"
#include "trainer.h"

/* ---- an arena: one allocation per lesson's lifetime, freed at once ----------------------------- */

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    max_align_t data[];          /* aligned for anything stored here */
} chunk;

typedef struct arena { chunk *head; } arena;

static void *arena_alloc(arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (!a->head || a->head->used + n > a->head->cap) {
        size_t cap = n > 32768 ? n : 32768;
        chunk *c = malloc(sizeof *c + cap);
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

static char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *d = arena_alloc(a, n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

static void *arena_copy(arena *a, const void *src, size_t n)
{
    void *d = arena_alloc(a, n ? n : 1);
    if (d && n)
        memcpy(d, src, n);
    return d;
}

static void arena_free(arena *a)
{
    while (a && a->head) {
        chunk *c = a->head;
        a->head = c->next;
        free(c);
    }
}

/* Grows *v (elements of size bytes) so that one more fits; 0, or -1 out of memory. */
static int grow(void *v, int *cap, int n, size_t size)
{
    if (n < *cap)
        return 0;
    int nc = *cap ? *cap * 2 : 16;
    void *p = realloc(*(void **)v, (size_t)nc * size);
    if (!p)
        return -1;
    *(void **)v = p;
    *cap = nc;
    return 0;
}

/* ---- messages ----------------------------------------------------------------------------------- */

/* Appends a line to err (size n), keeping it NUL-terminated however long the messages grow. */
static void append_line(char *err, size_t n, const char *fmt, va_list ap)
{
    if (!err || n == 0)
        return;
    size_t used = strnlen(err, n - 1);
    if (used + 2 >= n)
        return;
    int w = vsnprintf(err + used, n - used - 1, fmt, ap);
    if (w < 0)
        return;
    used += (size_t)w < n - used - 1 ? (size_t)w : n - used - 2;
    err[used] = '\n';
    err[used + 1] = 0;
}

static void append_msg(char *err, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    append_line(err, n, fmt, ap);
    va_end(ap);
}

/* ---- the parser's state ------------------------------------------------------------------------ */

enum { BOX_NONE, BOX_TRY, BOX_QUIZ };
/* The text block being gathered, line by line, until a blank line or another block ends it. */
enum { PEND_NONE, PEND_PARAGRAPH, PEND_ITEM, PEND_NOTE, PEND_QUESTION, PEND_CHOICE, PEND_FEEDBACK };

typedef struct directive_line {
    char name[24];
    const char *args;            /* in the arena */
    int line, page;
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

static void perr(parser *p, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void perr(parser *p, int line, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    append_msg(p->err, p->errn, "%s:%d: %s", p->path, line, msg);
    p->errors++;
}

/* ---- inline styles: **bold**, *italic*, `code`, [links](target) --------------------------------- */

static int line_at(const parser *p, int offset)
{
    int line = p->pend_line;
    for (int i = 0; i < p->n_marks; i++)
        if (p->marks[i].offset <= offset)
            line = p->marks[i].line;
    return line;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads a link's target; 0, or -1 when it is none of the forms the format knows. */
static int parse_target(const char *t, size_t n, lesson_link *out)
{
    *out = (lesson_link){ 0 };
    if ((n > 7 && strncmp(t, "http://", 7) == 0) || (n > 8 && strncmp(t, "https://", 8) == 0)) {
        out->url = t; /* the caller copies it */
        return 0;
    }
    size_t i = 0;
    if (i < n && is_digit(t[i])) {
        int num = 0;
        while (i < n && is_digit(t[i]) && num < 1000)
            num = num * 10 + (t[i++] - '0');
        if (num < 1)
            return -1;
        out->lesson = num;
        /* the rest of a file name: "-perte.md" */
        if (i < n && t[i] == '-') {
            while (i < n && t[i] != '#' && t[i] != ' ' && t[i] != '/')
                i++;
            if (i < 3 || strncmp(t + i - 3, ".md", 3) != 0)
                return -1;
        }
    }
    if (i < n && t[i] == '#') {
        i++;
        int page = 0;
        if (i >= n)
            return -1;
        while (i < n && is_digit(t[i]) && page < 1000)
            page = page * 10 + (t[i++] - '0');
        if (page < 1)
            return -1;
        out->page = page;
    }
    return i == n && (out->lesson > 0 || out->page > 0) ? 0 : -1;
}

static int add_span(parser *p, int start, unsigned style, int link)
{
    if (p->n_spans > 0) {
        lesson_span *last = &p->spans[p->n_spans - 1];
        if (last->style == style && last->link == link)
            return 0;
        if (last->start == start) {
            /* nothing was written in the last style: it takes the new one */
            last->style = style, last->link = link;
            return 0;
        }
    }
    if (grow(&p->spans, &p->cap_spans, p->n_spans, sizeof *p->spans) < 0)
        return -1;
    p->spans[p->n_spans++] = (lesson_span){ start, 0, style, link };
    return 0;
}

/* The Markdown marks of src[0..n) taken out and turned into styled spans. Errors name the line of
 * the mark at fault. */
static int style_text(parser *p, const char *src, int n, lesson_text *out)
{
    *out = (lesson_text){ "", 0, NULL, 0 };
    char *o = arena_alloc(&p->ar, (size_t)n + 1);
    if (!o)
        return -1;
    p->n_spans = 0;
    unsigned style = 0;
    int len = 0, link = -1, link_end = -1, link_resume = -1;
    int bold_at = -1, italic_at = -1;
    for (int i = 0; i < n;) {
        char c = src[i];
        if (i == link_end) {
            style &= ~(unsigned)LESSON_LINK;
            link = -1;
            i = link_resume;
            link_end = -1;
            continue;
        }
        if (c == '\\' && i + 1 < n && strchr("\\`*_[]()#!@>-+.:|{}", src[i + 1])) {
            if (add_span(p, len, style, link) < 0)
                return -1;
            o[len++] = src[i + 1];
            i += 2;
            continue;
        }
        if (c == '`') {
            const char *close = memchr(src + i + 1, '`', (size_t)(n - i - 1));
            if (!close) {
                perr(p, line_at(p, i), "` opens code here but is never closed (write \\` for a backquote)");
                return 0;
            }
            int cn = (int)(close - (src + i + 1));
            if (add_span(p, len, style | LESSON_MONO, link) < 0)
                return -1;
            memcpy(o + len, src + i + 1, (size_t)cn);
            len += cn;
            i += cn + 2;
            continue;
        }
        if (c == '*' && i + 1 < n && src[i + 1] == '*') {
            int opens = !(style & LESSON_BOLD) && i + 2 < n && src[i + 2] != ' ';
            int closes = (style & LESSON_BOLD) && i > 0 && src[i - 1] != ' ';
            if (opens || closes) {
                style ^= LESSON_BOLD;
                bold_at = opens ? i : -1;
                i += 2;
                continue;
            }
        } else if (c == '*') {
            int opens = !(style & LESSON_ITALIC) && i + 1 < n && src[i + 1] != ' ';
            int closes = (style & LESSON_ITALIC) && i > 0 && src[i - 1] != ' ';
            if (opens || closes) {
                style ^= LESSON_ITALIC;
                italic_at = opens ? i : -1;
                i += 1;
                continue;
            }
        }
        if (c == '[' && link < 0) {
            const char *close = memchr(src + i + 1, ']', (size_t)(n - i - 1));
            int j = close ? (int)(close - src) : -1;
            if (j > i + 1 && j + 1 < n && src[j + 1] == '(') {
                const char *end = memchr(src + j + 2, ')', (size_t)(n - j - 2));
                if (end) {
                    int k = (int)(end - src);
                    lesson_link lk;
                    if (parse_target(src + j + 2, (size_t)(k - j - 2), &lk) < 0) {
                        perr(
                            p, line_at(p, i),
                            "link to \"%.*s\": expected a lesson's file (04-perte.md), a lesson's number (4), "
                            "a page (#2, 04-perte.md#2) or an address (https://...)",
                            k - j - 2 > 200 ? 200 : k - j - 2, src + j + 2);
                    } else {
                        if (lk.url && !(lk.url = arena_strndup(&p->ar, src + j + 2, (size_t)(k - j - 2))))
                            return -1;
                        lk.line = line_at(p, i);
                        if (grow(&p->links, &p->cap_links, p->n_links, sizeof *p->links) < 0)
                            return -1;
                        link = p->n_links;
                        p->links[p->n_links++] = lk;
                        style |= LESSON_LINK;
                        link_end = j;
                        link_resume = k + 1;
                        i++;
                        continue;
                    }
                }
            }
        }
        if (add_span(p, len, style, link) < 0)
            return -1;
        o[len++] = c;
        i++;
    }
    if (link_end >= 0)
        style &= ~(unsigned)LESSON_LINK;
    if (style & LESSON_BOLD)
        perr(p, line_at(p, bold_at < 0 ? 0 : bold_at), "** opens bold text here but it is never closed");
    if (style & LESSON_ITALIC)
        perr(p, line_at(p, italic_at < 0 ? 0 : italic_at),
             "* opens italic text here but it is never closed (write \\* for a star)");
    o[len] = 0;
    /* span lengths from their starts */
    int ns = 0;
    for (int i = 0; i < p->n_spans; i++) {
        int end = i + 1 < p->n_spans ? p->spans[i + 1].start : len;
        p->spans[i].len = end - p->spans[i].start;
        if (p->spans[i].len > 0)
            p->spans[ns++] = p->spans[i];
    }
    out->s = o;
    out->len = len;
    out->spans = arena_copy(&p->ar, p->spans, (size_t)ns * sizeof *p->spans);
    out->n_spans = ns;
    return out->spans ? 0 : -1;
}

/* ---- blocks -------------------------------------------------------------------------------------- */

static int add_block(parser *p, lesson_block b)
{
    if (grow(&p->blocks, &p->cap_blocks, p->n_blocks, sizeof *p->blocks) < 0)
        return -1;
    b.box = p->box == BOX_TRY ? p->boxes : 0;
    p->blocks[p->n_blocks++] = b;
    p->content = 1;
    return 0;
}

static int pend_append(parser *p, const char *s, int n)
{
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    if (p->len + n + 2 > p->cap) {
        int nc = (p->len + n + 2) * 2;
        char *b = realloc(p->buf, (size_t)nc);
        if (!b)
            return -1;
        p->buf = b;
        p->cap = nc;
    }
    if (p->len > 0)
        p->buf[p->len++] = ' ';
    if (p->n_marks < (int)(sizeof p->marks / sizeof p->marks[0]))
        p->marks[p->n_marks++] = (line_mark){ p->len, p->line };
    memcpy(p->buf + p->len, s, (size_t)n);
    p->len += n;
    p->buf[p->len] = 0;
    return 0;
}

static int pend_start(parser *p, int kind, const char *s, int n)
{
    p->pend = kind;
    p->pend_line = p->line;
    p->len = 0;
    p->n_marks = 0;
    return pend_append(p, s, n);
}

/* Ends the text block being gathered: a block, or a part of the open quiz. */
static int flush(parser *p)
{
    int kind = p->pend;
    p->pend = PEND_NONE;
    if (kind == PEND_NONE)
        return 0;
    lesson_text t;
    if (style_text(p, p->buf, p->len, &t) < 0)
        return -1;
    switch (kind) {
    case PEND_PARAGRAPH:
        return add_block(p, (lesson_block){ .kind = LESSON_PARAGRAPH, .line = p->pend_line, .text = t });
    case PEND_ITEM:
        return add_block(
            p,
            (lesson_block){ .kind = LESSON_ITEM, .line = p->pend_line, .number = p->pend_number, .text = t });
    case PEND_NOTE:
        return add_block(p, (lesson_block){ .kind = LESSON_NOTE, .line = p->pend_line, .text = t });
    case PEND_QUESTION:
        if (p->has_question)
            perr(p, p->pend_line, "a quiz asks one question, in one paragraph");
        p->question = t;
        p->has_question = 1;
        return 0;
    case PEND_CHOICE:
        /* the answer was counted when its line started */
        if (p->n_choices > 0 && p->n_choices <= LESSON_CHOICES_MAX)
            p->choices[p->n_choices - 1].text = t;
        return 0;
    case PEND_FEEDBACK:
        if (p->n_choices > 0 && p->n_choices <= LESSON_CHOICES_MAX)
            p->choices[p->n_choices - 1].feedback = t;
        return 0;
    }
    return 0;
}

static void trim(const char **s, int *n)
{
    while (*n > 0 && ((*s)[0] == ' ' || (*s)[0] == '\t'))
        (*s)++, (*n)--;
    while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

/* Ends the page being built; at a "---" line or at the end of the file. */
static int end_page(parser *p, const char *at)
{
    if (p->n_blocks == 0) {
        perr(p, p->page_line, "page %d has no text: remove the \"---\" or write the page", p->n_pages + 1);
    }
    if (p->n_pages >= LESSON_PAGES_MAX) {
        if (p->n_pages == LESSON_PAGES_MAX)
            perr(p, p->line, "more than %d pages in one lesson", LESSON_PAGES_MAX);
        p->n_pages++;
        p->n_blocks = 0;
        return 0;
    }
    if (grow(&p->pages, &p->cap_pages, p->n_pages, sizeof *p->pages) < 0)
        return -1;
    lesson_page pg = { .line = p->page_line, .tab = p->page_tab };
    pg.blocks = arena_copy(&p->ar, p->blocks, (size_t)p->n_blocks * sizeof *p->blocks);
    pg.n_blocks = p->n_blocks;
    pg.source = arena_strndup(&p->ar, p->page_start, (size_t)(at - p->page_start));
    if (!pg.blocks || !pg.source)
        return -1;
    p->pages[p->n_pages++] = pg;
    p->n_blocks = 0;
    p->page_tab = NULL;
    return 0;
}

static void close_quiz(parser *p)
{
    if (!p->has_question)
        perr(p, p->box_line, "this quiz has no question: write it before the answers");
    if (p->n_choices < 2)
        perr(p, p->box_line, "a quiz needs at least two answers (\"- [ ] ...\" and \"- [x] ...\"), got %d",
             p->n_choices);
    int right = 0;
    for (int i = 0; i < p->n_choices && i < LESSON_CHOICES_MAX; i++) {
        right += p->choices[i].correct;
        if (p->choices[i].feedback.len == 0)
            perr(p, p->box_line, "answer %d of this quiz has no feedback: add a line \"> ...\" under it",
                 i + 1);
    }
    if (p->n_choices >= 2 && right == 0)
        perr(p, p->box_line, "no answer of this quiz is marked right: write \"- [x] ...\" for it");
    int n = p->n_choices < LESSON_CHOICES_MAX ? p->n_choices : LESSON_CHOICES_MAX;
    lesson_block b = { .kind = LESSON_QUIZ,
                       .line = p->box_line,
                       .text = p->question,
                       .quiz = p->quizzes++,
                       .choices = arena_copy(&p->ar, p->choices, (size_t)n * sizeof *p->choices),
                       .n_choices = n };
    if (!b.choices)
        p->oom = 1;
    else if (add_block(p, b) < 0)
        p->oom = 1;
}

static int code_append(parser *p, const char *s, int n)
{
    if (p->code_len + n + 2 > p->code_cap) {
        int nc = (p->code_len + n + 2) * 2;
        char *c = realloc(p->code, (size_t)nc);
        if (!c)
            return -1;
        p->code = c;
        p->code_cap = nc;
    }
    memcpy(p->code + p->code_len, s, (size_t)n);
    p->code_len += n;
    p->code[p->code_len++] = '\n';
    p->code[p->code_len] = 0;
    return 0;
}

/* The code block gathered so far, as a block. */
static void close_code(parser *p)
{
    p->in_code = 0;
    lesson_block b = { .kind = LESSON_CODE, .line = p->code_line };
    /* the last line's newline is not part of the code */
    int cl = p->code_len > 0 ? p->code_len - 1 : 0;
    b.text = (lesson_text){ arena_strndup(&p->ar, p->code ? p->code : "", (size_t)cl), cl, NULL, 0 };
    b.lang = arena_strndup(&p->ar, p->lang, strlen(p->lang));
    if (!b.text.s || !b.lang || add_block(p, b) < 0)
        p->oom = 1;
}

static const char *const directive_names[] = {
    "scene", "dataset", "model", "activation", "optimizer", "learning_rate", "batch_size", "epochs",
    "controls", "lock", "play", "loss", "samples", "inputs", "weights", "bias", "tab", "target", "scaler",
    "test_size", NULL,
};

static void directive(parser *p, const char *s, int n)
{
    int k = 1;
    while (k < n && (islower((unsigned char)s[k]) || s[k] == '_'))
        k++;
    char name[24];
    int nl = k - 1 < (int)sizeof name - 1 ? k - 1 : (int)sizeof name - 1;
    memcpy(name, s + 1, (size_t)nl);
    name[nl] = 0;
    int known = 0;
    for (int i = 0; directive_names[i]; i++)
        known |= strcmp(directive_names[i], name) == 0 && k - 1 == nl;
    if (!known || (k < n && s[k] != ' ' && s[k] != '\t')) {
        char list[400] = "";
        for (int i = 0; directive_names[i]; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s@%s", i ? ", " : "",
                     directive_names[i]);
        perr(p, p->line,
             "unknown directive \"%.*s\" (the directives are %s; write \\@ for a line that starts with @)",
             n > 40 ? 40 : n, s, list);
        return;
    }
    const char *args = s + k;
    int an = n - k;
    trim(&args, &an);
    if (strcmp(name, "tab") == 0) {
        if (p->page_tab)
            perr(p, p->line, "@tab given twice on this page (first on line %d)", p->page_tab_line);
        p->page_tab = arena_strndup(&p->ar, args, (size_t)an);
        p->page_tab_line = p->line;
        return;
    }
    if (grow(&p->dirs, &p->cap_dirs, p->n_dirs, sizeof *p->dirs) < 0) {
        p->oom = 1;
        return;
    }
    directive_line d = { .line = p->line, .page = p->n_pages };
    snprintf(d.name, sizeof d.name, "%s", name);
    d.args = arena_strndup(&p->ar, args, (size_t)an);
    if (!d.args) {
        p->oom = 1;
        return;
    }
    p->dirs[p->n_dirs++] = d;
}

/* One line of the file, without its end of line. */
static void parse_line(parser *p, const char *s, int n, const char *line_start)
{
    if (p->in_code) {
        const char *t = s;
        int tn = n;
        trim(&t, &tn);
        if (tn >= 3 && strncmp(t, "```", 3) == 0) {
            if (tn > 3)
                perr(p, p->line, "a code block ends with ``` alone on its line");
            close_code(p);
            return;
        }
        if (code_append(p, s, n) < 0)
            p->oom = 1;
        return;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0) {
        if (flush(p) < 0)
            p->oom = 1;
        return;
    }
    int indent = 0;
    while (indent < n && (s[indent] == ' ' || s[indent] == '\t'))
        indent++;
    const char *t = s + indent;
    int tn = n - indent;

    if (tn >= 3 && strncmp(t, "```", 3) == 0) {
        flush(p);
        const char *lang = t + 3;
        int ln = tn - 3;
        trim(&lang, &ln);
        for (int i = 0; i < ln; i++)
            if (!isalnum((unsigned char)lang[i]) && lang[i] != '-' && lang[i] != '+') {
                perr(p, p->line,
                     "a code block starts with ``` and an optional language (```python), got \"%.*s\"",
                     ln > 40 ? 40 : ln, lang);
                break;
            }
        if (p->box == BOX_QUIZ)
            perr(p, p->line, "a quiz holds a question and answers only; put the code before the quiz");
        snprintf(p->lang, sizeof p->lang, "%.*s", ln, lang);
        if (strcmp(p->lang, "py") == 0)
            snprintf(p->lang, sizeof p->lang, "python");
        p->in_code = 1;
        p->code_line = p->line;
        p->code_len = 0;
        if (p->code)
            p->code[0] = 0;
        return;
    }
    if (indent == 0 && n >= 3 && strncmp(s, ":::", 3) == 0) {
        const char *w = s + 3;
        int wn = n - 3;
        trim(&w, &wn);
        flush(p);
        if (wn == 0) {
            if (p->box == BOX_NONE)
                perr(p, p->line, "::: closes a box, but none is open");
            else if (p->box == BOX_QUIZ)
                close_quiz(p);
            p->box = BOX_NONE;
            return;
        }
        int kind = wn == 3 && strncmp(w, "try", 3) == 0 ? BOX_TRY
            : wn == 4 && strncmp(w, "quiz", 4) == 0     ? BOX_QUIZ
                                                        : -1;
        if (kind < 0) {
            perr(p, p->line, "unknown box \":::%.*s\" (the boxes are :::try and :::quiz)", wn > 40 ? 40 : wn,
                 w);
            return;
        }
        if (p->box != BOX_NONE) {
            perr(p, p->line, "a box opens inside another (opened on line %d): close it with ::: first",
                 p->box_line);
            return;
        }
        p->box = kind;
        p->box_line = p->line;
        p->boxes += kind == BOX_TRY;
        p->has_question = 0;
        p->n_choices = 0;
        p->too_many_choices = 0;
        memset(p->choices, 0, sizeof p->choices);
        return;
    }
    if (indent == 0 && s[0] == '@') {
        flush(p);
        if (p->box != BOX_NONE)
            perr(p, p->line, "directives go outside :::try and :::quiz boxes");
        else
            directive(p, s, n);
        return;
    }
    if (indent == 0 && n >= 3 && strspn(s, "-") == (size_t)n) {
        flush(p);
        if (p->box != BOX_NONE) {
            perr(p, p->line, "a page break (---) inside a box opened on line %d: close it with ::: first",
                 p->box_line);
            return;
        }
        if (end_page(p, line_start) < 0)
            p->oom = 1;
        p->page_start = s + n;
        while (*p->page_start == '\r' || *p->page_start == '\n' || *p->page_start == ' ')
            p->page_start++;
        p->page_line = p->line + 1;
        return;
    }
    if (indent == 0 && s[0] == '#') {
        flush(p);
        int level = (int)strspn(s, "#");
        if (level >= n || s[level] != ' ') {
            perr(p, p->line, "a heading is #, ## or ### then a space and its text");
            return;
        }
        const char *h = s + level;
        int hn = n - level;
        trim(&h, &hn);
        if (p->box != BOX_NONE)
            perr(p, p->line, "headings go outside :::try and :::quiz boxes");
        else if (level == 1) {
            if (p->title)
                perr(p, p->line, "a second title (# ...): a lesson has one; use ## for a section");
            else if (p->content)
                perr(p, p->line, "the title (# ...) comes first, before the text");
            else
                p->title = arena_strndup(&p->ar, h, (size_t)hn);
            if (hn == 0)
                perr(p, p->line, "the title is empty");
            p->content = 1;
        } else if (level <= 3) {
            if (!p->title && !p->content)
                perr(p, p->line, "the lesson starts with its title, # ...");
            lesson_text ht;
            p->n_marks = 0;
            p->pend_line = p->line;
            if (style_text(p, h, hn, &ht) < 0 ||
                add_block(p,
                          (lesson_block){
                              .kind = LESSON_HEADING, .line = p->line, .level = level, .text = ht }) < 0)
                p->oom = 1;
        } else
            perr(p, p->line, "headings go down to ### (got %d #)", level);
        return;
    }
    if (!p->title && !p->content && p->box == BOX_NONE) {
        perr(p, p->line, "the lesson starts with its title, a line \"# ...\"");
        p->content = 1;
    }
    if (tn >= 2 && t[0] == '!' && t[1] == '[') {
        flush(p);
        const char *close = memchr(t, ']', (size_t)tn);
        int ok = close && close + 1 < t + tn && close[1] == '(' && t[tn - 1] == ')';
        if (!ok) {
            perr(p, p->line, "an image is a line ![caption](images/name.png), alone");
            return;
        }
        if (p->box == BOX_QUIZ) {
            perr(p, p->line, "a quiz holds a question and answers only; put the image before the quiz");
            return;
        }
        const char *path = close + 2;
        int pn = (int)(t + tn - 1 - path);
        trim(&path, &pn);
        if (pn == 0) {
            perr(p, p->line, "this image has no path: ![caption](images/name.png)");
            return;
        }
        lesson_text cap;
        p->n_marks = 0;
        p->pend_line = p->line;
        lesson_block b = { .kind = LESSON_IMAGE, .line = p->line };
        b.path = arena_strndup(&p->ar, path, (size_t)pn);
        if (!b.path || style_text(p, t + 2, (int)(close - t - 2), &cap) < 0) {
            p->oom = 1;
            return;
        }
        b.text = cap;
        if (add_block(p, b) < 0)
            p->oom = 1;
        return;
    }
    if (t[0] == '>') {
        const char *q = t + 1;
        int qn = tn - 1;
        if (p->box == BOX_QUIZ) {
            if (p->n_choices == 0) {
                perr(p, p->line, "feedback (> ...) goes under an answer; the answers come first");
                return;
            }
            if (p->pend == PEND_FEEDBACK)
                pend_append(p, q, qn);
            else {
                flush(p);
                if (p->n_choices <= LESSON_CHOICES_MAX && p->choices[p->n_choices - 1].feedback.len > 0)
                    perr(p, p->line, "this answer already has its feedback above");
                pend_start(p, PEND_FEEDBACK, q, qn);
            }
            return;
        }
        if (p->pend == PEND_NOTE)
            pend_append(p, q, qn);
        else {
            flush(p);
            pend_start(p, PEND_NOTE, q, qn);
        }
        return;
    }
    int bullet = tn >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ';
    int number = 0, num_len = 0;
    while (num_len < tn && num_len < 4 && is_digit(t[num_len]))
        number = number * 10 + (t[num_len++] - '0');
    int numbered =
        num_len > 0 && num_len + 1 < tn && t[num_len] == '.' && t[num_len + 1] == ' ' && number > 0;
    if (p->box == BOX_QUIZ) {
        if (bullet) {
            flush(p);
            const char *c = t + 2;
            int cn = tn - 2;
            int right = cn >= 3 && (strncmp(c, "[x]", 3) == 0 || strncmp(c, "[X]", 3) == 0);
            int wrong = cn >= 3 && strncmp(c, "[ ]", 3) == 0;
            if (!right && !wrong) {
                perr(p, p->line, "in a quiz, an answer is \"- [ ] text\" (wrong) or \"- [x] text\" (right)");
                return;
            }
            if (p->n_choices >= LESSON_CHOICES_MAX) {
                if (!p->too_many_choices)
                    perr(p, p->line, "more than %d answers in one quiz", LESSON_CHOICES_MAX);
                p->too_many_choices = 1;
                p->n_choices++;
                return;
            }
            p->choices[p->n_choices].correct = right;
            p->n_choices++;
            pend_start(p, PEND_CHOICE, c + 3, cn - 3);
            return;
        }
        if (p->pend == PEND_QUESTION || p->pend == PEND_CHOICE || p->pend == PEND_FEEDBACK) {
            pend_append(p, t, tn);
            return;
        }
        if (p->n_choices > 0) {
            perr(p, p->line, "text after a quiz's answers: feedback lines start with \">\"");
            return;
        }
        pend_start(p, PEND_QUESTION, t, tn);
        return;
    }
    if (bullet || numbered) {
        flush(p);
        const char *it = bullet ? t + 2 : t + num_len + 2;
        pend_start(p, PEND_ITEM, it, (int)(t + tn - it));
        p->pend_number = bullet ? 0 : number;
        return;
    }
    if (p->pend == PEND_PARAGRAPH || p->pend == PEND_ITEM || p->pend == PEND_NOTE) {
        pend_append(p, t, tn);
        return;
    }
    pend_start(p, PEND_PARAGRAPH, t, tn);
}

/* ---- directives: checked against the lesson's scene, turned into its configuration ------------- */

const char *const lesson_scene_names[] = { "neuron", "network", "versus", "training", "loss", "keras", "race",
                                           "images", "compare", NULL };

/* Which scenes take each directive. */
static const struct { const char *name, *scenes; } directive_scenes[] = {
    { "scene", "*" },
    { "dataset", "training versus images compare" },
    { "model", "network training versus" },
    { "activation", "neuron network" },
    { "optimizer", "training versus" },
    { "learning_rate", "training versus" },
    { "batch_size", "training versus" },
    { "epochs", "training versus compare" },
    { "controls", "training" },
    { "lock", "training" },
    { "play", "training versus loss images compare" },
    { "loss", "loss" },
    { "samples", "images" },
    { "inputs", "neuron" },
    { "weights", "neuron" },
    { "bias", "neuron" },
    { "tab", "images keras compare" },
    { "target", "compare" },
    { "scaler", "compare" },
    { "test_size", "compare" },
};

static int word_in(const char *word, const char *list)
{
    size_t n = strlen(word);
    for (const char *p = list; *p;) {
        size_t k = strcspn(p, " ");
        if (k == n && strncmp(p, word, n) == 0)
            return 1;
        p += k;
        p += *p == ' ';
    }
    return 0;
}

static const char *scenes_of(const char *name)
{
    for (size_t i = 0; i < sizeof directive_scenes / sizeof directive_scenes[0]; i++)
        if (strcmp(directive_scenes[i].name, name) == 0)
            return directive_scenes[i].scenes;
    return "";
}

static int in_list(const char *v, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(v, list[i]) == 0)
            return i;
    return -1;
}

static void join(char *out, size_t n, const char *const *list)
{
    out[0] = 0;
    for (int i = 0; list[i]; i++)
        snprintf(out + strlen(out), n - strlen(out), "%s%s", i ? ", " : "", list[i]);
}

/* data.h's names, NULL-terminated for in_list and join. */
static const char *const *dataset_names(void)
{
    static const char *list[DATA_NAMES + 1];
    for (int i = 0; i < DATA_NAMES; i++)
        list[i] = data_names[i];
    list[DATA_NAMES] = NULL;
    return list;
}

/* The inputs and classes of each dataset, for checking a @model against its @dataset. */
static int dataset_shape(const char *name, int *inputs, int *classes)
{
    static const struct { const char *name; int in, out; } shapes[] = {
        { "circle", 2, 2 }, { "xor", 2, 2 }, { "gauss", 2, 2 }, { "spiral", 2, 2 },
        { "iris", 4, 3 }, { "wine", 13, 3 }, { "breast_cancer", 30, 2 }, { "digits", 64, 10 },
        { "mnist", 784, 10 }, { "fashion_mnist", 784, 10 },
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
        if (strcmp(shapes[i].name, name) == 0) {
            *inputs = shapes[i].in, *classes = shapes[i].out;
            return 0;
        }
    return -1;
}

typedef struct model_spec {
    int sizes[TRAINER_MAX_LAYERS + 2];
    int n;
    char activation[16];
} model_spec;

static const char *const hidden_activations[] = { "relu",       "tanh", "sigmoid", "linear",
                                                  "leaky_relu", "elu",  "gelu",    NULL };

/* "2-8-8-2 tanh": the width of every layer from the inputs to the outputs, and the hidden layers'
 * activation. */
static int parse_model(const char *v, model_spec *m, char *why, size_t n)
{
    *m = (model_spec){ 0 };
    const char *p = v;
    while (*p && *p != ' ') {
        char *end;
        long u = strtol(p, &end, 10);
        if (end == p || u < 1 || u > 1024) {
            snprintf(why, n,
                     "expected layer widths from 1 to 1024 joined by '-' (2-8-8-2), then an activation");
            return -1;
        }
        if (m->n >= TRAINER_MAX_LAYERS + 2) {
            snprintf(why, n, "at most %d hidden layers", TRAINER_MAX_LAYERS);
            return -1;
        }
        m->sizes[m->n++] = (int)u;
        p = end;
        if (*p == '-')
            p++;
        else if (*p && *p != ' ') {
            snprintf(why, n, "expected layer widths joined by '-' (2-8-8-2), then an activation");
            return -1;
        }
    }
    if (m->n < 2) {
        snprintf(why, n, "expected at least the inputs and the outputs (2-8-2)");
        return -1;
    }
    while (*p == ' ')
        p++;
    if (*p) {
        if (in_list(p, hidden_activations) < 0) {
            char list[200];
            join(list, sizeof list, hidden_activations);
            snprintf(why, n, "unknown activation \"%.40s\" (expected %s)", p, list);
            return -1;
        }
        snprintf(m->activation, sizeof m->activation, "%s", p);
    }
    return 0;
}

static void model_layers(const model_spec *m, char *out, size_t n)
{
    out[0] = 0;
    for (int i = 1; i < m->n - 1; i++)
        snprintf(out + strlen(out), n - strlen(out), "%s%d", i > 1 ? "," : "", m->sizes[i]);
}

/* A comma-separated list whose every word is in allowed. */
static int check_words(const char *v, const char *const *allowed, char *why, size_t n)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", v);
    int count = 0;
    for (char *save = NULL, *w = strtok_r(buf, ", ", &save); w; w = strtok_r(NULL, ", ", &save), count++)
        if (in_list(w, allowed) < 0) {
            char list[300];
            join(list, sizeof list, allowed);
            snprintf(why, n, "unknown name \"%.40s\" (expected some of %s)", w, list);
            return -1;
        }
    if (count == 0) {
        snprintf(why, n, "expected a list of names");
        return -1;
    }
    return 0;
}

/* Numbers in lo..hi separated by spaces or commas, count of them; written into out "a,b,c". */
static int check_numbers(const char *v, int count, float lo, float hi, char *out, size_t on, char *why,
                         size_t n)
{
    const char *p = v;
    out[0] = 0;
    for (int i = 0; i < count; i++) {
        while (*p == ' ' || *p == ',')
            p++;
        char *end;
        float x = strtof(p, &end);
        if (end == p || !(x >= lo && x <= hi)) {
            snprintf(why, n, "expected %d number%s from %g to %g", count, count > 1 ? "s" : "", (double)lo,
                     (double)hi);
            return -1;
        }
        snprintf(out + strlen(out), on - strlen(out), "%s%g", i ? "," : "", (double)x);
        p = end;
    }
    while (*p == ' ')
        p++;
    if (*p) {
        snprintf(why, n, "expected %d number%s, got more", count, count > 1 ? "s" : "");
        return -1;
    }
    return 0;
}

static int check_int(const char *v, int lo, int hi, int *out, char *why, size_t n)
{
    char *end;
    long x = strtol(v, &end, 10);
    if (end == v || *end || x < lo || x > hi) {
        snprintf(why, n, "expected a whole number from %d to %d", lo, hi);
        return -1;
    }
    *out = (int)x;
    return 0;
}

static void add_config(char *cfg, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void add_config(char *cfg, const char *fmt, ...)
{
    size_t used = strlen(cfg);
    if (used > 0 && used + 2 < LESSON_DIRECTIVES_MAX)
        strcpy(cfg + used, "; "), used += 2;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cfg + used, LESSON_DIRECTIVES_MAX - used, fmt, ap);
    va_end(ap);
}

static const char *const training_controls[] = { "dataset",   "layers",        "activation",
                                                 "optimizer", "learning_rate", "batch_size",
                                                 "epochs",    "speed",         NULL };
static const char *const optimizers[] = { "adam", "sgd", "rmsprop", "adagrad", NULL };
static const char *const rates[] = { "0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", NULL };
static const char *const neuron_activations[] = { "sigmoid",    "tanh", "relu", "linear",
                                                  "leaky_relu", "elu",  "gelu", NULL };
static const char *const network_activations[] = { "relu", "tanh", "sigmoid", NULL };
static const char *const image_sets[] = { "fashion_mnist", "mnist", NULL };
static const char *const losses[] = { "binary_crossentropy", "mse", NULL };
static const char *const image_tabs[] = { "samples", "predictions", "draw", NULL };
static const char *const compare_tables[] = { "iris", "wine", "breast_cancer", "digits", NULL };
static const char *const scalers[] = { "standard", "minmax", "none", NULL };
static const char *const compare_tabs[] = { "data", "preview", "training", "results", NULL };
static const char *const keras_tabs[] = { "sequential", "dense",    "compile", "summary",
                                          "fit",        "evaluate", "predict", NULL };

/* Checks one directive for the scene and adds it to cfg; a message in why when it is wrong. */
static int apply_directive(const char *scene, const directive_line *d, const char *dataset, int n_models,
                           char *cfg, char *why, size_t n)
{
    const char *v = d->args, *name = d->name;
    char list[400];
    int x;
    if (strcmp(name, "dataset") == 0) {
        if (strcmp(scene, "images") == 0) {
            if (in_list(v, image_sets) < 0) {
                snprintf(why, n, "the images scene shows fashion_mnist or mnist, not \"%.40s\"", v);
                return -1;
            }
        } else if (strcmp(scene, "compare") == 0) {
            if (in_list(v, compare_tables) < 0) {
                join(list, sizeof list, compare_tables);
                snprintf(why, n, "the compare scene starts on a table: %.200s, not \"%.40s\"", list, v);
                return -1;
            }
        } else if (in_list(v, dataset_names()) < 0) {
            join(list, sizeof list, dataset_names());
            snprintf(why, n, "unknown dataset \"%.40s\" (expected one of %.280s)", v, list);
            return -1;
        } else if (strcmp(scene, "versus") == 0 && !data_is_playground(v)) {
            snprintf(why, n,
                     "the versus scene draws two decision maps: a 2-D set (circle, xor, gauss or spiral)");
            return -1;
        }
        add_config(cfg, "dataset=%s", v);
        return 0;
    }
    if (strcmp(name, "model") == 0) {
        model_spec m;
        if (parse_model(v, &m, why, n) < 0)
            return -1;
        char layers[96];
        model_layers(&m, layers, sizeof layers);
        if (strcmp(scene, "network") == 0) {
            const char *preset = strcmp(layers, "4") == 0 && m.sizes[0] == 3 && m.sizes[m.n - 1] == 2
                ? "course"
                : strcmp(layers, "6,6,6") == 0 && m.sizes[0] == 4 && m.sizes[m.n - 1] == 3  ? "deep"
                : strcmp(layers, "128") == 0 && m.sizes[0] == 784 && m.sizes[m.n - 1] == 10 ? "mnist"
                                                                                            : NULL;
            if (!preset) {
                snprintf(why, n, "the network scene shows 3-4-2, 4-6-6-6-3 or 784-128-10");
                return -1;
            }
            if (m.activation[0] && in_list(m.activation, network_activations) < 0) {
                snprintf(why, n, "the network scene's activations are relu, tanh and sigmoid");
                return -1;
            }
            add_config(cfg, "model=%s", preset);
            if (m.activation[0])
                add_config(cfg, "activation=%s", m.activation);
            return 0;
        }
        int in, out;
        if (dataset_shape(dataset, &in, &out) == 0 && (m.sizes[0] != in || m.sizes[m.n - 1] != out)) {
            snprintf(why, n, "the dataset %s has %d inputs and %d classes: the model goes %d-...-%d", dataset,
                     in, out, in, out);
            return -1;
        }
        const char *suffix = strcmp(scene, "versus") == 0 && n_models == 1 ? "_b" : "";
        add_config(cfg, "layers%s=%s", suffix, layers);
        if (m.activation[0])
            add_config(cfg, "activation%s=%s", suffix, m.activation);
        return 0;
    }
    if (strcmp(name, "activation") == 0) {
        const char *const *allowed = strcmp(scene, "neuron") == 0 ? neuron_activations : network_activations;
        if (in_list(v, allowed) < 0) {
            join(list, sizeof list, allowed);
            snprintf(why, n, "unknown activation \"%.40s\" (expected one of %.280s)", v, list);
            return -1;
        }
        add_config(cfg, "activation=%s", v);
        return 0;
    }
    if (strcmp(name, "optimizer") == 0 || strcmp(name, "learning_rate") == 0 || strcmp(name, "loss") == 0 ||
        strcmp(name, "scaler") == 0) {
        const char *const *allowed = name[0] == 'o' ? optimizers
            : name[0] == 's'                        ? scalers
            : name[0] == 'l' && name[1] == 'e'      ? rates
                                                    : losses;
        if (in_list(v, allowed) < 0) {
            join(list, sizeof list, allowed);
            snprintf(why, n, "\"%.40s\" is not one of %.280s", v, list);
            return -1;
        }
        add_config(cfg, "%s=%s", name, v);
        return 0;
    }
    if (strcmp(name, "batch_size") == 0 || strcmp(name, "epochs") == 0 || strcmp(name, "samples") == 0) {
        int lo = name[0] == 's' ? 10 : 1,
            hi = name[0] == 'b' ? 1024
            : name[0] == 'e'    ? TRAINER_MAX_EPOCHS
                                : 25;
        if (check_int(v, lo, hi, &x, why, n) < 0)
            return -1;
        add_config(cfg, "%s=%d", name, x);
        return 0;
    }
    if (strcmp(name, "controls") == 0 || strcmp(name, "lock") == 0) {
        if (check_words(v, training_controls, why, n) < 0)
            return -1;
        char words[256] = "", buf[256];
        snprintf(buf, sizeof buf, "%s", v);
        for (char *save = NULL, *w = strtok_r(buf, ", ", &save); w; w = strtok_r(NULL, ", ", &save))
            snprintf(words + strlen(words), sizeof words - strlen(words), "%s%s", words[0] ? "," : "", w);
        add_config(cfg, "%s=%s", name, words);
        return 0;
    }
    if (strcmp(name, "target") == 0) {
        /* a column's name: the configuration's separators cannot be in it */
        if (!*v || strlen(v) > 100 || strpbrk(v, ";=")) {
            snprintf(why, n, "expected the name of the class column (at most 100 bytes, no ';' or '=')");
            return -1;
        }
        add_config(cfg, "target=%s", v);
        return 0;
    }
    if (strcmp(name, "test_size") == 0) {
        char num[32];
        if (check_numbers(v, 1, 0.1f, 0.5f, num, sizeof num, why, n) < 0)
            return -1;
        add_config(cfg, "test_size=%s", num);
        return 0;
    }
    if (strcmp(name, "play") == 0) {
        if (*v) {
            snprintf(why, n, "@play takes nothing after it");
            return -1;
        }
        add_config(cfg, "play=1");
        return 0;
    }
    if (strcmp(name, "inputs") == 0 || strcmp(name, "weights") == 0 || strcmp(name, "bias") == 0) {
        char nums[96];
        if (check_numbers(v, name[0] == 'b' ? 1 : 3, -2, 2, nums, sizeof nums, why, n) < 0)
            return -1;
        add_config(cfg, "%s=%s", name, nums);
        return 0;
    }
    snprintf(why, n, "not a scene directive");
    return -1;
}

/* After the whole file: every directive against the scene, and the scene's configuration. */
static void finish_directives(parser *p, lesson_doc *d, char *cfg)
{
    const char *scene = "";
    int scene_line = 0;
    for (int i = 0; i < p->n_dirs; i++)
        if (strcmp(p->dirs[i].name, "scene") == 0) {
            if (scene_line) {
                perr(p, p->dirs[i].line, "@scene given twice (first on line %d)", scene_line);
                continue;
            }
            scene_line = p->dirs[i].line;
            scene = p->dirs[i].args;
            if (in_list(scene, lesson_scene_names) < 0) {
                char list[200];
                join(list, sizeof list, lesson_scene_names);
                perr(p, scene_line, "unknown scene \"%.40s\" (the scenes are %s)", scene, list);
                scene = "";
            }
        }
    d->scene = scene;
    /* the dataset first: a model is checked against it */
    const char *dataset = strcmp(scene, "images") == 0 ? "fashion_mnist" : "spiral";
    for (int i = 0; i < p->n_dirs; i++)
        if (strcmp(p->dirs[i].name, "dataset") == 0)
            dataset = p->dirs[i].args;
    int n_models = 0;
    for (int i = 0; i < p->n_dirs; i++) {
        const directive_line *dl = &p->dirs[i];
        if (strcmp(dl->name, "scene") == 0)
            continue;
        if (!scene[0]) {
            if (!scene_line)
                perr(p, dl->line, "@%s configures a scene, but the lesson has none (@scene ...)", dl->name);
            continue;
        }
        if (!word_in(scene, scenes_of(dl->name))) {
            char which[200] = "";
            for (size_t k = 0; k < sizeof directive_scenes / sizeof directive_scenes[0]; k++)
                if (k > 0 && word_in(scene, directive_scenes[k].scenes))
                    snprintf(which + strlen(which), sizeof which - strlen(which), "%s@%s",
                             which[0] ? ", " : "", directive_scenes[k].name);
            perr(p, dl->line, "the %s scene takes no @%s (it takes %s)", scene, dl->name,
                 which[0] ? which : "none");
            continue;
        }
        /* once each, but a versus scene compares two models */
        int first = 0, max = strcmp(dl->name, "model") == 0 && strcmp(scene, "versus") == 0 ? 2 : 1, seen = 0;
        for (int k = 0; k < i; k++)
            if (strcmp(p->dirs[k].name, dl->name) == 0 && seen++ == 0)
                first = p->dirs[k].line;
        if (seen >= max) {
            perr(p, dl->line, "@%s given %s (first on line %d)", dl->name,
                 max == 2 ? "more than twice" : "twice", first);
            continue;
        }
        char why[400];
        if (apply_directive(scene, dl, dataset, n_models, cfg, why, sizeof why) < 0)
            perr(p, dl->line, "@%s %.60s: %s", dl->name, dl->args, why);
        n_models += strcmp(dl->name, "model") == 0;
    }
    /* the pages' @tab: one view per page, a page without one keeps the view before it */
    int any = 0;
    for (int i = 0; i < d->n_pages; i++)
        any |= d->pages[i].tab != NULL;
    if (any) {
        const char *const *tabs = strcmp(scene, "keras") == 0 ? keras_tabs
            : strcmp(scene, "images") == 0                    ? image_tabs
            : strcmp(scene, "compare") == 0                   ? compare_tabs
                                                              : NULL;
        if (!tabs) {
            for (int i = 0; i < d->n_pages; i++)
                if (d->pages[i].tab) {
                    perr(p, d->pages[i].line, "@tab: the %s scene has no tabs (images, keras and compare have)",
                         scene[0] ? scene : "lesson's");
                    break;
                }
            return;
        }
        const char *cur = NULL;
        for (int i = 0; i < d->n_pages && !cur; i++)
            cur = d->pages[i].tab;
        char list[LESSON_DIRECTIVES_MAX / 2] = "";
        for (int i = 0; i < d->n_pages; i++) {
            if (d->pages[i].tab) {
                cur = d->pages[i].tab;
                if (in_list(cur, tabs) < 0) {
                    char names[200];
                    join(names, sizeof names, tabs);
                    perr(p, d->pages[i].line, "@tab %.40s: the %s scene's tabs are %s", cur, scene, names);
                }
            }
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? "," : "", cur);
        }
        add_config(cfg, "tabs=%s", list);
    }
}

/* ---- the whole file ------------------------------------------------------------------------------ */

/* The offset of the first byte that is not valid UTF-8, or -1. */
static int utf8_invalid_at(const unsigned char *s, int n)
{
    for (int i = 0; i < n;) {
        unsigned c = s[i];
        int need = c < 0x80      ? 0
            : (c & 0xe0) == 0xc0 ? 1
            : (c & 0xf0) == 0xe0 ? 2
            : (c & 0xf8) == 0xf0 ? 3
                                 : -1;
        if (need < 0 || i + need >= n + (need == 0))
            return i;
        uint32_t cp = need == 0 ? c : need == 1 ? c & 0x1f : need == 2 ? c & 0x0f : c & 0x07;
        for (int k = 1; k <= need; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return i;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        static const uint32_t min[4] = { 0, 0x80, 0x800, 0x10000 };
        if (cp < min[need] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return i;
        i += need + 1;
    }
    return -1;
}

static int file_number(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    int num = 0, k = 0;
    while (is_digit(base[k]) && k < 4)
        num = num * 10 + (base[k++] - '0');
    return k > 0 ? num : 0;
}

static void parser_free(parser *p)
{
    free(p->buf);
    free(p->blocks);
    free(p->pages);
    free(p->code);
    free(p->spans);
    free(p->links);
    free(p->dirs);
}

lesson_doc *lesson_parse(const char *text, size_t len, const char *path, char *err, size_t n)
{
    parser p = { .path = path ? path : "(lesson)", .err = err, .errn = n };
    if (err && n)
        err[0] = 0;
    lesson_doc *d = arena_alloc(&p.ar, sizeof *d);
    if (!d)
        goto oom;
    *d = (lesson_doc){ 0 };
    if (len > LESSON_FILE_MAX) {
        perr(&p, 1, "the file is %zu bytes long, more than a lesson's %d", len, LESSON_FILE_MAX);
        goto fail;
    }
    /* a copy that ends in a NUL, so that the pages' sources are strings */
    char *src = arena_strndup(&p.ar, text ? text : "", text ? len : 0);
    if (!src)
        goto oom;
    if (memchr(src, 0, len)) {
        p.line = 1;
        for (const char *c = src; *c; c++)
            p.line += *c == '\n';
        perr(&p, p.line, "a NUL byte: this is not a text file");
        goto fail;
    }
    size_t at = 0;
    if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
        at = 3; /* a byte order mark, as some editors write */
    int blank = 1;
    for (size_t i = at; i < len && blank; i++)
        blank = isspace((unsigned char)src[i]);
    if (blank) {
        perr(&p, 1, "the file is empty: a lesson starts with its title, a line \"# ...\"");
        goto fail;
    }
    p.page_start = src + at;
    p.page_line = 1;
    while (at < len) {
        const char *line = src + at;
        const char *nl = memchr(line, '\n', len - at);
        size_t ll = nl ? (size_t)(nl - line) : len - at;
        at += ll + (nl != NULL);
        p.line++;
        if (ll > 0 && line[ll - 1] == '\r')
            ll--;
        if (ll > LESSON_LINE_MAX) {
            perr(&p, p.line, "the line is %zu bytes long, more than %d: split it", ll, LESSON_LINE_MAX);
            continue;
        }
        int bad = utf8_invalid_at((const unsigned char *)line, (int)ll);
        if (bad >= 0) {
            perr(&p, p.line, "byte %d of the line is not UTF-8 (save the file as UTF-8)", bad + 1);
            continue;
        }
        parse_line(&p, line, (int)ll, line);
        if (p.oom)
            goto oom;
    }
    p.line++;
    if (p.in_code) {
        perr(&p, p.code_line, "the code block opened here is never closed: a line ``` is missing");
        close_code(&p); /* one message, not one more for an empty page */
    }
    if (flush(&p) < 0)
        goto oom;
    if (p.box != BOX_NONE) {
        perr(&p, p.box_line, "the :::%s box opened here is never closed: a line ::: is missing",
             p.box == BOX_TRY ? "try" : "quiz");
        if (p.box == BOX_QUIZ)
            close_quiz(&p);
    }
    if (end_page(&p, src + len) < 0 || p.oom)
        goto oom;
    if (!p.title)
        perr(&p, 1, "no title: a lesson starts with a line \"# ...\"");
    d->path = arena_strndup(&p.ar, p.path, strlen(p.path));
    d->number = file_number(p.path);
    d->title = p.title;
    d->n_pages = p.n_pages < LESSON_PAGES_MAX ? p.n_pages : LESSON_PAGES_MAX;
    d->pages = p.pages ? arena_copy(&p.ar, p.pages, (size_t)d->n_pages * sizeof *p.pages) : NULL;
    d->links = arena_copy(&p.ar, p.links, (size_t)p.n_links * sizeof *p.links);
    d->n_links = p.n_links;
    d->n_quizzes = p.quizzes;
    d->n_tries = p.boxes;
    char *cfg = arena_alloc(&p.ar, LESSON_DIRECTIVES_MAX);
    if (!d->path || !d->links || !cfg || (p.n_pages && !d->pages))
        goto oom;
    cfg[0] = 0;
    finish_directives(&p, d, cfg);
    d->directives = cfg;
    /* links inside this lesson: its own pages */
    for (int i = 0; i < d->n_links; i++)
        if (!d->links[i].url && d->links[i].lesson == 0 && d->links[i].page > d->n_pages)
            perr(&p, d->links[i].line, "link to page %d, but the lesson has %d", d->links[i].page,
                 d->n_pages);
    if (p.errors)
        goto fail;
    {
        arena *own = malloc(sizeof *own);
        if (!own)
            goto oom;
        *own = p.ar;
        d->arena = own;
    }
    parser_free(&p);
    return d;
oom:
    append_msg(err, n, "%s: out of memory", p.path);
fail:
    parser_free(&p);
    arena_free(&p.ar);
    return NULL;
}

lesson_doc *lesson_parse_file(const char *path, char *err, size_t n)
{
    if (err && n)
        err[0] = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        append_msg(err, n, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (len < cap)
            break;
        if (cap > LESSON_FILE_MAX) {
            /* far too long already: the parser says so without reading the rest */
            break;
        }
        char *nb = realloc(buf, cap * 2);
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    int read_err = ferror(f);
    fclose(f);
    if (!buf || read_err) {
        append_msg(err, n, "%s: %s", path, buf ? "read error" : "out of memory");
        free(buf);
        return NULL;
    }
    lesson_doc *d = lesson_parse(buf, len, path, err, n);
    free(buf);
    return d;
}

void lesson_doc_free(lesson_doc *d)
{
    if (!d)
        return;
    arena *a = d->arena;
    arena_free(a);
    free(a);
}

/* ---- two languages of one lesson ---------------------------------------------------------------- */

static int count_lines(const char *s)
{
    int n = 1;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

int lesson_same_structure(const lesson_doc *a, const lesson_doc *b, char *err, size_t n)
{
#define DIFFER(line_a, line_b, ...)                                                                   \
    do {                                                                                              \
        char what_[300];                                                                              \
        snprintf(what_, sizeof what_, __VA_ARGS__);                                                   \
        append_msg(err, n, "%s:%d and %s:%d: %s", a->path, line_a, b->path, line_b, what_);           \
        return -1;                                                                                    \
    } while (0)
    if (strcmp(a->scene, b->scene) != 0)
        DIFFER(1, 1, "not the same @scene (%s, %s)", a->scene, b->scene);
    if (strcmp(a->directives, b->directives) != 0)
        DIFFER(1, 1, "not the same directives (\"%s\" and \"%s\")", a->directives, b->directives);
    if (a->n_pages != b->n_pages)
        DIFFER(1, 1, "%d pages and %d pages", a->n_pages, b->n_pages);
    if (a->n_links != b->n_links)
        DIFFER(1, 1, "%d links and %d links", a->n_links, b->n_links);
    for (int i = 0; i < a->n_links; i++)
        if (a->links[i].lesson != b->links[i].lesson || a->links[i].page != b->links[i].page ||
            !a->links[i].url != !b->links[i].url)
            DIFFER(a->links[i].line, b->links[i].line, "link %d goes to different places", i + 1);
    static const char *const kinds[] = { "a heading", "a paragraph", "a list item", "code",
                                         "an image",  "a note",      "a quiz" };
    for (int pg = 0; pg < a->n_pages; pg++) {
        const lesson_page *pa = &a->pages[pg], *pb = &b->pages[pg];
        int k = 0;
        for (; k < pa->n_blocks && k < pb->n_blocks; k++) {
            const lesson_block *x = &pa->blocks[k], *y = &pb->blocks[k];
            if (x->kind != y->kind)
                DIFFER(x->line, y->line, "page %d: %s here, %s there", pg + 1, kinds[x->kind],
                       kinds[y->kind]);
            if (x->box != y->box)
                DIFFER(x->line, y->line, "page %d: inside a :::try box on one side only", pg + 1);
            if (x->kind == LESSON_HEADING && x->level != y->level)
                DIFFER(x->line, y->line, "page %d: headings of levels %d and %d", pg + 1, x->level, y->level);
            if (x->kind == LESSON_ITEM && !x->number != !y->number)
                DIFFER(x->line, y->line, "page %d: a numbered item on one side, a bullet on the other",
                       pg + 1);
            if (x->kind == LESSON_CODE &&
                (strcmp(x->lang, y->lang) != 0 || count_lines(x->text.s) != count_lines(y->text.s)))
                DIFFER(x->line, y->line, "page %d: code blocks of different languages or lengths", pg + 1);
            if (x->kind == LESSON_IMAGE && strcmp(x->path, y->path) != 0)
                DIFFER(x->line, y->line, "page %d: images %s and %s", pg + 1, x->path, y->path);
            if (x->kind == LESSON_QUIZ) {
                if (x->n_choices != y->n_choices)
                    DIFFER(x->line, y->line, "page %d: quizzes of %d and %d answers", pg + 1, x->n_choices,
                           y->n_choices);
                for (int c = 0; c < x->n_choices; c++)
                    if (x->choices[c].correct != y->choices[c].correct)
                        DIFFER(x->line, y->line, "page %d: answer %d of the quiz is right on one side only",
                               pg + 1, c + 1);
            }
        }
        if (k < pa->n_blocks || k < pb->n_blocks) {
            const lesson_block *extra = k < pa->n_blocks ? &pa->blocks[k] : &pb->blocks[k];
            DIFFER(k < pa->n_blocks ? extra->line : pa->line, k < pb->n_blocks ? extra->line : pb->line,
                   "page %d: %d blocks and %d blocks (%s more on one side)", pg + 1, pa->n_blocks,
                   pb->n_blocks, kinds[extra->kind]);
        }
        if (!pa->tab != !pb->tab || (pa->tab && strcmp(pa->tab, pb->tab) != 0))
            DIFFER(pa->line, pb->line, "page %d: not the same @tab", pg + 1);
    }
#undef DIFFER
    return 0;
}

/* ---- the folder ---------------------------------------------------------------------------------- */

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *lesson_default_dir(void)
{
    static char buf[4096];
    const char *env = getenv("NEURONE_LESSONS_DIR");
    if (env && *env)
        return env;
#ifdef NEURONE_INSTALL_DATADIR
    snprintf(buf, sizeof buf, "%s/lessons", NEURONE_INSTALL_DATADIR);
    if (is_dir(buf))
        return buf;
#endif
#ifdef NEURONE_SOURCE_DATADIR
    /* the source tree: lessons/ beside assets/ */
    snprintf(buf, sizeof buf, "%s", NEURONE_SOURCE_DATADIR);
    char *slash = strrchr(buf, '/');
    if (slash && slash != buf)
        *slash = 0;
    else
        snprintf(buf, sizeof buf, ".");
    snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "/lessons");
    return buf;
#else
    return "lessons";
#endif
}

int lesson_image_path(const char *lessons_dir, const char *assets_dir, const char *path, char *out, size_t n)
{
    if (path[0] == '/') {
        snprintf(out, n, "%s", path);
        return access(out, R_OK) == 0 ? 0 : -1;
    }
    if (lessons_dir) {
        snprintf(out, n, "%s/%s", lessons_dir, path);
        if (access(out, R_OK) == 0)
            return 0;
    }
    if (assets_dir) {
        snprintf(out, n, "%s/%s", assets_dir, path);
        if (access(out, R_OK) == 0)
            return 0;
    }
    return -1;
}

typedef struct name_entry { char name[256]; int number; } name_entry;

static int cmp_names(const void *x, const void *y)
{
    return strcmp(((const name_entry *)x)->name, ((const name_entry *)y)->name);
}

static void lib_msg(lesson_library *lib, int error, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void lib_msg(lesson_library *lib, int error, const char *fmt, ...)
{
    char line[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    size_t old = lib->errors ? strlen(lib->errors) : 0, add = strlen(line);
    char *e = realloc(lib->errors, old + add + 2);
    if (!e)
        return;
    memcpy(e + old, line, add);
    e[old + add] = '\n';
    e[old + add + 1] = 0;
    lib->errors = e;
    if (error)
        lib->n_errors++;
    else
        lib->n_warnings++;
}

/* Adds each line of msgs as an error. */
static void lib_errors(lesson_library *lib, const char *msgs)
{
    for (const char *p = msgs; *p;) {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        if (len > 0)
            lib_msg(lib, 1, "%.*s", len, p);
        p += len + (nl != NULL);
    }
}

static const char *const lang_dirs[LESSON_LANGS] = { "fr", "en" };

int lesson_library_load(lesson_library *lib, const char *dir, const char *assets_dir)
{
    memset(lib, 0, sizeof *lib);
    snprintf(lib->dir, sizeof lib->dir, "%s", dir);
    lib->errors = calloc(1, 1);
    char path[4400];
    name_entry *names[LESSON_LANGS] = { NULL, NULL };
    char present[64][LESSON_LANGS];
    memset(present, 0, sizeof present);
    int count[LESSON_LANGS] = { 0, 0 };
    const int max = (int)(sizeof lib->number / sizeof lib->number[0]);
    for (int l = 0; l < LESSON_LANGS; l++) {
        snprintf(path, sizeof path, "%s/%s", dir, lang_dirs[l]);
        DIR *dp = opendir(path);
        if (!dp) {
            lib_msg(lib, 1, "%s: %s (a lessons folder holds fr/ and en/)", path, strerror(errno));
            continue;
        }
        int cap = 0;
        for (struct dirent *e; (e = readdir(dp));) {
            size_t nl = strlen(e->d_name);
            if (e->d_name[0] == '.' || nl < 4 || strcmp(e->d_name + nl - 3, ".md") != 0)
                continue;
            if (nl >= sizeof names[l]->name) {
                lib_msg(lib, 1, "%s/%s: the file name is too long", path, e->d_name);
                continue;
            }
            int num = file_number(e->d_name);
            if (num <= 0) {
                lib_msg(lib, 0, "%s/%s: ignored: a lesson's file name starts with its number (10-...md)",
                        path, e->d_name);
                continue;
            }
            if (grow(&names[l], &cap, count[l], sizeof *names[l]) < 0)
                break;
            snprintf(names[l][count[l]].name, sizeof names[l][count[l]].name, "%s", e->d_name);
            names[l][count[l]++].number = num;
        }
        closedir(dp);
        if (count[l])
            qsort(names[l], (size_t)count[l], sizeof *names[l], cmp_names);
    }
    /* the lessons' numbers, in order: the file names' order, which the numbers give */
    for (int l = 0; l < LESSON_LANGS; l++)
        for (int i = 0; i < count[l]; i++) {
            int num = names[l][i].number, k = 0;
            if (i > 0 && names[l][i - 1].number == num) {
                lib_msg(lib, 1, "%s/%s/%s: lesson %d twice in %s (also %s)", dir, lang_dirs[l],
                        names[l][i].name, num, lang_dirs[l], names[l][i - 1].name);
                continue;
            }
            while (k < lib->n && lib->number[k] < num)
                k++;
            if (k < lib->n && lib->number[k] == num)
                continue;
            if (lib->n >= max) {
                lib_msg(lib, 1, "%s/%s/%s: more than %d lessons", dir, lang_dirs[l], names[l][i].name, max);
                continue;
            }
            memmove(&lib->number[k + 1], &lib->number[k], (size_t)(lib->n - k) * sizeof lib->number[0]);
            lib->number[k] = num;
            lib->n++;
        }
    for (int l = 0; l < LESSON_LANGS; l++)
        for (int i = 0; i < count[l]; i++) {
            if (i > 0 && names[l][i - 1].number == names[l][i].number)
                continue;
            int k = 0;
            while (k < lib->n && lib->number[k] != names[l][i].number)
                k++;
            if (k == lib->n)
                continue;
            present[k][l] = 1;
            snprintf(path, sizeof path, "%s/%s/%s", dir, lang_dirs[l], names[l][i].name);
            char err[8192];
            lib->doc[k][l] = lesson_parse_file(path, err, sizeof err);
            if (!lib->doc[k][l])
                lib_errors(lib, err);
        }
    free(names[0]);
    free(names[1]);
    /* what needs the whole folder: images, links, and the two languages side by side */
    for (int k = 0; k < lib->n; k++) {
        for (int l = 0; l < LESSON_LANGS; l++) {
            const lesson_doc *d = lib->doc[k][l];
            if (!d)
                continue;
            for (int pg = 0; pg < d->n_pages; pg++)
                for (int b = 0; b < d->pages[pg].n_blocks; b++) {
                    const lesson_block *bl = &d->pages[pg].blocks[b];
                    if (bl->kind == LESSON_IMAGE &&
                        lesson_image_path(dir, assets_dir, bl->path, path, sizeof path) < 0)
                        lib_msg(lib, 1, "%s:%d: image \"%s\" not found in %s%s%s", d->path, bl->line,
                                bl->path, dir, assets_dir ? " nor in " : "", assets_dir ? assets_dir : "");
                }
            for (int i = 0; i < d->n_links; i++) {
                const lesson_link *lk = &d->links[i];
                if (lk->url || lk->lesson == 0)
                    continue;
                int t = 0;
                while (t < lib->n && lib->number[t] != lk->lesson)
                    t++;
                const lesson_doc *target =
                    t < lib->n ? (lib->doc[t][l] ? lib->doc[t][l] : lib->doc[t][!l]) : NULL;
                if (t == lib->n)
                    lib_msg(lib, 1, "%s:%d: link to lesson %d, which is not in %s", d->path, lk->line,
                            lk->lesson, dir);
                else if (target && lk->page > target->n_pages)
                    lib_msg(lib, 1, "%s:%d: link to page %d of lesson %d, which has %d", d->path, lk->line,
                            lk->page, lk->lesson, target->n_pages);
            }
        }
        const lesson_doc *fr = lib->doc[k][0], *en = lib->doc[k][1];
        if (fr && en) {
            char err[1024] = "";
            if (lesson_same_structure(fr, en, err, sizeof err) < 0)
                lib_errors(lib, err);
        } else if ((fr && !present[k][1]) || (en && !present[k][0])) {
            /* a file that exists but is broken was reported already */
            const lesson_doc *d = fr ? fr : en;
            lib_msg(lib, 0, "%s: lesson %d has no %s file in %s/%s: it shows in %s in both languages",
                    d->path, d->number, fr ? "English" : "French", dir, lang_dirs[fr ? 1 : 0],
                    fr ? "French" : "English");
        }
    }
    if (lib->n == 0)
        lib_msg(lib, 1, "%s: no lessons (files fr/NN-name.md and en/NN-name.md)", dir);
    return lib->n_errors;
}

void lesson_library_free(lesson_library *lib)
{
    for (int k = 0; k < lib->n; k++)
        for (int l = 0; l < LESSON_LANGS; l++)
            lesson_doc_free(lib->doc[k][l]);
    free(lib->errors);
    memset(lib, 0, sizeof *lib);
}

/* ---- the app's lessons --------------------------------------------------------------------------- */

/* The folder the app reads, and each lesson as the runner sees it, in both languages. A lesson
 * whose files are both broken stays in the list, showing its errors, so that the instructor sees
 * what to fix where the lesson would be. */
static lesson_library library;
static int loaded;
static lesson_def defs[LESSON_MAX][LESSON_LANGS];
static int n_defs;
static char fallback_text[2][2048];

static void build_def(lesson_def *def, const lesson_doc *d, int number)
{
    *def = (lesson_def){ .title = d->title,
                         .scene = d->scene,
                         .directives = d->directives,
                         .doc = d,
                         .number = number,
                         .n_pages = d->n_pages < LESSON_MAX_PAGES ? d->n_pages : LESSON_MAX_PAGES };
    for (int p = 0; p < def->n_pages; p++)
        def->pages[p] = d->pages[p].source;
}

int lesson_load(const char *dir)
{
    lesson_unload();
    loaded = 1;
    int errors = lesson_library_load(&library, dir ? dir : lesson_default_dir(), nn_data_dir());
    n_defs = 0;
    for (int k = 0; k < library.n && n_defs < LESSON_MAX; k++) {
        for (int l = 0; l < LESSON_LANGS; l++) {
            const lesson_doc *d = library.doc[k][l] ? library.doc[k][l] : library.doc[k][!l];
            if (d)
                build_def(&defs[n_defs][l], d, library.number[k]);
            else {
                static char titles[LESSON_MAX][32];
                snprintf(titles[n_defs], sizeof titles[n_defs], "%s %d", l == LANG_EN ? "Lesson" : "Leçon",
                         library.number[k]);
                defs[n_defs][l] = (lesson_def){ .title = titles[n_defs],
                                                .scene = "",
                                                .directives = "",
                                                .n_pages = 1,
                                                .number = library.number[k] };
                defs[n_defs][l].pages[0] = library.errors;
            }
        }
        n_defs++;
    }
    if (n_defs == 0) {
        /* nothing to show: one page that says where the lessons were looked for */
        snprintf(
            fallback_text[0], sizeof fallback_text[0],
            "Aucune leçon n'a été trouvée dans %.900s.\n\nDonnez le dossier des leçons avec --lessons DOSSIER.\n\n%.900s",
            library.dir, library.errors ? library.errors : "");
        snprintf(fallback_text[1], sizeof fallback_text[1],
                 "No lessons were found in %.900s.\n\nGive the lessons' folder with --lessons DIR.\n\n%.900s",
                 library.dir, library.errors ? library.errors : "");
        for (int l = 0; l < LESSON_LANGS; l++) {
            defs[0][l] = (lesson_def){ .title = l == LANG_EN ? "No lessons" : "Aucune leçon", .scene = "",
                                       .directives = "", .n_pages = 1 };
            defs[0][l].pages[0] = fallback_text[l];
        }
        n_defs = 1;
    }
    return errors;
}

void lesson_unload(void)
{
    if (loaded)
        lesson_library_free(&library);
    loaded = 0;
    n_defs = 0;
}

const char *lesson_load_errors(void)
{
    if (!loaded)
        lesson_load(NULL);
    return library.errors ? library.errors : "";
}

const char *lesson_dir(void)
{
    if (!loaded)
        lesson_load(NULL);
    return library.dir;
}

int lesson_count(void)
{
    if (!loaded)
        lesson_load(NULL);
    return n_defs;
}

const lesson_def *lesson_get(int i)
{
    if (i < 0 || i >= lesson_count())
        return NULL;
    return &defs[i][lang_current() == LANG_EN ? LANG_EN : LANG_FR];
}

int lesson_index_of(int number)
{
    for (int i = 0; i < lesson_count(); i++)
        if (defs[i][0].number == number)
            return i;
    return -1;
}
