/*
 * rules.h — rule packs: the YAML rule language, loaded, validated and
 * compiled once.
 *
 * A rule file is a mapping with an optional `defs:` (patterns referenced as
 * ${NAME}) and a `rules:` list.  Every rule has the common keys (id, kind,
 * severity, message, scope, description, suggestion, examples, enabled) and
 * the keys of its kind; each kind is a module under kinds/ that validates
 * and compiles its own keys (load) and evaluates them on a notice (run).
 * Every error names FILE:LINE:COLUMN of the offending YAML node.
 *
 * Configuration overrides (.noticelint.yaml `rules: {ID: {key: value}}`)
 * are consulted before the rule's own keys, so a threshold or severity can
 * be changed without editing the pack; kinds read keys only through
 * nl_rkey() so that overrides apply to every key.
 *
 * A rule set owns its rules, their compiled patterns and their strings.
 */
#ifndef NL_RULES_H
#define NL_RULES_H

#include "doc.h"
#include "noticelint.h"
#include "pattern.h"
#include "ytree.h"

typedef enum nl_severity {
    NL_SEV_INFO = 0, NL_SEV_WARNING = 1, NL_SEV_ERROR = 2
} nl_severity;

const char *nl_severity_name(int sev);      /* "info", "warning", "error" */
int nl_severity_from_name(const char *name); /* -1 if unknown */

/* Where a rule looks.  Instances are computed per notice by eval.c. */
typedef enum nl_rscope {
    NL_RS_DOCUMENT,   /* the whole text outside web chrome: one instance */
    NL_RS_TITLE,      /* the title line, if any */
    NL_RS_PREAMBLE,   /* each preamble paragraph */
    NL_RS_HEADING,    /* each heading line */
    NL_RS_ASPECT,     /* each aspect section: its heading to the next heading at its level or above */
    NL_RS_ITEM,       /* each item section, likewise */
    NL_RS_PARAGRAPH,  /* each run of body text: preamble, body and contact paragraphs,
                         and the text after a heading's own title on its line */
    NL_RS_CONTACT,    /* the contact block, if any */
    NL_RS_SIGNATURE,  /* the signature unit and date lines, if any */
    NL_RS_SECTION,    /* each heading's section: its line to the end of its last descendant */
    NL_RS_LINE,       /* each content line: title, preamble, headings, body, contact, signature */
    NL_RS_COUNT
} nl_rscope;

const char *nl_rscope_name(int scope);
int nl_rscope_from_name(const char *name);

typedef struct nl_rule nl_rule;
typedef struct nl_ctx nl_ctx;      /* evaluation context, see eval.h */
typedef struct nl_rload nl_rload;  /* loader context, below */

typedef struct nl_kind {
    const char *name;
    /* Kind-specific keys (NULL-terminated); the common keys are implicit. */
    const char *const *keys;
    /* Validate and compile the rule's kind-specific keys into rule->params. */
    nl_status (*load)(nl_rule *rule, nl_rload *ld);
    /* Evaluate on one notice, emitting findings through the context. */
    void (*run)(const nl_rule *rule, nl_ctx *ctx);
    void (*free)(void *params);
    /* Does `text` match the rule's patterns (1) or not (0)?  NULL, or a
     * return of -2, when the kind judges a whole notice: the loader then
     * parses the example as a notice and runs the rule (nl_eval_example). */
    int (*example)(const nl_rule *rule, const char *text, size_t len,
                   pcre2_match_data *md);
} nl_kind;

struct nl_rule {
    char *id;
    const nl_kind *kind;
    int severity;          /* nl_severity */
    int enabled;
    int scope;             /* nl_rscope */
    char *message;         /* template: {match}, {name} of a capture or fact */
    char *description;     /* may be NULL */
    char *suggestion;      /* template, may be NULL */
    char *example;         /* the first `examples.match` string, may be NULL */
    char *file;            /* where the rule is defined */
    int line, column;
    void *params;          /* the kind's compiled keys */
};

typedef struct nl_ruleset {
    nl_rule *rules;
    size_t n;
    /* Defs every rule file may use besides its own (usually those of the
     * parser configuration, so ${DATE} is written once).  Borrowed; set by
     * the caller before loading, NULL for none. */
    const nl_defs *base_defs;
    /* Name of the file the configuration overrides come from, for errors
     * in them (borrowed; NULL when there are none). */
    const char *override_file;
    /* The parser configuration, so that examples of kinds that judge a
     * whole notice (sequence, unique, compare, sum, count) can be parsed
     * and checked.  Borrowed; without it such examples are refused. */
    const nl_config *parser;
} nl_ruleset;

/* Overrides from configuration: rule id → mapping of keys (borrowed; the
 * configuration outlives loading).  NULL means none. */
typedef const nl_ynode *(*nl_override_fn)(const char *rule_id, void *ctx);

/* Load one rule file (or YAML text) into `set`, appending.  `name` is used
 * in messages.  Duplicate ids across everything loaded so far are errors. */
nl_status nl_rules_load_text(nl_ruleset *set, const char *name,
                             const char *text, size_t len,
                             nl_override_fn overrides, void *octx,
                             nl_error *err);
nl_status nl_rules_load_file(nl_ruleset *set, const char *path,
                             nl_override_fn overrides, void *octx,
                             nl_error *err);
/* Load the pack embedded at build time (every YAML file in rules/ but notice.yaml). */
nl_status nl_rules_load_default(nl_ruleset *set, nl_override_fn overrides,
                                void *octx, nl_error *err);
void nl_ruleset_free(nl_ruleset *set);  /* frees the contents; set itself is the caller's */

const nl_rule *nl_ruleset_find(const nl_ruleset *set, const char *id);

/* ---- for kind modules: reading keys during load ---- */

struct nl_rload {
    const char *file;
    const nl_ynode *node;      /* the rule mapping */
    const nl_ynode *override;  /* configuration overrides for this rule, or NULL */
    const nl_defs *defs;
    nl_error *err;
    const char *override_file; /* where `override` comes from */
};

/* Value of key for the rule being loaded: the override if set, else the
 * rule's own key, else NULL. */
const nl_ynode *nl_rkey(nl_rload *ld, const char *key);

/* Error at node n (or at the rule when n is NULL): "rule 'ID': text". */
nl_status nl_rfail(nl_rload *ld, const nl_ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A required or optional key holding a string; *out is strdup'd. */
nl_status nl_rstring(nl_rload *ld, const char *key, int required, char **out);
/* An integer / a number (accepts 0.5) / a boolean, with a default when absent. */
nl_status nl_rlong(nl_rload *ld, const char *key, long dflt, long *out);
nl_status nl_rdouble(nl_rload *ld, const char *key, double dflt, double *out);
nl_status nl_rbool(nl_rload *ld, const char *key, int dflt, int *out);
/* One pattern (string) or a list of patterns under `key`.  *out is an
 * allocated array of *n compiled patterns.  `required`: absent is an error. */
nl_status nl_rpatterns(nl_rload *ld, const char *key, int required,
                       nl_pattern ***out, size_t *n);
/* Compile a single pattern scalar node. */
nl_status nl_rpattern_node(nl_rload *ld, const nl_ynode *n, nl_pattern **out);
/* One string or a list of strings under `key` (strdup'd). */
nl_status nl_rstrings(nl_rload *ld, const char *key, int required,
                      char ***out, size_t *n);
void nl_free_patterns(nl_pattern **v, size_t n);
void nl_free_strings(char **v, size_t n);

#endif
