/*
 * main.c — the noticelint command line.  CLI only: an option table that
 * drives both parsing and --help, the subcommands, exit codes.  Everything
 * else is in libnoticelint.
 *
 * Exit codes: 0 success (check: no finding at or above --fail-on);
 * 1 findings at or above --fail-on (check) or failing fixtures (rules
 * test); 2 an error (usage, unreadable input, bad rules or configuration,
 * write failure).  An unreadable document does not stop the others: it is
 * reported on stderr, the rest are processed, and the exit code is 2.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "baseline.h"
#include "config.h"
#include "doc.h"
#include "error.h"
#include "check.h"
#include "eval.h"
#include "fixture.h"
#include "fmt.h"
#include "fmt_rules.h"
#include "fmt_audit.h"
#include "progress.h"
#include "report.h"
#include "noticelint.h"
#include "paths.h"
#include "project.h"
#include "repo.h"
#include "rules.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_ERROR = 2 };

enum {
    CMD_PARSE = 1, CMD_CHECK = 2, CMD_RULES = 4, CMD_CONFIG = 8, CMD_AUDIT = 16
};
#define CMD_DOCS (CMD_PARSE | CMD_CHECK | CMD_AUDIT)
#define CMD_RULESETS (CMD_CHECK | CMD_RULES | CMD_CONFIG | CMD_AUDIT)

typedef struct option_def {
    const char *name;
    int id;               /* short option character or OPT_* */
    const char *arg;      /* NULL for a flag */
    int commands;         /* CMD_* mask */
    const char *help;
} option_def;

enum {
    OPT_PARSER = 256, OPT_GLOB, OPT_FILES_FROM, OPT_JSONL, OPT_FORMAT,
    OPT_RULES, OPT_EXTEND, OPT_CONFIG, OPT_NO_CONFIG, OPT_ENABLE, OPT_DISABLE,
    OPT_FAIL_ON, OPT_COLOR, OPT_STATS, OPT_JOBS,
    OPT_CHANGED_SINCE, OPT_BASELINE, OPT_WRITE_BASELINE, OPT_INPUT_FORMAT, OPT_MAX_SIZE
};
enum { OPT_CSV_HEADER = 512 }; /* audit */

static const option_def option_table[] = {
    {"format", OPT_FORMAT, "FMT", CMD_CHECK | CMD_RULES,
     "output format: check: text, json, jsonl, sarif, junit, github, rdjson,\n"
     "                             codequality; rules list: text, json, md"},
    {"output", 'o', "FILE", CMD_DOCS,
     "write to FILE instead of stdout, atomically (kept if no document is read)"},
    {"rules", OPT_RULES, "PATH", CMD_RULESETS,
     "rule file or directory of *.yaml; repeatable; replaces the embedded pack"},
    {"extend-rules", OPT_EXTEND, "PATH", CMD_RULESETS,
     "rule file or directory added to the pack; repeatable"},
    {"config", OPT_CONFIG, "FILE", CMD_RULESETS | CMD_PARSE,
     "project configuration (default: .noticelint.yaml found upward from here)"},
    {"no-config", OPT_NO_CONFIG, NULL, CMD_RULESETS | CMD_PARSE,
     "do not look for .noticelint.yaml"},
    {"enable", OPT_ENABLE, "RULE", CMD_RULESETS, "enable a rule; repeatable"},
    {"disable", OPT_DISABLE, "RULE", CMD_RULESETS, "disable a rule; repeatable"},
    {"fail-on", OPT_FAIL_ON, "LEVEL", CMD_CHECK,
     "exit 1 when a finding is at or above error (default), warning, info; never"},
    {"quiet", 'q', NULL, CMD_CHECK,
     "print findings only: no source excerpts, no closing count line"},
    {"color", OPT_COLOR, "WHEN", CMD_CHECK,
     "colour text output: auto (default: on a terminal, unless NO_COLOR), always, never"},
    {"jobs", 'j', "N", CMD_CHECK | CMD_AUDIT,
     "check N files at a time (default: the number of processors); output order is input order"},
    {"stats", OPT_STATS, NULL, CMD_CHECK,
     "print per-rule time, match attempts and findings to stderr"},
    {"changed-since", OPT_CHANGED_SINCE, "REV", CMD_CHECK,
     "check only the documents changed since git revision REV (under PATHs, if given)"},
    {"baseline", OPT_BASELINE, "FILE", CMD_CHECK,
     "do not report the findings recorded in FILE (see docs/ci.md)"},
    {"write-baseline", OPT_WRITE_BASELINE, "FILE", CMD_CHECK,
     "record every finding in FILE as accepted; exit 0 unless an error"},
    {"parser", OPT_PARSER, "FILE", CMD_DOCS | CMD_RULES | CMD_CONFIG,
     "parser configuration (default: the embedded rules/notice.yaml)"},
    {"glob", OPT_GLOB, "PATTERNS", CMD_DOCS | CMD_RULES,
     "file names to take from directories, comma-separated fnmatch patterns\n"
     "                             (default: " NL_DEFAULT_GLOB ", or glob: in .noticelint.yaml)"},
    {"input-format", OPT_INPUT_FORMAT, "FMT", CMD_DOCS,
     "read documents as text, docx or html (default: auto, by extension:\n"
     "                             .docx Word, .html/.htm web page, else text)"},
    {"max-size", OPT_MAX_SIZE, "SIZE", CMD_DOCS,
     "refuse documents larger than SIZE bytes (suffix K, M, G; default 256M)"},
    {"files-from", OPT_FILES_FROM, "FILE", CMD_DOCS,
     "read paths from FILE, one per line (\"-\" = standard input)"},
    {"format", OPT_FORMAT, "FMT", CMD_AUDIT,
     "output format: csv (default), json, md, html, xlsx (needs -o on a terminal)"},
    {"csv-header", OPT_CSV_HEADER, "LANG", CMD_AUDIT,
     "header row of csv and xlsx: zh (default, Chinese) or en (stable English keys)"},
    {"jsonl", OPT_JSONL, NULL, CMD_PARSE,
     "one compact JSON object per document per line (JSON Lines)"},
};
#define NOPTIONS (sizeof option_table / sizeof option_table[0])

