/*
 * eval.c — run a rule set over one notice.  See eval.h.
 *
 * Scope instances are computed once per document.  Aspect and item
 * sections run from their heading to the last line of their last
 * descendant, found in one backward pass over the headings.  Each rule's
 * findings are capped (MAX_FINDINGS_PER_RULE) so that a pathological
 * document cannot make output or memory explode; the cap itself is
 * reported as engine.finding-limit.
 */
#include "eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "kinds/kinds.h"

#define MAX_FINDINGS_PER_RULE 1000

static int push_inst(nl_ctx *ctx, int scope, nl_span s, int heading)
{
    size_t n = ctx->ninst[scope];
    /* capacity is the smallest power of two >= n: grow when n is 0 or one */
    if ((n & (n - 1)) == 0) {
        nl_inst *nv = realloc(ctx->inst[scope], (n ? 2 * n : 1) * sizeof *nv);
        if (!nv)
            return -1;
        ctx->inst[scope] = nv;
    }
    ctx->inst[scope][n] = (nl_inst){s, heading};
    ctx->ninst[scope] = n + 1;
    return 0;
}

static int build_instances(nl_ctx *ctx)
{
    const nl_notice *nt = ctx->nt;
    const nl_doc *doc = ctx->doc;
    if (doc->unparsed || !nt->lines)
        return 0;
    /* document: first to last content line */
    size_t first = doc->nlines, last = 0;
    for (size_t i = 0; i < doc->nlines; i++) {
        int k = nt->line_kind[i];
        if (k == NL_LINE_BLANK || k == NL_LINE_CHROME || k == NL_LINE_META ||
            k == NL_LINE_FOOTER)
            continue;
        if (first == doc->nlines)
            first = i;
        last = i;
    }
    if (first < doc->nlines &&
        push_inst(ctx, NL_RS_DOCUMENT,
                  (nl_span){nt->lines[first].start, nt->lines[last].end}, -1))
        return -1;
    if (nt->has_title && push_inst(ctx, NL_RS_TITLE, nt->title, -1))
        return -1;
    for (size_t i = 0; i < nt->nparas; i++)
        if (nt->paras[i].kind == NL_LINE_PREAMBLE &&
            push_inst(ctx, NL_RS_PREAMBLE, nt->paras[i].span, -1))
            return -1;
    /* Section ends: own line and paragraphs, then children propagate up. */
    size_t *end = calloc(nt->nheadings + 1, sizeof *end);
    if (!end)
        return -1;
    for (size_t i = 0; i < nt->nheadings; i++)
        end[i] = nt->headings[i].line.end;
    for (size_t p = 0; p < nt->nparas; p++) {
        int h = nt->paras[p].heading;
        if (h >= 0 && nt->paras[p].span.end > end[h])
            end[h] = nt->paras[p].span.end;
    }
    for (size_t i = nt->nheadings; i-- > 0;) {
        int parent = nt->headings[i].parent;
        if (parent >= 0 && end[i] > end[parent])
            end[parent] = end[i];
    }
    int rc = 0;
    for (size_t i = 0; i < nt->nheadings && rc == 0; i++) {
        const nl_heading *h = &nt->headings[i];
        nl_span sec = {h->line.start, end[i]};
        rc = push_inst(ctx, NL_RS_HEADING, h->line, (int)i);
        if (rc == 0)
            rc = push_inst(ctx, NL_RS_SECTION, sec, (int)i);
        if (rc == 0 && h->role == NL_ROLE_ASPECT)
            rc = push_inst(ctx, NL_RS_ASPECT, sec, (int)i);
        if (rc == 0 && h->role == NL_ROLE_ITEM)
            rc = push_inst(ctx, NL_RS_ITEM, sec, (int)i);
    }
    free(end);
    if (rc)
        return -1;
    /* paragraph: body text in document order, whether on its own line or
     * after a heading's title; line: every content line. */
    size_t h = 0, q = 0;
    for (size_t i = 0; i < doc->nlines; i++) {
        int k = nt->line_kind[i];
        nl_span ln = nt->lines[i];
        if (k == NL_LINE_TITLE || k == NL_LINE_PREAMBLE || k == NL_LINE_HEADING ||
            k == NL_LINE_BODY || k == NL_LINE_CONTACT ||
            k == NL_LINE_SIGNATURE_UNIT || k == NL_LINE_SIGNATURE_DATE) {
            if (push_inst(ctx, NL_RS_LINE, ln, -1))
                return -1;
        }
        if (k == NL_LINE_HEADING) {
            while (h < nt->nheadings && nt->headings[h].line.start < ln.start)
                h++;
            if (h < nt->nheadings && nt->headings[h].rest.end > nt->headings[h].rest.start &&
                push_inst(ctx, NL_RS_PARAGRAPH, nt->headings[h].rest, (int)h))
                return -1;
        } else if (k == NL_LINE_PREAMBLE || k == NL_LINE_BODY || k == NL_LINE_CONTACT) {
            while (q < nt->nparas && nt->paras[q].span.start < ln.start)
                q++;
            if (q < nt->nparas &&
                push_inst(ctx, NL_RS_PARAGRAPH, ln, nt->paras[q].heading))
                return -1;
        }
    }
    if (nt->has_contact && push_inst(ctx, NL_RS_CONTACT, nt->contact, -1))
        return -1;
    if (nt->has_sig_unit && push_inst(ctx, NL_RS_SIGNATURE, nt->sig_unit, -1))
        return -1;
    if (nt->has_sig_date && push_inst(ctx, NL_RS_SIGNATURE, nt->sig_date, -1))
        return -1;
    return 0;
}

