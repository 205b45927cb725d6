/* SPDX-License-Identifier: MIT */
/*
 * query.c - the state the harness compares (SPEC section 10): the pgdat
 * list, node and zone figures, bitmap bits, free lists and page states.
 * Queries never change anything.
 *
 * node_info reports an offline node as all zeros (online = false);
 * zone_info and bootmem_test say ENODEV for it.
 */
#include "internal.h"

/**
 * bb_pgdat_list - node ids in pgdat-list order, newest first.
 * @m: the machine
 * @ids: out, newest first; unused slots -1
 * Return: how many nodes are online.
 */
int bb_pgdat_list(const struct bb_machine *m, int ids[BB_MAX_NODES])
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	if (!ids)
		return BB_EINVAL;
	int cnt = 0;

	for (int i = m->pgdat_list; i != NO_NODE && cnt < BB_MAX_NODES; i = m->nodes[i].next)
		ids[cnt++] = i;
	for (int i = cnt; i < BB_MAX_NODES; i++)
		ids[i] = -1; /* SPEC 10: unused slots */
	return cnt;
}

/** bb_next_node - where the next alloc_pages(BB_ANY_NODE) starts: a node id, or -1 for the list head. */
int bb_next_node(const struct bb_machine *m)
{
	if (bbi_machine_err(m))
		return NO_NODE; /* a query, like bb_warnings: no error code of its own */
	return m->next_node;
}

/**
 * bb_node_info - what node @nid reports about itself.
 * @m: the machine
 * @nid: 0..BB_MAX_NODES-1
 * @out: out; all zero (online = false) for a node that is not online
 * Return: BB_OK, or BB_EINVAL for a malformed id.
 */
int bb_node_info(const struct bb_machine *m, int nid, struct bb_node_info *out)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	const struct bb_node *n;

	if (!nid_valid(nid) || !out)
		return BB_EINVAL;
	n = &m->nodes[nid];
	if (!n->online) {
		bbi_memzero(out, sizeof(*out));
		return BB_OK;
	}
	/* every field, no zeroing first: the struct has no padding */
	out->online = true;
	out->bootmem_open = n->bootmem_open != 0;
	out->has_mem_map = n->has_mem_map != 0;
	out->highmem_added = n->highmem_added != 0;
	out->start_pfn = n->bdata.start_pfn;
	out->low_end_pfn = n->bdata.low_end_pfn;
	out->end_pfn = n->end_pfn;
	out->mapstart_pfn = n->bdata.mapstart_pfn;
	out->map_bytes = n->bdata.map_bytes;
	out->map_pages = n->bdata.map_pages;
	out->last_pos = n->bdata.last_pos;
	out->last_offset = n->bdata.last_offset;
	out->mem_map_phys = n->mem_map_phys;
	out->mem_map_bytes = n->mem_map_bytes;
	out->retired_pages = n->retired_pages;
	out->highmem_pages = n->highmem_pages;
	out->valid_addr_bytes = n->valid_addr_bytes;
	out->valid_addr_phys = n->valid_addr_phys;
	return BB_OK;
}

/**
 * bb_bootmem_test - the bitmap bit of page @idx (relative to the node start).
 * @m: the machine
 * @nid: an online node with open bootmem
 * @idx: 0 .. low_end - start - 1
 * Return: 1 (reserved), 0 (free), or BB_EINVAL, BB_ENODEV, BB_ERETIRED, BB_ERANGE.
 */
int bb_bootmem_test(const struct bb_machine *m, int nid, uint32_t idx)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	const struct bb_node *n;

	if (!nid_valid(nid))
		return BB_EINVAL;
	n = &m->nodes[nid];
	if (!n->online)
		return BB_ENODEV;
	if (!n->bootmem_open)
		return BB_ERETIRED;
	if (idx >= n->bdata.low_end_pfn - n->bdata.start_pfn)
		return BB_ERANGE;
	return bm_test(n->bdata.map, idx);
}

