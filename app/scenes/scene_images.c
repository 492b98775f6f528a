/* scene_images.c — images, as the course's notebooks show them: a grid of samples with their
 * class names; a prediction view (the image, the predicted class with its confidence, the ten
 * probabilities as bars, blue when right and red when wrong); a grid of test images with their
 * predictions; and a canvas where the student draws a digit and watches the MNIST model's
 * prediction and activations change as the strokes go down.
 *
 * The model is the course's: Flatten, Dense(128, relu), Dense(10) with a softmax, trained in the
 * background on Fashion-MNIST or on MNIST digits (the canvas uses the digits' model). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lang.h"
#include "netview.h"
#include "plot.h"
#include "scene_common.h"

/* in the order of the course table's lesson_image_tabs and lesson_image_sets */
enum { TAB_SAMPLES, TAB_PREDICT, TAB_DRAW, N_TABS };
enum { FASHION, DIGITS, N_SETS };
_Static_assert((int)N_TABS == (int)LESSON_N_IMAGE_TABS && (int)N_SETS == (int)LESSON_N_IMAGE_SETS, "the course table's tabs and sets");
enum { GRID = 25, TESTS = 15, SIDE = 28, PIXELS = SIDE * SIDE };

static const char *const *const set_names = lesson_image_sets;

typedef struct images_state {
    int tab, set, headless;
    int tab_of_page[LESSON_MAX_PAGES], n_tab_pages, last_page;
    int samples;                        /* images in the samples' grid (the lesson's @samples) */
    trainer *tr[N_SETS];
    trainer_stats st[N_SETS];
    trainer_config cfg[N_SETS];         /* each set's model, as the code panel sets it */
    code_panel code;
    /* samples */
    int first;                          /* the first training image of the grid */
    int grid_key;                       /* what the grid holds: set * 1e6 + first; -1 none */
    uint8_t grid_rgba[GRID][PIXELS * 4];
    ui_image grid[GRID];
    /* predictions on the first test images */
    int tests_key;                      /* which set the test images are from; -1 none */
    uint8_t test_rgba[TESTS][PIXELS * 4];
    ui_image test_img[TESTS];
    float probs[TESTS][10];
    int have_probs, fresh;
    double last_predict;
    int selected;
    /* the canvas */
    float canvas[PIXELS], input[PIXELS];
    uint8_t canvas_rgba[PIXELS * 4], input_rgba[PIXELS * 4];
    ui_image canvas_img, input_img;
    float last_x, last_y;
    int stroke;                         /* the mouse is drawing */
    int drawn;                          /* something is on the canvas */
    int canvas_dirty;
    float draw_probs[10];
    netview nv;
    int nv_ready;
} images_state;

/* ---- trainers ----------------------------------------------------------------------------------- */

static trainer *get_trainer(images_state *s, app *a, int set)
{
    if (s->tr[set])
        return s->tr[set];
    s->tr[set] = scene_create_trainer(a, &s->cfg[set]);
    return s->tr[set];
}

static void *create(app *a, const lesson_config *cfg)
{
    images_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    code_panel_start(&s->code, cfg->code);
    s->headless = a->headless;
    s->set = cfg->dataset; /* lesson_image_sets: fashion_mnist, mnist */
    for (int i = 0; i < N_SETS; i++) {
        /* the course's model: Flatten (784 inputs) → Dense(128, relu) → Dense(10, softmax) */
        s->cfg[i] = (trainer_config){ .hidden = 1, .units = { 128 }, .activation = "relu", .optimizer = "adam",
                                      .learning_rate = 0.001f, .batch_size = 32, .epochs = 10, .seed = 1 };
        snprintf(s->cfg[i].dataset, sizeof s->cfg[i].dataset, "%s", set_names[i]);
    }
    s->tab = TAB_PREDICT;
    /* @tab: the lesson's page i opens tab i */
    s->n_tab_pages = scene_tab_pages(cfg, s->tab_of_page);
    s->samples = cfg->samples;
    s->last_page = -1;
    s->grid_key = s->tests_key = -1;
    for (int i = 0; i < GRID; i++)
        s->grid[i] = (ui_image){ .rgba = s->grid_rgba[i], .w = SIDE, .h = SIDE };
    for (int i = 0; i < TESTS; i++)
        s->test_img[i] = (ui_image){ .rgba = s->test_rgba[i], .w = SIDE, .h = SIDE };
    s->canvas_img = (ui_image){ .rgba = s->canvas_rgba, .w = SIDE, .h = SIDE };
    s->input_img = (ui_image){ .rgba = s->input_rgba, .w = SIDE, .h = SIDE };
    s->canvas_dirty = 1;
    /* @play: the model trains from the start (not in screenshots, which step it themselves) */
    scene_autoplay(a, cfg, get_trainer(s, a, s->set));
    return s;
}

