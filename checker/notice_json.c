/*
 * notice_json.c — render a parsed notice as the JSON of `noticelint parse`
 * (documented in docs/parse-output.md).  Every span becomes
 * {line, column, end_line, end_column, offset, length}: 1-based lines,
 * 1-based columns counted in code points (end exclusive), and the byte
 * offset and length in the original file.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "notice.h"
#include "notice_json.h"

static json_t *span_json(const nl_doc *doc, nl_span s)
{
    nl_pos a = nl_doc_pos(doc, s.start), b = nl_doc_pos(doc, s.end);
    return json_pack("{s:i, s:i, s:i, s:i, s:I, s:I}", "line", a.line,
                     "column", a.column, "end_line", b.line, "end_column",
                     b.column, "offset", (json_int_t)a.offset, "length",
                     (json_int_t)(b.offset - a.offset));
}

static json_t *text_json(const nl_doc *doc, nl_span s)
{
    return json_stringn(doc->dec.text + s.start, s.end - s.start);
}

/* {"text": ..., "span": ...} */
static json_t *piece(const nl_doc *doc, nl_span s)
{
    return json_pack("{s:o, s:o}", "text", text_json(doc, s), "span",
                     span_json(doc, s));
}

static const char *role_name(int role)
{
    switch (role) {
    case NL_ROLE_PART: return "part";
    case NL_ROLE_ASPECT: return "aspect";
    case NL_ROLE_ITEM: return "item";
    default: return NULL;
    }
}

static json_t *heading_json(const nl_notice *nt, size_t i)
{
    const nl_doc *doc = nt->doc;
    const nl_heading *h = &nt->headings[i];
    const char *role = role_name(h->role);
    json_t *body = json_array(), *children = json_array();
    for (size_t k = h->first_para; k < nt->nparas && body; k++)
        if (nt->paras[k].heading == (int)i)
            json_array_append_new(body, span_json(doc, nt->paras[k].span));
    for (size_t k = i + 1; k < nt->nheadings && children; k++)
        if (nt->headings[k].parent == (int)i)
            json_array_append_new(children, heading_json(nt, k));
    json_t *o = json_pack(
        "{s:I, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
        "id", (json_int_t)i, "level", h->level, "label", text_json(doc, h->label),
        "number", h->number >= 0 ? json_integer(h->number) : json_null(),
        "text", text_json(doc, h->text),
        "role", role ? json_string(role) : json_null(),
        "problem_title", h->title.end > h->title.start ? text_json(doc, h->title)
                                                       : json_null(),
        "span", span_json(doc, h->line),
        "body", body ? body : json_null(), "children",
        children ? children : json_null());
    if (o && h->rest.end > h->rest.start)
        json_object_set_new(o, "inline_body", span_json(doc, h->rest));
    return o;
}

static json_t *date_fact(const nl_fact_value *v)
{
    return v->set && v->text && v->text[0] ? json_string(v->text) : json_null();
}

static json_t *facts_json(const nl_notice *nt)
{
    json_t *f = json_object(), *counts = json_object(), *contact = json_object();
    json_t *disc = json_object();
    if (!f || !counts || !contact || !disc) {
        json_decref(f);
        json_decref(counts);
        json_decref(contact);
        json_decref(disc);
        return NULL;
    }
    for (int id = 0; id < NL_F_COUNT; id++) {
        const nl_fact_info *fi = &nl_fact_table[id];
        const nl_fact_value *v = &nt->facts[id];
        json_t *val;
        switch (fi->type) {
        case NL_FACT_TEXT: val = v->set ? json_string(v->text) : json_null(); break;
        case NL_FACT_DATE: val = date_fact(v); break;
        case NL_FACT_COUNT:
            val = v->set && v->count >= 0 ? json_integer(v->count) : json_null();
            break;
        case NL_FACT_DECIMAL: val = v->set ? json_real(v->decimal) : json_null(); break;
        default: {
            val = json_array();
            for (size_t k = 0; val && k < nt->lists[id].n; k++)
                json_array_append_new(val, json_string(nt->lists[id].v[k].text));
            break;
        }
        }
        json_t *into = !fi->group ? f
                       : strcmp(fi->group, "contact") == 0 ? contact : counts;
        json_object_set_new(into, fi->name, val);
    }
    for (size_t i = 0; i < nt->ndiscipline; i++)
        json_object_set_new(disc, nt->discipline[i].kind,
                            json_integer(nt->discipline[i].count));
    json_t *titles = json_array();
    for (size_t i = 0; titles && i < nt->nheadings; i++) {
        const nl_heading *h = &nt->headings[i];
        if (h->role == NL_ROLE_ITEM && h->title.end > h->title.start)
            json_array_append_new(titles, text_json(nt->doc, h->title));
    }
    json_object_set_new(f, "stated_counts", counts);
    json_object_set_new(f, "discipline", disc);
    json_object_set_new(f, "contact", contact);
    json_object_set_new(f, "structure",
                        json_pack("{s:I, s:I, s:o}", "aspects",
                                  (json_int_t)nt->naspects, "items",
                                  (json_int_t)nt->nitems, "problem_titles",
                                  titles ? titles : json_array()));
    return f;
}

