/*
 * forbid.c — the `forbid` kind: text that must not appear.
 *
 *   - id: text.usage
 *     kind: forbid
 *     scope: line
 *     message: 用词不规范：“{match}”应为“{suggestion}”
 *     patterns:
 *       - {pattern: '其它', suggestion: '其他'}
 *       - '[XＸ]{2,}'
 *
 * Keys: `patterns` (required): one pattern or a list; a list entry may be
 * a mapping {pattern, message, suggestion} whose templates replace the
 * rule's for matches of that pattern.  For every instance of the scope,
 * every pattern and every non-overlapping match of it, one finding at the
 * match with {match} and the pattern's named groups as template variables.
 * Patterns are scanned independently, so two patterns that match the same
 * text give two findings; write one pattern with an alternation when that
 * is not wanted.  An instance nested in an earlier one (the `section`
 * scope) is skipped: its text was scanned with the outer one.  The run
 * allocates nothing itself: the variables point into the document.
 *
 * example(): 1 when any pattern matches the text.
 */
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "kinds.h"
#include "kindutil.h"

enum { MAX_VARS = 32 };

typedef struct fpattern {
    nl_pattern *pat;
    char *message, *suggestion;  /* NULL: the rule's own */
} fpattern;

typedef struct forbid_params {
    fpattern *v;
    size_t n;
} forbid_params;

static void forbid_free(void *params)
{
    forbid_params *p = params;
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        nl_pattern_free(p->v[i].pat);
        free(p->v[i].message);
        free(p->v[i].suggestion);
    }
    free(p->v);
    free(p);
}

/* An optional string key of a pattern mapping. */
static nl_status entry_string(nl_rload *ld, const nl_ynode *entry,
                              const char *key, char **out)
{
    const nl_ynode *n = nl_yget(entry, key);
    if (!n)
        return NL_OK;
    if (n->kind != NL_Y_SCALAR)
        return nl_rfail(ld, n, "'%s' must be a string", key);
    if (!(*out = strdup(n->value)))
        return nl_rfail(ld, n, "out of memory");
    return NL_OK;
}

/* One entry of `patterns`: a pattern, or {pattern, message, suggestion}. */
static nl_status load_entry(nl_rload *ld, const nl_ynode *entry, fpattern *out)
{
    if (entry->kind != NL_Y_MAP)
        return nl_rpattern_node(ld, entry, &out->pat);
    for (size_t i = 0; i < entry->count; i++) {
        const char *k = entry->keys[i]->value;
        if (strcmp(k, "pattern") != 0 && strcmp(k, "message") != 0 &&
            strcmp(k, "suggestion") != 0)
            return nl_rfail(ld, entry->keys[i],
                            "unknown key '%s' in a pattern entry (expected "
                            "'pattern', 'message', 'suggestion')", k);
    }
    const nl_ynode *pat = nl_yget(entry, "pattern");
    if (!pat)
        return nl_rfail(ld, entry, "a pattern entry needs 'pattern'");
    nl_status st = nl_rpattern_node(ld, pat, &out->pat);
    if (st == NL_OK)
        st = entry_string(ld, entry, "message", &out->message);
    if (st == NL_OK)
        st = entry_string(ld, entry, "suggestion", &out->suggestion);
    return st;
}

static nl_status forbid_load(nl_rule *rule, nl_rload *ld)
{
    forbid_params *p = calloc(1, sizeof *p);
    if (!p)
        return nl_rfail(ld, NULL, "out of memory");
    rule->params = p; /* freed by forbid_free even when loading fails */
    const nl_ynode *v = nl_rkey(ld, "patterns");
    if (!v)
        return nl_rfail(ld, NULL, "missing key 'patterns'");
    size_t count = v->kind == NL_Y_SEQ ? v->count : 1;
    if (v->kind == NL_Y_MAP || count == 0)
        return nl_rfail(ld, v, "'patterns' must be a pattern or a non-empty list of patterns");
    if (!(p->v = calloc(count, sizeof *p->v)))
        return nl_rfail(ld, v, "out of memory");
    p->n = count; /* entries start zeroed, so a partial load frees cleanly */
    for (size_t i = 0; i < count; i++) {
        nl_status st = load_entry(ld, v->kind == NL_Y_SEQ ? v->items[i] : v, &p->v[i]);
        if (st != NL_OK)
            return st;
    }
    return NL_OK;
}

static void forbid_run(const nl_rule *rule, nl_ctx *ctx)
{
    const forbid_params *p = rule->params;
    size_t ninst;
    const nl_inst *inst = nl_ctx_instances(ctx, rule->scope, &ninst);
    nl_var vars[MAX_VARS];
    size_t covered = 0;
    for (size_t i = 0; i < ninst; i++) {
        nl_span s = inst[i].span;
        if (nl_kind_nested(s, i, &covered))
            continue;
        for (size_t k = 0; k < p->n; k++) {
            const fpattern *fp = &p->v[k];
            size_t from = s.start;
            while (from <= s.end && nl_ctx_match(ctx, fp->pat, s, from)) {
                nl_span m = nl_ctx_match_span(ctx, s);
                size_t nv = nl_ctx_match_vars(ctx, fp->pat, s, vars, MAX_VARS);
                nl_ctx_emit_with(ctx, m, vars, nv, fp->message, fp->suggestion);
                from = nl_ctx_next(ctx, m.start, m.end);
            }
        }
    }
}

static int forbid_example(const nl_rule *rule, const char *text, size_t len,
                          pcre2_match_data *md)
{
    const forbid_params *p = rule->params;
    for (size_t k = 0; k < p->n; k++)
        if (nl_pattern_match(p->v[k].pat, text, 0, len, 0, md) == 1)
            return 1;
    return 0;
}

static const char *const forbid_keys[] = {"patterns", NULL};

const nl_kind nl_kind_forbid = {
    "forbid", forbid_keys, forbid_load, forbid_run, forbid_free, forbid_example,
};
