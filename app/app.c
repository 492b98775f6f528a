/* app.c — the lesson runner: the lesson bar, the pages of text, the scene beside them, keys,
 * progress, the error dialog. SDL-free: the window (window_loop.c) or offscreen.c feeds it input
 * and renders its frames. */
#include "app.h"

#include <SDL_ttf.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "code_panel.h"
#include "font.h"
#include "lang.h"
#include "lesson_view.h"
#include "nn.h"

/* ---- scenes ------------------------------------------------------------------------------------- */

const scene_class *scene_class_of(lesson_scene s)
{
    static const scene_class *const classes[LESSON_N_SCENES] = {
#define SCENE_ENTRY(ID, name) [LESSON_SCENE_##ID] = &scene_##name,
        LESSON_SCENES(SCENE_ENTRY)
#undef SCENE_ENTRY
    };
    return s >= 0 && s < LESSON_N_SCENES ? classes[s] : NULL;
}

const scene_class *scene_find(const char *name)
{
    return scene_class_of(lesson_scene_of(name));
}

void *app_scene(app *a)
{
    int i = a->lesson;
    if (a->scene[i])
        return a->scene[i];
    const lesson_def *l = lesson_get(i);
    if (!l || !l->scene[0])
        return NULL; /* a lesson of text only */
    const scene_class *c = scene_class_of(l->config->scene);
    if (!c) {
        app_error(a, TR("La leçon %d demande une scène inconnue : « %s ».",
                        "Lesson %d asks for an unknown scene: \"%s\"."), i + 1, l->scene);
        return NULL;
    }
    a->scene_class[i] = c;
    a->scene[i] = c->create(a, l->config);
    return a->scene[i];
}

/* ---- life --------------------------------------------------------------------------------------- */

int app_init(app *a, ui_context *ui, int first, int save_progress)
{
    memset(a, 0, sizeof *a);
    a->ui = ui;
    a->save_progress = save_progress;
    a->view = lesson_view_create(); /* NULL when out of memory: the pages show as plain text */
    int page = 0;
    if (lesson_progress_load(&a->progress) == 0 && first < 0) {
        first = a->progress.lesson;
        page = a->progress.page;
    }
    if (!save_progress)
        a->progress = (lesson_progress){ 0 };
    /* the quizzes answered before, with their feedback (none for screenshots and tests) */
    for (int li = 0; li < LESSON_MAX; li++)
        for (int q = 0; q < LESSON_QUIZZES_MAX; q++)
            if (a->progress.answer[li][q] > 0)
                lesson_view_set_answer(a->view, li, q, a->progress.answer[li][q] - 1);
    app_go(a, first < 0 ? 0 : first, page);
    return 0;
}

void app_shutdown(app *a)
{
    lesson_view_free(a->view);
    a->view = NULL;
    for (int i = 0; i < LESSON_MAX; i++)
        if (a->scene[i]) {
            a->scene_class[i]->destroy(a->scene[i]);
            a->scene[i] = NULL;
        }
}

void app_error(app *a, const char *fmt, ...)
{
    if (a->error[0])
        return; /* one dialog at a time: the first failure is usually the cause of the rest */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->error, sizeof a->error, fmt, ap);
    va_end(ap);
    if (a->headless)
        fprintf(stderr, "neurone: %s\n", a->error);
}

/* ---- navigation --------------------------------------------------------------------------------- */

/* Writes the progress file when the app keeps one; a failure is said once, in the error dialog. */
static void write_progress(app *a)
{
    if (a->save_progress && lesson_progress_save(&a->progress) < 0) {
        char path[4200];
        if (lesson_progress_path(path, sizeof path) < 0)
            snprintf(path, sizeof path, "~/.config/neurone/progress");
        app_error(a, TR("Impossible d'enregistrer la progression dans %s : %s",
                        "Cannot save the progress in %s: %s"), path, strerror(errno));
        a->save_progress = 0; /* say it once */
    }
}

/* Copies the answers the student picked on the lesson shown into the progress, saved when one
 * changed. */
static void keep_answers(app *a)
{
    if (!a->view)
        return;
    int changed = 0;
    for (int q = 0; q < LESSON_QUIZZES_MAX; q++) {
        signed char got = (signed char)(lesson_view_answer(a->view, a->lesson, q) + 1);
        if (got != a->progress.answer[a->lesson][q]) {
            a->progress.answer[a->lesson][q] = got;
            changed = 1;
        }
    }
    if (changed)
        write_progress(a);
}

