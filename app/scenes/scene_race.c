/* scene_race.c — GPU against CPU: the same model on the same data, trained at once by the CPU
 * engine and by the Vulkan engine, each in its own thread; then a sweep over batch sizes and
 * layer widths that shows where the GPU overtakes the CPU.
 *
 * The scene says what its "GPU" is: the Vulkan device's name and type, and plainly, when that
 * device is lavapipe or another CPU implementation, that the race then pits the CPU against
 * itself. Without a Vulkan engine or device it shows the CPU engine alone and says why.
 *
 * Opening the device takes seconds on lavapipe: scene_race_gpu.c does it on a thread of its own
 * while the frame says so; a Start pressed meanwhile waits for it (start_pending). */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "lang.h"
#include "plot.h"
#include "scene_race.h"

const int race_widths[N_WIDTH] = { 64, 256, 1024 };
static const int sweep_batches[] = { 8, 32, 128, 512 };

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- the sweep ---------------------------------------------------------------------------------- */

/* The sweep thread's failure; only the first is kept, since the frame may be reading it. */
static void sweep_fail(race_sweep *sw, const char *msg)
{
    if (atomic_load_explicit(&sw->failed, memory_order_relaxed))
        return;
    snprintf(sw->error, sizeof sw->error, "%s", msg);
    atomic_store_explicit(&sw->failed, 1, memory_order_release);
}

/* The sweep's failure for the frame, or NULL. */
static const char *sweep_error(race_state *s)
{
    return atomic_load_explicit(&s->sw.failed, memory_order_acquire) ? s->sw.error : NULL;
}

/* Samples a second of one configuration, measured over at least budget seconds (and one batch)
 * after a warm-up batch; 0 on failure (the message goes to the sweep's error). */
static float measure(race_sweep *sw, const data_set *d, int engine, int width, int batch, double budget)
{
    nn_model *m = nn_sequential();
    float sps = 0;
    int rc = m ? nn_set_seed(m, 1) : -1;
    if (rc == 0)
        rc = nn_add_dense(m, width, "relu", d->train.dim);
    if (rc == 0)
        rc = nn_add_dense(m, width, "relu", 0);
    if (rc == 0)
        rc = nn_add_dense(m, d->train.classes, "softmax", 0);
    if (rc == 0)
        rc = nn_compile(m, "adam", "sparse_categorical_crossentropy", NULL);
    if (rc == 0 && engine == GPU)
        rc = nn_use_backend(m, "vulkan");
    int rows = d->train.n / batch * batch, at = 0, done = 0;
    double t0 = 0;
    for (int i = 0; rc == 0 && !atomic_load(&sw->stop); i++) {
        if (at + batch > rows)
            at = 0;
        rc = nn_train_on_batch(m, d->train.x + (size_t)at * d->train.dim, d->train.y + at, batch, NULL, NULL);
        at += batch;
        if (i == 0) {
            t0 = now_s(); /* the first batch pays for allocations and uploads */
            continue;
        }
        done += batch;
        double dt = now_s() - t0;
        if (dt >= budget) {
            sps = (float)(done / dt);
            break;
        }
    }
    if (rc < 0)
        sweep_fail(sw, nn_error());
    nn_free(m);
    return sps;
}

static void *sweep_main(void *arg)
{
    race_state *s = arg;
    race_sweep *sw = &s->sw;
    char err[256];
    const data_set *d = data_get("mnist", 0, 0, err, sizeof err);
    if (!d)
        sweep_fail(sw, err);
    for (int e = 0; d && e < sw->engines && !atomic_load(&sw->stop); e++)
        for (int w = 0; w < N_WIDTH && !atomic_load(&sw->stop); w++)
            for (int b = 0; b < N_SWEEP_BATCH && !atomic_load(&sw->stop); b++) {
                sw->sps[e][w][b] = measure(sw, d, e, race_widths[w], sweep_batches[b], sw->seconds_per_point);
                atomic_fetch_add(&sw->points, 1);
            }
    atomic_store(&sw->done, 1);
    return NULL;
}

/* Asks the sweep to stop after its current batch; a batch of a wide model on a slow "GPU" can
 * take seconds, so nothing waits for it here. */
