/* lessonlib.h — the folder of lessons: dir/fr/NN-*.md and dir/en/NN-*.md read with the parser
 * (lessonfile.h), paired by their number and checked together (images, links between lessons,
 * French against English). No SDL: `neurone --check-lessons` and the tests use this very code.
 *
 * Ownership: a lesson_library owns its lessons and its messages, freed by lesson_library_free.
 */
#ifndef NEURONE_LESSONLIB_H
#define NEURONE_LESSONLIB_H

#include <stddef.h>

#include "lessonfile.h"

enum { LESSON_LANGS = 2 };       /* LANG_FR, LANG_EN */

/* dir/fr/NN-*.md and dir/en/NN-*.md, ordered and paired by their number NN. */
typedef struct lesson_library {
    char dir[4096];
    int n;                       /* lessons (numbers found in either language) */
    int number[64];
    lesson_doc *doc[64][LESSON_LANGS]; /* NULL: missing in that language, or broken */
    char *errors;                /* every message, one per line; "" when none */
    int n_errors, n_warnings;
} lesson_library;

/* Reads every lesson of dir, or of a list of folders "a:b:c" where, for each lesson number and
 * language, the first folder that has a file gives it (an instructor's folder adds lessons or
 * overrides some). assets_dir, when not NULL, is where images are looked for after
 * dir itself. Checks each file, the images, the links between lessons, and that the French and
 * English files of a lesson have the same structure (pages, headings, code, images, quizzes,
 * try boxes and directives). Returns the number of errors (0: all good); warnings (a lesson in
 * one language only) are in errors too but not counted. Free with lesson_library_free. */
int lesson_library_load(lesson_library *lib, const char *dir, const char *assets_dir);
void lesson_library_free(lesson_library *lib);

/* An image's file: path as a lesson writes it, looked for in lessons_dir, then in assets_dir (either
 * may be NULL). 0 with the file's path in out, or -1 when neither has it. */
int lesson_image_path(const char *lessons_dir, const char *assets_dir, const char *path, char *out, size_t n);

/* Where the app finds lessons: $NEURONE_LESSONS_DIR alone when set; else the list, for
 * lesson_library_load, of the folders that exist among $XDG_DATA_HOME/neurone/lessons (the
 * instructor's own, ~/.local/share/neurone/lessons by default), each $XDG_DATA_DIRS/neurone/lessons
 * (/usr/local/share, /usr/share), and the lessons beside nn_data_dir() (installed, or the source
 * tree's); each by its real path, once. */
const char *lesson_default_dir(void);

#endif
