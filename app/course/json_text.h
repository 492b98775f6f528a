/* json_text.h — one JSON string escaper for every file the app and its commands write (`--bench`'s
 * records, `neurone compare --json`, exercise 2's export). */
#ifndef NEURONE_JSON_TEXT_H
#define NEURONE_JSON_TEXT_H

#include <stddef.h>

/* Where the escaped bytes go: n bytes of bytes, appended to what ctx holds. */
typedef void (*json_sink)(void *ctx, const char *bytes, size_t n);

/* s (NULL: "") as a JSON string literal, quotes included: '"' and '\' escaped, \n and \t by name,
 * other control characters and DEL as \u00XX, and a byte that starts no valid UTF-8 sequence as
 * U+FFFD, so that any file name, column name or message read from a file gives valid JSON. */
void json_quote(const char *s, json_sink put, void *ctx);

#endif
