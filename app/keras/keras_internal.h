/* keras_internal.h — the interpreter's values and session, shared by keras_run.c (statements,
 * names, expressions, print) and keras_model.c (Keras's classes and calls). Not for other parts. */
#ifndef NEURONE_KERAS_INTERNAL_H
#define NEURONE_KERAS_INTERNAL_H

#include "keras_run.h"
#include "py.h"

enum kv_kind { V_NONE, V_NUM, V_BOOL, V_STR, V_LIST, V_TUPLE, V_MODULE, V_DATA, V_LAYER, V_MODEL,
               V_OPT, V_LOSS, V_REG, V_HISTORY };

/* An array the script holds: images (n, shape...), labels (n), predictions (n, dim). Owned by the
 * session (freed with it). */
typedef struct kdata {
    float *v;             /* (n, dim) */
    int n, dim, ndim, shape[3];
    int classes;          /* labels: how many classes; 0 otherwise */
    const char *const *class_names;
} kdata;

typedef struct klayer {
    const char *kind;     /* "Input", "Flatten", "Dense", "Softmax", "Dropout" */
    int units;
    const char *activation;
    int no_bias;          /* Dense(use_bias=False) */
    const char *kernel_initializer, *bias_initializer; /* NULL: Keras's defaults */
    float kernel_l2;      /* kernel_regularizer=l2(x): x; 0 without */
    float kernel_l1;      /* kernel_regularizer=l1(x) or l1_l2(l1=x): x; 0 without */
    float rate;           /* Dropout */
    int ndim, shape[3];   /* Input's shape, or input_shape= on another layer (ndim 0: none) */
    int line, col;
} klayer;

#define KMAX_LAYERS 64

typedef struct kmodel {
    nn_model *m;                    /* built lazily, once the input's shape is known */
    klayer layers[KMAX_LAYERS];
    int n_layers;
    struct kmodel *inner;           /* Sequential([model, Softmax()]): the wrapped model */
    int compiled;
    const char *optimizer, *loss;
    int from_logits, has_metric;
    const char *opt_names[8];       /* optimizer parameters set by the script */
    double opt_values[8];
    int n_opt;
    const char *name;
    int line, compile_line, fit_line;   /* where Sequential, the last compile and fit are (0: none) */
    int in_ndim, in_shape[3];           /* the input's shape once built */
    /* the last fit's arguments, as written (a dry session records them instead of training) */
    int fitted, fit_epochs, fit_batch, fit_validation_data;
    float fit_validation_split;
} kmodel;

typedef struct kv {
    int kind;
    double num;                     /* NUM, BOOL; REG: the l2 factor */
    double l1;                      /* REG: the l1 factor */
    int is_int;
    const char *str;                /* STR; MODULE's path ("keras.layers"); OPT's and LOSS's name */
    struct kv **items;              /* LIST, TUPLE */
    int n;
    kdata *data;
    klayer layer;
    kmodel *model;
    const char *opt_names[8];       /* OPT: learning_rate= ...; LOSS: from_logits */
    double opt_values[8];
    int n_opt;
} kv;

typedef struct keras_session {
    keras_run_opts o;
    py_arena arena;                 /* values and syntax trees: live as long as the session */
    struct { const char *name; kv *v; } vars[512];
    int n_vars;
    const char *where;
    int skipping;                   /* the statement is being skipped: reason holds why */
    char reason[256];
    char error[512];
    int failed;
    int error_line, error_col;      /* of the error (0: no place) */
    const char *error_what;         /* the error without its place: points into error */
    void **owned;                   /* malloc'd arrays and models, freed with the session */
    int n_owned, cap_owned;
    kmodel *models[64];
    int n_models;
    keras_run_stats st;
    keras_note *notes;              /* malloc'd; the strings are in the arena */
    int n_notes, cap_notes;
    kmodel *last;                   /* what fit, evaluate or summary used last */
    kv *expr_value;                 /* the value of the last expression statement run */
    struct { int n, cap, has_metric, has_val; int *fit; float *loss, *metric, *val_loss, *val_metric; } ep;
    struct kplots *plots;           /* keras_plots.c: the figures recognised; NULL until the first */
} keras_session;

/* keras_run.c: appends one fit's epochs to s->ep; -1 when memory runs out */
int krecord_epochs(keras_session *s, const nn_history *h);

/* Both return NULL, so that `return kerr(s, n, ...)` ends an evaluation. */
kv *kerr(keras_session *s, const py_node *at, const char *fmt, ...);
kv *kskip(keras_session *s, const char *fmt, ...);
kv *knew(keras_session *s, int kind);
kv *knum(keras_session *s, double v, int is_int);
void *kown(keras_session *s, size_t bytes);  /* malloc'd, freed with the session */
int kadopt(keras_session *s, void *p);       /* p (malloc'd) freed with the session; -1: not taken */
kv *keval(keras_session *s, const py_node *n);
/* The keyword argument kw of call n, or its positional argument pos (-1: keyword only). */
const py_node *karg(const py_node *call, int pos, const char *kw);
/* An error when the call has a keyword outside known (NULL-terminated). */
int  kcheck_kwargs(keras_session *s, const py_node *call, const char *what, const char *const *known);

/* keras_run.c: the value bound to a name; NULL when none */
kv *klookup(keras_session *s, const char *name);

/* keras_plots.c: a skipped statement, lines [line, end_line) of src, read for a figure it draws;
 * kplots_end closes the figure being gathered (a source ends); kplots_free frees them all. */
void kplots_statement(keras_session *s, const char *src, size_t len, int line, int end_line);
void kplots_end(keras_session *s);
void kplots_free(keras_session *s);

/* keras_model.c: a call of a Keras name ("keras.layers.Dense") or a model's method. */
kv *kcall_keras(keras_session *s, const py_node *call, const char *path);
kv *kcall_method(keras_session *s, const py_node *call, kv *obj, const char *method);

/* keras_train.c: the datasets, building, fit, evaluate, predict, summary */
kv *kload_data(keras_session *s, const py_node *call, const char *which);
int kbuild(keras_session *s, kmodel *km, const py_node *at, const kdata *x);
int kapply_compile(keras_session *s, kmodel *km, const py_node *at);
kv *kfit(keras_session *s, const py_node *call, kmodel *km);
kv *kevaluate(keras_session *s, const py_node *call, kmodel *km);
kv *kpredict(keras_session *s, const py_node *call, kmodel *km);
kv *ksummary(keras_session *s, const py_node *call, kmodel *km);
kv *kto_categorical(keras_session *s, const py_node *call); /* keras.utils.to_categorical(y, n) */

#endif
