/*
 * pattern.c — expand ${defs}, compile with PCRE2 (UTF, UCP, JIT), match on
 * spans.  See pattern.h.
 *
 * Literal prefilter: at compile time the expanded source is read once more
 * to find literals that every match must contain (a run of plain
 * characters outside any alternation, lookaround or optional quantifier —
 * `+` and `{2,}` still need their atom once — a class of a few plain
 * characters, or an alternation whose every branch has such a literal).  Before each search nl_pattern_match() looks for them
 * in the text the match would lie in with memmem; when one is absent the
 * search cannot succeed and PCRE2 is not called.  Most line-sized scopes
 * contain none of a pattern's literals, so most calls end there.  The
 * reader is conservative: anything it does not fully understand (inline
 * options, \Q, verbs, conditionals, odd braces) gives no requirement, and
 * dropping a requirement is always safe.
 */
#include "pattern.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define MAX_EXPANSION_DEPTH 8
#define MAX_EXPANDED_BYTES (64u * 1024u) /* defs cannot blow a pattern up */
#define MATCH_LIMIT 10000000u
#define DEPTH_LIMIT 100000u

/* A requirement: every match contains at least one of alt[0..n). */
enum { REQ_MAX = 4, REQ_ALTS = 8, REQ_LEN = 24 };
typedef struct req_lit {
    size_t len;
    char s[REQ_LEN];
} req_lit;
typedef struct req {
    int n;
    req_lit alt[REQ_ALTS];
} req;
typedef struct reqs {
    int n;
    req v[REQ_MAX];
} reqs;

struct nl_pattern {
    pcre2_code *code;
    pcre2_match_context *mctx;
    char *source;
    reqs req;   /* literal prefilter (see the top of the file) */
};

/* ---- literal prefilter: reading the pattern ---- */

typedef struct rd {
    const char *s;
    size_t i, n;
    int bad;    /* something not understood: give up on the whole pattern */
    int opt;    /* an option setting such as (?x) in the current group */
} rd;

