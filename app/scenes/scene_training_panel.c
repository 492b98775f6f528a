/* scene_training_panel.c — the training scene's left panel: the data (the set, Playground's noise,
 * split and Regenerate, a table's two columns for a map), then the model's learning (activation,
 * optimizer, learning rate, regularisation and its rate, batch size, epochs, speed) and the race. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "scene_training.h"

static const char *const *const optimizers = training_optimizers;
static const char *const *const activations = training_activations;
static const char *const *const rates = training_rates;

/* A control that the lesson locked (@lock): its label and value, not to be changed. */
static void fixed_value(ui_context *ui, const char *label, const char *value)
{
    ui_rect r = ui_next(ui);
    float lw = ui_px(ui, ui->label_w);
    int n = strstr(label, "##") ? (int)(strstr(label, "##") - label) : (int)strlen(label);
    char buf[64];
    snprintf(buf, sizeof buf, "%.*s", n, label);
    ui_draw_text_aligned(ui, UI_FONT_BODY, buf, (ui_rect){ r.x, r.y, lw, r.h }, UI_LEFT, ui->theme.text);
    ui_draw_text_aligned(ui, UI_FONT_BOLD, value, (ui_rect){ r.x + lw, r.y, r.w - lw, r.h }, UI_LEFT,
                         ui->theme.text_dim);
}

/* A narrow panel (demo mode's type, the code beside it) has no room for a label and its menu side
 * by side: the label then takes a line of its own above the control, which takes the row under a
 * hidden ID ("##label"), so that neither is clipped. Side by side, the label as given. */
static const char *stacked(ui_context *ui, int stack, const char *label, char *id, size_t n)
{
    if (!stack)
        return label;
    const char *hash = strstr(label, "##");
    int len = hash ? (int)(hash - label) : (int)strlen(label);
    char text[64];
    snprintf(text, sizeof text, "%.*s", len, label);
    ui_label(ui, text);
    snprintf(id, n, "##%s", label);
    return id;
}

/* The dataset's menu (@controls, @lock permitting); 1 when the student picked another set, whose
 * defaults then replace the model's settings. */
static int dataset_control(training_state *s, ui_context *ui, unsigned show, unsigned lock)
{
    const ui_theme *th = &ui->theme;
    int changed = 0;
    if ((show | lock) & C_DATASET)
        ui_label_font(ui, UI_FONT_SMALL, TR("DONNÉES", "DATA"), th->text_dim);
    /* the built-in sets, and the student's own table once one is open */
    const char *labels[DATA_NAMES + 1];
    int n = DATA_NAMES + (data_csv_path() != NULL);
    for (int i = 0; i < n; i++)
        labels[i] = data_label(training_dataset_name(i));
    int ds = s->dataset;
    if (lock & C_DATASET)
        ui_label_font(ui, UI_FONT_BOLD, labels[ds], th->text_dim);
    else if ((show & C_DATASET) && ui_dropdown(ui, "##dataset", &ds, labels, n)) {
        training_defaults_for(s, training_dataset_name(ds));
        changed = 1;
    }
    s->hit_dataset = ui->last;
    /* Playground's problem type: it picks the first set of the other kind */
    const char *name = training_dataset_name(s->dataset);
    int problem = data_is_regression(name);
    const char *problems[2] = { "classification", TR("régression", "regression") };
    float label_w = ui->label_w;
    ui->label_w = 0; /* the items say what they are: the menu takes the row */
    if ((show & C_DATASET) && !(lock & C_DATASET) && data_is_playground(name) &&
        ui_dropdown(ui, "##problem", &problem, problems, 2)) {
        for (int i = 0; i < DATA_NAMES; i++)
            if (data_is_playground(data_names[i]) && data_is_regression(data_names[i]) == problem) {
                training_defaults_for(s, data_names[i]);
                changed = 1;
                break;
            }
    }
    s->hit_problem = ui->last;
    ui->label_w = label_w;
    return changed;
}

/* The hidden layers: how many, then each one's units ("units 2##units1": the IDs stay the same
 * whatever the language). Locked, the widths in one line: "32-16". */
static int layers_control(training_state *s, ui_context *ui, unsigned show, unsigned lock)
{
    int changed = 0;
    if (lock & C_LAYERS) {
        char units[96] = "";
        for (int i = 0; i < s->cfg.hidden; i++)
            snprintf(units + strlen(units), sizeof units - strlen(units), "%s%d", i ? "-" : "",
                     s->cfg.units[i]);
        fixed_value(ui, TR("couches", "layers"), s->cfg.hidden ? units : "0");
    } else if (show & C_LAYERS) {
        changed |= ui_number(ui, TR("couches", "layers"), &s->cfg.hidden, 0, TRAINER_MAX_LAYERS, 1);
        for (int i = 0; i < s->cfg.hidden; i++) {
            if (s->cfg.units[i] <= 0)
                s->cfg.units[i] = i > 0 ? s->cfg.units[i - 1] : 8;
            char label[40];
            snprintf(label, sizeof label, TR("  neurones %d##units%d", "  units %d##units%d"), i + 1, i);
            int u = s->cfg.units[i];
            changed |= ui_number(ui, label, &s->cfg.units[i], 1, 1024, u < 16 ? 1 : 0);
        }
    }
    return changed;
}

