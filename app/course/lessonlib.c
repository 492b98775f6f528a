/* lessonlib.c — the folder of lessons: the files of each language listed and paired by their
 * number, each read by the parser, then what needs the whole folder checked (images, links
 * between lessons, the French file against the English one). */
#include "lessonlib.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lesson_parse.h"
#include "nn_data.h"

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Appends dir to the list in buf (':' between folders) when it exists and is not there yet; by its
 * real path, so that a folder reached twice (/usr/share through a link) counts once. */
static void add_lessons_dir(char *buf, size_t size, const char *dir)
{
    char real[PATH_MAX];
    if (!is_dir(dir) || !realpath(dir, real))
        return;
    size_t len = strlen(real), used = strlen(buf);
    for (const char *p = buf; *p;) {
        size_t n = strcspn(p, ":");
        if (n == len && strncmp(p, real, len) == 0)
            return;
        p += n + (p[n] == ':');
    }
    if (!strchr(real, ':') && used + len + 2 < size)
        snprintf(buf + used, size - used, "%s%s", used ? ":" : "", real);
}

/* The lessons that come with the program: beside the installed data (share/neurone/lessons), or in
 * the source tree (lessons/ beside assets/). */
static void own_lessons_dir(char *out, size_t size)
{
    const char *data = nn_data_dir();
    snprintf(out, size, "%s/lessons", data);
    if (is_dir(out))
        return;
    snprintf(out, size, "%s", data);
    char *slash = strrchr(out, '/');
    if (slash && slash != out)
        *slash = 0;
    else
        snprintf(out, size, ".");
    snprintf(out + strlen(out), size - strlen(out), "/lessons");
}

const char *lesson_default_dir(void)
{
    static char buf[4096];
    char dir[PATH_MAX + 32];
    const char *env = getenv("NEURONE_LESSONS_DIR");
    if (env && *env)
        return env;
    buf[0] = 0;
    const char *home = getenv("XDG_DATA_HOME"), *user = getenv("HOME");
    if (home && home[0] == '/')
        snprintf(dir, sizeof dir, "%s/neurone/lessons", home);
    else
        snprintf(dir, sizeof dir, "%s/.local/share/neurone/lessons", user ? user : "");
    if (home || user)
        add_lessons_dir(buf, sizeof buf, dir);
    const char *dirs = getenv("XDG_DATA_DIRS");
    if (!dirs || !*dirs)
        dirs = "/usr/local/share/:/usr/share/";
    for (const char *p = dirs; *p;) {
        size_t n = strcspn(p, ":");
        if (p[0] == '/' && n < PATH_MAX) { /* the XDG spec: relative entries are ignored */
            snprintf(dir, sizeof dir, "%.*s/neurone/lessons", (int)n, p);
            add_lessons_dir(buf, sizeof buf, dir);
        }
        p += n + (p[n] == ':');
    }
    own_lessons_dir(dir, sizeof dir);
    add_lessons_dir(buf, sizeof buf, dir);
    if (!buf[0]) /* nothing exists: name the expected folder in the messages */
        snprintf(buf, sizeof buf, "%s", dir);
    return buf;
}

int lesson_image_path(const char *lessons_dir, const char *assets_dir, const char *path, char *out, size_t n)
{
    if (path[0] == '/') {
        snprintf(out, n, "%s", path);
        return access(out, R_OK) == 0 ? 0 : -1;
    }
    for (const char *p = lessons_dir; p && *p;) {
        int len = (int)strcspn(p, ":");
        snprintf(out, n, "%.*s/%s", len, p, path);
        if (access(out, R_OK) == 0)
            return 0;
        p += len + (p[len] == ':');
    }
    if (assets_dir) {
        snprintf(out, n, "%s/%s", assets_dir, path);
        if (access(out, R_OK) == 0)
            return 0;
    }
    return -1;
}

typedef struct name_entry {
    char name[256];
    const char *dir; /* the folder of the list it comes from */
    int number;
} name_entry;

static int cmp_names(const void *x, const void *y)
{
    return strcmp(((const name_entry *)x)->name, ((const name_entry *)y)->name);
}

