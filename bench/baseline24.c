/* SPDX-License-Identifier: MIT */
/*
 * baseline24.c - Linux 2.4's buddy allocator, written out plainly as the
 * benchmark's yardstick (baseline24.h). The three functions follow 2.4's
 * rmqueue(), expand() and __free_pages_ok() step by step: the lists are
 * LIFO list_heads through struct page, a block's buddy is found relative to
 * the zone start, and "is my buddy free" is one toggle bit per pair of
 * blocks of an order, flipped whenever either block enters or leaves the
 * free list of that order. No checks: a wrong call corrupts it, as in 2.4.
 */
#include <stddef.h>
#include <stdlib.h>

#include "bootbuddy.h"
#include "baseline24.h"

#define MAX_ORDER BB_MAX_ORDER

static void list_init(struct bl24_list *h)
{
	h->next = h->prev = h;
}

static inline void list_add(struct bl24_list *n, struct bl24_list *h)
{
	struct bl24_list *next = h->next;

	next->prev = n;
	n->next = next;
	n->prev = h;
	h->next = n;
}

static inline void list_del(struct bl24_list *e)
{
	e->next->prev = e->prev;
	e->prev->next = e->next;
}

/* Flip bit @i of @map; was it set? */
static inline int test_and_change_bit(uint32_t i, uint8_t *map)
{
	uint8_t bit = (uint8_t)(1u << (i & 7));
	int old = map[i >> 3] & bit;

	map[i >> 3] ^= bit;
	return old;
}

#define MARK_USED(index, order, area) test_and_change_bit((index) >> (1 + (order)), (area)->map)

static inline struct bl24_page *page_of(const struct bl24_list *l)
{
	return (struct bl24_page *)(void *)((char *)(uintptr_t)l - offsetof(struct bl24_page, list));
}

/* __free_pages_ok(): give back the block at zone index @page_idx, merging up while the buddy is free. */
static void free_pages_ok(struct bl24_machine *m, struct bl24_zone *zone, uint32_t page_idx,
			  unsigned order)
{
	struct bl24_page *base = m->mem_map + zone->offset;
	unsigned long mask = ~0ul << order;
	uint32_t index = page_idx >> (1 + order);
	struct bl24_area *area = zone->free_area + order;

	zone->free_pages -= (uint32_t)mask; /* += 1 << order */
	while (mask + (1ul << (MAX_ORDER - 1))) { /* order < MAX_ORDER - 1 */
		if (!test_and_change_bit(index, area->map))
			break; /* the buddy is still allocated */
		list_del(&base[page_idx ^ (uint32_t)-mask].list); /* the buddy moves up a level */
		mask <<= 1;
		area++;
		index >>= 1;
		page_idx &= (uint32_t)mask;
	}
	list_add(&base[page_idx].list, &area->free_list);
}

/* expand(): split the block at @index of order @high down to @low; the caller gets the top part. */
static uint32_t expand(struct bl24_page *base, uint32_t index, unsigned low, unsigned high,
		       struct bl24_area *area)
{
	uint32_t size = 1u << high;

	while (high > low) {
		area--;
		high--;
		size >>= 1;
		list_add(&base[index].list, &area->free_list);
		MARK_USED(index, high, area);
		index += size;
	}
	return index;
}

/* rmqueue(): the first block from the smallest non-empty list of @order or above. */
static int rmqueue(struct bl24_machine *m, struct bl24_zone *zone, unsigned order, uint32_t *pfn)
{
	struct bl24_page *base = m->mem_map + zone->offset;
	struct bl24_area *area = zone->free_area + order;

	for (unsigned curr_order = order; curr_order < MAX_ORDER; curr_order++, area++) {
		struct bl24_list *head = &area->free_list, *curr = head->next;

		if (curr != head) {
			uint32_t index = (uint32_t)(page_of(curr) - base);

			list_del(curr);
			if (curr_order != MAX_ORDER - 1)
				MARK_USED(index, curr_order, area);
			zone->free_pages -= 1u << order;
			*pfn = zone->offset + expand(base, index, order, curr_order, area);
			return 1;
		}
	}
	return 0;
}

int bl24_alloc_pages(struct bl24_machine *m, int nid, int gfp, unsigned order, uint32_t *pfn)
{
	static const int8_t zonelists[BB_NR_GFP][BB_NR_ZONES] = {
		[BB_GFP_DMA] = { BB_ZONE_DMA, -1, -1 },
		[BB_GFP_KERNEL] = { BB_ZONE_NORMAL, BB_ZONE_DMA, -1 },
		[BB_GFP_HIGHUSER] = { BB_ZONE_HIGHMEM, BB_ZONE_NORMAL, BB_ZONE_DMA },
	};

	(void)nid;
	for (int i = 0; i < BB_NR_ZONES && zonelists[gfp][i] >= 0; i++) {
		struct bl24_zone *z = &m->zones[zonelists[gfp][i]];

		if (z->size && rmqueue(m, z, order, pfn))
			return BB_OK;
	}
	return BB_ENOMEM;
}

