/* SPDX-License-Identifier: MIT */
/* die.c - the abort sites of die.h, generated from ops.def and BB_CHECKS. */
#include <stdlib.h>

#include "die.h"
#include "program.h"

/* An empty asm after each call stops tail calls, which would merge frames. */
#define KEEP_FRAME() __asm__ volatile("" ::: "memory")

#define BB_CHECK_LEAF(c) \
	static __attribute__((noinline)) void check_failed_##c(void) { abort(); }
BB_CHECKS(BB_CHECK_LEAF)
#undef BB_CHECK_LEAF

static __attribute__((noinline)) void check_failed(enum check_id check)
{
	switch (check) {
#define BB_CHECK_CASE(c) case CHK_##c: check_failed_##c(); break;
		BB_CHECKS(BB_CHECK_CASE)
#undef BB_CHECK_CASE
	default: break;
	}
	KEEP_FRAME();
}

#define BB_OP(id, name, out, nargs, a0, a1, a2, a3) \
	static __attribute__((noinline)) void in_op_##name(enum check_id check) \
	{ \
		check_failed(check); \
		KEEP_FRAME(); \
	}
#include "ops.def"
#undef BB_OP

_Noreturn void die_at(unsigned op, enum check_id check)
{
	switch (op) {
#define BB_OP(id, name, out, nargs, a0, a1, a2, a3) case id: in_op_##name(check); break;
#include "ops.def"
#undef BB_OP
	default: check_failed(check); break;
	}
	abort();
}
