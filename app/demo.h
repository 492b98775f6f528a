/* demo.h — the instructor's demo mode (neurone --demo): the workbench on a projector.
 *
 * What changes from the desk: a projector theme (dark, high contrast) or a bright-room one, type
 * and lines scaled with the screen's resolution (body text 34 px on 1080p), full screen on a chosen
 * display, the pointer hidden when idle, keys that presenter remotes send (Page Down/Up, arrows,
 * space), B or '.' to blank the screen, the number keys to jump to a lesson, Z for a spotlight on
 * the neuron under the pointer, S for the presenter view (timer, next page, the page's notes for
 * the instructor), the pointer as a laser dot while it moves (demo_presenter.c), and an autoplay
 * loop through every lesson for an open day.
 *
 * The SDL-free half (options, theme, scale, keys as app_key-like names, the autoplay clock, the
 * overlays) is testable offscreen; demo_sdl_* adapt it to the window's events.
 */
#ifndef NEURONE_DEMO_H
#define NEURONE_DEMO_H

#include <stdint.h>
#include <stdio.h>

#include "app.h"
#include "netview.h"

enum demo_theme_kind { DEMO_THEME_DARK, DEMO_THEME_LIGHT };

typedef struct demo_options {
    int on;                      /* --demo */
    int display;                 /* --display N: 0-based display for the full screen window */
    int theme;                   /* --theme dark|light: DEMO_THEME_* */
    double autoplay;             /* --autoplay SECONDS per page; 0: off */
    int loops;                   /* --autoplay-loops N: quit after N loops (tests); 0: loop forever */
    int spotlight;               /* --spotlight: start with the spotlight on (screenshots, tests) */
    int presenter;               /* --presenter: start with the presenter view on */
    const char *log_path;        /* --demo-log FILE: each lesson, page, blank and spotlight, one a line */
} demo_options;

typedef struct demo {
    demo_options o;
    int blank;                   /* B or '.': the screen is black */
    int spotlight;               /* Z: the neuron under the pointer magnified, the rest dimmed */
    int spot_picked;             /* spot holds a neuron of this lesson's viewer */
    netview_neuron spot;         /* the spotlit neuron; the arrow keys move it */
    float spot_mx, spot_my;      /* the pointer when spot was picked: moving it picks again */
    char spot_said[256];         /* the spotlight's last line on the log, said once */
    int autoplaying;             /* the autoplay loop runs; any key stops it */
    double next_at;              /* the autoplay's next page, in app time */
    int loops_done;
    unsigned long visited;       /* lessons the autoplay showed in the current loop, one bit each */
    int presenter;               /* S: the presenter view over the scene */
    char presenter_said[320];    /* its last line on the log, said once */
    double started;              /* app time when demo mode started: the presenter's clock */
    float laser_x, laser_y;      /* the pointer when last seen */
    int laser_seen;
    double laser_at;             /* app time of its last move; 0: never moved */
    uint8_t *zoom_frame, *zoom_px; /* Z away from a network: the frame rasterised, the panel cut */
    ui_image zoom_img;           /* zoom_px as an image */
    ui_rect zoom_rect;           /* the panel zoomed */
    double zoom_at;              /* app time of the last cut */
    FILE *log;                   /* "autoplay: lesson N", "demo: lesson N page P", ... when set */
    int own_log;                 /* log was opened from --demo-log: demo_stop closes it */
} demo;

/* Keys of a presenter remote and of the instructor's keyboard, SDL-free. */
/* The arrows move through the lessons as NEXT and PREV do, except while the spotlight is on, where
 * they move it from neuron to neuron; ESCAPE closes the spotlight (and quits otherwise: the
 * caller's business, see demo_key_pressed). */
