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
 * of the original file (omitted for a .docx, whose "unit" is "paragraph":
 * line is the paragraph, column the character in it).  Strings that may not be UTF-8 (paths, messages)
 * are repaired — each invalid byte becomes U+FFFD — rather than dropped.
 */
#include "fmt.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "fmtutil.h"
#include "notice_json.h"
#include "rules.h"

struct nl_json_writer {
    FILE *out;
    int pretty;
    size_t nfiles;
    int failed; /* a write failed: the output is broken */
};

/* ---- building values ---- */

/* The keys of one finding, appended to o (which may already hold "path"). */
static json_t *finding_json(json_t *o, const nl_doc *doc, const nl_finding *x)
{
    if (!o)
        return NULL;
    nl_pos p = nl_doc_pos(doc, x->span.start);
    nl_pos q = nl_doc_pos(doc, x->span.end < x->span.start ? x->span.start
                                                           : x->span.end);
    int bad = 0;
    bad |= json_object_set_new(o, "rule", nl_fmt_jcstr(x->rule_id));
    bad |= json_object_set_new(o, "severity", json_string(nl_severity_name(x->severity)));
    bad |= json_object_set_new(o, "message", nl_fmt_jcstr(x->message));
    bad |= json_object_set_new(o, "line", json_integer(p.line));
    bad |= json_object_set_new(o, "column", json_integer(p.column));
    bad |= json_object_set_new(o, "end_line", json_integer(q.line));
    bad |= json_object_set_new(o, "end_column", json_integer(q.column));
    if (doc->format != NL_INPUT_DOCX) { /* a zip has no useful byte offsets */
        bad |= json_object_set_new(o, "offset", json_integer((json_int_t)p.offset));
        bad |= json_object_set_new(o, "length",
                                   json_integer((json_int_t)(q.offset - p.offset)));
    }
    bad |= json_object_set_new(o, "excerpt", nl_fmt_jexcerpt(doc, x->span));
    if (x->suggestion)
        bad |= json_object_set_new(o, "suggestion", nl_fmt_jcstr(x->suggestion));
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
    bad |= json_object_set_new(o, "path", nl_fmt_jcstr(doc->path));
    bad |= json_object_set_new(o, "format",
                               json_string(nl_input_format_name(doc->format)));
    bad |= json_object_set_new(o, "unit", json_string(nl_doc_unit(doc)));
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

/* Dump v at nesting depth `depth`; 0 or -1. */
static int emit(nl_json_writer *w, const json_t *v, int depth)
{
    return nl_fmt_jemit(w->out, v, depth, w->pretty);
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
        if (o && json_object_set_new(o, "path", nl_fmt_jcstr(doc->path))) {
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
