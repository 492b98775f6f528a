/* textfile.h — reading a whole text file that a student or an instructor gave (a lesson, a Python
 * script, a notebook), with a bound on its size. */
#ifndef NEURONE_TEXTFILE_H
#define NEURONE_TEXTFILE_H

#include <stddef.h>

/* The first limit bytes of path (all of it when shorter), malloc'd with a NUL after them, and their
 * count in *len: a file longer than limit reads as limit bytes, so that the caller can say it is
 * too long without reading the rest. NULL with errno set when the file cannot be opened or read, or
 * memory runs out (ENOMEM). */
char *text_file_read(const char *path, size_t limit, size_t *len);

/* Writes len bytes of text to path atomically: a temporary file beside it, flushed to the disk,
 * then renamed over it, so that a crash leaves the old file or the new one, never half of one.
 * 0, or -1 with errno set (the old file untouched). */
int text_file_save(const char *path, const char *text, size_t len);

#endif
