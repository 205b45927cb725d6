/* SPDX-License-Identifier: MIT */
/*
 * decode.c - any byte string to a machine and operations. Never fails:
 * past the end of the input every read gives 0, which picks a default;
 * the same bytes always give the same program (given the same results of
 * earlier operations, which are themselves determined by the bytes).
 *
 * Layout of an input: a machine (either a few bytes picking a realistic
 * shape, or BB_RAW followed by an explicit description), then operations,
 * each a selector byte (BB_RAW: an explicit op id follows) and its
 * arguments, each a selector byte (BB_RAW: a raw little-endian value
 * follows) that otherwise picks an interesting value.
 */
#include <string.h>

#include "decode.h"

static unsigned byte(struct cursor *c)
{
	return (unsigned)cursor_bytes(c, 1);
}

/* ---- the machine --------------------------------------------------------- */

static uint32_t map_pages_for(uint32_t low_pages, uint32_t word_bytes)
{
	uint32_t bytes = (low_pages + 7) / 8;
	if (word_bytes) /* an explicit machine may have none: it is refused */
		bytes = (bytes + word_bytes - 1) / word_bytes * word_bytes;
	return (bytes + BB_PAGE_SIZE - 1) / BB_PAGE_SIZE;
}

static void add_ram(struct bb_machine_desc *d, uint32_t start, uint32_t end)
{
	if (start >= end || d->nr_ram >= BB_MAX_RAM_RANGES)
		return;
	if (d->nr_ram && d->ram[d->nr_ram - 1].end_pfn == start) {
		d->ram[d->nr_ram - 1].end_pfn = end; /* keep ranges few */
		return;
	}
	d->ram[d->nr_ram].start_pfn = start;
	d->ram[d->nr_ram].end_pfn = end;
	d->nr_ram++;
}

static void push(struct machine_plan *p, enum op_id id, int64_t a0, int64_t a1, int64_t a2, int64_t a3)
{
	if (p->nsetup >= (int)(sizeof(p->setup) / sizeof(p->setup[0])))
		return;
	struct op *op = &p->setup[p->nsetup++];
	op->id = (uint8_t)id;
	op->arg[0] = a0;
	op->arg[1] = a1;
	op->arg[2] = a2;
	op->arg[3] = a3;
}

/* Page counts of a node (plus 0-63 pages of jitter): mostly a few hundred,
 * for speed (an input costs about its machine's size); 4096 still holds
 * eight blocks of the largest order; 32768 + 1..8 is where 2.4's retire
 * miscounts the bitmap pages. That one costs a hundred small nodes, so it
 * is drawn one time in 128. */
static const uint32_t node_sizes[8] = {256, 160, 512, 4096, 300, 1024, 384, 32768};
static const uint32_t cache_sizes[4] = {32, 64, 16, 128};
static const uint32_t page_struct_sizes[4] = {32, 16, 64, 32};

/*
 * setup_arch for each node [start[n], end[n]) of p->desc, its bootmem
 * bitmap at mapstart[n]: init, register RAM around the bitmap, reserve
 * page 0, the kernel and the bitmap. The buddy target boots all the way,
 * so that every op is a buddy op: each node's mem_map, retire, highmem.
 */
void plan_setup(struct machine_plan *p, enum target_id t, int nn, const uint32_t start[], const uint32_t end[],
		const uint32_t mapstart[])
{
	const struct bb_machine_desc *d = &p->desc;
	uint64_t kbase = d->kernel.text, ksize = d->kernel.init_end - d->kernel.text;

	for (int n = 0; n < nn; n++) {
		uint32_t low = end[n] < d->highmem_start_pfn ? end[n] : d->highmem_start_pfn;
		if (low < start[n])
			low = start[n]; /* an edited machine's node in highmem: no low pages */
		uint32_t mp = map_pages_for(low - start[n], d->word_bytes);
		push(p, OP_init_bootmem_node, n, mapstart[n], start[n], end[n]);
		for (uint32_t r = 0; r < d->nr_ram; r++) {
			uint32_t s = d->ram[r].start_pfn > start[n] ? d->ram[r].start_pfn : start[n];
			uint32_t e = d->ram[r].end_pfn < low ? d->ram[r].end_pfn : low;
			uint32_t pieces[2][2] = {{s, e < mapstart[n] ? e : mapstart[n]},
						 {s > mapstart[n] + mp ? s : mapstart[n] + mp, e}};
			for (int k = 0; k < 2; k++)
				if (pieces[k][0] < pieces[k][1])
					push(p, OP_free_bootmem_node, n, (int64_t)pieces[k][0] << BB_PAGE_SHIFT,
					     (int64_t)(pieces[k][1] - pieces[k][0]) << BB_PAGE_SHIFT, 0);
		}
		if (n == 0) {
			if (start[0] == 0)
				push(p, OP_reserve_bootmem_node, 0, 0, BB_PAGE_SIZE, 0);
			push(p, OP_reserve_bootmem_node, 0, (int64_t)kbase, (int64_t)ksize, 0);
		}
		push(p, OP_reserve_bootmem_node, n, (int64_t)mapstart[n] << BB_PAGE_SHIFT,
		     (int64_t)(low - start[n] + 7) / 8, 0);
	}
	if (t == TARGET_BUDDY) {
		for (int n = 0; n < nn; n++)
			push(p, OP_free_area_init_node, n, 0, 0, 0);
		for (int n = 0; n < nn; n++)
			push(p, OP_free_all_bootmem_node, n, 0, 0, 0);
		for (int n = 0; n < nn; n++)
			push(p, OP_add_highmem_node, n, 0, 0, 0);
	}
}

