/* window_events.c — SDL's events turned into the frame's input and the app's keys: the mouse, typed
 * and pasted text, files dropped on the window, the desk's keys and demo mode's. */
#include <SDL.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "app_run.h"
#include "demo.h"
#include "window.h"

/* Demo mode's keys, as presenter remotes send them; 0 for a key it leaves to the desk's. Any key
 * stops the autoplay. */
static int demo_sdl_key(demo *d, app *a, SDL_Keycode k)
{
    demo_key dk;
    if (k == SDLK_PAGEDOWN || k == SDLK_SPACE)
        dk = DEMO_KEY_NEXT;
    else if (k == SDLK_PAGEUP)
        dk = DEMO_KEY_PREV;
    else if (k == SDLK_RIGHT || k == SDLK_DOWN)
        dk = k == SDLK_RIGHT ? DEMO_KEY_RIGHT : DEMO_KEY_DOWN; /* as Page Down, or through the spotlight */
    else if (k == SDLK_LEFT || k == SDLK_UP)
        dk = k == SDLK_LEFT ? DEMO_KEY_LEFT : DEMO_KEY_UP;
    else if (k == SDLK_ESCAPE)
        dk = DEMO_KEY_ESCAPE; /* closes the spotlight; quits otherwise */
    else if (k == SDLK_b || k == SDLK_PERIOD)
        dk = DEMO_KEY_BLANK;
    else if (k == SDLK_z)
        dk = DEMO_KEY_SPOTLIGHT;
    else if (k == SDLK_s)
        dk = DEMO_KEY_PRESENTER;
    else if (k == SDLK_p || k == SDLK_RETURN || k == SDLK_KP_ENTER)
        dk = DEMO_KEY_PLAY;
    else if (k >= SDLK_1 && k <= SDLK_9)
        dk = (demo_key)(DEMO_KEY_LESSON_1 + (k - SDLK_1));
    else if (k == SDLK_0)
        dk = (demo_key)(DEMO_KEY_LESSON_1 + 9);
    else if (d->autoplaying)
        dk = DEMO_KEY_NEXT; /* stops the autoplay and nothing else */
    else
        return 0;
    return demo_key_pressed(d, a, dk);
}

/* The path of a file:// address's rest, decoded in place ("/home/x/mes%20donn%C3%A9es.csv"). */
static char *uri_path(char *s)
{
    char *out = s;
    for (const char *p = s; *p; p++) {
        unsigned v;
        if (p[0] == '%' && p[1] && p[2] && sscanf(p + 1, "%2x", &v) == 1) {
            *out++ = (char)v;
            p += 2;
        } else
            *out++ = *p;
    }
    *out = 0;
    return s;
}

/* Adds text to the frame's typed text, as much as fits (the field cuts it at a whole character). */
static void append_text(ui_input *in, const char *text)
{
    size_t used = strlen(in->text);
    snprintf(in->text + used, sizeof in->text - used, "%s", text);
}

/* The editing key of an SDL key press (ui.h's enum ui_key), or UI_KEY_NONE. */
static int edit_key(SDL_Keysym ks)
{
    int ctrl = (ks.mod & KMOD_CTRL) != 0, shift = (ks.mod & KMOD_SHIFT) != 0;
    switch (ks.sym) {
    case SDLK_LEFT: return UI_KEY_LEFT;
    case SDLK_RIGHT: return UI_KEY_RIGHT;
    case SDLK_UP: return UI_KEY_UP;
    case SDLK_DOWN: return UI_KEY_DOWN;
    case SDLK_HOME: return UI_KEY_HOME;
    case SDLK_END: return UI_KEY_END;
    case SDLK_PAGEUP: return UI_KEY_PAGE_UP;
    case SDLK_PAGEDOWN: return UI_KEY_PAGE_DOWN;
    case SDLK_BACKSPACE: return UI_KEY_BACKSPACE;
    case SDLK_DELETE: return UI_KEY_DELETE;
    case SDLK_RETURN: case SDLK_KP_ENTER: return UI_KEY_ENTER;
    case SDLK_TAB: return UI_KEY_TAB;
    case SDLK_a: return ctrl ? UI_KEY_SELECT_ALL : UI_KEY_NONE;
    case SDLK_c: return ctrl ? UI_KEY_COPY : UI_KEY_NONE;
    case SDLK_x: return ctrl ? UI_KEY_CUT : UI_KEY_NONE;
    case SDLK_z: return ctrl ? (shift ? UI_KEY_REDO : UI_KEY_UNDO) : UI_KEY_NONE;
    case SDLK_y: return ctrl ? UI_KEY_REDO : UI_KEY_NONE;
    case SDLK_o: return ctrl ? UI_KEY_OPEN : UI_KEY_NONE;
    case SDLK_s: return ctrl ? UI_KEY_SAVE : UI_KEY_NONE;
    default: return UI_KEY_NONE;
    }
}

