/*
 * test_encoding.c — unit tests for encoding.c.
 *
 * Each detection path (UTF-8, UTF-8 after a BOM, GB18030, lossy) is checked
 * on small byte literals with exact texts and offset maps; every class of
 * invalid UTF-8 is embedded in mostly-UTF-8 text to check the lossy counts
 * and first positions.  The GB18030 byte literals were produced with
 * `iconv -f UTF-8 -t GB18030` (glibc).  A last test converts the real
 * notices to GB18030 with iconv and checks that decoding gives back the
 * UTF-8 text with every character mapped to its GB18030 offset.
 */
#include "encoding.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 22 Chinese characters, 66 bytes: enough valid multi-byte sequences to
 * outvote a few invalid bytes (> 4 per bad byte). */
#define LONG_ZH "关于开展巡察工作的通知关于开展巡察工作的通知"

static void decode(const char *bytes, size_t n, nl_decoded *d)
{
    nl_error err = {0};
    cr_assert_eq(nl_decode((const unsigned char *)bytes, n, d, &err), NL_OK,
                 "%s", err.text);
    cr_assert_not_null(d->text);
    cr_assert_eq(d->text[d->len], '\0');
}

static int seq(const char *s, size_t n)
{
    return nl_utf8_seq_len((const unsigned char *)s, n);
}

Test(encoding, ascii)
{
    nl_decoded d;
    decode("Hello\n", 6, &d);
    cr_assert_eq(d.encoding, NL_ENC_UTF8);
    cr_assert_eq(d.len, 6);
    cr_assert_str_eq(d.text, "Hello\n");
    cr_assert_null(d.map);
    cr_assert_eq(d.shift, 0);
    cr_assert_eq(d.invalid_count, 0);
    cr_assert_eq(nl_decoded_original(&d, 3), 3);
    cr_assert_eq(nl_decoded_original(&d, 6), 6);
    cr_assert_eq(nl_decoded_original(&d, 99), 6, "clamped to len");
    nl_decoded_free(&d);
}

Test(encoding, chinese_utf8)
{
    const char *s = "关于开展巡察工作的通知";
    nl_decoded d;
    decode(s, strlen(s), &d);
    cr_assert_eq(d.encoding, NL_ENC_UTF8);
    cr_assert_eq(d.len, 33);
    cr_assert_str_eq(d.text, s);
    cr_assert_null(d.map);
    cr_assert_eq(nl_decoded_original(&d, 12), 12);
    nl_decoded_free(&d);
}

Test(encoding, bom_dropped_offsets_shifted)
{
    nl_decoded d;
    decode("\xEF\xBB\xBF通知\n", 10, &d);
    cr_assert_eq(d.encoding, NL_ENC_UTF8_BOM);
    cr_assert_str_eq(d.text, "通知\n");
    cr_assert_eq(d.len, 7);
    cr_assert_null(d.map);
    cr_assert_eq(d.shift, 3);
    cr_assert_eq(nl_decoded_original(&d, 0), 3);
    cr_assert_eq(nl_decoded_original(&d, 3), 6);
    cr_assert_eq(nl_decoded_original(&d, 7), 10);
    nl_decoded_free(&d);
}

Test(encoding, bom_only)
{
    nl_decoded d;
    decode("\xEF\xBB\xBF", 3, &d);
    cr_assert_eq(d.encoding, NL_ENC_UTF8_BOM);
    cr_assert_eq(d.len, 0);
    cr_assert_eq(nl_decoded_original(&d, 0), 3);
    nl_decoded_free(&d);
}

Test(encoding, line_endings_kept)
{
    nl_decoded d;
    decode("a\r\nb\rc\n", 7, &d);
    cr_assert_eq(d.len, 7);
    cr_assert_arr_eq(d.text, "a\r\nb\rc\n", 7);
    nl_decoded_free(&d);

    /* GB18030 "巡察\r\n察\r" */
    decode("\xD1\xB2\xB2\xEC\r\n\xB2\xEC\r", 9, &d);
    cr_assert_eq(d.encoding, NL_ENC_GB18030);
    cr_assert_str_eq(d.text, "巡察\r\n察\r");
    cr_assert_eq(nl_decoded_original(&d, 6), 4, "CR");
    cr_assert_eq(nl_decoded_original(&d, 7), 5, "LF");
    cr_assert_eq(nl_decoded_original(&d, 8), 6, "second 察");
    cr_assert_eq(nl_decoded_original(&d, 11), 8, "last CR");
    cr_assert_eq(nl_decoded_original(&d, 12), 9);
    nl_decoded_free(&d);
}

