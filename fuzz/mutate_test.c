/* SPDX-License-Identifier: MIT */
/*
 * mutate_test.c - the program mutator fuzzed (ctest mutator_round_trip):
 * random byte strings and corpus entries of every target go through
 * mutate_program with random seeds, alone and spliced in pairs, and every
 * output must fit the limit, decode to exactly the program it was written
 * from (decode it, write it again the same way: the same bytes), run clean on core and
 * reference, and come out the same again for the same seed.
 *
 * With --afl DIR the mutations come from AFL++'s libraries instead
 * (DIR/afl_mutator_<target>.so, mutate_afl.c, loaded as afl-fuzz loads
 * them): the same checks, determinism meaning two mutators started with
 * the same seed give the same outputs.
 *
 * usage: mutate_test [--afl DIR] CORPUS_DIR [ROUNDS]. Exit 0 pass, 1 a
 * failure, 2 bad usage (or a library that does not load).
 */
#define _DEFAULT_SOURCE /* scandir, alphasort */
#define _FILE_OFFSET_BITS 64 /* scandir on 32-bit builds: 64-bit inode numbers (it fails without) */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "memo.h"
#include "mutate.h"

#define MAX_IN 4096
#define MAX_SEEDS 64

static uint8_t seeds[TARGET_COUNT][MAX_SEEDS][MAX_IN];
static size_t seed_len[TARGET_COUNT][MAX_SEEDS];
static int nseeds[TARGET_COUNT];
static int failures, checked, refused, fell_back;

static uint64_t rnd_state = 0x5eed;
static uint32_t rnd(uint32_t n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return n ? (uint32_t)(rnd_state % n) : 0;
}

/* A few corpus entries per target, the first MAX_SEEDS in name order. */
static void load(const char *root, enum target_id t)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/%s", root, target_name(t));
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) { /* every check below would pass on random bytes alone */
		fprintf(stderr, "mutate_test: %s: %s\n", dir, strerror(errno));
		exit(2);
	}
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.' && nseeds[t] < MAX_SEEDS) {
			char path[8192];
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			FILE *f = fopen(path, "rb");
			if (f) {
				size_t len = fread(seeds[t][nseeds[t]], 1, MAX_IN, f);
				if (len > 0 && len < MAX_IN && !ferror(f))
					seed_len[t][nseeds[t]++] = len;
				fclose(f);
			}
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

static size_t pick(enum target_id t, uint8_t *buf);
static int exports_only_afl_api(void *h, const char *path);

/* AFL++'s custom mutator API, as mutate_afl.c exports it. */
struct afl_api {
	void *(*init)(void *afl, unsigned int seed);
	size_t (*fuzz)(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf, uint8_t *add_buf,
		       size_t add_buf_size, size_t max_size);
	void (*deinit)(void *data);
};
static struct afl_api afl[TARGET_COUNT];
static int use_afl;

static int load_afl(const char *dir, enum target_id t)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/afl_mutator_%s.so", dir, target_name(t));
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		fprintf(stderr, "mutate_test: %s\n", dlerror());
		return 0;
	}
	*(void **)&afl[t].init = dlsym(h, "afl_custom_init");
	*(void **)&afl[t].fuzz = dlsym(h, "afl_custom_fuzz");
	*(void **)&afl[t].deinit = dlsym(h, "afl_custom_deinit");
	if (!afl[t].init || !afl[t].fuzz || !afl[t].deinit) {
		fprintf(stderr, "mutate_test: %s lacks afl_custom_init, _fuzz or _deinit\n", path);
		return 0;
	}
	return exports_only_afl_api(h, path);
}

/*
 * AFL++'s own pattern, per target: one mutator state, many calls with its
 * 1 MiB limit, over a few inputs, each several times in a row (as its
 * custom stage does). Two states started with one seed must give the same
 * sequence, and the libraries must export nothing but the afl_custom_*
 * symbols (their copies of the harness would otherwise clash with afl-fuzz
 * or each other).
 */
