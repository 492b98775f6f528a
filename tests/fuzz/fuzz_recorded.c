/* fuzz_recorded.c — lessons/gpu-recorded.tsv, the runs recorded on a real GPU (app/course/recorded.c):
 * any text is read or refused with "path:line: ..."; what is read keeps its promises. */
#include "fuzz.h"

#include "recorded.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    recorded_table t;
    char err[512];
    if (recorded_parse((const char *)data, size, "gpu.tsv", &t, err, sizeof err) < 0) {
        if (strncmp(err, "gpu.tsv", 7) != 0)
            abort(); /* every error names the file */
        return 0;
    }
    if (t.n < 1 || t.n > RECORDED_MAX)
        abort();
    for (int i = 0; i < t.n; i++)
        if (!(t.run[i].cpu > 0 && t.run[i].gpu > 0 && t.run[i].batch > 0 && t.run[i].device[0] &&
              strlen(t.run[i].date) == 10))
            abort(); /* a run read has every field */
    return 0;
}
