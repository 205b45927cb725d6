/* SPDX-License-Identifier: MIT */
/*
 * target.c - the fuzz entry point, one source for every engine and target.
 * BB_TARGET picks the target (TARGET_LIFETIME, TARGET_BOOTMEM, TARGET_BUDDY).
 * libFuzzer calls LLVMFuzzerTestOneInput; AFL++ builds add afl_main.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"

#ifndef BB_TARGET
#error "define BB_TARGET"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__asan_default_options(void);

/* The program mutator's hooks (mutate_libfuzzer.c; an AFL++ build has its
 * mutator in another process): the record a run fills, and the run. */
struct exec_record *bb_run_record(void) __attribute__((weak));
void bb_run_done(const uint8_t *data, size_t size, const struct exec_result *r) __attribute__((weak));

/*
 * A smaller ASan quarantine than the default 256 MB. The core has no heap
 * (its memory is the arena, which the harness poisons itself), so the
 * quarantine only watches the harness's and the reference's own objects,
 * and nearly all of them live for one input: 16 MB still holds many
 * inputs' worth. With 256 MB every input's mallocs came back as cold
 * memory (an ASan calloc of 28 KB cost 100,000 cycles, 6,000 at 16 MB)
 * and bootmem ran 9% slower. ASAN_OPTIONS still overrides it.
 */
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=16";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The boot cache (fuzz/bootcache.h), on unless BB_BOOT_CACHE=0; off in
	 * an AFL++ build off x86-64, where it cannot put AFL++'s map back (edges
	 * that come and go between runs are what AFL++ calls unstable). */
	static int boot_cache = -1;
	if (boot_cache < 0) {
		const char *v = getenv("BB_BOOT_CACHE");
		boot_cache = !(v && !strcmp(v, "0"));
#if defined(__AFL_COMPILER) && !defined(__x86_64__)
		boot_cache = 0;
#endif
	}
	const struct exec_opts o = {.target = BB_TARGET, .boot_cache = boot_cache,
				    .record = bb_run_record ? bb_run_record() : NULL};
	struct exec_result r;
	exec_input(data, size, &o, &r); /* a finding aborts from its own site */
	if (o.record && bb_run_done)
		bb_run_done(data, size, &r);
	return 0;
}

