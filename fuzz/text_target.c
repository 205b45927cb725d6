/* SPDX-License-Identifier: MIT */
/*
 * text_target.c - the text reader fuzzed (fuzz_text): any bytes in, never a
 * crash; a program it accepts is stable: parse, encode, run printing the
 * program, parse that print, encode again: the same bytes. The programs run
 * on core and reference as any input does, so a divergence still aborts
 * from its own site.
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "text.h"

#define TEXT_MAX (64u << 10)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* parse + encode; 0 when the reader refuses the text. */
static size_t read_program(const char *text, uint8_t *out, size_t cap, int *target)
{
	static struct text_program prog;
	char msg[512];
	if (parse_program(text, "input", &prog, msg, sizeof(msg)))
		return 0;
	*target = prog.target;
	return encode_program(&prog, out, cap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char text[TEXT_MAX + 1];
	static uint8_t first[1u << 20], second[1u << 20];
	if (size > TEXT_MAX)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0'; /* the reader sees what a file holds up to its first NUL */
	int target = -1;
	size_t n1 = read_program(text, first, sizeof(first), &target);
	if (!n1)
		return 0;
	char *printed = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&printed, &len);
	if (!f)
		abort();
	struct exec_opts o = {.target = target >= 0 ? (enum target_id)target : TARGET_LIFETIME, .trace = f};
	struct exec_result r;
	exec_input(first, n1, &o, &r); /* a finding aborts from its own site */
	fclose(f);
	int t2 = -1;
	size_t n2 = read_program(printed, second, sizeof(second), &t2);
	if (n2 != n1 || memcmp(first, second, n1)) {
		fprintf(stderr, "text_target: the printed program does not read back to the same bytes "
				"(%zu vs %zu bytes)\n--- printed ---\n%s", n1, n2, printed);
		abort();
	}
	free(printed);
	return 0;
}
