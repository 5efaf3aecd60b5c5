/*
 * config.c — validate and compile rules/notice.yaml.  See config.h.
 *
 * Validation is strict so that a typo in a house-style file is an error,
 * not a silently ignored key: every mapping's keys are checked against the
 * keys this loader understands, and every named group in a fact extractor
 * must be a fact noticelint knows (facts.h) or start with '_'.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "embedded.h"
#include "error.h"
#include "readfile.h"
#include "facts.h"
#include "ytree.h"

static const char *const scope_names[NL_SCOPE_COUNT] = {
    "title", "meta", "preamble", "body", "contact", "signature_unit",
    "signature_date", "document"};

int nl_scope_from_name(const char *name)
{
    for (int i = 0; i < NL_SCOPE_COUNT; i++)
        if (strcmp(name, scope_names[i]) == 0)
            return i;
    return -1;
}

const char *nl_scope_name(int scope)
{
    return scope >= 0 && scope < NL_SCOPE_COUNT ? scope_names[scope] : "?";
}

typedef struct loader {
    const char *name;
    nl_defs defs;
    nl_error *err;
} loader;

static nl_status fail(loader *ld, const nl_ynode *at, const char *msg,
                      const char *what)
{
    return nl_error_set(ld->err, NL_ERR_CONFIG, ld->name, at ? at->line : 0,
                        at ? at->column : 0, "%s%s", what ? what : "", msg);
}

static nl_status compile(loader *ld, const nl_ynode *n, const char *what,
                         nl_pattern **out)
{
    if (!n || n->kind != NL_Y_SCALAR)
        return fail(ld, n, " must be a pattern string", what);
    if (n->len == 0)
        return fail(ld, n, " is empty (an empty pattern would match everything)", what);
    return nl_pattern_compile(n->value, n->len, &ld->defs, ld->name, n->line,
                              n->column, out, ld->err);
}

/* A required key holding one pattern. */
static nl_status compile_key(loader *ld, const nl_ynode *map, const char *key,
                             nl_pattern **out)
{
    const nl_ynode *n = nl_yget(map, key);
    if (!n)
        return nl_error_set(ld->err, NL_ERR_CONFIG, ld->name, map->line,
                            map->column, "missing key '%s'", key);
    return compile(ld, n, key, out);
}

/* A pattern or a list of patterns. */
static nl_status compile_list(loader *ld, const nl_ynode *n, const char *what,
                              nl_patlist *out)
{
    if (!n)
        return NL_OK;
    size_t count = n->kind == NL_Y_SEQ ? n->count : 1;
    out->v = calloc(count ? count : 1, sizeof *out->v);
    if (!out->v)
        return nl_error_set(ld->err, NL_ERR_NOMEM, ld->name, 0, 0, "out of memory");
    for (size_t i = 0; i < count; i++) {
        nl_status st = compile(ld, n->kind == NL_Y_SEQ ? n->items[i] : n,
                               what, &out->v[i]);
        if (st != NL_OK)
            return st;
        out->n++;
    }
    return NL_OK;
}

/* Require named group `name` in p; return its number in *g. */
static nl_status need_group(loader *ld, const nl_ynode *at, nl_pattern *p,
                            const char *name, int *g)
{
    *g = nl_pattern_group(p, name);
    if (*g < 0)
        return nl_error_set(ld->err, NL_ERR_CONFIG, ld->name, at->line,
                            at->column, "pattern needs a named group (?<%s>...)",
                            name);
    return NL_OK;
}

typedef struct group_check {
    const char *bad;
} group_check;

static void check_fact_group(const char *name, int number, void *ctx)
{
    (void)number;
    group_check *gc = ctx;
    if (!gc->bad && name[0] != '_' && nl_fact_find(name) < 0)
        gc->bad = name;
}

