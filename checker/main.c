/*
 * main.c — the noticelint command line.  CLI only: an option table that
 * drives both parsing and --help, the subcommands, exit codes.  Everything
 * else is in libnoticelint (checker/include/noticelint.h).
 *
 * Exit codes: 0 success; 2 an error (usage, unreadable input, bad
 * configuration, write failure).  1 is reserved for findings (check).
 * An unreadable document does not stop the others: it is reported on
 * stderr, the rest are processed, and the exit code is 2 at the end.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "config.h"
#include "doc.h"
#include "error.h"
#include "noticelint.h"
#include "paths.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_ERROR = 2 };

enum { CMD_PARSE = 1 };

typedef struct option_def {
    const char *name;
    int short_name;       /* 0 when none */
    const char *arg;      /* NULL for a flag */
    int commands;         /* CMD_* mask */
    const char *help;
} option_def;

enum { OPT_PARSER = 256, OPT_GLOB, OPT_FILES_FROM, OPT_JSONL, OPT_OUTPUT };

static const option_def option_table[] = {
    {"parser", OPT_PARSER, "FILE", CMD_PARSE,
     "parser configuration (default: the embedded rules/notice.yaml)"},
    {"glob", OPT_GLOB, "PATTERN", CMD_PARSE,
     "file names to take from directories (default: *.txt)"},
    {"files-from", OPT_FILES_FROM, "FILE", CMD_PARSE,
     "read paths from FILE, one per line (\"-\" = standard input)"},
    {"jsonl", OPT_JSONL, NULL, CMD_PARSE,
     "one compact JSON object per document per line (JSON Lines)"},
    {"output", 'o', "FILE", CMD_PARSE,
     "write to FILE (replaced only when the run succeeds) instead of stdout"},
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
    {"parse", CMD_PARSE, "noticelint parse [OPTIONS] PATH...",
     "print the parsed structure and facts of each notice as JSON",
     "PATH is a file, a directory (searched recursively for --glob files) or\n"
     "\"-\" for standard input.  One document prints one JSON object; several\n"
     "print a JSON array in input order (or JSON Lines with --jsonl).\n"
     "The output is described in docs/parse-output.md.\n"},
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
        if (o->short_name > 0 && o->short_name < 256)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->name,
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
          "Exit status: 0 success, 2 error (a document or file could not be read,\n"
          "a configuration is invalid, or output could not be written).\n"
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

typedef struct run {
    const char *parser;
    const char *glob;
    const char *files_from;
    const char *output;
    int jsonl;
    int errors;
} run;

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

static int cmd_parse(run *r, int argc, char **argv)
{
    nl_error err = {0};
    nl_config *cfg = NULL;
    nl_paths paths = {0};
    nl_atomic out = {0};
    FILE *fp = stdout;
    int status = EXIT_ERROR;
    nl_status st = r->parser ? nl_config_load_file(r->parser, &cfg, &err)
                             : nl_config_load_default(&cfg, &err);
    if (st != NL_OK) {
        report(&err);
        return EXIT_ERROR;
    }
    for (int i = 0; i < argc; i++)
        if (nl_paths_add(&paths, argv[i], r->glob, report_path_error, r) < 0)
            goto nomem;
    if (r->files_from &&
        nl_paths_read_list(&paths, r->files_from, r->glob, report_path_error, r) < 0)
        goto nomem;
    if (paths.n == 0 && r->errors == 0) {
        fputs("noticelint: no documents to parse\n", stderr);
        usage_short(stderr);
        goto done;
    }
    if (r->output) {
        if (nl_atomic_open(&out, r->output, &err) != NL_OK) {
            report(&err);
            goto done;
        }
        fp = out.fp;
    }
    int array = !r->jsonl && (paths.n > 1 || argc > 1 || r->files_from);
    int first = 1;
    if (array)
        fputs("[\n", fp);
    for (size_t i = 0; i < paths.n; i++) {
        nl_doc *doc = NULL;
        nl_notice *nt = NULL;
        memset(&err, 0, sizeof err);
        if (nl_doc_load_file(paths.v[i], &doc, &err) != NL_OK) {
            report(&err);
            r->errors++;
            continue;
        }
        char *json = NULL;
        if (nl_notice_parse(cfg, doc, &nt, &err) == NL_OK)
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
    if (r->output) {
        memset(&err, 0, sizeof err);
        if (nl_atomic_commit(&out, &err) != NL_OK) {
            report(&err);
            goto done;
        }
    }
    status = r->errors ? EXIT_ERROR : EXIT_CLEAN;
    goto done;
nomem:
    fputs("noticelint: out of memory\n", stderr);
done:
    if (out.fp)
        nl_atomic_abort(&out);
    nl_paths_free(&paths);
    nl_config_free(cfg);
    return status;
}

int main(int argc, char **argv)
{
    int status = EXIT_ERROR;
    if (argc < 2) {
        usage_short(stderr);
        return EXIT_ERROR;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("noticelint %s\n", NL_VERSION);
        goto out;
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        help_main(stdout);
        goto out;
    }
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            help_main(stdout);
            goto out;
        }
        const command_def *c = find_command(argv[2]);
        if (!c) {
            fprintf(stderr, "noticelint: no such command '%s'\n", argv[2]);
            return EXIT_ERROR;
        }
        help_command(stdout, c);
        goto out;
    }
    const command_def *cmd = find_command(name);
    if (!cmd) {
        fprintf(stderr, "noticelint: no such command '%s'\n", name);
        usage_short(stderr);
        return EXIT_ERROR;
    }

    struct option longopts[NOPTIONS + 2];
    size_t nl = 0;
    for (size_t i = 0; i < NOPTIONS; i++) {
        if (!(option_table[i].commands & cmd->id))
            continue;
        longopts[nl++] = (struct option){option_table[i].name,
                                         option_table[i].arg ? required_argument
                                                             : no_argument,
                                         NULL, option_table[i].short_name};
    }
    longopts[nl++] = (struct option){"help", no_argument, NULL, 'h'};
    longopts[nl] = (struct option){NULL, 0, NULL, 0};

    run r = {0};
    int c;
    optind = 2;
    while ((c = getopt_long(argc, argv, "+ho:", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': help_command(stdout, cmd); goto out;
        case OPT_PARSER: r.parser = optarg; break;
        case OPT_GLOB: r.glob = optarg; break;
        case OPT_FILES_FROM: r.files_from = optarg; break;
        case OPT_JSONL: r.jsonl = 1; break;
        case 'o': r.output = optarg; break;
        default:
            fprintf(stderr, "Try 'noticelint help %s'.\n", cmd->name);
            return EXIT_ERROR;
        }
    }
    if (optind >= argc && !r.files_from) {
        fprintf(stderr, "noticelint %s: no PATH given\n", cmd->name);
        fprintf(stderr, "usage: %s\n", cmd->synopsis);
        return EXIT_ERROR;
    }
    status = cmd_parse(&r, argc - optind, argv + optind);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("noticelint: error writing standard output\n", stderr);
        return EXIT_ERROR;
    }
    return status;
out:
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("noticelint: error writing standard output\n", stderr);
        return EXIT_ERROR;
    }
    return EXIT_CLEAN;
}