typedef struct command_def {
    const char *name;
    int id;
    const char *synopsis;
    const char *summary;
    const char *details;
} command_def;

static const command_def commands[] = {
    {"check", CMD_CHECK, "noticelint check [OPTIONS] PATH...",
     "check notices against the rules and report findings",
     "PATH is a file, a directory (searched recursively for --glob files) or\n"
     "\"-\" for standard input; .docx (Word) and .html pages are read too\n"
     "(docs/input-formats.md).  Rules come from the embedded default pack, or\n"
     "--rules, plus --extend-rules and the project configuration.  Exit status:\n"
     "0 no finding at or above --fail-on, 1 some, 2 an error.  Output formats\n"
     "are described in docs/output.md, the rule language in docs/rules.md,\n"
     "CI gates (SARIF, JUnit, --changed-since, baselines) in docs/ci.md.\n"},
    {"parse", CMD_PARSE, "noticelint parse [OPTIONS] PATH...",
     "print the parsed structure and facts of each notice as JSON",
     "PATH is a file, a directory (searched recursively for --glob files) or\n"
     "\"-\" for standard input.  One document prints one JSON object; several\n"
     "print a JSON array in input order (or JSON Lines with --jsonl).\n"
     "The output is described in docs/parse-output.md.\n"},
    {"audit", CMD_AUDIT, "noticelint audit [OPTIONS] PATH...",
     "summarise many notices for a discipline office: csv, json, md, html, xlsx",
     "Checks every notice like 'check' and writes one row per notice (units,\n"
     "inspection body, dates, days from feedback to publication, stated counts,\n"
     "discipline measures, contact channels, signature, findings) and the\n"
     "aggregates: totals, publication-lag distribution, missing elements, the\n"
     "rules that fired most, groups by inspection body.  The lag threshold is\n"
     "max_diff of the rule date.publication-lag (90 days without it).  A\n"
     "progress bar goes to stderr when it is a terminal and there are more than\n"
     "5 files.  Exit status: 0 written, 2 an error (findings do not matter).\n"
     "The formats are described in docs/audit-output.md.\n"},
    {"rules", CMD_RULES, "noticelint rules validate FILE... | list | test DIR...",
     "validate rule files, list the loaded rules, or test rules against fixtures",
     "validate  load each FILE and report the first error as FILE:LINE:COL\n"
     "list      the resolved rules: id, kind, severity, on/off, scope and\n"
     "          description (--format json adds file and line; md = catalogue)\n"
     "test      for each X.txt with a sidecar X.expect (lines \"rule-id line\")\n"
     "          in DIR, run the rules and report missing and unexpected\n"
     "          findings; exit 1 when any fixture fails\n"},
    {"config", CMD_CONFIG, "noticelint config [OPTIONS]",
     "print the resolved configuration: files read, rules, severities, settings",
     "Shows which project configuration, parser configuration and rule files\n"
     "were read, and every rule with its state after all overrides.\n"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage_short(FILE *f)
{
    fputs("usage: noticelint [--version] [--help] COMMAND [OPTIONS] PATH...\n"
          "Try 'noticelint --help' for more information.\n", f);
}

static void help_command(FILE *f, const command_def *c)
{
    fprintf(f, "usage: %s\n\n%s.\n\n%s\nOptions:\n", c->synopsis, c->summary,
            c->details);
    for (size_t i = 0; i < NOPTIONS; i++) {
        const option_def *o = &option_table[i];
        if (!(o->commands & c->id))
            continue;
        char left[64];
        if (o->id < 256)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->id, o->name,
                     o->arg ? " " : "", o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->name,
                     o->arg ? " " : "", o->arg ? o->arg : "");
        fprintf(f, "  %-26s %s\n", left, o->help);
    }
    fputs("  -h, --help                 show this help\n", f);
}

static void help_main(FILE *f)
{
    fputs("noticelint — check Chinese inspection rectification notices "
          "(巡察整改进展情况的通报)\n\n"
          "usage: noticelint [--version] [--help] COMMAND [OPTIONS] PATH...\n\n"
          "Commands:\n", f);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fputs("  help     show the help of a command: noticelint help COMMAND\n\n"
          "Exit status: 0 success, 1 findings at or above --fail-on (check) or\n"
          "failing fixtures (rules test), 2 error (unreadable input, invalid rules\n"
          "or configuration, output not written).\n"
          "See noticelint(1) and docs/ for the rule language and output formats.\n",
          f);
}

static const command_def *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

typedef struct strlist {
    const char **v;
    size_t n;
} strlist;

static int strlist_add(strlist *l, const char *s)
{
    const char **nv = realloc(l->v, (l->n + 1) * sizeof *nv);
    if (!nv)
        return -1;
    nv[l->n++] = s;
    l->v = nv;
    return 0;
}

typedef struct run {
    const command_def *cmd;
    const char *parser, *glob, *files_from, *output, *format, *config;
    int jsonl, no_config, quiet, stats, color, fail_on, jobs;
    strlist rules, extend, enable, disable;
    const char *changed_since, *baseline, *write_baseline;
    int csv_header_en;           /* audit --csv-header en */
    nl_load_opts load;           /* --input-format, --max-size, html body */
    int errors;
    /* resolved */
    nl_project project;
    nl_config *cfg;
    nl_ruleset set;
    strlist rule_files;          /* for `config` */
    char **owned;                /* strings to free */
    size_t nowned;
} run;

/* "123", "64K", "50M", "1G" -> bytes, 1 .. 2 GiB - 1. */
static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    unsigned shift = 0;
    if (end == s || errno || *s == '-')
        return -1;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    }
    if (*end == 'i' && shift) /* "50MiB" */
        end++;
    if ((*end == 'B' || *end == 'b') && shift)
        end++;
    if (*end || v == 0 || v > ((1ULL << 31) - 1) >> shift ||
        (v << shift) > (1ULL << 31) - 1)
        return -1;
    *out = (size_t)(v << shift);
    return 0;
}

