/*
 * date.h — interpret a date as written in a notice.
 *
 * Finding dates in text is done elsewhere (regexes); this module reads one
 * given substring: 2023年3月7日, 7月27日, 2023年3月, 3月, 27日 (号 also ends a
 * day), 2024年 (year only), 2024-02-02, 2024.2.2, 2024/2/2, 2024-02 and the
 * same with full-width digits or separators, Chinese numerals
 * (二〇二四年二月二日, 十二月三十一日) and stray spaces (2023年3 月 7 日).
 * Parsing does not check ranges, so a checker can report 2023年2月30日;
 * nl_date_valid() does.  A year is four digits, two digits (24年 → 2024,
 * NL_DATE_SHORT_YEAR) or a Chinese numeral with units of at least 1000;
 * months and days are at most two digits and never 0 (0 means "absent").
 * Numeric forms need a four-digit year and one separator used throughout.
 * Inputs are UTF-8 and not NUL-terminated: (s, n), never read past n.
 */
#ifndef NL_DATE_H
#define NL_DATE_H

#include <stddef.h>

typedef struct nl_date {
    int year, month, day; /* 0 = part absent */
} nl_date;

enum { /* style flags returned by nl_date_parse */
    NL_DATE_HAS_YEAR = 1,
    NL_DATE_HAS_MONTH = 2,
    NL_DATE_HAS_DAY = 4,
    NL_DATE_ZERO_PADDED = 8, /* a month or day written "02" */
    NL_DATE_CHINESE = 16,    /* some part in Chinese numerals */
    NL_DATE_NUMERIC = 32,    /* separators - . / (or full-width) */
    NL_DATE_SHORT_YEAR = 64  /* two-digit year "24年" */
};

/* Parse the date that is exactly s[0..n) (leading and trailing ASCII or
 * full-width spaces allowed).  Returns the style flags (> 0) and fills *out,
 * or returns 0 and leaves *out untouched if s[0..n) is not a date. */
int nl_date_parse(const char *s, size_t n, nl_date *out);

/* 1 if the parts present form a real date: a year, if present, 1900–2999;
 * a month 1–12; a day within its month (Gregorian leap years; 29 for 2月
 * without a year; 1–31 without a month, but a year and day with no month is
 * invalid).  All parts absent is invalid. */
int nl_date_valid(nl_date d);

/* d with its year taken from `context` (the nearest preceding full date)
 * when d has none; unchanged if context has no year either. */
nl_date nl_date_infer_year(nl_date d, nl_date context);

/* Days since 1970-01-01 (proleptic Gregorian) of a full valid date. */
long nl_date_days(nl_date d);

/* Days from a to b (b - a); both full valid dates. */
long nl_date_diff(nl_date a, nl_date b);

/* "2024-02-02", "2024-02" without a day, "" without a year or month.
 * Truncated to size (11 bytes always suffice for years 1000–9999).
 * Returns buf. */
char *nl_date_iso(nl_date d, char *buf, size_t size);

/* -1, 0 or 1 comparing year, then month, then day (absent parts as 0). */
int nl_date_cmp(nl_date a, nl_date b);

#endif
