/* offscreen.h — frames of the app drawn in memory by raster.c: no display, no SDL renderer. */
#ifndef NEURONE_OFFSCREEN_H
#define NEURONE_OFFSCREEN_H

#include <stdint.h>

#include "app.h"
#include "raster.h"

typedef struct offscreen {
    uint8_t *own;            /* the buffer, when the offscreen allocated it */
    raster_target t;
} offscreen;

/* Draws into pixels (w*h*4) when given, else into a buffer of its own; 0, or -1 after printing why. */
int offscreen_open(offscreen *o, int w, int h, uint8_t *pixels);
void offscreen_close(offscreen *o);
/* The pixels as a PNG file (stb_image_write); 0, or -1 when it cannot be written. */
int offscreen_save_png(const offscreen *o, const char *path);
/* The part r (pixels) of the frame ui holds so far, drawn by raster.c and written as a PNG of
 * (r.w, r.h) pixels, clipped to the frame; 0, or -1 with errno (out of memory, not written). */
int offscreen_save_rect_png(ui_context *ui, ui_rect r, const char *path);
/* One frame of the app at the clock t (seconds), with the mouse out of the way. */
void offscreen_frame(offscreen *o, app *a, double t);

#endif