static size_t u8len(unsigned char c)
{
    return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Shortest literal of a requirement (how selective it is). */
static size_t req_minlen(const req *r)
{
    size_t m = (size_t)-1;
    for (int k = 0; k < r->n; k++)
        if (r->alt[k].len < m)
            m = r->alt[k].len;
    return m;
}

/* Keep r among the REQ_MAX most selective of rs (longer shortest literal,
 * then fewer alternatives). */
static void reqs_add(reqs *rs, const req *r)
{
    if (r->n <= 0)
        return;
    int at = rs->n;
    if (rs->n == REQ_MAX) {
        int worst = 0;
        for (int k = 1; k < rs->n; k++) {
            const req *a = &rs->v[k], *b = &rs->v[worst];
            if (req_minlen(a) < req_minlen(b) ||
                (req_minlen(a) == req_minlen(b) && a->n > b->n))
                worst = k;
        }
        const req *w = &rs->v[worst];
        if (req_minlen(r) < req_minlen(w) ||
            (req_minlen(r) == req_minlen(w) && r->n >= w->n))
            return;
        at = worst;
    } else {
        rs->n++;
    }
    rs->v[at] = *r;
}

/* A literal run [a, b) of the source as a one-literal requirement. */
static void add_run(reqs *rs, const char *s, size_t a, size_t b)
{
    if (b <= a)
        return;
    if (b - a > REQ_LEN) { /* keep a prefix that ends on a character */
        size_t e = a;
        while (e + u8len((unsigned char)s[e]) - a <= REQ_LEN)
            e += u8len((unsigned char)s[e]);
        b = e;
    }
    req r = {1, {{b - a, {0}}}};
    memcpy(r.alt[0].s, s + a, b - a);
    reqs_add(rs, &r);
}

static int is_meta(char c)
{
    return strchr("\\^$.|?*+()[]{}", c) != NULL && c != '\0';
}

/* At a quantifier?  Consumes it (with a lazy/possessive suffix) and
 * returns 1 with its minimum count in *min ({2,} and + need the atom at
 * least once, ? * {0,n} do not); 0 when there is none.  An unusual brace
 * gives up. */
static int quantifier(rd *r, long *min)
{
    char c = r->i < r->n ? r->s[r->i] : 0;
    *min = 0;
    if (c == '?' || c == '*' || c == '+') {
        *min = c == '+';
        r->i++;
    } else if (c == '{') {
        size_t j = r->i + 1, digits = 0;
        long lo = 0;
        int comma = 0;
        while (j < r->n && ((r->s[j] >= '0' && r->s[j] <= '9') || r->s[j] == ',')) {
            if (r->s[j] == ',')
                comma = 1;
            else if (!comma && lo < 100000)
                lo = lo * 10 + (r->s[j] - '0');
            digits += r->s[j++] != ',';
        }
        if (j >= r->n || r->s[j] != '}' || digits == 0) {
            r->bad = 1; /* a literal brace, or a form we do not read */
            return 0;
        }
        /* "{,n}" is literal text to this PCRE2 but a quantifier to
         * newer ones: either way, no minimum is claimed for it. */
        *min = r->s[r->i + 1] == ',' ? 0 : lo;
        r->i = j + 1;
    } else {
        return 0;
    }
    if (r->i < r->n && (r->s[r->i] == '?' || r->s[r->i] == '+'))
        r->i++;
    return 1;
}

/* An escape after '\\' (r->i is on the backslash).  Gives up on \Q and
 * \K, which change what the match text is. */
static void skip_escape(rd *r)
{
    const char *s = r->s;
    r->i++;
    if (r->i >= r->n) {
        r->bad = 1;
        return;
    }
    char c = s[r->i];
    if (c == 'Q' || c == 'E' || c == 'K') {
        r->bad = 1;
        return;
    }
    r->i += u8len((unsigned char)c);
    char next = r->i < r->n ? s[r->i] : 0;
    if (strchr("xopPkgN", c) && c && next && strchr("{<'", next)) {
        char close = next == '{' ? '}' : next == '<' ? '>' : '\'';
        const char *e = memchr(s + r->i, close, r->n - r->i);
        if (!e)
            r->bad = 1;
        else
            r->i = (size_t)(e - s) + 1;
    } else if (c == 'x') { /* \xhh */
        for (int k = 0; k < 2 && r->i < r->n && strchr("0123456789abcdefABCDEF", s[r->i]) &&
                        s[r->i];
             k++)
            r->i++;
    } else if (c == 'p' || c == 'P' || c == 'c') { /* \pL, \cX */
        if (r->i < r->n)
            r->i += u8len((unsigned char)s[r->i]);
    } else if (c == 'g' || (c >= '0' && c <= '9')) { /* \g-1, \12, \012 */
        if (c == 'g' && r->i < r->n && (s[r->i] == '-' || s[r->i] == '+'))
            r->i++;
        while (r->i < r->n && s[r->i] >= '0' && s[r->i] <= '9')
            r->i++;
    } else if (c == 'k' || c == 'o' || c == 'N' || c == 'g') {
        r->bad = 1;
    }
}

/* A class (r->i on '[').  *out gets its characters when it is a short
 * list of plain characters ([、，,和及]), else n = 0. */
static void read_class(rd *r, req *out)
{
    out->n = 0;
    size_t i = r->i + 1;
    int simple = 1, first = 1;
    if (i < r->n && r->s[i] == '^') {
        simple = 0;
        i++;
    }
    for (;; first = 0) {
        if (i >= r->n) {
            r->bad = 1;
            return;
        }
        char c = r->s[i];
        if (c == ']' && !first)
            break;
        if (c == '\\') {
            simple = 0;
            i += 1 + (i + 1 < r->n ? u8len((unsigned char)r->s[i + 1]) : 0);
            continue;
        }
        if (c == '[' && i + 1 < r->n &&
            (r->s[i + 1] == ':' || r->s[i + 1] == '.' || r->s[i + 1] == '=')) {
            const char *e = strstr(r->s + i + 2, ":]");
            if (r->s[i + 1] != ':' || !e || (size_t)(e - r->s) >= r->n) {
                r->bad = 1;
                return;
            }
            simple = 0;
            i = (size_t)(e - r->s) + 2;
            continue;
        }
        size_t l = u8len((unsigned char)c);
        if (c == '-' || c == '[' || out->n == REQ_ALTS || l > REQ_LEN)
            simple = 0;
        else if (simple) {
            out->alt[out->n].len = l;
            memcpy(out->alt[out->n].s, r->s + i, l);
            out->n++;
        }
        i += l;
    }
    r->i = i + 1;
    if (!simple)
        out->n = 0;
}

static void read_alternation(rd *r, reqs *out);

/* A group (r->i just after '(').  *out gets what every match of the group
 * contains; lookarounds and option groups contribute nothing.  An option
 * setting such as (?x) sets r->opt: the rest of the enclosing group is
 * read in a mode we do not follow, so that group yields nothing. */
static void read_group(rd *r, reqs *out)
{
    const char *s = r->s;
    int keep = 1;
    out->n = 0;
    if (r->i < r->n && s[r->i] == '*') {
        r->bad = 1; /* (*VERB) and (*pla:...) */
        return;
    }
    if (r->i < r->n && s[r->i] == '?') {
        size_t j = r->i + 1;
        char c = j < r->n ? s[j] : 0;
        if (c == ':' || c == '|' || c == '>') {
            r->i = j + 1;
        } else if (c == '=' || c == '!') {
            r->i = j + 1;
            keep = 0;
        } else if (c == '<' && j + 1 < r->n && (s[j + 1] == '=' || s[j + 1] == '!')) {
            r->i = j + 2;
            keep = 0;
        } else if (c == '<' || c == '\'' || (c == 'P' && j + 1 < r->n && s[j + 1] == '<')) {
            char close = c == '\'' ? '\'' : '>';
            const char *e = memchr(s + j + 1, close, r->n - j - 1);
            if (!e) {
                r->bad = 1;
                return;
            }
            r->i = (size_t)(e - s) + 1;
        } else {
            /* options: (?i) (?x) (?-i) (?i:...) and the like */
            while (j < r->n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
                                s[j] == '-' || s[j] == '^'))
                j++;
            if (j == r->i + 1 || j >= r->n || (s[j] != ')' && s[j] != ':')) {
                r->bad = 1; /* conditionals, recursion, callouts, comments */
                return;
            }
            /* In extended mode '#' starts a comment we do not read. */
            if (memchr(s + r->i + 1, 'x', j - r->i - 1) && memchr(s, '#', r->n))
                r->bad = 1;
            r->i = j + 1;
            if (s[j] == ')') {
                r->opt = 1; /* it holds to the end of the enclosing group */
                return;
            }
            keep = 0;
        }
    }
    reqs inner = {0};
    int opt = r->opt; /* options set inside end with the group */
    r->opt = 0;
    read_alternation(r, &inner);
    r->opt = opt;
    if (r->bad)
        return;
    if (r->i >= r->n || s[r->i] != ')') {
        r->bad = 1;
        return;
    }
    r->i++;
    if (keep)
        *out = inner;
}

