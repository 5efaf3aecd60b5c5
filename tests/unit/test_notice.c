/*
 * test_notice.c — the notice parser and fact extraction, on the project's
 * fixtures and on the five real notices in ../shared/seeds (those tests
 * skip when the folder is absent).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notice.h"
#include "testutil.h"

static nl_config *cfg;

static void setup(void)
{
    nl_error err = {0};
    cr_assert_eq(nl_config_load_default(&cfg, &err), NL_OK, "%s", err.text);
}

static void teardown(void)
{
    nl_config_free(cfg);
}

TestSuite(notice, .init = setup, .fini = teardown);

typedef struct parsed {
    nl_doc *doc;
    nl_notice *nt;
} parsed;

static parsed parse_path(const char *path)
{
    parsed p = {NULL, NULL};
    nl_error err = {0};
    cr_assert_eq(nl_doc_load_file(path, &p.doc, &err), NL_OK, "%s: %s", path, err.text);
    cr_assert_eq(nl_notice_parse(cfg, p.doc, &p.nt, &err), NL_OK, "%s", err.text);
    return p;
}

static parsed parse_text(const char *text)
{
    parsed p = {NULL, NULL};
    nl_error err = {0};
    cr_assert_eq(nl_doc_load_bytes("mem", text, strlen(text), &p.doc, &err), NL_OK);
    cr_assert_eq(nl_notice_parse(cfg, p.doc, &p.nt, &err), NL_OK);
    return p;
}

/* The seed whose name starts with `prefix`; skips the test when absent. */
static parsed parse_seed(const char *prefix)
{
    const char *path = tu_seed_path(prefix);
    if (!path)
        cr_skip_test("../shared/seeds (or seed %s*) is absent", prefix);
    return parse_path(path);
}

static void release(parsed p)
{
    nl_notice_free(p.nt);
    nl_doc_free(p.doc);
}

static const char *fact(const parsed *p, nl_fact_id id)
{
    return p->nt->facts[id].set ? p->nt->facts[id].text : "(unset)";
}

static long count_fact(const parsed *p, nl_fact_id id)
{
    return p->nt->facts[id].set ? p->nt->facts[id].count : -2;
}

static long discipline(const parsed *p, const char *kind)
{
    for (size_t i = 0; i < p->nt->ndiscipline; i++)
        if (strcmp(p->nt->discipline[i].kind, kind) == 0)
            return p->nt->discipline[i].count;
    return -1;
}

static int has_list(const parsed *p, nl_fact_id id, const char *value)
{
    for (size_t i = 0; i < p->nt->lists[id].n; i++)
        if (strcmp(p->nt->lists[id].v[i].text, value) == 0)
            return 1;
    return 0;
}

static int line_of(const parsed *p, nl_span s)
{
    return nl_doc_pos(p->doc, s.start).line;
}

/* Copy of a span's text (static buffer). */
static const char *text(const parsed *p, nl_span s)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "%.*s", (int)(s.end - s.start), p->doc->dec.text + s.start);
    return buf;
}

