/* SPDX-License-Identifier: MIT */
/*
 * check.c - bb_check(): walk every structure and report the first broken
 * invariant in words. Read-only, bounded (a corrupted list cannot make it
 * loop for ever), and never trusts an index before range-checking it.
 */
#include "internal.h"

#define NO_ZONE (-1)

/* "node N zone Z pfn 0x..: what" and BB_ESTATE. */
static int broken(struct bbi_msg *w, int nid, int zone, uint32_t pfn, const char *what)
{
	static const char *const zone_names[BB_NR_ZONES] = { "DMA", "Normal", "HighMem" };

	if (nid >= 0) {
		bbi_msg_str(w, "node ");
		bbi_msg_u32(w, (uint32_t)nid);
		bbi_msg_str(w, " ");
	}
	if (zone >= 0 && zone < BB_NR_ZONES) {
		bbi_msg_str(w, "zone ");
		bbi_msg_str(w, zone_names[zone]);
		bbi_msg_str(w, " ");
	}
	if (pfn != BB_NO_PFN) {
		bbi_msg_str(w, "pfn ");
		bbi_msg_hex(w, pfn);
		bbi_msg_str(w, " ");
	}
	bbi_msg_str(w, ": ");
	bbi_msg_str(w, what);
	return BB_ESTATE;
}

static int check_pgdat(const struct bb_machine *m, struct bbi_msg *w)
{
	unsigned seen = 0, online = 0;
	int steps = 0;

	for (int i = 0; i < BB_MAX_NODES; i++)
		online += m->nodes[i].online != 0;
	for (int i = m->pgdat_list; i != NO_NODE; i = m->nodes[i].next) {
		if (!nid_valid(i))
			return broken(w, NO_NODE, NO_ZONE, BB_NO_PFN, "pgdat list holds a bad node id");
		if (!m->nodes[i].online)
			return broken(w, i, NO_ZONE, BB_NO_PFN, "offline node on the pgdat list");
		if (seen & (1u << i) || ++steps > BB_MAX_NODES)
			return broken(w, i, NO_ZONE, BB_NO_PFN, "node twice on the pgdat list");
		seen |= 1u << i;
	}
	if ((unsigned)steps != online)
		return broken(w, NO_NODE, NO_ZONE, BB_NO_PFN, "an online node is missing from the pgdat list");
	if (m->next_node != NO_NODE && !(nid_valid(m->next_node) && m->nodes[m->next_node].online))
		return broken(w, NO_NODE, NO_ZONE, BB_NO_PFN, "alloc_pages round-robin start is no online node");
	return BB_OK;
}

static int check_geometry(const struct bb_machine *m, const struct bb_node *n, int nid,
			  struct bbi_msg *w)
{
	const struct bb_bootmem *bd = &n->bdata;
	uint32_t bytes;

	if (!((bd->start_pfn < bd->low_end_pfn || (bd->start_pfn == n->end_pfn && bd->start_pfn == bd->low_end_pfn)) &&
	      bd->low_end_pfn <= n->end_pfn && n->end_pfn <= m->desc.phys_pages) ||
	    bd->low_end_pfn != min_u32(n->end_pfn, m->desc.highmem_start_pfn))
		return broken(w, nid, NO_ZONE, BB_NO_PFN, "node bounds out of order");
	bytes = (bd->low_end_pfn - bd->start_pfn + 7) / 8;
	bytes = (bytes + m->desc.word_bytes - 1) & ~(m->desc.word_bytes - 1);
	if (bd->map_bytes != bytes || bd->map_pages != pages_up(bytes))
		return broken(w, nid, NO_ZONE, BB_NO_PFN, "bitmap size disagrees with the node size");
	if (bd->mapstart_pfn < bd->start_pfn ||
	    (uint64_t)bd->mapstart_pfn + bd->map_pages > bd->low_end_pfn)
		return broken(w, nid, NO_ZONE, bd->mapstart_pfn, "bitmap outside the node's low memory");
	for (int i = 0; i < BB_MAX_NODES; i++) {
		const struct bb_node *o = &m->nodes[i];
		if (i != nid && o->online &&
		    ranges_overlap(bd->start_pfn, n->end_pfn, o->bdata.start_pfn, o->end_pfn))
			return broken(w, nid, NO_ZONE, BB_NO_PFN, "node overlaps another node");
	}
	if (bd->last_offset >= BB_PAGE_SIZE)
		return broken(w, nid, NO_ZONE, BB_NO_PFN, "last_offset not below PAGE_SIZE");
	if (n->mapped_pages != (n->has_mem_map ? n->end_pfn - bd->start_pfn : 0))
		return broken(w, nid, NO_ZONE, BB_NO_PFN, "mapped_pages disagrees with the mem_map");
	if (!n->bootmem_open && !n->has_mem_map)
		return broken(w, nid, NO_ZONE, BB_NO_PFN, "bootmem retired without a mem_map");
	if (n->highmem_added && !n->has_mem_map)
		return broken(w, nid, NO_ZONE, BB_NO_PFN, "highmem added without a mem_map");
	return BB_OK;
}

