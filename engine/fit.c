/* fit.c — training and inference: Keras's fit, evaluate, predict and train_on_batch. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend.h"
#include "cpu/ops.h"
#include "model.h"
#include "progress.h"
#include "util/pool.h"

#define EVAL_BATCH 32 /* Keras's default batch_size for evaluate and predict */

/* ---- checks --------------------------------------------------------------------------------------- */

static int check_ready(const nn_model *m, const char *fn)
{
    if (!m)
        return nn_fail("%s: the model is NULL", fn);
    if (atomic_load(&m->fitting))
        return nn_fail("%s: the model is already training", fn);
    if (!m->compiled)
        return nn_fail("%s: the model must be compiled first (nn_compile)", fn);
    return 0;
}

/* Floats per row of y for this model's loss. */
static int y_width(const nn_model *m)
{
    return m->loss == LOSS_SPARSE_CCE ? 1 : nn_output_dim(m);
}

/* Sparse labels must be whole class indices inside the output; everything must be finite. */
static int check_data(const nn_model *m, const float *x, const float *y, int n, const char *fn,
                      const char *what)
{
    if (n <= 0)
        return nn_fail("%s: %s has %d samples; it needs at least one", fn, what, n);
    if (!x || !y)
        return nn_fail("%s: %s: x and y must both be given", fn, what);
    int units = nn_output_dim(m);
    if (m->loss == LOSS_SPARSE_CCE) {
        for (int i = 0; i < n; i++) {
            float k = y[i];
            if (!(k >= 0 && k < units) || k != floorf(k))
                return nn_fail("%s: %s: label %g of sample %d is not a class index in 0..%d "
                               "(sparse_categorical_crossentropy takes y as (n) class indices)",
                               fn, what, k, i, units - 1);
        }
    } else {
        size_t total = (size_t)n * units;
        for (size_t i = 0; i < total; i++)
            if (!isfinite(y[i]))
                return nn_fail("%s: %s: y[%zu] (sample %zu, output %zu) is not a finite number", fn,
                               what, i, i / units, i % units);
    }
    return 0;
}

/* Loss and metric sums over n samples, forward only, in batches of `batch`; out (batch, units)
 * receives each batch's output. The loss reads the output as both a and z: from_logits needs
 * a linear last layer, whose output is its pre-activation. */
