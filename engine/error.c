/* error.c — the per-thread message behind nn_error(). */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"
#include "nn.h"

static _Thread_local char last_error[1024];

static void set_error(const char *fmt, va_list ap)
{
    vsnprintf(last_error, sizeof last_error, fmt, ap);
}

int nn_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error(fmt, ap);
    va_end(ap);
    return -1;
}

void *nn_fail_null(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error(fmt, ap);
    va_end(ap);
    return NULL;
}

const char *nn_error(void)
{
    return last_error[0] ? last_error : "no error";
}
