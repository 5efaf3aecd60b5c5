/*
 * fmt_audit_csv.c — `noticelint audit --format csv`: one row per notice.
 *
 * Written for spreadsheet programs as Chinese offices use them: a UTF-8
 * byte order mark (without it Excel and WPS read UTF-8 as the ANSI code
 * page and the Chinese turns to mojibake), CRLF line ends, RFC 4180
 * quoting (a field holding a comma, a double quote, CR or LF is quoted and
 * its quotes doubled).  The header row is Chinese (文件, 发布单位, …) or,
 * with --csv-header en, the stable English keys of docs/audit-output.md.
 * A text cell that starts with = + - @ gets a leading apostrophe so a
 * spreadsheet does not evaluate text copied from a web page as a formula.
 * The columns are known only when every notice is in (one per discipline
 * kind seen), so the whole file is written by end(), from the rows.
 */
#include "fmt_audit.h"

#include <stdlib.h>
#include <string.h>

typedef struct csv_state {
    int english;
} csv_state;

static void put_field(FILE *out, const char *s, int text)
{
    int quote = strpbrk(s, ",\"\r\n") != NULL;
    int guard = text && (*s == '=' || *s == '+' || *s == '-' || *s == '@');
    if (quote)
        fputc('"', out);
    if (guard)
        fputc('\'', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    if (quote)
        fputc('"', out);
}

static int csv_begin(void **state, FILE *out, const nl_audit_opts *o,
                     const nl_audit *a)
{
    (void)out;
    (void)a;
    csv_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    st->english = o->english_header;
    *state = st;
    return 0;
}

static int csv_end(void *state, FILE *out, const nl_audit *a)
{
    csv_state *st = state;
    if (!out) {
        free(st);
        return -1;
    }
    size_t ncols = nl_audit_ncols(a);
    fputs("\xef\xbb\xbf", out);
    for (size_t c = 0; c < ncols; c++) {
        nl_audit_col col = nl_audit_column(a, c);
        if (c)
            fputc(',', out);
        put_field(out, st->english ? col.key : col.zh, 0);
    }
    fputs("\r\n", out);
    for (size_t i = 0; i < a->nrows; i++) {
        for (size_t c = 0; c < ncols; c++) {
            nl_audit_cell cell;
            nl_audit_cell_get(a, &a->rows[i], c, &cell);
            if (c)
                fputc(',', out);
            put_field(out, cell.text, !cell.numeric);
        }
        fputs("\r\n", out);
    }
    free(st);
    return ferror(out) ? -1 : 0;
}

const nl_audit_format nl_audit_fmt_csv = {
    .name = "csv",
    .begin = csv_begin,
    .notice = NULL,
    .end = csv_end,
};
