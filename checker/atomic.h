/*
 * atomic.h — write an output file so that it is either complete or absent.
 *
 * nl_atomic_open() creates a temporary file beside the target (same
 * directory, so rename() is atomic); nl_atomic_commit() flushes, fsyncs and
 * renames it over the target; nl_atomic_abort() removes it.  A reader never
 * sees a half-written file and a failed run never replaces an old one.
 */
#ifndef NL_ATOMIC_H
#define NL_ATOMIC_H

#include <stdio.h>

#include "noticelint.h"

typedef struct nl_atomic {
    FILE *fp;
    char *target;
    char *tmp;
} nl_atomic;

nl_status nl_atomic_open(nl_atomic *a, const char *target, nl_error *err);
nl_status nl_atomic_commit(nl_atomic *a, nl_error *err);
void nl_atomic_abort(nl_atomic *a);

#endif
