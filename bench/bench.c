/* SPDX-License-Identifier: MIT */
/*
 * bench.c - core/ against reference/, scenario by scenario, in one run.
 *
 * Every scenario is planned once from fixed seeds, then run on the core
 * and on the reference with direct calls (bench_scenarios.h, included once
 * per side). Each side folds every result and its end state into a
 * checksum; the two must agree, repetition after repetition, or the run
 * prints MISMATCH and exits 1: timing two allocators that disagree means
 * nothing. The table shows the median of --reps repetitions. Timings are
 * printed, never asserted. See docs/BENCH.md.
 */
#define _GNU_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE */

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include "bootbuddy.h"
#include "reference.h"
#if defined(BENCH_HAVE_PAGE_H)
#include "page.h" /* core/src/page.h: sizeof(struct bb_page) only */
#endif

#include "bench.h" /* last: it defines P */

/* ---- shared state and failure paths ------------------------------------- */

static uint32_t *bench_buf;   /* free-list dumps */
static uint32_t *bench_pfns;  /* live blocks */
static uint8_t *bench_orders;
static uint64_t *bench_zphys; /* what each allocation returned, for the zeroing floor */
static uint64_t *bench_zsize;

static unsigned char *core_arena;
static uint64_t core_arena_bytes;
static struct bb_machine core_machine;

static const char core_name[] = "core";
static const char ref_name[] = "reference";

static void die_setup(const char *impl, const char *what)
{
	fprintf(stderr, "bench: setup failed on %s: %s\n", impl, what);
	exit(1);
}

/* A setup call that must succeed (a failure here is a bug, not a timing). */
static void must(const char *call, const char *impl, int rc)
{
	if (rc) {
		fprintf(stderr, "bench: setup failed on %s: %s = %s (%d)\n", impl, call,
			bb_strerror(rc), rc);
		exit(1);
	}
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);
	if (!p) {
		fprintf(stderr, "bench: out of memory\n");
		exit(1);
	}
	return p;
}

/* Push [p, p+n) out of every cache level, so the zeroing floor starts cold. */
#if defined(__x86_64__) || defined(__i386__)
#define BENCH_EVICTS 1
__attribute__((target("sse2"))) static void evict(const void *p, size_t n)
{
	const char *c = (const char *)((uintptr_t)p & ~(uintptr_t)63);
	for (const char *end = (const char *)p + n; c < end; c += 64)
		__builtin_ia32_clflush(c);
}

__attribute__((target("sse2"))) static void evict_done(void)
{
	__builtin_ia32_mfence();
}
#else
#define BENCH_EVICTS 0
static void evict(const void *p, size_t n)
{
	(void)p;
	(void)n;
}

static void evict_done(void)
{
}
#endif

/* ---- the two sides ------------------------------------------------------ */

/*
 * The core gets one MAP_NORESERVE arena for the whole run, as large as the
 * largest machine; a new machine reuses it dirty (as the fuzz adapter
 * does), so after the warm-up repetition no page fault is timed.
 */
