/* scene_compare_preview.c — the compare scene's second tab, Preview: the first rows with the
 * student's choice over them (target, features), the column kinds and missing cells, what the
 * loader did, the class balance and a feature's histogram per class. A change of the choice
 * loads the table again (compare_load). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "lang.h"
#include "plot.h"
#include "scene_compare.h"

/* Which feature the choice's change touches: the choice changed, the table loads again. */
static void choice_changed(compare_state *s, app *a)
{
    s->hist_feature = 0;
    compare_load(s, a);
}

/* The column shown k-th: the target first, then the others from the first shown, c0, on. */
static int shown_column(const compare_state *s, int c0, int k)
{
    if (k == 0)
        return s->st.choice.target;
    int c = c0 + k - 1;
    return c < s->st.choice.target ? c : c + 1;
}

/* Where the preview's grid goes in its rectangle: a column of row heads, then as many columns of
 * the table as fit, the target's first. */
typedef struct preview_grid {
    float lh;                    /* one line of small type and its spacing */
    float name_h;                /* the names' line: two lines of small type ("mean radius") */
    float head_w, colw;          /* the row heads' width, one column's */
    float bar_h;                 /* the scroll bar under the rows; 0 when every column fits */
    int fit, ncols, c0;          /* columns shown, in all, and the first shown after the target */
    int scrollable;
    float maxf;                  /* s->col_first goes from 0 to maxf */
} preview_grid;

/* The row heads: the rows' numbers, then target, feature, kind and missing. */
static const char *const *preview_heads(void)
{
    static const char *const heads[2][5] = { { "", "cible", "variable", "type", "manquent" },
                                             { "", "target", "feature", "kind", "missing" } };
    return heads[lang_current() == LANG_EN];
}

/* The grid for r; the wheel over the table scrolls it sideways (s->col_first, kept in range). */
static preview_grid layout_preview(compare_state *s, ui_context *ui, ui_rect r, const char *const *head)
{
    preview_grid g = { .lh = ui_line_height(ui, UI_FONT_SMALL) + ui_px(ui, 5) };
    for (int i = 1; i < 5; i++)
        g.head_w = fmaxf(g.head_w, ui_text_width(ui, UI_FONT_SMALL, head[i], -1) + ui_px(ui, 8));
    g.colw = fmaxf(ui_px(ui, 84), fminf(ui_px(ui, 120), (r.w - g.head_w) / 4));
    g.fit = (int)((r.w - g.head_w) / g.colw);
    g.fit = g.fit < 1 ? 1 : g.fit;
    g.ncols = s->st.columns;
    g.scrollable = g.ncols > g.fit;
    g.bar_h = g.scrollable ? ui_px(ui, 10) : 0;
    if (g.scrollable && ui_mouse_in(ui, r) && ui->in.wheel != 0) {
        s->col_first -= ui->in.wheel;
        ui->in.wheel = 0;
    }
    g.maxf = g.ncols > g.fit ? (float)(g.ncols - g.fit) : 0;
    s->col_first = s->col_first < 0 ? 0 : s->col_first > g.maxf ? g.maxf : s->col_first;
    g.c0 = (int)s->col_first;
    g.name_h = 2 * ui_line_height(ui, UI_FONT_SMALL) + ui_px(ui, 4);
    return g;
}

/* The target's radio button in column c's cell cr: one target; a click loads the table again. */
static void draw_target_radio(compare_state *s, app *a, const preview_grid *g, int c, ui_rect cr)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    ui_id id = ui_get_id_int(ui, "target", c);
    float rad = ui_px(ui, 6), cx = cr.x + rad + 1, cy = cr.y + g->lh / 2;
    int on = c == s->st.choice.target;
    if (ui_interact(ui, id, cr) && !on && s->job == JOB_NONE) {
        s->st.choice.target = c;
        choice_changed(s, a);
        on = 1;
    }
    ui_fill_circle(ui, cx, cy, rad, ui->hot == id || on ? th->accent : th->border);
    ui_fill_circle(ui, cx, cy, rad - ui_px(ui, 1.5f), th->field);
    if (on)
        ui_fill_circle(ui, cx, cy, rad * 0.5f, th->accent);
}

