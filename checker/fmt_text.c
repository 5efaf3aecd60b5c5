/*
 * fmt_text.c — the text format of `noticelint check` (see fmt.h and
 * docs/output.md), and the run summary shared by all formats.
 *
 * The excerpt under each finding is the line holding the span's start.  It
 * is measured in display columns, not code points, so that the underline
 * lands under the right characters in a terminal: CJK ideographs, kana,
 * Hangul, CJK punctuation and full-width forms are two columns wide,
 * combining marks zero, everything else one.  The width table is our own
 * (no wcwidth(), no locale).  Control characters — tabs included — are
 * printed as one space each, so a document cannot move the cursor or send
 * escape sequences to the terminal.  A line wider than MAX_COLS is cut to a
 * window around the span, with "…" at each cut end.  Two passes over the
 * line, no allocation.  Only the neighbourhood of the span is looked at
 * (SCAN_COLS columns, at most SCAN_CHARS characters, either side of its
 * start): the window never reaches further, and scanning whole lines made a
 * 10-million-character line with 1000 findings take minutes.
 */
#include "fmt.h"

#include "encoding.h"
#include "rules.h"

#define MAX_COLS 100     /* a line wider than this is windowed */
#define CONTEXT_COLS 10  /* left context shown before a span wider than the window */
#define SCAN_COLS (MAX_COLS + 2) /* enough to place any window (see excerpt()) */
#define SCAN_CHARS 1024  /* bound on characters scanned each side (zero-width runs) */

#define ANSI_RESET "\033[0m"
#define ANSI_DIM "\033[2m"
#define ANSI_RED "\033[1;31m"
#define ANSI_YELLOW "\033[1;33m"
#define ANSI_BLUE "\033[1;34m"
#define ANSI_GREEN "\033[1;32m"

void nl_summary_add(nl_summary *s, const nl_findings *f)
{
    s->files++;
    if (!f || f->n == 0)
        return;
    s->files_with_findings++;
    s->findings += f->n;
    for (size_t i = 0; i < f->n; i++)
        if (f->v[i].severity >= 0 && f->v[i].severity <= 2)
            s->by_severity[f->v[i].severity]++;
}

int nl_fmt_cp_width(unsigned long c)
{
    /* Zero width: combining marks, zero-width spaces and joiners, variation
     * selectors, the BOM. */
    if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
        (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x200B && c <= 0x200F) ||
        (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE00 && c <= 0xFE0F) ||
        (c >= 0xFE20 && c <= 0xFE2F) || c == 0x3099 || c == 0x309A ||
        c == 0xFEFF || (c >= 0xE0100 && c <= 0xE01EF))
        return 0;
    /* East Asian Wide and Fullwidth. */
    if ((c >= 0x1100 && c <= 0x115F) ||   /* Hangul Jamo initial consonants */
        (c >= 0x2E80 && c <= 0x303F) ||   /* CJK radicals … CJK symbols and punctuation */
        (c >= 0x3040 && c <= 0x30FF) ||   /* hiragana, katakana */
        (c >= 0x3100 && c <= 0x31FF) ||   /* bopomofo, Hangul compatibility jamo, kana ext. */
        (c >= 0x3200 && c <= 0x33FF) ||   /* enclosed CJK (㈠), CJK compatibility */
        (c >= 0x3400 && c <= 0x4DBF) ||   /* CJK extension A */
        (c >= 0x4E00 && c <= 0x9FFF) ||   /* CJK unified ideographs */
        (c >= 0xA960 && c <= 0xA97F) ||   /* Hangul Jamo extended-A */
        (c >= 0xAC00 && c <= 0xD7A3) ||   /* Hangul syllables */
        (c >= 0xF900 && c <= 0xFAFF) ||   /* CJK compatibility ideographs */
        (c >= 0xFE30 && c <= 0xFE4F) ||   /* CJK compatibility forms */
        (c >= 0xFF01 && c <= 0xFF60) ||   /* full-width forms */
        (c >= 0xFFE0 && c <= 0xFFE6) ||   /* full-width signs */
        (c >= 0x1F300 && c <= 0x1F64F) || /* pictographs, emoticons */
        (c >= 0x1F900 && c <= 0x1F9FF) || /* supplemental pictographs */
        (c >= 0x20000 && c <= 0x3FFFD))   /* CJK extensions B and later */
        return 2;
    return 1;
}

