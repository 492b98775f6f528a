/* datadir.c — where the assets are (fonts, images, datasets): the folder that nn_data_dir()
 * returns. An installed tree may be moved as a whole (a DESTDIR, a copied prefix), so the folder
 * beside the library itself is tried before the path compiled in. */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "data.h"

#ifndef NEURONE_SOURCE_DATADIR
#define NEURONE_SOURCE_DATADIR "assets"
#endif
#ifndef NEURONE_INSTALL_DATADIR
#define NEURONE_INSTALL_DATADIR "/usr/local/share/neurone"
#endif
/* libdir and the data folder relative to the prefix, as meson installs them */
#ifndef NEURONE_LIBDIR
#define NEURONE_LIBDIR "lib"
#endif
#ifndef NEURONE_DATADIR_REL
#define NEURONE_DATADIR_REL "share/neurone"
#endif

static int is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static char relocated[PATH_MAX + 64], xdg_found[PATH_MAX];
static pthread_once_t found_once = PTHREAD_ONCE_INIT;

/* The prefix this library sits in: its folder, up one level per component of libdir. */
static void find_relocated(void)
{
    static const char libdir[] = NEURONE_LIBDIR;
    Dl_info info;
    char dir[PATH_MAX];
    /* any address inside the library names its file; ISO C has no function-to-object cast */
    if (libdir[0] == '/' || !dladdr(relocated, &info) || !info.dli_fname || !realpath(info.dli_fname, dir))
        return;
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = 0;
    for (size_t i = 0; libdir[i]; i++)
        if (libdir[i] != '/' && (i == 0 || libdir[i - 1] == '/')) {
            slash = strrchr(dir, '/');
            if (!slash)
                return;
            *slash = 0;
        }
    snprintf(relocated, sizeof relocated, "%s/%s", dir, NEURONE_DATADIR_REL);
    if (!is_directory(relocated))
        relocated[0] = 0;
}

/* The first $XDG_DATA_DIRS entry (default /usr/local/share:/usr/share) with a neurone folder. */
static void find_xdg(void)
{
    const char *dirs = getenv("XDG_DATA_DIRS");
    if (!dirs || !*dirs)
        dirs = "/usr/local/share/:/usr/share/";
    for (const char *p = dirs; *p;) {
        size_t len = strcspn(p, ":");
        /* the XDG spec: relative entries are invalid and ignored */
        if (p[0] == '/' && len < sizeof xdg_found - 16) {
            snprintf(xdg_found, sizeof xdg_found, "%.*s/neurone", (int)len, p);
            if (is_directory(xdg_found))
                return;
        }
        p += len + (p[len] == ':');
    }
    xdg_found[0] = 0;
}

static void find_once(void)
{
    find_relocated();
    find_xdg();
}

const char *nn_data_dir(void)
{
    const char *env = getenv("NEURONE_DATA_DIR");
    if (env && *env)
        return env;
    pthread_once(&found_once, find_once);
    if (relocated[0])
        return relocated;
    /* an installed copy wins over the source tree, which may have moved since the build */
    if (is_directory(NEURONE_INSTALL_DATADIR))
        return NEURONE_INSTALL_DATADIR;
    if (xdg_found[0])
        return xdg_found;
    return NEURONE_SOURCE_DATADIR;
}