/* The feature's toggle in column c's cell cr (none for the target); a change loads again. */
static void draw_feature_toggle(compare_state *s, app *a, const preview_grid *g, int c, ui_rect cr)
{
    ui_context *ui = a->ui;
    if (c == s->st.choice.target)
        return;
    ui_layout_begin(ui, cr);
    ui_row(ui, 1, NULL, g->lh / ui->scale);
    int on = s->st.choice.feature[c] != 0;
    ui_push_id_int(ui, c);
    if (ui_toggle(ui, "##feature", &on) && s->job == JOB_NONE) {
        s->st.choice.feature[c] = (unsigned char)on;
        choice_changed(s, a);
    }
    ui_pop_id(ui);
    ui_layout_end(ui);
}

/* Head line `line` (0 to 4: name, target, feature, kind, missing) of column c, in its cell cr. */
static void draw_head_cell(compare_state *s, app *a, const preview_grid *g, int line, int c, ui_rect cr)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    const study_column *col = &s->st.column[c];
    char buf[32];
    if (line == 0) {
        ui_push_clip(ui, (ui_rect){ cr.x, cr.y, cr.w, g->name_h });
        ui_draw_wrapped(ui, UI_FONT_SMALL, col->name, cr.x, cr.y + ui_px(ui, 2), cr.w,
                        c == s->st.choice.target ? th->accent : th->text);
        ui_pop_clip(ui);
    } else if (line == 1)
        draw_target_radio(s, a, g, c, cr);
    else if (line == 2)
        draw_feature_toggle(s, a, g, c, cr);
    else if (line == 3)
        compare_cell_text(ui, UI_FONT_SMALL, col->numeric ? TR("nombre", "number") : TR("texte", "text"), cr,
                          UI_LEFT, col->numeric ? th->text : th->negative);
    else {
        snprintf(buf, sizeof buf, "%d", col->missing);
        compare_cell_text(ui, UI_FONT_SMALL, buf, cr, UI_LEFT, col->missing ? th->bad : th->text_dim);
    }
}

/* The five head lines over the shown columns, from r.y; returns the y under them. */
static float draw_preview_head(compare_state *s, app *a, ui_rect r, const preview_grid *g,
                               const char *const *head)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    float y = r.y;
    for (int line = 0; line < 5; line++, y += line == 1 ? g->name_h : g->lh) {
        if (line == 1)
            ui_fill_rect(ui, (ui_rect){ r.x, y - 1, r.w, 1 }, th->border);
        compare_cell_text(ui, UI_FONT_SMALL, head[line], (ui_rect){ r.x, y, g->head_w, g->lh }, UI_LEFT,
                          th->text_dim);
        for (int k = 0; k < g->fit && g->c0 + k < g->ncols; k++) {
            int c = shown_column(s, g->c0, k);
            ui_rect cr = { r.x + g->head_w + g->colw * (float)k, y, g->colw - ui_px(ui, 4), g->lh };
            draw_head_cell(s, a, g, line, c, cr);
        }
    }
    ui_fill_rect(ui, (ui_rect){ r.x, y - 1, r.w, 1 }, th->border);
    return y;
}

/* The preview's rows from y, as many as fit above the scroll bar, the columns left out dimmed;
 * returns the y under them. */
static float draw_preview_rows(compare_state *s, app *a, ui_rect r, const preview_grid *g, float y)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    const nn_table_preview *pv = &s->st.preview;
    for (int row = 0; row < pv->rows && y + g->lh <= r.y + r.h - g->bar_h; row++, y += g->lh) {
        char num[16];
        snprintf(num, sizeof num, "%d", row + 1);
        compare_cell_text(ui, UI_FONT_SMALL, num, (ui_rect){ r.x, y, g->head_w, g->lh }, UI_LEFT, th->text_dim);
        for (int k = 0; k < g->fit && g->c0 + k < g->ncols; k++) {
            int c = shown_column(s, g->c0, k);
            ui_rect cr = { r.x + g->head_w + g->colw * (float)k, y, g->colw - ui_px(ui, 4), g->lh };
            int used = c == s->st.choice.target || s->st.choice.feature[c];
            char cut[64];
            const char *cell = pv->cells[(size_t)row * (size_t)pv->columns + (size_t)c]; /* (rows, columns) */
            if (c == s->st.choice.target)
                cell = data_class_label(cell); /* the classes as the charts name them */
            const char *t = scene_cut_text(ui, UI_FONT_SMALL, cell, cr.w - ui_px(ui, 4), cut, sizeof cut);
            compare_cell_text(ui, UI_FONT_SMALL, t, cr, UI_LEFT, used ? th->text : ui_alpha(th->text_dim, 0.55f));
        }
    }
    return y;
}

