/*
 * fmtutil.h — what the output formats share: JSON values built safely
 * from document text, streaming JSON output at a nesting depth, paths and
 * URIs relative to the repository root, and the rule catalogue (the
 * loaded rules, then the input.* and engine.* ids) that SARIF and JUnit
 * describe.
 *
 * Strings that may not be UTF-8 (paths, messages) are repaired — each
 * invalid byte becomes U+FFFD — never dropped.  Everything returned as
 * json_t * is a new reference (NULL on allocation failure); char * results
 * are malloc'd for the caller.
 */
#ifndef NL_FMTUTIL_H
#define NL_FMTUTIL_H

#include <jansson.h>
#include <stdio.h>

#include "doc.h"
#include "finding.h"
#include "report.h"
#include "rules.h"

/* ---- JSON ---- */

json_t *nl_fmt_jstr(const char *s, size_t n);
json_t *nl_fmt_jcstr(const char *s);           /* NULL s = "" */
/* The excerpt of a span (excerpt.h), at most 120 code points, "…" when
 * cut: as a JSON string, or as malloc'd text of *len bytes (it may hold
 * control characters and NULs of the document). */
json_t *nl_fmt_jexcerpt(const nl_doc *doc, nl_span sp);
char *nl_fmt_excerpt(const nl_doc *doc, nl_span sp, size_t *len);
/* Dump v (pretty: 2-space indent, each line after the first indented by
 * `depth` levels; else compact).  0 or -1 on a write error. */
int nl_fmt_jemit(FILE *out, const json_t *v, int depth, int pretty);

/* ---- text ---- */

/* s with every invalid UTF-8 byte replaced by U+FFFD (malloc'd). */
char *nl_fmt_utf8(const char *s);

/* ---- positions and paths ---- */

/* Start and (exclusive) end of a finding. */
void nl_fmt_range(const nl_doc *doc, const nl_finding *x, nl_pos *start,
                  nl_pos *end);

/* 1-based column of a decoded offset in UTF-8 bytes of its line (of a web
 * page: of its line in the decoded source). */
int nl_fmt_byte_column(const nl_doc *doc, size_t offset);

/* The document path for CI tools: relative to the repository root when
 * o->repo is set, else as given. */
char *nl_fmt_path(const nl_report_opts *o, const char *path);

/* A path as a URI reference: relative paths percent-encoded (everything
 * but letters, digits, '-', '.', '_', '~' and '/'), absolute ones as
 * file:// URIs. */
char *nl_fmt_uri(const char *path);

/* ---- the rule catalogue ---- */

typedef struct nl_fmt_rule {
    const char *id;
    int severity;              /* nl_severity: the default */
    int enabled;               /* as loaded, before per-path overrides */
    const char *description;   /* may be NULL for pack rules */
    const nl_rule *rule;       /* NULL for input.* and engine.* */
} nl_fmt_rule;

/* set->n rules followed by the nl_nbuiltins ids. */
size_t nl_fmt_rule_count(const nl_ruleset *set);
nl_fmt_rule nl_fmt_rule_at(const nl_ruleset *set, size_t i);
/* Index of a rule id in that order, or -1. */
long nl_fmt_rule_index(const nl_ruleset *set, const char *id);

#endif
