/* ui_editor.c — the code editor's text: edits kept for undo, typing, the cursor's moves and the
 * keys. Nothing here draws; ui_editor_view.c does. */
#include "ui_editor.h"

#include <string.h>

/* ---- characters and lines ------------------------------------------------------------------------ */

static int is_cont(char c)
{
    return ((unsigned char)c & 0xc0) == 0x80;
}

static int next_char(const ui_editor_state *ed, int p)
{
    if (p >= ed->len)
        return ed->len;
    p++;
    while (p < ed->len && is_cont(ed->text[p]))
        p++;
    return p;
}

static int prev_char(const ui_editor_state *ed, int p)
{
    if (p <= 0)
        return 0;
    p--;
    while (p > 0 && is_cont(ed->text[p]))
        p--;
    return p;
}

static int line_start(const ui_editor_state *ed, int p)
{
    while (p > 0 && ed->text[p - 1] != '\n')
        p--;
    return p;
}

static int line_end(const ui_editor_state *ed, int p)
{
    while (p < ed->len && ed->text[p] != '\n')
        p++;
    return p;
}

/* Characters from the start of p's line to p (0-based). */
static int column(const ui_editor_state *ed, int p)
{
    int col = 0;
    for (int q = line_start(ed, p); q < p; q = next_char(ed, q))
        col++;
    return col;
}

/* The position col characters into the line that starts at start, or the line's end. */
static int at_column(const ui_editor_state *ed, int start, int col)
{
    int p = start, e = line_end(ed, start);
    for (int c = 0; c < col && p < e; c++)
        p = next_char(ed, p);
    return p;
}

int ui_editor_line_col(const ui_editor_state *ed, int pos, int *col)
{
    pos = pos < 0 ? 0 : pos > ed->len ? ed->len : pos;
    int line = 1;
    for (int i = 0; i < pos; i++)
        line += ed->text[i] == '\n';
    if (col)
        *col = column(ed, pos) + 1;
    return line;
}

int ui_editor_pos(const ui_editor_state *ed, int line, int col)
{
    int p = 0;
    for (int l = 1; l < line && p < ed->len; l++) {
        p = line_end(ed, p);
        if (p < ed->len)
            p++;
        else
            return p; /* past the last line: its end */
    }
    return at_column(ed, p, col > 1 ? col - 1 : 0);
}

int ui_editor_selection(const ui_editor_state *ed, int *start, int *end)
{
    int a = ed->anchor < ed->cursor ? ed->anchor : ed->cursor;
    int b = ed->anchor < ed->cursor ? ed->cursor : ed->anchor;
    if (start)
        *start = a;
    if (end)
        *end = b;
    return b - a;
}

/* ---- life and marks ------------------------------------------------------------------------------ */

void ui_editor_init(ui_editor_state *ed, char *buf, int cap)
{
    memset(ed, 0, sizeof *ed);
    ed->text = buf;
    ed->cap = cap;
    ed->goal_col = -1;
    if (cap <= 0)
        return;
    buf[cap - 1] = 0;
    ed->len = (int)strlen(buf);
}

void ui_editor_set_error(ui_editor_state *ed, int line, int col, int len, const char *msg)
{
    ed->err_line = line > 0 ? line : 0;
    ed->err_col = col > 0 ? col : 1;
    ed->err_len = len > 0 ? len : 1;
    size_t n = msg ? strlen(msg) : 0;
    if (n > sizeof ed->err_msg - 1) {
        n = sizeof ed->err_msg - 1;
        while (n > 0 && is_cont(msg[n])) /* cut at a whole character */
            n--;
    }
    if (n)
        memcpy(ed->err_msg, msg, n);
    ed->err_msg[n] = 0;
}

void ui_editor_flash(ui_editor_state *ed, int start, int end)
{
    if (end <= start)
        return;
    int slot = 0;
    for (int i = 0; i < UI_EDITOR_FLASHES; i++) {
        if (ed->flash[i].end <= ed->flash[i].start) {
            slot = i; /* a free one */
            break;
        }
        if (ed->flash[i].t0 < ed->flash[slot].t0)
            slot = i; /* else the oldest */
    }
    ed->flash[slot] = (ui_editor_flash_span){ start, end, -1 };
}

/* ---- the undo history ---------------------------------------------------------------------------- */

