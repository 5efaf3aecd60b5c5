/*
 * test_date.c — dates: parse (forms and style flags), validity, year
 * inference, day arithmetic, ISO text and ordering.
 *
 * Inputs are copied into heap buffers of exactly their length (no NUL), so
 * ASan reports any read past n.  Expected day counts were computed with
 * Python's datetime.
 */
#include "date.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

enum { YMD = NL_DATE_HAS_YEAR | NL_DATE_HAS_MONTH | NL_DATE_HAS_DAY };

/* nl_date_parse on an exact-size copy of str[0..n). */
static int parse_n(const char *str, size_t n, nl_date *d)
{
    char *p = malloc(n ? n : 1);
    cr_assert(p);
    memcpy(p, str, n);
    *d = (nl_date){-1, -1, -1};
    int flags = nl_date_parse(p, n, d);
    free(p);
    return flags;
}

static int parse(const char *str, nl_date *d)
{
    return parse_n(str, strlen(str), d);
}

static nl_date mk(int y, int m, int d)
{
    return (nl_date){y, m, d};
}

#define PARSES(str, y, m, d, want_flags)                                      \
    do {                                                                      \
        nl_date got_;                                                         \
        int f_ = parse(str, &got_);                                           \
        cr_expect_eq(f_, (want_flags), "%s: flags %d", str, f_);              \
        cr_expect(got_.year == (y) && got_.month == (m) && got_.day == (d),   \
                  "%s: got %d-%d-%d", str, got_.year, got_.month, got_.day);  \
    } while (0)

#define NOT_DATE(str)                                                         \
    do {                                                                      \
        nl_date got_;                                                         \
        cr_expect_eq(parse(str, &got_), 0, "%s", str);                        \
        cr_expect_eq(got_.year, -1, "%s: *out touched", str);                 \
    } while (0)

Test(date, marker_forms)
{
    PARSES("2023年3月7日", 2023, 3, 7, YMD);
    PARSES("7月27日", 0, 7, 27, NL_DATE_HAS_MONTH | NL_DATE_HAS_DAY);
    PARSES("7月27号", 0, 7, 27, NL_DATE_HAS_MONTH | NL_DATE_HAS_DAY);
    PARSES("2023年3月", 2023, 3, 0, NL_DATE_HAS_YEAR | NL_DATE_HAS_MONTH);
    PARSES("3月", 0, 3, 0, NL_DATE_HAS_MONTH);
    PARSES("27日", 0, 0, 27, NL_DATE_HAS_DAY);
    PARSES("2024年", 2024, 0, 0, NL_DATE_HAS_YEAR);
    PARSES("２０２４年２月２日", 2024, 2, 2, YMD);
    PARSES("2023年3 月 7 日", 2023, 3, 7, YMD);
    PARSES("  2023年3月7日　", 2023, 3, 7, YMD);
    PARSES("　7月27日 ", 0, 7, 27, NL_DATE_HAS_MONTH | NL_DATE_HAS_DAY);
}

Test(date, numeric_forms)
{
    PARSES("2024-02-02", 2024, 2, 2, YMD | NL_DATE_NUMERIC | NL_DATE_ZERO_PADDED);
    PARSES("2024.2.2", 2024, 2, 2, YMD | NL_DATE_NUMERIC);
    PARSES("2024/2/2", 2024, 2, 2, YMD | NL_DATE_NUMERIC);
    PARSES("2024/12/31", 2024, 12, 31, YMD | NL_DATE_NUMERIC);
    PARSES("２０２４－２－２", 2024, 2, 2, YMD | NL_DATE_NUMERIC);
    PARSES("2024-02", 2024, 2, 0,
           NL_DATE_HAS_YEAR | NL_DATE_HAS_MONTH | NL_DATE_NUMERIC | NL_DATE_ZERO_PADDED);
}

