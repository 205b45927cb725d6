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

	if (BB_BUG(4) && h != BB_NO_PFN) {
		/* FIFO: append at the tail */
		uint32_t t = h;
		while (map[t].next != BB_NO_PFN)
			t = map[t].next;
		map[t].next = x;
		map[x].prev = t;
		map[x].next = BB_NO_PFN;
		z->nr_free[order]++;
		return;
	}
	map[x].next = h;
	map[x].prev = BB_NO_PFN;
	if (h != BB_NO_PFN)
		map[h].prev = x;
	z->head[order] = x;
	z->nr_free[order]++;
	z->nonempty |= 1u << order;
}

static inline void list_del(struct bb_page *map, struct bb_zone *z, uint32_t x, unsigned order)
{
	uint32_t nx = map[x].next, pv = map[x].prev;

	if (pv != BB_NO_PFN) {
		map[pv].next = nx;
	} else {
		z->head[order] = nx;
		if (nx == BB_NO_PFN)
			z->nonempty &= ~(1u << order);
	}
	if (nx != BB_NO_PFN)
		map[nx].prev = pv;
	if (!BB_BUG(18))
		z->nr_free[order]--;
}

/*
 * free_block - __free_pages_ok(): free block @x (zone index) of @order
 * and coalesce it with free buddies, found relative to the zone start,
 * never past order 9 nor the zone's end. No checks: callers made them.
 * @n: the node
 * @z: the block's zone
 * @x: zone index of the block, a multiple of 2^order
 * @order: 0..9
 */
static inline void free_block(struct bb_node *n, struct bb_zone *z, uint32_t x, unsigned order)
{
	struct bb_page *map = zone_map(n, z);
	uint32_t span = z->spanned_pages;
	uint32_t hm = map[x].flags & BB_PAGE_HIGHMEM; /* the same on every page of a zone */
	unsigned k = order;

	if (BB_BUG(10)) /* bounded by the node's end instead of the zone's */
		span = n->end_pfn - z->start_pfn;
	map[x].flags = hm; /* no longer a head, not reserved */
	z->free_pages += 1u << order;
	while (k < MAX_ORDER_IDX) {
		uint32_t bx = x ^ (1u << k);

		if (BB_BUG(13)) /* the buddy of the pfn, not of the zone index */
			bx = ((z->start_pfn + x) ^ (1u << k)) - z->start_pfn;
		if (bx >= span || !pg_free_head(map[bx].flags, k))
			break;
		list_del(map, z, bx, k);
		map[bx].flags = hm; /* a tail of the merged block */
		x = BB_BUG(13) ? min_u32(x, bx) : x & ~(1u << k);
		k++;
	}
	map[x].flags = hm | BB_PAGE_FREE_HEAD | (uint32_t)k << BB_PAGE_ORDER_SHIFT;
	bbi_list_add(map, z, x, k);
}

void bbi_free_block(struct bb_node *n, struct bb_zone *z, uint32_t x, unsigned order)
{
	free_block(n, z, x, order);
}

/* rmqueue(): take a block of @order from zone @z; false when none is big enough. */
static bool rmqueue(struct bb_node *n, struct bb_zone *z, unsigned order, uint32_t *pfn)
{
	struct bb_page *map = zone_map(n, z);
	uint32_t avail = z->nonempty & (~0u << order);
	unsigned k;
	uint32_t b, hm;

	if (!avail)
		return false;
	k = bm_ctz(avail); /* the smallest non-empty list of a large enough order */
	b = z->head[k];
	list_del(map, z, b, k);
	hm = map[b].flags & BB_PAGE_HIGHMEM;
	/*
	 * expand(): the lower half goes back, the caller gets the upper one.
	 * k was the smallest non-empty list from order up, so every list the
	 * halves go to is empty: each half is its list's only block.
	 */
	if (k > order)
		z->nonempty |= (1u << k) - (1u << order);
	while (k > order) {
		k--;
		if (BB_BUG(3)) { /* keeps the upper half free and hands out the lower one */
			uint32_t up = b + (1u << k);
			map[up].flags = hm | BB_PAGE_FREE_HEAD | k << BB_PAGE_ORDER_SHIFT;
			map[up].next = BB_NO_PFN;
			map[up].prev = BB_NO_PFN;
			z->head[k] = up;
			z->nr_free[k] = 1;
			continue;
		}
		map[b].flags = hm | BB_PAGE_FREE_HEAD | k << BB_PAGE_ORDER_SHIFT;
		map[b].next = BB_NO_PFN;
		map[b].prev = BB_NO_PFN;
		z->head[k] = b;
		z->nr_free[k] = 1;
		b += 1u << k;
	}
	map[b].flags = hm | BB_PAGE_ALLOC_HEAD | order << BB_PAGE_ORDER_SHIFT;
	z->free_pages -= 1u << order;
	*pfn = z->start_pfn + b;
	return true;
}

