/* window.c — the SDL window: opening it on the right display, choosing how frames are drawn (the
 * GPU renderer or raster.c shown as a texture), its density, one frame built, drawn and shown. */
#include <SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "app_run.h"
#include "demo.h"
#include "raster.h"
#include "window.h"

/* Pixels per point: the drawable's density (2 on a Retina-style screen) times the display's own
 * scale when it reports a high DPI. */
static float display_scale(window *w)
{
    int ww, wh, dw, dh;
    SDL_GetWindowSize(w->win, &ww, &wh);
    SDL_GetRendererOutputSize(w->renderer, &dw, &dh);
    w->ratio = ww > 0 ? (float)dw / (float)ww : 1;
    float dpi_scale = 1;
    float ddpi;
    const char *env = getenv("NEURONE_SCALE");
    if (env && atof(env) >= 0.5 && atof(env) <= 4)
        return (float)atof(env);
    if (w->ratio < 1.5f && SDL_GetDisplayDPI(SDL_GetWindowDisplayIndex(w->win), &ddpi, NULL, NULL) == 0 &&
        ddpi > 120)
        dpi_scale = roundf(ddpi / 96 * 4) / 4;
    return w->ratio * dpi_scale;
}

/* A renderer that draws on the CPU anyway (SDL's software one, or OpenGL on Mesa's llvmpipe or
 * softpipe): raster.c is several times faster there. NEURONE_RENDER=cpu or gpu overrides. */
static int renderer_is_software(SDL_Renderer *r)
{
    const char *force = getenv("NEURONE_RENDER");
    if (force && strcmp(force, "cpu") == 0)
        return 1;
    if (force && strcmp(force, "gpu") == 0)
        return 0;
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(r, &info) < 0)
        return 1;
    if (!(info.flags & SDL_RENDERER_ACCELERATED) || strcmp(info.name, "software") == 0)
        return 1;
    if (strncmp(info.name, "opengl", 6) == 0) {
        typedef const unsigned char *(*get_string_fn)(unsigned);
        void *sym = SDL_GL_GetProcAddress("glGetString");
        get_string_fn get = NULL;
        memcpy(&get, &sym, sizeof get); /* an object pointer to a function pointer, portably */
        const char *gl = get ? (const char *)get(0x1F01 /* GL_RENDERER */) : NULL;
        if (gl && (strstr(gl, "llvmpipe") || strstr(gl, "softpipe") || strstr(gl, "Software")))
            return 1;
    }
    return 0;
}

int window_open(window *w, const app_options *o)
{
    memset(w, 0, sizeof *w);
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    if (o->fullscreen || o->demo.on)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    /* demo mode: on the projector, which is rarely the first display */
    int display = o->demo.on && o->demo.display < SDL_GetNumVideoDisplays() ? o->demo.display : 0;
    /* and the display's size: a booth's machine may run X with no window manager to make the
     * window full screen, and the window would stay small while SDL draws for the whole display */
    SDL_Rect bounds = { 0, 0, o->width, o->height };
    /* --first-frame measures demo mode at --size, whatever the display */
    if (!o->demo.on || o->first_frame || SDL_GetDisplayBounds(display, &bounds) < 0)
        bounds.w = o->width, bounds.h = o->height;
    w->win = SDL_CreateWindow("Neurone", (int)SDL_WINDOWPOS_CENTERED_DISPLAY(display),
                              (int)SDL_WINDOWPOS_CENTERED_DISPLAY(display), bounds.w, bounds.h, flags);
    if (!w->win)
        return -1;
    SDL_SetWindowMinimumSize(w->win, 1024, 640);
    /* no GPU at all (no DRI device on Linux): OpenGL would only be Mesa's llvmpipe, drawing on the
     * CPU what raster.c draws faster; SDL's software renderer then just shows raster.c's frames */
    const char *force = getenv("NEURONE_RENDER");
    int no_gpu = 0;
#ifdef __linux__
    no_gpu = access("/dev/dri", F_OK) != 0;
#endif
    if (no_gpu && !(force && strcmp(force, "gpu") == 0)) {
        /* and the window's own framebuffer too: X11 shared memory, not an OpenGL texture */
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        w->renderer = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!w->renderer)
        w->renderer = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!w->renderer)
        w->renderer = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_SOFTWARE);
    if (!w->renderer)
        return -1;
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(w->renderer, &info) == 0)
        w->vsync = (info.flags & SDL_RENDERER_PRESENTVSYNC) != 0;
    w->rs = render_create(w->renderer);
    if (!w->rs)
        return -1;
    w->raster = renderer_is_software(w->renderer);
    SDL_RendererInfo ri;
    w->direct = w->raster && SDL_GetRendererInfo(w->renderer, &ri) == 0 && strcmp(ri.name, "software") == 0 &&
                !(getenv("NEURONE_RENDER") && strcmp(getenv("NEURONE_RENDER"), "texture") == 0);
    w->scale = o->scale > 0 ? o->scale : display_scale(w);
    if (o->scale > 0)
        display_scale(w), w->scale = o->scale;
    w->t0 = app_now_s();
    return 0;
}

