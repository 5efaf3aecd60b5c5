/*
 * atomic.h — write an output file so that it is either complete or absent.
 *
 * nl_atomic_open() creates a temporary file beside the target (same
 * directory, so rename() is atomic); nl_atomic_commit() flushes, fsyncs and
 * renames it over the target; nl_atomic_abort() removes it.  A reader never
 * sees a half-written file and a failed run never replaces an old one.
 *
 * Interrupted runs: every open temporary is listed in a small registry, and
 * the first nl_atomic_open() installs a handler for SIGINT, SIGTERM and
 * SIGHUP that unlinks the listed temporaries (unlink() only: it is
 * async-signal-safe), restores the default action and re-raises, so the
 * process still dies of the signal and the old target stays as it was.  A
 * signal that is ignored, or already has a handler of the program's own, is
 * left alone (that program calls nl_atomic_abort() itself).  The registry
 * holds NL_ATOMIC_MAX temporaries at once; a further one still works but is
 * not removed on a signal.  (NL_ATOMIC_PATH is PATH_MAX: mkstemp() cannot
 * create a longer path anyway.)
 */
#ifndef NL_ATOMIC_H
#define NL_ATOMIC_H

#include <stdio.h>

#include "noticelint.h"

#define NL_ATOMIC_MAX 16
#define NL_ATOMIC_PATH 4096

typedef struct nl_atomic {
    FILE *fp;
    char *target;
    char *tmp;
    int slot;            /* registry slot + 1 (0 = not registered) */
} nl_atomic;

nl_status nl_atomic_open(nl_atomic *a, const char *target, nl_error *err);
nl_status nl_atomic_commit(nl_atomic *a, nl_error *err);
void nl_atomic_abort(nl_atomic *a);

#endif