void app_go(app *a, int li, int page)
{
    int n = lesson_count();
    li = li < 0 ? 0 : li >= n ? n - 1 : li;
    const lesson_def *l = lesson_get(li);
    page = page < 0 ? 0 : page >= l->n_pages ? l->n_pages - 1 : page;
    if (li != a->lesson && a->scene[a->lesson] && a->scene_class[a->lesson]->leave)
        a->scene_class[a->lesson]->leave(a->scene[a->lesson], a);
    if (li != a->lesson || page != a->page)
        a->text_scroll = 0;
    a->lesson = li;
    a->page = page;
    a->progress.lesson = li;
    a->progress.page = page;
    a->progress.visited |= 1u << li;
    write_progress(a);
}

void app_open_url(app *a, const char *url)
{
    ui_context *ui = a->ui;
    if (ui->set_clipboard)
        ui->set_clipboard(ui->clipboard_user, url, (int)strlen(url));
    int opened = ui->open_url && ui->open_url(ui->clipboard_user, url) == 0;
    if (opened)
        app_notice(a, TR("Ouvert dans le navigateur, et copié : %.1000s", "Opened in the browser, and copied: %.1000s"),
                   url);
    else
        app_notice(a,
                   TR("Aucun navigateur ici : l'adresse est copiée, à coller ailleurs : %.1000s",
                      "No browser here: the address is copied, to paste elsewhere: %.1000s"),
                   url);
}

/* The notice (app_open_url) at the bottom of the text, above the page buttons, while it lasts;
 * returns the height it takes from the text. */
static float notice_height(app *a, float w)
{
    if (!a->notice[0] || a->time >= a->notice_until)
        return 0;
    return ui_wrapped_height(a->ui, UI_FONT_SMALL, a->notice, w - ui_px(a->ui, 16)) + ui_px(a->ui, 14);
}

static void draw_notice(app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    ui_fill_round_rect(ui, r, ui_px(ui, 4), ui_alpha(ui->theme.accent_dim, 0.9f));
    ui_draw_wrapped(ui, UI_FONT_SMALL, a->notice, r.x + ui_px(ui, 8), r.y + ui_px(ui, 5),
                    r.w - ui_px(ui, 16), ui->theme.text);
    a->busy = 1; /* the loop wakes when the notice must go */
}

void app_offscreen_page(app *a, const app_render_args *r)
{
    a->show_code = r->show_code;
    app_go(a, a->lesson, r->page);
    if (r->open && app_open_file(a, r->open) == 0)
        app_go(a, a->lesson, r->page); /* --page: of the lesson that opened the file */
    void *s = app_scene(a);
    if (s && a->scene_class[a->lesson]->advance)
        a->scene_class[a->lesson]->advance(s, a, r->steps);
}

void app_key_pressed(app *a, app_key k)
{
    const lesson_def *l = lesson_get(a->lesson);
    switch (k) {
    case APP_KEY_NEXT:
        if (a->page + 1 < l->n_pages)
            app_go(a, a->lesson, a->page + 1);
        else if (a->lesson + 1 < lesson_count())
            app_go(a, a->lesson + 1, 0);
        break;
    case APP_KEY_PREV:
        if (a->page > 0)
            app_go(a, a->lesson, a->page - 1);
        else if (a->lesson > 0)
            app_go(a, a->lesson - 1, lesson_get(a->lesson - 1)->n_pages - 1);
        break;
    case APP_KEY_NEXT_LESSON:
        app_go(a, a->lesson + 1, 0);
        break;
    case APP_KEY_PREV_LESSON:
        app_go(a, a->lesson - 1, 0);
        break;
    case APP_KEY_PLAY: {
        void *s = app_scene(a);
        if (s && a->scene_class[a->lesson]->play)
            a->scene_class[a->lesson]->play(s, a);
        break;
    }
    case APP_KEY_FULLSCREEN:
        a->want_fullscreen = !a->want_fullscreen;
        break;
    case APP_KEY_QUIT:
        a->quit = 1;
        break;
    case APP_KEY_SAVE_MODEL:
        app_save_model(a);
        break;
    }
}

void app_key_typed(app *a, app_key k)
{
    if (k == APP_KEY_QUIT || !ui_text_focused(a->ui))
        app_key_pressed(a, k);
}

