/*
 * docx.c — the text of a Word .docx package, one line per paragraph (see
 * extract.h for the contract).
 *
 * The package is opened from memory with libzip, read-only.  Each part we
 * read (word/document.xml; word/numbering.xml and word/styles.xml when
 * present) is checked before inflating: not encrypted, at most
 * NL_DOCX_MAX_PART bytes uncompressed, and — above RATIO_FLOOR bytes — at
 * most NL_DOCX_MAX_RATIO times its compressed size (smaller parts cannot
 * be bombs, and tiny repetitive XML legitimately compresses very well).
 * Inflating stops as soon as a part yields more than its declared size.
 *
 * XML goes through libxml2's streaming reader, forced to UTF-8, without
 * network access, DTD loading or entity substitution.  A part that holds a
 * DOCTYPE is refused before parsing (a byte search: the bytes are parsed
 * as UTF-8 whatever the XML declaration says, so the markup cannot hide
 * in another encoding) and again if the reader meets one.  libxml2's
 * messages go to a per-reader handler, never to stderr; the parser is
 * initialised once (nl_xml_init, extract.c); nothing else is shared, so extractions
 * may run on several threads at once.
 *
 * Document walk: every w:p in document order, table cells included, is one
 * line.  Text comes from w:t; w:tab and w:ptab give '\t', w:br and w:cr a
 * space (a paragraph stays one line), w:noBreakHyphen '-'.  Skipped:
 * tracked deletions (w:del, w:moveFrom) while insertions and moves-to are
 * kept, w:delText, field codes (w:instrText), old formatting (w:*Change),
 * hidden runs (w:rPr/w:vanish), ruby (phonetic guide) text, drawings,
 * pictures and text boxes, and mc:Fallback (mc:Choice is read).  A paragraph whose mark is a tracked
 * deletion (w:pPr/w:rPr/w:del) is still its own line: Word would join it
 * to the next one once the deletion is accepted, but the line numbers stay
 * those of the paragraphs in the file.  Numbered paragraphs start with the
 * label Word displays (docxnum.c) followed by '\t', ' ' or nothing as
 * w:suff says — except after a label ending in list punctuation (一、 1.
 * （一）), where the gap is layout and the text version has nothing.
 */
#include "extract.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlversion.h>
#include <zip.h>

#include "docxnum.h"
#include "encoding.h"
#include "error.h"

#define RATIO_FLOOR (1u << 20) /* parts up to 1 MiB skip the ratio check */
#define MAX_DEPTH 512          /* element ids remembered per depth */

static pthread_mutex_t open_lock = PTHREAD_MUTEX_INITIALIZER;

#define PART_DOCUMENT "word/document.xml"
#define PART_NUMBERING "word/numbering.xml"
#define PART_STYLES "word/styles.xml"

/* ---- problems ---------------------------------------------------------- */

/* Record the first problem (later ones are consequences), cut to fit on a
 * UTF-8 boundary, control characters blanked. */
static void set_problem(nl_extract *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void set_problem(nl_extract *x, const char *fmt, ...)
{
    if (x->problem[0])
        return;
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    size_t len = n < 0 ? 0 : (size_t)n >= sizeof tmp ? sizeof tmp - 1 : (size_t)n;
    size_t out = 0;
    for (size_t i = 0; i < len && out + 1 < sizeof x->problem;) {
        unsigned char c = (unsigned char)tmp[i];
        int k = nl_utf8_seq_len((const unsigned char *)tmp + i, len - i);
        if (k == 0) { /* invalid or cut: replace the byte */
            x->problem[out++] = '?';
            i++;
        } else if (out + (size_t)k + 1 > sizeof x->problem) {
            break;
        } else if (k == 1) {
            x->problem[out++] = c < 0x20 || c == 0x7F ? ' ' : (char)c;
            i++;
        } else {
            memcpy(x->problem + out, tmp + i, (size_t)k);
            out += (size_t)k;
            i += (size_t)k;
        }
    }
    while (out > 0 && x->problem[out - 1] == ' ')
        out--;
    x->problem[out] = '\0';
}

/* ---- text buffer ------------------------------------------------------- */

typedef struct tbuf {
    char *p;
    size_t len, cap;
} tbuf;

static int tb_reserve(tbuf *b, size_t add)
{
    if (b->len + add + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + add + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p)
        return -1;
    b->p = p;
    b->cap = cap;
    return 0;
}

/* Append s[0..n) keeping the text one line: '\n' becomes a space, '\r'
 * and NUL are dropped. */
static int tb_add(tbuf *b, const char *s, size_t n)
{
    if (tb_reserve(b, n))
        return -1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\n')
            c = ' ';
        if (c != '\r' && c != '\0')
            b->p[b->len++] = c;
    }
    b->p[b->len] = '\0';
    return 0;
}

