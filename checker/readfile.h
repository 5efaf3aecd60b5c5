/*
 * readfile.h — read a whole file (or standard input, "-") into memory,
 * with a size limit so that a hostile input cannot exhaust memory.  Every
 * loader (documents, parser configuration, rule files, project file) reads
 * through here.  Files are opened read-only and never written.  A regular
 * file over the limit is refused before it is read; a pipe or device is
 * read up to the limit.  Opening never blocks: a FIFO with no writer reads
 * as empty instead of hanging.
 */
#ifndef NL_READFILE_H
#define NL_READFILE_H

#include <stddef.h>

#include "noticelint.h"

/* On success *out is malloc'd, NUL-terminated, *len bytes long (without
 * the NUL).  Errors: NL_ERR_IO (path and strerror text), NL_ERR_INPUT
 * (larger than `max` bytes: "<what> is larger than N MiB"), NL_ERR_NOMEM. */
nl_status nl_read_file(const char *path, size_t max, const char *what,
                       char **out, size_t *len, nl_error *err);

#endif
