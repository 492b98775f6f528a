/* test_lessons.c — the lessons and their format: every lesson of lessons/ parses in French and
 * English with the same structure, valid directives and images that exist; broken files get
 * "file:line: message" and never a crash (hand-made breakages, every truncation of the real files,
 * damaged copies); a folder with an eleventh lesson; every page of every lesson rendered in both
 * languages with its text inside the panel; a quiz answered and a link followed with the mouse.
 *
 * Usage: test_lessons SOURCE_ROOT (the lessons are SOURCE_ROOT/lessons). */
#include <SDL_ttf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "code_panel.h"
#include "check.h"
#include "data.h"
#include "demo.h"
#include "lang.h"
#include "lesson_view.h"
#include "lessonlib.h"
#include "nn.h"

static char lessons_dir[4096];

/* ---- the course's lessons ----------------------------------------------------------------------- */

static void test_every_lesson_parses(void)
{
    lesson_library lib;
    int errors = lesson_library_load(&lib, lessons_dir, nn_data_dir());
    CHECK(errors == 0, "expected no errors in %s, got %d:\n%s", lessons_dir, errors, lib.errors);
    CHECK(lib.n_warnings == 0, "expected no warnings, got:\n%s", lib.errors);
    CHECK(lib.n >= 10, "expected the course's ten lessons at least, got %d", lib.n);
    for (int k = 0; k < lib.n; k++) {
        CHECK(lib.number[k] == k + 1, "expected lesson %d to be numbered %d, got %d", k + 1, k + 1,
              lib.number[k]);
        for (int l = 0; l < LESSON_LANGS; l++) {
            const lesson_doc *d = lib.doc[k][l];
            CHECK(d != NULL, "expected lesson %d in %s", lib.number[k], l ? "English" : "French");
            if (!d)
                continue;
            CHECK(d->title && strlen(d->title) > 3, "%s: expected a title", d->path);
            CHECK(d->n_pages >= 3, "%s: expected a few short pages, got %d", d->path, d->n_pages);
            CHECK(d->n_quizzes >= 1, "%s: expected a quiz, got none", d->path);
            if (lib.number[k] <= 10)
                CHECK(d->n_tries >= 1 && d->n_tries <= 3, "%s: expected 1 to 3 \"try this\" boxes, got %d",
                      d->path, d->n_tries);
        }
    }
    lesson_library_free(&lib);
}

/* The fr and en files: the same sections (headings), pages and blocks, by the library's check and
 * here heading by heading. */
static void test_same_sections(void)
{
    lesson_library lib;
    lesson_library_load(&lib, lessons_dir, nn_data_dir());
    for (int k = 0; k < lib.n; k++) {
        const lesson_doc *fr = lib.doc[k][0], *en = lib.doc[k][1];
        if (!fr || !en)
            continue;
        char err[1024] = "";
        CHECK(lesson_same_structure(fr, en, err, sizeof err) == 0, "expected the same structure: %s", err);
        int hf = 0, he = 0;
        for (int p = 0; p < fr->n_pages && p < en->n_pages; p++) {
            for (int b = 0; b < fr->pages[p].n_blocks; b++)
                hf += fr->pages[p].blocks[b].kind == LESSON_HEADING;
            for (int b = 0; b < en->pages[p].n_blocks; b++)
                he += en->pages[p].blocks[b].kind == LESSON_HEADING;
        }
        CHECK(hf == he && hf >= fr->n_pages,
              "%s and %s: expected the same sections, one at least per page, got %d and %d", fr->path,
              en->path, hf, he);
    }
    lesson_library_free(&lib);
}

/* Every scene a lesson names exists in the app, and every image is there to load. */
static void test_scenes_and_images(void)
{
    lesson_library lib;
    lesson_library_load(&lib, lessons_dir, nn_data_dir());
    int images = 0;
    for (int k = 0; k < lib.n; k++)
        for (int l = 0; l < LESSON_LANGS; l++) {
            const lesson_doc *d = lib.doc[k][l];
            if (!d)
                continue;
            CHECK(d->scene[0] == 0 || scene_find(d->scene) != NULL, "%s: the scene \"%s\" is not in the app",
                  d->path, d->scene);
            for (int p = 0; p < d->n_pages; p++)
                for (int b = 0; b < d->pages[p].n_blocks; b++) {
                    const lesson_block *bl = &d->pages[p].blocks[b];
                    if (bl->kind != LESSON_IMAGE)
                        continue;
                    char path[8192];
                    images++;
                    CHECK(lesson_image_path(lessons_dir, nn_data_dir(), bl->path, path, sizeof path) == 0,
                          "%s:%d: expected the image %s to exist", d->path, bl->line, bl->path);
                }
        }
    CHECK(images >= 4, "expected the lessons' pictures (two, in both languages), got %d", images);
    lesson_library_free(&lib);
}

/* ---- broken files --------------------------------------------------------------------------------- */

typedef struct broken {
    const char *what, *text;
    int line;                    /* the line the first message must name */
    const char *says;            /* a piece of that message */
} broken;

static void expect_error(const char *what, const char *text, size_t len, int line, const char *says)
{
    char err[4096];
    lesson_doc *d = lesson_parse(text, len, "broken.md", err, sizeof err);
    CHECK(d == NULL, "%s: expected an error, got a lesson", what);
    lesson_doc_free(d);
    char where[64];
    snprintf(where, sizeof where, "broken.md:%d: ", line);
    CHECK(strncmp(err, where, strlen(where)) == 0,
          "%s: expected the first message to start with \"%s\", got \"%.300s\"", what, where, err);
    CHECK(strstr(err, says) != NULL, "%s: expected the message to say \"%s\", got \"%.300s\"", what, says,
          err);
}

