/*
 * ytree.c — libyaml events to an immutable tree (see ytree.h).
 *
 * parse_node() consumes one node's events recursively; recursion depth is
 * bounded by max_depth, checked when a collection opens.  Children are
 * gathered in malloc'd vectors and copied into the document's arena when
 * the collection closes; duplicate keys are found then by sorting the keys
 * (so a huge mapping costs n log n, not n^2).  Every node, and every alias
 * with the size of its anchored subtree, is counted against max_nodes
 * before anything is allocated.  Anchors live in a small hash table for the
 * duration of the load; a later anchor of the same name shadows the earlier.
 * An anchor is registered only once its node is complete, so `&a [*a]` is
 * an unknown alias and the tree can never contain a cycle.
 *
 * libyaml marks are 0-based with columns in characters: add 1.  Reader
 * errors (bad UTF-8, control characters) carry only a byte offset, which is
 * turned into line:column by scanning the already-valid text before it.
 */
#include "ytree.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "error.h"

#define DEFAULT_MAX_NODES 1000000
#define DEFAULT_MAX_DEPTH 64
#define ANCHOR_BUCKETS 4096
#define BLOCK_SIZE 16384

typedef struct block {
    struct block *next;
    size_t used, cap;
    max_align_t data[];
} block;

struct nl_ydoc {
    block *blocks;
    nl_ynode *root;
};

typedef struct anchor {
    struct anchor *next;
    nl_ynode *node;
    size_t size, height;
    char name[];
} anchor;

typedef struct vec {
    nl_ynode **v;
    size_t n, cap;
} vec;

typedef struct ctx {
    yaml_parser_t parser;
    nl_ydoc *doc;
    const char *name, *text;
    size_t len, nodes, max_nodes, open, max_depth;
    anchor **anchors;
    nl_error *err;
} ctx;

