/* reader.c — CSV records (RFC 4180) read through a fixed buffer, and locale-independent numbers.
 *
 * The reader knows fields, not columns: the loaders give meaning to them. It keeps the line on
 * which each field starts, because a quoted field may span lines and an error should point to
 * the line that a text editor shows. */
#include <errno.h>
#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "../internal.h"
#include "data.h"

#define CSV_BUFFER 65536
#define READ_EOF (-1)
#define READ_ERROR (-2)

/* ---- raw bytes ------------------------------------------------------------------------------ */

static int read_failed(csv_reader *r)
{
    int code = 0;
    const char *msg = gzerror((gzFile)r->file, &code);
    if (code == Z_ERRNO)
        msg = strerror(errno);
    return nn_fail("%s:%ld: cannot read: %s", r->path, r->line, msg);
}

/* The next byte without consuming it: 0..255, READ_EOF or READ_ERROR. */
static int peek(csv_reader *r)
{
    if (r->pos < r->len)
        return r->buf[r->pos];
    if (r->at_eof)
        return READ_EOF;
    int got = gzread((gzFile)r->file, r->buf, CSV_BUFFER);
    if (got < 0) {
        read_failed(r);
        return READ_ERROR;
    }
    if (got == 0) {
        /* gzread returns 0 both at a clean end and after a truncated gzip stream */
        int code = 0;
        gzerror((gzFile)r->file, &code);
        if (code != Z_OK && code != Z_STREAM_END) {
            read_failed(r);
            return READ_ERROR;
        }
        r->at_eof = 1;
        return READ_EOF;
    }
    r->pos = 0;
    r->len = got;
    long long offset = gzoffset((gzFile)r->file);
    if (offset >= 0)
        r->offset = offset;
    return r->buf[0];
}

/* Consumes one line ending: "\r\n", "\n" or a lone "\r". */
static int skip_line_end(csv_reader *r)
{
    int c = peek(r);
    if (c == '\r') {
        r->pos++;
        c = peek(r);
    }
    if (c == '\n')
        r->pos++;
    if (c == READ_ERROR)
        return -1;
    r->line++;
    return 0;
}

/* ---- messages ------------------------------------------------------------------------------- */

/* "file:7: column 3 "age": what", the column being the field now read. */
static int fail_at(const csv_reader *r, long line, const char *what)
{
    char column[CSV_COLUMN_LABEL];
    return nn_fail("%s:%ld: %s: %s", r->path, line,
                   csv_column_label(r, r->fields - 1, column, sizeof column), what);
}

/* ---- building a record ---------------------------------------------------------------------- */

static int push_byte(csv_reader *r, int c, int in_quotes)
{
    if (r->text_len + 1 >= CSV_MAX_RECORD)
        return fail_at(r, r->record_line, in_quotes
                       ? "line longer than 1 MiB (a quote opened in this field is never closed?)"
                       : "line longer than 1 MiB (not a CSV file?)");
    if (r->text_len + 1 >= r->text_cap) {
        size_t cap = r->text_cap ? r->text_cap * 2 : 256;
        char *text = realloc(r->text, cap);
        if (!text)
            return nn_fail("%s: out of memory", r->path);
        r->text = text;
        r->text_cap = cap;
    }
    r->text[r->text_len++] = (char)c;
    return 0;
}

static int begin_field(csv_reader *r)
{
    if (r->fields == r->field_cap) {
        int cap = r->field_cap ? r->field_cap * 2 : 16;
        size_t *start = realloc(r->start, (size_t)cap * sizeof *start);
        if (start)
            r->start = start;
        long *line = realloc(r->field_line, (size_t)cap * sizeof *line);
        if (line)
            r->field_line = line;
        if (!start || !line)
            return nn_fail("%s: out of memory", r->path);
        r->field_cap = cap;
    }
    r->start[r->fields] = r->text_len;
    r->field_line[r->fields] = r->line;
    r->fields++;
    return 0;
}

