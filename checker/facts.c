/*
 * facts.c — run the fact extractors and the discipline pattern of the
 * configuration over the parsed notice.  See facts.h.
 */
#include "facts.h"

#include <stdlib.h>
#include <string.h>

#include "cnum.h"
#include "error.h"
#include "notice.h"

/* A list fact (phones, e-mails, …) keeps at most this many distinct values,
 * and at most this many discipline kinds are told apart: a notice gives a
 * handful, and de-duplicating is a linear search, so a hostile document
 * with 100,000 phone numbers would otherwise be quadratic. */
#define MAX_LIST_VALUES 1000

const nl_fact_info nl_fact_table[NL_F_COUNT] = {
    [NL_F_ISSUING_UNIT] = {"issuing_unit", NL_FACT_TEXT, NULL},
    [NL_F_INSPECTION_BODY] = {"inspection_body", NL_FACT_TEXT, NULL},
    [NL_F_INSPECTION_START] = {"inspection_start", NL_FACT_DATE, NULL},
    [NL_F_INSPECTION_END] = {"inspection_end", NL_FACT_DATE, NULL},
    [NL_F_FEEDBACK_DATE] = {"feedback_date", NL_FACT_DATE, NULL},
    [NL_F_PUBLISH_DATE] = {"publish_date", NL_FACT_DATE, NULL},
    [NL_F_SIGNATURE_DATE] = {"signature_date", NL_FACT_DATE, NULL},
    [NL_F_ASPECTS] = {"aspects", NL_FACT_COUNT, "stated_counts"},
    [NL_F_PROBLEMS] = {"problems", NL_FACT_COUNT, "stated_counts"},
    [NL_F_MEASURES] = {"measures", NL_FACT_COUNT, "stated_counts"},
    [NL_F_COMPLETED] = {"completed", NL_FACT_COUNT, "stated_counts"},
    [NL_F_IN_PROGRESS] = {"in_progress", NL_FACT_COUNT, "stated_counts"},
    [NL_F_COMPLETION_RATE] = {"completion_rate_percent", NL_FACT_DECIMAL, "stated_counts"},
    [NL_F_SYSTEMS] = {"systems_established", NL_FACT_COUNT, "stated_counts"},
    [NL_F_FUNDS] = {"funds_recovered_wan_yuan", NL_FACT_DECIMAL, "stated_counts"},
    [NL_F_PHONES] = {"phones", NL_FACT_LIST, "contact"},
    [NL_F_EMAILS] = {"emails", NL_FACT_LIST, "contact"},
    [NL_F_POSTAL] = {"postal_addresses", NL_FACT_LIST, "contact"},
    [NL_F_POSTCODES] = {"postcodes", NL_FACT_LIST, "contact"},
};

int nl_fact_find(const char *name)
{
    for (int i = 0; i < NL_F_COUNT; i++)
        if (strcmp(nl_fact_table[i].name, name) == 0)
            return i;
    return -1;
}

/* Copy text[a..b) with ASCII digits for full-width ones (for strtod). */
static char *ascii_number(const char *t, size_t a, size_t b)
{
    char *out = malloc(b - a + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = a; i < b;) {
        unsigned char c = (unsigned char)t[i];
        if (c == 0xEF && i + 2 < b && (unsigned char)t[i + 1] == 0xBC &&
            (unsigned char)t[i + 2] >= 0x90 && (unsigned char)t[i + 2] <= 0x99) {
            *o++ = (char)('0' + ((unsigned char)t[i + 2] - 0x90));
            i += 3;
        } else {
            *o++ = (char)c;
            i++;
        }
    }
    *o = '\0';
    return out;
}

