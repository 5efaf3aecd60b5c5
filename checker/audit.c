/*
 * audit.c — rows and aggregates of `noticelint audit`.  See audit.h.
 *
 * A row is built from the notice's facts (facts.h) and its findings as
 * soon as the check pipeline delivers it; then the result is freed by the
 * pipeline.  The publication date is the meta line's publish_date, else
 * the signature date, as the rule date.publication-lag reads it; the lag
 * is computed only between two full, valid dates.  Discipline kinds and
 * rule ids are interned in the audit (small tables searched linearly:
 * a rule pack has about a hundred rules, the vocabulary thirty kinds).
 * Aggregates are computed once, by nl_audit_finish(), from the rows.
 */
#include "audit.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "kinds/kinds.h"

/* ---- strings ---- */

/* A copy of s[0..n) that is valid UTF-8 with no control characters: each
 * invalid byte and each C0/DEL control becomes U+FFFD. */
static char *clean_strndup(const char *s, size_t n)
{
    char *out = malloc(n * 3 + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        int len = nl_utf8_seq_len(u + i, n - i);
        if (len > 0 && !(len == 1 && (u[i] < 0x20 || u[i] == 0x7F))) {
            memcpy(out + k, u + i, (size_t)len);
            k += (size_t)len;
            i += (size_t)len;
        } else {
            memcpy(out + k, "\xef\xbf\xbd", 3);
            k += 3;
            i += len > 0 ? (size_t)len : 1;
        }
    }
    out[k] = '\0';
    return out;
}

static char *clean_strdup(const char *s)
{
    return clean_strndup(s, strlen(s));
}

/* ---- building ---- */

nl_audit *nl_audit_new(const nl_ruleset *set)
{
    nl_audit *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->lag_threshold = NL_AUDIT_DEFAULT_LAG_DAYS;
    double max;
    if (set && nl_kind_compare_max_diff(nl_ruleset_find(set, NL_AUDIT_LAG_RULE), &max)) {
        a->lag_threshold = max;
        a->lag_threshold_from_rule = 1;
    }
    return a;
}

static void row_free(nl_audit_row *r)
{
    free(r->path);
    free(r->issuing_unit);
    free(r->inspection_body);
    free(r->disc);
    free(r->error_rules);
}

void nl_audit_free(nl_audit *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->nrows; i++)
        row_free(&a->rows[i]);
    free(a->rows);
    for (size_t i = 0; i < a->nkinds; i++) {
        free(a->kinds[i].name);
        free(a->kinds[i].key);
    }
    free(a->kinds);
    for (size_t i = 0; i < a->nrules; i++)
        free(a->rules[i].id);
    free(a->rules);
    free(a->rule_order);
    for (size_t i = 0; i < a->ngroups; i++) {
        free(a->groups[i].body);
        free(a->groups[i].rows);
    }
    free(a->groups);
    free(a);
}

/* Index of discipline kind `name`, added when new; -1 on ENOMEM. */
static long kind_index(nl_audit *a, const char *name)
{
    for (size_t i = 0; i < a->nkinds; i++)
        if (strcmp(a->kinds[i].name, name) == 0)
            return (long)i;
    nl_audit_kind *nv = realloc(a->kinds, (a->nkinds + 1) * sizeof *nv);
    if (!nv)
        return -1;
    a->kinds = nv;
    nl_audit_kind *k = &a->kinds[a->nkinds];
    memset(k, 0, sizeof *k);
    k->name = clean_strdup(name);
    k->key = k->name ? malloc(strlen(k->name) + sizeof "discipline.") : NULL;
    if (!k->key) {
        free(k->name);
        return -1;
    }
    strcpy(k->key, "discipline.");
    strcat(k->key, k->name);
    return (long)a->nkinds++;
}

