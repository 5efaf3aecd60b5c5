/*
 * fmt_json.c — the json and jsonl formats of `noticelint check` (see fmt.h
 * and docs/output.md).
 *
 * The json format is one object, {"tool", "files", "summary"}, but it is
 * written as it goes: the envelope is written by hand and each element of
 * "files" is built as a jansson value, dumped, and freed before the next
 * document is checked, so memory stays flat however many documents there
 * are.  To make the pieces read as one pretty-printed document, each value
 * is dumped with JSON_INDENT(2) through a callback that indents every line
 * after the first by the depth at which the value sits.  jansson escapes
 * control characters inside strings, so a raw newline in its output is
 * always layout.
 *
 * Positions: line, column (code points), end_line, end_column (exclusive)
 * from nl_doc_pos at the span's start and end; offset and length are bytes
 * of the original file.  Strings that may not be UTF-8 (paths, messages)
 * are repaired — each invalid byte becomes U+FFFD — rather than dropped.
 */
#include "fmt.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "notice_json.h"
#include "rules.h"

#define EXCERPT_MAX 120 /* code points */

struct nl_json_writer {
    FILE *out;
    int pretty;
    size_t nfiles;
    int failed; /* a write failed: the output is broken */
};

/* ---- building values ---- */

/* A JSON string from n bytes, invalid UTF-8 replaced by U+FFFD.  NULL only
 * on allocation failure. */
static json_t *jstr(const char *s, size_t n)
{
    json_t *v = json_stringn(s, n);
    if (v)
        return v;
    char *buf = malloc(n * 3 + 1);
    if (!buf)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        int len = nl_utf8_seq_len((const unsigned char *)s + i, n - i);
        if (len > 0) {
            memcpy(buf + k, s + i, (size_t)len);
            k += (size_t)len;
            i += (size_t)len;
        } else {
            memcpy(buf + k, "\xef\xbf\xbd", 3);
            k += 3;
            i++;
        }
    }
    v = json_stringn(buf, k);
    free(buf);
    return v;
}

static json_t *jcstr(const char *s)
{
    return jstr(s ? s : "", s ? strlen(s) : 0);
}

/* Is the character at t[i..n) trimmed from line ends (as in `parse`)?
 * Returns its length, or 0. */
static size_t space_len(const unsigned char *t, size_t i, size_t n)
{
    unsigned char c = t[i];
    if (c == ' ' || c == '\t' || c == '\f' || c == '\v')
        return 1;
    if (n - i >= 2 && c == 0xC2 && t[i + 1] == 0xA0)
        return 2; /* U+00A0 */
    if (n - i >= 3) {
        unsigned c1 = t[i + 1], c2 = t[i + 2];
        if (c == 0xE3 && c1 == 0x80 && c2 == 0x80)
            return 3; /* U+3000 */
        if (c == 0xEF && c1 == 0xBB && c2 == 0xBF)
            return 3; /* U+FEFF */
        if (c == 0xE2 && c1 == 0x80 && c2 <= 0x8B)
            return 3; /* U+2000..U+200B */
        if (c == 0xE2 && c1 == 0x80 && c2 == 0xAF)
            return 3; /* U+202F */
        if (c == 0xE2 && c1 == 0x81 && c2 == 0x9F)
            return 3; /* U+205F */
    }
    return 0;
}

/* The excerpt of a span: its text, or for an empty span the trimmed text of
 * its line; at most EXCERPT_MAX code points, "…" appended when cut. */
static json_t *excerpt_json(const nl_doc *doc, nl_span sp)
{
    const unsigned char *t = (const unsigned char *)doc->dec.text;
    size_t len = doc->dec.len;
    size_t a = sp.start > len ? len : sp.start;
    size_t b = sp.end > len ? len : sp.end < a ? a : sp.end;
    if (a == b) {
        size_t line = nl_doc_line_of(doc, a);
        a = doc->line_starts[line];
        b = doc->line_ends[line];
        size_t k;
        while (a < b && (k = space_len(t, a, b)) > 0)
            a += k;
        while (b > a) { /* trim the end, one character at a time */
            size_t p = b - 1;
            while (p > a && (t[p] & 0xC0) == 0x80)
                p--;
            if (space_len(t, p, b) != b - p)
                break;
            b = p;
        }
    }
    size_t i = a, cps = 0;
    while (i < b && cps < EXCERPT_MAX) {
        i++;
        while (i < b && (t[i] & 0xC0) == 0x80)
            i++;
        cps++;
    }
    if (i >= b)
        return jstr((const char *)t + a, b - a);
    char *buf = malloc(i - a + 4);
    if (!buf)
        return NULL;
    memcpy(buf, t + a, i - a);
    memcpy(buf + (i - a), "\xe2\x80\xa6", 3);
    json_t *v = jstr(buf, i - a + 3);
    free(buf);
    return v;
}

