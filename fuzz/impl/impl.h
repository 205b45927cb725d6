/* SPDX-License-Identifier: MIT */
/*
 * impl.h - core/ and reference/ behind one table of function pointers, so
 * the executor, the scenario tests and the benchmarks drive either (or both)
 * through the same calls. The function list is fuzz/impl/api.def.
 */
#ifndef BB_IMPL_H
#define BB_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "bb_contract.h"

#define BB_UNPAREN(...) __VA_ARGS__

struct bb_impl {
	const char *name; /* "core" or "reference" */
	/* A new machine; NULL with *err set when the description is refused. */
	void *(*create)(const struct bb_machine_desc *desc, int *err);
	void (*destroy)(void *m);
	/* Host address of a physical address; NULL for the reference (it has no memory). */
	void *(*phys_to_virt)(void *m, uint64_t phys);
	/* Invariant checker; the reference has none and always passes. */
	int (*check)(void *m, char *msg, size_t len);
	/* The same invariants over pfns [pfn, pfn + count) only (bb_check_pages). */
	int (*check_pages)(void *m, uint32_t pfn, uint32_t count, char *msg, size_t len);
	/* A saved copy of @m's state (the core's arena bytes are not in it), or
	 * NULL; a new machine for @desc in a saved state, or NULL (out of memory,
	 * or the core's arena is not where it was); a saved state freed. */
	void *(*save)(const void *m);
	void *(*create_from)(const struct bb_machine_desc *desc, const void *saved, int *err);
	void (*drop)(void *saved);
	/* The free-list neighbours of the free block of @order at @pfn, for the
	 * footprint of a merge (exec.c): 1, or 0 when it heads no such block.
	 * The reference's own query (the contract has none); NULL on the core. */
	int (*free_neighbours)(void *m, uint32_t pfn, unsigned order, uint32_t *prev, uint32_t *next);
#define BB_API(ret, name, params, args) ret (*name)(void *m BB_UNPAREN params);
#define BB_QUERY BB_API
#include "api.def"
#undef BB_API
#undef BB_QUERY
};

extern const struct bb_impl bb_impl_core;
extern const struct bb_impl bb_impl_reference;

#endif /* BB_IMPL_H */
