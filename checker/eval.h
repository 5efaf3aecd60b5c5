/*
 * eval.h — running a rule set over one parsed notice.
 *
 * nl_eval_run() computes the scope instances of the notice once, runs the
 * `extract` rules first (their facts feed the others), then every other
 * enabled rule in load order, and returns the findings sorted by position.
 * Kind modules see only the nl_ctx: instances of a scope, a match function
 * that enforces PCRE2's limits (a rule that hits them yields one
 * engine.match-limit finding and the run goes on), message templating, and
 * facts by name.  A context lives for one document and one thread.
 */
#ifndef NL_EVAL_H
#define NL_EVAL_H

#include "date.h"
#include "finding.h"
#include "notice.h"
#include "rules.h"

typedef struct nl_inst {
    nl_span span;
    int heading;          /* heading index for heading/aspect/item scopes, else -1 */
} nl_inst;

/* A template variable: {name} → value[0..len). */
typedef struct nl_var {
    const char *name;
    const char *value;
    size_t len;
} nl_var;

typedef enum nl_fval_type {
    NL_FV_NONE, NL_FV_NUMBER, NL_FV_DATE, NL_FV_TEXT
} nl_fval_type;

typedef struct nl_fval {
    int type;             /* nl_fval_type */
    double num;           /* NUMBER (counts are whole numbers) */
    nl_date date;         /* DATE: full or partial */
    const char *text;     /* TEXT (borrowed; lives as long as the context) */
    size_t len;
    nl_span span;         /* where the value was found */
    int has_span;
} nl_fval;

typedef struct nl_rule_stats {
    double seconds;
    unsigned long matches;  /* pattern match attempts */
    unsigned long findings;
} nl_rule_stats;

typedef struct nl_dynfact {
    const char *name;       /* borrowed from the extract rule */
    nl_fval value;
} nl_dynfact;

struct nl_ctx {
    const nl_notice *nt;
    const nl_doc *doc;
    pcre2_match_data *md;
    nl_findings *out;
    const nl_rule *rule;          /* the rule being run */
    int limit_reported;           /* engine.match-limit already emitted for rule */
    size_t rule_findings;         /* findings of the current rule (capped) */
    nl_inst *inst[NL_RS_COUNT];
    size_t ninst[NL_RS_COUNT];
    nl_dynfact *facts;            /* set by extract rules */
    size_t nfacts;
    nl_rule_stats *stats;         /* per rule (index in the set), or NULL */
    size_t rule_index;
    int oom;                      /* an allocation failed: the result is incomplete */
};

/* Run `set` over a parsed notice; findings (including input.* from the
 * document) are appended to `out` and sorted.  `stats` (set->n entries,
 * zeroed by the caller) accumulates per-rule cost when not NULL.
 * `enabled` (set->n flags) overrides rule->enabled when not NULL. */
nl_status nl_eval_run(const nl_ruleset *set, const unsigned char *enabled,
                      const nl_notice *nt, nl_findings *out,
                      nl_rule_stats *stats, nl_error *err);

/* Does `rule` report anything on `text` parsed as a notice (after the
 * extract rules already in `set`)?  1 yes, 0 no, -1 out of memory.  Used
 * by the loader to check examples of kinds that judge a whole notice. */
int nl_eval_example(const nl_ruleset *set, const nl_rule *rule,
                    const char *text, size_t len);

/* ---- for kind modules ---- */

/* Instances of a scope (borrowed). */
const nl_inst *nl_ctx_instances(nl_ctx *ctx, int scope, size_t *n);

/* nl_pattern_match on span s from `from` (absolute offsets), counting the
 * attempt; when PCRE2's match or depth limit is hit, emits
 * engine.match-limit for the current rule (once per document) and returns 0. */
int nl_ctx_match(nl_ctx *ctx, const nl_pattern *p, nl_span s, size_t from);

/* After a successful nl_ctx_match: the whole match span, and template
 * variables for {match} and every named group that participated. */
nl_span nl_ctx_match_span(nl_ctx *ctx, nl_span s);
size_t nl_ctx_match_vars(nl_ctx *ctx, const nl_pattern *p, nl_span s,
                         nl_var *vars, size_t max);

/* Next search position after a match [a, b): b, or one character past a
 * for an empty match. */
size_t nl_ctx_next(nl_ctx *ctx, size_t a, size_t b);

/* Emit a finding of the current rule at `span`, with the rule's message
 * and suggestion templates filled from vars, then from facts by name. */
void nl_ctx_emit(nl_ctx *ctx, nl_span span, const nl_var *vars, size_t nvars);

/* The same with other templates (NULL = the rule's own).  The suggestion
 * is rendered first and is available to the message as {suggestion}. */
void nl_ctx_emit_with(nl_ctx *ctx, nl_span span, const nl_var *vars,
                      size_t nvars, const char *message, const char *suggestion);

/* Fact by name: the parser's facts ("feedback_date",
 * "stated_counts.problems", "discipline.政务处分", "contact.phones" (count),
 * "structure.items", "structure.aspects", "structure.problem_titles"
 * (count)) and those set by extract rules.  Returns 1 and fills *out when
 * the fact has a value, else 0. */
int nl_ctx_fact(nl_ctx *ctx, const char *name, nl_fval *out);

/* Is `name` a fact the parser provides (whether or not a document has it)? */
int nl_fact_name_known(const char *name);

/* Set a fact from an extract rule (first value wins).  0 ok, -1 ENOMEM. */
int nl_ctx_set_fact(nl_ctx *ctx, const char *name, nl_fval v);

/* Format a fact value into buf (ISO date, number without trailing zeros, text). */
void nl_fval_format(const nl_fval *v, char *buf, size_t size);

/* Text of a span of the document (borrowed pointer, length in *len). */
const char *nl_ctx_text(nl_ctx *ctx, nl_span s, size_t *len);

#endif
