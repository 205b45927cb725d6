/* SPDX-License-Identifier: MIT */
/*
 * mutate.c - the program mutator (mutate.h). Byte mutations of a program
 * mostly change what the decoder reads into nonsense; this edits the
 * program itself: insert an operation (with the target's own weights),
 * delete, duplicate or swap one, give an argument a value that means
 * something in this program (an address or pfn it got back, a buddy, a
 * page boundary of the machine, a size around a page, a misuse), finish
 * the boot (every node's mem_map, retire and highmem), allocate a block and
 * give that very block back, change the machine (its boot written again
 * for the new machine, with the operations that run into what the change
 * set up), or splice two programs. The buddy target's edits leave its
 * boot alone. The operations are written in the
 * explicit form (encode_ops), which decodes to exactly what was built.
 * A machine that came in the decoder's compact form keeps those bytes (and
 * the setup operations they bring) until an edit changes the machine, so
 * byte mutations of the shape still reach what the decoder draws from it
 * (a 32768 + k node, a booted highmem zone); then the whole program is
 * written explicitly (encode_program).
 *
 * Decoding needs the live state (the decoder leans on what the reference
 * holds), so it runs the input on the reference alone (no core, nothing
 * compared: a fraction of an execution), once per input: decodes are kept
 * by the input's bytes (memo.h), and this mutator's own last output is
 * kept with the program it was written from.
 */
#include <string.h>

#include "decode.h"
#include "exec.h"
#include "memo.h"
#include "mutate.h"

#define PAGE ((uint64_t)BB_PAGE_SIZE)

