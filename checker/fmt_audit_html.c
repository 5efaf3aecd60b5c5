/*
 * fmt_audit_html.c — `noticelint audit --format html`: one self-contained
 * report that opens offline in any browser.
 *
 * Everything is inline: the stylesheet, the charts (SVG drawn here: bars of
 * discipline totals, of the rules that fired in most notices, and a
 * histogram of the publication lag with the bins beyond the threshold in
 * red), and a small script that sorts the table of notices when a header
 * is clicked and filters it as one types (`#sort=KEY&dir=desc&q=TEXT&errors=1`
 * in the URL does the same on load).  No fonts are embedded: the font stack
 * names the CJK system fonts of Windows, macOS and Linux.  The page works
 * without the script; the data is in the HTML, never in the script, and
 * every piece of text from a notice, a path or a finding is HTML-escaped.
 *
 * Layout of the work: the table of notices comes after the summary, which
 * is known only at the end, so each notice's table row — with its findings
 * (line:column, severity, message, rule) in a <details> element — is
 * written to a temporary file as the notice is delivered and copied into
 * the page at the end.  Memory holds no findings.
 */
#include "fmt_audit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "noticelint.h"

#define MAX_FINDINGS 300   /* per notice in the page; the rest are counted */
#define MAX_RULE_BARS 15

typedef struct html_state {
    FILE *rows;            /* temporary file: the <tr> of each notice */
    size_t nrows;
} html_state;

static void esc(FILE *out, const char *s)
{
    if (s)
        nl_audit_put_html(out, s, strlen(s));
}

static void num(FILE *out, double v)
{
    char buf[48];
    nl_audit_format_number(v, buf, sizeof buf);
    fputs(buf, out);
}

static int html_begin(void **state, FILE *out, const nl_audit_opts *o,
                      const nl_audit *a)
{
    (void)out;
    (void)o;
    (void)a;
    html_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    if (!(st->rows = tmpfile())) {
        fprintf(stderr, "noticelint: cannot create a temporary file: %s\n", strerror(errno));
        free(st);
        return -1;
    }
    *state = st;
    return 0;
}

/* ---- one notice: a table row into the temporary file ---- */

static void td_num(FILE *f, double v, int has, const char *cls)
{
    if (!has) {
        fputs("<td class=\"num\" data-v=\"\"></td>", f);
        return;
    }
    fprintf(f, "<td class=\"num%s%s\" data-v=\"", cls ? " " : "", cls ? cls : "");
    num(f, v);
    fputs("\">", f);
    num(f, v);
    fputs("</td>", f);
}

static void pill(FILE *f, const char *label, int on)
{
    fprintf(f, "<span class=\"pill %s\">%s</span>", on ? "on" : "off", label);
}

static const char *sev_zh(int sev)
{
    return sev == NL_SEV_ERROR ? "错误" : sev == NL_SEV_WARNING ? "警告" : "提示";
}

/* The findings of a notice, expandable: line:column, severity, message,
 * rule id, suggestion. */
static void findings_list(FILE *f, const nl_checked *res)
{
    const nl_findings *fs = &res->findings;
    if (!fs->n) {
        fputs("<div class=\"none\">没有发现问题</div>", f);
        return;
    }
    fprintf(f, "<details><summary>%zu 条发现</summary><ol>", fs->n);
    for (size_t k = 0; k < fs->n && k < MAX_FINDINGS; k++) {
        const nl_finding *x = &fs->v[k];
        nl_pos p = nl_doc_pos(res->doc, x->span.start);
        int sev = x->severity >= 0 && x->severity <= 2 ? x->severity : 0;
        fprintf(f, "<li class=\"sev%d\"><span class=\"ln\">%d:%d</span> "
                   "<span class=\"sev\">%s</span> ",
                sev, p.line, p.column, sev_zh(sev));
        esc(f, x->message);
        fputs(" <code>", f);
        esc(f, x->rule_id);
        fputs("</code>", f);
        if (x->suggestion && *x->suggestion) {
            fputs("<span class=\"sugg\">建议：", f);
            esc(f, x->suggestion);
            fputs("</span>", f);
        }
        fputs("</li>", f);
    }
    fputs("</ol>", f);
    if (fs->n > MAX_FINDINGS)
        fprintf(f, "<p class=\"more\">另有 %zu 条，请用 noticelint check 查看。</p>",
                fs->n - MAX_FINDINGS);
    fputs("</details>", f);
}

