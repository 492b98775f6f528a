/* data.h — shared by the dataset sources in engine/data only; never installed.
 * A buffered CSV record reader (used by the CSV and built-in loaders), a locale-independent
 * number parser, and the dataset helpers that allocate, copy and name things. */
#ifndef NEURONE_DATA_H
#define NEURONE_DATA_H

#include <stddef.h>

#include "../nn.h"

/* ---- CSV records ----------------------------------------------------------------------------- */

/* The longest record accepted: a file with a longer one is refused rather than read into an
 * unbounded buffer (a binary file opened by mistake has no newlines at all). */
#define CSV_MAX_RECORD (1 << 20)

/* Reads RFC 4180 records one at a time from a plain or gzip file (zlib reads both), through a
 * fixed buffer, so that a file is never held whole in memory. */
typedef struct csv_reader {
    void *file;             /* gzFile; void here to keep zlib.h out of the other sources */
    const char *path;       /* for messages; not owned */
    char sep;               /* ',' or ';'; 0 until detected from the first line */
    unsigned char *buf;     /* (CSV_BUFFER) raw bytes from the file */
    int pos, len;           /* next unread byte of buf, bytes in buf */
    int at_eof;
    long line;              /* physical line of the next byte, 1-based */
    long record_line;       /* line on which the current record starts */
    char *text;             /* (text_cap) the current record's fields, each ending in '\0' */
    size_t text_len, text_cap;
    size_t *start;          /* (field_cap) offset of each field in text */
    long *field_line;       /* (field_cap) the line on which each field starts */
    int fields, field_cap;
    char *const *names;     /* (columns) the header's names once the loader knows them, for
                               messages; not owned */
    int columns;
    long long offset;       /* bytes of the file consumed so far (compressed ones for gzip), for
                               progress; updated at each refill of buf */
    long long size;         /* the file's size on disk, or 0 when unknown */
} csv_reader;

/* Room for csv_column_label's text. */
#define CSV_COLUMN_LABEL 96

/* Opens path; sep 0 detects ',' or ';' from the first line. */
int  csv_open(csv_reader *r, const char *path, char sep);
/* Reads the next non-blank record: 1 when one was read, 0 at the end of the file, -1 on error
 * (message names the file, line and column). */
int  csv_next(csv_reader *r);
/* The i-th field of the current record; points into the reader, valid until the next call. */
const char *csv_field(const csv_reader *r, int i);
/* Bytes of the file consumed up to the next unread record: exact for a plain file, estimated
 * from the compression ratio so far for gzip. */
long long csv_position(const csv_reader *r);
/* 'column 4 "age"' for the 0-based field i (or 'column 4' past the names), written in buf. */
const char *csv_column_label(const csv_reader *r, int i, char *buf, size_t size);
void csv_close(csv_reader *r);

/* Parses a decimal number such as "-1.5e3" with '.' as the decimal point whatever the locale,
 * and ',' too when comma is 1 ("1,5"); spaces around it are allowed. Returns 0, -1 when s is
 * not a number, -2 when it is beyond float's range. */
int  parse_float(const char *s, float *out, int comma);
/* 1 when s holds nothing but spaces and tabs. */
int  is_blank(const char *s);

/* 1 for the texts that stand for a missing value, as pandas reads them: blank, "NA", "N/A",
 * "n/a", "NaN", "nan", "null", "NULL", "None", "?". */
int  is_missing(const char *s);

/* ---- sets of texts -------------------------------------------------------------------------- */

/* The distinct texts of a column, each with an id in order of first appearance, the number of
 * rows holding it and the first of them: the categories of a feature, the labels of a target. */
typedef struct text_set {
    char *text;             /* (text_cap) the texts, each ending in '\0' */
    size_t text_len, text_cap;
    size_t *at;             /* (cap) where text id starts in text */
    long *rows;             /* (cap) rows holding text id */
    long *first;            /* (cap) the first of them, 0-based */
    int count, cap;
    int *slot;              /* (slots) a hash table of id + 1, 0 when free */
    int slots;
} text_set;

/* The id of s, added when new; -1 when out of memory (with nn_error() set). */
int  text_set_add(text_set *set, const char *s, long row);
const char *text_set_get(const text_set *set, int id);
void text_set_free(text_set *set);

/* ---- datasets ------------------------------------------------------------------------------- */

/* Zeroes d, then allocates x (n, dim) and y (n), zeroed, with ndim 1 and shape {dim}. */
int  data_alloc(nn_dataset *d, int n, int dim);
/* d gets the rows rows[0..count) of src, in that order, with copies of src's names and shape. */
int  data_take(nn_dataset *d, const nn_dataset *src, const int *rows, int count);
/* count copies of names; NULL with nn_error() set when out of memory. */
char **data_copy_names(const char *const *names, int count);
/* count NULL pointers, filled by the caller; NULL with nn_error() set when out of memory. */
char **data_new_names(int count);
void data_free_names(char **names, int count);
/* A copy of s, or NULL with nn_error() set. */
char *data_strdup(const char *s);
/* The mean of column j of x (n, dim) over its non-NaN cells, 0 when there are none; *seen gets
 * their count (impute.c). */
double data_column_mean(const float *x, int n, int dim, int j, long *seen);
/* out = nn_data_dir() + "/datasets/" + file; -1 when it does not fit. */
int  data_asset_path(char *out, size_t size, const char *file);

#endif
