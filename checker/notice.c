/*
 * notice.c — parse a document into the structure of a rectification notice.
 * See notice.h for the model.
 *
 * The parse is line-based and runs in a fixed number of passes:
 *   1. trim every line; footer lines are peeled off the end, then the
 *      signature (date line, unit line) above them;
 *   2. the head (site name, title, meta line) is read from the first
 *      `head_lines` non-blank lines;
 *   3. every remaining line is a heading (first heading pattern that
 *      matches, in configuration order) or a paragraph owned by the last
 *      heading; paragraphs before the first heading are the preamble; the
 *      contact block is the trailing run of paragraphs after the last
 *      heading, from the first one that matches a contact pattern;
 *   4. roles: the heading level that carries most quoted problem titles is
 *      the item level; the level-1 part holding most items is the problem
 *      part; its children above the item level are the aspects;
 *   5. inline enumerations, dates (years inferred) and facts.
 * What the patterns are is configuration (config.h); this file knows only
 * the shape of a numbered hierarchy.
 */
#include "notice.h"

#include <stdlib.h>
#include <string.h>

#include "cnum.h"
#include "error.h"

typedef struct vec {
    void *p;
    size_t n, cap, size;
} vec;

/* Append one zeroed element; returns it or NULL. */
static void *vec_push(vec *v)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        void *np = realloc(v->p, cap * v->size);
        if (!np)
            return NULL;
        v->p = np;
        v->cap = cap;
    }
    void *e = (char *)v->p + v->n++ * v->size;
    memset(e, 0, v->size);
    return e;
}

/* Width of a whitespace character at s (ASCII space/tab, U+3000, U+00A0,
 * U+FEFF, the U+2000 spaces), 0 if none. */
static size_t space_at(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    if (c == ' ' || c == '\t' || c == '\f' || c == '\v')
        return 1;
    if (n >= 3 && (memcmp(s, "\xe3\x80\x80", 3) == 0 ||
                   memcmp(s, "\xef\xbb\xbf", 3) == 0))
        return 3;
    if (n >= 2 && memcmp(s, "\xc2\xa0", 2) == 0)
        return 2;
    /* U+2000..U+200B (en/em/thin/zero-width spaces), U+202F, U+205F */
    if (n >= 3 && c == 0xE2) {
        unsigned char c1 = (unsigned char)s[1], c2 = (unsigned char)s[2];
        if ((c1 == 0x80 && (c2 <= 0x8B || c2 == 0xAF)) ||
            (c1 == 0x81 && c2 == 0x9F))
            return 3;
    }
    return 0;
}

static nl_span trim(const char *t, nl_span s)
{
    size_t w;
    while (s.start < s.end && (w = space_at(t + s.start, s.end - s.start)) > 0)
        s.start += w;
    while (s.end > s.start) {
        size_t k = s.end - 1; /* step back to the start of the last char */
        while (k > s.start && ((unsigned char)t[k] & 0xC0) == 0x80)
            k--;
        if (space_at(t + k, s.end - k) != s.end - k)
            break;
        s.end = k;
    }
    return s;
}

static int match_list(const nl_patlist *l, const char *t, nl_span s,
                      pcre2_match_data *md)
{
    for (size_t i = 0; i < l->n; i++)
        if (nl_pattern_match(l->v[i], t, s.start, s.end, s.start, md) == 1)
            return 1;
    return 0;
}

static int match1(const nl_pattern *p, const char *t, nl_span s,
                  pcre2_match_data *md)
{
    return p && nl_pattern_match(p, t, s.start, s.end, s.start, md) == 1;
}

static int is_heading(const nl_notice *nt, nl_span s, pcre2_match_data *md)
{
    for (size_t h = 0; h < nt->cfg->nheadings; h++)
        if (match1(nt->cfg->headings[h].re, nt->doc->dec.text, s, md))
            return 1;
    return 0;
}

static size_t prev_nonblank(const nl_notice *nt, size_t i, size_t lo)
{
    while (i > lo && nt->line_kind[i - 1] == NL_LINE_BLANK)
        i--;
    return i; /* index + 1 of the nonblank line, or lo */
}