/* Said once: finish() would say it again when flushing stdout fails. */
static int stdout_error_reported;

/* The output (a file or standard output) could not be written. */
static void write_error(const run *r)
{
    fprintf(stderr, "noticelint: error writing %s\n",
            r->output ? r->output : "standard output");
    if (!r->output)
        stdout_error_reported = 1;
}

static void report_path_error(const char *path, const char *reason, void *ctx)
{
    run *r = ctx;
    fprintf(stderr, "noticelint: %s: %s\n", path, reason);
    r->errors++;
}

static void report(const nl_error *err)
{
    char buf[1024];
    nl_error_format(err, buf, sizeof buf);
    fprintf(stderr, "noticelint: %s\n", buf);
}

static const char *own(run *r, char *s)
{
    char **nv = s ? realloc(r->owned, (r->nowned + 1) * sizeof *nv) : NULL;
    if (!nv) {
        free(s);
        return NULL;
    }
    r->owned = nv;
    nv[r->nowned++] = s;
    return s;
}

/* ---- resolving configuration and rules ---- */

static nl_status load_rule_path(run *r, const char *path, nl_error *err)
{
    nl_paths files = {0};
    struct stat sb;
    int dir = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
    int bad = nl_paths_add(&files, path, "*.yaml", report_path_error, r);
    nl_status st = bad ? NL_ERR_IO : NL_OK;
    if (bad)
        nl_error_set(err, NL_ERR_IO, path, 0, 0, "cannot read rules");
    for (size_t i = 0; i < files.n && st == NL_OK; i++) {
        /* A directory's notice.yaml is the parser configuration, not rules. */
        const char *base = strrchr(files.v[i], '/');
        if (dir && strcmp(base ? base + 1 : files.v[i], "notice.yaml") == 0)
            continue;
        const char *f = own(r, strdup(files.v[i]));
        if (!f || strlist_add(&r->rule_files, f) != 0)
            st = nl_error_set(err, NL_ERR_NOMEM, path, 0, 0, "out of memory");
        else
            st = nl_rules_load_file(&r->set, f, nl_project_rule_override,
                                    &r->project, err);
    }
    nl_paths_free(&files);
    return st;
}

static int set_enabled(run *r, const char *id, int on)
{
    for (size_t i = 0; i < r->set.n; i++)
        if (strcmp(r->set.rules[i].id, id) == 0) {
            r->set.rules[i].enabled = on;
            return 0;
        }
    fprintf(stderr, "noticelint: --%s %s: no such rule (see 'noticelint rules list')\n",
            on ? "enable" : "disable", id);
    return -1;
}

/* Project configuration, parser configuration and rule set.  Returns 0 or
 * prints the error and returns -1. */
static int resolve(run *r, int want_rules)
{
    nl_error err = {0};
    char *found = NULL;
    const char *cpath = r->config;
    if (!cpath && !r->no_config)
        cpath = found = nl_project_find(".");
    nl_status st = nl_project_load(cpath, &r->project, &err);
    free(found);
    if (st != NL_OK)
        goto fail;
    if (!r->glob)
        r->glob = r->project.glob;
    if (r->fail_on < 0)
        r->fail_on = r->project.fail_on >= 0 ? r->project.fail_on : NL_SEV_ERROR;
    const char *parser = r->parser ? r->parser : r->project.parser;
    st = parser ? nl_config_load_file(parser, &r->cfg, &err)
                : nl_config_load_default(&r->cfg, &err);
    if (st == NL_OK)
        r->load.html_body = (const char *const *)r->cfg->html_body;
    if (st != NL_OK || !want_rules)
        goto done;
    r->set.base_defs = &r->cfg->defs;
    r->set.override_file = r->project.path;
    r->set.parser = r->cfg;
    if (r->rules.n == 0) {
        st = nl_rules_load_default(&r->set, nl_project_rule_override, &r->project, &err);
        if (st == NL_OK)
            strlist_add(&r->rule_files, "(embedded default pack)");
    }
    for (size_t i = 0; i < r->rules.n && st == NL_OK; i++)
        st = load_rule_path(r, r->rules.v[i], &err);
    for (size_t i = 0; i < r->project.nextend && st == NL_OK; i++)
        st = load_rule_path(r, r->project.extend_rules[i], &err);
    for (size_t i = 0; i < r->extend.n && st == NL_OK; i++)
        st = load_rule_path(r, r->extend.v[i], &err);
    if (st == NL_OK && r->project.path)
        st = nl_project_check_ids(&r->project, &r->set, &err);
    if (st != NL_OK)
        goto fail;
    for (size_t i = 0; i < r->enable.n; i++)
        if (set_enabled(r, r->enable.v[i], 1) != 0)
            return -1;
    for (size_t i = 0; i < r->disable.n; i++)
        if (set_enabled(r, r->disable.v[i], 0) != 0)
            return -1;
done:
    if (st == NL_OK)
        return 0;
fail:
    if (err.code != NL_OK)
        report(&err);
    return -1;
}

