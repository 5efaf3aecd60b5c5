/*
 * compare.c — the `compare` kind: two facts (dates or numbers) must stand
 * in a relation, `left OP right`, and/or within a distance, min_diff <=
 * right - left <= max_diff (days for dates).
 *
 *   left: feedback_date
 *   right: publish_date
 *   max_diff: 90
 *
 * `left: dates` compares every date token inside the scope's instances
 * (with its inferred year) against the right fact, one finding per token;
 * `date_filter`, a pattern, keeps only the tokens where it matches starting
 * at the token (a lookahead such as (?!${DATE}前) drops deadlines).
 * `right` may list several facts: the first one with a value is used
 * (publish_date, else signature_date).
 * A side without a value means no finding.  Dates compare by year, then
 * month and day only where both sides have them, so 2021年8月 is not before
 * 2021-08-05; a date without a year or out of range is skipped, and a
 * distance needs full dates.  Text facts support only == and !=, after
 * `normalize` (a list of {pattern, replace}) has rewritten both sides, so
 * 中共云岭镇委员会 and 云岭镇党委 can be the same unit.  Fact
 * names are not checked against a list, since extract rules in other files
 * may define them; they must only be well-formed.
 */
#include "kinds.h"

#include <stdlib.h>
#include <string.h>

#include "../eval.h"
#include "kindutil.h"

enum { OP_NONE = -1, OP_LT, OP_LE, OP_EQ, OP_NE, OP_GT, OP_GE };

static const char *const op_names[] = {"<", "<=", "==", "!=", ">", ">=", NULL};

typedef struct norm_step {
    nl_pattern *re;
    char *replace;
} norm_step;

typedef struct cmp_params {
    norm_step *norm;     /* text normalisation, applied in order */
    size_t nnorm;
    char *left;
    char **right;        /* candidates, the first with a value is used */
    size_t nright;
    int left_dates;      /* left is every date token of the scope */
    nl_pattern *filter;  /* date_filter, or NULL */
    int op;              /* OP_*, OP_NONE when absent */
    int has_max, has_min;
    double max_diff, min_diff;
} cmp_params;

static const char *const cmp_keys[] = {"left", "right", "op", "max_diff",
                                       "min_diff", "date_filter", "normalize",
                                       NULL};

static void cmp_free(void *params)
{
    cmp_params *p = params;
    if (!p)
        return;
    for (size_t i = 0; i < p->nnorm; i++) {
        nl_pattern_free(p->norm[i].re);
        free(p->norm[i].replace);
    }
    free(p->norm);
    free(p->left);
    nl_free_strings(p->right, p->nright);
    nl_pattern_free(p->filter);
    free(p);
}