/*
 * Bitmap bits [a, b) (node-relative) of an open node: no clear bit below
 * free_hint, none on a hole (free_bootmem refuses them) or on the bitmap
 * or mem_map pages, and the merge page (last_pos) reserved.
 */
static int check_bits_range(const struct bb_machine *m, const struct bb_node *n, int nid, uint32_t a,
			    uint32_t b, struct bbi_msg *w)
{
	const struct bb_bootmem *bd = &n->bdata;
	uint32_t s = bd->start_pfn;

	for (uint32_t i = bm_find_zero(bd->map, a, b); i < b;) {
		uint32_t j = bm_find_one(bd->map, i, b);

		if (!bbi_ram_covers(m, s + i, s + j))
			return broken(w, nid, NO_ZONE, s + i, "hole free in the bitmap (in the run from here)");
		if (ranges_overlap(s + i, s + j, bd->mapstart_pfn, bd->mapstart_pfn + bd->map_pages))
			return broken(w, nid, NO_ZONE, bd->mapstart_pfn, "bitmap page free in the bitmap");
		if (bbi_paging_pages_overlap(n, s + i, s + j))
			return broken(w, nid, NO_ZONE, s + i, "mem_map or free-area bitmap page free in the bitmap (in the run from here)");
		if (i < bd->free_hint)
			return broken(w, nid, NO_ZONE, s + i, "clear bit below free_hint");
		i = bm_find_zero(bd->map, j, b);
	}
	if (bd->last_offset && bd->last_pos >= a && bd->last_pos < b && !bm_test(bd->map, bd->last_pos))
		return broken(w, nid, NO_ZONE, s + bd->last_pos, "merge page (last_pos) is free");
	return BB_OK;
}

static int check_bitmap(const struct bb_machine *m, const struct bb_node *n, int nid,
			struct bbi_msg *w)
{
	const struct bb_bootmem *bd = &n->bdata;
	uint32_t eidx = bd->low_end_pfn - bd->start_pfn;

	if (bd->map != (const uint32_t *)(const void *)(m->arena + ((uint64_t)bd->mapstart_pfn << BB_PAGE_SHIFT)))
		return broken(w, nid, NO_ZONE, BB_NO_PFN, "bitmap pointer is not phys_to_virt(mapstart)");
	if (eidx ? bd->last_pos >= eidx : bd->last_pos != 0)
		return broken(w, nid, NO_ZONE, BB_NO_PFN, "last_pos beyond the node");
	/* the padding bits after the node stop every scan */
	if (!bm_all_set(bd->map, eidx, bd->map_bytes * 8))
		return broken(w, nid, NO_ZONE, BB_NO_PFN, "bitmap padding bit clear");
	return check_bits_range(m, n, nid, 0, eidx, w);
}

/*
 * What is wrong with the state @f of @pfn of node @n (whose RAM status is
 * @ram), or NULL: the per-page half of check_pages, shared with
 * bb_check_pages().
 */
