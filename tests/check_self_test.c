/* SPDX-License-Identifier: MIT */
/*
 * check_self_test.c - the checker checked: for each invariant bb_check()
 * promises, a valid machine with exactly that invariant broken must be
 * reported as BB_ESTATE with the invariant in words. A white-box test of
 * core/ (it writes the core's own structures); the reference has no checker.
 * An invariant of one page (its flags, its bitmap bit, the block it heads)
 * must also be reported by the incremental bb_check_pages() over the node;
 * "free list next link inconsistent" only that one checks. Not here: a
 * machine bb_machine_init never accepted (ctest api_misuse).
 *
 * The machine: 256 pages, holes [100, 104) and [200, 202), MAX_DMA 64,
 * highmem from 190, one node [0, 256) with its bitmap on page 0, page 0 and
 * the bitmap reserved. Three states: bootmem open; mem_map made; retired
 * with highmem added.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootbuddy.h"
#include "page.h"
#include "scenario.h"

enum state { OPEN, MAPPED, RETIRED };

static unsigned char arena[256 * BB_PAGE_SIZE];
static struct bb_machine M;
static int failures, cases;

static void must(int rc, const char *what)
{
	if (rc) {
		printf("FAIL setup: %s gave %d\n", what, rc);
		exit(1);
	}
}

static uint32_t dma_end = 64, highmem_start = 190; /* all_dma() moves both past the node */
/* bb_check_pages() looks at [pages_from, 256): a break may aim it at its page, as the
 * harness does after an operation, when a neighbour's rule would fire first */
static uint32_t pages_from;

static struct bb_machine *machine(enum state st)
{
	struct bb_machine_desc d = sc_desc(256, "0-100 104-200 202-256");
	d.dma_end_pfn = dma_end;
	d.highmem_start_pfn = highmem_start;
	pages_from = 0;
	must(bb_machine_init(&M, &d, arena, sizeof(arena)), "bb_machine_init");
	must(bb_init_bootmem_node(&M, 0, 0, 0, 256, NULL), "init_bootmem_node");
	must(bb_free_bootmem_node(&M, 0, BB_PAGE_SIZE, 99 * BB_PAGE_SIZE, NULL), "free 1..100");
	must(bb_free_bootmem_node(&M, 0, 104 * BB_PAGE_SIZE, 86 * BB_PAGE_SIZE, NULL), "free 104..190");
	if (st >= MAPPED)
		must(bb_free_area_init_node(&M, 0), "free_area_init_node");
	if (st >= MAPPED && highmem_start == 256)
		must(bb_free_bootmem_node(&M, 0, 202 * BB_PAGE_SIZE, 54 * BB_PAGE_SIZE, NULL), "free 202..256");
	if (st >= RETIRED) {
		must(bb_free_all_bootmem_node(&M, 0, NULL), "free_all_bootmem_node");
		must(bb_add_highmem_node(&M, 0, NULL), "add_highmem_node");
	}
	char msg[160];
	if (bb_check(&M, msg, sizeof(msg)) != BB_OK) {
		printf("FAIL setup: the valid machine (state %d) fails bb_check: %s\n", st, msg);
		exit(1);
	}
	return &M;
}

static struct bb_node *N0(struct bb_machine *m) { return &m->nodes[0]; }
static struct bb_page *links(struct bb_machine *m, uint32_t pfn) { return &N0(m)->mem_map[pfn]; }
static uint8_t *state(struct bb_machine *m, uint32_t pfn) { return &N0(m)->page_state[pfn]; }
/* The state byte (core/src/page.h) of the contract's page flags @f (order in bits 8-11). */
#define ST(f) ((uint8_t)(((f) & PS_FLAG_MASK) | ((f) >> BB_PAGE_ORDER_SHIFT) << PS_ORDER_SHIFT))
static void bit_clear(struct bb_machine *m, uint32_t i) { N0(m)->bdata.map[i >> 5] &= ~(1u << (i & 31)); }

