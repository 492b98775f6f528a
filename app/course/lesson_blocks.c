/* lesson_blocks.c — the blocks of a lesson's pages as the lines gather them: paragraphs, items and
 * notes, the pages, quizzes, code blocks, and the directives' lines kept for later. */
#include "lesson_parse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lesson_add_block(parser *p, lesson_block b)
{
    if (lesson_grow(&p->blocks, &p->cap_blocks, p->n_blocks, sizeof *p->blocks) < 0)
        return -1;
    b.box = p->box == BOX_TRY ? p->boxes : 0;
    b.notes = p->box == BOX_NOTES;
    p->blocks[p->n_blocks++] = b;
    p->content = 1;
    return 0;
}

int lesson_pend_append(parser *p, const char *s, int n)
{
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    if (p->len + n + 2 > p->cap) {
        int nc = (p->len + n + 2) * 2;
        char *b = realloc(p->buf, (size_t)nc);
        if (!b)
            return -1;
        p->buf = b;
        p->cap = nc;
    }
    if (p->len > 0)
        p->buf[p->len++] = ' ';
    if (p->n_marks < (int)(sizeof p->marks / sizeof p->marks[0]))
        p->marks[p->n_marks++] = (line_mark){ p->len, p->line };
    memcpy(p->buf + p->len, s, (size_t)n);
    p->len += n;
    p->buf[p->len] = 0;
    return 0;
}

int lesson_pend_start(parser *p, int kind, const char *s, int n)
{
    p->pend = kind;
    p->pend_line = p->line;
    p->len = 0;
    p->n_marks = 0;
    return lesson_pend_append(p, s, n);
}

/* Ends the text block being gathered: a block, or a part of the open quiz. */
int lesson_flush(parser *p)
{
    int kind = p->pend;
    p->pend = PEND_NONE;
    if (kind == PEND_NONE)
        return 0;
    lesson_text t;
    if (lesson_style_text(p, p->buf, p->len, &t) < 0)
        return -1;
    switch (kind) {
    case PEND_PARAGRAPH:
        return lesson_add_block(p,
                                (lesson_block){ .kind = LESSON_PARAGRAPH, .line = p->pend_line, .text = t });
    case PEND_ITEM:
        return lesson_add_block(
            p,
            (lesson_block){ .kind = LESSON_ITEM, .line = p->pend_line, .number = p->pend_number, .text = t });
    case PEND_NOTE:
        return lesson_add_block(p, (lesson_block){ .kind = LESSON_NOTE, .line = p->pend_line, .text = t });
    case PEND_QUESTION:
        if (p->has_question)
            lesson_perr(p, p->pend_line, "a quiz asks one question, in one paragraph");
        p->question = t;
        p->has_question = 1;
        return 0;
    case PEND_CHOICE:
        /* the answer was counted when its line started */
        if (p->n_choices > 0 && p->n_choices <= LESSON_CHOICES_MAX)
            p->choices[p->n_choices - 1].text = t;
        return 0;
    case PEND_FEEDBACK:
        if (p->n_choices > 0 && p->n_choices <= LESSON_CHOICES_MAX)
            p->choices[p->n_choices - 1].feedback = t;
        return 0;
    }
    return 0;
}