static int afl_sequences(void)
{
	enum { CALLS = 60, LIMIT = 1 << 20 };
	static uint8_t in[MAX_IN], other[MAX_IN], first[CALLS][MAX_IN];
	static size_t first_n[CALLS];
	int bad = 0;
	for (int t = 0; t < TARGET_COUNT; t++) {
		for (int pass = 0; pass < 2; pass++) {
			void *st = afl[t].init(NULL, 7);
			uint64_t keep_state = rnd_state;
			rnd_state = 0xa11 + (uint64_t)t; /* the same inputs on both passes */
			size_t na = 0, nb = 0;
			for (int i = 0; i < CALLS; i++) {
				if (i % 10 == 0) {
					na = pick((enum target_id)t, in);
					nb = pick((enum target_id)t, other);
				}
				uint8_t *o = NULL;
				size_t n = afl[t].fuzz(st, in, na, &o, other, nb, LIMIT);
				if (!o || n > MAX_IN) {
					printf("FAIL %s: call %d gave %s\n", target_name((enum target_id)t), i,
					       o ? "more than 4096 bytes" : "no out_buf");
					bad = 1;
					break;
				}
				if (pass == 0) {
					memcpy(first[i], o, n);
					first_n[i] = n;
				} else if (n != first_n[i] || memcmp(first[i], o, n)) {
					printf("FAIL %s: call %d differs between two mutators started with one seed\n",
					       target_name((enum target_id)t), i);
					bad = 1;
					break;
				}
			}
			rnd_state = keep_state;
			afl[t].deinit(st);
		}
	}
	return bad;
}

static int exports_only_afl_api(void *h, const char *path)
{
	static const char *inner[] = {"exec_input", "mutate_program", "bb_alloc_pages", "ref_create", "decode_op"};
	for (size_t i = 0; i < sizeof(inner) / sizeof(inner[0]); i++)
		if (dlsym(h, inner[i])) {
			fprintf(stderr, "mutate_test: %s exports %s\n", path, inner[i]);
			return 0;
		}
	return 1;
}

/* One mutation through a fresh AFL++ mutator started with @seed; 0 when it skipped. */
static size_t afl_mutate(enum target_id t, uint8_t *a, size_t na, uint8_t *b, size_t nb, uint8_t *out, size_t max,
			 unsigned seed)
{
	void *st = afl[t].init(NULL, seed);
	if (!st)
		return 0;
	uint8_t *o = NULL;
	size_t n = afl[t].fuzz(st, a, na, &o, b, nb, max);
	if (!o) { /* afl-fuzz stops on that */
		printf("FAIL %s seed %u: out_buf left NULL\n", target_name(t), seed);
		exit(1);
	}
	if (n && n <= MAX_IN)
		memcpy(out, o, n);
	afl[t].deinit(st);
	return n;
}

static void fail(enum target_id t, const char *what, uint64_t seed)
{
	if (failures++ < 10)
		printf("FAIL %s seed %llu: %s\n", target_name(t), (unsigned long long)seed, what);
}

/* An input: a corpus entry, or random bytes (the decoder takes anything). */
static size_t pick(enum target_id t, uint8_t *buf)
{
	if (nseeds[t] && rnd(3)) {
		int i = (int)rnd((uint32_t)nseeds[t]);
		memcpy(buf, seeds[t][i], seed_len[t][i]);
		return seed_len[t][i];
	}
	size_t n = rnd(300);
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)rnd(256);
	return n;
}

/* Whether a buddy input's run gets through its boot: every node it
 * initialises retired and its highmem added, as the target's inputs are. */
static int boots(const uint8_t *data, size_t n)
{
	static struct exec_record rec;
	struct exec_opts o = {.target = TARGET_BUDDY, .keep_going = 1, .quiet = 1, .record = &rec, .reference_only = 1};
	struct exec_result r;
	unsigned inited = 0, highmem = 0;
	rec.n = 0;
	exec_input(data, n, &o, &r);
	for (int i = 0; i < rec.n; i++) {
		unsigned bit = rec.op[i].arg[0] >= 0 && rec.op[i].arg[0] < 32 ? 1u << rec.op[i].arg[0] : 0;
		if (rec.op[i].id == OP_init_bootmem_node && !rec.ret[i])
			inited |= bit;
		if (rec.op[i].id == OP_add_highmem_node && !rec.ret[i])
			highmem |= bit;
	}
	return inited && highmem == inited;
}

/*
 * The buddy target's inputs boot to the end, and its edits must keep it so
 * (a machine edit boots the new machine again): twenty edits in a row from
 * each corpus entry that boots, and nine in ten of the ends still boot.
 * Before the reboot (2026-12-02) 82% did, and in a fuzzing run most of the
 * buddy corpus never reached the buddy allocator.
 */