typedef enum demo_key {
    DEMO_KEY_NEXT, DEMO_KEY_PREV, DEMO_KEY_BLANK, DEMO_KEY_SPOTLIGHT, DEMO_KEY_PLAY,
    DEMO_KEY_RIGHT, DEMO_KEY_LEFT, DEMO_KEY_DOWN, DEMO_KEY_UP, DEMO_KEY_ESCAPE, DEMO_KEY_PRESENTER,
    DEMO_KEY_LESSON_1,           /* DEMO_KEY_LESSON_1 + k jumps to lesson k + 1 (keys 1..9, 0 = 10) */
} demo_key;

/* Reads one demo option at argv[i] (value: argv[i + 1] or NULL). Returns how many arguments it
 * took (1 or 2), 0 when flag is not a demo option, -1 after printing what is wrong. */
int demo_parse_arg(demo_options *o, const char *flag, const char *value);
/* The option lines for --help. */
extern const char demo_usage[];

/* The projector (dark, high contrast) and bright-room (light) themes. */
ui_theme demo_theme(int kind);
/* Pixels per point for a w x h screen: 2 on 1080p, proportional to the shorter side's ratio. */
float demo_scale(int w, int h);
/* Sets ui's theme and loads its fonts at demo_scale(w, h); 0, or -1 with the reason in err. */
int demo_apply(ui_context *ui, const demo_options *o, int w, int h, char *err, size_t n);

/* Starts demo mode over a (autoplay from now when asked; a->demo set); log: where the autoplay
 * and the keys say what they show (NULL: nowhere), unless --demo-log names a file. */
void demo_start(demo *d, const demo_options *o, app *a, FILE *log);
/* Closes the --demo-log file. */
void demo_stop(demo *d);
/* One key; any key first stops the autoplay (and does nothing else). Returns 0 when the key is
 * not demo mode's to take (ESCAPE with no spotlight: the caller quits), 1 otherwise. */
int demo_key_pressed(demo *d, app *a, demo_key k);
/* Builds one frame: app_frame, or black when blanked; the spotlight and the autoplay's badge on
 * top; the autoplay moves on when its time has come. */
void demo_frame(demo *d, app *a);
/* The presenter view (demo_presenter.c) over the frame: the clock, the lesson and page, the next
 * page's title and the page's notes; its lines on the log when they change. */
void demo_presenter(demo *d, app *a);
/* Z's target away from a network viewer (demo_zoom.c): the panel under the pointer, or at the
 * centre while it is hidden; 0 when Z is the neuron spotlight (a network's panel) or no panel is
 * there. */
int demo_zoom_target(const ui_context *ui, ui_rect *out);
/* Panel r twice as large (at most 90 % of the screen) over the dimmed frame; its line on the log. */
void demo_zoom_draw(demo *d, app *a, ui_rect r);
/* The laser dot at the pointer while it moves, fading LASER_SECONDS after it stops. */
void demo_laser(demo *d, app *a);
/* The notes of page `page` of l (its :::notes boxes) as plain text, one block a line, into out (n
 * bytes); returns how many blocks. */
int demo_page_notes(const lesson_def *l, int page, char *out, size_t n);
/* The title of the page after (lesson, page): its first heading, else "page N of ...", or the next
 * lesson's title after a lesson's last page. */
void demo_next_title(int lesson, int page, char *out, size_t n);
/* The autoplay has done the loops it was asked for. */
int demo_done(const demo *d);

/* --demo --screenshot, offscreen: with --autoplay S --autoplay-loops N, the loop run on a 60 Hz
 * clock, the lessons it visits printed on log, and its last frame; else r's page through demo
 * mode's frames, quietly (the spotlight on with --spotlight, on the neuron nearest the centre). rgba
 * (r->width * r->height * 4) gets the image. 0; 1 when a scene reported an error (printed, and
 * shown in the image's dialog); -1 after printing why nothing was drawn. TTF_Init must have run. */
int demo_render_offscreen(const demo_options *o, const app_render_args *r, uint8_t *rgba, FILE *log);

#endif
