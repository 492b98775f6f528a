/* font.c — fonts: SDL_ttf faces, their metrics, and a glyph atlas filled on demand. */
#include "font.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui.h"

/* ---- UTF-8 -------------------------------------------------------------------------------------- */

int font_utf8_next(const char *s, int len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    int need;
    uint32_t c = u[0], min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if ((c & 0xe0) == 0xc0)
        need = 1, c &= 0x1f, min = 0x80;
    else if ((c & 0xf0) == 0xe0)
        need = 2, c &= 0x0f, min = 0x800;
    else if ((c & 0xf8) == 0xf0)
        need = 3, c &= 0x07, min = 0x10000;
    else {
        *cp = 0xfffd;
        return 1;
    }
    if (need >= len) {
        *cp = 0xfffd;
        return 1;
    }
    for (int i = 1; i <= need; i++) {
        if ((u[i] & 0xc0) != 0x80) {
            *cp = 0xfffd;
            return 1;
        }
        c = (c << 6) | (u[i] & 0x3f);
    }
    /* overlong forms and surrogates are as invalid as a stray byte */
    *cp = (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) ? 0xfffd : c;
    return *cp == 0xfffd ? 1 : need + 1;
}

/* ---- opening ------------------------------------------------------------------------------------ */

/* The font files, mapped into memory once and shared by the faces made from them (a file gives
 * several sizes and styles): FreeType then reads glyphs from memory, where reading them through
 * SDL's file streams cost a seek and a read per glyph, and only the pages it reads are brought in
 * (on this machine a page touched for the first time costs tens of microseconds). Counted: the
 * last font_close unmaps one. Fonts belong to the UI thread, as the widgets that use them. */
enum { FONT_FILES = 8 };
static struct font_file { char *path; void *data; size_t size; int users, mapped; } files[FONT_FILES];

/* The whole file at path into *size bytes: mapped, or read where it cannot be; NULL on failure. */
static void *file_map(const char *path, size_t *size, int *mapped)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    void *p = MAP_FAILED;
    if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0)
        p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (fd >= 0)
        close(fd);
    if (p != MAP_FAILED) {
        *size = (size_t)st.st_size;
        *mapped = 1;
        return p;
    }
    *mapped = 0;
    return SDL_LoadFile(path, size);
}

static void file_unmap(struct font_file *file)
{
    if (file->data && file->mapped)
        munmap(file->data, file->size);
    else
        SDL_free(file->data);
    file->data = NULL;
}

static struct font_file *file_get(const char *path)
{
    struct font_file *spare = NULL;
    for (int i = 0; i < FONT_FILES; i++) {
        if (files[i].users && strcmp(files[i].path, path) == 0) {
            files[i].users++;
            return &files[i];
        }
        if (!files[i].users && !spare)
            spare = &files[i];
    }
    if (!spare)
        return NULL;
    size_t n = strlen(path) + 1;
    spare->data = file_map(path, &spare->size, &spare->mapped);
    spare->path = spare->data ? malloc(n) : NULL;
    if (!spare->path) {
        file_unmap(spare);
        return NULL;
    }
    memcpy(spare->path, path, n);
    spare->users = 1;
    return spare;
}

static void file_put(struct ui_font *f)
{
    for (int i = 0; i < FONT_FILES; i++)
        if (files[i].users && strcmp(files[i].path, f->path) == 0) {
            if (--files[i].users == 0) {
                file_unmap(&files[i]);
                free(files[i].path);
                files[i] = (struct font_file){ 0 };
            }
            return;
        }
}

struct ui_font *font_open(const char *path, int px)
{
    /* only whether the file is there: reading the face waits for its first use */
    SDL_RWops *probe = SDL_RWFromFile(path, "rb");
    if (!probe)
        return NULL;
    SDL_RWclose(probe);
    size_t n = strlen(path) + 1;
    struct ui_font *f = calloc(1, sizeof *f + n);
    if (!f) {
        SDL_OutOfMemory();
        return NULL;
    }
    memcpy(f->path, path, n);
    f->px = px;
    f->generation = 1;
    return f;
}

