/*
 * cnum.c — read and write numerals (see cnum.h for the accepted forms).
 *
 * Each character is classified by token(): an Arabic digit (ASCII or
 * full-width), a Chinese digit (〇零一…九, 壹…玖), 两, a unit (十百千,
 * 拾佰仟) or 万.  nl_cnum_parse() first checks that the whole string is one
 * family, then reads Arabic and unit-less Chinese numerals positionally and
 * Chinese numerals with units by a small state machine: within a section
 * (below or above 万) units must strictly decrease, every unit needs a digit
 * before it (except a leading 十), a 零 must stand for a real gap and be
 * followed by a digit, and a final digit must follow 十, a 零 or nothing.
 * Values never exceed 9999 * 10000 + 9999, so no arithmetic can overflow.
 */
#include "cnum.h"

#include <string.h>

enum { T_NONE, T_ARABIC, T_DIGIT, T_LIANG, T_UNIT, T_WAN };

#define NO_UNIT 100000L /* "no unit seen yet" in the upper section */
#define SPAN_MAX 32     /* longer Chinese runs are not tried whole */

static const struct {
    char utf8[4];
    int value, kind;
} chars[] = {
    {"〇", 0, T_DIGIT}, {"零", 0, T_DIGIT}, {"一", 1, T_DIGIT},
    {"二", 2, T_DIGIT}, {"三", 3, T_DIGIT}, {"四", 4, T_DIGIT},
    {"五", 5, T_DIGIT}, {"六", 6, T_DIGIT}, {"七", 7, T_DIGIT},
    {"八", 8, T_DIGIT}, {"九", 9, T_DIGIT}, {"壹", 1, T_DIGIT},
    {"贰", 2, T_DIGIT}, {"叁", 3, T_DIGIT}, {"肆", 4, T_DIGIT},
    {"伍", 5, T_DIGIT}, {"陆", 6, T_DIGIT}, {"柒", 7, T_DIGIT},
    {"捌", 8, T_DIGIT}, {"玖", 9, T_DIGIT}, {"两", 2, T_LIANG},
    {"十", 10, T_UNIT}, {"拾", 10, T_UNIT}, {"百", 100, T_UNIT},
    {"佰", 100, T_UNIT}, {"千", 1000, T_UNIT}, {"仟", 1000, T_UNIT},
    {"万", 10000, T_WAN},
};

/* Classify the character at the start of s[0..n): returns its kind and
 * sets *value and *len (bytes); T_NONE leaves them untouched. */
static int token(const char *s, size_t n, int *value, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 1 && u[0] >= '0' && u[0] <= '9') {
        *value = u[0] - '0';
        *len = 1;
        return T_ARABIC;
    }
    if (n < 3)
        return T_NONE;
    if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
        *value = u[2] - 0x90; /* U+FF10..U+FF19 */
        *len = 3;
        return T_ARABIC;
    }
    for (size_t i = 0; i < sizeof chars / sizeof chars[0]; i++) {
        if (memcmp(s, chars[i].utf8, 3) == 0) {
            *value = chars[i].value;
            *len = 3;
            return chars[i].kind;
        }
    }
    return T_NONE;
}

/* Add the pending final digit of a section; 0 if it is not allowed there. */
static int close_section(long *sect, int digit, int zero, long prev)
{
    if (digit < 0)
        return !zero; /* a trailing 零 */
    if (prev != 10 && prev != NO_UNIT && !(zero && prev >= 100))
        return 0; /* 一百五, 一万五: ambiguous abbreviations */
    *sect += digit;
    return 1;
}

