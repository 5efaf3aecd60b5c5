/*
 * docxnum.c — Word's list numbering for the .docx extractor (see
 * docxnum.h), plus the small WordprocessingML reader helpers docx.c uses.
 *
 * numbering.xml and styles.xml are read as streams into flat tables
 * (abstract definitions, their levels, lists, paragraph/numbering styles);
 * strings live in one pool addressed by offset (offset 0 is "").  Before
 * the first label the tables are sorted by id, so a lookup is a binary
 * search and the first definition of a duplicated id wins.
 *
 * What LibreOffice writes (checked with LibreOffice 7.4, `soffice
 * --convert-to docx` of the .fodt files in tests/data/docx): a list level
 * with style:num-format="一, 二, 三, ..." and num-suffix "、" becomes
 *   <w:numFmt w:val="taiwaneseCountingThousand"/> <w:suff w:val="nothing"/>
 *   <w:lvlText w:val="%1、"/>
 * and num-prefix "（" + suffix "）" on level 2 gives lvlText "（%2）"; the
 * suffix is w:suff "nothing" when the label is followed by nothing, absent
 * (= tab) for "listtab", "space" for a space.  "壹, 贰, 叁, ..." is
 * chineseLegalSimplified, "壹, 貳, 參, ..." ideographLegalTraditional,
 * "甲, 乙, 丙, ..." ideographTraditional, "子, 丑, 寅, ..." ideographZodiac,
 * "①, ②, ③, ..." decimalEnclosedCircle; formats Word has no name for
 * come out as decimal.  A list item restarted at 10 becomes a second w:num
 * over the same abstractNum with <w:startOverride w:val="10"/> used by that
 * item only; the next item goes back to the first w:num and must read 十一,
 * which is why counters belong to the abstractNum.  Outline (chapter)
 * numbering of headings is w:numPr (numId + ilvl) in the Heading N
 * paragraph styles.  Word itself writes chineseCounting /
 * chineseCountingThousand, and for formats outside the enumeration a
 * w:numFmt w:val="custom" w:format="001, 002, 003, ..." inside
 * mc:AlternateContent/mc:Choice with a plain fallback in mc:Fallback; we
 * understand zero-padded decimal customs and otherwise take the fallback.
 *
 * All the Chinese counting formats (chineseCounting[Thousand],
 * taiwaneseCounting[Thousand], japaneseCounting) render like nl_cnum_format:
 * 一 … 十 十一 … 一百零五.
 */
#include "docxnum.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnum.h"
#include "encoding.h"

/* ---- reader helpers ---------------------------------------------------- */

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define NS_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"

static const struct {
    const char *name;
    nl_docx_el id;
} w_elements[] = {
    {"abstractNum", NL_W_ABSTRACTNUM},
    {"abstractNumId", NL_W_ABSTRACTNUMID},
    {"basedOn", NL_W_BASEDON},
    {"br", NL_W_BR},
    {"cr", NL_W_CR},
    {"del", NL_W_DEL},
    {"delInstrText", NL_W_DELINSTRTEXT},
    {"delText", NL_W_DELTEXT},
    {"drawing", NL_W_DRAWING},
    {"ilvl", NL_W_ILVL},
    {"instrText", NL_W_INSTRTEXT},
    {"isLgl", NL_W_ISLGL},
    {"lvl", NL_W_LVL},
    {"lvlOverride", NL_W_LVLOVERRIDE},
    {"lvlRestart", NL_W_LVLRESTART},
    {"lvlText", NL_W_LVLTEXT},
    {"moveFrom", NL_W_MOVEFROM},
    {"noBreakHyphen", NL_W_NOBREAKHYPHEN},
    {"num", NL_W_NUM},
    {"numFmt", NL_W_NUMFMT},
    {"numId", NL_W_NUMID},
    {"numPr", NL_W_NUMPR},
    {"numStyleLink", NL_W_NUMSTYLELINK},
    {"numberingChange", NL_W_CHANGE},
    {"object", NL_W_OBJECT},
    {"p", NL_W_P},
    {"pPr", NL_W_PPR},
    {"pPrChange", NL_W_CHANGE},
    {"pStyle", NL_W_PSTYLE},
    {"pict", NL_W_PICT},
    {"ptab", NL_W_PTAB},
    {"r", NL_W_R},
    {"rPr", NL_W_RPR},
    {"rPrChange", NL_W_CHANGE},
    {"rt", NL_W_RT},
    {"sectPrChange", NL_W_CHANGE},
    {"start", NL_W_START},
    {"startOverride", NL_W_STARTOVERRIDE},
    {"style", NL_W_STYLE},
    {"suff", NL_W_SUFF},
    {"t", NL_W_T},
    {"tab", NL_W_TAB},
    {"tblGridChange", NL_W_CHANGE},
    {"tblPrChange", NL_W_CHANGE},
    {"tblPrExChange", NL_W_CHANGE},
    {"tcPrChange", NL_W_CHANGE},
    {"trPrChange", NL_W_CHANGE},
    {"txbxContent", NL_W_TXBXCONTENT},
    {"vanish", NL_W_VANISH},
};

static int is_w_ns(const char *ns)
{
    return ns && (strcmp(ns, NS_W) == 0 || strcmp(ns, NS_W_STRICT) == 0);
}

