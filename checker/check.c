/*
 * check.c — the check pipeline and its worker pool.  See check.h.
 *
 * Workers claim the next file index under the lock, check it without the
 * lock, and store the result in slot index % window.  A worker waits before
 * claiming an index that is a whole window ahead of the next one to be
 * delivered; the calling thread delivers slots in order as they fill.
 * Per-rule statistics are summed by the delivering thread from per-result
 * copies, so workers never write shared counters.
 */
#include "check.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nl_check_one(const nl_checker *c, const char *path, nl_checked *out)
{
    memset(out, 0, sizeof *out);
    out->path = path;
    if (nl_doc_load(path, c->load, &out->doc, &out->err) != NL_OK) {
        out->failed = 1;
        return;
    }
    size_t n = c->set->n;
    unsigned char *enabled = malloc(n + 1);
    signed char *severity = malloc(n + 1);
    if (!enabled || !severity) {
        free(enabled);
        free(severity);
        out->failed = 1;
        out->err.code = NL_ERR_NOMEM;
        snprintf(out->err.text, sizeof out->err.text, "out of memory");
        return;
    }
    nl_project_apply_path(c->project, c->set, path, enabled, severity);
    if (nl_notice_parse(c->cfg, out->doc, &out->nt, &out->err) != NL_OK ||
        nl_eval_run(c->set, enabled, out->nt, &out->findings, c->stats, &out->err) != NL_OK)
        out->failed = 1;
    /* Per-path severities apply to the rule's findings, not to input.*. */
    for (size_t k = 0; k < out->findings.n; k++) {
        const char *id = out->findings.v[k].rule_id;
        for (size_t i = 0; i < n; i++)
            if (c->set->rules[i].id == id) {
                out->findings.v[k].severity = severity[i];
                break;
            }
    }
    /* `ignore:` entries of .noticelint.yaml drop findings, input.* too. */
    nl_project_drop_ignored(c->project, path, &out->findings);
    free(enabled);
    free(severity);
}

void nl_checked_free(nl_checked *res)
{
    nl_findings_free(&res->findings);
    nl_notice_free(res->nt);
    nl_doc_free(res->doc);
    memset(res, 0, sizeof *res);
}

typedef struct pool {
    const nl_checker *c;
    const char *const *paths;
    size_t n;
    size_t window;
    nl_checked *slots;
    unsigned char *ready;       /* slot holds the result for its index */
    nl_rule_stats **slot_stats; /* per-slot statistics, or NULL */
    size_t next_claim;          /* next index a worker takes */
    size_t next_deliver;        /* next index the caller delivers */
    int stop;
    pthread_mutex_t lock;
    pthread_cond_t changed;
} pool;

static void *worker(void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->stop && p->next_claim < p->n &&
               p->next_claim >= p->next_deliver + p->window)
            pthread_cond_wait(&p->changed, &p->lock);
        if (p->stop || p->next_claim >= p->n)
            break;
        size_t i = p->next_claim++;
        size_t s = i % p->window;
        pthread_mutex_unlock(&p->lock);

        nl_checker local = *p->c;
        if (p->slot_stats) {
            memset(p->slot_stats[s], 0, p->c->set->n * sizeof **p->slot_stats);
            local.stats = p->slot_stats[s];
        }
        nl_checked res;
        nl_check_one(&local, p->paths[i], &res);

        pthread_mutex_lock(&p->lock);
        p->slots[s] = res;
        p->ready[s] = 1;
        pthread_cond_broadcast(&p->changed);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static void add_stats(nl_rule_stats *to, const nl_rule_stats *from, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        to[i].seconds += from[i].seconds;
        to[i].matches += from[i].matches;
        to[i].findings += from[i].findings;
    }
}

static int check_serial(const nl_checker *c, const char *const *paths, size_t n,
                        nl_check_fn fn, void *ctx)
{
    for (size_t i = 0; i < n; i++) {
        nl_checked res;
        nl_check_one(c, paths[i], &res);
        int stop = fn(&res, ctx);
        nl_checked_free(&res);
        if (stop)
            return -1;
    }
    return 0;
}

int nl_check_files(const nl_checker *c, const char *const *paths, size_t n,
                   int jobs, nl_check_fn fn, void *ctx)
{
    if (jobs <= 1 || n <= 1)
        return check_serial(c, paths, n, fn, ctx);
    if ((size_t)jobs > n)
        jobs = (int)n;
    pool p;
    memset(&p, 0, sizeof p);
    p.c = c;
    p.paths = paths;
    p.n = n;
    p.window = 2 * (size_t)jobs;
    p.slots = calloc(p.window, sizeof *p.slots);
    p.ready = calloc(p.window, 1);
    pthread_t *threads = calloc((size_t)jobs, sizeof *threads);
    int rc = -1, started = 0;
    if (c->stats) {
        p.slot_stats = calloc(p.window, sizeof *p.slot_stats);
        for (size_t s = 0; p.slot_stats && s < p.window; s++)
            if (!(p.slot_stats[s] = calloc(c->set->n + 1, sizeof **p.slot_stats)))
                goto out;
    }
    if (!p.slots || !p.ready || !threads || (c->stats && !p.slot_stats))
        goto out;
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.changed, NULL);
    for (; started < jobs; started++)
        if (pthread_create(&threads[started], NULL, worker, &p) != 0)
            break;
    if (started == 0) { /* no threads to be had: do the work here */
        pthread_mutex_destroy(&p.lock);
        pthread_cond_destroy(&p.changed);
        rc = check_serial(c, paths, n, fn, ctx);
        goto out;
    }
    rc = 0;
    pthread_mutex_lock(&p.lock);
    while (p.next_deliver < n) {
        size_t s = p.next_deliver % p.window;
        while (!p.ready[s])
            pthread_cond_wait(&p.changed, &p.lock);
        nl_checked res = p.slots[s];
        pthread_mutex_unlock(&p.lock);
        if (c->stats)
            add_stats(c->stats, p.slot_stats[s], c->set->n);
        int stop = fn(&res, ctx);
        nl_checked_free(&res);
        pthread_mutex_lock(&p.lock);
        p.ready[s] = 0;
        p.next_deliver++;
        if (stop) {
            p.stop = 1;
            rc = -1;
        }
        pthread_cond_broadcast(&p.changed);
        if (stop)
            break;
    }
    pthread_mutex_unlock(&p.lock);
    for (int t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    /* After a stop, results claimed but not delivered are freed here. */
    for (size_t s = 0; s < p.window; s++)
        if (p.ready[s])
            nl_checked_free(&p.slots[s]);
    pthread_mutex_destroy(&p.lock);
    pthread_cond_destroy(&p.changed);
out:
    for (size_t s = 0; p.slot_stats && s < p.window; s++)
        free(p.slot_stats[s]);
    free(p.slot_stats);
    free(threads);
    free(p.slots);
    free(p.ready);
    return rc;
}