/* Forgets the oldest step, and its bytes. */
static void drop_oldest(ui_editor_state *ed)
{
    int n = ed->edits[0].del_n + ed->edits[0].ins_n;
    memmove(ed->undo_bytes, ed->undo_bytes + n, (size_t)(ed->undo_used - n));
    ed->undo_used -= n;
    memmove(ed->edits, ed->edits + 1, (size_t)(ed->nedits - 1) * sizeof *ed->edits);
    ed->nedits--;
    ed->done--;
    for (int i = 0; i < ed->nedits; i++)
        ed->edits[i].data -= n;
}

/* Joins an edit to the last step when both are one run of typing, of Backspace or of Delete;
 * returns 1 when it did. A typed space after a word starts a new step (undo goes word by word). */
static int merge(ui_editor_state *ed, const ui_editor_edit *e, const char *old, const char *s)
{
    if (ed->done == 0 || ed->done != ed->nedits || e->kind == UI_EDIT_OTHER)
        return 0;
    ui_editor_edit *t = &ed->edits[ed->nedits - 1];
    if (t->kind != e->kind || t->cursor_after != e->cursor_before || e->anchor_before != e->cursor_before ||
        ed->undo_used + e->del_n + e->ins_n > UI_EDITOR_UNDO_BYTES)
        return 0;
    char *end = ed->undo_bytes + ed->undo_used;
    if (e->kind == UI_EDIT_TYPE && e->del_n == 0 && t->del_n == 0 && e->pos == t->pos + t->ins_n) {
        if (s[0] == ' ' && t->ins_n > 0 && end[-1] != ' ')
            return 0;
        memcpy(end, s, (size_t)e->ins_n);
        t->ins_n += e->ins_n;
    } else if (e->kind == UI_EDIT_BACK && e->pos + e->del_n == t->pos && t->ins_n == 0) {
        memmove(ed->undo_bytes + t->data + e->del_n, ed->undo_bytes + t->data, (size_t)t->del_n);
        memcpy(ed->undo_bytes + t->data, old, (size_t)e->del_n);
        t->del_n += e->del_n;
        t->pos = e->pos;
    } else if (e->kind == UI_EDIT_DELETE && e->pos == t->pos && t->ins_n == 0) {
        memcpy(end, old, (size_t)e->del_n);
        t->del_n += e->del_n;
    } else
        return 0;
    ed->undo_used += e->del_n + e->ins_n;
    t->cursor_after = e->cursor_after;
    return 1;
}

/* Keeps an edit for undo (the bytes it removed, old, and those it put, s); the steps that could be
 * redone are forgotten. An edit larger than the whole history clears it. */
static void record(ui_editor_state *ed, ui_editor_edit e, const char *old, const char *s)
{
    ed->nedits = ed->done;
    ed->undo_used = ed->done ? ed->edits[ed->done - 1].data + ed->edits[ed->done - 1].del_n +
                                   ed->edits[ed->done - 1].ins_n
                             : 0;
    if (merge(ed, &e, old, s))
        return;
    int need = e.del_n + e.ins_n;
    if (need > UI_EDITOR_UNDO_BYTES) {
        ed->nedits = ed->done = ed->undo_used = 0;
        return;
    }
    while (ed->nedits > 0 && (ed->nedits == UI_EDITOR_EDITS || ed->undo_used + need > UI_EDITOR_UNDO_BYTES))
        drop_oldest(ed);
    e.data = ed->undo_used;
    memcpy(ed->undo_bytes + e.data, old, (size_t)e.del_n);
    memcpy(ed->undo_bytes + e.data + e.del_n, s, (size_t)e.ins_n);
    ed->undo_used += need;
    ed->edits[ed->nedits++] = e;
    ed->done = ed->nedits;
}

/* Replaces [start, start + del_n) by n bytes of s, without history; the caller checked the room. */
static void splice(ui_editor_state *ed, int start, int del_n, const char *s, int n)
{
    memmove(ed->text + start + n, ed->text + start + del_n, (size_t)(ed->len - start - del_n));
    memcpy(ed->text + start, s, (size_t)n);
    ed->len += n - del_n;
    ed->text[ed->len] = 0;
    ed->version++;
}

int ui_editor_replace(ui_editor_state *ed, int start, int end, const char *s, int n, int kind)
{
    start = start < 0 ? 0 : start > ed->len ? ed->len : start;
    end = end < start ? start : end > ed->len ? ed->len : end;
    if (ed->cap <= 0 || (long)ed->len - (end - start) + n > (long)ed->cap - 1)
        return -1;
    ui_editor_edit e = { start, end - start, n, 0, ed->cursor, ed->anchor, start + n, kind };
    record(ed, e, ed->text + start, s);
    splice(ed, start, end - start, s, n);
    ed->cursor = ed->anchor = start + n;
    ed->goal_col = -1;
    ed->follow = 1;
    return 0;
}