static void destroy(void *p)
{
    images_state *s = p;
    for (int i = 0; i < N_SETS; i++)
        trainer_free(s->tr[i]);
    netview_free(&s->nv);
    free(s);
}

static void leave(void *p, app *a)
{
    images_state *s = p;
    (void)a;
    for (int i = 0; i < N_SETS; i++)
        if (s->tr[i])
            trainer_pause(s->tr[i]);
}

/* The set whose model the current tab shows: the canvas always uses the digits. */
static int shown_set(const images_state *s)
{
    return s->tab == TAB_DRAW ? DIGITS : s->set;
}

static int play(void *p, app *a)
{
    images_state *s = p;
    trainer *t = get_trainer(s, a, shown_set(s));
    if (!t)
        return 0;
    return scene_toggle_trainer(t, &s->st[shown_set(s)]);
}

/* ---- the canvas --------------------------------------------------------------------------------- */

/* A soft round brush, about two pixels of the 28×28 grid wide. */
static void stamp(images_state *s, float cx, float cy)
{
    const float r = 1.6f;
    for (int y = (int)floorf(cy - r); y <= (int)ceilf(cy + r); y++)
        for (int x = (int)floorf(cx - r); x <= (int)ceilf(cx + r); x++) {
            if (x < 0 || y < 0 || x >= SIDE || y >= SIDE)
                continue;
            float dx = (float)x + 0.5f - cx, dy = (float)y + 0.5f - cy, d = sqrtf(dx * dx + dy * dy) / r;
            float v = d >= 1 ? 0 : 1 - d * d * d;
            float *px = &s->canvas[y * SIDE + x];
            *px = fmaxf(*px, v);
        }
    s->drawn = 1;
    s->canvas_dirty = 1;
}

static void stroke_to(images_state *s, float x, float y)
{
    float dx = x - s->last_x, dy = y - s->last_y, len = sqrtf(dx * dx + dy * dy);
    int n = (int)(len / 0.3f) + 1;
    for (int i = 1; i <= n; i++)
        stamp(s, s->last_x + dx * (float)i / (float)n, s->last_y + dy * (float)i / (float)n);
    s->last_x = x, s->last_y = y;
}

/* A 7, for screenshots and tests of the canvas (directive draw=demo). */
static void draw_demo(images_state *s)
{
    static const float pts[][2] = { { 7, 7 }, { 21, 7 }, { 17, 14 }, { 13, 22 } };
    s->last_x = pts[0][0], s->last_y = pts[0][1];
    stamp(s, s->last_x, s->last_y);
    for (size_t i = 1; i < sizeof pts / sizeof pts[0]; i++)
        stroke_to(s, pts[i][0], pts[i][1]);
}

/* MNIST's own preparation of a digit: the ink's bounding box scaled into 20×20 pixels, then
 * moved so that its centre of mass sits at the centre of the 28×28 image. Returns 0 when the
 * canvas is empty. */
