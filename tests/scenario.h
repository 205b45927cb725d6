/* SPDX-License-Identifier: MIT */
/*
 * scenario.h - a tiny framework for the scenario tests.
 *
 * One scenario is `static void name(const struct bb_impl *impl)`: it builds
 * a machine from a compact description, drives it through the struct bb_impl
 * table and asserts exact values (addresses, counts, bits, list contents in
 * order). Every scenario of a file runs twice, once on core/ and once on
 * reference/:
 *
 *	SCENARIO_MAIN(SCENARIO(first_fit), SCENARIO(goal_aligned_up))
 *
 * EXPECT_* record a failure and go on; ASSERT_* record it and return from
 * the scenario. A failure prints
 *	FAIL <impl> <scenario>: <file>:<line>: expected X, got Y (<expression>)
 * and a scenario without failures prints `PASS <impl> <scenario>`. The exit
 * code is non-zero when anything failed. Machines made with MACHINE() are
 * checked (impl->check) and destroyed when the scenario returns.
 *
 * Expected values are computed by hand from docs/SPEC.md, never from an
 * implementation.
 */
#ifndef SCENARIO_H
#define SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bb_contract.h"
#include "impl.h"

#define PG ((uint64_t)BB_PAGE_SIZE) /* P of the SPEC */
#define SENTINEL32 0xdeadbeefu      /* output parameters must keep it on failure */
#define SENTINEL64 0xdeadbeefcafef00dull

/* Page-state shorthands (section 10). */
#define R BB_PAGE_RESERVED
#define HI BB_PAGE_HIGHMEM
#define FREE(k) (BB_PAGE_FREE_HEAD | ((uint32_t)(k) << BB_PAGE_ORDER_SHIFT))
#define ALLOC(k) (BB_PAGE_ALLOC_HEAD | ((uint32_t)(k) << BB_PAGE_ORDER_SHIFT))
#define TAIL 0u /* a non-head page of a block: no flag at all */

/* One machine under test. */
struct sc {
	const struct bb_impl *impl;
	void *m;
	struct bb_machine_desc d;
};

/* Call a function of the contract on a machine: BB(s, alloc_pages, 0, gfp, 0, &pfn). */
#define BB(s, fn, ...) ((s)->impl->fn((s)->m, __VA_ARGS__))

struct sc_case {
	const char *name;
	void (*fn)(const struct bb_impl *impl);
};
#define SCENARIO(f) { #f, f }
#define SCENARIO_MAIN(...)                                                       \
	static const struct sc_case sc_cases_[] = { __VA_ARGS__ };               \
	int main(int argc, char **argv)                                          \
	{                                                                        \
		return sc_main(sc_cases_, sizeof(sc_cases_) / sizeof(sc_cases_[0]), \
			       argc, argv);                                      \
	}

int sc_main(const struct sc_case *cases, size_t n, int argc, char **argv);

/* ---- machines ------------------------------------------------------------ */

/*
 * sc_desc - a machine of @phys_pages pages with RAM @ram, e.g. "0-160 256-1024"
 * (pfn ranges [a, b), decimal or 0x hex, separated by spaces). Defaults, to be
 * overwritten field by field: i386-like word_bytes 4, smp_cache_bytes 32,
 * struct_page_bytes 16; dma_end_pfn = highmem_start_pfn = phys_pages; no kernel.
 */
struct bb_machine_desc sc_desc(uint32_t phys_pages, const char *ram);

/* sc_new - create a machine (recorded as a failure and NULL when refused). */
struct sc *sc_new(const char *file, int line, const struct bb_impl *impl,
		  const struct bb_machine_desc *d);
#define MACHINE(s, impl, d)                                                   \
	struct sc *s = sc_new(__FILE__, __LINE__, (impl), &(d));              \
	if (!s)                                                               \
	return

/* sc_create_err - what create() says about @d (the machine is destroyed again). */
int sc_create_err(const struct bb_impl *impl, const struct bb_machine_desc *d);

/*
 * sc_node - init_bootmem_node(nid, mapstart, start, end) and then free every
 * RAM page of [start, low_end) around the bitmap pages, as setup_arch's
 * register_bootmem_low_pages does: the node comes out all free but for its
 * bitmap and its holes.
 */
bool sc_node(const char *file, int line, struct sc *s, int nid, uint32_t mapstart,
	     uint32_t start, uint32_t end);
#define NODE(s, nid, mapstart, start, end)                                    \
	do {                                                                  \
		if (!sc_node(__FILE__, __LINE__, (s), (nid), (mapstart), (start), (end))) \
			return;                                               \
	} while (0)

/* sc_setup_arch - NODE(), then reserve page 0 if the node has it and the kernel
 * image [text, max(edata, init_end)) rounded outward. */
bool sc_setup_arch(const char *file, int line, struct sc *s, int nid, uint32_t mapstart,
		   uint32_t start, uint32_t end);
#define SETUP_ARCH(s, nid, mapstart, start, end)                              \
	do {                                                                  \
		if (!sc_setup_arch(__FILE__, __LINE__, (s), (nid), (mapstart), (start), (end))) \
			return;                                               \
	} while (0)

/* sc_to_buddy - free_area_init_node and free_all_bootmem_node; returns the count. */
bool sc_to_buddy(const char *file, int line, struct sc *s, int nid, uint32_t *count);
#define TO_BUDDY(s, nid, countp)                                              \
	do {                                                                  \
		if (!sc_to_buddy(__FILE__, __LINE__, (s), (nid), (countp)))   \
			return;                                               \
	} while (0)

struct bb_node_info sc_node_info(struct sc *s, int nid);
struct bb_zone_info sc_zone_info(struct sc *s, int nid, int zone);
struct bb_mem_info sc_mem_info(struct sc *s);

