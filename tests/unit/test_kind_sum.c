/*
 * test_kind_sum.c — the `sum` kind in its three modes: a total and its
 * bracketed breakdown in the text (政务处分3人(记大过1人,记过2人)), a total
 * fact and part facts, and a stated percentage against numerator and
 * denominator; tolerance, unreadable numbers, examples, validation errors
 * and the real notice 001 (skipped when ../shared/seeds is absent).
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

TestSuite(sum, .init = setup, .fini = teardown);

#define DISCIPLINE(extra)                                                    \
    "rules:\n"                                                               \
    "  - id: sum.discipline\n"                                               \
    "    kind: sum\n"                                                        \
    "    severity: error\n"                                                  \
    "    message: '{kind}{total}人,分项合计{sum}人:{match}'\n"               \
    "    pattern: '(?<kind>政务处分|党纪处分)(?<total>\\d+|[一二三四五六七八九十]+)人" \
    "[（(](?<parts>[^）)]*)[）)]'\n"                                          \
    "    part: '(?<value>\\d+|[一二三四五六七八九十]+)人'\n" extra

Test(sum, pattern_mode)
{
    expect(DISCIPLINE(""),
           "一、整改情况\n"
           "给予党纪处分1人;政务处分3人(记大过1人,记过1人);提醒谈话18人。\n"
           "政务处分三人（记大过一人，记过二人）。\n"
           "政务处分5人（记过１人，警告２人）。\n",
           "2:10 sum.discipline: 政务处分3人,分项合计2人:政务处分3人(记大过1人,记过1人)\n"
           "4:1 sum.discipline: 政务处分5人,分项合计3人:政务处分5人（记过１人，警告２人）\n");
}

Test(sum, pattern_mode_tolerance)
{
    expect(DISCIPLINE("    tolerance: 1\n"),
           "一、整改情况\n"
           "政务处分3人(记大过1人,记过1人);政务处分5人(记过2人)。\n",
           "2:20 sum.discipline: 政务处分5人,分项合计2人:政务处分5人(记过2人)\n");
}

Test(sum, pattern_mode_without_readable_parts)
{
    expect("rules:\n"
           "  - id: sum.t\n"
           "    kind: sum\n"
           "    severity: error\n"
           "    message: '{total}/{sum}'\n"
           "    pattern: '处分(?<total>\\S+?)人(?:[（(](?<parts>[^）)]*)[）)])?'\n"
           "    part: '(?<value>[\\d若干多]+)人'\n",
           "一、整改情况\n"
           "处分3人(记过若干人,警告1人)。处分2人(另行说明)。处分4人。处分五十五人(警告1人)。\n"
           "处分多人(警告1人)。\n",
           "2:34 sum.t: 55/1\n");
}

Test(sum, pattern_mode_decimals)
{
    expect("rules:\n"
           "  - id: sum.funds\n"
           "    kind: sum\n"
           "    severity: warning\n"
           "    message: '{total}≠{sum}'\n"
           "    pattern: '追回资金(?<total>[\\d.．]+)万元[（(]其中(?<parts>[^）)]*)[）)]'\n"
           "    part: '(?<value>[\\d.．]+)万元'\n",
           "一、整改情况\n"
           "追回资金3.5万元(其中甲1.5万元、乙1万元),追回资金０．３万元(其中甲0.1万元、乙0.2万元)。\n",
           "2:1 sum.funds: 3.5≠2.5\n");
}

#define FACTS                                                                \
    "rules:\n"                                                               \
    "  - id: ex\n"                                                           \
    "    kind: extract\n"                                                    \
    "    pattern: '合计(?<t>\\d+)项,其中甲(?<p1>\\d+)项(?:、乙(?<p2>\\d+)项)?"  \
    "(?:、丙(?<p3>\\d+)项)?'\n"                                               \
    "    facts: {t: integer, p1: integer, p2: integer, p3: integer}\n"       \
    "  - id: sum.facts\n"                                                    \
    "    kind: sum\n"                                                        \
    "    severity: warning\n"                                                \
    "    message: '合计{total},分项{sum}'\n"                                 \
    "    total: t\n"                                                         \
    "    parts: [p1, p2, p3]\n"

Test(sum, fact_mode)
{
    expect(FACTS, "一、情况\n合计10项,其中甲3项、乙4项。\n",
           "2:3 sum.facts: 合计10,分项7\n");
    expect(FACTS "    require_all: true\n", "一、情况\n合计10项,其中甲3项、乙4项。\n", "");
    expect(FACTS, "一、情况\n合计10项,其中甲3项、乙4项、丙3项。\n", "");
    expect(FACTS "    require_all: true\n",
           "一、情况\n合计11项,其中甲3项、乙4项、丙3项。\n",
           "2:3 sum.facts: 合计11,分项10\n");
    expect(FACTS "    tolerance: 1\n",
           "一、情况\n合计11项,其中甲3项、乙4项、丙3项。\n", "");
}

Test(sum, fact_mode_missing_values)
{
    /* No total, or no part at all: nothing to compare. */
    expect("rules:\n"
           "  - id: sum.facts\n"
           "    kind: sum\n"
           "    severity: warning\n"
           "    message: m\n"
           "    total: stated_counts.problems\n"
           "    parts: [stated_counts.completed, stated_counts.in_progress]\n",
           "一、情况\n反馈的问题已经整改。\n", "");
}