static int prepare_digit(const float *in, float *out)
{
    int x0 = SIDE, y0 = SIDE, x1 = -1, y1 = -1;
    for (int y = 0; y < SIDE; y++)
        for (int x = 0; x < SIDE; x++)
            if (in[y * SIDE + x] > 0.05f) {
                x0 = x < x0 ? x : x0, x1 = x > x1 ? x : x1;
                y0 = y < y0 ? y : y0, y1 = y > y1 ? y : y1;
            }
    memset(out, 0, PIXELS * sizeof *out);
    if (x1 < 0)
        return 0;
    float bw = (float)(x1 - x0 + 1), bh = (float)(y1 - y0 + 1), scale = 20.0f / fmaxf(bw, bh);
    float ox = 14 - bw * scale / 2, oy = 14 - bh * scale / 2;
    float tmp[PIXELS];
    for (int y = 0; y < SIDE; y++)
        for (int x = 0; x < SIDE; x++) {
            /* bilinear sample of the box at this pixel's centre */
            float sx = ((float)x + 0.5f - ox) / scale + (float)x0 - 0.5f,
                  sy = ((float)y + 0.5f - oy) / scale + (float)y0 - 0.5f;
            int ix = (int)floorf(sx), iy = (int)floorf(sy);
            float fx = sx - (float)ix, fy = sy - (float)iy, v = 0;
            for (int k = 0; k < 4; k++) {
                int px = ix + (k & 1), py = iy + (k >> 1);
                float w = ((k & 1) ? fx : 1 - fx) * ((k >> 1) ? fy : 1 - fy);
                if (px >= 0 && py >= 0 && px < SIDE && py < SIDE)
                    v += w * in[py * SIDE + px];
            }
            tmp[y * SIDE + x] = v;
        }
    float mass = 0, mx = 0, my = 0;
    for (int y = 0; y < SIDE; y++)
        for (int x = 0; x < SIDE; x++) {
            float v = tmp[y * SIDE + x];
            mass += v, mx += v * ((float)x + 0.5f), my += v * ((float)y + 0.5f);
        }
    int sx = mass > 0 ? (int)lroundf(14 - mx / mass) : 0, sy = mass > 0 ? (int)lroundf(14 - my / mass) : 0;
    for (int y = 0; y < SIDE; y++)
        for (int x = 0; x < SIDE; x++) {
            int fx = x - sx, fy = y - sy;
            if (fx >= 0 && fy >= 0 && fx < SIDE && fy < SIDE)
                out[y * SIDE + x] = fminf(1, tmp[fy * SIDE + fx]);
        }
    return 1;
}

static void advance(void *p, app *a, int steps)
{
    images_state *s = p;
    scene_page_tab(a, &s->last_page, s->tab_of_page, s->n_tab_pages, &s->tab);
    if (s->tab == TAB_DRAW && !s->drawn)
        draw_demo(s);
    scene_run_trainer(a, get_trainer(s, a, shown_set(s)), &s->st[shown_set(s)], steps);
}

/* ---- views -------------------------------------------------------------------------------------- */

/* Ten bars: all grey, the predicted class red when wrong, the true class blue. As the notebook's
 * plot_value_array. truth -1: no true class (a drawing). */
static void probability_bars(ui_context *ui, ui_rect r, const float *p, int n, int truth, int labels)
{
    const ui_theme *th = &ui->theme;
    static const char *const digits[10] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };
    plot_bar b[10];
    int best = scene_argmax(p, n);
    for (int i = 0; i < n && i < 10; i++) {
        ui_color c = ui_mix(th->panel, th->text_dim, 0.55f);
        if (i == best)
            c = truth < 0 || truth == best ? th->good : th->bad;
        if (i == truth)
            c = th->good;
        b[i] = (plot_bar){ labels ? digits[i] : NULL, p[i], c };
    }
    plot_bars(ui, r, NULL, b, n < 10 ? n : 10, 0, 1, NULL);
}

