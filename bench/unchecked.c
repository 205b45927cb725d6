/* SPDX-License-Identifier: MIT */
/*
 * unchecked.c - the core's alloc_pages and free_pages without their checks
 * (unchecked.h), white-box through core/src/internal.h. Node 0 or any
 * valid node only; a bad call corrupts the machine.
 */
#include "internal.h" /* core/src: bbi_alloc_unchecked, bbi_free_unchecked */
#include "unchecked.h"

int bbu_alloc_pages(struct bb_machine *m, int nid, int gfp, unsigned order, uint32_t *pfn)
{
	return bbi_alloc_unchecked(&m->nodes[nid], gfp, order, pfn) ? BB_OK : BB_ENOMEM;
}

int bbu_free_pages(struct bb_machine *m, uint32_t pfn, unsigned order)
{
	bbi_free_unchecked(m, pfn, order);
	return BB_OK;
}
