/*
 * test_pattern.c — unit tests for pattern.c: ${DEF} expansion (nested,
 * escaped, unknown, cyclic), compile errors at the caller's position with
 * PCRE2's message, named-group lookup, matching inside a span (^ and $ at
 * the span's ends, absolute offsets, the `from` argument), UCP classes on
 * full-width digits and the ideographic space, and the match limit that
 * stops a catastrophic pattern.
 */
#include "error.h"
#include "pattern.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static nl_error err;
static pcre2_match_data *md;

static void setup(void)
{
    md = nl_match_data_new();
    cr_assert_not_null(md);
}

static void teardown(void)
{
    pcre2_match_data_free(md);
}

TestSuite(pattern, .init = setup, .fini = teardown);

static const char *def_names[] = {"D", "E", "NUM", "LOOP", "A", "B"};
static const char *def_values[] = {"a|b", "${D}c", "\\d+", "x${LOOP}", "${B}",
                                   "${A}"};
static const nl_defs defs = {6, def_names, def_values};

static nl_pattern *compile(const char *src)
{
    nl_pattern *p = (nl_pattern *)1;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_pattern_compile(src, strlen(src), &defs, "p.yaml", 3, 7,
                                     &p, &err),
                 NL_OK, "%s: %s", src, err.text);
    cr_assert_not_null(p);
    return p;
}

static void expect_error(const char *src, const char *text)
{
    nl_pattern *p = (nl_pattern *)1;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_pattern_compile(src, strlen(src), &defs, "p.yaml", 3, 7,
                                    &p, &err),
                 NL_ERR_CONFIG, "compiled: %s", src);
    cr_assert_null(p);
    cr_assert_eq(err.code, NL_ERR_CONFIG);
    cr_assert_str_eq(err.file, "p.yaml");
    cr_assert_eq(err.line, 3);
    cr_assert_eq(err.column, 7);
    cr_assert_str_eq(err.text, text);
}

/* Match p in text[start..end) from `start`; on a match check group 0. */
static void expect_match(const nl_pattern *p, const char *text, size_t start,
                         size_t end, size_t s0, size_t e0)
{
    cr_assert_eq(nl_pattern_match(p, text, start, end, start, md), 1,
                 "%s on '%.*s'", nl_pattern_source(p), (int)(end - start),
                 text + start);
    size_t s = 0, e = 0;
    cr_assert_eq(nl_match_group(md, 0, start, &s, &e), 1);
    cr_assert_eq(s, s0, "start %zu, want %zu", s, s0);
    cr_assert_eq(e, e0, "end %zu, want %zu", e, e0);
}

static int match_all(const nl_pattern *p, const char *text)
{
    return nl_pattern_match(p, text, 0, strlen(text), 0, md);
}

Test(pattern, expansion)
{
    nl_pattern *p = compile("x${D}y");
    cr_assert_str_eq(nl_pattern_source(p), "x(?:a|b)y");
    cr_assert_eq(match_all(p, "xby"), 1);
    cr_assert_eq(match_all(p, "xab"), 0);
    nl_pattern_free(p);

    /* a def may use another; each becomes its own non-capturing group */
    p = compile("^${E}${NUM}$");
    cr_assert_str_eq(nl_pattern_source(p), "^(?:(?:a|b)c)(?:\\d+)$");
    cr_assert_eq(match_all(p, "bc42"), 1);
    cr_assert_eq(match_all(p, "ac"), 0);
    nl_pattern_free(p);

    /* no defs at all: the source is copied as is */
    nl_pattern *q = NULL;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_pattern_compile("a{2}", 4, NULL, "p.yaml", 1, 1, &q, &err),
                 NL_OK);
    cr_assert_str_eq(nl_pattern_source(q), "a{2}");
    nl_pattern_free(q);
}

