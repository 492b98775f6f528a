/* lesson_view.h — a lesson's page drawn in the runner's text panel: headings, wrapped paragraphs
 * with bold, italic, code and links, lists, code blocks in the monospace font with Python's syntax
 * in colour, images (PNG, through stb_image), notes, "try this" boxes, and quizzes that answer
 * with their feedback when the student picks an answer.
 *
 * The view keeps what outlives a frame: the quiz answers of every lesson (the same in both
 * languages) and the images, loaded once. It draws inside the current ui layout (the panel's
 * scroll area), one row per block, so that the page scrolls as one column.
 */
#ifndef NEURONE_LESSON_VIEW_H
#define NEURONE_LESSON_VIEW_H

#include <stdint.h>

#include "lesson.h"
#include "ui.h"

typedef struct lesson_view lesson_view;

/* NULL when out of memory. */
lesson_view *lesson_view_create(void);
void lesson_view_free(lesson_view *v);

/* Where a link that was clicked leads: a lesson (0-based index) and its page, or an address. */
typedef struct lesson_view_go {
    int lesson, page;
    const char *url;             /* an address (http:// or https://), pointing into the lesson's
                                    file; NULL for a lesson or a page */
} lesson_view_go;

/* Draws page `page` of lesson l (index `lesson` in the runner) in the current layout. Returns 1
 * when the student clicked a link (to a lesson, a page or an address), with where it leads in go. */
int lesson_view_page(lesson_view *v, ui_context *ui, int lesson, const lesson_def *l, int page,
                     lesson_view_go *go);

/* Code as the lessons show it (monospace, Python's syntax in colour when python) in a box at x, y,
 * w wide; the source lines whose bit is set in mark (line 0: bit 0) are highlighted. Draws when
 * draw, and returns the height either way. */
float lesson_view_code(lesson_view *v, ui_context *ui, const char *code, int python, float x, float y,
                       float w, uint64_t mark, int draw);

/* The answer picked in quiz q of lesson (0-based; -1 when none): for tests. */
int lesson_view_answer(const lesson_view *v, int lesson, int quiz);
void lesson_view_set_answer(lesson_view *v, int lesson, int quiz, int choice);

#endif
