/* SPDX-License-Identifier: MIT */
/*
 * bb_contract.h - the types of the contract between core/ and reference/.
 *
 * This is the only header the two implementations share: constants fixed
 * by docs/SPEC.md, error codes, the description of a simulated machine,
 * and the shapes of the state each side reports. No code lives here.
 * Freestanding: only <stdint.h> and <stdbool.h>.
 */
#ifndef BB_CONTRACT_H
#define BB_CONTRACT_H

#include <stdbool.h>
#include <stdint.h>

#define BB_PAGE_SHIFT 12
#define BB_PAGE_SIZE (1u << BB_PAGE_SHIFT)
#define BB_MAX_ORDER 10                 /* orders 0..9, largest block 512 pages */
#define BB_MAX_NODES 4                  /* node ids 0..3 */
#define BB_MAX_RAM_RANGES 32            /* entries of the e820-like RAM map */
#define BB_MAX_PFN (1u << 20)           /* 4 GiB of physical address space */
#define BB_ANY_NODE (-1)                /* "try nodes in pgdat-list order" */
#define BB_NO_PFN 0xffffffffu

/* Every failure is reported, never BUG()ed; a failing call changes nothing. */
enum bb_err {
	BB_OK = 0,
	BB_EINVAL = -1,    /* bad argument: size 0, align 0 or not 2^k, order >= MAX_ORDER, bad gfp or desc */
	BB_ENODEV = -2,    /* no such node, or the node is not initialised */
	BB_EEXIST = -3,    /* node id already in use, or its range overlaps another node */
	BB_ERETIRED = -4,  /* the node's bootmem was retired (free_all_bootmem) */
	BB_ESTATE = -5,    /* call out of order: retire before free_area_init, highmem twice, ... */
	BB_ERANGE = -6,    /* address or pfn outside the node / every zone */
	BB_ENOTRAM = -7,   /* range covers a page that is not RAM (a hole) */
	BB_EBUSY = -8,     /* range covers allocator metadata (bootmem bitmap, mem_map) */
	BB_EDOUBLE = -9,   /* freeing memory that is already free */
	BB_ENOTALLOC = -10,/* pfn is not the head of a block allocated at that order */
	BB_EALIGN = -11,   /* pfn not aligned to its order (relative to the zone start) */
	BB_ENOMEM = -12,   /* nothing fits */
};
#define BB_NR_ERRORS 13

enum bb_zone_id { BB_ZONE_DMA = 0, BB_ZONE_NORMAL = 1, BB_ZONE_HIGHMEM = 2 };
#define BB_NR_ZONES 3

/* GFP classes: which zonelist an allocation walks. */
enum bb_gfp {
	BB_GFP_DMA = 0,      /* [DMA] */
	BB_GFP_KERNEL = 1,   /* [NORMAL, DMA] */
	BB_GFP_HIGHUSER = 2, /* [HIGHMEM, NORMAL, DMA] */
};
#define BB_NR_GFP 3

/* One usable RAM range of the e820-like map, in pages: [start_pfn, end_pfn). */
struct bb_ram_range {
	uint32_t start_pfn;
	uint32_t end_pfn;
};

/* Kernel image layout (physical byte addresses), for mem_init's figures. */
struct bb_kernel_image {
	uint64_t text;       /* _text */
	uint64_t etext;      /* _etext */
	uint64_t edata;      /* _edata */
	uint64_t init_begin; /* __init_begin */
	uint64_t init_end;   /* __init_end */
};

/*
 * The simulated machine. Everything that makes an outcome depend on the
 * word size of the simulated kernel is a field here, so an x86_64 run can
 * reproduce an i386 run exactly (docs/SPEC.md, "Machine").
 */
struct bb_machine_desc {
	uint32_t phys_pages;        /* size of the physical address space, <= BB_MAX_PFN */
	uint32_t word_bytes;        /* sizeof(long): 4 or 8; rounds the bootmem bitmap */
	uint32_t smp_cache_bytes;   /* SMP_CACHE_BYTES: 2^k, 16..4096 */
	uint32_t struct_page_bytes; /* sizeof(struct page) reserved per page in mem_map: 2^k, 16..256 */
	uint32_t dma_end_pfn;       /* ZONE_DMA ends here; MAX_DMA_ADDRESS = dma_end_pfn << PAGE_SHIFT */
	uint32_t highmem_start_pfn; /* max_low_pfn: ZONE_NORMAL ends, ZONE_HIGHMEM begins */
	uint32_t nr_ram;            /* entries used in ram[] */
	struct bb_ram_range ram[BB_MAX_RAM_RANGES]; /* sorted, disjoint, non-empty */
	struct bb_kernel_image kernel;
};

