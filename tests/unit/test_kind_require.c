/*
 * test_kind_require.c — the `require` kind: too few matches reported at the
 * first instance (or the document start when the scope has none), too
 * many at the match after `max`, per document or per instance; the
 * patterns count as one alternation; {count} {min} {max}; load errors for
 * min, max and per; examples.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "notice.h"
#include "rules.h"
#include "kindtest.h"

TestSuite(require, .init = setup, .fini = teardown);

/* The sample notice of kindtest.h: lines 1-13. */
static const char notice[] = KT_SAMPLE_NOTICE;

/* The same notice without its contact block. */
static const char no_contact[] =
    "中共某某街道工作委员会关于巡察整改进展情况的通报\n"
    "根据市委统一部署,2023年3月7日至4月14日,市委第五巡察组对某某街道进行了巡察。\n"
    "一、整改工作的组织领导\n"
    "街道党工委成立整改工作领导小组。\n";

/* ---- running ---- */

static const char email_rule[] =
    "rules:\n"
    "  - id: t.email\n"
    "    kind: require\n"
    "    severity: warning\n"
    "    scope: contact\n"
    "    message: 联系方式中没有电子邮箱({count}/{min}/[{max}])\n"
    "    patterns: ['[\\w.-]+@[\\w-]+(?:\\.[\\w-]+)+']\n";

Test(require, too_few_at_the_first_instance)
{
    load(email_rule);
    expect_check(notice, "11:1 «欢迎广大干部群众对巡察整改落实情况进行监督。联系电话:0769-22907133。» "
                         "t.email: 联系方式中没有电子邮箱(0/1/[])\n");
}

Test(require, satisfied)
{
    load(email_rule);
    expect_check("中共某某街道工作委员会关于巡察整改进展情况的通报\n"
                 "一、整改工作\n"
                 "持续巩固整改成果。\n"
                 "欢迎广大干部群众进行监督。联系电话:0769-22907133;电子邮箱:a@b.cn。\n",
                 "");
}

Test(require, no_instance_reports_at_document_start)
{
    load(email_rule);
    expect_check(no_contact, "1:1 «» t.email: 联系方式中没有电子邮箱(0/1/[])\n");
}

Test(require, too_many_at_the_match_after_max)
{
    load("rules:\n"
         "  - id: t.many\n"
         "    kind: require\n"
         "    severity: info\n"
         "    message: “{match}”出现{count}次,应为{min}到{max}次\n"
         "    patterns: '(?<who>某某)'\n"
         "    min: 0\n"
         "    max: 1\n"
         "    suggestion: '{who}'\n");
    /* 某某 in the title, the preamble and the signature: the second one is
     * reported, with the total count. */
    expect_check(notice, "2:34 «某某» t.many: “某某”出现3次,应为0到1次 => 某某\n");
}

Test(require, max_equal_to_count_is_fine)
{
    load("rules:\n"
         "  - id: t.many\n"
         "    kind: require\n"
         "    severity: info\n"
         "    message: x\n"
         "    patterns: 某某\n"
         "    max: 3\n");
    expect_check(notice, "");
}

Test(require, patterns_count_as_one_alternation)
{
    /* 联系电话 and 电话 overlap: one match, not two. */
    load("rules:\n"
         "  - id: t.alt\n"
         "    kind: require\n"
         "    severity: info\n"
         "    scope: contact\n"
         "    message: '{count}'\n"
         "    patterns: [电话, 联系电话, '\\d{4}-\\d+']\n"
         "    min: 3\n");
    expect_check(notice, "11:1 «欢迎广大干部群众对巡察整改落实情况进行监督。联系电话:0769-22907133。» "
                         "t.alt: 2\n");
}

Test(require, interleaved_patterns_are_all_counted)
{
    load("rules:\n"
         "  - id: t.count\n"
         "    kind: require\n"
         "    severity: info\n"
         "    message: '{count}'\n"
         "    patterns: [整改, 巡察, 不存在]\n"
         "    min: 11\n");
    expect_check(notice, "1:1 «" "中共某某街道工作委员会关于巡察整改进展情况的通报\n"
                         "根据市委统一部署,2023年3月7日至4月14日,市委第五巡察组对某某街道进行了巡察。\n"
                         "一、整改工作的组织领导\n"
                         "街道党工委成立整改工作领导小组,由XX同志任组长,XXX同志任副组长。\n"
                         "二、整改落实情况\n"
                         "(一)关于政治建设方面\n"
                         "1.针对“学习不深入”问题。一是组织专题学习××次。二是开展研讨。\n"
                         "2.针对“制度不健全”问题。一是修订制度3项。\n"
                         "三、下一步工作\n"
                         "持续巩固整改成果。\n"
                         "欢迎广大干部群众对巡察整改落实情况进行监督。联系电话:0769-22907133。\n"
                         "中共某某街道工作委员会\n"
                         "2024年2月2日» t.count: 10\n");
}

Test(require, empty_matches_count_once_per_position)
{
    load("rules:\n"
         "  - id: t.empty\n"
         "    kind: require\n"
         "    severity: info\n"
         "    scope: signature\n"
         "    message: '{count}'\n"
         "    patterns: ['(?=某)', '(?=某某)']\n"
         "    min: 3\n");
    expect_check(notice, "12:1 «中共某某街道工作委员会» t.empty: 2\n");
}

