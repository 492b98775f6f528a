/* scene_race.c — placeholder while it is written. */
#include <stdlib.h>

#include "app.h"

static void *create(app *a, const char *directives)
{
    (void)a;
    (void)directives;
    return calloc(1, 1);
}

static void frame(void *p, app *a, ui_rect area)
{
    (void)p;
    ui_draw_text_aligned(a->ui, UI_FONT_BODY, "race", area, UI_CENTER, a->ui->theme.text);
}

const scene_class scene_race = { .name = "race", .create = create, .frame = frame, .destroy = free };
