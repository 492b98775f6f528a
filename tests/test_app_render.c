/* test_app_render.c — every scene rendered offscreen, as --screenshot renders it, and checked:
 * the image has the size asked for, is not blank, and shows the colours its scene must show (the
 * lesson bar, blue and orange for signs and classes, the curves' colours, blue for a right
 * prediction). Colours are compared with a tolerance, since antialiasing blends edges. */
#include <SDL_ttf.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "check.h"
#include "data.h"
#include "lang.h"
#include "lessonfile.h"
#include "raster.h"

enum { W = 1024, H = 640 };

typedef struct colour_check {
    const char *what;
    uint32_t rgb;          /* a colour, within a tolerance; or one of the families below */
    int min_pixels;
} colour_check;

/* Families of colours, for what is drawn half transparent (the connections, the curves): any
 * clearly blue pixel, or any clearly orange one. */
enum { BLUISH = 0x1000000, ORANGISH = 0x2000000 };

static int in_family(const uint8_t *p, uint32_t family)
{
    int r = p[0], g = p[1], b = p[2];
    if (family == BLUISH)
        return b > r + 50 && b > g + 10;
    return r > b + 70 && g > b + 20 && r > g;
}

/* Pixels within tol of rgb on every channel. */
static int count_colour(const uint8_t *img, int w, int h, uint32_t rgb, int tol)
{
    if (rgb > 0xffffff) {
        int n = 0;
        for (int i = 0; i < w * h; i++)
            n += in_family(img + 4 * i, rgb);
        return n;
    }
    int r = (int)(rgb >> 16) & 255, g = (int)(rgb >> 8) & 255, b = (int)rgb & 255, n = 0;
    for (int i = 0; i < w * h; i++) {
        const uint8_t *p = img + 4 * i;
        n += abs(p[0] - r) <= tol && abs(p[1] - g) <= tol && abs(p[2] - b) <= tol;
    }
    return n;
}

/* Distinct colours, quantised to 5 bits a channel: a blank or flat image has a handful. */
static int distinct_colours(const uint8_t *img, int w, int h)
{
    static uint8_t seen[1 << 15];
    memset(seen, 0, sizeof seen);
    int n = 0;
    for (int i = 0; i < w * h; i++) {
        const uint8_t *p = img + 4 * i;
        int k = (p[0] >> 3) << 10 | (p[1] >> 3) << 5 | p[2] >> 3;
        n += !seen[k];
        seen[k] = 1;
    }
    return n;
}

static void check_scene(const char *name, int lesson, int page, int steps, const colour_check *cc, int ncc)
{
    uint8_t *img = malloc((size_t)W * H * 4);
    if (!img) {
        CHECK(0, "out of memory");
        return;
    }
    memset(img, 0, (size_t)W * H * 4);
    app_render_args r = { .lesson = lesson, .page = page, .steps = steps, .width = W, .height = H };
    char err[1024];
    int rc = app_render_offscreen(&r, img, err, sizeof err);
    CHECK(rc == 0, "%s: expected a clean render, got %d: %s", name, rc, err);
    /* the size: the last row is drawn (opaque), the background colour reaches the corner */
    CHECK(img[((size_t)(H - 1) * W + (W - 1)) * 4 + 3] == 255, "%s: expected an opaque %dx%d image", name, W,
          H);
    int distinct = distinct_colours(img, W, H);
    CHECK(distinct > 60, "%s: expected a drawn scene (more than 60 colours), got %d", name, distinct);
    int bg = count_colour(img, W, H, 0xf3f4f6, 0);
    CHECK(bg < W * H * 0.6, "%s: expected less than 60 %% background, got %.0f %%", name,
          100.0 * bg / (W * H));
    int header = count_colour(img, W, H, 0x183d4e, 2);
    CHECK(header > W * 20, "%s: expected the lesson bar (#183d4e), got %d pixels", name, header);
    for (int i = 0; i < ncc; i++) {
        int n = count_colour(img, W, H, cc[i].rgb, 14);
        CHECK(n >= cc[i].min_pixels, "%s: expected %s (#%06x) on at least %d pixels, got %d", name,
              cc[i].what, cc[i].rgb & 0xffffff, cc[i].min_pixels, n);
    }
    free(img);
}

