/*
 * balance.c — the `balance` kind: brackets and quotes that open must close.
 *
 *   - id: punct.unbalanced
 *     kind: balance
 *     scope: line       # every content line, headings and title included
 *     message: “{char}”{problem}
 *     pairs: ['“”', '‘’', '《》', '〔〕', {open: '（(', close: '）)'}]
 *     max_depth: 1000   # default
 *
 * `pairs` (required) lists entries: a two-character string (opener, then
 * closer; characters are code points) or a mapping {open, close} whose
 * characters form a family — any opener of the entry is closed by any of
 * its closers, so `（2023)` balances.  An entry may not use a character
 * both to open and to close, and a character may belong to one entry only.
 *
 * Each instance of the scope is scanned once, code point by code point,
 * with a stack of open delimiters (an instance nested in an earlier one,
 * as sections are, was scanned with it and is skipped).  A closer pops the
 * top when the top is of its entry; when its entry is open deeper in the
 * stack, the openers above it are reported unclosed and popped with it;
 * otherwise the closer is unexpected.  What is still open at the end of
 * the instance is unclosed.  A per-entry count of stacked openers makes
 * "is it deeper in the stack" O(1), and every opener is popped at most
 * once, so the scan is linear.  An opener that would make the stack deeper
 * than max_depth is reported once ("nesting deeper than N") and ends the
 * scan of that instance with nothing else reported for it; the stack is
 * therefore never larger than max_depth entries, allocated once per run.
 *
 * Findings point at the delimiter, with {char} (the delimiter as written),
 * {expected} (for an unclosed opener the first closer of its entry; for an
 * unexpected closer the closer the stack top wants, "" when nothing is
 * open) and {problem} ("未闭合" unclosed, "多余" unexpected).  The variables point into the document or the rule, so the
 * scan allocates nothing per finding.
 *
 * example(): 1 when the text is unbalanced.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "eval.h"
#include "kinds.h"
#include "kindutil.h"

typedef struct delim {
    uint32_t cp;
    int entry;
    int open;
} delim;

typedef struct balance_params {
    delim *delims;          /* sorted by code point */
    size_t ndelims;
    char **closer;          /* per entry: its first closer, UTF-8 */
    size_t nentries;
    long max_depth;
    unsigned char lead[256]; /* 1 for a byte that starts some delimiter */
} balance_params;

typedef struct frame {
    size_t off;             /* where the opener is */
    unsigned len;           /* its length in bytes */
    int entry;
} frame;

/* One scan: the run (ctx set) reports findings, an example (ctx NULL)
 * only notes that there is a problem. */
typedef struct scanner {
    const balance_params *p;
    nl_ctx *ctx;
    const char *text;
    int found;
    frame *stack;
    size_t n, cap;
    size_t *open_count;     /* per entry: its openers on the stack */
    char depth_msg[64];
} scanner;

/* ---- UTF-8 ---- */

/* Decode the code point at s[0..n) (n >= 1); *len gets its length.  The
 * text is valid UTF-8; a stray byte decodes as itself with length 1. */
static uint32_t decode(const unsigned char *s, size_t n, unsigned *len)
{
    unsigned need = s[0] < 0x80 ? 1 : s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3
                  : s[0] >= 0xC0 ? 2 : 1;
    if (need > n)
        need = 1;
    uint32_t cp = need == 1 ? s[0] : need == 2 ? s[0] & 0x1Fu
                : need == 3 ? s[0] & 0x0Fu : s[0] & 0x07u;
    for (unsigned i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *len = 1;
            return s[0];
        }
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    *len = need;
    return cp;
}

/* ---- loading ---- */

static void balance_free(void *params)
{
    balance_params *p = params;
    if (!p)
        return;
    for (size_t i = 0; i < p->nentries; i++)
        free(p->closer[i]);
    free(p->closer);
    free(p->delims);
    free(p);
}

