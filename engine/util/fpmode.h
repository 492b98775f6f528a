/* fpmode.h — the thread's floating-point mode: whether results and inputs too small to be normal
 * (denormals) are flushed to zero.
 *
 * TensorFlow trains with denormals flushed on every thread (its CPU thread pools set the mode),
 * and so does the CPU engine during a step: besides matching Keras, a denormal costs the processor
 * extra cycles, and Adam makes them by the thousand (the first moment of a weight whose gradient
 * stays zero decays by 0.9 a step into the denormal range and, 1.4e-45 · 0.1 rounding to zero,
 * stays there). The worker pool runs each job in its caller's mode, so a product or an update
 * gives the same bits on any thread. On processors other than x86-64 and AArch64 these do
 * nothing. */
#ifndef NEURONE_FPMODE_H
#define NEURONE_FPMODE_H

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
/* MXCSR: flush-to-zero (bit 15) and denormals-are-zero (bit 6); bits 0-5 are the sticky
 * exception flags, which are state, not mode: left out */
#define NN_FP_FLUSH 0x8040u
static inline unsigned nn_fp_mode(void) { return _mm_getcsr() & ~0x3Fu; }
static inline void nn_fp_set_mode(unsigned mode) { _mm_setcsr((_mm_getcsr() & 0x3Fu) | mode); }
#elif defined(__aarch64__)
/* FPCR: flush-to-zero (bit 24), for inputs and results alike */
#define NN_FP_FLUSH (1u << 24)
static inline unsigned nn_fp_mode(void)
{
    unsigned long r;
    __asm__ __volatile__("mrs %0, fpcr" : "=r"(r));
    return (unsigned)r;
}
static inline void nn_fp_set_mode(unsigned mode)
{
    unsigned long r = mode;
    __asm__ __volatile__("msr fpcr, %0" : : "r"(r));
}
#else
#define NN_FP_FLUSH 0u
static inline unsigned nn_fp_mode(void) { return 0u; }
static inline void nn_fp_set_mode(unsigned mode) { (void)mode; }
#endif

/* Flushes denormals on this thread until nn_fp_end(returned value). */
static inline unsigned nn_fp_flush_begin(void)
{
    unsigned before = nn_fp_mode();
    if ((before & NN_FP_FLUSH) != NN_FP_FLUSH)
        nn_fp_set_mode(before | NN_FP_FLUSH);
    return before;
}

static inline void nn_fp_end(unsigned before)
{
    if (nn_fp_mode() != before)
        nn_fp_set_mode(before);
}

#endif
