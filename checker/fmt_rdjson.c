/*
 * fmt_rdjson.c — `check --format rdjson`: reviewdog's Diagnostic Format
 * (a DiagnosticResult as JSON), so that reviewdog can comment on pull and
 * merge requests in any forge (`reviewdog -f=rdjson`; docs/output.md).
 *
 *   {"source": {"name": "noticelint"[, "url"]}, "diagnostics": [
 *     {"message", "location": {"path", "range": {"start", "end"}},
 *      "severity": "ERROR"|"WARNING"|"INFO", "code": {"value": RULE},
 *      "suggestions": [{"range", "text"}], "original_output"}]}
 *
 * reviewdog counts columns in UTF-8 bytes (1-based, end exclusive), not in
 * code points: columns here are byte counts of the decoded UTF-8 line,
 * whatever the file's own encoding.  Paths are relative to the repository
 * root (repo.h).  "suggestions" is present only when the finding has a
 * suggestion: its text replaces the range.  "original_output" is the
 * finding as the quiet text format prints it.  Streamed like json: the
 * head in begin(), diagnostics as documents are checked, the tail in end().
 * source.url is the NL_HOMEPAGE the binary was built with, when there is
 * one.
 */
#include <stdlib.h>
#include <string.h>

#include "fmtutil.h"
#include "report.h"

#ifndef NL_HOMEPAGE
#define NL_HOMEPAGE ""
#endif

typedef struct rdjson {
    size_t n;
} rdjson;

static int put(FILE *out, const char *s)
{
    return fputs(s, out) == EOF ? -1 : 0;
}

static int rdjson_begin(void **state, FILE *out, const nl_report_opts *o)
{
    (void)o;
    rdjson *st = calloc(1, sizeof *st);
    json_t *src = NL_HOMEPAGE[0] ? json_pack("{s:s, s:s}", "name", "noticelint", "url", NL_HOMEPAGE)
                                 : json_pack("{s:s}", "name", "noticelint");
    int rc = st && src ? put(out, "{\n  \"source\": ") : -1;
    if (rc == 0)
        rc = nl_fmt_jemit(out, src, 1, 1);
    if (rc == 0)
        rc = put(out, ",\n  \"diagnostics\": [");
    json_decref(src);
    if (rc != 0) {
        free(st);
        return -1;
    }
    *state = st;
    return 0;
}

static json_t *range_json(const nl_doc *doc, const nl_finding *x)
{
    size_t a = x->span.start, b = x->span.end < a ? a : x->span.end;
    nl_pos p = nl_doc_pos(doc, a), q = nl_doc_pos(doc, b);
    return json_pack("{s:{s:i, s:i}, s:{s:i, s:i}}", "start", "line", p.line, "column",
                     nl_fmt_byte_column(doc, a), "end", "line", q.line, "column",
                     nl_fmt_byte_column(doc, b));
}

static json_t *diagnostic(const char *path, const nl_doc *doc, const nl_finding *x)
{
    const char *sev = x->severity >= NL_SEV_ERROR     ? "ERROR"
                      : x->severity == NL_SEV_WARNING ? "WARNING"
                                                      : "INFO";
    nl_pos p = nl_doc_pos(doc, x->span.start);
    char *orig = NULL;
    size_t on = 0;
    FILE *m = open_memstream(&orig, &on);
    if (!m)
        return NULL;
    fprintf(m, "%s:%d:%d: %s: %s [%s]", path, p.line, p.column,
            nl_severity_name(x->severity), x->message ? x->message : "", x->rule_id);
    if (fclose(m) != 0) {
        free(orig);
        return NULL;
    }
    json_t *d = json_pack("{s:o, s:{s:o, s:o}, s:s, s:{s:o}, s:o}", "message",
                          nl_fmt_jcstr(x->message), "location", "path", nl_fmt_jcstr(path),
                          "range", range_json(doc, x), "severity", sev, "code", "value",
                          nl_fmt_jcstr(x->rule_id), "original_output", nl_fmt_jcstr(orig));
    free(orig);
    if (d && x->suggestion) {
        json_t *s = json_pack("[{s:o, s:o}]", "range", range_json(doc, x), "text",
                              nl_fmt_jcstr(x->suggestion));
        if (!s || json_object_set_new(d, "suggestions", s) != 0) {
            json_decref(d);
            return NULL;
        }
    }
    return d;
}

static int rdjson_file(void *state, FILE *out, const nl_report_opts *o,
                       const nl_doc *doc, const nl_notice *nt, const nl_findings *f)
{
    (void)nt;
    rdjson *st = state;
    if (!f || f->n == 0)
        return 0;
    char *path = nl_fmt_path(o, doc->path);
    int rc = path ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < f->n; i++) {
        json_t *d = diagnostic(path, doc, &f->v[i]);
        rc = d ? put(out, st->n ? ",\n    " : "\n    ") : -1;
        if (rc == 0)
            rc = nl_fmt_jemit(out, d, 2, 1);
        json_decref(d);
        st->n++;
    }
    free(path);
    return rc;
}

static int rdjson_end(void *state, FILE *out, const nl_report_opts *o,
                      const nl_summary *s)
{
    (void)o;
    (void)s;
    rdjson *st = state;
    int rc = put(out, st->n ? "\n  ]\n}\n" : "]\n}\n");
    if (rc == 0 && (fflush(out) != 0 || ferror(out)))
        rc = -1;
    free(st);
    return rc;
}

const nl_format nl_fmt_rdjson = {"rdjson", rdjson_begin, rdjson_file, rdjson_end};
