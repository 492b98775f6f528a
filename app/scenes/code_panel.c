/* code_panel.c — the code panel: the editor, its buttons and its file row, and the reading of each
 * edit into a keras_spec. */
#include "code_panel.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "ipynb.h"
#include "lang.h"
#include "nn.h"
#include "scene_common.h"
#include "textfile.h"

enum { CODE_FILE_LIMIT = 4 << 20 }; /* a notebook with its pictures can be large; its code is not */

static int current_lang_fr(void) { return lang_current() == LANG_FR; }


static void write_code(code_panel *p, const keras_spec *sp)
{
    static char buf[CODE_PANEL_BYTES];
    p->env.lang_fr = current_lang_fr();
    p->lang = lang_current();
    if (keras_spec_code(sp, &p->env, buf, sizeof buf) < 0)
        return; /* cannot happen within the spec's 16 layers; the old text stays */
    ui_editor_set_text(&p->ed, buf);
    ui_editor_set_error(&p->ed, 0, 0, 0, NULL);
    p->spec = p->settings = *sp;
    p->read_version = p->ed.version;
    p->edited = p->bad = 0;
}

/* The scene's data as the code names them; 1 when they differ from what the text was written for. */
static int set_env(code_panel *p, const keras_spec_env *env)
{
    const char *about = env->about ? env->about : "", *dataset = env->dataset ? env->dataset : "";
    int same = p->ready && strcmp(p->about, about) == 0 && strcmp(p->dataset, dataset) == 0 &&
               p->env.features == env->features && p->env.classes == env->classes;
    if (same)
        return 0;
    p->env = *env;
    snprintf(p->about, sizeof p->about, "%s", about);
    snprintf(p->dataset, sizeof p->dataset, "%s", dataset);
    p->env.about = env->about ? p->about : NULL;
    p->env.dataset = env->dataset ? p->dataset : NULL;
    return 1;
}

void code_panel_start(code_panel *p, const char *code)
{
    p->start = code;
}

void code_panel_follow(code_panel *p, const keras_spec *sp, const keras_spec_env *env)
{
    if (!p->ready) {
        const char *start = p->start;
        memset(p, 0, sizeof *p);
        ui_editor_init(&p->ed, p->text, sizeof p->text);
        set_env(p, env);
        write_code(p, sp);
        /* the first text is no edit: nothing to undo, nothing flashing */
        p->ed.nedits = p->ed.done = p->ed.undo_used = 0;
        memset(p->ed.flash, 0, sizeof p->ed.flash);
        p->ready = 1;
        if (start && ui_editor_set_text(&p->ed, start) == 0) {
            p->ed.nedits = p->ed.done = p->ed.undo_used = 0;
            memset(p->ed.flash, 0, sizeof p->ed.flash);
            code_panel_read(p);
        }
        return;
    }
    int new_data = set_env(p, env);
    if (p->edited)
        return; /* the scene has not taken the student's edit yet */
    /* the settings moved (a menu, a button), not the text: an edit the scene refused stays as the
     * student left it until then */
    if (new_data || !keras_spec_same(sp, &p->settings) || p->lang != lang_current())
        write_code(p, sp);
}

void code_panel_read(code_panel *p)
{
    keras_spec sp;
    keras_spec_err err;
    p->read_version = p->ed.version;
    p->env.lang_fr = current_lang_fr();
    if (keras_spec_read(p->text, (size_t)p->ed.len, &p->env, &sp, &err) < 0) {
        ui_editor_set_error(&p->ed, err.line ? err.line : 1, err.line ? err.col : 1, err.len > 0 ? err.len : 1,
                            err.msg);
        p->bad = 1;
        return;
    }
    ui_editor_set_error(&p->ed, 0, 0, 0, NULL);
    p->bad = 0;
    p->spec = sp;
    p->edited = 1;
}

int code_panel_take(code_panel *p, keras_spec *out)
{
    if (p->ready && p->ed.version != p->read_version)
        code_panel_read(p); /* an edit while the panel is hidden: a file opened, the lesson's code */
    if (!p->edited)
        return 0;
    p->edited = 0;
    *out = p->spec;
    return 1;
}

void code_panel_accept(code_panel *p, const keras_spec *sp)
{
    p->settings = *sp;
}

void code_panel_refuse(code_panel *p, int line, const char *why)
{
    ui_editor_set_error(&p->ed, line > 0 ? line : (p->spec.model_line > 0 ? p->spec.model_line : 1), 1, 1, why);
    p->bad = 1;
}

long code_panel_params(const keras_spec *sp)
{
    long in = sp->input_ndim == 2 ? (long)sp->input_shape[0] * sp->input_shape[1] : sp->input_shape[0];
    long n = 0;
    for (int i = 0; i < sp->n_layers; i++) {
        const keras_spec_layer *l = &sp->layer[i];
        if (l->kind != KERAS_DENSE)
            continue;
        n += in * l->units + (l->use_bias ? l->units : 0);
        in = l->units;
    }
    return n;
}

