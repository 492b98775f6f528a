/* lesson_config.h — a lesson's directives, typed: what the scene reads (lesson_config), and the
 * rows that say what each scene takes (lesson_rule, one table per scene in lesson_scenes.c).
 *
 * The parser reads every "@name value" line once, checks it against its scene's row, and stores
 * the value here: names as indices into the row's list, numbers as ints and floats, lists of
 * names as bits. A scene's create() reads the fields, and lesson_config_has says which ones the
 * lesson gave; a field the lesson did not give holds its row's default (or zero without one).
 */
#ifndef NEURONE_LESSON_CONFIG_H
#define NEURONE_LESSON_CONFIG_H

#include <stddef.h>

#include "lesson_scenes.h"

enum {
    LESSON_MAX_PAGES = 24,       /* pages in a lesson */
    LESSON_MODEL_MAX = 8,        /* a model's widths: inputs, TRAINER_MAX_LAYERS hidden, outputs */
    LESSON_MODELS_MAX = 2,       /* @model given twice: the versus scene's two models */
    LESSON_COLUMN_MAX = 101      /* bytes of a column's name, with its NUL */
};

/* The directives, in the order of the messages that list them; each has its field in
 * lesson_config, of the same name. */
#define LESSON_FIELDS(X)                                                                              \
    X(SCENE, scene)                                                                                   \
    X(DATASET, dataset)                                                                               \
    X(MODEL, model)                                                                                   \
    X(ACTIVATION, activation)                                                                         \
    X(OPTIMIZER, optimizer)                                                                           \
    X(LEARNING_RATE, learning_rate)                                                                   \
    X(BATCH_SIZE, batch_size)                                                                         \
    X(EPOCHS, epochs)                                                                                 \
    X(CONTROLS, controls)                                                                             \
    X(LOCK, lock)                                                                                     \
    X(PLAY, play)                                                                                     \
    X(LOSS, loss)                                                                                     \
    X(SAMPLES, samples)                                                                               \
    X(INPUTS, inputs)                                                                                 \
    X(WEIGHTS, weights)                                                                               \
    X(BIAS, bias)                                                                                     \
    X(TAB, tab)                                                                                       \
    X(TARGET, target)                                                                                 \
    X(SCALER, scaler)                                                                                 \
    X(TEST_SIZE, test_size)

typedef enum lesson_field {
#define LESSON_FIELD_ID(ID, name) LESSON_F_##ID,
    LESSON_FIELDS(LESSON_FIELD_ID)
#undef LESSON_FIELD_ID
    LESSON_N_FIELDS
} lesson_field;

/* The directives' names ("scene", "dataset", ...), by lesson_field. */
extern const char *const lesson_field_names[LESSON_N_FIELDS];

/* "2-8-8-2 tanh". */
typedef struct lesson_model {
    int n;                       /* widths, inputs and outputs included */
    int width[LESSON_MODEL_MAX]; /* from the inputs to the outputs */
    int activation;              /* the hidden layers': an index into the row's list; -1: not written */
    int shape;                   /* with a row's shapes: the index of the one written; else -1 */
} lesson_model;

typedef struct lesson_config {
    lesson_scene scene;
    unsigned given;              /* bit f: the lesson wrote the directive of lesson_field f */
    int dataset;                 /* an index into the row's list */
    lesson_model model[LESSON_MODELS_MAX];
    int n_models;
    int activation, optimizer;   /* indices into the row's list */
    float learning_rate;
    int batch_size, epochs;
    unsigned controls, lock;     /* bit i: lesson_training_controls[i] */
    int play;
    int loss;                    /* an index into lesson_losses */
    int samples;
    float inputs[3], weights[3], bias;
    int tab[LESSON_MAX_PAGES];   /* page i opens view tab[i] (an index into the row's list) */
    int n_tabs;                  /* pages that name a view: all of them when one page has @tab, else 0 */
    char target[LESSON_COLUMN_MAX];
    int scaler;                  /* an index into lesson_scalers */
    float test_size;
    const char *code;            /* a ```python model block: the scene's code panel starts from it
                                    (NULL: from the scene's settings); lives with the lesson */
    int code_line;
} lesson_config;

/* What a row accepts: the value's type and where its limits are. */
typedef enum lesson_kind {
    LESSON_END,                  /* ends a scene's rows */
    LESSON_NAME,                 /* one of list's names: int, its index */
    LESSON_INT,                  /* a whole number in [lo, hi]: int */
    LESSON_NUMBERS,              /* count numbers in [lo, hi], apart by spaces or commas: float[count] */
    LESSON_CHOICE,               /* a number among list's ("0.01"): float */
    LESSON_MODEL,                /* widths joined by '-' then an activation of list: lesson_model; up to
                                    count of them; with shapes, only those widths; else the widths
                                    must fit the dataset's inputs and classes */
    LESSON_WORDS,                /* names of list apart by commas: unsigned, bit i for list[i] */
    LESSON_FLAG,                 /* nothing after it: int 1 */
    LESSON_COLUMN,               /* a table's column name: char[LESSON_COLUMN_MAX] */
    LESSON_TABS                  /* @tab of the pages, each one of list's: int[LESSON_MAX_PAGES] */
} lesson_kind;

/* One directive of one scene. */
typedef struct lesson_rule {
    lesson_field field;
    lesson_kind kind;
    const char *const *list;     /* NAME, CHOICE, WORDS, TABS, MODEL (its activations) */
    int n_list;
    float lo, hi;                /* INT, NUMBERS */
    int count;                   /* NUMBERS: how many; MODEL: how many models (1 when 0) */
    const char *def;             /* the value when the lesson writes none, as a lesson would write it;
                                    NULL: none (the scene decides) */
    const char *why;             /* NAME: the message for a name not in list, given the name then the
                                    list; NULL: "... is not one of ..." */
    const char *const *shapes;   /* MODEL: the only widths allowed ("3-4-2"); NULL: any */
    int n_shapes;
} lesson_rule;

/* Scene s's rows, ended by a row of kind LESSON_END. */
const lesson_rule *lesson_rules(lesson_scene s);
/* Scene s's row for field f; NULL when the scene does not take it. */
const lesson_rule *lesson_rule_of(lesson_scene s, lesson_field f);

/* Whether the lesson wrote the directive of f. */
int lesson_config_has(const lesson_config *c, lesson_field f);
/* Scene s's configuration before any directive: every row's default. 0, or -1 with why when a
 * default does not pass its own row (a mistake in the table, which the tests look for). */
int lesson_config_init(lesson_config *c, lesson_scene s, char *why, size_t n);
/* Checks value (trimmed) against row r and stores it in c, marking it given. dataset: the lesson's
 * dataset as written, for a model's inputs and outputs (NULL: not checked). 0, or -1 with why. */
int lesson_config_set(lesson_config *c, const lesson_rule *r, const char *value, const char *dataset,
                      char *why, size_t n);
/* c in words, one "name=value" per directive given, for messages and comparisons. */
void lesson_config_describe(const lesson_config *c, char *out, size_t n);

#endif
