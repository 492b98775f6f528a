/* trainer.c — fit in a worker thread; statistics and weight snapshots for the UI. */
#include "trainer.h"
#include "lang.h"
#include "trainer_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What the worker should do next. */
typedef enum goal { GOAL_WAIT, GOAL_RUN, GOAL_STEPS, GOAL_EPOCH } goal;

/* trainer_set_weight's requests waiting for the worker; more are dropped until it catches up */
enum { MAX_EDITS = 64 };
typedef struct weight_edit { int layer, i, j; float value; } weight_edit;

struct trainer {
    trainer_config cfg;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;        /* the worker waits here for a request; waiters for a state too */

    /* guarded by lock */
    goal goal;
    long target;                /* GOAL_STEPS: pause once this many batches are done */
    int quit;
    int error_told;             /* trainer_error_once has handed the message out */
    trainer_stats st;
    int point_every, point_skip; /* record every point_every-th batch in the thinned curve */
    double run_since;           /* when the current stretch of training began (running only) */
    int epoch_offset;           /* epochs of the earlier fits */
    double epoch_started;       /* training seconds at the start of the current epoch */
    int last_seen;              /* samples of the current epoch counted so far */
    float pace;                 /* epochs a second; 0: no limit */
    long pace_steps;            /* where the paced stretch began: batches done, and when */
    double pace_since;
    weight_edit edits[MAX_EDITS];
    int n_edits;

    /* the worker's; published to the UI by the state leaving LOADING */
    const data_set *data;
    data_set own;               /* the transformed copy data points to, when features or a
                                   projection asked for one (trainer_data.c) */
    nn_model *model;
    float *worker_params;       /* a snapshot buffer for the worker's own checks */
    size_t n_params;

