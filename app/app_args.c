/* app_args.c — the graphical program's command line: its usage text and its options, read into
 * app_options. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_run.h"
#include "lang.h"
#include "lesson.h"

const char app_usage[] =
    "usage: neurone [options]            open the workbench on the lesson where you left off\n"
    "  --lesson N            open lesson N (1-based)\n"
    "  --page P              open page P of the lesson (1-based)\n"
    "  --lang fr|en          the language (default: from LANG)\n"
    "  --size WxH            the window's (or the image's) size in pixels (default 1280x800)\n"
    "  --scale S             pixels per point (default: from the display's density)\n"
    "  --fullscreen          start in full screen (F11 toggles)\n"
    "  --open FILE.csv       open a CSV file, as if dropped on the window: in the training scene when\n"
    "                        its lesson is open (--lesson 5), else in the comparison (exercise 2)\n"
    "  --open FILE.py        open Keras code (.py or .ipynb) in the lesson's code panel\n"
    "  --open MODEL          open a saved model (neurone train --save, Ctrl+Shift+S): the scene takes\n"
    "                        its architecture and starts from its trained weights\n"
    "  --code                show the lesson's code panel: the scene's model as Keras code\n"
    "  --screenshot FILE.png render the lesson offscreen (no display needed) and write a PNG\n"
    "  --steps K             with --screenshot: K training steps (or animation steps) first\n"
    "  --frame-bench         measure frame times while the MNIST 784-256-128-10 model trains\n"
    "  --frames N            with --frame-bench: frames to measure (default 600)\n"
    "  --window              with --frame-bench: in a real window (default: offscreen)\n"
    "  --playground          with --frame-bench: Playground's spiral, 6 hidden layers of 8, every map drawn\n"
    "  --weights             with --frame-bench: the images scene's Weights tab, 128 tiles of 28x28, live\n"
    "  --first-frame         open the window, show the first frame, print the milliseconds it took\n"
    "                        (and each stage of the start-up), then quit\n"
    "  --list-lessons        print the lessons: number, title, pages (tab-separated)\n"
    "  --lessons DIR         read the lessons from DIR (its fr/ and en/ folders)\n"
    "  --check-lessons       check every lesson file, print what is wrong (file:line), exit 1 if any\n"
    "  --check-layout        build every page (fr, en; 1024x640, 1280x800, demo 1920x1080 and 1280x720;\n"
    "                        0 and 200 steps) offscreen, print each text clipped, cut or overlapping,\n"
    "                        exit 1 if any (--lesson N: that lesson only)\n"
    "keys: space play/pause, Right/Left next/previous page, Down/Up next/previous lesson,\n"
    "      F11 full screen, Esc or Ctrl+Q quit; Ctrl+V pastes into a text field;\n"
    "      in the code panel: Ctrl+C/X/V, Ctrl+Z, Ctrl+Shift+Z, Ctrl+A, Ctrl+O open, Ctrl+S save;\n"
    "      Ctrl+Shift+S saves the scene's trained model to $NEURONE_SAVE_DIR or ~/Neurone\n"
    "files: drop a CSV file on the window to train on it in the training scene (lesson 5, the last\n"
    "       column the target), or, from any other lesson, in the comparison (exercise 2);\n"
    "       a .py or .ipynb to read its Keras code into the lesson's code panel\n"
    "other commands: neurone train --help\n";

int app_parse_int(const char *flag, const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || *end || errno || v < lo || v > hi) {
        fprintf(stderr, "neurone: %s: expected an integer in %d..%d, got \"%s\"\n", flag, lo, hi, s ? s : "");
        return -1;
    }
    *out = (int)v;
    return 0;
}

/* The options that take no value: each sets its field of app_options to 1. */
static const struct app_flag { const char *name; size_t field; } app_flags[] = {
    { "--frame-bench", offsetof(app_options, frame_bench) },
    { "--window", offsetof(app_options, bench_window) },
    { "--playground", offsetof(app_options, bench_playground) },
    { "--weights", offsetof(app_options, bench_weights) },
    { "--fullscreen", offsetof(app_options, fullscreen) },
    { "--code", offsetof(app_options, code) },
    { "--first-frame", offsetof(app_options, first_frame) },
    { "--check-layout", offsetof(app_options, check_layout) },
};

/* 1 when f is one of app_flags (its field set), else 0. */
static int set_flag(app_options *o, const char *f)
{
    for (size_t k = 0; k < sizeof app_flags / sizeof app_flags[0]; k++)
        if (strcmp(f, app_flags[k].name) == 0) {
            *(int *)(void *)((char *)o + app_flags[k].field) = 1;
            return 1;
        }
    return 0;
}

int app_parse_args(int argc, char **argv, app_options *o)
{
    *o = (app_options){ .lesson = -1, .width = 1280, .height = 800, .frames = 600 };
    for (int i = 1; i < argc; i++) {
        const char *f = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int rc = 0, takes = 1;
        int demo_takes = demo_parse_arg(&o->demo, f, v);
        if (demo_takes < 0)
            return -1;
        if (demo_takes > 0) {
            i += demo_takes - 1;
            continue;
        }
        if (set_flag(o, f))
            takes = 0;
        else if (strcmp(f, "--list-lessons") == 0 || strcmp(f, "--check-lessons") == 0)
            takes = 0;
        else if (!v) {
            fprintf(stderr, "neurone: %s needs a value\n%s", f, app_usage);
            return -1;
        } else if (strcmp(f, "--lesson") == 0) {
            rc = app_parse_int(f, v, 1, lesson_count(), &o->lesson);
            o->lesson--;
        } else if (strcmp(f, "--page") == 0) {
            rc = app_parse_int(f, v, 1, LESSON_MAX_PAGES, &o->page);
            o->page--;
        } else if (strcmp(f, "--lessons") == 0) {
            /* read before the other options, so that --lesson N counts these lessons */
        } else if (strcmp(f, "--steps") == 0)
            rc = app_parse_int(f, v, 0, 1000000, &o->steps);
        else if (strcmp(f, "--frames") == 0)
            rc = app_parse_int(f, v, 10, 100000, &o->frames);
        else if (strcmp(f, "--screenshot") == 0)
            o->screenshot = v;
        else if (strcmp(f, "--open") == 0)
            o->open = v;
        else if (strcmp(f, "--lang") == 0) {
            if (strcmp(v, "fr") != 0 && strcmp(v, "en") != 0) {
                fprintf(stderr, "neurone: --lang: expected fr or en, got \"%s\"\n", v);
                return -1;
            }
            lang_set(strcmp(v, "en") == 0 ? LANG_EN : LANG_FR);
        } else if (strcmp(f, "--size") == 0) {
            char *end;
            long w = strtol(v, &end, 10), h = *end == 'x' ? strtol(end + 1, &end, 10) : 0;
            if (*end || w < 320 || h < 240 || w > 8192 || h > 8192) {
                fprintf(stderr, "neurone: --size: expected WxH between 320x240 and 8192x8192, got \"%s\"\n",
                        v);
                return -1;
            }
            o->width = (int)w, o->height = (int)h;
        } else if (strcmp(f, "--scale") == 0) {
            char *end;
            float s = strtof(v, &end);
            if (*end || !(s >= 0.5f && s <= 4)) {
                fprintf(stderr, "neurone: --scale: expected a number in 0.5..4, got \"%s\"\n", v);
                return -1;
            }
            o->scale = s;
        } else {
            fprintf(stderr, "neurone: unknown option \"%s\"\n%s", f, app_usage);
            return -1;
        }
        if (rc < 0)
            return -1;
        i += takes;
    }
    return 0;
}
