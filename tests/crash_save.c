/* crash_save.c — the helper of crash_save.sh, which kills it with SIGKILL at random moments:
 *   crash_save model PATH FIRST      saves a model to PATH again and again, its kernel all FIRST,
 *                                    then FIRST + 1, ...; never returns
 *   crash_save progress FIRST        the same with the progress file (lesson_user_file_save, in
 *                                    $XDG_CONFIG_HOME/neurone): FIRST's lines, then FIRST + 1's
 *   crash_save check-model PATH      loads PATH: every kernel value the same k; prints k
 *   crash_save check-progress FILE   every line the same k, then "end"; prints k
 * A check exits 1 with what it found when the file is damaged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "nn.h"

#define UNITS 256 /* a kernel of (256, 256): a file of 260 KB, long enough to be cut in the middle */
#define LINES 20000

static int save_models(const char *path, long k)
{
    nn_model *m = nn_sequential();
    float *w = malloc((size_t)UNITS * UNITS * sizeof *w), b[UNITS] = { 0 };
    if (!m || !w || nn_add_dense(m, UNITS, "linear", UNITS) < 0) {
        fprintf(stderr, "crash_save: %s\n", nn_error());
        return 1;
    }
    for (;; k++) {
        for (int i = 0; i < UNITS * UNITS; i++)
            w[i] = (float)k;
        if (nn_set_weights(m, 0, w, b) < 0 || nn_save(m, path) < 0) {
            fprintf(stderr, "crash_save: %s\n", nn_error());
            return 1;
        }
    }
}

static int save_progress(long k)
{
    size_t size = (size_t)LINES * 16 + 8;
    char *text = malloc(size);
    if (!text)
        return 1;
    for (;; k++) {
        size_t used = 0;
        for (int i = 0; i < LINES; i++)
            used += (size_t)snprintf(text + used, size - used, "%ld\n", k);
        snprintf(text + used, size - used, "end\n");
        if (lesson_user_file_save("progress", text) < 0) {
            perror("crash_save: lesson_user_file_save");
            return 1;
        }
    }
}

static int check_model(const char *path)
{
    nn_model *m = nn_load(path);
    float *w = malloc((size_t)UNITS * UNITS * sizeof *w), b[UNITS];
    if (!m || !w || nn_get_weights(m, 0, w, b) < 0) {
        printf("damaged: %s\n", nn_error());
        nn_free(m);
        free(w);
        return 1;
    }
    for (int i = 1; i < UNITS * UNITS; i++)
        if (w[i] != w[0]) {
            printf("damaged: %s: weight %d is %g, weight 0 is %g\n", path, i, (double)w[i], (double)w[0]);
            nn_free(m);
            free(w);
            return 1;
        }
    printf("%ld\n", (long)w[0]);
    nn_free(m);
    free(w);
    return 0;
}

static int check_progress(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("damaged: %s: cannot open\n", path);
        return 1;
    }
    char line[64], first[64] = "";
    int n = 0, ended = 0, ok = 1;
    while (ok && fgets(line, sizeof line, f)) {
        if (ended)
            ok = 0;
        else if (strcmp(line, "end\n") == 0)
            ended = 1;
        else if (n++ == 0)
            snprintf(first, sizeof first, "%s", line);
        else
            ok = strcmp(line, first) == 0;
    }
    fclose(f);
    if (!ok || !ended || n != LINES) {
        printf("damaged: %s: %d lines of \"%.20s\", %s\n", path, n, first, ended ? "ended" : "no end");
        return 1;
    }
    printf("%s", first);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "model") == 0)
        return save_models(argv[2], atol(argv[3]));
    if (argc == 3 && strcmp(argv[1], "progress") == 0)
        return save_progress(atol(argv[2]));
    if (argc == 3 && strcmp(argv[1], "check-model") == 0)
        return check_model(argv[2]);
    if (argc == 3 && strcmp(argv[1], "check-progress") == 0)
        return check_progress(argv[2]);
    fprintf(stderr, "usage: crash_save model PATH FIRST | progress FIRST | check-model PATH | "
                    "check-progress FILE\n");
    return 2;
}
