/* SPDX-License-Identifier: MIT */
/*
 * retire.c - handing memory to the buddy allocator: retiring a node's
 * bootmem (free_all_bootmem_core), its highmem (one_highpage_init for every
 * page) and the init sections (free_initmem). SPEC sections 7 and 8.
 *
 * 2.4 frees these one page at a time. Freeing a set of pages one by one
 * into an empty zone ends in the set's canonical decomposition (maximal
 * blocks of order <= 9, aligned relative to the zone start), and each final
 * block reaches the head of its list when its last page is freed. The
 * zones are always empty then: nothing can be freed into a low zone before
 * its node retires (free_pages needs an allocated block, free_initmem a
 * retired node), nor into HIGHMEM before add_highmem, which runs once. So
 * we insert those blocks directly: for an ascending free
 * (retire) in ascending address order, which leaves every list highest
 * address first; for a descending free (highmem) in descending order, which
 * leaves lowest first. The lists are identical to the page-by-page ones.
 */
#include "internal.h"

/* Make pages [a, b) of zone @z (zone indices) free blocks, inserted in ascending order. */
static void hand_over_ascending(struct bb_zone *z, uint32_t a, uint32_t b, uint8_t bits)
{
	uint32_t x = a;

	bbi_memfill(z->state + a, bits, b - a); /* PG_reserved cleared; tails carry no head bit */
	while (x < b) {
		unsigned k = x ? min_u32(bm_ctz(x), MAX_ORDER_IDX) : MAX_ORDER_IDX;

		while (x + (1u << k) > b)
			k--;
		z->state[x] = ps_make(bits | BB_PAGE_FREE_HEAD, k);
		bbi_add_free_block(z, x, k);
		x += 1u << k;
	}
}

/* The same, inserted in descending order (the blocks are the same set). */
static void hand_over_descending(struct bb_zone *z, uint32_t a, uint32_t b, uint8_t bits)
{
	uint32_t y = b;

	bbi_memfill(z->state + a, bits, b - a);
	while (y > a) {
		/* the block ending at y: as large as y's alignment and the run allow */
		unsigned k = min_u32(bm_ctz(y), MAX_ORDER_IDX);

		while (y - a < (1u << k))
			k--;
		y -= 1u << k;
		z->state[y] = ps_make(bits | BB_PAGE_FREE_HEAD, k);
		bbi_add_free_block(z, y, k);
	}
}

/* Clear PG_reserved of @pfn (a low page) and free it as an order-0 page (the 2.4 way). */
static void free_one_page(struct bb_machine *m, struct bb_node *n, uint32_t pfn)
{
	struct bb_zone *z = zone_of_mapped_pfn(m, n, pfn);
	uint32_t x = pfn - z->start_pfn;

	z->state[x] &= (uint8_t)~BB_PAGE_RESERVED;
	bbi_free_block(z, x, 0);
}

/**
 * bb_free_all_bootmem_node - free_all_bootmem_core(): every page free in
 * the bitmap, ascending, then the bitmap's own pages, go to the buddy
 * allocator; the node's bootmem is closed.
 * @m: the machine
 * @nid: an online node with open bootmem and a mem_map
 * @count: out, pages handed over (added to totalram_pages); may be NULL
 * Return: BB_OK, BB_EINVAL, BB_ENODEV, BB_ERETIRED or BB_ESTATE.
 */
int bb_free_all_bootmem_node(struct bb_machine *m, int nid, uint32_t *count)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	struct bb_node *n;
	struct bb_bootmem *bd;
	uint32_t total = 0, s, map_pages;

	int err = bbi_open_node(m, nid, &n);
	if (err)
		return err;
	if (!n->has_mem_map)
		return BB_ESTATE;
	bd = &n->bdata;
	s = bd->start_pfn;

	/* Bootmem lies in DMA and NORMAL only; each zone is done on its own. */
	for (int zi = BB_ZONE_DMA; zi <= BB_ZONE_NORMAL; zi++) {
		struct bb_zone *z = &n->zones[zi];
		uint32_t lo, hi, i;

		if (!z->spanned_pages || z->start_pfn >= bd->low_end_pfn)
			continue;
		lo = z->start_pfn - s;
		hi = min_u32(z->start_pfn + z->spanned_pages, bd->low_end_pfn) - s;
		i = bm_find_zero(bd->map, lo, hi);
		while (i < hi) {
			uint32_t j = bm_find_one(bd->map, i, hi);

			/* whole blocks: a free run ends at a set bit, so blocks of
			 * different runs never are buddies of the same order */
			hand_over_ascending(z, i - lo, j - lo, 0);
			total += j - i;
			i = bm_find_zero(bd->map, j, hi);
		}
	}
	map_pages = bd->map_pages;
	for (uint32_t p = 0; p < map_pages; p++)
		free_one_page(m, n, bd->mapstart_pfn + p);
	total += map_pages;

	n->low_unreserved += total;
	n->retired_pages = total;
	n->bootmem_open = 0;
	bd->map = NULL;
	m->totalram_pages += total;
	if (count)
		*count = total;
	return BB_OK;
}

