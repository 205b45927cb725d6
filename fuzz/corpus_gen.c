/* SPDX-License-Identifier: MIT */
/*
 * corpus_gen.c - the seed corpus and the dictionary, from the grammar.
 *
 * Seeds are realistic boots written as programs (PC-like e820 maps with the
 * 640K and ISA holes, highmem, two and three nodes, the 32769-page node, long bootmem sequences
 * that exercise the sub-page merge) plus short compact inputs from a fixed
 * seed. Every seed must replay clean; run ./ci/corpus-merge afterwards to
 * keep the corpus minimal.
 *
 *   bb_corpus_gen OUTDIR    writes OUTDIR/<target>/seed-NNN and OUTDIR/bootbuddy.dict
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "decode.h"
#include "exec.h"
#include "text.h"

#define P 4096ull

static struct text_program prog;
static uint8_t buf[1 << 20];
static uint64_t rng = 0x2545f4914f6cdd1dull; /* fixed: the corpus is reproducible */

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void op(enum op_id id, int64_t a0, int64_t a1, int64_t a2, int64_t a3)
{
	if (prog.nops >= BB_MAX_OPS)
		return;
	prog.ops[prog.nops++] = (struct op){(uint8_t)id, {a0, a1, a2, a3}};
}

static uint32_t map_bytes(uint32_t pages, uint32_t word)
{
	return ((pages + 7) / 8 + word - 1) / word * word;
}

/* A machine: nodes of the given sizes (pages), a PC-like first node. */
static void machine(uint32_t word, uint32_t nnodes, const uint32_t *pages, uint32_t highmem_start, int pc_holes)
{
	memset(&prog, 0, sizeof(prog));
	prog.target = -1;
	struct bb_machine_desc *d = &prog.desc;
	uint32_t start = 0;
	d->word_bytes = word;
	d->smp_cache_bytes = word == 4 ? 32 : 64;
	d->struct_page_bytes = word == 4 ? 32 : 64;
	for (uint32_t n = 0; n < nnodes; n++) {
		uint32_t end = start + pages[n];
		if (n == 0 && pc_holes) {
			/* 0-636K, 1M-15M, then above the ISA hole (15M-16M), each cut at
			 * the node's end: a RAM range is never empty (SPEC 1) */
			static const struct bb_ram_range pc[3] = {{0, 0x9f}, {0x100, 0xf00}, {0x1000, ~0u}};
			for (int r = 0; r < 3 && pc[r].start_pfn < end; r++)
				d->ram[d->nr_ram++] = (struct bb_ram_range){pc[r].start_pfn, pc[r].end_pfn < end ? pc[r].end_pfn : end};
		} else {
			d->ram[d->nr_ram++] = (struct bb_ram_range){start, end};
		}
		start = end;
	}
	d->phys_pages = start;
	d->highmem_start_pfn = highmem_start ? highmem_start : start;
	d->dma_end_pfn = d->highmem_start_pfn < 4096 ? d->highmem_start_pfn / 2 : 4096;
	d->kernel = (struct bb_kernel_image){0x100000, 0x2a0000, 0x300000, 0x300000, 0x340000};
}

/* setup_arch: init each node, free its RAM around the bitmap, reserve page 0,
 * the kernel and the bitmap. Node n starts where node n-1 ended. */
static void setup(uint32_t nnodes, const uint32_t *pages)
{
	const struct bb_machine_desc *d = &prog.desc;
	uint32_t start = 0;
	for (uint32_t n = 0; n < nnodes; n++) {
		uint32_t end = start + pages[n];
		uint32_t low = end < d->highmem_start_pfn ? end : d->highmem_start_pfn;
		uint32_t mapstart = n == 0 ? 0x340 : start;
		uint32_t mb = map_bytes(low - start, d->word_bytes);
		uint32_t mapend = mapstart + (uint32_t)((mb + P - 1) / P);
		op(OP_init_bootmem_node, n, mapstart, start, end);
		for (uint32_t r = 0; r < d->nr_ram; r++) {
			uint32_t s = d->ram[r].start_pfn > start ? d->ram[r].start_pfn : start;
			uint32_t e = d->ram[r].end_pfn < low ? d->ram[r].end_pfn : low;
			if (s < e && s < mapstart)
				op(OP_free_bootmem_node, n, (int64_t)(s * P), (int64_t)(((e < mapstart ? e : mapstart) - s) * P), 0);
			if (e > mapend && (s > mapend ? s : mapend) < e) {
				uint32_t s2 = s > mapend ? s : mapend;
				op(OP_free_bootmem_node, n, (int64_t)(s2 * P), (int64_t)((e - s2) * P), 0);
			}
		}
		if (n == 0) {
			op(OP_reserve_bootmem_node, 0, 0, P, 0);
			op(OP_reserve_bootmem_node, 0, 0x100000, 0x240000, 0);
		}
		op(OP_reserve_bootmem_node, n, (int64_t)(mapstart * P), mb, 0);
		start = end;
	}
}