Test(notice, seed000_facts_and_structure)
{
    parsed p = parse_seed("000_");
    cr_assert_str_eq(fact(&p, NL_F_INSPECTION_START), "2023-03-07");
    cr_assert_str_eq(fact(&p, NL_F_INSPECTION_END), "2023-04-14");
    cr_assert_str_eq(fact(&p, NL_F_FEEDBACK_DATE), "2023-07-27");
    cr_assert_str_eq(fact(&p, NL_F_PUBLISH_DATE), "2024-02-02");
    cr_assert_str_eq(fact(&p, NL_F_SIGNATURE_DATE), "2024-02-02");
    cr_assert_str_eq(fact(&p, NL_F_INSPECTION_BODY), "市委第五巡察组");
    cr_assert_str_eq(fact(&p, NL_F_ISSUING_UNIT), "中共南城街道工作委员会");
    cr_assert(has_list(&p, NL_F_PHONES, "0769-22907133"));
    cr_assert(has_list(&p, NL_F_POSTCODES, "523071"));
    cr_assert(has_list(&p, NL_F_EMAILS, "dgncdzb@126.com"));
    cr_assert(p.nt->has_title && p.nt->has_meta && p.nt->has_contact);
    cr_assert(p.nt->has_sig_unit && p.nt->has_sig_date);
    /* Part 二: six aspects, 51 items numbered 1..51 across them. */
    int part = p.nt->problem_part;
    cr_assert_geq(part, 0);
    cr_assert_eq(p.nt->headings[part].number, 2);
    cr_assert_eq(p.nt->naspects, 6);
    cr_assert_eq(p.nt->nitems, 51);
    long expect = 1;
    for (size_t i = 0; i < p.nt->nheadings; i++)
        if (p.nt->headings[i].role == NL_ROLE_ITEM)
            cr_assert_eq(p.nt->headings[i].number, expect++);
    cr_assert_str_eq(p.nt->item_numbering, "continuous");
    /* Items 22 and 23 share a problem title (a known defect of this seed). */
    char t22[1024] = "", t23[1024] = "";
    for (size_t i = 0; i < p.nt->nheadings; i++) {
        const nl_heading *h = &p.nt->headings[i];
        if (h->role == NL_ROLE_ITEM && h->number == 22)
            snprintf(t22, sizeof t22, "%s", text(&p, h->title));
        if (h->role == NL_ROLE_ITEM && h->number == 23)
            snprintf(t23, sizeof t23, "%s", text(&p, h->title));
    }
    cr_assert(t22[0] != '\0');
    cr_assert_str_eq(t22, t23);
    /* Chrome stays out of the body: the footer lines are footer. */
    cr_assert_eq(p.nt->line_kind[p.doc->nlines - 1], NL_LINE_FOOTER);
    release(p);
}

Test(notice, seed001_level1_problems_and_discipline)
{
    parsed p = parse_seed("001_");
    size_t level1 = 0, fortyfour = 0;
    long prev = 0;
    int monotone = 1;
    for (size_t i = 0; i < p.nt->nheadings; i++) {
        const nl_heading *h = &p.nt->headings[i];
        if (h->level != 1)
            continue;
        level1++;
        cr_assert_eq(h->role, NL_ROLE_ITEM);
        cr_assert(h->title.end > h->title.start, "heading %ld has a title", h->number);
        if (h->number == 44)
            fortyfour++;
        if (h->number < prev)
            monotone = 0;
        prev = h->number;
    }
    /* 四十四 is used twice: 45 level-1 headings carry the numbers 1..44. */
    cr_assert_eq(level1, 45);
    cr_assert_eq(fortyfour, 2);
    cr_assert(monotone);
    cr_assert_eq(prev, 44);
    cr_assert_eq(p.nt->naspects, 0);
    cr_assert_eq(discipline(&p, "党纪处分"), 1);
    cr_assert_eq(discipline(&p, "政务处分"), 3);
    cr_assert_eq(discipline(&p, "记大过"), 1);
    cr_assert_eq(discipline(&p, "记过"), 2);
    cr_assert_eq(discipline(&p, "提醒谈话"), 18);
    cr_assert_eq(discipline(&p, "批评教育"), 2);
    cr_assert_eq(discipline(&p, "诫勉谈话"), 1);
    cr_assert_eq(count_fact(&p, NL_F_SYSTEMS), 13);
    /* A range 2023年7月12日-9月22日 shares its year; feedback has its own. */
    cr_assert_str_eq(fact(&p, NL_F_INSPECTION_START), "2023-07-12");
    cr_assert_str_eq(fact(&p, NL_F_INSPECTION_END), "2023-09-22");
    cr_assert_str_eq(fact(&p, NL_F_FEEDBACK_DATE), "2024-03-08");
    cr_assert_str_eq(fact(&p, NL_F_INSPECTION_BODY), "区委第一巡察组");
    cr_assert_str_eq(fact(&p, NL_F_ISSUING_UNIT), "潘火街道党工委");
    /* Body-only copy: no title, no signature; contact without area code. */
    cr_assert(!p.nt->has_title && !p.nt->has_sig_unit && !p.nt->has_sig_date);
    cr_assert(p.nt->has_contact);
    cr_assert(has_list(&p, NL_F_PHONES, "83088698"));
    cr_assert(has_list(&p, NL_F_POSTCODES, "315105"));
    cr_assert_eq(p.nt->lists[NL_F_EMAILS].n, 0);
    cr_assert_eq(p.nt->preamble_n, 2);
    release(p);
}