static void sweep_request_stop(race_state *s)
{
    if (s->sw.running)
        atomic_store(&s->sw.stop, 1);
}

/* Joins the sweep's thread once it has finished (wait: even if it has not). */
static void sweep_reap(race_state *s, int wait)
{
    if (s->sw.running && (wait || atomic_load(&s->sw.done))) {
        pthread_join(s->sw.thread, NULL);
        s->sw.running = 0;
    }
}

static void sweep_stop(race_state *s)
{
    sweep_request_stop(s);
    sweep_reap(s, 1);
}

static int sweep_start(race_state *s, double seconds_per_point)
{
    sweep_stop(s);
    memset(s->sw.sps, 0, sizeof s->sw.sps);
    s->sw.error[0] = 0;
    atomic_store(&s->sw.failed, 0);
    atomic_store(&s->sw.stop, 0);
    atomic_store(&s->sw.done, 0);
    atomic_store(&s->sw.points, 0);
    s->sw.engines = s->have_gpu ? 2 : 1;
    s->sw.seconds_per_point = seconds_per_point;
    if (pthread_create(&s->sw.thread, NULL, sweep_main, s) != 0)
        return -1;
    s->sw.running = 1;
    return 0;
}

/* ---- the race ----------------------------------------------------------------------------------- */

static void stop_lanes(race_state *s)
{
    for (int i = 0; i < LANES; i++) {
        trainer_free(s->lane[i].t);
        s->lane[i].t = NULL;
        memset(&s->lane[i].st, 0, sizeof s->lane[i].st);
    }
    s->started = 0;
}

/* The raced model, on the CPU engine. */
static trainer_config race_config(const race_state *s)
{
    return (trainer_config){ .dataset = "mnist",
                             .hidden = 2,
                             .units = { race_widths[s->width], race_widths[s->width] / 2 },
                             .activation = "relu",
                             .optimizer = "adam",
                             .learning_rate = 0.001f,
                             .batch_size = s->batch,
                             .epochs = s->epochs,
                             .seed = 1 };
}

/* Both engines get the same model, seed, data and batches. */
static void start_lanes(race_state *s, app *a, int play)
{
    stop_lanes(s);
    for (int i = 0; i < LANES; i++) {
        if (i == GPU && !s->have_gpu)
            continue;
        trainer_config c = race_config(s);
        snprintf(c.backend, sizeof c.backend, "%s", i == GPU ? "vulkan" : "cpu");
        s->lane[i].t = scene_create_trainer(a, &c);
        if (!s->lane[i].t)
            return;
        if (play)
            trainer_play(s->lane[i].t);
    }
    s->started = play;
}

static void *create(app *a, const lesson_config *cfg)
{
    (void)cfg;
    race_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    code_panel_start(&s->code, cfg->code);
    s->headless = a->headless;
    s->width = 1; /* 784-256-128-10, the course's MNIST model of this race */
    s->batch = 64;
    s->epochs = 2;
    race_setup_start(s, a->headless); /* a screenshot shows the GPU as it will be */
    return s;
}

static void destroy(void *p)
{
    race_state *s = p;
    sweep_stop(s);
    stop_lanes(s);
    race_setup_free(s); /* waits for a set-up still running: a Vulkan call cannot be interrupted */
    free(s);
}

static void leave(void *p, app *a)
{
    race_state *s = p;
    (void)a;
    s->start_pending = 0; /* the set-up goes on; a race would start unseen */
    for (int i = 0; i < LANES; i++)
        if (s->lane[i].t)
            trainer_pause(s->lane[i].t);
    sweep_request_stop(s);
}

static int play(void *p, app *a)
{
    race_state *s = p;
    if (s->sw.running)
        return 1; /* the sweep measures alone */
    if (race_setup_poll(s, 0) == RACE_GPU_PREPARING) {
        s->start_pending = !s->start_pending; /* pressed again: not to start after all */
        return 1;
    }
    int running = 0;
    for (int i = 0; i < LANES; i++)
        if (s->lane[i].t) {
            trainer_poll(s->lane[i].t, &s->lane[i].st);
            running |= s->lane[i].st.state == TRAINER_RUNNING;
        }
    if (!s->started)
        start_lanes(s, a, 1);
    else
        for (int i = 0; i < LANES; i++)
            if (s->lane[i].t)
                running ? trainer_pause(s->lane[i].t) : trainer_play(s->lane[i].t);
    return 1;
}

