/*
 * report.c — the table of output formats and the reporter around it.  See
 * report.h.  text, json and jsonl are thin adapters over fmt_text.c and
 * fmt_json.c; the CI formats live in their own fmt_<name>.c.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

struct nl_reporter {
    const nl_format *fmt;
    void *state;
    FILE *out;
    nl_report_opts opts;
    int failed;
};

/* ---- text ---- */

static int text_begin(void **state, FILE *out, const nl_report_opts *o)
{
    (void)out;
    (void)o;
    *state = NULL;
    return 0;
}

static int text_file(void *state, FILE *out, const nl_report_opts *o,
                     const nl_doc *doc, const nl_notice *nt, const nl_findings *f)
{
    (void)state;
    (void)nt;
    if (!o->quiet) {
        nl_fmt_text_findings(out, doc, f, o->color);
        return 0;
    }
    for (size_t k = 0; k < f->n; k++) {
        nl_pos p = nl_doc_pos(doc, f->v[k].span.start);
        fprintf(out, "%s:%d:%d: %s: %s [%s]\n", doc->path, p.line, p.column,
                nl_severity_name(f->v[k].severity),
                f->v[k].message ? f->v[k].message : "", f->v[k].rule_id);
    }
    return 0;
}

static int text_end(void *state, FILE *out, const nl_report_opts *o,
                    const nl_summary *s)
{
    (void)state;
    if (!o->quiet)
        nl_fmt_text_summary(out, s, o->color);
    return 0;
}

/* ---- json ---- */

static int json_begin(void **state, FILE *out, const nl_report_opts *o)
{
    (void)o;
    return (*state = nl_json_begin(out, 1)) ? 0 : -1;
}

static int json_file(void *state, FILE *out, const nl_report_opts *o,
                     const nl_doc *doc, const nl_notice *nt, const nl_findings *f)
{
    (void)out;
    (void)o;
    return nl_json_file(state, doc, nt, f);
}

static int json_end(void *state, FILE *out, const nl_report_opts *o,
                    const nl_summary *s)
{
    (void)out;
    (void)o;
    return nl_json_end(state, s);
}

/* ---- jsonl ---- */

static int jsonl_file(void *state, FILE *out, const nl_report_opts *o,
                      const nl_doc *doc, const nl_notice *nt, const nl_findings *f)
{
    (void)state;
    (void)o;
    (void)nt;
    return nl_fmt_jsonl(out, doc, f);
}

static int none_end(void *state, FILE *out, const nl_report_opts *o,
                    const nl_summary *s)
{
    (void)state;
    (void)out;
    (void)o;
    (void)s;
    return 0;
}

static const nl_format *const formats[] = {
    &(const nl_format){"text", text_begin, text_file, text_end},
    &(const nl_format){"json", json_begin, json_file, json_end},
    &(const nl_format){"jsonl", text_begin, jsonl_file, none_end},
    &nl_fmt_sarif,       /* fmt_sarif.c */
    &nl_fmt_junit,       /* fmt_junit.c */
    &nl_fmt_github,      /* fmt_github.c */
    &nl_fmt_rdjson,      /* fmt_rdjson.c */
    &nl_fmt_codequality, /* fmt_codequality.c */
};
#define NFORMATS (sizeof formats / sizeof formats[0])

const char *nl_reporter_formats(void)
{
    static char list[256];
    if (!list[0])
        for (size_t i = 0; i < NFORMATS; i++) {
            if (i)
                strcat(list, ", ");
            strcat(list, formats[i]->name);
        }
    return list;
}

static const nl_format *find_format(const char *name)
{
    for (size_t i = 0; i < NFORMATS; i++)
        if (strcmp(formats[i]->name, name) == 0)
            return formats[i];
    return NULL;
}

int nl_reporter_known(const char *format)
{
    return find_format(format) != NULL;
}

nl_reporter *nl_reporter_new(const char *format, FILE *out,
                             const nl_report_opts *o)
{
    const nl_format *fmt = find_format(format);
    if (!fmt)
        return NULL;
    nl_reporter *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->fmt = fmt;
    r->out = out;
    r->opts = *o;
    if (fmt->begin(&r->state, out, &r->opts) != 0) {
        free(r);
        return NULL;
    }
    return r;
}

int nl_reporter_file(nl_reporter *r, const nl_doc *doc, const nl_notice *nt,
                     const nl_findings *f)
{
    if (r->fmt->file(r->state, r->out, &r->opts, doc, nt, f) != 0)
        r->failed = 1;
    return r->failed ? -1 : 0;
}

int nl_reporter_end(nl_reporter *r, const nl_summary *s)
{
    int rc = r->fmt->end(r->state, r->out, &r->opts, s);
    rc = rc != 0 || r->failed ? -1 : 0;
    free(r);
    return rc;
}