/* activation, optimizer, learning_rate, batch_size and epochs, each a widget or a fixed value. */
static int fit_controls(training_state *s, ui_context *ui, unsigned show, unsigned lock)
{
    int changed = 0;
    char num[24], id[80];
    if (lock & C_ACTIVATION)
        fixed_value(ui, "activation", activations[s->act]);
    else if (show & C_ACTIVATION)
        changed |= ui_dropdown(ui, stacked(ui, s->stack, "activation", id, sizeof id), &s->act, activations, N_ACT);
    s->hit_act = ui->last;
    if (lock & C_OPTIMIZER)
        fixed_value(ui, TR("optimiseur##opt", "optimizer##opt"), optimizers[s->opt]);
    else if (show & C_OPTIMIZER)
        changed |= ui_dropdown(ui, stacked(ui, s->stack, TR("optimiseur##opt", "optimizer##opt"), id, sizeof id), &s->opt, optimizers, N_OPT);
    if (lock & C_RATE)
        fixed_value(ui, "learning_rate", rates[s->rate]);
    else if (show & C_RATE)
        changed |= ui_dropdown(ui, stacked(ui, s->stack, "learning_rate", id, sizeof id), &s->rate, rates, N_RATE);
    s->hit_rate = ui->last;
    snprintf(num, sizeof num, "%d", s->cfg.batch_size);
    if (lock & C_BATCH)
        fixed_value(ui, "batch_size", num);
    else if (show & C_BATCH)
        changed |= ui_number(ui, stacked(ui, s->stack, "batch_size", id, sizeof id), &s->cfg.batch_size, 1, 1024, 0);
    s->hit_batch = ui->last;
    snprintf(num, sizeof num, "%d", s->cfg.epochs);
    if (lock & C_EPOCHS)
        fixed_value(ui, "epochs", num);
    else if (show & C_EPOCHS)
        changed |=
            ui_number(ui, stacked(ui, s->stack, "epochs", id, sizeof id), &s->cfg.epochs, 1, TRAINER_MAX_EPOCHS, s->cfg.epochs < 10 ? 1 : 10);
    return changed;
}

/* The pace changes the running trainer: the model stays as it is. */
static void speed_control(training_state *s, ui_context *ui, unsigned show, unsigned lock)
{
    const char *speeds[N_PACE] = { TR("lente", "slow"), TR("normale", "normal"), TR("rapide", "fast"),
                                   "max" };
    char id[80];
    if (lock & C_SPEED)
        fixed_value(ui, TR("vitesse", "speed"), speeds[s->speed]);
    else if ((show & C_SPEED) && ui_dropdown(ui, stacked(ui, s->stack, TR("vitesse", "speed"), id, sizeof id), &s->speed, speeds, N_PACE) &&
             s->base.t)
        trainer_set_pace(s->base.t, s->headless ? 0 : training_paces[s->speed]);
}


/* Playground's data sliders for a 2-D set: noise, the training part, and new points. */
static int noise_controls(training_state *s, ui_context *ui, unsigned show, unsigned lock)
{
    if (!data_is_playground(s->cfg.dataset) || !(show & C_NOISE) || (lock & C_NOISE))
        return 0;
    float noise = (float)s->noise_pct, train = (float)s->train_pct, label_w = ui->label_w;
    int changed = 0;
    /* short labels: the sliders' tracks get the room */
    ui->label_w = fmaxf(60, ui_text_width(ui, UI_FONT_BODY, TR("entraîn.", "training"), -1) / ui->scale + 6);
    if (ui_slider(ui, TR("bruit##noise", "noise##noise"), &noise, 0, 50, "%.0f %%") && (int)lroundf(noise) != s->noise_pct)
        s->noise_pct = (int)lroundf(noise), changed = 1;
    s->hit_noise = ui->last;
    if (ui_slider(ui, TR("entraîn.##ratio", "training##ratio"), &train, 10, 90, "%.0f %%") &&
        (int)lroundf(train / 10) * 10 != s->train_pct)
        s->train_pct = (int)lroundf(train / 10) * 10, changed = 1;
    s->hit_ratio = ui->last;
    ui->label_w = label_w;
    if (ui_button(ui, TR("Nouveaux points", "Regenerate"))) {
        s->cfg.data_seed = s->cfg.data_seed * 1103515245u + 12345u + 1;
        changed = 1;
    }
    s->hit_regen = ui->last;
    return changed;
}