Test(pattern, escaped_dollar_is_literal)
{
    nl_pattern *p = compile("\\${D}");
    cr_assert_str_eq(nl_pattern_source(p), "\\${D}");
    cr_assert_eq(match_all(p, "cost ${D} here"), 1);
    cr_assert_eq(match_all(p, "a"), 0);
    nl_pattern_free(p);

    /* an escaped backslash does not escape the $ after it */
    p = compile("\\\\${D}");
    cr_assert_str_eq(nl_pattern_source(p), "\\\\(?:a|b)");
    cr_assert_eq(match_all(p, "\\b"), 1);
    nl_pattern_free(p);

    /* a $ that is not followed by {NAME} stays a regex $ */
    p = compile("a$|b{2}|${");
    cr_assert_str_eq(nl_pattern_source(p), "a$|b{2}|${");
    cr_assert_eq(match_all(p, "bb"), 1);
    nl_pattern_free(p);
}

Test(pattern, length_not_nul)
{
    nl_pattern *p = NULL;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_pattern_compile("abcXYZ", 3, &defs, "p.yaml", 1, 1, &p,
                                    &err),
                 NL_OK);
    cr_assert_str_eq(nl_pattern_source(p), "abc");
    cr_assert_eq(match_all(p, "xabX"), 0);
    nl_pattern_free(p);

    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_pattern_compile("", 0, &defs, "p.yaml", 1, 1, &p, &err),
                 NL_OK);
    cr_assert_str_eq(nl_pattern_source(p), "");
    expect_match(p, "abc", 1, 3, 1, 1);
    nl_pattern_free(p);
}

Test(pattern, def_errors, .timeout = 5)
{
    expect_error("x${NOPE}y", "unknown def '${NOPE}'");
    expect_error("${NU}", "unknown def '${NU}'");
    expect_error("${LOOP}", "defs nest more than 8 deep (a cycle?)");
    expect_error("(${A})", "defs nest more than 8 deep (a cycle?)");
}

Test(pattern, syntax_errors)
{
    expect_error("a(", "invalid pattern at offset 2: missing closing "
                       "parenthesis");
    expect_error("[x", "invalid pattern at offset 2: missing terminating ] "
                       "for character class");
    expect_error("*a", "invalid pattern at offset 0: quantifier does not "
                       "follow a repeatable item");
    char buf[600];
    nl_error_format(&err, buf, sizeof buf);
    cr_assert_str_eq(buf, "p.yaml:3:7: error: invalid pattern at offset 0: "
                          "quantifier does not follow a repeatable item");
    /* a def that breaks the pattern is reported at the referring scalar */
    expect_error("${D}(", "invalid pattern at offset 8: missing closing "
                          "parenthesis");
}

static void collect(const char *name, int number, void *ctx)
{
    char *out = ctx;
    size_t n = strlen(out);
    snprintf(out + n, 256 - n, "%s=%d;", name, number);
}

Test(pattern, named_groups)
{
    nl_pattern *p = compile("(?<label>(?<num>\\d+)[.、])(x)?(?<tail>.*)");
    cr_assert_eq(nl_pattern_group(p, "label"), 1);
    cr_assert_eq(nl_pattern_group(p, "num"), 2);
    cr_assert_eq(nl_pattern_group(p, "tail"), 4);
    cr_assert_eq(nl_pattern_group(p, "nope"), -1);
    cr_assert_eq(nl_pattern_group(p, ""), -1);
    char names[256] = "";
    nl_pattern_each_group(p, collect, names);
    /* PCRE2's name table is sorted by name */
    cr_assert_str_eq(names, "label=1;num=2;tail=4;");

    const char *text = "12、正文";
    expect_match(p, text, 0, strlen(text), 0, strlen(text));
    size_t s, e;
    cr_assert_eq(nl_match_group(md, 2, 0, &s, &e), 1);
    cr_assert_eq(s, 0);
    cr_assert_eq(e, 2);
    cr_assert_eq(nl_match_group(md, 1, 0, &s, &e), 1);
    cr_assert_eq(e, 5);
    /* group 3 did not take part; out-of-range groups are refused */
    s = e = 99;
    cr_assert_eq(nl_match_group(md, 3, 0, &s, &e), 0);
    cr_assert_eq(nl_match_group(md, -1, 0, &s, &e), 0);
    cr_assert_eq(nl_match_group(md, 500, 0, &s, &e), 0);
    cr_assert_eq(s, 99);
    cr_assert_eq(e, 99);
    nl_pattern_free(p);

    p = compile("no groups");
    names[0] = '\0';
    nl_pattern_each_group(p, collect, names);
    cr_assert_str_eq(names, "");
    nl_pattern_free(p);
}

