/*
 * test_kind_unique.c — the `unique` kind: each repeat of an earlier
 * `value` (spaces ignored by default) is reported at the repeat with
 * {value} as written and {first_line}; blank or absent values are
 * skipped; thousands of values; load errors (the `value` group is
 * required); examples are refused.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "notice.h"
#include "rules.h"
#include "kindtest.h"

TestSuite(unique, .init = setup, .fini = teardown);

/* ---- running ---- */

static const char titles[] =
    "某某单位关于巡察整改情况的通报\n"            /* 1 */
    "一、整改落实情况\n"                          /* 2 */
    "1.针对“学习不深入”问题。一是组织学习。\n"    /* 3 */
    "2.针对“制度不健全”问题。一是修订制度。\n"    /* 4 */
    "3.针对“学习 不深入”问题。一是开展研讨。\n"   /* 5: a space */
    "4.针对“学习　不深入”问题。一是开展谈话。\n"  /* 6: U+3000 */
    "5.针对“制度不健全”问题。一是完善机制。\n"    /* 7 */
    "二、下一步工作\n"                            /* 8 */
    "持续巩固整改成果。\n";                       /* 9 */

Test(unique, repeats_point_at_the_first_line)
{
    load("rules:\n"
         "  - id: t.dup\n"
         "    kind: unique\n"
         "    severity: warning\n"
         "    scope: item\n"
         "    message: 第{num}项问题标题“{value}”与第{first_line}行重复\n"
         "    pattern: '^(?<num>\\d+)\\.针对“(?<value>[^”]+)”'\n");
    expect_check(titles,
                 "5:6 «学习 不深入» t.dup: 第3项问题标题“学习 不深入”与第3行重复\n"
                 "6:6 «学习　不深入» t.dup: 第4项问题标题“学习　不深入”与第3行重复\n"
                 "7:6 «制度不健全» t.dup: 第5项问题标题“制度不健全”与第4行重复\n");
}

Test(unique, ignore_space_false_compares_as_written)
{
    load("rules:\n"
         "  - id: t.dup\n"
         "    kind: unique\n"
         "    severity: warning\n"
         "    scope: heading\n"
         "    message: “{value}”重复(第{first_line}行)\n"
         "    pattern: '“(?<value>[^”]+)”'\n"
         "    ignore_space: false\n");
    expect_check(titles, "7:6 «制度不健全» t.dup: “制度不健全”重复(第4行)\n");
}

Test(unique, every_match_in_every_instance)
{
    /* Document scope, several matches per line: 学习 at 3 (twice: 学习不深入,
     * 组织学习), 5, 6. */
    load("rules:\n"
         "  - id: t.word\n"
         "    kind: unique\n"
         "    severity: info\n"
         "    message: '{value}@{first_line}'\n"
         "    pattern: '(?<value>学习)'\n");
    expect_check(titles,
                 "3:19 «学习» t.word: 学习@3\n"
                 "5:6 «学习» t.word: 学习@3\n"
                 "6:6 «学习» t.word: 学习@3\n");
}

Test(unique, nested_sections_see_a_value_once)
{
    load("rules:\n"
         "  - id: t.sec\n"
         "    kind: unique\n"
         "    severity: info\n"
         "    scope: section\n"
         "    message: '{value}@{first_line}'\n"
         "    pattern: '(?<value>制度)'\n");
    expect_check(titles,
                 "4:19 «制度» t.sec: 制度@4\n"
                 "7:6 «制度» t.sec: 制度@4\n");
}

Test(unique, value_that_did_not_take_part_or_is_blank_is_skipped)
{
    load("rules:\n"
         "  - id: t.skip\n"
         "    kind: unique\n"
         "    severity: info\n"
         "    scope: paragraph\n"
         "    message: '[{value}]'\n"
         "    pattern: '学习(?<value>[ 　]*)不深入'\n");
    expect_check(titles, "");
    nl_ruleset_free(&set);
    load("rules:\n"
         "  - id: t.skip2\n"
         "    kind: unique\n"
         "    severity: info\n"
         "    scope: paragraph\n"
         "    message: '[{value}]'\n"
         "    pattern: '(?:一是|(?<value>修订))'\n");
    expect_check(titles, "");
}

Test(unique, many_values)
{
    load("rules:\n"
         "  - id: t.many\n"
         "    kind: unique\n"
         "    severity: info\n"
         "    scope: paragraph\n"
         "    message: '{value}@{first_line}'\n"
         "    pattern: '编号(?<value>\\d+)'\n");
    size_t cap = 200000, len = 0;
    char *text = malloc(cap);
    len += (size_t)snprintf(text + len, cap - len, "某某单位关于巡察整改情况的通报\n一、情况\n");
    for (int i = 0; i < 3000; i++)
        len += (size_t)snprintf(text + len, cap - len, "编号%d。\n", i);
    snprintf(text + len, cap - len, "又见编号1234。\n");
    expect_check(text, "3003:5 «1234» t.many: 1234@1237\n");
    free(text);
}

/* ---- loading ---- */

Test(unique, missing_pattern)
{
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: unique\n"
               "    severity: error\n"
               "    message: x\n",
               2, 5, "rule 't.bad': missing key 'pattern'");
}

Test(unique, pattern_needs_value_group)
{
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: unique\n"
               "    severity: error\n"
               "    message: x\n"
               "    pattern: '“(?<title>[^”]+)”'\n",
               6, 14, "rule 't.bad': pattern needs a named group (?<value>...)");
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: unique\n"
               "    severity: error\n"
               "    message: x\n"
               "    pattern: ['(?<value>a)']\n",
               6, 14, "a pattern must be a string");
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: unique\n"
               "    severity: error\n"
               "    message: x\n"
               "    pattern: '(?<value>a'\n",
               6, 14, "missing closing parenthesis");
}

Test(unique, bad_ignore_space)
{
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: unique\n"
               "    severity: error\n"
               "    message: x\n"
               "    pattern: '(?<value>a)'\n"
               "    ignore_space: sometimes\n",
               7, 19, "'ignore_space' must be true or false");
}

Test(unique, examples_are_refused)
{
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: unique\n"
               "    severity: error\n"
               "    message: x\n"
               "    pattern: '(?<value>a)'\n"
               "    examples: {match: [aa]}\n",
               7, 15, "examples are not supported for kind unique");
}
