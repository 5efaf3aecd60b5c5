/*
 * test_eval.c — the evaluation engine: scope instances, PCRE2 limits,
 * the per-rule finding cap, templates with facts, extract-before-others,
 * the enabled override, input.* findings, and sorting.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "testutil.h"

static nl_config *cfg;
static nl_ruleset set;

static void setup(void)
{
    nl_error err = {0};
    cr_assert_eq(nl_config_load_default(&cfg, &err), NL_OK);
    memset(&set, 0, sizeof set);
    set.base_defs = &cfg->defs;
}

static void teardown(void)
{
    nl_ruleset_free(&set);
    nl_config_free(cfg);
}

TestSuite(eval, .init = setup, .fini = teardown);

static void load(const char *yaml)
{
    nl_error err = {0};
    cr_assert_eq(nl_rules_load_text(&set, "t.yaml", yaml, strlen(yaml), NULL, NULL, &err),
                 NL_OK, "%d:%d: %s", err.line, err.column, err.text);
}

/* Run the set over text; return "line:col rule: message" lines (static). */
static const char *run_with(const char *text, const unsigned char *enabled)
{
    static char out[1 << 16];
    nl_error err = {0};
    nl_doc *doc = NULL;
    nl_notice *nt = NULL;
    nl_findings f = {0};
    cr_assert_eq(nl_doc_load_bytes("t.txt", text, strlen(text), &doc, &err), NL_OK);
    cr_assert_eq(nl_notice_parse(cfg, doc, &nt, &err), NL_OK);
    cr_assert_eq(nl_eval_run(&set, enabled, nt, &f, NULL, &err), NL_OK);
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < f.n && n < sizeof out - 512; i++) {
        nl_pos p = nl_doc_pos(doc, f.v[i].span.start);
        n += (size_t)snprintf(out + n, sizeof out - n, "%d:%d %s: %s\n", p.line, p.column,
                              f.v[i].rule_id, f.v[i].message);
    }
    nl_findings_free(&f);
    nl_notice_free(nt);
    nl_doc_free(doc);
    return out;
}

