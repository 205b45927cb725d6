/* SPDX-License-Identifier: MIT */
/*
 * memmap.c - paging_init()'s part for one node (2.4 free_area_init_core):
 * mem_map and the free-area bitmaps from bootmem, every page PG_reserved,
 * three empty zones.
 * SPEC sections 5 and 6.1.
 */
#include "internal.h"

/**
 * bbi_zone_span - the part of node [@start, @end) in global zone @zone.
 * @m: the machine
 * @start: node start pfn
 * @end: node end pfn
 * @zone: BB_ZONE_*
 * @zstart: out, first pfn of the intersection (0 when empty)
 * @spanned: out, its length
 */
void bbi_zone_span(const struct bb_machine *m, uint32_t start, uint32_t end, int zone,
		   uint32_t *zstart, uint32_t *spanned)
{
	uint32_t lo = 0, hi = m->desc.phys_pages;

	if (zone == BB_ZONE_DMA) {
		hi = m->desc.dma_end_pfn;
	} else if (zone == BB_ZONE_NORMAL) {
		lo = m->desc.dma_end_pfn;
		hi = m->desc.highmem_start_pfn;
	} else {
		lo = m->desc.highmem_start_pfn;
	}
	lo = max_u32(lo, start);
	hi = min_u32(hi, end);
	if (lo < hi) {
		*zstart = lo;
		*spanned = hi - lo;
	} else {
		*zstart = 0;
		*spanned = 0;
	}
}

/* The mem_map, 9 bitmaps a zone, valid_addr_bitmap. */
#define BOOT_ALLOCS (1 + BB_NR_ZONES * MAX_ORDER_IDX + 1)

/* 2.4's LONG_ALIGN, with the simulated kernel's sizeof(long). */
static uint64_t long_align(const struct bb_machine *m, uint64_t bytes)
{
	return (bytes + m->desc.word_bytes - 1) & ~(uint64_t)(m->desc.word_bytes - 1);
}

/*
 * The bootmem allocations of 2.4's paging_init for one node, in 2.4's
 * order, all as alloc_bootmem_node (align C, goal MAX_DMA, the merge):
 * the mem_map, (pages + 1) struct pages; then free_area_init_core's toggle
 * bitmaps, per non-empty zone per order 0..8 LONG_ALIGN(((size - 1) >>
 * (order + 4)) + 1) bytes; then, with several nodes on the list, mm/numa.c
 * free_area_init_node's valid_addr_bitmap, LONG_ALIGN((pages + 7) >> 3)
 * bytes. The core keeps its buddy state in mem_map and never reads the
 * bitmaps: they are allocated so that bootmem, and everything after it,
 * matches a 2.4 boot. Writes the sizes to @sizes; returns how many.
 */
static int boot_allocations(const struct bb_machine *m, const struct bb_node *n, uint64_t sizes[BOOT_ALLOCS])
{
	uint32_t start = n->bdata.start_pfn, end = n->end_pfn, zs, span;
	int cnt = 0, nodes = 0;

	sizes[cnt++] = ((uint64_t)(end - start) + 1) * m->desc.struct_page_bytes;
	for (int zi = 0; zi < BB_NR_ZONES; zi++) {
		bbi_zone_span(m, start, end, zi, &zs, &span);
		for (unsigned k = 0; span && k < MAX_ORDER_IDX; k++)
			sizes[cnt++] = long_align(m, ((uint64_t)(span - 1) >> (k + 4)) + 1);
	}
	for (int i = m->pgdat_list; i != NO_NODE; i = m->nodes[i].next)
		nodes++;
	if (nodes > 1)
		sizes[cnt++] = long_align(m, ((uint64_t)(end - start) + 7) >> 3);
	return cnt;
}

/**
 * bb_free_area_init_node - allocate and initialise the node's mem_map.
 * @m: the machine
 * @nid: an online node with open bootmem, not initialised before
 *
 * mem_map and 2.4's free-area bitmaps come from bootmem (boot_allocations),
 * so the normal bootmem path decides where they land; when one does not
 * fit, the ones before it are undone and nothing has changed. Our links
 * and state (9 bytes a page, page.h) fit any struct_page_bytes.
 * Return: BB_OK, BB_EINVAL, BB_ENODEV, BB_ERETIRED, BB_ESTATE or BB_ENOMEM.
 */
