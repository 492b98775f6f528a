/* scene_compare_data.c — the compare scene's first tab, Data: a typed path, the drop zone, the
 * workbench's built-in tables and the recent files; each opens a table (compare_open_source). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang.h"
#include "scene_compare.h"


/* The drop zone dz: a dashed frame around the invitation to drop a file (app_take_file takes it,
 * in the frame). */
static void draw_drop_zone(ui_context *ui, ui_rect dz)
{
    const ui_theme *th = &ui->theme;
    float dash = ui_px(ui, 6);
    ui_color dc = ui_alpha(th->accent, 0.7f);
    for (float x = dz.x; x < dz.x + dz.w; x += 2 * dash) {
        float x1 = fminf(x + dash, dz.x + dz.w);
        ui_fill_rect(ui, (ui_rect){ x, dz.y, x1 - x, 1.5f }, dc);
        ui_fill_rect(ui, (ui_rect){ x, dz.y + dz.h - 1.5f, x1 - x, 1.5f }, dc);
    }
    for (float y = dz.y; y < dz.y + dz.h; y += 2 * dash) {
        float y1 = fminf(y + dash, dz.y + dz.h);
        ui_fill_rect(ui, (ui_rect){ dz.x, y, 1.5f, y1 - y }, dc);
        ui_fill_rect(ui, (ui_rect){ dz.x + dz.w - 1.5f, y, 1.5f, y1 - y }, dc);
    }
    ui_fill_rect(ui, ui_rect_inset(dz, 3), ui_alpha(th->accent_dim, 0.35f));
    scene_fit_text(ui, UI_FONT_BOLD, ui_rect_inset(dz, ui_px(ui, 8)), UI_CENTER, th->accent, 3,
                   (const char *const[]){ TR("Déposez un fichier CSV sur la fenêtre : il s'ouvre aussitôt",
                                             "Drop a CSV file on the window: it opens at once"),
                                          TR("Déposez un CSV sur la fenêtre", "Drop a CSV on the window"),
                                          TR("Déposez un CSV ici", "Drop a CSV here") });
}

/* Recent file i as a button in r: its name in bold, then its folder, dimmed when the file is
 * gone. Returns 1 when a click opened it (the list changed order: stop drawing it). */
static int draw_recent_entry(compare_state *s, app *a, int i, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    const char *p = s->recent.path[i], *base = strrchr(p, '/');
    base = base ? base + 1 : p;
    ui_id id = ui_get_id_int(ui, "recent", i);
    int ok = s->recent.exists[i];
    if (ok && ui_interact(ui, id, r)) {
        char path[RECENT_PATH_MAX];
        snprintf(path, sizeof path, "%s", p);
        compare_open_source(s, a, path, 1);
        return 1;
    }
    ui_fill_round_rect(ui, r, ui_px(ui, th->radius), ui->hot == id && ok ? th->button_hover : th->button);
    ui_rect t = { r.x + ui_px(ui, 6), r.y, r.w - ui_px(ui, 12), r.h }; /* clipped at the sides only */
    ui_push_clip(ui, t);
    float lh = ui_line_height(ui, UI_FONT_BODY);
    float x = ui_draw_text(ui, UI_FONT_BOLD, base, -1, t.x, r.y + (r.h - lh) / 2,
                           ok ? th->text : ui_alpha(th->text_dim, 0.6f));
    char dir[RECENT_PATH_MAX + 32];
    snprintf(dir, sizeof dir, "  %.*s%s", (int)(base - p), p, ok ? "" : TR(" (introuvable)", " (missing)"));
    ui_draw_text(ui, UI_FONT_SMALL, dir, -1, t.x + x, r.y + (r.h - ui_line_height(ui, UI_FONT_SMALL)) / 2,
                 ui_alpha(th->text_dim, ok ? 1 : 0.6f));
    ui_pop_clip(ui);
    ui_tooltip(ui, r, p);
    return 0;
}

/* The recent files in rest, as many as fit: two columns when one does not hold them all. */
static void draw_recent(compare_state *s, app *a, ui_rect rest)
{
    ui_context *ui = a->ui;
    float rh = ui_px(ui, 28);
    int fit = (int)(rest.h / rh);
    int cols = s->recent.n > fit && rest.w > ui_px(ui, 400) ? 2 : 1;
    float cw = rest.w / (float)cols;
    for (int i = 0; i < s->recent.n && i < fit * cols; i++) {
        ui_rect r = { rest.x + cw * (float)(i / fit), rest.y + rh * (float)(i % fit), cw - ui_px(ui, 4),
                      rh - ui_px(ui, 3) };
        if (draw_recent_entry(s, a, i, r))
            break;
    }
}

/* A path to type, the drop zone, the built-in tables and the recent files: each opens a table. */
void compare_tab_data(compare_state *s, app *a, ui_rect area)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    ui_rect in = app_panel(ui, area, TR("Ouvrir un tableau", "Open a table"));
    ui_layout_begin(ui, in);
    float w2[2] = { -1, 110 };
    ui_row(ui, 2, w2, 0);
    int go = ui_text_field(ui, "##path", s->path, (int)sizeof s->path,
                           TR("chemin d'un fichier CSV, ex. /home/moi/heart.csv",
                              "path of a CSV file, e.g. /home/me/heart.csv"));
    go |= ui_button_ex(ui, TR("Ouvrir", "Open"), 1, s->path[0] != 0);
    if (go && s->path[0])
        compare_open_source(s, a, s->path, 1);
    ui_space(ui, 4);
    ui_row(ui, 1, NULL, 54);
    draw_drop_zone(ui, ui_next(ui));
    ui_space(ui, 4);
    ui_row(ui, 1, NULL, 22);
    ui_label_font(ui, UI_FONT_BOLD, TR("Tableaux de l'atelier", "The workbench's tables"), th->text);
    ui_row(ui, 4, NULL, 0);
    for (int i = 0; i < 4; i++)
        if (ui_button(ui, lesson_tables[i]))
            compare_open_source(s, a, lesson_tables[i], 1);
    ui_space(ui, 4);
    ui_row(ui, 1, NULL, 22);
    ui_label_font(ui, UI_FONT_BOLD, TR("Fichiers récents", "Recent files"), th->text);
    if (s->recent.n == 0)
        ui_label_font(ui, UI_FONT_BODY, TR("Aucun pour l'instant.", "None yet."), th->text_dim);
    draw_recent(s, a, ui_rest(ui));
    ui_layout_end(ui);
}