/* A realistic machine from a few bytes: PC-like holes, 1-3 nodes, zones. */
static void synth_machine(struct cursor *c, struct machine_plan *p, enum target_id t)
{
	struct bb_machine_desc *d = &p->desc;
	unsigned shape = byte(c);
	int nn = 1 + ((shape & 7) == 7 ? 2 : (shape & 7) >= 5 ? 1 : 0);
	d->word_bytes = (shape & 8) ? 4 : 8;
	d->smp_cache_bytes = cache_sizes[(shape >> 4) & 3];
	d->struct_page_bytes = page_struct_sizes[(shape >> 6) & 3];

	uint32_t start[3], end[3], pos = 0;
	unsigned lead = byte(c);
	if ((lead & 3) == 3)
		pos = 1 + (lead >> 2) % 31; /* a node start that is not aligned */
	for (int n = 0; n < nn; n++) {
		unsigned sz = byte(c), jitter = byte(c);
		unsigned pick = (sz & 7) == 7 && (jitter & 0xf0) != 0xf0 ? 1 : sz & 7;
		uint32_t pages = node_sizes[pick] + (pick == 7 ? 1 + (jitter & 7) : jitter & 0x3f);
		/* The buddy target boots every input to the end first (the
		 * reference retires page by page): small nodes keep it fast, and
		 * 4096 pages still hold eight blocks of the largest order. */
		if (t == TARGET_BUDDY && pages > 4096 + 63)
			pages = 4096 + (jitter & 0x3f);
		start[n] = pos;
		end[n] = pos + pages;
		pos = end[n] + ((sz >> 3) & 3) * 64; /* gaps between nodes */
	}
	d->phys_pages = end[nn - 1];

	/* RAM: every node, minus the 640K-1M hole on a PC-like first node and
	 * an optional hole per node. */
	unsigned holes = byte(c);
	for (int n = 0; n < nn; n++) {
		uint32_t s = start[n], e = end[n], pages = e - s;
		uint32_t h0 = 0, h1 = 0;
		if (n == 0 && s == 0 && pages > 0x180 && !(holes & 1)) {
			h0 = 0x9f; /* 636K: like the e820 map of a PC */
			h1 = 0x100;
		} else if (holes & (2 << n)) {
			unsigned hb = byte(c);
			h0 = s + pages / 2 + (hb & 15);
			h1 = h0 + 1 + (hb >> 4) * 4;
			if (h1 >= e)
				h0 = h1 = 0;
		}
		if (h0) {
			add_ram(d, s, h0);
			add_ram(d, h1, e);
		} else {
			add_ram(d, s, e);
		}
	}

	/* Zones scaled to the machine so small machines have all three. */
	unsigned zb = byte(c);
	uint32_t total = d->phys_pages;
	uint32_t last_low = start[nn - 1] + (end[nn - 1] - start[nn - 1]) / 2;
	switch (zb & 3) {
	case 0: d->dma_end_pfn = 4096; break;
	case 1: d->dma_end_pfn = total / 4; break;
	case 2: d->dma_end_pfn = end[0] / 2 + 1; break;
	default: d->dma_end_pfn = 0; break;
	}
	switch ((zb >> 2) & 3) {
	case 2: d->highmem_start_pfn = last_low; break;
	case 3: d->highmem_start_pfn = total - total / 8; break;
	default: d->highmem_start_pfn = total; break;
	}
	if (d->highmem_start_pfn <= start[nn - 1] + 64)
		d->highmem_start_pfn = total; /* every node keeps low memory */
	if (d->highmem_start_pfn > total)
		d->highmem_start_pfn = total;
	if (d->dma_end_pfn > d->highmem_start_pfn)
		d->dma_end_pfn = d->highmem_start_pfn;

	/* The kernel image on node 0: at 1 MiB when it fits, else past page 1. */
	unsigned kb = byte(c);
	uint32_t low0 = end[0] < d->highmem_start_pfn ? end[0] : d->highmem_start_pfn;
	uint32_t kpages = 4 + (kb & 31);
	uint32_t kstart = (start[0] == 0 && low0 > 0x100 + kpages + 64) ? 0x100 : start[0] + 1;
	if (kstart + kpages + 8 > low0)
		kpages = 1;
	uint64_t kbase = (uint64_t)kstart << BB_PAGE_SHIFT;
	uint64_t ksize = (uint64_t)kpages << BB_PAGE_SHIFT;
	d->kernel.text = kbase;
	d->kernel.etext = kbase + ksize / 2 + 123;
	d->kernel.edata = kbase + ksize * 3 / 4;
	d->kernel.init_begin = (kbase + ksize * 3 / 4 + BB_PAGE_SIZE - 1) & ~(uint64_t)(BB_PAGE_SIZE - 1);
	d->kernel.init_end = kbase + ksize;

	uint32_t mapstart[3];
	for (int n = 0; n < nn; n++)
		mapstart[n] = n == 0 ? kstart + kpages : start[n] + (byte(c) & 3);
	plan_setup(p, t, nn, start, end, mapstart);
}

