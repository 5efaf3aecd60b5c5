/*
 * fmt_audit_xlsx.c — `noticelint audit --format xlsx`: an Excel workbook
 * written with libxlsxwriter.
 *
 * Sheet "notices" holds exactly the cells of the CSV format (the same
 * column table, audit.h), numbers as numbers and text as strings, under a
 * bold, shaded, wrapped header row (Chinese, or the English keys with
 * --csv-header en) that is frozen together with the path column and
 * carries an autofilter.  Sheet "summary" holds the headline figures (with
 * their English keys), discipline totals, the rules by number of notices,
 * the groups by inspection body and the publication-lag histogram, each
 * block under its own header row.
 *
 * libxlsxwriter writes to a named file, so the workbook is built in a
 * temporary file ($TMPDIR, else /tmp) and copied to the output stream,
 * which may be standard output or the atomic -o file.  The workbook is made
 * in constant-memory mode: each row is flushed as soon as the next starts.
 * Without libxlsxwriter at build time (NL_HAVE_XLSX undefined) the format
 * exists but says it is unavailable.
 */
#include "fmt_audit.h"

#ifdef NL_HAVE_XLSX

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

typedef struct xlsx_state {
    int english;
} xlsx_state;

typedef struct book {
    lxw_workbook *wb;
    lxw_format *head, *bold;
} book;

static int xlsx_begin(void **state, FILE *out, const nl_audit_opts *o,
                      const nl_audit *a)
{
    (void)out;
    (void)a;
    xlsx_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    st->english = o->english_header;
    *state = st;
    return 0;
}

static void put_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                     const nl_audit_cell *cell)
{
    if (cell->empty)
        return;
    if (cell->numeric)
        worksheet_write_number(ws, r, c, cell->num, NULL);
    else
        worksheet_write_string(ws, r, c, cell->text, NULL);
}

static void notices_sheet(book *b, const nl_audit *a, int english)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "notices");
    size_t ncols = nl_audit_ncols(a);
    for (size_t c = 0; c < ncols; c++) {
        nl_audit_col col = nl_audit_column(a, c);
        double width = c == 0 ? 36 : col.type == NL_AUDIT_TEXT ? 18 : 10;
        if (strcmp(col.key, "error_rules") == 0 || strcmp(col.key, "issuing_unit") == 0)
            width = 30;
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width, NULL);
    }
    worksheet_set_row(ws, 0, 32, NULL);
    for (size_t c = 0; c < ncols; c++) {
        nl_audit_col col = nl_audit_column(a, c);
        worksheet_write_string(ws, 0, (lxw_col_t)c, english ? col.key : col.zh, b->head);
    }
    for (size_t i = 0; i < a->nrows; i++)
        for (size_t c = 0; c < ncols; c++) {
            nl_audit_cell cell;
            nl_audit_cell_get(a, &a->rows[i], c, &cell);
            put_cell(ws, (lxw_row_t)(i + 1), (lxw_col_t)c, &cell);
        }
    worksheet_freeze_panes(ws, 1, 1);
    if (ncols)
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)a->nrows, (lxw_col_t)(ncols - 1));
}

static void header_row(lxw_worksheet *ws, book *b, lxw_row_t r,
                       const char *const labels[], size_t n)
{
    for (size_t c = 0; c < n; c++)
        worksheet_write_string(ws, r, (lxw_col_t)c, labels[c], b->head);
}

static void num_or_blank(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, int has)
{
    if (has)
        worksheet_write_number(ws, r, c, v, NULL);
}

