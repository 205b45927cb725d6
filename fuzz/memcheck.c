/* SPDX-License-Identifier: MIT */
/*
 * memcheck.c - the core's simulated memory, watched.
 *
 * Under ASan the whole arena stays poisoned; memory the core may write is
 * unpoisoned just before the core is given it (the reference already said
 * where: a bitmap, a bootmem allocation, which the core zeroes, a mem_map)
 * and poisoned again when it is freed and at the end of the input, so any
 * touch of free simulated memory by the core is reported, and the cost is
 * proportional to the memory opened, not to the size of the machine. A
 * block alloc_pages hands out stays poisoned: 2.4's buddy allocator writes
 * only struct pages, never the pages, so a core that writes into a live
 * block is reported at the write too, and an order-9 block costs no 256 KiB
 * of shadow to open and close. Without
 * ASan the same bookkeeping runs and only the pattern checks remain:
 * every live allocation holds a pattern the harness wrote, verified when
 * it is freed and at checkpoints, so memory handed out twice or
 * metadata written into an allocation is caught.
 */
#include <stdlib.h>
#include <string.h>

#include "exec_internal.h"
#include "report.h"

#if defined(__SANITIZE_ADDRESS__)
#define BB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BB_ASAN 1
#endif
#endif
#ifdef BB_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define PAGE ((uint64_t)BB_PAGE_SIZE)

static unsigned char *virt(struct exec *e, uint64_t phys)
{
	return e->impl[0]->phys_to_virt(e->m[0], phys);
}

/* Is there a core arena to watch? Not when only the reference runs (the
 * program mutator's decode): then only the live lists are kept. */
static int watching(const struct exec *e)
{
	return e->m[0] != NULL;
}

/*
 * While a machine boots, every change of poisoning is journaled, so that
 * the boot cache (bootcache.c) can put a later input on the same machine
 * into the same state without running the boot again.
 */
struct journal_entry {
	uint64_t begin, end;
	int open;
};
#define MEM_MAX_JOURNAL 256 /* a node's boot opens about 30 ranges */
static struct journal_entry journal[MEM_MAX_JOURNAL];
static int njournal, journaling, journal_lost;

static void journal_add(uint64_t begin, uint64_t end, int open)
{
	if (!journaling)
		return;
	if (njournal < MEM_MAX_JOURNAL)
		journal[njournal++] = (struct journal_entry){begin, end, open};
	else
		journal_lost = 1;
}

static void poison(struct exec *e, uint64_t begin, uint64_t end)
{
	if (end > begin && watching(e)) {
		POISON(virt(e, begin), (size_t)(end - begin));
		journal_add(begin, end, 0);
	}
}

/* What is unpoisoned now, to poison again at the end of the input. */
struct range {
	uint64_t begin, end;
};
static struct range opened[2 * BB_MAX_LIVE];
static int nopened;
static void *poisoned_base;
static uint64_t poisoned_bytes;

static void unpoison(struct exec *e, uint64_t begin, uint64_t end)
{
	if (end <= begin || !watching(e))
		return;
	UNPOISON(virt(e, begin), (size_t)(end - begin));
	journal_add(begin, end, 1);
	if (nopened < (int)(sizeof(opened) / sizeof(opened[0])))
		opened[nopened++] = (struct range){begin, end};
	else
		poisoned_bytes = 0; /* lost track: poison everything next time */
}

void mem_begin(struct exec *e)
{
	uint64_t need = (uint64_t)e->plan.desc.phys_pages * PAGE;
	nopened = 0;
	journaling = 0;
	if (virt(e, 0) != poisoned_base) {
		poisoned_base = virt(e, 0); /* a new arena */
		poisoned_bytes = 0;
	}
	if (need > poisoned_bytes) {
		poison(e, poisoned_bytes, need); /* once per process for each part of the arena */
		poisoned_bytes = need;
	}
}

