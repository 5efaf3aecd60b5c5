/*
 * test_fmt_json.c — the json and jsonl formats of `noticelint check`
 * (fmt_json.c): the streamed object parses back as one JSON value, pretty
 * and compact, with no files, one file or several; keys come in the
 * documented order; positions, byte offsets (GB18030 offsets are GB18030
 * bytes of the original file), excerpts and their truncation; facts from a
 * parsed notice equal those of `parse`; null facts without a notice; invalid
 * UTF-8 in a path is repaired; a write failure is reported; JSON Lines is
 * one object per line.
 */
#include <criterion/criterion.h>
#include <iconv.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "notice_json.h"
#include "rules.h"
#include "testutil.h"

static const char *const file_keys[] = {"path", "format", "unit", "encoding", "facts",
                                        "findings", NULL};

static nl_doc *load_named(const char *name, const char *bytes, size_t n)
{
    nl_doc *doc = NULL;
    nl_error err = {0};
    cr_assert_eq(nl_doc_load_bytes(name, bytes, n, &doc, &err), NL_OK, "%s", err.text);
    return doc;
}

static nl_doc *load(const char *text)
{
    return load_named("t.txt", text, strlen(text));
}

static void add(nl_findings *f, const char *rule, int sev, size_t start,
                size_t end, const char *msg, const char *sugg)
{
    cr_assert_eq(nl_findings_add(f, rule, sev, (nl_span){start, end}, strdup(msg),
                                 sugg ? strdup(sugg) : NULL),
                 0);
}

/* Decoded offset of the first occurrence of needle in the document. */
static size_t at(const nl_doc *doc, const char *needle)
{
    const char *p = strstr(doc->dec.text, needle);
    cr_assert_not_null(p, "'%s' not in the document", needle);
    return (size_t)(p - doc->dec.text);
}

typedef struct one_file {
    const nl_doc *doc;
    const nl_notice *nt;
    const nl_findings *f;
} one_file;

/* Write a whole json report for n files; returns the text (caller frees). */
static char *write_json(const one_file *files, size_t n, int pretty)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    cr_assert_not_null(out);
    nl_summary s = {0};
    nl_json_writer *w = nl_json_begin(out, pretty);
    cr_assert_not_null(w);
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(nl_json_file(w, files[i].doc, files[i].nt, files[i].f), 0);
        nl_summary_add(&s, files[i].f);
    }
    cr_assert_eq(nl_json_end(w, &s), 0);
    cr_assert_eq(fclose(out), 0);
    return buf;
}

static json_t *parse(const char *text)
{
    json_error_t jerr;
    json_t *v = json_loads(text, 0, &jerr);
    cr_assert_not_null(v, "invalid JSON at %d:%d: %s\n%s", jerr.line, jerr.column,
                       jerr.text, text);
    return v;
}

/* The object's keys are exactly `keys`, in that order. */
static void expect_keys(const json_t *o, const char *const *keys)
{
    cr_assert(json_is_object(o));
    void *it = json_object_iter((json_t *)o);
    size_t i = 0;
    for (; it; it = json_object_iter_next((json_t *)o, it), i++) {
        cr_assert_not_null(keys[i], "unexpected key '%s'", json_object_iter_key(it));
        cr_assert_str_eq(json_object_iter_key(it), keys[i]);
    }
    cr_assert_null(keys[i], "missing key '%s'", keys[i]);
}

/* The output must be exactly what jansson prints for the parsed value: our
 * hand-written envelope and re-indented pieces read as one document. */
static void expect_canonical(const char *text, int pretty)
{
    json_t *v = parse(text);
    char *again = json_dumps(v, JSON_PRESERVE_ORDER |
                                    (pretty ? JSON_INDENT(2) : JSON_COMPACT));
    cr_assert_not_null(again);
    size_t n = strlen(again);
    cr_assert_eq(strlen(text), n + 1, "output:\n%s\ncanonical:\n%s", text, again);
    cr_assert_eq(memcmp(text, again, n), 0, "output:\n%s\ncanonical:\n%s", text, again);
    cr_assert_eq(text[n], '\n');
    free(again);
    json_decref(v);
}

static const char *const top_keys[] = {"tool", "files", "summary", NULL};
static const char *const tool_keys[] = {"name", "version", NULL};
static const char *const summary_keys[] = {"files", "findings", "error", "warning",
                                           "info", NULL};
