/* SPDX-License-Identifier: MIT */
/*
 * target.c - the fuzz entry point, one source for every engine and target.
 * BB_TARGET picks the target (TARGET_LIFETIME, TARGET_BOOTMEM, TARGET_BUDDY).
 * libFuzzer calls LLVMFuzzerTestOneInput; AFL++ builds add afl_main.c.
 */
#include <stddef.h>
#include <stdint.h>

#include "exec.h"

#ifndef BB_TARGET
#error "define BB_TARGET"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct exec_opts o = {.target = BB_TARGET};
	struct exec_result r;
	exec_input(data, size, &o, &r); /* a finding aborts from its own site */
	return 0;
}

