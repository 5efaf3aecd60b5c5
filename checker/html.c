/*
 * html.c — nl_html_extract(): the article text of an HTML page as plain
 * lines, with a map from every text byte back to the page's source.
 *
 * Decoding.  A BOM wins, else the charset a <meta> declares in the first
 * 1024 bytes (html_charset.c), else nl_decode()'s detection.  One exception:
 * a page declaring gbk whose bytes are valid UTF-8 with at least 8
 * multi-byte sequences is read as UTF-8 (saved as UTF-8, meta left
 * behind; GBK text practically never passes as UTF-8); a UTF-16 BOM is a
 * problem (not supported).  The source is
 * decoded once into out->src; libxml2 parses that UTF-8 text with the
 * encoding forced to UTF-8 and <meta> charsets ignored, so every position
 * libxml2 is at is an offset in out->src.text.  Two same-length fixes are
 * made to its copy first: NUL bytes become spaces, and "<!...>" bogus
 * comments (Word's <![if !supportLists]>), text to libxml2 2.9, become
 * comments as in a browser.
 *
 * Parsing.  libxml2's HTML parser (recovering, silent, no network) drives
 * SAX callbacks; no tree is built.  Pass 1 counts the visible characters
 * (not whitespace, not U+00A0/U+3000) under each candidate element: the
 * first match of each body hint ("tag", "#id", ".class", or "tag#id.class";
 * anything else never matches), the first <main>, the first [role=main],
 * the <article> when there is exactly one outermost, and every nav /
 * header / footer / aside / form.  The body is the first of those, in that
 * order, that holds any text; when none does it is the whole page less the
 * nav/header/footer/aside/form elements holding at most half of the page's
 * text (so an ASP.NET <form> around the whole page is kept).  Pass 2
 * replays the parse and writes the text of the chosen part.  Everywhere,
 * script, style, noscript, template, head, title, iframe, svg, math,
 * object, canvas, audio, video, button, select and textarea contribute
 * nothing; comments never do.
 *
 * Lines.  A block element (p, div, li, h1-h6, tr, table, section, ...)
 * ends the current line where it starts and where it ends (also when the
 * block itself is dropped), <br> ends it; inline elements join; the cells
 * of a row are joined by one '\t'.  Outside <pre>, runs of ASCII
 * whitespace become one space, dropped at the start and end of a line;
 * U+00A0 and U+3000 are kept.  A line holding nothing but whitespace,
 * U+00A0 or U+3000 is dropped.  No empty lines, except one for a <p> with
 * no visible text (<p></p>, <p>&nbsp;</p>, <p><br></p>), never two in a
 * row, never first or last.  Non-empty text ends with '\n'.  In <pre>
 * every source line break ends a line and spaces are kept.
 *
 * Positions.  In each callback the parser's input offset (consumed + cur -
 * base) says how far it has read.  Each characters() chunk is aligned
 * forwards against the source from where the previous event ended, never
 * past that offset: a character matches itself, a character reference or
 * named entity decoding to it (mapped to its '&'), or, for ASCII
 * whitespace, any ASCII whitespace; source characters libxml2 dropped
 * (invalid characters, bad references) are skipped.  When a character
 * cannot be aligned (not seen in tests, nor in random tag soup) the rest
 * of its chunk maps to the last aligned place.  A collapsed space maps to
 * the first whitespace character of its run, a '\t' to its cell's tag, a
 * '\n' to the '<' of the tag that ended the line (for an end libxml2
 * implied, the next tag, else the end of the text before).
 *
 * Memory, for a page that decodes to L bytes giving T bytes of text
 * (T <= L + 1): the decoded source and its offset map (L + 4L), libxml2's
 * copy (L, one pass at a time) and ours when fixes are needed (L), the
 * text and its map with doubling growth (at most 18T): about 25L at worst,
 * 10L typically, plus at most 6 MiB of element stack (HX_MAX_DEPTH) and
 * 512 KiB of counters (HX_MAX_CHROME).  Pages over NL_EXTRACT_MAX_TEXT
 * bytes are refused with a problem.
 */
#include "extract.h"

#include "error.h"
#include "html_charset.h"

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HX_MAX_DEPTH ((size_t)1 << 18)  /* open elements tracked */
#define HX_MAX_CHROME ((size_t)1 << 16) /* nav/header/... elements counted */
#define HX_MAX_HINTS 16                 /* body hints used */
#define HX_END_TAG_WINDOW 256           /* bytes searched for an end tag */
/* libxml2 2.9 looks for each stray end tag (and each misplaced <body>)
 * through all open elements: deep nesting plus many of them is quadratic.
 * Their count times the depth is capped (under a second of libxml2's time);
 * a page over it is reported as a problem. */
#define HX_MAX_WORK ((size_t)200000000)

/* Tag flags. */
enum {
    T_BLOCK = 1u << 0,
    T_P = 1u << 1,
    T_PRE = 1u << 2,
    T_CELL = 1u << 3,
    T_BR = 1u << 4,
    T_EXCLUDE = 1u << 5,
    T_CHROME = 1u << 6,
    T_ARTICLE = 1u << 7,
    T_MAIN = 1u << 8,
};

