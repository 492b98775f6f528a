/* lesson_view.c — a lesson's page, laid out and drawn: rich text, lists, code in colour, images,
 * notes, "try this" boxes and quizzes. */
#include "lesson_view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font.h"
#include "lang.h"
#include "lessonfile.h"
#include "nn.h"

/* stb_image is a single-header library; its PNG reader is compiled here, once for the program, with the warnings
 * it would raise under -Wextra -Wshadow silenced for it alone. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wdouble-promotion"
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_NO_STDIO_WARNINGS
#include <stb/stb_image.h>
#pragma GCC diagnostic pop

enum { MAX_IMAGES = 32, MAX_QUIZZES = LESSON_QUIZZES_MAX, CODE_LINE_MAX = 4096 };

typedef struct view_image {
    char path[4200];
    uint8_t *pixels;             /* (h, w, 4), from stb_image; NULL when it could not be read */
    ui_image img;
} view_image;

struct lesson_view {
    signed char answer[LESSON_MAX][MAX_QUIZZES];  /* the choice picked, -1: none yet */
    view_image images[MAX_IMAGES];
    int n_images;
    unsigned char code_class[CODE_LINE_MAX];      /* scratch: the class of each byte of a code line */
};

lesson_view *lesson_view_create(void)
{
    lesson_view *v = calloc(1, sizeof *v);
    if (v)
        memset(v->answer, -1, sizeof v->answer);
    return v;
}

void lesson_view_free(lesson_view *v)
{
    if (!v)
        return;
    for (int i = 0; i < v->n_images; i++)
        stbi_image_free(v->images[i].pixels);
    free(v);
}

int lesson_view_answer(const lesson_view *v, int lesson, int quiz)
{
    if (!v || lesson < 0 || lesson >= LESSON_MAX || quiz < 0 || quiz >= MAX_QUIZZES)
        return -1;
    return v->answer[lesson][quiz];
}

void lesson_view_set_answer(lesson_view *v, int lesson, int quiz, int choice)
{
    if (v && lesson >= 0 && lesson < LESSON_MAX && quiz >= 0 && quiz < MAX_QUIZZES)
        v->answer[lesson][quiz] = (signed char)choice;
}

/* ---- a frame's drawing context ------------------------------------------------------------------ */

typedef struct ctx {
    lesson_view *v;
    ui_context *ui;
    const ui_theme *th;
    const lesson_doc *doc;
    int lesson;
    int draw;                    /* 0: measure only */
    ui_rect clip;                /* what can be seen: blocks outside it are measured, not drawn */
    int clicked;
    lesson_view_go go;
    int piece;                   /* numbers the link pieces of the frame, for their ids */
} ctx;

static int visible(const ctx *c, float y, float h)
{
    return c->draw && y + h >= c->clip.y && y <= c->clip.y + c->clip.h;
}

/* ---- rich text ------------------------------------------------------------------------------------ */

/* The font of a run: code in the monospace font; bold and italic in the body's own faces. */
static int font_of(unsigned style, int base)
{
    if (style & LESSON_MONO)
        return UI_FONT_CODE;
    if (base != UI_FONT_BODY)
        return base;
    if (style & LESSON_BOLD)
        return UI_FONT_BOLD;
    if (style & LESSON_ITALIC)
        return UI_FONT_ITALIC;
    return UI_FONT_BODY;
}

/* French typography keeps a space with what it separates: before ; : ! ? » % and after «, and
 * between the groups of a number (60 000). A formula keeps its sides with their = and ×. A line never
 * breaks there. */
static int glued_space(const char *s, int i, int len)
{
    if (i + 1 >= len || i == 0)
        return 0;
    unsigned char next = (unsigned char)s[i + 1], prev = (unsigned char)s[i - 1];
    if (strchr(";:!?%=", next) || prev == '=')
        return 1;
    if ((next == 0xc3 && i + 2 < len && (unsigned char)s[i + 2] == 0x97) || (prev == 0x97 && i >= 2 && (unsigned char)s[i - 2] == 0xc3))
        return 1; /* × */
    if (next == 0xc2 && i + 2 < len && (unsigned char)s[i + 2] == 0xbb) /* » */
        return 1;
    if (prev == 0xab && i >= 2 && (unsigned char)s[i - 2] == 0xc2)     /* « */
        return 1;
    return prev >= '0' && prev <= '9' && next >= '0' && next <= '9';
}

