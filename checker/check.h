/*
 * check.h — the check pipeline over many documents: load, parse, evaluate,
 * apply per-path severities, and hand each result to the caller in input
 * order, on N worker threads.
 *
 * A worker owns one document at a time; results wait in a window of at most
 * 2 × jobs slots until every earlier one has been delivered, so memory is
 * bounded by the largest documents in flight, not by the number of files,
 * and the output is the same whatever the number of jobs.  The rule set,
 * parser configuration and project are read-only and shared.
 */
#ifndef NL_CHECK_H
#define NL_CHECK_H

#include "eval.h"
#include "project.h"

typedef struct nl_checker {
    const nl_config *cfg;
    const nl_ruleset *set;
    const nl_project *project;   /* may be NULL */
    nl_rule_stats *stats;        /* set->n entries, or NULL */
    const nl_load_opts *load;    /* input format, size limit; may be NULL */
} nl_checker;

/* One document's result.  doc is NULL when the file could not be read
 * (err says why); nt is NULL when it could not be parsed. */
typedef struct nl_checked {
    const char *path;
    nl_doc *doc;
    nl_notice *nt;
    nl_findings findings;
    nl_error err;
    int failed;                  /* err holds an error */
} nl_checked;

/* Called in input order; the result is freed after the call returns.
 * Returning non-zero stops the run (no further callbacks). */
typedef int (*nl_check_fn)(const nl_checked *res, void *ctx);

/* Check one file (the work of one worker). */
void nl_check_one(const nl_checker *c, const char *path, nl_checked *out);
void nl_checked_free(nl_checked *res);

/* Check paths[0..n) with `jobs` threads (1 = in the calling thread).
 * Returns 0, or -1 when threads could not be started (nothing was checked)
 * or fn stopped the run. */
int nl_check_files(const nl_checker *c, const char *const *paths, size_t n,
                   int jobs, nl_check_fn fn, void *ctx);

#endif
