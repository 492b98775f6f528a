/* lesson_lines.c — one line of a lesson file: what it starts says what it is (a fence, a box, a
 * directive, a page break, a heading, an image, a note, an answer, an item or text). */
#include "lesson_parse.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A line inside a code block: code, or the ``` that ends it. */
static void code_line(parser *p, const char *s, int n)
{
    const char *t = s;
    int tn = n;
    lesson_trim(&t, &tn);
    if (tn >= 3 && strncmp(t, "```", 3) == 0) {
        if (tn > 3)
            lesson_perr(p, p->line, "a code block ends with ``` alone on its line");
        lesson_close_code(p);
        return;
    }
    if (lesson_code_append(p, s, n) < 0)
        p->oom = 1;
}

/* "```python": a code block opens. */
static void fence(parser *p, const char *t, int tn)
{
    lesson_flush(p);
    const char *lang = t + 3;
    int ln = tn - 3;
    lesson_trim(&lang, &ln);
    /* "```python model": the scene's code panel starts from this code */
    p->code_model = ln > 6 && strncmp(lang + ln - 6, " model", 6) == 0;
    if (p->code_model) {
        ln -= 6;
        lesson_trim(&lang, &ln);
        if (!((ln == 6 && strncmp(lang, "python", 6) == 0) || (ln == 2 && strncmp(lang, "py", 2) == 0)))
            lesson_perr(p, p->line, "only a Python block is a scene's model (```python model), got \"%.*s model\"",
                        ln > 30 ? 30 : ln, lang);
        if (p->model_code)
            lesson_perr(p, p->line, "one ```python model block a lesson (the first is on line %d)", p->model_code_line);
    }
    for (int i = 0; i < ln; i++)
        if (!isalnum((unsigned char)lang[i]) && lang[i] != '-' && lang[i] != '+') {
            lesson_perr(p, p->line,
                        "a code block starts with ``` and an optional language (```python), got \"%.*s\"",
                        ln > 40 ? 40 : ln, lang);
            break;
        }
    if (p->box == BOX_QUIZ)
        lesson_perr(p, p->line, "a quiz holds a question and answers only; put the code before the quiz");
    snprintf(p->lang, sizeof p->lang, "%.*s", ln, lang);
    if (strcmp(p->lang, "py") == 0)
        snprintf(p->lang, sizeof p->lang, "python");
    p->in_code = 1;
    p->code_line = p->line;
    p->code_len = 0;
    if (p->code)
        p->code[0] = 0;
}

/* ":::try", ":::quiz", ":::notes", or ":::" that closes the box. */
static void box_mark(parser *p, const char *s, int n)
{
    const char *w = s + 3;
    int wn = n - 3;
    lesson_trim(&w, &wn);
    lesson_flush(p);
    if (wn == 0) {
        if (p->box == BOX_NONE)
            lesson_perr(p, p->line, "::: closes a box, but none is open");
        else if (p->box == BOX_QUIZ)
            lesson_close_quiz(p);
        p->box = BOX_NONE;
        return;
    }
    int kind = wn == 3 && strncmp(w, "try", 3) == 0    ? BOX_TRY
               : wn == 4 && strncmp(w, "quiz", 4) == 0 ? BOX_QUIZ
               : wn == 5 && strncmp(w, "notes", 5) == 0 ? BOX_NOTES
                                                       : -1;
    if (kind < 0) {
        lesson_perr(p, p->line, "unknown box \":::%.*s\" (the boxes are :::try, :::quiz and :::notes)",
                    wn > 40 ? 40 : wn, w);
        return;
    }
    if (p->box != BOX_NONE) {
        lesson_perr(p, p->line, "a box opens inside another (opened on line %d): close it with ::: first",
                    p->box_line);
        return;
    }
    p->box = kind;
    p->box_line = p->line;
    p->boxes += kind == BOX_TRY;
    p->has_question = 0;
    p->n_choices = 0;
    p->too_many_choices = 0;
    memset(p->choices, 0, sizeof p->choices);
}

/* "---": the page ends, the next starts after this line. */
static void page_break(parser *p, const char *s, int n, const char *line_start)
{
    lesson_flush(p);
    if (p->box != BOX_NONE) {
        lesson_perr(p, p->line, "a page break (---) inside a box opened on line %d: close it with ::: first",
                    p->box_line);
        return;
    }
    if (lesson_end_page(p, line_start) < 0)
        p->oom = 1;
    p->page_start = s + n;
    while (*p->page_start == '\r' || *p->page_start == '\n' || *p->page_start == ' ')
        p->page_start++;
    p->page_line = p->line + 1;
}

