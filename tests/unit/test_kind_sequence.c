/*
 * test_kind_sequence.c — the `sequence` kind: gaps, duplicates and order
 * errors in heading numbers and inline enumerations, the numbering
 * conventions (auto, continuous, per-parent), scopes, the expected label
 * in the original numeral style, validation errors, and the five real
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

TestSuite(sequence, .init = setup, .fini = teardown);

/* A rule with every variable in its message and {expected} as suggestion. */
#define RULE(extra)                                                          \
    "rules:\n"                                                               \
    "  - id: seq.t\n"                                                        \
    "    kind: sequence\n"                                                   \
    "    severity: warning\n"                                                \
    "    message: '{check} {found} after [{previous}] #{number} want "       \
    "#{expected_number}'\n"                                                  \
    "    suggestion: '{expected}'\n" extra

Test(sequence, heading_gap_per_parent)
{
    expect(RULE("    target: headings\n"),
           "一、组织领导\n"
           "（一）加强领导\n"
           "（三）压实责任\n"
           "二、整改落实\n"
           "（一）关于甲方面\n"
           "（二）关于乙方面\n",
           "3:1 seq.t: gap （三） after [（一）] #3 want #2 => （二）\n");
}

Test(sequence, expected_keeps_bracket_style)
{
    expect(RULE("    target: headings\n    level: 2\n"),
           "一、组织领导\n"
           "(一)加强领导\n"
           "(三)压实责任\n",
           "3:1 seq.t: gap (三) after [(一)] #3 want #2 => (二)\n");
}

Test(sequence, continuous_items_across_aspects)
{
    const char *doc = "二、问题整改\n"
                      "（一）关于甲方面\n"
                      "1.针对“甲”问题\n"
                      "2.针对“乙”问题\n"
                      "（二）关于乙方面\n"
                      "3.针对“丙”问题\n"
                      "5.针对“丁”问题\n"
                      "6.针对“戊”问题\n";
    expect(RULE("    target: headings\n    level: 3\n"), doc,
           "7:1 seq.t: gap 5. after [3.] #5 want #4 => 4.\n");
    /* Forcing per-parent numbering: the second aspect should restart. */
    expect(RULE("    target: headings\n    level: 3\n    numbering: per-parent\n"),
           doc,
           "6:1 seq.t: gap 3. after [] #3 want #1 => 1.\n"
           "7:1 seq.t: gap 5. after [3.] #5 want #4 => 4.\n");
}

Test(sequence, per_parent_items_are_fine)
{
    const char *doc = "一、总体情况\n"
                      "二、问题整改\n"
                      "（一）关于甲方面\n"
                      "1.针对“甲”问题\n"
                      "2.针对“乙”问题\n"
                      "（二）关于乙方面\n"
                      "1.针对“丙”问题\n"
                      "2.针对“丁”问题\n"
                      "（三）关于丙方面\n"
                      "1.针对“戊”问题\n";
    expect(RULE("    target: headings\n"), doc, "");
    /* Forcing continuous numbering: each restart is an order error. */
    expect(RULE("    target: headings\n    numbering: continuous\n    check: order\n"),
           doc,
           "7:1 seq.t: order 1. after [2.] #1 want #3 => 3.\n"
           "10:1 seq.t: order 1. after [2.] #1 want #3 => 3.\n");
}

Test(sequence, continuous_groups_by_top_level_ancestor)
{
    /* Items under part 三 are a sequence of their own. */
    expect(RULE("    target: headings\n    level: 3\n    numbering: continuous\n"),
           "二、问题整改\n"
           "（一）关于甲方面\n"
           "1.针对“甲”问题\n"
           "（二）关于乙方面\n"
           "2.针对“乙”问题\n"
           "三、下一步\n"
           "（一）持续整改\n"
           "1.健全机制\n"
           "2.强化监督\n",
           "");
}

