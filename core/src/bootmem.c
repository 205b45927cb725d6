/* SPDX-License-Identifier: MIT */
/*
 * bootmem.c - the boot memory allocator (2.4 mm/bootmem.c): node setup,
 * reserve, free and the first-fit allocator with its sub-page merge.
 * SPEC sections 2 to 4. Every check runs before the first bit changes.
 */
#include "internal.h"

#define NO_FIT UINT64_MAX

/**
 * bb_init_bootmem_node - init_bootmem_node(): register a node, bitmap all ones.
 * @m: the machine
 * @nid: node id, 0..BB_MAX_NODES-1
 * @mapstart_pfn: first page of the bitmap, inside the node's low memory
 * @start_pfn: first pfn of the node
 * @end_pfn: end of the node; bootmem stops at min(end, highmem_start_pfn)
 * @map_bytes: out, the bitmap size, 2.4's return value; may be NULL
 * Return: BB_OK, BB_EINVAL, BB_EEXIST, BB_ERANGE or BB_ENOTRAM (SPEC 2).
 */
int bb_init_bootmem_node(struct bb_machine *m, int nid, uint32_t mapstart_pfn,
			 uint32_t start_pfn, uint32_t end_pfn, uint32_t *map_bytes)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	struct bb_node *n;
	uint32_t low_end, bytes, pages;

	if (!nid_valid(nid))
		return BB_EINVAL;
	n = &m->nodes[nid];
	if (n->online)
		return BB_EEXIST;
	if (!(start_pfn <= end_pfn && end_pfn <= m->desc.phys_pages))
		return BB_ERANGE;
	low_end = min_u32(end_pfn, m->desc.highmem_start_pfn);
	/* No low memory for the bitmap; an empty node (2.4: mapsize 0) needs none. */
	if (!(start_pfn < low_end || (start_pfn == end_pfn && start_pfn <= low_end)))
		return BB_EINVAL;
	for (int i = 0; i < BB_MAX_NODES; i++) {
		const struct bb_node *o = &m->nodes[i];
		if (o->online && ranges_overlap(start_pfn, end_pfn, o->bdata.start_pfn, o->end_pfn))
			return BB_EEXIST;
	}
	/* 2.4's mapsize: a bit per page, rounded up to sizeof(long) of the simulated kernel. */
	bytes = (low_end - start_pfn + 7) / 8;
	bytes = (bytes + m->desc.word_bytes - 1) & ~(m->desc.word_bytes - 1);
	pages = (uint32_t)pages_up(bytes);
	if (mapstart_pfn < start_pfn || (uint64_t)mapstart_pfn + pages > low_end)
		return BB_ERANGE;
	if (!bbi_ram_covers(m, mapstart_pfn, mapstart_pfn + pages))
		return BB_ENOTRAM;

	bbi_memzero(n, sizeof(*n));
	n->online = 1;
	n->bootmem_open = 1;
	n->end_pfn = end_pfn;
	n->bdata.map = (uint32_t *)(void *)(m->arena + ((uint64_t)mapstart_pfn << BB_PAGE_SHIFT));
	n->bdata.start_pfn = start_pfn;
	n->bdata.low_end_pfn = low_end;
	n->bdata.mapstart_pfn = mapstart_pfn;
	n->bdata.map_bytes = bytes;
	n->bdata.map_pages = pages;
	n->bdata.free_hint = low_end - start_pfn; /* nothing is free yet */
	/* Every page reserved; the bits past the node's end stay set for good and stop scans. */
	bbi_memfill(n->bdata.map, 0xff, bytes);
	n->next = m->pgdat_list;
	m->pgdat_list = (int8_t)nid;
	if (map_bytes)
		*map_bytes = bytes;
	return BB_OK;
}

/**
 * bb_reserve_bootmem_node - reserve [addr, addr+size), rounded outward.
 * @m: the machine
 * @nid: an open node
 * @addr: physical byte address
 * @size: bytes, non-zero
 * @twice: out, pages that were already reserved; may be NULL
 * Return: BB_OK, or the SPEC 3 error; "reserved twice" is a warning, counted.
 */
