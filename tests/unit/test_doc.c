/*
 * test_doc.c — unit tests for doc.c: the line index for LF, CRLF, CR, mixed
 * and missing line ends (a final terminator opens no line); nl_doc_pos
 * (1-based line, column in code points, original byte offset) for UTF-8,
 * UTF-8 after a BOM and GB18030 input, the latter both from an iconv(3)
 * conversion made here and from the checked-in fixture pair; the input.*
 * diagnostics (binary, empty, whitespace-only, badly encoded) with their
 * spans; the errors of nl_doc_load_file for unreadable paths; and
 * positions on lines much longer than the column checkpoints.
 */
#include "doc.h"
#include "error.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static nl_error err;

static nl_doc *load(const char *bytes, size_t n)
{
    nl_doc *doc = (nl_doc *)1;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_doc_load_bytes("t.txt", bytes, n, &doc, &err), NL_OK,
                 "%s", err.text);
    cr_assert_not_null(doc);
    cr_assert_eq(err.code, NL_OK);
    cr_assert_str_eq(doc->path, "t.txt");
    return doc;
}

static nl_doc *load_str(const char *s)
{
    return load(s, strlen(s));
}

static nl_doc *load_src(const char *rel)
{
    nl_doc *doc = NULL;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_doc_load_file(tu_src(rel), &doc, &err), NL_OK, "%s: %s",
                 rel, err.text);
    cr_assert_not_null(doc);
    return doc;
}

/* Check nlines, every line start and end, and the eol name. */
static void expect_lines(const nl_doc *doc, size_t nlines,
                         const size_t *starts, const size_t *ends,
                         const char *eol)
{
    cr_assert_eq(doc->nlines, nlines, "nlines %zu, want %zu", doc->nlines,
                 nlines);
    for (size_t i = 0; i < nlines; i++) {
        cr_assert_eq(doc->line_starts[i], starts[i],
                     "line %zu starts at %zu, want %zu", i + 1,
                     doc->line_starts[i], starts[i]);
        cr_assert_eq(doc->line_ends[i], ends[i],
                     "line %zu ends at %zu, want %zu", i + 1,
                     doc->line_ends[i], ends[i]);
    }
    cr_assert_str_eq(nl_doc_eol_name(doc), eol);
    cr_assert_eq(doc->unparsed, 0);
    cr_assert_eq(doc->empty, 0);
    cr_assert_eq(doc->ndiags, 0);
}

static void expect_pos(const nl_doc *doc, size_t offset, int line, int column,
                       size_t orig)
{
    nl_pos p = nl_doc_pos(doc, offset);
    cr_assert_eq(p.line, line, "offset %zu: line %d, want %d", offset, p.line,
                 line);
    cr_assert_eq(p.column, column, "offset %zu: column %d, want %d", offset,
                 p.column, column);
    cr_assert_eq(p.offset, orig, "offset %zu: original %zu, want %zu", offset,
                 p.offset, orig);
    cr_assert_eq(nl_doc_orig(doc, offset), orig);
    cr_assert_eq(nl_doc_line_of(doc, offset), (size_t)line - 1);
}

/* Convert UTF-8 to GB18030 with iconv; returns malloc'd bytes. */
static char *to_gb18030(const char *utf8, size_t *outlen)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    cr_assert_neq(cd, (iconv_t)-1, "iconv_open: %s", strerror(errno));
    size_t inleft = strlen(utf8), cap = 2 * inleft + 16, outleft = cap;
    char *buf = malloc(cap);
    cr_assert_not_null(buf);
    char *in = (char *)utf8, *o = buf;
    cr_assert_neq(iconv(cd, &in, &inleft, &o, &outleft), (size_t)-1,
                  "iconv: %s", strerror(errno));
    cr_assert_eq(inleft, 0);
    iconv_close(cd);
    *outlen = (size_t)(o - buf);
    return buf;
}

