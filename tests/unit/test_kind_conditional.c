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
#include "kindtest.h"

TestSuite(conditional, .init = setup, .fini = teardown);

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
    expect_check(discipline,
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
    expect_check(discipline,
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
    expect_check(discipline,
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
    expect_check("某某单位关于巡察整改情况的通报\n"
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
    expect_check("某某单位关于巡察整改情况的通报\n"
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
