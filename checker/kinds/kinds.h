/*
 * kinds.h — the rule kinds.  Each is one module under kinds/, parameterised
 * only by YAML (see rules.h for the nl_kind contract and docs/rules.md for
 * the language).  nl_kind_find() maps a `kind:` value to its module.
 */
#ifndef NL_KINDS_H
#define NL_KINDS_H

#include "../rules.h"

extern const nl_kind nl_kind_forbid;
extern const nl_kind nl_kind_require;
extern const nl_kind nl_kind_conditional;
extern const nl_kind nl_kind_sequence;
extern const nl_kind nl_kind_unique;
extern const nl_kind nl_kind_balance;
extern const nl_kind nl_kind_extract;
extern const nl_kind nl_kind_compare;
extern const nl_kind nl_kind_sum;
extern const nl_kind nl_kind_count;

/* The kind named `name`, or NULL. */
const nl_kind *nl_kind_find(const char *name);

/* Comma-separated list of kind names, for messages. */
const char *nl_kind_names(void);

/* The loaded `max_diff` of a compare rule (after configuration overrides):
 * 1 and *out, or 0 when `rule` is NULL, not a compare rule, or has none.
 * Used by the audit to take its publication-lag threshold from the rules. */
int nl_kind_compare_max_diff(const nl_rule *rule, double *out);

#endif