/* Queues an editing key for the widget that has the keyboard (the code editor), after the text
 * typed so far this frame. */
static void queue_edit_key(ui_input *in, SDL_Keysym ks)
{
    int key = edit_key(ks);
    if (key == UI_KEY_NONE || in->nkeys >= UI_MAX_KEYS)
        return;
    int mods = (ks.mod & KMOD_SHIFT ? UI_MOD_SHIFT : 0) | (ks.mod & KMOD_CTRL ? UI_MOD_CTRL : 0);
    in->keys[in->nkeys++] = (ui_key_press){ key, mods, (int)strlen(in->text) };
}

/* ui_context.set_clipboard: what the code editor copies goes to SDL's clipboard. */
static void set_clipboard(void *user, const char *text, int len)
{
    (void)user;
    char *s = SDL_malloc((size_t)len + 1);
    if (!s)
        return;
    memcpy(s, text, (size_t)len);
    s[len] = 0;
    SDL_SetClipboardText(s);
    SDL_free(s);
}

/* ui_context.open_url: SDL hands the address to the desktop's browser (xdg-open on Linux). */
static int open_url(void *user, const char *url)
{
    (void)user;
    return SDL_OpenURL(url) == 0 ? 0 : -1;
}

/* A frame's clicks, wheel, text and keys start afresh; the pointer and the held button carry over. */
static void clear_frame_input(ui_input *in)
{
    in->mouse_pressed = in->mouse_released = 0;
    in->right_pressed = in->right_released = 0;
    in->wheel = 0;
    in->text[0] = 0;
    in->key_backspace = in->key_enter = in->key_escape = 0;
    in->nkeys = 0;
}

/* The pointer, in drawable pixels, the left button and the wheel; 0 for an event of another kind. */
static int read_mouse(window *w, const SDL_Event *ev)
{
    ui_input *in = &w->in;
    switch (ev->type) {
    case SDL_MOUSEMOTION:
        w->last_motion = app_now_s();
        if (w->demo)
            SDL_ShowCursor(SDL_ENABLE);
        in->mouse_x = (float)ev->motion.x * w->ratio;
        in->mouse_y = (float)ev->motion.y * w->ratio;
        return 1;
    case SDL_MOUSEBUTTONDOWN:
        if (ev->button.button == SDL_BUTTON_LEFT) {
            in->mouse_down = 1;
            in->mouse_pressed = 1;
            in->mouse_x = (float)ev->button.x * w->ratio;
            in->mouse_y = (float)ev->button.y * w->ratio;
        } else if (ev->button.button == SDL_BUTTON_RIGHT) { /* a chart's menu */
            in->right_pressed = 1;
            in->mouse_x = (float)ev->button.x * w->ratio;
            in->mouse_y = (float)ev->button.y * w->ratio;
        }
        return 1;
    case SDL_MOUSEBUTTONUP:
        if (ev->button.button == SDL_BUTTON_LEFT) {
            in->mouse_down = 0;
            in->mouse_released = 1;
        } else if (ev->button.button == SDL_BUTTON_RIGHT)
            in->right_released = 1;
        return 1;
    case SDL_MOUSEWHEEL:
        in->wheel += ev->wheel.preciseY;
        return 1;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_LEAVE)
            in->mouse_x = in->mouse_y = -1000;
        return 1;
    default:
        return 0;
    }
}

