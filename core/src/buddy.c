/* SPDX-License-Identifier: MIT */
/*
 * buddy.c - the binary buddy allocator (2.4 mm/page_alloc.c) with its
 * state in struct page: a free head carries BB_PAGE_FREE_HEAD and its
 * order, so finding out whether a buddy is free is one load instead of
 * 2.4's toggle bitmaps. Free lists are LIFO and doubly linked by zone
 * index. SPEC section 6.
 */
#include "internal.h"

/** bbi_list_add - put free block @x of @order at the head of its list. */
void bbi_list_add(struct bb_page *map, struct bb_zone *z, uint32_t x, unsigned order)
{
	uint32_t h = z->head[order];

	map[x].next = h;
	map[x].prev = BB_NO_PFN;
	if (h != BB_NO_PFN)
		map[h].prev = x;
	z->head[order] = x;
	z->nr_free[order]++;
	z->nonempty |= 1u << order;
}

/*
 * Unlink free block @x from the list with head *@head and count *@nr.
 * Returns true when the list is now empty, for the caller to clear the
 * list's bit in z->nonempty (the merge loop keeps that mask in a register).
 */
static inline bool list_del(struct bb_page *map, uint32_t *head, uint32_t *nr, uint32_t x)
{
	uint32_t nx = map[x].next, pv = map[x].prev;
	bool emptied = false;

	if (pv != BB_NO_PFN) {
		map[pv].next = nx;
	} else {
		*head = nx;
		emptied = nx == BB_NO_PFN;
	}
	if (nx != BB_NO_PFN)
		map[nx].prev = pv;
	--*nr;
	return emptied;
}

/*
 * free_block - __free_pages_ok(): free block @x (zone index) of @order
 * and coalesce it with free buddies, found relative to the zone start,
 * never past order 9 nor the zone's end. No checks: callers made them.
 * @z: the block's zone
 * @x: zone index of the block, a multiple of 2^order
 * @order: 0..9
 */
static inline void free_block(struct bb_zone *z, uint32_t x, unsigned order)
{
	struct bb_page *map = z->map;
	uint32_t span = z->spanned_pages;
	uint32_t hm = map[x].flags & BB_PAGE_HIGHMEM; /* the same on every page of a zone */
	uint32_t head = BB_PAGE_FREE_HEAD | (uint32_t)order << BB_PAGE_ORDER_SHIFT;
	uint32_t nonempty = z->nonempty, bit = 1u << order;
	unsigned k = order;

	map[x].flags = hm; /* no longer a head, not reserved */
	z->free_pages += bit;
	for (; k < MAX_ORDER_IDX; k++, bit <<= 1) {
		uint32_t bx = x ^ bit; /* bit == 1 << k, also list k's bit in nonempty */

		/* head: the free-head bits a buddy of order k carries (pg_free_head) */
		if (bx >= span || (map[bx].flags & (BB_PAGE_FREE_HEAD | PG_ORDER_MASK)) != head)
			break;
		if (list_del(map, &z->head[k], &z->nr_free[k], bx))
			nonempty ^= bit; /* was set: bx was on the list */
		map[bx].flags = hm; /* a tail of the merged block */
		x &= bx; /* x & (x ^ bit): clears bit */
		head += 1u << BB_PAGE_ORDER_SHIFT;
	}
	z->nonempty = nonempty;
	map[x].flags = hm | head;
	bbi_list_add(map, z, x, k);
}

void bbi_free_block(struct bb_zone *z, uint32_t x, unsigned order)
{
	free_block(z, x, order);
}

/*
 * rmqueue(): take a block of @order from zone @z, which has a non-empty
 * list of that order or above; returns its zone index.
 */
static inline uint32_t rmqueue(struct bb_zone *z, unsigned order)
{
	struct bb_page *map = z->map;
	unsigned k = bm_ctz(z->nonempty >> order) + order; /* smallest non-empty list from order up */
	uint32_t b = z->head[k], hm, fl;

	if (list_del(map, &z->head[k], &z->nr_free[k], b))
		z->nonempty &= ~(1u << k);
	hm = map[b].flags & BB_PAGE_HIGHMEM;
	/*
	 * expand(): the lower half goes back, the caller gets the upper one.
	 * k was the smallest non-empty list from order up, so every list the
	 * halves go to is empty: each half is its list's only block.
	 */
	if (k > order) {
		uint32_t half = 1u << k, stop = 1u << order;
		uint32_t *lh = &z->head[k], *nr = &z->nr_free[k]; /* list k's head and count */

		z->nonempty |= half - stop;
		fl = hm | BB_PAGE_FREE_HEAD | (uint32_t)k << BB_PAGE_ORDER_SHIFT;
		do {
			struct bb_page *p;

			half >>= 1;
			fl -= 1u << BB_PAGE_ORDER_SHIFT;
			lh--;
			nr--;
			p = &map[b];
			p->flags = fl;
			p->next = BB_NO_PFN;
			p->prev = BB_NO_PFN;
			*lh = b;
			*nr = 1;
			b += half;
		} while (half > stop);
	}
	map[b].flags = hm | BB_PAGE_ALLOC_HEAD | order << BB_PAGE_ORDER_SHIFT;
	z->free_pages -= 1u << order;
	return b;
}