/**
 * bb_zone_info - a zone's figures; all zero before free_area_init_node.
 * @m: the machine
 * @nid: 0..BB_MAX_NODES-1
 * @zone: BB_ZONE_DMA, BB_ZONE_NORMAL or BB_ZONE_HIGHMEM
 * @out: out
 * Return: BB_OK, BB_EINVAL for a malformed id or zone, BB_ENODEV offline.
 */
int bb_zone_info(const struct bb_machine *m, int nid, int zone, struct bb_zone_info *out)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	const struct bb_node *n;
	const struct bb_zone *z;

	if (!nid_valid(nid) || zone < 0 || zone >= BB_NR_ZONES || !out)
		return BB_EINVAL;
	n = &m->nodes[nid];
	if (!n->online)
		return BB_ENODEV;
	if (!n->has_mem_map) {
		bbi_memzero(out, sizeof(*out));
		for (int k = 0; k < BB_MAX_ORDER; k++)
			out->first[k] = BB_NO_PFN;
		return BB_OK;
	}
	/* every field, no zeroing first: the struct has no padding */
	z = &n->zones[zone];
	out->start_pfn = z->start_pfn;
	out->spanned_pages = z->spanned_pages;
	out->free_pages = bbi_zone_free_pages(z);
	for (int k = 0; k < BB_MAX_ORDER; k++) {
		out->nr_free[k] = z->nr_free[k];
		out->first[k] = z->head[k] == BB_NO_PFN ? BB_NO_PFN : z->start_pfn + z->head[k];
	}
	for (int k = 0; k < MAX_ORDER_IDX; k++) {
		out->map_bytes[k] = z->map_bytes[k];
		out->map_phys[k] = z->map_phys[k];
	}
	return BB_OK;
}

/**
 * bb_free_list - the pfns on one free list, head first.
 * @m: the machine
 * @nid: node
 * @zone: zone
 * @order: 0..9
 * @out: out, the first @max pfns; may be NULL when @max is 0
 * @max: room in @out
 * Return: the list's length (0 for a malformed or empty list); may exceed @max.
 */
uint32_t bb_free_list(const struct bb_machine *m, int nid, int zone, unsigned order,
		      uint32_t *out, uint32_t max)
{
	if (bbi_machine_err(m))
		return 0;
	const struct bb_node *n;
	const struct bb_zone *z;
	const struct bb_page *map;
	uint32_t len = 0;

	if (!nid_valid(nid) || zone < 0 || zone >= BB_NR_ZONES || order >= BB_MAX_ORDER)
		return 0;
	n = &m->nodes[nid];
	if (!n->online || !n->has_mem_map)
		return 0;
	z = &n->zones[zone];
	if (!z->spanned_pages)
		return 0;
	map = z->map;
	/* bounded by the zone size, so a corrupted list cannot loop for ever */
	for (uint32_t x = z->head[order]; x != BB_NO_PFN && x < z->spanned_pages &&
	     len <= z->spanned_pages; x = map[x].next) {
		if (out && len < max)
			out[len] = z->start_pfn + x;
		len++;
	}
	return len;
}

/**
 * bb_page_state - the BB_PAGE_* flags of @pfn.
 * @m: the machine
 * @pfn: any value
 * Return: the flags, or BB_PAGE_NONE when no mem_map describes @pfn.
 */
uint32_t bb_page_state(const struct bb_machine *m, uint32_t pfn)
{
	if (bbi_machine_err(m))
		return BB_PAGE_NONE;
	for (int i = 0; i < BB_MAX_NODES; i++) {
		const struct bb_node *n = &m->nodes[i];

		if (pfn - n->bdata.start_pfn < n->mapped_pages)
			return ps_flags(n->page_state[pfn - n->bdata.start_pfn]);
	}
	return BB_PAGE_NONE;
}

/** bb_warnings - "reserved twice" pages so far. */
uint32_t bb_warnings(const struct bb_machine *m)
{
	if (bbi_machine_err(m))
		return 0;
	return m->warnings;
}
