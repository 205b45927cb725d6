/* SPDX-License-Identifier: MIT */
/* report.h - the finding report (report.c), used by the executor and the comparisons. */
#ifndef BB_REPORT_H
#define BB_REPORT_H

#include "exec_internal.h"

/* Append to the report's state differences. */
void diff_printf(struct exec *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A finding of @kind at the current operation: print the report, then abort
 * from its own site, or return 1 with e->r->signature set (keep_going). */
int report_finding(struct exec *e, enum check_id check, const char *kind, const char *field);
/* DIVERGE, or INVARIANT for the checker's findings. */
int report_diverged(struct exec *e, enum check_id check, const char *field);

#endif /* BB_REPORT_H */