/*
 * One node's zonelist for @gfp (SPEC 6.3). Empty zones have no free
 * block, so the non-empty mask skips them with everything too small.
 */
static inline bool alloc_on_node(struct bb_node *n, int gfp, unsigned order, uint32_t *pfn)
{
	static const int8_t zonelists[BB_NR_GFP][BB_NR_ZONES] = {
		[BB_GFP_DMA] = { BB_ZONE_DMA, -1, -1 },
		[BB_GFP_KERNEL] = { BB_ZONE_NORMAL, BB_ZONE_DMA, -1 },
		[BB_GFP_HIGHUSER] = { BB_ZONE_HIGHMEM, BB_ZONE_NORMAL, BB_ZONE_DMA },
	};
	const int8_t *zl = zonelists[gfp];

	for (int i = 0; i < BB_NR_ZONES && zl[i] >= 0; i++) {
		struct bb_zone *z = &n->zones[zl[i]];

		if (z->nonempty >> order) {
			*pfn = z->start_pfn + rmqueue(z, order);
			return true;
		}
	}
	return false;
}

/**
 * bb_alloc_pages - take a block of 2^@order pages (__alloc_pages, no watermarks).
 * @m: the machine
 * @nid: a node, or BB_ANY_NODE for every node, round robin (SPEC 6.3)
 * @gfp: BB_GFP_DMA, BB_GFP_KERNEL or BB_GFP_HIGHUSER
 * @order: 0..9
 * @pfn: out, first pfn of the block (its allocated head)
 * Return: BB_OK, BB_EINVAL, BB_ENODEV or BB_ENOMEM.
 */
int bb_alloc_pages(struct bb_machine *m, int nid, int gfp, unsigned order, uint32_t *pfn)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	uint32_t got;

	if ((unsigned)gfp >= BB_NR_GFP || order >= BB_MAX_ORDER)
		return BB_EINVAL;
	if (nid_valid(nid)) {
		if (!m->nodes[nid].online)
			return BB_ENODEV;
		if (!alloc_on_node(&m->nodes[nid], gfp, order, &got))
			return BB_ENOMEM;
	} else {
		if (nid != BB_ANY_NODE)
			return BB_EINVAL;
		if (m->pgdat_list == NO_NODE)
			return BB_ENODEV;
		/* mm/numa.c: start at `next` (the head when it is NULL) and move it
		 * one node on, even when nothing fits; walk to the end of the
		 * list, then from its head back up to the start. */
		int start = m->next_node == NO_NODE ? m->pgdat_list : m->next_node, i = start;
		m->next_node = m->nodes[start].next;
		while (!alloc_on_node(&m->nodes[i], gfp, order, &got)) {
			i = m->nodes[i].next == NO_NODE ? m->pgdat_list : m->nodes[i].next;
			if (i == start)
				return BB_ENOMEM;
		}
	}
	if (pfn)
		*pfn = got;
	return BB_OK;
}

/* Does zone index @x lie inside a free block? Free blocks are aligned, so
 * the only candidates are x rounded down to each order. */
static bool inside_free_block(const struct bb_page *map, uint32_t x)
{
	for (unsigned k = 0; k < BB_MAX_ORDER; k++) {
		if (pg_free_head(map[x & ~((1u << k) - 1)].flags, k))
			return true;
	}
	return false;
}

/**
 * bb_free_pages - give back the block of 2^@order pages at @pfn.
 * @m: the machine
 * @pfn: the block's allocated head
 * @order: the order it was allocated with
 * Return: BB_OK, BB_EINVAL, BB_ERANGE, BB_EALIGN, BB_EDOUBLE or BB_ENOTALLOC (SPEC 6.4).
 */
int bb_free_pages(struct bb_machine *m, uint32_t pfn, unsigned order)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	struct bb_node *n;
	struct bb_zone *z;
	struct bb_page *map;
	uint32_t x;

	if (order >= BB_MAX_ORDER)
		return BB_EINVAL;
	n = node_of_mapped_pfn(m, pfn);
	if (!n)
		return BB_ERANGE;
	z = &n->zones[zone_of_pfn(m, pfn)];
	x = pfn - z->start_pfn;
	if (x & ((1u << order) - 1))
		return BB_EALIGN;
	map = z->map;
	/* An allocated head is never inside a free block: test the common case first. */
	if (!pg_alloc_head(map[x].flags, order)) {
		if (inside_free_block(map, x))
			return BB_EDOUBLE;
		return BB_ENOTALLOC;
	}
	free_block(z, x, order);
	return BB_OK;
}
