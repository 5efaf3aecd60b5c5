/*
 * require.c — the `require` kind: text that must appear, a bounded number
 * of times.
 *
 *   - id: contact.email
 *     kind: require
 *     scope: contact
 *     message: 联系方式中没有电子邮箱
 *     patterns: ['[\w.-]+@[\w-]+(?:\.[\w-]+)+']
 *     min: 1          # default 1
 *     max: 3          # optional; absent = unlimited
 *     per: document   # or instance
 *
 * The patterns act as one alternation: matches are counted left to right,
 * at each step taking the leftmost match of any pattern (the first listed
 * on a tie) and continuing after it, so overlapping patterns ('电话',
 * '联系电话') do not count the same text twice.  Each pattern's next match
 * is cached and recomputed only when the scan has passed its start, which
 * keeps the scan linear in the number of matches.
 *
 * per: document counts over all instances of the scope together (an
 * instance nested in an earlier one, as sections are, is skipped: its
 * matches were counted with the outer one); per: instance counts each
 * instance on its own.  Too few: one finding at the
 * first instance (document) or at the instance; with no instance at all
 * (no contact block, say) a per-document rule reports at the start of the
 * document, while a per-instance rule has nothing to check.  Too many: one
 * finding at the (max+1)-th match, with {match} and its named groups.
 * Variables {count} (all matches, also past max+1), {min}, {max} ("" when
 * unlimited).
 *
 * example(): 1 when any pattern matches the text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "kinds.h"
#include "kindutil.h"

enum { MAX_VARS = 32, PER_DOCUMENT = 0, PER_INSTANCE = 1 };

typedef struct require_params {
    nl_pattern **pats;
    size_t npats;
    long min, max;  /* max < 0: unlimited */
    int per;
} require_params;

/* Counting state for one group of instances (the document or one instance). */
typedef struct counter {
    size_t count;
    int have_over;       /* the (max+1)-th match was seen */
    nl_span over_inst;   /* ... in this instance */
    size_t over_start;   /* ... starting here */
    size_t over_pat;     /* ... matched by this pattern */
} counter;

static void require_free(void *params)
{
    require_params *p = params;
    if (!p)
        return;
    nl_free_patterns(p->pats, p->npats);
    free(p);
}

static nl_status require_load(nl_rule *rule, nl_rload *ld)
{
    require_params *p = calloc(1, sizeof *p);
    if (!p)
        return nl_rfail(ld, NULL, "out of memory");
    rule->params = p; /* freed by require_free even when loading fails */
    nl_status st = nl_rpatterns(ld, "patterns", 1, &p->pats, &p->npats);
    if (st != NL_OK || (st = nl_rlong(ld, "min", 1, &p->min)) != NL_OK)
        return st;
    if (p->min < 0)
        return nl_rfail(ld, nl_rkey(ld, "min"), "'min' must be 0 or more");
    p->max = -1;
    const nl_ynode *max = nl_rkey(ld, "max");
    if (!nl_yis_null(max)) {
        if ((st = nl_rlong(ld, "max", 0, &p->max)) != NL_OK)
            return st;
        if (p->max < p->min)
            return nl_rfail(ld, max, "'max' (%ld) must not be less than 'min' (%ld)",
                            p->max, p->min);
    }
    char *per = NULL;
    if ((st = nl_rstring(ld, "per", 0, &per)) != NL_OK)
        return st;
    if (!per || strcmp(per, "document") == 0) {
        p->per = PER_DOCUMENT;
    } else if (strcmp(per, "instance") == 0) {
        p->per = PER_INSTANCE;
    } else {
        free(per);
        return nl_rfail(ld, nl_rkey(ld, "per"),
                        "'per' must be 'document' or 'instance'");
    }
    free(per);
    return NL_OK;
}

/* Start of pattern k's leftmost match in s at or after `from` (its end in
 * *end), or SIZE_MAX when there is none. */
static size_t find(const require_params *p, nl_ctx *ctx, size_t k, nl_span s,
                   size_t from, size_t *end)
{
    if (from > s.end || !nl_ctx_match(ctx, p->pats[k], s, from))
        return SIZE_MAX;
    nl_span m = nl_ctx_match_span(ctx, s);
    *end = m.end;
    return m.start;
}

