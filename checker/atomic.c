/*
 * atomic.c — temporary file + rename, and the removal of temporaries when
 * a signal ends the process.  See atomic.h.
 *
 * The registry is a fixed array of slots, each a state (free, being
 * filled, active) and a path buffer, so that the signal handler needs no
 * allocation and no lock: it unlinks the path of every active slot.  The
 * states are C11 atomics (lock-free ints), which a handler may read.  A
 * slot's path is written only while its state is "being filled", by the
 * thread that claimed it.  nl_atomic_open() blocks the handled signals in
 * the calling thread between mkstemp() and registering, so a signal cannot
 * fall in the gap and leave an unlisted temporary behind; abort unlinks
 * before it unregisters and commit renames before it unregisters, so a
 * signal at any point either finds the temporary listed or finds it gone.
 */
#include "atomic.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"

enum { SLOT_FREE, SLOT_FILLING, SLOT_ACTIVE };

/* Only lock-free atomics may be touched by a signal handler. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "atomic_int must be lock-free");

static atomic_int slot_state[NL_ATOMIC_MAX];
static char slot_path[NL_ATOMIC_MAX][NL_ATOMIC_PATH];
static atomic_flag handlers_installed = ATOMIC_FLAG_INIT;
static const int handled[] = {SIGINT, SIGTERM, SIGHUP};
#define NHANDLED (sizeof handled / sizeof handled[0])

/* Async-signal-safe: lock-free atomic loads, unlink(), signal(), raise(). */
static void on_signal(int sig)
{
    int saved = errno;
    for (int i = 0; i < NL_ATOMIC_MAX; i++)
        if (atomic_load(&slot_state[i]) == SLOT_ACTIVE)
            unlink(slot_path[i]);
    signal(sig, SIG_DFL);
    errno = saved;
    raise(sig); /* blocked while we run: delivered, fatally, when we return */
}

/* Install on_signal for each handled signal whose action is the default. */
static void install_handlers(void)
{
    if (atomic_flag_test_and_set(&handlers_installed))
        return;
    for (size_t i = 0; i < NHANDLED; i++) {
        struct sigaction old, sa;
        if (sigaction(handled[i], NULL, &old) != 0 ||
            (old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL)
            continue; /* ignored, or the program's own handler */
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        for (size_t k = 0; k < NHANDLED; k++)
            sigaddset(&sa.sa_mask, handled[k]);
        sigaction(handled[i], &sa, NULL);
    }
}

static void block_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < NHANDLED; i++)
        sigaddset(&set, handled[i]);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

/* List path; returns the slot + 1, or 0 when it cannot be listed. */
static int register_tmp(const char *path)
{
    if (strlen(path) >= NL_ATOMIC_PATH)
        return 0;
    for (int i = 0; i < NL_ATOMIC_MAX; i++) {
        int expect = SLOT_FREE;
        if (atomic_compare_exchange_strong(&slot_state[i], &expect, SLOT_FILLING)) {
            strcpy(slot_path[i], path);
            atomic_store(&slot_state[i], SLOT_ACTIVE);
            return i + 1;
        }
    }
    return 0;
}

static void unregister_tmp(nl_atomic *a)
{
    if (a->slot > 0 && a->slot <= NL_ATOMIC_MAX)
        atomic_store(&slot_state[a->slot - 1], SLOT_FREE);
    a->slot = 0;
}

nl_status nl_atomic_open(nl_atomic *a, const char *target, nl_error *err)
{
    memset(a, 0, sizeof *a);
    install_handlers();
    size_t len = strlen(target) + 32;
    a->target = strdup(target);
    a->tmp = malloc(len);
    if (!a->target || !a->tmp) {
        nl_atomic_abort(a);
        return nl_error_set(err, NL_ERR_NOMEM, target, 0, 0, "out of memory");
    }
    snprintf(a->tmp, len, "%s.tmp-XXXXXX", target);
    sigset_t old;
    block_signals(&old);
    int fd = mkstemp(a->tmp);
    int e = errno;
    if (fd >= 0)
        a->slot = register_tmp(a->tmp);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
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
        e = errno;
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
        unregister_tmp(a); /* after the rename: a signal before it unlinks tmp */
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
    unregister_tmp(a); /* after the unlink: a signal before it unlinks again */
    free(a->tmp);
    free(a->target);
    memset(a, 0, sizeof *a);
}
