/* font.h — TrueType fonts for the widget layer: metrics for layout, and a glyph atlas for drawing.
 *
 * Each font (one face at one pixel size) keeps an atlas: a square RGBA surface where glyphs are
 * rasterised by SDL_ttf the first time they are drawn, white on transparent, so that one texture
 * draws any text in any colour. The renderer uploads the atlas when `generation` changes.
 * Glyph lookups go through a small open-addressing table.
 *
 * Everything is made when first used, so that opening the window costs little: the face is read
 * at the first measure (a page uses four or five of the eight fonts), and the atlas starts at the
 * first glyph drawn, about the size a page's glyphs need, doubling (its glyphs kept in place) up
 * to FONT_ATLAS pixels a side, where a full atlas starts over. A 1024² surface costs tens of
 * milliseconds to allocate and clear; eight of them were most of the start-up.
 */
#ifndef NEURONE_FONT_H
#define NEURONE_FONT_H

#include <stdint.h>

typedef struct SDL_Surface SDL_Surface;

typedef struct font_glyph {
    uint32_t cp;          /* code point; 0 = empty slot */
    float advance;
    int xoff;             /* where the bitmap starts relative to the pen (negative overhang) */
    int ax, ay, w, h;     /* in the atlas; w 0 = not rasterised yet (or nothing to draw) */
    int rasterised;
} font_glyph;

enum { FONT_ATLAS = 1024, FONT_GLYPHS = 1024 };

struct ui_font {
    void *ttf;            /* TTF_Font; NULL until font_face opens it */
    int px;               /* requested size in pixels */
    int style;            /* TTF_STYLE_* given to the face when it opens */
    int failed;           /* the face could not be opened: measures are guesses, nothing is drawn */
    int face_ascent, face_height; /* pixels, once the face is open: read font_ascent, font_height */
    SDL_Surface *atlas;   /* NULL until the first glyph drawn; side FONT_ATLAS at most */
    int pen_x, pen_y, shelf_h;
    uint32_t generation;  /* grows whenever the atlas's pixels change */
    font_glyph glyphs[FONT_GLYPHS];
    char path[];          /* the file, read at the first use */
};

/* The font in the file at path, px pixels high; the file is read at its first use. NULL when the
 * file is not readable (or out of memory), with SDL_GetError() saying why. TTF_Init first. */
struct ui_font *font_open(const char *path, int px);
void font_close(struct ui_font *f);
/* TTF_STYLE_ITALIC and others, for the face when it opens (or at once when it is open). */
void font_set_style(struct ui_font *f, int style);
/* The face's line height and ascent in pixels (read from the file at the first call). */
int font_height(struct ui_font *f);
int font_ascent(struct ui_font *f);
/* The glyph for cp, rasterised into the atlas (for drawing); never NULL: a missing code point
 * gives the font's replacement glyph. */
const font_glyph *font_glyph_raster(struct ui_font *f, uint32_t cp);
/* Advance only (for measuring); does not rasterise. */
float font_advance(struct ui_font *f, uint32_t cp);
/* Kerning between two code points, in pixels. */
float font_kerning(struct ui_font *f, uint32_t a, uint32_t b);
/* A run of text, glyph after glyph with kerning, for the renderers:
 *   for (font_run r = font_run_start(f, s, n, x); font_run_next(&r);)  draw r.glyph at r.x
 * Glyphs are rasterised into the atlas as they come. */
typedef struct font_run {
    struct ui_font *f;
    const char *s;
    int len, i;
    float pen, x;          /* the pen; where the current glyph starts */
    uint32_t prev;
    const font_glyph *glyph;
} font_run;

font_run font_run_start(struct ui_font *f, const char *s, int len, float x);
int font_run_next(font_run *r);

/* Decodes one UTF-8 code point from s (at most len bytes); returns the bytes used (>= 1).
 * Invalid bytes decode as U+FFFD, one byte at a time. */
int font_utf8_next(const char *s, int len, uint32_t *cp);

#endif
