/*
 * test_rules.c — the rule loader (rules.c) against docs/rules.md: a rule
 * file is a mapping with an optional `version`/`defs` and a `rules:` list;
 * every rule has the common keys (id, kind, severity, message, scope,
 * description, suggestion, examples, enabled) plus its kind's; every
 * mistake is NL_ERR_CONFIG at the file:line:column of the offending node
 * with a compiler-like message; ids are unique across everything loaded
 * into one set; `${NAME}` expands the file's defs and then the set's base
 * defs (the file's win); configuration overrides are read before the
 * rule's own keys; the embedded default pack loads and is well formed.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "rules.h"
#include "ytree.h"

static nl_ruleset set;
static nl_error err;

static void setup(void)
{
    memset(&set, 0, sizeof set);
    memset(&err, 0, sizeof err);
}

static void teardown(void)
{
    nl_ruleset_free(&set);
}

TestSuite(rules, .init = setup, .fini = teardown);

static nl_status load_named(const char *name, const char *yaml, nl_override_fn fn,
                            void *octx)
{
    memset(&err, 0, sizeof err);
    return nl_rules_load_text(&set, name, yaml, strlen(yaml), fn, octx, &err);
}

static void load_ok(const char *yaml)
{
    cr_assert_eq(load_named("t.yaml", yaml, NULL, NULL), NL_OK, "%s:%d:%d: %s",
                 err.file, err.line, err.column, err.text);
}

/* Line and column (in code points) where `needle` first starts in `text`. */
static void find_pos(const char *text, const char *needle, int *line, int *column)
{
    const char *at = strstr(text, needle);
    cr_assert_not_null(at, "'%s' is not in the test text", needle);
    cr_assert_null(strstr(at + 1, needle), "'%s' is not unique in the test text",
                   needle);
    *line = 1;
    *column = 1;
    for (const char *p = text; p < at; p++) {
        if (*p == '\n') {
            ++*line;
            *column = 1;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            ++*column;
        }
    }
}

/* err must hold NL_ERR_CONFIG in `file` at line:column, with exactly `text`. */
static void expect_err_at(const char *file, int line, int column, const char *text)
{
    cr_assert_eq(err.code, NL_ERR_CONFIG, "code %d (%s)", (int)err.code, err.text);
    cr_assert_str_eq(err.file, file);
    cr_assert(err.line == line && err.column == column,
              "error at %d:%d, expected %d:%d (%s)", err.line, err.column, line,
              column, err.text);
    cr_assert_str_eq(err.text, text);
}

/* Loading `yaml` as t.yaml must fail where `at` starts, with exactly `text`. */
static void fails_at(const char *yaml, const char *at, const char *text)
{
    int line, column;
    find_pos(yaml, at, &line, &column);
    cr_assert_eq(load_named("t.yaml", yaml, NULL, NULL), NL_ERR_CONFIG,
                 "loaded:\n%s", yaml);
    expect_err_at("t.yaml", line, column, text);
    for (size_t i = 0; i < set.n; i++)
        cr_assert_not_null(set.rules[i].id, "a half-loaded rule was kept");
}

/* One forbid rule with every required key; tests replace one line. */
#define RULE_ID "  - id: t.one\n"
#define KIND "    kind: forbid\n"
#define SEVERITY "    severity: error\n"
#define MESSAGE "    message: 含“{match}”\n"
#define PATTERNS "    patterns: ['甲+']\n"

static const char *const all_kind_names =
    "forbid, require, conditional, sequence, unique, balance, extract, compare, "
    "sum, count";

/* ---- what loads ---- */

