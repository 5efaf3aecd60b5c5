/*
 * fmt.h — the output formats of `noticelint check` (docs/output.md).
 *
 * text   a compiler-style report: path:line:col: severity: message [rule],
 *        the source line, a caret/underline under the span (aligned by
 *        display width, so CJK text lines up), an optional suggestion line,
 *        and a closing summary line.
 * json   one object for the whole run, streamed: nl_json_begin writes the
 *        head, nl_json_file one element of "files" per document as soon as
 *        it is checked (memory does not grow with the number of documents),
 *        nl_json_end the summary.  Pretty (2-space indent) or compact.
 * jsonl  one compact object per finding, one per line.
 *
 * Positions shown to users: 1-based lines, columns in code points (end
 * exclusive), byte offset and length in the ORIGINAL file.  The formatters
 * print findings in the order they are given; callers sort them first
 * (nl_findings_sort: position, then rule id).
 *
 * Errors: the text functions do not report write errors (the caller checks
 * ferror(out) before exiting); the JSON functions return -1.
 *
 * Ownership: everything is borrowed for the duration of a call; the JSON
 * writer owns itself and is freed by nl_json_end.
 */
#ifndef NL_FMT_H
#define NL_FMT_H

#include <stddef.h>
#include <stdio.h>

#include "doc.h"
#include "finding.h"
#include "noticelint.h"

typedef struct nl_summary {
    size_t files;               /* documents checked */
    size_t files_with_findings;
    size_t findings;
    size_t by_severity[3];      /* indexed by nl_severity: info, warning, error */
} nl_summary;

/* Count one document and its findings (f may be NULL: no findings).
 * Findings with an out-of-range severity count in `findings` only. */
void nl_summary_add(nl_summary *s, const nl_findings *f);

/* ---- text ---- */

/* For each finding:
 *   path:line:col: severity: message [rule-id]
 *     <the finding's first line, windowed to ~100 columns with "…">
 *     <'^' under the first character, '~' under the rest of the span>
 *     suggestion: <text>                 (only when the finding has one)
 * color != 0 adds ANSI colors (severity, dim rule id, green underline). */
void nl_fmt_text_findings(FILE *out, const nl_doc *doc, const nl_findings *f,
                          int color);

/* "2 errors, 1 warning, 0 infos in 3 files (2 with findings)" or
 * "no findings in 1 file", then a newline. */
void nl_fmt_text_summary(FILE *out, const nl_summary *s, int color);

/* Display width of code point c in a terminal: 2 for East Asian Wide and
 * Fullwidth characters, 0 for combining marks and zero-width characters,
 * 1 otherwise (control characters, which the text format prints as one
 * space, included).  Locale-independent. */
int nl_fmt_cp_width(unsigned long c);

/* ---- json ---- */

typedef struct nl_json_writer nl_json_writer;

/* Write the head of the JSON object.  NULL on allocation failure (nothing
 * written) or when writing fails. */
nl_json_writer *nl_json_begin(FILE *out, int pretty);

/* Append one document to "files".  nt may be NULL (facts: null), f may be
 * NULL (no findings).  Returns 0, or -1 when the element could not be built
 * (nothing was written; the output stays valid) or could not be written. */
int nl_json_file(nl_json_writer *w, const nl_doc *doc, const nl_notice *nt,
                 const nl_findings *f);

/* Write "summary" and close the object; frees w (even on failure).
 * Returns 0, or -1 if this or any earlier write failed or w is NULL. */
int nl_json_end(nl_json_writer *w, const nl_summary *s);

/* ---- jsonl ---- */

/* One compact object per finding, each on its own line:
 * {"path":…, then the keys of a finding in the json format}.
 * Returns 0, or -1 on allocation or write failure. */
int nl_fmt_jsonl(FILE *out, const nl_doc *doc, const nl_findings *f);

#endif