static void summary_sheet(book *b, const nl_audit *a)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "summary");
    lxw_row_t r = 0;
    worksheet_set_column(ws, 0, 0, 30, NULL);
    worksheet_set_column(ws, 1, 8, 14, NULL);

    static const char *const h_stats[] = {"项目", "数值", "key"};
    header_row(ws, b, r++, h_stats, 3);
    nl_audit_stat st[NL_AUDIT_MAX_STATS];
    size_t n = nl_audit_stats(a, st, NL_AUDIT_MAX_STATS);
    for (size_t i = 0; i < n; i++, r++) {
        worksheet_write_string(ws, r, 0, st[i].zh, NULL);
        num_or_blank(ws, r, 1, st[i].value, st[i].has);
        worksheet_write_string(ws, r, 2, st[i].key, NULL);
    }

    r++;
    static const char *const h_disc[] = {"处分处理", "人数", "通报数"};
    header_row(ws, b, r++, h_disc, 3);
    for (size_t k = 0; k < a->nkinds; k++, r++) {
        worksheet_write_string(ws, r, 0, a->kinds[k].name, NULL);
        worksheet_write_number(ws, r, 1, (double)a->kinds[k].total, NULL);
        worksheet_write_number(ws, r, 2, (double)a->kinds[k].notices, NULL);
    }

    r++;
    static const char *const h_rules[] = {"规则", "级别", "通报数", "发现数"};
    header_row(ws, b, r++, h_rules, 4);
    for (size_t k = 0; k < a->nrules; k++, r++) {
        const nl_audit_rule *x = &a->rules[a->rule_order[k]];
        worksheet_write_string(ws, r, 0, x->id, NULL);
        worksheet_write_string(ws, r, 1, nl_severity_name(x->severity), NULL);
        worksheet_write_number(ws, r, 2, (double)x->notices, NULL);
        worksheet_write_number(ws, r, 3, (double)x->findings, NULL);
    }

    r++;
    static const char *const h_groups[] = {"巡察组", "通报数", "反馈问题", "列出问题项",
                                           "已完成", "错误", "警告", "最长公布天数",
                                           "超过阈值"};
    header_row(ws, b, r++, h_groups, 9);
    for (size_t k = 0; k < a->ngroups; k++, r++) {
        const nl_audit_group *g = &a->groups[k];
        worksheet_write_string(ws, r, 0, g->body ? g->body : "（未识别）", NULL);
        worksheet_write_number(ws, r, 1, (double)g->notices, NULL);
        num_or_blank(ws, r, 2, g->problems.total, g->problems.notices > 0);
        num_or_blank(ws, r, 3, g->items.total, g->items.notices > 0);
        num_or_blank(ws, r, 4, g->completed.total, g->completed.notices > 0);
        worksheet_write_number(ws, r, 5, (double)g->by_sev[NL_SEV_ERROR], NULL);
        worksheet_write_number(ws, r, 6, (double)g->by_sev[NL_SEV_WARNING], NULL);
        num_or_blank(ws, r, 7, (double)g->lag_max, g->with_lag > 0);
        worksheet_write_number(ws, r, 8, (double)g->over, NULL);
    }

    r++;
    static const char *const h_lag[] = {"反馈至公布天数", "通报数"};
    header_row(ws, b, r++, h_lag, 2);
    size_t counts[NL_AUDIT_LAG_BINS];
    const char *labels[NL_AUDIT_LAG_BINS];
    long lo[NL_AUDIT_LAG_BINS], hi[NL_AUDIT_LAG_BINS];
    size_t nb = nl_audit_lag_histogram(a, counts, labels, lo, hi);
    for (size_t k = 0; k < nb; k++, r++) {
        worksheet_write_string(ws, r, 0, labels[k], NULL);
        worksheet_write_number(ws, r, 1, (double)counts[k], NULL);
    }
    worksheet_freeze_panes(ws, 1, 0);
}

static int copy_file(const char *path, FILE *out)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return -1;
    char buf[65536];
    size_t n;
    int rc = 0;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n) {
            rc = -1;
            break;
        }
    if (ferror(in))
        rc = -1;
    fclose(in);
    return rc;
}

static int xlsx_end(void *state, FILE *out, const nl_audit *a)
{
    xlsx_state *st = state;
    if (!out) {
        free(st);
        return -1;
    }
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    size_t len = strlen(dir) + sizeof "/noticelint-XXXXXX";
    char *path = malloc(len);
    int rc = -1, fd = -1;
    if (path) {
        snprintf(path, len, "%s/noticelint-XXXXXX", dir);
        fd = mkstemp(path);
    }
    if (fd < 0) {
        fprintf(stderr, "noticelint: cannot create a temporary file in %s: %s\n", dir,
                strerror(errno));
        goto out;
    }
    close(fd);
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = (char *)dir,
                                 .use_zip64 = LXW_FALSE};
    book b = {workbook_new_opt(path, &opts), NULL, NULL};
    if (!b.wb) {
        fprintf(stderr, "noticelint: xlsx: cannot create the workbook\n");
        goto out;
    }
    b.head = workbook_add_format(b.wb);
    format_set_bold(b.head);
    format_set_bg_color(b.head, 0xDCE6F1);
    format_set_border(b.head, LXW_BORDER_THIN);
    format_set_text_wrap(b.head);
    format_set_align(b.head, LXW_ALIGN_VERTICAL_CENTER);
    lxw_doc_properties props = {.title = "巡察整改情况通报审核汇总",
                                .comments = "noticelint " NL_VERSION};
    workbook_set_properties(b.wb, &props);
    notices_sheet(&b, a, st->english);
    summary_sheet(&b, a);
    lxw_error err = workbook_close(b.wb);
    if (err != LXW_NO_ERROR) {
        fprintf(stderr, "noticelint: xlsx: %s\n", lxw_strerror(err));
        goto out;
    }
    rc = copy_file(path, out);
out:
    if (fd >= 0)
        unlink(path);
    free(path);
    free(st);
    return rc || ferror(out) ? -1 : 0;
}

const nl_audit_format nl_audit_fmt_xlsx = {
    .name = "xlsx",
    .binary = 1,
    .begin = xlsx_begin,
    .notice = NULL,
    .end = xlsx_end,
};

#else /* !NL_HAVE_XLSX */

static int xlsx_begin(void **state, FILE *out, const nl_audit_opts *o,
                      const nl_audit *a)
{
    (void)state;
    (void)out;
    (void)o;
    (void)a;
    return -1;
}

static int xlsx_end(void *state, FILE *out, const nl_audit *a)
{
    (void)state;
    (void)out;
    (void)a;
    return -1;
}

const nl_audit_format nl_audit_fmt_xlsx = {
    .name = "xlsx",
    .binary = 1,
    .unavailable = "this noticelint was built without libxlsxwriter "
                   "(install the Debian package libxlsxwriter-dev and rebuild)",
    .begin = xlsx_begin,
    .notice = NULL,
    .end = xlsx_end,
};

#endif