static void buddy_keeps_booting(void)
{
	static uint8_t cur[MAX_IN], out[MAX_IN];
	int from = 0, still = 0;
	uint64_t seed = 1;
	for (int i = 0; i < nseeds[TARGET_BUDDY]; i++) {
		size_t n = seed_len[TARGET_BUDDY][i];
		memcpy(cur, seeds[TARGET_BUDDY][i], n);
		if (!boots(cur, n))
			continue;
		for (int k = 0; k < 20; k++) {
			size_t m = mutate_program(cur, n, NULL, 0, TARGET_BUDDY, out, MAX_IN, seed++);
			if (m) {
				memcpy(cur, out, m);
				n = m;
			}
		}
		from++;
		still += boots(cur, n);
	}
	printf("buddy: %d of %d inputs that boot still boot after 20 edits\n", still, from);
	/* ci/test's isolated i386 run loaded no buddy corpus entry that boots
	 * (900 checked, 2 refused: random inputs only): nothing to measure then. */
	if (!from)
		printf("buddy: no corpus input boots in this build: the check did not run\n");
	else if (still * 10 < from * 9) {
		printf("FAIL: the buddy target's edits break its boot\n");
		failures++;
	}
}

/* The table the mutator keeps its decodes in: a value only for exactly its
 * key and bytes, replaced in place, nothing over the size bound. */
static void memo_works(void)
{
	static uint8_t big[40000];
	const uint8_t a[3] = {1, 2, 3}, b[3] = {1, 2, 4};
	const uint64_t v = 42, w = 43;
	size_t len = 0;
	memo_put(7, a, sizeof(a), &v, sizeof(v));
	const void *p = memo_get(7, a, sizeof(a), &len);
	if (!p || len != sizeof(v) || memcmp(p, &v, sizeof(v)))
		printf("FAIL memo: the value kept is not returned\n"), failures++;
	if (memo_get(7, b, sizeof(b), &len) || memo_get(8, a, sizeof(a), &len) || memo_get(7, a, 2, &len))
		printf("FAIL memo: a value for other bytes or another key\n"), failures++;
	memo_put(7, a, sizeof(a), &w, sizeof(w));
	p = memo_get(7, a, sizeof(a), &len);
	if (!p || memcmp(p, &w, sizeof(w)))
		printf("FAIL memo: a second value for the same bytes does not replace the first\n"), failures++;
	memo_put(7, big, sizeof(big), &v, sizeof(v));
	if (memo_get(7, big, sizeof(big), &len))
		printf("FAIL memo: an entry over the size bound was kept\n"), failures++;
}

/*
 * A target's run, learned (mutate_learn), is the decode the mutator would
 * make itself: for every corpus entry, a mutation from the mutator's own
 * decode equals the same mutation from the decode a run left behind, a run
 * from the boot cache included (its record of the setup is the kept one).
 */
static void learned_decode_is_decode(void)
{
	static uint8_t own[MAX_IN], learned[MAX_IN];
	int compared = 0, reference_hits = 0;
	for (int t = 0; t < TARGET_COUNT; t++)
		for (int i = 0; i < nseeds[t]; i++) {
			const uint8_t *x = seeds[t][i];
			size_t n = seed_len[t][i];
			uint64_t seed = (uint64_t)i * 7919 + 1;
			size_t n1 = mutate_program(x, n, NULL, 0, (enum target_id)t, own, sizeof(own), seed);
			struct exec_result r;
			for (int run = 0; run < 2; run++) { /* the second starts from the boot cache */
				struct exec_opts o = {.target = (enum target_id)t, .keep_going = 1, .quiet = 1,
						      .boot_cache = 1, .record = mutate_record()};
				if (exec_input(x, n, &o, &r))
					break;
				mutate_learn(x, n, (enum target_id)t, &r);
				if (!run) { /* the mutator's own decode from the boot that run kept */
					static struct text_program booted, from_cache;
					exec_forget_boot();
					int b = mutate_decode(x, n, (enum target_id)t, &booted);
					if (exec_input(x, n, &o, &r))
						break;
					unsigned long before = exec_boot_cache_hits();
					int c = mutate_decode(x, n, (enum target_id)t, &from_cache);
					reference_hits += exec_boot_cache_hits() > before;
					if (b != c || booted.nops != from_cache.nops ||
					    memcmp(booted.ops, from_cache.ops, sizeof(booted.ops[0]) * (size_t)booted.nops))
						fail((enum target_id)t, "a decode from the boot cache is not the decode from a boot", seed);
				}
				size_t n2 = mutate_program(x, n, NULL, 0, (enum target_id)t, learned, sizeof(learned), seed);
				compared++;
				if (n2 != n1 || memcmp(own, learned, n1)) {
					fail((enum target_id)t, run ? "a learned decode (run from the boot cache) is not the mutator's own"
								    : "a learned decode is not the mutator's own", seed);
					break;
				}
			}
		}
	if (reference_hits == 0)
		printf("FAIL learned decodes: no decode started from the boot cache\n"), failures++;
	if (exec_boot_cache_hits() == 0 || compared == 0)
		printf("FAIL learned decodes: nothing compared (%d) or no run from the boot cache\n", compared), failures++;
}

