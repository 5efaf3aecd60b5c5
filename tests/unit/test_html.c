/*
 * test_html.c — unit tests for html.c (nl_html_extract) and html_charset.c.
 *
 * The pages in tests/data/html/ are small fictional notices.  Every result
 * goes through check_map(): the invariants always (UTF-8, no CR or NUL, map
 * in bounds, xmap[len] = end); on well-formed pages also exactness — each
 * text character sits at the source offset xmap names (or is what the
 * entity starting there decodes to), each inserted '\n' / '\t' points at a
 * '<' (or a line break / tab in <pre>), each collapsed space at whitespace,
 * and the map never goes backwards.  Random tag soup gets the character
 * exactness and monotonicity.  gbk.utf8.html is stored as UTF-8 and
 * converted to GB18030 here with iconv(3).
 */
#include "extract.h"
#include "html_charset.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <iconv.h>
#include <libxml/HTMLparser.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const NO_HINTS[] = {NULL};

static uint32_t code_point(const char *s, int k)
{
    const unsigned char *u = (const unsigned char *)s;
    if (k == 1)
        return u[0];
    uint32_t cp = u[0] & (0xFF >> (k + 1));
    for (int j = 1; j < k; j++)
        cp = (cp << 6) | (u[j] & 0x3F);
    return cp;
}

/* Code point the reference at s ('&') stands for, or 0. */
static uint32_t entity_value(const char *s)
{
    if (s[1] == '#') {
        int hex = s[2] == 'x' || s[2] == 'X';
        return (uint32_t)strtoul(s + 2 + hex, NULL, hex ? 16 : 10);
    }
    char name[40];
    size_t n = 0;
    while (n < sizeof name - 1 && s[1 + n] && s[1 + n] != ';')
        n++;
    memcpy(name, s + 1, n);
    name[n] = '\0';
    const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
    return e ? e->value : 0;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The invariants every result keeps.  exact >= 1: every character of the
 * source maps to itself (or the entity making it) and the map never goes
 * backwards; exact >= 2 (well-formed pages): every '\n' and '\t' maps to a
 * '<' (or a line break in <pre>) and every space to whitespace. */
static void check_map(const nl_extract *x, int exact)
{
    cr_assert_not_null(x->text);
    cr_assert_not_null(x->xmap);
    cr_assert_eq(x->text[x->len], '\0');
    cr_assert_eq(x->xmap[x->len], x->src.len, "xmap[len] = end of source");
    cr_assert_null(memchr(x->text, '\r', x->len), "no CR");
    cr_assert_null(memchr(x->text, '\0', x->len), "no NUL");
    const char *t = x->text, *s = x->src.text;
    size_t prev = 0;
    for (size_t i = 0; i < x->len;) {
        int k = nl_utf8_seq_len((const unsigned char *)t + i, x->len - i);
        cr_assert_gt(k, 0, "text is UTF-8 at %zu", i);
        size_t o = x->xmap[i];
        cr_assert_leq(o, x->src.len, "in bounds at %zu", i);
        if (t[i] != '\n')
            cr_assert_lt(o, x->src.len, "character at %zu maps inside", i);
        for (int j = 1; j < k; j++)
            cr_assert_eq(x->xmap[i + (size_t)j], o, "one offset per character");
        if (exact) {
            cr_assert_geq(o, prev, "map goes forward at text %zu", i);
            prev = o;
            if (t[i] == '\n' && exact >= 2)
                cr_assert(o == x->src.len || s[o] == '<' || s[o] == '\n' ||
                              s[o] == '\r',
                          "break at %zu maps to '%.10s'", i, s + o);
            else if (t[i] == '\t' && exact >= 2)
                cr_assert(s[o] == '<' || s[o] == '\t', /* <td>, or in <pre> */
                          "tab at %zu maps to '%.10s'", i, s + o);
            else if (t[i] == ' ' && exact >= 2)
                cr_assert(is_ws(s[o]) || s[o] == '&' || s[o] == '\0' ||
                              (s[o] == '<' && s[o + 1] == '!'), /* "<!>" */
                          "space at %zu maps to '%.10s'", i, s + o);
            else if (t[i] != '\n' && t[i] != '\t' && t[i] != ' ' &&
                     memcmp(s + o, t + i, (size_t)k) != 0) {
                cr_assert_eq(s[o], '&', "text %zu '%.*s' maps to '%.10s'", i,
                             k, t + i, s + o);
                cr_assert_eq(entity_value(s + o), code_point(t + i, k),
                             "entity at %zu", o);
            }
        }
        i += (size_t)k;
    }
}

static void extract(const char *bytes, size_t n, const char *const *hints,
                    nl_extract *x)
{
    nl_error err = {0};
    cr_assert_eq(nl_html_extract((const unsigned char *)bytes, n, hints, x,
                                 &err),
                 NL_OK, "%s", err.text);
    check_map(x, 0);
}

static void extract_str(const char *html, const char *const *hints,
                        nl_extract *x)
{
    extract(html, strlen(html), hints, x);
}

static char *read_page(const char *name, size_t *n)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/data/html/%s", name);
    char *b = tu_read_file(tu_src(rel), n);
    cr_assert_not_null(b, "cannot read %s", rel);
    return b;
}

