/* playground.c — the four classification sets of TensorFlow Playground, generated as Playground
 * generates them (src/dataset.ts), from our own seeded generator.
 *
 * Playground labels its points -1 (orange) and +1 (blue); here they are 0 and 1, so that they
 * can go straight to binary_crossentropy. Its noise slider (0..50) divided by 100 is `noise`;
 * what it does depends on the set, as in Playground:
 *   circle, xor  the points stay where they are drawn, but each is labelled from a copy moved by
 *                uniform noise, so noise flips the labels of points near the boundary;
 *   gauss        the variance of both clouds goes from 0.5 (noise 0) to 4 (noise 0.5);
 *   spiral       the points themselves are moved by up to ±noise on each axis.
 * Playground shuffles the points before using them; so do we, with the same generator.
 *
 * Its two regression sets have a value as their target (classes 0): points drawn uniformly in
 * the square ±6, each valued from a copy moved by uniform noise (±6·noise per axis):
 *   reg_plane    (x + y) / 10: a tilted plane, -1.2..1.2 at the corners (Playground's scale maps
 *                -10..10 to -1..1 and does not clamp);
 *   reg_gauss    six bumps of radius 2 on a 3 × 2 grid, alternately +1 and -1 at their centres,
 *                falling linearly to 0 at distance 2; where bumps meet, the larger one counts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "data.h"

#define TAU 6.283185307179586

typedef struct point { float x, y, label; } point;

static float uniform(nn_rng *rng, float a, float b)
{
    return a + (b - a) * nn_rng_uniform(rng);
}

/* Label 1 inside radius 2.5 (half of the drawing's radius 5), 0 outside. The inner points lie
 * within 2.5, the outer ones between 3.5 and 5, so that without noise a gap separates them. */
static point circle_point(nn_rng *rng, int inside, float noise)
{
    const float radius = 5.0f;
    float r = inside ? uniform(rng, 0.0f, radius * 0.5f) : uniform(rng, radius * 0.7f, radius);
    float angle = uniform(rng, 0.0f, (float)TAU);
    point p = { r * sinf(angle), r * cosf(angle), 0.0f };
    float nx = p.x + uniform(rng, -radius, radius) * noise;
    float ny = p.y + uniform(rng, -radius, radius) * noise;
    p.label = sqrtf(nx * nx + ny * ny) < radius * 0.5f ? 1.0f : 0.0f;
    return p;
}

/* Label 1 in the quadrants where x and y have the same sign. The 0.3 padding pushes points
 * away from the axes, leaving an empty cross between the quadrants. */
static point xor_point(nn_rng *rng, float noise)
{
    const float padding = 0.3f;
    point p;
    p.x = uniform(rng, -5.0f, 5.0f);
    p.x += p.x > 0.0f ? padding : -padding;
    p.y = uniform(rng, -5.0f, 5.0f);
    p.y += p.y > 0.0f ? padding : -padding;
    float nx = p.x + uniform(rng, -5.0f, 5.0f) * noise;
    float ny = p.y + uniform(rng, -5.0f, 5.0f) * noise;
    p.label = nx * ny >= 0.0f ? 1.0f : 0.0f;
    return p;
}

/* Two round clouds, label 1 around (2, 2) and 0 around (-2, -2). */
static point gauss_point(nn_rng *rng, int positive, float noise)
{
    float sd = sqrtf(0.5f + noise * 7.0f); /* variance 0.5 .. 4 for noise 0 .. 0.5 */
    float c = positive ? 2.0f : -2.0f;
    point p;
    p.x = c + sd * nn_rng_normal(rng);
    p.y = c + sd * nn_rng_normal(rng);
    p.label = positive ? 1.0f : 0.0f;
    return p;
}

/* Point i of count on one arm: the radius grows to 5 over 1.75 turns; the second arm is the
 * first turned by half a turn. */
static point spiral_point(nn_rng *rng, int i, int count, int positive, float noise)
{
    float r = (float)i / (float)count * 5.0f;
    float t = (float)(1.75 * i / count * TAU) + (positive ? 0.0f : (float)(TAU / 2));
    point p;
    p.x = r * sinf(t) + uniform(rng, -1.0f, 1.0f) * noise;
    p.y = r * cosf(t) + uniform(rng, -1.0f, 1.0f) * noise;
    p.label = positive ? 1.0f : 0.0f;
    return p;
}

