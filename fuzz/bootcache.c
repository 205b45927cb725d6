/* SPDX-License-Identifier: MIT */
/*
 * bootcache.c - the boot cache (bootcache.h). What a boot leaves: both
 * machines' states (bb_impl.save), the arena bytes of every range it opened
 * and the journal of its poisoning (memcheck.c), the executor's layout,
 * live lists, log, counters and digest, and the coverage the boot gave,
 * so that a run from the cache reports the same features to the engine as
 * a run that booted: libFuzzer's counters, or AFL++'s map on x86-64
 * (elsewhere an AFL++ build leaves the cache off: target.c), taken and put
 * back at one point both paths reach (boot_cache_booted). Runs are
 * deterministic: the same machine and setup boot to the same state, checked at
 * every step the first time.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootcache.h"
#include "exec_internal.h"

/* A boot bigger than this is booted again each time: copying it would cost about what booting does. */
#define MAX_ARENA_BYTES ((size_t)4 << 20)
#define MAX_PHYS_PAGES (1u << 20)

/* ---- the coverage the boot gave ---------------------------------------- */

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

uint8_t *exec_coverage_map(size_t *len)
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

struct kept_boot {
	int used;
	enum target_id target;
	struct machine_plan plan; /* the key: the machine and its setup */
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
};

/* A few machines, by a hash of the plan: a mutation chain's machine, and
 * the machines of the corpus entries it splices with and returns to. */
#define SLOTS 8
static struct kept_boot slots[SLOTS];

static struct kept_boot *slot_of(const struct exec *e)
{
	const uint8_t *d = (const uint8_t *)&e->plan.desc, *o = (const uint8_t *)e->plan.setup;
	uint64_t h = 0xcbf29ce484222325ull ^ (uint64_t)e->plan.nsetup;
	for (size_t i = 0; i < sizeof(e->plan.desc); i++)
		h = (h ^ d[i]) * 0x100000001b3ull;
	for (size_t i = 0; i < sizeof(e->plan.setup[0]) * (size_t)e->plan.nsetup; i++)
		h = (h ^ o[i]) * 0x100000001b3ull;
	return &slots[(h ^ (h >> 29)) % SLOTS];
}

#if defined(BB_SANCOV)
/* Where boot_cache_restore() was entered in this run: its frame and the stack mark then. */
static uintptr_t entry_frame, entry_low;
#endif

/* The same calls whether @k held a state or not (NULLs then): a run's
 * coverage must not tell whether its slot was empty. */
static void forget(struct kept_boot *k)
{
	if (k->impl[0])
		k->impl[0]->drop(k->core);
	if (k->impl[1])
		k->impl[1]->drop(k->ref);
	free(k->mem);
	free(k->cov);
	k->core = k->ref = NULL;
	k->mem = NULL;
	k->cov = NULL;
	k->used = 0;
}

/*
 * The coverage of a boot is kept as what the boot added to the map: the
 * map where boot_cache_restore() was entered (entry_map, every run) and at
 * boot_cache_booted() differ by it. Another input can give the same machine
 * through other branches of the decoder (a size clamped to the same page
 * count): what ran before the entry is each input's own. cov_take: the slot
 * a run kept, whose difference booted() takes; cov_put: the slot a run was
 * restored from, whose difference booted() adds to this run's entry map.
 */
static struct kept_boot *cov_take;
static const struct kept_boot *cov_put;
static uint8_t *entry_map, *scratch;
static size_t map_room;
static int entry_taken; /* entry_map holds this run's map at the entry */

static unsigned long hits;

void exec_forget_boot(void)
{
	for (int i = 0; i < SLOTS; i++)
		forget(&slots[i]);
}

unsigned long exec_boot_cache_hits(void)
{
	return hits;
}

/* The live lists' counts and the entries below them (11 KB in all). */
static void copy_live(struct live *to, const struct live *from)
{
	to->nboot = from->nboot;
	to->nblocks = from->nblocks;
	memcpy(to->boot, from->boot, sizeof(from->boot[0]) * (size_t)from->nboot);
	memcpy(to->blocks, from->blocks, sizeof(from->blocks[0]) * (size_t)from->nblocks);
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
	size_t len;
	exec_coverage_map(&len);
	if (e->plan.desc.phys_pages > MAX_PHYS_PAGES || e->nlog > BB_MAX_SETUP || e->difflen || (len && !entry_taken))
		return;
	struct mem_saved *mem = mem_save(e, MAX_ARENA_BYTES);
	if (!mem)
		return;
	struct kept_boot *k = slot_of(e);
	k->impl[0] = e->impl[0];
	k->impl[1] = e->impl[1];
	forget(k);
	k->core = e->impl[0]->save(e->m[0]);
	k->ref = e->impl[1]->save(e->m[1]);
	k->cov = len ? malloc(len) : NULL;
	if (!k->core || !k->ref || (len && !k->cov)) {
		k->used = 1;
		k->mem = mem;
		forget(k);
		return;
	}
	k->cov_len = len; /* filled at boot_cache_booted() */
	cov_take = len ? k : NULL;
#if defined(BB_SANCOV)
	k->stack_depth = __sancov_lowest_stack < entry_low ? entry_frame - __sancov_lowest_stack : 0;
#endif
	k->mem = mem;
	k->target = e->o->target;
	k->plan = e->plan;
	k->layout = e->layout;
	copy_live(&k->live, &e->live);
	memcpy(k->log, e->log, sizeof(e->log[0]) * (size_t)e->nlog);
	k->nlog = e->nlog;
	k->nops = e->r->nops;
	k->whole_ok_at = e->whole_ok_at;
	k->next_seed = e->next_seed;
	k->digest = e->r->digest;
	k->used = 1;
}

