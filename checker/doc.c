/*
 * doc.c — read a document, decode it, index its lines, and note input.*
 * conditions.  See doc.h.
 */
#include "doc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "error.h"
#include "extract.h"
#include "html_charset.h"
#include "readfile.h"

#define MAX_DOC_BYTES ((size_t)1 << 31) /* 2 GiB: the offset map is 32-bit */

static void add_diag(nl_doc *doc, const char *rule, const char *severity,
                     nl_span span, const char *msg)
{
    if (doc->ndiags >= sizeof doc->diags / sizeof doc->diags[0])
        return;
    nl_diag *d = &doc->diags[doc->ndiags++];
    d->rule = rule;
    d->severity = severity;
    d->span = span;
    snprintf(d->message, sizeof d->message, "%s", msg);
}

static int is_blank_text(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
            c == '\v') {
            i++;
        } else if (n - i >= 3 && memcmp(s + i, "\xe3\x80\x80", 3) == 0) {
            i += 3; /* U+3000 ideographic space */
        } else if (n - i >= 2 && memcmp(s + i, "\xc2\xa0", 2) == 0) {
            i += 2; /* no-break space */
        } else {
            return 0;
        }
    }
    return 1;
}

static nl_status index_lines(nl_doc *doc, nl_error *err)
{
    const char *t = doc->dec.text;
    size_t n = doc->dec.len, count = 1;
    for (size_t i = 0; i < n; i++)
        if (t[i] == '\n' || (t[i] == '\r' && (i + 1 == n || t[i + 1] != '\n')))
            count++;
    doc->line_starts = malloc(count * sizeof *doc->line_starts);
    doc->line_ends = malloc(count * sizeof *doc->line_ends);
    if (!doc->line_starts || !doc->line_ends)
        return nl_error_set(err, NL_ERR_NOMEM, doc->path, 0, 0, "out of memory");
    size_t line = 0;
    doc->line_starts[0] = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '\n') {
            doc->eol |= NL_EOL_LF;
            doc->line_ends[line++] = i;
            doc->line_starts[line] = i + 1;
        } else if (t[i] == '\r') {
            int crlf = i + 1 < n && t[i + 1] == '\n';
            doc->eol |= crlf ? NL_EOL_CRLF : NL_EOL_CR;
            doc->line_ends[line++] = i;
            i += crlf;
            doc->line_starts[line] = i + 1;
        }
    }
    doc->line_ends[line] = n;
    doc->nlines = line + 1;
    /* A final terminator does not open a new (empty) line. */
    if (doc->nlines > 1 && doc->line_starts[doc->nlines - 1] == n)
        doc->nlines--;
    /* Code points before every NL_DOC_MARK-byte boundary (see nl_doc_pos). */
    size_t nmarks = n / NL_DOC_MARK + 1;
    if (!(doc->cp_marks = malloc(nmarks * sizeof *doc->cp_marks)))
        return nl_error_set(err, NL_ERR_NOMEM, doc->path, 0, 0, "out of memory");
    size_t cps = 0;
    for (size_t k = 0, i = 0; k < nmarks; k++) {
        for (; i < k * NL_DOC_MARK; i++)
            cps += ((unsigned char)t[i] & 0xC0) != 0x80;
        doc->cp_marks[k] = cps;
    }
    return NL_OK;
}

/* Code points (bytes that are not UTF-8 continuation bytes) in text[0, at). */
static size_t cps_before(const nl_doc *doc, size_t at)
{
    const unsigned char *t = (const unsigned char *)doc->dec.text;
    size_t k = at / NL_DOC_MARK, n = doc->cp_marks[k];
    for (size_t i = k * NL_DOC_MARK; i < at; i++)
        n += (t[i] & 0xC0) != 0x80;
    return n;
}