static void extract_page(const char *name, const char *const *hints,
                         nl_extract *x)
{
    size_t n;
    char *b = read_page(name, &n);
    extract(b, n, hints, x);
    free(b);
    check_map(x, 2);
}

/* Text offset of the first occurrence of needle (must exist). */
static size_t at(const nl_extract *x, const char *needle)
{
    const char *p = strstr(x->text, needle);
    cr_assert_not_null(p, "'%s' not in text:\n%s", needle, x->text);
    return (size_t)(p - x->text);
}

/* Source offset of the first occurrence of needle (must exist). */
static size_t src_at(const nl_extract *x, const char *needle)
{
    const char *p = strstr(x->src.text, needle);
    cr_assert_not_null(p, "'%s' not in source", needle);
    return (size_t)(p - x->src.text);
}

static char *convert(const char *to, const char *from, const char *in,
                     size_t n, size_t *outn)
{
    iconv_t cd = iconv_open(to, from);
    cr_assert_neq(cd, (iconv_t)-1);
    size_t cap = 4 * n + 16, left = cap;
    char *out = malloc(cap), *o = out, *i = (char *)in;
    size_t inleft = n;
    cr_assert_neq(iconv(cd, &i, &inleft, &o, &left), (size_t)-1);
    iconv_close(cd);
    *outn = cap - left;
    return out;
}

/* ---- body selection ---------------------------------------------------- */

static const char ARTICLE_TEXT[] =
    "中共某某镇委员会关于巡察整改进展情况的通报\n"
    "发布时间：2024-03-05\u00a0\u00a0来源：某某镇\n"
    "\u3000\u3000根据县委统一部署，中共某某县委第三巡察组于2023年9月至11月"
    "对某某镇党委进行了巡察。\n"
    "\u3000\u3000一、强化政治担当，压实整改责任\n"
    "\u3000\u3000镇党委召开专题会议 3 次，研究整改措施 12 条。\n"
    "\n"
    "\u3000\u3000欢迎广大干部群众监督。联系电话：0000-1234567。\n"
    "中共某某镇委员会\n"
    "2024年3月5日\n";

Test(html, hint_selects_article)
{
    const char *const hints[] = {".article", NULL};
    nl_extract x;
    extract_page("article.html", hints, &x);
    cr_assert_str_eq(x.text, ARTICLE_TEXT);
    cr_assert_eq(x.src.encoding, NL_ENC_UTF8);
    cr_assert_str_eq(x.problem, "");
    nl_extract_free(&x);
}

Test(html, body_without_hints_drops_site_chrome)
{
    nl_extract x;
    extract_page("article.html", NO_HINTS, &x);
    /* header, nav, aside and footer go; the breadcrumb (a div) stays */
    cr_assert_str_eq(x.text, "当前位置：首页 > 巡察工作\n"
                             "中共某某镇委员会关于巡察整改进展情况的通报\n"
                             "发布时间：2024-03-05\u00a0\u00a0来源：某某镇\n"
                             "\u3000\u3000根据县委统一部署，中共某某县委第三巡察组"
                             "于2023年9月至11月对某某镇党委进行了巡察。\n"
                             "\u3000\u3000一、强化政治担当，压实整改责任\n"
                             "\u3000\u3000镇党委召开专题会议 3 次，研究整改措施 12 条。\n"
                             "\n"
                             "\u3000\u3000欢迎广大干部群众监督。联系电话：0000-1234567。\n"
                             "中共某某镇委员会\n"
                             "2024年3月5日\n");
    cr_assert_null(strstr(x.text, "首页\n"));
    cr_assert_null(strstr(x.text, "脚本"));
    cr_assert_null(strstr(x.text, "版权"));
    cr_assert_null(strstr(x.text, "相关文章"));
    nl_extract_free(&x);
}

Test(html, hints_tried_in_order)
{
    /* .article comes first in the page, #zoom first in the hints */
    const char *page = "<body><div class=\"x article y\"><p>甲</p></div>"
                       "<div id=\"zoom\"><p>乙</p></div></body>";
    const char *const h1[] = {"#zoom", ".article", NULL};
    const char *const h2[] = {"#nothere", "div.article", "#zoom", NULL};
    const char *const h3[] = {"p", NULL};
    nl_extract x;
    extract_str(page, h1, &x);
    cr_assert_str_eq(x.text, "乙\n");
    check_map(&x, 2);
    nl_extract_free(&x);
    extract_str(page, h2, &x);
    cr_assert_str_eq(x.text, "甲\n");
    nl_extract_free(&x);
    extract_str(page, h3, &x); /* first <p> only */
    cr_assert_str_eq(x.text, "甲\n");
    nl_extract_free(&x);
}

Test(html, hint_on_empty_element_or_bad_hint_is_skipped)
{
    const char *page = "<body><div id=\"zoom\"> &nbsp; </div>"
                       "<div class=\"content\"><p>正文</p></div><p>尾</p></body>";
    const char *const hints[] = {"", "div > p", "#zoom", ".content", NULL};
    nl_extract x;
    extract_str(page, hints, &x);
    cr_assert_str_eq(x.text, "正文\n");
    nl_extract_free(&x);
}

