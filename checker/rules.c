/*
 * rules.c — load, validate and compile YAML rule packs.  See rules.h.
 *
 * Loading a rule: the common keys are read here (through nl_rkey, so that
 * configuration overrides apply), the kind module validates and compiles
 * its own keys, and finally the rule's `examples` are run through the
 * kind's example() function: a rule whose own examples fail is refused,
 * the way prh checks its specs.
 */
#include "rules.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "error.h"
#include "eval.h"
#include "readfile.h"
#include "kinds/kinds.h"

static const char *const severity_names[] = {"info", "warning", "error"};

const char *nl_severity_name(int sev)
{
    return sev >= 0 && sev <= 2 ? severity_names[sev] : "?";
}

int nl_severity_from_name(const char *name)
{
    for (int i = 0; i <= 2; i++)
        if (strcmp(name, severity_names[i]) == 0)
            return i;
    return -1;
}

static const char *const rscope_names[NL_RS_COUNT] = {
    "document", "title", "preamble", "heading", "aspect", "item",
    "paragraph", "contact", "signature", "section", "line"};

const char *nl_rscope_name(int scope)
{
    return scope >= 0 && scope < NL_RS_COUNT ? rscope_names[scope] : "?";
}

int nl_rscope_from_name(const char *name)
{
    for (int i = 0; i < NL_RS_COUNT; i++)
        if (strcmp(name, rscope_names[i]) == 0)
            return i;
    return -1;
}

static const nl_kind *const all_kinds[] = {
    &nl_kind_forbid, &nl_kind_require, &nl_kind_conditional,
    &nl_kind_sequence, &nl_kind_unique, &nl_kind_balance, &nl_kind_extract,
    &nl_kind_compare, &nl_kind_sum, &nl_kind_count};
#define NKINDS (sizeof all_kinds / sizeof all_kinds[0])

const nl_kind *nl_kind_find(const char *name)
{
    for (size_t i = 0; i < NKINDS; i++)
        if (strcmp(all_kinds[i]->name, name) == 0)
            return all_kinds[i];
    return NULL;
}

const char *nl_kind_names(void)
{
    return "forbid, require, conditional, sequence, unique, balance, extract, "
           "compare, sum, count";
}

static const char *const common_keys[] = {
    "id", "kind", "severity", "message", "scope", "description",
    "suggestion", "examples", "enabled", NULL};

/* ---- loader helpers for kinds ---- */

const nl_ynode *nl_rkey(nl_rload *ld, const char *key)
{
    const nl_ynode *v = ld->override ? nl_yget(ld->override, key) : NULL;
    return v ? v : nl_yget(ld->node, key);
}

static const char *rule_id(nl_rload *ld)
{
    const nl_ynode *id = nl_yget(ld->node, "id");
    return id && id->kind == NL_Y_SCALAR ? id->value : "?";
}

/* Is n the override mapping or inside it? */
static int within(const nl_ynode *root, const nl_ynode *n, int depth)
{
    if (!root || depth > 16)
        return 0;
    if (root == n)
        return 1;
    for (size_t i = 0; i < root->count; i++)
        if (within(root->items[i], n, depth + 1) ||
            (root->keys && root->keys[i] == n))
            return 1;
    return 0;
}

