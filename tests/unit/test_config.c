/*
 * test_config.c — unit tests for config.c: the embedded default (and the
 * same file loaded from rules/) compiles with the expected shape; a minimal
 * configuration loads with its defaults; and each validation error — an
 * unknown key with its suggestion, a PCRE2 syntax error, a missing named
 * group, an unknown fact group, an unknown scope, an unknown or cyclic def,
 * a missing key, text that is not YAML, a file that is not UTF-8 — is
 * reported as NL_ERR_CONFIG at the right file:line:column.  Each error test
 * takes the minimal configuration below and changes one thing.
 */
#include "config.h"
#include "error.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The smallest configuration that loads: the required keys of
 * rules/notice.yaml (headings, enumeration, problem_title,
 * signature{unit,date}, dates), one line each where possible. */
#define HEADINGS_WITH(pat) "headings:\n  - level: 1\n    pattern: '" pat "'\n"
#define HEADINGS HEADINGS_WITH("^(?<label>(?<num>[一二三四五六七八九十]+)、)")
#define ENUMERATION "enumeration: '(?<label>(?<num>[一二三四五六七八九十]+)是)'\n"
#define PROBLEM_TITLE "problem_title: '^(?:针对|关于)?“(?<title>[^“”]+)”'\n"
#define SIGNATURE                                                            \
    "signature:\n  unit: '^.{2,40}委员会$'\n"                                \
    "  date: '^(?<date>\\d{4}年\\d{1,2}月\\d{1,2}日)$'\n"
#define DATES "dates: '\\d{4}年\\d{1,2}月\\d{1,2}日'\n"
#define MINIMAL "version: 1\n" HEADINGS ENUMERATION PROBLEM_TITLE SIGNATURE DATES

static nl_error err;

static nl_config *load_ok(const char *text)
{
    nl_config *cfg = NULL;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_config_load_text("t.yaml", text, strlen(text), &cfg, &err),
                 NL_OK, "%s:%d:%d: %s", err.file, err.line, err.column,
                 err.text);
    cr_assert_not_null(cfg);
    return cfg;
}

/* Line and column (in code points) of the first occurrence of `needle`. */
static void find_pos(const char *text, const char *needle, int *line,
                     int *column)
{
    const char *at = strstr(text, needle);
    cr_assert_not_null(at, "'%s' not in the test text", needle);
    *line = 1;
    *column = 1;
    for (const char *p = text; p < at; p++) {
        if (*p == '\n') {
            ++*line;
            *column = 1;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            ++*column;
        }
    }
}

/* Load `text`; expect NL_ERR_CONFIG at the position of `at` (NULL: the
 * error has no position) whose text starts with `prefix`. */
static void expect_error(const char *text, const char *at, const char *prefix)
{
    nl_config *cfg = (nl_config *)1;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_config_load_text("t.yaml", text, strlen(text), &cfg, &err),
                 NL_ERR_CONFIG, "loaded: %s", text);
    cr_assert_null(cfg);
    cr_assert_eq(err.code, NL_ERR_CONFIG);
    cr_assert_str_eq(err.file, "t.yaml");
    cr_assert_eq(strncmp(err.text, prefix, strlen(prefix)), 0,
                 "text '%s', want it to start with '%s'", err.text, prefix);
    int line = 0, column = 0;
    if (at)
        find_pos(text, at, &line, &column);
    cr_assert_eq(err.line, line, "line %d, want %d (%s)", err.line, line,
                 err.text);
    cr_assert_eq(err.column, column, "column %d, want %d (%s)", err.column,
                 column, err.text);
}

/* Write bytes to a fresh temporary file; returns its path (static). */
static const char *write_temp(const void *bytes, size_t n)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/nl-test-config-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0, "mkstemp: %s", strerror(errno));
    cr_assert_eq(write(fd, bytes, n), (ssize_t)n);
    cr_assert_eq(close(fd), 0);
    return path;
}

static int match(const nl_pattern *p, const char *text)
{
    pcre2_match_data *md = nl_match_data_new();
    cr_assert_not_null(md);
    int rc = nl_pattern_match(p, text, 0, strlen(text), 0, md);
    pcre2_match_data_free(md);
    return rc;
}