Test(pattern, span_anchors_and_offsets)
{
    /* line 2 of "第一行\n一、标题\n末行" is bytes [10, 22) */
    const char *text = "第一行\n一、标题\n末行";
    size_t start = 10, end = 22;
    cr_assert_eq(text[start - 1], '\n');
    cr_assert_eq(text[end], '\n');

    nl_pattern *p = compile("^(?<label>(?<num>[一二三])、)(?<t>.+)$");
    expect_match(p, text, start, end, start, end);
    size_t s, e;
    cr_assert_eq(nl_match_group(md, nl_pattern_group(p, "num"), start, &s, &e),
                 1);
    cr_assert_eq(s, 10);
    cr_assert_eq(e, 13);
    cr_assert_eq(nl_match_group(md, nl_pattern_group(p, "t"), start, &s, &e),
                 1);
    cr_assert_eq(s, 16);
    cr_assert_eq(e, 22);
    cr_assert_str_eq(text + s, "标题\n末行");
    /* over the whole text ^ is the text's start: no match */
    cr_assert_eq(match_all(p, text), 0);
    nl_pattern_free(p);

    /* $ is the span's end even though the text goes on */
    p = compile("标题$");
    expect_match(p, text, start, end, 16, 22);
    cr_assert_eq(nl_pattern_match(p, text, start, end - 3, start, md), 0);
    nl_pattern_free(p);

    /* the span hides what lies outside it, lookbehind included */
    p = compile("(?<=行\\n)一");
    cr_assert_eq(match_all(p, text), 1);
    cr_assert_eq(nl_pattern_match(p, text, start, end, start, md), 0);
    nl_pattern_free(p);
    p = compile("末");
    cr_assert_eq(nl_pattern_match(p, text, start, end, start, md), 0);
    nl_pattern_free(p);
}

Test(pattern, match_from)
{
    const char *text = "xx ab ab";
    nl_pattern *p = compile("ab");
    cr_assert_eq(nl_pattern_match(p, text, 2, 8, 2, md), 1);
    size_t s, e;
    cr_assert_eq(nl_match_group(md, 0, 2, &s, &e), 1);
    cr_assert_eq(s, 3);
    cr_assert_eq(e, 5);
    /* searching again from the end of the first match finds the second */
    cr_assert_eq(nl_pattern_match(p, text, 2, 8, 5, md), 1);
    cr_assert_eq(nl_match_group(md, 0, 2, &s, &e), 1);
    cr_assert_eq(s, 6);
    cr_assert_eq(e, 8);
    cr_assert_eq(nl_pattern_match(p, text, 2, 8, 8, md), 0);
    nl_pattern_free(p);

    /* ^ does not match at `from` when from > start */
    p = compile("^ab");
    cr_assert_eq(nl_pattern_match(p, text, 3, 8, 6, md), 0);
    cr_assert_eq(nl_pattern_match(p, text, 6, 8, 6, md), 1);
    nl_pattern_free(p);
}