Test(require, per_instance)
{
    load("rules:\n"
         "  - id: t.enum\n"
         "    kind: require\n"
         "    severity: info\n"
         "    scope: item\n"
         "    per: instance\n"
         "    message: 第{count}项措施\n"
         "    patterns: '[一二三四五六七八九十]是'\n"
         "    max: 1\n"
         "  - id: t.enum2\n"
         "    kind: require\n"
         "    severity: info\n"
         "    scope: item\n"
         "    per: instance\n"
         "    message: 只有{count}项措施,至少{min}项\n"
         "    patterns: '[一二三四五六七八九十]是'\n"
         "    min: 2\n");
    expect_check(notice,
                 "7:27 «二是» t.enum: 第2项措施\n"
                 "8:1 «2.针对“制度不健全”问题。一是修订制度3项。» t.enum2: 只有1项措施,至少2项\n");
}

Test(require, per_instance_without_instances_checks_nothing)
{
    load("rules:\n"
         "  - id: t.email\n"
         "    kind: require\n"
         "    severity: warning\n"
         "    scope: contact\n"
         "    per: instance\n"
         "    message: x\n"
         "    patterns: '@'\n");
    expect_check(no_contact, "");
}

Test(require, per_document_counts_over_all_instances)
{
    load("rules:\n"
         "  - id: t.doc\n"
         "    kind: require\n"
         "    severity: info\n"
         "    scope: item\n"
         "    per: document\n"
         "    message: '{count}'\n"
         "    patterns: '[一二三四五六七八九十]是'\n"
         "    min: 4\n");
    expect_check(notice, "7:1 «1.针对“学习不深入”问题。一是组织专题学习××次。二是开展研讨。» t.doc: 3\n");
}

Test(require, nested_sections_count_a_match_once)
{
    load("rules:\n"
         "  - id: t.sec\n"
         "    kind: require\n"
         "    severity: info\n"
         "    scope: section\n"
         "    message: '{count}'\n"
         "    patterns: 学习\n"
         "    min: 3\n");
    expect_check(notice, "3:1 «一、整改工作的组织领导\n"
                         "街道党工委成立整改工作领导小组,由XX同志任组长,XXX同志任副组长。» "
                         "t.sec: 2\n");
}

Test(require, null_max_is_unlimited)
{
    load("rules:\n"
         "  - id: t.null\n"
         "    kind: require\n"
         "    severity: info\n"
         "    message: '[{max}]'\n"
         "    patterns: 某某\n"
         "    min: 4\n"
         "    max: ~\n");
    char *got = check(notice);
    cr_assert(strstr(got, "t.null: []\n"), "%s", got);
    free(got);
}

/* ---- loading ---- */

Test(require, missing_patterns)
{
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: require\n"
               "    severity: error\n"
               "    message: x\n"
               "    min: 2\n",
               2, 5, "rule 't.bad': missing key 'patterns'");
}

Test(require, bad_min)
{
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: require\n"
               "    severity: error\n"
               "    message: x\n"
               "    patterns: a\n"
               "    min: -1\n",
               7, 10, "'min' must be 0 or more");
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: require\n"
               "    severity: error\n"
               "    message: x\n"
               "    patterns: a\n"
               "    min: one\n",
               7, 10, "'min' must be an integer");
}

Test(require, bad_max)
{
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: require\n"
               "    severity: error\n"
               "    message: x\n"
               "    patterns: a\n"
               "    min: 2\n"
               "    max: 1\n",
               8, 10, "'max' (1) must not be less than 'min' (2)");
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: require\n"
               "    severity: error\n"
               "    message: x\n"
               "    patterns: a\n"
               "    max: 0\n",
               7, 10, "'max' (0) must not be less than 'min' (1)");
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: require\n"
               "    severity: error\n"
               "    message: x\n"
               "    patterns: a\n"
               "    max: [3]\n",
               7, 10, "'max' must be an integer");
}

Test(require, bad_per)
{
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: require\n"
               "    severity: error\n"
               "    message: x\n"
               "    patterns: a\n"
               "    per: paragraph\n",
               7, 10, "'per' must be 'document' or 'instance'");
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: require\n"
               "    severity: error\n"
               "    message: x\n"
               "    patterns: a\n"
               "    per: {a: 1}\n",
               7, 10, "'per' must be a string");
}

Test(require, examples_are_checked)
{
    load("rules:\n"
         "  - id: t.ok\n"
         "    kind: require\n"
         "    severity: error\n"
         "    message: x\n"
         "    patterns: ['\\d{3,4}-\\d{7,8}', '12388']\n"
         "    examples: {match: ['电话0769-22907133', '12388'], no_match: ['电话22907133']}\n");
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: require\n"
               "    severity: error\n"
               "    message: x\n"
               "    patterns: '12388'\n"
               "    examples: {no_match: ['x', '电话12388']}\n",
               7, 32, "example \"电话12388\" should not match the rule");
}
