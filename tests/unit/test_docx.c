/*
 * test_docx.c — unit tests for docx.c and docxnum.c (.docx text extraction).
 *
 * Packages are built in memory with libzip from hand-written
 * document.xml / numbering.xml / styles.xml snippets and the extracted text
 * is compared exactly: paragraph order (tables included), tracked changes,
 * run content (tabs, breaks, hidden text, fields), Word's list numbering
 * (formats, nesting, restarts, overrides, styles).  Hostile inputs (random
 * bytes, damaged or truncated zips, a zip bomb, sizes that lie, a
 * billion-laughs DTD, malformed XML) must end with `problem` set, and
 * byte-flipped packages or XML must never crash; libxml2 must not write to
 * stderr; the extractor also runs on several threads at once.  The
 * packages in tests/data/docx/ were produced by LibreOffice (see the
 * README.md there).
 */
#include "docxnum.h"
#include "extract.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"

#define DOC(body)                                                            \
    XML_DECL "<w:document xmlns:w=\"" W_NS "\" xmlns:mc=\"" MC_NS "\">"      \
             "<w:body>" body "<w:sectPr/></w:body></w:document>"
#define NUMBERING(body)                                                      \
    XML_DECL "<w:numbering xmlns:w=\"" W_NS "\" xmlns:mc=\"" MC_NS "\">"     \
    body "</w:numbering>"
#define STYLES(body) XML_DECL "<w:styles xmlns:w=\"" W_NS "\">" body "</w:styles>"

/* A paragraph with one run; a numbered one (numId, ilvl as strings). */
#define P(text) "<w:p><w:r><w:t xml:space=\"preserve\">" text "</w:t></w:r></w:p>"
#define NP(num, ilvl, text)                                                  \
    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" ilvl "\"/><w:numId w:val=\""    \
    num "\"/></w:numPr></w:pPr><w:r><w:t>" text "</w:t></w:r></w:p>"
#define SP(style, text)                                                      \
    "<w:p><w:pPr><w:pStyle w:val=\"" style "\"/></w:pPr><w:r><w:t>" text    \
    "</w:t></w:r></w:p>"

/* A level: ilvl, start, numFmt, lvlText, extra children. */
#define LVL(ilvl, start, fmt, text, extra)                                   \
    "<w:lvl w:ilvl=\"" ilvl "\"><w:start w:val=\"" start "\"/>"              \
    "<w:numFmt w:val=\"" fmt "\"/>" extra "<w:lvlText w:val=\"" text "\"/>"  \
    "<w:lvlJc w:val=\"left\"/><w:pPr><w:tabs><w:tab w:val=\"num\" "          \
    "w:pos=\"720\"/></w:tabs><w:ind w:left=\"720\" w:hanging=\"360\"/>"      \
    "</w:pPr></w:lvl>"
#define NOTHING "<w:suff w:val=\"nothing\"/>"
#define NUM(id, abs) "<w:num w:numId=\"" id "\"><w:abstractNumId w:val=\"" abs "\"/></w:num>"

/* Three-level Chinese outline: 一、 / （一） / 1. (suffix nothing). */
#define OUTLINE_ABS(id)                                                      \
    "<w:abstractNum w:abstractNumId=\"" id "\">"                             \
    LVL("0", "1", "chineseCounting", "%1、", NOTHING)                        \
    LVL("1", "1", "chineseCounting", "（%2）", NOTHING)                      \
    LVL("2", "1", "decimal", "%3.", NOTHING) "</w:abstractNum>"

typedef struct part {
    const char *name;
    const char *data;
    size_t len; /* 0: strlen(data) */
} part;

/* A zip of `parts` in memory (deflated at level 9); malloc'd. */
static unsigned char *make_zip(const part *parts, size_t n, size_t *out_len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    cr_assert_not_null(src);
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    cr_assert_not_null(za, "%s", zip_error_strerror(&ze));
    for (size_t i = 0; i < n; i++) {
        size_t len = parts[i].len ? parts[i].len : strlen(parts[i].data);
        zip_source_t *s = zip_source_buffer(za, parts[i].data, len, 0);
        cr_assert_not_null(s);
        zip_int64_t idx = zip_file_add(za, parts[i].name, s, ZIP_FL_OVERWRITE);
        cr_assert_geq(idx, 0, "%s", zip_strerror(za));
        cr_assert_eq(zip_set_file_compression(za, (zip_uint64_t)idx,
                                              ZIP_CM_DEFLATE, 9), 0);
    }
    cr_assert_eq(zip_close(za), 0);
    zip_stat_t st;
    cr_assert_eq(zip_source_stat(src, &st), 0);
    unsigned char *buf = malloc(st.size ? st.size : 1);
    cr_assert_not_null(buf);
    cr_assert_eq(zip_source_open(src), 0);
    cr_assert_eq(zip_source_read(src, buf, st.size), (zip_int64_t)st.size);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    *out_len = st.size;
    return buf;
}

/* Extract from a package of document.xml (+ numbering.xml, styles.xml
 * when not NULL). */
