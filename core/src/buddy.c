/* SPDX-License-Identifier: MIT */
/*
 * buddy.c - the binary buddy allocator (2.4 mm/page_alloc.c). A free head's
 * state byte carries BB_PAGE_FREE_HEAD and its order (page.h), so "is my
 * buddy free" is one load from the dense state array, where 2.4 flips a
 * toggle bit; the same byte says whether a block being freed is allocated.
 * Free lists are LIFO and doubly linked through the links by zone index;
 * a list's first block keeps no prev link, as nothing reads it (an unlink
 * asks the list's head instead), which saves a store on every push, pop and
 * split. SPEC section 6.
 */
#include "internal.h"

/*
 * Unlink free block @x from the list with head *@head and count *@nr.
 * Returns true when the list is now empty, for the caller to clear the
 * list's bit in z->nonempty (the merge loop keeps that mask in a register).
 */
static inline bool list_del(struct bb_page *map, uint32_t *head, uint32_t *nr, uint32_t x)
{
	uint32_t nx = map[x].next;
	bool emptied = false;

	if (*head == x) { /* the new head's prev is not read: no store */
		*head = nx;
		emptied = nx == BB_NO_PFN;
	} else {
		uint32_t pv = map[x].prev;

		map[pv].next = nx;
		if (nx != BB_NO_PFN)
			map[nx].prev = pv;
	}
	--*nr;
	return emptied;
}

/*
 * Put free block @x at the head of list @k; list k's bit in z->nonempty is
 * set here, where the list was empty (a store fewer on every other push).
 */
static inline void list_push(struct bb_page *map, struct bb_zone *z, uint32_t x, unsigned k)
{
	uint32_t h = z->head[k];

	map[x].next = h;
	if (h != BB_NO_PFN)
		map[h].prev = x;
	else
		z->nonempty |= 1u << k;
	z->head[k] = x;
	z->nr_free[k]++;
}

/*
 * Take the first block @b off list @k; the head has no prev, so unlike
 * list_del there is only the next block's back link to mend.
 */
static inline void list_pop(struct bb_page *map, struct bb_zone *z, uint32_t b, unsigned k)
{
	uint32_t nx = map[b].next;

	z->head[k] = nx;
	z->nr_free[k]--;
	if (nx == BB_NO_PFN)
		z->nonempty &= ~(1u << k);
}

/*
 * Is the buddy of block @x of @order a free block of that order, to merge
 * with? @state and @span are the zone's, passed as values: a byte store may
 * alias anything, so the callers keep them in registers.
 */
static inline bool buddy_is_free(const uint8_t *state, uint32_t span, uint32_t x, unsigned order)
{
	uint32_t bx = x ^ 1u << order;

	return order < MAX_ORDER_IDX && bx < span && ps_free_head(state[bx], order);
}

/*
 * The merging half of __free_pages_ok(): block @x of @order, whose buddy is
 * free, coalesces with free buddies, found relative to the zone start, never
 * past order 9 nor the zone's end, and the result goes on its list. Out of
 * line, so that the common free, whose buddy is busy, stays short.
 */
static __attribute__((noinline)) int merge_up(struct bb_zone *z, uint32_t x, unsigned order,
					      uint32_t hm)
{
	struct bb_page *map = z->map;
	uint8_t *state = z->state;
	uint32_t span = z->spanned_pages, bit = 1u << order;
	uint32_t head = ps_make(BB_PAGE_FREE_HEAD, order); /* a free head of order k, kept as k moves */
	unsigned k = order;

	state[x] = (uint8_t)hm; /* no longer a head, not reserved */
	do {
		uint32_t bx = x ^ bit; /* bit == 1 << k, also list k's bit in nonempty */

		if (list_del(map, &z->head[k], &z->nr_free[k], bx))
			z->nonempty ^= bit; /* was set: bx was on the list (rare: no register for it) */
		state[bx] = (uint8_t)hm; /* a tail of the merged block */
		x &= bx; /* x & (x ^ bit): clears bit */
		k++;
		bit <<= 1;
		head += 1u << PS_ORDER_SHIFT;
	} while (k < MAX_ORDER_IDX && (x ^ bit) < span &&
		 (state[x ^ bit] & (BB_PAGE_FREE_HEAD | PS_ORDER_MASK)) == head); /* buddy_is_free() */
	list_push(map, z, x, k);
	state[x] = (uint8_t)(hm | head);
	return BB_OK;
}

