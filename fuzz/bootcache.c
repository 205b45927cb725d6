/* SPDX-License-Identifier: MIT */
/*
 * bootcache.c - the boot cache (bootcache.h). What a boot leaves: both
 * machines' states (bb_impl.save), the arena bytes of every range it opened
 * and the journal of its poisoning (memcheck.c), the executor's layout,
 * live lists, log, counters and digest, and the coverage the boot gave,
 * so that a run from the cache reports the same features to the engine as
 * a run that booted: libFuzzer's counters, or AFL++'s map on x86-64 (elsewhere
 * an AFL++ build leaves the cache off: target.c). Runs are deterministic: the same machine and setup
 * boot to the same state, checked at every step the first time.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootcache.h"
#include "exec_internal.h"

/* A boot bigger than this is booted again each time: copying it would cost about what booting does. */
#define MAX_ARENA_BYTES ((size_t)4 << 20)
#define MAX_PHYS_PAGES (1u << 20)
#define MAX_MACHINE_BYTES 1024 /* an explicit machine is about 100-300 */

/* ---- the coverage the boot gave ---------------------------------------- */

#if defined(BB_SANCOV) && defined(__clang__) && __clang_major__ < 13
#error "the boot cache needs no_sanitize(\"coverage\") (clang 13 or later): exec.c's run() must have no edges"
#endif
#if defined(BB_SANCOV) /* libFuzzer's inline counters, and its stack-depth feature */
extern uint8_t __start___sancov_cntrs[] __attribute__((weak));
extern uint8_t __stop___sancov_cntrs[] __attribute__((weak));
extern __thread uintptr_t __sancov_lowest_stack;
#endif
#if defined(__AFL_COMPILER) && defined(__x86_64__)
/* AFL++'s edge map and its size, from its runtime (in every afl-clang-fast
 * link). Found by the assembler, not declared: the instrumentation declares
 * __afl_area_ptr in each module itself, and a second declaration of that
 * name would be renamed and left undefined. */
static uint8_t *afl_map(size_t *len)
{
	uint8_t **area;
	unsigned *size;
	__asm__("leaq __afl_area_ptr(%%rip), %0" : "=r"(area));
	__asm__("leaq __afl_map_size(%%rip), %0" : "=r"(size));
	*len = *area ? *size : 0;
	return *area;
}
#define BB_AFL_MAP 1
#endif

static uint8_t *coverage_map(size_t *len)
{
#if defined(BB_SANCOV)
	if (__start___sancov_cntrs && __stop___sancov_cntrs > __start___sancov_cntrs) {
		*len = (size_t)(__stop___sancov_cntrs - __start___sancov_cntrs);
		return __start___sancov_cntrs;
	}
#endif
#if defined(BB_AFL_MAP)
	return afl_map(len);
#endif
	*len = 0;
	return NULL;
}

/* ---- the kept state ----------------------------------------------------- */

static struct {
	int used;
	enum target_id target;
	/* The key: the input's machine bytes (equal bytes run decode_machine's
	 * very branches, so the coverage before the boot is the input's own),
	 * and, as a check, the plan they gave. */
	uint8_t machine[MAX_MACHINE_BYTES];
	size_t machine_len, machine_pos;
	struct machine_plan plan;
	const struct bb_impl *impl[2];
	void *core, *ref;         /* bb_impl.save of each */
	struct mem_saved *mem;
	struct layout layout;
	struct live live;
	struct log_entry log[BB_MAX_SETUP];
	int nlog, nops, whole_ok_at;
	uint32_t next_seed;
	uint64_t digest;
	uint8_t *cov;
	size_t cov_len;
	uintptr_t stack_depth; /* how far below boot_cache_restore's frame the boot went, 0: not below what ran before */
} kept;

#if defined(BB_SANCOV)
/* Where boot_cache_restore() was entered in this run: its frame and the stack mark then. */
static uintptr_t entry_frame, entry_low;
#endif

static void forget(void)
{
	if (!kept.used)
		return;
	kept.impl[0]->drop(kept.core);
	kept.impl[1]->drop(kept.ref);
	free(kept.mem);
	free(kept.cov);
	kept.used = 0;
}

static unsigned long hits;

void exec_forget_boot(void)
{
	forget();
}

unsigned long exec_boot_cache_hits(void)
{
	return hits;
}

static int same_plan(const struct machine_plan *a, const struct machine_plan *b)
{
	return a->nsetup == b->nsetup && a->explicit_machine == b->explicit_machine &&
	       !memcmp(&a->desc, &b->desc, sizeof(a->desc)) &&
	       !memcmp(a->setup, b->setup, sizeof(a->setup[0]) * (size_t)a->nsetup);
}

void boot_cache_watch(struct exec *e)
{
	(void)e;
	mem_journal_begin();
}

