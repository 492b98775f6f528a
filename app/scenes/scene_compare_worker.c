/* scene_compare_worker.c — the compare scene's worker thread: a big file's load and every run of
 * the models happen here, so that the window keeps drawing and the Cancel button answers.
 *
 * One idiom, as in the rest of the program: a pthread, and C11 atomics for the two flags that
 * cross threads.
 *   cancel  the UI stores 1 (relaxed), the study reads it (relaxed) between batches and MiBs: it
 *           carries no data, only a request to stop.
 *   done    the worker's last store (release), after s->job_rc and every field of s->st are
 *           final; the UI loads it (acquire) each frame and joins the thread only then, so the
 *           join never blocks a frame (pthread_join also orders the memory). After the join the
 *           study is the UI's again.
 * While the worker runs, the UI reads the study only through study_get_status and
 * study_get_history (s->st.live, the study's own atomics). */
#include "scene_compare.h"

void compare_job_work(compare_state *s)
{
    int rc = 0;
    if (s->job == JOB_LOAD || s->stale)
        rc = study_load(&s->st, NULL, &s->cancel);
    if (rc == 0 && s->job == JOB_RUN)
        rc = study_run(&s->st, &s->run_settings, &s->cancel);
    s->job_rc = rc;
}

static void *run_worker(void *p)
{
    compare_state *s = p;
    compare_job_work(s);
    atomic_store_explicit(&s->done, 1, memory_order_release);
    return NULL;
}

/* Relaxed: no worker runs now (stop_job joined the last one), and pthread_create orders these
 * stores before anything the new worker does. */
void compare_worker_reset(compare_state *s)
{
    atomic_store_explicit(&s->cancel, 0, memory_order_relaxed);
    atomic_store_explicit(&s->done, 0, memory_order_relaxed);
}

int compare_worker_start(compare_state *s)
{
    s->running = pthread_create(&s->thread, NULL, run_worker, s) == 0;
    return s->running ? 0 : -1;
}

int compare_worker_finished(compare_state *s)
{
    if (!s->running || !atomic_load_explicit(&s->done, memory_order_acquire))
        return 0;
    pthread_join(s->thread, NULL);
    s->running = 0;
    return 1;
}

void compare_worker_stop(compare_state *s)
{
    if (!s->running)
        return;
    compare_worker_cancel(s);
    pthread_join(s->thread, NULL);
    s->running = 0;
}

void compare_worker_cancel(compare_state *s)
{
    atomic_store_explicit(&s->cancel, 1, memory_order_relaxed);
}

int compare_worker_cancelled(const compare_state *s)
{
    return atomic_load_explicit(&s->cancel, memory_order_relaxed);
}
