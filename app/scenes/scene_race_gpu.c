/* scene_race_gpu.c — the race's GPU: preparing it on a thread of its own, so that entering the
 * lesson never freezes the window; the banner that says what it is (or that it is being prepared);
 * and the figures, this machine's live beside those recorded on a real GPU (lessons/gpu-recorded.tsv),
 * since on lavapipe the live ones show a "GPU" far slower than the CPU, which a real one is not. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lang.h"
#include "scene_race.h"

/* ---- the set-up --------------------------------------------------------------------------------- */

/* One batch of zeros through m, so that its step's pipelines are built; 0 or -1. */
static int train_zeros(nn_model *m, int batch)
{
    float *x = calloc((size_t)batch * 784 + (size_t)batch, sizeof *x);
    int rc = x ? nn_train_on_batch(m, x, x + (size_t)batch * 784, batch, NULL, NULL) : -1;
    free(x);
    return rc;
}

/* The set-up's thread: the race's model switched to the Vulkan engine opens the device and builds
 * its pipelines, then one batch builds those of its step; the model is kept (race_setup.probe) so
 * that they stay built. A failed batch only costs the lanes that time later. */
static void *setup_main(void *arg)
{
    race_setup *g = arg;
    nn_model *m = nn_sequential();
    if (m && nn_add_dense(m, g->units, "relu", 784) == 0 && nn_add_dense(m, g->units2, "relu", 0) == 0 &&
        nn_add_dense(m, 10, "softmax", 0) == 0 &&
        nn_compile(m, "adam", "sparse_categorical_crossentropy", NULL) == 0 && nn_use_backend(m, "vulkan") == 0) {
        train_zeros(m, g->batch);
        nn_vulkan_device dev;
        g->have_gpu = 1;
        if (nn_vulkan_model_device(m, &dev) == 0) {
            snprintf(g->name, sizeof g->name, "%s (%s)", dev.name, dev.type);
            g->is_cpu = dev.is_cpu;
        } else
            snprintf(g->name, sizeof g->name, "Vulkan");
        g->probe = m;
    } else {
        snprintf(g->why, sizeof g->why, "%s", nn_error()); /* nn_error is this thread's */
        nn_free(m);
    }
    atomic_store_explicit(&g->done, 1, memory_order_release);
    return NULL;
}

void race_setup_start(race_state *s, int wait)
{
    char err[512];
    if (recorded_load(lesson_dir(), &s->recorded, err, sizeof err) < 0)
        snprintf(s->recorded_error, sizeof s->recorded_error, "%s", err);
    s->gpu = RACE_GPU_PREPARING;
    s->setup.units = race_widths[s->width];
    s->setup.units2 = race_widths[s->width] / 2;
    s->setup.batch = s->batch;
    atomic_store(&s->setup.done, 0);
    if (pthread_create(&s->setup.thread, NULL, setup_main, &s->setup) == 0)
        s->setup.running = 1;
    else
        setup_main(&s->setup); /* no thread to be had: the old freeze rather than no GPU */
    race_setup_poll(s, wait);
}

race_gpu race_setup_poll(race_state *s, int wait)
{
    race_setup *g = &s->setup;
    if (g->running && (wait || atomic_load_explicit(&g->done, memory_order_acquire))) {
        pthread_join(g->thread, NULL);
        g->running = 0;
    }
    if (s->gpu == RACE_GPU_PREPARING && !g->running) {
        s->have_gpu = g->have_gpu;
        s->gpu_is_cpu = g->is_cpu;
        snprintf(s->gpu_name, sizeof s->gpu_name, "%s", g->name);
        snprintf(s->gpu_why, sizeof s->gpu_why, "%s", g->why);
        s->gpu = g->have_gpu ? RACE_GPU_READY : RACE_GPU_NONE;
    }
    return s->gpu;
}

void race_setup_free(race_state *s)
{
    race_setup_poll(s, 1);
    nn_free(s->setup.probe);
    s->setup.probe = NULL;
}

/* ---- the banner --------------------------------------------------------------------------------- */

