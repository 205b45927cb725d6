/* SPDX-License-Identifier: MIT */
/*
 * snapshot.c - the bulk forms of bootmem_test and page_state (SPEC 10), so
 * the harness compares a whole machine at memory speed instead of one
 * call per page.
 */
#include "bitmap.h"
#include "internal.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "bb_bootmem_bits stores eight lanes as one word");

/**
 * bb_bootmem_bits - bitmap bits of pages [@first, @first + @count) of an open node.
 * @out: out, one byte (0 free, 1 reserved) per page
 * Return: BB_OK, or the error bb_bootmem_test gives for the first or last index.
 */
int bb_bootmem_bits(const struct bb_machine *m, int nid, uint32_t first, uint32_t count, uint8_t *out)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	if (count && !out) /* SPEC 0.2, step 0: before the node and the range */
		return BB_EINVAL;
	int rc = bb_bootmem_test(m, nid, first);
	if (count == 0)
		return rc < 0 && rc != BB_ERANGE ? rc : BB_OK;
	if (rc < 0)
		return rc;
	if (first + count - 1 < first)
		return BB_ERANGE;
	rc = bb_bootmem_test(m, nid, first + count - 1);
	if (rc < 0)
		return rc;
	const uint32_t *map = m->nodes[nid].bdata.map;
	uint32_t i = 0;
	for (; i < count && ((first + i) & 7); i++)
		out[i] = (uint8_t)bm_test(map, first + i);
	/* Eight bits at a time: the byte copied into every lane, lane k keeps
	 * bit k, and adding 0x7f carries any set bit to the lane's top; one
	 * 8-byte store (x86 is little-endian: lane k is byte k). */
	for (; i + 8 <= count; i += 8) {
		uint32_t idx = first + i;
		uint64_t x = ((map[idx >> BM_WORD_SHIFT] >> (idx & BM_WORD_MASK)) & 0xffu) * 0x0101010101010101ull;
		x = ((x & 0x8040201008040201ull) + 0x7f7f7f7f7f7f7f7full) >> 7 & 0x0101010101010101ull;
		*(bb_u64_unaligned *)(void *)(out + i) = x;
	}
	for (; i < count; i++)
		out[i] = (uint8_t)bm_test(map, first + i);
	return BB_OK;
}

/**
 * bb_page_states - bb_page_state() of pfns [@pfn, @pfn + @count).
 * Return: @count (0 when @out is NULL).
 */
uint32_t bb_page_states(const struct bb_machine *m, uint32_t pfn, uint32_t count, uint32_t *out)
{
	if (!out)
		return 0;
	if (bbi_machine_err(m)) {
		for (uint32_t i = 0; i < count; i++)
			out[i] = BB_PAGE_NONE; /* bb_page_state()'s answer for such a machine */
		return count;
	}
	for (uint32_t i = 0; i < count;) {
		uint32_t p = pfn + i;
		const struct bb_node *hit = NULL;
		for (int k = 0; k < BB_MAX_NODES && !hit; k++)
			if (p - m->nodes[k].bdata.start_pfn < m->nodes[k].mapped_pages)
				hit = &m->nodes[k];
		if (!hit) {
			out[i++] = BB_PAGE_NONE;
			continue;
		}
		/* A run inside one mem_map: its states, straight. */
		uint32_t idx = p - hit->bdata.start_pfn, run = hit->mapped_pages - idx;
		if (run > count - i)
			run = count - i;
		for (uint32_t j = 0; j < run; j++)
			out[i + j] = ps_flags(hit->page_state[idx + j]);
		i += run;
	}
	return count;
}