/* A page of zone @z that is the head of a free block of order >= @min: its pfn. */
static uint32_t free_head(struct bb_machine *m, int z, unsigned min)
{
	struct bb_zone *zn = &N0(m)->zones[z];
	for (uint32_t x = 0; x < zn->spanned_pages; x++) {
		uint8_t f = zn->state[x];
		if ((f & BB_PAGE_FREE_HEAD) && ps_order(f) >= min)
			return zn->start_pfn + x;
	}
	printf("FAIL setup: no free block of order >= %u in zone %d\n", min, z);
	exit(1);
}

/* The lowest order whose free list in @z holds @n blocks or more. */
static unsigned list_of(const struct bb_zone *z, uint32_t n)
{
	for (unsigned k = 0; k < BB_MAX_ORDER; k++)
		if (z->nr_free[k] >= n)
			return k;
	printf("FAIL setup: no list of %u blocks\n", n);
	exit(1);
}

/*
 * Take the second block y of the lowest list of three or more in @z off its
 * list, allocated, mending its predecessor's next but not its successor's
 * prev (which still names y). Returns y's zone index.
 */
static uint32_t unlink_second_leaving_prev(struct bb_zone *z)
{
	unsigned k = list_of(z, 3);
	uint32_t h = z->head[k], y = z->map[h].next;

	z->map[h].next = z->map[y].next;
	z->nr_free[k]--;
	z->state[y] = (uint8_t)((z->state[y] & ~BB_PAGE_FREE_HEAD) | BB_PAGE_ALLOC_HEAD);
	return y;
}

/* Which checker must see the break: the whole one, the incremental one over the node, or both. */
enum checker { WHOLE = 1, PAGES = 2, BOTH = WHOLE | PAGES };

static void expect(enum checker by, const char *name, struct bb_machine *m, const char *words)
{
	for (enum checker c = WHOLE; c <= PAGES; c++) {
		char msg[200] = "";
		const char *fn = c == WHOLE ? "bb_check" : "bb_check_pages";
		int rc;

		if (!(by & c))
			continue;
		rc = c == WHOLE ? bb_check(m, msg, sizeof(msg)) : bb_check_pages(m, pages_from, 256 - pages_from, msg, sizeof(msg));
		cases++;
		if (rc != BB_ESTATE || !strstr(msg, words)) {
			printf("FAIL %s: %s gave %d \"%s\", want BB_ESTATE with \"%s\"\n", name, fn, rc, msg, words);
			failures++;
		} else {
			printf("ok   %-44s %-14s %s\n", name, fn, msg);
		}
	}
}

/* CASE_BY(checker, state, name, words, corruption): a fresh machine in @state, broken by @corruption. */
#define CASE_BY(by, st, name, words, ...)                    \
	do {                                                 \
		struct bb_machine *m = machine(st);          \
		__VA_ARGS__;                                 \
		expect(by, name, m, words);                  \
	} while (0)
#define CASE(...) CASE_BY(WHOLE, __VA_ARGS__)       /* the machine's or a list's invariant */
#define PAGE_CASE(...) CASE_BY(BOTH, __VA_ARGS__)   /* one page's: both checkers */