void race_describe_gpu(const race_state *s, char *buf, size_t n)
{
    if (s->gpu == RACE_GPU_PREPARING)
        snprintf(buf, n, "%s",
                 TR("Préparation du GPU… Vulkan ouvre la carte et compile ses programmes de calcul ; la course "
                    "peut partir dès qu'ils sont prêts.",
                    "Preparing the GPU… Vulkan opens the device and compiles its compute programs; the race can "
                    "start as soon as they are ready."));
    else if (!s->have_gpu)
        snprintf(buf, n, TR("Pas de GPU ici : %s. La course montre le moteur CPU seul.",
                            "No GPU here: %s. The race shows the CPU engine alone."), s->gpu_why);
    else if (s->gpu_is_cpu)
        snprintf(buf, n,
                 TR("Le « GPU » de cette machine est %s : un processeur qui imite une carte graphique. "
                    "La course oppose donc le CPU à lui-même ; un vrai GPU, mesuré ailleurs, est à droite.",
                    "This machine's \"GPU\" is %s: a processor imitating a graphics card. The race "
                    "pits the CPU against itself; a real GPU, measured elsewhere, is on the right."),
                 s->gpu_name);
    else
        snprintf(buf, n, TR("GPU : %s, par le moteur Vulkan.", "GPU: %s, through the Vulkan engine."),
                 s->gpu_name);
}

/* What the GPU is, first and plainly; in small type where the scene is short (demo mode), the
 * charts need the height. */
void race_draw_banner(race_state *s, ui_context *ui, ui_rect *area)
{
    const ui_theme *th = &ui->theme;
    char buf[900];
    race_describe_gpu(s, buf, sizeof buf);
    float bw = area->w - ui_px(ui, 24), gap = ui_px(ui, 12);
    int bfont = area->h < ui_px(ui, 560) ? UI_FONT_SMALL : UI_FONT_BODY;
    float bh = ui_wrapped_height(ui, bfont, buf, bw) + ui_px(ui, 16);
    ui_rect banner = { area->x, area->y, area->w, bh };
    ui_color tone = s->gpu == RACE_GPU_PREPARING        ? th->neutral
                    : !s->have_gpu || s->gpu_is_cpu ? th->negative
                                                    : th->positive;
    ui_fill_round_rect(ui, banner, ui_px(ui, 6), ui_mix(th->panel, tone, 0.16f));
    ui_fill_rect(ui, (ui_rect){ banner.x, banner.y + 4, ui_px(ui, 4), banner.h - 8 }, tone);
    ui_draw_wrapped(ui, bfont, buf, area->x + ui_px(ui, 14), area->y + ui_px(ui, 8), bw, th->text);
    area->y += bh + gap;
    area->h -= bh + gap;
}

/* ---- the figures -------------------------------------------------------------------------------- */

float race_lane_rate(const race_state *s, int lane)
{
    const trainer_stats *st = &s->lane[lane].st;
    return s->lane[lane].t && st->seconds > 0 ? (float)(st->samples / st->seconds) : 0;
}

/* v samples a second with its thousands grouped, "33 950" (a narrow no-break space) or "33,950";
 * compact: "34k", "1,4M" where the table is narrow; "—" for 0 (not measured). */
static void format_rate(char *buf, size_t n, double v, int compact)
{
    if (v <= 0) {
        snprintf(buf, n, "—");
        return;
    }
    if (compact && v >= 1e4) {
        snprintf(buf, n, v >= 1e6 ? "%.1fM" : "%.0fk", v >= 1e6 ? v / 1e6 : v / 1e3);
        for (char *p = buf; *p && lang_current() == LANG_FR; p++)
            *p = *p == '.' ? ',' : *p;
        return;
    }
    char digits[32], *out = buf;
    int k = snprintf(digits, sizeof digits, "%.0f", v);
    const char *sep = TR("\u202f", ",");
    size_t left = n, m = strlen(sep);
    for (int i = 0; i < k && left > m + 1; i++) {
        if (i > 0 && (k - i) % 3 == 0) {
            memcpy(out, sep, m);
            out += m, left -= m;
        }
        *out++ = digits[i], left--;
    }
    *out = 0;
}

