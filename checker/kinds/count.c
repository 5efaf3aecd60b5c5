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

#include <stdlib.h>
#include <string.h>

#include "../eval.h"
#include "kindutil.h"

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

static nl_status count_load(nl_rule *rule, nl_rload *ld)
{
    nl_status st;
    count_params *p = calloc(1, sizeof *p);
    if (!p)
        return nl_rfail(ld, NULL, "out of memory");
    if ((st = nl_kind_load_fact(ld, "stated", &p->stated)) != NL_OK ||
        (st = nl_kind_load_fact(ld, "counted", &p->counted)) != NL_OK) {
        count_free(p);
        return st;
    }
    rule->params = p;
    return NL_OK;
}

static void count_run(const nl_rule *rule, nl_ctx *ctx)
{
    const count_params *p = rule->params;
    nl_fval s, c;
    if (!nl_kind_number_fact(ctx, p->stated, &s) ||
        !nl_kind_number_fact(ctx, p->counted, &c) || s.num == c.num)
        return;
    char sb[32], cb[32];
    nl_kind_format_number(s.num, sb, sizeof sb);
    nl_kind_format_number(c.num, cb, sizeof cb);
    nl_var vars[] = {
        {"stated", sb, strlen(sb)},
        {"counted", cb, strlen(cb)},
        {"stated_name", p->stated, strlen(p->stated)},
        {"counted_name", p->counted, strlen(p->counted)},
    };
    nl_ctx_emit(ctx, s.has_span ? s.span : nl_kind_doc_start(ctx), vars,
                sizeof vars / sizeof vars[0]);
}

const nl_kind nl_kind_count = {
    .name = "count",
    .keys = count_keys,
    .load = count_load,
    .run = count_run,
    .free = count_free,
    .example = NULL,
};
