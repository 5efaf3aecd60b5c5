/*
 * error.h — status codes and the caller-owned error record.
 *
 * Every fallible function returns an nl_status and takes `nl_error *err` as
 * its last argument (NULL allowed).  The first error wins: nl_error_set()
 * does nothing when err already holds an error, so a low-level failure is
 * not overwritten by the generic message of its caller.  Positions follow
 * the user's view: 1-based line, 1-based column in code points, byte offset
 * in the original file; 0 means "unknown".
 */
#ifndef NL_ERROR_H
#define NL_ERROR_H

#include "noticelint.h"

/* Record an error (printf-style text) unless err is NULL or already set.
 * Returns code so callers can write `return nl_error_set(err, ...)`. */
nl_status nl_error_set(nl_error *err, nl_status code, const char *file,
                       int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Format "file:line:col: error: text" (parts omitted when unknown). */
void nl_error_format(const nl_error *err, char *buf, size_t size);

#endif