/* Headless: both lanes run `steps` batches; a race that ends also runs a quick sweep. */
static void advance(void *p, app *a, int steps)
{
    race_state *s = p;
    race_setup_poll(s, 1);
    start_lanes(s, a, 0);
    s->started = 1;
    for (int i = 0; i < LANES; i++)
        if (s->lane[i].t && trainer_run_steps(s->lane[i].t, steps, 600) < 0) {
            trainer_poll(s->lane[i].t, &s->lane[i].st);
            app_error(a, "%s", s->lane[i].st.error);
        }
    int finished = 1;
    for (int i = 0; i < LANES; i++)
        if (s->lane[i].t) {
            trainer_poll(s->lane[i].t, &s->lane[i].st);
            finished &= s->lane[i].st.state == TRAINER_DONE;
        }
    if (finished && steps > 0 && sweep_start(s, 0.15) == 0) {
        pthread_join(s->sw.thread, NULL);
        s->sw.running = 0;
    }
}

/* ---- drawing ------------------------------------------------------------------------------------ */

static ui_color lane_color(const ui_theme *th, int i)
{
    return th->series[i == CPU ? 0 : 1];
}

static float mean_epoch_seconds(const trainer_stats *st)
{
    if (st->n_epochs == 0)
        return 0;
    float sum = 0;
    for (int e = 0; e < st->n_epochs; e++)
        sum += st->epoch_seconds[e];
    return sum / (float)st->n_epochs;
}