/* splitmix64: deterministic for a seed. */
struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *g)
{
	uint64_t z = (g->s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t below(struct rng *g, uint32_t n)
{
	return n ? (uint32_t)(((next(g) >> 32) * (uint64_t)n) >> 32) : 0;
}

/* What the program handed out, as the reference saw it: the values worth aiming at. */
struct pools {
	uint64_t addr[64], size[64];
	int naddr;
	uint32_t pfn[64];
	unsigned order[64];
	int npfn;
};

static struct exec_record record;

/* A decoded input: its program and, for a compact machine, its bytes. */
struct decoded {
	struct text_program prog;
	uint8_t shape[256]; /* the machine's bytes as the input had them */
	size_t shape_len;   /* 0: the machine is (or is to be) written explicitly */
	int nsetup;         /* with a shape: prog.ops[0 .. nsetup) are the setup it brings */
	int give_back;      /* >= 0: prog.ops[give_back] frees the block the op before it
			     * allocates, once a run of the output says which (give_back_pfn) */
};

/* The machine plan of the last decode (decode_form reads its shape from it). */
static struct machine_plan plan;
static size_t plan_bytes; /* how many input bytes the machine took */

/* The machine of @data: the plan and how many bytes it took. */
static void decode_plan(const uint8_t *data, size_t size, enum target_id t)
{
	struct cursor c = {.data = data, .size = size};
	decode_machine(&c, t, &plan);
	plan_bytes = c.pos;
	/* An explicit description may claim more RAM ranges than it can hold (the
	 * machine is then refused); the program keeps the ones it has. */
	if (plan.desc.nr_ram > BB_MAX_RAM_RANGES)
		plan.desc.nr_ram = BB_MAX_RAM_RANGES;
}

/* The program a run of plan's machine recorded in `record`. */
static int program_of_run(enum target_id t, const struct exec_result *r, struct text_program *prog)
{
	prog->target = (int)t;
	prog->desc = plan.desc;
	if (r->machine_refused) { /* nothing ran: the program is its setup (an explicit machine's raw boot too) */
		prog->nops = plan.nsetup;
		memcpy(prog->ops, plan.setup, sizeof(plan.setup[0]) * (size_t)plan.nsetup);
		return 0;
	}
	prog->nops = record.n < BB_MAX_PROGRAM ? record.n : BB_MAX_PROGRAM;
	memcpy(prog->ops, record.op, sizeof(record.op[0]) * (size_t)prog->nops);
	return 1;
}

int mutate_decode(const uint8_t *data, size_t size, enum target_id t, struct text_program *prog)
{
	/* from the boot a target's run left, when it was this machine's */
	struct exec_opts o = {.target = t, .keep_going = 1, .quiet = 1, .record = &record, .reference_only = 1,
			      .boot_cache = 1};
	struct exec_result r;

	decode_plan(data, size, t);
	record.n = 0;
	exec_input(data, size, &o, &r);
	return program_of_run(t, &r, prog);
}

/* A compact machine's bytes, kept (only when the input held all of them). */
static void shape_of(const uint8_t *data, size_t size, struct decoded *d)
{
	d->shape_len = 0;
	d->nsetup = 0;
	if (!plan.explicit_machine && plan_bytes <= sizeof(d->shape) && plan_bytes <= size) {
		memcpy(d->shape, data, plan_bytes);
		d->shape_len = plan_bytes;
		d->nsetup = plan.nsetup;
	}
}

/* mutate_decode, and the machine's bytes. */
static int decode_form(const uint8_t *data, size_t size, enum target_id t, struct decoded *d)
{
	int ran = mutate_decode(data, size, t, &d->prog);
	shape_of(data, size, d);
	return ran;
}

static void collect(struct pools *p, int nops)
{
	p->naddr = p->npfn = 0;
	for (int i = 0; i < nops && i < record.n; i++) {
		const struct op_info *oi = op_info(record.op[i].id);
		if (!oi || record.ret[i])
			continue;
		if (oi->out == OUT_ADDR && p->naddr < 64) {
			p->addr[p->naddr] = record.out[i];
			p->size[p->naddr++] = (uint64_t)record.op[i].arg[oi->id == OP___alloc_bootmem_node ||
									   oi->nargs == 2];
		} else if (oi->out == OUT_PFN && p->npfn < 64) {
			p->pfn[p->npfn] = (uint32_t)record.out[i];
			p->order[p->npfn++] = (unsigned)record.op[i].arg[2];
		}
	}
}

/* A page boundary of the machine: a RAM range's ends, the zone limits, the ends. */
static uint64_t boundary_pfn(struct rng *g, const struct bb_machine_desc *d)
{
	switch (below(g, 5)) {
	case 0: return d->nr_ram ? d->ram[below(g, d->nr_ram)].start_pfn : 0;
	case 1: return d->nr_ram ? d->ram[below(g, d->nr_ram)].end_pfn : d->phys_pages;
	case 2: return d->dma_end_pfn;
	case 3: return d->highmem_start_pfn;
	default: return below(g, 2) ? d->phys_pages : 0;
	}
}

/* A page boundary ±1 (@near), or any page of the machine. */
static int64_t any_pfn(struct rng *g, const struct bb_machine_desc *d, int near)
{
	return below(g, 2) ? (int64_t)boundary_pfn(g, d) + near : below(g, d->phys_pages + 1);
}

static int64_t pick_arg(struct rng *g, const struct pools *p, const struct bb_machine_desc *d, enum arg_kind k)
{
	uint64_t phys = (uint64_t)d->phys_pages * PAGE;
	int near = (int)below(g, 3) - 1; /* -1, 0 or 1: just below, at, just above */

	switch (k) {
	case ARG_NID:
		return below(g, 8) ? (int64_t)below(g, below(g, 2) ? 1 : BB_MAX_NODES) : (int64_t)below(g, 2) * 5 - 1;
	case ARG_NID_ANY:
		return below(g, 3) ? BB_ANY_NODE : (int64_t)below(g, BB_MAX_NODES + 1);
	case ARG_PFN_BLOCK: /* mostly a block it got, or that block's buddy */
		if (p->npfn && below(g, 4)) {
			int i = (int)below(g, (uint32_t)p->npfn);
			return below(g, 3) ? p->pfn[i] : p->pfn[i] ^ (1u << (p->order[i] + below(g, 2)));
		}
		return any_pfn(g, d, near);
	case ARG_PFN:
		return any_pfn(g, d, near);
	case ARG_ADDR:
	case ARG_GOAL:
		if (p->naddr && below(g, 2)) {
			int i = (int)below(g, (uint32_t)p->naddr);
			/* the allocation, its end, the next page: where a merge or a free lands */
			switch (below(g, 3)) {
			case 0: return (int64_t)p->addr[i];
			case 1: return (int64_t)(p->addr[i] + p->size[i]);
			default: return (int64_t)((p->addr[i] / PAGE + 1) * PAGE);
			}
		}
		if (below(g, 2))
			return (int64_t)(boundary_pfn(g, d) * PAGE) + near * (below(g, 2) ? 1 : (int64_t)PAGE);
		return (int64_t)(((uint64_t)next(g) % (phys + 1)) & ~(below(g, 2) ? PAGE - 1 : 0));
	case ARG_SIZE: {
		static const uint64_t sizes[] = {1, 8, 100, PAGE - 1, PAGE, PAGE + 1, 2 * PAGE, 3 * PAGE + 7, 16 * PAGE};
		switch (below(g, 4)) {
		case 0: return (int64_t)(sizes[below(g, sizeof(sizes) / sizeof(sizes[0]))]);
		case 1: return (int64_t)(1 + below(g, 4 * (uint32_t)PAGE));
		case 2: return (int64_t)((uint64_t)(1 + below(g, 64)) * PAGE);
		default: return below(g, 8) ? (int64_t)(phys / (1 + below(g, 8))) : (int64_t)below(g, 2) - 1; /* 0 or huge */
		}
	}
	case ARG_ALIGN:
		return below(g, 8) ? (int64_t)1 << below(g, 23) : (int64_t)below(g, 2) * 3; /* 0 or 3: refused */
	case ARG_ORDER:
		return below(g, 8) ? (int64_t)below(g, below(g, 2) ? 3 : 10) : 10;
	case ARG_GFP:
		return below(g, 8) ? (int64_t)below(g, 3) : 3;
	default:
		return 0;
	}
}

/* Mostly a free of a block the program got, with the order it got it with
 * (an order picked apart from the pfn almost never matches: EALIGN). */
static void free_a_block(struct rng *g, const struct pools *p, struct op *op)
{
	if (op->id == OP_free_pages && p->npfn && below(g, 4)) {
		int i = (int)below(g, (uint32_t)p->npfn);
		op->arg[0] = p->pfn[i];
		op->arg[1] = p->order[i];
	}
}

static void random_op(struct rng *g, enum target_id t, const struct pools *p, const struct bb_machine_desc *d,
		      struct op *op)
{
	const struct op_info *oi;

	memset(op, 0, sizeof(*op));
	op->id = (uint8_t)decode_pick_op(t, (uint8_t)below(g, 256));
	oi = op_info(op->id);
	for (int a = 0; oi && a < oi->nargs; a++)
		op->arg[a] = pick_arg(g, p, d, oi->args[a].kind);
	free_a_block(g, p, op);
}

/* Keep a machine the checks accept most of the time: RAM, zones and highmem inside it. */
static void clip_machine(struct bb_machine_desc *d)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < d->nr_ram; i++) {
		struct bb_ram_range r = d->ram[i];
		if (r.end_pfn > d->phys_pages)
			r.end_pfn = d->phys_pages;
		if (r.start_pfn < r.end_pfn && (n == 0 || r.start_pfn >= d->ram[n - 1].end_pfn))
			d->ram[n++] = r;
	}
	d->nr_ram = n;
	if (d->highmem_start_pfn > d->phys_pages)
		d->highmem_start_pfn = d->phys_pages;
	if (d->dma_end_pfn > d->highmem_start_pfn)
		d->dma_end_pfn = d->highmem_start_pfn;
}

