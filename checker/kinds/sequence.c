/*
 * sequence.c — the `sequence` kind: numbering continuity of headings or of
 * inline enumerations (一是/二是).
 *
 * Elements are split into groups, each numbered from 1: headings of one
 * level per parent (`per-parent`) or per top-level ancestor of the parent
 * (`continuous`; `auto` picks per-parent when most groups after the first
 * restart at 1), enumerations per run with the same owner (a 1 restarts).
 * Walking a group with the previous number `prev` (0 before the first):
 * number == prev is a duplicate, number > prev + 1 a gap, number < prev an
 * order error; prev always becomes the number, so one skip is reported
 * once and not again at every later element.  Elements whose numeral could
 * not be read (number -1) and elements outside the scope are ignored.
 * A finding sits on the label and offers {expected}: the label rewritten
 * with the expected number in the original numeral style (Chinese,
 * full-width or ASCII digits).
 */
#include "kinds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cnum.h"
#include "../eval.h"
#include "kindutil.h"

enum { TARGET_HEADINGS, TARGET_ENUMS };
enum { NUM_AUTO, NUM_CONTINUOUS, NUM_PER_PARENT };
enum { CHECK_GAP = 1, CHECK_DUPLICATE = 2, CHECK_ORDER = 4 };

typedef struct seq_params {
    int target;
    int level;      /* 1..8, 0 = every level */
    int checks;     /* CHECK_* bits */
    int numbering;  /* NUM_* */
} seq_params;

static const char *const seq_keys[] = {"target", "level", "check", "numbering",
                                       NULL};

/* Index of s in the NULL-terminated list, or -1. */
static int lookup(const char *const *list, const char *s)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return i;
    return -1;
}

static nl_status load_checks(nl_rload *ld, int *out)
{
    static const char *const names[] = {"gap", "duplicate", "order", NULL};
    const nl_ynode *node = nl_rkey(ld, "check");
    char **v = NULL;
    size_t n = 0;
    *out = CHECK_GAP | CHECK_DUPLICATE | CHECK_ORDER;
    if (!node)
        return NL_OK;
    nl_status st = nl_rstrings(ld, "check", 0, &v, &n);
    if (st != NL_OK)
        return st;
    if (n == 0) {
        st = nl_rfail(ld, node, "'check' must name at least one of gap, "
                                "duplicate, order");
        goto out;
    }
    *out = 0;
    for (size_t i = 0; i < n; i++) {
        int k = lookup(names, v[i]);
        if (k < 0) {
            const nl_ynode *at = node->kind == NL_Y_SEQ && i < node->count
                                     ? node->items[i] : node;
            st = nl_rfail(ld, at, "unknown check '%s' (expected gap, "
                                  "duplicate or order)", v[i]);
            goto out;
        }
        *out |= 1 << k;
    }
out:
    nl_free_strings(v, n);
    return st;
}

static nl_status seq_load(nl_rule *rule, nl_rload *ld)
{
    static const char *const targets[] = {"headings", "enumerations", NULL};
    static const char *const numberings[] = {"auto", "continuous",
                                             "per-parent", NULL};
    seq_params p = {TARGET_HEADINGS, 0, 0, NUM_AUTO};
    char *s = NULL;
    nl_status st = nl_rstring(ld, "target", 1, &s);
    if (st != NL_OK)
        return st;
    p.target = lookup(targets, s);
    if (p.target < 0)
        st = nl_rfail(ld, nl_rkey(ld, "target"), "unknown target '%s' "
                      "(expected headings or enumerations)", s);
    free(s);
    s = NULL;
    if (st != NL_OK)
        return st;

    const nl_ynode *lv = nl_rkey(ld, "level");
    if (lv) {
        long level;
        if ((st = nl_rlong(ld, "level", 0, &level)) != NL_OK)
            return st;
        if (p.target != TARGET_HEADINGS)
            return nl_rfail(ld, lv, "'level' applies only to target headings");
        if (level < 1 || level > 8)
            return nl_rfail(ld, lv, "level %ld is out of range (1-8)", level);
        p.level = (int)level;
    }
    const nl_ynode *nb = nl_rkey(ld, "numbering");
    if (nb) {
        if ((st = nl_rstring(ld, "numbering", 0, &s)) != NL_OK)
            return st;
        p.numbering = lookup(numberings, s);
        if (p.target != TARGET_HEADINGS)
            st = nl_rfail(ld, nb, "'numbering' applies only to target headings");
        else if (p.numbering < 0)
            st = nl_rfail(ld, nb, "unknown numbering '%s' (expected auto, "
                          "continuous or per-parent)", s);
        free(s);
        if (st != NL_OK)
            return st;
    }
    if ((st = load_checks(ld, &p.checks)) != NL_OK)
        return st;

    seq_params *pp = malloc(sizeof *pp);
    if (!pp)
        return nl_rfail(ld, NULL, "out of memory");
    *pp = p;
    rule->params = pp;
    return NL_OK;
}

