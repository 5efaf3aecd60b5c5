/*
 * test_ytree.c — unit tests for ytree.c: node kinds and 1-based positions
 * (columns in characters), scalar styles, every load error with its exact
 * position and text (syntax, duplicate and non-scalar keys, alias bombs,
 * depth, unknown aliases, bad UTF-8, empty and multiple documents), and
 * the helpers (nl_yget, nl_yis_null, nl_ybool, nl_ylong, nl_ycheck_keys).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "ytree.h"

static nl_error err;

static nl_status load(const char *text, nl_ydoc **doc)
{
    memset(&err, 0, sizeof err);
    return nl_yload("t.yaml", text, strlen(text), NULL, doc, &err);
}

static void expect_error(const char *text, const nl_ylimits *lim, int line,
                         int column, const char *msg)
{
    nl_ydoc *doc = (nl_ydoc *)1;
    memset(&err, 0, sizeof err);
    nl_status st = nl_yload("t.yaml", text, strlen(text), lim, &doc, &err);
    cr_assert_eq(st, NL_ERR_CONFIG, "%s", text);
    cr_assert_null(doc);
    cr_assert_eq(err.code, NL_ERR_CONFIG);
    cr_assert_str_eq(err.file, "t.yaml");
    cr_assert_str_eq(err.text, msg);
    cr_assert_eq(err.line, line, "line %d, want %d (%s)", err.line, line, msg);
    cr_assert_eq(err.column, column, "column %d, want %d (%s)", err.column,
                 column, msg);
}

static void expect_pos(const nl_ynode *n, nl_ykind kind, int line, int column)
{
    cr_assert_not_null(n);
    cr_assert_eq(n->kind, kind);
    cr_assert_eq(n->line, line, "line %d, want %d", n->line, line);
    cr_assert_eq(n->column, column, "column %d, want %d", n->column, column);
}

Test(ytree, block_map_seq_positions)
{
    nl_ydoc *doc;
    cr_assert_eq(load("id: forbid-x\nseverity: error\nwords:\n  - alpha\n"
                      "  - \"beta\"\nnested:\n  k: v\n", &doc), NL_OK);
    const nl_ynode *root = nl_yroot(doc);
    expect_pos(root, NL_Y_MAP, 1, 1);
    cr_assert_eq(root->count, 4);
    cr_assert_str_eq(root->value, "");
    expect_pos(root->keys[0], NL_Y_SCALAR, 1, 1);
    cr_assert_str_eq(root->keys[0]->value, "id");
    expect_pos(root->items[0], NL_Y_SCALAR, 1, 5);
    cr_assert_str_eq(root->items[0]->value, "forbid-x");
    cr_assert_eq(root->items[0]->len, 8);
    expect_pos(root->keys[1], NL_Y_SCALAR, 2, 1);
    expect_pos(nl_yget(root, "severity"), NL_Y_SCALAR, 2, 11);

    const nl_ynode *words = nl_yget(root, "words");
    expect_pos(words, NL_Y_SEQ, 4, 3);
    cr_assert_eq(words->count, 2);
    cr_assert_null(words->keys);
    expect_pos(words->items[0], NL_Y_SCALAR, 4, 5);
    cr_assert_str_eq(words->items[0]->value, "alpha");
    cr_assert_eq(words->items[0]->plain, 1);
    expect_pos(words->items[1], NL_Y_SCALAR, 5, 5);
    cr_assert_str_eq(words->items[1]->value, "beta");
    cr_assert_eq(words->items[1]->plain, 0);

    const nl_ynode *nested = nl_yget(root, "nested");
    expect_pos(nested, NL_Y_MAP, 7, 3);
    expect_pos(nl_yget(nested, "k"), NL_Y_SCALAR, 7, 6);
    cr_assert_null(nl_yget(root, "missing"));
    cr_assert_null(nl_yget(words, "k"));
    cr_assert_null(nl_yget(NULL, "k"));
    nl_yfree(doc);
}

Test(ytree, columns_count_characters)
{
    nl_ydoc *doc;
    /* "{名前: 值, k: v}": 名 is column 2, 值 column 6, k column 9 */
    cr_assert_eq(load("x: 1\n{名前: 值, k: v}\n" + 5, &doc), NL_OK);
    const nl_ynode *root = nl_yroot(doc);
    expect_pos(root, NL_Y_MAP, 1, 1);
    cr_assert_str_eq(root->keys[0]->value, "名前");
    cr_assert_eq(root->keys[0]->len, 6);
    expect_pos(root->keys[0], NL_Y_SCALAR, 1, 2);
    expect_pos(root->items[0], NL_Y_SCALAR, 1, 6);
    expect_pos(root->keys[1], NL_Y_SCALAR, 1, 9);
    expect_pos(nl_yget(root, "k"), NL_Y_SCALAR, 1, 12);
    nl_yfree(doc);

    cr_assert_eq(load("title: 中文标题\ncontact: 联系 # 注释\nk: v\n", &doc), NL_OK);
    expect_pos(nl_yget(nl_yroot(doc), "contact"), NL_Y_SCALAR, 2, 10);
    cr_assert_str_eq(nl_yget(nl_yroot(doc), "contact")->value, "联系");
    expect_pos(nl_yroot(doc)->keys[2], NL_Y_SCALAR, 3, 1);
    nl_yfree(doc);
}

