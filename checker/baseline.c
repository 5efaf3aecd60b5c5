/*
 * baseline.c — the baseline file and the gate filter.  See baseline.h.
 *
 * Records are kept in an array; membership tests sort it by fingerprint
 * once (and again only after more records were added) and use bsearch, so
 * a run costs n log n in the size of the baseline.  Writing sorts a copy
 * of the pointers by the printed key so that the file order never depends
 * on the order documents were checked in.
 */
#include "baseline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "error.h"

#define HEADER "# noticelint baseline v1"
#define EXCERPT_CPS 40

typedef struct record {
    char *path;      /* escaped, as in the file */
    char *rule;
    char *excerpt;
    nl_fingerprint fp;
} record;

struct nl_baseline {
    record *v;
    size_t n, cap;
    int sorted;      /* v is sorted by fp */
};

nl_baseline *nl_baseline_new(void)
{
    return calloc(1, sizeof(nl_baseline));
}

void nl_baseline_free(nl_baseline *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++) {
        free(b->v[i].path);
        free(b->v[i].rule);
        free(b->v[i].excerpt);
    }
    free(b->v);
    free(b);
}

size_t nl_baseline_count(const nl_baseline *b)
{
    return b ? b->n : 0;
}

/* '%', TAB, CR, LF and other control characters as %XX. */
static char *escape_path(const char *s)
{
    char *out = malloc(strlen(s) * 3 + 1), *o = out;
    if (!out)
        return NULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7F || *p == '%')
            o += sprintf(o, "%%%02X", *p);
        else
            *o++ = (char)*p;
    }
    *o = '\0';
    return out;
}

/* At most EXCERPT_CPS code points, "…" when cut. */
static char *short_excerpt(const char *s)
{
    size_t i = 0, cps = 0, n = strlen(s);
    while (i < n && cps < EXCERPT_CPS) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        cps++;
    }
    char *out = malloc(i + 4);
    if (!out)
        return NULL;
    memcpy(out, s, i);
    strcpy(out + i, i < n ? "\xe2\x80\xa6" : "");
    return out;
}

static int add_escaped(nl_baseline *b, char *path, const char *rule,
                       const char *fp, const char *excerpt)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        record *nv = realloc(b->v, cap * sizeof *nv);
        if (!nv) {
            free(path);
            return -1;
        }
        b->v = nv;
        b->cap = cap;
    }
    record *r = &b->v[b->n];
    r->path = path;
    r->rule = strdup(rule);
    r->excerpt = strdup(excerpt ? excerpt : "");
    snprintf(r->fp, sizeof r->fp, "%s", fp);
    if (!r->path || !r->rule || !r->excerpt) {
        free(r->path);
        free(r->rule);
        free(r->excerpt);
        return -1;
    }
    b->n++;
    b->sorted = 0;
    return 0;
}

int nl_baseline_add(nl_baseline *b, const char *path, const char *rule,
                    const char *fp, const char *excerpt)
{
    char *p = escape_path(path);
    char *e = short_excerpt(excerpt ? excerpt : "");
    int rc = -1;
    if (p && e) {
        rc = add_escaped(b, p, rule, fp, e); /* takes p */
        p = NULL;
    }
    free(p);
    free(e);
    return rc;
}

static int cmp_fp(const void *a, const void *b)
{
    return strcmp(((const record *)a)->fp, ((const record *)b)->fp);
}

int nl_baseline_has(nl_baseline *b, const char *fp)
{
    if (!b || b->n == 0)
        return 0;
    if (!b->sorted) {
        qsort(b->v, b->n, sizeof *b->v, cmp_fp);
        b->sorted = 1;
    }
    record key;
    snprintf(key.fp, sizeof key.fp, "%s", fp);
    return bsearch(&key, b->v, b->n, sizeof *b->v, cmp_fp) != NULL;
}

static int is_fp(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
            return 0;
    return n == NL_FP_HEX;
}

