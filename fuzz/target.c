/*
 * target.c — one libFuzzer entry point, compiled once per target with
 * NL_FUZZ_FN naming the harness function (fuzz/CMakeLists.txt).
 */
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

#ifndef NL_FUZZ_FN
#error "define NL_FUZZ_FN to one of the nl_fuzz_* functions"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return NL_FUZZ_FN(data, size);
}
