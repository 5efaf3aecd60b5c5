/*
 * kindutil.h — pieces shared by the kind modules, so that each is written
 * once: fact names and fact references (compare, sum, count); reading
 * decimals (extract, sum) and formatting numbers for messages (compare,
 * sum, count); the document start, where a value without a position is
 * reported (compare, sum, count); membership in a scope (compare,
 * sequence) and skipping nested instances (forbid, require, unique,
 * balance).  Only kind modules include it; the rest of the library sees
 * the kinds through kinds.h.  Nothing here keeps state: the cover is the
 * caller's and freed with nl_kind_cover_free().
 */
#ifndef NL_KINDUTIL_H
#define NL_KINDUTIL_H

#include <stddef.h>

#include "../eval.h"
#include "../rules.h"

/* ---- fact names and references ---- */

/* Is s a well-formed fact name: [A-Za-z_][A-Za-z0-9_.]* with UTF-8
 * letters allowed anywhere?  Fact names are not checked against a list,
 * since extract rules in other files may define them. */
int nl_kind_fact_name_ok(const char *s);

/* Fail the load unless every one of names[0..n), read from `key` (one name
 * or a list), is a well-formed fact name other than `reserved` (NULL:
 * none).  The error ("invalid fact name '...'", followed by `why` for the
 * reserved name) points at the offending list item, else at the key's
 * value. */
nl_status nl_kind_check_facts(nl_rload *ld, const char *key,
                              char *const *names, size_t n,
                              const char *reserved, const char *why);

/* A required fact name under `key` (malloc'd into *out), checked as above. */
nl_status nl_kind_load_fact(nl_rload *ld, const char *key, char **out);

/* A fact reference that lists candidates: the index of the first of
 * names[0..n) whose fact has a value, with that value in *out; n when none
 * has one. */
size_t nl_kind_first_fact(nl_ctx *ctx, char *const *names, size_t n,
                          nl_fval *out);

/* nl_ctx_fact() restricted to numbers: 1 and *out when the fact has a
 * numeric value, else 0. */
int nl_kind_number_fact(nl_ctx *ctx, const char *name, nl_fval *out);

/* ---- numbers ---- */

/* A number for a message: whole numbers below 1e15 without a decimal part,
 * others with up to ten significant digits ("%.10g").  Unlike
 * nl_fval_format(), which rounds to two decimals, it does not hide a
 * difference in the third decimal. */
void nl_kind_format_number(double v, char *buf, size_t size);

/* The decimal number that is exactly t[a..b): ASCII or full-width digits
 * and point (U+FF10..U+FF19, U+FF0E), and when `sign` is set also '+', '-'
 * and the full-width minus U+FF0D, as strtod() reads them (at most 63
 * characters).  Returns 1 and *out, else 0 with *out untouched. */
int nl_kind_read_decimal(const char *t, size_t a, size_t b, int sign,
                         double *out);

/* ---- positions and scopes ---- */

/* The empty span at the start of the document instance (0 when there is
 * none): where a finding about a value without a position goes. */
nl_span nl_kind_doc_start(nl_ctx *ctx);

/* Membership in a scope: the union of its instances, sorted and merged, so
 * that a lookup is a binary search.  With `all` set every position is
 * inside (v is then NULL). */
typedef struct nl_kind_cover {
    nl_span *v;         /* sorted, disjoint, malloc'd */
    size_t n;
    int all;
} nl_kind_cover;

/* Build the cover of `scope` (all = 0).  0 ok, -1 out of memory. */
int nl_kind_cover_init(nl_kind_cover *c, nl_ctx *ctx, int scope);

/* Does the cover hold offset pos? */
int nl_kind_cover_has(const nl_kind_cover *c, size_t pos);

void nl_kind_cover_free(nl_kind_cover *c);

/* Instances come in document order; one that lies inside an earlier one
 * (the nested `section` scope) was scanned with it and is skipped, so a
 * match is reported once.  *covered is the end of what was scanned: start
 * it at 0 and pass each instance s with its index i.  1 when s is nested. */
int nl_kind_nested(nl_span s, size_t i, size_t *covered);

#endif
