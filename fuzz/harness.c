/*
 * harness.c — the fuzz target bodies (see harness.h).
 *
 * Besides "does not crash", each target checks a few invariants that must
 * hold for any input and abort()s when one does not, so that libFuzzer
 * reports it like a crash: positions map back inside the original bytes,
 * a numeral span is itself a numeral, a formatted numeral reads back as
 * the same value, a parsed date formats within its buffer.  Output goes to
 * /dev/null: the formatters run, nothing is compared.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnum.h"
#include "config.h"
#include "date.h"
#include "doc.h"
#include "eval.h"
#include "finding.h"
#include "fmt.h"
#include "notice.h"
#include "noticelint.h"
#include "report.h"
#include "rules.h"

/* A short but complete notice on which fuzzed rule files are run, so that
 * every kind's run() sees the parameters the fuzzer invents. */
static const char sample_notice[] =
    "中共某某县委员会关于巡察整改进展情况的通报\n"
    "根据县委统一部署，2023年3月7日至5月10日，县委第一巡察组对本单位进行了巡察，"
    "6月2日反馈了巡察意见。现将整改情况予以公布。\n"
    "一、提高政治站位\n"
    "（一）加强组织领导。成立整改工作领导小组，一是明确责任，二是细化任务。\n"
    "二、反馈问题的整改落实情况\n"
    "（一）关于落实党中央决策部署方面\n"
    "1.针对“学习贯彻不够深入”问题。已完成整改，给予政务处分3人（记过1人，警告2人）。\n"
    "2.针对“制度执行不严”问题。正在推进，计划于2023年12月底前完成。\n"
    "（三）关于作风建设方面\n"
    "1.针对“调查研究不够”问题。其它事项截止目前已整改XX项。\n"
    "欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0123-4567890；"
    "电子邮箱：xuncha@example.org。\n"
    "中共某某县委员会\n"
    "2023年9月1日\n";

static nl_config *cfg;
static nl_ruleset pack;
static FILE *devnull;

/* Load what every target shares, once.  A failure here is a broken build,
 * not a finding: abort. */
static void setup(int want_pack)
{
    static int have_cfg, have_pack;
    if (!have_cfg) {
        nl_error err = {0};
        if (nl_config_load_default(&cfg, &err) != NL_OK) {
            fprintf(stderr, "fuzz: default configuration: %s\n", err.text);
            abort();
        }
        if (!(devnull = fopen("/dev/null", "w")))
            abort();
        have_cfg = 1;
    }
    if (want_pack && !have_pack) {
        nl_error err = {0};
        pack.base_defs = &cfg->defs;
        pack.parser = cfg;
        if (nl_rules_load_default(&pack, NULL, NULL, &err) != NL_OK) {
            fprintf(stderr, "fuzz: default pack: %s\n", err.text);
            abort();
        }
        have_pack = 1;
    }
}

/* Every reported position of a document must be inside it. */
/* Every line starts where the index says: at line i + 1, column 1 of a
 * text or .docx document (a .docx line is a paragraph; its offsets are
 * text offsets), at some place inside the source of an .html page. */
static void check_positions(const nl_doc *doc, size_t size)
{
    size_t limit = doc->format == NL_INPUT_DOCX ? doc->dec.len : size;
    for (size_t i = 0; i < doc->nlines; i++) {
        nl_pos p = nl_doc_pos(doc, doc->line_starts[i]);
        if (doc->format == NL_INPUT_HTML
                ? p.line < 1 || p.column < 1 || p.offset > size
                : p.line != (int)i + 1 || p.column != 1 || p.offset > limit)
            abort();
        if (doc->line_ends[i] < doc->line_starts[i] ||
            doc->line_ends[i] > doc->dec.len)
            abort();
    }
    if (nl_doc_orig(doc, doc->dec.len) > limit)
        abort();
}

static void check_findings(const nl_doc *doc, const nl_findings *f)
{
    for (size_t i = 0; i < f->n; i++) {
        const nl_finding *x = &f->v[i];
        if (!x->rule_id || !x->message || x->span.start > x->span.end ||
            x->span.end > doc->dec.len)
            abort();
    }
}

/* Load as `format`, check every position, parse, render as JSON. */
static int fuzz_load_parse(const uint8_t *data, size_t size, nl_input_format format)
{
    setup(0);
    nl_doc *doc = NULL;
    nl_notice *nt = NULL;
    nl_load_opts o = {.format = format};
    if (nl_doc_load_mem("fuzz", data, size, &o, &doc, NULL) != NL_OK)
        return 0;
    check_positions(doc, size);
    if (nl_notice_parse(cfg, doc, &nt, NULL) == NL_OK) {
        char *json = nl_notice_to_json(nt, size & 1 ? 2 : 0);
        if (json)
            fputs(json, devnull);
        free(json);
    }
    nl_notice_free(nt);
    nl_doc_free(doc);
    return 0;
}

int nl_fuzz_doc(const uint8_t *data, size_t size)
{
    return fuzz_load_parse(data, size, NL_INPUT_TEXT);
}

int nl_fuzz_docx(const uint8_t *data, size_t size)
{
    return fuzz_load_parse(data, size, NL_INPUT_DOCX);
}

int nl_fuzz_html(const uint8_t *data, size_t size)
{
    return fuzz_load_parse(data, size, NL_INPUT_HTML);
}