Test(sequence, duplicate_chinese_numerals)
{
    expect(RULE("    target: headings\n    check: [duplicate]\n"),
           "四十三、问题甲\n"
           "四十四、问题乙\n"
           "四十四、问题丙\n"
           "四十五、问题丁\n",
           "3:1 seq.t: duplicate 四十四、 after [四十四、] #44 want #45 => 四十五、\n");
    /* With every check, the first heading is also a gap from 1. */
    expect(RULE("    target: headings\n"),
           "四十三、问题甲\n"
           "四十四、问题乙\n",
           "1:1 seq.t: gap 四十三、 after [] #43 want #1 => 一、\n");
}

Test(sequence, fullwidth_digits_keep_their_style)
{
    expect(RULE("    target: headings\n    level: 3\n"),
           "１．针对“甲”问题\n"
           "３．针对“乙”问题\n",
           "2:1 seq.t: gap ３． after [１．] #3 want #2 => ２．\n");
}

Test(sequence, unreadable_numbers_are_skipped)
{
    /* 一百五 is ambiguous (150 or 105?) so its number is -1. */
    expect(RULE("    target: headings\n"),
           "一、甲\n"
           "一百五、乙\n"
           "二、丙\n",
           "");
}

Test(sequence, enumerations_gap_and_order)
{
    expect(RULE("    target: enumerations\n"),
           "一、整改情况\n"
           "1.针对“甲”问题。一是健全制度;四是加强监督;二是压实责任;三是强化问责。\n",
           "2:18 seq.t: gap 四是 after [一是] #4 want #2 => 二是\n"
           "2:25 seq.t: order 二是 after [四是] #2 want #5 => 五是\n");
}

Test(sequence, enumerations_group_by_owner_and_restart)
{
    /* 1. the heading line and its paragraphs form one run;
     * 2. 一是 restarts; 3. another heading starts afresh. */
    expect(RULE("    target: enumerations\n"),
           "一、整改情况\n"
           "针对问题。一是健全制度;二是加强监督。\n"
           "另外,三是压实责任。\n"
           "一是再次开始;三是跳过。\n"
           "二、下一步\n"
           "工作中,二是开头。\n",
           "4:8 seq.t: gap 三是 after [一是] #3 want #2 => 二是\n"
           "6:5 seq.t: gap 二是 after [] #2 want #1 => 一是\n");
}

Test(sequence, enumerations_without_heading_group_by_paragraph)
{
    expect(RULE("    target: enumerations\n"),
           "工作中,一是学习;二是落实。\n"
           "此外,二是监督。\n",
           "2:4 seq.t: gap 二是 after [] #2 want #1 => 一是\n");
}

Test(sequence, scope_limits_the_elements)
{
    const char *doc = "一、组织领导\n"
                      "工作中,二是开头。\n"
                      "二、问题整改\n"
                      "（一）关于甲方面\n"
                      "1.针对“甲”问题。一是学习;三是落实。\n";
    expect(RULE("    target: enumerations\n    scope: item\n"), doc,
           "5:16 seq.t: gap 三是 after [一是] #3 want #2 => 二是\n");
    expect(RULE("    target: enumerations\n"), doc,
           "2:5 seq.t: gap 二是 after [] #2 want #1 => 一是\n"
           "5:16 seq.t: gap 三是 after [一是] #3 want #2 => 二是\n");
}

Test(sequence, no_headings_no_findings)
{
    expect(RULE("    target: headings\n"), "只有一段正文。\n", "");
    expect(RULE("    target: enumerations\n"), "正文中没有列举。\n", "");
}

/* ---- validation ---- */

#define BAD(extra)                                                           \
    "rules:\n"                                                               \
    "  - id: seq.bad\n"                                                      \
    "    kind: sequence\n"                                                   \
    "    severity: error\n"                                                  \
    "    message: m\n" extra