static const uint32_t BLUE = 0x0877bd, ORANGE = 0xf59322, TRAIN = 0x1f77b4, VALID = 0xff7f0e,
                      RIGHT = 0x1f6fd1;

/* The lessons are files that an instructor may reorder: find the first lesson that shows scene
 * (and, with tab, its first page that opens that tab); -1 when none does. */
static int lesson_of(const char *scene, const char *tab, int *page)
{
    *page = 0;
    for (int i = 0; i < lesson_count(); i++) {
        const lesson_def *l = lesson_get(i);
        if (strcmp(l->scene, scene) != 0 || !l->doc)
            continue;
        if (!tab)
            return i;
        for (int p = 0; p < l->doc->n_pages; p++)
            if (l->doc->pages[p].tab && strcmp(l->doc->pages[p].tab, tab) == 0) {
                *page = p;
                return i;
            }
    }
    return -1;
}

/* check_scene on the lesson of scene (and tab), at page + extra_page. */
static void check_lesson(const char *name, const char *scene, const char *tab, int extra_page, int steps,
                         const colour_check *cc, int ncc)
{
    int page, lesson = lesson_of(scene, tab, &page);
    CHECK(lesson >= 0, "%s: expected a lesson with the %s scene%s%s", name, scene,
          tab ? " and a page with @tab " : "", tab ? tab : "");
    if (lesson >= 0)
        check_scene(name, lesson, page + extra_page, steps, cc, ncc);
}

static void test_neuron(void)
{
    colour_check cc[] = { { "a positive weight in blue", BLUE, 200 },
                          { "a negative weight in orange", ORANGE, 200 } };
    check_lesson("neuron", "neuron", NULL, 0, 0, cc, 2);
}

static void test_network(void)
{
    colour_check cc[] = { { "positive weights and activations", BLUISH, 500 },
                          { "negative ones", ORANGISH, 500 } };
    check_lesson("network", "network", NULL, 0, 0, cc, 2);
    /* the animated forward pass, stopped halfway */
    check_lesson("network, forward pass", "network", NULL, 2, 15, cc, 2);
}

/* Writes text into dir/name. */
static void write_file(const char *dir, const char *name, const char *text)
{
    char path[700];
    snprintf(path, sizeof path, "%.300s/%.300s", dir, name);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL, "expected to write %s", path);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void test_training(void)
{
    /* the training lesson: the spiral's points on the decision map, and both loss curves */
    colour_check cc[] = { { "class 1 points", BLUE, 600 }, { "class 0 points", ORANGE, 600 },
                          { "the training curve", TRAIN, 25 }, { "the validation curve", VALID, 25 } };
    check_lesson("training", "training", NULL, 0, 400, cc, 4);
}

static void test_training_table(void)
{
    /* No course lesson shows the training scene on a table (exercise 2 compares models instead):
     * an instructor's lesson does, in a folder of its own, read as --lessons DIR reads it. */
    char dir[] = "/tmp/neurone-render-lessons-XXXXXX", sub[300];
    CHECK(mkdtemp(dir) != NULL, "expected a temporary folder");
    static const char *const langs[] = { "fr", "en" };
    for (int l = 0; l < 2; l++) {
        snprintf(sub, sizeof sub, "%s/%s", dir, langs[l]);
        mkdir(sub, 0700);
        write_file(sub, "01-table.md",
                   "# Un tableau\n\n@scene training\n@dataset breast_cancer\n@model 30-32-16-2 relu\n\n"
                   "Un réseau sur un tableau médical.\n");
    }
    int errors = lesson_load(dir);
    CHECK(errors == 0, "expected the instructor's lesson to load, got:\n%s", lesson_load_errors());
    /* the lesson trains on a table: the accuracy of each class as bars */
    colour_check cc[] = { { "the classes' accuracy bars", BLUE, 300 }, { "the training curve", TRAIN, 25 },
                          { "the validation curve", VALID, 25 } };
    check_lesson("training on a table", "training", NULL, 0, 400, cc, 3);
    lesson_load(NULL);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "note: could not remove %s\n", dir);
}