Test(date, style_flags)
{
    PARSES("2024年02月02日", 2024, 2, 2, YMD | NL_DATE_ZERO_PADDED);
    PARSES("2024年2月02日", 2024, 2, 2, YMD | NL_DATE_ZERO_PADDED);
    PARSES("二〇二四年二月二日", 2024, 2, 2, YMD | NL_DATE_CHINESE);
    PARSES("二零二四年十二月三十一日", 2024, 12, 31, YMD | NL_DATE_CHINESE);
    PARSES("2024年十月1日", 2024, 10, 1, YMD | NL_DATE_CHINESE);
    PARSES("24年3月5日", 2024, 3, 5, YMD | NL_DATE_SHORT_YEAR);
    PARSES("二四年三月", 2024, 3, 0,
           NL_DATE_HAS_YEAR | NL_DATE_HAS_MONTH | NL_DATE_SHORT_YEAR | NL_DATE_CHINESE);
}

Test(date, no_range_check_when_parsing)
{
    PARSES("2023年2月30日", 2023, 2, 30, YMD);
    PARSES("2023年13月1日", 2023, 13, 1, YMD);
    PARSES("1800年1月1日", 1800, 1, 1, YMD);
}

Test(date, not_dates)
{
    NOT_DATE("年月日");
    NOT_DATE("2023");
    NOT_DATE("abc");
    NOT_DATE("");
    NOT_DATE("   ");
    NOT_DATE("2023年7日");      /* month missing in between */
    NOT_DATE("3月2023年");      /* wrong order */
    NOT_DATE("7月27日7月");
    NOT_DATE("2023年3月7日前");
    NOT_DATE("3年");            /* a duration, not a year */
    NOT_DATE("123月");
    NOT_DATE("0月");
    NOT_DATE("0000年");
    NOT_DATE("2024-02/02");     /* mixed separators */
    NOT_DATE("2024-02-02-01");
    NOT_DATE("24-2-2");         /* numeric needs a four-digit year */
    NOT_DATE("2024-");
    NOT_DATE("2024.二.2");
    NOT_DATE("2024年2月2");
    NOT_DATE("20 24年");
}

Test(date, respects_n)
{
    nl_date d;
    cr_expect_eq(parse_n("2023年3月7日", 11, &d), NL_DATE_HAS_YEAR | NL_DATE_HAS_MONTH);
    cr_expect_eq(d.month, 3);
    cr_expect_eq(parse_n("2023年3月7日", 10, &d), 0);
    cr_expect_eq(nl_date_parse("3月", 4, NULL), NL_DATE_HAS_MONTH);
}

Test(date, valid)
{
    cr_expect_not(nl_date_valid(mk(2023, 2, 29)));
    cr_expect(nl_date_valid(mk(2024, 2, 29)));
    cr_expect(nl_date_valid(mk(2000, 2, 29)));
    cr_expect_not(nl_date_valid(mk(1900, 2, 29)));
    cr_expect_not(nl_date_valid(mk(2023, 13, 1)));
    cr_expect_not(nl_date_valid(mk(2023, 4, 31)));
    cr_expect(nl_date_valid(mk(2023, 12, 31)));
    cr_expect_not(nl_date_valid(mk(1899, 12, 31)));
    cr_expect_not(nl_date_valid(mk(3000, 1, 1)));
    cr_expect(nl_date_valid(mk(0, 2, 29)));   /* could be a leap year */
    cr_expect_not(nl_date_valid(mk(0, 2, 30)));
    cr_expect(nl_date_valid(mk(0, 12, 0)));
    cr_expect_not(nl_date_valid(mk(0, 13, 0)));
    cr_expect(nl_date_valid(mk(2023, 3, 0)));
    cr_expect(nl_date_valid(mk(2023, 0, 0)));
    cr_expect(nl_date_valid(mk(0, 0, 31)));
    cr_expect_not(nl_date_valid(mk(0, 0, 32)));
    cr_expect_not(nl_date_valid(mk(2023, 0, 5))); /* no month between */
    cr_expect_not(nl_date_valid(mk(0, 0, 0)));
    cr_expect_not(nl_date_valid(mk(2023, -1, 5)));

    nl_date d;
    cr_assert(parse("2023年2月29日", &d));
    cr_expect_not(nl_date_valid(d));
    cr_assert(parse("2024年2月29日", &d));
    cr_expect(nl_date_valid(d));
}

