/*
 * encoding.c — detect UTF-8 / GB18030 and decode to UTF-8 with an offset map.
 *
 * One pass over the input (after an optional BOM) counts valid multi-byte
 * UTF-8 sequences and invalid bytes; that decides the path:
 *   - no invalid byte: the text is a copy, offsets differ by the BOM only;
 *   - a BOM, or many more good multi-byte sequences than bad bytes: the file
 *     is UTF-8 with damage, decoded lossily (one U+FFFD per invalid byte);
 *   - otherwise iconv converts the whole buffer from GB18030 in one call
 *     (strictly: any error means "not GB18030" and we fall back to lossy).
 * The GB18030 map is rebuilt afterwards by walking the GB18030 byte
 * structure and the UTF-8 output in step, one character = one code point;
 * if the two walks ever disagree we distrust the conversion and go lossy.
 * nl_decode_as() skips detection (a charset the document declares): UTF-8
 * takes the copy or lossy path; GB18030 converts piecewise, one U+FFFD per
 * byte iconv refuses, mapping each converted run by the same step walk.
 * Helpers return 1 (done), 0 (not applicable) or -1 (out of memory) and
 * only touch *out on success.
 */
#include "encoding.h"

#include "error.h"

#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int nl_utf8_seq_len(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 0;
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    int len;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the 2nd byte */
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates D800-DFFF */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90; /* overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else
        return 0; /* stray continuation, C0/C1 overlong lead, F5-FF */
    if (n < (size_t)len || s[1] < lo || s[1] > hi)
        return 0;
    for (int i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}

/* Count valid multi-byte sequences and invalid bytes in s[0..n). */
static void scan(const unsigned char *s, size_t n, size_t *multi,
                 size_t *invalid)
{
    *multi = *invalid = 0;
    for (size_t i = 0; i < n;) {
        int k = nl_utf8_seq_len(s + i, n - i);
        if (k == 0) {
            ++*invalid;
            i++;
        } else {
            *multi += k > 1;
            i += (size_t)k;
        }
    }
}

static void fill(unsigned *map, size_t at, size_t count, size_t orig)
{
    for (size_t i = 0; i < count; i++)
        map[at + i] = (unsigned)orig;
}

/* The invalid byte at original offset *i becomes U+FFFD at text offset *j
 * (room for 3 bytes); counts it and remembers the first one. */
static void replace_byte(char *text, unsigned *map, size_t *i, size_t *j,
                         size_t *bad, size_t *first, size_t *first_text)
{
    if ((*bad)++ == 0) {
        *first = *i;
        *first_text = *j;
    }
    memcpy(text + *j, "\xEF\xBF\xBD", 3);
    fill(map, *j, 3, *i);
    *j += 3;
    *i += 1;
}

/* Finish a conversion with a map (lossy UTF-8, GB18030): on success (rc 1)
 * hand buf (len bytes) and map to out as encoding `enc`; else free them.
 * Returns rc. */
static int hand_over(int rc, char *buf, unsigned *map, size_t len, size_t n,
                     nl_encoding enc, nl_decoded *out)
{
    if (rc != 1) {
        free(buf);
        free(map);
        return rc;
    }
    buf[len] = '\0';
    map[len] = (unsigned)n;
    out->text = buf;
    out->len = len;
    out->map = map;
    out->shift = 0;
    out->encoding = enc;
    return 1;
}

/* Valid UTF-8 from s[start..n): a plain copy, no map. */
static int copy_utf8(const unsigned char *s, size_t n, size_t start,
                     nl_decoded *out)
{
    size_t len = n - start;
    char *text = malloc(len + 1);
    if (!text)
        return -1;
    if (len)
        memcpy(text, s + start, len);
    text[len] = '\0';
    out->text = text;
    out->len = len;
    out->shift = start;
    out->encoding = start ? NL_ENC_UTF8_BOM : NL_ENC_UTF8;
    return 1;
}

/* UTF-8 from s[start..n) with U+FFFD for each of its `invalid` bad bytes. */
static int lossy(const unsigned char *s, size_t n, size_t start,
                 size_t invalid, nl_decoded *out)
{
    size_t len = n - start + 2 * invalid;
    char *text = malloc(len + 1);
    unsigned *map = malloc((len + 1) * sizeof *map);
    if (!text || !map) {
        free(text);
        free(map);
        return -1;
    }
    size_t i = start, j = 0, bad = 0, first = 0, first_text = 0;
    while (i < n) {
        int k = nl_utf8_seq_len(s + i, n - i);
        if (k == 0) {
            replace_byte(text, map, &i, &j, &bad, &first, &first_text);
        } else {
            memcpy(text + j, s + i, (size_t)k);
            fill(map, j, (size_t)k, i);
            j += (size_t)k;
            i += (size_t)k;
        }
    }
    hand_over(1, text, map, len, n, NL_ENC_UTF8_LOSSY, out);
    out->invalid_count = bad;
    out->first_invalid = first;
    out->first_invalid_text = first_text;
    return 1;
}