static void lane_card(race_state *s, app *a, ui_rect r, int i)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    const trainer_stats *st = &s->lane[i].st;
    char title[400], buf[160];
    if (i == CPU)
        snprintf(title, sizeof title, TR("CPU · moteur C, %ld cœurs", "CPU · C engine, %ld cores"),
                 sysconf(_SC_NPROCESSORS_ONLN));
    else
        snprintf(title, sizeof title, "GPU · %s",
                 s->gpu == RACE_GPU_PREPARING ? "…" : s->have_gpu ? s->gpu_name : TR("absent", "missing"));
    ui_rect in = app_panel(ui, r, NULL);
    ui_fill_rect(ui, (ui_rect){ r.x + 1, r.y + ui_px(ui, 8), ui_px(ui, 4), r.h - ui_px(ui, 16) },
                 lane_color(th, i));
    /* a narrow card: the device's name without its details in brackets, or the engine alone */
    char shorter[400];
    snprintf(shorter, sizeof shorter, "%s", title);
    char *bracket = strstr(shorter, " (");
    if (bracket)
        *bracket = 0;
    ui_push_clip(ui, in);
    ui_draw_text(ui, UI_FONT_HEADING,
                 scene_fit(ui, UI_FONT_HEADING, in.w, 3, (const char *const[]){ title, shorter, i == CPU ? "CPU" : "GPU" }),
                 -1, in.x, in.y, th->text);
    ui_pop_clip(ui);
    float y = in.y + ui_line_height(ui, UI_FONT_HEADING) + ui_px(ui, 6);
    if (i == GPU && !s->have_gpu) {
        const char *why = s->gpu == RACE_GPU_PREPARING ? TR("Préparation du GPU…", "Preparing the GPU…") : s->gpu_why;
        ui_draw_wrapped(ui, UI_FONT_SMALL, why, in.x, y, in.w, th->text_dim);
        return;
    }
    if (st->state == TRAINER_FAILED) {
        ui_draw_wrapped(ui, UI_FONT_SMALL, st->error, in.x, y, in.w, th->bad);
        return;
    }
    /* the timer, large */
    snprintf(buf, sizeof buf, "%.1f s", st->seconds);
    lang_decimals(buf);
    ui_draw_text(ui, UI_FONT_TITLE, buf, -1, in.x, y, th->text);
    float right = in.x + in.w * 0.45f, lh = ui_line_height(ui, UI_FONT_BODY);
    int epoch = st->epochs_done + (st->state == TRAINER_RUNNING || st->state == TRAINER_PAUSED);
    snprintf(buf, sizeof buf, TR("époque %d / %d", "epoch %d / %d"), epoch > s->epochs ? s->epochs : epoch,
             s->epochs);
    ui_draw_text(ui, UI_FONT_BODY, buf, -1, right, y, th->text);
    double rate = st->seconds > 0 ? (double)st->samples / st->seconds : 0.0;
    char rate_short[64], rate_k[64];
    snprintf(buf, sizeof buf, TR("%.0f exemples/s", "%.0f samples/s"), rate);
    snprintf(rate_short, sizeof rate_short, TR("%.0f ex./s", "%.0f /s"), rate);
    snprintf(rate_k, sizeof rate_k, "%.1f k/s", rate / 1000);
    lang_decimals(rate_k);
    /* five digits and the unit beside the timer overflow a narrow lane (demo mode beside the code) */
    ui_draw_text(ui, UI_FONT_BOLD,
                 scene_fit(ui, UI_FONT_BOLD, in.x + in.w - right, 3, (const char *const[]){ buf, rate_short, rate_k }),
                 -1, right, y + lh, th->text);
    float es = mean_epoch_seconds(st);
    char brief[64];
    if (es > 0) {
        snprintf(buf, sizeof buf, TR("%.2f s par époque", "%.2f s per epoch"), (double)es);
        snprintf(brief, sizeof brief, TR("%.2f s/époque", "%.2f s/epoch"), (double)es);
        lang_decimals(buf);
        lang_decimals(brief);
    } else {
        snprintf(buf, sizeof buf, TR("— s par époque", "— s per epoch"));
        snprintf(brief, sizeof brief, TR("— s/époque", "— s/epoch"));
    }
    /* a narrow lane (demo mode beside the code): the short form */
    ui_draw_text(ui, UI_FONT_BODY, scene_fit(ui, UI_FONT_BODY, in.x + in.w - right, 2, (const char *const[]){ buf, brief }),
                 -1, right, y + 2 * lh, th->text_dim);
    if (st->notice[0]) /* the GPU failed and the CPU engine took over: say so */
        ui_draw_wrapped(ui, UI_FONT_SMALL, st->notice, in.x, y + 3 * lh, in.w, th->bad);
    /* progress */
    long total = (long)st->batches * s->epochs;
    float t = total > 0 ? (float)st->steps / (float)total : 0;
    ui_rect bar = { in.x, in.y + in.h - ui_px(ui, 8), in.w, ui_px(ui, 8) };
    ui_fill_round_rect(ui, bar, bar.h / 2, th->track);
    ui_fill_round_rect(ui, (ui_rect){ bar.x, bar.y, bar.w * fminf(1, t), bar.h }, bar.h / 2,
                       lane_color(th, i));
}

static void loss_chart(race_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    plot_series sr[LANES];
    int n = 0;
    for (int i = 0; i < LANES; i++) {
        const trainer_stats *st = &s->lane[i].st;
        if (!s->lane[i].t)
            continue;
        int k = st->n_points;
        memcpy(s->curve_t[i], st->point_t, (size_t)k * sizeof(float));
        memcpy(s->curve_l[i], st->point_loss, (size_t)k * sizeof(float));
        sr[n++] = (plot_series){ .name = i == CPU ? "CPU" : "GPU",
                                 .x = s->curve_t[i],
                                 .y = s->curve_l[i],
                                 .n = k,
                                 .color = lane_color(th, i),
                                 .width = 2 };
    }
    plot_axes ax = { .title = TR("Perte au fil du temps", "Loss over time"),
                     .xlabel = TR("secondes", "seconds"),
                     .y_from_zero = 1 };
    /* a short panel (demo mode on 1080p): a one-word title, so that the legend fits beside it and
     * the curves get its line back */
    if (r.h < ui_px(a->ui, 220))
        ax.title = TR("Perte", "Loss");
    plot_lines(ui, r, &ax, sr, n);
}

