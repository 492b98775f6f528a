/* scene_compare.c — the course's second exercise in the window: a table (a built-in one or a CSV
 * path given by the lesson's `data` directive), a scaler, and a Run button that trains the MLP and
 * every classic classifier on one 70/30 split in a worker thread (compare.c's compare_run, the
 * same code as `neurone compare`). Then a table of scores, a bar chart of accuracies, the selected
 * model's confusion matrix and the test rows' class balance.
 *
 * Directives: dataset (breast_cancer, iris, wine, digits, or a CSV path), epochs, play; target and
 * scaler are read too, once the lesson format admits them. */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli.h"
#include "lang.h"
#include "plot.h"
#include "scene_common.h"

enum { MAX_MODELS = 12 };

static const char *const tables[] = { "breast_cancer", "iris", "wine", "digits" };
static const char *const scalers[] = { "minmax", "standard", "none" };

typedef struct compare_state {
    char data[512], target[128];
    int table, scaler, epochs, selected;
    SDL_Thread *thread;
    SDL_atomic_t done;
    volatile int cancel;
    int running;
    /* written by the worker, read by the frame only once done is set */
    compare_score score[MAX_MODELS];
    int models;
    char msg[256];
} compare_state;

static int worker(void *p)
{
    compare_state *s = p;
    s->models = compare_run(s->data, s->target[0] ? s->target : NULL, scalers[s->scaler], 0,
                            s->epochs, &s->cancel, s->score, MAX_MODELS, s->msg, sizeof s->msg);
    SDL_AtomicSet(&s->done, 1);
    return 0;
}

static void join(compare_state *s)
{
    if (s->thread) {
        SDL_WaitThread(s->thread, NULL);
        s->thread = NULL;
    }
    s->running = 0;
}

static void start(compare_state *s, app *a)
{
    join(s);
    s->cancel = 0;
    s->models = 0;
    s->msg[0] = '\0';
    SDL_AtomicSet(&s->done, 0);
    s->running = 1;
    if (a->headless) { /* --screenshot: the same every time */
        worker(s);
        s->running = 0;
        return;
    }
    s->thread = SDL_CreateThread(worker, "compare", s);
    if (!s->thread) {
        s->running = 0;
        app_error(a, TR("Impossible de lancer la comparaison.", "Cannot start the comparison."));
    }
}

static void *create(app *a, const char *directives)
{
    (void)a;
    compare_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    char v[512];
    snprintf(s->data, sizeof s->data, "breast_cancer");
    s->epochs = 100;
    if (lesson_directive(directives, "dataset", v, sizeof v))
        snprintf(s->data, sizeof s->data, "%s", v);
    if (lesson_directive(directives, "target", v, sizeof v))
        snprintf(s->target, sizeof s->target, "%.127s", v);
    if (lesson_directive(directives, "epochs", v, sizeof v) && atoi(v) > 0)
        s->epochs = atoi(v);
    for (int i = 0; i < 3; i++)
        if (lesson_directive(directives, "scaler", v, sizeof v) && strcmp(v, scalers[i]) == 0)
            s->scaler = i;
    s->table = -1;
    for (int i = 0; i < 4; i++)
        if (strcmp(s->data, tables[i]) == 0)
            s->table = i;
    return s;
}

