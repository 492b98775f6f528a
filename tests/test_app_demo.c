/* test_app_demo.c — neurone --demo, through the program itself: the type size measured in a
 * 1920x1080 --screenshot, the spotlight's magnified neuron measured in one, and the autoplay loop
 * driven offscreen with a short interval. argv[1]: the neurone program. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

/* stb_image decodes the PNGs; its warnings are silenced for it alone. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wcast-qual"
#pragma GCC diagnostic ignored "-Wdouble-promotion"
#define STB_IMAGE_IMPLEMENTATION
#include <stb/stb_image.h>
#pragma GCC diagnostic pop

static const char *neurone;
static char dir[64];

static int in_box(float x, float y, const int box[4])
{
    return x >= (float)box[0] && x < (float)(box[0] + box[2]) && y >= (float)box[1] && y < (float)(box[1] + box[3]);
}

/* ---- measuring type ----------------------------------------------------------------------------- */

/* DejaVu Sans's x-height, in em: 1120 of 2048 units. */
static const double X_HEIGHT_EM = 1120.0 / 2048;

/* The body text's size in pixels, from the PNG: the most common height among glyph-like blobs of
 * light ink (near-white on the dark theme) is the x-height of the lowercase letters that fill the
 * lesson's text and the widgets (a, c, e, m, n, o, r, s, u, ...), and the em is that over
 * DejaVu's x-height. 0 when the image cannot be read. */
static double body_text_px(const char *png, int *w_out, int *h_out, int light_ink)
{
    int w, h, ch;
    unsigned char *px = stbi_load(png, &w, &h, &ch, 4);
    if (!px)
        return 0;
    *w_out = w, *h_out = h;
    unsigned char *ink = calloc((size_t)w * (size_t)h, 1);
    int *stack = malloc((size_t)w * (size_t)h * sizeof *stack);
    int hist[256] = { 0 };
    for (int i = 0; i < w * h; i++) {
        const unsigned char *p = px + (size_t)i * 4;
        int lo = p[0] < p[1] ? p[0] : p[1];
        lo = lo < p[2] ? lo : p[2];
        int hi = p[0] > p[1] ? p[0] : p[1];
        hi = hi > p[2] ? hi : p[2];
        /* text, not the blue and orange of the drawings: grey, on the text's side of mid-grey */
        ink[i] = hi - lo < 40 && (light_ink ? lo >= 128 : hi <= 128);
    }
    for (int i = 0; i < w * h; i++) {
        if (!ink[i])
            continue;
        /* one blob, 8-connected: its bounding box */
        int n = 0, x0 = w, x1 = -1, y0 = h, y1 = -1;
        stack[n++] = i;
        ink[i] = 0;
        while (n) {
            int k = stack[--n], x = k % w, y = k / w;
            x0 = x < x0 ? x : x0, x1 = x > x1 ? x : x1, y0 = y < y0 ? y : y0, y1 = y > y1 ? y : y1;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) {
                    int nx = x + dx, ny = y + dy;
                    if (nx >= 0 && nx < w && ny >= 0 && ny < h && ink[ny * w + nx]) {
                        ink[ny * w + nx] = 0;
                        stack[n++] = ny * w + nx;
                    }
                }
        }
        int bw = x1 - x0 + 1, bh = y1 - y0 + 1;
        if (bh >= 4 && bh < 256 && bw <= 2 * bh)
            hist[bh]++;
    }
    int mode = 0;
    for (int k = 4; k < 256; k++)
        if (hist[k] > hist[mode])
            mode = k;
    if (getenv("DEMO_TEST_VERBOSE"))
        for (int k = 4; k < 64; k++)
            if (hist[k] > 5)
                printf("  %s: %d blobs %d px tall\n", png, hist[k], k);
    free(stack);
    free(ink);
    stbi_image_free(px);
    return mode / X_HEIGHT_EM;
}

static int run(const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s %s", neurone, args);
    int rc = system(cmd);
    return rc == -1 ? -1 : WEXITSTATUS(rc);
}

/* A lesson of running text only, in dir/lessons/LANG/: body text outnumbers every other face, so
 * that the measure reads the body's size whatever the course's own lessons hold. */
