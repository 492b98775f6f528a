/* test_glossary_ui.c — the words and numbers the scenes draw, as lessons/glossary.*.txt asks and
 * where tests/glossary_check.py, which reads only the source, cannot see: numbers formatted at
 * run time get a decimal comma in French and a point in English (lang_decimals); the built-in
 * tables' class names are French in French; the network drawings name a hidden layer as the text
 * does ("Cachée 1", never "C1") and write a shape 2-8-8-8-2, as the lesson does. Each check reads
 * the text runs of a whole frame of the app. */
#include <SDL_ttf.h>
#include <stdlib.h>

#include "app.h"
#include "check.h"
#include "data.h"
#include "lang.h"
#include "lessonfile.h"

enum { W = 1280, H = 800 };

static double clock_s = 100;

static void frame(app *a)
{
    ui_input in = { .mouse_x = -1000, .mouse_y = -1000, .time = clock_s };
    a->time = clock_s;
    clock_s += 2;
    ui_begin(a->ui, &in, W, H);
    app_frame(a);
    ui_end(a->ui);
}

/* The first text run of the last frame that contains part, copied into out; 0 when none. */
static int find_text(const ui_context *ui, const char *part, char *out, size_t n)
{
    for (int i = 0; i < ui->ncmds[0]; i++) {
        const ui_cmd *c = &ui->cmds[0][i];
        if (c->kind != UI_CMD_TEXT)
            continue;
        snprintf(out, n, "%.*s", c->count, ui->text + c->first);
        if (strstr(out, part))
            return 1;
    }
    return 0;
}

/* A text run that is a hidden layer's abbreviation ("C1", "H2"), or a shape with arrows. */
static int find_variant(const ui_context *ui, char *out, size_t n)
{
    for (int i = 0; i < ui->ncmds[0]; i++) {
        const ui_cmd *c = &ui->cmds[0][i];
        const char *s = ui->text + c->first;
        if (c->kind != UI_CMD_TEXT)
            continue;
        snprintf(out, n, "%.*s", c->count, s);
        int abbrev = c->count == 2 && (s[0] == 'C' || s[0] == 'H') && s[1] >= '0' && s[1] <= '9';
        if (abbrev || (strstr(out, "→") && strpbrk(out, "0123456789")))
            return 1;
    }
    return 0;
}

static int lesson_of(const char *scene)
{
    for (int i = 0; i < lesson_count(); i++)
        if (strcmp(lesson_get(i)->scene, scene) == 0)
            return i;
    return -1;
}

static void test_decimals(void)
{
    char s[64];
    lang_set(LANG_FR);
    snprintf(s, sizeof s, "b = 0.20 · 2-8-8-2 · 91.4 %% · fin.");
    CHECK(strcmp(lang_decimals(s), "b = 0,20 · 2-8-8-2 · 91,4 % · fin.") == 0, "French: got \"%s\"", s);
    lang_set(LANG_EN);
    snprintf(s, sizeof s, "b = 0.20 · 60,000");
    CHECK(strcmp(lang_decimals(s), "b = 0.20 · 60,000") == 0, "English: expected it unchanged, got \"%s\"", s);
    CHECK(strcmp(data_class_label("malignant"), "malignant") == 0, "English: expected malignant");
    lang_set(LANG_FR);
    CHECK(strcmp(data_class_label("malignant"), "maligne") == 0 && strcmp(data_class_label("class_1"), "classe 1") == 0,
          "French: expected maligne and classe 1, got %s and %s", data_class_label("malignant"),
          data_class_label("class_1"));
    CHECK(strcmp(data_class_label("setosa"), "setosa") == 0 && data_class_label(NULL) == NULL,
          "expected other names unchanged");
}

/* The neuron's bias tag: "b = 0,20" in French, "b = 0.20" in English. */
static void test_neuron(ui_context *ui, int lang)
{
    lang_set(lang);
    app a;
    app_init(&a, ui, lesson_of("neuron"), 0);
    frame(&a);
    frame(&a);
    char t[256];
    int found = find_text(ui, "b = ", t, sizeof t);
    const char *mark = lang == LANG_FR ? "," : ".";
    CHECK(found && strstr(t, mark) && !strstr(t, lang == LANG_FR ? "." : ","),
          "%s: expected the bias with a decimal '%s', got \"%s\"", lang == LANG_FR ? "fr" : "en", mark,
          found ? t : "(none)");
    app_shutdown(&a);
}

/* The deep-network lesson: both drawings' layers named in full or numbered, the shapes as the
 * lesson writes them. */
static void test_shapes(ui_context *ui, int lang)
{
    lang_set(lang);
    app a;
    app_init(&a, ui, lesson_of("versus"), 0);
    for (int i = 0; i < 4; i++)
        frame(&a);
    char t[256];
    CHECK(find_text(ui, "2-8-8-8-2", t, sizeof t) && find_text(ui, "2-32-2", t, sizeof t),
          "expected the shapes 2-32-2 and 2-8-8-8-2 on the lanes");
    CHECK(!find_variant(ui, t, sizeof t), "expected no \"C1\" nor arrows in a shape, got \"%s\"", t);
    app_shutdown(&a);
    app_init(&a, ui, lesson_of("network"), 0);
    frame(&a);
    frame(&a);
    CHECK(find_text(ui, lang == LANG_FR ? "Cachée 1" : "Hidden 1", t, sizeof t),
          "expected the network's hidden layer named as in the text");
    CHECK(!find_variant(ui, t, sizeof t), "expected no \"C1\" nor arrows in a shape, got \"%s\"", t);
    app_shutdown(&a);
}

int main(void)
{
    setenv("XDG_CONFIG_HOME", "/tmp/neurone-test-glossary-config", 1);
    if (TTF_Init() < 0) {
        fprintf(stderr, "FAIL TTF_Init: %s\n", TTF_GetError());
        return 1;
    }
    ui_context *ui = ui_create();
    char err[4200];
    if (!ui || app_load_fonts(ui, 1, err, sizeof err) < 0) {
        fprintf(stderr, "FAIL fonts: %s\n", ui ? err : "out of memory");
        return 1;
    }
    test_decimals();
    CHECK(lesson_of("neuron") >= 0 && lesson_of("versus") >= 0 && lesson_of("network") >= 0,
          "expected the neuron, network and deep-network lessons");
    for (int lang = LANG_FR; lang <= LANG_EN && !failures; lang++) {
        test_neuron(ui, lang);
        test_shapes(ui, lang);
    }
    app_free_fonts(ui);
    ui_free(ui);
    TTF_Quit();
    data_free_all();
    printf("%s glossary_ui\n", failures ? "FAIL" : "ok  ");
    return failures != 0;
}