int ui_editor_undo(ui_editor_state *ed)
{
    if (ed->done == 0)
        return 0;
    const ui_editor_edit *e = &ed->edits[--ed->done];
    splice(ed, e->pos, e->ins_n, ed->undo_bytes + e->data, e->del_n);
    ed->cursor = e->cursor_before;
    ed->anchor = e->anchor_before;
    ed->goal_col = -1;
    ed->follow = 1;
    return 1;
}

int ui_editor_redo(ui_editor_state *ed)
{
    if (ed->done == ed->nedits)
        return 0;
    const ui_editor_edit *e = &ed->edits[ed->done++];
    splice(ed, e->pos, e->del_n, ed->undo_bytes + e->data + e->del_n, e->ins_n);
    ed->cursor = ed->anchor = e->cursor_after;
    ed->goal_col = -1;
    ed->follow = 1;
    return 1;
}

/* Where an old position goes when [a, old_len - b) became n - a - b new bytes: kept before the
 * change, moved with the text after it, to the change's start inside it. */
static int map_pos(int p, int a, int b, int old_len, int n)
{
    return p <= a ? p : p >= old_len - b ? p + (n - old_len) : a;
}

int ui_editor_set_text(ui_editor_state *ed, const char *text)
{
    int n = (int)strlen(text), a = 0, b = 0, old_len = ed->len;
    while (a < n && a < ed->len && text[a] == ed->text[a])
        a++;
    while (b < n - a && b < ed->len - a && text[n - 1 - b] == ed->text[ed->len - 1 - b])
        b++; /* bytes in common at the end, not overlapping the start's */
    if (a == ed->len && a == n)
        return 0;
    while (a > 0 && (is_cont(text[a]) || is_cont(ed->text[a])))
        a--; /* whole characters change (and flash) */
    while (b > 0 && (is_cont(text[n - b]) || is_cont(ed->text[ed->len - b])))
        b--;
    int cursor = ed->cursor, anchor = ed->anchor;
    if (ui_editor_replace(ed, a, ed->len - b, text + a, n - a - b, UI_EDIT_OTHER) < 0)
        return -1;
    ed->cursor = map_pos(cursor, a, b, old_len, n);
    ed->anchor = map_pos(anchor, a, b, old_len, n);
    ed->follow = 0;
    ui_editor_flash(ed, a, n - b);
    return 0;
}

/* ---- typing ---------------------------------------------------------------------------------------- */

