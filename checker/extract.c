/*
 * extract.c — what the extractors share.  See extract.h.
 */
#include "extract.h"

#include <stdlib.h>
#include <string.h>

void nl_extract_free(nl_extract *x)
{
    if (!x)
        return;
    free(x->text);
    free(x->xmap);
    nl_decoded_free(&x->src);
    x->text = NULL;
    x->xmap = NULL;
    x->len = 0;
    x->problem[0] = '\0';
}
