/*
 * paths.h — turn command-line operands into the list of documents to check.
 *
 * An operand is a file, "-" (standard input), or a directory, which is
 * walked recursively in sorted order taking files whose name matches a glob
 * list (default NL_DEFAULT_GLOB: text, Word and web pages); entries starting with '.' are skipped and a directory
 * reached twice (a symlink loop) is walked once.  `--files-from` lists are
 * read with nl_paths_read_list().  Problems with one operand (missing,
 * unreadable directory) are reported through the callback and do not stop
 * the others.
 */
#ifndef NL_PATHS_H
#define NL_PATHS_H

#include <stddef.h>

#include "noticelint.h"

typedef struct nl_paths {
    char **v;
    size_t n, cap;
} nl_paths;

/* A glob list is one or more fnmatch(3) patterns separated by commas. */
#define NL_DEFAULT_GLOB "*.txt,*.docx,*.html,*.htm"

/* 1 if `name` matches any pattern of the comma-separated list `globs`. */
int nl_glob_match(const char *globs, const char *name);

typedef void (*nl_path_error_fn)(const char *path, const char *reason, void *ctx);

/* Append the documents named by `operand`.  Returns the number of errors
 * reported through `on_error`; -1 on allocation failure. */
int nl_paths_add(nl_paths *paths, const char *operand, const char *glob,
                 nl_path_error_fn on_error, void *ctx);

/* Read operands from a list file ("-" = stdin), one per line; blank lines
 * and a trailing CR are ignored.  Each line goes through nl_paths_add. */
int nl_paths_read_list(nl_paths *paths, const char *list, const char *glob,
                       nl_path_error_fn on_error, void *ctx);

void nl_paths_free(nl_paths *paths);

#endif
