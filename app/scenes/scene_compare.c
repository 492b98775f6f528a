/* scene_compare.c — the course's second exercise in the window, on study.h's state machine, in
 * four tabs that follow the notebook:
 *
 *   Data      a built-in table, a typed path, a recent file, or a CSV dropped on the window
 *   Preview   the first rows; per column the target, the features, its kind and missing cells;
 *             the class balance by class name; a feature's histogram per class; what the loader
 *             did (one-hot, imputed, dropped)
 *   Training  the scaler, the test part and the epochs; Run trains the MLP and every classic
 *             classifier on one split in a worker thread, the MLP's loss live; Cancel
 *   Results   the scores (one row per model: click one), the accuracies as bars, the selected
 *             model's confusion matrix, and a row typed by the student predicted by every model
 *
 * Threads. study_open reads 20 rows and runs on the UI thread. study_load runs there too when
 * the file is small, else in the worker; study_run always runs in the worker (headless runs,
 * --screenshot, do everything synchronously so that the picture is the same every time). While
 * the worker runs the scene reads the study only through study_get_status and
 * study_get_history, as study.h requires.
 *
 * Directives: dataset (the table opened first), target, scaler, test_size, epochs, play, tabs. */
#include <SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lang.h"
#include "plot.h"
#include "recent.h"
#include "scene_common.h"
#include "study.h"

enum { TAB_DATA, TAB_PREVIEW, TAB_TRAINING, TAB_RESULTS, N_TABS };
enum { JOB_NONE, JOB_LOAD, JOB_RUN };
enum { HIST_BINS = 12, MAX_SHOWN_CLASSES = 10 };

/* Files bigger than this are loaded in the worker, with a progress bar. */
static const long long sync_load_bytes = 4 << 20;

/* The course table's lists, which the lesson's directives are checked against. */
static const char *const *const tables = lesson_tables;
static const char *const *const scalers = lesson_scalers;
_Static_assert((int)N_TABS == (int)LESSON_N_COMPARE_TABS, "a view for each of the course table's tabs");

typedef struct compare_state {
    study st;
    int opened;                  /* study_open succeeded: st.preview and st.column are valid */
    char first[64];              /* the lesson's table, opened when nothing else is */
    char first_target[128];      /* its target column (directive), "" for the last */
    int wants_play;
    /* the settings of the run */
    int scaler;                  /* index in scalers */
    float test_size;
    int epochs;
    study_settings run_settings; /* what the running job uses */
    Uint64 run_start;            /* SDL_GetPerformanceCounter when Run was pressed */
    /* the worker */
    SDL_Thread *thread;
    SDL_atomic_t done;
    int job, job_rc;
    int cancel;                  /* read by the study with atomic loads */
    int stale;                   /* the choice changed since the load */
    /* the student's input */
    char path[1024];             /* the path field */
    char row[512];               /* the row to predict */
    recent_list recent;
    char msg[1200];              /* the last failure, shown in red; "" when none */
    /* the view */
    int tab, tab_of_page[LESSON_MAX_PAGES], n_tab_pages, last_page;
    float col_first;             /* the preview's first column shown */
    int hist_feature;            /* index into st.feature */
    int hist_valid, hist_bins;
    float hist_lo, hist_hi;
    int *hist;                   /* (classes, bins) */
    int selected;                /* the results' model */
    study_prediction pred[STUDY_MAX_MODELS];
    int pred_ok;
    char pred_msg[256];
    float loss[STUDY_MAX_EPOCHS], val_loss[STUDY_MAX_EPOCHS];
    char notes[4096];            /* the loader's notes in the app's language, rewritten each frame */
} compare_state;

/* ---- the worker --------------------------------------------------------------------------------- */

static int worker(void *p)
{
    compare_state *s = p;
    int rc = 0;
    if (s->job == JOB_LOAD || s->stale)
        rc = study_load(&s->st, NULL, &s->cancel);
    if (rc == 0 && s->job == JOB_RUN)
        rc = study_run(&s->st, &s->run_settings, &s->cancel);
    s->job_rc = rc;
    SDL_AtomicSet(&s->done, 1);
    return 0;
}

static void stop_job(compare_state *s)
{
    if (s->thread) {
        __atomic_store_n(&s->cancel, 1, __ATOMIC_RELAXED);
        SDL_WaitThread(s->thread, NULL);
        s->thread = NULL;
    }
    s->job = JOB_NONE;
}

/* The file's first row, its features in the order a typed row takes them: an example that the
 * student can change. */
static void example_row(const compare_state *s, char *buf, size_t n)
{
    const nn_table_preview *pv = &s->st.preview;
    size_t used = 0;
    buf[0] = 0;
    if (pv->rows < 1)
        return;
    for (int f = 0; f < s->st.features && used < n; f++) {
        const char *cell = pv->cells[s->st.feature[f].column];
        used += (size_t)snprintf(buf + used, n - used, "%s%s", f ? "," : "", strchr(cell, ',') ? "" : cell);
    }
}

/* What the loader and the split did to the table, in the app's language (study_notes_text); ""
 * when nothing. A report too long for s->notes is cut after its last whole line. Only when no
 * job runs: the report is the worker's meanwhile. */
static const char *notes_text(compare_state *s)
{
    int len = study_notes_text(&s->st.report, lang_current() != LANG_EN, s->notes, sizeof s->notes);
    char *cut = len < (int)sizeof s->notes ? NULL : strrchr(s->notes, '\n');
    if (cut)
        cut[1] = '\0';
    return s->notes;
}

static void predict_row(compare_state *s)
{
    s->pred_ok = study_predict_row(&s->st, s->row, s->pred, s->pred_msg, sizeof s->pred_msg) == 0;
    if (s->pred_ok)
        s->pred_msg[0] = 0;
}

/* One line on stderr when a comparison ends, for the tests and graders that watch a real window:
 * "neurone: compared 6 models on FILE (7000 training rows, 3000 test rows) in 2.3 s". */
static void report_run(const compare_state *s)
{
    int trained = 0;
    for (int i = 0; i < s->st.models; i++)
        trained += s->st.model[i].trained;
    char failed[32] = "";
    if (trained < s->st.models)
        snprintf(failed, sizeof failed, ", %d failed", s->st.models - trained);
    double seconds = (double)(SDL_GetPerformanceCounter() - s->run_start) / (double)SDL_GetPerformanceFrequency();
    fprintf(stderr, "neurone: compared %d models on %s (%d training rows, %d test rows) in %.1f s%s\n", trained,
            s->st.path, s->st.train.n, s->st.test.n, seconds, failed);
}

/* What a finished job leaves: the message of a failure, the tab that shows its result. */
static void job_finished(compare_state *s, app *a)
{
    int job = s->job;
    s->job = JOB_NONE;
    if (s->job_rc < 0) {
        if (__atomic_load_n(&s->cancel, __ATOMIC_RELAXED))
            snprintf(s->msg, sizeof s->msg, "%s", TR("Annulé.", "Cancelled."));
        else
            snprintf(s->msg, sizeof s->msg, "%s", s->st.error);
        if (job == JOB_RUN)
            fprintf(stderr, "neurone: the comparison on %s stopped: %s\n", s->st.path, s->msg);
        s->stale = !s->st.loaded;
        return;
    }
    s->stale = 0;
    s->hist_valid = 0;
    if (job == JOB_RUN) {
        report_run(s);
        s->selected = 0;
        s->pred_ok = 0;
        s->pred_msg[0] = 0;
        if (!a->headless)
            s->tab = TAB_RESULTS;
        else { /* a screenshot shows the whole path: the first row, predicted */
            example_row(s, s->row, sizeof s->row);
            predict_row(s);
        }
    }
}

static void start_job(compare_state *s, app *a, int job)
{
    stop_job(s);
    s->job = job;
    s->job_rc = 0;
    s->msg[0] = 0;
    __atomic_store_n(&s->cancel, 0, __ATOMIC_RELAXED);
    SDL_AtomicSet(&s->done, 0);
    if (job == JOB_RUN) {
        s->run_settings = (study_settings){ .test_size = s->test_size, .scaler = scalers[s->scaler],
                                            .epochs = s->epochs };
        s->pred_ok = 0;
        s->run_start = SDL_GetPerformanceCounter();
    }
    if (a->headless) { /* --screenshot: the same picture every time */
        worker(s);
        job_finished(s, a);
        return;
    }
    s->thread = SDL_CreateThread(worker, "compare", s);
    if (!s->thread) {
        s->job = JOB_NONE;
        snprintf(s->msg, sizeof s->msg, "%s", TR("Impossible de lancer le calcul.", "Cannot start the work."));
    }
}

