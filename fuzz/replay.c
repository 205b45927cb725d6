/* SPDX-License-Identifier: MIT */
/*
 * replay.c - the standalone driver: replay fuzz inputs (binary or text
 * programs, files or folders) without any fuzzing engine, print them as
 * readable programs, convert between text and bytes, emit scenario tests,
 * and print an outcome digest that must be the same on every word size.
 */
#define _FILE_OFFSET_BITS 64 /* readdir on 32-bit builds: 64-bit inode numbers */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "emit_c.h"
#include "exec.h"
#include "minimize.h"
#include "save.h"
#include "stream.h"
#include "text.h"

#define REPLAY_MAX_INPUT (1u << 20)

static const char usage[] =
	"usage: bb_replay [options] FILE|DIR...\n"
	"Replays fuzz inputs (bytes or text programs) on core and reference and\n"
	"stops each at its first divergence. Exit 0 clean, 1 finding, 2 bad usage or input.\n"
	"  --target T      lifetime, bootmem or buddy (default: from a 'target' line or a\n"
	"                  corpus/<T>/ path, else lifetime)\n"
	"  --quiet         one line per input instead of the whole program\n"
	"  --exact         compare the whole state and run bb_check after every operation\n"
	"                  (triage; the default compares each operation's footprint and\n"
	"                  the whole state at check() and at the end)\n"
	"  --digest        print an outcome digest over all inputs\n"
	"  --latency       print p50 / p99 / max of the time each input took to run\n"
	"                  (decode and execution only: no process start, no file reads),\n"
	"                  and again for a second run of each input right after its first\n"
	"                  (warm: a fresh machine's arena pages were touched once already,\n"
	"                  as in a fuzzing process; the two runs must give the same outcome)\n"
	"  --boot-cache    start an input on a machine booted before from the state\n"
	"                  that boot left, as the fuzz targets do; with --latency\n"
	"                  each input's first run boots and its second starts from the\n"
	"                  cache; in a build with coverage counters (preset fuzz) a\n"
	"                  booting run between them must give the counters the run\n"
	"                  from the cache gives\n"
	"  --mutate N      after each input, N program mutations of it, run as a fuzz\n"
	"                  target runs them (chains of 5 from the input, every other one a\n"
	"                  splice with the input before; use with --boot-cache, as the\n"
	"                  targets have it), from fixed seeds: the same stream on every\n"
	"                  run of a build, to time the harness without an engine\n"
	"                  (N 1..100000; the summary gives us a run and a digest)\n"
	"  --to-bytes OUT  write the single input as fuzzer bytes to OUT, then stop\n"
	"  --minimize OUT  the single input, a finding, with as few operations as still\n"
	"                  give its signature (exact mode) as fuzzer bytes in OUT (not the\n"
	"                  input itself), written again after each step that shrank it\n"
	"  --to-text       print the single input as a text program, then stop\n"
	"  --emit-c NAME   print the single input as a scenario test function NAME\n"
	"                  (NAME a C identifier)\n"
	"  --round-trip    check that each input, printed as text, reads back to the same\n"
	"                  program with the same results (print, parse, encode, print)\n"
	"  --text, --bytes read every input as a text program, or as fuzzer bytes\n"
	"                  (default: text when the file starts with '# bootbuddy',\n"
	"                  'target ' or 'machine ', else bytes; the ok line says which)\n"
	"  --help          this text\n";

enum input_kind { KIND_BY_RULE, KIND_TEXT, KIND_BYTES };

struct options {
	int target; /* -1: infer */
	int quiet, digest, to_text, latency, exact, round_trip, boot_cache;
	int mutate; /* --mutate N: 0 none */
	enum input_kind kind;
	const char *to_bytes, *emit_c, *minimize;
};

/* --latency: the time of each executed input, and the slowest. */
struct latency {
	double *ns;
	int nns, cap;
	char slowest[512];
	double slowest_ns;
};