nl_docx_el nl_docx_element(xmlTextReaderPtr r)
{
    const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
    const char *name = (const char *)xmlTextReaderConstLocalName(r);
    if (!ns || !name)
        return NL_W_OTHER;
    if (is_w_ns(ns)) {
        for (size_t i = 0; i < sizeof w_elements / sizeof w_elements[0]; i++)
            if (w_elements[i].name[0] == name[0] &&
                strcmp(w_elements[i].name, name) == 0)
                return w_elements[i].id;
        return NL_W_OTHER;
    }
    if (strcmp(ns, NS_MC) == 0) {
        if (strcmp(name, "Choice") == 0)
            return NL_MC_CHOICE;
        if (strcmp(name, "Fallback") == 0)
            return NL_MC_FALLBACK;
    }
    return NL_W_OTHER;
}

/* Copy s into buf[size], cut on a UTF-8 character boundary. */
static size_t copy_utf8(char *buf, size_t size, const char *s)
{
    if (size == 0)
        return 0;
    size_t n = strlen(s);
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    return n;
}

int nl_docx_attr(xmlTextReaderPtr r, const char *local, char *buf,
                 size_t size)
{
    int found = 0;
    if (size > 0)
        buf[0] = '\0';
    if (xmlTextReaderMoveToFirstAttribute(r) != 1)
        return 0;
    do {
        const char *name = (const char *)xmlTextReaderConstLocalName(r);
        const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
        if (name && strcmp(name, local) == 0 && (!ns || is_w_ns(ns))) {
            const char *v = (const char *)xmlTextReaderConstValue(r);
            copy_utf8(buf, size, v ? v : "");
            found = 1;
            break;
        }
    } while (xmlTextReaderMoveToNextAttribute(r) == 1);
    xmlTextReaderMoveToElement(r);
    return found;
}

long nl_docx_attr_long(xmlTextReaderPtr r, const char *local, long lo,
                       long hi, long dflt)
{
    char v[32];
    if (!nl_docx_attr(r, local, v, sizeof v))
        return dflt;
    const char *s = v;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    int neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    if (*s < '0' || *s > '9')
        return dflt;
    long val = 0;
    for (; *s >= '0' && *s <= '9'; s++)
        if (val < 1000000000L)
            val = val * 10 + (*s - '0');
    if (neg)
        val = -val;
    return val < lo ? lo : val > hi ? hi : val;
}

int nl_docx_attr_on(xmlTextReaderPtr r)
{
    char v[16];
    if (!nl_docx_attr(r, "val", v, sizeof v))
        return 1;
    return !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 ||
             strcmp(v, "off") == 0);
}

int nl_docx_next(xmlTextReaderPtr r, int skip)
{
    int ret = skip ? xmlTextReaderNext(r) : xmlTextReaderRead(r);
    if (ret < 0)
        return NL_DOCX_BAD;
    if (ret == 0)
        return NL_DOCX_END;
    switch (xmlTextReaderNodeType(r)) {
    case XML_READER_TYPE_DOCUMENT_TYPE:
    case XML_READER_TYPE_ENTITY:
    case XML_READER_TYPE_ENTITY_REFERENCE:
        return NL_DOCX_DTD;
    default:
        return 1;
    }
}

/* ---- number formats ---------------------------------------------------- */

enum fmt {
    F_DECIMAL, F_ZERO, F_NONE, F_BULLET, F_PAREN, F_CIRCLE, F_FULLSTOP,
    F_FULLWIDTH, F_UPPER_LETTER, F_LOWER_LETTER, F_UPPER_ROMAN,
    F_LOWER_ROMAN, F_CN_COUNT, F_CN_DIGITAL, F_CN_LEGAL_S, F_CN_LEGAL_T,
    F_TIANGAN, F_DIZHI, F_IDEO_CIRCLE, F_UNKNOWN
};

static const struct {
    const char *name;
    enum fmt fmt;
} fmt_names[] = {
    {"decimal", F_DECIMAL},
    {"decimalZero", F_ZERO},
    {"none", F_NONE},
    {"bullet", F_BULLET},
    {"decimalEnclosedParen", F_PAREN},
    {"decimalEnclosedCircle", F_CIRCLE},
    {"decimalEnclosedCircleChinese", F_CIRCLE},
    {"decimalEnclosedFullstop", F_FULLSTOP},
    {"decimalFullWidth", F_FULLWIDTH},
    {"decimalFullWidth2", F_FULLWIDTH},
    {"decimalHalfWidth", F_DECIMAL},
    {"upperLetter", F_UPPER_LETTER},
    {"lowerLetter", F_LOWER_LETTER},
    {"upperRoman", F_UPPER_ROMAN},
    {"lowerRoman", F_LOWER_ROMAN},
    {"chineseCounting", F_CN_COUNT},
    {"chineseCountingThousand", F_CN_COUNT},
    {"taiwaneseCounting", F_CN_COUNT},
    {"taiwaneseCountingThousand", F_CN_COUNT},
    {"japaneseCounting", F_CN_COUNT},
    {"ideographDigital", F_CN_DIGITAL},
    {"taiwaneseDigital", F_CN_DIGITAL},
    {"chineseLegalSimplified", F_CN_LEGAL_S},
    {"ideographLegalTraditional", F_CN_LEGAL_T},
    {"ideographTraditional", F_TIANGAN},
    {"ideographZodiac", F_DIZHI},
    {"ideographEnclosedCircle", F_IDEO_CIRCLE},
};