/**
 * bb_add_highmem_node - one_highpage_init() from the node's last page down
 * to its low end: RAM pages lose PG_reserved, gain PG_highmem and are
 * freed; holes stay reserved.
 * @m: the machine
 * @nid: an online node with a mem_map, highmem not added before
 * @count: out, pages freed (added to totalhigh_pages and totalram_pages); may be NULL
 * Return: BB_OK, BB_EINVAL, BB_ENODEV or BB_ESTATE.
 */
int bb_add_highmem_node(struct bb_machine *m, int nid, uint32_t *count)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	struct bb_node *n;
	struct bb_zone *z;
	uint32_t lo, hi, total = 0;

	int err = bbi_online_node(m, nid, &n);
	if (err)
		return err;
	if (!n->has_mem_map || n->highmem_added)
		return BB_ESTATE;
	lo = n->bdata.low_end_pfn;
	hi = n->end_pfn;
	z = &n->zones[BB_ZONE_HIGHMEM];
	/* Highest RAM range first: 2.4 walks the pfns downward. */
	for (uint32_t r = m->desc.nr_ram; r-- > 0;) {
		uint32_t a = max_u32(lo, m->desc.ram[r].start_pfn);
		uint32_t b = min_u32(hi, m->desc.ram[r].end_pfn);

		/* Ranges may touch: a run of blocks must be maximal, or two of
		 * them could be buddies that page-by-page freeing would merge. */
		while (r > 0 && m->desc.ram[r - 1].end_pfn == m->desc.ram[r].start_pfn &&
		       a == m->desc.ram[r].start_pfn && a > lo)
			a = max_u32(lo, m->desc.ram[--r].start_pfn);
		if (a >= b)
			continue;
		hand_over_descending(z, a - z->start_pfn, b - z->start_pfn, BB_PAGE_HIGHMEM);
		total += b - a;
	}
	n->highmem_pages = total;
	n->highmem_added = 1;
	m->totalhigh_pages += total;
	m->totalram_pages += total;
	if (count)
		*count = total;
	return BB_OK;
}

/**
 * bb_free_initmem - free_initmem(): the whole pages inside [begin, end),
 * all PG_reserved RAM in the low memory of one retired node, go to the
 * buddy allocator in ascending order.
 * @m: the machine
 * @begin: physical byte address (__init_begin)
 * @end: physical byte address (__init_end)
 * @count: out, pages freed (added to totalram_pages); may be NULL
 * Return: BB_OK, BB_EINVAL, BB_ERANGE, BB_ESTATE, BB_EBUSY, BB_ENOTRAM or BB_EDOUBLE.
 */
int bb_free_initmem(struct bb_machine *m, uint64_t begin, uint64_t end, uint32_t *count)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	struct bb_node *n = NULL;
	uint64_t a64, b64;
	uint32_t a, b;

	if (begin > end)
		return BB_EINVAL;
	a64 = pages_up(begin);
	b64 = end >> BB_PAGE_SHIFT;
	if (a64 >= b64) {
		if (count)
			*count = 0;
		return BB_OK;
	}
	for (int i = 0; i < BB_MAX_NODES; i++) {
		struct bb_node *o = &m->nodes[i];
		if (o->online && a64 >= o->bdata.start_pfn && b64 <= o->bdata.low_end_pfn)
			n = o;
	}
	if (!n)
		return BB_ERANGE;
	if (n->bootmem_open)
		return BB_ESTATE;
	a = (uint32_t)a64;
	b = (uint32_t)b64;
	if (bbi_paging_pages_overlap(n, a, b))
		return BB_EBUSY;
	if (!bbi_ram_covers(m, a, b))
		return BB_ENOTRAM;
	for (uint32_t p = a; p < b; p++) {
		if (!(n->page_state[p - n->bdata.start_pfn] & BB_PAGE_RESERVED))
			return BB_EDOUBLE;
	}
	for (uint32_t p = a; p < b; p++)
		free_one_page(m, n, p);
	n->low_unreserved += b - a;
	m->totalram_pages += b - a;
	m->initmem_pages += b - a;
	if (count)
		*count = b - a;
	return BB_OK;
}
