/*
 * test_kind_forbid.c — the `forbid` kind: every match of every pattern in
 * every scope instance is one finding with {match} and named groups;
 * entries {pattern, message, suggestion} replace the rule's templates;
 * empty matches advance; scopes limit where it looks; configuration
 * overrides replace the patterns; load errors point at the offending node;
 * examples are checked at load.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "notice.h"
#include "rules.h"
#include "kindtest.h"

TestSuite(forbid, .init = setup, .fini = teardown);

/* The sample notice of kindtest.h: lines 1-13. */
static const char notice[] = KT_SAMPLE_NOTICE;

/* ---- running ---- */

Test(forbid, every_match_of_every_pattern)
{
    load("rules:\n"
         "  - id: t.placeholder\n"
         "    kind: forbid\n"
         "    severity: error\n"
         "    scope: paragraph\n"
         "    message: 文中留有占位符“{match}”\n"
         "    patterns: ['[XＸ]{2,}', '×{2,}']\n");
    expect_check(notice,
                 "4:18 «XX» t.placeholder: 文中留有占位符“XX”\n"
                 "4:26 «XXX» t.placeholder: 文中留有占位符“XXX”\n"
                 "7:23 «××» t.placeholder: 文中留有占位符“××”\n");
}

Test(forbid, named_groups_fill_message_and_suggestion)
{
    load("rules:\n"
         "  - id: t.year\n"
         "    kind: forbid\n"
         "    severity: warning\n"
         "    scope: preamble\n"
         "    message: '{month}月{day}日的年份{missing}'\n"
         "    suggestion: 2023年{month}月{day}日\n"
         "    patterns: '(?<![年\\d])(?<month>\\d{1,2})月(?<day>\\d{1,2})日'\n");
    expect_check(notice, "2:20 «4月14日» t.year: 4月14日的年份{missing} => 2023年4月14日\n");
}

Test(forbid, scope_limits_where_it_looks)
{
    load("rules:\n"
         "  - id: t.title\n"
         "    kind: forbid\n"
         "    severity: info\n"
         "    scope: title\n"
         "    message: 标题含“{match}”\n"
         "    patterns: 某某\n"
         "  - id: t.signature\n"
         "    kind: forbid\n"
         "    severity: info\n"
         "    scope: signature\n"
         "    message: 落款含“{match}”\n"
         "    patterns: 某某\n");
    expect_check(notice,
                 "1:3 «某某» t.title: 标题含“某某”\n"
                 "12:3 «某某» t.signature: 落款含“某某”\n");
}

Test(forbid, pattern_entries_carry_their_own_templates)
{
    load("rules:\n"
         "  - id: t.usage\n"
         "    kind: forbid\n"
         "    severity: warning\n"
         "    scope: line\n"
         "    message: 用词不规范:“{match}”应为“{suggestion}”\n"
         "    suggestion: 某\n"
         "    patterns:\n"
         "      - {pattern: '整改成果', suggestion: '整改成效'}\n"
         "      - pattern: '(?<n>[XＸ]{2,})'\n"
         "        message: 占位符{n}\n"
         "      - 某某\n");
    expect_check(notice,
                 "1:3 «某某» t.usage: 用词不规范:“某某”应为“某” => 某\n"
                 "2:34 «某某» t.usage: 用词不规范:“某某”应为“某” => 某\n"
                 "4:18 «XX» t.usage: 占位符XX => 某\n"
                 "4:26 «XXX» t.usage: 占位符XXX => 某\n"
                 "10:5 «整改成果» t.usage: 用词不规范:“整改成果”应为“整改成效” => 整改成效\n"
                 "12:3 «某某» t.usage: 用词不规范:“某某”应为“某” => 某\n");
}

Test(forbid, document_scope_matches_across_lines)
{
    load("rules:\n"
         "  - id: t.cross\n"
         "    kind: forbid\n"
         "    severity: info\n"
         "    message: 跨行\n"
         "    patterns: '成果。\\n欢迎'\n");
    expect_check(notice, "10:7 «成果。\n欢迎» t.cross: 跨行\n");
}

Test(forbid, empty_matches_advance_one_character)
{
    load("rules:\n"
         "  - id: t.empty\n"
         "    kind: forbid\n"
         "    severity: info\n"
         "    scope: title\n"
         "    message: 此处[{match}]\n"
         "    patterns: '(?=某)|通报\\K'\n");
    expect_check(notice,
                 "1:3 «» t.empty: 此处[]\n"
                 "1:4 «» t.empty: 此处[]\n"
                 "1:25 «» t.empty: 此处[]\n");
}

Test(forbid, findings_are_capped_per_rule)
{
    load("rules:\n"
         "  - id: t.every\n"
         "    kind: forbid\n"
         "    severity: info\n"
         "    message: x\n"
         "    patterns: 'a'\n");
    char *text = malloc(5001);
    memset(text, 'a', 5000);
    text[5000] = '\0';
    char *got = check(text);
    size_t lines = 0;
    for (const char *p = got; *p; p++)
        lines += *p == '\n';
    cr_assert_eq(lines, 1001, "%zu lines", lines);
    cr_assert(strstr(got, "engine.finding-limit: rule 't.every' found 5000 problems"),
              "%.300s", got);
    free(got);
    free(text);
}