static int html_notice(void *state, const nl_audit *a, const nl_audit_row *r,
                       const nl_checked *res)
{
    html_state *st = state;
    FILE *f = st->rows;
    int late = r->has_lag && (double)r->lag_days > a->lag_threshold;
    fprintf(f, "<tr class=\"notice\" data-i=\"%zu\" data-errors=\"%zu\">", st->nrows++,
            r->by_sev[NL_SEV_ERROR]);
    fputs("<td class=\"path\" data-v=\"", f);
    esc(f, r->path);
    fputs("\"><div class=\"p\">", f);
    esc(f, r->path);
    fputs("</div>", f);
    findings_list(f, res);
    fputs("</td><td data-v=\"", f);
    esc(f, r->issuing_unit);
    fputs("\">", f);
    esc(f, r->issuing_unit);
    fputs("<div class=\"sub\">", f);
    esc(f, r->inspection_body);
    fputs("</div></td><td class=\"dates\" data-v=\"", f);
    esc(f, r->publication_date);
    fputs("\">", f);
    esc(f, r->feedback_date[0] ? r->feedback_date : "—");
    fputs("<div class=\"sub\">", f);
    esc(f, r->publication_date[0] ? r->publication_date : "—");
    fputs("</div></td>", f);
    td_num(f, (double)r->lag_days, r->has_lag, late ? "late" : NULL);
    td_num(f, (double)r->problems, r->problems >= 0, NULL);
    td_num(f, (double)r->items, r->items >= 0, NULL);
    td_num(f, (double)r->completed, r->completed >= 0, NULL);
    td_num(f, r->rate, r->has_rate, NULL);
    fputs("<td class=\"disc\">", f);
    for (size_t k = 0; k < r->ndisc; k++) {
        fputs(k ? " " : "", f);
        esc(f, a->kinds[r->disc[k].kind].name);
        fprintf(f, "%ld", r->disc[k].count);
    }
    fputs("</td><td class=\"contact\" data-v=\"", f);
    fprintf(f, "%d\">", r->contact + r->phone + r->email + r->postal);
    pill(f, "联系段", r->contact);
    pill(f, "电话", r->phone);
    pill(f, "邮箱", r->email);
    pill(f, "地址", r->postal);
    fprintf(f, "</td><td class=\"sig\" data-v=\"%d\">", r->signature + r->signature_date);
    pill(f, "单位", r->signature);
    pill(f, "日期", r->signature_date);
    fputs("</td>", f);
    td_num(f, (double)r->by_sev[NL_SEV_ERROR], 1, r->by_sev[NL_SEV_ERROR] ? "bad" : NULL);
    td_num(f, (double)r->by_sev[NL_SEV_WARNING], 1, NULL);
    fputs("</tr>\n", f);
    return ferror(f) ? -1 : 0;
}

/* ---- charts ---- */

#define CHART_W 520
#define LABEL_W 200
#define BAR_MAX 230
#define ROW_H 24

/* Horizontal bars: label, bar, value (and notes[i], when given) per item. */
static void hbars(FILE *out, const char *id, const char *title, size_t n,
                  const char *const labels[], const double values[],
                  const char *const notes[])
{
    double max = 0;
    for (size_t i = 0; i < n; i++)
        if (values[i] > max)
            max = values[i];
    int h = n ? (int)n * ROW_H + 10 : 40;
    fprintf(out, "<svg id=\"%s\" class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
                 "aria-label=\"", id, CHART_W, h);
    esc(out, title);
    fputs("\" xmlns=\"http://www.w3.org/2000/svg\">", out);
    if (!n)
        fputs("<text x=\"10\" y=\"25\" class=\"empty\">无数据</text>", out);
    for (size_t i = 0; i < n; i++) {
        int y = 5 + (int)i * ROW_H;
        double w = max > 0 ? values[i] / max * BAR_MAX : 0;
        if (values[i] > 0 && w < 2)
            w = 2;
        fputs("<g class=\"bar\"><title>", out);
        esc(out, labels[i]);
        fputs("：", out);
        num(out, values[i]);
        if (notes && notes[i]) {
            fputs("（", out);
            esc(out, notes[i]);
            fputs("）", out);
        }
        fprintf(out, "</title><text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"lbl\">",
                LABEL_W - 8, y + 16);
        esc(out, labels[i]);
        fprintf(out, "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"3\"/>"
                     "<text x=\"%.1f\" y=\"%d\" class=\"val\">",
                LABEL_W, y + 3, w, ROW_H - 7, LABEL_W + w + 6, y + 16);
        num(out, values[i]);
        if (notes && notes[i]) {
            fputs(" ", out);
            esc(out, notes[i]);
        }
        fputs("</text></g>", out);
    }
    fputs("</svg>", out);
}

