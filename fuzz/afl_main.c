/* SPDX-License-Identifier: MIT */
/*
 * afl_main.c - the AFL++ persistent-mode main around LLVMFuzzerTestOneInput,
 * linked into every afl_* binary (built with afl-clang-fast). Outside
 * afl-fuzz the shared-memory macros fall back to stdin, so the same binary
 * replays one file.
 */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

__AFL_FUZZ_INIT();

int main(void)
{
	__AFL_INIT();
	const unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
	while (__AFL_LOOP(100000))
		LLVMFuzzerTestOneInput(buf, (size_t)__AFL_FUZZ_TESTCASE_LEN);
	return 0;
}