/* Flags of an open element (besides its tag flags). */
enum {
    E_SUPP = 1u << 16,    /* its content is dropped */
    E_PRE = 1u << 17,     /* counted in hx.pre */
    E_TARGET = 1u << 18,  /* the chosen body element */
    E_ARTICLE = 1u << 19, /* counted in hx.open_articles */
    E_CHROME = 1u << 20,  /* aux indexes hx.chrome */
};

typedef struct tag_info {
    const char *name;
    unsigned flags;
} tag_info;

/* Sorted by name (bsearch). */
static const tag_info TAGS[] = {
    {"address", T_BLOCK},
    {"article", T_BLOCK | T_ARTICLE},
    {"aside", T_BLOCK | T_CHROME},
    {"audio", T_EXCLUDE},
    {"blockquote", T_BLOCK},
    {"body", T_BLOCK},
    {"br", T_BR},
    {"button", T_EXCLUDE},
    {"canvas", T_EXCLUDE},
    {"caption", T_BLOCK},
    {"center", T_BLOCK},
    {"dd", T_BLOCK},
    {"details", T_BLOCK},
    {"dialog", T_BLOCK},
    {"dir", T_BLOCK},
    {"div", T_BLOCK},
    {"dl", T_BLOCK},
    {"dt", T_BLOCK},
    {"fieldset", T_BLOCK},
    {"figcaption", T_BLOCK},
    {"figure", T_BLOCK},
    {"footer", T_BLOCK | T_CHROME},
    {"form", T_BLOCK | T_CHROME},
    {"h1", T_BLOCK},
    {"h2", T_BLOCK},
    {"h3", T_BLOCK},
    {"h4", T_BLOCK},
    {"h5", T_BLOCK},
    {"h6", T_BLOCK},
    {"head", T_BLOCK | T_EXCLUDE},
    {"header", T_BLOCK | T_CHROME},
    {"hgroup", T_BLOCK},
    {"hr", T_BLOCK},
    {"html", T_BLOCK},
    {"iframe", T_EXCLUDE},
    {"legend", T_BLOCK},
    {"li", T_BLOCK},
    {"listing", T_BLOCK | T_PRE},
    {"main", T_BLOCK | T_MAIN},
    {"math", T_EXCLUDE},
    {"menu", T_BLOCK},
    {"nav", T_BLOCK | T_CHROME},
    {"noscript", T_EXCLUDE},
    {"object", T_EXCLUDE},
    {"ol", T_BLOCK},
    {"option", T_BLOCK},
    {"p", T_BLOCK | T_P},
    {"plaintext", T_BLOCK | T_PRE},
    {"pre", T_BLOCK | T_PRE},
    {"script", T_EXCLUDE},
    {"section", T_BLOCK},
    {"select", T_EXCLUDE},
    {"style", T_EXCLUDE},
    {"summary", T_BLOCK},
    {"svg", T_EXCLUDE},
    {"table", T_BLOCK},
    {"tbody", T_BLOCK},
    {"td", T_CELL},
    {"template", T_EXCLUDE},
    {"textarea", T_EXCLUDE},
    {"tfoot", T_BLOCK},
    {"th", T_CELL},
    {"thead", T_BLOCK},
    {"title", T_EXCLUDE},
    {"tr", T_BLOCK},
    {"ul", T_BLOCK},
    {"video", T_EXCLUDE},
    {"xmp", T_BLOCK | T_PRE},
};

static int tag_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const tag_info *)elem)->name);
}

static unsigned tag_flags(const xmlChar *name)
{
    if (!name)
        return 0;
    const tag_info *t = bsearch(name, TAGS, sizeof TAGS / sizeof *TAGS,
                                sizeof *TAGS, tag_cmp);
    return t ? t->flags : 0;
}

/* A body hint: "tag", "#id", ".class" or a combination "tag#id.class". */
typedef struct hx_hint {
    const char *tag, *id, *cls;
    size_t tag_n, id_n, cls_n;
} hx_hint;

/* Candidates for the body, in order of preference after the hints. */
enum { C_MAIN = HX_MAX_HINTS, C_ROLE, C_ARTICLE, C_COUNT };

typedef struct hx_cand {
    int found;
    size_t ordinal; /* start event number */
    size_t count;   /* visible characters inside */
} hx_cand;

typedef struct hx_elem {
    unsigned flags;
    unsigned track; /* pass 1: bits of the candidates it is */
    size_t mark;    /* visible characters before it */
    size_t aux;     /* E_CHROME: index into hx.chrome */
} hx_elem;

typedef struct hx {
    htmlParserCtxtPtr ctxt;
    const char *src; /* out->src.text: characters are aligned against it */
    const char *buf; /* what libxml2 parses: src, or a fixed copy of it
                        (same length; tags are looked for in it) */
    size_t len;
    int pass;    /* 1: count, 2: write */
    int done;    /* pass 2: the chosen element has ended */
    int nomem;
    int broken;  /* the work budget ran out */
    int quit;    /* we stopped libxml2: ignore what it still reports */
    size_t work; /* mismatched end tags weighted by depth */
    size_t pos;  /* source offset up to which events are accounted for */
    size_t ordinal;

    hx_elem *stack;
    size_t depth, cap, overflow;
    size_t excluded; /* pass 1: open excluded elements */

    /* pass 1 */
    hx_hint hints[HX_MAX_HINTS];
    size_t nhints;
    hx_cand cand[C_COUNT];
    size_t real; /* visible characters so far (outside excluded) */
    size_t open_articles, outer_articles;
    size_t *chrome, nchrome, chrome_cap;

    /* pass 2 */
    int body_mode; /* else: only inside the element numbered `target` */
    size_t target;
    int inside;
    size_t suppress, pre, chrome_seq, total;

    /* output */
    char *text;
    size_t *xmap;
    size_t tlen, tcap;
    size_t line_start; /* text offset where the current line starts */
    int line_real;     /* the current line has visible text */
    size_t real_out;   /* visible characters written */
    int need_space, need_tab;
    size_t space_off, tab_off;
} hx;