/* The bar under the rows: where the columns shown stand among all, dragged to move. */
static void draw_column_bar(compare_state *s, app *a, ui_rect r, const preview_grid *g)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    ui_rect track = { r.x + g->head_w, r.y + r.h - g->bar_h + ui_px(ui, 3), r.w - g->head_w, ui_px(ui, 6) };
    ui_id id = ui_get_id(ui, "columns");
    ui_interact(ui, id, (ui_rect){ track.x, track.y - 4, track.w, track.h + 8 });
    float tw = track.w * (float)g->fit / (float)g->ncols;
    if (ui->active == id && track.w > tw)
        s->col_first = (ui->in.mouse_x - track.x - tw / 2) / (track.w - tw) * g->maxf;
    float tx = track.x + (track.w - tw) * (g->maxf > 0 ? s->col_first / g->maxf : 0);
    ui_fill_round_rect(ui, track, track.h / 2, th->track);
    ui_fill_round_rect(ui, (ui_rect){ tx, track.y, tw, track.h }, track.h / 2,
                       ui->active == id || ui->hot == id ? th->accent_hover : th->accent);
}

/* The first rows, with the target, feature, kind and missing lines over them: the target's column
 * first, the others scrolled sideways. */
static void preview_table(compare_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const char *const *head = preview_heads();
    preview_grid g = layout_preview(s, ui, r, head);
    ui_push_clip(ui, r);
    float y = draw_preview_head(s, a, r, &g, head);
    y = draw_preview_rows(s, a, r, &g, y);
    if (g.scrollable) /* the target's column stays; a line parts it from those that scroll */
        ui_fill_rect(ui, (ui_rect){ r.x + g.head_w + g.colw - ui_px(ui, 4), r.y, 1, y - r.y }, ui->theme.border);
    ui_pop_clip(ui);
    if (g.scrollable)
        draw_column_bar(s, a, r, &g);
}

/* Rows per class, with the class names under the bars. */
static void class_balance(compare_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    int k = s->st.data.classes < MAX_SHOWN_CLASSES ? s->st.data.classes : MAX_SHOWN_CLASSES;
    plot_bar bars[MAX_SHOWN_CLASSES];
    char names[MAX_SHOWN_CLASSES][16];
    for (int c = 0; c < k; c++)
        bars[c] = (plot_bar){ compare_class_name(s, c, names[c], sizeof names[c]), (float)s->st.class_count[c],
                              th->series[c % 4] };
    char title[160];
    snprintf(title, sizeof title, TR("Lignes par classe (%s)", "Rows per class (%s)"),
             s->st.column[s->st.choice.target].name);
    /* the target's name goes where the title would not fit (the chart's own padding each side);
     * the whole title stays in the tooltip */
    const char *shown = scene_fit(ui, UI_FONT_BOLD, r.w - ui_px(ui, 12), 3,
                                  (const char *const[]){ title, TR("Lignes par classe", "Rows per class"),
                                                         TR("Par classe", "Per class") });
    plot_bars(ui, r, shown, bars, k, 0, 0, "%.0f");
    if (shown != title)
        ui_tooltip(ui, (ui_rect){ r.x, r.y, r.w, ui_line_height(ui, UI_FONT_BOLD) + ui_px(ui, 6) }, title);
}

/* The most features that a drop-down lists: a longer list would run off the window, and ‹ and ›
 * step through it instead. */
enum { LISTED = 16 };

/* The features' list when it is short enough to drop down. */
static void pick_feature_list(compare_state *s, ui_context *ui, const char *label)
{
    const char *names[LISTED];
    const study *st = &s->st;
    for (int f = 0; f < st->features && f < LISTED; f++)
        names[f] = st->feature[f].name;
    ui_row(ui, 1, NULL, 0);
    float old_w = ui->label_w;
    ui->label_w = compare_label_points(ui, label);
    if (ui_dropdown(ui, label, &s->hist_feature, names, st->features))
        s->hist_valid = 0;
    ui->label_w = old_w;
}