static const char *const full_keys[] = {
    "rule", "severity", "message", "line", "column", "end_line", "end_column",
    "offset", "length", "excerpt", "suggestion", NULL};
static const char *const jsonl_keys[] = {
    "path", "rule", "severity", "message", "line", "column", "end_line",
    "end_column", "offset", "length", "excerpt", "suggestion", NULL};

#define INT(o, k) json_integer_value(json_object_get((o), (k)))
#define STR(o, k) json_string_value(json_object_get((o), (k)))

Test(fmt_json, whole_report_keys_values_and_order)
{
    nl_doc *doc = load("标题\n联系电话：123\nsecond\n");
    nl_findings f = {0};
    size_t p = at(doc, "123");
    add(&f, "contact.phone", NL_SEV_WARNING, p, p + 3, "too short", "0791-12345678");
    add(&f, "x.info", NL_SEV_INFO, at(doc, "second"), at(doc, "second") + 6, "i", NULL);
    nl_doc *doc2 = load_named("b.txt", "ok\n", 3);
    one_file files[] = {{doc, NULL, &f}, {doc2, NULL, NULL}};
    for (int pretty = 0; pretty <= 1; pretty++) {
        char *text = write_json(files, 2, pretty);
        expect_canonical(text, pretty);
        json_t *v = parse(text);
        expect_keys(v, top_keys);
        json_t *tool = json_object_get(v, "tool");
        expect_keys(tool, tool_keys);
        cr_assert_str_eq(STR(tool, "name"), "noticelint");
        cr_assert_str_eq(STR(tool, "version"), NL_VERSION);
        json_t *fs = json_object_get(v, "files");
        cr_assert_eq(json_array_size(fs), 2);
        json_t *f0 = json_array_get(fs, 0), *f1 = json_array_get(fs, 1);
        expect_keys(f0, file_keys);
        expect_keys(f1, file_keys);
        cr_assert_str_eq(STR(f0, "path"), "t.txt");
        cr_assert_str_eq(STR(f0, "encoding"), "utf-8");
        cr_assert(json_is_null(json_object_get(f0, "facts")));
        cr_assert_str_eq(STR(f1, "path"), "b.txt");
        cr_assert_eq(json_array_size(json_object_get(f1, "findings")), 0);
        json_t *fl = json_object_get(f0, "findings");
        cr_assert_eq(json_array_size(fl), 2);
        json_t *a = json_array_get(fl, 0), *b = json_array_get(fl, 1);
        expect_keys(a, full_keys);
        static const char *const no_sugg[] = {
            "rule", "severity", "message", "line", "column", "end_line",
            "end_column", "offset", "length", "excerpt", NULL};
        expect_keys(b, no_sugg);
        cr_assert_str_eq(STR(a, "rule"), "contact.phone");
        cr_assert_str_eq(STR(a, "severity"), "warning");
        cr_assert_str_eq(STR(a, "message"), "too short");
        cr_assert_eq(INT(a, "line"), 2);
        cr_assert_eq(INT(a, "column"), 6);
        cr_assert_eq(INT(a, "end_line"), 2);
        cr_assert_eq(INT(a, "end_column"), 9);
        cr_assert_eq(INT(a, "offset"), (json_int_t)p);
        cr_assert_eq(INT(a, "length"), 3);
        cr_assert_str_eq(STR(a, "excerpt"), "123");
        cr_assert_str_eq(STR(a, "suggestion"), "0791-12345678");
        cr_assert_str_eq(STR(b, "severity"), "info");
        cr_assert_eq(INT(b, "line"), 3);
        cr_assert_eq(INT(b, "column"), 1);
        cr_assert_eq(INT(b, "end_column"), 7);
        json_t *s = json_object_get(v, "summary");
        expect_keys(s, summary_keys);
        cr_assert_eq(INT(s, "files"), 2);
        cr_assert_eq(INT(s, "findings"), 2);
        cr_assert_eq(INT(s, "error"), 0);
        cr_assert_eq(INT(s, "warning"), 1);
        cr_assert_eq(INT(s, "info"), 1);
        json_decref(v);
        free(text);
    }
    nl_findings_free(&f);
    nl_doc_free(doc);
    nl_doc_free(doc2);
}