Test(html, main_article_and_role_main)
{
    nl_extract x;
    extract_str("<body><div>头</div><main><h1>标题</h1><article>正文</article>"
                "</main><div>尾</div></body>",
                NO_HINTS, &x);
    cr_assert_str_eq(x.text, "标题\n正文\n", "main wins over the article in it");
    nl_extract_free(&x);
    extract_str("<body><div>头</div><div role=\"Main\">主体</div></body>", NULL, &x);
    cr_assert_str_eq(x.text, "主体\n");
    nl_extract_free(&x);
    extract_str("<body><div>头</div><article><p>一</p><article>二</article>"
                "</article><div>尾</div></body>",
                NO_HINTS, &x);
    cr_assert_str_eq(x.text, "一\n二\n", "one outermost article");
    nl_extract_free(&x);
    extract_str("<body><div>头</div><article>一</article><article>二</article>"
                "<div>尾</div></body>",
                NO_HINTS, &x);
    cr_assert_str_eq(x.text, "头\n一\n二\n尾\n", "two articles: the whole body");
    nl_extract_free(&x);
}

Test(html, form_wrapping_the_page_is_kept)
{
    nl_extract x;
    extract_str("<body><form id=\"form1\"><nav>首页 导航</nav>"
                "<div><p>第一段正文内容</p><p>第二段正文内容</p></div>"
                "<footer>版权</footer></form></body>",
                NO_HINTS, &x);
    cr_assert_str_eq(x.text, "第一段正文内容\n第二段正文内容\n");
    nl_extract_free(&x);
}

Test(html, dropped_block_still_breaks_lines)
{
    nl_extract x;
    extract_str("<body><div>甲乙丙丁戊己<span>庚</span><header>头</header>辛壬"
                "<script>x</script>癸</div></body>",
                NO_HINTS, &x);
    cr_assert_str_eq(x.text, "甲乙丙丁戊己庚\n辛壬癸\n");
    nl_extract_free(&x);
}

/* ---- lines, whitespace, entities -------------------------------------- */

Test(html, nested_blocks_br_table_pre_entities)
{
    nl_extract x;
    extract_page("nested.html", NO_HINTS, &x);
    cr_assert_str_eq(x.text,
                     "中共某某县委第三巡察组\n"
                     "关于某某镇党委巡察整改进展情况的通报\n"
                     "一、总体情况\n"
                     "二、整改措施\n"
                     "三、下一步工作\n"
                     "甲&乙\u00a0丙一一<丁>“引号”&foo; A &amp B\n"
                     "多个 空格 与换行\n"
                     "序号\t问题\t完成情况\n"
                     "1\t台账不全\t已完成\n"
                     "第一行\n"
                     "  第二行\n");

    /* entities map to their '&' */
    size_t amp = at(&x, "&乙");
    cr_assert_eq(x.xmap[amp], src_at(&x, "&amp;乙"));
    cr_assert_eq(x.xmap[at(&x, "\u00a0丙")], src_at(&x, "&nbsp;"));
    cr_assert_eq(x.xmap[at(&x, "一一")], src_at(&x, "&#x4E00;"));
    cr_assert_eq(x.xmap[at(&x, "一一") + 3], src_at(&x, "&#19968;"));
    cr_assert_eq(x.xmap[at(&x, "“")], src_at(&x, "&ldquo;"));
    cr_assert_eq(x.xmap[at(&x, "&foo;")], src_at(&x, "&foo;"), "unknown: literal");
    cr_assert_eq(x.xmap[at(&x, "&amp B")], src_at(&x, "&amp B"), "no ';': literal");
    /* a collapsed run maps to its first whitespace character */
    cr_assert_eq(x.xmap[at(&x, " 空格")], src_at(&x, "    空格"));
    cr_assert_eq(x.xmap[at(&x, " 与换行")], src_at(&x, "\n     与换行"));
    /* a <br> line break maps to the <br> */
    cr_assert_eq(x.xmap[at(&x, "\n二、")], src_at(&x, "<br>二"));
    cr_assert_eq(x.xmap[at(&x, "\n三、")], src_at(&x, "<br/>"));
    /* a paragraph's break maps to its end tag; the cell tab to the <td> */
    cr_assert_eq(x.xmap[at(&x, "\n一、")], src_at(&x, "</p>\n  <div>"));
    cr_assert_eq(x.xmap[at(&x, "\t问题")], src_at(&x, "<td>问题"));
    /* a character in nested inline elements */
    cr_assert_eq(x.xmap[at(&x, "巡察整改进展")], src_at(&x, "巡察整改</span>"));
    nl_extract_free(&x);
}