/* What rules/notice.yaml holds; checked for the embedded copy and the file. */
static void expect_default_shape(const nl_config *cfg)
{
    cr_assert_eq(cfg->head_lines, 8);
    cr_assert_eq(cfg->header.n, 3);
    cr_assert_eq(cfg->meta.n, 1);
    cr_assert_eq(cfg->footer.n, 10);
    cr_assert_eq(cfg->title.n, 1);
    cr_assert_eq(cfg->contact_start.n, 6);
    cr_assert_eq(cfg->nheadings, 4);
    for (size_t i = 0; i < cfg->nheadings; i++) {
        const nl_heading_def *h = &cfg->headings[i];
        cr_assert_eq(h->level, (int)i + 1);
        cr_assert_not_null(h->re);
        cr_assert_gt(h->g_label, 0);
        cr_assert_gt(h->g_num, 0);
        cr_assert_neq(h->g_label, h->g_num);
    }
    cr_assert_str_eq(cfg->heading_text_end, "。");
    cr_assert_not_null(cfg->enumeration);
    cr_assert_not_null(cfg->problem_title);
    cr_assert_not_null(cfg->sig_unit);
    cr_assert_not_null(cfg->sig_date);
    cr_assert_not_null(cfg->dates);
    cr_assert_not_null(cfg->discipline);
    cr_assert_eq(cfg->nfacts, 23);
    cr_assert_eq(cfg->facts[0].scope, NL_SCOPE_TITLE);
    cr_assert_eq(cfg->facts[1].scope, NL_SCOPE_SIGNATURE_UNIT);
    cr_assert_eq(cfg->facts[cfg->nfacts - 1].scope, NL_SCOPE_CONTACT);
    /* ${DATE} was expanded and the patterns work */
    cr_assert_null(strstr(nl_pattern_source(cfg->dates), "${"));
    cr_assert_eq(match(cfg->dates, "于2023年9月4日开始"), 1);
    cr_assert_eq(match(cfg->sig_date, "2024年3月15日"), 1);
    cr_assert_eq(match(cfg->headings[0].re, "一、提高站位"), 1);
    cr_assert_eq(match(cfg->headings[1].re, "(二)压实责任"), 1);
    cr_assert_eq(match(cfg->headings[2].re, "12.扎实推进"), 1);
    cr_assert_eq(match(cfg->headings[2].re, "12.5万元"), 0);
    cr_assert_eq(match(cfg->sig_unit, "中共青禾街道工作委员会"), 1);
}

Test(config, default_loads)
{
    nl_config *cfg = NULL;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_config_load_default(&cfg, &err), NL_OK, "%s", err.text);
    cr_assert_eq(err.code, NL_OK);
    cr_assert_not_null(cfg);
    cr_assert_str_eq(cfg->name, "<embedded>/rules/notice.yaml");
    expect_default_shape(cfg);
    nl_config_free(cfg);
}

Test(config, rules_file_matches_default)
{
    nl_config *cfg = NULL;
    const char *path = tu_src("rules/notice.yaml");
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_config_load_file(path, &cfg, &err), NL_OK, "%s", err.text);
    cr_assert_str_eq(cfg->name, path);
    expect_default_shape(cfg);
    nl_config_free(cfg);
}

Test(config, minimal_loads_with_defaults)
{
    nl_config *cfg = load_ok(MINIMAL);
    cr_assert_str_eq(cfg->name, "t.yaml");
    cr_assert_eq(cfg->nheadings, 1);
    cr_assert_eq(cfg->headings[0].level, 1);
    cr_assert_eq(cfg->headings[0].g_label, 1);
    cr_assert_eq(cfg->headings[0].g_num, 2);
    cr_assert_eq(cfg->head_lines, 8);
    cr_assert_str_eq(cfg->heading_text_end, "。");
    cr_assert_eq(cfg->header.n + cfg->meta.n + cfg->footer.n, 0);
    cr_assert_eq(cfg->title.n, 0);
    cr_assert_eq(cfg->contact_start.n, 0);
    cr_assert_eq(cfg->nfacts, 0);
    cr_assert_null(cfg->discipline);
    cr_assert_eq(match(cfg->headings[0].re, "三、标题"), 1);
    cr_assert_eq(match(cfg->problem_title, "针对“宣传不到位”问题"), 1);
    nl_config_free(cfg);
}

