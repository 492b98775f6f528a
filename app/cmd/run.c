/* run.c — `neurone run FILE.py|FILE.ipynb`: runs the course's Keras code headless on the engine
 * (app/keras), printing what Keras prints; the lines it skips go to stderr, one line each. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench.h"
#include "cli.h"
#include "ipynb.h"
#include "keras_run.h"
#include "lang.h"
#include "textfile.h"

static const char *usage =
    "usage: neurone run FILE.py|FILE.ipynb [options]\n"
    "  --engine cpu|vulkan    the engine that trains (default cpu)\n"
    "  --epochs N             every fit runs N epochs instead of the script's (quick checks)\n"
    "  --lang fr|en           the language of the messages (default: from LANG, else fr)\n"
    "  --json FILE            one JSON record of the run (FILE or - for stdout), docs/grading.md\n"
    "  --plots DIR            draw the figures the script makes with matplotlib that the reader\n"
    "                         recognises (an image, the sample grid, predictions with their bars)\n"
    "                         as DIR/figure-N-WHAT.png, from the run's real data; one line each\n";

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
            char note[300];
            snprintf(note, sizeof note, TR("pas du Python (ligne %d, colonne %d : %s)", "not Python (line %d, column %d: %s)"), line, col, why);
            keras_session_skip(k, where, 0, note);
            continue;
        }
        rc = keras_session_run(k, nb.cells[i].source, strlen(nb.cells[i].source), where);
    }
    ipynb_free(&nb);
    return rc;
}

/* ---- --plots: the figures as PNGs ----------------------------------------------------------------- */

/* app/cmd has no SDL: the drawing is the app layer's (app/run_plots.c draws a figure with the
 * workbench's own widgets, fonts and offscreen raster, as --screenshot does), plugged in here by
 * main.c. The session only hands over plain figures (keras_session_figures). */
int (*run_plot_draw)(const struct keras_figure *f, const char *png, char *err, size_t n);

/* The folder exists (made when its parent does) and is one; 0, or -1 after saying why. */
static int plots_dir_ready(const char *dir)
{
    struct stat st;
    if (!run_plot_draw) {
        fprintf(stderr, "neurone run: --plots: this build cannot draw figures (SDL2_ttf or libstb-dev was "
                        "missing when it was built)\n");
        return -1;
    }
    if (stat(dir, &st) != 0 && mkdir(dir, 0777) != 0) {
        fprintf(stderr, "neurone run: --plots %s: cannot make the folder: %s (give a folder that exists, "
                        "or one whose parent does)\n", dir, strerror(errno));
        return -1;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "neurone run: --plots %s: not a folder (give a folder for the PNGs)\n", dir);
        return -1;
    }
    return 0;
}

/* Every figure the session recognised, as DIR/figure-N-WHAT.png; one line each on out. */
static int write_plots(const char *dir, keras_session *k, FILE *out)
{
    const keras_figure *f;
    int n = keras_session_figures(k, &f), rc = 0;
    for (int i = 0; i < n; i++) {
        char png[4096], err[512] = "";
        snprintf(png, sizeof png, "%s/figure-%d-%s.png", dir, i + 1, f[i].what);
        if (run_plot_draw(&f[i], png, err, sizeof err) < 0) {
            fprintf(stderr, "neurone run: %s: %s\n", png, err);
            rc = -1;
            continue;
        }
        fprintf(out, "figure %d: %s (%s:%d)\n", i + 1, png, f[i].where, f[i].line);
    }
    if (n == 0)
        fprintf(out, "no figures: the script draws none that the reader recognises (neurone run --help)\n");
    return rc;
}

/* ---- --json: one record of the run --------------------------------------------------------------- */

static void json_model(bench_json *j, keras_session *k)
{
    nn_model *m = keras_session_last_model(k);
    if (!m) {
        bench_json_null(j, "model");
        return;
    }
    bench_json_model_begin(j, m);
    bench_json_open(j, "layers", '[');
    for (int i = 0; i < nn_layer_count(m); i++) {
        nn_layer_info li;
        if (nn_layer_info_get(m, i, &li) < 0)
            continue;
        bench_json_open(j, NULL, '{');
        bench_json_string(j, "name", li.name);
        bench_json_string(j, "kind", li.kind);
        bench_json_string(j, "activation", li.activation);
        bench_json_int(j, "units", li.units);
        bench_json_int(j, "params", li.params);
        bench_json_close(j, '}');
    }
    bench_json_close(j, ']');
    bench_json_model_end(j, m);
}