/* Reads a quoted field, from its opening quote to the byte after its closing quote. */
static int read_quoted(csv_reader *r)
{
    long opened = r->line;
    r->pos++; /* the opening quote */
    for (;;) {
        int c = peek(r);
        if (c == READ_ERROR)
            return -1;
        if (c == READ_EOF)
            return fail_at(r, opened, "unterminated quote: the file ends inside this quoted field");
        r->pos++;
        if (c == 0)
            return fail_at(r, r->line, "NUL byte: this is not a text file");
        if (c == '"') {
            if (peek(r) != '"')
                return 0; /* the closing quote */
            r->pos++;     /* "" stands for one quote */
        } else if (c == '\n') {
            r->line++;
        }
        if (push_byte(r, c, 1) < 0)
            return -1;
    }
}

/* Reads an unquoted field up to (not including) the separator or line end. A quote inside is
 * kept as a plain character, as Python's csv module and pandas do. */
static int read_plain(csv_reader *r)
{
    for (;;) {
        int c = peek(r);
        if (c == READ_ERROR)
            return -1;
        if (c == READ_EOF || c == r->sep || c == '\n' || c == '\r')
            return 0;
        r->pos++;
        if (c == 0)
            return fail_at(r, r->line, "NUL byte: this is not a text file");
        if (push_byte(r, c, 0) < 0)
            return -1;
    }
}

/* Reads the fields of one record, whose first byte is waiting in the buffer. */
static int read_record(csv_reader *r)
{
    for (;;) {
        if (begin_field(r) < 0)
            return -1;
        int c = peek(r);
        if (c == '"') {
            if (read_quoted(r) < 0)
                return -1;
            c = peek(r);
            if (c != READ_EOF && c != READ_ERROR && c != r->sep && c != '\n' && c != '\r') {
                char what[96];
                snprintf(what, sizeof what, "unexpected character '%c' after the closing quote "
                         "(write \"\" for a quote inside a quoted field)", c);
                return fail_at(r, r->line, what);
            }
        } else if (read_plain(r) < 0) {
            return -1;
        }
        if (push_byte(r, '\0', 0) < 0)
            return -1;
        c = peek(r);
        if (c == READ_ERROR)
            return -1;
        if (c != r->sep)
            return skip_line_end(r);
        r->pos++;
    }
}

/* ---- the public side of the reader ---------------------------------------------------------- */

/* Picks ';' when the first line has more semicolons than commas outside quotes: French
 * spreadsheets write "1,5;2,5" with ';' between fields. Only the first buffer is looked at. */
static void detect_separator(csv_reader *r)
{
    int commas = 0, semicolons = 0, quoted = 0;
    for (int i = r->pos; i < r->len; i++) {
        int c = r->buf[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted && c == ',')
            commas++;
        else if (!quoted && c == ';')
            semicolons++;
    }
    r->sep = semicolons > commas ? ';' : ',';
}

int csv_open(csv_reader *r, const char *path, char sep)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->line = 1;
    if (sep != 0 && sep != ',' && sep != ';')
        return nn_fail("%s: separator '%c' not supported (use ',' or ';', or 0 to detect)",
                       path, sep);
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return nn_fail("%s: is a folder, not a file", path);
        r->size = (long long)st.st_size;
    }
    errno = 0;
    gzFile f = gzopen(path, "rb");
    if (!f)
        return nn_fail("%s: cannot open: %s", path, errno ? strerror(errno) : "out of memory");
    r->file = f;
    r->buf = malloc(CSV_BUFFER);
    if (!r->buf) {
        csv_close(r);
        return nn_fail("%s: out of memory", path);
    }
    if (peek(r) == READ_ERROR) {
        csv_close(r);
        return -1;
    }
    /* a UTF-8 byte order mark, as Excel writes one before "CSV UTF-8" files */
    if (r->len >= 3 && r->buf[0] == 0xEF && r->buf[1] == 0xBB && r->buf[2] == 0xBF)
        r->pos = 3;
    r->sep = sep;
    if (!sep)
        detect_separator(r);
    return 0;
}