int boot_cache_restore(struct exec *e)
{
#if defined(BB_SANCOV)
	entry_frame = (uintptr_t)__builtin_frame_address(0);
	entry_low = __sancov_lowest_stack;
#endif
	cov_take = NULL;
	cov_put = NULL;
	size_t len;
	const uint8_t *map = exec_coverage_map(&len);
	entry_taken = 0;
	if (len > map_room) { /* once: the map's size does not change */
		free(entry_map);
		free(scratch);
		entry_map = malloc(len);
		scratch = malloc(len);
		map_room = entry_map && scratch ? len : 0;
	}
	if (len && len <= map_room) {
		memcpy(entry_map, map, len);
		entry_taken = 1;
	}
	const struct kept_boot *k = slot_of(e);
	if (!k->used || k->target != e->o->target || !same_plan(&k->plan, &e->plan))
		return 0;
	if (len != k->cov_len || (len && !entry_taken))
		return 0;
	int err, ref_only = e->o->reference_only; /* the program mutator's decode: the reference alone */
	e->m[1] = e->impl[1]->create_from(&e->plan.desc, k->ref, &err);
	e->m[0] = e->m[1] && !ref_only ? e->impl[0]->create_from(&e->plan.desc, k->core, &err) : NULL;
	if (!e->m[1] || (!ref_only && !e->m[0])) { /* out of memory, or the arena moved (a 32-bit host): boot */
		if (e->m[1])
			e->impl[1]->destroy(e->m[1]);
		e->m[1] = NULL;
		return 0;
	}
	if (!ref_only) {
		mem_begin(e);
		mem_restore(e, k->mem);
	}
	e->layout = k->layout;
	copy_live(&e->live, &k->live);
	memcpy(e->log, k->log, sizeof(e->log[0]) * (size_t)k->nlog);
	e->nlog = k->nlog;
	struct exec_record *rec = e->o->record;
	for (int i = 0; rec && i < k->nlog && rec->n < BB_MAX_OPS + 80; i++) { /* what count_op() recorded of the setup */
		rec->op[rec->n] = k->log[i].op;
		rec->ret[rec->n] = k->log[i].ret[1];
		rec->out[rec->n++] = k->log[i].out[1];
	}
	e->r->nops = k->nops;
	e->whole_ok_at = k->whole_ok_at;
	e->next_seed = k->next_seed;
	e->r->digest = k->digest;
	/* boot_cache_booted() adds the boot's share of the map to this run's entry map */
	cov_put = len && !ref_only ? k : NULL;
#if defined(BB_SANCOV)
	/* the mark as the boot would have left it, measured from this frame
	 * (runs start at other depths: the seed pass, the mutation loop) */
	if (!ref_only)
		__sancov_lowest_stack = k->stack_depth && entry_frame - k->stack_depth < entry_low
						? entry_frame - k->stack_depth
						: entry_low;
#endif
	hits++;
	return 1;
}

/*
 * Byte by byte, modulo 256 (how the counters wrap), eight bytes a step:
 * a map is thousands of bytes, copied on every run that keeps or restores.
 * Only our own buffers: no ASan checks, which would cost more than the sums.
 */
#define H 0x8080808080808080ull
#if defined(__clang__) || defined(__GNUC__)
__attribute__((no_sanitize("address")))
#endif
static void bytes_sum(uint8_t *to, const uint8_t *a, const uint8_t *b, size_t n, int sub)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x, y, d;
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		d = sub ? ((x | H) - (y & ~H)) ^ ((x ^ ~y) & H) : ((x & ~H) + (y & ~H)) ^ ((x ^ y) & H);
		memcpy(to + i, &d, 8);
	}
	for (; i < n; i++)
		to[i] = (uint8_t)(sub ? a[i] - b[i] : a[i] + b[i]);
}
#undef H

/*
 * One point both paths reach, after the boot (and its keeping) or after the
 * restore: from here on a run from the cache executes what a booting run
 * executes. A run that kept takes what its boot added to the map; a run
 * from the cache gets its entry map plus that. Either way the map is
 * written last, whole, so nothing this function did is left in it (AFL++'s
 * instrumentation covers every function, this one included).
 */
void boot_cache_booted(void)
{
	struct kept_boot *take = cov_take;
	const struct kept_boot *put = cov_put;
	cov_take = NULL;
	cov_put = NULL;
	if (!take && !put)
		return;
	size_t len;
	uint8_t *map = exec_coverage_map(&len);
	memcpy(scratch, map, len); /* the map now: after the boot, or after the restore */
	if (take)
		bytes_sum(take->cov, scratch, entry_map, len, 1);
	if (put)
		bytes_sum(scratch, entry_map, put->cov, len, 0);
	memcpy(map, scratch, len); /* the last step: whatever ran here since the first copy leaves no trace */
}
