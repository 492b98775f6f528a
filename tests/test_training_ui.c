/* test_training_ui.c — the training scene (lesson 5) driven through the widget layer, as a student
 * would: Playground's + and − for the layers and the neurons (six layers keep their buttons), a
 * feature switched on, a neuron hovered, the data and problem menus, noise and the training part,
 * activation, learning rate, batch size, L2, discretize, the validation points, the race; each
 * change must reach the trainer's model and the Keras code panel. A student's CSV opened on the
 * scene becomes its data. */
#include <SDL_ttf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "check.h"
#include "trainer.h"
#include "data.h"
#include "lang.h"
#include "lesson.h"
#include "lesson_scenes.h"
#include "scene_training.h"

enum { W = 1280, H = 800 };

typedef struct driver { app a; ui_context *ui; } driver;
static driver the_driver;

static void frame_at(driver *d, float x, float y, int press, int release)
{
    ui_input in = { .mouse_x = x, .mouse_y = y, .mouse_down = press, .mouse_pressed = press,
                    .mouse_released = release, .time = 1 };
    ui_begin(d->ui, &in, W, H);
    app_frame(&d->a);
    ui_end(d->ui);
}

/* A click at the centre of r: the pointer rests there a frame first, as a real one does. */
static void click(driver *d, ui_rect r)
{
    float x = r.x + r.w / 2, y = r.y + r.h / 2;
    frame_at(d, x, y, 0, 0);
    frame_at(d, x, y, 1, 0);
    frame_at(d, x, y, 0, 1);
    frame_at(d, x, y, 0, 0);
}

/* Frames until the scene's new trainer has its data and view (headless: the worker loads). */
static training_state *settle(driver *d)
{
    training_state *s = app_scene(&d->a);
    for (int i = 0; i < 200 && s && (!s->base.t || !trainer_view(s->base.t) || !s->nv_ready); i++) {
        if (s->base.t)
            trainer_wait_ready(s->base.t, 5);
        frame_at(d, -100, -100, 0, 0);
    }
    frame_at(d, -100, -100, 0, 0);
    return s;
}

/* How many hidden Dense lines the code panel's text has (the output's is the last). */
static int dense_lines(const training_state *s)
{
    int n = 0;
    for (const char *p = s->code.text; (p = strstr(p, "layers.Dense(")); p++)
        n++;
    return n - 1;
}

static void test_build_buttons(void)
{
    driver *d = &the_driver;
    training_state *s = settle(d);
    CHECK(s && s->cfg.hidden == 2, "expected lesson 5's two hidden layers, got %d", s ? s->cfg.hidden : -1);
    if (!s)
        return;
    click(d, s->hit_layers[1]);
    s = settle(d);
    CHECK(s->cfg.hidden == 3 && trainer_get_config(s->base.t)->hidden == 3,
          "+ layers: expected 3 hidden layers in the scene and its trainer, got %d and %d", s->cfg.hidden,
          trainer_get_config(s->base.t)->hidden);
    CHECK(nn_layer_count(trainer_view(s->base.t)) == 4, "+ layers: expected a 4-layer model, got %d",
          nn_layer_count(trainer_view(s->base.t)));
    CHECK(dense_lines(s) == 3, "+ layers: expected the code's three hidden Dense lines, got %d:\n%s", dense_lines(s),
          s->code.text);
    int before = s->cfg.units[0];
    click(d, s->hit_units[0][0]);
    s = settle(d);
    CHECK(s->cfg.units[0] == before - 1 && trainer_get_config(s->base.t)->units[0] == before - 1,
          "− units: expected %d neurons in the first hidden layer, got %d", before - 1, s->cfg.units[0]);
    char want[64];
    snprintf(want, sizeof want, "layers.Dense(%d, activation='tanh')", before - 1);
    CHECK(strstr(s->code.text, want) != NULL, "− units: expected \"%s\" in the code:\n%s", want, s->code.text);
    click(d, s->hit_layers[0]);
    s = settle(d);
    CHECK(s->cfg.hidden == 2 && dense_lines(s) == 2, "− layers: expected 2 hidden layers, got %d", s->cfg.hidden);
}