static void test_versus(void)
{
    colour_check cc[] = { { "class 1 points", BLUE, 600 }, { "class 0 points", ORANGE, 600 },
                          { "the training curves", TRAIN, 50 }, { "the validation curves", VALID, 50 } };
    check_lesson("shallow and deep side by side", "versus", NULL, 0, 400, cc, 4);
}

static void test_keras(void)
{
    colour_check code[] = { { "the lines of the page lit", 0xcfe4f3, 2000 } };
    check_lesson("keras, the code", "keras", "dense", 0, 0, code, 1);
    colour_check fit[] = { { "the training curve", TRAIN, 25 }, { "the validation curve", VALID, 25 } };
    check_lesson("keras, fit", "keras", "fit", 0, 500, fit, 2);
}

static void test_loss(void)
{
    colour_check cc[] = { { "the training loss", TRAIN, 60 }, { "the validation loss", VALID, 60 },
                          { "the loss function", BLUE, 200 } };
    check_lesson("loss", "loss", NULL, 0, 300, cc, 3);
}

static void test_race(void)
{
    colour_check cc[] = { { "the CPU lane", TRAIN, 200 } };
    check_lesson("race", "race", NULL, 0, 3, cc, 1);
}

static void test_compare(void)
{
    /* --steps runs the comparison synchronously: the accuracy bars and the class balance */
    colour_check cc[] = { { "the accuracy bars", TRAIN, 2000 }, { "the MLP's bar", VALID, 1000 } };
    check_lesson("compare", "compare", "results", 0, 1, cc, 2);
}

/* A text run of the frame that contains needle; NULL when none. */
static const char *frame_text(const ui_context *ui, const char *needle)
{
    static char run[512];
    for (int l = 0; l < UI_LAYERS; l++)
        for (int i = 0; i < ui->ncmds[l]; i++) {
            const ui_cmd *c = &ui->cmds[l][i];
            if (c->kind != UI_CMD_TEXT)
                continue;
            snprintf(run, sizeof run, "%.*s", c->count, ui->text + c->first);
            if (strstr(run, needle))
                return run;
        }
    return NULL;
}

/* Every text run of the frame, in drawing order, joined by one space: a wrapped paragraph reads
 * as one line again. */
static const char *frame_joined(const ui_context *ui)
{
    static char all[65536];
    size_t used = 0;
    all[0] = 0;
    for (int l = 0; l < UI_LAYERS; l++)
        for (int i = 0; i < ui->ncmds[l] && used + 1 < sizeof all; i++) {
            const ui_cmd *c = &ui->cmds[l][i];
            if (c->kind == UI_CMD_TEXT)
                used += (size_t)snprintf(all + used, sizeof all - used, "%s%.*s", used ? " " : "",
                                         c->count, ui->text + c->first);
        }
    return all;
}

/* Gives the keyboard to the scene's field label (as a click does) and empties it with Backspace. */
static void focus_and_clear(app *a, const char *label)
{
    ui_input back = { .mouse_x = -1000, .mouse_y = -1000, .key_backspace = 1, .time = 100 };
    for (int i = 0; i < 40; i++) {
        /* the scene's ids are in its lesson's scope */
        a->ui->id_depth = 0;
        ui_push_id_int(a->ui, a->lesson);
        a->ui->focus = ui_get_id(a->ui, label);
        ui_begin(a->ui, &back, W, H);
        app_frame(a);
        ui_end(a->ui);
    }
}

/* One frame of the app, typed text and Enter given to the field with the focus. */
static void app_frame_typed(app *a, const char *typed, int enter)
{
    ui_input in = { .mouse_x = -1000, .mouse_y = -1000, .key_enter = enter, .time = 100 };
    snprintf(in.text, sizeof in.text, "%s", typed);
    ui_begin(a->ui, &in, W, H);
    app_frame(a);
    ui_end(a->ui);
}

/* A student's CSV through the whole path, as a file dropped on the window: opened, loaded (a text
 * column one-hot encoded, a missing cell filled), every model trained on one split, the scores,
 * then a row typed and predicted, and a malformed one refused in the scene. */