/* Fill v from text[a..b) according to the fact's type. */
static nl_status set_value(const nl_notice *nt, int id, size_t a, size_t b,
                           nl_fact_value *v)
{
    const char *t = nt->doc->dec.text;
    v->set = 1;
    v->span = (nl_span){a, b};
    switch (nl_fact_table[id].type) {
    case NL_FACT_DATE: {
        const nl_date_tok *tok = nl_notice_date_at(nt, a);
        if (tok)
            v->date = tok->date;
        else if (!nl_date_parse(t + a, b - a, &v->date))
            v->date = (nl_date){0, 0, 0};
        char iso[16];
        nl_date_iso(v->date, iso, sizeof iso);
        if (!iso[0]) {
            v->set = 0; /* no year to infer: keep looking */
            return NL_OK;
        }
        v->text = strdup(iso);
        break;
    }
    case NL_FACT_COUNT:
        v->count = nl_cnum_parse(t + a, b - a);
        if (v->count < 0) {
            v->set = 0;
            return NL_OK;
        }
        v->text = strndup(t + a, b - a);
        break;
    case NL_FACT_DECIMAL:
        v->text = ascii_number(t, a, b);
        v->decimal = v->text ? strtod(v->text, NULL) : 0;
        break;
    default:
        v->text = strndup(t + a, b - a);
        break;
    }
    return v->text ? NL_OK : NL_ERR_NOMEM;
}

static int list_has(const nl_fact_list *l, const char *t, size_t a, size_t b)
{
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->v[i].text) == b - a && memcmp(l->v[i].text, t + a, b - a) == 0)
            return 1;
    return 0;
}

static nl_status add_discipline(nl_notice *nt, const char *kind, size_t klen,
                                long count, nl_span at)
{
    for (size_t i = 0; i < nt->ndiscipline; i++) {
        nl_discipline *d = &nt->discipline[i];
        if (strlen(d->kind) == klen && memcmp(d->kind, kind, klen) == 0) {
            d->count += count;
            d->mentions++;
            return NL_OK;
        }
    }
    if (nt->ndiscipline >= MAX_LIST_VALUES)
        return NL_OK;
    nl_discipline *nd = realloc(nt->discipline, (nt->ndiscipline + 1) * sizeof *nd);
    if (!nd)
        return NL_ERR_NOMEM;
    nt->discipline = nd;
    nl_discipline *d = &nd[nt->ndiscipline];
    if (!(d->kind = strndup(kind, klen)))
        return NL_ERR_NOMEM;
    d->count = count;
    d->mentions = 1;
    d->first = at;
    nt->ndiscipline++;
    return NL_OK;
}

typedef struct scope_iter {
    const nl_notice *nt;
    int scope;
    size_t i;
} scope_iter;

/* Next span of a scope; returns 0 when done. */
static int scope_next(scope_iter *it, nl_span *out)
{
    const nl_notice *nt = it->nt;
    switch (it->scope) {
    case NL_SCOPE_TITLE:
        if (it->i++ == 0 && nt->has_title) { *out = nt->title; return 1; }
        return 0;
    case NL_SCOPE_META:
        if (it->i++ == 0 && nt->has_meta) { *out = nt->meta; return 1; }
        return 0;
    case NL_SCOPE_SIGNATURE_UNIT:
        if (it->i++ == 0 && nt->has_sig_unit) { *out = nt->sig_unit; return 1; }
        return 0;
    case NL_SCOPE_SIGNATURE_DATE:
        if (it->i++ == 0 && nt->has_sig_date) { *out = nt->sig_date; return 1; }
        return 0;
    case NL_SCOPE_PREAMBLE:
        if (it->i < nt->preamble_n) { *out = nt->paras[it->i++].span; return 1; }
        return 0;
    default: /* line-based scopes */
        while (it->i < nt->doc->nlines) {
            size_t k = it->i++;
            int kind = nt->line_kind[k];
            int ok;
            if (it->scope == NL_SCOPE_CONTACT)
                ok = kind == NL_LINE_CONTACT;
            else if (it->scope == NL_SCOPE_BODY)
                ok = kind == NL_LINE_PREAMBLE || kind == NL_LINE_HEADING ||
                     kind == NL_LINE_BODY;
            else
                ok = kind != NL_LINE_BLANK && kind != NL_LINE_CHROME &&
                     kind != NL_LINE_FOOTER;
            if (ok) { *out = nt->lines[k]; return 1; }
        }
        return 0;
    }
}

typedef struct group_map {
    int fact[64];   /* group number → fact id or -1 */
    int max;
} group_map;

