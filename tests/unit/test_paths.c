/*
 * test_paths.c — unit tests for paths.c on a real tree built in a fresh
 * mkdtemp directory: recursive walk in sorted order with the default and an
 * explicit glob, hidden entries skipped, a directory symlink loop walked
 * once, explicitly named files taken whatever their name, missing operands
 * reported through the callback without stopping the others, "-" passed
 * through, and --files-from lists with blank and CRLF lines.
 */
#include "paths.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64];

typedef struct errlog {
    int count;
    char path[512];
    char reason[256];
} errlog;

static void on_error(const char *path, const char *reason, void *ctx)
{
    errlog *log = ctx;
    log->count++;
    snprintf(log->path, sizeof log->path, "%s", path);
    snprintf(log->reason, sizeof log->reason, "%s", reason);
}

/* root/rel as a static path (two buffers so two can be alive at once). */
static const char *at(const char *rel)
{
    static char buf[2][512];
    static int which;
    which ^= 1;
    snprintf(buf[which], sizeof buf[which], "%s/%s", root, rel);
    return buf[which];
}

static void touch(const char *rel)
{
    FILE *f = fopen(at(rel), "w");
    cr_assert_not_null(f, "%s: %s", at(rel), strerror(errno));
    fputs("text\n", f);
    cr_assert_eq(fclose(f), 0);
}

static void mkdir_rel(const char *rel)
{
    cr_assert_eq(mkdir(at(rel), 0755), 0, "%s: %s", at(rel), strerror(errno));
}

/* root: a.txt b.md sub/c.txt sub/e.TXT .hidden/d.txt .f.txt */
static void setup(void)
{
    snprintf(root, sizeof root, "/tmp/nl-test-paths-XXXXXX");
    cr_assert_not_null(mkdtemp(root));
    touch("a.txt");
    touch("b.md");
    mkdir_rel("sub");
    touch("sub/c.txt");
    touch("sub/e.TXT");
    mkdir_rel(".hidden");
    touch(".hidden/d.txt");
    touch(".f.txt");
}

/* Remove path and, when it is a real directory, everything under it. */
static void rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[1024];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            rm_rf(sub);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void teardown(void)
{
    if (root[0])
        rm_rf(root);
}

TestSuite(paths, .init = setup, .fini = teardown);

/* Check paths->v against root-relative names (NULL-terminated). */
static void expect_paths(const nl_paths *p, const char *const *rel)
{
    size_t n = 0;
    while (rel[n])
        n++;
    for (size_t i = 0; i < p->n && i < n; i++)
        cr_assert_str_eq(p->v[i], rel[i][0] == '=' ? rel[i] + 1 : at(rel[i]),
                         "entry %zu", i);
    cr_assert_eq(p->n, n, "%zu paths, want %zu", p->n, n);
}

Test(paths, default_glob)
{
    nl_paths p = {0};
    errlog log = {0};
    cr_assert_eq(nl_paths_add(&p, root, NULL, on_error, &log), 0);
    cr_assert_eq(log.count, 0);
    expect_paths(&p, (const char *[]){"a.txt", "sub/c.txt", NULL});
    nl_paths_free(&p);
    cr_assert_null(p.v);
    cr_assert_eq(p.n, 0);
}

Test(paths, explicit_glob)
{
    nl_paths p = {0};
    errlog log = {0};
    cr_assert_eq(nl_paths_add(&p, root, "*.md", on_error, &log), 0);
    expect_paths(&p, (const char *[]){"b.md", NULL});
    nl_paths_free(&p);

    /* the glob is matched case-sensitively against the file name only */
    cr_assert_eq(nl_paths_add(&p, root, "*.TXT", on_error, &log), 0);
    expect_paths(&p, (const char *[]){"sub/e.TXT", NULL});
    nl_paths_free(&p);
    cr_assert_eq(nl_paths_add(&p, root, "*", on_error, &log), 0);
    expect_paths(&p, (const char *[]){"a.txt", "b.md", "sub/c.txt",
                                      "sub/e.TXT", NULL});
    nl_paths_free(&p);
    cr_assert_eq(log.count, 0);
}

Test(paths, sorted_depth_first)
{
    mkdir_rel("b");
    touch("b/z.txt");
    mkdir_rel("b/a");
    touch("b/a/y.txt");
    touch("B.txt");
    touch("c.txt");
    nl_paths p = {0};
    errlog log = {0};
    cr_assert_eq(nl_paths_add(&p, root, NULL, on_error, &log), 0);
    /* byte order within each directory (so B < a), directories in place */
    expect_paths(&p, (const char *[]){"B.txt", "a.txt", "b/a/y.txt",
                                      "b/z.txt", "c.txt", "sub/c.txt", NULL});
    nl_paths_free(&p);
}

Test(paths, trailing_slash)
{
    char dir[600];
    snprintf(dir, sizeof dir, "%s/sub/", root);
    nl_paths p = {0};
    errlog log = {0};
    cr_assert_eq(nl_paths_add(&p, dir, NULL, on_error, &log), 0);
    expect_paths(&p, (const char *[]){"sub/c.txt", NULL});
    nl_paths_free(&p);
}