static void extract_parts(const char *doc, const char *numbering,
                          const char *styles, nl_extract *x)
{
    part parts[3];
    size_t n = 0;
    if (doc)
        parts[n++] = (part){"word/document.xml", doc, 0};
    if (numbering)
        parts[n++] = (part){"word/numbering.xml", numbering, 0};
    if (styles)
        parts[n++] = (part){"word/styles.xml", styles, 0};
    size_t len;
    unsigned char *zip = make_zip(parts, n, &len);
    nl_error err = {0};
    cr_assert_eq(nl_docx_extract(zip, len, x, &err), NL_OK, "%s", err.text);
    cr_assert_not_null(x->text);
    cr_assert_eq(strlen(x->text), x->len);
    free(zip);
}

/* The text, which must be usable. */
static void expect_text(const char *doc, const char *numbering,
                        const char *styles, const char *want)
{
    nl_extract x;
    extract_parts(doc, numbering, styles, &x);
    cr_assert_str_empty(x.problem, "problem: %s", x.problem);
    cr_assert_str_eq(x.text, want);
    nl_extract_free(&x);
}

/* A problem naming `needle`. */
static void expect_problem_bytes(const unsigned char *b, size_t n,
                                 const char *needle)
{
    nl_extract x;
    nl_error err = {0};
    cr_assert_eq(nl_docx_extract(b, n, &x, &err), NL_OK, "%s", err.text);
    cr_assert_not_null(x.text);
    cr_assert_neq(x.problem[0], '\0', "no problem reported");
    cr_assert_not_null(strstr(x.problem, needle), "problem \"%s\" lacks \"%s\"",
                       x.problem, needle);
    nl_extract_free(&x);
}

/* ---- paragraphs and runs ----------------------------------------------- */

Test(docx, paragraphs_and_tables_in_order)
{
    expect_text(DOC(P("关于巡察整改的通报")
                    "<w:p/>"
                    "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid>"
                    "<w:tr><w:tc><w:tcPr/>" P("单元格一") "</w:tc>"
                    "<w:tc>" P("单元格二") P("第二段") "</w:tc></w:tr>"
                    "<w:tr><w:tc><w:tbl><w:tr><w:tc>" P("嵌套表格")
                    "</w:tc></w:tr></w:tbl>" P("") "</w:tc></w:tr></w:tbl>"
                    "<w:p><w:r><w:t>多</w:t></w:r><w:r><w:t>个</w:t></w:r>"
                    "<w:hyperlink><w:r><w:t>运行</w:t></w:r></w:hyperlink>"
                    "<w:sdt><w:sdtContent><w:r><w:t>。</w:t></w:r></w:sdtContent>"
                    "</w:sdt></w:p>"),
                NULL, NULL,
                "关于巡察整改的通报\n\n单元格一\n单元格二\n第二段\n嵌套表格\n\n"
                "多个运行。");
}

Test(docx, empty_body)
{
    expect_text(DOC(""), NULL, NULL, "");
}

Test(docx, tracked_changes)
{
    expect_text(DOC("<w:p><w:r><w:t>整改</w:t></w:r>"
                    "<w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>未</w:delText>"
                    "</w:r></w:del>"
                    "<w:ins w:id=\"2\" w:author=\"a\"><w:r><w:t>已</w:t></w:r></w:ins>"
                    "<w:r><w:t>完成</w:t><w:delText>删</w:delText></w:r>"
                    "<w:moveFrom w:id=\"3\" w:author=\"a\"><w:r><w:t>旧位置</w:t>"
                    "</w:r></w:moveFrom>"
                    "<w:moveTo w:id=\"4\" w:author=\"a\"><w:r><w:t>。</w:t></w:r>"
                    "</w:moveTo></w:p>"
                    /* a deleted paragraph mark: still its own line */
                    "<w:p><w:pPr><w:rPr><w:del w:id=\"5\" w:author=\"a\"/></w:rPr>"
                    "</w:pPr><w:r><w:t>甲</w:t></w:r></w:p>" P("乙")
                    /* old formatting of a paragraph is not read */
                    "<w:p><w:pPr><w:pPrChange w:id=\"6\" w:author=\"a\"><w:pPr>"
                    "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>"
                    "</w:pPr></w:pPrChange></w:pPr><w:r><w:t>丙</w:t></w:r></w:p>"),
                NUMBERING(OUTLINE_ABS("0") NUM("1", "0")), NULL,
                "整改已完成。\n甲\n乙\n丙");
}

Test(docx, tabs_breaks_and_hyphens)
{
    expect_text(DOC("<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"1\"/>"
                    "</w:tabs></w:pPr>"
                    "<w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t>"
                    "<w:cr/><w:t>丁</w:t><w:br w:type=\"page\"/><w:t>A</w:t>"
                    "<w:noBreakHyphen/><w:t>B</w:t><w:softHyphen/><w:t>C</w:t>"
                    "<w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/>"
                    "<w:ptab w:relativeTo=\"margin\" w:alignment=\"right\" "
                    "w:leader=\"none\"/><w:t>D</w:t></w:r></w:p>"
                    /* newlines inside w:t keep the paragraph one line */
                    "<w:p><w:r><w:t xml:space=\"preserve\">一&#10;二&#13;三 </w:t>"
                    "</w:r></w:p>"),
                NULL, NULL, "甲\t乙 丙 丁 A-BC\tD\n一 二三 ");
}