static inline __attribute__((always_inline)) const char *
page_state_wrong(const struct bb_node *n, uint32_t pfn, uint8_t f, bool ram)
{
	bool low = pfn < n->bdata.low_end_pfn;

	/* Most pages are plain reserved ones or block tails: the rules below, for those two. */
	if (f == BB_PAGE_RESERVED)
		return !low && n->highmem_added && ram ? "highmem RAM page reserved, or hole not reserved" : NULL;
	if (f == 0 && low && ram && !n->bootmem_open &&
	    (pfn < n->mem_map_first_pfn || pfn >= n->mem_map_end_pfn))
		return NULL;
	if ((f & BB_PAGE_FREE_HEAD) && (f & BB_PAGE_ALLOC_HEAD))
		return "page is both a free and an allocated head";
	if ((f & PS_HEAD_MASK) && (f & BB_PAGE_RESERVED))
		return "reserved page carries a head flag";
	if (!(f & (BB_PAGE_FREE_HEAD | BB_PAGE_ALLOC_HEAD)) && ps_order(f))
		return "order on a page that is no head";
	if (low && (f & BB_PAGE_HIGHMEM))
		return "PG_highmem on a low page";
	if (low && n->bootmem_open && f != BB_PAGE_RESERVED)
		return "low page not plain PG_reserved while bootmem is open";
	if (!low && !n->highmem_added && f != BB_PAGE_RESERVED)
		return "highmem page not reserved before add_highmem";
	if (!low && n->highmem_added && ram == ((f & BB_PAGE_RESERVED) != 0))
		return "highmem RAM page reserved, or hole not reserved";
	if (!low && !(f & BB_PAGE_RESERVED) && !(f & BB_PAGE_HIGHMEM))
		return "free highmem page without PG_highmem";
	if ((f & BB_PAGE_RESERVED) && (f & BB_PAGE_HIGHMEM))
		return "reserved page with PG_highmem";
	if (pfn >= n->mem_map_first_pfn && pfn < n->mem_map_end_pfn && !(f & BB_PAGE_RESERVED))
		return "mem_map page not reserved";
	if (low && !(f & BB_PAGE_RESERVED) && !ram)
		return "hole not reserved";
	return NULL;
}

/*
 * The run of pages from @pfn (below @end) that share one RAM status: its
 * end, and in *@ram that status. *@r is the RAM range cursor, the first
 * range ending above @pfn; callers walk upward, so it only moves on.
 */
static uint32_t ram_run(const struct bb_machine *m, uint32_t *r, uint32_t pfn, uint32_t end, bool *ram)
{
	const struct bb_ram_range *rr = m->desc.ram;
	uint32_t nr = m->desc.nr_ram, stop;

	while (*r < nr && rr[*r].end_pfn <= pfn)
		(*r)++;
	*ram = *r < nr && rr[*r].start_pfn <= pfn;
	stop = *r == nr ? end : *ram ? rr[*r].end_pfn : rr[*r].start_pfn;
	return min_u32(stop, end);
}

/* Page flags across the node's mem_map, and mem_info's reserved count. */
static int check_pages(const struct bb_machine *m, const struct bb_node *n, int nid,
		       struct bbi_msg *w)
{
	uint32_t s = n->bdata.start_pfn, reserved = 0, r = 0;

	if (n->mem_map != (const struct bb_page *)(const void *)(m->arena + n->mem_map_phys) ||
	    n->page_state != m->arena + n->mem_map_phys + (uint64_t)(n->end_pfn - s) * sizeof(struct bb_page))
		return broken(w, nid, NO_ZONE, BB_NO_PFN, "mem_map pointer is not phys_to_virt(mem_map_phys)");
	if (n->mem_map_phys & (m->desc.smp_cache_bytes - 1))
		return broken(w, nid, NO_ZONE, BB_NO_PFN, "mem_map not SMP_CACHE_BYTES aligned");
	if (n->mem_map_bytes != ((uint64_t)n->end_pfn - s + 1) * m->desc.struct_page_bytes)
		return broken(w, nid, NO_ZONE, BB_NO_PFN, "mem_map size is not (pages + 1) * struct_page_bytes");
	if (n->mem_map_first_pfn != n->mem_map_phys >> BB_PAGE_SHIFT ||
	    n->mem_map_end_pfn != pages_up(n->mem_map_phys + n->mem_map_bytes) ||
	    n->mem_map_first_pfn < s || n->mem_map_end_pfn > n->bdata.low_end_pfn)
		return broken(w, nid, NO_ZONE, BB_NO_PFN, "mem_map page range wrong or outside the node's low memory");
	/* Runs of pages with one RAM status, on one side of low_end: r is the
	 * RAM range cursor, the first range ending above pfn. */
	for (uint32_t pfn = s; pfn < n->end_pfn;) {
		bool ram;
		uint32_t stop = ram_run(m, &r, pfn, n->end_pfn, &ram);

		if (pfn < n->bdata.low_end_pfn)
			stop = min_u32(stop, n->bdata.low_end_pfn);
		bool count = pfn < n->bdata.low_end_pfn && ram;

		for (; pfn < stop; pfn++) {
			uint8_t f = n->page_state[pfn - s];
			const char *wrong = page_state_wrong(n, pfn, f, ram);

			if (wrong)
				return broken(w, nid, NO_ZONE, pfn, wrong);
			reserved += count && (f & BB_PAGE_RESERVED);
		}
	}
	if (n->low_ram_pages != bbi_ram_pages(m, s, n->bdata.low_end_pfn) ||
	    reserved != n->low_ram_pages - n->low_unreserved)
		return broken(w, nid, NO_ZONE, BB_NO_PFN, "reserved RAM page count disagrees with the page flags");
	return BB_OK;
}

