/* PLACEHOLDER so the tree links while the real docx.c is being written:
 * overwrite this whole file. */
#include "extract.h"
#include <stdio.h>
#include <string.h>
nl_status nl_docx_extract(const unsigned char *bytes, size_t n, nl_extract *out, nl_error *err)
{
    (void)bytes; (void)n; (void)err;
    memset(out, 0, sizeof *out);
    snprintf(out->problem, sizeof out->problem, "docx reading not built yet");
    return NL_OK;
}
