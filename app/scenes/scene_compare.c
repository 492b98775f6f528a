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
 * study_get_history, as study.h requires. The worker is scene_compare_worker.c's: a pthread, with
 * C11 atomics for its done and cancel flags; scene_compare.h lists the scene's other files.
 *
 * Directives: dataset (the table opened first), target, scaler, test_size, epochs, play, tabs. */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "scene_common.h"
#include "scene_compare.h"

/* Files bigger than this are loaded in the worker, with a progress bar. */
static const long long sync_load_bytes = 4 << 20;

/* The course table's lists, which the lesson's directives are checked against. */
static const char *const *const tables = lesson_tables;
static const char *const *const scalers = lesson_scalers;
_Static_assert((int)N_TABS == (int)LESSON_N_COMPARE_TABS, "a view for each of the course table's tabs");

/* ---- the jobs ----------------------------------------------------------------------------------- */

/* Stops the worker, if one runs, and forgets its job: what it did is not shown. */
static void stop_job(compare_state *s)
{
    compare_worker_stop(s);
    s->job = JOB_NONE;
}

/* The file's first row, its features in the order a typed row takes them: an example that the
 * student can change. */
void compare_example_row(const compare_state *s, char *buf, size_t n)
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
const char *compare_notes_text(compare_state *s)
{
    int len = study_notes_text(&s->st.report, lang_current() != LANG_EN, s->notes, sizeof s->notes);
    char *cut = len < (int)sizeof s->notes ? NULL : strrchr(s->notes, '\n');
    if (cut)
        cut[1] = '\0';
    return s->notes;
}

void compare_predict_row(compare_state *s)
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
        if (compare_worker_cancelled(s))
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
            compare_example_row(s, s->row, sizeof s->row);
            compare_predict_row(s);
        }
    }
}

void compare_start_job(compare_state *s, app *a, int job)
{
    stop_job(s);
    s->job = job;
    s->job_rc = 0;
    s->msg[0] = 0;
    compare_worker_reset(s);
    if (job == JOB_RUN) {
        s->mlp.epochs = s->epochs;
        s->run_mlp = s->mlp;
        s->run_settings = (study_settings){ .test_size = s->test_size, .scaler = scalers[s->scaler],
                                            .epochs = s->epochs, .mlp = &s->run_mlp };
        s->pred_ok = 0;
        s->run_start = SDL_GetPerformanceCounter();
    }
    if (a->headless) { /* --screenshot: the same picture every time */
        compare_job_work(s);
        job_finished(s, a);
        return;
    }
    if (compare_worker_start(s) < 0) {
        s->job = JOB_NONE;
        snprintf(s->msg, sizeof s->msg, "%s", TR("Impossible de lancer le calcul.", "Cannot start the work."));
    }
}

/* Loads the table with the current choice: here when it is small, else in the worker. */
void compare_load(compare_state *s, app *a)
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
        compare_start_job(s, a, JOB_LOAD);
}

/* Opens a table or a file; explicit: the student asked for it (the preview shows, a failure of a
 * dropped file or --open also reaches the error dialog). */
void compare_open_source(compare_state *s, app *a, const char *path, int explicit)
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
    compare_load(s, a);
}

/* A file dropped on the window or given by --open; else, the first time, the lesson's table. */
static void take_input(compare_state *s, app *a)
{
    char path[1024];
    if (app_take_file(a, path, sizeof path))
        compare_open_source(s, a, path, 2);
    else if (!s->opened && !s->st.path && !s->msg[0])
        compare_open_source(s, a, s->first, 0);
}

/* ---- life --------------------------------------------------------------------------------------- */

static void *create(app *a, const lesson_config *cfg)
{
    compare_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    code_panel_start(&s->code, cfg->code);
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
    s->mlp = (trainer_config){ .hidden = 2, .units = { STUDY_MLP_UNITS_1, STUDY_MLP_UNITS_2 }, .activation = "relu",
                               .optimizer = "adam", .learning_rate = 0.001f, .batch_size = STUDY_MLP_BATCH };
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
        compare_start_job(s, a, JOB_RUN);
}