Test(rules, a_rule_with_every_common_key)
{
    load_ok("version: 1\n"
            "rules:\n"
            "  - id: t.one\n"
            "    kind: forbid\n"
            "    severity: warning\n"
            "    scope: line\n"
            "    message: 含“{match}”\n"
            "    description: 不得含甲\n"
            "    suggestion: 乙\n"
            "    enabled: false\n"
            "    patterns: ['甲+']\n"
            "    examples: {match: ['有甲'], no_match: ['有乙']}\n"
            "  - id: t_two-3.x\n"
            "    kind: forbid\n"
            "    severity: info\n"
            "    message: m\n"
            "    patterns: '丙'\n");
    cr_assert_eq(set.n, 2);
    const nl_rule *r = &set.rules[0];
    cr_assert_str_eq(r->id, "t.one");
    cr_assert_str_eq(r->kind->name, "forbid");
    cr_assert_eq(r->severity, NL_SEV_WARNING);
    cr_assert_eq(r->scope, NL_RS_LINE);
    cr_assert_str_eq(r->message, "含“{match}”");
    cr_assert_str_eq(r->description, "不得含甲");
    cr_assert_str_eq(r->suggestion, "乙");
    cr_assert_eq(r->enabled, 0);
    cr_assert_str_eq(r->file, "t.yaml");
    cr_assert_eq(r->line, 3);
    cr_assert_eq(r->column, 5);
    cr_assert_not_null(r->params);

    /* Defaults: scope document, enabled, no description or suggestion. */
    r = &set.rules[1];
    cr_assert_str_eq(r->id, "t_two-3.x");
    cr_assert_eq(r->severity, NL_SEV_INFO);
    cr_assert_eq(r->scope, NL_RS_DOCUMENT);
    cr_assert_eq(r->enabled, 1);
    cr_assert_null(r->description);
    cr_assert_null(r->suggestion);
    cr_assert_eq(r->line, 13);
}

Test(rules, an_empty_rules_list_loads_nothing)
{
    load_ok("rules: []\n");
    cr_assert_eq(set.n, 0);
    cr_assert_null(nl_ruleset_find(&set, "t.one"));
}

Test(rules, loads_append_and_find_looks_at_all_of_them)
{
    load_ok("rules:\n" RULE_ID KIND SEVERITY MESSAGE PATTERNS);
    cr_assert_eq(load_named("u.yaml",
                            "rules:\n"
                            "  - id: u.two\n" KIND SEVERITY MESSAGE PATTERNS,
                            NULL, NULL),
                 NL_OK, "%s", err.text);
    cr_assert_eq(set.n, 2);
    const nl_rule *a = nl_ruleset_find(&set, "t.one");
    const nl_rule *b = nl_ruleset_find(&set, "u.two");
    cr_assert_eq(a, &set.rules[0]);
    cr_assert_eq(b, &set.rules[1]);
    cr_assert_str_eq(b->file, "u.yaml");
    cr_assert_null(nl_ruleset_find(&set, "t.on"));
    cr_assert_null(nl_ruleset_find(&set, "T.ONE"));
    cr_assert_null(nl_ruleset_find(&set, ""));
}

Test(rules, extract_needs_neither_severity_nor_message)
{
    load_ok("rules:\n"
            "  - id: fact.x\n"
            "    kind: extract\n"
            "    pattern: '编号(?<code>\\d+)'\n"
            "    facts: {code: integer}\n"
            "    examples: {match: ['编号12'], no_match: ['编号']}\n");
    cr_assert_eq(set.n, 1);
    cr_assert_null(set.rules[0].message);
    cr_assert_eq(set.rules[0].severity, NL_SEV_INFO);
    cr_assert_eq(set.rules[0].enabled, 1);
}

/* ---- the file ---- */

Test(rules, a_file_that_is_not_a_mapping)
{
    fails_at("- id: t.one\n- id: t.two\n", "- id: t.one",
             "a rule file must be a mapping with a 'rules:' list");
    fails_at("just text\n", "just", "a rule file must be a mapping with a 'rules:' list");
}

Test(rules, missing_or_malformed_rules_list)
{
    fails_at("version: 1\ndefs: {A: 'a'}\n", "version",
             "a rule file needs a 'rules:' list");
    fails_at("rules: {id: t.one}\n", "{id", "a rule file needs a 'rules:' list");
    /* `rules:` with no value: at the empty scalar, just after the colon. */
    cr_assert_eq(load_named("t.yaml", "rules:\n", NULL, NULL), NL_ERR_CONFIG);
    expect_err_at("t.yaml", 1, 7, "a rule file needs a 'rules:' list");
}

Test(rules, unknown_top_level_key)
{
    fails_at("version: 1\nrules: []\nrule_set: x\n", "rule_set",
             "unknown key 'rule_set'");
    fails_at("version: 1\ndefz: {}\nrules: []\n", "defz",
             "unknown key 'defz' (did you mean 'defs'?)");
}

Test(rules, only_version_1)
{
    fails_at("version: 2\nrules: []\n", "2",
             "unsupported 'version' (this noticelint reads version 1)");
    fails_at("version: one\nrules: []\n", "one",
             "unsupported 'version' (this noticelint reads version 1)");
}

Test(rules, defs_must_map_names_to_patterns)
{
    fails_at("defs: ['a']\nrules: []\n", "['a']",
             "'defs' must be a mapping of names to patterns");
    fails_at("defs: {A: [x]}\nrules: []\n", "[x]", "a def must be a pattern string");
}

