/* SPDX-License-Identifier: MIT */
/* regress.c - run a struct regress_case on both implementations. */
#include <inttypes.h>
#include <stdio.h>

#include "exec.h"
#include "impl.h"
#include "regress.h"
#include "text.h"

static int run_on(const struct bb_impl *im, const struct regress_case *c)
{
	int err, bad = 0;
	void *m = im->create(&c->desc, &err);
	if (!m) {
		printf("FAIL %s %s: machine refused (%s)\n", im->name, c->name, bb_err_name(err));
		return 1;
	}
	for (int i = 0; i < c->nsteps; i++) {
		const struct regress_step *s = &c->steps[i];
		uint64_t out = 0;
		int ret = exec_run_op(im, m, &s->op, &out);
		if (ret != s->ret || (ret == BB_OK && out != s->out)) {
			printf("FAIL %s %s step %d: ", im->name, c->name, i);
			print_op(stdout, &s->op);
			printf("\n  expected");
			print_result(stdout, &s->op, s->ret, s->out);
			printf(", got");
			print_result(stdout, &s->op, ret, out);
			printf("\n");
			bad++;
		}
	}
	char msg[256];
	if (im->check(m, msg, sizeof(msg))) {
		printf("FAIL %s %s: invariant: %s\n", im->name, c->name, msg);
		bad++;
	}
	im->destroy(m);
	if (!bad)
		printf("PASS %s %s (%d steps)\n", im->name, c->name, c->nsteps);
	return bad;
}

int regress_run(const struct regress_case *c)
{
	return run_on(&bb_impl_core, c) + run_on(&bb_impl_reference, c);
}