Test(paths, named_file_taken)
{
    nl_paths p = {0};
    errlog log = {0};
    cr_assert_eq(nl_paths_add(&p, at("b.md"), NULL, on_error, &log), 0);
    cr_assert_eq(nl_paths_add(&p, at(".hidden/d.txt"), "*.md", on_error, &log),
                 0);
    cr_assert_eq(nl_paths_add(&p, "-", NULL, on_error, &log), 0);
    cr_assert_eq(log.count, 0);
    expect_paths(&p, (const char *[]){"b.md", ".hidden/d.txt", "=-", NULL});
    nl_paths_free(&p);
}

Test(paths, missing_operand_reported)
{
    nl_paths p = {0};
    errlog log = {0};
    cr_assert_eq(nl_paths_add(&p, at("a.txt"), NULL, on_error, &log), 0);
    cr_assert_eq(nl_paths_add(&p, at("nope.txt"), NULL, on_error, &log), 1);
    cr_assert_eq(log.count, 1);
    cr_assert_str_eq(log.path, at("nope.txt"));
    cr_assert_str_eq(log.reason, strerror(ENOENT));
    cr_assert_eq(nl_paths_add(&p, at("sub"), NULL, on_error, &log), 0);
    cr_assert_eq(nl_paths_add(&p, at("gone/dir"), NULL, on_error, &log), 1);
    cr_assert_eq(log.count, 2);
    cr_assert_str_eq(log.path, at("gone/dir"));
    expect_paths(&p, (const char *[]){"a.txt", "sub/c.txt", NULL});
    nl_paths_free(&p);
}

Test(paths, symlink_loop, .timeout = 5)
{
    cr_assert_eq(symlink("..", at("sub/loop")), 0, "%s", strerror(errno));
    cr_assert_eq(symlink(".", at("sub/self")), 0, "%s", strerror(errno));
    nl_paths p = {0};
    errlog log = {0};
    cr_assert_eq(nl_paths_add(&p, root, NULL, on_error, &log), 0);
    cr_assert_eq(log.count, 0, "%s: %s", log.path, log.reason);
    expect_paths(&p, (const char *[]){"a.txt", "sub/c.txt", NULL});
    nl_paths_free(&p);

    /* starting inside the loop: the root is reached once, through loop */
    cr_assert_eq(nl_paths_add(&p, at("sub"), NULL, on_error, &log), 0);
    expect_paths(&p, (const char *[]){"sub/c.txt", "sub/loop/a.txt", NULL});
    nl_paths_free(&p);
}

Test(paths, symlinked_file_and_dir_followed)
{
    mkdir_rel("other");
    touch("other/o.txt");
    cr_assert_eq(symlink(at("other"), at("sub/link")), 0);
    cr_assert_eq(symlink("c.txt", at("sub/c2.txt")), 0);
    nl_paths p = {0};
    errlog log = {0};
    cr_assert_eq(nl_paths_add(&p, at("sub"), NULL, on_error, &log), 0);
    expect_paths(&p, (const char *[]){"sub/c.txt", "sub/c2.txt",
                                      "sub/link/o.txt", NULL});
    nl_paths_free(&p);
}

static void write_rel(const char *rel, const char *text)
{
    FILE *f = fopen(at(rel), "wb");
    cr_assert_not_null(f);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

Test(paths, read_list)
{
    char text[4096];
    snprintf(text, sizeof text,
             "%s/a.txt\r\n"
             "\r\n"
             "\n"
             "%s/sub\r\n"
             "%s/missing.txt\n"
             "\n"
             "%s/b.md",
             root, root, root, root);
    write_rel("list", text);
    nl_paths p = {0};
    errlog log = {0};
    cr_assert_eq(nl_paths_read_list(&p, at("list"), NULL, on_error, &log), 1);
    cr_assert_eq(log.count, 1);
    cr_assert_str_eq(log.path, at("missing.txt"));
    cr_assert_str_eq(log.reason, strerror(ENOENT));
    expect_paths(&p, (const char *[]){"a.txt", "sub/c.txt", "b.md", NULL});
    nl_paths_free(&p);
}

Test(paths, read_list_glob_and_empty)
{
    char text[1024];
    snprintf(text, sizeof text, "%s\n", root);
    write_rel("list", text);
    nl_paths p = {0};
    errlog log = {0};
    cr_assert_eq(nl_paths_read_list(&p, at("list"), "*.md", on_error, &log), 0);
    expect_paths(&p, (const char *[]){"b.md", NULL});
    nl_paths_free(&p);

    write_rel("empty", "\n\r\n\r\n");
    cr_assert_eq(nl_paths_read_list(&p, at("empty"), NULL, on_error, &log), 0);
    cr_assert_eq(p.n, 0);
    cr_assert_eq(log.count, 0);
    nl_paths_free(&p);
}

Test(paths, unreadable_list)
{
    nl_paths p = {0};
    errlog log = {0};
    cr_assert_eq(nl_paths_read_list(&p, at("no-list"), NULL, on_error, &log), 1);
    cr_assert_eq(log.count, 1);
    cr_assert_str_eq(log.path, at("no-list"));
    cr_assert_str_eq(log.reason, strerror(ENOENT));
    cr_assert_eq(p.n, 0);
    nl_paths_free(&p);
}

Test(paths, free_empty)
{
    nl_paths p = {0};
    nl_paths_free(&p);
    nl_paths_free(&p);
    cr_assert_eq(p.n, 0);
}
