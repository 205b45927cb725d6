/* SPDX-License-Identifier: MIT */
/*
 * program.h - a decoded fuzz input: a machine and a bounded sequence of
 * operations from the grammar in ops.def.
 */
#ifndef BB_PROGRAM_H
#define BB_PROGRAM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bb_contract.h"

/* Upper bound on operations per input, so a clean input ends in milliseconds. */
#define BB_MAX_OPS 256
/* A shaped machine brings its setup_arch operations first (at most
 * BB_MAX_SETUP), then up to BB_MAX_OPS decoded ones. An explicit machine's
 * setup is the raw boot its program opens with, and its programs may hold
 * BB_MAX_PROGRAM operations in all: everything a shaped program prints as
 * text reads back (docs/PROGRAMS.md). */
#define BB_MAX_SETUP 64
#define BB_MAX_PROGRAM (BB_MAX_OPS + BB_MAX_SETUP)
#define BB_OP_MAX_ARGS 4
#define BB_RAW 0xff /* selector byte: a raw value follows (what the encoder writes) */

enum op_id {
	OP_INVALID = 0,
#define BB_OP(id, name, out, nargs, a0, a1, a2, a3) OP_##name = id,
#include "ops.def"
#undef BB_OP
	OP_END
};

enum arg_kind {
	ARG_NONE,
	ARG_NID,       /* a node id, 1 raw byte, signed */
	ARG_NID_ANY,   /* a node id or BB_ANY_NODE */
	ARG_PFN,       /* 4 raw bytes */
	ARG_PFN_BLOCK, /* a pfn for free_pages: leans to live buddy blocks */
	ARG_ADDR,      /* a physical address, 8 raw bytes */
	ARG_SIZE,      /* bytes, 8 raw bytes */
	ARG_ALIGN,     /* bytes, 8 raw bytes, leans to 2^k */
	ARG_GOAL,      /* a physical address, 8 raw bytes */
	ARG_ORDER,     /* 1 raw byte */
	ARG_GFP,       /* 1 raw byte */
};

enum out_kind { OUT_NONE, OUT_BYTES, OUT_TWICE, OUT_FREED, OUT_ADDR, OUT_COUNT, OUT_PFN };

struct arg_info {
	const char *field;
	enum arg_kind kind;
};

struct op_info {
	enum op_id id;
	const char *name;
	enum out_kind out;
	int nargs;
	struct arg_info args[BB_OP_MAX_ARGS];
};

/* The table built from ops.def; NULL for an unknown id. */
const struct op_info *op_info(unsigned id);
const struct op_info *op_info_by_name(const char *name, size_t len);

struct op {
	uint8_t id;
	int64_t arg[BB_OP_MAX_ARGS]; /* signed so a node id of -1 reads naturally */
};

/* Fuzz targets: which operations the decoder draws, and what it sets up first. */
enum target_id { TARGET_LIFETIME, TARGET_BOOTMEM, TARGET_BUDDY, TARGET_COUNT };
const char *target_name(enum target_id t);
int target_by_name(const char *name); /* -1 if unknown */

/* A machine and the setup_arch-like operations that bring it up. */
struct machine_plan {
	struct bb_machine_desc desc;
	int nsetup;
	struct op setup[BB_MAX_SETUP];
	int explicit_machine; /* decoded from a 0xff-prefixed explicit description */
};

/* Little-endian byte reader that never fails: past the end it reads zeros. */
struct cursor {
	const uint8_t *data;
	size_t size, pos;
};

static inline int cursor_done(const struct cursor *c)
{
	return c->pos >= c->size;
}
uint64_t cursor_bytes(struct cursor *c, int nbytes);

#endif /* BB_PROGRAM_H */
