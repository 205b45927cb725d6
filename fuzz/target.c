/* SPDX-License-Identifier: MIT */
/*
 * target.c - the fuzz entry point, one source for every engine and target.
 * BB_TARGET picks the target (TARGET_LIFETIME, TARGET_BOOTMEM, TARGET_BUDDY).
 * libFuzzer calls LLVMFuzzerTestOneInput; with BB_AFL_MAIN the same file
 * gets an AFL++ persistent-mode main (outside afl-fuzz it reads stdin).
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

#ifdef BB_AFL_MAIN
__AFL_FUZZ_INIT();

int main(void)
{
	__AFL_INIT();
	const unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
	while (__AFL_LOOP(100000))
		LLVMFuzzerTestOneInput(buf, (size_t)__AFL_FUZZ_TESTCASE_LEN);
	return 0;
}
#endif
