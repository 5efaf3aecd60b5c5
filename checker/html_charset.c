/*
 * html_charset.c — find the charset an HTML page declares (BOM or <meta>).
 * See html_charset.h.  A small version of the WHATWG "prescan a byte
 * stream" algorithm: comments and other markup are stepped over, attributes
 * are read with quotes honoured, nothing past the first 1024 bytes is read.
 */
#include "html_charset.h"

#include <string.h>
#include <strings.h>

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* s[0..n) equals the lowercase ASCII word w, ignoring case. */
static int eq_ci(const unsigned char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    if (n != k)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower(s[i]) != (unsigned char)w[i])
            return 0;
    return 1;
}

nl_html_charset nl_html_charset_label(const char *label, size_t n)
{
    static const char *const utf8[] = {"utf-8", "utf8", "unicode-1-1-utf-8",
                                       "unicode11utf8", "unicode20utf8",
                                       "x-unicode20utf8"};
    static const char *const gb[] = {
        "gbk",        "gb2312",    "gb_2312",  "gb_2312-80", "gb18030",
        "x-gbk",      "csgb2312",  "chinese",  "iso-ir-58",  "csiso58gb231280",
        "cp936",      "windows-936", "ms936",  "euc-cn",     "x-euc-cn"};
    const unsigned char *s = (const unsigned char *)label;
    while (n && is_space(s[0])) {
        s++;
        n--;
    }
    while (n && is_space(s[n - 1]))
        n--;
    for (size_t i = 0; i < sizeof utf8 / sizeof *utf8; i++)
        if (eq_ci(s, n, utf8[i]))
            return NL_HTML_CS_UTF8;
    for (size_t i = 0; i < sizeof gb / sizeof *gb; i++)
        if (eq_ci(s, n, gb[i]))
            return NL_HTML_CS_GB18030;
    return NL_HTML_CS_NONE;
}

typedef struct span {
    const unsigned char *p;
    size_t n;
} span;

/* Read one attribute at b[*i..n) ("get an attribute"); 0 at '>' or the
 * end.  Value spans exclude quotes; a value-less attribute has n == 0. */
static int get_attr(const unsigned char *b, size_t n, size_t *i, span *name,
                    span *value)
{
    size_t j = *i;
    while (j < n && (is_space(b[j]) || b[j] == '/'))
        j++;
    if (j >= n || b[j] == '>') {
        *i = j;
        return 0;
    }
    size_t start = j;
    while (j < n && !is_space(b[j]) && b[j] != '/' && b[j] != '>' &&
           (b[j] != '=' || j == start))
        j++;
    *name = (span){b + start, j - start};
    *value = (span){b + j, 0};
    while (j < n && is_space(b[j]))
        j++;
    if (j < n && b[j] == '=') {
        j++;
        while (j < n && is_space(b[j]))
            j++;
        if (j < n && (b[j] == '"' || b[j] == '\'')) {
            unsigned char q = b[j++];
            size_t vs = j;
            while (j < n && b[j] != q)
                j++;
            *value = (span){b + vs, j - vs};
            if (j < n)
                j++;
        } else {
            size_t vs = j;
            while (j < n && !is_space(b[j]) && b[j] != '>')
                j++;
            *value = (span){b + vs, j - vs};
        }
    }
    *i = j;
    return 1;
}

/* The label after "charset" in a Content-Type value, or n == 0. */
static span content_charset(span c)
{
    for (size_t i = 0; i + 7 <= c.n; i++) {
        if (!eq_ci(c.p + i, 7, "charset"))
            continue;
        size_t j = i + 7;
        while (j < c.n && is_space(c.p[j]))
            j++;
        if (j >= c.n || c.p[j] != '=')
            continue;
        j++;
        while (j < c.n && is_space(c.p[j]))
            j++;
        if (j < c.n && (c.p[j] == '"' || c.p[j] == '\'')) {
            unsigned char q = c.p[j++];
            size_t vs = j;
            while (j < c.n && c.p[j] != q)
                j++;
            return (span){c.p + vs, j - vs};
        }
        size_t vs = j;
        while (j < c.n && !is_space(c.p[j]) && c.p[j] != ';')
            j++;
        return (span){c.p + vs, j - vs};
    }
    return (span){c.p, 0};
}

/* Attributes of a <meta> at b[*i..n): 1 and *label when it names a charset. */
static int meta_label(const unsigned char *b, size_t n, size_t *i, span *label)
{
    span name, value, charset = {NULL, 0}, content = {NULL, 0};
    int pragma = 0, has_charset = 0, has_content = 0;
    while (get_attr(b, n, i, &name, &value)) {
        if (eq_ci(name.p, name.n, "charset") && !has_charset) {
            has_charset = 1;
            charset = value;
        } else if (eq_ci(name.p, name.n, "http-equiv")) {
            pragma |= eq_ci(value.p, value.n, "content-type");
        } else if (eq_ci(name.p, name.n, "content") && !has_content) {
            has_content = 1;
            content = value;
        }
    }
    if (has_charset) {
        *label = charset;
        return 1;
    }
    if (pragma && has_content) {
        *label = content_charset(content);
        return label->n > 0;
    }
    return 0;
}

nl_html_charset nl_html_sniff_charset(const unsigned char *b, size_t n)
{
    if (!b)
        return NL_HTML_CS_NONE;
    if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
        return NL_HTML_CS_UTF8;
    if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
        return NL_HTML_CS_UTF16;
    if (n > NL_HTML_SNIFF_BYTES)
        n = NL_HTML_SNIFF_BYTES;
    size_t i = 0;
    while (i < n) {
        if (b[i] != '<') {
            i++;
            continue;
        }
        if (n - i >= 4 && memcmp(b + i, "<!--", 4) == 0) {
            /* skip to "-->" (the two dashes may be the opening ones) */
            size_t j = i + 2;
            while (j + 3 <= n && memcmp(b + j, "-->", 3) != 0)
                j++;
            if (j + 3 > n)
                break;
            i = j + 3;
        } else if (n - i >= 6 && eq_ci(b + i + 1, 4, "meta") &&
                   (is_space(b[i + 5]) || b[i + 5] == '/')) {
            span label;
            i += 5;
            if (meta_label(b, n, &i, &label))
                return nl_html_charset_label((const char *)label.p, label.n);
        } else if (n - i >= 2 && ((b[i + 1] | 0x20) >= 'a' && (b[i + 1] | 0x20) <= 'z')) {
            /* another start tag: step over its name and attributes */
            span name, value;
            i++;
            while (i < n && !is_space(b[i]) && b[i] != '>')
                i++;
            while (get_attr(b, n, &i, &name, &value))
                ;
        } else if (n - i >= 2 && (b[i + 1] == '/' || b[i + 1] == '!' || b[i + 1] == '?')) {
            /* end tag, <!DOCTYPE>, <?...?>: to the next '>' */
            while (i < n && b[i] != '>')
                i++;
        } else {
            i++;
        }
    }
    return NL_HTML_CS_NONE;
}