static nl_doc *new_doc(const char *name, nl_input_format format,
                       nl_error *err)
{
    nl_doc *doc = calloc(1, sizeof *doc);
    if (!doc || !(doc->path = strdup(name))) {
        free(doc);
        nl_error_set(err, NL_ERR_NOMEM, name, 0, 0, "out of memory");
        return NULL;
    }
    doc->format = format;
    return doc;
}

static void mark_empty(nl_doc *doc, const char *msg)
{
    if (is_blank_text(doc->dec.text, doc->dec.len)) {
        doc->empty = 1;
        add_diag(doc, "input.empty", "error", (nl_span){0, 0}, msg);
    }
}

/* A plain text file: decode, index, note input.* conditions. */
static nl_status load_text(nl_doc *doc, const unsigned char *b, size_t n,
                           nl_error *err)
{
    nl_status st;
    const void *nul = n ? memchr(b, '\0', n) : NULL;
    if (nul) {
        /* Binary: keep the text up to the NUL so positions still work. */
        size_t at = (size_t)((const unsigned char *)nul - b);
        if ((st = nl_decode(b, at, &doc->dec, err)) != NL_OK ||
            (st = index_lines(doc, err)) != NL_OK)
            return st;
        doc->unparsed = 1;
        char msg[160];
        snprintf(msg, sizeof msg,
                 "file contains a NUL byte at offset %zu: binary, not parsed", at);
        add_diag(doc, "input.binary", "error", (nl_span){doc->dec.len, doc->dec.len}, msg);
        return NL_OK;
    }
    if ((st = nl_decode(b, n, &doc->dec, err)) != NL_OK ||
        (st = index_lines(doc, err)) != NL_OK)
        return st;
    if (doc->dec.encoding == NL_ENC_UTF8_LOSSY) {
        char msg[160];
        size_t at = doc->dec.first_invalid_text;
        snprintf(msg, sizeof msg,
                 "invalid UTF-8 (byte 0x%02X at offset %zu) and not GB18030 either: "
                 "%zu bad byte%s replaced by U+FFFD",
                 b[doc->dec.first_invalid], doc->dec.first_invalid,
                 doc->dec.invalid_count, doc->dec.invalid_count == 1 ? "" : "s");
        add_diag(doc, "input.encoding", "error", (nl_span){at, at + 3}, msg);
    }
    mark_empty(doc, n ? "file holds only whitespace" : "file is empty");
    return NL_OK;
}

/* Take the extracted text as the document's text (UTF-8, '\n' lines). */
static nl_status adopt_text(nl_doc *doc, nl_extract *x, nl_error *err)
{
    doc->dec.text = x->text;
    doc->dec.len = x->len;
    doc->dec.encoding = NL_ENC_UTF8;
    x->text = NULL;
    x->len = 0;
    return index_lines(doc, err);
}

/* An extractor's `problem`: the document is reported and not parsed. */
static void unusable(nl_doc *doc, const char *rule, const char *problem)
{
    doc->unparsed = 1;
    add_diag(doc, rule, "error", (nl_span){0, 0}, problem);
}

static nl_status load_docx(nl_doc *doc, const unsigned char *b, size_t n,
                           nl_error *err)
{
    nl_extract x = {0};
    nl_status st = nl_docx_extract(b, n, &x, err);
    if (st == NL_OK)
        st = adopt_text(doc, &x, err);
    if (st == NL_OK) {
        if (x.problem[0])
            unusable(doc, "input.docx", x.problem);
        else
            mark_empty(doc, "document has no text");
    }
    nl_extract_free(&x);
    return st;
}

