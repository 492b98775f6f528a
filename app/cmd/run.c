/* run.c — `neurone run FILE.py|FILE.ipynb`: runs the course's Keras code headless on the engine
 * (app/keras), printing what Keras prints; the lines it skips go to stderr, one line each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ipynb.h"
#include "keras_run.h"
#include "lang.h"

static const char *usage =
    "usage: neurone run FILE.py|FILE.ipynb [options]\n"
    "  --engine cpu|vulkan    the engine that trains (default cpu)\n"
    "  --epochs N             every fit runs N epochs instead of the script's (quick checks)\n"
    "  --lang fr|en           the language of the messages (default: from LANG, else fr)\n";

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap) {
            char *b = cap < ((size_t)1 << 30) ? realloc(buf, cap * 2) : NULL;
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

static int ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && strcmp(s + a - b, tail) == 0;
}

/* A notebook's code cells in order, in one session; a cell that is not Python is skipped whole. */
static int run_notebook(keras_session *k, const char *path, const char *text, size_t len)
{
    ipynb nb;
    char err[300];
    if (ipynb_read(&nb, text, len, err, sizeof err) < 0) {
        fprintf(stderr, "neurone run: %s: %s\n", path, err);
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < nb.n_cells && rc == 0; i++) {
        char where[600];
        int line, col;
        const char *why;
        snprintf(where, sizeof where, "%s cell %d", path, nb.cells[i].number);
        if (!keras_is_python(nb.cells[i].source, strlen(nb.cells[i].source), &line, &col, &why)) {
            fprintf(stderr, "%s: skipped: not Python (line %d, column %d: %s)\n", where, line, col, why);
            continue;
        }
        rc = keras_session_run(k, nb.cells[i].source, strlen(nb.cells[i].source), where);
    }
    ipynb_free(&nb);
    return rc;
}

int run_main(int argc, char **argv)
{
    if (cli_asks_for_help(argc, argv)) {
        fputs(usage, stdout);
        return 0;
    }
    keras_run_opts o = { 0 };
    const char *path = NULL;
    lang_set(lang_from_env());
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--engine") == 0 && v && (!strcmp(v, "cpu") || !strcmp(v, "vulkan"))) {
            o.engine = v;
            i++;
        } else if (strcmp(argv[i], "--epochs") == 0 && v && atoi(v) > 0) {
            o.epochs = atoi(v);
            i++;
        } else if (strcmp(argv[i], "--lang") == 0 && v && (!strcmp(v, "fr") || !strcmp(v, "en"))) {
            lang_set(strcmp(v, "en") == 0 ? LANG_EN : LANG_FR);
            i++;
        } else if (argv[i][0] != '-' && !path) {
            path = argv[i];
        } else {
            fprintf(stderr, "neurone run: bad argument \"%s\"\n%s", argv[i], usage);
            return 2;
        }
    }
    if (!path) {
        fputs(usage, stderr);
        return 2;
    }
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        fprintf(stderr, "neurone run: %s: cannot be read\n", path);
        return 1;
    }
    keras_session *k = keras_session_new(&o);
    int rc = !k ? -1 : ends_with(path, ".ipynb") ? run_notebook(k, path, text, len)
                                                 : keras_session_run(k, text, len, path);
    if (rc < 0 && k && keras_session_error(k)[0])
        fprintf(stderr, "%s\n", keras_session_error(k));
    keras_session_free(k);
    free(text);
    return rc < 0 ? 1 : 0;
}