Test(encoding, nul_passes_through)
{
    nl_decoded d;
    decode("a\0b", 3, &d);
    cr_assert_eq(d.encoding, NL_ENC_UTF8);
    cr_assert_eq(d.len, 3);
    cr_assert_arr_eq(d.text, "a\0b", 3);
    nl_decoded_free(&d);
}

Test(encoding, empty)
{
    nl_decoded d;
    decode("", 0, &d);
    cr_assert_eq(d.encoding, NL_ENC_UTF8);
    cr_assert_eq(d.len, 0);
    cr_assert_str_eq(d.text, "");
    cr_assert_eq(nl_decoded_original(&d, 0), 0);
    nl_decoded_free(&d);

    nl_error err = {0};
    cr_assert_eq(nl_decode(NULL, 0, &d, &err), NL_OK);
    cr_assert_str_eq(d.text, "");
    nl_decoded_free(&d);
}

Test(encoding, gb18030_two_byte)
{
    nl_decoded d;
    decode("\xD1\xB2\xB2\xEC", 4, &d); /* 巡察 */
    cr_assert_eq(d.encoding, NL_ENC_GB18030);
    cr_assert_str_eq(d.text, "巡察");
    cr_assert_eq(d.len, 6);
    cr_assert_not_null(d.map);
    for (size_t i = 0; i < 3; i++) {
        cr_assert_eq(nl_decoded_original(&d, i), 0, "byte %zu", i);
        cr_assert_eq(nl_decoded_original(&d, i + 3), 2, "byte %zu", i + 3);
    }
    cr_assert_eq(d.map[6], 4);
    cr_assert_eq(nl_decoded_original(&d, 6), 4);
    nl_decoded_free(&d);
}

Test(encoding, gb18030_mixed_ascii)
{
    nl_decoded d;
    decode("A\xD1\xB2-\xB2\xEC!", 7, &d); /* A巡-察! */
    cr_assert_eq(d.encoding, NL_ENC_GB18030);
    cr_assert_str_eq(d.text, "A巡-察!");
    const unsigned want[] = {0, 1, 1, 1, 3, 4, 4, 4, 6, 7};
    cr_assert_eq(d.len + 1, sizeof want / sizeof want[0]);
    for (size_t i = 0; i <= d.len; i++)
        cr_assert_eq(d.map[i], want[i], "map[%zu] = %u", i, d.map[i]);
    nl_decoded_free(&d);
}

Test(encoding, gb18030_four_byte)
{
    /* 巡 U+20000 ¥ 察: U+20000 = 95 32 82 36, U+00A5 = 81 30 84 36 */
    const char in[] = "\xD1\xB2\x95\x32\x82\x36\x81\x30\x84\x36\xB2\xEC";
    nl_decoded d;
    decode(in, sizeof in - 1, &d);
    cr_assert_eq(d.encoding, NL_ENC_GB18030);
    cr_assert_str_eq(d.text, "巡\xF0\xA0\x80\x80\xC2\xA5察");
    const unsigned want[] = {0, 0, 0, 2, 2, 2, 2, 6, 6, 10, 10, 10, 12};
    cr_assert_eq(d.len + 1, sizeof want / sizeof want[0]);
    for (size_t i = 0; i <= d.len; i++)
        cr_assert_eq(d.map[i], want[i], "map[%zu] = %u", i, d.map[i]);
    nl_decoded_free(&d);
}