/* ---- zip --------------------------------------------------------------- */

#define READ_OK 1
#define READ_PROBLEM 0
#define READ_NOMEM -1

/* Inflate part `idx` into *data (NUL-terminated, malloc'd). */
static int read_part(zip_t *za, zip_int64_t idx, const char *name,
                     char **data, size_t *len, nl_extract *x)
{
    *data = NULL;
    *len = 0;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) != 0) {
        set_problem(x, "cannot read %s (libzip: %s)", name, zip_strerror(za));
        return READ_PROBLEM;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
        st.encryption_method != ZIP_EM_NONE) {
        set_problem(x, "%s is encrypted: refused (password-protected "
                       "packages are not supported)", name);
        return READ_PROBLEM;
    }
    if (!(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE)) {
        set_problem(x, "cannot read %s: the zip archive does not give its size",
                    name);
        return READ_PROBLEM;
    }
    if (st.size > NL_DOCX_MAX_PART) {
        set_problem(x, "%s is larger than %u MiB uncompressed: refused", name,
                    NL_DOCX_MAX_PART >> 20);
        return READ_PROBLEM;
    }
    /* st.size <= 256 MiB here: the product cannot overflow. */
    if (st.size > RATIO_FLOOR &&
        st.size > (zip_uint64_t)NL_DOCX_MAX_RATIO * st.comp_size) {
        set_problem(x, "%s would inflate %llu bytes from %llu (more than %d "
                       "times its compressed size, a zip bomb?): refused",
                    name, (unsigned long long)st.size,
                    (unsigned long long)st.comp_size, NL_DOCX_MAX_RATIO);
        return READ_PROBLEM;
    }
    zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
    if (!zf) {
        if (zip_error_code_zip(zip_get_error(za)) == ZIP_ER_MEMORY)
            return READ_NOMEM;
        set_problem(x, "cannot read %s (libzip: %s)", name, zip_strerror(za));
        return READ_PROBLEM;
    }
    size_t cap = (size_t)st.size + 1; /* one more byte catches a lie */
    char *buf = malloc(cap + 1);
    if (!buf) {
        zip_fclose(zf);
        return READ_NOMEM;
    }
    size_t got = 0;
    int rc = READ_OK;
    while (got < cap) {
        zip_int64_t k = zip_fread(zf, buf + got, cap - got);
        if (k < 0) {
            zip_error_t *ze = zip_file_get_error(zf);
            if (zip_error_code_zip(ze) == ZIP_ER_MEMORY)
                rc = READ_NOMEM;
            else {
                set_problem(x, "%s is damaged (libzip: %s)", name,
                            zip_file_strerror(zf));
                rc = READ_PROBLEM;
            }
            break;
        }
        if (k == 0)
            break;
        got += (size_t)k;
    }
    zip_fclose(zf);
    if (rc == READ_OK && got > (size_t)st.size) {
        set_problem(x, "%s inflates to more than its declared %llu bytes: "
                       "refused", name, (unsigned long long)st.size);
        rc = READ_PROBLEM;
    } else if (rc == READ_OK && got < (size_t)st.size) {
        set_problem(x, "%s is damaged: %zu of %llu bytes could be read", name,
                    got, (unsigned long long)st.size);
        rc = READ_PROBLEM;
    }
    if (rc != READ_OK) {
        free(buf);
        return rc;
    }
    buf[got] = '\0';
    *data = buf;
    *len = got;
    return READ_OK;
}

/* ---- XML --------------------------------------------------------------- */

typedef struct xml_diag {
    int seen, line, nomem;
    char msg[160];
} xml_diag;

#if LIBXML_VERSION >= 21200
static void on_xml_error(void *arg, const xmlError *e)
#else
static void on_xml_error(void *arg, xmlErrorPtr e)
#endif
{
    xml_diag *d = arg;
    if (!e || e->level < XML_ERR_ERROR)
        return;
    if (e->code == XML_ERR_NO_MEMORY)
        d->nomem = 1;
    if (d->seen)
        return;
    d->seen = 1;
    d->line = e->line;
    snprintf(d->msg, sizeof d->msg, "%s", e->message ? e->message : "error");
    size_t n = strlen(d->msg);
    while (n > 0 && (d->msg[n - 1] == '\n' || d->msg[n - 1] == ' '))
        d->msg[--n] = '\0';
}