static int play(void *p, app *a)
{
    compare_state *s = p;
    if (s->job == JOB_NONE && s->opened) {
        compare_start_job(s, a, JOB_RUN);
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

/* ---- the frame ---------------------------------------------------------------------------------- */

/* Before drawing: a finished job's result, the page's tab, a dropped file, a load to resume, the
 * lesson's @play. */
static void update(compare_state *s, app *a)
{
    if (s->job != JOB_NONE && compare_worker_finished(s))
        job_finished(s, a);
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
        compare_load(s, a);
    if (s->wants_play && s->opened && s->job == JOB_NONE && !s->st.ran) {
        s->wants_play = 0;
        compare_start_job(s, a, JOB_RUN);
    }
}

/* The line under the tabs, in r: the last failure in red, else the table's size and target, or
 * that a job runs. */
static void draw_status_line(compare_state *s, ui_context *ui, ui_rect r)
{
    const ui_theme *th = &ui->theme;
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
    compare_cell_text(ui, UI_FONT_SMALL, line, r, UI_LEFT, s->msg[0] ? th->bad : th->text_dim);
}

/* A big file loading, in place of the tabs: its progress, and nothing that reads the study. */
static void draw_loading(compare_state *s, app *a, ui_rect body)
{
    ui_context *ui = a->ui;
    ui_rect in = app_panel(ui, (ui_rect){ body.x, body.y, body.w, ui_px(ui, 90) }, TR("Chargement", "Loading"));
    char what[200];
    float f = compare_job_progress(s, what, sizeof what);
    compare_progress_row(s, a, (ui_rect){ in.x, in.y, in.w, ui_px(ui, 30) }, what, f);
}

/* The open tab in body; Data until a table is open, the loading's progress while a big file
 * loads, and Training in place of Preview while the models train (the study is the worker's). */
static void draw_tab(compare_state *s, app *a, ui_rect body)
{
    if (s->job == JOB_LOAD)
        draw_loading(s, a, body);
    else if (!s->opened || s->tab == TAB_DATA)
        compare_tab_data(s, a, body);
    else if (s->tab == TAB_TRAINING || (s->tab == TAB_PREVIEW && s->job == JOB_RUN))
        compare_tab_training(s, a, body);
    else if (s->tab == TAB_PREVIEW)
        compare_tab_preview(s, a, body);
    else
        compare_tab_results(s, a, body);
}

/* The code panel: the MLP of the comparison, on the loaded table (its shape read only while no
 * job has the study). An edit sets the MLP for the next run. */
static void follow_code(compare_state *s)
{
    if (s->job == JOB_NONE && s->opened && s->st.data.n > 0 && s->st.data.classes > 0) {
        s->shape = (scene_data_shape){ s->st.data.n, s->st.data.dim, s->st.data.classes, 0 };
        const char *path = s->st.path ? s->st.path : "table", *base = strrchr(path, '/');
        snprintf(s->mlp.dataset, sizeof s->mlp.dataset, "%s", base ? base + 1 : path);
    }
    if (s->shape.n <= 0)
        return;
    trainer_config next;
    s->mlp.epochs = s->epochs;
    if (scene_code_take(&s->code, &s->mlp, &s->shape, 1024, &next)) {
        if (next.epochs > STUDY_MAX_EPOCHS)
            code_panel_refuse(&s->code, 0, TR("trop d'époques pour la comparaison", "too many epochs for the comparison"));
        else {
            s->mlp = next;
            s->epochs = next.epochs;
            scene_code_accept(&s->code, &s->mlp, &s->shape);
        }
    }
    scene_code_follow(&s->code, &s->mlp, &s->shape);
}

static code_panel *code(void *p)
{
    compare_state *s = p;
    return &s->code;
}

static trainer *trainer_of(void *p)
{
    (void)p;
    return NULL; /* the comparison trains six models at once: its results export instead */
}

static void frame(void *p, app *a, ui_rect area)
{
    compare_state *s = p;
    ui_context *ui = a->ui;
    update(s, a);
    follow_code(s);
    static const char *const tabs_fr[N_TABS] = { "1 · Données", "2 · Aperçu", "3 · Entraînement", "4 · Résultats" };
    static const char *const tabs_en[N_TABS] = { "1 · Data", "2 · Preview", "3 · Training", "4 · Results" };
    ui_layout_begin(ui, area);
    ui_row(ui, 1, NULL, 0);
    ui_tabs(ui, "##stage", &s->tab, lang_current() == LANG_EN ? tabs_en : tabs_fr, N_TABS);
    ui_rect rest = ui_rest(ui);
    ui_layout_end(ui);
    float lh = ui_line_height(ui, UI_FONT_SMALL) + ui_px(ui, 6);
    draw_status_line(s, ui, (ui_rect){ rest.x, rest.y, rest.w, lh });
    draw_tab(s, a, (ui_rect){ rest.x, rest.y + lh, rest.w, rest.h - lh });
    if (s->job != JOB_NONE)
        a->busy = 1;
}

SCENE_CLASS_WITH_CODE(compare);
