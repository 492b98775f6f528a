/* test_ui_editor.c — the code editor widget (app/ui/ui_editor.h) driven by synthetic input, offscreen:
 * typing, Enter's indentation, erasing across lines, the cursor's moves, selecting by Shift and by
 * the mouse, the clipboard, undo and redo, the buffer's bound, and what it draws (line numbers,
 * syntax colours, the error marker, the flashes) read from the command list and the CPU rasteriser.
 * No allocation per frame: malloc, calloc and realloc are wrapped at link time (-Wl,--wrap), which
 * catches every call from the statically linked widget layer. */
#include <SDL_ttf.h>
#include <stdlib.h>

#include "app.h"
#include "app_run.h"
#include "check.h"
#include "raster.h"
#include "ui.h"
#include "ui_editor.h"

/* ---- counting allocations ------------------------------------------------------------------------ */

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
static long allocations;

void *__wrap_malloc(size_t n)
{
    allocations++;
    return __real_malloc(n);
}

void *__wrap_calloc(size_t k, size_t n)
{
    allocations++;
    return __real_calloc(k, n);
}

void *__wrap_realloc(void *p, size_t n)
{
    allocations++;
    return __real_realloc(p, n);
}

/* ---- frames -------------------------------------------------------------------------------------- */

enum { W = 480, H = 240 };
static const ui_rect R = { 10, 10, 460, 220 };
static ui_context *ui;
static ui_editor_state ed;
static char buf[512];
static char clip[512];
static uint8_t px[W * H * 4];
static double now = 1;

static void set_clipboard(void *user, const char *text, int len)
{
    (void)user;
    snprintf(clip, sizeof clip, "%.*s", len, text);
}

/* One frame with this input; returns what the editor said. */
static int frame(ui_input *in)
{
    in->time = now;
    ui_begin(ui, in, W, H);
    int bits = ui_editor(ui, "##code", &ed, R);
    ui_end(ui);
    return bits;
}

static int idle(void)
{
    ui_input in = { .mouse_x = -100, .mouse_y = -100 };
    return frame(&in);
}

static int type(const char *s)
{
    ui_input in = { .mouse_x = -100, .mouse_y = -100 };
    snprintf(in.text, sizeof in.text, "%s", s);
    return frame(&in);
}

static int key(int k, int mods)
{
    ui_input in = { .mouse_x = -100, .mouse_y = -100, .nkeys = 1 };
    in.keys[0] = (ui_key_press){ k, mods, 0 };
    return frame(&in);
}

/* The mouse pressed at x, y (down, pressed), dragged (down), or released. */
static int mouse(float x, float y, int down, int pressed)
{
    ui_input in = { .mouse_x = x, .mouse_y = y, .mouse_down = down, .mouse_pressed = pressed,
                    .mouse_released = !down };
    return frame(&in);
}

/* A fresh editor on text, then a click at its end to give it the keyboard. */
static void start(const char *text)
{
    snprintf(buf, sizeof buf, "%s", text);
    ui_editor_init(&ed, buf, sizeof buf);
    mouse(R.x + R.w - 5, R.y + R.h - 5, 1, 1);
    mouse(R.x + R.w - 5, R.y + R.h - 5, 0, 0);
}

#define CHECK_TEXT(want) CHECK(strcmp(buf, (want)) == 0, "expected text \"%s\", got \"%s\"", (want), buf)
#define CHECK_CURSOR(want) CHECK(ed.cursor == (want), "expected the cursor at %d, got %d", (want), ed.cursor)

/* The layout the widget uses (ui_editor_view.c): the gutter holds two digits and 6-point margins. */
static float cw(void)
{
    return ui_text_width(ui, UI_FONT_MONO, "0", 1);
}

static float lh(void)
{
    return ui_line_height(ui, UI_FONT_MONO);
}

static float col_x(int col)
{
    return R.x + 2 * cw() + 12 + 6 + col * cw();
}