static struct bb_machine *bcore_open(const struct bb_machine_desc *d)
{
	uint64_t bytes = (uint64_t)d->phys_pages << BB_PAGE_SHIFT;
	if (bytes > (uint64_t)SIZE_MAX / 2) {
		fprintf(stderr, "bench: a %" PRIu64 "-byte arena does not fit this host's address "
			"space: use --quick, or a 64-bit build\n", bytes);
		exit(1);
	}
	if (bytes > core_arena_bytes) {
		if (core_arena)
			munmap(core_arena, (size_t)core_arena_bytes);
		void *a = mmap(NULL, (size_t)bytes, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (a == MAP_FAILED) {
			fprintf(stderr, "bench: mmap of %" PRIu64 " bytes: %s\n", bytes, strerror(errno));
			exit(1);
		}
		core_arena = a;
		core_arena_bytes = bytes;
	}
	must("bb_machine_init", core_name, bb_machine_init(&core_machine, d, core_arena, bytes));
	return &core_machine;
}

static void bcore_close(struct bb_machine *m)
{
	(void)m;
}

static struct ref_machine *bref_open(const struct bb_machine_desc *d)
{
	int err = 0;
	struct ref_machine *m = ref_create(d, &err);
	if (!m)
		must("ref_create", ref_name, err ? err : BB_ENOMEM);
	return m;
}

static void bref_close(struct ref_machine *m)
{
	ref_destroy(m);
}

#define API(f) bb_##f
#define FN(f) bcore_##f
#define MACH struct bb_machine
#define HAS_ARENA 1
static const char *const bcore_name = core_name;
#include "bench_scenarios.h"
#undef API
#undef FN
#undef MACH

#define API(f) ref_##f
#define FN(f) bref_##f
#define MACH struct ref_machine
#undef HAS_ARENA
#define HAS_ARENA 0
static const char *const bref_name = ref_name;
#include "bench_scenarios.h"
#undef API
#undef FN
#undef MACH
#undef HAS_ARENA

/* ---- machines and plans ----------------------------------------------- */

static void base_desc(struct bb_machine_desc *d, uint32_t pages)
{
	memset(d, 0, sizeof(*d));
	d->phys_pages = pages;
	d->word_bytes = (uint32_t)sizeof(long);
	d->smp_cache_bytes = 32;   /* 2.4 i386 SMP_CACHE_BYTES */
	d->struct_page_bytes = 64; /* 2.4 i386 struct page, rounded to 2^k */
	d->dma_end_pfn = 4096;     /* 16 MiB */
	d->highmem_start_pfn = pages;
	d->nr_ram = 1;
	d->ram[0].start_pfn = 0;
	d->ram[0].end_pfn = pages;
	/* A 2.4-sized kernel image at 1 MiB: 2 MiB text, 512 KiB data, 256 KiB init. */
	d->kernel.text = 0x100000;
	d->kernel.etext = 0x300000;
	d->kernel.edata = 0x380000;
	d->kernel.init_begin = 0x380000;
	d->kernel.init_end = 0x3c0000;
}

#define KERNEL_END 0x3c0000ull /* _end: bss included */

/*
 * Scenario 1's machine, scaled from 4 GiB (1M pages): RAM 0-640K and
 * 1M-3.5G (7/8 of the space), the ISA hole between, nothing above 3.5G,
 * highmem from 896 MiB (7/32 of the space), ZONE_DMA the first 16 MiB.
 */
static void make_boot_plan(struct boot_plan *bp, const struct params *p)
{
	struct bb_machine_desc *d = &bp->desc;
	uint32_t pages = p->boot_pages;
	base_desc(d, pages);
	d->highmem_start_pfn = (uint32_t)((uint64_t)pages * 7 / 32);
	d->nr_ram = 2;
	d->ram[0].start_pfn = 0;
	d->ram[0].end_pfn = 160;
	d->ram[1].start_pfn = 256;
	d->ram[1].end_pfn = (uint32_t)((uint64_t)pages * 7 / 8);
	bp->mapstart = (uint32_t)(KERNEL_END / P);
	bp->kernel_end = KERNEL_END;

	uint64_t low = (uint64_t)d->highmem_start_pfn * P;
	uint64_t max_dma = (uint64_t)d->dma_end_pfn * P;
	uint64_t seed = 0xb0075eedull;
	bp->nops = p->boot_allocs;
	bp->ops = xcalloc(bp->nops, sizeof(*bp->ops));
	for (uint32_t i = 0; i < bp->nops; i++) {
		struct boot_op *op = &bp->ops[i];
		uint32_t k = rng_below(&seed, 100), z = rng_below(&seed, 100);
		/* Sizes: half tiny, a quarter sub-page, then 1-4 and 4-16 pages. */
		op->size = z < 50 ? 1 + rng_below(&seed, 256)
			 : z < 75 ? 257 + rng_below(&seed, 3840)
			 : z < 95 ? 4097 + rng_below(&seed, 12288)
				  : 16385 + rng_below(&seed, 49152);
		op->kind = k < 30 ? BK_ALLOC_BOOTMEM : k < 38 ? BK_LOW : k < 45 ? BK_PAGES
			 : k < 48 ? BK_LOW_PAGES : k < 55 ? BK_NODE : k < 60 ? BK_PAGES_NODE
			 : k < 62 ? BK_LOW_PAGES_NODE : BK_RAW;
		op->nid = rng_below(&seed, 2) ? 0 : BB_ANY_NODE;
		op->align = 1ull << rng_below(&seed, 17); /* 1 byte .. 64 KiB */
		/* Goals: 0, MAX_DMA, three spots inside the node, past low memory, past the machine. */
		switch (rng_below(&seed, 8)) {
		case 0: case 1: op->goal = 0; break;
		case 2: case 3: op->goal = max_dma; break;
		case 4: op->goal = low / 8 + rng_below(&seed, 16 * BB_PAGE_SIZE); break;
		case 5: op->goal = low / 4; break;
		case 6: op->goal = low / 2 + rng_below(&seed, BB_PAGE_SIZE); break;
		default:
			op->goal = rng_below(&seed, 2) ? low + rng_below(&seed, 1u << 30)
						       : (uint64_t)pages * P + P;
			break;
		}
	}
}

/*
 * Scenario 2: a node of scan_pages pages, everything reserved but one
 * short run of free pages every scan_pages/128 pages (60% of runs are one
 * page, 40% 2-16 pages), and allocations of 2-5 pages, so most runs are
 * too short and each scan walks far. The requests are small on purpose:
 * the core must zero what it returns (SPEC 4.2) and the reference zeroes
 * nothing, so big requests would time memset, not the scan (scan_zero
 * shows what is left of it). A quarter of the allocations align to 16 KiB
 * (step 4), an eighth to a cache line (they can merge), a quarter have a
 * goal inside the node (and restart from the start when nothing fits
 * above it).
 */
static void make_scan_plan(struct scan_plan *sp, const struct params *p)
{
	uint32_t pages = p->scan_pages, spacing = pages / SCAN_HOLES;
	base_desc(&sp->desc, pages);
	sp->nbatches = p->scan_batches;
	sp->nallocs = p->scan_allocs;
	sp->batches = xcalloc(sp->nbatches, sizeof(*sp->batches));
	uint64_t seed = 0x5ca9f00dull;
	for (uint32_t b = 0; b < sp->nbatches; b++) {
		struct scan_batch *sb = &sp->batches[b];
		for (uint32_t j = 0; j < SCAN_HOLES; j++) {
			uint32_t len = rng_below(&seed, 10) < 6 ? 1 : 2 + rng_below(&seed, 15);
			if (len > spacing / 4)
				len = spacing / 4;
			sb->holes[j].start = j * spacing + spacing / 2 + rng_below(&seed, spacing / 4);
			sb->holes[j].len = len;
		}
		sb->allocs = xcalloc(sp->nallocs, sizeof(*sb->allocs));
		for (uint32_t i = 0; i < sp->nallocs; i++) {
			struct scan_alloc *a = &sb->allocs[i];
			uint64_t np = 2 + rng_below(&seed, 4);
			a->size = np * P - (rng_below(&seed, 2) ? rng_below(&seed, BB_PAGE_SIZE) : 0);
			uint32_t al = rng_below(&seed, 8);
			a->align = al < 2 ? 4 * P : al < 3 ? 32 : P;
			a->goal = rng_below(&seed, 4) == 0 ? (uint64_t)rng_below(&seed, pages) * P : 0;
		}
	}
}

static void make_zone_plan(struct zone_plan *zp, const struct params *p)
{
	base_desc(&zp->desc, p->zone_pages);
	/* Scenario 3: all low memory (highmem_start = phys_pages), i386 holes and kernel. */
	struct bb_machine_desc *r = &zp->retire;
	base_desc(r, p->retire_pages);
	r->nr_ram = 2;
	r->ram[0].start_pfn = 0;
	r->ram[0].end_pfn = 160;
	r->ram[1].start_pfn = 256;
	r->ram[1].end_pfn = p->retire_pages;
	zp->retire_mapstart = (uint32_t)(KERNEL_END / P);
	zp->retire_kernel_end = KERNEL_END;
	zp->pairs = p->pairs;
	zp->mix_ops = p->mix_ops;
	uint32_t n = p->pairs > p->mix_ops ? p->pairs : p->mix_ops;
	zp->rnd = xcalloc(n ? n : 1, sizeof(*zp->rnd));
	uint64_t seed = 0x0b0dd1e5ull;
	for (uint32_t i = 0; i < n; i++)
		zp->rnd[i] = (uint32_t)(rng_next(&seed) >> 32);
}

/* ---- running, comparing, reporting ---------------------------------------- */

enum impl_sel { SEL_BOTH, SEL_CORE, SEL_REF };

struct opts {
	int reps, warmup;
	bool quick;
	enum impl_sel impl;
	const char *only;
	const char *json;
	const char *fuzz_root; /* where to look for build/<preset>/fuzz/ and corpus/ */
};

/* One row of the table. */
struct row {
	const char *name, *unit;
	bool ran_core, ran_ref;
	uint64_t ops, failed;
	double core_ns, ref_ns; /* median total ns of the timed loops */
	uint64_t sum_core, sum_ref;
	char namebuf[40];
	char bin[64];           /* fuzz rows: the binary, preset/name */
	double execs;           /* fuzz rows: execs/s, 0 when there is no figure */
	char text[200];         /* a row that is only text (fuzz figures, skips) */
};

#define MAX_ROWS 128
static struct row rows[MAX_ROWS];
static int nrows;
static bool mismatch;

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static double median(uint64_t *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_u64);
	return n % 2 ? (double)v[n / 2] : ((double)v[n / 2 - 1] + (double)v[n / 2]) / 2.0;
}

