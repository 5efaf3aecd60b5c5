/*
 * cnum.h — numerals as written in notices: ASCII digits ("12"), full-width
 * digits ("１２") and Chinese numerals (十二, 一百零五, 二〇二四, 壹佰).
 *
 * Chinese numerals come in two shapes.  With units (十百千万, 拾佰仟) they
 * are read by place value; a trailing digit needs a 十 or a 零 before it, so
 * the colloquial 一百五 (150) and 一万五 (15000) are rejected as ambiguous,
 * and a bare 十 is accepted only at the start (十一 yes, 一百十 no).  Without
 * units, a sequence of two or more single digits (〇零一…九, 壹…玖; not 两)
 * is read positionally: 二〇二四 = 2024, 一二 = 12.  Arabic and Chinese forms
 * never mix within one numeral.
 *
 * Inputs are UTF-8 and not NUL-terminated: (s, n), never read past n.
 * Nothing allocates; there is no state.
 */
#ifndef NL_CNUM_H
#define NL_CNUM_H

#include <stddef.h>

#define NL_CNUM_MAX 99999999L

/* Value of the numeral that is exactly s[0..n), or -1 if s[0..n) is not a
 * complete numeral (n == 0 included) or its value exceeds NL_CNUM_MAX. */
long nl_cnum_parse(const char *s, size_t n);

/* Length in bytes of the longest prefix of s[0..n) that nl_cnum_parse
 * accepts, 0 if none.  A run of Arabic digits is never split: it counts
 * whole or, if out of range, not at all; of a Chinese run only the first
 * 32 characters are tried (a valid one has at most 15, leading 〇 aside). */
size_t nl_cnum_span(const char *s, size_t n);

/* Write the Chinese numeral for v (1..9999) into buf as NUL-terminated
 * UTF-8: 1→一, 10→十, 11→十一, 20→二十, 105→一百零五, 1010→一千零一十.
 * Returns the bytes written without the NUL; 0 if v is out of range or the
 * text does not fit (buf then holds "" when size > 0). */
size_t nl_cnum_format(long v, char *buf, size_t size);

#endif
