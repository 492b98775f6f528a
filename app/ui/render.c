/* render.c — the command list on an SDL_Renderer: triangles, text from the glyph atlases, images. */
#include "render.h"

#include <SDL.h>
#include <math.h>
#include <stdlib.h>

#include "font.h"

enum { IMAGE_SLOTS = 96 };

typedef struct image_slot {
    const ui_image *key;     /* the scene's image this texture shows */
    uint32_t version;
    int w, h, smooth;
    SDL_Texture *tex;
    unsigned last_used;      /* frame number, to reuse the oldest slot */
} image_slot;

struct render_state {
    SDL_Renderer *r;
    SDL_Texture *font_tex[UI_FONT_COUNT];
    const ui_font *font_of[UI_FONT_COUNT];
    uint32_t font_gen[UI_FONT_COUNT];
    int font_side[UI_FONT_COUNT];   /* the texture's side: the atlas's when it was made */
    image_slot images[IMAGE_SLOTS];
    SDL_Vertex *scratch;     /* vertices converted for SDL, and text quads */
    int cap;
    unsigned frame;
    SDL_BlendMode blend;     /* the draw blend mode set last */
};

render_state *render_create(SDL_Renderer *r)
{
    render_state *rs = calloc(1, sizeof *rs);
    if (!rs) {
        SDL_OutOfMemory();
        return NULL;
    }
    rs->r = r;
    rs->cap = 1 << 16;
    rs->scratch = malloc((size_t)rs->cap * sizeof *rs->scratch);
    if (!rs->scratch) {
        free(rs);
        SDL_OutOfMemory();
        return NULL;
    }
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    return rs;
}

void render_free(render_state *rs)
{
    if (!rs)
        return;
    for (int i = 0; i < UI_FONT_COUNT; i++)
        if (rs->font_tex[i])
            SDL_DestroyTexture(rs->font_tex[i]);
    for (int i = 0; i < IMAGE_SLOTS; i++)
        if (rs->images[i].tex)
            SDL_DestroyTexture(rs->images[i].tex);
    free(rs->scratch);
    free(rs);
}

/* ---- textures ----------------------------------------------------------------------------------- */

static SDL_Texture *font_texture(render_state *rs, ui_font *f, int slot)
{
    if (!f || !f->atlas)
        return NULL;
    /* another font, or its atlas grew: a texture of the new size */
    if ((rs->font_of[slot] != f || rs->font_side[slot] != f->atlas->w) && rs->font_tex[slot]) {
        SDL_DestroyTexture(rs->font_tex[slot]);
        rs->font_tex[slot] = NULL;
    }
    if (!rs->font_tex[slot]) {
        rs->font_tex[slot] = SDL_CreateTexture(rs->r, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC,
                                               f->atlas->w, f->atlas->h);
        if (!rs->font_tex[slot])
            return NULL;
        SDL_SetTextureBlendMode(rs->font_tex[slot], SDL_BLENDMODE_BLEND);
        rs->font_of[slot] = f;
        rs->font_side[slot] = f->atlas->w;
        rs->font_gen[slot] = 0;
    }
    if (rs->font_gen[slot] != f->generation) {
        SDL_UpdateTexture(rs->font_tex[slot], NULL, f->atlas->pixels, f->atlas->pitch);
        rs->font_gen[slot] = f->generation;
    }
    return rs->font_tex[slot];
}