/* Stop libxml2 from inside a callback; what it reports afterwards (it
 * still closes open elements) is ignored. */
static void quit(hx *h)
{
    if (!h->quit && h->ctxt)
        xmlStopParser(h->ctxt);
    h->quit = 1;
}

/* ---- output ------------------------------------------------------------ */

static void put(hx *h, const char *b, size_t k, size_t off)
{
    if (h->nomem)
        return;
    if (off > h->len)
        off = h->len;
    if (h->tlen + k + 1 > h->tcap) {
        size_t ncap = h->tcap ? 2 * h->tcap : 4096;
        while (ncap < h->tlen + k + 1)
            ncap *= 2;
        char *nt = realloc(h->text, ncap);
        if (!nt) {
            h->nomem = 1;
            quit(h);
            return;
        }
        h->text = nt;
        size_t *nm = realloc(h->xmap, ncap * sizeof *nm);
        if (!nm) {
            h->nomem = 1;
            quit(h);
            return;
        }
        h->xmap = nm;
        h->tcap = ncap;
    }
    memcpy(h->text + h->tlen, b, k);
    for (size_t i = 0; i < k; i++)
        h->xmap[h->tlen + i] = off;
    h->tlen += k;
}

/* End the current line: '\n' after visible text, else drop what the line
 * holds (whitespace, U+00A0, U+3000). */
static void line_break(hx *h, size_t off)
{
    if (h->line_real) {
        put(h, "\n", 1, off);
        h->line_start = h->tlen;
        h->line_real = 0;
    } else {
        h->tlen = h->line_start;
    }
    h->need_space = h->need_tab = 0;
}

/* An empty <p>: one empty line, unless at the start or after another. */
static void blank_line(hx *h, size_t off)
{
    line_break(h, off);
    if (h->tlen >= 1 && h->text[h->tlen - 1] == '\n' &&
        !(h->tlen >= 2 && h->text[h->tlen - 2] == '\n')) {
        put(h, "\n", 1, off);
        h->line_start = h->tlen;
    }
}

static int is_ascii_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == 0;
}

/* One character of text, produced by the source at `off`. */
static void text_char(hx *h, const xmlChar *b, size_t k, uint32_t cp,
                      size_t off)
{
    if (is_ascii_space(cp)) {
        if (h->pre) {
            if (cp == '\n' || cp == '\r') {
                line_break(h, off);
                return;
            }
            b = (const xmlChar *)(cp == '\t' ? "\t" : " ");
            k = 1;
        } else {
            if (h->tlen > h->line_start && !h->need_space && !h->need_tab) {
                h->need_space = 1;
                h->space_off = off;
            }
            return;
        }
    }
    if (h->need_tab)
        put(h, "\t", 1, h->tab_off);
    else if (h->need_space)
        put(h, " ", 1, h->space_off);
    h->need_space = h->need_tab = 0;
    put(h, (const char *)b, k, off);
    if (!is_ascii_space(cp) && cp != 0xA0 && cp != 0x3000) {
        h->line_real = 1;
        h->real_out++;
    }
}

/* ---- positions --------------------------------------------------------- */

/* Offset in buf that the parser has read up to. */
static size_t here(const hx *h)
{
    const xmlParserInput *in = h->ctxt ? h->ctxt->input : NULL;
    if (!in || !in->cur || !in->base || in->cur < in->base)
        return h->pos;
    size_t off = (size_t)in->consumed + (size_t)(in->cur - in->base);
    return off < h->len ? off : h->len;
}

static size_t utf8_len_at(const hx *h, size_t s)
{
    int k = nl_utf8_seq_len((const unsigned char *)h->src + s, h->len - s);
    return k > 0 ? (size_t)k : 1;
}

static int is_ident_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

static int is_xml_char(long v)
{
    return v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) ||
           (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF);
}

/* The reference at src[s] == '&' as libxml2 reads it: returns the code
 * point it decodes to (0 when libxml2 drops it) and its length, or -1 when
 * libxml2 keeps the '&' as text. */
static long entity_at(const hx *h, size_t s, size_t *elen)
{
    const char *b = h->src;
    size_t j = s + 1, n = h->len;
    if (j < n && b[j] == '#') {
        int base = 10;
        long v = 0;
        j++;
        if (j < n && (b[j] == 'x' || b[j] == 'X')) {
            base = 16;
            j++;
        }
        for (; j < n; j++) {
            int d;
            char c = b[j];
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (base == 16 && c >= 'a' && c <= 'f')
                d = c - 'a' + 10;
            else if (base == 16 && c >= 'A' && c <= 'F')
                d = c - 'A' + 10;
            else
                break;
            if (v < 0x110000)
                v = v * base + d;
        }
        if (j < n && b[j] == ';')
            j++;
        *elen = j - s;
        return is_xml_char(v) ? v : 0;
    }
    while (j < n && j - s <= 32 && is_ident_char((unsigned char)b[j]))
        j++;
    if (j == s + 1 || j >= n || b[j] != ';' || j - s > 32)
        return -1;
    char name[40];
    memcpy(name, b + s + 1, j - s - 1);
    name[j - s - 1] = '\0';
    const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
    if (!e)
        return -1;
    *elen = j + 1 - s;
    return (long)e->value;
}

