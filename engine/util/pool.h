/* pool.h — a tiny worker pool (pthreads), for the CPU kernels' matrix products, the CPU backend's
 * optimizer step and the classic classifiers. */
#ifndef NEURONE_POOL_H
#define NEURONE_POOL_H

/* Runs fn(ctx, i) for i in 0..tasks-1 across the workers and the calling thread, each in the
 * caller's floating-point mode (fpmode.h); returns when all are done. Thread-safe: while another thread holds the pool, the tasks run on the caller alone. */
typedef void (*nn_pool_fn)(void *ctx, int task);
void nn_pool_run(int tasks, nn_pool_fn fn, void *ctx);
/* Number of threads that nn_pool_run uses (workers + caller), this thread's cap included. */
int  nn_pool_threads(void);
/* Caps the threads of the jobs that this thread starts (1: it runs them alone); 0 removes the cap.
 * The CPU engine sets it for a step when one thread is faster (cpu/probe.h). */
void nn_pool_set_local_cap(int n);
/* Sets the thread count; 0 -> online cores. Returns 0, or -1 when n is out of 1..64. */
int  nn_pool_set_threads(int n);

#endif