int bb_reserve_bootmem_node(struct bb_machine *m, int nid, uint64_t addr,
			    uint64_t size, uint32_t *twice)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	struct bb_node *n;
	uint64_t sp, ep;
	uint32_t a, b, was;
	int err = bbi_open_node(m, nid, &n);

	if (err)
		return err;
	if (!size)
		return BB_EINVAL;
	sp = (uint64_t)n->bdata.start_pfn << BB_PAGE_SHIFT;
	ep = (uint64_t)n->bdata.low_end_pfn << BB_PAGE_SHIFT;
	if (addr < sp || addr > ep || size > ep - addr)
		return BB_ERANGE;
	a = (uint32_t)((addr - sp) >> BB_PAGE_SHIFT);
	b = (uint32_t)pages_up(addr + size - sp);
	was = bm_set_range(n->bdata.map, a, b);
	m->warnings += was;
	if (twice)
		*twice = was;
	return BB_OK;
}

/**
 * bb_free_bootmem_node - free the whole pages inside [addr, addr+size).
 * @m: the machine
 * @nid: an open node
 * @addr: physical byte address
 * @size: bytes, non-zero
 * @freed: out, pages freed; may be NULL
 * Return: BB_OK, or the SPEC 3 error; the whole range is checked first.
 */
int bb_free_bootmem_node(struct bb_machine *m, int nid, uint64_t addr,
			 uint64_t size, uint32_t *freed)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	struct bb_node *n;
	struct bb_bootmem *bd;
	uint64_t sp;
	uint32_t a, b, pa, pb;
	int err = bbi_open_node(m, nid, &n);

	if (err)
		return err;
	if (!size)
		return BB_EINVAL;
	bd = &n->bdata;
	sp = (uint64_t)bd->start_pfn << BB_PAGE_SHIFT;
	/* 2.4's end check: the rounded-down end, so a partial last page may lie past the node */
	if (addr < sp || size > UINT64_MAX - addr || (addr + size) >> BB_PAGE_SHIFT > bd->low_end_pfn)
		return BB_ERANGE;
	/* Inward: a partly covered page stays reserved. */
	a = (uint32_t)pages_up(addr - sp);
	b = (uint32_t)((addr + size - sp) >> BB_PAGE_SHIFT);
	if (a >= b) {
		if (freed)
			*freed = 0;
		return BB_OK;
	}
	pa = bd->start_pfn + a;
	pb = bd->start_pfn + b;
	if (!bbi_ram_covers(m, pa, pb))
		return BB_ENOTRAM;
	if (ranges_overlap(pa, pb, bd->mapstart_pfn, bd->mapstart_pfn + bd->map_pages))
		return BB_EBUSY;
	if (bbi_paging_pages_overlap(n, pa, pb))
		return BB_EBUSY;
	if (!bm_all_set(bd->map, a, b))
		return BB_EDOUBLE;
	bm_clear_range(bd->map, a, b);
	/* Never merge a later allocation into a page that is free again. */
	if (bd->last_offset && bd->last_pos >= a && bd->last_pos < b)
		bd->last_offset = 0;
	if (a < bd->free_hint)
		bd->free_hint = a;
	if (freed)
		*freed = b - a;
	return BB_OK;
}

/* ---- the scan (SPEC 4.1) ---------------------------------------------- */

/* Positions p of @f whose bits p .. p+n-1 are all set (1 <= n <= 32). */
static inline uint64_t runs_of(uint64_t f, uint32_t n)
{
	uint32_t k = 1;

	while (k < n) {
		uint32_t sh = min_u32(k, n - k);
		f &= f >> sh;
		k += sh;
	}
	return f;
}

/*
 * Small runs on a fine grid (n <= 32, incr <= 32): one window of 64 bits per
 * word finds every clear run of n bits starting in the word at once. The
 * grid is the same in every word because 32 is a multiple of incr.
 */