static float line_y(int line)
{
    return R.y + 6 + line * lh();
}

/* ---- editing ------------------------------------------------------------------------------------- */

static void test_typing(void)
{
    start("");
    CHECK(ui->focus != 0, "expected the click to give the editor the keyboard");
    int bits = type("abc");
    CHECK_TEXT("abc");
    CHECK_CURSOR(3);
    CHECK(bits & UI_EDITOR_CHANGED, "expected UI_EDITOR_CHANGED after typing, got bits %d", bits);
    type("é");
    CHECK_TEXT("abcé");
    CHECK_CURSOR(5);
    bits = key(UI_KEY_LEFT, 0);
    CHECK_CURSOR(3);
    CHECK(bits == (UI_EDITOR_MOVED | UI_EDITOR_FOCUSED), "expected MOVED|FOCUSED for Left, got bits %d", bits);
    key(UI_KEY_TAB, 0);
    CHECK_TEXT("abc    é");
    /* "a", Enter, "b" in one frame come out in order */
    ui_input in = { .mouse_x = -100, .nkeys = 1 };
    snprintf(in.text, sizeof in.text, "xy");
    in.keys[0] = (ui_key_press){ UI_KEY_ENTER, 0, 1 };
    start("");
    frame(&in);
    CHECK_TEXT("x\ny");
    /* unfocused, the editor takes nothing */
    key(0, 0);
    ui_input esc = { .mouse_x = -100, .key_escape = 1 };
    frame(&esc);
    CHECK(ui->focus == 0, "expected Escape to give the keyboard back, focus %u", (unsigned)ui->focus);
    type("zzz");
    CHECK_TEXT("x\ny");
}

static void test_enter_indent(void)
{
    start("def f():\n    x = 1");
    key(UI_KEY_ENTER, 0);
    CHECK_TEXT("def f():\n    x = 1\n    ");
    type("y");
    CHECK_TEXT("def f():\n    x = 1\n    y");
    key(UI_KEY_HOME, UI_MOD_CTRL);
    key(UI_KEY_END, 0);
    key(UI_KEY_ENTER, 0);
    CHECK_TEXT("def f():\n\n    x = 1\n    y");
    CHECK_CURSOR(9);
}

static void test_erase(void)
{
    start("ab\ncd");
    ed.cursor = ed.anchor = 3;
    key(UI_KEY_BACKSPACE, 0);
    CHECK_TEXT("abcd");
    CHECK_CURSOR(2);
    key(UI_KEY_DELETE, 0);
    CHECK_TEXT("abd");
    start("ab\ncd");
    ed.cursor = ed.anchor = 2;
    key(UI_KEY_DELETE, 0);
    CHECK_TEXT("abcd");
    key(UI_KEY_HOME, UI_MOD_CTRL);
    int bits = key(UI_KEY_BACKSPACE, 0);
    CHECK_TEXT("abcd");
    CHECK(!(bits & UI_EDITOR_CHANGED), "expected Backspace at the start to change nothing, bits %d", bits);
    key(UI_KEY_END, UI_MOD_CTRL);
    key(UI_KEY_DELETE, 0);
    CHECK_TEXT("abcd");
    start("aé");
    key(UI_KEY_BACKSPACE, 0);
    CHECK_TEXT("a");
}

