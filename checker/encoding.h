/*
 * encoding.h — turn a document's raw bytes into UTF-8 text.
 *
 * Detection order: a UTF-8 BOM (dropped), strict UTF-8, then — unless the
 * bytes look mostly like UTF-8 with a few bad bytes — a strict GB18030
 * conversion through iconv; whatever is left is decoded "lossily": each
 * invalid byte becomes U+FFFD.  Line endings and NUL bytes pass through
 * untouched (the line indexer and the binary check deal with them).
 *
 * Users are always shown positions in the ORIGINAL file, so the result keeps
 * a way back: nl_decoded_original() maps any decoded byte offset to the
 * original byte offset of the character it came from.  When the text is the
 * input shifted by a constant (plain UTF-8, UTF-8 after a BOM) no map is
 * built.  Original offsets are stored as `unsigned`, hence the 4 GiB limit.
 *
 * Ownership: nl_decoded is a caller-owned struct whose members belong to it;
 * release them with nl_decoded_free(), which accepts NULL and may be called
 * twice.
 */
#ifndef NL_ENCODING_H
#define NL_ENCODING_H

#include "noticelint.h"

#include <stddef.h>

typedef enum nl_encoding {
    NL_ENC_UTF8,      /* valid UTF-8, no BOM */
    NL_ENC_UTF8_BOM,  /* valid UTF-8 after a BOM (BOM dropped from text) */
    NL_ENC_GB18030,   /* GB18030 / GBK / GB2312, converted with iconv */
    NL_ENC_UTF8_LOSSY /* neither: UTF-8 with U+FFFD for each invalid byte */
} nl_encoding;

typedef struct nl_decoded {
    char *text;      /* UTF-8, NUL-terminated, malloc'd */
    size_t len;      /* bytes in text, without the NUL */
    unsigned *map;   /* NULL when decoded offset i is original offset
                        i + shift; else len+1 entries: map[i] = original
                        offset of the original character that decoded byte i
                        belongs to, map[len] = original length */
    size_t shift;    /* 3 after a UTF-8 BOM, else 0 (used only when map is
                        NULL) */
    nl_encoding encoding;
    size_t invalid_count;      /* invalid bytes replaced (LOSSY only) */
    size_t first_invalid;      /* original offset of the first invalid byte
                                  (LOSSY only) */
    size_t first_invalid_text; /* decoded offset of its U+FFFD (LOSSY only) */
} nl_decoded;

/* Decode n bytes into *out (overwritten; free with nl_decoded_free).  bytes
 * may be NULL when n == 0.  Fails only on allocation failure (NL_ERR_NOMEM)
 * or n >= 4 GiB (NL_ERR_INPUT); on failure *out is left empty. */
nl_status nl_decode(const unsigned char *bytes, size_t n, nl_decoded *out,
                    nl_error *err);

/* Decode n bytes as the named encoding, without detection (for a charset a
 * document declares).  NL_ENC_UTF8, NL_ENC_UTF8_BOM and NL_ENC_UTF8_LOSSY all
 * mean UTF-8: a BOM is dropped, valid input is copied (no map), invalid
 * input is decoded lossily exactly as nl_decode does.  NL_ENC_GB18030
 * converts with iconv and never falls back to UTF-8: each byte iconv cannot
 * convert becomes U+FFFD, and the result keeps encoding NL_ENC_GB18030 with
 * invalid_count / first_invalid / first_invalid_text set (always with a
 * map).  Same failures as nl_decode. */
nl_status nl_decode_as(const unsigned char *bytes, size_t n, nl_encoding enc,
                       nl_decoded *out, nl_error *err);

/* Free the members of d and reset them; accepts NULL; safe to call twice. */
void nl_decoded_free(nl_decoded *d);

/* Original byte offset of decoded offset text_offset (0..len; larger values
 * are clamped to len, which maps to the original length). */
size_t nl_decoded_original(const nl_decoded *d, size_t text_offset);

/* Write code point cp (below U+110000) as UTF-8 into out (room for 4
 * bytes, no NUL added); returns the bytes written. */
size_t nl_utf8_encode(unsigned long cp, char *out);

/* "utf-8", "utf-8-bom", "gb18030", "utf-8-lossy" (static strings). */
const char *nl_encoding_name(nl_encoding e);

/* Length (1-4) of the valid UTF-8 sequence at s, or 0 if it is invalid:
 * overlong, surrogate, above U+10FFFF, truncated, stray continuation byte,
 * or n == 0.  n is the number of bytes available at s. */
int nl_utf8_seq_len(const unsigned char *s, size_t n);

#endif