/* Length of the GB18030 character at s (rem > 0 bytes available). */
static size_t gb_len(const unsigned char *s, size_t rem)
{
    if (s[0] < 0x81 || s[0] > 0xFE || rem < 2)
        return 1;
    if (s[1] >= 0x30 && s[1] <= 0x39 && rem >= 4)
        return 4;
    if ((s[1] >= 0x40 && s[1] <= 0x7E) || (s[1] >= 0x80 && s[1] <= 0xFE))
        return 2;
    return 1;
}

/* Convert the whole buffer with iconv; 0 if it is not strict GB18030. */
static int from_gb18030(const unsigned char *s, size_t n, nl_decoded *out)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return 0;
    /* A 2-byte GB18030 code can map to a 4-byte UTF-8 one (FE51 is
     * U+20087), so 2n is enough; E2BIG is handled anyway. */
    size_t cap = 2 * n + 16;
    char *buf = malloc(cap + 1), *in = (char *)s, *o = buf;
    size_t inleft = n, outleft = cap;
    unsigned *map = NULL;
    int rc = buf ? 1 : -1;
    while (rc == 1 && inleft > 0) {
        if (iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1)
            break;
        if (errno != E2BIG) {
            rc = 0; /* EILSEQ or EINVAL (truncated at the end) */
            break;
        }
        size_t used = (size_t)(o - buf);
        char *nb = realloc(buf, 2 * cap + 1);
        if (!nb) {
            rc = -1;
            break;
        }
        buf = nb;
        o = buf + used;
        outleft += cap;
        cap *= 2;
    }
    iconv_close(cd);
    size_t len = rc == 1 ? (size_t)(o - buf) : 0;
    if (rc == 1 && !(map = malloc((len + 1) * sizeof *map)))
        rc = -1;
    size_t i = 0, j = 0;
    while (rc == 1 && i < n && j < len) {
        int u = nl_utf8_seq_len((const unsigned char *)buf + j, len - j);
        if (u == 0)
            break;
        fill(map, j, (size_t)u, i);
        j += (size_t)u;
        i += gb_len(s + i, n - i);
    }
    if (rc == 1 && (i != n || j != len))
        rc = 0; /* the walks disagree: do not trust the map */
    return hand_over(rc, buf, map, len, n, NL_ENC_GB18030, out);
}

/* Give buf and map (both cap + 1 entries) room for twice as much. */
static int grow_both(char **buf, unsigned **map, size_t *cap)
{
    size_t ncap = 2 * *cap + 16;
    char *nb = realloc(*buf, ncap + 1);
    if (!nb)
        return -1;
    *buf = nb;
    unsigned *nm = realloc(*map, (ncap + 1) * sizeof *nm);
    if (!nm)
        return -1;
    *map = nm;
    *cap = ncap;
    return 1;
}

/* Map the UTF-8 that iconv made of s[i0..i1) (buf[j0..j1)) back to s,
 * walking both in step; if the walks disagree the rest of the segment maps
 * to its last character. */
static void map_segment(const unsigned char *s, size_t i0, size_t i1,
                        const char *buf, size_t j0, size_t j1, unsigned *map)
{
    size_t i = i0, j = j0;
    while (j < j1 && i < i1) {
        int u = nl_utf8_seq_len((const unsigned char *)buf + j, j1 - j);
        if (u == 0)
            break;
        fill(map, j, (size_t)u, i);
        j += (size_t)u;
        i += gb_len(s + i, i1 - i);
    }
    if (j < j1)
        fill(map, j, j1 - j, i < i1 ? i : i1 - 1);
}

/* GB18030 through iconv, one U+FFFD for each byte it cannot convert; 0 if
 * this iconv has no GB18030. */
static int gb18030_lossy(const unsigned char *s, size_t n, nl_decoded *out)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return 0;
    size_t cap = 2 * n + 16, i = 0, j = 0, bad = 0, first = 0, first_text = 0;
    char *buf = malloc(cap + 1);
    unsigned *map = malloc((cap + 1) * sizeof *map);
    int rc = buf && map ? 1 : -1;
    while (rc == 1 && i < n) {
        char *in = (char *)s + i, *o = buf + j;
        size_t inleft = n - i, outleft = cap - j;
        size_t r = iconv(cd, &in, &inleft, &o, &outleft);
        int e = errno;
        size_t i2 = (size_t)((const unsigned char *)in - s);
        size_t j2 = (size_t)(o - buf);
        map_segment(s, i, i2, buf, j, j2, map);
        i = i2;
        j = j2;
        if (r != (size_t)-1)
            break;
        if (e == E2BIG || cap - j < 3) {
            rc = grow_both(&buf, &map, &cap);
            if (e == E2BIG)
                continue;
            if (rc != 1)
                break;
        }
        /* EILSEQ, or EINVAL (truncated at the end): skip one byte */
        replace_byte(buf, map, &i, &j, &bad, &first, &first_text);
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    iconv_close(cd);
    if ((rc = hand_over(rc, buf, map, j, n, NL_ENC_GB18030, out)) != 1)
        return rc;
    out->invalid_count = bad;
    out->first_invalid = bad ? first : 0;
    out->first_invalid_text = bad ? first_text : 0;
    return 1;
}

