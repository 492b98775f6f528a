/* progress.c — the lines that make a terminal run read like the course's notebook:
 *
 *   Epoch 1/10
 *   1875/1875 ━━━━━━━━━━━━━━━━━━━━ 2s 1ms/step - loss: 0.4963 - accuracy: 0.8254 - val_loss: …
 *
 * In a terminal the bar redraws in place (at most 20 times a second); elsewhere only the final
 * line of each epoch is printed, as Keras does when its output is not interactive. */
#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"

#define BAR_WIDTH 20
#define REDRAW_SECONDS 0.05

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Keras writes values above 1e-3 with 4 decimals, smaller ones in scientific notation. */
static void print_value(FILE *f, const char *name, float v)
{
    if (fabsf(v) > 1e-3f || v == 0.0f || !isfinite(v))
        fprintf(f, " - %s: %.4f", name, v);
    else
        fprintf(f, " - %s: %.4e", name, v);
}

static void print_per_step(FILE *f, double per_step)
{
    if (per_step >= 1.0 || per_step == 0.0)
        fprintf(f, " %.0fs/step", per_step);
    else if (per_step >= 1e-3)
        fprintf(f, " %.0fms/step", per_step * 1e3);
    else
        fprintf(f, " %.0fus/step", per_step * 1e6);
}

static void print_eta(FILE *f, double eta)
{
    long s = lround(eta);
    if (s >= 3600)
        fprintf(f, " %ld:%02ld:%02ld", s / 3600, s % 3600 / 60, s % 60);
    else if (s >= 60)
        fprintf(f, " %ld:%02ld", s / 60, s % 60);
    else
        fprintf(f, " %lds", s);
}

static void print_bar(const nn_progressbar *b, int done)
{
    int digits = 1;
    for (int t = b->batches; t >= 10; t /= 10)
        digits++;
    int filled = (int)((double)BAR_WIDTH * done / b->batches);
    fprintf(b->out, "%*d/%d ", digits, done, b->batches);
    if (b->dynamic)
        fputs("\x1b[32m", b->out);
    for (int i = 0; i < BAR_WIDTH; i++) {
        if (b->dynamic && i == filled)
            fputs("\x1b[0m\x1b[37m", b->out);
        fputs("\xe2\x94\x81", b->out); /* U+2501, Keras 3's heavy horizontal line */
    }
    if (b->dynamic)
        fputs("\x1b[0m", b->out);
}

static void print_values(const nn_progressbar *b, const nn_progress *p, int with_val)
{
    print_value(b->out, "loss", p->loss);
    if (b->has_metric)
        print_value(b->out, "accuracy", p->metric);
    if (with_val && p->has_val) {
        print_value(b->out, "val_loss", p->val_loss);
        if (b->has_metric)
            print_value(b->out, "val_accuracy", p->val_metric);
    }
}

void progress_epoch_begin(nn_progressbar *b, FILE *out, int verbose, int epoch, int epochs,
                          int batches, int has_metric)
{
    memset(b, 0, sizeof *b);
    if (verbose == 0)
        return;
    b->out = out ? out : stdout;
    b->verbose = verbose;
    b->dynamic = verbose == 1 && isatty(fileno(b->out));
    b->batches = batches;
    b->has_metric = has_metric;
    b->t_start = seconds_now();
    fprintf(b->out, "Epoch %d/%d\n", epoch + 1, epochs);
    fflush(b->out);
}

void progress_batch(nn_progressbar *b, const nn_progress *p)
{
    if (!b->out || !b->dynamic || p->batch + 1 == b->batches)
        return;
    double now = seconds_now();
    if (now - b->t_last_draw < REDRAW_SECONDS)
        return;
    b->t_last_draw = now;
    double per_step = (now - b->t_start) / (p->batch + 1);
    fputs("\r", b->out);
    print_bar(b, p->batch + 1);
    print_eta(b->out, per_step * (b->batches - p->batch - 1));
    print_per_step(b->out, per_step);
    print_values(b, p, 0);
    fputs("\x1b[K", b->out); /* clear what a longer previous line left */
    fflush(b->out);
}

void progress_epoch_end(nn_progressbar *b, const nn_progress *p)
{
    if (!b->out)
        return;
    double total = seconds_now() - b->t_start;
    if (b->dynamic)
        fputs("\r", b->out);
    if (b->verbose == 2)
        fprintf(b->out, "%d/%d - %.0fs -", b->batches, b->batches, total);
    else {
        print_bar(b, b->batches);
        fprintf(b->out, " %.0fs", total);
    }
    print_per_step(b->out, total / b->batches);
    print_values(b, p, 1);
    if (b->dynamic)
        fputs("\x1b[K", b->out);
    fputc('\n', b->out);
    fflush(b->out);
}

void progress_stopped(nn_progressbar *b)
{
    if (b->out && b->dynamic) {
        fputc('\n', b->out);
        fflush(b->out);
    }
}
