/*
 * audit.h — audit summaries over many notices (`noticelint audit`,
 * docs/audit-output.md).
 *
 * The audit is fed the results of the check pipeline (check.h) one notice
 * at a time, in input order.  From each it keeps one small row — the facts
 * a discipline office tabulates (who published, who inspected, the dates,
 * the stated counts, discipline measures, contact channels, signature) and
 * the findings counted by severity — and never the document, the notice or
 * the findings themselves, so memory grows by a few hundred bytes per
 * notice.  nl_audit_finish() then computes the aggregates: totals,
 * publication-lag distribution, missing elements, rule counts, groups by
 * inspection body.
 *
 * Rows are exposed as a table of columns (nl_audit_column / nl_audit_cell)
 * so that every tabular format (CSV, Markdown, HTML, xlsx) writes the same
 * cells.  The columns are fixed, then one per discipline kind in order of
 * first mention across the input (kinds are vocabulary of the parser
 * configuration, not of the code).  Every string in a row is valid UTF-8
 * without control characters: invalid bytes and controls become U+FFFD.
 *
 * Ownership: the audit owns its rows and strings; pointers handed out are
 * borrowed and live until nl_audit_free().
 */
#ifndef NL_AUDIT_H
#define NL_AUDIT_H

#include <stddef.h>

#include "check.h"

/* Publication lag threshold (days) when the rule set has no compare rule
 * date.publication-lag with a max_diff. */
#define NL_AUDIT_DEFAULT_LAG_DAYS 90.0
#define NL_AUDIT_LAG_RULE "date.publication-lag"

typedef struct nl_audit_disc {
    size_t kind;          /* index into nl_audit.kinds */
    long count;
} nl_audit_disc;

typedef struct nl_audit_row {
    char *path;
    int parsed;                       /* 0: no facts (the notice could not be parsed) */
    char *issuing_unit;               /* NULL when not found */
    char *inspection_body;            /* NULL when not found */
    /* "YYYY-MM-DD" or "YYYY-MM"; "" when absent */
    char inspection_start[16], inspection_end[16], feedback_date[16];
    char publication_date[16];        /* publish_date, else signature_date */
    int has_lag;
    long lag_days;                    /* publication_date - feedback_date */
    /* stated counts, -1 when not stated; items: headings with role item */
    long problems, items, completed, in_progress, systems;
    int has_rate, has_funds;
    double rate, funds;
    nl_audit_disc *disc;              /* in order of mention */
    size_t ndisc;
    unsigned char phone, email, postal, contact, signature, signature_date;
    size_t by_sev[3];                 /* findings by nl_severity */
    char *error_rules;                /* distinct ids of error findings, sorted, space-separated; "" if none */
} nl_audit_row;

typedef struct nl_audit_kind {
    char *name;                       /* as written: 党纪处分 */
    char *key;                        /* "discipline.党纪处分" */
    long total;
    size_t notices;                   /* notices stating it */
} nl_audit_kind;

typedef struct nl_audit_rule {
    char *id;
    int severity;                     /* the highest seen */
    size_t findings, notices;
    size_t last_row;                  /* 1 + the last row counted (internal) */
} nl_audit_rule;

typedef struct nl_audit_sum {
    double total;
    size_t notices;                   /* notices that state the figure */
} nl_audit_sum;

typedef struct nl_audit_group {
    char *body;                       /* inspection body, NULL = not found */
    size_t notices;
    size_t *rows;                     /* indices into nl_audit.rows */
    nl_audit_sum problems, items, completed;
    size_t by_sev[3];
    size_t with_lag, over;            /* notices with a lag; over the threshold */
    long lag_max;
} nl_audit_group;

typedef struct nl_audit_lag {
    size_t n;                         /* notices with a lag */
    long min, max, p90;               /* p90: nearest rank */
    double median;                    /* mean of the two middle values when n is even */
    size_t over;                      /* lag_days > threshold */
} nl_audit_lag;