static nl_status load_headings(loader *ld, const nl_ynode *seq, nl_config *cfg)
{
    static const char *const keys[] = {"level", "pattern", NULL};
    if (!seq || seq->kind != NL_Y_SEQ || seq->count == 0)
        return fail(ld, seq, "'headings' must be a non-empty list", NULL);
    if (seq->count > sizeof cfg->headings / sizeof cfg->headings[0])
        return fail(ld, seq, "too many heading levels (at most 8)", NULL);
    for (size_t i = 0; i < seq->count; i++) {
        const nl_ynode *h = seq->items[i];
        nl_heading_def *d = &cfg->headings[i];
        long level;
        if (h->kind != NL_Y_MAP)
            return fail(ld, h, "a heading level must be a mapping", NULL);
        nl_status st = nl_ycheck_keys(ld->name, h, keys, ld->err);
        if (st != NL_OK)
            return st;
        if (nl_ylong(nl_yget(h, "level"), &level) != 0 || level < 1 || level > 8)
            return fail(ld, nl_yget(h, "level") ? nl_yget(h, "level") : h,
                        "'level' must be an integer from 1 to 8", NULL);
        d->level = (int)level;
        if ((st = compile_key(ld, h, "pattern", &d->re)) != NL_OK)
            return st;
        cfg->nheadings++;
        const nl_ynode *pat = nl_yget(h, "pattern");
        if ((st = need_group(ld, pat, d->re, "label", &d->g_label)) != NL_OK ||
            (st = need_group(ld, pat, d->re, "num", &d->g_num)) != NL_OK)
            return st;
    }
    return NL_OK;
}

static nl_status load_facts(loader *ld, const nl_ynode *seq, nl_config *cfg)
{
    static const char *const keys[] = {"scope", "pattern", NULL};
    if (!seq)
        return NL_OK;
    if (seq->kind != NL_Y_SEQ)
        return fail(ld, seq, "'facts' must be a list", NULL);
    cfg->facts = calloc(seq->count ? seq->count : 1, sizeof *cfg->facts);
    if (!cfg->facts)
        return nl_error_set(ld->err, NL_ERR_NOMEM, ld->name, 0, 0, "out of memory");
    for (size_t i = 0; i < seq->count; i++) {
        const nl_ynode *f = seq->items[i];
        if (f->kind != NL_Y_MAP)
            return fail(ld, f, "a fact extractor must be a mapping", NULL);
        nl_status st = nl_ycheck_keys(ld->name, f, keys, ld->err);
        if (st != NL_OK)
            return st;
        const nl_ynode *sc = nl_yget(f, "scope");
        int scope = sc && sc->kind == NL_Y_SCALAR ? nl_scope_from_name(sc->value) : -1;
        if (scope < 0)
            return fail(ld, sc ? sc : f,
                        "'scope' must be one of title, meta, preamble, body, "
                        "contact, signature_unit, signature_date, document", NULL);
        nl_extractor *x = &cfg->facts[cfg->nfacts];
        x->scope = scope;
        if ((st = compile_key(ld, f, "pattern", &x->re)) != NL_OK)
            return st;
        cfg->nfacts++;
        group_check gc = {NULL};
        nl_pattern_each_group(x->re, check_fact_group, &gc);
        if (gc.bad) {
            const nl_ynode *pat = nl_yget(f, "pattern");
            return nl_error_set(ld->err, NL_ERR_CONFIG, ld->name, pat->line,
                                pat->column,
                                "group (?<%s>) is not a known fact "
                                "(see docs/parse-output.md; prefix helper groups with '_')",
                                gc.bad);
        }
    }
    return NL_OK;
}

static nl_status load_defs(loader *ld, const nl_ynode *defs)
{
    if (!defs)
        return NL_OK;
    if (defs->kind != NL_Y_MAP)
        return fail(ld, defs, "'defs' must be a mapping of names to patterns", NULL);
    ld->defs.names = calloc(defs->count + 1, sizeof *ld->defs.names);
    ld->defs.values = calloc(defs->count + 1, sizeof *ld->defs.values);
    if (!ld->defs.names || !ld->defs.values)
        return nl_error_set(ld->err, NL_ERR_NOMEM, ld->name, 0, 0, "out of memory");
    for (size_t i = 0; i < defs->count; i++) {
        if (defs->items[i]->kind != NL_Y_SCALAR)
            return fail(ld, defs->items[i], "a def must be a pattern string", NULL);
        ld->defs.names[i] = defs->keys[i]->value;
        ld->defs.values[i] = defs->items[i]->value;
        ld->defs.count++;
    }
    return NL_OK;
}