static void *arena_alloc(nl_ydoc *doc, size_t n)
{
    const size_t align = sizeof(max_align_t);
    if (n > SIZE_MAX / 2)
        return NULL;
    n = (n + align - 1) / align * align;
    block *b = doc->blocks;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > BLOCK_SIZE ? n : BLOCK_SIZE;
        if (!(b = malloc(sizeof *b + cap)))
            return NULL;
        b->used = 0;
        b->cap = cap;
        b->next = doc->blocks;
        doc->blocks = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

static nl_status fail(ctx *c, yaml_mark_t m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static nl_status fail(ctx *c, yaml_mark_t m, const char *fmt, ...)
{
    char text[sizeof c->err->text];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return nl_error_set(c->err, NL_ERR_CONFIG, c->name, (int)m.line + 1,
                        (int)m.column + 1, "%s", text);
}

static nl_status nomem(ctx *c)
{
    return nl_error_set(c->err, NL_ERR_NOMEM, c->name, 0, 0,
                        "out of memory while loading YAML");
}

static nl_status too_many(ctx *c, yaml_mark_t m)
{
    return fail(c, m, "document expands to more than %zu nodes (alias bomb?)",
                c->max_nodes);
}

static nl_status too_deep(ctx *c, yaml_mark_t m)
{
    return fail(c, m, "nesting deeper than %zu levels", c->max_depth);
}

/* Reader errors give a byte offset; count lines and characters up to it. */
static void offset_position(const ctx *c, size_t off, int *line, int *col)
{
    size_t i = c->len >= 3 && memcmp(c->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    *line = *col = 1;
    for (; i < off && i < c->len; i++) {
        unsigned char ch = (unsigned char)c->text[i];
        if (ch == '\n' || (ch == '\r' && (i + 1 >= c->len || c->text[i + 1] != '\n'))) {
            ++*line;
            *col = 1;
        } else if ((ch & 0xC0) != 0x80 && ch != '\r') {
            ++*col;
        }
    }
}

static nl_status parser_error(ctx *c)
{
    const yaml_parser_t *p = &c->parser;
    const char *problem = p->problem ? p->problem : "unknown error";
    if (p->error == YAML_MEMORY_ERROR)
        return nomem(c);
    if (p->error == YAML_READER_ERROR) {
        int line, col, v = p->problem_value;
        offset_position(c, p->problem_offset, &line, &col);
        int utf8 = strstr(problem, "UTF-8") || strstr(problem, "Unicode");
        char value[16] = "";
        if (v >= 0)
            snprintf(value, sizeof value, strstr(problem, "octet") ? " 0x%02X"
                                                                    : " U+%04X",
                     (unsigned)v);
        if (utf8)
            nl_error_set(c->err, NL_ERR_CONFIG, c->name, line, col,
                         "not valid UTF-8 (%s%s)", problem, value);
        else
            nl_error_set(c->err, NL_ERR_CONFIG, c->name, line, col,
                         v >= 0 ? "%s (%s)" : "%s%s", problem, value + (v >= 0));
        return NL_ERR_CONFIG;
    }
    if (p->context)
        nl_error_set(c->err, NL_ERR_CONFIG, c->name,
                     (int)p->problem_mark.line + 1,
                     (int)p->problem_mark.column + 1, "%s (%s at %d:%d)",
                     problem, p->context, (int)p->context_mark.line + 1,
                     (int)p->context_mark.column + 1);
    else
        nl_error_set(c->err, NL_ERR_CONFIG, c->name,
                     (int)p->problem_mark.line + 1,
                     (int)p->problem_mark.column + 1, "%s", problem);
    return NL_ERR_CONFIG;
}

static nl_status next_event(ctx *c, yaml_event_t *ev)
{
    return yaml_parser_parse(&c->parser, ev) ? NL_OK : parser_error(c);
}

static size_t hash(const char *s)
{
    size_t h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h % ANCHOR_BUCKETS;
}

static const anchor *find_anchor(const ctx *c, const char *name)
{
    const anchor *a = c->anchors ? c->anchors[hash(name)] : NULL;
    while (a && strcmp(a->name, name) != 0)
        a = a->next;
    return a;
}

static nl_status add_anchor(ctx *c, const yaml_char_t *yname, nl_ynode *node,
                            size_t size, size_t height)
{
    if (!yname)
        return NL_OK;
    const char *name = (const char *)yname;
    size_t n = strlen(name) + 1;
    anchor *a;
    if (!c->anchors && !(c->anchors = calloc(ANCHOR_BUCKETS, sizeof *c->anchors)))
        return nomem(c);
    if (!(a = malloc(sizeof *a + n)))
        return nomem(c);
    memcpy(a->name, name, n);
    a->node = node;
    a->size = size;
    a->height = height;
    a->next = c->anchors[hash(name)];
    c->anchors[hash(name)] = a;
    return NL_OK;
}

static nl_ynode *new_node(ctx *c, nl_ykind kind, yaml_mark_t m, nl_status *st)
{
    nl_ynode *n;
    if (c->nodes >= c->max_nodes) {
        *st = too_many(c, m);
        return NULL;
    }
    if (!(n = arena_alloc(c->doc, sizeof *n))) {
        *st = nomem(c);
        return NULL;
    }
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->line = (int)m.line + 1;
    n->column = (int)m.column + 1;
    n->value = "";
    c->nodes++;
    return n;
}

static int push(vec *v, nl_ynode *n)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        nl_ynode **nv = realloc(v->v, cap * sizeof *nv);
        if (!nv)
            return -1;
        v->v = nv;
        v->cap = cap;
    }
    v->v[v->n++] = n;
    return 0;
}

static nl_ynode **freeze(ctx *c, const vec *v)
{
    nl_ynode **a = arena_alloc(c->doc, (v->n ? v->n : 1) * sizeof *a);
    if (a && v->n)
        memcpy(a, v->v, v->n * sizeof *a);
    return a;
}

typedef struct keyref {
    const nl_ynode *key;
    size_t index;
} keyref;

static int key_cmp(const nl_ynode *a, const nl_ynode *b)
{
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return memcmp(a->value, b->value, a->len);
}

static int keyref_cmp(const void *pa, const void *pb)
{
    const keyref *a = pa, *b = pb;
    int r = key_cmp(a->key, b->key);
    return r ? r : (a->index > b->index) - (a->index < b->index);
}

/* The earliest key that repeats an earlier one, or NULL. */
static const nl_ynode *first_duplicate(const vec *keys, int *oom)
{
    const nl_ynode *dup = NULL;
    size_t best = SIZE_MAX;
    keyref *r;
    if (keys->n < 2)
        return NULL;
    if (!(r = malloc(keys->n * sizeof *r))) {
        *oom = 1;
        return NULL;
    }
    for (size_t i = 0; i < keys->n; i++)
        r[i] = (keyref){keys->v[i], i};
    qsort(r, keys->n, sizeof *r, keyref_cmp);
    /* r[i] is the second of its group when it equals r[i-1] but r[i-2]
     * differs; the smallest such index is the first repetition. */
    for (size_t i = 1; i < keys->n; i++)
        if (key_cmp(r[i - 1].key, r[i].key) == 0 &&
            (i < 2 || key_cmp(r[i - 2].key, r[i].key) != 0) &&
            r[i].index < best) {
            best = r[i].index;
            dup = r[i].key;
        }
    free(r);
    return dup;
}

static nl_status parse_node(ctx *c, yaml_event_t *ev, nl_ynode **out,
                            size_t *height);

static nl_status parse_collection(ctx *c, nl_ynode *node, size_t *height)
{
    int map = node->kind == NL_Y_MAP;
    vec items = {0}, keys = {0};
    nl_status st = NL_OK;
    c->open++;
    for (;;) {
        yaml_event_t child;
        nl_ynode *sub;
        size_t h;
        int want_key = map && keys.n == items.n;
        if ((st = next_event(c, &child)) != NL_OK)
            break;
        if (child.type == YAML_SEQUENCE_END_EVENT ||
            child.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&child);
            break;
        }
        yaml_mark_t m = child.start_mark;
        if (want_key && (child.type == YAML_SEQUENCE_START_EVENT ||
                         child.type == YAML_MAPPING_START_EVENT)) {
            yaml_event_delete(&child);
            st = fail(c, m, "mapping key must be a scalar");
            break;
        }
        if ((st = parse_node(c, &child, &sub, &h)) != NL_OK)
            break;
        if (want_key && sub->kind != NL_Y_SCALAR) {
            st = fail(c, m, "mapping key must be a scalar");
            break;
        }
        if (push(want_key ? &keys : &items, sub) != 0) {
            st = nomem(c);
            break;
        }
        if (h + 1 > *height)
            *height = h + 1;
    }
    c->open--;
    if (st == NL_OK) {
        int oom = 0;
        const nl_ynode *dup = map ? first_duplicate(&keys, &oom) : NULL;
        node->count = items.n;
        if (oom)
            st = nomem(c);
        else if (dup)
            st = nl_error_set(c->err, NL_ERR_CONFIG, c->name, dup->line,
                              dup->column, "duplicate key '%.80s'", dup->value);
        else if (!(node->items = freeze(c, &items)) ||
                 (map && !(node->keys = freeze(c, &keys))))
            st = nomem(c);
    }
    free(items.v);
    free(keys.v);
    return st;
}