static enum fmt fmt_lookup(const char *name)
{
    for (size_t i = 0; i < sizeof fmt_names / sizeof fmt_names[0]; i++)
        if (strcmp(fmt_names[i].name, name) == 0)
            return fmt_names[i].fmt;
    return F_UNKNOWN;
}

/* Word's w:format of a "custom" numFmt: we understand zero-padded decimal
 * ("01, 02, 03, ...", "001, 002, 003, ...") and plain "1, 2, 3, ...".
 * Returns the pad width (1 = plain decimal), 0 if not understood. */
static int custom_width(const char *f)
{
    size_t n = 0;
    while (f[n] == '0')
        n++;
    if (f[n] != '1' || (f[n + 1] != ',' && f[n + 1] != '\0') || n > 8)
        return 0;
    return (int)n + 1;
}

/* Replace each Chinese digit / unit of a nl_cnum_format numeral by its
 * financial ("legal") form. */
static size_t to_legal(const char *in, int traditional, char *out)
{
    static const char *const plain[] = {"一", "二", "三", "四", "五", "六",
                                        "七", "八", "九", "十", "百", "千"};
    static const char *const simp[] = {"壹", "贰", "叁", "肆", "伍", "陆",
                                       "柒", "捌", "玖", "拾", "佰", "仟"};
    static const char *const trad[] = {"壹", "貳", "參", "肆", "伍", "陸",
                                       "柒", "捌", "玖", "拾", "佰", "仟"};
    const char *const *to = traditional ? trad : simp;
    size_t len = 0;
    if (strncmp(in, "十", 3) == 0) { /* 10-19: 壹拾, 壹拾壹 */
        memcpy(out, to[0], 3);
        len = 3;
    }
    for (const char *s = in; *s; s += 3) {
        const char *piece = s;
        for (int i = 0; i < 12; i++)
            if (strncmp(s, plain[i], 3) == 0)
                piece = to[i];
        memcpy(out + len, piece, 3); /* every character is 3 bytes */
        len += 3;
    }
    out[len] = '\0';
    return len;
}

static size_t roman(long v, int upper, char *out)
{
    static const struct {
        int v;
        const char *s;
    } parts[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"},
                 {100, "c"},  {90, "xc"},  {50, "l"},  {40, "xl"},
                 {10, "x"},   {9, "ix"},   {5, "v"},   {4, "iv"},
                 {1, "i"}};
    size_t len = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        for (; v >= parts[i].v; v -= parts[i].v)
            for (const char *s = parts[i].s; *s; s++)
                out[len++] = upper ? (char)(*s - 'a' + 'A') : *s;
    out[len] = '\0';
    return len;
}

/* Format v into out (room for 96 bytes at least); returns the length,
 * out is not always NUL-terminated (format_value() is). */
static size_t format_raw(enum fmt f, int width, long v, char *out)
{
    static const char *const cn_digits[] = {"〇", "一", "二", "三", "四",
                                            "五", "六", "七", "八", "九"};
    static const char *const tiangan[] = {"甲", "乙", "丙", "丁", "戊",
                                          "己", "庚", "辛", "壬", "癸"};
    static const char *const dizhi[] = {"子", "丑", "寅", "卯", "辰", "巳",
                                        "午", "未", "申", "酉", "戌", "亥"};
    char tmp[96];
    size_t len = 0;
    out[0] = '\0';
    switch (f) {
    case F_NONE:
    case F_BULLET:
        return 0;
    case F_ZERO:
        return (size_t)snprintf(out, 96, "%0*ld", width < 2 ? 2 : width, v);
    case F_PAREN:
        if (v >= 1 && v <= 20)
            return nl_utf8_encode(0x2474 + (unsigned)v - 1, out);
        return (size_t)snprintf(out, 96, "(%ld)", v);
    case F_CIRCLE:
        if (v == 0)
            return nl_utf8_encode(0x24EA, out);
        if (v >= 1 && v <= 20)
            return nl_utf8_encode(0x2460 + (unsigned)v - 1, out);
        if (v >= 21 && v <= 35)
            return nl_utf8_encode(0x3251 + (unsigned)v - 21, out);
        if (v >= 36 && v <= 50)
            return nl_utf8_encode(0x32B1 + (unsigned)v - 36, out);
        break;
    case F_FULLSTOP:
        if (v >= 1 && v <= 20)
            return nl_utf8_encode(0x2488 + (unsigned)v - 1, out);
        return (size_t)snprintf(out, 96, "%ld.", v);
    case F_FULLWIDTH:
    case F_CN_DIGITAL: {
        int n = snprintf(tmp, sizeof tmp, "%ld", v);
        for (int i = 0; i < n; i++) {
            if (tmp[i] < '0' || tmp[i] > '9')
                out[len++] = tmp[i];
            else if (f == F_FULLWIDTH)
                len += nl_utf8_encode(0xFF10 + (unsigned)(tmp[i] - '0'), out + len);
            else {
                memcpy(out + len, cn_digits[tmp[i] - '0'], 3);
                len += 3;
            }
        }
        out[len] = '\0';
        return len;
    }
    case F_UPPER_LETTER:
    case F_LOWER_LETTER:
        if (v >= 1 && v <= 26 * 20) { /* A..Z, AA..ZZ, AAA.. as Word does */
            long reps = (v - 1) / 26 + 1;
            char c = (char)((f == F_UPPER_LETTER ? 'A' : 'a') + (v - 1) % 26);
            for (long i = 0; i < reps; i++)
                out[len++] = c;
            out[len] = '\0';
            return len;
        }
        break;
    case F_UPPER_ROMAN:
    case F_LOWER_ROMAN:
        if (v >= 1 && v <= 3999)
            return roman(v, f == F_UPPER_ROMAN, out);
        break;
    case F_CN_COUNT:
    case F_CN_LEGAL_S:
    case F_CN_LEGAL_T:
        if (v == 0) {
            memcpy(out, f == F_CN_COUNT ? "〇" : "零", 4);
            return 3;
        }
        if (nl_cnum_format(v, tmp, sizeof tmp) == 0)
            break;
        if (f == F_CN_COUNT) {
            memcpy(out, tmp, strlen(tmp) + 1);
            return strlen(out);
        }
        return to_legal(tmp, f == F_CN_LEGAL_T, out);
    case F_TIANGAN:
        if (v >= 1 && v <= 10) {
            memcpy(out, tiangan[v - 1], 4);
            return 3;
        }
        break;
    case F_DIZHI:
        if (v >= 1 && v <= 12) {
            memcpy(out, dizhi[v - 1], 4);
            return 3;
        }
        break;
    case F_IDEO_CIRCLE:
        if (v >= 1 && v <= 10)
            return nl_utf8_encode(0x3280 + (unsigned)v - 1, out);
        break;
    case F_DECIMAL:
    case F_UNKNOWN:
        break;
    }
    return (size_t)snprintf(out, 96, "%ld", v);
}