/* "Bottine 93 % (Bottine)": the prediction, its confidence, the truth; blue or red. */
static void prediction_caption(ui_context *ui, ui_rect r, const data_set *d, const float *p, int truth,
                               int font)
{
    const ui_theme *th = &ui->theme;
    int best = scene_argmax(p, d->train.classes);
    char full[96], shorter[64], pct[16];
    snprintf(full, sizeof full, "%s %.0f %% (%s)", data_class_name(d, best), (double)p[best] * 100,
             data_class_name(d, truth));
    /* narrow cells (demo mode): the truth goes (the colour says right or wrong), then the name */
    snprintf(shorter, sizeof shorter, "%s %.0f %%", data_class_name(d, best), (double)p[best] * 100);
    snprintf(pct, sizeof pct, "%.0f %%", (double)p[best] * 100);
    const char *buf = scene_fit(ui, font, r.w, 3, (const char *const[]){ full, shorter, pct });
    ui_push_clip(ui, r);
    ui_draw_text_aligned(ui, font, buf, r, UI_CENTER, best == truth ? th->good : th->bad);
    ui_pop_clip(ui);
}

static void samples_tab(images_state *s, app *a, ui_rect r, const data_set *d)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    ui_rect in =
        app_panel(ui, r, TR("Les images d'entraînement et leur classe", "Training images and their class"));
    float foot = ui_px(ui, 30);
    int n = d->train.n;
    int key = s->set * 1000000 + s->first, shown = s->samples;
    if (key != s->grid_key) {
        for (int i = 0; i < shown; i++) {
            int k = (s->first + i) % n;
            scene_gray_image(s->grid_rgba[i], d->train.x + (size_t)k * PIXELS, SIDE);
            ui_image_touch(&s->grid[i]);
        }
        s->grid_key = key;
    }
    int cols = 5, rows = (shown + cols - 1) / cols;
    float lh = ui_line_height(ui, UI_FONT_SMALL);
    float cw = in.w / (float)cols, ch = (in.h - foot) / (float)rows;
    float side = fminf(cw - ui_px(ui, 12), ch - lh - ui_px(ui, 8));
    for (int i = 0; i < shown; i++) {
        int k = (s->first + i) % n;
        float x = in.x + cw * (float)(i % cols) + (cw - side) / 2, y = in.y + ch * (float)(i / cols);
        ui_rect ir = { x, y, side, side };
        ui_draw_image(ui, ir, &s->grid[i]);
        ui_stroke_rect(ui, ui_rect_inset(ir, -1), 1, th->border);
        ui_draw_text_aligned(ui, UI_FONT_SMALL, data_class_name(d, (int)d->train.y[k]),
                             (ui_rect){ x - cw * 0.1f, y + side + ui_px(ui, 3), side + cw * 0.2f, lh },
                             UI_CENTER, th->text);
    }
    ui_rect fr = { in.x, in.y + in.h - foot, in.w, foot };
    float bw = ui_px(ui, 40);
    if (ui_button_at(ui, (ui_rect){ fr.x, fr.y, bw, fr.h }, "‹##prev25", 0, 1))
        s->first = (s->first - shown + n) % n;
    if (ui_button_at(ui, (ui_rect){ fr.x + bw + ui_px(ui, 6), fr.y, bw, fr.h }, "›##next25", 0, 1))
        s->first = (s->first + shown) % n;
    char buf[128];
    snprintf(buf, sizeof buf,
             TR("images %d à %d sur %d · %d pixels chacune, de 0 à 1",
                "images %d to %d of %d · %d pixels each, from 0 to 1"),
             s->first + 1, s->first + shown, n, PIXELS);
    ui_draw_text_aligned(ui, UI_FONT_SMALL, buf, (ui_rect){ fr.x + 2 * bw + ui_px(ui, 16), fr.y, fr.w, fr.h },
                         UI_LEFT, th->text_dim);
}