static int check_zone(const struct bb_machine *m, const struct bb_node *n, int nid, int zi,
		      struct bbi_msg *w)
{
	const struct bb_zone *z = &n->zones[zi];
	const struct bb_page *map;
	const uint8_t *st;
	uint32_t zs, span, heads[BB_MAX_ORDER], x;

	bbi_zone_span(m, n->bdata.start_pfn, n->end_pfn, zi, &zs, &span);
	if (z->start_pfn != zs || z->spanned_pages != span)
		return broken(w, nid, zi, BB_NO_PFN, "zone boundaries wrong");
	if (!span) {
		bool blocks = z->nonempty != 0;
		for (unsigned k = 0; k < BB_MAX_ORDER; k++)
			blocks |= z->nr_free[k] || z->head[k] != BB_NO_PFN;
		return blocks ? broken(w, nid, zi, BB_NO_PFN, "empty zone with free blocks") : BB_OK;
	}
	if (z->map != n->mem_map + (zs - n->bdata.start_pfn) || z->state != n->page_state + (zs - n->bdata.start_pfn))
		return broken(w, nid, zi, BB_NO_PFN, "zone's slice of mem_map wrong");
	map = z->map;
	st = z->state;
	for (int k = 0; k < BB_MAX_ORDER; k++)
		heads[k] = 0;
	/* Blocks tile the zone: a head of order k, then 2^k - 1 plain tails. */
	for (x = 0; x < span;) {
		uint8_t f = st[x];
		uint32_t size;
		unsigned k;

		if (!(f & (BB_PAGE_FREE_HEAD | BB_PAGE_ALLOC_HEAD))) {
			if (!(f & BB_PAGE_RESERVED))
				return broken(w, nid, zi, zs + x, "page neither reserved nor in a block");
			x++;
			continue;
		}
		k = ps_order(f);
		if (k > MAX_ORDER_IDX)
			return broken(w, nid, zi, zs + x, "block order above 9");
		size = 1u << k;
		if (x & (size - 1))
			return broken(w, nid, zi, zs + x, "block not aligned to its order relative to the zone start");
		if (size > span - x)
			return broken(w, nid, zi, zs + x, "block runs past the zone's end");
		/* PG_highmem is the same inside a block: check_pages() already
		 * wants it on every unreserved page of HIGHMEM and on no low page. */
		for (uint32_t t = x + 1; t < x + size; t++) {
			if (st[t] & (PS_HEAD_MASK | BB_PAGE_RESERVED))
				return broken(w, nid, zi, zs + t, "tail page of a block is a head or reserved");
		}
		if (f & BB_PAGE_FREE_HEAD) {
			uint32_t bx = x ^ size;

			heads[k]++;
			if (k < MAX_ORDER_IDX && bx < span && ps_free_head(st[bx], k))
				return broken(w, nid, zi, zs + x, "two free buddies of the same order");
		}
		x += size;
	}
	if (z->nonempty >> BB_MAX_ORDER)
		return broken(w, nid, zi, BB_NO_PFN, "non-empty-list mask has bits above order 9");
	for (unsigned k = 0; k < BB_MAX_ORDER; k++) {
		uint32_t len = 0, prev = BB_NO_PFN;

		/* Every block on the walk is a free head of order k, and there
		 * are heads[k] of them: one more is a block met twice, so the
		 * walk ends even in a loop. The first block's prev is never
		 * read (buddy.c), so it is not tested. */
		for (x = z->head[k]; x != BB_NO_PFN; prev = x, x = map[x].next) {
			if (x >= span)
				return broken(w, nid, zi, BB_NO_PFN, "free list link outside the zone");
			if (!ps_free_head(st[x], k))
				return broken(w, nid, zi, zs + x, "free list holds a page that is no free head of its order");
			if (prev != BB_NO_PFN && map[x].prev != prev)
				return broken(w, nid, zi, zs + x, "free list prev link inconsistent");
			if (++len > heads[k])
				return broken(w, nid, zi, zs + x, "free list holds a block twice");
		}
		if (len != heads[k])
			return broken(w, nid, zi, BB_NO_PFN, "free block missing from its free list");
		if (z->nr_free[k] != len)
			return broken(w, nid, zi, BB_NO_PFN, "nr_free disagrees with the free list");
		if (((z->nonempty >> k) & 1u) != (len != 0))
			return broken(w, nid, zi, BB_NO_PFN, "non-empty-list mask disagrees with the free lists");
	}
	return BB_OK;
}

