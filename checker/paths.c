/*
 * paths.c — expand operands into document paths.  See paths.h.
 */
#include "paths.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct visited {
    dev_t *dev;
    ino_t *ino;
    size_t n, cap;
} visited;

static int push(nl_paths *p, const char *path)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        char **nv = realloc(p->v, cap * sizeof *nv);
        if (!nv)
            return -1;
        p->v = nv;
        p->cap = cap;
    }
    if (!(p->v[p->n] = strdup(path)))
        return -1;
    p->n++;
    return 0;
}

/* 1 if (dev, ino) was seen; else records it and returns 0; -1 on ENOMEM. */
static int seen(visited *vs, dev_t dev, ino_t ino)
{
    for (size_t i = 0; i < vs->n; i++)
        if (vs->dev[i] == dev && vs->ino[i] == ino)
            return 1;
    if (vs->n == vs->cap) {
        size_t cap = vs->cap ? vs->cap * 2 : 16;
        dev_t *nd = realloc(vs->dev, cap * sizeof *nd);
        if (!nd)
            return -1;
        vs->dev = nd;
        ino_t *ni = realloc(vs->ino, cap * sizeof *ni);
        if (!ni)
            return -1;
        vs->ino = ni;
        vs->cap = cap;
    }
    vs->dev[vs->n] = dev;
    vs->ino[vs->n++] = ino;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(nl_paths *p, const char *dir, const char *glob, visited *vs,
                nl_path_error_fn on_error, void *ctx)
{
    DIR *d = opendir(dir);
    if (!d) {
        on_error(dir, strerror(errno), ctx);
        return 1;
    }
    nl_paths names = {0};
    struct dirent *e;
    int errors = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (push(&names, e->d_name) != 0) {
            closedir(d);
            nl_paths_free(&names);
            return -1;
        }
    }
    closedir(d);
    qsort(names.v, names.n, sizeof *names.v, cmp_str);
    size_t dlen = strlen(dir);
    int slash = dlen > 0 && dir[dlen - 1] == '/';
    for (size_t i = 0; i < names.n && errors >= 0; i++) {
        size_t len = dlen + strlen(names.v[i]) + 2;
        char *path = malloc(len);
        if (!path) {
            errors = -1;
            break;
        }
        snprintf(path, len, "%s%s%s", dir, slash ? "" : "/", names.v[i]);
        struct stat st;
        if (stat(path, &st) != 0) {
            on_error(path, strerror(errno), ctx);
            errors++;
        } else if (S_ISDIR(st.st_mode)) {
            int s = seen(vs, st.st_dev, st.st_ino);
            if (s < 0) {
                errors = -1;
            } else if (!s) {
                int r = walk(p, path, glob, vs, on_error, ctx);
                errors = r < 0 ? -1 : errors + r;
            }
        } else if (S_ISREG(st.st_mode) && nl_glob_match(glob, names.v[i])) {
            if (push(p, path) != 0)
                errors = -1;
        }
        free(path);
    }
    nl_paths_free(&names);
    return errors;
}

int nl_glob_match(const char *globs, const char *name)
{
    char pat[256];
    for (const char *p = globs;;) {
        size_t n = strcspn(p, ",");
        if (n > 0 && n < sizeof pat) {
            memcpy(pat, p, n);
            pat[n] = '\0';
            if (fnmatch(pat, name, 0) == 0)
                return 1;
        }
        if (!p[n])
            return 0;
        p += n + 1;
    }
}

int nl_paths_add(nl_paths *paths, const char *operand, const char *glob,
                 nl_path_error_fn on_error, void *ctx)
{
    if (strcmp(operand, "-") == 0)
        return push(paths, operand);
    struct stat st;
    if (stat(operand, &st) != 0) {
        on_error(operand, strerror(errno), ctx);
        return 1;
    }
    if (!S_ISDIR(st.st_mode))
        return push(paths, operand); /* named explicitly: taken whatever its name */
    visited vs = {0};
    int r = seen(&vs, st.st_dev, st.st_ino);
    if (r == 0)
        r = walk(paths, operand, glob ? glob : NL_DEFAULT_GLOB, &vs, on_error, ctx);
    free(vs.dev);
    free(vs.ino);
    return r;
}

int nl_paths_read_list(nl_paths *paths, const char *list, const char *glob,
                       nl_path_error_fn on_error, void *ctx)
{
    FILE *f = strcmp(list, "-") == 0 ? stdin : fopen(list, "r");
    if (!f) {
        on_error(list, strerror(errno), ctx);
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int errors = 0;
    while (errors >= 0 && (len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        int r = nl_paths_add(paths, line, glob, on_error, ctx);
        errors = r < 0 ? -1 : errors + r;
    }
    free(line);
    if (f != stdin)
        fclose(f);
    return errors;
}

void nl_paths_free(nl_paths *paths)
{
    for (size_t i = 0; i < paths->n; i++)
        free(paths->v[i]);
    free(paths->v);
    paths->v = NULL;
    paths->n = paths->cap = 0;
}