static nl_status cmp_load(nl_rule *rule, nl_rload *ld)
{
    nl_status st;
    cmp_params *p = calloc(1, sizeof *p);
    if (!p)
        return nl_rfail(ld, NULL, "out of memory");
    p->op = OP_NONE;
    if ((st = nl_rstring(ld, "left", 1, &p->left)) != NL_OK ||
        (st = nl_rstrings(ld, "right", 1, &p->right, &p->nright)) != NL_OK)
        goto fail;
    p->left_dates = strcmp(p->left, "dates") == 0;
    if ((st = nl_kind_check_facts(ld, "left", &p->left, 1, NULL, NULL)) != NL_OK ||
        (st = nl_kind_check_facts(ld, "right", p->right, p->nright, "dates",
                                  " ('dates' is allowed only as left)")) != NL_OK)
        goto fail;
    const nl_ynode *fn = nl_rkey(ld, "date_filter");
    if (fn) {
        nl_pattern **v = NULL;
        size_t nv = 0;
        if (!p->left_dates) {
            st = nl_rfail(ld, fn, "'date_filter' applies only to left: dates");
            goto fail;
        }
        if ((st = nl_rpatterns(ld, "date_filter", 0, &v, &nv)) != NL_OK)
            goto fail;
        if (nv != 1) {
            nl_free_patterns(v, nv);
            st = nl_rfail(ld, fn, "'date_filter' takes exactly one pattern");
            goto fail;
        }
        p->filter = v[0];
        free(v);
    }

    const nl_ynode *nn = nl_rkey(ld, "normalize");
    if (nn) {
        if (nn->kind != NL_Y_SEQ || nn->count == 0) {
            st = nl_rfail(ld, nn, "'normalize' must be a list of {pattern, replace}");
            goto fail;
        }
        if (!(p->norm = calloc(nn->count, sizeof *p->norm))) {
            st = nl_rfail(ld, nn, "out of memory");
            goto fail;
        }
        static const char *const nkeys[] = {"pattern", "replace", NULL};
        for (size_t i = 0; i < nn->count; i++) {
            const nl_ynode *e = nn->items[i], *pat = nl_yget(e, "pattern"),
                           *rep = nl_yget(e, "replace");
            if (e->kind != NL_Y_MAP || !pat) {
                st = nl_rfail(ld, e, "a normalize step is a mapping {pattern, replace}");
                goto fail;
            }
            if ((st = nl_ycheck_keys(ld->file, e, nkeys, ld->err)) != NL_OK ||
                (st = nl_rpattern_node(ld, pat, &p->norm[i].re)) != NL_OK)
                goto fail;
            p->nnorm++;
            if (rep && rep->kind != NL_Y_SCALAR) {
                st = nl_rfail(ld, rep, "'replace' must be a string");
                goto fail;
            }
            if (!(p->norm[i].replace = strdup(rep ? rep->value : ""))) {
                st = nl_rfail(ld, e, "out of memory");
                goto fail;
            }
        }
    }

    const nl_ynode *opn = nl_rkey(ld, "op");
    if (opn) {
        char *op = NULL;
        if ((st = nl_rstring(ld, "op", 0, &op)) != NL_OK)
            goto fail;
        for (int i = 0; op_names[i]; i++)
            if (strcmp(op, op_names[i]) == 0)
                p->op = i;
        if (p->op == OP_NONE)
            st = nl_rfail(ld, opn, "unknown op '%s' (expected <, <=, ==, !=, "
                                   ">, >=)", op);
        free(op);
        if (st != NL_OK)
            goto fail;
    }
    const nl_ynode *mx = nl_rkey(ld, "max_diff"), *mn = nl_rkey(ld, "min_diff");
    if (mx && (st = nl_rdouble(ld, "max_diff", 0, &p->max_diff)) != NL_OK)
        goto fail;
    if (mn && (st = nl_rdouble(ld, "min_diff", 0, &p->min_diff)) != NL_OK)
        goto fail;
    p->has_max = mx != NULL;
    p->has_min = mn != NULL;
    if (p->op == OP_NONE && !p->has_max && !p->has_min) {
        st = nl_rfail(ld, NULL, "compare needs 'op', 'max_diff' or 'min_diff'");
        goto fail;
    }
    if (p->has_max && p->has_min && p->min_diff > p->max_diff) {
        st = nl_rfail(ld, mn, "min_diff %g is greater than max_diff %g",
                      p->min_diff, p->max_diff);
        goto fail;
    }
    rule->params = p;
    return NL_OK;
fail:
    cmp_free(p);
    return st;
}

static int is_full(nl_date d)
{
    return d.year && d.month && d.day;
}

/* Three-way comparison of two values of the same kind: 1 and *c, else 0
 * (incomparable). */
static int compare_values(const nl_fval *l, const nl_fval *r, int *c)
{
    if (l->type == NL_FV_DATE && r->type == NL_FV_DATE) {
        nl_date a = l->date, b = r->date;
        if (!a.year || !b.year || !nl_date_valid(a) || !nl_date_valid(b))
            return 0;
        *c = (a.year > b.year) - (a.year < b.year);
        if (!*c && a.month && b.month)
            *c = (a.month > b.month) - (a.month < b.month);
        if (!*c && a.month && b.month && a.day && b.day)
            *c = (a.day > b.day) - (a.day < b.day);
        return 1;
    }
    if (l->type == NL_FV_NUMBER && r->type == NL_FV_NUMBER) {
        *c = (l->num > r->num) - (l->num < r->num);
        return 1;
    }
    if (l->type == NL_FV_TEXT && r->type == NL_FV_TEXT) {
        *c = !(l->len == r->len && memcmp(l->text, r->text, l->len) == 0);
        return 1;
    }
    return 0;
}