static int write_text_lesson(const char *lang)
{
    char path[256];
    snprintf(path, sizeof path, "%s/lessons", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/lessons/%s", dir, lang);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/lessons/%s/01-texte.md", dir, lang);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("# Texte\n\n## Lire de loin\n\n", f);
    for (int i = 0; i < 6; i++)
        fputs("Un neurone reçoit des entrées, les multiplie par des poids, ajoute un biais et passe la somme "
              "dans une fonction d'activation. Le réseau range ses neurones en couches.\n\n", f);
    return fclose(f);
}

/* Body text at least 32 px at 1920x1080 in demo mode, on both themes; the desk's, measured the
 * same way, is far smaller: the measure is not blind. */
static void test_type_size(void)
{
    char png[128], args[512];
    int w = 0, h = 0;
    CHECK(write_text_lesson("fr") == 0 && write_text_lesson("en") == 0, "expected to write a lesson in %s",
          dir);
    snprintf(png, sizeof png, "%s/demo.png", dir);
    snprintf(args, sizeof args, "--lessons %s/lessons --demo --lang fr --lesson 1 --size 1920x1080 --screenshot %s",
             dir, png);
    CHECK(run(args) == 0, "neurone %s: expected exit 0", args);
    double em = body_text_px(png, &w, &h, 1);
    printf("demo, dark theme, 1920x1080: body text %.1f px\n", em);
    CHECK(w == 1920 && h == 1080, "expected a 1920x1080 image, got %dx%d", w, h);
    CHECK(em >= 32, "body text: expected at least 32 px on 1080p, got %.1f px", em);

    snprintf(args, sizeof args,
             "--lessons %s/lessons --demo --theme light --lang en --lesson 1 --size 1920x1080 --screenshot %s", dir,
             png);
    CHECK(run(args) == 0, "neurone %s: expected exit 0", args);
    em = body_text_px(png, &w, &h, 0);
    printf("demo, light theme, 1920x1080: body text %.1f px\n", em);
    CHECK(em >= 32, "body text (light theme): expected at least 32 px on 1080p, got %.1f px", em);

    snprintf(args, sizeof args, "--lessons %s/lessons --lang fr --lesson 1 --size 1920x1080 --screenshot %s", dir,
             png);
    CHECK(run(args) == 0, "neurone %s: expected exit 0", args);
    double desk = body_text_px(png, &w, &h, 0);
    printf("desk, 1920x1080 at scale 1: body text %.1f px\n", desk);
    CHECK(desk > 8 && desk < 20, "desk body text: expected about 14 px, got %.1f px", desk);
}

/* ---- the spotlight ------------------------------------------------------------------------------ */

/* The distance from (cx, cy) straight up to the first pixel that is not the centre's colour: a
 * disc's radius, when the disc is one colour and nothing is drawn inside it. -1 when off the image. */
static int radius_up(const unsigned char *px, int w, int h, int cx, int cy)
{
    if (cx < 0 || cx >= w || cy < 0 || cy >= h)
        return -1;
    const unsigned char *c0 = px + ((size_t)cy * w + cx) * 4;
    for (int r = 1; cy - r >= 0; r++) {
        const unsigned char *p = px + ((size_t)(cy - r) * w + cx) * 4;
        if (abs(p[0] - c0[0]) + abs(p[1] - c0[1]) + abs(p[2] - c0[2]) > 60)
            return r;
    }
    return -1;
}

/* The mean over pixels inside (inside 1) or outside (inside 0) the rectangle, leaving out a disc:
 * of |a - b| (diff 1), or of a's brightness (diff 0). */
static double region_mean(const unsigned char *a, const unsigned char *b, int w, int h, const int box[4], int inside,
                          const int disc[3], int diff)
{
    double sum = 0;
    long n = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int in = x >= box[0] && x < box[0] + box[2] && y >= box[1] && y < box[1] + box[3];
            long dx = x - disc[0], dy = y - disc[1];
            if (in != inside || dx * dx + dy * dy <= (long)disc[2] * disc[2])
                continue;
            const unsigned char *p = a + ((size_t)y * w + x) * 4, *q = b + ((size_t)y * w + x) * 4;
            for (int k = 0; k < 3; k++)
                sum += diff ? abs(p[k] - q[k]) : p[k];
            n += 3;
        }
    return n ? sum / (double)n : 0;
}