static void one(enum target_id t, int splice)
{
	static uint8_t a[MAX_IN], b[MAX_IN], out[MAX_IN], again[MAX_IN], re[MAX_IN];
	static struct text_program prog;
	size_t na = pick(t, a), nb = splice ? pick(t, b) : 0, max = 64 + rnd(MAX_IN - 64);
	uint64_t seed = ((uint64_t)rnd(1u << 30) << 32) | rnd(1u << 30);

	size_t n = use_afl ? afl_mutate(t, a, na, splice ? b : NULL, nb, out, max, (unsigned)seed)
			   : mutate_program(a, na, splice ? b : NULL, nb, t, out, max, seed);
	if (!n) {
		fell_back++;
		return;
	}
	checked++;
	if (n > max) {
		fail(t, "output longer than the limit", seed);
		return;
	}
	size_t n2 = use_afl ? afl_mutate(t, a, na, splice ? b : NULL, nb, again, max, (unsigned)seed)
			    : mutate_program(a, na, splice ? b : NULL, nb, t, again, max, seed);
	if (n2 != n || memcmp(out, again, n))
		fail(t, "not deterministic for its seed", seed);
	struct exec_opts o = {.target = t, .keep_going = 1};
	struct exec_result r;
	if (exec_input(out, n, &o, &r)) {
		char msg[256];
		snprintf(msg, sizeof(msg), "the mutated program is a finding: %s", r.signature);
		fail(t, msg, seed);
		return;
	}
	if (!mutate_decode(out, n, t, &prog)) {
		refused++; /* a refused machine runs nothing: only its description round-trips */
		return;
	}
	size_t m = mutate_reencode(out, n, t, re, sizeof(re));
	if (m != n || memcmp(re, out, n))
		fail(t, "decoding the output and writing it again gives other bytes", seed);
}

int main(int argc, char **argv)
{
	const char *afl_dir = NULL;
	if (argc >= 3 && !strcmp(argv[1], "--afl")) {
		afl_dir = argv[2];
		argv += 2;
		argc -= 2;
	}
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: mutate_test [--afl DIR] CORPUS_DIR [ROUNDS]\n");
		return 2;
	}
	for (int t = 0; afl_dir && t < TARGET_COUNT; t++)
		if (!load_afl(afl_dir, (enum target_id)t))
			return 2;
	use_afl = afl_dir != NULL;
	if (use_afl && afl_sequences() != 0)
		return 1;
	int rounds = argc == 3 ? atoi(argv[2]) : 300;
	if (rounds <= 0) {
		fprintf(stderr, "mutate_test: ROUNDS must be a positive number\n");
		return 2;
	}
	for (int t = 0; t < TARGET_COUNT; t++)
		load(argv[1], (enum target_id)t);
	if (!use_afl) {
		memo_works();
		learned_decode_is_decode();
	}
	for (int i = 0; i < rounds; i++)
		for (int t = 0; t < TARGET_COUNT; t++)
			one((enum target_id)t, i % 3 == 2);
	if (!use_afl)
		buddy_keeps_booting();
	/* A mutator that skips most rounds would pass every check above. */
	if (fell_back > checked) {
		printf("FAIL: %d of %d mutations were skipped\n", fell_back, fell_back + checked);
		failures++;
	}
	/* Each output is made twice from the same inputs: the second decode of
	 * each is a hit, unless the input was the mutator's own last output. */
	uint64_t hits, misses;
	memo_counts(&hits, &misses);
	if (!use_afl && hits < (uint64_t)checked / 2) {
		printf("FAIL: the mutator's decodes are not kept (%llu hits, %llu misses)\n", (unsigned long long)hits,
		       (unsigned long long)misses);
		failures++;
	}
	printf("%s: %d outputs checked (%d with a refused machine), %d fell back to bytes, %d failures; "
	       "decodes kept: %llu hits, %llu misses\n",
	       failures ? "FAIL" : "PASS", checked, refused, fell_back, failures, (unsigned long long)hits,
	       (unsigned long long)misses);
	return failures != 0;
}