/* The length of the whole UTF-8 character at s (n bytes left), or 0 when it is broken. */
static int char_len(const unsigned char *s, int n)
{
    int k = s[0] < 0x80 ? 1 : s[0] >= 0xf8 ? 0 : s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
    if (k == 0 || k > n)
        return 0;
    for (int i = 1; i < k; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return k;
}

int ui_editor_type(ui_editor_state *ed, const char *s, int n)
{
    char clean[2 * sizeof ((ui_input *)0)->text];
    int m = 0, lines = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (int i = 0; i < n && m + 4 <= (int)sizeof clean;) {
        int k = char_len(u + i, n - i);
        if (k == 0)
            i++; /* a stray byte: not a character */
        else if (u[i] == '\t') {
            memcpy(clean + m, "    ", 4);
            m += 4;
        } else if (u[i] == '\n' || (u[i] >= 0x20 && u[i] != 0x7f)) {
            memcpy(clean + m, s + i, (size_t)k);
            m += k;
            lines += u[i] == '\n';
        }
        i += k ? k : 0;
    }
    if (m == 0)
        return 0;
    int a, b;
    ui_editor_selection(ed, &a, &b);
    return ui_editor_replace(ed, a, b, clean, m, lines || b > a ? UI_EDIT_OTHER : UI_EDIT_TYPE);
}

/* Enter: a new line indented as the one it splits (its leading spaces, up to the cursor). */
static int newline(ui_editor_state *ed)
{
    int a, b;
    ui_editor_selection(ed, &a, &b);
    char buf[1 + 128];
    int n = 0, p = line_start(ed, a);
    buf[n++] = '\n';
    while (p < a && ed->text[p] == ' ' && n < (int)sizeof buf)
        buf[n++] = ed->text[p++];
    return ui_editor_replace(ed, a, b, buf, n, UI_EDIT_OTHER);
}

/* Backspace and Delete: the selection, or the character before or after the cursor. */
static int erase(ui_editor_state *ed, int forward)
{
    int a, b;
    if (ui_editor_selection(ed, &a, &b))
        return ui_editor_replace(ed, a, b, "", 0, UI_EDIT_OTHER) == 0;
    if (forward ? a >= ed->len : a <= 0)
        return 0;
    if (forward)
        return ui_editor_replace(ed, a, next_char(ed, a), "", 0, UI_EDIT_DELETE) == 0;
    ui_editor_replace(ed, prev_char(ed, a), a, "", 0, UI_EDIT_BACK);
    return 1;
}

/* Copy and cut: the selection to the clipboard; cut removes it. */
static int copy(ui_editor_state *ed, ui_context *ui, int cut)
{
    int a, b;
    if (!ui_editor_selection(ed, &a, &b))
        return 0;
    if (ui && ui->set_clipboard)
        ui->set_clipboard(ui->clipboard_user, ed->text + a, b - a);
    return cut && ui_editor_replace(ed, a, b, "", 0, UI_EDIT_OTHER) == 0;
}

/* ---- moving ---------------------------------------------------------------------------------------- */

/* Home: to the line's first non-blank character, or to its very start when already there. */
static int home(const ui_editor_state *ed, int p)
{
    int s = line_start(ed, p), q = s;
    while (q < ed->len && ed->text[q] == ' ')
        q++;
    return p == q ? s : q;
}

/* lines down (up when negative), aiming at the goal column. */
static int vertical(ui_editor_state *ed, int p, int lines)
{
    if (ed->goal_col < 0)
        ed->goal_col = column(ed, p);
    int s = line_start(ed, p);
    for (; lines < 0; lines++) {
        if (s == 0)
            return 0;
        s = line_start(ed, s - 1);
    }
    for (; lines > 0; lines--) {
        int e = line_end(ed, s);
        if (e >= ed->len)
            return ed->len;
        s = e + 1;
    }
    return at_column(ed, s, ed->goal_col);
}

/* Where a moving key takes the cursor; -1 for a key that does not move it. */
static int moved_to(ui_editor_state *ed, int key, int mods, int page)
{
    int p = ed->cursor, ctrl = mods & UI_MOD_CTRL, a, b;
    int sel = ui_editor_selection(ed, &a, &b) && !(mods & UI_MOD_SHIFT);
    switch (key) {
    case UI_KEY_LEFT:
        return sel ? a : prev_char(ed, p); /* a selection collapses to its side */
    case UI_KEY_RIGHT:
        return sel ? b : next_char(ed, p);
    case UI_KEY_UP:
        return vertical(ed, p, -1);
    case UI_KEY_DOWN:
        return vertical(ed, p, 1);
    case UI_KEY_PAGE_UP:
        return vertical(ed, p, -(page > 1 ? page : 1));
    case UI_KEY_PAGE_DOWN:
        return vertical(ed, p, page > 1 ? page : 1);
    case UI_KEY_HOME:
        return ctrl ? 0 : home(ed, p);
    case UI_KEY_END:
        return ctrl ? ed->len : line_end(ed, p);
    default:
        return -1;
    }
}

int ui_editor_key(ui_editor_state *ed, ui_context *ui, int key, int mods, int page)
{
    int cursor = ed->cursor, anchor = ed->anchor;
    unsigned version = ed->version;
    int to = moved_to(ed, key, mods, page);
    if (to >= 0) {
        if (key != UI_KEY_UP && key != UI_KEY_DOWN && key != UI_KEY_PAGE_UP && key != UI_KEY_PAGE_DOWN)
            ed->goal_col = -1;
        ed->cursor = to;
        if (!(mods & UI_MOD_SHIFT))
            ed->anchor = to;
        ed->follow = 1;
    }
    int refused = 0;
    if (key == UI_KEY_SELECT_ALL) {
        ed->anchor = 0;
        ed->cursor = ed->len;
    } else if (key == UI_KEY_ENTER)
        refused = newline(ed) < 0;
    else if (key == UI_KEY_TAB)
        refused = ui_editor_type(ed, "    ", 4) < 0;
    else if (key == UI_KEY_BACKSPACE || key == UI_KEY_DELETE)
        erase(ed, key == UI_KEY_DELETE);
    else if (key == UI_KEY_COPY || key == UI_KEY_CUT)
        copy(ed, ui, key == UI_KEY_CUT);
    else if (key == UI_KEY_UNDO)
        ui_editor_undo(ed);
    else if (key == UI_KEY_REDO)
        ui_editor_redo(ed);
    int changed = ed->version != version;
    return (changed ? UI_EDITOR_CHANGED : 0) | (refused ? UI_EDITOR_REFUSED : 0) |
           (ed->cursor != cursor || ed->anchor != anchor ? UI_EDITOR_MOVED : 0);
}