/* The scene that reads the student's files: exercise 2's, unless the current lesson's scene is the
 * training one, which takes a table too (its data menu then offers it, a map on two columns). */
static const char *const file_scene = "compare", *const table_scene = "training";

/* A .py or .ipynb: into the code panel of the current lesson's scene (when it has a model), once
 * the panel has its first code (app_frame). */
static int open_code_file(app *a, const char *path)
{
    const scene_class *c = scene_class_of(lesson_get(a->lesson)->config->scene);
    if (!c || !c->code) {
        app_error(a, TR("Cette leçon n'a pas de modèle où lire du code Keras : %s",
                        "This lesson has no model to read Keras code into: %s"), path);
        return -1;
    }
    snprintf(a->code_file, sizeof a->code_file, "%s", path);
    a->show_code = 1;
    return 0;
}

int app_open_file(app *a, const char *path)
{
    const char *dot = strrchr(path, '.');
    /* a saved model is told by its first bytes, whatever its name */
    if ((dot && (strcmp(dot, ".py") == 0 || strcmp(dot, ".ipynb") == 0)) || code_panel_is_model(path))
        return open_code_file(a, path);
    snprintf(a->dropped, sizeof a->dropped, "%s", path);
    if (strcmp(lesson_get(a->lesson)->scene, file_scene) == 0 || strcmp(lesson_get(a->lesson)->scene, table_scene) == 0)
        return 0;
    for (int i = 0; i < lesson_count(); i++)
        if (strcmp(lesson_get(i)->scene, file_scene) == 0) {
            app_go(a, i, 0);
            return 0;
        }
    a->dropped[0] = 0;
    app_error(a, TR("Aucune leçon n'ouvre de fichier CSV (il faudrait une leçon avec @scene compare) : %s",
                    "No lesson opens CSV files (a lesson with @scene compare is needed): %s"), path);
    return -1;
}

int app_take_file(app *a, char *out, size_t n)
{
    if (!a->dropped[0])
        return 0;
    snprintf(out, n, "%s", a->dropped);
    a->dropped[0] = 0;
    return 1;
}

/* ---- fonts -------------------------------------------------------------------------------------- */

int app_load_fonts(ui_context *ui, float scale, char *err, size_t n)
{
    static const char *files[UI_FONT_COUNT] = {
        [UI_FONT_BODY] = "DejaVuSans.ttf", [UI_FONT_SMALL] = "DejaVuSans.ttf",
        [UI_FONT_BOLD] = "DejaVuSans-Bold.ttf", [UI_FONT_HEADING] = "DejaVuSans-Bold.ttf",
        [UI_FONT_TITLE] = "DejaVuSans-Bold.ttf", [UI_FONT_MONO] = "DejaVuSansMono.ttf",
        [UI_FONT_ITALIC] = "DejaVuSans.ttf", [UI_FONT_CODE] = "DejaVuSansMono.ttf",
        [UI_FONT_CODE_SMALL] = "DejaVuSansMono.ttf",
    };
    ui_font *loaded[UI_FONT_COUNT] = { 0 };
    for (int i = 0; i < UI_FONT_COUNT; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/fonts/%s", nn_data_dir(), files[i]);
        int px = (int)lroundf(ui->theme.font_pt[i] * scale);
        loaded[i] = font_open(path, px < 6 ? 6 : px);
        if (!loaded[i]) {
            snprintf(err, n, "%s: %s", path, SDL_GetError());
            for (int k = 0; k < i; k++)
                font_close(loaded[k]);
            return -1;
        }
        /* DejaVu's oblique face is not in fonts-dejavu-core: SDL_ttf slants the regular one */
        if (i == UI_FONT_ITALIC)
            font_set_style(loaded[i], TTF_STYLE_ITALIC);
    }
    app_free_fonts(ui);
    memcpy(ui->fonts, loaded, sizeof loaded);
    ui->scale = scale;
    return 0;
}

void app_free_fonts(ui_context *ui)
{
    for (int i = 0; i < UI_FONT_COUNT; i++) {
        font_close(ui->fonts[i]);
        ui->fonts[i] = NULL;
    }
}

/* ---- drawing ------------------------------------------------------------------------------------ */

/* A panel's edge: the translucent round rect s under the opaque panel, drawn only where the panel
 * leaves it visible. Blended over the whole panel, it cost the CPU rasteriser a fifth of a frame
 * (every panel's area, each frame); the interior it skips is the panel's straight part, two pixels
 * in from its edges, which the opaque fill covers whatever lies under it. */