typedef void (*scen_fn)(const void *plan, struct sample *s);

/*
 * Run one scenario: warm-up repetitions, then reps, each on core then
 * reference. Every checksum must equal the first (core's): core against
 * reference and every repetition against the others.
 */
static void run_scenario(const struct opts *o, const char *name, const char *const units[],
			 const char *const names[], int nmetrics, unsigned core_only, const void *plan,
			 void (*core)(const void *, struct sample *),
			 void (*ref)(const void *, struct sample *))
{
	uint64_t ns_c[BENCH_MAX_METRICS][101], ns_r[BENCH_MAX_METRICS][101];
	uint64_t sum0 = 0, ops[BENCH_MAX_METRICS] = {0}, failed[BENCH_MAX_METRICS] = {0};
	uint64_t sum_c = 0, sum_r = 0;
	bool have_sum = false;
	bool do_core = o->impl != SEL_REF, do_ref = o->impl != SEL_CORE;

	fprintf(stderr, "bench: %s ...\n", name);
	for (int rep = -o->warmup; rep < o->reps; rep++) {
		struct sample sc, sr;
		for (int side = 0; side < 2; side++) {
			if (side == 0 && !do_core)
				continue;
			if (side == 1 && !do_ref)
				continue;
			struct sample *s = side == 0 ? &sc : &sr;
			memset(s, 0, sizeof(*s));
			(side == 0 ? core : ref)(plan, s);
			if (side == 0)
				sum_c = s->sum;
			else
				sum_r = s->sum;
			if (!have_sum) {
				sum0 = s->sum;
				have_sum = true;
			} else if (s->sum != sum0) {
				printf("MISMATCH in %s: %s checksum %016" PRIx64 " (repetition %d) "
				       "differs from %016" PRIx64 "\n", name, side ? ref_name : core_name,
				       s->sum, rep, sum0);
				mismatch = true;
			}
			for (int k = 0; k < nmetrics; k++) {
				ops[k] = s->ops[k];
				failed[k] = s->failed[k];
			}
			if (rep >= 0)
				for (int k = 0; k < nmetrics; k++)
					(side == 0 ? ns_c : ns_r)[k][rep] = s->ns[k];
		}
	}
	for (int k = 0; k < nmetrics && nrows < MAX_ROWS; k++) {
		struct row *r = &rows[nrows++];
		memset(r, 0, sizeof(*r));
		r->name = names[k];
		r->unit = units[k];
		r->ops = ops[k];
		r->failed = failed[k];
		r->ran_core = do_core;
		r->ran_ref = do_ref && !(core_only >> k & 1);
		r->sum_core = sum_c;
		r->sum_ref = sum_r;
		if (do_core)
			r->core_ns = median(ns_c[k], o->reps);
		if (r->ran_ref)
			r->ref_ns = median(ns_r[k], o->reps);
	}
}

