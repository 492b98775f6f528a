/* lesson_inline.c — inline styles: **bold**, *italic*, `code` and [links](target) taken out of a
 * paragraph's text and turned into spans. */
#include "lesson_parse.h"

#include <string.h>

static int line_at(const parser *p, int offset)
{
    int line = p->pend_line;
    for (int i = 0; i < p->n_marks; i++)
        if (p->marks[i].offset <= offset)
            line = p->marks[i].line;
    return line;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads a link's target; 0, or -1 when it is none of the forms the format knows. */
static int parse_target(const char *t, size_t n, lesson_link *out)
{
    *out = (lesson_link){ 0 };
    if ((n > 7 && strncmp(t, "http://", 7) == 0) || (n > 8 && strncmp(t, "https://", 8) == 0)) {
        out->url = t; /* the caller copies it */
        return 0;
    }
    size_t i = 0;
    if (i < n && is_digit(t[i])) {
        int num = 0;
        while (i < n && is_digit(t[i]) && num < 1000)
            num = num * 10 + (t[i++] - '0');
        if (num < 1)
            return -1;
        out->lesson = num;
        /* the rest of a file name: "-perte.md" */
        if (i < n && t[i] == '-') {
            while (i < n && t[i] != '#' && t[i] != ' ' && t[i] != '/')
                i++;
            if (i < 3 || strncmp(t + i - 3, ".md", 3) != 0)
                return -1;
        }
    }
    if (i < n && t[i] == '#') {
        i++;
        int page = 0;
        if (i >= n)
            return -1;
        while (i < n && is_digit(t[i]) && page < 1000)
            page = page * 10 + (t[i++] - '0');
        if (page < 1)
            return -1;
        out->page = page;
    }
    return i == n && (out->lesson > 0 || out->page > 0) ? 0 : -1;
}

static int add_span(parser *p, int start, unsigned style, int link)
{
    if (p->n_spans > 0) {
        lesson_span *last = &p->spans[p->n_spans - 1];
        if (last->style == style && last->link == link)
            return 0;
        if (last->start == start) {
            /* nothing was written in the last style: it takes the new one */
            last->style = style, last->link = link;
            return 0;
        }
    }
    if (lesson_grow(&p->spans, &p->cap_spans, p->n_spans, sizeof *p->spans) < 0)
        return -1;
    p->spans[p->n_spans++] = (lesson_span){ start, 0, style, link };
    return 0;
}

/* A text being styled: src[0..n) read, out[0..len) written. */
typedef struct styler {
    parser *p;
    const char *src;
    int n;
    char *out;
    int len;
    unsigned style;
    int link, link_end, link_resume; /* the link open: its index, where its text ends and goes on */
    int bold_at, italic_at;          /* where the open marks are, for messages */
} styler;

/* The handlers below take the mark at src[*i]: 1 when they did (and moved *i past it), 0 when it
 * is none of theirs, -1 out of memory, 2 to stop (the error is reported). */

static int put(styler *st, unsigned style, const char *s, int n)
{
    if (add_span(st->p, st->len, style, st->link) < 0)
        return -1;
    memcpy(st->out + st->len, s, (size_t)n);
    st->len += n;
    return 1;
}

static int take_escape(styler *st, int *i)
{
    if (st->src[*i] != '\\' || *i + 1 >= st->n || !strchr("\\`*_[]()#!@>-+.:|{}", st->src[*i + 1]))
        return 0;
    *i += 2;
    return put(st, st->style, st->src + *i - 1, 1);
}

static int take_code(styler *st, int *i)
{
    if (st->src[*i] != '`')
        return 0;
    const char *close = memchr(st->src + *i + 1, '`', (size_t)(st->n - *i - 1));
    if (!close) {
        lesson_perr(st->p, line_at(st->p, *i),
                    "` opens code here but is never closed (write \\` for a backquote)");
        return 2;
    }
    int cn = (int)(close - (st->src + *i + 1));
    int rc = put(st, st->style | LESSON_MONO, st->src + *i + 1, cn);
    *i += cn + 2;
    return rc;
}

/* ** and *: they open before a non-space and close after one. */
static int take_emphasis(styler *st, int *i)
{
    const char *src = st->src;
    if (src[*i] != '*')
        return 0;
    int bold = *i + 1 < st->n && src[*i + 1] == '*', w = bold ? 2 : 1;
    unsigned mark = bold ? LESSON_BOLD : LESSON_ITALIC;
    int opens = !(st->style & mark) && *i + w < st->n && src[*i + w] != ' ';
    int closes = (st->style & mark) && *i > 0 && src[*i - 1] != ' ';
    if (!opens && !closes)
        return 0;
    st->style ^= mark;
    *(bold ? &st->bold_at : &st->italic_at) = opens ? *i : -1;
    *i += w;
    return 1;
}

/* [text](target): the text is styled as a link up to its ']', then the reading goes on after ')'. */
static int take_link(styler *st, int *i)
{
    const char *src = st->src;
    int n = st->n;
    if (src[*i] != '[' || st->link >= 0)
        return 0;
    const char *close = memchr(src + *i + 1, ']', (size_t)(n - *i - 1));
    int j = close ? (int)(close - src) : -1;
    if (j <= *i + 1 || j + 1 >= n || src[j + 1] != '(')
        return 0;
    const char *end = memchr(src + j + 2, ')', (size_t)(n - j - 2));
    if (!end)
        return 0;
    int k = (int)(end - src), tn = k - j - 2;
    lesson_link lk;
    if (parse_target(src + j + 2, (size_t)tn, &lk) < 0) {
        lesson_perr(st->p, line_at(st->p, *i),
                    "link to \"%.*s\": expected a lesson's file (04-perte.md), a lesson's number (4), "
                    "a page (#2, 04-perte.md#2) or an address (https://...)",
                    tn > 200 ? 200 : tn, src + j + 2);
        return 0;
    }
    parser *p = st->p;
    if (lk.url && !(lk.url = arena_strndup(&p->ar, src + j + 2, (size_t)tn)))
        return -1;
    lk.line = line_at(p, *i);
    if (lesson_grow(&p->links, &p->cap_links, p->n_links, sizeof *p->links) < 0)
        return -1;
    st->link = p->n_links;
    p->links[p->n_links++] = lk;
    st->style |= LESSON_LINK;
    st->link_end = j;
    st->link_resume = k + 1;
    *i += 1;
    return 1;
}

/* The marks left open, and the spans' lengths from their starts. */
static int finish(styler *st, lesson_text *out)
{
    parser *p = st->p;
    if (st->style & LESSON_BOLD)
        lesson_perr(p, line_at(p, st->bold_at < 0 ? 0 : st->bold_at),
                    "** opens bold text here but it is never closed");
    if (st->style & LESSON_ITALIC)
        lesson_perr(p, line_at(p, st->italic_at < 0 ? 0 : st->italic_at),
                    "* opens italic text here but it is never closed (write \\* for a star)");
    st->out[st->len] = 0;
    int ns = 0;
    for (int i = 0; i < p->n_spans; i++) {
        int end = i + 1 < p->n_spans ? p->spans[i + 1].start : st->len;
        p->spans[i].len = end - p->spans[i].start;
        if (p->spans[i].len > 0)
            p->spans[ns++] = p->spans[i];
    }
    out->s = st->out;
    out->len = st->len;
    out->spans = arena_copy(&p->ar, p->spans, (size_t)ns * sizeof *p->spans);
    out->n_spans = ns;
    return out->spans ? 0 : -1;
}

int lesson_style_text(parser *p, const char *src, int n, lesson_text *out)
{
    *out = (lesson_text){ "", 0, NULL, 0 };
    styler st = { .p = p,
                  .src = src,
                  .n = n,
                  .link = -1,
                  .link_end = -1,
                  .link_resume = -1,
                  .bold_at = -1,
                  .italic_at = -1 };
    st.out = arena_alloc(&p->ar, (size_t)n + 1);
    if (!st.out)
        return -1;
    p->n_spans = 0;
    for (int i = 0; i < n;) {
        if (i == st.link_end) {
            st.style &= ~(unsigned)LESSON_LINK;
            st.link = -1;
            i = st.link_resume;
            st.link_end = -1;
            continue;
        }
        int rc = take_escape(&st, &i);
        rc = rc ? rc : take_code(&st, &i);
        rc = rc ? rc : take_emphasis(&st, &i);
        rc = rc ? rc : take_link(&st, &i);
        if (rc == 0) {
            rc = put(&st, st.style, src + i, 1);
            i++;
        }
        if (rc < 0)
            return -1;
        if (rc == 2)
            return 0;
    }
    if (st.link_end >= 0)
        st.style &= ~(unsigned)LESSON_LINK;
    return finish(&st, out);
}