static const char *run(const char *text)
{
    return run_with(text, NULL);
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static const char *notice =
    "中共甲镇委员会关于巡察整改进展情况的通报\n"
    "根据县委统一部署,2024年3月4日至4月26日,县委第一巡察组对中共甲镇委员会进行了巡察。"
    "6月12日,县委第一巡察组向甲镇党委反馈了意见。\n"
    "一、总体情况\n"
    "(一)组织领导。成立领导小组。\n"
    "二、逐项整改\n"
    "(一)关于甲方面\n"
    "1.针对“问题甲”问题。已整改。\n"
    "2.针对“问题乙”问题。已整改。\n"
    "欢迎广大干部群众进行监督。联系方式:电话0591-87654321。\n"
    "中共甲镇委员会\n"
    "2024年8月20日\n";

Test(eval, scope_instances)
{
    /* One forbid rule per scope matching any first character: counts the
     * instances of each scope. */
    const char *scopes[] = {"document", "title", "preamble", "heading", "section",
                            "aspect", "item", "paragraph", "line", "contact",
                            "signature"};
    size_t expect[] = {1, 1, 1, 6, 6, 1, 2, 5, 11, 1, 2};
    for (size_t i = 0; i < sizeof scopes / sizeof *scopes; i++) {
        nl_ruleset_free(&set);
        set.base_defs = &cfg->defs;
        char yaml[512];
        snprintf(yaml, sizeof yaml,
                 "rules:\n  - {id: t.s, kind: require, severity: info, per: instance,"
                 " scope: %s, min: 0, max: 0, message: x, patterns: ['^.']}\n", scopes[i]);
        load(yaml);
        cr_assert_eq(count_lines(run(notice)), expect[i], "scope %s: %s", scopes[i],
                     run(notice));
    }
}

Test(eval, catastrophic_pattern_hits_the_match_limit)
{
    load("rules:\n"
         "  - {id: t.slow, kind: forbid, severity: info, message: x, scope: line,"
         " patterns: ['(a+)+$']}\n"
         "  - {id: t.fast, kind: forbid, severity: info, message: 'b found', scope: line,"
         " patterns: ['b']}\n");
    char *text = malloc(20000);
    cr_assert_not_null(text);
    memset(text, 'a', 19000);
    strcpy(text + 19000, "b\n");
    const char *got = run(text);
    cr_assert(strstr(got, "engine.match-limit: rule 't.slow' hit the PCRE2 match limit"),
              "%s", got);
    /* the run goes on: the next rule still reports */
    cr_assert(strstr(got, "1:19001 t.fast: b found"), "%s", got);
    free(text);
}

Test(eval, findings_are_capped_per_rule)
{
    load("rules:\n  - {id: t.a, kind: forbid, severity: info, message: x, patterns: ['a']}\n");
    char text[3001];
    memset(text, 'a', 3000);
    text[3000] = '\0';
    const char *got = run(text);
    cr_assert_eq(count_lines(got), 1001);
    cr_assert(strstr(got, "engine.finding-limit: rule 't.a' found 3000 problems"), "%.200s", got);
}

Test(eval, templates_use_vars_then_facts)
{
    load("rules:\n"
         "  - id: t.tpl\n"
         "    kind: forbid\n"
         "    severity: warning\n"
         "    scope: contact\n"
         "    patterns: ['电话(?<num>[0-9-]+)']\n"
         "    message: '{num} / {feedback_date} / {structure.items} / {issuing_unit} / {nope}'\n");
    const char *got = run(notice);
    cr_assert(strstr(got, "t.tpl: 0591-87654321 / 2024-06-12 / 2 / 中共甲镇委员会 / {nope}"),
              "%s", got);
}

Test(eval, extract_runs_before_the_rules_that_use_it)
{
    /* The compare rule comes first in the file but sees the extracted fact. */
    load("rules:\n"
         "  - {id: t.cmp, kind: compare, severity: error, left: signed, op: '==',"
         " right: feedback_date, message: '{left} != {right}'}\n"
         "  - {id: t.ext, kind: extract, scope: signature, pattern: '(?<signed>${DATE})',"
         " facts: {signed: date}}\n");
    const char *got = run(notice);
    cr_assert(strstr(got, "t.cmp: 2024-08-20 != 2024-06-12"), "%s", got);
}

Test(eval, enabled_array_overrides_rules)
{
    load("rules:\n"
         "  - {id: t.on, kind: forbid, severity: info, message: on, patterns: ['巡察']}\n"
         "  - {id: t.off, kind: forbid, severity: info, message: off, enabled: false,"
         " patterns: ['巡察']}\n");
    cr_assert_null(strstr(run(notice), "t.off"));
    unsigned char flags[2] = {0, 1};
    const char *got = run_with(notice, flags);
    cr_assert_null(strstr(got, "t.on"));
    cr_assert_not_null(strstr(got, "t.off"));
}

Test(eval, input_findings_and_no_rules_on_binary)
{
    load("rules:\n  - {id: t.any, kind: forbid, severity: info, message: x, patterns: ['.']}\n");
    nl_error err = {0};
    nl_doc *doc = NULL;
    nl_notice *nt = NULL;
    nl_findings f = {0};
    cr_assert_eq(nl_doc_load_bytes("b", "ab\0cd", 5, &doc, &err), NL_OK);
    cr_assert_eq(nl_notice_parse(cfg, doc, &nt, &err), NL_OK);
    cr_assert_eq(nl_eval_run(&set, NULL, nt, &f, NULL, &err), NL_OK);
    cr_assert_eq(f.n, 1);
    cr_assert_str_eq(f.v[0].rule_id, "input.binary");
    cr_assert_eq(f.v[0].severity, NL_SEV_ERROR);
    nl_findings_free(&f);
    nl_notice_free(nt);
    nl_doc_free(doc);
}

Test(eval, findings_are_sorted_by_position_then_rule)
{
    load("rules:\n"
         "  - {id: z.last, kind: forbid, severity: info, message: z, patterns: ['甲']}\n"
         "  - {id: a.first, kind: forbid, severity: info, message: a, patterns: ['甲']}\n");
    const char *got = run("甲乙甲\n");
    cr_assert_str_eq(got, "1:1 a.first: a\n1:1 z.last: z\n1:3 a.first: a\n1:3 z.last: z\n");
}

Test(eval, stats_count_matches_and_findings)
{
    load("rules:\n  - {id: t.a, kind: forbid, severity: info, message: x, scope: line,"
         " patterns: ['巡察']}\n");
    nl_error err = {0};
    nl_doc *doc = NULL;
    nl_notice *nt = NULL;
    nl_findings f = {0};
    nl_rule_stats stats[1];
    memset(stats, 0, sizeof stats);
    cr_assert_eq(nl_doc_load_bytes("t", notice, strlen(notice), &doc, &err), NL_OK);
    cr_assert_eq(nl_notice_parse(cfg, doc, &nt, &err), NL_OK);
    cr_assert_eq(nl_eval_run(&set, NULL, nt, &f, stats, &err), NL_OK);
    cr_assert_eq(stats[0].findings, f.n);
    cr_assert_geq(stats[0].matches, 11); /* at least one attempt per line */
    nl_findings_free(&f);
    nl_notice_free(nt);
    nl_doc_free(doc);
}

Test(eval, examples_of_whole_notice_kinds_are_run_as_notices)
{
    set.parser = cfg;
    load("rules:\n"
         "  - id: t.gap\n"
         "    kind: sequence\n"
         "    severity: error\n"
         "    target: headings\n"
         "    check: gap\n"
         "    message: gap\n"
         "    examples:\n"
         "      match: [\"一、甲\\n（一）乙。\\n（三）丙。\"]\n"
         "      no_match: [\"一、甲\\n（一）乙。\\n（二）丙。\"]\n");
    nl_ruleset_free(&set);
    set.base_defs = &cfg->defs;
    set.parser = cfg;
    const char *bad = "rules:\n"
                      "  - id: t.gap\n"
                      "    kind: sequence\n"
                      "    severity: error\n"
                      "    target: headings\n"
                      "    message: gap\n"
                      "    examples: {match: [\"一、甲\\n（一）乙。\\n（二）丙。\"]}\n";
    nl_error err = {0};
    cr_assert_eq(nl_rules_load_text(&set, "t.yaml", bad, strlen(bad), NULL, NULL, &err),
                 NL_ERR_CONFIG);
    cr_assert(strstr(err.text, "should match the rule but does not"), "%s", err.text);
    cr_assert_eq(err.line, 7);
}