Test(notice, seed002_gaps_and_empty_heading)
{
    parsed p = parse_seed("002_");
    /* Part 一 jumps from (一) to (三). */
    const nl_heading *h = p.nt->headings;
    cr_assert_eq(h[0].level, 1);
    cr_assert_eq(h[1].level, 2);
    cr_assert_eq(h[1].number, 1);
    cr_assert_eq(h[2].number, 3);
    /* (十四) has nothing under it. */
    int found = 0;
    for (size_t i = 0; i < p.nt->nheadings; i++)
        if (h[i].level == 2 && h[i].number == 14) {
            found = 1;
            cr_assert_eq(h[i].npara, 0);
            cr_assert_eq(h[i].nchildren, 0);
            cr_assert_eq(h[i].rest.end, h[i].rest.start);
        }
    cr_assert(found);
    cr_assert(!p.nt->has_contact && !p.nt->has_sig_unit && !p.nt->has_sig_date);
    cr_assert_str_eq(fact(&p, NL_F_FEEDBACK_DATE), "2023-07-26");
    cr_assert_str_eq(fact(&p, NL_F_INSPECTION_END), "2023-05-31");
    release(p);
}

Test(notice, seed003_per_aspect_items_and_stated_counts)
{
    parsed p = parse_seed("003_");
    cr_assert_eq(p.nt->naspects, 7);
    cr_assert_eq(p.nt->nitems, 32);
    cr_assert_str_eq(p.nt->item_numbering, "per-parent");
    cr_assert_eq(count_fact(&p, NL_F_ASPECTS), 7);
    cr_assert_eq(count_fact(&p, NL_F_PROBLEMS), 32);
    cr_assert_eq(count_fact(&p, NL_F_MEASURES), 70);
    /* Every aspect's items start at 1. */
    int last_parent = -2;
    for (size_t i = 0; i < p.nt->nheadings; i++) {
        const nl_heading *h = &p.nt->headings[i];
        if (h->role != NL_ROLE_ITEM)
            continue;
        if (h->parent != last_parent)
            cr_assert_eq(h->number, 1, "first item of an aspect at line %d",
                         line_of(&p, h->line));
        last_parent = h->parent;
    }
    /* The signature unit ends with an en space (U+2002), trimmed away. */
    cr_assert(p.nt->has_sig_unit);
    cr_assert_str_eq(text(&p, p.nt->sig_unit), "中共东莞滨海湾新区工作委员会");
    cr_assert_str_eq(fact(&p, NL_F_SIGNATURE_DATE), "2022-05-20");
    cr_assert_str_eq(fact(&p, NL_F_PUBLISH_DATE), "2022-05-20");
    cr_assert_str_eq(fact(&p, NL_F_INSPECTION_START), "2021-08-05");
    cr_assert_str_eq(fact(&p, NL_F_FEEDBACK_DATE), "2021-11-18");
    cr_assert(has_list(&p, NL_F_EMAILS, "DGswderxcz@dg.gov.cn"));
    release(p);
}

Test(notice, seed004_enumeration_order_and_missing_parts)
{
    parsed p = parse_seed("004_");
    /* Somewhere one item enumerates 一是, 四是, 二是, 三是 in that order. */
    int found = 0;
    for (size_t i = 0; i + 3 < p.nt->nenums; i++) {
        const nl_enum *e = &p.nt->enums[i];
        if (e[0].number == 1 && e[1].number == 4 && e[2].number == 2 &&
            e[3].number == 3)
            found = 1;
    }
    cr_assert(found);
    cr_assert_eq(p.nt->nitems, 11);
    cr_assert_eq(count_fact(&p, NL_F_PROBLEMS), 11);
    cr_assert(!p.nt->has_contact && !p.nt->has_sig_date && !p.nt->has_title);
    /* 绿化完成率 236% is not the rectification completion rate. */
    cr_assert(!p.nt->facts[NL_F_COMPLETION_RATE].set);
    cr_assert_str_eq(fact(&p, NL_F_INSPECTION_START), "2024-04-03");
    cr_assert_str_eq(fact(&p, NL_F_INSPECTION_END), "2024-06-17");
    cr_assert_str_eq(fact(&p, NL_F_FEEDBACK_DATE), "2024-07-30");
    release(p);
}