/* A Chinese numeral with units; the caller has checked the character set. */
static long parse_units(const char *s, size_t n)
{
    long total = 0, sect = 0, prev = NO_UNIT;
    int digit = -1, zero = 0, wan = 0, v = 0;
    size_t len = 0;
    for (size_t i = 0; i < n; i += len) {
        int k = token(s + i, n - i, &v, &len);
        if (k == T_UNIT) {
            if (v >= prev)
                return -1; /* 十十, 百千 */
            if (digit < 0) {
                if (i != 0 || v != 10)
                    return -1; /* a bare 十 only leads */
                digit = 1;
            }
            if (zero && prev / v < 100)
                return -1; /* 一百零一十: 零 without a gap */
            sect += digit * v;
            prev = v;
            digit = -1;
            zero = 0;
        } else if (k == T_WAN) {
            if (wan || !close_section(&sect, digit, zero, prev) || sect == 0)
                return -1;
            total = sect * 10000;
            sect = 0;
            prev = 10000;
            digit = -1;
            wan = 1;
            zero = 0;
        } else if (v == 0) {
            if (digit >= 0 || zero || i == 0)
                return -1; /* 五零, 零零, a leading 零 */
            zero = 1;
        } else {
            if (digit >= 0)
                return -1; /* 一二十 */
            digit = v;
        }
    }
    if (!close_section(&sect, digit, zero, prev))
        return -1;
    return total + sect;
}

long nl_cnum_parse(const char *s, size_t n)
{
    unsigned kinds = 0;
    size_t count = 0, len = 0;
    int v = 0;
    if (s == NULL || n == 0)
        return -1;
    for (size_t i = 0; i < n; i += len, count++) {
        int k = token(s + i, n - i, &v, &len);
        if (k == T_NONE)
            return -1;
        kinds |= 1u << k;
    }
    if ((kinds & 1u << T_ARABIC) && kinds != 1u << T_ARABIC)
        return -1; /* mixed Arabic and Chinese */
    if (kinds & (1u << T_UNIT | 1u << T_WAN))
        return parse_units(s, n);
    if (count == 1)
        return v;
    if (kinds & 1u << T_LIANG)
        return -1; /* 两 is not a positional digit */
    long value = 0;
    for (size_t i = 0; i < n; i += len) {
        token(s + i, n - i, &v, &len);
        value = value * 10 + v;
        if (value > NL_CNUM_MAX)
            return -1;
    }
    return value;
}

size_t nl_cnum_span(const char *s, size_t n)
{
    size_t ends[SPAN_MAX], i = 0, len = 0;
    int m = 0, v = 0, k;
    if (s == NULL)
        return 0;
    if (token(s, n, &v, &len) == T_ARABIC) {
        while (i < n && token(s + i, n - i, &v, &len) == T_ARABIC)
            i += len;
        return nl_cnum_parse(s, i) >= 0 ? i : 0;
    }
    while (m < SPAN_MAX && i < n && (k = token(s + i, n - i, &v, &len)) != T_NONE
           && k != T_ARABIC) {
        i += len;
        ends[m++] = i;
    }
    for (; m > 0; m--)
        if (nl_cnum_parse(s, ends[m - 1]) >= 0)
            return ends[m - 1];
    return 0;
}

/* Append a NUL-terminated piece to tmp at *len (tmp is large enough). */
static void append(char *tmp, size_t *len, const char *piece)
{
    size_t k = strlen(piece);
    memcpy(tmp + *len, piece, k);
    *len += k;
}

size_t nl_cnum_format(long v, char *buf, size_t size)
{
    static const char *const digits[] = {"〇", "一", "二", "三", "四",
                                         "五", "六", "七", "八", "九"};
    static const char *const units[] = {"千", "百", "十", ""};
    char tmp[64];
    size_t len = 0;
    int started = 0, zero = 0;
    long div = 1000;
    if (size > 0)
        buf[0] = '\0';
    if (v < 1 || v > 9999)
        return 0;
    for (int p = 0; p < 4; p++, div /= 10) {
        int d = (int)(v / div % 10);
        if (d == 0) {
            zero = started;
            continue;
        }
        if (zero)
            append(tmp, &len, "零");
        if (!(p == 2 && !started && d == 1)) /* 十一, not 一十一 */
            append(tmp, &len, digits[d]);
        append(tmp, &len, units[p]);
        started = 1;
        zero = 0;
    }
    if (len + 1 > size)
        return 0;
    memcpy(buf, tmp, len);
    buf[len] = '\0';
    return len;
}
