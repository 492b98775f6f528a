/* netview.h — the network viewer: any Sequential model drawn as columns of neurons.
 *
 * Neurons are circles filled by their activation on the current sample; connections are lines
 * coloured by the sign of their weight (blue positive, orange negative: TensorFlow Playground's
 * colour-blind-safe pair) and as thick as the weight is strong. A layer wider than
 * NETVIEW_SHOWN is drawn collapsed: a sample of its neurons around an ellipsis, under a label such
 * as "784 inputs". Hovering a neuron or a connection shows its value; demo mode's spotlight
 * magnifies one neuron with its values, for a room that cannot hover. An animated forward pass
 * lights the layers one after the other.
 *
 * The viewer keeps only what it draws (the visible neurons' activations and the weights between
 * them), refreshed by netview_read_weights and netview_forward from the UI's own model instance.
 * Buffers are allocated by netview_set_model, never per frame.
 *
 * Given per-neuron maps (each neuron's output over the input plane, which the scene computes), each
 * node is drawn as its map in a square, as TensorFlow Playground does; netview_update adds the
 * mouse: what is under it, and a click on a connection to type its weight.
 *
 * netview.c reads the model, netview_draw.c lays out and draws, netview_maps.c fills the maps and
 * edits the weights, netview_spotlight.c is demo mode's spotlight.
 */
#ifndef NEURONE_NETVIEW_H
#define NEURONE_NETVIEW_H

#include <stddef.h>

#include "nn.h"
#include "ui.h"

enum { NETVIEW_COLS = 9, NETVIEW_SHOWN = 12 };

typedef struct netview {
    int n_cols;                          /* input + one per Dense layer */
    int units[NETVIEW_COLS];
    int layer_of[NETVIEW_COLS];          /* the model's layer for columns 1..; -1 for the input */
    char activation[NETVIEW_COLS][16];
    int n_shown[NETVIEW_COLS];
    int shown[NETVIEW_COLS][NETVIEW_SHOWN];             /* which neurons are drawn */
    float w[NETVIEW_COLS][NETVIEW_SHOWN][NETVIEW_SHOWN]; /* w[c][i][j]: shown i of c-1 to j of c */
    float bias[NETVIEW_COLS][NETVIEW_SHOWN];
    float wmax[NETVIEW_COLS];
    float act[NETVIEW_COLS][NETVIEW_SHOWN];
    float amax[NETVIEW_COLS];
    int has_act;
    int out_best;                        /* the output neuron with the largest activation */
    float *acts;                         /* all layers' outputs, for nn_forward_layers */
    float *kernel, *bias_buf;            /* one layer's weights, for nn_get_weights */
    size_t acts_n, kernel_n;
    struct {                             /* the weight being typed (netview_update) */
        int open, c, i, j;               /* w[c][i][j] */
        int press_c, press_i, press_j;   /* the connection a press began on (press_c 0: none) */
        float x, y;                      /* where it was clicked, pixels */
        float value;                     /* the popup slider's */
        int bad;                         /* what was typed is not a number */
        char text[24];
    } edit;
} netview;

typedef struct netview_args {
    float reveal;                        /* < 0: everything lit; t: columns <= t lit, pulses between */
    const char *const *input_names;      /* names beside the inputs when all are shown, or NULL */
    const char *const *output_names;     /* names beside the outputs, or NULL */
    const ui_image *input_image;         /* drawn left of the input column (an image sample) */
    int compact;                         /* smaller labels: for the training scene's column */
    /* Per-neuron maps, or NULL: maps[c][j] is shown neuron j of column c's output over the input
     * plane (NULL: that one drawn as a circle). With maps, the nodes are larger squares. The array
     * and its images live past the frame (the scene's): demo mode's spotlight draws them later. */
    const ui_image *(*maps)[NETVIEW_SHOWN];
    int editable;                        /* a connection's tooltip says a click sets it (netview_update) */
} netview_args;

/* Where netview_draw puts things in r: the columns' neurons, and over each column its name
 * ("Cachée 1", in bold or small type, "C1" or "1") and its size ("64 · relu", or "64"), and under a
 * collapsed one how many neurons it stands for ("64 neurones", or "64"). Each label is the
 * longest form whose box stays within half the gap to the next columns (and within r for the
 * first and the last): neighbours' labels never meet; one that no form fits is left empty. */
typedef struct netview_label {
    char text[32];                       /* empty: left out */
    int font;
    ui_rect r;                           /* the text's own box */
} netview_label;

typedef struct netview_layout {
    float x[NETVIEW_COLS];               /* the columns' centres */
    float y[NETVIEW_COLS][NETVIEW_SHOWN];
    float gap_y[NETVIEW_COLS];           /* where the ellipsis of a collapsed column goes */
    float radius;
    ui_rect body;                        /* the neurons' area, under the headers */
    ui_rect image;                       /* the input image's, when there is one */
    netview_label title[NETVIEW_COLS], size[NETVIEW_COLS], count[NETVIEW_COLS];
} netview_layout;