static void panel_edge(ui_context *ui, ui_rect s, ui_rect panel, float rad, ui_color c)
{
    /* the bands reach past s by its anti-aliased feather */
    float x0 = floorf(s.x) - 2, y0 = floorf(s.y) - 2, x1 = ceilf(s.x + s.w) + 2, y1 = ceilf(s.y + s.h) + 2;
    float ix0 = ceilf(panel.x) + 2, ix1 = floorf(panel.x + panel.w) - 2;
    float iy0 = ceilf(panel.y + rad) + 2, iy1 = floorf(panel.y + panel.h - rad) - 2;
    if (ix1 <= ix0 || iy1 <= iy0) {
        ui_fill_round_rect(ui, s, rad, c);
        return;
    }
    const ui_rect bands[4] = { { x0, y0, x1 - x0, iy0 - y0 }, { x0, iy1, x1 - x0, y1 - iy1 },
                               { x0, iy0, ix0 - x0, iy1 - iy0 }, { ix1, iy0, x1 - ix1, iy1 - iy0 } };
    for (int k = 0; k < 4; k++) {
        ui_push_clip(ui, bands[k]);
        ui_fill_round_rect(ui, s, rad, c);
        ui_pop_clip(ui);
    }
}

ui_rect app_panel(ui_context *ui, ui_rect r, const char *title)
{
    const ui_theme *th = &ui->theme;
    float rad = ui_px(ui, 8);
    ui_note_panel(ui, r);
    panel_edge(ui, (ui_rect){ r.x, r.y + 1, r.w, r.h }, ui_rect_inset(r, 1), rad, ui_alpha(th->border, 0.7f));
    ui_fill_round_rect(ui, ui_rect_inset(r, 1), rad - 1, th->panel);
    ui_rect in = ui_rect_inset(r, ui_px(ui, th->padding));
    if (title) {
        ui_push_clip(ui, (ui_rect){ in.x, in.y, in.w, ui_line_height(ui, UI_FONT_HEADING) });
        ui_draw_text(ui, UI_FONT_HEADING, title, -1, in.x, in.y, th->text);
        ui_pop_clip(ui);
        float h = ui_line_height(ui, UI_FONT_HEADING) + ui_px(ui, 8);
        in.y += h;
        in.h -= h;
    }
    return in;
}

/* Save model, left of the language switch, for a scene with a model to save; returns the width it
 * takes (0 without it). right: what the bar keeps at its right end for the switch. */
static float save_button(app *a, ui_rect bar, float right)
{
    ui_context *ui = a->ui;
    const lesson_def *l = lesson_get(a->lesson);
    const scene_class *c = l ? scene_find(l->scene) : NULL;
    void *s = a->scene[a->lesson];
    if (!c || !c->trainer_of || !s || !c->trainer_of(s))
        return 0; /* shown once the scene has a model (the network scene's MNIST one, say) */
    const char *label = TR("Enregistrer##savemodel", "Save##savemodel");
    float w = ui_text_width(ui, UI_FONT_BODY, TR("Enregistrer", "Save"), -1) + ui_px(ui, 20), h = ui_px(ui, 26);
    ui_rect b = { bar.x + bar.w - right - ui_px(ui, 10) - w, bar.y + (bar.h - h) / 2, w, h };
    if (ui_button_at(ui, b, label, 0, 1))
        app_save_model(a);
    ui_tooltip(ui, b, TR("Enregistrer le modèle entraîné (Ctrl+Maj+S)", "Save the trained model (Ctrl+Shift+S)"));
    return w + ui_px(ui, 10);
}

/* Lesson i's number cell: a circle, or a capsule for two digits (lesson 10 and after). */
static float lesson_number_w(ui_context *ui, int i, float step)
{
    char num[16];
    snprintf(num, sizeof num, "%d", i + 1);
    return fmaxf(step, ui_text_width(ui, UI_FONT_BOLD, num, -1) + ui_px(ui, 14));
}

/* The lesson bar: the app's name, one numbered step per lesson (the current one with its title),
 * and the language switch. */

