/*
 * fmt_audit_md.c — `noticelint audit --format md`: a report to paste into
 * a memo (GitHub-flavoured Markdown tables, Chinese headings).
 *
 * Sections: the headline figures (概况), discipline measures (处分处理),
 * the rules that fired most (问题最多的规则, top MAX_RULES), groups by
 * inspection body (按巡察组), notices published late or missing elements
 * (需要关注的通报), and one line per notice (通报明细) with its error rules.
 * Text from notices is escaped so that it cannot break a table or start
 * markup: \ | * _ ` < > [ ] are backslash-escaped and paths are written as
 * code spans.  Absent values print as "—".
 */
#include "fmt_audit.h"

#include <string.h>

#define MAX_RULES 15

static int md_begin(void **state, FILE *out, const nl_audit_opts *o,
                    const nl_audit *a)
{
    (void)out;
    (void)o;
    (void)a;
    *state = NULL;
    return 0;
}

static void put_text(FILE *out, const char *s)
{
    if (!s || !*s) {
        fputs("—", out);
        return;
    }
    for (; *s; s++) {
        if (strchr("\\|*_`<>[]", *s))
            fputc('\\', out);
        fputc(*s, out);
    }
}

/* A path as a code span; a backtick inside it lengthens the fence. */
static void put_code(FILE *out, const char *s)
{
    int tick = strchr(s, '`') != NULL;
    fputs(tick ? "`` " : "`", out);
    for (; *s; s++) {
        if (*s == '|')
            fputc('\\', out);
        fputc(*s, out);
    }
    fputs(tick ? " ``" : "`", out);
}

static void put_num(FILE *out, double v, int has)
{
    char buf[48];
    if (!has) {
        fputs("—", out);
        return;
    }
    nl_audit_format_number(v, buf, sizeof buf);
    fputs(buf, out);
}

static void put_count(FILE *out, long v)
{
    put_num(out, (double)v, v >= 0);
}

static void figures(FILE *out, const nl_audit *a)
{
    nl_audit_stat st[NL_AUDIT_MAX_STATS];
    size_t n = nl_audit_stats(a, st, NL_AUDIT_MAX_STATS);
    fputs("## 概况\n\n| 项目 | 数值 |\n|---|---:|\n", out);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "| %s | ", st[i].zh);
        put_num(out, st[i].value, st[i].has);
        fputs(" |\n", out);
    }
    fprintf(out, "\n公布天数为反馈日期至公布日期（网页发布日期，无则落款日期）的天数；"
                 "阈值取自规则 %s 的 max_diff%s。\n\n",
            NL_AUDIT_LAG_RULE, a->lag_threshold_from_rule ? "" : "（规则未加载，按默认值）");
}

static void discipline(FILE *out, const nl_audit *a)
{
    fputs("## 处分处理\n\n", out);
    if (!a->nkinds) {
        fputs("通报中未见处分处理人数。\n\n", out);
        return;
    }
    fputs("| 类别 | 人数 | 通报数 |\n|---|---:|---:|\n", out);
    for (size_t k = 0; k < a->nkinds; k++) {
        fputs("| ", out);
        put_text(out, a->kinds[k].name);
        fprintf(out, " | %ld | %zu |\n", a->kinds[k].total, a->kinds[k].notices);
    }
    fputs("\n分项（如“记过”）与总数（如“政务处分”）各自合计，不应相加。\n\n", out);
}

static void rules(FILE *out, const nl_audit *a)
{
    fputs("## 问题最多的规则\n\n", out);
    if (!a->nrules) {
        fputs("没有发现问题。\n\n", out);
        return;
    }
    fputs("| 规则 | 级别 | 通报数 | 发现数 |\n|---|---|---:|---:|\n", out);
    for (size_t k = 0; k < a->nrules && k < MAX_RULES; k++) {
        const nl_audit_rule *r = &a->rules[a->rule_order[k]];
        fputs("| ", out);
        put_code(out, r->id);
        fprintf(out, " | %s | %zu | %zu |\n", nl_severity_name(r->severity), r->notices,
                r->findings);
    }
    if (a->nrules > MAX_RULES)
        fprintf(out, "\n另有 %zu 条规则，见 JSON 或 Excel 输出。\n", a->nrules - MAX_RULES);
    fputc('\n', out);
}