static void chart_discipline(FILE *out, const nl_audit *a)
{
    size_t n = a->nkinds;
    const char **labels = n ? malloc(n * sizeof *labels) : NULL;
    double *values = n ? malloc(n * sizeof *values) : NULL;
    if (n && (!labels || !values))
        n = 0;
    for (size_t k = 0; k < n; k++) {
        labels[k] = a->kinds[k].name;
        values[k] = (double)a->kinds[k].total;
    }
    fputs("<figure><figcaption>处分处理人数（各类别合计）</figcaption>", out);
    hbars(out, "chart-discipline", "处分处理人数", n, labels, values, NULL);
    fputs("<p class=\"note\">分项（如“记过”）与总数（如“政务处分”）各自合计。</p></figure>\n",
          out);
    free(labels);
    free(values);
}

static void chart_rules(FILE *out, const nl_audit *a)
{
    size_t n = a->nrules < MAX_RULE_BARS ? a->nrules : MAX_RULE_BARS;
    const char *labels[MAX_RULE_BARS], *notes[MAX_RULE_BARS];
    double values[MAX_RULE_BARS];
    char buf[MAX_RULE_BARS][48];
    for (size_t k = 0; k < n; k++) {
        const nl_audit_rule *r = &a->rules[a->rule_order[k]];
        labels[k] = r->id;
        values[k] = (double)r->notices;
        snprintf(buf[k], sizeof buf[k], "份·%zu条", r->findings);
        notes[k] = buf[k];
    }
    fputs("<figure><figcaption>问题最多的规则（涉及通报数·发现条数）</figcaption>", out);
    hbars(out, "chart-rules", "问题最多的规则", n, labels, values, notes);
    fputs("</figure>\n", out);
}

static void chart_lag(FILE *out, const nl_audit *a)
{
    size_t counts[NL_AUDIT_LAG_BINS];
    const char *labels[NL_AUDIT_LAG_BINS];
    long lo[NL_AUDIT_LAG_BINS], hi[NL_AUDIT_LAG_BINS];
    size_t nb = nl_audit_lag_histogram(a, counts, labels, lo, hi);
    size_t max = 0;
    for (size_t b = 0; b < nb; b++)
        if (counts[b] > max)
            max = counts[b];
    const int H = 220, base = 180, top = 20, bw = 44, gap = 14, x0 = 24;
    fputs("<figure><figcaption>反馈至公布天数分布（超过阈值 ", out);
    num(out, a->lag_threshold);
    fprintf(out, " 天的区间标红；%zu 份通报可计算）</figcaption>", a->lag.n);
    fprintf(out, "<svg id=\"chart-lag\" class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
                 "aria-label=\"反馈至公布天数分布\" xmlns=\"http://www.w3.org/2000/svg\">",
            CHART_W, H);
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>", x0 - 10,
            base, x0 + (int)nb * (bw + gap), base);
    for (size_t b = 0; b < nb; b++) {
        int x = x0 + (int)b * (bw + gap);
        double h = max ? (double)counts[b] / (double)max * (base - top - 14) : 0;
        if (counts[b] && h < 2)
            h = 2;
        int over = b > 0 && (double)lo[b] > a->lag_threshold; /* the whole bin is late */
        fprintf(out, "<g class=\"bin%s\"><title>%s 天：%zu 份</title>"
                     "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" rx=\"3\"/>"
                     "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\" class=\"val\">%zu</text>"
                     "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"lbl\">%s</text></g>",
                over ? " over" : "", labels[b], counts[b], x, base - h, bw, h,
                x + bw / 2, base - h - 5, counts[b], x + bw / 2, base + 18, labels[b]);
    }
    fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"lbl\">天</text>",
            x0 + (int)nb * (bw + gap), base + 18);
    fputs("</svg></figure>\n", out);
}

/* ---- the page ---- */

