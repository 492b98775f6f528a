/* test_save_load — what the student keeps and brings back: a model saved from lesson 5 opened
 * again in a fresh app (the same shape, weights and predictions), a damaged file's message, a
 * trainer refusing weights of another shape, and a chart saved as PNG from its right-click menu. */
#include <SDL_ttf.h>
#include <math.h>
#include <stb/stb_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "check.h"
#include "code_panel.h"
#include "lang.h"
#include "lesson.h"
#include "nn.h"
#include "trainer.h"

enum { W = 1280, H = 800, LESSON = 4 }; /* lesson 5: the training scene, a 2-8-8-2 model */

static char save_dir[] = "/tmp/neurone-saveload-XXXXXX";
static char saved[600];                 /* the model saved by test_save_then_open */

typedef struct driver { app a; ui_context *ui; } driver;

static void frame_at(driver *d, float x, float y, int press, int release, int right)
{
    ui_input in = { .mouse_x = x, .mouse_y = y, .time = 1 };
    if (right)
        in.right_pressed = press, in.right_released = release;
    else
        in.mouse_down = press, in.mouse_pressed = press, in.mouse_released = release;
    ui_begin(d->ui, &in, W, H);
    app_frame(&d->a);
    ui_end(d->ui);
}

static int driver_open(driver *d, int lesson)
{
    memset(d, 0, sizeof *d);
    d->ui = ui_create();
    char err[4200];
    CHECK(d->ui && app_load_fonts(d->ui, 1, err, sizeof err) == 0, "expected the fonts: %s", err);
    if (!d->ui)
        return -1;
    app_init(&d->a, d->ui, lesson, 0);
    d->a.headless = 1;
    return 0;
}

/* Frames until the scene's code panel has its first code (its trainer's data loaded): a file
 * opened waits for it. */
static void frames_until_panel(driver *d)
{
    for (int f = 0; f < 2000; f++) {
        frame_at(d, -1000, -1000, 0, 0, 0);
        void *s = app_scene(&d->a);
        code_panel *p = s && d->a.scene_class[d->a.lesson]->code ? d->a.scene_class[d->a.lesson]->code(s) : NULL;
        if (p && p->ready)
            return;
        usleep(5000);
    }
    CHECK(0, "expected the code panel ready within 10 s");
}

static void driver_close(driver *d)
{
    app_shutdown(&d->a);
    app_free_fonts(d->ui);
    ui_free(d->ui);
}

static trainer *scene_trainer(driver *d)
{
    void *s = app_scene(&d->a);
    const scene_class *c = d->a.scene_class[d->a.lesson];
    return s && c && c->trainer_of ? c->trainer_of(s) : NULL;
}

/* Every Dense layer's kernel and bias of a and b, equal to the bit. */
static int same_weights(const nn_model *a, const nn_model *b)
{
    float ka[4096], kb[4096], ba[256], bb[256];
    for (int i = 0; i < nn_layer_count(a); i++) {
        nn_layer_info li;
        nn_layer_info_get(a, i, &li);
        if (li.inputs * li.units > 4096 || li.units > 256 || nn_get_weights(a, i, ka, ba) < 0 ||
            nn_get_weights(b, i, kb, bb) < 0)
            return 0;
        if (memcmp(ka, kb, sizeof *ka * (size_t)(li.inputs * li.units)) || memcmp(ba, bb, sizeof *ba * (size_t)li.units))
            return 0;
    }
    return 1;
}

/* Lesson 5's scene after `batches` training batches; -1 when the app could not open it. */
static int driver_open_trained(driver *d, int batches)
{
    if (driver_open(d, LESSON) < 0)
        return -1;
    void *scene = app_scene(&d->a);
    if (scene)
        d->a.scene_class[LESSON]->advance(scene, &d->a, batches);
    return 0;
}

/* Save from lesson 5 after 20 batches; open the file in a fresh app: the scene's model is the
 * file's, weights and predictions included. */
