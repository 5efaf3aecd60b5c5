/*
 * test_audit.c — the audit (audit.c) and its formats (fmt_audit_*.c):
 * rows from facts and findings; the publication lag and its distribution
 * (median of an even count, nearest-rank p90, the threshold from the rule
 * date.publication-lag, overridden, or the default); discipline columns in
 * order of first mention; rules ranked; groups by inspection body with the
 * unknown group last; unreadable documents; the CSV bytes (BOM, CRLF,
 * quoting, formula guard, English keys); JSON that parses back; escaping in
 * Markdown and HTML; the progress line; and the real figures of the seeds
 * (skipped when ../shared/seeds is absent).
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "fmt_audit.h"
#include "progress.h"
#include "testutil.h"

static nl_config *cfg;
static nl_ruleset set;

static void setup(void)
{
    nl_error err = {0};
    cr_assert_eq(nl_config_load_default(&cfg, &err), NL_OK, "%s", err.text);
    set.base_defs = &cfg->defs;
    set.parser = cfg;
    cr_assert_eq(nl_rules_load_default(&set, NULL, NULL, &err), NL_OK, "%s", err.text);
}

static void teardown(void)
{
    nl_ruleset_free(&set);
    nl_config_free(cfg);
}

TestSuite(audit, .init = setup, .fini = teardown);

/* Check a notice given as text, like the check pipeline does. */
static void check_text(const char *name, const char *text, nl_checked *out)
{
    nl_error err = {0};
    memset(out, 0, sizeof *out);
    out->path = name;
    cr_assert_eq(nl_doc_load_bytes(name, text, strlen(text), &out->doc, &err), NL_OK);
    cr_assert_eq(nl_notice_parse(cfg, out->doc, &out->nt, &err), NL_OK, "%s", err.text);
    cr_assert_eq(nl_eval_run(&set, NULL, out->nt, &out->findings, NULL, &err), NL_OK);
}

/* A small notice inspected by `body`, fed back on `feedback`, signed on `signed_on`. */
static char *notice(const char *body, const char *feedback, const char *signed_on,
                    const char *extra)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    fprintf(f,
            "中共甲镇委员会关于巡察整改情况的通报\n\n"
            "根据县委统一部署，2024年3月4日至2024年4月26日，%s对甲镇党委进行了巡察。"
            "%s，%s向甲镇党委反馈了意见。\n"
            "一、整改情况\n已完成整改。%s\n"
            "中共甲镇委员会\n%s\n",
            body, feedback, body, extra ? extra : "", signed_on);
    fclose(f);
    return s;
}

/* Add a text notice to the audit; returns the row. */
static const nl_audit_row *add_text(nl_audit *a, const char *name, const char *text)
{
    nl_checked res;
    check_text(name, text, &res);
    int oom = 0;
    const nl_audit_row *row = nl_audit_add(a, &res, &oom);
    cr_assert_eq(oom, 0);
    cr_assert_not_null(row);
    nl_checked_free(&res);
    return row;
}

static char *render(const nl_audit_format *fmt, const nl_audit *a, int english)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    void *state = NULL;
    nl_audit_opts o = {english};
    cr_assert_eq(fmt->begin(&state, out, &o, a), 0);
    cr_assert_eq(fmt->end(state, out, a), 0);
    fclose(out);
    return buf;
}

static size_t col_index(const nl_audit *a, const char *key)
{
    for (size_t c = 0; c < nl_audit_ncols(a); c++)
        if (strcmp(nl_audit_column(a, c).key, key) == 0)
            return c;
    cr_assert_fail("no column %s", key);
    return 0;
}

static const char *cell(const nl_audit *a, size_t row, const char *key)
{
    static nl_audit_cell c;
    nl_audit_cell_get(a, &a->rows[row], col_index(a, key), &c);
    return c.text;
}

