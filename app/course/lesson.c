/* lesson.c — the app's lessons: the folder read once (lessonlib.c), and each lesson as the runner
 * sees it in the current language (lesson_count, lesson_get). */
#include "lesson.h"

#include <stdio.h>
#include <string.h>

#include "lang.h"
#include "nn.h"

/* ---- the app's lessons --------------------------------------------------------------------------- */

/* The folder the app reads, and each lesson as the runner sees it, in both languages. A lesson
 * whose files are both broken stays in the list, showing its errors, so that the instructor sees
 * what to fix where the lesson would be. */
static lesson_library library;
static int loaded;
static lesson_def defs[LESSON_MAX][LESSON_LANGS];
static int n_defs;
static char fallback_text[2][2048];
/* the configuration of a lesson without a scene: a broken lesson, or none */
static const lesson_config no_scene = { .scene = LESSON_SCENE_NONE };

static void build_def(lesson_def *def, const lesson_doc *d, int number)
{
    *def = (lesson_def){ .title = d->title,
                         .scene = d->scene,
                         .config = &d->config,
                         .doc = d,
                         .number = number,
                         .n_pages = d->n_pages < LESSON_MAX_PAGES ? d->n_pages : LESSON_MAX_PAGES };
    for (int p = 0; p < def->n_pages; p++)
        def->pages[p] = d->pages[p].source;
}

int lesson_load(const char *dir)
{
    lesson_unload();
    loaded = 1;
    int errors = lesson_library_load(&library, dir ? dir : lesson_default_dir(), nn_data_dir());
    n_defs = 0;
    for (int k = 0; k < library.n && n_defs < LESSON_MAX; k++) {
        for (int l = 0; l < LESSON_LANGS; l++) {
            const lesson_doc *d = library.doc[k][l] ? library.doc[k][l] : library.doc[k][!l];
            if (d)
                build_def(&defs[n_defs][l], d, library.number[k]);
            else {
                static char titles[LESSON_MAX][32];
                snprintf(titles[n_defs], sizeof titles[n_defs], "%s %d", l == LANG_EN ? "Lesson" : "Leçon",
                         library.number[k]);
                defs[n_defs][l] = (lesson_def){ .title = titles[n_defs],
                                                .scene = "",
                                                .config = &no_scene,
                                                .n_pages = 1,
                                                .number = library.number[k] };
                defs[n_defs][l].pages[0] = library.errors;
            }
        }
        n_defs++;
    }
    if (n_defs == 0) {
        /* nothing to show: one page that says where the lessons were looked for */
        snprintf(
            fallback_text[0], sizeof fallback_text[0],
            "Aucune leçon n'a été trouvée dans %.900s.\n\nDonnez le dossier des leçons avec --lessons DOSSIER.\n\n%.900s",
            library.dir, library.errors ? library.errors : "");
        snprintf(fallback_text[1], sizeof fallback_text[1],
                 "No lessons were found in %.900s.\n\nGive the lessons' folder with --lessons DIR.\n\n%.900s",
                 library.dir, library.errors ? library.errors : "");
        for (int l = 0; l < LESSON_LANGS; l++) {
            defs[0][l] = (lesson_def){ .title = l == LANG_EN ? "No lessons" : "Aucune leçon",
                                       .scene = "",
                                       .config = &no_scene,
                                       .n_pages = 1 };
            defs[0][l].pages[0] = fallback_text[l];
        }
        n_defs = 1;
    }
    return errors;
}

void lesson_unload(void)
{
    if (loaded)
        lesson_library_free(&library);
    loaded = 0;
    n_defs = 0;
}

const char *lesson_load_errors(void)
{
    if (!loaded)
        lesson_load(NULL);
    return library.errors ? library.errors : "";
}

const char *lesson_dir(void)
{
    if (!loaded)
        lesson_load(NULL);
    return library.dir;
}

int lesson_count(void)
{
    if (!loaded)
        lesson_load(NULL);
    return n_defs;
}

const lesson_def *lesson_get(int i)
{
    if (i < 0 || i >= lesson_count())
        return NULL;
    return &defs[i][lang_current() == LANG_EN ? LANG_EN : LANG_FR];
}

int lesson_index_of(int number)
{
    for (int i = 0; i < lesson_count(); i++)
        if (defs[i][0].number == number)
            return i;
    return -1;
}