nl_status nl_baseline_load(const char *file, nl_baseline **out, nl_error *err)
{
    *out = NULL;
    FILE *f = fopen(file, "r");
    if (!f)
        return nl_error_set(err, NL_ERR_IO, file, 0, 0, "cannot open baseline");
    nl_baseline *b = nl_baseline_new();
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int lineno = 0;
    nl_status st = b ? NL_OK : nl_error_set(err, NL_ERR_NOMEM, file, 0, 0, "out of memory");
    while (st == NL_OK && (len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (lineno == 1 && strncmp(line, HEADER, strlen(HEADER)) != 0) {
            st = nl_error_set(err, NL_ERR_CONFIG, file, 1, 1,
                              "not a noticelint baseline (expected '%s')", HEADER);
            break;
        }
        if (len == 0 || line[0] == '#')
            continue;
        char *fields[4] = {line, NULL, NULL, NULL};
        for (int k = 1; k < 4; k++) {
            char *tab = strchr(fields[k - 1], '\t');
            if (!tab)
                break;
            *tab = '\0';
            fields[k] = tab + 1;
        }
        if (!fields[2] || !fields[0][0] || !fields[1][0]) {
            st = nl_error_set(err, NL_ERR_CONFIG, file, lineno, 1,
                              "expected PATH<TAB>RULE<TAB>FINGERPRINT<TAB>EXCERPT");
            break;
        }
        if (!is_fp(fields[2])) {
            st = nl_error_set(err, NL_ERR_CONFIG, file, lineno, 1,
                              "'%.64s' is not a fingerprint (32 hex digits)", fields[2]);
            break;
        }
        char *p = strdup(fields[0]);
        if (!p || add_escaped(b, p, fields[1], fields[2], fields[3]) != 0)
            st = nl_error_set(err, NL_ERR_NOMEM, file, 0, 0, "out of memory");
    }
    if (st == NL_OK && ferror(f))
        st = nl_error_set(err, NL_ERR_IO, file, 0, 0, "read error");
    if (st == NL_OK && lineno == 0)
        st = nl_error_set(err, NL_ERR_CONFIG, file, 1, 1,
                          "not a noticelint baseline (the file is empty)");
    free(line);
    fclose(f);
    if (st != NL_OK) {
        nl_baseline_free(b);
        return st;
    }
    *out = b;
    return NL_OK;
}

static int cmp_print(const void *pa, const void *pb)
{
    const record *a = *(record *const *)pa, *b = *(record *const *)pb;
    int c = strcmp(a->path, b->path);
    if (!c)
        c = strcmp(a->rule, b->rule);
    return c ? c : strcmp(a->fp, b->fp);
}

nl_status nl_baseline_write(nl_baseline *b, const char *file, nl_error *err)
{
    record **order = malloc((b->n + 1) * sizeof *order);
    if (!order)
        return nl_error_set(err, NL_ERR_NOMEM, file, 0, 0, "out of memory");
    for (size_t i = 0; i < b->n; i++)
        order[i] = &b->v[i];
    qsort(order, b->n, sizeof *order, cmp_print);
    nl_atomic a;
    nl_status st = nl_atomic_open(&a, file, err);
    if (st != NL_OK) {
        free(order);
        return st;
    }
    fprintf(a.fp, "%s\n# PATH<TAB>RULE<TAB>FINGERPRINT<TAB>EXCERPT, one accepted "
                  "finding per line, sorted; see docs/ci.md\n", HEADER);
    for (size_t i = 0; i < b->n; i++) {
        if (i > 0 && cmp_print(&order[i], &order[i - 1]) == 0)
            continue;
        fprintf(a.fp, "%s\t%s\t%s\t%s\n", order[i]->path, order[i]->rule,
                order[i]->fp, order[i]->excerpt);
    }
    free(order);
    if (ferror(a.fp)) {
        nl_atomic_abort(&a);
        return nl_error_set(err, NL_ERR_IO, file, 0, 0, "write error");
    }
    return nl_atomic_commit(&a, err);
}

int nl_baseline_filter(nl_baseline *known, nl_baseline *rec,
                       const char *path, const nl_doc *doc,
                       const nl_findings *f, nl_findings *kept,
                       size_t *suppressed)
{
    memset(kept, 0, sizeof *kept);
    if (f->n == 0)
        return 0;
    nl_fingerprint *fp = calloc(f->n, sizeof *fp);
    kept->v = calloc(f->n, sizeof *kept->v);
    if (!fp || !kept->v || nl_fingerprints(doc, f, path, fp) != 0) {
        free(fp);
        free(kept->v);
        kept->v = NULL;
        return -1;
    }
    kept->cap = f->n;
    int rc = 0;
    for (size_t i = 0; i < f->n && rc == 0; i++) {
        if (rec) {
            size_t len;
            char *text = nl_fingerprint_text(doc, f->v[i].span, &len);
            rc = text ? nl_baseline_add(rec, path, f->v[i].rule_id, fp[i], text) : -1;
            free(text);
        }
        if (known && nl_baseline_has(known, fp[i]))
            (*suppressed)++;
        else
            kept->v[kept->n++] = f->v[i];
    }
    free(fp);
    return rc;
}
