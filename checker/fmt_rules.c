/*
 * fmt_rules.c — the rule set as JSON.  See fmt_rules.h.
 */
#include "fmt_rules.h"

#include <jansson.h>
#include <stdlib.h>

int nl_fmt_rules_json(FILE *out, const nl_ruleset *set)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < set->n; i++) {
        const nl_rule *r = &set->rules[i];
        json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:s, s:s?, s:s, s:i}",
                              "id", r->id, "kind", r->kind->name, "severity",
                              nl_severity_name(r->severity), "enabled", r->enabled,
                              "scope", nl_rscope_name(r->scope), "description",
                              r->description, "file", r->file, "line", r->line);
        if (!o || json_array_append_new(a, o) != 0) {
            json_decref(a);
            return -1;
        }
    }
    if (!a)
        return -1;
    int rc = json_dumpf(a, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(a);
    return rc == 0 && fputc('\n', out) != EOF ? 0 : -1;
}