static void test_moves(void)
{
    start("line one\nline two\n  third");
    key(UI_KEY_HOME, UI_MOD_CTRL);
    CHECK_CURSOR(0);
    key(UI_KEY_END, 0);
    CHECK_CURSOR(8);
    key(UI_KEY_DOWN, 0);
    CHECK_CURSOR(17);
    key(UI_KEY_DOWN, 0);
    CHECK_CURSOR(25); /* "  third" is shorter: its end */
    key(UI_KEY_UP, 0);
    CHECK_CURSOR(17); /* the goal column kept */
    key(UI_KEY_DOWN, 0);
    key(UI_KEY_HOME, 0);
    CHECK_CURSOR(20); /* the first non-blank */
    key(UI_KEY_HOME, 0);
    CHECK_CURSOR(18); /* then the line's start */
    key(UI_KEY_RIGHT, 0);
    CHECK_CURSOR(19);
    key(UI_KEY_PAGE_UP, 0);
    CHECK_CURSOR(0); /* past the first line: the start */
    key(UI_KEY_PAGE_DOWN, 0);
    CHECK_CURSOR(25); /* past the last: the end */
    key(UI_KEY_END, UI_MOD_CTRL);
    CHECK_CURSOR(25);
    key(UI_KEY_RIGHT, 0);
    CHECK_CURSOR(25);
    /* Page Down moves by the lines that show, less one */
    char many[400] = "";
    for (int l = 0; l < 40; l++)
        snprintf(many + strlen(many), sizeof many - strlen(many), "l%02d\n", l);
    start(many);
    ed.cursor = ed.anchor = 2;
    key(UI_KEY_PAGE_DOWN, 0);
    int page = (int)(R.h / lh()) - 1, want = page * 4 + 2;
    CHECK(ed.cursor == want, "expected Page Down to line %d (byte %d), got byte %d", page + 1, want, ed.cursor);
    key(UI_KEY_PAGE_DOWN, 0);
    CHECK(ed.scroll_y > 0, "expected the view to follow the cursor down, scroll %.1f", ed.scroll_y);
    key(UI_KEY_PAGE_UP, 0);
    key(UI_KEY_PAGE_UP, 0);
    CHECK_CURSOR(2);
    CHECK(ed.scroll_y == 0, "expected the view back at the top, scroll %.1f", ed.scroll_y);
    start("line one\nline two\n  third");
    int col, line = ui_editor_line_col(&ed, 20, &col);
    CHECK(line == 3 && col == 3, "expected byte 20 at line 3 column 3, got %d:%d", line, col);
    int p = ui_editor_pos(&ed, 2, 6);
    CHECK(p == 14, "expected line 2 column 6 at byte 14, got %d", p);
}

static void test_shift_select(void)
{
    start("alpha beta\ngamma");
    key(UI_KEY_HOME, UI_MOD_CTRL);
    for (int i = 0; i < 5; i++)
        key(UI_KEY_RIGHT, UI_MOD_SHIFT);
    int a, b, n = ui_editor_selection(&ed, &a, &b);
    CHECK(n == 5 && a == 0 && b == 5, "expected the selection [0, 5), got [%d, %d)", a, b);
    type("X");
    CHECK_TEXT("X beta\ngamma");
    key(UI_KEY_DOWN, UI_MOD_SHIFT);
    n = ui_editor_selection(&ed, &a, &b);
    CHECK(a == 1 && b == 8, "expected Shift+Down to select [1, 8), got [%d, %d)", a, b);
    key(UI_KEY_LEFT, 0);
    CHECK(ed.cursor == 1 && ed.anchor == 1, "expected Left to collapse to the start, got %d..%d", ed.anchor,
          ed.cursor);
    key(UI_KEY_SELECT_ALL, UI_MOD_CTRL);
    n = ui_editor_selection(&ed, &a, &b);
    CHECK(a == 0 && b == 12, "expected Ctrl+A to select [0, 12), got [%d, %d)", a, b);
    key(UI_KEY_BACKSPACE, 0);
    CHECK_TEXT("");
}

