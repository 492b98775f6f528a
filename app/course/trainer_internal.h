/* trainer_internal.h — what trainer.c takes from trainer_data.c. */
#ifndef NEURONE_TRAINER_INTERNAL_H
#define NEURONE_TRAINER_INTERNAL_H

#include <stddef.h>

#include "trainer.h"

/* The data the config asks for: the shared copy (drawn and split as test_ratio and data_seed
 * say), or, with features on a 2-D set or a table's projection, own filled with the transformed
 * copy (the caller frees own's two parts). *out is the one to train on. 0, or -1 with err. */
int trainer_data_load(const trainer_config *c, data_set *own, const data_set **out, char *err, size_t n);

/* The weights of the saved model at path (nn_save's file) into m, Dense layer by Dense layer: 0, or
 * -1 with err naming the file and what differs (the layer count, or the first layer whose kind,
 * widths or parameters are not m's), or the engine's message for a damaged file. */
int trainer_weights_load(const char *path, nn_model *m, char *err, size_t n);

#endif
