/* SPDX-License-Identifier: MIT */
/*
 * statecmp.c - compare what core and reference report about their state.
 * After every operation: the global counters (warnings, pgdat list,
 * mem_info), and the operation's footprint: the node and zone info (with
 * every list head) of the nodes and zones it can have changed, its bitmap
 * bits, pages and free lists. The whole state at checkpoints
 * and after every operation in exact mode (every bitmap bit, every free
 * list in order, every page's flags).
 */
#include <stdlib.h>
#include <string.h>

#include "exec_internal.h"
#include "report.h"
#include "text.h"

#define CORE 0
#define REF 1
#define COMPARE_CHUNK 2048 /* pages a bulk comparison fetches from each side at once */

/*
 * Equal bytes, for the small structs compared after every operation: a
 * word loop, where memcmp (and memset before the calls) would be an
 * intercepted call under ASan, several times an operation. Both buffers
 * are the harness's own locals, so ASan has nothing to watch here.
 */
#if defined(__clang__) || defined(__GNUC__)
__attribute__((no_sanitize("address")))
#endif
static int same_bytes(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;
	uint64_t diff = 0;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x, y;
		memcpy(&x, p + i, 8);
		memcpy(&y, q + i, 8);
		diff |= x ^ y;
	}
	for (; i < n; i++)
		diff |= (uint64_t)(p[i] ^ q[i]);
	return !diff;
}

/* Field-by-field difference of two node infos; the first differing field. */
static const char *node_diff(struct exec *e, int nid, const struct bb_node_info *a, const struct bb_node_info *b)
{
	const char *first = NULL;
#define FIELD(f) \
	if (a->f != b->f) { \
		diff_printf(e, "node %d " #f ": core 0x%llx, reference 0x%llx\n", nid, (unsigned long long)a->f, \
			    (unsigned long long)b->f); \
		if (!first) \
			first = "node." #f; \
	}
	FIELD(online) FIELD(bootmem_open) FIELD(has_mem_map) FIELD(highmem_added) FIELD(start_pfn)
	FIELD(low_end_pfn) FIELD(end_pfn) FIELD(mapstart_pfn) FIELD(map_bytes) FIELD(map_pages)
	FIELD(last_pos) FIELD(last_offset) FIELD(mem_map_phys) FIELD(mem_map_bytes)
	FIELD(retired_pages) FIELD(highmem_pages) FIELD(valid_addr_bytes) FIELD(valid_addr_phys)
#undef FIELD
	return first;
}

static const char *zone_diff(struct exec *e, int nid, int z, const struct bb_zone_info *a, const struct bb_zone_info *b)
{
	const char *first = NULL;
	if (a->start_pfn != b->start_pfn || a->spanned_pages != b->spanned_pages) {
		diff_printf(e, "node %d zone %d span: core 0x%x+0x%x, reference 0x%x+0x%x\n", nid, z, a->start_pfn,
			    a->spanned_pages, b->start_pfn, b->spanned_pages);
		first = "zone.span";
	}
	if (a->free_pages != b->free_pages) {
		diff_printf(e, "node %d zone %d free_pages: core %u, reference %u\n", nid, z, a->free_pages, b->free_pages);
		first = first ? first : "zone.free_pages";
	}
	for (int k = 0; k < BB_MAX_ORDER; k++)
		if (a->nr_free[k] != b->nr_free[k]) {
			diff_printf(e, "node %d zone %d nr_free[%d]: core %u, reference %u\n", nid, z, k, a->nr_free[k],
				    b->nr_free[k]);
			first = first ? first : "zone.nr_free";
		}
	for (int k = 0; k < BB_MAX_ORDER - 1; k++)
		if (a->map_bytes[k] != b->map_bytes[k] || a->map_phys[k] != b->map_phys[k]) {
			diff_printf(e, "node %d zone %d order-%d free-area bitmap: core 0x%llx+%u, reference 0x%llx+%u\n", nid,
				    z, k, (unsigned long long)a->map_phys[k], a->map_bytes[k],
				    (unsigned long long)b->map_phys[k], b->map_bytes[k]);
			first = first ? first : "zone.free_area_map";
		}
	for (int k = 0; k < BB_MAX_ORDER; k++)
		if (a->first[k] != b->first[k]) {
			diff_printf(e, "node %d zone %d order %d free list head: core pfn 0x%x, reference pfn 0x%x\n", nid,
				    z, k, a->first[k], b->first[k]);
			first = first ? first : "free_list";
		}
	return first;
}

