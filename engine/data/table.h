/* table.h — a CSV table between reading (csv.c) and becoming a dataset (table.c); shared by
 * those two files only. */
#ifndef NEURONE_TABLE_H
#define NEURONE_TABLE_H

#include "data.h"

/* One feature column while the rows stream past. */
typedef struct table_column {
    int field;              /* its index among the file's fields */
    long numbers, texts;    /* cells of each kind */
    long missing;           /* missing cells, in rows that have a target */
    long first_line;        /* where the column's first non-missing cell is, for messages */
    char first[44];         /* and its text, cut */
    text_set categories;    /* the texts, when the column holds text */
} table_column;

/* The table while it is being read. */
typedef struct csv_table {
    const char *path;
    long header_line;       /* 1 unless blank lines come first */
    int columns;            /* fields in the header */
    int target;             /* the target's field */
    char **names;           /* (columns) header names, trimmed */
    int *slot;              /* (columns) each field's feature index; -1 for the target and the
                               columns left out */
    int dim;                /* feature columns read */
    table_column *col;      /* (dim) */
    int rows, cap;          /* rows kept, rows allocated */
    float *x;               /* (cap, dim) numbers, category ids, NaN where missing */
    float *label;           /* (cap) the target's id in labels (classification), as a float
                               (exact below 2^24) so that the array becomes y in place */
    float *value;           /* (cap) the target's number (regression) */
    text_set labels;        /* the target's texts (classification) */
    int comma;              /* ',' is a decimal point too: the separator is ';' */
    int strict;             /* nn_load_csv: numbers only, nothing missing, any class count */
    int regression;
    int missing;            /* NN_MISSING_* */
    int no_one_hot;
    long rows_read;         /* data rows met, kept or not */
    long missing_target;    /* rows skipped for a missing target */
} csv_table;

/* Turns the rows read into d: missing values, one-hot columns, classes. Takes t's arrays. */
int  table_finish(nn_dataset *d, csv_table *t, nn_table_report *report);
/* Copies what is known of t into report (names, counts); called on failure too. */
int  table_report(const csv_table *t, nn_table_report *report);
void table_free(csv_table *t);

#endif
