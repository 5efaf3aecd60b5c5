/*
 * test_cnum.c — numerals: parse, span and format.
 *
 * Every input is copied into a heap buffer of exactly its length (no NUL),
 * so ASan reports any read past n.  The last test round-trips 1..9999
 * through nl_cnum_format and nl_cnum_parse.
 */
#include "cnum.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

/* Run nl_cnum_parse / nl_cnum_span on an exact-size copy of str. */
static long parse(const char *str)
{
    size_t n = strlen(str);
    char *p = malloc(n ? n : 1);
    cr_assert(p);
    memcpy(p, str, n);
    long v = nl_cnum_parse(p, n);
    free(p);
    return v;
}

static size_t span(const char *str)
{
    size_t n = strlen(str);
    char *p = malloc(n ? n : 1);
    cr_assert(p);
    memcpy(p, str, n);
    size_t k = nl_cnum_span(p, n);
    free(p);
    return k;
}

#define PARSES(str, want) cr_expect_eq(parse(str), (want), "%s", str)

Test(cnum, arabic)
{
    PARSES("12", 12);
    PARSES("0", 0);
    PARSES("007", 7);
    PARSES("１２", 12);
    PARSES("１2", 12); /* mixed widths are still Arabic */
    PARSES("99999999", 99999999);
    PARSES("100000000", -1);
    PARSES("12a", -1);
    PARSES("1二", -1);
    PARSES("", -1);
    cr_expect_eq(nl_cnum_parse("12", 0), -1);
}

Test(cnum, units)
{
    PARSES("十", 10);
    PARSES("十一", 11);
    PARSES("二十", 20);
    PARSES("四十四", 44);
    PARSES("九十九", 99);
    PARSES("一百", 100);
    PARSES("一百零五", 105);
    PARSES("一百一十", 110);
    PARSES("三千二百", 3200);
    PARSES("一千零五十", 1050);
    PARSES("一千零一十", 1010);
    PARSES("两百", 200);
    PARSES("十万", 100000);
    PARSES("一万零五", 10005);
    PARSES("三千万", 30000000);
    PARSES("九千九百九十九万九千九百九十九", 99999999);
    PARSES("壹佰零伍", 105);
    PARSES("拾贰", 12);
    PARSES("一百〇五", 105);
}

Test(cnum, single_and_positional)
{
    PARSES("〇", 0);
    PARSES("零", 0);
    PARSES("两", 2);
    PARSES("七", 7);
    PARSES("二〇二四", 2024);
    PARSES("二零二四", 2024);
    PARSES("一二", 12);
    PARSES("五零", 50);
    PARSES("两两", -1); /* 两 is not a positional digit */
    PARSES("一二三四五六七八九", -1);
}

Test(cnum, rejects)
{
    PARSES("十十", -1);
    PARSES("百", -1);
    PARSES("万", -1);
    PARSES("一百十", -1);     /* bare 十 only leads */
    PARSES("一百五", -1);     /* colloquial 150, ambiguous */
    PARSES("一万五", -1);
    PARSES("一百零", -1);     /* trailing 零 */
    PARSES("零五十", -1);     /* leading 零 */
    PARSES("一百零零五", -1);
    PARSES("一百零一十", -1); /* 零 without a gap */
    PARSES("一二十", -1);
    PARSES("百千", -1);
    PARSES("一万二万", -1);
    PARSES("3千", -1);
    PARSES("二〇二四年", -1);
    PARSES("abc", -1);
}

Test(cnum, respects_n)
{
    cr_expect_eq(nl_cnum_parse("十二", 3), 10);
    cr_expect_eq(nl_cnum_parse("十二", 4), -1); /* cut inside 二 */
    cr_expect_eq(nl_cnum_parse("123", 2), 12);
    cr_expect_eq(nl_cnum_span("十二", 4), 3);
    cr_expect_eq(nl_cnum_span("１", 2), 0);
}

Test(cnum, span)
{
    cr_expect_eq(span("四十四、关于"), 9);
    cr_expect_eq(span("abc"), 0);
    cr_expect_eq(span(""), 0);
    cr_expect_eq(span("１２３号"), 9);
    cr_expect_eq(span("2024年"), 4);
    cr_expect_eq(span("二〇二四年"), 12);
    cr_expect_eq(span("十一月"), 6);
    cr_expect_eq(span("一百五"), 6);        /* the longest valid prefix: 一百 */
    cr_expect_eq(span("123456789x"), 0);    /* an Arabic run is never split */
    cr_expect_eq(span("12三"), 2);
    cr_expect_eq(span("三12"), 3);
    /* only the first 32 characters of a Chinese run are tried */
    cr_expect_eq(span("零零零零零零零零零零零零零零零零零零零零零零零零零零零零零零零零零零"), 96);
}

Test(cnum, format)
{
    static const struct {
        long v;
        const char *text;
    } cases[] = {
        {1, "一"},       {10, "十"},           {11, "十一"},
        {20, "二十"},    {44, "四十四"},       {99, "九十九"},
        {105, "一百零五"}, {110, "一百一十"},  {1010, "一千零一十"},
        {1005, "一千零五"}, {3200, "三千二百"}, {9999, "九千九百九十九"},
    };
    char buf[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = nl_cnum_format(cases[i].v, buf, sizeof buf);
        cr_expect_str_eq(buf, cases[i].text, "%ld", cases[i].v);
        cr_expect_eq(len, strlen(cases[i].text));
    }
    cr_expect_eq(nl_cnum_format(0, buf, sizeof buf), 0);
    cr_expect_eq(nl_cnum_format(10000, buf, sizeof buf), 0);
    cr_expect_eq(nl_cnum_format(11, buf, 6), 0); /* no room for the NUL */
    cr_expect_str_eq(buf, "");
    cr_expect_eq(nl_cnum_format(11, buf, 7), 6);
    cr_expect_eq(nl_cnum_format(11, NULL, 0), 0);
}

Test(cnum, round_trip)
{
    char buf[64];
    for (long v = 1; v <= 9999; v++) {
        size_t len = nl_cnum_format(v, buf, sizeof buf);
        cr_assert_gt(len, 0, "%ld", v);
        cr_assert_eq(nl_cnum_parse(buf, len), v, "%ld -> %s", v, buf);
        cr_assert_eq(nl_cnum_span(buf, len), len, "%ld -> %s", v, buf);
    }
}