nl_status nl_decode_as(const unsigned char *bytes, size_t n, nl_encoding enc,
                       nl_decoded *out, nl_error *err)
{
    static const unsigned char empty[1];
    if (!out || (!bytes && n))
        return nl_error_set(err, NL_ERR_USAGE, NULL, 0, 0,
                            "nl_decode_as: NULL argument");
    memset(out, 0, sizeof *out);
    if (!bytes)
        bytes = empty;
    if (n > UINT_MAX)
        return nl_error_set(err, NL_ERR_INPUT, NULL, 0, 0,
                            "input of %zu bytes is too large (limit 4 GiB)",
                            n);
    if (n > (SIZE_MAX - 16) / 4 / sizeof(unsigned))
        return nl_error_set(err, NL_ERR_NOMEM, NULL, 0, 0,
                            "input of %zu bytes is too large", n);
    int rc = 0;
    if (enc == NL_ENC_GB18030)
        rc = gb18030_lossy(bytes, n, out);
    if (rc == 0) {
        size_t start = n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB &&
                               bytes[2] == 0xBF
                           ? 3
                           : 0;
        size_t multi, invalid;
        scan(bytes + start, n - start, &multi, &invalid);
        rc = invalid == 0 ? copy_utf8(bytes, n, start, out)
                          : lossy(bytes, n, start, invalid, out);
    }
    if (rc < 0) {
        nl_decoded_free(out);
        return nl_error_set(err, NL_ERR_NOMEM, NULL, 0, 0,
                            "out of memory decoding %zu bytes", n);
    }
    return NL_OK;
}

nl_status nl_decode(const unsigned char *bytes, size_t n, nl_decoded *out,
                    nl_error *err)
{
    static const unsigned char empty[1];
    if (!out || (!bytes && n))
        return nl_error_set(err, NL_ERR_USAGE, NULL, 0, 0,
                            "nl_decode: NULL argument");
    memset(out, 0, sizeof *out);
    if (!bytes)
        bytes = empty;
    if (n > UINT_MAX) /* map entries are unsigned */
        return nl_error_set(err, NL_ERR_INPUT, NULL, 0, 0,
                            "input of %zu bytes is too large (limit 4 GiB)",
                            n);
    if (n > (SIZE_MAX - 16) / 4 / sizeof(unsigned)) /* only on 32-bit */
        return nl_error_set(err, NL_ERR_NOMEM, NULL, 0, 0,
                            "input of %zu bytes is too large", n);
    size_t start = n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB &&
                           bytes[2] == 0xBF
                       ? 3
                       : 0;
    size_t multi, invalid;
    scan(bytes + start, n - start, &multi, &invalid);
    int rc;
    if (invalid == 0)
        rc = copy_utf8(bytes, n, start, out);
    else if (start || multi > 4 * invalid)
        rc = lossy(bytes, n, start, invalid, out);
    else if ((rc = from_gb18030(bytes, n, out)) == 0)
        rc = lossy(bytes, n, start, invalid, out);
    if (rc < 0) {
        nl_decoded_free(out);
        return nl_error_set(err, NL_ERR_NOMEM, NULL, 0, 0,
                            "out of memory decoding %zu bytes", n);
    }
    return NL_OK;
}

void nl_decoded_free(nl_decoded *d)
{
    if (!d)
        return;
    free(d->text);
    free(d->map);
    d->text = NULL;
    d->map = NULL;
    d->len = 0;
}

size_t nl_decoded_original(const nl_decoded *d, size_t text_offset)
{
    if (!d)
        return text_offset;
    if (text_offset > d->len)
        text_offset = d->len;
    return d->map ? d->map[text_offset] : text_offset + d->shift;
}

const char *nl_encoding_name(nl_encoding e)
{
    switch (e) {
    case NL_ENC_UTF8:
        return "utf-8";
    case NL_ENC_UTF8_BOM:
        return "utf-8-bom";
    case NL_ENC_GB18030:
        return "gb18030";
    case NL_ENC_UTF8_LOSSY:
        return "utf-8-lossy";
    }
    return "unknown";
}

size_t nl_utf8_encode(unsigned long cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}