static uint8_t pattern_byte(uint32_t seed, uint64_t i)
{
	uint32_t x = seed ^ (uint32_t)(i * 0x9e3779b1u);
	return (uint8_t)((x >> 13) ^ x ^ 0x5a);
}

/*
 * The bytes of a bootmem allocation that carry the pattern: the first and
 * last 16, and every 509th between (prime: eight or nine a page, at every
 * offset modulo small alignments over a run). Writing every byte made the
 * check cost more than the allocators.
 */
static uint64_t next_probe(uint64_t i, uint64_t size)
{
	if (i < 15 || i + 17 > size)
		return i + 1;
	return i + 509 < size - 16 ? i + 509 : size - 16;
}

static int overlaps(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
	return a0 < a1 && b0 < b1 && a0 < b1 && b0 < a1; /* an empty range (an empty node's bitmap) overlaps nothing */
}

/* Does [begin, end) overlap anything live or any allocator metadata (where the reference has it)? */
static int overlap_any(struct exec *e, uint64_t begin, uint64_t end)
{
	for (int i = 0; i < e->live.nboot; i++) {
		const struct live_alloc *a = &e->live.boot[i];
		if (overlaps(begin, end, a->addr, a->addr + a->size)) {
			diff_printf(e, "[0x%llx, 0x%llx) overlaps the live bootmem allocation [0x%llx, 0x%llx)\n",
				    (unsigned long long)begin, (unsigned long long)end, (unsigned long long)a->addr,
				    (unsigned long long)(a->addr + a->size));
			return 1;
		}
	}
	for (int i = 0; i < e->live.nblocks; i++) {
		const struct live_block *b = &e->live.blocks[i];
		uint64_t b0 = (uint64_t)b->pfn * PAGE, b1 = b0 + (PAGE << b->order);
		if (overlaps(begin, end, b0, b1)) {
			diff_printf(e, "[0x%llx, 0x%llx) overlaps the live block of order %u at pfn 0x%x\n",
				    (unsigned long long)begin, (unsigned long long)end, b->order, b->pfn);
			return 1;
		}
	}
	const struct meta_range *r = layout_meta_overlap(&e->layout, begin, end);
	if (r) {
		static const char *const what[] = {"bootmem bitmap", "mem_map", "valid_addr_bitmap", ""};
		diff_printf(e, "[0x%llx, 0x%llx) overlaps node %d", (unsigned long long)begin, (unsigned long long)end, r->nid);
		if (r->kind == META_FREE_AREA_MAP)
			diff_printf(e, " zone %d's order-%d free-area bitmap\n", r->zone, r->order);
		else
			diff_printf(e, "'s %s\n", what[r->kind]);
		return 1;
	}
	return 0;
}

void mem_expect_bootmem_alloc(struct exec *e, uint64_t addr, uint64_t size)
{
	unpoison(e, addr, addr + size);
}

/* The allocation [addr, addr + size) overlaps nothing and is zeroed: 0, else the check that failed. */
static enum check_id fresh_and_zeroed(struct exec *e, uint64_t addr, uint64_t size)
{
	if (overlap_any(e, addr, addr + size))
		return CHK_OVERLAP;
	static const unsigned char zeros[4096];
	const unsigned char *p = virt(e, addr);
	for (uint64_t i = 0; i < size; i += sizeof(zeros)) {
		size_t n = size - i < sizeof(zeros) ? (size_t)(size - i) : sizeof(zeros);
		if (memcmp(p + i, zeros, n)) {
			while (!p[i])
				i++;
			diff_printf(e, "byte 0x%llx of the allocation at 0x%llx is 0x%02x, not zero\n",
				    (unsigned long long)i, (unsigned long long)addr, p[i]);
			return CHK_ZEROED;
		}
	}
	return CHK_COUNT;
}