/* Find where the character c (bytes b[0..k), code point cp) comes from,
 * starting at source offset s, no later than lim. */
static int align(const hx *h, size_t s, size_t lim, const xmlChar *b,
                 size_t k, uint32_t cp, size_t *off, size_t *after)
{
    while (s <= lim && s < h->len) {
        unsigned char c0 = (unsigned char)h->src[s];
        if (c0 == '&') {
            size_t elen = 1;
            long v = entity_at(h, s, &elen);
            if (v > 0 && (uint32_t)v == cp) {
                *off = s;
                *after = s + elen;
                return 1;
            }
            if (v >= 0 && cp != '&') {
                s += elen; /* a reference that made something else */
                continue;
            }
        }
        if (s + k <= h->len && memcmp(h->src + s, b, k) == 0) {
            *off = s;
            *after = s + k;
            return 1;
        }
        /* h->buf: a NUL or a short "<!>" libxml2 read as spaces */
        if (cp < 0x80 && is_ascii_space(cp) &&
            is_ascii_space((unsigned char)h->buf[s])) {
            *off = s;
            *after = s + 1;
            return 1;
        }
        s += utf8_len_at(h, s);
    }
    return 0;
}

/* Whether buf[s] starts the tag "<name" (closing: "</name"). */
static int tag_at(const hx *h, size_t s, const xmlChar *name, size_t nl,
                  int closing)
{
    size_t at = s + 1 + (closing ? 1 : 0);
    if (h->buf[s] != '<' || at + nl > h->len ||
        (closing && h->buf[s + 1] != '/') ||
        strncasecmp(h->buf + at, (const char *)name, nl) != 0)
        return 0;
    /* libxml2's tag names: ASCII letters, digits, ':-_.' */
    char d = at + nl < h->len ? h->buf[at + nl] : '>';
    return !is_ident_char((unsigned char)d) && d != ':' && d != '-' &&
           d != '_' && d != '.';
}

/* Offset of the start tag "<name" in [pos, end) (end: where libxml2 is,
 * at its '>'), or SIZE_MAX when libxml2 implied the element. */
static size_t find_start_tag(const hx *h, const xmlChar *name, size_t end)
{
    size_t nl = strlen((const char *)name), s = h->pos;
    if (end > h->len)
        end = h->len;
    while (s < end) {
        const char *lt = memchr(h->buf + s, '<', end - s);
        if (!lt)
            break;
        s = (size_t)(lt - h->buf);
        if (tag_at(h, s, name, nl, 0))
            return s;
        s++;
    }
    return SIZE_MAX;
}

/* Offset of the end tag "</name" that libxml2 has just read (end: right
 * after its '>'), looked for backwards over at most HX_END_TAG_WINDOW
 * bytes and not before pos, or SIZE_MAX when the end was implied.  The
 * window keeps a run of implied ends after a long stretch of markup that
 * made no event (stray end tags) linear. */
static size_t find_end_tag(const hx *h, const xmlChar *name, size_t end)
{
    size_t nl = strlen((const char *)name);
    if (end > h->len)
        end = h->len;
    size_t low = h->pos;
    if (end > HX_END_TAG_WINDOW && end - HX_END_TAG_WINDOW > low)
        low = end - HX_END_TAG_WINDOW;
    for (size_t s = end; s > low;) {
        s--;
        if (h->buf[s] == '<')
            return tag_at(h, s, name, nl, 1) ? s : SIZE_MAX;
    }
    return SIZE_MAX;
}

/* First '<' in [pos, end), else pos: libxml2 may close an element after
 * reading text it has not reported yet, so `end` can lie past that text. */
static size_t next_lt(const hx *h, size_t end)
{
    if (end > h->len)
        end = h->len;
    if (h->pos >= end)
        return h->pos;
    const char *lt = memchr(h->buf + h->pos, '<', end - h->pos);
    return lt ? (size_t)(lt - h->buf) : h->pos;
}

static void advance(hx *h, size_t to)
{
    if (to > h->pos)
        h->pos = to < h->len ? to : h->len;
}

/* ---- body selection ---------------------------------------------------- */

static void parse_hint(const char *s, hx_hint *out)
{
    memset(out, 0, sizeof *out);
    if (!s)
        return;
    while (*s == ' ' || *s == '\t')
        s++;
    const char *p = s;
    while (is_ident_char((unsigned char)*p) || *p == '-' || *p == '_' || *p == ':')
        p++;
    if (p > s) {
        out->tag = s;
        out->tag_n = (size_t)(p - s);
    }
    while (*p == '#' || *p == '.') {
        char kind = *p++;
        const char *v = p;
        while (*p && *p != '#' && *p != '.' && *p != ' ' && *p != '\t' &&
               *p != '[' && *p != '>' && *p != ',' && *p != ':')
            p++;
        if (p == v || (kind == '#' ? out->id != NULL : out->cls != NULL))
            goto bad;
        if (kind == '#') {
            out->id = v;
            out->id_n = (size_t)(p - v);
        } else {
            out->cls = v;
            out->cls_n = (size_t)(p - v);
        }
    }
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '\0' && (out->tag || out->id || out->cls))
        return;