Test(rules, load_file_reads_and_names_the_path)
{
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_rules_load_file(&set, "/nonexistent/dir/x.yaml", NULL, NULL, &err),
                 NL_ERR_IO);
    cr_assert_str_eq(err.file, "/nonexistent/dir/x.yaml");
    cr_assert_eq(set.n, 0);

    /* A real file: the error names it. */
    char path[] = "/tmp/nl-rules-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    static const char bad[] = "rules:\n  - id: t.one\n    kind: forbidd\n";
    cr_assert_eq(write(fd, bad, sizeof bad - 1), (ssize_t)(sizeof bad - 1));
    close(fd);
    memset(&err, 0, sizeof err);
    nl_status st = nl_rules_load_file(&set, path, NULL, NULL, &err);
    unlink(path);
    cr_assert_eq(st, NL_ERR_CONFIG);
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(err.line, 3);
    cr_assert_eq(err.column, 11);
    cr_assert(strstr(err.text, "unknown kind 'forbidd'"), "%s", err.text);
}

Test(rules, not_yaml_at_all)
{
    cr_assert_eq(load_named("t.yaml", "rules: [\n", NULL, NULL), NL_ERR_CONFIG);
    cr_assert_str_eq(err.file, "t.yaml");
    cr_assert_gt(err.line, 0);
    cr_assert_eq(set.n, 0);
}

/* ---- one rule ---- */

Test(rules, a_rule_that_is_not_a_mapping)
{
    fails_at("rules:\n  - t.one\n", "t.one", "a rule must be a mapping");
    fails_at("rules:\n  - [t.one]\n", "[t.one]", "a rule must be a mapping");
}

Test(rules, missing_id)
{
    fails_at("rules:\n  - kind: forbid\n" SEVERITY MESSAGE PATTERNS, "kind: forbid",
             "rule without 'id'");
}

Test(rules, bad_id_characters)
{
    static const char *const bad[] = {"'t one'", "t/one", "'甲.乙'", "''", "[a]",
                                      "'t:one'"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char yaml[256];
        snprintf(yaml, sizeof yaml, "rules:\n  - id: %s\n" KIND SEVERITY MESSAGE PATTERNS,
                 bad[i]);
        fails_at(yaml, bad[i], "rule id must be letters, digits, '.', '-' or '_'");
    }
}

Test(rules, duplicate_id_across_two_loads_names_the_first)
{
    cr_assert_eq(load_named("a.yaml", "rules:\n" RULE_ID KIND SEVERITY MESSAGE PATTERNS,
                            NULL, NULL),
                 NL_OK, "%s", err.text);
    const char *second = "rules:\n"
                         "  - id: b.ok\n" KIND SEVERITY MESSAGE PATTERNS
                         "  - id: t.one\n" KIND SEVERITY MESSAGE PATTERNS;
    cr_assert_eq(load_named("b.yaml", second, NULL, NULL), NL_ERR_CONFIG);
    expect_err_at("b.yaml", 7, 9,
                  "duplicate rule id 't.one' (first defined at a.yaml:2:5)");
    /* The first definition is untouched. */
    const nl_rule *r = nl_ruleset_find(&set, "t.one");
    cr_assert_not_null(r);
    cr_assert_str_eq(r->file, "a.yaml");
}

Test(rules, duplicate_id_in_one_file)
{
    fails_at("rules:\n" RULE_ID KIND SEVERITY MESSAGE PATTERNS
             "  - id: t.one \n" KIND SEVERITY MESSAGE PATTERNS,
             "t.one \n", "duplicate rule id 't.one' (first defined at t.yaml:2:5)");
}

Test(rules, missing_kind_lists_the_kinds)
{
    char want[300];
    snprintf(want, sizeof want, "rule 't.one': missing or invalid 'kind' (one of: %s)",
             all_kind_names);
    fails_at("rules:\n" RULE_ID SEVERITY MESSAGE PATTERNS, "id: t.one", want);
    fails_at("rules:\n" RULE_ID "    kind: [forbid]\n" SEVERITY MESSAGE PATTERNS,
             "[forbid]", want);
}

Test(rules, unknown_kind_lists_the_kinds)
{
    char want[300];
    snprintf(want, sizeof want, "rule 't.one': unknown kind 'forbidd' (one of: %s)",
             all_kind_names);
    fails_at("rules:\n" RULE_ID "    kind: forbidd\n" SEVERITY MESSAGE PATTERNS,
             "forbidd", want);
}

