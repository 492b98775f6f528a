/* ipynb.h — a notebook's code cells: a small JSON reader for the .ipynb format (nbformat 4), enough
 * to take each cell's type and source. Markdown and raw cells are left out; in code cells, shell
 * (!pip ...) and magic (%matplotlib ...) lines become blank lines, so that line numbers hold. */
#ifndef NEURONE_IPYNB_H
#define NEURONE_IPYNB_H

#include <stddef.h>

typedef struct ipynb_cell {
    int number;     /* 1-based among the code cells, as a reader counts them */
    char *source;   /* the cell's text, NUL-terminated */
} ipynb_cell;

typedef struct ipynb { ipynb_cell *cells; int n_cells; } ipynb;

/* 0, or -1 with "line L: what is wrong" in err. nb is zeroed first; free it with ipynb_free. */
int  ipynb_read(ipynb *nb, const char *json, size_t len, char *err, size_t err_size);
void ipynb_free(ipynb *nb);

#endif