void boot_cache_keep(struct exec *e)
{
	if (e->o->reference_only) /* no core to keep */
		return;
	if (e->plan.desc.phys_pages > MAX_PHYS_PAGES || e->nlog > BB_MAX_SETUP || e->difflen ||
	    e->machine_len > MAX_MACHINE_BYTES)
		return;
	struct mem_saved *mem = mem_save(e, MAX_ARENA_BYTES);
	if (!mem)
		return;
	forget();
	kept.impl[0] = e->impl[0];
	kept.impl[1] = e->impl[1];
	kept.core = e->impl[0]->save(e->m[0]);
	kept.ref = e->impl[1]->save(e->m[1]);
	size_t len;
	const uint8_t *map = coverage_map(&len);
	kept.cov = len ? malloc(len) : NULL;
	if (!kept.core || !kept.ref || (len && !kept.cov)) {
		kept.used = 1;
		kept.mem = mem;
		forget();
		return;
	}
	if (len)
		memcpy(kept.cov, map, len);
	kept.cov_len = len;
#if defined(BB_SANCOV)
	kept.stack_depth = __sancov_lowest_stack < entry_low ? entry_frame - __sancov_lowest_stack : 0;
#endif
	memcpy(kept.machine, e->machine_bytes, e->machine_len);
	kept.machine_len = e->machine_len;
	kept.machine_pos = e->machine_pos;
	kept.mem = mem;
	kept.target = e->o->target;
	kept.plan = e->plan;
	kept.layout = e->layout;
	kept.live.nboot = e->live.nboot;
	kept.live.nblocks = e->live.nblocks;
	memcpy(kept.live.boot, e->live.boot, sizeof(e->live.boot[0]) * (size_t)e->live.nboot);
	memcpy(kept.live.blocks, e->live.blocks, sizeof(e->live.blocks[0]) * (size_t)e->live.nblocks);
	memcpy(kept.log, e->log, sizeof(e->log[0]) * (size_t)e->nlog);
	kept.nlog = e->nlog;
	kept.nops = e->r->nops;
	kept.whole_ok_at = e->whole_ok_at;
	kept.next_seed = e->next_seed;
	kept.digest = e->r->digest;
	kept.used = 1;
}

int boot_cache_restore(struct exec *e)
{
#if defined(BB_SANCOV)
	entry_frame = (uintptr_t)__builtin_frame_address(0);
	entry_low = __sancov_lowest_stack;
#endif
	if (!kept.used || kept.target != e->o->target || kept.machine_pos != e->machine_pos ||
	    kept.machine_len != e->machine_len || memcmp(kept.machine, e->machine_bytes, e->machine_len) ||
	    !same_plan(&kept.plan, &e->plan))
		return 0;
	size_t len;
	uint8_t *map = coverage_map(&len);
	if (len != kept.cov_len)
		return 0;
	int err, ref_only = e->o->reference_only; /* the program mutator's decode: the reference alone */
	e->m[1] = e->impl[1]->create_from(&e->plan.desc, kept.ref, &err);
	e->m[0] = e->m[1] && !ref_only ? e->impl[0]->create_from(&e->plan.desc, kept.core, &err) : NULL;
	if (!e->m[1] || (!ref_only && !e->m[0])) { /* out of memory, or the arena moved (a 32-bit host): boot */
		if (e->m[1])
			e->impl[1]->destroy(e->m[1]);
		e->m[1] = NULL;
		return 0;
	}
	if (!ref_only) {
		mem_begin(e);
		mem_restore(e, kept.mem);
	}
	e->layout = kept.layout;
	e->live.nboot = kept.live.nboot;
	e->live.nblocks = kept.live.nblocks;
	memcpy(e->live.boot, kept.live.boot, sizeof(e->live.boot[0]) * (size_t)kept.live.nboot);
	memcpy(e->live.blocks, kept.live.blocks, sizeof(e->live.blocks[0]) * (size_t)kept.live.nblocks);
	memcpy(e->log, kept.log, sizeof(e->log[0]) * (size_t)kept.nlog);
	e->nlog = kept.nlog;
	struct exec_record *rec = e->o->record;
	for (int i = 0; rec && i < kept.nlog && rec->n < BB_MAX_OPS + 80; i++) { /* what count_op() recorded of the setup */
		rec->op[rec->n] = kept.log[i].op;
		rec->ret[rec->n] = kept.log[i].ret[1];
		rec->out[rec->n++] = kept.log[i].out[1];
	}
	e->r->nops = kept.nops;
	e->whole_ok_at = kept.whole_ok_at;
	e->next_seed = kept.next_seed;
	e->r->digest = kept.digest;
	/* The counters so far are the machine decode's, the same as the kept
	 * run's before its boot: the kept ones are those plus the boot's. */
	if (len && !ref_only)
		memcpy(map, kept.cov, len);
#if defined(BB_SANCOV)
	/* the mark as the boot would have left it, measured from this frame
	 * (runs start at other depths: the seed pass, the mutation loop) */
	if (!ref_only)
		__sancov_lowest_stack = kept.stack_depth && entry_frame - kept.stack_depth < entry_low
						? entry_frame - kept.stack_depth
						: entry_low;
#endif
	hits++;
	return 1;
}