static void test_feature_button(void)
{
    driver *d = &the_driver;
    training_state *s = settle(d);
    unsigned before = s->cfg.features ? s->cfg.features : TRAINER_F_X1 | TRAINER_F_X2;
    click(d, s->hit_feature[2]); /* x1² */
    s = settle(d);
    CHECK(s->cfg.features == (before | TRAINER_F_X1SQ), "x1²: expected features 0x%x, got 0x%x",
          before | TRAINER_F_X1SQ, s->cfg.features);
    CHECK(trainer_get_config(s->base.t)->features == s->cfg.features, "x1²: expected the trainer to get the features");
    CHECK(nn_input_dim(trainer_view(s->base.t)) == 3, "x1²: expected a model of 3 inputs, got %d",
          nn_input_dim(trainer_view(s->base.t)));
    CHECK(strstr(s->code.text, "shape=(3,)") != NULL, "x1²: expected the code's input of 3 features:\n%s", s->code.text);
    click(d, s->hit_feature[2]);
    s = settle(d);
    CHECK(s->cfg.features == before, "x1² again: expected it off again, got 0x%x", s->cfg.features);
}

/* Hovering a neuron puts its map in the output's place: the scene knows which. */
static void test_hover_neuron(void)
{
    driver *d = &the_driver;
    training_state *s = settle(d);
    for (int i = 0; i < 20 && !s->maps_ready; i++)
        frame_at(d, -100, -100, 0, 0);
    CHECK(s->maps_ready, "expected every neuron's map drawn");
    int found = 0;
    for (float y = 150; y < H - 40 && !found; y += 4)
        for (float x = 560; x < 900 && !found; x += 4) {
            frame_at(d, x, y, 0, 0);
            found = s->hover_col >= 1;
        }
    CHECK(found, "expected a hidden neuron under the pointer somewhere in the network's panel");
    frame_at(d, -100, -100, 0, 0);
    CHECK(s->hover_col == -1, "expected no neuron hovered with the pointer away, got column %d", s->hover_col);
}

/* A drag from (x0, y) to (x1, y), frame by frame, as a mouse does. */
static void drag(driver *d, float x0, float x1, float y)
{
    frame_at(d, x0, y, 0, 0);
    frame_at(d, x0, y, 1, 0);
    for (int k = 1; k <= 8; k++) {
        ui_input in = { .mouse_x = x0 + (x1 - x0) * (float)k / 8, .mouse_y = y, .mouse_down = 1, .time = 1 };
        ui_begin(d->ui, &in, W, H);
        app_frame(&d->a);
        ui_end(d->ui);
    }
    frame_at(d, x1, y, 0, 1);
    frame_at(d, x1, y, 0, 0);
}

/* The data's controls: the noise slider dragged, Regenerate clicked, both reach the trainer. */
static void test_data_controls(void)
{
    driver *d = &the_driver;
    training_state *s = settle(d);
    int noise = s->noise_pct;
    ui_rect r = s->hit_noise;
    drag(d, r.x + r.w * 0.45f, r.x + r.w * 0.8f, r.y + r.h / 2);
    s = settle(d);
    CHECK(s->noise_pct > noise && trainer_get_config(s->base.t)->noise > 0.05f,
          "noise: expected more than %d %% after the drag, got %d %% (trainer %g)", noise, s->noise_pct,
          (double)trainer_get_config(s->base.t)->noise);
    unsigned seed = trainer_get_config(s->base.t)->data_seed;
    click(d, s->hit_regen);
    s = settle(d);
    CHECK(trainer_get_config(s->base.t)->data_seed != seed, "Regenerate: expected a new data seed, got %u again",
          seed);
}

/* The regulariser's menu: opened, L2 picked (the list's third row under the box). */
static void test_regularizer_menu(void)
{
    driver *d = &the_driver;
    training_state *s = settle(d);
    ui_rect r = s->hit_reg;
    click(d, (ui_rect){ r.x + r.w * 0.8f, r.y + r.h / 2, 1, 1 }); /* the box, right of its label */
    /* ui_dropdown's list: rows of 26 points from 2 points under the box; L2 is the third */
    click(d, (ui_rect){ r.x + r.w * 0.7f, r.y + r.h + 3 + 26 * 2 + 13, 1, 1 });
    s = settle(d);
    CHECK(s->cfg.reg == TRAINER_REG_L2 && trainer_get_config(s->base.t)->reg == TRAINER_REG_L2 &&
              trainer_get_config(s->base.t)->reg_rate > 0,
          "regularization: expected L2 with a rate in the trainer, got %d, %g", (int)s->cfg.reg,
          (double)trainer_get_config(s->base.t)->reg_rate);
    CHECK(strstr(s->code.text, "kernel_regularizer=keras.regularizers.l2(") != NULL,
          "regularization: expected the code's l2 regularizer:\n%s", s->code.text);
}