Test(rules, every_documented_kind_is_known)
{
    /* docs/rules.md documents exactly these ten kinds. */
    static const char *const kinds[] = {"forbid", "require", "conditional",
                                        "sequence", "unique", "balance",
                                        "extract", "compare", "sum", "count"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        char yaml[256];
        snprintf(yaml, sizeof yaml, "rules:\n" RULE_ID "    kind: %s\n" SEVERITY MESSAGE,
                 kinds[i]);
        /* Known kinds fail on their own missing keys, never on the kind. */
        nl_status st = load_named("t.yaml", yaml, NULL, NULL);
        if (st != NL_OK)
            cr_assert_null(strstr(err.text, "kind '"), "%s: %s", kinds[i], err.text);
        nl_ruleset_free(&set);
    }
}

Test(rules, unknown_key_suggests_the_nearest)
{
    fails_at("rules:\n" RULE_ID KIND "    severty: error\n" MESSAGE PATTERNS,
             "severty",
             "rule 't.one': unknown key 'severty' (did you mean 'severity'?) (kind forbid)");
    /* The kind's own keys are suggested too. */
    fails_at("rules:\n" RULE_ID KIND SEVERITY MESSAGE "    pattern: ['甲']\n", "pattern:",
             "rule 't.one': unknown key 'pattern' (did you mean 'patterns'?) (kind forbid)");
    /* A key of another kind is not this kind's. */
    fails_at("rules:\n" RULE_ID KIND SEVERITY MESSAGE PATTERNS "    max_depth: 2\n",
             "max_depth", "rule 't.one': unknown key 'max_depth' (kind forbid)");
}

Test(rules, missing_severity)
{
    fails_at("rules:\n" RULE_ID KIND MESSAGE PATTERNS, "id: t.one",
             "rule 't.one': missing key 'severity'");
}

Test(rules, bad_severity)
{
    fails_at("rules:\n" RULE_ID KIND "    severity: fatal\n" MESSAGE PATTERNS, "fatal",
             "rule 't.one': severity must be error, warning or info");
    fails_at("rules:\n" RULE_ID KIND "    severity: Error\n" MESSAGE PATTERNS, "Error",
             "rule 't.one': severity must be error, warning or info");
    fails_at("rules:\n" RULE_ID KIND "    severity: [error]\n" MESSAGE PATTERNS,
             "[error]", "rule 't.one': 'severity' must be a string");
}

Test(rules, missing_message)
{
    fails_at("rules:\n" RULE_ID KIND SEVERITY PATTERNS, "id: t.one",
             "rule 't.one': missing key 'message'");
}

Test(rules, bad_scope)
{
    fails_at("rules:\n" RULE_ID KIND SEVERITY "    scope: body\n" MESSAGE PATTERNS,
             "body",
             "rule 't.one': scope must be one of document, title, preamble, heading, "
             "aspect, item, paragraph, contact, signature, section, line");
}

Test(rules, enabled_must_be_a_boolean)
{
    fails_at("rules:\n" RULE_ID KIND SEVERITY MESSAGE PATTERNS "    enabled: maybe\n",
             "maybe", "rule 't.one': 'enabled' must be true or false");
    fails_at("rules:\n" RULE_ID KIND SEVERITY MESSAGE PATTERNS "    enabled: 'true'\n",
             "'true'", "rule 't.one': 'enabled' must be true or false");
}

/* ---- patterns ---- */

Test(rules, empty_pattern)
{
    fails_at("rules:\n" RULE_ID KIND SEVERITY MESSAGE "    patterns: ['甲', '']\n", "''",
             "rule 't.one': a pattern must not be empty");
}

Test(rules, regex_syntax_error_names_offset_and_rule)
{
    fails_at("rules:\n" RULE_ID KIND SEVERITY MESSAGE "    patterns: ['甲(乙']\n",
             "'甲(乙'",
             "rule 't.one': invalid pattern at offset 7: missing closing parenthesis");
}

Test(rules, undefined_def)
{
    fails_at("rules:\n" RULE_ID KIND SEVERITY MESSAGE
             "    patterns: ['甲${UNDEFINED}']\n",
             "'甲${", "rule 't.one': unknown def '${UNDEFINED}'");
}

Test(rules, the_files_own_defs_expand)
{
    load_ok("defs:\n"
            "  UNIT: '(?:委员会|党委)'\n"
            "rules:\n" RULE_ID KIND SEVERITY MESSAGE
            "    patterns: ['某${UNIT}']\n"
            "    examples: {match: ['某党委'], no_match: ['某支部']}\n");
    cr_assert_eq(set.n, 1);
}

