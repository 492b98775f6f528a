/* check_layout.c — neurone --check-layout: every lesson's every page, built offscreen in French and
 * English, on the desk at 1024x640 and 1280x800 and in demo mode at 1920x1080 and 1280x720, with
 * the lesson's text and (where the scene has a model) its Keras code in the column, before and
 * after 200 training steps; the widget layer's checker (ui_check.c) says which texts are clipped,
 * cut or overlapping, one line each.
 *
 * Frames are built, never rasterised: the checker reads the command list. One app per lesson and
 * language walks the pages as a student would, and is shown on the four screens in turn (the
 * widget layer of each, made once for the whole run, swapped in): its scene is made once and
 * trained once, headless, between the untrained walk and the trained one. Training 200 steps
 * for each screen cost the GPU lesson minutes on a software Vulkan. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "app_run.h"
#include "demo.h"
#include "lang.h"
#include "lesson.h"

enum { CHECK_STEPS = 200, MAX_PROBLEMS = 256, N_SCREENS = 4 };

typedef struct screen { int w, h, demo; } screen;

static const screen screens[N_SCREENS] = { { 1024, 640, 0 }, { 1280, 800, 0 }, { 1920, 1080, 1 },
                                           { 1280, 720, 1 } };

/* One walk: a lesson in a language, on each screen in turn. */
typedef struct walk {
    app a;
    demo d;
    const screen *sc;         /* the screen shown now */
    ui_context *ui[N_SCREENS]; /* each screen's widget layer, recording its text */
    double t;                 /* the fixed clock, a second later each frame, as --screenshot's */
    int problems;             /* lines printed */
    ui_problem found[MAX_PROBLEMS];
} walk;

static void frame(walk *w)
{
    ui_input in = { .mouse_x = -1000, .mouse_y = -1000, .time = w->t };
    w->a.time = w->t;
    w->t += 1;
    ui_begin(w->a.ui, &in, (float)w->sc->w, (float)w->sc->h);
    if (w->sc->demo)
        demo_frame(&w->d, &w->a);
    else
        app_frame(&w->a);
    ui_end(w->a.ui);
}

static const char *flaw_name(int flaw)
{
    return flaw == UI_FLAW_CLIPPED ? "clipped" : flaw == UI_FLAW_CUT ? "cut" : flaw == UI_FLAW_COVERED ? "covered"
                                                                                             : "overlaps";
}

/* The page's last frame judged; its problems printed, one line each. */
static void check_page(walk *w, int page, int steps)
{
    app_go(&w->a, w->a.lesson, page);
    w->a.text_scroll = 0; /* the page as it opens, whatever the last screen scrolled */
    /* scenes read their trainers' snapshots and lay out on the first frames; the clock of
     * --screenshot's frames, so that animations stand where the screenshots show them */
    w->t = 100;
    for (int f = 0; f < 3; f++)
        frame(w);
    int n = ui_check_problems(w->a.ui, w->found, MAX_PROBLEMS);
    char where[160];
    snprintf(where, sizeof where, "lesson %d page %d, %dx%d, %s%s%s", w->a.lesson + 1, page + 1, w->sc->w,
             w->sc->h, lang_current() == LANG_EN ? "en" : "fr", w->sc->demo ? ", demo" : "",
             w->a.show_code ? ", code" : "");
    for (int i = 0; i < n && i < MAX_PROBLEMS; i++) {
        const ui_problem *p = &w->found[i];
        printf("%s", where);
        if (steps)
            printf(", steps %d", steps);
        printf(": \"%s\" %s", p->text, flaw_name(p->flaw));
        if (p->flaw == UI_FLAW_OVERLAPS)
            printf(" \"%s\"", p->other);
        printf("\n");
    }
    if (n > MAX_PROBLEMS)
        printf("%s: %d more problems\n", where, n - MAX_PROBLEMS);
    w->problems += n;
}