Test(forbid, nested_sections_report_a_match_once)
{
    load("rules:\n"
         "  - id: t.sec\n"
         "    kind: forbid\n"
         "    severity: info\n"
         "    scope: section\n"
         "    message: '{match}'\n"
         "    patterns: 学习\n");
    expect_check(notice,
                 "7:6 «学习» t.sec: 学习\n"
                 "7:21 «学习» t.sec: 学习\n");
}

Test(forbid, no_match_no_finding)
{
    load("rules:\n"
         "  - id: t.none\n"
         "    kind: forbid\n"
         "    severity: error\n"
         "    scope: paragraph\n"
         "    message: x\n"
         "    patterns: [不存在的词]\n");
    expect_check(notice, "");
}

static const nl_ynode *override_node;

static const nl_ynode *override(const char *id, void *ctx)
{
    (void)ctx;
    return strcmp(id, "t.override") == 0 ? override_node : NULL;
}

Test(forbid, configuration_override_replaces_patterns)
{
    nl_ydoc *y = NULL;
    const char *o = "patterns: 下一步\nseverity: info\n";
    cr_assert_eq(nl_yload("c.yaml", o, strlen(o), NULL, &y, &err), NL_OK);
    override_node = nl_yroot(y);
    cr_assert_eq(load_with("rules:\n"
                           "  - id: t.override\n"
                           "    kind: forbid\n"
                           "    severity: error\n"
                           "    message: 含“{match}”\n"
                           "    patterns: 某某\n",
                           override, NULL),
                 NL_OK, "%s", err.text);
    expect_check(notice, "9:3 «下一步» t.override: 含“下一步”\n");
    cr_assert_eq(set.rules[0].severity, NL_SEV_INFO);
    nl_yfree(y);
}

/* ---- loading ---- */

Test(forbid, missing_patterns)
{
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: forbid\n"
               "    severity: error\n"
               "    message: x\n",
               2, 5, "rule 't.bad': missing key 'patterns'");
}

Test(forbid, patterns_must_be_patterns)
{
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: forbid\n"
               "    severity: error\n"
               "    message: x\n"
               "    patterns: {a: b}\n",
               6, 15, "'patterns' must be a pattern or a non-empty list");
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: forbid\n"
               "    severity: error\n"
               "    message: x\n"
               "    patterns: []\n",
               6, 15, "'patterns' must be a pattern or a non-empty list");
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: forbid\n"
               "    severity: error\n"
               "    message: x\n"
               "    patterns:\n"
               "      - ok\n"
               "      - [nested]\n",
               8, 9, "a pattern must be a string");
}

Test(forbid, bad_pattern_entries)
{
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: forbid\n"
               "    severity: error\n"
               "    message: x\n"
               "    patterns:\n"
               "      - {suggestion: b}\n",
               7, 9, "a pattern entry needs 'pattern'");
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: forbid\n"
               "    severity: error\n"
               "    message: x\n"
               "    patterns:\n"
               "      - {pattern: a, sugestion: b}\n",
               7, 22, "unknown key 'sugestion' in a pattern entry");
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: forbid\n"
               "    severity: error\n"
               "    message: x\n"
               "    patterns:\n"
               "      - {pattern: a, message: [b]}\n",
               7, 31, "'message' must be a string");
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: forbid\n"
               "    severity: error\n"
               "    message: x\n"
               "    patterns:\n"
               "      - {pattern: 'a)', message: b}\n",
               7, 19, "unmatched closing parenthesis");
}

Test(forbid, bad_regex_at_its_scalar)
{
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: forbid\n"
               "    severity: error\n"
               "    message: x\n"
               "    patterns: ['a', 'b(']\n",
               6, 21, "rule 't.bad': ");
    cr_assert(strstr(err.text, "missing closing parenthesis"), "%s", err.text);
}

Test(forbid, unknown_key)
{
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: forbid\n"
               "    severity: error\n"
               "    message: x\n"
               "    pattern: a\n",
               6, 5, "unknown key 'pattern'");
}

Test(forbid, examples_are_checked)
{
    load("rules:\n"
         "  - id: t.ok\n"
         "    kind: forbid\n"
         "    severity: error\n"
         "    message: x\n"
         "    patterns: ['[XＸ]{2,}', '×{2,}']\n"
         "    examples: {match: ['由XX同志负责', '××次'], no_match: ['陈某同志']}\n");
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: forbid\n"
               "    severity: error\n"
               "    message: x\n"
               "    patterns: ['[XＸ]{2,}']\n"
               "    examples:\n"
               "      match: ['XX']\n"
               "      no_match: ['某某', 'ＸＸ同志']\n",
               9, 24, "example \"ＸＸ同志\" should not match the rule");
    load_fails("rules:\n"
               "  - id: t.bad2\n"
               "    kind: forbid\n"
               "    severity: error\n"
               "    message: x\n"
               "    patterns: ['[XＸ]{2,}']\n"
               "    examples:\n"
               "      match: [陈某]\n",
               8, 15, "example \"陈某\" should match the rule");
}
