/* SPDX-License-Identifier: MIT */
/* exec_internal.h - the executor's state, shared by exec.c, statecmp.c, memcheck.c and report.c. */
#ifndef BB_EXEC_INTERNAL_H
#define BB_EXEC_INTERNAL_H

#include "die.h"
#include "exec.h"
#include "footprint.h"
#include "impl.h"
#include "layout.h"
#include "live.h"

#define BB_MAX_LOG (BB_MAX_OPS + 80)

struct log_entry {
	struct op op;
	int ret[2];       /* [0] core, [1] reference */
	uint64_t out[2];
};

struct exec {
	const struct exec_opts *o;
	struct exec_result *r;
	const struct bb_impl *impl[2]; /* [0] core, [1] reference */
	void *m[2];
	struct machine_plan plan;
	struct live live;
	struct layout layout; /* the reference's, after the last operation */
	struct decode_ctx ctx;
	struct log_entry log[BB_MAX_LOG];
	int nlog;
	uint32_t next_seed;
	char diff[4096]; /* state differences, for the report */
	size_t difflen;
	int exact;      /* compare the whole state after every operation */
	int may_defer;  /* fast mode: a finding is re-run in exact mode */
	int whole_ok_at; /* r->nops when the whole state last matched, -1 before */
	int deferred;   /* such a finding happened: report nothing, exec_input re-runs */
	int keep_boot;  /* this run may use and refill the boot cache */
	int from_cache; /* it started from the cache: a finding is re-run from a boot */
	/* Fast mode, before a free_pages: the old list neighbours of each buddy
	 * its merge will unlink, whose links it must mend (exec.c). */
	uint32_t watch[2 * BB_MAX_ORDER];
	int nwatch;
};

/* statecmp.c: compare core and reference; CHK_COUNT when equal, else the
 * check that failed, with its field in @field and details in e->diff.
 * compare_cheap: the global counters, and the node and zone figures of
 * @fp's nodes and zones (NULL: of every node and zone). */
enum check_id compare_cheap(struct exec *e, const struct footprint *fp, const char **field);
enum check_id compare_full(struct exec *e, const char **field);
enum check_id compare_footprint(struct exec *e, const struct footprint *fp, const char **field);

/* memcheck.c: the core's arena, poisoned where it must not be touched,
 * and patterns in live allocations. Return CHK_COUNT when fine. */
void mem_begin(struct exec *e);
void mem_expect_bootmem_alloc(struct exec *e, uint64_t addr, uint64_t size);
enum check_id mem_after_bootmem_alloc(struct exec *e, uint64_t addr, uint64_t size);
void mem_after_free_range(struct exec *e, uint64_t begin, uint64_t end);
void mem_after_retire(struct exec *e, int nid);
enum check_id mem_after_alloc_pages(struct exec *e, uint32_t pfn, unsigned order);
enum check_id mem_before_free_pages(struct exec *e, uint32_t pfn, unsigned order);
void mem_after_free_pages(struct exec *e, uint32_t pfn, unsigned order);
enum check_id mem_verify_all(struct exec *e);
void mem_end(struct exec *e);
/* The boot cache's half (bootcache.c): journal the poisoning from now on;
 * then keep the arena bytes of every range opened since, and the journal,
 * when they fit @max_bytes (NULL otherwise); and put them back into a
 * fresh input's arena (all poisoned, as mem_begin leaves it). free() frees. */
struct mem_saved;
void mem_journal_begin(void);
struct mem_saved *mem_save(struct exec *e, size_t max_bytes);
void mem_restore(struct exec *e, const struct mem_saved *s);

#endif /* BB_EXEC_INTERNAL_H */
