/* study_internal.h — what the study's three files share and nobody else calls:
 *
 *   study.c          the table: open, preview, load, histogram, notes, free
 *   study_run.c      the models: the split, the MLP and the classic classifiers, their scores,
 *                    and the live view that the UI reads while they train
 *   study_predict.c  a row typed by the student, encoded as the loader did and predicted
 *
 * Threading as study.h says: these run on the worker's thread during a step, and touch s->live
 * only through C11 atomics. */
#ifndef NEURONE_STUDY_INTERNAL_H
#define NEURONE_STUDY_INTERNAL_H

#include "study.h"

/* s->error from fmt, and s->live.stage STUDY_FAILED; returns -1. */
int  study_fail(study *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* study_fail with the engine's message (nn_error()), written on this thread. */
int  study_fail_engine(study *s);
/* 1 when the caller's flag asks the step to stop (relaxed: the flag carries no data). */
int  study_cancelled(const atomic_int *cancel);
/* A step starts: stage, no model training, none done. */
void study_live_begin(study_live *live, int stage);
/* A copy of text, to free; NULL when out of memory. */
char *study_copy_text(const char *text);
/* s->notes rewritten from s->report (the engine's English); -1 when out of memory. */
int  study_write_notes(study *s);
/* Frees what study_run made (the split, the scaler, the fills, the models): the loaded table
 * stays. */
void study_forget_run(study *s);
/* Each row's most probable class for x (n, dim): labels (n), and its probability in best (n)
 * unless NULL. */
int  study_mlp_predict(nn_model *m, const float *x, int n, int classes, float *labels, float *best);

#endif
