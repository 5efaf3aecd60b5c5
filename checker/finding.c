/*
 * finding.c — the findings list.  See finding.h.
 */
#include "finding.h"

#include <stdlib.h>
#include <string.h>

int nl_findings_add(nl_findings *f, const char *rule_id, int severity,
                    nl_span span, char *message, char *suggestion)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 32;
        nl_finding *nv = realloc(f->v, cap * sizeof *nv);
        if (!nv) {
            free(message);
            free(suggestion);
            return -1;
        }
        f->v = nv;
        f->cap = cap;
    }
    f->v[f->n++] = (nl_finding){rule_id, severity, span, message, suggestion};
    return 0;
}

static int cmp_finding(const void *pa, const void *pb)
{
    const nl_finding *a = pa, *b = pb;
    if (a->span.start != b->span.start)
        return a->span.start < b->span.start ? -1 : 1;
    if (a->span.end != b->span.end)
        return a->span.end < b->span.end ? -1 : 1;
    int c = strcmp(a->rule_id, b->rule_id);
    if (c)
        return c;
    return strcmp(a->message ? a->message : "", b->message ? b->message : "");
}

void nl_findings_sort(nl_findings *f)
{
    if (f->n > 1)
        qsort(f->v, f->n, sizeof *f->v, cmp_finding);
}

void nl_findings_free(nl_findings *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->v[i].message);
        free(f->v[i].suggestion);
    }
    free(f->v);
    f->v = NULL;
    f->n = f->cap = 0;
}

const nl_builtin nl_builtins[] = {
    {"input.encoding", 2,
     "The file is neither valid UTF-8 nor GB18030; bad bytes were replaced by U+FFFD."},
    {"input.binary", 2,
     "The file contains a NUL byte: it is binary and was not parsed or checked."},
    {"input.docx", 2,
     "The .docx file cannot be read as a Word document (not a zip package, no "
     "word/document.xml, malformed or hostile XML, over a size limit); it was not checked."},
    {"input.html", 2,
     "The .html file cannot be read as a web page; it was not checked."},
    {"input.empty", 2,
     "The file is empty or holds only white space; it was not checked."},
    {"engine.match-limit", 1,
     "A rule's pattern hit the PCRE2 match or depth limit; its results for the "
     "document may be incomplete."},
    {"engine.finding-limit", 0,
     "A rule found more than 1000 problems in one document; only the first 1000 "
     "are reported."},
};
const size_t nl_nbuiltins = sizeof nl_builtins / sizeof nl_builtins[0];