int bb_free_area_init_node(struct bb_machine *m, int nid)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	struct bb_node *n;
	uint32_t start, end, pages, set[BOOT_ALLOCS][2];
	uint64_t sizes[BOOT_ALLOCS], got[BOOT_ALLOCS] = {0}, bytes, phys; /* = {0}: gcc -m32 cannot see cnt >= 1 */
	int err, cnt, a;

	err = bbi_open_node(m, nid, &n);
	if (err)
		return err;
	if (n->has_mem_map)
		return BB_ESTATE;
	start = n->bdata.start_pfn;
	end = n->end_pfn;
	pages = end - start;
	cnt = boot_allocations(m, n, sizes);
	uint32_t last_pos = n->bdata.last_pos, last_offset = n->bdata.last_offset, hint = n->bdata.free_hint;
	for (a = 0; a < cnt; a++) {
		err = bbi_reserve_core(n, sizes[a], m->desc.smp_cache_bytes,
				       (uint64_t)m->desc.dma_end_pfn << BB_PAGE_SHIFT, &got[a], set[a]);
		if (err)
			break;
	}
	if (err) {
		/* 2.4 panics here; we give every page back and restore the merge state,
		 * and nothing was written to memory */
		while (a-- > 0)
			bm_clear_range(n->bdata.map, set[a][0], set[a][1]);
		n->bdata.last_pos = last_pos;
		n->bdata.last_offset = last_offset;
		n->bdata.free_hint = hint;
		return err;
	}
	/* Zeroed only now that all of them are kept: a failure writes nothing.
	 * Links are read only on free heads, which set them, so zero is as
	 * good as any; then every page PG_reserved. */
	phys = got[0];
	bytes = sizes[0];
	for (a = 0; a < cnt; a++)
		bbi_memzero(m->arena + got[a], sizes[a]);

	n->mem_map = (struct bb_page *)(void *)(m->arena + phys);
	n->page_state = m->arena + phys + (uint64_t)pages * sizeof(struct bb_page);
	bbi_memfill(n->page_state, BB_PAGE_RESERVED, pages);
	n->mem_map_phys = phys;
	n->mem_map_bytes = bytes;
	n->mem_map_first_pfn = (uint32_t)(phys >> BB_PAGE_SHIFT);
	n->mem_map_end_pfn = (uint32_t)pages_up(phys + bytes);
	n->low_ram_pages = bbi_ram_pages(m, start, n->bdata.low_end_pfn);
	n->low_unreserved = 0;
	a = 1; /* got[] and sizes[] in boot_allocations' order */
	for (int zi = 0; zi < BB_NR_ZONES; zi++) {
		struct bb_zone *z = &n->zones[zi];
		bbi_zone_span(m, start, end, zi, &z->start_pfn, &z->spanned_pages);
		for (unsigned k = 0; k < MAX_ORDER_IDX; k++) {
			z->map_bytes[k] = z->spanned_pages ? (uint32_t)sizes[a] : 0;
			z->map_phys[k] = z->spanned_pages ? got[a++] : 0;
		}
		z->map = n->mem_map + (z->spanned_pages ? z->start_pfn - start : 0);
		z->state = n->page_state + (z->spanned_pages ? z->start_pfn - start : 0);
		z->nonempty = 0;
		for (int k = 0; k < BB_MAX_ORDER; k++) {
			z->head[k] = BB_NO_PFN;
			z->nr_free[k] = 0;
		}
	}
	n->valid_addr_bytes = a < cnt ? (uint32_t)sizes[a] : 0;
	n->valid_addr_phys = a < cnt ? got[a] : 0;
	n->mapped_pages = pages;
	n->has_mem_map = 1;
	return BB_OK;
}

/* Does an allocation of paging_init, [@phys, @phys + @bytes), touch pfns [@a, @b)? */
static bool touches(uint64_t phys, uint64_t bytes, uint32_t a, uint32_t b)
{
	return bytes && ranges_overlap(a, b, phys >> BB_PAGE_SHIFT, pages_up(phys + bytes));
}

/**
 * bbi_paging_pages_overlap - do pfns [@a, @b) hold any of the node's
 * paging_init allocations (mem_map, free-area bitmaps, valid_addr_bitmap)?
 * Those pages are never freed (SPEC 5): EBUSY.
 */
bool bbi_paging_pages_overlap(const struct bb_node *n, uint32_t a, uint32_t b)
{
	if (!n->has_mem_map)
		return false;
	if (ranges_overlap(a, b, n->mem_map_first_pfn, n->mem_map_end_pfn) ||
	    touches(n->valid_addr_phys, n->valid_addr_bytes, a, b))
		return true;
	for (int zi = 0; zi < BB_NR_ZONES; zi++)
		for (int k = 0; k < MAX_ORDER_IDX; k++)
			if (touches(n->zones[zi].map_phys[k], n->zones[zi].map_bytes[k], a, b))
				return true;
	return false;
}
