/* SPDX-License-Identifier: MIT */
/*
 * query.c - what the reference model reports about its state (SPEC 10).
 * Queries never change anything.
 */
#include <string.h>

#include "model.h"

int ref_pgdat_list(const struct ref_machine *m, int ids[BB_MAX_NODES])
{
	if (m == NULL || ids == NULL)
		return BB_EINVAL;
	for (int i = 0; i < BB_MAX_NODES; i++)
		ids[i] = i < m->nr_list ? m->list[i] : -1;
	return m->nr_list;
}

/* SPEC 6.3: where the next alloc_pages(BB_ANY_NODE) starts, -1 for the list head. */
int ref_next_node(const struct ref_machine *m)
{
	return m == NULL ? -1 : m->next_node;
}

int ref_node_info(const struct ref_machine *m, int nid, struct bb_node_info *out)
{
	if (m == NULL || out == NULL || !nid_in_range(nid))
		return BB_EINVAL;
	const struct ref_node *nd = &m->node[nid];
	if (!nd->online) {
		memset(out, 0, sizeof(*out));
		return BB_OK;
	}
	/* every field (the struct has no padding) */
	out->online = nd->online;
	out->bootmem_open = nd->bootmem_open;
	out->has_mem_map = nd->has_mem_map;
	out->highmem_added = nd->highmem_added;
	out->start_pfn = nd->start;
	out->low_end_pfn = nd->low_end;
	out->end_pfn = nd->end;
	out->mapstart_pfn = nd->mapstart;
	out->map_bytes = nd->map_bytes;
	out->map_pages = nd->map_pages;
	out->last_pos = nd->last_pos;
	out->last_offset = nd->last_offset;
	out->mem_map_phys = nd->mem_map_phys;
	out->mem_map_bytes = nd->mem_map_bytes;
	out->retired_pages = nd->retired_pages;
	out->highmem_pages = nd->highmem_pages;
	out->valid_addr_bytes = nd->valid_addr_bytes;
	out->valid_addr_phys = nd->valid_addr_phys;
	return BB_OK;
}

int ref_bootmem_test(const struct ref_machine *m, int nid, uint32_t idx)
{
	int rc = bootmem_node_check(m, nid);
	if (rc != BB_OK)
		return rc;
	const struct ref_node *nd = &m->node[nid];
	if (idx >= nd->low_end - nd->start)
		return BB_ERANGE;
	return nd->bit[idx] ? 1 : 0;
}

/* SPEC 10: bootmem_test over a range. */
int ref_bootmem_bits(const struct ref_machine *m, int nid, uint32_t first, uint32_t count, uint8_t *out)
{
	if (count != 0 && out == NULL)
		return BB_EINVAL; /* S0.2 step 0: a missing answer buffer comes before the node and the range */
	int rc = bootmem_node_check(m, nid);
	if (rc != BB_OK || count == 0)
		return rc;
	rc = ref_bootmem_test(m, nid, first);
	if (rc >= 0)
		rc = ref_bootmem_test(m, nid, first + count - 1);
	if (rc < 0 || first + count - 1 < first)
		return rc < 0 ? rc : BB_ERANGE;
	/* the model's bits are the bytes 0 and 1 already */
	memcpy(out, m->node[nid].bit + first, count);
	return BB_OK;
}

int ref_zone_info(const struct ref_machine *m, int nid, int zone, struct bb_zone_info *out)
{
	if (m == NULL || out == NULL || !nid_in_range(nid) || zone < 0 || zone >= BB_NR_ZONES)
		return BB_EINVAL;
	if (!m->node[nid].online)
		return BB_ENODEV;
	const struct ref_zone *zn = &m->node[nid].zone[zone];
	/* every field (the struct has no padding) */
	out->start_pfn = zn->start_pfn;
	out->spanned_pages = zn->spanned;
	out->free_pages = zn->free_pages;
	for (int k = 0; k < MAX_ORDER; k++) {
		out->nr_free[k] = zn->list[k].len;
		out->first[k] = zn->list[k].len ? zn->list[k].head : BB_NO_PFN;
	}
	for (int k = 0; k < MAX_ORDER - 1; k++) {
		out->map_bytes[k] = zn->map_bytes[k];
		out->map_phys[k] = zn->map_phys[k];
	}
	return BB_OK;
}