/* Footer and signature, from the end.  Returns the first line after the
 * body (signature or footer start). */
static size_t parse_tail(nl_notice *nt, pcre2_match_data *md)
{
    const char *t = nt->doc->dec.text;
    size_t n = nt->doc->nlines, end = n;
    for (size_t i = n; i > 0; i--) {
        if (nt->line_kind[i - 1] == NL_LINE_BLANK)
            continue;
        if (!match_list(&nt->cfg->footer, t, nt->lines[i - 1], md))
            break;
        nt->line_kind[i - 1] = NL_LINE_FOOTER;
        end = i - 1;
    }
    size_t j = prev_nonblank(nt, end, 0);
    if (j == 0)
        return end;
    if (match1(nt->cfg->sig_date, t, nt->lines[j - 1], md)) {
        nt->line_kind[j - 1] = NL_LINE_SIGNATURE_DATE;
        nt->sig_date = nt->lines[j - 1];
        nt->has_sig_date = 1;
        end = j - 1;
        j = prev_nonblank(nt, end, 0);
    }
    if (j > 0 && match1(nt->cfg->sig_unit, t, nt->lines[j - 1], md)) {
        if (!is_heading(nt, nt->lines[j - 1], md)) {
            nt->line_kind[j - 1] = NL_LINE_SIGNATURE_UNIT;
            nt->sig_unit = nt->lines[j - 1];
            nt->has_sig_unit = 1;
            end = j - 1;
        }
    }
    return end;
}

/* A line of site furniture before the title is short: a menu item, a menu
 * bar, breadcrumbs.  (A preamble paragraph is not.) */
#define NAV_MAX_BYTES 120

/* Is there a title line among lines (i, end) within the `left` non-blank
 * lines still in the head, with only short lines before it? */
static int title_ahead(nl_notice *nt, size_t i, size_t end, size_t left,
                       pcre2_match_data *md)
{
    const char *t = nt->doc->dec.text;
    for (size_t j = i + 1; j < end && left > 0; j++) {
        if (nt->line_kind[j] == NL_LINE_BLANK)
            continue;
        left--;
        nl_span s = nt->lines[j];
        if (match_list(&nt->cfg->title, t, s, md) && !is_heading(nt, s, md))
            return 1;
        if (s.end - s.start > NAV_MAX_BYTES)
            return 0;
    }
    return 0;
}

/* Site name, title and meta line among the first head_lines lines.
 * Short unrecognised lines before a title found within the head (a web
 * page's menus and breadcrumbs) are chrome too.  Returns the first line
 * of the body. */
static size_t parse_head(nl_notice *nt, size_t end, pcre2_match_data *md)
{
    const nl_config *cfg = nt->cfg;
    const char *t = nt->doc->dec.text;
    size_t seen = 0, i = 0, body = 0;
    for (; i < end && seen < cfg->head_lines; i++) {
        if (nt->line_kind[i] == NL_LINE_BLANK)
            continue;
        seen++;
        nl_span s = nt->lines[i];
        if (!nt->has_meta && match_list(&cfg->meta, t, s, md)) {
            nt->line_kind[i] = NL_LINE_META;
            nt->meta = s;
            nt->has_meta = 1;
        } else if (!nt->has_title && !nt->has_meta &&
                   match_list(&cfg->header, t, s, md)) {
            nt->line_kind[i] = NL_LINE_CHROME;
        } else if (!nt->has_title && match_list(&cfg->title, t, s, md) &&
                   !is_heading(nt, s, md)) {
            nt->line_kind[i] = NL_LINE_TITLE;
            nt->title = s;
            nt->has_title = 1;
        } else if (!nt->has_title && s.end - s.start <= NAV_MAX_BYTES &&
                   !is_heading(nt, s, md) &&
                   title_ahead(nt, i, end, cfg->head_lines - seen, md)) {
            nt->line_kind[i] = NL_LINE_CHROME;
        } else {
            break;
        }
        body = i + 1;
    }
    return body;
}