Test(sequence, validation_errors)
{
    expect_error(BAD(""), "rule 'seq.bad': missing key 'target'", 2, 5);
    expect_error(BAD("    target: paragraphs\n"),
                 "unknown target 'paragraphs' (expected headings or enumerations)",
                 6, 13);
    expect_error(BAD("    target: [headings]\n"), "'target' must be a string", 6, 13);
    expect_error(BAD("    target: headings\n    level: 9\n"),
                 "level 9 is out of range (1-8)", 7, 12);
    expect_error(BAD("    target: headings\n    level: 0\n"),
                 "level 0 is out of range (1-8)", 7, 12);
    expect_error(BAD("    target: headings\n    level: two\n"),
                 "'level' must be an integer", 7, 12);
    expect_error(BAD("    target: enumerations\n    level: 2\n"),
                 "'level' applies only to target headings", 7, 12);
    expect_error(BAD("    target: enumerations\n    numbering: auto\n"),
                 "'numbering' applies only to target headings", 7, 16);
    expect_error(BAD("    target: headings\n    numbering: restart\n"),
                 "unknown numbering 'restart' (expected auto, continuous or "
                 "per-parent)", 7, 16);
    expect_error(BAD("    target: headings\n    check: [gap, skip]\n"),
                 "unknown check 'skip' (expected gap, duplicate or order)", 7, 18);
    expect_error(BAD("    target: headings\n    check: skip\n"),
                 "unknown check 'skip'", 7, 12);
    expect_error(BAD("    target: headings\n    check: []\n"),
                 "'check' must be a string or a non-empty list", 7, 12);
    expect_error(BAD("    target: headings\n    levels: 2\n"),
                 "unknown key 'levels' (did you mean 'level'?)", 7, 5);
    expect_error(BAD("    target: headings\n    examples: {match: ['1.']}\n"),
                 "examples are not supported for kind sequence", 7, 15);
}

/* ---- the real notices ---- */

static const char *const seed_rules =
    "rules:\n"
    "  - id: seq.headings\n"
    "    kind: sequence\n"
    "    severity: warning\n"
    "    message: '{check}: {found} (want {expected})'\n"
    "    target: headings\n"
    "  - id: seq.enums\n"
    "    kind: sequence\n"
    "    severity: warning\n"
    "    message: '{check}: {found} (want {expected})'\n"
    "    target: enumerations\n";

Test(sequence, seed_000_continuous_items_are_clean)
{
    char *got = run_seed(seed_rules, "000_");
    cr_expect_str_eq(got, "");
    free(got);
}

Test(sequence, seed_001_duplicate)
{
    char *got = run_seed(seed_rules, "001_");
    cr_expect_str_eq(got, "169:1 seq.headings: duplicate: 四十四、 (want 四十五、)\n");
    free(got);
}

Test(sequence, seed_002_gaps)
{
    char *got = run_seed(seed_rules, "002_");
    const char *want =
        "4:1 seq.headings: gap: (三) (want (二))\n"
        "13:1 seq.headings: gap: 5. (want 4.)\n"
        "17:1 seq.headings: gap: 8. (want 7.)\n"
        "21:1 seq.headings: gap: 12. (want 11.)\n"
        "24:1 seq.headings: gap: 17. (want 14.)\n"
        "26:1 seq.headings: gap: 19. (want 18.)\n"
        "32:1 seq.headings: gap: 24. (want 23.)\n"
        "34:1 seq.headings: gap: 26. (want 25.)\n"
        "37:1 seq.headings: gap: 29. (want 28.)\n"
        "40:1 seq.headings: gap: 32. (want 31.)\n"
        "47:1 seq.headings: gap: 40. (want 36.)\n"
        "54:1 seq.headings: gap: 46. (want 45.)\n"
        "56:1 seq.headings: gap: 50. (want 47.)\n"
        "62:1 seq.headings: gap: (三) (want (二))\n";
    cr_expect_str_eq(got, want, "got:\n%s", got);
    free(got);
}

Test(sequence, seed_003_per_aspect_items_are_clean)
{
    char *got = run_seed(seed_rules, "003_");
    cr_expect_str_eq(got, "");
    free(got);
}

Test(sequence, seed_004_enumeration_order)
{
    char *got = run_seed(seed_rules, "004_");
    cr_expect_str_eq(got,
                     "15:423 seq.enums: gap: 四是 (want 二是)\n"
                     "15:463 seq.enums: order: 二是 (want 五是)\n",
                     "got:\n%s", got);
    free(got);
}