bad:
    memset(out, 0, sizeof *out);
}

static const char *attr(const xmlChar **atts, const char *name)
{
    for (size_t i = 0; atts && atts[i]; i += 2)
        if (strcasecmp((const char *)atts[i], name) == 0)
            return atts[i + 1] ? (const char *)atts[i + 1] : "";
    return NULL;
}

static int has_class(const char *list, const char *cls, size_t n)
{
    const char *p = list;
    while (p && *p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
            p++;
        const char *w = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' &&
               *p != '\f')
            p++;
        if ((size_t)(p - w) == n && n && memcmp(w, cls, n) == 0)
            return 1;
    }
    return 0;
}

static int hint_matches(const hx_hint *hint, const xmlChar *name,
                        const xmlChar **atts)
{
    if (!hint->tag && !hint->id && !hint->cls)
        return 0;
    if (hint->tag && (strlen((const char *)name) != hint->tag_n ||
                      strncasecmp((const char *)name, hint->tag, hint->tag_n)))
        return 0;
    if (hint->id) {
        const char *id = attr(atts, "id");
        if (!id || strlen(id) != hint->id_n || memcmp(id, hint->id, hint->id_n))
            return 0;
    }
    if (hint->cls) {
        const char *c = attr(atts, "class");
        if (!c || !has_class(c, hint->cls, hint->cls_n))
            return 0;
    }
    return 1;
}

static void found(hx *h, hx_elem *e, int which)
{
    if (h->cand[which].found)
        return;
    h->cand[which].found = 1;
    h->cand[which].ordinal = h->ordinal;
    e->track |= 1u << which;
}

/* Visible characters in s[0..n): not ASCII whitespace, U+00A0 or U+3000. */
static size_t count_visible(const xmlChar *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = s[i];
        if ((b & 0xC0) == 0x80 || is_ascii_space(b))
            continue;
        if (b == 0xC2 && i + 1 < n && s[i + 1] == 0xA0)
            continue;
        if (b == 0xE3 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0x80)
            continue;
        c++;
    }
    return c;
}

static void start1(hx *h, hx_elem *e, const xmlChar *name,
                   const xmlChar **atts, unsigned tf)
{
    e->mark = h->real;
    if (tf & T_EXCLUDE) {
        e->flags |= E_SUPP;
        h->excluded++;
    }
    for (size_t i = 0; i < h->nhints; i++)
        if (!h->cand[i].found && hint_matches(&h->hints[i], name, atts))
            found(h, e, (int)i);
    if (tf & T_MAIN)
        found(h, e, C_MAIN);
    const char *role = attr(atts, "role");
    if (role && strcasecmp(role, "main") == 0)
        found(h, e, C_ROLE);
    if (tf & T_ARTICLE) {
        e->flags |= E_ARTICLE;
        if (h->open_articles++ == 0) {
            h->outer_articles++;
            found(h, e, C_ARTICLE);
        }
    }
    if ((tf & T_CHROME) && h->nchrome < HX_MAX_CHROME) {
        if (h->nchrome == h->chrome_cap) {
            size_t ncap = h->chrome_cap ? 2 * h->chrome_cap : 16;
            size_t *nc = realloc(h->chrome, ncap * sizeof *nc);
            if (!nc) {
                h->nomem = 1;
                quit(h);
                return;
            }
            h->chrome = nc;
            h->chrome_cap = ncap;
        }
        e->flags |= E_CHROME;
        e->aux = h->nchrome++;
        h->chrome[e->aux] = 0;
    }
}

static void end1(hx *h, const hx_elem *e)
{
    if (e->flags & E_SUPP)
        h->excluded--;
    if (e->flags & E_ARTICLE)
        h->open_articles--;
    for (int i = 0; i < C_COUNT; i++)
        if (e->track & (1u << i))
            h->cand[i].count = h->real - e->mark;
    if (e->flags & E_CHROME)
        h->chrome[e->aux] = h->real - e->mark;
}

static int active(const hx *h)
{
    return h->inside && h->suppress == 0 && !h->done;
}

static void start2(hx *h, hx_elem *e, unsigned tf, size_t off, int implied)
{
    int was = active(h);
    e->mark = h->real_out;
    if (!h->body_mode && !h->inside && h->ordinal == h->target) {
        e->flags |= E_TARGET;
        h->inside = 1;
    }
    int supp = (tf & T_EXCLUDE) != 0;
    if (tf & T_CHROME) {
        size_t seq = h->chrome_seq++;
        if (h->body_mode && (seq >= h->nchrome || 2 * h->chrome[seq] <= h->total))
            supp = 1;
    }
    if (supp) {
        e->flags |= E_SUPP;
        h->suppress++;
    }
    if (tf & T_PRE) {
        e->flags |= E_PRE;
        h->pre++;
    }
    int now = active(h);
    if (implied) /* html, body, p libxml2 opened without a tag: no break */
        return;
    if (tf & T_BR) {
        if (now)
            line_break(h, off);
    } else if (tf & T_BLOCK) {
        if (was || now)
            line_break(h, off);
    } else if ((tf & T_CELL) && now && h->tlen > h->line_start) {
        h->need_tab = 1;
        h->need_space = 0;
        h->tab_off = off;
    }
}

