/* SPDX-License-Identifier: MIT */
/* impl_reference.c - reference/ behind struct bb_impl. */
#include <stdlib.h>

#include "impl.h"
#include "reference.h"

static void *ref_create_any(const struct bb_machine_desc *desc, int *err)
{
	return ref_create(desc, err);
}

/*
 * The last machine destroyed, kept: a run from the boot cache restores into
 * it when it has the same arrays, instead of allocating them again (under
 * ASan each malloc and free records a stack; a fuzz target made and freed
 * about eight arrays a run, twice with the program mutator's decode).
 */
static struct ref_machine *spare;

static void ref_destroy_any(void *m)
{
	if (spare == NULL)
		spare = m;
	else
		ref_destroy(m);
}

static void *ref_no_memory(void *m, uint64_t phys)
{
	(void)m;
	(void)phys;
	return NULL;
}

static int ref_no_check(void *m, char *msg, size_t len)
{
	(void)m;
	if (msg && len)
		msg[0] = '\0';
	return BB_OK;
}

static int ref_no_check_pages(void *m, uint32_t pfn, uint32_t count, char *msg, size_t len)
{
	(void)pfn;
	(void)count;
	return ref_no_check(m, msg, len);
}

static void *ref_save_any(const void *m)
{
	return ref_pack(m);
}

static void *ref_create_from(const struct bb_machine_desc *desc, const void *saved, int *err)
{
	(void)desc;
	struct ref_machine *m = spare;
	spare = NULL;
	if (!ref_unpack_into(m, saved)) {
		ref_destroy(m); /* another shape: the next destroy keeps this run's */
		m = ref_unpack(saved);
	}
	*err = m ? BB_OK : BB_ENOMEM;
	return m;
}

static void ref_drop(void *saved)
{
	free(saved);
}

static int refa_free_neighbours(void *m, uint32_t pfn, unsigned order, uint32_t *prev, uint32_t *next)
{
	return ref_free_neighbours(m, pfn, order, prev, next);
}

#define BB_API(ret, name, params, args) \
	static ret refa_##name(void *m BB_UNPAREN params) { return ref_##name(m BB_UNPAREN args); }
#define BB_QUERY BB_API
#include "api.def"
#undef BB_API
#undef BB_QUERY

const struct bb_impl bb_impl_reference = {
	.name = "reference",
	.create = ref_create_any,
	.destroy = ref_destroy_any,
	.phys_to_virt = ref_no_memory,
	.check = ref_no_check,
	.check_pages = ref_no_check_pages,
	.save = ref_save_any,
	.create_from = ref_create_from,
	.drop = ref_drop,
	.free_neighbours = refa_free_neighbours,
#define BB_API(ret, name, params, args) .name = refa_##name,
#define BB_QUERY BB_API
#include "api.def"
#undef BB_API
#undef BB_QUERY
};
