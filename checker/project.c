/*
 * project.c — find, load and apply .noticelint.yaml.  See project.h.
 *
 * Path globs use fnmatch(3) without FNM_PATHNAME, so `*` also crosses
 * directory separators (`drafts*` covers everything below drafts/).  A
 * document path is matched as given and, when the project file has a
 * directory, relative to that directory.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "project.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "readfile.h"

#define PROJECT_FILE ".noticelint.yaml"

char *nl_project_find(const char *start)
{
    /* Walk up with ../ prefixes rather than absolute paths, so the path we
     * report is relative to where the user stands. */
    char prefix[PATH_MAX] = "";
    size_t slen = strlen(start);
    if (slen + 2 >= sizeof prefix)
        return NULL;
    if (strcmp(start, ".") != 0)
        snprintf(prefix, sizeof prefix, "%s%s", start,
                 slen && start[slen - 1] == '/' ? "" : "/");
    for (int depth = 0; depth < 256; depth++) {
        char path[PATH_MAX + 32], real[PATH_MAX];
        struct stat st;
        snprintf(path, sizeof path, "%s%s", prefix, PROJECT_FILE);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            return strdup(path);
        if (!realpath(prefix[0] ? prefix : ".", real) || strcmp(real, "/") == 0)
            return NULL;
        if (strlen(prefix) + 4 >= sizeof prefix)
            return NULL;
        strcat(prefix, "../");
    }
    return NULL;
}

static char *resolve(const nl_project *p, const char *rel)
{
    if (rel[0] == '/' || !p->dir)
        return strdup(rel);
    size_t n = strlen(p->dir) + strlen(rel) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s/%s", p->dir, rel);
    return s;
}

static nl_status fail(const nl_project *p, const nl_ynode *n, nl_error *err,
                      const char *msg)
{
    return nl_error_set(err, NL_ERR_CONFIG, p->path, n ? n->line : 0,
                        n ? n->column : 0, "%s", msg);
}

static nl_status strings(const nl_project *p, const nl_ynode *n, char ***out,
                         size_t *count, int paths, nl_error *err)
{
    size_t k = n->kind == NL_Y_SEQ ? n->count : 1;
    if (n->kind == NL_Y_MAP)
        return fail(p, n, err, "expected a string or a list of strings");
    *out = calloc(k ? k : 1, sizeof **out);
    if (!*out)
        return fail(p, n, err, "out of memory");
    for (size_t i = 0; i < k; i++) {
        const nl_ynode *s = n->kind == NL_Y_SEQ ? n->items[i] : n;
        if (s->kind != NL_Y_SCALAR)
            return fail(p, s, err, "expected a string");
        if (!((*out)[i] = paths ? resolve(p, s->value) : strdup(s->value)))
            return fail(p, s, err, "out of memory");
        (*count)++;
    }
    return NL_OK;
}

static nl_status check_rule_map(const nl_project *p, const nl_ynode *rules,
                                int path_only, nl_error *err)
{
    if (rules->kind != NL_Y_MAP)
        return fail(p, rules, err, "'rules' must map rule ids to settings");
    static const char *const path_keys[] = {"enabled", "severity", NULL};
    for (size_t i = 0; i < rules->count; i++) {
        const nl_ynode *v = rules->items[i];
        if (v->kind != NL_Y_MAP)
            return fail(p, v, err, "rule settings must be a mapping");
        if (path_only) {
            nl_status st = nl_ycheck_keys(p->path, v, path_keys, err);
            if (st != NL_OK)
                return st;
        }
        const nl_ynode *sev = nl_yget(v, "severity");
        if (sev && (sev->kind != NL_Y_SCALAR || nl_severity_from_name(sev->value) < 0))
            return fail(p, sev, err, "severity must be error, warning or info");
        const nl_ynode *en = nl_yget(v, "enabled");
        int b;
        if (en && nl_ybool(en, &b) != 0)
            return fail(p, en, err, "'enabled' must be true or false");
    }
    return NL_OK;
}

/* `ignore: [{rules, paths, reason}]`: rules and a non-empty reason are
 * required, paths default to every document. */
