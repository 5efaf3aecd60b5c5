/*
 * readfile.c — see readfile.h.
 */
#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"

static nl_status too_large(const char *path, const char *what, size_t max,
                           nl_error *err)
{
    /* The limits are N MiB, or N MiB - 1 byte ("2047 MiB"). */
    if (max >= ((size_t)1 << 20))
        return nl_error_set(err, NL_ERR_INPUT, path, 0, 0, "%s is larger than %zu MiB",
                            what, (max + 1) >> 20);
    if (max >= 1024)
        return nl_error_set(err, NL_ERR_INPUT, path, 0, 0, "%s is larger than %zu KiB",
                            what, (max + 1) >> 10);
    return nl_error_set(err, NL_ERR_INPUT, path, 0, 0, "%s is larger than %zu bytes",
                        what, max);
}

nl_status nl_read_file(const char *path, size_t max, const char *what,
                       char **out, size_t *len, nl_error *err)
{
    *out = NULL;
    *len = 0;
    FILE *f = stdin;
    size_t cap = 1 << 16, n = 0;
    if (strcmp(path, "-") != 0) {
        /* Opened read-only, without blocking: a FIFO that nobody writes to
         * would otherwise hang open() for ever (with O_NONBLOCK it opens at
         * once and, with no writer, reads as empty).  fstat() the opened
         * file, not the path, so what is checked is what is read. */
        struct stat st;
        int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
        if (fd < 0)
            return nl_error_set(err, NL_ERR_IO, path, 0, 0, "%s", strerror(errno));
        int e = fstat(fd, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : 0;
        if (!e) {
            int fl = fcntl(fd, F_GETFL);
            if (fl == -1 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1)
                e = errno;
        }
        if (!e && !(f = fdopen(fd, "rb")))
            e = errno;
        if (e) {
            close(fd);
            return nl_error_set(err, NL_ERR_IO, path, 0, 0, "%s", strerror(e));
        }
        if (S_ISREG(st.st_mode)) {
            /* A regular file's size is known: refuse one over the limit
             * before reading it, and read the rest in one allocation. */
            if ((unsigned long long)st.st_size > max) {
                fclose(f);
                return too_large(path, what, max, err);
            }
            if ((size_t)st.st_size + 1 > cap)
                cap = (size_t)st.st_size + 1;
        }
    }
    char *buf = malloc(cap + 1);
    nl_status st = buf ? NL_OK : nl_error_set(err, NL_ERR_NOMEM, path, 0, 0, "out of memory");
    while (st == NL_OK) {
        if (n == cap) {
            if (cap > max) {
                st = too_large(path, what, max, err);
                break;
            }
            size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            char *nb = realloc(buf, ncap + 1);
            if (!nb) {
                st = nl_error_set(err, NL_ERR_NOMEM, path, 0, 0, "out of memory");
                break;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                st = nl_error_set(err, NL_ERR_IO, path, 0, 0, "%s",
                                  strerror(errno ? errno : EIO));
            break;
        }
    }
    if (st == NL_OK && n > max)
        st = too_large(path, what, max, err);
    if (f != stdin)
        fclose(f);
    if (st != NL_OK) {
        free(buf);
        return st;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return NL_OK;
}
