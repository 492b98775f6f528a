/* ui.h — Neurone's immediate-mode widget layer.
 *
 * The interface is rebuilt every frame from the app's state: a widget is a function that draws
 * itself and returns what happened (`if (ui_button(ui, "Play")) ...`). Widgets are identified by
 * a hash of their label, mixed with the enclosing scope (ui_push_id), so state such as "this
 * slider is being dragged" needs no object of its own.
 *
 * Nothing here touches SDL's renderer: widgets append to a command list (filled rectangles and
 * lines as coloured triangles, text runs, images), which render.c replays on an SDL_Renderer, or
 * raster.c draws into memory on the CPU (screenshots, tests, machines without a GPU). All memory
 * is allocated once in ui_create; a frame allocates nothing.
 *
 * The layer's files: ui.c (the context, frames, ids, the mouse), ui_draw.c (the command list and
 * the shapes), ui_layout.c (rows of cells, scroll areas), ui_text.c (text and its wrapping),
 * ui_widgets.c (buttons, toggles, sliders, dropdowns, tabs), ui_field.c (number and text fields),
 * ui_overlay.c (tooltips, the dialog), ui_editor.c and ui_editor_view.c (the code editor, its own
 * header ui_editor.h); ui_internal.h is what they share.
 *
 * Coordinates are pixels. Sizes in the theme are points: multiply by ui->scale (ui_px) to get
 * pixels, so that HiDPI screens and the projector mode get larger type and thicker lines.
 */
#ifndef NEURONE_UI_H
#define NEURONE_UI_H

#include <stdint.h>

typedef struct ui_font ui_font; /* font.h */

typedef struct ui_color { uint8_t r, g, b, a; } ui_color;
typedef struct ui_rect { float x, y, w, h; } ui_rect;
typedef struct ui_vertex { float x, y; ui_color c; float u, v; } ui_vertex;
typedef uint32_t ui_id;
typedef struct ui_check ui_check; /* the layout checker's record of a frame's text (ui_check.c) */

enum ui_font_id {
    UI_FONT_BODY,    /* running text and widgets */
    UI_FONT_SMALL,   /* ticks, captions */
    UI_FONT_BOLD,    /* values, emphasis */
    UI_FONT_HEADING, /* panel titles */
    UI_FONT_TITLE,   /* lesson titles */
    UI_FONT_MONO,    /* formulas and code */
    UI_FONT_ITALIC,  /* emphasis in lesson text: the body's face slanted by SDL_ttf */
    UI_FONT_CODE,    /* code in lesson text: monospace, a little smaller, for the narrow panel */
    UI_FONT_CODE_SMALL, /* a lesson's code block whose long names would not fit in UI_FONT_CODE */
    UI_FONT_COUNT
};

/* Text alignment inside a rectangle. */
enum ui_align { UI_LEFT, UI_CENTER, UI_RIGHT };

/* The colours of everything the widgets draw. A theme is plain data, so that the projector and
 * light themes of demo mode are just other values. */
typedef struct ui_theme {
    ui_color bg, panel, border, header, header_text;
    ui_color text, text_dim, text_on_accent;
    ui_color accent, accent_hover, accent_dim;
    ui_color button, button_hover, button_active;
    ui_color field, track;
    ui_color positive, negative, neutral; /* the sign of a weight or activation: blue, orange */
    ui_color good, bad;                   /* a right and a wrong prediction: blue, red */
    ui_color series[4];                   /* curves: training, validation, and two more */
    ui_color shadow, overlay;
    float row_height, spacing, padding, radius; /* points */
    float font_pt[UI_FONT_COUNT];
} ui_theme;

/* An RGBA image that the scene owns and keeps alive while it is drawn. Call ui_image_touch after
 * changing its pixels so that the renderer uploads them again. */
typedef struct ui_image {
    const uint8_t *rgba; /* (h, w, 4) */
    int w, h;
    int smooth;          /* 1: linear filtering when scaled (heatmaps); 0: visible pixels */
    uint32_t version;    /* set by ui_image_touch */
} ui_image;

/* The keys that move through and edit text (the code editor's), as the app translates them from
 * its platform's (Ctrl+Z is UI_KEY_UNDO; on another platform it could be Cmd+Z). */
