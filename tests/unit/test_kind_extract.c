/*
 * test_kind_extract.c — the `extract` kind: typed facts from named groups
 * (date with the inferred year, integer in any numeral script, decimal with
 * full-width digits, text), first value wins, scopes, the facts feeding
 * other rules, validation errors and examples.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "notice.h"
#include "rules.h"
#include "testutil.h"
#include "kindtest.h"

TestSuite(extract, .init = setup, .fini = teardown);

/* A count rule that fires whenever `stated` is set and nonzero, showing
 * the extracted facts through its message. */
#define SHOW(stated, msg)                                                    \
    "  - id: show\n"                                                         \
    "    kind: count\n"                                                      \
    "    severity: info\n"                                                   \
    "    message: '" msg "'\n"                                               \
    "    stated: " stated "\n"                                               \
    "    counted: structure.items\n"

static const char *const doc1 =
    "一、整改情况\n"
    "共收到问题线索三十二条,涉及金额１２．５万元,另有７件。\n"
    "2023年3月7日至4月14日开展专项检查,责任单位为综合办。截至2024-02底完成。\n";

Test(extract, typed_values)
{
    expect("rules:\n"
           "  - id: ex.counts\n"
           "    kind: extract\n"
           "    pattern: '线索(?<clues>\\S+?)条,涉及金额(?<money>\\S+?)万元,另有(?<cases>\\S+?)件'\n"
           "    facts: {clues: integer, money: decimal, cases: integer}\n"
           "  - id: ex.dates\n"
           "    kind: extract\n"
           "    pattern: '至(?<end_date>\\S+?日)开展.*责任单位为(?<unit>[^。]+)。截至(?<asof>\\d{4}-\\d{2})'\n"
           "    facts: {end_date: date, unit: text, asof: date}\n"
           SHOW("clues", "{clues}|{money}|{cases}|{end_date}|{unit}|{asof}"),
           doc1, "2:8 show: 32|12.5|7|2023-04-14|综合办|2024-02\n");
}

Test(extract, unreadable_values_set_nothing)
{
    expect("rules:\n"
           "  - id: ex.n\n"
           "    kind: extract\n"
           "    pattern: '共收到(?<n>\\S+?)线索|专项(?<d>检查)|金额(?<x>\\S+?)万元'\n"
           "    facts: {n: integer, d: date, x: decimal}\n"
           "  - id: ex.z\n"
           "    kind: extract\n"
           "    pattern: '金额(?<z>\\S+?)万元'\n"
           "    facts: {z: integer}\n"
           SHOW("z", "{z}:{n}|{d}|{x}"),
           "一、整改情况\n"
           "共收到问题线索。金额十二万元。专项检查。\n",
           "2:11 show: 12:{n}|{d}|{x}\n");
}

Test(extract, first_value_wins_and_scope)
{
    const char *doc = "根据部署,对编号7号单位进行了巡察。\n"
                      "一、整改情况\n"
                      "编号8号,编号9号。\n";
    expect("rules:\n"
           "  - id: ex.n\n"
           "    kind: extract\n"
           "    pattern: '编号(?<n>\\d+)号'\n"
           "    facts: {n: integer}\n"
           SHOW("n", "{n}"),
           doc, "1:9 show: 7\n");
    expect("rules:\n"
           "  - id: ex.n\n"
           "    kind: extract\n"
           "    scope: paragraph\n"
           "    pattern: '编号(?<n>\\d+)号'\n"
           "    facts: {n: integer}\n"
           "  - id: ex.m\n"
           "    kind: extract\n"
           "    scope: heading\n"
           "    pattern: '编号(?<m>\\d+)号'\n"
           "    facts: {m: integer}\n"
           SHOW("n", "{n} {m}"),
           doc, "1:9 show: 7 {m}\n");
}

