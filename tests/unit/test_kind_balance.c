/*
 * test_kind_balance.c — the `balance` kind: the real cases from the seeds
 * (the doubled closer of 000; nested quotes, case numbers and document
 * numbers that must pass; a `（2023)` family pair), unclosed openers,
 * unexpected closers, a closer that closes a deeper opener, per-instance
 * scanning, max_depth, linear time on megabyte lines, load errors for
 * every shape of `pairs`, examples.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "eval.h"
#include "notice.h"
#include "rules.h"
#include "testutil.h"
#include "kindtest.h"

TestSuite(balance, .init = setup, .fini = teardown);

/* ---- running ---- */

static const char pairs_rule[] =
    "rules:\n"
    "  - id: t.bal\n"
    "    kind: balance\n"
    "    severity: warning\n"
    "    scope: line\n"
    "    message: “{char}”{problem}[{expected}]\n"
    "    pairs: ['“”', '‘’', '《》', '〔〕', {open: '（(', close: '）)'}]\n";

/* Wrap body lines in a minimal notice: title, one heading, the lines. */
static char *notice_with(const char *body)
{
    const char *head = "某某单位关于巡察整改情况的通报\n一、整改落实情况\n";
    char *s = malloc(strlen(head) + strlen(body) + 1);
    cr_assert_not_null(s);
    strcpy(s, head);
    strcat(s, body);
    return s;
}

static void expect_body(const char *body, const char *findings)
{
    char *text = notice_with(body);
    expect_check(text, findings);
    free(text);
}

Test(balance, doubled_closer_from_seed_000)
{
    load(pairs_rule);
    expect_body("31.针对“保密责任未严格落实””问题。一是街道保密工作领导小组再次检查涉事部门。\n",
                "3:17 «”» t.bal: “””多余[]\n");
}

Test(balance, correct_texts_are_balanced)
{
    load(pairs_rule);
    expect_body("落实“‘三重一大’决策制度”要求。\n"
                "案号(2023)浙0212诉前调确990号,并于当月出具民事裁定书。\n"
                "印发《实施办法》(滨海湾工委〔2021〕83号)。\n"
                "制定（2023)年度计划,学习《〈条例〉释义》。\n",
                "");
}

Test(balance, unclosed_at_the_end_of_the_instance)
{
    load(pairs_rule);
    expect_body("学习《关于加强巡察整改的通知。\n"
                "开展“回头看”。\n",
                "3:3 «《» t.bal: “《”未闭合[》]\n");
}

Test(balance, instances_are_scanned_separately)
{
    /* A quote opened on one line and closed on the next: both reported. */
    load(pairs_rule);
    expect_body("针对“学习不深入\n"
                "问题”。\n",
                "3:3 «“» t.bal: ““”未闭合[”]\n"
                "4:3 «”» t.bal: “””多余[]\n");
}

Test(balance, closer_of_a_deeper_opener_closes_it)
{
    /* ” closes “ and reports the （ left open inside it. */
    load(pairs_rule);
    expect_body("针对“问题（一”整改。\n", "3:6 «（» t.bal: “（”未闭合[）]\n");
}

Test(balance, unexpected_closer_names_what_the_top_expects)
{
    load(pairs_rule);
    expect_body("针对“问题）一”整改。\n", "3:6 «）» t.bal: “）”多余[”]\n");
}

Test(balance, family_entry_is_one_pair)
{
    load(pairs_rule);
    expect_body("(一)（二)(三）（四）\n", "");
    nl_ruleset_free(&set);
    load("rules:\n"
         "  - id: t.strict\n"
         "    kind: balance\n"
         "    severity: warning\n"
         "    scope: line\n"
         "    message: “{char}”{problem}[{expected}]\n"
         "    pairs: ['()', '（）']\n");
    expect_body("制定（2023)年度计划。\n",
                "3:3 «（» t.strict: “（”未闭合[）]\n"
                "3:8 «)» t.strict: “)”多余[）]\n");
}