/**
 * bb_check - walk every structure and verify the invariants.
 * @m: the machine
 * @msg: out, the first broken invariant in words (NUL-terminated); may be NULL
 * @len: room in @msg
 * Return: BB_OK, or BB_ESTATE when an invariant is broken.
 */
int bb_check(const struct bb_machine *m, char *msg, size_t len)
{
	struct bbi_msg w;
	uint32_t retired = 0, high = 0;
	int err;

	bbi_msg_init(&w, msg, len);
	if (bbi_machine_err(m)) {
		broken(&w, NO_NODE, NO_ZONE, BB_NO_PFN, m ? "bb_machine_init did not accept this machine" : "no machine");
		return bbi_machine_err(m);
	}
	if (!m->arena || !bbi_desc_valid(&m->desc) ||
	    m->arena_bytes < (uint64_t)m->desc.phys_pages << BB_PAGE_SHIFT)
		return broken(&w, NO_NODE, NO_ZONE, BB_NO_PFN, "machine description or arena invalid");
	err = check_pgdat(m, &w);
	if (err)
		return err;
	for (int nid = 0; nid < BB_MAX_NODES; nid++) {
		const struct bb_node *n = &m->nodes[nid];

		if (!n->online)
			continue;
		err = check_geometry(m, n, nid, &w);
		if (!err && n->bootmem_open)
			err = check_bitmap(m, n, nid, &w);
		if (!err && n->has_mem_map)
			err = check_pages(m, n, nid, &w);
		for (int zi = 0; !err && n->has_mem_map && zi < BB_NR_ZONES; zi++)
			err = check_zone(m, n, nid, zi, &w);
		if (err)
			return err;
		retired += n->retired_pages;
		high += n->highmem_pages;
		if (n->bootmem_open && n->retired_pages)
			return broken(&w, nid, NO_ZONE, BB_NO_PFN, "retired pages counted on an open node");
	}
	if (high != m->totalhigh_pages)
		return broken(&w, NO_NODE, NO_ZONE, BB_NO_PFN, "totalhigh_pages disagrees with the nodes");
	if (retired + high + m->initmem_pages != m->totalram_pages)
		return broken(&w, NO_NODE, NO_ZONE, BB_NO_PFN, "totalram_pages disagrees with retire + highmem + initmem");
	return BB_OK;
}

/* ---- the incremental check --------------------------------------------- */

/* A head at zone index @x: aligned, inside the zone, no free buddy, linked both ways. */
static int check_head(const struct bb_node *n, int nid, int zi, uint32_t x, struct bbi_msg *w)
{
	const struct bb_zone *z = &n->zones[zi];
	const struct bb_page *map = z->map;
	const uint8_t *st = z->state;
	uint8_t f = st[x];
	uint32_t span = z->spanned_pages, zs = z->start_pfn;
	unsigned k = ps_order(f);

	if (k > MAX_ORDER_IDX)
		return broken(w, nid, zi, zs + x, "block order above 9");
	if (x & ((1u << k) - 1))
		return broken(w, nid, zi, zs + x, "block not aligned to its order relative to the zone start");
	if ((1u << k) > span - x)
		return broken(w, nid, zi, zs + x, "block runs past the zone's end");
	if (!(f & BB_PAGE_FREE_HEAD))
		return BB_OK;
	if (k < MAX_ORDER_IDX && (x ^ (1u << k)) < span && ps_free_head(st[x ^ (1u << k)], k))
		return broken(w, nid, zi, zs + x, "two free buddies of the same order");
	uint32_t prev = map[x].prev, next = map[x].next;
	bool first = z->head[k] == x; /* then prev is never read (buddy.c) */
	if (!first && (prev >= span || map[prev].next != x || !ps_free_head(st[prev], k)))
		return broken(w, nid, zi, zs + x, "free list prev link inconsistent");
	if (next != BB_NO_PFN && (next >= span || map[next].prev != x || !ps_free_head(st[next], k)))
		return broken(w, nid, zi, zs + x, "free list next link inconsistent");
	if (first && next == BB_NO_PFN && z->nr_free[k] != 1) /* a push that lost the rest */
		return broken(w, nid, zi, zs + x, "free list ends at its head but counts more blocks");
	if (!(z->nonempty >> k & 1u))
		return broken(w, nid, zi, BB_NO_PFN, "non-empty-list mask disagrees with the free lists");
	return BB_OK;
}

