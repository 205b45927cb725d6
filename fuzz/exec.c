/* SPDX-License-Identifier: MIT */
/*
 * exec.c - decode and run an input on core and reference side by side.
 *
 * Each operation runs on the reference first, so the harness knows where
 * the core is about to write (the allocation it will zero, the mem_map it
 * will build) and can leave everything else of the arena poisoned. Then
 * the core runs, and every result, the cheap state (counters, node and
 * zone info, list heads) and the operation's footprint (footprint.c) are
 * compared exactly, and the core's invariants checked over that footprint;
 * at checkpoints the whole state. Every finding of fast mode is re-run in
 * exact mode (the whole state after every operation), so the report names
 * the first operation where the states differ.
 */
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "bootcache.h"
#include "exec_internal.h"
#include "report.h"
#include "text.h"

/* The outcome digest takes one word at a time, FNV-style: xor and an odd
 * multiply are both one-to-one, so any single difference survives to the
 * end (a byte at a time cost 48 dependent multiplies an operation). */
static uint64_t fnv(uint64_t h, uint64_t v)
{
	return (h ^ v) * 0x100000001b3ull;
}

int exec_run_op(const struct bb_impl *im, void *m, const struct op *op, uint64_t *out)
{
	const int64_t *a = op->arg;
	uint32_t u32 = 0;
	uint64_t u64 = 0;
	int ret;
	switch (op->id) {
	case OP_init_bootmem_node:
		ret = im->init_bootmem_node(m, (int)a[0], (uint32_t)a[1], (uint32_t)a[2], (uint32_t)a[3], &u32);
		break;
	case OP_reserve_bootmem_node:
		ret = im->reserve_bootmem_node(m, (int)a[0], (uint64_t)a[1], (uint64_t)a[2], &u32);
		break;
	case OP_free_bootmem_node:
		ret = im->free_bootmem_node(m, (int)a[0], (uint64_t)a[1], (uint64_t)a[2], &u32);
		break;
	case OP___alloc_bootmem_node:
		ret = im->__alloc_bootmem_node(m, (int)a[0], (uint64_t)a[1], (uint64_t)a[2], (uint64_t)a[3], &u64);
		break;
	case OP_alloc_bootmem: ret = im->alloc_bootmem(m, (uint64_t)a[0], &u64); break;
	case OP_alloc_bootmem_low: ret = im->alloc_bootmem_low(m, (uint64_t)a[0], &u64); break;
	case OP_alloc_bootmem_pages: ret = im->alloc_bootmem_pages(m, (uint64_t)a[0], &u64); break;
	case OP_alloc_bootmem_low_pages: ret = im->alloc_bootmem_low_pages(m, (uint64_t)a[0], &u64); break;
	case OP_alloc_bootmem_node: ret = im->alloc_bootmem_node(m, (int)a[0], (uint64_t)a[1], &u64); break;
	case OP_alloc_bootmem_pages_node:
		ret = im->alloc_bootmem_pages_node(m, (int)a[0], (uint64_t)a[1], &u64);
		break;
	case OP_alloc_bootmem_low_pages_node:
		ret = im->alloc_bootmem_low_pages_node(m, (int)a[0], (uint64_t)a[1], &u64);
		break;
	case OP_free_area_init_node: ret = im->free_area_init_node(m, (int)a[0]); break;
	case OP_free_all_bootmem_node: ret = im->free_all_bootmem_node(m, (int)a[0], &u32); break;
	case OP_add_highmem_node: ret = im->add_highmem_node(m, (int)a[0], &u32); break;
	case OP_free_initmem: ret = im->free_initmem(m, (uint64_t)a[0], (uint64_t)a[1], &u32); break;
	case OP_alloc_pages:
		ret = im->alloc_pages(m, (int)a[0], (int)a[1], (unsigned)a[2], &u32);
		break;
	case OP_free_pages: ret = im->free_pages(m, (uint32_t)a[0], (unsigned)a[1]); break;
	default: ret = BB_OK; break; /* check: a checkpoint, nothing to call */
	}
	*out = u64 | u32;
	return ret;
}

static int is_bootmem_alloc(unsigned id)
{
	return id >= OP___alloc_bootmem_node && id <= OP_alloc_bootmem_low_pages_node;
}

/* The size argument of a bootmem allocation, wherever the op has it. */
static uint64_t size_arg(const struct op *op)
{
	const struct op_info *oi = op_info(op->id);
	for (int i = 0; i < oi->nargs; i++)
		if (oi->args[i].kind == ARG_SIZE)
			return (uint64_t)op->arg[i];
	return 0;
}

