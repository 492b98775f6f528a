/* pool.c — placeholder: runs every task on the caller, until the worker pool lands. */
#include "pool.h"

static int pool_threads = 1;

void nn_pool_run(int tasks, nn_pool_fn fn, void *ctx)
{
    for (int i = 0; i < tasks; i++)
        fn(ctx, i);
}

int nn_pool_threads(void)
{
    return pool_threads;
}

int nn_pool_set_threads(int n)
{
    if (n < 0 || n > 64)
        return -1;
    pool_threads = n ? n : 1;
    return 0;
}
