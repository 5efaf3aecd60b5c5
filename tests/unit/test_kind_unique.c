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

TestSuite(unique, .init = setup, .fini = teardown);

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
    expect(titles,
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
    expect(titles, "7:6 «制度不健全» t.dup: “制度不健全”重复(第4行)\n");
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
    expect(titles,
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
    expect(titles,
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
    expect(titles, "");
    nl_ruleset_free(&set);
    load("rules:\n"
         "  - id: t.skip2\n"
         "    kind: unique\n"
         "    severity: info\n"
         "    scope: paragraph\n"
         "    message: '[{value}]'\n"
         "    pattern: '(?:一是|(?<value>修订))'\n");
    expect(titles, "");
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
    expect(text, "3003:5 «1234» t.many: 1234@1237\n");
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