/* html: {body: [selector...]}: "#id", ".class" or a tag name each. */
static nl_status load_html(loader *ld, const nl_ynode *html, nl_config *cfg)
{
    static const char *const keys[] = {"body", NULL};
    nl_status st;
    cfg->html_body = calloc(1, sizeof *cfg->html_body);
    if (!cfg->html_body)
        return nl_error_set(ld->err, NL_ERR_NOMEM, ld->name, 0, 0, "out of memory");
    if (!html)
        return NL_OK;
    if (html->kind != NL_Y_MAP)
        return fail(ld, html, "'html' must be a mapping", NULL);
    if ((st = nl_ycheck_keys(ld->name, html, keys, ld->err)) != NL_OK)
        return st;
    const nl_ynode *body = nl_yget(html, "body");
    if (!body)
        return NL_OK;
    if (body->kind != NL_Y_SEQ)
        return fail(ld, body, "'html.body' must be a list of selectors", NULL);
    char **v = realloc(cfg->html_body, (body->count + 1) * sizeof *v);
    if (!v)
        return nl_error_set(ld->err, NL_ERR_NOMEM, ld->name, 0, 0, "out of memory");
    cfg->html_body = v;
    for (size_t i = 0; i <= body->count; i++)
        v[i] = NULL;
    for (size_t i = 0; i < body->count; i++) {
        const nl_ynode *it = body->items[i];
        const char *sel = it->kind == NL_Y_SCALAR ? it->value : "";
        size_t k = strspn(sel + (*sel == '#' || *sel == '.'),
                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                          "0123456789-_:");
        if (!*sel || sel[(*sel == '#' || *sel == '.') + k] != '\0' ||
            k == 0)
            return fail(ld, it, "an html.body selector must be #id, .class or a tag name", NULL);
        if (!(v[i] = strdup(sel)))
            return nl_error_set(ld->err, NL_ERR_NOMEM, ld->name, 0, 0, "out of memory");
    }
    return NL_OK;
}