/* The machine's end moved from @was to phys_pages: what was at the end moves along. */
static void follow_end(struct bb_machine_desc *d, uint32_t was)
{
	if (d->nr_ram && d->ram[d->nr_ram - 1].end_pfn == was)
		d->ram[d->nr_ram - 1].end_pfn = d->phys_pages;
	if (d->highmem_start_pfn == was)
		d->highmem_start_pfn = d->phys_pages;
	clip_machine(d);
}

/*
 * A zone boundary where it meets something else: the end or start of a
 * RAM range (a hole) one page off either way, one page past a power-of-two
 * boundary, or an odd multiple of 2^k (k below the top order), so the
 * zone's last block is cut short, or is an order-k block whose buddy would
 * be the next zone's first block (the coalescing 2.4 must not do; with
 * k = 8 one order-0 allocation in the next zone leaves its first page an
 * order-8 head).
 */
static uint32_t boundary_near(struct rng *g, const struct bb_machine_desc *d)
{
	int64_t at;
	uint32_t how = below(g, 3), k = below(g, BB_MAX_ORDER - 1);
	if (d->nr_ram && how == 0) {
		const struct bb_ram_range *r = &d->ram[below(g, d->nr_ram)];
		at = (int64_t)(below(g, 2) ? r->start_pfn : r->end_pfn) + (int64_t)below(g, 3) - 1;
	} else if (how == 1 && d->phys_pages >> (k + 1)) {
		at = (int64_t)(2 * below(g, d->phys_pages >> (k + 1)) + 1) << k;
	} else {
		at = (int64_t)(1u << below(g, 13)) + (below(g, 2) ? 1 : -1);
	}
	return at < 0 ? 0 : at > d->phys_pages ? d->phys_pages : (uint32_t)at;
}

/* Where the first node's DMA zone starts: its first RAM page. */
static uint32_t first_ram_pfn(const struct bb_machine_desc *d)
{
	return d->nr_ram ? d->ram[0].start_pfn : 0;
}

/* Where the zone below highmem starts, as the first node's zones lie: the
 * end of DMA, or the first RAM page when there is no NORMAL zone. */
static uint32_t low_zone_start(const struct bb_machine_desc *d)
{
	uint32_t ram0 = first_ram_pfn(d);
	return d->dma_end_pfn > ram0 && d->dma_end_pfn < d->phys_pages ? d->dma_end_pfn : ram0;
}

/* What a machine edit set up, for the operations that exercise it. */
enum hazard {
	HAZARD_NONE,
	HAZARD_CROSS_ZONE, /* a highmem zone of one block, the buddy of the block ending the zone below */
	HAZARD_RETIRE,     /* a 32768 + k page node, whose bitmap 2.4 miscounts at retire */
};

