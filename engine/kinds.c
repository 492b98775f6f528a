/* kinds.c — the names of kinds.h's lists, the engine's one table of each: parsing, printing,
 * and nn.h's nn_activation_at, nn_loss_at and nn_optimizer_at. */
#include <stdio.h>
#include <string.h>

#include "kinds.h"
#include "nn.h"

#define NN_KIND_NAME(e, name) [e] = name,
const char *const nn_act_names[ACT_COUNT] = { NN_ACTIVATIONS(NN_KIND_NAME) };
const char *const nn_loss_names[LOSS_COUNT] = { NN_LOSSES(NN_KIND_NAME) };
const char *const nn_opt_names[OPT_COUNT] = { NN_OPTIMIZERS(NN_KIND_NAME) };
#undef NN_KIND_NAME

static int find_name(const char *const *names, int count, const char *name)
{
    for (int i = 0; i < count; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

int nn_act_parse(const char *name)
{
    if (!name || strcmp(name, "None") == 0 || strcmp(name, "none") == 0)
        return ACT_LINEAR;
    return find_name(nn_act_names, ACT_COUNT, name);
}

const char *nn_act_name(int act) { return act >= 0 && act < ACT_COUNT ? nn_act_names[act] : "?"; }

int nn_loss_parse(const char *name)
{
    if (!name)
        return -1;
    if (strcmp(name, "mse") == 0)
        return LOSS_MSE;
    if (strcmp(name, "mae") == 0)
        return LOSS_MAE;
    return find_name(nn_loss_names, LOSS_COUNT, name);
}

const char *nn_loss_name(int loss) { return loss >= 0 && loss < LOSS_COUNT ? nn_loss_names[loss] : "?"; }

int nn_opt_parse(const char *name) { return name ? find_name(nn_opt_names, OPT_COUNT, name) : -1; }

const char *nn_opt_name(int opt) { return opt >= 0 && opt < OPT_COUNT ? nn_opt_names[opt] : "?"; }

/* nn.h's lists: the same tables, NULL past their end */
const char *nn_activation_at(int i) { return i >= 0 && i < ACT_COUNT ? nn_act_names[i] : NULL; }
const char *nn_loss_at(int i) { return i >= 0 && i < LOSS_COUNT ? nn_loss_names[i] : NULL; }
const char *nn_optimizer_at(int i) { return i >= 0 && i < OPT_COUNT ? nn_opt_names[i] : NULL; }

char *nn_names_join(char *buf, size_t size, const char *const *names, int n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && len < size; i++) {
        const char *sep = i == 0 ? "" : i + 1 < n ? ", " : " or ";
        int w = snprintf(buf + len, size - len, "%s%s", sep, names[i]);
        len += w > 0 ? (size_t)w : 0;
    }
    return buf;
}
