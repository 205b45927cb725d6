/* SPDX-License-Identifier: MIT */
/*
 * fuzz_rate.c - 6. the harness under its engines: execs/s of every fuzz
 * binary that is built (bb_replay and the libFuzzer targets of each preset
 * under build/) over its target's corpus, start-up excluded. No sides: the
 * binaries compare core and reference themselves.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;
	char *d = xcalloc(len, 1);
	memcpy(d, s, len);
	return d;
}

/* Entries of @dir that are regular files (@want_dirs false) or folders, sorted. */
static size_t list_dir(const char *dir, bool want_dirs, char ***out)
{
	DIR *dp = opendir(dir);
	size_t n = 0, cap = 0;
	char **v = NULL;
	*out = NULL;
	if (!dp)
		return 0;
	struct dirent *e;
	while ((e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		char *path = xcalloc(len, 1);
		snprintf(path, len, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(path, &st) || (want_dirs ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))) {
			free(path);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				fprintf(stderr, "bench: out of memory\n");
				exit(1);
			}
			v = nv;
		}
		v[n++] = path;
	}
	closedir(dp);
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	*out = v;
	return n;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * Run @bin with @pre (NULL-terminated) and then @files repeated @times, its
 * output to /dev/null. Returns the exit status (-1 when it did not exit
 * normally) and the wall time in *ns.
 */
static int run_replay(const char *bin, const char *const *pre, char **files, size_t n,
		      uint32_t times, uint64_t *ns)
{
	size_t npre = 0;
	while (pre[npre])
		npre++;
	char **argv = xcalloc(1 + npre + n * times + 1, sizeof(*argv));
	size_t k = 0;
	argv[k++] = xstrdup(bin);
	for (size_t i = 0; i < npre; i++)
		argv[k++] = xstrdup(pre[i]);
	for (uint32_t t = 0; t < times; t++)
		for (size_t i = 0; i < n; i++)
			argv[k++] = files[i];
	fflush(NULL);
	uint64_t t0 = now_ns();
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(bin, argv);
		_exit(127);
	}
	int st = -1;
	if (pid > 0)
		waitpid(pid, &st, 0);
	*ns = now_ns() - t0;
	for (size_t i = 0; i < 1 + npre; i++)
		free(argv[i]);
	free(argv);
	return pid > 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Fuzz-row timing: repetitions of each run (the fastest counts), and the
 * inputs the long run adds over the short one, enough that a replay of tens
 * of microseconds an input outlasts the noise of process start-up. */
#define FUZZ_TIMED_RUNS 3
#define FUZZ_EXTRA_INPUTS 2000

/*
 * One binary over one target's corpus. Full size: an untimed run (the page
 * cache, the binary's pages), then FUZZ_TIMED_RUNS of the corpus once and k
 * times in one process each, alternating, the fastest of each kept;
 * execs/s = (k - 1) * n / (t_k - t_1), so the start-up (ASan, libFuzzer,
 * mapping) cancels. When it does not (t_k <= t_1) the row says so rather
 * than print a rate. --quick: one run, start-up included.
 */
