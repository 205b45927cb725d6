/* SPDX-License-Identifier: MIT */
/*
 * machine.c - the machine: description validation, initialisation, the
 * physical-to-host mapping and the RAM map (2.4's page_is_ram, by range).
 */
#include "internal.h"

static bool pow2_in(uint32_t x, uint32_t lo, uint32_t hi)
{
	return x >= lo && x <= hi && !(x & (x - 1));
}

/**
 * bbi_desc_valid - is @d a machine SPEC section 1 accepts?
 * @d: the description
 * Return: true when every rule of the section holds.
 */
bool bbi_desc_valid(const struct bb_machine_desc *d)
{
	if (d->phys_pages < 1 || d->phys_pages > BB_MAX_PFN)
		return false;
	if (d->word_bytes != 4 && d->word_bytes != 8)
		return false;
	if (!pow2_in(d->smp_cache_bytes, 16, 4096) || !pow2_in(d->struct_page_bytes, 16, 256))
		return false;
	if (d->dma_end_pfn > d->highmem_start_pfn || d->highmem_start_pfn > d->phys_pages)
		return false;
	if (d->nr_ram > BB_MAX_RAM_RANGES)
		return false;
	for (uint32_t i = 0; i < d->nr_ram; i++) {
		const struct bb_ram_range *r = &d->ram[i];
		if (r->start_pfn >= r->end_pfn || r->end_pfn > d->phys_pages)
			return false;
		if (i && r->start_pfn < d->ram[i - 1].end_pfn)
			return false; /* sorted and disjoint; touching is fine */
	}
	if (d->kernel.text > d->kernel.etext || d->kernel.etext > d->kernel.edata)
		return false;
	return d->kernel.init_begin <= d->kernel.init_end;
}

/**
 * bb_machine_init - start a machine with no nodes.
 * @m: caller-owned storage, overwritten
 * @desc: the machine (SPEC section 1)
 * @arena: host memory standing for physical address 0 upward
 * @arena_bytes: at least desc->phys_pages pages
 * Return: BB_OK, or BB_EINVAL (and @m untouched) when anything is malformed.
 */
int bb_machine_init(struct bb_machine *m, const struct bb_machine_desc *desc,
		    void *arena, uint64_t arena_bytes)
{
	if (!m || !desc || !arena || !bbi_desc_valid(desc))
		return BB_EINVAL;
	if (arena_bytes < (uint64_t)desc->phys_pages << BB_PAGE_SHIFT)
		return BB_EINVAL;
	bbi_memzero(m, sizeof(*m));
	bbi_memcopy(&m->desc, desc, sizeof(*desc)); /* no struct assignment: that may be memcpy */
	m->arena = arena;
	m->arena_bytes = arena_bytes;
	m->ready = BB_MACHINE_READY;
	m->pgdat_list = NO_NODE;
	m->next_node = NO_NODE;
	for (int i = 0; i < BB_MAX_NODES; i++)
		m->nodes[i].next = NO_NODE;
	return BB_OK;
}

/**
 * bb_phys_to_virt - the host address of physical address @phys.
 * Return: arena + @phys, or NULL beyond the arena.
 */
void *bb_phys_to_virt(const struct bb_machine *m, uint64_t phys)
{
	if (bbi_machine_err(m))
		return NULL;
	if (phys > m->arena_bytes) /* a ready machine has an arena */
		return NULL;
	return m->arena + phys;
}

/** bbi_ram_covers - is every pfn of [@a, @b) RAM? (Empty: true.) */
bool bbi_ram_covers(const struct bb_machine *m, uint32_t a, uint32_t b)
{
	uint32_t cur = a;

	if (a >= b)
		return true;
	for (uint32_t i = 0; i < m->desc.nr_ram; i++) {
		const struct bb_ram_range *r = &m->desc.ram[i];
		if (r->end_pfn <= cur)
			continue;
		if (r->start_pfn > cur)
			return false; /* a hole at cur */
		cur = r->end_pfn;  /* ranges may touch: keep walking */
		if (cur >= b)
			return true;
	}
	return false;
}

/** bbi_ram_pages - how many pfns of [@a, @b) are RAM. */
uint32_t bbi_ram_pages(const struct bb_machine *m, uint32_t a, uint32_t b)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < m->desc.nr_ram; i++) {
		uint32_t lo = max_u32(a, m->desc.ram[i].start_pfn);
		uint32_t hi = min_u32(b, m->desc.ram[i].end_pfn);
		if (lo < hi)
			n += hi - lo;
	}
	return n;
}