Test(docx, hidden_fields_drawings_alternate_content)
{
    expect_text(
        DOC("<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
            "<w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>显示</w:t></w:r>"
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
            "<w:r><w:instrText> PAGE </w:instrText></w:r>"
            "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
            "<w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
            "<w:r><w:drawing><wp:inline xmlns:wp=\"urn:x\"><w:txbxContent>"
            "<w:p><w:r><w:t>图</w:t></w:r></w:p></w:txbxContent></wp:inline>"
            "</w:drawing></w:r>"
            "<mc:AlternateContent><mc:Choice Requires=\"w14\"><w:r><w:t>新</w:t>"
            "</w:r></mc:Choice><mc:Fallback><w:r><w:t>旧</w:t></w:r>"
            "</mc:Fallback></mc:AlternateContent>"
            "<w:r><w:pict><v:shape xmlns:v=\"urn:v\"><v:textbox><w:txbxContent>"
            "<w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></v:textbox>"
            "</v:shape></w:pict></w:r></w:p>"
            "<w:p><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>xún</w:t></w:r></w:rt>"
            "<w:rubyBase><w:r><w:t>巡</w:t></w:r></w:rubyBase></w:ruby></w:r>"
            "<w:r><w:t>察</w:t></w:r></w:p>"),
        NULL, NULL, "显示3新\n巡察");
}

Test(docx, strict_namespace_and_declared_encoding)
{
    /* ISO 29500 strict namespace; an XML declaration that lies about the
     * encoding (as some .NET writers do) is ignored: parts are UTF-8. */
    expect_text("<?xml version=\"1.0\" encoding=\"utf-16\"?>"
                "<w:document xmlns:w=\"http://purl.oclc.org/ooxml/"
                "wordprocessingml/main\"><w:body><w:p><w:r><w:t>严格</w:t>"
                "</w:r></w:p></w:body></w:document>",
                NULL, NULL, "严格");
    expect_text("\xef\xbb\xbf" DOC(P("有BOM")), NULL, NULL, "有BOM");
}

/* ---- numbering --------------------------------------------------------- */

Test(docx, chinese_outline_numbering)
{
    expect_text(DOC(P("标题") NP("1", "0", "总体情况") NP("1", "1", "统一思想")
                    NP("1", "1", "健全机制") NP("1", "2", "针对问题甲")
                    NP("1", "2", "针对问题乙") NP("1", "0", "整改落实")
                    NP("1", "1", "党的建设") NP("1", "2", "针对问题丙")
                    NP("1", "0", "下一步")),
                NUMBERING(OUTLINE_ABS("0") NUM("1", "0")), NULL,
                "标题\n一、总体情况\n（一）统一思想\n（二）健全机制\n1.针对问题甲\n"
                "2.针对问题乙\n二、整改落实\n（一）党的建设\n1.针对问题丙\n三、下一步");
}

Test(docx, multi_level_text_and_suffixes)
{
    expect_text(DOC(NP("1", "0", "甲") NP("1", "1", "乙") NP("1", "1", "丙")
                    NP("1", "2", "丁") NP("2", "0", "戊") NP("3", "0", "己")),
                NUMBERING("<w:abstractNum w:abstractNumId=\"0\">"
                          LVL("0", "1", "decimal", "第%1章", "")
                          LVL("1", "1", "decimal", "%1.%2", "<w:suff w:val=\"space\"/>")
                          LVL("2", "1", "chineseCounting", "%1.%2.%3", NOTHING)
                          "</w:abstractNum>"
                          "<w:abstractNum w:abstractNumId=\"1\">"
                          LVL("0", "1", "bullet", "\xef\x82\xb7", "") "</w:abstractNum>"
                          "<w:abstractNum w:abstractNumId=\"2\">"
                          LVL("0", "1", "none", "", "") "</w:abstractNum>"
                          NUM("1", "0") NUM("2", "1") NUM("3", "2")),
                NULL,
                "第1章\t甲\n1.1 乙\n1.2 丙\n1.2.一丁\n\xef\x82\xb7\t戊\n己");
}

Test(docx, nested_level_restarts)
{
    expect_text(DOC(NP("1", "0", "A") NP("1", "1", "a") NP("1", "1", "b")
                    NP("1", "0", "B") NP("1", "1", "c") NP("1", "2", "d")
                    NP("1", "1", "e") NP("1", "2", "f")),
                NUMBERING(OUTLINE_ABS("5") NUM("1", "5")), NULL,
                "一、A\n（一）a\n（二）b\n二、B\n（一）c\n1.d\n（二）e\n1.f");
}

Test(docx, lvl_restart_and_is_lgl)
{
    expect_text(DOC(NP("1", "0", "A") NP("1", "1", "a") NP("1", "0", "B")
                    NP("1", "1", "b")),
                NUMBERING("<w:abstractNum w:abstractNumId=\"0\">"
                          LVL("0", "1", "chineseCounting", "%1、", NOTHING)
                          LVL("1", "1", "decimal", "%1.%2",
                              NOTHING "<w:isLgl/><w:lvlRestart w:val=\"0\"/>")
                          "</w:abstractNum>" NUM("1", "0")),
                NULL, "一、A\n1.1a\n二、B\n2.2b");
}

