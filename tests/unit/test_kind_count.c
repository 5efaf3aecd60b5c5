/*
 * test_kind_count.c — the `count` kind: a stated count against a counted
 * one (stated_counts.problems vs structure.items), missing values, where
 * findings land, validation errors, and the real notices (skipped when
 * ../shared/seeds is absent).
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

TestSuite(count, .init = setup, .fini = teardown);

#define RULES                                                                \
    "rules:\n"                                                               \
    "  - id: count.problems\n"                                               \
    "    kind: count\n"                                                      \
    "    severity: warning\n"                                                \
    "    message: '文中称{stated}项,实有{counted}项({stated_name}/{counted_name})'\n" \
    "    stated: stated_counts.problems\n"                                   \
    "    counted: structure.items\n"                                         \
    "  - id: count.aspects\n"                                                \
    "    kind: count\n"                                                      \
    "    severity: warning\n"                                                \
    "    message: '{stated}个方面/{counted}'\n"                              \
    "    stated: stated_counts.aspects\n"                                    \
    "    counted: structure.aspects\n"

#define ITEMS                                                                \
    "二、问题整改情况\n"                                                     \
    "（一）关于甲方面\n"                                                     \
    "1.针对“甲问题”的问题。一是整改。\n"                                   \
    "2.针对“乙问题”的问题。一是整改。\n"

Test(count, stated_differs_from_structure)
{
    expect(RULES,
           "一、整改工作情况\n"
           "针对巡察组反馈的2个方面3个问题,制定整改措施10条。\n" ITEMS,
           "2:9 count.aspects: 2个方面/1\n"
           "2:13 count.problems: 文中称3项,实有2项(stated_counts.problems/"
           "structure.items)\n");
}

Test(count, agreeing_counts)
{
    expect(RULES,
           "一、整改工作情况\n"
           "针对巡察组反馈的1个方面2个问题,制定整改措施10条。\n" ITEMS,
           "");
}

Test(count, nothing_stated_nothing_reported)
{
    expect(RULES, "一、整改工作情况\n已制定整改措施10条。\n" ITEMS, "");
}

Test(count, extracted_facts_and_document_start)
{
    /* An extracted count, and a counted side without a span: the finding
     * goes to the stated value; a stated side without a span goes to the
     * start of the document. */
    expect("rules:\n"
           "  - id: ex\n"
           "    kind: extract\n"
           "    pattern: '共(?<n>[一二三四五六七八九十]+)条'\n"
           "    facts: {n: integer}\n"
           "  - id: count.n\n"
           "    kind: count\n"
           "    severity: info\n"
           "    message: '{stated}≠{counted}'\n"
           "    stated: n\n"
           "    counted: structure.items\n"
           "  - id: count.rev\n"
           "    kind: count\n"
           "    severity: info\n"
           "    message: '{stated}≠{counted}'\n"
           "    stated: structure.items\n"
           "    counted: n\n",
           "某某纪检监察网\n"
           "一、整改工作情况\n"
           "共十二条。\n" ITEMS,
           "2:1 count.rev: 2≠12\n"
           "3:2 count.n: 12≠2\n");
}

#define BAD(extra)                                                           \
    "rules:\n"                                                               \
    "  - id: count.bad\n"                                                    \
    "    kind: count\n"                                                      \
    "    severity: error\n"                                                  \
    "    message: m\n" extra

Test(count, validation_errors)
{
    expect_error(BAD("    counted: structure.items\n"),
                 "rule 'count.bad': missing key 'stated'", 2, 5);
    expect_error(BAD("    stated: stated_counts.problems\n"), "missing key 'counted'", 2, 5);
    expect_error(BAD("    stated: [a]\n    counted: b\n"), "'stated' must be a string",
                 6, 13);
    expect_error(BAD("    stated: a\n    counted: 'b c'\n"), "invalid fact name 'b c'",
                 7, 14);
    expect_error(BAD("    stated: a\n    counted: b\n    count: c\n"),
                 "unknown key 'count'", 8, 5);
    expect_error(BAD("    stated: a\n    counted: b\n    examples: {match: ['x']}\n"),
                 "examples are not supported for kind count", 8, 15);
}

/* ---- the real notices: every stated count agrees with the structure ---- */

static void expect_seed_clean(const char *prefix)
{
    char *got = run_seed(RULES, prefix);
    cr_expect_str_eq(got, "", "%s: got:\n%s", prefix, got);
    free(got);
}

Test(count, seed_000) { expect_seed_clean("000_"); }
Test(count, seed_001) { expect_seed_clean("001_"); }
Test(count, seed_002) { expect_seed_clean("002_"); }
Test(count, seed_003_seven_aspects_32_problems) { expect_seed_clean("003_"); }
Test(count, seed_004_eleven_problems) { expect_seed_clean("004_"); }
