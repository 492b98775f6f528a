/* recent.h — the files the student opened last, most recent first, remembered between launches in
 * $XDG_CONFIG_HOME/neurone/recent (~/.config/neurone/recent): one absolute path a line, written
 * atomically as the progress file is (lesson_user_file_save).
 *
 * A missing or damaged file is no error: it gives an empty list, and a line that is not a path
 * (relative, too long, with control characters) is skipped. Paths are kept whether or not their
 * files still exist; `exists` says which do, for the scene to dim the others.
 */
#ifndef NEURONE_RECENT_H
#define NEURONE_RECENT_H

enum { RECENT_MAX = 8, RECENT_PATH_MAX = 1024 };

typedef struct recent_list {
    int n;
    char path[RECENT_MAX][RECENT_PATH_MAX]; /* absolute; [0] the most recent */
    int exists[RECENT_MAX];                 /* a regular file there, when loaded or added */
} recent_list;

/* Reads the file into r; returns how many paths it holds (0 when missing or unreadable). */
int recent_load(recent_list *r);
/* Puts path first, made absolute; an earlier copy of it goes, and the oldest beyond RECENT_MAX.
 * Returns 0, or -1 when path cannot be made absolute or is too long (r unchanged). */
int recent_add(recent_list *r, const char *path);
/* Writes r to the file; 0, or -1 with errno set. */
int recent_save(const recent_list *r);
/* recent_load, recent_add, recent_save: what opening a file does. 0, or -1. */
int recent_remember(recent_list *r, const char *path);

#endif
