/*
 * doc.h — a loaded document: decoded UTF-8 text, a line index, and the
 * input.* diagnostics found while loading.
 *
 * Loading never fails on content.  A file with NUL bytes is marked
 * unparsed (input.binary) and must not be parsed; an empty or
 * whitespace-only file is marked empty (input.empty); bytes that are neither UTF-8 nor GB18030 are
 * replaced by U+FFFD and reported once (input.encoding) at the first bad
 * byte.  Only an unreadable path is an error.
 *
 * .docx and .html files are first turned into text (extract.h); the text
 * is what is parsed and quoted, while positions name the paragraph (.docx)
 * or the place in the HTML source (.html).
 *
 * Offsets inside the library are offsets in the decoded text.  nl_doc_pos()
 * turns one into what users see: 1-based line, 1-based column in code
 * points, and the byte offset in the original file.  It costs O(log lines
 * + NL_DOC_MARK), not O(column): a check of a 10-million-character line
 * with a thousand findings stays linear.
 */
#ifndef NL_DOC_H
#define NL_DOC_H

#include <stddef.h>

#include "encoding.h"
#include "noticelint.h"

typedef struct nl_span {
    size_t start, end; /* decoded offsets, end exclusive */
} nl_span;

typedef struct nl_pos {
    int line, column;  /* 1-based; column in code points */
    size_t offset;     /* byte offset in the original file */
} nl_pos;

typedef struct nl_diag {
    const char *rule;  /* "input.encoding", "input.binary", "input.empty",
                          "input.docx", "input.html" */
    const char *severity;
    nl_span span;
    char message[256];
} nl_diag;

enum { NL_EOL_LF = 1, NL_EOL_CRLF = 2, NL_EOL_CR = 4 };

/* Column numbers are counted from checkpoints every NL_DOC_MARK bytes, so
 * that a position costs at most that much work however long its line. */
#define NL_DOC_MARK 4096

struct nl_doc {
    char *path;            /* as given ("-" for stdin) */
    nl_decoded dec;        /* text, len, offset map, encoding */
    size_t *line_starts;   /* decoded offset of each line's first byte */
    size_t *line_ends;     /* decoded offset of each line's terminator */
    size_t nlines;
    size_t *cp_marks;      /* code points in text[0, k * NL_DOC_MARK), for
                              nl_doc_pos() on very long lines */
    int eol;               /* NL_EOL_* bits seen */
    int unparsed;          /* not parsed: binary (input.binary), or an
                              unusable .docx / .html (input.docx, input.html) */
    int empty;             /* only whitespace (input.empty): not checked */
    nl_input_format format;/* NL_INPUT_TEXT, _DOCX or _HTML (never AUTO) */
    struct nl_doc *source; /* .html: the page's source as a text document;
                              positions are answered in it */
    size_t *xmap;          /* .html: text offset -> offset in source */
    nl_diag diags[3];
    size_t ndiags;
};

/* Line and column of a decoded offset (0..len).  For a .docx the line is
 * the paragraph and the column the character in it, and `offset` is the
 * offset in the extracted text (a zip has no useful byte offsets); for a
 * .html they are the line, column and byte offset in the page's source. */
nl_pos nl_doc_pos(const nl_doc *doc, size_t offset);

/* Original byte offset of a decoded offset. */
size_t nl_doc_orig(const nl_doc *doc, size_t offset);

/* 0-based index of the line holding decoded offset `offset`. */
size_t nl_doc_line_of(const nl_doc *doc, size_t offset);

/* "line" or "paragraph" (.docx): what nl_pos.line counts. */
const char *nl_doc_unit(const nl_doc *doc);

/* "lf", "crlf", "cr", "mixed" or "none". */
const char *nl_doc_eol_name(const nl_doc *doc);

#endif