Test(fmt_json, exact_pretty_and_compact_text)
{
    nl_doc *doc = load("ab\n");
    nl_findings f = {0};
    add(&f, "r.x", NL_SEV_ERROR, 1, 2, "m", NULL);
    one_file one = {doc, NULL, &f};
    char *text = write_json(&one, 1, 1);
    cr_assert_str_eq(text,
                     "{\n"
                     "  \"tool\": {\n"
                     "    \"name\": \"noticelint\",\n"
                     "    \"version\": \"" NL_VERSION "\"\n"
                     "  },\n"
                     "  \"files\": [\n"
                     "    {\n"
                     "      \"path\": \"t.txt\",\n"
                     "      \"format\": \"text\",\n"
                     "      \"unit\": \"line\",\n"
                     "      \"encoding\": \"utf-8\",\n"
                     "      \"facts\": null,\n"
                     "      \"findings\": [\n"
                     "        {\n"
                     "          \"rule\": \"r.x\",\n"
                     "          \"severity\": \"error\",\n"
                     "          \"message\": \"m\",\n"
                     "          \"line\": 1,\n"
                     "          \"column\": 2,\n"
                     "          \"end_line\": 1,\n"
                     "          \"end_column\": 3,\n"
                     "          \"offset\": 1,\n"
                     "          \"length\": 1,\n"
                     "          \"excerpt\": \"b\"\n"
                     "        }\n"
                     "      ]\n"
                     "    }\n"
                     "  ],\n"
                     "  \"summary\": {\n"
                     "    \"files\": 1,\n"
                     "    \"findings\": 1,\n"
                     "    \"error\": 1,\n"
                     "    \"warning\": 0,\n"
                     "    \"info\": 0\n"
                     "  }\n"
                     "}\n");
    free(text);
    text = write_json(&one, 1, 0);
    cr_assert_str_eq(text,
                     "{\"tool\":{\"name\":\"noticelint\",\"version\":\"" NL_VERSION "\"},"
                     "\"files\":[{\"path\":\"t.txt\",\"format\":\"text\",\"unit\":\"line\",\"encoding\":\"utf-8\",\"facts\":null,"
                     "\"findings\":[{\"rule\":\"r.x\",\"severity\":\"error\",\"message\":\"m\","
                     "\"line\":1,\"column\":2,\"end_line\":1,\"end_column\":3,\"offset\":1,"
                     "\"length\":1,\"excerpt\":\"b\"}]}],"
                     "\"summary\":{\"files\":1,\"findings\":1,\"error\":1,\"warning\":0,"
                     "\"info\":0}}\n");
    free(text);
    nl_findings_free(&f);
    nl_doc_free(doc);
}

Test(fmt_json, no_files)
{
    for (int pretty = 0; pretty <= 1; pretty++) {
        char *text = write_json(NULL, 0, pretty);
        expect_canonical(text, pretty);
        json_t *v = parse(text);
        cr_assert_eq(json_array_size(json_object_get(v, "files")), 0);
        cr_assert_eq(INT(json_object_get(v, "summary"), "files"), 0);
        json_decref(v);
        free(text);
    }
    char *text = write_json(NULL, 0, 1);
    cr_assert_not_null(strstr(text, "\n  \"files\": [],\n"));
    free(text);
}

Test(fmt_json, many_files_stay_valid)
{
    nl_doc *doc = load("一\n二\n");
    nl_findings f = {0};
    add(&f, "r", NL_SEV_WARNING, 4, 7, "m\n\"quoted\"\ttab", NULL);
    one_file files[5];
    for (int i = 0; i < 5; i++)
        files[i] = (one_file){doc, NULL, i % 2 ? NULL : &f};
    for (int pretty = 0; pretty <= 1; pretty++) {
        char *text = write_json(files, 5, pretty);
        expect_canonical(text, pretty);
        json_t *v = parse(text);
        json_t *fs = json_object_get(v, "files");
        cr_assert_eq(json_array_size(fs), 5);
        json_t *x = json_array_get(json_object_get(json_array_get(fs, 4), "findings"), 0);
        cr_assert_str_eq(STR(x, "message"), "m\n\"quoted\"\ttab");
        cr_assert_str_eq(STR(x, "excerpt"), "二");
        cr_assert_eq(INT(x, "line"), 2);
        cr_assert_eq(INT(json_object_get(v, "summary"), "findings"), 3);
        json_decref(v);
        free(text);
    }
    nl_findings_free(&f);
    nl_doc_free(doc);
}

