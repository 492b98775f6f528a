/* font.c — fonts: SDL_ttf faces, their metrics, and a glyph atlas filled on demand. */
#include "font.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <string.h>

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

struct ui_font *font_open(const char *path, int px)
{
    struct ui_font *f = calloc(1, sizeof *f);
    if (!f) {
        SDL_OutOfMemory();
        return NULL;
    }
    TTF_Font *ttf = TTF_OpenFont(path, px);
    if (!ttf) {
        free(f);
        return NULL;
    }
    /* light hinting keeps the shapes of the letters at small sizes without the blocky look */
    TTF_SetFontHinting(ttf, TTF_HINTING_LIGHT);
    f->ttf = ttf;
    f->px = px;
    f->ascent = TTF_FontAscent(ttf);
    f->height = TTF_FontHeight(ttf);
    f->atlas = SDL_CreateRGBSurfaceWithFormat(0, FONT_ATLAS, FONT_ATLAS, 32, SDL_PIXELFORMAT_RGBA32);
    if (!f->atlas) {
        TTF_CloseFont(ttf);
        free(f);
        return NULL;
    }
    SDL_FillRect(f->atlas, NULL, 0);
    f->generation = 1;
    return f;
}

void font_close(struct ui_font *f)
{
    if (!f)
        return;
    TTF_CloseFont(f->ttf);
    SDL_FreeSurface(f->atlas);
    free(f);
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
            TTF_Font *ttf = f->ttf;
            int minx, maxx, miny, maxy, adv;
            if (cp != 0xfffd && !TTF_GlyphIsProvided32(ttf, cp))
                return lookup(f, 0xfffd);
            if (TTF_GlyphMetrics32(ttf, cp, &minx, &maxx, &miny, &maxy, &adv) < 0)
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
    if (a == ' ' || b == ' ')
        return 0;
    return (float)TTF_GetFontKerningSizeGlyphs32(f->ttf, a, b);
}

/* Starts the atlas over when it is full: glyphs rasterise again as they are drawn. */
static void atlas_reset(struct ui_font *f)
{
    for (int i = 0; i < FONT_GLYPHS; i++)
        f->glyphs[i].rasterised = 0;
    SDL_FillRect(f->atlas, NULL, 0);
    f->pen_x = f->pen_y = f->shelf_h = 0;
    f->generation++;
}

const font_glyph *font_glyph_raster(struct ui_font *f, uint32_t cp)
{
    font_glyph *g = lookup(f, cp);
    if (g->rasterised)
        return g;
    g->rasterised = 1;
    g->w = g->h = 0;
    if (g->cp == ' ' || g->cp == '\t')
        return g;
    SDL_Surface *s = TTF_RenderGlyph32_Blended(f->ttf, g->cp, (SDL_Color){ 255, 255, 255, 255 });
    if (!s)
        return g;
    if (s->w > FONT_ATLAS || s->h > FONT_ATLAS) {
        SDL_FreeSurface(s);
        return g;
    }
    if (f->pen_x + s->w + 1 > FONT_ATLAS) {
        f->pen_x = 0;
        f->pen_y += f->shelf_h + 1;
        f->shelf_h = 0;
    }
    if (f->pen_y + s->h > FONT_ATLAS) {
        atlas_reset(f);
        g->rasterised = 1;
    }
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
