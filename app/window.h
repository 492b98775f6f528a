/* window.h — the workbench's SDL window: how it draws (the GPU renderer, or raster.c's frames shown
 * as one texture), its input, and demo mode when it runs. */
#ifndef NEURONE_WINDOW_H
#define NEURONE_WINDOW_H

#include <SDL.h>

#include "app.h"
#include "app_run.h"
#include "demo.h"
#include "render.h"

typedef struct window {
    SDL_Window *win;
    SDL_Renderer *renderer;
    render_state *rs;
    int raster;              /* frames drawn by raster.c and shown as one texture */
    int direct;              /* ... or, on SDL's software renderer, drawn into the window's own
                                surface: no texture to allocate, fill and copy each frame */
    SDL_Texture *frame;      /* that texture, the drawable's size */
    int frame_w, frame_h;
    int vsync;
    float scale;
    float ratio;             /* drawable pixels per window coordinate (HiDPI) */
    ui_input in;
    double t0;
    demo *demo;              /* demo mode's keys and frames; NULL at the desk */
    double last_motion;      /* when the pointer last moved: demo mode hides it when idle */
} window;

/* ---- window.c ------------------------------------------------------------------------------------ */

/* Opens the window (full screen on demo mode's display) and its renderer; 0, or -1 (SDL_GetError
 * says why; window_close still frees what was made). */
int window_open(window *w, const app_options *o);
void window_close(window *w);
/* Builds, renders and shows one frame. */
void window_frame(window *w, app *a);
/* Follows a change of density (the window moved to another screen) with fonts at the new size. */
void window_rescale(window *w, app *a, const app_options *o);
/* Says that no window can be opened and what runs without one; returns the exit status, 2. */
int window_no_display(void);

/* ---- window_events.c ----------------------------------------------------------------------------- */

/* Reads the events of one frame into w->in and the app (waiting up to wait_ms for the first one);
 * returns 1 when something happened. */
int window_events(window *w, app *a, int wait_ms);

#endif