Test(docx, start_override_and_gaps)
{
    /* Lists over one abstractNum share its counters; a w:num with a
     * startOverride restarts it on its first paragraph (this is how
     * LibreOffice writes "restart numbering at 5"). */
    expect_text(DOC(NP("1", "0", "a") NP("1", "0", "b") NP("2", "0", "c")
                    NP("2", "0", "d") NP("1", "0", "e") NP("3", "0", "f")
                    NP("4", "0", "g")),
                NUMBERING(OUTLINE_ABS("0") OUTLINE_ABS("1") NUM("1", "0")
                          "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"0\"/>"
                          "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"5\"/>"
                          "</w:lvlOverride></w:num>"
                          "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"1\"/>"
                          "<w:lvlOverride w:ilvl=\"0\"><w:lvl w:ilvl=\"0\">"
                          "<w:start w:val=\"3\"/><w:numFmt w:val=\"upperRoman\"/>"
                          "<w:suff w:val=\"space\"/><w:lvlText w:val=\"%1.\"/></w:lvl>"
                          "</w:lvlOverride></w:num>"
                          NUM("4", "1")),
                NULL, "一、a\n二、b\n五、c\n六、d\n七、e\nIII.f\n四、g");
}

Test(docx, no_numbering_cases)
{
    /* numId 0, an unknown numId, an undefined level, an abstractNum that
     * does not exist, ilvl out of range (clamped to 8: undefined here). */
    expect_text(DOC(NP("0", "0", "a") NP("9", "0", "b") NP("1", "4", "c")
                    NP("2", "0", "d") NP("1", "12", "e") NP("1", "0", "f")),
                NUMBERING(OUTLINE_ABS("0") NUM("1", "0") NUM("2", "7")),
                NULL, "a\nb\nc\nd\ne\n一、f");
}

Test(docx, numbering_without_numbering_part)
{
    expect_text(DOC(NP("1", "0", "a")), NULL, NULL, "a");
}

Test(docx, custom_formats_in_alternate_content)
{
    /* Word writes formats outside ST_NumberFormat as "custom" in
     * mc:Choice with an older format in mc:Fallback. */
    expect_text(DOC(NP("1", "0", "a") NP("1", "0", "b") NP("2", "0", "c")),
                NUMBERING("<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\">"
                          "<w:start w:val=\"1\"/><mc:AlternateContent>"
                          "<mc:Choice Requires=\"w14\"><w:numFmt w:val=\"custom\" "
                          "w:format=\"001, 002, 003, ...\"/></mc:Choice>"
                          "<mc:Fallback><w:numFmt w:val=\"decimal\"/></mc:Fallback>"
                          "</mc:AlternateContent><w:suff w:val=\"nothing\"/>"
                          "<w:lvlText w:val=\"%1.\"/></w:lvl></w:abstractNum>"
                          "<w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\">"
                          "<w:start w:val=\"1\"/><mc:AlternateContent>"
                          "<mc:Choice Requires=\"w14\"><w:numFmt w:val=\"custom\" "
                          "w:format=\"1st, 2nd, 3rd, ...\"/></mc:Choice>"
                          "<mc:Fallback><w:numFmt w:val=\"chineseCounting\"/>"
                          "</mc:Fallback></mc:AlternateContent>"
                          "<w:suff w:val=\"nothing\"/><w:lvlText w:val=\"%1、\"/>"
                          "</w:lvl></w:abstractNum>" NUM("1", "0") NUM("2", "1")),
                NULL, "001.a\n002.b\n一、c");
}

Test(docx, numbering_through_styles)
{
    const char *styles = STYLES(
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
        "<w:name w:val=\"Normal\"/></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"H1\"><w:basedOn w:val=\"Normal\"/>"
        "<w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"H2\"><w:basedOn w:val=\"Normal\"/>"
        "<w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"H2x\"><w:basedOn w:val=\"H2\"/>"
        "</w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"L3\">"
        "<w:pPr><w:numPr><w:ilvl w:val=\"2\"/><w:numId w:val=\"1\"/></w:numPr>"
        "</w:pPr></w:style>"
        "<w:style w:type=\"character\" w:styleId=\"H1\"/>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Loop\"><w:basedOn w:val=\"Loop\"/>"
        "</w:style>");
    const char *numbering = NUMBERING(
        "<w:abstractNum w:abstractNumId=\"0\">"
        LVL("0", "1", "chineseCounting", "%1、", NOTHING "<w:pStyle w:val=\"H1\"/>")
        LVL("1", "1", "chineseCounting", "（%2）", NOTHING "<w:pStyle w:val=\"H2\"/>")
        LVL("2", "1", "decimal", "%3.", NOTHING) "</w:abstractNum>" NUM("1", "0"));
    expect_text(DOC(SP("H1", "甲") SP("H2", "乙") SP("H2x", "丙") SP("L3", "丁")
                    P("正文")
                    /* direct numId 0 removes the style's numbering */
                    "<w:p><w:pPr><w:pStyle w:val=\"H1\"/><w:numPr><w:numId "
                    "w:val=\"0\"/></w:numPr></w:pPr><w:r><w:t>无</w:t></w:r></w:p>"
                    SP("H1", "戊") SP("Missing", "己") SP("Loop", "庚")),
                numbering, styles,
                "一、甲\n（一）乙\n（二）丙\n1.丁\n正文\n无\n二、戊\n己\n庚");
}

