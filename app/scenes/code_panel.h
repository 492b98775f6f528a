/* code_panel.h — a scene's model as Keras code: one model, two views (issue 13).
 *
 * The scene owns a code_panel and keeps it in step each frame:
 *
 *     keras_spec sp;  settings_to_spec(s, &sp);
 *     code_panel_follow(&s->code, &sp, &env);    // a setting changed: the code follows, flashing
 *     if (code_panel_take(&s->code, &sp))        // the student's edit reads cleanly
 *         if (settings_from_spec(s, &sp, why) < 0)
 *             code_panel_refuse(&s->code, line, why);   // the scene cannot draw it: say so
 *         else
 *             code_panel_accept(&s->code, &what_the_settings_now_say);
 *
 * and the app draws it in the lesson's column when the student opens the "Code" tab (app.c), so the
 * code and the scene's settings are seen together. The text is the student's: a setting changed
 * writes the code anew (the settings are the model), an edit that reads cleanly sets the settings,
 * an edit that does not keeps the last good model and underlines the place. */
#ifndef NEURONE_CODE_PANEL_H
#define NEURONE_CODE_PANEL_H

#include "keras_spec.h"
#include "ui_editor.h"

typedef struct app app;

enum { CODE_PANEL_BYTES = 16384 };

typedef struct code_panel {
    char text[CODE_PANEL_BYTES];
    ui_editor_state ed;
    keras_spec_env env;
    char about[200];                /* env.about's storage */
    char dataset[24];               /* env.dataset's */
    keras_spec spec;                /* what the text says: generated, or read from an edit */
    keras_spec settings;            /* the scene's settings when the code was last written or taken:
                                       the code is written anew only when they move */
    int lang;                       /* the language the text's comments were written in */
    unsigned read_version;          /* ed.version when the text was last read */
    int edited;                     /* spec came from an edit the scene has not taken yet */
    int bad;                        /* the text does not read (the marker says why) */
    enum { CODE_FILE_NONE, CODE_FILE_OPEN, CODE_FILE_SAVE } file_mode;
    char path[1024];                /* the Open / Save row's field */
    int focus_path;                 /* the row just opened: its field takes the keyboard */
    char note[300];                 /* "Copied", "Saved in ...", a file's error */
    int note_bad;
    double note_time;
    int ready;                      /* the first code_panel_follow has run */
    const char *start;              /* the lesson's ```python model code, for the first follow */
    char weights[1024];             /* a saved model opened: its file, whose weights go with the
                                       text of version weights_version; "": none */
    unsigned weights_version;
} code_panel;

/* The scene's settings and data, every frame: the first call writes the code; later, when they
 * differ from what the code says (or the language changed), the code is written anew and the
 * changed bytes flash. env's strings are copied. */
void code_panel_follow(code_panel *p, const keras_spec *sp, const keras_spec_env *env);
/* The lesson's starting code (lesson_config.code; NULL: none), which lives as long as the scene:
 * the first code_panel_follow shows it instead of the settings' code, read as an edit, so that the
 * scene builds its model from it. */
void code_panel_start(code_panel *p, const char *code);
/* 1 once for each edit that reads cleanly, with what it builds in *out. */
int  code_panel_take(code_panel *p, keras_spec *out);
/* The scene built the edit that code_panel_take gave: its settings now read as sp (an optimizer's
 * default learning rate written out, say), which the code need not be rewritten for. */
void code_panel_accept(code_panel *p, const keras_spec *sp);
/* The scene cannot build the edited model: the marker on line (1-based; 0: the model's) with why,
 * and the scene keeps its model. */
void code_panel_refuse(code_panel *p, int line, const char *why);
/* Replaces the code by a file's (.py, or an .ipynb's code cells that use Keras), as one undoable
 * edit; 0, or -1 with the reason in the panel's note. */
int  code_panel_open(code_panel *p, const char *path);
/* Reads the text as an edit: the model it builds (taken by code_panel_take), or the marker where
 * it does not read. */
void code_panel_read(code_panel *p);
/* Tells a saved model (nn_save's file) by its first bytes (NN_SAVE_MAGIC), not its name. */
int  code_panel_is_model(const char *path);
/* A saved model: its architecture (and compile) as the code, over the panel's fit settings, as one
 * undoable edit; its weights wait for the scene (code_panel_weights). 0, or -1 with the reason in
 * the panel's note (the engine's message for a damaged file). code_panel_open calls it. */
int  code_panel_open_model(code_panel *p, const char *path);
/* After code_panel_take: the saved model whose weights go with the edit just taken ("" when the
 * edit is not a model opened unchanged). The scene hands it to its trainer (weights_from). */
const char *code_panel_weights(code_panel *p);
/* The panel in r: the buttons (copy all, open, save), the editor, the model's size or the error. */
void code_panel_frame(code_panel *p, app *a, ui_rect r);
/* The model's parameters, as summary() counts them. */
long code_panel_params(const keras_spec *sp);

#endif
