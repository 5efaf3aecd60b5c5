/*
 * progress.h — a one-line progress bar for long runs, on a terminal only.
 *
 *   [##########..........]  120/480  25%  38.5 files/s  ETA 0:09
 *
 * The bar is drawn on `out` (stderr) with a carriage return and redrawn at
 * most ten times a second, and erased at the end, so nothing of it remains
 * in the terminal or in a log.  nl_progress_init() decides whether to draw
 * at all: only when `out` is a terminal and there are more than
 * NL_PROGRESS_MIN_FILES files; otherwise every call does nothing.  The
 * clock is CLOCK_MONOTONIC.  A progress bar owns nothing.
 */
#ifndef NL_PROGRESS_H
#define NL_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

#define NL_PROGRESS_MIN_FILES 5

typedef struct nl_progress {
    FILE *out;
    int enabled;
    size_t total, done;
    double start, last;      /* seconds */
} nl_progress;

/* enabled: -1 auto (terminal and total > NL_PROGRESS_MIN_FILES), 0 never, 1 always. */
void nl_progress_init(nl_progress *p, FILE *out, size_t total, int enabled);
void nl_progress_tick(nl_progress *p);   /* one more file done */
void nl_progress_clear(nl_progress *p);  /* erase the line before a message; the next tick redraws */
void nl_progress_end(nl_progress *p);    /* erase the line and stop */

/* The line for `done` of `total` after `elapsed` seconds, without the
 * carriage return; width is the number of bar cells.  For tests. */
void nl_progress_format(char *buf, size_t size, size_t done, size_t total,
                        double elapsed, int width);

#endif
