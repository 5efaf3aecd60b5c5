/*
 * notice.h — the parsed structure of one notice.
 *
 * nl_notice_parse() classifies each line of a document (blank, web chrome,
 * title, meta line, preamble, heading, body, contact, signature, footer),
 * builds the heading tree (levels from the configuration, numeric values of
 * Chinese or Arabic numerals), finds inline enumerations 一是/二是 and
 * quoted problem titles, decides which headings are the problem "aspects"
 * and "items" of the notice, finds every date (with years inferred), and
 * extracts the typed facts.  All positions are spans of the decoded text;
 * nl_doc_pos() turns them into line:column and original offsets.
 *
 * A notice borrows its document and its configuration: free it first.
 */
#ifndef NL_NOTICE_H
#define NL_NOTICE_H

#include "config.h"
#include "date.h"
#include "doc.h"
#include "facts.h"

typedef enum nl_line_kind {
    NL_LINE_BLANK, NL_LINE_CHROME, NL_LINE_TITLE, NL_LINE_META,
    NL_LINE_PREAMBLE, NL_LINE_HEADING, NL_LINE_BODY, NL_LINE_CONTACT,
    NL_LINE_SIGNATURE_UNIT, NL_LINE_SIGNATURE_DATE, NL_LINE_FOOTER
} nl_line_kind;

typedef enum nl_heading_role {
    NL_ROLE_NONE, NL_ROLE_PART, NL_ROLE_ASPECT, NL_ROLE_ITEM
} nl_heading_role;

typedef struct nl_heading {
    int level;
    long number;          /* value of the numeral, -1 if unreadable */
    nl_span line;         /* the trimmed line */
    nl_span label;        /* e.g. "（一）" */
    nl_span num;          /* the numeral inside the label */
    nl_span text;         /* heading text up to heading_text_end */
    nl_span rest;         /* the same line after the text (may be empty) */
    nl_span title;        /* quoted problem title, empty if none */
    int parent;           /* index of parent heading, -1 for top level */
    int role;             /* nl_heading_role */
    size_t first_para, npara;  /* body paragraphs directly under it */
    size_t nchildren;
} nl_heading;

typedef struct nl_para {
    nl_span span;         /* trimmed line */
    int kind;             /* nl_line_kind */
    int heading;          /* owning heading or -1 */
} nl_para;

typedef struct nl_enum {
    nl_span label;        /* "二是" */
    long number;
    size_t para;          /* index into paras (or heading rest, see heading) */
    int heading;          /* heading whose text/rest holds it, or -1 */
} nl_enum;

typedef struct nl_date_tok {
    nl_span span;
    nl_date written;      /* as written */
    nl_date date;         /* with the year inferred */
    int flags;            /* NL_DATE_* from nl_date_parse */
    int inferred;         /* 1 when the year came from context */
} nl_date_tok;

typedef struct nl_fact_value {
    int set;
    nl_span span;         /* where it was found */
    char *text;           /* TEXT: the text; DATE: ISO; COUNT/DECIMAL: digits */
    long count;
    double decimal;
    nl_date date;
} nl_fact_value;

typedef struct nl_fact_list {
    size_t n;
    nl_fact_value *v;
} nl_fact_list;

typedef struct nl_discipline {
    char *kind;
    long count;
    size_t mentions;
    nl_span first;        /* first mention */
} nl_discipline;

struct nl_notice {
    const nl_doc *doc;
    const nl_config *cfg;
    unsigned char *line_kind;   /* nl_line_kind per line */
    nl_span *lines;             /* trimmed span per line */
    nl_span title;              /* empty when absent */
    int has_title, has_meta, has_contact, has_sig_unit, has_sig_date;
    nl_span meta;
    nl_span contact;            /* from the first contact line to the last */
    nl_span sig_unit, sig_date;
    size_t preamble_first, preamble_n; /* paragraphs [first, first+n) */
    nl_heading *headings;
    size_t nheadings;
    nl_para *paras;             /* every non-blank line that is not chrome */
    size_t nparas;
    nl_enum *enums;
    size_t nenums;
    nl_date_tok *dates;
    size_t ndates;
    int item_level, aspect_level; /* 0 when none */
    int problem_part;           /* heading index of the part, -1 if none */
    const char *item_numbering; /* "continuous", "per-parent", "single" or NULL */
    nl_fact_value facts[NL_F_COUNT];
    nl_fact_list lists[NL_F_COUNT];
    nl_discipline *discipline;
    size_t ndiscipline;
    size_t naspects, nitems;
};

/* Extract facts (called by nl_notice_parse once the structure is known). */
nl_status nl_facts_extract(nl_notice *nt, pcre2_match_data *md, nl_error *err);

/* The date token starting at decoded offset `start`, or NULL. */
const nl_date_tok *nl_notice_date_at(const nl_notice *nt, size_t start);

#endif
