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

static nl_config *cfg;

static void setup(void)
{
    nl_error err = {0};
    cr_assert_eq(nl_config_load_default(&cfg, &err), NL_OK, "%s", err.text);
}

static void teardown(void)
{
    nl_config_free(cfg);
}

TestSuite(extract, .init = setup, .fini = teardown);

/* Findings of the rules in `yaml` on text[0..len), one line each:
 * "LINE:COL ID: MESSAGE" (+ " => SUGGESTION"); malloc'd, "" if none. */
static char *run_bytes(const char *yaml, const char *text, size_t len)
{
    nl_ruleset set = {0};
    nl_error err = {0};
    cr_assert_eq(nl_rules_load_text(&set, "t.yaml", yaml, strlen(yaml), NULL,
                                    NULL, &err),
                 NL_OK, "%s:%d:%d: %s", err.file, err.line, err.column, err.text);
    nl_doc *doc = NULL;
    nl_notice *nt = NULL;
    cr_assert_eq(nl_doc_load_bytes("doc.txt", text, len, &doc, &err), NL_OK);
    cr_assert_eq(nl_notice_parse(cfg, doc, &nt, &err), NL_OK);
    nl_findings f = {0};
    cr_assert_eq(nl_eval_run(&set, NULL, nt, &f, NULL, &err), NL_OK, "%s", err.text);
    size_t cap = 256, n = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (size_t i = 0; i < f.n; i++) {
        nl_pos p = nl_doc_pos(doc, f.v[i].span.start);
        char line[2048];
        int k = snprintf(line, sizeof line, "%d:%d %s: %s%s%s\n", p.line, p.column,
                         f.v[i].rule_id, f.v[i].message,
                         f.v[i].suggestion ? " => " : "",
                         f.v[i].suggestion ? f.v[i].suggestion : "");
        while (n + (size_t)k + 1 > cap)
            out = realloc(out, cap *= 2);
        memcpy(out + n, line, (size_t)k + 1);
        n += (size_t)k;
    }
    nl_findings_free(&f);
    nl_notice_free(nt);
    nl_doc_free(doc);
    nl_ruleset_free(&set);
    return out;
}

static char *run_text(const char *yaml, const char *text)
{
    return run_bytes(yaml, text, strlen(text));
}

static void expect(const char *yaml, const char *text, const char *want)
{
    char *got = run_text(yaml, text);
    cr_expect_str_eq(got, want, "got:\n%s\nwant:\n%s", got, want);
    free(got);
}

/* Loading must fail with `text` in the message at line:column. */
static void expect_error(const char *yaml, const char *text, int line, int column)
{
    nl_ruleset set = {0};
    nl_error err = {0};
    nl_status st = nl_rules_load_text(&set, "t.yaml", yaml, strlen(yaml), NULL,
                                      NULL, &err);
    cr_expect_eq(st, NL_ERR_CONFIG, "loaded although it should not");
    cr_expect(strstr(err.text, text) != NULL, "message '%s' lacks '%s'", err.text,
              text);
    cr_expect_eq(err.line, line, "line %d, want %d (%s)", err.line, line, err.text);
    cr_expect_eq(err.column, column, "column %d, want %d (%s)", err.column, column,
                 err.text);
    nl_ruleset_free(&set);
}

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
    nl_ruleset set = {0};
    nl_error err = {0};
    const char *yaml = "rules:\n"
                       "  - id: ex.ok\n"
                       "    kind: extract\n"
                       "    pattern: '编号(?<n>\\d+)号'\n"
                       "    facts: {n: integer}\n"
                       "    examples: {match: ['编号3号'], no_match: ['编号三']}\n";
    cr_expect_eq(nl_rules_load_text(&set, "t.yaml", yaml, strlen(yaml), NULL, NULL,
                                    &err),
                 NL_OK, "%s", err.text);
    nl_ruleset_free(&set);
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
