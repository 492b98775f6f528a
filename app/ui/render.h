/* render.h — replays the widget layer's command list on an SDL_Renderer.
 *
 * The same code draws into a window (an accelerated renderer when there is one) and into memory
 * (SDL's software renderer over a surface) for screenshots and tests, so what the tests check is
 * what the student sees. Textures for the font atlases and for scene images are created here and
 * cached; the scenes never see SDL.
 */
#ifndef NEURONE_RENDER_H
#define NEURONE_RENDER_H

#include "ui.h"

typedef struct SDL_Renderer SDL_Renderer;
typedef struct render_state render_state;

/* NULL on failure, with SDL_GetError() saying why. */
render_state *render_create(SDL_Renderer *r);
void render_free(render_state *rs);
/* Clears to the theme's background and replays both layers (does not present). */
void render_frame(render_state *rs, ui_context *ui);

#endif
