/*
 * count.c — the `count` kind: a count the text states must equal a count
 * of what the document holds.
 *
 *   stated: stated_counts.problems     # 反馈的32个问题
 *   counted: structure.items           # the item headings found
 *
 * Both sides are facts (the parser's or an extract rule's) and must be
 * numbers; when either has no value the rule says nothing, so a notice
 * that states no total is not blamed here (a `require` rule can insist on
 * the statement).  The finding sits on the stated number, where the
 * reader will look; without one, at the start of the document.
 */
#include "kinds.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../eval.h"

typedef struct count_params {
    char *stated, *counted;
} count_params;

static const char *const count_keys[] = {"stated", "counted", NULL};

static void count_free(void *params)
{
    count_params *p = params;
    if (!p)
        return;
    free(p->stated);
    free(p->counted);
    free(p);
}

/* [A-Za-z_][A-Za-z0-9_.]* with UTF-8 letters allowed anywhere. */
static int fact_name_ok(const char *s)
{
    if (!s[0] || (s[0] >= '0' && s[0] <= '9') || s[0] == '.')
        return 0;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (!(*c >= 0x80 || (*c >= 'a' && *c <= 'z') ||
              (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '_' || *c == '.'))
            return 0;
    return 1;
}

static nl_status count_load(nl_rule *rule, nl_rload *ld)
{
    static const char *const keys[] = {"stated", "counted"};
    count_params *p = calloc(1, sizeof *p);
    if (!p)
        return nl_rfail(ld, NULL, "out of memory");
    char **slot[] = {&p->stated, &p->counted};
    for (int i = 0; i < 2; i++) {
        nl_status st = nl_rstring(ld, keys[i], 1, slot[i]);
        if (st == NL_OK && !fact_name_ok(*slot[i]))
            st = nl_rfail(ld, nl_rkey(ld, keys[i]), "invalid fact name '%s'",
                          *slot[i]);
        if (st != NL_OK) {
            count_free(p);
            return st;
        }
    }
    rule->params = p;
    return NL_OK;
}

static void fmt_num(double v, char *buf, size_t size)
{
    if (fabs(v) < 1e15 && v == floor(v))
        snprintf(buf, size, "%.0f", v);
    else
        snprintf(buf, size, "%.10g", v);
}

static void count_run(const nl_rule *rule, nl_ctx *ctx)
{
    const count_params *p = rule->params;
    nl_fval s, c;
    if (!nl_ctx_fact(ctx, p->stated, &s) || !nl_ctx_fact(ctx, p->counted, &c) ||
        s.type != NL_FV_NUMBER || c.type != NL_FV_NUMBER || s.num == c.num)
        return;
    char sb[32], cb[32];
    fmt_num(s.num, sb, sizeof sb);
    fmt_num(c.num, cb, sizeof cb);
    nl_var vars[] = {
        {"stated", sb, strlen(sb)},
        {"counted", cb, strlen(cb)},
        {"stated_name", p->stated, strlen(p->stated)},
        {"counted_name", p->counted, strlen(p->counted)},
    };
    nl_span at = s.has_span ? s.span : (nl_span){0, 0};
    if (!s.has_span) {
        size_t n;
        const nl_inst *inst = nl_ctx_instances(ctx, NL_RS_DOCUMENT, &n);
        if (n)
            at = (nl_span){inst[0].span.start, inst[0].span.start};
    }
    nl_ctx_emit(ctx, at, vars, sizeof vars / sizeof vars[0]);
}

const nl_kind nl_kind_count = {
    .name = "count",
    .keys = count_keys,
    .load = count_load,
    .run = count_run,
    .free = count_free,
    .example = NULL,
};