/* Encode UTF-8 text as GB18030 with iconv; returns malloc'd bytes. */
static char *to_gb18030(const char *utf8, size_t *outlen)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    cr_assert_neq(cd, (iconv_t)-1);
    size_t inleft = strlen(utf8), cap = inleft * 2 + 8, outleft = cap;
    char *buf = malloc(cap), *in = (char *)utf8, *o = buf;
    cr_assert_neq(iconv(cd, &in, &inleft, &o, &outleft), (size_t)-1);
    iconv_close(cd);
    *outlen = cap - outleft;
    return buf;
}

static const char *memfind(const char *hay, size_t n, const char *needle, size_t m)
{
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return hay + i;
    return NULL;
}

Test(fmt_json, gb18030_offsets_are_original_bytes)
{
    size_t rawlen = 0;
    char *raw = tu_read_file(tu_src("fixtures/clean-full.gb18030.txt"), &rawlen);
    cr_assert_not_null(raw);
    nl_doc *doc = load_named("clean-full.gb18030.txt", raw, rawlen);
    cr_assert_str_eq(nl_encoding_name(doc->dec.encoding), "gb18030");
    const char *needle = "市委第三巡察组向青禾街道党工委反馈了意见";
    size_t start = at(doc, needle), end = start + strlen(needle);
    nl_findings f = {0};
    add(&f, "r", NL_SEV_WARNING, start, end, "m", NULL);
    one_file one = {doc, NULL, &f};
    char *text = write_json(&one, 1, 0);
    json_t *v = parse(text);
    json_t *file = json_array_get(json_object_get(v, "files"), 0);
    cr_assert_str_eq(STR(file, "encoding"), "gb18030");
    json_t *x = json_array_get(json_object_get(file, "findings"), 0);
    size_t gblen = 0;
    char *gb = to_gb18030(needle, &gblen);
    const char *hit = memfind(raw, rawlen, gb, gblen);
    cr_assert_not_null(hit);
    cr_assert_eq(INT(x, "offset"), (json_int_t)(hit - raw));
    cr_assert_eq(INT(x, "length"), (json_int_t)gblen);
    cr_assert_eq(gblen, 2 * 20); /* 20 ideographs, 2 bytes each */
    cr_assert_str_eq(STR(x, "excerpt"), needle);
    /* Same line and columns as the UTF-8 original, different offsets. */
    size_t ulen = 0;
    char *utf = tu_read_file(tu_src("fixtures/clean-full.txt"), &ulen);
    nl_doc *udoc = load_named("clean-full.txt", utf, ulen);
    size_t ustart = at(udoc, needle);
    nl_pos up = nl_doc_pos(udoc, ustart);
    cr_assert_eq(INT(x, "line"), up.line);
    cr_assert_eq(INT(x, "column"), up.column);
    cr_assert_eq(INT(x, "end_column"), up.column + 20);
    cr_assert_neq(INT(x, "offset"), (json_int_t)up.offset);
    /* The numbers quoted in docs/output.md. */
    cr_assert_eq(INT(x, "line"), 7);
    cr_assert_eq(INT(x, "column"), 84);
    cr_assert_eq(INT(x, "offset"), 261);
    cr_assert_eq(INT(x, "length"), 40);
    cr_assert_eq(up.offset, 364);
    json_decref(v);
    free(text);
    free(gb);
    free(utf);
    free(raw);
    nl_findings_free(&f);
    nl_doc_free(udoc);
    nl_doc_free(doc);
}

Test(fmt_json, bom_offsets_include_the_bom)
{
    nl_doc *doc = load("\xef\xbb\xbf" "ab\n");
    nl_findings f = {0};
    add(&f, "r", NL_SEV_WARNING, 1, 2, "m", NULL);
    one_file one = {doc, NULL, &f};
    char *text = write_json(&one, 1, 0);
    json_t *v = parse(text);
    json_t *file = json_array_get(json_object_get(v, "files"), 0);
    json_t *x = json_array_get(json_object_get(file, "findings"), 0);
    cr_assert_str_eq(STR(file, "encoding"), "utf-8-bom");
    cr_assert_eq(INT(x, "column"), 2);
    cr_assert_eq(INT(x, "offset"), 4);
    cr_assert_eq(INT(x, "length"), 1);
    json_decref(v);
    free(text);
    nl_findings_free(&f);
    nl_doc_free(doc);
}

