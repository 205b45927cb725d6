/* SPDX-License-Identifier: MIT */
/* decode.h - bytes to a machine plan and operations (decode.c). */
#ifndef BB_DECODE_H
#define BB_DECODE_H

#include "live.h"
#include "program.h"

/* The machine and its setup operations; never fails. */
void decode_machine(struct cursor *c, enum target_id t, struct machine_plan *plan);

/* The setup operations of nodes [start[n], end[n]) on plan->desc, bitmaps
 * at mapstart[n], appended to plan->setup: what decode_machine brings for a
 * compact machine (for the mutator, which boots an edited one the same way). */
void plan_setup(struct machine_plan *plan, enum target_id t, int nn, const uint32_t start[], const uint32_t end[],
		const uint32_t mapstart[]);

/* Is op @id of a kind a compact machine's setup holds for target @t
 * (plan_setup: the bootmem calls, and for buddy the hand-over)? An explicit
 * machine's setup is the run of them, written raw, its program opens with. */
int decode_setup_kind(unsigned id, enum target_id t);

/* The next operation; 0 when the input is used up. */
int decode_op(struct cursor *c, enum target_id t, struct decode_ctx *x, struct op *op);

/* The op the selector byte @sel picks for target @t: the decoder's own weights (for the mutator). */
unsigned decode_pick_op(enum target_id t, uint8_t sel);

/* For the encoder: how many raw bytes follow BB_RAW for an argument of kind @k. */
int arg_raw_width(enum arg_kind k);

#endif /* BB_DECODE_H */
