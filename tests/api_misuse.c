/* SPDX-License-Identifier: MIT */
/*
 * api_misuse.c - SPEC 0.2: every call given no machine (NULL) fails with
 * BB_EINVAL, on core and reference; every core call given storage that
 * bb_machine_init never accepted (zeroed, or after a refused init) fails
 * with BB_ENODEV and returns (it used to loop for ever in the pgdat walk).
 * Queries without an error code of their own give their empty answer, and
 * on a good machine each query refuses its own bad arguments the same way
 * on both sides.
 */
#include <stdio.h>
#include <string.h>

#include "bootbuddy.h"
#include "impl.h"
#include "scenario.h"

static int failures;

#define EXPECT(impl_name, what, got, want)                                                          \
	do {                                                                                        \
		long long g_ = (long long)(got), w_ = (long long)(want);                           \
		if (g_ != w_) {                                                                     \
			printf("FAIL %s %s: %s gave %lld, want %lld\n", impl_name, what, #got, g_, w_); \
			failures++;                                                                 \
		}                                                                                   \
	} while (0)

/* Every function of api.def, on machine @m, must answer @err (queries: their empty answer). */
static void every_call(const struct bb_impl *im, void *m, int err, const char *what)
{
	uint32_t u = 0x55, pages[4];
	uint64_t phys = 0x55;
	uint8_t bits[4];
	int ids[BB_MAX_NODES];
	struct bb_node_info ni;
	struct bb_zone_info zi;
	struct bb_mem_info mi;
	const char *n = im->name;

	EXPECT(n, what, im->init_bootmem_node(m, 0, 0, 0, 16, &u), err);
	EXPECT(n, what, im->reserve_bootmem_node(m, 0, 0, 4096, &u), err);
	EXPECT(n, what, im->free_bootmem_node(m, 0, 0, 4096, &u), err);
	EXPECT(n, what, im->__alloc_bootmem_node(m, BB_ANY_NODE, 100, 32, 0, &phys), err);
	EXPECT(n, what, im->alloc_bootmem(m, 100, &phys), err);
	EXPECT(n, what, im->alloc_bootmem_low(m, 100, &phys), err);
	EXPECT(n, what, im->alloc_bootmem_pages(m, 100, &phys), err);
	EXPECT(n, what, im->alloc_bootmem_low_pages(m, 100, &phys), err);
	EXPECT(n, what, im->alloc_bootmem_node(m, 0, 100, &phys), err);
	EXPECT(n, what, im->alloc_bootmem_pages_node(m, 0, 100, &phys), err);
	EXPECT(n, what, im->alloc_bootmem_low_pages_node(m, 0, 100, &phys), err);
	EXPECT(n, what, im->free_area_init_node(m, 0), err);
	EXPECT(n, what, im->free_all_bootmem_node(m, 0, &u), err);
	EXPECT(n, what, im->add_highmem_node(m, 0, &u), err);
	EXPECT(n, what, im->free_initmem(m, 0, 4096, &u), err);
	EXPECT(n, what, im->alloc_pages(m, BB_ANY_NODE, BB_GFP_KERNEL, 0, &u), err);
	EXPECT(n, what, im->free_pages(m, 0, 0), err);
	EXPECT(n, what, im->pgdat_list(m, ids), err);
	EXPECT(n, what, im->node_info(m, 0, &ni), err);
	EXPECT(n, what, im->bootmem_test(m, 0, 0), err);
	EXPECT(n, what, im->bootmem_bits(m, 0, 0, 4, bits), err);
	EXPECT(n, what, im->zone_info(m, 0, 0, &zi), err);
	EXPECT(n, what, im->mem_info(m, &mi), err);
	EXPECT(n, what, im->next_node(m), -1);
	EXPECT(n, what, im->free_list(m, 0, 0, 0, pages, 4), 0);
	EXPECT(n, what, im->page_state(m, 0), BB_PAGE_NONE);
	EXPECT(n, what, im->page_states(m, 0, 4, pages), 4);
	EXPECT(n, what, pages[3], BB_PAGE_NONE);
	EXPECT(n, what, im->warnings(m), 0);
	EXPECT(n, what, u, 0x55);        /* outputs untouched */
	EXPECT(n, what, phys, 0x55);
}

/* A machine of @pages pages, all RAM, its one node's bootmem open; NULL (a failure) if refused. */
static void *open_node(const struct bb_impl *im, uint32_t pages)
{
	struct bb_machine_desc d = sc_desc(pages, NULL);
	int err = 0;
	void *m;

	d.nr_ram = 1;
	d.ram[0].start_pfn = 0;
	d.ram[0].end_pfn = pages;
	m = im->create(&d, &err);
	if (!m) {
		printf("FAIL %s: create gave %d\n", im->name, err);
		failures++;
		return NULL;
	}
	EXPECT(im->name, "setup", im->init_bootmem_node(m, 0, 0, 0, pages, NULL), BB_OK);
	return m;
}

/* The queries' own argument errors, both sides alike. */
static void bad_query_args(const struct bb_impl *im)
{
	void *m = open_node(im, 16);
	const char *n = im->name;
	uint8_t bits[16];
	uint32_t pfns[2];

	if (!m)
		return;
	EXPECT(n, "bootmem_test, no such node", im->bootmem_test(m, BB_MAX_NODES, 0), BB_EINVAL);
	EXPECT(n, "bootmem_test, offline node", im->bootmem_test(m, 1, 0), BB_ENODEV);
	EXPECT(n, "bootmem_test, past the node", im->bootmem_test(m, 0, 16), BB_ERANGE);
	EXPECT(n, "bootmem_bits, no such node", im->bootmem_bits(m, BB_MAX_NODES, 0, 4, bits), BB_EINVAL);
	EXPECT(n, "bootmem_bits, count wraps", im->bootmem_bits(m, 0, 5, UINT32_MAX, bits), BB_ERANGE);
	EXPECT(n, "bootmem_bits, past the node", im->bootmem_bits(m, 0, 8, 9, bits), BB_ERANGE);
	EXPECT(n, "bootmem_bits, NULL out", im->bootmem_bits(m, 0, 0, 4, NULL), BB_EINVAL);
	/* SPEC 0.2 step 0: the missing buffer before the node's and the range's errors */
	EXPECT(n, "bootmem_bits, NULL out, offline node", im->bootmem_bits(m, 1, 0, 4, NULL), BB_EINVAL);
	EXPECT(n, "bootmem_bits, NULL out, past the node", im->bootmem_bits(m, 0, 8, 9, NULL), BB_EINVAL);
	EXPECT(n, "bootmem_bits, none", im->bootmem_bits(m, 0, 16, 0, NULL), BB_OK);
	EXPECT(n, "free_list, no such zone", im->free_list(m, 0, BB_NR_ZONES, 0, pfns, 2), 0);
	EXPECT(n, "free_list, no such order", im->free_list(m, 0, 0, BB_MAX_ORDER, pfns, 2), 0);
	EXPECT(n, "free_list, no mem_map yet", im->free_list(m, 0, 0, 0, pfns, 2), 0);
	EXPECT(n, "page_states, NULL out", im->page_states(m, 0, 2, NULL), 0);
	EXPECT(n, "bootmem_bits none, no such node", im->bootmem_bits(m, -1, 0, 0, bits), BB_EINVAL);
	struct bb_node_info ni;
	struct bb_zone_info zi;
	EXPECT(n, "node_info, no such node", im->node_info(m, BB_MAX_NODES, &ni), BB_EINVAL);
	EXPECT(n, "zone_info, zone -1", im->zone_info(m, 0, -1, &zi), BB_EINVAL);
	EXPECT(n, "zone_info, no such zone", im->zone_info(m, 0, BB_NR_ZONES, &zi), BB_EINVAL);
	EXPECT(n, "zone_info, no such node", im->zone_info(m, -2, 0, &zi), BB_EINVAL);
	EXPECT(n, "free_list, zone -1", im->free_list(m, 0, -1, 0, pfns, 2), 0);
	EXPECT(n, "free_list, no such node", im->free_list(m, BB_MAX_NODES, 0, 0, pfns, 2), 0);
	im->destroy(m);
}

/* Every optional output may be NULL: the calls succeed all the same, both sides. */
static void null_outputs(const struct bb_impl *im)
{
	void *m = open_node(im, 64);
	const char *n = im->name;
	uint32_t pfns[4];

	if (!m)
		return;
	EXPECT(n, "free_bootmem_node", im->free_bootmem_node(m, 0, BB_PAGE_SIZE, 63 * BB_PAGE_SIZE, NULL), BB_OK);
	EXPECT(n, "reserve_bootmem_node", im->reserve_bootmem_node(m, 0, BB_PAGE_SIZE, 100, NULL), BB_OK);
	EXPECT(n, "__alloc_bootmem_node, any node", im->__alloc_bootmem_node(m, BB_ANY_NODE, 100, 32, 0, NULL), BB_OK);
	EXPECT(n, "alloc_bootmem_node", im->alloc_bootmem_node(m, 0, 100, NULL), BB_OK);
	EXPECT(n, "free_area_init_node", im->free_area_init_node(m, 0), BB_OK);
	EXPECT(n, "free_all_bootmem_node", im->free_all_bootmem_node(m, 0, NULL), BB_OK);
	EXPECT(n, "add_highmem_node", im->add_highmem_node(m, 0, NULL), BB_OK);
	EXPECT(n, "alloc_pages", im->alloc_pages(m, 0, BB_GFP_KERNEL, 0, NULL), BB_OK);
	EXPECT(n, "free_list, no room", im->free_list(m, 0, BB_ZONE_DMA, 0, NULL, 0) > 0, 1);
	EXPECT(n, "free_list, NULL out with room", im->free_list(m, 0, BB_ZONE_DMA, 0, NULL, 4) > 0, 1);
	EXPECT(n, "free_list, room for one", im->free_list(m, 0, BB_ZONE_DMA, 0, pfns, 1) > 0, 1);
	im->destroy(m);
}

int main(void)
{
	/* bb_strerror: one name per error, "E?" outside the enum */
	const char *seen[BB_NR_ERRORS];
	for (int e = 0; e < BB_NR_ERRORS; e++) {
		seen[e] = bb_strerror(-e);
		for (int f = 0; f < e; f++)
			EXPECT("core", "bb_strerror names differ", strcmp(seen[e], seen[f]) != 0, 1);
	}
	EXPECT("core", "bb_strerror(BB_OK)", strcmp(bb_strerror(BB_OK), "OK"), 0);
	EXPECT("core", "bb_strerror(BB_ENOMEM)", strcmp(bb_strerror(BB_ENOMEM), "ENOMEM"), 0);
	EXPECT("core", "bb_strerror(1)", strcmp(bb_strerror(1), "E?"), 0);
	EXPECT("core", "bb_strerror(-BB_NR_ERRORS)", strcmp(bb_strerror(-BB_NR_ERRORS), "E?"), 0);
	bad_query_args(&bb_impl_core);
	bad_query_args(&bb_impl_reference);
	null_outputs(&bb_impl_core);
	null_outputs(&bb_impl_reference);

	/* no machine at all: both sides */
	every_call(&bb_impl_core, NULL, BB_EINVAL, "NULL machine");
	every_call(&bb_impl_reference, NULL, BB_EINVAL, "NULL machine");
	char msg[128] = "";
	EXPECT("core", "NULL machine", bb_check(NULL, msg, sizeof(msg)), BB_EINVAL);
	EXPECT("core", "NULL machine", bb_check_pages(NULL, 0, 1, msg, sizeof(msg)), BB_EINVAL);
	EXPECT("core", "NULL machine", bb_phys_to_virt(NULL, 0) == NULL, 1);

	/* storage bb_machine_init never accepted */
	static struct bb_machine zeroed, refused;
	every_call(&bb_impl_core, &zeroed, BB_ENODEV, "zeroed storage");
	EXPECT("core", "zeroed storage", bb_check(&zeroed, msg, sizeof(msg)), BB_ENODEV);
	if (!strstr(msg, "bb_machine_init")) {
		printf("FAIL core zeroed storage: bb_check says \"%s\"\n", msg);
		failures++;
	}
	EXPECT("core", "zeroed storage", bb_check_pages(&zeroed, 0, 1, msg, sizeof(msg)), BB_ENODEV);
	EXPECT("core", "zeroed storage", bb_phys_to_virt(&zeroed, 0) == NULL, 1);
	struct bb_machine_desc bad;
	memset(&bad, 0, sizeof(bad)); /* phys_pages 0: refused */
	static unsigned char arena[4096];
	EXPECT("core", "refused init", bb_machine_init(&refused, &bad, arena, sizeof(arena)), BB_EINVAL);
	every_call(&bb_impl_core, &refused, BB_ENODEV, "after a refused init");

	/* a machine that is fine, with a NULL required pointer */
	struct bb_machine_desc d = sc_desc(1, NULL);
	static struct bb_machine good;
	/* the arena must cover the machine: one byte short is refused */
	static struct bb_machine small;
	d.phys_pages = 1;
	EXPECT("core", "arena one byte short", bb_machine_init(&small, &d, arena, sizeof(arena) - 1), BB_EINVAL);
	EXPECT("core", "arena one byte short", bb_alloc_bootmem(&small, 8, NULL), BB_ENODEV);
	EXPECT("core", "good machine", bb_machine_init(&good, &d, arena, sizeof(arena)), BB_OK);
	EXPECT("core", "NULL ids", bb_pgdat_list(&good, NULL), BB_EINVAL);
	EXPECT("core", "NULL out", bb_node_info(&good, 0, NULL), BB_EINVAL);
	EXPECT("core", "NULL out", bb_zone_info(&good, 0, 0, NULL), BB_EINVAL);
	EXPECT("core", "NULL out", bb_mem_info(&good, NULL), BB_EINVAL);
	EXPECT("core", "NULL desc", bb_machine_init(&good, NULL, arena, sizeof(arena)), BB_EINVAL);
	EXPECT("core", "NULL arena", bb_machine_init(&good, &d, NULL, sizeof(arena)), BB_EINVAL);
	EXPECT("core", "phys_to_virt past the arena", bb_phys_to_virt(&good, sizeof(arena) + 1) == NULL, 1);
	EXPECT("core", "phys_to_virt at the arena's end", bb_phys_to_virt(&good, sizeof(arena)) == arena + sizeof(arena), 1);
	EXPECT("core", "good machine still good", bb_check(&good, msg, sizeof(msg)), BB_OK);
	/* a broken machine with nowhere to say so: still BB_ESTATE */
	good.pgdat_list = 9;
	EXPECT("core", "bb_check, NULL msg", bb_check(&good, NULL, 0), BB_ESTATE);
	EXPECT("core", "bb_check, no room", bb_check(&good, msg, 0), BB_ESTATE);
	EXPECT("core", "bb_check, one byte", bb_check(&good, msg, 1) == BB_ESTATE && msg[0] == 0, 1);

	printf("%s: %d failures\n", failures ? "FAIL" : "PASS", failures);
	return failures != 0;
}
