/*
 * sha256.h — SHA-256 (FIPS 180-4), for fingerprints of findings.
 *
 * Fingerprints must be the same on every machine and every version, so
 * they use a standard hash rather than one of our own.  Incremental:
 * init, update any number of times, final.  No allocation.
 */
#ifndef NL_SHA256_H
#define NL_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct nl_sha256 {
    uint32_t h[8];
    uint64_t len;           /* bytes hashed so far */
    unsigned char buf[64];
    size_t nbuf;
} nl_sha256;

void nl_sha256_init(nl_sha256 *s);
void nl_sha256_update(nl_sha256 *s, const void *data, size_t n);
void nl_sha256_final(nl_sha256 *s, unsigned char out[32]);

#endif