Test(pattern, ucp_classes)
{
    nl_pattern *p = compile("^\\d+$");
    cr_assert_eq(match_all(p, "４"), 1);
    cr_assert_eq(match_all(p, "２０２４"), 1);
    cr_assert_eq(match_all(p, "2０2４"), 1);
    cr_assert_eq(match_all(p, "四"), 0);
    nl_pattern_free(p);

    p = compile("(?<n>\\d+)\\s*个");
    const char *text = "共\xE3\x80\x80１２\xE3\x80\x80个问题";
    expect_match(p, text, 0, strlen(text), 6, 18);
    size_t s, e;
    cr_assert_eq(nl_match_group(md, 1, 0, &s, &e), 1);
    cr_assert_eq(s, 6);
    cr_assert_eq(e, 12);
    nl_pattern_free(p);

    p = compile("^\\s$");
    cr_assert_eq(match_all(p, "\xE3\x80\x80"), 1); /* U+3000 */
    cr_assert_eq(match_all(p, "\xC2\xA0"), 1);     /* U+00A0 */
    cr_assert_eq(match_all(p, "\t"), 1);
    cr_assert_eq(match_all(p, "一"), 0);
    nl_pattern_free(p);

    /* . and character classes work on code points, not bytes */
    p = compile("^.{3}$");
    cr_assert_eq(match_all(p, "一二三"), 1);
    cr_assert_eq(match_all(p, "一二"), 0);
    nl_pattern_free(p);
    p = compile("^\\w+$");
    cr_assert_eq(match_all(p, "巡察组"), 1);
    nl_pattern_free(p);
}

Test(pattern, match_limit, .timeout = 20)
{
    char text[64];
    memset(text, 'a', 40);
    text[40] = 'b';
    text[41] = '\0';
    nl_pattern *p = compile("(a+)+$");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = nl_pattern_match(p, text, 0, 41, 0, md);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    cr_assert(rc == -1 || rc == 0, "rc %d", rc);
    double secs = (double)(t1.tv_sec - t0.tv_sec) +
                  (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    cr_assert_lt(secs, 10.0, "took %.3f s", secs);
    /* the pattern still works on input it can handle */
    cr_assert_eq(nl_pattern_match(p, text, 0, 40, 0, md), 1);
    nl_pattern_free(p);
}

Test(pattern, free_accepts_null)
{
    nl_pattern_free(NULL);
}

/* ---- the literal prefilter ---- */

/* Every pattern, on every subject and from every start: where PCRE2 alone
 * (the same expanded source, compiled here without the prefilter) finds a
 * match, nl_pattern_may_match() says 1 and nl_pattern_match() finds the
 * same match. */
Test(pattern, prefilter_never_hides_a_match)
{
    static const char *const pats[] = {
        "其它", "截止(?=目前|至)", "(?<=[发字])\\s*〔(?<y>20[0-9]{2})〕", "(?<!党)工委$",
        "(?i)abc", "x(?i)abc", "(?i:ab)c", "a(?i:b)c", "(?x) a b c", "(?:(?x) a b |c d)e",
        "\\p{Han}{2}是", "\\w+组", "[、，,和及]\\s*[0-9]", "(?:中央|省委|[市县]委)巡察组",
        "a?bc", "(?:ab)?c", "(?:ab)+c", "a{2}b", "x{1,}y", "[]a]b", "[^a]b", "[-a]b",
        "\\x41B", "\\x{4e00}二", "\\pLz", "(a)\\g1b", "(a)\\1b", "\\Qa.b\\E", "a\\Kb",
        "(?|(a)|(b))c", "(?>ab|a)c", "(?<n>年)\\k<n>", "0?2月", "(?:a|b|c|d|e|f|g|h|i)z",
        "^(?:针对|关于)?\\s*“(?<t>[^”]+)”", "[XＸ×]{2,}", "(?<p>[”“])\\k<p>", "${NUM}个",
        "(?:x|)y", "(?=abc)a", "(?!abc)ab", "a|b", "^$", "\\d+年\\d+月",
        /* quantifiers with a minimum: the atom is still required */
        "○{2,}", "ab+c", "a{2,3}b", "(?:ab){2}c", "[XＸ]+y", "x{0,2}y", "x{,2}y",
        "a+?b", "a++b", "(?:中|国)+人", "年{1}月", "(?:ab|cd)+e",
    };
    static const char *const texts[] = {
        "", "其它", "截止目前已完成", "城东工委发〔2023〕5号", "党工委", "甲镇工委", "ABC abc xAbC",
        "xabc", "aBc ABc", "abc", "cde", "ae", "巡察组是", "组长是一个", "和 3、4", "县委巡察组",
        "bc c abab c", "aab xy xxy", "]b ab -b", "AB", "一二", "Az", "aab", "a.b", "ab",
        "ac bc", "abc", "年年", "2月02月", "iz hz", "针对“台账”", "XX ＸＸ ××", "””“",
        "12个", "y", "abcab", "a b", "2024年3月",
        "○○ ○", "abbc ac", "aab aaab", "ababc abc", "XＸy y", "xxy", "x{,2}y xy",
        "aaab", "中国人 人", "年月 年年月", "abcde cde",
    };
    for (size_t i = 0; i < sizeof pats / sizeof *pats; i++) {
        nl_pattern *p = compile(pats[i]);
        const char *src = nl_pattern_source(p);
        int code;
        PCRE2_SIZE off;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)src, strlen(src), PCRE2_UTF | PCRE2_UCP,
                                       &code, &off, NULL);
        cr_assert_not_null(re, "%s", src);
        pcre2_match_data *ref = pcre2_match_data_create_from_pattern(re, NULL);
        for (size_t j = 0; j < sizeof texts / sizeof *texts; j++) {
            const char *t = texts[j];
            size_t n = strlen(t);
            for (size_t from = 0; from <= n; from++) {
                if (from < n && ((unsigned char)t[from] & 0xC0) == 0x80)
                    continue;
                int want = pcre2_match(re, (PCRE2_SPTR)t, n, from, 0, ref, NULL) > 0;
                if (want)
                    cr_assert_eq(nl_pattern_may_match(p, t, from, n), 1,
                                 "'%s' on '%s' from %zu", src, t, from);
                cr_assert_eq(nl_pattern_match(p, t, 0, n, from, md), want,
                             "'%s' on '%s' from %zu", src, t, from);
                size_t a, b;
                if (want && nl_match_group(md, 0, 0, &a, &b)) {
                    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ref);
                    cr_assert(a == ov[0] && b == ov[1], "'%s' on '%s'", src, t);
                }
            }
        }
        pcre2_match_data_free(ref);
        pcre2_code_free(re);
        nl_pattern_free(p);
    }
}

