/* test_images_views.c — the images scene's Weights and Training tabs, driven as the student drives
 * them: frames of the whole app with the mouse, the scene's state read back. The first layer's
 * tiles show signs in blue and orange and change as the model trains; a click on a tile ranks the
 * test images by that neuron's activation (checked against the engine's own forward pass); the
 * confusion matrix counts every test image it shows once and its diagonal is the accuracy
 * (checked against nn_predict); a click on a cell gathers that cell's images. */
#include <SDL_ttf.h>
#include <stdlib.h>

#include "app.h"
#include "check.h"
#include "lang.h"
#include "lessonfile.h"
#include "scene_images.h"

enum { W = 1280, H = 800 };

static double clock_s = 100;

/* One frame of the app with the mouse at (x, y); press and release: the button's edges. */
static void frame_at(app *a, float x, float y, int press, int release)
{
    ui_input in = { .mouse_x = x, .mouse_y = y, .mouse_down = press, .mouse_pressed = press,
                    .mouse_released = release, .time = clock_s };
    a->time = clock_s; /* as the window's loop sets it */
    clock_s += 2;      /* past every throttle of the scene */
    ui_begin(a->ui, &in, W, H);
    app_frame(a);
    ui_end(a->ui);
}

static void frame(app *a) { frame_at(a, -1000, -1000, 0, 0); }

/* A click through the widget layer: the press, then the release, at the centre of r. */
static void click(app *a, ui_rect r)
{
    frame_at(a, r.x + r.w / 2, r.y + r.h / 2, 1, 0);
    frame_at(a, r.x + r.w / 2, r.y + r.h / 2, 0, 1);
}

/* The last frame's command drawing img; NULL when none. */
static const ui_cmd *image_cmd(const ui_context *ui, const ui_image *img)
{
    for (int i = 0; i < ui->ncmds[0]; i++)
        if (ui->cmds[0][i].kind == UI_CMD_IMAGE && ui->cmds[0][i].image == img)
            return &ui->cmds[0][i];
    return NULL;
}

/* The first text run of the last frame equal to text (exactly, or as a prefix), at or after the
 * run that starts with after (NULL: from the start). */
static const ui_cmd *text_cmd(const ui_context *ui, const char *after, const char *text, int prefix)
{
    int seen = after == NULL;
    for (int i = 0; i < ui->ncmds[0]; i++) {
        const ui_cmd *c = &ui->cmds[0][i];
        if (c->kind != UI_CMD_TEXT)
            continue;
        const char *s = ui->text + c->first;
        if (!seen && (size_t)c->count >= strlen(after) && strncmp(s, after, strlen(after)) == 0)
            seen = 1;
        size_t n = strlen(text);
        if (seen && (prefix ? (size_t)c->count >= n : (size_t)c->count == n) && strncmp(s, text, n) == 0)
            return c;
    }
    return NULL;
}

/* Pixels of the tiles in the blue or in the orange of the signs. */
static void count_signs(const images_views *v, int n, int *blue, int *orange)
{
    *blue = *orange = 0;
    for (int j = 0; j < n; j++)
        for (int i = 0; i < PIXELS; i++) {
            const uint8_t *p = v->tile_rgba[j] + 4 * i;
            *blue += p[2] > p[0] + 50;
            *orange += p[0] > p[2] + 70;
        }
}