Test(ytree, flow_style)
{
    nl_ydoc *doc;
    cr_assert_eq(load("s: [a, 'b c']\nm: {k: v, n: [1]}\n", &doc), NL_OK);
    const nl_ynode *s = nl_yget(nl_yroot(doc), "s");
    expect_pos(s, NL_Y_SEQ, 1, 4);
    cr_assert_eq(s->count, 2);
    expect_pos(s->items[1], NL_Y_SCALAR, 1, 8);
    cr_assert_str_eq(s->items[1]->value, "b c");
    cr_assert_eq(s->items[1]->plain, 0);
    const nl_ynode *m = nl_yget(nl_yroot(doc), "m");
    expect_pos(m, NL_Y_MAP, 2, 4);
    cr_assert_eq(m->count, 2);
    expect_pos(nl_yget(m, "k"), NL_Y_SCALAR, 2, 8);
    expect_pos(nl_yget(m, "n"), NL_Y_SEQ, 2, 14);
    cr_assert_str_eq(nl_yget(m, "n")->items[0]->value, "1");
    nl_yfree(doc);
}

Test(ytree, block_scalars_and_plain_flag)
{
    nl_ydoc *doc;
    cr_assert_eq(load("lit: |\n  line one\n  line two\nfold: >\n  a\n  b\n"
                      "q: \"null\"\np: null\n", &doc), NL_OK);
    const nl_ynode *root = nl_yroot(doc);
    const nl_ynode *lit = nl_yget(root, "lit");
    expect_pos(lit, NL_Y_SCALAR, 1, 6);
    cr_assert_str_eq(lit->value, "line one\nline two\n");
    cr_assert_eq(lit->len, 18);
    cr_assert_eq(lit->plain, 0);
    cr_assert_str_eq(nl_yget(root, "fold")->value, "a b\n");
    cr_assert_eq(nl_yget(root, "q")->plain, 0);
    cr_assert_eq(nl_yis_null(nl_yget(root, "q")), 0);
    cr_assert_eq(nl_yget(root, "p")->plain, 1);
    cr_assert_eq(nl_yis_null(nl_yget(root, "p")), 1);
    nl_yfree(doc);
}

Test(ytree, embedded_nul_and_unterminated_input)
{
    nl_ydoc *doc;
    const char text[] = {'k', ':', ' ', '"', 'a', '\\', '0', 'b', '"', 'X'};
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_yload("t.yaml", text, 9, NULL, &doc, &err), NL_OK);
    const nl_ynode *v = nl_yget(nl_yroot(doc), "k");
    cr_assert_eq(v->len, 3);
    cr_assert_eq(memcmp(v->value, "a\0b", 4), 0);
    nl_yfree(doc);
}

Test(ytree, syntax_error)
{
    expect_error("a: [1, 2\nb: 3", NULL, 2, 2,
                 "did not find expected ',' or ']' "
                 "(while parsing a flow sequence at 1:4)");
    char buf[600];
    nl_error_format(&err, buf, sizeof buf);
    cr_assert_str_eq(buf, "t.yaml:2:2: error: did not find expected ',' or "
                          "']' (while parsing a flow sequence at 1:4)");
    expect_error("a: b\n  c: d\n", NULL, 2, 4,
                 "mapping values are not allowed in this context");
}