/* ---- one operation ------------------------------------------------------------ */

/* The nodes whose figures @op can change: none for the buddy calls and
 * check() (only zones, pages and global counters), the node a node call
 * names, every node for the others. Exact mode audits it (layout_current). */
static unsigned nodes_changed_by(const struct op *op)
{
	switch (op->id) {
	case OP_alloc_pages: case OP_free_pages: case OP_free_initmem: case OP_check:
		return 0;
	default: break;
	}
	const struct op_info *oi = op_info(op->id);
	if (oi->nargs && oi->args[0].kind == ARG_NID)
		return op->arg[0] >= 0 && op->arg[0] < BB_MAX_NODES ? 1u << op->arg[0] : 0;
	return FP_ALL_NODES;
}

static const char *out_field(const struct op *op)
{
	switch (op_info(op->id)->out) {
	case OUT_ADDR: return "addr";
	case OUT_PFN: return "pfn";
	case OUT_BYTES: return "map_bytes";
	case OUT_TWICE: return "twice";
	case OUT_FREED: return "freed";
	default: return "count";
	}
}

static enum check_id memory_effects(struct exec *e, const struct op *op, uint64_t out)
{
	const int64_t *a = op->arg;
	if (is_bootmem_alloc(op->id))
		return mem_after_bootmem_alloc(e, out, size_arg(op));
	switch (op->id) {
	case OP_free_bootmem_node:
		if (out)
			mem_after_free_range(e, (uint64_t)a[1], (uint64_t)a[1] + (uint64_t)a[2]);
		break;
	case OP_free_initmem:
		if (out)
			mem_after_free_range(e, (uint64_t)a[0], (uint64_t)a[1]);
		break;
	case OP_free_all_bootmem_node: mem_after_retire(e, (int)a[0]); break;
	case OP_alloc_pages: return mem_after_alloc_pages(e, (uint32_t)out, (unsigned)a[2]);
	case OP_free_pages: mem_after_free_pages(e, (uint32_t)a[0], (unsigned)a[1]); break;
	default: break;
	}
	return CHK_COUNT;
}

/* Before the core runs: open the memory it is about to be given. */
static enum check_id prepare_core(struct exec *e, const struct op *op, int ref_ret, uint64_t ref_out)
{
	const int64_t *a = op->arg;
	if (ref_ret)
		return CHK_COUNT;
	if (op->id == OP_init_bootmem_node) {
		mem_expect_bootmem_alloc(e, (uint64_t)a[1] << BB_PAGE_SHIFT, ref_out); /* the bitmap */
	} else if (is_bootmem_alloc(op->id)) {
		mem_expect_bootmem_alloc(e, ref_out, size_arg(op));
	} else if (op->id == OP_free_area_init_node) {
		/* the mem_map, the free-area bitmaps, valid_addr_bitmap (SPEC 5) */
		for (int i = 0; i < e->layout.nmeta; i++) {
			const struct meta_range *r = &e->layout.meta[i];
			if (r->nid == (int)a[0] && r->kind != META_BOOTMEM_BITMAP)
				mem_expect_bootmem_alloc(e, r->begin, r->end - r->begin);
		}
	} else if (op->id == OP_free_pages) {
		return mem_before_free_pages(e, (uint32_t)a[0], (unsigned)a[1]);
	}
	return CHK_COUNT;
}

/* Are pfns [pfn, pfn + count) inside one of @fp's page ranges (checked already)? */
static int in_page_ranges(const struct footprint *fp, uint32_t pfn, uint32_t count)
{
	for (int i = 0; i < fp->npages; i++)
		if (pfn >= fp->pages[i].pfn && (uint64_t)pfn + count <= (uint64_t)fp->pages[i].pfn + fp->pages[i].count)
			return 1;
	return 0;
}

/*
 * Before a free_pages runs: per order from its own, while the buddy is a
 * free block of that order on the reference (the merge's rule), that
 * buddy's two neighbours on its list. The merge unlinks it and must mend
 * their links; once it is done nothing else names them (the lower buddy
 * even heads the merged block, with new links).
 */
