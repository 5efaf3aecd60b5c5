/*
 * repo.h — the repository around the documents: where its root is, how a
 * document path reads relative to it, and which documents changed since a
 * git revision.
 *
 * CI systems want paths relative to the repository root (GitHub code
 * scanning, GitLab code quality, reviewdog), and baselines must not depend
 * on where noticelint was started.  The root is the top level of the git
 * work tree holding the working directory (`git rev-parse
 * --show-toplevel`), or the working directory when there is none or git is
 * not installed.  It is looked up on first use, so runs that print paths
 * as given never start git.
 *
 * git runs through posix_spawnp with an argument vector (no shell); a
 * revision that starts with '-' is refused so that it cannot be read as an
 * option.  An nl_repo belongs to one thread.
 */
#ifndef NL_REPO_H
#define NL_REPO_H

#include "noticelint.h"
#include "paths.h"

typedef struct nl_repo {
    int opened;     /* the root has been looked up */
    int git;        /* the root is a git work tree's top level */
    char *root;     /* absolute, no trailing '/' (except "/") */
    char *cwd;      /* the working directory, absolute */
    char *prefix;   /* cwd relative to root: "" or "dir/sub/" */
} nl_repo;

/* The root (borrowed), looked up on first use; NULL when even the working
 * directory cannot be determined or memory runs out. */
const char *nl_repo_root(nl_repo *r);

/* `path` (as given on the command line: relative to the working directory,
 * or absolute) relative to the root, '/'-separated, with "." and ".."
 * resolved lexically; "-" stays "-".  A path outside the root is returned
 * absolute.  malloc'd; NULL on allocation failure. */
char *nl_repo_relpath(nl_repo *r, const char *path);

/* The documents changed between revision `rev` and the working tree, as
 * `git diff --name-status -M rev` lists them: added, modified, renamed
 * (the new name), copied or retyped files that still exist.  Kept when the
 * file name matches `glob`, no directory component below the root (or
 * below the operand) starts with '.', and, when nwithin > 0, the file is
 * one of within[] or lies below one of them.  Appended to `out` as paths
 * relative to the working directory, in git's (sorted) order.
 * Errors: not in a git work tree, a bad revision, git failing
 * (NL_ERR_USAGE / NL_ERR_IO, with git's own message on stderr). */
nl_status nl_repo_changed(nl_repo *r, const char *rev, const char *glob,
                          char *const *within, size_t nwithin, nl_paths *out,
                          nl_error *err);

void nl_repo_free(nl_repo *r);

#endif