/* Index of rule `id`, added when new; -1 on ENOMEM. */
static long rule_index(nl_audit *a, const char *id)
{
    for (size_t i = 0; i < a->nrules; i++)
        if (strcmp(a->rules[i].id, id) == 0)
            return (long)i;
    nl_audit_rule *nv = realloc(a->rules, (a->nrules + 1) * sizeof *nv);
    if (!nv)
        return -1;
    a->rules = nv;
    nl_audit_rule *r = &a->rules[a->nrules];
    memset(r, 0, sizeof *r);
    r->severity = -1;
    if (!(r->id = clean_strdup(id)))
        return -1;
    return (long)a->nrules++;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Count the findings into the row and the rule table; build error_rules. */
static int add_findings(nl_audit *a, nl_audit_row *row, size_t rowno,
                        const nl_findings *f)
{
    const char **ids = f->n ? malloc(f->n * sizeof *ids) : NULL;
    size_t nids = 0, len = 1;
    if (f->n && !ids)
        return -1;
    for (size_t k = 0; k < f->n; k++) {
        const nl_finding *x = &f->v[k];
        const char *id = x->rule_id ? x->rule_id : "";
        int sev = x->severity;
        if (sev >= 0 && sev <= 2)
            row->by_sev[sev]++;
        long ri = rule_index(a, id);
        if (ri < 0) {
            free(ids);
            return -1;
        }
        nl_audit_rule *r = &a->rules[ri];
        r->findings++;
        if (sev > r->severity)
            r->severity = sev;
        if (r->last_row != rowno + 1) {
            r->last_row = rowno + 1;
            r->notices++;
        }
        if (sev == NL_SEV_ERROR)
            ids[nids++] = r->id;
    }
    if (nids > 1)
        qsort(ids, nids, sizeof *ids, cmp_str);
    for (size_t k = 0; k < nids; k++)
        len += strlen(ids[k]) + 1;
    row->error_rules = malloc(len);
    if (!row->error_rules) {
        free(ids);
        return -1;
    }
    row->error_rules[0] = '\0';
    char *p = row->error_rules;
    for (size_t k = 0; k < nids; k++) {
        if (k && strcmp(ids[k], ids[k - 1]) == 0)
            continue;
        if (p != row->error_rules)
            *p++ = ' ';
        size_t n = strlen(ids[k]);
        memcpy(p, ids[k], n + 1);
        p += n;
    }
    free(ids);
    return 0;
}

static int fact_text(const nl_notice *nt, int id, char **out)
{
    const nl_fact_value *v = &nt->facts[id];
    if (!v->set || !v->text)
        return 0;
    return (*out = clean_strdup(v->text)) ? 0 : -1;
}

/* A date fact with at least a year and a month. */
static int fact_date(const nl_notice *nt, int id, nl_date *d)
{
    const nl_fact_value *v = &nt->facts[id];
    if (!v->set || !v->date.year || !v->date.month)
        return 0;
    *d = v->date;
    return 1;
}

static void iso(const nl_notice *nt, int id, char *buf, size_t size)
{
    nl_date d;
    buf[0] = '\0';
    if (fact_date(nt, id, &d))
        nl_date_iso(d, buf, size);
}

static long fact_count(const nl_notice *nt, int id)
{
    const nl_fact_value *v = &nt->facts[id];
    return v->set && v->count >= 0 ? v->count : -1;
}

static int full_date(nl_date d)
{
    return d.year && d.month && d.day && nl_date_valid(d);
}

static int add_facts(nl_audit *a, nl_audit_row *row, const nl_notice *nt)
{
    row->parsed = 1;
    if (fact_text(nt, NL_F_ISSUING_UNIT, &row->issuing_unit) != 0 ||
        fact_text(nt, NL_F_INSPECTION_BODY, &row->inspection_body) != 0)
        return -1;
    iso(nt, NL_F_INSPECTION_START, row->inspection_start, sizeof row->inspection_start);
    iso(nt, NL_F_INSPECTION_END, row->inspection_end, sizeof row->inspection_end);
    iso(nt, NL_F_FEEDBACK_DATE, row->feedback_date, sizeof row->feedback_date);
    nl_date fb, pub;
    int has_pub = fact_date(nt, NL_F_PUBLISH_DATE, &pub) ||
                  fact_date(nt, NL_F_SIGNATURE_DATE, &pub);
    if (has_pub)
        nl_date_iso(pub, row->publication_date, sizeof row->publication_date);
    if (has_pub && fact_date(nt, NL_F_FEEDBACK_DATE, &fb) && full_date(fb) &&
        full_date(pub)) {
        row->has_lag = 1;
        row->lag_days = nl_date_diff(fb, pub);
    }
    row->problems = fact_count(nt, NL_F_PROBLEMS);
    row->items = (long)nt->nitems;
    row->completed = fact_count(nt, NL_F_COMPLETED);
    row->in_progress = fact_count(nt, NL_F_IN_PROGRESS);
    row->systems = fact_count(nt, NL_F_SYSTEMS);
    if ((row->has_rate = nt->facts[NL_F_COMPLETION_RATE].set))
        row->rate = nt->facts[NL_F_COMPLETION_RATE].decimal;
    if ((row->has_funds = nt->facts[NL_F_FUNDS].set))
        row->funds = nt->facts[NL_F_FUNDS].decimal;
    if (nt->ndiscipline && !(row->disc = calloc(nt->ndiscipline, sizeof *row->disc)))
        return -1;
    for (size_t i = 0; i < nt->ndiscipline; i++) {
        long k = kind_index(a, nt->discipline[i].kind);
        if (k < 0)
            return -1;
        row->disc[row->ndisc++] = (nl_audit_disc){(size_t)k, nt->discipline[i].count};
    }
    row->phone = nt->lists[NL_F_PHONES].n > 0;
    row->email = nt->lists[NL_F_EMAILS].n > 0;
    row->postal = nt->lists[NL_F_POSTAL].n > 0;
    row->contact = nt->has_contact != 0;
    row->signature = nt->has_sig_unit != 0;
    row->signature_date = nt->has_sig_date != 0;
    return 0;
}

const nl_audit_row *nl_audit_add(nl_audit *a, const nl_checked *res, int *oom)
{
    if (!res->doc) {
        a->unreadable++;
        return NULL;
    }
    if (a->nrows == a->caprows) {
        size_t cap = a->caprows ? a->caprows * 2 : 64;
        nl_audit_row *nv = realloc(a->rows, cap * sizeof *nv);
        if (!nv)
            goto nomem;
        a->rows = nv;
        a->caprows = cap;
    }
    nl_audit_row *row = &a->rows[a->nrows];
    memset(row, 0, sizeof *row);
    row->problems = row->items = row->completed = row->in_progress = row->systems = -1;
    if (!(row->path = clean_strdup(res->doc->path ? res->doc->path : res->path)) ||
        (res->nt && add_facts(a, row, res->nt) != 0) ||
        add_findings(a, row, a->nrows, &res->findings) != 0) {
        row_free(row);
        goto nomem;
    }
    a->nrows++;
    return row;
nomem:
    if (oom)
        *oom = 1;
    return NULL;
}

/* ---- aggregates ---- */

static void sum_add(nl_audit_sum *s, double v, int has)
{
    if (has) {
        s->total += v;
        s->notices++;
    }
}

static int cmp_long(const void *x, const void *y)
{
    long a = *(const long *)x, b = *(const long *)y;
    return (a > b) - (a < b);
}

/* Rules by notices, then findings (both descending), then id. */
static int cmp_rule(const void *x, const void *y)
{
    const nl_audit_rule *a = *(const nl_audit_rule *const *)x;
    const nl_audit_rule *b = *(const nl_audit_rule *const *)y;
    if (a->notices != b->notices)
        return a->notices > b->notices ? -1 : 1;
    if (a->findings != b->findings)
        return a->findings > b->findings ? -1 : 1;
    return strcmp(a->id, b->id);
}

static int rank_rules(nl_audit *a)
{
    if (!a->nrules)
        return 0;
    const nl_audit_rule **v = malloc(a->nrules * sizeof *v);
    if (!v || !(a->rule_order = malloc(a->nrules * sizeof *a->rule_order))) {
        free(v);
        return -1;
    }
    for (size_t i = 0; i < a->nrules; i++)
        v[i] = &a->rules[i];
    qsort(v, a->nrules, sizeof *v, cmp_rule);
    for (size_t i = 0; i < a->nrules; i++)
        a->rule_order[i] = (size_t)(v[i] - a->rules);
    free(v);
    return 0;
}

static nl_audit_group *group_for(nl_audit *a, const char *body)
{
    for (size_t i = 0; i < a->ngroups; i++) {
        const char *g = a->groups[i].body;
        if ((!g && !body) || (g && body && strcmp(g, body) == 0))
            return &a->groups[i];
    }
    nl_audit_group *nv = realloc(a->groups, (a->ngroups + 1) * sizeof *nv);
    if (!nv)
        return NULL;
    a->groups = nv;
    nl_audit_group *g = &a->groups[a->ngroups];
    memset(g, 0, sizeof *g);
    if (body && !(g->body = strdup(body)))
        return NULL;
    a->ngroups++;
    return g;
}

static int group_add_row(nl_audit_group *g, size_t row)
{
    if ((g->notices & (g->notices - 1)) == 0) { /* 0, 1, 2, 4, …: grow */
        size_t *nv = realloc(g->rows, (g->notices ? g->notices * 2 : 1) * sizeof *nv);
        if (!nv)
            return -1;
        g->rows = nv;
    }
    g->rows[g->notices++] = row;
    return 0;
}

static int build_groups(nl_audit *a)
{
    for (int pass = 0; pass < 2; pass++) /* known bodies first, then "not found" */
        for (size_t i = 0; i < a->nrows; i++) {
            const nl_audit_row *r = &a->rows[i];
            if ((pass == 0) != (r->inspection_body != NULL))
                continue;
            nl_audit_group *g = group_for(a, r->inspection_body);
            if (!g || group_add_row(g, i) != 0)
                return -1;
            sum_add(&g->problems, (double)r->problems, r->problems >= 0);
            sum_add(&g->items, (double)r->items, r->items >= 0);
            sum_add(&g->completed, (double)r->completed, r->completed >= 0);
            for (int s = 0; s < 3; s++)
                g->by_sev[s] += r->by_sev[s];
            if (r->has_lag) {
                if (!g->with_lag || r->lag_days > g->lag_max)
                    g->lag_max = r->lag_days;
                g->with_lag++;
                if ((double)r->lag_days > a->lag_threshold)
                    g->over++;
            }
        }
    return 0;
}

int nl_audit_finish(nl_audit *a)
{
    long *lags = a->nrows ? malloc(a->nrows * sizeof *lags) : NULL;
    if (a->nrows && !lags)
        return -1;
    for (size_t k = 0; k < a->nkinds; k++)
        a->kinds[k].total = 0, a->kinds[k].notices = 0;
    for (size_t i = 0; i < a->nrows; i++) {
        const nl_audit_row *r = &a->rows[i];
        sum_add(&a->problems, (double)r->problems, r->problems >= 0);
        sum_add(&a->items, (double)r->items, r->items >= 0);
        sum_add(&a->completed, (double)r->completed, r->completed >= 0);
        sum_add(&a->in_progress, (double)r->in_progress, r->in_progress >= 0);
        sum_add(&a->systems, (double)r->systems, r->systems >= 0);
        sum_add(&a->funds, r->funds, r->has_funds);
        for (size_t k = 0; k < r->ndisc; k++) {
            a->kinds[r->disc[k].kind].total += r->disc[k].count;
            a->kinds[r->disc[k].kind].notices++;
        }
        for (int s = 0; s < 3; s++)
            a->by_sev[s] += r->by_sev[s];
        a->with_errors += r->by_sev[NL_SEV_ERROR] > 0;
        a->with_findings += r->by_sev[0] + r->by_sev[1] + r->by_sev[2] > 0;
        a->missing_contact += !r->contact;
        a->missing_signature += !r->signature;
        a->missing_date += !r->signature_date;
        if (r->has_lag) {
            lags[a->lag.n++] = r->lag_days;
            a->lag.over += (double)r->lag_days > a->lag_threshold;
        }
    }
    if (a->lag.n) {
        size_t n = a->lag.n;
        qsort(lags, n, sizeof *lags, cmp_long);
        a->lag.min = lags[0];
        a->lag.max = lags[n - 1];
        a->lag.median = n % 2 ? (double)lags[n / 2]
                              : ((double)lags[n / 2 - 1] + (double)lags[n / 2]) / 2.0;
        a->lag.p90 = lags[(9 * n + 9) / 10 - 1];
    }
    free(lags);
    if (rank_rules(a) != 0)
        return -1;
    return build_groups(a);
}

/* ---- columns ---- */

enum {
    C_PATH, C_UNIT, C_BODY, C_START, C_END, C_FEEDBACK, C_PUBLICATION, C_LAG,
    C_PROBLEMS, C_ITEMS, C_COMPLETED, C_IN_PROGRESS, C_RATE, C_SYSTEMS, C_FUNDS,
    C_PHONE, C_EMAIL, C_POSTAL, C_CONTACT, C_SIGNATURE, C_SIGNATURE_DATE,
    C_ERRORS, C_WARNINGS, C_INFOS, C_ERROR_RULES, C_FIXED
};

static const nl_audit_col fixed_cols[C_FIXED] = {
    {"path", "文件", NL_AUDIT_TEXT},
    {"issuing_unit", "发布单位", NL_AUDIT_TEXT},
    {"inspection_body", "巡察组", NL_AUDIT_TEXT},
    {"inspection_start", "巡察开始", NL_AUDIT_TEXT},
    {"inspection_end", "巡察结束", NL_AUDIT_TEXT},
    {"feedback_date", "反馈日期", NL_AUDIT_TEXT},
    {"publication_date", "公布日期", NL_AUDIT_TEXT},
    {"lag_days", "反馈至公布天数", NL_AUDIT_INT},
    {"problems", "反馈问题数", NL_AUDIT_INT},
    {"items", "列出问题项数", NL_AUDIT_INT},
    {"completed", "已完成", NL_AUDIT_INT},
    {"in_progress", "推进中", NL_AUDIT_INT},
    {"completion_rate_percent", "完成率(%)", NL_AUDIT_DEC},
    {"systems_established", "建立完善制度", NL_AUDIT_INT},
    {"funds_recovered_wan_yuan", "追回资金(万元)", NL_AUDIT_DEC},
    {"phone", "电话", NL_AUDIT_FLAG},
    {"email", "电子邮箱", NL_AUDIT_FLAG},
    {"postal", "邮寄地址", NL_AUDIT_FLAG},
    {"contact_block", "联系方式段", NL_AUDIT_FLAG},
    {"signature", "落款单位", NL_AUDIT_FLAG},
    {"signature_date", "落款日期", NL_AUDIT_FLAG},
    {"errors", "错误数", NL_AUDIT_INT},
    {"warnings", "警告数", NL_AUDIT_INT},
    {"infos", "提示数", NL_AUDIT_INT},
    {"error_rules", "错误规则", NL_AUDIT_TEXT},
};

size_t nl_audit_ncols(const nl_audit *a)
{
    return C_FIXED + a->nkinds;
}

nl_audit_col nl_audit_column(const nl_audit *a, size_t col)
{
    if (col < C_FIXED)
        return fixed_cols[col];
    const nl_audit_kind *k = &a->kinds[col - C_FIXED];
    return (nl_audit_col){k->key, k->name, NL_AUDIT_INT};
}

void nl_audit_format_number(double v, char *buf, size_t size)
{
    snprintf(buf, size, "%.10g", v);
}

static void cell_text(nl_audit_cell *c, const char *s)
{
    c->empty = !s || !*s;
    c->text = s ? s : "";
}

static void cell_num(nl_audit_cell *c, double v, int has, int decimal)
{
    if (!has) {
        c->empty = 1;
        c->text = "";
        return;
    }
    c->empty = 0;
    c->numeric = 1;
    c->num = v;
    if (decimal)
        nl_audit_format_number(v, c->buf, sizeof c->buf);
    else
        snprintf(c->buf, sizeof c->buf, "%ld", (long)v);
    c->text = c->buf;
}

void nl_audit_cell_get(const nl_audit *a, const nl_audit_row *r, size_t col,
                       nl_audit_cell *c)
{
    memset(c, 0, sizeof *c);
    c->text = "";
    c->empty = 1;
    if (col >= C_FIXED) {
        size_t kind = col - C_FIXED;
        for (size_t k = 0; k < r->ndisc; k++)
            if (r->disc[k].kind == kind) {
                cell_num(c, (double)r->disc[k].count, 1, 0);
                break;
            }
        return;
    }
    (void)a;
    switch (col) {
    case C_PATH: cell_text(c, r->path); break;
    case C_UNIT: cell_text(c, r->issuing_unit); break;
    case C_BODY: cell_text(c, r->inspection_body); break;
    case C_START: cell_text(c, r->inspection_start); break;
    case C_END: cell_text(c, r->inspection_end); break;
    case C_FEEDBACK: cell_text(c, r->feedback_date); break;
    case C_PUBLICATION: cell_text(c, r->publication_date); break;
    case C_LAG: cell_num(c, (double)r->lag_days, r->has_lag, 0); break;
    case C_PROBLEMS: cell_num(c, (double)r->problems, r->problems >= 0, 0); break;
    case C_ITEMS: cell_num(c, (double)r->items, r->items >= 0, 0); break;
    case C_COMPLETED: cell_num(c, (double)r->completed, r->completed >= 0, 0); break;
    case C_IN_PROGRESS: cell_num(c, (double)r->in_progress, r->in_progress >= 0, 0); break;
    case C_RATE: cell_num(c, r->rate, r->has_rate, 1); break;
    case C_SYSTEMS: cell_num(c, (double)r->systems, r->systems >= 0, 0); break;
    case C_FUNDS: cell_num(c, r->funds, r->has_funds, 1); break;
    case C_PHONE: cell_num(c, r->phone, r->parsed, 0); break;
    case C_EMAIL: cell_num(c, r->email, r->parsed, 0); break;
    case C_POSTAL: cell_num(c, r->postal, r->parsed, 0); break;
    case C_CONTACT: cell_num(c, r->contact, r->parsed, 0); break;
    case C_SIGNATURE: cell_num(c, r->signature, r->parsed, 0); break;
    case C_SIGNATURE_DATE: cell_num(c, r->signature_date, r->parsed, 0); break;
    case C_ERRORS: cell_num(c, (double)r->by_sev[NL_SEV_ERROR], 1, 0); break;
    case C_WARNINGS: cell_num(c, (double)r->by_sev[NL_SEV_WARNING], 1, 0); break;
    case C_INFOS: cell_num(c, (double)r->by_sev[NL_SEV_INFO], 1, 0); break;
    case C_ERROR_RULES: cell_text(c, r->error_rules); break;
    default: break;
    }
}

/* ---- headline figures ---- */

size_t nl_audit_stats(const nl_audit *a, nl_audit_stat *out, size_t max)
{
    const nl_audit_lag *l = &a->lag;
    int lag = l->n > 0;
    const nl_audit_stat all[] = {
        {"notices", "通报数", 1, (double)a->nrows},
        {"unreadable", "无法读取的文件", 1, (double)a->unreadable},
        {"notices_with_errors", "有错误的通报", 1, (double)a->with_errors},
        {"errors", "错误", 1, (double)a->by_sev[NL_SEV_ERROR]},
        {"warnings", "警告", 1, (double)a->by_sev[NL_SEV_WARNING]},
        {"infos", "提示", 1, (double)a->by_sev[NL_SEV_INFO]},
        {"problems", "反馈问题合计", a->problems.notices > 0, a->problems.total},
        {"problems_notices", "列明问题数的通报", 1, (double)a->problems.notices},
        {"items", "列出问题项合计", a->items.notices > 0, a->items.total},
        {"completed", "已完成合计", a->completed.notices > 0, a->completed.total},
        {"in_progress", "推进中合计", a->in_progress.notices > 0, a->in_progress.total},
        {"systems_established", "建立完善制度合计", a->systems.notices > 0, a->systems.total},
        {"funds_recovered_wan_yuan", "追回资金合计(万元)", a->funds.notices > 0, a->funds.total},
        {"lag_notices", "可计算公布天数的通报", 1, (double)l->n},
        {"lag_min", "公布天数最短", lag, (double)l->min},
        {"lag_median", "公布天数中位数", lag, l->median},
        {"lag_p90", "公布天数P90", lag, (double)l->p90},
        {"lag_max", "公布天数最长", lag, (double)l->max},
        {"lag_threshold", "公布天数阈值", 1, a->lag_threshold},
        {"lag_over_threshold", "超过阈值的通报", 1, (double)l->over},
        {"missing_contact", "缺联系方式段的通报", 1, (double)a->missing_contact},
        {"missing_signature", "缺落款单位的通报", 1, (double)a->missing_signature},
        {"missing_date", "缺落款日期的通报", 1, (double)a->missing_date},
    };
    size_t n = sizeof all / sizeof all[0];
    if (n > max)
        n = max;
    memcpy(out, all, n * sizeof *out);
    return n;
}

size_t nl_audit_lag_histogram(const nl_audit *a, size_t counts[],
                              const char *labels[], long lo[], long hi[])
{
    static const long edges[NL_AUDIT_LAG_BINS][2] = {
        {LONG_MIN, -1}, {0, 30}, {31, 60}, {61, 90}, {91, 120},
        {121, 180}, {181, 365}, {366, LONG_MAX},
    };
    static const char *const names[NL_AUDIT_LAG_BINS] = {
        "<0", "0–30", "31–60", "61–90", "91–120", "121–180", "181–365", ">365",
    };
    for (size_t b = 0; b < NL_AUDIT_LAG_BINS; b++) {
        counts[b] = 0;
        labels[b] = names[b];
        lo[b] = edges[b][0];
        hi[b] = edges[b][1];
    }
    for (size_t i = 0; i < a->nrows; i++) {
        if (!a->rows[i].has_lag)
            continue;
        for (size_t b = 0; b < NL_AUDIT_LAG_BINS; b++)
            if (a->rows[i].lag_days >= lo[b] && a->rows[i].lag_days <= hi[b]) {
                counts[b]++;
                break;
            }
    }
    return NL_AUDIT_LAG_BINS;
}
