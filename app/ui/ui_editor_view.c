/* ui_editor_view.c — the code editor as a widget: Python's syntax in colour, the line numbers, the
 * selection, the caret, the error marker and the flashes; the mouse and the keys handed to
 * ui_editor.c. */
#include "ui_editor.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ui_internal.h"

/* Lines longer than this are coloured up to here, the rest drawn plain. */
enum { CLASS_SCRATCH = 4096 };

/* ---- Python's syntax ------------------------------------------------------------------------------- */

static int ident(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

static int is_keyword(const char *s, int n)
{
    static const char *const words[] = { "False", "None",  "True",   "and",    "as",       "assert", "async",
                                         "await", "break", "class",  "continue", "def",    "del",    "elif",
                                         "else",  "except", "finally", "for",  "from",     "global", "if",
                                         "import", "in",   "is",     "lambda", "nonlocal", "not",    "or",
                                         "pass",  "raise", "return", "try",    "while",    "with",   "yield" };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if ((int)strlen(words[i]) == n && memcmp(s, words[i], (size_t)n) == 0)
            return 1;
    return 0;
}

/* The end of a string that starts at i (its opening quote q, three of them when triple); n when it
 * runs past the line, with *open left set for a triple-quoted one. */
static int string_end(const char *s, int n, int i, char q, int triple, int *open)
{
    for (int j = i; j < n; j++) {
        if (s[j] == '\\') {
            j++;
            continue;
        }
        if (s[j] == q && (!triple || (j + 2 < n && s[j + 1] == q && s[j + 2] == q))) {
            *open = 0;
            return j + (triple ? 3 : 1);
        }
    }
    *open = triple ? q : 0;
    return n;
}

/* The class of the identifier s[i..j): a keyword, a name called (followed by '('), a keyword
 * argument's name (followed by a single '=' inside brackets: `units=`, not `model =`), or plain. */
static int name_class(const char *s, int n, int i, int j, int depth)
{
    int k = j;
    while (k < n && s[k] == ' ')
        k++;
    if (is_keyword(s + i, j - i))
        return UI_PY_KEYWORD;
    if (k < n && s[k] == '(')
        return UI_PY_CALL;
    if (depth > 0 && k < n && s[k] == '=' && (k + 1 >= n || s[k + 1] != '='))
        return UI_PY_ARG;
    return UI_PY_PLAIN;
}

void ui_python_classes(const char *s, int n, int *state, unsigned char *out)
{
    int triple = *state & 0xff, depth = *state >> 8;
    if (n <= 0)
        return;
    memset(out, UI_PY_PLAIN, (size_t)n);
    int i = 0;
    if (triple) { /* inside a string that an earlier line opened */
        i = string_end(s, n, 0, (char)triple, 1, &triple);
        memset(out, UI_PY_STRING, (size_t)i);
    }
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        int j = i + 1, cls = UI_PY_PLAIN;
        if (c == '#') {
            j = n;
            cls = UI_PY_COMMENT;
        } else if (c == '\'' || c == '"') {
            int three = i + 2 < n && s[i + 1] == (char)c && s[i + 2] == (char)c;
            j = string_end(s, n, i + (three ? 3 : 1), (char)c, three, &triple);
            cls = UI_PY_STRING;
        } else if ((c >= '0' && c <= '9') || (c == '.' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')) {
            while (j < n && (ident((unsigned char)s[j]) || s[j] == '.' ||
                             ((s[j] == '-' || s[j] == '+') && (s[j - 1] == 'e' || s[j - 1] == 'E'))))
                j++; /* 255.0, 1e-3, 0x1f */
            cls = UI_PY_NUMBER;
        } else if (ident(c)) {
            while (j < n && ident((unsigned char)s[j]))
                j++;
            int prefix = j - i <= 2 && j < n && (s[j] == '\'' || s[j] == '"') && strchr("rRbBfFuU", (char)c);
            if (prefix) { /* r'...', f"...": the prefix is part of the string */
                int three = j + 2 < n && s[j + 1] == s[j] && s[j + 2] == s[j];
                j = string_end(s, n, j + (three ? 3 : 1), s[j], three, &triple);
                cls = UI_PY_STRING;
            } else
                cls = name_class(s, n, i, j, depth);
        } else if (c == '(' || c == '[' || c == '{')
            depth += depth < 0xffff;
        else if (c == ')' || c == ']' || c == '}')
            depth -= depth > 0;
        memset(out + i, cls, (size_t)(j - i));
        i = j;
    }
    *state = triple | depth << 8;
}

ui_color ui_code_color(int cls)
{
    /* as the lesson pages print code: dark text, purple keywords, green strings, teal numbers, grey
     * comments, blue names called, amber argument names */
    static const uint32_t colors[UI_PY_CLASSES] = { 0x1f2328, 0xa626a4, 0x2e7d32, 0x0b7a75,
                                                    0x7a8591, 0x1f5fa8, 0x986801 };
    return ui_rgb(colors[cls >= 0 && cls < UI_PY_CLASSES ? cls : 0]);
}

/* ---- geometry ------------------------------------------------------------------------------------- */

/* Where things are this frame: the text's origin (line 0, column 0, scroll applied), a character's
 * width and a line's height, the gutter, the visible text area. */
typedef struct view {
    ui_rect r, gutter, area;
    float x0, y0, cw, lh;
    int lines;
} view;

static view layout(ui_context *ui, const ui_editor_state *ed, ui_rect r)
{
    view v = { .r = r, .cw = ui_text_width(ui, UI_FONT_MONO, "0", 1), .lh = ui_line_height(ui, UI_FONT_MONO) };
    if (v.cw <= 0)
        v.cw = v.lh * 0.6f;
    v.lines = 1;
    for (int i = 0; i < ed->len; i++)
        v.lines += ed->text[i] == '\n';
    int digits = 2;
    for (int l = v.lines; l >= 100; l /= 10)
        digits++;
    float pad = ui_px(ui, 6);
    v.gutter = (ui_rect){ r.x, r.y, digits * v.cw + 2 * pad, r.h };
    v.area = (ui_rect){ r.x + v.gutter.w, r.y, r.w - v.gutter.w, r.h };
    v.x0 = v.area.x + pad - ed->scroll_x;
    v.y0 = r.y + pad - ed->scroll_y;
    return v;
}

/* The position under x, y: the nearest character boundary on that line. */
static int hit(const ui_editor_state *ed, const view *v, float x, float y)
{
    int line = (int)floorf((y - v->y0) / v->lh);
    line = line < 0 ? 0 : line >= v->lines ? v->lines - 1 : line;
    int col = (int)floorf((x - v->x0) / v->cw + 0.5f);
    return ui_editor_pos(ed, line + 1, col < 0 ? 1 : col + 1);
}

/* Scrolls so that the cursor shows, then keeps the scroll inside the text. */
static void clamp_scroll(ui_context *ui, ui_editor_state *ed, view *v)
{
    float pad = ui_px(ui, 6);
    if (ed->follow) {
        int col, line = ui_editor_line_col(ed, ed->cursor, &col) - 1;
        float top = line * v->lh, left = (col - 1) * v->cw;
        float vis_h = v->r.h - 2 * pad, vis_w = v->area.w - 2 * pad - v->cw;
        if (top < ed->scroll_y)
            ed->scroll_y = top;
        else if (top + v->lh > ed->scroll_y + vis_h)
            ed->scroll_y = top + v->lh - vis_h;
        if (left < ed->scroll_x)
            ed->scroll_x = fmaxf(0, left - 4 * v->cw);
        else if (left > ed->scroll_x + vis_w)
            ed->scroll_x = left - vis_w + 4 * v->cw;
        ed->follow = 0;
    }
    float max_y = fmaxf(0, v->lines * v->lh - (v->r.h - 2 * pad));
    ed->scroll_y = fminf(fmaxf(ed->scroll_y, 0), max_y);
    ed->scroll_x = fmaxf(ed->scroll_x, 0);
    *v = layout(ui, ed, v->r);
}

/* Characters in bytes [a, b) of the text. */
static int chars(const char *s, int a, int b)
{
    int n = 0;
    for (int i = a; i < b; i++)
        n += ((unsigned char)s[i] & 0xc0) != 0x80;
    return n;
}

/* The first visible line and the one past the last. */
static void visible_lines(const view *v, int *first, int *last)
{
    *first = (int)floorf((v->r.y - v->y0) / v->lh);
    *first = *first < 0 ? 0 : *first;
    *last = (int)ceilf((v->r.y + v->r.h - v->y0) / v->lh) + 1;
    *last = *last > v->lines ? v->lines : *last;
}

/* ---- input ----------------------------------------------------------------------------------------- */

/* The mouse: a press places the cursor and takes the keyboard, a drag selects, the wheel scrolls,
 * a press elsewhere gives the keyboard back. */
static void mouse(ui_context *ui, ui_id id, ui_editor_state *ed, const view *v)
{
    const ui_input *in = &ui->in;
    /* a press and its release in one frame (a quick click) leave active already cleared */
    int pressed_here = in->mouse_pressed && ui->active == 0 && ui_mouse_in(ui, v->r);
    ui_interact(ui, id, v->r);
    if (pressed_here) {
        ui->focus = id;
        ed->cursor = ed->anchor = hit(ed, v, in->mouse_x, in->mouse_y);
        ed->goal_col = -1;
    } else if (ui->active == id && in->mouse_down) {
        ed->cursor = hit(ed, v, in->mouse_x, in->mouse_y);
        ed->goal_col = -1;
        ed->follow = 1; /* dragging past an edge scrolls */
    } else if (ui->focus == id && in->mouse_pressed && !ui_rect_contains(v->r, in->mouse_x, in->mouse_y))
        ui->focus = 0;
    if (ui_mouse_in(ui, v->r) && in->wheel != 0) {
        ed->scroll_y -= in->wheel * 3 * v->lh;
        ui->in.wheel = 0;
    }
}

/* The frame's keys and text, in the order they came; the editor takes them all (no other widget
 * sees them). Returns UI_EDITOR_REFUSED when some text did not fit. */
static int keys(ui_context *ui, ui_editor_state *ed, const view *v)
{
    ui_input *in = &ui->in;
    in->text[sizeof in->text - 1] = 0;
    int refused = 0, from = 0, tn = (int)strlen(in->text);
    int page = (int)(v->r.h / v->lh) - 1;
    int nkeys = in->nkeys < 0 ? 0 : in->nkeys > UI_MAX_KEYS ? UI_MAX_KEYS : in->nkeys;
    for (int k = 0; k < nkeys; k++) {
        int at = in->keys[k].text_at;
        at = at < from ? from : at > tn ? tn : at;
        refused |= at > from && ui_editor_type(ed, in->text + from, at - from) < 0;
        from = at;
        refused |= (ui_editor_key(ed, ui, in->keys[k].key, in->keys[k].mods, page) & UI_EDITOR_REFUSED) != 0;
    }
    refused |= tn > from && ui_editor_type(ed, in->text + from, tn - from) < 0;
    if (in->key_escape)
        ui->focus = 0;
    in->text[0] = 0;
    in->nkeys = 0;
    in->key_backspace = in->key_enter = in->key_escape = 0;
    return refused ? UI_EDITOR_REFUSED : 0;
}

/* ---- drawing --------------------------------------------------------------------------------------- */

/* Bytes [a, b) shaded line by line (the selection, a flash); a span over a line's end covers one
 * more character, so that a selected empty line shows. */
static void shade(ui_context *ui, const ui_editor_state *ed, const view *v, int a, int b, ui_color c)
{
    int first, last, ls = 0;
    visible_lines(v, &first, &last);
    for (int line = 0; line < last && ls <= ed->len; line++) {
        int le = ls;
        while (le < ed->len && ed->text[le] != '\n')
            le++;
        int s = a > ls ? a : ls, e = b < le ? b : le;
        if (line >= first && s <= e && (s < e || b > le)) {
            float x = v->x0 + chars(ed->text, ls, s) * v->cw;
            float w = chars(ed->text, s, e) * v->cw + (b > le && le < ed->len ? v->cw * 0.5f : 0);
            ui_fill_rect(ui, (ui_rect){ x, v->y0 + line * v->lh, w, v->lh }, c);
        }
        ls = le + 1;
    }
}

/* The flashes, fading over a second from the frame that first draws them. */
static void flashes(ui_context *ui, ui_editor_state *ed, const view *v)
{
    for (int i = 0; i < UI_EDITOR_FLASHES; i++) {
        ui_editor_flash_span *f = &ed->flash[i];
        if (f->end <= f->start)
            continue;
        if (f->t0 < 0)
            f->t0 = ui->in.time;
        float t = (float)(ui->in.time - f->t0);
        if (t >= 1 || f->start >= ed->len) {
            f->end = f->start; /* done */
            continue;
        }
        int end = f->end > ed->len ? ed->len : f->end;
        shade(ui, ed, v, f->start, end, ui_alpha(ui_rgb(0xffd54f), 0.85f * (1 - t)));
    }
}

/* One line's text in runs of one colour; cls is the class of each of its first n bytes. */
static void draw_runs(ui_context *ui, const view *v, const char *s, int n, const unsigned char *cls, float y)
{
    float x = v->x0;
    for (int r = 0; r < n;) {
        int e = r + 1, cr = r < CLASS_SCRATCH ? cls[r] : UI_PY_PLAIN;
        while (e < n && (e < CLASS_SCRATCH ? cls[e] : UI_PY_PLAIN) == cr)
            e++;
        if (x + chars(s, r, e) * v->cw >= v->area.x && x <= v->area.x + v->area.w)
            ui_draw_text(ui, UI_FONT_MONO, s + r, e - r, x, y, ui_code_color(cr));
        x += chars(s, r, e) * v->cw;
        r = e;
    }
}

/* The numbers in the gutter, and the code in colour (every line is read, for the strings that
 * span lines; only the visible ones are drawn). */
static void draw_text(ui_context *ui, const ui_editor_state *ed, const view *v, int cursor_line)
{
    unsigned char cls[CLASS_SCRATCH];
    int first, last, state = 0, ls = 0;
    visible_lines(v, &first, &last);
    float pad = ui_px(ui, 6);
    for (int line = 0; line < last && ls <= ed->len; line++) {
        int le = ls;
        while (le < ed->len && ed->text[le] != '\n')
            le++;
        int n = le - ls;
        ui_python_classes(ed->text + ls, n < CLASS_SCRATCH ? n : CLASS_SCRATCH, &state, cls);
        if (line >= first) {
            float y = v->y0 + line * v->lh;
            char num[16];
            int k = snprintf(num, sizeof num, "%d", line + 1);
            ui_color nc = line + 1 == ed->err_line ? ui->theme.bad
                          : line == cursor_line    ? ui_code_color(UI_PY_PLAIN)
                                                   : ui_code_color(UI_PY_COMMENT);
            ui_push_clip(ui, v->gutter);
            ui_draw_text(ui, UI_FONT_MONO, num, k, v->gutter.x + v->gutter.w - pad - k * v->cw, y, nc);
            ui_pop_clip(ui);
            ui_push_clip(ui, v->area);
            draw_runs(ui, v, ed->text + ls, n, cls, y);
            ui_pop_clip(ui);
        }
        ls = le + 1;
    }
}

/* The error marker: its span underlined in the bad colour, its message beside the line when it fits
 * there, else on a label below the span. */
static void draw_error(ui_context *ui, const ui_editor_state *ed, const view *v)
{
    if (ed->err_line < 1 || ed->err_line > v->lines)
        return;
    const ui_theme *th = &ui->theme;
    int ls = ui_editor_pos(ed, ed->err_line, 1), le = ls;
    while (le < ed->len && ed->text[le] != '\n')
        le++;
    int width = chars(ed->text, ls, le), col = ed->err_col - 1;
    col = col > width ? width : col;
    float y = v->y0 + (ed->err_line - 1) * v->lh, thick = fmaxf(2, ui_px(ui, 2));
    float x = v->x0 + col * v->cw, w = ed->err_len * v->cw;
    ui_push_clip(ui, v->area);
    ui_fill_rect(ui, (ui_rect){ x, y + v->lh - thick, w, thick }, th->bad);
    if (ed->err_msg[0]) {
        float pad = ui_px(ui, 4), mw = ui_text_width(ui, UI_FONT_MONO, ed->err_msg, -1);
        float bx = v->x0 + (width > col + ed->err_len ? width : col + ed->err_len) * v->cw + 2 * v->cw;
        ui_rect box = { bx - pad, y, mw + 2 * pad, v->lh };
        if (bx + mw > v->area.x + v->area.w) { /* no room beside: below, inside the view */
            box = (ui_rect){ fmaxf(v->area.x, fminf(x, v->area.x + v->area.w - mw - 2 * pad)), y + v->lh + thick,
                             mw + 2 * pad, v->lh };
            ui_fill_rect(ui, box, ui_rgb(0xffffff));
            ui_stroke_rect(ui, box, 1, th->bad);
        }
        ui_fill_rect(ui, box, ui_alpha(th->bad, 0.1f));
        ui_draw_text(ui, UI_FONT_MONO, ed->err_msg, -1, box.x + pad, box.y, th->bad);
    }
    ui_pop_clip(ui);
}

/* The editor's frame, paper and gutter: code is printed on light paper in every theme, as the
 * lesson pages print it, since its syntax colours are chosen for that. */
static void draw_paper(ui_context *ui, const view *v, int focused)
{
    ui_fill_rect(ui, v->r, focused ? ui->theme.accent : ui->theme.border);
    ui_fill_rect(ui, ui_rect_inset(v->r, 1), ui_rgb(0xffffff));
    ui_rect g = ui_rect_inset(v->gutter, 1);
    ui_fill_rect(ui, (ui_rect){ g.x, g.y, g.w + 1, g.h }, ui_rgb(0xf4f6f8));
}

int ui_editor(ui_context *ui, const char *label, ui_editor_state *ed, ui_rect r)
{
    ui_id id = ui_get_id(ui, label);
    int cursor = ed->cursor, anchor = ed->anchor, bits = 0;
    unsigned version = ed->version;
    if (!ed->text || ed->cap <= 0)
        return 0;
    view v = layout(ui, ed, r);
    mouse(ui, id, ed, &v);
    if (ui->focus == id)
        bits |= keys(ui, ed, &v);
    int focused = ui->focus == id;
    ui->focus_seen |= focused;
    clamp_scroll(ui, ed, &v);

    draw_paper(ui, &v, focused);
    ui_push_clip(ui, ui_rect_inset(r, 1));
    ui_clip_allow(ui, UI_ALLOW_X | UI_ALLOW_Y); /* the code scrolls both ways */
    int a, b;
    ui_push_clip(ui, v.area);
    if (ui_editor_selection(ed, &a, &b))
        shade(ui, ed, &v, a, b, ui_rgb(0xcfe4f3));
    flashes(ui, ed, &v);
    ui_pop_clip(ui);
    int col, line = ui_editor_line_col(ed, ed->cursor, &col) - 1;
    draw_text(ui, ed, &v, line);
    draw_error(ui, ed, &v);
    if (focused) {
        ui_push_clip(ui, v.area);
        float cx = v.x0 + (col - 1) * v.cw;
        ui_fill_rect(ui, (ui_rect){ cx - 1, v.y0 + line * v.lh, fmaxf(2, ui_px(ui, 2)), v.lh }, ui->theme.accent);
        ui_pop_clip(ui);
    }
    ui_pop_clip(ui);
    bits |= ed->version != version ? UI_EDITOR_CHANGED : 0;
    bits |= ed->cursor != cursor || ed->anchor != anchor ? UI_EDITOR_MOVED : 0;
    return bits | (focused ? UI_EDITOR_FOCUSED : 0);
}