Test(doc, lf)
{
    nl_doc *doc = load_str("a\nbb\nccc");
    expect_lines(doc, 3, (size_t[]){0, 2, 5}, (size_t[]){1, 4, 8}, "lf");
    cr_assert_eq(doc->eol, NL_EOL_LF);
    cr_assert_eq(doc->dec.encoding, NL_ENC_UTF8);
    cr_assert_eq(doc->dec.len, 8);
    cr_assert_str_eq(doc->dec.text, "a\nbb\nccc");
    nl_doc_free(doc);
}

Test(doc, crlf)
{
    nl_doc *doc = load_str("a\r\nbb\r\nccc\r\n");
    expect_lines(doc, 3, (size_t[]){0, 3, 7}, (size_t[]){1, 5, 10}, "crlf");
    cr_assert_eq(doc->eol, NL_EOL_CRLF);
    /* the CR belongs to the terminator, not to the line */
    expect_pos(doc, 4, 2, 2, 4);
    nl_doc_free(doc);
}

Test(doc, cr)
{
    nl_doc *doc = load_str("a\rbb\rccc\r");
    expect_lines(doc, 3, (size_t[]){0, 2, 5}, (size_t[]){1, 4, 8}, "cr");
    cr_assert_eq(doc->eol, NL_EOL_CR);
    expect_pos(doc, 6, 3, 2, 6);
    nl_doc_free(doc);
}

Test(doc, mixed)
{
    /* LF, CRLF, CR, then a CR immediately followed by a CRLF: two lines */
    nl_doc *doc = load_str("a\nb\r\nc\rd\r\r\ne");
    expect_lines(doc, 6, (size_t[]){0, 2, 5, 7, 9, 11},
                 (size_t[]){1, 3, 6, 8, 9, 12}, "mixed");
    cr_assert_eq(doc->eol, NL_EOL_LF | NL_EOL_CRLF | NL_EOL_CR);
    nl_doc_free(doc);

    doc = load_str("x\r\ny\n");
    cr_assert_str_eq(nl_doc_eol_name(doc), "mixed");
    cr_assert_eq(doc->nlines, 2);
    nl_doc_free(doc);
}

Test(doc, no_terminator)
{
    nl_doc *doc = load_str("just one line");
    expect_lines(doc, 1, (size_t[]){0}, (size_t[]){13}, "none");
    cr_assert_eq(doc->eol, 0);
    nl_doc_free(doc);
}

Test(doc, final_newline_adds_no_line)
{
    static const char *const texts[] = {"a\nb", "a\nb\n", "a\r\nb\r\n",
                                        "a\rb\r"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        nl_doc *doc = load_str(texts[i]);
        cr_assert_eq(doc->nlines, 2, "text %zu: %zu lines", i, doc->nlines);
        cr_assert_eq(doc->line_starts[1], 2 + (i == 2));
        nl_doc_free(doc);
    }
    /* but an empty last line before the final newline is a line */
    nl_doc *doc = load_str("a\n\n");
    expect_lines(doc, 2, (size_t[]){0, 2}, (size_t[]){1, 2}, "lf");
    nl_doc_free(doc);
    doc = load_str("\n");
    cr_assert_eq(doc->nlines, 1);
    cr_assert_eq(doc->line_ends[0], 0);
    nl_doc_free(doc);
}

Test(doc, pos_counts_code_points)
{
    /* 一二三 = 9 bytes, \n, 四 = 3 bytes: 五 is at offset 13 */
    nl_doc *doc = load_str("一二三\n四五");
    cr_assert_eq(doc->nlines, 2);
    expect_pos(doc, 0, 1, 1, 0);
    expect_pos(doc, 6, 1, 3, 6);   /* 三 */
    expect_pos(doc, 9, 1, 4, 9);   /* the \n itself */
    expect_pos(doc, 10, 2, 1, 10); /* 四 */
    expect_pos(doc, 13, 2, 2, 13); /* 五 */
    expect_pos(doc, 16, 2, 3, 16); /* end of text */
    /* offsets past the end are clamped */
    nl_pos p = nl_doc_pos(doc, 1000);
    cr_assert_eq(p.line, 2);
    cr_assert_eq(p.column, 3);
    cr_assert_eq(p.offset, 16);
    nl_doc_free(doc);

    /* mixed ASCII, 2-byte and 4-byte characters */
    doc = load_str("aé\xF0\xA0\x80\x80z"); /* a é U+20000 z */
    expect_pos(doc, 1, 1, 2, 1);
    expect_pos(doc, 3, 1, 3, 3);
    expect_pos(doc, 7, 1, 4, 7);
    nl_doc_free(doc);
}