/* ---- output file ---- */

typedef struct sink {
    nl_atomic atomic;
    FILE *fp;
} sink;

static int sink_open(sink *s, const char *output)
{
    memset(s, 0, sizeof *s);
    s->fp = stdout;
    if (!output)
        return 0;
    nl_error err = {0};
    if (nl_atomic_open(&s->atomic, output, &err) != NL_OK) {
        report(&err);
        return -1;
    }
    s->fp = s->atomic.fp;
    return 0;
}

/* Commit when ok, else discard.  Returns 0 or -1. */
static int sink_close(sink *s, int ok)
{
    if (s->fp == stdout)
        return 0;
    if (!ok) {
        nl_atomic_abort(&s->atomic);
        return 0;
    }
    nl_error err = {0};
    if (nl_atomic_commit(&s->atomic, &err) != NL_OK) {
        report(&err);
        return -1;
    }
    return 0;
}

static int collect_paths(run *r, int argc, char **argv, nl_paths *paths)
{
    for (int i = 0; i < argc; i++)
        if (nl_paths_add(paths, argv[i], r->glob, report_path_error, r) < 0)
            return -1;
    if (r->files_from &&
        nl_paths_read_list(paths, r->files_from, r->glob, report_path_error, r) < 0)
        return -1;
    return 0;
}

/* ---- parse ---- */

static int cmd_parse(run *r, int argc, char **argv)
{
    nl_error err = {0};
    nl_paths paths = {0};
    sink out;
    int status = EXIT_ERROR;
    if (resolve(r, 0) != 0)
        return EXIT_ERROR;
    if (collect_paths(r, argc, argv, &paths) != 0) {
        fputs("noticelint: out of memory\n", stderr);
        goto done;
    }
    if (paths.n == 0 && r->errors == 0) {
        fputs("noticelint: no documents to parse\n", stderr);
        goto done;
    }
    if (sink_open(&out, r->output) != 0)
        goto done;
    FILE *fp = out.fp;
    int array = !r->jsonl && (paths.n > 1 || argc > 1 || r->files_from);
    int first = 1;
    if (array)
        fputs("[\n", fp);
    for (size_t i = 0; i < paths.n; i++) {
        nl_doc *doc = NULL;
        nl_notice *nt = NULL;
        memset(&err, 0, sizeof err);
        if (nl_doc_load(paths.v[i], &r->load, &doc, &err) != NL_OK) {
            report(&err);
            r->errors++;
            continue;
        }
        char *json = NULL;
        if (nl_notice_parse(r->cfg, doc, &nt, &err) == NL_OK)
            json = nl_notice_to_json(nt, r->jsonl ? 0 : 2);
        else
            report(&err);
        if (!json) {
            r->errors++;
        } else {
            if (array && !first)
                fputs(",\n", fp);
            fputs(json, fp);
            if (!array || r->jsonl)
                fputc('\n', fp);
            first = 0;
        }
        free(json);
        nl_notice_free(nt);
        nl_doc_free(doc);
    }
    if (array)
        fputs(first ? "]\n" : "\n]\n", fp);
    status = r->errors ? EXIT_ERROR : EXIT_CLEAN;
    /* An output that holds no document does not replace an old one. */
    if (sink_close(&out, !first) != 0)
        status = EXIT_ERROR;
done:
    nl_paths_free(&paths);
    return status;
}

/* ---- check ---- */

static int use_color(run *r)
{
    if (r->color == 1)
        return 1;
    if (r->color == 0 || r->output)
        return 0;
    const char *nc = getenv("NO_COLOR");
    return (!nc || !*nc) && isatty(fileno(stdout));
}

static void print_stats(const nl_ruleset *set, const nl_rule_stats *stats)
{
    fprintf(stderr, "%-34s %10s %12s %9s\n", "rule", "ms", "matches", "findings");
    for (size_t i = 0; i < set->n; i++)
        fprintf(stderr, "%-34s %10.3f %12lu %9lu\n", set->rules[i].id,
                stats[i].seconds * 1000.0, stats[i].matches, stats[i].findings);
}

typedef struct check_run {
    run *r;
    nl_reporter *rep;
    nl_summary sum;
    int failing;
    nl_repo *repo;
    nl_baseline *known, *record;  /* --baseline, --write-baseline */
    size_t suppressed;            /* findings found in the baseline */
} check_run;

/* Deliver one document's result (in input order) to the reporter. */
static int on_checked(const nl_checked *res, void *p)
{
    check_run *cr = p;
    if (res->failed) {
        report(&res->err);
        cr->r->errors++;
    }
    if (!res->doc)
        return 0;
    const nl_findings *fs = &res->findings;
    nl_findings kept = {0}; /* a view of the findings not in the baseline */
    if (cr->known || cr->record) {
        char *rel = nl_repo_relpath(cr->repo, res->doc->path);
        if (rel && nl_baseline_filter(cr->known, cr->record, rel, res->doc, fs,
                                      &kept, &cr->suppressed) == 0) {
            fs = &kept;
        } else {
            fputs("noticelint: out of memory\n", stderr);
            cr->r->errors++;
        }
        free(rel);
    }
    for (size_t k = 0; k < fs->n; k++)
        if (fs->v[k].severity >= cr->r->fail_on)
            cr->failing = 1;
    nl_summary_add(&cr->sum, fs);
    nl_reporter_file(cr->rep, res->doc, res->nt, fs);
    free(kept.v);
    return 0;
}

