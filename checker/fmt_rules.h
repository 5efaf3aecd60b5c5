/*
 * fmt_rules.h — `noticelint rules list --format json|md`: the rule set as a
 * JSON array (id, kind, severity, enabled, scope, description, file, line)
 * or as the Markdown catalogue.
 */
#ifndef NL_FMT_RULES_H
#define NL_FMT_RULES_H

#include <stdio.h>

#include "rules.h"

/* Returns 0, or -1 on allocation or write failure. */
int nl_fmt_rules_json(FILE *out, const nl_ruleset *set);

/* The catalogue (docs/rules-catalog.md): a Markdown table per rule file
 * with id, severity, scope, kind, what it checks and an example. */
int nl_fmt_rules_md(FILE *out, const nl_ruleset *set);

#endif