enum check_id mem_after_bootmem_alloc(struct exec *e, uint64_t addr, uint64_t size)
{
	enum check_id c = watching(e) ? fresh_and_zeroed(e, addr, size) : CHK_COUNT;
	if (c != CHK_COUNT)
		return c;
	if (e->live.nboot < BB_MAX_LIVE) {
		struct live_alloc *a = &e->live.boot[e->live.nboot++];
		a->addr = addr;
		a->size = size;
		a->seed = ++e->next_seed;
		unsigned char *w = watching(e) ? virt(e, addr) : NULL;
		for (uint64_t i = 0; w && i < size; i = next_probe(i, size))
			w[i] = pattern_byte(a->seed, i);
	}
	return CHK_COUNT;
}

/* Whole pages inside [begin, end) went back: forget what lived there. */
void mem_after_free_range(struct exec *e, uint64_t begin, uint64_t end)
{
	uint64_t p0 = (begin + PAGE - 1) / PAGE * PAGE, p1 = end / PAGE * PAGE;
	int j = 0;
	for (int i = 0; i < e->live.nboot; i++) {
		const struct live_alloc *a = &e->live.boot[i];
		if (!overlaps(p0, p1, a->addr, a->addr + a->size))
			e->live.boot[j++] = *a;
		else
			poison(e, a->addr, a->addr + a->size); /* only these were open */
	}
	e->live.nboot = j;
}

/* The bitmap pages now belong to the buddy allocator. */
void mem_after_retire(struct exec *e, int nid)
{
	struct bb_node_info ni;
	if (!watching(e) || e->impl[0]->node_info(e->m[0], nid, &ni))
		return;
	uint64_t m0 = (uint64_t)ni.mapstart_pfn * PAGE;
	poison(e, m0, m0 + ni.map_bytes);
}

/* A live block carries a tag at the start and end of each page. The
 * block is one run of the arena (bb_phys_to_virt is arena + phys), and
 * stays poisoned while it is live: the harness writes and reads its tags
 * past ASan, the core never touches it. */
#if defined(BB_ASAN)
__attribute__((no_sanitize("address")))
#endif
static void tag(struct exec *e, const struct live_block *b, int write, int *bad)
{
	unsigned char *block = virt(e, (uint64_t)b->pfn * PAGE);
	for (uint64_t i = 0; i < (1ull << b->order); i++) {
		uint64_t want = ((uint64_t)b->seed << 32) | (uint32_t)(b->pfn + i);
		unsigned char *lo = block + i * PAGE, *hi = lo + PAGE - 8;
		if (write) {
			memcpy(lo, &want, 8);
			memcpy(hi, &want, 8);
			continue;
		}
		uint64_t x, y;
		memcpy(&x, lo, 8);
		memcpy(&y, hi, 8);
		if (x != want || y != want) {
			diff_printf(e, "page 0x%llx of the block at pfn 0x%x (order %u) was overwritten\n",
				    (unsigned long long)(b->pfn + i), b->pfn, b->order);
			*bad = 1;
			return;
		}
	}
}

enum check_id mem_after_alloc_pages(struct exec *e, uint32_t pfn, unsigned order)
{
	uint64_t b0 = (uint64_t)pfn * PAGE, b1 = b0 + (PAGE << order);
	if (watching(e) && overlap_any(e, b0, b1))
		return CHK_OVERLAP;
	if (e->live.nblocks < BB_MAX_LIVE) {
		struct live_block *b = &e->live.blocks[e->live.nblocks++];
		b->pfn = pfn;
		b->order = order;
		b->seed = ++e->next_seed;
		if (watching(e))
			tag(e, b, 1, NULL);
	}
	return CHK_COUNT;
}

enum check_id mem_before_free_pages(struct exec *e, uint32_t pfn, unsigned order)
{
	for (int i = 0; i < e->live.nblocks; i++)
		if (e->live.blocks[i].pfn == pfn && e->live.blocks[i].order == order) {
			int bad = 0;
			tag(e, &e->live.blocks[i], 0, &bad);
			return bad ? CHK_PATTERN : CHK_COUNT;
		}
	return CHK_COUNT;
}