static int default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static int cmd_check(run *r, int argc, char **argv)
{
    nl_paths paths = {0};
    sink out;
    int status = EXIT_ERROR;
    nl_rule_stats *stats = NULL;
    check_run cr;
    memset(&cr, 0, sizeof cr);
    cr.r = r;
    nl_repo repo = {0}; /* the repository root, looked up when first needed */
    cr.repo = &repo;
    nl_error gerr = {0};
    const char *format = r->format ? r->format : "text";
    if (!nl_reporter_known(format)) {
        fprintf(stderr, "noticelint: unknown --format '%s' (%s)\n", format,
                nl_reporter_formats());
        return EXIT_ERROR;
    }
    if (resolve(r, 1) != 0)
        return EXIT_ERROR;
    if (r->changed_since && (r->write_baseline || r->files_from)) {
        fprintf(stderr, "noticelint: --changed-since cannot be combined with %s\n",
                r->write_baseline ? "--write-baseline (it records every finding)"
                                  : "--files-from (give PATH operands)");
        goto done;
    }
    if (r->baseline && nl_baseline_load(r->baseline, &cr.known, &gerr) != NL_OK) {
        report(&gerr);
        goto done;
    }
    if (r->write_baseline && !(cr.record = nl_baseline_new())) {
        fputs("noticelint: out of memory\n", stderr);
        goto done;
    }
    stats = r->stats ? calloc(r->set.n + 1, sizeof *stats) : NULL;
    if (r->changed_since) {
        if (nl_repo_changed(&repo, r->changed_since, r->glob ? r->glob : NL_DEFAULT_GLOB,
                            argv, (size_t)argc, &paths, &gerr) != NL_OK) {
            report(&gerr);
            goto done;
        }
    } else if ((r->stats && !stats) || collect_paths(r, argc, argv, &paths) != 0) {
        fputs("noticelint: out of memory\n", stderr);
        goto done;
    }
    /* With --changed-since, no changed document is a clean run. */
    if (paths.n == 0 && r->errors == 0 && !r->changed_since) {
        fputs("noticelint: no documents to check\n", stderr);
        goto done;
    }
    if (sink_open(&out, r->output) != 0)
        goto done;
    nl_report_opts ro = {use_color(r), r->quiet, &r->set, &repo, &r->project};
    if (!(cr.rep = nl_reporter_new(format, out.fp, &ro))) {
        write_error(r); /* the format is known: its header could not be written */
        sink_close(&out, 0);
        goto done;
    }
    nl_checker checker = {r->cfg, &r->set, &r->project, stats, &r->load};
    int jobs = r->jobs > 0 ? r->jobs : default_jobs();
    nl_check_files(&checker, (const char *const *)paths.v, paths.n, jobs,
                   on_checked, &cr);
    int werr = nl_reporter_end(cr.rep, &cr.sum) != 0;
    if (stats)
        print_stats(&r->set, stats);
    if (cr.suppressed && !r->quiet)
        fprintf(stderr, "noticelint: %zu finding%s in the baseline not reported\n",
                cr.suppressed, cr.suppressed == 1 ? "" : "s");
    if (cr.record && r->errors) {
        fprintf(stderr, "noticelint: %s not written: some documents could not be read\n",
                r->write_baseline);
    } else if (cr.record) {
        if (nl_baseline_write(cr.record, r->write_baseline, &gerr) != NL_OK) {
            report(&gerr);
            r->errors++;
        }
        cr.failing = 0; /* every finding is now accepted */
    }
    status = r->errors ? EXIT_ERROR : cr.failing ? EXIT_FINDINGS : EXIT_CLEAN;
    /* An output that holds no document does not replace an old one. */
    if (werr || ferror(out.fp)) {
        write_error(r);
        sink_close(&out, 0);
        status = EXIT_ERROR;
    } else if (sink_close(&out, cr.sum.files > 0 || r->changed_since) != 0) {
        status = EXIT_ERROR;
    }
done:
    free(stats);
    nl_paths_free(&paths);
    nl_baseline_free(cr.known);
    nl_baseline_free(cr.record);
    nl_repo_free(&repo);
    return status;
}

/* ---- audit ---- */

typedef struct audit_run {
    run *r;
    nl_audit *audit;
    const nl_audit_format *fmt;
    void *state;
    nl_progress progress;
    int failed;                  /* out of memory, or writing failed */
    int oom;                     /* ... out of memory (already said) */
} audit_run;

/* One notice (in input order): a row for the audit, and to the format. */
static int on_audited(const nl_checked *res, void *p)
{
    audit_run *ar = p;
    nl_progress_tick(&ar->progress);
    if (res->failed) {
        nl_progress_clear(&ar->progress);
        report(&res->err);
        ar->r->errors++;
    }
    int oom = 0;
    const nl_audit_row *row = nl_audit_add(ar->audit, res, &oom);
    if (oom) {
        fputs("noticelint: out of memory\n", stderr);
        ar->oom = 1;
    }
    if (oom || (row && ar->fmt->notice &&
                ar->fmt->notice(ar->state, ar->audit, row, res) != 0)) {
        ar->failed = 1;
        return 1;
    }
    return 0;
}

