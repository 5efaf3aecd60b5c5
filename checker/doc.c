/*
 * doc.c — read a document, decode it, index its lines, and note input.*
 * conditions.  See doc.h.
 */
#include "doc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
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

nl_status nl_doc_load_bytes(const char *name, const void *bytes, size_t n,
                            nl_doc **out, nl_error *err)
{
    *out = NULL;
    if (n >= MAX_DOC_BYTES)
        return nl_error_set(err, NL_ERR_INPUT, name, 0, 0,
                            "file is larger than 2 GiB");
    nl_doc *doc = calloc(1, sizeof *doc);
    if (!doc || !(doc->path = strdup(name))) {
        free(doc);
        return nl_error_set(err, NL_ERR_NOMEM, name, 0, 0, "out of memory");
    }
    nl_status st = NL_OK;
    const unsigned char *b = bytes;
    const void *nul = n ? memchr(b, '\0', n) : NULL;
    if (nul) {
        /* Binary: keep the text up to the NUL so positions still work. */
        size_t at = (size_t)((const unsigned char *)nul - b);
        st = nl_decode(b, at, &doc->dec, err);
        if (st == NL_OK)
            st = index_lines(doc, err);
        if (st != NL_OK)
            goto fail;
        doc->binary = 1;
        char msg[160];
        snprintf(msg, sizeof msg,
                 "file contains a NUL byte at offset %zu: binary, not parsed", at);
        add_diag(doc, "input.binary", "error", (nl_span){doc->dec.len, doc->dec.len}, msg);
        *out = doc;
        return NL_OK;
    }
    st = nl_decode(b, n, &doc->dec, err);
    if (st == NL_OK)
        st = index_lines(doc, err);
    if (st != NL_OK)
        goto fail;
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
    if (is_blank_text(doc->dec.text, doc->dec.len)) {
        doc->empty = 1;
        add_diag(doc, "input.empty", "error", (nl_span){0, 0},
                 n ? "file holds only whitespace" : "file is empty");
    }
    *out = doc;
    return NL_OK;
fail:
    nl_doc_free(doc);
    return st;
}

nl_status nl_doc_load_file(const char *path, nl_doc **out, nl_error *err)
{
    *out = NULL;
    char *buf = NULL;
    size_t n = 0;
    nl_status st = nl_read_file(path, MAX_DOC_BYTES - 1, "file", &buf, &n, err);
    if (st != NL_OK)
        return st;
    st = nl_doc_load_bytes(path, buf, n, out, err);
    free(buf);
    return st;
}

void nl_doc_free(nl_doc *doc)
{
    if (!doc)
        return;
    nl_decoded_free(&doc->dec);
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
    return nl_decoded_original(&doc->dec, offset);
}

nl_pos nl_doc_pos(const nl_doc *doc, size_t offset)
{
    if (offset > doc->dec.len)
        offset = doc->dec.len;
    size_t line = nl_doc_line_of(doc, offset);
    size_t stop = offset < doc->line_ends[line] ? offset : doc->line_ends[line];
    size_t col = 1 + cps_before(doc, stop) - cps_before(doc, doc->line_starts[line]);
    return (nl_pos){(int)line + 1, (int)col, nl_doc_orig(doc, offset)};
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