Test(config, optional_sections)
{
    nl_config *cfg = load_ok(
        MINIMAL "head_lines: 3\nheading_text_end: '。；'\n"
        "title: '通报$'\n"
        "chrome:\n  header: ['网$', '之窗$']\n  footer: '版权所有'\n"
        "contact:\n  start: '联系电话[:：]'\n"
        "facts:\n"
        "  - {scope: contact, pattern: '(?<phones>\\d{7,8})(?<_sep>-)?'}\n"
        "  - scope: document\n    pattern: '(?<emails>\\S+@\\S+)'\n"
        "discipline: '(?<kind>警告)(?<count>\\d+)人'\n");
    cr_assert_eq(cfg->head_lines, 3);
    cr_assert_str_eq(cfg->heading_text_end, "。；");
    cr_assert_eq(cfg->title.n, 1);
    cr_assert_eq(cfg->header.n, 2);
    cr_assert_eq(cfg->meta.n, 0);
    cr_assert_eq(cfg->footer.n, 1);
    cr_assert_eq(cfg->contact_start.n, 1);
    cr_assert_eq(cfg->nfacts, 2);
    cr_assert_eq(cfg->facts[0].scope, NL_SCOPE_CONTACT);
    cr_assert_eq(cfg->facts[1].scope, NL_SCOPE_DOCUMENT);
    cr_assert_not_null(cfg->discipline);
    nl_config_free(cfg);
}

Test(config, unknown_top_level_key)
{
    const char *text = "version: 1\nheadigns:\n  - level: 1\n"
                       "    pattern: '^(?<label>(?<num>[一二])、)'\n"
                       ENUMERATION PROBLEM_TITLE SIGNATURE DATES;
    expect_error(text, "headigns",
                 "unknown key 'headigns' (did you mean 'headings'?)");
    cr_assert_eq(err.line, 2);
    cr_assert_eq(err.column, 1);
    char buf[1024];
    nl_error_format(&err, buf, sizeof buf);
    cr_assert_str_eq(buf, "t.yaml:2:1: error: unknown key 'headigns' "
                          "(did you mean 'headings'?)");
}

Test(config, unknown_nested_key)
{
    expect_error(MINIMAL "chrome:\n  heder: 'x'\n", "heder",
                 "unknown key 'heder' (did you mean 'header'?)");
    expect_error("version: 1\n"
                 "headings:\n  - level: 1\n    levle: 2\n"
                 "    pattern: '^(?<label>(?<num>一)、)'\n"
                 ENUMERATION PROBLEM_TITLE SIGNATURE DATES,
                 "levle", "unknown key 'levle' (did you mean 'level'?)");
}

Test(config, pattern_syntax_error)
{
    const char *text = "version: 1\n" HEADINGS_WITH("^(?<label>(?<num>+))")
        ENUMERATION PROBLEM_TITLE SIGNATURE DATES;
    expect_error(text, "'^(?<label>", "invalid pattern at offset ");
    cr_assert_eq(err.line, 4);
    cr_assert_eq(err.column, 14);
    cr_assert_str_eq(err.text, "invalid pattern at offset 17: quantifier "
                               "does not follow a repeatable item");
    char buf[1024];
    nl_error_format(&err, buf, sizeof buf);
    cr_assert_str_eq(buf, "t.yaml:4:14: error: invalid pattern at offset 17: "
                          "quantifier does not follow a repeatable item");

    /* a bad pattern in the last required key is found too */
    expect_error(MINIMAL "discipline: '(?<kind>x)(?<count>[0-9)'\n",
                 "'(?<kind>", "invalid pattern at offset ");
    cr_assert_not_null(strstr(err.text, "missing terminating ]"), "%s",
                       err.text);
}

