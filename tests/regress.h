/* SPDX-License-Identifier: MIT */
/*
 * regress.h - table-driven regression tests, as `bb_replay --emit-c NAME`
 * writes them: a machine, the operations, and the result each must give.
 * A file in tests/regress/ defines one case and ends with REGRESS_MAIN(NAME);
 * ctest runs it on core and on reference.
 */
#ifndef BB_REGRESS_H
#define BB_REGRESS_H

#include <stdint.h>

#include "bb_contract.h"
#include "program.h"

struct regress_step {
	struct op op;
	int ret;      /* expected return code */
	uint64_t out; /* expected address, pfn or count (when ret == BB_OK) */
};

struct regress_case {
	const char *name;
	struct bb_machine_desc desc;
	int nsteps;
	const struct regress_step *steps;
};

/* Run @c on core and on reference; prints each mismatch; returns their count. */
int regress_run(const struct regress_case *c);

#define REGRESS_MAIN(name) \
	int main(void) \
	{ \
		return regress_run(&name) ? 1 : 0; \
	}

#endif /* BB_REGRESS_H */