/* Adapters from the table's generic signature to the typed scenario functions. */
#define ADAPT(scen, plan_t)                                                          \
	static void c_##scen(const void *p, struct sample *s) { bcore_s_##scen((const plan_t *)p, s); } \
	static void r_##scen(const void *p, struct sample *s) { bref_s_##scen((const plan_t *)p, s); }
ADAPT(boot, struct boot_plan)
ADAPT(scan, struct scan_plan)
ADAPT(retire, struct zone_plan)
ADAPT(order0_empty, struct zone_plan)
ADAPT(order0_frag, struct zone_plan)
ADAPT(order0_frag_rand, struct zone_plan)
ADAPT(mix, struct zone_plan)

/* ---- 6. fuzz targets ------------------------------------------------------- */

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

static struct row *add_text_row(const char *name, const char *text)
{
	static struct row spare;
	if (nrows >= MAX_ROWS)
		return &spare;
	struct row *r = &rows[nrows++];
	memset(r, 0, sizeof(*r));
	snprintf(r->namebuf, sizeof(r->namebuf), "%s", name);
	r->name = r->namebuf;
	r->unit = "execs/s";
	snprintf(r->text, sizeof(r->text), "%s", text);
	return r;
}

/*
 * One binary over one target's corpus. Full size: the corpus once and then
 * k times in one process each; execs/s = (k - 1) * n / (t_k - t_1), so the
 * start-up (ASan, libFuzzer, mapping) cancels. --quick: one run, start-up
 * included.
 */
