/*
 * sum.c — the `sum` kind: stated figures must add up.  Exactly one of
 * three modes is configured:
 *
 *   pattern mode   pattern (groups `total`, `parts`) and part (group
 *                  `value`): in 政务处分3人(记大过1人,记过2人) the total 3
 *                  must equal the sum of every `part` match inside the
 *                  `parts` group; the finding covers the whole match;
 *   fact mode      total: FACT, parts: [FACT, ...]: a missing part counts
 *                  as absent (or suppresses the check with require_all);
 *   ratio mode     percent, numerator, denominator: percent must be
 *                  100 * numerator / denominator.
 *
 * `tolerance` is the largest accepted difference: 0 by default, 0.5 in
 * ratio mode (a rate rounded to a whole percent).  Numerals may be ASCII,
 * full-width or Chinese; an unreadable total or part means no finding,
 * never a guess.  Examples apply to pattern mode only: a text "matches"
 * when it holds a match that does not add up.
 */
#include "kinds.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cnum.h"
#include "../eval.h"
#include "kindutil.h"

enum { MODE_PATTERN, MODE_FACTS, MODE_RATIO };

/* Rounding slack so that 0.1 + 0.2 equals 0.3. */
#define EPSILON 1e-9

typedef struct sum_params {
    int mode;
    double tolerance;
    /* pattern mode */
    nl_pattern *re, *part;
    int g_total, g_parts, g_value;
    /* fact mode */
    char *total;
    char **parts;
    size_t nparts;
    int require_all;
    /* ratio mode */
    char *percent, *numerator, *denominator;
} sum_params;

static const char *const sum_keys[] = {
    "pattern", "part", "total", "parts", "require_all", "percent",
    "numerator", "denominator", "tolerance", NULL};

static void sum_free(void *params)
{
    sum_params *p = params;
    if (!p)
        return;
    nl_pattern_free(p->re);
    nl_pattern_free(p->part);
    free(p->total);
    nl_free_strings(p->parts, p->nparts);
    free(p->percent);
    free(p->numerator);
    free(p->denominator);
    free(p);
}

/* A single pattern under key with the named groups g1 (and g2). */
static nl_status load_pattern(nl_rload *ld, const char *key, const char *g1,
                              const char *g2, nl_pattern **out)
{
    nl_pattern **v = NULL;
    size_t n = 0;
    nl_status st = nl_rpatterns(ld, key, 1, &v, &n);
    if (st != NL_OK)
        return st;
    if (n != 1) {
        nl_free_patterns(v, n);
        return nl_rfail(ld, nl_rkey(ld, key), "'%s' takes exactly one pattern",
                        key);
    }
    *out = v[0];
    free(v);
    if (nl_pattern_group(*out, g1) < 0 || (g2 && nl_pattern_group(*out, g2) < 0))
        return nl_rfail(ld, nl_rkey(ld, key), "'%s' needs the named group%s "
                        "'%s'%s%s%s", key, g2 ? "s" : "", g1,
                        g2 ? " and '" : "", g2 ? g2 : "", g2 ? "'" : "");
    return NL_OK;
}

static nl_status load_mode(sum_params *p, nl_rload *ld)
{
    nl_status st;
    switch (p->mode) {
    case MODE_PATTERN:
        if ((st = load_pattern(ld, "pattern", "total", "parts", &p->re)) != NL_OK ||
            (st = load_pattern(ld, "part", "value", NULL, &p->part)) != NL_OK)
            return st;
        p->g_total = nl_pattern_group(p->re, "total");
        p->g_parts = nl_pattern_group(p->re, "parts");
        p->g_value = nl_pattern_group(p->part, "value");
        return NL_OK;
    case MODE_FACTS:
        if ((st = nl_kind_load_fact(ld, "total", &p->total)) != NL_OK ||
            (st = nl_rstrings(ld, "parts", 1, &p->parts, &p->nparts)) != NL_OK)
            return st;
        if (p->nparts == 0)
            return nl_rfail(ld, nl_rkey(ld, "parts"), "'parts' must name at "
                                                      "least one fact");
        if ((st = nl_kind_check_facts(ld, "parts", p->parts, p->nparts, NULL,
                                      NULL)) != NL_OK)
            return st;
        return nl_rbool(ld, "require_all", 0, &p->require_all);
    default:
        if ((st = nl_kind_load_fact(ld, "percent", &p->percent)) != NL_OK ||
            (st = nl_kind_load_fact(ld, "numerator", &p->numerator)) != NL_OK)
            return st;
        return nl_kind_load_fact(ld, "denominator", &p->denominator);
    }
}