    /* the UI thread's */
    nn_model *view;
    float *view_params;
    long view_version;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- building --------------------------------------------------------------------------------- */

/* The notice for an engine that failed, in the student's language; the engine's why in English. */
static void engine_notice(char *notice, size_t size, const char *engine, const char *why)
{
    snprintf(notice, size, TR("Le moteur %s a échoué ; le moteur CPU a pris le relais (mêmes poids) : %s",
                              "The %s engine failed; the CPU engine took over (same weights): %s"),
             engine, why);
}

/* A value to predict: asked for, or a set whose target is a value (classes 0). */
static int trainer_is_regression(const trainer_config *c, const data_set *d)
{
    return c->regression || d->train.classes == 0;
}

/* notice (may be NULL) receives why the engine asked for could not start: the model then trains
 * on the CPU engine. */
static nn_model *build_model(const trainer_config *c, const data_set *d, int compile, char *notice,
                             size_t notice_size)
{
    nn_model *m = nn_sequential();
    if (!m)
        return NULL;
    int rc = nn_set_seed(m, c->seed);
    int in = d->train.dim, regression = trainer_is_regression(c, d);
    /* every kernel's regulariser, as Playground's */
    float l1 = c->reg == TRAINER_REG_L1 ? c->reg_rate : 0, l2 = c->reg == TRAINER_REG_L2 ? c->reg_rate : 0;
    for (int i = 0; i < c->hidden && rc == 0; i++)
        rc = nn_add_dense_args(m, &(nn_dense_args){ .units = c->units[i], .activation = c->activation,
                                                    .input_dim = i == 0 ? in : 0, .kernel_l1 = l1, .kernel_l2 = l2 });
    if (rc == 0)
        rc = nn_add_dense_args(m, &(nn_dense_args){ .units = regression ? 1 : d->train.classes,
                                                    .activation = regression ? "linear" : "softmax",
                                                    .input_dim = c->hidden == 0 ? in : 0, .kernel_l1 = l1, .kernel_l2 = l2 });
    if (rc == 0 && compile) {
        const char *loss = regression ? "mse" : c->loss[0] ? c->loss : "sparse_categorical_crossentropy";
        rc = nn_compile(m, c->optimizer[0] ? c->optimizer : "adam", loss, regression ? NULL : "accuracy");
        if (rc == 0 && c->learning_rate > 0)
            rc = nn_set_optimizer_param(m, "learning_rate", c->learning_rate);
        if (rc == 0 && c->backend[0] && strcmp(c->backend, "cpu") != 0 &&
            nn_use_backend(m, c->backend) < 0 && notice)
            engine_notice(notice, notice_size, c->backend, nn_error());
    }
    if (rc < 0) {
        nn_free(m);
        return NULL;
    }
    return m;
}

/* ---- the worker's side ------------------------------------------------------------------------ */

static void fail(trainer *t, const char *msg)
{
    pthread_mutex_lock(&t->lock);
    snprintf(t->st.error, sizeof t->st.error, "%s", msg);
    t->st.state = TRAINER_FAILED;
    pthread_cond_broadcast(&t->cond);
    pthread_mutex_unlock(&t->lock);
}

/* Time trained so far, pauses excluded; lock held. */
static double trained_s(const trainer *t)
{
    return t->st.seconds + (t->st.state == TRAINER_RUNNING ? now_s() - t->run_since : 0);
}

static void set_running(trainer *t, int running)
{
    if (running && t->st.state != TRAINER_RUNNING) {
        t->run_since = now_s();
        t->st.state = TRAINER_RUNNING;
    } else if (!running && t->st.state == TRAINER_RUNNING) {
        t->st.seconds += now_s() - t->run_since;
        t->st.state = TRAINER_PAUSED;
    }
}

static int wants_pause(const trainer *t)
{
    return t->goal == GOAL_WAIT || (t->goal == GOAL_STEPS && t->st.steps >= t->target);
}

/* Applies trainer_set_weight's requests to the training model (nn_set_weight publishes a fresh
 * snapshot for the view); lock held, on the worker. Inside a fit, an engine that holds the weights
 * on its device refuses: those wait for the fit's end. Bad indices are dropped. */
static void apply_edits(trainer *t, int fitting)
{
    if (!t->model)
        return;
    int kept = 0;
    int device = fitting && strcmp(nn_backend_name(t->model), "cpu") != 0;
    for (int k = 0; k < t->n_edits; k++) {
        if (device)
            t->edits[kept++] = t->edits[k];
        else
            nn_set_weight(t->model, t->edits[k].layer, t->edits[k].i, t->edits[k].j, t->edits[k].value);
    }
    t->n_edits = kept;
}

/* Waits, paused, until the UI asks for more or quits, applying weight edits meanwhile; lock held.
 * Returns 1 to stop the fit. */
static int pause_here(trainer *t)
{
    set_running(t, 0);
    pthread_cond_broadcast(&t->cond);
    for (;;) {
        apply_edits(t, 1);
        if (t->quit || !wants_pause(t))
            break;
        pthread_cond_wait(&t->cond, &t->lock);
    }
    if (t->quit)
        return 1;
    /* the batch after a step must publish its weights (a read asks for the next copy) */
    nn_snapshot_read(t->model, t->worker_params, t->n_params, NULL);
    set_running(t, 1);
    t->pace_steps = t->st.steps;
    t->pace_since = now_s();
    return 0;
}

static void record_point(trainer *t, const nn_progress *p)
{
    trainer_stats *s = &t->st;
    if (++t->point_skip < t->point_every)
        return;
    t->point_skip = 0;
    if (s->n_points == TRAINER_MAX_POINTS) {
        /* full: keep every other point and record half as often from now on */
        for (int i = 0; i < TRAINER_MAX_POINTS / 2; i++) {
            s->point_x[i] = s->point_x[2 * i + 1];
            s->point_loss[i] = s->point_loss[2 * i + 1];
            s->point_t[i] = s->point_t[2 * i + 1];
        }
        s->n_points = TRAINER_MAX_POINTS / 2;
        t->point_every *= 2;
    }
    s->point_x[s->n_points] = (float)(t->epoch_offset + p->epoch) + (float)(p->batch + 1) / (float)p->batches;
    s->point_loss[s->n_points] = p->loss;
    s->point_t[s->n_points] = (float)trained_s(t);
    s->n_points++;
}

/* Pauses at this batch if asked to; lock held. Returns 1 to stop the fit. */
static int maybe_pause_after_batch(trainer *t, const nn_progress *p)
{
    /* the fit's very last batch: it ends in a moment, and an ended fit is paused (DONE) */
    if (!wants_pause(t) || (p->epoch == p->epochs - 1 && p->batch == p->batches - 1))
        return 0;
    /* pause only on a batch whose weights the snapshot holds, so that what the UI shows is the
     * paused model; otherwise one more batch (the read below asks for its weights) */
    nn_snapshot_info info;
    nn_snapshot_read(t->model, t->worker_params, t->n_params, &info);
    if (info.epoch != p->epoch || info.batch != p->batch) {
        if (t->goal == GOAL_WAIT) {
            t->goal = GOAL_STEPS;
            t->target = t->st.steps + 1;
        } else
            t->target = t->st.steps + 1;
        return 0;
    }
    return pause_here(t);
}

static int on_batch_end(const nn_progress *p, void *user)
{
    trainer *t = user;
    pthread_mutex_lock(&t->lock);
    trainer_stats *s = &t->st;
    if (p->batch == 0)
        t->last_seen = 0;
    s->steps++;
    s->samples += p->seen - t->last_seen;
    t->last_seen = p->seen;
    s->batch = p->batch + 1;
    s->batches = p->batches;
    s->loss = p->loss;
    s->metric = p->metric;
    apply_edits(t, 1);
    if (!s->notice[0] && nn_engine_note(t->model)) /* the device failed, fit went on on the CPU */
        engine_notice(s->notice, sizeof s->notice, t->cfg.backend, nn_engine_note(t->model));
    record_point(t, p);
    int stop = t->quit || maybe_pause_after_batch(t, p);
    /* a run that will pause after the next batch asks now for that batch's weights */
    if (!stop && t->goal == GOAL_STEPS && t->target == s->steps + 1)
        nn_snapshot_read(t->model, t->worker_params, t->n_params, NULL);
    double wait = 0;
    if (!stop && t->pace > 0 && t->goal == GOAL_RUN) {
        /* ahead of the pace: wait (unlocked) until the clock catches up with the batches */
        double due = (double)(s->steps - t->pace_steps) / ((double)p->batches * t->pace);
        wait = due - (now_s() - t->pace_since);
    } else {
        t->pace_steps = s->steps;
        t->pace_since = now_s();
    }
    pthread_mutex_unlock(&t->lock);
    if (wait > 0) {
        struct timespec ts = { 0, (long)(fmin(wait, 0.2) * 1e9) };
        nanosleep(&ts, NULL);
    }
    return stop;
}

static int on_epoch_end(const nn_progress *p, void *user)
{
    trainer *t = user;
    pthread_mutex_lock(&t->lock);
    trainer_stats *s = &t->st;
    int e = s->n_epochs;
    double now = trained_s(t);
    if (e < TRAINER_MAX_EPOCHS) {
        s->loss_hist[e] = p->loss;
        s->acc_hist[e] = p->metric;
        s->val_loss_hist[e] = p->has_val ? p->val_loss : p->loss;
        s->val_acc_hist[e] = p->has_val ? p->val_metric : p->metric;
        s->epoch_seconds[e] = (float)(now - t->epoch_started);
        /* the last batch's gradients; the Vulkan engine keeps them on the device: zeros */
        if (strcmp(nn_backend_name(t->model), "cpu") != 0 ||
            nn_grad_norms(t->model, s->grad_norm[e], TRAINER_MAX_LAYERS + 1) < 0)
            memset(s->grad_norm[e], 0, sizeof s->grad_norm[e]);
        s->n_epochs++;
    }
    t->epoch_started = now;
    s->epochs_done = t->epoch_offset + p->epoch + 1;
    int stop = t->quit;
    if (!stop && t->goal == GOAL_EPOCH) {
        /* the epoch's weights are always published at its end */
        t->goal = GOAL_STEPS;
        t->target = s->steps;
        stop = pause_here(t);
    }
    pthread_mutex_unlock(&t->lock);
    return stop;
}

/* What the worker loads before training: the data, the model and the UI's twin of it, their
 * snapshot buffers, the labels as fit wants them. The model, the twin and the buffers go to the
 * trainer (trainer_free frees them); the one-hot labels stay the worker's. */
typedef struct worker_data {
    const data_set *d;
    nn_model *model, *view;
    float *worker_params, *view_params; /* (n_params) */
    size_t n_params;
    int n_train;                        /* the training rows used: all, or cfg.train_limit */
    float *hot_train, *hot_test;        /* one-hot labels for categorical_crossentropy; else NULL */
    const float *y_train, *y_test;      /* the labels given to fit: one-hot, or the dataset's own */
    char notice[640];                   /* build_model's, for the stats */
} worker_data;

static void worker_data_free(worker_data *w)
{
    free(w->hot_train);
    free(w->hot_test);
    free(w->worker_params);
    free(w->view_params);
    nn_free(w->model);
    nn_free(w->view);
}

/* Loads the dataset, builds the model and its twin, allocates the snapshot buffers and the one-hot
 * labels; 0, or -1 after fail() with the reason (and nothing left allocated). */
static int worker_load(trainer *t, worker_data *w)
{
    char err[512];
    *w = (worker_data){ 0 };
    const data_set *d = NULL;
    /* t->own is the worker's until published; trainer_free frees it after the join */
    if (trainer_data_load(&t->cfg, &t->own, &d, err, sizeof err) < 0) {
        fail(t, err);
        return -1;
    }
    if (d->train.classes < 2 && !trainer_is_regression(&t->cfg, d)) {
        fail(t, "the dataset needs at least two classes");
        return -1;
    }
    w->d = d;
    w->model = build_model(&t->cfg, d, 1, w->notice, sizeof w->notice);
    w->view = w->model ? build_model(&t->cfg, d, 0, NULL, 0) : NULL;
    if (!w->model || !w->view)
        snprintf(err, sizeof err, "%s", nn_error());
    /* a saved model opened: its trained weights, not random ones; the view follows by snapshot */
    if (w->model && w->view && t->cfg.weights_from[0] &&
        trainer_weights_load(t->cfg.weights_from, w->model, err, sizeof err) < 0)
        nn_free(w->view), w->view = NULL;
    if (!w->model || !w->view) {
        worker_data_free(w);
        fail(t, err);
        return -1;
    }
    w->n_params = (size_t)nn_count_params(w->model);
    w->worker_params = malloc(w->n_params * sizeof *w->worker_params);
    w->view_params = malloc(w->n_params * sizeof *w->view_params);
    if (!w->worker_params || !w->view_params) {
        worker_data_free(w);
        fail(t, "out of memory for the model's weights");
        return -1;
    }
    w->n_train = d->train.n;
    if (t->cfg.train_limit > 0 && t->cfg.train_limit < w->n_train)
        w->n_train = t->cfg.train_limit;
    /* categorical_crossentropy wants one-hot rows, as Keras's to_categorical makes them */
    if (strcmp(t->cfg.loss, "categorical_crossentropy") == 0 && !trainer_is_regression(&t->cfg, d)) {
        w->hot_train = nn_one_hot(d->train.y, d->train.n, d->train.classes);
        w->hot_test = nn_one_hot(d->test.y, d->test.n, d->train.classes);
        if (!w->hot_train || !w->hot_test) {
            worker_data_free(w);
            fail(t, "out of memory for the one-hot labels");
            return -1;
        }
    }
    w->y_train = w->hot_train ? w->hot_train : d->train.y;
    w->y_test = w->hot_test ? w->hot_test : d->test.y;
    return 0;
}

/* Hands the model, its twin and their buffers to the trainer: it is READY. The lock is held. */
static void worker_publish(trainer *t, const worker_data *w)
{
    t->data = w->d;
    t->model = w->model;
    t->view = w->view;
    t->worker_params = w->worker_params;
    t->view_params = w->view_params;
    t->n_params = w->n_params;
    t->st.state = TRAINER_READY;
    snprintf(t->st.notice, sizeof t->st.notice, "%s", w->notice);
    t->st.batches = (w->n_train + t->cfg.batch_size - 1) / t->cfg.batch_size;
    pthread_cond_broadcast(&t->cond);
}

/* One round of fit, the lock held on entry and on return (not while it trains): waits for a
 * request, trains, records how it ended. 0 to wait for the next request; 1 when the worker is done
 * (asked to quit, or fit failed). */
static int worker_round(trainer *t, const worker_data *w, int round)
{
    char err[512];
    for (;;) { /* between fits every engine takes weight edits */
        apply_edits(t, 0);
        if (t->quit || t->goal != GOAL_WAIT)
            break;
        pthread_cond_wait(&t->cond, &t->lock);
    }
    if (t->quit)
        return 1;
    set_running(t, 1);
    t->pace_steps = t->st.steps;
    t->pace_since = now_s();
    t->st.epochs_planned = t->epoch_offset + t->cfg.epochs;
    const data_set *d = w->d;
    t->st.no_metric = trainer_is_regression(&t->cfg, d);
    nn_fit_args a = {
        .epochs = t->cfg.epochs,
        .batch_size = t->cfg.batch_size,
        .seed = t->cfg.seed + (unsigned)round, /* a new shuffle for each round, as Keras */
        .validation_x = d->test.x,
        .validation_y = w->y_test,
        .validation_n = d->test.n,
        .on_batch_end = on_batch_end,
        .on_epoch_end = on_epoch_end,
        .user = t,
    };
    /* the first batch of a stepped run must publish its weights */
    nn_snapshot_read(w->model, w->worker_params, w->n_params, NULL);
    pthread_mutex_unlock(&t->lock);
    int rc = nn_fit(w->model, d->train.x, w->y_train, w->n_train, &a, NULL);
    if (rc < 0)
        snprintf(err, sizeof err, "%s", nn_error());
    pthread_mutex_lock(&t->lock);
    set_running(t, 0);
    if (rc < 0) {
        snprintf(t->st.error, sizeof t->st.error, "%s", err);
        t->st.state = TRAINER_FAILED;
        pthread_cond_broadcast(&t->cond);
        return 1;
    }
    if (t->quit)
        return 1;
    t->epoch_offset += t->cfg.epochs;
    t->st.state = TRAINER_DONE;
    t->goal = GOAL_WAIT;
    pthread_cond_broadcast(&t->cond);
    return 0;
}

static void *worker(void *arg)
{
    trainer *t = arg;
    worker_data w;
    if (worker_load(t, &w) < 0)
        return NULL;
    pthread_mutex_lock(&t->lock);
    worker_publish(t, &w);
    for (int round = 0; !t->quit; round++)
        if (worker_round(t, &w, round))
            break;
    pthread_mutex_unlock(&t->lock);
    free(w.hot_train);
    free(w.hot_test);
    return NULL;
}

/* ---- the UI's side ---------------------------------------------------------------------------- */

trainer *trainer_create(const trainer_config *c)
{
    trainer *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->cfg = *c;
    if (t->cfg.batch_size <= 0)
        t->cfg.batch_size = 32;
    if (t->cfg.epochs <= 0)
        t->cfg.epochs = 1;
    if (t->cfg.hidden > TRAINER_MAX_LAYERS)
        t->cfg.hidden = TRAINER_MAX_LAYERS;
    if (!t->cfg.activation[0])
        snprintf(t->cfg.activation, sizeof t->cfg.activation, "relu");
    t->point_every = 1;
    t->view_version = -1;
    t->pace = t->cfg.pace;
    t->st.state = TRAINER_LOADING;
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->cond, NULL);
    if (pthread_create(&t->thread, NULL, worker, t) != 0) {
        pthread_mutex_destroy(&t->lock);
        pthread_cond_destroy(&t->cond);
        free(t);
        return NULL;
    }
    return t;
}