/* BB_RAW then every field of the description, raw: what the text encoder writes. */
static void explicit_machine(struct cursor *c, struct machine_plan *p)
{
	struct bb_machine_desc *d = &p->desc;
	d->phys_pages = (uint32_t)cursor_bytes(c, 4);
	d->word_bytes = (uint32_t)cursor_bytes(c, 4);
	d->smp_cache_bytes = (uint32_t)cursor_bytes(c, 4);
	d->struct_page_bytes = (uint32_t)cursor_bytes(c, 4);
	d->dma_end_pfn = (uint32_t)cursor_bytes(c, 4);
	d->highmem_start_pfn = (uint32_t)cursor_bytes(c, 4);
	d->nr_ram = (uint32_t)cursor_bytes(c, 1);
	for (uint32_t i = 0; i < d->nr_ram && i < BB_MAX_RAM_RANGES; i++) {
		d->ram[i].start_pfn = (uint32_t)cursor_bytes(c, 4);
		d->ram[i].end_pfn = (uint32_t)cursor_bytes(c, 4);
	}
	d->kernel.text = cursor_bytes(c, 8);
	d->kernel.etext = cursor_bytes(c, 8);
	d->kernel.edata = cursor_bytes(c, 8);
	d->kernel.init_begin = cursor_bytes(c, 8);
	d->kernel.init_end = cursor_bytes(c, 8);
	p->explicit_machine = 1;
}

int arg_raw_width(enum arg_kind k)
{
	switch (k) {
	case ARG_NID: case ARG_NID_ANY: case ARG_ORDER: case ARG_GFP: return 1;
	case ARG_PFN: case ARG_PFN_BLOCK: return 4;
	default: return 8;
	}
}

static int64_t raw_value(struct cursor *c, enum arg_kind k)
{
	uint64_t v = cursor_bytes(c, arg_raw_width(k));
	if (arg_raw_width(k) == 1 && (k == ARG_NID || k == ARG_NID_ANY))
		return (int8_t)v;
	return (int64_t)v;
}

int decode_setup_kind(unsigned id, enum target_id t)
{
	switch (id) {
	case OP_init_bootmem_node: case OP_free_bootmem_node: case OP_reserve_bootmem_node:
		return 1;
	case OP_free_area_init_node: case OP_free_all_bootmem_node: case OP_add_highmem_node:
		return t == TARGET_BUDDY;
	default:
		return 0;
	}
}

/*
 * A setup operation of target @t written wholly raw (BB_RAW before its id
 * and before each argument, as the encoder writes every operation) decodes
 * without the state, to what decode_op() gives it: 1 with it in @op and the
 * cursor past it; 0, the cursor where it was, for anything else.
 */