/* One node's zonelist for @gfp, empty zones skipped (SPEC 6.3). */
static bool alloc_on_node(struct bb_machine *m, struct bb_node *n, int gfp, unsigned order,
			  uint32_t *pfn)
{
	static const int8_t zonelists[BB_NR_GFP][BB_NR_ZONES] = {
		[BB_GFP_DMA] = { BB_ZONE_DMA, -1, -1 },
		[BB_GFP_KERNEL] = { BB_ZONE_NORMAL, BB_ZONE_DMA, -1 },
		[BB_GFP_HIGHUSER] = { BB_ZONE_HIGHMEM, BB_ZONE_NORMAL, BB_ZONE_DMA },
	};
	static const int8_t highuser_bug[BB_NR_ZONES] = { BB_ZONE_NORMAL, BB_ZONE_HIGHMEM, BB_ZONE_DMA };
	const int8_t *zl = BB_BUG(19) && gfp == BB_GFP_HIGHUSER ? highuser_bug : zonelists[gfp];

	(void)m;
	for (int i = 0; i < BB_NR_ZONES && zl[i] >= 0; i++) {
		struct bb_zone *z = &n->zones[zl[i]];
		if (z->spanned_pages && rmqueue(n, z, order, pfn))
			return true;
	}
	return false;
}

/**
 * bb_alloc_pages - take a block of 2^@order pages (__alloc_pages, no watermarks).
 * @m: the machine
 * @nid: a node, or BB_ANY_NODE for every node in pgdat-list order
 * @gfp: BB_GFP_DMA, BB_GFP_KERNEL or BB_GFP_HIGHUSER
 * @order: 0..9
 * @pfn: out, first pfn of the block (its allocated head)
 * Return: BB_OK, BB_EINVAL, BB_ENODEV or BB_ENOMEM.
 */
int bb_alloc_pages(struct bb_machine *m, int nid, int gfp, unsigned order, uint32_t *pfn)
{
	uint32_t got;

	if (!nid_valid(nid) && nid != BB_ANY_NODE)
		return BB_EINVAL;
	if (gfp < 0 || gfp >= BB_NR_GFP || order >= BB_MAX_ORDER)
		return BB_EINVAL;
	if (nid == BB_ANY_NODE) {
		if (m->pgdat_list == NO_NODE)
			return BB_ENODEV;
		for (int i = m->pgdat_list; i != NO_NODE; i = m->nodes[i].next) {
			if (alloc_on_node(m, &m->nodes[i], gfp, order, &got)) {
				if (pfn)
					*pfn = got;
				return BB_OK;
			}
		}
		return BB_ENOMEM;
	}
	if (!m->nodes[nid].online)
		return BB_ENODEV;
	if (!alloc_on_node(m, &m->nodes[nid], gfp, order, &got))
		return BB_ENOMEM;
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
	map = zone_map(n, z);
	/* An allocated head is never inside a free block: test the common case first. */
	if (!pg_alloc_head(map[x].flags, order)) {
		if (!BB_BUG(5) && inside_free_block(map, x))
			return BB_EDOUBLE;
		return BB_ENOTALLOC;
	}
	free_block(n, z, x, order);
	return BB_OK;
}