/* The excerpt of one finding [start, end) in `text`. */
static char *excerpt_of(const char *text, size_t start, size_t end)
{
    nl_doc *doc = load(text);
    nl_findings f = {0};
    add(&f, "r", NL_SEV_WARNING, start, end, "m", NULL);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    cr_assert_eq(nl_fmt_jsonl(out, doc, &f), 0);
    fclose(out);
    json_t *v = parse(buf);
    char *ex = strdup(STR(v, "excerpt"));
    json_decref(v);
    free(buf);
    nl_findings_free(&f);
    nl_doc_free(doc);
    return ex;
}

/* n copies of a 3-byte character. */
static char *repeat3(const char *ch, size_t n, const char *tail)
{
    char *s = malloc(3 * n + strlen(tail) + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + 3 * i, ch, 3);
    strcpy(s + 3 * n, tail);
    return s;
}

Test(fmt_json, excerpt_truncation)
{
    char *line = repeat3("字", 130, "\n");
    char *want120 = repeat3("字", 120, "…");
    char *exact120 = repeat3("字", 120, "");
    char *ex = excerpt_of(line, 0, 3 * 130);
    cr_assert_str_eq(ex, want120);
    free(ex);
    ex = excerpt_of(line, 0, 3 * 120); /* exactly 120: not cut */
    cr_assert_str_eq(ex, exact120);
    free(ex);
    ex = excerpt_of(line, 0, 3 * 121);
    cr_assert_str_eq(ex, want120);
    free(ex);
    /* An empty span: its line, with the same cap. */
    ex = excerpt_of(line, 30, 30);
    cr_assert_str_eq(ex, want120);
    free(ex);
    free(line);
    free(want120);
    free(exact120);
}

Test(fmt_json, excerpt_of_empty_span_is_the_trimmed_line)
{
    char *ex = excerpt_of("x\n\xe3\x80\x80\xe3\x80\x80 一二三\t \xe3\x80\x80\r\ny\n", 8, 8);
    cr_assert_str_eq(ex, "一二三");
    free(ex);
    ex = excerpt_of("a\n\n b\n", 2, 2); /* an empty line */
    cr_assert_str_eq(ex, "");
    free(ex);
    ex = excerpt_of("a\n\n b\n", 2, 5); /* not empty: the text as it is */
    cr_assert_str_eq(ex, "\n b");
    free(ex);
}

Test(fmt_json, facts_from_a_parsed_notice)
{
    nl_config *cfg = NULL;
    nl_error err = {0};
    cr_assert_eq(nl_config_load_default(&cfg, &err), NL_OK, "%s", err.text);
    size_t n = 0;
    char *raw = tu_read_file(tu_src("fixtures/minimal.txt"), &n);
    cr_assert_not_null(raw);
    nl_doc *doc = load_named("minimal.txt", raw, n);
    nl_notice *nt = NULL;
    cr_assert_eq(nl_notice_parse(cfg, doc, &nt, &err), NL_OK, "%s", err.text);
    nl_findings f = {0};
    one_file one = {doc, nt, &f};
    char *text = write_json(&one, 1, 1);
    expect_canonical(text, 1);
    json_t *v = parse(text);
    json_t *facts = json_object_get(json_array_get(json_object_get(v, "files"), 0), "facts");
    cr_assert(json_is_object(facts));
    char *parsed = nl_notice_to_json(nt, 2);
    json_t *pv = parse(parsed);
    cr_assert(json_equal(facts, json_object_get(pv, "facts")),
              "facts differ from parse's");
    /* The minimal notice states "2方面6项问题". */
    json_t *counts = json_object_get(facts, "stated_counts");
    cr_assert_eq(INT(counts, "aspects"), 2);
    cr_assert_eq(INT(counts, "problems"), 6);
    cr_assert_str_eq(STR(facts, "issuing_unit"), "中共溪口乡委员会");
    json_t *direct = nl_notice_facts_json(nt);
    cr_assert(json_equal(direct, facts));
    json_decref(direct);
    json_decref(pv);
    free(parsed);
    json_decref(v);
    free(text);
    nl_notice_free(nt);
    nl_doc_free(doc);
    free(raw);
    nl_config_free(cfg);
}