static int cmd_audit(run *r, int argc, char **argv)
{
    nl_paths paths = {0};
    sink out;
    int status = EXIT_ERROR;
    audit_run ar;
    memset(&ar, 0, sizeof ar);
    ar.r = r;
    const char *format = r->format ? r->format : "csv";
    if (!(ar.fmt = nl_audit_format_find(format))) {
        fprintf(stderr, "noticelint: unknown --format '%s' (%s)\n", format,
                nl_audit_format_names());
        return EXIT_ERROR;
    }
    if (ar.fmt->unavailable) {
        fprintf(stderr, "noticelint: --format %s: %s\n", format, ar.fmt->unavailable);
        return EXIT_ERROR;
    }
    if (ar.fmt->binary && !r->output && isatty(fileno(stdout))) {
        fprintf(stderr, "noticelint: not writing binary %s output to a terminal: use -o FILE\n", format);
        return EXIT_ERROR;
    }
    if (resolve(r, 1) != 0)
        return EXIT_ERROR;
    if (collect_paths(r, argc, argv, &paths) != 0 || !(ar.audit = nl_audit_new(&r->set))) {
        fputs("noticelint: out of memory\n", stderr);
        goto done;
    }
    if (paths.n == 0 && r->errors == 0) {
        fputs("noticelint: no documents to audit\n", stderr);
        goto done;
    }
    ar.audit->unreadable = (size_t)r->errors; /* operands not found */
    if (sink_open(&out, r->output) != 0)
        goto done;
    nl_audit_opts ao = {r->csv_header_en};
    if (ar.fmt->begin(&ar.state, out.fp, &ao, ar.audit) != 0) {
        write_error(r);
        sink_close(&out, 0);
        goto done;
    }
    nl_checker checker = {r->cfg, &r->set, &r->project, NULL, &r->load};
    nl_progress_init(&ar.progress, stderr, paths.n, -1);
    nl_check_files(&checker, (const char *const *)paths.v, paths.n,
                   r->jobs > 0 ? r->jobs : default_jobs(), on_audited, &ar);
    nl_progress_end(&ar.progress);
    if (!ar.failed && nl_audit_finish(ar.audit) != 0) {
        fputs("noticelint: out of memory\n", stderr);
        ar.failed = ar.oom = 1;
    }
    int werr = ar.fmt->end(ar.state, ar.failed ? NULL : out.fp, ar.audit) != 0;
    status = r->errors ? EXIT_ERROR : EXIT_CLEAN;
    if (ar.failed || werr || ferror(out.fp)) {
        if (!ar.oom)
            write_error(r);
        sink_close(&out, 0);
        status = EXIT_ERROR;
    } else if (sink_close(&out, ar.audit->nrows > 0) != 0) { /* as check: no document, no file */
        status = EXIT_ERROR;
    }
done:
    nl_audit_free(ar.audit);
    nl_paths_free(&paths);
    return status;
}

/* ---- rules ---- */

static int rules_validate(run *r, int argc, char **argv)
{
    int status = EXIT_CLEAN;
    if (resolve(r, 0) != 0) /* the parser configuration's defs are shared */
        return EXIT_ERROR;
    for (int i = 0; i < argc; i++) {
        nl_ruleset set = {0};
        set.base_defs = &r->cfg->defs;
        set.parser = r->cfg;
        nl_error err = {0};
        nl_paths files = {0};
        if (nl_paths_add(&files, argv[i], "*.yaml", report_path_error, r) != 0)
            status = EXIT_ERROR;
        struct stat sb;
        int dir = stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode);
        for (size_t k = 0; k < files.n; k++) {
            const char *base = strrchr(files.v[k], '/');
            if (dir && strcmp(base ? base + 1 : files.v[k], "notice.yaml") == 0)
                continue; /* the parser configuration */
            if (nl_rules_load_file(&set, files.v[k], NULL, NULL, &err) != NL_OK) {
                report(&err);
                status = EXIT_ERROR;
                break;
            }
            printf("%s: ok\n", files.v[k]);
        }
        nl_paths_free(&files);
        nl_ruleset_free(&set);
    }
    return status;
}

static int rules_list(run *r)
{
    if (resolve(r, 1) != 0)
        return EXIT_ERROR;
    if (r->format && strcmp(r->format, "json") == 0)
        return nl_fmt_rules_json(stdout, &r->set) == 0 ? EXIT_CLEAN : EXIT_ERROR;
    if (r->format && strcmp(r->format, "md") == 0)
        return nl_fmt_rules_md(stdout, &r->set) == 0 ? EXIT_CLEAN : EXIT_ERROR;
    if (r->format && strcmp(r->format, "text") != 0) {
        fprintf(stderr, "noticelint: unknown --format '%s' (text, json, md)\n", r->format);
        return EXIT_ERROR;
    }
    for (size_t i = 0; i < r->set.n; i++) {
        const nl_rule *x = &r->set.rules[i];
        printf("%-32s %-11s %-7s %-3s %-9s %s\n", x->id, x->kind->name,
               nl_severity_name(x->severity), x->enabled ? "on" : "off",
               nl_rscope_name(x->scope), x->description ? x->description : "");
    }
    return EXIT_CLEAN;
}