static int is_break(const lesson_text *t, int i)
{
    return t->s[i] == ' ' && !glued_space(t->s, i, t->len);
}

/* The width of bytes [a, b), run by run. */
static float run_width(ctx *c, const lesson_text *t, int base, int a, int b)
{
    float w = 0;
    if (t->n_spans == 0)
        return ui_text_width(c->ui, base, t->s + a, b - a);
    for (int i = 0; i < t->n_spans && a < b; i++) {
        const lesson_span *sp = &t->spans[i];
        int s0 = sp->start > a ? sp->start : a, s1 = sp->start + sp->len < b ? sp->start + sp->len : b;
        if (s1 > s0)
            w += ui_text_width(c->ui, font_of(sp->style, base), t->s + s0, s1 - s0);
    }
    return w;
}

/* Draws bytes [a, b) at x, y (the line's top), run by run, on a common baseline. */
static void run_draw(ctx *c, const lesson_text *t, int base, int a, int b, float x, float y, ui_color color)
{
    ui_context *ui = c->ui;
    const ui_theme *th = c->th;
    float ascent = (float)font_ascent(ui->fonts[base]);
    lesson_span whole = { 0, t->len, 0, -1 };
    const lesson_span *spans = t->n_spans ? t->spans : &whole;
    int n = t->n_spans ? t->n_spans : 1;
    for (int i = 0; i < n; i++) {
        const lesson_span *sp = &spans[i];
        int s0 = sp->start > a ? sp->start : a, s1 = sp->start + sp->len < b ? sp->start + sp->len : b;
        if (s1 <= s0)
            continue;
        int f = font_of(sp->style, base);
        float w = ui_text_width(ui, f, t->s + s0, s1 - s0);
        float fy = y + ascent - (float)font_ascent(ui->fonts[f]);
        ui_color col = color;
        if (sp->style & LESSON_MONO) {
            float pad = ui_px(ui, 2);
            ui_fill_round_rect(ui, (ui_rect){ x - pad, fy, w + 2 * pad, (float)font_height(ui->fonts[f]) }, pad,
                               ui_alpha(th->accent_dim, 0.55f));
        }
        if (sp->style & LESSON_LINK) {
            const lesson_link *lk = &c->doc->links[sp->link];
            ui_rect hit = { x, y, w, ui_line_height(ui, base) };
            ui_id id = ui_get_id_int(ui, "link", c->piece++);
            if (ui_interact(ui, id, hit)) {
                c->clicked = 1;
                c->go.lesson = lk->url ? c->lesson : lk->lesson ? lesson_index_of(lk->lesson) : c->lesson;
                c->go.page = lk->page > 0 ? lk->page - 1 : 0;
                c->go.url = lk->url;
            }
            col = th->accent;
            float uy = fy + (float)font_ascent(ui->fonts[f]) + ui_px(ui, 2);
            ui_fill_rect(ui, (ui_rect){ x, uy, w, ui->hot == id ? ui_px(ui, 2) : 1 },
                         ui_alpha(th->accent, 0.8f));
            if (lk->url)
                ui_tooltip(ui, hit, lk->url);
        }
        ui_draw_text(ui, f, t->s + s0, s1 - s0, x, fy, col);
        x += w;
    }
}

/* Lays out t in width w from x, y, breaking lines at spaces; draws when the context does.
 * Returns the height. */
static float rich(ctx *c, const lesson_text *t, int base, float x, float y, float w, ui_color color)
{
    ui_context *ui = c->ui;
    float lh = ui_line_height(ui, base) * 1.12f, top = y;
    int pos = 0, len = t->len;
    while (pos < len && t->s[pos] == ' ')
        pos++;
    while (pos < len) {
        int line_start = pos, line_end = pos, q = pos, cut = 0;
        while (q < len) {
            int we = q;
            while (we < len && !is_break(t, we))
                we++;
            if (run_width(c, t, base, line_start, we) > w) {
                if (line_end == line_start) {
                    /* a word longer than the line: cut it where the width runs out */
                    int k = line_start + 1;
                    while (k < we && ((unsigned char)t->s[k] & 0xc0) == 0x80)
                        k++;
                    line_end = k;
                    while (k < we) {
                        int k2 = k + 1;
                        while (k2 < we && ((unsigned char)t->s[k2] & 0xc0) == 0x80)
                            k2++;
                        if (run_width(c, t, base, line_start, k2) > w)
                            break;
                        line_end = k = k2;
                    }
                    cut = line_end < we;
                }
                break;
            }
            line_end = we;
            q = we;
            while (q < len && t->s[q] == ' ')
                q++;
        }
        if (visible(c, y, lh)) {
            run_draw(c, t, base, line_start, line_end, x, y, color);
            if (cut && ui->check)
                ui_check_mark_cut(ui);
        }
        y += lh;
        pos = line_end;
        while (pos < len && t->s[pos] == ' ')
            pos++;
    }
    return y - top;
}

