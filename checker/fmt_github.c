/*
 * fmt_github.c — `check --format github`: GitHub Actions workflow commands,
 * one per finding, so that findings appear as annotations on the lines of
 * a pull request (docs/output.md):
 *
 *   ::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE
 *
 * `error`, `warning` and `notice` follow the severity.  PATH is relative
 * to the repository root (repo.h), which is what GitHub expects; columns
 * are code points, end exclusive.  A suggestion is a second line of the
 * message.  Escaping follows the runner's rules: in the message '%', CR
 * and LF become %25, %0D and %0A; in property values ':' and ',' also
 * become %3A and %2C.  Nothing else is printed, so the output can go
 * straight to the log.
 */
#include <stdlib.h>
#include <string.h>

#include "fmtutil.h"
#include "report.h"

static void escape(FILE *out, const char *s, int property)
{
    char *u = nl_fmt_utf8(s ? s : "");
    for (const char *p = u ? u : ""; *p; p++) {
        switch (*p) {
        case '%': fputs("%25", out); break;
        case '\r': fputs("%0D", out); break;
        case '\n': fputs("%0A", out); break;
        case ':': fputs(property ? "%3A" : ":", out); break;
        case ',': fputs(property ? "%2C" : ",", out); break;
        default: fputc(*p, out);
        }
    }
    free(u);
}

static int github_begin(void **state, FILE *out, const nl_report_opts *o)
{
    (void)out;
    (void)o;
    *state = NULL;
    return 0;
}

static int github_file(void *state, FILE *out, const nl_report_opts *o,
                       const nl_doc *doc, const nl_notice *nt, const nl_findings *f)
{
    (void)state;
    (void)nt;
    if (!f || f->n == 0)
        return 0;
    char *path = nl_fmt_path(o, doc->path);
    if (!path)
        return -1;
    for (size_t i = 0; i < f->n; i++) {
        const nl_finding *x = &f->v[i];
        nl_pos p, q;
        nl_fmt_range(doc, x, &p, &q);
        const char *cmd = x->severity >= NL_SEV_ERROR     ? "error"
                          : x->severity == NL_SEV_WARNING ? "warning"
                                                          : "notice";
        fprintf(out, "::%s file=", cmd);
        escape(out, path, 1);
        fprintf(out, ",line=%d,col=%d,endLine=%d,endColumn=%d,title=", p.line,
                p.column, q.line, q.column);
        escape(out, x->rule_id, 1);
        fputs("::", out);
        escape(out, x->message, 0);
        if (x->suggestion) {
            fputs("%0Asuggestion: ", out);
            escape(out, x->suggestion, 0);
        }
        fputc('\n', out);
    }
    free(path);
    return ferror(out) ? -1 : 0;
}

static int github_end(void *state, FILE *out, const nl_report_opts *o,
                      const nl_summary *s)
{
    (void)state;
    (void)o;
    (void)s;
    return fflush(out) != 0 || ferror(out) ? -1 : 0;
}

const nl_format nl_fmt_github = {"github", github_begin, github_file, github_end};