static size_t format_value(enum fmt f, int width, long v, char *out)
{
    size_t n = format_raw(f, width, v, out);
    out[n] = '\0';
    return n;
}

size_t nl_docxnum_format(const char *numfmt, long v, char *buf, size_t size)
{
    char tmp[96];
    enum fmt f = fmt_lookup(numfmt ? numfmt : "");
    size_t n = format_value(f, 2, v, tmp);
    if (size == 0)
        return 0;
    return n < size ? copy_utf8(buf, size, tmp) : copy_utf8(buf, 1, "");
}

/* ---- tables ------------------------------------------------------------ */

#define NLVL 9
#define MAX_VALUE 999999999L /* counters and start values are clamped */
#define STR_MAX 256          /* strings kept, with the NUL */

typedef struct lvl {
    long start;
    int restart;             /* w:lvlRestart: -1 = not given */
    unsigned char fmt, width, is_lgl, fmt_choice;
    char suff;               /* '\t', ' ' or '\0' */
    size_t text, pstyle;     /* pool offsets */
} lvl;

typedef struct abstract_num {
    long id;
    size_t order;            /* position in the file: first one wins */
    int lvl[NLVL];           /* index into nb->lvls, -1 = undefined */
    size_t link;             /* w:numStyleLink (pool), 0 = none */
    long cur[NLVL];          /* counters */
    unsigned char valid[NLVL];
} abstract_num;

typedef struct num {
    long id, abstract_id;
    size_t order;
    struct {
        int lvl;             /* w:lvlOverride/w:lvl, -1 = none */
        long start;
        unsigned char has_start;
    } ovr[NLVL];
    unsigned char started;
} num;

enum { STYLE_PARAGRAPH = 1, STYLE_NUMBERING = 2 };

typedef struct style {
    size_t id, based_on;     /* pool */
    size_t order;
    long num_id, ilvl;       /* -1 = not given */
    unsigned char type;
} style;