/* ---- code, with Python's syntax in colour ----------------------------------------------------------- */

enum { PY_PLAIN, PY_KEYWORD, PY_STRING, PY_NUMBER, PY_COMMENT, PY_CALL, PY_ARG, PY_CLASSES };

/* Code is printed on light paper in every theme (the colours of its syntax are chosen for it): its
 * plain text is dark even where the theme's text is white, as in demo mode's projector theme. */
static ui_color code_color(const ui_theme *th, int k)
{
    static const uint32_t colors[PY_CLASSES] = {
        0x1f2328, 0xa626a4, 0x2e7d32, 0x0b7a75, 0x7a8591, 0x1f5fa8, 0x986801
    };
    (void)th;
    return ui_rgb(colors[k]);
}

static int word_is(const char *s, int n, const char *const *words)
{
    for (int i = 0; words[i]; i++)
        if ((int)strlen(words[i]) == n && strncmp(s, words[i], (size_t)n) == 0)
            return 1;
    return 0;
}

static int ident_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
           (unsigned char)ch >= 0x80;
}

/* The class of each byte of one line of Python: keywords, strings, numbers, comments, the names
 * that are called (Sequential, Dense, fit) and the names of keyword arguments (units=). */
static void python_classes(const char *s, int n, unsigned char *out)
{
    static const char *const keywords[] = { "False", "None",   "True",     "and",    "as",     "assert",
                                            "break", "class",  "continue", "def",    "del",    "elif",
                                            "else",  "except", "finally",  "for",    "from",   "global",
                                            "if",    "import", "in",       "is",     "lambda", "not",
                                            "or",    "pass",   "raise",    "return", "try",    "while",
                                            "with",  "yield",  NULL };
    memset(out, PY_PLAIN, (size_t)n);
    for (int i = 0; i < n;) {
        char ch = s[i];
        if (ch == '#') {
            memset(out + i, PY_COMMENT, (size_t)(n - i));
            return;
        }
        if (ch == '\'' || ch == '"') {
            int j = i + 1;
            while (j < n && s[j] != ch)
                j += s[j] == '\\' ? 2 : 1;
            j = j < n ? j + 1 : n;
            memset(out + i, PY_STRING, (size_t)(j - i));
            i = j;
            continue;
        }
        if (ch >= '0' && ch <= '9') {
            int j = i;
            while (j < n && (ident_char(s[j]) || s[j] == '.'))
                j++;
            memset(out + i, PY_NUMBER, (size_t)(j - i));
            i = j;
            continue;
        }
        if (ident_char(ch)) {
            int j = i;
            while (j < n && ident_char(s[j]))
                j++;
            int k = j;
            while (k < n && s[k] == ' ')
                k++;
            int cls = word_is(s + i, j - i, keywords)                   ? PY_KEYWORD
                      : k < n && s[k] == '('                            ? PY_CALL
                      : k < n && s[k] == '=' && (k + 1 >= n || s[k + 1] != '=') ? PY_ARG
                                                                        : PY_PLAIN;
            memset(out + i, cls, (size_t)(j - i));
            i = j;
            continue;
        }
        i++;
    }
}

/* Where a visual line of at most room characters from s[at] (of a source line n bytes long,
 * indented by indent spaces) ends: at a break past the indent, after a space (best), an opening
 * bracket, before a dot (".method(" starts the next line), or after an '=' or a ',' (last resort),
 * when the line is longer than room; else where the room or the line runs out. */
