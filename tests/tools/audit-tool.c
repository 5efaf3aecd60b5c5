/*
 * audit-tool.c — small readers used by the audit tests, so that they need
 * no Python, no LibreOffice and no image library on a fresh Debian:
 *
 *   audit-tool csv-cells FILE.csv
 *       the cells of a CSV file (a UTF-8 BOM skipped, RFC 4180 quoting, CRLF
 *       or LF), one record per line, cells separated by a tab;
 *   audit-tool xlsx-cells SHEET.xml [SHAREDSTRINGS.xml]
 *       the cells of a worksheet's XML (unzip -p book.xlsx
 *       xl/worksheets/sheet1.xml) in the same form: inline strings, shared
 *       strings and numbers, placed by their A1 references;
 *   audit-tool png-stats FILE.png
 *       decodes an 8-bit, non-interlaced PNG (zlib) and prints its size, the
 *       number of distinct colours and the share of pixels that differ from
 *       the most common one; exit 0 when the image is not blank (at least 8
 *       colours and 1% of pixels off the background), 1 when it is.
 *
 * In cell output a tab, CR, LF or backslash inside a cell is written as
 * \t, \r, \n, \\; empty cells at the end of a record are dropped, so the two
 * readers' outputs can be compared with diff.  Exit 2 on a read error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return NULL;
    }
    size_t cap = 1 << 16, n = 0, r;
    char *buf = malloc(cap + 1);
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *nb = realloc(buf, (cap *= 2) + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

/* ---- cell output ---- */

typedef struct record {
    char **cells;
    size_t n, cap;
} record;

static void rec_set(record *r, size_t col, char *value)
{
    if (col >= r->cap) {
        size_t cap = col + 16;
        r->cells = realloc(r->cells, cap * sizeof *r->cells);
        for (size_t i = r->cap; i < cap; i++)
            r->cells[i] = NULL;
        r->cap = cap;
    }
    free(r->cells[col]);
    r->cells[col] = value;
    if (col + 1 > r->n)
        r->n = col + 1;
}

static void rec_print(record *r)
{
    size_t n = r->n;
    while (n > 0 && (!r->cells[n - 1] || !*r->cells[n - 1]))
        n--;
    for (size_t i = 0; i < n; i++) {
        if (i)
            putchar('\t');
        for (const char *p = r->cells[i] ? r->cells[i] : ""; *p; p++) {
            switch (*p) {
            case '\t': fputs("\\t", stdout); break;
            case '\r': fputs("\\r", stdout); break;
            case '\n': fputs("\\n", stdout); break;
            case '\\': fputs("\\\\", stdout); break;
            default: putchar(*p);
            }
        }
    }
    putchar('\n');
    for (size_t i = 0; i < r->cap; i++) {
        free(r->cells[i]);
        r->cells[i] = NULL;
    }
    r->n = 0;
}

/* ---- CSV ---- */

static int csv_cells(const char *path)
{
    size_t len;
    char *s = slurp(path, &len);
    if (!s)
        return 2;
    size_t i = len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    record rec = {0};
    char *field = malloc(len + 1);
    size_t col = 0;
    while (i < len) {
        size_t k = 0;
        if (s[i] == '"') {
            i++;
            while (i < len) {
                if (s[i] == '"' && i + 1 < len && s[i + 1] == '"') {
                    field[k++] = '"';
                    i += 2;
                } else if (s[i] == '"') {
                    i++;
                    break;
                } else {
                    field[k++] = s[i++];
                }
            }
        }
        while (i < len && s[i] != ',' && s[i] != '\r' && s[i] != '\n')
            field[k++] = s[i++];
        field[k] = '\0';
        rec_set(&rec, col++, strdup(field));
        if (i < len && s[i] == ',') {
            i++;
            continue;
        }
        if (i < len && s[i] == '\r')
            i++;
        if (i < len && s[i] == '\n')
            i++;
        rec_print(&rec);
        col = 0;
    }
    free(field);
    free(rec.cells);
    free(s);
    return 0;
}

/* ---- XLSX sheet XML ---- */

/* Append the unescaped XML text s[0..n) to out (which has room). */
static size_t xml_text(char *out, const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] != '&') {
            out[k++] = s[i++];
            continue;
        }
        const char *semi = memchr(s + i, ';', n - i);
        if (!semi) {
            out[k++] = s[i++];
            continue;
        }
        size_t el = (size_t)(semi - (s + i)) + 1;
        unsigned long cp = 0;
        if (strncmp(s + i, "&amp;", 5) == 0) cp = '&';
        else if (strncmp(s + i, "&lt;", 4) == 0) cp = '<';
        else if (strncmp(s + i, "&gt;", 4) == 0) cp = '>';
        else if (strncmp(s + i, "&quot;", 6) == 0) cp = '"';
        else if (strncmp(s + i, "&apos;", 6) == 0) cp = '\'';
        else if (s[i + 1] == '#')
            cp = s[i + 2] == 'x' ? strtoul(s + i + 3, NULL, 16) : strtoul(s + i + 2, NULL, 10);
        if (cp < 0x80) {
            out[k++] = (char)cp;
        } else if (cp < 0x800) {
            out[k++] = (char)(0xC0 | cp >> 6);
            out[k++] = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out[k++] = (char)(0xE0 | cp >> 12);
            out[k++] = (char)(0x80 | (cp >> 6 & 0x3F));
            out[k++] = (char)(0x80 | (cp & 0x3F));
        } else {
            out[k++] = (char)(0xF0 | cp >> 18);
            out[k++] = (char)(0x80 | (cp >> 12 & 0x3F));
            out[k++] = (char)(0x80 | (cp >> 6 & 0x3F));
            out[k++] = (char)(0x80 | (cp & 0x3F));
        }
        i += el;
    }
    return k;
}