/* --spotlight on lesson 2 at 1920x1080: the log says where the spotlit neuron and its magnified
 * twin are; the image must show the twin at least twice the neuron's radius (both measured in the
 * pixels), an inset that differs from the frame under it, and the rest of the frame dimmed. */
static void test_spotlight(const char *theme)
{
    char plain[128], spot[128], log[128], args[512];
    snprintf(plain, sizeof plain, "%s/plain-%s.png", dir, theme);
    snprintf(spot, sizeof spot, "%s/spot-%s.png", dir, theme);
    snprintf(log, sizeof log, "%s/spot-%s.log", dir, theme);
    snprintf(args, sizeof args, "--demo --theme %s --lang fr --lesson 2 --size 1920x1080 --screenshot %s", theme,
             plain);
    CHECK(run(args) == 0, "neurone %s: expected exit 0", args);
    snprintf(args, sizeof args,
             "--demo --theme %s --lang fr --lesson 2 --size 1920x1080 --spotlight --demo-log %s --screenshot %s",
             theme, log, spot);
    CHECK(run(args) == 0, "neurone %s: expected exit 0", args);
    FILE *f = fopen(log, "r");
    char line[512] = "";
    float x = 0, y = 0, r0 = 0, cx = 0, cy = 0, r = 0;
    int box[4] = { 0 }, got = 0;
    while (f && fgets(line, sizeof line, f)) {
        const char *at = strstr(line, " at ");
        if (strncmp(line, "demo: spotlight ", 16) == 0 && at &&
            sscanf(at, " at %f,%f r %f; inset %d,%d %dx%d, neuron at %f,%f r %f", &x, &y, &r0, &box[0], &box[1],
                   &box[2], &box[3], &cx, &cy, &r) == 10)
            got = 1;
    }
    if (f)
        fclose(f);
    CHECK(got, "%s: expected a line \"demo: spotlight NAME at X,Y r R; inset ...\" in %s, got \"%s\"", theme, log,
          line);
    int w, h, w2, h2, ch;
    unsigned char *a = stbi_load(plain, &w, &h, &ch, 4), *b = stbi_load(spot, &w2, &h2, &ch, 4);
    CHECK(a && b && w == w2 && h == h2, "%s: expected two images of one size", theme);
    if (!got || !a || !b || w != w2 || h != h2) {
        stbi_image_free(a);
        stbi_image_free(b);
        return;
    }
    int small = radius_up(a, w, h, (int)x, (int)y), big = radius_up(b, w, h, (int)cx, (int)cy);
    printf("spotlight (%s): the neuron %d px in the frame (%.0f said), %d px magnified (%.0f said)\n", theme, small,
           (double)r0, big, (double)r);
    CHECK(small > 0 && fabs(small - r0) <= r0 * 0.15 + 2,
          "%s: expected the neuron at %.0f,%.0f of radius %.0f px in the plain image, measured %d", theme, (double)x,
          (double)y, (double)r0, small);
    CHECK(big > 0 && fabs(big - r) <= r * 0.1 + 2,
          "%s: expected the magnified neuron at %.0f,%.0f of radius %.0f px, measured %d", theme, (double)cx,
          (double)cy, (double)r, big);
    CHECK(small > 0 && big >= 2 * small, "%s: expected the magnified neuron at least twice as large: %d px against %d",
          theme, big, small);
    CHECK(in_box(cx, cy, box), "%s: expected the magnified neuron inside the inset", theme);
    int none[3] = { -1, -1, 0 }, hole[3] = { (int)x, (int)y, (int)(r0 * 1.5f) + 16 };
    double changed = region_mean(a, b, w, h, box, 1, none, 1);
    double before = region_mean(a, a, w, h, box, 0, hole, 0), after = region_mean(b, b, w, h, box, 0, hole, 0);
    printf("spotlight (%s): inset differs by %.1f a channel; the rest %.1f bright, %.1f before\n", theme, changed,
           after, before);
    CHECK(changed > 25, "%s: expected the inset to differ from the frame under it by more than 25 a channel, got %.1f",
          theme, changed);
    CHECK(before > 5 && after < before * 0.5,
          "%s: expected the rest of the frame dimmed to less than half its brightness: %.1f, was %.1f", theme, after,
          before);
    stbi_image_free(a);
    stbi_image_free(b);
}