static void test_save_then_open(void)
{
    driver d;
    if (driver_open_trained(&d, 20) < 0)
        return;
    app_save_model(&d.a);
    const char *at = strstr(d.a.notice, save_dir);
    if (at)
        sscanf(at, "%599s", saved);
    CHECK(at && strstr(saved, ".nn"), "expected the notice to name the saved file: \"%s\"", d.a.notice);
    driver_close(&d);
    /* a name that says nothing: the file is told by its contents */
    char plain[400];
    snprintf(plain, sizeof plain, "%.300s/trained-model.bin", save_dir);
    CHECK(rename(saved, plain) == 0, "expected to rename %s", saved);
    snprintf(saved, sizeof saved, "%s", plain);
    nn_model *want = nn_load(saved);
    CHECK(want != NULL, "expected nn_load to read %s: %s", saved, want ? "" : nn_error());
    if (!want || driver_open(&d, LESSON) < 0) {
        nn_free(want);
        return;
    }
    frames_until_panel(&d);
    CHECK(app_open_file(&d.a, saved) == 0, "expected the saved model accepted: %s", d.a.error);
    for (int f = 0; f < 3; f++)
        frame_at(&d, -1000, -1000, 0, 0, 0);
    CHECK(d.a.error[0] == 0, "expected no error, got \"%s\"", d.a.error);
    trainer *t = scene_trainer(&d);
    CHECK(t != NULL, "expected the scene's trainer");
    CHECK(t && trainer_wait_ready(t, 20) == 0, "expected the trainer ready");
    nn_model *m = t && trainer_sync_view(t) >= 0 ? trainer_view(t) : NULL;
    CHECK(m && nn_layer_count(m) == nn_layer_count(want) && nn_count_params(m) == nn_count_params(want),
          "expected the file's shape: %d layers, %ld parameters; got %d, %ld", nn_layer_count(want), nn_count_params(want),
          m ? nn_layer_count(m) : -1, m ? nn_count_params(m) : -1L);
    CHECK(m && same_weights(m, want), "expected the scene to start from the file's weights");
    float x[8] = { 0.1f, 0.2f, -1.5f, 0.7f, 2.0f, -2.0f, 0.0f, 0.0f }, pa[8], pb[8];
    CHECK(m && nn_predict(m, x, 4, pa) == 0 && nn_predict(want, x, 4, pb) == 0 && memcmp(pa, pb, sizeof pa) == 0,
          "expected the same predictions as the saved model");
    code_panel *p = d.a.scene_class[LESSON]->code(app_scene(&d.a));
    CHECK(p && strstr(p->note, "trained-model.bin"), "expected the panel's note to name the file: \"%s\"", p ? p->note : "");
    /* a trainer handed weights of another shape: FAILED, naming the file and the layer */
    if (t) {
        trainer_config c = *trainer_get_config(t);
        snprintf(c.weights_from, sizeof c.weights_from, "%s", saved);
        c.units[0] = 5;
        trainer *other = trainer_create(&c);
        trainer_stats st;
        CHECK(other && trainer_wait_ready(other, 20) < 0, "expected weights of another shape refused");
        if (other)
            trainer_poll(other, &st);
        CHECK(other && st.state == TRAINER_FAILED && strstr(st.error, saved) && strstr(st.error, "1"),
              "expected the error to name the file and the layer, got \"%s\"", other ? st.error : "");
        trainer_free(other);
    }
    nn_free(want);
    driver_close(&d);
}

