/* lesson_directives.c — a lesson's directives once its whole file is read: @scene first, then
 * every other one against that scene's rows (lesson_scenes.c), into the lesson's typed
 * configuration (lesson_config.c), then the pages' @tab. Every message names the line. */
#include "lesson_parse.h"

#include <stdio.h>
#include <string.h>

/* @scene: given once, one of the scenes. LESSON_SCENE_NONE without it; *line: where it is, 0 when
 * the lesson has none. */
static lesson_scene find_scene(parser *p, int *line)
{
    lesson_scene scene = LESSON_SCENE_NONE;
    *line = 0;
    for (int i = 0; i < p->n_dirs; i++) {
        const directive_line *dl = &p->dirs[i];
        if (dl->field != LESSON_F_SCENE)
            continue;
        if (*line) {
            lesson_perr(p, dl->line, "@scene given twice (first on line %d)", *line);
            continue;
        }
        *line = dl->line;
        scene = lesson_scene_of(dl->args);
        if (scene == LESSON_SCENE_NONE) {
            char list[200] = "";
            for (int k = 0; k < LESSON_N_SCENES; k++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "",
                         lesson_scene_names[k]);
            lesson_perr(p, *line, "unknown scene \"%.40s\" (the scenes are %s)", dl->args, list);
        }
    }
    return scene;
}

/* The dataset as the lesson writes it, else the scene's default: a model is checked against it. */
static const char *dataset_of(const parser *p, lesson_scene scene)
{
    const char *dataset = NULL;
    for (int i = 0; i < p->n_dirs; i++)
        if (p->dirs[i].field == LESSON_F_DATASET)
            dataset = p->dirs[i].args;
    const lesson_rule *r = lesson_rule_of(scene, LESSON_F_DATASET);
    return dataset ? dataset : r ? r->def : NULL;
}

/* The line of the first of the directives before i that are dl's, and how many there are. */
static int earlier(const parser *p, int i, int *first)
{
    int seen = 0;
    for (int k = 0; k < i; k++)
        if (p->dirs[k].field == p->dirs[i].field && seen++ == 0)
            *first = p->dirs[k].line;
    return seen;
}

/* "the neuron scene takes no @dataset (it takes @activation, @inputs, ...)" */
static void not_taken(parser *p, const directive_line *dl, lesson_scene scene)
{
    char which[200] = "";
    for (int f = LESSON_F_SCENE + 1; f < LESSON_N_FIELDS; f++)
        if (lesson_rule_of(scene, (lesson_field)f))
            snprintf(which + strlen(which), sizeof which - strlen(which), "%s@%s", which[0] ? ", " : "",
                     lesson_field_names[f]);
    lesson_perr(p, dl->line, "the %s scene takes no @%s (it takes %s)", lesson_scene_names[scene],
                lesson_field_names[dl->field], which[0] ? which : "none");
}

/* One directive other than @scene into c. */
static void apply(parser *p, int i, lesson_config *c, int scene_line, const char *dataset)
{
    const directive_line *dl = &p->dirs[i];
    const char *name = lesson_field_names[dl->field];
    if (c->scene == LESSON_SCENE_NONE) {
        if (!scene_line)
            lesson_perr(p, dl->line, "@%s configures a scene, but the lesson has none (@scene ...)", name);
        return;
    }
    const lesson_rule *r = lesson_rule_of(c->scene, dl->field);
    if (!r) {
        not_taken(p, dl, c->scene);
        return;
    }
    /* once each, but a row may take more (the versus scene's two models) */
    int first = 0, max = r->kind == LESSON_MODEL && r->count > 1 ? r->count : 1;
    if (earlier(p, i, &first) >= max) {
        lesson_perr(p, dl->line, "@%s given %s (first on line %d)", name,
                    max == 2 ? "more than twice" : "twice", first);
        return;
    }
    char why[400];
    if (lesson_config_set(c, r, dl->args, dataset, why, sizeof why) < 0)
        lesson_perr(p, dl->line, "@%s %.60s: %s", name, dl->args, why);
}

/* The pages' @tab: one view per page, a page without one keeps the view before it, and the pages
 * before the first @tab take the first. */
static void page_tabs(parser *p, const lesson_doc *d, lesson_config *c)
{
    int first = 0;
    while (first < d->n_pages && !d->pages[first].tab)
        first++;
    if (first == d->n_pages)
        return;
    const lesson_rule *r = lesson_rule_of(c->scene, LESSON_F_TAB);
    if (!r) {
        lesson_perr(p, d->pages[first].line,
                    "@tab: the %s scene has no tabs (images, keras and compare have)",
                    c->scene >= 0 ? lesson_scene_names[c->scene] : "lesson's");
        return;
    }
    const char *cur = d->pages[first].tab;
    for (int i = 0; i < d->n_pages; i++) {
        cur = d->pages[i].tab ? d->pages[i].tab : cur;
        int k = 0;
        while (k < r->n_list && strcmp(r->list[k], cur) != 0)
            k++;
        if (k == r->n_list && d->pages[i].tab) {
            char names[200] = "";
            for (int j = 0; j < r->n_list; j++)
                snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", j ? ", " : "",
                         r->list[j]);
            lesson_perr(p, d->pages[i].line, "@tab %.40s: the %s scene's tabs are %s", cur,
                        lesson_scene_names[c->scene], names);
        }
        c->tab[i] = k < r->n_list ? k : 0;
    }
    c->n_tabs = d->n_pages;
    c->given |= 1u << LESSON_F_TAB;
}

void lesson_finish_directives(parser *p, lesson_doc *d)
{
    int scene_line;
    lesson_scene scene = find_scene(p, &scene_line);
    lesson_config *c = &d->config;
    char why[400];
    if (lesson_config_init(c, scene, why, sizeof why) < 0)
        lesson_perr(p, scene_line, "@scene %s: %s", lesson_scene_names[scene], why);
    d->scene = scene == LESSON_SCENE_NONE ? "" : lesson_scene_names[scene];
    const char *dataset = dataset_of(p, scene);
    for (int i = 0; i < p->n_dirs; i++)
        if (p->dirs[i].field != LESSON_F_SCENE)
            apply(p, i, c, scene_line, dataset);
    page_tabs(p, d, c);
}