static void map_group(const char *name, int number, void *ctx)
{
    group_map *gm = ctx;
    if (number < 64) {
        gm->fact[number] = nl_fact_find(name);
        if (number > gm->max)
            gm->max = number;
    }
}

static nl_status run_extractor(nl_notice *nt, const nl_extractor *x,
                               pcre2_match_data *md)
{
    group_map gm;
    for (int i = 0; i < 64; i++)
        gm.fact[i] = -1;
    gm.max = 0;
    nl_pattern_each_group(x->re, map_group, &gm);
    const char *t = nt->doc->dec.text;
    scope_iter it = {nt, x->scope, 0};
    nl_span s;
    while (scope_next(&it, &s)) {
        size_t from = s.start;
        while (from <= s.end &&
               nl_pattern_match(x->re, t, s.start, s.end, from, md) == 1) {
            size_t ms, me;
            nl_match_group(md, 0, s.start, &ms, &me);
            for (int g = 1; g <= gm.max; g++) {
                int id = gm.fact[g];
                size_t a, b;
                if (id < 0 || !nl_match_group(md, g, s.start, &a, &b) || a == b)
                    continue;
                nl_status st;
                if (nl_fact_table[id].type == NL_FACT_LIST) {
                    nl_fact_list *l = &nt->lists[id];
                    if (l->n >= MAX_LIST_VALUES || list_has(l, t, a, b))
                        continue;
                    nl_fact_value *nv = realloc(l->v, (l->n + 1) * sizeof *nv);
                    if (!nv)
                        return NL_ERR_NOMEM;
                    l->v = nv;
                    memset(&nv[l->n], 0, sizeof *nv);
                    st = set_value(nt, id, a, b, &nv[l->n]);
                    if (nv[l->n].set)
                        l->n++;
                } else if (!nt->facts[id].set) {
                    st = set_value(nt, id, a, b, &nt->facts[id]);
                } else {
                    continue;
                }
                if (st != NL_OK)
                    return st;
            }
            from = me > ms ? me : ms + 1;
            while (from < s.end && ((unsigned char)t[from] & 0xC0) == 0x80)
                from++;
            if (from > s.end)
                break;
        }
    }
    return NL_OK;
}

static nl_status run_discipline(nl_notice *nt, pcre2_match_data *md)
{
    const nl_pattern *re = nt->cfg->discipline;
    if (!re)
        return NL_OK;
    int gk = nl_pattern_group(re, "kind"), gc = nl_pattern_group(re, "count");
    const char *t = nt->doc->dec.text;
    scope_iter it = {nt, NL_SCOPE_BODY, 0};
    nl_span s;
    while (scope_next(&it, &s)) {
        size_t from = s.start;
        while (from < s.end &&
               nl_pattern_match(re, t, s.start, s.end, from, md) == 1) {
            size_t ms, me, ka, kb, ca, cb;
            nl_match_group(md, 0, s.start, &ms, &me);
            if (nl_match_group(md, gk, s.start, &ka, &kb) &&
                nl_match_group(md, gc, s.start, &ca, &cb)) {
                long count = nl_cnum_parse(t + ca, cb - ca);
                if (count >= 0 &&
                    add_discipline(nt, t + ka, kb - ka, count,
                                   (nl_span){ms, me}) != NL_OK)
                    return NL_ERR_NOMEM;
            }
            from = me > ms ? me : ms + 1;
            while (from < s.end && ((unsigned char)t[from] & 0xC0) == 0x80)
                from++;
        }
    }
    return NL_OK;
}

nl_status nl_facts_extract(nl_notice *nt, pcre2_match_data *md, nl_error *err)
{
    nl_status st = NL_OK;
    for (size_t i = 0; i < nt->cfg->nfacts && st == NL_OK; i++)
        st = run_extractor(nt, &nt->cfg->facts[i], md);
    if (st == NL_OK)
        st = run_discipline(nt, md);
    if (st != NL_OK)
        return nl_error_set(err, st, nt->doc->path, 0, 0, "out of memory");
    return NL_OK;
}