static const char *sweep_hint(void)
{
    return TR("« Balayage » mesure chaque moteur sur 4 tailles de lot et 3 largeurs.",
              "\"Sweep\" measures each engine over 4 batch sizes and 3 widths.");
}

/* The hint in h pixels (to the clip's bottom) of w: the sentence, or its short form when a narrow
 * panel wraps it past h. */
static const char *sweep_hint_in(ui_context *ui, float w, float h)
{
    /* a line's box holds its leading below the glyphs: that part may pass the clip */
    if (ui_wrapped_height(ui, UI_FONT_SMALL, sweep_hint(), w) <= h + 0.15f * ui_line_height(ui, UI_FONT_SMALL))
        return sweep_hint();
    return TR("« Balayage » : 4 lots × 3 largeurs.", "\"Sweep\": 4 batches × 3 widths.");
}

/* The sweep's curves: samples a second against the batch size, one per engine and width, the
 * GPU's dashed; names holds their legend. The thread publishes a point by counting it after
 * writing it: only counted points are copied into s->sps, the others stay 0 (not measured).
 * Returns the number of curves. */
static int sweep_series(race_state *s, const ui_theme *th, plot_series *sr, char names[][32])
{
    int measured = atomic_load(&s->sw.points);
    memset(s->sps, 0, sizeof s->sps);
    for (int k = 0; k < measured && k < LANES * N_WIDTH * N_SWEEP_BATCH; k++)
        (&s->sps[0][0][0])[k] = (&s->sw.sps[0][0][0])[k];
    static const float xs[N_SWEEP_BATCH] = { 8, 32, 128, 512 };
    int n = 0;
    for (int e = 0; e < s->sw.engines; e++)
        for (int w = 0; w < N_WIDTH; w++) {
            snprintf(names[n], 32, "%s %d", e == CPU ? "CPU" : "GPU", race_widths[w]);
            ui_color c = ui_mix(th->panel, lane_color(th, e), 0.45f + 0.275f * (float)w);
            sr[n] = (plot_series){ .name = names[n],
                                   .x = xs,
                                   .y = s->sps[e][w],
                                   .n = N_SWEEP_BATCH,
                                   .color = c,
                                   .width = 2,
                                   .points = 1,
                                   .dashed = e == GPU };
            n++;
        }
    return n;
}

/* The legend of the n curves in rows of N_WIDTH from (x, y), each row sh high, across w. */
static void sweep_legend(ui_context *ui, float x, float y, float w, float sh, const plot_series *sr, int n)
{
    float colw = w / N_WIDTH;
    for (int k = 0; k < n; k++) {
        float xx = x + colw * (float)(k % N_WIDTH), yy = y + sh * (float)(k / N_WIDTH);
        if (sr[k].dashed) {
            ui_line(ui, xx, yy + sh / 2, xx + ui_px(ui, 6), yy + sh / 2, ui_px(ui, 2.5f), sr[k].color);
            ui_line(ui, xx + ui_px(ui, 9), yy + sh / 2, xx + ui_px(ui, 15), yy + sh / 2, ui_px(ui, 2.5f),
                    sr[k].color);
        } else
            ui_line(ui, xx, yy + sh / 2, xx + ui_px(ui, 15), yy + sh / 2, ui_px(ui, 2.5f), sr[k].color);
        ui_draw_text(ui, UI_FONT_SMALL, sr[k].name, -1, xx + ui_px(ui, 19), yy, ui->theme.text);
    }
}

/* Over the sweep's chart in sin while it has something to say: its error, its progress, or how
 * to start it. */
static void sweep_status(race_state *s, ui_context *ui, ui_rect sin)
{
    const char *error = sweep_error(s);
    if (!s->sw.running && !error && atomic_load(&s->sw.points) != 0)
        return;
    const ui_theme *th = &ui->theme;
    char buf[300];
    if (error)
        snprintf(buf, sizeof buf, "%s", error);
    else if (s->sw.running && !atomic_load(&s->sw.done))
        snprintf(buf, sizeof buf, TR("Mesure %d / %d…", "Measuring %d / %d…"), atomic_load(&s->sw.points),
                 s->sw.engines * N_WIDTH * N_SWEEP_BATCH);
    else
        snprintf(buf, sizeof buf, "%s", sweep_hint());
    ui_rect tr = { sin.x + ui_px(ui, 50), sin.y + sin.h * 0.45f, sin.w - ui_px(ui, 60), ui_px(ui, 40) };
    ui_draw_wrapped(ui, UI_FONT_SMALL, buf, tr.x, tr.y, tr.w, error ? th->bad : th->text_dim);
}