static void set_note(code_panel *p, app *a, int bad, const char *msg)
{
    size_t n = strlen(msg);
    n = n < sizeof p->note ? n : sizeof p->note - 1; /* a long path: its start is enough */
    memcpy(p->note, msg, n);
    p->note[n] = 0;
    p->note_bad = bad;
    p->note_time = a->time;
}

/* A notebook's code: its code cells that use Keras, one after the other (the rest are plots and
 * prints, which the panel would only skip). */
static char *notebook_code(const char *json, size_t len, char *err, size_t n)
{
    ipynb nb;
    if (ipynb_read(&nb, json, len, err, n) < 0)
        return NULL;
    size_t total = 1;
    for (int i = 0; i < nb.n_cells; i++)
        total += strlen(nb.cells[i].source) + 2;
    char *code = malloc(total), *at = code;
    if (code) {
        *at = 0;
        for (int i = 0; i < nb.n_cells; i++) {
            const char *src = nb.cells[i].source;
            if (!strstr(src, "keras") && !strstr(src, "model"))
                continue;
            at += sprintf(at, "%s%s\n", at == code ? "" : "\n", src);
        }
    } else
        snprintf(err, n, "%s", strerror(ENOMEM));
    ipynb_free(&nb);
    return code;
}

int code_panel_open(code_panel *p, const char *path)
{
    if (code_panel_is_model(path))
        return code_panel_open_model(p, path);
    size_t len;
    char err[300] = "", *code = NULL;
    char *raw = text_file_read(path, CODE_FILE_LIMIT, &len);
    const char *dot = strrchr(path, '.');
    if (!raw)
        snprintf(err, sizeof err, "%s", strerror(errno));
    else if (len >= CODE_FILE_LIMIT)
        snprintf(err, sizeof err, TR("le fichier est trop long", "the file is too long"));
    else if (dot && strcmp(dot, ".ipynb") == 0)
        code = notebook_code(raw, len, err, sizeof err);
    else
        code = raw, raw = NULL;
    if (code && strlen(code) >= sizeof p->text)
        snprintf(err, sizeof err, TR("plus de %d octets de code", "more than %d bytes of code"),
                 (int)sizeof p->text - 1);
    else if (code && ui_editor_set_text(&p->ed, code) < 0)
        snprintf(err, sizeof err, TR("le code ne tient pas dans l'éditeur", "the code does not fit in the editor"));
    free(raw);
    free(code);
    snprintf(p->note, sizeof p->note, "%s: %s", path, err[0] ? err : TR("ouvert", "opened"));
    p->note_bad = err[0] != 0;
    return err[0] ? -1 : 0;
}

static void save_file(code_panel *p, app *a)
{
    char msg[1200];
    if (text_file_save(p->path, p->text, (size_t)p->ed.len) < 0)
        snprintf(msg, sizeof msg, "%s: %s", p->path, strerror(errno));
    else
        snprintf(msg, sizeof msg, TR("Enregistré : %s", "Saved: %s"), p->path);
    set_note(p, a, strncmp(msg, p->path, strlen(p->path)) == 0, msg);
}

/* The path row of Open and Save: a field, the action, cancel. */
static void file_row(code_panel *p, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    float bw = ui_px(ui, 86), gap = ui_px(ui, 6);
    const char *act = p->file_mode == CODE_FILE_OPEN ? TR("Ouvrir##go", "Open##go") : TR("Enregistrer##go", "Save##go");
    ui_layout_begin(ui, (ui_rect){ r.x, r.y, r.w - 2 * (bw + gap), r.h });
    ui_row(ui, 1, NULL, r.h / ui->scale);
    if (p->focus_path) /* Ctrl+S then Enter saves, without reaching for the mouse */
        ui->focus = ui_get_id(ui, "##codepath");
    p->focus_path = 0;
    int enter = ui_text_field(ui, "##codepath", p->path, sizeof p->path, TR("chemin du fichier .py", "path of the .py file"));
    ui_layout_end(ui);
    int go = ui_button_at(ui, (ui_rect){ r.x + r.w - 2 * bw - gap, r.y, bw, r.h }, act, 1, p->path[0] != 0);
    if ((go || enter) && p->path[0]) {
        if (p->file_mode == CODE_FILE_OPEN) {
            if (code_panel_open(p, p->path) < 0 && code_panel_is_model(p->path))
                app_error(a, "%s", p->note); /* a damaged model: the engine's message in the dialog */
            p->note_time = a->time;
        } else
            save_file(p, a);
        p->file_mode = CODE_FILE_NONE;
    }
    if (ui_button_at(ui, (ui_rect){ r.x + r.w - bw, r.y, bw, r.h }, TR("Annuler##cancel", "Cancel##cancel"), 0, 1))
        p->file_mode = CODE_FILE_NONE;
}