static int same_mem_info(const struct bb_mem_info *a, const struct bb_mem_info *b)
{
	return a->free_pages == b->free_pages && a->total_pages == b->total_pages &&
	       a->reserved_pages == b->reserved_pages && a->highmem_pages == b->highmem_pages &&
	       a->totalram_pages == b->totalram_pages && a->code_bytes == b->code_bytes &&
	       a->data_bytes == b->data_bytes && a->init_bytes == b->init_bytes;
}

/* O(1) on both sides: counters kept beside the state. */
static enum check_id compare_mem_info(struct exec *e, const char **field)
{
	struct bb_mem_info a, b;
	int ra = e->impl[CORE]->mem_info(e->m[CORE], &a), rb = e->impl[REF]->mem_info(e->m[REF], &b);
	if (ra != rb) {
		diff_printf(e, "mem_info: core %s, reference %s\n", bb_err_name(ra), bb_err_name(rb));
	} else if (!ra && !same_mem_info(&a, &b)) {
		diff_printf(e, "mem_info: core free %u total %u reserved %u high %u ram %u code %llu data %llu init %llu; "
			       "reference free %u total %u reserved %u high %u ram %u code %llu data %llu init %llu\n",
			    a.free_pages, a.total_pages, a.reserved_pages, a.highmem_pages, a.totalram_pages,
			    (unsigned long long)a.code_bytes, (unsigned long long)a.data_bytes,
			    (unsigned long long)a.init_bytes, b.free_pages, b.total_pages, b.reserved_pages,
			    b.highmem_pages, b.totalram_pages, (unsigned long long)b.code_bytes,
			    (unsigned long long)b.data_bytes, (unsigned long long)b.init_bytes);
	} else {
		return CHK_COUNT;
	}
	*field = "mem_info";
	return CHK_MEMINFO;
}

enum check_id compare_cheap(struct exec *e, const struct footprint *fp, const char **field)
{
	unsigned nodes = fp ? fp->nodes : FP_ALL_NODES, zones = fp ? fp->zones : FP_ALL_ZONES;
	unsigned globals = fp ? fp->globals : FP_ALL_GLOBALS;
	const struct bb_impl *c = e->impl[CORE], *r = e->impl[REF];
	void *mc = e->m[CORE], *mr = e->m[REF];
	if (globals & FP_WARNINGS) {
		uint32_t wc = c->warnings(mc), wr = r->warnings(mr);
		if (wc != wr) {
			diff_printf(e, "warnings (reserved twice): core %u, reference %u\n", wc, wr);
			*field = "warnings";
			return CHK_WARNINGS;
		}
	}
	if (globals & FP_PGDAT_LIST) {
		int lc[BB_MAX_NODES], lr[BB_MAX_NODES];
		int nc = c->pgdat_list(mc, lc), nr = r->pgdat_list(mr, lr);
		if (nc != nr || memcmp(lc, lr, sizeof(int) * (size_t)(nc > 0 ? nc : 0))) {
			diff_printf(e, "pgdat list: core has %d nodes, reference %d (or a different order)\n", nc, nr);
			*field = "pgdat_list";
			return CHK_PGDAT;
		}
	}
	if (globals & FP_NEXT_NODE) {
		int xc = c->next_node(mc), xr = r->next_node(mr);
		if (xc != xr) {
			diff_printf(e, "alloc_pages round-robin start: core node %d, reference node %d\n", xc, xr);
			*field = "next_node";
			return CHK_PGDAT;
		}
	}
	for (int n = 0; n < BB_MAX_NODES; n++) {
		unsigned its_zones = zones >> (n * BB_NR_ZONES) & 7u;
		if (!(nodes >> n & 1u) && !its_zones)
			continue;
		/* After an operation the reference's figures are the layout's,
		 * fetched for every node the operation can change (exact mode
		 * audits that); the whole comparison (no @fp) asks the reference. */
		struct bb_node_info a, fresh; /* filled whole on success (bb_contract.h) */
		const struct bb_node_info *b = fp ? &e->layout.node[n] : &fresh;
		int ra = c->node_info(mc, n, &a), rb = fp ? BB_OK : r->node_info(mr, n, &fresh);
		if (ra != rb) {
			diff_printf(e, "node_info(%d): core %d, reference %d\n", n, ra, rb);
			*field = "node_info";
			return CHK_NODE;
		}
		if (ra)
			continue;
		if (!same_bytes(&a, b, sizeof(a)) && (*field = node_diff(e, n, &a, b)))
			return CHK_NODE;
		/* Without a mem_map (node_diff compared has_mem_map) both report
		 * all-zero zones by contract, whatever their state. */
		if (!b->has_mem_map)
			continue;
		for (int z = 0; z < BB_NR_ZONES; z++) {
			if (!(its_zones >> z & 1u))
				continue;
			struct bb_zone_info za, zb;
			ra = c->zone_info(mc, n, z, &za);
			rb = r->zone_info(mr, n, z, &zb);
			if (ra != rb) {
				diff_printf(e, "zone_info(%d, %d): core %d, reference %d\n", n, z, ra, rb);
				*field = "zone_info";
				return CHK_ZONE;
			}
			if (!ra && !same_bytes(&za, &zb, sizeof(za)) && (*field = zone_diff(e, n, z, &za, &zb)))
				return strcmp(*field, "free_list") ? CHK_ZONE : CHK_FREE_LIST;
		}
	}
	return globals & FP_MEM_INFO ? compare_mem_info(e, field) : CHK_COUNT;
}

