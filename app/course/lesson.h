/* lesson.h — the lesson runner's data: the ordered lessons, their pages, the scene each one shows
 * (lesson.c), and the student's progress, remembered between launches (progress.c).
 *
 * The lessons are files, read at start from lessons/ (lessonlib.h; their format is
 * lessons/FORMAT.md). A lesson names its scene and configures it with directives, which reach the
 * scene checked and typed: a lesson_config (lesson_config.h), read once where the file is read.
 */
#ifndef NEURONE_LESSON_H
#define NEURONE_LESSON_H

#include <stddef.h>
#include <stdint.h>

#include "lessonlib.h"

enum { LESSON_MAX = 32 };

typedef struct lesson_def {
    const char *title;
    const char *scene;                    /* neuron, network, training, ...; "" for none */
    const lesson_config *config;          /* the scene and its directives; never NULL (points into
                                             doc, or to a configuration without a scene) */
    int n_pages;
    const char *pages[LESSON_MAX_PAGES];  /* each page's text as written in the file */
    const lesson_doc *doc;                /* the parsed file (lessonfile.h); NULL for a lesson that
                                             could not be read, whose page then lists the errors */
    int number;                           /* from the file name: 3 for 03-profond.md */
} lesson_def;

/* Reads the lessons of dir (NULL: lesson_default_dir()), replacing those read before; returns the
 * number of errors found, which lesson_load_errors() lists. The functions below read the default
 * folder on their first call when this was not called. */
int lesson_load(const char *dir);
void lesson_unload(void);
/* Every problem found by the last load, one "file:line: message" a line; "" when none. */
const char *lesson_load_errors(void);
/* The folder the lessons were read from. */
const char *lesson_dir(void);
int lesson_count(void);
/* Lesson i (0-based) in the current language; NULL when i is out of range. */
const lesson_def *lesson_get(int i);
/* The index of the lesson numbered number in its file name; -1 when none. */
int lesson_index_of(int number);

enum { LESSON_QUIZZES_MAX = 32 };     /* quizzes in a lesson whose answers are remembered */

/* Where the student stands: the lesson and page open, the lessons seen (bit i = lesson i), and the
 * answer picked in each quiz. Zero-initialised: lesson 0, page 0, nothing seen or answered. */
typedef struct lesson_progress {
    int lesson, page;
    uint32_t visited;
    signed char answer[LESSON_MAX][LESSON_QUIZZES_MAX]; /* [lesson index][quiz]: the choice + 1;
                                                           0: not answered */
} lesson_progress;

/* $XDG_CONFIG_HOME/neurone/progress, or ~/.config/neurone/progress; returns -1 when neither
 * XDG_CONFIG_HOME nor HOME is set, or the path is too long. */
int lesson_progress_path(char *buf, size_t n);
/* The progress file is lines of "key=value"; '#' starts a comment, and a line that is unknown or
 * damaged is skipped:
 *   lesson=N       the lesson open (its index from 1)
 *   page=N         its page (from 1)
 *   visited=HEX    the lessons seen (bit i = lesson index i)
 *   quiz=L,Q,C     an answer: lesson number L (3 for 03-profond.md), its quiz Q and the choice C,
 *                  both from 1; one line per quiz answered
 * Reads the progress file; a missing or unreadable file gives lesson 0, page 0 and returns -1.
 * An answer that the current lessons do not have (no such lesson, quiz or choice) is dropped. */
int lesson_progress_load(lesson_progress *p);
/* Writes it atomically (lesson_user_file_save); returns 0, or -1 with errno set. */
int lesson_progress_save(const lesson_progress *p);

/* The app's files beside the progress: $XDG_CONFIG_HOME/neurone/NAME, or ~/.config/neurone/NAME;
 * -1 when neither XDG_CONFIG_HOME nor HOME is set, or the path is too long. */
int lesson_user_file_path(const char *name, char *buf, size_t n);
/* Replaces the file NAME there by text, atomically: a temporary file in the same folder, flushed
 * to the disk, then renamed over the old one, so that a crash leaves the old file or the new one,
 * never half of one. Creates the folder. Returns 0, or -1 with errno set (no temporary file
 * left). */
int lesson_user_file_save(const char *name, const char *text);

#endif