static enum hazard mutate_machine(struct rng *g, enum target_id t, struct bb_machine_desc *d)
{
	enum hazard hazard = HAZARD_NONE;
	/* For the buddy target a machine matters through its zones, so one
	 * edit in four is the cross-zone shape (the others one in eleven). */
	switch (t == TARGET_BUDDY && below(g, 4) == 0 ? 8 : below(g, 11)) {
	case 8: { /* highmem one order-j block, after a zone that ends with an order-j block: its buddy */
		uint32_t j = below(g, BB_MAX_ORDER - 1), base = low_zone_start(d);
		uint32_t blocks = d->phys_pages > base ? (d->phys_pages - base) >> (j + 1) : 0;
		if (blocks) {
			uint32_t was = d->phys_pages;
			d->highmem_start_pfn = base + ((2 * below(g, blocks) + 1) << j);
			d->phys_pages = d->highmem_start_pfn + (1u << j);
			if (d->nr_ram && d->ram[d->nr_ram - 1].end_pfn == was)
				d->ram[d->nr_ram - 1].end_pfn = d->phys_pages;
			hazard = HAZARD_CROSS_ZONE;
		}
		break;
	}
	case 9: /* a zone boundary at a hole or one off an aligned boundary */
		d->dma_end_pfn = boundary_near(g, d);
		if (d->highmem_start_pfn < d->dma_end_pfn)
			d->highmem_start_pfn = d->dma_end_pfn;
		break;
	case 10:
		d->highmem_start_pfn = boundary_near(g, d);
		if (d->dma_end_pfn > d->highmem_start_pfn)
			d->dma_end_pfn = d->highmem_start_pfn;
		break;
	case 6: /* the shapes 2.4 miscounts or splits: 32768 + 1..8 pages, a highmem zone */
		if (below(g, 2)) {
			d->phys_pages = 32768 + 1 + below(g, 8);
			if (d->nr_ram)
				d->ram[d->nr_ram - 1].end_pfn = d->phys_pages;
			d->highmem_start_pfn = d->phys_pages; /* all low: a 32768 + k page node */
			hazard = HAZARD_RETIRE;
		} else if (d->phys_pages > 64) {
			d->highmem_start_pfn = d->phys_pages / 2 + below(g, d->phys_pages / 2);
		}
		break;
	case 7: /* RAM to the machine's end: no hole at the top */
		if (d->nr_ram)
			d->ram[d->nr_ram - 1].end_pfn = d->phys_pages;
		break;
	case 0: /* size: mostly smaller, the cheap direction */
		if (below(g, 3) || d->phys_pages >= (1u << 19))
			d->phys_pages = d->phys_pages / 2 + 1;
		else
			d->phys_pages *= 2;
		break;
	case 1: /* a few pages more or fewer: a node or zone that ends one page off */
		if (below(g, 2))
			d->phys_pages += 1 + below(g, 8);
		else if (d->phys_pages > 9)
			d->phys_pages -= 1 + below(g, 8);
		break;
	case 2: /* a hole punched into a RAM range */
		if (d->nr_ram && d->nr_ram < BB_MAX_RAM_RANGES) {
			uint32_t i = below(g, d->nr_ram);
			struct bb_ram_range r = d->ram[i];
			uint32_t len = r.end_pfn - r.start_pfn;
			if (len > 2) { /* [a, b) becomes a hole; both sides keep a page at least */
				uint32_t a = r.start_pfn + 1 + below(g, len - 2), b = a + 1 + below(g, r.end_pfn - a - 1);
				memmove(&d->ram[i + 2], &d->ram[i + 1], sizeof(d->ram[0]) * (d->nr_ram - i - 1));
				d->ram[i].end_pfn = a;
				d->ram[i + 1] = (struct bb_ram_range){b, r.end_pfn};
				d->nr_ram++;
			}
		}
		break;
	case 3: /* zone boundaries */
		d->dma_end_pfn = below(g, d->phys_pages + 1);
		d->highmem_start_pfn = d->dma_end_pfn + below(g, d->phys_pages - d->dma_end_pfn + 1);
		break;
	case 4:
		d->word_bytes = d->word_bytes == 4 ? 8 : 4;
		break;
	default:
		d->smp_cache_bytes = 16u << below(g, 4);
		d->struct_page_bytes = 16u << below(g, 4);
		break;
	}
	clip_machine(d);
	return hazard;
}

/* An operation's pfn at the old machine end @was, or its range (an
 * address and a size) ending there, moves to the new end @now: a grown
 * node is still freed to its end, so its mem_map still fits. */
static void follow_end_op(struct op *op, uint32_t was, uint32_t now)
{
	const struct op_info *oi = op_info(op->id);
	for (int a = 0; oi && a < oi->nargs; a++) {
		if (oi->args[a].kind == ARG_PFN && op->arg[a] == was)
			op->arg[a] = now;
		if (oi->args[a].kind == ARG_ADDR && a + 1 < oi->nargs && oi->args[a + 1].kind == ARG_SIZE) {
			uint64_t addr = (uint64_t)op->arg[a], end = addr + (uint64_t)op->arg[a + 1];
			if (end == (uint64_t)was * PAGE && addr < (uint64_t)now * PAGE)
				op->arg[a + 1] = (int64_t)((uint64_t)now * PAGE - addr);
		}
	}
}

/* How many of the program's first operations are its setup: those a
 * shape brought, or in an explicit program the boot it starts with. */
static int setup_len(const struct decoded *d, enum target_id t)
{
	if (d->shape_len)
		return d->nsetup < d->prog.nops ? d->nsetup : d->prog.nops;
	int n = 0;
	while (n < d->prog.nops && decode_setup_kind(d->prog.ops[n].id, t))
		n++;
	return n;
}

/* @p's first @old operations become @fresh's setup; the rest follow, as many as fit. */
static void replace_setup(struct text_program *p, int old, const struct machine_plan *fresh)
{
	int keep = p->nops - old;
	if (fresh->nsetup + keep > BB_MAX_PROGRAM)
		keep = BB_MAX_PROGRAM - fresh->nsetup;
	memmove(&p->ops[fresh->nsetup], &p->ops[old], sizeof(p->ops[0]) * (size_t)keep);
	memcpy(p->ops, fresh->setup, sizeof(p->ops[0]) * (size_t)fresh->nsetup);
	p->nops = fresh->nsetup + keep;
}