Test(html, excluded_elements_and_comments)
{
    nl_extract x;
    extract_page("nested.html", NO_HINTS, &x);
    const char *gone[] = {"通报\n中共", "请启用", "注释", "按钮", "选项",
                          "模板", "图形"};
    for (size_t i = 0; i < sizeof gone / sizeof *gone; i++)
        cr_assert_null(strstr(x.text, gone[i]), "%s", gone[i]);
    cr_assert(strncmp(x.text, "中共某某县委第三巡察组\n", 34) == 0,
              "<title> dropped");
    nl_extract_free(&x);
}

Test(html, whitespace_collapsing)
{
    nl_extract x;
    extract_str("<p>  甲 \t\n 乙  </p><div>\n\n</div><p>\u3000\u3000丙  丁\u3000</p>"
                "<p> <b>戊</b> <i> 己 </i> </p><div>\u00a0\u00a0</div><p>\u3000</p>",
                NULL, &x);
    cr_assert_str_eq(x.text, "甲 乙\n\u3000\u3000丙 丁\u3000\n戊 己\n");
    check_map(&x, 2);
    nl_extract_free(&x);
}

Test(html, empty_paragraphs_give_one_blank_line)
{
    nl_extract x;
    extract_str("<p></p><p>一</p><p>&nbsp;</p><p><br></p><p> </p><p>二</p>"
                "<div></div><div>三</div><p></p><p></p>",
                NULL, &x);
    cr_assert_str_eq(x.text, "一\n\n二\n三\n", "one blank, none first or last");
    check_map(&x, 2);
    nl_extract_free(&x);
    extract_str("<div>一<br><br><br>二</div>", NULL, &x);
    cr_assert_str_eq(x.text, "一\n二\n", "<br><br> is no empty line");
    nl_extract_free(&x);
}

Test(html, implied_ends_and_tag_soup)
{
    nl_extract x;
    /* libxml2: <li> closes the <p>, so the </p> in the <div> is stray */
    extract_str("<p>一<p>二<li>三<div>四</p>五</div>六", NULL, &x);
    cr_assert_str_eq(x.text, "一\n二\n三\n四五\n六\n");
    check_map(&x, 2);
    /* an implied end maps to the tag that caused it */
    cr_assert_eq(x.xmap[at(&x, "\n二")], src_at(&x, "<p>二"));
    nl_extract_free(&x);
}

Test(html, inline_elements_join)
{
    nl_extract x;
    extract_str("<p><span>一</span><font color=red>二</font><b>三</b><strong>四"
                "</strong><a href=\"#\">五</a><em>六</em><o:p></o:p></p>",
                NULL, &x);
    cr_assert_str_eq(x.text, "一二三四五六\n");
    check_map(&x, 2);
    nl_extract_free(&x);
}

Test(html, word_bogus_comments)
{
    /* Word's downlevel-revealed conditionals are comments to a browser */
    nl_extract x;
    extract_str("<p class=MsoListParagraph><![if !supportLists]><span>1.<span>"
                "&nbsp;&nbsp; </span></span><![endif]>内容<o:p></o:p></p>\n"
                "<!--[if gte mso 9]><xml><w:WordDocument>x</w:WordDocument></xml>"
                "<![endif]--><p>二<![CDATA[隐藏]]>三</p><p>四<!x>五<!xyzw>六<!>七</p>"
                "<!-- <![if x]> 仍是注释 -->",
                NULL, &x);
    cr_assert_str_eq(x.text, "1.\u00a0\u00a0 内容\n二三\n四五六 七\n");
    check_map(&x, 2);
    nl_extract_free(&x);
}

Test(html, crlf_source)
{
    size_t n;
    char *lf = read_page("nested.html", &n);
    char *crlf = malloc(2 * n + 1);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (lf[i] == '\n')
            crlf[m++] = '\r';
        crlf[m++] = lf[i];
    }
    nl_extract a, b;
    extract(lf, n, NO_HINTS, &a);
    extract(crlf, m, NO_HINTS, &b);
    check_map(&b, 2);
    cr_assert_str_eq(a.text, b.text);
    cr_assert_eq(b.xmap[at(&b, " 与换行")], src_at(&b, "\r\n     与换行"));
    cr_assert_eq(b.xmap[at(&b, "\n  第二行")], src_at(&b, "\r\n  第二行"),
                 "a <pre> line break maps to its CR");
    nl_extract_free(&a);
    nl_extract_free(&b);
    free(lf);
    free(crlf);
}

/* ---- charsets ------------------------------------------------------------ */