Test(encoding, gb18030_two_bytes_to_supplementary)
{
    /* glibc maps FE51 to U+20087 (4 UTF-8 bytes from 2 GB18030 bytes);
     * other iconvs may use a private-use code point (3 bytes).  Either way
     * the map must stay in step. */
    nl_decoded d;
    decode("\xD1\xB2\xFE\x51\xB2\xEC", 6, &d);
    cr_assert_eq(d.encoding, NL_ENC_GB18030);
    cr_assert(d.len == 10 || d.len == 9, "len %zu", d.len);
    cr_assert_eq(nl_decoded_original(&d, 3), 2);
    cr_assert_eq(nl_decoded_original(&d, d.len - 3), 4, "察");
    cr_assert_str_eq(d.text + d.len - 3, "察");
    cr_assert_eq(nl_decoded_original(&d, d.len), 6);
    nl_decoded_free(&d);
}

/* "通知" + bad + LONG_ZH must decode lossily with nbad U+FFFD at offset 6. */
static void check_lossy(const char *bad, size_t badlen, size_t nbad)
{
    char in[128];
    size_t n = 0;
    memcpy(in, "通知", 6);
    n += 6;
    memcpy(in + n, bad, badlen);
    n += badlen;
    memcpy(in + n, LONG_ZH, 66);
    n += 66;

    nl_decoded d;
    decode(in, n, &d);
    cr_assert_eq(d.encoding, NL_ENC_UTF8_LOSSY);
    cr_assert_eq(d.invalid_count, nbad);
    cr_assert_eq(d.first_invalid, 6);
    cr_assert_eq(d.first_invalid_text, 6);
    cr_assert_eq(d.len, 6 + 3 * nbad + 66);
    for (size_t k = 0; k < nbad; k++) {
        cr_assert_arr_eq(d.text + 6 + 3 * k, "\xEF\xBF\xBD", 3);
        cr_assert_eq(nl_decoded_original(&d, 6 + 3 * k), 6 + k);
        cr_assert_eq(nl_decoded_original(&d, 6 + 3 * k + 2), 6 + k);
    }
    cr_assert_str_eq(d.text + 6 + 3 * nbad, LONG_ZH);
    cr_assert_eq(nl_decoded_original(&d, 6 + 3 * nbad), 6 + badlen);
    cr_assert_eq(nl_decoded_original(&d, 6 + 3 * nbad + 4), 6 + badlen + 3);
    cr_assert_eq(nl_decoded_original(&d, d.len), n);
    cr_assert_eq(nl_decoded_original(&d, 2), 0, "inside 通");
    nl_decoded_free(&d);
}

Test(encoding, lossy_overlong) { check_lossy("\xC0\xAF", 2, 2); }
Test(encoding, lossy_overlong_3byte) { check_lossy("\xE0\x80\xAF", 3, 3); }
Test(encoding, lossy_surrogate) { check_lossy("\xED\xA0\x80", 3, 3); }
Test(encoding, lossy_stray_continuation) { check_lossy("\x80", 1, 1); }
Test(encoding, lossy_f5_lead) { check_lossy("\xF5", 1, 1); }
Test(encoding, lossy_above_max) { check_lossy("\xF4\x90\x80\x80", 4, 4); }

Test(encoding, lossy_truncated_at_end)
{
    const char in[] = LONG_ZH "\xE5\x9B";
    nl_decoded d;
    decode(in, sizeof in - 1, &d);
    cr_assert_eq(d.encoding, NL_ENC_UTF8_LOSSY);
    cr_assert_eq(d.invalid_count, 2);
    cr_assert_eq(d.first_invalid, 66);
    cr_assert_eq(d.first_invalid_text, 66);
    cr_assert_eq(d.len, 72);
    cr_assert_str_eq(d.text, LONG_ZH "\xEF\xBF\xBD\xEF\xBF\xBD");
    cr_assert_eq(nl_decoded_original(&d, 69), 67);
    cr_assert_eq(d.map[72], 68);
    nl_decoded_free(&d);
}