static void end2(hx *h, const hx_elem *e, size_t off)
{
    int was = active(h);
    if (e->flags & E_SUPP)
        h->suppress--;
    if (e->flags & E_PRE)
        h->pre--;
    int now = active(h);
    if ((e->flags & T_BLOCK) && (was || now)) {
        if ((e->flags & T_P) && was && h->real_out == e->mark)
            blank_line(h, off);
        else
            line_break(h, off);
    }
    if (e->flags & E_TARGET) { /* the rest of the page is not needed */
        h->inside = 0;
        h->done = 1;
        quit(h);
    }
}

/* ---- SAX callbacks ----------------------------------------------------- */

static void on_start(void *ud, const xmlChar *name, const xmlChar **atts)
{
    hx *h = ud;
    if (h->quit || !name)
        return;
    h->ordinal++;
    size_t off = 0, tag = SIZE_MAX;
    if (h->pass == 2) {
        size_t end = here(h);
        tag = find_start_tag(h, name, end);
        off = tag != SIZE_MAX ? tag : end;
        if (tag != SIZE_MAX) { /* a real tag, not an implied one */
            if (end < h->len && h->buf[end] == '/' && end + 1 < h->len &&
                h->buf[end + 1] == '>')
                end += 2;
            else if (end < h->len && h->buf[end] == '>')
                end++;
            advance(h, end);
        }
    }
    if (h->depth >= HX_MAX_DEPTH) {
        h->overflow++;
        return;
    }
    if (h->depth == h->cap) {
        size_t ncap = h->cap ? 2 * h->cap : 64;
        if (ncap > HX_MAX_DEPTH)
            ncap = HX_MAX_DEPTH;
        hx_elem *ns = realloc(h->stack, ncap * sizeof *ns);
        if (!ns) {
            h->nomem = 1;
            quit(h);
            return;
        }
        h->stack = ns;
        h->cap = ncap;
    }
    unsigned tf = tag_flags(name);
    hx_elem *e = &h->stack[h->depth++];
    *e = (hx_elem){.flags = tf};
    if (h->pass == 1)
        start1(h, e, name, atts, tf);
    else
        start2(h, e, tf, off, tag == SIZE_MAX);
}

static void on_end(void *ud, const xmlChar *name)
{
    hx *h = ud;
    if (h->quit || !name)
        return;
    if (h->overflow) {
        h->overflow--;
        return;
    }
    if (h->depth == 0)
        return;
    hx_elem *e = &h->stack[--h->depth];
    if (h->pass == 1) {
        end1(h, e);
        return;
    }
    size_t end = here(h), off;
    size_t tag = find_end_tag(h, name, end);
    if (tag != SIZE_MAX) {
        off = tag;
        advance(h, end);
    } else {
        off = next_lt(h, end); /* implied end: the tag that caused it */
    }
    end2(h, e, off);
}

static void on_chars(void *ud, const xmlChar *ch, int n)
{
    hx *h = ud;
    if (h->quit || n <= 0)
        return;
    if (h->pass == 1) {
        if (!h->excluded)
            h->real += count_visible(ch, (size_t)n);
        return;
    }
    size_t end = here(h);
    if (!active(h)) {
        advance(h, end);
        return;
    }
    size_t s = h->pos, lim = end < h->len ? end : h->len - 1;
    int lost = 0;
    for (size_t i = 0; i < (size_t)n;) {
        int k = nl_utf8_seq_len(ch + i, (size_t)n - i);
        uint32_t cp;
        if (k <= 0) { /* cannot happen: libxml2 hands out UTF-8 */
            k = 1;
            cp = 0xFFFD;
        } else if (k == 1) {
            cp = ch[i];
        } else {
            cp = ch[i] & (0xFF >> (k + 1));
            for (int j = 1; j < k; j++)
                cp = (cp << 6) | (ch[i + j] & 0x3F);
        }
        size_t off, after;
        if (!lost && align(h, s, lim, ch + i, (size_t)k, cp, &off, &after)) {
            s = after;
        } else {
            lost = 1;
            off = s < h->len ? s : h->len - 1;
        }
        if (k == 1 && cp == 0)
            cp = ' ';
        text_char(h, ch + i, (size_t)k, cp, off);
        i += (size_t)k;
    }
    /* Not to `end` when all is aligned: the '&' of an unknown entity comes
     * before its name, both reported with the parser after the name. */
    advance(h, lost && end > s ? end : s);
}

/* Comments, script/style text, <!DOCTYPE>, <?...?>: nothing but progress. */
static void on_skip_text(void *ud, const xmlChar *s, int n)
{
    (void)s;
    (void)n;
    hx *h = ud;
    if (h->pass == 2 && !h->quit)
        advance(h, here(h));
}

static void on_comment(void *ud, const xmlChar *s)
{
    on_skip_text(ud, s, 0);
}

static void on_pi(void *ud, const xmlChar *target, const xmlChar *data)
{
    (void)data;
    on_skip_text(ud, target, 0);
}

