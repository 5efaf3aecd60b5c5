/*
 * test_fmt_text.c — the text format of `noticelint check` (fmt_text.c):
 * the header line, the excerpt and its underline for ASCII and CJK lines
 * (aligned by display width), tabs and control characters, combining marks,
 * zero-length spans, spans running onto later lines, the window cut out of
 * long lines, the suggestion line, ANSI colors, the width table, and the
 * closing summary with its singular and plural forms.  Every test compares
 * the exact output.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "rules.h"

static nl_doc *load_named(const char *name, const char *text)
{
    nl_doc *doc = NULL;
    nl_error err = {0};
    cr_assert_eq(nl_doc_load_bytes(name, text, strlen(text), &doc, &err), NL_OK,
                 "%s", err.text);
    return doc;
}

static nl_doc *load(const char *text)
{
    return load_named("t.txt", text);
}

static void add(nl_findings *f, const char *rule, int sev, size_t start,
                size_t end, const char *msg, const char *sugg)
{
    cr_assert_eq(nl_findings_add(f, rule, sev, (nl_span){start, end}, strdup(msg),
                                 sugg ? strdup(sugg) : NULL),
                 0);
}

/* Render the findings; the caller frees the result. */
static char *render(const nl_doc *doc, const nl_findings *f, int color)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    cr_assert_not_null(out);
    nl_fmt_text_findings(out, doc, f, color);
    cr_assert_eq(fclose(out), 0);
    return buf;
}

static char *render_summary(const nl_summary *s, int color)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    cr_assert_not_null(out);
    nl_fmt_text_summary(out, s, color);
    cr_assert_eq(fclose(out), 0);
    return buf;
}

/* One finding on `text`, rendered without color. */
static void expect_one(const char *text, size_t start, size_t end,
                       const char *want)
{
    nl_doc *doc = load(text);
    nl_findings f = {0};
    add(&f, "test.rule", NL_SEV_WARNING, start, end, "msg", NULL);
    char *got = render(doc, &f, 0);
    cr_assert_str_eq(got, want, "got:\n%s\nwant:\n%s", got, want);
    free(got);
    nl_findings_free(&f);
    nl_doc_free(doc);
}

Test(fmt_text, ascii_line)
{
    nl_doc *doc = load("first line\nhello world\n");
    nl_findings f = {0};
    add(&f, "test.ascii", NL_SEV_WARNING, 17, 22, "bad word 'world'", NULL);
    char *got = render(doc, &f, 0);
    cr_assert_str_eq(got, "t.txt:2:7: warning: bad word 'world' [test.ascii]\n"
                          "  hello world\n"
                          "        ^~~~~\n");
    free(got);
    nl_findings_free(&f);
    nl_doc_free(doc);
}

Test(fmt_text, cjk_line_is_aligned_by_display_width)
{
    /* 五 is column 5 (code points) but starts at display column 8. */
    nl_doc *doc = load("一二三四五六\n");
    nl_findings f = {0};
    add(&f, "test.cjk", NL_SEV_ERROR, 12, 15, "one character", NULL);
    add(&f, "test.cjk2", NL_SEV_INFO, 12, 18, "two characters", NULL);
    char *got = render(doc, &f, 0);
    cr_assert_str_eq(got, "t.txt:1:5: error: one character [test.cjk]\n"
                          "  一二三四五六\n"
                          "          ^~\n"
                          "t.txt:1:5: info: two characters [test.cjk2]\n"
                          "  一二三四五六\n"
                          "          ^~~~\n");
    free(got);
    nl_findings_free(&f);
    nl_doc_free(doc);
}

Test(fmt_text, mixed_width_and_fullwidth_punctuation)
{
    /* "ab（一）c": 'c' is code point 6 but display column 9 (8 columns
     * before it). */
    expect_one("ab\xef\xbc\x88一\xef\xbc\x89" "c\n", 11, 12,
               "t.txt:1:6: warning: msg [test.rule]\n"
               "  ab（一）c\n"
               "          ^\n");
}

Test(fmt_text, zero_length_span)
{
    expect_one("abc\n", 1, 1,
               "t.txt:1:2: warning: msg [test.rule]\n"
               "  abc\n"
               "   ^\n");
    /* At the end of the line: the caret sits just past the last character. */
    expect_one("一二\n", 6, 6,
               "t.txt:1:3: warning: msg [test.rule]\n"
               "  一二\n"
               "      ^\n");
    /* At the very start of an empty document. */
    expect_one("", 0, 0,
               "t.txt:1:1: warning: msg [test.rule]\n"
               "  \n"
               "  ^\n");
}