struct totals {
	int inputs, clean, findings, errors;
	int refused; /* of the clean ones: machines both sides refuse */
	uint64_t digest;
	struct latency first, again; /* --latency: each input's first and second run */
	struct stream_totals stream;  /* --mutate */
};

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void note_latency(struct latency *t, const char *path, double ns)
{
	if (t->nns == t->cap) {
		int cap = t->cap ? 2 * t->cap : 1024;
		double *n = realloc(t->ns, (size_t)cap * sizeof(*n));
		if (!n)
			return;
		t->ns = n;
		t->cap = cap;
	}
	t->ns[t->nns++] = ns;
	if (ns > t->slowest_ns) {
		t->slowest_ns = ns;
		snprintf(t->slowest, sizeof(t->slowest), "%s", path);
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Nearest-rank percentile of the sorted times. */
static double percentile(const double *v, int n, double p)
{
	int k = (int)(p / 100.0 * n + 0.999999);
	return v[k < 1 ? 0 : k > n ? n - 1 : k - 1];
}

static void print_latency(struct latency *t, const char *what)
{
	if (!t->nns)
		return;
	qsort(t->ns, (size_t)t->nns, sizeof(double), cmp_double);
	double sum = 0;
	for (int i = 0; i < t->nns; i++)
		sum += t->ns[i];
	printf("%s over %d inputs: mean %.1f us, p50 %.1f us, p99 %.1f us, max %.1f us (%s)\n", what, t->nns,
	       sum / t->nns / 1e3, percentile(t->ns, t->nns, 50) / 1e3, percentile(t->ns, t->nns, 99) / 1e3,
	       t->ns[t->nns - 1] / 1e3, t->slowest);
}

/* The rule of --help: a text program starts with "# bootbuddy", "target "
 * or "machine " (what --to-text writes first); fuzzer bytes start with
 * anything, '#' included, but these prefixes almost never. */
static int starts_as_text(const uint8_t *d, size_t n)
{
	return (n >= 11 && !memcmp(d, "# bootbuddy", 11)) || (n >= 7 && !memcmp(d, "target ", 7)) ||
	       (n >= 8 && !memcmp(d, "machine ", 8));
}

/* A text program is printable ASCII: anything else is an error at its
 * line:column, never a reason to read the file as bytes. */
static int text_bytes_ok(const char *path, const uint8_t *d, size_t n)
{
	int line = 1, col = 1;
	for (size_t i = 0; i < n; i++, col++) {
		if (d[i] == '\n') {
			line++;
			col = 0;
		} else if ((d[i] < 0x20 && d[i] != '\r' && d[i] != '\t') || d[i] > 0x7e) {
			fprintf(stderr, "bb_replay: %s:%d:%d: byte 0x%02x in a text program (text is printable ASCII; "
					"--bytes reads the file as fuzzer bytes)\n",
				path, line, col, d[i]);
			return 0;
		}
	}
	return 1;
}

static int infer_target(const char *path)
{
	static const char *const names[] = {"lifetime", "bootmem", "buddy"};
	for (int t = 0; t < 3; t++) {
		char pat[32];
		snprintf(pat, sizeof(pat), "/%s/", names[t]);
		if (strstr(path, pat))
			return t;
		snprintf(pat, sizeof(pat), "%s-", names[t]);
		const char *base = strrchr(path, '/');
		if (!strncmp(base ? base + 1 : path, pat, strlen(pat)))
			return t;
	}
	return -1;
}

/* Read a file; a text program becomes its bytes. Returns the length or -1. */
static long load(const char *path, enum input_kind kind, uint8_t *buf, int *target, int *was_text)
{
	/* O_NONBLOCK: a FIFO without a writer must not hang the replay; a pipe
	 * or a socket cannot seek, and is refused. */
	int fd = open(path, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		fprintf(stderr, "bb_replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (lseek(fd, 0, SEEK_END) < 0 || lseek(fd, 0, SEEK_SET) < 0) {
		fprintf(stderr, "bb_replay: %s: not a regular file (a pipe, socket or terminal)\n", path);
		close(fd);
		return -1;
	}
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		fprintf(stderr, "bb_replay: %s: %s\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	size_t n = fread(buf, 1, REPLAY_MAX_INPUT, f);
	int too_big = !feof(f) && fgetc(f) != EOF;
	int err = ferror(f);
	fclose(f);
	if (err || too_big || n == 0) {
		fprintf(stderr, "bb_replay: %s: %s\n", path,
			err ? "read error" : too_big ? "larger than 1 MiB, not a fuzz input" : "empty file, not a fuzz input");
		return -1;
	}
	buf[n] = '\0';
	*was_text = kind == KIND_TEXT || (kind == KIND_BY_RULE && starts_as_text(buf, n));
	if (!*was_text)
		return (long)n;
	if (!text_bytes_ok(path, buf, n))
		return -1;
	static struct text_program prog;
	char msg[512];
	if (parse_program((const char *)buf, path, &prog, msg, sizeof(msg))) {
		fprintf(stderr, "bb_replay: %s\n", msg);
		return -1;
	}
	if (prog.target >= 0 && *target < 0)
		*target = prog.target;
	size_t len = encode_program(&prog, buf, REPLAY_MAX_INPUT);
	if (!len) {
		fprintf(stderr, "bb_replay: %s: program too large to encode\n", path);
		return -1;
	}
	return (long)len;
}

static uint8_t input[REPLAY_MAX_INPUT + 1];

/* Run @data printing the program into a string (the caller frees it). */
static char *print_program(const uint8_t *data, size_t n, enum target_id target, struct exec_result *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	struct exec_opts o = {.target = target, .keep_going = 1, .trace = f};
	exec_input(data, n, &o, r);
	fclose(f);
	return text;
}

/* --round-trip: print, parse, encode, print again; both prints and outcomes equal. */
static int round_trip(const char *path, const uint8_t *data, size_t n, enum target_id target)
{
	static struct text_program prog;
	static uint8_t again[REPLAY_MAX_INPUT];
	struct exec_result r1, r2;
	char msg[512];
	int ok = 0;
	char *a = print_program(data, n, target, &r1), *b = NULL;
	if (!a) {
		fprintf(stderr, "bb_replay: %s: out of memory\n", path);
	} else if (r1.machine_refused) {
		ok = 2; /* no program: the text would be a machine line the reader refuses */
	} else if (parse_program(a, path, &prog, msg, sizeof(msg))) {
		fprintf(stderr, "bb_replay: %s: its text does not read back: %s\n", path, msg);
	} else {
		size_t m = encode_program(&prog, again, sizeof(again));
		b = m ? print_program(again, m, target, &r2) : NULL;
		if (!b)
			fprintf(stderr, "bb_replay: %s: its text does not encode\n", path);
		else if (strcmp(a, b) || r1.digest != r2.digest)
			fprintf(stderr, "bb_replay: %s: text -> bytes -> text changed the program or its outcome\n", path);
		else
			ok = 1;
	}
	free(a);
	free(b);
	return ok;
}

/* Do @a and @b name one existing file (--minimize must not overwrite its input)? */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static void replay_file(const char *path, const struct options *opt, struct totals *t)
{
	int target = opt->target >= 0 ? opt->target : infer_target(path);
	int text_target = -1, was_text = 0;
	long n = load(path, opt->kind, input, &text_target, &was_text);
	t->inputs++;
	if (n < 0) {
		t->errors++;
		return;
	}
	if (target < 0)
		target = text_target >= 0 ? text_target : TARGET_LIFETIME;
	if (opt->round_trip) {
		int rt = round_trip(path, input, (size_t)n, (enum target_id)target);
		if (rt) {
			t->clean++;
			t->refused += rt == 2;
			if (!opt->quiet)
				printf("ok %s (%s)\n", path, rt == 2 ? "machine refused: no program to round-trip" : "round trip");
		} else {
			t->errors++;
		}
		return;
	}
	if (opt->to_bytes) {
		if (!save_file(opt->to_bytes, input, (size_t)n))
			t->errors++;
		return;
	}
	if (opt->minimize) {
		int rc = 2;
		if (same_file(path, opt->minimize))
			fprintf(stderr, "bb_replay: --minimize %s: that is the input itself; name another file\n", opt->minimize);
		else
			rc = minimize_input(path, input, (size_t)n, (enum target_id)target, opt->minimize);
		t->findings += rc == 1;
		t->clean += rc == 0;
		t->errors += rc == 2;
		return;
	}
	struct exec_opts o = {.target = (enum target_id)target, .keep_going = 1, .exact = opt->exact,
			      .boot_cache = opt->boot_cache};
	o.trace = opt->quiet ? NULL : stdout;
	struct exec_result r;
	if (opt->emit_c) {
		emit_c(stdout, opt->emit_c, path, input, (size_t)n, (enum target_id)target);
		return;
	}
	/* --boot-cache --latency: the counters of a booting run and of a run
	 * from the cache, both after a first run (which also builds the
	 * harness's tables once), each cleared just before it and read just
	 * after (straight-line code between: no edges of ours) */
	size_t ncov = 0;
	uint8_t *cov = exec_coverage_map(&ncov);
	static uint8_t booted[1 << 16]; /* libFuzzer's counters (AFL++'s map, 2 MiB outside afl-fuzz, is not compared) */
	int check_cov = opt->latency && opt->boot_cache && ncov && ncov <= sizeof(booted);
	if (opt->latency && opt->boot_cache)
		exec_forget_boot(); /* the first run boots, the second starts from the cache */
	double t0 = opt->latency ? now_ns() : 0;
	int found = exec_input(input, (size_t)n, &o, &r);
	double took = opt->latency ? now_ns() - t0 : 0;
	if (opt->latency) {
		note_latency(&t->first, path, took);
		struct exec_opts quiet = o;
		struct exec_result again;
		quiet.trace = NULL;
		int same_cov = 1;
		if (check_cov) {
			struct exec_result booting;
			exec_forget_boot();
			memset(cov, 0, ncov);
			exec_input(input, (size_t)n, &quiet, &booting);
			memcpy(booted, cov, ncov);
			memset(cov, 0, ncov);
		}
		t0 = now_ns();
		int found_again = exec_input(input, (size_t)n, &quiet, &again);
		same_cov = !check_cov || !memcmp(booted, cov, ncov);
		note_latency(&t->again, path, now_ns() - t0);
		if (found_again != found || again.digest != r.digest) {
			fprintf(stderr, "bb_replay: %s: a second run gave another outcome (the harness is not deterministic)\n",
				path);
			t->errors++;
		} else if (!same_cov) {
			fprintf(stderr, "bb_replay: %s: a run from the boot cache gave other coverage counters than a booting run\n",
				path);
			t->errors++;
		}
	}
	t->digest = (t->digest ^ r.digest) * 0x100000001b3ull;
	if (opt->mutate)
		stream_mutations(path, input, (size_t)n, (enum target_id)target, opt->mutate, opt->boot_cache,
				 &t->stream);
	if (found) {
		t->findings++;
		printf("FINDING %s: %s\n", path, r.signature);
	} else {
		t->clean++;
		if (!opt->to_text) {
			t->refused += r.machine_refused != 0;
			printf("%s %s (%s, %d ops, %u pages%s%s, digest %016llx", opt->quiet ? "ok" : "# ok", path,
			       was_text ? "text" : "bytes", r.nops, r.pages, r.machine_refused ? ": machine refused, " : "",
			       r.machine_refused ? bb_err_name(r.machine_refused) : "", (unsigned long long)r.digest);
			printf(opt->latency ? ", %.1f us)\n" : ")\n", took / 1e3);
		}
	}
	fflush(stdout);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void replay_path(const char *path, const struct options *opt, struct totals *t, int depth)
{
	/* opendir tells a folder from a file (and, unlike stat, MSan knows it). */
	DIR *d = opendir(path);
	if (!d && errno == ENOTDIR) {
		replay_file(path, opt, t);
		return;
	}
	if (!d || depth > 8) {
		fprintf(stderr, "bb_replay: %s: %s\n", path, d ? "folders nested too deep" : strerror(errno));
		t->errors++;
		if (d)
			closedir(d);
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	errno = 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue; /* hidden files, . and .. */
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **nn = realloc(names, cap * sizeof(*names));
			if (!nn)
				break;
			names = nn;
		}
		size_t len = strlen(path) + strlen(de->d_name) + 2;
		if (!(names[n] = malloc(len)))
			break;
		snprintf(names[n], len, "%s/%s", path, de->d_name);
		n++;
	}
	if (errno) {
		fprintf(stderr, "bb_replay: %s: %s\n", path, strerror(errno));
		t->errors++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names); /* deterministic order, for the digest */
	for (size_t i = 0; i < n; i++) {
		const char *base = strrchr(names[i], '/') + 1;
		size_t bl = strlen(base);
		/* Notes beside reproducers (crashes/<sig>/report.txt, *.md, *.c) are not inputs. */
		if (!(bl > 3 && (!strcmp(base + bl - 3, ".md") || !strcmp(base + bl - 2, ".c") ||
				 !strcmp(base + bl - 4, ".txt") || !strcmp(base + bl - 5, ".dict"))))
			replay_path(names[i], opt, t, depth + 1);
		free(names[i]);
	}
	free(names);
}

/* Not a folder (opendir tells, and MSan knows it, unlike stat). */
static int is_single_file(const char *path)
{
	DIR *d = opendir(path);
	if (d)
		closedir(d);
	return !d;
}

static int is_c_identifier(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > 63 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	struct options opt = {.target = -1};
	char **paths = argv + 1; /* the inputs, compacted in place: never ahead of the scan */
	int npaths = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage, stdout);
			return 0;
		} else if (!strcmp(a, "--quiet")) {
			opt.quiet = 1;
		} else if (!strcmp(a, "--digest")) {
			opt.digest = 1;
		} else if (!strcmp(a, "--exact")) {
			opt.exact = 1;
		} else if (!strcmp(a, "--latency")) {
			opt.latency = 1;
		} else if (!strcmp(a, "--boot-cache")) {
			opt.boot_cache = 1;
		} else if (!strcmp(a, "--round-trip")) {
			opt.round_trip = 1;
		} else if (!strcmp(a, "--to-text")) {
			opt.to_text = 1;
		} else if (!strcmp(a, "--text") || !strcmp(a, "--bytes")) {
			enum input_kind k = a[2] == 't' ? KIND_TEXT : KIND_BYTES;
			if (opt.kind != KIND_BY_RULE && opt.kind != k) {
				fprintf(stderr, "bb_replay: --text and --bytes contradict each other\n");
				return 2;
			}
			opt.kind = k;
		} else if (!strcmp(a, "--mutate")) {
			if (opt.mutate) {
				fprintf(stderr, "bb_replay: --mutate given twice\n");
				return 2;
			}
			char *end = NULL;
			long v = i + 1 < argc ? strtol(argv[i + 1], &end, 10) : 0;
			if (!end || *end || end == argv[i + 1] || v < 1 || v > 100000) {
				fprintf(stderr, "bb_replay: --mutate needs a count from 1 to 100000\n");
				return 2;
			}
			opt.mutate = (int)v;
			i++;
		} else if ((!strcmp(a, "--target") || !strcmp(a, "--to-bytes") || !strcmp(a, "--emit-c") ||
			    !strcmp(a, "--minimize")) &&
			   i + 1 < argc) {
			const char *v = argv[++i];
			if ((!strcmp(a, "--target") && opt.target >= 0) || (!strcmp(a, "--to-bytes") && opt.to_bytes) ||
			    (!strcmp(a, "--emit-c") && opt.emit_c) || (!strcmp(a, "--minimize") && opt.minimize)) {
				fprintf(stderr, "bb_replay: %s given twice\n", a);
				return 2;
			}
			if (!strcmp(a, "--target") && (opt.target = target_by_name(v)) < 0) {
				fprintf(stderr, "bb_replay: unknown target '%s' (lifetime, bootmem, buddy)\n", v);
				return 2;
			}
			if (!strcmp(a, "--to-bytes"))
				opt.to_bytes = v;
			if (!strcmp(a, "--emit-c"))
				opt.emit_c = v;
			if (!strcmp(a, "--minimize"))
				opt.minimize = v;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "bb_replay: unknown or incomplete option '%s'\n%s", a, usage);
			return 2;
		} else {
			paths[npaths++] = argv[i];
		}
	}
	if (!npaths) {
		fprintf(stderr, "bb_replay: no input given\n%s", usage);
		return 2;
	}
	if (!!opt.to_bytes + opt.to_text + !!opt.emit_c + opt.round_trip + !!opt.minimize > 1) {
		fprintf(stderr, "bb_replay: --to-bytes, --to-text, --emit-c, --round-trip and --minimize exclude each other\n");
		return 2;
	}
	if ((opt.mutate || opt.minimize) && (opt.to_bytes || opt.to_text || opt.emit_c || opt.round_trip || opt.latency ||
					     (opt.mutate && opt.minimize))) {
		fprintf(stderr, "bb_replay: --mutate and --minimize run inputs: not with each other, --to-bytes, --to-text, "
				"--emit-c, --round-trip or --latency\n");
		return 2;
	}
	if ((opt.to_bytes || opt.to_text || opt.emit_c || opt.minimize) && (npaths != 1 || !is_single_file(paths[0]))) {
		fprintf(stderr, "bb_replay: --to-bytes, --to-text, --emit-c and --minimize take exactly one input file%s\n",
			npaths == 1 ? ", not a folder" : "");
		return 2;
	}
	if (opt.emit_c && !is_c_identifier(opt.emit_c)) {
		fprintf(stderr, "bb_replay: --emit-c: '%s' is not a C identifier ([A-Za-z_][A-Za-z0-9_]*, at most 63)\n",
			opt.emit_c);
		return 2;
	}
#ifdef BB_FLOOR_NO_STATE_CHECKS
	if (!opt.mutate || opt.exact) {
		fprintf(stderr, "bb_stream_floor: a benchmark that compares no state and checks no invariant: it only runs "
				"--mutate (without --exact), for ci/bench-fuzz; replay inputs with bb_replay\n");
		return 2;
	}
#endif
	if (opt.to_text || opt.emit_c)
		opt.quiet = opt.emit_c ? 1 : 0;
	struct totals t = {.digest = 0xcbf29ce484222325ull, .stream = {.digest = 0xcbf29ce484222325ull}};
	for (int i = 0; i < npaths; i++)
		replay_path(paths[i], &opt, &t, 0);
	if (!opt.to_text && !opt.to_bytes && !opt.emit_c)
		fprintf(stderr, "bb_replay: %d inputs, %d clean (%d on a machine both sides refuse), %d findings, %d unreadable%s\n",
			t.inputs, t.clean, t.refused, t.findings, t.errors,
			opt.mutate && t.stream.findings ? "; and findings in the mutation stream (below)" : "");
	if (opt.boot_cache)
		printf("boot cache: %lu runs started from it\n", exec_boot_cache_hits());
	if (opt.mutate) {
		const struct stream_totals *st = &t.stream;
		printf("mutation stream: %ld runs (%ld mutations fit no edit), %ld findings; %.1f us a run, %.1f us a "
		       "mutation; digest %016llx\n",
		       st->runs, st->empty, st->findings, st->runs ? st->run_ns / (double)st->runs / 1e3 : 0.0,
		       st->runs + st->empty ? st->mutate_ns / (double)(st->runs + st->empty) / 1e3 : 0.0,
		       (unsigned long long)st->digest);
		t.findings += (int)st->findings;
	}
	if (opt.latency) {
		print_latency(&t.first, "latency");
		print_latency(&t.again, "latency warm");
	}
	free(t.first.ns);
	free(t.again.ns);
	if (opt.digest)
		printf("digest %016llx over %d inputs\n", (unsigned long long)t.digest, t.inputs);
	if (t.errors)
		return 2;
	return t.findings ? 1 : 0;
}