static int rules_test(run *r, int argc, char **argv)
{
    if (resolve(r, 1) != 0)
        return EXIT_ERROR;
    size_t tested = 0, failed = 0;
    int status = EXIT_CLEAN;
    for (int i = 0; i < argc; i++) {
        nl_paths files = {0};
        if (nl_paths_add(&files, argv[i], r->glob ? r->glob : NL_DEFAULT_GLOB,
                         report_path_error, r) != 0)
            status = EXIT_ERROR;
        for (size_t k = 0; k < files.n; k++) {
            const char *txt = files.v[k];
            size_t n = strlen(txt);
            char *exp = malloc(n + 8);
            if (!exp)
                return EXIT_ERROR;
            memcpy(exp, txt, n + 1);
            char *dot = strrchr(exp, '.');
            strcpy(dot && dot > strrchr(exp, '/') ? dot : exp + n, ".expect");
            if (access(exp, F_OK) == 0) {
                int rc = nl_fixture_test(r->cfg, &r->set, &r->load, txt, exp, stdout,
                                         stderr);
                tested++;
                if (rc == 2)
                    status = EXIT_ERROR;
                else if (rc == 1)
                    failed++;
            }
            free(exp);
        }
        nl_paths_free(&files);
    }
    printf("%zu fixture%s tested, %zu failed\n", tested, tested == 1 ? "" : "s", failed);
    if (status == EXIT_CLEAN && tested == 0) {
        fputs("noticelint: no fixtures with .expect files found\n", stderr);
        return EXIT_ERROR;
    }
    return status != EXIT_CLEAN ? status : failed ? EXIT_FINDINGS : EXIT_CLEAN;
}

static int cmd_rules(run *r, int argc, char **argv)
{
    if (argc < 1) {
        fprintf(stderr, "usage: %s\n", r->cmd->synopsis);
        return EXIT_ERROR;
    }
    if (strcmp(argv[0], "validate") == 0 && argc > 1)
        return rules_validate(r, argc - 1, argv + 1);
    if (strcmp(argv[0], "list") == 0 && argc == 1)
        return rules_list(r);
    if (strcmp(argv[0], "test") == 0 && argc > 1)
        return rules_test(r, argc - 1, argv + 1);
    fprintf(stderr, "noticelint rules: expected 'validate FILE...', 'list' or "
                    "'test DIR...'\nusage: %s\n", r->cmd->synopsis);
    return EXIT_ERROR;
}

/* ---- config ---- */

static void print_override_keys(const nl_project *p, const char *id)
{
    const nl_ynode *o = nl_project_rule_override(id, (void *)p);
    for (size_t k = 0; o && k < o->count; k++)
        if (o->items[k]->kind == NL_Y_SCALAR)
            printf(" %s=%s", o->keys[k]->value, o->items[k]->value);
}

static int cmd_config(run *r)
{
    if (resolve(r, 1) != 0)
        return EXIT_ERROR;
    printf("project configuration: %s\n",
           r->project.path ? r->project.path : "(none found)");
    printf("parser configuration:  %s\n",
           r->parser ? r->parser : r->project.parser ? r->project.parser
                                                     : "(embedded rules/notice.yaml)");
    printf("rule files:\n");
    for (size_t i = 0; i < r->rule_files.n; i++)
        printf("  %s\n", r->rule_files.v[i]);
    printf("document glob: %s\n", r->glob ? r->glob : NL_DEFAULT_GLOB);
    printf("fail on: %s\n", r->fail_on == 3 ? "never" : nl_severity_name(r->fail_on));
    printf("rules (%zu):\n", r->set.n);
    for (size_t i = 0; i < r->set.n; i++) {
        const nl_rule *x = &r->set.rules[i];
        printf("  %-32s %-3s %-7s", x->id, x->enabled ? "on" : "off",
               nl_severity_name(x->severity));
        print_override_keys(&r->project, x->id);
        putchar('\n');
    }
    for (size_t k = 0; k < r->project.noverrides; k++) {
        const nl_path_override *o = &r->project.overrides[k];
        printf("override for");
        for (size_t g = 0; g < o->nglobs; g++)
            printf(" %s", o->globs[g]);
        printf(":\n");
        for (size_t j = 0; j < o->rules->count; j++) {
            printf("  %s", o->rules->keys[j]->value);
            const nl_ynode *v = o->rules->items[j];
            for (size_t q = 0; q < v->count; q++)
                printf(" %s=%s", v->keys[q]->value, v->items[q]->value);
            putchar('\n');
        }
    }
    return EXIT_CLEAN;
}

/* ---- main ---- */

static int finish(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (!stdout_error_reported)
            fputs("noticelint: error writing standard output\n", stderr);
        return EXIT_ERROR;
    }
    return status;
}

