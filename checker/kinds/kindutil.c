/*
 * kindutil.c — pieces shared by the kind modules (see kindutil.h).
 */
#include "kindutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- fact names and references ---- */

int nl_kind_fact_name_ok(const char *s)
{
    if (!s[0] || (s[0] >= '0' && s[0] <= '9') || s[0] == '.')
        return 0;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (!(*c >= 0x80 || (*c >= 'a' && *c <= 'z') ||
              (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '_' || *c == '.'))
            return 0;
    return 1;
}

nl_status nl_kind_check_facts(nl_rload *ld, const char *key,
                              char *const *names, size_t n,
                              const char *reserved, const char *why)
{
    for (size_t i = 0; i < n; i++) {
        int is_reserved = reserved && strcmp(names[i], reserved) == 0;
        if (nl_kind_fact_name_ok(names[i]) && !is_reserved)
            continue;
        const nl_ynode *at = nl_rkey(ld, key);
        if (at->kind == NL_Y_SEQ && i < at->count)
            at = at->items[i];
        return nl_rfail(ld, at, "invalid fact name '%s'%s", names[i],
                        is_reserved ? why : "");
    }
    return NL_OK;
}

nl_status nl_kind_load_fact(nl_rload *ld, const char *key, char **out)
{
    nl_status st = nl_rstring(ld, key, 1, out);
    if (st == NL_OK)
        st = nl_kind_check_facts(ld, key, out, 1, NULL, NULL);
    return st;
}

size_t nl_kind_first_fact(nl_ctx *ctx, char *const *names, size_t n,
                          nl_fval *out)
{
    size_t k = 0;
    while (k < n && !nl_ctx_fact(ctx, names[k], out))
        k++;
    return k;
}

int nl_kind_number_fact(nl_ctx *ctx, const char *name, nl_fval *out)
{
    return nl_ctx_fact(ctx, name, out) && out->type == NL_FV_NUMBER;
}

/* ---- numbers ---- */

void nl_kind_format_number(double v, char *buf, size_t size)
{
    if (fabs(v) < 1e15 && v == floor(v))
        snprintf(buf, size, "%.0f", v);
    else
        snprintf(buf, size, "%.10g", v);
}

/* Full-width digit, point or minus at t[i]: the ASCII character, else 0. */
static char fullwidth_ascii(const unsigned char *t, size_t i, size_t end)
{
    if (i + 3 > end || t[i] != 0xEF || t[i + 1] != 0xBC)
        return 0;
    if (t[i + 2] >= 0x90 && t[i + 2] <= 0x99)
        return (char)('0' + (t[i + 2] - 0x90));
    if (t[i + 2] == 0x8E)
        return '.';
    if (t[i + 2] == 0x8D)
        return '-';
    return 0;
}

int nl_kind_read_decimal(const char *t, size_t a, size_t b, int sign,
                         double *out)
{
    char buf[64];
    size_t o = 0;
    int digits = 0;
    for (size_t i = a; i < b;) {
        char c = fullwidth_ascii((const unsigned char *)t, i, b);
        if (c)
            i += 3;
        else
            c = t[i++];
        if (!((c >= '0' && c <= '9') || c == '.' ||
              (sign && (c == '-' || c == '+'))))
            return 0;
        digits += c >= '0' && c <= '9';
        if (o + 1 >= sizeof buf)
            return 0;
        buf[o++] = c;
    }
    buf[o] = '\0';
    if (!digits)
        return 0;
    char *end;
    double v = strtod(buf, &end);
    if (*end != '\0')
        return 0;
    *out = v;
    return 1;
}

/* ---- positions and scopes ---- */

nl_span nl_kind_doc_start(nl_ctx *ctx)
{
    size_t n;
    const nl_inst *inst = nl_ctx_instances(ctx, NL_RS_DOCUMENT, &n);
    size_t at = n ? inst[0].span.start : 0;
    return (nl_span){at, at};
}

static int span_cmp(const void *a, const void *b)
{
    const nl_span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

int nl_kind_cover_init(nl_kind_cover *c, nl_ctx *ctx, int scope)
{
    size_t n, m = 0;
    const nl_inst *inst = nl_ctx_instances(ctx, scope, &n);
    memset(c, 0, sizeof *c);
    if (n == 0)
        return 0;
    if (!(c->v = malloc(n * sizeof *c->v)))
        return -1;
    for (size_t i = 0; i < n; i++)
        c->v[i] = inst[i].span;
    qsort(c->v, n, sizeof *c->v, span_cmp);
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && c->v[i].start <= c->v[m - 1].end) {
            if (c->v[i].end > c->v[m - 1].end)
                c->v[m - 1].end = c->v[i].end;
        } else {
            c->v[m++] = c->v[i];
        }
    }
    c->n = m;
    return 0;
}

int nl_kind_cover_has(const nl_kind_cover *c, size_t pos)
{
    if (c->all)
        return 1;
    size_t lo = 0, hi = c->n;
    while (lo < hi) { /* first span starting after pos */
        size_t mid = lo + (hi - lo) / 2;
        if (c->v[mid].start <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && pos < c->v[lo - 1].end;
}

void nl_kind_cover_free(nl_kind_cover *c)
{
    free(c->v);
    c->v = NULL;
    c->n = 0;
}

int nl_kind_nested(nl_span s, size_t i, size_t *covered)
{
    if (i > 0 && s.end <= *covered)
        return 1;
    if (s.end > *covered)
        *covered = s.end;
    return 0;
}