Test(config, heading_needs_num_group)
{
    const char *text = "version: 1\n" HEADINGS_WITH("^(?<label>[一二三]、)")
        ENUMERATION PROBLEM_TITLE SIGNATURE DATES;
    expect_error(text, "'^(?<label>", "pattern needs a named group (?<num>");
    cr_assert_str_eq(err.text, "pattern needs a named group (?<num>...)");
    cr_assert_eq(err.line, 4);

    text = "version: 1\n" HEADINGS_WITH("^(?<num>[一二三])、")
        ENUMERATION PROBLEM_TITLE SIGNATURE DATES;
    expect_error(text, "'^(?<num>", "pattern needs a named group (?<label>");
}

Test(config, other_required_groups)
{
    expect_error("version: 1\n" HEADINGS "enumeration: '(?<label>[一二]是)'\n"
                 PROBLEM_TITLE SIGNATURE DATES,
                 "'(?<label>[一二]是)'", "pattern needs a named group (?<num>");
    expect_error("version: 1\n" HEADINGS ENUMERATION "problem_title: '“.+”'\n"
                 SIGNATURE DATES,
                 "'“.+”'", "pattern needs a named group (?<title>");
    expect_error(MINIMAL "discipline: '(?<kind>警告)\\d+人'\n", "'(?<kind>",
                 "pattern needs a named group (?<count>");
}

Test(config, unknown_fact_group)
{
    const char *text =
        MINIMAL "facts:\n  - {scope: body, pattern: '(?<problems>\\d+)'}\n"
                "  - {scope: body, pattern: '(?<nonsense>x)'}\n";
    expect_error(text, "'(?<nonsense>", "group (?<nonsense>) is not a known fact");
    cr_assert_str_eq(err.text, "group (?<nonsense>) is not a known fact (see "
                               "docs/parse-output.md; prefix helper groups "
                               "with '_')");
    cr_assert_eq(err.line, 13);
    cr_assert_eq(err.column, 28);
}

Test(config, unknown_scope)
{
    const char *text = MINIMAL "facts:\n  - {scope: bodyy, pattern: 'x'}\n";
    expect_error(text, "bodyy", "'scope' must be one of ");
    cr_assert_not_null(strstr(err.text, "body"));
    cr_assert_not_null(strstr(err.text, "signature_date"));
    /* a missing scope is reported at the extractor */
    expect_error(MINIMAL "facts:\n  - {pattern: 'x'}\n", "{pattern",
                 "'scope' must be one of ");
}

Test(config, unknown_def)
{
    const char *text = "version: 1\n" HEADINGS ENUMERATION PROBLEM_TITLE
        SIGNATURE "dates: '(?:${UNDEFINED})+'\n";
    expect_error(text, "'(?:${", "unknown def '${UNDEFINED}'");
    cr_assert_str_eq(err.text, "unknown def '${UNDEFINED}'");
    /* defs are found by their whole name */
    expect_error("version: 1\ndefs:\n  DATE: 'x'\n" HEADINGS ENUMERATION
                 PROBLEM_TITLE SIGNATURE "dates: '${DAT}'\n",
                 "'${DAT}'", "unknown def '${DAT}'");
}

Test(config, defs_expand)
{
    nl_config *cfg = load_ok("version: 1\ndefs:\n  Y: '\\d{4}'\n"
                             "  YM: '${Y}年\\d{1,2}月'\n" HEADINGS ENUMERATION
                             PROBLEM_TITLE SIGNATURE "dates: '${YM}'\n");
    cr_assert_str_eq(nl_pattern_source(cfg->dates),
                     "(?:(?:\\d{4})年\\d{1,2}月)");
    cr_assert_eq(match(cfg->dates, "2024年3月"), 1);
    nl_config_free(cfg);
}