static enum check_id compare_lists(struct exec *e, int n, int z, const char **field)
{
	static uint32_t a[BB_MAX_PFN / 2], b[BB_MAX_PFN / 2];
	for (unsigned k = 0; k < BB_MAX_ORDER; k++) {
		uint32_t la = e->impl[CORE]->free_list(e->m[CORE], n, z, k, a, BB_MAX_PFN / 2);
		uint32_t lb = e->impl[REF]->free_list(e->m[REF], n, z, k, b, BB_MAX_PFN / 2);
		uint32_t len = la < lb ? la : lb;
		uint32_t i = 0;
		while (i < len && i < BB_MAX_PFN / 2 && a[i] == b[i])
			i++;
		if (la != lb || i < len) {
			diff_printf(e, "node %d zone %d order %u free list: core length %u, reference %u", n, z, k, la, lb);
			if (i < len && i < BB_MAX_PFN / 2)
				diff_printf(e, "; entry %u: core pfn 0x%x, reference pfn 0x%x", i, a[i], b[i]);
			diff_printf(e, "\n");
			*field = "free_list";
			return CHK_FREE_LIST;
		}
	}
	return CHK_COUNT;
}

/* Bitmap bits [first, first + count) of node @n. */
static enum check_id compare_bits(struct exec *e, int n, uint32_t first, uint32_t count, const char **field)
{
	static uint8_t a[BB_MAX_PFN], b[BB_MAX_PFN];
	if (count > BB_MAX_PFN)
		count = BB_MAX_PFN;
	int ra = e->impl[CORE]->bootmem_bits(e->m[CORE], n, first, count, a);
	int rb = e->impl[REF]->bootmem_bits(e->m[REF], n, first, count, b);
	if (ra == rb && (ra || !memcmp(a, b, count)))
		return CHK_COUNT;
	uint32_t i = 0;
	while (!ra && !rb && i < count && a[i] == b[i])
		i++;
	struct bb_node_info ni;
	if (e->impl[REF]->node_info(e->m[REF], n, &ni))
		memset(&ni, 0, sizeof(ni));
	diff_printf(e, "node %d bitmap bit %u (pfn 0x%x): core %d, reference %d (calls %d/%d)\n", n, first + i,
		    first + i + ni.start_pfn, i < count && !ra ? a[i] : -1, i < count && !rb ? b[i] : -1, ra, rb);
	*field = "bitmap";
	return CHK_BITMAP;
}

/* Page states of pfns [lo, lo + count). */
static enum check_id compare_pages(struct exec *e, uint32_t lo, uint32_t count, const char **field)
{
	/* a chunk at a time: both buffers stay in the first-level cache */
	static uint32_t pa[COMPARE_CHUNK], pb[COMPARE_CHUNK];
	for (uint32_t done = 0; done < count;) {
		uint32_t n = count - done < COMPARE_CHUNK ? count - done : COMPARE_CHUNK;
		e->impl[CORE]->page_states(e->m[CORE], lo + done, n, pa);
		e->impl[REF]->page_states(e->m[REF], lo + done, n, pb);
		size_t bytes = n * sizeof(pa[0]);
		if (bytes <= 256 ? !same_bytes(pa, pb, bytes) : memcmp(pa, pb, bytes) != 0) {
			uint32_t i = 0;
			while (pa[i] == pb[i])
				i++;
			diff_printf(e, "page 0x%x state: core 0x%x, reference 0x%x\n", lo + done + i, pa[i], pb[i]);
			*field = "page_state";
			return CHK_PAGE;
		}
		done += n;
	}
	return CHK_COUNT;
}

