/*
 * pattern.c — expand ${defs}, compile with PCRE2 (UTF, UCP, JIT), match on
 * spans.  See pattern.h.
 */
#include "pattern.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

#define MAX_EXPANSION_DEPTH 8
#define MAX_EXPANDED_BYTES (64u * 1024u) /* defs cannot blow a pattern up */
#define MATCH_LIMIT 10000000u
#define DEPTH_LIMIT 100000u

struct nl_pattern {
    pcre2_code *code;
    pcre2_match_context *mctx;
    char *source;
};

typedef struct sbuf {
    char *p;
    size_t len, cap;
} sbuf;

static int sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->len + n > MAX_EXPANDED_BYTES)
        return -2;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np)
            return -1;
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

static const char *find_def(const nl_defs *defs, const char *name, size_t n)
{
    for (size_t i = 0; defs && i < defs->count; i++)
        if (strlen(defs->names[i]) == n && memcmp(defs->names[i], name, n) == 0)
            return defs->values[i];
    return NULL;
}

/* Append src with ${NAME} replaced by (?:value), recursively. */
static nl_status expand(sbuf *out, const char *src, size_t len,
                        const nl_defs *defs, int depth, const char *file,
                        int line, int column, nl_error *err)
{
    if (depth > MAX_EXPANSION_DEPTH)
        return nl_error_set(err, NL_ERR_CONFIG, file, line, column,
                            "defs nest more than %d deep (a cycle?)",
                            MAX_EXPANSION_DEPTH);
    size_t i = 0;
    int rc = 0;
    while (i < len && rc == 0) {
        if (src[i] == '\\' && i + 1 < len) { /* keep escapes verbatim */
            rc = sb_add(out, src + i, 2);
            i += 2;
            continue;
        }
        if (src[i] == '$' && i + 1 < len && src[i + 1] == '{') {
            const char *close = memchr(src + i + 2, '}', len - i - 2);
            if (close) {
                const char *name = src + i + 2;
                size_t n = (size_t)(close - name);
                const char *val = find_def(defs, name, n);
                if (!val)
                    return nl_error_set(err, NL_ERR_CONFIG, file, line, column,
                                        "unknown def '${%.*s}'", (int)n, name);
                if ((rc = sb_add(out, "(?:", 3)) != 0)
                    break;
                nl_status st = expand(out, val, strlen(val), defs, depth + 1,
                                      file, line, column, err);
                if (st != NL_OK)
                    return st;
                rc = sb_add(out, ")", 1);
                i = (size_t)(close - src) + 1;
                continue;
            }
        }
        rc = sb_add(out, src + i, 1);
        i++;
    }
    if (rc == -2)
        return nl_error_set(err, NL_ERR_CONFIG, file, line, column,
                            "pattern expands to more than %u bytes after ${} "
                            "substitution", MAX_EXPANDED_BYTES);
    if (rc != 0)
        return nl_error_set(err, NL_ERR_NOMEM, file, line, column, "out of memory");
    return NL_OK;
}

nl_status nl_pattern_compile(const char *src, size_t len, const nl_defs *defs,
                             const char *file, int line, int column,
                             nl_pattern **out, nl_error *err)
{
    *out = NULL;
    sbuf b = {0};
    nl_status st = expand(&b, src, len, defs, 0, file, line, column, err);
    if (st == NL_OK && !b.p && sb_add(&b, "", 0) != 0)
        st = nl_error_set(err, NL_ERR_NOMEM, file, line, column, "out of memory");
    if (st != NL_OK) {
        free(b.p);
        return st;
    }
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)b.p, b.len,
                                   PCRE2_UTF | PCRE2_UCP, &code, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        st = nl_error_set(err, NL_ERR_CONFIG, file, line, column,
                          "invalid pattern at offset %zu: %s", (size_t)off,
                          (const char *)msg);
        free(b.p);
        return st;
    }
    /* JIT when the platform has it, else the interpreter.  NL_PCRE2_NO_JIT
     * in the environment forces the interpreter: valgrind cannot follow
     * JIT-compiled code (its vector loads read past the subject on purpose
     * and show up as invalid reads), so .ci/run sets it for valgrind. */
    if (!getenv("NL_PCRE2_NO_JIT"))
        (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    nl_pattern *p = calloc(1, sizeof *p);
    pcre2_match_context *mctx = pcre2_match_context_create(NULL);
    if (!p || !mctx) {
        free(p);
        pcre2_match_context_free(mctx);
        pcre2_code_free(re);
        free(b.p);
        return nl_error_set(err, NL_ERR_NOMEM, file, line, column, "out of memory");
    }
    pcre2_set_match_limit(mctx, MATCH_LIMIT);
    pcre2_set_depth_limit(mctx, DEPTH_LIMIT);
    p->code = re;
    p->mctx = mctx;
    p->source = b.p;
    *out = p;
    return NL_OK;
}

void nl_pattern_free(nl_pattern *p)
{
    if (!p)
        return;
    pcre2_code_free(p->code);
    pcre2_match_context_free(p->mctx);
    free(p->source);
    free(p);
}

const char *nl_pattern_source(const nl_pattern *p)
{
    return p->source;
}

int nl_pattern_group(const nl_pattern *p, const char *name)
{
    int n = pcre2_substring_number_from_name(p->code, (PCRE2_SPTR)name);
    return n > 0 ? n : -1;
}

void nl_pattern_each_group(const nl_pattern *p,
                           void (*fn)(const char *name, int number, void *ctx),
                           void *ctx)
{
    uint32_t count = 0, size = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(p->code, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(p->code, PCRE2_INFO_NAMEENTRYSIZE, &size);
    pcre2_pattern_info(p->code, PCRE2_INFO_NAMETABLE, &table);
    for (uint32_t i = 0; i < count; i++) {
        PCRE2_SPTR e = table + (size_t)i * size;
        fn((const char *)e + 2, (e[0] << 8) | e[1], ctx);
    }
}

int nl_pattern_match(const nl_pattern *p, const char *text, size_t start,
                     size_t end, size_t from, pcre2_match_data *md)
{
    int rc = pcre2_match(p->code, (PCRE2_SPTR)(text + start), end - start,
                         from - start, PCRE2_NO_UTF_CHECK, md, p->mctx);
    if (rc > 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    return -1;
}

int nl_match_group(pcre2_match_data *md, int n, size_t base, size_t *s,
                   size_t *e)
{
    if (n < 0 || (uint32_t)n >= pcre2_get_ovector_count(md))
        return 0;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    if (ov[2 * n] == PCRE2_UNSET)
        return 0;
    *s = base + ov[2 * n];
    *e = base + ov[2 * n + 1];
    return 1;
}

pcre2_match_data *nl_match_data_new(void)
{
    return pcre2_match_data_create(128, NULL);
}