static void test_broken_files(void)
{
    static const broken cases[] = {
        { "an empty file", "", 1, "empty" },
        { "blank lines only", "\n  \n\t\n", 1, "empty" },
        { "no title", "Some text.\n", 1, "title" },
        { "an unterminated code block", "# T\n\n@scene neuron\n\n```python\nx = 1\n\nmore\n", 5,
          "never closed" },
        { "an unknown directive", "# T\n@scene neuron\n@frobnicate 3\n\nText.\n", 3, "unknown directive" },
        { "an unknown scene", "# T\n@scene teleport\n\nText.\n", 2, "unknown scene" },
        { "a directive the scene does not take", "# T\n@scene neuron\n@dataset spiral\n\nText.\n", 3,
          "takes no @dataset" },
        { "a dataset that does not exist", "# T\n@scene training\n@dataset spirale\n\nText.\n", 3,
          "unknown dataset" },
        { "a model that does not fit its data",
          "# T\n@scene training\n@dataset iris\n@model 2-8-2 relu\n\nText.\n", 4, "4 inputs and 3 classes" },
        { "a model with a typo", "# T\n@scene training\n@model 2-8-x2\n\nText.\n", 3, "layer widths" },
        { "a learning rate off the menu", "# T\n@scene training\n@learning_rate 0.5\n\nText.\n", 3,
          "is not one of" },
        { "epochs out of range", "# T\n@scene training\n@epochs 0\n\nText.\n", 3, "from 1 to 1000" },
        { "a directive twice", "# T\n@scene training\n@epochs 5\n@epochs 6\n\nText.\n", 4,
          "given twice (first on line 3)" },
        { "a control that does not exist", "# T\n@scene training\n@lock colour\n\nText.\n", 3,
          "unknown name" },
        { "a tab the scene has not", "# T\n@scene images\n@tab kitchen\n\nText.\n", 1, "tabs are" },
        { "a tab on a scene without tabs", "# T\n@scene neuron\n@tab samples\n\nText.\n", 1, "no tabs" },
        { "@play with an argument", "# T\n@scene training\n@play now\n\nText.\n", 3, "takes nothing" },
        { "directives without a scene", "# T\n@epochs 4\n\nText.\n", 2, "has none" },
        { "unclosed bold", "# T\n\nSome **bold\ntext here.\n", 3, "never closed" },
        { "unclosed italic on the second line", "# T\n\nSome text\nand *more.\n", 4, "italic" },
        { "unclosed code span", "# T\n\nSome `code.\n", 3, "never closed" },
        { "a link to nowhere", "# T\n\nSee [there](somewhere.html).\n", 3, "link to" },
        { "a link to a missing page", "# T\n\nSee [page 3](#3).\n", 3, "the lesson has 1" },
        { "an unknown box", "# T\n\n:::warning\nx\n:::\n", 3, "unknown box" },
        { "an unterminated box", "# T\n\n:::try\nDo this.\n", 3, "never closed" },
        { "a box inside a box", "# T\n\n:::try\n:::quiz\n:::\n", 4, "inside another" },
        { "a closing mark alone", "# T\n\nText.\n:::\n", 4, "none is open" },
        { "a quiz without a right answer", "# T\n\n:::quiz\nQ?\n- [ ] a\n  > no\n- [ ] b\n  > no\n:::\n", 3,
          "marked right" },
        { "a quiz answer without feedback", "# T\n\n:::quiz\nQ?\n- [x] a\n  > yes\n- [ ] b\n:::\n", 3,
          "no feedback" },
        { "a quiz with one answer", "# T\n\n:::quiz\nQ?\n- [x] a\n  > yes\n:::\n", 3, "at least two" },
        { "a quiz without a question", "# T\n\n:::quiz\n- [x] a\n  > yes\n- [ ] b\n  > no\n:::\n", 3,
          "no question" },
        { "a quiz answer badly marked", "# T\n\n:::quiz\nQ?\n- a\n:::\n", 5, "- [ ] text" },
        { "feedback before any answer", "# T\n\n:::quiz\nQ?\n> yes\n:::\n", 5, "goes under an answer" },
        { "code inside a quiz", "# T\n\n:::quiz\nQ?\n```\nx\n```\n:::\n", 5, "question and answers only" },
        { "a page break inside a box", "# T\n\n:::try\nA\n---\nB\n:::\n", 5, "inside a box" },
        { "an empty page", "# T\n\nText.\n\n---\n\n---\n\nMore.\n", 6, "no text" },
        { "a heading too deep", "# T\n\n#### Deep\n", 3, "down to ###" },
        { "a heading without its space", "# T\n\n##Heading\n", 3, "then a space" },
        { "a second title", "# T\n\nText.\n\n# U\n", 5, "second title" },
        { "text before the title", "Text.\n\n# T\n", 1, "starts with its title" },
        { "an image line with more on it", "# T\n\n![cap](a.png) and text\n", 3, "alone" },
        { "a NUL byte", "# T\n\nte\0xt\n", 3, "NUL" },
        { "invalid UTF-8", "# T\n\nCaf\xe9 au lait.\n", 3, "not UTF-8" },
        { "an overlong UTF-8 form", "# T\n\nA \xc0\xaf slash.\n", 3, "not UTF-8" },
        { "a UTF-8 sequence cut at the end", "# T\n\nEnd \xe2\x82", 3, "not UTF-8" },
        { "a surrogate in UTF-8", "# T\n\nA \xed\xa0\x80 b.\n", 3, "not UTF-8" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = strlen(cases[i].text);
        if (strcmp(cases[i].what, "a NUL byte") == 0)
            len = 12;
        expect_error(cases[i].what, cases[i].text, len, cases[i].line, cases[i].says);
    }
    /* a huge line: a million bytes on line 3 */
    size_t n = 1000000;
    char *huge = malloc(n + 16);
    if (huge) {
        memcpy(huge, "# T\n\n", 5);
        memset(huge + 5, 'a', n);
        memcpy(huge + 5 + n, "\n", 2);
        expect_error("a huge line", huge, strlen(huge), 3, "bytes long");
        free(huge);
    }
    /* more than a lesson's worth of bytes */
    size_t big = LESSON_FILE_MAX + 10;
    char *file = malloc(big);
    if (file) {
        for (size_t i = 0; i < big; i++)
            file[i] = i % 60 == 59 ? '\n' : 'x';
        expect_error("a file too long", file, big, 1, "more than a lesson's");
        free(file);
    }
    /* too many pages */
    char pages[4096] = "# T\n\n";
    for (int i = 0; i <= LESSON_MAX_PAGES; i++)
        strcat(pages, "Text.\n\n---\n\n");
    strcat(pages, "End.\n");
    char err[4096];
    lesson_doc *d = lesson_parse(pages, strlen(pages), "broken.md", err, sizeof err);
    CHECK(d == NULL && strstr(err, "more than 24 pages"), "expected too many pages refused, got \"%.200s\"",
          err);
    lesson_doc_free(d);
    /* a file that does not exist */
    d = lesson_parse_file("/nonexistent/01-x.md", err, sizeof err);
    CHECK(d == NULL && strstr(err, "/nonexistent/01-x.md: "), "expected the missing file named, got \"%s\"",
          err);
    /* messages that would overflow the buffer stay a string */
    char small[40];
    d = lesson_parse("x\ny\n@zz\n", 8, "a-rather-long-file-name-for-the-buffer.md", small, sizeof small);
    CHECK(d == NULL && strlen(small) < sizeof small, "expected a truncated message, got %zu bytes",
          strlen(small));
}

/* The directives' generic checks (lesson_config.c, by the kind of each row of lesson_scenes.c):
 * the whole first message, "path:line: @directive value: why". */
static void test_directive_checks(void)
{
    static const struct {
        const char *what, *text, *says;
    } cases[] = {
        { "a word for a whole number", "# T\n@scene training\n@epochs ten\n\nText.\n",
          "broken.md:3: @epochs ten: expected a whole number from 1 to 1000" },
        { "a word for a number", "# T\n@scene neuron\n@bias much\n\nText.\n",
          "broken.md:3: @bias much: expected 1 number from -2 to 2" },
        { "a whole number too big", "# T\n@scene versus\n@batch_size 2000\n\nText.\n",
          "broken.md:3: @batch_size 2000: expected a whole number from 1 to 1024" },
        { "a whole number too small", "# T\n@scene images\n@samples 5\n\nText.\n",
          "broken.md:3: @samples 5: expected a whole number from 10 to 25" },
        { "a number out of range", "# T\n@scene compare\n@test_size 0.7\n\nText.\n",
          "broken.md:3: @test_size 0.7: expected 1 number from 0.1 to 0.5" },
        { "one of three numbers out of range", "# T\n@scene neuron\n@inputs 0.5, -1, 3\n\nText.\n",
          "broken.md:3: @inputs 0.5, -1, 3: expected 3 numbers from -2 to 2" },
        { "too many numbers", "# T\n@scene neuron\n@weights 1 1 1 1\n\nText.\n",
          "broken.md:3: @weights 1 1 1 1: expected 3 numbers, got more" },
        { "an unknown optimizer", "# T\n@scene training\n@optimizer adamw\n\nText.\n",
          "broken.md:3: @optimizer adamw: \"adamw\" is not one of adam, sgd, rmsprop, adagrad" },
        { "an unknown loss", "# T\n@scene loss\n@loss hinge\n\nText.\n",
          "broken.md:3: @loss hinge: \"hinge\" is not one of binary_crossentropy, mse" },
        { "an unknown activation", "# T\n@scene network\n@activation gelu\n\nText.\n",
          "broken.md:3: @activation gelu: unknown activation \"gelu\" "
          "(expected one of relu, tanh, sigmoid)" },
        { "a rate between the menu's", "# T\n@scene training\n@learning_rate 0.02\n\nText.\n",
          "broken.md:3: @learning_rate 0.02: \"0.02\" is not one of "
          "0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10" },
        { "a model the network scene does not show", "# T\n@scene network\n@model 3-5-2\n\nText.\n",
          "broken.md:3: @model 3-5-2: the network scene shows 3-4-2, 4-6-6-6-3, 784-128-10" },
        { "a model too deep", "# T\n@scene training\n@model 2-8-8-8-8-8-8-8-2\n\nText.\n",
          "broken.md:3: @model 2-8-8-8-8-8-8-8-2: at most 6 hidden layers" },
        { "a directive the scene does not take", "# T\n@scene keras\n@epochs 5\n\nText.\n",
          "broken.md:3: the keras scene takes no @epochs (it takes @tab)" },
        { "a scene that takes none", "# T\n@scene race\n@play\n\nText.\n",
          "broken.md:3: the race scene takes no @play (it takes none)" },
        { "a number given twice", "# T\n@scene neuron\n@bias 0.1\n\n@bias 0.2\n\nText.\n",
          "broken.md:5: @bias given twice (first on line 3)" },
        { "a third model", "# T\n@scene versus\n@model 2-4-2\n@model 2-8-2\n@model 2-16-2\n\nText.\n",
          "broken.md:5: @model given more than twice (first on line 3)" },
        { "a second model where one is taken", "# T\n@scene training\n@model 2-4-2\n@model 2-8-2\n\nText.\n",
          "broken.md:4: @model given twice (first on line 3)" },
        { "a column name too long",
          "# T\n@scene compare\n@target "
          /* 101 bytes */
          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n\nText.\n",
          "the name of the class column (at most 100 bytes)" },
        { "a list of no names", "# T\n@scene training\n@controls ,\n\nText.\n",
          "broken.md:3: @controls ,: expected a list of names" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[4096];
        lesson_doc *d = lesson_parse(cases[i].text, strlen(cases[i].text), "broken.md", err, sizeof err);
        CHECK(d == NULL, "%s: expected an error, got a lesson", cases[i].what);
        lesson_doc_free(d);
        CHECK(strstr(err, cases[i].says) != NULL && strchr(err, '\n') == err + strlen(err) - 1,
              "%s: expected the one message \"%s\", got \"%.300s\"", cases[i].what, cases[i].says, err);
    }
}

/* A lesson's values as the scene reads them: typed, from the course's own lessons. */
static void test_typed_values(void)
{
    lesson_library lib;
    lesson_library_load(&lib, lessons_dir, nn_data_dir());
    CHECK(lib.n >= 10, "expected the course's lessons, got %d", lib.n);
    if (lib.n < 10) {
        lesson_library_free(&lib);
        return;
    }
    const lesson_config *c2 = &lib.doc[1][0]->config, *c5 = &lib.doc[4][0]->config;
    const lesson_config *c6 = &lib.doc[5][0]->config, *c9 = &lib.doc[8][0]->config;
    /* lesson 2: @model 3-4-2 relu, the network scene's first model */
    CHECK(c2->scene == LESSON_SCENE_NETWORK && c2->model[0].shape == 0 && c2->model[0].n == 3 &&
              c2->model[0].width[1] == 4 &&
              strcmp(lesson_network_activations[c2->model[0].activation], "relu") == 0,
          "lesson 2: expected the model 3-4-2 relu, got shape %d", c2->model[0].shape);
    /* lesson 5: the training scene's numbers */
    CHECK(c5->scene == LESSON_SCENE_TRAINING && c5->learning_rate == 0.01f && c5->batch_size == 10 &&
              c5->epochs == 200 && strcmp(lesson_optimizers[c5->optimizer], "adam") == 0,
          "lesson 5: expected learning_rate 0.01, batch_size 10, epochs 200, adam, got %g, %d, %d",
          (double)c5->learning_rate, c5->batch_size, c5->epochs);
    CHECK(c5->controls == 0xf7f && !lesson_config_has(c5, LESSON_F_LOCK),
          "lesson 5: expected every control but speed, got %#x", c5->controls);
    /* lesson 6: one view per page */
    CHECK(c6->n_tabs == lib.doc[5][0]->n_pages && c6->n_tabs >= 7,
          "lesson 6: expected a tab per page, got %d", c6->n_tabs);
    for (int i = 0; i < c6->n_tabs && i < LESSON_N_KERAS_TABS; i++)
        CHECK(c6->tab[i] == i, "lesson 6: expected page %d to open %s, got %d", i + 1, lesson_keras_tabs[i],
              c6->tab[i]);
    /* lesson 9: MNIST, 20 samples, and the last page draws */
    CHECK(strcmp(lesson_image_sets[c9->dataset], "mnist") == 0 && c9->samples == 20 &&
              c9->n_tabs == lib.doc[8][0]->n_pages &&
              strcmp(lesson_image_tabs[c9->tab[c9->n_tabs - 1]], "draw") == 0,
          "lesson 9: expected mnist, 20 samples and the canvas last");
    lesson_library_free(&lib);
}

/* The engine takes every name that a lesson or a menu accepts: a model with that activation,
 * optimizer and loss builds and compiles. */
static int engine_takes(const char *act, const char *opt, const char *loss)
{
    nn_model *m = nn_sequential();
    int ok = m && nn_add_dense(m, 1, act, 2) >= 0 && nn_compile(m, opt, loss, NULL) >= 0;
    nn_free(m);
    return ok;
}

/* name in the engine's list (nn_activation_at, nn_optimizer_at) */
static int engine_lists(const char *(*at)(int), const char *name)
{
    for (int i = 0; at(i); i++)
        if (strcmp(at(i), name) == 0)
            return 1;
    return 0;
}

/* A name of the course table's lists, as the engine sees it. */
static int engine_has(lesson_field f, const char *name)
{
    if (f == LESSON_F_OPTIMIZER)
        return engine_lists(nn_optimizer_at, name) && engine_takes("sigmoid", name, "binary_crossentropy");
    if (f == LESSON_F_LOSS)
        return engine_takes("sigmoid", "adam", name);
    return engine_lists(nn_activation_at, name) && engine_takes(name, "adam", "mse");
}

static void test_engine_names(void)
{
    static const struct {
        const char *const *list;
        int n;
        lesson_field f;
    } lists[] = {
        { lesson_hidden_activations, LESSON_N_HIDDEN_ACTIVATIONS, LESSON_F_ACTIVATION },
        { lesson_neuron_activations, LESSON_N_NEURON_ACTIVATIONS, LESSON_F_ACTIVATION },
        { lesson_network_activations, LESSON_N_NETWORK_ACTIVATIONS, LESSON_F_ACTIVATION },
        { lesson_optimizers, LESSON_N_OPTIMIZERS, LESSON_F_OPTIMIZER },
        { lesson_losses, LESSON_N_LOSSES, LESSON_F_LOSS },
    };
    int names = 0;
    for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++)
        for (int i = 0; i < lists[k].n; i++, names++)
            CHECK(lists[k].list[i] && engine_has(lists[k].f, lists[k].list[i]),
                  "expected the engine to take \"%s\"", lists[k].list[i] ? lists[k].list[i] : "(null)");
    CHECK(names == 7 + 7 + 3 + 4 + 2, "expected every list checked, got %d names", names);
    CHECK(!engine_has(LESSON_F_ACTIVATION, "relu6") && !engine_has(LESSON_F_LOSS, "hinge"),
          "expected the check to refuse names the engine lacks");
    /* and every row of the table that takes one of these names takes them from such a list */
    for (int s = 0; s < LESSON_N_SCENES; s++)
        for (const lesson_rule *r = lesson_rules((lesson_scene)s); r->kind != LESSON_END; r++)
            if (r->field == LESSON_F_ACTIVATION || r->field == LESSON_F_MODEL ||
                r->field == LESSON_F_OPTIMIZER || r->field == LESSON_F_LOSS)
                for (int i = 0; i < r->n_list; i++)
                    CHECK(engine_has(r->field == LESSON_F_MODEL ? LESSON_F_ACTIVATION : r->field, r->list[i]),
                          "%s, @%s: expected the engine to take \"%s\"", lesson_scene_names[s],
                          lesson_field_names[r->field], r->list[i]);
}

/* The course table itself: every scene has its class in the app, every default passes its own
 * row, the rates are numbers, the versus scene's sets are the 2-D ones. */
static void test_course_table(void)
{
    for (int s = 0; s < LESSON_N_SCENES; s++) {
        CHECK(scene_class_of((lesson_scene)s) &&
                  scene_find(lesson_scene_names[s]) == scene_class_of((lesson_scene)s),
              "expected a class for the scene %s", lesson_scene_names[s]);
        lesson_config c;
        char why[400] = "";
        CHECK(lesson_config_init(&c, (lesson_scene)s, why, sizeof why) == 0 && c.given == 0,
              "%s: expected its defaults to pass its rows, got: %s", lesson_scene_names[s], why);
    }
    CHECK(scene_class_of(LESSON_SCENE_NONE) == NULL && lesson_scene_of("teleport") == LESSON_SCENE_NONE,
          "expected no class for no scene");
    for (int i = 0; i < LESSON_N_LEARNING_RATES; i++) {
        char *end;
        float r = strtof(lesson_learning_rates[i], &end);
        CHECK(*end == 0 && r > 0, "expected the rate \"%s\" to be a number", lesson_learning_rates[i]);
    }
    for (int i = 0; i < DATA_NAMES; i++)
        CHECK(data_is_playground(data_names[i]) == (i < LESSON_N_PLAYGROUND_SETS),
              "expected the 2-D sets first in data_names, got %s at %d", data_names[i], i);
}

/* A good file, read back: blocks, styles, links, quizzes, directives. */
static void test_good_file(void)
{
    static const char text[] =
        "\xef\xbb\xbf@scene training\r\n"
        "# Title\r\n"
        "@dataset iris\n"
        "@model 4-16-3 tanh\n"
        "@controls layers, epochs\n"
        "@lock epochs\n"
        "\n"
        "## Section\n"
        "Some **bold** and *italic* and `code`, a [link](04-perte.md#2),\n"
        "a star \\* and 2 * 3.\n"
        "- one\n"
        "  continued\n"
        "3. three\n"
        "\n"
        "> a note\n"
        "\n"
        "```py\n"
        "x = 1  # one\n"
        "```\n"
        "---\n"
        ":::try\n"
        "Try it.\n"
        ":::\n"
        "\n"
        ":::quiz\n"
        "Which?\n"
        "- [ ] a\n"
        "  > no\n"
        "  more\n"
        "- [X] b\n"
        "  > yes\n"
        ":::\n";
    char err[2048];
    lesson_doc *d = lesson_parse(text, sizeof text - 1, "01-good.md", err, sizeof err);
    CHECK(d != NULL, "expected the good file to parse, got:\n%s", err);
    if (!d)
        return;
    CHECK(strcmp(d->title, "Title") == 0, "expected the title, got \"%s\"", d->title);
    CHECK(d->number == 1, "expected number 1 from the file name, got %d", d->number);
    CHECK(strcmp(d->scene, "training") == 0, "expected the training scene, got \"%s\"", d->scene);
    const lesson_config *c = &d->config;
    CHECK(c->scene == LESSON_SCENE_TRAINING && strcmp(data_names[c->dataset], "iris") == 0,
          "expected the training scene on iris, got %d and %d", c->scene, c->dataset);
    CHECK(c->n_models == 1 && c->model[0].n == 3 && c->model[0].width[0] == 4 && c->model[0].width[1] == 16 &&
              c->model[0].width[2] == 3 &&
              strcmp(lesson_hidden_activations[c->model[0].activation], "tanh") == 0,
          "expected the model 4-16-3 tanh, got %d widths", c->model[0].n);
    CHECK(c->controls == (1u << 1 | 1u << 6) && c->lock == 1u << 6,
          "expected the layers and epochs shown, the epochs locked, got %#x and %#x", c->controls, c->lock);
    char words[400];
    lesson_config_describe(c, words, sizeof words);
    CHECK(strcmp(words, "dataset=iris; model=4-16-3 tanh; controls=layers,epochs; lock=epochs") == 0,
          "expected the scene's configuration in words, got \"%s\"", words);
    CHECK(!lesson_config_has(c, LESSON_F_EPOCHS) && !lesson_config_has(c, LESSON_F_PLAY),
          "expected the directives not written absent");
    CHECK(d->n_pages == 2, "expected 2 pages, got %d", d->n_pages);
    const lesson_page *p = &d->pages[0];
    CHECK(p->n_blocks == 6, "expected heading, paragraph, 2 items, note, code on page 1, got %d blocks",
          p->n_blocks);
    if (p->n_blocks == 6) {
        const lesson_block *para = &p->blocks[1];
        CHECK(strcmp(para->text.s, "Some bold and italic and code, a link, a star * and 2 * 3.") == 0,
              "expected the marks taken out, got \"%s\"", para->text.s);
        unsigned seen = 0;
        for (int i = 0; i < para->text.n_spans; i++)
            seen |= para->text.spans[i].style;
        CHECK(seen == (LESSON_BOLD | LESSON_ITALIC | LESSON_MONO | LESSON_LINK),
              "expected all four styles, got %#x", seen);
        CHECK(p->blocks[2].kind == LESSON_ITEM && p->blocks[2].number == 0 &&
                  strcmp(p->blocks[2].text.s, "one continued") == 0,
              "expected a bullet with its continuation, got \"%s\"", p->blocks[2].text.s);
        CHECK(p->blocks[3].number == 3, "expected the numbered item 3, got %d", p->blocks[3].number);
        CHECK(p->blocks[4].kind == LESSON_NOTE, "expected a note");
        CHECK(p->blocks[5].kind == LESSON_CODE && strcmp(p->blocks[5].lang, "python") == 0 &&
                  strcmp(p->blocks[5].text.s, "x = 1  # one") == 0,
              "expected the python code as written, got \"%s\"", p->blocks[5].text.s);
    }
    CHECK(d->n_links == 1 && d->links[0].lesson == 4 && d->links[0].page == 2,
          "expected a link to lesson 4 page 2");
    CHECK(d->n_tries == 1 && d->n_quizzes == 1, "expected one try box and one quiz");
    const lesson_page *q = &d->pages[1];
    CHECK(q->n_blocks == 2 && q->blocks[0].box == 1 && q->blocks[1].kind == LESSON_QUIZ,
          "expected a box then a quiz");
    if (q->n_blocks == 2) {
        const lesson_block *quiz = &q->blocks[1];
        CHECK(quiz->n_choices == 2 && !quiz->choices[0].correct && quiz->choices[1].correct,
              "expected two answers, the second right");
        CHECK(strcmp(quiz->choices[0].feedback.s, "no more") == 0,
              "expected the feedback's lines joined, got \"%s\"", quiz->choices[0].feedback.s);
    }
    lesson_doc_free(d);
}

/* Damaged copies of the real lessons: every prefix at many cuts, and bytes changed at random. The
 * parser may refuse them; it must not crash or leak (AddressSanitizer watches). */
static void test_damaged_copies(void)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/fr/06-keras-sequential.md", lessons_dir);
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL, "expected %s", path);
    if (!f)
        return;
    char *text = malloc(LESSON_FILE_MAX);
    size_t n = text ? fread(text, 1, LESSON_FILE_MAX, f) : 0;
    fclose(f);
    char err[2048];
    int parsed = 0;
    for (size_t cut = 0; cut <= n; cut += n / 300 + 1) {
        lesson_doc *d = lesson_parse(text, cut, "cut.md", err, sizeof err);
        parsed += d != NULL;
        CHECK(d || strstr(err, "cut.md:"),
              "a cut at %zu: expected a lesson or a located message, got \"%.200s\"", cut, err);
        lesson_doc_free(d);
    }
    lesson_doc *whole = lesson_parse(text, n, "whole.md", err, sizeof err);
    CHECK(whole != NULL, "expected the whole file to parse: %s", err);
    lesson_doc_free(whole);
    uint32_t rng = 12345;
    char *copy = malloc(n ? n : 1);
    for (int round = 0; round < 1000 && copy; round++) {
        memcpy(copy, text, n);
        for (int k = 0; k < 8; k++) {
            rng = rng * 1664525u + 1013904223u;
            size_t at = (rng >> 8) % n;
            rng = rng * 1664525u + 1013904223u;
            static const char bytes[] = "\n\n*`[]()#@>-:x\0\xff\xc3 ";
            copy[at] = bytes[(rng >> 16) % (sizeof bytes - 1)];
        }
        lesson_doc *d = lesson_parse(copy, n, "damaged.md", err, sizeof err);
        CHECK(d || strncmp(err, "damaged.md:", 11) == 0, "round %d: expected a lesson or a located message",
              round);
        lesson_doc_free(d);
    }
    free(copy);
    free(text);
    CHECK(parsed >= 1, "expected some cuts of the file to parse");
}