/* Does s[0..n) contain the markup `pat`? */
static int contains(const char *s, size_t n, const char *pat)
{
    size_t k = strlen(pat);
    for (const char *p = s; (p = memchr(p, pat[0], n - (size_t)(p - s)));
         p++)
        if ((size_t)(s + n - p) >= k && memcmp(p, pat, k) == 0)
            return 1;
    return 0;
}

typedef int (*walker)(xmlTextReaderPtr r, void *ctx);

/* Parse a part with `fn`: READ_OK (walked to the end, or stopped by the
 * walker after setting a problem), READ_PROBLEM, READ_NOMEM. */
static int parse_part(const char *name, const char *data, size_t len,
                      walker fn, void *ctx, nl_extract *x)
{
    if (len == 0) {
        set_problem(x, "%s is empty", name);
        return READ_PROBLEM;
    }
    const unsigned char *u = (const unsigned char *)data;
    if (len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) ||
                     (u[0] == 0xFF && u[1] == 0xFE))) {
        set_problem(x, "%s is UTF-16: not supported", name);
        return READ_PROBLEM;
    }
    if (memchr(data, '\0', len)) {
        set_problem(x, "%s holds NUL bytes: not UTF-8 XML", name);
        return READ_PROBLEM;
    }
    if (contains(data, len, "<!DOCTYPE") || contains(data, len, "<!ENTITY")) {
        set_problem(x, "%s declares a DTD/entities: refused", name);
        return READ_PROBLEM;
    }
    if (len > (size_t)0x7fffffff) { /* xmlReaderForMemory takes an int */
        set_problem(x, "%s is too large", name);
        return READ_PROBLEM;
    }
    xmlTextReaderPtr r = xmlReaderForMemory(
        data, (int)len, name, "UTF-8",
        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
            XML_PARSE_IGNORE_ENC);
    if (!r)
        return READ_NOMEM;
    xml_diag d = {0};
    xmlTextReaderSetStructuredErrorHandler(r, on_xml_error, &d);
    int ret = fn(r, ctx);
    xmlFreeTextReader(r);
    switch (ret) {
    case NL_DOCX_END:
    case NL_DOCX_STOP:
        return READ_OK;
    case NL_DOCX_DTD:
        set_problem(x, "%s declares a DTD/entities: refused", name);
        return READ_PROBLEM;
    case NL_DOCX_BAD:
        if (d.nomem)
            return READ_NOMEM;
        if (d.seen)
            set_problem(x, "%s is not well-formed XML (line %d: %s)", name,
                        d.line, d.msg);
        else
            set_problem(x, "%s is not well-formed XML", name);
        return READ_PROBLEM;
    default:
        return READ_NOMEM;
    }
}

/* ---- document.xml ------------------------------------------------------ */

typedef struct docwalk {
    nl_docxnum *nb;
    nl_extract *x;
    tbuf out, para;
    size_t npara;
    int in_p;       /* depth of the open w:p, -1 outside paragraphs */
    int hidden;     /* the current run is hidden (w:vanish) */
    nl_docx_ppr ppr;
    unsigned char el[MAX_DEPTH]; /* nl_docx_el of the open element per depth */
} docwalk;

static int text_limit(docwalk *w, size_t add)
{
    if (w->out.len + w->para.len + add + 1 <= NL_EXTRACT_MAX_TEXT)
        return 0;
    set_problem(w->x, "the text of %s exceeds %u MiB: truncated", PART_DOCUMENT,
                NL_EXTRACT_MAX_TEXT >> 20);
    return NL_DOCX_STOP;
}

/* Text of the current paragraph (run content). */
static int para_add(docwalk *w, const char *s, size_t n)
{
    if (w->in_p < 0 || w->hidden)
        return 0;
    int rc = text_limit(w, n);
    if (rc)
        return rc;
    return tb_add(&w->para, s, n) ? NL_DOCX_NOMEM : 0;
}

static void para_begin(docwalk *w, int depth)
{
    w->in_p = depth;
    w->hidden = 0;
    w->para.len = 0;
    w->ppr.pstyle[0] = '\0';
    w->ppr.num_id = w->ppr.ilvl = -1;
}

/* Does the label end in the punctuation of a Chinese list label (、 ． .
 * ） ) ：:)?  Then the tab or space Word puts after it is layout, not
 * text: "1.\t针对" is written "1.针对" in the text version of a notice,
 * and columns must agree with it. */
static int ends_in_punct(const char *label, size_t n)
{
    static const char *const ends[] = {"、", "．", ".", "）", ")", "：", ":"};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        size_t k = strlen(ends[i]);
        if (n >= k && memcmp(label + n - k, ends[i], k) == 0)
            return 1;
    }
    return 0;
}

