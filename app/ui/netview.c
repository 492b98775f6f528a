/* netview.c — the network viewer's model: which neurons are shown, their weights and their
 * activations, read from the UI's own model instance. */
#include "netview.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Which neurons of a layer of n are drawn: all of them, or an even sample through the layer (for
 * 784 pixels that is a diagonal across the image, from corner to corner through the centre). */
static int choose_shown(int n, int *shown)
{
    if (n <= NETVIEW_SHOWN) {
        for (int i = 0; i < n; i++)
            shown[i] = i;
        return n;
    }
    int k = NETVIEW_SHOWN - 2;
    for (int i = 0; i < k; i++)
        shown[i] = (int)((long)i * (n - 1) / (k - 1));
    return k;
}

static int grow(float **buf, size_t *have, size_t need)
{
    if (need <= *have)
        return 0;
    float *p = realloc(*buf, need * sizeof *p);
    if (!p)
        return -1;
    *buf = p;
    *have = need;
    return 0;
}

int netview_set_model(netview *nv, nn_model *m)
{
    float *acts = nv->acts, *kernel = nv->kernel, *bias = nv->bias_buf;
    size_t acts_n = nv->acts_n, kernel_n = nv->kernel_n;
    memset(nv, 0, sizeof *nv);
    nv->acts = acts, nv->kernel = kernel, nv->bias_buf = bias;
    nv->acts_n = acts_n, nv->kernel_n = kernel_n;
    nv->units[0] = nn_input_dim(m);
    nv->layer_of[0] = -1;
    nv->n_cols = 1;
    size_t total = 0, kmax = 0, bmax = 0;
    for (int l = 0; l < nn_layer_count(m); l++) {
        nn_layer_info li;
        if (nn_layer_info_get(m, l, &li) < 0)
            return -1;
        total += (size_t)li.units;
        if (strcmp(li.kind, "Dense") == 0 && nv->n_cols < NETVIEW_COLS) {
            int c = nv->n_cols++;
            nv->units[c] = li.units;
            nv->layer_of[c] = l;
            snprintf(nv->activation[c], sizeof nv->activation[c], "%s",
                     li.activation ? li.activation : "linear");
            size_t k = (size_t)li.inputs * li.units;
            kmax = k > kmax ? k : kmax;
            bmax = (size_t)li.units > bmax ? (size_t)li.units : bmax;
        } else if (strcmp(li.kind, "Softmax") == 0 && nv->n_cols > 1)
            snprintf(nv->activation[nv->n_cols - 1], sizeof nv->activation[0], "softmax");
    }
    for (int c = 0; c < nv->n_cols; c++)
        nv->n_shown[c] = choose_shown(nv->units[c], nv->shown[c]);
    if (grow(&nv->acts, &nv->acts_n, total + 1) < 0 || grow(&nv->kernel, &nv->kernel_n, kmax + 1) < 0)
        return -1;
    float *b = realloc(nv->bias_buf, (bmax + 1) * sizeof *b);
    if (!b)
        return -1;
    nv->bias_buf = b;
    return 0;
}

void netview_free(netview *nv)
{
    free(nv->acts);
    free(nv->kernel);
    free(nv->bias_buf);
    memset(nv, 0, sizeof *nv);
}

int netview_read_weights(netview *nv, nn_model *m)
{
    for (int c = 1; c < nv->n_cols; c++) {
        if (nn_get_weights(m, nv->layer_of[c], nv->kernel, nv->bias_buf) < 0)
            return -1;
        float wmax = 1e-6f;
        int out = nv->units[c];
        for (int i = 0; i < nv->n_shown[c - 1]; i++)
            for (int j = 0; j < nv->n_shown[c]; j++) {
                float w = nv->kernel[(size_t)nv->shown[c - 1][i] * out + nv->shown[c][j]];
                nv->w[c][i][j] = w;
                wmax = fmaxf(wmax, fabsf(w));
            }
        for (int j = 0; j < nv->n_shown[c]; j++)
            nv->bias[c][j] = nv->bias_buf[nv->shown[c][j]];
        nv->wmax[c] = wmax;
    }
    return 0;
}

int netview_forward(netview *nv, nn_model *m, const float *x)
{
    if (nn_forward_layers(m, x, nv->acts) < 0)
        return -1;
    float amax = 1e-6f;
    for (int i = 0; i < nv->units[0]; i++)
        amax = fmaxf(amax, fabsf(x[i]));
    for (int i = 0; i < nv->n_shown[0]; i++)
        nv->act[0][i] = x[nv->shown[0][i]];
    nv->amax[0] = amax;
    /* walk the layers' outputs; a Softmax layer replaces the column before it */
    const float *a = nv->acts;
    int c = 0;
    for (int l = 0; l < nn_layer_count(m); l++) {
        nn_layer_info li;
        nn_layer_info_get(m, l, &li);
        int dense = strcmp(li.kind, "Dense") == 0, soft = strcmp(li.kind, "Softmax") == 0;
        if ((dense && c + 1 < nv->n_cols) || (soft && c > 0)) {
            if (dense)
                c++;
            float mx = 1e-6f;
            for (int j = 0; j < li.units; j++)
                mx = fmaxf(mx, fabsf(a[j]));
            for (int j = 0; j < nv->n_shown[c]; j++)
                nv->act[c][j] = a[nv->shown[c][j]];
            nv->amax[c] = mx;
            if (c == nv->n_cols - 1) {
                int best = 0;
                for (int j = 1; j < li.units; j++)
                    if (a[j] > a[best])
                        best = j;
                nv->out_best = best;
            }
        }
        a += li.units;
    }
    nv->has_act = 1;
    return 0;
}

int netview_neuron_outputs(netview *nv, nn_model *m, const float *x, int n, float *out)
{
    if (!x || !out || n < 1 || nv->n_cols < 1)
        return -1;
    /* the sample on show keeps its activations: the tooltips and the spotlight read them */
    float act[NETVIEW_COLS][NETVIEW_SHOWN], amax[NETVIEW_COLS];
    int has_act = nv->has_act, out_best = nv->out_best, rc = 0;
    memcpy(act, nv->act, sizeof act);
    memcpy(amax, nv->amax, sizeof amax);
    for (int k = 0; k < n && rc == 0; k++) {
        rc = netview_forward(nv, m, x + (size_t)k * (size_t)nv->units[0]);
        for (int c = 0; c < nv->n_cols && rc == 0; c++)
            for (int j = 0; j < nv->n_shown[c]; j++)
                out[((size_t)c * NETVIEW_SHOWN + (size_t)j) * (size_t)n + (size_t)k] = nv->act[c][j];
    }
    memcpy(nv->act, act, sizeof act);
    memcpy(nv->amax, amax, sizeof amax);
    nv->has_act = has_act, nv->out_best = out_best;
    return rc;
}
