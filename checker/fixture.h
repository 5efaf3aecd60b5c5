/*
 * fixture.h — `noticelint rules test`: a document beside its expected
 * findings.  The .expect file lists one "rule-id line" per finding (line
 * as nl_doc_pos reports it: a paragraph in a .docx, a source line in an
 * .html page); '#' starts a comment.  The document must give exactly those
 * findings, in any order.
 */
#ifndef NL_FIXTURE_H
#define NL_FIXTURE_H

#include <stdio.h>

#include "config.h"
#include "noticelint.h"
#include "rules.h"

/* Check `doc_path` with `set` against `expect_path`.  Prints
 * "PATH: ok (N findings)" or one line per unexpected or missing finding
 * to `out`, problems with the files to `errout`.  Returns 0 pass, 1 fail,
 * 2 error. */
int nl_fixture_test(const nl_config *cfg, const nl_ruleset *set,
                    const nl_load_opts *load, const char *doc_path,
                    const char *expect_path, FILE *out, FILE *errout);

#endif