static void json_epochs(bench_json *j, keras_session *k)
{
    keras_epochs e;
    keras_session_epochs(k, &e);
    bench_json_open(j, "epochs", '[');
    for (int i = 0; i < e.n; i++) {
        bench_json_open(j, NULL, '{');
        bench_json_int(j, "fit", e.fit[i]);
        bench_json_number(j, "loss", e.loss[i]);
        if (e.metric)
            bench_json_number(j, "accuracy", e.metric[i]);
        if (e.val_loss)
            bench_json_number(j, "val_loss", e.val_loss[i]);
        if (e.val_metric)
            bench_json_number(j, "val_accuracy", e.val_metric[i]);
        bench_json_close(j, '}');
    }
    bench_json_close(j, ']');
}

static int write_json(const char *out, const char *path, const char *engine, keras_session *k, int rc, double t0)
{
    bench_json j = { 0 };
    keras_run_stats st = { 0 };
    const keras_note *notes = NULL;
    int n_notes = k ? keras_session_notes(k, &notes) : 0;
    if (k)
        keras_session_stats(k, &st);
    bench_json_open(&j, NULL, '{');
    bench_json_int(&j, "schema_version", 1);
    bench_json_string(&j, "mode", "run");
    bench_json_string(&j, "status", rc == 0 ? "ok" : "error");
    bench_json_string(&j, "file", path);
    bench_json_string(&j, "engine", engine ? engine : "cpu");
    bench_json_string(&j, "neurone_version", NEURONE_VERSION);
    if (k)
        json_model(&j, k);
    if (k)
        json_epochs(&j, k);
    if (st.evaluated) {
        bench_json_open(&j, "evaluate", '{');
        bench_json_number(&j, "loss", st.eval_loss);
        bench_json_number(&j, "accuracy", st.eval_metric);
        bench_json_close(&j, '}');
    } else {
        bench_json_null(&j, "evaluate");
    }
    bench_json_open(&j, "skipped", '[');
    for (int i = 0; i < n_notes; i++) {
        bench_json_open(&j, NULL, '{');
        bench_json_string(&j, "where", notes[i].where);
        bench_json_int(&j, "line", notes[i].line);
        bench_json_string(&j, "reason", notes[i].reason);
        bench_json_close(&j, '}');
    }
    bench_json_close(&j, ']');
    bench_json_int(&j, "warnings", st.warnings);
    bench_json_string(&j, "error", rc == 0 ? NULL : k && keras_session_error(k)[0] ? keras_session_error(k) : "failed");
    bench_json_open(&j, "timing", '{');
    bench_json_number(&j, "total_seconds", bench_seconds() - t0);
    bench_json_number(&j, "fit_seconds", st.fit_seconds);
    bench_json_close(&j, '}');
    bench_json_close(&j, '}');
    int w = bench_json_save(&j, out);
    bench_json_free(&j);
    return w;
}

int run_main(int argc, char **argv)
{
    if (cli_print_help(argc, argv, usage))
        return 0;
    keras_run_opts o = { 0 };
    const char *path = NULL, *json = NULL, *plots = NULL;
    double t0 = bench_seconds();
    lang_set(lang_from_env());
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--engine") == 0 && v && (!strcmp(v, "cpu") || !strcmp(v, "vulkan"))) {
            o.engine = v;
            i++;
        } else if (strcmp(argv[i], "--epochs") == 0 && v && atoi(v) > 0) {
            o.epochs = atoi(v);
            i++;
        } else if (strcmp(argv[i], "--json") == 0 && v) {
            json = v;
            i++;
        } else if (strcmp(argv[i], "--plots") == 0 && v) {
            plots = v;
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
    if (plots && plots_dir_ready(plots) < 0)
        return 1;
    size_t len;
    char *text = text_file_read(path, (size_t)1 << 30, &len);
    if (!text) {
        fprintf(stderr, "neurone run: %s: cannot be read\n", path);
        return 1;
    }
    o.display = ends_with(path, ".ipynb");
    keras_session *k = keras_session_new(&o);
    int rc = !k ? -1 : ends_with(path, ".ipynb") ? run_notebook(k, path, text, len)
                                                 : keras_session_run(k, text, len, path);
    if (rc < 0 && k && keras_session_error(k)[0])
        fprintf(stderr, "%s\n", keras_session_error(k));
    if (plots && k && write_plots(plots, k, json && !strcmp(json, "-") ? stderr : stdout) < 0)
        rc = -1;
    if (json && write_json(json, path, o.engine, k, rc, t0) < 0 && rc == 0)
        rc = -1;
    keras_session_free(k);
    free(text);
    return rc < 0 ? 1 : 0;
}
