/*
 * test_kind_compare.c — the `compare` kind: date and number relations and
 * distances between facts, `left: dates` over a scope, partial dates,
 * missing values, where findings land, validation errors, and the real
 * notices (skipped when ../shared/seeds is absent).
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

TestSuite(compare, .init = setup, .fini = teardown);

#define RULE(id, extra)                                                      \
    "  - id: " id "\n"                                                       \
    "    kind: compare\n"                                                    \
    "    severity: warning\n"                                                \
    "    message: '{left_name}={left} {right_name}={right} diff=[{diff}] "  \
    "op=[{op}] max=[{max_diff}] min=[{min_diff}]'\n" extra

static const char *const notice =
    "关于巡察整改进展情况的通报\n"
    "来源:某网 发布日期: 2024-02-02 10:30\n"
    "根据统一部署,2023年3月7日至2023年4月14日,市委第五巡察组对某单位进行了巡察。"
    "7月27日,市委巡察组向某单位反馈了意见。\n"
    "一、整改情况\n"
    "2023年1月开展自查,2023年3月完成,2023年3月6日制定方案,2023年2月30日复查。\n";

Test(compare, publication_lag)
{
    expect("rules:\n" RULE("date.lag", "    left: feedback_date\n"
                                       "    right: publish_date\n"
                                       "    max_diff: 90\n"),
           notice,
           "3:46 date.lag: feedback_date=2023-07-27 publish_date=2024-02-02 "
           "diff=[190] op=[] max=[90] min=[]\n");
    expect("rules:\n" RULE("date.lag", "    left: feedback_date\n"
                                       "    right: publish_date\n"
                                       "    max_diff: 190\n"),
           notice, "");
}

Test(compare, order_of_dates)
{
    expect("rules:\n" RULE("date.order", "    left: inspection_start\n"
                                         "    right: inspection_end\n"
                                         "    op: '<='\n")
           RULE("date.order2", "    left: inspection_end\n"
                               "    right: feedback_date\n"
                               "    op: '<='\n"),
           notice, "");
    expect("rules:\n" RULE("date.order", "    left: inspection_start\n"
                                         "    right: inspection_end\n"
                                         "    op: '<='\n"
                                         "    min_diff: 7\n"),
           "根据部署,2023年4月14日至2023年3月7日,市委第五巡察组对某单位进行了巡察。\n",
           "1:6 date.order: inspection_start=2023-04-14 inspection_end=2023-03-07 "
           "diff=[-38] op=[<=] max=[] min=[7]\n");
}

Test(compare, every_date_in_scope)
{
    const char *rules = "rules:\n" RULE("date.before", "    left: dates\n"
                                                      "    right: inspection_start\n"
                                                      "    op: '>='\n");
    /* 2023年3月 is the start's month: not before.  2023年2月30日 is invalid:
     * skipped.  The meta line's date is not in the document scope. */
    expect(rules, notice,
           "5:1 date.before: dates=2023-01 inspection_start=2023-03-07 diff=[] "
           "op=[>=] max=[] min=[]\n"
           "5:23 date.before: dates=2023-03-06 inspection_start=2023-03-07 "
           "diff=[1] op=[>=] max=[] min=[]\n");
    /* Scope heading holds none of these dates. */
    char *scoped = malloc(strlen(rules) + 32);
    sprintf(scoped, "%s    scope: heading\n", rules);
    expect(scoped, notice, "");
    free(scoped);
}

Test(compare, dates_without_year_are_skipped)
{
    expect("rules:\n" RULE("date.before", "    left: dates\n"
                                          "    right: feedback_date\n"
                                          "    op: '>='\n"),
           "3月1日起草。2023年5月1日至2023年5月9日进行了巡察。5月20日反馈了意见。\n",
           "1:8 date.before: dates=2023-05-01 feedback_date=2023-05-20 diff=[19] "
           "op=[>=] max=[] min=[]\n"
           "1:18 date.before: dates=2023-05-09 feedback_date=2023-05-20 diff=[11] "
           "op=[>=] max=[] min=[]\n");
}