static void seq_free(void *params)
{
    free(params);
}

/* ---- checking one element against its group ---- */

typedef struct group_state {
    long prev;          /* 0 before the first element */
    nl_span prev_label;
    int has_prev;
} group_state;

/* Write `label` with its numeral [num) replaced by `value` in the same
 * style into buf. */
static void rewrite_label(const char *t, nl_span label, nl_span num,
                          long value, char *buf, size_t size)
{
    char digits[64];
    if (num.end <= num.start || num.start < label.start || num.end > label.end) {
        snprintf(buf, size, "%.*s", (int)(label.end - label.start),
                 t + label.start);
        return;
    }
    unsigned char c0 = (unsigned char)t[num.start];
    if (c0 == 0xEF && num.end - num.start >= 3 &&
        (unsigned char)t[num.start + 1] == 0xBC) { /* full-width digits */
        char ascii[32];
        int k = snprintf(ascii, sizeof ascii, "%ld", value);
        size_t o = 0;
        for (int i = 0; i < k && o + 4 <= sizeof digits; i++) {
            digits[o++] = (char)0xEF;
            digits[o++] = (char)0xBC;
            digits[o++] = (char)(0x90 + (ascii[i] - '0'));
        }
        digits[o] = '\0';
    } else if (c0 >= 0x80 && nl_cnum_format(value, digits, sizeof digits) > 0) {
        /* Chinese numeral */
    } else {
        snprintf(digits, sizeof digits, "%ld", value);
    }
    snprintf(buf, size, "%.*s%s%.*s", (int)(num.start - label.start),
             t + label.start, digits, (int)(label.end - num.end), t + num.end);
}

static void check_element(nl_ctx *ctx, const seq_params *p, group_state *g,
                          long number, nl_span label, nl_span num)
{
    const char *t = ctx->doc->dec.text;
    long expected = g->has_prev ? g->prev + 1 : 1;
    int check = 0;
    if (g->has_prev && number == g->prev)
        check = CHECK_DUPLICATE;
    else if (number > expected)
        check = CHECK_GAP;
    else if (g->has_prev && number < g->prev)
        check = CHECK_ORDER;
    if (check & p->checks) {
        char exp[160], nbuf[24], ebuf[24];
        rewrite_label(t, label, num, expected, exp, sizeof exp);
        snprintf(nbuf, sizeof nbuf, "%ld", number);
        snprintf(ebuf, sizeof ebuf, "%ld", expected);
        const char *cname = check == CHECK_GAP ? "gap"
                            : check == CHECK_DUPLICATE ? "duplicate" : "order";
        nl_var vars[] = {
            {"found", t + label.start, label.end - label.start},
            {"expected", exp, strlen(exp)},
            {"previous", g->has_prev ? t + g->prev_label.start : "",
             g->has_prev ? g->prev_label.end - g->prev_label.start : 0},
            {"number", nbuf, strlen(nbuf)},
            {"expected_number", ebuf, strlen(ebuf)},
            {"check", cname, strlen(cname)},
        };
        nl_ctx_emit(ctx, label, vars, sizeof vars / sizeof vars[0]);
    }
    g->prev = number;
    g->prev_label = label;
    g->has_prev = 1;
}