static void test_mouse_select(void)
{
    start("import keras\nmodel = keras.Sequential()\n");
    float y1 = line_y(0) + lh() / 2, y2 = line_y(1) + lh() / 2;
    mouse(col_x(3) + cw() * 0.2f, y1, 1, 1);
    CHECK_CURSOR(3);
    mouse(col_x(5) + cw() * 0.3f, y2, 1, 0);
    mouse(col_x(5) + cw() * 0.3f, y2, 0, 0);
    int a, b;
    ui_editor_selection(&ed, &a, &b);
    CHECK(a == 3 && b == 18, "expected the drag to select [3, 18), got [%d, %d)", a, b);
    mouse(R.x + R.w - 3, y1, 1, 1);
    mouse(R.x + R.w - 3, y1, 0, 0);
    CHECK_CURSOR(12); /* right of the line: its end */
    mouse(col_x(0) - 30, line_y(9), 1, 1); /* the gutter, below the text: the last line */
    mouse(col_x(0) - 30, line_y(9), 0, 0);
    CHECK_CURSOR(40);
}

static void test_clipboard(void)
{
    start("x = 1\ny = 2");
    clip[0] = 0;
    key(UI_KEY_HOME, UI_MOD_CTRL);
    key(UI_KEY_END, UI_MOD_SHIFT);
    key(UI_KEY_COPY, UI_MOD_CTRL);
    CHECK(strcmp(clip, "x = 1") == 0, "expected \"x = 1\" copied, got \"%s\"", clip);
    CHECK_TEXT("x = 1\ny = 2");
    key(UI_KEY_DOWN, UI_MOD_SHIFT);
    key(UI_KEY_CUT, UI_MOD_CTRL);
    CHECK(strcmp(clip, "x = 1\ny = 2") == 0, "expected both lines cut, got \"%s\"", clip);
    CHECK_TEXT("");
    /* a paste arrives as typed text (window_events.c types the clipboard): newlines kept, tabs as
     * 4 spaces, carriage returns left out */
    type("a = 1\r\n\tb = 2");
    CHECK_TEXT("a = 1\n    b = 2");
    key(UI_KEY_COPY, UI_MOD_CTRL); /* nothing selected: the clipboard keeps its text */
    CHECK(strcmp(clip, "x = 1\ny = 2") == 0, "expected the clipboard unchanged, got \"%s\"", clip);
}

static void test_undo_redo(void)
{
    start("");
    type("h");
    type("ello");
    type(" world");
    CHECK_TEXT("hello world");
    key(UI_KEY_UNDO, UI_MOD_CTRL);
    CHECK_TEXT("hello");
    key(UI_KEY_UNDO, UI_MOD_CTRL);
    CHECK_TEXT("");
    CHECK_CURSOR(0);
    int bits = key(UI_KEY_UNDO, UI_MOD_CTRL);
    CHECK(!(bits & UI_EDITOR_CHANGED), "expected nothing left to undo, bits %d", bits);
    key(UI_KEY_REDO, UI_MOD_CTRL | UI_MOD_SHIFT);
    CHECK_TEXT("hello");
    bits = key(UI_KEY_REDO, UI_MOD_CTRL);
    CHECK_TEXT("hello world");
    CHECK(bits & UI_EDITOR_CHANGED, "expected redo to report a change, bits %d", bits);
    for (int i = 0; i < 3; i++)
        key(UI_KEY_BACKSPACE, 0);
    CHECK_TEXT("hello wo");
    key(UI_KEY_UNDO, UI_MOD_CTRL);
    CHECK_TEXT("hello world"); /* a run of Backspace is one step */
    CHECK_CURSOR(11);
    key(UI_KEY_UNDO, UI_MOD_CTRL);
    type("!");
    CHECK_TEXT("hello!");
    bits = key(UI_KEY_REDO, UI_MOD_CTRL);
    CHECK_TEXT("hello!"); /* a new edit forgets what could be redone */
    key(UI_KEY_SELECT_ALL, UI_MOD_CTRL);
    type("Z");
    key(UI_KEY_UNDO, UI_MOD_CTRL);
    CHECK_TEXT("hello!");
    int a, b;
    ui_editor_selection(&ed, &a, &b);
    CHECK(a == 0 && b == 6, "expected undo to restore the selection [0, 6), got [%d, %d)", a, b);
    /* more steps than the history holds: the oldest are forgotten, the newest still undo */
    start("");
    for (int i = 0; i < UI_EDITOR_EDITS + 20; i++)
        key(UI_KEY_ENTER, 0);
    int undone = 0;
    while (ui_editor_undo(&ed))
        undone++;
    CHECK(undone == UI_EDITOR_EDITS, "expected %d steps undone, got %d", UI_EDITOR_EDITS, undone);
    CHECK(ed.len == 20, "expected the 20 oldest newlines kept, got %d bytes", ed.len);
}

