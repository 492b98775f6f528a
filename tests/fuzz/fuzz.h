/* fuzz.h — what every libFuzzer harness shares (tools/fuzz.sh builds them, tests/fuzz/regress.sh
 * replays their corpora). The parsers that read a path get the input written as a file in one
 * temporary folder per process, under $TMPDIR, removed at exit; nothing is written elsewhere. */
#ifndef NEURONE_FUZZ_H
#define NEURONE_FUZZ_H

#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char fuzz_dir_path[1024];

/* rm -r path: the folder holds only what the harnesses wrote (files, and one level of folders). */
static inline void fuzz_remove(const char *path)
{
    DIR *dir = opendir(path);
    if (dir) {
        struct dirent *e;
        while ((e = readdir(dir)) != NULL)
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
                char sub[1400];
                snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                fuzz_remove(sub);
            }
        closedir(dir);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static inline void fuzz_remove_dir(void)
{
    if (fuzz_dir_path[0])
        fuzz_remove(fuzz_dir_path);
}

/* The process's temporary folder, made on the first call. A crash skips atexit: tools/fuzz.sh
 * points TMPDIR into its build folder, so such leftovers stay there. */
static inline const char *fuzz_dir(void)
{
    if (!fuzz_dir_path[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(fuzz_dir_path, sizeof fuzz_dir_path, "%s/neurone-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(fuzz_dir_path)) {
            perror(fuzz_dir_path);
            abort();
        }
        atexit(fuzz_remove_dir);
    }
    return fuzz_dir_path;
}

/* Writes size bytes as the file NAME in the temporary folder; returns its path (a static buffer,
 * overwritten by the next call with another slot). */
static inline const char *fuzz_write(int slot, const char *name, const uint8_t *data, size_t size)
{
    static char paths[2][1200];
    snprintf(paths[slot], sizeof paths[slot], "%s/%s", fuzz_dir(), name);
    FILE *f = fopen(paths[slot], "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(paths[slot]);
        abort();
    }
    return paths[slot];
}

/* The input as a NUL-terminated copy, to free. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = 0;
    return s;
}

enum { FUZZ_ARGS_MAX = 64 };

/* argv from the input split at NULs and newlines, after argv[0] = name; *argc counts it. The
 * strings point into *text, which the caller frees. At most FUZZ_ARGS_MAX words. */
static inline char **fuzz_argv(const uint8_t *data, size_t size, const char *name, int *argc,
                               char **text)
{
    static char *argv[FUZZ_ARGS_MAX + 2];
    char *s = fuzz_text(data, size);
    argv[0] = (char *)name;
    int n = 1;
    char *word = s;
    for (size_t i = 0; i <= size && n <= FUZZ_ARGS_MAX; i++)
        if (i == size || s[i] == '\0' || s[i] == '\n') {
            s[i] = '\0';
            argv[n++] = word;
            word = s + i + 1;
        }
    argv[n] = NULL;
    *argc = n;
    *text = s;
    return argv;
}

#endif
