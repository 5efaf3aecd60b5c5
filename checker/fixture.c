/*
 * fixture.c — `noticelint rules test`: check one document against the
 * findings its .expect file lists.  See fixture.h.
 */
#include "fixture.h"

#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "error.h"
#include "eval.h"
#include "finding.h"

typedef struct expect {
    char id[128];
    int line;
    int matched;
} expect;

int nl_fixture_test(const nl_config *cfg, const nl_ruleset *set,
                    const nl_load_opts *load, const char *txt,
                    const char *exp_path, FILE *out, FILE *errout)
{
    FILE *f = fopen(exp_path, "r");
    if (!f) {
        fprintf(errout, "noticelint: %s: cannot open\n", exp_path);
        return 2;
    }
    expect *ex = NULL;
    size_t nex = 0;
    char line[512];
    int lineno = 0, rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '#' || *p == '\n' || *p == '\r' || !*p)
            continue;
        expect e = {"", 0, 0};
        if (sscanf(p, "%127s %d", e.id, &e.line) != 2) {
            fprintf(errout, "%s:%d: error: expected \"rule-id line\"\n", exp_path, lineno);
            rc = 2;
            continue;
        }
        expect *nv = realloc(ex, (nex + 1) * sizeof *nv);
        if (!nv) {
            rc = 2;
            break;
        }
        ex = nv;
        ex[nex++] = e;
    }
    fclose(f);
    nl_error err = {0};
    nl_doc *doc = NULL;
    nl_notice *nt = NULL;
    nl_findings fs = {0};
    if (rc == 0 && (nl_doc_load(txt, load, &doc, &err) != NL_OK ||
                    nl_notice_parse(cfg, doc, &nt, &err) != NL_OK ||
                    nl_eval_run(set, NULL, nt, &fs, NULL, &err) != NL_OK)) {
        char buf[1024];
        nl_error_format(&err, buf, sizeof buf);
        fprintf(errout, "noticelint: %s\n", buf);
        rc = 2;
    }
    for (size_t k = 0; rc != 2 && k < fs.n; k++) {
        int l = nl_doc_pos(doc, fs.v[k].span.start).line;
        size_t j = 0;
        while (j < nex && (ex[j].matched || ex[j].line != l ||
                           strcmp(ex[j].id, fs.v[k].rule_id) != 0))
            j++;
        if (j < nex) {
            ex[j].matched = 1;
        } else {
            fprintf(out, "%s:%d: unexpected %s: %s\n", txt, l, fs.v[k].rule_id,
                   fs.v[k].message ? fs.v[k].message : "");
            rc = 1;
        }
    }
    for (size_t j = 0; rc != 2 && j < nex; j++)
        if (!ex[j].matched) {
            fprintf(out, "%s:%d: missing %s\n", txt, ex[j].line, ex[j].id);
            rc = 1;
        }
    if (rc == 0)
        fprintf(out, "%s: ok (%zu finding%s)\n", txt, nex, nex == 1 ? "" : "s");
    free(ex);
    nl_findings_free(&fs);
    nl_notice_free(nt);
    nl_doc_free(doc);
    return rc;
}

