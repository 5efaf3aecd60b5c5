/*
 * notice_json.h — pieces of the `parse` JSON (notice_json.c) that other
 * JSON producers reuse, so a notice's facts look the same in `parse` and in
 * `check --format json`.  Only formatter files include this header: it
 * brings in <jansson.h>.
 */
#ifndef NL_NOTICE_JSON_H
#define NL_NOTICE_JSON_H

#include <jansson.h>

#include "noticelint.h"

/* The "facts" object of `parse` for a parsed notice (docs/parse-output.md).
 * Returns a new reference the caller owns (json_decref), or NULL on
 * allocation failure. */
json_t *nl_notice_facts_json(const nl_notice *nt);

#endif
