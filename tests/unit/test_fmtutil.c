/*
 * test_fmtutil.c — what the CI formats share (fmtutil.c): URIs
 * percent-encode everything but unreserved characters and '/', absolute
 * paths become file:// URIs; rdjson's byte columns; the rule catalogue
 * lists the pack's rules and then the input.* and engine.* ids; invalid
 * UTF-8 is repaired, not dropped.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "fmtutil.h"

static void uri_is(const char *path, const char *want)
{
    char *u = nl_fmt_uri(path);
    cr_assert_not_null(u);
    cr_assert_str_eq(u, want);
    free(u);
}

Test(fmtutil, uris)
{
    uri_is("notices/a-b_c.~1.txt", "notices/a-b_c.~1.txt");
    uri_is("通报 1.txt", "%E9%80%9A%E6%8A%A5%201.txt");
    uri_is("a,b%c#d?e.txt", "a%2Cb%25c%23d%3Fe.txt");
    uri_is("/srv/x y.txt", "file:///srv/x%20y.txt");
}

Test(fmtutil, byte_columns)
{
    const char *text = "标题\n（一）、加强\n";
    nl_doc *d = NULL;
    nl_error err = {0};
    cr_assert_eq(nl_doc_load_bytes("t.txt", text, strlen(text), &d, &err), NL_OK);
    size_t a = (size_t)(strstr(text, "加强") - text);
    cr_assert_eq(nl_fmt_byte_column(d, a), 13); /* （一）、 is 12 bytes */
    cr_assert_eq(nl_doc_pos(d, a).column, 5);   /* and 4 code points */
    cr_assert_eq(nl_fmt_byte_column(d, 0), 1);
    nl_doc_free(d);
}

Test(fmtutil, rule_catalogue)
{
    nl_rule rules[2] = {{.id = "a.one", .severity = NL_SEV_WARNING, .enabled = 1},
                        {.id = "b.two", .severity = NL_SEV_INFO, .enabled = 0,
                         .description = "two"}};
    nl_ruleset set = {.rules = rules, .n = 2};
    cr_assert_eq(nl_fmt_rule_count(&set), 2 + nl_nbuiltins);
    cr_assert_eq(nl_fmt_rule_index(&set, "b.two"), 1);
    cr_assert_eq(nl_fmt_rule_index(&set, "input.binary"), 2 + 1);
    cr_assert_eq(nl_fmt_rule_index(&set, "nope"), -1);
    nl_fmt_rule r = nl_fmt_rule_at(&set, 1);
    cr_assert_str_eq(r.description, "two");
    cr_assert_eq(r.enabled, 0);
    r = nl_fmt_rule_at(&set, 2 + nl_nbuiltins - 1);
    cr_assert_str_eq(r.id, "engine.finding-limit");
    cr_assert_null(r.rule);
    cr_assert_eq(nl_fmt_rule_count(NULL), nl_nbuiltins);
}

Test(fmtutil, utf8_repair)
{
    char *s = nl_fmt_utf8("a\xff" "b");
    cr_assert_str_eq(s, "a\xef\xbf\xbd" "b");
    free(s);
    json_t *j = nl_fmt_jstr("x\xc3", 2);
    cr_assert_not_null(j);
    cr_assert_str_eq(json_string_value(j), "x\xef\xbf\xbd");
    json_decref(j);
}

/* rdjson columns are UTF-8 bytes of the line; for a web page, of the line
 * of its source, like the line number. */
Test(fmtutil, byte_column_of_a_web_page_is_in_its_source)
{
    const char *page = "<html><body>\n<div><p>甲乙</p>\n  <p>丙<b>丁</b></p></div></body></html>\n";
    nl_load_opts o = {.format = NL_INPUT_HTML};
    nl_doc *doc = NULL;
    cr_assert_eq(nl_doc_load_mem("p.html", page, strlen(page), &o, &doc, NULL), NL_OK);
    const char *t = doc->dec.text;
    const char *ding = strstr(t, "丁");
    cr_assert_not_null(ding, "text: %s", t);
    size_t at = (size_t)(ding - t);
    nl_pos p = nl_doc_pos(doc, at);
    cr_assert_eq(p.line, 3);
    cr_assert_eq(p.column, 10);                        /* after `  <p>丙<b>` */
    cr_assert_eq(nl_fmt_byte_column(doc, at), 12);      /* 丙 is 3 bytes */
    nl_doc_free(doc);
}
