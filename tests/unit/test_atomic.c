/*
 * test_atomic.c — unit tests for atomic.c in a fresh mkdtemp directory:
 * commit creates or replaces the target and leaves no temporary file;
 * before the commit the target is untouched; abort keeps an existing target
 * and removes the temporary; a target in a missing directory and a failing
 * rename are NL_ERR_IO with the target named.
 */
#include "atomic.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static char dir[64];
static nl_error err;

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/nl-test-atomic-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

/* Remove the (flat, apart from one optional subdirectory) test directory. */
static void teardown(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (unlink(path) != 0)
            rmdir(path);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

TestSuite(atomic, .init = setup, .fini = teardown);

static const char *at(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

/* Entries of dir other than . and .., sorted, joined with ' '. */
static const char *listing(void)
{
    static char out[1024];
    char names[16][256];
    size_t n = 0;
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 16) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            snprintf(names[n++], sizeof names[0], "%s", e->d_name);
    }
    closedir(d);
    for (size_t i = 1; i < n; i++) /* insertion sort */
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char tmp[256];
            memcpy(tmp, names[j], sizeof tmp);
            memcpy(names[j], names[j - 1], sizeof tmp);
            memcpy(names[j - 1], tmp, sizeof tmp);
        }
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(out);
        snprintf(out + len, sizeof out - len, "%s%s", i ? " " : "", names[i]);
    }
    return out;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

static void expect_contents(const char *path, const char *text)
{
    size_t n = 0;
    char *got = tu_read_file(path, &n);
    cr_assert_not_null(got, "%s: %s", path, strerror(errno));
    cr_assert_eq(n, strlen(text));
    cr_assert_str_eq(got, text);
    free(got);
}

Test(atomic, commit_creates_target)
{
    nl_atomic a;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_atomic_open(&a, at("out.json"), &err), NL_OK, "%s",
                 err.text);
    cr_assert_not_null(a.fp);
    cr_assert_str_eq(a.target, at("out.json"));
    /* the temporary sits beside the target */
    cr_assert_not_null(a.tmp);
    cr_assert_eq(strncmp(a.tmp, at("out.json"), strlen(at("out.json"))), 0);
    cr_assert_eq(access(a.tmp, F_OK), 0);
    cr_assert_eq(access(at("out.json"), F_OK), -1, "target exists early");

    fputs("{\"ok\": true}\n", a.fp);
    cr_assert_eq(nl_atomic_commit(&a, &err), NL_OK, "%s", err.text);
    cr_assert_null(a.fp);
    cr_assert_null(a.tmp);
    cr_assert_null(a.target);
    expect_contents(at("out.json"), "{\"ok\": true}\n");
    cr_assert_str_eq(listing(), "out.json");
}

Test(atomic, commit_replaces_target)
{
    write_file(at("out.json"), "old contents\n");
    nl_atomic a;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_atomic_open(&a, at("out.json"), &err), NL_OK);
    fputs("new\n", a.fp);
    fflush(a.fp);
    /* until the commit readers see the old file */
    expect_contents(at("out.json"), "old contents\n");
    cr_assert_eq(nl_atomic_commit(&a, &err), NL_OK, "%s", err.text);
    expect_contents(at("out.json"), "new\n");
    cr_assert_str_eq(listing(), "out.json");
}

Test(atomic, empty_output)
{
    nl_atomic a;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_atomic_open(&a, at("empty"), &err), NL_OK);
    cr_assert_eq(nl_atomic_commit(&a, &err), NL_OK);
    expect_contents(at("empty"), "");
    cr_assert_str_eq(listing(), "empty");
}

Test(atomic, abort_keeps_existing_target)
{
    write_file(at("out.json"), "old contents\n");
    nl_atomic a;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_atomic_open(&a, at("out.json"), &err), NL_OK);
    fputs("half-written", a.fp);
    fflush(a.fp);
    char tmp[512];
    snprintf(tmp, sizeof tmp, "%s", a.tmp);
    cr_assert_eq(access(tmp, F_OK), 0);
    nl_atomic_abort(&a);
    cr_assert_null(a.fp);
    cr_assert_null(a.tmp);
    cr_assert_null(a.target);
    cr_assert_eq(access(tmp, F_OK), -1, "temporary %s left behind", tmp);
    expect_contents(at("out.json"), "old contents\n");
    cr_assert_str_eq(listing(), "out.json");
    /* a second abort is harmless */
    nl_atomic_abort(&a);
}

Test(atomic, abort_creates_nothing)
{
    nl_atomic a;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_atomic_open(&a, at("new.json"), &err), NL_OK);
    fputs("data", a.fp);
    nl_atomic_abort(&a);
    cr_assert_str_eq(listing(), "");
}

Test(atomic, missing_directory)
{
    nl_atomic a;
    memset(&a, 0xAB, sizeof a);
    memset(&err, 0, sizeof err);
    const char *target = at("no/such/dir/out.json");
    cr_assert_eq(nl_atomic_open(&a, target, &err), NL_ERR_IO);
    cr_assert_eq(err.code, NL_ERR_IO);
    cr_assert_str_eq(err.file, target);
    char want[300];
    snprintf(want, sizeof want, "cannot create: %s", strerror(ENOENT));
    cr_assert_str_eq(err.text, want);
    cr_assert_null(a.fp);
    cr_assert_null(a.tmp);
    cr_assert_null(a.target);
    cr_assert_str_eq(listing(), "");
    nl_atomic_abort(&a); /* harmless after a failed open */
}

Test(atomic, failed_rename_removes_temporary)
{
    /* the target is a directory: the temporary is made, rename() fails */
    cr_assert_eq(mkdir(at("outdir"), 0755), 0);
    nl_atomic a;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_atomic_open(&a, at("outdir"), &err), NL_OK);
    fputs("data\n", a.fp);
    cr_assert_eq(nl_atomic_commit(&a, &err), NL_ERR_IO);
    cr_assert_str_eq(err.file, at("outdir"));
    char want[300];
    snprintf(want, sizeof want, "cannot write: %s", strerror(EISDIR));
    cr_assert_str_eq(err.text, want);
    cr_assert_null(a.fp);
    cr_assert_null(a.tmp);
    cr_assert_null(a.target);
    cr_assert_str_eq(listing(), "outdir");
}

/*
 * The output gets the mode a plain fopen(target, "w") would give (0666 &
 * ~umask), not mkstemp's 0600.
 */
Test(atomic, committed_file_respects_umask)
{
    mode_t mask = umask(022);
    nl_atomic a;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_atomic_open(&a, at("out.json"), &err), NL_OK);
    fputs("x\n", a.fp);
    cr_assert_eq(nl_atomic_commit(&a, &err), NL_OK);
    umask(mask);
    struct stat st;
    cr_assert_eq(stat(at("out.json"), &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0644, "mode %o, want 644",
                 (unsigned)(st.st_mode & 0777));
}