static int eval_sums(nn_model *m, const float *x, const float *y, int n, int batch, float *out,
                     double *loss_sum, double *metric_total)
{
    int in = m->input_dim, units = nn_output_dim(m), yw = y_width(m);
    *loss_sum = *metric_total = 0.0;
    for (int s = 0; s < n; s += batch) {
        int B = n - s < batch ? n - s : batch;
        const float *xb = x + (size_t)s * in, *yb = y + (size_t)s * yw;
        if (m->be->forward(m, xb, B, out) < 0)
            return -1;
        *loss_sum += loss_forward(m->loss, m->from_logits, out, out, yb, B, units);
        if (m->metric)
            *metric_total += metric_sum(m->metric, out, yb, B, units);
    }
    /* Keras's evaluate adds the regularizers' penalties too, once per sample */
    double penalty;
    if (model_l2_penalty_now(m, &penalty) < 0)
        return -1;
    *loss_sum += (double)n * penalty;
    return 0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- fit ------------------------------------------------------------------------------------------- */

typedef struct fit_plan {
    int epochs, batch, shuffle;
    int n_train, n_val;
    const float *xv, *yv;  /* validation rows */
} fit_plan;

static int plan_fit(const nn_model *m, const float *x, const float *y, int n, const nn_fit_args *a,
                    fit_plan *p)
{
    static const nn_fit_args defaults;
    if (!a)
        a = &defaults;
    p->epochs = a->epochs ? a->epochs : 1;
    p->batch = a->batch_size ? a->batch_size : 32;
    p->shuffle = !a->no_shuffle;
    if (p->epochs < 0)
        return nn_fail("fit: epochs must be positive, got %d", a->epochs);
    if (p->batch < 0)
        return nn_fail("fit: batch_size must be positive, got %d", a->batch_size);
    if (!(a->validation_split >= 0.0f && a->validation_split < 1.0f))
        return nn_fail("fit: validation_split must be in [0, 1), got %g", (double)a->validation_split);
    if (a->verbose < 0 || a->verbose > 2)
        return nn_fail("fit: verbose must be 0, 1 or 2, got %d", a->verbose);
    if (check_data(m, x, y, n, "fit", "the training data") < 0)
        return -1;
    p->n_train = n;
    p->n_val = 0;
    if (a->validation_n > 0) {
        if (check_data(m, a->validation_x, a->validation_y, a->validation_n, "fit",
                       "validation_data") < 0)
            return -1;
        p->xv = a->validation_x;
        p->yv = a->validation_y;
        p->n_val = a->validation_n;
    } else if (a->validation_split > 0.0f) {
        /* Keras: the last samples, before any shuffling, cut at int(n * (1 - split)) in Python's
         * doubles. The split arrives as a float (0.2f is 0.2000000030), so the decimal that the
         * caller wrote is recovered first; otherwise 50 samples would keep 39 rows, not 40. */
        char decimal[32];
        snprintf(decimal, sizeof decimal, "%.7g", (double)a->validation_split);
        int split_at = (int)floor((double)n * (1.0 - strtod(decimal, NULL)));
        if (split_at <= 0 || split_at >= n)
            return nn_fail("fit: validation_split=%g of %d samples leaves %s empty",
                           (double)a->validation_split, n, split_at <= 0 ? "training" : "validation");
        p->n_train = split_at;
        p->n_val = n - split_at;
        p->xv = x + (size_t)split_at * m->input_dim;
        p->yv = y + (size_t)split_at * y_width(m);
    }
    return 0;
}

static int alloc_history(nn_history *h, int epochs, int has_metric, int has_val)
{
    memset(h, 0, sizeof *h);
    h->loss = calloc((size_t)epochs, sizeof(float));
    if (has_metric)
        h->metric = calloc((size_t)epochs, sizeof(float));
    if (has_val) {
        h->val_loss = calloc((size_t)epochs, sizeof(float));
        if (has_metric)
            h->val_metric = calloc((size_t)epochs, sizeof(float));
    }
    if (!h->loss || (has_metric && !h->metric) || (has_val && !h->val_loss) ||
        (has_val && has_metric && !h->val_metric)) {
        nn_history_free(h);
        return nn_fail("fit: out of memory for the history of %d epochs", epochs);
    }
    return 0;
}

static int diverged(const nn_model *m, int epoch, int batch, double loss)
{
    return nn_fail("fit: the loss became %s at epoch %d, batch %d: training diverged; lower the "
                   "learning rate (it is %g) or scale the inputs",
                   isnan(loss) ? "NaN" : "infinite", epoch + 1, batch + 1, m->hp.learning_rate);
}

/* The state of one epoch while its batches come back from the engine. */
typedef struct epoch_state {
    double loss_total, metric_total;
    int seen;
    int done;          /* batches collected */
    int quiet_until;   /* batches below this one were reported before a fallback: not again */
    nn_progress pr;
} epoch_state;

/* Takes the oldest step's sums from the engine and reports them; returns 1 when training must
 * stop (a callback or nn_request_stop), -1 on an engine error or divergence. A batch that a
 * fallback replays (below quiet_until) only counts: its progress was reported already. */
static int collect_batch(nn_model *m, const nn_fit_args *a, nn_progressbar *bar, epoch_state *es,
                         int batch, int rows, double t0)
{
    nn_step_result r;
    if (m->be->step_collect(m, &r) < 0)
        return -1;
    if (!isfinite(r.loss_sum))
        return diverged(m, es->pr.epoch, batch, r.loss_sum);
    es->loss_total += r.loss_sum;
    es->metric_total += r.metric_sum;
    es->seen += rows;
    es->done = batch + 1;
    es->pr.batch = batch;
    es->pr.seen = es->seen;
    es->pr.loss = (float)(es->loss_total / es->seen);
    es->pr.metric = (float)(es->metric_total / es->seen);
    es->pr.seconds = now_seconds() - t0;
    if (batch < es->quiet_until)
        return 0;
    model_publish(m, es->pr.epoch, batch, es->pr.loss, es->pr.metric, 0);
    if (m->be_failed) /* the snapshot's read found the device gone */
        return -1;
    progress_batch(bar, &es->pr);
    int stop = atomic_load(&m->stop_requested);
    if (a->on_batch_end && a->on_batch_end(&es->pr, a->user))
        stop = 1;
    return stop;
}

/* Copying a shuffled batch's rows waits on memory: they come from anywhere in x, and at batch 32
 * on Fashion-MNIST (100 KB from 32 places) the copy took a tenth of the step. Threads that copy
 * rows side by side wait in parallel, so big batches are shared across the worker pool. */
#define GATHER_SHARED_FLOATS 16384

typedef struct gather_job {
    const float *x, *y;
    const int *order;  /* the batch's sample indices */
    float *xb, *yb;    /* (B, in), (B, yw) */
    int in, yw, B, rows_per_task;
} gather_job;

static void gather_rows(void *ctx, int task)
{
    const gather_job *g = ctx;
    int end = (task + 1) * g->rows_per_task;
    for (int r = task * g->rows_per_task; r < end && r < g->B; r++) {
        int src = g->order[r];
        memcpy(g->xb + (size_t)r * g->in, g->x + (size_t)src * g->in, (size_t)g->in * sizeof *g->xb);
        memcpy(g->yb + (size_t)r * g->yw, g->y + (size_t)src * g->yw, (size_t)g->yw * sizeof *g->yb);
    }
}

static void gather_batch(const gather_job *job)
{
    gather_job g = *job;
    int threads = nn_pool_threads();
    if (threads < 2 || (size_t)g.B * g.in < GATHER_SHARED_FLOATS) {
        g.rows_per_task = g.B;
        gather_rows(&g, 0);
        return;
    }
    g.rows_per_task = (g.B + threads - 1) / threads;
    nn_pool_run((g.B + g.rows_per_task - 1) / g.rows_per_task, gather_rows, &g);
}

/* Queues batch `index` of the epoch: its rows in `order` when shuffling, gathered into xb (batch,
 * input_dim) and yb (batch, y width), else read in place. */
static int queue_batch(nn_model *m, const float *x, const float *y, const fit_plan *p,
                       const int *order, int index, float *xb, float *yb)
{
    int in = m->input_dim, yw = y_width(m);
    int start = index * p->batch;
    int B = p->n_train - start < p->batch ? p->n_train - start : p->batch;
    const float *xin = x + (size_t)start * in, *yin = y + (size_t)start * yw;
    if (p->shuffle) {
        gather_batch(&(gather_job){x, y, order + start, xb, yb, in, yw, B, B});
        xin = xb;
        yin = yb;
    }
    return m->be->step_submit(m, xin, yin, B);
}

/* queue_batch; on the CPU engine, the whole batch (its rows' gather and the step) on as many
 * threads as the thread probe says, and timed for it (cpu/probe.h). */
static int submit_batch(nn_model *m, const float *x, const float *y, const fit_plan *p,
                        const int *order, int index, float *xb, float *yb)
{
    if (m->be != &nn_backend_cpu)
        return queue_batch(m, x, y, p, order, index, xb, yb);
    nn_pool_set_local_cap(nn_probe_cap(&m->cpu_probe));
    double start = now_seconds();
    int rc = queue_batch(m, x, y, p, order, index, xb, yb);
    nn_probe_record(&m->cpu_probe, now_seconds() - start);
    nn_pool_set_local_cap(0);
    return rc;
}

/* The epoch's averages into the history, at index pr->epoch. */
static void record_epoch(nn_history *h, const nn_progress *pr)
{
    int e = pr->epoch;
    h->loss[e] = pr->loss;
    if (h->metric)
        h->metric[e] = pr->metric;
    if (h->val_loss)
        h->val_loss[e] = pr->val_loss;
    if (h->val_metric)
        h->val_metric[e] = pr->val_metric;
    h->epochs = e + 1;
}

/* The fit's buffers and its fixed inputs, shared by the epochs. */
typedef struct fit_run {
    const float *x, *y;
    const fit_plan *p;
    const nn_fit_args *a;
    float *xb, *yb, *out;
    int *order;
    nn_progressbar bar;
    double t0;
} fit_run;

/* One epoch's batches. Steps are queued up to the engine's max_in_flight before the oldest is
 * collected, so a GPU never waits for the host to read a loss; on the CPU each step is collected
 * as soon as it is queued. 1 when training must stop, -1 on an error. */
static int run_batches(nn_model *m, fit_run *f, epoch_state *es)
{
    const fit_plan *p = f->p;
    int batches = (p->n_train + p->batch - 1) / p->batch;
    int depth = m->be->max_in_flight > 0 ? m->be->max_in_flight : 1;
    int queued = 0, collected = 0, stop = 0;
    while (collected < batches) {
        if (queued < batches && queued - collected < depth && !stop) {
            if (submit_batch(m, f->x, f->y, p, f->order, queued, f->xb, f->yb) < 0)
                return -1;
            queued++;
            continue;
        }
        if (queued == collected)
            break; /* stopping, and nothing is left in flight */
        int start = collected * p->batch;
        int rows = p->n_train - start < p->batch ? p->n_train - start : p->batch;
        int rc = stop ? 0 : collect_batch(m, f->a, &f->bar, es, collected, rows, f->t0);
        if (stop) {
            nn_step_result drained;
            rc = m->be->step_collect(m, &drained);
        }
        if (rc < 0)
            return -1;
        stop |= rc;
        collected++;
    }
    return stop;
}

/* A device that failed during this epoch (be_failed): the model goes to the CPU engine with the
 * host copy taken at the epoch's start (weights, optimizer state and step count), and the CPU
 * replays the epoch's batches from there, in the same order with the same dropout masks. The
 * batches reported before the failure are not reported again: to the caller, training goes on
 * from the step where the device failed, and nothing it learned is lost. */
static int epoch_on_cpu(nn_model *m, fit_run *f, epoch_state *es)
{
    model_engine_fall_back(m);
    epoch_state again = { .quiet_until = es->done, .pr = es->pr };
    again.pr.batch = 0;
    *es = again;
    return run_batches(m, f, es);
}

/* Validation at the end of an epoch, on the CPU when the device fails during it. */
static int validate(nn_model *m, fit_run *f, epoch_state *es)
{
    const fit_plan *p = f->p;
    double vl, vm;
    int rc = eval_sums(m, p->xv, p->yv, p->n_val, p->batch, f->out, &vl, &vm);
    if (rc < 0 && m->be_failed) {
        model_engine_fall_back(m);
        rc = eval_sums(m, p->xv, p->yv, p->n_val, p->batch, f->out, &vl, &vm);
    }
    if (rc < 0)
        return -1;
    es->pr.has_val = 1;
    es->pr.val_loss = (float)(vl / p->n_val);
    es->pr.val_metric = (float)(vm / p->n_val);
    return 0;
}

/* The epochs themselves, once the plan and the buffers are ready. On a device, each epoch begins
 * with the host copy brought up to date (one download an epoch), which is what a fallback
 * resumes from. */
static int run_epochs(nn_model *m, fit_run *f, nn_history *h)
{
    const fit_plan *p = f->p;
    const nn_fit_args *a = f->a;
    int batches = (p->n_train + p->batch - 1) / p->batch;
    nn_rng rng;
    nn_rng_seed(&rng, a->seed);
    f->t0 = now_seconds();

    for (int e = 0; e < p->epochs; e++) {
        if (p->shuffle)
            nn_rng_permutation(&rng, f->order, p->n_train);
        if (m->be != &nn_backend_cpu && m->be->download(m) < 0)
            model_engine_fall_back(m); /* the host copy of the last download is the one to go on from */
        progress_epoch_begin(&f->bar, a->progress, a->verbose, e, p->epochs, batches,
                             m->metric != METRIC_NONE);
        epoch_state es = { .pr = { .epoch = e, .epochs = p->epochs, .batches = batches,
                                   .has_metric = m->metric != METRIC_NONE } };
        int stop = run_batches(m, f, &es);
        if (stop < 0 && m->be_failed)
            stop = epoch_on_cpu(m, f, &es);
        if (stop < 0)
            return -1;
        if (stop) {
            progress_stopped(&f->bar);
            return 0; /* the interrupted epoch is not recorded, as in Keras */
        }
        if (p->n_val > 0 && validate(m, f, &es) < 0)
            return -1;
        es.pr.seconds = now_seconds() - f->t0;
        if (h)
            record_epoch(h, &es.pr);
        model_publish(m, e, batches - 1, es.pr.loss, es.pr.metric, 1);
        progress_epoch_end(&f->bar, &es.pr);
        if (a->on_epoch_end && a->on_epoch_end(&es.pr, a->user))
            return 0;
        if (atomic_load(&m->stop_requested))
            return 0;
    }
    return 0;
}

int nn_fit(nn_model *m, const float *x, const float *y, int n, const nn_fit_args *a, nn_history *h)
{
    static const nn_fit_args defaults;
    if (check_ready(m, "fit") < 0)
        return -1;
    if (!a)
        a = &defaults;
    fit_plan p = { 0 };
    if (plan_fit(m, x, y, n, a, &p) < 0)
        return -1;
    int B = p.batch < p.n_train ? p.batch : p.n_train;
    if (model_reserve(m, B) < 0)
        return -1;
    if (h && alloc_history(h, p.epochs, m->metric != METRIC_NONE, p.n_val > 0) < 0)
        return -1;
    /* the fit's own lifetime: shuffled batch rows (B, in) and (B, y width), the validation
     * output (batch, units) and the order */
    size_t xb_n = p.shuffle ? (size_t)B * m->input_dim : 0, yb_n = p.shuffle ? (size_t)B * y_width(m) : 0;
    size_t out_n = (size_t)p.batch * nn_output_dim(m);
    float *buf = malloc((xb_n + yb_n + out_n) * sizeof *buf);
    int *order = malloc((size_t)p.n_train * sizeof *order);
    if (!buf || !order) {
        free(buf);
        free(order);
        if (h)
            nn_history_free(h);
        return nn_fail("fit: out of memory for %d samples", n);
    }
    /* a device that fails at the start (its upload) leaves fit on the CPU engine */
    int rc = model_engine_begin(m, 1);
    if (rc == 0) {
        atomic_store(&m->stop_requested, 0);
        model_publish(m, 0, -1, NAN, NAN, 1);
        /* under the snapshot's lock: a reader that saw fitting 0 copies m->params inside that lock,
         * so the first update cannot start while it copies (ThreadSanitizer saw that race) */
        pthread_mutex_lock(&m->snap_lock);
        atomic_store(&m->fitting, 1);
        pthread_mutex_unlock(&m->snap_lock);
        fit_run f = { .x = x, .y = y, .p = &p, .a = a, .xb = buf, .yb = buf + xb_n,
                      .out = buf + xb_n + yb_n, .order = order };
        rc = run_epochs(m, &f, h);
        /* the device's weights come home while readers still take the published copy: a reader
         * that saw fitting 0 would read m->params as the download writes them */
        rc = model_engine_end(m, rc);
        model_snapshot_settle(m);
        atomic_store(&m->fitting, 0);
    }
    free(buf);
    free(order);
    return rc;
}

/* ---- evaluate, predict, train_on_batch ------------------------------------------------------------ */

int nn_evaluate(nn_model *m, const float *x, const float *y, int n, float *loss, float *metric)
{
    if (check_ready(m, "evaluate") < 0)
        return -1;
    if (check_data(m, x, y, n, "evaluate", "the data") < 0)
        return -1;
    float *out = malloc((size_t)EVAL_BATCH * nn_output_dim(m) * sizeof *out);
    if (!out)
        return nn_fail("evaluate: out of memory");
    double ls = 0, ms = 0;
    int rc = model_engine_begin(m, 0);
    if (rc == 0)
        rc = model_engine_end(m, eval_sums(m, x, y, n, EVAL_BATCH, out, &ls, &ms));
    free(out);
    if (rc < 0)
        return -1;
    if (loss)
        *loss = (float)(ls / n);
    if (metric)
        *metric = m->metric ? (float)(ms / n) : NAN;
    return 0;
}

int nn_predict(nn_model *m, const float *x, int n, float *out)
{
    if (!m)
        return nn_fail("predict: the model is NULL");
    if (atomic_load(&m->fitting))
        return nn_fail("predict: the model is training; use nn_snapshot_read from another thread");
    if (m->n_layers == 0)
        return nn_fail("predict: the model has no layers");
    if (n <= 0 || !x || !out)
        return nn_fail("predict: needs x, out and at least one sample (got n=%d)", n);
    int in = m->input_dim, units = nn_output_dim(m);
    int rc = model_engine_begin(m, 0);
    for (int s = 0; rc == 0 && s < n; s += EVAL_BATCH) {
        int B = n - s < EVAL_BATCH ? n - s : EVAL_BATCH;
        rc = m->be->forward(m, x + (size_t)s * in, B, out + (size_t)s * units);
    }
    return model_engine_end(m, rc);
}

int nn_train_on_batch(nn_model *m, const float *x, const float *y, int n, float *loss, float *metric)
{
    if (check_ready(m, "train_on_batch") < 0)
        return -1;
    if (check_data(m, x, y, n, "train_on_batch", "the batch") < 0)
        return -1;
    nn_step_result r = { 0 };
    int rc = model_engine_begin(m, 0);
    if (rc == 0)
        rc = m->be->step_submit(m, x, y, n);
    if (rc == 0)
        rc = m->be->step_collect(m, &r);
    if (model_engine_end(m, rc) < 0)
        return -1;
    if (!isfinite(r.loss_sum))
        return nn_fail("train_on_batch: the loss became %s: training diverged; lower the learning "
                       "rate (it is %g)", isnan(r.loss_sum) ? "NaN" : "infinite", m->hp.learning_rate);
    if (loss)
        *loss = (float)(r.loss_sum / n);
    if (metric)
        *metric = m->metric ? (float)(r.metric_sum / n) : NAN;
    model_publish(m, 0, 0, (float)(r.loss_sum / n), (float)(r.metric_sum / n), 1);
    return 0;
}