static void test_compare_csv(void)
{
    char path[] = "/tmp/neurone-fruit-XXXXXX.csv";
    int fd = mkstemps(path, 4);
    CHECK(fd >= 0, "expected a temporary CSV");
    if (fd < 0)
        return;
    FILE *f = fdopen(fd, "w");
    /* the text column first: the histogram shows it, one bar per colour */
    fputs("colour,size,kind\n", f);
    for (int i = 0; i < 80; i++)
        fprintf(f, "red,%d.5,apple\n%s,%d.5,pear\n", i % 7, i == 3 ? "" : "green", i % 7 + 9);
    fclose(f);
    ui_context *ui = ui_create();
    char err[4200];
    if (!ui || app_load_fonts(ui, 1, err, sizeof err) < 0) {
        CHECK(0, "expected the fonts: %s", err);
        ui_free(ui);
        unlink(path);
        return;
    }
    app a;
    app_init(&a, ui, 0, 0);
    a.headless = 1;
    int page, lesson = lesson_of("compare", "results", &page);
    CHECK(app_open_file(&a, path) == 0 && a.lesson == lesson, "expected the file to open lesson %d, got %d",
          lesson + 1, a.lesson + 1);
    void *s = app_scene(&a);
    CHECK(s != NULL, "expected the comparison scene");
    if (s) {
        a.scene_class[a.lesson]->advance(s, &a, 1); /* opens, loads and runs, synchronously */
        app_go(&a, lesson, page);
        app_frame_typed(&a, "", 0);
        CHECK(a.error[0] == 0, "expected no error, got \"%s\"", a.error);
        /* scikit-learn's names, or the short ones where the table is narrow */
        const char *models[][2] = { { "MLP", "MLP" }, { "LogisticRegression", "LogR" },
                                    { "KNeighborsClassifier", "kNN" }, { "DecisionTreeClassifier", "Arbre" },
                                    { "GaussianNB", "NB" } };
        for (int i = 0; i < 5; i++)
            CHECK(frame_text(ui, models[i][0]) || frame_text(ui, models[i][1]),
                  "expected %s (or %s) in the results table", models[i][0], models[i][1]);
        CHECK(frame_text(ui, "fruit") && frame_text(ui, "160"),
              "expected the file's name and its 160 rows in the status line, got \"%s\"",
              frame_text(ui, "lignes") ? frame_text(ui, "lignes") : "(none)");
        CHECK(frame_text(ui, "apple") && frame_text(ui, "pear"),
              "expected the class names in the confusion matrix");
        /* the preview: the colours' histogram, and the loader's notes (one-hot, the missing cell) */
        app_go(&a, lesson, 1);
        app_frame_typed(&a, "", 0);
        CHECK(frame_text(ui, "green") && frame_text(ui, "red"), "expected the colours under the histogram's bars");
        /* the notes in the app's language: the one-hot columns, the missing colour filled with
         * the training rows' most frequent one, red or green as the split falls */
        const char *notes_fr[] = { "colour : texte, encodé en one-hot sur 2 colonnes",
                                   "colour : 1 valeur manquante remplacée par la valeur la plus fréquente "
                                   "des lignes d'entraînement, « " };
        const char *notes_en[] = { "colour: text, one-hot encoded into 2 columns",
                                   "colour: 1 missing value replaced by the most frequent value of the "
                                   "training rows, \"" };
        const char *all = frame_joined(ui), *notes = strstr(all, "lignes lues");
        for (int i = 0; i < 2; i++)
            CHECK(notes && strstr(notes, notes_fr[i]), "expected the French note \"%s\" under the preview, "
                  "got \"%.600s\"", notes_fr[i], notes ? notes : all);
        CHECK(notes && !strstr(notes, "one-hot encoded"), "expected no English note in French, got \"%.600s\"",
              notes ? notes : all);
        lang_set(LANG_EN);
        app_frame_typed(&a, "", 0);
        all = frame_joined(ui);
        notes = strstr(all, "rows read");
        for (int i = 0; i < 2; i++)
            CHECK(notes && strstr(notes, notes_en[i]), "expected the English note \"%s\" under the preview, "
                  "got \"%.600s\"", notes_en[i], notes ? notes : all);
        lang_set(LANG_FR);
        const char *got;
        app_go(&a, lesson, page);
        app_frame_typed(&a, "", 0);
        /* the image: drawn, with the accuracy bars */
        uint8_t *img = malloc((size_t)W * H * 4);
        raster_frame(&(raster_target){ img, W, H, W * 4 }, ui);
        CHECK(distinct_colours(img, W, H) > 60, "expected a drawn scene, got %d colours", distinct_colours(img, W, H));
        CHECK(count_colour(img, W, H, VALID, 14) > 500, "expected the MLP's accuracy bar in orange");
        /* the picture shows the file's first row predicted */
        got = frame_text(ui, "MLP →");
        CHECK(got && strstr(got, "apple"), "expected the first row (red, 0.5) predicted apple, got \"%s\"",
              got ? got : "(no prediction)");
        /* a row typed in the prediction field */
        focus_and_clear(&a, "##row");
        app_frame_typed(&a, "red,2.5", 1);
        got = frame_text(ui, "MLP →");
        CHECK(got && strstr(got, "apple"), "expected the MLP to predict apple for red,2.5, got \"%s\"",
              got ? got : "(no prediction)");
        CHECK(frame_text(ui, "→ pear") == NULL, "expected no model to say pear for an apple's row");
        /* a malformed row: the study's message in the scene, no dialog */
        focus_and_clear(&a, "##row");
        app_frame_typed(&a, "red,abc", 1);
        got = frame_text(ui, "\"abc\"");
        CHECK(got && strstr(got, "size"), "expected a message naming the field size and \"abc\", got \"%s\"",
              got ? got : "(none)");
        CHECK(a.error[0] == 0, "expected the message in the scene, not a dialog: \"%s\"", a.error);
        free(img);
    }
    app_shutdown(&a);
    app_free_fonts(ui);
    ui_free(ui);
    unlink(path);
}