/* The weights tab: tiles drawn, coloured by sign, changed by training; a click ranks images. */
static void check_weights(app *a, images_state *s, trainer *t)
{
    images_views *v = &s->v[s->set];
    s->tab = TAB_WEIGHTS;
    frame(a);
    frame(a);
    int n = v->units < MAX_TILES ? v->units : MAX_TILES, drawn = 0;
    CHECK(n == 128, "expected 128 tiles for Dense(128), got %d", n);
    for (int j = 0; j < n; j++)
        drawn += image_cmd(a->ui, &v->tile[j]) != NULL;
    CHECK(drawn == n, "expected all %d tiles drawn in the frame, got %d", n, drawn);
    int blue, orange;
    count_signs(v, n, &blue, &orange);
    CHECK(blue > 1000 && orange > 1000, "expected blue and orange pixels in the tiles, got %d and %d", blue,
          orange);
    uint8_t *before = malloc(sizeof v->tile_rgba);
    CHECK(before != NULL, "out of memory");
    if (!before)
        return;
    memcpy(before, v->tile_rgba, sizeof v->tile_rgba);
    CHECK(trainer_run_steps(t, 150, 120) == 0, "expected 150 training steps");
    frame(a);
    frame(a);
    int changed = 0;
    for (int j = 0; j < n; j++)
        changed += memcmp(before + (size_t)j * PIXELS * 4, v->tile_rgba[j], PIXELS * 4) != 0;
    CHECK(changed == n, "expected every tile's colours changed by 150 steps, got %d of %d", changed, n);
    free(before);

    const ui_cmd *c = image_cmd(a->ui, &v->tile[37]);
    CHECK(c != NULL, "expected tile 37 drawn");
    if (!c)
        return;
    click(a, c->rect);
    frame(a);
    CHECK(v->picked == 37, "expected the click to pick neuron 37, got %d", v->picked);
    CHECK(v->top_n == TOP, "expected the %d best test images, got %d", TOP, v->top_n);
    /* the ranking again, from the engine's forward pass on the same weights */
    nn_model *view = trainer_view(t);
    const data_set *d = trainer_data(t);
    static float acts[4096]; /* every layer's outputs: 784 + 128 + 10 and a softmax */
    float best = -1e30f;
    int best_k = -1, above = 0;
    for (int k = 0; k < PROBES && d; k++) {
        CHECK(nn_forward_layers(view, d->test.x + (size_t)k * PIXELS, acts) == 0, "forward: %s", nn_error());
        float act = acts[v->first_off + 37];
        if (act > best)
            best = act, best_k = k;
        above += act > v->top_act[TOP - 1];
    }
    CHECK(best_k == v->top_idx[0], "expected test image %d first (activation %g), got %d (%g)", best_k,
          (double)best, v->top_idx[0], (double)v->top_act[0]);
    CHECK(above <= TOP - 1, "expected no image outside the ten above the tenth, got %d above it", above);
    for (int i = 1; i < v->top_n; i++)
        CHECK(v->top_act[i] <= v->top_act[i - 1], "expected the activations in decreasing order at %d", i);
    CHECK(image_cmd(a->ui, &v->top_img[0]) != NULL, "expected the best image drawn beside the tiles");
}

/* The training tab: the matrix counts each shown test image once, its diagonal is the accuracy it
 * prints, and a click on a cell gathers that cell's images. */