/* ---- base defs ---- */

static const char *base_names[] = {"X", "Y"};
static const char *base_values[] = {"基础", "乙"};
static const nl_defs base = {2, base_names, base_values};

Test(rules, base_defs_are_usable)
{
    const char *yaml = "rules:\n" RULE_ID KIND SEVERITY MESSAGE
                       "    patterns: ['${X}']\n"
                       "    examples: {match: ['有基础'], no_match: ['有甲']}\n";
    fails_at(yaml, "'${X}'", "rule 't.one': unknown def '${X}'");
    set.base_defs = &base;
    load_ok(yaml);
    cr_assert_eq(set.n, 1);
}

Test(rules, base_defs_combine_with_the_files_own)
{
    set.base_defs = &base;
    load_ok("defs: {Z: '丙'}\n"
            "rules:\n" RULE_ID KIND SEVERITY MESSAGE
            "    patterns: ['${Z}${X}']\n"
            "    examples: {match: ['丙基础'], no_match: ['基础', '丙']}\n");
    cr_assert_eq(set.n, 1);
}

Test(rules, the_files_def_wins_over_the_base_one)
{
    set.base_defs = &base;
    load_ok("defs: {X: '自有'}\n"
            "rules:\n" RULE_ID KIND SEVERITY MESSAGE
            "    patterns: ['${X}']\n"
            "    examples: {match: ['自有'], no_match: ['基础']}\n");
    cr_assert_eq(set.n, 1);
}

/* ---- examples ---- */

Test(rules, an_example_that_should_match_but_does_not)
{
    fails_at("rules:\n" RULE_ID KIND SEVERITY MESSAGE PATTERNS
             "    examples: {match: ['有甲', '只有乙'], no_match: ['丙']}\n",
             "'只有乙'",
             "rule 't.one': example \"只有乙\" should match the rule but does not");
}

Test(rules, an_example_that_should_not_match_but_does)
{
    fails_at("rules:\n" RULE_ID KIND SEVERITY MESSAGE PATTERNS
             "    examples:\n"
             "      match: 甲\n"
             "      no_match:\n"
             "        - 乙\n"
             "        - 甲甲\n",
             "甲甲", "rule 't.one': example \"甲甲\" should not match the rule but does");
}

Test(rules, examples_on_a_kind_without_example_support)
{
    fails_at("rules:\n" RULE_ID "    kind: unique\n" SEVERITY MESSAGE
             "    pattern: '“(?<value>[^”]+)”'\n"
             "    examples: {match: ['“甲”“甲”']}\n",
             "{match: ['“甲", "rule 't.one': examples are not supported for kind unique without a parser configuration");
}

Test(rules, examples_must_be_a_mapping)
{
    fails_at("rules:\n" RULE_ID KIND SEVERITY MESSAGE PATTERNS
             "    examples: ['甲']\n",
             "['甲']",
             "rule 't.one': 'examples' must be a mapping with 'match' and/or 'no_match'");
}

Test(rules, unknown_key_inside_examples)
{
    fails_at("rules:\n" RULE_ID KIND SEVERITY MESSAGE PATTERNS
             "    examples: {match: ['甲'], nomatch: ['乙']}\n",
             "nomatch", "unknown key 'nomatch' (did you mean 'no_match'?)");
}

Test(rules, an_example_must_be_a_string)
{
    fails_at("rules:\n" RULE_ID KIND SEVERITY MESSAGE PATTERNS
             "    examples: {match: [{a: 甲}]}\n",
             "{a:", "rule 't.one': an example must be a string");
}

/* ---- configuration overrides ---- */

static nl_ydoc *ovdoc;

static const nl_ynode *by_id(const char *id, void *ctx)
{
    const nl_ynode *root = ctx;
    return nl_yget(root, id);
}

/* Parse `yaml` (as c.yaml) into the override tree handed to the loader. */
static const nl_ynode *overrides(const char *yaml)
{
    nl_yfree(ovdoc);
    ovdoc = NULL;
    nl_error yerr = {0};
    cr_assert_eq(nl_yload("c.yaml", yaml, strlen(yaml), NULL, &ovdoc, &yerr), NL_OK,
                 "%s", yerr.text);
    return nl_yroot(ovdoc);
}

static void ov_teardown(void)
{
    nl_yfree(ovdoc);
    ovdoc = NULL;
    nl_ruleset_free(&set);
}