/* A saved model with one byte changed: the engine's checksum message in the error dialog. */
static void test_damaged_model(void)
{
    char damaged[1200];
    snprintf(damaged, sizeof damaged, "%s/damaged.nn", save_dir);
    FILE *in = fopen(saved, "rb"), *out = fopen(damaged, "wb");
    CHECK(in && out, "expected to copy %s", saved);
    unsigned char buf[65536];
    size_t n = in ? fread(buf, 1, sizeof buf, in) : 0;
    if (n > 40)
        buf[n / 2] ^= 0x55;
    if (out)
        fwrite(buf, 1, n, out);
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    driver d;
    if (driver_open(&d, LESSON) < 0)
        return;
    frames_until_panel(&d);
    app_open_file(&d.a, damaged);
    frame_at(&d, -1000, -1000, 0, 0, 0);
    CHECK(strstr(d.a.error, "checksum") && strstr(d.a.error, "damaged.nn"),
          "expected the dialog to say the checksum fails, naming the file: \"%s\"", d.a.error);
    driver_close(&d);
}

/* A right-click on lesson 5's curves, then Save as PNG in its menu: a PNG of the chart's size in
 * the save folder, named by the notice, with more than one colour. */
static void test_chart_png(void)
{
    driver d;
    if (driver_open_trained(&d, 40) < 0)
        return;
    frame_at(&d, -1000, -1000, 0, 0, 0);
    /* the curves are at the bottom right: right-clicks from there up and left until a menu opens */
    float mx = 0, my = 0;
    for (float y = H - 30; y > 100 && !d.ui->chart_menu; y -= 20)
        for (float x = W - 40; x > W / 2 && !d.ui->chart_menu; x -= 40) {
            frame_at(&d, x, y, 1, 0, 1);
            frame_at(&d, x, y, 0, 1, 1);
            mx = x, my = y;
        }
    CHECK(d.ui->chart_menu, "expected a right-click on a chart to open its menu");
    ui_rect chart = d.ui->chart_rect;
    CHECK(chart.w > 100 && chart.h > 60 && chart.w != chart.h, "expected a curves chart, got %gx%g", chart.w, chart.h);
    /* the menu's one item, under the pointer */
    frame_at(&d, mx + 20, my + 10, 1, 0, 0);
    frame_at(&d, mx + 20, my + 10, 0, 1, 0);
    CHECK(!d.ui->chart_menu && d.a.chart_png, "expected Save as PNG chosen");
    frame_at(&d, -1000, -1000, 0, 0, 0);
    char path[600] = "";
    const char *at = strstr(d.a.notice, save_dir);
    if (at)
        sscanf(at, "%599s", path);
    CHECK(at && strstr(path, ".png"), "expected the notice to name the PNG: \"%s\"", d.a.notice);
    int w = 0, h = 0, comp = 0;
    unsigned char *px = path[0] ? stbi_load(path, &w, &h, &comp, 4) : NULL;
    CHECK(px && abs(w - (int)lroundf(chart.w)) <= 1 && abs(h - (int)lroundf(chart.h)) <= 1,
          "expected a PNG of the chart's %gx%g pixels, got %dx%d", chart.w, chart.h, w, h);
    int colours = 0;
    for (int i = 1; px && i < w * h && !colours; i++)
        colours = memcmp(px, px + 4 * i, 4) != 0;
    CHECK(colours, "expected the PNG's pixels not all the same colour");
    stbi_image_free(px);
    driver_close(&d);
}

int main(void)
{
    setenv("XDG_CONFIG_HOME", "/tmp/neurone-test-saveload-config", 1);
    if (!mkdtemp(save_dir) || TTF_Init() < 0) {
        fprintf(stderr, "FAIL set-up: a temporary folder and TTF_Init\n");
        return 1;
    }
    setenv("NEURONE_SAVE_DIR", save_dir, 1);
    lang_set(LANG_FR);
    const char *lessons = getenv("NEURONE_LESSONS_DIR");
    CHECK(lessons && lesson_load(lessons) == 0, "expected the lessons in NEURONE_LESSONS_DIR");
    RUN(test_save_then_open);
    RUN(test_damaged_model);
    RUN(test_chart_png);
    TTF_Quit();
    lesson_unload();
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", save_dir);
    CHECK(system(cmd) == 0, "expected to remove %s", save_dir);
    return failures != 0;
}