Test(date, infer_year)
{
    nl_date ctx, d;
    char buf[16];
    cr_assert(parse("2023年3月7日", &ctx));
    cr_assert(parse("7月27日", &d));
    d = nl_date_infer_year(d, ctx);
    cr_expect_str_eq(nl_date_iso(d, buf, sizeof buf), "2023-07-27");

    d = nl_date_infer_year(mk(2022, 1, 1), ctx); /* has its own year */
    cr_expect_eq(d.year, 2022);
    d = nl_date_infer_year(mk(0, 5, 1), mk(0, 4, 1)); /* context has none */
    cr_expect_eq(d.year, 0);
}

Test(date, range_second_part_inherits_year)
{
    const char *text = "2023年7月12日-9月22日";
    const char *dash = strchr(text, '-');
    nl_date from, to;
    char buf[16];
    cr_assert(dash);
    cr_assert_eq(parse_n(text, (size_t)(dash - text), &from), YMD);
    cr_assert_eq(parse(dash + 1, &to), NL_DATE_HAS_MONTH | NL_DATE_HAS_DAY);
    to = nl_date_infer_year(to, from);
    cr_expect_str_eq(nl_date_iso(to, buf, sizeof buf), "2023-09-22");
    cr_expect_eq(nl_date_diff(from, to), 72);
    cr_expect_eq(nl_date_cmp(from, to), -1);
}

Test(date, days_and_diff)
{
    cr_expect_eq(nl_date_days(mk(1970, 1, 1)), 0);
    cr_expect_eq(nl_date_days(mk(1969, 12, 31)), -1);
    cr_expect_eq(nl_date_days(mk(2024, 2, 2)), 19755);
    cr_expect_eq(nl_date_days(mk(2000, 3, 1)), 11017);
    cr_expect_eq(nl_date_days(mk(1900, 1, 1)), -25567);
    cr_expect_eq(nl_date_days(mk(2999, 12, 31)), 376199);
    cr_expect_eq(nl_date_diff(mk(2023, 7, 27), mk(2024, 2, 2)), 190);
    cr_expect_eq(nl_date_diff(mk(2024, 2, 2), mk(2023, 7, 27)), -190);
    cr_expect_eq(nl_date_diff(mk(2024, 2, 28), mk(2024, 3, 1)), 2);
    cr_expect_eq(nl_date_diff(mk(2023, 2, 28), mk(2023, 3, 1)), 1);
}

Test(date, iso)
{
    char buf[11];
    cr_expect_str_eq(nl_date_iso(mk(2024, 2, 2), buf, sizeof buf), "2024-02-02");
    cr_expect_str_eq(nl_date_iso(mk(2024, 2, 0), buf, sizeof buf), "2024-02");
    cr_expect_str_eq(nl_date_iso(mk(0, 2, 2), buf, sizeof buf), "");
    cr_expect_str_eq(nl_date_iso(mk(2024, 0, 0), buf, sizeof buf), "");
    cr_expect_str_eq(nl_date_iso(mk(2024, 12, 31), buf, 5), "2024");
    cr_expect_eq(nl_date_iso(mk(2024, 2, 2), buf, 0), buf);
}

Test(date, cmp)
{
    cr_expect_eq(nl_date_cmp(mk(2024, 2, 2), mk(2024, 2, 2)), 0);
    cr_expect_eq(nl_date_cmp(mk(2023, 12, 31), mk(2024, 1, 1)), -1);
    cr_expect_eq(nl_date_cmp(mk(2024, 3, 1), mk(2024, 2, 29)), 1);
    cr_expect_eq(nl_date_cmp(mk(2024, 2, 0), mk(2024, 2, 1)), -1);
    cr_expect_eq(nl_date_cmp(mk(0, 7, 27), mk(2023, 1, 1)), -1);
}
