/*
 * finding.h — what a check reports, and the per-document list of them.
 *
 * A finding names its rule by id (input.* and engine.* findings have no
 * rule object), has a severity, a span in the decoded text (the formatters
 * turn it into line:column and original byte offsets), a message with its
 * template filled in, and an optional suggestion (replacement text).  The
 * list owns its strings.  nl_findings_sort() orders by position, then rule
 * id, so output is deterministic.
 */
#ifndef NL_FINDING_H
#define NL_FINDING_H

#include "doc.h"

typedef struct nl_finding {
    const char *rule_id;  /* borrowed: from the rule set or a static string */
    int severity;         /* nl_severity */
    nl_span span;
    char *message;        /* owned */
    char *suggestion;     /* owned, may be NULL */
} nl_finding;

typedef struct nl_findings {
    nl_finding *v;
    size_t n, cap;
} nl_findings;

/* Append; takes ownership of message and suggestion (even on failure).
 * Returns 0, or -1 on allocation failure. */
int nl_findings_add(nl_findings *f, const char *rule_id, int severity,
                    nl_span span, char *message, char *suggestion);
void nl_findings_sort(nl_findings *f);
void nl_findings_free(nl_findings *f); /* frees contents */

/* The findings that are not rules of a pack (docs/output.md): raised by
 * the loader (input.*) and the engine (engine.*), with a fixed severity
 * (nl_severity) and a one-line description for the CI formats. */
typedef struct nl_builtin {
    const char *id;
    int severity;
    const char *description;
} nl_builtin;

extern const nl_builtin nl_builtins[];
extern const size_t nl_nbuiltins;

#endif
