/*
 * test_project.c — the project configuration (project.c) against
 * docs/rules.md "Configuration: .noticelint.yaml": the file is found by
 * walking up from a start directory (the path returned stays relative to
 * where the walk started); loading resolves extend_rules and parser against
 * the file's directory and reports every mistake at file:line:column; the
 * top-level `rules:` mapping feeds the rule loader's override callback;
 * ids it names must be loaded; per-path overrides (fnmatch, `*` crossing
 * '/') switch rules on/off and change their severity for matching paths.
 * Every test works in its own mkdtemp directory, removed afterwards.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <criterion/criterion.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "project.h"
#include "rules.h"

static char tmp[PATH_MAX];      /* the test's directory (no trailing '/') */
static char saved_cwd[PATH_MAX];
static nl_project proj;
static nl_ruleset set;
static nl_error err;

static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                    continue;
                char sub[PATH_MAX];
                snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                remove_tree(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void setup(void)
{
    memset(&proj, 0, sizeof proj);
    memset(&set, 0, sizeof set);
    memset(&err, 0, sizeof err);
    cr_assert_not_null(getcwd(saved_cwd, sizeof saved_cwd));
    char templ[] = "/tmp/nl-project-XXXXXX";
    cr_assert_not_null(mkdtemp(templ));
    /* The real path, so that walking up compares like with like. */
    cr_assert_not_null(realpath(templ, tmp));
}

static void teardown(void)
{
    nl_project_free(&proj);
    nl_ruleset_free(&set);
    if (chdir(saved_cwd) != 0)
        perror(saved_cwd);
    if (tmp[0])
        remove_tree(tmp);
}

TestSuite(project, .init = setup, .fini = teardown);

/* tmp/rel, in a static buffer. */
static const char *at(const char *rel)
{
    static char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", tmp, rel);
    return path;
}

static void make_dir(const char *rel)
{
    cr_assert_eq(mkdir(at(rel), 0700), 0, "mkdir %s", at(rel));
}

static void write_bytes(const char *rel, const char *text, size_t len)
{
    FILE *f = fopen(at(rel), "wb");
    cr_assert_not_null(f, "cannot create %s", at(rel));
    cr_assert_eq(fwrite(text, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
}

static void write_file(const char *rel, const char *text)
{
    write_bytes(rel, text, strlen(text));
}

static void go_to(const char *rel)
{
    cr_assert_eq(chdir(rel ? at(rel) : tmp), 0, "chdir %s", rel ? rel : tmp);
}

/* Write tmp/.noticelint.yaml and load it; the status is returned. */
static nl_status load_text(const char *yaml)
{
    write_file(".noticelint.yaml", yaml);
    nl_project_free(&proj);
    memset(&err, 0, sizeof err);
    return nl_project_load(at(".noticelint.yaml"), &proj, &err);
}

static void load_ok(const char *yaml)
{
    cr_assert_eq(load_text(yaml), NL_OK, "%s:%d:%d: %s", err.file, err.line,
                 err.column, err.text);
}

/* Loading must fail in tmp/.noticelint.yaml at line:column with `text`. */
static void fails(const char *yaml, int line, int column, const char *text)
{
    cr_assert_eq(load_text(yaml), NL_ERR_CONFIG, "loaded:\n%s", yaml);
    cr_assert_str_eq(err.file, at(".noticelint.yaml"));
    cr_assert(err.line == line && err.column == column,
              "error at %d:%d, expected %d:%d (%s)", err.line, err.column, line,
              column, err.text);
    cr_assert_str_eq(err.text, text);
}

/* ---- finding the file ---- */

Test(project, find_in_the_start_directory)
{
    write_file(".noticelint.yaml", "glob: '*.txt'\n");
    char *p = nl_project_find(tmp);
    cr_assert_not_null(p);
    cr_assert_str_eq(p, at(".noticelint.yaml"));
    free(p);

    /* A trailing '/' on the start does not double. */
    char start[PATH_MAX + 2];
    snprintf(start, sizeof start, "%s/", tmp);
    p = nl_project_find(start);
    cr_assert_not_null(p);
    cr_assert_str_eq(p, at(".noticelint.yaml"));
    free(p);

    go_to(NULL);
    p = nl_project_find(".");
    cr_assert_not_null(p);
    cr_assert_str_eq(p, ".noticelint.yaml");
    free(p);
}

Test(project, find_in_a_parent)
{
    write_file(".noticelint.yaml", "glob: '*.txt'\n");
    make_dir("a");
    make_dir("a/b");
    char *p = nl_project_find(at("a/b"));
    cr_assert_not_null(p);
    char want[PATH_MAX + 64];
    snprintf(want, sizeof want, "%s/a/b/../../.noticelint.yaml", tmp);
    cr_assert_str_eq(p, want);
    free(p);
}

Test(project, find_from_a_relative_start_stays_relative)
{
    write_file(".noticelint.yaml", "glob: '*.txt'\n");
    make_dir("a");
    make_dir("a/b");

    go_to("a");
    char *p = nl_project_find(".");
    cr_assert_not_null(p);
    cr_assert_str_eq(p, "../.noticelint.yaml");
    free(p);

    go_to("a/b");
    p = nl_project_find(".");
    cr_assert_not_null(p);
    cr_assert_str_eq(p, "../../.noticelint.yaml");
    free(p);

    go_to(NULL);
    p = nl_project_find("a/b");
    cr_assert_not_null(p);
    cr_assert_str_eq(p, "a/b/../../.noticelint.yaml");
    free(p);

    /* The path found opens from where we stand. */
    struct stat st;
    cr_assert_eq(stat("a/b/../../.noticelint.yaml", &st), 0);
}

Test(project, the_nearest_file_wins_and_directories_do_not_count)
{
    write_file(".noticelint.yaml", "glob: '*.txt'\n");
    make_dir("a");
    make_dir("a/b");
    make_dir("a/b/.noticelint.yaml");  /* a directory, not a configuration */
    write_file("a/.noticelint.yaml", "glob: '*.md'\n");
    go_to("a/b");
    char *p = nl_project_find(".");
    cr_assert_not_null(p);
    cr_assert_str_eq(p, "../.noticelint.yaml");
    free(p);
}

Test(project, find_returns_null_when_there_is_none)
{
    /* Skip if some ancestor of the temporary directory has a configuration. */
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", tmp);
    for (;;) {
        char *slash = strrchr(dir, '/');
        cr_assert_not_null(slash);
        *slash = '\0';
        char f[PATH_MAX + 32];
        snprintf(f, sizeof f, "%s/.noticelint.yaml", dir);
        struct stat st;
        if (stat(f, &st) == 0)
            cr_skip_test("%s exists", f);
        if (!dir[0])
            break;
    }
    make_dir("a");
    cr_assert_null(nl_project_find(at("a")));
    cr_assert_null(nl_project_find(tmp));
    go_to("a");
    cr_assert_null(nl_project_find("."));
}

/* ---- loading ---- */

Test(project, load_null_is_an_empty_project)
{
    proj.fail_on = 7;
    cr_assert_eq(nl_project_load(NULL, &proj, &err), NL_OK);
    cr_assert_eq(proj.fail_on, -1);
    cr_assert_null(proj.path);
    cr_assert_null(proj.dir);
    cr_assert_null(proj.y);
    cr_assert_null(proj.rules);
    cr_assert_eq(proj.noverrides, 0);
    cr_assert_eq(proj.nextend, 0);
    cr_assert_null(proj.parser);
    cr_assert_null(proj.glob);
    cr_assert_null(nl_project_rule_override("t.one", &proj));
    nl_project_free(&proj);
    nl_project_free(&proj);
    nl_project_free(NULL);
}

Test(project, a_null_document_is_an_empty_project)
{
    load_ok("~\n");
    cr_assert_str_eq(proj.path, at(".noticelint.yaml"));
    cr_assert_str_eq(proj.dir, tmp);
    cr_assert_eq(proj.fail_on, -1);
    cr_assert_null(proj.rules);
    cr_assert_eq(proj.noverrides, 0);
}

/* An empty .noticelint.yaml (or one with only comments) is an empty
 * project, like a `~` document. */
Test(project, an_empty_file_is_an_empty_project)
{
    load_ok("");
    cr_assert_eq(proj.fail_on, -1);
    load_ok("# nothing configured yet\n");
    cr_assert_eq(proj.fail_on, -1);
}

static const char full[] =
    "rules:\n"                                              /* 1 */
    "  date.publication-lag: {max_diff: 60, severity: error}\n"
    "  punct.mixed-width: {enabled: true}\n"                /* 3 */
    "overrides:\n"
    "  - paths: ['drafts*', 'old/*.txt']\n"                 /* 5 */
    "    rules:\n"
    "      required.signature: {enabled: false}\n"          /* 7 */
    "  - paths: 'final*'\n"
    "    rules: {t.one: {severity: info}}\n"                /* 9 */
    "extend_rules: [house.yaml, /abs/other.yaml, sub/more.yaml]\n"
    "parser: house-notice.yaml\n"                           /* 11 */
    "glob: '*.txt'\n"
    "fail_on: warning\n";                                   /* 13 */

Test(project, a_full_file)
{
    make_dir("cfg");
    write_file("cfg/.noticelint.yaml", full);
    cr_assert_eq(nl_project_load(at("cfg/.noticelint.yaml"), &proj, &err), NL_OK,
                 "%s:%d:%d: %s", err.file, err.line, err.column, err.text);
    char dir[PATH_MAX + 64];
    snprintf(dir, sizeof dir, "%s", at("cfg"));
    cr_assert_str_eq(proj.path, at("cfg/.noticelint.yaml"));
    cr_assert_str_eq(proj.dir, dir);

    cr_assert_not_null(proj.rules);
    cr_assert_eq(proj.rules->count, 2);
    cr_assert_str_eq(proj.rules->keys[0]->value, "date.publication-lag");

    cr_assert_eq(proj.noverrides, 2);
    cr_assert_eq(proj.overrides[0].nglobs, 2);
    cr_assert_str_eq(proj.overrides[0].globs[0], "drafts*");
    cr_assert_str_eq(proj.overrides[0].globs[1], "old/*.txt");
    cr_assert_not_null(nl_yget(proj.overrides[0].rules, "required.signature"));
    cr_assert_eq(proj.overrides[1].nglobs, 1);
    cr_assert_str_eq(proj.overrides[1].globs[0], "final*");

    char want[PATH_MAX + 96];
    cr_assert_eq(proj.nextend, 3);
    snprintf(want, sizeof want, "%s/house.yaml", dir);
    cr_assert_str_eq(proj.extend_rules[0], want);
    cr_assert_str_eq(proj.extend_rules[1], "/abs/other.yaml");
    snprintf(want, sizeof want, "%s/sub/more.yaml", dir);
    cr_assert_str_eq(proj.extend_rules[2], want);
    snprintf(want, sizeof want, "%s/house-notice.yaml", dir);
    cr_assert_str_eq(proj.parser, want);
    cr_assert_str_eq(proj.glob, "*.txt");
    cr_assert_eq(proj.fail_on, NL_SEV_WARNING);
}

Test(project, relative_to_a_file_in_the_working_directory)
{
    write_file(".noticelint.yaml", "extend_rules: house.yaml\nparser: p.yaml\n");
    go_to(NULL);
    cr_assert_eq(nl_project_load(".noticelint.yaml", &proj, &err), NL_OK, "%s", err.text);
    cr_assert_str_eq(proj.dir, ".");
    cr_assert_eq(proj.nextend, 1);
    cr_assert_str_eq(proj.extend_rules[0], "./house.yaml");
    cr_assert_str_eq(proj.parser, "./p.yaml");
    cr_assert_null(proj.glob);
    cr_assert_eq(proj.fail_on, -1);

    /* Found from a subdirectory: relative to the file, not to us. */
    make_dir("a");
    go_to("a");
    char *found = nl_project_find(".");
    cr_assert_not_null(found);
    nl_project_free(&proj);
    cr_assert_eq(nl_project_load(found, &proj, &err), NL_OK, "%s", err.text);
    cr_assert_str_eq(proj.dir, "..");
    cr_assert_str_eq(proj.extend_rules[0], "../house.yaml");
    cr_assert_str_eq(proj.parser, "../p.yaml");
    free(found);
}

Test(project, fail_on_values)
{
    static const struct {
        const char *text;
        int value;
    } v[] = {{"fail_on: error\n", NL_SEV_ERROR},
             {"fail_on: warning\n", NL_SEV_WARNING},
             {"fail_on: info\n", NL_SEV_INFO},
             {"fail_on: never\n", 3}};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        load_ok(v[i].text);
        cr_assert_eq(proj.fail_on, v[i].value, "%s", v[i].text);
    }
}

Test(project, a_missing_file_is_an_io_error)
{
    cr_assert_eq(nl_project_load(at("nope.yaml"), &proj, &err), NL_ERR_IO);
    cr_assert_str_eq(err.file, at("nope.yaml"));
    cr_assert_str_eq(err.text, "No such file or directory");
}

/* ---- load errors ---- */

Test(project, unknown_top_level_key)
{
    fails("glob: '*.txt'\nfail-on: warning\n", 2, 1,
          "unknown key 'fail-on' (did you mean 'fail_on'?)");
    fails("glob: '*.txt'\nreporter: json\n", 2, 1, "unknown key 'reporter'");
}

Test(project, not_a_mapping)
{
    fails("- rules\n", 1, 1, "the configuration must be a mapping");
}

Test(project, overrides_must_be_a_list)
{
    fails("overrides:\n  paths: ['drafts*']\n  rules: {a.b: {enabled: false}}\n", 2, 3,
          "'overrides' must be a list");
}

Test(project, an_override_needs_paths_and_rules)
{
    fails("overrides:\n  - rules: {a.b: {enabled: false}}\n", 2, 5,
          "an override needs 'paths' and 'rules'");
    fails("overrides:\n  - paths: ['drafts*']\n", 2, 5,
          "an override needs 'paths' and 'rules'");
    fails("overrides:\n  - 'drafts*'\n", 2, 5,
          "an override must be a mapping with 'paths' and 'rules'");
    fails("overrides:\n  - paths: ['drafts*']\n    rule: {a.b: {enabled: false}}\n", 3, 5,
          "unknown key 'rule' (did you mean 'rules'?)");
}

Test(project, a_path_override_has_only_enabled_and_severity)
{
    fails("overrides:\n"
          "  - paths: ['drafts*']\n"
          "    rules:\n"
          "      date.publication-lag: {enabled: false, max_diff: 30}\n",
          4, 46, "unknown key 'max_diff'");
    fails("overrides:\n"
          "  - paths: ['drafts*']\n"
          "    rules:\n"
          "      a.b: {enabeld: false}\n",
          4, 13, "unknown key 'enabeld' (did you mean 'enabled'?)");
}

Test(project, bad_severity)
{
    fails("rules:\n  a.b: {severity: fatal}\n", 2, 19,
          "severity must be error, warning or info");
    fails("overrides:\n"
          "  - paths: ['drafts*']\n"
          "    rules: {a.b: {severity: high}}\n",
          3, 29, "severity must be error, warning or info");
}

Test(project, bad_rule_settings)
{
    fails("rules:\n  a.b: {enabled: maybe}\n", 2, 18, "'enabled' must be true or false");
    fails("rules:\n  a.b: false\n", 2, 8, "rule settings must be a mapping");
    fails("rules: [a.b]\n", 1, 8, "'rules' must map rule ids to settings");
}

Test(project, fail_on_sometimes)
{
    fails("glob: '*.txt'\nfail_on: sometimes\n", 2, 10,
          "'fail_on' must be error, warning, info or never");
}

Test(project, other_bad_values)
{
    fails("parser: [a.yaml]\n", 1, 9, "'parser' must be a file name");
    fails("glob: {a: b}\n", 1, 7, "'glob' must be a pattern string");
    fails("extend_rules: [a.yaml, [b.yaml]]\n", 1, 24, "expected a string");
    fails("extend_rules: {a: b}\n", 1, 15, "expected a string or a list of strings");
    fails("overrides:\n  - paths: [[x]]\n    rules: {}\n", 2, 13, "expected a string");
}

/* A file of `size` bytes: a valid `glob:` line padded with a comment. */
static char *sized_config(size_t size)
{
    char *buf = malloc(size);
    cr_assert_not_null(buf);
    static const char head[] = "glob: '*.txt'\n#";
    memcpy(buf, head, sizeof head - 1);
    memset(buf + sizeof head - 1, 'x', size - (sizeof head - 1) - 1);
    buf[size - 1] = '\n';
    return buf;
}

Test(project, a_file_larger_than_64_kib)
{
    char *buf = sized_config(65537);
    write_bytes(".noticelint.yaml", buf, 65537);
    free(buf);
    cr_assert_eq(nl_project_load(at(".noticelint.yaml"), &proj, &err), NL_ERR_CONFIG);
    cr_assert_str_eq(err.file, at(".noticelint.yaml"));
    cr_assert_eq(err.line, 0);
    cr_assert_eq(err.column, 0);
    cr_assert_str_eq(err.text, "configuration file is larger than 64 KiB");
}

Test(project, a_file_just_under_64_kib_loads)
{
    char *buf = sized_config(65535);
    write_bytes(".noticelint.yaml", buf, 65535);
    free(buf);
    cr_assert_eq(nl_project_load(at(".noticelint.yaml"), &proj, &err), NL_OK, "%s",
                 err.text);
    cr_assert_str_eq(proj.glob, "*.txt");
}

/* 64 KiB is the limit itself, not beyond it. */
Test(project, a_file_of_exactly_64_kib_loads)
{
    char *buf = sized_config(65536);
    write_bytes(".noticelint.yaml", buf, 65536);
    free(buf);
    cr_assert_eq(nl_project_load(at(".noticelint.yaml"), &proj, &err), NL_OK, "%s",
                 err.text);
    cr_assert_str_eq(proj.glob, "*.txt");
}

/* ---- with rules ---- */

static const char pack[] = "rules:\n"
                           "  - id: t.one\n"
                           "    kind: forbid\n"
                           "    severity: error\n"
                           "    message: 含甲\n"
                           "    patterns: ['甲']\n"
                           "  - id: t.two\n"
                           "    kind: forbid\n"
                           "    severity: warning\n"
                           "    enabled: false\n"
                           "    message: 含乙\n"
                           "    patterns: ['乙']\n";

static void load_pack(void)
{
    nl_error e = {0};
    cr_assert_eq(nl_rules_load_text(&set, "t.yaml", pack, strlen(pack),
                                    nl_project_rule_override, &proj, &e),
                 NL_OK, "%s:%d:%d: %s", e.file, e.line, e.column, e.text);
    cr_assert_eq(set.n, 2);
}

Test(project, rule_override_returns_the_mapping_for_an_id)
{
    load_ok("rules:\n  t.one: {severity: info}\n  t.two: {enabled: true}\n");
    const nl_ynode *o = nl_project_rule_override("t.one", &proj);
    cr_assert_not_null(o);
    cr_assert_eq(o->kind, NL_Y_MAP);
    cr_assert_str_eq(nl_yget(o, "severity")->value, "info");
    cr_assert_not_null(nl_project_rule_override("t.two", &proj));
    cr_assert_null(nl_project_rule_override("t.three", &proj));
    cr_assert_null(nl_project_rule_override("t.one", NULL));

    /* Through the loader: the project's settings win over the pack's. */
    load_pack();
    cr_assert_eq(nl_ruleset_find(&set, "t.one")->severity, NL_SEV_INFO);
    cr_assert_eq(nl_ruleset_find(&set, "t.two")->enabled, 1);
    cr_assert_eq(nl_ruleset_find(&set, "t.two")->severity, NL_SEV_WARNING);
}

Test(project, rule_override_without_rules_is_null)
{
    load_ok("glob: '*.txt'\n");
    cr_assert_null(proj.rules);
    cr_assert_null(nl_project_rule_override("t.one", &proj));
}

Test(project, check_ids_accepts_loaded_ids)
{
    load_ok("rules:\n  t.one: {severity: info}\n"
            "overrides:\n  - paths: 'x*'\n    rules: {t.two: {enabled: true}}\n");
    load_pack();
    cr_assert_eq(nl_project_check_ids(&proj, &set, &err), NL_OK, "%s", err.text);
}

Test(project, check_ids_rejects_an_unknown_id_at_its_position)
{
    load_ok("rules:\n  t.one: {severity: info}\n  t.nope: {enabled: false}\n");
    load_pack();
    cr_assert_eq(nl_project_check_ids(&proj, &set, &err), NL_ERR_CONFIG);
    cr_assert_str_eq(err.file, at(".noticelint.yaml"));
    cr_assert_eq(err.line, 3);
    cr_assert_eq(err.column, 3);
    cr_assert_str_eq(err.text, "no rule 't.nope' is loaded");
}

Test(project, check_ids_looks_inside_path_overrides)
{
    load_ok("overrides:\n"
            "  - paths: 'x*'\n"
            "    rules:\n"
            "      t.one: {enabled: false}\n"
            "      t.tow: {severity: info}\n");
    load_pack();
    cr_assert_eq(nl_project_check_ids(&proj, &set, &err), NL_ERR_CONFIG);
    cr_assert_eq(err.line, 5);
    cr_assert_eq(err.column, 7);
    cr_assert_str_eq(err.text, "no rule 't.tow' is loaded");
}

/* An error in a configuration override names the configuration file and
 * the position there (the caller tells the loader which file that is). */
Test(project, an_override_error_names_the_configuration_file)
{
    load_ok("rules:\n  t.one: {max_dif: 60}\n");
    nl_error e = {0};
    set.override_file = proj.path; /* as the CLI does */
    cr_assert_eq(nl_rules_load_text(&set, "t.yaml", pack, strlen(pack),
                                    nl_project_rule_override, &proj, &e),
                 NL_ERR_CONFIG);
    cr_assert_eq(e.line, 2);
    cr_assert_eq(e.column, 11);
    cr_assert(strstr(e.text, "configuration: unknown key 'max_dif'"), "%s", e.text);
    cr_assert_str_eq(e.file, at(".noticelint.yaml"));
}

/* ---- per-path overrides ---- */

static unsigned char enabled[2];
static signed char severity[2];

static void apply(const char *path)
{
    memset(enabled, 0xAA, sizeof enabled);
    memset(severity, 0x55, sizeof severity);
    nl_project_apply_path(&proj, &set, path, enabled, severity);
}

Test(project, without_overrides_the_rule_defaults)
{
    load_ok("glob: '*.txt'\n");
    load_pack();
    apply("drafts/a.txt");
    cr_assert_eq(enabled[0], 1);
    cr_assert_eq(enabled[1], 0);
    cr_assert_eq(severity[0], NL_SEV_ERROR);
    cr_assert_eq(severity[1], NL_SEV_WARNING);

    nl_project_apply_path(NULL, &set, "drafts/a.txt", enabled, severity);
    cr_assert_eq(enabled[0], 1);
    cr_assert_eq(severity[1], NL_SEV_WARNING);
}

Test(project, a_glob_disables_a_rule_below_drafts)
{
    load_ok("overrides:\n"
            "  - paths: ['drafts*']\n"
            "    rules: {t.one: {enabled: false}}\n");
    load_pack();

    apply("drafts/a.txt");
    cr_assert_eq(enabled[0], 0);
    cr_assert_eq(severity[0], NL_SEV_ERROR);
    cr_assert_eq(enabled[1], 0);

    /* Relative to the project's directory. */
    apply(at("drafts/a.txt"));
    cr_assert_eq(enabled[0], 0);
    apply(at("drafts/deeper/b.txt"));
    cr_assert_eq(enabled[0], 0);

    apply("final/a.txt");
    cr_assert_eq(enabled[0], 1);
    apply(at("final/a.txt"));
    cr_assert_eq(enabled[0], 1);
    apply("other/drafts/a.txt");
    cr_assert_eq(enabled[0], 1);
}

Test(project, found_relative_paths_match_too)
{
    write_file(".noticelint.yaml", "overrides:\n"
                                   "  - paths: ['drafts*']\n"
                                   "    rules: {t.one: {enabled: false}}\n");
    go_to(NULL);
    cr_assert_eq(nl_project_load(".noticelint.yaml", &proj, &err), NL_OK, "%s", err.text);
    load_pack();
    apply("./drafts/a.txt");
    cr_assert_eq(enabled[0], 0);
    apply("./final/a.txt");
    cr_assert_eq(enabled[0], 1);
}

/* Path overrides match the document's path relative to the project
 * directory however it is spelled: absolute, or from a subdirectory where
 * the project was found as ../.noticelint.yaml. */
Test(project, path_overrides_apply_however_the_path_is_spelled)
{
    write_file(".noticelint.yaml", "overrides:\n"
                                   "  - paths: ['drafts*']\n"
                                   "    rules: {t.one: {enabled: false}}\n");
    make_dir("drafts");
    write_file("drafts/a.txt", "甲\n");

    go_to(NULL);
    cr_assert_eq(nl_project_load(".noticelint.yaml", &proj, &err), NL_OK, "%s", err.text);
    load_pack();
    apply(at("drafts/a.txt"));
    cr_assert_eq(enabled[0], 0, "absolute path of ./drafts/a.txt not matched");
}

/* The same bug seen from a subdirectory (see above). */
Test(project, path_overrides_apply_from_a_subdirectory)
{
    write_file(".noticelint.yaml", "overrides:\n"
                                   "  - paths: ['drafts*']\n"
                                   "    rules: {t.one: {enabled: false}}\n");
    make_dir("drafts");
    write_file("drafts/a.txt", "甲\n");
    go_to("drafts");
    char *found = nl_project_find(".");
    cr_assert_not_null(found);
    cr_assert_str_eq(found, "../.noticelint.yaml");
    cr_assert_eq(nl_project_load(found, &proj, &err), NL_OK, "%s", err.text);
    free(found);
    load_pack();
    apply("a.txt");
    cr_assert_eq(enabled[0], 0, "drafts/a.txt seen from drafts/ not matched");
}

Test(project, severity_per_path_and_enabling)
{
    load_ok("overrides:\n"
            "  - paths: 'final*'\n"
            "    rules: {t.one: {severity: info}, t.two: {enabled: true, severity: error}}\n");
    load_pack();
    apply("final/a.txt");
    cr_assert_eq(enabled[0], 1);
    cr_assert_eq(severity[0], NL_SEV_INFO);
    cr_assert_eq(enabled[1], 1);
    cr_assert_eq(severity[1], NL_SEV_ERROR);
    apply("drafts/a.txt");
    cr_assert_eq(severity[0], NL_SEV_ERROR);
    cr_assert_eq(enabled[1], 0);
    cr_assert_eq(severity[1], NL_SEV_WARNING);
}

Test(project, later_overrides_win)
{
    load_ok("overrides:\n"
            "  - paths: '*'\n"
            "    rules: {t.one: {severity: warning}}\n"
            "  - paths: 'final*'\n"
            "    rules: {t.one: {severity: info}}\n");
    load_pack();
    apply("final/a.txt");
    cr_assert_eq(severity[0], NL_SEV_INFO);
    apply("drafts/a.txt");
    cr_assert_eq(severity[0], NL_SEV_WARNING);
}

Test(project, star_crosses_slashes)
{
    load_ok("overrides:\n"
            "  - paths: ['*.md', 'x*/z.txt']\n"
            "    rules: {t.one: {enabled: false}}\n");
    load_pack();
    apply("a/b/c/notes.md");
    cr_assert_eq(enabled[0], 0);
    apply("x/y/z.txt");
    cr_assert_eq(enabled[0], 0);
    apply(at("x1/y2/z.txt"));
    cr_assert_eq(enabled[0], 0);
    apply("a/b/c/notes.txt");
    cr_assert_eq(enabled[0], 1);
    apply("y/x/z.txt");
    cr_assert_eq(enabled[0], 1);
}

/* ---- ignore: accepted findings, each with its reason ---- */

Test(project, ignore_entries_load_with_their_reason)
{
    load_ok("ignore:\n"
            "  - rules: [t.one, 'input.*']\n"
            "    paths: ['archive*']\n"
            "    reason: published as issued\n"
            "  - rules: t.two\n"
            "    reason: everywhere\n");
    cr_assert_eq(proj.nignores, 2);
    cr_assert_eq(proj.ignores[0].nrules, 2);
    cr_assert_eq(proj.ignores[0].nglobs, 1);
    cr_assert_str_eq(proj.ignores[0].reason, "published as issued");
    cr_assert_eq(proj.ignores[1].nglobs, 0);
    load_pack();
    cr_assert_eq(nl_project_check_ids(&proj, &set, &err), NL_OK, "%s", err.text);
    cr_assert_str_eq(nl_project_ignored(&proj, "t.one", "archive/2020/a.txt"),
                     "published as issued");
    cr_assert_str_eq(nl_project_ignored(&proj, "input.empty", "archive/a.txt"),
                     "published as issued");
    cr_assert_null(nl_project_ignored(&proj, "t.one", "current/a.txt"));
    cr_assert_str_eq(nl_project_ignored(&proj, "t.two", "current/a.txt"), "everywhere");
    cr_assert_null(nl_project_ignored(NULL, "t.two", "current/a.txt"));
}

Test(project, an_ignore_entry_needs_rules_and_a_reason)
{
    const char *why = "an ignore entry needs a 'reason': say why these findings are accepted";
    fails("ignore:\n  - rules: [t.one]\n", 2, 5, why);
    fails("ignore:\n  - rules: [t.one]\n    reason: ''\n", 3, 13, why);
    fails("ignore:\n  - rules: [t.one]\n    reason:\n", 3, 12, why);
    fails("ignore:\n  - paths: ['x*']\n    reason: r\n", 2, 5,
          "an ignore entry needs 'rules' (rule ids or patterns)");
    fails("ignore: {rules: [t.one]}\n", 1, 9,
          "'ignore' must be a list of {rules, paths, reason}");
}

Test(project, an_ignore_pattern_must_match_a_loaded_rule)
{
    load_ok("ignore:\n  - rules: ['t.*']\n    reason: r\n"
            "  - rules: ['engine.*']\n    reason: r\n");
    load_pack();
    cr_assert_eq(nl_project_check_ids(&proj, &set, &err), NL_OK, "%s", err.text);
    load_ok("ignore:\n  - rules: [t.one, 'x.*']\n    reason: r\n");
    cr_assert_eq(nl_project_check_ids(&proj, &set, &err), NL_ERR_CONFIG);
    cr_assert_str_eq(err.text, "ignore: no loaded rule matches 'x.*'");
    cr_assert_eq(err.line, 2);
}

Test(project, drop_ignored_keeps_order_and_frees_the_rest)
{
    load_ok("ignore:\n  - rules: [t.two]\n    paths: ['a*']\n    reason: r\n");
    nl_findings f = {0};
    cr_assert_eq(nl_findings_add(&f, "t.one", 2, (nl_span){0, 1}, strdup("1"), NULL), 0);
    cr_assert_eq(nl_findings_add(&f, "t.two", 2, (nl_span){1, 2}, strdup("2"), strdup("s")), 0);
    cr_assert_eq(nl_findings_add(&f, "t.one", 2, (nl_span){2, 3}, strdup("3"), NULL), 0);
    nl_project_drop_ignored(&proj, "b/x.txt", &f);
    cr_assert_eq(f.n, 3);
    nl_project_drop_ignored(&proj, "a/x.txt", &f);
    cr_assert_eq(f.n, 2);
    cr_assert_str_eq(f.v[0].message, "1");
    cr_assert_str_eq(f.v[1].message, "3");
    nl_findings_free(&f);
}