static SDL_Texture *image_texture(render_state *rs, const ui_image *img)
{
    image_slot *slot = NULL, *oldest = &rs->images[0];
    for (int i = 0; i < IMAGE_SLOTS; i++) {
        image_slot *s = &rs->images[i];
        if (s->key == img && s->w == img->w && s->h == img->h && s->smooth == img->smooth && s->tex) {
            slot = s;
            break;
        }
        if (s->last_used < oldest->last_used)
            oldest = s;
    }
    if (!slot) {
        slot = oldest;
        if (slot->tex)
            SDL_DestroyTexture(slot->tex);
        *slot = (image_slot){ .key = img, .w = img->w, .h = img->h, .smooth = img->smooth };
        slot->tex =
            SDL_CreateTexture(rs->r, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, img->w, img->h);
        if (!slot->tex)
            return NULL;
        SDL_SetTextureBlendMode(slot->tex, SDL_BLENDMODE_BLEND);
        SDL_SetTextureScaleMode(slot->tex, img->smooth ? SDL_ScaleModeLinear : SDL_ScaleModeNearest);
        slot->version = img->version - 1;
    }
    if (slot->version != img->version) {
        SDL_UpdateTexture(slot->tex, NULL, img->rgba, img->w * 4);
        slot->version = img->version;
    }
    slot->last_used = rs->frame;
    return slot->tex;
}

/* ---- replay ------------------------------------------------------------------------------------- */

static SDL_Color sdl_color(ui_color c)
{
    return (SDL_Color){ c.r, c.g, c.b, c.a };
}

static void draw_tris(render_state *rs, const ui_vertex *v, int n)
{
    while (n > 0) {
        int chunk = n < rs->cap ? n : rs->cap - rs->cap % 3;
        for (int i = 0; i < chunk; i++)
            rs->scratch[i] = (SDL_Vertex){ { v[i].x, v[i].y }, sdl_color(v[i].c), { v[i].u, v[i].v } };
        SDL_RenderGeometry(rs->r, NULL, rs->scratch, chunk, NULL, 0);
        v += chunk;
        n -= chunk;
    }
}

/* Quads for one run of text, appended at scratch[*n]; flushed when the scratch is full. Texture
 * coordinates are in the atlas's size of the run's start (*side): when a glyph rasterised here
 * grows it, the caller builds the quads again. */
static void text_quads(render_state *rs, ui_context *ui, const ui_cmd *c, int *n, int *side)
{
    ui_font *f = ui->fonts[c->font];
    float y = c->rect.y;
    SDL_Color col = sdl_color(c->color);
    for (font_run r = font_run_start(f, ui->text + c->first, c->count, c->rect.x); font_run_next(&r);) {
        const font_glyph *g = r.glyph;
        if (g->w <= 0)
            continue;
        if (!*side)
            *side = f->atlas->w; /* the first glyph drawn makes the atlas */
        const float inv = 1.0f / (float)*side;
        if (*n + 6 > rs->cap) {
            SDL_Texture *tex = font_texture(rs, f, c->font);
            if (tex)
                SDL_RenderGeometry(rs->r, tex, rs->scratch, *n, NULL, 0);
            *n = 0;
        }
        float x0 = roundf(r.x) + (float)g->xoff, y0 = y, x1 = x0 + (float)g->w, y1 = y0 + (float)g->h;
        float u0 = (float)g->ax * inv, v0 = (float)g->ay * inv;
        float u1 = (float)(g->ax + g->w) * inv, v1 = (float)(g->ay + g->h) * inv;
        SDL_Vertex *q = rs->scratch + *n;
        q[0] = (SDL_Vertex){ { x0, y0 }, col, { u0, v0 } };
        q[1] = (SDL_Vertex){ { x1, y0 }, col, { u1, v0 } };
        q[2] = (SDL_Vertex){ { x1, y1 }, col, { u1, v1 } };
        q[3] = q[0];
        q[4] = q[2];
        q[5] = (SDL_Vertex){ { x0, y1 }, col, { u0, v1 } };
        *n += 6;
    }
}

static void set_clip(render_state *rs, ui_rect r)
{
    int x0 = (int)floorf(r.x), y0 = (int)floorf(r.y);
    int x1 = (int)ceilf(r.x + r.w), y1 = (int)ceilf(r.y + r.h);
    SDL_Rect rect = { x0, y0, x1 - x0 > 0 ? x1 - x0 : 0, y1 - y0 > 0 ? y1 - y0 : 0 };
    SDL_RenderSetClipRect(rs->r, &rect);
}