/*
 * free_block - __free_pages_ok(): free block @x (zone index) of @order,
 * whose pages carry @hm (PG_highmem or 0), merging it up while its buddy is
 * free. No checks: callers made them. Returns BB_OK.
 */
static inline int free_block(struct bb_zone *z, uint32_t x, unsigned order,
			     uint32_t hm)
{
	uint8_t *state = z->state;

	if (buddy_is_free(state, z->spanned_pages, x, order))
		return merge_up(z, x, order, hm);
	list_push(z->map, z, x, order);
	state[x] = ps_make(hm | BB_PAGE_FREE_HEAD, order); /* last: a byte store may alias z */
	return BB_OK;
}

void bbi_free_block(struct bb_zone *z, uint32_t x, unsigned order)
{
	free_block(z, x, order, z->state[x] & BB_PAGE_HIGHMEM);
}

/**
 * bbi_add_free_block - make block @x of @order, whose head state the caller
 * set, a free block that merges with nothing: the head of its list, counted
 * in the zone's free pages. For retire's hand-over.
 */
void bbi_add_free_block(struct bb_zone *z, uint32_t x, unsigned order)
{
	list_push(z->map, z, x, order);
}

/*
 * The end of rmqueue(): block @b of @order (zone index, pages carrying
 * @hm) is the caller's, allocated; its pfn goes to *@pfn when @pfn is not
 * NULL.
 */
static inline int take(struct bb_zone *z, uint32_t b, unsigned order, uint32_t hm, uint32_t *pfn)
{
	uint8_t *state = z->state;

	if (pfn)
		*pfn = z->start_pfn + b;
	state[b] = ps_make(hm | BB_PAGE_ALLOC_HEAD, order);
	return BB_OK;
}

/*
 * expand(): split block @b of order @k down to @order; the lower halves go
 * back, the caller gets the topmost piece. k was the smallest non-empty list
 * from order up, so every list a half goes to is empty: each half is its
 * list's only block. Out of line and ending the allocation itself, so that
 * an allocation from its own order's list is a leaf that saves no
 * registers.
 */
static __attribute__((noinline)) int expand(struct bb_zone *z, uint32_t b, unsigned k, unsigned order,
					    uint32_t hm, uint32_t *pfn)
{
	struct bb_page *map = z->map;
	uint8_t *state = z->state;
	uint32_t half = 1u << k, stop = 1u << order;

	z->nonempty |= half - stop;
	do {
		struct bb_page *p = &map[b];

		half >>= 1;
		k--;
		state[b] = ps_make(hm | BB_PAGE_FREE_HEAD, k);
		p->next = BB_NO_PFN;
		z->head[k] = b;
		z->nr_free[k] = 1;
		b += half;
	} while (half > stop);
	return take(z, b, order, hm, pfn);
}

/*
 * rmqueue(): take a block of @order from zone @z; @ne is z->nonempty >>
 * order, not 0. Its pfn goes to *@pfn (when not NULL); returns BB_OK.
 */
static inline int rmqueue(struct bb_zone *z, unsigned order, uint32_t ne, uint32_t *pfn)
{
	unsigned k = bm_ctz(ne) + order; /* the smallest non-empty list from order up */
	uint32_t b = z->head[k];
	uint32_t hm = z->state[b] & BB_PAGE_HIGHMEM;

	list_pop(z->map, z, b, k);
	if (k > order)
		return expand(z, b, k, order, hm, pfn);
	return take(z, b, order, hm, pfn);
}

/*
 * One node's zonelist for @gfp (SPEC 6.3): GFP_DMA, GFP_KERNEL and
 * GFP_HIGHUSER are 0, 1 and 2 and take zones gfp, gfp - 1, ..., DMA.
 * Empty zones have no free block, so the non-empty mask skips them with
 * everything too small. Returns BB_OK with the block's pfn in *@pfn (when
 * @pfn is not NULL), or BB_ENOMEM.
 */
static inline int alloc_on_node(struct bb_node *n, int gfp, unsigned order, uint32_t *pfn)
{
	_Static_assert((int)BB_GFP_DMA == (int)BB_ZONE_DMA && (int)BB_GFP_KERNEL == (int)BB_ZONE_NORMAL &&
			       (int)BB_GFP_HIGHUSER == (int)BB_ZONE_HIGHMEM,
		       "a gfp's zonelist is its zone and every zone below");
	for (struct bb_zone *z = &n->zones[gfp]; z >= n->zones; z--) {
		uint32_t ne = z->nonempty >> order;

		if (ne)
			return rmqueue(z, order, ne, pfn);
	}
	return BB_ENOMEM;
}

