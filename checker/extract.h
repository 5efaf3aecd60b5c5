/*
 * extract.h — text out of container formats (.docx, .html) for the parser.
 *
 * An extractor turns the raw bytes of a file into plain UTF-8 text that the
 * notice parser reads exactly like a .txt file: one line per paragraph or
 * block, lines separated by '\n', no '\r', no NUL.  Positions shown to users
 * still name the place in the ORIGINAL file:
 *
 *   .docx  line = paragraph (1-based, document order, table cells included),
 *          column = character within the paragraph.  Because every
 *          paragraph is one line of `text`, this needs no map.
 *   .html  line and column in the HTML source.  `src` is the source decoded
 *          to UTF-8 and `xmap[i]` the offset in src.text of the source
 *          character that produced text byte i (xmap[len] = src.len, or the
 *          end of the last block); doc.c indexes src's lines and answers
 *          positions through it.
 *
 * Extraction fails (returns non-NL_OK) only when memory runs out.  A file
 * that is not a usable document (not a zip, no word/document.xml, a zip
 * bomb, entity expansion, unparseable HTML...) still returns NL_OK with
 * `problem` set to a one-line English reason; the caller reports it as an
 * input.docx / input.html finding and does not parse the text.  Text may be
 * partial in that case (or empty).
 *
 * Ownership: nl_extract is a caller-owned struct; nl_extract_free() releases
 * its members (accepts NULL, safe to call twice).
 */
#ifndef NL_EXTRACT_H
#define NL_EXTRACT_H

#include <stddef.h>

#include "encoding.h"
#include "noticelint.h"

/* Limits against hostile containers (documented in docs/security.md). */
#define NL_DOCX_MAX_PART   (64u << 20)  /* uncompressed bytes of one part */
#define NL_DOCX_MAX_RATIO  200          /* uncompressed/compressed, per part */
#define NL_EXTRACT_MAX_TEXT (256u << 20) /* extracted text */

typedef struct nl_extract {
    char *text;        /* malloc'd, NUL-terminated UTF-8 */
    size_t len;        /* bytes in text without the NUL */
    nl_decoded src;    /* .html: the source decoded to UTF-8; else empty */
    size_t *xmap;      /* .html: len + 1 entries (see above); else NULL */
    char problem[200]; /* "" when the document is usable */
} nl_extract;

/* Word (.docx, Office Open XML WordprocessingML). */
nl_status nl_docx_extract(const unsigned char *bytes, size_t n,
                          nl_extract *out, nl_error *err);

/* HTML.  body_hints: NULL-terminated list of "#id" / ".class" / "tag"
 * selectors naming the element that holds the article, tried in order
 * (from the parser configuration); may be NULL. */
nl_status nl_html_extract(const unsigned char *bytes, size_t n,
                          const char *const *body_hints,
                          nl_extract *out, nl_error *err);

void nl_extract_free(nl_extract *x);

/* Initialise libxml2 once per process (pthread_once); both extractors call
 * it before parsing, so it runs before any two threads use libxml2. */
void nl_xml_init(void);

#endif
