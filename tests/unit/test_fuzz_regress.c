/*
 * test_fuzz_regress.c — replay, through the fuzz target bodies
 * (fuzz/harness.c, linked in by tests/CMakeLists.txt), every input a fuzzer
 * ever failed on, plus the seeds the fuzzers start from, so the ordinary
 * build (gcc, no libFuzzer) and the sanitizer build keep them fixed.
 *
 *   tests/data/fuzz-regressions/TARGET/NAME   one minimised input per file
 *                                            (README.md files are skipped)
 *
 * A failing input crashes, trips a sanitizer or abort()s on an invariant
 * inside the harness; Criterion reports the test as crashed.  The input
 * being replayed is logged first, so the report names it.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "testutil.h"

/* Run every regular file in `dir` (relative to the source tree) whose name
 * matches `suffix` (NULL: any but README.md) through target.  Returns the
 * number of inputs. */
static size_t replay_dir(const char *target, const char *dir, const char *suffix)
{
    nl_fuzz_fn fn = nl_fuzz_target(target);
    cr_assert_not_null(fn, "no fuzz target '%s'", target);
    char path[4096];
    snprintf(path, sizeof path, "%s", tu_src(dir));
    DIR *d = opendir(path);
    if (!d)
        return 0;
    /* Sorted, so a failure is reproducible by name. */
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name), sl = suffix ? strlen(suffix) : 0;
        if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0 ||
            (suffix && (len < sl || strcmp(e->d_name + len - sl, suffix) != 0)))
            continue;
        names = realloc(names, (n + 1) * sizeof *names);
        cr_assert_not_null(names);
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    for (size_t i = 0; i < n; i++) {
        char file[4200];
        snprintf(file, sizeof file, "%s/%s", path, names[i]);
        size_t len = 0;
        char *data = tu_read_file(file, &len);
        if (data) { /* a subdirectory reads as NULL: skip it */
            cr_log_info("%s: %s", target, file);
            fn((const uint8_t *)data, len);
        }
        free(data);
        free(names[i]);
    }
    free(names);
    return n;
}

/* Each line of a seed list (fuzz/seeds/cnum.txt, date.txt) is one input. */
static size_t replay_lines(const char *target, const char *list)
{
    nl_fuzz_fn fn = nl_fuzz_target(target);
    size_t len = 0, n = 0;
    char *text = tu_read_file(tu_src(list), &len);
    cr_assert_not_null(text, "%s", list);
    for (char *p = text, *end; p < text + len; p = end + 1) {
        end = strchr(p, '\n');
        if (!end)
            end = text + len;
        fn((const uint8_t *)p, (size_t)(end - p));
        n++;
    }
    free(text);
    return n;
}

static void regressions(const char *target)
{
    char dir[128];
    snprintf(dir, sizeof dir, "tests/data/fuzz-regressions/%s", target);
    size_t n = replay_dir(target, dir, NULL);
    cr_log_info("%zu regression input%s for %s", n, n == 1 ? "" : "s", target);
}

Test(fuzz_regress, doc)
{
    regressions("doc");
    cr_assert_gt(replay_dir("doc", "fixtures", ".txt"), 0);
    replay_dir("doc", "fixtures/rules", ".txt");
    replay_dir("doc", "tests/data/inputs", ".txt");
}

Test(fuzz_regress, check)
{
    regressions("check");
    cr_assert_gt(replay_dir("check", "fixtures", ".txt"), 0);
    replay_dir("check", "fixtures/rules", ".txt");
    replay_dir("check", "tests/data/inputs", ".txt");
}

Test(fuzz_regress, docx)
{
    regressions("docx");
    cr_assert_gt(replay_dir("docx", "fixtures/docx", ".docx"), 0);
    replay_dir("docx", "tests/data/docx", ".docx");
    replay_dir("docx", "fixtures", ".txt"); /* not zips at all */
}

Test(fuzz_regress, html)
{
    regressions("html");
    cr_assert_gt(replay_dir("html", "fixtures/html", ".html"), 0);
    replay_dir("html", "tests/data/html", ".html");
    replay_dir("html", "fixtures", ".txt"); /* text without any markup */
}

Test(fuzz_regress, rules)
{
    regressions("rules");
    cr_assert_gt(replay_dir("rules", "rules", ".yaml"), 0);
    replay_dir("rules", "tests/data", ".yaml");
    cr_assert_gt(replay_dir("rules", "fuzz/seeds/rules", ".yaml"), 0);
}

Test(fuzz_regress, cnum)
{
    regressions("cnum");
    cr_assert_gt(replay_lines("cnum", "fuzz/seeds/cnum.txt"), 0);
}

Test(fuzz_regress, date)
{
    regressions("date");
    cr_assert_gt(replay_lines("date", "fuzz/seeds/date.txt"), 0);
}
