/*
 * test_repo.c — the repository root and paths (repo.c) against repo.h: the
 * root is the git top level (or the working directory outside git), paths
 * are re-rooted lexically from wherever noticelint runs, and
 * nl_repo_changed lists the added, modified and renamed documents that
 * match the glob, lie under the operands and are not in hidden folders,
 * relative to the working directory.  Each test works in a fresh mkdtemp
 * directory; the git tests skip when git is not installed.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "repo.h"

static char tmp[PATH_MAX];
static char saved[PATH_MAX];
static nl_repo repo;

static void setup(void)
{
    memset(&repo, 0, sizeof repo);
    cr_assert_not_null(getcwd(saved, sizeof saved));
    char templ[] = "/tmp/nl-repo-XXXXXX";
    cr_assert_not_null(mkdtemp(templ));
    cr_assert_not_null(realpath(templ, tmp));
}

static void teardown(void)
{
    nl_repo_free(&repo);
    if (chdir(saved) != 0)
        perror(saved);
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        perror(cmd);
}

TestSuite(repo, .init = setup, .fini = teardown);

/* Run `cd TMP && script` in the shell. */
static void sh(const char *script)
{
    char cmd[PATH_MAX + 1024];
    snprintf(cmd, sizeof cmd, "cd '%s' && %.1000s", tmp, script);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
}

static void rel_is(const char *path, const char *want)
{
    char *r = nl_repo_relpath(&repo, path);
    cr_assert_not_null(r);
    cr_assert_str_eq(r, want, "relpath(%s) = %s, expected %s", path, r, want);
    free(r);
}

Test(repo, outside_git_the_root_is_the_working_directory)
{
    sh("mkdir -p a/b");
    cr_assert_eq(chdir(tmp), 0);
    /* GIT_CEILING_DIRECTORIES keeps git from finding a repository above /tmp. */
    setenv("GIT_CEILING_DIRECTORIES", "/tmp", 1);
    cr_assert_str_eq(nl_repo_root(&repo), tmp);
    cr_assert_eq(repo.git, 0);
    rel_is("a/b/c.txt", "a/b/c.txt");
    rel_is("./a//b/../c.txt", "a/c.txt");
    rel_is("-", "-");
    rel_is(".", ".");
    char abs[PATH_MAX + 16];
    snprintf(abs, sizeof abs, "%s/a/x.txt", tmp);
    rel_is(abs, "a/x.txt");
    rel_is("/elsewhere/x.txt", "/elsewhere/x.txt");
    /* Above the root: absolute. */
    char up[PATH_MAX + 16];
    snprintf(up, sizeof up, "%.*s/outside.txt", (int)(strrchr(tmp, '/') - tmp), tmp);
    rel_is("../outside.txt", up);
}

Test(repo, inside_git_paths_are_from_the_top_level)
{
    if (system("git --version > /dev/null 2>&1") != 0)
        cr_skip_test("git is not installed");
    sh("git init -q . && mkdir -p sub/deeper");
    char sub[PATH_MAX + 16];
    snprintf(sub, sizeof sub, "%s/sub/deeper", tmp);
    cr_assert_eq(chdir(sub), 0);
    cr_assert_str_eq(nl_repo_root(&repo), tmp);
    cr_assert_eq(repo.git, 1);
    cr_assert_str_eq(repo.prefix, "sub/deeper/");
    rel_is("a.txt", "sub/deeper/a.txt");
    rel_is("../../top.txt", "top.txt");
    rel_is("../x/../y.txt", "sub/y.txt");
}

Test(repo, changed_documents)
{
    if (system("git --version > /dev/null 2>&1") != 0)
        cr_skip_test("git is not installed");
    sh("git init -q . && git config user.email t@example.com && "
       "git config user.name t && mkdir -p n/old .hidden && "
       "echo a > n/a.txt && echo b > n/old/b.txt && echo r > n/r.txt && "
       "echo d > n/gone.txt && git add -A && git commit -qm one && "
       "echo a2 >> n/a.txt && echo c > n/c.txt && echo m > n/c.md && "
       "echo h > .hidden/h.txt && git mv n/r.txt n/old/r2.txt && "
       "git rm -q n/gone.txt && git add -A");
    cr_assert_eq(chdir(tmp), 0);
    nl_paths out = {0};
    nl_error err = {0};
    cr_assert_eq(nl_repo_changed(&repo, "HEAD", "*.txt", NULL, 0, &out, &err), NL_OK,
                 "%s", err.text);
    /* git's order; c.md by the glob, .hidden, the deletion: left out. */
    cr_assert_eq(out.n, 3);
    cr_assert_str_eq(out.v[0], "n/a.txt");
    cr_assert_str_eq(out.v[1], "n/c.txt");
    cr_assert_str_eq(out.v[2], "n/old/r2.txt");
    nl_paths_free(&out);

    /* Operands narrow it; from a subdirectory, paths are local. */
    char sub[PATH_MAX + 16];
    snprintf(sub, sizeof sub, "%s/n/old", tmp);
    cr_assert_eq(chdir(sub), 0);
    nl_repo_free(&repo);
    char *within[] = {"."};
    cr_assert_eq(nl_repo_changed(&repo, "HEAD", "*.txt", within, 1, &out, &err), NL_OK);
    cr_assert_eq(out.n, 1);
    cr_assert_str_eq(out.v[0], "r2.txt");
    nl_paths_free(&out);
    cr_assert_eq(nl_repo_changed(&repo, "HEAD", "*.txt", NULL, 0, &out, &err), NL_OK);
    cr_assert_eq(out.n, 3);
    cr_assert_str_eq(out.v[0], "../a.txt");
    nl_paths_free(&out);

    /* Errors. */
    cr_assert_eq(nl_repo_changed(&repo, "-p", "*.txt", NULL, 0, &out, &err), NL_ERR_USAGE);
    memset(&err, 0, sizeof err);
    char *missing[] = {"no-such-dir"};
    cr_assert_eq(nl_repo_changed(&repo, "HEAD", "*.txt", missing, 1, &out, &err), NL_ERR_IO);
    cr_assert_eq(out.n, 0);
}