static void watch_merge(struct exec *e, const struct op *op)
{
	uint64_t pfn = (uint64_t)op->arg[0], order = (uint64_t)op->arg[1];
	int nid, z;
	if (op->id != OP_free_pages || !e->impl[1]->free_neighbours || pfn >= BB_MAX_PFN || order >= BB_MAX_ORDER ||
	    (z = layout_zone_of(&e->layout, (uint32_t)pfn, &nid)) < 0)
		return;
	const struct layout_zone *zi = &e->layout.zone[nid][z];
	uint32_t x = (uint32_t)pfn - zi->start_pfn;
	for (unsigned j = (unsigned)order; j + 1 < BB_MAX_ORDER; j++) {
		uint32_t buddy = (x & ~((1u << j) - 1)) ^ (1u << j), prev, next;
		if (buddy >= zi->spanned_pages || !e->impl[1]->free_neighbours(e->m[1], zi->start_pfn + buddy, j, &prev, &next))
			break;
		if (prev != BB_NO_PFN)
			e->watch[e->nwatch++] = prev;
		if (next != BB_NO_PFN)
			e->watch[e->nwatch++] = next;
	}
}

/* Fast mode: the global counters, then what the operation can have changed. */
static int check_footprint(struct exec *e, const struct op *op, int ret, uint64_t out)
{
	struct footprint fp;
	const char *field = NULL;
	footprint_of(&e->layout, op, ret, out, &fp);
	for (int i = 0; i < e->nwatch; i++)
		footprint_add_page(&fp, e->watch[i]);
	enum check_id c = compare_cheap(e, &fp, &field);
	if (c != CHK_COUNT)
		return report_diverged(e, c, field);
	if ((c = compare_footprint(e, &fp, &field)) != CHK_COUNT)
		return report_diverged(e, c, field);
	char msg[256];
	msg[0] = '\0'; /* check_pages writes a message only on a failure (not 256 bytes an operation) */
	for (int i = 0; i < fp.npages; i++)
		if (e->impl[0]->check_pages(e->m[0], fp.pages[i].pfn, fp.pages[i].count, msg, sizeof(msg)))
			break;
	for (int i = 0; i < fp.nbits && !msg[0]; i++) {
		uint32_t start = e->layout.node[fp.bits[i].nid].start_pfn;
		if (!in_page_ranges(&fp, start + fp.bits[i].first, fp.bits[i].count))
			e->impl[0]->check_pages(e->m[0], start + fp.bits[i].first, fp.bits[i].count, msg, sizeof(msg));
	}
	if (msg[0]) {
		diff_printf(e, "core invariant: %s\n", msg);
		return report_diverged(e, CHK_INVARIANT, NULL);
	}
	return 0;
}

/*
 * A checkpoint (and every operation in exact mode): the whole state, the
 * core's whole-structure check and every live allocation's pattern. In
 * fast mode a difference here may have begun operations earlier: like every
 * fast-mode finding, report_finding defers it to the exact re-run.
 */
static int check_whole(struct exec *e)
{
	const char *field = NULL;
	enum check_id c = compare_full(e, &field);
	if (c != CHK_COUNT)
		return report_diverged(e, c, field);
	char msg[256] = "";
	if (e->impl[0]->check(e->m[0], msg, sizeof(msg))) {
		diff_printf(e, "core invariant: %s\n", msg);
		return report_diverged(e, CHK_INVARIANT, NULL);
	}
	c = mem_verify_all(e);
	if (c != CHK_COUNT)
		return report_finding(e, c, "CORRUPT", NULL);
	return 0;
}

/* One more operation run, and in the record with the reference's result. */
static void count_op(struct exec *e, const struct op *op, const struct log_entry *l, int implicit)
{
	e->r->nops++;
	if (e->o->record && !implicit && e->o->record->n < BB_MAX_OPS + 80) {
		struct exec_record *rec = e->o->record;
		rec->op[rec->n] = *op;
		rec->ret[rec->n] = l->ret[1];
		rec->out[rec->n++] = l->out[1];
	}
}

/* exec_opts.reference_only: what a step leaves behind without the core (the
 * record and the live state the decoder reads), nothing compared. */
static int reference_step(struct exec *e, const struct op *op, const struct log_entry *l, int implicit)
{
	count_op(e, op, l, implicit);
	if (!l->ret[1])
		memory_effects(e, op, l->out[1]);
	return 0;
}