static void title(parser *p, const char *h, int hn)
{
    if (p->title)
        lesson_perr(p, p->line, "a second title (# ...): a lesson has one; use ## for a section");
    else if (p->content)
        lesson_perr(p, p->line, "the title (# ...) comes first, before the text");
    else
        p->title = arena_strndup(&p->ar, h, (size_t)hn);
    if (hn == 0)
        lesson_perr(p, p->line, "the title is empty");
    p->content = 1;
}

/* "# Title", "## Section", "### Subsection". */
static void heading(parser *p, const char *s, int n)
{
    lesson_flush(p);
    int level = (int)strspn(s, "#");
    if (level >= n || s[level] != ' ') {
        lesson_perr(p, p->line, "a heading is #, ## or ### then a space and its text");
        return;
    }
    const char *h = s + level;
    int hn = n - level;
    lesson_trim(&h, &hn);
    if (p->box != BOX_NONE)
        lesson_perr(p, p->line, "headings go outside boxes (:::try, :::quiz, :::notes)");
    else if (level == 1)
        title(p, h, hn);
    else if (level <= 3) {
        if (!p->title && !p->content)
            lesson_perr(p, p->line, "the lesson starts with its title, # ...");
        lesson_text ht;
        p->n_marks = 0;
        p->pend_line = p->line;
        if (lesson_style_text(p, h, hn, &ht) < 0 ||
            lesson_add_block(
                p, (lesson_block){ .kind = LESSON_HEADING, .line = p->line, .level = level, .text = ht }) < 0)
            p->oom = 1;
    } else
        lesson_perr(p, p->line, "headings go down to ### (got %d #)", level);
}

/* "![caption](path)", alone on its line. */
static void image(parser *p, const char *t, int tn)
{
    lesson_flush(p);
    const char *close = memchr(t, ']', (size_t)tn);
    if (!close || close + 1 >= t + tn || close[1] != '(' || t[tn - 1] != ')') {
        lesson_perr(p, p->line, "an image is a line ![caption](images/name.png), alone");
        return;
    }
    if (p->box == BOX_QUIZ) {
        lesson_perr(p, p->line, "a quiz holds a question and answers only; put the image before the quiz");
        return;
    }
    const char *path = close + 2;
    int pn = (int)(t + tn - 1 - path);
    lesson_trim(&path, &pn);
    if (pn == 0) {
        lesson_perr(p, p->line, "this image has no path: ![caption](images/name.png)");
        return;
    }
    lesson_text cap;
    p->n_marks = 0;
    p->pend_line = p->line;
    lesson_block b = { .kind = LESSON_IMAGE, .line = p->line };
    b.path = arena_strndup(&p->ar, path, (size_t)pn);
    if (!b.path || lesson_style_text(p, t + 2, (int)(close - t - 2), &cap) < 0) {
        p->oom = 1;
        return;
    }
    b.text = cap;
    if (lesson_add_block(p, b) < 0)
        p->oom = 1;
}

/* "> ...": a note, or in a quiz the feedback of the answer above. */
static void note(parser *p, const char *t, int tn)
{
    const char *q = t + 1;
    int qn = tn - 1;
    if (p->box == BOX_QUIZ) {
        if (p->n_choices == 0) {
            lesson_perr(p, p->line, "feedback (> ...) goes under an answer; the answers come first");
            return;
        }
        if (p->pend == PEND_FEEDBACK)
            lesson_pend_append(p, q, qn);
        else {
            lesson_flush(p);
            if (p->n_choices <= LESSON_CHOICES_MAX && p->choices[p->n_choices - 1].feedback.len > 0)
                lesson_perr(p, p->line, "this answer already has its feedback above");
            lesson_pend_start(p, PEND_FEEDBACK, q, qn);
        }
        return;
    }
    if (p->pend == PEND_NOTE)
        lesson_pend_append(p, q, qn);
    else {
        lesson_flush(p);
        lesson_pend_start(p, PEND_NOTE, q, qn);
    }
}