/* Try the heading patterns on a line; fill h and return 1 on a match. */
static int match_heading(const nl_notice *nt, nl_span s, nl_heading *h,
                         pcre2_match_data *md)
{
    const nl_config *cfg = nt->cfg;
    const char *t = nt->doc->dec.text;
    for (size_t k = 0; k < cfg->nheadings; k++) {
        const nl_heading_def *d = &cfg->headings[k];
        if (nl_pattern_match(d->re, t, s.start, s.end, s.start, md) != 1)
            continue;
        size_t a, b;
        if (!nl_match_group(md, d->g_label, s.start, &a, &b))
            continue;
        h->level = d->level;
        h->line = s;
        h->label = (nl_span){a, b};
        if (nl_match_group(md, d->g_num, s.start, &a, &b)) {
            h->num = (nl_span){a, b};
            h->number = nl_cnum_parse(t + a, b - a);
        } else {
            h->number = -1;
        }
        /* Heading text runs to the first terminator character. */
        size_t stop = s.end;
        const char *ends = cfg->heading_text_end;
        for (size_t i = h->label.end; i < s.end && stop == s.end; i++) {
            for (const char *e = ends; *e;) {
                size_t w = 1;
                while (((unsigned char)e[w] & 0xC0) == 0x80)
                    w++;
                if (i + w <= s.end && memcmp(t + i, e, w) == 0) {
                    stop = i;
                    break;
                }
                e += w;
            }
        }
        h->text = trim(t, (nl_span){h->label.end, stop});
        h->rest = (nl_span){stop, s.end};
        if (stop < s.end) { /* skip the terminator itself */
            size_t w = 1;
            while (stop + w < s.end && ((unsigned char)t[stop + w] & 0xC0) == 0x80)
                w++;
            h->rest = trim(t, (nl_span){stop + w, s.end});
        }
        if (nl_pattern_match(cfg->problem_title, t, h->text.start, s.end,
                             h->text.start, md) == 1) {
            int g = nl_pattern_group(cfg->problem_title, "title");
            if (nl_match_group(md, g, h->text.start, &a, &b))
                h->title = (nl_span){a, b};
        }
        return 1;
    }
    return 0;
}

static int level1_ancestor(const nl_notice *nt, int h)
{
    while (h >= 0 && nt->headings[h].parent >= 0)
        h = nt->headings[h].parent;
    return h;
}