/* @implicit: the checkpoint at the end, which is not part of the program's text. */
static int step(struct exec *e, const struct op *op, int implicit)
{
	struct log_entry *l = &e->log[e->nlog < BB_MAX_LOG ? e->nlog++ : BB_MAX_LOG - 1];
	l->op = *op;
	e->nwatch = 0; /* what watch_merge() finds, for check_footprint() */
	if (!e->exact && !e->o->reference_only)
		watch_merge(e, op);
	l->ret[1] = exec_run_op(e->impl[1], e->m[1], op, &l->out[1]);
	layout_refresh(&e->layout, e->impl[1], e->m[1], nodes_changed_by(op));
	if (e->exact && !layout_current(&e->layout, e->impl[1], e->m[1])) {
		fprintf(stderr, "bb harness bug: %s changed the figures of a node nodes_changed_by() leaves out\n",
			op_info(op->id)->name);
		abort();
	}
	if (e->o->reference_only)
		return reference_step(e, op, l, implicit);
	enum check_id c = prepare_core(e, op, l->ret[1], l->out[1]);
	if (c != CHK_COUNT)
		return report_finding(e, c, "CORRUPT", "before_free");
	l->ret[0] = exec_run_op(e->impl[0], e->m[0], op, &l->out[0]);
	count_op(e, op, l, implicit);
	uint64_t d = fnv(e->r->digest, op->id);
	for (int i = 0; i < BB_OP_MAX_ARGS; i++)
		d = fnv(d, (uint64_t)op->arg[i]);
	e->r->digest = fnv(fnv(d, (uint64_t)(int64_t)l->ret[1]), l->out[1]);
	if (e->o->trace && !implicit) {
		print_op(e->o->trace, op);
		print_result(e->o->trace, op, l->ret[0], l->out[0]);
		fputc('\n', e->o->trace);
		fflush(e->o->trace); /* a sanitizer report may follow */
	}
	if (l->ret[0] != l->ret[1]) {
		diff_printf(e, "return: core %s, reference %s\n", bb_err_name(l->ret[0]), bb_err_name(l->ret[1]));
		return report_diverged(e, CHK_RET, "ret");
	}
	if (l->out[0] != l->out[1]) {
		diff_printf(e, "%s: core 0x%llx, reference 0x%llx\n", out_field(op),
			    (unsigned long long)l->out[0], (unsigned long long)l->out[1]);
		return report_diverged(e, CHK_OUT, out_field(op));
	}
	if (!l->ret[0]) {
		c = memory_effects(e, op, l->out[0]);
		if (c != CHK_COUNT)
			return report_finding(e, c, c == CHK_ZEROED ? "NOT_ZEROED" : c == CHK_OVERLAP ? "OVERLAP" : "CORRUPT",
				       NULL);
	}
#ifdef BB_FLOOR_NO_STATE_CHECKS
	/* bb_stream_floor only (fuzz/CMakeLists.txt): what a run costs without
	 * the state comparisons and invariant checks, for ci/bench-fuzz. */
	return 0;
#endif
	/* A check right after an operation whose whole state matched: nothing
	 * ran since (queries and bb_check change nothing), so it would compare
	 * the very state already compared. Fuzzers like long runs of check(). */
	if (op->id == OP_check && e->whole_ok_at == e->r->nops - 1) {
		e->whole_ok_at = e->r->nops;
		return 0;
	}
	if (op->id == OP_check || e->exact) {
		if (check_whole(e))
			return 1;
		e->whole_ok_at = e->r->nops;
		return 0;
	}
	return check_footprint(e, op, l->ret[1], l->out[1]);
}

/* ---- the whole input ---------------------------------------------------------- */

/* The setup and the decoded operations, then the checkpoint at the end. */
static int run_ops(struct exec *e, struct cursor *cur)
{
	if (e->o->record)
		e->o->record->desc = e->plan.desc;
	e->ctx.desc = &e->plan.desc;
	e->ctx.node = e->layout.node;
	e->ctx.live = &e->live;
	if (!e->from_cache) {
		if (e->keep_boot)
			boot_cache_watch(e);
		for (int i = 0; i < e->plan.nsetup; i++)
			if (step(e, &e->plan.setup[i], 0))
				return 1;
		if (e->keep_boot)
			boot_cache_keep(e);
	}
	if (e->keep_boot)
		boot_cache_booted();
	struct op op;
	for (;;) {
		if (e->r->nops >= BB_MAX_OPS + (e->plan.explicit_machine ? BB_MAX_SETUP : e->plan.nsetup))
			break;
		if (!decode_op(cur, e->o->target, &e->ctx, &op))
			break;
		if (step(e, &op, 0))
			return 1;
	}
	/* The end is a checkpoint. */
	op = (struct op){.id = OP_check};
	return step(e, &op, 1);
}