Test(doc, bom_offsets)
{
    nl_doc *doc = load_str("\xEF\xBB\xBF一二三\n四五");
    cr_assert_eq(doc->dec.encoding, NL_ENC_UTF8_BOM);
    cr_assert_str_eq(doc->dec.text, "一二三\n四五");
    cr_assert_eq(doc->nlines, 2);
    expect_pos(doc, 0, 1, 1, 3);
    expect_pos(doc, 13, 2, 2, 16);
    cr_assert_eq(doc->ndiags, 0);
    nl_doc_free(doc);
}

Test(doc, bom_fixture)
{
    nl_doc *plain = load_src("fixtures/minimal.txt");
    nl_doc *bom = load_src("fixtures/minimal.bom.txt");
    cr_assert_eq(bom->dec.encoding, NL_ENC_UTF8_BOM);
    cr_assert_eq(plain->nlines, 41);
    cr_assert_eq(bom->nlines, plain->nlines);
    cr_assert_eq(bom->dec.len, plain->dec.len);
    cr_assert_eq(memcmp(bom->dec.text, plain->dec.text, plain->dec.len), 0);
    for (size_t i = 0; i < plain->nlines; i++) {
        size_t s = plain->line_starts[i];
        cr_assert_eq(bom->line_starts[i], s);
        nl_pos a = nl_doc_pos(plain, s), b = nl_doc_pos(bom, s);
        cr_assert_eq(a.line, (int)i + 1);
        cr_assert_eq(b.line, a.line);
        cr_assert_eq(b.column, 1);
        cr_assert_eq(b.offset, a.offset + 3, "line %zu", i + 1);
    }
    nl_doc_free(plain);
    nl_doc_free(bom);
}

Test(doc, gb18030_iconv)
{
    size_t n;
    char *gb = to_gb18030("一二三\n四五", &n);
    cr_assert_eq(n, 6 + 1 + 4);
    nl_doc *doc = load(gb, n);
    cr_assert_eq(doc->dec.encoding, NL_ENC_GB18030);
    cr_assert_str_eq(doc->dec.text, "一二三\n四五");
    cr_assert_eq(doc->nlines, 2);
    cr_assert_eq(doc->ndiags, 0);
    expect_pos(doc, 6, 1, 3, 4);   /* 三 */
    expect_pos(doc, 10, 2, 1, 7);  /* 四 */
    expect_pos(doc, 13, 2, 2, 9);  /* 五 */
    expect_pos(doc, 16, 2, 3, 11); /* end = original length */
    nl_doc_free(doc);
    free(gb);
}

Test(doc, gb18030_fixture)
{
    size_t n;
    char *raw = tu_read_file(tu_src("fixtures/clean-full.gb18030.txt"), &n);
    cr_assert_not_null(raw);
    nl_doc *utf = load_src("fixtures/clean-full.txt");
    nl_doc *gb = load_src("fixtures/clean-full.gb18030.txt");
    cr_assert_eq(gb->dec.encoding, NL_ENC_GB18030);
    cr_assert_eq(gb->ndiags, 0);
    cr_assert_str_eq(nl_doc_eol_name(gb), "lf");
    cr_assert_gt(utf->nlines, 60);
    cr_assert_eq(gb->nlines, utf->nlines);
    cr_assert_eq(gb->dec.len, utf->dec.len);
    cr_assert_eq(memcmp(gb->dec.text, utf->dec.text, utf->dec.len), 0);

    /* line i+1 starts right after the i-th '\n' of the raw GB18030 bytes */
    size_t line = 0, raw_start = 0;
    for (size_t i = 0; i <= n && line < gb->nlines; i++) {
        if (i == n || raw[i] == '\n') {
            size_t s = gb->line_starts[line];
            nl_pos p = nl_doc_pos(gb, s);
            cr_assert_eq(p.line, (int)line + 1);
            cr_assert_eq(p.column, 1);
            cr_assert_eq(p.offset, raw_start, "line %zu: %zu, want %zu",
                         line + 1, p.offset, raw_start);
            /* the terminator maps to the raw '\n' */
            if (i < n)
                cr_assert_eq(nl_doc_orig(gb, gb->line_ends[line]), i);
            line++;
            raw_start = i + 1;
        }
    }
    cr_assert_eq(line, gb->nlines);
    cr_assert_eq(nl_doc_orig(gb, gb->dec.len), n);
    /* columns agree with the UTF-8 source for every line's end */
    for (size_t i = 0; i < gb->nlines; i++) {
        nl_pos a = nl_doc_pos(utf, utf->line_ends[i]);
        nl_pos b = nl_doc_pos(gb, gb->line_ends[i]);
        cr_assert_eq(b.line, a.line);
        cr_assert_eq(b.column, a.column, "line %zu", i + 1);
    }
    nl_doc_free(utf);
    nl_doc_free(gb);
    free(raw);
}