static void check_training(app *a, images_state *s, trainer *t)
{
    images_views *v = &s->v[s->set];
    s->tab = TAB_TRAINING;
    frame(a);
    frame(a);
    const data_set *d = trainer_data(t);
    int n = v->conf_n, total = 0, diag = 0;
    CHECK(n == CONF_N, "expected the matrix on %d test images, got %d", CONF_N, n);
    for (int r = 0; r < 10; r++)
        for (int c = 0; c < 10; c++)
            total += v->counts[r][c], diag += r == c ? v->counts[r][c] : 0;
    CHECK(total == n, "expected the counts to sum to the %d images shown, got %d", n, total);
    static float p[CONF_N * 10];
    CHECK(nn_predict(trainer_view(t), d->test.x, n, p) == 0, "predict: %s", nn_error());
    int right = 0;
    for (int i = 0; i < n; i++)
        right += scene_argmax(p + i * 10, 10) == (int)d->test.y[i];
    CHECK(diag == right, "expected the diagonal to hold the %d right predictions, got %d", right, diag);
    char want[64];
    snprintf(want, sizeof want, "%.1f %% justes", 100.0 * right / n);
    lang_decimals(want); /* French: "79,6 % justes" */
    CHECK(strchr(want, ',') && !strchr(want, '.'), "expected a decimal comma in French, got \"%s\"", want);
    const ui_cmd *title = text_cmd(a->ui, NULL, "Matrice de confusion", 1);
    CHECK(title && strstr(a->ui->text + title->first, want) && (size_t)title->count > strlen(want),
          "expected the matrix's title to say \"%s\"", want);

    /* the largest mistake: row rr, column cc */
    int rr = 0, cc = 1;
    for (int r = 0; r < 10; r++)
        for (int c = 0; c < 10; c++)
            if (r != c && v->counts[r][c] > v->counts[rr][cc])
                rr = r, cc = c;
    char col[16], row[64];
    snprintf(col, sizeof col, "%d", cc);
    snprintf(row, sizeof row, "%d %s", rr, data_class_name(d, rr));
    const ui_cmd *ch = text_cmd(a->ui, "Matrice de confusion", col, 0), *rh = text_cmd(a->ui, NULL, row, 1);
    CHECK(ch && rh, "expected the column %s and the row \"%s\" named", col, row);
    if (!ch || !rh)
        return;
    float lh = ui_line_height(a->ui, UI_FONT_SMALL);
    click(a, (ui_rect){ ch->rect.x, rh->rect.y, 4, lh });
    frame(a);
    CHECK(v->cell_r == rr && v->cell_c == cc, "expected the click to pick the cell (%d, %d), got (%d, %d)",
          rr, cc, v->cell_r, v->cell_c);
    int want_n = v->counts[rr][cc] < CELL_SHOWN ? v->counts[rr][cc] : CELL_SHOWN;
    CHECK(v->cell_n == want_n && want_n > 0, "expected %d images of the cell, got %d", want_n, v->cell_n);
    for (int i = 0; i < v->cell_n; i++) {
        int k = v->cell_idx[i];
        CHECK((int)d->test.y[k] == rr && scene_argmax(p + k * 10, 10) == cc,
              "expected image %d to be a %d taken for a %d", k, rr, cc);
    }
    CHECK(v->cell_n == 0 || image_cmd(a->ui, &v->cell_img[0]) != NULL, "expected the cell's images drawn");
    /* the histograms: a column before training, each a whole layer's weights */
    float sum = 0;
    for (int b = 0; b < HBINS; b++)
        sum += v->hist[0][0][b];
    CHECK(v->hcols >= 1 && v->n_dense == 2 && fabsf(sum - 1) < 1e-3f,
          "expected a first column of histograms summing to 1 for 2 Dense layers, got %d columns, %d layers, sum %g",
          v->hcols, v->n_dense, (double)sum);
    /* the gradient norms: a chart when the trainer gives them, a sentence saying so until then */
    const trainer_stats *st = &s->st[s->set];
    int any = 0;
    for (int e = 0; e < st->n_epochs; e++)
        for (int l = 0; l < HLAYERS; l++)
            any |= st->grad_norm[e][l] > 0;
    const ui_cmd *none = text_cmd(a->ui, NULL, "pas encore de normes", 1);
    CHECK(any ? none == NULL : none != NULL, "expected %s, the trainer having %s gradient norms",
          any ? "the chart" : "\"pas encore de normes de gradient\"", any ? "some" : "no");
    /* the canvas shows the digits' model; back on this tab, this set's histograms are still there */
    float first[HBINS];
    int cols = v->hcols;
    memcpy(first, v->hist[0][0], sizeof first);
    s->tab = TAB_DRAW;
    frame(a);
    s->tab = TAB_TRAINING;
    frame(a);
    CHECK(v->hcols == cols && memcmp(first, v->hist[0][0], sizeof first) == 0,
          "expected the histograms kept after a visit to the canvas, got %d columns (had %d)", v->hcols, cols);
}

int main(void)
{
    setenv("XDG_CONFIG_HOME", "/tmp/neurone-test-images-config", 1);
    if (TTF_Init() < 0) {
        fprintf(stderr, "FAIL TTF_Init: %s\n", TTF_GetError());
        return 1;
    }
    lang_set(LANG_FR);
    ui_context *ui = ui_create();
    char err[4200];
    if (!ui || app_load_fonts(ui, 1, err, sizeof err) < 0) {
        fprintf(stderr, "FAIL fonts: %s\n", ui ? err : "out of memory");
        return 1;
    }
    int lesson = -1;
    for (int i = 0; i < lesson_count() && lesson < 0; i++)
        if (strcmp(lesson_get(i)->scene, "images") == 0)
            lesson = i;
    CHECK(lesson >= 0, "expected a lesson with the images scene");
    app a;
    app_init(&a, ui, lesson < 0 ? 0 : lesson, 0);
    frame(&a);
    images_state *s = app_scene(&a);
    trainer *t = s ? s->tr[s->set] : NULL;
    CHECK(t && trainer_wait_ready(t, 120) == 0, "expected the images scene's model built");
    if (t) {
        trainer_pause(t);
        check_weights(&a, s, t);
        check_training(&a, s, t);
        CHECK(a.error[0] == 0, "expected no error dialog, got \"%s\"", a.error);
    }
    app_shutdown(&a);
    app_free_fonts(ui);
    ui_free(ui);
    TTF_Quit();
    data_free_all();
    printf("%s images_views\n", failures ? "FAIL" : "ok  ");
    return failures != 0;
}
