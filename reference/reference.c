/* SPDX-License-Identifier: MIT */
/*
 * reference.c - the reference model of docs/SPEC.md.
 *
 * Deliberately simple: one small struct of state per page, one byte per
 * bootmem bit, free lists doubly linked through a pair of links a page,
 * linear scans, everything one page at a time. No memory is simulated:
 * addresses are numbers, nothing is zeroed. All address arithmetic is
 * uint64_t.
 *
 * Section numbers in comments ("S4.1") refer to docs/SPEC.md.
 */
#include "model.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>


/* ---------------------------------------------------------------------- */

static bool is_pow2(uint64_t x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

/* Least multiple of a (a power of two) that is >= x; callers keep x small. */
static uint64_t round_up(uint64_t x, uint64_t a)
{
	uint64_t r = x % a;
	return r == 0 ? x : x + (a - r);
}

static uint64_t div_ceil(uint64_t x, uint64_t d)
{
	return x / d + (x % d != 0 ? 1 : 0);
}



static bool any_node_online(const struct ref_machine *m)
{
	return m->nr_list > 0;
}

/* S2 (bitmap pages are protected): is one of pfns [first, last) a bitmap page of node nd? */
static bool holds_bitmap_page(const struct ref_node *nd, uint64_t first, uint64_t last)
{
	return nd->map_pages != 0 && first < last && first < (uint64_t)nd->mapstart + nd->map_pages &&
	       last > nd->mapstart;
}

/* Does [phys, phys + bytes) touch one of pfns [first, last)? (The pages it
 * touches are [phys / P, div_ceil(phys + bytes, P)); two ranges meet.) */
static bool touches_pages(uint64_t phys, uint64_t bytes, uint64_t first, uint64_t last)
{
	return bytes != 0 && first < last && first < div_ceil(phys + bytes, P) && last > phys / P;
}

/* S5: is one of pfns [first, last) a page of the node's mem_map, free-area
 * bitmaps or valid_addr_bitmap? */
static bool holds_paging_page(const struct ref_node *nd, uint64_t first, uint64_t last)
{
	if (!nd->has_mem_map)
		return false;
	if (touches_pages(nd->mem_map_phys, nd->mem_map_bytes, first, last) ||
	    touches_pages(nd->valid_addr_phys, nd->valid_addr_bytes, first, last))
		return true;
	for (int z = 0; z < BB_NR_ZONES; z++)
		for (int k = 0; k < MAX_ORDER - 1; k++)
			if (touches_pages(nd->zone[z].map_phys[k], nd->zone[z].map_bytes[k], first, last))
				return true;
	return false;
}

/* ---------------------------------------------------------------------- */
/* Free lists (S6.2): doubly linked through the zone's next/prev arrays    */
/* ---------------------------------------------------------------------- */

/* Add block pfn at the head of list k of zone zn. */
static void list_push_head(struct ref_zone *zn, unsigned k, uint32_t pfn)
{
	struct ref_list *l = &zn->list[k];
	uint32_t i = pfn - zn->start_pfn;
	zn->prev[i] = BB_NO_PFN;
	zn->next[i] = l->len ? l->head : BB_NO_PFN;
	if (l->len)
		zn->prev[l->head - zn->start_pfn] = pfn;
	l->head = pfn;
	l->len++;
}

/* Unlink block pfn, wherever it is on list k of zone zn. */
static void list_remove(struct ref_zone *zn, unsigned k, uint32_t pfn)
{
	struct ref_list *l = &zn->list[k];
	uint32_t i = pfn - zn->start_pfn, prev = zn->prev[i], next = zn->next[i];
	if (l->len == 0 || (prev == BB_NO_PFN ? l->head != pfn : zn->next[prev - zn->start_pfn] != pfn))
		abort(); /* a FREE_HEAD page is always on its list */
	if (prev == BB_NO_PFN)
		l->head = next;
	else
		zn->next[prev - zn->start_pfn] = next;
	if (next != BB_NO_PFN)
		zn->prev[next - zn->start_pfn] = prev;
	l->len--;
}

/* Take the head block off list k of zone zn (the list is not empty). */
static uint32_t list_pop_head(struct ref_zone *zn, unsigned k)
{
	uint32_t pfn = zn->list[k].head;
	list_remove(zn, k, pfn);
	return pfn;
}

/* ---------------------------------------------------------------------- */
/* Buddy core (S6)                                                         */
/* ---------------------------------------------------------------------- */

/* The zone of node nd (which has a mem_map) that holds pfn, or NULL. */
static struct ref_zone *zone_in_node(struct ref_node *nd, uint64_t pfn)
{
	for (int z = 0; z < BB_NR_ZONES; z++) {
		struct ref_zone *zn = &nd->zone[z];
		if (zn->spanned != 0 && pfn >= zn->start_pfn &&
		    pfn < (uint64_t)zn->start_pfn + zn->spanned)
			return zn;
	}
	return NULL;
}

/* The zone (of a node with a mem_map) that holds pfn, or NULL (S6.4 ERANGE). */
static struct ref_zone *zone_of_pfn(struct ref_machine *m, uint64_t pfn)
{
	for (int n = 0; n < BB_MAX_NODES; n++) {
		struct ref_node *nd = &m->node[n];
		struct ref_zone *zn = nd->online && nd->has_mem_map ? zone_in_node(nd, pfn) : NULL;
		if (zn != NULL)
			return zn;
	}
	return NULL;
}

/* Mark the 2^order pages from pfn as belonging (or not) to a free block. */
static void mark_in_free(struct ref_machine *m, uint32_t pfn, unsigned order, bool v)
{
	for (uint32_t i = 0; i < (1u << order); i++)
		m->page[pfn + i].in_free = v;
}

/* Put a free block at the head of list k (S6.2). */
static void add_free_block(struct ref_machine *m, struct ref_zone *zn, uint32_t pfn, unsigned k)
{
	m->page[pfn].head = HEAD_FREE;
	m->page[pfn].order = k;
	list_push_head(zn, k, pfn);
}

/*
 * S6.4 second half (2.4 __free_pages_ok): free the block [pfn, pfn + 2^order)
 * of zone zn, whose pages are currently not free, and coalesce.
 * Every free in this model (free_pages, retire, highmem, initmem) goes here.
 */
static void buddy_free_block(struct ref_machine *m, struct ref_zone *zn, uint32_t pfn, unsigned order)
{
	mark_in_free(m, pfn, order, 1);
	zn->free_pages += 1u << order;
	m->page[pfn].head = HEAD_NONE;
	m->page[pfn].order = 0;

	uint32_t x = pfn - zn->start_pfn; /* index relative to the zone start */
	unsigned k = order;
	while (k < TOP_ORDER) {
		uint32_t bx = x ^ (1u << k);
		if (bx >= zn->spanned)
			break; /* never past the zone's end */
		struct ref_page *bp = &m->page[zn->start_pfn + bx];
		if (!(bp->head == HEAD_FREE && bp->order == k))
			break;
		/* unlink the buddy and merge */
		list_remove(zn, k, zn->start_pfn + bx);
		bp->head = HEAD_NONE;
		bp->order = 0;
		x &= ~(1u << k);
		k++;
	}
	add_free_block(m, zn, zn->start_pfn + x, k);
}

/* Free one page of node nd that the caller has just taken out of PG_reserved (S7, S8). */
static void buddy_free_page(struct ref_machine *m, struct ref_node *nd, uint32_t pfn)
{
	struct ref_zone *zn = zone_in_node(nd, pfn);
	if (zn == NULL)
		abort(); /* callers only pass pfns of their node, which has a mem_map */
	buddy_free_block(m, zn, pfn, 0);
}

/* S6.3 rmqueue + expand on one zone; true on success. */
static bool rmqueue(struct ref_machine *m, struct ref_zone *zn, unsigned order, uint32_t *out)
{
	for (unsigned k = order; k <= TOP_ORDER; k++) {
		if (zn->list[k].len == 0)
			continue;
		uint32_t b = list_pop_head(zn, k);
		m->page[b].head = HEAD_NONE;
		m->page[b].order = 0;
		while (k > order) {
			k--;
			add_free_block(m, zn, b, k); /* lower half stays free */
			b += 1u << k;                /* continue with the upper half */
		}
		mark_in_free(m, b, order, 0);
		zn->free_pages -= 1u << order;
		m->page[b].head = HEAD_ALLOC;
		m->page[b].order = order;
		*out = b;
		return true;
	}
	return false;
}

/* ---------------------------------------------------------------------- */
/* S1: machine                                                             */
/* ---------------------------------------------------------------------- */

static bool desc_valid(const struct bb_machine_desc *d)
{
	if (d->phys_pages < 1 || d->phys_pages > BB_MAX_PFN)
		return false;
	if (d->word_bytes != 4 && d->word_bytes != 8)
		return false;
	if (!is_pow2(d->smp_cache_bytes) || d->smp_cache_bytes < 16 || d->smp_cache_bytes > 4096)
		return false;
	if (!is_pow2(d->struct_page_bytes) || d->struct_page_bytes < 16 || d->struct_page_bytes > 256)
		return false;
	if (!(d->dma_end_pfn <= d->highmem_start_pfn && d->highmem_start_pfn <= d->phys_pages))
		return false;
	if (d->nr_ram > BB_MAX_RAM_RANGES)
		return false;
	for (uint32_t r = 0; r < d->nr_ram; r++) {
		if (d->ram[r].start_pfn >= d->ram[r].end_pfn)
			return false; /* empty */
		if (d->ram[r].end_pfn > d->phys_pages)
			return false;
		if (r > 0 && d->ram[r].start_pfn < d->ram[r - 1].end_pfn)
			return false; /* unsorted or overlapping (touching is fine) */
	}
	if (!(d->kernel.text <= d->kernel.etext && d->kernel.etext <= d->kernel.edata))
		return false;
	if (!(d->kernel.init_begin <= d->kernel.init_end))
		return false;
	return true;
}

struct ref_machine *ref_create(const struct bb_machine_desc *desc, int *err)
{
	if (desc == NULL || !desc_valid(desc)) {
		if (err != NULL)
			*err = BB_EINVAL;
		return NULL;
	}
	struct ref_machine *m = calloc(1, sizeof(*m));
	if (m == NULL) {
		if (err != NULL)
			*err = BB_ENOMEM;
		return NULL;
	}
	m->desc = *desc;
	m->page = calloc(desc->phys_pages, sizeof(*m->page));
	if (m->page == NULL) {
		free(m);
		if (err != NULL)
			*err = BB_ENOMEM;
		return NULL;
	}
	for (uint32_t r = 0; r < desc->nr_ram; r++) /* ranges lie inside phys_pages (desc_valid) */
		for (uint32_t pfn = desc->ram[r].start_pfn; pfn < desc->ram[r].end_pfn; pfn++)
			m->page[pfn] = (struct ref_page){.ram = 1}; /* one store: calloc zeroed the rest */
	for (int i = 0; i < BB_MAX_NODES; i++)
		m->list[i] = -1;
	m->next_node = -1;
	if (err != NULL)
		*err = BB_OK;
	return m;
}


/* ---------------------------------------------------------------------- */
/* S2: init_bootmem_node                                                   */
/* ---------------------------------------------------------------------- */

int ref_init_bootmem_node(struct ref_machine *m, int nid, uint32_t mapstart_pfn,
			  uint32_t start_pfn, uint32_t end_pfn, uint32_t *map_bytes)
{
	if (m == NULL || !nid_in_range(nid))
		return BB_EINVAL;
	struct ref_node *nd = &m->node[nid];
	if (nd->online)
		return BB_EEXIST;
	if (!(start_pfn <= end_pfn && end_pfn <= m->desc.phys_pages))
		return BB_ERANGE;
	uint32_t low_end = end_pfn < m->desc.highmem_start_pfn ? end_pfn : m->desc.highmem_start_pfn;
	bool empty = start_pfn == end_pfn; /* S2: an empty node, 2.4's mapsize 0 */
	if (!(start_pfn < low_end || (empty && start_pfn <= low_end)))
		return BB_EINVAL;
	for (int n = 0; n < BB_MAX_NODES; n++) {
		const struct ref_node *o = &m->node[n];
		bool o_empty = o->start == o->end;
		if (o->online && !empty && !o_empty && start_pfn < o->end && o->start < end_pfn)
			return BB_EEXIST;
	}
	uint64_t pages = (uint64_t)low_end - start_pfn;
	uint64_t mbytes = round_up((pages + 7) / 8, m->desc.word_bytes);
	uint64_t mpages = div_ceil(mbytes, P);
	if (!(mapstart_pfn >= start_pfn && (uint64_t)mapstart_pfn + mpages <= low_end))
		return BB_ERANGE;
	for (uint64_t p = mapstart_pfn; p < (uint64_t)mapstart_pfn + mpages; p++)
		if (!page_is_ram(m, p))
			return BB_ENOTRAM;

	uint8_t *bit = malloc(pages ? (size_t)pages : 1);
	if (bit == NULL)
		return BB_ENOMEM;
	memset(bit, 1, (size_t)pages); /* every page reserved */

	memset(nd, 0, sizeof(*nd));
	nd->online = true;
	nd->bootmem_open = true;
	nd->start = start_pfn;
	nd->low_end = low_end;
	nd->end = end_pfn;
	nd->mapstart = mapstart_pfn;
	nd->map_bytes = (uint32_t)mbytes;
	nd->map_pages = (uint32_t)mpages;
	nd->last_pos = 0;
	nd->last_offset = 0;
	nd->bit = bit;

	/* push at the head of the pgdat list */
	for (int i = m->nr_list; i > 0; i--)
		m->list[i] = m->list[i - 1];
	m->list[0] = nid;
	m->nr_list++;

	if (map_bytes != NULL)
		*map_bytes = (uint32_t)mbytes;
	return BB_OK;
}

/* ---------------------------------------------------------------------- */
/* S3: reserve and free                                                    */
/* ---------------------------------------------------------------------- */


/*
 * S0 and S3: the node, size and range checks of reserve and free. The end
 * that must not pass the node is the rounded one: reserve rounds it up,
 * free (as 2.4's free_bootmem_core) down, so a free may name a partial
 * last page beyond the node.
 */
static int bootmem_range_check(struct ref_machine *m, int nid, uint64_t addr, uint64_t size,
			       bool end_rounds_up, struct ref_node **out)
{
	int rc = bootmem_node_check(m, nid);
	if (rc != BB_OK)
		return rc;
	const struct ref_node *nd = *out = &m->node[nid];
	if (size == 0)
		return BB_EINVAL;
	if (addr < (uint64_t)nd->start * P || size > UINT64_MAX - addr)
		return BB_ERANGE;
	uint64_t end_pfn = end_rounds_up ? div_ceil(addr + size, P) : (addr + size) / P;
	if (end_pfn > nd->low_end)
		return BB_ERANGE;
	return BB_OK;
}

int ref_reserve_bootmem_node(struct ref_machine *m, int nid, uint64_t addr,
			     uint64_t size, uint32_t *twice)
{
	struct ref_node *nd;
	int rc = bootmem_range_check(m, nid, addr, size, true, &nd);
	if (rc != BB_OK)
		return rc;

	uint64_t base = (uint64_t)nd->start * P;
	uint64_t sidx = (addr - base) / P;                 /* rounds outward */
	uint64_t eidx = div_ceil(addr + size - base, P);
	uint32_t count = 0;
	for (uint64_t i = sidx; i < eidx; i++) {
		if (nd->bit[i])
			count++; /* "hm, page %08lx reserved twice." */
		nd->bit[i] = 1;
	}
	m->warnings += count;
	if (twice != NULL)
		*twice = count;
	return BB_OK;
}

int ref_free_bootmem_node(struct ref_machine *m, int nid, uint64_t addr,
			  uint64_t size, uint32_t *freed)
{
	struct ref_node *nd;
	int rc = bootmem_range_check(m, nid, addr, size, false, &nd);
	if (rc != BB_OK)
		return rc;

	uint64_t base = (uint64_t)nd->start * P;
	uint64_t sidx = div_ceil(addr - base, P);          /* rounds inward */
	uint64_t eidx = (addr + size - base) / P;
	if (sidx >= eidx) {
		if (freed != NULL)
			*freed = 0;
		return BB_OK;
	}
	/* The whole range is checked before any bit changes, class by class. */
	for (uint64_t i = sidx; i < eidx; i++)
		if (!page_is_ram(m, nd->start + i))
			return BB_ENOTRAM;
	if (holds_bitmap_page(nd, nd->start + sidx, nd->start + eidx) ||
	    holds_paging_page(nd, nd->start + sidx, nd->start + eidx))
		return BB_EBUSY;
	for (uint64_t i = sidx; i < eidx; i++)
		if (!nd->bit[i])
			return BB_EDOUBLE;

	for (uint64_t i = sidx; i < eidx; i++)
		nd->bit[i] = 0;
	/* S3 decision: freeing the page at last_pos forgets the merge offset */
	if (nd->last_offset != 0 && nd->last_pos >= sidx && nd->last_pos < eidx)
		nd->last_offset = 0;
	if (freed != NULL)
		*freed = (uint32_t)(eidx - sidx);
	return BB_OK;
}

/* ---------------------------------------------------------------------- */
/* S4: allocation                                                          */
/* ---------------------------------------------------------------------- */

/* The first reserved page of i .. i+areasize-1, or i+areasize if all are free. */
static uint64_t first_reserved(const struct ref_node *nd, uint64_t i, uint64_t areasize)
{
	uint64_t j = i;
	while (j < i + areasize && !nd->bit[j])
		j++;
	return j;
}

/*
 * One pass of first fit from `first` with step incr (S4.1.3): the first
 * candidate i whose pages i .. i+areasize-1 are all free and inside [0, n).
 * A candidate that meets a reserved page j is followed by the first grid
 * point past j: every candidate in between holds j too. So each page is
 * read once a pass, and the pass is linear in the node's size.
 */
static bool scan_pass(const struct ref_node *nd, uint64_t first, uint64_t incr,
		      uint64_t areasize, uint64_t n, uint64_t *found)
{
	for (uint64_t i = first; i < n && areasize <= n - i;) {
		if (nd->bit[i]) { /* the common case in a full bitmap: the next candidate */
			if (incr > 1) {
				i += incr;
				continue;
			}
			/* step 1: every page is a candidate, so go to the next free one */
			const uint8_t *free_page = memchr(&nd->bit[i], 0, n - i);
			if (free_page == NULL)
				return false;
			i = (uint64_t)(free_page - nd->bit);
			continue;
		}
		uint64_t j = first_reserved(nd, i, areasize);
		if (j == i + areasize) {
			*found = i;
			return true;
		}
		i += ((j - i) & ~(incr - 1)) + incr; /* incr is a power of two: no division */
	}
	return false;
}

/*
 * 2.4 __alloc_bootmem_core on one open node; arguments already checked
 * (size != 0, align a power of two). BB_OK or BB_ENOMEM (nothing changed).
 */
static int node_alloc(struct ref_node *nd, uint64_t size, uint64_t align, uint64_t goal,
		      uint64_t *phys)
{
	uint64_t s = nd->start, e = nd->low_end, n = e - s;
	uint64_t base = s * P;
	uint64_t areasize = div_ceil(size, P);
	uint64_t incr = align / P > 1 ? align / P : 1;

	/* S4.1.1 goal */
	uint64_t g = base;
	if (goal != 0 && goal >= base && (goal >> BB_PAGE_SHIFT) < e)
		g = goal;
	/* S4.1.2 alignment relative to physical 0 (g < 2^32, so no overflow) */
	uint64_t i0 = (round_up(g, align) - base) >> BB_PAGE_SHIFT;
	uint64_t r0 = (round_up(base, align) - base) >> BB_PAGE_SHIFT;

	/* S4.1.3 first fit, S4.1.4 restart */
	uint64_t start;
	if (!scan_pass(nd, i0, incr, areasize, n, &start)) {
		if (i0 == r0 || !scan_pass(nd, r0, incr, areasize, n, &start))
			return BB_ENOMEM;
	}

	/* S4.2 the sub-page merge */
	uint64_t addr;
	if (align <= P && nd->last_offset != 0 && (uint64_t)nd->last_pos + 1 == start) {
		uint64_t offset = round_up(nd->last_offset, align);
		uint64_t remaining = P - offset;
		addr = (s + nd->last_pos) * P + offset;
		if (size < remaining) {
			areasize = 0;
			nd->last_offset = (uint32_t)(offset + size);
		} else {
			areasize = div_ceil(size - remaining, P);
			nd->last_pos = (uint32_t)(start + areasize - 1);
			nd->last_offset = (uint32_t)((size - remaining) % P);
		}
	} else {
		addr = (s + start) * P;
		nd->last_pos = (uint32_t)(start + areasize - 1);
		nd->last_offset = (uint32_t)(size % P);
	}
	for (uint64_t i = start; i < start + areasize; i++)
		nd->bit[i] = 1;
	/* (the size bytes at addr would be zeroed here; the model has no memory) */
	*phys = addr;
	return BB_OK;
}

int ref___alloc_bootmem_node(struct ref_machine *m, int nid, uint64_t size,
			     uint64_t align, uint64_t goal, uint64_t *phys)
{
	if (m == NULL)
		return BB_EINVAL;
	if (nid == BB_ANY_NODE) {
		/* __alloc_bootmem: S4 precedence for BB_ANY_NODE */
		if (!any_node_online(m))
			return BB_ENODEV;
		bool any_open = false;
		for (int i = 0; i < m->nr_list; i++)
			if (m->node[m->list[i]].bootmem_open)
				any_open = true;
		if (!any_open)
			return BB_ERETIRED;
	} else {
		int rc = bootmem_node_check(m, nid);
		if (rc != BB_OK)
			return rc;
	}
	if (size == 0 || align == 0 || (align & (align - 1)) != 0)
		return BB_EINVAL;

	uint64_t addr = 0;
	if (nid != BB_ANY_NODE) {
		int rc = node_alloc(&m->node[nid], size, align, goal, &addr);
		if (rc != BB_OK)
			return rc;
	} else {
		int rc = BB_ENOMEM;
		for (int i = 0; i < m->nr_list && rc != BB_OK; i++) {
			struct ref_node *nd = &m->node[m->list[i]];
			if (nd->bootmem_open)
				rc = node_alloc(nd, size, align, goal, &addr);
		}
		if (rc != BB_OK)
			return rc;
	}
	if (phys != NULL)
		*phys = addr;
	return BB_OK;
}

/* S4.3 wrappers */
static uint64_t max_dma(const struct ref_machine *m)
{
	return (uint64_t)m->desc.dma_end_pfn << BB_PAGE_SHIFT;
}

int ref_alloc_bootmem(struct ref_machine *m, uint64_t size, uint64_t *phys)
{
	if (m == NULL)
		return BB_EINVAL;
	return ref___alloc_bootmem_node(m, BB_ANY_NODE, size, m->desc.smp_cache_bytes, max_dma(m), phys);
}

int ref_alloc_bootmem_low(struct ref_machine *m, uint64_t size, uint64_t *phys)
{
	if (m == NULL)
		return BB_EINVAL;
	return ref___alloc_bootmem_node(m, BB_ANY_NODE, size, m->desc.smp_cache_bytes, 0, phys);
}

int ref_alloc_bootmem_pages(struct ref_machine *m, uint64_t size, uint64_t *phys)
{
	if (m == NULL)
		return BB_EINVAL;
	return ref___alloc_bootmem_node(m, BB_ANY_NODE, size, P, max_dma(m), phys);
}

int ref_alloc_bootmem_low_pages(struct ref_machine *m, uint64_t size, uint64_t *phys)
{
	if (m == NULL)
		return BB_EINVAL;
	return ref___alloc_bootmem_node(m, BB_ANY_NODE, size, P, 0, phys);
}

int ref_alloc_bootmem_node(struct ref_machine *m, int nid, uint64_t size, uint64_t *phys)
{
	if (m == NULL || nid == BB_ANY_NODE) /* a pgdat in 2.4: never "any" (SPEC 4.3) */
		return BB_EINVAL;
	return ref___alloc_bootmem_node(m, nid, size, m->desc.smp_cache_bytes, max_dma(m), phys);
}

int ref_alloc_bootmem_pages_node(struct ref_machine *m, int nid, uint64_t size, uint64_t *phys)
{
	if (m == NULL || nid == BB_ANY_NODE) /* a pgdat in 2.4: never "any" (SPEC 4.3) */
		return BB_EINVAL;
	return ref___alloc_bootmem_node(m, nid, size, P, max_dma(m), phys);
}

int ref_alloc_bootmem_low_pages_node(struct ref_machine *m, int nid, uint64_t size, uint64_t *phys)
{
	if (m == NULL || nid == BB_ANY_NODE) /* a pgdat in 2.4: never "any" (SPEC 4.3) */
		return BB_EINVAL;
	return ref___alloc_bootmem_node(m, nid, size, P, 0, phys);
}

/* ---------------------------------------------------------------------- */
/* S5: free_area_init_node, S6.1 zones                                     */
/* ---------------------------------------------------------------------- */

int ref_free_area_init_node(struct ref_machine *m, int nid)
{
	int rc = bootmem_node_check(m, nid);
	if (rc != BB_OK)
		return rc;
	struct ref_node *nd = &m->node[nid];
	if (nd->has_mem_map)
		return BB_ESTATE;

	/* S6.1: the node's zones, intersections with the global ranges */
	const uint32_t lo[BB_NR_ZONES] = {0, m->desc.dma_end_pfn, m->desc.highmem_start_pfn};
	const uint32_t hi[BB_NR_ZONES] = {m->desc.dma_end_pfn, m->desc.highmem_start_pfn,
					  m->desc.phys_pages};
	struct ref_zone zone[BB_NR_ZONES];
	memset(zone, 0, sizeof(zone));
	bool oom = false;
	for (int z = 0; z < BB_NR_ZONES; z++) {
		uint32_t a = nd->start > lo[z] ? nd->start : lo[z];
		uint32_t b = nd->end < hi[z] ? nd->end : hi[z];
		if (a < b) {
			zone[z].start_pfn = a;
			zone[z].spanned = b - a;
		}
		/* the lists' links, a pair a page (only a list's members' are read) */
		if (zone[z].spanned == 0)
			continue;
		zone[z].next = malloc(2 * (size_t)zone[z].spanned * sizeof(uint32_t));
		if (zone[z].next == NULL) {
			oom = true;
			continue;
		}
		zone[z].prev = zone[z].next + zone[z].spanned;
	}

	/* S5: 2.4's bootmem allocations for the node, each as alloc_bootmem_node
	 * (align C, goal MAX_DMA): the mem_map; per non-empty zone per order
	 * 0..8 a free-area bitmap; with several nodes the valid_addr_bitmap. */
	uint64_t sizes[1 + BB_NR_ZONES * (MAX_ORDER - 1) + 1];
	int n_sizes = 0;
	sizes[n_sizes++] = ((uint64_t)nd->end - nd->start + 1) * m->desc.struct_page_bytes;
	for (int z = 0; z < BB_NR_ZONES; z++)
		for (int k = 0; k < MAX_ORDER - 1 && zone[z].spanned != 0; k++)
			sizes[n_sizes++] = round_up(((uint64_t)(zone[z].spanned - 1) >> (k + 4)) + 1, m->desc.word_bytes);
	if (m->nr_list > 1)
		sizes[n_sizes++] = round_up(((uint64_t)nd->end - nd->start + 7) >> 3, m->desc.word_bytes);

	/* A failure undoes them all: keep the bootmem state to put back. */
	uint32_t npages = nd->low_end - nd->start;
	uint8_t *saved_bit = malloc(npages ? npages : 1);
	uint32_t saved_pos = nd->last_pos, saved_offset = nd->last_offset;
	if (saved_bit == NULL)
		oom = true;
	else
		memcpy(saved_bit, nd->bit, npages);
	uint64_t got[sizeof(sizes) / sizeof(sizes[0])];
	for (int i = 0; i < n_sizes && !oom && rc == BB_OK; i++)
		rc = ref_alloc_bootmem_node(m, nid, sizes[i], &got[i]);
	if (!oom && rc != BB_OK) {
		memcpy(nd->bit, saved_bit, npages);
		nd->last_pos = saved_pos;
		nd->last_offset = saved_offset;
	}
	free(saved_bit);
	if (oom || rc != BB_OK) {
		for (int z = 0; z < BB_NR_ZONES; z++)
			free(zone[z].next);
		return oom ? BB_ENOMEM : rc;
	}

	nd->has_mem_map = true;
	nd->mem_map_phys = got[0];
	nd->mem_map_bytes = sizes[0];
	int next = 1; /* got[] in the order of sizes[] */
	for (int z = 0; z < BB_NR_ZONES; z++)
		for (int k = 0; k < MAX_ORDER - 1 && zone[z].spanned != 0; k++) {
			zone[z].map_bytes[k] = (uint32_t)sizes[next];
			zone[z].map_phys[k] = got[next++];
		}
	if (next < n_sizes) {
		nd->valid_addr_bytes = (uint32_t)sizes[next];
		nd->valid_addr_phys = got[next];
	}
	memcpy(nd->zone, zone, sizeof(zone));
	for (uint32_t pfn = nd->start; pfn < nd->end; pfn++) {
		struct ref_page *pg = &m->page[pfn];
		*pg = (struct ref_page){.ram = pg->ram, .present = 1}; /* a fresh struct page */
		set_reserved(m, pfn, 1);
	}
	return BB_OK;
}

/* ---------------------------------------------------------------------- */
/* S6.3 alloc_pages, S6.4 free_pages                                       */
/* ---------------------------------------------------------------------- */

/* One node's zonelist walk; empty zones are skipped. */
static bool node_alloc_pages(struct ref_machine *m, struct ref_node *nd, int gfp, unsigned order,
			     uint32_t *pfn)
{
	static const int zonelist[BB_NR_GFP][BB_NR_ZONES + 1] = {
		[BB_GFP_DMA] = {BB_ZONE_DMA, -1},
		[BB_GFP_KERNEL] = {BB_ZONE_NORMAL, BB_ZONE_DMA, -1},
		[BB_GFP_HIGHUSER] = {BB_ZONE_HIGHMEM, BB_ZONE_NORMAL, BB_ZONE_DMA, -1},
	};
	if (!nd->has_mem_map)
		return false; /* zones not set up yet: all empty */
	for (int i = 0; zonelist[gfp][i] >= 0; i++) {
		struct ref_zone *zn = &nd->zone[zonelist[gfp][i]];
		if (zn->spanned == 0)
			continue;
		if (rmqueue(m, zn, order, pfn))
			return true;
	}
	return false;
}

int ref_alloc_pages(struct ref_machine *m, int nid, int gfp, unsigned order, uint32_t *pfn)
{
	if (m == NULL || !(nid_in_range(nid) || nid == BB_ANY_NODE))
		return BB_EINVAL;
	if (gfp < 0 || gfp >= BB_NR_GFP)
		return BB_EINVAL;
	if (order > TOP_ORDER)
		return BB_EINVAL;
	if (nid == BB_ANY_NODE ? !any_node_online(m) : !m->node[nid].online)
		return BB_ENODEV;

	uint32_t got = 0;
	bool ok = false;
	if (nid != BB_ANY_NODE) {
		ok = node_alloc_pages(m, &m->node[nid], gfp, order, &got);
	} else {
		/* SPEC 6.3, round robin: the list from the position of next_node
		 * (0 when it is -1) to its end, then from 0 up to that position;
		 * next_node moves one on first, whatever the outcome. */
		int start = 0;
		while (m->next_node >= 0 && m->list[start] != m->next_node)
			if (++start == m->nr_list)
				abort(); /* next_node is always on the list: nodes never leave it */
		m->next_node = start + 1 < m->nr_list ? m->list[start + 1] : -1;
		for (int k = 0; k < m->nr_list && !ok; k++)
			ok = node_alloc_pages(m, &m->node[m->list[(start + k) % m->nr_list]], gfp, order, &got);
	}
	if (!ok)
		return BB_ENOMEM;
	if (pfn != NULL)
		*pfn = got;
	return BB_OK;
}

int ref_free_pages(struct ref_machine *m, uint32_t pfn, unsigned order)
{
	if (m == NULL || order > TOP_ORDER)
		return BB_EINVAL;
	struct ref_zone *zn = zone_of_pfn(m, pfn);
	if (zn == NULL)
		return BB_ERANGE;
	if ((pfn - zn->start_pfn) % (1u << order) != 0)
		return BB_EALIGN;
	const struct ref_page *pg = &m->page[pfn];
	if (pg->in_free)
		return BB_EDOUBLE;
	if (!(pg->head == HEAD_ALLOC && pg->order == order))
		return BB_ENOTALLOC;
	buddy_free_block(m, zn, pfn, order);
	return BB_OK;
}

/* ---------------------------------------------------------------------- */
/* S7: free_all_bootmem_node                                               */
/* ---------------------------------------------------------------------- */

int ref_free_all_bootmem_node(struct ref_machine *m, int nid, uint32_t *count)
{
	int rc = bootmem_node_check(m, nid);
	if (rc != BB_OK)
		return rc;
	struct ref_node *nd = &m->node[nid];
	if (!nd->has_mem_map)
		return BB_ESTATE;

	uint32_t total = 0;
	/* 1. every free bootmem page, ascending, one order-0 free at a time */
	for (uint32_t i = 0; i < nd->low_end - nd->start; i++) {
		if (nd->bit[i] == 0) {
			set_reserved(m, nd->start + i, 0);
			buddy_free_page(m, nd, nd->start + i);
			total++;
		}
	}
	/* 2. the bitmap pages, ascending */
	for (uint32_t p = nd->mapstart; p < nd->mapstart + nd->map_pages; p++) {
		set_reserved(m, p, 0);
		buddy_free_page(m, nd, p);
		total++;
	}
	/* 3. close bootmem */
	nd->bootmem_open = false;
	nd->retired_pages = total;
	m->totalram_pages += total;
	if (count != NULL)
		*count = total;
	return BB_OK;
}

/* ---------------------------------------------------------------------- */
/* S8: add_highmem_node, free_initmem                                      */
/* ---------------------------------------------------------------------- */

int ref_add_highmem_node(struct ref_machine *m, int nid, uint32_t *count)
{
	if (m == NULL || !nid_in_range(nid))
		return BB_EINVAL;
	struct ref_node *nd = &m->node[nid];
	if (!nd->online)
		return BB_ENODEV;
	if (!nd->has_mem_map || nd->highmem_added)
		return BB_ESTATE;

	uint32_t total = 0;
	for (uint32_t pfn = nd->end; pfn-- > nd->low_end;) { /* descending */
		if (!page_is_ram(m, pfn))
			continue; /* a hole stays reserved, no PG_highmem */
		set_reserved(m, pfn, 0);
		m->page[pfn].highmem = 1;
		buddy_free_page(m, nd, pfn);
		total++;
	}
	nd->highmem_added = true;
	nd->highmem_pages = total;
	m->totalhigh_pages += total;
	m->totalram_pages += total;
	if (count != NULL)
		*count = total;
	return BB_OK;
}

int ref_free_initmem(struct ref_machine *m, uint64_t begin, uint64_t end, uint32_t *count)
{
	if (m == NULL || begin > end)
		return BB_EINVAL;
	uint64_t first = div_ceil(begin, P); /* whole pages inside [begin, end) */
	uint64_t last = end / P;             /* exclusive */
	if (first >= last) {
		if (count != NULL)
			*count = 0;
		return BB_OK;
	}
	/* all pages in the low memory of one online node */
	struct ref_node *nd = NULL;
	for (int n = 0; n < BB_MAX_NODES; n++) {
		struct ref_node *o = &m->node[n];
		if (o->online && first >= o->start && last <= o->low_end)
			nd = o;
	}
	if (nd == NULL)
		return BB_ERANGE;
	if (nd->bootmem_open)
		return BB_ESTATE;
	if (holds_paging_page(nd, first, last))
		return BB_EBUSY;
	for (uint64_t p = first; p < last; p++)
		if (!page_is_ram(m, p))
			return BB_ENOTRAM;
	for (uint64_t p = first; p < last; p++)
		if (!m->page[p].reserved)
			return BB_EDOUBLE;

	for (uint64_t p = first; p < last; p++) {
		set_reserved(m, (uint32_t)p, 0);
		buddy_free_page(m, nd, (uint32_t)p);
	}
	uint32_t total = (uint32_t)(last - first);
	m->totalram_pages += total;
	if (count != NULL)
		*count = total;
	return BB_OK;
}

/* ---------------------------------------------------------------------- */
/* S9, S10: queries                                                        */
/* ---------------------------------------------------------------------- */