/* The GPU's speed over the CPU's: "7,3×", "0,02×"; "" when either is unknown. */
static void format_ratio(char *buf, size_t n, double cpu, double gpu)
{
    buf[0] = 0;
    if (cpu <= 0 || gpu <= 0)
        return;
    double r = gpu / cpu;
    snprintf(buf, n, r >= 10 ? "%.0f×" : r >= 1 ? "%.1f×" : "%.2f×", r);
    for (char *p = buf; *p && lang_current() == LANG_FR; p++)
        *p = *p == '.' ? ',' : *p;
}

/* The table's columns: a row's label from x (label_w wide), then three numbers right-aligned at
 * right[0..2]. Compact where the race's row label would not fit beside full numbers: numbers in
 * thousands (k) and millions (M), headings in a few words. */
typedef struct figures_cols {
    float x, label_w, right[3];
    int compact;
} figures_cols;

static figures_cols columns(const race_state *s, ui_context *ui, ui_rect in)
{
    figures_cols c = { .x = in.x };
    /* the widest label: the race's with its batch, or a recorded model alone */
    float widest = ui_text_width(ui, UI_FONT_SMALL, TR("784-256-128-10, lot 128", "784-256-128-10, batch 128"), -1);
    for (int k = 0; k < s->recorded.n; k++)
        widest = fmaxf(widest, ui_text_width(ui, UI_FONT_SMALL, s->recorded.run[k].model, -1));
    float gap = ui_px(ui, 8);
    /* the ratio's column is as wide as its name; the rates' as their widest figure */
    float ratio = fmaxf(ui_text_width(ui, UI_FONT_SMALL, "GPU/CPU", -1), ui_text_width(ui, UI_FONT_BOLD, "0,12×", -1));
    for (c.compact = 0; c.compact < 2; c.compact++) {
        float rate = ui_text_width(ui, UI_FONT_SMALL, c.compact ? "621k" : "1\u202f362\u202f880", -1) + gap;
        c.right[2] = in.x + in.w;
        c.right[1] = c.right[2] - ratio - gap;
        c.right[0] = c.right[1] - rate;
        c.label_w = c.right[0] - rate - in.x;
        if (widest <= c.label_w)
            break;
    }
    c.compact = c.compact > 0;
    return c;
}

/* One row at y: its label, the CPU's and the GPU's rates and the ratio, in the positive colour
 * where the GPU is faster; the numbers on a line of their own under a label too wide for its
 * room. draw 0 measures. Returns its height. */
static float figures_row(ui_context *ui, const figures_cols *c, float y, const char *label, double cpu, double gpu,
                         int draw)
{
    const ui_theme *th = &ui->theme;
    float line = ui_line_height(ui, UI_FONT_SMALL);
    int under = ui_text_width(ui, UI_FONT_SMALL, label, -1) > c->label_w;
    if (!draw)
        return line * (float)(1 + under);
    char a[48], b[48], r[32];
    format_rate(a, sizeof a, cpu, c->compact);
    format_rate(b, sizeof b, gpu, c->compact);
    format_ratio(r, sizeof r, cpu, gpu);
    ui_draw_text(ui, UI_FONT_SMALL, label, -1, c->x, y, th->text);
    y += under ? line : 0;
    const char *cells[3] = { a, b, r };
    for (int i = 0; i < 3; i++) {
        int font = i == 2 ? UI_FONT_BOLD : UI_FONT_SMALL;
        ui_color col = i < 2 ? th->text : gpu > cpu ? th->positive : th->negative;
        ui_draw_text(ui, font, cells[i], -1, c->right[i] - ui_text_width(ui, font, cells[i], -1), y, col);
    }
    return line * (float)(1 + under);
}

/* A row's label in the room left of the numbers: "784-256-128-10, lot 64", shorter where that
 * does not fit, the model alone at worst. */
static const char *row_label(ui_context *ui, const figures_cols *c, char *buf, size_t n, const char *model, int batch)
{
    snprintf(buf, n, TR("%s, lot %d", "%s, batch %d"), model, batch);
    if (ui_text_width(ui, UI_FONT_SMALL, buf, -1) <= c->label_w)
        return buf;
    snprintf(buf, n, "%s (%d)", model, batch);
    return ui_text_width(ui, UI_FONT_SMALL, buf, -1) <= c->label_w ? buf : model;
}

