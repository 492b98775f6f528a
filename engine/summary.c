/* summary.c — Keras 3's model.summary(), box-drawing table and all:
 *
 *   Model: "sequential"
 *   ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
 *   ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
 *   ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
 *   │ dense (Dense)                   │ (None, 64)             │         6,464 │
 *   └─────────────────────────────────┴────────────────────────┴───────────────┘
 *    Total params: 7,114 (27.79 KB)
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* inner widths of the three columns, as Keras 3 lays out a Sequential model */
static const int col_width[3] = { 33, 24, 15 };

/* 1234567 -> "1,234,567" */
static void with_commas(char *buf, size_t size, long v)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%ld", v < 0 ? -v : v);
    size_t o = 0;
    if (v < 0 && o + 1 < size)
        buf[o++] = '-';
    for (int i = 0; i < n && o + 1 < size; i++) {
        buf[o++] = digits[i];
        if ((n - i - 1) % 3 == 0 && i != n - 1 && o + 1 < size)
            buf[o++] = ',';
    }
    buf[o] = '\0';
}

/* Keras's readable_memory_size: 1024-based, two decimals. */
static void memory_size(char *buf, size_t size, double bytes)
{
    static const char *units[] = { "B", "KB", "MB", "GB", "TB" };
    int u = 0;
    while (bytes >= 1024.0 && u < 4) {
        bytes /= 1024.0;
        u++;
    }
    snprintf(buf, size, "%.2f %s", bytes, units[u]);
}

static void rule(FILE *f, const char *left, const char *fill, const char *mid, const char *right)
{
    fputs(left, f);
    for (int c = 0; c < 3; c++) {
        for (int i = 0; i < col_width[c]; i++)
            fputs(fill, f);
        fputs(c < 2 ? mid : right, f);
    }
    fputc('\n', f);
}

static void row(FILE *f, const char *bar, const char *a, const char *b, const char *c)
{
    fprintf(f, "%s %-*s%s %-*s%s %*s %s\n", bar, col_width[0] - 1, a, bar, col_width[1] - 1, b, bar,
            col_width[2] - 2, c, bar);
}

void nn_summary(const nn_model *m, FILE *out)
{
    if (!m || !out)
        return;
    fprintf(out, "Model: \"%s\"\n", m->name);
    rule(out, "┏", "━", "┳", "┓");
    row(out, "┃", "Layer (type)", "Output Shape", "Param #");
    rule(out, "┡", "━", "╇", "┩");
    for (int l = 0; l < m->n_layers; l++) {
        nn_layer_info info;
        nn_layer_info_get(m, l, &info);
        char name[80], shape[32], params[32];
        snprintf(name, sizeof name, "%s (%s)", info.name, info.kind);
        snprintf(shape, sizeof shape, "(None, %d)", info.units);
        with_commas(params, sizeof params, info.params);
        row(out, "│", name, shape, params);
        if (l + 1 < m->n_layers)
            rule(out, "├", "─", "┼", "┤");
    }
    rule(out, "└", "─", "┴", "┘");
    char total[32], size[32];
    with_commas(total, sizeof total, (long)m->n_params);
    memory_size(size, sizeof size, (double)m->n_params * sizeof(float));
    fprintf(out, " Total params: %s (%s)\n", total, size);
    fprintf(out, " Trainable params: %s (%s)\n", total, size);
    fprintf(out, " Non-trainable params: 0 (0.00 B)\n");
}

char *nn_summary_text(const nn_model *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        nn_fail("summary: out of memory");
        return NULL;
    }
    nn_summary(m, f);
    if (fclose(f) != 0) {
        free(buf);
        nn_fail("summary: out of memory");
        return NULL;
    }
    return buf;
}