static void lesson_bar(app *a, ui_rect bar)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    ui_fill_rect(ui, bar, th->header);
    float pad = ui_px(ui, 16), cy = bar.y + bar.h * 0.5f;
    float x = bar.x + pad;
    /* a small neuron as the logo */
    float lr = ui_px(ui, 9);
    ui_line(ui, x, cy - lr, x + lr * 1.3f, cy, ui_px(ui, 2), th->positive);
    ui_line(ui, x, cy + lr, x + lr * 1.3f, cy, ui_px(ui, 2), th->negative);
    ui_fill_circle(ui, x + lr * 1.8f, cy, lr * 0.75f, th->header_text);
    x += lr * 3.2f;
    x += ui_draw_text(ui, UI_FONT_HEADING, "Neurone", -1, x, cy - ui_line_height(ui, UI_FONT_HEADING) / 2,
                      th->header_text) + ui_px(ui, 28);

    float lang_w = ui_px(ui, 96), save_w = save_button(a, bar, pad + lang_w);
    int n = lesson_count();
    float step = ui_px(ui, 26), end = bar.x + bar.w - lang_w - save_w - pad;
    /* every number first: the current lesson's title shows only in the room they leave */
    float numbers = 0;
    for (int i = 0; i < n; i++)
        numbers += lesson_number_w(ui, i, step) + ui_px(ui, 8);
    for (int i = 0; i < n; i++) {
        const lesson_def *l = lesson_get(i);
        int current = i == a->lesson, seen = (a->progress.visited >> i) & 1;
        char num[16];
        snprintf(num, sizeof num, "%d", i + 1);
        float nw = lesson_number_w(ui, i, step), w = nw;
        int titled = current;
        if (current)
            w += ui_px(ui, 10) + ui_text_width(ui, UI_FONT_BOLD, l->title, -1) + ui_px(ui, 14);
        if (current && x + w - nw + numbers > end) {
            w = nw; /* a long title on a narrow bar (demo mode): the number alone */
            titled = 0;
        }
        numbers -= nw + ui_px(ui, 8);
        if (x + w > end)
            break;
        ui_rect pill = { x, cy - step / 2, w, step };
        ui_id id = ui_get_id_int(ui, "lesson", i);
        if (ui_interact(ui, id, pill))
            app_go(a, i, 0);
        ui_color fill = current ? th->header_text
                        : seen  ? ui_alpha(th->header_text, 0.28f)
                                : ui_alpha(th->header_text, 0.1f);
        if (ui->hot == id && !current)
            fill = ui_alpha(th->header_text, 0.4f);
        ui_fill_round_rect(ui, pill, step / 2, fill);
        ui_color fg = current ? th->header : th->header_text;
        ui_draw_text_aligned(ui, UI_FONT_BOLD, num, (ui_rect){ x, pill.y, nw, step }, UI_CENTER, fg);
        if (titled)
            ui_draw_text(ui, UI_FONT_BOLD, l->title, -1, x + nw + ui_px(ui, 2),
                         cy - ui_line_height(ui, UI_FONT_BOLD) / 2, fg);
        ui_tooltip(ui, pill, l->title);
        x += w + ui_px(ui, 8);
    }

    /* FR | EN */
    ui_rect lr2 = { bar.x + bar.w - pad - lang_w, cy - ui_px(ui, 13), lang_w, ui_px(ui, 26) };
    static const char *langs[] = { "FR", "EN" };
    for (int i = 0; i < 2; i++) {
        ui_rect b = { lr2.x + lr2.w / 2 * (float)i, lr2.y, lr2.w / 2, lr2.h };
        ui_id id = ui_get_id_int(ui, "lang", i);
        if (ui_interact(ui, id, b))
            lang_set(i);
        int on = lang_current() == i;
        ui_fill_round_rect(ui, ui_rect_inset(b, 1), ui_px(ui, 4),
                           on ? th->header_text : ui_alpha(th->header_text, ui->hot == id ? 0.3f : 0.12f));
        ui_draw_text_aligned(ui, UI_FONT_BOLD, langs[i], b, UI_CENTER, on ? th->header : th->header_text);
    }
}

/* The width of the widest word of s (words end at spaces). */
static float widest_word(ui_context *ui, int font, const char *s)
{
    float w = 0;
    while (*s) {
        int n = (int)strcspn(s, " ");
        w = fmaxf(w, ui_text_width(ui, font, s, n));
        s += n + (s[n] == ' ');
    }
    return w;
}

