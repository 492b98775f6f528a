/* recorded.h — figures measured on other machines, which a scene shows beside the ones it measures
 * live: lessons/gpu-recorded.tsv, the Vulkan engine on a real GPU against the CPU engine (the race
 * of the "GPU vs CPU" lesson). An instructor may add a run of their own; the file's comment says
 * what each column holds.
 *
 * The file: '#' comment lines and blank lines anywhere; then a header naming the columns
 * (RECORDED_COLUMNS, in that order); then one run a line, fields separated by one tab. */
#ifndef NEURONE_RECORDED_H
#define NEURONE_RECORDED_H

#include <stddef.h>

enum { RECORDED_MAX = 8 };      /* runs kept; more is an error, so that none is silently dropped */
#define RECORDED_FILE "gpu-recorded.tsv"
#define RECORDED_COLUMNS "device\ttype\tdate\tmodel\tbatch\tcpu_threads\tcpu\tgpu"

typedef struct recorded_run {
    char device[64];            /* "NVIDIA H200" */
    char type[24];              /* "discrete GPU", as nn_vulkan_device.type names it */
    char date[11];              /* "2026-11-27" */
    char model[48];             /* "784-256-128-10" */
    int batch, cpu_threads;
    double cpu, gpu;            /* samples a second, > 0 */
} recorded_run;

typedef struct recorded_table {
    int n;
    recorded_run run[RECORDED_MAX];
} recorded_table;

/* Reads text (len bytes; path names it in errors) into *t. 0, or -1 with err set to
 * "path:line: field 'name': why" (or "path:line: why" for a line's shape), in the current language. */
int recorded_parse(const char *text, size_t len, const char *path, recorded_table *t, char *err, size_t n);
/* recorded_parse of dir/RECORDED_FILE; -1 with err also when the file cannot be read. */
int recorded_load(const char *dir, recorded_table *t, char *err, size_t n);

#endif