/* The concatenated text of every <t …>…</t> in s[0..n). */
static char *all_t(const char *s, size_t n)
{
    char *out = malloc(n * 4 + 1);
    size_t k = 0;
    const char *end = s + n;
    for (const char *p = s; p < end;) {
        const char *t = strstr(p, "<t");
        if (!t || t >= end)
            break;
        if (t[2] != '>' && t[2] != ' ') {
            p = t + 2;
            continue;
        }
        const char *gt = strchr(t, '>'), *close = gt ? strstr(gt, "</t>") : NULL;
        if (!gt || !close || close > end)
            break;
        k += xml_text(out + k, gt + 1, (size_t)(close - gt - 1));
        p = close + 4;
    }
    out[k] = '\0';
    return out;
}

static const char *attr(const char *tag, const char *tag_end, const char *name,
                        size_t *len)
{
    size_t nl = strlen(name);
    for (const char *p = tag; p < tag_end; p++)
        if (p[-1] == ' ' && strncmp(p, name, nl) == 0 && p[nl] == '=' && p[nl + 1] == '"') {
            const char *v = p + nl + 2, *q = strchr(v, '"');
            *len = (size_t)(q - v);
            return v;
        }
    return NULL;
}

static int xlsx_cells(const char *sheet, const char *shared)
{
    size_t len, slen = 0;
    char *s = slurp(sheet, &len), *ss = shared ? slurp(shared, &slen) : NULL;
    if (!s || (shared && !ss))
        return 2;
    char **strings = NULL;
    size_t nstrings = 0;
    for (const char *p = ss; p && (p = strstr(p, "<si>"));) {
        const char *e = strstr(p, "</si>");
        if (!e)
            break;
        strings = realloc(strings, (nstrings + 1) * sizeof *strings);
        strings[nstrings++] = all_t(p, (size_t)(e - p));
        p = e + 5;
    }
    record rec = {0};
    long want_row = 1;
    for (const char *p = s; (p = strstr(p, "<row"));) {
        const char *row_end = strstr(p, "</row>"), *tag_end = strchr(p, '>');
        if (!tag_end)
            break;
        size_t rl;
        const char *rn = attr(p + 1, tag_end, "r", &rl);
        long rowno = rn ? strtol(rn, NULL, 10) : want_row;
        for (; want_row < rowno; want_row++)
            putchar('\n');
        if (tag_end[-1] == '/' || !row_end) { /* <row …/> */
            p = tag_end + 1;
            continue;
        }
        for (const char *c = tag_end; (c = strstr(c, "<c ")) && c < row_end;) {
            const char *ce = strchr(c, '>');
            size_t al, tl = 0;
            const char *ref = attr(c + 1, ce, "r", &al), *t = attr(c + 1, ce, "t", &tl);
            size_t col = 0;
            for (size_t i = 0; ref && i < al && ref[i] >= 'A' && ref[i] <= 'Z'; i++)
                col = col * 26 + (size_t)(ref[i] - 'A' + 1);
            col = col ? col - 1 : rec.n;
            if (ce[-1] == '/') { /* <c …/>: a styled empty cell */
                c = ce + 1;
                continue;
            }
            const char *cend = strstr(ce, "</c>");
            char *value;
            if (t && tl == 9 && strncmp(t, "inlineStr", 9) == 0) {
                value = all_t(ce, (size_t)(cend - ce));
            } else {
                const char *v = strstr(ce, "<v>");
                const char *ve = v ? strstr(v, "</v>") : NULL;
                value = calloc(1, ve ? (size_t)(ve - v) * 4 + 1 : 1);
                if (v && ve && v < cend)
                    xml_text(value, v + 3, (size_t)(ve - v - 3));
                if (t && tl == 1 && *t == 's') {
                    size_t idx = strtoul(value, NULL, 10);
                    free(value);
                    value = strdup(idx < nstrings ? strings[idx] : "");
                }
            }
            rec_set(&rec, col, value);
            c = cend + 4;
        }
        rec_print(&rec);
        want_row = rowno + 1;
        p = row_end + 6;
    }
    for (size_t i = 0; i < nstrings; i++)
        free(strings[i]);
    free(strings);
    free(rec.cells);
    free(s);
    free(ss);
    return 0;
}