int bl24_free_pages(struct bl24_machine *m, uint32_t pfn, unsigned order)
{
	int zi = BB_NR_ZONES - 1;

	while (zi > 0 && (!m->zones[zi].size || pfn < m->zones[zi].offset))
		zi--;
	free_pages_ok(m, &m->zones[zi], pfn - m->zones[zi].offset, order);
	return BB_OK;
}

int bl24_zone_info(struct bl24_machine *m, int nid, int zone, struct bb_zone_info *out)
{
	const struct bl24_zone *z = &m->zones[zone];

	(void)nid;
	*out = (struct bb_zone_info){ .start_pfn = z->offset, .spanned_pages = z->size,
				      .free_pages = z->free_pages };
	for (unsigned k = 0; k < MAX_ORDER; k++)
		for (const struct bl24_list *l = z->free_area[k].free_list.next; l != &z->free_area[k].free_list;
		     l = l->next)
			out->nr_free[k]++;
	return BB_OK;
}

uint32_t bl24_free_list(struct bl24_machine *m, int nid, int zone, unsigned order, uint32_t *out,
			uint32_t max)
{
	const struct bl24_zone *z = &m->zones[zone];
	const struct bl24_list *head = &z->free_area[order].free_list;
	uint32_t n = 0;

	(void)nid;
	for (const struct bl24_list *l = head->next; l != head; l = l->next, n++)
		if (out && n < max)
			out[n] = (uint32_t)(page_of(l) - m->mem_map);
	return n;
}

struct bl24_machine *bl24_create(const struct bb_machine *core)
{
	struct bl24_machine *m = calloc(1, sizeof(*m));
	struct bb_node_info ni;

	if (!m || bb_node_info(core, 0, &ni)) {
		free(m);
		return NULL;
	}
	m->pages = ni.end_pfn;
	m->mem_map = calloc(m->pages, sizeof(*m->mem_map));
	uint8_t *is_free = calloc(m->pages, 1);
	int ok = m->mem_map && is_free;
	for (int zi = 0; ok && zi < BB_NR_ZONES; zi++) {
		struct bl24_zone *z = &m->zones[zi];
		struct bb_zone_info info;

		ok = !bb_zone_info(core, 0, zi, &info);
		z->offset = info.start_pfn;
		z->size = info.spanned_pages;
		for (unsigned k = 0; ok && k < MAX_ORDER; k++) {
			list_init(&z->free_area[k].free_list);
			if (k == MAX_ORDER - 1 || !z->size)
				continue;
			z->free_area[k].map = calloc(((z->size - 1) >> (k + 4)) + 1, 1);
			ok = z->free_area[k].map != NULL;
		}
		/* the core's free blocks, page by page */
		for (unsigned k = 0; ok && z->size && k < MAX_ORDER; k++) {
			uint32_t n = bb_free_list(core, 0, zi, k, NULL, 0);
			uint32_t *heads = calloc(n + 1, sizeof(*heads));

			ok = heads != NULL;
			if (ok)
				bb_free_list(core, 0, zi, k, heads, n);
			for (uint32_t i = 0; ok && i < n; i++)
				for (uint32_t p = 0; p < 1u << k; p++)
					is_free[heads[i] + p] = 1;
			free(heads);
		}
	}
	/* 2.4's free_all_bootmem_core: every free page, ascending, one at a time,
	 * then the bootmem bitmap's own pages */
	uint32_t map0 = ni.mapstart_pfn, map1 = ni.mapstart_pfn + ni.map_pages;
	for (uint32_t pfn = 0; ok && pfn < m->pages; pfn++)
		if (is_free[pfn] && (pfn < map0 || pfn >= map1))
			bl24_free_pages(m, pfn, 0);
	for (uint32_t pfn = map0; ok && pfn < map1 && pfn < m->pages; pfn++)
		if (is_free[pfn])
			bl24_free_pages(m, pfn, 0);
	free(is_free);
	if (!ok) {
		bl24_destroy(m);
		return NULL;
	}
	return m;
}

void bl24_destroy(struct bl24_machine *m)
{
	if (!m)
		return;
	for (int zi = 0; zi < BB_NR_ZONES; zi++)
		for (unsigned k = 0; k < MAX_ORDER; k++)
			free(m->zones[zi].free_area[k].map);
	free(m->mem_map);
	free(m);
}