static void run_free(run *r)
{
    free(r->rules.v);
    free(r->extend.v);
    free(r->enable.v);
    free(r->disable.v);
    free(r->rule_files.v);
    for (size_t i = 0; i < r->nowned; i++)
        free(r->owned[i]);
    free(r->owned);
    nl_ruleset_free(&r->set);
    nl_config_free(r->cfg);
    nl_project_free(&r->project);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage_short(stderr);
        return EXIT_ERROR;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("noticelint %s\n", NL_VERSION);
        return finish(EXIT_CLEAN);
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        help_main(stdout);
        return finish(EXIT_CLEAN);
    }
    if (strcmp(name, "help") == 0) {
        if (argc < 3 || strcmp(argv[2], "help") == 0) {
            help_main(stdout);
            return finish(EXIT_CLEAN);
        }
        const command_def *c = find_command(argv[2]);
        if (!c) {
            fprintf(stderr, "noticelint: no such command '%s'\n", argv[2]);
            return EXIT_ERROR;
        }
        help_command(stdout, c);
        return finish(EXIT_CLEAN);
    }
    const command_def *cmd = find_command(name);
    if (!cmd) {
        fprintf(stderr, "noticelint: no such command '%s'\n", name);
        usage_short(stderr);
        return EXIT_ERROR;
    }

    struct option longopts[NOPTIONS + 2];
    char shorts[16] = ":h";
    size_t nl = 0;
    for (size_t i = 0; i < NOPTIONS; i++) {
        const option_def *o = &option_table[i];
        if (!(o->commands & cmd->id))
            continue;
        longopts[nl++] = (struct option){o->name, o->arg ? required_argument : no_argument,
                                         NULL, o->id};
        if (o->id < 256) {
            size_t k = strlen(shorts);
            shorts[k++] = (char)o->id;
            if (o->arg)
                shorts[k++] = ':';
            shorts[k] = '\0';
        }
    }
    longopts[nl++] = (struct option){"help", no_argument, NULL, 'h'};
    longopts[nl] = (struct option){NULL, 0, NULL, 0};

    run r;
    memset(&r, 0, sizeof r);
    r.cmd = cmd;
    r.fail_on = -1;
    r.color = -1;
    int c, bad = 0;
    optind = 2;
    opterr = 0; /* report in our own words */
    while ((c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
        switch (c) {
        case 'h': help_command(stdout, cmd); run_free(&r); return finish(EXIT_CLEAN);
        case OPT_PARSER: r.parser = optarg; break;
        case OPT_GLOB: r.glob = optarg; break;
        case OPT_FILES_FROM: r.files_from = optarg; break;
        case OPT_INPUT_FORMAT:
            if (nl_input_format_parse(optarg, &r.load.format) != 0) {
                fprintf(stderr, "noticelint: --input-format must be auto, text, docx or html\n");
                bad = 1;
            }
            break;
        case OPT_MAX_SIZE:
            if (parse_size(optarg, &r.load.max_bytes) != 0) {
                fprintf(stderr, "noticelint: --max-size must be a size such as 50M "
                                "(from 1 byte to 2047M)\n");
                bad = 1;
            }
            break;
        case OPT_JSONL: r.jsonl = 1; break;
        case OPT_CSV_HEADER:
            r.csv_header_en = strcmp(optarg, "en") == 0 ? 1 : strcmp(optarg, "zh") == 0 ? 0 : -1;
            if (r.csv_header_en < 0) {
                fprintf(stderr, "noticelint: --csv-header must be zh or en\n");
                bad = 1;
            }
            break;
        case OPT_FORMAT: r.format = optarg; break;
        case 'o': r.output = optarg; break;
        case OPT_RULES: bad |= strlist_add(&r.rules, optarg); break;
        case OPT_EXTEND: bad |= strlist_add(&r.extend, optarg); break;
        case OPT_CONFIG: r.config = optarg; break;
        case OPT_NO_CONFIG: r.no_config = 1; break;
        case OPT_ENABLE: bad |= strlist_add(&r.enable, optarg); break;
        case OPT_DISABLE: bad |= strlist_add(&r.disable, optarg); break;
        case 'q': r.quiet = 1; break;
        case OPT_STATS: r.stats = 1; break;
        case OPT_CHANGED_SINCE: r.changed_since = optarg; break;
        case OPT_BASELINE: r.baseline = optarg; break;
        case OPT_WRITE_BASELINE: r.write_baseline = optarg; break;
        case 'j': {
            char *end;
            long j = strtol(optarg, &end, 10);
            if (*end || j < 1 || j > 256) {
                fprintf(stderr, "noticelint: --jobs must be a number from 1 to 256\n");
                bad = 1;
            } else {
                r.jobs = (int)j;
            }
            break;
        }
        case OPT_FAIL_ON:
            if (strcmp(optarg, "never") == 0)
                r.fail_on = 3;
            else if ((r.fail_on = nl_severity_from_name(optarg)) < 0) {
                fprintf(stderr, "noticelint: --fail-on must be error, warning, info or never\n");
                bad = 1;
            }
            break;
        case OPT_COLOR:
            r.color = strcmp(optarg, "always") == 0 ? 1
                      : strcmp(optarg, "never") == 0 ? 0
                      : strcmp(optarg, "auto") == 0 ? -1 : -2;
            if (r.color == -2) {
                fprintf(stderr, "noticelint: --color must be auto, always or never\n");
                bad = 1;
            }
            break;
        case ':':
            fprintf(stderr, "noticelint %s: option '%s' needs an argument\n",
                    cmd->name, argv[optind - 1]);
            bad = 1;
            break;
        default:
            fprintf(stderr, "noticelint %s: unknown option '%s'\n", cmd->name,
                    argv[optind - 1]);
            bad = 1;
            break;
        }
    }
    int status = EXIT_ERROR;
    if (bad) {
        fprintf(stderr, "Try 'noticelint help %s'.\n", cmd->name);
    } else if ((cmd->id & CMD_DOCS) && optind >= argc && !r.files_from &&
               !r.changed_since) {
        fprintf(stderr, "noticelint %s: no PATH given\nusage: %s\n", cmd->name,
                cmd->synopsis);
    } else if (cmd->id == CMD_PARSE) {
        status = cmd_parse(&r, argc - optind, argv + optind);
    } else if (cmd->id == CMD_AUDIT) {
        status = cmd_audit(&r, argc - optind, argv + optind);
    } else if (cmd->id == CMD_CHECK) {
        status = cmd_check(&r, argc - optind, argv + optind);
    } else if (cmd->id == CMD_RULES) {
        status = cmd_rules(&r, argc - optind, argv + optind);
    } else if (optind < argc) {
        fprintf(stderr, "noticelint config: unexpected argument '%s'\n", argv[optind]);
    } else {
        status = cmd_config(&r);
    }
    run_free(&r);
    return finish(status);
}