TestSuite(overrides, .init = setup, .fini = ov_teardown);

static const char two_rules[] = "rules:\n" RULE_ID KIND SEVERITY MESSAGE PATTERNS
                                "  - id: t.two\n" KIND SEVERITY MESSAGE PATTERNS;

Test(overrides, severity_override_applies_to_that_rule_only)
{
    const nl_ynode *o = overrides("t.one: {severity: info, message: 改}\n");
    cr_assert_eq(load_named("t.yaml", two_rules, by_id, (void *)o), NL_OK, "%s",
                 err.text);
    cr_assert_eq(nl_ruleset_find(&set, "t.one")->severity, NL_SEV_INFO);
    cr_assert_str_eq(nl_ruleset_find(&set, "t.one")->message, "改");
    cr_assert_eq(nl_ruleset_find(&set, "t.two")->severity, NL_SEV_ERROR);
    cr_assert_str_eq(nl_ruleset_find(&set, "t.two")->message, "含“{match}”");
}

Test(overrides, enabled_false)
{
    const nl_ynode *o = overrides("t.two: {enabled: false}\n");
    cr_assert_eq(load_named("t.yaml", two_rules, by_id, (void *)o), NL_OK, "%s",
                 err.text);
    cr_assert_eq(nl_ruleset_find(&set, "t.one")->enabled, 1);
    cr_assert_eq(nl_ruleset_find(&set, "t.two")->enabled, 0);
}

Test(overrides, enabled_true_switches_on_a_rule_shipped_off)
{
    const nl_ynode *o = overrides("t.one: {enabled: true}\n");
    cr_assert_eq(load_named("t.yaml",
                            "rules:\n" RULE_ID KIND SEVERITY MESSAGE PATTERNS
                            "    enabled: false\n",
                            by_id, (void *)o),
                 NL_OK, "%s", err.text);
    cr_assert_eq(set.rules[0].enabled, 1);
}

Test(overrides, a_key_unknown_to_the_kind_names_configuration)
{
    const nl_ynode *o = overrides("t.two: {max_dif: 3}\n");
    cr_assert_eq(load_named("t.yaml", two_rules, by_id, (void *)o), NL_ERR_CONFIG);
    /* Position of the key in the configuration text (1:9). */
    cr_assert_eq(err.line, 1);
    cr_assert_eq(err.column, 9);
    cr_assert_str_eq(err.text, "rule 't.two': configuration: unknown key 'max_dif' "
                               "(kind forbid)");
    cr_assert_eq(set.n, 1, "t.one stays loaded, t.two is refused");
}

Test(overrides, a_bad_value_in_an_override_is_refused)
{
    const nl_ynode *o = overrides("t.one: {severity: fatal}\n");
    cr_assert_eq(load_named("t.yaml", two_rules, by_id, (void *)o), NL_ERR_CONFIG);
    cr_assert_eq(err.line, 1);
    cr_assert_eq(err.column, 19);
    cr_assert_str_eq(err.text, "rule 't.one': severity must be error, warning or info");
}

Test(overrides, an_override_must_be_a_mapping)
{
    const nl_ynode *o = overrides("t.one: off\n");
    cr_assert_eq(load_named("t.yaml", two_rules, by_id, (void *)o), NL_ERR_CONFIG);
    cr_assert_eq(err.line, 1);
    cr_assert_eq(err.column, 8);
    cr_assert_str_eq(err.text, "rule 't.one': configuration override must be a mapping");
}

Test(overrides, kind_keys_are_overridden_too)
{
    /* The override's patterns replace the rule's.  The rule's examples vouch
     * for the file as written, so they are not checked against the
     * overridden patterns (a threshold or pattern changed by a project must
     * not make the shipped pack fail to load). */
    const nl_ynode *o = overrides("t.one: {patterns: ['乙']}\n");
    cr_assert_eq(load_named("t.yaml",
                            "rules:\n" RULE_ID KIND SEVERITY MESSAGE PATTERNS
                            "    examples: {match: ['甲']}\n",
                            by_id, (void *)o),
                 NL_OK, "%s", err.text);
    const nl_rule *r = nl_ruleset_find(&set, "t.one");
    cr_assert_not_null(r);
    pcre2_match_data *md = nl_match_data_new();
    cr_assert_eq(r->kind->example(r, "乙", strlen("乙"), md), 1);
    cr_assert_eq(r->kind->example(r, "甲", strlen("甲"), md), 0);
    pcre2_match_data_free(md);
}

