/*
 * repo.c — repository root, relative paths, changed files.  See repo.h.
 *
 * Paths are joined and normalised lexically (no symlinks resolved) so that
 * a document keeps the name it was given, only re-rooted: from a
 * subdirectory `sub`, "a.txt" becomes "sub/a.txt" and "../b.txt" becomes
 * "b.txt".  Only an absolute path that does not lie below the root
 * textually is resolved with realpath(3) before giving up.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "repo.h"

#include "paths.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"

extern char **environ;

/* ---- running git ---- */

/* Run argv with standard input from /dev/null, capture standard output
 * into *out (NUL-terminated, *len bytes); standard error is discarded when
 * `quiet`.  Returns the exit status, or -1 when git could not be run. */
static int run(char *const argv[], int quiet, char **out, size_t *len)
{
    int fd[2];
    *out = NULL;
    *len = 0;
    if (pipe(fd) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
    posix_spawn_file_actions_addclose(&fa, fd[0]);
    posix_spawn_file_actions_addclose(&fa, fd[1]);
    if (quiet)
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fd[1]);
    if (rc != 0) {
        close(fd[0]);
        return -1;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    ssize_t k;
    int oom = !buf;
    for (;;) {
        if (!oom && cap - n < 2) {
            char *nb = realloc(buf, cap * 2);
            if (nb) {
                buf = nb;
                cap *= 2;
            } else {
                oom = 1;
            }
        }
        char sink[4096];
        k = oom ? read(fd[0], sink, sizeof sink) : read(fd[0], buf + n, cap - n - 1);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        if (!oom)
            n += (size_t)k;
    }
    close(fd[0]);
    int status = -1;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (oom) {
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* ---- paths ---- */

/* Normalise '/'-separated `path` lexically: empty and "." components
 * dropped, ".." removing the previous component (kept at the start of a
 * relative path, dropped at the root of an absolute one).  malloc'd. */
static char *normalize(const char *path)
{
    size_t n = strlen(path);
    char *out = malloc(n + 2);
    if (!out)
        return NULL;
    int abs = path[0] == '/';
    size_t k = 0, floor = 0; /* out[0..floor) is "../" prefixes */
    if (abs)
        out[k++] = '/';
    const char *p = path;
    while (*p) {
        while (*p == '/')
            p++;
        const char *e = p;
        while (*e && *e != '/')
            e++;
        size_t len = (size_t)(e - p);
        if (len == 0 || (len == 1 && p[0] == '.')) {
            /* nothing */
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            size_t base = abs ? 1 : floor;
            if (k > base) {
                k--; /* the '/' that ends the previous component */
                while (k > base && out[k - 1] != '/')
                    k--;
            } else if (!abs) {
                memcpy(out + k, "../", 3);
                k += 3;
                floor = k;
            }
        } else {
            memcpy(out + k, p, len);
            k += len;
            out[k++] = '/';
        }
        p = e;
    }
    if (k > (size_t)abs && out[k - 1] == '/')
        k--;
    out[k] = '\0';
    if (k == 0)
        strcpy(out, ".");
    return out;
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s%s", a, a[0] && a[strlen(a) - 1] != '/' ? "/" : "", b);
    return s;
}

/* `abs` (normalised) below `root`: the rest after "root/", else NULL. */
static const char *below(const char *abs, const char *root)
{
    size_t n = strlen(root);
    if (strcmp(root, "/") == 0)
        return abs + 1;
    if (strncmp(abs, root, n) != 0)
        return NULL;
    if (abs[n] == '\0')
        return abs + n;
    return abs[n] == '/' ? abs + n + 1 : NULL;
}

const char *nl_repo_root(nl_repo *r)
{
    if (r->opened)
        return r->root;
    r->opened = 1;
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof buf) || !(r->cwd = strdup(buf)))
        return NULL;
    char *argv[] = {"git", "rev-parse", "--show-toplevel", NULL};
    char *out;
    size_t len;
    if (run(argv, 1, &out, &len) == 0) {
        while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
            out[--len] = '\0';
        char real[PATH_MAX];
        if (len > 0 && out[0] == '/') {
            r->root = normalize(realpath(out, real) ? real : out);
            r->git = 1;
        }
    }
    free(out);
    if (!r->root)
        r->root = normalize(r->cwd);
    if (!r->root)
        return NULL;
    const char *rest = below(r->cwd, r->root);
    if (!rest) { /* the top level is not above us textually: resolve */
        char real[PATH_MAX];
        if (realpath(r->cwd, real))
            rest = below(real, r->root);
    }
    r->prefix = rest && *rest ? join(rest, "") : strdup(""); /* "dir/sub/" */
    if (!r->prefix) {
        free(r->root);
        r->root = NULL;
    }
    return r->root;
}

char *nl_repo_relpath(nl_repo *r, const char *path)
{
    if (strcmp(path, "-") == 0)
        return strdup(path);
    if (!nl_repo_root(r))
        return strdup(path);
    char *joined = path[0] == '/' ? strdup(path) : join(r->cwd, path);
    char *abs = joined ? normalize(joined) : NULL;
    free(joined);
    if (!abs)
        return NULL;
    const char *rest = below(abs, r->root);
    char real[PATH_MAX];
    if (!rest && realpath(abs, real))
        rest = below(real, r->root);
    char *res = rest ? strdup(*rest ? rest : ".") : strdup(abs);
    free(abs);
    return res;
}

/* Root-relative `rel` as seen from the working directory: the directories
 * it shares with the prefix dropped, one "../" for each prefix directory
 * left. */
static char *localpath(const nl_repo *r, const char *rel)
{
    const char *pre = r->prefix;
    size_t common = 0; /* bytes of whole shared directories, '/' included */
    for (size_t i = 0; pre[i] && pre[i] == rel[i]; i++)
        if (pre[i] == '/')
            common = i + 1;
    size_t up = 0;
    for (size_t i = common; pre[i]; i++)
        up += pre[i] == '/';
    const char *rest = rel + common;
    char *s = malloc(3 * up + strlen(rest) + 1);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (size_t i = 0; i < up; i++)
        strcat(s, "../");
    strcat(s, rest);
    return s;
}

/* Does root-relative `rel` lie in root-relative operand `op` ("." = all)?
 * Returns the part of rel below op, or NULL. */
static const char *within_op(const char *rel, const char *op)
{
    if (strcmp(op, ".") == 0)
        return rel;
    size_t n = strlen(op);
    if (strncmp(rel, op, n) != 0)
        return NULL;
    if (rel[n] == '\0')
        return rel + n;
    return rel[n] == '/' ? rel + n + 1 : NULL;
}

static int hidden_dir(const char *rest)
{
    for (const char *p = rest; *p;) {
        const char *slash = strchr(p, '/');
        if (!slash)
            return 0; /* the file name itself: the glob decides */
        if (*p == '.')
            return 1;
        p = slash + 1;
    }
    return 0;
}

/* Keep root-relative `rel`?  1 yes, 0 no. */
static int keep(const char *rel, const char *glob, char **ops, size_t nops)
{
    const char *base = strrchr(rel, '/');
    if (!nl_glob_match(glob, base ? base + 1 : rel))
        return 0;
    if (nops == 0)
        return !hidden_dir(rel);
    for (size_t i = 0; i < nops; i++) {
        const char *rest = within_op(rel, ops[i]);
        if (rest && !hidden_dir(rest))
            return 1;
    }
    return 0;
}

static int push(nl_paths *p, char *path)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        char **nv = realloc(p->v, cap * sizeof *nv);
        if (!nv) {
            free(path);
            return -1;
        }
        p->v = nv;
        p->cap = cap;
    }
    p->v[p->n++] = path;
    return 0;
}

