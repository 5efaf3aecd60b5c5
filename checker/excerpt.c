/*
 * excerpt.c — the excerpt of a finding.  See excerpt.h.
 *
 * Trimming uses the same notion of space as `parse` does for line ends, so
 * an excerpt never starts or ends with an ideographic space or a BOM.
 */
#include "excerpt.h"

size_t nl_space_len(const unsigned char *t, size_t i, size_t n)
{
    unsigned char c = t[i];
    if (c == ' ' || c == '\t' || c == '\f' || c == '\v')
        return 1;
    if (n - i >= 2 && c == 0xC2 && t[i + 1] == 0xA0)
        return 2; /* U+00A0 */
    if (n - i >= 3) {
        unsigned c1 = t[i + 1], c2 = t[i + 2];
        if (c == 0xE3 && c1 == 0x80 && c2 == 0x80)
            return 3; /* U+3000 */
        if (c == 0xEF && c1 == 0xBB && c2 == 0xBF)
            return 3; /* U+FEFF */
        if (c == 0xE2 && c1 == 0x80 && c2 <= 0x8B)
            return 3; /* U+2000..U+200B */
        if (c == 0xE2 && c1 == 0x80 && c2 == 0xAF)
            return 3; /* U+202F */
        if (c == 0xE2 && c1 == 0x81 && c2 == 0x9F)
            return 3; /* U+205F */
    }
    return 0;
}

nl_span nl_excerpt_span(const nl_doc *doc, nl_span sp)
{
    const unsigned char *t = (const unsigned char *)doc->dec.text;
    size_t len = doc->dec.len;
    size_t a = sp.start > len ? len : sp.start;
    size_t b = sp.end > len ? len : sp.end < a ? a : sp.end;
    if (a == b && doc->nlines > 0) {
        size_t line = nl_doc_line_of(doc, a);
        a = doc->line_starts[line];
        b = doc->line_ends[line];
        size_t k;
        while (a < b && (k = nl_space_len(t, a, b)) > 0)
            a += k;
        while (b > a) { /* trim the end, one character at a time */
            size_t p = b - 1;
            while (p > a && (t[p] & 0xC0) == 0x80)
                p--;
            if (nl_space_len(t, p, b) != b - p)
                break;
            b = p;
        }
    }
    return (nl_span){a, b};
}
