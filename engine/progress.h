/* progress.h — Keras's progress display for fit(verbose=1 or 2). */
#ifndef NEURONE_PROGRESS_H
#define NEURONE_PROGRESS_H

#include <stdio.h>

#include "nn.h"

typedef struct nn_progressbar {
    FILE *out;          /* NULL when silent */
    int verbose;
    int dynamic;        /* a terminal: redraw the line in place */
    int batches, has_metric;
    double t_start, t_last_draw;
} nn_progressbar;

/* Prints "Epoch e/E" and starts the bar. */
void progress_epoch_begin(nn_progressbar *b, FILE *out, int verbose, int epoch, int epochs,
                          int batches, int has_metric);
void progress_batch(nn_progressbar *b, const nn_progress *p);
/* The final line of the epoch, with the validation values. */
void progress_epoch_end(nn_progressbar *b, const nn_progress *p);
/* Ends a line left open by a stop in the middle of an epoch. */
void progress_stopped(nn_progressbar *b);

#endif
