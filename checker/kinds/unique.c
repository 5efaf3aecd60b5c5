/*
 * unique.c — the `unique` kind: a value that may be written only once.
 *
 *   - id: structure.duplicate-title
 *     kind: unique
 *     scope: item
 *     message: 问题标题“{value}”与第{first_line}行重复
 *     pattern: '^\S+?针对“(?<value>[^”]+)”'
 *     ignore_space: true    # default
 *
 * Keys: `pattern` (required; must have a named group `value`) and
 * `ignore_space` (default true: whitespace, including the ideographic
 * space U+3000 and no-break spaces, is removed before values are
 * compared).  The values of every match in every instance of the scope are
 * collected in document order (an instance nested in an earlier one, as
 * sections are, is skipped: a value is never its own repeat); each repeat
 * of an earlier value gives one finding at the repeat's `value` group,
 * with {value} as written, {first_line} (the line of the first occurrence)
 * and the match's named groups.  Matches where `value` did not take part,
 * or is empty once spaces are removed, are skipped.
 *
 * Values are kept in one hash table per run (open addressing over one byte
 * buffer of normalised values), so the run is linear in the text and its
 * memory is bounded by the text.  When memory runs out the run stops and
 * marks the context incomplete.
 *
 * No example(): whether a value repeats depends on the whole document, so
 * `examples` are refused for this kind.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "kinds.h"
#include "kindutil.h"

enum { MAX_VARS = 32 };

typedef struct unique_params {
    nl_pattern *pat;
    int group;          /* number of the `value` group */
    int ignore_space;
} unique_params;

typedef struct slot {
    size_t off, len;    /* normalised value in the table's buffer */
    size_t first;       /* decoded offset of its first occurrence */
    uint64_t hash;
    int used;
} slot;

typedef struct table {
    slot *slots;
    size_t cap, n;      /* cap is a power of two, kept at most half full */
    char *buf;
    size_t blen, bcap;
} table;

static void unique_free(void *params)
{
    unique_params *p = params;
    if (!p)
        return;
    nl_pattern_free(p->pat);
    free(p);
}

static nl_status unique_load(nl_rule *rule, nl_rload *ld)
{
    unique_params *p = calloc(1, sizeof *p);
    if (!p)
        return nl_rfail(ld, NULL, "out of memory");
    rule->params = p; /* freed by unique_free even when loading fails */
    const nl_ynode *n = nl_rkey(ld, "pattern");
    if (!n)
        return nl_rfail(ld, NULL, "missing key 'pattern'");
    nl_status st = nl_rpattern_node(ld, n, &p->pat);
    if (st != NL_OK)
        return st;
    if ((p->group = nl_pattern_group(p->pat, "value")) < 0)
        return nl_rfail(ld, n, "pattern needs a named group (?<value>...)");
    return nl_rbool(ld, "ignore_space", 1, &p->ignore_space);
}

/* Length of the white-space code point at s[0..n), or 0 if there is none. */
static size_t space_len(const unsigned char *s, size_t n)
{
    if (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r'))
        return 1;
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)               /* U+00A0 */
        return 2;
    if (n < 3)
        return 0;
    if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)         /* U+3000 */
        return 3;
    if (s[0] == 0xE2 && s[1] == 0x80 &&
        (s[2] <= 0x8B || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF))
        return 3;   /* U+2000..U+200B, U+2028, U+2029, U+202F */
    if (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)         /* U+205F */
        return 3;
    if (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)         /* U+FEFF */
        return 3;
    return 0;
}

/* Append the normalised form of v[0..n) to t->buf; returns its length, or
 * SIZE_MAX when memory runs out. */
static size_t append_value(table *t, const char *v, size_t n, int ignore_space)
{
    /* Allocate even for an empty first value: t->buf + 0 on a NULL buf is
     * undefined (found by fuzz_rules: `pattern: '(?<value>)'`). */
    if (!t->buf || t->blen + n > t->bcap) {
        size_t cap = t->bcap ? t->bcap : 256;
        while (cap < t->blen + n)
            cap *= 2;
        char *nb = realloc(t->buf, cap);
        if (!nb)
            return SIZE_MAX;
        t->buf = nb;
        t->bcap = cap;
    }
    char *out = t->buf + t->blen;
    size_t len = 0;
    for (size_t i = 0; i < n;) {
        size_t sp = ignore_space ? space_len((const unsigned char *)v + i, n - i) : 0;
        if (sp) {
            i += sp;
            continue;
        }
        out[len++] = v[i++];
    }
    return len;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return h;
}

