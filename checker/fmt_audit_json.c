/*
 * fmt_audit_json.c — `noticelint audit --format json`: the rows and the
 * aggregates as one JSON object {tool, columns, notices, summary},
 * documented key by key in docs/audit-output.md.
 *
 * Pretty-printed with a 2-space indent, keys in documented order, non-ASCII
 * not escaped.  The envelope is written by hand and each notice is built as
 * a jansson value, dumped and freed before the next, so the JSON is never
 * held whole in memory; each dump is re-indented to the depth where it
 * sits (jansson escapes control characters in strings, so every newline in
 * a dump is layout).
 */
#include "fmt_audit.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "noticelint.h"

#define DUMP_FLAGS (JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10) | JSON_INDENT(2))

static int json_begin(void **state, FILE *out, const nl_audit_opts *o,
                      const nl_audit *a)
{
    (void)out;
    (void)o;
    (void)a;
    *state = NULL;
    return 0;
}

/* Dump v at `depth` levels of 2-space indent (the first line is not
 * indented: the caller has placed it); depth < 0: on one line. */
static int emit(FILE *out, json_t *v, int depth)
{
    if (!v)
        return -1;
    size_t flags = depth < 0 ? JSON_PRESERVE_ORDER : DUMP_FLAGS;
    char *s = json_dumps(v, flags | JSON_ENCODE_ANY);
    json_decref(v);
    if (!s)
        return -1;
    for (const char *p = s; *p; p++) {
        fputc(*p, out);
        if (*p == '\n')
            for (int i = 0; i < depth; i++)
                fputs("  ", out);
    }
    free(s);
    return 0;
}

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *count_or_null(long v)
{
    return v >= 0 ? json_integer(v) : json_null();
}

/* A whole number as an integer, anything else as a real. */
static json_t *number(double v)
{
    if (v == floor(v) && fabs(v) < 9e15)
        return json_integer((json_int_t)v);
    return json_real(v);
}

static json_t *severities(const size_t by_sev[3])
{
    return json_pack("{s:I, s:I, s:I}", "error", (json_int_t)by_sev[NL_SEV_ERROR],
                     "warning", (json_int_t)by_sev[NL_SEV_WARNING], "info",
                     (json_int_t)by_sev[NL_SEV_INFO]);
}

static json_t *row_json(const nl_audit *a, const nl_audit_row *r)
{
    json_t *disc = json_object(), *rules = json_array();
    for (size_t k = 0; disc && k < r->ndisc; k++)
        json_object_set_new(disc, a->kinds[r->disc[k].kind].name,
                            json_integer(r->disc[k].count));
    for (const char *p = r->error_rules; rules && *p;) {
        const char *e = strchr(p, ' ');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        json_array_append_new(rules, json_stringn(p, n));
        p += n + (e != NULL);
    }
    return json_pack(
        "{s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
        " s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
        "path", r->path, "parsed", r->parsed,
        "issuing_unit", str_or_null(r->issuing_unit),
        "inspection_body", str_or_null(r->inspection_body),
        "inspection_start", str_or_null(r->inspection_start),
        "inspection_end", str_or_null(r->inspection_end),
        "feedback_date", str_or_null(r->feedback_date),
        "publication_date", str_or_null(r->publication_date),
        "lag_days", r->has_lag ? json_integer(r->lag_days) : json_null(),
        "problems", count_or_null(r->problems),
        "items", count_or_null(r->items),
        "completed", count_or_null(r->completed),
        "in_progress", count_or_null(r->in_progress),
        "completion_rate_percent", r->has_rate ? json_real(r->rate) : json_null(),
        "systems_established", count_or_null(r->systems),
        "funds_recovered_wan_yuan", r->has_funds ? json_real(r->funds) : json_null(),
        "discipline", disc ? disc : json_null(),
        "contact", json_pack("{s:b, s:b, s:b, s:b}", "phone", r->phone, "email",
                             r->email, "postal", r->postal, "block", r->contact),
        "signature", json_pack("{s:b, s:b}", "unit", r->signature, "date",
                               r->signature_date),
        "findings", severities(r->by_sev),
        "error_rules", rules ? rules : json_null());
}

static json_t *sum_json(const nl_audit_sum *s)
{
    return json_pack("{s:o, s:I}", "total",
                     s->notices ? number(s->total) : json_null(), "notices",
                     (json_int_t)s->notices);
}

static json_t *paths_where(const nl_audit *a, int which)
{
    json_t *v = json_array();
    for (size_t i = 0; v && i < a->nrows; i++) {
        const nl_audit_row *r = &a->rows[i];
        int hit = which == 0   ? !r->contact
                  : which == 1 ? !r->signature
                  : which == 2 ? !r->signature_date
                               : r->has_lag && (double)r->lag_days > a->lag_threshold;
        if (hit)
            json_array_append_new(v, json_string(r->path));
    }
    return v;
}

static json_t *missing_json(const nl_audit *a, int which, size_t count)
{
    return json_pack("{s:I, s:o}", "count", (json_int_t)count, "paths",
                     paths_where(a, which));
}

