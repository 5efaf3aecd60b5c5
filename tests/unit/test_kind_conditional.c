/*
 * test_kind_conditional.c — the `conditional` kind: one finding per
 * instance where an `if` pattern matches and no `then` pattern matches
 * anywhere in it, at the leftmost `if` match (first listed on a tie) with
 * its named groups; load errors; examples.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "notice.h"
#include "rules.h"

/* ---- helpers (the same in each test_kind_*.c) ---- */

static nl_ruleset set;
static nl_config *cfg;
static nl_error err;

static void setup(void)
{
    memset(&set, 0, sizeof set);
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_config_load_default(&cfg, &err), NL_OK, "%s", err.text);
}

static void teardown(void)
{
    nl_ruleset_free(&set);
    nl_config_free(cfg);
}

TestSuite(conditional, .init = setup, .fini = teardown);

static nl_status load_with(const char *yaml, nl_override_fn fn, void *octx)
{
    memset(&err, 0, sizeof err);
    return nl_rules_load_text(&set, "t.yaml", yaml, strlen(yaml), fn, octx, &err);
}

static void load(const char *yaml)
{
    cr_assert_eq(load_with(yaml, NULL, NULL), NL_OK, "%s:%d:%d: %s", err.file,
                 err.line, err.column, err.text);
}

/* Loading must fail at line:column with a message containing `text`. */
static void load_fails(const char *yaml, int line, int column, const char *text)
{
    cr_assert_eq(load_with(yaml, NULL, NULL), NL_ERR_CONFIG, "loaded:\n%s", yaml);
    cr_assert(strstr(err.text, text), "message '%s' lacks '%s'", err.text, text);
    cr_assert_str_eq(err.file, "t.yaml");
    cr_assert(err.line == line && err.column == column,
              "error at %d:%d, expected %d:%d (%s)", err.line, err.column, line,
              column, err.text);
}

/* Run the loaded rules over `text`; every finding becomes one line
 * "LINE:COL «span text» rule: message[ => suggestion]".  Caller frees. */
static char *check(const char *text)
{
    nl_doc *doc = NULL;
    nl_notice *nt = NULL;
    nl_findings out = {0};
    cr_assert_eq(nl_doc_load_bytes("n.txt", text, strlen(text), &doc, &err), NL_OK);
    cr_assert_eq(nl_notice_parse(cfg, doc, &nt, &err), NL_OK, "%s", err.text);
    cr_assert_eq(nl_eval_run(&set, NULL, nt, &out, NULL, &err), NL_OK, "%s", err.text);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    for (size_t i = 0; i < out.n; i++) {
        const nl_finding *x = &out.v[i];
        nl_pos pos = nl_doc_pos(doc, x->span.start);
        fprintf(f, "%d:%d «%.*s» %s: %s", pos.line, pos.column,
                (int)(x->span.end - x->span.start), doc->dec.text + x->span.start,
                x->rule_id, x->message);
        if (x->suggestion)
            fprintf(f, " => %s", x->suggestion);
        fputc('\n', f);
    }
    fclose(f);
    nl_findings_free(&out);
    nl_notice_free(nt);
    nl_doc_free(doc);
    return buf;
}

static void expect(const char *text, const char *findings)
{
    char *got = check(text);
    cr_assert_str_eq(got, findings, "findings:\n%s\nexpected:\n%s", got, findings);
    free(got);
}

/* Body paragraphs about discipline, one per line. */
static const char discipline[] =
    "某某单位关于巡察整改情况的通报\n"               /* 1 */
    "一、整改落实情况\n"                             /* 2 */
    "给予相关责任人政务处分。\n"                     /* 3: no count */
    "给予党纪处分1人,政务处分3人。\n"                 /* 4: counted */
    "对2人给予党纪处分,另有政务处分。\n"              /* 5: count before */
    "先后给予党纪处分、政务处分和问责。\n"            /* 6: two, no count */
    "二、下一步工作\n"                               /* 7 */
    "持续巩固整改成果。\n";                          /* 8 */

static const char discipline_rule[] =
    "rules:\n"
    "  - id: t.count\n"
    "    kind: conditional\n"
    "    severity: warning\n"
    "    scope: paragraph\n"
    "    message: 提到“{kind}”但没有写明人数\n"
    "    suggestion: '{match}N人'\n"
    "    if: '(?<kind>党纪处分|政务处分)'\n"
    "    then: ['\\d+人', '\\d+名']\n";

/* ---- running ---- */

