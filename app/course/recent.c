/* recent.c — the recently opened files: read, updated and written back (recent.h). */
#include "recent.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lesson.h"

static const char *const file_name = "recent";

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A line fit to be a path: absolute, no control characters. */
static int valid_path(const char *s)
{
    if (s[0] != '/')
        return 0;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c < 0x20 || *c == 0x7f)
            return 0;
    return 1;
}

int recent_load(recent_list *r)
{
    memset(r, 0, sizeof *r);
    char path[4200];
    if (lesson_user_file_path(file_name, path, sizeof path) < 0)
        return 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[RECENT_PATH_MAX + 2];
    while (r->n < RECENT_MAX && fgets(line, sizeof line, f)) {
        size_t len = strlen(line);
        if (len > 0 && line[len - 1] != '\n' && !feof(f)) {
            /* longer than a path may be: skip the rest of it, and the line */
            int c;
            while ((c = fgetc(f)) != EOF && c != '\n')
                ;
            continue;
        }
        line[strcspn(line, "\n")] = 0;
        if (!valid_path(line) || strlen(line) >= RECENT_PATH_MAX)
            continue;
        int dup = 0;
        for (int i = 0; i < r->n; i++)
            dup |= strcmp(r->path[i], line) == 0;
        if (dup)
            continue;
        snprintf(r->path[r->n], RECENT_PATH_MAX, "%s", line);
        r->exists[r->n] = is_file(line);
        r->n++;
    }
    fclose(f);
    return r->n;
}

int recent_add(recent_list *r, const char *path)
{
    char abs[2 * PATH_MAX + 2]; /* a folder and a relative path */
    /* the same file by another name ("heart.csv", "./heart.csv") is one entry */
    if (!realpath(path, abs)) {
        char cwd[PATH_MAX];
        if (path[0] == '/')
            snprintf(abs, sizeof abs, "%s", path);
        else if (getcwd(cwd, sizeof cwd) && strlen(path) < PATH_MAX)
            snprintf(abs, sizeof abs, "%s/%s", cwd, path);
        else
            return -1;
    }
    if (strlen(abs) >= RECENT_PATH_MAX || !valid_path(abs))
        return -1;
    int at = r->n < RECENT_MAX ? r->n : RECENT_MAX - 1; /* the entry that goes: a copy, or the oldest */
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->path[i], abs) == 0) {
            at = i;
            break;
        }
    if (at == r->n)
        r->n++;
    memmove(r->path[1], r->path[0], (size_t)at * sizeof r->path[0]);
    memmove(&r->exists[1], &r->exists[0], (size_t)at * sizeof r->exists[0]);
    snprintf(r->path[0], RECENT_PATH_MAX, "%s", abs);
    r->exists[0] = is_file(abs);
    return 0;
}

int recent_save(const recent_list *r)
{
    char text[RECENT_MAX * (RECENT_PATH_MAX + 1) + 128];
    int used = snprintf(text, sizeof text, "# Neurone: the files opened last, most recent first\n");
    for (int i = 0; i < r->n; i++)
        used += snprintf(text + used, sizeof text - (size_t)used, "%s\n", r->path[i]);
    return lesson_user_file_save(file_name, text);
}

int recent_remember(recent_list *r, const char *path)
{
    recent_load(r);
    if (recent_add(r, path) < 0)
        return -1;
    return recent_save(r);
}