/* ---- headings ---- */

static int root_of(const nl_notice *nt, int h)
{
    while (h >= 0 && nt->headings[h].parent >= 0)
        h = nt->headings[h].parent;
    return h;
}

/* Auto numbering for one level: per-parent when, of the parent groups
 * after the first, more than half start at 1. */
static int decide_numbering(const nl_notice *nt, const nl_kind_cover *c,
                            int level)
{
    size_t groups = 0, restarts = 0;
    int last_parent = -2;
    for (size_t i = 0; i < nt->nheadings; i++) {
        const nl_heading *h = &nt->headings[i];
        if (h->level != level || !nl_kind_cover_has(c, h->label.start))
            continue;
        if (h->parent != last_parent) {
            if (groups > 0 && h->number == 1)
                restarts++;
            groups++;
            last_parent = h->parent;
        }
    }
    return groups >= 2 && restarts * 2 > groups - 1 ? NUM_PER_PARENT
                                                     : NUM_CONTINUOUS;
}

static void run_headings(nl_ctx *ctx, const seq_params *p,
                         const nl_kind_cover *c)
{
    const nl_notice *nt = ctx->nt;
    if (nt->nheadings == 0)
        return;
    /* Group state by key + 1: the key is a heading index or -1. */
    group_state *st = malloc((nt->nheadings + 1) * sizeof *st);
    if (!st) {
        ctx->oom = 1;
        return;
    }
    for (int level = 1; level <= 8; level++) {
        if (p->level && level != p->level)
            continue;
        int mode = p->numbering == NUM_AUTO ? decide_numbering(nt, c, level)
                                            : p->numbering;
        memset(st, 0, (nt->nheadings + 1) * sizeof *st);
        for (size_t i = 0; i < nt->nheadings; i++) {
            const nl_heading *h = &nt->headings[i];
            if (h->level != level || h->number < 0 ||
                !nl_kind_cover_has(c, h->label.start))
                continue;
            int key = mode == NUM_PER_PARENT ? h->parent
                                              : root_of(nt, h->parent);
            check_element(ctx, p, &st[key + 1], h->number, h->label, h->num);
        }
    }
    free(st);
}

/* ---- enumerations ---- */

static void run_enums(nl_ctx *ctx, const seq_params *p,
                      const nl_kind_cover *c)
{
    const nl_notice *nt = ctx->nt;
    const char *t = ctx->doc->dec.text;
    group_state g = {0, {0, 0}, 0};
    int owner = -2;
    size_t para = 0;
    for (size_t i = 0; i < nt->nenums; i++) {
        const nl_enum *e = &nt->enums[i];
        if (e->number < 0 || !nl_kind_cover_has(c, e->label.start))
            continue;
        if (e->heading != owner || (owner == -1 && e->para != para) ||
            e->number == 1) {
            memset(&g, 0, sizeof g);
            owner = e->heading;
            para = e->para;
        }
        size_t len = nl_cnum_span(t + e->label.start,
                                  e->label.end - e->label.start);
        nl_span num = {e->label.start, e->label.start + len};
        check_element(ctx, p, &g, e->number, e->label, num);
    }
}

static void seq_run(const nl_rule *rule, nl_ctx *ctx)
{
    const seq_params *p = rule->params;
    /* Membership in the scope; the document scope takes every element,
     * also those outside its first to last content line. */
    nl_kind_cover c = {NULL, 0, 1};
    if (rule->scope != NL_RS_DOCUMENT &&
        nl_kind_cover_init(&c, ctx, rule->scope) != 0) {
        ctx->oom = 1;
        return;
    }
    if (p->target == TARGET_HEADINGS)
        run_headings(ctx, p, &c);
    else
        run_enums(ctx, p, &c);
    nl_kind_cover_free(&c);
}

const nl_kind nl_kind_sequence = {
    .name = "sequence",
    .keys = seq_keys,
    .load = seq_load,
    .run = seq_run,
    .free = seq_free,
    .example = NULL,
};