Test(audit, row_facts_and_lag)
{
    nl_audit *a = nl_audit_new(&set);
    char *t = notice("县委第一巡察组", "2024年6月12日", "2024年12月20日", NULL);
    const nl_audit_row *r = add_text(a, "a.txt", t);
    free(t);
    cr_assert_str_eq(r->path, "a.txt");
    cr_assert_str_eq(r->inspection_body, "县委第一巡察组");
    cr_assert_str_eq(r->feedback_date, "2024-06-12");
    cr_assert_str_eq(r->publication_date, "2024-12-20"); /* no meta line: the signature date */
    cr_assert(r->has_lag);
    cr_assert_eq(r->lag_days, 191);
    cr_assert(r->signature && r->signature_date && !r->contact);
    cr_assert_eq(nl_audit_finish(a), 0);
    cr_assert_eq(a->lag.over, 1);
    cr_assert_str_eq(cell(a, 0, "lag_days"), "191");
    cr_assert_str_eq(cell(a, 0, "contact_block"), "0");
    cr_assert_str_eq(cell(a, 0, "problems"), ""); /* not stated */
    nl_audit_free(a);
}

Test(audit, lag_distribution_median_p90_threshold)
{
    /* lags 10, 20, 30, 100: median (20+30)/2 = 25, p90 nearest rank = 100 */
    static const char *const signed_on[] = {"2024年6月22日", "2024年7月2日", "2024年7月12日",
                                            "2024年9月20日"};
    nl_audit *a = nl_audit_new(&set);
    cr_assert(a->lag_threshold_from_rule);
    cr_assert_float_eq(a->lag_threshold, 90.0, 1e-9);
    for (int i = 0; i < 4; i++) {
        char name[16];
        snprintf(name, sizeof name, "n%d.txt", i);
        char *t = notice("县委第一巡察组", "2024年6月12日", signed_on[i], NULL);
        add_text(a, name, t);
        free(t);
    }
    cr_assert_eq(nl_audit_finish(a), 0);
    cr_assert_eq(a->lag.n, 4);
    cr_assert_eq(a->lag.min, 10);
    cr_assert_float_eq(a->lag.median, 25.0, 1e-9);
    cr_assert_eq(a->lag.p90, 100);
    cr_assert_eq(a->lag.max, 100);
    cr_assert_eq(a->lag.over, 1);
    size_t counts[NL_AUDIT_LAG_BINS];
    const char *labels[NL_AUDIT_LAG_BINS];
    long lo[NL_AUDIT_LAG_BINS], hi[NL_AUDIT_LAG_BINS];
    cr_assert_eq(nl_audit_lag_histogram(a, counts, labels, lo, hi), NL_AUDIT_LAG_BINS);
    cr_assert_eq(counts[1], 3); /* 0–30 */
    cr_assert_eq(counts[4], 1); /* 91–120 */
    cr_assert_str_eq(labels[4], "91–120");
    nl_audit_free(a);
}

Test(audit, threshold_follows_the_rule_override_or_defaults)
{
    nl_audit *none = nl_audit_new(NULL);
    cr_assert_float_eq(none->lag_threshold, NL_AUDIT_DEFAULT_LAG_DAYS, 1e-9);
    cr_assert_not(none->lag_threshold_from_rule);
    nl_audit_free(none);

    nl_ruleset own = {0};
    own.base_defs = &cfg->defs;
    own.parser = cfg;
    nl_error err = {0};
    const char *yaml = "rules:\n"
                       "  - id: date.publication-lag\n"
                       "    kind: compare\n"
                       "    severity: warning\n"
                       "    left: feedback_date\n"
                       "    right: [publish_date, signature_date]\n"
                       "    max_diff: 45\n"
                       "    message: late\n";
    cr_assert_eq(nl_rules_load_text(&own, "own.yaml", yaml, strlen(yaml), NULL, NULL, &err),
                 NL_OK, "%s", err.text);
    nl_audit *a = nl_audit_new(&own);
    cr_assert_float_eq(a->lag_threshold, 45.0, 1e-9);
    cr_assert(a->lag_threshold_from_rule);
    nl_audit_free(a);
    nl_ruleset_free(&own);
}