static nl_status load_html(nl_doc *doc, const unsigned char *b, size_t n,
                           const char *const *body, nl_error *err)
{
    nl_extract x = {0};
    nl_status st = nl_html_extract(b, n, body, &x, err);
    if (st != NL_OK)
        goto out;
    /* The source, as a text document of its own, answers positions. */
    if (!(doc->source = new_doc(doc->path, NL_INPUT_TEXT, err))) {
        st = NL_ERR_NOMEM;
        goto out;
    }
    doc->source->dec = x.src;
    memset(&x.src, 0, sizeof x.src);
    if ((st = index_lines(doc->source, err)) != NL_OK)
        goto out;
    if (!x.xmap) { /* no text at all: every offset is the end of the source */
        if (!(x.xmap = calloc(1, sizeof *x.xmap))) {
            st = nl_error_set(err, NL_ERR_NOMEM, doc->path, 0, 0, "out of memory");
            goto out;
        }
        x.xmap[0] = doc->source->dec.len;
    }
    doc->xmap = x.xmap;
    x.xmap = NULL;
    if (!x.text && !(x.text = calloc(1, 1))) {
        st = nl_error_set(err, NL_ERR_NOMEM, doc->path, 0, 0, "out of memory");
        goto out;
    }
    if ((st = adopt_text(doc, &x, err)) != NL_OK)
        goto out;
    const nl_decoded *src = &doc->source->dec;
    doc->dec.encoding = src->encoding;
    if (x.problem[0]) {
        unusable(doc, "input.html", x.problem);
    } else {
        if (src->invalid_count > 0) {
            /* Point at the first text character at or after the bad byte. */
            size_t at = 0;
            while (at < doc->dec.len && doc->xmap[at] < src->first_invalid_text)
                at++;
            char msg[200];
            snprintf(msg, sizeof msg,
                     "invalid %s (byte 0x%02X at offset %zu): %zu bad byte%s "
                     "replaced by U+FFFD",
                     src->encoding == NL_ENC_GB18030 ? "GB18030 (as the page declares)"
                     : src->encoding == NL_ENC_UTF8_LOSSY &&
                             nl_html_sniff_charset(b, n) == NL_HTML_CS_NONE
                         ? "UTF-8 and not GB18030 either"
                         : "UTF-8",
                     b[src->first_invalid], src->first_invalid, src->invalid_count,
                     src->invalid_count == 1 ? "" : "s");
            add_diag(doc, "input.encoding", "error", (nl_span){at, at}, msg);
        }
        mark_empty(doc, "page has no text");
    }
out:
    nl_extract_free(&x);
    return st;
}

const char *nl_input_format_name(nl_input_format f)
{
    switch (f) {
    case NL_INPUT_TEXT: return "text";
    case NL_INPUT_DOCX: return "docx";
    case NL_INPUT_HTML: return "html";
    default: return NULL;
    }
}

int nl_input_format_parse(const char *name, nl_input_format *out)
{
    static const struct { const char *name; nl_input_format f; } names[] = {
        {"auto", NL_INPUT_AUTO}, {"text", NL_INPUT_TEXT}, {"txt", NL_INPUT_TEXT},
        {"docx", NL_INPUT_DOCX}, {"html", NL_INPUT_HTML}, {"htm", NL_INPUT_HTML}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].f;
            return 0;
        }
    return -1;
}

/* The format of a file by its name's extension (case-insensitive). */
static nl_input_format by_extension(const char *name)
{
    const char *slash = strrchr(name, '/'), *dot = strrchr(name, '.');
    if (!dot || (slash && dot < slash))
        return NL_INPUT_TEXT;
    if (strcasecmp(dot, ".docx") == 0)
        return NL_INPUT_DOCX;
    if (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0)
        return NL_INPUT_HTML;
    return NL_INPUT_TEXT;
}

static size_t max_bytes(const nl_load_opts *opts)
{
    size_t max = opts && opts->max_bytes ? opts->max_bytes : NL_DOC_DEFAULT_MAX;
    return max < MAX_DOC_BYTES - 1 ? max : MAX_DOC_BYTES - 1;
}

