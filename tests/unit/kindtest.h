/*
 * kindtest.h — helpers shared by the rule-kind tests (test_kind_*.c).
 * Header only: tests/CMakeLists.txt links just testutil.c into each test,
 * so everything here is `static inline` (a test that leaves a helper
 * unused still builds with -Werror) and each test file gets its own copy
 * of the state below.  A test file includes it and declares its suite:
 *
 *     TestSuite(forbid, .init = setup, .fini = teardown);
 *
 * Two ways to run rules, each with its own rendering of the findings:
 *
 *   load(yaml) fills the suite's rule set `set` (freed by teardown; free it
 *   yourself to load another), check(text) runs it and expect_check(text,
 *   findings) asserts the result; a finding is one line
 *   "LINE:COL «span text» rule: message[ => suggestion]".
 *
 *   run_bytes(yaml, text, len), run_text(), run_seed() and expect(yaml,
 *   text, want) load `yaml` for that one run; a finding is one line
 *   "LINE:COL rule: message[ => suggestion]".  expect(), expect_loads()
 *   and expect_error() use cr_expect: the test goes on after a failure.
 *
 * Rules are loaded from "t.yaml"; load_fails() and expect_error() check a
 * load error's line, column and message.
 */
#ifndef NL_KINDTEST_H
#define NL_KINDTEST_H

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "notice.h"
#include "rules.h"
#include "testutil.h"

/* A small notice: title, preamble, three parts, items, contact, signature. */
#define KT_SAMPLE_NOTICE                                                                \
    "中共某某街道工作委员会关于巡察整改进展情况的通报\n"                          /* 1 */ \
    "根据市委统一部署,2023年3月7日至4月14日,市委第五巡察组对某某街道进行了巡察。\n" /* 2 */ \
    "一、整改工作的组织领导\n"                                                  /* 3 */ \
    "街道党工委成立整改工作领导小组,由XX同志任组长,XXX同志任副组长。\n"         /* 4 */ \
    "二、整改落实情况\n"                                                        /* 5 */ \
    "(一)关于政治建设方面\n"                                                    /* 6 */ \
    "1.针对“学习不深入”问题。一是组织专题学习××次。二是开展研讨。\n"            /* 7 */ \
    "2.针对“制度不健全”问题。一是修订制度3项。\n"                               /* 8 */ \
    "三、下一步工作\n"                                                          /* 9 */ \
    "持续巩固整改成果。\n"                                                      /* 10 */ \
    "欢迎广大干部群众对巡察整改落实情况进行监督。联系电话:0769-22907133。\n"      /* 11 */ \
    "中共某某街道工作委员会\n"                                                  /* 12 */ \
    "2024年2月2日\n"                                                            /* 13 */

/* ---- the suite's state ---- */

static nl_ruleset set;    /* what load() loaded */
static nl_config *cfg;    /* the default parser configuration */
static nl_error err;      /* the last error of load_with() or check() */

static inline void setup(void)
{
    memset(&set, 0, sizeof set);
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_config_load_default(&cfg, &err), NL_OK, "%s", err.text);
}

static inline void teardown(void)
{
    nl_ruleset_free(&set);
    nl_config_free(cfg);
}

/* ---- loading ---- */

/* Load `yaml` as "t.yaml" into rs; *e is cleared first. */
static inline nl_status load_into(nl_ruleset *rs, nl_error *e, const char *yaml,
                                  nl_override_fn fn, void *octx)
{
    memset(e, 0, sizeof *e);
    return nl_rules_load_text(rs, "t.yaml", yaml, strlen(yaml), fn, octx, e);
}

static inline nl_status load_with(const char *yaml, nl_override_fn fn, void *octx)
{
    return load_into(&set, &err, yaml, fn, octx);
}

static inline void load(const char *yaml)
{
    cr_assert_eq(load_with(yaml, NULL, NULL), NL_OK, "%s:%d:%d: %s", err.file,
                 err.line, err.column, err.text);
}

/* Loading must fail at line:column with a message containing `text`. */
static inline void load_fails(const char *yaml, int line, int column,
                              const char *text)
{
    cr_assert_eq(load_with(yaml, NULL, NULL), NL_ERR_CONFIG, "loaded:\n%s", yaml);
    cr_assert(strstr(err.text, text), "message '%s' lacks '%s'", err.text, text);
    cr_assert_str_eq(err.file, "t.yaml");
    cr_assert(err.line == line && err.column == column,
              "error at %d:%d, expected %d:%d (%s)", err.line, err.column, line,
              column, err.text);
}

/* Loading must succeed. */
static inline void expect_loads(const char *yaml)
{
    nl_ruleset rs = {0};
    nl_error e;
    cr_expect_eq(load_into(&rs, &e, yaml, NULL, NULL), NL_OK, "%s", e.text);
    nl_ruleset_free(&rs);
}