Test(doc, crlf_and_cr_fixtures)
{
    nl_doc *lf = load_src("fixtures/clean-full.txt");
    nl_doc *crlf = load_src("fixtures/clean-full.crlf.txt");
    cr_assert_str_eq(nl_doc_eol_name(lf), "lf");
    cr_assert_str_eq(nl_doc_eol_name(crlf), "crlf");
    cr_assert_eq(crlf->nlines, lf->nlines);
    for (size_t i = 0; i < lf->nlines; i++)
        cr_assert_eq(crlf->line_starts[i], lf->line_starts[i] + i);
    nl_doc_free(lf);
    nl_doc_free(crlf);

    nl_doc *cr = load_src("fixtures/minimal.cr.txt");
    cr_assert_str_eq(nl_doc_eol_name(cr), "cr");
    cr_assert_eq(cr->nlines, 41);
    nl_doc_free(cr);
}

Test(doc, nul_is_binary)
{
    nl_doc *doc = load("ab\ncd\0ef\n", 9);
    cr_assert_eq(doc->unparsed, 1);
    cr_assert_eq(doc->empty, 0);
    cr_assert_eq(doc->ndiags, 1);
    cr_assert_str_eq(doc->diags[0].rule, "input.binary");
    cr_assert_str_eq(doc->diags[0].severity, "error");
    cr_assert_str_eq(doc->diags[0].message,
                     "file contains a NUL byte at offset 5: binary, not parsed");
    /* the text before the NUL is kept and indexed */
    cr_assert_eq(doc->dec.len, 5);
    cr_assert_eq(doc->nlines, 2);
    cr_assert_eq(doc->diags[0].span.start, 5);
    cr_assert_eq(doc->diags[0].span.end, 5);
    nl_pos p = nl_doc_pos(doc, doc->diags[0].span.start);
    cr_assert_eq(p.line, 2);
    cr_assert_eq(p.column, 3);
    cr_assert_eq(p.offset, 5);
    nl_doc_free(doc);

    /* a NUL first: still exactly one diagnostic, not also "empty" */
    doc = load("\0\0\0", 3);
    cr_assert_eq(doc->unparsed, 1);
    cr_assert_eq(doc->empty, 0);
    cr_assert_eq(doc->ndiags, 1);
    cr_assert_str_eq(doc->diags[0].rule, "input.binary");
    nl_doc_free(doc);
}

Test(doc, empty_file)
{
    nl_doc *doc = load(NULL, 0);
    cr_assert_eq(doc->empty, 1);
    cr_assert_eq(doc->unparsed, 0);
    cr_assert_eq(doc->nlines, 1);
    cr_assert_eq(doc->dec.len, 0);
    cr_assert_str_eq(nl_doc_eol_name(doc), "none");
    cr_assert_eq(doc->ndiags, 1);
    cr_assert_str_eq(doc->diags[0].rule, "input.empty");
    cr_assert_str_eq(doc->diags[0].severity, "error");
    cr_assert_str_eq(doc->diags[0].message, "file is empty");
    cr_assert_eq(doc->diags[0].span.start, 0);
    cr_assert_eq(doc->diags[0].span.end, 0);
    nl_pos p = nl_doc_pos(doc, 0);
    cr_assert_eq(p.line, 1);
    cr_assert_eq(p.column, 1);
    nl_doc_free(doc);
}

