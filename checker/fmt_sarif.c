/*
 * fmt_sarif.c — `check --format sarif`: SARIF 2.1.0, the format GitHub code
 * scanning and GitLab ingest (docs/output.md).
 *
 * One run.  tool.driver.rules describes every loaded rule (enabled or not:
 * a per-path override may switch one on) followed by the input.* and
 * engine.* ids, so every result has a ruleIndex.  The rule table is known
 * before the first document, so the head, the rules included, is written by
 * begin(), each document's results are appended as it is checked, and end()
 * closes the arrays: memory does not grow with the number of documents.
 *
 * Locations: artifactLocation.uri is the path relative to the repository
 * root (repo.h), percent-encoded, with uriBaseId %SRCROOT%; regions give
 * lines, columns in Unicode code points (columnKind unicodeCodePoints; end
 * column exclusive, as SARIF defines it) and the byte offset and length in
 * the original file.  partialFingerprints["noticelint/v1"] is the finding's
 * fingerprint without the path (fingerprint.h): it survives lines moving
 * above it.  A finding with a suggestion carries it as a fix replacing its
 * region.
 */
#include <stdlib.h>
#include <string.h>

#include "fingerprint.h"
#include "fmtutil.h"
#include "report.h"

#ifndef NL_HOMEPAGE
#define NL_HOMEPAGE ""
#endif

#define SCHEMA_URI "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

typedef struct sarif {
    size_t nresults;
} sarif;

static const char *level(int severity)
{
    return severity >= NL_SEV_ERROR ? "error" : severity == NL_SEV_WARNING ? "warning" : "note";
}

static json_t *text(const char *s)
{
    return json_pack("{s:o}", "text", nl_fmt_jcstr(s));
}

/* "structure.numbering-gap" → "structure". */
static json_t *tags(const char *id)
{
    const char *dot = strchr(id, '.');
    return json_pack("[o]", nl_fmt_jstr(id, dot ? (size_t)(dot - id) : strlen(id)));
}

static json_t *rule_json(const nl_fmt_rule *r)
{
    const char *desc = r->description ? r->description
                                      : r->rule && r->rule->message ? r->rule->message : r->id;
    char *help = NULL;
    size_t hn = 0;
    FILE *h = open_memstream(&help, &hn);
    if (!h)
        return NULL;
    fprintf(h, "%s", desc);
    if (r->rule) {
        if (r->rule->message)
            fprintf(h, "\nMessage: %s", r->rule->message);
        if (r->rule->suggestion)
            fprintf(h, "\nSuggested replacement: %s", r->rule->suggestion);
        if (r->rule->example)
            fprintf(h, "\nExample of a match: %s", r->rule->example);
        fprintf(h, "\nKind %s, scope %s; defined in %s:%d.", r->rule->kind->name,
                nl_rscope_name(r->rule->scope), r->rule->file ? r->rule->file : "?",
                r->rule->line);
    } else {
        fprintf(h, "\nRaised by noticelint itself, not by a rule of the pack; see "
                   "\"Findings that are not rules\" in docs/output.md.");
    }
    if (fclose(h) != 0) {
        free(help);
        return NULL;
    }
    json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:{s:s, s:b}, s:{s:o}}",
                          "id", nl_fmt_jcstr(r->id),
                          "shortDescription", text(desc),
                          "fullDescription", text(desc),
                          "help", text(help),
                          "defaultConfiguration", "level", level(r->severity),
                          "enabled", r->enabled,
                          "properties", "tags", tags(r->id));
    free(help);
    return o;
}

static json_t *tool_json(const nl_ruleset *set)
{
    json_t *rules = json_array();
    for (size_t i = 0; rules && i < nl_fmt_rule_count(set); i++) {
        nl_fmt_rule r = nl_fmt_rule_at(set, i);
        if (json_array_append_new(rules, rule_json(&r)) != 0) {
            json_decref(rules);
            return NULL;
        }
    }
    json_t *driver = json_pack("{s:s, s:s, s:s}", "name", "noticelint", "version",
                               NL_VERSION, "semanticVersion", NL_VERSION);
    if (driver && NL_HOMEPAGE[0] &&
        json_object_set_new(driver, "informationUri", json_string(NL_HOMEPAGE)) != 0) {
        json_decref(driver);
        driver = NULL;
    }
    if (!driver) {
        json_decref(rules);
        return NULL;
    }
    if (json_object_set_new(driver, "rules", rules) != 0) { /* takes rules */
        json_decref(driver);
        return NULL;
    }
    return json_pack("{s:o}", "driver", driver);
}

static int put(FILE *out, const char *s)
{
    return fputs(s, out) == EOF ? -1 : 0;
}