static uint32_t scan_words(const uint32_t *map, uint32_t nwords, uint32_t from,
			   uint32_t last, uint32_t n, uint32_t grid)
{
	uint32_t wi = from >> BM_WORD_SHIFT, wlast = last >> BM_WORD_SHIFT;
	uint32_t keep = grid & (~0u << (from & BM_WORD_MASK));

	for (;;) {
		uint32_t w = map[wi];

		if (w != ~0u) {
			uint64_t f = (uint32_t)~w;
			uint32_t c;

			if (n > 1) {
				uint32_t w1 = wi + 1 < nwords ? map[wi + 1] : ~0u;
				f = runs_of(f | (uint64_t)(uint32_t)~w1 << 32, n);
			}
			c = (uint32_t)f & keep;
			if (wi == wlast)
				c &= bm_mask(0, (last & BM_WORD_MASK) + 1);
			if (c)
				return wi << BM_WORD_SHIFT | bm_ctz(c);
		}
		if (wi == wlast)
			return UINT32_MAX;
		wi++;
		keep = grid;
		/* long reserved stretches: 16 words per step, then two (never past wlast) */
		while (wi + 15 < wlast && bm_full_pairs(map + wi, 8))
			wi += 16;
		while (wi + 1 < wlast && bm_full_pairs(map + wi, 1))
			wi += 2;
	}
}

/*
 * First fit from candidate @from (on the grid) to candidate @limit
 * (exclusive): the first c with (@s + c) % incr == 0, bits [c, c + n)
 * clear and c + n <= eidx. @s is the node's start pfn (alignment relative
 * to physical 0). NO_FIT when there is none.
 */
static uint64_t scan(const struct bb_bootmem *bd, uint32_t s, uint64_t from, uint64_t limit,
		     uint64_t n, uint64_t incr)
{
	const uint32_t *map = bd->map;
	uint32_t eidx = bd->low_end_pfn - bd->start_pfn;
	uint64_t last, c;

	if (n > eidx || !limit)
		return NO_FIT;
	last = eidx - n; /* a candidate must leave room for n pages */
	if (limit - 1 < last)
		last = limit - 1;
	/* Nothing below free_hint is clear: candidates start at the first grid point from there. */
	if (from < bd->free_hint)
		from = round_up64((uint64_t)s + bd->free_hint, incr) - s;
	if (from > last)
		return NO_FIT;

	if (n <= BM_WORD_BITS && incr <= BM_WORD_BITS) {
		uint32_t phase = (uint32_t)((incr - (s & (incr - 1))) & (incr - 1));
		/* every incr-th bit from phase: bit 0 of each period, shifted up (phase < incr) */
		static const uint32_t every[6] = {
			0xffffffffu, 0x55555555u, 0x11111111u, 0x01010101u, 0x00010001u, 0x00000001u,
		};
		uint32_t grid = every[bm_ctz((uint32_t)incr)] << phase;
		uint32_t r;

		r = scan_words(map, bd->map_bytes / 4, (uint32_t)from, (uint32_t)last,
			       (uint32_t)n, grid);
		return r == UINT32_MAX ? NO_FIT : r;
	}

	/* Large runs or a coarse grid: jump from clear bit to set bit. */
	c = from;
	while (c <= last) {
		uint32_t z = bm_find_zero(map, (uint32_t)c, (uint32_t)last + 1);
		uint32_t o;

		if (z > last)
			return NO_FIT;
		c = round_up64((uint64_t)s + z, incr) - s;
		if (c > last)
			return NO_FIT;
		o = bm_find_one(map, (uint32_t)c, (uint32_t)(c + n));
		if (o == c + n)
			return c;
		c = o + 1; /* every candidate up to o contains the set bit o */
	}
	return NO_FIT;
}

/**
 * bbi_reserve_core - __alloc_bootmem_core() on one open node (SPEC 4.1, 4.2)
 * but for the zeroing: find the place, reserve its pages, move the merge state.
 * @n: an online node with open bootmem
 * @size: bytes, non-zero
 * @align: a power of two
 * @goal: preferred physical address, ignored when outside the node
 * @phys: out, where the allocation starts
 * @set: out, the bitmap indices [set[0], set[1]) it reserved (to undo it)
 * Return: BB_OK, or BB_ENOMEM with nothing changed.
 */