/* Emit the open paragraph as a line, its numbering label first. */
static int para_end(docwalk *w)
{
    char label[NL_DOCXNUM_LABEL], suff = '\0';
    size_t ln = nl_docxnum_label(w->nb, &w->ppr, label, sizeof label, &suff);
    w->in_p = -1;
    size_t need = 1 + ln + 1 + w->para.len;
    int rc = text_limit(w, need - w->para.len);
    if (rc)
        return rc;
    if (tb_reserve(&w->out, need))
        return NL_DOCX_NOMEM;
    /* Room is reserved: the appends below cannot fail. */
    if (w->npara++ > 0)
        w->out.p[w->out.len++] = '\n';
    tb_add(&w->out, label, ln);
    if (ln && suff && !ends_in_punct(label, ln))
        w->out.p[w->out.len++] = suff;
    if (w->para.len)
        memcpy(w->out.p + w->out.len, w->para.p, w->para.len);
    w->out.len += w->para.len;
    w->out.p[w->out.len] = '\0';
    w->para.len = 0;
    return 0;
}

static int walk_document(xmlTextReaderPtr r, void *ctx)
{
    docwalk *w = ctx;
    int skip = 0, rc = 0;
    for (;;) {
        int ret = nl_docx_next(r, skip);
        skip = 0;
        if (ret != 1) {
            if (w->in_p >= 0 && ret == NL_DOCX_BAD)
                para_end(w); /* keep what was read (the problem says why) */
            return ret;
        }
        int type = xmlTextReaderNodeType(r);
        int depth = xmlTextReaderDepth(r);
        if (depth < 0)
            continue;
        int parent = depth >= 1 && depth <= MAX_DEPTH ? w->el[depth - 1] : NL_W_OTHER;
        int grand = depth >= 2 && depth <= MAX_DEPTH + 1 ? w->el[depth - 2] : NL_W_OTHER;
        switch (type) {
        case XML_READER_TYPE_ELEMENT: {
            nl_docx_el el = nl_docx_element(r);
            if (depth < MAX_DEPTH)
                w->el[depth] = (unsigned char)el;
            int empty = xmlTextReaderIsEmptyElement(r) == 1;
            switch (el) {
            case NL_W_P:
                if (w->in_p < 0) {
                    para_begin(w, depth);
                    if (empty)
                        rc = para_end(w);
                }
                break;
            case NL_W_R:
                w->hidden = 0;
                break;
            case NL_W_VANISH:
                if (parent == NL_W_RPR && grand == NL_W_R)
                    w->hidden = nl_docx_attr_on(r);
                break;
            case NL_W_PSTYLE:
                if (w->in_p >= 0 && depth == w->in_p + 2 && parent == NL_W_PPR)
                    nl_docx_attr(r, "val", w->ppr.pstyle, sizeof w->ppr.pstyle);
                break;
            case NL_W_NUMID:
            case NL_W_ILVL:
                if (w->in_p >= 0 && depth == w->in_p + 3 &&
                    parent == NL_W_NUMPR && grand == NL_W_PPR) {
                    long v = nl_docx_attr_long(r, "val", 0, 999999999L, -1);
                    if (el == NL_W_NUMID)
                        w->ppr.num_id = v;
                    else
                        w->ppr.ilvl = v;
                }
                break;
            case NL_W_TAB:
            case NL_W_PTAB:
                if (parent == NL_W_R)
                    rc = para_add(w, "\t", 1);
                break;
            case NL_W_BR:
            case NL_W_CR:
                if (parent == NL_W_R)
                    rc = para_add(w, " ", 1);
                break;
            case NL_W_NOBREAKHYPHEN:
                if (parent == NL_W_R)
                    rc = para_add(w, "-", 1);
                break;
            case NL_W_DEL:
            case NL_W_MOVEFROM:
            case NL_W_DELTEXT:
            case NL_W_DELINSTRTEXT:
            case NL_W_INSTRTEXT:
            case NL_W_TXBXCONTENT:
            case NL_W_DRAWING:
            case NL_W_PICT:
            case NL_W_OBJECT:
            case NL_W_CHANGE:
            case NL_W_RT:
            case NL_MC_FALLBACK:
                skip = !empty;
                break;
            default:
                break;
            }
            break;
        }
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
            if (parent == NL_W_T) {
                const char *v = (const char *)xmlTextReaderConstValue(r);
                if (v)
                    rc = para_add(w, v, strlen(v));
            }
            break;
        case XML_READER_TYPE_END_ELEMENT:
            if (depth == w->in_p)
                rc = para_end(w);
            break;
        default:
            break;
        }
        if (rc)
            return rc;
    }
}