Test(compare, right_candidates_first_with_a_value)
{
    /* No signature date in this notice: the meta line's date is used. */
    expect("rules:\n" RULE("date.lag", "    left: feedback_date\n"
                                       "    right: [signature_date, publish_date]\n"
                                       "    max_diff: 90\n"),
           notice,
           "3:46 date.lag: feedback_date=2023-07-27 publish_date=2024-02-02 "
           "diff=[190] op=[] max=[90] min=[]\n");
    expect("rules:\n" RULE("date.lag", "    left: feedback_date\n"
                                       "    right: [signature_date, nothing]\n"
                                       "    max_diff: 90\n"),
           notice, "");
}

Test(compare, date_filter_keeps_matching_tokens)
{
    /* Deadlines (…前) are dropped; the lookbehind sees the line before
     * the token. */
    expect("rules:\n" RULE("date.after", "    left: dates\n"
                                         "    scope: paragraph\n"
                                         "    right: publish_date\n"
                                         "    op: '<='\n"
                                         "    date_filter: '(?<!于)(?!\\d+年\\d+月\\d+日前)'\n"),
           "关于巡察整改进展情况的通报\n"
           "来源:某网 发布日期: 2024-02-02 10:30\n"
           "一、整改情况\n"
           "2024年3月1日前完成,2024年3月2日完成,于2024年3月3日完成,2024年1月2日完成。\n",
           "4:14 date.after: dates=2024-03-02 publish_date=2024-02-02 diff=[-29] "
           "op=[<=] max=[] min=[]\n");
}

#define FACTS                                                                \
    "rules:\n"                                                               \
    "  - id: ex\n"                                                           \
    "    kind: extract\n"                                                    \
    "    pattern: '甲(?<a>\\d+)乙(?<b>\\d+)丙(?<t1>\\S)丁(?<t2>\\S)'\n"        \
    "    facts: {a: integer, b: integer, t1: text, t2: text}\n"

Test(compare, numbers_and_text)
{
    const char *doc = "一、情况\n数据甲5乙3丙x丁y。\n";
    expect(FACTS RULE("n.lt", "    left: a\n    right: b\n    op: '<'\n")
           RULE("n.min", "    left: a\n    right: b\n    min_diff: 0\n")
           RULE("n.max", "    left: b\n    right: a\n    max_diff: 1.5\n")
           RULE("n.ok", "    left: b\n    right: a\n    op: '<'\n    max_diff: 2\n")
           RULE("t.eq", "    left: t1\n    right: t2\n    op: '=='\n")
           RULE("t.ne", "    left: t1\n    right: t2\n    op: '!='\n")
           RULE("t.ne2", "    left: t1\n    right: t1\n    op: '!='\n")
           RULE("t.lt", "    left: t2\n    right: t1\n    op: '<'\n"),
           doc,
           "2:4 n.lt: a=5 b=3 diff=[-2] op=[<] max=[] min=[]\n"
           "2:4 n.min: a=5 b=3 diff=[-2] op=[] max=[] min=[0]\n"
           "2:6 n.max: b=3 a=5 diff=[2] op=[] max=[1.5] min=[]\n"
           "2:8 t.eq: t1=x t2=y diff=[] op=[==] max=[] min=[]\n"
           "2:8 t.ne2: t1=x t1=x diff=[] op=[!=] max=[] min=[]\n");
}

Test(compare, missing_or_mixed_values_mean_no_finding)
{
    const char *doc = "一、情况\n数据甲5乙3丙x丁y。\n";
    expect(FACTS RULE("m.1", "    left: a\n    right: nothing\n    op: '=='\n")
           RULE("m.2", "    left: nothing\n    right: a\n    op: '=='\n")
           RULE("m.3", "    left: a\n    right: t1\n    op: '=='\n")
           RULE("m.4", "    left: feedback_date\n    right: a\n    op: '=='\n")
           RULE("m.5", "    left: dates\n    right: a\n    op: '=='\n")
           RULE("m.6", "    left: discipline.政务处分\n    right: a\n    op: '=='\n"),
           doc, "");
}

Test(compare, where_findings_land)
{
    const char *doc = "某某纪检监察网\n"
                      "关于巡察整改进展情况的通报\n"
                      "一、情况\n"
                      "数据甲5乙3丙x丁y。\n";
    /* structure.* facts have no span: the right side's, else the start of
     * the document (after the web chrome). */
    expect(FACTS RULE("s.right", "    left: structure.items\n    right: a\n    op: '=='\n")
           RULE("s.none", "    left: structure.items\n    right: contact.phones\n"
                          "    op: '!='\n"),
           doc,
           "2:1 s.none: structure.items=0 contact.phones=0 diff=[0] op=[!=] max=[] "
           "min=[]\n"
           "4:4 s.right: structure.items=0 a=5 diff=[5] op=[==] max=[] min=[]\n");
}