/* Bootmem allocations as a 2.4 boot makes them, sizes that merge sub-page. */
static void boot_allocs(int count)
{
	static const int64_t sizes[] = {32, 100, 4096, 4097, 2000, 64, 12288, 8, 3000, 65536};
	for (int i = 0; i < count; i++) {
		int64_t size = sizes[next_rand() % 10];
		switch (next_rand() % 5) {
		case 0: op(OP_alloc_bootmem, size, 0, 0, 0); break;
		case 1: op(OP_alloc_bootmem_low, size, 0, 0, 0); break;
		case 2: op(OP_alloc_bootmem_pages, size, 0, 0, 0); break;
		case 3: op(OP___alloc_bootmem_node, BB_ANY_NODE, size, 1 << (next_rand() % 13), 0); break;
		default: op(OP_alloc_bootmem_node, 0, size, 0, 0); break;
		}
	}
}

static void retire_all(uint32_t nnodes)
{
	for (uint32_t n = 0; n < nnodes; n++)
		op(OP_free_area_init_node, n, 0, 0, 0);
	for (uint32_t n = 0; n < nnodes; n++)
		op(OP_free_all_bootmem_node, n, 0, 0, 0);
	for (uint32_t n = 0; n < nnodes; n++)
		op(OP_add_highmem_node, n, 0, 0, 0);
	op(OP_free_initmem, 0x300000, 0x340000, 0, 0);
}

static void buddy_mix(int count)
{
	for (int i = 0; i < count; i++)
		op(OP_alloc_pages, BB_ANY_NODE, (int64_t)(next_rand() % 3), (int64_t)(next_rand() % 10), 0);
}

static int nwritten;

static int write_seed(const char *dir, enum target_id t, const uint8_t *data, size_t len)
{
	struct exec_opts o = {.target = t, .keep_going = 1};
	struct exec_result r;
	if (exec_input(data, len, &o, &r)) {
		fprintf(stderr, "bb_corpus_gen: a seed for %s gives a finding (%s); not written\n", target_name(t),
			r.signature);
		return -1;
	}
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, target_name(t));
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/seed-%03d", dir, target_name(t), nwritten++);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "bb_corpus_gen: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return 0;
}

static void emit(const char *dir, enum target_id t)
{
	size_t len = encode_program(&prog, buf, sizeof(buf));
	if (len)
		write_seed(dir, t, buf, len);
}

static void write_dict(const char *dir)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/bootbuddy.dict", dir);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "bb_corpus_gen: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	fprintf(f, "# bootbuddy dictionary, generated by bb_corpus_gen from fuzz/ops.def\n");
	for (unsigned id = 1; id < OP_END; id++) {
		const struct op_info *oi = op_info(id);
		fprintf(f, "op_%s=\"\\xff\\x%02x\"\n", oi->name, id); /* an explicit op id */
	}
	static const uint64_t values[] = {4095, 4096, 4097, 8192, 1u << 24, 0xa0000, 0x100000, 1u << 20};
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		fprintf(f, "raw_%llu=\"\\xff", (unsigned long long)values[i]);
		for (int b = 0; b < 8; b++)
			fprintf(f, "\\x%02x", (unsigned)((values[i] >> (8 * b)) & 0xff));
		fprintf(f, "\"\n");
	}
	fclose(f);
}

int main(int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: bb_corpus_gen OUTDIR\n");
		return 2;
	}
	const char *dir = argv[1];
	if (mkdir(dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "bb_corpus_gen: %s: %s\n", dir, strerror(errno));
		return 2;
	}
	/* Realistic boots: 16 MiB, 64 MiB, 256 MiB with highmem, 2 and 3 nodes,
	 * on both word sizes. */
	static const uint32_t one16[] = {4096}, one64[] = {16384}, one256[] = {65536};
	static const uint32_t two[] = {8192, 8192}, three[] = {4096, 4096, 8192};
	static const uint32_t leak[] = {32769}; /* 2.4 gives back 1 of 2 bitmap pages here */
	struct {
		uint32_t n;
		const uint32_t *pages;
		uint32_t highmem;
	} shapes[] = {{1, one16, 0}, {1, one64, 0}, {1, one256, 49152}, {2, two, 12288}, {3, three, 0},
		      {1, leak, 0}};
	for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++)
		for (uint32_t word = 4; word <= 8; word += 4) {
			machine(word, shapes[s].n, shapes[s].pages, shapes[s].highmem, 1);
			setup(shapes[s].n, shapes[s].pages);
			boot_allocs(40);
			op(OP_check, 0, 0, 0, 0);
			emit(dir, TARGET_BOOTMEM);
			retire_all(shapes[s].n);
			buddy_mix(60);
			emit(dir, TARGET_LIFETIME);
			machine(word, shapes[s].n, shapes[s].pages, shapes[s].highmem, 1);
			setup(shapes[s].n, shapes[s].pages);
			retire_all(shapes[s].n);
			buddy_mix(120);
			emit(dir, TARGET_BUDDY);
		}
	/* Compact inputs from a fixed seed: synthesized machines and ops. */
	for (enum target_id t = 0; t < TARGET_COUNT; t++)
		for (int i = 0; i < 24; i++) {
			size_t len = 16 + next_rand() % 200;
			for (size_t k = 0; k < len; k++)
				buf[k] = (uint8_t)next_rand();
			buf[0] &= 0x7f; /* a synthesized machine, not an explicit one */
			write_seed(dir, t, buf, len);
		}
	write_dict(dir);
	printf("bb_corpus_gen: %d seeds and a dictionary in %s/\n", nwritten, dir);
	return 0;
}
