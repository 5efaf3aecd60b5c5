/*
 * error.c — the nl_error record: set once, format like a compiler.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

nl_status nl_error_set(nl_error *err, nl_status code, const char *file,
                       int line, int column, const char *fmt, ...)
{
    if (err == NULL || err->code != NL_OK)
        return code;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    return code;
}

void nl_error_format(const nl_error *err, char *buf, size_t size)
{
    if (err->file[0] && err->line > 0 && err->column > 0)
        snprintf(buf, size, "%s:%d:%d: error: %s", err->file, err->line,
                 err->column, err->text);
    else if (err->file[0] && err->line > 0)
        snprintf(buf, size, "%s:%d: error: %s", err->file, err->line,
                 err->text);
    else if (err->file[0])
        snprintf(buf, size, "%s: error: %s", err->file, err->text);
    else
        snprintf(buf, size, "error: %s", err->text);
}