nl_status nl_rfail(nl_rload *ld, const nl_ynode *n, const char *fmt, ...)
{
    char text[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (!n)
        n = ld->node;
    const char *file = ld->override_file && within(ld->override, n, 0)
                           ? ld->override_file : ld->file;
    return nl_error_set(ld->err, NL_ERR_CONFIG, file, n->line, n->column,
                        "rule '%s': %s", rule_id(ld), text);
}

nl_status nl_rstring(nl_rload *ld, const char *key, int required, char **out)
{
    *out = NULL;
    const nl_ynode *n = nl_rkey(ld, key);
    if (!n) {
        if (required)
            return nl_rfail(ld, NULL, "missing key '%s'", key);
        return NL_OK;
    }
    if (n->kind != NL_Y_SCALAR)
        return nl_rfail(ld, n, "'%s' must be a string", key);
    if (!(*out = strdup(n->value)))
        return nl_rfail(ld, n, "out of memory");
    return NL_OK;
}

nl_status nl_rlong(nl_rload *ld, const char *key, long dflt, long *out)
{
    const nl_ynode *n = nl_rkey(ld, key);
    *out = dflt;
    if (!n)
        return NL_OK;
    if (nl_ylong(n, out) != 0)
        return nl_rfail(ld, n, "'%s' must be an integer", key);
    return NL_OK;
}

nl_status nl_rdouble(nl_rload *ld, const char *key, double dflt, double *out)
{
    const nl_ynode *n = nl_rkey(ld, key);
    *out = dflt;
    if (!n)
        return NL_OK;
    char *end;
    errno = 0;
    double v = n->kind == NL_Y_SCALAR && n->plain && n->len ? strtod(n->value, &end) : 0;
    if (n->kind != NL_Y_SCALAR || !n->plain || !n->len || *end || errno)
        return nl_rfail(ld, n, "'%s' must be a number", key);
    *out = v;
    return NL_OK;
}

nl_status nl_rbool(nl_rload *ld, const char *key, int dflt, int *out)
{
    const nl_ynode *n = nl_rkey(ld, key);
    *out = dflt;
    if (!n)
        return NL_OK;
    if (nl_ybool(n, out) != 0)
        return nl_rfail(ld, n, "'%s' must be true or false", key);
    return NL_OK;
}

nl_status nl_rpattern_node(nl_rload *ld, const nl_ynode *n, nl_pattern **out)
{
    if (n->kind != NL_Y_SCALAR)
        return nl_rfail(ld, n, "a pattern must be a string");
    if (n->len == 0)
        return nl_rfail(ld, n, "a pattern must not be empty");
    nl_status st = nl_pattern_compile(n->value, n->len, ld->defs, ld->file,
                                      n->line, n->column, out, ld->err);
    if (st != NL_OK && ld->err && ld->err->code == st) {
        /* Prefix the rule id to the pattern's own message. */
        char text[sizeof ld->err->text + 160];
        snprintf(text, sizeof text, "rule '%s': %s", rule_id(ld), ld->err->text);
        text[sizeof ld->err->text - 1] = '\0';
        memcpy(ld->err->text, text, sizeof ld->err->text);
    }
    return st;
}

nl_status nl_rpatterns(nl_rload *ld, const char *key, int required,
                       nl_pattern ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    const nl_ynode *v = nl_rkey(ld, key);
    if (!v) {
        if (required)
            return nl_rfail(ld, NULL, "missing key '%s'", key);
        return NL_OK;
    }
    size_t count = v->kind == NL_Y_SEQ ? v->count : 1;
    if (v->kind == NL_Y_MAP || count == 0)
        return nl_rfail(ld, v, "'%s' must be a pattern or a non-empty list of patterns", key);
    if (!(*out = calloc(count, sizeof **out)))
        return nl_rfail(ld, v, "out of memory");
    for (size_t i = 0; i < count; i++) {
        nl_status st = nl_rpattern_node(ld, v->kind == NL_Y_SEQ ? v->items[i] : v,
                                        &(*out)[i]);
        if (st != NL_OK) {
            nl_free_patterns(*out, i);
            *out = NULL;
            return st;
        }
        (*n)++;
    }
    return NL_OK;
}

nl_status nl_rstrings(nl_rload *ld, const char *key, int required,
                      char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    const nl_ynode *v = nl_rkey(ld, key);
    if (!v) {
        if (required)
            return nl_rfail(ld, NULL, "missing key '%s'", key);
        return NL_OK;
    }
    size_t count = v->kind == NL_Y_SEQ ? v->count : 1;
    if (v->kind == NL_Y_MAP || count == 0)
        return nl_rfail(ld, v, "'%s' must be a string or a non-empty list of strings", key);
    if (!(*out = calloc(count, sizeof **out)))
        return nl_rfail(ld, v, "out of memory");
    for (size_t i = 0; i < count; i++) {
        const nl_ynode *s = v->kind == NL_Y_SEQ ? v->items[i] : v;
        if (s->kind != NL_Y_SCALAR || !((*out)[i] = strdup(s->value))) {
            nl_free_strings(*out, i);
            *out = NULL;
            return nl_rfail(ld, s, "'%s' must hold strings", key);
        }
        (*n)++;
    }
    return NL_OK;
}

void nl_free_patterns(nl_pattern **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        nl_pattern_free(v[i]);
    free(v);
}

void nl_free_strings(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

/* ---- loading rules ---- */

static void free_rule(nl_rule *r)
{
    if (r->kind && r->kind->free)
        r->kind->free(r->params);
    free(r->id);
    free(r->message);
    free(r->description);
    free(r->suggestion);
    free(r->example);
    free(r->file);
    memset(r, 0, sizeof *r);
}

/* Every key of `map` must be common or the kind's own. */
static nl_status check_rule_keys(nl_rload *ld, const nl_ynode *map,
                                 const nl_kind *kind, const char *what)
{
    const char *allowed[64];
    size_t n = 0;
    for (size_t i = 0; common_keys[i] && n < 63; i++)
        allowed[n++] = common_keys[i];
    for (size_t i = 0; kind->keys && kind->keys[i] && n < 63; i++)
        allowed[n++] = kind->keys[i];
    allowed[n] = NULL;
    nl_error tmp = {0};
    const char *file = map == ld->override && ld->override_file ? ld->override_file
                                                                : ld->file;
    if (nl_ycheck_keys(ld->file, map, allowed, &tmp) != NL_OK)
        return nl_error_set(ld->err, NL_ERR_CONFIG, file, tmp.line,
                            tmp.column, "rule '%s': %s%s (kind %s)",
                            rule_id(ld), what, tmp.text, kind->name);
    return NL_OK;
}

static nl_status check_examples(const nl_ruleset *set, nl_rload *ld, nl_rule *r)
{
    const nl_ynode *ex = nl_yget(ld->node, "examples");
    if (!ex)
        return NL_OK;
    /* Examples vouch for the rule as its file writes it.  When the project
     * configuration changes what the rule matches (patterns, thresholds),
     * they no longer apply and are not checked; cosmetic overrides are. */
    static const char *const cosmetic[] = {"enabled", "severity", "message",
                                           "description", "suggestion", NULL};
    for (size_t i = 0; ld->override && i < ld->override->count; i++) {
        const char *key = ld->override->keys[i]->value;
        int ok = 0;
        for (size_t k = 0; cosmetic[k]; k++)
            ok |= strcmp(key, cosmetic[k]) == 0;
        if (!ok)
            return NL_OK;
    }

    if (ex->kind != NL_Y_MAP)
        return nl_rfail(ld, ex, "'examples' must be a mapping with 'match' and/or 'no_match'");
    static const char *const keys[] = {"match", "no_match", NULL};
    nl_status st = nl_ycheck_keys(ld->file, ex, keys, ld->err);
    if (st != NL_OK)
        return st;
    pcre2_match_data *md = nl_match_data_new();
    if (!md)
        return nl_rfail(ld, ex, "out of memory");
    for (int want = 1; want >= 0 && st == NL_OK; want--) {
        const nl_ynode *list = nl_yget(ex, want ? "match" : "no_match");
        if (!list)
            continue;
        size_t count = list->kind == NL_Y_SEQ ? list->count : 1;
        for (size_t i = 0; i < count && st == NL_OK; i++) {
            const nl_ynode *s = list->kind == NL_Y_SEQ ? list->items[i] : list;
            if (s->kind != NL_Y_SCALAR) {
                st = nl_rfail(ld, s, "an example must be a string");
                break;
            }
            if (want && !r->example && !(r->example = strdup(s->value))) {
                st = nl_rfail(ld, s, "out of memory");
                break;
            }
            /* Pattern kinds test the pattern on the string; the others
             * parse it as a notice and run the rule on it. */
            int got = r->kind->example ? r->kind->example(r, s->value, s->len, md)
                                       : -2;
            if (got == -2 && !set->parser) {
                st = nl_rfail(ld, ex, "examples are not supported for kind %s "
                                      "without a parser configuration", r->kind->name);
                break;
            }
            if (got == -2)
                got = nl_eval_example(set, r, s->value, s->len);
            if (got < 0) {
                st = nl_rfail(ld, s, "out of memory");
                break;
            }
            if (got != want)
                st = nl_rfail(ld, s, "example \"%s\" %s", s->value,
                              want ? "should match the rule but does not"
                                   : "should not match the rule but does");
        }
    }
    pcre2_match_data_free(md);
    return st;
}

static int valid_id(const char *id)
{
    if (!*id)
        return 0;
    for (const char *p = id; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' && *p != '_')
            return 0;
    return 1;
}

static nl_status load_rule(nl_ruleset *set, nl_rload *ld, nl_override_fn overrides,
                           void *octx, nl_rule *r)
{
    const nl_ynode *node = ld->node;
    if (node->kind != NL_Y_MAP)
        return nl_error_set(ld->err, NL_ERR_CONFIG, ld->file, node->line,
                            node->column, "a rule must be a mapping");
    const nl_ynode *id = nl_yget(node, "id");
    if (!id)
        return nl_error_set(ld->err, NL_ERR_CONFIG, ld->file, node->line,
                            node->column, "rule without 'id'");
    if (id->kind != NL_Y_SCALAR || !valid_id(id->value))
        return nl_error_set(ld->err, NL_ERR_CONFIG, ld->file, id->line, id->column,
                            "rule id must be letters, digits, '.', '-' or '_'");
    const nl_rule *dup = nl_ruleset_find(set, id->value);
    if (dup)
        return nl_error_set(ld->err, NL_ERR_CONFIG, ld->file, id->line, id->column,
                            "duplicate rule id '%s' (first defined at %s:%d:%d)",
                            id->value, dup->file, dup->line, dup->column);
    ld->override = overrides ? overrides(id->value, octx) : NULL;
    if (ld->override && ld->override->kind != NL_Y_MAP)
        return nl_rfail(ld, ld->override, "configuration override must be a mapping");
    const nl_ynode *kind = nl_yget(node, "kind");
    if (!kind || kind->kind != NL_Y_SCALAR)
        return nl_rfail(ld, kind, "missing or invalid 'kind' (one of: %s)", nl_kind_names());
    r->kind = nl_kind_find(kind->value);
    if (!r->kind)
        return nl_rfail(ld, kind, "unknown kind '%s' (one of: %s)", kind->value,
                        nl_kind_names());
    nl_status st = check_rule_keys(ld, node, r->kind, "");
    if (st == NL_OK && ld->override)
        st = check_rule_keys(ld, ld->override, r->kind, "configuration: ");
    if (st != NL_OK)
        return st;
    if (!(r->id = strdup(id->value)) || !(r->file = strdup(ld->file)))
        return nl_rfail(ld, NULL, "out of memory");
    r->line = node->line;
    r->column = node->column;

    char *sev = NULL, *scope = NULL;
    int is_extract = r->kind == &nl_kind_extract;
    if ((st = nl_rstring(ld, "severity", !is_extract, &sev)) != NL_OK)
        return st;
    r->severity = sev ? nl_severity_from_name(sev) : NL_SEV_INFO;
    free(sev);
    if (r->severity < 0)
        return nl_rfail(ld, nl_rkey(ld, "severity"),
                        "severity must be error, warning or info");
    if ((st = nl_rstring(ld, "scope", 0, &scope)) != NL_OK)
        return st;
    r->scope = scope ? nl_rscope_from_name(scope) : NL_RS_DOCUMENT;
    free(scope);
    if (r->scope < 0)
        return nl_rfail(ld, nl_rkey(ld, "scope"),
                        "scope must be one of document, title, preamble, heading, "
                        "aspect, item, paragraph, contact, signature, section, line");
    if ((st = nl_rstring(ld, "message", !is_extract, &r->message)) != NL_OK ||
        (st = nl_rstring(ld, "description", 0, &r->description)) != NL_OK ||
        (st = nl_rstring(ld, "suggestion", 0, &r->suggestion)) != NL_OK ||
        (st = nl_rbool(ld, "enabled", 1, &r->enabled)) != NL_OK)
        return st;
    if ((st = r->kind->load(r, ld)) != NL_OK)
        return st;
    return check_examples(set, ld, r);
}

nl_status nl_rules_load_text(nl_ruleset *set, const char *name,
                             const char *text, size_t len,
                             nl_override_fn overrides, void *octx,
                             nl_error *err)
{
    nl_ydoc *y = NULL;
    nl_status st = nl_yload(name, text, len, NULL, &y, err);
    if (st != NL_OK)
        return st;
    const nl_ynode *root = nl_yroot(y);
    nl_defs defs = {0, NULL, NULL};
    static const char *const keys[] = {"version", "defs", "rules", NULL};
    if (root->kind != NL_Y_MAP) {
        st = nl_error_set(err, NL_ERR_CONFIG, name, root->line, root->column,
                          "a rule file must be a mapping with a 'rules:' list");
        goto out;
    }
    if ((st = nl_ycheck_keys(name, root, keys, err)) != NL_OK)
        goto out;
    const nl_ynode *v = nl_yget(root, "version");
    long version = 1;
    if (v && (nl_ylong(v, &version) != 0 || version != 1)) {
        st = nl_error_set(err, NL_ERR_CONFIG, name, v->line, v->column,
                          "unsupported 'version' (this noticelint reads version 1)");
        goto out;
    }
    const nl_ynode *d = nl_yget(root, "defs");
    if (d) {
        if (d->kind != NL_Y_MAP) {
            st = nl_error_set(err, NL_ERR_CONFIG, name, d->line, d->column,
                              "'defs' must be a mapping of names to patterns");
            goto out;
        }
        size_t base = set->base_defs ? set->base_defs->count : 0;
        defs.names = calloc(d->count + base + 1, sizeof *defs.names);
        defs.values = calloc(d->count + base + 1, sizeof *defs.values);
        if (!defs.names || !defs.values) {
            st = nl_error_set(err, NL_ERR_NOMEM, name, 0, 0, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < d->count; i++) {
            if (d->items[i]->kind != NL_Y_SCALAR) {
                st = nl_error_set(err, NL_ERR_CONFIG, name, d->items[i]->line,
                                  d->items[i]->column, "a def must be a pattern string");
                goto out;
            }
            defs.names[defs.count] = d->keys[i]->value;
            defs.values[defs.count++] = d->items[i]->value;
        }
    }
    /* The base defs follow the file's own, so the file's win. */
    if (set->base_defs && set->base_defs->count) {
        if (!defs.names) {
            defs.names = calloc(set->base_defs->count + 1, sizeof *defs.names);
            defs.values = calloc(set->base_defs->count + 1, sizeof *defs.values);
            if (!defs.names || !defs.values) {
                st = nl_error_set(err, NL_ERR_NOMEM, name, 0, 0, "out of memory");
                goto out;
            }
        }
        for (size_t i = 0; i < set->base_defs->count; i++) {
            defs.names[defs.count] = set->base_defs->names[i];
            defs.values[defs.count++] = set->base_defs->values[i];
        }
    }
    const nl_ynode *rules = nl_yget(root, "rules");
    if (!rules || rules->kind != NL_Y_SEQ) {
        st = nl_error_set(err, NL_ERR_CONFIG, name, rules ? rules->line : root->line,
                          rules ? rules->column : root->column,
                          "a rule file needs a 'rules:' list");
        goto out;
    }
    for (size_t i = 0; i < rules->count; i++) {
        /* The capacity is the smallest power of two >= n (only this loop
         * appends): grow by doubling when n is 0 or a power of two, so a
         * 10,000-rule pack is not 10,000 copying reallocs. */
        if ((set->n & (set->n - 1)) == 0) {
            nl_rule *nv = realloc(set->rules, (set->n ? 2 * set->n : 1) * sizeof *nv);
            if (!nv) {
                st = nl_error_set(err, NL_ERR_NOMEM, name, 0, 0, "out of memory");
                goto out;
            }
            set->rules = nv;
        }
        nl_rule *r = &set->rules[set->n];
        memset(r, 0, sizeof *r);
        nl_rload ld = {name, rules->items[i], NULL, &defs, err, set->override_file};
        st = load_rule(set, &ld, overrides, octx, r);
        if (st != NL_OK) {
            free_rule(r);
            goto out;
        }
        set->n++;
    }
out:
    free(defs.names);
    free(defs.values);
    nl_yfree(y);
    return st;
}

nl_status nl_rules_load_file(nl_ruleset *set, const char *path,
                             nl_override_fn overrides, void *octx,
                             nl_error *err)
{
    char *buf = NULL;
    size_t n = 0;
    nl_status st = nl_read_file(path, (size_t)64 << 20, "rule file", &buf, &n, err);
    if (st == NL_ERR_INPUT) {
        if (err)
            err->code = NL_ERR_CONFIG;
        return NL_ERR_CONFIG;
    }
    if (st != NL_OK)
        return st;
    st = nl_rules_load_text(set, path, buf, n, overrides, octx, err);
    free(buf);
    return st;
}

nl_status nl_rules_load_default(nl_ruleset *set, nl_override_fn overrides,
                                void *octx, nl_error *err)
{
    for (const nl_embedded_file *f = nl_embedded_files; f->name; f++) {
        if (strcmp(f->name, "notice.yaml") == 0)
            continue;
        char name[300];
        snprintf(name, sizeof name, "rules/%s", f->name);
        nl_status st = nl_rules_load_text(set, name, f->data, f->len, overrides,
                                          octx, err);
        if (st != NL_OK)
            return st;
    }
    return NL_OK;
}

void nl_ruleset_free(nl_ruleset *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++)
        free_rule(&set->rules[i]);
    free(set->rules);
    set->rules = NULL;
    set->n = 0;
}

const nl_rule *nl_ruleset_find(const nl_ruleset *set, const char *id)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->rules[i].id, id) == 0)
            return &set->rules[i];
    return NULL;
}