void trainer_free(trainer *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->lock);
    t->quit = 1;
    if (t->model)
        nn_request_stop(t->model);
    pthread_cond_broadcast(&t->cond);
    pthread_mutex_unlock(&t->lock);
    pthread_join(t->thread, NULL);
    nn_free(t->model);
    nn_free(t->view);
    nn_dataset_free(&t->own.train);
    nn_dataset_free(&t->own.test);
    free(t->worker_params);
    free(t->view_params);
    pthread_mutex_destroy(&t->lock);
    pthread_cond_destroy(&t->cond);
    free(t);
}

static void request(trainer *t, goal g, long steps_more)
{
    pthread_mutex_lock(&t->lock);
    if (t->st.state != TRAINER_FAILED) {
        t->goal = g;
        if (g == GOAL_STEPS)
            t->target = t->st.steps + steps_more;
        pthread_cond_broadcast(&t->cond);
    }
    pthread_mutex_unlock(&t->lock);
}

void trainer_play(trainer *t)
{
    request(t, GOAL_RUN, 0);
}

void trainer_pause(trainer *t)
{
    request(t, GOAL_WAIT, 0);
}

void trainer_step_batch(trainer *t)
{
    request(t, GOAL_STEPS, 1);
}

void trainer_step_epoch(trainer *t)
{
    request(t, GOAL_EPOCH, 0);
}