static void results(compare_state *s, app *a, ui_rect area)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    float gap = ui_px(ui, 12), lh = ui_line_height(ui, UI_FONT_BODY) * 1.3f;
    /* the table */
    static const char *const head[] = { "model", "accuracy", "precision", "recall", "F1", "time" };
    float cw[6] = { 0.34f, 0.13f, 0.13f, 0.13f, 0.13f, 0.14f };
    float tw = area.w * 0.55f, x = area.x, y = area.y;
    for (int c = 0; c < 6; c++) {
        ui_draw_text(ui, UI_FONT_BOLD, head[c], -1, x, y, th->text);
        x += cw[c] * tw;
    }
    y += lh;
    for (int i = 0; i < s->models; i++) {
        const compare_score *r = &s->score[i];
        ui_rect row = { area.x, y, tw, lh };
        if (i == s->selected)
            ui_fill_rect(ui, row, ui_alpha(th->accent, 0.15f));
        if (ui_interact(ui, ui_get_id_int(ui, "cmp-row", i), row))
            s->selected = i;
        char cell[6][48];
        snprintf(cell[0], 48, "%s", r->name);
        if (r->failed) {
            snprintf(cell[1], 48, "%s", TR("échec", "failed"));
            cell[2][0] = cell[3][0] = cell[4][0] = cell[5][0] = '\0';
        } else {
            snprintf(cell[1], 48, "%.3f", r->accuracy);
            snprintf(cell[2], 48, "%.3f", r->precision);
            snprintf(cell[3], 48, "%.3f", r->recall);
            snprintf(cell[4], 48, "%.3f", r->f1);
            if (r->seconds < 1.0)
                snprintf(cell[5], 48, "%.0f ms", 1000.0 * r->seconds);
            else
                snprintf(cell[5], 48, "%.2f s", r->seconds);
        }
        x = area.x;
        for (int c = 0; c < 6; c++) {
            ui_draw_text(ui, UI_FONT_BODY, cell[c], -1, x, y, th->text);
            x += cw[c] * tw;
        }
        y += lh;
    }
    /* the bar chart of accuracies */
    plot_bar bars[MAX_MODELS];
    char labels[MAX_MODELS][8];
    for (int i = 0; i < s->models; i++) {
        snprintf(labels[i], sizeof labels[i], "%.5s", s->score[i].name);
        bars[i] = (plot_bar){ labels[i], s->score[i].failed ? 0.0f : (float)s->score[i].accuracy,
                              i == s->selected ? th->series[1] : th->series[0] };
    }
    ui_rect chart = { area.x + tw + gap, area.y, area.w - tw - gap, area.h * 0.5f - gap / 2 };
    plot_bars(ui, chart, TR("Exactitude (test)", "Accuracy (test)"), bars, s->models, 0, 1, "%.2f");

    /* the selected model's confusion matrix */
    const compare_score *r = &s->score[s->selected < s->models ? s->selected : 0];
    int k = r->classes;
    float top = y + gap;
    char title[96];
    snprintf(title, sizeof title, TR("Matrice de confusion : %s", "Confusion matrix: %s"), r->name);
    ui_draw_text(ui, UI_FONT_HEADING, title, -1, area.x, top, th->text);
    top += ui_line_height(ui, UI_FONT_HEADING) + ui_px(ui, 4);
    float side = area.y + area.h - top;
    if (side > tw * 0.6f)
        side = tw * 0.6f;
    if (k > 0 && side > 0) {
        int maxv = 1;
        for (int i = 0; i < k * k; i++)
            maxv = r->cm[i] > maxv ? r->cm[i] : maxv;
        float cell = side / (float)k;
        for (int t = 0; t < k; t++)
            for (int p = 0; p < k; p++) {
                ui_rect c = { area.x + cell * (float)p, top + cell * (float)t, cell - 1, cell - 1 };
                float f = (float)r->cm[t * k + p] / (float)maxv;
                ui_fill_rect(ui, c, ui_mix(th->panel, t == p ? th->good : th->bad, f));
                char n[16];
                snprintf(n, sizeof n, "%d", r->cm[t * k + p]);
                if (cell > ui_px(ui, 14))
                    ui_draw_text_aligned(ui, UI_FONT_SMALL, n, c, UI_CENTER, th->text);
            }
    }
    /* the test rows' class balance */
    plot_bar bal[COMPARE_MAX_CLASSES];
    char bl[COMPARE_MAX_CLASSES][12]; /* room for any int */
    for (int c = 0; c < k; c++) {
        snprintf(bl[c], sizeof bl[c], "%d", c);
        bal[c] = (plot_bar){ bl[c], (float)r->support[c], th->series[c % 4] };
    }
    ui_rect bc = { chart.x, chart.y + chart.h + gap, chart.w, area.y + area.h - chart.y - chart.h - gap };
    plot_bars(ui, bc, TR("Classes (lignes de test)", "Class balance (test rows)"), bal, k, 0, 0, "%.0f");
}

static void frame(void *p, app *a, ui_rect area)
{
    compare_state *s = p;
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    if (s->running && SDL_AtomicGet(&s->done))
        join(s);
    ui_layout_begin(ui, area);
    float w[5] = { 0.3f, 0.22f, 0.18f, 0.15f, 0.15f };
    for (int i = 0; i < 5; i++)
        w[i] *= area.w - ui_px(ui, 40);
    ui_row(ui, 5, w, th->row_height);
    int table = s->table < 0 ? 0 : s->table;
    if (ui_dropdown(ui, TR("Table", "Table"), &table, tables, 4)) {
        s->table = table;
        snprintf(s->data, sizeof s->data, "%s", tables[table]);
        s->target[0] = '\0';
    }
    ui_dropdown(ui, TR("Normalisation", "Scaler"), &s->scaler, scalers, 3);
    ui_number(ui, TR("Époques", "Epochs"), &s->epochs, 1, 1000, 0);
    if (ui_button_ex(ui, TR("Lancer", "Run"), 1, !s->running))
        start(s, a);
    if (ui_button_ex(ui, TR("Annuler", "Cancel"), 0, s->running))
        s->cancel = 1;
    ui_rect rest = ui_rest(ui);
    ui_layout_end(ui);
    char line[1024];
    if (s->running)
        snprintf(line, sizeof line, TR("%s : entraînement de tous les modèles (70/30)...",
                                       "%s: training every model (70/30)..."), s->data);
    else if (s->models < 0)
        snprintf(line, sizeof line, "%.511s: %.255s", s->data, s->msg);
    else
        snprintf(line, sizeof line, TR("%s, cible %s, découpage 70/30, graine 0 : %d modèles",
                                       "%s, target %s, 70/30 split, seed 0: %d models"), s->data,
                 s->target[0] ? s->target : "target", s->models);
    float lh = ui_line_height(ui, UI_FONT_BODY) * 1.4f;
    ui_draw_text(ui, UI_FONT_BODY, line, -1, rest.x, rest.y + ui_px(ui, 6), th->text_dim);
    rest.y += lh + ui_px(ui, 6);
    rest.h -= lh + ui_px(ui, 6);
    if (!s->running && s->models > 0)
        results(s, a, rest);
}

static void advance(void *p, app *a, int steps)
{
    (void)steps;
    compare_state *s = p;
    if (!s->models)
        start(s, a);
}

static int play(void *p, app *a)
{
    compare_state *s = p;
    if (!s->running)
        start(s, a);
    return 1;
}

static void leave(void *p, app *a)
{
    (void)a;
    compare_state *s = p;
    s->cancel = 1;
    join(s);
}

static void destroy(void *p)
{
    compare_state *s = p;
    if (s) {
        s->cancel = 1;
        join(s);
    }
    free(s);
}

const scene_class scene_compare = {
    .name = "compare",
    .create = create,
    .frame = frame,
    .advance = advance,
    .play = play,
    .leave = leave,
    .destroy = destroy,
};