static void test_bounded(void)
{
    static char small[17];
    memset(small, '#', sizeof small);
    small[0] = 0;
    ui_editor_init(&ed, small, 16);
    mouse(R.x + 50, R.y + 10, 1, 1);
    mouse(R.x + 50, R.y + 10, 0, 0);
    type("0123456789");
    int bits = type("abcdefghij");
    CHECK(strcmp(small, "0123456789") == 0, "expected a paste past the capacity refused whole, got \"%s\"",
          small);
    CHECK(bits & UI_EDITOR_REFUSED, "expected UI_EDITOR_REFUSED, got bits %d", bits);
    for (int i = 0; i < 8; i++)
        type("x");
    CHECK(ed.len == 15 && strcmp(small, "0123456789xxxxx") == 0, "expected 15 bytes then refusals, got \"%s\"",
          small);
    bits = key(UI_KEY_ENTER, 0);
    CHECK(bits & UI_EDITOR_REFUSED, "expected Enter refused when full, bits %d", bits);
    CHECK(small[16] == '#', "expected the byte past the buffer untouched, got %d", small[16]);
    int rc = ui_editor_set_text(&ed, "this text is far too long");
    CHECK(rc == -1 && ed.len == 15, "expected set_text refused (-1, 15 bytes), got %d, %d bytes", rc, ed.len);
}

/* ---- drawing ------------------------------------------------------------------------------------- */

/* The first text command of the frame just built that says s (exact) or starts with it (a run of
 * one colour, "model = keras."); NULL if none. */
static const ui_cmd *text_cmd_ex(const char *s, int exact)
{
    int n = (int)strlen(s);
    for (int i = 0; i < ui->ncmds[0]; i++) {
        const ui_cmd *c = &ui->cmds[0][i];
        if (c->kind == UI_CMD_TEXT && (exact ? c->count == n : c->count >= n) &&
            memcmp(ui->text + c->first, s, (size_t)n) == 0)
            return c;
    }
    return NULL;
}

static const ui_cmd *text_cmd(const char *s)
{
    return text_cmd_ex(s, 1);
}

