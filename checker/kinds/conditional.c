/*
 * conditional.c — the `conditional` kind: if one thing is said, another
 * must be said too, in the same place.
 *
 *   - id: discipline.count-missing
 *     kind: conditional
 *     scope: paragraph
 *     message: 提到“{match}”但没有写明人数
 *     if: ['(?<kind>党纪处分|政务处分)']
 *     then: ['\d+人']
 *
 * Keys: `if` and `then` (each one pattern or a list; both required).  For
 * every instance of the scope in which some `if` pattern matches and no
 * `then` pattern matches anywhere, one finding at the first `if` match
 * (leftmost over all `if` patterns, the first listed on a tie) with
 * {match} and that pattern's named groups.  At most one finding per
 * instance: the rule says the instance lacks something, not that each
 * mention does.  Nested instances (sections) are judged each on its own,
 * since an outer section may hold the `then` text its child lacks.
 *
 * example(): 1 when the text would trigger the rule (an `if` pattern
 * matches and no `then` pattern does).
 */
#include <stdint.h>
#include <stdlib.h>

#include "eval.h"
#include "kinds.h"

enum { MAX_VARS = 32 };

typedef struct conditional_params {
    nl_pattern **ifs, **thens;
    size_t nifs, nthens;
} conditional_params;

static void conditional_free(void *params)
{
    conditional_params *p = params;
    if (!p)
        return;
    nl_free_patterns(p->ifs, p->nifs);
    nl_free_patterns(p->thens, p->nthens);
    free(p);
}

static nl_status conditional_load(nl_rule *rule, nl_rload *ld)
{
    conditional_params *p = calloc(1, sizeof *p);
    if (!p)
        return nl_rfail(ld, NULL, "out of memory");
    rule->params = p; /* freed by conditional_free even when loading fails */
    nl_status st = nl_rpatterns(ld, "if", 1, &p->ifs, &p->nifs);
    if (st == NL_OK)
        st = nl_rpatterns(ld, "then", 1, &p->thens, &p->nthens);
    return st;
}

static void conditional_run(const nl_rule *rule, nl_ctx *ctx)
{
    const conditional_params *p = rule->params;
    size_t ninst;
    const nl_inst *inst = nl_ctx_instances(ctx, rule->scope, &ninst);
    nl_var vars[MAX_VARS];
    for (size_t i = 0; i < ninst; i++) {
        nl_span s = inst[i].span;
        size_t first = SIZE_MAX, fk = 0;
        for (size_t k = 0; k < p->nifs; k++) {
            if (nl_ctx_match(ctx, p->ifs[k], s, s.start)) {
                nl_span m = nl_ctx_match_span(ctx, s);
                if (m.start < first)
                    first = m.start, fk = k;
            }
        }
        if (first == SIZE_MAX)
            continue;
        int satisfied = 0;
        for (size_t k = 0; k < p->nthens && !satisfied; k++)
            satisfied = nl_ctx_match(ctx, p->thens[k], s, s.start);
        if (satisfied)
            continue;
        /* Match the winning `if` pattern again for its span and groups. */
        if (!nl_ctx_match(ctx, p->ifs[fk], s, first))
            continue;
        nl_span m = nl_ctx_match_span(ctx, s);
        size_t nv = nl_ctx_match_vars(ctx, p->ifs[fk], s, vars, MAX_VARS);
        nl_ctx_emit(ctx, m, vars, nv);
    }
}

static int conditional_example(const nl_rule *rule, const char *text,
                               size_t len, pcre2_match_data *md)
{
    const conditional_params *p = rule->params;
    int cond = 0;
    for (size_t k = 0; k < p->nifs && !cond; k++)
        cond = nl_pattern_match(p->ifs[k], text, 0, len, 0, md) == 1;
    if (!cond)
        return 0;
    for (size_t k = 0; k < p->nthens; k++)
        if (nl_pattern_match(p->thens[k], text, 0, len, 0, md) == 1)
            return 0;
    return 1;
}

static const char *const conditional_keys[] = {"if", "then", NULL};

const nl_kind nl_kind_conditional = {
    "conditional", conditional_keys, conditional_load, conditional_run,
    conditional_free, conditional_example,
};
