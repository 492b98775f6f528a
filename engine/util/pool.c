/* pool.c — the engine's worker pool (the CPU kernels, the CPU backend, the classic classifiers):
 * persistent pthreads that spin briefly, then sleep.
 *
 * A training step calls the pool several times per batch (one matrix product per layer and
 * direction), with a little serial work in between. Waking a sleeping thread costs tens of
 * microseconds, as much as a whole mid-sized product, so workers first spin for a short while
 * after each job; only a pool left idle for longer than that goes to sleep on a condition variable.
 *
 * One job at a time. The job's description (fn, ctx, tasks, helpers) is plain memory that the
 * caller writes while no worker can be reading it; `gen` says whether a job is open:
 *   odd  = open: workers may enter, take tasks and finish them;
 *   even = closed: the caller owns the description.
 * A worker that saw generation g enters by incrementing `inside` and then re-reading `gen`: if it
 * is still g, the caller cannot have closed the job yet, and closing waits for `inside` to drop to
 * zero; otherwise the worker leaves without touching the description. All atomics are sequentially
 * consistent, which is what makes the increment-then-re-read handshake sound.
 *
 * The caller always takes tasks too, until none are left: a job completes even when no worker
 * shows up (a child after fork() inherits the worker count but not the threads; there, products
 * are merely serial).
 */
#include "pool.h"
#include "fpmode.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

enum { POOL_MAX = 64 };

/* How long an idle worker, or a caller waiting for the last task, spins before sleeping. */
#define SPIN_NS 200000L

static struct {
    pthread_mutex_t lock;     /* guards sleepers, caller_sleeping and the condition variables */
    pthread_cond_t wake;      /* idle workers sleep here */
    pthread_cond_t finished;  /* a caller waiting for the last task sleeps here */
    int sleepers;             /* workers asleep on `wake` */
    int caller_sleeping;

    atomic_flag busy;         /* held by the thread that owns the current job */
    atomic_uint gen;          /* odd while a job is open, see above */
    atomic_int inside;        /* workers currently between entering and leaving a job */
    atomic_int next;          /* next task index to hand out */
    atomic_int done;          /* tasks finished */

    /* The job; written by the owner only while gen is even and inside is zero. */
    nn_pool_fn fn;
    void *ctx;
    int tasks;
    int helpers;              /* workers 1..helpers take part */
    unsigned fp_mode;         /* the caller's floating-point mode (fpmode.h), which tasks run in */

    int workers;              /* threads created so far (never shrinks); owner only */
    atomic_int threads;       /* requested thread count, callers included; 0 = not chosen yet */
} pool = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
    .finished = PTHREAD_COND_INITIALIZER,
    .busy = ATOMIC_FLAG_INIT,
};

static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

/* Spins until *v != old or SPIN_NS have passed; returns the last value read. Reads the clock only
 * every 64 turns, since a clock read costs more than a pause. */
static unsigned spin_while_equal(atomic_uint *v, unsigned old)
{
    long start = now_ns();
    for (unsigned turn = 1;; turn++) {
        unsigned cur = atomic_load(v);
        if (cur != old)
            return cur;
        if (turn % 64 == 0 && now_ns() - start > SPIN_NS)
            return cur;
        cpu_relax();
    }
}

/* Takes tasks until none are left. Whoever finishes the last one wakes a sleeping caller. */
static void run_tasks(void)
{
    int tasks = pool.tasks;
    for (;;) {
        int t = atomic_fetch_add(&pool.next, 1);
        if (t >= tasks)
            return;
        pool.fn(pool.ctx, t);
        if (atomic_fetch_add(&pool.done, 1) + 1 == tasks) {
            pthread_mutex_lock(&pool.lock);
            if (pool.caller_sleeping)
                pthread_cond_signal(&pool.finished);
            pthread_mutex_unlock(&pool.lock);
        }
    }
}

