/* scene_race.h — the race's state, shared by its files: scene_race.c (the lanes, the sweep, the
 * settings, the frame) and scene_race_gpu.c (the GPU's set-up on a thread of its own, the banner
 * that says what the GPU is, and the figures: this machine's live beside those recorded on a real
 * GPU, from lessons/gpu-recorded.tsv). */
#ifndef NEURONE_SCENE_RACE_H
#define NEURONE_SCENE_RACE_H

#include <pthread.h>
#include <stdatomic.h>

#include "recorded.h"
#include "scene_common.h"

enum { CPU, GPU, LANES };
enum { N_WIDTH = 3, N_SWEEP_BATCH = 4 };
extern const int race_widths[N_WIDTH];

/* What the scene knows of its GPU: the set-up still runs (the lanes and the sweep wait for it), a
 * Vulkan device is ready, or there is none and the race is the CPU engine's alone. */
typedef enum race_gpu { RACE_GPU_PREPARING, RACE_GPU_READY, RACE_GPU_NONE } race_gpu;

/* Opening the Vulkan device compiles every pipeline: 2 to 3 s on lavapipe, far too long for the UI
 * thread, so it runs on a thread of its own. The thread writes the fields below it, then publishes
 * them with a release store of done; the UI joins it once done (or at destroy, where it waits for
 * it: a Vulkan call cannot be cancelled), and reads the fields only after joining. */
typedef struct race_setup {
    pthread_t thread;
    int running;                  /* UI thread: the thread exists and is not joined yet */
    atomic_int done;
    int have_gpu, is_cpu;
    char name[320];               /* "llvmpipe (LLVM 15.0.6, 256 bits) (CPU)" */
    char why[512];                /* without a GPU: the engine's message */
    /* the race's model as it is on entering (784-units-units2-10, relu, Adam), which the set-up
     * trains one batch of `batch` zeros on the Vulkan engine and keeps to the end: it holds the
     * device, whose compiled pipelines the lanes and the sweep then share instead of building
     * them again (a CPU implementation builds a product's at its first step, which would
     * otherwise hold the GPU lane's start back by a quarter of a second) */
    int units, units2, batch;
    nn_model *probe;
} race_setup;

typedef struct race_lane {
    trainer *t;
    trainer_stats st;
} race_lane;

typedef struct race_sweep {
    pthread_t thread;
    int running;                  /* the thread exists and has not been joined */
    atomic_int stop, done, points;
    double seconds_per_point;
    int engines;
    float sps[LANES][N_WIDTH][N_SWEEP_BATCH]; /* samples a second; 0 = not measured */
    /* The sweep's first failure: the thread writes error once, then publishes it with a release
     * store of failed, so that the frame (sweep_error, acquire) never reads a half-written text. */
    atomic_int failed;
    char error[256];
} race_sweep;

typedef struct race_state {
    int width, batch, epochs;     /* width: index in race_widths */
    int headless;
    race_lane lane[LANES];
    int started;
    int start_pending;            /* Start pressed while the GPU is being prepared: start once it is */
    race_gpu gpu;
    race_setup setup;
    /* the set-up's results, copied once it is joined (RACE_GPU_READY or _NONE) */
    int have_gpu, gpu_is_cpu;
    char gpu_name[320], gpu_why[512];
    recorded_table recorded;      /* lessons/gpu-recorded.tsv; recorded_error when it failed */
    char recorded_error[512];
    race_sweep sw;
    float sps[LANES][N_WIDTH][N_SWEEP_BATCH]; /* the sweep's points measured so far, for drawing */
    /* curves of the loss over time, one per lane */
    float curve_t[LANES][TRAINER_MAX_POINTS], curve_l[LANES][TRAINER_MAX_POINTS];
    code_panel code;              /* the raced model as Keras code */
} race_state;

/* scene_race_gpu.c */
/* Starts preparing the GPU on its thread (or at once, where no thread can start); wait: returns
 * once it is done (headless renders). Reads the recorded figures too. */
void race_setup_start(race_state *s, int wait);
/* The GPU's state, joining the set-up's thread once it has finished (wait: even if it has not). */
race_gpu race_setup_poll(race_state *s, int wait);
/* Joins the set-up and lets the device go: the scene's destroy. */
void race_setup_free(race_state *s);
/* The banner's sentence: what this machine's GPU is, or that it is being prepared. */
void race_describe_gpu(const race_state *s, char *buf, size_t n);
/* The banner across the top of *area, which loses it and a gap. */
void race_draw_banner(race_state *s, ui_context *ui, ui_rect *area);
/* The lanes' samples a second beside the recorded runs' in r; a lane's rate, 0 when not yet known. */
void race_draw_figures(race_state *s, ui_context *ui, ui_rect r);
float race_lane_rate(const race_state *s, int lane);
/* The height race_draw_figures wants for w wide: its title, this machine and `runs` recorded runs. */
float race_figures_height(race_state *s, ui_context *ui, float w, int runs);

#endif
