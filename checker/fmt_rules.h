/*
 * fmt_rules.h — `noticelint rules list --format json`: the rule set as a
 * JSON array (id, kind, severity, enabled, scope, description, file, line).
 */
#ifndef NL_FMT_RULES_H
#define NL_FMT_RULES_H

#include <stdio.h>

#include "rules.h"

/* Returns 0, or -1 on allocation or write failure. */
int nl_fmt_rules_json(FILE *out, const nl_ruleset *set);

#endif