/* Every page of the current lesson, with the lesson's text and then with its code in the column. */
static void check_pages(walk *w, int steps)
{
    void *s = app_scene(&w->a);
    int codes = s && w->a.scene_class[w->a.lesson]->code ? 2 : 1;
    for (int code = 0; code < codes; code++) {
        w->a.show_code = code;
        for (int p = 0; p < lesson_get(w->a.lesson)->n_pages; p++)
            check_page(w, p, steps);
    }
    w->a.show_code = 0;
}

/* Every page on every screen, the scene as it stands. */
static void check_screens(walk *w, int steps)
{
    demo_options dopt = { .on = 1 };
    for (int k = 0; k < N_SCREENS; k++) {
        w->sc = &screens[k];
        w->a.ui = w->ui[k];
        w->a.demo = 0;
        if (w->sc->demo)
            demo_start(&w->d, &dopt, &w->a, NULL);
        check_pages(w, steps);
        if (w->sc->demo)
            demo_stop(&w->d);
    }
}

/* One lesson in the current language: untrained, then trained CHECK_STEPS steps, on every screen.
 * Returns the problems. */
static int check_lesson(walk *w, int lesson)
{
    w->problems = 0;
    w->t = 100;
    w->sc = &screens[0];
    app_init(&w->a, w->ui[0], lesson, 0);
    w->a.headless = 1;
    app_go(&w->a, lesson, 0);
    void *s = app_scene(&w->a);
    const scene_class *c = w->a.scene_class[lesson];
    /* a lesson's ```python code is read on the first frames; the data loads before any step */
    for (int f = 0; f < 2; f++)
        frame(w);
    if (s && c->advance)
        c->advance(s, &w->a, 0);
    check_screens(w, 0);
    if (s && c->advance && !w->a.error[0]) {
        c->advance(s, &w->a, CHECK_STEPS);
        check_screens(w, CHECK_STEPS);
    }
    if (w->a.error[0])
        fprintf(stderr, "neurone: --check-layout: lesson %d: the scene's error: %s\n", lesson + 1, w->a.error);
    app_shutdown(&w->a);
    return w->problems;
}

/* The widget layer for a screen, recording its text: the desk's at scale 1, demo mode's. */
static ui_context *make_ui(const screen *sc)
{
    ui_context *ui;
    if (!sc->demo)
        ui = app_make_ui(1);
    else {
        char err[4200];
        demo_options dopt = { .on = 1 };
        ui = ui_create();
        if (ui && demo_apply(ui, &dopt, sc->w, sc->h, err, sizeof err) < 0) {
            fprintf(stderr, "neurone: %s\n", err);
            ui_free(ui);
            ui = NULL;
        }
    }
    if (ui)
        ui->check = ui_check_create();
    if (ui && !ui->check) {
        fprintf(stderr, "neurone: out of memory\n");
        app_free_ui(ui);
        ui = NULL;
    }
    return ui;
}

static void free_uis(walk *w)
{
    for (int k = 0; k < N_SCREENS; k++)
        if (w->ui[k]) {
            ui_check_free(w->ui[k]->check);
            w->ui[k]->check = NULL;
            app_free_ui(w->ui[k]);
            w->ui[k] = NULL;
        }
}

int app_check_layout(const app_options *o)
{
    static walk w; /* large: the problems of a frame */
    int total = 0, lessons = 0, first = o->lesson < 0 ? 0 : o->lesson;
    int last = o->lesson < 0 ? lesson_count() - 1 : o->lesson;
    int lang0 = lang_current();
    for (int k = 0; k < N_SCREENS; k++)
        if (!(w.ui[k] = make_ui(&screens[k]))) {
            free_uis(&w);
            return 2;
        }
    for (int lang = LANG_FR; lang <= LANG_EN; lang++) {
        lang_set(lang);
        for (int l = first; l <= last; l++)
            total += check_lesson(&w, l);
    }
    free_uis(&w);
    lang_set(lang0);
    lessons = last - first + 1;
    printf("check-layout: %d lesson%s, fr and en, 4 screens, 0 and %d steps: %d problem%s\n", lessons,
           lessons > 1 ? "s" : "", CHECK_STEPS, total, total == 1 ? "" : "s");
    return total ? 1 : 0;
}