Test(extract, an_earlier_rule_wins_for_the_same_name)
{
    expect("rules:\n"
           "  - id: ex.a\n"
           "    kind: extract\n"
           "    pattern: '编号(?<n>9)号'\n"
           "    facts: {n: integer}\n"
           "  - id: ex.b\n"
           "    kind: extract\n"
           "    pattern: '编号(?<n>8)号'\n"
           "    facts: {n: integer}\n"
           SHOW("n", "{n}"),
           "一、整改情况\n编号8号,编号9号。\n", "2:8 show: 9\n");
}

Test(extract, optional_groups_that_did_not_take_part)
{
    expect("rules:\n"
           "  - id: ex.a\n"
           "    kind: extract\n"
           "    pattern: '编号(?<n>\\d+)号(?:,备注(?<note>[^。]+))?'\n"
           "    facts: {n: integer, note: text}\n"
           SHOW("n", "{n} {note}"),
           "一、整改情况\n编号8号。编号9号,备注无。\n", "2:3 show: 8 无\n");
}

Test(extract, empty_groups_set_nothing)
{
    expect("rules:\n"
           "  - id: ex.a\n"
           "    kind: extract\n"
           "    pattern: '编号(?<n>\\d*)号'\n"
           "    facts: {n: integer}\n"
           SHOW("n", "{n}"),
           "一、整改情况\n编号号,编号5号。\n", "2:7 show: 5\n");
}

Test(extract, examples)
{
    expect_loads("rules:\n"
                 "  - id: ex.ok\n"
                 "    kind: extract\n"
                 "    pattern: '编号(?<n>\\d+)号'\n"
                 "    facts: {n: integer}\n"
                 "    examples: {match: ['编号3号'], no_match: ['编号三']}\n");
}

#define BAD(extra)                                                           \
    "rules:\n"                                                               \
    "  - id: ex.bad\n"                                                       \
    "    kind: extract\n" extra

Test(extract, validation_errors)
{
    expect_error(BAD("    facts: {n: integer}\n"), "rule 'ex.bad': missing key 'pattern'",
                 2, 5);
    expect_error(BAD("    pattern: ['(?<n>a)', '(?<n>b)']\n    facts: {n: integer}\n"),
                 "'pattern' takes exactly one pattern", 4, 14);
    expect_error(BAD("    pattern: '(?<n>a'\n    facts: {n: integer}\n"),
                 "rule 'ex.bad': ", 4, 14);
    expect_error(BAD("    pattern: '(?<n>a)'\n"), "missing key 'facts'", 2, 5);
    expect_error(BAD("    pattern: '(?<n>a)'\n    facts: [n]\n"),
                 "'facts' must be a mapping of fact names to types", 5, 12);
    expect_error(BAD("    pattern: '(?<n>a)'\n    facts: {}\n"),
                 "'facts' must be a mapping", 5, 12);
    expect_error(BAD("    pattern: '(?<feedback_date>a)'\n    facts: {feedback_date: date}\n"),
                 "fact 'feedback_date' is provided by the parser", 5, 13);
    expect_error(BAD("    pattern: '(?<n>a)'\n    facts: {n: integer, a.b: text}\n"),
                 "invalid fact name 'a.b' (no '.' allowed)", 5, 25);
    expect_error(BAD("    pattern: '(?<n>a)'\n    facts: {n: integer, m: text}\n"),
                 "the pattern has no group named 'm'", 5, 25);
    expect_error(BAD("    pattern: '(?<n>a)'\n    facts: {n: number}\n"),
                 "unknown type 'number' for fact 'n' (expected date, integer, "
                 "decimal or text)", 5, 16);
    expect_error(BAD("    pattern: '(?<n>a)'\n    facts: {n: [date]}\n"),
                 "unknown type '' for fact 'n'", 5, 16);
    expect_error(BAD("    pattern: '(?<n>a)'\n    facts: {n: text}\n"
                     "    examples: {match: ['b']}\n"),
                 "example \"b\" should match the rule but does not", 6, 24);
    expect_error(BAD("    pattern: '(?<n>a)'\n    facts: {n: text}\n"
                     "    examples: {no_match: ['cab']}\n"),
                 "example \"cab\" should not match the rule but does", 6, 27);
}