/* The prefilter does reject: a required literal absent from the text
 * that is left, including one after a quantified part or in a class. */
Test(pattern, prefilter_rejects_without_the_literal)
{
    struct { const char *pat, *text; int may; } cases[] = {
        {"其它", "其他情况", 0},
        {"其它", "其它情况", 1},
        {"(?:中央|省委|[市县]委)巡察组", "县委巡视组", 0},
        {"(?:中央|省委|[市县]委)巡察组", "省委巡察组", 1},
        {"[（(]\\d+[）)]", "（1", 0},
        {"\\d+年\\d+月", "2024年", 0},
        {"a?bc", "ac", 0},
        {"(?i)abc", "x", 1},      /* case-insensitive: no requirement */
        {"(?x) a b", "x", 1},     /* extended mode: no requirement */
        {"\\Qab\\E", "x", 1},     /* not read: no requirement */
        {"[XＸ×]{2,}", "由某同志负责", 0}, /* {2,}: the class is required */
        {"[XＸ×]{2,}", "由X同志", 1},
        {"○{2,}", "某某", 0},
        {"ab+c", "ac", 0},
        {"ab+c", "abc", 1},
        {"x{0,2}y", "y", 1},       /* optional: only y is required */
        {"(?:ab|cd)+e", "e", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        nl_pattern *p = compile(cases[i].pat);
        size_t n = strlen(cases[i].text);
        cr_assert_eq(nl_pattern_may_match(p, cases[i].text, 0, n), cases[i].may,
                     "'%s' on '%s'", cases[i].pat, cases[i].text);
        nl_pattern_free(p);
    }
    /* only what lies at or after `from` counts */
    nl_pattern *p = compile("其它");
    const char *t = "其它 其他";
    cr_assert_eq(nl_pattern_may_match(p, t, 0, strlen(t)), 1);
    cr_assert_eq(nl_pattern_may_match(p, t, 3, strlen(t)), 0);
    nl_pattern_free(p);
}