/*
 * The first @old operations (the setup for the machine before an edit)
 * become the setup of the machine the program has now, booted as the
 * decoder boots a compact one (plan_setup), on the nodes the old setup
 * initialised (their ends clipped to the machine), or on one node.
 * Without this a machine edit left the old boot behind: free ranges
 * past the new end, a bitmap reserved for the old size, and for the
 * buddy target most edited machines never reached the buddy allocator.
 */
static void reboot(struct decoded *d, enum target_id t, int old)
{
	static struct machine_plan fresh;
	struct text_program *p = &d->prog;
	uint32_t start[BB_MAX_NODES], end[BB_MAX_NODES], map[BB_MAX_NODES];
	int nn = 0;

	memset(&fresh, 0, sizeof(fresh));
	fresh.desc = p->desc;
	for (int i = 0; i < old && nn < 3; i++) {
		const struct op *op = &p->ops[i];
		if (op->id != OP_init_bootmem_node || op->arg[0] != nn)
			continue;
		uint64_t e = (uint64_t)op->arg[3] < p->desc.phys_pages ? (uint64_t)op->arg[3] : p->desc.phys_pages;
		if ((uint64_t)op->arg[2] >= e || (uint64_t)op->arg[1] >= e)
			break;
		start[nn] = (uint32_t)op->arg[2];
		end[nn] = (uint32_t)e;
		map[nn++] = (uint32_t)op->arg[1];
	}
	if (!nn) {
		start[0] = 0;
		end[0] = p->desc.phys_pages;
		map[0] = (uint32_t)((p->desc.kernel.init_end + PAGE - 1) / PAGE);
		nn = 1;
	}
	plan_setup(&fresh, t, nn, start, end, map);
	replace_setup(p, old, &fresh);
}

/*
 * A new machine in the decoder's compact form, drawn from random bytes:
 * one of its realistic shapes (holes, nodes, highmem, zone ends off a
 * power of two, 32768 + k pages) booted by the setup it brings, with
 * this program's own operations after that setup. Byte edits of a shape
 * reach these too, but only from a program that already has one.
 */
static void reroll_shape(struct rng *g, enum target_id t, struct decoded *d)
{
	uint8_t bytes[sizeof(d->shape)];
	for (size_t i = 0; i < sizeof(bytes); i++)
		bytes[i] = (uint8_t)next(g);
	if (bytes[0] == BB_RAW)
		bytes[0] = 0; /* the explicit form is not a shape */
	struct cursor c = {.data = bytes, .size = sizeof(bytes)};
	struct machine_plan fresh;
	decode_machine(&c, t, &fresh);
	if (c.pos > sizeof(bytes) || fresh.nsetup > BB_MAX_SETUP)
		return;
	struct text_program *p = &d->prog;
	replace_setup(p, setup_len(d, t), &fresh);
	p->desc = fresh.desc;
	memcpy(d->shape, bytes, c.pos);
	d->shape_len = c.pos;
	d->nsetup = fresh.nsetup;
}

/* @op at position @at of @p (at <= nops < BB_MAX_PROGRAM), the rest moved up. */
static void insert_op(struct text_program *p, int at, struct op op)
{
	memmove(&p->ops[at + 1], &p->ops[at], sizeof(p->ops[0]) * (size_t)(p->nops - at));
	p->ops[at] = op;
	p->nops++;
}

/*
 * The end of the boot at @at: every node the program initialises gets its
 * mem_map, its retire and its highmem, as setup_arch, mem_init and
 * free_area_init do for a real kernel (and as the buddy target's decoder
 * does for every input). A byte or single-op edit rarely builds all of
 * them in order, so the states after the boot (a retire after a long
 * bootmem history, a 32768 + k node's leftover bitmap page) stayed out of
 * reach of most lifetime programs.
 */
static void finish_boot(struct text_program *p, int at, int cap)
{
	static const enum op_id tail[3] = {OP_free_area_init_node, OP_free_all_bootmem_node, OP_add_highmem_node};
	unsigned nodes = 0;
	for (int i = 0; i < p->nops; i++)
		if (p->ops[i].id == OP_init_bootmem_node && p->ops[i].arg[0] >= 0 && p->ops[i].arg[0] < BB_MAX_NODES)
			nodes |= 1u << p->ops[i].arg[0];
	for (int k = 0; k < 3; k++)
		for (int n = 0; n < BB_MAX_NODES; n++) {
			if (!(nodes >> n & 1u) || p->nops >= cap)
				continue;
			insert_op(p, at++, (struct op){.id = (uint8_t)tail[k], .arg = {n}});
		}
}

/* The order of the largest aligned block that ends at @x (x > 0), up to the top order. */
static unsigned order_ending_at(uint32_t x)
{
	unsigned k = 0;
	while (k < BB_MAX_ORDER - 1 && !(x >> k & 1u))
		k++;
	return k;
}