Test(conditional, one_finding_at_the_first_if_match)
{
    load(discipline_rule);
    expect(discipline,
           "3:8 «政务处分» t.count: 提到“政务处分”但没有写明人数 => 政务处分N人\n"
           "6:5 «党纪处分» t.count: 提到“党纪处分”但没有写明人数 => 党纪处分N人\n");
}

Test(conditional, leftmost_if_pattern_wins)
{
    load("rules:\n"
         "  - id: t.left\n"
         "    kind: conditional\n"
         "    severity: info\n"
         "    scope: paragraph\n"
         "    message: '{match}/{a}/{b}'\n"
         "    if: ['(?<a>问责)', '(?<b>政务处分)', '(?<b>党纪)处分']\n"
         "    then: 不存在\n");
    /* Line 3 holds only 政务处分; lines 4-6 mention 党纪处分 first, so the
     * last-listed pattern wins there; 问责 (line 6) comes too late. */
    expect(discipline,
           "3:8 «政务处分» t.left: 政务处分/{a}/政务处分\n"
           "4:3 «党纪处分» t.left: 党纪处分/{a}/党纪\n"
           "5:6 «党纪处分» t.left: 党纪处分/{a}/党纪\n"
           "6:5 «党纪处分» t.left: 党纪处分/{a}/党纪\n");
}

Test(conditional, first_listed_wins_a_tie)
{
    load("rules:\n"
         "  - id: t.tie\n"
         "    kind: conditional\n"
         "    severity: info\n"
         "    scope: paragraph\n"
         "    message: '{x}{y}'\n"
         "    if: ['(?<x>政务)', '(?<y>政务处分)']\n"
         "    then: '\\d'\n");
    expect(discipline,
           "3:8 «政务» t.tie: 政务{y}\n"
           "6:10 «政务» t.tie: 政务{y}\n");
}

Test(conditional, item_scope_spans_the_item)
{
    load("rules:\n"
         "  - id: t.item\n"
         "    kind: conditional\n"
         "    severity: info\n"
         "    scope: item\n"
         "    message: 问题“{title}”没有写整改时限\n"
         "    if: '“(?<title>[^”]+)”'\n"
         "    then: '\\d+月'\n");
    expect("某某单位关于巡察整改情况的通报\n"
           "一、整改落实情况\n"
           "1.针对“学习不深入”问题。\n"
           "一是于2024年3月组织专题学习。\n"
           "2.针对“制度不健全”问题。\n"
           "一是修订制度3项。\n"
           "二、下一步工作\n"
           "持续巩固整改成果。\n",
           "5:5 «“制度不健全”» t.item: 问题“制度不健全”没有写整改时限\n");
}

Test(conditional, no_if_no_finding)
{
    load(discipline_rule);
    expect("某某单位关于巡察整改情况的通报\n"
           "一、整改落实情况\n"
           "持续巩固整改成果。\n",
           "");
}

/* ---- loading ---- */

Test(conditional, missing_keys)
{
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: conditional\n"
               "    severity: error\n"
               "    message: x\n"
               "    then: a\n",
               2, 5, "rule 't.bad': missing key 'if'");
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: conditional\n"
               "    severity: error\n"
               "    message: x\n"
               "    if: a\n",
               2, 5, "rule 't.bad': missing key 'then'");
}

Test(conditional, bad_patterns)
{
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: conditional\n"
               "    severity: error\n"
               "    message: x\n"
               "    if: a\n"
               "    then: [b, '[c']\n",
               7, 15, "missing terminating ] for character class");
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: conditional\n"
               "    severity: error\n"
               "    message: x\n"
               "    if: {a: b}\n"
               "    then: b\n",
               6, 9, "'if' must be a pattern or a non-empty list of patterns");
}

Test(conditional, examples_are_checked)
{
    load("rules:\n"
         "  - id: t.ok\n"
         "    kind: conditional\n"
         "    severity: error\n"
         "    message: x\n"
         "    if: 政务处分\n"
         "    then: '\\d+人'\n"
         "    examples:\n"
         "      match: [给予相关责任人政务处分。]\n"
         "      no_match: [给予政务处分3人。, 3人受到政务处分, 无关]\n");
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: conditional\n"
               "    severity: error\n"
               "    message: x\n"
               "    if: 政务处分\n"
               "    then: '\\d+人'\n"
               "    examples:\n"
               "      match: [给予政务处分3人。]\n",
               9, 15, "example \"给予政务处分3人。\" should match the rule");
}