/* ---- PNG ---- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int paeth(int a, int b, int c)
{
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

static int png_stats(const char *path)
{
    size_t len;
    unsigned char *s = (unsigned char *)slurp(path, &len);
    if (!s || len < 33 || memcmp(s, "\x89PNG\r\n\x1a\n", 8) != 0) {
        fprintf(stderr, "%s: not a PNG file\n", path);
        return 2;
    }
    uint32_t w = 0, h = 0;
    int depth = 0, ctype = 0, interlace = 0;
    unsigned char *idat = NULL;
    size_t nidat = 0;
    for (size_t i = 8; i + 12 <= len;) {
        uint32_t n = be32(s + i);
        const unsigned char *type = s + i + 4, *data = s + i + 8;
        if (i + 12 + n > len)
            break;
        if (memcmp(type, "IHDR", 4) == 0) {
            w = be32(data);
            h = be32(data + 4);
            depth = data[8];
            ctype = data[9];
            interlace = data[12];
        } else if (memcmp(type, "IDAT", 4) == 0) {
            idat = realloc(idat, nidat + n);
            memcpy(idat + nidat, data, n);
            nidat += n;
        }
        i += 12 + n;
    }
    int channels = ctype == 0 ? 1 : ctype == 2 ? 3 : ctype == 3 ? 1 : ctype == 4 ? 2 : 4;
    if (depth != 8 || interlace || !w || !h || !idat) {
        fprintf(stderr, "%s: unsupported PNG (depth %d, colour type %d, interlace %d)\n",
                path, depth, ctype, interlace);
        return 2;
    }
    size_t stride = (size_t)w * (size_t)channels;
    uLongf rawlen = (uLongf)((stride + 1) * h);
    unsigned char *raw = malloc(rawlen);
    if (uncompress(raw, &rawlen, idat, (uLong)nidat) != Z_OK ||
        rawlen != (stride + 1) * h) {
        fprintf(stderr, "%s: bad image data\n", path);
        return 2;
    }
    unsigned char *prev = calloc(stride, 1), *cur = malloc(stride);
    /* Colours hashed into a table; the most common one is the background. */
    enum { SLOTS = 1 << 16 };
    uint32_t *keys = calloc(SLOTS, sizeof *keys);
    size_t *counts = calloc(SLOTS, sizeof *counts), distinct = 0;
    for (uint32_t y = 0; y < h; y++) {
        const unsigned char *line = raw + y * (stride + 1);
        int f = line[0];
        for (size_t x = 0; x < stride; x++) {
            int a = x >= (size_t)channels ? cur[x - (size_t)channels] : 0;
            int b = prev[x], c = x >= (size_t)channels ? prev[x - (size_t)channels] : 0;
            int v = line[1 + x];
            switch (f) {
            case 1: v += a; break;
            case 2: v += b; break;
            case 3: v += (a + b) / 2; break;
            case 4: v += paeth(a, b, c); break;
            default: break;
            }
            cur[x] = (unsigned char)v;
        }
        for (uint32_t x = 0; x < w; x++) {
            const unsigned char *px = cur + (size_t)x * (size_t)channels;
            uint32_t key = 1; /* 0 marks a free slot */
            for (int k = 0; k < channels && k < 3; k++)
                key = key * 257 + px[k] + 1;
            size_t slot = (key * 2654435761u) & (SLOTS - 1);
            while (keys[slot] && keys[slot] != key)
                slot = (slot + 1) & (SLOTS - 1);
            if (!keys[slot]) {
                if (distinct >= SLOTS / 2)
                    continue; /* enough colours: stop counting new ones */
                keys[slot] = key;
                distinct++;
            }
            counts[slot]++;
        }
        memcpy(prev, cur, stride);
    }
    size_t top = 0, total = (size_t)w * h;
    for (size_t i = 0; i < SLOTS; i++)
        if (counts[i] > top)
            top = counts[i];
    double off = 100.0 * (double)(total - top) / (double)total;
    printf("%ux%u colors=%zu non_background=%.2f%%\n", w, h, distinct, off);
    free(keys);
    free(counts);
    free(prev);
    free(cur);
    free(raw);
    free(idat);
    free(s);
    return distinct >= 8 && off >= 1.0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "csv-cells") == 0)
        return csv_cells(argv[2]);
    if (argc >= 3 && strcmp(argv[1], "xlsx-cells") == 0)
        return xlsx_cells(argv[2], argc > 3 ? argv[3] : NULL);
    if (argc >= 3 && strcmp(argv[1], "png-stats") == 0)
        return png_stats(argv[2]);
    fputs("usage: audit-tool csv-cells FILE | xlsx-cells SHEET.xml [SHARED.xml] | "
          "png-stats FILE\n", stderr);
    return 2;
}
