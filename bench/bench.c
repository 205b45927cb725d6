/* SPDX-License-Identifier: MIT */
/*
 * bench.c - core/ against reference/, scenario by scenario, in one run: the
 * options, the repetitions, the comparison and the report (table and JSON).
 *
 * The scenarios live one family per file (bootmem.c, retire.c, buddy.c,
 * fuzz_rate.c), each planned once from fixed seeds and run on the core and
 * on the reference with direct calls (sides.h). Each side folds every
 * result and its end state into a checksum; the two must agree, repetition
 * after repetition, or the run prints MISMATCH and exits 1: timing two
 * allocators that disagree means nothing. The table shows the median of
 * --reps repetitions. Timings are printed, never asserted. See docs/BENCH.md.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bootbuddy.h"
#if defined(BENCH_HAVE_PAGE_H)
#include "page.h" /* core/src/page.h: PAGE_META_BYTES only */
#endif

#include "bench.h"
#include "order.h"

/* ---- rows ------------------------------------------------------------------ */

/* One row of the table. */
struct row {
	const char *name, *unit;
	bool ran_core, ran_ref, ran_base, ran_unc;
	uint64_t ops, failed;
	double core_ns, ref_ns, base_ns, unc_ns; /* median total ns of the timed loops */
	double core_min, core_max, base_min, base_max, unc_min, unc_max;
	double pair_med, pair_min, pair_max; /* core / 2.4 within each repetition: median, min, max */
	uint64_t sum_core, sum_ref, sum24;
	char namebuf[40];
	char bin[64];           /* fuzz rows: the binary, preset/name */
	double execs;           /* fuzz rows: execs/s, 0 when there is no figure */
	char text[200];         /* a row that is only text (fuzz figures, skips) */
};

#define MAX_ROWS 128
#define BENCH_MAX_REPS 101
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

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/*
 * The core's time over the baseline's within each repetition (the two ran
 * one after the other, so a slow minute of a shared machine slows both):
 * their median, min and max into @r. Before median() sorts the arrays.
 */
static void paired_ratios(const uint64_t *core, const uint64_t *base, int n, struct row *r)
{
	double q[BENCH_MAX_REPS];
	int m = 0;

	for (int i = 0; i < n; i++)
		if (base[i])
			q[m++] = (double)core[i] / (double)base[i];
	if (!m)
		return;
	qsort(q, (size_t)m, sizeof(*q), cmp_double);
	r->pair_med = m % 2 ? q[m / 2] : (q[m / 2 - 1] + q[m / 2]) / 2.0;
	r->pair_min = q[0];
	r->pair_max = q[m - 1];
}

void bench_text_row(const char *name, const char *text, const char *binary, double execs)
{
	if (nrows >= MAX_ROWS)
		return;
	struct row *r = &rows[nrows++];
	memset(r, 0, sizeof(*r));
	snprintf(r->namebuf, sizeof(r->namebuf), "%s", name);
	r->name = r->namebuf;
	r->unit = "execs/s";
	snprintf(r->text, sizeof(r->text), "%s", text);
	if (binary)
		snprintf(r->bin, sizeof(r->bin), "%s", binary);
	r->execs = execs;
}

/* ---- running and comparing ---------------------------------------------------- */

static double min_of(const uint64_t *v, int n)
{
	uint64_t m = v[0];
	for (int i = 1; i < n; i++)
		m = v[i] < m ? v[i] : m;
	return (double)m;
}

static double max_of(const uint64_t *v, int n)
{
	uint64_t m = v[0];
	for (int i = 1; i < n; i++)
		m = v[i] > m ? v[i] : m;
	return (double)m;
}

enum { CORE, UNCHK, BASE, REF, NSIDES };
static const char *const side_names[NSIDES] = { "core", "core unchecked", "2.4 transcription", "reference" };

/* The first checksum seen is kept in *@first; every later one must equal it. */
static void agree(const char *scen, const char *what, int side, int rep, uint64_t got, bool *have,
		  uint64_t *first)
{
	if (!*have) {
		*first = got;
		*have = true;
	} else if (got != *first) {
		printf("MISMATCH in %s: %s %s %016" PRIx64 " (repetition %d) differs from %016" PRIx64 "\n",
		       scen, side_names[side], what, got, rep, *first);
		mismatch = true;
	}
}

