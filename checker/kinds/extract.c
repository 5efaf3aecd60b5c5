/*
 * extract.c — the `extract` kind: named groups of a pattern become facts
 * that later rules (compare, sum, count) read by name.
 *
 *   pattern: '政务处分(?<discipline_total>\d+)人'
 *   facts: {discipline_total: integer}
 *
 * Each fact is typed: date (the document's date token at the group start,
 * which carries the inferred year, else the group text parsed as a date),
 * integer (ASCII, full-width or Chinese numerals), decimal (full-width
 * digits and point accepted) or text.  The pattern runs over every scope
 * instance in order and the first value of each fact wins; a group that
 * is empty or whose text cannot be read as its type sets nothing.  Fact
 * names may not shadow the parser's facts nor contain '.', which the
 * parser's namespaces use.
 * An extract rule reports nothing; its examples test whether the pattern
 * matches.
 */
#include "kinds.h"

#include <stdlib.h>
#include <string.h>

#include "../cnum.h"
#include "../eval.h"
#include "kindutil.h"

enum { FT_DATE, FT_INTEGER, FT_DECIMAL, FT_TEXT };

typedef struct ex_fact {
    char *name;
    int group;
    int type;
} ex_fact;

typedef struct ex_params {
    nl_pattern *re;
    ex_fact *facts;
    size_t n;
} ex_params;

static const char *const ex_keys[] = {"pattern", "facts", NULL};

static void ex_free(void *params)
{
    ex_params *p = params;
    if (!p)
        return;
    nl_pattern_free(p->re);
    for (size_t i = 0; i < p->n; i++)
        free(p->facts[i].name);
    free(p->facts);
    free(p);
}

static nl_status ex_load(nl_rule *rule, nl_rload *ld)
{
    static const char *const types[] = {"date", "integer", "decimal", "text",
                                        NULL};
    nl_status st;
    ex_params *p = calloc(1, sizeof *p);
    if (!p)
        return nl_rfail(ld, NULL, "out of memory");
    nl_pattern **v = NULL;
    size_t nv = 0;
    if ((st = nl_rpatterns(ld, "pattern", 1, &v, &nv)) != NL_OK)
        goto fail;
    if (nv != 1) {
        nl_free_patterns(v, nv);
        st = nl_rfail(ld, nl_rkey(ld, "pattern"), "'pattern' takes exactly "
                                                   "one pattern");
        goto fail;
    }
    p->re = v[0];
    free(v);

    const nl_ynode *map = nl_rkey(ld, "facts");
    if (!map) {
        st = nl_rfail(ld, NULL, "missing key 'facts'");
        goto fail;
    }
    if (map->kind != NL_Y_MAP || map->count == 0) {
        st = nl_rfail(ld, map, "'facts' must be a mapping of fact names to "
                               "types (date, integer, decimal, text)");
        goto fail;
    }
    if (!(p->facts = calloc(map->count, sizeof *p->facts))) {
        st = nl_rfail(ld, NULL, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < map->count; i++) {
        const nl_ynode *k = map->keys[i], *val = map->items[i];
        const char *name = k->value;
        int type = -1;
        if (!name[0] || strchr(name, '.'))
            st = nl_rfail(ld, k, "invalid fact name '%s' (no '.' allowed)", name);
        else if (nl_fact_name_known(name))
            st = nl_rfail(ld, k, "fact '%s' is provided by the parser; "
                                 "choose another name", name);
        else if (nl_pattern_group(p->re, name) < 0)
            st = nl_rfail(ld, k, "the pattern has no group named '%s'", name);
        if (st != NL_OK)
            goto fail;
        for (int t = 0; types[t] && val->kind == NL_Y_SCALAR; t++)
            if (strcmp(types[t], val->value) == 0)
                type = t;
        if (type < 0) {
            st = nl_rfail(ld, val, "unknown type '%s' for fact '%s' (expected "
                          "date, integer, decimal or text)", val->value, name);
            goto fail;
        }
        if (!(p->facts[i].name = strdup(name))) {
            st = nl_rfail(ld, NULL, "out of memory");
            goto fail;
        }
        p->facts[i].group = nl_pattern_group(p->re, name);
        p->facts[i].type = type;
        p->n = i + 1;
    }
    rule->params = p;
    return NL_OK;
fail:
    ex_free(p);
    return st;
}

/* Read group text t[a..b) as the fact's type; 1 and *v on success. */
static int read_value(nl_ctx *ctx, int type, size_t a, size_t b, nl_fval *v)
{
    const char *t = ctx->doc->dec.text;
    memset(v, 0, sizeof *v);
    v->span = (nl_span){a, b};
    v->has_span = 1;
    switch (type) {
    case FT_DATE: {
        const nl_date_tok *tok = nl_notice_date_at(ctx->nt, a);
        v->type = NL_FV_DATE;
        if (tok)
            v->date = tok->date;
        else if (!nl_date_parse(t + a, b - a, &v->date))
            return 0;
        return 1;
    }
    case FT_INTEGER: {
        long n = nl_cnum_parse(t + a, b - a);
        v->type = NL_FV_NUMBER;
        v->num = (double)n;
        return n >= 0;
    }
    case FT_DECIMAL:
        v->type = NL_FV_NUMBER;
        return nl_kind_read_decimal(t, a, b, 1, &v->num);
    default:
        v->type = NL_FV_TEXT;
        v->text = t + a;
        v->len = b - a;
        return 1;
    }
}

static int all_set(nl_ctx *ctx, const ex_params *p)
{
    nl_fval v;
    for (size_t i = 0; i < p->n; i++)
        if (!nl_ctx_fact(ctx, p->facts[i].name, &v))
            return 0;
    return 1;
}

static void ex_run(const nl_rule *rule, nl_ctx *ctx)
{
    const ex_params *p = rule->params;
    size_t ninst;
    const nl_inst *inst = nl_ctx_instances(ctx, rule->scope, &ninst);
    for (size_t k = 0; k < ninst; k++) {
        nl_span s = inst[k].span;
        size_t from = s.start;
        while (from <= s.end && nl_ctx_match(ctx, p->re, s, from)) {
            nl_span m = nl_ctx_match_span(ctx, s);
            for (size_t i = 0; i < p->n; i++) {
                size_t a, b;
                nl_fval v;
                if (!nl_match_group(ctx->md, p->facts[i].group, s.start, &a, &b) ||
                    a == b) /* an empty group is no value, as in facts.c */
                    continue;
                if (read_value(ctx, p->facts[i].type, a, b, &v) &&
                    nl_ctx_set_fact(ctx, p->facts[i].name, v) != 0) {
                    ctx->oom = 1;
                    return;
                }
            }
            if (all_set(ctx, p))
                return;
            from = nl_ctx_next(ctx, m.start, m.end);
        }
    }
}

static int ex_example(const nl_rule *rule, const char *text, size_t len,
                      pcre2_match_data *md)
{
    const ex_params *p = rule->params;
    return nl_pattern_match(p->re, text, 0, len, 0, md) == 1;
}

const nl_kind nl_kind_extract = {
    .name = "extract",
    .keys = ex_keys,
    .load = ex_load,
    .run = ex_run,
    .free = ex_free,
    .example = ex_example,
};
