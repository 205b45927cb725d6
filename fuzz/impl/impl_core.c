/* SPDX-License-Identifier: MIT */
/* impl_core.c - core/ behind struct bb_impl, with a host arena per machine. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "bootbuddy.h"
#include "impl.h"

/*
 * The handle is the struct bb_machine itself, an allocation of its own with
 * nothing of ours after it, so ASan's redzone bounds it: a loop that reads
 * one node past nodes[] is an overflow, not a read of our bookkeeping. The
 * size of each arena's mapping (which may exceed the machine) is kept here.
 */
static struct mapping {
	void *arena;
	size_t bytes;
} mappings[16];

static struct mapping *mapping_of(const void *arena)
{
	for (size_t i = 0; i < sizeof(mappings) / sizeof(mappings[0]); i++)
		if (mappings[i].arena == arena)
			return &mappings[i];
	return NULL;
}

/*
 * One arena is kept between machines: mapping and unmapping hundreds of
 * MiB per fuzz input costs more than the input. Reusing it leaves the last
 * input's bytes behind, which is what the zeroing check wants to see. A
 * 64-bit host reserves the largest machine's 4 GiB at once (address space
 * only, MAP_NORESERVE), so the arena never moves and the harness poisons
 * each part of it once per process, not once per larger machine.
 */
static void *cached_arena;
static size_t cached_bytes;

/* An arena of at least @bytes; *mapped gets its real size. */
static void *arena_get(size_t bytes, size_t *mapped)
{
	if (cached_arena && cached_bytes >= bytes) {
		void *a = cached_arena;
		*mapped = cached_bytes;
		cached_arena = NULL;
		return a;
	}
	size_t want = bytes;
#if SIZE_MAX > 0xffffffffu /* a 32-bit host cannot reserve 4 GiB */
	if (want < (size_t)BB_MAX_PFN << BB_PAGE_SHIFT)
		want = (size_t)BB_MAX_PFN << BB_PAGE_SHIFT;
#endif
	void *a = mmap(NULL, want, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (a == MAP_FAILED && want > bytes) /* a limit on address space: only what is needed */
		a = mmap(NULL, want = bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
			 -1, 0);
	*mapped = want;
	return a == MAP_FAILED ? NULL : a;
}

static void arena_put(void *a, size_t bytes)
{
	if (cached_arena) {
		if (cached_bytes >= bytes) {
			munmap(a, bytes);
			return;
		}
		munmap(cached_arena, cached_bytes);
	}
	cached_arena = a;
	cached_bytes = bytes;
}

static void *core_create(const struct bb_machine_desc *desc, int *err)
{
	struct bb_machine *m = malloc(sizeof(*m));
	struct mapping *slot = mapping_of(NULL);
	if (!m || !slot) {
		free(m);
		*err = BB_ENOMEM;
		return NULL;
	}
	/* Let the core judge the description before any memory is mapped (it
	 * does not touch the arena to do so): a refused machine costs nothing,
	 * and only a valid one that the host cannot map gives ENOMEM. */
	static unsigned char probe;
	*err = bb_machine_init(m, desc, &probe, UINT64_MAX);
	if (*err) {
		free(m);
		return NULL;
	}
	uint64_t bytes = (uint64_t)desc->phys_pages << BB_PAGE_SHIFT;
	void *arena = NULL;
	size_t mapped = 0;
	if (bytes > (uint64_t)SIZE_MAX / 2 || !(arena = arena_get((size_t)bytes, &mapped))) {
		free(m);
		*err = BB_ENOMEM;
		return NULL;
	}
	*err = bb_machine_init(m, desc, arena, bytes);
	if (*err) {
		arena_put(arena, mapped);
		free(m);
		return NULL;
	}
	*slot = (struct mapping){arena, mapped};
	return m;
}

static void core_destroy(void *handle)
{
	struct bb_machine *m = handle;
	if (!m)
		return;
	struct mapping *slot = mapping_of(m->arena);
	if (slot) {
		arena_put(slot->arena, slot->bytes);
		*slot = (struct mapping){NULL, 0};
	}
	free(m);
}

static void *core_phys_to_virt(void *m, uint64_t phys)
{
	return bb_phys_to_virt(m, phys);
}

static int core_check(void *m, char *msg, size_t len)
{
	return bb_check(m, msg, len);
}

static int core_check_pages(void *m, uint32_t pfn, uint32_t count, char *msg, size_t len)
{
	return bb_check_pages(m, pfn, count, msg, len);
}

/* The machine struct holds every figure and points only into the arena,
 * which stays where it is between machines on a 64-bit host: a copy of the
 * struct is the state, with the arena bytes the harness keeps itself. */
static void *core_save(const void *m)
{
	struct bb_machine *s = malloc(sizeof(*s));
	if (s)
		memcpy(s, m, sizeof(*s));
	return s;
}

static void *core_create_from(const struct bb_machine_desc *desc, const void *saved, int *err)
{
	const struct bb_machine *s = saved;
	struct bb_machine *m = core_create(desc, err);
	if (m && (m->arena != s->arena || m->arena_bytes != s->arena_bytes)) {
		core_destroy(m);
		*err = BB_ENOMEM;
		return NULL;
	}
	if (m)
		memcpy(m, s, sizeof(*m));
	return m;
}

static void core_drop(void *saved)
{
	free(saved);
}

#define BB_API(ret, name, params, args) \
	static ret core_##name(void *m BB_UNPAREN params) { return bb_##name(m BB_UNPAREN args); }
#define BB_QUERY BB_API
#include "api.def"
#undef BB_API
#undef BB_QUERY

const struct bb_impl bb_impl_core = {
	.name = "core",
	.create = core_create,
	.destroy = core_destroy,
	.phys_to_virt = core_phys_to_virt,
	.check = core_check,
	.check_pages = core_check_pages,
	.save = core_save,
	.create_from = core_create_from,
	.drop = core_drop,
#define BB_API(ret, name, params, args) .name = core_##name,
#define BB_QUERY BB_API
#include "api.def"
#undef BB_API
#undef BB_QUERY
};