/* "discrete GPU" in the current language. */
static const char *device_type_name(const char *type)
{
    static const char *const names[][3] = { { "discrete GPU", "GPU dédié", "discrete GPU" },
                                            { "integrated GPU", "GPU intégré", "integrated GPU" },
                                            { "virtual GPU", "GPU virtuel", "virtual GPU" },
                                            { "CPU", "processeur", "CPU" } };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(type, names[i][0]) == 0)
            return TR(names[i][1], names[i][2]);
    return type;
}

/* The heading of recorded runs like r: device, date, and unless compact the device's type and
 * the CPU engine's cores. */
static void recorded_heading(char *buf, size_t n, const recorded_run *r, int compact)
{
    char date[16];
    if (lang_current() == LANG_FR) /* 2026-11-27 as 27/11/2026 */
        snprintf(date, sizeof date, "%.2s/%.2s/%.4s", r->date + 8, r->date + 5, r->date);
    else
        snprintf(date, sizeof date, "%s", r->date);
    if (compact)
        snprintf(buf, n, TR("Enregistré le %s, %s :", "Recorded %s, %s:"), date, r->device);
    else
        snprintf(buf, n, TR("Enregistré le %s sur %s (%s), moteur CPU sur %d cœurs :",
                            "Recorded on %s with an %s (%s), CPU engine on %d cores:"),
                 date, r->device, device_type_name(r->type), r->cpu_threads);
}

static int same_machine(const recorded_run *a, const recorded_run *b)
{
    return strcmp(a->device, b->device) == 0 && strcmp(a->type, b->type) == 0 && strcmp(a->date, b->date) == 0 &&
           a->cpu_threads == b->cpu_threads;
}

/* A heading over the rows that follow, wrapped in w; returns its height. */
static float figures_heading(ui_context *ui, const char *text, float x, float y, float w, int draw)
{
    if (draw)
        ui_draw_wrapped(ui, UI_FONT_SMALL, text, x, y, w, ui->theme.text_dim);
    return ui_wrapped_height(ui, UI_FONT_SMALL, text, w) + ui_px(ui, 2);
}

/* The live heading: this machine's GPU by its name alone ("llvmpipe"; the banner says the rest). */
static void live_heading(const race_state *s, char *buf, size_t n)
{
    char gpu[320];
    snprintf(gpu, sizeof gpu, "%s", s->gpu == RACE_GPU_PREPARING ? "…" : s->have_gpu ? s->gpu_name : "—");
    char *bracket = strstr(gpu, " (");
    if (bracket)
        *bracket = 0;
    snprintf(buf, n, TR("En direct sur cette machine (GPU : %s) :", "Live on this machine (GPU: %s):"), gpu);
}

/* The columns' names at y, right-aligned over the numbers. */
static void column_names(ui_context *ui, const figures_cols *c, float y)
{
    const char *names[3] = { "CPU", "GPU", "GPU/CPU" };
    for (int i = 0; i < 3; i++)
        ui_draw_text(ui, UI_FONT_SMALL, names[i], -1, c->right[i] - ui_text_width(ui, UI_FONT_SMALL, names[i], -1), y,
                     ui->theme.text_dim);
}

/* The live part at the table's top: the columns' names, the heading (the names on its line when it
 * fits in the label's room), then this machine's row. Compact: the names are on the panel's title
 * line, and the row says "Live, batch 64" with no heading (the model is the menu's). Returns the
 * height. */
static float live_part(race_state *s, ui_context *ui, const figures_cols *c, ui_rect in, int draw)
{
    char head[400], label[96], model[48];
    float line = ui_line_height(ui, UI_FONT_SMALL), y = in.y;
    double cpu = race_lane_rate(s, CPU), gpu = race_lane_rate(s, GPU);
    if (c->compact) {
        snprintf(label, sizeof label, TR("En direct, lot %d", "Live, batch %d"), s->batch);
        const char *shown = ui_text_width(ui, UI_FONT_SMALL, label, -1) <= c->label_w ? label : TR("En direct", "Live");
        return figures_row(ui, c, y, shown, cpu, gpu, draw) + ui_px(ui, 4);
    }
    live_heading(s, head, sizeof head);
    int beside = ui_text_width(ui, UI_FONT_SMALL, head, -1) <= c->label_w;
    if (draw)
        column_names(ui, c, y);
    if (!beside)
        y += line;
    y += figures_heading(ui, head, in.x, y, beside ? c->label_w : in.w, draw);
    snprintf(model, sizeof model, "784-%d-%d-10", race_widths[s->width], race_widths[s->width] / 2);
    y += figures_row(ui, c, y, row_label(ui, c, label, sizeof label, model, s->batch), cpu, gpu, draw);
    return y + ui_px(ui, 6) - in.y;
}