/* ---- a folder of lessons ------------------------------------------------------------------------ */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL, "expected to write %s", path);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    char buf[65536];
    size_t n;
    while (in && out && (n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    int ok = in && out;
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    return ok ? 0 : -1;
}

/* An instructor drops an eleventh lesson into a copy of the folder: it comes last, in both languages,
 * with no rebuilding. */
static void test_eleventh_lesson(void)
{
    char dir[] = "/tmp/neurone-lessons-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "expected a temporary folder");
    char path[8192], from[8192];
    static const char *const langs[2] = { "fr", "en" };
    lesson_library lib;
    lesson_library_load(&lib, lessons_dir, NULL);
    for (int l = 0; l < 2; l++) {
        snprintf(path, sizeof path, "%s/%s", dir, langs[l]);
        mkdir(path, 0755);
        for (int k = 0; k < lib.n; k++) {
            const lesson_doc *d = lib.doc[k][l];
            if (!d)
                continue;
            const char *base = strrchr(d->path, '/');
            snprintf(from, sizeof from, "%s", d->path);
            snprintf(path, sizeof path, "%s/%s%s", dir, langs[l], base);
            CHECK(copy_file(from, path) == 0, "expected to copy %s", from);
        }
    }
    int n = lib.n;
    lesson_library_free(&lib);
    snprintf(path, sizeof path, "%s/fr/11-bilan.md", dir);
    write_file(path,
               "# Bilan\n\n## Ce que vous savez\n\nDu [neurone](01-neurone.md) au GPU.\n\n:::quiz\nPrêt ?\n"
               "- [x] Oui\n  > Bravo.\n- [ ] Non\n  > Relisez la [leçon 3](03).\n:::\n");
    snprintf(path, sizeof path, "%s/en/11-review.md", dir);
    write_file(
        path,
        "# Review\n\n## What you know\n\nFrom the [neuron](01-neuron.md) to the GPU.\n\n:::quiz\nReady?\n"
        "- [x] Yes\n  > Well done.\n- [ ] No\n  > Read [lesson 3](03) again.\n:::\n");
    int errors = lesson_load(dir);
    CHECK(errors == 0, "expected the folder with an eleventh lesson to load, got:\n%s", lesson_load_errors());
    CHECK(lesson_count() == n + 1, "expected %d lessons, got %d", n + 1, lesson_count());
    lang_set(LANG_EN);
    const lesson_def *last = lesson_get(lesson_count() - 1);
    CHECK(last && strcmp(last->title, "Review") == 0 && last->scene[0] == 0,
          "expected the eleventh lesson last, in English");
    lang_set(LANG_FR);
    last = lesson_get(lesson_count() - 1);
    CHECK(last && strcmp(last->title, "Bilan") == 0, "expected the eleventh lesson in French");
    CHECK(lesson_index_of(11) == n, "expected lesson 11 at index %d, got %d", n, lesson_index_of(11));
    /* in one language only: still there, with a warning */
    snprintf(path, sizeof path, "%s/en/11-review.md", dir);
    unlink(path);
    errors = lesson_load(dir);
    CHECK(errors == 0 && strstr(lesson_load_errors(), "no English file"),
          "expected a warning for the missing file, got:\n%s", lesson_load_errors());
    lang_set(LANG_EN);
    CHECK(lesson_count() == n + 1 && strcmp(lesson_get(n)->title, "Bilan") == 0,
          "expected the French lesson shown in English too");
    lang_set(LANG_FR);
    /* a broken file: its lesson stays, showing the error with its file and line */
    snprintf(path, sizeof path, "%s/fr/11-bilan.md", dir);
    write_file(path, "# Bilan\n\n```python\nprint(1)\n");
    errors = lesson_load(dir);
    CHECK(errors == 1 && strstr(lesson_load_errors(), "11-bilan.md:3: "),
          "expected one error at line 3, got %d:\n%s", errors, lesson_load_errors());
    CHECK(lesson_count() == n + 1 && lesson_get(n)->doc == NULL &&
              strstr(lesson_get(n)->pages[0], "11-bilan.md:3"),
          "expected the broken lesson listed with its error as its page");
    /* the same number twice, and a name without one */
    snprintf(path, sizeof path, "%s/fr/11-autre.md", dir);
    write_file(path, "# Autre\n\nTexte.\n");
    snprintf(path, sizeof path, "%s/fr/notes.md", dir);
    write_file(path, "# Notes\n");
    errors = lesson_load(dir);
    CHECK(strstr(lesson_load_errors(), "lesson 11 twice") &&
              strstr(lesson_load_errors(), "notes.md: ignored"),
          "expected the duplicate and the unnumbered file reported, got:\n%s", lesson_load_errors());
    /* a folder with nothing in it: one page that says where the lessons were looked for */
    errors = lesson_load("/nonexistent-lessons");
    CHECK(errors > 0 && lesson_count() == 1 && strstr(lesson_get(0)->pages[0], "/nonexistent-lessons"),
          "expected a lesson saying that none were found");
    lesson_load(lessons_dir);
    /* clean up */
    for (int l = 0; l < 2; l++) {
        snprintf(path, sizeof path, "%s/%s", dir, langs[l]);
        char cmd[8300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
        CHECK(system(cmd) == 0, "expected to remove %s", path);
    }
    rmdir(dir);
}

/* ---- rendering ------------------------------------------------------------------------------------ */

enum { W = 1024, H = 640 };

static int count_near(const uint8_t *img, int x0, int y0, int x1, int y1, uint32_t rgb, int tol)
{
    int r = (int)(rgb >> 16) & 255, g = (int)(rgb >> 8) & 255, b = (int)rgb & 255, n = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            const uint8_t *p = img + 4 * ((size_t)y * W + (size_t)x);
            n += abs(p[0] - r) <= tol && abs(p[1] - g) <= tol && abs(p[2] - b) <= tol;
        }
    return n;
}

/* Every page of every lesson, in both languages: the image is drawn, the lesson's text is in the
 * text panel, and nothing runs out of the panel into the gap beside it. */
static void test_render_every_page(void)
{
    uint8_t *img = malloc((size_t)W * H * 4);
    if (!img)
        return;
    int pages = 0;
    for (int lang = LANG_FR; lang <= LANG_EN; lang++) {
        lang_set(lang);
        for (int i = 0; i < lesson_count(); i++) {
            const lesson_def *l = lesson_get(i);
            for (int p = 0; p < l->n_pages; p++) {
                memset(img, 0, (size_t)W * H * 4);
                app_render_args r = { .lesson = i, .page = p, .width = W, .height = H };
                char err[1024];
                int rc = app_render_offscreen(&r, img, err, sizeof err);
                CHECK(rc == 0, "lesson %d page %d (%s): expected a clean render, got %d: %s", i + 1, p + 1,
                      lang ? "en" : "fr", rc, err);
                CHECK(img[((size_t)(H - 1) * W + (W - 1)) * 4 + 3] == 255,
                      "lesson %d page %d: expected %dx%d", i + 1, p + 1, W, H);
                /* the text panel: 12 px from the left, 260 px wide at this size; its text is dark */
                int text = count_near(img, 12, 200, 12 + 260, H - 60, 0x1f2328, 40);
                CHECK(text > 400, "lesson %d page %d (%s): expected text in the panel, got %d dark pixels",
                      i + 1, p + 1, lang ? "en" : "fr", text);
                /* the gap between the text panel and the scene holds only the background */
                if (l->scene[0]) {
                    int bg = count_near(img, 12 + 260 + 2, 62, 12 + 260 + 10, H - 12, 0xf3f4f6, 3);
                    CHECK(bg == 8 * (H - 74),
                          "lesson %d page %d (%s): expected nothing drawn between the panels, got %d "
                          "of %d pixels",
                          i + 1, p + 1, lang ? "en" : "fr", 8 * (H - 74) - bg, 8 * (H - 74));
                }
                pages++;
            }
        }
    }
    lang_set(LANG_FR);
    CHECK(pages >= 2 * 9 * 3, "expected every page rendered, got %d", pages);
    free(img);
}

/* ---- the mouse: a quiz answered, a link followed --------------------------------------------------- */

typedef struct driver { app a; ui_context *ui; } driver;

/* One frame with the mouse at x, y; pressed and released on successive frames make a click. */
static void frame_at(driver *d, float x, float y, int press, int release)
{
    ui_input in = { .mouse_x = x,
                    .mouse_y = y,
                    .mouse_down = press,
                    .mouse_pressed = press,
                    .mouse_released = release,
                    .time = 1 };
    ui_begin(d->ui, &in, W, H);
    app_frame(&d->a);
    ui_end(d->ui);
}

/* A headless app on lesson 1 with the fonts loaded; 0, or -1 (checked) when no UI could be made. */
static int driver_open(driver *d)
{
    d->ui = ui_create();
    char err[4200];
    CHECK(d->ui && app_load_fonts(d->ui, 1, err, sizeof err) == 0, "expected the fonts: %s", err);
    if (!d->ui)
        return -1;
    app_init(&d->a, d->ui, 0, 0);
    d->a.headless = 1;
    return 0;
}

static void driver_close(driver *d)
{
    app_shutdown(&d->a);
    app_free_fonts(d->ui);
    ui_free(d->ui);
}

static void click(driver *d, float x, float y)
{
    frame_at(d, x, y, 1, 0);
    frame_at(d, x, y, 0, 1);
}

static void test_quiz_and_link(void)
{
    driver d;
    if (driver_open(&d) < 0)
        return;
    /* lesson 1's last page holds its quizzes: click down the text panel until one is answered */
    int last = lesson_get(0)->n_pages - 1;
    app_go(&d.a, 0, last);
    frame_at(&d, -1000, -1000, 0, 0);
    int answered = -1;
    for (float y = 150; y < H - 80 && answered < 0; y += 6) {
        click(&d, 120, y);
        answered = lesson_view_answer(d.a.view, 0, 0);
    }
    CHECK(answered >= 0, "expected a click in the panel to answer the first quiz");
    CHECK(d.a.lesson == 0 && d.a.page == last, "expected the click to stay on the page");
    /* a link: lesson 1 links to lesson 2 from the page before its quiz */
    app_go(&d.a, 0, last - 1);
    frame_at(&d, -1000, -1000, 0, 0);
    for (float y = 150; y < H - 80 && d.a.lesson == 0; y += 5)
        for (float x = 30; x < 260 && d.a.lesson == 0; x += 20)
            click(&d, x, y);
    CHECK(d.a.lesson == 1 && d.a.page == 0, "expected the link to open lesson 2, got lesson %d page %d",
          d.a.lesson + 1, d.a.page + 1);
    driver_close(&d);
}

/* ---- a lesson's ```python model block ------------------------------------------------------------- */

static const char model_lesson[] =
    "# Le réseau\n"
    "\n"
    "@scene network\n"
    "\n"
    "## Un modèle en Keras\n"
    "\n"
    "```python model\n"
    "import keras\n"
    "from keras import layers\n"
    "model = keras.Sequential([\n"
    "    keras.Input(shape=(4,)),\n"
    "    layers.Dense(6, activation='tanh'),\n"
    "    layers.Dense(3, activation='softmax'),\n"
    "])\n"
    "```\n";

/* Parsed: the block is the config's code, with its line; the page still shows it as Python. */
static void test_model_block_parsed(void)
{
    char err[2048] = "";
    lesson_doc *d = lesson_parse(model_lesson, sizeof model_lesson - 1, "02-reseau.md", err, sizeof err);
    CHECK(d != NULL, "expected the lesson with a model block to parse, got:\n%s", err);
    if (!d)
        return;
    CHECK(d->config.code && strstr(d->config.code, "layers.Dense(6, activation='tanh')") &&
              !strstr(d->config.code, "```"),
          "expected the block's code in the config, got \"%s\"", d->config.code ? d->config.code : "(null)");
    CHECK(d->config.code_line == 7, "expected the block on line 7, got %d", d->config.code_line);
    const lesson_block *b = &d->pages[0].blocks[d->pages[0].n_blocks - 1];
    CHECK(b->kind == LESSON_CODE && strcmp(b->lang, "python") == 0, "expected the block shown as Python code");
    lesson_doc_free(d);
    static const struct { const char *text, *needle; } bad[] = {
        { "# T\n\n@scene network\n\n## S\n\n```python model\nx = 1\n```\n\n```python model\ny = 2\n```\n",
          "broken.md:11: one ```python model block a lesson (the first is on line 7)" },
        { "# T\n\n@scene network\n\n## S\n\n```text model\nx\n```\n",
          "broken.md:7: only a Python block is a scene's model" },
        { "# T\n\n## S\n\n```python model\nx = 1\n```\n",
          "broken.md:5: a ```python model block sets a scene's code, but the lesson has no @scene" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        err[0] = 0;
        d = lesson_parse(bad[i].text, strlen(bad[i].text), "broken.md", err, sizeof err);
        CHECK(d == NULL && strstr(err, bad[i].needle), "case %zu: expected \"%s\", got:\n%s", i, bad[i].needle, err);
        lesson_doc_free(d);
    }
}

static char copied[CODE_PANEL_BYTES];

static void copy_hook(void *user, const char *text, int len)
{
    (void)user;
    snprintf(copied, sizeof copied, "%.*s", len, text);
}

/* In the app: the scene builds the block's model, and its code panel shows the block; Copy all
 * hands the whole code to the clipboard. */
static void test_model_block_in_the_app(void)
{
    char dir[] = "/tmp/neurone-model-XXXXXX", path[4200];
    CHECK(mkdtemp(dir) != NULL, "expected a temporary folder");
    static const char *const files[2] = { "fr/02-reseau.md", "en/02-network.md" };
    for (int l = 0; l < 2; l++) {
        snprintf(path, sizeof path, "%s/%.2s", dir, files[l]);
        mkdir(path, 0755);
        snprintf(path, sizeof path, "%s/%s", dir, files[l]);
        write_file(path, model_lesson);
    }
    CHECK(lesson_load(dir) == 0, "expected the folder to load, got:\n%s", lesson_load_errors());
    driver d;
    if (driver_open(&d) == 0) {
        d.a.show_code = 1;
        for (int f = 0; f < 3; f++)
            frame_at(&d, -1000, -1000, 0, 0);
        void *scene = app_scene(&d.a);
        code_panel *p = scene && d.a.scene_class[0]->code ? d.a.scene_class[0]->code(scene) : NULL;
        CHECK(p && p->ready && !p->bad, "expected the code panel ready with code that reads");
        CHECK(p && strstr(p->text, "layers.Dense(6, activation='tanh')"), "expected the block as the panel's text");
        /* the scene took it: its settings are now the block's model */
        CHECK(p && p->settings.n_layers == 2 && p->settings.input_shape[0] == 4 && p->settings.layer[0].units == 6 &&
                  p->settings.layer[1].units == 3,
              "expected the scene's model 4-6-3, got %d layers", p ? p->settings.n_layers : -1);
        /* Copy all: the first button under the tabs, at the column's top left */
        d.ui->set_clipboard = copy_hook;
        for (float y = 108; y < 160 && !copied[0]; y += 4)
            click(&d, 40, y);
        CHECK(p && strcmp(copied, p->text) == 0, "expected Copy all to copy the whole code, got \"%.60s\"", copied);
        driver_close(&d);
    }
    lesson_load(lessons_dir);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "expected to remove %s", dir);
}

/* ---- links to the course ------------------------------------------------------------------------- */

static char opened_url[600];
static int browser_works;

static int open_hook(void *user, const char *url)
{
    (void)user;
    snprintf(opened_url, sizeof opened_url, "%s", url);
    return browser_works ? 0 : -1;
}

/* Every lesson, in both languages, links to its part of the course (the course's repository, its
 * notebooks in Colab, or its submission form). */
static void test_every_lesson_links_the_course(void)
{
    for (int l = 0; l < 2; l++) {
        lang_set(l ? LANG_EN : LANG_FR);
        for (int i = 0; i < lesson_count(); i++) {
            const lesson_doc *d = lesson_get(i)->doc;
            int course = 0;
            for (int k = 0; d && k < d->n_links; k++)
                course += d->links[k].url && (strstr(d->links[k].url, "modaresimr/AdvancedPython") ||
                                              strstr(d->links[k].url, "forms.gle/"));
            CHECK(course > 0, "expected lesson %d (%s) to link to its part of the course", i + 1,
                  l ? "en" : "fr");
        }
    }
    lang_set(LANG_FR);
}

/* Clicking a lesson's course link hands it to the browser and copies it; with no browser, the
 * notice says it is copied and shows it. */
static void test_course_link_click(void)
{
    driver d;
    if (driver_open(&d) < 0)
        return;
    d.ui->open_url = open_hook;
    d.ui->set_clipboard = copy_hook;
    for (int works = 0; works < 2; works++) {
        browser_works = works;
        opened_url[0] = copied[0] = 0;
        /* lesson 9's last page ends with its links: scroll to the bottom, then click down the panel */
        int li = 8, last = lesson_get(li)->n_pages - 1;
        app_go(&d.a, li, last);
        d.a.text_scroll = 1e6f;
        frame_at(&d, -1000, -1000, 0, 0);
        for (float y = 120; y < H - 60 && !opened_url[0]; y += 5)
            for (float x = 30; x < 300 && !opened_url[0]; x += 15)
                click(&d, x, y);
        CHECK(strstr(opened_url, "https://") == opened_url, "expected a click to open an address, got \"%s\"",
              opened_url);
        CHECK(strcmp(copied, opened_url) == 0, "expected the address copied too, got \"%s\"", copied);
        CHECK(d.a.lesson == li && d.a.page == last, "expected the page to stay open");
        CHECK(strstr(d.a.notice, opened_url) != NULL, "expected the notice to show the address: \"%s\"",
              d.a.notice);
        CHECK(strstr(d.a.notice, works ? "navigateur, et" : "Aucun navigateur") != NULL,
              "expected the notice to say whether a browser took it: \"%s\"", d.a.notice);
    }
    copied[0] = 0; /* the next test waits for Copy all's text there */
    driver_close(&d);
}

/* A :::notes box: its blocks are marked as notes, the presenter gathers them as text, and an open
 * one is an error naming its line. */
static void test_notes_box(void)
{
    static const char text[] = "# T\n\nA paragraph.\n\n:::notes\nSay this first.\n- then this\n:::\n\n---\n\n"
                               "## Page two\n\nText.\n";
    char err[4096];
    lesson_doc *d = lesson_parse(text, sizeof text - 1, "notes.md", err, sizeof err);
    CHECK(d != NULL, "expected the lesson with notes to parse: %s", err);
    if (!d)
        return;
    int notes = 0, plain = 0;
    for (int i = 0; i < d->pages[0].n_blocks; i++)
        d->pages[0].blocks[i].notes ? notes++ : plain++;
    CHECK(notes == 2 && plain == 1, "expected 2 blocks of notes and 1 of text on page 1, got %d and %d", notes, plain);
    lesson_def l = { .title = "T", .doc = d, .n_pages = d->n_pages };
    char out[256];
    int n = demo_page_notes(&l, 0, out, sizeof out);
    CHECK(n == 2 && strcmp(out, "Say this first.\n• then this") == 0, "expected the notes as text, got %d \"%s\"", n,
          out);
    CHECK(demo_page_notes(&l, 1, out, sizeof out) == 0 && !out[0], "expected page 2 without notes");
    lesson_doc_free(d);
    static const char open_box[] = "# T\n\nText.\n\n:::notes\nSay this.\n";
    expect_error("an open :::notes box", open_box, sizeof open_box - 1, 5, "the :::notes box opened here");
    static const char unknown[] = "# T\n\n:::hints\nx\n:::\n";
    expect_error("an unknown box", unknown, sizeof unknown - 1, 3, ":::notes");
}

/* Save model: lesson 5's trained model lands in NEURONE_SAVE_DIR as a file that nn_load reads back
 * with the scene's shape; the neuron's lesson has none, and says so. */
static void test_save_model(void)
{
    char dir[] = "/tmp/neurone-save-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "expected a temporary folder");
    setenv("NEURONE_SAVE_DIR", dir, 1);
    driver d;
    if (driver_open(&d) == 0) {
        app_key_pressed(&d.a, APP_KEY_SAVE_MODEL);
        CHECK(strstr(d.a.notice, "Rien à enregistrer") != NULL, "expected the neuron's lesson to have nothing to save: \"%s\"",
              d.a.notice);
        app_go(&d.a, 4, 0);
        void *scene = app_scene(&d.a);
        CHECK(scene && d.a.scene_class[4]->trainer_of, "expected lesson 5's scene to have a model to save");
        if (scene)
            d.a.scene_class[4]->advance(scene, &d.a, 20);
        app_key_pressed(&d.a, APP_KEY_SAVE_MODEL);
        const char *at = strstr(d.a.notice, dir);
        char path[600] = "";
        if (at)
            sscanf(at, "%599s", path);
        CHECK(at && strstr(path, ".nn"), "expected the notice to name the saved file in %s: \"%s\"", dir, d.a.notice);
        nn_model *m = path[0] ? nn_load(path) : NULL;
        CHECK(m != NULL, "expected nn_load to read %s back: %s", path, m ? "" : nn_error());
        /* lesson 5's model: 2-8-8-2, three Dense layers */
        CHECK(m && nn_layer_count(m) == 3 && nn_count_params(m) == 2 * 8 + 8 + 8 * 8 + 8 + 8 * 2 + 2,
              "expected the 2-8-8-2 model back, got %d layers, %ld parameters", m ? nn_layer_count(m) : -1,
              m ? nn_count_params(m) : -1L);
        nn_free(m);
        driver_close(&d);
    }
    unsetenv("NEURONE_SAVE_DIR");
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "expected to remove %s", dir);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_lessons SOURCE_ROOT\n");
        return 2;
    }
    snprintf(lessons_dir, sizeof lessons_dir, "%s/lessons", argv[1]);
    setenv("XDG_CONFIG_HOME", "/tmp/neurone-test-lessons-config", 1);
    lang_set(LANG_FR);
    RUN(test_every_lesson_parses);
    RUN(test_same_sections);
    RUN(test_scenes_and_images);
    RUN(test_broken_files);
    RUN(test_directive_checks);
    RUN(test_typed_values);
    RUN(test_engine_names);
    RUN(test_course_table);
    RUN(test_good_file);
    RUN(test_damaged_copies);
    RUN(test_model_block_parsed);
    RUN(test_notes_box);
    if (TTF_Init() < 0) {
        fprintf(stderr, "FAIL TTF_Init: %s\n", TTF_GetError());
        return 1;
    }
    lesson_load(lessons_dir);
    RUN(test_eleventh_lesson);
    RUN(test_render_every_page);
    RUN(test_quiz_and_link);
    RUN(test_every_lesson_links_the_course);
    RUN(test_course_link_click);
    RUN(test_save_model);
    RUN(test_model_block_in_the_app);
    TTF_Quit();
    lesson_unload();
    data_free_all();
    return failures != 0;
}
