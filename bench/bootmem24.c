/* SPDX-License-Identifier: MIT */
/*
 * bootmem24.c - 2.4's bootmem first fit, one bit at a time (bootmem24.h).
 * The scan is 2.4's loop: step the candidate by the alignment in pages,
 * skip it if its first page is reserved, else test the rest of the run
 * page by page. The rest follows the contract, as the core does.
 */
#include <stdlib.h>

#include "bootbuddy.h"
#include "bootmem24.h"

#define PAGE ((uint64_t)BB_PAGE_SIZE)

int bm24_test(const struct bm24_node *n, uint32_t idx)
{
	return n->map[idx >> 3] >> (idx & 7) & 1;
}

static uint64_t round_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

/* The first candidate from @from below @limit whose @areasize pages are all free, or -1. */
static int64_t first_fit(const struct bm24_node *n, uint64_t from, uint64_t limit, uint64_t areasize,
			 uint64_t incr)
{
	uint64_t eidx = n->low_end_pfn - n->start_pfn;

	for (uint64_t i = from; i < limit && i + areasize <= eidx; i += incr) {
		uint64_t j;

		if (bm24_test(n, (uint32_t)i))
			continue;
		for (j = i + 1; j < i + areasize; j++)
			if (bm24_test(n, (uint32_t)j))
				break;
		if (j == i + areasize)
			return (int64_t)i;
	}
	return -1;
}

int bm24_alloc(struct bm24_node *n, uint64_t size, uint64_t align, uint64_t goal, uint64_t *phys)
{
	uint64_t sp = (uint64_t)n->start_pfn * PAGE, eidx = n->low_end_pfn - n->start_pfn;
	uint64_t areasize = (size + PAGE - 1) / PAGE, incr = align / PAGE ? align / PAGE : 1;
	uint64_t g = goal && goal >= sp && goal / PAGE < n->low_end_pfn ? goal : sp;
	uint64_t preferred = (round_up(g, align) - sp) / PAGE, restart = (round_up(sp, align) - sp) / PAGE;
	int64_t found = first_fit(n, preferred, eidx, areasize, incr);
	uint64_t start, addr, new_pos, new_off;

	if (found < 0 && preferred != restart)
		found = first_fit(n, restart, preferred, areasize, incr);
	if (found < 0)
		return BB_ENOMEM;
	start = (uint64_t)found;
	if (align <= PAGE && n->last_offset && n->last_pos + 1 == start) {
		uint64_t offset = round_up(n->last_offset, align), remaining = PAGE - offset;

		addr = sp + (uint64_t)n->last_pos * PAGE + offset;
		if (size < remaining) {
			areasize = 0;
			new_pos = n->last_pos;
			new_off = offset + size;
		} else {
			uint64_t rest = size - remaining;

			areasize = (rest + PAGE - 1) / PAGE;
			new_pos = start + areasize - 1;
			new_off = rest & (PAGE - 1);
		}
	} else {
		addr = sp + start * PAGE;
		new_pos = start + areasize - 1;
		new_off = size & (PAGE - 1);
	}
	n->last_pos = (uint32_t)new_pos;
	n->last_offset = (uint32_t)new_off;
	for (uint64_t i = start; i < start + areasize; i++)
		n->map[i >> 3] |= (uint8_t)(1u << (i & 7));
	*phys = addr;
	return BB_OK;
}

struct bm24_node *bm24_create(const struct bb_machine *core, int nid)
{
	struct bb_node_info ni;
	struct bm24_node *n = calloc(1, sizeof(*n));

	if (!n || bb_node_info(core, nid, &ni) || !ni.bootmem_open) {
		free(n);
		return NULL;
	}
	n->start_pfn = ni.start_pfn;
	n->low_end_pfn = ni.low_end_pfn;
	n->last_pos = ni.last_pos;
	n->last_offset = ni.last_offset;
	uint32_t pages = ni.low_end_pfn - ni.start_pfn;
	uint8_t *bits = malloc(pages ? pages : 1);
	n->map = calloc(pages / 8 + 1, 1);
	if (!bits || !n->map || bb_bootmem_bits(core, nid, 0, pages, bits)) {
		free(bits);
		bm24_destroy(n);
		return NULL;
	}
	for (uint32_t i = 0; i < pages; i++)
		n->map[i >> 3] |= (uint8_t)(bits[i] << (i & 7));
	free(bits);
	return n;
}

void bm24_destroy(struct bm24_node *n)
{
	if (n)
		free(n->map);
	free(n);
}