/* ---- validation ---- */

#define BAD(extra)                                                           \
    "rules:\n"                                                               \
    "  - id: cmp.bad\n"                                                      \
    "    kind: compare\n"                                                    \
    "    severity: error\n"                                                  \
    "    message: m\n" extra

Test(compare, validation_errors)
{
    expect_error(BAD("    right: a\n    op: '<'\n"), "rule 'cmp.bad': missing key 'left'",
                 2, 5);
    expect_error(BAD("    left: a\n    op: '<'\n"), "missing key 'right'", 2, 5);
    expect_error(BAD("    left: a b\n    right: c\n    op: '<'\n"),
                 "invalid fact name 'a b'", 6, 11);
    expect_error(BAD("    left: a\n    right: ''\n    op: '<'\n"),
                 "invalid fact name ''", 7, 12);
    expect_error(BAD("    left: a\n    right: dates\n    op: '<'\n"),
                 "invalid fact name 'dates' ('dates' is allowed only as left)", 7, 12);
    expect_error(BAD("    left: a\n    right: [b, dates]\n    op: '<'\n"),
                 "invalid fact name 'dates' ('dates' is allowed only as left)", 7, 16);
    expect_error(BAD("    left: a\n    right: []\n    op: '<'\n"),
                 "'right' must be a string or a non-empty list of strings", 7, 12);
    expect_error(BAD("    left: a\n    right: b\n    op: '<'\n    date_filter: x\n"),
                 "'date_filter' applies only to left: dates", 9, 18);
    expect_error(BAD("    left: dates\n    right: b\n    op: '<'\n    date_filter: [x, y]\n"),
                 "'date_filter' takes exactly one pattern", 9, 18);
    expect_error(BAD("    left: dates\n    right: b\n    op: '<'\n    date_filter: '(x'\n"),
                 "rule 'cmp.bad': ", 9, 18);
    expect_error(BAD("    left: a\n    right: b\n"),
                 "compare needs 'op', 'max_diff' or 'min_diff'", 2, 5);
    expect_error(BAD("    left: a\n    right: b\n    op: '=<'\n"),
                 "unknown op '=<' (expected <, <=, ==, !=, >, >=)", 8, 9);
    expect_error(BAD("    left: a\n    right: b\n    op: [<]\n"),
                 "'op' must be a string", 8, 9);
    expect_error(BAD("    left: a\n    right: b\n    max_diff: ninety\n"),
                 "'max_diff' must be a number", 8, 15);
    expect_error(BAD("    left: a\n    right: b\n    max_diff: 5\n    min_diff: 6\n"),
                 "min_diff 6 is greater than max_diff 5", 9, 15);
    expect_error(BAD("    left: a\n    right: b\n    op: '<'\n"
                     "    examples: {match: ['x']}\n"),
                 "examples are not supported for kind compare", 9, 15);
}

Test(compare, fact_names_from_elsewhere_are_accepted)
{
    expect_loads(BAD("    left: discipline.政务处分\n    right: my_fact\n    op: '<'\n"));
}

/* ---- the real notices ---- */

static const char *const seed_rules =
    "rules:\n" RULE("date.publication-lag", "    left: feedback_date\n"
                                            "    right: publish_date\n"
                                            "    max_diff: 90\n")
    RULE("date.before-inspection", "    left: dates\n"
                                   "    scope: item\n"
                                   "    right: inspection_start\n"
                                   "    op: '>='\n")
    RULE("date.order", "    left: inspection_start\n"
                       "    right: inspection_end\n"
                       "    op: '<='\n")
    RULE("date.signature-mismatch", "    left: signature_date\n"
                                    "    right: publish_date\n"
                                    "    op: '=='\n");

Test(compare, seed_000_publication_lag)
{
    char *got = run_seed(seed_rules, "000_");
    cr_expect_str_eq(got,
                     "7:71 date.publication-lag: feedback_date=2023-07-27 "
                     "publish_date=2024-02-02 diff=[190] op=[] max=[90] min=[]\n"
                     "57:104 date.before-inspection: dates=2023-02-27 "
                     "inspection_start=2023-03-07 diff=[8] op=[>=] max=[] min=[]\n",
                     "got:\n%s", got);
    free(got);
}