enum ui_key {
    UI_KEY_NONE, UI_KEY_LEFT, UI_KEY_RIGHT, UI_KEY_UP, UI_KEY_DOWN, UI_KEY_HOME, UI_KEY_END,
    UI_KEY_PAGE_UP, UI_KEY_PAGE_DOWN, UI_KEY_BACKSPACE, UI_KEY_DELETE, UI_KEY_ENTER, UI_KEY_TAB,
    UI_KEY_SELECT_ALL, UI_KEY_COPY, UI_KEY_CUT, UI_KEY_UNDO, UI_KEY_REDO,
    UI_KEY_OPEN, UI_KEY_SAVE       /* Ctrl+O, Ctrl+S: queued wherever the keyboard is (the code panel's) */
};
enum { UI_MOD_SHIFT = 1, UI_MOD_CTRL = 2 };
enum { UI_MAX_KEYS = 32 };

/* One key press: which, the modifiers held, and how many bytes of the frame's text had been typed
 * before it (so that "a", Enter, "b" in one frame come out in that order). */
typedef struct ui_key_press {
    int key;                       /* enum ui_key */
    int mods;                      /* UI_MOD_* */
    int text_at;
} ui_key_press;

/* One frame's input, filled by the caller before ui_begin. */
typedef struct ui_input {
    float mouse_x, mouse_y;
    int mouse_down;                /* left button held */
    int mouse_pressed, mouse_released;
    int right_pressed, right_released; /* the right button this frame: a chart's menu */
    float wheel;                   /* lines scrolled this frame, positive = up */
    char text[8192];               /* UTF-8 typed this frame, or pasted (a path, a script) */
    int key_backspace, key_enter, key_escape;
    ui_key_press keys[UI_MAX_KEYS]; /* the editing keys pressed this frame, in order */
    int nkeys;
    double time;                   /* seconds since start */
} ui_input;

/* RECT is a filled axis-aligned rectangle: renderers fill those far faster than triangles. */
/* DISC and LINE: a filled circle and a straight line, as triangles (first, count) for a GPU
 * renderer and as their geometry for the CPU rasteriser, which fills each in one pass: a scatter
 * plot's dots and a network's links were most of a Playground frame's triangles, six per link and
 * thirty per dot, each walked row by row. */
typedef enum ui_cmd_kind {
    UI_CMD_CLIP, UI_CMD_RECT, UI_CMD_TRIS, UI_CMD_TEXT, UI_CMD_IMAGE, UI_CMD_DISC, UI_CMD_LINE
} ui_cmd_kind;

typedef struct ui_cmd {
    ui_cmd_kind kind;
    int font;                 /* TEXT */
    int first, count;         /* TRIS, DISC: vertices; TEXT: bytes of the text pool */
    ui_rect rect;             /* CLIP: the clip; RECT: the rectangle; IMAGE: where it goes; TEXT: top-left;
                                 DISC: the square around the circle; LINE: x0, y0, x1, y1 (not a rect) */
    float width;              /* LINE */
    ui_color color;           /* RECT, TEXT, IMAGE (tint), DISC, LINE */
    const ui_image *image;    /* IMAGE */
} ui_cmd;

enum { UI_LAYERS = 2 };       /* 0: the page; 1: on top (open dropdowns, tooltips, dialogs) */
/* the most vertices a frame may hold: 4 Mi of 20 bytes */
enum { UI_MAX_VERTS = 1 << 22 };
enum { UI_MAX_CMDS = 1 << 20 };   /* commands a layer may hold; the lists grow from 8192 */
enum { UI_MAX_COLS = 8, UI_LAYOUT_DEPTH = 8, UI_CLIP_DEPTH = 16, UI_ID_DEPTH = 16 };

typedef struct ui_layout {
    ui_rect body;             /* where widgets go */
    float x, y;               /* next cell's top-left */
    float row_h;
    int cols, col;
    float widths[UI_MAX_COLS];
    float bottom;             /* lowest edge used so far */
    ui_rect view;             /* a scroll area's visible rectangle */
} ui_layout;