static nl_status load_ignores(nl_project *p, const nl_ynode *v, nl_error *err)
{
    if (v->kind != NL_Y_SEQ)
        return fail(p, v, err, "'ignore' must be a list of {rules, paths, reason}");
    p->ignores = calloc(v->count ? v->count : 1, sizeof *p->ignores);
    if (!p->ignores)
        return fail(p, v, err, "out of memory");
    static const char *const keys[] = {"rules", "paths", "reason", NULL};
    for (size_t i = 0; i < v->count; i++) {
        const nl_ynode *o = v->items[i];
        nl_ignore *ig = &p->ignores[p->nignores];
        nl_status st;
        if (o->kind != NL_Y_MAP)
            return fail(p, o, err, "an ignore entry must be a mapping with 'rules', "
                                   "'paths' and 'reason'");
        if ((st = nl_ycheck_keys(p->path, o, keys, err)) != NL_OK)
            return st;
        const nl_ynode *r = nl_yget(o, "rules"), *g = nl_yget(o, "paths"),
                       *why = nl_yget(o, "reason");
        p->nignores++;
        ig->line = o->line;
        ig->column = o->column;
        if (!r)
            return fail(p, o, err, "an ignore entry needs 'rules' (rule ids or patterns)");
        if (!why || why->kind != NL_Y_SCALAR || nl_yis_null(why) || !why->value[0])
            return fail(p, why ? why : o, err,
                        "an ignore entry needs a 'reason': say why these findings are accepted");
        if (!(ig->reason = strdup(why->value)))
            return fail(p, why, err, "out of memory");
        if ((st = strings(p, r, &ig->rules, &ig->nrules, 0, err)) != NL_OK)
            return st;
        if (g && (st = strings(p, g, &ig->globs, &ig->nglobs, 0, err)) != NL_OK)
            return st;
    }
    return NL_OK;
}

/* 1 when text holds nothing but whitespace and # comments. */
static int only_comments(const char *t, size_t n)
{
    int comment = 0;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (c == '\n')
            comment = 0;
        else if (c == '#')
            comment = 1;
        else if (!comment && c != ' ' && c != '\t' && c != '\r')
            return 0;
    }
    return 1;
}

nl_status nl_project_load(const char *path, nl_project *out, nl_error *err)
{
    memset(out, 0, sizeof *out);
    out->fail_on = -1;
    if (!path)
        return NL_OK;
    if (!(out->path = strdup(path)))
        return nl_error_set(err, NL_ERR_NOMEM, path, 0, 0, "out of memory");
    const char *slash = strrchr(path, '/');
    out->dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path))
                     : strdup(".");
    char real[PATH_MAX];
    if (out->dir && realpath(out->dir, real))
        out->real_dir = strdup(real);
    char *buf = NULL;
    size_t n = 0;
    nl_status st = nl_read_file(path, (size_t)64 << 10, "configuration file", &buf,
                                &n, err);
    if (st == NL_ERR_INPUT && err)
        err->code = NL_ERR_CONFIG;
    if (st != NL_OK)
        return st == NL_ERR_INPUT ? NL_ERR_CONFIG : st;
    if (only_comments(buf, n)) { /* an empty file is an empty project */
        free(buf);
        return NL_OK;
    }
    st = nl_yload(path, buf, n, NULL, &out->y, err);
    free(buf);
    if (st != NL_OK)
        return st;
    const nl_ynode *root = nl_yroot(out->y);
    if (root->kind == NL_Y_SCALAR && nl_yis_null(root))
        return NL_OK;
    static const char *const keys[] = {"rules", "overrides", "extend_rules",
                                       "parser", "glob", "fail_on", "ignore", NULL};
    if (root->kind != NL_Y_MAP)
        return fail(out, root, err, "the configuration must be a mapping");
    if ((st = nl_ycheck_keys(path, root, keys, err)) != NL_OK)
        return st;
    const nl_ynode *v;
    if ((v = nl_yget(root, "rules")) != NULL) {
        if ((st = check_rule_map(out, v, 0, err)) != NL_OK)
            return st;
        out->rules = v;
    }
    if ((v = nl_yget(root, "overrides")) != NULL) {
        if (v->kind != NL_Y_SEQ)
            return fail(out, v, err, "'overrides' must be a list");
        out->overrides = calloc(v->count ? v->count : 1, sizeof *out->overrides);
        if (!out->overrides)
            return fail(out, v, err, "out of memory");
        static const char *const okeys[] = {"paths", "rules", NULL};
        for (size_t i = 0; i < v->count; i++) {
            const nl_ynode *o = v->items[i];
            nl_path_override *po = &out->overrides[out->noverrides];
            if (o->kind != NL_Y_MAP)
                return fail(out, o, err, "an override must be a mapping with 'paths' and 'rules'");
            if ((st = nl_ycheck_keys(path, o, okeys, err)) != NL_OK)
                return st;
            const nl_ynode *g = nl_yget(o, "paths"), *r = nl_yget(o, "rules");
            if (!g || !r)
                return fail(out, o, err, "an override needs 'paths' and 'rules'");
            out->noverrides++;
            if ((st = strings(out, g, &po->globs, &po->nglobs, 0, err)) != NL_OK ||
                (st = check_rule_map(out, r, 1, err)) != NL_OK)
                return st;
            po->rules = r;
        }
    }
    if ((v = nl_yget(root, "extend_rules")) != NULL &&
        (st = strings(out, v, &out->extend_rules, &out->nextend, 1, err)) != NL_OK)
        return st;
    if ((v = nl_yget(root, "parser")) != NULL) {
        if (v->kind != NL_Y_SCALAR)
            return fail(out, v, err, "'parser' must be a file name");
        if (!(out->parser = resolve(out, v->value)))
            return fail(out, v, err, "out of memory");
    }
    if ((v = nl_yget(root, "glob")) != NULL) {
        if (v->kind != NL_Y_SCALAR)
            return fail(out, v, err, "'glob' must be a pattern string");
        if (!(out->glob = strdup(v->value)))
            return fail(out, v, err, "out of memory");
    }
    if ((v = nl_yget(root, "fail_on")) != NULL) {
        if (v->kind == NL_Y_SCALAR && strcmp(v->value, "never") == 0)
            out->fail_on = 3;
        else if (v->kind != NL_Y_SCALAR ||
                 (out->fail_on = nl_severity_from_name(v->value)) < 0)
            return fail(out, v, err, "'fail_on' must be error, warning, info or never");
    }
    if ((v = nl_yget(root, "ignore")) != NULL && (st = load_ignores(out, v, err)) != NL_OK)
        return st;
    return NL_OK;
}

