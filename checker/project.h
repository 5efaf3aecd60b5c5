/*
 * project.h — the project configuration file, .noticelint.yaml.
 *
 * Found by walking up from the working directory (or named with
 * --config), it says how a repository of notices is checked:
 *
 *   rules:                 # per-rule overrides of any rule key
 *     date.publication-lag: {max_diff: 60}
 *     punct.mixed-width: {enabled: true}
 *   overrides:             # per path glob: enabled and severity only
 *     - paths: ['drafts*']
 *       rules: {required.signature: {enabled: false}}
 *   extend_rules: [house.yaml]   # more rule files, relative to this file
 *   parser: house-notice.yaml    # another parser configuration
 *   glob: '*.txt'
 *   fail_on: warning
 *   ignore:                # findings dropped, each entry with its reason
 *     - rules: [text.usage, 'punct.*']      # rule ids or fnmatch patterns
 *       paths: ['archive*']                 # optional; default every document
 *       reason: archived notices are published as they were issued
 *
 * The project owns its YAML tree; rule overrides are borrowed from it by
 * the rule loader, so it must outlive loading (not checking).
 */
#ifndef NL_PROJECT_H
#define NL_PROJECT_H

#include "finding.h"
#include "noticelint.h"
#include "rules.h"
#include "ytree.h"

typedef struct nl_path_override {
    char **globs;
    size_t nglobs;
    const nl_ynode *rules;     /* id → {enabled, severity} */
} nl_path_override;

typedef struct nl_ignore {
    char **rules;              /* rule ids or fnmatch(3) patterns of ids */
    size_t nrules;
    char **globs;              /* path globs as in overrides; none = all */
    size_t nglobs;
    char *reason;              /* required, non-empty */
    int line, column;          /* of the entry, for errors */
} nl_ignore;

typedef struct nl_project {
    char *path;                /* the file read, or NULL when none */
    char *dir;                 /* its directory (for relative paths) */
    char *real_dir;            /* the same, resolved (for matching documents) */
    nl_ydoc *y;
    const nl_ynode *rules;     /* per-rule overrides, or NULL */
    nl_path_override *overrides;
    size_t noverrides;
    char **extend_rules;       /* resolved paths */
    size_t nextend;
    char *parser;              /* resolved path or NULL */
    char *glob;                /* or NULL */
    int fail_on;               /* -1 unset, else nl_severity or 3 = never */
    nl_ignore *ignores;
    size_t nignores;
} nl_project;

/* Find .noticelint.yaml from `start` upward; returns a malloc'd path or NULL. */
char *nl_project_find(const char *start);

/* Load `path` (NULL = an empty project).  Errors name file:line:col. */
nl_status nl_project_load(const char *path, nl_project *out, nl_error *err);
void nl_project_free(nl_project *p);

/* Override callback for nl_rules_load_*: octx is the nl_project. */
const nl_ynode *nl_project_rule_override(const char *rule_id, void *octx);

/* Check that every rule id named in the project exists in `set` (an
 * ignore pattern must match a loaded rule or an input.* / engine.* id). */
nl_status nl_project_check_ids(const nl_project *p, const nl_ruleset *set,
                               nl_error *err);

/* For a document path: fill enabled[i] and severity[i] for each rule of
 * `set` from the rule defaults and the per-path overrides that match. */
void nl_project_apply_path(const nl_project *p, const nl_ruleset *set,
                           const char *doc_path, unsigned char *enabled,
                           signed char *severity);

/* The reason of the first `ignore` entry that covers rule_id for
 * doc_path (borrowed), or NULL.  p may be NULL. */
const char *nl_project_ignored(const nl_project *p, const char *rule_id,
                               const char *doc_path);

/* Remove from f (freeing them) the findings that an `ignore` entry covers
 * for doc_path.  Order is kept. */
void nl_project_drop_ignored(const nl_project *p, const char *doc_path,
                             nl_findings *f);

#endif
