/*
 * test_hostile.c — hostile documents and rule files, run through the CLI
 * as a child process (NL_CLI), each with an asserted outcome:
 *
 *   - the finding or error message (exact where it is stable),
 *   - the exit status (0 clean, 1 findings, 2 error; never a signal),
 *   - that the other inputs of the same run are still checked (each run
 *     also checks fixtures/defects-numbering.txt, whose numbering gap must
 *     be reported, or validates a good rule file),
 *   - that memory is bounded: the children's peak RSS (getrusage
 *     RUSAGE_CHILDREN; Criterion runs each test in a fresh process) stays
 *     under 10 x the input size + 64 MiB.  Under sanitizers (NL_SANITIZED)
 *     shadow memory and ASan's quarantine are not the program's: there the
 *     peak is only logged.
 *
 * Large inputs are generated at test time in a fresh mkdtemp directory and
 * removed afterwards; nothing big is committed.  Nothing asserts on time:
 * the child gets alarm(HANG_GUARD) before exec (an alarm survives exec), so
 * a hang ends as "killed by signal 14" and the test fails instead of
 * blocking CI; .timeout is the same guard for the test itself.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>

#include "testutil.h"

#ifndef NL_CLI
#error "NL_CLI must name the noticelint binary (tests/CMakeLists.txt)"
#endif

#ifdef NL_SANITIZED
#define HANG_GUARD 1500 /* seconds */
#else
#define HANG_GUARD 600
#endif

#define MiB ((size_t)1 << 20)
#define COMPANION "fixtures/defects-numbering.txt"
#define COMPANION_FINDING "defects-numbering.txt:9:1: error: 编号不连续：“(三)”前缺少“(二)” [structure.numbering-gap]"

static char root[64];      /* the test's temporary directory */

/* ---- files ---- */

static void rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        chmod(path, 0700);
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            size_t n = strlen(path) + strlen(e->d_name) + 2;
            char *sub = malloc(n);
            snprintf(sub, n, "%s/%s", path, e->d_name);
            rm_rf(sub);
            free(sub);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Memory a failing assertion would leak (Criterion leaves a test by
 * longjmp): buffers the tests allocate are registered here and freed by
 * teardown, so that LeakSanitizer reports only the program's leaks. */
static void *owned[256];
static size_t nowned;

static void *own(void *p)
{
    if (p && nowned < sizeof owned / sizeof owned[0])
        owned[nowned++] = p;
    return p;
}

static void release(void *p)
{
    for (size_t i = 0; p && i < nowned; i++)
        if (owned[i] == p)
            owned[i] = NULL;
    free(p);
}

static void setup(void)
{
    snprintf(root, sizeof root, "/tmp/nl-hostile-XXXXXX");
    cr_assert_not_null(mkdtemp(root));
}

static void teardown(void)
{
    rm_rf(root);
    for (size_t i = 0; i < nowned; i++)
        free(owned[i]);
    nowned = 0;
}

TestSuite(hostile, .init = setup, .fini = teardown, .timeout = HANG_GUARD + 60);

/* Path of `name` inside the test directory (rotating static buffers). */
static const char *at(const char *name)
{
    static char bufs[8][1024];
    static int next;
    char *p = bufs[next++ % 8];
    snprintf(p, sizeof bufs[0], "%s/%s", root, name);
    return p;
}

static void write_bytes(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "%s: %s", path, strerror(errno));
    cr_assert_eq(fwrite(data, 1, n, f), n);
    cr_assert_eq(fclose(f), 0);
}

static void write_text(const char *path, const char *text)
{
    write_bytes(path, text, strlen(text));
}

/* prefix, then `unit` `count` times, then suffix; returns the size. */
static size_t write_repeated(const char *path, const char *prefix,
                             const char *unit, size_t count, const char *suffix)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "%s: %s", path, strerror(errno));
    size_t ul = strlen(unit), total = 0;
    /* Write in blocks of whole units: fast, and no unit is split. */
    size_t per = ul ? (1 << 16) / ul + 1 : 1;
    char *block = own(malloc(per * ul + 1));
    cr_assert_not_null(block);
    for (size_t i = 0; i < per; i++)
        memcpy(block + i * ul, unit, ul);
    fputs(prefix, f);
    total += strlen(prefix);
    for (size_t done = 0; done < count;) {
        size_t k = count - done < per ? count - done : per;
        cr_assert_eq(fwrite(block, ul, k, f), k);
        done += k;
    }
    total += count * ul;
    fputs(suffix, f);
    total += strlen(suffix);
    release(block);
    cr_assert_eq(fclose(f), 0);
    return total;
}

static size_t file_size(const char *path)
{
    struct stat st;
    cr_assert_eq(stat(path, &st), 0, "%s: %s", path, strerror(errno));
    return (size_t)st.st_size;
}

/* ---- running the CLI ---- */

typedef struct result {
    int code;     /* exit status, -1 when killed by a signal */
    int sig;      /* the signal, or 0 */
    char *out, *err;
} result;

static void result_free(result *r)
{
    release(r->out);
    release(r->err);
    memset(r, 0, sizeof *r);
}

/* Start the CLI with args (NULL-terminated, without argv[0]) in cwd
 * (NULL: the source tree), stdout and stderr to files under root. */
static pid_t start_cli(const char *const *args, const char *cwd)
{
    const char *outp = at(".stdout"), *errp = at(".stderr");
    char out_path[1024], err_path[1024];
    snprintf(out_path, sizeof out_path, "%s", outp);
    snprintf(err_path, sizeof err_path, "%s", errp);
    size_t n = 0;
    while (args[n])
        n++;
    char **argv = own(calloc(n + 2, sizeof *argv));
    cr_assert_not_null(argv);
    argv[0] = (char *)NL_CLI;
    for (size_t i = 0; i < n; i++)
        argv[i + 1] = (char *)args[i];
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || o < 0 || e < 0 || chdir(cwd ? cwd : NL_SOURCE_DIR) != 0)
            _exit(126);
        dup2(in, 0);
        dup2(o, 1);
        dup2(e, 2);
        /* Default dispositions, whatever the test runner set. */
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        alarm(HANG_GUARD);
        execv(NL_CLI, argv);
        _exit(127);
    }
    release(argv);
    return pid;
}