static const delim *find_delim(const balance_params *p, uint32_t cp)
{
    size_t lo = 0, hi = p->ndelims;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->delims[mid].cp == cp)
            return &p->delims[mid];
        if (p->delims[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int cmp_delim(const void *a, const void *b)
{
    uint32_t x = ((const delim *)a)->cp, y = ((const delim *)b)->cp;
    return x < y ? -1 : x > y;
}

/* Add the characters v[0..n) of entry e as openers or closers; errors are
 * reported at node `at`. */
static nl_status add_chars(balance_params *p, nl_rload *ld, const nl_ynode *at,
                           const char *chars, size_t n, int e, int open)
{
    const unsigned char *v = (const unsigned char *)chars;
    for (size_t i = 0; i < n;) {
        unsigned len;
        uint32_t cp = decode(v + i, n - i, &len);
        char ch[5] = {0};
        nl_utf8_encode(cp, ch);
        for (size_t k = 0; k < p->ndelims; k++) {
            const delim *d = &p->delims[k];
            if (d->cp != cp)
                continue;
            if (d->entry != e)
                return nl_rfail(ld, at, "character '%s' is already in pair %d", ch,
                                d->entry + 1);
            if (d->open != open)
                return nl_rfail(ld, at,
                                "pair %d opens and closes with the same character '%s'",
                                e + 1, ch);
            goto next; /* listed twice in the same role: harmless */
        }
        p->delims[p->ndelims++] = (delim){cp, e, open};
        p->lead[v[i]] = 1;
        if (!open && !p->closer[e] && !(p->closer[e] = strdup(ch)))
            return nl_rfail(ld, at, "out of memory");
    next:
        i += len;
    }
    return NL_OK;
}

/* A character string of a pair: a non-empty scalar. */
static nl_status pair_chars(nl_rload *ld, const nl_ynode *entry,
                            const char *key, const nl_ynode **out)
{
    const nl_ynode *s = nl_yget(entry, key);
    if (!s)
        return nl_rfail(ld, entry, "a pair mapping needs 'open' and 'close'");
    if (s->kind != NL_Y_SCALAR || s->len == 0)
        return nl_rfail(ld, s, "'%s' must be a non-empty string of characters", key);
    *out = s;
    return NL_OK;
}

static nl_status load_entry(balance_params *p, nl_rload *ld,
                            const nl_ynode *entry, int e)
{
    nl_status st;
    if (entry->kind == NL_Y_SCALAR) {
        const unsigned char *v = (const unsigned char *)entry->value;
        unsigned l1 = 0, l2 = 0;
        if (entry->len > 0) {
            decode(v, entry->len, &l1);
            if (l1 < entry->len)
                decode(v + l1, entry->len - l1, &l2);
        }
        if (entry->len == 0 || l2 == 0 || l1 + l2 != entry->len)
            return nl_rfail(ld, entry, "a pair must be two characters like '“”' "
                            "or a mapping {open: ..., close: ...}");
        if ((st = add_chars(p, ld, entry, entry->value, l1, e, 1)) != NL_OK)
            return st;
        return add_chars(p, ld, entry, entry->value + l1, l2, e, 0);
    }
    if (entry->kind != NL_Y_MAP)
        return nl_rfail(ld, entry, "a pair must be two characters like '“”' "
                        "or a mapping {open: ..., close: ...}");
    for (size_t i = 0; i < entry->count; i++) {
        const char *k = entry->keys[i]->value;
        if (strcmp(k, "open") != 0 && strcmp(k, "close") != 0)
            return nl_rfail(ld, entry->keys[i],
                            "unknown key '%s' in a pair (expected 'open' and 'close')", k);
    }
    const nl_ynode *open = NULL, *close = NULL;
    if ((st = pair_chars(ld, entry, "open", &open)) != NL_OK ||
        (st = pair_chars(ld, entry, "close", &close)) != NL_OK ||
        (st = add_chars(p, ld, open, open->value, open->len, e, 1)) != NL_OK)
        return st;
    return add_chars(p, ld, close, close->value, close->len, e, 0);
}

static nl_status balance_load(nl_rule *rule, nl_rload *ld)
{
    balance_params *p = calloc(1, sizeof *p);
    if (!p)
        return nl_rfail(ld, NULL, "out of memory");
    rule->params = p; /* freed by balance_free even when loading fails */
    const nl_ynode *pairs = nl_rkey(ld, "pairs");
    if (!pairs)
        return nl_rfail(ld, NULL, "missing key 'pairs'");
    if (pairs->kind != NL_Y_SEQ || pairs->count == 0)
        return nl_rfail(ld, pairs, "'pairs' must be a non-empty list of pairs");
    if (pairs->count > 1000)
        return nl_rfail(ld, pairs, "'pairs' has more than 1000 entries");
    size_t maxchars = 0;
    for (size_t i = 0; i < pairs->count; i++) {
        const nl_ynode *e = pairs->items[i];
        maxchars += e->kind == NL_Y_SCALAR ? e->len : 0;
        if (e->kind == NL_Y_MAP) {
            const nl_ynode *o = nl_yget(e, "open"), *c = nl_yget(e, "close");
            maxchars += (o ? o->len : 0) + (c ? c->len : 0);
        }
    }
    p->closer = calloc(pairs->count, sizeof *p->closer);
    p->delims = calloc(maxchars + 1, sizeof *p->delims);
    if (!p->closer || !p->delims)
        return nl_rfail(ld, pairs, "out of memory");
    p->nentries = pairs->count;
    nl_status st;
    for (size_t i = 0; i < pairs->count; i++)
        if ((st = load_entry(p, ld, pairs->items[i], (int)i)) != NL_OK)
            return st;
    qsort(p->delims, p->ndelims, sizeof *p->delims, cmp_delim);
    if ((st = nl_rlong(ld, "max_depth", 1000, &p->max_depth)) != NL_OK)
        return st;
    if (p->max_depth < 1)
        return nl_rfail(ld, nl_rkey(ld, "max_depth"), "'max_depth' must be 1 or more");
    return NL_OK;
}

/* ---- scanning ---- */

/* A problem with the delimiter at [off, off+len). */
static void problem(scanner *sc, size_t off, size_t len, const char *expected,
                    const char *what)
{
    sc->found = 1;
    if (!sc->ctx)
        return;
    nl_var vars[3] = {
        {"char", sc->text + off, len},
        {"expected", expected, strlen(expected)},
        {"problem", what, strlen(what)},
    };
    nl_ctx_emit(sc->ctx, (nl_span){off, off + len}, vars, 3);
}

static void unclosed(scanner *sc, const frame *f)
{
    problem(sc, f->off, f->len, sc->p->closer[f->entry], "未闭合");
}

/* Push an opener; -1 when memory runs out. */
static int push(scanner *sc, size_t off, unsigned len, int entry)
{
    if (sc->n == sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 32;
        if (cap > (size_t)sc->p->max_depth)
            cap = (size_t)sc->p->max_depth;
        frame *ns = realloc(sc->stack, cap * sizeof *ns);
        if (!ns)
            return -1;
        sc->stack = ns;
        sc->cap = cap;
    }
    sc->stack[sc->n++] = (frame){off, len, entry};
    sc->open_count[entry]++;
    return 0;
}

static void pop(scanner *sc)
{
    sc->open_count[sc->stack[--sc->n].entry]--;
}

/* Scan text[start..end).  In example mode stop at the first problem.
 * Returns -1 when memory runs out, else 0. */
static int scan(scanner *sc, size_t start, size_t end)
{
    const balance_params *p = sc->p;
    const unsigned char *t = (const unsigned char *)sc->text;
    while (sc->n)
        pop(sc);
    for (size_t i = start; i < end;) {
        if (!p->lead[t[i]]) {
            i++;
            continue;
        }
        unsigned len;
        uint32_t cp = decode(t + i, end - i, &len);
        const delim *d = find_delim(p, cp);
        if (!d) {
            i += len;
            continue;
        }
        if (d->open) {
            if (sc->n >= (size_t)p->max_depth) {
                snprintf(sc->depth_msg, sizeof sc->depth_msg,
                         "nesting deeper than %ld", p->max_depth);
                problem(sc, i, len, p->closer[d->entry], sc->depth_msg);
                while (sc->n)
                    pop(sc);
                return 0;
            }
            if (push(sc, i, len, d->entry) != 0)
                return -1;
        } else if (sc->n && sc->stack[sc->n - 1].entry == d->entry) {
            pop(sc);
        } else if (sc->open_count[d->entry]) {
            while (sc->stack[sc->n - 1].entry != d->entry) {
                unclosed(sc, &sc->stack[sc->n - 1]);
                pop(sc);
            }
            pop(sc);
        } else {
            problem(sc, i, len,
                    sc->n ? p->closer[sc->stack[sc->n - 1].entry] : "", "多余");
        }
        if (sc->found && !sc->ctx)
            return 0;
        i += len;
    }
    for (size_t k = 0; k < sc->n; k++)
        unclosed(sc, &sc->stack[k]);
    while (sc->n)
        pop(sc);
    return 0;
}

static int scanner_init(scanner *sc, const balance_params *p, nl_ctx *ctx,
                        const char *text)
{
    memset(sc, 0, sizeof *sc);
    sc->p = p;
    sc->ctx = ctx;
    sc->text = text;
    sc->open_count = calloc(p->nentries, sizeof *sc->open_count);
    return sc->open_count ? 0 : -1;
}

static void scanner_done(scanner *sc)
{
    free(sc->stack);
    free(sc->open_count);
}

static void balance_run(const nl_rule *rule, nl_ctx *ctx)
{
    const balance_params *p = rule->params;
    size_t ninst;
    const nl_inst *inst = nl_ctx_instances(ctx, rule->scope, &ninst);
    if (!ninst)
        return;
    scanner sc;
    int rc = scanner_init(&sc, p, ctx, ctx->doc->dec.text);
    size_t covered = 0;
    for (size_t i = 0; i < ninst && rc == 0; i++)
        if (!nl_kind_nested(inst[i].span, i, &covered))
            rc = scan(&sc, inst[i].span.start, inst[i].span.end);
    if (rc != 0)
        ctx->oom = 1;
    scanner_done(&sc);
}

static int balance_example(const nl_rule *rule, const char *text, size_t len,
                           pcre2_match_data *md)
{
    (void)md;
    scanner sc;
    int found = 0;
    if (scanner_init(&sc, rule->params, NULL, text) == 0 && scan(&sc, 0, len) == 0)
        found = sc.found;
    scanner_done(&sc);
    return found;
}

static const char *const balance_keys[] = {"pairs", "max_depth", NULL};

const nl_kind nl_kind_balance = {
    "balance", balance_keys, balance_load, balance_run, balance_free,
    balance_example,
};