typedef struct ui_context {
    ui_theme theme;
    float scale;              /* pixels per point */
    ui_font *fonts[UI_FONT_COUNT];
    ui_input in;
    float width, height;      /* of the frame, pixels */
    float label_w;            /* points given to a widget's label; 0: 30 % of the cell, at most 110 */
    ui_rect last;             /* the cell ui_next gave last: where the last laid-out widget is */

    /* interaction */
    ui_id hot, active, focus; /* under the mouse; held; taking keys */
    ui_id hover, hover_prev;  /* for tooltips: what the mouse rests on, and since when */
    double hover_since;
    ui_id open_popup;         /* the dropdown whose list is open */
    ui_rect blocker;          /* last frame's popup or dialog: the mouse belongs to it */
    int modal;                /* a dialog is open: the page under it takes no input */
    ui_rect next_blocker;
    int next_modal;
    char edit[32];            /* the number field being typed into */
    int edit_len;
    int focus_seen;           /* the focused field was drawn this frame; else ui_end drops the focus */
    float drag_offset;
    /* a right-click on a chart or map: its menu (Save as PNG), which the app draws and acts on */
    int chart_menu;           /* the menu is open */
    ui_rect chart_rect;       /* the panel clicked, pixels: what a PNG of it crops */
    float chart_menu_x, chart_menu_y;
    /* The panels drawn this frame (ui_note_panel), for demo mode's zoom on the one under the
     * pointer; the first UI_MAX_PANELS. */
    ui_rect panels[32];
    int n_panels;

    /* scopes */
    ui_id id_stack[UI_ID_DEPTH];
    int id_depth;
    ui_layout layouts[UI_LAYOUT_DEPTH];
    int layout_depth;
    ui_rect clips[UI_CLIP_DEPTH];
    unsigned char clip_allow[UI_CLIP_DEPTH]; /* UI_ALLOW_*: clipping there is deliberate (a scroll) */
    int clip_depth;
    int layer;

    /* the command list */
    ui_cmd *cmds[UI_LAYERS];
    int ncmds[UI_LAYERS], cap_cmds;
    ui_vertex *verts;         /* grows as a frame needs, to UI_MAX_VERTS (ui_push_tris) */
    int nverts, cap_verts;
    char *text;
    int ntext, cap_text;
    int overflowed;           /* a buffer was full this frame: some drawing was dropped */

    /* The system clipboard, for copying: the app sets SDL's, a test its own; NULL: a copy goes
     * nowhere. Pasting needs no hook: the app types the clipboard's text into ui_input.text. */
    void (*set_clipboard)(void *user, const char *text, int len);
    void *clipboard_user;
    /* The system's browser, for a lesson's links to the course: the app sets SDL_OpenURL's; NULL
     * (screenshots, tests): nothing opens. Returns 0 when the address was handed to a browser. */
    int (*open_url)(void *user, const char *url);

    /* The layout checker (ui_check.c): NULL, the default, records nothing and costs one test per
     * text drawn; set, each frame's text is recorded with its box and clip, for ui_check_problems. */
    ui_check *check;
} ui_context;

/* ---- life and frames ---------------------------------------------------------------------------- */

ui_context *ui_create(void);
void ui_free(ui_context *ui);
/* Light theme of the course (TensorFlow Playground's colours). */
ui_theme ui_theme_light(void);
void ui_begin(ui_context *ui, const ui_input *in, float width, float height);
void ui_end(ui_context *ui);
static inline float ui_px(const ui_context *ui, float pt) { return pt * ui->scale; }

/* ---- ids and scopes ----------------------------------------------------------------------------- */

ui_id ui_get_id(ui_context *ui, const char *label);
ui_id ui_get_id_int(ui_context *ui, const char *label, int n);
void ui_push_id(ui_context *ui, const char *label);
void ui_push_id_int(ui_context *ui, int n);
void ui_pop_id(ui_context *ui);

/* ---- layout: rows of cells inside a rectangle ---------------------------------------------------- */

void ui_layout_begin(ui_context *ui, ui_rect body);
void ui_layout_end(ui_context *ui);
/* Starts rows of n cells, height h points (0: the theme's row height). widths in points; a
 * negative width shares what is left (-1 and -2 take one and two shares). widths NULL: equal. */