static result finish_cli(pid_t pid)
{
    int status;
    result r = {0, 0, NULL, NULL};
    while (waitpid(pid, &status, 0) < 0)
        cr_assert_eq(errno, EINTR);
    if (WIFEXITED(status)) {
        r.code = WEXITSTATUS(status);
    } else {
        r.code = -1;
        r.sig = WTERMSIG(status);
    }
    r.out = own(tu_read_file(at(".stdout"), NULL));
    r.err = own(tu_read_file(at(".stderr"), NULL));
    cr_assert_not_null(r.out);
    cr_assert_not_null(r.err);
    return r;
}

static result run_in(const char *cwd, const char *const *args)
{
    return finish_cli(start_cli(args, cwd));
}

#define RUN(...) run_in(NULL, (const char *const[]){__VA_ARGS__, NULL})
#define RUN_IN(cwd, ...) run_in(cwd, (const char *const[]){__VA_ARGS__, NULL})

/* The run ended by itself (not a crash, hang guard or sanitizer abort)
 * with `code`. */
static void expect_exit(const result *r, int code)
{
    cr_assert_eq(r->sig, 0, "killed by signal %d%s\nstderr:\n%.2000s", r->sig,
                 r->sig == SIGALRM ? " (hang guard)" : "", r->err);
    cr_assert_eq(r->code, code, "exit status %d, expected %d\nstderr:\n%.2000s",
                 r->code, code, r->err);
}

static void expect_has(const char *text, const char *needle, const char *what)
{
    cr_assert_not_null(strstr(text, needle), "%s lacks \"%s\":\n%.3000s", what,
                       needle, text);
}

static void expect_lacks(const char *text, const char *needle, const char *what)
{
    cr_assert_null(strstr(text, needle), "%s has \"%s\":\n%.3000s", what,
                   needle, text);
}

static size_t count_of(const char *text, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    for (const char *p = text; (p = strstr(p, needle)) != NULL; p += len)
        n++;
    return n;
}

/* Lines of text that start with prefix and end with suffix. */
static size_t count_lines(const char *text, const char *prefix, const char *suffix)
{
    size_t n = 0, pl = strlen(prefix), sl = strlen(suffix);
    for (const char *p = text; *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        n += len >= pl + sl && memcmp(p, prefix, pl) == 0 &&
             memcmp(p + len - sl, suffix, sl) == 0;
        p += len + (eol != NULL);
    }
    return n;
}

/* Peak RSS of the children so far must stay within the bound for an input
 * of `input` bytes (see the comment at the top). */
static void expect_memory_bounded(size_t input)
{
    struct rusage ru;
    cr_assert_eq(getrusage(RUSAGE_CHILDREN, &ru), 0);
    size_t peak = (size_t)ru.ru_maxrss * 1024; /* Linux: KiB */
    size_t bound = 10 * input + 64 * MiB;
    cr_log_info("peak RSS %zu KiB for %zu bytes of input (bound %zu KiB)",
                peak >> 10, input, bound >> 10);
#ifdef NL_SANITIZED
    /* Under ASan the child's RSS is shadow memory and the quarantine of
     * freed blocks (1.5 GB for the 6 MB headings file), not what
     * noticelint needs: the bound is asserted by the plain builds only. */
    return;
#endif
    cr_assert_leq(peak, bound, "peak RSS %zu KiB exceeds %zu KiB (input %zu bytes)",
                  peak >> 10, bound >> 10, input);
}

/* ---- documents ---- */

/* A title and a preamble line, so that findings below are about the
 * hostile part. */
#define HEAD "关于某单位巡察整改进展情况的通报\n根据县委统一部署，县委第一巡察组对本单位进行了巡察。\n"

Test(hostile, single_line_of_100_mib)
{
    /* 100 MiB without a line break; "其它" at the very end is a finding at
     * column 8,738,134 of line 1. */
    const char *unit = "整改工作取得阶段性成效，"; /* 12 characters, 36 bytes */
    size_t count = 100 * MiB / 36;
    size_t size = write_repeated(at("big.txt"), "", unit, count, "其它");
    result r = RUN("check", "--no-config", "-q", at("big.txt"), COMPANION);
    expect_exit(&r, 1);
    char want[256];
    snprintf(want, sizeof want,
             "big.txt:1:%zu: warning: 用词不规范：“其它”应为“其他” [text.usage]\n",
             count * 12 + 1);
    expect_has(r.out, want, "stdout");
    expect_has(r.out, "big.txt:1:1: error: 缺少导语：应写明何时由哪个巡察组对本单位进行了巡察 [required.preamble]",
               "stdout");
    expect_has(r.out, COMPANION_FINDING, "stdout");
    cr_assert_str_eq(r.err, "");
    expect_memory_bounded(size);
    result_free(&r);
}

Test(hostile, one_mib_of_open_quotes)
{
    size_t size = write_repeated(at("quotes.txt"), "", "“", MiB / 3, "");
    result r = RUN_IN(root, "check", "--no-config", "-q", "quotes.txt", tu_src(COMPANION));
    expect_exit(&r, 1);
    /* Each doubled quote is a finding; a rule reports at most 1000. */
    cr_assert_eq(count_lines(r.out, "quotes.txt:1:", "[punct.doubled]"), 1000);
    char want[200];
    snprintf(want, sizeof want,
             "quotes.txt:1:1: info: rule 'punct.doubled' found %zu problems in "
             "this document; only the first 1000 are reported [engine.finding-limit]\n",
             MiB / 3 / 2);
    expect_has(r.out, want, "stdout");
    expect_has(r.out, "quotes.txt:1:1001: error: 标点““”nesting deeper than 1000 [punct.unbalanced]",
               "stdout");
    expect_has(r.out, COMPANION_FINDING, "stdout");
    expect_memory_bounded(size);
    result_free(&r);
}