/* A table's two columns as the only inputs, so that its map can be drawn (beyond Playground). */
static int projection_controls(training_state *s, ui_context *ui, const data_set *d, float w)
{
    if (data_is_playground(s->cfg.dataset) || data_is_image(s->cfg.dataset) || !d || !d->train.feature_names)
        return 0;
    /* w: the panel's row, less the toggle's box; a shorter label where the long one is clipped */
    const char *labels[] = { TR("carte de deux colonnes", "map of two columns"), TR("carte 2 colonnes", "map 2 columns"),
                             TR("2 colonnes", "2 columns") };
    int changed = ui_toggle(ui, scene_fit(ui, UI_FONT_BODY, w - ui_px(ui, 26), 3, labels), &s->cfg.project);
    if (!s->cfg.project)
        return changed;
    static const char *names[64];
    int n = d->train.dim < 64 ? d->train.dim : 64;
    for (int i = 0; i < n; i++)
        names[i] = d->train.feature_names[i];
    for (int k = 0; k < 2; k++) {
        if (s->cfg.table_col[k] >= n)
            s->cfg.table_col[k] = k;
        changed |= ui_dropdown(ui, k ? "x2##col2" : "x1##col1", &s->cfg.table_col[k], names, n);
    }
    return changed;
}

/* The regulariser and its rate, as Playground's two menus. */
static int reg_controls(training_state *s, ui_context *ui, unsigned show, unsigned lock)
{
    if (!(show & C_REG) || (lock & C_REG))
        return 0;
    int reg = (int)s->cfg.reg, changed = 0;
    char id[80];
    int picked = ui_dropdown(ui, stacked(ui, s->stack, TR("régularisation##reg", "regularization##reg"), id, sizeof id), &reg, lesson_regularizations,
                             LESSON_N_REGULARIZATIONS);
    s->hit_reg = ui->last;
    if (picked) {
        s->cfg.reg = (trainer_reg)reg;
        if (reg && s->reg_rate == 0)
            s->reg_rate = 3; /* 0.01: a rate that shows its effect */
        changed = 1;
    }
    if (s->cfg.reg != TRAINER_REG_NONE)
        changed |= ui_dropdown(ui, stacked(ui, s->stack, TR("taux##regrate", "rate##regrate"), id, sizeof id), &s->reg_rate, lesson_reg_rates,
                               LESSON_N_REG_RATES);
    return changed;
}

/* 1 when the panel r cannot hold its widest label beside the menus' values now chosen (as
 * ui_dropdown lays them out): its labels then go above their controls. The values chosen, not the
 * widest of each list, so that 1280×800 keeps its compact panel until a long name (leaky_relu) is
 * picked. */
static int stack_labels(const training_state *s, ui_context *ui, ui_rect r, unsigned show)
{
    const char *labels[] = { "learning_rate", TR("régularisation", "regularization"), TR("optimiseur", "optimizer") };
    const char *values[] = { activations[s->act], optimizers[s->opt], rates[s->rate],
                             lesson_regularizations[s->cfg.reg], lesson_reg_rates[s->reg_rate],
                             (show & C_SPEED) ? TR("normale", "normal") : "" };
    float lw = ui_px(ui, ui->label_w), vw = 0;
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        lw = fmaxf(lw, ui_text_width(ui, UI_FONT_BODY, labels[i], -1));
    for (size_t i = 0; i < sizeof values / sizeof *values; i++)
        vw = fmaxf(vw, ui_text_width(ui, UI_FONT_BODY, values[i], -1));
    /* the scroll bar takes 10 points, the gap after a label 6, the menu's padding and caret 28 */
    return lw + ui_px(ui, 6) + vw + ui_px(ui, 28) > r.w - ui_px(ui, 10);
}

/* The left panel's widgets in r; 1 when the data or the model changed (training starts again). */
int training_controls(training_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    unsigned show = s->shown & ~s->locked, lock = s->shown & s->locked;
    /* more controls than a short panel holds (demo mode's type): the panel scrolls */
    ui_scroll_begin(ui, "##controls", r, &s->controls_scroll);
    /* the labels' column: as wide as the longest label in the current type (demo mode's is larger) */
    ui->label_w = fmaxf(98, ui_text_width(ui, UI_FONT_BODY, "learning_rate", -1) / ui->scale + 8);
    s->stack = stack_labels(s, ui, r, show);
    int changed = dataset_control(s, ui, show, lock);
    changed |= noise_controls(s, ui, show, lock);
    changed |= projection_controls(s, ui, s->base.t ? trainer_data(s->base.t) : NULL, r.w - ui_px(ui, 10));
    ui_space(ui, 4);
    ui_label_font(ui, UI_FONT_SMALL, TR("MODÈLE", "MODEL"), th->text_dim);
    if (!training_is_plane(s)) /* a plane's network has Playground's + and − buttons instead */
        changed |= layers_control(s, ui, show, lock);
    changed |= fit_controls(s, ui, show, lock);
    changed |= reg_controls(s, ui, show, lock);
    speed_control(s, ui, show, lock);
    if ((show & C_RACE) && ui_toggle(ui, TR("course CPU / GPU", "race CPU / GPU"), &s->race))
        changed = 1;
    s->hit_race = ui->last;
    ui_space(ui, 8);
    if (s->base.t) {
        nn_model *view = trainer_view(s->base.t);
        if (view) {
            char buf[80];
            snprintf(buf, sizeof buf, TR("%ld paramètres", "%ld parameters"), nn_count_params(view));
            ui_label_font(ui, UI_FONT_SMALL, buf, th->text_dim);
        }
    }
    ui->label_w = 0;
    ui_scroll_end(ui, &s->controls_scroll);
    return changed;
}