static void on_subset(void *ud, const xmlChar *name, const xmlChar *ext,
                      const xmlChar *sys)
{
    (void)ext;
    (void)sys;
    on_skip_text(ud, name, 0);
}

/* libxml2's errors: never printed; mismatched end tags are counted. */
static void on_error(void *ud, xmlErrorPtr e)
{
    hx *h = ud;
    if (!h || !e || h->quit)
        return;
    if (e->code != XML_ERR_TAG_NAME_MISMATCH && /* stray end tag */
        !(e->code == XML_HTML_STRUCURE_ERROR && e->str1 && /* misplaced */
          strcmp(e->str1, "body") == 0))                   /* <body> */
        return;
    h->work += h->depth + h->overflow + 1;
    if (h->work > HX_MAX_WORK) {
        h->broken = 1;
        quit(h);
    }
}

static const htmlSAXHandler SAX = {
    .internalSubset = on_subset,
    .startElement = on_start,
    .endElement = on_end,
    .characters = on_chars,
    .ignorableWhitespace = on_chars,
    .processingInstruction = on_pi,
    .comment = on_comment,
    .cdataBlock = on_skip_text,
    .initialized = XML_SAX2_MAGIC,
    .serror = on_error,
};

/* One parse of h->buf.  Returns 0, or -1 when libxml2 runs out of memory;
 * *stopped says whether it gave up before the end of the input. */
static int run_pass(hx *h, int pass, int *stopped, int *line)
{
    h->pass = pass;
    h->pos = 0;
    h->ordinal = 0;
    h->depth = h->overflow = 0;
    h->work = 0;
    h->quit = 0;
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(h->buf, (int)h->len);
    if (!ctxt)
        return -1;
    memcpy(ctxt->sax, &SAX, sizeof SAX);
    ctxt->userData = h;
    h->ctxt = ctxt;
    xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
    htmlCtxtUseOptions(ctxt, HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                 HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
                                 HTML_PARSE_IGNORE_ENC);
    htmlParseDocument(ctxt);
    size_t at = here(h);
    int rc = ctxt->errNo == XML_ERR_NO_MEMORY ? -1 : 0;
    *stopped = !h->quit &&
               (ctxt->instate == XML_PARSER_EOF || ctxt->disableSAX) &&
               at < h->len;
    *line = ctxt->input ? ctxt->input->line : 0;
    h->ctxt = NULL;
    /* Elements libxml2 left open (it normally closes them all). */
    while (!h->quit && h->depth > 0) {
        if (h->overflow) {
            h->overflow--;
            continue;
        }
        hx_elem *e = &h->stack[--h->depth];
        if (pass == 1)
            end1(h, e);
        else
            end2(h, e, h->len);
    }
    if (ctxt->myDoc)
        xmlFreeDoc(ctxt->myDoc);
    htmlFreeParserCtxt(ctxt);
    xmlResetLastError(); /* libxml2 keeps a per-thread copy of the last one */
    return rc;
}

/* Offset of "-->" in s[from..n), or n. */
static size_t comment_end(const char *s, size_t from, size_t n)
{
    while (from + 3 <= n) {
        const char *d = memchr(s + from, '-', n - from);
        if (!d)
            break;
        from = (size_t)(d - s);
        if (from + 3 <= n && d[1] == '-' && d[2] == '>')
            return from;
        from++;
    }
    return n;
}

/* "<!...>" that is neither a comment nor a DOCTYPE is a bogus comment to a
 * browser (Word's <![if !supportLists]>, <![endif]>, <![CDATA[...]]>) but
 * text to libxml2 2.9.  Find them in s; when t (a copy of s) is given,
 * turn each into a comment of the same length ("<!------>"), or when
 * shorter a processing instruction ("<?xx>"), or spaces ("<!>").  Returns
 * whether there is any. */
static int bogus_comments(const char *s, char *t, size_t n)
{
    int any = 0;
    size_t i = 0;
    while (i + 1 < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt)
            break;
        i = (size_t)(lt - s);
        if (i + 1 >= n || s[i + 1] != '!') {
            i++;
        } else if (i + 3 < n && s[i + 2] == '-' && s[i + 3] == '-') {
            i = comment_end(s, i + 4, n) + 3;
        } else if (n - i >= 9 && strncasecmp(s + i + 2, "doctype", 7) == 0) {
            i += 9;
        } else {
            const char *gt = memchr(s + i + 2, '>', n - i - 2);
            if (!gt)
                break;
            size_t j = (size_t)(gt - s);
            any = 1;
            /* every byte inside is overwritten: no UTF-8 sequence is cut */
            if (t && j - i + 1 >= 7) {
                memset(t + i + 2, '-', j - i - 2);
            } else if (t && j - i + 1 >= 4) { /* "<?xx>": a PI, ignored too */
                t[i + 1] = '?';
                memset(t + i + 2, 'x', j - i - 2);
            } else if (t) {
                memset(t + i, ' ', j - i + 1);
            }
            i = j + 1;
        }
    }
    return any;
}

/* After pass 1: the element to write, or the whole body. */
static void choose_body(hx *h)
{
    h->total = h->real;
    for (int i = 0; i < C_COUNT; i++) {
        if (i >= (int)h->nhints && i < C_MAIN)
            continue;
        if (i == C_ARTICLE && h->outer_articles != 1)
            continue;
        if (h->cand[i].found && h->cand[i].count > 0) {
            h->body_mode = 0;
            h->target = h->cand[i].ordinal;
            h->inside = 0;
            return;
        }
    }
    h->body_mode = 1;
    h->inside = 1;
}