/* The sweep's panel in r: its title, then the legend in rows of its own (six curves do not fit
 * beside a title), then the chart on log scales. */
static void draw_sweep(race_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    plot_series sr[LANES * N_WIDTH];
    char names[LANES * N_WIDTH][32];
    int n = sweep_series(s, th, sr, names);
    ui_rect sin = app_panel(ui, r, NULL);
    ui_draw_text(ui, UI_FONT_BOLD,
                 scene_fit(ui, UI_FONT_BOLD, sin.w, 3,
                           (const char *const[]){ TR("Balayage : exemples/s selon batch_size et la largeur",
                                                     "Sweep: samples/s by batch_size and width"),
                                                  TR("Balayage : exemples/s", "Sweep: samples/s"),
                                                  TR("Balayage", "Sweep") }),
                 -1, sin.x, sin.y, th->text);
    float ly = sin.y + ui_line_height(ui, UI_FONT_BOLD) + ui_px(ui, 4),
          sh = ui_line_height(ui, UI_FONT_SMALL);
    /* a short panel with nothing measured yet (demo mode): the sentence alone, no empty chart */
    if (atomic_load(&s->sw.points) == 0 && !s->sw.running && sin.h - (ly - sin.y) < sh * 10) {
        const char *error = sweep_error(s);
        ui_draw_wrapped(ui, UI_FONT_SMALL, error ? error : sweep_hint_in(ui, sin.w, ui->clips[ui->clip_depth - 1].y + ui->clips[ui->clip_depth - 1].h - ly), sin.x, ly, sin.w,
                        error ? th->bad : th->text_dim);
        return;
    }
    sweep_legend(ui, sin.x, ly, sin.w, sh, sr, n);
    float used = ly + sh * (float)((n + N_WIDTH - 1) / N_WIDTH) + ui_px(ui, 2) - sin.y;
    ui_rect chart = { sin.x - ui_px(ui, 8), sin.y + used, sin.w + ui_px(ui, 16),
                      sin.h - used + ui_px(ui, 8) };
    plot_axes ax = { .xlabel = "batch_size", .log_x = 1, .log_y = 1, .xmin = 8, .xmax = 512, .no_legend = 1 };
    plot_lines(ui, chart, &ax, sr, n);
    sweep_status(s, ui, sin);
}

/* The right column: the samples a second of the race above the sweep. */
static void results(race_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    float gap = ui_px(ui, 12), pad = ui_px(ui, ui->theme.padding);
    /* every recorded run where there is room, the first (the race's model) at least; the sweep
     * keeps the rest, and says its sentence alone where that is short */
    float want = race_figures_height(s, ui, r.w, RECORDED_MAX), least = race_figures_height(s, ui, r.w, 1);
    /* the sweep's least: its title and its short sentence */
    float sweep_least = 2 * pad + ui_line_height(ui, UI_FONT_BOLD) + ui_px(ui, 4) +
                        ui_wrapped_height(ui, UI_FONT_SMALL, TR("« Balayage » : 4 lots × 3 largeurs.",
                                                                "\"Sweep\": 4 batches × 3 widths."), r.w - 2 * pad);
    float fig_h = fmaxf(least, fminf(fminf(want, r.h * 0.55f - gap / 2), r.h - gap - sweep_least));
    if (r.h - least - gap < sweep_least) {
        /* too short for both (demo mode): the figures, which say what a real GPU does, before the
         * sweep's sentence; a sweep that runs or ran keeps what is left */
        if (!s->sw.running && atomic_load(&s->sw.points) == 0 && !sweep_error(s)) {
            race_draw_figures(s, ui, r);
            return;
        }
        fig_h = least;
    }
    ui_rect fig_r = { r.x, r.y, r.w, fig_h };
    ui_rect sweep_r = { r.x, fig_r.y + fig_r.h + gap, r.w, r.h - fig_r.h - gap };
    race_draw_figures(s, ui, fig_r);
    draw_sweep(s, a, sweep_r);
}