Test(overrides, cosmetic_overrides_keep_the_examples_checked)
{
    const nl_ynode *o = overrides("t.one: {severity: info}\n");
    cr_assert_eq(load_named("t.yaml",
                            "rules:\n" RULE_ID KIND SEVERITY MESSAGE PATTERNS
                            "    examples: {match: ['none of these']}\n",
                            by_id, (void *)o),
                 NL_ERR_CONFIG);
    cr_assert(strstr(err.text, "should match the rule but does not"), "%s", err.text);
}

/* ---- names ---- */

Test(names, severity_round_trip)
{
    static const char *const names[] = {"info", "warning", "error"};
    for (int i = 0; i < 3; i++) {
        cr_assert_str_eq(nl_severity_name(i), names[i]);
        cr_assert_eq(nl_severity_from_name(names[i]), i);
    }
    cr_assert_eq(NL_SEV_INFO, 0);
    cr_assert_eq(NL_SEV_WARNING, 1);
    cr_assert_eq(NL_SEV_ERROR, 2);
    cr_assert_str_eq(nl_severity_name(-1), "?");
    cr_assert_str_eq(nl_severity_name(3), "?");
    cr_assert_eq(nl_severity_from_name("fatal"), -1);
    cr_assert_eq(nl_severity_from_name("Error"), -1);
    cr_assert_eq(nl_severity_from_name(""), -1);
}

Test(names, scope_round_trip_for_every_scope)
{
    static const struct {
        int scope;
        const char *name;
    } scopes[] = {
        {NL_RS_DOCUMENT, "document"}, {NL_RS_TITLE, "title"},
        {NL_RS_PREAMBLE, "preamble"}, {NL_RS_HEADING, "heading"},
        {NL_RS_ASPECT, "aspect"},     {NL_RS_ITEM, "item"},
        {NL_RS_PARAGRAPH, "paragraph"}, {NL_RS_CONTACT, "contact"},
        {NL_RS_SIGNATURE, "signature"}, {NL_RS_SECTION, "section"},
        {NL_RS_LINE, "line"},
    };
    cr_assert_eq(sizeof scopes / sizeof scopes[0], (size_t)NL_RS_COUNT,
                 "the documented scopes are exactly the code's");
    for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++) {
        cr_assert_str_eq(nl_rscope_name(scopes[i].scope), scopes[i].name);
        cr_assert_eq(nl_rscope_from_name(scopes[i].name), scopes[i].scope);
    }
    cr_assert_str_eq(nl_rscope_name(-1), "?");
    cr_assert_str_eq(nl_rscope_name(NL_RS_COUNT), "?");
    cr_assert_eq(nl_rscope_from_name("body"), -1);
    cr_assert_eq(nl_rscope_from_name("Line"), -1);
}

Test(names, every_scope_loads_by_name)
{
    nl_ruleset s = {0};
    for (int i = 0; i < NL_RS_COUNT; i++) {
        char yaml[256];
        snprintf(yaml, sizeof yaml,
                 "rules:\n  - id: s.%d\n" KIND SEVERITY MESSAGE PATTERNS
                 "    scope: %s\n",
                 i, nl_rscope_name(i));
        nl_error e = {0};
        cr_assert_eq(nl_rules_load_text(&s, "s.yaml", yaml, strlen(yaml), NULL, NULL, &e),
                     NL_OK, "%s", e.text);
        cr_assert_eq(s.rules[i].scope, i);
    }
    cr_assert_eq(s.n, (size_t)NL_RS_COUNT);
    nl_ruleset_free(&s);
}

/* ---- the default pack ---- */

/* ^[a-z]+\.[a-z-]+$ */
static int well_formed_id(const char *id)
{
    const char *p = id;
    if (*p < 'a' || *p > 'z')
        return 0;
    while (*p >= 'a' && *p <= 'z')
        p++;
    if (*p++ != '.')
        return 0;
    if (!*p)
        return 0;
    for (; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == '-'))
            return 0;
    return 1;
}

Test(names, id_shape_checker_itself)
{
    cr_assert(well_formed_id("text.placeholder"));
    cr_assert(well_formed_id("date.publication-lag"));
    cr_assert_not(well_formed_id("text."));
    cr_assert_not(well_formed_id(".x"));
    cr_assert_not(well_formed_id("text.a.b"));
    cr_assert_not(well_formed_id("Text.a"));
    cr_assert_not(well_formed_id("text_a.b"));
    cr_assert_not(well_formed_id("text.a1"));
}

