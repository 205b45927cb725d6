/* SPDX-License-Identifier: MIT */
/*
 * layout.h - where the machine's parts are, as the reference reports them
 * after the last operation: each node's figures, each zone's span and
 * free-area bitmaps, and every range of allocator metadata (layout.c).
 *
 * Node figures change with most bootmem calls, so they are fetched after
 * every operation that can change them (the buddy calls cannot); zones and
 * metadata move only when a node comes online, gets its mem_map or retires
 * its bootmem, and are fetched only then. The
 * decoder, the footprint and the overlap checks read this instead of
 * asking the reference the same questions several times an operation.
 */
#ifndef BB_LAYOUT_H
#define BB_LAYOUT_H

#include <stdint.h>

#include "impl.h"

struct layout_zone {
	uint32_t start_pfn, spanned_pages;
	uint32_t map_bytes[BB_MAX_ORDER - 1];
	uint64_t map_phys[BB_MAX_ORDER - 1];
};

enum meta_kind { META_BOOTMEM_BITMAP, META_MEM_MAP, META_VALID_ADDR, META_FREE_AREA_MAP };

/* One piece of allocator metadata: [begin, end) in physical bytes. */
struct meta_range {
	uint64_t begin, end;
	enum meta_kind kind;
	int nid, zone, order; /* zone and order for META_FREE_AREA_MAP only */
};

#define LAYOUT_MAX_META (BB_MAX_NODES * (3 + BB_NR_ZONES * (BB_MAX_ORDER - 1)))

/* What of a node's figures places its zones and metadata (layout.c). */
struct placement {
	uint64_t mem_map_phys, mem_map_bytes, valid_addr_phys;
	uint32_t mapstart_pfn, map_bytes, valid_addr_bytes, flags;
};

struct layout {
	struct bb_node_info node[BB_MAX_NODES]; /* all zero while offline */
	struct placement placement[BB_MAX_NODES]; /* of the zones and metadata below */
	struct layout_zone zone[BB_MAX_NODES][BB_NR_ZONES]; /* all zero without a mem_map */
	struct meta_range meta[LAYOUT_MAX_META];
	int nmeta;
};

/* Fetch it again from the reference @ref (machine @m) after an operation
 * that can have changed the figures of the nodes in @nodes (bit n: node n). */
void layout_refresh(struct layout *l, const struct bb_impl *ref, void *m, unsigned nodes);

/* Does the reference report what @l has for every node (0: a node changed
 * that the last refresh did not fetch)? For exact mode's audit. */
int layout_current(const struct layout *l, const struct bb_impl *ref, void *m);

/* The zone (of a node with a mem_map) holding @pfn and its node, or -1. */
int layout_zone_of(const struct layout *l, uint32_t pfn, int *nid);

/* The first piece of metadata that [begin, end) overlaps, or NULL. */
const struct meta_range *layout_meta_overlap(const struct layout *l, uint64_t begin, uint64_t end);

#endif /* BB_LAYOUT_H */
