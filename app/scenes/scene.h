/* scene.h — the interactive half of a lesson. One file per scene (scene_neuron.c, ...); each
 * exports one scene_class. A scene keeps its own state, builds its part of the frame from it,
 * asks the engine for the maths, and never blocks the frame: training runs in trainer.c's
 * worker threads.
 */
#ifndef NEURONE_SCENE_H
#define NEURONE_SCENE_H

#include <stdio.h>

#include "lesson_config.h"
#include "ui.h"

typedef struct app app;

/* A scene's name and the directives it takes are the course table's (lesson_scenes.h): the class
 * is what the app calls. */
typedef struct scene_class {
    /* New state configured by a lesson's directives, checked and typed (cfg: the lesson's, which
     * outlives the scene; the scene copies what it keeps). NULL after app_error. */
    void *(*create)(app *a, const lesson_config *cfg);
    /* Builds the scene's part of this frame inside area. */
    void (*frame)(void *s, app *a, ui_rect area);
    /* Headless runs (--steps K): K training batches, or K animation steps, done before returning,
     * so that the screenshot is the same every time. */
    void (*advance)(void *s, app *a, int steps);
    /* Space: play or pause; returns 0 when the scene has nothing to play. */
    int (*play)(void *s, app *a);
    /* The lesson is left: stop what runs in the background. */
    void (*leave)(void *s, app *a);
    void (*destroy)(void *s);
    /* The scene's model as Keras code (code_panel.h), which the app shows in the lesson's column
     * under its "Code" tab; NULL for a scene without a model. */
    struct code_panel *(*code)(void *s);
    /* The trainer of the model on show, for Save model (app_save_model); NULL for a scene without
     * one, or when none is built yet. */
    struct trainer *(*trainer_of)(void *s);
} scene_class;

/* scene_neuron, scene_network, ...: one for each row of LESSON_SCENES, in scene_NAME.c. */
#define SCENE_CLASS(ID, name) extern const scene_class scene_##name;
LESSON_SCENES(SCENE_CLASS)
#undef SCENE_CLASS

/* Defines scene_NAME from its file's static create, frame, advance, play, leave and destroy. */
#define SCENE_CLASS_OF_FILE(name)                                                                  \
    const scene_class scene_##name = { .create = create, .frame = frame, .advance = advance,       \
                                       .play = play, .leave = leave, .destroy = destroy }

/* SCENE_CLASS_OF_FILE, with the file's static code() and trainer_of() too. */
#define SCENE_CLASS_WITH_CODE(name)                                                                \
    const scene_class scene_##name = { .create = create, .frame = frame, .advance = advance,       \
                                       .play = play, .leave = leave, .destroy = destroy,           \
                                       .code = code, .trainer_of = trainer_of }

/* --frame-bench: the training scene's throughput so far, one line. */
void scene_training_report(void *training_scene, FILE *out);

/* The class of scene s, or NULL (LESSON_SCENE_NONE). */
const scene_class *scene_class_of(lesson_scene s);
/* The class named name ("neuron", ...), or NULL. */
const scene_class *scene_find(const char *name);

#endif
