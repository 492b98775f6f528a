/* progress.c — where the student stands, remembered between launches, and the app's other files
 * beside it in the user's config folder (written atomically). */
#include "lesson.h"
#include "textfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- progress ----------------------------------------------------------------------------------- */

static int config_dir(char *buf, size_t n)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    int len;
    /* the XDG spec: a relative XDG_CONFIG_HOME is invalid and must be ignored */
    if (xdg && xdg[0] == '/')
        len = snprintf(buf, n, "%s/neurone", xdg);
    else if (home && *home)
        len = snprintf(buf, n, "%s/.config/neurone", home);
    else
        return -1;
    return len > 0 && (size_t)len < n ? 0 : -1;
}

int lesson_user_file_path(const char *name, char *buf, size_t n)
{
    char dir[4096];
    if (config_dir(dir, sizeof dir) < 0)
        return -1;
    int len = snprintf(buf, n, "%s/%s", dir, name);
    return len > 0 && (size_t)len < n ? 0 : -1;
}

int lesson_progress_path(char *buf, size_t n)
{
    return lesson_user_file_path("progress", buf, n);
}

/* The number of choices of quiz q (0-based) in lesson index li; 0 when there is no such quiz. */
static int quiz_choices(int li, int q)
{
    const lesson_def *l = lesson_get(li);
    if (!l || !l->doc)
        return 0;
    for (int i = 0; i < l->doc->n_pages; i++)
        for (int j = 0; j < l->doc->pages[i].n_blocks; j++) {
            const lesson_block *b = &l->doc->pages[i].blocks[j];
            if (b->kind == LESSON_QUIZ && b->quiz == q)
                return b->n_choices;
        }
    return 0;
}

/* A whole number at s in lo..1000000, with *end after its digits; -1 with *end == s for anything
 * else. Not sscanf's %d: a number past INT_MAX is undefined there, and the callers subtract 1,
 * which INT_MIN would overflow. */
static long read_number(const char *s, long lo, const char **end)
{
    char *e;
    errno = 0;
    long v = strtol(s, &e, 10);
    if (e == s || errno || v < lo || v > 1000000) {
        *end = s;
        return -1;
    }
    *end = e;
    return v;
}

/* A "quiz=L,Q,C" line into p's answers; anything else, or an answer the lessons lack, is ignored. */
static void read_answer(lesson_progress *p, const char *line)
{
    const char *s = line + 5;
    long number = read_number(s, 1, &s), q = -1, choice = -1;
    if (number > 0 && *s == ',')
        q = read_number(s + 1, 1, &s);
    if (q > 0 && *s == ',')
        choice = read_number(s + 1, 1, &s);
    if (choice < 0 || s[strspn(s, " \t\r\n")] != 0)
        return;
    int li = lesson_index_of((int)number);
    q--, choice--;
    if (li < 0 || li >= LESSON_MAX || q >= LESSON_QUIZZES_MAX || choice >= quiz_choices(li, (int)q))
        return;
    p->answer[li][q] = (signed char)(choice + 1);
}

int lesson_progress_load(lesson_progress *p)
{
    *p = (lesson_progress){ 0 };
    char path[4200];
    if (lesson_progress_path(path, sizeof path) < 0)
        return -1;
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        const char *end;
        unsigned u;
        long v;
        /* out of range (0, negative, past the lessons) resets it to 0 below */
        if (strncmp(line, "lesson=", 7) == 0 && (v = read_number(line + 7, -1000000, &end), end != line + 7))
            p->lesson = (int)v - 1;
        else if (strncmp(line, "page=", 5) == 0 && (v = read_number(line + 5, -1000000, &end), end != line + 5))
            p->page = (int)v - 1;
        else if (sscanf(line, "visited=%x", &u) == 1)
            p->visited = u;
        else if (strncmp(line, "quiz=", 5) == 0)
            read_answer(p, line);
    }
    fclose(f);
    /* a file from another version with more or fewer lessons: stay within what exists */
    if (p->lesson < 0 || p->lesson >= lesson_count())
        p->lesson = 0;
    if (p->page < 0 || p->page >= LESSON_MAX_PAGES)
        p->page = 0;
    return 0;
}

/* mkdir -p for the config folder: its parent (~/.config) may not exist on a fresh account. */
static int make_dirs(char *path)
{
    for (char *s = path + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            int rc = mkdir(path, 0755);
            *s = '/';
            if (rc < 0 && errno != EEXIST)
                return -1;
        }
    return mkdir(path, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

int lesson_user_file_save(const char *name, const char *text)
{
    char dir[4096], path[4200];
    if (config_dir(dir, sizeof dir) < 0) {
        errno = ENOENT;
        return -1;
    }
    if (make_dirs(dir) < 0)
        return -1;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return text_file_save(path, text, strlen(text));
}

int lesson_progress_save(const lesson_progress *p)
{
    /* the header, then at most one "quiz=NNN,NN,N" line (under 24 bytes) per quiz */
    char text[256 + LESSON_MAX * LESSON_QUIZZES_MAX * 24];
    size_t len = (size_t)snprintf(text, sizeof text,
                                  "# Neurone: where the student stands in the lessons (written by the app)\n"
                                  "lesson=%d\npage=%d\nvisited=%x\n", p->lesson + 1, p->page + 1, p->visited);
    for (int li = 0; li < lesson_count() && li < LESSON_MAX; li++)
        for (int q = 0; q < LESSON_QUIZZES_MAX; q++)
            if (p->answer[li][q] > 0 && len < sizeof text)
                len += (size_t)snprintf(text + len, sizeof text - len, "quiz=%d,%d,%d\n",
                                        lesson_get(li)->number, q + 1, p->answer[li][q]);
    return lesson_user_file_save("progress", text);
}
