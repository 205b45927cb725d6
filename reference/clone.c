/* SPDX-License-Identifier: MIT */
/*
 * clone.c - a reference machine's whole state in one allocation, and a new
 * machine made from it: the harness keeps the state a machine's boot left
 * and starts the next input on that machine from it (fuzz/bootcache.c).
 * One block, not one per array: keeping a state then costs as many
 * allocations as forgetting the last one frees, which is what libFuzzer's
 * leak check counts. The block holds the struct, then the page array, then
 * each node's bitmap and each zone's links, in that order; a non-NULL
 * pointer in the copied struct says that its array follows. Also where a
 * machine's memory is freed (ref_destroy, at the end).
 */
#include "model.h"

#include <string.h>

#define ALIGN8(x) (((x) + 7) & ~(size_t)7)

static size_t page_bytes(const struct ref_machine *m)
{
	return (size_t)m->desc.phys_pages * sizeof(*m->page);
}

/* init_bootmem_node's bitmap: low_end - start bytes, at least one. */
static size_t bit_bytes(const struct ref_node *nd)
{
	return nd->low_end > nd->start ? (size_t)(nd->low_end - nd->start) : 1;
}

/* free_area_init_node's links: next, then prev, spanned each. */
static size_t link_bytes(const struct ref_zone *zn)
{
	return 2 * (size_t)zn->spanned * sizeof(uint32_t);
}

static void put(unsigned char **at, const void *src, size_t n)
{
	memcpy(*at, src, n);
	*at += ALIGN8(n);
}

/* A new array of @n bytes in place of the packed machine's pointer @was
 * (NULL stays NULL: no such array); NULL once out of memory. */
static void *fresh(const void *was, size_t n, bool *oom)
{
	if (was == NULL)
		return NULL;
	void *p = *oom ? NULL : malloc(n ? n : 1);
	*oom |= p == NULL;
	return p;
}

void *ref_pack(const struct ref_machine *m)
{
	if (m == NULL)
		return NULL;
	size_t total = ALIGN8(sizeof(*m)) + ALIGN8(page_bytes(m));
	for (int i = 0; i < BB_MAX_NODES; i++) {
		const struct ref_node *nd = &m->node[i];
		total += nd->bit != NULL ? ALIGN8(bit_bytes(nd)) : 0;
		for (int z = 0; z < BB_NR_ZONES; z++)
			total += nd->zone[z].next != NULL ? ALIGN8(link_bytes(&nd->zone[z])) : 0;
	}
	unsigned char *block = malloc(total), *at = block;
	if (block == NULL)
		return NULL;
	put(&at, m, sizeof(*m));
	put(&at, m->page, page_bytes(m));
	for (int i = 0; i < BB_MAX_NODES; i++) {
		const struct ref_node *nd = &m->node[i];
		if (nd->bit != NULL)
			put(&at, nd->bit, bit_bytes(nd));
		for (int z = 0; z < BB_NR_ZONES; z++)
			if (nd->zone[z].next != NULL)
				put(&at, nd->zone[z].next, link_bytes(&nd->zone[z]));
	}
	return block;
}

/* Does @m have exactly the arrays the packed machine @s has (each present or not, of the same size)? */
static bool same_arrays(const struct ref_machine *m, const struct ref_machine *s)
{
	if (m->desc.phys_pages != s->desc.phys_pages || (m->page == NULL) != (s->page == NULL))
		return false;
	for (int i = 0; i < BB_MAX_NODES; i++) {
		const struct ref_node *a = &m->node[i], *b = &s->node[i];
		if ((a->bit == NULL) != (b->bit == NULL) || (a->bit != NULL && bit_bytes(a) != bit_bytes(b)))
			return false;
		for (int z = 0; z < BB_NR_ZONES; z++)
			if ((a->zone[z].next == NULL) != (b->zone[z].next == NULL) ||
			    (a->zone[z].next != NULL && a->zone[z].spanned != b->zone[z].spanned))
				return false;
	}
	return true;
}

bool ref_unpack_into(struct ref_machine *m, const void *packed)
{
	if (m == NULL || packed == NULL)
		return false;
	struct ref_machine s; /* the packed struct: its pointers say which arrays follow */
	memcpy(&s, packed, sizeof(s));
	if (!same_arrays(m, &s))
		return false;
	const unsigned char *at = (const unsigned char *)packed + ALIGN8(sizeof(s));
	struct ref_machine own = *m; /* m's arrays, which get the packed bytes */
	*m = s;
	m->page = own.page;
	memcpy(m->page, at, page_bytes(m));
	at += ALIGN8(page_bytes(m));
	for (int i = 0; i < BB_MAX_NODES; i++) {
		struct ref_node *nd = &m->node[i];
		if (nd->bit != NULL) {
			nd->bit = own.node[i].bit;
			memcpy(nd->bit, at, bit_bytes(nd));
			at += ALIGN8(bit_bytes(nd));
		}
		for (int z = 0; z < BB_NR_ZONES; z++) {
			struct ref_zone *zn = &nd->zone[z];
			if (zn->next != NULL) {
				zn->next = own.node[i].zone[z].next;
				memcpy(zn->next, at, link_bytes(zn));
				at += ALIGN8(link_bytes(zn));
			}
			zn->prev = zn->next != NULL ? zn->next + zn->spanned : NULL;
		}
	}
	return true;
}

struct ref_machine *ref_unpack(const void *packed)
{
	if (packed == NULL)
		return NULL;
	struct ref_machine *m = malloc(sizeof(*m));
	if (m == NULL)
		return NULL;
	memcpy(m, packed, sizeof(*m));
	/* arrays of its own, of the packed sizes, in place of the packed
	 * machine's pointers; then ref_unpack_into fills them */
	bool oom = false;
	m->page = fresh(m->page, page_bytes(m), &oom);
	for (int i = 0; i < BB_MAX_NODES; i++) {
		struct ref_node *nd = &m->node[i];
		nd->bit = fresh(nd->bit, bit_bytes(nd), &oom);
		for (int z = 0; z < BB_NR_ZONES; z++)
			nd->zone[z].next = fresh(nd->zone[z].next, link_bytes(&nd->zone[z]), &oom);
	}
	if (oom || !ref_unpack_into(m, packed)) {
		ref_destroy(m);
		return NULL;
	}
	return m;
}

/* In this file, whose code has no coverage counters in a fuzzing build:
 * the harness frees a machine or keeps it for the next run depending on
 * the runs before (fuzz/impl/impl_reference.c), and a run's counters must
 * not depend on them. */
void ref_destroy(struct ref_machine *m)
{
	if (m == NULL)
		return;
	for (int n = 0; n < BB_MAX_NODES; n++) {
		free(m->node[n].bit);
		for (int z = 0; z < BB_NR_ZONES; z++)
			free(m->node[n].zone[z].next);
	}
	free(m->page);
	free(m);
}