const nl_inst *nl_ctx_instances(nl_ctx *ctx, int scope, size_t *n)
{
    *n = ctx->ninst[scope];
    return ctx->inst[scope];
}

static void add(nl_ctx *ctx, const char *rule_id, int severity, nl_span span,
                char *message, char *suggestion)
{
    if (nl_findings_add(ctx->out, rule_id, severity, span, message, suggestion) != 0)
        ctx->oom = 1;
}


int nl_ctx_match(nl_ctx *ctx, const nl_pattern *p, nl_span s, size_t from)
{
    if (ctx->stats)
        ctx->stats[ctx->rule_index].matches++;
    int rc = nl_pattern_match(p, ctx->doc->dec.text, s.start, s.end, from, ctx->md);
    if (rc >= 0)
        return rc;
    if (!ctx->limit_reported) {
        ctx->limit_reported = 1;
        char msg[300];
        snprintf(msg, sizeof msg,
                 "rule '%s' hit the PCRE2 match limit here; its results for "
                 "this document are incomplete", ctx->rule->id);
        add(ctx, "engine.match-limit", NL_SEV_WARNING, (nl_span){from, from},
            strdup(msg), NULL);
    }
    return 0;
}

nl_span nl_ctx_match_span(nl_ctx *ctx, nl_span s)
{
    size_t a = s.start, b = s.start;
    nl_match_group(ctx->md, 0, s.start, &a, &b);
    return (nl_span){a, b};
}

typedef struct var_fill {
    nl_ctx *ctx;
    nl_span s;
    nl_var *vars;
    size_t n, max;
} var_fill;

static void fill_group(const char *name, int number, void *p)
{
    var_fill *vf = p;
    size_t a, b;
    if (vf->n < vf->max && nl_match_group(vf->ctx->md, number, vf->s.start, &a, &b))
        vf->vars[vf->n++] = (nl_var){name, vf->ctx->doc->dec.text + a, b - a};
}

size_t nl_ctx_match_vars(nl_ctx *ctx, const nl_pattern *p, nl_span s,
                         nl_var *vars, size_t max)
{
    var_fill vf = {ctx, s, vars, 0, max};
    nl_span m = nl_ctx_match_span(ctx, s);
    if (max > 0)
        vars[vf.n++] = (nl_var){"match", ctx->doc->dec.text + m.start, m.end - m.start};
    nl_pattern_each_group(p, fill_group, &vf);
    return vf.n;
}