Test(balance, nesting_deeper_than_max_depth)
{
    load("rules:\n"
         "  - id: t.deep\n"
         "    kind: balance\n"
         "    severity: warning\n"
         "    scope: line\n"
         "    message: “{char}”{problem}\n"
         "    pairs: ['“”', '‘’']\n"
         "    max_depth: 2\n");
    /* The third opener is reported once and the rest of the line is not
     * scanned (no unclosed or unexpected findings for it). */
    expect_body("“‘“‘”’”’”\n"
                "“‘’”\n",
                "3:3 «“» t.deep: ““”nesting deeper than 2\n");
}

Test(balance, nested_sections_report_once)
{
    load("rules:\n"
         "  - id: t.sec\n"
         "    kind: balance\n"
         "    severity: warning\n"
         "    scope: section\n"
         "    message: “{char}”{problem}\n"
         "    pairs: ['《》']\n");
    expect_check("某某单位关于巡察整改情况的通报\n"
                 "一、整改落实情况\n"
                 "(一)关于政治建设方面\n"
                 "1.针对“学习不深入”问题。学习《条例。\n"
                 "二、下一步工作\n",
                 "4:17 «《» t.sec: “《”未闭合\n");
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A body line of `n` copies of the 3-byte character c. */
static char *long_line(const char *c, size_t n)
{
    char *body = malloc(3 * n + 2);
    cr_assert_not_null(body);
    for (size_t i = 0; i < n; i++)
        memcpy(body + 3 * i, c, 3);
    body[3 * n] = '\n';
    body[3 * n + 1] = '\0';
    return body;
}

static size_t count_lines(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

Test(balance, megabyte_of_openers_is_fast_and_bounded)
{
    load(pairs_rule);
    char *body = long_line("“", 350000);
    char *text = notice_with(body);
    double t0 = seconds();
    char *got = check(text);
    double dt = seconds() - t0;
    cr_assert_str_eq(got, "3:1001 «“» t.bal: ““”nesting deeper than 1000[”]\n");
    cr_assert_lt(dt, 5.0, "took %.2fs", dt);
    free(got);
    free(text);
    free(body);
}

Test(balance, megabyte_of_closers_is_fast_and_capped)
{
    load(pairs_rule);
    char *body = long_line("”", 350000);
    char *text = notice_with(body);
    double t0 = seconds();
    char *got = check(text);
    double dt = seconds() - t0;
    cr_assert_eq(count_lines(got, "t.bal: “””多余[]\n"), 1000, "%.200s", got);
    cr_assert(strstr(got, "1:1 «» engine.finding-limit: rule 't.bal' found 350000 problems"),
              "%.200s", got);
    cr_assert_lt(dt, 5.0, "took %.2fs", dt);
    free(got);
    free(text);
    free(body);
}

Test(balance, deep_stack_then_many_stray_closers_is_linear)
{
    /* 999 open quotes, then 300000 closers of another entry: each closer
     * is unexpected, and finding that out must not walk the stack. */
    load(pairs_rule);
    size_t n = 999, m = 300000;
    char *body = malloc(3 * (n + m) + 2);
    for (size_t i = 0; i < n; i++)
        memcpy(body + 3 * i, "“", 3);
    for (size_t i = 0; i < m; i++)
        memcpy(body + 3 * (n + i), "》", 3);
    strcpy(body + 3 * (n + m), "\n");
    char *text = notice_with(body);
    double t0 = seconds();
    char *got = check(text);
    double dt = seconds() - t0;
    cr_assert(strstr(got, "3:1000 «》» t.bal: “》”多余[”]\n"), "%.200s", got);
    cr_assert_lt(dt, 5.0, "took %.2fs", dt);
    free(got);
    free(text);
    free(body);
}

Test(balance, seeds_have_exactly_the_known_defect)
{
    const char *dir = tu_seeds_dir();
    if (!dir)
        cr_skip_test("../shared/seeds is absent");
    load(pairs_rule);
    static const char *const seeds[] = {
        "000_fc64b2476ec10515.txt", "001_cb89fdfd8ecf1799.txt",
        "002_4f7af5d4d9def7a4.txt", "003_905f32af1f8e2b98.txt",
        "004_c17a44979e59e13d.txt"};
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, seeds[i]);
        char *text = tu_read_file(path, NULL);
        if (!text)
            cr_skip_test("%s is absent", path);
        char *got = check(text);
        cr_assert_str_eq(got, i == 0 ? "89:17 «”» t.bal: “””多余[]\n" : "", "%s", seeds[i]);
        free(got);
        free(text);
    }
}

