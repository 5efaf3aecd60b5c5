/*
 * html_charset.h — the charset an HTML page declares, found by hand before
 * parsing: a byte order mark, else the first <meta charset=...> or
 * <meta http-equiv="Content-Type" content="...; charset=..."> within the
 * first 1024 bytes (comments skipped, names case-insensitive).  Only the
 * charsets noticelint decodes are named; any other label counts as none.
 */
#ifndef NL_HTML_CHARSET_H
#define NL_HTML_CHARSET_H

#include <stddef.h>

typedef enum nl_html_charset {
    NL_HTML_CS_NONE,    /* nothing (usable) declared: auto-detect */
    NL_HTML_CS_UTF8,    /* UTF-8 BOM, or utf-8 / utf8 / unicode-1-1-utf-8 */
    NL_HTML_CS_GB18030, /* gbk, gb2312, gb18030, x-gbk and their aliases */
    NL_HTML_CS_UTF16    /* UTF-16 BOM (not supported) */
} nl_html_charset;

#define NL_HTML_SNIFF_BYTES 1024

nl_html_charset nl_html_sniff_charset(const unsigned char *b, size_t n);

/* The charset an encoding label names (leading/trailing ASCII whitespace
 * ignored, case-insensitive); NL_HTML_CS_NONE when unknown. */
nl_html_charset nl_html_charset_label(const char *s, size_t n);

#endif