/* Decode the character at s (n bytes available): its length, and *cp.
 * Invalid bytes (not expected in decoded text) count as one U+FFFD each. */
static size_t next_cp(const unsigned char *s, size_t n, unsigned long *cp)
{
    int len = nl_utf8_seq_len(s, n);
    switch (len) {
    case 1: *cp = s[0]; return 1;
    case 2: *cp = (s[0] & 0x1Ful) << 6 | (s[1] & 0x3F); return 2;
    case 3:
        *cp = (s[0] & 0x0Ful) << 12 | (s[1] & 0x3Ful) << 6 | (s[2] & 0x3F);
        return 3;
    case 4:
        *cp = (s[0] & 0x07ul) << 18 | (s[1] & 0x3Ful) << 12 |
              (s[2] & 0x3Ful) << 6 | (s[3] & 0x3F);
        return 4;
    default: *cp = 0xFFFD; return 1;
    }
}

static int is_control(unsigned long c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

static const char *sev_color(int sev)
{
    switch (sev) {
    case NL_SEV_ERROR: return ANSI_RED;
    case NL_SEV_WARNING: return ANSI_YELLOW;
    default: return ANSI_BLUE;
    }
}

/* Print the excerpt and underline of one finding. */
static void excerpt(FILE *out, const nl_doc *doc, nl_span span, int color)
{
    const unsigned char *t = (const unsigned char *)doc->dec.text;
    size_t start = span.start > doc->dec.len ? doc->dec.len : span.start;
    size_t line = nl_doc_line_of(doc, start);
    size_t ls = doc->line_starts[line], le = doc->line_ends[line];
    if (start > le)
        start = le; /* inside the line terminator */
    size_t end = span.end < start ? start : span.end > le ? le : span.end;

    /* Look only at [lo, hi): back from the start until SCAN_COLS columns
     * (the window starts at most MAX_COLS - 2 columns before the span), and
     * forward until SCAN_COLS columns past it (the window ends at most that
     * far after).  Cut parts make the line "wide" and show as "…"; for any
     * line whose neighbourhood is not a flood of zero-width characters the
     * result is what scanning the whole line gives. */
    size_t lo = start, hi = start, cols = 0, chars = 0;
    while (lo > ls && cols < SCAN_COLS && chars++ < SCAN_CHARS) {
        size_t p = lo - 1;
        while (p > ls && (t[p] & 0xC0) == 0x80)
            p--;
        unsigned long cp;
        next_cp(t + p, le - p, &cp);
        cols += (size_t)nl_fmt_cp_width(cp);
        lo = p;
    }
    for (cols = chars = 0; hi < le && cols < SCAN_COLS && chars++ < SCAN_CHARS;) {
        unsigned long cp;
        hi += next_cp(t + hi, le - hi, &cp);
        cols += (size_t)nl_fmt_cp_width(cp);
    }
    int cut_before = lo > ls, cut_after = hi < le;
    if (end > hi)
        end = hi;
    ls = lo;
    le = hi;

    /* Pass 1: total width, display columns of the span's start and end. */
    size_t total = 0, a = 0, b = 0;
    for (size_t i = ls; i < le;) {
        unsigned long cp;
        size_t len = next_cp(t + i, le - i, &cp);
        if (i < start)
            a += (size_t)nl_fmt_cp_width(cp);
        if (i < end)
            b += (size_t)nl_fmt_cp_width(cp);
        total += (size_t)nl_fmt_cp_width(cp);
        i += len;
    }
    size_t uw = b > a ? b - a : 1; /* underline width, at least the caret */

    /* The window [ws, we) of display columns to show. */
    size_t ws = 0, we = total;
    if (total > MAX_COLS || cut_before || cut_after) {
        size_t room = MAX_COLS - 2; /* two columns for the "…" marks */
        if (uw <= room) {
            size_t left = (room - uw) / 2;
            ws = a > left ? a - left : 0;
        } else {
            ws = a > CONTEXT_COLS ? a - CONTEXT_COLS : 0;
        }
        we = ws + room;
        if (we > total) {
            we = total;
            ws = total > room ? total - room : 0;
        }
    }

    /* Pass 2: print the characters lying wholly inside the window. */
    fputs("  ", out);
    int lead = ws > 0 || cut_before, first = 1;
    size_t shown_start = 0, shown_end = 0, col = 0;
    if (lead)
        fputs("\xe2\x80\xa6", out);
    for (size_t i = ls; i < le;) {
        unsigned long cp;
        size_t len = next_cp(t + i, le - i, &cp);
        size_t w = (size_t)nl_fmt_cp_width(cp);
        if (col >= ws && col + w <= we && !(first && w == 0 && lead)) {
            if (first) {
                shown_start = col;
                first = 0;
            }
            shown_end = col + w;
            if (is_control(cp))
                fputc(' ', out);
            else
                fwrite(t + i, 1, len, out);
        }
        col += w;
        i += len;
    }
    if (first)
        shown_start = shown_end = ws;
    if (we < total || cut_after)
        fputs("\xe2\x80\xa6", out);
    fputc('\n', out);

    /* The underline, clipped to what is shown. */
    size_t from = a < shown_start ? shown_start : a;
    size_t to = a + uw > shown_end && shown_end > from ? shown_end : a + uw;
    if (to <= from)
        to = from + 1;
    size_t pad = from - shown_start + (size_t)lead;
    fprintf(out, "  %*s", (int)pad, "");
    if (color)
        fputs(ANSI_GREEN, out);
    fputc('^', out);
    for (size_t k = from + 1; k < to; k++)
        fputc('~', out);
    if (color)
        fputs(ANSI_RESET, out);
    fputc('\n', out);
}

void nl_fmt_text_findings(FILE *out, const nl_doc *doc, const nl_findings *f,
                          int color)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        const nl_finding *x = &f->v[i];
        nl_pos p = nl_doc_pos(doc, x->span.start);
        const char *sev = nl_severity_name(x->severity);
        const char *msg = x->message ? x->message : "";
        if (color)
            fprintf(out, "%s:%d:%d: %s%s" ANSI_RESET ": %s " ANSI_DIM "[%s]" ANSI_RESET "\n",
                    doc->path, p.line, p.column, sev_color(x->severity), sev,
                    msg, x->rule_id);
        else
            fprintf(out, "%s:%d:%d: %s: %s [%s]\n", doc->path, p.line,
                    p.column, sev, msg, x->rule_id);
        excerpt(out, doc, x->span, color);
        if (x->suggestion)
            fprintf(out, "  suggestion: %s\n", x->suggestion);
    }
}

/* "N thing(s)", colored when N > 0 and color is on. */
static void count(FILE *out, size_t n, const char *what, const char *ansi,
                  int color)
{
    int on = color && ansi && n > 0;
    fprintf(out, "%s%zu %s%s%s", on ? ansi : "", n, what, n == 1 ? "" : "s",
            on ? ANSI_RESET : "");
}

void nl_fmt_text_summary(FILE *out, const nl_summary *s, int color)
{
    if (s->findings == 0) {
        fprintf(out, "%sno findings%s in ", color ? ANSI_GREEN : "",
                color ? ANSI_RESET : "");
        count(out, s->files, "file", NULL, 0);
        fputc('\n', out);
        return;
    }
    count(out, s->by_severity[NL_SEV_ERROR], "error", ANSI_RED, color);
    fputs(", ", out);
    count(out, s->by_severity[NL_SEV_WARNING], "warning", ANSI_YELLOW, color);
    fputs(", ", out);
    count(out, s->by_severity[NL_SEV_INFO], "info", ANSI_BLUE, color);
    fputs(" in ", out);
    count(out, s->files, "file", NULL, 0);
    fprintf(out, " (%zu with findings)\n", s->files_with_findings);
}
