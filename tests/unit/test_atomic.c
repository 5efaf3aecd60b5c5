/*
 * test_atomic.c — unit tests for atomic.c in a fresh mkdtemp directory:
 * commit creates or replaces the target and leaves no temporary file;
 * before the commit the target is untouched; abort keeps an existing target
 * and removes the temporary; a target in a missing directory and a failing
 * rename are NL_ERR_IO with the target named.  Signals (in a forked child):
 * SIGINT, SIGTERM and SIGHUP remove every open temporary and still kill the
 * process, leaving an old target intact; ignored signals and the program's
 * own handlers are kept; registry slots are reused.
 */
#include "atomic.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/* ---- signals: the registry of temporaries (see atomic.h) ---- */

/* Run fn in a child with default signal dispositions; returns its wait
 * status. */
static int in_child(void (*fn)(void))
{
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        fn();
        _exit(0);
    }
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    return status;
}

static void open_write_and_raise(int sig)
{
    nl_atomic a, b;
    if (nl_atomic_open(&a, at("out.json"), NULL) != NL_OK ||
        nl_atomic_open(&b, at("other.json"), NULL) != NL_OK)
        _exit(3);
    fputs("half-written", a.fp);
    fflush(a.fp);
    raise(sig);
    _exit(4); /* not reached: the handler re-raises with the default action */
}

static void raise_sigint(void) { open_write_and_raise(SIGINT); }
static void raise_sigterm(void) { open_write_and_raise(SIGTERM); }
static void raise_sighup(void) { open_write_and_raise(SIGHUP); }

Test(atomic, signal_removes_temporaries_and_keeps_target)
{
    static void (*const fns[])(void) = {raise_sigint, raise_sigterm, raise_sighup};
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (int i = 0; i < 3; i++) {
        write_file(at("out.json"), "old contents\n");
        int status = in_child(fns[i]);
        /* the process still dies of the signal ... */
        cr_assert(WIFSIGNALED(status), "child exited %d", WEXITSTATUS(status));
        cr_assert_eq(WTERMSIG(status), sigs[i]);
        /* ... the old target is intact and no temporary is left */
        expect_contents(at("out.json"), "old contents\n");
        cr_assert_str_eq(listing(), "out.json");
    }
}

static void foreign_handler(int sig)
{
    (void)sig;
}

/* A signal the program ignores (nohup) or handles itself is left alone. */
static void check_dispositions(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGTERM, foreign_handler);
    nl_atomic a;
    if (nl_atomic_open(&a, at("out.json"), NULL) != NL_OK)
        _exit(3);
    struct sigaction hup, term, intr;
    sigaction(SIGHUP, NULL, &hup);
    sigaction(SIGTERM, NULL, &term);
    sigaction(SIGINT, NULL, &intr);
    nl_atomic_abort(&a);
    if (hup.sa_handler != SIG_IGN)
        _exit(5);
    if (term.sa_handler != foreign_handler)
        _exit(6);
    if (intr.sa_handler == SIG_DFL || intr.sa_handler == SIG_IGN)
        _exit(7); /* SIGINT had the default action: the handler is installed */
}

Test(atomic, ignored_and_foreign_handlers_are_kept)
{
    int status = in_child(check_dispositions);
    cr_assert(WIFEXITED(status));
    cr_assert_eq(WEXITSTATUS(status), 0, "child exited %d", WEXITSTATUS(status));
    cr_assert_str_eq(listing(), "");
}

/* Slots are given back by commit and abort: after many of each, a
 * temporary opened last is still removed by a signal. */
static void reuse_slots(void)
{
    char name[32];
    for (int i = 0; i < 3 * NL_ATOMIC_MAX; i++) {
        nl_atomic a;
        snprintf(name, sizeof name, "f%d", i % 4);
        if (nl_atomic_open(&a, at(name), NULL) != NL_OK)
            _exit(3);
        if (i % 2)
            nl_atomic_abort(&a);
        else if (nl_atomic_commit(&a, NULL) != NL_OK)
            _exit(4);
    }
    nl_atomic last[NL_ATOMIC_MAX];
    for (int i = 0; i < NL_ATOMIC_MAX; i++)
        if (nl_atomic_open(&last[i], at("last"), NULL) != NL_OK)
            _exit(5);
    raise(SIGTERM);
    _exit(6);
}

Test(atomic, slots_are_reused)
{
    int status = in_child(reuse_slots);
    cr_assert(WIFSIGNALED(status), "child exited %d", WEXITSTATUS(status));
    cr_assert_eq(WTERMSIG(status), SIGTERM);
    /* the committed files stay; every temporary is gone */
    cr_assert_str_eq(listing(), "f0 f2");
}