/* Consume one node starting with *ev (which this function deletes). */
static nl_status parse_node(ctx *c, yaml_event_t *ev, nl_ynode **out,
                            size_t *height)
{
    nl_status st = NL_OK;
    size_t before = c->nodes;
    yaml_mark_t m = ev->start_mark;
    const yaml_char_t *aname = NULL;
    nl_ynode *n = NULL;
    *height = 0;
    switch (ev->type) {
    case YAML_ALIAS_EVENT: {
        const anchor *a = find_anchor(c, (const char *)ev->data.alias.anchor);
        if (!a)
            st = fail(c, m, "unknown alias '*%.80s'",
                      (const char *)ev->data.alias.anchor);
        else if (c->open + a->height > c->max_depth)
            st = too_deep(c, m);
        else if (a->size > c->max_nodes - c->nodes)
            st = too_many(c, m);
        else {
            c->nodes += a->size;
            n = a->node;
            *height = a->height;
        }
        break;
    }
    case YAML_SCALAR_EVENT: {
        aname = ev->data.scalar.anchor;
        if (!(n = new_node(c, NL_Y_SCALAR, m, &st)))
            break;
        n->len = ev->data.scalar.length;
        n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        char *s = arena_alloc(c->doc, n->len + 1);
        if (!s) {
            st = nomem(c);
            break;
        }
        memcpy(s, ev->data.scalar.value, n->len);
        s[n->len] = '\0';
        n->value = s;
        break;
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        int map = ev->type == YAML_MAPPING_START_EVENT;
        aname = map ? ev->data.mapping_start.anchor
                    : ev->data.sequence_start.anchor;
        if (c->open >= c->max_depth)
            st = too_deep(c, m);
        else if ((n = new_node(c, map ? NL_Y_MAP : NL_Y_SEQ, m, &st)) != NULL)
            st = parse_collection(c, n, height);
        if (*height == 0)
            *height = 1;
        break;
    }
    default:
        st = fail(c, m, "unexpected YAML event");
    }
    if (st == NL_OK)
        st = add_anchor(c, aname, n, c->nodes - before, *height);
    yaml_event_delete(ev);
    *out = n;
    return st;
}