/* What a node reports about itself (bootmem data and pgdat). */
struct bb_node_info {
	bool online;             /* init_bootmem_node succeeded */
	bool bootmem_open;       /* not yet retired */
	bool has_mem_map;        /* free_area_init_node succeeded */
	bool highmem_added;      /* add_highmem_node succeeded */
	uint32_t start_pfn;      /* node_boot_start >> PAGE_SHIFT */
	uint32_t low_end_pfn;    /* node_low_pfn: bootmem covers [start_pfn, low_end_pfn) */
	uint32_t end_pfn;        /* the node (and its mem_map) ends here; highmem lies above low_end_pfn */
	uint32_t mapstart_pfn;   /* first page of the bootmem bitmap */
	uint32_t map_bytes;      /* init_bootmem_node's return: bitmap bytes, rounded to word_bytes */
	uint32_t map_pages;      /* pages the bitmap occupies */
	uint32_t last_pos;       /* bootmem sub-page merge state (index relative to start_pfn) */
	uint32_t last_offset;
	uint32_t valid_addr_bytes; /* mm/numa.c's valid_addr_bitmap (several nodes), 0 if none */
	uint64_t mem_map_phys;   /* where mem_map lives, 0 before free_area_init_node */
	uint64_t mem_map_bytes;  /* bytes reserved for it */
	uint32_t retired_pages;  /* free_all_bootmem_node's count, 0 before */
	uint32_t highmem_pages;  /* add_highmem_node's count */
	uint64_t valid_addr_phys; /* where that bitmap was allocated from bootmem */
};

struct bb_zone_info {
	uint32_t start_pfn;                 /* buddies are found relative to this */
	uint32_t spanned_pages;             /* 0 = empty zone, skipped by zonelists */
	uint32_t free_pages;
	uint32_t nr_free[BB_MAX_ORDER];     /* free blocks per order (/proc/buddyinfo) */
	uint32_t first[BB_MAX_ORDER];       /* pfn at the head of each free list, BB_NO_PFN if empty */
	uint32_t map_bytes[BB_MAX_ORDER - 1]; /* 2.4's free_area[k].map, k = 0..8: bytes (0: no map) */
	uint64_t map_phys[BB_MAX_ORDER - 1];  /* and where it was allocated from bootmem */
};

/* Neither has padding, on either word size: both sides fill every field
 * without zeroing first, and equal bytes mean equal fields. */
_Static_assert(sizeof(struct bb_node_info) == 4 + 4 * 11 + 8 * 3, "bb_node_info has no padding");
_Static_assert(sizeof(struct bb_zone_info) == 4 * (3 + 2 * BB_MAX_ORDER + BB_MAX_ORDER - 1) + 8 * (BB_MAX_ORDER - 1),
	       "bb_zone_info has no padding");

/* Per-page state as both sides report it (bb_page_state / ref_page_state). */
#define BB_PAGE_RESERVED 0x01u   /* PG_reserved */
#define BB_PAGE_HIGHMEM 0x02u    /* PG_highmem */
#define BB_PAGE_FREE_HEAD 0x04u  /* first page of a free block, order in bits 8..11 */
#define BB_PAGE_ALLOC_HEAD 0x08u /* first page of a block handed out by alloc_pages */
#define BB_PAGE_ORDER_SHIFT 8
#define BB_PAGE_NONE 0xffffffffu /* no struct page: outside every mem_map */

/* mem_init's figures; the caller prints the "Memory: ..." line. */
struct bb_mem_info {
	uint32_t free_pages;     /* nr_free_pages() */
	uint32_t total_pages;    /* max_mapnr: pages with a struct page */
	uint32_t reserved_pages; /* RAM pages below highmem that are PG_reserved */
	uint32_t highmem_pages;  /* totalhigh_pages */
	uint32_t totalram_pages; /* retired + highmem + freed init pages */
	uint64_t code_bytes;     /* etext - text */
	uint64_t data_bytes;     /* edata - etext */
	uint64_t init_bytes;     /* init_end - init_begin */
};

#endif /* BB_CONTRACT_H */