void window_close(window *w)
{
    if (w->frame)
        SDL_DestroyTexture(w->frame);
    render_free(w->rs);
    if (w->renderer)
        SDL_DestroyRenderer(w->renderer);
    if (w->win)
        SDL_DestroyWindow(w->win);
}

/* raster.c's frame straight into the window's surface, which SDL's software renderer presents:
 * 1 when done, 0 when the surface is not 32-bit RGB of the drawable's size (the texture then).
 * raster.c writes R, G, B, A bytes; the usual X11 surface is B, G, R, X, swapped after. */
static int raster_direct(window *w, ui_context *ui, int dw, int dh)
{
    SDL_Surface *s = SDL_GetWindowSurface(w->win);
    if (!s || s->w != dw || s->h != dh || s->format->BytesPerPixel != 4)
        return 0;
    Uint32 f = s->format->format;
    int swap = f == SDL_PIXELFORMAT_ARGB8888 || f == SDL_PIXELFORMAT_RGB888;
    if (!swap && f != SDL_PIXELFORMAT_ABGR8888 && f != SDL_PIXELFORMAT_BGR888)
        return 0;
    if (SDL_LockSurface(s) < 0)
        return 0;
    raster_frame(&(raster_target){ s->pixels, dw, dh, s->pitch }, ui);
    for (int y = 0; swap && y < dh; y++) {
        uint8_t *p = (uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch;
        for (int x = 0; x < dw; x++, p += 4) {
            uint8_t r = p[0];
            p[0] = p[2], p[2] = r;
        }
    }
    SDL_UnlockSurface(s);
    return 1;
}

/* The frame's command list onto the window: raster.c into its surface or into the frame's texture,
 * or SDL's renderer. */
static void draw_frame(window *w, ui_context *ui, int dw, int dh)
{
    if (w->direct && raster_direct(w, ui, dw, dh))
        return;
    w->direct = 0; /* this surface will not do: the texture from now on */
    if (w->raster && (w->frame_w != dw || w->frame_h != dh || !w->frame)) {
        if (w->frame)
            SDL_DestroyTexture(w->frame);
        w->frame =
            SDL_CreateTexture(w->renderer, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STREAMING, dw, dh);
        w->frame_w = dw, w->frame_h = dh;
        if (!w->frame)
            w->raster = 0; /* fall back on the renderer's own drawing */
    }
    void *pixels;
    int pitch;
    if (w->raster && SDL_LockTexture(w->frame, NULL, &pixels, &pitch) == 0) {
        raster_frame(&(raster_target){ pixels, dw, dh, pitch }, ui);
        SDL_UnlockTexture(w->frame);
        SDL_RenderCopy(w->renderer, w->frame, NULL, NULL);
    } else
        render_frame(w->rs, ui);
}

/* Builds, renders and shows one frame. */
void window_frame(window *w, app *a)
{
    int dw, dh;
    SDL_GetRendererOutputSize(w->renderer, &dw, &dh);
    w->in.time = app_now_s() - w->t0;
    a->time = w->in.time;
    double t0 = app_now_s();
    ui_begin(a->ui, &w->in, (float)dw, (float)dh);
    if (w->demo)
        demo_frame(w->demo, a);
    else
        app_frame(a);
    ui_end(a->ui);
    double t1 = app_now_s();
    draw_frame(w, a->ui, dw, dh);
    app_last_frame.build_ms = (t1 - t0) * 1000;
    app_last_frame.draw_ms = (app_now_s() - t1) * 1000; /* up to the present, which may wait for the display */
    SDL_RenderPresent(w->renderer);
}

/* Follows a change of density (the window moved to another screen) with fonts at the new size. */
void window_rescale(window *w, app *a, const app_options *o)
{
    if (w->demo) {
        /* demo mode: type follows the screen's resolution, as the window goes full screen */
        int dw, dh;
        char err[4200];
        SDL_GetRendererOutputSize(w->renderer, &dw, &dh);
        float s = demo_scale(dw, dh);
        if (fabsf(s - w->scale) >= 0.01f && app_load_fonts(a->ui, s, err, sizeof err) == 0)
            w->scale = s;
        return;
    }
    if (o->scale > 0)
        return;
    float s = display_scale(w);
    if (fabsf(s - w->scale) < 0.01f)
        return;
    char err[4200];
    if (app_load_fonts(a->ui, s, err, sizeof err) == 0)
        w->scale = s;
}

int window_no_display(void)
{
    fprintf(stderr, "neurone: no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset); "
                    "`neurone --screenshot FILE.png --lesson N` renders a lesson offscreen and "
                    "`neurone --bench` measures the engines without one\n");
    return 2;
}