int bbi_reserve_core(struct bb_node *n, uint64_t size,
		     uint64_t align, uint64_t goal, uint64_t *phys, uint32_t set[2])
{
	struct bb_bootmem *bd = &n->bdata;
	uint32_t s = bd->start_pfn, e = bd->low_end_pfn;
	uint64_t sp = (uint64_t)s << BB_PAGE_SHIFT;
	uint64_t areasize = pages_up(size);
	uint64_t incr = align >> BB_PAGE_SHIFT ? align >> BB_PAGE_SHIFT : 1;
	uint64_t g, i0, r0, start, addr;
	uint32_t new_pos, new_off;

	g = goal && goal >= sp && (goal >> BB_PAGE_SHIFT) < e ? goal : sp;
	/* Alignment is relative to physical 0 (2.4.20's offset). */
	i0 = (round_up64(g, align) - sp) >> BB_PAGE_SHIFT;
	r0 = (round_up64(sp, align) - sp) >> BB_PAGE_SHIFT;
	start = scan(bd, s, i0, e - s, areasize, incr);
	/* Restart from the aligned start; candidates from i0 on failed already. */
	if (start == NO_FIT && i0 != r0)
		start = scan(bd, s, r0, i0, areasize, incr);
	if (start == NO_FIT)
		return BB_ENOMEM;

	if (align <= PAGE_BYTES && bd->last_offset &&
	    (uint64_t)bd->last_pos + 1 == start) {
		/* Merge into the partly used page just below start. */
		uint64_t offset = round_up64(bd->last_offset, align);
		uint64_t remaining = PAGE_BYTES - offset;

		addr = sp + ((uint64_t)bd->last_pos << BB_PAGE_SHIFT) + offset;
		if (size < remaining) {
			areasize = 0;
			new_pos = bd->last_pos;
			new_off = (uint32_t)(offset + size);
		} else {
			uint64_t rest = size - remaining;
			areasize = pages_up(rest);
			new_pos = (uint32_t)(start + areasize - 1);
			new_off = (uint32_t)(rest & PAGE_OFFSET_MASK);
		}
	} else {
		addr = sp + (start << BB_PAGE_SHIFT);
		new_pos = (uint32_t)(start + areasize - 1);
		new_off = (uint32_t)(size & PAGE_OFFSET_MASK);
	}
	bd->last_pos = new_pos;
	bd->last_offset = new_off;
	bm_set_range(bd->map, (uint32_t)start, (uint32_t)(start + areasize));
	set[0] = (uint32_t)start;
	set[1] = (uint32_t)(start + areasize);
	*phys = addr;
	return BB_OK;
}

/** bbi_alloc_core - __alloc_bootmem_core(): bbi_reserve_core(), then zero the memory. */
int bbi_alloc_core(struct bb_machine *m, struct bb_node *n, uint64_t size,
		   uint64_t align, uint64_t goal, uint64_t *phys)
{
	uint32_t set[2];
	int err = bbi_reserve_core(n, size, align, goal, phys, set);

	if (!err)
		bbi_memzero(m->arena + *phys, size);
	return err;
}

/* SPEC 4: argument checks after the node checks. */
static int bad_args(uint64_t size, uint64_t align)
{
	if (!size || !align || (align & (align - 1)))
		return BB_EINVAL;
	return BB_OK;
}

/**
 * bb___alloc_bootmem_node - __alloc_bootmem_core() on @nid, or
 * __alloc_bootmem() over every open node in pgdat-list order (BB_ANY_NODE).
 * @m: the machine
 * @nid: a node or BB_ANY_NODE
 * @size: bytes, non-zero
 * @align: a power of two (0 is refused)
 * @goal: preferred physical address
 * @phys: out, the zeroed allocation
 * Return: BB_OK or the SPEC 0/4 error.
 */