void ui_row(ui_context *ui, int n, const float *widths, float h);
/* The next cell; moves to a new row after the row's last cell. */
ui_rect ui_next(ui_context *ui);
/* Vertical space, in points. */
void ui_space(ui_context *ui, float pt);
/* The space left below the cursor in the current layout. */
ui_rect ui_rest(ui_context *ui);

/* ---- drawing ------------------------------------------------------------------------------------ */

void ui_push_clip(ui_context *ui, ui_rect r);
void ui_pop_clip(ui_context *ui);
void ui_set_layer(ui_context *ui, int layer);
void ui_fill_rect(ui_context *ui, ui_rect r, ui_color c);
void ui_fill_round_rect(ui_context *ui, ui_rect r, float radius, ui_color c);
void ui_stroke_rect(ui_context *ui, ui_rect r, float width, ui_color c);
/* Antialiased: a one-pixel feather fades each edge out. */
void ui_line(ui_context *ui, float x0, float y0, float x1, float y1, float width, ui_color c);
void ui_polyline(ui_context *ui, const float *xy, int n, float width, ui_color c);
void ui_fill_circle(ui_context *ui, float cx, float cy, float r, ui_color c);
void ui_stroke_circle(ui_context *ui, float cx, float cy, float r, float width, ui_color c);
void ui_fill_triangle(ui_context *ui, float x0, float y0, float x1, float y1, float x2, float y2,
                      ui_color c);
/* A quad with one colour per corner (top-left, top-right, bottom-right, bottom-left). */
void ui_fill_gradient(ui_context *ui, ui_rect r, ui_color tl, ui_color tr, ui_color br, ui_color bl);
void ui_image_touch(ui_image *img);
void ui_draw_image(ui_context *ui, ui_rect r, const ui_image *img);
/* One line of text at x, y (top-left); returns its width. len -1: up to the NUL. */
float ui_draw_text(ui_context *ui, int font, const char *s, int len, float x, float y, ui_color c);
void ui_draw_text_aligned(ui_context *ui, int font, const char *s, ui_rect r, int align, ui_color c);
float ui_text_width(ui_context *ui, int font, const char *s, int len);
float ui_line_height(ui_context *ui, int font);
/* Wrapped text inside width w from x, y; returns the height used. Paragraphs split on '\n'. */
float ui_draw_wrapped(ui_context *ui, int font, const char *s, float x, float y, float w, ui_color c);
float ui_wrapped_height(ui_context *ui, int font, const char *s, float w);

/* ---- input helpers ---------------------------------------------------------------------------- */

int ui_mouse_in(const ui_context *ui, ui_rect r); /* under the mouse, and not covered by a popup */
int ui_rect_contains(ui_rect r, float x, float y);
ui_rect ui_rect_inset(ui_rect r, float d);
ui_rect ui_rect_intersect(ui_rect a, ui_rect b);
/* Claims hot/active for id over r; returns 1 when clicked (pressed then released over r). */
int ui_interact(ui_context *ui, ui_id id, ui_rect r);

/* ---- widgets, placed in the current layout's next cell ------------------------------------------ */

void ui_label(ui_context *ui, const char *text);
void ui_label_font(ui_context *ui, int font, const char *text, ui_color c);
/* Wrapped text over the layout's full width; returns its height. */
float ui_text(ui_context *ui, int font, const char *text, ui_color c);
int ui_button(ui_context *ui, const char *label);
/* primary: filled with the accent colour. enabled 0: drawn greyed, never returns 1. */
int ui_button_ex(ui_context *ui, const char *label, int primary, int enabled);
int ui_button_at(ui_context *ui, ui_rect r, const char *label, int primary, int enabled);
/* Returns 1 when *on changed. */
int ui_toggle(ui_context *ui, const char *label, int *on);
/* Returns 1 when *v changed; fmt prints the value beside the label ("%.2f"). */
int ui_slider(ui_context *ui, const char *label, float *v, float lo, float hi, const char *fmt);
/* Returns 1 when *selected changed. items[n]. */
int ui_dropdown(ui_context *ui, const char *label, int *selected, const char *const *items, int n);
/* An integer with - and + buttons (step 0: they halve and double); click the value to type one,
 * Enter to keep it. Returns 1 when *v changed. */
