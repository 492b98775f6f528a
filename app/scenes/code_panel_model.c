/* code_panel_model.c — a saved model (nn_save's file) opened in the code panel, as Ctrl+O, --open
 * and a dropped file do: its architecture becomes the panel's code, read as an edit, so that the
 * scene checks and builds it as it does typed code; its trained weights wait in the panel until
 * the scene takes the edit, and reach its trainer as trainer_config.weights_from. */
#include "code_panel.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lang.h"
#include "nn.h"
#include "scene_common.h"

int code_panel_is_model(const char *path)
{
    char head[NN_SAVE_MAGIC_LEN];
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t got = fread(head, 1, sizeof head, f);
    fclose(f);
    return got == sizeof head && memcmp(head, NN_SAVE_MAGIC, sizeof head) == 0;
}

/* One layer of the saved model into sp; Flatten is the input's (h, w) shape, which sp keeps. */
static int spec_layer(const nn_layer_info *li, keras_spec *sp)
{
    if (strcmp(li->kind, "Softmax") == 0) {
        sp->softmax_after = 1;
        return 0;
    }
    if (strcmp(li->kind, "Flatten") == 0)
        return 0;
    if (sp->n_layers == KERAS_SPEC_LAYERS)
        return -1;
    keras_spec_layer *l = &sp->layer[sp->n_layers++];
    if (strcmp(li->kind, "Dropout") == 0)
        *l = (keras_spec_layer){ .kind = KERAS_DROPOUT, .rate = li->rate };
    else
        *l = (keras_spec_layer){ .kind = KERAS_DENSE, .units = li->units, .use_bias = li->params > (long)li->inputs * li->units,
                                 .activation = scene_kind_index(nn_activation_at, li->activation ? li->activation : "linear") };
    return 0;
}

/* The saved model m as a spec: its layers and its compile over sp's fit (epochs, batch size) and
 * input shape (28×28 images stay images when the widths agree). 0, or -1 past the spec's layers. */
static int spec_of_model(const nn_model *m, keras_spec *sp)
{
    int in = nn_input_dim(m);
    int flat = sp->input_ndim == 2 ? sp->input_shape[0] * sp->input_shape[1] : sp->input_shape[0];
    if (in != flat)
        sp->input_ndim = 1, sp->input_shape[0] = in, sp->input_shape[1] = 0;
    sp->n_layers = sp->softmax_after = 0;
    for (int i = 0; i < nn_layer_count(m); i++) {
        nn_layer_info li;
        if (nn_layer_info_get(m, i, &li) < 0 || spec_layer(&li, sp) < 0)
            return -1;
    }
    nn_compile_info ci;
    if (nn_get_compile_info(m, &ci) == 0) {
        sp->compiled = 1;
        sp->optimizer = scene_kind_index(nn_optimizer_at, ci.optimizer);
        sp->learning_rate = (float)ci.learning_rate;
        sp->loss = scene_kind_index(nn_loss_at, ci.loss);
        sp->from_logits = ci.from_logits;
        sp->metric_accuracy = ci.has_metric;
    }
    return 0;
}

int code_panel_open_model(code_panel *p, const char *path)
{
    static char code[CODE_PANEL_BYTES];
    char err[600] = "";
    keras_spec sp = p->spec;
    nn_model *m = nn_load(path); /* a damaged file: the engine says what (checksum, version...) */
    if (!m)
        snprintf(err, sizeof err, "%s", nn_error());
    else if (spec_of_model(m, &sp) < 0)
        snprintf(err, sizeof err, TR("%s : plus de %d couches", "%s: more than %d layers"), path, KERAS_SPEC_LAYERS);
    else if (keras_spec_code(&sp, &p->env, code, sizeof code) < 0 || ui_editor_set_text(&p->ed, code) < 0)
        snprintf(err, sizeof err, TR("%s : le code ne tient pas dans l'éditeur", "%s: the code does not fit in the editor"), path);
    nn_free(m);
    p->weights[0] = 0;
    if (!err[0]) { /* the weights go with this text: an edit before the scene takes it drops them */
        snprintf(p->weights, sizeof p->weights, "%s", path);
        p->weights_version = p->ed.version;
        /* read now: code the same as the scene's (the model saved from it) is no change of the
         * text, yet the scene must take it for the weights */
        code_panel_read(p);
    }
    snprintf(p->note, sizeof p->note, "%s", err[0] ? err : path);
    if (!err[0])
        snprintf(p->note, sizeof p->note, TR("%s : modèle ouvert, ses poids entraînés gardés", "%s: model opened, its trained weights kept"), path);
    p->note_bad = err[0] != 0;
    return err[0] ? -1 : 0;
}

const char *code_panel_weights(code_panel *p)
{
    if (!p->weights[0] || p->read_version != p->weights_version)
        p->weights[0] = 0;
    return p->weights;
}
