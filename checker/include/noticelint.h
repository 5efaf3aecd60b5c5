/*
 * noticelint.h — the public API of libnoticelint.
 *
 * Load a parser configuration (the YAML that says how a notice's anatomy is
 * recognised; the default one is embedded), load a document (any encoding
 * noticelint understands), parse it into a notice with exact positions and
 * typed facts, and render the result as JSON.
 *
 * Ownership: whatever a *_new or *_load function returns belongs to the
 * caller and is released with the matching *_free, which accepts NULL.  A
 * notice borrows its document and its configuration: free the notice first.
 */
#ifndef NOTICELINT_H
#define NOTICELINT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NL_VERSION "0.1.0"

typedef enum nl_status {
    NL_OK = 0,
    NL_ERR_IO,        /* a file could not be read or written */
    NL_ERR_NOMEM,     /* allocation failed or a size limit was hit */
    NL_ERR_CONFIG,    /* a rule or parser file is malformed */
    NL_ERR_INPUT,     /* a document cannot be processed at all */
    NL_ERR_USAGE      /* the caller passed something meaningless */
} nl_status;

typedef struct nl_error {
    nl_status code;
    char file[256];   /* document or rule file, "" if none */
    int line, column; /* 1-based; column in code points; 0 = unknown */
    char text[512];
} nl_error;

typedef struct nl_config nl_config; /* compiled parser configuration */
typedef struct nl_doc nl_doc;       /* a decoded document with a line index */
typedef struct nl_notice nl_notice; /* the parsed structure and facts */

/* Parser configuration.  nl_config_load_default() compiles the YAML that
 * was embedded at build time (rules/notice.yaml). */
nl_status nl_config_load_default(nl_config **out, nl_error *err);
nl_status nl_config_load_file(const char *path, nl_config **out,
                              nl_error *err);
void nl_config_free(nl_config *cfg);

/* Documents.  `path` "-" reads standard input.  A document that is binary,
 * empty or badly encoded still loads: those conditions become input.*
 * diagnostics on the document.  Only an unreadable path is an error. */
nl_status nl_doc_load_file(const char *path, nl_doc **out, nl_error *err);
nl_status nl_doc_load_bytes(const char *name, const void *bytes, size_t n,
                            nl_doc **out, nl_error *err);

/* Input formats.  AUTO picks by the name's extension: .docx is Word,
 * .html/.htm is a web page, anything else plain text.  A .docx or .html
 * file that cannot be read as one still loads: input.docx / input.html
 * becomes its only diagnostic and it is not parsed. */
typedef enum nl_input_format {
    NL_INPUT_AUTO, NL_INPUT_TEXT, NL_INPUT_DOCX, NL_INPUT_HTML
} nl_input_format;

typedef struct nl_load_opts {
    nl_input_format format;
    size_t max_bytes;               /* largest file accepted; 0 = default */
    const char *const *html_body;   /* NULL-terminated selectors of the
                                       element holding a page's article */
} nl_load_opts;

#define NL_DOC_DEFAULT_MAX ((size_t)256 << 20) /* 256 MiB */

/* opts may be NULL (AUTO, default size limit, no selectors). */
nl_status nl_doc_load(const char *path, const nl_load_opts *opts,
                      nl_doc **out, nl_error *err);
nl_status nl_doc_load_mem(const char *name, const void *bytes, size_t n,
                          const nl_load_opts *opts, nl_doc **out, nl_error *err);

/* "text", "docx" or "html"; NULL for a name that is none of them. */
const char *nl_input_format_name(nl_input_format f);
int nl_input_format_parse(const char *name, nl_input_format *out);
void nl_doc_free(nl_doc *doc);

/* Parse a document.  Never fails on content; fails only on memory. */
nl_status nl_notice_parse(const nl_config *cfg, const nl_doc *doc,
                          nl_notice **out, nl_error *err);
void nl_notice_free(nl_notice *notice);

/* Render the notice (structure, facts, input diagnostics) as JSON text,
 * pretty-printed when `indent` > 0.  Returns a malloc'd NUL-terminated
 * string the caller frees, or NULL on allocation failure. */
char *nl_notice_to_json(const nl_notice *notice, int indent);

#ifdef __cplusplus
}
#endif

#endif