/*
 * An allocation and, right after it or a few operations later, the free of
 * the very block it returns (the commonest pattern of a kernel, and the one
 * whose merge runs next to the allocation: a block at a zone's end whose
 * buddy would be the next zone's first block). Which block that is only a
 * run tells, so the free's pfn is filled in by give_back_pfn.
 */
static void alloc_and_free(struct rng *g, struct decoded *d, const struct pools *pools,
			   int at, int cap, int aim_highmem)
{
	struct text_program *p = &d->prog;
	if (p->nops + 2 > cap)
		return;
	const struct op_info *oi = op_info(OP_alloc_pages);
	struct op a = {.id = OP_alloc_pages};
	for (int i = 0; i < oi->nargs; i++)
		a.arg[i] = pick_arg(g, pools, &p->desc, oi->args[i].kind);
	if (aim_highmem || below(g, 2)) { /* the order of the block that ends a zone (as the first node's zones start) */
		const struct bb_machine_desc *m = &p->desc;
		int dma = !aim_highmem && below(g, 2);
		uint32_t base = dma ? first_ram_pfn(m) : low_zone_start(m);
		uint32_t top = dma ? m->dma_end_pfn : m->highmem_start_pfn;
		if (top > base)
			a.arg[2] = order_ending_at(top - base);
		if (!dma)
			a.arg[1] = BB_GFP_KERNEL; /* the zone below highmem first, not highmem's own block */
	}
	int later = below(g, 2) ? 0 : (int)below(g, (uint32_t)(p->nops - at) + 1);
	insert_op(p, at, a);
	d->give_back = at + 1 + later;
	insert_op(p, d->give_back, (struct op){.id = OP_free_pages, .arg = {0, a.arg[2]}});
}

/*
 * One edit of @d. With a shape, only the operations after the setup it
 * brings change, or the machine, which from then on is written out, its
 * setup as plain operations.
 */
static void edit(struct rng *g, enum target_id t, struct decoded *d, const struct pools *pools)
{
	struct text_program *p = &d->prog;
	uint32_t kind = below(g, 100);

	if (d->shape_len && p->nops < d->nsetup) /* the run stopped inside the setup: write what ran */
		d->shape_len = 0;
	/* The buddy target's edits leave its boot alone (each of its inputs
	 * boots to the end first); the others may edit the boot too. */
	int first = d->shape_len || t == TARGET_BUDDY ? setup_len(d, t) : 0;
	int cap = d->shape_len ? first + BB_MAX_OPS : BB_MAX_PROGRAM; /* what the decoder reads */
	int n = p->nops - first;
	struct op *ops = p->ops + first;

	if (kind >= 97) {
		reroll_shape(g, t, d);
	} else if (kind >= 94) {
		uint32_t was = p->desc.phys_pages;
		int old_setup = setup_len(d, t);
		enum hazard hazard = mutate_machine(g, t, &p->desc);
		d->shape_len = 0;
		/* What ended at the machine's end still does: the last RAM range, a
		 * machine without highmem (so a grown node stays all low memory, as
		 * a 32768 + k node must), and a node's bounds. */
		if (was != p->desc.phys_pages)
			follow_end(&p->desc, was);
		for (int i = 0; was != p->desc.phys_pages && i < p->nops; i++)
			follow_end_op(&p->ops[i], was, p->desc.phys_pages);
		reboot(d, t, old_setup);
		/* and the operations that run into what it set up */
		if (hazard == HAZARD_CROSS_ZONE && t != TARGET_BOOTMEM)
			alloc_and_free(g, d, pools, p->nops, BB_MAX_PROGRAM, 1);
		if (hazard == HAZARD_RETIRE && t == TARGET_LIFETIME)
			finish_boot(p, p->nops, BB_MAX_PROGRAM);
	} else if (kind >= 91 && t == TARGET_LIFETIME) {
		finish_boot(p, first + (int)below(g, (uint32_t)n + 1), cap);
	} else if (kind >= 84 && t != TARGET_BOOTMEM) {
		alloc_and_free(g, d, pools, first + (int)below(g, (uint32_t)n + 1), cap, 0);
	} else if (kind < 30 && p->nops < cap) { /* insert */
		int at = (int)below(g, (uint32_t)n + 1);
		struct op op;
		random_op(g, t, pools, &p->desc, &op);
		insert_op(p, first + at, op);
	} else if (kind < 45 && n > 0) { /* delete */
		int at = (int)below(g, (uint32_t)n);
		memmove(&ops[at], &ops[at + 1], sizeof(ops[0]) * (size_t)(n - at - 1));
		p->nops--;
	} else if (kind < 55 && n > 0 && p->nops < cap) { /* duplicate */
		int at = (int)below(g, (uint32_t)n);
		insert_op(p, first + at, ops[at]);
	} else if (kind < 65 && n > 1) { /* swap neighbours */
		int at = (int)below(g, (uint32_t)n - 1);
		struct op tmp = ops[at];
		ops[at] = ops[at + 1];
		ops[at + 1] = tmp;
	} else if (n > 0) { /* one argument */
		struct op *op = &ops[below(g, (uint32_t)n)];
		const struct op_info *oi = op_info(op->id);
		if (oi && oi->nargs) {
			int a = (int)below(g, (uint32_t)oi->nargs);
			op->arg[a] = pick_arg(g, pools, &p->desc, oi->args[a].kind);
			if (below(g, 2))
				free_a_block(g, pools, op);
		}
	}
}