Test(fmt_text, span_onto_later_line_underlines_to_end_of_first)
{
    expect_one("abc\ndef\n", 1, 6,
               "t.txt:1:2: warning: msg [test.rule]\n"
               "  abc\n"
               "   ^~\n");
}

Test(fmt_text, crlf_and_second_line)
{
    expect_one("ab\r\ncd\r\n", 4, 6,
               "t.txt:2:1: warning: msg [test.rule]\n"
               "  cd\n"
               "  ^~\n");
}

Test(fmt_text, tabs_and_controls_print_as_one_space)
{
    expect_one("a\tb\x1b[31mc\n", 2, 3,
               "t.txt:1:3: warning: msg [test.rule]\n"
               "  a b [31mc\n"
               "    ^\n");
}

Test(fmt_text, combining_marks_have_no_width)
{
    /* e + U+0301, then x: x is code point 3, display column 1 (0-based). */
    expect_one("e\xcc\x81x\n", 3, 4,
               "t.txt:1:3: warning: msg [test.rule]\n"
               "  e\xcc\x81x\n"
               "   ^\n");
}

/* A line of `n` ASCII digits 0123456789 repeated. */
static char *digits(size_t n)
{
    char *s = malloc(n + 2);
    for (size_t i = 0; i < n; i++)
        s[i] = (char)('0' + i % 10);
    s[n] = '\n';
    s[n + 1] = '\0';
    return s;
}

Test(fmt_text, long_line_window_in_the_middle)
{
    char *line = digits(300);
    /* Span [200, 203): 3 columns; the window holds 98 columns centred on
     * it: columns [153, 251), with "…" at both ends. */
    char want[1024];
    snprintf(want, sizeof want,
             "t.txt:1:201: warning: msg [test.rule]\n"
             "  …%.98s…\n"
             "  %48s^~~\n",
             line + 153, "");
    expect_one(line, 200, 203, want);
    free(line);
}

Test(fmt_text, long_line_window_at_start_and_end)
{
    char *line = digits(300);
    char want[1024];
    /* Near the start: nothing cut on the left. */
    snprintf(want, sizeof want,
             "t.txt:1:6: warning: msg [test.rule]\n"
             "  %.98s…\n"
             "  %5s^\n",
             line, "");
    expect_one(line, 5, 6, want);
    /* Near the end: the last 98 columns, "…" on the left only. */
    snprintf(want, sizeof want,
             "t.txt:1:296: warning: msg [test.rule]\n"
             "  …%.98s\n"
             "  %94s^~~~~\n",
             line + 202, "");
    expect_one(line, 295, 300, want);
    /* A line of exactly 100 columns is shown whole. */
    char *hundred = digits(100);
    snprintf(want, sizeof want,
             "t.txt:1:100: warning: msg [test.rule]\n"
             "  %.100s\n"
             "  %99s^\n",
             hundred, "");
    expect_one(hundred, 99, 100, want);
    free(hundred);
    free(line);
}

Test(fmt_text, long_span_is_clipped_to_the_window)
{
    char *line = digits(300);
    /* Span [50, 280) is wider than the window: 10 columns of left context,
     * then the underline runs to the window's right edge. */
    char want[1024], tildes[128];
    memset(tildes, '~', 87);
    tildes[87] = '\0';
    snprintf(want, sizeof want,
             "t.txt:1:51: warning: msg [test.rule]\n"
             "  …%.98s…\n"
             "  %11s^%s\n",
             line + 40, "", tildes);
    expect_one(line, 50, 280, want);
    free(line);
}

Test(fmt_text, long_cjk_line_window_snaps_to_characters)
{
    /* 100 ideographs (200 columns); span = characters 60 and 61 (display
     * columns 120..124).  Window [73, 171) → whole characters 37..84 (display
     * 74..170), so the shown text starts at display column 74. */
    char text[400], shown[200], want[1024];
    size_t k = 0;
    for (int i = 0; i < 100; i++) {
        const char *c = i % 2 ? "二" : "一";
        memcpy(text + k, c, 3);
        k += 3;
    }
    text[k++] = '\n';
    text[k] = '\0';
    memcpy(shown, text + 37 * 3, 48 * 3);
    shown[48 * 3] = '\0';
    snprintf(want, sizeof want,
             "t.txt:1:61: warning: msg [test.rule]\n"
             "  …%s…\n"
             "  %47s^~~~\n",
             shown, "");
    expect_one(text, 180, 186, want);
}