uint32_t ref_free_list(const struct ref_machine *m, int nid, int zone, unsigned order,
		       uint32_t *out, uint32_t max)
{
	if (m == NULL || !nid_in_range(nid) || zone < 0 || zone >= BB_NR_ZONES || order > TOP_ORDER)
		return 0;
	if (!m->node[nid].online)
		return 0;
	const struct ref_zone *zn = &m->node[nid].zone[zone];
	const struct ref_list *l = &zn->list[order];
	uint32_t pfn = l->len ? l->head : BB_NO_PFN;
	for (uint32_t i = 0; i < l->len && i < max && out != NULL; i++, pfn = list_next(zn, pfn))
		out[i] = pfn; /* head first */
	return l->len;
}

/* What one struct page reports (SPEC 10). */
static inline uint32_t state_of(const struct ref_page *pg)
{
	if (!pg->present)
		return BB_PAGE_NONE;
	/* written as selects, not branches: a whole-state comparison reads
	 * every page, and the flags mix unpredictably */
	uint32_t head = pg->head == HEAD_FREE ? BB_PAGE_FREE_HEAD : pg->head == HEAD_ALLOC ? BB_PAGE_ALLOC_HEAD : 0;
	return (pg->reserved ? BB_PAGE_RESERVED : 0) | (pg->highmem ? BB_PAGE_HIGHMEM : 0) |
	       (head ? head | (uint32_t)pg->order << BB_PAGE_ORDER_SHIFT : 0);
}

uint32_t ref_page_state(const struct ref_machine *m, uint32_t pfn)
{
	if (m == NULL || pfn >= m->desc.phys_pages)
		return BB_PAGE_NONE;
	return state_of(&m->page[pfn]);
}

/* SPEC 10: page_state over a range (pfn + i never wraps: pfns are below 2^20). */
uint32_t ref_page_states(const struct ref_machine *m, uint32_t pfn, uint32_t count, uint32_t *out)
{
	if (out == NULL)
		return 0;
	uint32_t inside = m == NULL || pfn >= m->desc.phys_pages ? 0 : m->desc.phys_pages - pfn;
	uint32_t i = 0;
	for (; i < count && i < inside; i++)
		out[i] = state_of(&m->page[pfn + i]);
	for (; i < count; i++)
		out[i] = BB_PAGE_NONE;
	return count;
}

bool ref_free_neighbours(const struct ref_machine *m, uint32_t pfn, unsigned order, uint32_t *prev, uint32_t *next)
{
	if (m == NULL || pfn >= m->desc.phys_pages)
		return false;
	const struct ref_page *pg = &m->page[pfn];
	if (!pg->present || pg->head != HEAD_FREE || pg->order != order)
		return false;
	for (int n = 0; n < BB_MAX_NODES; n++)
		for (int z = 0; z < BB_NR_ZONES; z++) {
			const struct ref_zone *zn = &m->node[n].zone[z];
			if (zn->spanned && pfn - zn->start_pfn < zn->spanned) {
				*prev = zn->prev[pfn - zn->start_pfn];
				*next = zn->next[pfn - zn->start_pfn];
				return true;
			}
		}
	return false;
}

int ref_mem_info(const struct ref_machine *m, struct bb_mem_info *out)
{
	if (m == NULL || out == NULL)
		return BB_EINVAL;
	struct bb_mem_info mi;
	memset(&mi, 0, sizeof(mi));
	for (int n = 0; n < BB_MAX_NODES; n++) {
		const struct ref_node *nd = &m->node[n];
		if (!nd->online)
			continue;
		mi.total_pages += nd->end - nd->start;
		for (int z = 0; z < BB_NR_ZONES; z++)
			mi.free_pages += nd->zone[z].free_pages;
	}
	mi.reserved_pages = m->reserved_low_ram;
	mi.highmem_pages = m->totalhigh_pages;
	mi.totalram_pages = m->totalram_pages;
	mi.code_bytes = m->desc.kernel.etext - m->desc.kernel.text;
	mi.data_bytes = m->desc.kernel.edata - m->desc.kernel.etext;
	mi.init_bytes = m->desc.kernel.init_end - m->desc.kernel.init_begin;
	*out = mi;
	return BB_OK;
}

uint32_t ref_warnings(const struct ref_machine *m)
{
	return m == NULL ? 0 : m->warnings;
}
