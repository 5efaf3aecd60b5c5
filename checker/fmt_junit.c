/*
 * fmt_junit.c — `check --format junit`: JUnit XML for the test reports of
 * Jenkins, GitLab and other CI systems (docs/output.md).
 *
 *   <testsuites name="noticelint">
 *     <testsuite name=PATH tests= failures= errors="0" skipped=>   one per document
 *       <testcase name=RULE-ID classname=PATH file=PATH>         one per rule checked
 *         <failure type=SEVERITY message=MESSAGE>TEXT</failure>  one per finding
 *
 * "Rules checked" are the rules enabled for the document after the
 * per-path overrides of .noticelint.yaml; a rule that an `ignore:` entry
 * covers for the document is a testcase <skipped> with the reason, and so
 * is every rule of an unparsed (binary, unreadable .docx/.html) or empty
 * document, which the rules do not see.
 * The input.* and engine.* ids get a testcase only when they report
 * something.  Counts are per testsuite (the root element carries none, so
 * that suites can be written as documents are checked).
 *
 * XML: UTF-8; invalid UTF-8 bytes and the characters XML 1.0 forbids (C0
 * controls other than TAB, LF and CR) become U+FFFD; attribute values
 * escape TAB, LF and CR as character references so they survive
 * attribute-value normalisation.  The schema in tests/schemas/junit.xsd
 * describes exactly this output.
 */
#include <stdlib.h>
#include <string.h>

#include "fmtutil.h"
#include "report.h"

/* Write s escaped for XML: attr != 0 inside a double-quoted attribute. */
static void xml(FILE *out, const char *s, size_t n, int attr)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        switch (c) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs(attr ? "&quot;" : "\"", out); break;
        case '\t': fputs(attr ? "&#9;" : "\t", out); break;
        case '\n': fputs(attr ? "&#10;" : "\n", out); break;
        case '\r': fputs("&#13;", out); break;
        default:
            if (c < 0x20)
                fputs("\xef\xbf\xbd", out);
            else
                fputc(c, out);
        }
    }
}

/* xml() after repairing UTF-8. */
static void xmls(FILE *out, const char *s, int attr)
{
    char *u = nl_fmt_utf8(s ? s : "");
    if (u)
        xml(out, u, strlen(u), attr);
    free(u);
}

static int junit_begin(void **state, FILE *out, const nl_report_opts *o)
{
    (void)o;
    *state = NULL;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"noticelint\">\n", out);
    return ferror(out) ? -1 : 0;
}

/* One failure element. */
static void failure(FILE *out, const char *path, const nl_doc *doc, const nl_finding *x)
{
    nl_pos p, q;
    nl_fmt_range(doc, x, &p, &q);
    const char *sev = nl_severity_name(x->severity);
    fprintf(out, "      <failure type=\"%s\" message=\"", sev);
    xmls(out, x->message, 1);
    fputs("\">", out);
    xmls(out, path, 0);
    fprintf(out, ":%d:%d: %s: ", p.line, p.column, sev);
    xmls(out, x->message, 0);
    fputs(" [", out);
    xmls(out, x->rule_id, 0);
    fputs("]\n  ", out);
    size_t n;
    char *ex = nl_fmt_excerpt(doc, x->span, &n);
    if (ex) {
        char *u = nl_fmt_utf8(ex);
        if (u)
            xml(out, u, strlen(u), 0);
        free(u);
    }
    free(ex);
    if (x->suggestion) {
        fputs("\n  suggestion: ", out);
        xmls(out, x->suggestion, 0);
    }
    fputs("</failure>\n", out);
}

static void testcase_open(FILE *out, const char *id, const char *path)
{
    fputs("    <testcase name=\"", out);
    xmls(out, id, 1);
    fputs("\" classname=\"", out);
    xmls(out, path, 1);
    fputs("\" file=\"", out);
    xmls(out, path, 1);
    fputs("\"", out);
}