static void predict_tab(images_state *s, app *a, ui_rect r, const data_set *d)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    float gap = ui_px(ui, 12);
    float lw = fminf(r.w * 0.34f, ui_px(ui, 320));
    ui_rect left = { r.x, r.y, lw, r.h }, right = { r.x + lw + gap, r.y, r.w - lw - gap, r.h };
    trainer_stats *st = &s->st[s->set];

    /* one image, large */
    ui_rect in = app_panel(ui, left, TR("Une prédiction", "One prediction"));
    int sel = s->selected;
    float side = fminf(in.w * 0.62f, in.h * 0.34f);
    ui_rect ir = { in.x + (in.w - side) / 2, in.y, side, side };
    ui_draw_image(ui, ir, &s->test_img[sel]);
    ui_stroke_rect(ui, ui_rect_inset(ir, -1), 1, th->border);
    float y = ir.y + side + ui_px(ui, 6);
    int truth = (int)d->test.y[sel];
    if (s->have_probs) {
        prediction_caption(ui, (ui_rect){ in.x, y, in.w, ui_line_height(ui, UI_FONT_BOLD) }, d, s->probs[sel],
                           truth, UI_FONT_BOLD);
        y += ui_line_height(ui, UI_FONT_BOLD) + ui_px(ui, 4);
        probability_bars(ui, (ui_rect){ in.x, y, in.w, in.h * 0.24f }, s->probs[sel], 10, truth, 1);
        y += in.h * 0.24f + ui_px(ui, 4);
    } else {
        /* wrapped: the panel is narrow in a small window */
        const char *msg = TR("Pas encore entraîné : appuyez sur Lecture.", "Not trained yet: press Play.");
        y += ui_draw_wrapped(ui, UI_FONT_BODY, msg, in.x, y, in.w, th->text_dim) + ui_px(ui, 6);
    }
    /* the class names by number, for the bars */
    float lh = ui_line_height(ui, UI_FONT_SMALL);
    for (int c = 0; c < d->train.classes && c < 10; c++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%d  %s", c, data_class_name(d, c));
        float cx = in.x + (in.w / 2) * (float)(c / 5), cy = y + lh * (float)(c % 5);
        /* each name within its half of the panel */
        ui_push_clip(ui, (ui_rect){ cx, cy, in.w / 2 - ui_px(ui, 4), lh });
        if (cy + lh <= in.y + in.h)
            ui_draw_text(ui, UI_FONT_SMALL, buf, -1, cx, cy, c == truth ? th->good : th->text_dim);
        ui_pop_clip(ui);
    }

    /* fifteen test images, each with its bars */
    char title[96];
    snprintf(title, sizeof title, TR("Images de test · précision %.1f %%", "Test images · accuracy %.1f %%"),
             st->n_epochs ? (double)st->val_acc_hist[st->n_epochs - 1] * 100 : 0.0);
    ui_rect gin = app_panel(ui, right, st->n_epochs ? title : TR("Images de test", "Test images"));
    int cols = 3, rows = 5;
    float cw = gin.w / (float)cols, ch = gin.h / (float)rows;
    float isz = fminf(ch - lh - ui_px(ui, 6), cw * 0.42f);
    for (int i = 0; i < TESTS; i++) {
        float x = gin.x + cw * (float)(i % cols), yy = gin.y + ch * (float)(i / cols);
        ui_rect im = { x, yy, isz, isz };
        ui_draw_image(ui, im, &s->test_img[i]);
        ui_id id = ui_get_id_int(ui, "test", i);
        if (ui_interact(ui, id, (ui_rect){ x, yy, cw, ch }))
            s->selected = i;
        ui_stroke_rect(ui, ui_rect_inset(im, -1), i == sel ? 2 : 1, i == sel ? th->accent : th->border);
        if (s->have_probs) {
            int t = (int)d->test.y[i];
            prediction_caption(ui,
                               (ui_rect){ x - ui_px(ui, 4), yy + isz + ui_px(ui, 2), cw - ui_px(ui, 4), lh },
                               d, s->probs[i], t, UI_FONT_SMALL);
            probability_bars(ui, (ui_rect){ x + isz + ui_px(ui, 4), yy, cw - isz - ui_px(ui, 12), isz },
                             s->probs[i], 10, t, 0);
        }
    }
}

/* The mouse on the canvas cv (widget id): a press starts a stroke, a drag continues it, in the
 * canvas's SIDE×SIDE pixels. */