void nl_project_free(nl_project *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->noverrides; i++)
        nl_free_strings(p->overrides[i].globs, p->overrides[i].nglobs);
    free(p->overrides);
    for (size_t i = 0; i < p->nignores; i++) {
        nl_free_strings(p->ignores[i].rules, p->ignores[i].nrules);
        nl_free_strings(p->ignores[i].globs, p->ignores[i].nglobs);
        free(p->ignores[i].reason);
    }
    free(p->ignores);
    nl_free_strings(p->extend_rules, p->nextend);
    free(p->parser);
    free(p->glob);
    free(p->path);
    free(p->dir);
    free(p->real_dir);
    nl_yfree(p->y);
    memset(p, 0, sizeof *p);
}

const nl_ynode *nl_project_rule_override(const char *rule_id, void *octx)
{
    const nl_project *p = octx;
    return p && p->rules ? nl_yget(p->rules, rule_id) : NULL;
}

static nl_status check_map_ids(const nl_project *p, const nl_ynode *rules,
                               const nl_ruleset *set, nl_error *err)
{
    for (size_t i = 0; rules && i < rules->count; i++)
        if (!nl_ruleset_find(set, rules->keys[i]->value))
            return nl_error_set(err, NL_ERR_CONFIG, p->path, rules->keys[i]->line,
                                rules->keys[i]->column, "no rule '%s' is loaded",
                                rules->keys[i]->value);
    return NL_OK;
}

nl_status nl_project_check_ids(const nl_project *p, const nl_ruleset *set,
                               nl_error *err)
{
    nl_status st = check_map_ids(p, p->rules, set, err);
    for (size_t i = 0; st == NL_OK && i < p->noverrides; i++)
        st = check_map_ids(p, p->overrides[i].rules, set, err);
    for (size_t i = 0; st == NL_OK && i < p->nignores; i++)
        for (size_t k = 0; st == NL_OK && k < p->ignores[i].nrules; k++) {
            const char *pat = p->ignores[i].rules[k];
            int found = 0;
            for (size_t j = 0; !found && j < set->n; j++)
                found = fnmatch(pat, set->rules[j].id, 0) == 0;
            for (size_t j = 0; !found && j < nl_nbuiltins; j++)
                found = fnmatch(pat, nl_builtins[j].id, 0) == 0;
            if (!found)
                st = nl_error_set(err, NL_ERR_CONFIG, p->path, p->ignores[i].line,
                                  p->ignores[i].column,
                                  "ignore: no loaded rule matches '%s'", pat);
        }
    return st;
}