/* The lessons' count, from --list-lessons. */
static int lesson_total(void)
{
    char cmd[1024], line[512];
    snprintf(cmd, sizeof cmd, "%s --list-lessons 2>/dev/null", neurone);
    FILE *f = popen(cmd, "r");
    int n = 0;
    while (f && fgets(line, sizeof line, f))
        n += line[0] >= '1' && line[0] <= '9';
    if (f)
        pclose(f);
    return n;
}

/* --autoplay 0.05 --autoplay-loops 1, offscreen: every lesson visited once, in order, one loop. */
static void test_autoplay_loop(void)
{
    int total = lesson_total();
    CHECK(total >= 2, "--list-lessons: expected at least 2 lessons, got %d", total);
    char cmd[1024], line[512];
    snprintf(cmd, sizeof cmd, "%s --demo --autoplay 0.05 --autoplay-loops 1 --size 1280x720 --screenshot %s/auto.png",
             neurone, dir);
    FILE *f = popen(cmd, "r");
    CHECK(f != NULL, "expected to run %s", cmd);
    if (!f)
        return;
    int seen[64] = { 0 }, order_ok = 1, last = 0, loops = -1;
    while (fgets(line, sizeof line, f)) {
        int n;
        if (sscanf(line, "autoplay: lesson %d", &n) == 1 && n >= 1 && n < 64) {
            seen[n]++;
            order_ok &= n == last + 1;
            last = n;
        } else if (sscanf(line, "autoplay: %d loop", &n) == 1)
            loops = n;
    }
    int rc = pclose(f);
    CHECK(WEXITSTATUS(rc) == 0, "autoplay: expected exit 0, got %d", WEXITSTATUS(rc));
    CHECK(loops == 1, "autoplay: expected 1 loop reported, got %d", loops);
    CHECK(order_ok, "autoplay: expected the lessons in order 1..%d, got a jump after lesson %d", total, last);
    for (int k = 1; k <= total && k < 64; k++)
        CHECK(seen[k] == 1, "autoplay: expected lesson %d visited once, got %d times", k, seen[k]);
    char png[128];
    snprintf(png, sizeof png, "%s/auto.png", dir);
    CHECK(access(png, F_OK) == 0, "autoplay: expected the last frame in %s", png);
}

/* Bad demo options: a message and exit 2, never a window. */
static void test_bad_options(void)
{
    static const char *bad[] = { "--demo --theme sepia", "--demo --autoplay 0", "--demo --display 0",
                                 "--demo --autoplay-loops x", "--demo --display" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char args[256];
        snprintf(args, sizeof args, "%s 2>/dev/null", bad[i]);
        int rc = run(args);
        CHECK(rc == 2, "neurone %s: expected exit 2, got %d", bad[i], rc);
    }
}

/* --presenter on lesson 1: the log names the page, the next page's title and the two notes of the
 * lesson's :::notes box, and the view covers the bottom right of the frame (dark, not the scene). */
static void test_presenter(void)
{
    char plain[128], shown[128], log[128], args[512];
    snprintf(plain, sizeof plain, "%s/pres-plain.png", dir);
    snprintf(shown, sizeof shown, "%s/pres.png", dir);
    snprintf(log, sizeof log, "%s/pres.log", dir);
    snprintf(args, sizeof args, "--demo --lang fr --lesson 1 --size 1920x1080 --screenshot %s", plain);
    CHECK(run(args) == 0, "neurone %s: expected exit 0", args);
    snprintf(args, sizeof args, "--demo --lang fr --lesson 1 --size 1920x1080 --presenter --demo-log %s --screenshot %s",
             log, shown);
    CHECK(run(args) == 0, "neurone %s: expected exit 0", args);
    FILE *f = fopen(log, "r");
    char line[512] = "";
    int got = 0;
    while (f && !got && fgets(line, sizeof line, f))
        got = strstr(line, "demo: presenter lesson 1 page 1, next \"Le neurone artificiel\", 2 notes") != NULL;
    if (f)
        fclose(f);
    CHECK(got, "expected the presenter's line for lesson 1 page 1 with its 2 notes in %s, last \"%s\"", log, line);
    int w, h, w2, h2, ch;
    unsigned char *a = stbi_load(plain, &w, &h, &ch, 4), *b = stbi_load(shown, &w2, &h2, &ch, 4);
    CHECK(a && b && w == w2 && h == h2, "expected two images of one size");
    if (a && b && w == w2 && h == h2) {
        /* the bottom right corner, inside the view: mostly its near-black background */
        long dark = 0, n = 0, changed = 0;
        for (int y = h * 9 / 10; y < h - 20; y++)
            for (int x = w * 3 / 4; x < w - 30; x++, n++) {
                const unsigned char *p = b + 4 * ((size_t)y * w + x), *q = a + 4 * ((size_t)y * w + x);
                dark += p[0] + p[1] + p[2] < 120;
                changed += abs(p[0] - q[0]) + abs(p[1] - q[1]) + abs(p[2] - q[2]) > 30;
            }
        CHECK(n && dark > n / 2, "expected the presenter view dark at the bottom right: %ld of %ld pixels", dark, n);
        CHECK(n && changed > n / 4, "expected the view to change the bottom right: %ld of %ld pixels", changed, n);
    }
    stbi_image_free(a);
    stbi_image_free(b);
}

