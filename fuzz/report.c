/* SPDX-License-Identifier: MIT */
/*
 * report.c - the finding report: the state differences the comparisons
 * write (diff_printf), the program up to the finding, the signature, and
 * the abort from the finding's own site. statecmp.c, memcheck.c and exec.c
 * all use it; it uses none of them, so the dependency runs one way.
 */
#include <stdarg.h>
#include <stdio.h>

#include "exec_internal.h"
#include "report.h"
#include "text.h"

void diff_printf(struct exec *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (e->difflen < sizeof(e->diff)) {
		int n = vsnprintf(e->diff + e->difflen, sizeof(e->diff) - e->difflen, fmt, ap);
		if (n > 0)
			e->difflen += (size_t)n;
		if (e->difflen > sizeof(e->diff))
			e->difflen = sizeof(e->diff);
	}
	va_end(ap);
}

static void print_log(struct exec *e, FILE *f)
{
	print_machine(f, &e->plan.desc);
	for (int i = 0; i < e->nlog; i++) {
		const struct log_entry *l = &e->log[i];
		print_op(f, &l->op);
		print_result(f, &l->op, l->ret[0], l->out[0]);
		if (l->ret[0] != l->ret[1] || l->out[0] != l->out[1]) {
			fprintf(f, "    # reference:");
			print_result(f, &l->op, l->ret[1], l->out[1]);
		}
		fputc('\n', f);
	}
}

/* A finding: report it, then abort from its own site or return it. */
int report_finding(struct exec *e, enum check_id check, const char *kind, const char *field)
{
	unsigned op = e->nlog ? e->log[e->nlog - 1].op.id : OP_check;
	const struct op_info *oi = op_info(op);
	snprintf(e->r->signature, sizeof(e->r->signature), "%s %s%s%s", kind,
		 check == CHK_CREATE ? "machine" : oi->name, field ? "." : "", field ? field : "");
	/* exec_input re-runs the input in exact mode and reports that: in fast
	 * mode the operation whose footprint (or checkpoint) shows a difference
	 * need not be the one that made it, and a run from the boot cache is
	 * reported from a boot */
	if (e->may_defer || e->from_cache) {
		e->deferred = e->may_defer;
		return 1;
	}
	if (e->o->quiet && e->o->keep_going)
		return 1;
	fprintf(stderr, "==== bootbuddy finding (target %s) ====\n# program up to the finding:\n",
		target_name(e->o->target));
	print_log(e, stderr);
	if (e->difflen)
		fprintf(stderr, "---- difference ----\n%.*s", (int)e->difflen, e->diff);
	fprintf(stderr, "---- signature ----\n%s\n", e->r->signature);
	fflush(stderr);
	if (!e->o->keep_going)
		die_at(op, check);
	return 1;
}

int report_diverged(struct exec *e, enum check_id check, const char *field)
{
	return report_finding(e, check, check == CHK_INVARIANT ? "INVARIANT" : "DIVERGE", field);
}