size_t nl_ctx_next(nl_ctx *ctx, size_t a, size_t b)
{
    if (b > a)
        return b;
    const unsigned char *t = (const unsigned char *)ctx->doc->dec.text;
    size_t n = ctx->doc->dec.len;
    b = a + 1;
    while (b < n && (t[b] & 0xC0) == 0x80)
        b++;
    return b;
}

const char *nl_ctx_text(nl_ctx *ctx, nl_span s, size_t *len)
{
    *len = s.end - s.start;
    return ctx->doc->dec.text + s.start;
}

/* ---- templates ---- */

typedef struct sbuf {
    char *p;
    size_t len, cap;
    int oom;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 128;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static char *render(nl_ctx *ctx, const char *tpl, const nl_var *vars, size_t nvars)
{
    sbuf b = {0};
    sb_add(&b, "", 0);
    for (const char *p = tpl; *p;) {
        const char *close;
        if (*p == '{' && (close = strchr(p + 1, '}')) != NULL && close - p - 1 < 96) {
            char name[100];
            size_t n = (size_t)(close - p - 1);
            memcpy(name, p + 1, n);
            name[n] = '\0';
            int done = 0;
            for (size_t i = 0; i < nvars && !done; i++)
                if (strcmp(vars[i].name, name) == 0) {
                    sb_add(&b, vars[i].value, vars[i].len);
                    done = 1;
                }
            nl_fval fv;
            if (!done && n > 0 && nl_ctx_fact(ctx, name, &fv)) {
                char buf[512];
                nl_fval_format(&fv, buf, sizeof buf);
                sb_add(&b, buf, strlen(buf));
                done = 1;
            }
            if (!done)
                sb_add(&b, p, n + 2);
            p = close + 1;
            continue;
        }
        sb_add(&b, p, 1);
        p++;
    }
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

void nl_ctx_emit_with(nl_ctx *ctx, nl_span span, const nl_var *vars,
                      size_t nvars, const char *message, const char *suggestion)
{
    const nl_rule *r = ctx->rule;
    if (ctx->stats)
        ctx->stats[ctx->rule_index].findings++;
    if (++ctx->rule_findings > MAX_FINDINGS_PER_RULE)
        return;
    if (!message)
        message = r->message ? r->message : r->id;
    if (!suggestion)
        suggestion = r->suggestion;
    char *sug = suggestion ? render(ctx, suggestion, vars, nvars) : NULL;
    char *msg = NULL;
    if (!suggestion || sug) {
        nl_var more[33];
        size_t n = nvars < 32 ? nvars : 32;
        if (n)
            memcpy(more, vars, n * sizeof *vars);
        if (sug)
            more[n++] = (nl_var){"suggestion", sug, strlen(sug)};
        msg = render(ctx, message, more, n);
    }
    if (!msg) {
        free(sug);
        ctx->oom = 1;
        return;
    }
    add(ctx, r->id, r->severity, span, msg, sug);
}

void nl_ctx_emit(nl_ctx *ctx, nl_span span, const nl_var *vars, size_t nvars)
{
    nl_ctx_emit_with(ctx, span, vars, nvars, NULL, NULL);
}

/* ---- facts ---- */

int nl_fact_name_known(const char *name)
{
    if (strncmp(name, "discipline.", 11) == 0 && name[11])
        return 1;
    if (strcmp(name, "structure.items") == 0 || strcmp(name, "structure.aspects") == 0 ||
        strcmp(name, "structure.problem_titles") == 0)
        return 1;
    for (int i = 0; i < NL_F_COUNT; i++) {
        const nl_fact_info *fi = &nl_fact_table[i];
        size_t g = fi->group ? strlen(fi->group) : 0;
        if (!fi->group ? strcmp(name, fi->name) == 0
                       : strncmp(name, fi->group, g) == 0 && name[g] == '.' &&
                             strcmp(name + g + 1, fi->name) == 0)
            return 1;
    }
    return 0;
}

static int builtin_fact(nl_ctx *ctx, const char *name, nl_fval *out)
{
    const nl_notice *nt = ctx->nt;
    memset(out, 0, sizeof *out);
    if (strncmp(name, "discipline.", 11) == 0) {
        for (size_t i = 0; i < nt->ndiscipline; i++)
            if (strcmp(nt->discipline[i].kind, name + 11) == 0) {
                *out = (nl_fval){NL_FV_NUMBER, (double)nt->discipline[i].count,
                                 {0, 0, 0}, NULL, 0, nt->discipline[i].first, 1};
                return 1;
            }
        return 0;
    }
    if (strncmp(name, "structure.", 10) == 0) {
        double v;
        if (strcmp(name + 10, "items") == 0)
            v = (double)nt->nitems;
        else if (strcmp(name + 10, "aspects") == 0)
            v = (double)nt->naspects;
        else if (strcmp(name + 10, "problem_titles") == 0) {
            size_t n = 0;
            for (size_t i = 0; i < nt->nheadings; i++)
                n += nt->headings[i].role == NL_ROLE_ITEM &&
                     nt->headings[i].title.end > nt->headings[i].title.start;
            v = (double)n;
        } else
            return 0;
        out->type = NL_FV_NUMBER;
        out->num = v;
        return 1;
    }
    for (int i = 0; i < NL_F_COUNT; i++) {
        const nl_fact_info *fi = &nl_fact_table[i];
        size_t g = fi->group ? strlen(fi->group) : 0;
        int hit = !fi->group ? strcmp(name, fi->name) == 0
                             : strncmp(name, fi->group, g) == 0 && name[g] == '.' &&
                                   strcmp(name + g + 1, fi->name) == 0;
        if (!hit)
            continue;
        const nl_fact_value *v = &nt->facts[i];
        switch (fi->type) {
        case NL_FACT_LIST:
            out->type = NL_FV_NUMBER;
            out->num = (double)nt->lists[i].n;
            if (nt->lists[i].n) {
                out->span = nt->lists[i].v[0].span;
                out->has_span = 1;
            }
            return 1;
        case NL_FACT_DATE:
            if (!v->set)
                return 0;
            out->type = NL_FV_DATE;
            out->date = v->date;
            break;
        case NL_FACT_COUNT:
            if (!v->set || v->count < 0)
                return 0;
            out->type = NL_FV_NUMBER;
            out->num = (double)v->count;
            break;
        case NL_FACT_DECIMAL:
            if (!v->set)
                return 0;
            out->type = NL_FV_NUMBER;
            out->num = v->decimal;
            break;
        default:
            if (!v->set)
                return 0;
            out->type = NL_FV_TEXT;
            out->text = v->text;
            out->len = strlen(v->text);
            break;
        }
        out->span = v->span;
        out->has_span = 1;
        return 1;
    }
    return 0;
}

int nl_ctx_fact(nl_ctx *ctx, const char *name, nl_fval *out)
{
    for (size_t i = 0; i < ctx->nfacts; i++)
        if (strcmp(ctx->facts[i].name, name) == 0) {
            *out = ctx->facts[i].value;
            return out->type != NL_FV_NONE;
        }
    return builtin_fact(ctx, name, out);
}

int nl_ctx_set_fact(nl_ctx *ctx, const char *name, nl_fval v)
{
    for (size_t i = 0; i < ctx->nfacts; i++)
        if (strcmp(ctx->facts[i].name, name) == 0)
            return 0; /* first value wins */
    nl_dynfact *nv = realloc(ctx->facts, (ctx->nfacts + 1) * sizeof *nv);
    if (!nv) {
        ctx->oom = 1;
        return -1;
    }
    ctx->facts = nv;
    nv[ctx->nfacts++] = (nl_dynfact){name, v};
    return 0;
}

void nl_fval_format(const nl_fval *v, char *buf, size_t size)
{
    if (size == 0)
        return;
    buf[0] = '\0';
    switch (v->type) {
    case NL_FV_NUMBER: {
        snprintf(buf, size, "%.2f", v->num);
        char *dot = strchr(buf, '.');
        if (dot) {
            char *e = buf + strlen(buf) - 1;
            while (e > dot && *e == '0')
                *e-- = '\0';
            if (e == dot)
                *e = '\0';
        }
        break;
    }
    case NL_FV_DATE:
        nl_date_iso(v->date, buf, size);
        break;
    case NL_FV_TEXT:
        snprintf(buf, size, "%.*s", (int)v->len, v->text);
        break;
    default:
        break;
    }
}

/* ---- running ---- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void run_rule(nl_ctx *ctx, const nl_ruleset *set, size_t i)
{
    const nl_rule *r = &set->rules[i];
    ctx->rule = r;
    ctx->rule_index = i;
    ctx->limit_reported = 0;
    ctx->rule_findings = 0;
    double t0 = ctx->stats ? now() : 0;
    r->kind->run(r, ctx);
    if (ctx->stats)
        ctx->stats[i].seconds += now() - t0;
    if (ctx->rule_findings > MAX_FINDINGS_PER_RULE) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "rule '%s' found %zu problems in this document; only the first %d are reported",
                 r->id, ctx->rule_findings, MAX_FINDINGS_PER_RULE);
        add(ctx, "engine.finding-limit", NL_SEV_INFO, (nl_span){0, 0}, strdup(msg), NULL);
    }
}

nl_status nl_eval_run(const nl_ruleset *set, const unsigned char *enabled,
                      const nl_notice *nt, nl_findings *out,
                      nl_rule_stats *stats, nl_error *err)
{
    const nl_doc *doc = nt->doc;
    nl_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.nt = nt;
    ctx.doc = doc;
    ctx.out = out;
    ctx.stats = stats;
    for (size_t i = 0; i < doc->ndiags; i++) {
        const nl_diag *d = &doc->diags[i];
        add(&ctx, d->rule, nl_severity_from_name(d->severity), d->span,
            strdup(d->message), NULL);
    }
    if (!doc->unparsed && !doc->empty) {
        ctx.md = nl_match_data_thread();
        if (!ctx.md || build_instances(&ctx) != 0)
            ctx.oom = 1;
        for (int pass = 0; pass < 2 && !ctx.oom; pass++)
            for (size_t i = 0; i < set->n && !ctx.oom; i++) {
                const nl_rule *r = &set->rules[i];
                int on = enabled ? enabled[i] : r->enabled;
                if (on && (r->kind == &nl_kind_extract) == (pass == 0))
                    run_rule(&ctx, set, i);
            }
    }
    nl_findings_sort(out);
    for (int s = 0; s < NL_RS_COUNT; s++)
        free(ctx.inst[s]);
    free(ctx.facts);
    if (ctx.oom)
        return nl_error_set(err, NL_ERR_NOMEM, doc->path, 0, 0,
                            "out of memory while checking");
    return NL_OK;
}

int nl_eval_example(const nl_ruleset *set, const nl_rule *rule,
                    const char *text, size_t len)
{
    nl_doc *doc = NULL;
    nl_notice *nt = NULL;
    nl_findings f = {0};
    int rc = -1;
    if (nl_doc_load_bytes("example", text, len, &doc, NULL) != NL_OK ||
        nl_notice_parse(set->parser, doc, &nt, NULL) != NL_OK)
        goto out;
    nl_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.nt = nt;
    ctx.doc = doc;
    ctx.out = &f;
    ctx.md = nl_match_data_new();
    if (ctx.md && build_instances(&ctx) == 0) {
        for (size_t i = 0; i < set->n && !ctx.oom; i++)
            if (set->rules[i].kind == &nl_kind_extract && set->rules[i].enabled)
                run_rule(&ctx, set, i);
        ctx.rule = rule;
        ctx.limit_reported = 0;
        ctx.rule_findings = 0;
        rule->kind->run(rule, &ctx);
        rc = 0;
        for (size_t i = 0; i < f.n; i++)
            if (strcmp(f.v[i].rule_id, rule->id) == 0)
                rc = 1;
    }
    if (ctx.oom)
        rc = -1;
    for (int sc = 0; sc < NL_RS_COUNT; sc++)
        free(ctx.inst[sc]);
    free(ctx.facts);
    pcre2_match_data_free(ctx.md);
out:
    nl_findings_free(&f);
    nl_notice_free(nt);
    nl_doc_free(doc);
    return rc;
}