/*
 * Run one scenario: warm-up repetitions, then reps, each on core, the 2.4
 * transcription (when the scenario has it) and reference, interleaved so
 * that drift in the machine's speed hits all alike. Every checksum must
 * equal the first: core against reference and every repetition against
 * the others on sum, all three sides on sum24.
 */
static void run_scenario(const struct opts *o, const struct bench_scenario *scen)
{
	static uint64_t ns[NSIDES][BENCH_MAX_METRICS][BENCH_MAX_REPS];
	void (*const fn[NSIDES])(struct sample *) = { scen->core, scen->unchecked, scen->base, scen->ref };
	bool on[NSIDES] = {
		[CORE] = o->impl == SEL_BOTH || o->impl == SEL_CORE,
		[UNCHK] = scen->unchecked && (o->impl == SEL_BOTH || o->impl == SEL_UNCHECKED),
		[BASE] = scen->base && (o->impl == SEL_BOTH || o->impl == SEL_BASE),
		[REF] = o->impl == SEL_BOTH || o->impl == SEL_REF,
	};
	int running[NSIDES], nrun = 0;
	for (int side = 0; side < NSIDES; side++)
		if (on[side])
			running[nrun++] = side;
	uint64_t sum0 = 0, sum24 = 0, sums[NSIDES] = {0};
	uint64_t ops[BENCH_MAX_METRICS] = {0}, failed[BENCH_MAX_METRICS] = {0};
	bool have_sum = false, have_sum24 = false;

	fprintf(stderr, "bench: %s ...\n", scen->name);
	for (int rep = -o->warmup; rep < o->reps; rep++) {
		for (int i = 0; i < nrun; i++) {
			int side = running[bench_side_at(rep + o->warmup, i, nrun)];
			struct sample s;

			memset(&s, 0, sizeof(s));
			fn[side](&s);
			if (side != BASE) { /* the baseline has no whole state to fold */
				sums[side] = s.sum;
				agree(scen->name, "checksum", side, rep, s.sum, &have_sum, &sum0);
			}
			agree(scen->name, "free-list checksum", side, rep, s.sum24, &have_sum24, &sum24);
			for (int k = 0; k < scen->nmetrics; k++) {
				if (s.ops[k]) { /* a side that times only some rows leaves the others 0 */
					ops[k] = s.ops[k];
					failed[k] = s.failed[k];
				}
				if (rep >= 0)
					ns[side][k][rep] = s.ns[k];
			}
		}
	}
	for (int k = 0; k < scen->nmetrics && nrows < MAX_ROWS; k++) {
		struct row *r = &rows[nrows++];
		memset(r, 0, sizeof(*r));
		r->name = scen->rows[k];
		r->unit = scen->units[k];
		r->ops = ops[k];
		r->failed = failed[k];
		r->ran_core = on[CORE];
		r->ran_ref = on[REF] && !(scen->core_only >> k & 1);
		r->ran_base = on[BASE] && !(scen->core_only >> k & 1);
		r->ran_unc = on[UNCHK];
		r->sum_core = sums[CORE];
		r->sum_ref = sums[REF];
		r->sum24 = sum24;
		if (r->ran_core && r->ran_base)
			paired_ratios(ns[CORE][k], ns[BASE][k], o->reps, r);
		if (r->ran_core) {
			r->core_min = min_of(ns[CORE][k], o->reps);
			r->core_max = max_of(ns[CORE][k], o->reps);
			r->core_ns = median(ns[CORE][k], o->reps);
		}
		if (r->ran_ref)
			r->ref_ns = median(ns[REF][k], o->reps);
		if (r->ran_base) {
			r->base_min = min_of(ns[BASE][k], o->reps);
			r->base_max = max_of(ns[BASE][k], o->reps);
			r->base_ns = median(ns[BASE][k], o->reps);
		}
		if (r->ran_unc) {
			r->unc_min = min_of(ns[UNCHK][k], o->reps);
			r->unc_max = max_of(ns[UNCHK][k], o->reps);
			r->unc_ns = median(ns[UNCHK][k], o->reps);
		}
	}
}