/* In the window the comparison runs in a worker thread: the frames go on while it trains, show
 * the MLP's progress and loss, and the results come when it is done. */
static void test_compare_worker(void)
{
    ui_context *ui = ui_create();
    char err[4200];
    if (!ui || app_load_fonts(ui, 1, err, sizeof err) < 0) {
        CHECK(0, "expected the fonts: %s", err);
        ui_free(ui);
        return;
    }
    app a;
    int page, lesson = lesson_of("compare", "training", &page);
    app_init(&a, ui, lesson < 0 ? 0 : lesson, 0);
    app_go(&a, a.lesson, page);
    app_frame_typed(&a, "", 0); /* opens the lesson's table */
    CHECK(a.scene_class[a.lesson] && a.scene_class[a.lesson]->play(app_scene(&a), &a),
          "expected space to start the comparison");
    int frames = 0, saw_progress = 0, done = 0;
    for (; frames < 6000 && !done; frames++) {
        app_frame_typed(&a, "", 0);
        /* the status line and the progress bar's words, while the worker runs */
        saw_progress |= frame_text(ui, "Calcul en cours") && frame_text(ui, "Entraînement d");
        done = !a.busy;
        SDL_Delay(5);
    }
    CHECK(done, "expected the comparison to finish within %d frames", frames);
    CHECK(saw_progress, "expected a frame showing the work under way");
    /* done: the results open by themselves */
    app_frame_typed(&a, "", 0);
    CHECK(frame_text(ui, "Scores") != NULL, "expected the results' table once done");

    /* a big file (6 MB) loads in the worker too, behind a progress bar, then shows its preview */
    char path[] = "/tmp/neurone-big-XXXXXX.csv";
    int fd = mkstemps(path, 4);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    CHECK(f != NULL, "expected a temporary CSV");
    if (f) {
        fputs("width,height,kind\n", f);
        for (int i = 0; i < 300000; i++)
            fprintf(f, "%d.25,%d.5,%s\n", i % 97, i % 89, i % 3 ? "pear" : "apple");
        fclose(f);
        app_open_file(&a, path);
        int saw_loading = 0, loaded = 0;
        for (frames = 0; frames < 6000 && !loaded; frames++) {
            app_frame_typed(&a, "", 0);
            saw_loading |= frame_text(ui, "Lecture du fichier") != NULL;
            loaded = frame_text(ui, "Lignes par classe") != NULL;
            SDL_Delay(5);
        }
        CHECK(saw_loading, "expected the loading's progress bar on a frame");
        CHECK(loaded, "expected the class balance once the big file is loaded (%d frames)", frames);
        CHECK(frame_text(ui, "300000") != NULL, "expected the 300000 rows counted, got \"%s\"",
              frame_text(ui, "lignes") ? frame_text(ui, "lignes") : "(none)");
        unlink(path);
    }
    app_shutdown(&a);
    app_free_fonts(ui);
    ui_free(ui);
}

