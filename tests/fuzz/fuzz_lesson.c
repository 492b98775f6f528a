/* fuzz_lesson.c — one lesson file (lessons/FORMAT.md): pages, blocks, inline marks, quizzes and
 * the scene's directives, as lesson_parse reads them. */
#include "fuzz.h"

#include "lessonfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[4096];
    lesson_doc *d = lesson_parse((const char *)data, size, "lessons/fr/03-fuzz.md", err, sizeof err);
    lesson_doc_free(d);
    return 0;
}
