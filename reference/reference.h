/* SPDX-License-Identifier: MIT */
/*
 * reference.h - a deliberately simple model of docs/SPEC.md.
 *
 * Same functions and arguments as core/include/bootbuddy.h, with ref_
 * for bb_. Hosted C (malloc is fine); shares nothing with core/ but the
 * contract types. It simulates state only: there is no arena, so it never
 * zeroes or touches memory; addresses are just numbers.
 */
#ifndef REFERENCE_H
#define REFERENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bb_contract.h"

struct ref_machine;

/** ref_create - a machine with no nodes; NULL with *err set when @desc is invalid. */
struct ref_machine *ref_create(const struct bb_machine_desc *desc, int *err);
void ref_destroy(struct ref_machine *m);
/** ref_pack - @m's whole state in one allocation (free() frees it); NULL when out of memory. */
void *ref_pack(const struct ref_machine *m);
/** ref_unpack - a new machine in the state ref_pack() kept; NULL when out of memory. */
struct ref_machine *ref_unpack(const void *packed);
/**
 * ref_unpack_into - put machine @m in the state ref_pack() kept, when @m has
 * the very arrays it needs (a machine of the same shape); false, with @m
 * unchanged, when not.
 */
bool ref_unpack_into(struct ref_machine *m, const void *packed);

int ref_init_bootmem_node(struct ref_machine *m, int nid, uint32_t mapstart_pfn,
			  uint32_t start_pfn, uint32_t end_pfn, uint32_t *map_bytes);
int ref_reserve_bootmem_node(struct ref_machine *m, int nid, uint64_t addr,
			     uint64_t size, uint32_t *twice);
int ref_free_bootmem_node(struct ref_machine *m, int nid, uint64_t addr,
			  uint64_t size, uint32_t *freed);
int ref___alloc_bootmem_node(struct ref_machine *m, int nid, uint64_t size,
			     uint64_t align, uint64_t goal, uint64_t *phys);
int ref_alloc_bootmem(struct ref_machine *m, uint64_t size, uint64_t *phys);
int ref_alloc_bootmem_low(struct ref_machine *m, uint64_t size, uint64_t *phys);
int ref_alloc_bootmem_pages(struct ref_machine *m, uint64_t size, uint64_t *phys);
int ref_alloc_bootmem_low_pages(struct ref_machine *m, uint64_t size, uint64_t *phys);
int ref_alloc_bootmem_node(struct ref_machine *m, int nid, uint64_t size, uint64_t *phys);
int ref_alloc_bootmem_pages_node(struct ref_machine *m, int nid, uint64_t size, uint64_t *phys);
int ref_alloc_bootmem_low_pages_node(struct ref_machine *m, int nid, uint64_t size, uint64_t *phys);
int ref_free_area_init_node(struct ref_machine *m, int nid);
int ref_free_all_bootmem_node(struct ref_machine *m, int nid, uint32_t *count);
int ref_add_highmem_node(struct ref_machine *m, int nid, uint32_t *count);
int ref_free_initmem(struct ref_machine *m, uint64_t begin, uint64_t end, uint32_t *count);
int ref_alloc_pages(struct ref_machine *m, int nid, int gfp, unsigned order, uint32_t *pfn);
int ref_free_pages(struct ref_machine *m, uint32_t pfn, unsigned order);

int ref_pgdat_list(const struct ref_machine *m, int ids[BB_MAX_NODES]);
int ref_node_info(const struct ref_machine *m, int nid, struct bb_node_info *out);
int ref_next_node(const struct ref_machine *m);
int ref_bootmem_test(const struct ref_machine *m, int nid, uint32_t idx);
int ref_bootmem_bits(const struct ref_machine *m, int nid, uint32_t first, uint32_t count, uint8_t *out);
int ref_zone_info(const struct ref_machine *m, int nid, int zone, struct bb_zone_info *out);
uint32_t ref_free_list(const struct ref_machine *m, int nid, int zone, unsigned order,
		       uint32_t *out, uint32_t max);
uint32_t ref_page_state(const struct ref_machine *m, uint32_t pfn);
uint32_t ref_page_states(const struct ref_machine *m, uint32_t pfn, uint32_t count, uint32_t *out);
/* Not in the contract, for the harness's footprint of a merge: the free-list
 * neighbours of the free block of @order at @pfn (BB_NO_PFN at a list's
 * end) and true, or false when @pfn heads no free block of that order. */
bool ref_free_neighbours(const struct ref_machine *m, uint32_t pfn, unsigned order, uint32_t *prev, uint32_t *next);
int ref_mem_info(const struct ref_machine *m, struct bb_mem_info *out);
uint32_t ref_warnings(const struct ref_machine *m);

#endif /* REFERENCE_H */