/* The keys of one finding, appended to o (which may already hold "path"). */
static json_t *finding_json(json_t *o, const nl_doc *doc, const nl_finding *x)
{
    if (!o)
        return NULL;
    nl_pos p = nl_doc_pos(doc, x->span.start);
    nl_pos q = nl_doc_pos(doc, x->span.end < x->span.start ? x->span.start
                                                           : x->span.end);
    int bad = 0;
    bad |= json_object_set_new(o, "rule", jcstr(x->rule_id));
    bad |= json_object_set_new(o, "severity", json_string(nl_severity_name(x->severity)));
    bad |= json_object_set_new(o, "message", jcstr(x->message));
    bad |= json_object_set_new(o, "line", json_integer(p.line));
    bad |= json_object_set_new(o, "column", json_integer(p.column));
    bad |= json_object_set_new(o, "end_line", json_integer(q.line));
    bad |= json_object_set_new(o, "end_column", json_integer(q.column));
    bad |= json_object_set_new(o, "offset", json_integer((json_int_t)p.offset));
    bad |= json_object_set_new(o, "length",
                               json_integer((json_int_t)(q.offset - p.offset)));
    bad |= json_object_set_new(o, "excerpt", excerpt_json(doc, x->span));
    if (x->suggestion)
        bad |= json_object_set_new(o, "suggestion", jcstr(x->suggestion));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *file_json(const nl_doc *doc, const nl_notice *nt,
                         const nl_findings *f)
{
    json_t *o = json_object(), *arr = json_array();
    int bad = !o || !arr;
    bad |= json_object_set_new(o, "path", jcstr(doc->path));
    bad |= json_object_set_new(o, "encoding",
                               json_string(nl_encoding_name(doc->dec.encoding)));
    bad |= json_object_set_new(o, "facts", nt ? nl_notice_facts_json(nt)
                                              : json_null());
    for (size_t i = 0; !bad && f && i < f->n; i++)
        bad |= json_array_append_new(arr, finding_json(json_object(), doc, &f->v[i]));
    if (bad) {
        json_decref(o);
        json_decref(arr);
        return NULL;
    }
    if (json_object_set_new(o, "findings", arr)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* ---- writing ---- */

typedef struct dump_ctx {
    FILE *out;
    int depth; /* indentation added after each newline, in levels of 2 */
} dump_ctx;

static int dump_cb(const char *buf, size_t size, void *data)
{
    dump_ctx *c = data;
    while (size > 0) {
        const char *nl = memchr(buf, '\n', size);
        size_t n = nl ? (size_t)(nl - buf) + 1 : size;
        if (fwrite(buf, 1, n, c->out) != n)
            return -1;
        if (nl && fprintf(c->out, "%*s", 2 * c->depth, "") < 0)
            return -1;
        buf += n;
        size -= n;
    }
    return 0;
}

/* Dump v at nesting depth `depth`; 0 or -1. */
static int emit(nl_json_writer *w, const json_t *v, int depth)
{
    dump_ctx c = {w->out, depth};
    size_t flags = JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10) |
                   (w->pretty ? JSON_INDENT(2) : JSON_COMPACT);
    return json_dump_callback(v, dump_cb, &c, flags);
}

static int put(nl_json_writer *w, const char *s)
{
    if (fputs(s, w->out) == EOF) {
        w->failed = 1;
        return -1;
    }
    return 0;
}

nl_json_writer *nl_json_begin(FILE *out, int pretty)
{
    nl_json_writer *w = calloc(1, sizeof *w);
    json_t *tool = json_pack("{s:s, s:s}", "name", "noticelint", "version",
                             NL_VERSION);
    if (!w || !tool) {
        free(w);
        json_decref(tool);
        return NULL;
    }
    w->out = out;
    w->pretty = pretty != 0;
    int rc = put(w, w->pretty ? "{\n  \"tool\": " : "{\"tool\":");
    if (rc == 0)
        rc = emit(w, tool, 1);
    if (rc == 0)
        rc = put(w, w->pretty ? ",\n  \"files\": [" : ",\"files\":[");
    json_decref(tool);
    if (rc != 0) {
        free(w);
        return NULL;
    }
    return w;
}

int nl_json_file(nl_json_writer *w, const nl_doc *doc, const nl_notice *nt,
                 const nl_findings *f)
{
    if (!w || !doc)
        return -1;
    json_t *o = file_json(doc, nt, f);
    if (!o)
        return -1;
    int rc = 0;
    if (w->nfiles > 0)
        rc = put(w, ",");
    if (rc == 0 && w->pretty)
        rc = put(w, "\n    ");
    if (rc == 0 && emit(w, o, 2) != 0)
        rc = -1;
    json_decref(o);
    if (rc != 0)
        w->failed = 1;
    else
        w->nfiles++;
    return rc;
}

int nl_json_end(nl_json_writer *w, const nl_summary *s)
{
    if (!w)
        return -1;
    json_t *sum = json_pack(
        "{s:I, s:I, s:I, s:I, s:I}", "files", (json_int_t)s->files, "findings",
        (json_int_t)s->findings, "error", (json_int_t)s->by_severity[NL_SEV_ERROR],
        "warning", (json_int_t)s->by_severity[NL_SEV_WARNING], "info",
        (json_int_t)s->by_severity[NL_SEV_INFO]);
    int rc = sum ? 0 : -1;
    if (rc == 0)
        rc = put(w, w->pretty ? (w->nfiles ? "\n  ],\n  \"summary\": " : "],\n  \"summary\": ")
                              : "],\"summary\":");
    if (rc == 0)
        rc = emit(w, sum, 1);
    if (rc == 0)
        rc = put(w, w->pretty ? "\n}\n" : "}\n");
    if (rc == 0 && fflush(w->out) != 0)
        rc = -1;
    if (rc == 0 && (w->failed || ferror(w->out)))
        rc = -1;
    json_decref(sum);
    free(w);
    return rc;
}

int nl_fmt_jsonl(FILE *out, const nl_doc *doc, const nl_findings *f)
{
    if (!f)
        return 0;
    for (size_t i = 0; i < f->n; i++) {
        json_t *o = json_object();
        if (o && json_object_set_new(o, "path", jcstr(doc->path))) {
            json_decref(o);
            o = NULL;
        }
        o = finding_json(o, doc, &f->v[i]);
        if (!o)
            return -1;
        int rc = json_dumpf(o, out, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10) | JSON_COMPACT);
        json_decref(o);
        if (rc != 0 || fputc('\n', out) == EOF)
            return -1;
    }
    return 0;
}