Test(ytree, duplicate_key)
{
    expect_error("id: a\nname: b\n\"id\": c\nid: d\n", NULL, 3, 1,
                 "duplicate key 'id'");
    expect_error("outer:\n  b: 1\n  a: 2\n  b: 3\n  a: 4\n", NULL, 4, 3,
                 "duplicate key 'b'");
    expect_error("{x: 1, y: 2, x: 3}", NULL, 1, 14, "duplicate key 'x'");
}

Test(ytree, aliases_share_and_count)
{
    nl_ydoc *doc;
    cr_assert_eq(load("base: &b {k: v, l: [1, 2]}\nuse: *b\n", &doc), NL_OK);
    const nl_ynode *root = nl_yroot(doc);
    cr_assert_eq(nl_yget(root, "use"), nl_yget(root, "base"));
    nl_yfree(doc);

    /* base: 7 nodes (map, k, v, l, seq, 1, 2); root map + 2 keys = 3;
     * the alias adds 7 more: 17 in all. */
    nl_ylimits lim = {.max_nodes = 17};
    memset(&err, 0, sizeof err);
    const char *t = "base: &b {k: v, l: [1, 2]}\nuse: *b\n";
    cr_assert_eq(nl_yload("t.yaml", t, strlen(t), &lim, &doc, &err), NL_OK);
    nl_yfree(doc);
    lim.max_nodes = 16;
    expect_error(t, &lim, 2, 6,
                 "document expands to more than 16 nodes (alias bomb?)");
}

Test(ytree, billion_laughs, .timeout = 5)
{
    char text[4096];
    size_t n = (size_t)snprintf(text, sizeof text, "a: &a [\"lol\"");
    for (int i = 1; i < 10; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, ", \"lol\"");
    n += (size_t)snprintf(text + n, sizeof text - n, "]\n");
    for (char c = 'b'; c <= 'i'; c++) {
        n += (size_t)snprintf(text + n, sizeof text - n, "%c: &%c [*%c", c, c,
                              c - 1);
        for (int i = 1; i < 10; i++)
            n += (size_t)snprintf(text + n, sizeof text - n, ", *%c", c - 1);
        n += (size_t)snprintf(text + n, sizeof text - n, "]\n");
    }
    cr_assert_lt(n, sizeof text);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* Subtrees: a = 11 nodes, b = 111, ..., e = 111111.  Before f the
     * total (root, keys, a..e) is 123461; f's key and sequence make 123463
     * and seven *e make 901240, so the eighth *e (line 6, column 36)
     * passes 1,000,000. */
    expect_error(text, NULL, 6, 36,
                 "document expands to more than 1000000 nodes (alias bomb?)");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) +
                  (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    cr_assert_lt(secs, 1.0, "took %.3f s", secs);
}

Test(ytree, max_depth)
{
    nl_ylimits lim = {.max_depth = 3};
    nl_ydoc *doc;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_yload("t.yaml", "[[[x]]]", 7, &lim, &doc, &err), NL_OK);
    nl_yfree(doc);
    expect_error("a:\n  b:\n    - [x]\n", &lim, 3, 7,
                 "nesting deeper than 3 levels");
    /* an alias cannot smuggle depth past the limit either */
    expect_error("a: &d [[x]]\nb: [*d]\n", &lim, 2, 5,
                 "nesting deeper than 3 levels");
    char deep[200];
    memset(deep, '[', 100);
    memset(deep + 100, ']', 100);
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_yload("t.yaml", deep, sizeof deep, NULL, &doc, &err),
                 NL_ERR_CONFIG);
    cr_assert_str_eq(err.text, "nesting deeper than 64 levels");
    cr_assert_eq(err.column, 65);
}

Test(ytree, unknown_alias)
{
    expect_error("a: 1\nb: *nope\n", NULL, 2, 4, "unknown alias '*nope'");
    /* an anchor is usable only after its node is complete: no cycles */
    expect_error("a: &x [1, *x]\n", NULL, 1, 11, "unknown alias '*x'");
}