/* ---- output ------------------------------------------------------------------ */

static long peak_rss_kib(void)
{
	struct rusage ru;
	return getrusage(RUSAGE_SELF, &ru) ? -1 : ru.ru_maxrss;
}

static void fmt_ns(char *buf, size_t len, double ns)
{
	snprintf(buf, len, ns >= 100000.0 ? "%.0f" : "%.2f", ns);
}

static double spread(double min, double max, double med)
{
	return med > 0 ? (max - min) / med : 0.0;
}

/* The rows measured on the 2.4 transcription too: the core against it. */
static void print_baseline(const struct opts *o)
{
	bool any = false;
	for (int i = 0; i < nrows; i++)
		any |= rows[i].ran_base;
	if (!any)
		return;
	printf("\ncore against the 2.4 transcriptions (bench/baseline24.c: buddy; bench/bootmem24.c: the bootmem scan "
	       "bit at a time), ns per op, %d reps interleaved; spread = (max - min) / median; core/2.4: of the medians;\n"
	       "paired: the median (min-max) of core/2.4 within each repetition, where both ran back to back; unchk: the\n"
	       "core's alloc_pages and free_pages without the checks of SPEC 0 and 6.4 (bench/unchecked.h), what those cost\n",
	       o->reps);
	printf("%-18s %-9s %10s %10s %10s %10s %9s %-18s %8s %8s %10s %10s  %s\n", "workload", "unit", "core med",
	       "core min", "2.4 med", "2.4 min", "core/2.4", "paired", "c sprd", "2.4 sprd", "unchk med", "unchk/2.4",
	       "free-list checksum");
	for (int i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];
		if (!r->ran_base)
			continue;
		double n = (double)r->ops;
		char cm[32] = "-", cn[32] = "-", x[32] = "-", cs[32] = "-", pr[48] = "-";
		if (r->ran_core) {
			fmt_ns(cm, sizeof(cm), r->core_ns / n);
			fmt_ns(cn, sizeof(cn), r->core_min / n);
			snprintf(cs, sizeof(cs), "%.2f", spread(r->core_min, r->core_max, r->core_ns));
			if (r->base_ns > 0)
				snprintf(x, sizeof(x), "%.3g", r->core_ns / r->base_ns);
			if (r->pair_med > 0)
				snprintf(pr, sizeof(pr), "%.3g (%.2f-%.2f)", r->pair_med, r->pair_min, r->pair_max);
		}
		char bm[32], bn[32], um[32] = "-", ux[32] = "-";
		fmt_ns(bm, sizeof(bm), r->base_ns / n);
		fmt_ns(bn, sizeof(bn), r->base_min / n);
		if (r->ran_unc) {
			fmt_ns(um, sizeof(um), r->unc_ns / n);
			if (r->base_ns > 0)
				snprintf(ux, sizeof(ux), "%.3g", r->unc_ns / r->base_ns);
		}
		printf("%-18s %-9s %10s %10s %10s %10s %9s %-18s %8s %8.2f %10s %10s  %016" PRIx64 "\n", r->name,
		       r->unit, cm, cn, bm, bn, x, pr, cs, spread(r->base_min, r->base_max, r->base_ns), um, ux, r->sum24);
	}
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
			printf("; core uses %d bytes a page (links and state)\n", mt->core_page_bytes);
		else
			printf("; core bytes a page unknown (core/src/page.h not usable)\n");
	}
	print_baseline(o);
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
			"\"core_page_meta_bytes\": %d},\n", mt->pages,
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
			if (r->ran_base) {
				double n = (double)r->ops;
				fprintf(f, ", \"baseline_ns_per_op\": %.4f, \"baseline_min_ns_per_op\": %.4f, "
					"\"baseline_spread\": %.4f, \"free_list_checksum\": \"%016" PRIx64 "\"",
					r->base_ns / n, r->base_min / n, spread(r->base_min, r->base_max, r->base_ns), r->sum24);
				if (r->ran_core)
					fprintf(f, ", \"core_min_ns_per_op\": %.4f, \"core_spread\": %.4f, "
						"\"core_over_baseline\": %.4f, \"core_over_baseline_paired\": %.4f, "
						"\"core_over_baseline_paired_min\": %.4f, \"core_over_baseline_paired_max\": %.4f",
						r->core_min / n, spread(r->core_min, r->core_max, r->core_ns),
						r->core_ns / r->base_ns, r->pair_med, r->pair_min, r->pair_max);
				if (r->ran_unc)
					fprintf(f, ", \"unchecked_ns_per_op\": %.4f, \"unchecked_min_ns_per_op\": %.4f, "
						"\"unchecked_spread\": %.4f, \"unchecked_over_baseline\": %.4f",
						r->unc_ns / n, r->unc_min / n, spread(r->unc_min, r->unc_max, r->unc_ns),
						r->unc_ns / r->base_ns);
			}
		}
		fprintf(f, "}%s\n", i + 1 < nrows ? "," : "");
	}
	fprintf(f, "  ]\n}\n");
	return fclose(f) ? -1 : 0;
}