void lesson_trim(const char **s, int *n)
{
    while (*n > 0 && ((*s)[0] == ' ' || (*s)[0] == '\t'))
        (*s)++, (*n)--;
    while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

/* Ends the page being built; at a "---" line or at the end of the file. */
int lesson_end_page(parser *p, const char *at)
{
    if (p->n_blocks == 0) {
        lesson_perr(p, p->page_line, "page %d has no text: remove the \"---\" or write the page",
                    p->n_pages + 1);
    }
    if (p->n_pages >= LESSON_MAX_PAGES) {
        if (p->n_pages == LESSON_MAX_PAGES)
            lesson_perr(p, p->line, "more than %d pages in one lesson", LESSON_MAX_PAGES);
        p->n_pages++;
        p->n_blocks = 0;
        return 0;
    }
    if (lesson_grow(&p->pages, &p->cap_pages, p->n_pages, sizeof *p->pages) < 0)
        return -1;
    lesson_page pg = { .line = p->page_line, .tab = p->page_tab };
    pg.blocks = arena_copy(&p->ar, p->blocks, (size_t)p->n_blocks * sizeof *p->blocks);
    pg.n_blocks = p->n_blocks;
    pg.source = arena_strndup(&p->ar, p->page_start, (size_t)(at - p->page_start));
    if (!pg.blocks || !pg.source)
        return -1;
    p->pages[p->n_pages++] = pg;
    p->n_blocks = 0;
    p->page_tab = NULL;
    return 0;
}

void lesson_close_quiz(parser *p)
{
    if (!p->has_question)
        lesson_perr(p, p->box_line, "this quiz has no question: write it before the answers");
    if (p->n_choices < 2)
        lesson_perr(p, p->box_line,
                    "a quiz needs at least two answers (\"- [ ] ...\" and \"- [x] ...\"), got %d",
                    p->n_choices);
    int right = 0;
    for (int i = 0; i < p->n_choices && i < LESSON_CHOICES_MAX; i++) {
        right += p->choices[i].correct;
        if (p->choices[i].feedback.len == 0)
            lesson_perr(p, p->box_line,
                        "answer %d of this quiz has no feedback: add a line \"> ...\" under it", i + 1);
    }
    if (p->n_choices >= 2 && right == 0)
        lesson_perr(p, p->box_line, "no answer of this quiz is marked right: write \"- [x] ...\" for it");
    int n = p->n_choices < LESSON_CHOICES_MAX ? p->n_choices : LESSON_CHOICES_MAX;
    lesson_block b = { .kind = LESSON_QUIZ,
                       .line = p->box_line,
                       .text = p->question,
                       .quiz = p->quizzes++,
                       .choices = arena_copy(&p->ar, p->choices, (size_t)n * sizeof *p->choices),
                       .n_choices = n };
    if (!b.choices)
        p->oom = 1;
    else if (lesson_add_block(p, b) < 0)
        p->oom = 1;
}

int lesson_code_append(parser *p, const char *s, int n)
{
    if (p->code_len + n + 2 > p->code_cap) {
        int nc = (p->code_len + n + 2) * 2;
        char *c = realloc(p->code, (size_t)nc);
        if (!c)
            return -1;
        p->code = c;
        p->code_cap = nc;
    }
    memcpy(p->code + p->code_len, s, (size_t)n);
    p->code_len += n;
    p->code[p->code_len++] = '\n';
    p->code[p->code_len] = 0;
    return 0;
}

/* The code block gathered so far, as a block. */
void lesson_close_code(parser *p)
{
    p->in_code = 0;
    lesson_block b = { .kind = LESSON_CODE, .line = p->code_line };
    /* the last line's newline is not part of the code */
    int cl = p->code_len > 0 ? p->code_len - 1 : 0;
    b.text = (lesson_text){ arena_strndup(&p->ar, p->code ? p->code : "", (size_t)cl), cl, NULL, 0 };
    b.lang = arena_strndup(&p->ar, p->lang, strlen(p->lang));
    if (!b.text.s || !b.lang || lesson_add_block(p, b) < 0)
        p->oom = 1;
    else if (p->code_model && !p->model_code) {
        p->model_code = b.text.s;
        p->model_code_line = p->code_line;
    }
    p->code_model = 0;
}

/* The directive that "@name" names; LESSON_N_FIELDS when none does. */
static lesson_field field_named(const char *s, int n)
{
    for (int i = 0; i < LESSON_N_FIELDS; i++)
        if ((int)strlen(lesson_field_names[i]) == n && strncmp(lesson_field_names[i], s, (size_t)n) == 0)
            return (lesson_field)i;
    return LESSON_N_FIELDS;
}

void lesson_directive_line(parser *p, const char *s, int n)
{
    int k = 1;
    while (k < n && (islower((unsigned char)s[k]) || s[k] == '_'))
        k++;
    lesson_field f = field_named(s + 1, k - 1);
    if (f == LESSON_N_FIELDS || (k < n && s[k] != ' ' && s[k] != '\t')) {
        char list[400] = "";
        for (int i = 0; i < LESSON_N_FIELDS; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s@%s", i ? ", " : "",
                     lesson_field_names[i]);
        lesson_perr(
            p, p->line,
            "unknown directive \"%.*s\" (the directives are %s; write \\@ for a line that starts with @)",
            n > 40 ? 40 : n, s, list);
        return;
    }
    const char *args = s + k;
    int an = n - k;
    lesson_trim(&args, &an);
    if (f == LESSON_F_TAB) {
        /* the page's own: its view of the scene */
        if (p->page_tab)
            lesson_perr(p, p->line, "@tab given twice on this page (first on line %d)", p->page_tab_line);
        p->page_tab = arena_strndup(&p->ar, args, (size_t)an);
        p->page_tab_line = p->line;
        return;
    }
    if (lesson_grow(&p->dirs, &p->cap_dirs, p->n_dirs, sizeof *p->dirs) < 0) {
        p->oom = 1;
        return;
    }
    directive_line d = { .field = f,
                         .line = p->line,
                         .args = arena_strndup(&p->ar, args, (size_t)an) };
    if (!d.args) {
        p->oom = 1;
        return;
    }
    p->dirs[p->n_dirs++] = d;
}