/* Discretise: the output map in two colours. */
static void test_discretize(void)
{
    driver *d = &the_driver;
    training_state *s = settle(d);
    int before = s->discretize;
    click(d, s->hit_discretize);
    CHECK(s->discretize == !before, "discretize: expected it switched, got %d", s->discretize);
}

/* The race: the same network on the Vulkan engine (or on the CPU again, with its notice, where
 * Vulkan cannot start), trained by the same steps. */
static void test_race(void)
{
    driver *d = &the_driver;
    training_state *s = settle(d);
    click(d, s->hit_race);
    s = settle(d);
    CHECK(s->race && s->twin, "race: expected a twin trainer");
    if (!s->twin)
        return;
    CHECK(trainer_get_config(s->twin)->hidden == s->cfg.hidden && strcmp(trainer_get_config(s->twin)->backend, "vulkan") == 0,
          "race: expected the same model on the vulkan backend");
    d->a.scene_class[d->a.lesson]->advance(s, &d->a, 20);
    trainer_stats st;
    trainer_poll(s->twin, &st);
    CHECK(st.steps >= 20, "race: expected the twin trained 20 batches too, got %ld", st.steps);
    click(d, s->hit_race);
    s = settle(d);
    CHECK(!s->race && !s->twin, "race off: expected no twin");
}

/* Item k of the dropdown whose cell is r: the box right of its label, then the list's row k
 * (ui_dropdown: rows of 26 points from 2 points under the box). */
static void pick(driver *d, ui_rect r, int k)
{
    click(d, (ui_rect){ r.x + r.w * 0.8f, r.y + r.h / 2, 1, 1 });
    click(d, (ui_rect){ r.x + r.w * 0.7f, r.y + r.h + 3 + 26 * (float)k + 13, 1, 1 });
}

/* The index of name in list (n entries); -1 when absent. */
static int index_of(const char *const *list, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(list[i], name) == 0)
            return i;
    return -1;
}

/* A text run of the last frame equal to text. */
static int drawn(const ui_context *ui, const char *text)
{
    for (int i = 0; i < ui->ncmds[0]; i++) {
        const ui_cmd *c = &ui->cmds[0][i];
        if (c->kind == UI_CMD_TEXT && (size_t)c->count == strlen(text) && !memcmp(ui->text + c->first, text, strlen(text)))
            return 1;
    }
    return 0;
}

/* Playground's data menu and problem type: XOR picked, then regression (one linear output and
 * mse in the trainer and the code), then classification again (the circle). */
static void test_data_menus(void)
{
    driver *d = &the_driver;
    training_state *s = settle(d);
    pick(d, s->hit_dataset, index_of(data_names, DATA_NAMES, "xor"));
    s = settle(d);
    CHECK(strcmp(trainer_get_config(s->base.t)->dataset, "xor") == 0, "data menu: expected xor, got %s",
          trainer_get_config(s->base.t)->dataset);
    pick(d, s->hit_problem, 1);
    s = settle(d);
    const trainer_config *c = trainer_get_config(s->base.t);
    CHECK(data_is_regression(c->dataset) && nn_output_dim(trainer_view(s->base.t)) == 1,
          "problem type: expected a regression set and one output, got %s (%d outputs)", c->dataset,
          nn_output_dim(trainer_view(s->base.t)));
    CHECK(strstr(s->code.text, "'mse'") || strstr(s->code.text, "mean_squared_error"),
          "problem type: expected mse in the code:\n%s", s->code.text);
    pick(d, s->hit_problem, 0);
    s = settle(d);
    CHECK(strcmp(trainer_get_config(s->base.t)->dataset, "circle") == 0 && !trainer_get_config(s->base.t)->regression,
          "problem type: expected the circle again, got %s", trainer_get_config(s->base.t)->dataset);
}

/* The training part's slider, the activation and learning-rate menus, batch_size's +, and the
 * validation points' toggle. */