/* ---- main --------------------------------------------------------------------- */

/* The scenario files, in table order. */
static const struct bench_family *const families[] = {
	&bench_bootmem, &bench_retire, &bench_buddy, &bench_fuzz,
};
#define NFAMILIES (sizeof(families) / sizeof(families[0]))

static bool known_scenario(const char *s, size_t len)
{
	for (size_t f = 0; f < NFAMILIES; f++)
		for (int k = 0; k < families[f]->nscenarios; k++) {
			const char *name = families[f]->scenarios[k].name;
			if (strlen(name) == len && !strncmp(s, name, len))
				return true;
		}
	return false;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: bb_bench [--quick] [--reps N] [--warmup N] [--only NAME[,NAME...]]\n"
		"                [--impl both|core|reference|baseline|unchecked] [--json FILE] [--fuzz-root DIR]\n"
		"  --quick, --tiny  tiny sizes (the ctest smoke run); timings mean little\n"
		"  --reps N         repetitions, the median is shown (default 5; 1..101)\n"
		"  --warmup N       untimed repetitions first (default 1)\n"
		"  --only LIST      scenarios: boot scan scan_bits retire order0_empty\n"
		"                   order0_frag order0_frag_rand fill_free mix fuzz (comma-separated)\n"
		"  --impl WHICH     run only one side (core, reference, baseline: the 2.4\n"
		"                   transcription of the buddy scenarios, or unchecked: the core\n"
		"                   without alloc_pages' and free_pages' checks), e.g. under callgrind;\n"
		"                   both (the default): every side, compared\n"
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
		} else if (!strcmp(a, "--reps") && v && !parse_int(v, 1, BENCH_MAX_REPS, &o.reps)) {
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
			else if (!strcmp(v, "baseline"))
				o.impl = SEL_BASE;
			else if (!strcmp(v, "unchecked"))
				o.impl = SEL_UNCHECKED;
			else {
				fprintf(stderr, "bb_bench: --impl wants both, core, reference, baseline or unchecked\n");
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
			if (!known_scenario(s, len)) {
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
	for (size_t f = 0; f < NFAMILIES; f++)
		if (families[f]->plan)
			families[f]->plan(&p);
	for (size_t f = 0; f < NFAMILIES; f++)
		for (int k = 0; k < families[f]->nscenarios; k++) {
			const struct bench_scenario *scen = &families[f]->scenarios[k];
			if (!selected(&o, scen->name))
				continue;
			if (scen->run)
				scen->run(&o);
			else
				run_scenario(&o, scen);
		}

	struct meta mt = {0};
#if defined(BENCH_HAVE_PAGE_H)
	mt.core_page_bytes = (int)PAGE_META_BYTES;
#endif
	bench_metadata(o.impl, &mt);
	if (mt.mismatch) {
		printf("MISMATCH in metadata: node_info differs between core and reference\n");
		mismatch = true;
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
	for (size_t f = 0; f < NFAMILIES; f++)
		if (families[f]->release)
			families[f]->release();
	free(bench_buf);
	if (mismatch) {
		printf("MISMATCH: core and reference disagree; the timings above compare different work\n");
		return 1;
	}
	return json_failed ? 1 : 0;
}