/* Loads the table with the current choice: here when it is small, else in the worker. */
static void load(compare_state *s, app *a)
{
    s->hist_valid = 0;
    s->stale = 1;
    if (s->st.builtin || s->st.preview.complete || s->st.preview.file_size < sync_load_bytes) {
        s->msg[0] = 0;
        if (study_load(&s->st, NULL, NULL) < 0)
            snprintf(s->msg, sizeof s->msg, "%s", s->st.error);
        else
            s->stale = 0;
    } else
        start_job(s, a, JOB_LOAD);
}

/* Opens a table or a file; explicit: the student asked for it (the preview shows, a failure of a
 * dropped file or --open also reaches the error dialog). */
static void open_source(compare_state *s, app *a, const char *path, int explicit)
{
    stop_job(s);
    free(s->hist);
    s->hist = NULL;
    s->hist_valid = 0;
    s->hist_feature = 0;
    s->col_first = 0;
    s->row[0] = 0;
    s->pred_ok = 0;
    s->msg[0] = 0;
    if (study_open(&s->st, path) < 0) {
        s->opened = 0;
        snprintf(s->msg, sizeof s->msg, "%s", s->st.error);
        if (explicit == 2)
            app_error(a, "%s", s->st.error);
        return;
    }
    s->opened = 1;
    if (explicit == 2) /* dropped or --open: the tests that drive the window read it */
        fprintf(stderr, "neurone: opened %s\n", s->st.path);
    if (!s->st.builtin)
        recent_remember(&s->recent, path);
    else if (strcmp(path, s->first) == 0 && s->first_target[0])
        for (int c = 0; c < s->st.columns; c++)
            if (strcmp(s->st.column[c].name, s->first_target) == 0)
                s->st.choice.target = c;
    if (explicit && !a->headless)
        s->tab = TAB_PREVIEW;
    load(s, a);
}

/* A file dropped on the window or given by --open; else, the first time, the lesson's table. */
static void take_input(compare_state *s, app *a)
{
    char path[1024];
    if (app_take_file(a, path, sizeof path))
        open_source(s, a, path, 2);
    else if (!s->opened && !s->st.path && !s->msg[0])
        open_source(s, a, s->first, 0);
}

/* ---- life --------------------------------------------------------------------------------------- */

static void *create(app *a, const lesson_config *cfg)
{
    compare_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    snprintf(s->first, sizeof s->first, "%s", tables[cfg->dataset]);
    snprintf(s->first_target, sizeof s->first_target, "%s", cfg->target);
    s->scaler = cfg->scaler;
    s->test_size = cfg->test_size;
    s->epochs = STUDY_MLP_EPOCHS;
    if (lesson_config_has(cfg, LESSON_F_EPOCHS))
        s->epochs = cfg->epochs < STUDY_MAX_EPOCHS ? cfg->epochs : STUDY_MAX_EPOCHS;
    /* @tab: the lesson's page i opens tab i */
    s->n_tab_pages = scene_tab_pages(cfg, s->tab_of_page);
    s->last_page = -1;
    s->wants_play = scene_wants_play(a, cfg);
    recent_load(&s->recent);
    return s;
}

static void destroy(void *p)
{
    compare_state *s = p;
    if (!s)
        return;
    stop_job(s);
    study_free(&s->st);
    free(s->hist);
    free(s);
}

static void advance(void *p, app *a, int steps)
{
    compare_state *s = p;
    take_input(s, a);
    if (s->opened && steps > 0 && !s->st.ran)
        start_job(s, a, JOB_RUN);
}

static int play(void *p, app *a)
{
    compare_state *s = p;
    if (s->job == JOB_NONE && s->opened) {
        start_job(s, a, JOB_RUN);
        if (!a->headless)
            s->tab = TAB_TRAINING;
    }
    return 1;
}

static void leave(void *p, app *a)
{
    (void)a;
    compare_state *s = p;
    if (s->job != JOB_NONE)
        stop_job(s);
}

/* ---- drawing helpers ---------------------------------------------------------------------------- */

/* A class's name for labels: the text of the target, or its index. */
static const char *class_name(const compare_state *s, int c, char *buf, size_t n)
{
    if (s->st.data.class_names && s->st.data.class_names[c])
        return s->st.data.class_names[c];
    snprintf(buf, n, "%d", c);
    return buf;
}

/* A short name for a bar: "MLP", "kNN", ... */
static const char *short_name(const study_model *m)
{
    static const struct { const char *kind, *fr, *en; } names[] = {
        { "mlp", "MLP", "MLP" }, { "logistic_regression", "LogR", "LogR" }, { "knn", "kNN", "kNN" },
        { "decision_tree", "Arbre", "Tree" }, { "gaussian_nb", "NB", "NB" },
        { "random_forest", "Forêt", "Forest" },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (m->kind && strcmp(m->kind, names[i].kind) == 0)
            return TR(names[i].fr, names[i].en);
    return m->name;
}

/* t cut to width w with "." at its end when it does not fit ("malignant" -> "mali."), whole UTF-8
 * characters only; into buf (n bytes). */
static const char *fit_text(ui_context *ui, int font, const char *t, float w, char *buf, size_t n)
{
    if (ui_text_width(ui, font, t, -1) <= w)
        return t;
    size_t len = strlen(t);
    if (len >= n)
        len = n - 2;
    while (len > 0) {
        do
            len--;
        while (len > 0 && ((unsigned char)t[len] & 0xc0) == 0x80);
        memcpy(buf, t, len);
        buf[len] = '.';
        buf[len + 1] = 0;
        if (ui_text_width(ui, font, buf, -1) <= w)
            return buf;
    }
    return "";
}

/* Text clipped to a cell. */
static void cell_text(ui_context *ui, int font, const char *t, ui_rect r, int align, ui_color c)
{
    ui_push_clip(ui, r);
    ui_draw_text_aligned(ui, font, t, r, align, c);
    ui_pop_clip(ui);
}

/* The points a widget's label needs (ui->label_w), whatever the theme's type size. */
static float label_points(ui_context *ui, const char *label)
{
    return ui_text_width(ui, UI_FONT_BODY, label, -1) / ui->scale + 8;
}

/* A progress bar with a Cancel button, for the worker's job. */
static void progress_row(compare_state *s, app *a, ui_rect r, const char *what, float f)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    float bw = fminf(ui_px(ui, 100), r.w * 0.3f), gap = ui_px(ui, 8);
    ui_rect bar = { r.x, r.y + r.h * 0.5f + ui_px(ui, 2), r.w - bw - gap, ui_px(ui, 8) };
    cell_text(ui, UI_FONT_SMALL, what, (ui_rect){ r.x, r.y, bar.w, r.h * 0.5f }, UI_LEFT, th->text);
    ui_fill_round_rect(ui, bar, bar.h / 2, th->track);
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    ui_fill_round_rect(ui, (ui_rect){ bar.x, bar.y, fmaxf(bar.h, bar.w * f), bar.h }, bar.h / 2, th->accent);
    if (ui_button_at(ui, (ui_rect){ r.x + r.w - bw, r.y, bw, r.h }, TR("Annuler##job", "Cancel##job"), 0, 1))
        __atomic_store_n(&s->cancel, 1, __ATOMIC_RELAXED);
    a->busy = 1;
}

/* Where the worker stands, in words and as a fraction. */
static float job_progress(const compare_state *s, char *buf, size_t n)
{
    study_status st;
    study_get_status(&s->st, &st);
    if (st.stage == STUDY_LOADING || s->job == JOB_LOAD) {
        float f = st.bytes_total > 0 ? (float)st.bytes_read / (float)st.bytes_total : 0;
        snprintf(buf, n, TR("Lecture du fichier : %.0f %% de %.1f Mo", "Reading the file: %.0f%% of %.1f MB"),
                 100.0 * f, (double)st.bytes_total / 1e6);
        return f;
    }
    const char *name = st.model >= 0 ? study_model_name(st.model) : "";
    if (st.model == 0)
        snprintf(buf, n, TR("Entraînement du MLP : époque %d / %d, perte %.3f",
                            "Training the MLP: epoch %d / %d, loss %.3f"),
                 st.epoch, st.epochs, (double)st.loss);
    else
        snprintf(buf, n, TR("Entraînement de %s (%d / %d)", "Training %s (%d / %d)"), name,
                 st.models_done + 1, st.models > 0 ? st.models : study_model_count());
    int models = st.models > 0 ? st.models : study_model_count();
    float mlp = st.epochs > 0 ? (float)st.epoch / (float)st.epochs : 0;
    return ((float)st.models_done + (st.model == 0 ? mlp : 0)) / (float)models;
}

