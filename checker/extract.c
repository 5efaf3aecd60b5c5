/*
 * extract.c — what the extractors share.  See extract.h.
 */
#include "extract.h"

#include <libxml/parser.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
    xmlInitParser();
}

void nl_xml_init(void)
{
    pthread_once(&xml_once, xml_init);
}

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