static nl_status load(ctx *c)
{
    yaml_event_t ev;
    nl_status st;
    size_t h;
    if ((st = next_event(c, &ev)) != NL_OK)
        return st;
    yaml_event_delete(&ev); /* STREAM-START */
    if ((st = next_event(c, &ev)) != NL_OK)
        return st;
    if (ev.type == YAML_STREAM_END_EVENT) {
        yaml_event_delete(&ev);
        return nl_error_set(c->err, NL_ERR_CONFIG, c->name, 0, 0,
                            "empty document");
    }
    yaml_event_delete(&ev); /* DOCUMENT-START */
    if ((st = next_event(c, &ev)) != NL_OK ||
        (st = parse_node(c, &ev, &c->doc->root, &h)) != NL_OK)
        return st;
    if ((st = next_event(c, &ev)) != NL_OK)
        return st;
    yaml_event_delete(&ev); /* DOCUMENT-END */
    if ((st = next_event(c, &ev)) != NL_OK)
        return st;
    if (ev.type != YAML_STREAM_END_EVENT)
        st = fail(c, ev.start_mark,
                  "more than one document (only one is allowed)");
    yaml_event_delete(&ev);
    return st;
}

nl_status nl_yload(const char *name, const char *text, size_t len,
                   const nl_ylimits *limits, nl_ydoc **out, nl_error *err)
{
    ctx c = {.name = name, .text = text ? text : "", .len = text ? len : 0,
             .err = err};
    nl_status st;
    if (!out)
        return nl_error_set(err, NL_ERR_USAGE, name, 0, 0,
                            "nl_yload: out is NULL");
    *out = NULL;
    c.max_nodes = limits && limits->max_nodes ? limits->max_nodes
                                              : DEFAULT_MAX_NODES;
    c.max_depth = limits && limits->max_depth ? limits->max_depth
                                              : DEFAULT_MAX_DEPTH;
    if (!(c.doc = calloc(1, sizeof *c.doc)))
        return nomem(&c);
    if (!yaml_parser_initialize(&c.parser)) {
        free(c.doc);
        return nomem(&c);
    }
    yaml_parser_set_input_string(&c.parser, (const unsigned char *)c.text,
                                 c.len);
    yaml_parser_set_encoding(&c.parser, YAML_UTF8_ENCODING);
    st = load(&c);
    yaml_parser_delete(&c.parser);
    for (size_t i = 0; c.anchors && i < ANCHOR_BUCKETS; i++) {
        for (anchor *a = c.anchors[i], *next; a; a = next) {
            next = a->next;
            free(a);
        }
    }
    free(c.anchors);
    if (st != NL_OK)
        nl_yfree(c.doc);
    else
        *out = c.doc;
    return st;
}

