/* netview_internal.h — what the network viewer's drawing (netview_draw.c) and demo mode's spotlight
 * (netview_spotlight.c) share. */
#ifndef NEURONE_NETVIEW_INTERNAL_H
#define NEURONE_NETVIEW_INTERNAL_H

#include <stddef.h>

#include "netview.h"

/* Column c shows a sample of its neurons, not all of them. */
int netview_collapsed(const netview *nv, int c);
/* The name of shown neuron j of column c, as a tooltip gives it ("Hidden 1 · 3/64", "Output cat"). */
void netview_name_neuron(const netview *nv, int c, int j, const netview_args *a, char *buf, size_t n);
/* Remembers a viewer drawn this frame, for the spotlight (netview_spotlight.c). */
void netview_remember_drawn(const netview *nv, const netview_args *a, const netview_layout *L, ui_rect r);

#endif