Test(html, gbk_page_with_meta_charset)
{
    size_t n, gn;
    char *utf8 = read_page("gbk.utf8.html", &n);
    char *gbk = convert("GB18030", "UTF-8", utf8, n, &gn);
    const char *const hints[] = {".article-content", NULL};
    nl_extract x;
    extract(gbk, gn, hints, &x);
    check_map(&x, 2);
    cr_assert_eq(x.src.encoding, NL_ENC_GB18030);
    cr_assert_str_eq(x.text,
                     "中共某某镇委员会关于巡察整改进展情况的通报\n"
                     "\u3000\u3000根据某某县委统一部署，县委第三巡察组对某某镇党委"
                     "开展了常规巡察。\n"
                     "\u3000\u3000一、关于“学习贯彻不够深入”问题—已完成整改。\n");
    /* every character also maps back to its GB18030 bytes */
    for (size_t i = 0; i < x.len;) {
        int k = nl_utf8_seq_len((const unsigned char *)x.text + i, x.len - i);
        size_t o = x.xmap[i];
        if (x.text[i] != '\n' && x.src.text[o] != '&') {
            size_t cn;
            char *g = convert("GB18030", "UTF-8", x.text + i, (size_t)k, &cn);
            size_t orig = nl_decoded_original(&x.src, o);
            cr_assert(orig + cn <= gn && memcmp(gbk + orig, g, cn) == 0,
                      "text %zu: GB18030 bytes at %zu", i, orig);
            free(g);
        }
        i += (size_t)k;
    }
    /* &mdash; maps to the '&' in the GB18030 file too */
    size_t dash = nl_decoded_original(&x.src, x.xmap[at(&x, "—")]);
    cr_assert(memcmp(gbk + dash, "&mdash;", 7) == 0);
    nl_extract_free(&x);
    free(gbk);
    free(utf8);
}

Test(html, charset_declarations)
{
    /* http-equiv gb2312 */
    const char *head = "<html><head><meta http-equiv=\"content-type\" "
                       "content=\"text/html; charset=GB2312\"></head><body><p>";
    char page[512];
    size_t gn;
    char *gb = convert("GB18030", "UTF-8", "巡察", 6, &gn);
    size_t n = (size_t)snprintf(page, sizeof page, "%s", head);
    memcpy(page + n, gb, gn);
    n += gn;
    n += (size_t)snprintf(page + n, sizeof page - n, "</p></body></html>");
    nl_extract x;
    extract(page, n, NULL, &x);
    cr_assert_eq(x.src.encoding, NL_ENC_GB18030);
    cr_assert_str_eq(x.text, "巡察\n");
    nl_extract_free(&x);

    /* a BOM wins over the meta */
    extract_str("\xEF\xBB\xBF<meta charset=gbk><p>巡察</p>", NULL, &x);
    cr_assert_eq(x.src.encoding, NL_ENC_UTF8_BOM);
    cr_assert_str_eq(x.text, "巡察\n");
    check_map(&x, 2);
    cr_assert_eq(nl_decoded_original(&x.src, x.xmap[0]), 3 + 21);
    nl_extract_free(&x);

    /* gbk declared on a page that is plainly UTF-8: UTF-8 */
    extract_str("<meta charset=gbk><p>中共某某镇委员会关于巡察整改的通报</p>", NULL, &x);
    cr_assert_eq(x.src.encoding, NL_ENC_UTF8);
    cr_assert_str_eq(x.text, "中共某某镇委员会关于巡察整改的通报\n");
    nl_extract_free(&x);
    /* ... but two UTF-8-looking characters are not enough */
    extract_str("<meta charset=gbk><p>巡察</p>", NULL, &x);
    cr_assert_eq(x.src.encoding, NL_ENC_GB18030);
    nl_extract_free(&x);

    /* no declaration: auto-detection finds GB18030 */
    n = (size_t)snprintf(page, sizeof page, "<p>");
    memcpy(page + n, gb, gn);
    n += gn;
    extract(page, n, NULL, &x);
    cr_assert_eq(x.src.encoding, NL_ENC_GB18030);
    cr_assert_str_eq(x.text, "巡察\n");
    nl_extract_free(&x);
    free(gb);
}

Test(html, declared_gbk_with_invalid_bytes)
{
    /* 巡 0xFF 察 in GB18030, declared gbk: the bad byte becomes U+FFFD */
    const char page[] = "<meta charset=gbk><p>\xD1\xB2\xFF\xB2\xEC</p>";
    nl_extract x;
    extract(page, sizeof page - 1, NULL, &x);
    check_map(&x, 2);
    cr_assert_eq(x.src.encoding, NL_ENC_GB18030);
    cr_assert_eq(x.src.invalid_count, 1);
    cr_assert_str_eq(x.text, "巡\xEF\xBF\xBD察\n");
    cr_assert_eq(nl_decoded_original(&x.src, x.xmap[0]), 21);
    cr_assert_eq(nl_decoded_original(&x.src, x.xmap[3]), 23);
    cr_assert_eq(nl_decoded_original(&x.src, x.xmap[6]), 24);
    nl_extract_free(&x);

    /* an XML declaration's encoding does not switch libxml2 */
    extract_str("<?xml version=\"1.0\" encoding=\"gbk\"?><p>巡察</p>", NULL, &x);
    cr_assert_eq(x.src.encoding, NL_ENC_UTF8);
    cr_assert_str_eq(x.text, "巡察\n");
    check_map(&x, 2);
    nl_extract_free(&x);
}