static void test_fit_controls(void)
{
    driver *d = &the_driver;
    training_state *s = settle(d);
    ui_rect r = s->hit_ratio;
    drag(d, r.x + r.w * 0.55f, r.x + r.w * 0.45f, r.y + r.h / 2);
    s = settle(d);
    float ratio = trainer_get_config(s->base.t)->test_ratio;
    CHECK(s->train_pct < 70 && ratio > 0.3f + 1e-3f, "training part: expected under 70 %%, got %d %% (test ratio %g)",
          s->train_pct, (double)ratio);
    pick(d, s->hit_act, index_of(lesson_hidden_activations, N_ACT, "relu"));
    s = settle(d);
    CHECK(strcmp(trainer_get_config(s->base.t)->activation, "relu") == 0 && strstr(s->code.text, "activation='relu'"),
          "activation: expected relu in the trainer and the code, got %s:\n%s", trainer_get_config(s->base.t)->activation,
          s->code.text);
    pick(d, s->hit_rate, 0);
    s = settle(d);
    float lr = strtof(lesson_learning_rates[0], NULL);
    CHECK(fabsf(trainer_get_config(s->base.t)->learning_rate - lr) < 1e-9f + lr * 1e-4f,
          "learning_rate: expected %s, got %g", lesson_learning_rates[0], (double)trainer_get_config(s->base.t)->learning_rate);
    const char *in_code = strstr(s->code.text, "learning_rate=");
    CHECK(in_code && fabsf(strtof(in_code + strlen("learning_rate="), NULL) - lr) <= lr * 1e-4f,
          "learning_rate: expected %s in the code:\n%s", lesson_learning_rates[0], s->code.text);
    int batch = s->cfg.batch_size;
    r = s->hit_batch;
    click(d, (ui_rect){ r.x + r.w - 8, r.y + r.h / 2, 1, 1 });
    s = settle(d);
    char want[32];
    snprintf(want, sizeof want, "batch_size=%d", batch * 2);
    CHECK(trainer_get_config(s->base.t)->batch_size == batch * 2 && strstr(s->code.text, want),
          "batch_size +: expected %d in the trainer and the code, got %d:\n%s", batch * 2,
          trainer_get_config(s->base.t)->batch_size, s->code.text);
    int shown = s->show_test;
    click(d, s->hit_show_test);
    CHECK(s->show_test == !shown, "validation data: expected the toggle switched");
}

/* Six hidden layers (Playground's most): every layer keeps its − and + at 1280×800, and every
 * feature its name beside its map. */
static void test_six_layers(void)
{
    driver *d = &the_driver;
    training_state *s = settle(d);
    while (s->cfg.hidden < PG_MAX_HIDDEN) {
        int h = s->cfg.hidden;
        click(d, s->hit_layers[1]);
        s = settle(d);
        if (s->cfg.hidden != h + 1)
            break;
    }
    CHECK(s->cfg.hidden == PG_MAX_HIDDEN, "+ layers: expected %d hidden layers, got %d", PG_MAX_HIDDEN, s->cfg.hidden);
    for (int l = 0; l < s->cfg.hidden; l++)
        CHECK(s->hit_units[l][0].w > 0 && s->hit_units[l][1].w > 0, "layer %d: expected its − and + buttons", l + 1);
    int last = s->cfg.hidden - 1, before = s->cfg.units[last];
    click(d, s->hit_units[last][0]);
    s = settle(d);
    CHECK(s->cfg.units[last] == before - 1 && trainer_get_config(s->base.t)->units[last] == before - 1,
          "layer 6 −: expected %d neurons, got %d", before - 1, s->cfg.units[last]);
    for (int k = 0; k < TRAINER_N_FEATURES; k++)
        CHECK(drawn(d->ui, trainer_feature_names[k]), "expected feature %s's name drawn", trainer_feature_names[k]);
    while (s->cfg.hidden > 2) {
        click(d, s->hit_layers[0]);
        s = settle(d);
    }
}

/* Writes text into path; 0 or -1. */
static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    int rc = fputs(text, f) < 0 ? -1 : 0;
    return fclose(f) == 0 ? rc : -1;
}

/* A CSV opened on the scene (--open, or dropped on the window): it becomes the data, named in the
 * data menu, its last column the target, and the trainer trains on it. path: the file; dim and
 * classes: what the table must give (dim after one-hot encoding). */