static int same_color(ui_color a, ui_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

static void test_line_numbers_and_colours(void)
{
    start("import keras\nmodel = keras.Sequential()  # the model\nx = 'text' + 255\nf(\n  units=3)\n"
          "\"\"\"doc\nstring\"\"\"\n");
    idle();
    for (int l = 1; l <= 4; l++) {
        char num[8];
        snprintf(num, sizeof num, "%d", l);
        const ui_cmd *c = text_cmd(num);
        CHECK(c && c->rect.x < col_x(0) && fabsf(c->rect.y - line_y(l - 1)) < 1,
              "expected line number %s in the gutter at y %.1f, got %s at x %.1f y %.1f", num, line_y(l - 1),
              c ? "one" : "none", c ? c->rect.x : 0, c ? c->rect.y : 0);
    }
    struct { const char *s; int cls; } want[] = {
        { "import", UI_PY_KEYWORD }, { "Sequential", UI_PY_CALL }, { "# the model", UI_PY_COMMENT },
        { "'text'", UI_PY_STRING },  { "255", UI_PY_NUMBER },      { "model", UI_PY_PLAIN },
        { "units", UI_PY_ARG },      { "\"\"\"doc", UI_PY_STRING },  { "string\"\"\"", UI_PY_STRING },
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const ui_cmd *c = text_cmd_ex(want[i].s, 0);
        ui_color wc = ui_code_color(want[i].cls);
        CHECK(c && same_color(c->color, wc), "expected \"%s\" drawn in #%02x%02x%02x, got %s #%02x%02x%02x",
              want[i].s, wc.r, wc.g, wc.b, c ? "" : "(not drawn)", c ? c->color.r : 0, c ? c->color.g : 0,
              c ? c->color.b : 0);
    }
    /* in pixels: the keyword's ink is the keyword colour, the plain name's is not */
    raster_frame(&(raster_target){ px, W, H, W * 4 }, ui);
    ui_color kw = ui_code_color(UI_PY_KEYWORD);
    int in_keyword = 0, in_name = 0;
    for (int y = (int)line_y(0); y < (int)line_y(2); y++)
        for (int x = (int)col_x(0); x < (int)col_x(6); x++) {
            const uint8_t *p = px + ((size_t)y * W + (size_t)x) * 4;
            int close = abs(p[0] - kw.r) < 40 && abs(p[1] - kw.g) < 40 && abs(p[2] - kw.b) < 40;
            if (y < (int)line_y(1))
                in_keyword += close;
            else
                in_name += close;
        }
    CHECK(in_keyword > 10 && in_name == 0, "expected keyword-coloured pixels on \"import\" only, got %d there "
          "and %d on \"model\"", in_keyword, in_name);
}

/* Pixels of colour c (within tol) in the rectangle, in the last raster. */
static int count_color(ui_rect r, ui_color c, int tol)
{
    int n = 0;
    for (int y = (int)r.y; y < (int)(r.y + r.h); y++)
        for (int x = (int)r.x; x < (int)(r.x + r.w); x++) {
            const uint8_t *p = px + ((size_t)y * W + (size_t)x) * 4;
            n += abs(p[0] - c.r) <= tol && abs(p[1] - c.g) <= tol && abs(p[2] - c.b) <= tol;
        }
    return n;
}

static void test_error_marker(void)
{
    start("import keras\nmodel = keras.Sequentiel()\n");
    ui_editor_set_error(&ed, 2, 15, 10, "Sequentiel ?");
    idle();
    raster_frame(&(raster_target){ px, W, H, W * 4 }, ui);
    ui_color bad = ui->theme.bad;
    ui_rect under = { col_x(14) + 1, line_y(2) - 3, 10 * cw() - 2, 3 };
    int n = count_color(under, bad, 8);
    CHECK(n >= (int)(10 * cw() - 2), "expected the span underlined in the bad colour (%d pixels or more), got %d",
          (int)(10 * cw() - 2), n);
    ui_rect before = { col_x(0), line_y(2) - 3, 14 * cw() - 2, 3 };
    n = count_color(before, bad, 8);
    CHECK(n == 0, "expected no underline before the span, got %d bad pixels", n);
    const ui_cmd *m = text_cmd("Sequentiel ?");
    CHECK(m && same_color(m->color, bad) && m->rect.x > col_x(26),
          "expected the message in the bad colour beside the line, got %s at x %.1f", m ? "it" : "none",
          m ? m->rect.x : 0);
    ui_editor_set_error(&ed, 0, 0, 0, NULL);
    idle();
    raster_frame(&(raster_target){ px, W, H, W * 4 }, ui);
    n = count_color(under, bad, 8);
    CHECK(n == 0, "expected no underline once cleared, got %d bad pixels", n);
    /* a message too long to go beside the line goes below it */
    ui_editor_set_error(&ed, 1, 1, 6, "a long message that cannot fit beside this line at all, not here");
    idle();
    m = text_cmd("a long message that cannot fit beside this line at all, not here");
    CHECK(m && m->rect.y >= line_y(1), "expected the long message below line 1 (y >= %.1f), got %.1f",
          line_y(1), m ? m->rect.y : -1);
}

/* The flash's strength on a span: the most yellow pixel (red and green well above blue). */
static int yellowness(ui_rect r)
{
    int best = 0;
    for (int y = (int)r.y; y < (int)(r.y + r.h); y++)
        for (int x = (int)r.x; x < (int)(r.x + r.w); x++) {
            const uint8_t *p = px + ((size_t)y * W + (size_t)x) * 4;
            int v = (p[0] < p[1] ? p[0] : p[1]) - p[2];
            best = v > best ? v : best;
        }
    return best;
}

static void test_flash(void)
{
    start("model.add(Dense(64))\n");
    key(UI_KEY_HOME, UI_MOD_CTRL);
    int rc = ui_editor_set_text(&ed, "model.add(Dense(128))\n");
    CHECK(rc == 0 && strcmp(buf, "model.add(Dense(128))\n") == 0, "expected the new text, got %d \"%s\"", rc, buf);
    CHECK_CURSOR(0);
    CHECK(ed.flash[0].start == 16 && ed.flash[0].end == 19, "expected the flash on [16, 19), got [%d, %d)",
          ed.flash[0].start, ed.flash[0].end);
    ui_rect span = { col_x(16), line_y(0), 3 * cw(), lh() };
    int y[4];
    double t[4] = { 10, 10.5, 10.9, 11.2 };
    for (int i = 0; i < 4; i++) {
        now = t[i];
        idle();
        raster_frame(&(raster_target){ px, W, H, W * 4 }, ui);
        y[i] = yellowness(span);
    }
    now = 1;
    CHECK(y[0] > 100 && y[1] < y[0] && y[2] < y[1] && y[3] == 0,
          "expected the flash to fade over a second, got yellowness %d, %d, %d, %d", y[0], y[1], y[2], y[3]);
    key(UI_KEY_UNDO, UI_MOD_CTRL);
    CHECK_TEXT("model.add(Dense(64))\n");
}

static void test_no_allocation(void)
{
    start("import keras\nmodel = keras.Sequential([\n    keras.layers.Dense(10),\n])\n");
    ui->set_clipboard = set_clipboard;
    ui_editor_set_error(&ed, 3, 5, 6, "message");
    ui_editor_flash(&ed, 0, 6);
    long before = allocations;
    for (int i = 0; i < 50; i++) {
        type("x = 1");
        key(UI_KEY_ENTER, 0);
        key(UI_KEY_UP, UI_MOD_SHIFT);
        key(UI_KEY_COPY, UI_MOD_CTRL);
        key(UI_KEY_UNDO, UI_MOD_CTRL);
        key(UI_KEY_REDO, UI_MOD_CTRL);
        mouse(col_x(3), line_y(1), 1, 1);
        mouse(col_x(3), line_y(1), 0, 0);
    }
    CHECK(allocations == before, "expected no allocation in 350 frames of editing, got %ld", allocations - before);
    CHECK(allocations > 0, "expected the wrapper to have counted ui_create's allocations, got %ld", allocations);
}

int main(void)
{
    /* the fonts and the UI, or exit 1 after one line that says why (app_make_ui prints its own) */
    if (TTF_Init() < 0 ? fprintf(stderr, "FAIL TTF_Init: %s\n", TTF_GetError()) : !(ui = app_make_ui(1)))
        return 1;
    ui->set_clipboard = set_clipboard;
    RUN(test_typing);
    RUN(test_enter_indent);
    RUN(test_erase);
    RUN(test_moves);
    RUN(test_shift_select);
    RUN(test_mouse_select);
    RUN(test_clipboard);
    RUN(test_undo_redo);
    RUN(test_bounded);
    RUN(test_line_numbers_and_colours);
    RUN(test_error_marker);
    RUN(test_flash);
    RUN(test_no_allocation);
    app_free_ui(ui);
    TTF_Quit();
    return failures != 0;
}