Test(html, declared_utf8_with_invalid_bytes_is_lossy)
{
    const char page[] = "<meta charset=\"utf-8\"><p>巡\xB2\xEC察</p><p>二</p>";
    nl_extract x;
    extract(page, sizeof page - 1, NULL, &x);
    check_map(&x, 2);
    cr_assert_eq(x.src.encoding, NL_ENC_UTF8_LOSSY);
    cr_assert_eq(x.src.invalid_count, 2);
    cr_assert_str_eq(x.text, "巡\xEF\xBF\xBD\xEF\xBF\xBD察\n二\n");
    cr_assert_eq(nl_decoded_original(&x.src, x.xmap[3]), 28, "first bad byte");
    cr_assert_eq(nl_decoded_original(&x.src, x.xmap[6]), 29);
    cr_assert_eq(nl_decoded_original(&x.src, x.xmap[9]), 30, "察");
    nl_extract_free(&x);
}

Test(html, sniffing)
{
#define SNIFF(s) nl_html_sniff_charset((const unsigned char *)(s), sizeof(s) - 1)
    cr_assert_eq(SNIFF("<meta charset=\"gbk\">"), NL_HTML_CS_GB18030);
    cr_assert_eq(SNIFF("<META CHARSET='X-GBK'>"), NL_HTML_CS_GB18030);
    cr_assert_eq(SNIFF("<meta charset=gb18030/>"), NL_HTML_CS_NONE,
                 "unquoted value runs to '>'");
    cr_assert_eq(SNIFF("<meta charset=gb18030 />"), NL_HTML_CS_GB18030);
    cr_assert_eq(SNIFF("<meta charset=\" UTF-8 \">"), NL_HTML_CS_UTF8);
    cr_assert_eq(SNIFF("<meta content=\"text/html;charset=gb2312\" "
                       "http-equiv=\"Content-Type\">"),
                 NL_HTML_CS_GB18030);
    cr_assert_eq(SNIFF("<meta content=\"text/html; charset=utf-8\">"),
                 NL_HTML_CS_NONE, "content without http-equiv");
    cr_assert_eq(SNIFF("<!-- <meta charset=gbk> --><meta charset=utf-8>"),
                 NL_HTML_CS_UTF8, "commented-out meta skipped");
    cr_assert_eq(SNIFF("<div title=\"<meta charset=gbk>\"><meta charset=utf-8>"),
                 NL_HTML_CS_UTF8, "attribute values skipped");
    cr_assert_eq(SNIFF("<meta charset=big5>"), NL_HTML_CS_NONE);
    cr_assert_eq(SNIFF("<metadata charset=gbk>"), NL_HTML_CS_NONE);
    cr_assert_eq(SNIFF("\xEF\xBB\xBF<meta charset=gbk>"), NL_HTML_CS_UTF8);
    cr_assert_eq(SNIFF("\xFF\xFE<\0h\0"), NL_HTML_CS_UTF16);
    cr_assert_eq(SNIFF(""), NL_HTML_CS_NONE);
    char late[1100];
    memset(late, ' ', sizeof late);
    memcpy(late + 1020, "<meta charset=gbk>", 18);
    cr_assert_eq(nl_html_sniff_charset((unsigned char *)late, sizeof late),
                 NL_HTML_CS_NONE, "only the first 1024 bytes");
    memcpy(late + 1000, "<meta charset=gbk>", 18);
    cr_assert_eq(nl_html_sniff_charset((unsigned char *)late, sizeof late),
                 NL_HTML_CS_GB18030);
    cr_assert_eq(nl_html_charset_label(" gb_2312-80\t", 12), NL_HTML_CS_GB18030);
    cr_assert_eq(nl_html_charset_label("utf8", 4), NL_HTML_CS_UTF8);
#undef SNIFF
}

Test(html, utf16_is_a_problem)
{
    nl_extract x;
    extract("\xFF\xFE<\0p\0>\0", 8, NULL, &x);
    cr_assert_str_neq(x.problem, "");
    cr_assert_eq(x.len, 0);
    nl_extract_free(&x);
}

/* ---- hostile input ------------------------------------------------------- */

Test(html, empty_input)
{
    nl_extract x;
    extract("", 0, NULL, &x);
    cr_assert_eq(x.len, 0);
    cr_assert_str_eq(x.text, "");
    cr_assert_str_eq(x.problem, "");
    nl_extract_free(&x);
    nl_error err = {0};
    cr_assert_eq(nl_html_extract(NULL, 0, NULL, &x, &err), NL_OK);
    cr_assert_eq(x.len, 0);
    nl_extract_free(&x);
    nl_extract_free(&x); /* twice is fine */
    extract_str("<html><head><title>t</title></head><body> &nbsp; </body></html>",
                NULL, &x);
    cr_assert_eq(x.len, 0, "only whitespace: empty, no problem");
    cr_assert_str_eq(x.problem, "");
    nl_extract_free(&x);
}

Test(html, plain_text_and_junk)
{
    nl_extract x;
    extract_str("不是网页 just text\n第二行 < 3 & 4 > 2\n", NULL, &x);
    cr_assert_str_eq(x.text, "不是网页 just text 第二行 < 3 & 4 > 2\n");
    check_map(&x, 2);
    nl_extract_free(&x);

    /* binary-ish, NUL-free: pseudo-random bytes, fixed seed */
    size_t n = 200000;
    unsigned char *b = malloc(n);
    uint32_t r = 12345;
    for (size_t i = 0; i < n; i++) {
        r = r * 1103515245u + 12345u;
        b[i] = (unsigned char)((r >> 16) % 255 + 1);
        if (i % 97 == 0)
            b[i] = "<>&;/\"="[i % 7];
    }
    extract((const char *)b, n, NULL, &x);
    nl_extract_free(&x);
    free(b);
}