Test(encoding, lossy_after_bom)
{
    nl_decoded d;
    decode("\xEF\xBB\xBF" "ab\xFF" "c", 7, &d);
    cr_assert_eq(d.encoding, NL_ENC_UTF8_LOSSY, "a BOM means UTF-8");
    cr_assert_str_eq(d.text, "ab\xEF\xBF\xBD" "c");
    cr_assert_eq(d.invalid_count, 1);
    cr_assert_eq(d.first_invalid, 5);
    cr_assert_eq(d.first_invalid_text, 2);
    cr_assert_not_null(d.map);
    cr_assert_eq(nl_decoded_original(&d, 0), 3);
    cr_assert_eq(nl_decoded_original(&d, 2), 5);
    cr_assert_eq(nl_decoded_original(&d, 5), 6);
    cr_assert_eq(nl_decoded_original(&d, 6), 7);
    nl_decoded_free(&d);
}

Test(encoding, lossy_when_not_gb18030)
{
    nl_decoded d;
    /* no multi-byte UTF-8, and 0xFF is not GB18030 either */
    decode("abc\xFF" "def", 7, &d);
    cr_assert_eq(d.encoding, NL_ENC_UTF8_LOSSY);
    cr_assert_str_eq(d.text, "abc\xEF\xBF\xBD" "def");
    cr_assert_eq(d.invalid_count, 1);
    cr_assert_eq(d.first_invalid, 3);
    nl_decoded_free(&d);

    /* GB18030 巡 + a truncated lead byte: iconv fails (EINVAL), so lossy;
     * D1 B2 happens to be valid UTF-8 (U+0472) */
    decode("\xD1\xB2\xB2", 3, &d);
    cr_assert_eq(d.encoding, NL_ENC_UTF8_LOSSY);
    cr_assert_str_eq(d.text, "\xD1\xB2\xEF\xBF\xBD");
    cr_assert_eq(d.invalid_count, 1);
    cr_assert_eq(d.first_invalid, 2);
    cr_assert_eq(d.first_invalid_text, 2);
    nl_decoded_free(&d);
}

Test(encoding, few_utf8_sequences_prefer_gb18030)
{
    /* UTF-8 巡察 (E5B7A1 E5AF9F, also valid GB18030 as E5B7 A1E5 AF9F) then
     * GB18030 巡察: 3 valid multi-byte sequences (D1 B2 is one) vs 2 invalid
     * bytes is not "mostly UTF-8", and the whole is valid GB18030. */
    nl_decoded d;
    decode("\xE5\xB7\xA1\xE5\xAF\x9F\xD1\xB2\xB2\xEC", 10, &d);
    cr_assert_eq(d.encoding, NL_ENC_GB18030);
    cr_assert_eq(d.len, 15, "five GB18030 characters, all in the BMP");
    cr_assert_str_eq(d.text + 9, "巡察");
    cr_assert_eq(nl_decoded_original(&d, 3), 2);
    cr_assert_eq(nl_decoded_original(&d, 12), 8);
    cr_assert_eq(nl_decoded_original(&d, 15), 10);
    nl_decoded_free(&d);
}