/* ---- loading ---- */

static void bad_pairs(const char *pairs, int column, const char *text)
{
    char yaml[600];
    snprintf(yaml, sizeof yaml,
             "rules:\n"
             "  - id: t.bad\n"
             "    kind: balance\n"
             "    severity: error\n"
             "    message: x\n"
             "    pairs: %s\n", pairs);
    load_fails(yaml, 6, column, text);
}

Test(balance, missing_pairs)
{
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: balance\n"
               "    severity: error\n"
               "    message: x\n",
               2, 5, "rule 't.bad': missing key 'pairs'");
}

Test(balance, pairs_must_be_a_list)
{
    bad_pairs("'“”'", 12, "'pairs' must be a non-empty list of pairs");
    bad_pairs("[]", 12, "'pairs' must be a non-empty list of pairs");
    bad_pairs("{open: a, close: b}", 12, "'pairs' must be a non-empty list of pairs");
}

Test(balance, a_pair_is_two_characters)
{
    bad_pairs("['“”', '“']", 19, "a pair must be two characters like '“”'");
    bad_pairs("['()', '《》》']", 19, "a pair must be two characters");
    bad_pairs("['']", 13, "a pair must be two characters");
    bad_pairs("[[a, b]]", 13, "a pair must be two characters");
}

Test(balance, a_pair_mapping)
{
    bad_pairs("[{open: '（('}]", 13, "a pair mapping needs 'open' and 'close'");
    bad_pairs("[{open: '（(', close: ''}]", 33, "'close' must be a non-empty string");
    bad_pairs("[{open: [a], close: b}]", 20, "'open' must be a non-empty string");
    bad_pairs("[{open: a, close: b, kind: c}]", 33,
              "unknown key 'kind' in a pair (expected 'open' and 'close')");
}

Test(balance, open_and_close_must_differ)
{
    bad_pairs("['\"\"']", 13, "pair 1 opens and closes with the same character '\"'");
    bad_pairs("['()', {open: '（[', close: '）['}]", 39,
              "pair 2 opens and closes with the same character '['");
    bad_pairs("['()', {open: '（', close: '）)'}]", 38,
              "character ')' is already in pair 1");
}

Test(balance, bad_max_depth)
{
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: balance\n"
               "    severity: error\n"
               "    message: x\n"
               "    pairs: ['()']\n"
               "    max_depth: 0\n",
               7, 16, "'max_depth' must be 1 or more");
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: balance\n"
               "    severity: error\n"
               "    message: x\n"
               "    pairs: ['()']\n"
               "    max_depth: deep\n",
               7, 16, "'max_depth' must be an integer");
}

Test(balance, examples_are_checked)
{
    load("rules:\n"
         "  - id: t.ok\n"
         "    kind: balance\n"
         "    severity: error\n"
         "    message: x\n"
         "    pairs: ['“”', '‘’', {open: '（(', close: '）)'}]\n"
         "    max_depth: 2\n"
         "    examples:\n"
         "      match: ['未严格落实””问题', '“未闭合', '（2023', '“‘“深”’”']\n"
         "      no_match: ['“‘引’”', '（2023)浙0212', '无括号', '']\n");
    load_fails("rules:\n"
               "  - id: t.bad\n"
               "    kind: balance\n"
               "    severity: error\n"
               "    message: x\n"
               "    pairs: ['“”']\n"
               "    examples:\n"
               "      no_match: ['“好”', '“坏']\n",
               8, 25, "example \"“坏\" should not match the rule");
}
