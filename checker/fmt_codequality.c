/*
 * fmt_codequality.c — `check --format codequality`: the GitLab Code
 * Quality report (a subset of the Code Climate issue format), shown in
 * merge request widgets and diffs (docs/output.md):
 *
 *   [{"description": MESSAGE, "check_name": RULE, "fingerprint": FP,
 *     "severity": "major"|"minor"|"info",
 *     "location": {"path": PATH, "lines": {"begin": L, "end": L2}}}, ...]
 *
 * error is major, warning minor, info info.  PATH is relative to the
 * repository root (repo.h).  The fingerprint is the baseline fingerprint
 * (fingerprint.h, with the path), unique within a report and stable when
 * lines move, which is what GitLab uses to tell new issues from fixed
 * ones.  Streamed as a JSON array.
 */
#include <stdlib.h>
#include <string.h>

#include "fingerprint.h"
#include "fmtutil.h"
#include "report.h"

typedef struct cq {
    size_t n;
} cq;

static int put(FILE *out, const char *s)
{
    return fputs(s, out) == EOF ? -1 : 0;
}

static int cq_begin(void **state, FILE *out, const nl_report_opts *o)
{
    (void)o;
    cq *st = calloc(1, sizeof *st);
    if (!st || put(out, "[") != 0) {
        free(st);
        return -1;
    }
    *state = st;
    return 0;
}

static int cq_file(void *state, FILE *out, const nl_report_opts *o,
                   const nl_doc *doc, const nl_notice *nt, const nl_findings *f)
{
    (void)nt;
    cq *st = state;
    if (!f || f->n == 0)
        return 0;
    char *path = nl_fmt_path(o, doc->path);
    nl_fingerprint *fps = calloc(f->n, sizeof *fps);
    int rc = path && fps && nl_fingerprints(doc, f, path, fps) == 0 ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < f->n; i++) {
        const nl_finding *x = &f->v[i];
        nl_pos p, q;
        nl_fmt_range(doc, x, &p, &q);
        const char *sev = x->severity >= NL_SEV_ERROR     ? "major"
                          : x->severity == NL_SEV_WARNING ? "minor"
                                                          : "info";
        json_t *v = json_pack("{s:o, s:o, s:s, s:s, s:{s:o, s:{s:i, s:i}}}", "description",
                              nl_fmt_jcstr(x->message), "check_name", nl_fmt_jcstr(x->rule_id),
                              "fingerprint", fps[i], "severity", sev, "location", "path",
                              nl_fmt_jcstr(path), "lines", "begin", p.line, "end", q.line);
        rc = v ? put(out, st->n ? ",\n  " : "\n  ") : -1;
        if (rc == 0)
            rc = nl_fmt_jemit(out, v, 1, 1);
        json_decref(v);
        st->n++;
    }
    free(fps);
    free(path);
    return rc;
}

static int cq_end(void *state, FILE *out, const nl_report_opts *o, const nl_summary *s)
{
    (void)o;
    (void)s;
    cq *st = state;
    int rc = put(out, st->n ? "\n]\n" : "]\n");
    if (rc == 0 && (fflush(out) != 0 || ferror(out)))
        rc = -1;
    free(st);
    return rc;
}

const nl_format nl_fmt_codequality = {"codequality", cq_begin, cq_file, cq_end};