json_t *nl_notice_facts_json(const nl_notice *nt)
{
    return facts_json(nt);
}

static json_t *notice_json(const nl_notice *nt)
{
    const nl_doc *doc = nt->doc;
    json_t *diags = json_array(), *header = json_array(), *footer = json_array();
    json_t *preamble = json_array(), *headings = json_array();
    json_t *enums = json_array(), *dates = json_array();
    for (size_t i = 0; i < doc->ndiags; i++) {
        const nl_diag *d = &doc->diags[i];
        json_t *o = json_pack("{s:s, s:s, s:s}", "rule", d->rule, "severity",
                              d->severity, "message", d->message);
        if (o)
            json_object_update_new(o, span_json(doc, d->span));
        json_array_append_new(diags, o);
    }
    if (!doc->unparsed) {
        for (size_t i = 0; i < doc->nlines; i++) {
            if (nt->line_kind[i] == NL_LINE_CHROME)
                json_array_append_new(header, piece(doc, nt->lines[i]));
            else if (nt->line_kind[i] == NL_LINE_FOOTER)
                json_array_append_new(footer, piece(doc, nt->lines[i]));
        }
    }
    for (size_t i = 0; i < nt->preamble_n; i++)
        json_array_append_new(preamble, span_json(doc, nt->paras[i].span));
    for (size_t i = 0; i < nt->nheadings; i++)
        if (nt->headings[i].parent < 0)
            json_array_append_new(headings, heading_json(nt, i));
    for (size_t i = 0; i < nt->nenums; i++) {
        const nl_enum *e = &nt->enums[i];
        json_array_append_new(
            enums, json_pack("{s:o, s:o, s:o, s:o}", "label",
                             text_json(doc, e->label), "number",
                             e->number >= 0 ? json_integer(e->number) : json_null(),
                             "heading", e->heading >= 0 ? json_integer(e->heading)
                                                        : json_null(),
                             "span", span_json(doc, e->label)));
    }
    for (size_t i = 0; i < nt->ndates; i++) {
        const nl_date_tok *d = &nt->dates[i];
        char iso[16];
        nl_date_iso(d->date, iso, sizeof iso);
        json_array_append_new(
            dates, json_pack("{s:o, s:o, s:b, s:b, s:o}", "text",
                             text_json(doc, d->span), "date",
                             iso[0] ? json_string(iso) : json_null(), "inferred_year",
                             d->inferred, "valid", nl_date_valid(d->date),
                             "span", span_json(doc, d->span)));
    }
    json_t *chrome = json_pack("{s:o, s:o, s:o}", "header", header, "meta",
                               nt->has_meta ? piece(doc, nt->meta) : json_null(),
                               "footer", footer);
    json_t *sig = json_pack(
        "{s:o, s:o}", "unit", nt->has_sig_unit ? piece(doc, nt->sig_unit) : json_null(),
        "date", nt->has_sig_date ? piece(doc, nt->sig_date) : json_null());
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
        "path", doc->path, "format", nl_input_format_name(doc->format),
        "unit", nl_doc_unit(doc), "encoding", nl_encoding_name(doc->dec.encoding),
        "line_ending", nl_doc_eol_name(doc), "lines", (json_int_t)doc->nlines,
        "diagnostics", diags, "chrome", chrome,
        "title", nt->has_title ? piece(doc, nt->title) : json_null(),
        "preamble", preamble, "headings", headings,
        "item_numbering", nt->item_numbering ? json_string(nt->item_numbering)
                                             : json_null(),
        "enumerations", enums,
        "contact", nt->has_contact ? json_pack("{s:o}", "span", span_json(doc, nt->contact))
                                   : json_null(),
        "signature", sig, "dates", dates, "facts", facts_json(nt));
}

char *nl_notice_to_json(const nl_notice *nt, int indent)
{
    json_t *o = notice_json(nt);
    if (!o)
        return NULL;
    size_t flags = JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10) |
                   (indent > 0 ? JSON_INDENT(indent) : JSON_COMPACT);
    char *s = json_dumps(o, flags);
    json_decref(o);
    return s;
}