int csv_next(csv_reader *r)
{
    for (;;) {
        r->text_len = 0;
        r->fields = 0;
        r->record_line = r->line;
        int c = peek(r);
        if (c == READ_ERROR)
            return -1;
        if (c == READ_EOF)
            return 0;
        if (c != '\n' && c != '\r')
            return read_record(r) < 0 ? -1 : 1;
        /* a blank line, as the one after a trailing newline: skipped, as pandas does */
        if (skip_line_end(r) < 0)
            return -1;
    }
}

const char *csv_field(const csv_reader *r, int i)
{
    return r->text + r->start[i];
}

long long csv_position(const csv_reader *r)
{
    long long text = (long long)gztell((gzFile)r->file); /* uncompressed bytes read */
    long long used = text - (long long)(r->len - r->pos);
    if (text <= 0 || r->offset == text)
        return used; /* a plain file: the text is the file */
    return (long long)((double)used * (double)r->offset / (double)text);
}

const char *csv_column_label(const csv_reader *r, int i, char *buf, size_t size)
{
    if (i < r->columns && r->names && r->names[i])
        snprintf(buf, size, "column %d \"%.60s\"", i + 1, r->names[i]);
    else
        snprintf(buf, size, "column %d", i + 1);
    return buf;
}

void csv_close(csv_reader *r)
{
    if (r->file)
        gzclose((gzFile)r->file);
    free(r->buf);
    free(r->text);
    free(r->start);
    free(r->field_line);
    memset(r, 0, sizeof *r);
}

/* ---- numbers -------------------------------------------------------------------------------- */

int is_blank(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return *s == '\0';
}

int is_missing(const char *s)
{
    static const char *const words[] = {
        "NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "None", "?",
    };
    while (*s == ' ' || *s == '\t')
        s++;
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0)
        return 1;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == len && memcmp(words[i], s, len) == 0)
            return 1;
    return 0;
}

/* v * 10^e, in steps that stay inside double's range of exact powers of ten. */
static double scale10(double v, long e)
{
    static const double pow10[] = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    if (e > 400)
        return v * 1e300 * 1e300; /* inf: refused by the caller */
    if (e < -400)
        return 0.0;
    for (; e > 22; e -= 22)
        v *= 1e22;
    for (; e < -22; e += 22)
        v /= 1e22;
    return e >= 0 ? v * pow10[e] : v / pow10[-e];
}

/* strtod would follow the C locale's decimal point, which is ',' once a program calls
 * setlocale(LC_ALL, "") in France; a data file's "1.5" must not depend on that. Up to 19
 * significant digits are kept, far more than a float holds. */
int parse_float(const char *s, float *out, int comma)
{
    uint64_t mant = 0;
    long exp10 = 0;
    int digits = 0, kept = 0, after_point = 0, negative = 0;

    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '+' || *s == '-')
        negative = *s++ == '-';
    for (;; s++) {
        if ((*s == '.' || (comma && *s == ',')) && !after_point) {
            after_point = 1;
            continue;
        }
        if (*s < '0' || *s > '9')
            break;
        digits++;
        if (kept < 19) {
            mant = mant * 10 + (uint64_t)(*s - '0');
            kept += mant != 0; /* leading zeros are not significant */
            exp10 -= after_point;
        } else {
            exp10 += !after_point;
        }
    }
    if (!digits)
        return -1;
    if (*s == 'e' || *s == 'E') {
        long e = 0;
        int e_negative = 0, e_digits = 0;
        s++;
        if (*s == '+' || *s == '-')
            e_negative = *s++ == '-';
        for (; *s >= '0' && *s <= '9'; s++, e_digits++)
            if (e < 100000)
                e = e * 10 + (*s - '0');
        if (!e_digits)
            return -1;
        exp10 += e_negative ? -e : e;
    }
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s)
        return -1;
    double v = mant ? scale10((double)mant, exp10) : 0.0;
    if (!(v <= FLT_MAX))
        return -2;
    *out = (float)(negative ? -v : v);
    return 0;
}
