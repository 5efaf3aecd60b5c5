/*
 * test_baseline.c — baselines (baseline.c) against baseline.h: the file is
 * sorted by path, rule and fingerprint whatever order findings came in,
 * duplicates once, paths escaped; loading reads it back and rejects a file
 * without the header or with a malformed line (naming FILE:LINE); the
 * filter suppresses recorded findings, keeps new ones in order and records
 * everything it sees.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "testutil.h"

static char dir[] = "/tmp/nl-baseline-XXXXXX";
static char file[sizeof dir + 16];

static void setup(void)
{
    cr_assert_not_null(mkdtemp(dir));
    snprintf(file, sizeof file, "%s/b.txt", dir);
}

static void teardown(void)
{
    unlink(file);
    rmdir(dir);
}

TestSuite(baseline, .init = setup, .fini = teardown);

static const char *fp(char c)
{
    static char buf[NL_FP_HEX + 1];
    memset(buf, c, NL_FP_HEX);
    buf[NL_FP_HEX] = '\0';
    return buf;
}

static void write_text(const char *text)
{
    FILE *f = fopen(file, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

Test(baseline, written_sorted_and_read_back)
{
    nl_baseline *b = nl_baseline_new();
    cr_assert_not_null(b);
    cr_assert_eq(nl_baseline_add(b, "z.txt", "r.a", fp('1'), "甲"), 0);
    cr_assert_eq(nl_baseline_add(b, "a\tb%.txt", "r.b", fp('2'), "乙"), 0);
    cr_assert_eq(nl_baseline_add(b, "a.txt", "r.b", fp('4'), ""), 0);
    cr_assert_eq(nl_baseline_add(b, "a.txt", "r.a", fp('3'), "丙"), 0);
    cr_assert_eq(nl_baseline_add(b, "a.txt", "r.a", fp('3'), "丙"), 0); /* duplicate */
    nl_error err = {0};
    cr_assert_eq(nl_baseline_write(b, file, &err), NL_OK, "%s", err.text);
    nl_baseline_free(b);
    size_t n;
    char *text = tu_read_file(file, &n);
    cr_assert_not_null(text);
    const char *body = strstr(text, "finding per line, sorted; see docs/ci.md\n");
    cr_assert_not_null(body);
    cr_assert(strncmp(text, "# noticelint baseline v1\n", 25) == 0);
    body += strlen("finding per line, sorted; see docs/ci.md\n");
    char want[1024];
    snprintf(want, sizeof want,
             "a%%09b%%25.txt\tr.b\t%s\t乙\n", fp('2'));
    char *p = want + strlen(want);
    p += sprintf(p, "a.txt\tr.a\t%s\t丙\n", fp('3'));
    p += sprintf(p, "a.txt\tr.b\t%s\t\n", fp('4'));
    sprintf(p, "z.txt\tr.a\t%s\t甲\n", fp('1'));
    cr_assert_str_eq(body, want);
    free(text);

    nl_baseline *r = NULL;
    cr_assert_eq(nl_baseline_load(file, &r, &err), NL_OK, "%s", err.text);
    cr_assert_eq(nl_baseline_count(r), 4);
    cr_assert(nl_baseline_has(r, fp('3')));
    cr_assert(nl_baseline_has(r, fp('1')));
    cr_assert_not(nl_baseline_has(r, fp('5')));
    nl_baseline_free(r);
}

Test(baseline, a_long_excerpt_is_cut)
{
    nl_baseline *b = nl_baseline_new();
    char ex[200] = "";
    for (int i = 0; i < 50; i++)
        strcat(ex, "字");
    cr_assert_eq(nl_baseline_add(b, "a", "r", fp('a'), ex), 0);
    nl_error err = {0};
    cr_assert_eq(nl_baseline_write(b, file, &err), NL_OK);
    nl_baseline_free(b);
    char *text = tu_read_file(file, NULL);
    char want[200] = "";
    for (int i = 0; i < 40; i++)
        strcat(want, "字");
    strcat(want, "…\n");
    cr_assert_not_null(strstr(text, want));
    free(text);
}

Test(baseline, malformed_files)
{
    nl_baseline *b = NULL;
    nl_error err = {0};
    write_text("");
    cr_assert_eq(nl_baseline_load(file, &b, &err), NL_ERR_CONFIG);
    write_text("path\trule\n");
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_baseline_load(file, &b, &err), NL_ERR_CONFIG);
    cr_assert_eq(err.line, 1);
    cr_assert_not_null(strstr(err.text, "not a noticelint baseline"));
    write_text("# noticelint baseline v1\n# comment\n\na.txt\tr.a\n");
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_baseline_load(file, &b, &err), NL_ERR_CONFIG);
    cr_assert_eq(err.line, 4);
    write_text("# noticelint baseline v1\na.txt\tr.a\tXYZ\tx\n");
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_baseline_load(file, &b, &err), NL_ERR_CONFIG);
    cr_assert_str_eq(err.text, "'XYZ' is not a fingerprint (32 hex digits)");
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_baseline_load("/nonexistent/b", &b, &err), NL_ERR_IO);
    cr_assert_null(b);
}

Test(baseline, filter_suppresses_known_and_records_all)
{
    const char *text = "正文甲乙。\n其它丙丁。\n";
    nl_doc *d = NULL;
    nl_error err = {0};
    cr_assert_eq(nl_doc_load_bytes("t.txt", text, strlen(text), &d, &err), NL_OK);
    nl_findings f = {0};
    size_t a = (size_t)(strstr(text, "甲") - text), c = (size_t)(strstr(text, "丙") - text);
    nl_findings_add(&f, "r.a", 2, (nl_span){a, a + 3}, strdup("a"), NULL);
    nl_findings_add(&f, "r.b", 1, (nl_span){c, c + 3}, strdup("b"), NULL);

    nl_baseline *all = nl_baseline_new(), *none = nl_baseline_new();
    nl_findings kept;
    size_t supp = 0;
    cr_assert_eq(nl_baseline_filter(none, all, "n/t.txt", d, &f, &kept, &supp), 0);
    cr_assert_eq(kept.n, 2);
    cr_assert_eq(supp, 0);
    cr_assert_eq(nl_baseline_count(all), 2);
    free(kept.v);

    /* Everything recorded: everything suppressed, for this path only. */
    cr_assert_eq(nl_baseline_filter(all, NULL, "n/t.txt", d, &f, &kept, &supp), 0);
    cr_assert_eq(kept.n, 0);
    cr_assert_eq(supp, 2);
    free(kept.v);
    cr_assert_eq(nl_baseline_filter(all, NULL, "n/other.txt", d, &f, &kept, &supp), 0);
    cr_assert_eq(kept.n, 2);
    cr_assert_str_eq(kept.v[0].message, "a");
    cr_assert_str_eq(kept.v[1].message, "b");
    free(kept.v);

    nl_baseline_free(all);
    nl_baseline_free(none);
    nl_findings_free(&f);
    nl_doc_free(d);
}