nl_status nl_repo_changed(nl_repo *r, const char *rev, const char *glob,
                          char *const *within, size_t nwithin, nl_paths *out,
                          nl_error *err)
{
    if (rev[0] == '-' || rev[0] == '\0')
        return nl_error_set(err, NL_ERR_USAGE, "", 0, 0,
                            "--changed-since: '%s' is not a revision", rev);
    if (!nl_repo_root(r))
        return nl_error_set(err, NL_ERR_NOMEM, "", 0, 0, "out of memory");
    if (!r->git)
        return nl_error_set(err, NL_ERR_USAGE, "", 0, 0,
                            "--changed-since: not in a git work tree");
    nl_status st = NL_OK;
    char **ops = calloc(nwithin + 1, sizeof *ops);
    if (!ops)
        return nl_error_set(err, NL_ERR_NOMEM, "", 0, 0, "out of memory");
    for (size_t i = 0; i < nwithin && st == NL_OK; i++) {
        struct stat sb;
        if (stat(within[i], &sb) != 0)
            st = nl_error_set(err, NL_ERR_IO, within[i], 0, 0,
                              "no such file or directory");
        else if (!(ops[i] = nl_repo_relpath(r, within[i])))
            st = nl_error_set(err, NL_ERR_NOMEM, "", 0, 0, "out of memory");
    }
    char *outbuf = NULL;
    size_t len = 0;
    if (st == NL_OK) {
        char *argv[] = {"git", "-C", r->root, "diff", "--name-status", "-z", "-M",
                        "--no-ext-diff", "--no-textconv", (char *)rev, "--", NULL};
        int rc = run(argv, 0, &outbuf, &len);
        if (rc != 0)
            st = nl_error_set(err, rc < 0 ? NL_ERR_IO : NL_ERR_USAGE, "", 0, 0,
                              rc < 0 ? "--changed-since: cannot run git"
                                     : "--changed-since %s: git diff failed", rev);
    }
    /* Records: STATUS NUL PATH NUL, or for R and C: STATUS NUL OLD NUL NEW NUL. */
    for (size_t i = 0; st == NL_OK && i < len;) {
        const char *status = outbuf + i;
        i += strlen(status) + 1;
        if (i >= len)
            break;
        const char *path = outbuf + i;
        i += strlen(path) + 1;
        if (status[0] == 'R' || status[0] == 'C') {
            if (i >= len)
                break;
            path = outbuf + i;
            i += strlen(path) + 1;
        }
        if (!strchr("AMRCT", status[0]) || !keep(path, glob, ops, nwithin))
            continue;
        char *abs = join(r->root, path);
        struct stat sb;
        int exists = abs && stat(abs, &sb) == 0 && S_ISREG(sb.st_mode);
        free(abs);
        if (!exists)
            continue;
        char *local = localpath(r, path);
        if (!local || push(out, local) != 0)
            st = nl_error_set(err, NL_ERR_NOMEM, "", 0, 0, "out of memory");
    }
    free(outbuf);
    for (size_t i = 0; i < nwithin; i++)
        free(ops[i]);
    free(ops);
    return st;
}

void nl_repo_free(nl_repo *r)
{
    if (!r)
        return;
    free(r->root);
    free(r->cwd);
    free(r->prefix);
    memset(r, 0, sizeof *r);
}