static int glob_matches(const nl_project *p, char *const *globs, size_t nglobs,
                        const char *doc_path)
{
    /* The path relative to the project directory, however it was spelled:
     * resolve the document and strip the resolved project directory. */
    const char *rel = doc_path;
    char real[PATH_MAX];
    size_t dl = p->real_dir ? strlen(p->real_dir) : 0;
    size_t ll = p->dir ? strlen(p->dir) : 0;
    if (dl && realpath(doc_path, real) && strncmp(real, p->real_dir, dl) == 0 &&
        (real[dl] == '/' || dl == 1))
        rel = real + dl + (dl > 1);
    else if (dl && strncmp(doc_path, p->real_dir, dl) == 0 && doc_path[dl] == '/')
        rel = doc_path + dl + 1; /* not on disk: strip the spelling we know */
    else if (ll && strcmp(p->dir, ".") != 0 && strncmp(doc_path, p->dir, ll) == 0 &&
             doc_path[ll] == '/')
        rel = doc_path + ll + 1;
    while (rel[0] == '.' && rel[1] == '/')
        rel += 2;
    for (size_t i = 0; i < nglobs; i++)
        if (fnmatch(globs[i], doc_path, 0) == 0 || fnmatch(globs[i], rel, 0) == 0)
            return 1;
    return 0;
}

void nl_project_apply_path(const nl_project *p, const nl_ruleset *set,
                           const char *doc_path, unsigned char *enabled,
                           signed char *severity)
{
    for (size_t i = 0; i < set->n; i++) {
        enabled[i] = (unsigned char)set->rules[i].enabled;
        severity[i] = (signed char)set->rules[i].severity;
    }
    for (size_t k = 0; p && k < p->noverrides; k++) {
        const nl_path_override *o = &p->overrides[k];
        if (!glob_matches(p, o->globs, o->nglobs, doc_path))
            continue;
        for (size_t j = 0; j < o->rules->count; j++) {
            const nl_rule *r = nl_ruleset_find(set, o->rules->keys[j]->value);
            if (!r)
                continue;
            size_t i = (size_t)(r - set->rules);
            const nl_ynode *v = o->rules->items[j];
            int b;
            if (nl_ybool(nl_yget(v, "enabled"), &b) == 0)
                enabled[i] = (unsigned char)b;
            const nl_ynode *sev = nl_yget(v, "severity");
            if (sev)
                severity[i] = (signed char)nl_severity_from_name(sev->value);
        }
    }
}

const char *nl_project_ignored(const nl_project *p, const char *rule_id,
                               const char *doc_path)
{
    for (size_t i = 0; p && i < p->nignores; i++) {
        const nl_ignore *ig = &p->ignores[i];
        int hit = 0;
        for (size_t k = 0; !hit && k < ig->nrules; k++)
            hit = fnmatch(ig->rules[k], rule_id, 0) == 0;
        if (hit && (ig->nglobs == 0 || glob_matches(p, ig->globs, ig->nglobs, doc_path)))
            return ig->reason;
    }
    return NULL;
}

void nl_project_drop_ignored(const nl_project *p, const char *doc_path,
                             nl_findings *f)
{
    if (!p || p->nignores == 0 || f->n == 0)
        return;
    /* Match the paths once per document, not once per finding. */
    unsigned char *applies = malloc(p->nignores);
    for (size_t i = 0; applies && i < p->nignores; i++)
        applies[i] = p->ignores[i].nglobs == 0 ||
                     glob_matches(p, p->ignores[i].globs, p->ignores[i].nglobs, doc_path);
    size_t k = 0;
    for (size_t i = 0; i < f->n; i++) {
        int hit = 0;
        for (size_t j = 0; !hit && j < p->nignores; j++) {
            if (applies && !applies[j])
                continue;
            for (size_t r = 0; !hit && r < p->ignores[j].nrules; r++)
                hit = fnmatch(p->ignores[j].rules[r], f->v[i].rule_id, 0) == 0;
            if (hit && !applies) /* no memory for the cache: match directly */
                hit = nl_project_ignored(p, f->v[i].rule_id, doc_path) != NULL;
        }
        if (hit) {
            free(f->v[i].message);
            free(f->v[i].suggestion);
        } else {
            f->v[k++] = f->v[i];
        }
    }
    f->n = k;
    free(applies);
}
