/* app_save.c — what the student keeps from a session: the scene's trained model (Save model,
 * Ctrl+Shift+S), in the file format of `neurone train --save`, and the notices that say where
 * files went. Files go to the save folder: $NEURONE_SAVE_DIR, else ~/Neurone, made when needed. */
#include "app.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "lang.h"
#include "nn.h"
#include "offscreen.h"
#include "trainer.h"

void app_notice(app *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->notice, sizeof a->notice, fmt, ap);
    va_end(ap);
    a->notice_until = a->time + 12;
}

int app_save_path(const char *stem, const char *ext, char *out, size_t n)
{
    const char *dir = getenv("NEURONE_SAVE_DIR"), *home = getenv("HOME");
    char folder[900];
    if (dir && dir[0])
        snprintf(folder, sizeof folder, "%s", dir);
    else if (home && home[0])
        snprintf(folder, sizeof folder, "%s/Neurone", home);
    else {
        errno = ENOENT;
        return -1;
    }
    if (mkdir(folder, 0755) < 0 && errno != EEXIST)
        return -1;
    /* the time in the name: a second save never replaces the first */
    time_t now = time(NULL);
    struct tm tm;
    char stamp[32] = "";
    if (localtime_r(&now, &tm))
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    int len = snprintf(out, n, "%s/%s-%s.%s", folder, stem, stamp, ext);
    if (len < 0 || (size_t)len >= n) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}

void app_save_model(app *a)
{
    void *s = app_scene(a);
    const scene_class *c = a->scene_class[a->lesson];
    trainer *t = s && c && c->trainer_of ? c->trainer_of(s) : NULL;
    /* the view model is the UI thread's copy of the latest weights: saving it races with nothing */
    nn_model *m = t && trainer_sync_view(t) >= 0 ? trainer_view(t) : NULL;
    if (!m) {
        app_notice(a, "%s", TR("Rien à enregistrer : cette scène n'a pas encore de modèle entraîné.",
                               "Nothing to save: this scene has no trained model yet."));
        return;
    }
    char path[1000];
    const lesson_def *l = lesson_get(a->lesson);
    if (app_save_path(l && l->scene[0] ? l->scene : "model", "nn", path, sizeof path) < 0) {
        app_error(a, TR("Impossible de préparer le dossier d'enregistrement : %s",
                        "Cannot prepare the folder to save in: %s"), strerror(errno));
        return;
    }
    if (nn_save(m, path) < 0) {
        app_error(a, TR("Impossible d'enregistrer le modèle dans %s : %s", "Cannot save the model to %s: %s"),
                  path, nn_error());
        return;
    }
    app_notice(a, TR("Modèle enregistré dans %s : à rendre, ou à noter avec neurone --bench --model.",
                     "Model saved to %s: to hand in, or to grade with neurone --bench --model."), path);
}

/* The chart's pixels chosen in the last frame's menu, from this frame's commands (no menu in them). */
static void save_chart(app *a)
{
    char path[1000];
    a->chart_png = 0;
    if (app_save_path("chart", "png", path, sizeof path) < 0) {
        app_error(a, TR("Impossible de préparer le dossier d'enregistrement : %s",
                        "Cannot prepare the folder to save in: %s"), strerror(errno));
        return;
    }
    if (offscreen_save_rect_png(a->ui, a->chart_png_rect, path) < 0) {
        app_error(a, TR("Impossible d'enregistrer l'image dans %s : %s", "Cannot save the picture to %s: %s"), path,
                  strerror(errno));
        return;
    }
    app_notice(a, TR("Image enregistrée dans %s", "Picture saved to %s"), path);
}

void app_chart_menu(app *a)
{
    ui_context *ui = a->ui;
    if (a->chart_png)
        save_chart(a);
    if (!ui->chart_menu)
        return;
    const char *label = TR("Enregistrer en PNG##chart-png", "Save as PNG##chart-png");
    float w = ui_px(ui, 170), h = ui_px(ui, 30);
    /* under the pointer, kept inside the frame */
    ui_rect r = { fminf(ui->chart_menu_x, ui->width - w), fminf(ui->chart_menu_y, ui->height - h), w, h };
    ui_set_layer(ui, 1);
    ui_fill_round_rect(ui, ui_rect_inset(r, -ui_px(ui, 3)), ui_px(ui, 5), ui->theme.border);
    int chosen = ui_button_at(ui, r, label, 0, 1);
    ui_set_layer(ui, 0);
    ui->next_blocker = r;
    if (chosen) {
        a->chart_png = 1;
        a->chart_png_rect = ui->chart_rect;
        a->busy = 1; /* the next frame saves it: the loop must not sleep first */
        ui->chart_menu = 0;
    } else if ((ui->in.mouse_pressed && !ui_rect_contains(r, ui->in.mouse_x, ui->in.mouse_y)) || ui->in.key_escape)
        ui->chart_menu = 0; /* a click elsewhere, or Esc, closes it */
}
