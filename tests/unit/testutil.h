/*
 * testutil.h — helpers shared by the Criterion unit tests: read a file from
 * the source tree, locate ../shared/seeds (tests over the real notices skip
 * when it is absent).
 */
#ifndef NL_TESTUTIL_H
#define NL_TESTUTIL_H

#include <stddef.h>

/* Read a whole file; returns malloc'd bytes (NUL-terminated) or NULL. */
char *tu_read_file(const char *path, size_t *len);

/* Path of a file under the source tree, in a static buffer. */
const char *tu_src(const char *rel);

/* Directory holding the real notices, or NULL when ../shared/seeds is absent. */
const char *tu_seeds_dir(void);

/* Path of the seed whose file name starts with `prefix` (e.g. "000_"), in
 * a static buffer, or NULL when the seeds or that seed are absent. */
const char *tu_seed_path(const char *prefix);

#endif