nl_status nl_doc_load_mem(const char *name, const void *bytes, size_t n,
                          const nl_load_opts *opts, nl_doc **out, nl_error *err)
{
    *out = NULL;
    if (n > max_bytes(opts))
        return nl_error_set(err, NL_ERR_INPUT, name, 0, 0,
                            "file is larger than the %zu MiB limit (--max-size)",
                            max_bytes(opts) >> 20);
    nl_input_format f = opts ? opts->format : NL_INPUT_AUTO;
    if (f == NL_INPUT_AUTO)
        f = by_extension(name);
    nl_doc *doc = new_doc(name, f, err);
    if (!doc)
        return NL_ERR_NOMEM;
    nl_status st;
    switch (f) {
    case NL_INPUT_DOCX: st = load_docx(doc, bytes, n, err); break;
    case NL_INPUT_HTML: st = load_html(doc, bytes, n, opts ? opts->html_body : NULL, err); break;
    default: st = load_text(doc, bytes, n, err); break;
    }
    if (st != NL_OK) {
        nl_doc_free(doc);
        return st;
    }
    *out = doc;
    return NL_OK;
}

nl_status nl_doc_load(const char *path, const nl_load_opts *opts,
                      nl_doc **out, nl_error *err)
{
    *out = NULL;
    char *buf = NULL;
    size_t n = 0;
    nl_status st = nl_read_file(path, max_bytes(opts), "file", &buf, &n, err);
    if (st != NL_OK)
        return st;
    st = nl_doc_load_mem(path, buf, n, opts, out, err);
    free(buf);
    return st;
}

/* Plain text whatever the name says (tests, rule examples, fuzzers). */
nl_status nl_doc_load_bytes(const char *name, const void *bytes, size_t n,
                            nl_doc **out, nl_error *err)
{
    nl_load_opts o = {.format = NL_INPUT_TEXT, .max_bytes = MAX_DOC_BYTES - 1};
    return nl_doc_load_mem(name, bytes, n, &o, out, err);
}

nl_status nl_doc_load_file(const char *path, nl_doc **out, nl_error *err)
{
    return nl_doc_load(path, NULL, out, err);
}

void nl_doc_free(nl_doc *doc)
{
    if (!doc)
        return;
    nl_decoded_free(&doc->dec);
    nl_doc_free(doc->source);
    free(doc->xmap);
    free(doc->line_starts);
    free(doc->line_ends);
    free(doc->cp_marks);
    free(doc->path);
    free(doc);
}

size_t nl_doc_line_of(const nl_doc *doc, size_t offset)
{
    size_t lo = 0, hi = doc->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

size_t nl_doc_orig(const nl_doc *doc, size_t offset)
{
    if (doc->source)
        return nl_doc_orig(doc->source, doc->xmap[offset > doc->dec.len ? doc->dec.len : offset]);
    if (doc->format == NL_INPUT_DOCX)
        return offset;
    return nl_decoded_original(&doc->dec, offset);
}

nl_pos nl_doc_pos(const nl_doc *doc, size_t offset)
{
    if (offset > doc->dec.len)
        offset = doc->dec.len;
    if (doc->source)
        return nl_doc_pos(doc->source, doc->xmap[offset]);
    size_t line = nl_doc_line_of(doc, offset);
    size_t ls = doc->line_starts[line];
    size_t stop = offset < doc->line_ends[line] ? offset : doc->line_ends[line];
    size_t col = 1;
    if (stop - ls <= NL_DOC_MARK) { /* a usual line: count directly */
        const unsigned char *t = (const unsigned char *)doc->dec.text;
        for (size_t i = ls; i < stop; i++)
            col += (t[i] & 0xC0) != 0x80;
    } else {
        col += cps_before(doc, stop) - cps_before(doc, ls);
    }
    return (nl_pos){(int)line + 1, (int)col, nl_doc_orig(doc, offset)};
}

const char *nl_doc_unit(const nl_doc *doc)
{
    return doc->format == NL_INPUT_DOCX ? "paragraph" : "line";
}

const char *nl_doc_eol_name(const nl_doc *doc)
{
    switch (doc->eol) {
    case 0: return "none";
    case NL_EOL_LF: return "lf";
    case NL_EOL_CRLF: return "crlf";
    case NL_EOL_CR: return "cr";
    default: return "mixed";
    }
}