/* A bump's value at distance dist from its centre: 1 at the centre, linearly down to 0 at 2. */
static float bump(float dist)
{
    return dist >= 2.0f ? 0.0f : 1.0f - dist / 2.0f;
}

static float reg_value(char kind, float x, float y)
{
    if (kind == 'p')
        return (x + y) / 10.0f;
    /* (x, y, sign) of each bump: the top row +, -, +; the bottom row -, +, - */
    static const float bumps[6][3] = { { -4.0f, 2.5f, 1.0f },  { 0.0f, 2.5f, -1.0f },  { 4.0f, 2.5f, 1.0f },
                                       { -4.0f, -2.5f, -1.0f }, { 0.0f, -2.5f, 1.0f }, { 4.0f, -2.5f, -1.0f } };
    float value = 0.0f;
    for (int b = 0; b < 6; b++) {
        float v = bumps[b][2] * bump(hypotf(x - bumps[b][0], y - bumps[b][1]));
        if (fabsf(v) > fabsf(value))
            value = v;
    }
    return value;
}

/* A regression point: uniform in the square ±6, valued where noise moved it. */
static point reg_point(nn_rng *rng, char kind, float noise)
{
    const float radius = 6.0f;
    point p;
    p.x = uniform(rng, -radius, radius);
    p.y = uniform(rng, -radius, radius);
    float nx = p.x + uniform(rng, -radius, radius) * noise;
    float ny = p.y + uniform(rng, -radius, radius) * noise;
    p.label = reg_value(kind, nx, ny);
    return p;
}

/* Point i of n: the first n - n/2 are Playground's positive points, the rest its negative. */
static point make_point(nn_rng *rng, char kind, int i, int n, float noise)
{
    int positives = n - n / 2;
    int positive = i < positives;
    int j = positive ? i : i - positives; /* index within its half */
    switch (kind) {
    case 'c': return circle_point(rng, positive, noise);
    case 'x': return xor_point(rng, noise);
    case 'g': return gauss_point(rng, positive, noise);
    case 'p': case 'b': return reg_point(rng, kind, noise);
    default:  return spiral_point(rng, j, positive ? positives : n / 2, positive, noise);
    }
}

static int set_names(nn_dataset *d, int regression)
{
    static const char *const names[2] = { "x1", "x2" };
    d->classes = regression ? 0 : 2;
    if (!(d->feature_names = data_copy_names(names, 2)))
        return -1;
    return (d->target_name = data_strdup(regression ? "value" : "label")) ? 0 : -1;
}

int nn_playground(nn_dataset *d, const char *kind, int n, float noise, unsigned seed)
{
    memset(d, 0, sizeof *d);
    /* each set's letter for make_point */
    static const char *const kinds[] = { "circle", "xor", "gauss", "spiral", "reg_plane", "reg_gauss" };
    static const char letters[] = "cxgspb";
    char k = 0;
    for (int i = 0; i < 6; i++)
        if (kind && strcmp(kind, kinds[i]) == 0)
            k = letters[i];
    if (!k)
        return nn_fail("playground: no set \"%s\" (circle, xor, gauss, spiral, reg_plane, reg_gauss)",
                       kind ? kind : "(null)");
    if (n < 2)
        return nn_fail("playground: n = %d; at least 2 points are needed", n);
    if (!(noise >= 0.0f && noise <= 0.5f))
        return nn_fail("playground: noise %g outside 0..0.5 (Playground's slider / 100)",
                       (double)noise);
    if (data_alloc(d, n, 2) < 0)
        return -1;
    if (set_names(d, k == 'p' || k == 'b') < 0) {
        nn_dataset_free(d);
        return -1;
    }
    int *order = malloc((size_t)n * sizeof *order); /* (n) where each point goes */
    if (!order) {
        nn_dataset_free(d);
        return nn_fail("playground: out of memory");
    }
    nn_rng rng;
    nn_rng_seed(&rng, seed);
    nn_rng_permutation(&rng, order, n);
    for (int i = 0; i < n; i++) {
        point p = make_point(&rng, k, i, n, noise);
        d->x[2 * order[i]] = p.x;
        d->x[2 * order[i] + 1] = p.y;
        d->y[order[i]] = p.label;
    }
    free(order);
    return 0;
}
