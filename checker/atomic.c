/*
 * atomic.c — temporary file + rename.  See atomic.h.
 */
#include "atomic.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"

nl_status nl_atomic_open(nl_atomic *a, const char *target, nl_error *err)
{
    memset(a, 0, sizeof *a);
    size_t len = strlen(target) + 32;
    a->target = strdup(target);
    a->tmp = malloc(len);
    if (!a->target || !a->tmp) {
        nl_atomic_abort(a);
        return nl_error_set(err, NL_ERR_NOMEM, target, 0, 0, "out of memory");
    }
    snprintf(a->tmp, len, "%s.tmp-XXXXXX", target);
    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        int e = errno;
        free(a->tmp);
        a->tmp = NULL;
        nl_atomic_abort(a);
        return nl_error_set(err, NL_ERR_IO, target, 0, 0, "cannot create: %s",
                            strerror(e));
    }
    /* mkstemp creates 0600; give the file the mode the target has, or the
     * one a plain fopen would give. */
    struct stat st;
    mode_t mode;
    if (stat(target, &st) == 0) {
        mode = st.st_mode & 07777;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    (void)fchmod(fd, mode);
    a->fp = fdopen(fd, "w");
    if (!a->fp) {
        int e = errno;
        close(fd);
        nl_atomic_abort(a);
        return nl_error_set(err, NL_ERR_IO, target, 0, 0, "%s", strerror(e));
    }
    return NL_OK;
}

nl_status nl_atomic_commit(nl_atomic *a, nl_error *err)
{
    int bad = fflush(a->fp) != 0 || ferror(a->fp) || fsync(fileno(a->fp)) != 0;
    int e = errno;
    bad |= fclose(a->fp) != 0;
    a->fp = NULL;
    if (!bad && rename(a->tmp, a->target) == 0) {
        free(a->tmp);
        free(a->target);
        a->tmp = a->target = NULL;
        return NL_OK;
    }
    if (!bad)
        e = errno;
    nl_status st = nl_error_set(err, NL_ERR_IO, a->target, 0, 0,
                                "cannot write: %s", strerror(e ? e : EIO));
    nl_atomic_abort(a);
    return st;
}

void nl_atomic_abort(nl_atomic *a)
{
    if (a->fp)
        fclose(a->fp);
    if (a->tmp)
        unlink(a->tmp);
    free(a->tmp);
    free(a->target);
    memset(a, 0, sizeof *a);
}
