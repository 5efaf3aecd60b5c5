/*
 * fingerprint.c — fingerprints of findings.  See fingerprint.h.
 *
 * Occurrences are counted by sorting the findings' (rule, excerpt) digests
 * with their index as the tie-break, so a document with thousands of
 * findings costs n log n, not n².
 */
#include "fingerprint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "excerpt.h"
#include "sha256.h"

char *nl_fingerprint_text(const nl_doc *doc, nl_span sp, size_t *len)
{
    nl_span ex = nl_excerpt_span(doc, sp);
    const unsigned char *t = (const unsigned char *)doc->dec.text;
    char *out = malloc(ex.end - ex.start + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = ex.start; i < ex.end;) {
        size_t sl = nl_space_len(t, i, ex.end);
        if (sl > 0) {
            i += sl;
        } else if (t[i] < 0x20 || t[i] == 0x7F) {
            i++; /* C0 controls, CR and LF included */
        } else if (t[i] == 0xC2 && i + 1 < ex.end && t[i + 1] >= 0x80 &&
                   t[i + 1] <= 0x9F) {
            i += 2; /* C1 controls */
        } else {
            out[k++] = (char)t[i++];
        }
    }
    out[k] = '\0';
    *len = k;
    return out;
}

typedef struct keyed {
    unsigned char key[32]; /* SHA-256(rule NUL excerpt) */
    size_t index;
} keyed;

static int cmp_keyed(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    int c = memcmp(a->key, b->key, sizeof a->key);
    if (c)
        return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

static void hex(const unsigned char *d, nl_fingerprint out)
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < NL_FP_HEX / 2; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[NL_FP_HEX] = '\0';
}

int nl_fingerprints(const nl_doc *doc, const nl_findings *f, const char *path,
                    nl_fingerprint *fp)
{
    if (!f || f->n == 0)
        return 0;
    keyed *ks = calloc(f->n, sizeof *ks);
    char **texts = calloc(f->n, sizeof *texts);
    size_t *lens = calloc(f->n, sizeof *lens);
    size_t *occ = calloc(f->n, sizeof *occ);
    int rc = -1;
    if (!ks || !texts || !lens || !occ)
        goto out;
    for (size_t i = 0; i < f->n; i++) {
        if (!(texts[i] = nl_fingerprint_text(doc, f->v[i].span, &lens[i])))
            goto out;
        nl_sha256 s;
        nl_sha256_init(&s);
        nl_sha256_update(&s, f->v[i].rule_id, strlen(f->v[i].rule_id) + 1);
        nl_sha256_update(&s, texts[i], lens[i]);
        nl_sha256_final(&s, ks[i].key);
        ks[i].index = i;
    }
    qsort(ks, f->n, sizeof *ks, cmp_keyed);
    for (size_t i = 1; i < f->n; i++)
        if (memcmp(ks[i].key, ks[i - 1].key, sizeof ks[i].key) == 0)
            occ[ks[i].index] = occ[ks[i - 1].index] + 1;
    if (!path)
        path = "";
    for (size_t i = 0; i < f->n; i++) {
        char num[32];
        int nn = snprintf(num, sizeof num, "%zu", occ[i]);
        unsigned char d[32];
        nl_sha256 s;
        nl_sha256_init(&s);
        nl_sha256_update(&s, "1", 2);
        nl_sha256_update(&s, f->v[i].rule_id, strlen(f->v[i].rule_id) + 1);
        nl_sha256_update(&s, path, strlen(path) + 1);
        nl_sha256_update(&s, texts[i], lens[i] + 1);
        nl_sha256_update(&s, num, (size_t)nn);
        nl_sha256_final(&s, d);
        hex(d, fp[i]);
    }
    rc = 0;
out:
    for (size_t i = 0; texts && i < f->n; i++)
        free(texts[i]);
    free(texts);
    free(lens);
    free(occ);
    free(ks);
    return rc;
}