/* Write @byte over [phys, phys + size) through phys_to_virt (core only). */
void sc_fill(struct sc *s, uint64_t phys, uint64_t size, unsigned char byte);

/* ---- expectations -------------------------------------------------------- */

bool sc_fail(const char *file, int line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
bool sc_expect_u64(const char *file, int line, const char *expr, uint64_t got, uint64_t exp);
bool sc_expect_err(const char *file, int line, const char *expr, int got, int exp);
bool sc_expect_true(const char *file, int line, const char *expr, bool ok);
const char *sc_errname(int err);

#define EXPECT_EQ(got, exp) sc_expect_u64(__FILE__, __LINE__, #got, (uint64_t)(got), (uint64_t)(exp))
#define ASSERT_EQ(got, exp)                                                   \
	do {                                                                  \
		if (!EXPECT_EQ(got, exp))                                     \
			return;                                               \
	} while (0)
#define EXPECT_TRUE(cond) sc_expect_true(__FILE__, __LINE__, #cond, (cond))
#define EXPECT_ERR(got, exp) sc_expect_err(__FILE__, __LINE__, #got, (got), (exp))
#define ASSERT_ERR(got, exp)                                                  \
	do {                                                                  \
		if (!EXPECT_ERR(got, exp))                                    \
			return;                                               \
	} while (0)
#define EXPECT_OK(got) EXPECT_ERR(got, BB_OK)
#define ASSERT_OK(got) ASSERT_ERR(got, BB_OK)

/* Bits of the bootmem bitmap from index @idx on: "0110 1" (spaces ignored). */
bool sc_expect_bits(const char *file, int line, struct sc *s, int nid, uint32_t idx,
		    const char *bits);
#define EXPECT_BITS(s, nid, idx, bits) sc_expect_bits(__FILE__, __LINE__, (s), (nid), (idx), (bits))

/* Page states: one pfn, or @n pfns from @pfn all with @flags. */
bool sc_expect_pages(const char *file, int line, struct sc *s, uint32_t pfn, uint32_t n,
		     uint32_t flags);
#define EXPECT_PAGE(s, pfn, flags) sc_expect_pages(__FILE__, __LINE__, (s), (pfn), 1, (flags))
#define EXPECT_PAGES(s, pfn, n, flags) sc_expect_pages(__FILE__, __LINE__, (s), (pfn), (n), (flags))

/* One free list, head first: EXPECT_LIST(s, nid, zone, order, count, pfn...). */
bool sc_expect_list(const char *file, int line, struct sc *s, int nid, int zone,
		    unsigned order, unsigned n, ...);
#define EXPECT_LIST(s, nid, zone, order, ...) \
	sc_expect_list(__FILE__, __LINE__, (s), (nid), (zone), (order), __VA_ARGS__)

/*
 * Every free list of a zone: "0:17 1:18 4:48,32" (order:pfn,pfn head first;
 * orders not named must be empty). Also checks nr_free[k] = list length,
 * free_pages = sum of 2^k per block, and each head's page state FREE(k).
 */
bool sc_expect_lists(const char *file, int line, struct sc *s, int nid, int zone,
		     const char *spec);
#define EXPECT_LISTS(s, nid, zone, spec) sc_expect_lists(__FILE__, __LINE__, (s), (nid), (zone), (spec))

bool sc_expect_zone(const char *file, int line, struct sc *s, int nid, int zone,
		    uint32_t start_pfn, uint32_t spanned, uint32_t free_pages);
#define EXPECT_ZONE(s, nid, zone, start, spanned, free) \
	sc_expect_zone(__FILE__, __LINE__, (s), (nid), (zone), (start), (spanned), (free))

/* last_pos / last_offset of a node. */
bool sc_expect_last(const char *file, int line, struct sc *s, int nid, uint32_t pos,
		    uint32_t off);
#define EXPECT_LAST(s, nid, pos, off) sc_expect_last(__FILE__, __LINE__, (s), (nid), (pos), (off))

/* The pgdat list, newest first: EXPECT_PGDAT(s, count, id...). */
bool sc_expect_pgdat(const char *file, int line, struct sc *s, unsigned n, ...);
#define EXPECT_PGDAT(s, ...) sc_expect_pgdat(__FILE__, __LINE__, (s), __VA_ARGS__)

/* The @size bytes at @phys read as zero (skipped where phys_to_virt is NULL). */
bool sc_expect_bytes(const char *file, int line, struct sc *s, uint64_t phys, uint64_t size,
		     unsigned char byte);
#define EXPECT_ZEROED(s, phys, size) sc_expect_bytes(__FILE__, __LINE__, (s), (phys), (size), 0)
#define EXPECT_BYTES(s, phys, size, byte) sc_expect_bytes(__FILE__, __LINE__, (s), (phys), (size), (byte))

/*
 * Snapshots: everything section 10 says both sides report (pgdat list, node
 * info, every bitmap bit of open nodes, zone info, every free list, every
 * page state, mem_info, warnings, alloc_pages's round-robin start). EXPECT_UNCHANGED reports the differences
 * and frees the snapshot.
 */
struct sc_snap;
struct sc_snap *sc_snap(struct sc *s);
bool sc_expect_unchanged(const char *file, int line, struct sc *s, struct sc_snap *snap);

/* A failing call: the error, and nothing changed. */
#define EXPECT_FAILS(s, err, call)                                            \
	do {                                                                  \
		struct sc_snap *snap_ = sc_snap(s);                           \
		EXPECT_ERR(call, err);                                        \
		sc_expect_unchanged(__FILE__, __LINE__, (s), snap_);          \
	} while (0)

#endif /* SCENARIO_H */