static int walk_numbering(xmlTextReaderPtr r, void *ctx)
{
    return nl_docxnum_load_numbering(ctx, r);
}

static int walk_styles(xmlTextReaderPtr r, void *ctx)
{
    return nl_docxnum_load_styles(ctx, r);
}

/* ---- the package ------------------------------------------------------- */

/* Read and parse an optional part with `fn`. */
static int optional_part(zip_t *za, const char *name, walker fn, void *ctx,
                         nl_extract *x)
{
    zip_int64_t idx = zip_name_locate(za, name, ZIP_FL_NOCASE);
    if (idx < 0)
        return READ_OK;
    char *data;
    size_t len;
    int rc = read_part(za, idx, name, &data, &len, x);
    if (rc == READ_OK)
        rc = parse_part(name, data, len, fn, ctx, x);
    free(data);
    return rc;
}

static int extract_package(const unsigned char *bytes, size_t n, docwalk *w)
{
    nl_extract *x = w->x;
    static const unsigned char cfb[8] = {0xD0, 0xCF, 0x11, 0xE0,
                                         0xA1, 0xB1, 0x1A, 0xE1};
    if (n == 0) {
        set_problem(x, "not a .docx file: the file is empty");
        return READ_PROBLEM;
    }
    if (n >= 8 && memcmp(bytes, cfb, 8) == 0) {
        set_problem(x, "not a .docx file: an OLE compound file (a legacy .doc, "
                       "or an encrypted/password-protected .docx)");
        return READ_PROBLEM;
    }
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(bytes, n, 0, &ze);
    if (!src) {
        zip_error_fini(&ze);
        return READ_NOMEM;
    }
    /* libzip converts each entry's DOS time with mktime(), which rewrites
     * glibc's time-zone state (tzset) under a lock ThreadSanitizer cannot
     * see; opening packages one at a time keeps that out of the race
     * detector's way and costs nothing measurable (the central directory
     * is small). */
    pthread_mutex_lock(&open_lock);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    pthread_mutex_unlock(&open_lock);
    if (!za) {
        zip_source_free(src);
        int code = zip_error_code_zip(&ze);
        if (code == ZIP_ER_MEMORY) {
            zip_error_fini(&ze);
            return READ_NOMEM;
        }
        set_problem(x, "not a .docx file: %s (libzip: %s)",
                    code == ZIP_ER_NOZIP ? "not a zip archive"
                                         : "unreadable zip archive",
                    zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return READ_PROBLEM;
    }
    zip_error_fini(&ze);
    int rc;
    zip_int64_t doc = zip_name_locate(za, PART_DOCUMENT, ZIP_FL_NOCASE);
    if (doc < 0) {
        set_problem(x, "not a .docx file: the package has no %s", PART_DOCUMENT);
        rc = READ_PROBLEM;
    } else if ((rc = optional_part(za, PART_NUMBERING, walk_numbering, w->nb,
                                   x)) == READ_OK &&
               (rc = optional_part(za, PART_STYLES, walk_styles, w->nb, x)) ==
                   READ_OK) {
        char *data;
        size_t len;
        rc = read_part(za, doc, PART_DOCUMENT, &data, &len, x);
        if (rc == READ_OK)
            rc = parse_part(PART_DOCUMENT, data, len, walk_document, w, x);
        free(data);
    }
    zip_discard(za);
    return rc;
}

nl_status nl_docx_extract(const unsigned char *bytes, size_t n,
                          nl_extract *out, nl_error *err)
{
    memset(out, 0, sizeof *out);
    nl_xml_init();
    docwalk *w = calloc(1, sizeof *w);
    int rc = READ_NOMEM;
    if (w && (w->nb = nl_docxnum_new())) {
        w->x = out;
        w->in_p = -1;
        rc = extract_package(bytes, n, w);
    }
    if (rc != READ_NOMEM && !w->out.p && tb_reserve(&w->out, 0))
        rc = READ_NOMEM;
    if (w) {
        nl_docxnum_free(w->nb);
        free(w->para.p);
    }
    if (rc == READ_NOMEM) {
        if (w)
            free(w->out.p);
        free(w);
        memset(out, 0, sizeof *out);
        return nl_error_set(err, NL_ERR_NOMEM, NULL, 0, 0,
                            "out of memory reading a .docx file");
    }
    w->out.p[w->out.len] = '\0';
    out->text = w->out.p;
    out->len = w->out.len;
    free(w);
    return NL_OK;
}