struct nl_docxnum {
    char *pool;
    size_t pool_len, pool_cap;
    lvl *lvls;
    size_t nlvls, lvls_cap;
    abstract_num *abs;
    size_t nabs, abs_cap;
    num *nums;
    size_t nnums, nums_cap;
    style *styles;
    size_t nstyles, styles_cap;
    size_t default_style;    /* pool offset of the default paragraph style */
    int sorted;
};

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    if (n > SIZE_MAX / elem)
        return -1;
    void *q = realloc(*p, n * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

nl_docxnum *nl_docxnum_new(void)
{
    nl_docxnum *nb = calloc(1, sizeof *nb);
    if (!nb)
        return NULL;
    nb->pool = malloc(256);
    if (!nb->pool) {
        free(nb);
        return NULL;
    }
    nb->pool[0] = '\0';
    nb->pool_len = 1;
    nb->pool_cap = 256;
    return nb;
}

void nl_docxnum_free(nl_docxnum *nb)
{
    if (!nb)
        return;
    free(nb->pool);
    free(nb->lvls);
    free(nb->abs);
    free(nb->nums);
    free(nb->styles);
    free(nb);
}

/* Store s in the pool; returns its offset (0 for ""), or (size_t)-1. */
static size_t pool_add(nl_docxnum *nb, const char *s)
{
    size_t n = strlen(s);
    if (n == 0)
        return 0;
    if (grow((void **)&nb->pool, &nb->pool_cap, nb->pool_len + n + 1, 1))
        return (size_t)-1;
    size_t at = nb->pool_len;
    memcpy(nb->pool + at, s, n + 1);
    nb->pool_len += n + 1;
    return at;
}

/* Store attribute w:`local` of the current element in the pool: 1 stored
 * (*off set, 0 if absent or empty), NL_DOCX_NOMEM. */
static int pool_attr(nl_docxnum *nb, xmlTextReaderPtr r, const char *local,
                     size_t *off)
{
    char v[STR_MAX];
    nl_docx_attr(r, local, v, sizeof v);
    size_t at = pool_add(nb, v);
    if (at == (size_t)-1)
        return NL_DOCX_NOMEM;
    *off = at;
    return 1;
}

static int new_lvl(nl_docxnum *nb)
{
    if (nb->nlvls >= (size_t)NL_DOCXNUM_MAX_ITEMS * NLVL)
        return -1;
    if (grow((void **)&nb->lvls, &nb->lvls_cap, nb->nlvls + 1, sizeof(lvl)))
        return NL_DOCX_NOMEM;
    lvl *l = &nb->lvls[nb->nlvls];
    memset(l, 0, sizeof *l);
    l->start = 0;            /* ECMA-376 17.9.26: w:start omitted = 0 */
    l->restart = -1;
    l->fmt = F_DECIMAL;
    l->width = 1;
    l->suff = '\t';
    return (int)nb->nlvls++;
}

/* ---- numbering.xml ----------------------------------------------------- */

/* A w:numFmt: `in_choice` when inside mc:Choice, where only formats we
 * fully understand are taken (the mc:Fallback then is skipped). */
static void read_numfmt(lvl *l, xmlTextReaderPtr r, int in_choice)
{
    char v[64], f[64];
    if (l->fmt_choice && !in_choice)
        return;
    nl_docx_attr(r, "val", v, sizeof v);
    enum fmt fm = fmt_lookup(v);
    int width = 1;
    if (strcmp(v, "custom") == 0) {
        nl_docx_attr(r, "format", f, sizeof f);
        width = custom_width(f);
        if (width == 0)
            return;
        fm = width > 1 ? F_ZERO : F_DECIMAL;
    } else if (fm == F_UNKNOWN && in_choice)
        return;
    l->fmt = (unsigned char)(fm == F_UNKNOWN ? F_DECIMAL : fm);
    l->width = (unsigned char)(fm == F_ZERO && width < 2 ? 2 : width);
    if (in_choice)
        l->fmt_choice = 1;
}

int nl_docxnum_load_numbering(nl_docxnum *nb, xmlTextReaderPtr r)
{
    int d_abs = -1, d_num = -1, d_lvl = -1, d_ovr = -1, d_choice = -1;
    int cur_lvl = -1, ovr_ilvl = 0;
    int skip = 0;
    nb->sorted = 0;
    for (;;) {
        int ret = nl_docx_next(r, skip);
        skip = 0;
        if (ret != 1)
            return ret;
        int type = xmlTextReaderNodeType(r);
        int depth = xmlTextReaderDepth(r);
        if (type == XML_READER_TYPE_ELEMENT) {
            nl_docx_el el = nl_docx_element(r);
            int empty = xmlTextReaderIsEmptyElement(r) == 1;
            int in_abs = d_abs >= 0, in_num = d_num >= 0;
            lvl *l = cur_lvl >= 0 ? &nb->lvls[cur_lvl] : NULL;
            switch (el) {
            case NL_W_ABSTRACTNUM: {
                if (in_abs || in_num || nb->nabs >= NL_DOCXNUM_MAX_ITEMS) {
                    skip = 1;
                    break;
                }
                if (grow((void **)&nb->abs, &nb->abs_cap, nb->nabs + 1,
                         sizeof(abstract_num)))
                    return NL_DOCX_NOMEM;
                abstract_num *a = &nb->abs[nb->nabs];
                memset(a, 0, sizeof *a);
                a->id = nl_docx_attr_long(r, "abstractNumId", -1, MAX_VALUE,
                                          -1);
                a->order = nb->nabs++;
                for (int i = 0; i < NLVL; i++)
                    a->lvl[i] = -1;
                d_abs = depth;
                break;
            }
            case NL_W_NUM: {
                if (in_abs || in_num || nb->nnums >= NL_DOCXNUM_MAX_ITEMS) {
                    skip = 1;
                    break;
                }
                if (grow((void **)&nb->nums, &nb->nums_cap, nb->nnums + 1,
                         sizeof(num)))
                    return NL_DOCX_NOMEM;
                num *n = &nb->nums[nb->nnums];
                memset(n, 0, sizeof *n);
                n->id = nl_docx_attr_long(r, "numId", -1, MAX_VALUE, -1);
                n->abstract_id = -1;
                n->order = nb->nnums++;
                for (int i = 0; i < NLVL; i++)
                    n->ovr[i].lvl = -1;
                d_num = depth;
                break;
            }
            case NL_W_ABSTRACTNUMID:
                if (in_num && d_ovr < 0)
                    nb->nums[nb->nnums - 1].abstract_id = nl_docx_attr_long(
                        r, "val", -1, MAX_VALUE, -1);
                break;
            case NL_W_NUMSTYLELINK:
                if (in_abs && d_lvl < 0) {
                    size_t off;
                    if (pool_attr(nb, r, "val", &off) != 1)
                        return NL_DOCX_NOMEM;
                    nb->abs[nb->nabs - 1].link = off;
                }
                break;
            case NL_W_LVLOVERRIDE:
                if (!in_num || d_ovr >= 0) {
                    skip = 1;
                    break;
                }
                ovr_ilvl = (int)nl_docx_attr_long(r, "ilvl", -1, NLVL, -1);
                if (ovr_ilvl < 0 || ovr_ilvl >= NLVL) {
                    skip = 1;
                    break;
                }
                d_ovr = depth;
                break;
            case NL_W_STARTOVERRIDE:
                if (d_ovr >= 0 && d_lvl < 0) {
                    num *n2 = &nb->nums[nb->nnums - 1];
                    n2->ovr[ovr_ilvl].start =
                        nl_docx_attr_long(r, "val", 0, MAX_VALUE, 0);
                    n2->ovr[ovr_ilvl].has_start = 1;
                }
                break;
            case NL_W_LVL: {
                int ilvl = (int)nl_docx_attr_long(r, "ilvl", -1, NLVL, -1);
                if (d_lvl >= 0 || !(in_abs || d_ovr >= 0) ||
                    (d_ovr < 0 && (ilvl < 0 || ilvl >= NLVL))) {
                    skip = 1;
                    break;
                }
                int idx = new_lvl(nb);
                if (idx == NL_DOCX_NOMEM)
                    return NL_DOCX_NOMEM;
                if (idx < 0) {
                    skip = 1;
                    break;
                }
                if (d_ovr >= 0)
                    nb->nums[nb->nnums - 1].ovr[ovr_ilvl].lvl = idx;
                else
                    nb->abs[nb->nabs - 1].lvl[ilvl] = idx;
                cur_lvl = idx;
                d_lvl = depth;
                break;
            }
            case NL_W_START:
                if (l)
                    l->start = nl_docx_attr_long(r, "val", 0, MAX_VALUE, 0);
                break;
            case NL_W_NUMFMT:
                if (l)
                    read_numfmt(l, r, d_choice >= 0);
                break;
            case NL_W_LVLRESTART:
                if (l)
                    l->restart = (int)nl_docx_attr_long(r, "val", 0, NLVL, -1);
                break;
            case NL_W_ISLGL:
                if (l)
                    l->is_lgl = (unsigned char)nl_docx_attr_on(r);
                break;
            case NL_W_SUFF:
                if (l) {
                    char v[16];
                    nl_docx_attr(r, "val", v, sizeof v);
                    l->suff = strcmp(v, "space") == 0     ? ' '
                              : strcmp(v, "nothing") == 0 ? '\0'
                                                          : '\t';
                }
                break;
            case NL_W_LVLTEXT:
            case NL_W_PSTYLE:
                if (l) {
                    size_t off;
                    if (pool_attr(nb, r, "val", &off) != 1)
                        return NL_DOCX_NOMEM;
                    if (el == NL_W_LVLTEXT)
                        l->text = off;
                    else
                        l->pstyle = off;
                }
                break;
            case NL_MC_CHOICE:
                if (d_choice < 0)
                    d_choice = depth;
                break;
            case NL_MC_FALLBACK:
                /* The format came from mc:Choice: the fallback is older. */
                if (l && l->fmt_choice)
                    skip = 1;
                break;
            case NL_W_PPR:
            case NL_W_RPR:
            case NL_W_CHANGE:
                if (l || el == NL_W_CHANGE)
                    skip = 1;
                break;
            default:
                break;
            }
            if (!empty || skip)
                continue;
            /* An empty element closes at once: fall through. */
        } else if (type != XML_READER_TYPE_END_ELEMENT)
            continue;
        if (depth == d_lvl)
            d_lvl = cur_lvl = -1;
        else if (depth == d_ovr)
            d_ovr = -1;
        else if (depth == d_abs)
            d_abs = -1;
        else if (depth == d_num)
            d_num = -1;
        else if (depth == d_choice)
            d_choice = -1;
    }
}

/* ---- styles.xml -------------------------------------------------------- */

int nl_docxnum_load_styles(nl_docxnum *nb, xmlTextReaderPtr r)
{
    int d_style = -1, d_ppr = -1, d_numpr = -1;
    int skip = 0;
    style *s = NULL;
    nb->sorted = 0;
    for (;;) {
        int ret = nl_docx_next(r, skip);
        skip = 0;
        if (ret != 1)
            return ret;
        int type = xmlTextReaderNodeType(r);
        int depth = xmlTextReaderDepth(r);
        if (type == XML_READER_TYPE_ELEMENT) {
            nl_docx_el el = nl_docx_element(r);
            int empty = xmlTextReaderIsEmptyElement(r) == 1;
            switch (el) {
            case NL_W_STYLE: {
                char t[32];
                nl_docx_attr(r, "type", t, sizeof t);
                unsigned char kind = strcmp(t, "paragraph") == 0 ? STYLE_PARAGRAPH
                                     : strcmp(t, "numbering") == 0 ? STYLE_NUMBERING
                                                                   : 0;
                if (d_style >= 0 || !kind || nb->nstyles >= NL_DOCXNUM_MAX_ITEMS) {
                    skip = 1;
                    break;
                }
                if (grow((void **)&nb->styles, &nb->styles_cap,
                         nb->nstyles + 1, sizeof(style)))
                    return NL_DOCX_NOMEM;
                s = &nb->styles[nb->nstyles];
                memset(s, 0, sizeof *s);
                s->type = kind;
                s->num_id = s->ilvl = -1;
                s->order = nb->nstyles++;
                if (pool_attr(nb, r, "styleId", &s->id) != 1)
                    return NL_DOCX_NOMEM;
                char def[8];
                if (kind == STYLE_PARAGRAPH && !nb->default_style &&
                    nl_docx_attr(r, "default", def, sizeof def) &&
                    (strcmp(def, "1") == 0 || strcmp(def, "true") == 0 ||
                     strcmp(def, "on") == 0))
                    nb->default_style = s->id;
                d_style = depth;
                break;
            }
            case NL_W_BASEDON:
                if (s && depth == d_style + 1 &&
                    pool_attr(nb, r, "val", &s->based_on) != 1)
                    return NL_DOCX_NOMEM;
                break;
            case NL_W_PPR:
                if (s && depth == d_style + 1)
                    d_ppr = depth;
                break;
            case NL_W_NUMPR:
                if (d_ppr >= 0 && depth == d_ppr + 1)
                    d_numpr = depth;
                break;
            case NL_W_NUMID:
                if (d_numpr >= 0 && depth == d_numpr + 1)
                    s->num_id = nl_docx_attr_long(r, "val", 0, MAX_VALUE, -1);
                break;
            case NL_W_ILVL:
                if (d_numpr >= 0 && depth == d_numpr + 1)
                    s->ilvl = nl_docx_attr_long(r, "val", 0, NLVL - 1, -1);
                break;
            case NL_W_CHANGE:
            case NL_MC_FALLBACK:
                skip = 1;
                break;
            default:
                break;
            }
            if (!empty || skip)
                continue;
        } else if (type != XML_READER_TYPE_END_ELEMENT)
            continue;
        if (depth == d_numpr)
            d_numpr = -1;
        else if (depth == d_ppr)
            d_ppr = -1;
        else if (depth == d_style) {
            d_style = -1;
            s = NULL;
        }
    }
}

/* ---- lookups ----------------------------------------------------------- */

static int cmp_abs(const void *a, const void *b)
{
    const abstract_num *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int cmp_num(const void *a, const void *b)
{
    const num *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* qsort has no context argument: the pool travels in a thread-local. */
static _Thread_local const char *sort_pool;

static int cmp_style(const void *a, const void *b)
{
    const style *x = a, *y = b;
    if (x->type != y->type)
        return x->type < y->type ? -1 : 1;
    int c = strcmp(sort_pool + x->id, sort_pool + y->id);
    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

static void prepare(nl_docxnum *nb)
{
    if (nb->sorted)
        return;
    if (nb->nabs > 1)
        qsort(nb->abs, nb->nabs, sizeof *nb->abs, cmp_abs);
    if (nb->nnums > 1)
        qsort(nb->nums, nb->nnums, sizeof *nb->nums, cmp_num);
    if (nb->nstyles > 1) {
        sort_pool = nb->pool;
        qsort(nb->styles, nb->nstyles, sizeof *nb->styles, cmp_style);
        sort_pool = NULL;
    }
    nb->sorted = 1;
}

static abstract_num *find_abs(nl_docxnum *nb, long id)
{
    size_t lo = 0, hi = nb->nabs;
    while (lo < hi) { /* first element with id >= `id` */
        size_t mid = lo + (hi - lo) / 2;
        if (nb->abs[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < nb->nabs && nb->abs[lo].id == id ? &nb->abs[lo] : NULL;
}

static num *find_num(nl_docxnum *nb, long id)
{
    size_t lo = 0, hi = nb->nnums;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (nb->nums[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < nb->nnums && nb->nums[lo].id == id ? &nb->nums[lo] : NULL;
}

static style *find_style(nl_docxnum *nb, unsigned char type, const char *id)
{
    size_t lo = 0, hi = nb->nstyles;
    if (!id || !*id)
        return NULL;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const style *s = &nb->styles[mid];
        int c = s->type != type ? (s->type < type ? -1 : 1)
                                : strcmp(nb->pool + s->id, id);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < nb->nstyles && nb->styles[lo].type == type &&
        strcmp(nb->pool + nb->styles[lo].id, id) == 0)
        return &nb->styles[lo];
    return NULL;
}

/* The abstract definition of list n, following w:numStyleLink (a list
 * defined by a numbering style) a few hops. */
static abstract_num *resolve_abs(nl_docxnum *nb, const num *n)
{
    abstract_num *a = find_abs(nb, n->abstract_id);
    for (int hops = 0; a && a->link && hops < 4; hops++) {
        const style *s = find_style(nb, STYLE_NUMBERING, nb->pool + a->link);
        const num *n2 = s && s->num_id > 0 ? find_num(nb, s->num_id) : NULL;
        abstract_num *a2 = n2 ? find_abs(nb, n2->abstract_id) : NULL;
        if (!a2 || a2 == a)
            break;
        a = a2;
    }
    return a;
}

static const lvl *level(const nl_docxnum *nb, const num *n,
                        const abstract_num *a, int k)
{
    int idx = n->ovr[k].lvl >= 0 ? n->ovr[k].lvl : a->lvl[k];
    return idx >= 0 ? &nb->lvls[idx] : NULL;
}

static long start_of(const nl_docxnum *nb, const num *n,
                     const abstract_num *a, int k)
{
    if (n->ovr[k].has_start)
        return n->ovr[k].start;
    const lvl *l = level(nb, n, a, k);
    return l ? l->start : 0;
}

/* Numbering a paragraph style gives (through w:basedOn): *num_id, *ilvl
 * (-1 when not given) and the style that holds the numId. */
static void style_numpr(nl_docxnum *nb, const char *sid, long *num_id,
                        long *ilvl, const char **holder)
{
    const style *s = find_style(nb, STYLE_PARAGRAPH, sid);
    *num_id = *ilvl = -1;
    *holder = NULL;
    for (int hops = 0; s && hops < 32; hops++) {
        if (*num_id < 0 && s->num_id >= 0) {
            *num_id = s->num_id;
            *holder = nb->pool + s->id;
        }
        if (*ilvl < 0 && s->ilvl >= 0)
            *ilvl = s->ilvl;
        if ((*num_id >= 0 && *ilvl >= 0) || !s->based_on)
            break;
        s = find_style(nb, STYLE_PARAGRAPH, nb->pool + s->based_on);
    }
}

/* Append s[0..n) to buf if it fits whole; 0 when it does not. */
static int put(char *buf, size_t size, size_t *len, const char *s, size_t n)
{
    if (*len + n >= size)
        return 0;
    memcpy(buf + *len, s, n);
    *len += n;
    buf[*len] = '\0';
    return 1;
}

size_t nl_docxnum_label(nl_docxnum *nb, const nl_docx_ppr *p, char *buf,
                        size_t size, char *suff)
{
    if (size > 0)
        buf[0] = '\0';
    *suff = '\0';
    if (size == 0)
        return 0;
    prepare(nb);
    const char *sid = p->pstyle[0] ? p->pstyle
                      : nb->default_style ? nb->pool + nb->default_style
                                          : NULL;
    long s_num = -1, s_ilvl = -1;
    const char *holder = NULL;
    if (sid)
        style_numpr(nb, sid, &s_num, &s_ilvl, &holder);
    long num_id = p->num_id >= 0 ? p->num_id : s_num;
    if (num_id <= 0) /* numId 0: numbering explicitly removed */
        return 0;
    num *n = find_num(nb, num_id);
    abstract_num *a = n ? resolve_abs(nb, n) : NULL;
    if (!a)
        return 0;
    long il = p->ilvl >= 0 ? p->ilvl : s_ilvl;
    if (il < 0 && p->num_id < 0 && holder) {
        /* A level linked to the style (w:lvl/w:pStyle) says which. */
        for (int k = 0; k < NLVL && il < 0; k++) {
            const lvl *l = level(nb, n, a, k);
            if (l && l->pstyle && strcmp(nb->pool + l->pstyle, holder) == 0)
                il = k;
        }
    }
    int L = il < 0 ? 0 : il >= NLVL ? NLVL - 1 : (int)il;
    if (!n->started) { /* a list's first paragraph applies its overrides */
        n->started = 1;
        for (int k = 0; k < NLVL; k++)
            if (n->ovr[k].has_start)
                a->valid[k] = 0;
    }
    const lvl *def = level(nb, n, a, L);
    if (!def)
        return 0;
    if (!a->valid[L]) {
        a->cur[L] = start_of(nb, n, a, L);
        a->valid[L] = 1;
    } else if (a->cur[L] < MAX_VALUE)
        a->cur[L]++;
    for (int k = L + 1; k < NLVL; k++) {
        const lvl *d = level(nb, n, a, k);
        int rs = d ? d->restart : -1;
        if (rs < 0 || (rs > 0 && L < rs))
            a->valid[k] = 0;
    }
    size_t len = 0;
    for (const char *t = nb->pool + def->text; *t;) {
        char piece[96];
        size_t pn;
        if (t[0] == '%' && t[1] >= '1' && t[1] <= '9') {
            int k = t[1] - '1';
            const lvl *kl = level(nb, n, a, k);
            long v = a->valid[k] ? a->cur[k] : start_of(nb, n, a, k);
            enum fmt f = def->is_lgl || !kl ? F_DECIMAL : (enum fmt)kl->fmt;
            pn = format_value(f, kl ? kl->width : 1, v, piece);
            t += 2;
        } else { /* one whole character (the pool holds valid UTF-8) */
            unsigned char c = (unsigned char)*t;
            pn = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            for (size_t i = 0; i < pn; i++)
                if (!(piece[i] = t[i])) /* never read past the NUL */
                    pn = i;
            t += pn ? pn : 1;
        }
        if (!put(buf, size, &len, piece, pn))
            break;
    }
    if (len > 0)
        *suff = def->suff;
    return len;
}
