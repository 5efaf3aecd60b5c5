/*
 * config.h — the compiled parser configuration (rules/notice.yaml).
 *
 * The YAML says how the anatomy of a notice is recognised (chrome, title,
 * heading levels, enumerations, problem titles, contact block, signature),
 * how dates look, and which patterns extract which facts.  This module
 * validates it (unknown keys, missing keys, bad patterns, unknown fact
 * names — each reported at file:line:column) and compiles every pattern
 * once.  The configuration owns its patterns and is read-only afterwards,
 * so one configuration can serve many threads.
 */
#ifndef NL_CONFIG_H
#define NL_CONFIG_H

#include "noticelint.h"
#include "pattern.h"

typedef struct nl_patlist {
    nl_pattern **v;
    size_t n;
} nl_patlist;

enum nl_scope {
    NL_SCOPE_TITLE, NL_SCOPE_META, NL_SCOPE_PREAMBLE, NL_SCOPE_BODY,
    NL_SCOPE_CONTACT, NL_SCOPE_SIGNATURE_UNIT, NL_SCOPE_SIGNATURE_DATE,
    NL_SCOPE_DOCUMENT, NL_SCOPE_COUNT
};

typedef struct nl_heading_def {
    int level;             /* 1..4 */
    nl_pattern *re;
    int g_label, g_num;    /* group numbers */
} nl_heading_def;

typedef struct nl_extractor {
    int scope;             /* enum nl_scope */
    nl_pattern *re;
} nl_extractor;

struct nl_config {
    char *name;                  /* file name for messages */
    size_t head_lines;
    nl_patlist header, meta, footer, title, contact_start;
    nl_heading_def headings[8];
    size_t nheadings;
    char *heading_text_end;      /* characters that end a heading's text */
    nl_pattern *enumeration;     /* groups label, num */
    nl_pattern *problem_title;   /* group title */
    nl_pattern *sig_unit, *sig_date;
    nl_pattern *dates;
    nl_extractor *facts;
    size_t nfacts;
    nl_pattern *discipline;      /* groups kind, count */
    nl_defs defs;                /* the file's defs (owned copies), for rule files */
    char **html_body;            /* html.body selectors, NULL-terminated */
};

/* Load a configuration from text (used for the embedded default too). */
nl_status nl_config_load_text(const char *name, const char *text, size_t len,
                              nl_config **out, nl_error *err);

/* Scope name → enum nl_scope, or -1. */
int nl_scope_from_name(const char *name);
const char *nl_scope_name(int scope);

#endif