static void groups(FILE *out, const nl_audit *a)
{
    fputs("## 按巡察组\n\n| 巡察组 | 通报数 | 反馈问题 | 列出问题项 | 已完成 | 错误 | 警告 "
          "| 最长公布天数 | 超过阈值 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
          out);
    for (size_t k = 0; k < a->ngroups; k++) {
        const nl_audit_group *g = &a->groups[k];
        fputs("| ", out);
        if (g->body)
            put_text(out, g->body);
        else
            fputs("（未识别）", out);
        fprintf(out, " | %zu | ", g->notices);
        put_num(out, g->problems.total, g->problems.notices > 0);
        fputs(" | ", out);
        put_num(out, g->items.total, g->items.notices > 0);
        fputs(" | ", out);
        put_num(out, g->completed.total, g->completed.notices > 0);
        fprintf(out, " | %zu | %zu | ", g->by_sev[NL_SEV_ERROR], g->by_sev[NL_SEV_WARNING]);
        put_num(out, (double)g->lag_max, g->with_lag > 0);
        fprintf(out, " | %zu |\n", g->over);
    }
    fputc('\n', out);
}

static void attention(FILE *out, const nl_audit *a)
{
    static const char *const what[] = {"超过公布天数阈值", "缺联系方式段", "缺落款单位",
                                       "缺落款日期"};
    fputs("## 需要关注的通报\n\n", out);
    int any = 0;
    for (int w = 0; w < 4; w++) {
        size_t n = 0;
        for (size_t i = 0; i < a->nrows; i++) {
            const nl_audit_row *r = &a->rows[i];
            int hit = w == 0   ? r->has_lag && (double)r->lag_days > a->lag_threshold
                      : w == 1 ? !r->contact
                      : w == 2 ? !r->signature
                               : !r->signature_date;
            if (!hit)
                continue;
            fputs(n++ ? "、" : "- ", out);
            if (n == 1)
                fprintf(out, "%s：", what[w]);
            put_code(out, r->path);
            if (w == 0)
                fprintf(out, "（%ld天）", r->lag_days);
        }
        if (n) {
            fprintf(out, "（%zu 份）\n", n);
            any = 1;
        }
    }
    fputs(any ? "\n" : "无。\n\n", out);
}

static void notices(FILE *out, const nl_audit *a)
{
    fputs("## 通报明细\n\n| 文件 | 发布单位 | 巡察组 | 反馈日期 | 公布日期 | 天数 | 反馈问题 "
          "| 列出问题项 | 已完成 | 错误 | 警告 | 提示 | 错误规则 |\n"
          "|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n",
          out);
    for (size_t i = 0; i < a->nrows; i++) {
        const nl_audit_row *r = &a->rows[i];
        fputs("| ", out);
        put_code(out, r->path);
        fputs(" | ", out);
        put_text(out, r->issuing_unit);
        fputs(" | ", out);
        put_text(out, r->inspection_body);
        fputs(" | ", out);
        put_text(out, r->feedback_date);
        fputs(" | ", out);
        put_text(out, r->publication_date);
        fputs(" | ", out);
        put_num(out, (double)r->lag_days, r->has_lag);
        fputs(" | ", out);
        put_count(out, r->problems);
        fputs(" | ", out);
        put_count(out, r->items);
        fputs(" | ", out);
        put_count(out, r->completed);
        fprintf(out, " | %zu | %zu | %zu | ", r->by_sev[NL_SEV_ERROR],
                r->by_sev[NL_SEV_WARNING], r->by_sev[NL_SEV_INFO]);
        if (*r->error_rules) {
            for (const char *p = r->error_rules; *p;) {
                const char *e = strchr(p, ' ');
                size_t n = e ? (size_t)(e - p) : strlen(p);
                fprintf(out, "%s`%.*s`", p == r->error_rules ? "" : " ", (int)n, p);
                p += n + (e != NULL);
            }
        } else {
            fputs("—", out);
        }
        fputs(" |\n", out);
    }
}

static int md_end(void *state, FILE *out, const nl_audit *a)
{
    (void)state;
    if (!out)
        return -1;
    fprintf(out, "# 巡察整改情况通报审核汇总\n\n共 %zu 份通报，%zu 份有错误；错误 %zu 条，"
                 "警告 %zu 条，提示 %zu 条。\n\n",
            a->nrows, a->with_errors, a->by_sev[NL_SEV_ERROR], a->by_sev[NL_SEV_WARNING],
            a->by_sev[NL_SEV_INFO]);
    figures(out, a);
    discipline(out, a);
    rules(out, a);
    groups(out, a);
    attention(out, a);
    notices(out, a);
    return ferror(out) ? -1 : 0;
}

const nl_audit_format nl_audit_fmt_md = {
    .name = "md",
    .begin = md_begin,
    .notice = NULL,
    .end = md_end,
};