static void fuzz_one(const struct opts *o, const char *bin, const char *label, const char *tgt,
		     char **files, size_t n)
{
	const char *replay_pre[] = {"--quiet", "--target", tgt, NULL};
	const char *none[] = {NULL};
	const char *const *pre = strstr(label, "bb_replay") ? replay_pre : none;
	char name[40], text[200];
	uint64_t t1 = 0, tk = 0;
	double rate = 0.0;
	uint32_t k = o->quick ? 1 : 1 + (uint32_t)((150 + n - 1) / n);

	snprintf(name, sizeof(name), "fuzz %.30s", tgt);
	int rc = run_replay(bin, pre, files, n, 1, &t1);
	if (rc == 0 && k > 1)
		rc = run_replay(bin, pre, files, n, k, &tk);
	if (rc != 0) {
		snprintf(text, sizeof(text), "%.64s: exited %d on %zu inputs: no figure", label, rc, n);
	} else if (k == 1) {
		rate = t1 ? (double)n * 1e9 / (double)t1 : 0.0;
		snprintf(text, sizeof(text), "%.64s: %.0f (%zu inputs once, start-up included)", label,
			 rate, n);
	} else {
		rate = tk > t1 ? (double)(k - 1) * (double)n * 1e9 / (double)(tk - t1) : 0.0;
		snprintf(text, sizeof(text), "%.64s: %.0f (%zu inputs x%u, start-up excluded)", label,
			 rate, n, k);
	}
	struct row *r = add_text_row(name, text);
	snprintf(r->bin, sizeof(r->bin), "%s", label);
	r->execs = rate;
}

/*
 * 6. Execs/s of every fuzz binary that is built, over its target's corpus:
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
					add_text_row(tgt, text);
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
		add_text_row("fuzz", "skipped: no fuzz targets built yet");
}

/* ---- output ------------------------------------------------------------------ */

static long peak_rss_kib(void)
{
	struct rusage ru;
	return getrusage(RUSAGE_SELF, &ru) ? -1 : ru.ru_maxrss;
}

struct meta {
	bool have;
	struct bb_node_info ni;
	uint32_t pages;
	int core_page_bytes; /* sizeof(struct bb_page), 0 when unknown */
};

static void fmt_ns(char *buf, size_t len, double ns)
{
	snprintf(buf, len, ns >= 100000.0 ? "%.0f" : "%.2f", ns);
}