int main(void)
{
	/* the machine itself, the pgdat list, a node's geometry */
	CASE(OPEN, "arena too small", "machine description or arena invalid", m->arena_bytes = 0);
	CASE(OPEN, "bad id on the list", "pgdat list holds a bad node id", m->pgdat_list = 9);
	CASE(OPEN, "offline node on the list", "offline node on the pgdat list", N0(m)->online = 0);
	CASE(OPEN, "list loops", "node twice on the pgdat list", N0(m)->next = 0);
	CASE(OPEN, "online node not listed", "missing from the pgdat list", m->pgdat_list = -1);
	CASE(OPEN, "round-robin start offline", "round-robin start is no online node", m->next_node = 3);
	CASE(OPEN, "bounds", "node bounds out of order", N0(m)->bdata.low_end_pfn = 300);
	CASE(OPEN, "bitmap size", "bitmap size disagrees", N0(m)->bdata.map_bytes += 4);
	CASE(OPEN, "bitmap outside", "bitmap outside the node", N0(m)->bdata.mapstart_pfn = 190);
	CASE(OPEN, "overlap", "node overlaps another node",
	     m->nodes[1] = m->nodes[0]; m->nodes[1].next = -1; N0(m)->next = 1);
	CASE(OPEN, "last_offset", "last_offset not below PAGE_SIZE", N0(m)->bdata.last_offset = BB_PAGE_SIZE);
	CASE(OPEN, "mapped_pages", "mapped_pages disagrees", N0(m)->mapped_pages = 5);
	CASE(OPEN, "retired without mem_map", "bootmem retired without a mem_map", N0(m)->bootmem_open = 0);
	CASE(OPEN, "highmem without mem_map", "highmem added without a mem_map", N0(m)->highmem_added = 1);
	CASE(OPEN, "retired pages on an open node", "retired pages counted on an open node", N0(m)->retired_pages = 1);
	/* the bootmem bitmap */
	CASE(OPEN, "bitmap pointer", "bitmap pointer is not phys_to_virt", N0(m)->bdata.map += 1);
	CASE(OPEN, "last_pos", "last_pos beyond the node", N0(m)->bdata.last_pos = 1000);
	CASE(OPEN, "padding", "bitmap padding bit clear", bit_clear(m, 190));
	PAGE_CASE(OPEN, "hole free", "hole free in the bitmap", bit_clear(m, 101));
	PAGE_CASE(OPEN, "bitmap page free", "bitmap page free in the bitmap", bit_clear(m, 0));
	PAGE_CASE(OPEN, "free_hint", "clear bit below free_hint", N0(m)->bdata.free_hint = 50);
	PAGE_CASE(OPEN, "merge page free", "merge page (last_pos) is free",
	     N0(m)->bdata.last_pos = 10; N0(m)->bdata.last_offset = 100);
	/* the mem_map while bootmem is open */
	CASE(MAPPED, "mem_map pointer", "mem_map pointer is not phys_to_virt", N0(m)->mem_map += 1);
	CASE(MAPPED, "page states pointer", "mem_map pointer is not phys_to_virt", N0(m)->page_state += 1);
	CASE(MAPPED, "mem_map alignment", "mem_map not SMP_CACHE_BYTES aligned",
	     N0(m)->mem_map_phys += 8; N0(m)->mem_map = (struct bb_page *)(void *)(arena + N0(m)->mem_map_phys);
	     N0(m)->page_state += 8);
	CASE(MAPPED, "mem_map size", "mem_map size is not", N0(m)->mem_map_bytes += 1);
	CASE(RETIRED, "mem_map range", "mem_map page range wrong", N0(m)->mem_map_end_pfn += 1);
	PAGE_CASE(MAPPED, "mem_map page free", "mem_map or free-area bitmap page free", bit_clear(m, N0(m)->mem_map_first_pfn));
	PAGE_CASE(MAPPED, "low page not reserved", "low page not plain PG_reserved while bootmem is open", *state(m, 5) = ST(0));
	CASE(MAPPED, "reserved count", "reserved RAM page count disagrees", N0(m)->low_unreserved = 3);
	PAGE_CASE(MAPPED, "highmem page before add_highmem", "highmem page not reserved before add_highmem",
	     *state(m, 230) = ST(BB_PAGE_HIGHMEM));
	/* page flags once retired */
	PAGE_CASE(RETIRED, "free and allocated head", "both a free and an allocated head",
	     *state(m, free_head(m, BB_ZONE_NORMAL, 0)) |= ST(BB_PAGE_ALLOC_HEAD));
	PAGE_CASE(RETIRED, "reserved head", "reserved page carries a head flag",
	     *state(m, N0(m)->mem_map_first_pfn) |= ST(BB_PAGE_FREE_HEAD));
	PAGE_CASE(RETIRED, "order on no head", "order on a page that is no head",
	     *state(m, free_head(m, BB_ZONE_NORMAL, 1) + 1) = ST(1u << BB_PAGE_ORDER_SHIFT));
	PAGE_CASE(RETIRED, "PG_highmem low", "PG_highmem on a low page",
	     *state(m, free_head(m, BB_ZONE_NORMAL, 1) + 1) = ST(BB_PAGE_HIGHMEM));
	PAGE_CASE(RETIRED, "highmem RAM reserved", "highmem RAM page reserved, or hole not reserved",
	     *state(m, free_head(m, BB_ZONE_HIGHMEM, 0)) = ST(BB_PAGE_RESERVED));
	PAGE_CASE(RETIRED, "free highmem without PG_highmem", "free highmem page without PG_highmem",
	     *state(m, free_head(m, BB_ZONE_HIGHMEM, 0)) &= (uint8_t)~ST(BB_PAGE_HIGHMEM));
	PAGE_CASE(RETIRED, "reserved PG_highmem", "reserved page with PG_highmem",
	     *state(m, 200) = ST(BB_PAGE_RESERVED | BB_PAGE_HIGHMEM));
	PAGE_CASE(RETIRED, "highmem hole free", "highmem RAM page reserved, or hole not reserved",
		  *state(m, 200) = ST(BB_PAGE_HIGHMEM));
	PAGE_CASE(RETIRED, "hole free", "hole not reserved", *state(m, 101) = ST(0));
	PAGE_CASE(RETIRED, "mem_map page free", "mem_map page not reserved", *state(m, N0(m)->mem_map_first_pfn) = ST(0));
	/* the zones: blocks and free lists */
	CASE(RETIRED, "zone bounds", "zone boundaries wrong", N0(m)->zones[BB_ZONE_NORMAL].start_pfn += 1);
	CASE(RETIRED, "zone's states", "zone's slice of mem_map wrong", N0(m)->zones[BB_ZONE_NORMAL].state += 1);
	CASE(RETIRED, "zone's links", "zone's slice of mem_map wrong", N0(m)->zones[BB_ZONE_NORMAL].map += 1);
	CASE(RETIRED, "page in no block", "page neither reserved nor in a block",
	     *state(m, free_head(m, BB_ZONE_NORMAL, 1)) = ST(0));
	PAGE_CASE(RETIRED, "order above 9", "block order above 9",
	     uint8_t *p = state(m, free_head(m, BB_ZONE_NORMAL, 0));
	     *p = (uint8_t)((*p & PS_FLAG_MASK) | 10u << PS_ORDER_SHIFT));
	PAGE_CASE(RETIRED, "misaligned block", "block not aligned to its order",
	     /* expand() hands out the highest page, at an odd index; it claims order 1 */
	     uint32_t pfn = 0;
	     must(bb_alloc_pages(m, 0, BB_GFP_KERNEL, 0, &pfn), "alloc_pages");
	     if (!(pfn & 1)) { printf("FAIL setup: order-0 page at an even pfn\n"); exit(1); }
	     *state(m, pfn) = ST(BB_PAGE_ALLOC_HEAD | 1u << BB_PAGE_ORDER_SHIFT));
	PAGE_CASE(RETIRED, "block past the zone", "block runs past the zone's end",
	     /* the block holding the zone's last page grows one order */
	     struct bb_zone *z = &N0(m)->zones[BB_ZONE_HIGHMEM];
	     uint32_t x = z->spanned_pages - 1;
	     while (!(z->state[x] & BB_PAGE_FREE_HEAD)) x--;
	     z->state[x] += 1u << PS_ORDER_SHIFT;
	     pages_from = z->start_pfn + x); /* a block before it links to it: "next link" */
	CASE(RETIRED, "head as a tail", "tail page of a block is a head or reserved",
	     *state(m, free_head(m, BB_ZONE_NORMAL, 1) + 1) = ST(BB_PAGE_FREE_HEAD));
	PAGE_CASE(RETIRED, "free buddies", "two free buddies of the same order",
	     uint32_t h = free_head(m, BB_ZONE_NORMAL, 1);
	     unsigned k = ps_order(*state(m, h));
	     *state(m, h) = ST(BB_PAGE_FREE_HEAD | (k - 1) << BB_PAGE_ORDER_SHIFT);
	     *state(m, h + (1u << (k - 1))) = ST(BB_PAGE_FREE_HEAD | (k - 1) << BB_PAGE_ORDER_SHIFT));
	CASE(RETIRED, "mask above order 9", "non-empty-list mask has bits above order 9",
	     N0(m)->zones[BB_ZONE_NORMAL].nonempty |= 1u << 12);
	CASE(RETIRED, "link outside", "free list link outside the zone",
	     struct bb_zone *z = &N0(m)->zones[BB_ZONE_NORMAL];
	     uint32_t h = free_head(m, BB_ZONE_NORMAL, 0) - z->start_pfn;
	     z->head[ps_order(z->state[h])] = z->spanned_pages + 5);
	CASE(RETIRED, "list holds no head", "free list holds a page that is no free head",
	     struct bb_zone *z = &N0(m)->zones[BB_ZONE_NORMAL];
	     uint32_t h = free_head(m, BB_ZONE_NORMAL, 1) - z->start_pfn;
	     z->head[ps_order(z->state[h])] = h + 1);
	PAGE_CASE(RETIRED, "prev link", "free list prev link inconsistent",
	     struct bb_zone *z = &N0(m)->zones[BB_ZONE_NORMAL];
	     unsigned k = list_of(z, 2);
	     z->map[z->map[z->head[k]].next].prev = 5);
	PAGE_CASE(RETIRED, "stale prev link", "free list prev link inconsistent",
	     /* an unlink of the second block that leaves the third's prev on
	      * it, whose own next still points on: only "is prev a free head"
	      * sees it */
	     struct bb_zone *z = &N0(m)->zones[BB_ZONE_NORMAL];
	     uint32_t y = unlink_second_leaving_prev(z);
	     pages_from = z->start_pfn + z->map[y].next);
	CASE(RETIRED, "list holds a block twice", "free list holds a block twice",
	     /* the second block links back to the first, whose prev (never
	      * read) names the second: only the count ends the walk */
	     struct bb_zone *z = &N0(m)->zones[BB_ZONE_NORMAL];
	     unsigned k = list_of(z, 2);
	     uint32_t h = z->head[k], y = z->map[h].next;
	     z->map[y].next = h;
	     z->map[h].prev = y);
	/* Pages that left a list: no free head may still link to them (aimed at
	 * the page, as the harness aims it at an operation's pages; the whole
	 * walk sees the same breaks as a list holding a page that is no free head). */
	CASE_BY(PAGES, RETIRED, "unlink leaves a prev link", "free list prev link to a page that is no free head",
		struct bb_zone *z = &N0(m)->zones[BB_ZONE_NORMAL];
		pages_from = z->start_pfn + unlink_second_leaving_prev(z));
	CASE_BY(PAGES, RETIRED, "unlink leaves a link", "free list next link to a page that is no free head",
		struct bb_zone *z = &N0(m)->zones[BB_ZONE_NORMAL];
		unsigned k = list_of(z, 2);
		uint32_t h = z->head[k], y = z->map[h].next, nx = z->map[y].next;
		/* y leaves the list, its successor mended, its predecessor h not */
		if (nx != BB_NO_PFN) z->map[nx].prev = h;
		z->nr_free[k]--;
		z->state[y] = (uint8_t)((z->state[y] & ~BB_PAGE_FREE_HEAD) | BB_PAGE_ALLOC_HEAD);
		pages_from = z->start_pfn + y);
	CASE_BY(PAGES, RETIRED, "push loses the list", "free list ends at its head but counts more blocks",
		struct bb_zone *z = &N0(m)->zones[BB_ZONE_NORMAL];
		unsigned k = list_of(z, 2);
		uint32_t h = z->head[k];
		z->map[h].next = BB_NO_PFN; /* the head lost the rest of its list */
		pages_from = z->start_pfn + h);
	CASE_BY(PAGES, RETIRED, "next link", "free list next link inconsistent",
		/* the whole walk says "no free head" first; a head's own check sees its next link */
		uint32_t h = free_head(m, BB_ZONE_NORMAL, 1);
		links(m, h)->next = h + 1 - N0(m)->zones[BB_ZONE_NORMAL].start_pfn);
	CASE(RETIRED, "block missing from its list", "free block missing from its free list",
	     struct bb_zone *z = &N0(m)->zones[BB_ZONE_NORMAL];
	     uint32_t h = free_head(m, BB_ZONE_NORMAL, 0) - z->start_pfn;
	     unsigned k = ps_order(z->state[h]);
	     uint32_t first = z->head[k], next = z->map[first].next;
	     z->head[k] = next;
	     if (next != BB_NO_PFN) z->map[next].prev = BB_NO_PFN);
	CASE(RETIRED, "nr_free", "nr_free disagrees with the free list",
	     struct bb_zone *z = &N0(m)->zones[BB_ZONE_NORMAL];
	     uint32_t h = free_head(m, BB_ZONE_NORMAL, 0) - z->start_pfn;
	     z->nr_free[ps_order(z->state[h])] += 1);
	PAGE_CASE(RETIRED, "non-empty mask", "non-empty-list mask disagrees with the free lists",
	     struct bb_zone *z = &N0(m)->zones[BB_ZONE_NORMAL];
	     uint32_t h = free_head(m, BB_ZONE_NORMAL, 0) - z->start_pfn;
	     z->nonempty ^= 1u << ps_order(z->state[h]));
	/* a machine all DMA: NORMAL and HIGHMEM are empty */
	dma_end = highmem_start = 256;
	CASE(RETIRED, "empty zone", "empty zone with free blocks", N0(m)->zones[BB_ZONE_NORMAL].nr_free[2] = 3);
	dma_end = 64;
	highmem_start = 190;
	/* the machine's counters */
	CASE(RETIRED, "totalhigh_pages", "totalhigh_pages disagrees", m->totalhigh_pages += 1);
	CASE(RETIRED, "totalram_pages", "totalram_pages disagrees", m->totalram_pages += 1);

	/* and what the core leaves behind is no break: a pop leaves the new
	 * first block's prev on the block it handed out (buddy.c never reads it) */
	{
		struct bb_machine *m = machine(RETIRED);
		struct bb_zone *z = &N0(m)->zones[BB_ZONE_NORMAL];
		unsigned k = list_of(z, 2);
		uint32_t old = z->head[k], pfn = 0;
		char msg[200] = "";

		must(bb_alloc_pages(m, 0, BB_GFP_KERNEL, k, &pfn), "alloc_pages");
		cases++;
		if (z->map[z->head[k]].prev != old || bb_check(m, msg, sizeof(msg)) != BB_OK ||
		    bb_check_pages(m, 0, 256, msg, sizeof(msg)) != BB_OK) {
			printf("FAIL a pop's stale prev: \"%s\" (or the pop wrote the prev)\n", msg);
			failures++;
		} else {
			printf("ok   %-44s %-14s\n", "a pop's stale prev is no break", "both");
		}
	}
	printf("%s: %d invariants broken one at a time, %d not reported as they should be\n",
	       failures ? "FAIL" : "PASS", cases, failures);
	return failures != 0;
}