static void *worker_main(void *arg)
{
    int id = (int)(intptr_t)arg;
    /* Created by a caller that is about to open a job: if it is open already, take part. */
    unsigned seen = atomic_load(&pool.gen) & ~1u;
    for (;;) {
        unsigned g = spin_while_equal(&pool.gen, seen);
        if (g == seen) {
            pthread_mutex_lock(&pool.lock);
            while ((g = atomic_load(&pool.gen)) == seen) {
                pool.sleepers++;
                pthread_cond_wait(&pool.wake, &pool.lock);
                pool.sleepers--;
            }
            pthread_mutex_unlock(&pool.lock);
        }
        seen = g;
        if (!(g & 1u))
            continue; /* a job opened and closed while this worker was away */
        atomic_fetch_add(&pool.inside, 1);
        if (atomic_load(&pool.gen) == g && id <= pool.helpers) {
            if (nn_fp_mode() != pool.fp_mode)
                nn_fp_set_mode(pool.fp_mode);
            run_tasks();
        }
        atomic_fetch_sub(&pool.inside, 1);
    }
    return NULL;
}

/* Creates workers up to `want`; returns how many exist. Owner only. */
static int ensure_workers(int want)
{
    while (pool.workers < want) {
        pthread_attr_t attr;
        pthread_t thread;
        if (pthread_attr_init(&attr) != 0)
            break;
        /* Detached: the workers live as long as the process and hold no memory of their own. */
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        int rc = pthread_create(&thread, &attr, worker_main, (void *)(intptr_t)(pool.workers + 1));
        pthread_attr_destroy(&attr);
        if (rc != 0)
            break;
        pool.workers++;
    }
    return pool.workers;
}

static void wait_for_tasks(int tasks)
{
    long start = now_ns();
    for (unsigned turn = 1; atomic_load(&pool.done) != tasks; turn++) {
        if (turn % 64 == 0 && now_ns() - start > SPIN_NS) {
            pthread_mutex_lock(&pool.lock);
            while (atomic_load(&pool.done) != tasks) {
                pool.caller_sleeping = 1;
                pthread_cond_wait(&pool.finished, &pool.lock);
            }
            pool.caller_sleeping = 0;
            pthread_mutex_unlock(&pool.lock);
            return;
        }
        cpu_relax();
    }
}

static void run_serially(int tasks, nn_pool_fn fn, void *ctx)
{
    for (int i = 0; i < tasks; i++)
        fn(ctx, i);
}

void nn_pool_run(int tasks, nn_pool_fn fn, void *ctx)
{
    if (tasks <= 0)
        return;
    int threads = nn_pool_threads();
    int helpers = (threads < tasks ? threads : tasks) - 1;
    if (helpers == 0 || atomic_flag_test_and_set(&pool.busy)) {
        /* Too little work to share, or another thread holds the pool (or this one, from inside
         * a task): the caller does it all. */
        run_serially(tasks, fn, ctx);
        return;
    }
    int workers = ensure_workers(helpers);
    if (workers == 0) { /* not even one thread could be created */
        atomic_flag_clear(&pool.busy);
        run_serially(tasks, fn, ctx);
        return;
    }
    if (helpers > workers)
        helpers = workers;

    pool.fn = fn;
    pool.ctx = ctx;
    pool.tasks = tasks;
    pool.helpers = helpers;
    pool.fp_mode = nn_fp_mode();
    atomic_store(&pool.next, 0);
    atomic_store(&pool.done, 0);

    pthread_mutex_lock(&pool.lock);
    atomic_fetch_add(&pool.gen, 1); /* open */
    if (pool.sleepers)
        pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.lock);

    run_tasks();
    wait_for_tasks(tasks);

    atomic_fetch_add(&pool.gen, 1); /* closed: no new worker can enter */
    /* The workers still inside only have to find the task list empty; one may have been
     * preempted, hence the yield now and then. */
    for (unsigned turn = 1; atomic_load(&pool.inside) != 0; turn++) {
        cpu_relax();
        if (turn % 64 == 0)
            sched_yield();
    }
    atomic_flag_clear(&pool.busy);
}

static int online_cores(void)
{
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online < 1 ? 1 : online > POOL_MAX ? POOL_MAX : (int)online;
}

static _Thread_local int local_cap; /* 0: none */

void nn_pool_set_local_cap(int n) { local_cap = n > 0 ? n : 0; }

int nn_pool_threads(void)
{
    int n = atomic_load(&pool.threads);
    if (n == 0) {
        n = online_cores();
        atomic_store(&pool.threads, n);
    }
    return local_cap > 0 && local_cap < n ? local_cap : n;
}

int nn_pool_set_threads(int n)
{
    if (n < 0 || n > POOL_MAX)
        return -1;
    atomic_store(&pool.threads, n > 0 ? n : online_cores());
    return 0;
}