static void print_table(const struct opts *o, const struct meta *mt, long rss)
{
	printf("\nbootbuddy bench: word size %d bits (sizeof(long)*8), median of %d reps "
	       "(+%d warm-up), %s sizes\n", (int)sizeof(long) * 8, o->reps, o->warmup,
	       o->quick ? "quick" : "full");
	printf("%-18s %-9s %12s %12s %8s %10s %7s  %s\n", "scenario", "unit", "core", "reference",
	       "ratio", "ops", "failed", "checksum");
	for (int i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];
		if (r->text[0]) {
			printf("%-18s %-9s %s\n", r->name, r->unit, r->text);
			continue;
		}
		char c[32] = "-", f[32] = "-", x[32] = "-";
		if (r->ran_core)
			fmt_ns(c, sizeof(c), r->core_ns / (double)r->ops);
		if (r->ran_ref)
			fmt_ns(f, sizeof(f), r->ref_ns / (double)r->ops);
		if (r->ran_core && r->ran_ref && r->core_ns > 0)
			snprintf(x, sizeof(x), "%.1fx", r->ref_ns / r->core_ns);
		printf("%-18s %-9s %12s %12s %8s %10" PRIu64 " %7" PRIu64 "  %016" PRIx64 "\n", r->name,
		       r->unit, c, f, x, r->ops, r->failed, r->ran_core ? r->sum_core : r->sum_ref);
	}
	if (mt->have) {
		double bits = (double)mt->ni.map_bytes * 8.0 / (double)(mt->ni.low_end_pfn - mt->ni.start_pfn);
		double mm = (double)mt->ni.mem_map_bytes / (double)(mt->ni.end_pfn - mt->ni.start_pfn);
		printf("metadata per managed page (%u-page node): bitmap %.4f bit; mem_map %.2f bytes "
		       "reserved (desc struct_page_bytes %u)", mt->pages, bits, mm, 64u);
		if (mt->core_page_bytes)
			printf("; core sizeof(struct bb_page) = %d bytes\n", mt->core_page_bytes);
		else
			printf("; core struct bb_page size unknown (core/src/page.h not usable)\n");
	}
	printf("peak RSS (core and reference together): %ld KiB\n", rss);
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static int write_json(const struct opts *o, const struct meta *mt, long rss)
{
	FILE *f = fopen(o->json, "w");
	if (!f) {
		fprintf(stderr, "bench: cannot write %s: %s\n", o->json, strerror(errno));
		return -1;
	}
	fprintf(f, "{\n  \"word_bits\": %d,\n  \"reps\": %d,\n  \"warmup\": %d,\n  \"sizes\": \"%s\",\n",
		(int)sizeof(long) * 8, o->reps, o->warmup, o->quick ? "quick" : "full");
	fprintf(f, "  \"mismatch\": %s,\n  \"peak_rss_kib\": %ld,\n", mismatch ? "true" : "false", rss);
	if (mt->have) {
		fprintf(f, "  \"metadata\": {\"node_pages\": %u, \"bitmap_bits_per_page\": %.6f, "
			"\"mem_map_bytes_per_page\": %.4f, \"struct_page_bytes_desc\": 64, "
			"\"core_struct_bb_page_bytes\": %d},\n", mt->pages,
			(double)mt->ni.map_bytes * 8.0 / (double)(mt->ni.low_end_pfn - mt->ni.start_pfn),
			(double)mt->ni.mem_map_bytes / (double)(mt->ni.end_pfn - mt->ni.start_pfn),
			mt->core_page_bytes);
	}
	fprintf(f, "  \"scenarios\": [\n");
	for (int i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];
		fprintf(f, "    {\"name\": ");
		json_str(f, r->name);
		fprintf(f, ", \"unit\": ");
		json_str(f, r->unit);
		if (r->text[0]) {
			if (r->bin[0]) {
				fprintf(f, ", \"binary\": ");
				json_str(f, r->bin);
				fprintf(f, ", \"execs_per_s\": %.1f", r->execs);
			}
			fprintf(f, ", \"text\": ");
			json_str(f, r->text);
		} else {
			fprintf(f, ", \"ops\": %" PRIu64 ", \"failed\": %" PRIu64, r->ops, r->failed);
			if (r->ran_core)
				fprintf(f, ", \"core_ns_per_op\": %.4f, \"core_ns_total\": %.0f",
					r->core_ns / (double)r->ops, r->core_ns);
			if (r->ran_ref)
				fprintf(f, ", \"reference_ns_per_op\": %.4f, \"reference_ns_total\": %.0f",
					r->ref_ns / (double)r->ops, r->ref_ns);
			if (r->ran_core && r->ran_ref && r->core_ns > 0)
				fprintf(f, ", \"ratio\": %.3f", r->ref_ns / r->core_ns);
			fprintf(f, ", \"checksum\": \"%016" PRIx64 "\"", r->ran_core ? r->sum_core : r->sum_ref);
		}
		fprintf(f, "}%s\n", i + 1 < nrows ? "," : "");
	}
	fprintf(f, "  ]\n}\n");
	return fclose(f) ? -1 : 0;
}

