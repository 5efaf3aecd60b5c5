/*
 * fingerprint.h — a finding's identity across edits, for baselines
 * (baseline.h) and for SARIF's partialFingerprints.
 *
 * A fingerprint is the first 128 bits, in lower-case hex, of
 *
 *   SHA-256("1" NUL rule-id NUL path NUL excerpt NUL occurrence)
 *
 * where `excerpt` is the finding's excerpt (excerpt.h) with all white
 * space and control characters removed, and `occurrence` (decimal, from 0)
 * counts the earlier findings of the same document with the same rule and
 * normalised excerpt.  Neither line numbers nor the message take part, so
 * a finding keeps its fingerprint when lines are inserted above it, when
 * its paragraph is re-wrapped, or when its message mentions a line number;
 * it changes when the text it points at changes, or when an identical
 * finding appears before it.  `path` is the repository-relative path for
 * baselines and empty for SARIF (whose results carry their location).
 */
#ifndef NL_FINGERPRINT_H
#define NL_FINGERPRINT_H

#include "doc.h"
#include "finding.h"

#define NL_FP_HEX 32
typedef char nl_fingerprint[NL_FP_HEX + 1];

/* Fingerprints of f->v[0..f->n) in document order (fp has f->n entries).
 * path NULL is the same as "".  Returns 0, or -1 on allocation failure. */
int nl_fingerprints(const nl_doc *doc, const nl_findings *f, const char *path,
                    nl_fingerprint *fp);

/* The normalised excerpt of span sp: malloc'd and NUL-terminated, *len
 * bytes; NULL on allocation failure. */
char *nl_fingerprint_text(const nl_doc *doc, nl_span sp, size_t *len);

#endif
