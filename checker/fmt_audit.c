/*
 * fmt_audit.c — the table of `noticelint audit` formats and the helpers
 * they share.  See fmt_audit.h.  To add a format: write
 * fmt_audit_<name>.c with the three callbacks and add it to the table.
 */
#include "fmt_audit.h"

#include <string.h>

#include "encoding.h"

static const nl_audit_format *const formats[] = {
    &nl_audit_fmt_csv, &nl_audit_fmt_json, &nl_audit_fmt_md,
    &nl_audit_fmt_html, &nl_audit_fmt_xlsx,
};
#define NFORMATS (sizeof formats / sizeof formats[0])

const nl_audit_format *nl_audit_format_find(const char *name)
{
    for (size_t i = 0; i < NFORMATS; i++)
        if (strcmp(formats[i]->name, name) == 0)
            return formats[i];
    return NULL;
}

const char *nl_audit_format_names(void)
{
    static char list[128];
    if (!list[0])
        for (size_t i = 0; i < NFORMATS; i++) {
            if (i)
                strcat(list, ", ");
            strcat(list, formats[i]->name);
        }
    return list;
}

void nl_audit_put_html(FILE *out, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        int len = nl_utf8_seq_len(u + i, n - i);
        if (len <= 0 || (len == 1 && (u[i] < 0x20 || u[i] == 0x7F) &&
                         u[i] != '\t' && u[i] != '\n')) {
            fputs("\xef\xbf\xbd", out);
            i += len > 0 ? (size_t)len : 1;
            continue;
        }
        switch (u[i]) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fwrite(u + i, 1, (size_t)len, out); break;
        }
        i += (size_t)len;
    }
}