/* A long features' list: ‹ name (f / n) ›, the wheel over the name stepping too. */
static void step_feature(compare_state *s, ui_context *ui, const char *label)
{
    const study *st = &s->st;
    int nf = st->features;
    float lw = compare_label_points(ui, label), bw = ui->theme.row_height;
    ui_row(ui, 4, (const float[]){ lw, bw, -1, bw }, 0);
    ui_label(ui, label);
    int f = s->hist_feature;
    if (ui_button_ex(ui, "‹##prev-feature", 0, f > 0))
        f--;
    ui_rect nr = ui_next(ui);
    /* the name and its place, shorter where the cell is narrow (demo mode, the code beside) */
    char name[160], shorter[160], place[32];
    snprintf(name, sizeof name, "%s  (%d / %d)", st->feature[f].name, f + 1, nf);
    snprintf(shorter, sizeof shorter, "%s (%d/%d)", st->feature[f].name, f + 1, nf);
    snprintf(place, sizeof place, "%d / %d", f + 1, nf);
    const char *shown = scene_fit(ui, UI_FONT_BODY, nr.w - ui_px(ui, 4), 4,
                                  (const char *const[]){ name, shorter, st->feature[f].name, place });
    compare_cell_text(ui, UI_FONT_BODY, shown, nr, UI_CENTER, ui->theme.text);
    if (ui_mouse_in(ui, nr) && ui->in.wheel != 0) {
        f += ui->in.wheel < 0 ? 1 : -1;
        ui->in.wheel = 0;
    }
    if (ui_button_ex(ui, "›##next-feature", 0, f < nf - 1))
        f++;
    f = f < 0 ? 0 : f >= nf ? nf - 1 : f;
    if (f != s->hist_feature) {
        s->hist_feature = f;
        s->hist_valid = 0;
    }
}

/* s->hist counted again for the feature picked, when the pick changed (hist_valid 0). */
static void count_histogram(compare_state *s)
{
    const study *st = &s->st;
    if (s->hist_valid)
        return;
    const study_feature *f = &st->feature[s->hist_feature];
    int bins = f->categorical ? f->width : HIST_BINS;
    free(s->hist);
    s->hist = malloc((size_t)st->data.classes * (size_t)bins * sizeof *s->hist); /* (classes, bins) */
    s->hist_bins = s->hist ? study_histogram(st, s->hist_feature, bins, &s->hist_lo, &s->hist_hi, s->hist) : -1;
    s->hist_valid = 1;
}

/* The legend on one line at (x, y): a square of each shown class's colour and its name, then how
 * many classes are left out. */
static void draw_hist_legend(compare_state *s, ui_context *ui, float x, float y, int shown)
{
    const ui_theme *th = &ui->theme;
    float sh = ui_line_height(ui, UI_FONT_SMALL);
    int k = s->st.data.classes;
    for (int c = 0; c < shown; c++) {
        char buf[16];
        const char *cn = compare_class_name(s, c, buf, sizeof buf);
        ui_fill_rect(ui, (ui_rect){ x, y + sh * 0.25f, sh * 0.6f, sh * 0.6f }, th->series[c]);
        x += sh * 0.8f;
        x += ui_draw_text(ui, UI_FONT_SMALL, cn, -1, x, y, th->text) + ui_px(ui, 10);
    }
    if (k > shown) {
        char more[48];
        snprintf(more, sizeof more, TR("(+%d classes)", "(+%d classes)"), k - shown);
        ui_draw_text(ui, UI_FONT_SMALL, more, -1, x, y, th->text_dim);
    }
}

/* The bars in area: per bin, one bar per shown class side by side, scaled to the tallest. */
static void draw_hist_bars(const compare_state *s, ui_context *ui, ui_rect area, int shown)
{
    const ui_theme *th = &ui->theme;
    int bins = s->hist_bins, maxv = 1;
    for (int c = 0; c < shown; c++)
        for (int b = 0; b < bins; b++)
            maxv = s->hist[c * bins + b] > maxv ? s->hist[c * bins + b] : maxv;
    float slot = area.w / (float)bins, bw = slot * 0.84f / (float)shown;
    for (int b = 0; b < bins; b++)
        for (int c = 0; c < shown; c++) {
            float h = area.h * (float)s->hist[c * bins + b] / (float)maxv;
            float x = area.x + slot * (float)b + slot * 0.08f + bw * (float)c;
            ui_fill_rect(ui, (ui_rect){ x, area.y + area.h - h, fmaxf(1, bw - 1), h },
                         ui_alpha(th->series[c], 0.85f));
        }
    ui_fill_rect(ui, (ui_rect){ area.x, area.y + area.h, area.w, 1 }, th->text_dim);
}