static void check_table(const char *what, const char *path, int dim, int classes)
{
    driver *d = &the_driver;
    CHECK(app_open_file(&d->a, path) == 0, "%s: expected the training lesson to take the file", what);
    frame_at(d, -100, -100, 0, 0); /* the scene takes the file in its frame, then a new trainer loads */
    training_state *s = settle(d);
    const data_set *ds = s && s->base.t ? trainer_data(s->base.t) : NULL;
    CHECK(d->a.error[0] == 0, "%s: expected no error, got \"%s\"", what, d->a.error);
    CHECK(strcmp(s->cfg.dataset, DATA_CSV) == 0 && ds, "%s: expected the scene on the table, got \"%s\"", what,
          s->cfg.dataset);
    if (!ds)
        return;
    CHECK(ds->train.dim == dim && ds->train.classes == classes,
          "%s: expected %d columns and %d classes, got %d and %d", what, dim, classes, ds->train.dim,
          ds->train.classes);
    const char *base = strrchr(path, '/');
    CHECK(strstr(data_label(DATA_CSV), base + 1) != NULL, "%s: expected the menu to name the file, got \"%s\"",
          what, data_label(DATA_CSV));
    d->a.scene_class[d->a.lesson]->advance(s, &d->a, 5);
    trainer_stats st;
    trainer_poll(s->base.t, &st);
    CHECK(st.steps >= 5, "%s: expected 5 batches trained, got %ld", what, st.steps);
}

/* The student's own table: a made-up one (a text column one-hot encoded), then a broken one whose
 * error names the line and the column, then the course's heart.csv when it is at hand. */
static void test_open_table(void)
{
    driver *d = &the_driver;
    const char *good = "/tmp/neurone-test-training-table.csv", *bad = "/tmp/neurone-test-training-bad.csv";
    char text[4096] = "size,weight,colour,kind\n";
    for (int i = 0; i < 40; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "%d,%d.5,%s,%s\n", i % 7, 10 + i % 5,
                 i % 3 ? "red" : "green", i % 2 ? "cat" : "dog");
    CHECK(write_file(good, text) == 0 && write_file(bad, "a,b,kind\n1,2,x\n3,oops,y\n4,5,x\n") == 0,
          "expected the test's tables written in /tmp");
    check_table("made-up table", good, 4, 2); /* size, weight, colour_green, colour_red */
    d->a.error[0] = 0;
    CHECK(app_open_file(&d->a, bad) == 0, "bad table: expected the training lesson to take the file");
    frame_at(d, -100, -100, 0, 0);
    training_state *s = settle(d);
    CHECK(strstr(d->a.error, "bad.csv:3:") && strstr(d->a.error, "\"b\""),
          "bad table: expected the dialog to name the line and the column, got \"%s\"", d->a.error);
    CHECK(strcmp(s->cfg.dataset, DATA_CSV) == 0 && strcmp(data_csv_path(), good) == 0,
          "bad table: expected the previous table kept, got %s", data_csv_path() ? data_csv_path() : "none");
    d->a.error[0] = 0;
    const char *heart = "/work/shared/datasets/heart.csv";
    if (access(heart, R_OK) != 0) {
        printf("skip heart.csv: %s is absent\n", heart);
        return;
    }
    check_table("heart.csv", heart, 13, 2);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_training_ui SOURCE_ROOT\n");
        return 2;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/lessons", argv[1]);
    setenv("XDG_CONFIG_HOME", "/tmp/neurone-test-training-config", 1);
    lang_set(LANG_EN);
    if (TTF_Init() < 0 || lesson_load(dir) != 0) {
        fprintf(stderr, "FAIL setup: %s %s\n", TTF_GetError(), lesson_load_errors());
        return 1;
    }
    driver *dp = &the_driver;
#define d (*dp)
    d.ui = ui_create();
    char err[4200];
    if (!d.ui || app_load_fonts(d.ui, 1, err, sizeof err) < 0) {
        fprintf(stderr, "FAIL fonts: %s\n", err);
        return 1;
    }
    app_init(&d.a, d.ui, lesson_index_of(5), 0);
    d.a.headless = 1;
    RUN(test_build_buttons);
    RUN(test_feature_button);
    RUN(test_hover_neuron);
    RUN(test_data_controls);
    RUN(test_regularizer_menu);
    RUN(test_discretize);
    RUN(test_race);
    RUN(test_data_menus);
    RUN(test_fit_controls);
    RUN(test_six_layers);
    RUN(test_open_table);
    app_shutdown(&d.a);
    app_free_fonts(d.ui);
    ui_free(d.ui);
    TTF_Quit();
    lesson_unload();
    data_free_all();
#undef d
    return failures != 0;
}
