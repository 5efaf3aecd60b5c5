/*
 * facts.h — the typed facts of a notice and how they are extracted.
 *
 * The set of facts is fixed (it is the product's output schema, documented
 * in docs/parse-output.md); where each fact is found is data: the `facts:`
 * extractors and the `discipline:` pattern in rules/notice.yaml.  A named
 * group in an extractor sets the fact of the same name.  Single-valued facts
 * keep the first value found (extractors run in file order); list facts
 * collect every distinct value.  Dates are resolved against the document's
 * date list so that a yearless date inherits the year of the nearest
 * preceding full date.
 */
#ifndef NL_FACTS_H
#define NL_FACTS_H

#include "doc.h"

typedef enum nl_fact_type {
    NL_FACT_TEXT, NL_FACT_DATE, NL_FACT_COUNT, NL_FACT_DECIMAL, NL_FACT_LIST
} nl_fact_type;

typedef enum nl_fact_id {
    NL_F_ISSUING_UNIT, NL_F_INSPECTION_BODY, NL_F_INSPECTION_START,
    NL_F_INSPECTION_END, NL_F_FEEDBACK_DATE, NL_F_PUBLISH_DATE,
    NL_F_SIGNATURE_DATE,
    /* stated_counts */
    NL_F_ASPECTS, NL_F_PROBLEMS, NL_F_MEASURES, NL_F_COMPLETED,
    NL_F_IN_PROGRESS, NL_F_COMPLETION_RATE, NL_F_SYSTEMS, NL_F_FUNDS,
    /* contact */
    NL_F_PHONES, NL_F_EMAILS, NL_F_POSTAL, NL_F_POSTCODES,
    NL_F_COUNT
} nl_fact_id;

typedef struct nl_fact_info {
    const char *name;     /* group name and JSON key */
    nl_fact_type type;
    const char *group;    /* JSON object it sits in: NULL (top), "stated_counts", "contact" */
} nl_fact_info;

extern const nl_fact_info nl_fact_table[NL_F_COUNT];

/* Index of a fact by name, or -1. */
int nl_fact_find(const char *name);

#endif