Test(audit, discipline_columns_rules_and_groups)
{
    nl_audit *a = nl_audit_new(&set);
    char *t1 = notice("市委第五巡察组", "2024年6月12日", "2024年7月1日",
                      "给予党纪处分1人，政务处分3人，提醒谈话5人。");
    char *t2 = notice("市委第六巡察组", "2024年6月12日", "2024年7月1日",
                      "批评教育2人，党纪处分2人。");
    char *t3 = notice("市委第五巡察组", "2024年6月12日", "2024年7月1日", NULL);
    add_text(a, "one.txt", t1);
    add_text(a, "two.txt", t2);
    add_text(a, "three.txt", t3);
    /* A notice without an inspection body. */
    add_text(a, "four.txt", "一、整改情况\n已完成。\n");
    free(t1);
    free(t2);
    free(t3);
    cr_assert_eq(nl_audit_finish(a), 0);
    /* kinds in order of first mention across the input */
    cr_assert_eq(a->nkinds, 4);
    cr_assert_str_eq(a->kinds[0].name, "党纪处分");
    cr_assert_eq(a->kinds[0].total, 3);
    cr_assert_eq(a->kinds[0].notices, 2);
    cr_assert_str_eq(a->kinds[3].name, "批评教育");
    cr_assert_str_eq(nl_audit_column(a, nl_audit_ncols(a) - 1).key, "discipline.批评教育");
    cr_assert_str_eq(cell(a, 0, "discipline.政务处分"), "3");
    cr_assert_str_eq(cell(a, 1, "discipline.政务处分"), ""); /* not mentioned */
    /* groups: by first appearance, the notice without a body last */
    cr_assert_eq(a->ngroups, 3);
    cr_assert_str_eq(a->groups[0].body, "市委第五巡察组");
    cr_assert_eq(a->groups[0].notices, 2);
    cr_assert_eq(a->groups[0].rows[1], 2);
    cr_assert_str_eq(a->groups[1].body, "市委第六巡察组");
    cr_assert_null(a->groups[2].body);
    /* rules: ranked by notices, then findings, then id */
    for (size_t k = 1; k < a->nrules; k++) {
        const nl_audit_rule *p = &a->rules[a->rule_order[k - 1]], *q = &a->rules[a->rule_order[k]];
        cr_assert(p->notices > q->notices ||
                  (p->notices == q->notices && (p->findings > q->findings ||
                                                (p->findings == q->findings &&
                                                 strcmp(p->id, q->id) < 0))));
    }
    /* the fourth notice has no signature, date or contact block */
    cr_assert_eq(a->missing_signature, 1);
    cr_assert_eq(a->missing_date, 1);
    cr_assert_eq(a->missing_contact, 4);
    cr_assert(strstr(a->rows[3].error_rules, "required.contact") != NULL);
    nl_audit_free(a);
}

Test(audit, error_rules_are_distinct_and_sorted)
{
    nl_audit *a = nl_audit_new(NULL);
    nl_checked res;
    check_text("x.txt", "一、整改情况\n已完成。\n", &res);
    nl_findings_free(&res.findings);
    cr_assert_eq(nl_findings_add(&res.findings, "z.rule", NL_SEV_ERROR, (nl_span){0, 1},
                                 strdup("m"), NULL), 0);
    cr_assert_eq(nl_findings_add(&res.findings, "a.rule", NL_SEV_ERROR, (nl_span){0, 1},
                                 strdup("m"), NULL), 0);
    cr_assert_eq(nl_findings_add(&res.findings, "z.rule", NL_SEV_ERROR, (nl_span){2, 3},
                                 strdup("m"), NULL), 0);
    cr_assert_eq(nl_findings_add(&res.findings, "w.rule", NL_SEV_WARNING, (nl_span){0, 1},
                                 strdup("m"), NULL), 0);
    const nl_audit_row *r = nl_audit_add(a, &res, NULL);
    cr_assert_str_eq(r->error_rules, "a.rule z.rule");
    cr_assert_eq(r->by_sev[NL_SEV_ERROR], 3);
    cr_assert_eq(r->by_sev[NL_SEV_WARNING], 1);
    nl_checked_free(&res);
    cr_assert_eq(nl_audit_finish(a), 0);
    cr_assert_str_eq(a->rules[a->rule_order[0]].id, "z.rule"); /* 2 findings */
    cr_assert_eq(a->rules[a->rule_order[0]].notices, 1);
    nl_audit_free(a);
}

