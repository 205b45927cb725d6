/* SPDX-License-Identifier: MIT */
/*
 * memmap.c - paging_init()'s part for one node (2.4 free_area_init_core):
 * mem_map from bootmem, every page PG_reserved, three empty zones.
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

/**
 * bb_free_area_init_node - allocate and initialise the node's mem_map.
 * @m: the machine
 * @nid: an online node with open bootmem, not initialised before
 *
 * mem_map is (pages + 1) * struct_page_bytes from alloc_bootmem_node(), so
 * the normal bootmem path (goal MAX_DMA, SMP_CACHE_BYTES, the merge) decides
 * where it lands. Our struct bb_page (16 bytes) fits any struct_page_bytes.
 * Return: BB_OK, BB_EINVAL, BB_ENODEV, BB_ERETIRED, BB_ESTATE or BB_ENOMEM.
 */
int bb_free_area_init_node(struct bb_machine *m, int nid)
{
	struct bb_node *n;
	uint32_t start, end, pages;
	uint64_t bytes, phys;
	int err;

	err = bbi_open_node(m, nid, &n);
	if (err)
		return err;
	if (n->has_mem_map)
		return BB_ESTATE;
	start = n->bdata.start_pfn;
	end = n->end_pfn;
	pages = end - start;
	bytes = ((uint64_t)pages + !BB_BUG(25)) * m->desc.struct_page_bytes;
	err = bbi_alloc_core(m, n, bytes, m->desc.smp_cache_bytes,
			     (uint64_t)m->desc.dma_end_pfn << BB_PAGE_SHIFT, &phys);
	if (err)
		return err;

	n->mem_map = (struct bb_page *)(void *)(m->arena + phys);
	for (uint32_t i = 0; i < pages; i++) {
		struct bb_page *p = &n->mem_map[i];
		p->next = BB_NO_PFN;
		p->prev = BB_NO_PFN;
		p->flags = BB_PAGE_RESERVED;
		p->pad = 0;
	}
	n->mem_map_phys = phys;
	n->mem_map_bytes = bytes;
	n->mem_map_first_pfn = (uint32_t)(phys >> BB_PAGE_SHIFT);
	n->mem_map_end_pfn = (uint32_t)pages_up(phys + bytes);
	n->low_ram_pages = bbi_ram_pages(m, start, n->bdata.low_end_pfn);
	n->low_unreserved = 0;
	for (int zi = 0; zi < BB_NR_ZONES; zi++) {
		struct bb_zone *z = &n->zones[zi];
		bbi_zone_span(m, start, end, zi, &z->start_pfn, &z->spanned_pages);
		z->map = z->spanned_pages ? n->mem_map + (z->start_pfn - start) : n->mem_map;
		z->free_pages = 0;
		z->nonempty = 0;
		for (int k = 0; k < BB_MAX_ORDER; k++) {
			z->head[k] = BB_NO_PFN;
			z->nr_free[k] = 0;
		}
	}
	n->mapped_pages = pages;
	n->has_mem_map = 1;
	return BB_OK;
}
