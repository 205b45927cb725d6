/* SPDX-License-Identifier: MIT */
/* emit_c.h - a program as a C regression test (bb_replay --emit-c). */
#ifndef BB_EMIT_C_H
#define BB_EMIT_C_H

#include <stdio.h>

#include "program.h"

/* Print a test program that replays the input's operations on core and
 * reference and asserts the reference's results of today. */
void emit_c(FILE *f, const char *name, const char *source, const uint8_t *data, size_t size, enum target_id t);

#endif /* BB_EMIT_C_H */