Test(hostile, brackets_nested_100000_deep)
{
    /* （（（…内容…））） and (((…x…))): balance gives up at max_depth 1000. */
    FILE *f = fopen(at("nested.txt"), "wb");
    cr_assert_not_null(f);
    fputs(HEAD, f);
    for (int i = 0; i < 100000; i++)
        fputs("（", f);
    fputs("内容", f);
    for (int i = 0; i < 100000; i++)
        fputs("）", f);
    fputs("\n", f);
    for (int i = 0; i < 100000; i++)
        fputc('(', f);
    fputc('x', f);
    for (int i = 0; i < 100000; i++)
        fputc(')', f);
    fputs("\n", f);
    cr_assert_eq(fclose(f), 0);
    size_t size = file_size(at("nested.txt"));
    result r = RUN("check", "--no-config", "-q", at("nested.txt"), COMPANION);
    expect_exit(&r, 1);
    expect_has(r.out, "nested.txt:3:1001: error: 标点“（”nesting deeper than 1000 [punct.unbalanced]\n",
               "stdout");
    expect_has(r.out, "nested.txt:4:1001: error: 标点“(”nesting deeper than 1000 [punct.unbalanced]\n",
               "stdout");
    expect_has(r.out, COMPANION_FINDING, "stdout");
    expect_memory_bounded(size);
    result_free(&r);

    /* The same nesting in a rule file stops at the YAML depth limit. */
    write_repeated(at("deep.yaml"), "rules: ", "[", 100000, "");
    FILE *g = fopen(at("deep.yaml"), "ab");
    cr_assert_not_null(g);
    for (int i = 0; i < 100000; i++)
        fputc(']', g);
    fputc('\n', g);
    cr_assert_eq(fclose(g), 0);
    r = RUN_IN(root, "rules", "validate", "deep.yaml");
    expect_exit(&r, 2);
    cr_assert_str_eq(r.err, "noticelint: deep.yaml:1:71: error: nesting deeper than 64 levels\n");
    result_free(&r);
}


Test(hostile, every_invalid_utf8_class)
{
    static const struct {
        const char *name, *bytes, *byte;
        int count;
    } cases[] = {
        {"overlong2", "\xC0\x80", "0xC0", 2},          /* overlong NUL */
        {"overlong3", "\xE0\x80\xAF", "0xE0", 3},      /* overlong '/' */
        {"overlong4", "\xF0\x80\x80\xAF", "0xF0", 4},
        {"surrogate-high", "\xED\xA0\x80", "0xED", 3}, /* U+D800 */
        {"surrogate-low", "\xED\xBF\xBF", "0xED", 3},  /* U+DFFF */
        {"truncated2", "\xC3", "0xC3", 1},             /* then a CJK lead byte */
        {"truncated3", "\xE4\xB8", "0xE4", 2},
        {"truncated4", "\xF0\x9F\x98", "0xF0", 3},
        {"stray-continuation", "\x80", "0x80", 1},
        {"continuations", "\x80\xBF\x80", "0x80", 3},
        {"above-10FFFF", "\xF4\x90\x80\x80", "0xF4", 4},
        {"five-byte", "\xF8\x88\x80\x80\x80", "0xF8", 5},
        {"fe", "\xFE", "0xFE", 1},
        {"ff", "\xFF", "0xFF", 1},
    };
    enum { N = sizeof cases / sizeof cases[0] };
    const char *args[N + 8] = {"check", "--no-config", "-q"};
    char names[N][64];
    size_t na = 3, total = 0;
    for (size_t i = 0; i < N; i++) {
        char text[512];
        snprintf(names[i], sizeof names[i], "%s.txt", cases[i].name);
        /* Mostly valid UTF-8 Chinese, so the file is read as UTF-8 with a
         * few bad bytes rather than as GB18030.  HEAD is 128 bytes. */
        int len = snprintf(text, sizeof text, "%s正文%s结束。\n", HEAD, cases[i].bytes);
        write_bytes(at(names[i]), text, (size_t)len);
        total += (size_t)len;
        args[na++] = names[i];
    }
    args[na++] = tu_src(COMPANION);
    args[na] = NULL;
    result r = run_in(root, args);
    expect_exit(&r, 1);
    for (size_t i = 0; i < N; i++) {
        char want[1200];
        snprintf(want, sizeof want,
                 "%s:3:3: error: invalid UTF-8 (byte %s at offset 134) and not "
                 "GB18030 either: %d bad byte%s replaced by U+FFFD [input.encoding]\n",
                 names[i], cases[i].byte, cases[i].count, cases[i].count == 1 ? "" : "s");
        expect_has(r.out, want, "stdout");
    }
    cr_assert_eq(count_of(r.out, "[input.encoding]"), N);
    expect_has(r.out, COMPANION_FINDING, "stdout");
    cr_assert_str_eq(r.err, "");
    expect_memory_bounded(total);
    result_free(&r);
}

Test(hostile, gb18030_four_byte_sequences)
{
    /* GB18030 text with characters outside GBK, which take four bytes:
     * 😀 U+1F600 = 94 39 FC 36, 㐀 U+3400 = 81 39 EE 39, 𠀀 U+20000 =
     * 95 32 82 36, € U+20AC = A2 E3 (two bytes), then 其它: a finding
     * whose column counts each four-byte sequence as one character and
     * whose offset is in the original bytes. */
    static const char gb[] =
        "\xB9\xD8\xD3\xDA\xC4\xB3\xB5\xA5\xCE\xBB\xD1\xB2\xB2\xEC\xD5\xFB\xB8\xC4"
        "\xBD\xF8\xD5\xB9\xC7\xE9\xBF\xF6\xB5\xC4\xCD\xA8\xB1\xA8\n" /* 关于某单位巡察整改进展情况的通报 */
        "\x94\x39\xFC\x36\x81\x39\xEE\x39\x95\x32\x82\x36\xA2\xE3"   /* 😀㐀𠀀€ */
        "\xC6\xE4\xCB\xFC\xCA\xC2\xCF\xEE\xA1\xA3\n";                /* 其它事项。 */
    write_bytes(at("gb.txt"), gb, sizeof gb - 1);
    result r = RUN_IN(root, "check", "--no-config", "--format", "jsonl", "gb.txt",
                      tu_src(COMPANION));
    expect_exit(&r, 1);
    expect_lacks(r.out, "input.encoding", "stdout");
    /* line 2: 😀(1) 㐀(2) 𠀀(3) €(4) 其(5); original offset 33 + 4+4+4+2 */
    const char *f = strstr(r.out, "\"rule\":\"text.usage\"");
    cr_assert_not_null(f, "no text.usage finding:\n%s", r.out);
    char finding[1024];
    snprintf(finding, sizeof finding, "%.*s", (int)strcspn(f, "\n"), f);
    expect_has(finding, "\"line\":2,\"column\":5,", "the finding");
    expect_has(finding, "\"end_column\":7,", "the finding");
    expect_has(finding, "\"offset\":47,\"length\":4", "the finding");
    expect_has(r.out, "structure.numbering-gap", "stdout");
    result_free(&r);

    r = RUN_IN(root, "parse", "gb.txt");
    expect_exit(&r, 0);
    expect_has(r.out, "\"encoding\": \"gb18030\"", "parse output");
    expect_lacks(r.out, "input.encoding", "parse output");
    result_free(&r);
}