/*
 * A page at zone index @x that heads no free block, and is not PG_reserved:
 * an allocated head, or a tail (a buddy a merge took off its list). No free
 * head may link to it. Its own links are stale, so they only say where to
 * look: at the blocks that were its neighbours when it left its list, whose
 * links the unlinking had to mend (bb_check()'s walks see the same break).
 */
static int check_unlinked(const struct bb_node *n, int nid, int zi, uint32_t x, struct bbi_msg *w)
{
	const struct bb_zone *z = &n->zones[zi];
	const struct bb_page *map = z->map;
	const uint8_t *st = z->state;
	uint32_t span = z->spanned_pages, next = map[x].next, prev = map[x].prev;

	if (next < span && (st[next] & BB_PAGE_FREE_HEAD) && map[next].prev == x &&
	    z->head[ps_order(st[next])] != next) /* a first block's prev is stale: never read */
		return broken(w, nid, zi, z->start_pfn + next, "free list prev link to a page that is no free head");
	if (prev < span && (st[prev] & BB_PAGE_FREE_HEAD) && map[prev].next == x)
		return broken(w, nid, zi, z->start_pfn + prev, "free list next link to a page that is no free head");
	return BB_OK;
}

/**
 * bb_check_pages - bb_check()'s invariants over pfns [@pfn, @pfn + @count):
 * the bitmap bits of an open node (no free hole or metadata page), each
 * page's flags, and for each block head there its alignment, its extent,
 * its buddy and its free-list links; for every other page outside
 * PG_reserved, that no free head links to it. For the harness, after an operation
 * that touched only these pages; cost proportional to @count.
 * @m: the machine
 * @msg: out, the first broken invariant in words (NUL-terminated); may be NULL
 * @len: room in @msg
 * Return: BB_OK, or BB_ESTATE when an invariant is broken.
 */
int bb_check_pages(const struct bb_machine *m, uint32_t pfn, uint32_t count, char *msg, size_t len)
{
	struct bbi_msg w;
	uint64_t end = (uint64_t)pfn + count;

	bbi_msg_init(&w, msg, len);
	if (bbi_machine_err(m)) {
		broken(&w, NO_NODE, NO_ZONE, BB_NO_PFN, m ? "bb_machine_init did not accept this machine" : "no machine");
		return bbi_machine_err(m);
	}
	for (int nid = 0; nid < BB_MAX_NODES; nid++) {
		const struct bb_node *n = &m->nodes[nid];
		uint32_t s = n->bdata.start_pfn, a, b;
		int err = BB_OK;

		if (!n->online || !ranges_overlap(pfn, end, s, n->end_pfn))
			continue;
		a = max_u32(pfn, s);
		b = (uint32_t)(end < n->end_pfn ? end : n->end_pfn);
		if (n->bootmem_open && a < n->bdata.low_end_pfn)
			err = check_bits_range(m, n, nid, a - s, min_u32(b, n->bdata.low_end_pfn) - s, &w);
		/* runs of one RAM status; r: the RAM range cursor */
		uint32_t r = 0;
		for (uint32_t p = a; !err && n->has_mem_map && p < b;) {
			bool ram;
			uint32_t stop = ram_run(m, &r, p, b, &ram);

			for (; !err && p < stop; p++) {
				uint8_t f = n->page_state[p - s];
				const char *wrong = page_state_wrong(n, p, f, ram);

				if (wrong) {
					err = broken(&w, nid, NO_ZONE, p, wrong);
				} else if (!(f & BB_PAGE_RESERVED)) {
					int zi = zone_of_pfn(m, p);
					uint32_t x = p - n->zones[zi].start_pfn;

					if (f & (BB_PAGE_FREE_HEAD | BB_PAGE_ALLOC_HEAD))
						err = check_head(n, nid, zi, x, &w);
					if (!err && !(f & BB_PAGE_FREE_HEAD))
						err = check_unlinked(n, nid, zi, x, &w);
				}
			}
		}
		if (err)
			return err;
	}
	return BB_OK;
}