Test(fmt_json, invalid_utf8_in_path_is_repaired)
{
    nl_doc *doc = load_named("bad\xff.txt", "a\n", 2);
    nl_findings f = {0};
    add(&f, "r", NL_SEV_WARNING, 0, 1, "m\xc3", NULL);
    one_file one = {doc, NULL, &f};
    char *text = write_json(&one, 1, 0);
    json_t *v = parse(text);
    json_t *file = json_array_get(json_object_get(v, "files"), 0);
    cr_assert_str_eq(STR(file, "path"), "bad\xef\xbf\xbd.txt");
    json_t *x = json_array_get(json_object_get(file, "findings"), 0);
    cr_assert_str_eq(STR(x, "message"), "m\xef\xbf\xbd");
    json_decref(v);
    free(text);
    nl_findings_free(&f);
    nl_doc_free(doc);
}

Test(fmt_json, write_failure_is_reported)
{
    FILE *out = fopen("/dev/full", "w");
    if (!out)
        cr_skip_test("/dev/full is not available");
    nl_doc *doc = load("ab\n");
    nl_summary s = {0};
    nl_json_writer *w = nl_json_begin(out, 1);
    if (w) { /* the head may still sit in the stdio buffer */
        nl_json_file(w, doc, NULL, NULL);
        nl_summary_add(&s, NULL);
        cr_assert_eq(nl_json_end(w, &s), -1);
    }
    fclose(out);
    cr_assert_eq(nl_json_end(NULL, &s), -1);
    nl_doc_free(doc);
}

Test(fmt_json, jsonl_one_object_per_line)
{
    nl_doc *doc = load("联系电话：123\n第二行\n");
    nl_findings f = {0};
    add(&f, "contact.phone", NL_SEV_WARNING, 15, 18, "too short", "0791-12345678");
    add(&f, "r.two", NL_SEV_ERROR, at(doc, "第二行"), at(doc, "第二行"), "empty span", NULL);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    cr_assert_eq(nl_fmt_jsonl(out, doc, &f), 0);
    fclose(out);
    char *nl1 = strchr(buf, '\n');
    cr_assert_not_null(nl1);
    char *nl2 = strchr(nl1 + 1, '\n');
    cr_assert_not_null(nl2);
    cr_assert_eq(nl2[1], '\0', "exactly two lines");
    *nl1 = *nl2 = '\0';
    json_t *a = parse(buf), *b = parse(nl1 + 1);
    expect_keys(a, jsonl_keys);
    cr_assert_str_eq(STR(a, "path"), "t.txt");
    cr_assert_str_eq(STR(a, "rule"), "contact.phone");
    cr_assert_eq(INT(a, "column"), 6);
    cr_assert_str_eq(STR(b, "rule"), "r.two");
    cr_assert_str_eq(STR(b, "severity"), "error");
    cr_assert_eq(INT(b, "line"), 2);
    cr_assert_eq(INT(b, "length"), 0);
    cr_assert_str_eq(STR(b, "excerpt"), "第二行");
    cr_assert_null(json_object_get(b, "suggestion"));
    /* Compact: no spaces outside strings. */
    cr_assert_null(strstr(buf, "\": "));
    cr_assert_null(strstr(buf, ", \""));
    json_decref(a);
    json_decref(b);
    free(buf);
    /* No findings: nothing at all. */
    nl_findings none = {0};
    buf = NULL;
    out = open_memstream(&buf, &len);
    cr_assert_eq(nl_fmt_jsonl(out, doc, &none), 0);
    fclose(out);
    cr_assert_str_eq(buf, "");
    free(buf);
    nl_findings_free(&f);
    nl_doc_free(doc);
}