static int code_line_end(const char *s, int n, int at, int indent, int room)
{
    int k = at, chars = 0, brk[3] = { -1, -1, -1 };
    while (k < n && chars < room) {
        if (k > at && k >= indent && s[k] == ' ')
            brk[0] = k;
        else if (k > at && k >= indent && (s[k] == '(' || s[k] == '['))
            brk[1] = k;
        else if (k > at + 1 && k > indent && s[k] == '.')
            brk[1] = k - 1;
        else if (k > at && k >= indent && (s[k] == '=' || s[k] == ','))
            brk[2] = k;
        k++;
        while (k < n && ((unsigned char)s[k] & 0xc0) == 0x80)
            k++;
        chars++;
    }
    for (int b = 0; b < 3 && k < n; b++)
        if (brk[b] > at + room / 4)
            return brk[b] + 1;
    return k;
}

/* A byte of a Python name or number (or of a UTF-8 letter): a line cut between two of them cuts
 * a token. */
static int code_word_char(char ch)
{
    unsigned char u = (unsigned char)ch;
    return u >= 0x80 || u == '_' || (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z');
}

/* A visual line at..k of a source line of n bytes ends inside a token. */
static int cuts_token(const char *s, int n, int at, int k)
{
    return k < n && k > at && code_word_char(s[k - 1]) && code_word_char(s[k]);
}

/* The bytes at..k of a code line from (px, cy), in runs of one colour (c->v->code_class). */
static void draw_code_runs(ctx *c, int font, const char *s, int at, int k, float px, float cy)
{
    ui_context *ui = c->ui;
    for (int r = at; r < k;) {
        int e = r;
        while (e < k && c->v->code_class[e] == c->v->code_class[r])
            e++;
        px += ui_draw_text(ui, font, s + r, e - r, px, cy, code_color(c->th, c->v->code_class[r]));
        r = e;
    }
}

/* Where visual line at.. of a source line s (n bytes, indented by indent spaces) ends in cols
 * characters, and in *lead the columns it starts at: continuations start under the indent, or at
 * the margin where a long name fits better from there than cut. */
static int visual_line(const char *s, int n, int at, int indent, int cols, int first, int *lead)
{
    *lead = first ? 0 : indent + 4 < cols / 2 ? indent + 4 : 0;
    int k = code_line_end(s, n, at, indent, cols - *lead);
    if (*lead > 0 && cuts_token(s, n, at, k)) {
        *lead = 0;
        k = code_line_end(s, n, at, indent, cols);
    }
    return k;
}

/* The columns of font in a block w pixels wide (pad each side), 8 at least. */
static int code_cols(ui_context *ui, int font, float w, float pad)
{
    float cw = ui_text_width(ui, font, "M", 1);
    int cols = (int)((w - 2 * pad) / (cw > 0 ? cw : 1));
    return cols < 8 ? 8 : cols;
}

/* 1 when code, wrapped in cols, would cut a name or a number somewhere. */
static int code_cuts(const char *code, int cols)
{
    for (const char *s = code;;) {
        const char *nl = strchr(s, '\n');
        int n = nl ? (int)(nl - s) : (int)strlen(s), indent = 0, at = 0, lead;
        n = n > CODE_LINE_MAX ? CODE_LINE_MAX : n;
        while (indent < n && s[indent] == ' ')
            indent++;
        for (int first = 1; at < n; first = 0) {
            int k = visual_line(s, n, at, indent, cols, first, &lead);
            if (cuts_token(s, n, at, k))
                return 1;
            /* as code_block: the spaces after a continuation's end go, not after the first line's */
            for (at = k; !first && at < n && s[at] == ' ';)
                at++;
        }
        if (!nl)
            return 0;
        s = nl + 1;
    }
}

/* A code block: a tinted box, the code in the monospace font, long lines wrapped under their
 * indentation; the source lines whose bit is set in mark stand out. A block with a name longer
 * than the column ("SparseCategoricalCrossentropy" in a narrow column, demo mode) is set in the
 * smaller code font when that keeps every name whole: a name cut in two reads as two names. */
static float code_block(ctx *c, const char *code, int python, float x, float y, float w, uint64_t mark)
{
    ui_context *ui = c->ui;
    const ui_theme *th = c->th;
    float pad = ui_px(ui, 6);
    int font = UI_FONT_CODE, cols = code_cols(ui, font, w, pad);
    if (code_cuts(code, cols) && !code_cuts(code, code_cols(ui, UI_FONT_CODE_SMALL, w, pad)))
        font = UI_FONT_CODE_SMALL, cols = code_cols(ui, font, w, pad);
    float lh = ui_line_height(ui, font) * 1.08f, cw = ui_text_width(ui, font, "M", 1);
    /* three passes: the height (for the box under the text), the lit lines' bands, then the text,
     * so that no band paints over the line above it (its underscores) */
    float h = 0;
    for (int pass = 0; pass < 3; pass++) {
        if (pass == 1) {
            if (!visible(c, y, h))
                return h;
            ui_fill_round_rect(c->ui, (ui_rect){ x, y, w, h }, ui_px(ui, 5), ui_rgb(0xf4f6f8));
            ui_stroke_rect(c->ui, (ui_rect){ x, y, w, h }, 1, ui_alpha(th->border, 0.8f));
        }
        float cy = y + pad;
        const char *s = code;
        for (int src_line = 0;; src_line++) {
            const char *nl = strchr(s, '\n');
            int n = nl ? (int)(nl - s) : (int)strlen(s);
            if (n > CODE_LINE_MAX)
                n = CODE_LINE_MAX;
            if (pass == 2 && python)
                python_classes(s, n, c->v->code_class);
            else if (pass == 2)
                memset(c->v->code_class, PY_PLAIN, (size_t)n);
            int indent = 0;
            while (indent < n && s[indent] == ' ')
                indent++;
            /* visual lines of at most cols characters; continuations start under the indent */
            int at = 0, first = 1;
            do {
                int lead;
                int k = visual_line(s, n, at, indent, cols, first, &lead);
                if (pass == 1 && src_line < 64 && ((mark >> src_line) & 1)) {
                    ui_fill_rect(ui, (ui_rect){ x + 1, cy - ui_px(ui, 1), w - 2, lh }, ui_rgb(0xcfe4f3));
                    ui_fill_rect(ui, (ui_rect){ x + 1, cy - ui_px(ui, 1), ui_px(ui, 3), lh }, th->accent);
                }
                if (pass == 2 && visible(c, cy, lh)) {
                    draw_code_runs(c, font, s, at, k, x + pad + cw * (float)lead, cy);
                    /* no break point in reach: the line was cut inside a name or a number */
                    if (ui->check && cuts_token(s, n, at, k))
                        ui_check_mark_cut(ui);
                }
                cy += lh;
                at = k;
                while (!first && at < n && s[at] == ' ')
                    at++;
                first = 0;
            } while (at < n);
            if (!nl)
                break;
            s = nl + 1;
        }
        if (pass == 0)
            h = cy - y + pad - (lh - ui_line_height(ui, font));
    }
    return h;
}

/* ---- images ------------------------------------------------------------------------------------- */

static view_image *image_get(lesson_view *v, const char *path)
{
    char full[4200];
    if (lesson_image_path(lesson_dir(), nn_data_dir(), path, full, sizeof full) < 0)
        snprintf(full, sizeof full, "%s", path);
    for (int i = 0; i < v->n_images; i++)
        if (strcmp(v->images[i].path, full) == 0)
            return &v->images[i];
    if (v->n_images == MAX_IMAGES) {
        /* a long course: start the cache again */
        for (int i = 0; i < v->n_images; i++)
            stbi_image_free(v->images[i].pixels);
        v->n_images = 0;
    }
    view_image *im = &v->images[v->n_images++];
    memset(im, 0, sizeof *im);
    snprintf(im->path, sizeof im->path, "%s", full);
    int w, h, comp;
    im->pixels = stbi_load(full, &w, &h, &comp, 4);
    if (im->pixels)
        im->img = (ui_image){ .rgba = im->pixels, .w = w, .h = h, .smooth = 1 };
    return im;
}

static float image_block(ctx *c, const lesson_block *b, float x, float y, float w)
{
    ui_context *ui = c->ui;
    view_image *im = image_get(c->v, b->path);
    float h;
    float cap_h = b->text.len ? ui_px(ui, 4) : 0;
    if (!im->pixels) {
        h = ui_line_height(ui, UI_FONT_SMALL) * 2;
        if (visible(c, y, h)) {
            char msg[300];
            snprintf(msg, sizeof msg, TR("image introuvable : %s", "image not found: %s"), b->path);
            ui_stroke_rect(ui, (ui_rect){ x, y, w, h }, 1, c->th->bad);
            ui_draw_text_aligned(ui, UI_FONT_SMALL, msg, (ui_rect){ x, y, w, h }, UI_CENTER, c->th->bad);
        }
        return h;
    }
    /* the pictures are drawn at twice their size on screen, for sharp HiDPI screens */
    float iw = fminf(w, ui_px(ui, (float)im->img.w * 0.5f)), ih = iw * (float)im->img.h / (float)im->img.w;
    float ix = x + (w - iw) / 2;
    if (visible(c, y, ih))
        ui_draw_image(ui, (ui_rect){ ix, y, iw, ih }, &im->img);
    h = ih;
    if (b->text.len) {
        ctx m = *c;
        m.draw = 0;
        float tw = fminf(w, fmaxf(iw, w * 0.8f));
        float th_ = rich(&m, &b->text, UI_FONT_SMALL, 0, 0, tw, c->th->text_dim);
        float tx = x + (w - tw) / 2;
        /* a one-line caption is centred under the picture */
        if (th_ <= ui_line_height(ui, UI_FONT_SMALL) * 1.2f)
            tx = x + (w - run_width(c, &b->text, UI_FONT_SMALL, 0, b->text.len)) / 2;
        h += cap_h + rich(c, &b->text, UI_FONT_SMALL, tx, y + ih + cap_h, tw, c->th->text_dim);
    }
    return h;
}

/* ---- quizzes ---------------------------------------------------------------------------------------- */

static float quiz_block(ctx *c, const lesson_block *b, float x, float y, float w)
{
    ui_context *ui = c->ui;
    const ui_theme *th = c->th;
    float pad = ui_px(ui, 10), gap = ui_px(ui, 6), top = y;
    int picked = lesson_view_answer(c->v, c->lesson, b->quiz);
    /* the frame first, measured then drawn */
    ctx m = *c;
    m.draw = 0;
    float inner = w - 2 * pad;
    float label_h = ui_line_height(ui, UI_FONT_SMALL) + ui_px(ui, 4);
    float h = pad + label_h + rich(&m, &b->text, UI_FONT_BOLD, 0, 0, inner, th->text) + gap;
    float radio = ui_px(ui, 7), cx_text = ui_px(ui, 26), cpad = ui_px(ui, 6);
    float choice_h[LESSON_CHOICES_MAX];
    for (int i = 0; i < b->n_choices; i++) {
        choice_h[i] =
            rich(&m, &b->choices[i].text, UI_FONT_BODY, 0, 0, inner - cx_text - cpad, th->text) + 2 * cpad;
        h += choice_h[i] + ui_px(ui, 4);
    }
    float fb_h = 0;
    if (picked >= 0 && picked < b->n_choices)
        fb_h = rich(&m, &b->choices[picked].feedback, UI_FONT_BODY, 0, 0, inner - 2 * pad, th->text) +
               ui_line_height(ui, UI_FONT_BOLD) + 2 * pad + ui_px(ui, 2);
    h += (fb_h > 0 ? fb_h + gap : 0) + pad - ui_px(ui, 4);
    if (!visible(c, y, h) && c->draw) {
        /* off screen: nothing to draw, nothing to click */
        return h;
    }
    if (c->draw) {
        ui_fill_round_rect(ui, (ui_rect){ x, y, w, h }, ui_px(ui, 6), ui_alpha(th->border, 0.9f));
        /* a card a shade off the panel, in the theme's colours: its text is the theme's */
        ui_fill_round_rect(ui, ui_rect_inset((ui_rect){ x, y, w, h }, 1), ui_px(ui, 6) - 1,
                           ui_mix(th->panel, th->accent, 0.05f));
        ui_draw_text(ui, UI_FONT_SMALL, TR("QUESTION", "QUIZ"), -1, x + pad, y + pad, th->accent);
    }
    y += pad + label_h;
    y += rich(c, &b->text, UI_FONT_BOLD, x + pad, y, inner, th->text) + gap;
    for (int i = 0; i < b->n_choices; i++) {
        ui_rect r = { x + pad, y, inner, choice_h[i] };
        int chosen = picked == i;
        if (c->draw) {
            ui_id id = ui_get_id_int(ui, "choice", b->quiz * 16 + i);
            if (ui_interact(ui, id, r)) {
                lesson_view_set_answer(c->v, c->lesson, b->quiz, i);
                picked = i;
            }
            ui_color edge = chosen ? (b->choices[i].correct ? th->good : th->bad)
                : ui->hot == id    ? th->accent
                                   : th->border;
            ui_fill_round_rect(ui, r, ui_px(ui, 5), edge);
            ui_fill_round_rect(ui, ui_rect_inset(r, chosen ? 2 : 1), ui_px(ui, 5) - 1,
                               chosen ? ui_mix(th->panel, edge, 0.08f) : th->panel);
            float cy = r.y + cpad + ui_line_height(ui, UI_FONT_BODY) * 0.56f;
            ui_stroke_circle(ui, r.x + ui_px(ui, 13), cy, radio, ui_px(ui, 1.5f),
                             chosen ? edge : th->text_dim);
            if (chosen)
                ui_fill_circle(ui, r.x + ui_px(ui, 13), cy, radio * 0.55f, edge);
        }
        rich(c, &b->choices[i].text, UI_FONT_BODY, r.x + cx_text, r.y + cpad, inner - cx_text - cpad,
             th->text);
        y += choice_h[i] + ui_px(ui, 4);
    }
    if (picked >= 0 && picked < b->n_choices && fb_h > 0) {
        y += gap - ui_px(ui, 4);
        const lesson_choice *ch = &b->choices[picked];
        ui_color tone = ch->correct ? th->good : th->bad;
        ui_rect fr = { x + pad, y, inner, fb_h };
        if (c->draw) {
            ui_fill_round_rect(ui, fr, ui_px(ui, 5), ui_mix(th->panel, tone, 0.1f));
            ui_fill_rect(ui, (ui_rect){ fr.x, fr.y, ui_px(ui, 3), fr.h }, tone);
            ui_draw_text(ui, UI_FONT_BOLD,
                         ch->correct ? TR("✓ Bonne réponse", "✓ Right")
                                     : TR("✗ Pas tout à fait", "✗ Not quite"),
                         -1, fr.x + pad, fr.y + pad, tone);
        }
        rich(c, &ch->feedback, UI_FONT_BODY, fr.x + pad,
             fr.y + pad + ui_line_height(ui, UI_FONT_BOLD) + ui_px(ui, 2), inner - 2 * pad, th->text);
    }
    return h > y - top ? h : y - top;
}

/* ---- blocks ------------------------------------------------------------------------------------------ */

static float block(ctx *c, const lesson_block *b, float x, float y, float w)
{
    ui_context *ui = c->ui;
    const ui_theme *th = c->th;
    switch (b->kind) {
    case LESSON_HEADING: {
        float above = ui_px(ui, b->level == 2 ? 4 : 2);
        return above +
            rich(c, &b->text, b->level == 2 ? UI_FONT_HEADING : UI_FONT_BOLD, x, y + above, w, th->text);
    }
    case LESSON_PARAGRAPH:
        return rich(c, &b->text, UI_FONT_BODY, x, y, w, th->text);
    case LESSON_ITEM: {
        float indent = ui_px(ui, b->number ? 22 : 16);
        if (visible(c, y, ui_line_height(ui, UI_FONT_BODY))) {
            char mark[16];
            if (b->number)
                snprintf(mark, sizeof mark, "%d.", b->number);
            else
                snprintf(mark, sizeof mark, "•");
            ui_draw_text(ui, b->number ? UI_FONT_BOLD : UI_FONT_BODY, mark, -1, x + ui_px(ui, 3), y,
                         b->number ? th->accent : th->text_dim);
        }
        return rich(c, &b->text, UI_FONT_BODY, x + indent, y, w - indent, th->text);
    }
    case LESSON_CODE:
        return code_block(c, b->text.s, strcmp(b->lang, "python") == 0, x, y, w, 0);
    case LESSON_IMAGE:
        return image_block(c, b, x, y, w);
    case LESSON_NOTE: {
        float pad = ui_px(ui, 8);
        ctx m = *c;
        m.draw = 0;
        float h = rich(&m, &b->text, UI_FONT_BODY, 0, 0, w - 2 * pad - ui_px(ui, 3), th->text) + 2 * pad;
        if (visible(c, y, h)) {
            ui_fill_round_rect(ui, (ui_rect){ x, y, w, h }, ui_px(ui, 4), ui_alpha(th->accent_dim, 0.6f));
            ui_fill_rect(ui, (ui_rect){ x, y, ui_px(ui, 3), h }, th->accent);
        }
        rich(c, &b->text, UI_FONT_BODY, x + pad + ui_px(ui, 3), y + pad, w - 2 * pad - ui_px(ui, 3),
             th->text);
        return h;
    }
    case LESSON_QUIZ:
        return quiz_block(c, b, x, y, w);
    }
    return 0;
}

/* The blocks of one :::try box, from first, in a tinted box under a "Try this" label. Returns its
 * height and the number of blocks it took in *count. */
static float try_box(ctx *c, const lesson_page *pg, int first, float x, float y, float w, int *count)
{
    ui_context *ui = c->ui;
    const ui_theme *th = c->th;
    float pad = ui_px(ui, 10), gap = ui_px(ui, 6), label_h = ui_line_height(ui, UI_FONT_BOLD) + ui_px(ui, 4);
    int box = pg->blocks[first].box, n = 0;
    while (first + n < pg->n_blocks && pg->blocks[first + n].box == box)
        n++;
    *count = n;
    ctx m = *c;
    m.draw = 0;
    float h = pad + label_h;
    for (int i = 0; i < n; i++)
        h += block(&m, &pg->blocks[first + i], 0, 0, w - 2 * pad) + (i + 1 < n ? gap : 0);
    h += pad;
    if (visible(c, y, h)) {
        ui_color tint = ui_rgb(0x2ca02c);
        ui_fill_round_rect(ui, (ui_rect){ x, y, w, h }, ui_px(ui, 6), ui_mix(th->panel, tint, 0.09f));
        ui_fill_rect(ui, (ui_rect){ x, y + ui_px(ui, 6), ui_px(ui, 3), h - ui_px(ui, 12) }, tint);
        ui_draw_text(ui, UI_FONT_BOLD, TR("▶ Essayez", "▶ Try this"), -1, x + pad, y + pad, ui_rgb(0x1e7b1e));
    }
    float cy = y + pad + label_h;
    for (int i = 0; i < n; i++)
        cy += block(c, &pg->blocks[first + i], x + pad, cy, w - 2 * pad) + gap;
    return h;
}

int lesson_view_page(lesson_view *v, ui_context *ui, int lesson, const lesson_def *l, int page,
                     lesson_view_go *go)
{
    const ui_theme *th = &ui->theme;
    if (!l->doc || !v) {
        /* a lesson that could not be read: its errors, as they are */
        if (page < l->n_pages && l->pages[page])
            ui_text(ui, UI_FONT_BODY, l->pages[page], l->doc ? th->text : th->bad);
        return 0;
    }
    const lesson_doc *d = l->doc;
    if (page < 0 || page >= d->n_pages)
        return 0;
    const lesson_page *pg = &d->pages[page];
    ctx c = { .v = v, .ui = ui, .th = th, .doc = d, .lesson = lesson, .clip = ui->clips[ui->clip_depth - 1] };
    ui_layout *L = &ui->layouts[ui->layout_depth - 1];
    float w = L->body.w;
    for (int i = 0; i < pg->n_blocks;) {
        const lesson_block *b = &pg->blocks[i];
        int count = 1;
        if (b->notes) {
            i++; /* the instructor's: demo mode's presenter view shows them */
            continue;
        }
        /* measure, take a row of that height from the layout, draw in it */
        c.draw = 0;
        float h = b->box ? try_box(&c, pg, i, 0, 0, w, &count) : block(&c, b, 0, 0, w);
        ui_row(ui, 1, NULL, h / ui->scale);
        ui_rect r = ui_next(ui);
        c.draw = 1;
        if (b->box)
            try_box(&c, pg, i, r.x, r.y, r.w, &count);
        else
            block(&c, b, r.x, r.y, r.w);
        /* a little more air above headings and around boxes */
        int next_heading = i + count < pg->n_blocks && pg->blocks[i + count].kind == LESSON_HEADING;
        ui_space(ui,
                 next_heading ? 10
                     : b->kind == LESSON_ITEM && i + 1 < pg->n_blocks && pg->blocks[i + 1].kind == LESSON_ITEM
                     ? 1
                     : 6);
        i += count;
    }
    if (c.clicked && go)
        *go = c.go;
    return c.clicked && c.go.lesson >= 0;
}

float lesson_view_code(lesson_view *v, ui_context *ui, const char *code, int python, float x, float y,
                       float w, uint64_t mark, int draw)
{
    ctx c = { .v = v, .ui = ui, .th = &ui->theme, .draw = draw, .clip = ui->clips[ui->clip_depth - 1] };
    return code_block(&c, code, python, x, y, w, mark);
}