static void lib_msg(lesson_library *lib, int error, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void lib_msg(lesson_library *lib, int error, const char *fmt, ...)
{
    char line[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    size_t old = lib->errors ? strlen(lib->errors) : 0, add = strlen(line);
    char *e = realloc(lib->errors, old + add + 2);
    if (!e)
        return;
    memcpy(e + old, line, add);
    e[old + add] = '\n';
    e[old + add + 1] = 0;
    lib->errors = e;
    if (error)
        lib->n_errors++;
    else
        lib->n_warnings++;
}

/* Adds each line of msgs as an error. */
static void lib_errors(lesson_library *lib, const char *msgs)
{
    for (const char *p = msgs; *p;) {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        if (len > 0)
            lib_msg(lib, 1, "%.*s", len, p);
        p += len + (nl != NULL);
    }
}

static const char *const lang_dirs[LESSON_LANGS] = { "fr", "en" };

/* Whether a folder earlier in the list gave lesson num already: the first folder wins. */
static int overridden(const name_entry *names, int count, int num)
{
    for (int i = 0; i < count; i++)
        if (names[i].number == num)
            return 1;
    return 0;
}

/* Adds the lesson files of one folder path (dir/lang) to names, but for the lessons that the
 * first `earlier` entries (from folders before it in the list) have. */
static int list_folder(lesson_library *lib, DIR *dp, const char *dir, const char *path, name_entry **names,
                       int count, int earlier, int *cap)
{
    for (struct dirent *e; (e = readdir(dp));) {
        size_t nl = strlen(e->d_name);
        if (e->d_name[0] == '.' || nl < 4 || strcmp(e->d_name + nl - 3, ".md") != 0)
            continue;
        if (nl >= sizeof(*names)->name) {
            lib_msg(lib, 1, "%s/%s: the file name is too long", path, e->d_name);
            continue;
        }
        int num = lesson_file_number(e->d_name);
        if (num <= 0) {
            lib_msg(lib, 0, "%s/%s: ignored: a lesson's file name starts with its number (10-...md)", path,
                    e->d_name);
            continue;
        }
        if (overridden(*names, earlier, num))
            continue;
        if (lesson_grow(names, cap, count, sizeof **names) < 0)
            break;
        snprintf((*names)[count].name, sizeof(*names)[count].name, "%s", e->d_name);
        (*names)[count].dir = dir;
        (*names)[count++].number = num;
    }
    return count;
}

/* The lesson files of dirs[d]/lang for every folder of the list, the first folder giving each
 * lesson number, sorted by name; their count. A folder without this language adds nothing; an
 * error only when no folder of the list has it. */
static int list_files(lesson_library *lib, char *const *dirs, int n_dirs, int l, name_entry **names)
{
    char path[4400];
    int cap = 0, count = 0, opened = 0, why = 0;
    for (int d = 0; d < n_dirs; d++) {
        snprintf(path, sizeof path, "%s/%s", dirs[d], lang_dirs[l]);
        DIR *dp = opendir(path);
        if (!dp) {
            why = errno;
            continue;
        }
        opened++;
        count = list_folder(lib, dp, dirs[d], path, names, count, count, &cap);
        closedir(dp);
    }
    if (!opened) {
        snprintf(path, sizeof path, "%s/%s", dirs[n_dirs - 1], lang_dirs[l]);
        lib_msg(lib, 1, "%s: %s (a lessons folder holds fr/ and en/)", path, strerror(why));
    }
    if (count)
        qsort(*names, (size_t)count, sizeof **names, cmp_names);
    return count;
}

/* Adds the lessons' numbers of one language to lib->number, kept in order. */
static void add_numbers(lesson_library *lib, int l, const name_entry *names, int count)
{
    const int max = (int)(sizeof lib->number / sizeof lib->number[0]);
    for (int i = 0; i < count; i++) {
        int num = names[i].number, k = 0;
        if (i > 0 && names[i - 1].number == num) {
            lib_msg(lib, 1, "%s/%s/%s: lesson %d twice in %s (also %s)", names[i].dir, lang_dirs[l], names[i].name,
                    num, lang_dirs[l], names[i - 1].name);
            continue;
        }
        while (k < lib->n && lib->number[k] < num)
            k++;
        if (k < lib->n && lib->number[k] == num)
            continue;
        if (lib->n >= max) {
            lib_msg(lib, 1, "%s/%s/%s: more than %d lessons", names[i].dir, lang_dirs[l], names[i].name, max);
            continue;
        }
        memmove(&lib->number[k + 1], &lib->number[k], (size_t)(lib->n - k) * sizeof lib->number[0]);
        lib->number[k] = num;
        lib->n++;
    }
}

/* Parses each file of one language into lib->doc; present[k] marks lesson k as having a file. */
static void parse_files(lesson_library *lib, int l, const name_entry *names, int count,
                        char present[][LESSON_LANGS])
{
    char path[4400];
    for (int i = 0; i < count; i++) {
        if (i > 0 && names[i - 1].number == names[i].number)
            continue;
        int k = 0;
        while (k < lib->n && lib->number[k] != names[i].number)
            k++;
        if (k == lib->n)
            continue;
        present[k][l] = 1;
        snprintf(path, sizeof path, "%s/%s/%s", names[i].dir, lang_dirs[l], names[i].name);
        char err[8192];
        lib->doc[k][l] = lesson_parse_file(path, err, sizeof err);
        if (!lib->doc[k][l])
            lib_errors(lib, err);
    }
}

/* d's images exist, and its links go to lessons and pages of the folder. */
static void check_targets(lesson_library *lib, const lesson_doc *d, int l, const char *assets_dir)
{
    char path[4400];
    const char *dir = lib->dir;
    for (int pg = 0; pg < d->n_pages; pg++)
        for (int b = 0; b < d->pages[pg].n_blocks; b++) {
            const lesson_block *bl = &d->pages[pg].blocks[b];
            if (bl->kind == LESSON_IMAGE &&
                lesson_image_path(dir, assets_dir, bl->path, path, sizeof path) < 0)
                lib_msg(lib, 1, "%s:%d: image \"%s\" not found in %s%s%s", d->path, bl->line, bl->path, dir,
                        assets_dir ? " nor in " : "", assets_dir ? assets_dir : "");
        }
    for (int i = 0; i < d->n_links; i++) {
        const lesson_link *lk = &d->links[i];
        if (lk->url || lk->lesson == 0)
            continue;
        int t = 0;
        while (t < lib->n && lib->number[t] != lk->lesson)
            t++;
        const lesson_doc *target = t < lib->n ? (lib->doc[t][l] ? lib->doc[t][l] : lib->doc[t][!l]) : NULL;
        if (t == lib->n)
            lib_msg(lib, 1, "%s:%d: link to lesson %d, which is not in %s", d->path, lk->line, lk->lesson,
                    dir);
        else if (target && lk->page > target->n_pages)
            lib_msg(lib, 1, "%s:%d: link to page %d of lesson %d, which has %d", d->path, lk->line, lk->page,
                    lk->lesson, target->n_pages);
    }
}

/* Lesson k's two files side by side, or the warning for a lesson in one language only. */
static void check_languages(lesson_library *lib, int k, char present[][LESSON_LANGS])
{
    const lesson_doc *fr = lib->doc[k][0], *en = lib->doc[k][1];
    if (fr && en) {
        char err[1024] = "";
        if (lesson_same_structure(fr, en, err, sizeof err) < 0)
            lib_errors(lib, err);
    } else if ((fr && !present[k][1]) || (en && !present[k][0])) {
        /* a file that exists but is broken was reported already */
        const lesson_doc *d = fr ? fr : en;
        lib_msg(lib, 0, "%s: lesson %d has no %s file in %s/%s: it shows in %s in both languages", d->path,
                d->number, fr ? "English" : "French", lib->dir, lang_dirs[fr ? 1 : 0],
                fr ? "French" : "English");
    }
}

int lesson_library_load(lesson_library *lib, const char *dir, const char *assets_dir)
{
    memset(lib, 0, sizeof *lib);
    snprintf(lib->dir, sizeof lib->dir, "%s", dir);
    lib->errors = calloc(1, 1);
    name_entry *names[LESSON_LANGS] = { NULL, NULL };
    int count[LESSON_LANGS] = { 0, 0 };
    char present[64][LESSON_LANGS];
    memset(present, 0, sizeof present);
    /* dir may be a list of folders, a:b:c, the first giving each lesson (lesson_default_dir) */
    char list[sizeof lib->dir], *dirs[16];
    int n_dirs = 0;
    snprintf(list, sizeof list, "%s", dir);
    for (char *p = list; n_dirs < 16;) {
        dirs[n_dirs++] = p;
        if (!(p = strchr(p, ':')))
            break;
        *p++ = 0;
    }
    for (int l = 0; l < LESSON_LANGS; l++)
        count[l] = list_files(lib, dirs, n_dirs, l, &names[l]);
    /* the lessons' numbers, in order: the file names' order, which the numbers give */
    for (int l = 0; l < LESSON_LANGS; l++)
        add_numbers(lib, l, names[l], count[l]);
    for (int l = 0; l < LESSON_LANGS; l++)
        parse_files(lib, l, names[l], count[l], present);
    free(names[0]);
    free(names[1]);
    /* what needs the whole folder: images, links, and the two languages side by side */
    for (int k = 0; k < lib->n; k++) {
        for (int l = 0; l < LESSON_LANGS; l++)
            if (lib->doc[k][l])
                check_targets(lib, lib->doc[k][l], l, assets_dir);
        check_languages(lib, k, present);
    }
    if (lib->n == 0)
        lib_msg(lib, 1, "%s: no lessons (files fr/NN-name.md and en/NN-name.md)", dir);
    return lib->n_errors;
}

void lesson_library_free(lesson_library *lib)
{
    for (int k = 0; k < lib->n; k++)
        for (int l = 0; l < LESSON_LANGS; l++)
            lesson_doc_free(lib->doc[k][l]);
    free(lib->errors);
    memset(lib, 0, sizeof *lib);
}