Test(default_pack, loads_with_the_parser_defs_and_is_well_formed)
{
    nl_config *cfg = NULL;
    nl_error e = {0};
    cr_assert_eq(nl_config_load_default(&cfg, &e), NL_OK, "%s", e.text);
    nl_ruleset s = {0};
    s.base_defs = &cfg->defs;
    s.parser = cfg; /* examples of whole-notice kinds are run as notices */
    cr_assert_eq(nl_rules_load_default(&s, NULL, NULL, &e), NL_OK, "%s:%d:%d: %s",
                 e.file, e.line, e.column, e.text);
    cr_assert_gt(s.n, 10, "only %zu rules", s.n);
    for (size_t i = 0; i < s.n; i++) {
        const nl_rule *r = &s.rules[i];
        cr_assert(well_formed_id(r->id), "rule id '%s' is not ^[a-z]+\\.[a-z-]+$", r->id);
        cr_assert(r->description && *r->description, "rule '%s' has no description", r->id);
        cr_assert(r->example, "rule '%s' has no examples", r->id);
        cr_assert_eq(strncmp(r->file, "rules/", 6), 0, "%s", r->file);
        cr_assert_str_neq(r->file, "rules/notice.yaml");
        cr_assert_eq(nl_ruleset_find(&s, r->id), r);
    }
    /* Rules quoted by docs/rules.md are in the pack. */
    cr_assert_not_null(nl_ruleset_find(&s, "punct.unbalanced"));
    cr_assert_not_null(nl_ruleset_find(&s, "date.publication-lag"));
    nl_ruleset_free(&s);
    nl_config_free(cfg);
}

Test(default_pack, needs_the_parser_defs)
{
    /* With the parser (whole-notice examples need it) but not its defs,
     * the first ${DATE}/${NUM} in the pack is unknown. */
    nl_config *cfg = NULL;
    nl_error e = {0};
    cr_assert_eq(nl_config_load_default(&cfg, &e), NL_OK, "%s", e.text);
    nl_ruleset s = {0};
    s.parser = cfg;
    cr_assert_eq(nl_rules_load_default(&s, NULL, NULL, &e), NL_ERR_CONFIG);
    cr_assert(strstr(e.text, "unknown def '${"), "%s", e.text);
    nl_ruleset_free(&s);
    nl_config_free(cfg);
}

Test(default_pack, loading_it_twice_is_a_duplicate)
{
    nl_config *cfg = NULL;
    nl_error e = {0};
    cr_assert_eq(nl_config_load_default(&cfg, &e), NL_OK, "%s", e.text);
    nl_ruleset s = {0};
    s.base_defs = &cfg->defs;
    s.parser = cfg; /* examples of whole-notice kinds are run as notices */
    cr_assert_eq(nl_rules_load_default(&s, NULL, NULL, &e), NL_OK, "%s", e.text);
    size_t n = s.n;
    cr_assert_eq(nl_rules_load_default(&s, NULL, NULL, &e), NL_ERR_CONFIG);
    cr_assert(strstr(e.text, "duplicate rule id '"), "%s", e.text);
    cr_assert(strstr(e.text, "(first defined at rules/"), "%s", e.text);
    cr_assert_eq(s.n, n);
    nl_ruleset_free(&s);
    nl_config_free(cfg);
}

/* ---- freeing ---- */

Test(freeing, empty_set_twice_and_null)
{
    nl_ruleset s = {0};
    nl_ruleset_free(&s);
    nl_ruleset_free(&s);
    cr_assert_null(s.rules);
    cr_assert_eq(s.n, 0);
    nl_ruleset_free(NULL);
}

Test(freeing, loaded_set_twice_then_reuse)
{
    nl_ruleset s = {0};
    nl_error e = {0};
    const char *yaml = "rules:\n" RULE_ID KIND SEVERITY MESSAGE PATTERNS;
    cr_assert_eq(nl_rules_load_text(&s, "t.yaml", yaml, strlen(yaml), NULL, NULL, &e),
                 NL_OK, "%s", e.text);
    cr_assert_eq(s.n, 1);
    nl_ruleset_free(&s);
    cr_assert_null(s.rules);
    cr_assert_eq(s.n, 0);
    nl_ruleset_free(&s);
    /* After freeing, the same id loads again. */
    cr_assert_eq(nl_rules_load_text(&s, "t.yaml", yaml, strlen(yaml), NULL, NULL, &e),
                 NL_OK, "%s", e.text);
    cr_assert_eq(s.n, 1);
    nl_ruleset_free(&s);
}