static void test_images(void)
{
    colour_check samples[] = { { "white image backgrounds", 0xffffff, 20000 },
                               { "dark ink", 0x000000, 2000 } };
    check_lesson("images, samples", "images", "samples", 0, 0, samples, 2);
    colour_check predictions[] = { { "right predictions in blue", RIGHT, 300 } };
    check_lesson("images, predictions", "images", "predictions", 0, 200, predictions, 1);
    /* the canvas guesses once the digits' model has had its first epoch (250 batches): before,
     * it says the model is learning */
    colour_check draw[] = { { "the drawn digit's prediction in blue", RIGHT, 300 } };
    check_lesson("images, drawing", "images", "draw", 0, 300, draw, 1);
    /* what the model learned: the first layer's weights in the signs' colours; the curves and the
     * confusion matrix's diagonal in blue */
    colour_check weights[] = { { "positive weights", BLUISH, 5000 }, { "negative weights", ORANGISH, 5000 } };
    check_lesson("images, weights", "images", "weights", 0, 200, weights, 2);
    colour_check training[] = { { "the training curve", TRAIN, 25 }, { "the matrix's diagonal", RIGHT, 400 } };
    check_lesson("images, training", "images", "training", 0, 200, training, 2);
}

/* A loader's failure reaches the student as a dialog with the loader's own message. */
static void test_error_dialog(void)
{
    data_free_all(); /* the earlier tests loaded it: read it again, from nowhere */
    setenv("NEURONE_FASHION_MNIST", "/nonexistent-fashion", 1);
    uint8_t *img = malloc((size_t)W * H * 4);
    int page, lesson = lesson_of("images", "predictions", &page); /* Fashion-MNIST's lesson comes first */
    app_render_args r = { .lesson = lesson < 0 ? 0 : lesson, .page = page, .width = W, .height = H };
    char err[1024];
    int rc = app_render_offscreen(&r, img, err, sizeof err);
    CHECK(rc == 1, "expected the render to report the failure (1), got %d", rc);
    CHECK(strstr(err, "/nonexistent-fashion") != NULL,
          "expected the loader's message naming the folder, got \"%s\"", err);
    CHECK(count_colour(img, W, H, 0xd62728, 10) > 200, "expected the dialog's red stripe on screen");
    free(img);
    unsetenv("NEURONE_FASHION_MNIST");
}

static void test_english_and_scale(void)
{
    lang_set(LANG_EN);
    uint8_t *img = malloc((size_t)1600 * 1000 * 4);
    app_render_args r = { .lesson = 0, .width = 1600, .height = 1000, .scale = 1.5f };
    char err[256];
    CHECK(app_render_offscreen(&r, img, err, sizeof err) == 0, "expected an English render at scale 1.5: %s",
          err);
    CHECK(count_colour(img, 1600, 1000, 0x183d4e, 2) > 1600 * 30, "expected a lesson bar 1.5 times as tall");
    free(img);
    lang_set(LANG_FR);
}

int main(void)
{
    /* the progress file is not touched by renders, but keep the tests off the real one anyway */
    setenv("XDG_CONFIG_HOME", "/tmp/neurone-test-render-config", 1);
    if (TTF_Init() < 0) {
        fprintf(stderr, "FAIL TTF_Init: %s\n", TTF_GetError());
        return 1;
    }
    lang_set(LANG_FR);
    RUN(test_neuron);
    RUN(test_network);
    RUN(test_training);
    RUN(test_training_table);
    RUN(test_versus);
    RUN(test_loss);
    RUN(test_keras);
    RUN(test_compare);
    RUN(test_compare_csv);
    RUN(test_compare_worker);
    RUN(test_race);
    RUN(test_images);
    RUN(test_english_and_scale);
    RUN(test_error_dialog);
    TTF_Quit();
    data_free_all();
    return failures != 0;
}
