/*
 * pattern.h — PCRE2 patterns as noticelint uses them.
 *
 * Every pattern in a YAML file goes through here: `${NAME}` references to the
 * file's `defs:` are expanded (so the date or numeral syntax is written once),
 * the result is compiled in UTF + UCP mode and JIT-compiled when the platform
 * allows, and a syntax error is reported at the YAML scalar's line and column
 * with PCRE2's own message.  Matching runs on a span of the decoded text
 * (which is always valid UTF-8), so ^ and $ anchor at the span's ends.
 * A pattern owns its compiled code; match data belongs to the caller so that
 * each thread can keep its own.
 */
#ifndef NL_PATTERN_H
#define NL_PATTERN_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>
#include <stddef.h>

#include "noticelint.h"

typedef struct nl_defs {
    size_t count;
    const char **names;   /* borrowed from the YAML tree */
    const char **values;
} nl_defs;

typedef struct nl_pattern nl_pattern;

/* Compile src[0..len).  file/line/column locate the scalar for messages. */
nl_status nl_pattern_compile(const char *src, size_t len, const nl_defs *defs,
                             const char *file, int line, int column,
                             nl_pattern **out, nl_error *err);
void nl_pattern_free(nl_pattern *p);

/* Source text after ${} expansion (borrowed). */
const char *nl_pattern_source(const nl_pattern *p);

/* Number of the named group, or -1 when the pattern has no such group. */
int nl_pattern_group(const nl_pattern *p, const char *name);

/* Names of all named groups: calls fn(name, number, ctx) for each. */
void nl_pattern_each_group(const nl_pattern *p,
                           void (*fn)(const char *name, int number, void *ctx),
                           void *ctx);

/* Match in text[start..end) beginning the search at `from` (start <= from
 * <= end).  Returns 1 on a match (offsets via nl_match_group), 0 on no match,
 * -1 when the match limit was hit (treated as no match by callers that do
 * not care).  Offsets are absolute in `text`. */
int nl_pattern_match(const nl_pattern *p, const char *text, size_t start,
                     size_t end, size_t from, pcre2_match_data *md);

/* The literal prefilter nl_pattern_match() applies first: 0 when no match
 * can lie in text[from..end) because a literal that every match contains
 * is absent there, else 1.  Never 0 where the pattern matches. */
int nl_pattern_may_match(const nl_pattern *p, const char *text, size_t from,
                         size_t end);

/* Group n of the last match of md: 1 and [*s, *e) absolute offsets when the
 * group participated, else 0.  `base` is the `start` given to the match. */
int nl_match_group(pcre2_match_data *md, int n, size_t base, size_t *s,
                   size_t *e);

/* Match data large enough for any pattern (caller frees with
 * pcre2_match_data_free). */
pcre2_match_data *nl_match_data_new(void);

/* The calling thread's own match data, reused by every document the thread
 * parses and checks (do not free it; NULL when memory runs out).  Callers
 * must not hold results in it across a call that may match again. */
pcre2_match_data *nl_match_data_thread(void);

#endif