/* Bytes an operation takes in the explicit form. */
static size_t op_bytes(const struct op *op)
{
	const struct op_info *oi = op_info(op->id);
	size_t n = 2;
	for (int a = 0; oi && a < oi->nargs; a++)
		n += 1 + (size_t)arg_raw_width(oi->args[a].kind);
	return n;
}

/*
 * Write @d into @out, dropping operations from the end until it fits in
 * @max: its shape and the operations after the setup, or the whole
 * program explicitly. 0 when not even the machine fits.
 */
static size_t encode_within(struct decoded *d, uint8_t *out, size_t max)
{
	struct text_program *p = &d->prog;
	int first = d->shape_len ? d->nsetup : 0, keep = first;
	int cap = d->shape_len ? first + BB_MAX_OPS : BB_MAX_PROGRAM; /* what the decoder reads back */
	size_t n = d->shape_len ? d->shape_len : 1 + 6 * 4 + 1 + 8 * (size_t)p->desc.nr_ram + 5 * 8;

	while (keep < p->nops && keep < cap && n + op_bytes(&p->ops[keep]) <= max)
		n += op_bytes(&p->ops[keep++]);
	if (n > max)
		return 0;
	p->nops = keep;
	if (!d->shape_len)
		return encode_program(p, out, max);
	memcpy(out, d->shape, d->shape_len);
	size_t m = encode_ops(p->ops + first, keep - first, out + d->shape_len, max - d->shape_len);
	return keep == first || m ? d->shape_len + m : 0;
}

/*
 * The last output is kept with the program it was written from: libFuzzer
 * mutates its own output again a few times in a row (-mutate_depth), and
 * that input decodes to exactly that program.
 */
struct kept {
	uint8_t bytes[4096];
	size_t n;
	enum target_id t;
	struct decoded d;
	struct pools pools;
};
static struct kept last;
/*
 * The target's last run (mutate_learn): the next mutation of a chain starts
 * from it. Kept apart from the memo, which then holds only what was decoded
 * on a miss (corpus entries: chain starts and splice partners): every run
 * put there evicted those at the engine's rate, 7,000 a second in 2,048
 * slots, so that a corpus entry was seldom still there when picked again.
 */
static struct kept learned;

/* *@to = *@from, but only the operations the program has (the whole struct is 13 KB, copied twice a mutation). */
static void copy_decoded(struct decoded *to, const struct decoded *from)
{
	to->prog.target = from->prog.target;
	to->prog.desc = from->prog.desc;
	to->prog.nops = from->prog.nops;
	memcpy(to->prog.ops, from->prog.ops, sizeof(from->prog.ops[0]) * (size_t)from->prog.nops);
	memcpy(to->shape, from->shape, from->shape_len);
	to->shape_len = from->shape_len;
	to->nsetup = from->nsetup;
	to->give_back = from->give_back;
}

static int is_kept(const struct kept *k, const uint8_t *data, size_t size, enum target_id t)
{
	return k->n && k->n == size && k->t == t && !memcmp(k->bytes, data, size);
}

static void keep(struct kept *k, const uint8_t *data, size_t size, enum target_id t, const struct decoded *d,
		 const struct pools *pools)
{
	k->n = 0;
	if (size && size <= sizeof(k->bytes)) {
		memcpy(k->bytes, data, size);
		k->n = size;
		k->t = t;
		copy_decoded(&k->d, d);
		k->pools = *pools;
	}
}

/* A decode as memo.c keeps it: this, then the program's nops operations. */
struct memo_head {
	struct pools pools;
	uint8_t shape[256];
	size_t shape_len;
	int nsetup;
	int target;
	struct bb_machine_desc desc;
	int nops;
};

/* Keep @d and @pools as the decode of @data. */
static void memo_keep(const uint8_t *data, size_t size, enum target_id t, const struct decoded *d,
		      const struct pools *pools)
{
	static uint8_t buf[sizeof(struct memo_head) + sizeof(struct op) * BB_MAX_PROGRAM];
	struct memo_head h;
	h.pools = *pools; /* every field is set: the padding is never read back */
	memcpy(h.shape, d->shape, sizeof(h.shape));
	h.shape_len = d->shape_len;
	h.nsetup = d->nsetup;
	h.target = d->prog.target;
	h.desc = d->prog.desc;
	h.nops = d->prog.nops;
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), d->prog.ops, sizeof(struct op) * (size_t)h.nops);
	memo_put((unsigned)t, data, size, buf, sizeof(h) + sizeof(struct op) * (size_t)h.nops);
}

/*
 * decode_form and collect, or what they gave for these bytes before: every
 * other input is a corpus entry (a chain's start, a splice partner, AFL++'s
 * queue entry), handed over again and again, and each decode is a run.
 */