Test(hostile, nul_byte_in_the_middle)
{
    static const char text[] = HEAD "abc\0def\n" HEAD;
    write_bytes(at("nul.txt"), text, sizeof text - 1);
    result r = RUN_IN(root, "check", "--no-config", "-q", "nul.txt", tu_src(COMPANION));
    expect_exit(&r, 1);
    /* Binary: reported at the NUL, and not parsed (no other finding). */
    expect_has(r.out, "nul.txt:3:4: error: file contains a NUL byte at offset 131: "
                      "binary, not parsed [input.binary]\n", "stdout");
    cr_assert_eq(count_of(r.out, "nul.txt:"), 1);
    expect_has(r.out, COMPANION_FINDING, "stdout");
    result_free(&r);
}

Test(hostile, zero_byte_file)
{
    write_bytes(at("zero.txt"), "", 0);
    result r = RUN_IN(root, "check", "--no-config", "-q", "zero.txt", tu_src(COMPANION));
    expect_exit(&r, 1);
    expect_has(r.out, "zero.txt:1:1: error: file is empty [input.empty]\n", "stdout");
    cr_assert_eq(count_of(r.out, "zero.txt:"), 1);
    expect_has(r.out, COMPANION_FINDING, "stdout");
    result_free(&r);
}

Test(hostile, file_without_read_permission)
{
    if (geteuid() == 0)
        cr_skip_test("root reads any file (the unreadable_paths test covers this as root)");
    write_text(at("secret.txt"), HEAD);
    cr_assert_eq(chmod(at("secret.txt"), 0), 0);
    result r = RUN_IN(root, "check", "--no-config", "-q", "secret.txt", tu_src(COMPANION));
    expect_exit(&r, 2);
    expect_has(r.err, "noticelint: secret.txt: error: Permission denied\n", "stderr");
    expect_has(r.out, COMPANION_FINDING, "stdout");
    result_free(&r);
}

/* Unreadable whoever runs the tests (CI runs as root): a dangling symlink,
 * a symlink to itself, and a file whose read() fails (/proc/self/mem at
 * offset 0 is EIO).  Each is reported with its path and reason; the other
 * documents are still checked; the exit status is 2. */
Test(hostile, unreadable_paths)
{
    cr_assert_eq(symlink("nowhere.txt", at("dangling.txt")), 0);
    cr_assert_eq(symlink("loop.txt", at("loop.txt")), 0);
    result r = RUN_IN(root, "check", "--no-config", "-q", "dangling.txt", "loop.txt",
                      "/proc/self/mem", tu_src(COMPANION));
    expect_exit(&r, 2);
    expect_has(r.err, "noticelint: dangling.txt: No such file or directory\n", "stderr");
    expect_has(r.err, "noticelint: loop.txt: Too many levels of symbolic links\n", "stderr");
    expect_has(r.err, "noticelint: /proc/self/mem: error: Input/output error\n", "stderr");
    expect_has(r.out, COMPANION_FINDING, "stdout");
    result_free(&r);

    /* The same in parse: the readable document is printed, exit 2. */
    r = RUN_IN(root, "parse", "dangling.txt", tu_src(COMPANION));
    expect_exit(&r, 2);
    expect_has(r.err, "noticelint: dangling.txt: No such file or directory\n", "stderr");
    expect_has(r.out, "defects-numbering.txt", "stdout");
    result_free(&r);
}

/* A FIFO nobody writes to used to block open() for ever.  It now opens
 * without blocking and reads as empty. */
Test(hostile, fifo_without_writer)
{
    cr_assert_eq(mkfifo(at("fifo.txt"), 0644), 0);
    result r = RUN_IN(root, "check", "--no-config", "-q", "fifo.txt", tu_src(COMPANION));
    expect_exit(&r, 1);
    expect_has(r.out, "fifo.txt:1:1: error: file is empty [input.empty]\n", "stdout");
    expect_has(r.out, COMPANION_FINDING, "stdout");
    result_free(&r);
}

Test(hostile, directory_symlink_loop)
{
    /* tree/a/b/up -> ../.. (back to tree), tree/a/self -> . */
    cr_assert_eq(mkdir(at("tree"), 0755), 0);
    cr_assert_eq(mkdir(at("tree/a"), 0755), 0);
    cr_assert_eq(mkdir(at("tree/a/b"), 0755), 0);
    cr_assert_eq(symlink("../..", at("tree/a/b/up")), 0);
    cr_assert_eq(symlink(".", at("tree/a/self")), 0);
    char *defect = own(tu_read_file(tu_src(COMPANION), NULL));
    cr_assert_not_null(defect);
    write_text(at("tree/a/b/notice.txt"), defect);
    write_text(at("tree/top.txt"), defect);
    release(defect);
    result r = RUN_IN(root, "check", "--no-config", "-q", "tree");
    expect_exit(&r, 1);
    /* Each document once, whatever the loops. */
    cr_assert_eq(count_lines(r.out, "tree/a/b/notice.txt:9:1:", "[structure.numbering-gap]"), 1);
    cr_assert_eq(count_lines(r.out, "tree/top.txt:9:1:", "[structure.numbering-gap]"), 1);
    cr_assert_eq(count_lines(r.out, "tree/", "[structure.numbering-gap]"), 4); /* 2 each */
    expect_lacks(r.out, "/up/", "stdout");
    expect_lacks(r.out, "/self/", "stdout");
    cr_assert_str_eq(r.err, "");
    result_free(&r);
}