/* The sweep's button, in the layout's next cell: start it, or stop it. */
static void sweep_button(race_state *s, app *a, int running)
{
    int stopping = s->sw.running && atomic_load(&s->sw.stop);
    if (ui_button_ex(a->ui,
                     stopping        ? TR("Arrêt…", "Stopping…")
                     : s->sw.running ? TR("Arrêter le balayage", "Stop the sweep")
                                     : TR("Balayage", "Sweep"),
                     0, !running && !stopping && s->gpu != RACE_GPU_PREPARING)) {
        if (s->sw.running)
            sweep_request_stop(s);
        else if (sweep_start(s, 0.4) < 0)
            app_error(a, TR("Impossible de lancer le balayage.", "Cannot start the sweep."));
    }
}

/* Polls both lanes; 1 while one of them loads or trains. */
static int poll_lanes(race_state *s)
{
    int running = 0;
    for (int i = 0; i < LANES; i++)
        if (s->lane[i].t) {
            trainer_poll(s->lane[i].t, &s->lane[i].st);
            running |= s->lane[i].st.state == TRAINER_RUNNING || s->lane[i].st.state == TRAINER_LOADING;
        }
    return running;
}

/* The settings and the start below the banner, on one row, or on two where the labels would be
 * cut (demo mode): the start, the model and the sweep, then the two numbers. *area loses them. A
 * change of model, batch_size or epochs stops the race. */
static void draw_settings(race_state *s, app *a, ui_rect *area, int running)
{
    ui_context *ui = a->ui;
    static const char *const width_items[] = { "784-64-32-10", "784-256-128-10", "784-1024-512-10" };
    float need = scene_button_w(ui, TR("▶ Départ", "▶ Start")) + scene_button_w(ui, TR("Balayage", "Sweep")) +
                 ui_text_width(ui, UI_FONT_BODY, TR("modèle", "model"), -1) +
                 ui_text_width(ui, UI_FONT_BODY, width_items[2], -1) +
                 ui_text_width(ui, UI_FONT_BODY, "batch_size epochs", -1) + ui_px(ui, 3 * 110);
    int two = need > area->w;
    float row = ui_px(ui, 32) * (two ? 2 : 1) + (two ? ui_px(ui, ui->theme.spacing) : 0), gap = ui_px(ui, 12);
    ui_layout_begin(ui, (ui_rect){ area->x, area->y, area->w, row });
    if (two)
        ui_row(ui, 3, (float[]){ -1.1f, -2.2f, -1.1f }, 32);
    else
        ui_row(ui, 5, (float[]){ -1.1f, -2.2f, -1.6f, -1.2f, -1.1f }, 32);
    float label_pt = (ui_text_width(ui, UI_FONT_BODY, TR("modèle", "model"), -1) + ui_px(ui, 8)) / ui->scale;
    /* one measurement at a time: a race and a sweep side by side would slow each other down */
    const char *start = running            ? TR("❚❚ Pause##race", "❚❚ Pause##race")
                        : s->start_pending ? TR("Attente…##race", "Waiting…##race")
                                           : TR("▶ Départ##race", "▶ Start##race");
    if (ui_button_ex(ui, start, 1, !s->sw.running))
        play(s, a);
    ui->label_w = fmaxf(50, label_pt);
    if (ui_dropdown(ui, TR("modèle", "model"), &s->width, width_items, N_WIDTH))
        stop_lanes(s);
    if (two)
        sweep_button(s, a, running);
    if (two)
        ui_row(ui, 2, NULL, 32);
    ui->label_w = fmaxf(74, (ui_text_width(ui, UI_FONT_BODY, "batch_size", -1) + ui_px(ui, 8)) / ui->scale);
    if (ui_number(ui, "batch_size", &s->batch, 8, 2048, 0))
        stop_lanes(s);
    ui->label_w = fmaxf(50, (ui_text_width(ui, UI_FONT_BODY, "epochs", -1) + ui_px(ui, 8)) / ui->scale);
    if (ui_number(ui, "epochs", &s->epochs, 1, 20, 1))
        stop_lanes(s);
    ui->label_w = 0;
    if (!two)
        sweep_button(s, a, running);
    ui_layout_end(ui);
    area->y += row + gap;
    area->h -= row + gap;
}

