/* raster.h — replays the widget layer's command list in memory, on the CPU.
 *
 * SDL's own software renderer draws triangles one pixel test at a time with a per-triangle setup
 * cost of microseconds, which a busy frame (tens of thousands of triangles, most of them the
 * one-pixel antialiasing feathers) turns into tens of milliseconds. This rasteriser walks each
 * triangle row by row over the pixels it covers only, fills opaque rectangles with plain stores,
 * and blends text straight from the glyph atlases, so that a 1280×800 frame takes a few
 * milliseconds on one core. It draws screenshots and tests, and the window on machines whose
 * renderer is itself software (no GPU, or Mesa's llvmpipe).
 */
#ifndef NEURONE_RASTER_H
#define NEURONE_RASTER_H

#include <stdint.h>

#include "ui.h"

typedef struct raster_target {
    uint8_t *pixels;   /* RGBA, (h, pitch) bytes */
    int w, h, pitch;
} raster_target;

/* Clears to the theme's background and draws both layers; the pixels come out opaque. */
void raster_frame(const raster_target *t, ui_context *ui);

#endif