static int raw_boot_op(struct cursor *c, enum target_id t, struct op *op)
{
	struct cursor at = *c;
	if (cursor_done(&at) || byte(&at) != BB_RAW || cursor_done(&at))
		return 0;
	unsigned id = byte(&at);
	const struct op_info *oi = op_info(id);
	if (!oi || !decode_setup_kind(id, t))
		return 0;
	memset(op, 0, sizeof(*op));
	op->id = (uint8_t)id;
	for (int i = 0; i < oi->nargs; i++) {
		if (cursor_done(&at) || byte(&at) != BB_RAW) /* a selector past the end reads 0: not raw */
			return 0;
		op->arg[i] = raw_value(&at, oi->args[i].kind);
	}
	*c = at;
	return 1;
}

void decode_machine(struct cursor *c, enum target_id t, struct machine_plan *p)
{
	memset(p, 0, sizeof(*p));
	if (c->pos < c->size && c->data[c->pos] == BB_RAW) {
		c->pos++;
		explicit_machine(c, p);
		/* The raw boot its program opens with is its setup, as a compact
		 * machine's is: the same operations run in the same order, and
		 * the boot cache keeps their state for the next program on the
		 * same machine and boot. */
		struct op op;
		while (p->nsetup < BB_MAX_SETUP && raw_boot_op(c, t, &op))
			memcpy(&p->setup[p->nsetup++], &op, sizeof(op));
		return;
	}
	synth_machine(c, p, t);
}

/* ---- operations ------------------------------------------------------------ */

/* Relative weights of each op per target; the selector byte indexes a
 * 255-entry table built from them. */
static const uint8_t weights[TARGET_COUNT][OP_END] = {
	[TARGET_LIFETIME] = {
		[OP_init_bootmem_node] = 1, [OP_reserve_bootmem_node] = 8,
		[OP_free_bootmem_node] = 10, [OP___alloc_bootmem_node] = 30,
		[OP_alloc_bootmem] = 6, [OP_alloc_bootmem_low] = 4, [OP_alloc_bootmem_pages] = 4,
		[OP_alloc_bootmem_low_pages] = 3, [OP_alloc_bootmem_node] = 4,
		[OP_alloc_bootmem_pages_node] = 3, [OP_alloc_bootmem_low_pages_node] = 3,
		[OP_free_area_init_node] = 10, [OP_free_all_bootmem_node] = 10,
		[OP_add_highmem_node] = 4, [OP_free_initmem] = 3, [OP_alloc_pages] = 40,
		[OP_free_pages] = 40, [OP_check] = 2,
	},
	[TARGET_BOOTMEM] = {
		[OP_init_bootmem_node] = 1, [OP_reserve_bootmem_node] = 10,
		[OP_free_bootmem_node] = 14, [OP___alloc_bootmem_node] = 50,
		[OP_alloc_bootmem] = 8, [OP_alloc_bootmem_low] = 6, [OP_alloc_bootmem_pages] = 6,
		[OP_alloc_bootmem_low_pages] = 4, [OP_alloc_bootmem_node] = 6,
		[OP_alloc_bootmem_pages_node] = 4, [OP_alloc_bootmem_low_pages_node] = 4,
		[OP_free_area_init_node] = 3, [OP_check] = 2,
	},
	[TARGET_BUDDY] = {
		[OP_alloc_pages] = 60, [OP_free_pages] = 60, [OP_free_initmem] = 2,
		[OP_add_highmem_node] = 1, [OP_check] = 2,
	},
};

static uint8_t op_table[TARGET_COUNT][255];

/* check() compares the whole state, so it costs the machine's size: it
 * keeps one slot, the last. Its weight still counts in the total and its
 * other slots go to the op before it, so every other op keeps the slots it
 * always had (the corpus decodes as it did). */
_Static_assert(OP_check + 1 == OP_END, "check() is the last op: its slots end the table");

static void build_op_tables(void)
{
	for (int t = 0; t < TARGET_COUNT; t++) {
		unsigned total = 0;
		for (int id = 1; id < OP_END; id++)
			total += weights[t][id];
		unsigned acc = 0, slot = 0;
		for (int id = 1; id < OP_check; id++) {
			acc += weights[t][id];
			unsigned upto = acc * 255 / total;
			while (slot < upto)
				op_table[t][slot++] = (uint8_t)id;
		}
		for (; slot < 254; slot++)
			op_table[t][slot] = op_table[t][slot - 1];
		op_table[t][254] = OP_check;
	}
}