Test(encoding, utf8_seq_len)
{
    cr_assert_eq(seq("A", 1), 1);
    cr_assert_eq(seq("\0", 1), 1);
    cr_assert_eq(seq("\x7F", 1), 1);
    cr_assert_eq(seq("\xC2\x80", 2), 2);
    cr_assert_eq(seq("\xC3\xA9", 2), 2);
    cr_assert_eq(seq("\xDF\xBF", 2), 2);
    cr_assert_eq(seq("\xE0\xA0\x80", 3), 3);
    cr_assert_eq(seq("\xE5\x9B\xBD", 3), 3); /* 国 */
    cr_assert_eq(seq("\xED\x9F\xBF", 3), 3); /* U+D7FF */
    cr_assert_eq(seq("\xEE\x80\x80", 3), 3); /* U+E000 */
    cr_assert_eq(seq("\xEF\xBF\xBF", 3), 3);
    cr_assert_eq(seq("\xF0\x90\x80\x80", 4), 4);
    cr_assert_eq(seq("\xF4\x8F\xBF\xBF", 4), 4); /* U+10FFFF */
    cr_assert_eq(seq("\xE5\x9B\xBD" "x", 4), 3, "extra bytes ignored");

    cr_assert_eq(seq("", 0), 0, "n == 0");
    cr_assert_eq(seq("\xC0\xAF", 2), 0, "overlong 2");
    cr_assert_eq(seq("\xC1\xBF", 2), 0, "overlong 2");
    cr_assert_eq(seq("\xE0\x9F\xBF", 3), 0, "overlong 3");
    cr_assert_eq(seq("\xF0\x8F\xBF\xBF", 4), 0, "overlong 4");
    cr_assert_eq(seq("\xED\xA0\x80", 3), 0, "surrogate D800");
    cr_assert_eq(seq("\xED\xBF\xBF", 3), 0, "surrogate DFFF");
    cr_assert_eq(seq("\xF4\x90\x80\x80", 4), 0, "U+110000");
    cr_assert_eq(seq("\xF5\x80\x80\x80", 4), 0, "F5 lead");
    cr_assert_eq(seq("\xFF", 1), 0, "FF");
    cr_assert_eq(seq("\x80", 1), 0, "stray continuation");
    cr_assert_eq(seq("\xBF", 1), 0, "stray continuation");
    cr_assert_eq(seq("\xE5\x9B", 2), 0, "truncated");
    cr_assert_eq(seq("\xE5\x9B\xBD", 2), 0, "truncated by n");
    cr_assert_eq(seq("\xF0\x90\x80", 3), 0, "truncated 4");
    cr_assert_eq(seq("\xE5\x41\xBD", 3), 0, "bad 2nd byte");
    cr_assert_eq(seq("\xE5\x9B\x41", 3), 0, "bad 3rd byte");
    cr_assert_eq(seq("\xF0\x90\x80\x41", 4), 0, "bad 4th byte");
}

Test(encoding, free_null_and_twice)
{
    nl_decoded_free(NULL);
    nl_decoded d;
    decode("\xD1\xB2\xB2\xEC", 4, &d);
    nl_decoded_free(&d);
    cr_assert_null(d.text);
    cr_assert_null(d.map);
    nl_decoded_free(&d);
}

Test(encoding, names)
{
    cr_assert_str_eq(nl_encoding_name(NL_ENC_UTF8), "utf-8");
    cr_assert_str_eq(nl_encoding_name(NL_ENC_UTF8_BOM), "utf-8-bom");
    cr_assert_str_eq(nl_encoding_name(NL_ENC_GB18030), "gb18030");
    cr_assert_str_eq(nl_encoding_name(NL_ENC_UTF8_LOSSY), "utf-8-lossy");
}

Test(encoding, gb18030_large_input)
{
    /* 20000 × "巡察\r\n": one iconv call, map checked at every character */
    size_t reps = 20000, n = reps * 6;
    char *in = malloc(n);
    cr_assert_not_null(in);
    for (size_t r = 0; r < reps; r++)
        memcpy(in + 6 * r, "\xD1\xB2\xB2\xEC\r\n", 6);
    nl_decoded d;
    decode(in, n, &d);
    cr_assert_eq(d.encoding, NL_ENC_GB18030);
    cr_assert_eq(d.len, reps * 8);
    for (size_t r = 0; r < reps; r++) {
        cr_assert_arr_eq(d.text + 8 * r, "巡察\r\n", 8);
        cr_assert_eq(d.map[8 * r + 3], 6 * r + 2);
        cr_assert_eq(d.map[8 * r + 7], 6 * r + 5);
    }
    cr_assert_eq(d.map[d.len], n);
    nl_decoded_free(&d);
    free(in);
}

/* Convert UTF-8 to GB18030 with iconv (test helper; malloc'd). */
static char *to_gb18030(const char *s, size_t n, size_t *outlen)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    cr_assert_neq(cd, (iconv_t)-1);
    size_t cap = 4 * n + 4, left = cap, inleft = n;
    char *buf = malloc(cap), *o = buf, *in = (char *)s;
    cr_assert_not_null(buf);
    cr_assert_neq(iconv(cd, &in, &inleft, &o, &left), (size_t)-1);
    iconv_close(cd);
    *outlen = cap - left;
    return buf;
}

