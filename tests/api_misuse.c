/* SPDX-License-Identifier: MIT */
/*
 * api_misuse.c - SPEC 0.2: every call given no machine (NULL) fails with
 * BB_EINVAL, on core and reference; every core call given storage that
 * bb_machine_init never accepted (zeroed, or after a refused init) fails
 * with BB_ENODEV and returns (it used to loop for ever in the pgdat walk).
 * Queries without an error code of their own give their empty answer.
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

int main(void)
{
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
	EXPECT("core", "good machine still good", bb_check(&good, msg, sizeof(msg)), BB_OK);

	printf("%s: %d failures\n", failures ? "FAIL" : "PASS", failures);
	return failures != 0;
}