Test(docx, num_style_link)
{
    /* abstractNum 1 is defined by numbering style "Outline", whose list
     * (numId 1) uses abstractNum 0. */
    expect_text(DOC(NP("2", "0", "甲") NP("1", "0", "乙")),
                NUMBERING(OUTLINE_ABS("0")
                          "<w:abstractNum w:abstractNumId=\"1\">"
                          "<w:numStyleLink w:val=\"Outline\"/></w:abstractNum>"
                          NUM("1", "0") NUM("2", "1")),
                STYLES("<w:style w:type=\"numbering\" w:styleId=\"Outline\">"
                       "<w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
                       "</w:style>"),
                "一、甲\n二、乙");
}

Test(docx, number_formats)
{
    static const struct {
        const char *fmt;
        long v;
        const char *want;
    } cases[] = {
        {"decimal", 12, "12"},
        {"decimalZero", 3, "03"},
        {"decimalZero", 12, "12"},
        {"decimalEnclosedParen", 1, "⑴"},
        {"decimalEnclosedParen", 21, "(21)"},
        {"decimalEnclosedCircle", 3, "③"},
        {"decimalEnclosedCircle", 20, "⑳"},
        {"decimalEnclosedCircle", 21, "㉑"},
        {"decimalEnclosedCircleChinese", 2, "②"},
        {"decimalEnclosedFullstop", 4, "⒋"},
        {"decimalFullWidth", 12, "１２"},
        {"upperLetter", 1, "A"},
        {"upperLetter", 28, "BB"},
        {"lowerLetter", 26, "z"},
        {"upperRoman", 14, "XIV"},
        {"lowerRoman", 1999, "mcmxcix"},
        {"chineseCounting", 1, "一"},
        {"chineseCounting", 10, "十"},
        {"chineseCounting", 11, "十一"},
        {"chineseCounting", 20, "二十"},
        {"chineseCountingThousand", 105, "一百零五"},
        {"taiwaneseCountingThousand", 12, "十二"},
        {"taiwaneseCounting", 3, "三"},
        {"japaneseCounting", 9, "九"},
        {"ideographDigital", 10, "一〇"},
        {"chineseLegalSimplified", 2, "贰"},
        {"chineseLegalSimplified", 12, "壹拾贰"},
        {"chineseLegalSimplified", 105, "壹佰零伍"},
        {"ideographLegalTraditional", 3, "參"},
        {"ideographTraditional", 1, "甲"},
        {"ideographTraditional", 10, "癸"},
        {"ideographTraditional", 11, "11"},
        {"ideographZodiac", 12, "亥"},
        {"ideographEnclosedCircle", 1, "㊀"},
        {"bullet", 1, ""},
        {"none", 1, ""},
        {"someFutureFormat", 7, "7"},
        {"chineseCounting", 0, "〇"},
        {"chineseCounting", 12345, "12345"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        size_t n = nl_docxnum_format(cases[i].fmt, cases[i].v, buf, sizeof buf);
        cr_expect_str_eq(buf, cases[i].want, "%s %ld: got \"%s\"", cases[i].fmt, cases[i].v, buf);
        cr_expect_eq(n, strlen(cases[i].want));
    }
    char small[3];
    cr_expect_eq(nl_docxnum_format("chineseCounting", 1, small, sizeof small), 0);
    cr_expect_str_empty(small);
}

Test(docx, many_numbered_paragraphs)
{
    /* 十一、 and beyond; the counter keeps going over 120 paragraphs. */
    size_t cap = 1 << 16, len = 0;
    char *doc = malloc(cap);
    cr_assert_not_null(doc);
    len += (size_t)snprintf(doc, cap, "%s",
                            XML_DECL "<w:document xmlns:w=\"" W_NS "\"><w:body>");
    for (int i = 0; i < 120; i++)
        len += (size_t)snprintf(doc + len, cap - len, "%s", NP("1", "0", "x"));
    snprintf(doc + len, cap - len, "</w:body></w:document>");
    nl_extract x;
    extract_parts(doc, NUMBERING(OUTLINE_ABS("0") NUM("1", "0")), NULL, &x);
    cr_assert_str_empty(x.problem);
    cr_assert(strncmp(x.text, "一、x\n二、x\n", strlen("一、x\n二、x\n")) == 0);
    cr_assert_not_null(strstr(x.text, "\n十、x\n十一、x\n"));
    cr_assert_not_null(strstr(x.text, "\n九十九、x\n一百、x\n一百零一、x\n"));
    cr_assert(strcmp(x.text + x.len - strlen("一百二十、x"), "一百二十、x") == 0);
    nl_extract_free(&x);
    free(doc);
}

/* ---- a package made by LibreOffice -------------------------------------- */

static const char lo_lists_text[] =
    "关于巡察整改进展情况的通报\n"
    "一、总体情况\n"
    "（一）统一思想认识\n"
    "（二）健全工作机制\n"
    "1.针对问题甲\n"
    "2.针对问题乙\n"
    "二、整改落实情况\n"
    "（一）关于党的建设\n"
    "单元格一\n"
    "单元格二\n"
    "第二段\n"
    "三、下一步工作\n"
    "甲\t乙 丙\n"
    "十、第十项\n"
    "十一、第十一项\n"
    "正文段落。";

Test(docx, libreoffice_lists)
{
    size_t n;
    char *b = tu_read_file(tu_src("tests/data/docx/lists.docx"), &n);
    if (!b)
        cr_skip_test("tests/data/docx/lists.docx is absent");
    nl_extract x;
    nl_error err = {0};
    cr_assert_eq(nl_docx_extract((unsigned char *)b, n, &x, &err), NL_OK);
    cr_assert_str_empty(x.problem, "%s", x.problem);
    cr_assert_str_eq(x.text, lo_lists_text);
    nl_extract_free(&x);
    nl_extract_free(&x); /* safe twice */
    free(b);
}

Test(docx, libreoffice_outline_styles)
{
    size_t n;
    char *b = tu_read_file(tu_src("tests/data/docx/outline.docx"), &n);
    if (!b)
        cr_skip_test("tests/data/docx/outline.docx is absent");
    nl_extract x;
    nl_error err = {0};
    cr_assert_eq(nl_docx_extract((unsigned char *)b, n, &x, &err), NL_OK);
    cr_assert_str_empty(x.problem, "%s", x.problem);
    cr_assert_str_eq(x.text, "一、总体情况\n（一）统一思想\n（二）健全机制\n"
                             "二、整改落实\n（一）党的建设");
    nl_extract_free(&x);
    free(b);
}

/* ---- hostile input ------------------------------------------------------ */

Test(docx, empty_and_random_bytes)
{
    expect_problem_bytes((const unsigned char *)"", 0, "empty");
    unsigned char buf[4096];
    unsigned state = 12345;
    for (int round = 0; round < 200; round++) {
        size_t n = (size_t)(round * 37 % (int)sizeof buf) + 1;
        for (size_t i = 0; i < n; i++) {
            state = state * 1103515245u + 12345u;
            buf[i] = (unsigned char)(state >> 16);
        }
        if (round % 2) /* look like a zip to get further */
            memcpy(buf, "PK\3\4", n < 4 ? n : 4);
        expect_problem_bytes(buf, n, "");
    }
    expect_problem_bytes((const unsigned char *)"plain text", 10,
                         "not a .docx file: not a zip archive (libzip: ");
    static const unsigned char ole[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1,
                                        0x1A, 0xE1, 0, 0, 0, 0};
    expect_problem_bytes(ole, sizeof ole, "OLE compound file");
}

Test(docx, zip_without_document)
{
    part parts[] = {{"word/styles.xml", STYLES(""), 0}, {"docProps/app.xml", "<x/>", 0}};
    size_t n;
    unsigned char *zip = make_zip(parts, 2, &n);
    expect_problem_bytes(zip, n, "no word/document.xml");
    free(zip);
    /* an empty archive: just the end of central directory record */
    static const unsigned char empty[22] = {'P', 'K', 5, 6};
    expect_problem_bytes(empty, sizeof empty, "no word/document.xml");
}

Test(docx, zip_bomb_ratio)
{
    size_t big = 10u << 20;
    char *zeros = calloc(1, big);
    cr_assert_not_null(zeros);
    memset(zeros, ' ', big);
    part parts[] = {{"word/document.xml", zeros, big}};
    size_t n;
    unsigned char *zip = make_zip(parts, 1, &n);
    cr_assert_lt(n, big / 200, "the test needs a ratio above 200");
    expect_problem_bytes(zip, n, "word/document.xml would inflate 10485760 bytes");
    free(zip);
    /* a bomb in an optional part is refused as well */
    part parts2[] = {{"word/document.xml", DOC(P("a")), 0},
                     {"word/numbering.xml", zeros, big}};
    zip = make_zip(parts2, 2, &n);
    expect_problem_bytes(zip, n, "word/numbering.xml would inflate");
    free(zip);
    free(zeros);
}

/* Overwrite the uncompressed size of every entry (local header and
 * central directory) with `size`. */
static void patch_sizes(unsigned char *zip, size_t n, unsigned size)
{
    for (size_t i = 0; i + 46 <= n; i++) {
        size_t at = 0;
        if (memcmp(zip + i, "PK\3\4", 4) == 0)
            at = i + 22;
        else if (memcmp(zip + i, "PK\1\2", 4) == 0)
            at = i + 24;
        if (at)
            for (int k = 0; k < 4; k++)
                zip[at + (size_t)k] = (unsigned char)(size >> (8 * k));
    }
}

Test(docx, sizes_that_lie)
{
    char doc[8192];
    size_t len = (size_t)snprintf(doc, sizeof doc, "%s",
                                  XML_DECL "<w:document xmlns:w=\"" W_NS "\"><w:body>");
    while (len < 6000)
        len += (size_t)snprintf(doc + len, sizeof doc - len, "%s", P("重复的段落"));
    snprintf(doc + len, sizeof doc - len, "</w:body></w:document>");
    part parts[] = {{"word/document.xml", doc, 0}};
    size_t n;
    unsigned char *zip = make_zip(parts, 1, &n);
    patch_sizes(zip, n, 100);
    expect_problem_bytes(zip, n, "word/document.xml");
    free(zip);
}

Test(docx, truncated_and_flipped_packages)
{
    size_t n;
    unsigned char *zip = NULL;
    {
        part parts[] = {{"word/document.xml",
                         DOC(NP("1", "0", "总体情况") NP("1", "1", "统一思想")
                             P("正文")), 0},
                        {"word/numbering.xml",
                         NUMBERING(OUTLINE_ABS("0") NUM("1", "0")), 0}};
        zip = make_zip(parts, 2, &n);
    }
    for (size_t cut = 0; cut < n; cut += n / 23 + 1)
        expect_problem_bytes(zip, cut, "");
    /* Flip bytes: any outcome but a crash (or a leak) is fine. */
    unsigned char *copy = malloc(n);
    cr_assert_not_null(copy);
    unsigned state = 99;
    for (int round = 0; round < 400; round++) {
        memcpy(copy, zip, n);
        for (int k = 0; k < 1 + round % 4; k++) {
            state = state * 1103515245u + 12345u;
            size_t at = (state >> 8) % n;
            copy[at] ^= (unsigned char)(1u << (state % 8));
        }
        nl_extract x;
        nl_error err = {0};
        cr_assert_eq(nl_docx_extract(copy, n, &x, &err), NL_OK);
        cr_assert_not_null(x.text);
        cr_assert_eq(strlen(x.text), x.len);
        nl_extract_free(&x);
    }
    free(copy);
    free(zip);
}

Test(docx, mutated_xml)
{
    /* Damage inside the XML (not the zip): every outcome but a crash is
     * fine, and a usable result keeps one line per paragraph. */
    static const char doc[] = DOC(NP("1", "0", "甲") NP("1", "1", "乙")
                                  SP("H1", "丙") NP("2", "2", "丁") P("戊"));
    static const char numbering[] = NUMBERING(
        OUTLINE_ABS("0") NUM("1", "0")
        "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"0\"/><w:lvlOverride "
        "w:ilvl=\"2\"><w:startOverride w:val=\"4\"/><w:lvl w:ilvl=\"2\">"
        "<w:numFmt w:val=\"upperLetter\"/><w:lvlText w:val=\"%1.%2.%3\"/>"
        "</w:lvl></w:lvlOverride></w:num>");
    static const char styles[] = STYLES(
        "<w:style w:type=\"paragraph\" w:styleId=\"H1\"><w:basedOn "
        "w:val=\"H1\"/><w:pPr><w:numPr><w:numId w:val=\"2\"/></w:numPr></w:pPr>"
        "</w:style>");
    char d[sizeof doc], nu[sizeof numbering], st[sizeof styles];
    unsigned state = 7;
    for (int round = 0; round < 300; round++) {
        memcpy(d, doc, sizeof doc);
        memcpy(nu, numbering, sizeof numbering);
        memcpy(st, styles, sizeof styles);
        char *target = round % 3 == 0 ? d : round % 3 == 1 ? nu : st;
        size_t tlen = strlen(target);
        for (int k = 0; k < 1 + round % 3; k++) {
            state = state * 1103515245u + 12345u;
            size_t at = (state >> 8) % tlen;
            static const char junk[] = "<>/\"=&;%0123456789 w:abcdelnprstv";
            target[at] = junk[(state >> 4) % (sizeof junk - 1)];
        }
        nl_extract x;
        extract_parts(d, nu, st, &x);
        if (!x.problem[0]) {
            size_t lines = 1;
            for (const char *c = x.text; *c; c++)
                lines += *c == '\n';
            cr_expect_leq(lines, 5, "round %d: %s", round, x.text);
        }
        nl_extract_free(&x);
    }
}

Test(docx, malformed_xml)
{
    nl_extract x;
    extract_parts(XML_DECL "<w:document xmlns:w=\"" W_NS "\"><w:body>"
                  P("完整的段落") "<w:p><w:r><w:t>未闭合</w:r></w:p>",
                  NULL, NULL, &x);
    cr_assert_not_null(strstr(x.problem, "word/document.xml is not well-formed XML (line 1: "),
                       "%s", x.problem);
    nl_extract_free(&x);

    extract_parts(DOC(P("a")), "<w:numbering", NULL, &x);
    cr_assert_not_null(strstr(x.problem, "word/numbering.xml is not well-formed"),
                       "%s", x.problem);
    nl_extract_free(&x);

    extract_parts("", NULL, NULL, &x);
    cr_assert_not_null(strstr(x.problem, "word/document.xml is empty"), "%s", x.problem);
    nl_extract_free(&x);

    extract_parts("\xff\xfe<\0w\0", NULL, NULL, &x);
    cr_assert_not_null(strstr(x.problem, "UTF-16"), "%s", x.problem);
    nl_extract_free(&x);

    extract_parts(XML_DECL "<w:document xmlns:w=\"" W_NS "\"><w:body>"
                  "<w:p><w:r><w:t>\xc3\x28</w:t></w:r></w:p></w:body></w:document>",
                  NULL, NULL, &x);
    cr_assert_not_null(strstr(x.problem, "word/document.xml is not well-formed"),
                       "%s", x.problem);
    nl_extract_free(&x);

    /* an undefined entity (no DTD) is an error, not a lookup */
    extract_parts(DOC(P("&ext;")), NULL, NULL, &x);
    cr_assert_not_null(strstr(x.problem, "word/document.xml"), "%s", x.problem);
    nl_extract_free(&x);
}

#define LAUGHS                                                               \
    "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"                            \
    " <!ENTITY lol \"lol\">\n"                                               \
    " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n" \
    " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n" \
    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n" \
    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n" \
    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n" \
    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n" \
    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n" \
    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n" \
    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n" \
    "]>\n"