void font_close(struct ui_font *f)
{
    if (!f)
        return;
    if (f->ttf) {
        TTF_CloseFont(f->ttf);
        file_put(f);
    }
    SDL_FreeSurface(f->atlas);
    free(f);
}

/* The face, opened at the first call; NULL when it cannot be (f->failed, once). */
static TTF_Font *font_face(struct ui_font *f)
{
    if (f->ttf || f->failed)
        return f->ttf;
    struct font_file *file = file_get(f->path);
    SDL_RWops *rw = file ? SDL_RWFromConstMem(file->data, (int)file->size) : NULL;
    TTF_Font *ttf = rw ? TTF_OpenFontRW(rw, 1, f->px) : NULL;
    if (!ttf) {
        /* the file was there at font_open: guesses keep the layout going, and nothing is drawn */
        if (file)
            file_put(f);
        f->failed = 1;
        f->face_height = f->px + f->px / 6;
        f->face_ascent = f->px;
        return NULL;
    }
    /* light hinting keeps the shapes of the letters at small sizes without the blocky look */
    TTF_SetFontHinting(ttf, TTF_HINTING_LIGHT);
    if (f->style)
        TTF_SetFontStyle(ttf, f->style);
    f->ttf = ttf;
    f->face_ascent = TTF_FontAscent(ttf);
    f->face_height = TTF_FontHeight(ttf);
    return ttf;
}

void font_set_style(struct ui_font *f, int style)
{
    f->style = style;
    if (f->ttf)
        TTF_SetFontStyle(f->ttf, style);
}

int font_height(struct ui_font *f)
{
    font_face(f);
    return f->face_height;
}

int font_ascent(struct ui_font *f)
{
    font_face(f);
    return f->face_ascent;
}

/* ---- glyphs ------------------------------------------------------------------------------------- */

static font_glyph *lookup(struct ui_font *f, uint32_t cp)
{
    uint32_t h = (cp * 2654435761u) & (FONT_GLYPHS - 1);
    for (int probe = 0; probe < FONT_GLYPHS; probe++) {
        font_glyph *g = &f->glyphs[(h + (uint32_t)probe) & (FONT_GLYPHS - 1)];
        if (g->cp == cp)
            return g;
        if (g->cp == 0) {
            TTF_Font *ttf = font_face(f);
            int minx, maxx, miny, maxy, adv;
            if (ttf && cp != 0xfffd && !TTF_GlyphIsProvided32(ttf, cp))
                return lookup(f, 0xfffd);
            if (!ttf || TTF_GlyphMetrics32(ttf, cp, &minx, &maxx, &miny, &maxy, &adv) < 0)
                minx = 0, adv = f->px / 2;
            g->cp = cp;
            g->advance = (float)adv;
            g->xoff = minx < 0 ? minx : 0;
            return g;
        }
    }
    /* the table is full (over a thousand distinct characters): start again */
    memset(f->glyphs, 0, sizeof f->glyphs);
    return lookup(f, cp);
}

float font_advance(struct ui_font *f, uint32_t cp)
{
    return lookup(f, cp)->advance;
}

float font_kerning(struct ui_font *f, uint32_t a, uint32_t b)
{
    /* kerning matters for pairs like "Te" or "AV"; skip the call for the common case of spaces */
    if (a == ' ' || b == ' ' || !font_face(f))
        return 0;
    return (float)TTF_GetFontKerningSizeGlyphs32(f->ttf, a, b);
}

/* Starts the atlas over when it is full at its largest: glyphs rasterise again as they are drawn. */
static void atlas_reset(struct ui_font *f)
{
    for (int i = 0; i < FONT_GLYPHS; i++)
        f->glyphs[i].rasterised = 0;
    SDL_FillRect(f->atlas, NULL, 0);
    f->pen_x = f->pen_y = f->shelf_h = 0;
    f->generation++;
}