static nl_status load_root(loader *ld, const nl_ynode *root, nl_config *cfg)
{
    static const char *const keys[] = {
        "version", "defs", "head_lines", "chrome", "title", "headings",
        "heading_text_end", "enumeration", "problem_title", "contact",
        "signature", "dates", "facts", "discipline", "html", NULL};
    static const char *const chrome_keys[] = {"header", "meta", "footer", NULL};
    static const char *const contact_keys[] = {"start", NULL};
    static const char *const sig_keys[] = {"unit", "date", NULL};
    nl_status st;
    int g;
    if (root->kind != NL_Y_MAP)
        return fail(ld, root, "a parser configuration must be a mapping", NULL);
    if ((st = nl_ycheck_keys(ld->name, root, keys, ld->err)) != NL_OK)
        return st;
    long version = 1, head = 8;
    const nl_ynode *v = nl_yget(root, "version");
    if (v && (nl_ylong(v, &version) != 0 || version != 1))
        return fail(ld, v, "unsupported 'version' (this noticelint reads version 1)", NULL);
    v = nl_yget(root, "head_lines");
    if (v && (nl_ylong(v, &head) != 0 || head < 0 || head > 100))
        return fail(ld, v, "'head_lines' must be an integer from 0 to 100", NULL);
    cfg->head_lines = (size_t)head;
    if ((st = load_defs(ld, nl_yget(root, "defs"))) != NL_OK)
        return st;

    const nl_ynode *chrome = nl_yget(root, "chrome");
    if (chrome) {
        if (chrome->kind != NL_Y_MAP)
            return fail(ld, chrome, "'chrome' must be a mapping", NULL);
        if ((st = nl_ycheck_keys(ld->name, chrome, chrome_keys, ld->err)) != NL_OK ||
            (st = compile_list(ld, nl_yget(chrome, "header"), "header", &cfg->header)) != NL_OK ||
            (st = compile_list(ld, nl_yget(chrome, "meta"), "meta", &cfg->meta)) != NL_OK ||
            (st = compile_list(ld, nl_yget(chrome, "footer"), "footer", &cfg->footer)) != NL_OK)
            return st;
    }
    if ((st = compile_list(ld, nl_yget(root, "title"), "title", &cfg->title)) != NL_OK ||
        (st = load_headings(ld, nl_yget(root, "headings"), cfg)) != NL_OK)
        return st;

    v = nl_yget(root, "heading_text_end");
    if (v && (v->kind != NL_Y_SCALAR || v->len == 0))
        return fail(ld, v, "'heading_text_end' must be a non-empty string of characters", NULL);
    cfg->heading_text_end = strdup(v ? v->value : "。");
    if (!cfg->heading_text_end)
        return nl_error_set(ld->err, NL_ERR_NOMEM, ld->name, 0, 0, "out of memory");

    if ((st = compile_key(ld, root, "enumeration", &cfg->enumeration)) != NL_OK ||
        (st = need_group(ld, nl_yget(root, "enumeration"), cfg->enumeration, "label", &g)) != NL_OK ||
        (st = need_group(ld, nl_yget(root, "enumeration"), cfg->enumeration, "num", &g)) != NL_OK ||
        (st = compile_key(ld, root, "problem_title", &cfg->problem_title)) != NL_OK ||
        (st = need_group(ld, nl_yget(root, "problem_title"), cfg->problem_title, "title", &g)) != NL_OK ||
        (st = compile_key(ld, root, "dates", &cfg->dates)) != NL_OK)
        return st;

    const nl_ynode *contact = nl_yget(root, "contact");
    if (contact) {
        if (contact->kind != NL_Y_MAP)
            return fail(ld, contact, "'contact' must be a mapping", NULL);
        if ((st = nl_ycheck_keys(ld->name, contact, contact_keys, ld->err)) != NL_OK ||
            (st = compile_list(ld, nl_yget(contact, "start"), "start", &cfg->contact_start)) != NL_OK)
            return st;
    }
    const nl_ynode *sig = nl_yget(root, "signature");
    if (!sig || sig->kind != NL_Y_MAP)
        return fail(ld, sig ? sig : root, "'signature' must be a mapping with 'unit' and 'date'", NULL);
    if ((st = nl_ycheck_keys(ld->name, sig, sig_keys, ld->err)) != NL_OK ||
        (st = compile_key(ld, sig, "unit", &cfg->sig_unit)) != NL_OK ||
        (st = compile_key(ld, sig, "date", &cfg->sig_date)) != NL_OK ||
        (st = load_facts(ld, nl_yget(root, "facts"), cfg)) != NL_OK)
        return st;
    if ((st = load_html(ld, nl_yget(root, "html"), cfg)) != NL_OK)
        return st;
    if (nl_yget(root, "discipline")) {
        const nl_ynode *d = nl_yget(root, "discipline");
        if ((st = compile(ld, d, "discipline", &cfg->discipline)) != NL_OK ||
            (st = need_group(ld, d, cfg->discipline, "kind", &g)) != NL_OK ||
            (st = need_group(ld, d, cfg->discipline, "count", &g)) != NL_OK)
            return st;
    }
    return NL_OK;
}

/* Copy the defs out of the YAML tree, which is freed after loading. */
static nl_status keep_defs(nl_config *cfg, const nl_defs *d, const char *name,
                           nl_error *err)
{
    cfg->defs.names = calloc(d->count + 1, sizeof *cfg->defs.names);
    cfg->defs.values = calloc(d->count + 1, sizeof *cfg->defs.values);
    if (!cfg->defs.names || !cfg->defs.values)
        return nl_error_set(err, NL_ERR_NOMEM, name, 0, 0, "out of memory");
    for (size_t i = 0; i < d->count; i++) {
        char *n = strdup(d->names[i]), *v = strdup(d->values[i]);
        cfg->defs.names[i] = n;
        cfg->defs.values[i] = v;
        cfg->defs.count = i + 1;
        if (!n || !v)
            return nl_error_set(err, NL_ERR_NOMEM, name, 0, 0, "out of memory");
    }
    return NL_OK;
}