static const char css[] =
    ":root{--fg:#1f2933;--muted:#616e7c;--line:#d9e2ec;--bg:#f5f7fa;--card:#fff;"
    "--blue:#2f6fde;--red:#d64545;--amber:#c98a00;--green:#2f9e66}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.6 -apple-system,"
    "BlinkMacSystemFont,\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\","
    "\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"WenQuanYi Micro Hei\","
    "\"WenQuanYi Zen Hei\",\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif}\n"
    "header,main,footer{max-width:1400px;margin:0 auto;padding:0 24px}\n"
    "header{padding-top:24px}h1{font-size:24px;margin:0 0 4px}"
    "h2{font-size:18px;margin:28px 0 12px}\n"
    ".sub,.note,footer{color:var(--muted)}.note{font-size:12px;margin:4px 0 0}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:12px;"
    "margin-top:16px}\n"
    ".card{background:var(--card);border:1px solid var(--line);border-radius:8px;"
    "padding:12px 16px;border-top:4px solid var(--blue)}\n"
    ".card.warn{border-top-color:var(--red)}.card.ok{border-top-color:var(--green)}\n"
    ".card .k{color:var(--muted);font-size:13px}.card .v{font-size:28px;font-weight:600;"
    "line-height:1.3}.card .d{color:var(--muted);font-size:12px}\n"
    ".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:12px}\n"
    "figure{margin:0;background:var(--card);border:1px solid var(--line);border-radius:8px;"
    "padding:12px 16px}\nfigcaption{font-weight:600;margin-bottom:8px}\n"
    "svg.chart{width:100%;height:auto;font-family:inherit}\n"
    "svg .lbl{font-size:12px;fill:var(--fg)}svg .val{font-size:12px;fill:var(--muted)}"
    "svg .empty{fill:var(--muted)}\n"
    "svg .bar rect{fill:var(--blue)}svg .bin rect{fill:var(--blue)}"
    "svg .bin.over rect{fill:var(--red)}svg .axis{stroke:var(--line);stroke-width:1}\n"
    "table{border-collapse:collapse;width:100%;background:var(--card);font-size:13px}\n"
    "th,td{border:1px solid var(--line);padding:5px 8px;vertical-align:top;text-align:left}\n"
    "thead th{background:#e4ebf5;position:sticky;top:0;z-index:1}\n"
    "#notices thead th{cursor:pointer;user-select:none;white-space:nowrap}\n"
    "#notices thead th[aria-sort=ascending]::after{content:\" ▲\"}"
    "#notices thead th[aria-sort=descending]::after{content:\" ▼\"}\n"
    "td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
    "td.late{color:var(--red);font-weight:600}td.bad{color:var(--red);font-weight:600}\n"
    "td.path{word-break:break-all;min-width:340px;width:30%}td.disc{min-width:110px}"
    "td.dates{white-space:nowrap}td.contact{min-width:112px}td.sig{white-space:nowrap}\n"
    ".sub{color:var(--muted);font-size:12px}.p{font-weight:600}\n"
    "tbody tr:nth-child(even){background:#fafbfd}tr[hidden]{display:none}\n"
    ".pill{display:inline-block;border-radius:10px;padding:0 6px;margin:1px 2px;"
    "font-size:12px;white-space:nowrap}\n"
    ".pill.on{background:#e3f4ea;color:#1d6b45}.pill.off{background:#fde8e8;"
    "color:#a61b1b;text-decoration:line-through}\n"
    "details summary{cursor:pointer;color:var(--blue)}td.path details li{word-break:normal}\n"
    "details ol{margin:6px 0 0;padding-left:20px}details li{margin:2px 0}\n"
    ".ln{font-family:ui-monospace,Menlo,Consolas,monospace;color:var(--muted)}\n"
    ".sev{font-size:12px;border-radius:3px;padding:0 4px;color:#fff;background:var(--muted)}\n"
    "li.sev2 .sev{background:var(--red)}li.sev1 .sev{background:var(--amber)}\n"
    ".sugg{display:block;color:var(--green);font-size:12px}.none{color:var(--muted)}\n"
    "code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;color:var(--muted)}\n"
    ".controls{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin-bottom:8px}\n"
    "#filter{flex:1;min-width:240px;max-width:480px;padding:6px 10px;font:inherit;"
    "border:1px solid var(--line);border-radius:6px}\n"
    ".scroll{overflow-x:auto}footer{padding-top:16px;padding-bottom:32px;font-size:12px}\n"
    "@media print{thead th{position:static}details{display:block}#filter,.controls label"
    "{display:none}}\n";