static nl_status sum_load(nl_rule *rule, nl_rload *ld)
{
    int a = nl_rkey(ld, "pattern") || nl_rkey(ld, "part");
    int b = nl_rkey(ld, "total") || nl_rkey(ld, "parts");
    int c = nl_rkey(ld, "percent") || nl_rkey(ld, "numerator") ||
            nl_rkey(ld, "denominator");
    if (a + b + c != 1)
        return nl_rfail(ld, NULL, "sum needs exactly one of: 'pattern' and "
                        "'part'; 'total' and 'parts'; 'percent', 'numerator' "
                        "and 'denominator'");
    sum_params *p = calloc(1, sizeof *p);
    if (!p)
        return nl_rfail(ld, NULL, "out of memory");
    p->mode = a ? MODE_PATTERN : b ? MODE_FACTS : MODE_RATIO;
    nl_status st = load_mode(p, ld);
    const nl_ynode *n;
    if (st == NL_OK && p->mode != MODE_FACTS && (n = nl_rkey(ld, "require_all")))
        st = nl_rfail(ld, n, "'require_all' applies only with 'total' and "
                             "'parts'");
    if (st == NL_OK &&
        (st = nl_rdouble(ld, "tolerance", p->mode == MODE_RATIO ? 0.5 : 0,
                         &p->tolerance)) == NL_OK &&
        !(p->tolerance >= 0)) /* also refuses NaN */
        st = nl_rfail(ld, nl_rkey(ld, "tolerance"), "tolerance must not be "
                                                    "negative");
    if (st != NL_OK) {
        sum_free(p);
        return st;
    }
    rule->params = p;
    return NL_OK;
}

/* ---- reading numbers ---- */

/* The number that is exactly t[a..b): an integer numeral in any script
 * (nl_cnum_parse) or an unsigned decimal with ASCII or full-width digits. */
static int read_number(const char *t, size_t a, size_t b, double *out)
{
    long n = nl_cnum_parse(t + a, b - a);
    if (n >= 0) {
        *out = (double)n;
        return 1;
    }
    return nl_kind_read_decimal(t, a, b, 0, out);
}

/* ---- pattern mode, shared by run (limit-safe) and example ---- */

typedef struct matcher {
    nl_ctx *ctx;          /* run: nl_ctx_match; NULL in examples */
    const char *text;
    pcre2_match_data *md;
} matcher;

static int do_match(matcher *m, const nl_pattern *p, size_t start, size_t end,
                    size_t from)
{
    if (m->ctx)
        return nl_ctx_match(m->ctx, p, (nl_span){start, end}, from);
    return nl_pattern_match(p, m->text, start, end, from, m->md) == 1;
}

/* Search position after the match [a, b) (one character on when empty). */
static size_t next_pos(const char *t, size_t a, size_t b, size_t end)
{
    if (b > a)
        return b;
    b = a + 1;
    while (b < end && ((unsigned char)t[b] & 0xC0) == 0x80)
        b++;
    return b;
}

/* After a match of p->re made with base `base`: read the total and add up
 * the parts (this reuses md).  1 when both were read, with *total, *sum. */
static int add_up(const sum_params *p, matcher *m, size_t base, double *total,
                  double *sum)
{
    size_t ta, tb, pa, pb;
    if (!nl_match_group(m->md, p->g_total, base, &ta, &tb) ||
        !nl_match_group(m->md, p->g_parts, base, &pa, &pb) ||
        !read_number(m->text, ta, tb, total))
        return 0;
    size_t from = pa, nvalues = 0;
    *sum = 0;
    while (from <= pb && do_match(m, p->part, pa, pb, from)) {
        size_t ms, me, va, vb;
        double v;
        nl_match_group(m->md, 0, pa, &ms, &me);
        if (nl_match_group(m->md, p->g_value, pa, &va, &vb)) {
            if (!read_number(m->text, va, vb, &v))
                return 0;
            *sum += v;
            nvalues++;
        }
        from = next_pos(m->text, ms, me, pb);
    }
    return nvalues > 0;
}

static int mismatch(const sum_params *p, double total, double sum)
{
    return fabs(total - sum) > p->tolerance + EPSILON;
}

