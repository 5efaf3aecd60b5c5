/*
 * date.c — read dates as notices write them (see date.h).
 *
 * A date is numerals (read by cnum.c) separated by spaces and either the
 * markers 年 月 日/号 or one separator (- . / or full-width).  The marker
 * form accepts any contiguous run of 年→月→日 parts; the numeric form
 * needs a four-digit Arabic year followed by a month and optionally a day.
 * Each numeral is described by struct num (value, positional digit count,
 * Chinese or not, zero padding) and checked for shape here, never for range.
 * Calendar arithmetic uses the days-from-civil algorithm (H. Hinnant):
 * shifting the year to start in March puts the leap day last.
 */
#include "date.h"

#include "cnum.h"

#include <stdio.h>
#include <string.h>

struct num {
    long value;
    int digits;  /* code points of a positional numeral; 0 with units */
    int chinese; /* written in Chinese numerals */
    int padded;  /* a positional numeral with a leading zero: "02" */
};

static const char *const markers[] = {"年", "月", "日", "号"};
static const char *const seps[] = {"-", ".", "/", "－", "．", "／"};
static const char *const units[] = {"十", "百", "千", "万", "拾", "佰", "仟"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Index of the first of list[0..count) that s[*i..n) starts with (and
 * advance *i past it), or -1. */
static int match(const char *s, size_t n, size_t *i, const char *const *list,
                 size_t count)
{
    for (size_t k = 0; k < count; k++) {
        size_t len = strlen(list[k]);
        if (n - *i >= len && memcmp(s + *i, list[k], len) == 0) {
            *i += len;
            return (int)k;
        }
    }
    return -1;
}

/* Bytes of the space (ASCII, U+3000 or U+00A0) at s[i..n), 0 if none. */
static size_t space_at(const char *s, size_t n, size_t i)
{
    if (i < n && (s[i] == ' ' || s[i] == '\t'))
        return 1;
    if (n - i >= 3 && memcmp(s + i, "\xE3\x80\x80", 3) == 0)
        return 3;
    if (n - i >= 2 && memcmp(s + i, "\xC2\xA0", 2) == 0)
        return 2;
    return 0;
}

static size_t skip_space(const char *s, size_t n, size_t i)
{
    size_t k;
    while (i < n && (k = space_at(s, n, i)) > 0)
        i += k;
    return i;
}

/* Length of s[0..n) without trailing spaces (their lead bytes are unique). */
static size_t trim_end(const char *s, size_t n)
{
    for (;;) {
        if (n >= 1 && space_at(s, n, n - 1) == 1)
            n -= 1;
        else if (n >= 3 && space_at(s, n, n - 3) == 3)
            n -= 3;
        else if (n >= 2 && space_at(s, n, n - 2) == 2)
            n -= 2;
        else
            return n;
    }
}

/* Read the numeral at s[*i..n) into *out and advance *i; 0 if none. */
static int read_num(const char *s, size_t n, size_t *i, struct num *out)
{
    const char *p = s + *i;
    const unsigned char *u = (const unsigned char *)p;
    size_t len = nl_cnum_span(p, n - *i), j = 0;
    int cp = 0, unit = 0;
    if (len == 0)
        return 0;
    while (j < len) {
        size_t k = j;
        if (match(p, len, &k, units, COUNT(units)) >= 0)
            unit = 1;
        j += u[j] < 0x80 ? 1 : 3; /* numeral characters are 1 or 3 bytes */
        cp++;
    }
    out->value = nl_cnum_parse(p, len);
    out->digits = unit ? 0 : cp;
    out->chinese = u[0] >= 0x80 && u[0] != 0xEF; /* 0xEF: full-width digit */
    out->padded = cp >= 2 && !unit && nl_cnum_parse(p, u[0] < 0x80 ? 1 : 3) == 0;
    *i += len;
    return 1;
}

/* Store numeral `v` as part `part` (0 year, 1 month, 2 day) of *d; 0 if its
 * shape does not fit that part. */
static int set_part(nl_date *d, int part, const struct num *v, int *flags)
{
    long value = v->value;
    if (part == 0) {
        if (v->digits == 2) {
            value += 2000;
            *flags |= NL_DATE_SHORT_YEAR;
        } else if (v->digits != 4
                   && !(v->digits == 0 && value >= 1000 && value <= 9999)) {
            return 0;
        }
        d->year = (int)value;
    } else {
        if (v->digits > 2 || value > 99)
            return 0;
        if (part == 1)
            d->month = (int)value;
        else
            d->day = (int)value;
        if (v->padded)
            *flags |= NL_DATE_ZERO_PADDED;
    }
    if (value == 0)
        return 0; /* 0 would read as "absent" */
    if (v->chinese)
        *flags |= NL_DATE_CHINESE;
    *flags |= 1 << part; /* NL_DATE_HAS_YEAR, _MONTH, _DAY */
    return 1;
}

int nl_date_parse(const char *s, size_t n, nl_date *out)
{
    nl_date d = {0, 0, 0};
    struct num v;
    size_t i;
    int flags = 0, part, k;
    if (s == NULL)
        return 0;
    n = trim_end(s, n);
    i = skip_space(s, n, 0);
    if (!read_num(s, n, &i, &v))
        return 0;
    i = skip_space(s, n, i);
    if ((k = match(s, n, &i, seps, COUNT(seps))) >= 0) {
        if (v.chinese || v.digits != 4 || !set_part(&d, 0, &v, &flags))
            return 0;
        for (part = 1;; part++) {
            i = skip_space(s, n, i);
            if (!read_num(s, n, &i, &v) || v.chinese
                || !set_part(&d, part, &v, &flags))
                return 0;
            i = skip_space(s, n, i);
            if (i == n)
                break;
            if (part == 2 || match(s, n, &i, seps + k, 1) < 0)
                return 0;
        }
        flags |= NL_DATE_NUMERIC;
    } else {
        for (int prev = -1;; prev = part) {
            part = match(s, n, &i, markers, COUNT(markers));
            if (part == 3)
                part = 2; /* 号 */
            if (part < 0 || (prev >= 0 && part != prev + 1)
                || !set_part(&d, part, &v, &flags))
                return 0;
            i = skip_space(s, n, i);
            if (i == n)
                break;
            if (!read_num(s, n, &i, &v))
                return 0;
            i = skip_space(s, n, i);
        }
    }
    if (out)
        *out = d;
    return flags;
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int nl_date_valid(nl_date d)
{
    if (d.year < 0 || d.month < 0 || d.day < 0 || (!d.year && !d.month && !d.day))
        return 0;
    if (d.year && (d.year < 1900 || d.year > 2999))
        return 0;
    if (d.month > 12)
        return 0;
    if (!d.day)
        return 1;
    if (!d.month)
        return !d.year && d.day <= 31;
    return d.day <= month_days(d.year ? d.year : 2000, d.month); /* 2000: leap */
}

nl_date nl_date_infer_year(nl_date d, nl_date context)
{
    if (d.year == 0)
        d.year = context.year;
    return d;
}

long nl_date_days(nl_date d)
{
    long y = (long)d.year - (d.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;                       /* 0..399 */
    long doy = (153L * ((d.month + 9) % 12) + 2) / 5 + d.day - 1; /* from 1 March */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468; /* 719468: 0000-03-01 to 1970-01-01 */
}

long nl_date_diff(nl_date a, nl_date b)
{
    return nl_date_days(b) - nl_date_days(a);
}

char *nl_date_iso(nl_date d, char *buf, size_t size)
{
    if (size == 0)
        return buf;
    if (!d.year || !d.month)
        buf[0] = '\0';
    else if (d.day)
        snprintf(buf, size, "%04d-%02d-%02d", d.year, d.month, d.day);
    else
        snprintf(buf, size, "%04d-%02d", d.year, d.month);
    return buf;
}

static int sign(int a, int b)
{
    return (a > b) - (a < b);
}

int nl_date_cmp(nl_date a, nl_date b)
{
    int c = sign(a.year, b.year);
    if (c == 0)
        c = sign(a.month, b.month);
    return c ? c : sign(a.day, b.day);
}