/* Loading must fail with `text` in the message at line:column. */
static inline void expect_error(const char *yaml, const char *text, int line,
                                int column)
{
    nl_ruleset rs = {0};
    nl_error e;
    nl_status st = load_into(&rs, &e, yaml, NULL, NULL);
    cr_expect_eq(st, NL_ERR_CONFIG, "loaded although it should not");
    cr_expect(strstr(e.text, text) != NULL, "message '%s' lacks '%s'", e.text,
              text);
    cr_expect_eq(e.line, line, "line %d, want %d (%s)", e.line, line, e.text);
    cr_expect_eq(e.column, column, "column %d, want %d (%s)", e.column, column,
                 e.text);
    nl_ruleset_free(&rs);
}

/* ---- running ---- */

/* The findings, one line each: "LINE:COL «span text» rule: message" with
 * the span, "LINE:COL rule: message" without, then " => suggestion" when
 * there is one.  malloc'd, "" when there are none. */
static inline char *render_findings(const nl_doc *doc, const nl_findings *out,
                                    int with_span)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    for (size_t i = 0; i < out->n; i++) {
        const nl_finding *x = &out->v[i];
        nl_pos pos = nl_doc_pos(doc, x->span.start);
        fprintf(f, "%d:%d ", pos.line, pos.column);
        if (with_span)
            fprintf(f, "«%.*s» ", (int)(x->span.end - x->span.start),
                    doc->dec.text + x->span.start);
        fprintf(f, "%s: %s", x->rule_id, x->message);
        if (x->suggestion)
            fprintf(f, " => %s", x->suggestion);
        fputc('\n', f);
    }
    fclose(f);
    return buf;
}

/* Run rs over text[0..len) and render the findings (errors in *e). */
static inline char *run_set(const nl_ruleset *rs, const char *text, size_t len,
                            int with_span, nl_error *e)
{
    nl_doc *doc = NULL;
    nl_notice *nt = NULL;
    nl_findings out = {0};
    cr_assert_eq(nl_doc_load_bytes("doc.txt", text, len, &doc, e), NL_OK);
    cr_assert_eq(nl_notice_parse(cfg, doc, &nt, e), NL_OK, "%s", e->text);
    cr_assert_eq(nl_eval_run(rs, NULL, nt, &out, NULL, e), NL_OK, "%s", e->text);
    char *buf = render_findings(doc, &out, with_span);
    nl_findings_free(&out);
    nl_notice_free(nt);
    nl_doc_free(doc);
    return buf;
}

/* Run the loaded rules (`set`) over `text`, findings with their span text.
 * Caller frees. */
static inline char *check(const char *text)
{
    return run_set(&set, text, strlen(text), 1, &err);
}

static inline void expect_check(const char *text, const char *findings)
{
    char *got = check(text);
    cr_assert_str_eq(got, findings, "findings:\n%s\nexpected:\n%s", got, findings);
    free(got);
}

/* Findings of the rules in `yaml` on text[0..len), without the span text.
 * Caller frees. */
static inline char *run_bytes(const char *yaml, const char *text, size_t len)
{
    nl_ruleset rs = {0};
    nl_error e;
    cr_assert_eq(load_into(&rs, &e, yaml, NULL, NULL), NL_OK, "%s:%d:%d: %s",
                 e.file, e.line, e.column, e.text);
    char *out = run_set(&rs, text, len, 0, &e);
    nl_ruleset_free(&rs);
    return out;
}

static inline char *run_text(const char *yaml, const char *text)
{
    return run_bytes(yaml, text, strlen(text));
}

static inline void expect(const char *yaml, const char *text, const char *want)
{
    char *got = run_text(yaml, text);
    cr_expect_str_eq(got, want, "got:\n%s\nwant:\n%s", got, want);
    free(got);
}

/* ---- the real notices ---- */

/* The seed whose name starts with prefix, as malloc'd text; skips the test
 * when absent. */
static inline char *read_seed(const char *prefix, size_t *len)
{
    const char *dir = tu_seeds_dir();
    if (!dir)
        cr_skip_test("../shared/seeds is absent");
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    struct dirent *e;
    char path[4096] = "";
    while ((e = readdir(d)) != NULL)
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    closedir(d);
    if (!path[0])
        cr_skip_test("seed %s* is absent", prefix);
    char *text = tu_read_file(path, len);
    cr_assert_not_null(text);
    return text;
}

/* run_bytes() on the seed whose name starts with prefix; skips when absent. */
static inline char *run_seed(const char *yaml, const char *prefix)
{
    size_t len;
    char *text = read_seed(prefix, &len);
    char *out = run_bytes(yaml, text, len);
    free(text);
    return out;
}

#endif
