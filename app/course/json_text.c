/* json_text.c — the JSON string escaper (json_text.h). */
#include "json_text.h"

#include <stdio.h>
#include <string.h>

/* The length of the UTF-8 sequence at s (1..4), or 0 when it is not one. Overlong forms and
 * surrogates are refused, as a strict JSON reader would. */
static int utf8_length(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    int n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 0;
    if (n == 0 || (n == 3 && s[0] >= 0xf0))
        return 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
        (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
        return 0;
    return n;
}

void json_quote(const char *s, json_sink put, void *ctx)
{
    put(ctx, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
        char esc[8];
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\', esc[1] = (char)*p++;
            put(ctx, esc, 2);
        } else if (*p == '\n' || *p == '\t') {
            put(ctx, *p++ == '\n' ? "\\n" : "\\t", 2);
        } else if (*p < 0x20 || *p == 0x7f) {
            snprintf(esc, sizeof esc, "\\u%04x", *p++);
            put(ctx, esc, 6);
        } else {
            int n = utf8_length(p);
            if (n == 0)
                put(ctx, "\\ufffd", 6), p++;
            else
                put(ctx, (const char *)p, (size_t)n), p += n;
        }
    }
    put(ctx, "\"", 1);
}
