/* SPDX-License-Identifier: MIT */
/* layout.c - the machine's layout as the reference reports it (layout.h). */
#include <string.h>

#include "layout.h"

/* The node figures that place zones and metadata: while none of them
 * moves, neither do the zones or the metadata. */
static struct placement placement_of(const struct bb_node_info *ni)
{
	return (struct placement){ni->mem_map_phys, ni->mem_map_bytes, ni->valid_addr_phys, ni->mapstart_pfn,
				  ni->map_bytes, ni->valid_addr_bytes,
				  (uint32_t)ni->online | (uint32_t)ni->bootmem_open << 1 | (uint32_t)ni->has_mem_map << 2};
}

static int same_placement(const struct placement *a, const struct placement *b)
{
	return a->mem_map_phys == b->mem_map_phys && a->mem_map_bytes == b->mem_map_bytes &&
	       a->valid_addr_phys == b->valid_addr_phys && a->mapstart_pfn == b->mapstart_pfn &&
	       a->map_bytes == b->map_bytes && a->valid_addr_bytes == b->valid_addr_bytes && a->flags == b->flags;
}

static void add_meta(struct layout *l, uint64_t begin, uint64_t bytes, enum meta_kind kind, int nid, int z, int k)
{
	if (bytes && l->nmeta < LAYOUT_MAX_META)
		l->meta[l->nmeta++] = (struct meta_range){begin, begin + bytes, kind, nid, z, k};
}

static void rebuild_meta(struct layout *l)
{
	l->nmeta = 0;
	for (int n = 0; n < BB_MAX_NODES; n++) {
		const struct bb_node_info *ni = &l->node[n];
		if (!ni->online)
			continue;
		if (ni->bootmem_open)
			add_meta(l, (uint64_t)ni->mapstart_pfn << BB_PAGE_SHIFT, ni->map_bytes, META_BOOTMEM_BITMAP, n, 0, 0);
		if (!ni->has_mem_map)
			continue;
		add_meta(l, ni->mem_map_phys, ni->mem_map_bytes, META_MEM_MAP, n, 0, 0);
		add_meta(l, ni->valid_addr_phys, ni->valid_addr_bytes, META_VALID_ADDR, n, 0, 0);
		for (int z = 0; z < BB_NR_ZONES; z++)
			for (int k = 0; k < BB_MAX_ORDER - 1; k++)
				add_meta(l, l->zone[n][z].map_phys[k], l->zone[n][z].map_bytes[k], META_FREE_AREA_MAP, n, z, k);
	}
}

void layout_refresh(struct layout *l, const struct bb_impl *ref, void *m, unsigned nodes)
{
	int moved = 0;
	for (int n = 0; n < BB_MAX_NODES; n++) {
		if (!(nodes >> n & 1u))
			continue;
		struct bb_node_info *ni = &l->node[n];
		if (ref->node_info(m, n, ni))
			memset(ni, 0, sizeof(*ni));
		struct placement now = placement_of(ni);
		if (same_placement(&now, &l->placement[n]))
			continue;
		l->placement[n] = now;
		moved = 1;
		memset(l->zone[n], 0, sizeof(l->zone[n]));
		for (int z = 0; ni->has_mem_map && z < BB_NR_ZONES; z++) {
			struct bb_zone_info zi;
			if (ref->zone_info(m, n, z, &zi))
				continue;
			struct layout_zone *lz = &l->zone[n][z];
			lz->start_pfn = zi.start_pfn;
			lz->spanned_pages = zi.spanned_pages;
			memcpy(lz->map_bytes, zi.map_bytes, sizeof(lz->map_bytes));
			memcpy(lz->map_phys, zi.map_phys, sizeof(lz->map_phys));
		}
	}
	if (moved)
		rebuild_meta(l);
}

int layout_current(const struct layout *l, const struct bb_impl *ref, void *m)
{
	for (int n = 0; n < BB_MAX_NODES; n++) {
		struct bb_node_info ni;
		if (ref->node_info(m, n, &ni))
			memset(&ni, 0, sizeof(ni));
		if (memcmp(&ni, &l->node[n], sizeof(ni)))
			return 0;
	}
	return 1;
}

int layout_zone_of(const struct layout *l, uint32_t pfn, int *nid)
{
	for (int n = 0; n < BB_MAX_NODES; n++) {
		if (!l->node[n].has_mem_map)
			continue;
		for (int z = 0; z < BB_NR_ZONES; z++)
			if (pfn - l->zone[n][z].start_pfn < l->zone[n][z].spanned_pages) {
				*nid = n;
				return z;
			}
	}
	return -1;
}

const struct meta_range *layout_meta_overlap(const struct layout *l, uint64_t begin, uint64_t end)
{
	for (int i = 0; i < l->nmeta; i++)
		if (begin < end && begin < l->meta[i].end && l->meta[i].begin < end)
			return &l->meta[i];
	return NULL;
}