static json_t *lag_json(const nl_audit *a)
{
    const nl_audit_lag *l = &a->lag;
    size_t counts[NL_AUDIT_LAG_BINS];
    const char *labels[NL_AUDIT_LAG_BINS];
    long lo[NL_AUDIT_LAG_BINS], hi[NL_AUDIT_LAG_BINS];
    size_t nb = nl_audit_lag_histogram(a, counts, labels, lo, hi);
    json_t *hist = json_array();
    for (size_t b = 0; hist && b < nb; b++)
        json_array_append_new(
            hist, json_pack("{s:s, s:o, s:o, s:I}", "label", labels[b], "min",
                            b == 0 ? json_null() : json_integer(lo[b]), "max",
                            b == nb - 1 ? json_null() : json_integer(hi[b]),
                            "notices", (json_int_t)counts[b]));
    int has = l->n > 0;
    return json_pack(
        "{s:o, s:s, s:I, s:o, s:o, s:o, s:o, s:I, s:o, s:o}",
        "threshold_days", number(a->lag_threshold), "threshold_source",
        a->lag_threshold_from_rule ? NL_AUDIT_LAG_RULE : "default",
        "notices", (json_int_t)l->n,
        "min", has ? json_integer(l->min) : json_null(),
        "median", has ? number(l->median) : json_null(),
        "p90", has ? json_integer(l->p90) : json_null(),
        "max", has ? json_integer(l->max) : json_null(),
        "over_threshold", (json_int_t)l->over,
        "over_threshold_paths", paths_where(a, 3),
        "histogram", hist ? hist : json_null());
}

static json_t *group_json(const nl_audit *a, const nl_audit_group *g)
{
    json_t *paths = json_array();
    for (size_t k = 0; paths && k < g->notices; k++)
        json_array_append_new(paths, json_string(a->rows[g->rows[k]].path));
    return json_pack(
        "{s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:I, s:o}",
        "inspection_body", str_or_null(g->body), "notices", (json_int_t)g->notices,
        "problems", sum_json(&g->problems), "items", sum_json(&g->items),
        "completed", sum_json(&g->completed), "findings", severities(g->by_sev),
        "lag_max", g->with_lag ? json_integer(g->lag_max) : json_null(),
        "over_threshold", (json_int_t)g->over, "paths", paths ? paths : json_null());
}

static json_t *summary_json(const nl_audit *a)
{
    json_t *disc = json_array(), *rules = json_array(), *groups = json_array();
    for (size_t k = 0; disc && k < a->nkinds; k++)
        json_array_append_new(disc, json_pack("{s:s, s:I, s:I}", "kind",
                                              a->kinds[k].name, "total",
                                              (json_int_t)a->kinds[k].total, "notices",
                                              (json_int_t)a->kinds[k].notices));
    for (size_t k = 0; rules && k < a->nrules; k++) {
        const nl_audit_rule *r = &a->rules[a->rule_order[k]];
        json_array_append_new(rules, json_pack("{s:s, s:s, s:I, s:I}", "id", r->id,
                                               "severity", nl_severity_name(r->severity),
                                               "notices", (json_int_t)r->notices,
                                               "findings", (json_int_t)r->findings));
    }
    for (size_t k = 0; groups && k < a->ngroups; k++)
        json_array_append_new(groups, group_json(a, &a->groups[k]));
    json_t *totals = json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o}", "problems", sum_json(&a->problems),
        "items", sum_json(&a->items), "completed", sum_json(&a->completed),
        "in_progress", sum_json(&a->in_progress), "systems_established",
        sum_json(&a->systems), "funds_recovered_wan_yuan", sum_json(&a->funds));
    json_t *missing = json_pack(
        "{s:o, s:o, s:o}", "contact", missing_json(a, 0, a->missing_contact),
        "signature", missing_json(a, 1, a->missing_signature), "signature_date",
        missing_json(a, 2, a->missing_date));
    return json_pack(
        "{s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
        "notices", (json_int_t)a->nrows, "unreadable", (json_int_t)a->unreadable,
        "notices_with_findings", (json_int_t)a->with_findings,
        "notices_with_errors", (json_int_t)a->with_errors,
        "findings", severities(a->by_sev), "totals", totals,
        "discipline", disc ? disc : json_null(),
        "publication_lag", lag_json(a), "missing", missing,
        "rules", rules ? rules : json_null(),
        "inspection_bodies", groups ? groups : json_null());
}

static int json_end(void *state, FILE *out, const nl_audit *a)
{
    (void)state;
    int rc = 0;
    if (!out)
        return -1;
    fputs("{\n  \"tool\": ", out);
    rc |= emit(out, json_pack("{s:s, s:s}", "name", "noticelint", "version", NL_VERSION), 1);
    fputs(",\n  \"columns\": [", out);
    size_t ncols = nl_audit_ncols(a);
    for (size_t c = 0; c < ncols; c++) {
        nl_audit_col col = nl_audit_column(a, c);
        static const char *const types[] = {"text", "integer", "decimal", "flag"};
        fputs(c ? ",\n    " : "\n    ", out);
        rc |= emit(out, json_pack("{s:s, s:s, s:s}", "key", col.key, "title", col.zh,
                                  "type", types[col.type]), -1);
    }
    fputs(ncols ? "\n  ],\n  \"notices\": [" : "],\n  \"notices\": [", out);
    for (size_t i = 0; i < a->nrows; i++) {
        fputs(i ? ",\n    " : "\n    ", out);
        rc |= emit(out, row_json(a, &a->rows[i]), 2);
    }
    fputs(a->nrows ? "\n  ],\n  \"summary\": " : "],\n  \"summary\": ", out);
    rc |= emit(out, summary_json(a), 1);
    fputs("\n}\n", out);
    return rc || ferror(out) ? -1 : 0;
}

const nl_audit_format nl_audit_fmt_json = {
    .name = "json",
    .begin = json_begin,
    .notice = NULL,
    .end = json_end,
};