/* The scene's code panel, when it has a model; NULL otherwise. */
static code_panel *scene_code(app *a)
{
    void *s = app_scene(a);
    code_panel *p = s && a->scene_class[a->lesson]->code ? a->scene_class[a->lesson]->code(s) : NULL;
    return p && p->ready ? p : NULL;
}

/* The column's two tabs, when the scene has a model: the lesson's text and its Keras code, above
 * the rest of in (which loses their row). */
static void column_tabs(app *a, ui_rect *in)
{
    ui_context *ui = a->ui;
    float h = ui_px(ui, 28), fold = ui_px(ui, 22), gap = ui_px(ui, 8);
    const char *items[2] = { TR("Leçon", "Lesson"), TR("Code Keras", "Keras code") };
    ui_layout_begin(ui, (ui_rect){ in->x, in->y - ui_px(ui, 4), in->w - fold - gap, h });
    ui_row(ui, 1, NULL, 28);
    ui_tabs(ui, "##column", &a->show_code, items, 2);
    ui_layout_end(ui);
    in->y += h + gap;
    in->h -= h + gap;
}

/* The fold button at the column's top right corner. */
static void fold_button(app *a, ui_rect in)
{
    ui_context *ui = a->ui;
    float fold = ui_px(ui, 22);
    ui_rect fr = { in.x + in.w - fold, in.y - ui_px(ui, 4), fold, fold };
    if (ui_button_at(ui, fr, "«##fold", 0, 1))
        a->text_folded = 1;
    ui_tooltip(ui, fr, TR("Replier le texte", "Fold the text away"));
}

/* The column under its Code tab: the scene's model as Keras code. */
static void code_column(app *a, ui_rect r, code_panel *code)
{
    ui_rect in = app_panel(a->ui, r, NULL);
    fold_button(a, in);
    column_tabs(a, &in);
    code_panel_frame(code, a, in);
}

static void lesson_panel(app *a, ui_rect r, int has_code)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    const lesson_def *l = lesson_get(a->lesson);
    ui_rect in = app_panel(ui, r, NULL);
    fold_button(a, in);
    if (has_code)
        column_tabs(a, &in);
    char buf[64];
    snprintf(buf, sizeof buf, TR("LEÇON %d / %d", "LESSON %d / %d"), a->lesson + 1, lesson_count());
    ui_draw_text(ui, UI_FONT_SMALL, buf, -1, in.x, in.y, th->accent);
    float y = in.y + ui_line_height(ui, UI_FONT_SMALL) + ui_px(ui, 4);
    /* a word wider than the panel would be cut in two (demo mode's type): a size smaller */
    int title_font = widest_word(ui, UI_FONT_TITLE, l->title) > in.w ? UI_FONT_HEADING : UI_FONT_TITLE;
    y += ui_draw_wrapped(ui, title_font, l->title, in.x, y, in.w, th->text) + ui_px(ui, 10);
    ui_fill_rect(ui, (ui_rect){ in.x, y, in.w, 1 }, th->border);
    y += ui_px(ui, 12);

    float foot = ui_px(ui, 34), note = notice_height(a, in.w);
    ui_rect text = { in.x, y, in.w + ui_px(ui, 8), in.y + in.h - foot - ui_px(ui, 10) - note - y };
    ui_scroll_begin(ui, "page", text, &a->text_scroll);
    lesson_view_go go;
    int link = lesson_view_page(a->view, ui, a->lesson, l, a->page, &go);
    keep_answers(a);
    ui_scroll_end(ui, &a->text_scroll);
    if (note > 0)
        draw_notice(a, (ui_rect){ in.x, text.y + text.h + ui_px(ui, 4), in.w, note - ui_px(ui, 6) });
    if (link && go.url)
        app_open_url(a, go.url);
    else if (link)
        app_go(a, go.lesson, go.page);

    /* previous, the page dots, next */
    ui_rect f = { in.x, in.y + in.h - foot, in.w, foot };
    float bw = fminf(ui_px(ui, 118), f.w * 0.36f);
    int first = a->lesson == 0 && a->page == 0;
    int last = a->lesson == lesson_count() - 1 && a->page == l->n_pages - 1;
    /* large type in a narrow panel (demo mode): the arrows alone, not words cut */
    int arrows = ui_text_width(ui, UI_FONT_BODY, TR("‹ Précédent", "‹ Previous"), -1) + ui_px(ui, 12) > bw;
    if (ui_button_at(ui, (ui_rect){ f.x, f.y, bw, f.h },
                     arrows ? "‹##prev" : TR("‹ Précédent##prev", "‹ Previous##prev"), 0, !first))
        app_key_pressed(a, APP_KEY_PREV);
    const char *next = arrows ? "›##next" : TR("Suivant ›##next", "Next ›##next");
    if (a->page == l->n_pages - 1 && !last) {
        const char *longer = TR("Leçon suivante ›##next", "Next lesson ›##next");
        if (ui_text_width(ui, UI_FONT_BODY, longer, (int)(strstr(longer, "##") - longer)) + ui_px(ui, 16) <=
            bw)
            next = longer;
    }
    if (ui_button_at(ui, (ui_rect){ f.x + f.w - bw, f.y, bw, f.h }, next, 1, !last))
        app_key_pressed(a, APP_KEY_NEXT);
    float dot = ui_px(ui, 4), gap = ui_px(ui, 14);
    /* many pages: the dots close up to stay between the buttons */
    if (gap * (float)l->n_pages > f.w - 2 * bw - ui_px(ui, 8))
        gap = fmaxf((f.w - 2 * bw - ui_px(ui, 8)) / (float)l->n_pages, dot * 2.2f);
    if (gap < dot * 3)
        dot = gap / 3;
    float dx = f.x + f.w / 2 - gap * (float)(l->n_pages - 1) / 2;
    for (int i = 0; i < l->n_pages; i++) {
        float cx = dx + gap * (float)i;
        ui_rect hit = { cx - gap / 2, f.y, gap, f.h };
        if (ui_interact(ui, ui_get_id_int(ui, "page", i), hit))
            app_go(a, a->lesson, i);
        ui_fill_circle(ui, cx, f.y + f.h / 2, i == a->page ? dot * 1.3f : dot,
                       i == a->page ? th->accent : th->track);
    }
}

