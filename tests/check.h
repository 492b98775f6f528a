/* check.h — the tests' few macros: every failed check prints where, what was expected and what
 * came, and counts; main() returns failures != 0. */
#ifndef NEURONE_CHECK_H
#define NEURONE_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int failures;

#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (!(cond)) {                                                       \
            failures++;                                                      \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                    \
            fputc('\n', stderr);                                             \
        }                                                                    \
    } while (0)

/* |got - want| <= abs + rel * |want| */
#define CHECK_NEAR(got, want, abs_tol, rel_tol, what)                                            \
    do {                                                                                         \
        double g_ = (got), w_ = (want);                                                          \
        CHECK(fabs(g_ - w_) <= (abs_tol) + (rel_tol) * fabs(w_), "%s: expected %.9g, got %.9g", \
              what, w_, g_);                                                                     \
    } while (0)

/* a call that must fail with a message containing `needle` */
#define CHECK_FAILS(call, needle)                                                          \
    do {                                                                                   \
        int rc_ = (call);                                                                  \
        CHECK(rc_ == -1, "expected -1 from %s, got %d", #call, rc_);                      \
        CHECK(strstr(nn_error(), (needle)) != NULL, "expected the message to contain "    \
              "\"%s\", got \"%s\"", (needle), nn_error());                                 \
    } while (0)

#define RUN(test)                                  \
    do {                                           \
        int before_ = failures;                    \
        test();                                    \
        printf("%s %s\n", failures == before_ ? "ok  " : "FAIL", #test); \
    } while (0)

#endif
