/* bench.h — what the parts of `neurone --bench` share: the JSON writer (bench_json.c), the
 * benchmark table (bench.c) and grading (bench_grade.c). The documents they write are described
 * by docs/bench-schema.json; BENCH_SCHEMA_VERSION is its version. */
#ifndef NEURONE_BENCH_H
#define NEURONE_BENCH_H

#include <stddef.h>

#include "nn.h"

/* Bumped when a field changes meaning or goes away; new optional fields keep the version. */
#define BENCH_SCHEMA_VERSION 1

/* ---- a JSON writer into memory ------------------------------------------------------------------
 * Values are written in order; a key is given inside objects and NULL inside arrays. Commas are
 * placed by the writer. Numbers that are not finite become null, as JSON has no NaN. Strings are
 * escaped; bytes that are not UTF-8 become U+FFFD, so that the document is always valid. */

enum { BENCH_JSON_DEPTH = 16 };

typedef struct bench_json {
    char *text;                    /* NUL-terminated once anything is written; owned */
    size_t len, cap;
    int oom;                       /* an allocation failed: the text is incomplete */
    int pretty;                    /* 1: one member a line, indented; 0: one line */
    int depth;
    int count[BENCH_JSON_DEPTH];   /* values written so far in each open container */
} bench_json;

void bench_json_open(bench_json *j, const char *key, char bracket); /* '{' or '[' */
void bench_json_close(bench_json *j, char bracket);
void bench_json_string(bench_json *j, const char *key, const char *s); /* NULL -> null */
void bench_json_number(bench_json *j, const char *key, double v);
void bench_json_int(bench_json *j, const char *key, long v);
void bench_json_bool(bench_json *j, const char *key, int v);
void bench_json_null(bench_json *j, const char *key);
/* Arrays of n numbers, on one line even when pretty. */
void bench_json_floats(bench_json *j, const char *key, const float *v, int n);
void bench_json_ints(bench_json *j, const char *key, const int *v, int n);
/* A model's record, shared by grading and `neurone run`: opens "model" with its input_dim,
 * output_dim and params; the caller writes "layers" in its own words, then bench_json_model_end
 * adds the compile settings (optimizer, learning_rate, loss, from_logits) when the model has them
 * and closes it. */
void bench_json_model_begin(bench_json *j, const nn_model *m);
void bench_json_model_end(bench_json *j, const nn_model *m);
/* Writes the text and a newline to path atomically (a temporary file beside it, then a rename),
 * or to stdout when path is "-". 0, or -1 after printing why on stderr. */
int  bench_json_save(const bench_json *j, const char *path);
void bench_json_free(bench_json *j);

/* ---- the two modes ------------------------------------------------------------------------------- */

/* `neurone --bench --model FILE --data FILE ...`: argv[0] is "--bench". Prints exactly one JSON
 * line on stdout and returns 0, 1 (the submission failed) or 2 (bad arguments or data). */
int bench_grade_main(int argc, char **argv);

/* Seconds on the monotonic clock. */
double bench_seconds(void);

#endif
