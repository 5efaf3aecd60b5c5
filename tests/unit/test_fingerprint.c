/*
 * test_fingerprint.c — SHA-256 (sha256.c) against the FIPS 180-4 examples,
 * and fingerprints of findings (fingerprint.c) against fingerprint.h: the
 * normalised excerpt drops white space and control characters, empty spans
 * stand for their trimmed line, identical findings are told apart by
 * occurrence, and neither line moves, re-wrapping nor the message change a
 * fingerprint while the rule, the path and the text do.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "excerpt.h"
#include "fingerprint.h"
#include "sha256.h"

static void sha_hex(const void *data, size_t n, char out[65])
{
    nl_sha256 s;
    unsigned char d[32];
    nl_sha256_init(&s);
    nl_sha256_update(&s, data, n);
    nl_sha256_final(&s, d);
    for (int i = 0; i < 32; i++)
        sprintf(out + 2 * i, "%02x", d[i]);
}

Test(sha256, fips_180_4_examples)
{
    char h[65];
    sha_hex("abc", 3, h);
    cr_assert_str_eq(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    sha_hex("", 0, h);
    cr_assert_str_eq(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha_hex(two, strlen(two), h);
    cr_assert_str_eq(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

Test(sha256, incremental_equals_one_shot)
{
    char *a = malloc(1000000);
    cr_assert_not_null(a);
    memset(a, 'a', 1000000);
    nl_sha256 s;
    unsigned char d[32];
    nl_sha256_init(&s);
    for (size_t i = 0; i < 1000000; i += 999) /* odd chunks cross blocks */
        nl_sha256_update(&s, a + i, i + 999 > 1000000 ? 1000000 - i : 999);
    nl_sha256_final(&s, d);
    char h[65];
    for (int i = 0; i < 32; i++)
        sprintf(h + 2 * i, "%02x", d[i]);
    cr_assert_str_eq(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}

static nl_doc *doc_of(const char *text)
{
    nl_doc *d = NULL;
    nl_error err = {0};
    cr_assert_eq(nl_doc_load_bytes("t.txt", text, strlen(text), &d, &err), NL_OK);
    return d;
}

/* Offset of the n-th (0-based) occurrence of needle in the document. */
static size_t at(const nl_doc *d, const char *needle, int n)
{
    const char *p = d->dec.text;
    for (;;) {
        p = strstr(p, needle);
        cr_assert_not_null(p, "no '%s'", needle);
        if (n-- == 0)
            return (size_t)(p - d->dec.text);
        p++;
    }
}

static char *text_of(const nl_doc *d, nl_span s)
{
    size_t n;
    char *t = nl_fingerprint_text(d, s, &n);
    cr_assert_not_null(t);
    cr_assert_eq(strlen(t), n);
    return t;
}

Test(fingerprint, normalised_excerpt)
{
    nl_doc *d = doc_of("标题\n\n　　一是 加强\t领导，\r\n  强化 督促。  \n");
    size_t a = at(d, "一是", 0), b = at(d, "督促", 0) + strlen("督促");
    char *t = text_of(d, (nl_span){a, b});
    cr_assert_str_eq(t, "一是加强领导，强化督促");
    free(t);
    /* An empty span stands for its line, trimmed (ideographic spaces too). */
    t = text_of(d, (nl_span){a, a});
    cr_assert_str_eq(t, "一是加强领导，");
    free(t);
    nl_span ex = nl_excerpt_span(d, (nl_span){a, a});
    cr_assert_eq(ex.start, a);
    nl_doc_free(d);
}

static void fps(const nl_doc *d, const nl_findings *f, const char *path, nl_fingerprint *out)
{
    cr_assert_eq(nl_fingerprints(d, f, path, out), 0);
    for (size_t i = 0; i < f->n; i++)
        cr_assert_eq(strlen(out[i]), NL_FP_HEX);
}

static void add(nl_findings *f, const char *rule, const nl_doc *d, const char *needle,
                int n, const char *msg)
{
    size_t a = at(d, needle, n);
    cr_assert_eq(nl_findings_add(f, rule, 2, (nl_span){a, a + strlen(needle)},
                                 strdup(msg), NULL), 0);
}

Test(fingerprint, stable_when_lines_move_and_text_rewraps)
{
    nl_doc *d1 = doc_of("标题\n正文甲乙。\n其它丙丁。\n");
    nl_doc *d2 = doc_of("标题\n\n\n新增一段。\n正文甲乙。\n其它\n丙丁。\n");
    nl_findings f1 = {0}, f2 = {0};
    add(&f1, "r.a", d1, "甲乙", 0, "第2行");
    add(&f1, "r.b", d1, "其它丙丁", 0, "x");
    add(&f2, "r.a", d2, "甲乙", 0, "第5行"); /* the message differs: no matter */
    add(&f2, "r.b", d2, "其它\n丙丁", 0, "x");
    nl_fingerprint a[2], b[2];
    fps(d1, &f1, "n/a.txt", a);
    fps(d2, &f2, "n/a.txt", b);
    cr_assert_str_eq(a[0], b[0]);
    cr_assert_str_eq(a[1], b[1]);
    /* The path and the rule are part of it. */
    fps(d1, &f1, "n/b.txt", b);
    cr_assert_str_neq(a[0], b[0]);
    fps(d1, &f1, NULL, b);
    cr_assert_str_neq(a[0], b[0]);
    f1.v[0].rule_id = "r.c";
    fps(d1, &f1, "n/a.txt", b);
    cr_assert_str_neq(a[0], b[0]);
    cr_assert_str_eq(a[1], b[1]);
    nl_findings_free(&f1);
    nl_findings_free(&f2);
    nl_doc_free(d1);
    nl_doc_free(d2);
}

Test(fingerprint, identical_findings_differ_by_occurrence)
{
    nl_doc *d = doc_of("XX同志。XX同志。另一XX。\n");
    nl_findings f = {0};
    add(&f, "t.p", d, "XX", 0, "m");
    add(&f, "t.q", d, "XX", 0, "m"); /* another rule: its own count */
    add(&f, "t.p", d, "XX", 1, "m");
    add(&f, "t.p", d, "XX", 2, "m");
    nl_fingerprint a[4];
    fps(d, &f, "p", a);
    cr_assert_str_neq(a[0], a[2]);
    cr_assert_str_neq(a[2], a[3]);
    cr_assert_str_neq(a[0], a[1]);
    /* Removing the first occurrence shifts the others' indexes: the second
     * now has the first one's fingerprint (documented in fingerprint.h). */
    nl_findings g = {0};
    add(&g, "t.p", d, "XX", 1, "m");
    nl_fingerprint b[1];
    fps(d, &g, "p", b);
    cr_assert_str_eq(b[0], a[0]);
    nl_findings_free(&f);
    nl_findings_free(&g);
    nl_doc_free(d);
}

Test(fingerprint, no_findings)
{
    nl_doc *d = doc_of("x\n");
    nl_findings f = {0};
    cr_assert_eq(nl_fingerprints(d, &f, "p", NULL), 0);
    nl_doc_free(d);
}
