/* SPDX-License-Identifier: MIT */
/*
 * sampler.c - a CPU-time stack sampler to preload into a fuzz target
 * (ci/profile-fuzz). perf does not work on these machines and valgrind
 * cannot run ASan builds, so this is how the sanitized harness is profiled
 * as the engines run it: on every tick of the process's CPU-time timer
 * (ITIMER_PROF, asked for each millisecond; the kernel's tick sets the real
 * rate, 4 ms on these machines) the SIGPROF handler records the interrupted
 * pc and the return addresses up the frame-pointer chain (every build here
 * keeps frame pointers), and at exit the samples, the CPU time they cover
 * and the process's memory map go to $BB_SAMPLER_OUT.
 * bench/sampler_report.py turns them into functions.
 *
 * Built by ci/profile-fuzz without sanitizers or instrumentation (it runs
 * inside the signal handler of an ASan process); inert without
 * BB_SAMPLER_OUT.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

#define MAX_SAMPLES 200000 /* 200 s of CPU time */
#define DEPTH 24

static uintptr_t frame[MAX_SAMPLES][DEPTH];
static volatile sig_atomic_t nsamples;
static uintptr_t stack_lo, stack_hi; /* the main thread's stack: where a frame pointer may point */
static char out_dir[512];

static void on_sigprof(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)si;
	if (nsamples >= MAX_SAMPLES)
		return;
	uintptr_t *f = frame[nsamples++];
	const ucontext_t *uc = ctx;
	uintptr_t fp = (uintptr_t)uc->uc_mcontext.gregs[REG_RBP];
	f[0] = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
	for (int d = 1; d < DEPTH; d++) {
		/* code without frame pointers (libc) leaves anything in rbp: stop
		 * at the first value that is not a frame on this stack */
		if (fp & 7 || fp < stack_lo || fp + 16 > stack_hi) {
			f[d] = 0;
			continue;
		}
		const uintptr_t *p = (const uintptr_t *)fp;
		f[d] = p[1];
		fp = p[0] > fp ? p[0] : 0; /* frames go up the stack */
	}
}

static void copy_file(const char *from, const char *to)
{
	FILE *a = fopen(from, "r"), *b = fopen(to, "w");
	char line[1024];
	while (a && b && fgets(line, sizeof(line), a))
		fputs(line, b);
	if (a)
		fclose(a);
	if (b)
		fclose(b);
}

static void dump(void)
{
	struct itimerval off = {{0, 0}, {0, 0}};
	setitimer(ITIMER_PROF, &off, NULL);
	char path[600];
	snprintf(path, sizeof(path), "%s/samples.%d", out_dir, (int)getpid());
	FILE *f = fopen(path, "w");
	if (!f)
		return;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	fprintf(f, "# cpu_seconds %.3f\n", (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
						    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
	for (int i = 0; i < nsamples; i++) {
		for (int d = 0; d < DEPTH && frame[i][d]; d++)
			fprintf(f, "%lx ", (unsigned long)frame[i][d]);
		fputc('\n', f);
	}
	fclose(f);
	snprintf(path, sizeof(path), "%s/maps.%d", out_dir, (int)getpid());
	copy_file("/proc/self/maps", path);
}

__attribute__((constructor)) static void start(void)
{
	const char *dir = getenv("BB_SAMPLER_OUT");
	if (!dir || strlen(dir) >= sizeof(out_dir))
		return;
	strcpy(out_dir, dir);
	FILE *maps = fopen("/proc/self/maps", "r");
	char line[1024];
	while (maps && fgets(line, sizeof(line), maps)) {
		unsigned long lo, hi;
		if (strstr(line, "[stack]") && sscanf(line, "%lx-%lx", &lo, &hi) == 2) {
			stack_lo = lo - (64ul << 20); /* the stack grows down to its limit */
			stack_hi = hi;
		}
	}
	if (maps)
		fclose(maps);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigprof;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGPROF, &sa, NULL);
	struct itimerval every_ms = {{0, 1000}, {0, 1000}};
	setitimer(ITIMER_PROF, &every_ms, NULL);
	atexit(dump); /* libFuzzer's -max_total_time ends in exit() */
}