/* The atlas at side pixels a side, the glyphs already in it kept where they are (top left); the
 * first one about what a page's glyphs need: some 80 cells of px × 1.2 px. 0, or -1 when out of
 * memory (the atlas stays as it was). */
static int atlas_grow(struct ui_font *f, int side)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, side, side, 32, SDL_PIXELFORMAT_RGBA32);
    if (!s)
        return -1;
    SDL_FillRect(s, NULL, 0);
    if (f->atlas) {
        SDL_SetSurfaceBlendMode(f->atlas, SDL_BLENDMODE_NONE);
        SDL_BlitSurface(f->atlas, NULL, s, NULL);
        SDL_FreeSurface(f->atlas);
    }
    f->atlas = s;
    f->generation++;
    return 0;
}

static int first_side(int px)
{
    int side = 128;
    while (side < px * 10 && side < FONT_ATLAS)
        side *= 2;
    return side;
}

/* Room for a w×h glyph at the pen: a new shelf when the line is full, a larger atlas when the
 * page is, and at FONT_ATLAS a fresh one (the glyphs drawn before rasterise again). 0, or -1 when
 * the glyph cannot be placed. */
static int atlas_room(struct ui_font *f, int w, int h)
{
    if (!f->atlas && atlas_grow(f, first_side(f->px)) < 0)
        return -1;
    for (;;) {
        int side = f->atlas->w;
        if (f->pen_x + w + 1 > side) {
            f->pen_x = 0;
            f->pen_y += f->shelf_h + 1;
            f->shelf_h = 0;
        }
        if (f->pen_y + h <= side && w <= side)
            return 0;
        if (side >= FONT_ATLAS) {
            if (w > side || h > side)
                return -1;
            atlas_reset(f);
            return 0;
        }
        if (atlas_grow(f, side * 2) < 0)
            return -1;
    }
}

const font_glyph *font_glyph_raster(struct ui_font *f, uint32_t cp)
{
    font_glyph *g = lookup(f, cp);
    if (g->rasterised)
        return g;
    g->rasterised = 1;
    g->w = g->h = 0;
    if (g->cp == ' ' || g->cp == '\t' || !font_face(f))
        return g;
    SDL_Surface *s = TTF_RenderGlyph32_Blended(f->ttf, g->cp, (SDL_Color){ 255, 255, 255, 255 });
    if (!s)
        return g;
    if (atlas_room(f, s->w, s->h) < 0) {
        SDL_FreeSurface(s);
        return g;
    }
    g->rasterised = 1; /* atlas_room may have started the atlas over */
    SDL_Rect dst = { f->pen_x, f->pen_y, s->w, s->h };
    /* a plain copy (no blending) keeps the glyph's own alpha as coverage */
    SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_NONE);
    SDL_BlitSurface(s, NULL, f->atlas, &dst);
    g->ax = f->pen_x;
    g->ay = f->pen_y;
    g->w = s->w;
    g->h = s->h;
    f->pen_x += s->w + 1;
    if (s->h > f->shelf_h)
        f->shelf_h = s->h;
    f->generation++;
    SDL_FreeSurface(s);
    return g;
}

/* ---- runs --------------------------------------------------------------------------------------- */

font_run font_run_start(struct ui_font *f, const char *s, int len, float x)
{
    return (font_run){ .f = f, .s = s, .len = len, .pen = x };
}

int font_run_next(font_run *r)
{
    if (r->i >= r->len)
        return 0;
    uint32_t cp;
    r->i += font_utf8_next(r->s + r->i, r->len - r->i, &cp);
    if (r->prev)
        r->pen += font_kerning(r->f, r->prev, cp);
    r->prev = cp;
    r->glyph = font_glyph_raster(r->f, cp);
    r->x = r->pen;
    r->pen += r->glyph->advance;
    return 1;
}