Test(doc, whitespace_only)
{
    static const char *const texts[] = {
        " \t\n\r\n\f\v",
        "\xE3\x80\x80\xE3\x80\x80\n\xE3\x80\x80", /* U+3000 */
        "\xC2\xA0 \n",                           /* U+00A0 */
        "\xEF\xBB\xBF\n\xE3\x80\x80\n",          /* BOM + blank */
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        nl_doc *doc = load_str(texts[i]);
        cr_assert_eq(doc->empty, 1, "text %zu", i);
        cr_assert_eq(doc->ndiags, 1, "text %zu", i);
        cr_assert_str_eq(doc->diags[0].rule, "input.empty");
        cr_assert_str_eq(doc->diags[0].message, "file holds only whitespace");
        nl_doc_free(doc);
    }
    /* one visible character is enough */
    nl_doc *doc = load_str("\xE3\x80\x80\n\xE3\x80\x80" "a\n");
    cr_assert_eq(doc->empty, 0);
    cr_assert_eq(doc->ndiags, 0);
    nl_doc_free(doc);
}

Test(doc, invalid_utf8)
{
    /* line 2: 第二行有坏字节 (7 characters) then the bad byte 0xFF */
    const char *s = "第一行是正常的中文内容\n第二行有坏字节\xFF在这里\n第三行\n";
    size_t bad = (size_t)(strchr(s, '\xFF') - s);
    nl_doc *doc = load_str(s);
    cr_assert_eq(doc->dec.encoding, NL_ENC_UTF8_LOSSY);
    cr_assert_eq(doc->unparsed, 0);
    cr_assert_eq(doc->empty, 0);
    cr_assert_eq(doc->nlines, 3);
    cr_assert_eq(doc->ndiags, 1);
    const nl_diag *d = &doc->diags[0];
    cr_assert_str_eq(d->rule, "input.encoding");
    cr_assert_str_eq(d->severity, "error");
    char want[160];
    snprintf(want, sizeof want,
             "invalid UTF-8 (byte 0xFF at offset %zu) and not GB18030 "
             "either: 1 bad byte replaced by U+FFFD", bad);
    cr_assert_str_eq(d->message, want);
    /* the span covers the U+FFFD that replaced the byte */
    cr_assert_eq(d->span.end - d->span.start, 3);
    cr_assert_eq(memcmp(doc->dec.text + d->span.start, "\xEF\xBF\xBD", 3), 0);
    nl_pos p = nl_doc_pos(doc, d->span.start);
    cr_assert_eq(p.line, 2);
    cr_assert_eq(p.column, 8);
    cr_assert_eq(p.offset, bad);
    /* the character after it maps back past the single bad byte */
    p = nl_doc_pos(doc, d->span.end);
    cr_assert_eq(p.line, 2);
    cr_assert_eq(p.column, 9);
    cr_assert_eq(p.offset, bad + 1);
    nl_doc_free(doc);
}

Test(doc, invalid_utf8_counts_every_bad_byte)
{
    const char *s = "关于开展巡察工作的通知\n关于开展\xC0\xAF巡察工作的通知\n";
    size_t bad = (size_t)(strchr(s, '\xC0') - s);
    nl_doc *doc = load_str(s);
    cr_assert_eq(doc->ndiags, 1);
    char want[160];
    snprintf(want, sizeof want,
             "invalid UTF-8 (byte 0xC0 at offset %zu) and not GB18030 "
             "either: 2 bad bytes replaced by U+FFFD", bad);
    cr_assert_str_eq(doc->diags[0].message, want);
    nl_pos p = nl_doc_pos(doc, doc->diags[0].span.start);
    cr_assert_eq(p.line, 2);
    cr_assert_eq(p.column, 5);
    cr_assert_eq(p.offset, bad);
    nl_doc_free(doc);
}