static int run(struct exec *e, struct cursor *cur)
{
	int err[2];
	decode_machine(cur, e->o->target, &e->plan);
	e->r->pages = e->plan.desc.phys_pages;
	if (e->keep_boot && boot_cache_restore(e)) {
		e->from_cache = 1;
		return run_ops(e, cur);
	}
	e->m[1] = e->impl[1]->create(&e->plan.desc, &err[1]);
	if (e->o->reference_only) {
		e->r->machine_refused = e->m[1] ? 0 : err[1];
		return e->m[1] ? run_ops(e, cur) : 0;
	}
	e->m[0] = e->impl[0]->create(&e->plan.desc, &err[0]);
	if (e->o->trace) {
		fprintf(e->o->trace, "target %s\n", target_name(e->o->target));
		print_machine(e->o->trace, &e->plan.desc);
	}
	if (!e->m[0] && err[0] == BB_ENOMEM) {
		/* A valid machine the host could not map (a memory limit under a
		 * fuzzing engine, a 32-bit host): nothing to compare. */
		if (e->o->trace)
			fprintf(e->o->trace, "# the host could not map this machine's arena\n");
		return 0;
	}
	if (!e->m[0] || !e->m[1]) {
		if (e->m[0] || e->m[1] || err[0] != err[1]) {
			diff_printf(e, "machine: core %s, reference %s\n", e->m[0] ? "OK" : bb_err_name(err[0]),
				    e->m[1] ? "OK" : bb_err_name(err[1]));
			return report_finding(e, CHK_CREATE, "DIVERGE", "create");
		}
		e->r->machine_refused = err[0];
		if (e->o->trace)
			fprintf(e->o->trace, "# both sides refuse this machine (%s): no operation runs\n", bb_err_name(err[0]));
		return 0;
	}
	mem_begin(e);
	return run_ops(e, cur);
}

enum run_mode {
	RUN_FAST,        /* footprints; a finding is deferred to an exact re-run */
	RUN_EXACT,       /* the whole state after every operation */
	RUN_FAST_REPORT, /* footprints; every finding reported where seen */
};

static int exec_once(const uint8_t *data, size_t size, const struct exec_opts *o, struct exec_result *r,
		     enum run_mode mode, int *deferred, int *from_cache)
{
	static struct exec e; /* big; one input at a time */
	struct cursor cur = {data, size, 0};
	/* Everything before the log, the layout too (nothing online), except
	 * the live lists' 11 KB of entries: only those below the counts are read. */
	memset(&e, 0, offsetof(struct exec, live));
	e.live.nboot = e.live.nblocks = 0;
	memset(&e.layout, 0, offsetof(struct exec, log) - offsetof(struct exec, layout));
	e.nlog = 0;
	e.difflen = 0;
	e.exact = mode == RUN_EXACT;
	e.whole_ok_at = -1;
	e.may_defer = mode == RUN_FAST;
	e.deferred = 0;
	e.keep_boot = o->boot_cache && mode == RUN_FAST && !o->trace; /* a reference-only run only uses it */
	e.from_cache = 0;
	e.o = o;
	e.r = r;
	memset(r, 0, sizeof(*r));
	r->digest = 0xcbf29ce484222325ull;
	e.impl[0] = &bb_impl_core;
	e.impl[1] = &bb_impl_reference;
	int found = run(&e, &cur);
	if (e.m[0]) {
		mem_end(&e);
		e.impl[0]->destroy(e.m[0]);
	}
	if (e.m[1])
		e.impl[1]->destroy(e.m[1]);
	*deferred = found && (e.deferred || e.from_cache);
	if (from_cache)
		*from_cache = e.from_cache;
	return found;
}

int exec_input(const uint8_t *data, size_t size, const struct exec_opts *o, struct exec_result *r)
{
	int deferred, from_cache = 0;
	int found = exec_once(data, size, o, r, o->exact ? RUN_EXACT : RUN_FAST, &deferred, &from_cache);
	if (!deferred)
		return found;
	/* Seen in fast mode, or in a run from the boot cache: find the first
	 * operation where the states differ, from a boot, quietly (the trace
	 * and the record have the whole program). */
	char seen[sizeof(r->signature)];
	memcpy(seen, r->signature, sizeof(seen));
	struct exec_opts quiet = *o;
	quiet.trace = NULL;
	quiet.record = NULL;
	if (exec_once(data, size, &quiet, r, RUN_EXACT, &deferred, NULL))
		return 1;
	/* Cannot happen (runs are deterministic); never lose the finding. */
	found = exec_once(data, size, &quiet, r, RUN_FAST_REPORT, &deferred, NULL);
	if (!found && o->record)
		o->record->n = 0; /* the first run's record stops at what it saw: no program to keep */
	if (!found && from_cache) {
		fprintf(stderr, "bb harness bug: a run from the boot cache found %s, the same input booted finds nothing\n",
			seen);
		abort();
	}
	return found;
}
