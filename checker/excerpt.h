/*
 * excerpt.h — which text of a document stands for a finding.
 *
 * The excerpt of a span is its own text, clamped to the document; an empty
 * span (a missing element, a position before a character) stands for the
 * line that holds it, without the horizontal space at either end.  The
 * json formats show it (cut to 120 code points); fingerprints hash it with
 * the white space removed (fingerprint.h), so a finding keeps its identity
 * when lines above it move or its paragraph is re-wrapped.
 *
 * Everything is borrowed; nothing allocates.
 */
#ifndef NL_EXCERPT_H
#define NL_EXCERPT_H

#include "doc.h"

/* The decoded range [start, end) of the excerpt of `sp` in `doc`. */
nl_span nl_excerpt_span(const nl_doc *doc, nl_span sp);

/* Length in bytes of the horizontal space character at t[i..n) (ASCII
 * space and tab, form feed, vertical tab, U+00A0, U+2000–U+200B, U+202F,
 * U+205F, U+3000, U+FEFF), or 0 when t[i] starts something else. */
size_t nl_space_len(const unsigned char *t, size_t i, size_t n);

#endif
