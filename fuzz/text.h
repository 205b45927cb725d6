/* SPDX-License-Identifier: MIT */
/* text.h - the text form of programs (text.c, docs/PROGRAMS.md). */
#ifndef BB_TEXT_H
#define BB_TEXT_H

#include <stdio.h>

#include "program.h"

/* A hand-written (or printed) program: an explicit machine and operations. */
struct text_program {
	int target; /* from a 'target' line, -1 if none */
	struct bb_machine_desc desc;
	int nops;
	struct op ops[BB_MAX_PROGRAM];
};

void print_op(FILE *f, const struct op *op);
void print_result(FILE *f, const struct op *op, int ret, uint64_t out);
void print_machine(FILE *f, const struct bb_machine_desc *d);
const char *bb_err_name(int err);

/* Parse @text; on error returns -1 with "file:line: what" in @err. */
int parse_program(const char *text, const char *file, struct text_program *prog, char *err, size_t errlen);

/* Fuzzer bytes that decode to exactly @prog; returns the length, 0 if @cap is too small. */
size_t encode_program(const struct text_program *prog, uint8_t *buf, size_t cap);
/* The same for @nops operations alone, each in the explicit form; 0 if @cap is too small. */
size_t encode_ops(const struct op *ops, int nops, uint8_t *buf, size_t cap);

#endif /* BB_TEXT_H */
