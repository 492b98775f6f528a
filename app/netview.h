/* netview.h — the network viewer: any Sequential model drawn as columns of neurons.
 *
 * Neurons are circles filled by their activation on the current sample; connections are lines
 * coloured by the sign of their weight (blue positive, orange negative: TensorFlow Playground's
 * colour-blind-safe pair) and as thick as the weight is strong. A layer wider than
 * NETVIEW_SHOWN is drawn collapsed: a sample of its neurons around an ellipsis, under a label such
 * as "784 inputs". Hovering a neuron or a connection shows its value. An animated forward pass
 * lights the layers one after the other.
 *
 * The viewer keeps only what it draws (the visible neurons' activations and the weights between
 * them), refreshed by netview_read_weights and netview_forward from the UI's own model instance.
 * Buffers are allocated by netview_set_model, never per frame.
 */
#ifndef NEURONE_NETVIEW_H
#define NEURONE_NETVIEW_H

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
} netview;

typedef struct netview_args {
    float reveal;                        /* < 0: everything lit; t: columns <= t lit, pulses between */
    const char *const *input_names;      /* names beside the inputs when all are shown, or NULL */
    const char *const *output_names;     /* names beside the outputs, or NULL */
    const ui_image *input_image;         /* drawn left of the input column (an image sample) */
    int compact;                         /* smaller labels: for the training scene's column */
} netview_args;

/* Lays the viewer out for m's architecture; 0, or -1 when out of memory (nn_error is not set). */
int netview_set_model(netview *nv, nn_model *m);
void netview_free(netview *nv);
/* Copies the visible weights from m (the UI's model: not one that is training). */
int netview_read_weights(netview *nv, nn_model *m);
/* Runs m on one sample x (input_dim floats) and keeps the visible neurons' activations. */
int netview_forward(netview *nv, nn_model *m, const float *x);
void netview_draw(ui_context *ui, ui_rect r, const netview *nv, const netview_args *a);
/* The neuron under the pointer at the last netview_draw since netview_hover_clear: its centre and
 * radius in pixels, and 1; 0 when none. Demo mode's spotlight (key Z) finds its neuron there. */
int netview_hovered(float *x, float *y, float *r);
void netview_hover_clear(void);

#endif