/* Ctrl+O and Ctrl+S, wherever the keyboard is, while the panel shows. */
static int file_key(const ui_context *ui, int key)
{
    for (int i = 0; i < ui->in.nkeys; i++)
        if (ui->in.keys[i].key == key)
            return 1;
    return 0;
}

static void open_row(code_panel *p, app *a, int mode)
{
    const char *home = getenv("HOME");
    p->file_mode = mode;
    p->focus_path = 1;
    if (!p->path[0])
        snprintf(p->path, sizeof p->path, "%s/neurone-lesson-%d.py", home && *home ? home : ".", a->lesson + 1);
    if (mode == CODE_FILE_OPEN) {
        /* the folder of the last file: the student types a name */
        char *slash = strrchr(p->path, '/');
        if (slash)
            slash[1] = 0;
    }
}

/* Copy all, Open, Save; shorter words when the column is narrow (demo mode's large type). */
static void buttons(code_panel *p, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const char *labels[3][2] = { { TR("Tout copier", "Copy all"), TR("Copier", "Copy") },
                                 { TR("Ouvrir…", "Open…"), TR("Ouvrir", "Open") },
                                 { TR("Enregistrer…", "Save…"), TR("Enreg.", "Save") } };
    float gap = ui_px(ui, 6), x = r.x, most = (r.w - 2 * gap) / 3;
    for (int i = 0; i < 3; i++) {
        const char *label = scene_fit(ui, UI_FONT_BODY, most - ui_px(ui, 16), 2, labels[i]);
        float w = fminf(scene_button_w(ui, label), most);
        if (ui_button_at(ui, (ui_rect){ x, r.y, w, r.h }, label, 0, 1)) {
            if (i == 0) {
                if (ui->set_clipboard)
                    ui->set_clipboard(ui->clipboard_user, p->text, p->ed.len);
                set_note(p, a, 0, TR("Code copié : collez-le dans Colab.", "Code copied: paste it into Colab."));
            } else
                open_row(p, a, i == 1 ? CODE_FILE_OPEN : CODE_FILE_SAVE);
        }
        x += w + gap;
    }
    if (file_key(ui, UI_KEY_OPEN))
        open_row(p, a, CODE_FILE_OPEN);
    if (file_key(ui, UI_KEY_SAVE))
        open_row(p, a, CODE_FILE_SAVE);
}

/* Under the editor: what is wrong with the code, whole (the marker's box may be cut by the
 * panel's edge), or the model's size; then the note of the last copy or file. */
static void status_line(code_panel *p, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    char buf[UI_EDITOR_MESSAGE + 200];
    if (p->bad)
        snprintf(buf, sizeof buf, TR("Ligne %d : %s — le modèle d'avant reste.", "Line %d: %s — the last good model stays."),
                 p->ed.err_line, p->ed.err_msg);
    else {
        int dense = 0;
        for (int i = 0; i < p->spec.n_layers; i++)
            dense += p->spec.layer[i].kind == KERAS_DENSE;
        snprintf(buf, sizeof buf, TR("✓ %d couches Dense, %ld paramètres", "✓ %d Dense layers, %ld parameters"), dense,
                 code_panel_params(&p->spec));
    }
    ui_push_clip(ui, r);
    float y = r.y + ui_draw_wrapped(ui, UI_FONT_SMALL, buf, r.x, r.y, r.w, p->bad ? th->bad : th->text_dim);
    if (p->note[0] && (a->headless || a->time - p->note_time < 6))
        ui_draw_wrapped(ui, UI_FONT_SMALL, p->note, r.x, y + ui_px(ui, 2), r.w, p->note_bad ? th->bad : th->text_dim);
    ui_pop_clip(ui);
}

void code_panel_frame(code_panel *p, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    float row = ui_px(ui, 28), gap = ui_px(ui, 8);
    buttons(p, a, (ui_rect){ r.x, r.y, r.w, row });
    float y = r.y + row + gap;
    if (p->file_mode != CODE_FILE_NONE) {
        file_row(p, a, (ui_rect){ r.x, y, r.w, row });
        y += row + gap;
    }
    float status_h = 4 * ui_line_height(ui, UI_FONT_SMALL) + gap;
    ui_rect er = { r.x, y, r.w, r.y + r.h - y - status_h };
    ui_editor(ui, "##code", &p->ed, er);
    if (p->ed.version != p->read_version)
        code_panel_read(p);
    status_line(p, a, (ui_rect){ r.x, er.y + er.h + gap, r.w, status_h - gap });
}