Test(config, def_cycle, .timeout = 5)
{
    const char *text = "version: 1\ndefs:\n  A: '${B}'\n  B: '${A}'\n"
        HEADINGS ENUMERATION PROBLEM_TITLE SIGNATURE "dates: 'x${A}'\n";
    expect_error(text, "'x${A}'", "defs nest more than 8 deep (a cycle?)");
    expect_error("version: 1\ndefs:\n  S: 'a|${S}'\n" HEADINGS ENUMERATION
                 PROBLEM_TITLE SIGNATURE "dates: '${S}'\n",
                 "'${S}'\n", "defs nest more than 8 deep (a cycle?)");
}

/*
 * ${} expansion is bounded in size as well as depth: a few hundred bytes of
 * defs, each using the previous one ten times, eight levels deep, would
 * expand to hundreds of MB.  The loader refuses it before compiling.
 */
Test(config, def_expansion_bomb, .timeout = 60)
{
    char text[2048];
    size_t n = (size_t)snprintf(text, sizeof text,
                                "version: 1\ndefs:\n  D1: 'xxxxxxxxxx'\n");
    for (int level = 2; level <= 8; level++) {
        n += (size_t)snprintf(text + n, sizeof text - n, "  D%d: '", level);
        for (int i = 0; i < 10; i++)
            n += (size_t)snprintf(text + n, sizeof text - n, "${D%d}",
                                  level - 1);
        n += (size_t)snprintf(text + n, sizeof text - n, "'\n");
    }
    n += (size_t)snprintf(text + n, sizeof text - n, "%s",
                          HEADINGS ENUMERATION PROBLEM_TITLE SIGNATURE
                          "dates: '${D8}'\n");
    cr_assert_lt(n, sizeof text);
    nl_config *cfg = (nl_config *)1;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_config_load_text("t.yaml", text, n, &cfg, &err),
                 NL_ERR_CONFIG);
    cr_assert_null(cfg);
    cr_assert(strstr(err.text, "pattern expands to more than") != NULL, "%s", err.text);
}

Test(config, missing_required_keys)
{
    expect_error("version: 1\n" HEADINGS ENUMERATION PROBLEM_TITLE SIGNATURE,
                 "version", "missing key 'dates'");
    expect_error("version: 1\n" HEADINGS PROBLEM_TITLE SIGNATURE DATES,
                 "version", "missing key 'enumeration'");
    expect_error("version: 1\n" HEADINGS ENUMERATION SIGNATURE DATES,
                 "version", "missing key 'problem_title'");
    expect_error("version: 1\n" HEADINGS ENUMERATION PROBLEM_TITLE DATES,
                 "version", "'signature' must be a mapping with 'unit' and 'date'");
    expect_error("version: 1\n" HEADINGS ENUMERATION PROBLEM_TITLE
                 "signature:\n  unit: 'x'\n" DATES,
                 "unit", "missing key 'date'");
    /* a missing list has no node to point at */
    expect_error("version: 1\n" ENUMERATION PROBLEM_TITLE SIGNATURE DATES,
                 NULL, "'headings' must be a non-empty list");
    expect_error("version: 1\nheadings: []\n" ENUMERATION PROBLEM_TITLE
                 SIGNATURE DATES,
                 "[]", "'headings' must be a non-empty list");
}

Test(config, bad_values)
{
    expect_error("version: 2\n" HEADINGS ENUMERATION PROBLEM_TITLE SIGNATURE
                 DATES,
                 "2", "unsupported 'version'");
    expect_error(MINIMAL "head_lines: 101\n", "101",
                 "'head_lines' must be an integer from 0 to 100");
    expect_error("version: 1\nheadings:\n  - level: 9\n"
                 "    pattern: '^(?<label>(?<num>一)、)'\n"
                 ENUMERATION PROBLEM_TITLE SIGNATURE DATES,
                 "9", "'level' must be an integer from 1 to 8");
    expect_error("version: 1\n" HEADINGS ENUMERATION PROBLEM_TITLE SIGNATURE
                 "dates: ['a', 'b']\n",
                 "['a'", "dates must be a pattern string");
}