/* ---- the Data tab ------------------------------------------------------------------------------- */

static void tab_data(compare_state *s, app *a, ui_rect area)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    ui_rect in = app_panel(ui, area, TR("Ouvrir un tableau", "Open a table"));
    ui_layout_begin(ui, in);
    float w2[2] = { -1, 110 };
    ui_row(ui, 2, w2, 0);
    int go = ui_text_field(ui, "##path", s->path, (int)sizeof s->path,
                           TR("chemin d'un fichier CSV, ex. /home/moi/heart.csv",
                              "path of a CSV file, e.g. /home/me/heart.csv"));
    go |= ui_button_ex(ui, TR("Ouvrir", "Open"), 1, s->path[0] != 0);
    if (go && s->path[0])
        open_source(s, a, s->path, 1);
    ui_space(ui, 4);
    /* the drop zone: a dashed frame */
    ui_row(ui, 1, NULL, 54);
    ui_rect dz = ui_next(ui);
    float dash = ui_px(ui, 6);
    ui_color dc = ui_alpha(th->accent, 0.7f);
    for (float x = dz.x; x < dz.x + dz.w; x += 2 * dash) {
        float x1 = fminf(x + dash, dz.x + dz.w);
        ui_fill_rect(ui, (ui_rect){ x, dz.y, x1 - x, 1.5f }, dc);
        ui_fill_rect(ui, (ui_rect){ x, dz.y + dz.h - 1.5f, x1 - x, 1.5f }, dc);
    }
    for (float y = dz.y; y < dz.y + dz.h; y += 2 * dash) {
        float y1 = fminf(y + dash, dz.y + dz.h);
        ui_fill_rect(ui, (ui_rect){ dz.x, y, 1.5f, y1 - y }, dc);
        ui_fill_rect(ui, (ui_rect){ dz.x + dz.w - 1.5f, y, 1.5f, y1 - y }, dc);
    }
    ui_fill_rect(ui, ui_rect_inset(dz, 3), ui_alpha(th->accent_dim, 0.35f));
    cell_text(ui, UI_FONT_BOLD,
              TR("Déposez un fichier CSV sur la fenêtre : il s'ouvre aussitôt",
                 "Drop a CSV file on the window: it opens at once"),
              ui_rect_inset(dz, ui_px(ui, 8)), UI_CENTER, th->accent);
    ui_space(ui, 4);
    ui_row(ui, 1, NULL, 22);
    ui_label_font(ui, UI_FONT_BOLD, TR("Tableaux de l'atelier", "The workbench's tables"), th->text);
    ui_row(ui, 4, NULL, 0);
    for (int i = 0; i < 4; i++)
        if (ui_button(ui, tables[i]))
            open_source(s, a, tables[i], 1);
    ui_space(ui, 4);
    ui_row(ui, 1, NULL, 22);
    ui_label_font(ui, UI_FONT_BOLD, TR("Fichiers récents", "Recent files"), th->text);
    if (s->recent.n == 0) {
        ui_label_font(ui, UI_FONT_BODY, TR("Aucun pour l'instant.", "None yet."), th->text_dim);
    }
    ui_rect rest = ui_rest(ui);
    float rh = ui_px(ui, 28);
    int fit = (int)(rest.h / rh);
    /* two columns when one does not hold them all */
    int cols = s->recent.n > fit && rest.w > ui_px(ui, 400) ? 2 : 1;
    float cw = rest.w / (float)cols;
    for (int i = 0; i < s->recent.n && i < fit * cols; i++) {
        ui_rect r = { rest.x + cw * (float)(i / fit), rest.y + rh * (float)(i % fit), cw - ui_px(ui, 4),
                      rh - ui_px(ui, 3) };
        const char *p = s->recent.path[i], *base = strrchr(p, '/');
        base = base ? base + 1 : p;
        ui_id id = ui_get_id_int(ui, "recent", i);
        int ok = s->recent.exists[i];
        if (ok && ui_interact(ui, id, r)) {
            char path[RECENT_PATH_MAX];
            snprintf(path, sizeof path, "%s", p);
            open_source(s, a, path, 1);
            break; /* the list changed order */
        }
        ui_fill_round_rect(ui, r, ui_px(ui, th->radius), ui->hot == id && ok ? th->button_hover : th->button);
        ui_rect t = { r.x + ui_px(ui, 6), r.y, r.w - ui_px(ui, 12), r.h }; /* clipped at the sides only */
        ui_push_clip(ui, t);
        float lh = ui_line_height(ui, UI_FONT_BODY);
        float x = ui_draw_text(ui, UI_FONT_BOLD, base, -1, t.x, r.y + (r.h - lh) / 2,
                               ok ? th->text : ui_alpha(th->text_dim, 0.6f));
        char dir[RECENT_PATH_MAX + 32];
        snprintf(dir, sizeof dir, "  %.*s%s", (int)(base - p), p, ok ? "" : TR(" (introuvable)", " (missing)"));
        ui_draw_text(ui, UI_FONT_SMALL, dir, -1, t.x + x, r.y + (r.h - ui_line_height(ui, UI_FONT_SMALL)) / 2,
                     ui_alpha(th->text_dim, ok ? 1 : 0.6f));
        ui_pop_clip(ui);
        ui_tooltip(ui, r, p);
    }
    ui_layout_end(ui);
}

/* ---- the Preview tab ---------------------------------------------------------------------------- */

/* Which feature the choice's change touches: the choice changed, the table loads again. */
static void choice_changed(compare_state *s, app *a)
{
    s->hist_feature = 0;
    load(s, a);
}

/* The column shown k-th: the target first, then the others from the first shown, c0, on. */
static int shown_column(const compare_state *s, int c0, int k)
{
    if (k == 0)
        return s->st.choice.target;
    int c = c0 + k - 1;
    return c < s->st.choice.target ? c : c + 1;
}

/* The first rows, with the target, feature, kind and missing lines over them: the target's column
 * first, the others scrolled sideways. */
