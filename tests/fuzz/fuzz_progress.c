/* fuzz_progress.c — the progress file ($XDG_CONFIG_HOME/neurone/progress), read against the
 * source tree's lessons. */
#include "fuzz.h"

#include "lesson.h"

#ifndef NEURONE_FUZZ_LESSONS
#error "tools/fuzz.sh defines NEURONE_FUZZ_LESSONS, the source tree's lessons folder"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        ready = 1;
        setenv("XDG_CONFIG_HOME", fuzz_dir(), 1);
        setenv("NEURONE_LESSONS_DIR", NEURONE_FUZZ_LESSONS, 1);
        char dir[1200];
        snprintf(dir, sizeof dir, "%s/neurone", fuzz_dir());
        mkdir(dir, 0700);
    }
    fuzz_write(0, "neurone/progress", data, size);
    lesson_progress p;
    lesson_progress_load(&p);
    if (p.lesson < 0 || p.lesson >= lesson_count() || p.page < 0 || p.page >= LESSON_MAX_PAGES)
        abort(); /* load promises a lesson and page that exist */
    return 0;
}