/* ---- main --------------------------------------------------------------------- */

static const char *const scenario_names[] = {
	"boot", "scan", "retire", "order0_empty", "order0_frag", "order0_frag_rand", "mix", "fuzz",
};
#define NSCEN (sizeof(scenario_names) / sizeof(scenario_names[0]))

static void usage(FILE *f)
{
	fprintf(f,
		"usage: bb_bench [--quick] [--reps N] [--warmup N] [--only NAME[,NAME...]]\n"
		"                [--impl both|core|reference] [--json FILE] [--fuzz-root DIR]\n"
		"  --quick, --tiny  tiny sizes (the ctest smoke run); timings mean little\n"
		"  --reps N         repetitions, the median is shown (default 5; 1..101)\n"
		"  --warmup N       untimed repetitions first (default 1)\n"
		"  --only LIST      scenarios: boot scan retire order0_empty order0_frag\n"
		"                   order0_frag_rand mix fuzz (comma-separated)\n"
		"  --impl WHICH     run only one side (no comparison), e.g. under callgrind\n"
		"  --json FILE      also write the results as JSON\n"
		"  --fuzz-root DIR  where build/<preset>/fuzz/ and corpus/ are (default .)\n"
		"Exit status: 0 ok, 1 MISMATCH or setup failure, 2 usage.\n");
}