Test(audit, unreadable_results_add_no_row)
{
    nl_audit *a = nl_audit_new(NULL);
    nl_checked res;
    memset(&res, 0, sizeof res);
    res.path = "missing.txt";
    res.failed = 1;
    int oom = 0;
    cr_assert_null(nl_audit_add(a, &res, &oom));
    cr_assert_eq(oom, 0);
    cr_assert_eq(a->unreadable, 1);
    cr_assert_eq(a->nrows, 0);
    cr_assert_eq(nl_audit_finish(a), 0);
    char *json = render(&nl_audit_fmt_json, a, 0);
    json_error_t e;
    json_t *v = json_loads(json, 0, &e);
    cr_assert_not_null(v, "%s", e.text);
    cr_assert_eq(json_integer_value(json_object_get(json_object_get(v, "summary"), "unreadable")), 1);
    cr_assert_eq(json_array_size(json_object_get(v, "notices")), 0);
    json_decref(v);
    free(json);
    nl_audit_free(a);
}

Test(audit, csv_bytes_quoting_guard_and_english_keys)
{
    nl_audit *a = nl_audit_new(&set);
    add_text(a, "a,\"b\".txt", "一、整改情况\n已完成。\n");
    add_text(a, "=cmd.txt", "一、整改情况\n已完成。\n");
    cr_assert_eq(nl_audit_finish(a), 0);
    char *csv = render(&nl_audit_fmt_csv, a, 0);
    cr_assert(strncmp(csv, "\xef\xbb\xbf文件,发布单位,巡察组,", 3 + 28) == 0, "%s", csv);
    cr_assert(strstr(csv, "\r\n\"a,\"\"b\"\".txt\",") != NULL, "%s", csv);
    cr_assert(strstr(csv, "\r\n'=cmd.txt,") != NULL, "%s", csv);
    for (const char *p = csv; (p = strchr(p, '\n')); p++)
        cr_assert_eq(p[-1], '\r', "a bare LF in the csv");
    free(csv);
    csv = render(&nl_audit_fmt_csv, a, 1);
    cr_assert(strncmp(csv, "\xef\xbb\xbfpath,issuing_unit,inspection_body,inspection_start,", 53) == 0,
              "%s", csv);
    cr_assert(strstr(csv, ",errors,warnings,infos,error_rules\r\n") != NULL, "%s", csv);
    free(csv);
    nl_audit_free(a);
}

Test(audit, json_parses_back_with_rows_and_summary)
{
    nl_audit *a = nl_audit_new(&set);
    char *t = notice("县委第一巡察组", "2024年6月12日", "2024年12月20日", "政务处分2人。");
    add_text(a, "a.txt", t);
    add_text(a, "b.txt", t);
    free(t);
    cr_assert_eq(nl_audit_finish(a), 0);
    char *json = render(&nl_audit_fmt_json, a, 0);
    json_error_t e;
    json_t *v = json_loads(json, 0, &e);
    cr_assert_not_null(v, "line %d: %s\n%s", e.line, e.text, json);
    static const char *const top[] = {"tool", "columns", "notices", "summary"};
    const char *key;
    json_t *val;
    size_t i = 0;
    json_object_foreach(v, key, val) cr_assert_str_eq(key, top[i++]);
    json_t *notices = json_object_get(v, "notices");
    cr_assert_eq(json_array_size(notices), 2);
    json_t *row = json_array_get(notices, 0);
    cr_assert_eq(json_integer_value(json_object_get(row, "lag_days")), 191);
    cr_assert_eq(json_integer_value(json_object_get(json_object_get(row, "discipline"), "政务处分")), 2);
    json_t *sum = json_object_get(v, "summary");
    json_t *lag = json_object_get(sum, "publication_lag");
    cr_assert_eq(json_integer_value(json_object_get(lag, "threshold_days")), 90);
    cr_assert_str_eq(json_string_value(json_object_get(lag, "threshold_source")),
                     "date.publication-lag");
    cr_assert_eq(json_integer_value(json_object_get(lag, "over_threshold")), 2);
    json_t *disc = json_array_get(json_object_get(sum, "discipline"), 0);
    cr_assert_eq(json_integer_value(json_object_get(disc, "total")), 4);
    cr_assert_eq(json_array_size(json_object_get(v, "columns")), nl_audit_ncols(a));
    json_decref(v);
    free(json);
    nl_audit_free(a);
}

