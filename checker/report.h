/*
 * report.h — the output formats of `noticelint check`, behind one
 * interface so the check loop does not know them.  A reporter is fed one
 * document at a time, in input order, and writes as it goes (streaming:
 * nothing is kept but what a format needs for its ending, such as the
 * summary counts or SARIF's rule table).
 *
 * To add a format: write fmt_<name>.c with the three callbacks and add a
 * row to the table in report.c.  The CI formats (fmt_sarif.c, fmt_junit.c,
 * fmt_github.c, fmt_rdjson.c, fmt_codequality.c) export their nl_format
 * and share fmtutil.h.
 */
#ifndef NL_REPORT_H
#define NL_REPORT_H

#include <stdio.h>

#include "fmt.h"
#include "notice.h"
#include "project.h"
#include "repo.h"
#include "rules.h"

typedef struct nl_report_opts {
    int color;                 /* text: ANSI colours */
    int quiet;                 /* text: one line per finding, no summary */
    const nl_ruleset *set;     /* the rules that ran (SARIF, JUnit) */
    nl_repo *repo;             /* CI formats: paths relative to its root;
                                  NULL = paths as given */
    const nl_project *project; /* JUnit: per-path rules and ignores; may be NULL */
} nl_report_opts;

typedef struct nl_reporter nl_reporter;

/* The callbacks of one format; state is the format's own. */
typedef struct nl_format {
    const char *name;
    int (*begin)(void **state, FILE *out, const nl_report_opts *o);
    int (*file)(void *state, FILE *out, const nl_report_opts *o,
                const nl_doc *doc, const nl_notice *nt, const nl_findings *f);
    int (*end)(void *state, FILE *out, const nl_report_opts *o,
               const nl_summary *s);   /* also frees state */
} nl_format;

extern const nl_format nl_fmt_sarif, nl_fmt_junit, nl_fmt_github,
    nl_fmt_rdjson, nl_fmt_codequality;

/* NULL when `format` is unknown (nl_reporter_formats() lists them) or on
 * allocation failure. */
nl_reporter *nl_reporter_new(const char *format, FILE *out,
                             const nl_report_opts *o);
const char *nl_reporter_formats(void);

/* 1 if `format` names a check output format. */
int nl_reporter_known(const char *format);
int nl_reporter_file(nl_reporter *r, const nl_doc *doc, const nl_notice *nt,
                     const nl_findings *f);
/* Write the ending and free the reporter; 0 or -1 on a write error. */
int nl_reporter_end(nl_reporter *r, const nl_summary *s);

#endif