/* Sorting and filtering.  Data stays in the DOM; the script only reorders
 * and hides rows.  Empty cells sort last in both directions. */
static const char script[] =
    "(function(){\n"
    "var t=document.getElementById('notices'),tb=t.tBodies[0];\n"
    "var rows=Array.prototype.slice.call(tb.rows),hs=t.tHead.rows[0].cells;\n"
    "var f=document.getElementById('filter'),only=document.getElementById('only-errors'),"
    "shown=document.getElementById('shown'),col=-1,dir=1;\n"
    "function key(r,i){var c=r.cells[i];return c.hasAttribute('data-v')?"
    "c.getAttribute('data-v'):c.textContent.trim();}\n"
    "function sortBy(i,d){var n=hs[i].getAttribute('data-type')==='num';\n"
    " rows.sort(function(a,b){var x=key(a,i),y=key(b,i),c;\n"
    "  if(x===''||y===''){c=(x==='')-(y==='');if(c)return c;}\n"
    "  else c=(n?parseFloat(x)-parseFloat(y):x.localeCompare(y,'zh-CN'))*d;\n"
    "  return c||(+a.getAttribute('data-i'))-(+b.getAttribute('data-i'));});\n"
    " rows.forEach(function(r){tb.appendChild(r);});\n"
    " for(var j=0;j<hs.length;j++)hs[j].setAttribute('aria-sort',j===i?"
    "(d>0?'ascending':'descending'):'none');col=i;dir=d;}\n"
    "function apply(){var q=f.value.trim().toLowerCase(),n=0;\n"
    " rows.forEach(function(r){var ok=(!q||r.textContent.toLowerCase().indexOf(q)>=0)&&"
    "(!only.checked||r.getAttribute('data-errors')!=='0');r.hidden=!ok;if(ok)n++;});\n"
    " shown.textContent=n+' / '+rows.length;}\n"
    "Array.prototype.forEach.call(hs,function(h,i){h.tabIndex=0;\n"
    " function go(){sortBy(i,col===i?-dir:1);}\n"
    " h.addEventListener('click',go);h.addEventListener('keydown',function(e){"
    "if(e.key==='Enter'||e.key===' '){e.preventDefault();go();}});});\n"
    "f.addEventListener('input',apply);only.addEventListener('change',apply);\n"
    "var p={};location.hash.replace(/^#/,'').split('&').forEach(function(kv){"
    "var i=kv.indexOf('=');if(i>0)try{p[kv.slice(0,i)]=decodeURIComponent(kv.slice(i+1));}"
    "catch(e){}});\n"
    "if(p.q)f.value=p.q;if(p.errors==='1')only.checked=true;\n"
    "if(p.sort)for(var i=0;i<hs.length;i++)if(hs[i].getAttribute('data-key')===p.sort)"
    "sortBy(i,p.dir==='desc'?-1:1);\n"
    "apply();document.documentElement.setAttribute('data-ready','1');\n"
    "})();\n";

static void card(FILE *out, const char *cls, const char *key, const char *value,
                 const char *detail)
{
    fprintf(out, "<div class=\"card%s%s\"><div class=\"k\">%s</div><div class=\"v\">",
            cls ? " " : "", cls ? cls : "", key);
    esc(out, value);
    fputs("</div><div class=\"d\">", out);
    esc(out, detail);
    fputs("</div></div>\n", out);
}