Test(audit, markdown_and_html_escape_notice_text)
{
    nl_audit *a = nl_audit_new(&set);
    const char *evil = "<script>alert(1)</script>|x.txt";
    nl_checked res;
    check_text(evil, "一、整改情况\n已完成。\n", &res);
    const nl_audit_row *row = nl_audit_add(a, &res, NULL);
    void *state = NULL;
    char *html = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&html, &len);
    nl_audit_opts o = {0};
    cr_assert_eq(nl_audit_fmt_html.begin(&state, out, &o, a), 0);
    cr_assert_eq(nl_audit_fmt_html.notice(state, a, row, &res), 0);
    nl_checked_free(&res);
    cr_assert_eq(nl_audit_finish(a), 0);
    cr_assert_eq(nl_audit_fmt_html.end(state, out, a), 0);
    fclose(out);
    cr_assert_null(strstr(html, "<script>alert"));
    cr_assert_not_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;|x.txt"));
    cr_assert_not_null(strstr(html, "<meta charset=\"utf-8\">"));
    cr_assert_not_null(strstr(html, "<svg id=\"chart-lag\""));
    cr_assert_not_null(strstr(html, "WenQuanYi Micro Hei"));
    cr_assert_null(strstr(html, "src=\"http"));
    free(html);
    char *md = render(&nl_audit_fmt_md, a, 0);
    cr_assert_not_null(strstr(md, "`<script>alert(1)</script>\\|x.txt`"), "%s", md);
    free(md);
    nl_audit_free(a);
}

Test(audit, strings_are_clean_utf8)
{
    nl_audit *a = nl_audit_new(NULL);
    nl_checked res;
    check_text("bad\xff\tname.txt", "一、整改情况\n已完成。\n", &res);
    const nl_audit_row *r = nl_audit_add(a, &res, NULL);
    cr_assert_str_eq(r->path, "bad\xef\xbf\xbd\xef\xbf\xbdname.txt");
    nl_checked_free(&res);
    nl_audit_free(a);
}

Test(audit, progress_line)
{
    char buf[256];
    nl_progress_format(buf, sizeof buf, 12, 24, 6.0, 10);
    cr_assert_str_eq(buf, "[#####.....] 12/24  50%  2.0 files/s  ETA 0:06");
    nl_progress_format(buf, sizeof buf, 0, 500, 0.0, 4);
    cr_assert_str_eq(buf, "[....] 0/500   0%  0.0 files/s  ETA --:--");
    nl_progress_format(buf, sizeof buf, 1, 10000, 1.0, 4);
    cr_assert_str_eq(buf, "[....] 1/10000   0%  1.0 files/s  ETA 2:46:39");
    /* not a terminal: nothing is drawn */
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    nl_progress p;
    nl_progress_init(&p, f, 100, -1);
    for (int i = 0; i < 100; i++)
        nl_progress_tick(&p);
    nl_progress_end(&p);
    fclose(f);
    cr_assert_eq(n, 0);
    free(s);
}

/* ---- the seeds ---- */