/* Decide item level, problem part, aspects and items. */
static void assign_roles(nl_notice *nt)
{
    size_t titled[9] = {0}, count[9] = {0};
    for (size_t i = 0; i < nt->nheadings; i++) {
        int lv = nt->headings[i].level;
        count[lv]++;
        if (nt->headings[i].title.end > nt->headings[i].title.start)
            titled[lv]++;
    }
    int item_level = 0;
    for (int lv = 1; lv <= 8; lv++)
        if (titled[lv] > 0 && (item_level == 0 || titled[lv] >= titled[item_level]))
            item_level = lv;
    int use_titles = item_level != 0;
    if (!use_titles)
        item_level = count[3] > 0 ? 3 : 0; /* no quoted titles: level 3 items */
    if (item_level == 0)
        return;
    nt->item_level = item_level;
    if (item_level == 1) {
        /* Every problem is a level-1 heading: items are the level-1
         * headings from the first titled one to the last. */
        size_t first = nt->nheadings, last = 0;
        for (size_t i = 0; i < nt->nheadings; i++)
            if (nt->headings[i].level == 1 &&
                nt->headings[i].title.end > nt->headings[i].title.start) {
                if (first == nt->nheadings)
                    first = i;
                last = i;
            }
        for (size_t i = first; i <= last && i < nt->nheadings; i++)
            if (nt->headings[i].level == 1)
                nt->headings[i].role = NL_ROLE_ITEM;
    } else {
        /* The problem part: the level-1 section with most candidate items. */
        size_t *score = calloc(nt->nheadings + 1, sizeof *score);
        if (!score)
            return;
        for (size_t i = 0; i < nt->nheadings; i++) {
            const nl_heading *h = &nt->headings[i];
            if (h->level != item_level)
                continue;
            if (use_titles && h->title.end == h->title.start)
                continue;
            int top = level1_ancestor(nt, (int)i);
            if (top >= 0 && nt->headings[top].level != 1)
                top = -1; /* no level-1 parts: the whole document */
            score[top < 0 ? nt->nheadings : (size_t)top]++;
        }
        size_t best = nt->nheadings;
        for (size_t i = 0; i < nt->nheadings; i++)
            if (score[i] > score[best])
                best = i;
        free(score);
        int part = best == nt->nheadings ? -1 : (int)best;
        if (part >= 0 && nt->headings[part].level == item_level)
            part = -1;
        nt->problem_part = part;
        if (part >= 0)
            nt->headings[part].role = NL_ROLE_PART;
        for (size_t i = 0; i < nt->nheadings; i++) {
            nl_heading *h = &nt->headings[i];
            if (part >= 0 && level1_ancestor(nt, (int)i) != part)
                continue;
            if (h->level == item_level)
                h->role = NL_ROLE_ITEM;
            else if (part >= 0 && h->parent == part && h->level < item_level)
                h->role = NL_ROLE_ASPECT;
        }
        if (part >= 0)
            nt->aspect_level = item_level - 1 > 1 ? item_level - 1 : 0;
    }
    for (size_t i = 0; i < nt->nheadings; i++) {
        if (nt->headings[i].role == NL_ROLE_ITEM)
            nt->nitems++;
        else if (nt->headings[i].role == NL_ROLE_ASPECT)
            nt->naspects++;
    }
    /* Numbering convention: per-parent when most aspects restart at 1. */
    size_t groups = 0, restarts = 0;
    int last_parent = -2;
    for (size_t i = 0; i < nt->nheadings; i++) {
        const nl_heading *h = &nt->headings[i];
        if (h->role != NL_ROLE_ITEM)
            continue;
        if (h->parent != last_parent) {
            if (groups > 0 && h->number == 1)
                restarts++;
            groups++;
            last_parent = h->parent;
        }
    }
    if (nt->nitems > 0)
        nt->item_numbering = groups <= 1 ? "single"
                             : restarts * 2 > groups - 1 ? "per-parent"
                                                          : "continuous";
}

static nl_status find_enums(nl_notice *nt, vec *ev, nl_span s, size_t para,
                            int heading, pcre2_match_data *md)
{
    const nl_config *cfg = nt->cfg;
    const char *t = nt->doc->dec.text;
    int gl = nl_pattern_group(cfg->enumeration, "label");
    int gn = nl_pattern_group(cfg->enumeration, "num");
    size_t from = s.start;
    while (from < s.end &&
           nl_pattern_match(cfg->enumeration, t, s.start, s.end, from, md) == 1) {
        size_t a, b, c, d;
        size_t ms, me;
        nl_match_group(md, 0, s.start, &ms, &me);
        if (nl_match_group(md, gl, s.start, &a, &b)) {
            nl_enum *e = vec_push(ev);
            if (!e)
                return NL_ERR_NOMEM;
            e->label = (nl_span){a, b};
            e->number = nl_match_group(md, gn, s.start, &c, &d)
                            ? nl_cnum_parse(t + c, d - c) : -1;
            e->para = para;
            e->heading = heading;
        }
        from = me > ms ? me : ms + 1;
        while (from < s.end && ((unsigned char)t[from] & 0xC0) == 0x80)
            from++;
    }
    return NL_OK;
}