void trainer_set_weight(trainer *t, int layer, int i, int j, float value)
{
    pthread_mutex_lock(&t->lock);
    if (t->n_edits < MAX_EDITS && isfinite(value))
        t->edits[t->n_edits++] = (weight_edit){ layer, i, j, value };
    pthread_cond_broadcast(&t->cond);
    pthread_mutex_unlock(&t->lock);
}

void trainer_set_pace(trainer *t, float pace)
{
    pthread_mutex_lock(&t->lock);
    t->pace = pace;
    t->pace_steps = t->st.steps;
    t->pace_since = now_s();
    pthread_mutex_unlock(&t->lock);
}

/* Waits on the condition until done() or the deadline; lock held. */
static int wait_until(trainer *t, int (*done)(const trainer *), double timeout_s)
{
    double end = now_s() + timeout_s;
    while (!done(t) && t->st.state != TRAINER_FAILED) {
        double left = end - now_s();
        if (left <= 0)
            return -1;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        double wake = (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9 + (left < 0.1 ? left : 0.1);
        ts.tv_sec = (time_t)wake;
        ts.tv_nsec = (long)((wake - (double)ts.tv_sec) * 1e9);
        pthread_cond_timedwait(&t->cond, &t->lock, &ts);
    }
    return t->st.state == TRAINER_FAILED ? -1 : 0;
}

static int is_ready(const trainer *t)
{
    return t->st.state != TRAINER_LOADING;
}

static int reached_target(const trainer *t)
{
    return t->st.state == TRAINER_DONE ||
           (t->st.state == TRAINER_PAUSED && t->goal == GOAL_STEPS && t->st.steps >= t->target);
}

int trainer_wait_ready(trainer *t, double timeout_s)
{
    pthread_mutex_lock(&t->lock);
    int rc = wait_until(t, is_ready, timeout_s);
    pthread_mutex_unlock(&t->lock);
    return rc;
}

int trainer_run_steps(trainer *t, long steps, double timeout_s)
{
    if (trainer_wait_ready(t, timeout_s) < 0)
        return -1;
    pthread_mutex_lock(&t->lock);
    int rc = 0;
    if (t->st.steps < steps) {
        t->goal = GOAL_STEPS;
        t->target = steps;
        pthread_cond_broadcast(&t->cond);
        rc = wait_until(t, reached_target, timeout_s);
    }
    pthread_mutex_unlock(&t->lock);
    return rc;
}

void trainer_poll(trainer *t, trainer_stats *out)
{
    pthread_mutex_lock(&t->lock);
    *out = t->st;
    /* the clock of a running fit moves between callbacks too */
    out->seconds = trained_s(t);
    pthread_mutex_unlock(&t->lock);
}

int trainer_error_once(trainer *t, char *buf, size_t n)
{
    pthread_mutex_lock(&t->lock);
    int fresh = t->st.state == TRAINER_FAILED && !t->error_told;
    if (fresh) {
        snprintf(buf, n, "%s", t->st.error);
        t->error_told = 1;
    }
    pthread_mutex_unlock(&t->lock);
    return fresh;
}

int trainer_sync_view(trainer *t)
{
    pthread_mutex_lock(&t->lock);
    nn_model *m = t->model;
    pthread_mutex_unlock(&t->lock);
    if (!m || !t->view)
        return -1;
    nn_snapshot_info info;
    if (nn_snapshot_read(m, t->view_params, t->n_params, &info) < 0)
        return -1;
    if (info.version == t->view_version)
        return 0;
    t->view_version = info.version;
    /* the snapshot holds the layers one after the other, each kernel (in, out) then bias (out) */
    const float *p = t->view_params;
    for (int l = 0; l < nn_layer_count(t->view); l++) {
        nn_layer_info li;
        nn_layer_info_get(t->view, l, &li);
        if (li.params == 0)
            continue;
        const float *kernel = p, *bias = p + (size_t)li.inputs * li.units;
        if (nn_set_weights(t->view, l, kernel, bias) < 0)
            return -1;
        p += li.params;
    }
    return 1;
}

nn_model *trainer_view(trainer *t)
{
    pthread_mutex_lock(&t->lock);
    nn_model *v = t->st.state == TRAINER_LOADING ? NULL : t->view;
    pthread_mutex_unlock(&t->lock);
    return v;
}

const data_set *trainer_data(trainer *t)
{
    pthread_mutex_lock(&t->lock);
    const data_set *d = t->data;
    pthread_mutex_unlock(&t->lock);
    return d;
}

const trainer_config *trainer_get_config(const trainer *t)
{
    return &t->cfg;
}

const char *trainer_backend(trainer *t)
{
    pthread_mutex_lock(&t->lock);
    const char *b = t->model ? nn_backend_name(t->model) : NULL;
    pthread_mutex_unlock(&t->lock);
    return b ? b : "";
}
