/*
 * docxnum.h — Word's automatic numbering for the .docx extractor, and the
 * WordprocessingML reading helpers that docx.c and docxnum.c share.
 *
 * A numbered paragraph names a list (w:numPr: w:numId, w:ilvl), directly or
 * through its paragraph style (styles.xml, following w:basedOn).  The list
 * (w:num) points at an abstract definition (w:abstractNum) whose levels
 * (w:lvl) say how the label looks (w:lvlText "%1、" with w:numFmt for each
 * placeholder) and where counting starts; a w:num may override levels
 * (w:lvlOverride: w:startOverride, w:lvl).  Counters live in the abstract
 * definition, so two lists over the same abstractNum continue each other;
 * the first paragraph of a w:num that has a startOverride restarts that
 * level.  nl_docxnum_label() advances the counters paragraph by paragraph
 * in document order and returns the text Word displays.
 *
 * Every table is bounded (NL_DOCXNUM_MAX_* entries, strings truncated to
 * 255 bytes), so hostile numbering.xml / styles.xml cost memory linear in
 * their size at most.  Nothing here is shared between documents: one
 * nl_docxnum per extraction, used by one thread.
 */
#ifndef NL_DOCXNUM_H
#define NL_DOCXNUM_H

#include <stddef.h>

#include <libxml/xmlreader.h>

/* Element ids of the WordprocessingML (and markup-compatibility) elements
 * the extractor looks at; everything else is NL_W_OTHER. */
typedef enum nl_docx_el {
    NL_W_OTHER = 0,
    NL_W_ABSTRACTNUM, NL_W_ABSTRACTNUMID, NL_W_BASEDON, NL_W_BR, NL_W_CR,
    NL_W_DEL, NL_W_DELINSTRTEXT, NL_W_DELTEXT, NL_W_DRAWING, NL_W_ILVL,
    NL_W_INSTRTEXT, NL_W_ISLGL, NL_W_LVL, NL_W_LVLOVERRIDE, NL_W_LVLRESTART,
    NL_W_LVLTEXT, NL_W_MOVEFROM, NL_W_NOBREAKHYPHEN, NL_W_NUM, NL_W_NUMFMT,
    NL_W_NUMID, NL_W_NUMPR, NL_W_NUMSTYLELINK, NL_W_OBJECT, NL_W_P,
    NL_W_PICT, NL_W_PPR, NL_W_PSTYLE, NL_W_PTAB, NL_W_R, NL_W_RPR, NL_W_RT,
    NL_W_START, NL_W_STARTOVERRIDE, NL_W_STYLE, NL_W_SUFF, NL_W_T,
    NL_W_TAB, NL_W_TXBXCONTENT, NL_W_VANISH,
    NL_W_CHANGE,      /* w:pPrChange, w:rPrChange, ...: old formatting */
    NL_MC_CHOICE, NL_MC_FALLBACK
} nl_docx_el;

/* Id of the element the reader is on (start or end tag). */
nl_docx_el nl_docx_element(xmlTextReaderPtr r);

/* Copy the value of the current element's attribute w:`local` (or an
 * unqualified `local`) into buf, truncated to size - 1 bytes on a UTF-8
 * boundary.  Returns 1 if present, 0 if absent (buf then holds ""). */
int nl_docx_attr(xmlTextReaderPtr r, const char *local, char *buf,
                 size_t size);

/* The attribute as a decimal integer clamped to [lo, hi]; `dflt` when
 * absent or not a number. */
long nl_docx_attr_long(xmlTextReaderPtr r, const char *local, long lo,
                       long hi, long dflt);

/* An on/off property (w:vanish, w:isLgl): on unless w:val says 0/false/off. */
int nl_docx_attr_on(xmlTextReaderPtr r);

/* Results of walking a part (also returned by nl_docx_next). */
#define NL_DOCX_END    0  /* the part was read to its end */
#define NL_DOCX_BAD   -1  /* not well-formed XML (reader error) */
#define NL_DOCX_DTD   -2  /* a DOCTYPE or entity reference: refused */
#define NL_DOCX_NOMEM -3  /* out of memory */
#define NL_DOCX_STOP  -4  /* the walker stopped on purpose (a limit) */

/* Advance the reader: to the next node, or past the current element's
 * subtree when `skip`.  Returns 1 on a node, NL_DOCX_END, NL_DOCX_BAD or
 * NL_DOCX_DTD. */
int nl_docx_next(xmlTextReaderPtr r, int skip);

/* ---- numbering --------------------------------------------------------- */

#define NL_DOCXNUM_MAX_ITEMS 65536 /* abstractNums, nums, styles (each) */
#define NL_DOCXNUM_LABEL 256       /* room for a label (bytes with NUL) */

typedef struct nl_docxnum nl_docxnum;

/* What a paragraph's own w:pPr says about numbering. */
typedef struct nl_docx_ppr {
    char pstyle[256]; /* w:pStyle, "" = none (the default style applies) */
    long num_id;      /* w:numPr/w:numId, -1 = not given */
    long ilvl;        /* w:numPr/w:ilvl, -1 = not given */
} nl_docx_ppr;

/* NULL when out of memory. */
nl_docxnum *nl_docxnum_new(void);
void nl_docxnum_free(nl_docxnum *nb);

/* Read word/numbering.xml or word/styles.xml from a fresh reader.  Return
 * one of the NL_DOCX_* results above. */
int nl_docxnum_load_numbering(nl_docxnum *nb, xmlTextReaderPtr r);
int nl_docxnum_load_styles(nl_docxnum *nb, xmlTextReaderPtr r);

/* The label Word displays for the next paragraph with properties `p`
 * (advancing the counters), written to buf as NUL-terminated UTF-8;
 * returns its length (0 = no numbering).  *suff receives what follows the
 * label per w:suff: '\t' (the default), ' ', or '\0' for "nothing". */
size_t nl_docxnum_label(nl_docxnum *nb, const nl_docx_ppr *p, char *buf,
                        size_t size, char *suff);

/* Format v as the w:numFmt value `numfmt` does ("decimal", "chineseCounting",
 * "decimalEnclosedCircle"...); unknown formats fall back to decimal,
 * "none" and "bullet" give "".  Returns the length written (buf always
 * NUL-terminated when size > 0). */
size_t nl_docxnum_format(const char *numfmt, long v, char *buf, size_t size);

#endif