void app_frame(app *a)
{
    ui_context *ui = a->ui;
    float W = ui->width, H = ui->height;
    a->busy = 0;
    float bar_h = ui_px(ui, 50), m = ui_px(ui, 12);
    lesson_bar(a, (ui_rect){ 0, 0, W, bar_h });
    float text_w = fminf(fmaxf(W * 0.24f, ui_px(ui, 260)), ui_px(ui, 380));
    if (text_w > W * 0.45f)
        text_w = W * 0.45f;
    if (!lesson_get(a->lesson)->scene[0])
        text_w = fminf(W - 2 * m, ui_px(ui, 760)); /* a lesson of text only: the text has the room */
    code_panel *code = scene_code(a);
    if (code && a->code_file[0]) {
        /* a damaged model goes to the dialog with the engine's message, not only the panel's note */
        if (code_panel_open(code, a->code_file) < 0 && code_panel_is_model(a->code_file))
            app_error(a, "%s", code->note);
        a->code_file[0] = 0;
    }
    int coding = code && a->show_code && !a->text_folded;
    if (coding) /* code lines are long: the column widens while it shows them */
        text_w = fminf(fmaxf(W * 0.36f, ui_px(ui, 300)), fminf(ui_px(ui, 640), W * 0.5f));
    if (a->text_folded)
        text_w = ui_px(ui, 34);
    ui_rect text = { m, bar_h + m, text_w, H - bar_h - 2 * m };
    if (a->text_folded) {
        /* a strip with the way back to the text */
        ui_rect in = app_panel(ui, text, NULL);
        ui_rect ur = { text.x + ui_px(ui, 5), in.y - ui_px(ui, 4), text.w - ui_px(ui, 10), ui_px(ui, 22) };
        if (ui_button_at(ui, ur, "»##unfold", 0, 1))
            a->text_folded = 0;
        ui_tooltip(ui, ur, TR("Déplier le texte de la leçon", "Unfold the lesson's text"));
    } else if (coding)
        code_column(a, text, code);
    else
        lesson_panel(a, text, code != NULL);
    ui_rect area = { text.x + text.w + m, bar_h + m, W - text.w - 3 * m, H - bar_h - 2 * m };
    void *s = app_scene(a);
    if (s) {
        ui_push_id_int(ui, a->lesson);
        a->scene_class[a->lesson]->frame(s, a, area);
        ui_pop_id(ui);
    }
    app_chart_menu(a);
    if (a->error[0] && ui_dialog(ui, TR("Quelque chose n'a pas marché", "Something went wrong"), a->error))
        a->error[0] = 0;
}