Test(config, not_yaml)
{
    nl_config *cfg = (nl_config *)1;
    const char *text = "headings: [\n  - level: 1\n";
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_config_load_text("t.yaml", text, strlen(text), &cfg, &err),
                 NL_ERR_CONFIG);
    cr_assert_null(cfg);
    cr_assert_str_eq(err.file, "t.yaml");
    cr_assert_gt(err.line, 0);
    cr_assert_gt(err.column, 0);
    cr_assert_gt(strlen(err.text), 0);
    expect_error("just a sentence, not a configuration\n", "just",
                 "a parser configuration must be a mapping");
    expect_error("- a\n- b\n", "- a", "a parser configuration must be a mapping");
    expect_error("", NULL, "empty document");
}

Test(config, not_utf8_file)
{
    const char *bytes = "version: 1\ndates: '\xB0\xA1\xB0\xA2'\n";
    const char *path = write_temp(bytes, strlen(bytes));
    nl_config *cfg = (nl_config *)1;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_config_load_file(path, &cfg, &err), NL_ERR_CONFIG);
    cr_assert_null(cfg);
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(err.line, 2);
    cr_assert_eq(err.column, 9);
    cr_assert_eq(strncmp(err.text, "not valid UTF-8", 15), 0, "%s", err.text);
    cr_assert_eq(unlink(path), 0);
}

Test(config, gb18030_config_file_is_rejected)
{
    /* the minimal configuration, re-encoded: valid GB18030, not UTF-8 */
    const char *utf8 = MINIMAL;
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    cr_assert_neq(cd, (iconv_t)-1);
    char gb[1024], *in = (char *)utf8, *o = gb;
    size_t inleft = strlen(utf8), outleft = sizeof gb;
    cr_assert_neq(iconv(cd, &in, &inleft, &o, &outleft), (size_t)-1);
    iconv_close(cd);
    const char *path = write_temp(gb, (size_t)(o - gb));
    nl_config *cfg = (nl_config *)1;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_config_load_file(path, &cfg, &err), NL_ERR_CONFIG);
    cr_assert_null(cfg);
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(err.line, 4, "%d: %s", err.line, err.text);
    cr_assert_eq(strncmp(err.text, "not valid UTF-8", 15), 0, "%s", err.text);
    cr_assert_eq(unlink(path), 0);
}

Test(config, missing_file)
{
    nl_config *cfg = (nl_config *)1;
    memset(&err, 0, sizeof err);
    cr_assert_eq(nl_config_load_file("/nonexistent/notice.yaml", &cfg, &err),
                 NL_ERR_IO);
    cr_assert_null(cfg);
    cr_assert_str_eq(err.file, "/nonexistent/notice.yaml");
    char want[300];
    snprintf(want, sizeof want, "%s", strerror(ENOENT));
    cr_assert_str_eq(err.text, want);
}

Test(config, first_error_wins)
{
    nl_config *cfg;
    memset(&err, 0, sizeof err);
    err.code = NL_ERR_IO;
    strcpy(err.text, "earlier");
    const char *text = "version: 1\nheadigns: []\n";
    cr_assert_eq(nl_config_load_text("t.yaml", text, strlen(text), &cfg, &err),
                 NL_ERR_CONFIG);
    cr_assert_null(cfg);
    cr_assert_eq(err.code, NL_ERR_IO);
    cr_assert_str_eq(err.text, "earlier");
    /* a NULL error record is allowed */
    cr_assert_eq(nl_config_load_text("t.yaml", text, strlen(text), &cfg, NULL),
                 NL_ERR_CONFIG);
    cr_assert_null(cfg);
}

Test(config, scope_names)
{
    static const char *const names[] = {
        "title", "meta", "preamble", "body", "contact", "signature_unit",
        "signature_date", "document"};
    for (int i = 0; i < NL_SCOPE_COUNT; i++) {
        cr_assert_eq(nl_scope_from_name(names[i]), i);
        cr_assert_str_eq(nl_scope_name(i), names[i]);
    }
    cr_assert_eq(nl_scope_from_name("Body"), -1);
    cr_assert_eq(nl_scope_from_name(""), -1);
    cr_assert_str_eq(nl_scope_name(-1), "?");
    cr_assert_str_eq(nl_scope_name(NL_SCOPE_COUNT), "?");
}

Test(config, free_accepts_null)
{
    nl_config_free(NULL);
}
