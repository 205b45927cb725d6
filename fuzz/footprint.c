/* SPDX-License-Identifier: MIT */
/*
 * footprint.c - the part of the state each operation can change, read off
 * the contract: bootmem calls change the bits of the pages they name,
 * free_area_init_node and retire a whole node, and a buddy split or merge
 * only the heads of the blocks containing the page, one per order, and
 * their buddies.
 */

#include "footprint.h"

#define PAGE ((uint64_t)BB_PAGE_SIZE)

static uint32_t clamp_pfn(uint64_t pfn)
{
	return pfn > BB_MAX_PFN ? BB_MAX_PFN : (uint32_t)pfn;
}

/* Bits of pfns [lo, hi) of node @nid, if its bootmem is open. */
static void add_bits(struct footprint *fp, int nid, const struct bb_node_info *ni, uint64_t lo, uint64_t hi)
{
	if (!ni->online || !ni->bootmem_open || fp->nbits >= FP_MAX_RANGES)
		return;
	uint32_t a = lo < ni->start_pfn ? ni->start_pfn : clamp_pfn(lo);
	uint32_t b = hi > ni->low_end_pfn ? ni->low_end_pfn : clamp_pfn(hi);
	if (a < b)
		fp->bits[fp->nbits++] = (struct fp_bits){nid, a - ni->start_pfn, b - a};
}

/* Pfns [lo, hi): joined to a range it overlaps or touches, so the
 * buddy heads of one split or merge cost a few bulk compares, not twenty. */
static void add_pages(struct footprint *fp, uint32_t lo, uint32_t hi)
{
	if (lo >= hi)
		return;
	for (int i = 0; i < fp->npages; i++) {
		struct fp_pages *r = &fp->pages[i];
		uint64_t end = (uint64_t)r->pfn + r->count;
		if (lo <= end && hi >= r->pfn) {
			uint32_t a = lo < r->pfn ? lo : r->pfn;
			uint64_t b = hi > end ? hi : end;
			*r = (struct fp_pages){a, (uint32_t)(b - a)};
			return;
		}
	}
	if (fp->npages < FP_MAX_RANGES)
		fp->pages[fp->npages++] = (struct fp_pages){lo, hi - lo};
}

void footprint_add_page(struct footprint *fp, uint32_t pfn)
{
	add_pages(fp, pfn, pfn + 1);
}

/* Node @nid's figures, when it is online. */
static const struct bb_node_info *online_node(const struct layout *l, int nid)
{
	return nid >= 0 && nid < BB_MAX_NODES && l->node[nid].online ? &l->node[nid] : NULL;
}

/* The node whose low memory holds @pfn (bootmem's view). */
static int node_of_low_pfn(const struct layout *l, uint64_t pfn)
{
	for (int n = 0; n < BB_MAX_NODES; n++)
		if (l->node[n].online && pfn >= l->node[n].start_pfn && pfn < l->node[n].low_end_pfn)
			return n;
	return -1;
}

static int node_bit(int nid)
{
	return nid >= 0 && nid < BB_MAX_NODES ? nid * BB_NR_ZONES : 0;
}

#define ALL_ZONES_OF_NODE ((1u << BB_NR_ZONES) - 1)

/* Node @nid's figures and those of its zones in @zones (bit z: zone z);
 * BB_ANY_NODE names every node, an id out of range (refused) none. */
static void add_node(struct footprint *fp, int nid, unsigned zones)
{
	if (nid == BB_ANY_NODE) {
		fp->nodes |= FP_ALL_NODES;
		for (int n = 0; n < BB_MAX_NODES; n++)
			fp->zones |= zones << node_bit(n);
	} else if (nid >= 0 && nid < BB_MAX_NODES) {
		fp->nodes |= 1u << nid;
		fp->zones |= zones << node_bit(nid);
	}
}

/* Every block a split or merge at @pfn of @order can touch: per order j
 * from @order to 9, the head of the block holding @pfn and its buddy. */