/* right - left: 1 and *diff when both sides allow it. */
static int difference(const nl_fval *l, const nl_fval *r, double *diff)
{
    if (l->type == NL_FV_DATE && r->type == NL_FV_DATE) {
        if (!is_full(l->date) || !is_full(r->date) ||
            !nl_date_valid(l->date) || !nl_date_valid(r->date))
            return 0;
        *diff = (double)nl_date_diff(l->date, r->date);
        return 1;
    }
    if (l->type == NL_FV_NUMBER && r->type == NL_FV_NUMBER) {
        *diff = r->num - l->num;
        return 1;
    }
    return 0;
}

static int op_holds(int op, int c, int text)
{
    if (text && op != OP_EQ && op != OP_NE)
        return 1; /* ordering text is meaningless: never a finding */
    switch (op) {
    case OP_LT: return c < 0;
    case OP_LE: return c <= 0;
    case OP_EQ: return c == 0;
    case OP_NE: return c != 0;
    case OP_GT: return c > 0;
    default: return c >= 0;
    }
}

/* Apply the normalize steps to text[0..len); malloc'd result or NULL. */
static char *normalize(const cmp_params *p, const char *text, size_t len,
                       pcre2_match_data *md)
{
    char *cur = strndup(text, len);
    for (size_t k = 0; cur && k < p->nnorm; k++) {
        size_t n = strlen(cur), rl = strlen(p->norm[k].replace), cap = n + 1, out = 0;
        char *next = malloc(cap);
        size_t from = 0;
        while (next && from <= n) {
            size_t a = n, b = n;
            int hit = nl_pattern_match(p->norm[k].re, cur, 0, n, from, md) == 1 &&
                      nl_match_group(md, 0, 0, &a, &b);
            if (!hit)
                a = b = n;
            size_t need = out + (a - from) + (hit ? rl : 0) + 8;
            if (need > cap) {
                char *nb = realloc(next, cap = need * 2);
                if (!nb) {
                    free(next);
                    next = NULL;
                    break;
                }
                next = nb;
            }
            memcpy(next + out, cur + from, a - from);
            out += a - from;
            if (!hit)
                break;
            memcpy(next + out, p->norm[k].replace, rl);
            out += rl;
            if (b == a) { /* empty match: keep one character and go on */
                if (a >= n)
                    break;
                size_t w = 1;
                while (a + w < n && ((unsigned char)cur[a + w] & 0xC0) == 0x80)
                    w++;
                memcpy(next + out, cur + a, w);
                out += w;
                b = a + w;
            }
            from = b;
        }
        if (next)
            next[out] = '\0';
        free(cur);
        cur = next;
    }
    return cur;
}