static void fuzz_one(const struct opts *o, const char *bin, const char *label, const char *tgt,
		     char **files, size_t n)
{
	const char *replay_pre[] = {"--quiet", "--target", tgt, NULL};
	const char *none[] = {NULL};
	const char *const *pre = strstr(label, "bb_replay") ? replay_pre : none;
	char name[40], text[200];
	uint64_t t1 = UINT64_MAX, tk = UINT64_MAX, ns = 0;
	double rate = 0.0;
	uint32_t k = o->quick ? 1 : 1 + (uint32_t)((FUZZ_EXTRA_INPUTS + n - 1) / n);

	snprintf(name, sizeof(name), "fuzz %.30s", tgt);
	int rc = run_replay(bin, pre, files, n, 1, &ns);
	if (k == 1)
		t1 = ns;
	for (int i = 0; rc == 0 && k > 1 && i < FUZZ_TIMED_RUNS; i++) {
		rc = run_replay(bin, pre, files, n, 1, &ns);
		t1 = ns < t1 ? ns : t1;
		if (rc == 0)
			rc = run_replay(bin, pre, files, n, k, &ns);
		tk = ns < tk ? ns : tk;
	}
	if (rc != 0) {
		snprintf(text, sizeof(text), "%.64s: exited %d on %zu inputs: no figure", label, rc, n);
	} else if (k == 1) {
		rate = t1 ? (double)n * 1e9 / (double)t1 : 0.0;
		snprintf(text, sizeof(text), "%.64s: %.0f (%zu inputs once, start-up included)", label,
			 rate, n);
	} else if (tk <= t1) {
		snprintf(text, sizeof(text),
			 "%.64s: no figure (%zu inputs x%u took %.1f ms, once %.1f ms: start-up did not cancel)",
			 label, n, k, (double)tk / 1e6, (double)t1 / 1e6);
	} else {
		rate = (double)(k - 1) * (double)n * 1e9 / (double)(tk - t1);
		snprintf(text, sizeof(text), "%.64s: %.0f (%zu inputs x%u, start-up excluded)", label,
			 rate, n, k);
	}
	bench_text_row(name, text, label, rate);
}

/*
 * Execs/s of every fuzz binary that is built, over its target's corpus:
 * <root>/build/<preset>/fuzz/bb_replay (all targets, --target T) and
 * <root>/build/<preset>/fuzz/fuzz_T (libFuzzer: input files as arguments),
 * with the corpus in <root>/corpus/T/.
 */
static void run_fuzz(const struct opts *o)
{
	char path[4096];
	char **presets, **targets;
	size_t np, nt, found = 0;

	/* The coverage preset's binaries write a profile where they run (the
	 * user's tree): a timing run wants none, unless the user asked for one. */
	setenv("LLVM_PROFILE_FILE", "/dev/null", 0);
	snprintf(path, sizeof(path), "%s/corpus", o->fuzz_root);
	nt = list_dir(path, true, &targets);
	snprintf(path, sizeof(path), "%s/build", o->fuzz_root);
	np = list_dir(path, true, &presets);
	for (size_t t = 0; t < nt; t++) {
		const char *tgt = strrchr(targets[t], '/') + 1;
		char **files;
		size_t n = list_dir(targets[t], false, &files);
		for (size_t p = 0; p < np; p++) {
			const char *preset = strrchr(presets[p], '/') + 1;
			char fz[64];
			if (strstr(preset, "mutant"))
				continue; /* seeded-bug trees (ci/mutants, the gate demo) are not the product */
			snprintf(fz, sizeof(fz), "fuzz_%s", tgt);
			const char *bins[] = {"bb_replay", fz};
			for (int b = 0; b < 2; b++) {
				char label[64];
				snprintf(path, sizeof(path), "%s/fuzz/%s", presets[p], bins[b]);
				if (access(path, X_OK))
					continue;
				found++;
				snprintf(label, sizeof(label), "%.30s/%.30s", preset, bins[b]);
				if (!n) {
					char text[200];
					snprintf(text, sizeof(text), "%s: skipped: corpus/%.40s/ is empty", label, tgt);
					bench_text_row(tgt, text, NULL, 0.0);
					continue;
				}
				fprintf(stderr, "bench: fuzz %s with %s ...\n", tgt, label);
				fuzz_one(o, path, label, tgt, files, n);
			}
		}
		free_strv(files, n);
	}
	free_strv(targets, nt);
	free_strv(presets, np);
	if (!found)
		bench_text_row("fuzz", "skipped: no fuzz targets built yet", NULL, 0.0);
}

static const struct bench_scenario scenarios[] = {
	{ .name = "fuzz", .run = run_fuzz },
};

const struct bench_family bench_fuzz = { .nscenarios = 1, .scenarios = scenarios };