static bool selected(const struct opts *o, const char *name)
{
	if (!o->only)
		return true;
	size_t n = strlen(name);
	for (const char *s = o->only; *s;) {
		const char *e = strchr(s, ',');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (len == n && strncmp(s, name, n) == 0)
			return true;
		if (!e)
			break;
		s = e + 1;
	}
	return false;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = { .reps = 5, .warmup = 1, .impl = SEL_BOTH, .fuzz_root = "." };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--quick") || !strcmp(a, "--tiny")) {
			o.quick = true;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--reps") && v && !parse_int(v, 1, 101, &o.reps)) {
			i++;
		} else if (!strcmp(a, "--warmup") && v && !parse_int(v, 0, 100, &o.warmup)) {
			i++;
		} else if (!strcmp(a, "--only") && v) {
			o.only = v;
			i++;
		} else if (!strcmp(a, "--json") && v) {
			o.json = v;
			i++;
		} else if (!strcmp(a, "--fuzz-root") && v) {
			o.fuzz_root = v;
			i++;
		} else if (!strcmp(a, "--impl") && v) {
			if (!strcmp(v, "both"))
				o.impl = SEL_BOTH;
			else if (!strcmp(v, "core"))
				o.impl = SEL_CORE;
			else if (!strcmp(v, "reference") || !strcmp(v, "ref"))
				o.impl = SEL_REF;
			else {
				fprintf(stderr, "bb_bench: --impl wants both, core or reference\n");
				return 2;
			}
			i++;
		} else {
			fprintf(stderr, "bb_bench: bad argument '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}
	if (o.only) {
		for (const char *s = o.only; *s;) {
			const char *e = strchr(s, ',');
			size_t len = e ? (size_t)(e - s) : strlen(s);
			bool ok = false;
			for (size_t k = 0; k < NSCEN; k++)
				ok |= strlen(scenario_names[k]) == len && !strncmp(s, scenario_names[k], len);
			if (!ok) {
				fprintf(stderr, "bb_bench: unknown scenario in --only '%s'\n", o.only);
				return 2;
			}
			if (!e)
				break;
			s = e + 1;
		}
	}

	struct params p = {
		.boot_pages = 1u << 20, .boot_allocs = 10000,
		.scan_pages = 262144, .scan_batches = 16, .scan_allocs = 64,
		.retire_pages = 1u << 20, .zone_pages = 262144,
		.pairs = 1000000, .mix_ops = 1000000,
	};
	if (o.quick)
		p = (struct params){
			.boot_pages = 65536, .boot_allocs = 500,
			.scan_pages = 32768, .scan_batches = 2, .scan_allocs = 32,
			.retire_pages = 65536, .zone_pages = 32768,
			.pairs = 20000, .mix_ops = 20000,
		};

	bench_buf = xcalloc(BB_MAX_PFN + 1, sizeof(*bench_buf));
	bench_pfns = xcalloc(BB_MAX_PFN + 1, sizeof(*bench_pfns));
	bench_orders = xcalloc(BB_MAX_PFN + 1, sizeof(*bench_orders));
	uint32_t nz = (p.boot_allocs > p.scan_allocs ? p.boot_allocs : p.scan_allocs) + 1;
	bench_zphys = xcalloc(nz, sizeof(*bench_zphys));
	bench_zsize = xcalloc(nz, sizeof(*bench_zsize));

	struct boot_plan bp;
	struct scan_plan sp;
	struct zone_plan zp;
	make_boot_plan(&bp, &p);
	make_scan_plan(&sp, &p);
	make_zone_plan(&zp, &p);

	if (selected(&o, "boot")) {
		static const char *const n[] = {"boot", "boot_alloc", "boot_alloc_zero", "boot_zero"};
		static const char *const u[] = {"ns/boot", "ns/alloc", "ns/alloc", "ns/boot"};
		run_scenario(&o, "boot", u, n, 4, 4u | 8u, &bp, c_boot, r_boot);
	}
	if (selected(&o, "scan")) {
		static const char *const n[] = {"scan", "scan_zero"};
		static const char *const u[] = {"ns/alloc", "ns/alloc"};
		run_scenario(&o, "scan", u, n, 2, 2u, &sp, c_scan, r_scan);
	}
	if (selected(&o, "retire")) {
		static const char *const n[] = {"retire"}, *const u[] = {"ns/page"};
		run_scenario(&o, "retire", u, n, 1, 0u, &zp, c_retire, r_retire);
	}
	if (selected(&o, "order0_empty")) {
		static const char *const n[] = {"order0_empty"}, *const u[] = {"ns/pair"};
		run_scenario(&o, "order0_empty", u, n, 1, 0u, &zp, c_order0_empty, r_order0_empty);
	}
	if (selected(&o, "order0_frag")) {
		static const char *const n[] = {"order0_frag"}, *const u[] = {"ns/pair"};
		run_scenario(&o, "order0_frag", u, n, 1, 0u, &zp, c_order0_frag, r_order0_frag);
	}
	if (selected(&o, "order0_frag_rand")) {
		static const char *const n[] = {"order0_frag_rand"}, *const u[] = {"ns/pair"};
		run_scenario(&o, "order0_frag_rand", u, n, 1, 0u, &zp, c_order0_frag_rand,
			     r_order0_frag_rand);
	}
	if (selected(&o, "mix")) {
		static const char *const n[] = {"mix"}, *const u[] = {"ns/op"};
		run_scenario(&o, "mix", u, n, 1, 0u, &zp, c_mix, r_mix);
	}
	if (selected(&o, "fuzz"))
		run_fuzz(&o);

	/* Metadata: the retire machine's node once mem_map exists. */
	struct meta mt = { .pages = zp.retire.phys_pages };
#if defined(BENCH_HAVE_PAGE_H)
	mt.core_page_bytes = (int)sizeof(struct bb_page);
#endif
	if (o.impl != SEL_REF) {
		bcore_s_meta(&zp, &mt.ni);
		mt.have = true;
		if (o.impl == SEL_BOTH) {
			struct bb_node_info rn;
			bref_s_meta(&zp, &rn);
			if (rn.map_bytes != mt.ni.map_bytes || rn.mem_map_bytes != mt.ni.mem_map_bytes ||
			    rn.mem_map_phys != mt.ni.mem_map_phys) {
				printf("MISMATCH in metadata: node_info differs between core and reference\n");
				mismatch = true;
			}
		}
	}

	long rss = peak_rss_kib();
	bool json_failed = false;
	print_table(&o, &mt, rss);
	if (o.json) {
		if (write_json(&o, &mt, rss))
			json_failed = true;
		else
			printf("json: %s\n", o.json);
	}
	free(bp.ops);
	for (uint32_t b = 0; b < sp.nbatches; b++)
		free(sp.batches[b].allocs);
	free(sp.batches);
	free(zp.rnd);
	free(bench_buf);
	free(bench_pfns);
	free(bench_orders);
	free(bench_zphys);
	free(bench_zsize);
	if (core_arena)
		munmap(core_arena, (size_t)core_arena_bytes);
	if (mismatch) {
		printf("MISMATCH: core and reference disagree; the timings above compare different work\n");
		return 1;
	}
	return json_failed ? 1 : 0;
}