unsigned decode_pick_op(enum target_id t, uint8_t sel)
{
	if (!op_table[0][0])
		build_op_tables();
	return op_table[t][sel % 255];
}

/* The node an address-like argument should aim at: the op's own node. */
static const struct bb_node_info *aim_node(const struct decode_ctx *x, const struct op *op, struct cursor *c)
{
	const struct op_info *oi = op_info(op->id);
	int nid = -1;
	if (oi->nargs && (oi->args[0].kind == ARG_NID || oi->args[0].kind == ARG_NID_ANY))
		nid = (int)op->arg[0];
	if (nid < 0 || nid >= BB_MAX_NODES || !x->node[nid].online) {
		unsigned b = byte(c);
		for (int i = 0; i < BB_MAX_NODES; i++) {
			nid = (int)((b + (unsigned)i) % BB_MAX_NODES);
			if (x->node[nid].online)
				break;
		}
	}
	return &x->node[nid];
}

static uint64_t page_addr(uint32_t pfn)
{
	return (uint64_t)pfn << BB_PAGE_SHIFT;
}

static int pick_boot(struct decode_ctx *x, struct cursor *c)
{
	if (!x->live->nboot)
		return -1;
	if (x->picked_boot < 0)
		x->picked_boot = (int)(byte(c) % (unsigned)x->live->nboot);
	return x->picked_boot;
}

static int pick_block(struct decode_ctx *x, struct cursor *c)
{
	if (!x->live->nblocks)
		return -1;
	if (x->picked_block < 0)
		x->picked_block = (int)(byte(c) % (unsigned)x->live->nblocks);
	return x->picked_block;
}

static int64_t interesting_addr(struct cursor *c, struct decode_ctx *x, const struct op *op, unsigned sel)
{
	const struct bb_node_info *n = aim_node(x, op, c);
	uint64_t s = page_addr(n->start_pfn), e = page_addr(n->low_end_pfn);
	uint64_t span = e > s ? e - s : BB_PAGE_SIZE;
	int b;
	switch (sel % 12) {
	case 0: return (int64_t)s;
	case 1:
		b = pick_boot(x, c);
		return b < 0 ? (int64_t)s : (int64_t)x->live->boot[b].addr;
	case 2: return (int64_t)(s + (cursor_bytes(c, 2) * BB_PAGE_SIZE) % span);
	case 3: return (int64_t)(s + page_addr(n->last_pos + 1));
	case 4: return (int64_t)(e - BB_PAGE_SIZE);
	case 5: return (int64_t)e;
	case 6: return (int64_t)s - BB_PAGE_SIZE;
	case 7: return (int64_t)x->desc->kernel.init_begin;
	case 8: return (int64_t)(s + cursor_bytes(c, 3) % span);
	case 9: return (int64_t)page_addr(n->mapstart_pfn);
	case 10: return (int64_t)n->mem_map_phys;
	default:
		b = pick_boot(x, c);
		return b < 0 ? (int64_t)x->desc->kernel.init_end
			     : (int64_t)(x->live->boot[b].addr + x->live->boot[b].size);
	}
}

static int64_t interesting_size(struct cursor *c, struct decode_ctx *x, unsigned sel)
{
	int b;
	switch (sel % 12) {
	case 0: return BB_PAGE_SIZE;
	case 1: return BB_PAGE_SIZE - 1;
	case 2: return BB_PAGE_SIZE + 1;
	case 3: return 1 + byte(c) % 64;
	case 4:
		b = pick_boot(x, c);
		return b < 0 ? 100 : (int64_t)x->live->boot[b].size;
	case 5: return (int64_t)(1 + byte(c) % 16) * BB_PAGE_SIZE;
	case 6: return 1 + (int64_t)cursor_bytes(c, 2);
	case 7: return 2 * BB_PAGE_SIZE;
	case 8: return (int64_t)(cursor_bytes(c, 3) % (64u << BB_PAGE_SHIFT)) + 1;
	case 9: return 0; /* misuse */
	case 10: return (int64_t)(1ull << (30 + byte(c) % 34)); /* far too big */
	default: return 1 + byte(c) % BB_PAGE_SIZE;
	}
}

static int64_t interesting_align(struct cursor *c, unsigned sel)
{
	switch (sel % 16) {
	case 0: return 0; /* misuse */
	case 1: return 3 + 8 * (int64_t)(byte(c) % 512); /* not a power of two */
	case 2: return (int64_t)(1ull << (20 + byte(c) % 44));
	default: return (int64_t)(1ull << ((sel >> 4) % 17)); /* 1 .. 64 KiB */
	}
}

