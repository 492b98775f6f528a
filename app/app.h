/* app.h — the workbench: the lesson runner around the scenes, its window-independent state, and
 * the entry point of the graphical program.
 *
 * app.c builds each frame (the lesson bar, the lesson's text pages, its scene, the error dialog)
 * and reacts to keys. SDL is the window's files': window.c (the window and its renderer),
 * window_events.c (events into input and keys), window_loop.c (the main loop); offscreen.c
 * draws frames in memory for --screenshot and the tests; app_main.c is the entry and the
 * frame-time measurement of --frame-bench (app_run.h is what they share).
 */
#ifndef NEURONE_APP_H
#define NEURONE_APP_H

#include <stddef.h>
#include <stdint.h>

#include "lesson.h"
#include "scene.h"
#include "ui.h"

struct app {
    ui_context *ui;
    int lesson, page;
    lesson_progress progress;
    int save_progress;           /* write the progress file (not for screenshots and tests) */
    void *scene[LESSON_MAX];     /* each lesson's scene, created on first visit */
    const scene_class *scene_class[LESSON_MAX];
    char error[1024];            /* the open error dialog's message; "" when none */
    int headless;                /* screenshot: fixed clock, no hover */
    int demo;                    /* demo mode (demo_start): no hovering, so scenes name keys instead */
    double time;                 /* seconds, for animations */
    float text_scroll;
    struct lesson_view *view;    /* the lessons' text: quiz answers, images (lesson_view.h) */
    int show_code;               /* the lesson's column shows the scene's Keras code (its Code tab) */
    int text_folded;             /* the lesson's text folded away, for more room on small screens */
    int busy;                    /* a scene animates: the loop must not sleep */
    int want_fullscreen;         /* toggled by F11; the window follows */
    int quit;
    /* A file to open: dropped on the window or given by --open. It waits here until the scene that
     * reads files (the comparison's) takes it with app_take_file; "" when none. */
    char dropped[1024];
    char code_file[1024];        /* a .py or .ipynb for the code panel, once it shows; "" when none */
    char notice[1200];           /* a line under the lesson's text for a while (a link opened and
                                    copied); "" when none */
    double notice_until;         /* a->time when it goes */
    int chart_png;               /* Save as PNG chosen in a chart's menu: the next frame, drawn
                                    without the menu, is cropped to chart_png_rect (pixels) */
    ui_rect chart_png_rect;
};

/* Sets up the lessons at `lesson` (0-based; -1: where the progress file says). */
int app_init(app *a, ui_context *ui, int lesson, int save_progress);
void app_shutdown(app *a);
/* Shows msg in the error dialog (the first one wins until it is dismissed); printf-style. */
void app_error(app *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Builds one frame between ui_begin and ui_end. */
void app_frame(app *a);
/* Keys: SDL-free names, so that tests can drive the runner. */
typedef enum app_key { APP_KEY_NEXT, APP_KEY_PREV, APP_KEY_NEXT_LESSON, APP_KEY_PREV_LESSON,
                       APP_KEY_PLAY, APP_KEY_FULLSCREEN, APP_KEY_QUIT, APP_KEY_SAVE_MODEL } app_key;
void app_key_pressed(app *a, app_key k);
/* A key from the keyboard: app_key_pressed, except while a field has the keyboard (ui_text_focused),
 * where every key but quitting belongs to the field. */
void app_key_typed(app *a, app_key k);
/* A file to open (dropped on the window, --open): a CSV is kept in a->dropped for the current
 * lesson's scene when it reads tables (exercise 2's, the training scene), else the lesson whose
 * scene reads files opens; a .py or .ipynb, or a saved model (nn_save's file, told by its first
 * bytes), goes to the current scene's code panel: a model's architecture becomes the scene's
 * model and its trained weights are kept. 0, or -1 after app_error when no lesson takes it. */
int app_open_file(app *a, const char *path);
/* The file waiting in a->dropped, moved into out (n bytes); 1 when there was one, else 0. */
int app_take_file(app *a, char *out, size_t n);
void app_go(app *a, int lesson, int page);
/* Shows a line under the lesson's text for a while (a file saved, a link copied); printf-style. */
void app_notice(app *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* A new file's path in the save folder ($NEURONE_SAVE_DIR, else ~/Neurone, made when missing):
 * "FOLDER/STEM-YYYYMMDD-HHMMSS.EXT" into out (n bytes); 0, or -1 with errno set. */
int app_save_path(const char *stem, const char *ext, char *out, size_t n);
/* Save model (Ctrl+Shift+S): the current scene's model on show (scene_class.trainer_of), with its
 * latest weights, saved as `neurone train --save` does (atomic, checksummed); a notice names the
 * file, or says that the scene has no model. */
void app_save_model(app *a);
/* A chart's or map's right-click menu (ui->chart_menu), drawn over the frame: "Save as PNG" writes
 * the panel's pixels, as raster.c draws the frame, to the save folder (chart-TIME.png) and a
 * notice names the file. Called at the end of app_frame, once everything else is drawn. */
void app_chart_menu(app *a);
/* A lesson's link to the course: hands url to the browser (ui_context.open_url) and copies it to
 * the clipboard, so that a machine with no browser or no network still has it to paste; a notice
 * under the lesson's text says which happened and shows the address. */
void app_open_url(app *a, const char *url);
/* The scene of the current lesson, created if needed (NULL after an error). */
void *app_scene(app *a);
/* Loads the fonts for this scale (pixels per point) into ui; 0, or -1 with app_error-ready text
 * in err. TTF_Init must have run. */
int app_load_fonts(ui_context *ui, float scale, char *err, size_t n);
void app_free_fonts(ui_context *ui);

/* One lesson rendered offscreen, as --screenshot does: the scene first runs `steps` steps. */
typedef struct app_render_args {
    int lesson, page;            /* 0-based */
    int steps;
    int width, height;
    float scale;                 /* pixels per point; 0: 1 */
    const char *open;            /* a file opened first, as --open does (app_open_file); NULL: none */
    int show_code;               /* the lesson's column on its Code tab (--code) */
} app_render_args;
/* Fills rgba (width*height*4, opaque) and returns 0; 1 when a scene reported an error (its message
 * in err, printed on stderr, and shown by the image's dialog); -1 when nothing could be rendered.
 * TTF_Init must have run. */
int app_render_offscreen(const app_render_args *r, uint8_t *rgba, char *err, size_t n);
/* The page an offscreen render shows, for app_render_offscreen and demo mode's: r's page (of the
 * lesson that opens r->open, when given), its scene run r->steps steps. a is headless. */
void app_offscreen_page(app *a, const app_render_args *r);

/* Panels: a white card with an optional title; returns the inside. */
ui_rect app_panel(ui_context *ui, ui_rect r, const char *title);

#endif