static nl_audit *audit_seed(const char *prefix)
{
    const char *path = tu_seed_path(prefix);
    if (!path)
        cr_skip_test("../shared/seeds (or seed %s*) is absent", prefix);
    nl_audit *a = nl_audit_new(&set);
    nl_checker c = {cfg, &set, NULL, NULL, NULL};
    nl_checked res;
    nl_check_one(&c, path, &res);
    cr_assert_not_null(nl_audit_add(a, &res, NULL));
    nl_checked_free(&res);
    cr_assert_eq(nl_audit_finish(a), 0);
    return a;
}

Test(audit, seed_001_discipline_figures)
{
    nl_audit *a = audit_seed("001_");
    cr_assert_str_eq(cell(a, 0, "discipline.党纪处分"), "1");
    cr_assert_str_eq(cell(a, 0, "discipline.政务处分"), "3");
    cr_assert_str_eq(cell(a, 0, "discipline.提醒谈话"), "18");
    cr_assert_str_eq(cell(a, 0, "discipline.批评教育"), "2");
    cr_assert_str_eq(cell(a, 0, "discipline.诫勉谈话"), "1");
    cr_assert_str_eq(cell(a, 0, "discipline.记大过"), "1"); /* the breakdown of 政务处分 */
    cr_assert_str_eq(cell(a, 0, "discipline.记过"), "2");
    cr_assert_str_eq(cell(a, 0, "inspection_body"), "区委第一巡察组");
    cr_assert_str_eq(cell(a, 0, "systems_established"), "13");
    cr_assert_str_eq(cell(a, 0, "email"), "0");           /* no email */
    cr_assert_str_eq(cell(a, 0, "lag_days"), "");         /* no publication date */
    cr_assert_eq(a->kinds[0].total, 1);
    nl_audit_free(a);
}

Test(audit, seed_000_publication_lag)
{
    nl_audit *a = audit_seed("000_");
    cr_assert_str_eq(cell(a, 0, "feedback_date"), "2023-07-27");
    cr_assert_str_eq(cell(a, 0, "publication_date"), "2024-02-02");
    cr_assert_str_eq(cell(a, 0, "lag_days"), "190");
    cr_assert_str_eq(cell(a, 0, "inspection_body"), "市委第五巡察组");
    cr_assert_str_eq(cell(a, 0, "items"), "51");
    cr_assert_eq(a->lag.over, 1);
    cr_assert_eq(a->lag.max, 190);
    cr_assert(strstr(a->rows[0].error_rules, "structure.duplicate-problem") != NULL);
    nl_audit_free(a);
}

Test(audit, seeds_all_five)
{
    const char *dir = tu_seeds_dir();
    if (!dir)
        cr_skip_test("../shared/seeds is absent");
    static const char *const prefixes[] = {"000_", "001_", "002_", "003_", "004_"};
    nl_audit *a = nl_audit_new(&set);
    nl_checker c = {cfg, &set, NULL, NULL, NULL};
    for (int i = 0; i < 5; i++) {
        nl_checked res;
        nl_check_one(&c, tu_seed_path(prefixes[i]), &res);
        cr_assert_not_null(nl_audit_add(a, &res, NULL));
        nl_checked_free(&res);
    }
    cr_assert_eq(nl_audit_finish(a), 0);
    cr_assert_eq(a->nrows, 5);
    cr_assert_eq(a->lag.n, 2);        /* 000: 190 days, 003: 183 days */
    cr_assert_eq(a->lag.min, 183);
    cr_assert_float_eq(a->lag.median, 186.5, 1e-9);
    cr_assert_eq(a->lag.max, 190);
    cr_assert_eq(a->missing_contact, 2);   /* 002 and 004 */
    cr_assert_eq(a->missing_signature, 3); /* 001, 002, 004 are body-only copies */
    cr_assert_eq(a->ngroups, 5);
    for (size_t k = 0; k < a->nkinds; k++)
        if (strcmp(a->kinds[k].name, "提醒谈话") == 0)
            cr_assert_eq(a->kinds[k].total, 18 + 24); /* 001 and 004 */
    nl_audit_free(a);
}
