/*
 * baseline.h — accepted findings, so that a repository with a backlog can
 * still gate new defects (`check --baseline FILE`, `--write-baseline FILE`).
 *
 * A baseline is a set of fingerprints (fingerprint.h) computed with the
 * repository-relative path of each document.  The file is text, one
 * finding per line, sorted, with no timestamps or absolute paths, so the
 * same findings always give the same bytes and a change reviews as a
 * plain diff:
 *
 *   # noticelint baseline v1
 *   # PATH<TAB>RULE<TAB>FINGERPRINT<TAB>EXCERPT, sorted; see docs/ci.md
 *   notices/2024-03.txt<TAB>punct.doubled<TAB>3f0c…<TAB>问题””
 *
 * PATH has '%', TAB, CR, LF and other control characters percent-encoded;
 * EXCERPT (the normalised excerpt, cut to 40 code points) is for the
 * reader only: matching uses the fingerprint alone.
 *
 * The baseline owns its records.  Not thread-safe: used by the delivering
 * thread of `check` only.
 */
#ifndef NL_BASELINE_H
#define NL_BASELINE_H

#include <stddef.h>

#include "doc.h"
#include "finding.h"
#include "fingerprint.h"
#include "noticelint.h"

typedef struct nl_baseline nl_baseline;

nl_baseline *nl_baseline_new(void);               /* NULL on ENOMEM */
void nl_baseline_free(nl_baseline *b);            /* accepts NULL */

/* Read a baseline file.  Errors (NL_ERR_IO, NL_ERR_CONFIG) name
 * FILE:LINE for a malformed line. */
nl_status nl_baseline_load(const char *file, nl_baseline **out, nl_error *err);

/* Number of records. */
size_t nl_baseline_count(const nl_baseline *b);

/* Is fingerprint fp recorded?  (After nl_baseline_load, or after
 * nl_baseline_add calls followed by this one: the set is sorted lazily.) */
int nl_baseline_has(nl_baseline *b, const char *fp);

/* Record one finding; 0 or -1 on ENOMEM.  Strings are copied. */
int nl_baseline_add(nl_baseline *b, const char *path, const char *rule,
                    const char *fp, const char *excerpt);

/* Write the records sorted by path, rule and fingerprint (duplicates
 * once), atomically: the old file stays until the new one is complete. */
nl_status nl_baseline_write(nl_baseline *b, const char *file, nl_error *err);

/* One document of a gated run: fingerprint the findings f of doc under the
 * repository-relative `path`; add each to `record` (when not NULL); append
 * those whose fingerprint is not in `known` (when not NULL) to `kept` and
 * count the others in *suppressed.  `kept` is a view: its entries borrow
 * the strings of f, so release it with free(kept->v) only.  0, or -1 on
 * ENOMEM. */
int nl_baseline_filter(nl_baseline *known, nl_baseline *record,
                       const char *path, const nl_doc *doc,
                       const nl_findings *f, nl_findings *kept,
                       size_t *suppressed);

#endif
