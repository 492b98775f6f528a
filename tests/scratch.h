/* scratch.h — what the table tests (test_classic, test_study) share: a temporary folder and the
 * files written in it, a clock, and whether the build is sanitized (slower: sizes and time
 * limits shrink or grow with it). Include after check.h. */
#ifndef NEURONE_SCRATCH_H
#define NEURONE_SCRATCH_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* ThreadSanitizer slows the threaded tests as much as ASan does: their time bounds relax too */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

static char tmpdir[64]; /* made by main() with mkdtemp */

/* tmpdir/name holding text; the path stays valid until four more calls. */
static const char *write_file(const char *name, const char *text)
{
    static char path[4][256];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0)
        CHECK(0, "cannot write %s: %s", p, strerror(errno));
    return p;
}

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

#endif