static void cards(FILE *out, const nl_audit *a)
{
    char v[64], d[160], t[48];
    fputs("<section class=\"cards\">\n", out);
    snprintf(v, sizeof v, "%zu", a->nrows);
    if (a->unreadable)
        snprintf(d, sizeof d, "另有 %zu 个文件无法读取", a->unreadable);
    else
        snprintf(d, sizeof d, "全部可读取");
    card(out, NULL, "通报", v, d);
    snprintf(v, sizeof v, "%zu", a->with_errors);
    snprintf(d, sizeof d, "错误 %zu · 警告 %zu · 提示 %zu", a->by_sev[NL_SEV_ERROR],
             a->by_sev[NL_SEV_WARNING], a->by_sev[NL_SEV_INFO]);
    card(out, a->with_errors ? "warn" : "ok", "有错误的通报", v, d);
    if (a->problems.notices)
        nl_audit_format_number(a->problems.total, v, sizeof v);
    else
        snprintf(v, sizeof v, "—");
    nl_audit_format_number(a->items.total, t, sizeof t);
    snprintf(d, sizeof d, "%zu 份通报列明；正文列出问题 %s 项", a->problems.notices, t);
    card(out, NULL, "反馈问题合计", v, d);
    if (a->completed.notices)
        nl_audit_format_number(a->completed.total, v, sizeof v);
    else
        snprintf(v, sizeof v, "—");
    if (a->in_progress.notices)
        nl_audit_format_number(a->in_progress.total, t, sizeof t);
    else
        snprintf(t, sizeof t, "—");
    snprintf(d, sizeof d, "%zu 份通报列明；推进中 %s", a->completed.notices, t);
    card(out, NULL, "已完成合计", v, d);
    if (a->lag.n) {
        nl_audit_format_number(a->lag.median, t, sizeof t);
        snprintf(v, sizeof v, "%s 天", t);
        snprintf(d, sizeof d, "最短 %ld · P90 %ld · 最长 %ld（%zu 份）", a->lag.min,
                 a->lag.p90, a->lag.max, a->lag.n);
    } else {
        snprintf(v, sizeof v, "—");
        snprintf(d, sizeof d, "没有可计算的通报");
    }
    card(out, NULL, "反馈至公布天数（中位数）", v, d);
    nl_audit_format_number(a->lag_threshold, t, sizeof t);
    char key[96];
    snprintf(key, sizeof key, "超过 %s 天公布", t);
    snprintf(v, sizeof v, "%zu", a->lag.over);
    if (a->lag_threshold_from_rule)
        snprintf(d, sizeof d, "阈值取自规则 %s", NL_AUDIT_LAG_RULE);
    else
        snprintf(d, sizeof d, "默认阈值（未加载规则 %s）", NL_AUDIT_LAG_RULE);
    card(out, a->lag.over ? "warn" : "ok", key, v, d);
    snprintf(v, sizeof v, "%zu", a->missing_contact);
    card(out, a->missing_contact ? "warn" : "ok", "缺联系方式段", v, "未公布监督电话、邮箱或地址");
    snprintf(v, sizeof v, "%zu / %zu", a->missing_signature, a->missing_date);
    card(out, a->missing_signature || a->missing_date ? "warn" : "ok", "缺落款单位 / 日期",
         v, "通报末尾的发文单位和日期");
    fputs("</section>\n", out);
}

static void groups_table(FILE *out, const nl_audit *a)
{
    fputs("<h2>按巡察组</h2>\n<div class=\"scroll\"><table id=\"groups\"><thead><tr>"
          "<th>巡察组</th><th>通报数</th><th>反馈问题</th><th>列出问题项</th><th>已完成</th>"
          "<th>错误</th><th>警告</th><th>最长公布天数</th><th>超过阈值</th><th>通报</th>"
          "</tr></thead><tbody>\n", out);
    for (size_t k = 0; k < a->ngroups; k++) {
        const nl_audit_group *g = &a->groups[k];
        fputs("<tr><td>", out);
        if (g->body)
            esc(out, g->body);
        else
            fputs("（未识别）", out);
        fputs("</td>", out);
        td_num(out, (double)g->notices, 1, NULL);
        td_num(out, g->problems.total, g->problems.notices > 0, NULL);
        td_num(out, g->items.total, g->items.notices > 0, NULL);
        td_num(out, g->completed.total, g->completed.notices > 0, NULL);
        td_num(out, (double)g->by_sev[NL_SEV_ERROR], 1, NULL);
        td_num(out, (double)g->by_sev[NL_SEV_WARNING], 1, NULL);
        td_num(out, (double)g->lag_max, g->with_lag > 0, NULL);
        td_num(out, (double)g->over, 1, g->over ? "late" : NULL);
        fprintf(out, "<td><details><summary>%zu 份</summary><ul>", g->notices);
        for (size_t i = 0; i < g->notices; i++) {
            fputs("<li>", out);
            esc(out, a->rows[g->rows[i]].path);
            fputs("</li>", out);
        }
        fputs("</ul></details></td></tr>\n", out);
    }
    fputs("</tbody></table></div>\n", out);
}