Test(encoding, seeds_roundtrip_through_gb18030)
{
    const char *dir = tu_seeds_dir();
    if (!dir)
        cr_skip_test("no seeds directory");
    DIR *dp = opendir(dir);
    cr_assert_not_null(dp);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(dp)) != NULL) {
        size_t nl = strlen(e->d_name);
        if (nl < 4 || strcmp(e->d_name + nl - 4, ".txt") != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t n;
        char *utf8 = tu_read_file(path, &n);
        cr_assert_not_null(utf8, "%s", path);

        nl_decoded d;
        decode(utf8, n, &d);
        cr_assert(d.encoding == NL_ENC_UTF8 || d.encoding == NL_ENC_UTF8_BOM,
                  "%s: %s", e->d_name, nl_encoding_name(d.encoding));
        nl_decoded_free(&d);

        size_t gn;
        char *gb = to_gb18030(utf8, n, &gn);
        decode(gb, gn, &d);
        cr_assert_eq(d.encoding, NL_ENC_GB18030, "%s", e->d_name);
        cr_assert_eq(d.len, n);
        cr_assert_arr_eq(d.text, utf8, n, "%s", e->d_name);
        /* each character maps to the GB18030 length of the text before it;
         * convert character by character to know those lengths */
        size_t at = 0, gboff = 0;
        while (at < n) {
            int k = seq(utf8 + at, n - at);
            cr_assert_gt(k, 0);
            cr_assert_eq(nl_decoded_original(&d, at), gboff, "%s at %zu",
                         e->d_name, at);
            cr_assert_eq(nl_decoded_original(&d, at + (size_t)k - 1), gboff);
            size_t cn;
            free(to_gb18030(utf8 + at, (size_t)k, &cn));
            gboff += cn;
            at += (size_t)k;
        }
        cr_assert_eq(gboff, gn);
        cr_assert_eq(nl_decoded_original(&d, d.len), gn);
        nl_decoded_free(&d);
        free(gb);
        free(utf8);
        files++;
    }
    closedir(dp);
    cr_assert_gt(files, 0);
}

/* ---- nl_decode_as: a declared encoding, no detection ------------------- */

static void decode_as(const char *bytes, size_t n, nl_encoding enc,
                      nl_decoded *d)
{
    nl_error err = {0};
    cr_assert_eq(nl_decode_as((const unsigned char *)bytes, n, enc, d, &err),
                 NL_OK, "%s", err.text);
    cr_assert_not_null(d->text);
    cr_assert_eq(d->text[d->len], '\0');
}

Test(encoding, decode_as_gb18030)
{
    nl_decoded d;
    decode_as("\xD1\xB2\xB2\xEC\r\n", 6, NL_ENC_GB18030, &d); /* 巡察 */
    cr_assert_eq(d.encoding, NL_ENC_GB18030);
    cr_assert_str_eq(d.text, "巡察\r\n");
    cr_assert_eq(d.invalid_count, 0);
    cr_assert_not_null(d.map);
    cr_assert_eq(nl_decoded_original(&d, 3), 2);
    cr_assert_eq(nl_decoded_original(&d, 6), 4);
    cr_assert_eq(nl_decoded_original(&d, 8), 6);
    nl_decoded_free(&d);

    /* valid UTF-8 is still read as GB18030 when that is what is declared */
    decode_as("\xE5\xB7\xA1\xE5\xAF\x9F", 6, NL_ENC_GB18030, &d);
    cr_assert_eq(d.encoding, NL_ENC_GB18030);
    cr_assert_str_eq(d.text, "宸″療");
    nl_decoded_free(&d);

    decode_as("plain", 5, NL_ENC_GB18030, &d);
    cr_assert_str_eq(d.text, "plain");
    cr_assert_eq(nl_decoded_original(&d, 4), 4);
    nl_decoded_free(&d);
}

