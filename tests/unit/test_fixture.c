/*
 * test_fixture.c — `rules test` on one document: pass, an unexpected
 * finding, a missing one, a malformed .expect, a .docx beside its .expect.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "fixture.h"
#include "rules.h"
#include "testutil.h"

static nl_config *cfg;
static nl_ruleset set;
static char dir[] = "/tmp/nl-fixture-XXXXXX";

static void setup(void)
{
    nl_error err = {0};
    cr_assert_eq(nl_config_load_default(&cfg, &err), NL_OK, "%s", err.text);
    set.base_defs = &cfg->defs;
    set.parser = cfg;
    cr_assert_eq(nl_rules_load_default(&set, NULL, NULL, &err), NL_OK, "%s", err.text);
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
    nl_ruleset_free(&set);
    nl_config_free(cfg);
}

TestSuite(fixture, .init = setup, .fini = teardown);

/* Run with the .expect text `expect`; returns the status, *out the report. */
static int run(const char *doc, const char *expect, char **out)
{
    char path[128];
    snprintf(path, sizeof path, "%s/x.expect", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(expect, f);
    fclose(f);
    size_t n = 0, en = 0;
    char *err = NULL;
    FILE *o = open_memstream(out, &n), *e = open_memstream(&err, &en);
    int rc = nl_fixture_test(cfg, &set, NULL, doc, path, o, e);
    fclose(o);
    fclose(e);
    if (rc == 2)
        cr_assert_neq(en, 0, "an error is explained on errout");
    free(err);
    return rc;
}

#define DEFECTS "fixtures/rules/text.usage.bad.txt"

Test(fixture, pass_unexpected_missing_error)
{
    char *out;
    cr_assert_eq(run(tu_src(DEFECTS), "# a comment\ntext.usage 5\n", &out), 0);
    cr_assert(strstr(out, ": ok (1 finding)\n"), "%s", out);
    free(out);
    cr_assert_eq(run(tu_src(DEFECTS), "", &out), 1);
    cr_assert(strstr(out, ":5: unexpected text.usage: "), "%s", out);
    free(out);
    cr_assert_eq(run(tu_src(DEFECTS), "text.usage 5\ntext.usage 9\n", &out), 1);
    cr_assert(strstr(out, ":9: missing text.usage\n"), "%s", out);
    free(out);
    cr_assert_eq(run(tu_src(DEFECTS), "text.usage five\n", &out), 2);
    free(out);
}

/* A Word draft: lines are paragraphs. */
Test(fixture, docx_lines_are_paragraphs)
{
    char *out;
    cr_assert_eq(run(tu_src("fixtures/docx/numbered.docx"),
                     "date.publication-lag 2\nstructure.numbering-gap 12\n", &out), 0, "%s", out);
    free(out);
}