int nl_fuzz_rules(const uint8_t *data, size_t size)
{
    setup(0);
    nl_ruleset set = {0};
    set.base_defs = &cfg->defs;
    set.parser = cfg;
    nl_error err = {0};
    if (nl_rules_load_text(&set, "fuzz.yaml", (const char *)data, size, NULL,
                           NULL, &err) == NL_OK) {
        /* Run what loaded on a real notice. */
        nl_doc *doc = NULL;
        nl_notice *nt = NULL;
        nl_findings f = {0};
        if (nl_doc_load_bytes("sample", sample_notice, sizeof sample_notice - 1,
                              &doc, NULL) == NL_OK &&
            nl_notice_parse(cfg, doc, &nt, NULL) == NL_OK &&
            nl_eval_run(&set, NULL, nt, &f, NULL, NULL) == NL_OK)
            check_findings(doc, &f);
        nl_findings_free(&f);
        nl_notice_free(nt);
        nl_doc_free(doc);
    } else if (err.code == NL_OK || !err.text[0]) {
        abort(); /* a failure must say why */
    }
    nl_ruleset_free(&set);
    return 0;
}

int nl_fuzz_check(const uint8_t *data, size_t size)
{
    setup(1);
    nl_doc *doc = NULL;
    nl_notice *nt = NULL;
    nl_findings f = {0};
    if (nl_doc_load_bytes("fuzz.txt", data, size, &doc, NULL) != NL_OK)
        return 0;
    if (nl_notice_parse(cfg, doc, &nt, NULL) == NL_OK &&
        nl_eval_run(&pack, NULL, nt, &f, NULL, NULL) == NL_OK) {
        check_findings(doc, &f);
        nl_summary sum = {0};
        nl_summary_add(&sum, &f);
        /* Every output format check has ("text, json, jsonl, ..."). */
        nl_report_opts o;
        memset(&o, 0, sizeof o);
        o.set = &pack;
        o.color = (int)(size & 1);
        o.quiet = (int)(size & 2);
        const char *list = nl_reporter_formats();
        while (*list) {
            char name[32];
            size_t n = strcspn(list, ", ");
            snprintf(name, sizeof name, "%.*s", (int)n, list);
            list += n + strspn(list + n, ", ");
            nl_reporter *r = nl_reporter_new(name, devnull, &o);
            if (!r)
                continue;
            nl_reporter_file(r, doc, nt, &f);
            nl_reporter_end(r, &sum);
        }
    }
    nl_findings_free(&f);
    nl_notice_free(nt);
    nl_doc_free(doc);
    return 0;
}

int nl_fuzz_cnum(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    long v = nl_cnum_parse(s, size);
    if (v < -1 || v > NL_CNUM_MAX)
        abort();
    size_t span = nl_cnum_span(s, size);
    if (span > size || (span > 0 && nl_cnum_parse(s, span) < 0))
        abort();
    /* Writing the value back gives a numeral that reads the same. */
    if (v >= 1 && v <= 9999) {
        char buf[64];
        size_t n = nl_cnum_format(v, buf, sizeof buf);
        if (n == 0 || n >= sizeof buf || buf[n] != '\0' ||
            nl_cnum_parse(buf, n) != v)
            abort();
        /* Too small a buffer: nothing written past it, "" left. */
        char tiny[4];
        n = nl_cnum_format(v, tiny, (size & 3) + 1);
        if (n >= (size & 3) + 1)
            abort();
    }
    return 0;
}

int nl_fuzz_date(const uint8_t *data, size_t size)
{
    nl_date d = {-7, -7, -7};
    int flags = nl_date_parse((const char *)data, size, &d);
    if (flags < 0)
        abort();
    if (flags == 0) {
        if (d.year != -7 || d.month != -7 || d.day != -7)
            abort(); /* *out untouched on failure */
        return 0;
    }
    if (!!(flags & NL_DATE_HAS_YEAR) != (d.year != 0) ||
        !!(flags & NL_DATE_HAS_MONTH) != (d.month != 0) ||
        !!(flags & NL_DATE_HAS_DAY) != (d.day != 0) || d.year < 0 ||
        d.month < 0 || d.day < 0)
        abort();
    char buf[11];
    nl_date_iso(d, buf, sizeof buf);
    if (memchr(buf, '\0', sizeof buf) == NULL)
        abort();
    nl_date_iso(d, buf, (size & 7) + 1);
    if (nl_date_cmp(d, d) != 0)
        abort();
    nl_date ctx = {2024, 2, 29};
    nl_date inferred = nl_date_infer_year(d, ctx);
    if (d.year && inferred.year != d.year)
        abort();
    if (nl_date_valid(d) && d.year && d.month && d.day &&
        (nl_date_diff(d, d) != 0 || nl_date_days(d) < -1000000 ||
         nl_date_days(d) > 1000000))
        abort();
    return 0;
}

nl_fuzz_fn nl_fuzz_target(const char *name)
{
    static const struct {
        const char *name;
        nl_fuzz_fn fn;
    } targets[] = {{"doc", nl_fuzz_doc},     {"rules", nl_fuzz_rules},
                   {"check", nl_fuzz_check}, {"docx", nl_fuzz_docx},
                   {"html", nl_fuzz_html},   {"cnum", nl_fuzz_cnum},
                   {"date", nl_fuzz_date}};
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++)
        if (strcmp(targets[i].name, name) == 0)
            return targets[i].fn;
    return NULL;
}
