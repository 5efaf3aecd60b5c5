/*
 * harness.h — the bodies of the libFuzzer targets, shared with the
 * regression test (tests/unit/test_fuzz_regress.c) so that every input
 * the fuzzers ever crashed on is replayed by the ordinary test suite,
 * whatever the compiler.
 *
 * Each function takes one input of any bytes and size and must return
 * normally: a crash, a sanitizer report, a leak or an abort() is a bug.
 * The parser configuration and the default rule pack are loaded once, on
 * first use, and kept for the life of the process (they are read-only).
 *
 *   nl_fuzz_doc    decode (any encoding) and parse with the default
 *                  configuration, then render the notice as JSON
 *   nl_fuzz_rules  load the input as a rule file (base defs and parser
 *                  from the default configuration: examples are run)
 *   nl_fuzz_check  the whole check: decode, parse, run the default pack,
 *                  write the findings in every output format (report.h)
 *   nl_fuzz_docx   the input as a .docx package: unzip, read the XML,
 *                  resolve numbering, then parse as nl_fuzz_doc does
 *   nl_fuzz_html   the input as a web page: charset, HTML parser, text
 *                  with its source map, then parse as nl_fuzz_doc does
 *   nl_fuzz_cnum   nl_cnum_parse / nl_cnum_span / nl_cnum_format
 *   nl_fuzz_date   nl_date_parse and the functions on its result
 */
#ifndef NL_FUZZ_HARNESS_H
#define NL_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

int nl_fuzz_doc(const uint8_t *data, size_t size);
int nl_fuzz_rules(const uint8_t *data, size_t size);
int nl_fuzz_check(const uint8_t *data, size_t size);
int nl_fuzz_docx(const uint8_t *data, size_t size);
int nl_fuzz_html(const uint8_t *data, size_t size);
int nl_fuzz_cnum(const uint8_t *data, size_t size);
int nl_fuzz_date(const uint8_t *data, size_t size);

/* Look a target up by name ("doc", "rules", "check", "docx", "html",
 * "cnum", "date");
 * NULL when there is none. */
typedef int (*nl_fuzz_fn)(const uint8_t *data, size_t size);
nl_fuzz_fn nl_fuzz_target(const char *name);

#endif