/* Valid UTF-8 with at least 8 multi-byte sequences: a page saved as UTF-8
 * that still declares gbk (real GBK text is practically never like that). */
static int clearly_utf8(const unsigned char *b, size_t n)
{
    size_t multi = 0;
    for (size_t i = 0; i < n;) {
        int k = nl_utf8_seq_len(b + i, n - i);
        if (k == 0)
            return 0;
        multi += k > 1;
        i += (size_t)k;
    }
    return multi >= 8;
}

nl_status nl_html_extract(const unsigned char *bytes, size_t n,
                          const char *const *body_hints, nl_extract *out,
                          nl_error *err)
{
    if (!out || (!bytes && n))
        return nl_error_set(err, NL_ERR_USAGE, NULL, 0, 0,
                            "nl_html_extract: NULL argument");
    memset(out, 0, sizeof *out);
    nl_status st = NL_OK;
    hx h = {0};
    char *fixed = NULL; /* h.buf when src.text needs changes */

    if (n > NL_EXTRACT_MAX_TEXT) {
        snprintf(out->problem, sizeof out->problem,
                 "page of %zu bytes is larger than the %u MiB limit", n,
                 NL_EXTRACT_MAX_TEXT >> 20);
        goto empty;
    }
    nl_html_charset cs = nl_html_sniff_charset(bytes, n);
    if (cs == NL_HTML_CS_GB18030 && clearly_utf8(bytes, n))
        cs = NL_HTML_CS_UTF8;
    if (cs == NL_HTML_CS_UTF8)
        st = nl_decode_as(bytes, n, NL_ENC_UTF8, &out->src, err);
    else if (cs == NL_HTML_CS_GB18030)
        st = nl_decode_as(bytes, n, NL_ENC_GB18030, &out->src, err);
    else
        st = nl_decode(bytes, n, &out->src, err);
    if (st != NL_OK)
        goto fail;
    if (cs == NL_HTML_CS_UTF16) {
        snprintf(out->problem, sizeof out->problem,
                 "UTF-16 pages are not supported (byte order mark found)");
        goto empty;
    }
    if (out->src.len > NL_EXTRACT_MAX_TEXT) {
        snprintf(out->problem, sizeof out->problem,
                 "page decodes to %zu bytes, more than the %u MiB limit",
                 out->src.len, NL_EXTRACT_MAX_TEXT >> 20);
        goto empty;
    }
    if (out->src.len == 0)
        goto empty;

    h.src = h.buf = out->src.text;
    h.len = out->src.len;
    if (memchr(h.buf, '\0', h.len) || bogus_comments(h.buf, NULL, h.len)) {
        if (!(fixed = malloc(h.len + 1)))
            goto nomem;
        for (size_t i = 0; i <= h.len; i++)
            fixed[i] = i < h.len && h.buf[i] == '\0' ? ' ' : h.buf[i];
        bogus_comments(fixed, fixed, h.len);
        h.buf = fixed;
    }
    for (size_t i = 0; body_hints && body_hints[i] && h.nhints < HX_MAX_HINTS; i++)
        parse_hint(body_hints[i], &h.hints[h.nhints++]);

    nl_xml_init();
    int stopped = 0, line = 0;
    if (run_pass(&h, 1, &stopped, &line) < 0 || h.nomem)
        goto nomem;
    if (h.broken) {
        snprintf(out->problem, sizeof out->problem,
                 "the HTML is too broken to read: stray end tags or <body> "
                 "tags inside elements nested %zu deep", h.depth + h.overflow);
        goto empty;
    }
    if (stopped)
        snprintf(out->problem, sizeof out->problem,
                 "the HTML parser gave up at line %d of the page", line);
    if (h.real > 0) {
        choose_body(&h);
        if (run_pass(&h, 2, &stopped, &line) < 0 || h.nomem)
            goto nomem;
        line_break(&h, h.len);
        while (h.tlen >= 2 && h.text[h.tlen - 1] == '\n' &&
               h.text[h.tlen - 2] == '\n')
            h.tlen--;
    }
    if (h.nomem)
        goto nomem;
    if (h.tlen == 0)
        goto empty;
    /* Room for the NUL and xmap[len] is always there (put keeps one spare). */
    h.text[h.tlen] = '\0';
    h.xmap[h.tlen] = out->src.len;
    out->text = h.text;
    out->xmap = h.xmap;
    out->len = h.tlen;
    h.text = NULL;
    h.xmap = NULL;
    goto done;

empty:
    out->text = calloc(1, 1);
    out->xmap = malloc(sizeof *out->xmap);
    if (!out->text || !out->xmap)
        goto nomem;
    out->xmap[0] = out->src.len;
    out->len = 0;
    goto done;
nomem:
    st = nl_error_set(err, NL_ERR_NOMEM, NULL, 0, 0,
                      "out of memory extracting text from HTML (%zu bytes)", n);
fail:
    nl_extract_free(out);
done:
    free(h.text);
    free(h.xmap);
    free(h.stack);
    free(h.chrome);
    free(fixed);
    return st;
}