Test(ytree, invalid_utf8)
{
    expect_error("a: \xff\xfe", NULL, 1, 4,
                 "not valid UTF-8 (invalid leading UTF-8 octet 0xFF)");
    /* reported at the offending byte 'x', after the two-byte prefix */
    expect_error("k: 中\nv: \xe4\xb8x\n", NULL, 2, 5,
                 "not valid UTF-8 (invalid trailing UTF-8 octet 0x78)");
    expect_error("k: \xed\xa0\x80\n", NULL, 1, 4,
                 "not valid UTF-8 (invalid Unicode character U+D800)");
    /* a leading FF FE is not taken for a UTF-16 byte-order mark */
    expect_error("\xff\xfek: v\n", NULL, 1, 1,
                 "not valid UTF-8 (invalid leading UTF-8 octet 0xFF)");
    expect_error("k: a\x01" "b\n", NULL, 1, 5,
                 "control characters are not allowed (U+0001)");
}

Test(ytree, non_scalar_key)
{
    expect_error("ok: 1\n? [a, b]\n: v\n", NULL, 2, 3,
                 "mapping key must be a scalar");
    expect_error("s: &s {x: 1}\n*s : 2\n", NULL, 2, 1,
                 "mapping key must be a scalar");
}

Test(ytree, empty_and_multiple_documents)
{
    expect_error("", NULL, 0, 0, "empty document");
    expect_error("# only a comment\n\n", NULL, 0, 0, "empty document");
    nl_ydoc *doc = (nl_ydoc *)1;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_yload("e.yaml", NULL, 0, NULL, &doc, &err), NL_ERR_CONFIG);
    cr_assert_null(doc);
    cr_assert_str_eq(err.file, "e.yaml");
    cr_assert_str_eq(err.text, "empty document");
    expect_error("a: 1\n---\nb: 2\n", NULL, 2, 1,
                 "more than one document (only one is allowed)");
    cr_assert_eq(load("--- # explicit start\nk: v\n...\n", &doc), NL_OK);
    cr_assert_str_eq(nl_yget(nl_yroot(doc), "k")->value, "v");
    nl_yfree(doc);
}

Test(ytree, first_error_wins)
{
    nl_ydoc *doc;
    memset(&err, 0, sizeof err);
    err.code = NL_ERR_IO;
    strcpy(err.text, "earlier");
    cr_assert_eq(nl_yload("t.yaml", "a: [", 4, NULL, &doc, &err),
                 NL_ERR_CONFIG);
    cr_assert_eq(err.code, NL_ERR_IO);
    cr_assert_str_eq(err.text, "earlier");
    cr_assert_eq(nl_yload("t.yaml", "a: [", 4, NULL, &doc, NULL),
                 NL_ERR_CONFIG);
    cr_assert_null(doc);
    cr_assert_eq(nl_yload("t.yaml", "a", 1, NULL, NULL, NULL), NL_ERR_USAGE);
}

Test(ytree, check_keys)
{
    static const char *const allowed[] = {"id", "severity", "message",
                                          "pattern", NULL};
    nl_ydoc *doc;
    cr_assert_eq(load("id: x\nmessage: m\n", &doc), NL_OK);
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_ycheck_keys("r.yaml", nl_yroot(doc), allowed, &err), NL_OK);
    cr_assert_eq(err.code, NL_OK);
    nl_yfree(doc);

    cr_assert_eq(load("id: x\nrule:\n  severty: error\n", &doc), NL_OK);
    const nl_ynode *rule = nl_yget(nl_yroot(doc), "rule");
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_ycheck_keys("rules/x.yaml", rule, allowed, &err),
                 NL_ERR_CONFIG);
    cr_assert_eq(err.code, NL_ERR_CONFIG);
    cr_assert_str_eq(err.file, "rules/x.yaml");
    cr_assert_eq(err.line, 3);
    cr_assert_eq(err.column, 3);
    cr_assert_str_eq(err.text, "unknown key 'severty' (did you mean 'severity'?)");
    char buf[600];
    nl_error_format(&err, buf, sizeof buf);
    cr_assert_str_eq(buf, "rules/x.yaml:3:3: error: unknown key 'severty' "
                          "(did you mean 'severity'?)");
    nl_yfree(doc);

    /* transposition counts 1; far-off keys get no suggestion */
    cr_assert_eq(load("{patetrn: a, mesage: b}", &doc), NL_OK);
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_ycheck_keys("r.yaml", nl_yroot(doc), allowed, &err),
                 NL_ERR_CONFIG);
    cr_assert_str_eq(err.text, "unknown key 'patetrn' (did you mean 'pattern'?)");
    cr_assert_eq(err.column, 2);
    nl_yfree(doc);
    cr_assert_eq(load("x: 1\n", &doc), NL_OK);
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_ycheck_keys("r.yaml", nl_yroot(doc), allowed, &err),
                 NL_ERR_CONFIG);
    cr_assert_str_eq(err.text, "unknown key 'x'");
    nl_yfree(doc);

    cr_assert_eq(load("[a]", &doc), NL_OK);
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_ycheck_keys("r.yaml", nl_yroot(doc), allowed, &err),
                 NL_ERR_CONFIG);
    cr_assert_str_eq(err.text, "expected a mapping");
    nl_yfree(doc);
    cr_assert_eq(nl_ycheck_keys("r.yaml", NULL, allowed, NULL), NL_OK);
}