typedef struct nl_audit {
    double lag_threshold;             /* days */
    int lag_threshold_from_rule;      /* 1: taken from date.publication-lag */
    size_t unreadable;                /* paths that gave no document (the caller may add) */
    nl_audit_row *rows;
    size_t nrows, caprows;
    nl_audit_kind *kinds;
    size_t nkinds;
    nl_audit_rule *rules;             /* in order of first finding */
    size_t nrules;
    /* ---- set by nl_audit_finish ---- */
    size_t *rule_order;               /* rules by notices, findings (both descending), id */
    nl_audit_group *groups;           /* by first appearance; "not found" last */
    size_t ngroups;
    nl_audit_sum problems, items, completed, in_progress, systems, funds;
    size_t by_sev[3];
    size_t with_errors, with_findings;
    size_t missing_contact, missing_signature, missing_date;
    nl_audit_lag lag;
} nl_audit;

/* A new audit whose lag threshold is the max_diff of `set`'s rule
 * date.publication-lag (configuration overrides included) when it is a
 * compare rule with one, else NL_AUDIT_DEFAULT_LAG_DAYS.  set may be NULL.
 * NULL on allocation failure. */
nl_audit *nl_audit_new(const nl_ruleset *set);
void nl_audit_free(nl_audit *a);

/* Add one checked document.  A result without a document counts as
 * unreadable and adds no row.  Returns the new row (borrowed; valid until
 * the next add), or NULL when there is none (unreadable, or out of memory:
 * then *oom is set when oom is not NULL). */
const nl_audit_row *nl_audit_add(nl_audit *a, const nl_checked *res, int *oom);

/* Compute the aggregates.  0, or -1 on allocation failure. */
int nl_audit_finish(nl_audit *a);

/* ---- the table of rows ---- */

typedef enum nl_audit_type {
    NL_AUDIT_TEXT, NL_AUDIT_INT, NL_AUDIT_DEC, NL_AUDIT_FLAG
} nl_audit_type;

typedef struct nl_audit_col {
    const char *key;                  /* stable English key: "lag_days", "discipline.党纪处分" */
    const char *zh;                   /* Chinese header: "反馈至公布天数", "党纪处分" */
    int type;                         /* nl_audit_type */
} nl_audit_col;

typedef struct nl_audit_cell {
    int empty;                        /* no value: text is "" */
    int numeric;                      /* INT, DEC, FLAG: num holds the value */
    double num;
    const char *text;                 /* the value as CSV writes it (borrowed) */
    char buf[48];
} nl_audit_cell;

size_t nl_audit_ncols(const nl_audit *a);
nl_audit_col nl_audit_column(const nl_audit *a, size_t col);
/* Fill *c with row r's value in column col.  Integers print as "%ld",
 * decimals with up to 10 significant digits, flags as 1/0. */
void nl_audit_cell_get(const nl_audit *a, const nl_audit_row *r, size_t col,
                       nl_audit_cell *c);

/* Format a decimal as the cells do ("83.33", "100", "12.5"). */
void nl_audit_format_number(double v, char *buf, size_t size);

/* ---- the summary as a list of figures ---- */

typedef struct nl_audit_stat {
    const char *key;                  /* "notices", "lag_median", … */
    const char *zh;                   /* "通报数", "公布天数中位数", … */
    int has;                          /* 0: no value (e.g. no lag known) */
    double value;
} nl_audit_stat;

#define NL_AUDIT_MAX_STATS 32

/* The headline figures of a finished audit, in a fixed order (see
 * docs/audit-output.md); returns how many were written to out. */
size_t nl_audit_stats(const nl_audit *a, nl_audit_stat *out, size_t max);

/* The publication-lag histogram: bin i holds lags in [lo[i], hi[i]]
 * (lo = LONG_MIN / hi = LONG_MAX for the open ends).  Returns the number of
 * bins (at most NL_AUDIT_LAG_BINS); labels are "<0", "0–30", …, ">365". */
#define NL_AUDIT_LAG_BINS 8
size_t nl_audit_lag_histogram(const nl_audit *a, size_t counts[],
                              const char *labels[], long lo[], long hi[]);

#endif