const nl_ynode *nl_yroot(const nl_ydoc *doc)
{
    return doc ? doc->root : NULL;
}

void nl_yfree(nl_ydoc *doc)
{
    if (!doc)
        return;
    for (block *b = doc->blocks, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(doc);
}

const nl_ynode *nl_yget(const nl_ynode *map, const char *key)
{
    if (!map || map->kind != NL_Y_MAP || !key)
        return NULL;
    size_t n = strlen(key);
    for (size_t i = 0; i < map->count; i++)
        if (map->keys[i]->len == n && memcmp(map->keys[i]->value, key, n) == 0)
            return map->items[i];
    return NULL;
}

static int is_one_of(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

int nl_yis_null(const nl_ynode *n)
{
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
    return !n || (n->kind == NL_Y_SCALAR && n->plain &&
                  strlen(n->value) == n->len && is_one_of(n->value, nulls));
}

int nl_ybool(const nl_ynode *n, int *out)
{
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", NULL};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO", NULL};
    if (!n || n->kind != NL_Y_SCALAR || !n->plain || strlen(n->value) != n->len)
        return -1;
    int v = is_one_of(n->value, yes) ? 1 : is_one_of(n->value, no) ? 0 : -1;
    if (v < 0)
        return -1;
    if (out)
        *out = v;
    return 0;
}

int nl_ylong(const nl_ynode *n, long *out)
{
    if (!n || n->kind != NL_Y_SCALAR || !n->plain || strlen(n->value) != n->len)
        return -1;
    const char *s = n->value, *digits = s + (*s == '-' || *s == '+');
    char *end;
    if (*digits < '0' || *digits > '9')
        return -1;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno == ERANGE || *end != '\0')
        return -1;
    if (out)
        *out = v;
    return 0;
}

/* Optimal string alignment distance, or 3 when it is clearly larger. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), rows[3][65];
    if (la > 64 || lb > 64 || (la > lb ? la - lb : lb - la) > 2)
        return 3;
    size_t *pp = rows[0], *p = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        p[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t d = p[j - 1] + cost;
            if (p[j] + 1 < d)
                d = p[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                pp[j - 2] + 1 < d)
                d = pp[j - 2] + 1;
            cur[j] = d;
        }
        size_t *t = pp;
        pp = p;
        p = cur;
        cur = t;
    }
    return p[lb];
}

nl_status nl_ycheck_keys(const char *name, const nl_ynode *map,
                         const char *const *allowed, nl_error *err)
{
    static const char *const none[] = {NULL};
    if (!map)
        return NL_OK;
    if (map->kind != NL_Y_MAP)
        return nl_error_set(err, NL_ERR_CONFIG, name, map->line, map->column,
                            "expected a mapping");
    if (!allowed)
        allowed = none;
    for (size_t i = 0; i < map->count; i++) {
        const nl_ynode *k = map->keys[i];
        const char *best = NULL;
        size_t best_d = 3;
        if (strlen(k->value) == k->len && is_one_of(k->value, allowed))
            continue;
        for (const char *const *a = allowed; *a; a++) {
            size_t d = distance(k->value, *a);
            if (d < best_d && d < strlen(*a)) {
                best_d = d;
                best = *a;
            }
        }
        if (best)
            return nl_error_set(err, NL_ERR_CONFIG, name, k->line, k->column,
                                "unknown key '%.80s' (did you mean '%s'?)",
                                k->value, best);
        return nl_error_set(err, NL_ERR_CONFIG, name, k->line, k->column,
                            "unknown key '%.80s'", k->value);
    }
    return NL_OK;
}