Test(ytree, scalar_helpers)
{
    nl_ydoc *doc;
    cr_assert_eq(load("[true, No, 'yes', 42, -7, +3, 0x1F, 12a, \"5\", "
                      "99999999999999999999, '', ~, null, NULL, Nil, [], 007]",
                      &doc), NL_OK);
    nl_ynode **v = nl_yroot(doc)->items;
    int b = -1;
    long l = -1;
    cr_assert_eq(nl_ybool(v[0], &b), 0);
    cr_assert_eq(b, 1);
    cr_assert_eq(nl_ybool(v[1], &b), 0);
    cr_assert_eq(b, 0);
    cr_assert_eq(nl_ybool(v[2], &b), -1); /* quoted */
    cr_assert_eq(nl_ybool(v[3], &b), -1);
    cr_assert_eq(nl_ybool(NULL, &b), -1);
    cr_assert_eq(b, 0);
    cr_assert_eq(nl_ylong(v[3], &l), 0);
    cr_assert_eq(l, 42);
    cr_assert_eq(nl_ylong(v[4], &l), 0);
    cr_assert_eq(l, -7);
    cr_assert_eq(nl_ylong(v[5], &l), 0);
    cr_assert_eq(l, 3);
    cr_assert_eq(nl_ylong(v[16], &l), 0);
    cr_assert_eq(l, 7);
    l = 123;
    cr_assert_eq(nl_ylong(v[6], &l), -1); /* hex not accepted */
    cr_assert_eq(nl_ylong(v[7], &l), -1);
    cr_assert_eq(nl_ylong(v[8], &l), -1); /* quoted */
    cr_assert_eq(nl_ylong(v[9], &l), -1); /* overflow */
    cr_assert_eq(nl_ylong(v[0], &l), -1);
    cr_assert_eq(nl_ylong(v[15], &l), -1); /* a sequence */
    cr_assert_eq(nl_ylong(NULL, &l), -1);
    cr_assert_eq(l, 123);

    cr_assert_eq(nl_yis_null(NULL), 1);
    cr_assert_eq(nl_yis_null(v[10]), 0); /* quoted '' */
    cr_assert_eq(nl_yis_null(v[11]), 1);
    cr_assert_eq(nl_yis_null(v[12]), 1);
    cr_assert_eq(nl_yis_null(v[13]), 1);
    cr_assert_eq(nl_yis_null(v[14]), 0);
    cr_assert_eq(nl_yis_null(v[15]), 0);
    nl_yfree(doc);

    cr_assert_eq(load("k:\nj: \"\"\n", &doc), NL_OK);
    cr_assert_eq(nl_yis_null(nl_yget(nl_yroot(doc), "k")), 1);
    cr_assert_eq(nl_yget(nl_yroot(doc), "k")->plain, 1);
    cr_assert_eq(nl_yis_null(nl_yget(nl_yroot(doc), "j")), 0);
    nl_yfree(doc);
}

Test(ytree, free_and_root_accept_null)
{
    nl_yfree(NULL);
    cr_assert_null(nl_yroot(NULL));
}