/* Z on a page without a network (lesson 4, the loss): the panel at the centre zoomed, at least
 * 1.5 times its size, over a dimmed frame, as the log says and the pixels show. */
static void test_zoom(void)
{
    char shown[128], log[128], args[512];
    snprintf(shown, sizeof shown, "%s/zoom.png", dir);
    snprintf(log, sizeof log, "%s/zoom.log", dir);
    snprintf(args, sizeof args, "--demo --lang fr --lesson 4 --size 1920x1080 --steps 200 --spotlight --demo-log %s "
             "--screenshot %s", log, shown);
    CHECK(run(args) == 0, "neurone %s: expected exit 0", args);
    FILE *f = fopen(log, "r");
    char line[512] = "";
    float x = 0, y = 0, w = 0, h = 0, bw = 0, bh = 0;
    int got = 0;
    while (f && !got && fgets(line, sizeof line, f))
        got = sscanf(line, "demo: zoom on the panel at %f,%f %fx%f, shown %fx%f", &x, &y, &w, &h, &bw, &bh) == 6;
    if (f)
        fclose(f);
    CHECK(got, "expected a line \"demo: zoom on the panel at ...\" in %s, last \"%s\"", log, line);
    CHECK(got && w > 100 && h > 100 && bw >= 1.5f * w - 1 && bh >= 1.5f * h - 1 && bw <= 1920 && bh <= 1080,
          "expected the panel %gx%g shown at least 1.5 times larger on the screen, got %gx%g", w, h, bw, bh);
    int iw, ih, ch;
    unsigned char *b = stbi_load(shown, &iw, &ih, &ch, 4);
    CHECK(b && iw == 1920 && ih == 1080, "expected a 1920x1080 image");
    if (b && got) {
        /* outside the zoomed panel, the frame is dimmed: its corners are dark */
        const unsigned char *c = b + 4 * ((size_t)(ih - 5) * iw + 5);
        CHECK(c[0] + c[1] + c[2] < 3 * 60, "expected the frame dimmed at the bottom left, got %d,%d,%d", c[0], c[1], c[2]);
        /* inside it, the panel's text and curves: many distinct bright pixels */
        long bright = 0;
        int x0 = (int)((1920 - bw) / 2), y0 = (int)((1080 - bh) / 2);
        for (int yy = y0 + 10; yy < y0 + (int)bh - 10; yy += 2)
            for (int xx = x0 + 10; xx < x0 + (int)bw - 10; xx += 2) {
                const unsigned char *p = b + 4 * ((size_t)yy * iw + xx);
                bright += p[0] + p[1] + p[2] > 3 * 150;
            }
        CHECK(bright > 500, "expected the zoomed panel's text and curves, got %ld bright pixels", bright);
    }
    stbi_image_free(b);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_app_demo NEURONE\n");
        return 2;
    }
    neurone = argv[1];
    snprintf(dir, sizeof dir, "/tmp/neurone-demo-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 2;
    }
    test_type_size();
    test_spotlight("dark");
    test_spotlight("light");
    test_autoplay_loop();
    test_presenter();
    test_zoom();
    test_bad_options();
    char rm[128];
    snprintf(rm, sizeof rm, "rm -rf %s", dir);
    if (system(rm) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    printf("%s\n", failures ? "FAILED" : "all demo checks passed");
    return failures != 0;
}
