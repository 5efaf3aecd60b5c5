/*
 * progress.c — the progress bar.  See progress.h.
 *
 * The rate is files per second since the start; the ETA is the remaining
 * files at that rate, printed as M:SS (or H:MM:SS), "--:--" until a rate is
 * known.  The line is padded to a fixed width so a shorter redraw leaves no
 * debris, and erased with spaces (no escape sequences), so it behaves on
 * any terminal.
 */
#include "progress.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

#define BAR_CELLS 24
#define LINE_COLS 78

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void nl_progress_init(nl_progress *p, FILE *out, size_t total, int enabled)
{
    memset(p, 0, sizeof *p);
    p->out = out;
    p->total = total;
    if (enabled < 0)
        enabled = total > NL_PROGRESS_MIN_FILES && out && isatty(fileno(out));
    p->enabled = enabled && out;
    p->start = p->last = p->enabled ? now() : 0;
}

static void eta_text(char *buf, size_t size, double seconds)
{
    long s = (long)(seconds + 0.5);
    if (s >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
}

void nl_progress_format(char *buf, size_t size, size_t done, size_t total,
                        double elapsed, int width)
{
    char bar[128], eta[32] = "--:--";
    if (width < 1)
        width = 1;
    if (width > (int)sizeof bar - 1)
        width = (int)sizeof bar - 1;
    int fill = total ? (int)((double)done / (double)total * width) : width;
    if (fill > width)
        fill = width;
    memset(bar, '#', (size_t)fill);
    memset(bar + fill, '.', (size_t)(width - fill));
    bar[width] = '\0';
    double rate = elapsed > 0 ? (double)done / elapsed : 0;
    if (rate > 0 && done <= total)
        eta_text(eta, sizeof eta, (double)(total - done) / rate);
    snprintf(buf, size, "[%s] %zu/%zu %3d%%  %.1f files/s  ETA %s", bar, done, total,
             total ? (int)(100.0 * (double)done / (double)total) : 100, rate, eta);
}

static void draw(nl_progress *p, double t)
{
    char line[256];
    nl_progress_format(line, sizeof line, p->done, p->total, t - p->start, BAR_CELLS);
    fprintf(p->out, "\r%-*s", LINE_COLS, line);
    fflush(p->out);
    p->last = t;
}

void nl_progress_tick(nl_progress *p)
{
    if (!p->enabled)
        return;
    p->done++;
    double t = now();
    if (t - p->last >= 0.1 || p->done == p->total || p->done == 1)
        draw(p, t);
}

void nl_progress_clear(nl_progress *p)
{
    if (!p->enabled)
        return;
    fprintf(p->out, "\r%*s\r", LINE_COLS, "");
    fflush(p->out);
}

void nl_progress_end(nl_progress *p)
{
    nl_progress_clear(p);
    p->enabled = 0;
}