static void canvas_strokes(images_state *s, ui_context *ui, ui_rect cv, ui_id id)
{
    float mx = (ui->in.mouse_x - cv.x) / cv.w * SIDE, my = (ui->in.mouse_y - cv.y) / cv.w * SIDE;
    if (ui->active == id) {
        if (!s->stroke) {
            s->stroke = 1;
            s->last_x = mx, s->last_y = my;
            stamp(s, mx, my);
        } else if (mx != s->last_x || my != s->last_y)
            stroke_to(s, mx, my);
    } else
        s->stroke = 0;
}

/* The canvas's panel in r: the drawing, its Clear button, and beside it what the network is
 * given, the digit centred as in MNIST. */
static void draw_canvas(images_state *s, ui_context *ui, ui_rect r)
{
    const ui_theme *th = &ui->theme;
    ui_rect in = app_panel(ui, r, TR("Dessinez un chiffre", "Draw a digit"));
    float side = fminf(in.w, in.h - ui_px(ui, 110));
    ui_rect cv = { in.x + (in.w - side) / 2, in.y, side, side };
    ui_id id = ui_get_id(ui, "canvas");
    ui_interact(ui, id, cv);
    canvas_strokes(s, ui, cv, id);
    if (s->canvas_dirty) {
        scene_gray_image(s->canvas_rgba, s->canvas, SIDE);
        ui_image_touch(&s->canvas_img);
    }
    ui_draw_image(ui, cv, &s->canvas_img);
    ui_stroke_rect(ui, ui_rect_inset(cv, -1), ui->hot == id ? 2 : 1, ui->hot == id ? th->accent : th->border);
    if (!s->drawn)
        ui_draw_text_aligned(ui, UI_FONT_BODY, TR("dessinez ici avec la souris", "draw here with the mouse"),
                             cv, UI_CENTER, th->text_dim);
    float y = cv.y + side + ui_px(ui, 8);
    ui_rect br = { in.x, y, ui_px(ui, 110), ui_px(ui, 30) };
    if (ui_button_at(ui, br, TR("Effacer", "Clear"), 0, s->drawn)) {
        memset(s->canvas, 0, sizeof s->canvas);
        s->drawn = 0;
        s->canvas_dirty = 1;
    }
    float small = ui_px(ui, 56);
    ui_rect ir = { in.x + in.w - small, y, small, small };
    ui_draw_image(ui, ir, &s->input_img);
    ui_stroke_rect(ui, ui_rect_inset(ir, -1), 1, th->border);
    ui_draw_wrapped(ui, UI_FONT_SMALL,
                    TR("ce que le réseau reçoit : centré, 28×28", "what the network gets: centred, 28×28"),
                    br.x + br.w + ui_px(ui, 10), y, in.w - br.w - small - ui_px(ui, 20), th->text_dim);
}

/* A drawing that changed, prepared as MNIST's digits are (s->input, (SIDE*SIDE)), through the
 * model: its activations and its ten probabilities, all 0 for an empty canvas. */
static void predict_drawing(images_state *s, app *a, nn_model *view)
{
    if (!s->canvas_dirty || !view)
        return;
    int any = prepare_digit(s->canvas, s->input);
    scene_gray_image(s->input_rgba, s->input, SIDE);
    ui_image_touch(&s->input_img);
    if (any && s->nv_ready && netview_forward(&s->nv, view, s->input) == 0) {
        if (nn_predict(view, s->input, 1, s->draw_probs) < 0)
            app_error(a, "%s", nn_error());
    } else if (!any)
        memset(s->draw_probs, 0, sizeof s->draw_probs);
    s->canvas_dirty = 0;
}

/* The model's answer inside pin: the digit it sees and how sure it is, the MNIST model's
 * accuracy (or its batches so far), and the ten probabilities. */
