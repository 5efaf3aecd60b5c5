/*
 * fmtutil.c — helpers shared by the output formats.  See fmtutil.h.
 *
 * Streaming JSON: each value is dumped with JSON_INDENT(2) through a
 * callback that indents every line after the first by the depth at which
 * the value sits, so pieces written one after another read as one
 * pretty-printed document.  jansson escapes control characters inside
 * strings, so a raw newline in its output is always layout.
 */
#include "fmtutil.h"

#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "excerpt.h"

#define EXCERPT_MAX 120 /* code points */

/* ---- JSON ---- */

/* Bytes [0, n) with every invalid UTF-8 byte replaced by U+FFFD (embedded
 * NULs kept); *k receives the length.  malloc'd. */
static char *repair(const char *s, size_t n, size_t *k)
{
    char *buf = malloc(n * 3 + 1);
    if (!buf)
        return NULL;
    *k = 0;
    for (size_t i = 0; i < n;) {
        int len = nl_utf8_seq_len((const unsigned char *)s + i, n - i);
        if (len > 0) {
            memcpy(buf + *k, s + i, (size_t)len);
            *k += (size_t)len;
            i += (size_t)len;
        } else {
            memcpy(buf + *k, "\xef\xbf\xbd", 3);
            *k += 3;
            i++;
        }
    }
    buf[*k] = '\0';
    return buf;
}

char *nl_fmt_utf8(const char *s)
{
    size_t k;
    return repair(s, strlen(s), &k);
}

json_t *nl_fmt_jstr(const char *s, size_t n)
{
    json_t *v = json_stringn(s, n);
    if (v)
        return v;
    size_t k;
    char *buf = repair(s, n, &k);
    if (!buf)
        return NULL;
    v = json_stringn(buf, k);
    free(buf);
    return v;
}

json_t *nl_fmt_jcstr(const char *s)
{
    return nl_fmt_jstr(s ? s : "", s ? strlen(s) : 0);
}

char *nl_fmt_excerpt(const nl_doc *doc, nl_span sp, size_t *len)
{
    const unsigned char *t = (const unsigned char *)doc->dec.text;
    nl_span ex = nl_excerpt_span(doc, sp);
    size_t a = ex.start, b = ex.end;
    size_t i = a, cps = 0;
    while (i < b && cps < EXCERPT_MAX) {
        i++;
        while (i < b && (t[i] & 0xC0) == 0x80)
            i++;
        cps++;
    }
    char *buf = malloc(i - a + 4);
    if (!buf)
        return NULL;
    memcpy(buf, t + a, i - a);
    *len = i - a;
    if (i < b) {
        memcpy(buf + (i - a), "\xe2\x80\xa6", 3);
        *len += 3;
    }
    buf[*len] = '\0';
    return buf;
}

json_t *nl_fmt_jexcerpt(const nl_doc *doc, nl_span sp)
{
    size_t n;
    char *s = nl_fmt_excerpt(doc, sp, &n);
    json_t *v = s ? nl_fmt_jstr(s, n) : NULL;
    free(s);
    return v;
}

/* jansson calls back with many small pieces (a key, a quote, a comma):
 * they are gathered in a buffer written out in large blocks, and the
 * indentation is inserted after each newline while copying. */
typedef struct dump_ctx {
    FILE *out;
    size_t indent; /* spaces added after each newline */
    size_t n;      /* bytes in buf */
    int failed;
    char buf[16384];
} dump_ctx;

static void dump_flush(dump_ctx *c)
{
    if (c->n && !c->failed && fwrite(c->buf, 1, c->n, c->out) != c->n)
        c->failed = 1;
    c->n = 0;
}

/* Append bytes (fewer than the buffer holds at a time). */
static void dump_put(dump_ctx *c, const char *b, size_t k)
{
    while (k > 0) {
        if (c->n == sizeof c->buf)
            dump_flush(c);
        size_t m = sizeof c->buf - c->n < k ? sizeof c->buf - c->n : k;
        memcpy(c->buf + c->n, b, m);
        c->n += m;
        b += m;
        k -= m;
    }
}

static int dump_cb(const char *buf, size_t size, void *data)
{
    static const char spaces[] = "                                                                ";
    dump_ctx *c = data;
    while (size > 0) {
        const char *nl = c->indent ? memchr(buf, '\n', size) : NULL;
        size_t n = nl ? (size_t)(nl - buf) + 1 : size;
        dump_put(c, buf, n);
        for (size_t left = nl ? c->indent : 0; left > 0;) {
            size_t m = left < sizeof spaces - 1 ? left : sizeof spaces - 1;
            dump_put(c, spaces, m);
            left -= m;
        }
        buf += n;
        size -= n;
    }
    return c->failed ? -1 : 0;
}

int nl_fmt_jemit(FILE *out, const json_t *v, int depth, int pretty)
{
    dump_ctx *c = malloc(sizeof *c);
    if (!c)
        return -1;
    c->out = out;
    c->indent = depth > 0 ? 2 * (size_t)depth : 0;
    c->n = 0;
    c->failed = 0;
    size_t flags = JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10) |
                   (pretty ? JSON_INDENT(2) : JSON_COMPACT);
    int rc = json_dump_callback(v, dump_cb, c, flags);
    dump_flush(c);
    rc = rc != 0 || c->failed ? -1 : 0;
    free(c);
    return rc;
}

/* ---- positions and paths ---- */

void nl_fmt_range(const nl_doc *doc, const nl_finding *x, nl_pos *start,
                  nl_pos *end)
{
    *start = nl_doc_pos(doc, x->span.start);
    *end = nl_doc_pos(doc, x->span.end < x->span.start ? x->span.start : x->span.end);
}

int nl_fmt_byte_column(const nl_doc *doc, size_t offset)
{
    if (offset > doc->dec.len)
        offset = doc->dec.len;
    if (doc->source) /* a web page: the column in its source */
        return nl_fmt_byte_column(doc->source, doc->xmap[offset]);
    size_t line = nl_doc_line_of(doc, offset);
    return (int)(offset - doc->line_starts[line]) + 1;
}

char *nl_fmt_path(const nl_report_opts *o, const char *path)
{
    return o->repo ? nl_repo_relpath(o->repo, path) : strdup(path);
}

char *nl_fmt_uri(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    int abs = path[0] == '/';
    char *out = malloc(strlen(path) * 3 + 8), *o = out;
    if (!out)
        return NULL;
    if (abs)
        o += sprintf(o, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            *o++ = (char)c;
        } else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

/* ---- the rule catalogue ---- */

size_t nl_fmt_rule_count(const nl_ruleset *set)
{
    return (set ? set->n : 0) + nl_nbuiltins;
}

nl_fmt_rule nl_fmt_rule_at(const nl_ruleset *set, size_t i)
{
    size_t n = set ? set->n : 0;
    if (i < n) {
        const nl_rule *r = &set->rules[i];
        return (nl_fmt_rule){r->id, r->severity, r->enabled, r->description, r};
    }
    const nl_builtin *b = &nl_builtins[i - n];
    return (nl_fmt_rule){b->id, b->severity, 1, b->description, NULL};
}

long nl_fmt_rule_index(const nl_ruleset *set, const char *id)
{
    size_t n = set ? set->n : 0;
    for (size_t i = 0; i < n; i++)
        if (set->rules[i].id == id || strcmp(set->rules[i].id, id) == 0)
            return (long)i;
    for (size_t i = 0; i < nl_nbuiltins; i++)
        if (strcmp(nl_builtins[i].id, id) == 0)
            return (long)(n + i);
    return -1;
}