static int64_t interesting_goal(struct cursor *c, struct decode_ctx *x, const struct op *op, unsigned sel)
{
	const struct bb_node_info *n = aim_node(x, op, c);
	uint64_t s = page_addr(n->start_pfn), e = page_addr(n->low_end_pfn);
	uint64_t span = e > s ? e - s : BB_PAGE_SIZE;
	switch (sel % 8) {
	case 0: return 0;
	case 1: return (int64_t)page_addr(x->desc->dma_end_pfn); /* MAX_DMA_ADDRESS */
	case 2: return (int64_t)s;
	case 3: return (int64_t)(s + cursor_bytes(c, 3) % span);
	case 4: return (int64_t)(e + cursor_bytes(c, 1) * BB_PAGE_SIZE);
	case 5: return (int64_t)(s + page_addr(n->last_pos + 1));
	case 6: return s ? (int64_t)(s - 1) : 1;
	default: return (int64_t)(s + page_addr((uint32_t)cursor_bytes(c, 1)) + byte(c));
	}
}

static int64_t interesting_pfn_block(struct cursor *c, struct decode_ctx *x, unsigned sel)
{
	int b = pick_block(x, c);
	uint32_t pfn = b < 0 ? 0 : x->live->blocks[b].pfn;
	switch (sel % 8) {
	case 0: case 1: case 2: case 3: return pfn;
	case 4: return pfn + 1;
	case 5: return (int64_t)(cursor_bytes(c, 3) % (x->desc->phys_pages + 1));
	case 6: return pfn ^ (1u << (byte(c) % 10)); /* its buddy, maybe */
	default: return x->desc->phys_pages + byte(c);
	}
}

static int64_t decode_arg(struct cursor *c, struct decode_ctx *x, const struct op *op, enum arg_kind k)
{
	unsigned sel = byte(c);
	if (sel == BB_RAW)
		return raw_value(c, k);
	switch (k) {
	case ARG_NID:
	case ARG_NID_ANY: {
		if (sel % 16 == 15)
			return k == ARG_NID_ANY ? BB_ANY_NODE : 4 + (int)(sel >> 6); /* misuse */
		if (k == ARG_NID_ANY && sel % 16 >= 10)
			return BB_ANY_NODE;
		for (int i = 0; i < BB_MAX_NODES; i++) {
			int nid = (int)((sel + (unsigned)i) % BB_MAX_NODES);
			if (x->node[nid].online)
				return nid;
		}
		return 0;
	}
	case ARG_PFN: return (int64_t)(cursor_bytes(c, 3) % (x->desc->phys_pages + 2));
	case ARG_PFN_BLOCK: return interesting_pfn_block(c, x, sel);
	case ARG_ADDR: return interesting_addr(c, x, op, sel);
	case ARG_SIZE: return interesting_size(c, x, sel);
	case ARG_ALIGN: return interesting_align(c, sel);
	case ARG_GOAL: return interesting_goal(c, x, op, sel);
	case ARG_ORDER:
		if (sel % 32 == 31)
			return 10 + sel % 3; /* misuse */
		if (x->picked_block >= 0 && sel % 4 == 0)
			return x->live->blocks[x->picked_block].order;
		return (sel >> 2) % 10 < 5 ? (sel >> 2) % 3 : (sel >> 2) % 10;
	case ARG_GFP: return sel % 16 == 15 ? 3 + sel % 5 : (int64_t)(sel % 3);
	default: return 0;
	}
}

int decode_op(struct cursor *c, enum target_id t, struct decode_ctx *x, struct op *op)
{
	if (cursor_done(c))
		return 0;
	if (!op_table[0][0])
		build_op_tables();
	unsigned sel = byte(c);
	unsigned id = sel == BB_RAW ? byte(c) : op_table[t][sel];
	if (!op_info(id))
		id = op_table[t][id % 255]; /* never reject: an unknown raw id is a weighted pick too */
	memset(op, 0, sizeof(*op));
	op->id = (uint8_t)id;
	x->picked_boot = x->picked_block = -1; /* args of one op may share a pick */
	const struct op_info *oi = op_info(id);
	for (int i = 0; i < oi->nargs; i++)
		op->arg[i] = decode_arg(c, x, op, oi->args[i].kind);
	return 1;
}
