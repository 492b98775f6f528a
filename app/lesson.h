/* lesson.h — the lesson runner's data: the ordered lessons, their pages, the scene each one shows,
 * and the student's progress, remembered between launches.
 *
 * Until the lesson files arrive (lessons/fr, lessons/en), the lessons are built in: a title and a
 * few short pages per scene. A lesson names its scene and configures it with directives, a line of
 * "key=value" pairs separated by ';' ("dataset=spiral; layers=8,8; activation=tanh"), which is
 * what a lesson file's directives will produce.
 */
#ifndef NEURONE_LESSON_H
#define NEURONE_LESSON_H

#include <stddef.h>
#include <stdint.h>

enum { LESSON_MAX_PAGES = 6, LESSON_MAX = 32 };

typedef struct lesson_def {
    const char *title;
    const char *scene;                    /* neuron, network, training, loss, race, images */
    const char *directives;               /* the scene's configuration */
    int n_pages;
    const char *pages[LESSON_MAX_PAGES];  /* paragraphs split by blank lines; "- " starts an item */
} lesson_def;

int lesson_count(void);
/* Lesson i (0-based) in the current language; NULL when i is out of range. */
const lesson_def *lesson_get(int i);

/* The value of key in directives, copied into out; returns 1 when found, 0 otherwise (out is
 * then the empty string). Keys and values are trimmed of spaces. */
int lesson_directive(const char *directives, const char *key, char *out, size_t n);

/* Where the student stands: the lesson and page open, and the lessons seen (bit i = lesson i). */
typedef struct lesson_progress {
    int lesson, page;
    uint32_t visited;
} lesson_progress;

/* $XDG_CONFIG_HOME/neurone/progress, or ~/.config/neurone/progress; returns -1 when neither
 * XDG_CONFIG_HOME nor HOME is set, or the path is too long. */
int lesson_progress_path(char *buf, size_t n);
/* Reads the progress file; a missing or unreadable file gives lesson 0, page 0 and returns -1. */
int lesson_progress_load(lesson_progress *p);
/* Writes it atomically (a temporary file in the same folder, flushed, then renamed over the old
 * one), creating the folder; returns 0, or -1 with errno set. */
int lesson_progress_save(const lesson_progress *p);

#endif