nl_status nl_config_load_text(const char *name, const char *text, size_t len,
                              nl_config **out, nl_error *err)
{
    *out = NULL;
    nl_config *cfg = calloc(1, sizeof *cfg);
    if (!cfg || !(cfg->name = strdup(name))) {
        free(cfg);
        return nl_error_set(err, NL_ERR_NOMEM, name, 0, 0, "out of memory");
    }
    nl_ydoc *y = NULL;
    nl_status st = nl_yload(name, text, len, NULL, &y, err);
    if (st == NL_OK) {
        loader ld = {name, {0, NULL, NULL}, err};
        st = load_root(&ld, nl_yroot(y), cfg);
        if (st == NL_OK)
            st = keep_defs(cfg, &ld.defs, name, err);
        free(ld.defs.names);
        free(ld.defs.values);
    }
    nl_yfree(y); /* patterns keep their own expanded source */
    if (st != NL_OK) {
        nl_config_free(cfg);
        return st;
    }
    *out = cfg;
    return NL_OK;
}

nl_status nl_config_load_default(nl_config **out, nl_error *err)
{
    const nl_embedded_file *f = nl_embedded_find("notice.yaml");
    if (!f)
        return nl_error_set(err, NL_ERR_CONFIG, "notice.yaml", 0, 0,
                            "the default parser configuration is not embedded");
    return nl_config_load_text("<embedded>/rules/notice.yaml", f->data, f->len,
                               out, err);
}

nl_status nl_config_load_file(const char *path, nl_config **out, nl_error *err)
{
    *out = NULL;
    char *buf = NULL;
    size_t n = 0;
    nl_status st = nl_read_file(path, (size_t)64 << 20, "parser configuration",
                                &buf, &n, err);
    if (st == NL_ERR_INPUT && err)
        err->code = NL_ERR_CONFIG;
    if (st != NL_OK)
        return st == NL_ERR_INPUT ? NL_ERR_CONFIG : st;
    st = nl_config_load_text(path, buf, n, out, err);
    free(buf);
    return st;
}

static void free_list(nl_patlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        nl_pattern_free(l->v[i]);
    free(l->v);
}

void nl_config_free(nl_config *cfg)
{
    if (!cfg)
        return;
    free_list(&cfg->header);
    free_list(&cfg->meta);
    free_list(&cfg->footer);
    free_list(&cfg->title);
    free_list(&cfg->contact_start);
    for (size_t i = 0; i < cfg->nheadings; i++)
        nl_pattern_free(cfg->headings[i].re);
    for (size_t i = 0; i < cfg->nfacts; i++)
        nl_pattern_free(cfg->facts[i].re);
    free(cfg->facts);
    nl_pattern_free(cfg->enumeration);
    nl_pattern_free(cfg->problem_title);
    nl_pattern_free(cfg->sig_unit);
    nl_pattern_free(cfg->sig_date);
    nl_pattern_free(cfg->dates);
    nl_pattern_free(cfg->discipline);
    for (size_t i = 0; i < cfg->defs.count; i++) {
        free((char *)cfg->defs.names[i]);
        free((char *)cfg->defs.values[i]);
    }
    free(cfg->defs.names);
    free(cfg->defs.values);
    for (char **h = cfg->html_body; h && *h; h++)
        free(*h);
    free(cfg->html_body);
    free(cfg->heading_text_end);
    free(cfg->name);
    free(cfg);
}

const nl_embedded_file *nl_embedded_find(const char *name)
{
    for (const nl_embedded_file *f = nl_embedded_files; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}