static void preview_table(compare_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    const nn_table_preview *pv = &s->st.preview;
    static const char *const heads[2][5] = { { "", "cible", "variable", "type", "manquent" },
                                             { "", "target", "feature", "kind", "missing" } };
    const char *const *head = heads[lang_current() == LANG_EN];
    float lh = ui_line_height(ui, UI_FONT_SMALL) + ui_px(ui, 5), head_w = 0;
    for (int i = 1; i < 5; i++)
        head_w = fmaxf(head_w, ui_text_width(ui, UI_FONT_SMALL, head[i], -1) + ui_px(ui, 8));
    float colw = fmaxf(ui_px(ui, 84), fminf(ui_px(ui, 120), (r.w - head_w) / 4));
    int fit = (int)((r.w - head_w) / colw);
    fit = fit < 1 ? 1 : fit;
    int ncols = s->st.columns, scrollable = ncols > fit;
    float bar_h = scrollable ? ui_px(ui, 10) : 0;
    /* the wheel over the table moves it sideways */
    if (scrollable && ui_mouse_in(ui, r) && ui->in.wheel != 0) {
        s->col_first -= ui->in.wheel;
        ui->in.wheel = 0;
    }
    float maxf = ncols > fit ? (float)(ncols - fit) : 0; /* the first column shown: 0 .. maxf */
    s->col_first = s->col_first < 0 ? 0 : s->col_first > maxf ? maxf : s->col_first;
    int c0 = (int)s->col_first;
    ui_push_clip(ui, r);
    float y = r.y;
    /* the names on two lines: "mean radius" is one column's */
    float name_h = 2 * ui_line_height(ui, UI_FONT_SMALL) + ui_px(ui, 4);
    for (int line = 0; line < 5; line++, y += line == 1 ? name_h : lh) {
        if (line == 1)
            ui_fill_rect(ui, (ui_rect){ r.x, y - 1, r.w, 1 }, th->border);
        cell_text(ui, UI_FONT_SMALL, head[line], (ui_rect){ r.x, y, head_w, lh }, UI_LEFT, th->text_dim);
        for (int k = 0; k < fit && c0 + k < ncols; k++) {
            int c = shown_column(s, c0, k);
            const study_column *col = &s->st.column[c];
            ui_rect cr = { r.x + head_w + colw * (float)k, y, colw - ui_px(ui, 4), lh };
            char buf[32];
            if (line == 0) {
                ui_push_clip(ui, (ui_rect){ cr.x, cr.y, cr.w, name_h });
                ui_draw_wrapped(ui, UI_FONT_SMALL, col->name, cr.x, cr.y + ui_px(ui, 2), cr.w,
                                c == s->st.choice.target ? th->accent : th->text);
                ui_pop_clip(ui);
            } else if (line == 1) {
                /* a radio button: one target */
                ui_id id = ui_get_id_int(ui, "target", c);
                float rad = ui_px(ui, 6), cx = cr.x + rad + 1, cy = cr.y + lh / 2;
                int on = c == s->st.choice.target;
                if (ui_interact(ui, id, cr) && !on && s->job == JOB_NONE) {
                    s->st.choice.target = c;
                    choice_changed(s, a);
                    on = 1;
                }
                ui_fill_circle(ui, cx, cy, rad, ui->hot == id || on ? th->accent : th->border);
                ui_fill_circle(ui, cx, cy, rad - ui_px(ui, 1.5f), th->field);
                if (on)
                    ui_fill_circle(ui, cx, cy, rad * 0.5f, th->accent);
            } else if (line == 2) {
                if (c == s->st.choice.target)
                    continue;
                ui_layout_begin(ui, cr);
                ui_row(ui, 1, NULL, lh / ui->scale);
                int on = s->st.choice.feature[c] != 0;
                ui_push_id_int(ui, c);
                if (ui_toggle(ui, "##feature", &on) && s->job == JOB_NONE) {
                    s->st.choice.feature[c] = (unsigned char)on;
                    choice_changed(s, a);
                }
                ui_pop_id(ui);
                ui_layout_end(ui);
            } else if (line == 3)
                cell_text(ui, UI_FONT_SMALL, col->numeric ? TR("nombre", "number") : TR("texte", "text"), cr,
                          UI_LEFT, col->numeric ? th->text : th->negative);
            else {
                snprintf(buf, sizeof buf, "%d", col->missing);
                cell_text(ui, UI_FONT_SMALL, buf, cr, UI_LEFT, col->missing ? th->bad : th->text_dim);
            }
        }
    }
    ui_fill_rect(ui, (ui_rect){ r.x, y - 1, r.w, 1 }, th->border);
    /* the rows, as many as fit */
    for (int row = 0; row < pv->rows && y + lh <= r.y + r.h - bar_h; row++, y += lh) {
        char num[16];
        snprintf(num, sizeof num, "%d", row + 1);
        cell_text(ui, UI_FONT_SMALL, num, (ui_rect){ r.x, y, head_w, lh }, UI_LEFT, th->text_dim);
        for (int k = 0; k < fit && c0 + k < ncols; k++) {
            int c = shown_column(s, c0, k);
            ui_rect cr = { r.x + head_w + colw * (float)k, y, colw - ui_px(ui, 4), lh };
            int used = c == s->st.choice.target || s->st.choice.feature[c];
            char cut[64];
            const char *t = fit_text(ui, UI_FONT_SMALL, pv->cells[(size_t)row * (size_t)pv->columns + (size_t)c],
                                     cr.w - ui_px(ui, 4), cut, sizeof cut);
            cell_text(ui, UI_FONT_SMALL, t, cr, UI_LEFT, used ? th->text : ui_alpha(th->text_dim, 0.55f));
        }
    }
    if (scrollable) /* the target's column stays; a line parts it from those that scroll */
        ui_fill_rect(ui, (ui_rect){ r.x + head_w + colw - ui_px(ui, 4), r.y, 1, y - r.y }, th->border);
    ui_pop_clip(ui);
    if (scrollable) {
        /* the bar: where the columns shown stand among all, dragged to move */
        ui_rect track = { r.x + head_w, r.y + r.h - bar_h + ui_px(ui, 3), r.w - head_w, ui_px(ui, 6) };
        ui_id id = ui_get_id(ui, "columns");
        ui_interact(ui, id, (ui_rect){ track.x, track.y - 4, track.w, track.h + 8 });
        float tw = track.w * (float)fit / (float)ncols;
        if (ui->active == id && track.w > tw)
            s->col_first = (ui->in.mouse_x - track.x - tw / 2) / (track.w - tw) * maxf;
        float tx = track.x + (track.w - tw) * (maxf > 0 ? s->col_first / maxf : 0);
        ui_fill_round_rect(ui, track, track.h / 2, th->track);
        ui_fill_round_rect(ui, (ui_rect){ tx, track.y, tw, track.h }, track.h / 2,
                           ui->active == id || ui->hot == id ? th->accent_hover : th->accent);
    }
}

/* Rows per class, with the class names under the bars. */
static void class_balance(compare_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    int k = s->st.data.classes < MAX_SHOWN_CLASSES ? s->st.data.classes : MAX_SHOWN_CLASSES;
    plot_bar bars[MAX_SHOWN_CLASSES];
    char names[MAX_SHOWN_CLASSES][16];
    for (int c = 0; c < k; c++)
        bars[c] = (plot_bar){ class_name(s, c, names[c], sizeof names[c]), (float)s->st.class_count[c],
                              th->series[c % 4] };
    char title[160];
    snprintf(title, sizeof title, TR("Lignes par classe (%s)", "Rows per class (%s)"),
             s->st.column[s->st.choice.target].name);
    plot_bars(ui, r, title, bars, k, 0, 0, "%.0f");
}

/* A feature's histogram per class: side by side in each bin, in the series' colours, with a
 * legend of the class names. */