int ui_number(ui_context *ui, const char *label, int *v, int lo, int hi, int step);
/* A line of text the student types into buf (size bytes, always NUL-terminated, never written past):
 * click to focus it, type (UTF-8; a paste arrives as typed text), Backspace removes the last
 * character, Escape or a click elsewhere leaves it. The text scrolls to keep the caret (at the end)
 * in view. hint (NULL: none) shows dimmed while the field is empty. Returns 1 when Enter is
 * pressed in it; it keeps the focus, so that the student can correct and press Enter again. */
int ui_text_field(ui_context *ui, const char *label, char *buf, int size, const char *hint);
/* A text or number field has the keyboard: keys are its own, not the app's (a space typed into a
 * path must not start the scene). */
int ui_text_focused(const ui_context *ui);
/* Segmented choice: one button per item, the selected one filled. Returns 1 on a change. */
int ui_tabs(ui_context *ui, const char *label, int *selected, const char *const *items, int n);
/* A tooltip beside the mouse, when it has rested on r for a moment. */
void ui_tooltip(ui_context *ui, ui_rect r, const char *text);
/* Draws a tooltip now, at the mouse (for values under the pointer in custom drawings). */
void ui_tooltip_now(ui_context *ui, const char *text);

/* A scrolling region: widgets between begin and end are laid out in a column inside r, clipped,
 * and moved by *scroll (pixels). The wheel scrolls it; a bar shows where the view stands. */
void ui_scroll_begin(ui_context *ui, const char *label, ui_rect r, float *scroll);
void ui_scroll_end(ui_context *ui, float *scroll);

/* A modal message box over the whole frame; returns 1 when dismissed (OK, Enter or Escape). */
int ui_dialog(ui_context *ui, const char *title, const char *message);

/* ---- the layout checker (ui_check.c) ------------------------------------------------------------ */

/* What is wrong with a text: clipped (by a clip rectangle or its box), cut (a word wrapped past its
 * box's width, a code line broken inside a name), overlapping another text of the same layer, or
 * covered by an opaque rectangle or an image of the same layer drawn after it (a widget on it). */
enum ui_flaw { UI_FLAW_CLIPPED, UI_FLAW_CUT, UI_FLAW_OVERLAPS, UI_FLAW_COVERED };
/* Clipping in these directions is deliberate inside the current clip (a scroll area's content, the
 * code editor's horizontal scroll): ui_clip_allow marks the clip on top of the stack and those inside it. */
enum { UI_ALLOW_X = 1, UI_ALLOW_Y = 2 };
void ui_clip_allow(ui_context *ui, int flags);

typedef struct ui_problem {
    int flaw;                 /* enum ui_flaw */
    char text[96], other[96]; /* the text (cut to fit, NUL-terminated); other: the overlapped one */
    ui_rect rect;             /* the text's box, pixels */
} ui_problem;

/* A record for ui->check, sized for the busiest frame; NULL when out of memory. */
ui_check *ui_check_create(void);
void ui_check_free(ui_check *c);
/* The text just drawn is a word cut where its line's width ran out: for wrapping done outside
 * ui_text.c (the lesson's rich text). */
void ui_check_mark_cut(ui_context *ui);
/* After ui_end: the frame's problems, at most max of them into out; returns how many there were. */
int ui_check_problems(ui_context *ui, ui_problem *out, int max);

/* ---- colours ------------------------------------------------------------------------------------ */

ui_color ui_rgb(uint32_t hex);                  /* 0xRRGGBB, opaque */
ui_color ui_alpha(ui_color c, float a);         /* a in 0..1 multiplies c.a */
ui_color ui_mix(ui_color a, ui_color b, float t);
/* The diverging palette of signs: orange for -1, near-white for 0, blue for +1 (t clamped). */
ui_color ui_diverging(const ui_theme *th, float t);

/* A chart or map drawn in r: a right-click there opens its menu (chart_menu, chart_rect). */
void ui_chart_area(ui_context *ui, ui_rect r);
/* A panel drawn this frame (app_panel's cards), for demo mode's zoom. */
void ui_note_panel(ui_context *ui, ui_rect r);

#endif
