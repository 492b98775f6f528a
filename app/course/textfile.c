/* textfile.c — a whole text file in memory, bounded (textfile.h). */
#include "textfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

char *text_file_read(const char *path, size_t limit, size_t *len)
{
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    /* doubling while the file fills the buffer, up to limit */
    while (buf) {
        size_t want = (cap < limit ? cap : limit) - n;
        size_t got = fread(buf + n, 1, want, f);
        n += got;
        if (got < want || n >= limit)
            break;
        char *grown = realloc(buf, cap * 2 + 1);
        if (!grown) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        cap *= 2;
    }
    int read_err = ferror(f);
    fclose(f);
    if (!buf || read_err) {
        free(buf);
        errno = buf ? EIO : ENOMEM;
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

int text_file_save(const char *path, const char *text, size_t len)
{
    char tmp[4200];
    /* beside the file, so that the rename stays on one file system and is atomic */
    if (snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid()) >= (int)sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return -1;
    int rc = fwrite(text, 1, len, f) == len ? 0 : -1;
    /* the data reaches the disk before the rename makes it the file */
    if (rc == 0 && (fflush(f) != 0 || fsync(fileno(f)) != 0))
        rc = -1;
    if (fclose(f) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, path) < 0)
        rc = -1;
    if (rc < 0) {
        int e = errno;
        unlink(tmp);
        errno = e;
    }
    return rc;
}