static void histogram(compare_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    const study *st = &s->st;
    if (st->features <= 0)
        return;
    if (s->hist_feature >= st->features)
        s->hist_feature = 0;
    /* the feature's list */
    enum { LISTED = 16 }; /* a longer list would run off the window: ‹ and › step through it */
    const char *names[LISTED];
    int nf = st->features;
    for (int f = 0; f < nf && f < LISTED; f++)
        names[f] = st->feature[f].name;
    ui_layout_begin(ui, r);
    const char *label = TR("Variable", "Feature");
    if (nf <= LISTED) {
        ui_row(ui, 1, NULL, 0);
        float old_w = ui->label_w;
        ui->label_w = label_points(ui, label);
        if (ui_dropdown(ui, label, &s->hist_feature, names, nf))
            s->hist_valid = 0;
        ui->label_w = old_w;
    } else {
        float lw = label_points(ui, label), bw = ui->theme.row_height;
        ui_row(ui, 4, (const float[]){ lw, bw, -1, bw }, 0);
        ui_label(ui, label);
        int f = s->hist_feature;
        if (ui_button_ex(ui, "‹##prev-feature", 0, f > 0))
            f--;
        ui_rect nr = ui_next(ui);
        char name[160];
        snprintf(name, sizeof name, "%s  (%d / %d)", st->feature[f].name, f + 1, nf);
        cell_text(ui, UI_FONT_BODY, name, nr, UI_CENTER, ui->theme.text);
        if (ui_mouse_in(ui, nr) && ui->in.wheel != 0) {
            f += ui->in.wheel < 0 ? 1 : -1;
            ui->in.wheel = 0;
        }
        if (ui_button_ex(ui, "›##next-feature", 0, f < nf - 1))
            f++;
        f = f < 0 ? 0 : f >= nf ? nf - 1 : f;
        if (f != s->hist_feature) {
            s->hist_feature = f;
            s->hist_valid = 0;
        }
    }
    ui_rect chart = ui_rest(ui);
    ui_layout_end(ui);
    int k = st->data.classes;
    if (!s->hist_valid) {
        const study_feature *f = &st->feature[s->hist_feature];
        int bins = f->categorical ? f->width : HIST_BINS;
        free(s->hist);
        s->hist = malloc((size_t)k * (size_t)bins * sizeof *s->hist);
        s->hist_bins = s->hist ? study_histogram(st, s->hist_feature, bins, &s->hist_lo, &s->hist_hi, s->hist) : -1;
        s->hist_valid = 1;
    }
    int bins = s->hist_bins;
    if (bins <= 0 || !s->hist)
        return;
    const study_feature *f = &st->feature[s->hist_feature];
    int shown = k < 4 ? k : 4; /* more classes than colours: the first four, said in the legend */
    int maxv = 1;
    for (int c = 0; c < shown; c++)
        for (int b = 0; b < bins; b++)
            maxv = s->hist[c * bins + b] > maxv ? s->hist[c * bins + b] : maxv;
    float sh = ui_line_height(ui, UI_FONT_SMALL);
    /* the legend, one line above the bars */
    float lx = chart.x + ui_px(ui, 4), ly = chart.y + ui_px(ui, 4);
    ui_push_clip(ui, chart);
    for (int c = 0; c < shown; c++) {
        char buf[16];
        const char *cn = class_name(s, c, buf, sizeof buf);
        ui_fill_rect(ui, (ui_rect){ lx, ly + sh * 0.25f, sh * 0.6f, sh * 0.6f }, th->series[c]);
        lx += sh * 0.8f;
        lx += ui_draw_text(ui, UI_FONT_SMALL, cn, -1, lx, ly, th->text) + ui_px(ui, 10);
    }
    if (k > shown) {
        char more[48];
        snprintf(more, sizeof more, TR("(+%d classes)", "(+%d classes)"), k - shown);
        ui_draw_text(ui, UI_FONT_SMALL, more, -1, lx, ly, th->text_dim);
    }
    ui_rect area = { chart.x + ui_px(ui, 4), ly + sh + ui_px(ui, 6), chart.w - ui_px(ui, 8),
                     chart.h - (ly + sh + ui_px(ui, 6) - chart.y) - sh - ui_px(ui, 6) };
    if (area.h > 8) {
        float slot = area.w / (float)bins, bw = slot * 0.84f / (float)shown;
        for (int b = 0; b < bins; b++)
            for (int c = 0; c < shown; c++) {
                float h = area.h * (float)s->hist[c * bins + b] / (float)maxv;
                float x = area.x + slot * (float)b + slot * 0.08f + bw * (float)c;
                ui_fill_rect(ui, (ui_rect){ x, area.y + area.h - h, fmaxf(1, bw - 1), h },
                             ui_alpha(th->series[c], 0.85f));
            }
        ui_fill_rect(ui, (ui_rect){ area.x, area.y + area.h, area.w, 1 }, th->text_dim);
        float ty = area.y + area.h + ui_px(ui, 3);
        if (f->categorical) {
            /* the categories' names, from the one-hot columns' "name_category" */
            size_t prefix = strlen(f->name) + 1;
            for (int b = 0; b < bins; b++) {
                const char *fn = st->data.feature_names ? st->data.feature_names[f->first + b] : "";
                const char *cat = strlen(fn) > prefix ? fn + prefix : fn;
                cell_text(ui, UI_FONT_SMALL, cat, (ui_rect){ area.x + slot * (float)b, ty, slot, sh }, UI_CENTER,
                          th->text_dim);
            }
        } else {
            char lo[32], hi[32];
            snprintf(lo, sizeof lo, "%.4g", (double)s->hist_lo);
            snprintf(hi, sizeof hi, "%.4g", (double)s->hist_hi);
            ui_draw_text(ui, UI_FONT_SMALL, lo, -1, area.x, ty, th->text_dim);
            float w = ui_text_width(ui, UI_FONT_SMALL, hi, -1);
            ui_draw_text(ui, UI_FONT_SMALL, hi, -1, area.x + area.w - w, ty, th->text_dim);
        }
    }
    ui_pop_clip(ui);
}

static void tab_preview(compare_state *s, app *a, ui_rect area)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    float gap = ui_px(ui, 10);
    float lw = area.w * 0.56f;
    ui_rect left = { area.x, area.y, lw, area.h }, right = { area.x + lw + gap, area.y, area.w - lw - gap, area.h };
    const char *base = strrchr(s->st.path, '/');
    char title[300];
    snprintf(title, sizeof title, TR("Aperçu : %s", "Preview: %s"), base ? base + 1 : s->st.path);
    ui_rect in = app_panel(ui, left, title);
    /* the loader's notes and the missing cells' treatment under the table */
    float notes_h = fminf(in.h * 0.3f, ui_px(ui, 110));
    ui_rect table = { in.x, in.y, in.w, in.h - notes_h - ui_px(ui, 6) };
    preview_table(s, a, table);
    ui_rect nr = { in.x, table.y + table.h + ui_px(ui, 6), in.w, notes_h };
    ui_fill_rect(ui, (ui_rect){ nr.x, nr.y - ui_px(ui, 3), nr.w, 1 }, th->border);
    ui_layout_begin(ui, nr);
    static const char *missing_fr[] = { "remplacer (moyenne)", "retirer les lignes" };
    static const char *missing_en[] = { "fill in (mean)", "drop the rows" };
    ui_row(ui, 1, NULL, 0);
    float old_w = ui->label_w;
    const char *label = TR("Manquantes", "Missing");
    ui->label_w = label_points(ui, label);
    int missing = s->st.choice.missing;
    if (ui_dropdown(ui, label, &missing,
                    lang_current() == LANG_EN ? missing_en : missing_fr, 2) &&
        s->job == JOB_NONE) {
        s->st.choice.missing = missing;
        choice_changed(s, a);
    }
    ui->label_w = old_w;
    ui_rect notes = ui_rest(ui);
    ui_layout_end(ui);
    char line[512];
    const char *done = s->st.loaded ? notes_text(s) : "";
    if (s->st.loaded)
        snprintf(line, sizeof line, TR("%ld lignes lues, %ld gardées, %d variables.",
                                       "%ld rows read, %ld kept, %d features."),
                 s->st.report.rows_read, s->st.report.rows_kept, s->st.features);
    else
        snprintf(line, sizeof line, "%s", TR("Pas encore chargé.", "Not loaded yet."));
    ui_push_clip(ui, notes);
    float y = notes.y + ui_px(ui, 2);
    y += ui_draw_wrapped(ui, UI_FONT_SMALL, line, notes.x, y, notes.w, th->text);
    if (done[0])
        ui_draw_wrapped(ui, UI_FONT_SMALL, done, notes.x, y, notes.w, th->text_dim);
    else if (s->st.loaded)
        ui_draw_wrapped(ui, UI_FONT_SMALL, TR("Rien à transformer : que des nombres, rien ne manque.",
                                              "Nothing to transform: numbers only, nothing missing."),
                        notes.x, y, notes.w, th->text_dim);
    ui_pop_clip(ui);

    /* the class balance above the histogram */
    if (!s->st.loaded || s->stale) {
        /* a choice the loader refused (a target with one class, a column it cannot read): why */
        ui_rect pin = app_panel(ui, right, TR("Classes", "Classes"));
        ui_push_clip(ui, pin);
        if (s->msg[0]) {
            float h = ui_draw_wrapped(ui, UI_FONT_BODY, TR("Ce choix ne se charge pas :", "This choice does not load:"),
                                      pin.x, pin.y, pin.w, th->text);
            h += ui_px(ui, 4) + ui_draw_wrapped(ui, UI_FONT_SMALL, s->msg, pin.x, pin.y + h + ui_px(ui, 4), pin.w, th->bad);
            float bw = ui_text_width(ui, UI_FONT_BODY, TR("Charger", "Load"), -1) + ui_px(ui, 32);
            if (ui_button_at(ui, (ui_rect){ pin.x, pin.y + h + ui_px(ui, 8), bw, ui_px(ui, th->row_height) },
                             TR("Charger##reload", "Load##reload"), 1, s->job == JOB_NONE))
                load(s, a);
        } else
            ui_draw_wrapped(ui, UI_FONT_BODY, TR("Le tableau se charge avec ce choix...", "The table loads with this choice..."),
                            pin.x, pin.y, pin.w, th->text_dim);
        ui_pop_clip(ui);
        return;
    }
    float bh = right.h * 0.42f;
    ui_rect cb = app_panel(ui, (ui_rect){ right.x, right.y, right.w, bh }, NULL);
    class_balance(s, a, cb);
    ui_rect hr = app_panel(ui, (ui_rect){ right.x, right.y + bh + gap, right.w, right.h - bh - gap },
                           TR("Histogramme", "Histogram"));
    histogram(s, a, hr);
}

/* ---- the Training tab --------------------------------------------------------------------------- */