static void run_pattern(const nl_rule *rule, const sum_params *p, nl_ctx *ctx)
{
    matcher m = {ctx, ctx->doc->dec.text, ctx->md};
    size_t ninst;
    const nl_inst *inst = nl_ctx_instances(ctx, rule->scope, &ninst);
    for (size_t k = 0; k < ninst; k++) {
        nl_span s = inst[k].span;
        size_t from = s.start;
        while (from <= s.end && nl_ctx_match(ctx, p->re, s, from)) {
            nl_var vars[40];
            double total, sum;
            nl_span ms = nl_ctx_match_span(ctx, s);
            size_t nv = 2 + nl_ctx_match_vars(ctx, p->re, s, vars + 2,
                                              sizeof vars / sizeof vars[0] - 2);
            if (add_up(p, &m, s.start, &total, &sum) && mismatch(p, total, sum)) {
                char tb[32], sb[32];
                nl_kind_format_number(total, tb, sizeof tb);
                nl_kind_format_number(sum, sb, sizeof sb);
                vars[0] = (nl_var){"total", tb, strlen(tb)};
                vars[1] = (nl_var){"sum", sb, strlen(sb)};
                nl_ctx_emit(ctx, ms, vars, nv);
            }
            from = next_pos(m.text, ms.start, ms.end, s.end);
        }
    }
}

/* ---- fact and ratio modes ---- */

static void run_facts(const sum_params *p, nl_ctx *ctx)
{
    nl_fval total, part;
    size_t present = 0;
    double sum = 0;
    if (!nl_kind_number_fact(ctx, p->total, &total))
        return;
    for (size_t i = 0; i < p->nparts; i++) {
        if (nl_kind_number_fact(ctx, p->parts[i], &part)) {
            sum += part.num;
            present++;
        } else if (p->require_all) {
            return;
        }
    }
    if (present == 0 || !mismatch(p, total.num, sum))
        return;
    char tb[32], sb[32];
    nl_kind_format_number(total.num, tb, sizeof tb);
    nl_kind_format_number(sum, sb, sizeof sb);
    nl_var vars[] = {{"total", tb, strlen(tb)}, {"sum", sb, strlen(sb)}};
    nl_ctx_emit(ctx, total.has_span ? total.span : nl_kind_doc_start(ctx), vars, 2);
}

static void run_ratio(const sum_params *p, nl_ctx *ctx)
{
    nl_fval pc, num, den;
    if (!nl_kind_number_fact(ctx, p->percent, &pc) ||
        !nl_kind_number_fact(ctx, p->numerator, &num) ||
        !nl_kind_number_fact(ctx, p->denominator, &den) || den.num == 0)
        return;
    double computed = 100.0 * num.num / den.num;
    if (!mismatch(p, pc.num, computed))
        return;
    char pb[32], cb[32], nb[32], db[32];
    nl_kind_format_number(pc.num, pb, sizeof pb);
    snprintf(cb, sizeof cb, "%.2f", computed);
    nl_kind_format_number(num.num, nb, sizeof nb);
    nl_kind_format_number(den.num, db, sizeof db);
    nl_var vars[] = {
        {"percent", pb, strlen(pb)},
        {"computed", cb, strlen(cb)},
        {"numerator", nb, strlen(nb)},
        {"denominator", db, strlen(db)},
    };
    nl_ctx_emit(ctx, pc.has_span ? pc.span : nl_kind_doc_start(ctx), vars, 4);
}

static void sum_run(const nl_rule *rule, nl_ctx *ctx)
{
    const sum_params *p = rule->params;
    if (p->mode == MODE_PATTERN)
        run_pattern(rule, p, ctx);
    else if (p->mode == MODE_FACTS)
        run_facts(p, ctx);
    else
        run_ratio(p, ctx);
}

static int sum_example(const nl_rule *rule, const char *text, size_t len,
                       pcre2_match_data *md)
{
    const sum_params *p = rule->params;
    if (p->mode != MODE_PATTERN)
        return -2; /* facts: the loader runs the rule on the example as a notice */
    matcher m = {NULL, text, md};
    size_t from = 0;
    while (from <= len && nl_pattern_match(p->re, text, 0, len, from, md) == 1) {
        size_t ms, me;
        double total, sum;
        nl_match_group(md, 0, 0, &ms, &me);
        if (add_up(p, &m, 0, &total, &sum) && mismatch(p, total, sum))
            return 1;
        from = next_pos(text, ms, me, len);
    }
    return 0;
}

const nl_kind nl_kind_sum = {
    .name = "sum",
    .keys = sum_keys,
    .load = sum_load,
    .run = sum_run,
    .free = sum_free,
    .example = sum_example,
};