Test(docx, billion_laughs_refused)
{
    nl_extract x;
    extract_parts(LAUGHS "<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r>"
                  "<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>",
                  NULL, NULL, &x);
    cr_assert_str_eq(x.problem, "word/document.xml declares a DTD/entities: refused");
    cr_assert_str_empty(x.text);
    nl_extract_free(&x);
    /* an external entity in an optional part */
    extract_parts(DOC(P("a")),
                  "<?xml version=\"1.0\"?><!DOCTYPE n [<!ENTITY x SYSTEM "
                  "\"file:///etc/passwd\">]><w:numbering xmlns:w=\"" W_NS "\">"
                  "&x;</w:numbering>",
                  NULL, &x);
    cr_assert_str_eq(x.problem, "word/numbering.xml declares a DTD/entities: refused");
    nl_extract_free(&x);
}

Test(docx, libxml2_stays_quiet)
{
    /* Errors go to the per-reader handler, never to stderr. */
    char path[] = "/tmp/test_docx_stderr_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    dup2(fd, STDERR_FILENO);
    nl_extract x;
    extract_parts(XML_DECL "<w:document><w:body><w:p><x:y/></w:p>", NULL, NULL, &x);
    nl_extract_free(&x);
    extract_parts(DOC(P("&amp;&bad;")), "<a><b></a>", "\x01", &x);
    nl_extract_free(&x);
    extract_parts("<?xml version=\"1.0\" encoding=\"EBCDIC-XYZ\"?><a/>", NULL, NULL, &x);
    nl_extract_free(&x);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    off_t size = lseek(fd, 0, SEEK_END);
    close(fd);
    unlink(path);
    cr_assert_eq(size, 0, "libxml2 wrote %lld bytes to stderr", (long long)size);
}