static void tab_training(compare_state *s, app *a, ui_rect area)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    float gap = ui_px(ui, 10), lw = fminf(area.w * 0.42f, ui_px(ui, 330));
    ui_rect left = { area.x, area.y, lw, area.h }, right = { area.x + lw + gap, area.y, area.w - lw - gap, area.h };
    ui_rect in = app_panel(ui, left, TR("Réglages", "Settings"));
    int idle = s->job == JOB_NONE;
    ui_layout_begin(ui, in);
    float old_w = ui->label_w;
    ui->label_w = fmaxf(label_points(ui, TR("Normalisation", "Scaler")),
                        label_points(ui, TR("Époques (MLP)", "Epochs (MLP)")));
    ui_row(ui, 1, NULL, 0);
    /* the names of `neurone compare --scaler` */
    static const char *const scaler_fr[] = { "standard", "minmax", "aucune" };
    static const char *const scaler_en[] = { "standard", "minmax", "none" };
    ui_dropdown(ui, TR("Normalisation", "Scaler"), &s->scaler, lang_current() == LANG_EN ? scaler_en : scaler_fr,
                3);
    ui_slider(ui, TR("Part de test", "Test size"), &s->test_size, 0.1f, 0.5f, "%.2f");
    s->test_size = roundf(s->test_size * 20) / 20; /* 0.05 steps, as a notebook would write them */
    ui_number(ui, TR("Époques (MLP)", "Epochs (MLP)"), &s->epochs, 1, STUDY_MAX_EPOCHS, 10);
    ui->label_w = old_w;
    ui_space(ui, 4);
    ui_row(ui, 2, NULL, 0);
    if (ui_button_ex(ui, TR("Lancer", "Run"), 1, idle && s->opened))
        start_job(s, a, JOB_RUN);
    if (ui_button_ex(ui, TR("Annuler", "Cancel"), 0, s->job == JOB_RUN))
        __atomic_store_n(&s->cancel, 1, __ATOMIC_RELAXED);
    ui_space(ui, 6);
    /* every model and where it stands */
    study_status st;
    study_get_status(&s->st, &st);
    int n = study_model_count();
    ui_row(ui, 2, (const float[]){ -1, 80 }, 22);
    for (int i = 0; i < n; i++) {
        char state[64];
        ui_color c = th->text_dim;
        if (s->job == JOB_RUN) {
            if (i < st.models_done)
                snprintf(state, sizeof state, "%s", TR("fait", "done")), c = th->text;
            else if (i == st.model)
                snprintf(state, sizeof state, "%s", TR("en cours", "training")), c = th->accent;
            else
                snprintf(state, sizeof state, "%s", TR("en attente", "waiting"));
        } else if (i < s->st.models && s->st.model[i].trained)
            snprintf(state, sizeof state, "%.3f", s->st.model[i].m.accuracy), c = th->text;
        else if (i < s->st.models && s->st.model[i].failed)
            snprintf(state, sizeof state, "%s", TR("échec", "failed")), c = th->bad;
        else
            state[0] = 0;
        ui_rect nr = ui_next(ui), sr = ui_next(ui);
        int font = i == st.model && s->job == JOB_RUN ? UI_FONT_BOLD : UI_FONT_BODY;
        char cut[64];
        cell_text(ui, font, fit_text(ui, font, study_model_name(i), nr.w, cut, sizeof cut), nr, UI_LEFT, th->text);
        cell_text(ui, UI_FONT_BOLD, state, sr, UI_RIGHT, c);
    }
    /* what the run did: the split, and the fills from the training rows */
    ui_rect notes = ui_rest(ui);
    ui_layout_end(ui);
    if (s->job == JOB_NONE && s->st.ran) {
        char split[200];
        snprintf(split, sizeof split, TR("Découpage : %d lignes d'entraînement, %d de test.",
                                         "Split: %d training rows, %d test rows."),
                 s->st.train.n, s->st.test.n);
        ui_push_clip(ui, notes);
        float y = notes.y + ui_px(ui, 6);
        y += ui_draw_wrapped(ui, UI_FONT_SMALL, split, notes.x, y, notes.w, th->text);
        ui_draw_wrapped(ui, UI_FONT_SMALL, notes_text(s), notes.x, y + ui_px(ui, 2), notes.w, th->text_dim);
        ui_pop_clip(ui);
    }

    /* the MLP's loss, live */
    ui_rect pr = right;
    if (s->job != JOB_NONE) {
        char what[200];
        float f = job_progress(s, what, sizeof what);
        progress_row(s, a, (ui_rect){ pr.x, pr.y, pr.w, ui_px(ui, 30) }, what, f);
        pr.y += ui_px(ui, 38);
        pr.h -= ui_px(ui, 38);
    }
    int ne = study_get_history(&s->st, s->loss, NULL, s->val_loss, NULL, STUDY_MAX_EPOCHS);
    int has_val = ne > 0 && isfinite(s->val_loss[0]);
    plot_series ser[2] = {
        { .name = TR("entraînement", "training"), .y = s->loss, .n = ne, .x0 = 1, .dx = 1, .color = th->series[0],
          .width = 2.5f, .points = ne < 30 },
        { .name = "validation", .y = s->val_loss, .n = has_val ? ne : 0, .x0 = 1, .dx = 1,
          .color = th->series[1], .width = 2.5f, .points = ne < 30 },
    };
    int planned = s->job == JOB_RUN && st.epochs > 0 ? st.epochs : ne > 0 ? ne : s->epochs;
    plot_axes ax = { .title = TR("Perte du MLP", "The MLP's loss"), .xlabel = TR("époques", "epochs"),
                     .xmin = 0, .xmax = (float)planned, .integer_x = 1, .y_from_zero = 1 };
    plot_frame pf = plot_lines(ui, app_panel(ui, pr, NULL), &ax, ser, has_val ? 2 : 1);
    if (ne == 0 && s->job == JOB_NONE) {
        float m = ui_px(ui, 16);
        ui_draw_wrapped(ui, UI_FONT_BODY,
                        TR("Lancez : la perte du réseau s'affiche ici, époque par époque.",
                           "Run: the network's loss shows here, epoch by epoch."),
                        pf.area.x + m, pf.area.y + pf.area.h * 0.4f, pf.area.w - 2 * m, th->text_dim);
    }
}

/* ---- the Results tab ---------------------------------------------------------------------------- */

static void scores_table(compare_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    static const char *const heads[4][6] = {
        { "modèle", "exactitude", "précision", "rappel", "F1", "temps" },
        { "model", "accuracy", "precision", "recall", "F1", "time" },
        { "modèle", "exact.", "préc.", "rappel", "F1", "temps" },
        { "model", "acc.", "prec.", "recall", "F1", "time" },
    };
    /* the numbers' columns as wide as they need; the full names when they fit, else the short
     * headers, else the short names too */
    int en = lang_current() == LANG_EN, full_names = 0;
    const char *const *head = heads[en];
    float cw[6], names_w = 0;
    for (int i = 0; i < s->st.models; i++)
        names_w = fmaxf(names_w, ui_text_width(ui, UI_FONT_BOLD, s->st.model[i].name, -1));
    for (int attempt = 0; attempt < 2 && !full_names; attempt++) {
        head = heads[en + 2 * attempt];
        float used = 0;
        for (int c = 1; c < 6; c++) {
            cw[c] = fmaxf(ui_text_width(ui, UI_FONT_SMALL, head[c], -1),
                          ui_text_width(ui, UI_FONT_SMALL, "00.000", -1)) + ui_px(ui, 8);
            used += cw[c];
        }
        cw[0] = r.w - used;
        full_names = cw[0] >= names_w + ui_px(ui, 8);
    }
    float lh = ui_line_height(ui, UI_FONT_SMALL) + ui_px(ui, 7), y = r.y;
    ui_push_clip(ui, r);
    float x = r.x;
    for (int c = 0; c < 6; c++) {
        cell_text(ui, UI_FONT_SMALL, head[c], (ui_rect){ x, y, cw[c] - ui_px(ui, 4), lh }, c ? UI_RIGHT : UI_LEFT,
                  th->text);
        x += cw[c];
    }
    y += lh;
    ui_fill_rect(ui, (ui_rect){ r.x, y - 2, r.w, 1 }, th->border);
    for (int i = 0; i < s->st.models; i++, y += lh) {
        const study_model *m = &s->st.model[i];
        ui_rect row = { r.x, y, r.w, lh };
        ui_id id = ui_get_id_int(ui, "score", i);
        if (ui_interact(ui, id, row))
            s->selected = i;
        if (i == s->selected)
            ui_fill_rect(ui, row, ui_alpha(th->accent, 0.16f));
        else if (ui->hot == id)
            ui_fill_rect(ui, row, ui_alpha(th->accent, 0.07f));
        char cell[6][48];
        snprintf(cell[0], sizeof cell[0], "%s", full_names ? m->name : short_name(m));
        if (!m->trained) {
            snprintf(cell[1], sizeof cell[1], "%s", TR("échec", "failed"));
            cell[2][0] = cell[3][0] = cell[4][0] = cell[5][0] = 0;
        } else {
            snprintf(cell[1], sizeof cell[1], "%.3f", m->m.accuracy);
            snprintf(cell[2], sizeof cell[2], "%.3f", m->m.precision);
            snprintf(cell[3], sizeof cell[3], "%.3f", m->m.recall);
            snprintf(cell[4], sizeof cell[4], "%.3f", m->m.f1);
            if (m->seconds < 1.0)
                snprintf(cell[5], sizeof cell[5], "%.0f ms", 1000.0 * m->seconds);
            else
                snprintf(cell[5], sizeof cell[5], "%.2f s", m->seconds);
        }
        x = r.x;
        for (int c = 0; c < 6; c++) {
            cell_text(ui, c == 0 ? UI_FONT_BOLD : UI_FONT_SMALL, cell[c],
                      (ui_rect){ x + (c ? 0 : ui_px(ui, 3)), y, cw[c] - ui_px(ui, 4), lh }, c ? UI_RIGHT : UI_LEFT,
                      m->trained ? th->text : th->bad);
            x += cw[c];
        }
        if (m->failed && m->error[0])
            ui_tooltip(ui, row, m->error);
    }
    ui_pop_clip(ui);
}