static void add_buddy_heads(struct footprint *fp, const struct layout *l, uint32_t pfn, unsigned order)
{
	int nid, z = layout_zone_of(l, pfn, &nid);
	if (z < 0) {
		add_pages(fp, pfn, pfn + 1);
		return;
	}
	const struct layout_zone *zi = &l->zone[nid][z];
	fp->zones |= 1u << (node_bit(nid) + z);
	uint32_t x = pfn - zi->start_pfn;
	for (unsigned j = order < BB_MAX_ORDER ? order : BB_MAX_ORDER - 1; j < BB_MAX_ORDER; j++) {
		uint32_t head = x & ~((1u << j) - 1), buddy = head ^ (1u << j);
		add_pages(fp, zi->start_pfn + head, zi->start_pfn + head + 1);
		if (buddy < zi->spanned_pages)
			add_pages(fp, zi->start_pfn + buddy, zi->start_pfn + buddy + 1);
	}
}

/* A refused free_pages: its page and its zone, unchanged. */
static void add_refused_free(struct footprint *fp, const struct layout *l, uint32_t pfn)
{
	int nid, z = layout_zone_of(l, pfn, &nid);
	add_pages(fp, pfn, pfn + 1);
	if (z >= 0)
		fp->zones |= 1u << (node_bit(nid) + z);
}

/* free_initmem's zones and, @with_pages, its pages and every block their
 * merges can reach: the order-9 blocks (from each zone's start) that hold them. */
static void add_merge_span(struct footprint *fp, const struct layout *l, uint32_t first, uint32_t last, int with_pages)
{
	const uint32_t top = (1u << (BB_MAX_ORDER - 1)) - 1;
	for (int n = 0; n < BB_MAX_NODES; n++) {
		if (!l->node[n].has_mem_map)
			continue;
		for (int z = 0; z < BB_NR_ZONES; z++) {
			const struct layout_zone *zi = &l->zone[n][z];
			if (!zi->spanned_pages)
				continue;
			uint32_t zs = zi->start_pfn, ze = zs + zi->spanned_pages;
			uint32_t a = first > zs ? first : zs, b = last < ze ? last : ze;
			if (a >= b)
				continue;
			uint32_t lo = zs + ((a - zs) & ~top), hi = zs + (((b - 1 - zs) | top) + 1);
			if (with_pages) { /* its merges unlink buddies anywhere in their lists */
				add_pages(fp, lo, hi < ze ? hi : ze);
				fp->lists |= 1u << (node_bit(n) + z);
			}
			fp->zones |= 1u << (node_bit(n) + z);
		}
	}
}

