/* SPDX-License-Identifier: MIT */
/*
 * unchecked.h - a fourth side for the buddy scenarios: the core with
 * alloc_pages and free_pages replaced by their versions without the
 * checks SPEC 0 and 6.4 promise (bbi_alloc_unchecked, bbi_free_unchecked),
 * to show how much of the gap to the 2.4 transcription those guarantees
 * cost. Every other call, and every helper of side.h, is the core's.
 */
#ifndef BENCH_UNCHECKED_H
#define BENCH_UNCHECKED_H

#include "bootbuddy.h"

int bbu_alloc_pages(struct bb_machine *m, int nid, int gfp, unsigned order, uint32_t *pfn);
int bbu_free_pages(struct bb_machine *m, uint32_t pfn, unsigned order);

#define bbu_bootmem_test bb_bootmem_test
#define bbu_free_all_bootmem_node bb_free_all_bootmem_node
#define bbu_free_area_init_node bb_free_area_init_node
#define bbu_free_bootmem_node bb_free_bootmem_node
#define bbu_free_list bb_free_list
#define bbu_init_bootmem_node bb_init_bootmem_node
#define bbu_mem_info bb_mem_info
#define bbu_node_info bb_node_info
#define bbu_page_state bb_page_state
#define bbu_pgdat_list bb_pgdat_list
#define bbu_warnings bb_warnings
#define bbu_zone_info bb_zone_info

#define bunc_open bcore_open
#define bunc_close bcore_close
#define bunc_state_hash bcore_state_hash
#define bunc_free_ram bcore_free_ram

#endif
