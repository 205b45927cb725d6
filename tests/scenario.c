/* SPDX-License-Identifier: MIT */
/* scenario.c - the scenario framework: runner, machines, expectations. */
#include "scenario.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MACHINES 16

static const char *cur_impl = "?";
static const char *cur_case = "?";
static unsigned cur_failures;
static struct sc *machines[MAX_MACHINES];
static unsigned nr_machines;

/* ---- reporting ----------------------------------------------------------- */

bool sc_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	cur_failures++;
	printf("FAIL %s %s: %s:%d: ", cur_impl, cur_case, file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return false;
}

const char *sc_errname(int err)
{
	static const char *const names[BB_NR_ERRORS] = {
		"OK", "EINVAL", "ENODEV", "EEXIST", "ERETIRED", "ESTATE", "ERANGE",
		"ENOTRAM", "EBUSY", "EDOUBLE", "ENOTALLOC", "EALIGN", "ENOMEM",
	};
	if (err <= 0 && err > -BB_NR_ERRORS)
		return names[-err];
	return "(not an enum bb_err)";
}

bool sc_expect_u64(const char *file, int line, const char *expr, uint64_t got, uint64_t exp)
{
	if (got == exp)
		return true;
	return sc_fail(file, line, "expected %" PRIu64 " (0x%" PRIx64 "), got %" PRIu64
		       " (0x%" PRIx64 ") (%s)", exp, exp, got, got, expr);
}

bool sc_expect_err(const char *file, int line, const char *expr, int got, int exp)
{
	if (got == exp)
		return true;
	return sc_fail(file, line, "expected %s (%d), got %s (%d) (%s)", sc_errname(exp), exp,
		       sc_errname(got), got, expr);
}

bool sc_expect_true(const char *file, int line, const char *expr, bool ok)
{
	if (ok)
		return true;
	return sc_fail(file, line, "expected true, got false (%s)", expr);
}

static void flags_str(uint32_t f, char *buf, size_t len)
{
	if (f == BB_PAGE_NONE) {
		snprintf(buf, len, "NONE");
		return;
	}
	snprintf(buf, len, "%s%s%s%s0x%x", f & R ? "R|" : "", f & HI ? "HIGHMEM|" : "",
		 f & BB_PAGE_FREE_HEAD ? "FREE_HEAD|" : "",
		 f & BB_PAGE_ALLOC_HEAD ? "ALLOC_HEAD|" : "", f);
	if (f & (BB_PAGE_FREE_HEAD | BB_PAGE_ALLOC_HEAD)) {
		size_t n = strlen(buf);
		snprintf(buf + n, len - n, " order %u", (f >> BB_PAGE_ORDER_SHIFT) & 0xfu);
	}
}