/* A small worked example of the JSON format (docs/output.md shows real output). */
Test(fmt_json, docs_example)
{
    const char *text = "关于巡察整改情况的通报\n截止目前，6项问题已全部完成整改。\n"
                       "联系电话：0769-229071\n";
    nl_doc *doc = load_named("notice.txt", text, strlen(text));
    nl_findings f = {0};
    size_t p = at(doc, "0769");
    add(&f, "contact.phone-format", NL_SEV_ERROR, p, p + 11,
        "电话号码“0769-229071”格式不正确", NULL);
    p = at(doc, "截止");
    add(&f, "text.usage", NL_SEV_WARNING, p, p + 6, "用词不规范：“截止”应为“截至”", "截至");
    p = strlen(text) - 1;
    add(&f, "required.signature", NL_SEV_WARNING, p, p, "文末缺少落款单位", NULL);
    nl_findings_sort(&f);
    one_file one = {doc, NULL, &f};
    char *got = write_json(&one, 1, 1);
    cr_assert_str_eq(got,
                     "{\n"
                     "  \"tool\": {\n"
                     "    \"name\": \"noticelint\",\n"
                     "    \"version\": \"" NL_VERSION "\"\n"
                     "  },\n"
                     "  \"files\": [\n"
                     "    {\n"
                     "      \"path\": \"notice.txt\",\n"
                     "      \"format\": \"text\",\n"
                     "      \"unit\": \"line\",\n"
                     "      \"encoding\": \"utf-8\",\n"
                     "      \"facts\": null,\n"
                     "      \"findings\": [\n"
                     "        {\n"
                     "          \"rule\": \"text.usage\",\n"
                     "          \"severity\": \"warning\",\n"
                     "          \"message\": \"用词不规范：“截止”应为“截至”\",\n"
                     "          \"line\": 2,\n"
                     "          \"column\": 1,\n"
                     "          \"end_line\": 2,\n"
                     "          \"end_column\": 3,\n"
                     "          \"offset\": 34,\n"
                     "          \"length\": 6,\n"
                     "          \"excerpt\": \"截止\",\n"
                     "          \"suggestion\": \"截至\"\n"
                     "        },\n"
                     "        {\n"
                     "          \"rule\": \"contact.phone-format\",\n"
                     "          \"severity\": \"error\",\n"
                     "          \"message\": \"电话号码“0769-229071”格式不正确\",\n"
                     "          \"line\": 3,\n"
                     "          \"column\": 6,\n"
                     "          \"end_line\": 3,\n"
                     "          \"end_column\": 17,\n"
                     "          \"offset\": 99,\n"
                     "          \"length\": 11,\n"
                     "          \"excerpt\": \"0769-229071\"\n"
                     "        },\n"
                     "        {\n"
                     "          \"rule\": \"required.signature\",\n"
                     "          \"severity\": \"warning\",\n"
                     "          \"message\": \"文末缺少落款单位\",\n"
                     "          \"line\": 3,\n"
                     "          \"column\": 17,\n"
                     "          \"end_line\": 3,\n"
                     "          \"end_column\": 17,\n"
                     "          \"offset\": 110,\n"
                     "          \"length\": 0,\n"
                     "          \"excerpt\": \"联系电话：0769-229071\"\n"
                     "        }\n"
                     "      ]\n"
                     "    }\n"
                     "  ],\n"
                     "  \"summary\": {\n"
                     "    \"files\": 1,\n"
                     "    \"findings\": 3,\n"
                     "    \"error\": 1,\n"
                     "    \"warning\": 2,\n"
                     "    \"info\": 0\n"
                     "  }\n"
                     "}\n");
    free(got);
    got = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&got, &len);
    cr_assert_eq(nl_fmt_jsonl(out, doc, &f), 0);
    fclose(out);
    cr_assert_str_eq(got,
                     "{\"path\":\"notice.txt\",\"rule\":\"text.usage\",\"severity\":\"warning\","
                     "\"message\":\"用词不规范：“截止”应为“截至”\",\"line\":2,\"column\":1,"
                     "\"end_line\":2,\"end_column\":3,\"offset\":34,\"length\":6,"
                     "\"excerpt\":\"截止\",\"suggestion\":\"截至\"}\n"
                     "{\"path\":\"notice.txt\",\"rule\":\"contact.phone-format\",\"severity\":\"error\","
                     "\"message\":\"电话号码“0769-229071”格式不正确\",\"line\":3,\"column\":6,"
                     "\"end_line\":3,\"end_column\":17,\"offset\":99,\"length\":11,"
                     "\"excerpt\":\"0769-229071\"}\n"
                     "{\"path\":\"notice.txt\",\"rule\":\"required.signature\",\"severity\":\"warning\","
                     "\"message\":\"文末缺少落款单位\",\"line\":3,\"column\":17,"
                     "\"end_line\":3,\"end_column\":17,\"offset\":110,\"length\":0,"
                     "\"excerpt\":\"联系电话：0769-229071\"}\n");
    free(got);
    nl_findings_free(&f);
    nl_doc_free(doc);
}