int bb___alloc_bootmem_node(struct bb_machine *m, int nid, uint64_t size,
			    uint64_t align, uint64_t goal, uint64_t *phys)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	struct bb_node *n;
	uint64_t addr;
	int err;

	if (nid == BB_ANY_NODE) {
		bool open = false;

		if (m->pgdat_list == NO_NODE)
			return BB_ENODEV;
		for (int i = m->pgdat_list; i != NO_NODE; i = m->nodes[i].next)
			open |= m->nodes[i].bootmem_open != 0;
		if (!open)
			return BB_ERETIRED;
		err = bad_args(size, align);
		if (err)
			return err;
		for (int i = m->pgdat_list; i != NO_NODE; i = m->nodes[i].next) {
			if (m->nodes[i].online && m->nodes[i].bootmem_open &&
			    bbi_alloc_core(m, &m->nodes[i], size, align, goal, &addr) == BB_OK) {
				if (phys)
					*phys = addr;
				return BB_OK;
			}
		}
		return BB_ENOMEM;
	}
	err = bbi_open_node(m, nid, &n);
	if (err)
		return err;
	err = bad_args(size, align);
	if (err)
		return err;
	err = bbi_alloc_core(m, n, size, align, goal, &addr);
	if (!err && phys)
		*phys = addr;
	return err;
}

static uint64_t max_dma(const struct bb_machine *m)
{
	return (uint64_t)m->desc.dma_end_pfn << BB_PAGE_SHIFT;
}

/** bb_alloc_bootmem - every node, SMP_CACHE_BYTES aligned, goal MAX_DMA_ADDRESS. */
int bb_alloc_bootmem(struct bb_machine *m, uint64_t size, uint64_t *phys)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	return bb___alloc_bootmem_node(m, BB_ANY_NODE, size, m->desc.smp_cache_bytes, max_dma(m), phys);
}

/** bb_alloc_bootmem_low - every node, SMP_CACHE_BYTES aligned, goal 0. */
int bb_alloc_bootmem_low(struct bb_machine *m, uint64_t size, uint64_t *phys)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	return bb___alloc_bootmem_node(m, BB_ANY_NODE, size, m->desc.smp_cache_bytes, 0, phys);
}

/** bb_alloc_bootmem_pages - every node, page aligned, goal MAX_DMA_ADDRESS. */
int bb_alloc_bootmem_pages(struct bb_machine *m, uint64_t size, uint64_t *phys)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	return bb___alloc_bootmem_node(m, BB_ANY_NODE, size, PAGE_BYTES, max_dma(m), phys);
}

/** bb_alloc_bootmem_low_pages - every node, page aligned, goal 0. */
int bb_alloc_bootmem_low_pages(struct bb_machine *m, uint64_t size, uint64_t *phys)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	return bb___alloc_bootmem_node(m, BB_ANY_NODE, size, PAGE_BYTES, 0, phys);
}

/** bb_alloc_bootmem_node - node @nid, SMP_CACHE_BYTES aligned, goal MAX_DMA_ADDRESS. */
int bb_alloc_bootmem_node(struct bb_machine *m, int nid, uint64_t size, uint64_t *phys)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	if (nid == BB_ANY_NODE)
		return BB_EINVAL; /* a pgdat in 2.4, never "any" (SPEC 4.3) */
	return bb___alloc_bootmem_node(m, nid, size, m->desc.smp_cache_bytes, max_dma(m), phys);
}

/** bb_alloc_bootmem_pages_node - node @nid, page aligned, goal MAX_DMA_ADDRESS. */
int bb_alloc_bootmem_pages_node(struct bb_machine *m, int nid, uint64_t size, uint64_t *phys)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	if (nid == BB_ANY_NODE)
		return BB_EINVAL;
	return bb___alloc_bootmem_node(m, nid, size, PAGE_BYTES, max_dma(m), phys);
}

/** bb_alloc_bootmem_low_pages_node - node @nid, page aligned, goal 0. */
int bb_alloc_bootmem_low_pages_node(struct bb_machine *m, int nid, uint64_t size, uint64_t *phys)
{
	if (bbi_machine_err(m))
		return bbi_machine_err(m);
	if (nid == BB_ANY_NODE)
		return BB_EINVAL;
	return bb___alloc_bootmem_node(m, nid, size, PAGE_BYTES, 0, phys);
}