/* "- [ ] text" or "- [x] text": an answer of the open quiz. */
static void answer(parser *p, const char *t, int tn)
{
    lesson_flush(p);
    const char *c = t + 2;
    int cn = tn - 2;
    int right = cn >= 3 && (strncmp(c, "[x]", 3) == 0 || strncmp(c, "[X]", 3) == 0);
    int wrong = cn >= 3 && strncmp(c, "[ ]", 3) == 0;
    if (!right && !wrong) {
        lesson_perr(p, p->line, "in a quiz, an answer is \"- [ ] text\" (wrong) or \"- [x] text\" (right)");
        return;
    }
    if (p->n_choices >= LESSON_CHOICES_MAX) {
        if (!p->too_many_choices)
            lesson_perr(p, p->line, "more than %d answers in one quiz", LESSON_CHOICES_MAX);
        p->too_many_choices = 1;
        p->n_choices++;
        return;
    }
    p->choices[p->n_choices].correct = right;
    p->n_choices++;
    lesson_pend_start(p, PEND_CHOICE, c + 3, cn - 3);
}

/* Text inside a quiz: the question, or more of the answer or feedback being gathered. */
static void quiz_text(parser *p, const char *t, int tn)
{
    if (p->pend == PEND_QUESTION || p->pend == PEND_CHOICE || p->pend == PEND_FEEDBACK) {
        lesson_pend_append(p, t, tn);
        return;
    }
    if (p->n_choices > 0) {
        lesson_perr(p, p->line, "text after a quiz's answers: feedback lines start with \">\"");
        return;
    }
    lesson_pend_start(p, PEND_QUESTION, t, tn);
}

/* An item ("- ", "* ", "+ ", "1. "), or a paragraph's line. */
static void text(parser *p, const char *t, int tn)
{
    int bullet = tn >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ';
    int number = 0, num_len = 0;
    while (num_len < tn && num_len < 4 && is_digit(t[num_len]))
        number = number * 10 + (t[num_len++] - '0');
    int numbered =
        num_len > 0 && num_len + 1 < tn && t[num_len] == '.' && t[num_len + 1] == ' ' && number > 0;
    if (p->box == BOX_QUIZ) {
        if (bullet)
            answer(p, t, tn);
        else
            quiz_text(p, t, tn);
        return;
    }
    if (bullet || numbered) {
        lesson_flush(p);
        const char *it = bullet ? t + 2 : t + num_len + 2;
        lesson_pend_start(p, PEND_ITEM, it, (int)(t + tn - it));
        p->pend_number = bullet ? 0 : number;
        return;
    }
    if (p->pend == PEND_PARAGRAPH || p->pend == PEND_ITEM || p->pend == PEND_NOTE) {
        lesson_pend_append(p, t, tn);
        return;
    }
    lesson_pend_start(p, PEND_PARAGRAPH, t, tn);
}

void lesson_parse_line(parser *p, const char *s, int n, const char *line_start)
{
    if (p->in_code) {
        code_line(p, s, n);
        return;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0) {
        if (lesson_flush(p) < 0)
            p->oom = 1;
        return;
    }
    int indent = 0;
    while (indent < n && (s[indent] == ' ' || s[indent] == '\t'))
        indent++;
    const char *t = s + indent;
    int tn = n - indent;
    if (tn >= 3 && strncmp(t, "```", 3) == 0)
        fence(p, t, tn);
    else if (indent == 0 && n >= 3 && strncmp(s, ":::", 3) == 0)
        box_mark(p, s, n);
    else if (indent == 0 && s[0] == '@') {
        lesson_flush(p);
        if (p->box != BOX_NONE)
            lesson_perr(p, p->line, "directives go outside boxes (:::try, :::quiz, :::notes)");
        else
            lesson_directive_line(p, s, n);
    } else if (indent == 0 && n >= 3 && strspn(s, "-") == (size_t)n)
        page_break(p, s, n, line_start);
    else if (indent == 0 && s[0] == '#')
        heading(p, s, n);
    else {
        if (!p->title && !p->content && p->box == BOX_NONE) {
            lesson_perr(p, p->line, "the lesson starts with its title, a line \"# ...\"");
            p->content = 1;
        }
        if (tn >= 2 && t[0] == '!' && t[1] == '[')
            image(p, t, tn);
        else if (t[0] == '>')
            note(p, t, tn);
        else
            text(p, t, tn);
    }
}