/* Under the bars: the categories' names for text, else the smallest and largest value. */
static void draw_hist_axis(const compare_state *s, ui_context *ui, ui_rect area, const study_feature *f)
{
    const ui_theme *th = &ui->theme;
    float sh = ui_line_height(ui, UI_FONT_SMALL), ty = area.y + area.h + ui_px(ui, 3);
    int bins = s->hist_bins;
    if (f->categorical) {
        /* the categories' names, from the one-hot columns' "name_category" */
        float slot = area.w / (float)bins;
        size_t prefix = strlen(f->name) + 1;
        for (int b = 0; b < bins; b++) {
            const char *fn = s->st.data.feature_names ? s->st.data.feature_names[f->first + b] : "";
            const char *cat = strlen(fn) > prefix ? fn + prefix : fn;
            compare_cell_text(ui, UI_FONT_SMALL, cat, (ui_rect){ area.x + slot * (float)b, ty, slot, sh }, UI_CENTER,
                              th->text_dim);
        }
        return;
    }
    char lo[32], hi[32];
    snprintf(lo, sizeof lo, "%.4g", (double)s->hist_lo);
    snprintf(hi, sizeof hi, "%.4g", (double)s->hist_hi);
    lang_decimals(lo);
    lang_decimals(hi);
    ui_draw_text(ui, UI_FONT_SMALL, lo, -1, area.x, ty, th->text_dim);
    float w = ui_text_width(ui, UI_FONT_SMALL, hi, -1);
    ui_draw_text(ui, UI_FONT_SMALL, hi, -1, area.x + area.w - w, ty, th->text_dim);
}

/* A feature's histogram per class: side by side in each bin, in the series' colours, with a
 * legend of the class names. */
static void histogram(compare_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const study *st = &s->st;
    if (st->features <= 0)
        return;
    if (s->hist_feature >= st->features)
        s->hist_feature = 0;
    ui_layout_begin(ui, r);
    const char *label = TR("Variable", "Feature");
    if (st->features <= LISTED)
        pick_feature_list(s, ui, label);
    else
        step_feature(s, ui, label);
    ui_rect chart = ui_rest(ui);
    ui_layout_end(ui);
    count_histogram(s);
    if (s->hist_bins <= 0 || !s->hist)
        return;
    int k = st->data.classes;
    int shown = k < 4 ? k : 4; /* more classes than colours: the first four, said in the legend */
    float sh = ui_line_height(ui, UI_FONT_SMALL);
    /* the legend, one line above the bars */
    float lx = chart.x + ui_px(ui, 4), ly = chart.y + ui_px(ui, 4);
    ui_push_clip(ui, chart);
    draw_hist_legend(s, ui, lx, ly, shown);
    ui_rect area = { chart.x + ui_px(ui, 4), ly + sh + ui_px(ui, 6), chart.w - ui_px(ui, 8),
                     chart.h - (ly + sh + ui_px(ui, 6) - chart.y) - sh - ui_px(ui, 6) };
    if (area.h > 8) {
        draw_hist_bars(s, ui, area, shown);
        draw_hist_axis(s, ui, area, &st->feature[s->hist_feature]);
    }
    ui_pop_clip(ui);
}

/* Under the table, in nr: what to do with missing cells (a change loads again), and what the
 * loader did. */
static void draw_missing_and_notes(compare_state *s, app *a, ui_rect nr)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    ui_fill_rect(ui, (ui_rect){ nr.x, nr.y - ui_px(ui, 3), nr.w, 1 }, th->border);
    ui_layout_begin(ui, nr);
    /* the choices in words, or in one word where the drop-down is narrow (demo mode, the code
     * beside): the tooltip says them in full */
    static const char *const missing_items[2][2][2] = {
        { { "remplacer (moyenne)", "retirer les lignes" }, { "moyenne", "retirer" } },
        { { "fill in (mean)", "drop the rows" }, { "mean", "drop" } },
    };
    const char *const(*items)[2] = missing_items[lang_current() == LANG_EN];
    ui_row(ui, 1, NULL, 0);
    float old_w = ui->label_w;
    const char *label = TR("Manquantes", "Missing");
    ui->label_w = compare_label_points(ui, label);
    float box = nr.w - ui_px(ui, ui->label_w) - ui_px(ui, 36);
    int narrow = ui_text_width(ui, UI_FONT_BODY, items[0][0], -1) > box ||
                 ui_text_width(ui, UI_FONT_BODY, items[0][1], -1) > box;
    int missing = s->st.choice.missing;
    if (narrow)
        ui_tooltip(ui, (ui_rect){ nr.x, nr.y, nr.w, ui_px(ui, ui->theme.row_height) },
                   TR("Cellules manquantes : les remplacer par la moyenne de la colonne, ou retirer leurs lignes.",
                      "Missing cells: fill them in with the column's mean, or drop their rows."));
    if (ui_dropdown(ui, label, &missing, items[narrow], 2) && s->job == JOB_NONE) {
        s->st.choice.missing = missing;
        choice_changed(s, a);
    }
    ui->label_w = old_w;
    ui_rect notes = ui_rest(ui);
    ui_layout_end(ui);
    char line[512];
    const char *done = s->st.loaded ? compare_notes_text(s) : "";
    if (s->st.loaded)
        snprintf(line, sizeof line, TR("%ld lignes lues, %ld gardées, %d variables.",
                                       "%ld rows read, %ld kept, %d features."),
                 s->st.report.rows_read, s->st.report.rows_kept, s->st.features);
    else
        snprintf(line, sizeof line, "%s", TR("Pas encore chargé.", "Not loaded yet."));
    ui_push_clip(ui, notes);
    float y = notes.y + ui_px(ui, 2);
    y += ui_draw_wrapped(ui, UI_FONT_SMALL, line, notes.x, y, notes.w, th->text);
    if (done[0])
        ui_draw_wrapped(ui, UI_FONT_SMALL, done, notes.x, y, notes.w, th->text_dim);
    else if (s->st.loaded)
        ui_draw_wrapped(ui, UI_FONT_SMALL, TR("Rien à transformer : que des nombres, rien ne manque.",
                                              "Nothing to transform: numbers only, nothing missing."),
                        notes.x, y, notes.w, th->text_dim);
    ui_pop_clip(ui);
}