static void draw_answer(images_state *s, ui_context *ui, ui_rect pin, const nn_model *view)
{
    const ui_theme *th = &ui->theme;
    char buf[96];
    const trainer_stats *st = &s->st[DIGITS];
    if (s->drawn && view) {
        int best = scene_argmax(s->draw_probs, 10);
        snprintf(buf, sizeof buf, TR("C'est un %d (%.0f %%)", "It is a %d (%.0f %%)"), best,
                 (double)s->draw_probs[best] * 100);
        ui_draw_text(ui, UI_FONT_TITLE, buf, -1, pin.x, pin.y, th->good);
    } else
        ui_draw_text(ui, UI_FONT_HEADING, TR("En attente d'un dessin", "Waiting for a drawing"), -1, pin.x,
                     pin.y, th->text_dim);
    if (st->n_epochs)
        snprintf(buf, sizeof buf,
                 TR("modèle MNIST · %.1f %% sur le test", "MNIST model · %.1f %% on the test set"),
                 (double)st->val_acc_hist[st->n_epochs - 1] * 100);
    else
        snprintf(buf, sizeof buf,
                 TR("modèle MNIST · %ld lots d'entraînement", "MNIST model · %ld training batches"),
                 st->steps);
    float tw = ui_text_width(ui, UI_FONT_SMALL, buf, -1);
    ui_draw_text(ui, UI_FONT_SMALL, buf, -1, pin.x + pin.w - tw, pin.y + ui_px(ui, 4), th->text_dim);
    float top = ui_line_height(ui, UI_FONT_TITLE) + ui_px(ui, 4);
    probability_bars(ui, (ui_rect){ pin.x, pin.y + top, pin.w, pin.h - top }, s->draw_probs, 10, -1, 1);
}

/* The canvas on the left; on the right the model's answer above its activations. */
static void draw_tab(images_state *s, app *a, ui_rect r, const data_set *d, nn_model *view)
{
    ui_context *ui = a->ui;
    float gap = ui_px(ui, 12);
    float lw = fminf(r.w * 0.4f, r.h * 0.62f);
    ui_rect left = { r.x, r.y, lw, r.h }, right = { r.x + lw + gap, r.y, r.w - lw - gap, r.h };
    draw_canvas(s, ui, left);
    predict_drawing(s, a, view);
    float ph = right.h * 0.36f;
    draw_answer(s, ui, app_panel(ui, (ui_rect){ right.x, right.y, right.w, ph }, NULL), view);
    ui_rect nin = app_panel(ui, (ui_rect){ right.x, right.y + ph + gap, right.w, right.h - ph - gap },
                            TR("Les activations du réseau", "The network's activations"));
    if (s->nv_ready && d) {
        static const char *const digits[10] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };
        netview_args na = {
            .reveal = -1, .output_names = digits, .input_image = &s->input_img, .compact = 1
        };
        netview_draw(ui, nin, &s->nv, &na);
    }
}

/* ---- the frame ---------------------------------------------------------------------------------- */

/* ↺: the shown set's model from scratch; its test predictions and drawing are set up again. */
static void reset_set(images_state *s, app *a, int set)
{
    trainer_free(s->tr[set]);
    s->tr[set] = NULL;
    s->tests_key = -1;
    s->nv_ready = 0;
    get_trainer(s, a, set);
}

/* The code panel follows the shown set's model; an edit that reads trains it anew. */
static void follow_code(images_state *s, app *a, int set, const data_set *data)
{
    scene_data_shape dd = scene_shape_of(data), *d = &dd;
    trainer_config next;
    if (scene_code_take(&s->code, &s->cfg[set], d, 1024, &next)) {
        s->cfg[set] = next;
        reset_set(s, a, set);
        scene_code_accept(&s->code, &s->cfg[set], d);
    }
    scene_code_follow(&s->code, &s->cfg[set], d);
}

static code_panel *code(void *p)
{
    images_state *s = p;
    return &s->code;
}

/* The tabs and, beside them, the dataset's menu (the canvas always uses the digits), on a row
 * at the top of *area, which loses it and a gap. */