static void accuracy_bars(compare_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    plot_bar bars[STUDY_MAX_MODELS];
    char labels[STUDY_MAX_MODELS][32];
    int n = s->st.models;
    float slot = (r.w - ui_px(ui, 12)) / (float)(n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        const study_model *m = &s->st.model[i];
        /* the deep model in orange among the classic ones in blue */
        ui_color c = i == 0 ? th->series[1] : th->series[0];
        bars[i] = (plot_bar){ fit_text(ui, UI_FONT_SMALL, short_name(m), slot - 2, labels[i], sizeof labels[i]),
                              m->trained ? (float)m->m.accuracy : 0.0f, c };
    }
    plot_bars(ui, r, TR("Exactitude sur le test", "Test accuracy"), bars, n, 0, 1, "%.2f");
}

static void confusion(compare_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    const study_model *m = &s->st.model[s->selected < s->st.models ? s->selected : 0];
    int k = s->st.data.classes;
    if (!m->trained || !m->cm || k <= 0) {
        cell_text(ui, UI_FONT_BODY, m->error[0] ? m->error : TR("Pas de matrice.", "No matrix."),
                  (ui_rect){ r.x, r.y, r.w, ui_px(ui, 24) }, UI_LEFT, th->bad);
        return;
    }
    float sh = ui_line_height(ui, UI_FONT_SMALL);
    /* the true classes' names on the left, the predicted ones above */
    float name_w = ui_text_width(ui, UI_FONT_SMALL, TR("vraie ↓", "true ↓"), -1);
    for (int c = 0; c < k; c++) {
        char buf[16];
        name_w = fmaxf(name_w, ui_text_width(ui, UI_FONT_SMALL, class_name(s, c, buf, sizeof buf), -1));
    }
    name_w = fminf(name_w + ui_px(ui, 8), r.w * 0.4f);
    float side = fminf(r.w - name_w, r.h - sh * 2.2f);
    if (side < 8)
        return;
    float cell = side / (float)k, x0 = r.x + name_w, y0 = r.y + sh * 2.2f;
    cell_text(ui, UI_FONT_SMALL, TR("prédite →", "predicted →"), (ui_rect){ x0, r.y, side, sh }, UI_LEFT,
              th->text_dim);
    cell_text(ui, UI_FONT_SMALL, TR("vraie ↓", "true ↓"), (ui_rect){ r.x, r.y + sh * 1.1f, name_w, sh }, UI_LEFT,
              th->text_dim);
    int maxv = 1;
    for (int i = 0; i < k * k; i++)
        maxv = m->cm[i] > maxv ? m->cm[i] : maxv;
    int labels = cell >= sh;
    for (int t = 0; t < k; t++) {
        char buf[16];
        const char *cn = class_name(s, t, buf, sizeof buf);
        if (labels) {
            cell_text(ui, UI_FONT_SMALL, cn, (ui_rect){ r.x, y0 + cell * (float)t, name_w - ui_px(ui, 4), cell },
                      UI_RIGHT, th->text);
            char cut[32];
            cell_text(ui, UI_FONT_SMALL, fit_text(ui, UI_FONT_SMALL, cn, cell - 2, cut, sizeof cut),
                      (ui_rect){ x0 + cell * (float)t, r.y + sh * 1.1f, cell, sh }, UI_CENTER, th->text);
        }
        for (int p = 0; p < k; p++) {
            ui_rect c = { x0 + cell * (float)p, y0 + cell * (float)t, cell - 1, cell - 1 };
            int v = m->cm[t * k + p];
            float f = (float)v / (float)maxv;
            ui_fill_rect(ui, c, v ? ui_mix(th->neutral, t == p ? th->good : th->bad, 0.15f + 0.85f * f) : th->neutral);
            char num[16];
            snprintf(num, sizeof num, "%d", v);
            if (cell >= ui_text_width(ui, UI_FONT_SMALL, num, -1) + 2 && cell >= sh)
                ui_draw_text_aligned(ui, UI_FONT_SMALL, num, c, UI_CENTER, f > 0.55f ? th->text_on_accent : th->text);
        }
    }
}

/* The row typed by the student, predicted by every model. */
static void predict(compare_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    /* the columns' order, as a hint */
    char order[1024];
    int used = snprintf(order, sizeof order, "%s", TR("Dans l'ordre : ", "In this order: "));
    for (int f = 0; f < s->st.features && used < (int)sizeof order; f++)
        used += snprintf(order + used, sizeof order - (size_t)used, "%s%s", f ? ", " : "", s->st.feature[f].name);
    float sh = ui_line_height(ui, UI_FONT_SMALL);
    /* at most three lines of it, fewer when the panel is short: the answers need the room */
    float lines = r.h > sh * 12 ? 3 : r.h > sh * 8 ? 2 : 1;
    float hint_h = fminf(ui_wrapped_height(ui, UI_FONT_SMALL, order, r.w), sh * lines);
    ui_push_clip(ui, (ui_rect){ r.x, r.y, r.w, hint_h });
    ui_draw_wrapped(ui, UI_FONT_SMALL, order, r.x, r.y, r.w, th->text_dim);
    ui_pop_clip(ui);
    ui_layout_begin(ui, (ui_rect){ r.x, r.y + hint_h + ui_px(ui, 4), r.w, r.h - hint_h - ui_px(ui, 4) });
    float bw = fmaxf(ui_text_width(ui, UI_FONT_BODY, TR("Exemple", "Example"), -1),
                     ui_text_width(ui, UI_FONT_BODY, TR("Prédire", "Predict"), -1)) / ui->scale + 20;
    ui_row(ui, 3, (const float[]){ -1, bw, bw }, 0);
    int go = ui_text_field(ui, "##row", s->row, (int)sizeof s->row,
                           TR("valeurs séparées par des virgules", "values separated by commas"));
    go |= ui_button_ex(ui, TR("Prédire", "Predict"), 1, s->row[0] != 0);
    if (ui_button(ui, TR("Exemple", "Example"))) {
        example_row(s, s->row, sizeof s->row);
        go = 1;
    }
    if (go && s->row[0])
        predict_row(s);
    ui_rect out = ui_rest(ui);
    ui_layout_end(ui);
    ui_push_clip(ui, out);
    float y = out.y + ui_px(ui, 2);
    if (!s->pred_ok && s->pred_msg[0])
        ui_draw_wrapped(ui, UI_FONT_SMALL, s->pred_msg, out.x, y, out.w, th->bad);
    else if (s->pred_ok) {
        /* "model → class (probability)" in as many columns as the height asks, up to three */
        int n = s->st.models;
        float lh = sh + ui_px(ui, 3);
        int fit = (int)((out.h - ui_px(ui, 2)) / lh);
        fit = fit < 1 ? 1 : fit;
        int cols = (n + fit - 1) / fit;
        cols = cols > 3 ? 3 : cols < 1 ? 1 : cols;
        int rows = (n + cols - 1) / cols;
        float cw = out.w / (float)cols;
        for (int i = 0; i < n; i++) {
            const study_prediction *p = &s->pred[i];
            char line[160];
            if (p->label < 0)
                snprintf(line, sizeof line, "%s : —", short_name(&s->st.model[i]));
            else
                snprintf(line, sizeof line, TR("%s → %s (%.0f %%)", "%s → %s (%.0f%%)"), short_name(&s->st.model[i]),
                         p->class_name ? p->class_name : "?", 100.0 * (double)p->probability);
            ui_rect lr = { out.x + cw * (float)(i / rows), y + lh * (float)(i % rows), cw - ui_px(ui, 4), lh };
            if (p->label >= 0 && ui_text_width(ui, UI_FONT_SMALL, line, -1) > lr.w) /* narrow: no probability */
                snprintf(line, sizeof line, "%s → %s", short_name(&s->st.model[i]), p->class_name ? p->class_name : "?");
            char cut[160];
            /* the deep model first, in the accent colour */
            cell_text(ui, UI_FONT_SMALL, fit_text(ui, UI_FONT_SMALL, line, lr.w, cut, sizeof cut), lr, UI_LEFT,
                      i == 0 ? th->accent : th->text);
        }
    }
    ui_pop_clip(ui);
}