/* The testcase of rule `id`: its findings as failures, or <skipped>. */
static void testcase(FILE *out, const char *id, const char *path, const nl_doc *doc,
                     const nl_findings *f, const char *skip_why)
{
    testcase_open(out, id, path);
    int any = 0;
    for (size_t i = 0; f && i < f->n; i++)
        any |= strcmp(f->v[i].rule_id, id) == 0;
    if (!any && !skip_why) {
        fputs("/>\n", out);
        return;
    }
    fputs(">\n", out);
    if (skip_why) {
        fputs("      <skipped message=\"", out);
        xmls(out, skip_why, 1);
        fputs("\"/>\n", out);
    }
    for (size_t i = 0; f && i < f->n; i++)
        if (strcmp(f->v[i].rule_id, id) == 0)
            failure(out, path, doc, &f->v[i]);
    fputs("    </testcase>\n", out);
}

static int has_rule(const nl_findings *f, const char *id)
{
    for (size_t i = 0; f && i < f->n; i++)
        if (strcmp(f->v[i].rule_id, id) == 0)
            return 1;
    return 0;
}

/* Why the rules did not see a document that was not parsed. */
static const char *unreadable_why(const nl_doc *doc)
{
    switch (doc->format) {
    case NL_INPUT_DOCX: return "not checked: the Word document cannot be read";
    case NL_INPUT_HTML: return "not checked: the web page cannot be read";
    default: return "not checked: the document is binary";
    }
}

static int junit_file(void *state, FILE *out, const nl_report_opts *o,
                      const nl_doc *doc, const nl_notice *nt, const nl_findings *f)
{
    (void)state;
    (void)nt;
    const nl_ruleset *set = o->set;
    size_t n = set ? set->n : 0;
    char *path = nl_fmt_path(o, doc->path);
    unsigned char *enabled = malloc(n + 1);
    signed char *severity = malloc(n + 1);
    const char **why = calloc(n + 1, sizeof *why);
    if (!path || !enabled || !severity || !why) {
        free(path);
        free(enabled);
        free(severity);
        free(why);
        return -1;
    }
    if (set)
        nl_project_apply_path(o->project, set, doc->path, enabled, severity);
    const char *unchecked = doc->unparsed ? unreadable_why(doc)
                            : doc->empty ? "not checked: the document is empty"
                                         : NULL;
    size_t tests = 0, failures = 0, skipped = 0;
    for (size_t i = 0; i < n; i++) {
        if (!enabled[i])
            continue;
        why[i] = unchecked ? unchecked : nl_project_ignored(o->project, set->rules[i].id, doc->path);
        tests++;
        skipped += why[i] != NULL;
        failures += has_rule(f, set->rules[i].id);
    }
    for (size_t i = 0; i < nl_nbuiltins; i++)
        if (has_rule(f, nl_builtins[i].id)) {
            tests++;
            failures++;
        }
    fputs("  <testsuite name=\"", out);
    xmls(out, path, 1);
    fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\">\n",
            tests, failures, skipped);
    for (size_t i = 0; i < n; i++)
        if (enabled[i])
            testcase(out, set->rules[i].id, path, doc, f, why[i]);
    for (size_t i = 0; i < nl_nbuiltins; i++)
        if (has_rule(f, nl_builtins[i].id))
            testcase(out, nl_builtins[i].id, path, doc, f, NULL);
    fputs("  </testsuite>\n", out);
    free(path);
    free(enabled);
    free(severity);
    free(why);
    return ferror(out) ? -1 : 0;
}

static int junit_end(void *state, FILE *out, const nl_report_opts *o,
                     const nl_summary *s)
{
    (void)state;
    (void)o;
    (void)s;
    fputs("</testsuites>\n", out);
    return fflush(out) != 0 || ferror(out) ? -1 : 0;
}

const nl_format nl_fmt_junit = {"junit", junit_begin, junit_file, junit_end};