static nl_status find_dates(nl_notice *nt, vec *dv, pcre2_match_data *md)
{
    const char *t = nt->doc->dec.text;
    nl_date context = {0, 0, 0};
    for (size_t i = 0; i < nt->doc->nlines; i++) {
        int k = nt->line_kind[i];
        if (k == NL_LINE_BLANK || k == NL_LINE_CHROME || k == NL_LINE_FOOTER)
            continue;
        nl_span s = nt->lines[i];
        size_t from = s.start;
        while (from < s.end &&
               nl_pattern_match(nt->cfg->dates, t, s.start, s.end, from, md) == 1) {
            size_t a, b;
            nl_match_group(md, 0, s.start, &a, &b);
            if (b == a) {
                from = a + 1;
                while (from < s.end && ((unsigned char)t[from] & 0xC0) == 0x80)
                    from++;
                continue;
            }
            from = b;
            nl_date d;
            int flags = nl_date_parse(t + a, b - a, &d);
            if (!flags)
                continue;
            nl_date_tok *tok = vec_push(dv);
            if (!tok)
                return NL_ERR_NOMEM;
            tok->span = (nl_span){a, b};
            tok->written = d;
            tok->flags = flags;
            tok->date = d;
            if (k == NL_LINE_META)
                continue; /* the page's date is no context for the text */
            if (d.year == 0 && context.year != 0) {
                tok->date = nl_date_infer_year(d, context);
                tok->inferred = 1;
            } else if (d.year != 0) {
                context = d;
            }
        }
    }
    return NL_OK;
}