/* 2021年7月 is before the inspection that began 2021-08-05 (lines 31 and
 * 61); the other four are the period a problem covered (2018年1月至2019年
 * 11月份...), which this bare rule cannot tell apart. */
Test(compare, seed_003_before_inspection)
{
    char *got = run_seed(seed_rules, "003_");
    cr_expect_str_eq(got,
                     "7:71 date.publication-lag: feedback_date=2021-11-18 "
                     "publish_date=2022-05-20 diff=[183] op=[] max=[90] min=[]\n"
                     "25:323 date.before-inspection: dates=2018-01 "
                     "inspection_start=2021-08-05 diff=[] op=[>=] max=[] min=[]\n"
                     "25:331 date.before-inspection: dates=2019-11 "
                     "inspection_start=2021-08-05 diff=[] op=[>=] max=[] min=[]\n"
                     "31:45 date.before-inspection: dates=2021-07 "
                     "inspection_start=2021-08-05 diff=[] op=[>=] max=[] min=[]\n"
                     "61:98 date.before-inspection: dates=2021-07 "
                     "inspection_start=2021-08-05 diff=[] op=[>=] max=[] min=[]\n"
                     "85:34 date.before-inspection: dates=2017-10 "
                     "inspection_start=2021-08-05 diff=[] op=[>=] max=[] min=[]\n"
                     "85:43 date.before-inspection: dates=2020-12 "
                     "inspection_start=2021-08-05 diff=[] op=[>=] max=[] min=[]\n",
                     "got:\n%s", got);
    free(got);
}

/* 2023年6月30日…移交 for an inspection in 2024 (NOTICE-SPEC). */
Test(compare, seed_004_before_inspection)
{
    char *got = run_seed(seed_rules, "004_");
    cr_expect_str_eq(got,
                     "15:496 date.before-inspection: dates=2023-06-30 "
                     "inspection_start=2024-04-03 diff=[278] op=[>=] max=[] min=[]\n"
                     "15:525 date.before-inspection: dates=2024-01 "
                     "inspection_start=2024-04-03 diff=[] op=[>=] max=[] min=[]\n",
                     "got:\n%s", got);
    free(got);
}

Test(compare, normalize_makes_spellings_agree)
{
    static const char *const units =
        "中共甲镇委员会关于巡察整改进展情况的通报\n"
        "根据县委统一部署,2024年3月4日至4月26日,县委第一巡察组对甲镇党委进行了巡察。\n"
        "一、整改情况\n"
        "已完成整改。\n"
        "中共乙镇委员会\n"
        "2024年8月20日\n";
    const char *rules =
        "rules:\n"
        "  - {id: f.t, kind: extract, scope: title, pattern: '^(?<ut>.+?)关于', facts: {ut: text}}\n"
        "  - {id: f.p, kind: extract, scope: preamble, pattern: '对(?<up>[^,]+?)进行了', facts: {up: text}}\n"
        "  - {id: f.s, kind: extract, scope: signature, pattern: '^(?<us>\\D+)$', facts: {us: text}}\n"
        RULE("u.pre", "    left: up\n    right: ut\n    op: '=='\n"
                      "    normalize:\n"
                      "      - {pattern: '^中共', replace: ''}\n"
                      "      - {pattern: '委员会$', replace: '党委'}\n")
        RULE("u.sig", "    left: us\n    right: ut\n    op: '=='\n"
                      "    normalize:\n"
                      "      - {pattern: '^中共', replace: ''}\n"
                      "      - {pattern: '委员会$', replace: '党委'}\n");
    /* 甲镇党委 = 中共甲镇委员会 once normalised; 中共乙镇委员会 is not. The
     * message shows the values as written. */
    expect(rules, units,
           "5:1 u.sig: us=中共乙镇委员会 ut=中共甲镇委员会 diff=[] op=[==] max=[] min=[]\n");
}

Test(compare, normalize_must_be_a_list_of_steps)
{
    expect_error("rules:\n" RULE("u.bad", "    left: a\n    right: b\n    op: '=='\n"
                                          "    normalize: x\n"),
                 "'normalize' must be a list of {pattern, replace}", 9, 16);
}
