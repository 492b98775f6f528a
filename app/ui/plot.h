/* plot.h — charts for the scenes: line charts with axes, ticks, legend and log scale; bar charts.
 *
 * A chart is drawn in one call from arrays the scene owns; it returns the frame that maps data
 * to pixels, so that a scene can mark a point on the curve (the neuron's current z, the best
 * epoch) with the same scale.
 */
#ifndef NEURONE_PLOT_H
#define NEURONE_PLOT_H

#include "ui.h"

typedef struct plot_series {
    const char *name;      /* in the legend; NULL: not listed */
    const float *x;        /* NULL: x = x0 + i * dx */
    const float *y;        /* NaN values break the line */
    int n;
    float x0, dx;
    ui_color color;
    float width;           /* points; 0: 2 */
    int dashed;
    int points;            /* 1: a dot on every point as well */
} plot_series;

typedef struct plot_axes {
    const char *title, *xlabel, *ylabel;
    float xmin, xmax, ymin, ymax; /* equal bounds: taken from the data */
    int log_x, log_y;             /* base-10 scales; values <= 0 are left out */
    int integer_x;                /* ticks on whole numbers only (epochs) */
    int y_from_zero;              /* the automatic y range includes 0 */
    int no_legend;
} plot_axes;

typedef struct plot_frame {
    ui_rect area;                 /* the data area, inside the axes */
    float xmin, xmax, ymin, ymax; /* in log10 units on a log axis */
    int log_x, log_y;
} plot_frame;

typedef struct plot_bar {
    const char *label;
    float value;
    ui_color color;
} plot_bar;

/* Draws a panel with axes, grid, ticks and the series; returns the mapping. */
plot_frame plot_lines(ui_context *ui, ui_rect r, const plot_axes *ax, const plot_series *s, int n);
float plot_map_x(const plot_frame *f, float x);
float plot_map_y(const plot_frame *f, float y);
/* A dot at (x, y) in data units, with an optional label beside it. */
void plot_marker(ui_context *ui, const plot_frame *f, float x, float y, ui_color c, const char *label);
/* A vertical line at x across the data area, with an optional label at its top. */
void plot_vline(ui_context *ui, const plot_frame *f, float x, ui_color c, const char *label);

/* A dashed line from (x0, y0) to (x1, y1), w pixels wide: dashes of 7 points, gaps of 4. *phase
 * (pixels, 0 at a polyline's start) is where the pattern stands; it comes back advanced by the
 * line's length and reduced to 0 .. 11 points, so that the next segment's dashes go on from it. */
void plot_dashed_line(ui_context *ui, float x0, float y0, float x1, float y1, float w, ui_color c,
                      float *phase);

/* Vertical bars from 0 (vmin..vmax: 0 0 = from the data), value printed with fmt (NULL: none),
 * labels under the bars. */
void plot_bars(ui_context *ui, ui_rect r, const char *title, const plot_bar *bars, int n, float vmin,
               float vmax, const char *fmt);

/* Tick positions of "nice" steps (1, 2 or 5 × 10^k) covering lo..hi, at most max of them;
 * returns how many, and the step in *step. */
int plot_nice_ticks(float lo, float hi, int max, float *ticks, float *step);
/* Prints v with as many decimals as step needs. */
void plot_format_tick(char *buf, int n, float v, float step);

#endif