enum check_id compare_footprint(struct exec *e, const struct footprint *fp, const char **field)
{
	enum check_id c = CHK_COUNT;
	for (int i = 0; i < fp->nbits && c == CHK_COUNT; i++)
		c = compare_bits(e, fp->bits[i].nid, fp->bits[i].first, fp->bits[i].count, field);
	for (int i = 0; i < fp->npages && c == CHK_COUNT; i++)
		c = compare_pages(e, fp->pages[i].pfn, fp->pages[i].count, field);
	for (int n = 0; n < BB_MAX_NODES && c == CHK_COUNT; n++)
		for (int z = 0; z < BB_NR_ZONES && c == CHK_COUNT; z++)
			if (fp->lists >> (n * BB_NR_ZONES + z) & 1u)
				c = compare_lists(e, n, z, field);
	return c;
}

/*
 * The single queries beside the bulk ones, where mistakes sit: each node's
 * first and last pfn and one on each side (page_state), its first and last
 * bootmem index and the two past it (bootmem_test, ERANGE included), and
 * pfns 0 and phys_pages - 1 and phys_pages.
 */
static enum check_id compare_single_queries(struct exec *e, const char **field)
{
	const struct bb_impl *c = e->impl[CORE], *r = e->impl[REF];
	void *mc = e->m[CORE], *mr = e->m[REF];
	uint32_t phys = e->plan.desc.phys_pages;
	uint32_t pfns[3 + 6 * BB_MAX_NODES];
	int np = 0;
	pfns[np++] = 0;
	pfns[np++] = phys - 1;
	pfns[np++] = phys;
	for (int n = 0; n < BB_MAX_NODES; n++) {
		struct bb_node_info ni;
		if (r->node_info(mr, n, &ni) || !ni.online)
			continue;
		uint32_t edge[6] = {ni.start_pfn - 1, ni.start_pfn, ni.end_pfn - 1, ni.end_pfn, ni.end_pfn + 1,
				    ni.low_end_pfn};
		for (int i = 0; i < 6; i++)
			pfns[np++] = edge[i];
		uint32_t span = ni.low_end_pfn - ni.start_pfn;
		uint32_t idx[4] = {0, span - 1, span, span + 1};
		for (int i = 0; i < 4; i++) {
			int a = c->bootmem_test(mc, n, idx[i]), b = r->bootmem_test(mr, n, idx[i]);
			if (a != b) {
				diff_printf(e, "node %d bootmem_test(%u): core %d, reference %d\n", n, idx[i], a, b);
				*field = "bootmem_test";
				return CHK_BITMAP;
			}
		}
	}
	for (int i = 0; i < np; i++) {
		uint32_t a = c->page_state(mc, pfns[i]), b = r->page_state(mr, pfns[i]);
		if (a != b) {
			diff_printf(e, "page_state(0x%x): core 0x%x, reference 0x%x\n", pfns[i], a, b);
			*field = "page_state";
			return CHK_PAGE;
		}
	}
	return CHK_COUNT;
}

enum check_id compare_full(struct exec *e, const char **field)
{
	enum check_id c = compare_cheap(e, NULL, field);
	if (c != CHK_COUNT)
		return c;
	const struct bb_impl *ir = e->impl[REF];
	void *mr = e->m[REF];
	for (int n = 0; n < BB_MAX_NODES; n++) {
		struct bb_node_info ni;
		if (ir->node_info(mr, n, &ni) || !ni.online)
			continue; /* an offline node has no bits and no lists (compare_cheap compared its info) */
		if (ni.bootmem_open && (c = compare_bits(e, n, 0, ni.low_end_pfn - ni.start_pfn, field)) != CHK_COUNT)
			return c;
		for (int z = 0; z < BB_NR_ZONES; z++)
			if ((c = compare_lists(e, n, z, field)) != CHK_COUNT)
				return c;
	}
	/* Page states where a mem_map exists (per the reference), plus one pfn
	 * on each side of every node, where both must say BB_PAGE_NONE. */
	for (int n = 0; n < BB_MAX_NODES; n++) {
		struct bb_node_info ni;
		if (ir->node_info(mr, n, &ni) || !ni.online)
			continue;
		uint32_t lo = ni.start_pfn ? ni.start_pfn - 1 : 0;
		uint32_t hi = (ni.has_mem_map ? ni.end_pfn : ni.start_pfn) + 1;
		if ((c = compare_pages(e, lo, hi - lo, field)) != CHK_COUNT)
			return c;
	}
	return compare_single_queries(e, field);
}