static void replay(render_state *rs, ui_context *ui, int layer)
{
    const ui_cmd *cmds = ui->cmds[layer];
    int n = ui->ncmds[layer];
    for (int i = 0; i < n; i++) {
        const ui_cmd *c = &cmds[i];
        switch (c->kind) {
        case UI_CMD_CLIP:
            set_clip(rs, c->rect);
            break;
        case UI_CMD_RECT: {
            /* opaque rectangles need no blending: the software renderer then fills them with
             * plain stores */
            SDL_BlendMode mode = c->color.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND;
            if (mode != rs->blend) {
                SDL_SetRenderDrawBlendMode(rs->r, mode);
                rs->blend = mode;
            }
            SDL_SetRenderDrawColor(rs->r, c->color.r, c->color.g, c->color.b, c->color.a);
            SDL_FRect fr = { c->rect.x, c->rect.y, c->rect.w, c->rect.h };
            SDL_RenderFillRectF(rs->r, &fr);
            break;
        }
        case UI_CMD_TRIS:
        case UI_CMD_DISC:
        case UI_CMD_LINE: {
            if (rs->blend != SDL_BLENDMODE_BLEND) {
                SDL_SetRenderDrawBlendMode(rs->r, SDL_BLENDMODE_BLEND);
                rs->blend = SDL_BLENDMODE_BLEND;
            }
            /* a disc or a line is triangles here: those that follow one another in the vertex buffer go
             * in one draw call */
            int count = c->count;
            for (; i + 1 < n &&
                   (cmds[i + 1].kind == UI_CMD_TRIS || cmds[i + 1].kind == UI_CMD_DISC || cmds[i + 1].kind == UI_CMD_LINE) &&
                   cmds[i + 1].first == c->first + count;
                 i++)
                count += cmds[i + 1].count;
            draw_tris(rs, ui->verts + c->first, count);
            break;
        }
        case UI_CMD_IMAGE: {
            SDL_Texture *tex = image_texture(rs, c->image);
            SDL_FRect dst = { c->rect.x, c->rect.y, c->rect.w, c->rect.h };
            if (tex)
                SDL_RenderCopyF(rs->r, tex, NULL, &dst);
            break;
        }
        case UI_CMD_TEXT: {
            /* the glyphs of consecutive runs in one font go in one draw call; rasterising a new
             * glyph changes the atlas, so quads are built before the texture is brought up to date */
            int font = c->font, nv = 0, first = i;
            ui_font *f = ui->fonts[font];
            int side = f && f->atlas ? f->atlas->w : 0;
            for (; i < n && cmds[i].kind == UI_CMD_TEXT && cmds[i].font == font; i++)
                text_quads(rs, ui, &cmds[i], &nv, &side);
            if (f && f->atlas && side != f->atlas->w) {
                /* the atlas grew under these quads: once more, every glyph now in place */
                nv = 0, side = f->atlas->w;
                for (i = first; i < n && cmds[i].kind == UI_CMD_TEXT && cmds[i].font == font; i++)
                    text_quads(rs, ui, &cmds[i], &nv, &side);
            }
            i--;
            SDL_Texture *tex = font_texture(rs, ui->fonts[font], font);
            if (tex && nv)
                SDL_RenderGeometry(rs->r, tex, rs->scratch, nv, NULL, 0);
            break;
        }
        }
    }
}

void render_frame(render_state *rs, ui_context *ui)
{
    rs->frame++;
    ui_color bg = ui->theme.bg;
    SDL_RenderSetClipRect(rs->r, NULL);
    SDL_SetRenderDrawColor(rs->r, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(rs->r);
    SDL_SetRenderDrawBlendMode(rs->r, SDL_BLENDMODE_BLEND);
    rs->blend = SDL_BLENDMODE_BLEND;
    for (int l = 0; l < UI_LAYERS; l++)
        replay(rs, ui, l);
    SDL_RenderSetClipRect(rs->r, NULL);
}