/* The code panel: the race compares engines, not models, so an edit may change the width (one
 * of the menu's models), the batch size and the epochs; the rest stays the course's. */
static void follow_code(race_state *s, app *a)
{
    static const scene_data_shape mnist = { 60000, 784, 10, 28 };
    trainer_config c = race_config(s), next;
    if (scene_code_take(&s->code, &c, &mnist, 1024, &next)) {
        int w = -1;
        for (int i = 0; i < N_WIDTH; i++)
            if (next.hidden == 2 && next.units[0] == race_widths[i] && next.units[1] == race_widths[i] / 2)
                w = i;
        next.learning_rate = next.learning_rate > 0 ? next.learning_rate : 0.001f;
        if (w < 0 || strcmp(next.activation, "relu") != 0 || strcmp(next.optimizer, "adam") != 0 ||
            next.learning_rate != 0.001f || next.loss[0] || next.batch_size < 8 || next.epochs > 20)
            code_panel_refuse(&s->code, 0,
                              TR("la course compare les moteurs, pas les modèles : 784-64-32-10, 784-256-128-10 "
                                 "ou 784-1024-512-10, relu, Adam(0.001), batch_size ≥ 8, epochs ≤ 20",
                                 "the race compares engines, not models: 784-64-32-10, 784-256-128-10 or "
                                 "784-1024-512-10, relu, Adam(0.001), batch_size ≥ 8, epochs ≤ 20"));
        else {
            s->width = w, s->batch = next.batch_size, s->epochs = next.epochs;
            stop_lanes(s);
            c = race_config(s);
            scene_code_accept(&s->code, &c, &mnist);
        }
    }
    c = race_config(s);
    scene_code_follow(&s->code, &c, &mnist);
}

static code_panel *code(void *p)
{
    race_state *s = p;
    return &s->code;
}

static trainer *trainer_of(void *p)
{
    race_state *s = p;
    return s->lane[0].t; /* the CPU lane: the two lanes train the same model */
}

static void frame(void *p, app *a, ui_rect area)
{
    race_state *s = p;
    follow_code(s, a);
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    float gap = ui_px(ui, 12);
    int running = poll_lanes(s);
    sweep_reap(s, 0);
    if (race_setup_poll(s, 0) != RACE_GPU_PREPARING && s->start_pending) {
        s->start_pending = 0;
        start_lanes(s, a, 1);
    }
    if (running || s->sw.running || s->gpu == RACE_GPU_PREPARING)
        a->busy = 1; /* preparing: the loop must not sleep, so that the frame sees the set-up end */
    race_draw_banner(s, ui, &area);
    draw_settings(s, a, &area, running);

    /* a card: the engine's name, the timer beside three lines of figures, the progress bar */
    float pad = ui_px(ui, th->padding), body_h = ui_line_height(ui, UI_FONT_BODY);
    float lane_h = fmaxf(ui_px(ui, 118), 2 * pad + ui_line_height(ui, UI_FONT_HEADING) + ui_px(ui, 6) +
                                             fmaxf(ui_line_height(ui, UI_FONT_TITLE), 3 * body_h) + ui_px(ui, 14));
    float lw = (area.w - gap) / 2;
    for (int i = 0; i < LANES; i++)
        lane_card(s, a, (ui_rect){ area.x + (lw + gap) * (float)i, area.y, lw, lane_h }, i);
    area.y += lane_h + gap;
    area.h -= lane_h + gap;

    loss_chart(s, a, app_panel(ui, (ui_rect){ area.x, area.y, lw, area.h }, NULL));
    results(s, a, (ui_rect){ area.x + lw + gap, area.y, lw, area.h });
}

SCENE_CLASS_WITH_CODE(race);