static void rules_table(FILE *out, const nl_audit *a)
{
    fprintf(out, "<details><summary>全部 %zu 条规则的统计</summary><div class=\"scroll\">"
                 "<table id=\"rules\"><thead><tr><th>规则</th><th>级别</th><th>通报数</th>"
                 "<th>发现数</th></tr></thead><tbody>\n", a->nrules);
    for (size_t k = 0; k < a->nrules; k++) {
        const nl_audit_rule *r = &a->rules[a->rule_order[k]];
        fputs("<tr><td><code>", out);
        esc(out, r->id);
        fprintf(out, "</code></td><td>%s</td>", sev_zh(r->severity));
        td_num(out, (double)r->notices, 1, NULL);
        td_num(out, (double)r->findings, 1, NULL);
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table></div></details>\n", out);
}

/* Header of the notices table: key (for #sort=), type, label. */
static const struct {
    const char *key, *type, *label;
} heads[] = {
    {"path", "text", "文件 · 发现"}, {"issuing_unit", "text", "发布单位 · 巡察组"},
    {"publication_date", "text", "反馈 · 公布"}, {"lag_days", "num", "天数"},
    {"problems", "num", "问题数"}, {"items", "num", "列出项"},
    {"completed", "num", "已完成"}, {"completion_rate_percent", "num", "完成率"},
    {"discipline", "text", "处分处理"}, {"contact", "num", "联系方式"},
    {"signature", "num", "落款"}, {"errors", "num", "错误"}, {"warnings", "num", "警告"},
};

static int copy_rows(FILE *out, FILE *rows)
{
    char buf[65536];
    size_t n;
    if (fflush(rows) != 0 || fseek(rows, 0, SEEK_SET) != 0)
        return -1;
    while ((n = fread(buf, 1, sizeof buf, rows)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            return -1;
    return ferror(rows) ? -1 : 0;
}

static int html_end(void *state, FILE *out, const nl_audit *a)
{
    html_state *st = state;
    int rc = ferror(st->rows) ? -1 : 0;
    if (!out) {
        fclose(st->rows);
        free(st);
        return -1;
    }
    fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"noticelint " NL_VERSION "\">\n"
          "<title>巡察整改情况通报审核汇总</title>\n<style>\n", out);
    fputs(css, out);
    fputs("</style>\n</head>\n<body>\n<header><h1>巡察整改情况通报审核汇总</h1>", out);
    fprintf(out, "<p class=\"sub\">共 %zu 份通报 · noticelint " NL_VERSION "</p></header>\n"
                 "<main>\n", a->nrows);
    cards(out, a);
    fputs("<h2>图表</h2>\n<section class=\"charts\">\n", out);
    chart_discipline(out, a);
    chart_rules(out, a);
    chart_lag(out, a);
    fputs("</section>\n", out);
    rules_table(out, a);
    groups_table(out, a);
    fputs("<h2>通报明细</h2>\n<div class=\"controls\"><input id=\"filter\" type=\"search\" "
          "placeholder=\"筛选：文件、单位、巡察组、规则、问题内容…\" aria-label=\"筛选\">"
          "<label><input type=\"checkbox\" id=\"only-errors\"> 只看有错误的通报</label>", out);
    fprintf(out, "<span id=\"shown\">%zu / %zu</span></div>\n", a->nrows, a->nrows);
    fputs("<div class=\"scroll\"><table id=\"notices\"><thead><tr>", out);
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
        fprintf(out, "<th data-key=\"%s\" data-type=\"%s\" aria-sort=\"none\">%s</th>",
                heads[i].key, heads[i].type, heads[i].label);
    fputs("</tr></thead>\n<tbody>\n", out);
    if (copy_rows(out, st->rows) != 0)
        rc = -1;
    fputs("</tbody></table></div>\n</main>\n<footer><p>天数：反馈日期至公布日期（网页发布日期，"
          "无则落款日期）的天数；超过阈值 ", out);
    num(out, a->lag_threshold);
    fputs(" 天标红。点击表头排序，输入文字筛选；每份通报的“发现”可展开，显示行号:列号、级别、说明和规则。"
          "</p></footer>\n<script>\n", out);
    fputs(script, out);
    fputs("</script>\n</body>\n</html>\n", out);
    fclose(st->rows);
    free(st);
    return rc || ferror(out) ? -1 : 0;
}

const nl_audit_format nl_audit_fmt_html = {
    .name = "html",
    .begin = html_begin,
    .notice = html_notice,
    .end = html_end,
};