static void tab_row(images_state *s, app *a, ui_rect *area)
{
    ui_context *ui = a->ui;
    float gap = ui_px(ui, 12);
    ui_layout_begin(ui, (ui_rect){ area->x, area->y, area->w, ui_px(ui, 30) });
    ui_row(ui, 2, (float[]){ -1, 300 }, 30);
    const char *tabs[N_TABS] = { TR("Échantillons", "Samples"), TR("Prédictions", "Predictions"),
                                 TR("Dessiner", "Draw") };
    if (ui_tabs(ui, "##tabs", &s->tab, tabs, N_TABS))
        s->nv_ready = 0;
    const char *sets[N_SETS] = { "Fashion-MNIST", TR("Chiffres MNIST", "MNIST digits") };
    ui->label_w = 100;
    if (s->tab == TAB_DRAW)
        ui_label_font(ui, UI_FONT_SMALL,
                      TR("le dessin utilise le modèle MNIST", "drawing uses the MNIST model"), ui->theme.text_dim);
    else if (ui_dropdown(ui, TR("données", "data"), &s->set, sets, N_SETS)) {
        s->tests_key = -1;
        s->selected = 0;
    }
    ui->label_w = 0;
    ui_layout_end(ui);
    area->y += ui_px(ui, 30) + gap;
    area->h -= ui_px(ui, 30) + gap;
}

/* The views follow the model of set: its first TESTS test images made when the set changes, new
 * weights read, the network's drawing set up for the canvas, and once trained the predictions on
 * the test images computed again, 8 times a second at most. -1 when the drawing's memory could
 * not be had. */
static int follow_model(images_state *s, app *a, int set, trainer *t, nn_model *view, const data_set *d,
                        int trained)
{
    if (s->tests_key != set) {
        scene_gray_images(&s->test_rgba[0][0], s->test_img, d->test.x, TESTS, SIDE);
        s->tests_key = set;
        s->fresh = 1;
        s->have_probs = 0;
    }
    if (trainer_sync_view(t) > 0) {
        s->fresh = 1;
        s->canvas_dirty = 1;
        if (s->nv_ready)
            netview_read_weights(&s->nv, view);
    }
    if (!s->nv_ready && s->tab == TAB_DRAW) {
        if (scene_netview_set(a, &s->nv, view, 1) < 0)
            return -1;
        s->nv_ready = 1;
        s->canvas_dirty = 1;
    }
    if (s->fresh && trained && s->tab == TAB_PREDICT && scene_throttle(a, &s->last_predict, 0.125)) {
        if (nn_predict(view, d->test.x, TESTS, &s->probs[0][0]) < 0)
            app_error(a, "%s", nn_error());
        else
            s->have_probs = 1;
        s->fresh = 0;
    }
    return 0;
}

static void frame(void *p, app *a, ui_rect area)
{
    images_state *s = p;
    ui_context *ui = a->ui;
    scene_page_tab(a, &s->last_page, s->tab_of_page, s->n_tab_pages, &s->tab);
    int set = shown_set(s);
    trainer *t = get_trainer(s, a, set);
    trainer_stats *st = &s->st[set];
    scene_poll_trainer(a, t, st);
    if (scene_toolbar_top(ui, &area, t, st) == SCENE_RESET)
        reset_set(s, a, set);
    tab_row(s, a, &area);

    /* the tab or the set may have changed; st stays the statistics polled above */
    set = shown_set(s);
    t = get_trainer(s, a, set);
    if (!t)
        return;
    const data_set *d = trainer_data(t);
    nn_model *view = trainer_view(t);
    if (!d || !view) {
        const char *msg = st->state == TRAINER_FAILED
                              ? TR("Les images n'ont pas pu être chargées : le message dit pourquoi.",
                                   "The images could not be loaded: the message says why.")
                              : TR("Chargement des images…", "Loading the images…");
        ui_draw_text_aligned(ui, UI_FONT_BODY, msg, area, UI_CENTER, ui->theme.text_dim);
        return;
    }
    follow_code(s, a, set, d);
    t = get_trainer(s, a, set); /* an edit of the code made a new one */
    if (!t || !(d = trainer_data(t)) || !(view = trainer_view(t)))
        return;
    if (follow_model(s, a, set, t, view, d, st->steps > 0) < 0)
        return;
    if (s->tab == TAB_SAMPLES)
        samples_tab(s, a, area, d);
    else if (s->tab == TAB_PREDICT)
        predict_tab(s, a, area, d);
    else
        draw_tab(s, a, area, d, view);
}

SCENE_CLASS_WITH_CODE(images);