Test(hostile, paths_with_spaces_newlines_and_chinese)
{
    char *defect = own(tu_read_file(tu_src(COMPANION), NULL));
    cr_assert_not_null(defect);
    cr_assert_eq(mkdir(at("目录 甲"), 0755), 0);
    write_text(at("目录 甲/with space.txt"), defect);
    write_text(at("目录 甲/new\nline.txt"), defect);
    write_text(at("目录 甲/通报 第1号.txt"), defect);
    release(defect);
    result r = RUN_IN(root, "check", "--no-config", "--format", "json", "-o",
                      "输出 结果.json", "目录 甲");
    expect_exit(&r, 1);
    cr_assert_str_eq(r.out, "");
    char *json = own(tu_read_file(at("输出 结果.json"), NULL));
    cr_assert_not_null(json, "the output file was not written");
    expect_has(json, "\"path\": \"目录 甲/new\\nline.txt\"", "JSON output");
    expect_has(json, "\"path\": \"目录 甲/with space.txt\"", "JSON output");
    expect_has(json, "\"path\": \"目录 甲/通报 第1号.txt\"", "JSON output");
    cr_assert_eq(count_of(json, "\"structure.numbering-gap\""), 6); /* 2 each */
    release(json);
    result_free(&r);

    /* --files-from with a Chinese name containing a space. */
    write_text(at("list.txt"), "目录 甲/通报 第1号.txt\n");
    r = RUN_IN(root, "check", "--no-config", "-q", "--files-from", "list.txt");
    expect_exit(&r, 1);
    expect_has(r.out, "目录 甲/通报 第1号.txt:9:1: error: 编号不连续", "stdout");
    result_free(&r);
}

