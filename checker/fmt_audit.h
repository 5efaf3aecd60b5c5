/*
 * fmt_audit.h — the output formats of `noticelint audit`
 * (docs/audit-output.md): csv, json, md, html, xlsx, one module each
 * (fmt_audit_<name>.c), behind one interface so the CLI does not know them.
 *
 * A format is driven in three steps: begin() once before the first notice,
 * notice() once per notice in input order as soon as it is checked (with
 * the full check result, which is freed after the call), end() once after
 * nl_audit_finish().  Formats that need only rows and aggregates write
 * everything in end(); the HTML format uses notice() to spill each notice's
 * findings to a temporary file, so no format keeps documents or findings in
 * memory.  end() is called exactly once after a successful begin() and
 * frees the state; when the run failed it is called with out == NULL and
 * only frees (the audit may then be unfinished).
 *
 * Errors: begin/notice/end return 0, or -1 when writing failed or memory
 * ran out; a message naming the reason goes to stderr only for failures
 * the caller cannot see (a temporary file, libxlsxwriter).
 */
#ifndef NL_FMT_AUDIT_H
#define NL_FMT_AUDIT_H

#include <stdio.h>

#include "audit.h"

typedef struct nl_audit_opts {
    int english_header;        /* csv, xlsx: English keys instead of Chinese headers */
} nl_audit_opts;

typedef struct nl_audit_format {
    const char *name;
    int binary;                /* not for a terminal */
    /* NULL when usable, else why not (e.g. built without libxlsxwriter) */
    const char *unavailable;
    int (*begin)(void **state, FILE *out, const nl_audit_opts *o,
                 const nl_audit *a);
    int (*notice)(void *state, const nl_audit *a, const nl_audit_row *row,
                  const nl_checked *res);   /* may be NULL */
    int (*end)(void *state, FILE *out, const nl_audit *a);
} nl_audit_format;

/* The format named `name`, or NULL; nl_audit_format_names() lists them. */
const nl_audit_format *nl_audit_format_find(const char *name);
const char *nl_audit_format_names(void);

extern const nl_audit_format nl_audit_fmt_csv;
extern const nl_audit_format nl_audit_fmt_json;
extern const nl_audit_format nl_audit_fmt_md;
extern const nl_audit_format nl_audit_fmt_html;
extern const nl_audit_format nl_audit_fmt_xlsx;

/* ---- helpers shared by the formats (fmt_audit.c) ---- */

/* Write s with the characters special in HTML/XML escaped (& < > " ').
 * s is valid UTF-8 (audit rows are); n bytes. */
void nl_audit_put_html(FILE *out, const char *s, size_t n);

#endif