Test(notice, fixture_clean_full_counts)
{
    parsed p = parse_path(tu_src("fixtures/clean-full.txt"));
    cr_assert_eq(count_fact(&p, NL_F_ASPECTS), 4);
    cr_assert_eq(count_fact(&p, NL_F_PROBLEMS), 12);
    cr_assert_eq(count_fact(&p, NL_F_MEASURES), 36);
    cr_assert_eq(count_fact(&p, NL_F_COMPLETED), 10);
    cr_assert_eq(count_fact(&p, NL_F_IN_PROGRESS), 2);
    cr_assert_float_eq(p.nt->facts[NL_F_COMPLETION_RATE].decimal, 83.33, 1e-9);
    cr_assert_float_eq(p.nt->facts[NL_F_FUNDS].decimal, 12.5, 1e-9);
    cr_assert_eq(count_fact(&p, NL_F_SYSTEMS), 8);
    cr_assert_eq(p.nt->naspects, 4);
    cr_assert_eq(p.nt->nitems, 12);
    cr_assert_eq(discipline(&p, "政务处分"), 3);
    release(p);
}

/* The same notice in GB18030, CRLF, with a BOM or CR line ends parses to
 * the same structure at the same lines and columns. */
static void same_structure(const char *a, const char *b)
{
    parsed x = parse_path(tu_src(a)), y = parse_path(tu_src(b));
    cr_assert_eq(x.nt->nheadings, y.nt->nheadings, "%s vs %s", a, b);
    for (size_t i = 0; i < x.nt->nheadings; i++) {
        nl_pos px = nl_doc_pos(x.doc, x.nt->headings[i].label.start);
        nl_pos py = nl_doc_pos(y.doc, y.nt->headings[i].label.start);
        cr_assert_eq(px.line, py.line);
        cr_assert_eq(px.column, py.column);
        cr_assert_eq(x.nt->headings[i].number, y.nt->headings[i].number);
    }
    for (int f = 0; f < NL_F_COUNT; f++) {
        cr_assert_eq(x.nt->facts[f].set, y.nt->facts[f].set);
        if (x.nt->facts[f].set)
            cr_assert_str_eq(x.nt->facts[f].text, y.nt->facts[f].text);
        cr_assert_eq(x.nt->lists[f].n, y.nt->lists[f].n);
    }
    cr_assert_eq(x.nt->nenums, y.nt->nenums);
    cr_assert_eq(x.nt->ndates, y.nt->ndates);
    release(x);
    release(y);
}

Test(notice, encodings_and_line_endings_agree)
{
    same_structure("fixtures/clean-full.txt", "fixtures/clean-full.gb18030.txt");
    same_structure("fixtures/clean-full.txt", "fixtures/clean-full.crlf.txt");
    same_structure("fixtures/minimal.txt", "fixtures/minimal.bom.txt");
    same_structure("fixtures/minimal.txt", "fixtures/minimal.cr.txt");
}

Test(notice, gb18030_offsets_are_original_bytes)
{
    parsed p = parse_path(tu_src("fixtures/clean-full.gb18030.txt"));
    size_t n;
    char *raw = tu_read_file(tu_src("fixtures/clean-full.gb18030.txt"), &n);
    cr_assert_not_null(raw);
    /* 二、 in GB18030 is B6 FE A1 A2. */
    const nl_heading *two = NULL;
    for (size_t i = 0; i < p.nt->nheadings && !two; i++)
        if (p.nt->headings[i].level == 1 && p.nt->headings[i].number == 2)
            two = &p.nt->headings[i];
    cr_assert_not_null(two);
    size_t off = nl_doc_orig(p.doc, two->label.start);
    cr_assert_lt(off + 4, n);
    cr_assert_eq(memcmp(raw + off, "\xb6\xfe\xa1\xa2", 4), 0);
    free(raw);
    release(p);
}

Test(notice, year_inference_and_ranges)
{
    parsed p = parse_text(
        "根据县委统一部署,2023年12月4日至2024年1月30日,县委第一巡察组对甲镇党委进行了巡察。"
        "3月5日,县委第一巡察组向甲镇党委反馈了意见。\n");
    cr_assert_str_eq(fact(&p, NL_F_INSPECTION_START), "2023-12-04");
    cr_assert_str_eq(fact(&p, NL_F_INSPECTION_END), "2024-01-30");
    cr_assert_str_eq(fact(&p, NL_F_FEEDBACK_DATE), "2024-03-05");
    cr_assert_eq(p.nt->ndates, 3);
    cr_assert(p.nt->dates[2].inferred);
    release(p);
}