/* "（N）关于…方面" aspects with "N.针对“…”问题" items under them. */
static const char *cn_number(int n, char *buf, size_t size)
{
    static const char *d[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    buf[0] = '\0';
    if (n >= 100) {
        snprintf(buf, size, "%s百", d[n / 100]);
        if (n % 100 && n % 100 < 10)
            strncat(buf, "零", size - strlen(buf) - 1);
    }
    int t = n % 100;
    if (t >= 10) {
        if (t >= 20 || n >= 100)
            strncat(buf, d[t / 10], size - strlen(buf) - 1);
        strncat(buf, "十", size - strlen(buf) - 1);
    }
    if (t % 10)
        strncat(buf, d[t % 10], size - strlen(buf) - 1);
    return buf;
}

Test(hostile, one_hundred_thousand_headings)
{
    FILE *f = fopen(at("headings.txt"), "wb");
    cr_assert_not_null(f);
    fputs("中共某某县委员会关于巡察整改进展情况的通报\n"
          "根据县委统一部署，2023年3月7日至5月10日，县委第一巡察组对本单位进行了巡察，"
          "6月2日反馈了巡察意见。\n二、反馈问题的整改落实情况\n", f);
    int item = 0;
    for (int a = 1; a <= 500; a++) {
        char num[64];
        fprintf(f, "（%s）关于第%d方面问题\n", cn_number(a, num, sizeof num), a);
        for (int i = 1; i <= 200; i++)
            fprintf(f, "%d.针对“第%d个问题”问题。已完成整改。\n", i, ++item);
    }
    fputs("欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0123-4567890。\n"
          "中共某某县委员会\n2023年9月1日\n", f);
    cr_assert_eq(fclose(f), 0);
    size_t size = file_size(at("headings.txt"));
    result r = RUN_IN(root, "check", "--no-config", "--format", "json", "headings.txt",
                      tu_src(COMPANION));
    expect_exit(&r, 1);
    /* All 100,500 headings parsed: 500 aspects, 100,000 items. */
    expect_has(r.out, "\"aspects\": 500,", "stdout");
    expect_has(r.out, "\"items\": 100000,", "stdout");
    expect_lacks(r.out, "engine.", "stdout");
    expect_has(r.out, "\"rule\": \"structure.numbering-gap\"", "stdout");
    cr_assert_str_eq(r.err, "");
    expect_memory_bounded(size);
    result_free(&r);
}

Test(hostile, line_of_ten_million_characters)
{
    /* 1000 × (9998 × 中 + 其它): 10,000,000 characters on one line, a
     * finding every 10,000 characters.  Positions and excerpts must not
     * cost a scan from the line's start each (that took minutes). */
    char unit[9998 * 3 + 7];
    for (int i = 0; i < 9998; i++)
        memcpy(unit + 3 * i, "中", 3);
    memcpy(unit + 9998 * 3, "其它", 7);
    size_t size = write_repeated(at("long.txt"), "", unit, 1000, "\n");
    result r = RUN_IN(root, "check", "--no-config", "long.txt", tu_src(COMPANION));
    expect_exit(&r, 1);
    cr_assert_eq(count_lines(r.out, "long.txt:1:", "[text.usage]"), 1000);
    expect_has(r.out, "long.txt:1:9999: warning: 用词不规范", "stdout");
    expect_has(r.out, "long.txt:1:9999999: warning: 用词不规范", "stdout");
    /* Each excerpt is a window of at most 100 columns, not the line. */
    const char *p = strstr(r.out, "long.txt:1:9999999:");
    cr_assert_not_null(p);
    const char *ex = strchr(p, '\n') + 1, *eol = strchr(ex, '\n');
    cr_assert_leq((size_t)(eol - ex), 2 + 3 + 50 * 3 + 3, "excerpt of %zu bytes",
                  (size_t)(eol - ex));
    expect_has(ex, "中其它\n", "excerpt"); /* the line's end is shown */
    expect_has(r.out, COMPANION_FINDING, "stdout");
    expect_memory_bounded(size);
    result_free(&r);
}

/* A regular file over the document size limit (default 256 MiB, at most
 * 2 GiB - 1 with --max-size) is refused before it is read (sparse: no disk
 * space used), so memory stays small; the other documents are checked. */
Test(hostile, document_over_size_limit)
{
    int fd = open(at("huge.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    cr_assert_geq(fd, 0);
    cr_assert_eq(ftruncate(fd, (off_t)((size_t)2 << 30)), 0);
    close(fd);
    result r = RUN_IN(root, "check", "--no-config", "-q", "huge.txt", tu_src(COMPANION));
    expect_exit(&r, 2);
    cr_assert_str_eq(r.err, "noticelint: huge.txt: error: file is larger than 256 MiB\n");
    expect_has(r.out, COMPANION_FINDING, "stdout");
    expect_memory_bounded(0);
    result_free(&r);
    r = RUN_IN(root, "check", "--no-config", "-q", "--max-size", "2047M", "huge.txt",
               tu_src(COMPANION));
    expect_exit(&r, 2);
    cr_assert_str_eq(r.err, "noticelint: huge.txt: error: file is larger than 2047 MiB\n");
    expect_memory_bounded(0);
    result_free(&r);
    /* A small limit refuses the companion too: only errors, exit 2. */
    r = RUN_IN(root, "check", "--no-config", "-q", "--max-size", "100", tu_src(COMPANION));
    expect_exit(&r, 2);
    expect_has(r.err, "error: file is larger than 100 bytes", "stderr");
    cr_assert_str_eq(r.out, "");
    result_free(&r);
    r = RUN_IN(root, "check", "--no-config", "--max-size", "3G", tu_src(COMPANION));
    expect_exit(&r, 2);
    expect_has(r.err, "--max-size must be a size", "stderr");
    result_free(&r);
}

/* ---- rule files ---- */

#define GOOD_RULES "rules:\n  - {id: good.rule, kind: forbid, severity: info, message: m, patterns: ['其它']}\n"

Test(hostile, yaml_alias_bomb)
{
    /* "Billion laughs": 10 levels of 10 aliases each = 10^10 nodes. */
    FILE *f = fopen(at("bomb.yaml"), "wb");
    cr_assert_not_null(f);
    fputs("rules: []\nl0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n", f);
    for (int i = 1; i < 10; i++) {
        fprintf(f, "l%d: &a%d [", i, i);
        for (int k = 0; k < 10; k++)
            fprintf(f, "%s*a%d", k ? ", " : "", i - 1);
        fputs("]\n", f);
    }
    cr_assert_eq(fclose(f), 0);
    write_text(at("good.yaml"), GOOD_RULES);
    result r = RUN_IN(root, "rules", "validate", "bomb.yaml", "good.yaml");
    expect_exit(&r, 2);
    cr_assert_str_eq(r.err, "noticelint: bomb.yaml:7:45: error: document expands to more "
                            "than 1000000 nodes (alias bomb?)\n");
    cr_assert_str_eq(r.out, "good.yaml: ok\n");
    result_free(&r);
    /* In a check: a rule error stops the run before any document. */
    r = RUN_IN(root, "check", "--no-config", "--extend-rules", "bomb.yaml", tu_src(COMPANION));
    expect_exit(&r, 2);
    expect_has(r.err, "alias bomb?", "stderr");
    cr_assert_str_eq(r.out, "");
    expect_memory_bounded(file_size(at("bomb.yaml")));
    result_free(&r);
}

Test(hostile, ten_thousand_rules)
{
    FILE *f = fopen(at("pack.yaml"), "wb");
    cr_assert_not_null(f);
    fputs("rules:\n", f);
    for (int i = 0; i < 10000; i++)
        fprintf(f, "  - {id: bulk.r%05d, kind: forbid, severity: info, scope: line, "
                   "message: '词%05d', patterns: ['禁用词%05d']}\n", i, i, i);
    cr_assert_eq(fclose(f), 0);
    write_text(at("uses.txt"), HEAD "这里出现禁用词00042和禁用词09999。\n");
    result r = RUN_IN(root, "check", "--no-config", "--rules", "pack.yaml", "-q",
                      "uses.txt", tu_src(COMPANION));
    expect_exit(&r, 0); /* info findings do not fail the run */
    cr_assert_str_eq(r.out, "uses.txt:3:5: info: 词00042 [bulk.r00042]\n"
                            "uses.txt:3:14: info: 词09999 [bulk.r09999]\n");
    cr_assert_str_eq(r.err, "");
    expect_memory_bounded(file_size(at("pack.yaml")));
    result_free(&r);

    r = RUN_IN(root, "rules", "validate", "pack.yaml");
    expect_exit(&r, 0);
    cr_assert_str_eq(r.out, "pack.yaml: ok\n");
    result_free(&r);
}

Test(hostile, catastrophic_backtracking)
{
    write_text(at("redos.yaml"),
               "rules:\n"
               "  - id: redos.nested\n"
               "    kind: forbid\n"
               "    severity: warning\n"
               "    scope: line\n"
               "    message: 'matched {match}'\n"
               "    patterns: ['(a+)+$']\n");
    /* 100,000 a's and a character that makes every attempt fail. */
    size_t size = write_repeated(at("aaa.txt"), HEAD, "a", 100000, "!\n");
    write_text(at("ok.txt"), HEAD "整改完成aaa\n");
    result r = RUN_IN(root, "check", "--no-config", "--rules", "redos.yaml", "-q",
                      "aaa.txt", "ok.txt");
    expect_exit(&r, 0); /* warnings only */
    expect_has(r.out, "aaa.txt:3:1: warning: rule 'redos.nested' hit the PCRE2 match "
                      "limit here; its results for this document are incomplete "
                      "[engine.match-limit]\n", "stdout");
    /* The limit is per document: the next one is checked normally. */
    expect_has(r.out, "ok.txt:3:5: warning: matched aaa [redos.nested]\n", "stdout");
    expect_lacks(r.out, "ok.txt:3:1: warning: rule", "stdout");
    expect_memory_bounded(size);
    result_free(&r);
}

Test(hostile, regex_syntax_error)
{
    write_text(at("badre.yaml"), "rules:\n  - id: bad.re\n    kind: forbid\n"
                                 "    severity: info\n    message: m\n"
                                 "    patterns: ['(abc']\n");
    write_text(at("good.yaml"), GOOD_RULES);
    result r = RUN_IN(root, "rules", "validate", "badre.yaml", "good.yaml");
    expect_exit(&r, 2);
    cr_assert_str_eq(r.err, "noticelint: badre.yaml:6:16: error: rule 'bad.re': invalid "
                            "pattern at offset 4: missing closing parenthesis\n");
    cr_assert_str_eq(r.out, "good.yaml: ok\n");
    result_free(&r);
    r = RUN_IN(root, "check", "--no-config", "--rules", "badre.yaml", tu_src(COMPANION));
    expect_exit(&r, 2);
    cr_assert_str_eq(r.out, "");
    result_free(&r);
}

Test(hostile, rule_file_that_is_not_yaml)
{
    static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0";
    write_bytes(at("binary.yaml"), elf, sizeof elf - 1);
    write_text(at("c.yaml"), "int main(void)\n{\n    return 0;\n}\n");
    write_text(at("tabs.yaml"), "rules:\n\t- id: x\n");
    write_text(at("good.yaml"), GOOD_RULES);
    result r = RUN_IN(root, "rules", "validate", "binary.yaml", "c.yaml", "tabs.yaml",
                      "good.yaml");
    expect_exit(&r, 2);
    cr_assert_str_eq(r.err,
                     "noticelint: binary.yaml:1:1: error: control characters are not allowed (U+007F)\n"
                     "noticelint: c.yaml:1:1: error: a rule file must be a mapping with a 'rules:' list\n"
                     "noticelint: tabs.yaml:2:1: error: found character that cannot start any token "
                     "(while scanning for the next token at 2:1)\n");
    cr_assert_str_eq(r.out, "good.yaml: ok\n");
    result_free(&r);
}

Test(hostile, rule_file_not_utf8)
{
    /* The GOOD_RULES shape with a Chinese message, in GB18030. */
    static const char gb[] = "rules:\n  - id: gb.rule\n    kind: forbid\n"
                             "    severity: info\n    message: \xBD\xFB\xD6\xB9\n" /* 禁止 */
                             "    patterns: ['\xC6\xE4\xCB\xFC']\n";            /* 其它 */
    write_bytes(at("gb.yaml"), gb, sizeof gb - 1);
    write_text(at("good.yaml"), GOOD_RULES);
    result r = RUN_IN(root, "rules", "validate", "gb.yaml", "good.yaml");
    expect_exit(&r, 2);
    cr_assert_str_eq(r.err, "noticelint: gb.yaml:5:14: error: not valid UTF-8 "
                            "(invalid leading UTF-8 octet 0xBD)\n");
    cr_assert_str_eq(r.out, "good.yaml: ok\n");
    result_free(&r);
}

/* A rule file over the 64 MiB limit is refused before it is read. */
Test(hostile, rule_file_over_64_mib)
{
    size_t size = write_repeated(at("big.yaml"), "rules: []\n", "# padding padding\n",
                                 64 * MiB / 18 + 1, "");
    result r = RUN_IN(root, "rules", "validate", "big.yaml");
    expect_exit(&r, 2);
    cr_assert_str_eq(r.err, "noticelint: big.yaml: error: rule file is larger than 64 MiB\n");
    expect_memory_bounded(0);
    (void)size;
    result_free(&r);
}

/* ---- Word packages and web pages ---- */

/* A .docx package at path holding the given parts (NULL-terminated pairs
 * of name and content; content NULL: `fill` bytes of `size`). */
static void write_docx(const char *path, const char *const *parts, char fill,
                       size_t size)
{
    int ze = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    cr_assert_not_null(za, "zip_open %s: %d", path, ze);
    for (size_t i = 0; parts[i]; i += 2) {
        const char *data = parts[i + 1];
        size_t n = data ? strlen(data) : size;
        if (!data) {
            char *big = malloc(n);
            cr_assert_not_null(big);
            memset(big, fill, n);
            data = big; /* freed by libzip (freep = 1) */
        }
        zip_source_t *src = zip_source_buffer(za, data, n, parts[i + 1] ? 0 : 1);
        cr_assert_not_null(src);
        zip_int64_t idx = zip_file_add(za, parts[i], src, ZIP_FL_OVERWRITE);
        cr_assert_geq(idx, 0, "%s", zip_strerror(za));
        cr_assert_eq(zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 1), 0);
    }
    cr_assert_eq(zip_close(za), 0, "zip_close %s", path);
}

#define DOCX_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" \
    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"

/* Zip bombs (a part inflating 1000 times; a part of 200 MiB), entity
 * expansion, a package without word/document.xml and a file that is no
 * zip at all: one input.docx finding each, refused before inflating, so
 * memory stays small; the other file is checked. */
Test(hostile, hostile_docx_packages)
{
    write_docx(at("bomb.docx"), (const char *const[]){"word/document.xml", NULL, NULL}, ' ',
               50 * MiB);
    write_docx(at("huge.docx"), (const char *const[]){"word/document.xml", NULL, NULL}, ' ',
               200 * MiB);
    write_docx(at("laughs.docx"),
               (const char *const[]){"word/document.xml",
                                     "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                                     "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                                     "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
                                     DOCX_HEAD "<w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p>"
                                     "</w:body></w:document>",
                                     NULL},
               0, 0);
    write_docx(at("nodoc.docx"), (const char *const[]){"word/styles.xml", DOCX_HEAD, NULL}, 0, 0);
    write_text(at("notzip.docx"), "这不是 Word 文件。\n");
    size_t size = file_size(at("bomb.docx")) + file_size(at("huge.docx")) +
                  file_size(at("laughs.docx"));
    result r = RUN_IN(root, "check", "--no-config", "-q", "bomb.docx", "huge.docx",
                      "laughs.docx", "nodoc.docx", "notzip.docx", tu_src(COMPANION));
    expect_exit(&r, 1);
    expect_has(r.out, "bomb.docx:1:1: error: word/document.xml would inflate", "stdout");
    expect_has(r.out, "huge.docx:1:1: error: word/document.xml is larger than 64 MiB", "stdout");
    expect_has(r.out, "laughs.docx:1:1: error: word/document.xml declares a DTD", "stdout");
    expect_has(r.out, "nodoc.docx:1:1: error:", "stdout");
    expect_has(r.out, "notzip.docx:1:1: error: not a .docx file", "stdout");
    cr_assert_eq(count_of(r.out, "[input.docx]"), 5, "%s", r.out);
    expect_has(r.out, COMPANION_FINDING, "stdout");
    cr_assert_str_eq(r.err, "");
    expect_memory_bounded(size);
    result_free(&r);
}

/* A web page nesting 100,000 divs around its text: parsed (libxml2 stops
 * nesting at its own depth limit), checked, memory bounded. */
Test(hostile, html_nested_100000_deep)
{
    FILE *f = fopen(at("deep.html"), "wb");
    cr_assert_not_null(f);
    fputs("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>", f);
    for (int i = 0; i < 100000; i++)
        fputs("<div>", f);
    fputs("<p>根据县委统一部署，其它单位已完成整改。</p>", f);
    for (int i = 0; i < 100000; i++)
        fputs("</div>", f);
    fputs("</body></html>\n", f);
    cr_assert_eq(fclose(f), 0);
    size_t size = file_size(at("deep.html"));
    result r = RUN_IN(root, "check", "--no-config", "-q", "deep.html", tu_src(COMPANION));
    cr_assert(r.code == 0 || r.code == 1, "exit %d: %s", r.code, r.err);
    expect_has(r.out, COMPANION_FINDING, "stdout");
    expect_lacks(r.err, "error", "stderr");
    expect_memory_bounded(size);
    result_free(&r);
}

/* ---- nothing lost ---- */

/* Names in root that contain ".tmp-". */
static int temporaries_left(void)
{
    int n = 0;
    DIR *d = opendir(root);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        n += strstr(e->d_name, ".tmp-") != NULL;
    if (d)
        closedir(d);
    return n;
}

/* Start a check writing -o out.json over a large document, wait until its
 * temporary exists (the run is under way), send sig, and check that the
 * process died of it, the old output (or its absence) is untouched and no
 * temporary is left. */
static void interrupt_check(int sig, const char *old)
{
    write_repeated(at("big.txt"), HEAD, "整改工作取得阶段性成效，", 40 * MiB / 36, "\n");
    if (old)
        write_text(at("out.json"), old);
    pid_t pid = start_cli((const char *const[]){"check", "--no-config", "--format", "json",
                                               "-o", "out.json", "big.txt", NULL},
                          root);
    struct timespec nap = {0, 2 * 1000 * 1000};
    while (temporaries_left() == 0) {
        int status;
        cr_assert_eq(waitpid(pid, &status, WNOHANG), 0,
                     "the check ended before its output was opened");
        nanosleep(&nap, NULL);
    }
    cr_assert_eq(kill(pid, sig), 0);
    result r = finish_cli(pid);
    cr_assert_eq(r.sig, sig, "exit status %d, signal %d; stderr:\n%s", r.code, r.sig, r.err);
    cr_assert_eq(temporaries_left(), 0, "a temporary file was left behind");
    if (old) {
        char *now = own(tu_read_file(at("out.json"), NULL));
        cr_assert_not_null(now);
        cr_assert_str_eq(now, old);
        release(now);
    } else {
        cr_assert_eq(access(at("out.json"), F_OK), -1, "a partial output appeared");
    }
    result_free(&r);
}

Test(hostile, sigint_keeps_old_output)
{
    interrupt_check(SIGINT, "{\"old\": true}\n");
}

Test(hostile, sigterm_keeps_old_output)
{
    interrupt_check(SIGTERM, "{\"old\": true}\n");
}

Test(hostile, sighup_leaves_no_output)
{
    interrupt_check(SIGHUP, NULL);
}

/* FNV-1a of a file's bytes. */
static uint64_t checksum(const char *path, size_t *len)
{
    char *b = tu_read_file(path, len);
    cr_assert_not_null(b, "%s", path);
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < *len; i++)
        h = (h ^ (unsigned char)b[i]) * 1099511628211ull;
    free(b);
    return h;
}

typedef struct snap {
    char path[512];
    uint64_t sum;
    size_t len;
    struct timespec mtime;
    mode_t mode;
} snap;

static size_t snapshot(const char *dir, snap *v, size_t n, size_t max)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "%s", dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        cr_assert_eq(lstat(path, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            n = snapshot(path, v, n, max);
        } else if (S_ISREG(st.st_mode)) {
            cr_assert_lt(n, max);
            snprintf(v[n].path, sizeof v[n].path, "%s", path);
            v[n].sum = checksum(path, &v[n].len);
            v[n].mtime = st.st_mtim;
            v[n].mode = st.st_mode;
            n++;
        }
    }
    closedir(d);
    return n;
}

