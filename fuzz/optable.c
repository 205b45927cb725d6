/* SPDX-License-Identifier: MIT */
/* optable.c - the operation table of ops.def, and the fuzz targets. */
#include <string.h>

#include "program.h"

#define BB_ARG_INFO(a) {BB_ARG_FIELD a, BB_ARG_KIND a}
#define BB_ARG_FIELD(f, k) #f
#define BB_ARG_KIND(f, k) k

static const struct op_info table[OP_END] = {
#define BB_OP(id, name, out, nargs, a0, a1, a2, a3) \
	[id] = {OP_##name, #name, out, nargs, {BB_ARG_INFO(a0), BB_ARG_INFO(a1), BB_ARG_INFO(a2), BB_ARG_INFO(a3)}},
#include "ops.def"
#undef BB_OP
};

const struct op_info *op_info(unsigned id)
{
	return id < OP_END && table[id].name ? &table[id] : NULL;
}

const struct op_info *op_info_by_name(const char *name, size_t len)
{
	for (unsigned id = 1; id < OP_END; id++)
		if (table[id].name && strlen(table[id].name) == len && !memcmp(table[id].name, name, len))
			return &table[id];
	return NULL;
}

static const char *const target_names[TARGET_COUNT] = {"lifetime", "bootmem", "buddy"};

const char *target_name(enum target_id t)
{
	return t < TARGET_COUNT ? target_names[t] : "?";
}

int target_by_name(const char *name)
{
	for (int t = 0; t < TARGET_COUNT; t++)
		if (!strcmp(name, target_names[t]))
			return t;
	return -1;
}