Test(fmt_text, suggestion_line)
{
    nl_doc *doc = load("联系电话：123\n");
    nl_findings f = {0};
    add(&f, "contact.phone", NL_SEV_WARNING, 15, 18, "phone number too short",
        "0791-12345678");
    char *got = render(doc, &f, 0);
    cr_assert_str_eq(got, "t.txt:1:6: warning: phone number too short [contact.phone]\n"
                          "  联系电话：123\n"
                          "            ^~~\n"
                          "  suggestion: 0791-12345678\n");
    free(got);
    nl_findings_free(&f);
    nl_doc_free(doc);
}

Test(fmt_text, color_on_and_off)
{
    nl_doc *doc = load("abc\n");
    nl_findings f = {0};
    add(&f, "r.e", NL_SEV_ERROR, 0, 2, "e", NULL);
    add(&f, "r.w", NL_SEV_WARNING, 1, 2, "w", "x");
    add(&f, "r.i", NL_SEV_INFO, 2, 2, "i", NULL);
    char *got = render(doc, &f, 1);
    cr_assert_str_eq(got,
                     "t.txt:1:1: \033[1;31merror\033[0m: e \033[2m[r.e]\033[0m\n"
                     "  abc\n"
                     "  \033[1;32m^~\033[0m\n"
                     "t.txt:1:2: \033[1;33mwarning\033[0m: w \033[2m[r.w]\033[0m\n"
                     "  abc\n"
                     "   \033[1;32m^\033[0m\n"
                     "  suggestion: x\n"
                     "t.txt:1:3: \033[1;34minfo\033[0m: i \033[2m[r.i]\033[0m\n"
                     "  abc\n"
                     "    \033[1;32m^\033[0m\n");
    free(got);
    got = render(doc, &f, 0);
    cr_assert_null(strchr(got, '\033'));
    cr_assert_str_eq(got, "t.txt:1:1: error: e [r.e]\n  abc\n  ^~\n"
                          "t.txt:1:2: warning: w [r.w]\n  abc\n   ^\n  suggestion: x\n"
                          "t.txt:1:3: info: i [r.i]\n  abc\n    ^\n");
    free(got);
    nl_findings_free(&f);
    nl_doc_free(doc);
}

Test(fmt_text, no_findings_prints_nothing)
{
    nl_doc *doc = load("abc\n");
    nl_findings f = {0};
    char *got = render(doc, &f, 1);
    cr_assert_str_eq(got, "");
    free(got);
    got = render(doc, NULL, 0);
    cr_assert_str_eq(got, "");
    free(got);
    nl_doc_free(doc);
}

Test(fmt_text, width_table)
{
    cr_assert_eq(nl_fmt_cp_width('a'), 1);
    cr_assert_eq(nl_fmt_cp_width('\t'), 1);
    cr_assert_eq(nl_fmt_cp_width(0x4E00), 2);   /* 一 */
    cr_assert_eq(nl_fmt_cp_width(0x9FFF), 2);
    cr_assert_eq(nl_fmt_cp_width(0x3400), 2);   /* extension A */
    cr_assert_eq(nl_fmt_cp_width(0x20000), 2);  /* extension B */
    cr_assert_eq(nl_fmt_cp_width(0x3000), 2);   /* ideographic space */
    cr_assert_eq(nl_fmt_cp_width(0x3001), 2);   /* 、 */
    cr_assert_eq(nl_fmt_cp_width(0xFF0C), 2);   /* ， */
    cr_assert_eq(nl_fmt_cp_width(0xFF61), 1);   /* half-width 。 */
    cr_assert_eq(nl_fmt_cp_width(0xFFE5), 2);   /* ￥ */
    cr_assert_eq(nl_fmt_cp_width(0xAC00), 2);   /* 가 */
    cr_assert_eq(nl_fmt_cp_width(0x3042), 2);   /* あ */
    cr_assert_eq(nl_fmt_cp_width(0x3220), 2);   /* ㈠ */
    cr_assert_eq(nl_fmt_cp_width(0xF900), 2);
    cr_assert_eq(nl_fmt_cp_width(0xFE30), 2);
    cr_assert_eq(nl_fmt_cp_width(0x0301), 0);   /* combining acute */
    cr_assert_eq(nl_fmt_cp_width(0x200B), 0);   /* zero-width space */
    cr_assert_eq(nl_fmt_cp_width(0x2026), 1);   /* … */
    cr_assert_eq(nl_fmt_cp_width(0x2460), 1);   /* ① (ambiguous: narrow) */
    cr_assert_eq(nl_fmt_cp_width(0xFFFD), 1);
}

