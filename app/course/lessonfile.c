/* lessonfile.c — a lesson file read into pages of blocks: its lines one by one (lesson_lines.c),
 * then its directives (lesson_directives.c); and the French and English files of a lesson side by
 * side. */
#include "lessonfile.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson_parse.h"
#include "textfile.h"

/* The offset of the first byte that is not valid UTF-8, or -1. */
static int utf8_invalid_at(const unsigned char *s, int n)
{
    for (int i = 0; i < n;) {
        unsigned c = s[i];
        int need = c < 0x80             ? 0
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

int lesson_file_number(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    int num = 0, k = 0;
    while (base[k] >= '0' && base[k] <= '9' && k < 4)
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

/* The file's lines, each checked for its length and its UTF-8, then read. -1 out of memory. */
static int read_lines(parser *p, const char *src, size_t at, size_t len)
{
    p->page_start = src + at;
    p->page_line = 1;
    while (at < len) {
        const char *line = src + at;
        const char *nl = memchr(line, '\n', len - at);
        size_t ll = nl ? (size_t)(nl - line) : len - at;
        at += ll + (nl != NULL);
        p->line++;
        if (ll > 0 && line[ll - 1] == '\r')
            ll--;
        if (ll > LESSON_LINE_MAX) {
            lesson_perr(p, p->line, "the line is %zu bytes long, more than %d: split it", ll,
                        LESSON_LINE_MAX);
            continue;
        }
        int bad = utf8_invalid_at((const unsigned char *)line, (int)ll);
        if (bad >= 0) {
            lesson_perr(p, p->line, "byte %d of the line is not UTF-8 (save the file as UTF-8)", bad + 1);
            continue;
        }
        lesson_parse_line(p, line, (int)ll, line);
        if (p->oom)
            return -1;
    }
    return 0;
}

/* What the end of the file closes: a code block, the text gathered, a box, the last page. */
static int end_file(parser *p, const char *end)
{
    p->line++;
    if (p->in_code) {
        lesson_perr(p, p->code_line, "the code block opened here is never closed: a line ``` is missing");
        lesson_close_code(p); /* one message, not one more for an empty page */
    }
    if (lesson_flush(p) < 0)
        return -1;
    if (p->box != BOX_NONE) {
        lesson_perr(p, p->box_line, "the :::%s box opened here is never closed: a line ::: is missing",
                    p->box == BOX_TRY ? "try" : p->box == BOX_QUIZ ? "quiz" : "notes");
        if (p->box == BOX_QUIZ)
            lesson_close_quiz(p);
    }
    if (lesson_end_page(p, end) < 0 || p->oom)
        return -1;
    if (!p->title)
        lesson_perr(p, 1, "no title: a lesson starts with a line \"# ...\"");
    return 0;
}

/* The lesson from what the parser gathered, its directives checked. -1 out of memory. */
static int fill_doc(parser *p, lesson_doc *d)
{
    d->path = arena_strndup(&p->ar, p->path, strlen(p->path));
    d->number = lesson_file_number(p->path);
    d->title = p->title;
    d->n_pages = p->n_pages < LESSON_MAX_PAGES ? p->n_pages : LESSON_MAX_PAGES;
    d->pages = p->pages ? arena_copy(&p->ar, p->pages, (size_t)d->n_pages * sizeof *p->pages) : NULL;
    d->links = arena_copy(&p->ar, p->links, (size_t)p->n_links * sizeof *p->links);
    d->n_links = p->n_links;
    d->n_quizzes = p->quizzes;
    d->n_tries = p->boxes;
    if (!d->path || !d->links || (p->n_pages && !d->pages))
        return -1;
    lesson_finish_directives(p, d);
    d->config.code = p->model_code;
    d->config.code_line = p->model_code_line;
    if (p->model_code && !d->scene[0])
        lesson_perr(p, p->model_code_line, "a ```python model block sets a scene's code, but the lesson has no @scene");
    /* links inside this lesson: its own pages */
    for (int i = 0; i < d->n_links; i++)
        if (!d->links[i].url && d->links[i].lesson == 0 && d->links[i].page > d->n_pages)
            lesson_perr(p, d->links[i].line, "link to page %d, but the lesson has %d", d->links[i].page,
                        d->n_pages);
    return 0;
}

/* A copy of text that ends in a NUL, so that the pages' sources are strings; NULL when it is not a
 * lesson's text at all (too long, a NUL byte, blank), with the message, or out of memory. */
static char *text_copy(parser *p, const char *text, size_t len, size_t *start)
{
    if (len > LESSON_FILE_MAX) {
        lesson_perr(p, 1, "the file is too long: more than a lesson's %d bytes", LESSON_FILE_MAX);
        return NULL;
    }
    char *src = arena_strndup(&p->ar, text ? text : "", text ? len : 0);
    if (!src) {
        p->oom = 1;
        return NULL;
    }
    if (memchr(src, 0, len)) {
        p->line = 1;
        for (const char *c = src; *c; c++)
            p->line += *c == '\n';
        lesson_perr(p, p->line, "a NUL byte: this is not a text file");
        return NULL;
    }
    *start = len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0 ? 3 : 0; /* a byte order mark */
    int blank = 1;
    for (size_t i = *start; i < len && blank; i++)
        blank = isspace((unsigned char)src[i]);
    if (blank) {
        lesson_perr(p, 1, "the file is empty: a lesson starts with its title, a line \"# ...\"");
        return NULL;
    }
    return src;
}

lesson_doc *lesson_parse(const char *text, size_t len, const char *path, char *err, size_t n)
{
    parser p = { .path = path ? path : "(lesson)", .err = err, .errn = n };
    if (err && n)
        err[0] = 0;
    lesson_doc *d = arena_alloc(&p.ar, sizeof *d);
    arena *own = malloc(sizeof *own);
    size_t start = 0;
    char *src = d && own ? text_copy(&p, text, len, &start) : NULL;
    if (!d || !own || p.oom)
        goto oom;
    if (!src)
        goto fail;
    *d = (lesson_doc){ 0 };
    if (read_lines(&p, src, start, len) < 0 || end_file(&p, src + len) < 0 || fill_doc(&p, d) < 0)
        goto oom;
    if (p.errors)
        goto fail;
    *own = p.ar;
    d->arena = own;
    parser_free(&p);
    return d;
oom:
    lesson_append_msg(err, n, "%s: out of memory", p.path);
fail:
    free(own);
    parser_free(&p);
    arena_free(&p.ar);
    return NULL;
}

lesson_doc *lesson_parse_file(const char *path, char *err, size_t n)
{
    if (err && n)
        err[0] = 0;
    size_t len;
    /* one byte past the limit: a file far too long reads as just too long, which the parser says */
    char *buf = text_file_read(path, (size_t)LESSON_FILE_MAX + 1, &len);
    if (!buf) {
        lesson_append_msg(err, n, "%s: %s", path, errno == ENOMEM ? "out of memory" : strerror(errno));
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

#define DIFFER(line_a, line_b, ...)                                                                          \
    do {                                                                                                     \
        char what_[300];                                                                                     \
        snprintf(what_, sizeof what_, __VA_ARGS__);                                                          \
        lesson_append_msg(err, n, "%s:%d and %s:%d: %s", a->path, line_a, b->path, line_b, what_);           \
        return -1;                                                                                           \
    } while (0)

static const char *const kinds[] = { "a heading", "a paragraph", "a list item", "code",
                                     "an image",  "a note",      "a quiz" };

static int count_lines(const char *s)
{
    int lines = 1;
    for (; *s; s++)
        lines += *s == '\n';
    return lines;
}

/* Block x of a's page pg against block y of b's. */
static int same_block(const lesson_doc *a, const lesson_doc *b, int pg, const lesson_block *x,
                      const lesson_block *y, char *err, size_t n)
{
    if (x->kind != y->kind)
        DIFFER(x->line, y->line, "page %d: %s here, %s there", pg + 1, kinds[x->kind], kinds[y->kind]);
    if (x->box != y->box)
        DIFFER(x->line, y->line, "page %d: inside a :::try box on one side only", pg + 1);
    if (x->notes != y->notes)
        DIFFER(x->line, y->line, "page %d: inside a :::notes box on one side only", pg + 1);
    if (x->kind == LESSON_HEADING && x->level != y->level)
        DIFFER(x->line, y->line, "page %d: headings of levels %d and %d", pg + 1, x->level, y->level);
    if (x->kind == LESSON_ITEM && !x->number != !y->number)
        DIFFER(x->line, y->line, "page %d: a numbered item on one side, a bullet on the other", pg + 1);
    if (x->kind == LESSON_CODE &&
        (strcmp(x->lang, y->lang) != 0 || count_lines(x->text.s) != count_lines(y->text.s)))
        DIFFER(x->line, y->line, "page %d: code blocks of different languages or lengths", pg + 1);
    if (x->kind == LESSON_IMAGE && strcmp(x->path, y->path) != 0)
        DIFFER(x->line, y->line, "page %d: images %s and %s", pg + 1, x->path, y->path);
    if (x->kind != LESSON_QUIZ)
        return 0;
    if (x->n_choices != y->n_choices)
        DIFFER(x->line, y->line, "page %d: quizzes of %d and %d answers", pg + 1, x->n_choices, y->n_choices);
    for (int c = 0; c < x->n_choices; c++)
        if (x->choices[c].correct != y->choices[c].correct)
            DIFFER(x->line, y->line, "page %d: answer %d of the quiz is right on one side only", pg + 1,
                   c + 1);
    return 0;
}

static int same_page(const lesson_doc *a, const lesson_doc *b, int pg, char *err, size_t n)
{
    const lesson_page *pa = &a->pages[pg], *pb = &b->pages[pg];
    int k = 0;
    for (; k < pa->n_blocks && k < pb->n_blocks; k++)
        if (same_block(a, b, pg, &pa->blocks[k], &pb->blocks[k], err, n) < 0)
            return -1;
    if (k < pa->n_blocks || k < pb->n_blocks) {
        const lesson_block *extra = k < pa->n_blocks ? &pa->blocks[k] : &pb->blocks[k];
        DIFFER(k < pa->n_blocks ? extra->line : pa->line, k < pb->n_blocks ? extra->line : pb->line,
               "page %d: %d blocks and %d blocks (%s more on one side)", pg + 1, pa->n_blocks, pb->n_blocks,
               kinds[extra->kind]);
    }
    if (!pa->tab != !pb->tab || (pa->tab && strcmp(pa->tab, pb->tab) != 0))
        DIFFER(pa->line, pb->line, "page %d: not the same @tab", pg + 1);
    return 0;
}

int lesson_same_structure(const lesson_doc *a, const lesson_doc *b, char *err, size_t n)
{
    if (strcmp(a->scene, b->scene) != 0)
        DIFFER(1, 1, "not the same @scene (%s, %s)", a->scene, b->scene);
    char ca[1024], cb[1024];
    lesson_config_describe(&a->config, ca, sizeof ca);
    lesson_config_describe(&b->config, cb, sizeof cb);
    if (strcmp(ca, cb) != 0)
        DIFFER(1, 1, "not the same directives (\"%.120s\" and \"%.120s\")", ca, cb);
    if (a->n_pages != b->n_pages)
        DIFFER(1, 1, "%d pages and %d pages", a->n_pages, b->n_pages);
    if (a->n_links != b->n_links)
        DIFFER(1, 1, "%d links and %d links", a->n_links, b->n_links);
    for (int i = 0; i < a->n_links; i++)
        if (a->links[i].lesson != b->links[i].lesson || a->links[i].page != b->links[i].page ||
            !a->links[i].url != !b->links[i].url)
            DIFFER(a->links[i].line, b->links[i].line, "link %d goes to different places", i + 1);
    for (int pg = 0; pg < a->n_pages; pg++)
        if (same_page(a, b, pg, err, n) < 0)
            return -1;
    return 0;
}
#undef DIFFER