static void check_pair(nl_ctx *ctx, const cmp_params *p, const nl_fval *l,
                       const nl_fval *r, const char *right_name)
{
    if (p->nnorm && l->type == NL_FV_TEXT && r->type == NL_FV_TEXT) {
        nl_fval ln = *l, rn = *r;
        char *a = normalize(p, l->text, l->len, ctx->md);
        char *b = normalize(p, r->text, r->len, ctx->md);
        if (a && b) {
            ln.text = a;
            ln.len = strlen(a);
            rn.text = b;
            rn.len = strlen(b);
            int c;
            /* report the values as written, judge them normalised */
            if (compare_values(&ln, &rn, &c) &&
                op_holds(p->op == OP_NONE ? OP_EQ : p->op, c, 1)) {
                free(a);
                free(b);
                return;
            }
        } else {
            ctx->oom = 1;
        }
        free(a);
        free(b);
    }
    int c, bad = 0, has_diff;
    double diff = 0;
    if (!compare_values(l, r, &c))
        return;
    if (p->op != OP_NONE && !op_holds(p->op, c, l->type == NL_FV_TEXT))
        bad = 1;
    has_diff = difference(l, r, &diff);
    if (has_diff && ((p->has_max && diff > p->max_diff) ||
                     (p->has_min && diff < p->min_diff)))
        bad = 1;
    if (!bad)
        return;
    char lb[128], rb[128], db[32] = "", mxb[32] = "", mnb[32] = "";
    nl_fval_format(l, lb, sizeof lb);
    nl_fval_format(r, rb, sizeof rb);
    if (has_diff)
        nl_kind_format_number(diff, db, sizeof db);
    if (p->has_max)
        nl_kind_format_number(p->max_diff, mxb, sizeof mxb);
    if (p->has_min)
        nl_kind_format_number(p->min_diff, mnb, sizeof mnb);
    const char *op = p->op != OP_NONE ? op_names[p->op] : "";
    nl_var vars[] = {
        {"left", lb, strlen(lb)},
        {"right", rb, strlen(rb)},
        {"diff", db, strlen(db)},
        {"op", op, strlen(op)},
        {"max_diff", mxb, strlen(mxb)},
        {"min_diff", mnb, strlen(mnb)},
        {"left_name", p->left, strlen(p->left)},
        {"right_name", right_name, strlen(right_name)},
    };
    nl_span at = l->has_span ? l->span : r->has_span ? r->span : nl_kind_doc_start(ctx);
    nl_ctx_emit(ctx, at, vars, sizeof vars / sizeof vars[0]);
}

/* Does the date filter match starting exactly at the token? */
static int filter_keeps(nl_ctx *ctx, const nl_pattern *f, const nl_date_tok *tok)
{
    const nl_notice *nt = ctx->nt;
    nl_span line = nt->lines[nl_doc_line_of(ctx->doc, tok->span.start)];
    if (!nl_ctx_match(ctx, f, line, tok->span.start))
        return 0;
    return nl_ctx_match_span(ctx, line).start == tok->span.start;
}

static void cmp_run(const nl_rule *rule, nl_ctx *ctx)
{
    const cmp_params *p = rule->params;
    nl_fval l, r;
    size_t k = nl_kind_first_fact(ctx, p->right, p->nright, &r);
    if (k == p->nright)
        return;
    const char *rname = p->right[k];
    if (!p->left_dates) {
        if (nl_ctx_fact(ctx, p->left, &l))
            check_pair(ctx, p, &l, &r, rname);
        return;
    }
    nl_kind_cover scope;
    if (nl_kind_cover_init(&scope, ctx, rule->scope) != 0) {
        ctx->oom = 1;
        return;
    }
    for (size_t i = 0; i < ctx->nt->ndates; i++) {
        const nl_date_tok *tok = &ctx->nt->dates[i];
        if (!nl_kind_cover_has(&scope, tok->span.start) ||
            (p->filter && !filter_keeps(ctx, p->filter, tok)))
            continue;
        memset(&l, 0, sizeof l);
        l.type = NL_FV_DATE;
        l.date = tok->date;
        l.span = tok->span;
        l.has_span = 1;
        check_pair(ctx, p, &l, &r, rname);
    }
    nl_kind_cover_free(&scope);
}

const nl_kind nl_kind_compare = {
    .name = "compare",
    .keys = cmp_keys,
    .load = cmp_load,
    .run = cmp_run,
    .free = cmp_free,
    .example = NULL,
};

int nl_kind_compare_max_diff(const nl_rule *rule, double *out)
{
    if (!rule || rule->kind != &nl_kind_compare || !rule->params)
        return 0;
    const cmp_params *p = rule->params;
    if (!p->has_max)
        return 0;
    *out = p->max_diff;
    return 1;
}