static void decode_memo(const uint8_t *data, size_t size, enum target_id t, struct decoded *d, struct pools *pools)
{
	struct memo_head h;
	size_t len;
	const uint8_t *v;

	if (is_kept(&learned, data, size, t)) {
		copy_decoded(d, &learned.d);
		*pools = learned.pools;
		return;
	}
	v = memo_get((unsigned)t, data, size, &len);
	if (v && len >= sizeof(h)) {
		memcpy(&h, v, sizeof(h));
		*pools = h.pools;
		memcpy(d->shape, h.shape, sizeof(d->shape));
		d->shape_len = h.shape_len;
		d->nsetup = h.nsetup;
		d->prog.target = h.target;
		d->prog.desc = h.desc;
		d->prog.nops = h.nops;
		memcpy(d->prog.ops, v + sizeof(h), sizeof(struct op) * (size_t)h.nops);
		return;
	}
	decode_form(data, size, t, d);
	collect(pools, d->prog.nops);
	memo_keep(data, size, t, d, pools);
}

struct exec_record *mutate_record(void)
{
	record.n = 0;
	return &record;
}

void mutate_learn(const uint8_t *data, size_t size, enum target_id t, const struct exec_result *r)
{
	static struct decoded d;
	struct pools pools;
	if (!r->machine_refused && record.n == 0) /* nothing ran (the host could not map the arena) */
		return;
	decode_plan(data, size, t);
	program_of_run(t, r, &d.prog);
	shape_of(data, size, &d);
	collect(&pools, d.prog.nops);
	if (size <= sizeof(learned.bytes))
		keep(&learned, data, size, t, &d, &pools);
	else
		memo_keep(data, size, t, &d, &pools);
}

/* The free alloc_and_free inserted gets the pfn its allocation returned in
 * a (reference-only) run of the output; then the output is written again. */
static size_t give_back_pfn(struct decoded *d, enum target_id t, uint8_t *out, size_t n, size_t max)
{
	static struct text_program ran;
	int f = d->give_back;
	d->give_back = -1;
	if (f < 0 || f >= d->prog.nops || d->prog.ops[f].id != OP_free_pages) /* a later edit moved it */
		return n;
	if (!mutate_decode(out, n, t, &ran) || f >= record.n)
		return n;
	for (int i = f - 1; i >= 0; i--)
		if (record.op[i].id == OP_alloc_pages && record.op[i].arg[2] == d->prog.ops[f].arg[1]) {
			if (record.ret[i])
				return n; /* it failed: the free stays a misuse */
			d->prog.ops[f].arg[0] = (int64_t)record.out[i];
			return encode_within(d, out, max);
		}
	return n;
}

size_t mutate_reencode(const uint8_t *data, size_t size, enum target_id t, uint8_t *out, size_t max)
{
	static struct decoded d;

	decode_form(data, size, t, &d);
	return encode_within(&d, out, max);
}

size_t mutate_leave_out(const uint8_t *data, size_t size, enum target_id t, int at, int n, uint8_t *out,
			size_t max, int *removable)
{
	static struct decoded d;

	decode_form(data, size, t, &d);
	int first = d.shape_len ? d.nsetup : 0;
	*removable = d.prog.nops > first ? d.prog.nops - first : 0;
	if (at < 0 || n < 0 || at + n > *removable)
		return 0;
	struct op *from = d.prog.ops + first + at;
	memmove(from, from + n, sizeof(*from) * (size_t)(*removable - at - n));
	d.prog.nops -= n;
	return encode_within(&d, out, max);
}

size_t mutate_program(const uint8_t *data, size_t size, const uint8_t *other, size_t other_size,
		      enum target_id t, uint8_t *out, size_t max, uint64_t seed)
{
	static struct decoded d, second;
	struct rng g = {seed * 0x2545f4914f6cdd1dull + size};
	struct pools pools;

	if (is_kept(&last, data, size, t)) {
		copy_decoded(&d, &last.d);
		pools = last.pools;
	} else {
		decode_memo(data, size, t, &d, &pools);
	}
	if (other) { /* splice: this program's head (its setup at least), the other's tail (after its setup) */
		struct pools unused;
		decode_memo(other, other_size, t, &second, &unused);
		int lo = setup_len(&d, t), lo2 = setup_len(&second, t);
		if (d.prog.nops < lo || second.prog.nops < lo2)
			return 0;
		int cut = lo + (int)below(&g, (uint32_t)(d.prog.nops - lo) + 1);
		int from = lo2 + (int)below(&g, (uint32_t)(second.prog.nops - lo2) + 1);
		int take = second.prog.nops - from;
		if (cut + take > BB_MAX_PROGRAM)
			take = BB_MAX_PROGRAM - cut;
		memcpy(&d.prog.ops[cut], &second.prog.ops[from], sizeof(d.prog.ops[0]) * (size_t)take);
		d.prog.nops = cut + take;
	}
	d.give_back = -1;
	for (uint32_t i = 0, edits = other ? below(&g, 2) : 1 + below(&g, 3); i < edits; i++)
		edit(&g, t, &d, &pools);
	size_t n = encode_within(&d, out, max);
	n = give_back_pfn(&d, t, out, n, max);
	keep(&last, out, n, t, &d, &pools);
	return n;
}