/*
 * alloc_pages(BB_ANY_NODE) as mm/numa.c does it: start at `next` (the head
 * when it is NULL) and move it one node on, even when nothing fits; walk to
 * the end of the list, then from its head back up to the start. Out of
 * line: the named-node call stays a leaf.
 */
static __attribute__((noinline)) int alloc_any_node(struct bb_machine *m, int gfp, unsigned order,
						    uint32_t *pfn)
{
	if (m->pgdat_list == NO_NODE)
		return BB_ENODEV;
	int start = m->next_node == NO_NODE ? m->pgdat_list : m->next_node, i = start;
	m->next_node = m->nodes[start].next;
	while (alloc_on_node(&m->nodes[i], gfp, order, pfn) != BB_OK) {
		i = m->nodes[i].next == NO_NODE ? m->pgdat_list : m->nodes[i].next;
		if (i == start)
			return BB_ENOMEM;
	}
	return BB_OK;
}

/**
 * bb_alloc_pages - take a block of 2^@order pages (__alloc_pages, no watermarks).
 * @m: the machine
 * @nid: a node, or BB_ANY_NODE for every node, round robin (SPEC 6.3)
 * @gfp: BB_GFP_DMA, BB_GFP_KERNEL or BB_GFP_HIGHUSER
 * @order: 0..9
 * @pfn: out, first pfn of the block (its allocated head); may be NULL
 * Return: BB_OK, BB_EINVAL, BB_ENODEV or BB_ENOMEM.
 */
int bb_alloc_pages(struct bb_machine *m, int nid, int gfp, unsigned order, uint32_t *pfn)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	if ((unsigned)gfp >= BB_NR_GFP || order >= BB_MAX_ORDER)
		return BB_EINVAL;
	if (!nid_valid(nid))
		return nid == BB_ANY_NODE ? alloc_any_node(m, gfp, order, pfn) : BB_EINVAL;
	if (!m->nodes[nid].online)
		return BB_ENODEV;
	return alloc_on_node(&m->nodes[nid], gfp, order, pfn);
}

/* Does zone index @x lie inside a free block? Free blocks are aligned, so
 * the only candidates are x rounded down to each order. */
static bool inside_free_block(const uint8_t *state, uint32_t x)
{
	for (unsigned k = 0; k < BB_MAX_ORDER; k++) {
		if (ps_free_head(state[x & ~((1u << k) - 1)], k))
			return true;
	}
	return false;
}

/* Why free_pages refuses block @x of @order, which is no allocated head of that order (SPEC 6.4's order). */
static __attribute__((noinline)) int free_refused(const uint8_t *state, uint32_t x, unsigned order)
{
	if (x & ((1u << order) - 1))
		return BB_EALIGN;
	return inside_free_block(state, x) ? BB_EDOUBLE : BB_ENOTALLOC;
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
	uint32_t x;
	uint8_t st;

	if (order >= BB_MAX_ORDER)
		return BB_EINVAL;
	n = node_of_mapped_pfn(m, pfn);
	if (!n)
		return BB_ERANGE;
	z = zone_of_mapped_pfn(m, n, pfn);
	x = pfn - z->start_pfn;
	st = z->state[x];
	/* An allocated head is aligned to its order and never inside a free
	 * block: the common case first, the error's kind only when it fails. */
	if (!ps_alloc_head(st, order))
		return free_refused(z->state, x, order);
	return free_block(z, x, order, st & BB_PAGE_HIGHMEM);
}

/*
 * The benchmark's variant without the checks (bench/unchecked.c, docs/BENCH.md):
 * the same allocation and free as bb_alloc_pages() and bb_free_pages() on a
 * valid call, without SPEC 0's and 6.4's checks, to measure what those cost.
 * A bad call corrupts the machine, as in 2.4. Nothing else calls them.
 */
bool bbi_alloc_unchecked(struct bb_node *n, int gfp, unsigned order, uint32_t *pfn)
{
	return alloc_on_node(n, gfp, order, pfn) == BB_OK;
}

void bbi_free_unchecked(struct bb_machine *m, uint32_t pfn, unsigned order)
{
	struct bb_node *n = node_of_mapped_pfn(m, pfn); /* 2.4 reads page->zone instead */

	/* Not even a page: the one test kept, so that a bad pfn cannot write
	 * outside the arena (the benchmark never makes one). */
	if (!n) return;
	struct bb_zone *z = zone_of_mapped_pfn(m, n, pfn);

	bbi_free_block(z, pfn - z->start_pfn, order);
}