#define RATIO                                                                \
    "rules:\n"                                                               \
    "  - id: ex\n"                                                           \
    "    kind: extract\n"                                                    \
    "    pattern: '完成率(?<pct>[\\d.]+)%,完成(?<done>\\d+)项,共(?<all>\\d+)项'\n" \
    "    facts: {pct: decimal, done: integer, all: integer}\n"               \
    "  - id: sum.rate\n"                                                     \
    "    kind: sum\n"                                                        \
    "    severity: warning\n"                                                \
    "    message: '{percent}% ≠ {numerator}/{denominator} = {computed}%'\n"  \
    "    percent: pct\n"                                                     \
    "    numerator: done\n"                                                  \
    "    denominator: all\n"

Test(sum, ratio_mode)
{
    expect(RATIO, "一、情况\n完成率80%,完成8项,共9项。\n",
           "2:4 sum.rate: 80% ≠ 8/9 = 88.89%\n");
    expect(RATIO, "一、情况\n完成率88.9%,完成8项,共9项。\n", "");
    expect(RATIO, "一、情况\n完成率89%,完成8项,共9项。\n", ""); /* within 0.5 */
    expect(RATIO "    tolerance: 0\n", "一、情况\n完成率89%,完成8项,共9项。\n",
           "2:4 sum.rate: 89% ≠ 8/9 = 88.89%\n");
    expect(RATIO, "一、情况\n完成率0%,完成0项,共0项。\n", "");
}

Test(sum, examples)
{
    expect_loads(DISCIPLINE("    examples:\n"
                            "      match: ['政务处分3人(记过1人)']\n"
                            "      no_match: ['政务处分1人(记过1人)', '政务处分3人']\n"));
    expect_error(DISCIPLINE("    examples: {match: ['政务处分2人(记过1人,警告1人)']}\n"),
                 "example \"政务处分2人(记过1人,警告1人)\" should match the rule but "
                 "does not", 8, 24);
}

#define BAD(extra)                                                           \
    "rules:\n"                                                               \
    "  - id: sum.bad\n"                                                      \
    "    kind: sum\n"                                                        \
    "    severity: error\n"                                                  \
    "    message: m\n" extra

Test(sum, validation_errors)
{
    const char *modes = "sum needs exactly one of: 'pattern' and 'part'; 'total' "
                        "and 'parts'; 'percent', 'numerator' and 'denominator'";
    expect_error(BAD(""), modes, 2, 5);
    expect_error(BAD("    total: a\n    parts: [b]\n    percent: c\n"), modes, 2, 5);
    expect_error(BAD("    part: '(?<value>\\d)'\n    parts: [b]\n"), modes, 2, 5);
    expect_error(BAD("    pattern: '(?<total>\\d)(?<parts>.*)'\n"),
                 "rule 'sum.bad': missing key 'part'", 2, 5);
    expect_error(BAD("    pattern: '(?<total>\\d)(?<rest>.*)'\n    part: '(?<value>1)'\n"),
                 "'pattern' needs the named groups 'total' and 'parts'", 6, 14);
    expect_error(BAD("    pattern: '(?<total>\\d)(?<parts>.*)'\n    part: '(?<v>1)'\n"),
                 "'part' needs the named group 'value'", 7, 11);
    expect_error(BAD("    pattern: ['(?<total>\\d)(?<parts>.*)', 'x']\n"
                     "    part: '(?<value>1)'\n"),
                 "'pattern' takes exactly one pattern", 6, 14);
    expect_error(BAD("    total: a\n"), "missing key 'parts'", 2, 5);
    expect_error(BAD("    parts: [a]\n"), "missing key 'total'", 2, 5);
    expect_error(BAD("    total: a\n    parts: []\n"),
                 "'parts' must be a string or a non-empty list of strings", 7, 12);
    expect_error(BAD("    total: a\n    parts: [b, 'c d']\n"),
                 "invalid fact name 'c d'", 7, 16);
    expect_error(BAD("    total: 9a\n    parts: [b]\n"), "invalid fact name '9a'", 6, 12);
    expect_error(BAD("    total: a\n    parts: [b]\n    require_all: maybe\n"),
                 "'require_all' must be true or false", 8, 18);
    expect_error(BAD("    percent: a\n    numerator: b\n"),
                 "missing key 'denominator'", 2, 5);
    expect_error(BAD("    percent: a\n    numerator: b\n    denominator: c\n"
                     "    require_all: true\n"),
                 "'require_all' applies only with 'total' and 'parts'", 9, 18);
    expect_error(BAD("    total: a\n    parts: [b]\n    tolerance: -1\n"),
                 "tolerance must not be negative", 8, 16);
    expect_error(BAD("    total: a\n    parts: [b]\n    tolerance: some\n"),
                 "'tolerance' must be a number", 8, 16);
    expect_error(BAD("    total: a\n    parts: [b]\n    examples: {match: ['x']}\n"),
                 "examples are not supported for kind sum without a parser configuration",
                 8, 15);
}

/* ---- the real notice ---- */

Test(sum, seed_001_discipline_adds_up)
{
    size_t len;
    char *text = read_seed("001_", &len);
    char *got = run_bytes(DISCIPLINE(""), text, len);
    cr_expect_str_eq(got, "", "got:\n%s", got);
    free(got);
    /* The same notice with the breakdown altered. */
    char *at = strstr(text, "记过2人");
    cr_assert_not_null(at);
    at[strlen("记过")] = '1';
    got = run_bytes(DISCIPLINE(""), text, len);
    cr_expect_str_eq(got,
                     "2:284 sum.discipline: 政务处分3人,分项合计2人:"
                     "政务处分3人(记大过1人,记过1人)\n",
                     "got:\n%s", got);
    free(got);
    free(text);
}
