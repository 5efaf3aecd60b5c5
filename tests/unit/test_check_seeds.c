/*
 * test_check_seeds.c — the default rule pack on the five real notices in
 * ../shared/seeds: the defects NOTICE-SPEC lists are found at the right
 * lines, and what is right stays quiet.  Skips when the seeds are absent.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "eval.h"
#include "testutil.h"

static nl_config *cfg;
static nl_ruleset set;

static void setup(void)
{
    nl_error err = {0};
    cr_assert_eq(nl_config_load_default(&cfg, &err), NL_OK, "%s", err.text);
    set.base_defs = &cfg->defs;
    set.parser = cfg;
    cr_assert_eq(nl_rules_load_default(&set, NULL, NULL, &err), NL_OK, "%s:%d:%d: %s",
                 err.file, err.line, err.column, err.text);
}

static void teardown(void)
{
    nl_ruleset_free(&set);
    nl_config_free(cfg);
}

TestSuite(seeds, .init = setup, .fini = teardown);

typedef struct result {
    char rules[256][64];
    int lines[256];
    size_t n;
} result;

static result *check_seed(const char *prefix)
{
    static result res;
    const char *path = tu_seed_path(prefix);
    if (!path)
        cr_skip_test("../shared/seeds (or seed %s*) is absent", prefix);
    nl_error err = {0};
    nl_doc *doc = NULL;
    nl_notice *nt = NULL;
    nl_findings f = {0};
    cr_assert_eq(nl_doc_load_file(path, &doc, &err), NL_OK);
    cr_assert_eq(nl_notice_parse(cfg, doc, &nt, &err), NL_OK);
    cr_assert_eq(nl_eval_run(&set, NULL, nt, &f, NULL, &err), NL_OK);
    res.n = 0;
    for (size_t i = 0; i < f.n && res.n < 256; i++, res.n++) {
        snprintf(res.rules[res.n], sizeof res.rules[0], "%s", f.v[i].rule_id);
        res.lines[res.n] = nl_doc_pos(doc, f.v[i].span.start).line;
    }
    nl_findings_free(&f);
    nl_notice_free(nt);
    nl_doc_free(doc);
    return &res;
}

/* How many findings of `rule` at `line` (0 = any line). */
static int count(const result *r, const char *rule, int line)
{
    int n = 0;
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->rules[i], rule) == 0 && (line == 0 || r->lines[i] == line))
            n++;
    return n;
}

Test(seeds, s000_duplicate_title_doubled_quote_and_late_publication)
{
    result *r = check_seed("000_");
    cr_assert_eq(count(r, "structure.duplicate-problem", 71), 1); /* item 23 repeats item 22 */
    cr_assert_eq(count(r, "punct.doubled", 89), 1);              /* 未严格落实””问题 */
    cr_assert_eq(count(r, "date.publication-lag", 0), 1);        /* 2023-07-27 → 2024-02-02 */
    cr_assert_eq(count(r, "structure.numbering-gap", 0), 0);     /* items 1–51 run on */
    cr_assert_eq(count(r, "required.contact", 0), 0);
    cr_assert_eq(count(r, "required.signature", 0), 0);
    cr_assert_eq(count(r, "contact.area-code", 0), 0);           /* 0769-22907133 */
}

Test(seeds, s001_repeated_number_lost_month_vague_discipline)
{
    result *r = check_seed("001_");
    cr_assert_eq(count(r, "structure.numbering-duplicate", 169), 1); /* 四十四 twice */
    cr_assert_eq(count(r, "date.malformed", 161), 1);                 /* 2024年3月、6已开展 */
    cr_assert_eq(count(r, "discipline.vague", 101), 1);               /* 给予…政务处分。 */
    cr_assert_eq(count(r, "discipline.sum-mismatch", 0), 0);          /* 3 = 1 + 2 */
    cr_assert_eq(count(r, "contact.area-code", 172), 1);              /* 电话83088698 */
    cr_assert_eq(count(r, "contact.email", 0), 1);                    /* no e-mail */
    cr_assert_eq(count(r, "required.contact", 0), 0);
    cr_assert_eq(count(r, "required.signature", 0), 1);
}

Test(seeds, s002_gaps_empty_heading_cut_paragraph_nothing_at_the_end)
{
    result *r = check_seed("002_");
    cr_assert_eq(count(r, "structure.numbering-gap", 4), 1);   /* (一) → (三) */
    cr_assert_eq(count(r, "structure.numbering-gap", 62), 1);  /* again in part 三 */
    cr_assert_eq(count(r, "structure.numbering-gap", 13), 1);  /* 3. → 5. */
    cr_assert_eq(count(r, "structure.empty-section", 45), 1);  /* (十四)…方面 */
    cr_assert_eq(count(r, "structure.unterminated-paragraph", 8), 1);
    cr_assert_eq(count(r, "required.contact", 0), 1);
    cr_assert_eq(count(r, "required.signature", 0), 1);
    cr_assert_eq(count(r, "required.date", 0), 1);
}

Test(seeds, s003_measure_before_inspection_and_nothing_about_numbering)
{
    result *r = check_seed("003_");
    cr_assert_eq(count(r, "date.before-inspection", 31), 1); /* 2021年7月 < 2021-08-05 */
    /* per-aspect item numbering is not a gap or duplicate */
    cr_assert_eq(count(r, "structure.numbering-gap", 0), 0);
    cr_assert_eq(count(r, "structure.numbering-duplicate", 0), 0);
    cr_assert_eq(count(r, "structure.count-mismatch", 0), 0);   /* 32 stated, 32 listed */
    cr_assert_eq(count(r, "structure.aspect-count-mismatch", 0), 0);
    cr_assert_eq(count(r, "format.doc-number", 0), 0);          /* 〔2021〕83号 is right */
    cr_assert_eq(count(r, "punct.unbalanced", 0), 0);
}

Test(seeds, s004_enumeration_order_and_date_before_inspection)
{
    result *r = check_seed("004_");
    cr_assert_geq(count(r, "structure.enumeration-order", 15), 1); /* 一是 四是 二是 三是 */
    cr_assert_geq(count(r, "date.before-inspection", 15), 1);      /* 2023年6月30日 移交 */
    cr_assert_eq(count(r, "required.contact", 0), 1);
    cr_assert_eq(count(r, "required.date", 0), 1);
    cr_assert_eq(count(r, "structure.count-mismatch", 0), 0);      /* 11 stated, 11 listed */
}

Test(seeds, anonymised_names_are_not_placeholders)
{
    const char *seeds[] = {"000_", "001_", "002_", "003_", "004_"};
    for (size_t i = 0; i < 5; i++) {
        result *r = check_seed(seeds[i]);
        cr_assert_eq(count(r, "text.placeholder", 0), 0, "%s", seeds[i]);
    }
}