static int grow(table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    slot *ns = calloc(cap, sizeof *ns);
    if (!ns)
        return -1;
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slots[i].used)
            continue;
        size_t j = (size_t)t->slots[i].hash & (cap - 1);
        while (ns[j].used)
            j = (j + 1) & (cap - 1);
        ns[j] = t->slots[i];
    }
    free(t->slots);
    t->slots = ns;
    t->cap = cap;
    return 0;
}

/* Look up the value just appended at t->buf[t->blen..+len).  When it is
 * new, keep it (first occurrence at `at`) and return NULL; when it was seen
 * before, return its slot.  *oom is set when memory runs out. */
static const slot *lookup_or_add(table *t, size_t len, size_t at, int *oom)
{
    if ((t->n + 1) * 2 > t->cap && grow(t) != 0) {
        *oom = 1;
        return NULL;
    }
    const char *key = t->buf + t->blen;
    uint64_t h = hash_bytes(key, len);
    size_t j = (size_t)h & (t->cap - 1);
    for (; t->slots[j].used; j = (j + 1) & (t->cap - 1)) {
        const slot *e = &t->slots[j];
        if (e->hash == h && e->len == len && memcmp(t->buf + e->off, key, len) == 0)
            return e;
    }
    t->slots[j] = (slot){t->blen, len, at, h, 1};
    t->blen += len;
    t->n++;
    return NULL;
}

/* One match with its `value` at [vs, ve): remember it or report the repeat.
 * Returns -1 when memory runs out, else 0. */
static int note_value(const unique_params *p, nl_ctx *ctx, table *t,
                      nl_span s, size_t vs, size_t ve)
{
    const char *text = ctx->doc->dec.text;
    size_t len = append_value(t, text + vs, ve - vs, p->ignore_space);
    if (len == SIZE_MAX)
        return -1;
    if (len == 0)
        return 0;
    int oom = 0;
    const slot *e = lookup_or_add(t, len, vs, &oom);
    if (!e)
        return oom ? -1 : 0;
    char line[32];
    snprintf(line, sizeof line, "%d", nl_doc_pos(ctx->doc, e->first).line);
    nl_var vars[MAX_VARS];
    vars[0] = (nl_var){"value", text + vs, ve - vs};
    vars[1] = (nl_var){"first_line", line, strlen(line)};
    size_t nv = 2 + nl_ctx_match_vars(ctx, p->pat, s, vars + 2, MAX_VARS - 2);
    nl_ctx_emit(ctx, (nl_span){vs, ve}, vars, nv);
    return 0;
}

static void unique_run(const nl_rule *rule, nl_ctx *ctx)
{
    const unique_params *p = rule->params;
    size_t ninst;
    const nl_inst *inst = nl_ctx_instances(ctx, rule->scope, &ninst);
    table t = {0};
    int rc = 0;
    size_t covered = 0;
    for (size_t i = 0; i < ninst && rc == 0; i++) {
        nl_span s = inst[i].span;
        if (nl_kind_nested(s, i, &covered))
            continue;
        size_t from = s.start;
        while (rc == 0 && from <= s.end && nl_ctx_match(ctx, p->pat, s, from)) {
            nl_span m = nl_ctx_match_span(ctx, s);
            size_t vs, ve;
            if (nl_match_group(ctx->md, p->group, s.start, &vs, &ve))
                rc = note_value(p, ctx, &t, s, vs, ve);
            from = nl_ctx_next(ctx, m.start, m.end);
        }
    }
    if (rc != 0)
        ctx->oom = 1;
    free(t.slots);
    free(t.buf);
}

static const char *const unique_keys[] = {"pattern", "ignore_space", NULL};

const nl_kind nl_kind_unique = {
    "unique", unique_keys, unique_load, unique_run, unique_free, NULL,
};
