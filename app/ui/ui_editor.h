/* ui_editor.h — a multi-line editor for Python code, as an immediate-mode widget.
 *
 *     static char code[8192];
 *     static ui_editor_state ed;            // once: ui_editor_init(&ed, code, sizeof code)
 *     if (ui_editor(ui, "##code", &ed, r) & UI_EDITOR_CHANGED)
 *         read the code again...
 *
 * The caller owns everything: the text buffer (cap bytes, always NUL-terminated, never written
 * past), the cursor and selection, the scroll, the undo history (a fixed ring inside the state),
 * the error marker and the flashes. The widget allocates nothing.
 *
 * Positions are byte offsets into the text, always at the start of a UTF-8 character. Lines and
 * columns are counted from 1, as the student reads them (columns in characters, not bytes).
 *
 * Keys come from ui_input.keys (the app translates SDL's: arrows, Home/End, Ctrl+Home/End, Page
 * Up/Down, Shift to select, Ctrl+A/C/X/Z/Y, Ctrl+Shift+Z), typed and pasted text from
 * ui_input.text. Copying goes through ui_context.set_clipboard. Tab inserts 4 spaces; Enter keeps
 * the indentation of the line it splits. Escape or a click elsewhere gives the keyboard back.
 */
#ifndef NEURONE_UI_EDITOR_H
#define NEURONE_UI_EDITOR_H

#include "ui.h"

enum {
    UI_EDITOR_EDITS = 256,          /* undo steps kept */
    UI_EDITOR_UNDO_BYTES = 32768,   /* text kept by them; an older step is forgotten when full */
    UI_EDITOR_FLASHES = 16,         /* changed spans highlighted at once */
    UI_EDITOR_MESSAGE = 256,        /* bytes of the error's message */
};

/* What ui_editor returns: a bit set. */
enum {
    UI_EDITOR_CHANGED = 1,          /* the text changed */
    UI_EDITOR_MOVED = 2,            /* the cursor or the selection moved */
    UI_EDITOR_REFUSED = 4,          /* an insertion did not fit in the buffer and was left out */
    UI_EDITOR_FOCUSED = 8,          /* the editor has the keyboard */
};

/* Kinds of edit, for grouping undo steps: a run of typing, of Backspace or of Delete is one step. */
enum { UI_EDIT_OTHER, UI_EDIT_TYPE, UI_EDIT_BACK, UI_EDIT_DELETE };

/* One undoable edit: at pos, del_n bytes were replaced by ins_n bytes; both are kept in the
 * state's undo_bytes from data (the deleted ones first). */
typedef struct ui_editor_edit {
    int pos, del_n, ins_n, data;
    int cursor_before, anchor_before, cursor_after;
    int kind;
} ui_editor_edit;

typedef struct ui_editor_flash {
    int start, end;                 /* bytes; end == start: an unused slot */
    double t0;                      /* ui clock when it was first drawn; < 0: not drawn yet */
} ui_editor_flash_span;

typedef struct ui_editor_state {
    char *text;                     /* the caller's buffer: len bytes and a NUL, cap bytes in all */
    int len, cap;
    unsigned version;               /* grows with every change of the text */
    int cursor, anchor;             /* anchor != cursor: the selection between them */
    int goal_col;                   /* the column Up and Down aim for (0-based); -1: the cursor's */
    float scroll_x, scroll_y;       /* pixels */
    int follow;                     /* scroll to the cursor on the next frame */
    int err_line, err_col, err_len; /* the error marker; err_line 0: none */
    char err_msg[UI_EDITOR_MESSAGE];
    ui_editor_flash_span flash[UI_EDITOR_FLASHES];
    ui_editor_edit edits[UI_EDITOR_EDITS];
    int nedits, done;               /* edits kept; of which applied (the rest can be redone) */
    int undo_used;                  /* bytes of undo_bytes in use */
    char undo_bytes[UI_EDITOR_UNDO_BYTES];
} ui_editor_state;

/* ---- the text, without drawing (ui_editor.c) ------------------------------------------------ */

/* Takes buf (cap bytes) with the NUL-terminated text it holds (cut to cap - 1 bytes); the cursor at
 * the start, no history, no marker. */
void ui_editor_init(ui_editor_state *ed, char *buf, int cap);
/* Replaces the whole text as one undoable step, changing only the bytes that differ (the common
 * start and end are kept) and flashing them. Returns 0, or -1 when it does not fit (unchanged). */
int ui_editor_set_text(ui_editor_state *ed, const char *text);
/* Replaces bytes [start, end) by s (n bytes, taken as given) as an undoable step of this kind
 * (UI_EDIT_*); the cursor after the new bytes. Returns 0, or -1 when the result would not fit in
 * the buffer (nothing changed). */
int ui_editor_replace(ui_editor_state *ed, int start, int end, const char *s, int n, int kind);
/* Inserts typed or pasted text over the selection: control characters dropped except newlines,
 * tabs as 4 spaces, broken UTF-8 left out. Returns 0, or -1 when it does not fit (nothing typed). */
int ui_editor_type(ui_editor_state *ed, const char *s, int n);
/* Applies one key; page is the number of lines Page Up/Down moves. Copy and cut go to ui's
 * clipboard hook (ui may be NULL: they go nowhere). Returns UI_EDITOR_* bits. */
int ui_editor_key(ui_editor_state *ed, ui_context *ui, int key, int mods, int page);
/* Undoes or redoes one step; returns 1, or 0 when there was none. */
int ui_editor_undo(ui_editor_state *ed);
int ui_editor_redo(ui_editor_state *ed);
/* The selection as [*start, *end); returns its length (0: none). */
int ui_editor_selection(const ui_editor_state *ed, int *start, int *end);
/* The 1-based line of pos, and its 1-based column in characters (col may be NULL). */
int ui_editor_line_col(const ui_editor_state *ed, int pos, int *col);
/* The position of 1-based line and column, clamped to the text and to the line's end. */
int ui_editor_pos(const ui_editor_state *ed, int line, int col);

/* ---- what the caller marks -------------------------------------------------------------------- */

/* Underlines len characters from line, col (1-based) in the theme's bad colour and shows msg
 * beside them. line 0 clears the marker. */
void ui_editor_set_error(ui_editor_state *ed, int line, int col, int len, const char *msg);
/* Highlights bytes [start, end), fading out over about a second from the frame that first draws it. */
void ui_editor_flash(ui_editor_state *ed, int start, int end);

/* ---- the widget (ui_editor_view.c) ------------------------------------------------------------- */

/* Draws the editor in r, a line-number gutter on its left, and takes the mouse and, while it has
 * the keyboard, the frame's keys and text. Returns UI_EDITOR_* bits. */
int ui_editor(ui_context *ui, const char *label, ui_editor_state *ed, ui_rect r);

/* Python's syntax, as the lesson pages colour it: the class of each byte of one line. state
 * carries what the lines above left open (0 before the first line; updated for the next one): a
 * triple-quoted string, and the brackets, inside which `name=` is a keyword argument. */
enum { UI_PY_PLAIN, UI_PY_KEYWORD, UI_PY_STRING, UI_PY_NUMBER, UI_PY_COMMENT, UI_PY_CALL, UI_PY_ARG,
       UI_PY_CLASSES };
void ui_python_classes(const char *s, int n, int *state, unsigned char *out);
/* The colour of a class, on code's light paper (the same in every theme). */
ui_color ui_code_color(int cls);

#endif