/* A sequence of atoms up to '|', ')' or the end. */
static void read_sequence(rd *r, reqs *out)
{
    const char *s = r->s;
    size_t run = r->i; /* start of the current literal run */
    out->n = 0;
    while (r->i < r->n && !r->bad) {
        char c = s[r->i];
        if (c == '|' || c == ')')
            break;
        if (!is_meta(c)) { /* a plain character: the run goes on */
            size_t at = r->i;
            r->i += u8len((unsigned char)c);
            if (r->i < r->n && s[r->i] && strchr("?*+{", s[r->i])) {
                size_t after = r->i;
                long min;
                quantifier(r, &min);
                /* Needed at least once: it ends the run; else the run
                 * stops before it. */
                add_run(out, s, run, min >= 1 ? after : at);
                run = r->i;
            }
            continue;
        }
        add_run(out, s, run, r->i);
        req one = {0};
        reqs group = {0};
        if (c == '\\') {
            skip_escape(r);
        } else if (c == '[') {
            read_class(r, &one);
        } else if (c == '(') {
            r->i++;
            read_group(r, &group);
        } else if (c == '.' || c == '^' || c == '$') {
            r->i++;
        } else {
            r->bad = 1; /* a quantifier with nothing before it, a stray brace */
        }
        if (r->bad)
            break;
        long min;
        if (quantifier(r, &min) && min < 1) { /* optional: not required */
            one.n = 0;
            group.n = 0;
        }
        reqs_add(out, &one);
        for (int k = 0; k < group.n; k++)
            reqs_add(out, &group.v[k]);
        run = r->i;
    }
    if (!r->bad)
        add_run(out, s, run, r->i);
}