/* In place of the classes while the table is not loaded with the current choice: it loads, or
 * the loader refused it (a target with one class, a column it cannot read) and why, with Load. */
static void draw_not_loaded(compare_state *s, app *a, ui_rect right)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    ui_rect pin = app_panel(ui, right, TR("Classes", "Classes"));
    ui_push_clip(ui, pin);
    if (s->msg[0]) {
        float h = ui_draw_wrapped(ui, UI_FONT_BODY, TR("Ce choix ne se charge pas :", "This choice does not load:"),
                                  pin.x, pin.y, pin.w, th->text);
        h += ui_px(ui, 4) + ui_draw_wrapped(ui, UI_FONT_SMALL, s->msg, pin.x, pin.y + h + ui_px(ui, 4), pin.w,
                                            th->bad);
        float bw = ui_text_width(ui, UI_FONT_BODY, TR("Charger", "Load"), -1) + ui_px(ui, 32);
        if (ui_button_at(ui, (ui_rect){ pin.x, pin.y + h + ui_px(ui, 8), bw, ui_px(ui, th->row_height) },
                         TR("Charger##reload", "Load##reload"), 1, s->job == JOB_NONE))
            compare_load(s, a);
    } else
        ui_draw_wrapped(ui, UI_FONT_BODY,
                        TR("Le tableau se charge avec ce choix...", "The table loads with this choice..."),
                        pin.x, pin.y, pin.w, th->text_dim);
    ui_pop_clip(ui);
}

/* Left: the table and the notes under it; right: the class balance above the histogram. */
void compare_tab_preview(compare_state *s, app *a, ui_rect area)
{
    ui_context *ui = a->ui;
    float gap = ui_px(ui, 10);
    float lw = area.w * 0.56f;
    ui_rect left = { area.x, area.y, lw, area.h }, right = { area.x + lw + gap, area.y, area.w - lw - gap, area.h };
    const char *base = strrchr(s->st.path, '/');
    char title[300];
    snprintf(title, sizeof title, TR("Aperçu : %s", "Preview: %s"), base ? base + 1 : s->st.path);
    ui_rect in = app_panel(ui, left, title);
    float notes_h = fminf(in.h * 0.3f, ui_px(ui, 110));
    ui_rect table = { in.x, in.y, in.w, in.h - notes_h - ui_px(ui, 6) };
    preview_table(s, a, table);
    draw_missing_and_notes(s, a, (ui_rect){ in.x, table.y + table.h + ui_px(ui, 6), in.w, notes_h });
    if (!s->st.loaded || s->stale) {
        draw_not_loaded(s, a, right);
        return;
    }
    float bh = right.h * 0.42f;
    ui_rect cb = app_panel(ui, (ui_rect){ right.x, right.y, right.w, bh }, NULL);
    class_balance(s, a, cb);
    ui_rect hr = app_panel(ui, (ui_rect){ right.x, right.y + bh + gap, right.w, right.h - bh - gap },
                           TR("Histogramme", "Histogram"));
    histogram(s, a, hr);
}