nl_status nl_notice_parse(const nl_config *cfg, const nl_doc *doc,
                          nl_notice **out, nl_error *err)
{
    *out = NULL;
    nl_notice *nt = calloc(1, sizeof *nt);
    if (!nt)
        return nl_error_set(err, NL_ERR_NOMEM, doc->path, 0, 0, "out of memory");
    nt->doc = doc;
    nt->cfg = cfg;
    nt->problem_part = -1;
    if (doc->unparsed) {
        *out = nt;
        return NL_OK;
    }
    nl_status st = NL_ERR_NOMEM;
    vec hv = {NULL, 0, 0, sizeof(nl_heading)}, pv = {NULL, 0, 0, sizeof(nl_para)};
    vec ev = {NULL, 0, 0, sizeof(nl_enum)}, dv = {NULL, 0, 0, sizeof(nl_date_tok)};
    pcre2_match_data *md = nl_match_data_thread();
    const char *t = doc->dec.text;
    size_t n = doc->nlines;
    nt->line_kind = calloc(n ? n : 1, 1);
    nt->lines = calloc(n ? n : 1, sizeof *nt->lines);
    if (!md || !nt->line_kind || !nt->lines)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        nt->lines[i] = trim(t, (nl_span){doc->line_starts[i], doc->line_ends[i]});
        nt->line_kind[i] = nt->lines[i].start == nt->lines[i].end
                               ? NL_LINE_BLANK : NL_LINE_BODY;
    }
    size_t end = parse_tail(nt, md);
    size_t start = parse_head(nt, end, md);

    /* Headings and paragraphs. */
    int current = -1, stack[9];
    for (int k = 0; k < 9; k++)
        stack[k] = -1;
    for (size_t i = start; i < end; i++) {
        if (nt->line_kind[i] == NL_LINE_BLANK)
            continue;
        nl_heading h;
        memset(&h, 0, sizeof h);
        if (match_heading(nt, nt->lines[i], &h, md)) {
            nl_heading *hp = vec_push(&hv);
            if (!hp)
                goto fail;
            *hp = h;
            hp->parent = -1;
            for (int lv = h.level - 1; lv >= 1; lv--)
                if (stack[lv] >= 0) {
                    hp->parent = stack[lv];
                    break;
                }
            current = (int)(hv.n - 1);
            stack[h.level] = current;
            for (int lv = h.level + 1; lv < 9; lv++)
                stack[lv] = -1;
            hp->first_para = pv.n;
            nt->line_kind[i] = NL_LINE_HEADING;
            if (hp->parent >= 0)
                ((nl_heading *)hv.p)[hp->parent].nchildren++;
        } else {
            nl_para *p = vec_push(&pv);
            if (!p)
                goto fail;
            p->span = nt->lines[i];
            p->heading = current;
            p->kind = current < 0 ? NL_LINE_PREAMBLE : NL_LINE_BODY;
            nt->line_kind[i] = (unsigned char)p->kind;
            if (current < 0)
                nt->preamble_n++;
            else
                ((nl_heading *)hv.p)[current].npara++;
        }
    }
    nt->headings = hv.p;
    nt->nheadings = hv.n;
    nt->paras = pv.p;
    nt->nparas = pv.n;
    hv.p = pv.p = NULL;

    /* Contact block: in the trailing run of paragraphs after the last
     * heading (all paragraphs when there is none), from the first one that
     * matches a contact pattern to the end. */
    int last = (int)nt->nheadings - 1;
    size_t run = nt->nparas;
    while (run > 0 && nt->paras[run - 1].heading == last)
        run--;
    for (size_t k = run; k < nt->nparas; k++) {
        if (!match_list(&cfg->contact_start, t, nt->paras[k].span, md))
            continue;
        nt->has_contact = 1;
        nt->contact = (nl_span){nt->paras[k].span.start,
                                nt->paras[nt->nparas - 1].span.end};
        for (size_t m = k; m < nt->nparas; m++) {
            if (last >= 0)
                nt->headings[last].npara--;
            else
                nt->preamble_n--;
            nt->paras[m].kind = NL_LINE_CONTACT;
            nt->paras[m].heading = -1;
            nt->line_kind[nl_doc_line_of(doc, nt->paras[m].span.start)] =
                NL_LINE_CONTACT;
        }
        break;
    }

    assign_roles(nt);

    for (size_t i = 0; i < nt->nheadings; i++) {
        nl_heading *h = &nt->headings[i];
        if ((st = find_enums(nt, &ev, (nl_span){h->label.end, h->line.end},
                             (size_t)-1, (int)i, md)) != NL_OK)
            goto fail;
    }
    for (size_t i = 0; i < nt->nparas; i++)
        if (nt->paras[i].kind != NL_LINE_CONTACT &&
            (st = find_enums(nt, &ev, nt->paras[i].span, i,
                             nt->paras[i].heading, md)) != NL_OK)
            goto fail;
    /* Keep enumerations in document order (headings were scanned first). */
    nt->enums = ev.p;
    nt->nenums = ev.n;
    ev.p = NULL;
    for (size_t i = 1; i < nt->nenums; i++) { /* insertion sort: nearly sorted */
        nl_enum e = nt->enums[i];
        size_t j = i;
        while (j > 0 && nt->enums[j - 1].label.start > e.label.start) {
            nt->enums[j] = nt->enums[j - 1];
            j--;
        }
        nt->enums[j] = e;
    }

    if ((st = find_dates(nt, &dv, md)) != NL_OK)
        goto fail;
    nt->dates = dv.p;
    nt->ndates = dv.n;
    dv.p = NULL;

    if ((st = nl_facts_extract(nt, md, err)) != NL_OK)
        goto fail;
    *out = nt;
    return NL_OK;
fail:
    free(hv.p);
    free(pv.p);
    free(ev.p);
    free(dv.p);
    nl_notice_free(nt);
    if (st == NL_ERR_NOMEM)
        return nl_error_set(err, NL_ERR_NOMEM, doc->path, 0, 0, "out of memory");
    return st;
}

const nl_date_tok *nl_notice_date_at(const nl_notice *nt, size_t start)
{
    size_t lo = 0, hi = nt->ndates;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (nt->dates[mid].span.start < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < nt->ndates && nt->dates[lo].span.start == start ? &nt->dates[lo]
                                                                 : NULL;
}

void nl_notice_free(nl_notice *nt)
{
    if (!nt)
        return;
    for (int i = 0; i < NL_F_COUNT; i++) {
        free(nt->facts[i].text);
        for (size_t k = 0; k < nt->lists[i].n; k++)
            free(nt->lists[i].v[k].text);
        free(nt->lists[i].v);
    }
    for (size_t i = 0; i < nt->ndiscipline; i++)
        free(nt->discipline[i].kind);
    free(nt->discipline);
    free(nt->line_kind);
    free(nt->lines);
    free(nt->headings);
    free(nt->paras);
    free(nt->enums);
    free(nt->dates);
    free(nt);
}