/* Lays the viewer out for m's architecture; 0, or -1 when out of memory (nn_error is not set). */
int netview_set_model(netview *nv, nn_model *m);
void netview_free(netview *nv);
/* Copies the visible weights from m (the UI's model: not one that is training). */
int netview_read_weights(netview *nv, nn_model *m);
/* Runs m on one sample x (input_dim floats) and keeps the visible neurons' activations. */
int netview_forward(netview *nv, nn_model *m, const float *x);
/* Runs m on n samples x (n, input_dim), a grid over the input plane, for the per-neuron maps:
 * out[(c * NETVIEW_SHOWN + j) * n + k] is shown neuron j of column c's output on sample k
 * (NETVIEW_COLS * NETVIEW_SHOWN * n floats). The activations on show are kept. 0, or -1 (nn_error
 * set when m failed; not for a NULL x or out, or n < 1). */
int netview_neuron_outputs(netview *nv, nn_model *m, const float *x, int n, float *out);
void netview_draw(ui_context *ui, ui_rect r, const netview *nv, const netview_args *a);
/* The layout netview_draw uses for r (all zero when nv has fewer than two columns). */
void netview_lay_out(ui_context *ui, ui_rect r, const netview *nv, const netview_args *a, netview_layout *L);

/* ---- the mouse: hovering and editing (netview_maps.c) --------------------------------------------- */

typedef enum netview_hit_kind { NETVIEW_HIT_NONE, NETVIEW_HIT_NEURON, NETVIEW_HIT_LINK } netview_hit_kind;
/* What is under the mouse. A neuron: shown neuron j of column c, the model's unit `to`. A
 * connection: from shown i of column c - 1 (unit `from`) to shown j of column c (unit `to`), the
 * kernel entry [from][to] of the model's layer netview.layer_of[c]. */
typedef struct netview_hit {
    int kind;                            /* netview_hit_kind */
    int c, i, j;
    int from, to;
    float weight;                        /* a connection's */
} netview_hit;

typedef enum netview_event_kind { NETVIEW_EVENT_NONE, NETVIEW_EVENT_WEIGHT } netview_event_kind;
/* A weight the student set: kernel[from][to] of the model's layer `layer` (0-based, as
 * trainer_set_weight takes it) is now value; c, i, j say where it is in the drawing. */
typedef struct netview_event {
    int kind;                            /* netview_event_kind */
    int c, i, j;
    int layer, from, to;
    float value;
} netview_event;

enum { NETVIEW_WEIGHT_MAX = 5 };         /* an edited weight is kept within -5..5 */

/* What is under the mouse in the viewer drawn at r (netview_draw's layout); kind NONE when the
 * mouse is elsewhere or covered by a popup. */
netview_hit netview_hit_test(ui_context *ui, ui_rect r, const netview *nv, const netview_args *a);
/* netview_draw with the mouse: what is under it comes back in hit (when not NULL); a click on a
 * connection opens a small popup at the click, a number field (Enter keeps it; a French comma is
 * fine) and a slider, -5..5; Escape or a click elsewhere closes it. A value set updates nv->w at
 * once and comes back as the event, for the scene to hand to trainer_set_weight. */
netview_event netview_update(ui_context *ui, ui_rect r, netview *nv, const netview_args *a, netview_hit *hit);
/* Fills img with values (h, w; row 0 at the top) in Playground's colours: lo orange, the middle
 * white, hi blue (NaN white). rgba is the caller's (h, w, 4) bytes, which img then shows; smooth
 * scaling, touched for the renderer. Returns 0, or -1 (img left alone) for a NULL, w or h < 1. */
int netview_fill_map(ui_image *img, uint8_t *rgba, int w, int h, const float *values, float lo, float hi,
                     const ui_theme *th);

/* ---- demo mode's spotlight (key Z) ----------------------------------------------------------------
 * netview_draw remembers where it put each neuron of the frame's viewers (at most NETVIEW_DRAWN,
 * the last ones drawn since netview_forget_drawn), so that the spotlight can find a neuron near the
 * pointer, step between neurons with the arrow keys and draw one of them magnified, with its
 * incoming weights, bias, activation and output, over the dimmed frame. */
enum { NETVIEW_DRAWN = 4 };
typedef struct netview_neuron {
    int view;                            /* which drawn viewer, 0.. in drawing order */
    int c, j;                            /* column, and shown neuron in it */
    float x, y, r;                       /* its centre and radius in pixels, this frame */
} netview_neuron;
/* Starts a frame: the viewers drawn so far are forgotten. */
void netview_forget_drawn(void);
/* The drawn neuron nearest to (x, y), in pixels: 1, or 0 when no viewer was drawn. */
int netview_nearest(float x, float y, netview_neuron *n);
/* The centre of the first viewer drawn: 1, or 0 when none was. */
int netview_drawn_centre(float *x, float *y);
/* Updates n's position from this frame's drawing; 0 when its viewer or neuron is gone. */
int netview_locate(netview_neuron *n);
/* Moves n one neuron: dc -1/+1 to the previous/next column (at the same height), dj within the
 * column; it stays at the edges. Returns 1 when it moved. */
int netview_step(netview_neuron *n, int dc, int dj);
/* The spotlight over the whole frame, in layer 1: everything dimmed but n, and beside it an inset
 * with n magnified (at least 2.5 times its radius; its map, when drawn with one) and its values;
 * the inset's rectangle and the magnified neuron's centre and radius (a map's half-side) come
 * back in inset and big (x, y, r), when not NULL. */
void netview_spotlight(ui_context *ui, const netview_neuron *n, ui_rect *inset, float big[3]);
/* The neuron's name ("Cachée 1 · 3/4", "Entrée x1"), as the spotlight titles it. */
void netview_neuron_name(const netview_neuron *n, char *buf, size_t len);

#endif