Test(html, broken_markup)
{
    const char *pages[] = {
        "<div class=\"a><p>未闭合的属性",
        "<p>正文<!-- 未闭合的注释 <p>后文",
        "<p>正文</p><div",
        "<p>一</p></div></span></p></body></html><p>二</p>",
        "<<<>>><p>一<//p>&#;&#x;&#99999999999;&#0;&;&\n<p>二",
        "<![CDATA[x]]><?php echo 1; ?><!DOCTYPE html><![if !supportLists]>"
        "<p>一</p><![endif]>",
        "<script>document.write('<p>')</script><p>一</p><style>p{}",
        "<table><td>一<td>二<tr><th>三</table><ul><li>四<li>五</ul>",
        "<p>a\x01" "b\x0c" "c\x7f" "d&#1;e&#xFFFE;f</p>",
    };
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        nl_extract x;
        extract_str(pages[i], NULL, &x);
        cr_assert_str_eq(x.problem, "", "page %zu", i);
        nl_extract_free(&x);
    }
    nl_extract x;
    extract_str("<p>一<!-- 未闭合 <p>二", NULL, &x);
    cr_assert_str_eq(x.text, "一\n");
    nl_extract_free(&x);
    extract_str("<p>a\x01" "b&#1;c&#0;d&#x4E00;&#xFFFE;e</p>", NULL, &x);
    cr_assert_str_eq(x.text, "abcd一e\n");
    check_map(&x, 2);
    nl_extract_free(&x);
}

Test(html, nul_bytes)
{
    const char page[] = "<p>一\0二</p>\0<p>三</p>";
    nl_extract x;
    extract(page, sizeof page - 1, NULL, &x);
    cr_assert_str_eq(x.text, "一 二\n三\n");
    cr_assert_eq(x.xmap[3], 6, "the NUL became a space");
    nl_extract_free(&x);
}

Test(html, deep_nesting)
{
    size_t depth = 100000;
    size_t n = depth * 11 + 16;
    char *b = malloc(n), *p = b;
    for (size_t i = 0; i < depth; i++)
        p += sprintf(p, "<div>");
    p += sprintf(p, "深");
    for (size_t i = 0; i < depth; i++)
        p += sprintf(p, "</div>");
    nl_extract x;
    extract(b, (size_t)(p - b), NULL, &x);
    cr_assert_str_eq(x.text, "深\n");
    cr_assert_eq(x.xmap[0], depth * 5);
    nl_extract_free(&x);
    /* never closed */
    extract(b, depth * 5 + 3, NULL, &x);
    cr_assert_str_eq(x.text, "深\n");
    nl_extract_free(&x);
    /* deeper than the tracked stack: no crash, text kept */
    size_t deep = 300000;
    char *d = malloc(deep * 3 + 16);
    p = d;
    for (size_t i = 0; i < deep; i++)
        p += sprintf(p, "<b>");
    p += sprintf(p, "深<p>浅");
    extract(d, (size_t)(p - d), NULL, &x);
    cr_assert(strstr(x.text, "深") && strstr(x.text, "浅"));
    nl_extract_free(&x);
    free(d);
    free(b);
}

Test(html, stray_end_tags_in_deep_nesting_are_a_problem)
{
    /* libxml2 2.9 is quadratic here (minutes without the budget) */
    const char *tails[] = {"</x>", "</p>", "<body>x"};
    for (size_t t = 0; t < 3; t++) {
        size_t tl = strlen(tails[t]), n = 20000 * 5 + 200000 * tl;
        char *b = malloc(n + 1), *p = b;
        for (size_t i = 0; i < 20000; i++)
            p += sprintf(p, "<div>");
        for (size_t i = 0; i < 200000; i++)
            p += sprintf(p, "%s", tails[t]);
        nl_extract x;
        extract(b, n, NULL, &x);
        cr_assert(strstr(x.problem, "too broken"), "%s: %s", tails[t], x.problem);
        nl_extract_free(&x);
        free(b);
    }
    /* a few stray end tags in ordinary nesting are fine */
    nl_extract x;
    extract_str("<div><div><p>一</span></b></p></i></div></div>", NULL, &x);
    cr_assert_str_eq(x.problem, "");
    cr_assert_str_eq(x.text, "一\n");
    nl_extract_free(&x);
}

/* Random tag soup from these pieces: every character must still map to
 * itself or to its entity, and the map must never go backwards. */