/* A file from the file manager, or a path dragged as text: the comparison opens it. */
static void open_dropped(app *a, const SDL_DropEvent *drop)
{
    if (!drop->file)
        return;
    char *p = drop->file;
    p[strcspn(p, "\r\n")] = 0;
    if (drop->type == SDL_DROPTEXT && strncmp(p, "file://", 7) == 0)
        p = uri_path(p + 7);
    if (*p)
        app_open_file(a, p);
    SDL_free(drop->file);
}

/* A key pressed: quitting and pasting first, then demo mode's keys, then the field's or the list's
 * (ui_keys: one of them has the keyboard), then the desk's. */
static void read_key(window *w, app *a, SDL_Keysym ks, int ui_keys)
{
    ui_input *in = &w->in;
    SDL_Keycode k = ks.sym;
    int ctrl = (ks.mod & KMOD_CTRL) != 0;
    int shift = (ks.mod & KMOD_SHIFT) != 0;
    /* Ctrl+Shift+S saves the scene's model; Ctrl+O and Ctrl+S belong to the code panel wherever
     * the keyboard is */
    if (ctrl && shift && k == SDLK_s) {
        app_key_pressed(a, APP_KEY_SAVE_MODEL);
        return;
    }
    if (ui_keys || (ctrl && (k == SDLK_o || k == SDLK_s)))
        queue_edit_key(in, ks);
    if (k == SDLK_q && ctrl)
        a->quit = 1;
    else if (k == SDLK_v && ctrl) {
        /* students paste the paths of their files */
        char *clip = SDL_HasClipboardText() ? SDL_GetClipboardText() : NULL;
        if (clip)
            append_text(in, clip);
        SDL_free(clip);
    } else if (w->demo && !ui_keys && demo_sdl_key(w->demo, a, k))
        return;
    else if (k == SDLK_F11)
        app_key_typed(a, APP_KEY_FULLSCREEN);
    else if (k == SDLK_BACKSPACE)
        in->key_backspace = 1;
    else if (k == SDLK_RETURN || k == SDLK_KP_ENTER)
        in->key_enter = 1;
    else if (k == SDLK_ESCAPE) {
        if (ui_keys) {
            in->key_escape = 1;
            a->ui->open_popup = 0;
        } else
            a->quit = 1;
    } else if (ui_keys)
        return;
    else if (k == SDLK_SPACE)
        app_key_typed(a, APP_KEY_PLAY);
    else if (k == SDLK_RIGHT || k == SDLK_PAGEDOWN)
        app_key_typed(a, APP_KEY_NEXT);
    else if (k == SDLK_LEFT || k == SDLK_PAGEUP)
        app_key_typed(a, APP_KEY_PREV);
    else if (k == SDLK_DOWN)
        app_key_typed(a, APP_KEY_NEXT_LESSON);
    else if (k == SDLK_UP)
        app_key_typed(a, APP_KEY_PREV_LESSON);
}

static void read_event(window *w, app *a, SDL_Event *ev)
{
    ui_context *ui = a->ui;
    /* typing into a field, an open list and the error dialog take the keys first */
    int ui_keys = ui_text_focused(ui) || ui->open_popup != 0 || a->error[0] != 0;
    if (read_mouse(w, ev))
        return;
    switch (ev->type) {
    case SDL_QUIT:
        a->quit = 1;
        break;
    case SDL_TEXTINPUT:
        append_text(&w->in, ev->text.text);
        break;
    case SDL_DROPFILE:
    case SDL_DROPTEXT:
        open_dropped(a, &ev->drop);
        break;
    case SDL_KEYDOWN:
        read_key(w, a, ev->key.keysym, ui_keys);
        break;
    default:
        break;
    }
}

/* Reads the events of one frame into w->in and the app; returns 1 when something happened. */
int window_events(window *w, app *a, int wait_ms)
{
    clear_frame_input(&w->in);
    a->ui->set_clipboard = set_clipboard;
    a->ui->open_url = open_url;
    int any = 0;
    SDL_Event ev;
    int have = wait_ms > 0 ? SDL_WaitEventTimeout(&ev, wait_ms) : SDL_PollEvent(&ev);
    for (; have; have = SDL_PollEvent(&ev)) {
        any = 1;
        read_event(w, a, &ev);
    }
    return any;
}