Test(notice, fullwidth_and_halfwidth_headings)
{
    parsed p = parse_text("一、总体情况\n（一）组织领导。一是建立机制；二是压实责任。\n(二)工作推进\n1．针对“甲”问题。\n2.针对“乙”问题。\n（1）细项\n");
    cr_assert_eq(p.nt->nheadings, 6);
    int levels[] = {1, 2, 2, 3, 3, 4};
    long numbers[] = {1, 1, 2, 1, 2, 1};
    for (int i = 0; i < 6; i++) {
        cr_assert_eq(p.nt->headings[i].level, levels[i], "heading %d", i);
        cr_assert_eq(p.nt->headings[i].number, numbers[i], "heading %d", i);
    }
    cr_assert_str_eq(text(&p, p.nt->headings[1].text), "组织领导");
    cr_assert_eq(p.nt->nenums, 2);
    cr_assert_eq(p.nt->enums[1].number, 2);
    cr_assert_eq(p.nt->headings[5].parent, 4);
    cr_assert_str_eq(text(&p, p.nt->headings[3].title), "甲");
    release(p);
}

Test(notice, no_false_headings)
{
    /* Years, decimals, court case numbers and 一是 are not headings. */
    parsed p = parse_text("2023年工作总结。\n3.5万元已追回。\n(2023)浙0212诉前调确990号已结案。\n一是加强学习。\n");
    cr_assert_eq(p.nt->nheadings, 0);
    cr_assert_eq(p.nt->nenums, 1);
    release(p);
}

Test(notice, binary_document_is_not_parsed)
{
    nl_doc *doc = NULL;
    nl_notice *nt = NULL;
    cr_assert_eq(nl_doc_load_bytes("bin", "一、\0x", 8, &doc, NULL), NL_OK);
    cr_assert(doc->unparsed);
    cr_assert_eq(nl_notice_parse(cfg, doc, &nt, NULL), NL_OK);
    cr_assert_eq(nt->nheadings, 0);
    char *json = nl_notice_to_json(nt, 0);
    cr_assert_not_null(json);
    cr_assert_not_null(strstr(json, "\"input.binary\""));
    free(json);
    nl_notice_free(nt);
    nl_doc_free(doc);
}

/* A saved web page: site name, menu items, breadcrumbs before the title
 * are chrome when a title follows within head_lines. */
Test(notice, web_menu_lines_before_the_title_are_chrome)
{
    parsed p = parse_text("南岭镇人民政府网\n首页\n政务公开\n互动交流\n"
                          "当前位置：首页 > 政务公开\n"
                          "中共南岭镇委员会关于巡察整改进展情况的通报\n"
                          "发布时间：2024-10-15\n"
                          "根据县委统一部署，县委第四巡察组对南岭镇党委进行了巡察。\n");
    cr_assert(p.nt->has_title);
    cr_assert_eq(line_of(&p, p.nt->title), 6);
    cr_assert(p.nt->has_meta);
    for (size_t i = 0; i < 5; i++)
        cr_assert_eq(p.nt->line_kind[i], NL_LINE_CHROME, "line %zu", i + 1);
    release(p);
}

/* Without a title ahead, a short first line is body text, and a long line
 * (a preamble) is never skipped to reach a title-like line. */
Test(notice, short_lines_stay_body_without_a_title)
{
    parsed p = parse_text("甲乙甲\n整改工作正在推进。\n");
    cr_assert(!p.nt->has_title);
    cr_assert_neq(p.nt->line_kind[0], NL_LINE_CHROME);
    release(p);
    p = parse_text("根据县委统一部署，2024年3月4日至4月26日，县委第一巡察组对甲镇党委进行了"
                   "巡察，并于2024年6月12日反馈了意见，现将有关情况通报如下，请结合实际抓好落实\n"
                   "甲镇关于巡察整改进展情况的通报\n");
    cr_assert(!p.nt->has_title);
    release(p);
}