Test(fmt_text, summary_counts)
{
    nl_summary s = {0};
    nl_findings a = {0}, none = {0};
    add(&a, "r", NL_SEV_ERROR, 0, 0, "m", NULL);
    add(&a, "r", NL_SEV_ERROR, 0, 0, "m", NULL);
    add(&a, "r", NL_SEV_INFO, 0, 0, "m", NULL);
    nl_summary_add(&s, &a);
    nl_summary_add(&s, &none);
    nl_summary_add(&s, NULL);
    cr_assert_eq(s.files, 3);
    cr_assert_eq(s.files_with_findings, 1);
    cr_assert_eq(s.findings, 3);
    cr_assert_eq(s.by_severity[NL_SEV_ERROR], 2);
    cr_assert_eq(s.by_severity[NL_SEV_WARNING], 0);
    cr_assert_eq(s.by_severity[NL_SEV_INFO], 1);
    char *got = render_summary(&s, 0);
    cr_assert_str_eq(got, "2 errors, 0 warnings, 1 info in 3 files (1 with findings)\n");
    free(got);
    nl_findings_free(&a);
}

Test(fmt_text, summary_singular_and_plural)
{
    nl_summary one = {1, 1, 3, {1, 1, 1}};
    char *got = render_summary(&one, 0);
    cr_assert_str_eq(got, "1 error, 1 warning, 1 info in 1 file (1 with findings)\n");
    free(got);
    nl_summary many = {12, 2, 9, {4, 3, 2}};
    got = render_summary(&many, 0);
    cr_assert_str_eq(got, "2 errors, 3 warnings, 4 infos in 12 files (2 with findings)\n");
    free(got);
    nl_summary clean1 = {1, 0, 0, {0, 0, 0}};
    got = render_summary(&clean1, 0);
    cr_assert_str_eq(got, "no findings in 1 file\n");
    free(got);
    nl_summary clean0 = {0, 0, 0, {0, 0, 0}};
    got = render_summary(&clean0, 0);
    cr_assert_str_eq(got, "no findings in 0 files\n");
    free(got);
    nl_summary clean5 = {5, 0, 0, {0, 0, 0}};
    got = render_summary(&clean5, 0);
    cr_assert_str_eq(got, "no findings in 5 files\n");
    free(got);
}

Test(fmt_text, summary_color)
{
    nl_summary s = {2, 1, 1, {0, 1, 0}};
    char *got = render_summary(&s, 1);
    cr_assert_str_eq(got, "0 errors, \033[1;33m1 warning\033[0m, 0 infos in 2 files "
                          "(1 with findings)\n");
    free(got);
    nl_summary clean = {2, 0, 0, {0, 0, 0}};
    got = render_summary(&clean, 1);
    cr_assert_str_eq(got, "\033[1;32mno findings\033[0m in 2 files\n");
    free(got);
}

/* A small worked example of the text format (docs/output.md shows real output). */
Test(fmt_text, docs_example)
{
    const char *text = "关于巡察整改情况的通报\n截止目前，6项问题已全部完成整改。\n"
                       "联系电话：0769-229071\n";
    nl_doc *doc = load_named("notice.txt", text);
    nl_findings f = {0};
    size_t p = (size_t)(strstr(text, "0769") - text);
    add(&f, "contact.phone-format", NL_SEV_ERROR, p, p + 11,
        "电话号码“0769-229071”格式不正确", NULL);
    p = (size_t)(strstr(text, "截止") - text);
    add(&f, "text.usage", NL_SEV_WARNING, p, p + 6, "用词不规范：“截止”应为“截至”", "截至");
    p = strlen(text) - 1;
    add(&f, "required.signature", NL_SEV_WARNING, p, p, "文末缺少落款单位", NULL);
    nl_findings_sort(&f);
    nl_summary s = {0};
    nl_summary_add(&s, &f);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    nl_fmt_text_findings(out, doc, &f, 0);
    nl_fmt_text_summary(out, &s, 0);
    fclose(out);
    cr_assert_str_eq(buf,
                     "notice.txt:2:1: warning: 用词不规范：“截止”应为“截至” [text.usage]\n"
                     "  截止目前，6项问题已全部完成整改。\n"
                     "  ^~~~\n"
                     "  suggestion: 截至\n"
                     "notice.txt:3:6: error: 电话号码“0769-229071”格式不正确 [contact.phone-format]\n"
                     "  联系电话：0769-229071\n"
                     "            ^~~~~~~~~~~\n"
                     "notice.txt:3:17: warning: 文末缺少落款单位 [required.signature]\n"
                     "  联系电话：0769-229071\n"
                     "                       ^\n"
                     "1 error, 2 warnings, 0 infos in 1 file (1 with findings)\n");
    free(buf);
    nl_findings_free(&f);
    nl_doc_free(doc);
}