/* The most selective requirement of rs (fewest alternatives, then the
 * longest shortest literal); rs->n > 0. */
static const req *best_req(const reqs *rs)
{
    const req *b = &rs->v[0];
    for (int k = 1; k < rs->n; k++) {
        const req *a = &rs->v[k];
        if (a->n < b->n || (a->n == b->n && req_minlen(a) > req_minlen(b)))
            b = a;
    }
    return b;
}

/* Branches separated by '|': one branch gives its own requirements;
 * several give one, the union of one requirement of each, when every
 * branch has one and the union is small. */
static void read_alternation(rd *r, reqs *out)
{
    read_sequence(r, out);
    if (r->i < r->n && r->s[r->i] == '|') {
        req u = {0};
        int ok = out->n > 0;
        if (ok)
            u = *best_req(out);
        while (!r->bad && r->i < r->n && r->s[r->i] == '|') {
            r->i++;
            reqs b = {0};
            read_sequence(r, &b);
            const req *q = b.n ? best_req(&b) : NULL;
            if (!q || u.n + q->n > REQ_ALTS)
                ok = 0;
            if (ok) {
                memcpy(u.alt + u.n, q->alt, (size_t)q->n * sizeof *u.alt);
                u.n += q->n;
            }
        }
        out->n = 0;
        if (ok)
            reqs_add(out, &u);
    }
    if (r->opt)
        out->n = 0;
}

/* The requirements of a whole pattern (none when it is not understood). */
static void find_requirements(const char *src, size_t len, reqs *out)
{
    rd r = {src, 0, len, 0, 0};
    out->n = 0;
    read_alternation(&r, out);
    if (r.bad || r.i != r.n)
        out->n = 0;
}

/* Does lit occur in t[0..n)?  memchr for its last byte (in CJK text a
 * trail byte, much rarer than a lead byte), then compare backwards. */
static int contains(const char *t, size_t n, const req_lit *lit)
{
    size_t m = lit->len;
    if (m == 0)
        return 1;
    const char *l = lit->s;
    const char *p = t + m - 1, *e = t + n;
    while (p < e && (p = memchr(p, l[m - 1], (size_t)(e - p))) != NULL) {
        size_t k = m - 1;
        while (k > 0 && p[(ptrdiff_t)k - (ptrdiff_t)m] == l[k - 1])
            k--;
        if (k == 0)
            return 1;
        p++;
    }
    return 0;
}

/* Can a match lie in text[from..end)?  0 when a required literal is absent. */
static int may_match(const reqs *rs, const char *text, size_t from, size_t end)
{
    for (int k = 0; k < rs->n; k++) {
        const req *q = &rs->v[k];
        int found = 0;
        for (int a = 0; a < q->n && !found; a++)
            found = contains(text + from, end - from, &q->alt[a]);
        if (!found)
            return 0;
    }
    return 1;
}

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
    find_requirements(b.p, b.len, &p->req);
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

int nl_pattern_may_match(const nl_pattern *p, const char *text, size_t from,
                         size_t end)
{
    return may_match(&p->req, text, from, end);
}

int nl_pattern_match(const nl_pattern *p, const char *text, size_t start,
                     size_t end, size_t from, pcre2_match_data *md)
{
    if (!may_match(&p->req, text, from, end))
        return 0;
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

/* One match data per thread, made on first use and freed when the thread
 * ends (a worker of the pool); the main thread's lives until exit. */
static pthread_key_t md_key;
static pthread_once_t md_once = PTHREAD_ONCE_INIT;
static int md_key_ok;

static void md_destroy(void *md)
{
    pcre2_match_data_free(md);
}

static void md_key_init(void)
{
    md_key_ok = pthread_key_create(&md_key, md_destroy) == 0;
}

pcre2_match_data *nl_match_data_thread(void)
{
    pthread_once(&md_once, md_key_init);
    if (!md_key_ok)
        return NULL;
    pcre2_match_data *md = pthread_getspecific(md_key);
    if (!md && (md = nl_match_data_new()) != NULL &&
        pthread_setspecific(md_key, md) != 0) {
        pcre2_match_data_free(md);
        md = NULL;
    }
    return md;
}