static void tab_results(compare_state *s, app *a, ui_rect area)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    if (!s->st.ran || s->job != JOB_NONE) {
        ui_rect in = app_panel(ui, area, TR("Résultats", "Results"));
        ui_layout_begin(ui, in);
        ui_row(ui, 1, NULL, 0);
        ui_label_font(ui, UI_FONT_BODY,
                      s->job == JOB_RUN ? TR("L'entraînement est en cours (onglet Entraînement).",
                                             "Training is under way (the Training tab).")
                                        : TR("Rien n'a encore été entraîné : lancez la comparaison.",
                                             "Nothing has been trained yet: run the comparison."),
                      th->text_dim);
        ui_row(ui, 1, (const float[]){ 160 }, 0);
        if (ui_button_ex(ui, TR("Lancer##results", "Run##results"), 1, s->job == JOB_NONE && s->opened))
            start_job(s, a, JOB_RUN);
        ui_layout_end(ui);
        return;
    }
    float gap = ui_px(ui, 10), lw = area.w * 0.62f;
    float lh = ui_line_height(ui, UI_FONT_SMALL) + ui_px(ui, 7);
    /* the panel: its padding, its title, the header and one line per model */
    float chrome = 2 * ui_px(ui, th->padding) + ui_line_height(ui, UI_FONT_HEADING) + ui_px(ui, 8);
    float top_h = fminf(area.h * 0.55f, lh * (float)(s->st.models + 1) + chrome + ui_px(ui, 4));
    ui_rect tr = { area.x, area.y, lw, top_h };
    ui_rect t = app_panel(ui, tr, TR("Scores sur le test", "Test scores"));
    /* the hint on the title, not over the rows it would hide */
    ui_tooltip(ui, (ui_rect){ tr.x, tr.y, tr.w, t.y - tr.y },
               TR("Cliquez un modèle pour voir sa matrice de confusion.", "Click a model to see its confusion matrix."));
    scores_table(s, a, t);
    accuracy_bars(s, a, app_panel(ui, (ui_rect){ area.x + lw + gap, area.y, area.w - lw - gap, top_h }, NULL));
    float by = area.y + top_h + gap, bh = area.h - top_h - gap;
    float cmw = fminf(area.w * 0.45f, bh + ui_px(ui, 90));
    char title[96];
    snprintf(title, sizeof title, TR("Confusion : %s", "Confusion: %s"),
             short_name(&s->st.model[s->selected < s->st.models ? s->selected : 0]));
    confusion(s, a, app_panel(ui, (ui_rect){ area.x, by, cmw, bh }, title));
    predict(s, a, app_panel(ui, (ui_rect){ area.x + cmw + gap, by, area.w - cmw - gap, bh },
                            TR("Prédire une ligne", "Predict a row")));
}

/* ---- the frame ---------------------------------------------------------------------------------- */

static void frame(void *p, app *a, ui_rect area)
{
    compare_state *s = p;
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    if (s->job != JOB_NONE && SDL_AtomicGet(&s->done)) {
        SDL_WaitThread(s->thread, NULL);
        s->thread = NULL;
        job_finished(s, a);
    }
    /* the page's tab first: a file dropped from another lesson turns the page too, and its
     * preview, below, must win over that page's tab */
    if (a->page != s->last_page) {
        s->last_page = a->page;
        if (a->page < s->n_tab_pages)
            s->tab = s->tab_of_page[a->page];
    }
    /* a dropped file opens at once, stopping what runs */
    take_input(s, a);
    /* a load stopped by leaving the lesson starts again on coming back (one cancelled by the
     * student waits for the Load button) */
    if (s->opened && !s->st.loaded && s->job == JOB_NONE && !s->msg[0])
        load(s, a);
    if (s->wants_play && s->opened && s->job == JOB_NONE && !s->st.ran) {
        s->wants_play = 0;
        start_job(s, a, JOB_RUN);
    }

    /* the tabs, and what is open */
    static const char *const tabs_fr[N_TABS] = { "1 · Données", "2 · Aperçu", "3 · Entraînement", "4 · Résultats" };
    static const char *const tabs_en[N_TABS] = { "1 · Data", "2 · Preview", "3 · Training", "4 · Results" };
    ui_layout_begin(ui, area);
    ui_row(ui, 1, NULL, 0);
    ui_tabs(ui, "##stage", &s->tab, lang_current() == LANG_EN ? tabs_en : tabs_fr, N_TABS);
    ui_rect rest = ui_rest(ui);
    ui_layout_end(ui);
    float lh = ui_line_height(ui, UI_FONT_SMALL) + ui_px(ui, 6);
    char line[1400];
    if (s->msg[0])
        snprintf(line, sizeof line, "%s", s->msg);
    else if (s->opened && s->job == JOB_NONE)
        snprintf(line, sizeof line,
                 TR("%s : %s%ld lignes, %d colonnes · cible %s", "%s: %s%ld rows, %d columns · target %s"),
                 s->st.path, s->st.loaded ? "" : "~", s->st.loaded ? s->st.report.rows_kept : s->st.estimated_rows,
                 s->st.columns, s->st.column[s->st.choice.target].name);
    else
        snprintf(line, sizeof line, "%s", s->job != JOB_NONE ? TR("Calcul en cours...", "Working...") : "");
    cell_text(ui, UI_FONT_SMALL, line, (ui_rect){ rest.x, rest.y, rest.w, lh }, UI_LEFT,
              s->msg[0] ? th->bad : th->text_dim);
    ui_rect body = { rest.x, rest.y + lh, rest.w, rest.h - lh };

    int tab = s->tab;
    if (s->job == JOB_LOAD || (!s->opened && tab != TAB_DATA))
        tab = s->job == JOB_LOAD ? -1 : TAB_DATA;
    switch (tab) {
    case -1: {
        /* a big file loading: its progress, and nothing that reads the study */
        ui_rect in = app_panel(ui, (ui_rect){ body.x, body.y, body.w, ui_px(ui, 90) },
                               TR("Chargement", "Loading"));
        char what[200];
        float f = job_progress(s, what, sizeof what);
        progress_row(s, a, (ui_rect){ in.x, in.y, in.w, ui_px(ui, 30) }, what, f);
        break;
    }
    case TAB_DATA:
        tab_data(s, a, body);
        break;
    case TAB_PREVIEW:
        if (s->job == JOB_RUN)
            tab_training(s, a, body);
        else
            tab_preview(s, a, body);
        break;
    case TAB_TRAINING:
        tab_training(s, a, body);
        break;
    default:
        tab_results(s, a, body);
        break;
    }
    if (s->job != JOB_NONE)
        a->busy = 1;
}

const scene_class scene_compare = {
    .create = create,
    .frame = frame,
    .advance = advance,
    .play = play,
    .leave = leave,
    .destroy = destroy,
};