Test(html, random_tag_soup_positions)
{
    static const char *const frag[] = {
        "<p>", "</p>", "<div>", "</div>", "<br>", "<br/>", "<span>", "</span>",
        "<b>", "</b>", "<td>", "</td>", "<th>", "<tr>", "<table>", "</table>",
        "<li>", "<ul>", "</ul>", "<pre>", "</pre>", "<h1>", "</h1>", "<a href=\"x\">",
        "</a>", "<font color=red>", "</font>", "<p class=\"a b\">", "<o:p></o:p>",
        "<img src=x>", "<header>", "</header>", "<nav>", "</nav>", "<main>",
        "</main>", "<article>", "</article>", "<title>t</title>",
        "<textarea>t</textarea>", "<select><option>o</option></select>",
        "<script>a<b</script>", "<style>p{}</style>", "<!-- 注 -->", "<!--",
        "-->", "<!DOCTYPE html>", "<?xml x?>", "<![if x]>", "<![endif]>",
        "<![CDATA[", "]]>", "<!x>", "<!>", "<p/>", "<div class='a\">'>",
        "<p title=\"x", "<a", "<ab cd", "</", "<", "<>", "</x>", "&amp;", "&lt;",
        "&gt;", "&nbsp;", "&ldquo;", "&rdquo;", "&copy;", "&AMP;", "&foo;", "&amp",
        "& ", "&#x4E00;", "&#19968;", "&#x4E00", "&#20013x", "&#0;", "&#;",
        "&#x110000;", "&#65", "&#13;", "&#10;", "&#32;", "&#x3000;", "&#xA0;",
        " ", "  ", "\n", "\r\n", "\t", "\u3000", "\u00a0", "巡察", "整改", "某某镇",
        "a", "bc", "1", "\x01", "\x0c", "\xef\xbf\xbd"};
    size_t nf = sizeof frag / sizeof *frag;
    uint32_t r = 7;
    char buf[8192];
    for (int it = 0; it < 400; it++) {
        size_t n = 0;
        r = r * 1103515245u + 12345u;
        int m = (int)((r >> 8) % 200) + 1;
        for (int j = 0; j < m; j++) {
            r = r * 1103515245u + 12345u;
            const char *f = frag[(r >> 8) % nf];
            size_t l = strlen(f);
            if (n + l >= sizeof buf)
                break;
            memcpy(buf + n, f, l);
            n += l;
        }
        const char *const hints[] = {it % 3 ? NULL : "p", NULL};
        nl_extract x;
        extract(buf, n, hints, &x);
        check_map(&x, 1);
        nl_extract_free(&x);
    }
}

Test(html, ten_megabyte_line)
{
    const char *unit = "巡察整改 &amp; 进展, ";
    size_t ul = strlen(unit), reps = (10u << 20) / ul;
    char *b = malloc(reps * ul + 16), *p = b;
    p += sprintf(p, "<p>");
    for (size_t i = 0; i < reps; i++) {
        memcpy(p, unit, ul);
        p += ul;
    }
    nl_extract x;
    extract(b, (size_t)(p - b), NULL, &x);
    cr_assert_str_eq(x.problem, "");
    /* "巡察整改 & 进展, " per unit, trailing space trimmed, '\n' added */
    size_t out_unit = strlen("巡察整改 & 进展, ");
    cr_assert_eq(x.len, reps * out_unit);
    cr_assert_eq(x.text[x.len - 1], '\n');
    /* spot checks far into the line */
    for (size_t u = 0; u < reps; u += reps / 7 + 1) {
        size_t t = u * out_unit;
        cr_assert_eq(x.xmap[t], 3 + u * ul, "unit %zu", u);
        cr_assert_eq(x.xmap[t + 13], 3 + u * ul + 13, "&amp; of unit %zu", u);
        cr_assert_eq(x.src.text[x.xmap[t + 13]], '&');
        cr_assert_eq(x.xmap[t + 15], 3 + u * ul + 19, "进 of unit %zu", u);
    }
    nl_extract_free(&x);
    free(b);
}

Test(html, too_large_is_a_problem)
{
    /* Only the length is looked at before refusing. */
    nl_extract x;
    nl_error err = {0};
    size_t n = (size_t)NL_EXTRACT_MAX_TEXT + 1;
    unsigned char *b = malloc(n);
    cr_assert_not_null(b);
    cr_assert_eq(nl_html_extract(b, n, NULL, &x, &err), NL_OK);
    cr_assert_str_neq(x.problem, "");
    cr_assert_eq(x.len, 0);
    nl_extract_free(&x);
    free(b);
}

/* ---- threads ------------------------------------------------------------- */

typedef struct job {
    const char *page;
    size_t n;
    const char *expect;
    int ok;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    const char *const hints[] = {".article", NULL};
    j->ok = 1;
    for (int i = 0; i < 20; i++) {
        nl_extract x;
        nl_error err = {0};
        if (nl_html_extract((const unsigned char *)j->page, j->n, hints, &x,
                            &err) != NL_OK ||
            strcmp(x.text, j->expect) != 0)
            j->ok = 0;
        nl_extract_free(&x);
    }
    return NULL;
}

Test(html, concurrent_workers)
{
    size_t n;
    char *page = read_page("article.html", &n);
    pthread_t t[4];
    job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (job){page, n, ARTICLE_TEXT, 0};
        cr_assert_eq(pthread_create(&t[i], NULL, worker, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        cr_assert(jobs[i].ok, "worker %d", i);
    }
    free(page);
}
