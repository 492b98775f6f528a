/* fuzz_ipynb.c — a notebook's JSON read into its code cells (ipynb.c), each cell then checked as
 * Python by the Keras reader's lexer and parser. */
#include "fuzz.h"

#include "ipynb.h"
#include "keras_run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ipynb nb = { 0 };
    char err[512];
    if (ipynb_read(&nb, (const char *)data, size, err, sizeof err) == 0)
        for (int i = 0; i < nb.n_cells; i++) {
            int line, col;
            const char *why;
            keras_is_python(nb.cells[i].source, strlen(nb.cells[i].source), &line, &col, &why);
        }
    ipynb_free(&nb);
    return 0;
}