static int snap_cmp(const void *a, const void *b)
{
    return strcmp(((const snap *)a)->path, ((const snap *)b)->path);
}

/* Inputs are opened read-only and never modified: the bytes, size, mode
 * and modification time of every fixture are the same after check, parse
 * and rules test (including -o into another directory). */
Test(hostile, inputs_are_not_modified)
{
    enum { MAX = 1024 };
    snap *before = own(calloc(MAX, sizeof *before)), *after = own(calloc(MAX, sizeof *after));
    cr_assert(before && after);
    char fixtures[512];
    snprintf(fixtures, sizeof fixtures, "%s", tu_src("fixtures"));
    size_t n = snapshot(fixtures, before, 0, MAX);
    cr_assert_gt(n, 10);
    result r = RUN("check", "--no-config", "--format", "json", "-o", at("out.json"), "fixtures");
    expect_exit(&r, 1);
    result_free(&r);
    r = RUN("parse", "--jsonl", "fixtures");
    expect_exit(&r, 0);
    result_free(&r);
    r = RUN("rules", "test", "--no-config", "fixtures");
    expect_exit(&r, 0);
    result_free(&r);
    size_t m = snapshot(fixtures, after, 0, MAX);
    cr_assert_eq(m, n, "files appeared or vanished under fixtures/");
    qsort(before, n, sizeof *before, snap_cmp);
    qsort(after, m, sizeof *after, snap_cmp);
    for (size_t i = 0; i < n; i++) {
        cr_assert_str_eq(after[i].path, before[i].path);
        cr_assert_eq(after[i].len, before[i].len, "%s changed size", before[i].path);
        cr_assert_eq(after[i].sum, before[i].sum, "%s changed", before[i].path);
        cr_assert_eq(after[i].mode, before[i].mode, "%s changed mode", before[i].path);
        cr_assert(after[i].mtime.tv_sec == before[i].mtime.tv_sec &&
                      after[i].mtime.tv_nsec == before[i].mtime.tv_nsec,
                  "%s was written", before[i].path);
    }
    release(before);
    release(after);
}