Test(encoding, decode_as_gb18030_lossy)
{
    /* 巡, 0xFF (never valid), 察, 0x80, "a", 0xD1 0x20 (bad trail), 0xD1 at
     * the end (truncated) */
    const char in[] = "\xD1\xB2\xFF\xB2\xEC\x80" "a\xD1 \xD1";
    nl_decoded d;
    decode_as(in, sizeof in - 1, NL_ENC_GB18030, &d);
    cr_assert_eq(d.encoding, NL_ENC_GB18030);
    cr_assert_str_eq(d.text, "巡\xEF\xBF\xBD察\xEF\xBF\xBD" "a\xEF\xBF\xBD "
                             "\xEF\xBF\xBD");
    cr_assert_eq(d.invalid_count, 4);
    cr_assert_eq(d.first_invalid, 2);
    cr_assert_eq(d.first_invalid_text, 3);
    size_t expect[] = {0, 2, 3, 5, 6, 7, 8, 9}; /* per character */
    for (size_t i = 0, c = 0; i < d.len; c++) {
        cr_assert_eq(nl_decoded_original(&d, i), expect[c], "char %zu", c);
        i += (size_t)nl_utf8_seq_len((const unsigned char *)d.text + i,
                                     d.len - i);
    }
    cr_assert_eq(nl_decoded_original(&d, d.len), sizeof in - 1);
    nl_decoded_free(&d);

    /* many bad bytes: the output outgrows its first buffer */
    char bad[1000];
    memset(bad, 0xFF, sizeof bad);
    decode_as(bad, sizeof bad, NL_ENC_GB18030, &d);
    cr_assert_eq(d.len, 3000);
    cr_assert_eq(d.invalid_count, 1000);
    cr_assert_eq(nl_decoded_original(&d, 2997), 999);
    nl_decoded_free(&d);
}

Test(encoding, decode_as_utf8)
{
    nl_decoded d;
    /* GB18030 bytes (察察) declared UTF-8: lossy, never converted */
    decode_as("\xB2\xEC\xB2\xEC", 4, NL_ENC_UTF8, &d);
    cr_assert_eq(d.encoding, NL_ENC_UTF8_LOSSY);
    cr_assert_eq(d.invalid_count, 4);
    cr_assert_eq(d.len, 12);
    cr_assert_eq(nl_decoded_original(&d, 9), 3);
    nl_decoded_free(&d);

    decode_as("\xEF\xBB\xBF通知", 9, NL_ENC_UTF8, &d);
    cr_assert_eq(d.encoding, NL_ENC_UTF8_BOM);
    cr_assert_str_eq(d.text, "通知");
    cr_assert_null(d.map);
    cr_assert_eq(nl_decoded_original(&d, 3), 6);
    nl_decoded_free(&d);

    decode_as("通知", 6, NL_ENC_UTF8_LOSSY, &d);
    cr_assert_eq(d.encoding, NL_ENC_UTF8);
    nl_decoded_free(&d);

    nl_error err = {0};
    cr_assert_eq(nl_decode_as(NULL, 0, NL_ENC_GB18030, &d, &err), NL_OK);
    cr_assert_eq(d.len, 0);
    cr_assert_str_eq(d.text, "");
    nl_decoded_free(&d);
    cr_assert_eq(nl_decode_as(NULL, 1, NL_ENC_UTF8, &d, &err), NL_ERR_USAGE);
}

/* nl_utf8_encode writes what nl_utf8_seq_len reads back, at every length
 * boundary. */
Test(encoding, utf8_encode_round_trip)
{
    static const unsigned long cps[] = {0x0, 0x41, 0x7F, 0x80, 0x7FF, 0x800, 0x4E00,
                                        0xFFFD, 0xFFFF, 0x10000, 0x20000, 0x10FFFF};
    static const size_t lens[] = {1, 1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4};
    for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
        char b[4];
        size_t n = nl_utf8_encode(cps[i], b);
        cr_assert_eq(n, lens[i], "U+%04lX", cps[i]);
        cr_assert_eq(nl_utf8_seq_len((const unsigned char *)b, n), (int)n, "U+%04lX", cps[i]);
    }
    char b[4];
    cr_assert_eq(nl_utf8_encode(0x4E00, b), 3);
    cr_assert(memcmp(b, "一", 3) == 0);
}