Test(doc, load_file_reads_whole_file)
{
    nl_doc *doc = load_src("fixtures/minimal.txt");
    size_t n;
    char *raw = tu_read_file(tu_src("fixtures/minimal.txt"), &n);
    cr_assert_not_null(raw);
    cr_assert_str_eq(doc->path, tu_src("fixtures/minimal.txt"));
    cr_assert_eq(doc->dec.len, n);
    cr_assert_eq(memcmp(doc->dec.text, raw, n), 0);
    cr_assert_eq(doc->dec.encoding, NL_ENC_UTF8);
    cr_assert_eq(doc->ndiags, 0);
    free(raw);
    nl_doc_free(doc);
}

static void expect_io_error(const char *path, const char *text)
{
    nl_doc *doc = (nl_doc *)1;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_doc_load_file(path, &doc, &err), NL_ERR_IO);
    cr_assert_null(doc);
    cr_assert_eq(err.code, NL_ERR_IO);
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(strcasecmp(err.text, text), 0, "text '%s', want '%s'",
                 err.text, text);
    cr_assert_eq(err.line, 0);
    char buf[1024], want[1024];
    nl_error_format(&err, buf, sizeof buf);
    snprintf(want, sizeof want, "%s: error: %s", path, err.text);
    cr_assert_str_eq(buf, want);
}

Test(doc, unreadable_paths)
{
    char dir[] = "/tmp/nl-test-doc-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/missing.txt", dir);
    expect_io_error(path, strerror(ENOENT));
    snprintf(path, sizeof path, "%s/missing-dir/x.txt", dir);
    expect_io_error(path, strerror(ENOENT));
    /* "is a directory" (strerror(EISDIR) apart from the capital) */
    expect_io_error(dir, strerror(EISDIR));
    cr_assert_eq(rmdir(dir), 0);
}

Test(doc, unreadable_file_mode_000)
{
    if (geteuid() == 0)
        cr_skip_test("running as root: a mode-000 file is still readable");
    char dir[] = "/tmp/nl-test-doc-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/secret.txt", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("text\n", f);
    fclose(f);
    cr_assert_eq(chmod(path, 0), 0);
    expect_io_error(path, strerror(EACCES));
    cr_assert_eq(unlink(path), 0);
    cr_assert_eq(rmdir(dir), 0);
}

Test(doc, free_accepts_null)
{
    nl_doc_free(NULL);
}

/* Columns come from checkpoints every NL_DOC_MARK bytes: on lines far
 * longer than that, mixing 1-, 2-, 3- and 4-byte characters and line ends
 * that fall on and around checkpoints, every position must still equal a
 * plain count from the line's start. */
Test(doc, pos_on_very_long_lines)
{
    static const char *const pieces[] = {"a", "é", "中", "😀", "\n", "\r\n", "\r"};
    size_t cap = 5 * NL_DOC_MARK * 8, n = 0;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    unsigned seed = 12345;
    while (n + 8 < cap) {
        seed = seed * 1103515245u + 12345u;
        unsigned k = (seed >> 16) % 1000;
        /* mostly characters: lines of thousands of bytes */
        const char *p = pieces[k < 997 ? k % 4 : 4 + k % 3];
        memcpy(text + n, p, strlen(p));
        n += strlen(p);
    }
    nl_doc *doc = load(text, n);
    const unsigned char *t = (const unsigned char *)doc->dec.text;
    for (size_t off = 0; off <= doc->dec.len; off += off % 7 == 0 ? 1 : 37) {
        size_t line = nl_doc_line_of(doc, off);
        size_t stop = off < doc->line_ends[line] ? off : doc->line_ends[line];
        int col = 1;
        for (size_t i = doc->line_starts[line]; i < stop; i++)
            col += (t[i] & 0xC0) != 0x80;
        nl_pos p = nl_doc_pos(doc, off);
        cr_assert_eq(p.line, (int)line + 1, "offset %zu", off);
        cr_assert_eq(p.column, col, "offset %zu: column %d, want %d", off, p.column, col);
    }
    nl_doc_free(doc);
    free(text);
}
