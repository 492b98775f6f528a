/* demo_presenter.c — demo mode's help for the instructor on the one screen the room sees: the
 * presenter view (S: the time since demo mode started, where the class stands, the next page's
 * title and this page's notes from the lesson's :::notes boxes) and the laser pointer (the mouse
 * as a large red dot while it moves, since a projected arrow is too small to follow). SDL-free. */
#include "demo.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang.h"
#include "lesson.h"
#include "lessonfile.h"

/* The laser's dot stays this long after the pointer last moved. */
#define LASER_SECONDS 1.5

int demo_page_notes(const lesson_def *l, int page, char *out, size_t n)
{
    out[0] = 0;
    if (!l || !l->doc || page < 0 || page >= l->doc->n_pages)
        return 0;
    const lesson_page *pg = &l->doc->pages[page];
    int count = 0;
    for (int i = 0; i < pg->n_blocks; i++) {
        const lesson_block *b = &pg->blocks[i];
        if (!b->notes)
            continue;
        size_t at = strlen(out);
        if (at + 1 < n)
            snprintf(out + at, n - at, "%s%s%.*s", at ? "\n" : "", b->kind == LESSON_ITEM ? "• " : "",
                     b->text.len, b->text.s);
        count++;
    }
    return count;
}

void demo_next_title(int lesson, int page, char *out, size_t n)
{
    const lesson_def *l = lesson_get(lesson);
    out[0] = 0;
    if (l && l->doc && page + 1 < l->doc->n_pages) {
        const lesson_page *pg = &l->doc->pages[page + 1];
        for (int i = 0; i < pg->n_blocks; i++)
            if (pg->blocks[i].kind == LESSON_HEADING) {
                snprintf(out, n, "%.*s", pg->blocks[i].text.len, pg->blocks[i].text.s);
                return;
            }
        snprintf(out, n, TR("page %d de « %s »", "page %d of \"%s\""), page + 2, l->title);
    } else if (lesson + 1 < lesson_count())
        snprintf(out, n, TR("Leçon %d : %s", "Lesson %d: %s"), lesson + 2, lesson_get(lesson + 1)->title);
    else
        snprintf(out, n, "%s", TR("fin du cours", "the end of the course"));
}

void demo_presenter(demo *d, app *a)
{
    ui_context *ui = a->ui;
    static char notes[4096];
    char next[512], head[160];
    const lesson_def *l = lesson_get(a->lesson);
    int n_notes = demo_page_notes(l, a->page, notes, sizeof notes);
    demo_next_title(a->lesson, a->page, next, sizeof next);
    int secs = (int)(a->time - d->started);
    secs = secs < 0 ? 0 : secs;
    snprintf(head, sizeof head, TR("%d:%02d   ·   leçon %d / %d, page %d / %d", "%d:%02d   ·   lesson %d / %d, page %d / %d"),
             secs / 60, secs % 60, a->lesson + 1, lesson_count(), a->page + 1, l ? l->n_pages : 0);
    /* a third of the screen, at the bottom right, over the scene rather than the text */
    float pad = ui_px(ui, 10), w = ui->width * 0.36f;
    float inner = w - 2 * pad, lh = ui_line_height(ui, UI_FONT_SMALL);
    const char *body = n_notes ? notes : TR("Pas de notes pour cette page.", "No notes for this page.");
    char nextline[600];
    snprintf(nextline, sizeof nextline, TR("Ensuite : %s", "Next: %s"), next);
    float h = 2 * pad + lh + ui_wrapped_height(ui, UI_FONT_SMALL, nextline, inner) + pad +
              ui_wrapped_height(ui, UI_FONT_SMALL, body, inner);
    h = fminf(h, ui->height * 0.6f);
    ui_rect r = { ui->width - w - pad, ui->height - h - pad, w, h };
    ui_set_layer(ui, 1);
    ui_fill_round_rect(ui, r, ui_px(ui, 6), (ui_color){ 8, 10, 12, 255 });
    ui_stroke_rect(ui, r, ui_px(ui, 2), ui->theme.accent);
    float y = r.y + pad;
    ui_draw_text(ui, UI_FONT_SMALL, head, -1, r.x + pad, y, ui_rgb(0xffd24d));
    y += lh;
    y += ui_draw_wrapped(ui, UI_FONT_SMALL, nextline, r.x + pad, y, inner, ui_rgb(0x9fd3ff)) + pad;
    ui_push_clip(ui, r);
    ui_draw_wrapped(ui, UI_FONT_SMALL, body, r.x + pad, y, inner, ui_rgb(0xffffff));
    ui_pop_clip(ui);
    ui_set_layer(ui, 0);
    char said[sizeof d->presenter_said];
    snprintf(said, sizeof said, "demo: presenter lesson %d page %d, next \"%.200s\", %d note%s", a->lesson + 1,
             a->page + 1, next, n_notes, n_notes == 1 ? "" : "s");
    if (strcmp(said, d->presenter_said) != 0) {
        snprintf(d->presenter_said, sizeof d->presenter_said, "%s", said);
        if (d->log) {
            fprintf(d->log, "%s\n", said);
            fflush(d->log);
        }
    }
}

void demo_laser(demo *d, app *a)
{
    ui_context *ui = a->ui;
    float mx = ui->in.mouse_x, my = ui->in.mouse_y;
    if (mx < 0 || my < 0 || mx > ui->width || my > ui->height)
        return;
    if (fabsf(mx - d->laser_x) + fabsf(my - d->laser_y) > ui_px(ui, 2)) {
        /* the first position is where the pointer rests, not a move */
        if (d->laser_seen)
            d->laser_at = a->time;
        d->laser_x = mx, d->laser_y = my, d->laser_seen = 1;
    }
    double age = a->time - d->laser_at;
    if (d->laser_at <= 0 || age > LASER_SECONDS)
        return;
    /* full for a second, then fading: red on white with a dark edge reads on both themes */
    float fade = age < 1 ? 1.0f : (float)((LASER_SECONDS - age) / (LASER_SECONDS - 1));
    ui_set_layer(ui, 1);
    ui_fill_circle(ui, mx, my, ui_px(ui, 26), ui_alpha(ui_rgb(0xff2020), 0.25f * fade));
    ui_fill_circle(ui, mx, my, ui_px(ui, 14), ui_alpha(ui_rgb(0x000000), 0.8f * fade));
    ui_fill_circle(ui, mx, my, ui_px(ui, 12), ui_alpha(ui_rgb(0xffffff), fade));
    ui_fill_circle(ui, mx, my, ui_px(ui, 9), ui_alpha(ui_rgb(0xff1a1a), fade));
    ui_set_layer(ui, 0);
    a->busy = 1; /* frames keep coming until the dot has faded */
}