/* Count the matches in instance s into c.  next[k] caches pattern k's next
 * match; it is recomputed only once the scan has moved past its start. */
static void count_instance(const require_params *p, nl_ctx *ctx, nl_span s,
                           counter *c)
{
    size_t nextbuf[16], endbuf[16];
    size_t *next = nextbuf, *end = endbuf;
    if (p->npats > 16) {
        next = malloc(p->npats * sizeof *next);
        end = malloc(p->npats * sizeof *end);
        if (!next || !end) {
            ctx->oom = 1;
            goto out;
        }
    }
    for (size_t k = 0; k < p->npats; k++)
        next[k] = find(p, ctx, k, s, s.start, &end[k]);
    for (;;) {
        size_t bk = 0; /* leftmost; the first listed on a tie */
        for (size_t k = 1; k < p->npats; k++)
            if (next[k] < next[bk])
                bk = k;
        if (next[bk] == SIZE_MAX)
            break;
        c->count++;
        if (p->max >= 0 && c->count == (size_t)p->max + 1) {
            c->have_over = 1;
            c->over_inst = s;
            c->over_start = next[bk];
            c->over_pat = bk;
        }
        size_t from = nl_ctx_next(ctx, next[bk], end[bk]);
        for (size_t k = 0; k < p->npats; k++)
            if (next[k] != SIZE_MAX && next[k] < from)
                next[k] = find(p, ctx, k, s, from, &end[k]);
    }
out:
    if (next != nextbuf)
        free(next);
    if (end != endbuf)
        free(end);
}

/* Report what c shows: too few at `where`, too many at the remembered match. */
static void report(const require_params *p, nl_ctx *ctx, const counter *c,
                   nl_span where)
{
    char count[32], min[32], max[32];
    snprintf(count, sizeof count, "%zu", c->count);
    snprintf(min, sizeof min, "%ld", p->min);
    if (p->max >= 0)
        snprintf(max, sizeof max, "%ld", p->max);
    else
        max[0] = '\0';
    nl_var vars[MAX_VARS] = {
        {"count", count, strlen(count)},
        {"min", min, strlen(min)},
        {"max", max, strlen(max)},
    };
    size_t nv = 3;
    if (c->count < (size_t)p->min) {
        nl_ctx_emit(ctx, where, vars, nv);
    } else if (c->have_over) {
        /* Match again to get the span and variables of that match. */
        nl_span m = {c->over_start, c->over_start};
        const nl_pattern *pat = p->pats[c->over_pat];
        if (nl_ctx_match(ctx, pat, c->over_inst, c->over_start)) {
            m = nl_ctx_match_span(ctx, c->over_inst);
            nv += nl_ctx_match_vars(ctx, pat, c->over_inst, vars + nv,
                                    MAX_VARS - nv);
        }
        nl_ctx_emit(ctx, m, vars, nv);
    }
}

static void require_run(const nl_rule *rule, nl_ctx *ctx)
{
    const require_params *p = rule->params;
    size_t ninst;
    const nl_inst *inst = nl_ctx_instances(ctx, rule->scope, &ninst);
    if (p->per == PER_INSTANCE) {
        for (size_t i = 0; i < ninst; i++) {
            counter c = {0};
            count_instance(p, ctx, inst[i].span, &c);
            report(p, ctx, &c, inst[i].span);
        }
        return;
    }
    counter c = {0};
    size_t covered = 0;
    for (size_t i = 0; i < ninst; i++)
        if (!nl_kind_nested(inst[i].span, i, &covered))
            count_instance(p, ctx, inst[i].span, &c);
    nl_span where = {0, 0};
    if (ninst)
        where = inst[0].span;
    report(p, ctx, &c, where);
}

static int require_example(const nl_rule *rule, const char *text, size_t len,
                           pcre2_match_data *md)
{
    const require_params *p = rule->params;
    for (size_t k = 0; k < p->npats; k++)
        if (nl_pattern_match(p->pats[k], text, 0, len, 0, md) == 1)
            return 1;
    return 0;
}

static const char *const require_keys[] = {"patterns", "min", "max", "per", NULL};

const nl_kind nl_kind_require = {
    "require", require_keys, require_load, require_run, require_free,
    require_example,
};
