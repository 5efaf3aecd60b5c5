/*
 * ytree.h — a YAML document as a small immutable tree with positions.
 *
 * nl_yload() runs libyaml's event parser over one document and builds a
 * tree of scalars, sequences and mappings; every node keeps the 1-based
 * line and column (in characters) where it starts, so rule and parser
 * configuration errors can read `rules/x.yaml:14:9: error: unknown key`.
 * This module is the only one that includes <yaml.h>.
 *
 * Aliases are resolved by reference (an alias and its anchor share one
 * node; a node reached through an alias reports the anchor's position) but
 * count against the node limit with the anchored subtree's full size each
 * time, so a "billion laughs" file is rejected before it is built.  Tags
 * are ignored; merge keys (`<<`) are ordinary keys.
 *
 * Ownership: the nl_ydoc owns every node (one arena); nodes and strings are
 * borrowed from it and live until nl_yfree(), which accepts NULL.
 */
#ifndef NL_YTREE_H
#define NL_YTREE_H

#include <stddef.h>

#include "noticelint.h"

typedef enum nl_ykind { NL_Y_SCALAR, NL_Y_SEQ, NL_Y_MAP } nl_ykind;

typedef struct nl_ynode nl_ynode;
struct nl_ynode {
    nl_ykind kind;
    int line, column;  /* 1-based start of the node (column in characters) */
    const char *value; /* scalar text, NUL-terminated ("" for non-scalars) */
    size_t len;        /* scalar length in bytes */
    int plain;         /* 1 if the scalar was plain (unquoted, not | or >) */
    size_t count;      /* items in a sequence, pairs in a map */
    nl_ynode **items;  /* sequence items; for maps the values */
    nl_ynode **keys;   /* map keys (always scalars), NULL for sequences */
};

typedef struct nl_ydoc nl_ydoc;

typedef struct nl_ylimits {
    size_t max_nodes; /* total nodes after alias expansion; 0 = 1,000,000 */
    size_t max_depth; /* open collections at once; 0 = 64 ([[x]] is 2) */
} nl_ylimits;

/* Parse exactly one document from text[0..len) (need not be NUL-terminated;
 * UTF-8 only).  `limits` may be NULL.  On error *out is NULL and err holds
 * NL_ERR_CONFIG with file = name and the position: a libyaml syntax error,
 * "empty document", "more than one document", a non-scalar or duplicate
 * key, an unknown alias, a limit exceeded, "not valid UTF-8 (...)".
 * NL_ERR_NOMEM when memory runs out, NL_ERR_USAGE for NULL out. */
nl_status nl_yload(const char *name, const char *text, size_t len,
                   const nl_ylimits *limits, nl_ydoc **out, nl_error *err);
const nl_ynode *nl_yroot(const nl_ydoc *doc); /* borrowed; NULL for NULL */
void nl_yfree(nl_ydoc *doc);

/* Helpers; all accept a NULL node. */

/* Value for `key` in a mapping, or NULL (also when map is not a mapping). */
const nl_ynode *nl_yget(const nl_ynode *map, const char *key); /* borrowed */
/* 1 for a NULL node or a plain scalar "", "~", "null", "Null", "NULL". */
int nl_yis_null(const nl_ynode *n);
/* Plain scalars only: true/false/yes/no (also Capitalised and UPPER), and
 * decimal integers with an optional sign that fit in a long.  Return 0 and
 * store *out, or -1 (out untouched) on a NULL node or any other value. */
int nl_ybool(const nl_ynode *n, int *out);
int nl_ylong(const nl_ynode *n, long *out);

/* Check that every key of `map` is in the NULL-terminated list `allowed`.
 * On the first unknown key set err (NL_ERR_CONFIG, at the key) to
 * "unknown key 'severty' (did you mean 'severity'?)" — the suggestion is
 * the allowed key nearest in edit distance (transpositions count 1) when
 * that distance is <= 2 and shorter than the suggestion — and return
 * NL_ERR_CONFIG.  A NULL map is fine; a non-mapping is "expected a
 * mapping". */
nl_status nl_ycheck_keys(const char *name, const nl_ynode *map,
                         const char *const *allowed, nl_error *err);

#endif