void mem_after_free_pages(struct exec *e, uint32_t pfn, unsigned order)
{
	for (int i = 0; i < e->live.nblocks; i++)
		if (e->live.blocks[i].pfn == pfn && e->live.blocks[i].order == order) {
			e->live.blocks[i] = e->live.blocks[--e->live.nblocks];
			break;
		}
}

enum check_id mem_verify_all(struct exec *e)
{
	for (int i = 0; i < e->live.nboot; i++) {
		const struct live_alloc *a = &e->live.boot[i];
		const unsigned char *p = virt(e, a->addr);
		for (uint64_t k = 0; k < a->size; k = next_probe(k, a->size))
			if (p[k] != pattern_byte(a->seed, k)) {
				diff_printf(e, "byte 0x%llx of the bootmem allocation at 0x%llx was overwritten\n",
					    (unsigned long long)k, (unsigned long long)a->addr);
				return CHK_PATTERN;
			}
	}
	int bad = 0;
	for (int i = 0; i < e->live.nblocks && !bad; i++)
		tag(e, &e->live.blocks[i], 0, &bad);
	return bad ? CHK_PATTERN : CHK_COUNT;
}

void mem_end(struct exec *e)
{
	for (int i = 0; i < nopened; i++)
		poison(e, opened[i].begin, opened[i].end);
	nopened = 0;
}

/* ---- the boot cache's half: the arena after a boot, and its poisoning ---- */

struct mem_saved {
	int n;
	struct journal_entry journal[MEM_MAX_JOURNAL];
	unsigned char bytes[]; /* the open entries' ranges, in journal order */
};

void mem_journal_begin(void)
{
	journaling = 1;
	njournal = journal_lost = 0;
}

/* Put the poisoning the journal ends with on [0, the machine) again: every
 * range it touched poisoned (as at the start of an input), then the journal. */
static void replay(struct exec *e, const struct journal_entry *j, int n, int through_calls)
{
	for (int i = 0; i < n; i++)
		POISON(virt(e, j[i].begin), (size_t)(j[i].end - j[i].begin));
	for (int i = 0; i < n; i++) {
		unsigned char *p = virt(e, j[i].begin);
		size_t len = (size_t)(j[i].end - j[i].begin);
		if (!through_calls && j[i].open)
			UNPOISON(p, len);
		else if (!through_calls)
			POISON(p, len);
		else if (j[i].open)
			unpoison(e, j[i].begin, j[i].end);
		else
			poison(e, j[i].begin, j[i].end);
	}
}

/* Copy each opened range out to @to, or in from @from; the caller puts the poisoning right. */
static void copy_opened(struct exec *e, const struct journal_entry *j, int n, unsigned char *to,
			const unsigned char *from)
{
	for (int i = 0; i < n; i++) {
		if (!j[i].open)
			continue;
		size_t len = (size_t)(j[i].end - j[i].begin);
		unsigned char *p = virt(e, j[i].begin);
		UNPOISON(p, len);
		if (to) {
			memcpy(to, p, len);
			to += len;
		} else {
			memcpy(p, from, len);
			from += len;
		}
	}
}

struct mem_saved *mem_save(struct exec *e, size_t max_bytes)
{
	journaling = 0;
	if (journal_lost || !watching(e))
		return NULL;
	size_t total = 0;
	for (int i = 0; i < njournal; i++)
		if (journal[i].open)
			total += (size_t)(journal[i].end - journal[i].begin);
	if (total > max_bytes)
		return NULL;
	struct mem_saved *s = malloc(sizeof(*s) + total);
	if (!s)
		return NULL;
	s->n = njournal;
	memcpy(s->journal, journal, sizeof(journal[0]) * (size_t)njournal);
	copy_opened(e, s->journal, s->n, s->bytes, NULL);
	replay(e, s->journal, s->n, 0);
	return s;
}

void mem_restore(struct exec *e, const struct mem_saved *s)
{
	copy_opened(e, s->journal, s->n, NULL, s->bytes);
	replay(e, s->journal, s->n, 1);
}
