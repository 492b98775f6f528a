/* fuzz_csv.c — the CSV loaders: nn_load_csv (the trainer's) and nn_load_table (the comparison's,
 * with missing cells and one-hot columns). The first byte picks the options; the rest is the
 * file, plain or gzip. */
#include "fuzz.h"

#include "nn_data.h"
#include "nn_classic.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned pick = data[0];
    const char *path = fuzz_write(0, "data.csv", data + 1, size - 1);
    static const char seps[3] = { 0, ',', ';' };
    nn_csv_args a = { .target = (pick & 8) ? "y" : NULL, .separator = seps[(pick >> 4) % 3],
                      .regression = pick & 1 };
    nn_dataset d = { 0 };
    nn_load_csv(&d, path, &a);
    nn_dataset_free(&d);

    static const char *const features[] = { "x1", "b", NULL };
    nn_table_args t = { .target = a.target, .separator = a.separator, .missing = (pick >> 1) & 3,
                        .features = (pick & 64) ? features : NULL, .no_one_hot = (pick >> 7) & 1 };
    nn_table_report report = { 0 };
    if (nn_load_table(&d, path, &t, &report) == 0) {
        char text[2048];
        nn_table_report_text(&report, text, sizeof text);
    }
    nn_table_report_free(&report);
    nn_dataset_free(&d);
    return 0;
}
