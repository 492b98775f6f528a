/* ui_internal.h — what the widget layer's files share among themselves, and nobody else uses:
 * appending to the command list, the layout's cursor, labels and ids. */
#ifndef NEURONE_UI_INTERNAL_H
#define NEURONE_UI_INTERNAL_H

#include <stddef.h>

#include "ui.h"

/* ---- the command list (ui_draw.c) ---------------------------------------------------------------- */

/* A new command on the current layer; NULL (and ui->overflowed) when the list is full. */
ui_cmd *ui_push_cmd(ui_context *ui, ui_cmd_kind kind);
/* Room for n more vertices of triangles; NULL (and ui->overflowed) when the buffer is full. */
ui_vertex *ui_push_tris(ui_context *ui, int n);
/* A CLIP command with the clip on top of the stack, for the current layer. */
void ui_emit_clip(ui_context *ui);

/* ---- the layout checker (ui_check.c) ------------------------------------------------------------ */

/* Forgets the last frame's text (ui_begin). */
void ui_check_reset(ui_check *c);
/* Records the text command just pushed, with the clip it is drawn under (ui_draw_text). */
void ui_check_text(ui_context *ui, const ui_cmd *cmd);
/* Records an opaque rectangle or an image just drawn (ui_fill_rect, ui_draw_image): a text drawn
 * before it under it is covered. */
void ui_check_shape(ui_context *ui, ui_rect r);

/* ---- layout (ui_layout.c) ------------------------------------------------------------------------ */

/* The innermost layout. */
ui_layout *ui_layout_top(ui_context *ui);
/* A full-width rectangle h pixels high on a fresh line; the next row starts below it. */
ui_rect ui_take_line(ui_context *ui, float h);

/* ---- labels and ids ------------------------------------------------------------------------------ */

/* A label's visible length: the bytes before "##" (ui_text.c). */
int ui_visible_len(const char *label);
/* Draws a cell's label on its left; returns the rest of the cell, for the control (ui_widgets.c). */
ui_rect ui_split_label(ui_context *ui, ui_rect r, const char *label);
/* FNV-1a of n bytes, from h (ui.c). */
ui_id ui_hash_bytes(ui_id h, const void *p, size_t n);

#endif