/* The table inside `in`, from its top: this machine's live row, then the recorded runs under their
 * machine's heading, at most max_runs of them, each only where it fits whole. draw 0 measures.
 * Returns the height used. */
static float figures_walk(race_state *s, ui_context *ui, ui_rect in, int draw, int max_runs)
{
    figures_cols c = columns(s, ui, in);
    float y = in.y + live_part(s, ui, &c, in, draw), bottom = in.y + in.h;
    if (s->recorded_error[0]) {
        if (draw)
            ui_draw_wrapped(ui, UI_FONT_SMALL, s->recorded_error, in.x, y, in.w, ui->theme.bad);
        return y - in.y + ui_wrapped_height(ui, UI_FONT_SMALL, s->recorded_error, in.w);
    }
    char head[400], label[96];
    const recorded_run *headed = NULL; /* the run whose machine the last heading named */
    for (int k = 0; k < s->recorded.n && k < max_runs; k++) {
        const recorded_run *r = &s->recorded.run[k];
        const char *shown = row_label(ui, &c, label, sizeof label, r->model, r->batch);
        float hh = 0, rh = figures_row(ui, &c, y, shown, r->cpu, r->gpu, 0);
        if (!headed || !same_machine(r, headed)) {
            recorded_heading(head, sizeof head, r, c.compact);
            hh = figures_heading(ui, head, in.x, y, in.w, 0);
        }
        if (draw && y + hh + rh > bottom)
            break;
        headed = r;
        if (hh > 0)
            y += figures_heading(ui, head, in.x, y, in.w, draw);
        y += figures_row(ui, &c, y, shown, r->cpu, r->gpu, draw);
    }
    return y - in.y;
}

/* The panel's inside, as app_panel gives it: below its title, or compact below a line that holds
 * a short title and the columns' names. */
static ui_rect figures_inside(ui_context *ui, ui_rect r, int compact)
{
    float pad = ui_px(ui, ui->theme.padding);
    float title_h = compact ? ui_line_height(ui, UI_FONT_BOLD) + ui_px(ui, 4)
                            : ui_line_height(ui, UI_FONT_HEADING) + ui_px(ui, 8);
    return (ui_rect){ r.x + pad, r.y + pad + title_h, r.w - 2 * pad, r.h - 2 * pad - title_h };
}

float race_figures_height(race_state *s, ui_context *ui, float w, int runs)
{
    ui_rect whole = { 0, 0, w, 2e6f };
    ui_rect in = figures_inside(ui, whole, columns(s, ui, figures_inside(ui, whole, 0)).compact);
    return in.y + figures_walk(s, ui, in, 0, runs) + ui_px(ui, ui->theme.padding);
}

/* The panel: its title, then the table; compact, a short title in the body's bold type with the
 * columns' names on its line. */
void race_draw_figures(race_state *s, ui_context *ui, ui_rect r)
{
    figures_cols c = columns(s, ui, figures_inside(ui, r, 0));
    ui_rect in;
    if (!c.compact)
        in = scene_panel(ui, r, TR("Exemples par seconde", "Samples per second"), TR("Exemples/s", "Samples/s"));
    else {
        app_panel(ui, r, NULL);
        in = figures_inside(ui, r, 1);
        float y = in.y - ui_px(ui, 4) - ui_line_height(ui, UI_FONT_BOLD);
        ui_draw_text(ui, UI_FONT_BOLD,
                     scene_fit(ui, UI_FONT_BOLD, c.label_w, 2,
                               (const char *const[]){ TR("Exemples/s", "Samples/s"), TR("Ex./s", "S/s") }),
                     -1, in.x, y, ui->theme.text);
        column_names(ui, &c, y + ui_line_height(ui, UI_FONT_BOLD) - ui_line_height(ui, UI_FONT_SMALL));
    }
    figures_walk(s, ui, in, 1, RECORDED_MAX);
}
