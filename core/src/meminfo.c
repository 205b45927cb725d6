/* SPDX-License-Identifier: MIT */
/*
 * meminfo.c - mem_init()'s figures (SPEC section 9), in O(nodes + zones):
 * the reserved-page count is kept as "RAM below highmem minus the pages
 * whose PG_reserved was cleared", since a cleared page is never reserved
 * again. bb_check() recounts it page by page.
 */
#include "internal.h"

/**
 * bb_mem_info - the figures of mem_init()'s "Memory: ..." line, now.
 * @m: the machine
 * @out: out
 * Return: BB_OK (BB_EINVAL for a NULL @out).
 */
int bb_mem_info(const struct bb_machine *m, struct bb_mem_info *out)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	uint32_t free = 0, total = 0, reserved = 0;

	if (!out)
		return BB_EINVAL;
	for (int i = 0; i < BB_MAX_NODES; i++) {
		const struct bb_node *n = &m->nodes[i];

		if (!n->online)
			continue;
		total += n->end_pfn - n->bdata.start_pfn;
		if (!n->has_mem_map)
			continue;
		reserved += n->low_ram_pages - n->low_unreserved;
		for (int z = 0; z < BB_NR_ZONES; z++)
			free += bbi_zone_free_pages(&n->zones[z]);
	}
	out->free_pages = free;
	out->total_pages = total;
	out->reserved_pages = reserved;
	out->highmem_pages = m->totalhigh_pages;
	out->totalram_pages = m->totalram_pages;
	out->code_bytes = m->desc.kernel.etext - m->desc.kernel.text;
	out->data_bytes = m->desc.kernel.edata - m->desc.kernel.etext;
	out->init_bytes = m->desc.kernel.init_end - m->desc.kernel.init_begin;
	return BB_OK;
}