static int sarif_begin(void **state, FILE *out, const nl_report_opts *o)
{
    sarif *st = calloc(1, sizeof *st);
    json_t *tool = tool_json(o->set);
    int rc = st && tool ? 0 : -1;
    if (rc == 0)
        rc = put(out, "{\n  \"$schema\": \"" SCHEMA_URI "\",\n"
                      "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": ");
    if (rc == 0)
        rc = nl_fmt_jemit(out, tool, 3, 1);
    if (rc == 0)
        rc = put(out, ",\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [");
    json_decref(tool);
    if (rc != 0) {
        free(st);
        return -1;
    }
    *state = st;
    return 0;
}

/* A .docx region counts paragraphs, not lines, and has no byte offsets:
 * it says so in its property bag ("unit": "paragraph"). */
static json_t *region_json(const nl_doc *doc, const nl_finding *x)
{
    nl_pos p, q;
    nl_fmt_range(doc, x, &p, &q);
    if (doc->format == NL_INPUT_DOCX)
        return json_pack("{s:i, s:i, s:i, s:i, s:{s:s}}", "startLine", p.line,
                         "startColumn", p.column, "endLine", q.line, "endColumn",
                         q.column, "properties", "unit", "paragraph");
    return json_pack("{s:i, s:i, s:i, s:i, s:I, s:I}", "startLine", p.line,
                     "startColumn", p.column, "endLine", q.line, "endColumn", q.column,
                     "byteOffset", (json_int_t)p.offset,
                     "byteLength", (json_int_t)(q.offset - p.offset));
}

static json_t *artifact_json(const char *uri)
{
    return uri[0] == 'f' && strncmp(uri, "file://", 7) == 0
               ? json_pack("{s:s}", "uri", uri)
               : json_pack("{s:s, s:s}", "uri", uri, "uriBaseId", "%SRCROOT%");
}

static json_t *result_json(const nl_report_opts *o, const nl_doc *doc,
                           const nl_finding *x, const char *uri, const char *fp)
{
    json_t *r = json_pack("{s:o}", "ruleId", nl_fmt_jcstr(x->rule_id));
    long idx = nl_fmt_rule_index(o->set, x->rule_id);
    if (r && idx >= 0 && json_object_set_new(r, "ruleIndex", json_integer(idx)) != 0) {
        json_decref(r);
        return NULL;
    }
    json_t *rest = json_pack("{s:s, s:o, s:[{s:{s:o, s:o}}], s:{s:s}}", "level",
                             level(x->severity), "message", text(x->message), "locations",
                             "physicalLocation", "artifactLocation", artifact_json(uri),
                             "region", region_json(doc, x), "partialFingerprints",
                             "noticelint/v1", fp);
    if (!r || !rest || json_object_update(r, rest) != 0) {
        json_decref(r);
        json_decref(rest);
        return NULL;
    }
    json_decref(rest);
    /* A fix edits the file's text: only plain text files have one. */
    if (r && x->suggestion && doc->format == NL_INPUT_TEXT) {
        char *desc = NULL;
        size_t dn = 0;
        FILE *d = open_memstream(&desc, &dn);
        if (d) {
            fprintf(d, "Replace with “%s”", x->suggestion);
            if (fclose(d) != 0) {
                free(desc);
                desc = NULL;
            }
        }
        json_t *fix = desc ? json_pack(
            "[{s:o, s:[{s:o, s:[{s:o, s:o}]}]}]", "description", text(desc),
            "artifactChanges", "artifactLocation", artifact_json(uri), "replacements",
            "deletedRegion", region_json(doc, x), "insertedContent", text(x->suggestion))
                           : NULL;
        free(desc);
        if (!fix || json_object_set_new(r, "fixes", fix) != 0) {
            json_decref(r);
            return NULL;
        }
    }
    return r;
}

static int sarif_file(void *state, FILE *out, const nl_report_opts *o,
                      const nl_doc *doc, const nl_notice *nt, const nl_findings *f)
{
    (void)nt;
    sarif *st = state;
    if (!f || f->n == 0)
        return 0;
    char *path = nl_fmt_path(o, doc->path);
    char *uri = path ? nl_fmt_uri(path) : NULL;
    nl_fingerprint *fps = calloc(f->n, sizeof *fps);
    int rc = uri && fps && nl_fingerprints(doc, f, NULL, fps) == 0 ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < f->n; i++) {
        json_t *r = result_json(o, doc, &f->v[i], uri, fps[i]);
        if (!r) {
            rc = -1;
            break;
        }
        rc = put(out, st->nresults ? ",\n        " : "\n        ");
        if (rc == 0)
            rc = nl_fmt_jemit(out, r, 4, 1);
        json_decref(r);
        st->nresults++;
    }
    free(fps);
    free(uri);
    free(path);
    return rc;
}

static int sarif_end(void *state, FILE *out, const nl_report_opts *o,
                     const nl_summary *s)
{
    (void)o;
    (void)s;
    sarif *st = state;
    int rc = put(out, st->nresults ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n");
    if (rc == 0 && (fflush(out) != 0 || ferror(out)))
        rc = -1;
    free(st);
    return rc;
}

const nl_format nl_fmt_sarif = {"sarif", sarif_begin, sarif_file, sarif_end};