void footprint_of(const struct layout *l, const struct op *op, int ret, uint64_t out, struct footprint *fp)
{
	const int64_t *a = op->arg;
	const struct bb_node_info *ni;
	int nid = (int)a[0];
	/* the counts, not the ranges: a whole-struct fill is a checked call an operation under ASan */
	fp->nbits = fp->npages = 0;
	fp->lists = fp->zones = fp->nodes = 0;
	fp->globals = FP_ALL_GLOBALS;
	switch (op->id) {
	case OP_init_bootmem_node:
		add_node(fp, nid, 0);
		if (!ret && (ni = online_node(l, nid)))
			add_bits(fp, nid, ni, ni->start_pfn, ni->low_end_pfn);
		break;
	case OP_reserve_bootmem_node:
	case OP_free_bootmem_node: {
		/* The pages the range touches, rounded outward (reserve's rounding
		 * covers free's inward one), clamped so a huge size stays cheap. */
		uint64_t lo = (uint64_t)a[1] / PAGE, size = (uint64_t)a[2];
		uint64_t hi = size > UINT64_MAX - (uint64_t)a[1] ? UINT64_MAX / PAGE : ((uint64_t)a[1] + size + PAGE - 1) / PAGE;
		add_node(fp, nid, 0);
		if ((ni = online_node(l, nid)))
			add_bits(fp, nid, ni, lo, hi);
		break;
	}
	case OP___alloc_bootmem_node: case OP_alloc_bootmem: case OP_alloc_bootmem_low:
	case OP_alloc_bootmem_pages: case OP_alloc_bootmem_low_pages: case OP_alloc_bootmem_node:
	case OP_alloc_bootmem_pages_node: case OP_alloc_bootmem_low_pages_node: {
		/* A failure changes nothing: the node it names, or every node.
		 * A success changes the node it took the memory from, and a call
		 * that names no one node tried others first: all of them, so a
		 * core that changes a node it passed over is caught here. */
		const struct op_info *oi = op_info(op->id);
		int named = oi->nargs && (oi->args[0].kind == ARG_NID || oi->args[0].kind == ARG_NID_ANY);
		if (ret) {
			add_node(fp, named ? nid : BB_ANY_NODE, 0);
			break;
		}
		uint64_t size = 0;
		for (int i = 0; i < oi->nargs; i++)
			if (oi->args[i].kind == ARG_SIZE)
				size = (uint64_t)a[i];
		int n = node_of_low_pfn(l, out / PAGE);
		add_node(fp, n < 0 || !named || nid == BB_ANY_NODE ? BB_ANY_NODE : n, 0); /* in no node's low memory: all */
		if (n >= 0)
			add_bits(fp, n, &l->node[n], out / PAGE, (out + size + PAGE - 1) / PAGE);
		break;
	}
	case OP_free_area_init_node:
		/* its bootmem allocations (mem_map, free-area bitmaps) can land
		 * anywhere in the node, and ENOMEM must undo them all; the
		 * argument and state errors come before any of them (SPEC 5) */
		add_node(fp, nid, ALL_ZONES_OF_NODE);
		if ((!ret || ret == BB_ENOMEM) && (ni = online_node(l, nid)))
			add_bits(fp, nid, ni, ni->start_pfn, ni->low_end_pfn);
		if (!ret && (ni = online_node(l, nid))) {
			add_pages(fp, ni->start_pfn, ni->end_pfn);
			fp->lists |= 7u << node_bit(nid);
		}
		break;
	case OP_free_all_bootmem_node:
		add_node(fp, nid, ALL_ZONES_OF_NODE);
		if (!ret && (ni = online_node(l, nid))) {
			add_pages(fp, ni->start_pfn, ni->low_end_pfn);
			fp->lists |= 7u << node_bit(nid);
		}
		break;
	case OP_add_highmem_node: /* its pages are all HIGHMEM's */
		add_node(fp, nid, 1u << BB_ZONE_HIGHMEM);
		if (!ret && (ni = online_node(l, nid))) {
			add_pages(fp, ni->low_end_pfn, ni->end_pfn);
			fp->lists |= 1u << (node_bit(nid) + BB_ZONE_HIGHMEM);
		}
		break;
	case OP_free_initmem: {
		/* refused: the zones of the range named, unchanged (its pages only
		 * when some were freed: a misused range may span the machine) */
		uint64_t first = ((uint64_t)a[0] + PAGE - 1) / PAGE, last = (uint64_t)a[1] / PAGE;
		add_merge_span(fp, l, clamp_pfn(first), clamp_pfn(last), !ret && out);
		break;
	}
	case OP_alloc_pages:
		fp->globals = FP_NEXT_NODE; /* and its zones' free counts: mem_info's */
		if (!ret)
			add_buddy_heads(fp, l, (uint32_t)out, (unsigned)a[2]);
		else if ((uint64_t)a[1] < BB_NR_GFP) /* nothing changed in the zones its zonelist names */
			add_node(fp, nid, (2u << a[1]) - 1);
		else /* a gfp out of range names no zone */
			add_node(fp, nid, 0);
		break;
	case OP_free_pages:
		fp->globals = 0; /* its zone's free count: mem_info's */
		if (!ret)
			add_buddy_heads(fp, l, (uint32_t)a[0], (unsigned)a[1]);
		else if ((uint64_t)a[0] < BB_MAX_PFN)
			add_refused_free(fp, l, (uint32_t)a[0]);
		break;
	default:
		break;
	}
}