Test(docx, encrypted_entry)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    cr_assert_not_null(za);
    static const char doc[] = DOC(P("机密"));
    zip_source_t *s = zip_source_buffer(za, doc, strlen(doc), 0);
    zip_int64_t idx = zip_file_add(za, "word/document.xml", s, 0);
    cr_assert_geq(idx, 0);
    int enc = zip_file_set_encryption(za, (zip_uint64_t)idx, ZIP_EM_AES_256, "pw");
    cr_assert_eq(zip_close(za), 0);
    zip_stat_t st;
    cr_assert_eq(zip_source_stat(src, &st), 0);
    unsigned char *buf = malloc(st.size);
    cr_assert_eq(zip_source_open(src), 0);
    cr_assert_eq(zip_source_read(src, buf, st.size), (zip_int64_t)st.size);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    if (enc != 0) {
        free(buf);
        cr_skip_test("libzip was built without encryption support");
    }
    expect_problem_bytes(buf, st.size, "word/document.xml is encrypted");
    free(buf);
}

/* ---- threads ------------------------------------------------------------ */

typedef struct job {
    const unsigned char *zip;
    size_t n;
    int ok;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    j->ok = 1;
    for (int i = 0; i < 25; i++) {
        nl_extract x;
        if (nl_docx_extract(j->zip, j->n, &x, NULL) != NL_OK || x.problem[0] ||
            strcmp(x.text, "一、总体情况\n（一）统一思想\n（二）健全机制\n二、下一步") != 0)
            j->ok = 0;
        nl_extract_free(&x);
        /* a hostile one in between */
        nl_docx_extract((const unsigned char *)"PK\3\4garbage", 11, &x, NULL);
        if (!x.problem[0])
            j->ok = 0;
        nl_extract_free(&x);
    }
    return NULL;
}

Test(docx, concurrent_extractions)
{
    part parts[] = {{"word/document.xml",
                     DOC(NP("1", "0", "总体情况") NP("1", "1", "统一思想")
                         NP("1", "1", "健全机制") NP("1", "0", "下一步")), 0},
                    {"word/numbering.xml", NUMBERING(OUTLINE_ABS("0") NUM("1", "0")), 0},
                    {"word/document.xml.bak", LAUGHS "<a/>", 0}};
    size_t n;
    unsigned char *zip = make_zip(parts, 3, &n);
    pthread_t t[6];
    job jobs[6];
    for (int i = 0; i < 6; i++) {
        jobs[i] = (job){zip, n, 0};
        cr_assert_eq(pthread_create(&t[i], NULL, worker, &jobs[i]), 0);
    }
    for (int i = 0; i < 6; i++) {
        pthread_join(t[i], NULL);
        cr_expect(jobs[i].ok, "thread %d saw a wrong result", i);
    }
    free(zip);
}
