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
 *
 * The project owns its YAML tree; rule overrides are borrowed from it by
 * the rule loader, so it must outlive loading (not checking).
 */
#ifndef NL_PROJECT_H
#define NL_PROJECT_H

#include "noticelint.h"
#include "rules.h"
#include "ytree.h"

typedef struct nl_path_override {
    char **globs;
    size_t nglobs;
    const nl_ynode *rules;     /* id → {enabled, severity} */
} nl_path_override;

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
} nl_project;

/* Find .noticelint.yaml from `start` upward; returns a malloc'd path or NULL. */
char *nl_project_find(const char *start);

/* Load `path` (NULL = an empty project).  Errors name file:line:col. */
nl_status nl_project_load(const char *path, nl_project *out, nl_error *err);
void nl_project_free(nl_project *p);

/* Override callback for nl_rules_load_*: octx is the nl_project. */
const nl_ynode *nl_project_rule_override(const char *rule_id, void *octx);

/* Check that every rule id named in the project exists in `set`. */
nl_status nl_project_check_ids(const nl_project *p, const nl_ruleset *set,
                               nl_error *err);

/* For a document path: fill enabled[i] and severity[i] for each rule of
 * `set` from the rule defaults and the per-path overrides that match. */
void nl_project_apply_path(const nl_project *p, const nl_ruleset *set,
                           const char *doc_path, unsigned char *enabled,
                           signed char *severity);

#endif
