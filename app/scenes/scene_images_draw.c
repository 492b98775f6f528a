/* scene_images_draw.c — the images scene's canvas: the student draws a digit with the mouse, the
 * drawing is prepared as MNIST prepares its digits, and the MNIST model's prediction and
 * activations follow the strokes. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang.h"
#include "scene_images.h"

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
void images_draw_demo(images_state *s)
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
    float tw = ui_text_width(ui, UI_FONT_SMALL, lang_decimals(buf), -1);
    ui_draw_text(ui, UI_FONT_SMALL, buf, -1, pin.x + pin.w - tw, pin.y + ui_px(ui, 4), th->text_dim);
    float top = ui_line_height(ui, UI_FONT_TITLE) + ui_px(ui, 4);
    images_bars(ui, (ui_rect){ pin.x, pin.y + top, pin.w, pin.h - top }, s->draw_probs, 10, -1, 1);
}

/* The canvas on the left; on the right the model's answer above its activations. */
void images_draw_tab(images_state *s, app *a, ui_rect r, const data_set *d, nn_model *view)
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