static void list_str(const uint32_t *v, uint32_t n, char *buf, size_t len)
{
	size_t used = 0;
	used += (size_t)snprintf(buf, len, "[");
	for (uint32_t i = 0; i < n && used + 16 < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%" PRIu32, i ? ", " : "", v[i]);
	if (used + 16 >= len)
		used += (size_t)snprintf(buf + used, len - used, ", ...");
	snprintf(buf + used, len - used, "]");
}

/* ---- runner -------------------------------------------------------------- */

static void release_machines(void)
{
	for (unsigned i = 0; i < nr_machines; i++) {
		struct sc *s = machines[i];
		char msg[256] = "";
		if (s->impl->check(s->m, msg, sizeof(msg)) != BB_OK)
			sc_fail(__FILE__, __LINE__, "expected the invariants to hold, got \"%s\"", msg);
		s->impl->destroy(s->m);
		free(s);
	}
	nr_machines = 0;
}

int sc_main(const struct sc_case *cases, size_t n, int argc, char **argv)
{
	const struct bb_impl *impls[] = { &bb_impl_core, &bb_impl_reference };
	unsigned passed = 0, failed = 0;

	for (size_t c = 0; c < n; c++) {
		if (argc > 1) {
			bool wanted = false;
			for (int a = 1; a < argc; a++)
				wanted |= strcmp(argv[a], cases[c].name) == 0;
			if (!wanted)
				continue;
		}
		for (size_t i = 0; i < sizeof(impls) / sizeof(impls[0]); i++) {
			cur_impl = impls[i]->name;
			cur_case = cases[c].name;
			cur_failures = 0;
			cases[c].fn(impls[i]);
			release_machines();
			if (cur_failures) {
				failed++;
			} else {
				passed++;
				printf("PASS %s %s\n", cur_impl, cur_case);
			}
			fflush(stdout);
		}
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

/* ---- machines ------------------------------------------------------------ */

struct bb_machine_desc sc_desc(uint32_t phys_pages, const char *ram)
{
	struct bb_machine_desc d;
	memset(&d, 0, sizeof(d));
	d.phys_pages = phys_pages;
	d.word_bytes = 4;
	d.smp_cache_bytes = 32;
	d.struct_page_bytes = 16;
	d.dma_end_pfn = phys_pages;
	d.highmem_start_pfn = phys_pages;
	const char *p = ram;
	while (p && *p) {
		char *q;
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		unsigned long a = strtoul(p, &q, 0);
		if (*q != '-' || d.nr_ram >= BB_MAX_RAM_RANGES) {
			fprintf(stderr, "sc_desc: bad RAM map \"%s\"\n", ram);
			abort();
		}
		unsigned long b = strtoul(q + 1, &q, 0);
		d.ram[d.nr_ram].start_pfn = (uint32_t)a;
		d.ram[d.nr_ram].end_pfn = (uint32_t)b;
		d.nr_ram++;
		p = q;
	}
	return d;
}

struct sc *sc_new(const char *file, int line, const struct bb_impl *impl,
		  const struct bb_machine_desc *d)
{
	int err = BB_OK;
	if (nr_machines == MAX_MACHINES) {
		sc_fail(file, line, "expected at most %d machines per scenario, got more", MAX_MACHINES);
		return NULL;
	}
	void *m = impl->create(d, &err);
	if (!m) {
		sc_fail(file, line, "expected the machine to be created, got %s (%d)",
			sc_errname(err), err);
		return NULL;
	}
	struct sc *s = malloc(sizeof(*s));
	if (!s) {
		impl->destroy(m);
		sc_fail(file, line, "expected memory, got none");
		return NULL;
	}
	s->impl = impl;
	s->m = m;
	s->d = *d;
	machines[nr_machines++] = s;
	return s;
}

int sc_create_err(const struct bb_impl *impl, const struct bb_machine_desc *d)
{
	int err = 12345;
	void *m = impl->create(d, &err);
	if (m) {
		impl->destroy(m);
		return BB_OK;
	}
	return err;
}

struct bb_node_info sc_node_info(struct sc *s, int nid)
{
	struct bb_node_info ni;
	memset(&ni, 0, sizeof(ni));
	s->impl->node_info(s->m, nid, &ni);
	return ni;
}

struct bb_zone_info sc_zone_info(struct sc *s, int nid, int zone)
{
	struct bb_zone_info zi;
	memset(&zi, 0, sizeof(zi));
	s->impl->zone_info(s->m, nid, zone, &zi);
	return zi;
}

struct bb_mem_info sc_mem_info(struct sc *s)
{
	struct bb_mem_info mi;
	memset(&mi, 0, sizeof(mi));
	s->impl->mem_info(s->m, &mi);
	return mi;
}

static bool is_ram(const struct bb_machine_desc *d, uint32_t pfn)
{
	for (uint32_t i = 0; i < d->nr_ram; i++)
		if (pfn >= d->ram[i].start_pfn && pfn < d->ram[i].end_pfn)
			return true;
	return false;
}

bool sc_node(const char *file, int line, struct sc *s, int nid, uint32_t mapstart,
	     uint32_t start, uint32_t end)
{
	uint32_t map_bytes = SENTINEL32;
	if (!sc_expect_err(file, line, "init_bootmem_node",
			   BB(s, init_bootmem_node, nid, mapstart, start, end, &map_bytes), BB_OK))
		return false;
	struct bb_node_info ni = sc_node_info(s, nid);
	uint32_t low_end = end < s->d.highmem_start_pfn ? end : s->d.highmem_start_pfn;
	uint32_t map_end = mapstart + ni.map_pages;
	/* free each maximal run of RAM pages in [start, low_end) outside the bitmap */
	uint32_t pfn = start;
	while (pfn < low_end) {
		if (!is_ram(&s->d, pfn) || (pfn >= mapstart && pfn < map_end)) {
			pfn++;
			continue;
		}
		uint32_t run = pfn;
		while (pfn < low_end && is_ram(&s->d, pfn) && !(pfn >= mapstart && pfn < map_end))
			pfn++;
		uint32_t freed = SENTINEL32;
		if (!sc_expect_err(file, line, "free_bootmem_node (sc_node)",
				   BB(s, free_bootmem_node, nid, run * PG, (uint64_t)(pfn - run) * PG,
				      &freed), BB_OK) ||
		    !sc_expect_u64(file, line, "freed (sc_node)", freed, pfn - run))
			return false;
	}
	return true;
}

bool sc_setup_arch(const char *file, int line, struct sc *s, int nid, uint32_t mapstart,
		   uint32_t start, uint32_t end)
{
	uint32_t twice = SENTINEL32;
	if (!sc_node(file, line, s, nid, mapstart, start, end))
		return false;
	if (start == 0 &&
	    !sc_expect_err(file, line, "reserve page 0",
			   BB(s, reserve_bootmem_node, nid, 0, PG, &twice), BB_OK))
		return false;
	const struct bb_kernel_image *k = &s->d.kernel;
	uint64_t kend = k->edata > k->init_end ? k->edata : k->init_end;
	if (kend > k->text &&
	    !sc_expect_err(file, line, "reserve the kernel image",
			   BB(s, reserve_bootmem_node, nid, k->text, kend - k->text, &twice), BB_OK))
		return false;
	return true;
}

bool sc_to_buddy(const char *file, int line, struct sc *s, int nid, uint32_t *count)
{
	uint32_t c = SENTINEL32;
	if (!sc_expect_err(file, line, "free_area_init_node", BB(s, free_area_init_node, nid), BB_OK))
		return false;
	if (!sc_expect_err(file, line, "free_all_bootmem_node",
			   BB(s, free_all_bootmem_node, nid, &c), BB_OK))
		return false;
	if (count)
		*count = c;
	return true;
}

void sc_fill(struct sc *s, uint64_t phys, uint64_t size, unsigned char byte)
{
	unsigned char *p = s->impl->phys_to_virt(s->m, phys);
	if (p)
		memset(p, byte, (size_t)size);
}

/* ---- expectations on state ----------------------------------------------- */

bool sc_expect_bits(const char *file, int line, struct sc *s, int nid, uint32_t idx,
		    const char *bits)
{
	bool ok = true;
	for (const char *p = bits; *p; p++) {
		if (*p == ' ')
			continue;
		int want = *p == '1';
		int got = s->impl->bootmem_test(s->m, nid, idx);
		if (got != want) {
			ok = sc_fail(file, line, "expected bit %d, got %d (node %d bitmap index %" PRIu32 ")",
				     want, got, nid, idx);
		}
		idx++;
	}
	return ok;
}

bool sc_expect_pages(const char *file, int line, struct sc *s, uint32_t pfn, uint32_t n,
		     uint32_t flags)
{
	bool ok = true;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t got = s->impl->page_state(s->m, pfn + i);
		if (got != flags) {
			char e[96], g[96];
			flags_str(flags, e, sizeof(e));
			flags_str(got, g, sizeof(g));
			ok = sc_fail(file, line, "expected %s, got %s (page_state of pfn %" PRIu32 ")",
				     e, g, pfn + i);
		}
	}
	return ok;
}

static uint32_t *get_list(struct sc *s, int nid, int zone, unsigned order, uint32_t *n)
{
	uint32_t max = s->d.phys_pages + 1;
	uint32_t *v = calloc(max, sizeof(*v));
	if (!v) {
		*n = 0;
		return NULL;
	}
	*n = s->impl->free_list(s->m, nid, zone, order, v, max);
	if (*n > max)
		*n = max;
	return v;
}

static bool compare_list(const char *file, int line, struct sc *s, int nid, int zone,
			 unsigned order, const uint32_t *want, uint32_t nwant)
{
	uint32_t ngot;
	uint32_t *got = get_list(s, nid, zone, order, &ngot);
	bool same = got && ngot == nwant && (nwant == 0 || !memcmp(got, want, nwant * sizeof(*want)));
	if (!same) {
		char e[512], g[512];
		list_str(want, nwant, e, sizeof(e));
		list_str(got, ngot, g, sizeof(g));
		sc_fail(file, line, "expected %s, got %s (free list node %d zone %d order %u, head first)",
			e, g, nid, zone, order);
	}
	free(got);
	return same;
}

bool sc_expect_list(const char *file, int line, struct sc *s, int nid, int zone,
		    unsigned order, unsigned n, ...)
{
	uint32_t want[64];
	va_list ap;
	va_start(ap, n);
	for (unsigned i = 0; i < n && i < 64; i++)
		want[i] = va_arg(ap, uint32_t);
	va_end(ap);
	return compare_list(file, line, s, nid, zone, order, want, n < 64 ? n : 64);
}

bool sc_expect_lists(const char *file, int line, struct sc *s, int nid, int zone,
		     const char *spec)
{
	static uint32_t want[BB_MAX_ORDER][256];
	uint32_t nwant[BB_MAX_ORDER] = { 0 };
	const char *p = spec;
	char *q;
	while (*p) {
		if (*p == ' ') {
			p++;
			continue;
		}
		unsigned long k = strtoul(p, &q, 0);
		if (*q != ':' || k >= BB_MAX_ORDER) {
			fprintf(stderr, "EXPECT_LISTS: bad spec \"%s\"\n", spec);
			abort();
		}
		p = q + 1;
		for (;;) {
			want[k][nwant[k]++] = (uint32_t)strtoul(p, &q, 0);
			p = q;
			if (*p != ',')
				break;
			p++;
		}
	}
	bool ok = true;
	uint64_t pages = 0;
	struct bb_zone_info zi = sc_zone_info(s, nid, zone);
	for (unsigned k = 0; k < BB_MAX_ORDER; k++) {
		ok &= compare_list(file, line, s, nid, zone, k, want[k], nwant[k]);
		if (zi.nr_free[k] != nwant[k])
			ok = sc_fail(file, line, "expected %" PRIu32 ", got %" PRIu32
				     " (nr_free[%u] of node %d zone %d)", nwant[k], zi.nr_free[k], k, nid, zone);
		pages += (uint64_t)nwant[k] << k;
		for (uint32_t i = 0; i < nwant[k]; i++) {
			uint32_t st = s->impl->page_state(s->m, want[k][i]);
			if (st == BB_PAGE_NONE || (st & ~(uint32_t)HI) != FREE(k)) {
				char g[96];
				flags_str(st, g, sizeof(g));
				ok = sc_fail(file, line, "expected FREE_HEAD order %u, got %s (page_state of pfn %" PRIu32 ")",
					     k, g, want[k][i]);
			}
		}
	}
	if (zi.free_pages != pages)
		ok = sc_fail(file, line, "expected %" PRIu64 ", got %" PRIu32 " (free_pages of node %d zone %d)",
			     pages, zi.free_pages, nid, zone);
	return ok;
}

bool sc_expect_zone(const char *file, int line, struct sc *s, int nid, int zone,
		    uint32_t start_pfn, uint32_t spanned, uint32_t free_pages)
{
	struct bb_zone_info zi;
	memset(&zi, 0, sizeof(zi));
	int rc = s->impl->zone_info(s->m, nid, zone, &zi);
	bool ok = sc_expect_err(file, line, "zone_info", rc, BB_OK);
	ok &= sc_expect_u64(file, line, "zone.start_pfn", zi.start_pfn, start_pfn);
	ok &= sc_expect_u64(file, line, "zone.spanned_pages", zi.spanned_pages, spanned);
	ok &= sc_expect_u64(file, line, "zone.free_pages", zi.free_pages, free_pages);
	return ok;
}

bool sc_expect_last(const char *file, int line, struct sc *s, int nid, uint32_t pos,
		    uint32_t off)
{
	struct bb_node_info ni = sc_node_info(s, nid);
	bool ok = sc_expect_u64(file, line, "last_pos", ni.last_pos, pos);
	ok &= sc_expect_u64(file, line, "last_offset", ni.last_offset, off);
	return ok;
}

bool sc_expect_pgdat(const char *file, int line, struct sc *s, unsigned n, ...)
{
	int want[BB_MAX_NODES] = { 0 }, got[BB_MAX_NODES] = { -9, -9, -9, -9 };
	va_list ap;
	va_start(ap, n);
	for (unsigned i = 0; i < n && i < BB_MAX_NODES; i++)
		want[i] = va_arg(ap, int);
	va_end(ap);
	int ngot = s->impl->pgdat_list(s->m, got);
	bool same = ngot == (int)n;
	for (unsigned i = 0; same && i < n; i++)
		same = got[i] == want[i];
	if (!same) {
		char e[64] = "[", g[64] = "[";
		for (unsigned i = 0; i < n; i++)
			snprintf(e + strlen(e), sizeof(e) - strlen(e), "%s%d", i ? ", " : "", want[i]);
		for (int i = 0; i < ngot && i < BB_MAX_NODES; i++)
			snprintf(g + strlen(g), sizeof(g) - strlen(g), "%s%d", i ? ", " : "", got[i]);
		strcat(e, "]");
		strcat(g, "]");
		sc_fail(file, line, "expected %s, got %s (pgdat list, newest first)", e, g);
	}
	return same;
}

bool sc_expect_bytes(const char *file, int line, struct sc *s, uint64_t phys, uint64_t size,
		     unsigned char byte)
{
	const unsigned char *p = s->impl->phys_to_virt(s->m, phys);
	if (!p)
		return true; /* the reference has no memory */
	for (uint64_t i = 0; i < size; i++)
		if (p[i] != byte)
			return sc_fail(file, line, "expected byte 0x%02x, got 0x%02x (at phys %" PRIu64
				       " (0x%" PRIx64 "))", byte, p[i], phys + i, phys + i);
	return true;
}

/* ---- snapshots ----------------------------------------------------------- */

struct sc_snap {
	int pg_n;
	int pg[BB_MAX_NODES];
	int ni_rc[BB_MAX_NODES];
	struct bb_node_info ni[BB_MAX_NODES];
	int8_t *bits[BB_MAX_NODES];
	uint32_t nbits[BB_MAX_NODES];
	int zi_rc[BB_MAX_NODES][BB_NR_ZONES];
	struct bb_zone_info zi[BB_MAX_NODES][BB_NR_ZONES];
	uint32_t *list[BB_MAX_NODES][BB_NR_ZONES][BB_MAX_ORDER];
	uint32_t nlist[BB_MAX_NODES][BB_NR_ZONES][BB_MAX_ORDER];
	uint32_t *pages;
	int mi_rc;
	struct bb_mem_info mi;
	uint32_t warnings;
	int next_node;
	char check[256];
};

struct sc_snap *sc_snap(struct sc *s)
{
	struct sc_snap *sn = calloc(1, sizeof(*sn));
	if (!sn)
		abort();
	sn->pg_n = s->impl->pgdat_list(s->m, sn->pg);
	for (int nid = 0; nid < BB_MAX_NODES; nid++) {
		sn->ni_rc[nid] = s->impl->node_info(s->m, nid, &sn->ni[nid]);
		const struct bb_node_info *ni = &sn->ni[nid];
		if (sn->ni_rc[nid] == BB_OK && ni->online && ni->bootmem_open &&
		    ni->low_end_pfn > ni->start_pfn) {
			sn->nbits[nid] = ni->low_end_pfn - ni->start_pfn;
			sn->bits[nid] = malloc(sn->nbits[nid]);
			for (uint32_t i = 0; i < sn->nbits[nid]; i++)
				sn->bits[nid][i] = (int8_t)s->impl->bootmem_test(s->m, nid, i);
		}
		for (int z = 0; z < BB_NR_ZONES; z++) {
			sn->zi_rc[nid][z] = s->impl->zone_info(s->m, nid, z, &sn->zi[nid][z]);
			for (unsigned k = 0; k < BB_MAX_ORDER; k++)
				sn->list[nid][z][k] = get_list(s, nid, z, k, &sn->nlist[nid][z][k]);
		}
	}
	sn->pages = malloc((size_t)s->d.phys_pages * sizeof(uint32_t));
	for (uint32_t pfn = 0; pfn < s->d.phys_pages; pfn++)
		sn->pages[pfn] = s->impl->page_state(s->m, pfn);
	sn->mi_rc = s->impl->mem_info(s->m, &sn->mi);
	sn->warnings = s->impl->warnings(s->m);
	sn->next_node = s->impl->next_node(s->m);
	s->impl->check(s->m, sn->check, sizeof(sn->check));
	return sn;
}

static void snap_free(struct sc_snap *sn)
{
	for (int nid = 0; nid < BB_MAX_NODES; nid++) {
		free(sn->bits[nid]);
		for (int z = 0; z < BB_NR_ZONES; z++)
			for (unsigned k = 0; k < BB_MAX_ORDER; k++)
				free(sn->list[nid][z][k]);
	}
	free(sn->pages);
	free(sn);
}

#define SAME(what, a, b)                                                      \
	do {                                                                  \
		if ((uint64_t)(a) != (uint64_t)(b))                           \
			ok = sc_fail(file, line, "expected %s unchanged %" PRIu64 ", got %" PRIu64, \
				     what, (uint64_t)(a), (uint64_t)(b));     \
	} while (0)

bool sc_expect_unchanged(const char *file, int line, struct sc *s, struct sc_snap *a)
{
	struct sc_snap *b = sc_snap(s);
	bool ok = true;
	char what[96];

	SAME("pgdat list length", a->pg_n, b->pg_n);
	for (int i = 0; i < a->pg_n && i < BB_MAX_NODES; i++)
		SAME("pgdat list entry", a->pg[i], b->pg[i]);
	for (int nid = 0; nid < BB_MAX_NODES; nid++) {
		const struct bb_node_info *x = &a->ni[nid], *y = &b->ni[nid];
#define NI(f)                                                                 \
	snprintf(what, sizeof(what), "node %d " #f, nid);                     \
	SAME(what, x->f, y->f)
		NI(online); NI(bootmem_open); NI(has_mem_map); NI(highmem_added);
		NI(start_pfn); NI(low_end_pfn); NI(end_pfn); NI(mapstart_pfn); NI(map_bytes);
		NI(map_pages); NI(last_pos); NI(last_offset); NI(mem_map_phys); NI(mem_map_bytes);
		NI(retired_pages); NI(highmem_pages);
#undef NI
		snprintf(what, sizeof(what), "node %d bitmap length", nid);
		SAME(what, a->nbits[nid], b->nbits[nid]);
		for (uint32_t i = 0; i < a->nbits[nid] && i < b->nbits[nid]; i++)
			if (a->bits[nid][i] != b->bits[nid][i]) {
				snprintf(what, sizeof(what), "node %d bitmap index %" PRIu32, nid, i);
				SAME(what, a->bits[nid][i], b->bits[nid][i]);
				break;
			}
		for (int z = 0; z < BB_NR_ZONES; z++) {
			const struct bb_zone_info *zx = &a->zi[nid][z], *zy = &b->zi[nid][z];
			snprintf(what, sizeof(what), "node %d zone %d start_pfn", nid, z);
			SAME(what, zx->start_pfn, zy->start_pfn);
			snprintf(what, sizeof(what), "node %d zone %d spanned_pages", nid, z);
			SAME(what, zx->spanned_pages, zy->spanned_pages);
			snprintf(what, sizeof(what), "node %d zone %d free_pages", nid, z);
			SAME(what, zx->free_pages, zy->free_pages);
			for (unsigned k = 0; k < BB_MAX_ORDER; k++) {
				snprintf(what, sizeof(what), "node %d zone %d nr_free[%u]", nid, z, k);
				SAME(what, zx->nr_free[k], zy->nr_free[k]);
				uint32_t n = a->nlist[nid][z][k];
				if (n != b->nlist[nid][z][k] ||
				    (n && memcmp(a->list[nid][z][k], b->list[nid][z][k], n * sizeof(uint32_t)))) {
					char e[256], g[256];
					list_str(a->list[nid][z][k], n, e, sizeof(e));
					list_str(b->list[nid][z][k], b->nlist[nid][z][k], g, sizeof(g));
					ok = sc_fail(file, line, "expected free list node %d zone %d order %u unchanged %s, got %s",
						     nid, z, k, e, g);
				}
			}
		}
	}
	for (uint32_t pfn = 0; pfn < s->d.phys_pages; pfn++)
		if (a->pages[pfn] != b->pages[pfn]) {
			char e[96], g[96];
			flags_str(a->pages[pfn], e, sizeof(e));
			flags_str(b->pages[pfn], g, sizeof(g));
			ok = sc_fail(file, line, "expected page_state of pfn %" PRIu32 " unchanged %s, got %s",
				     pfn, e, g);
			break;
		}
	SAME("mem_info rc", a->mi_rc, b->mi_rc);
	SAME("mem_info free_pages", a->mi.free_pages, b->mi.free_pages);
	SAME("mem_info total_pages", a->mi.total_pages, b->mi.total_pages);
	SAME("mem_info reserved_pages", a->mi.reserved_pages, b->mi.reserved_pages);
	SAME("mem_info highmem_pages", a->mi.highmem_pages, b->mi.highmem_pages);
	SAME("mem_info totalram_pages", a->mi.totalram_pages, b->mi.totalram_pages);
	SAME("warnings", a->warnings, b->warnings);
	SAME("alloc_pages round-robin start", a->next_node, b->next_node);
	if (strcmp(a->check, b->check))
		ok = sc_fail(file, line, "expected the invariant check unchanged \"%s\", got \"%s\"",
			     a->check, b->check);
	snap_free(a);
	snap_free(b);
	return ok;
}
