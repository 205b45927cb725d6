/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what the core's files share: the seeded-bug switch, small
 * arithmetic helpers, node and zone lookups, and the internal entry points
 * (bbi_*) one file offers another. Nothing here touches the environment.
 */
#ifndef BB_INTERNAL_H
#define BB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bootbuddy.h"
#include "bitmap.h"
#include "page.h"

/* A uint64_t that may alias anything at any address: the arena, and the
 * harness's byte buffers, have no declared type. */
typedef uint64_t __attribute__((__may_alias__, __aligned__(1))) bb_u64_unaligned;

#define PAGE_BYTES ((uint64_t)BB_PAGE_SIZE)
#define PAGE_OFFSET_MASK (PAGE_BYTES - 1)
#define MAX_ORDER_IDX (BB_MAX_ORDER - 1) /* the largest order, 9 */
#define NO_NODE (-1)

static inline uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

static inline uint32_t max_u32(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

/* ceil(x / P) without the x + P - 1 overflow. */
static inline uint64_t pages_up(uint64_t x)
{
	return (x >> BB_PAGE_SHIFT) + ((x & PAGE_OFFSET_MASK) != 0);
}

/* round_up(x, a), a a power of two; callers keep x + a - 1 below 2^64. */
static inline uint64_t round_up64(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

/* Do [a, b) and [c, d) intersect? */
static inline bool ranges_overlap(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	return a < b && c < d && a < d && c < b; /* an empty range overlaps nothing */
}

static inline bool nid_valid(int nid)
{
	return nid >= 0 && nid < BB_MAX_NODES;
}

/* An online node, with SPEC 0.2's error order (EINVAL, ENODEV). */
static inline int bbi_online_node(struct bb_machine *m, int nid, struct bb_node **out)
{
	if (!nid_valid(nid))
		return BB_EINVAL;
	if (!m->nodes[nid].online)
		return BB_ENODEV;
	*out = &m->nodes[nid];
	return BB_OK;
}

/* Set by bb_machine_init: storage it never accepted (zeroed, or after a
 * failed init) is refused by every call instead of read. */
#define BB_MACHINE_READY 0x626d3234u

/* BB_EINVAL for no machine, BB_ENODEV for one bb_machine_init did not accept (SPEC 0.2). */
static inline int bbi_machine_err(const struct bb_machine *m)
{
	if (!m)
		return BB_EINVAL;
	return m->ready == BB_MACHINE_READY ? BB_OK : BB_ENODEV;
}

/* An online node whose bootmem is open (then ERETIRED). */
static inline int bbi_open_node(struct bb_machine *m, int nid, struct bb_node **out)
{
	int err = bbi_online_node(m, nid, out);
	if (err)
		return err;
	return (*out)->bootmem_open ? BB_OK : BB_ERETIRED;
}

/* Node, zone of a pfn: the zones partition [0, phys_pages) by global pfn. */
static inline int zone_of_pfn(const struct bb_machine *m, uint32_t pfn)
{
	_Static_assert(BB_ZONE_DMA == 0 && BB_ZONE_NORMAL == 1 && BB_ZONE_HIGHMEM == 2, "zones in pfn order");
	/* a sum of two compares, no branch: dma_end_pfn <= highmem_start_pfn (bbi_desc_valid) */
	return (pfn >= m->desc.dma_end_pfn) + (pfn >= m->desc.highmem_start_pfn);
}

/* A zone's free pages, from its lists' lengths: 2.4 keeps zone->free_pages
 * as a counter; summing the non-empty lists' counts when asked keeps it off
 * every allocation and free. */
static inline uint32_t bbi_zone_free_pages(const struct bb_zone *z)
{
	uint32_t free = 0;

	for (uint32_t ne = z->nonempty; ne; ne &= ne - 1) { /* only the lists that hold blocks */
		unsigned k = bm_ctz(ne);
		free += z->nr_free[k] << k;
	}
	return free;
}

/* The node whose mem_map describes @pfn, or NULL. */
static inline struct bb_node *node_of_mapped_pfn(struct bb_machine *m, uint32_t pfn)
{
	struct bb_node *n = m->nodes;

	do {
		if (pfn - n->bdata.start_pfn < n->mapped_pages) /* unsigned: also pfn >= start */
			return n;
	} while (++n < m->nodes + BB_MAX_NODES);
	return NULL;
}

/* The zone of node @n that holds @pfn (zone_of_pfn as a pointer, no multiply). */
static inline struct bb_zone *zone_of_mapped_pfn(const struct bb_machine *m, struct bb_node *n, uint32_t pfn)
{
	struct bb_zone *z = n->zones;

	z += pfn >= m->desc.dma_end_pfn;
	z += pfn >= m->desc.highmem_start_pfn;
	return z;
}

/* ---- util.c ---- */
void bbi_memzero(void *p, uint64_t n);
void bbi_memfill(void *p, unsigned char c, uint64_t n);
void bbi_memcopy(void *dst, const void *src, uint64_t n);

/* A tiny bounded string builder for bb_check()'s message. */
struct bbi_msg {
	char *buf;
	size_t len;
	size_t pos;
};
void bbi_msg_init(struct bbi_msg *w, char *buf, size_t len);
void bbi_msg_str(struct bbi_msg *w, const char *s);
void bbi_msg_u32(struct bbi_msg *w, uint32_t v);
void bbi_msg_hex(struct bbi_msg *w, uint64_t v);

/* ---- machine.c ---- */
bool bbi_desc_valid(const struct bb_machine_desc *d);
bool bbi_ram_covers(const struct bb_machine *m, uint32_t a, uint32_t b);
uint32_t bbi_ram_pages(const struct bb_machine *m, uint32_t a, uint32_t b);

/* ---- bootmem.c ---- */
int bbi_reserve_core(struct bb_node *n, uint64_t size,
		     uint64_t align, uint64_t goal, uint64_t *phys, uint32_t set[2]);
int bbi_alloc_core(struct bb_machine *m, struct bb_node *n, uint64_t size,
		   uint64_t align, uint64_t goal, uint64_t *phys);

/* ---- memmap.c ---- */
bool bbi_paging_pages_overlap(const struct bb_node *n, uint32_t a, uint32_t b);
void bbi_zone_span(const struct bb_machine *m, uint32_t start, uint32_t end, int zone,
		   uint32_t *zstart, uint32_t *spanned);

/* ---- buddy.c ---- */
void bbi_free_block(struct bb_zone *z, uint32_t x, unsigned order);
void bbi_add_free_block(struct bb_zone *z, uint32_t x, unsigned order);
bool bbi_alloc_unchecked(struct bb_node *n, int gfp, unsigned order, uint32_t *pfn);
void bbi_free_unchecked(struct bb_machine *m, uint32_t pfn, unsigned order);

#endif /* BB_INTERNAL_H */
