/* SPDX-License-Identifier: MIT */
/*
 * text.c - the text form of a program (docs/PROGRAMS.md): print operations
 * and machines readably, parse hand-written programs, and encode a parsed
 * program as fuzzer bytes that decode back to exactly the same program.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "reference.h"
#include "text.h"

static const char *const gfp_names[BB_NR_GFP] = {"DMA", "KERNEL", "HIGHUSER"};

static void print_arg(FILE *f, enum arg_kind k, int64_t v)
{
	switch (k) {
	case ARG_NID:
	case ARG_NID_ANY:
		if (v == BB_ANY_NODE && k == ARG_NID_ANY)
			fprintf(f, "any");
		else
			fprintf(f, "%" PRId64, v);
		break;
	case ARG_GFP:
		if (v >= 0 && v < BB_NR_GFP)
			fprintf(f, "%s", gfp_names[v]);
		else
			fprintf(f, "%" PRId64, v);
		break;
	case ARG_SIZE:
	case ARG_ALIGN:
	case ARG_ORDER:
		fprintf(f, "%" PRIu64, (uint64_t)v);
		break;
	default:
		fprintf(f, "0x%" PRIx64, (uint64_t)v);
		break;
	}
}

static const char *out_name(enum out_kind k)
{
	switch (k) {
	case OUT_BYTES: return "map_bytes";
	case OUT_TWICE: return "twice";
	case OUT_FREED: return "freed";
	case OUT_COUNT: return "count";
	default: return "";
	}
}

void print_op(FILE *f, const struct op *op)
{
	const struct op_info *oi = op_info(op->id);
	fprintf(f, "%s(", oi->name);
	for (int i = 0; i < oi->nargs; i++) {
		fprintf(f, "%s%s=", i ? ", " : "", oi->args[i].field);
		print_arg(f, oi->args[i].kind, op->arg[i]);
	}
	fprintf(f, ")");
}

void print_result(FILE *f, const struct op *op, int ret, uint64_t out)
{
	const struct op_info *oi = op_info(op->id);
	if (ret) {
		fprintf(f, " = %s", bb_err_name(ret));
		return;
	}
	switch (oi->out) {
	case OUT_ADDR: fprintf(f, " = 0x%" PRIx64, out); break;
	case OUT_PFN: fprintf(f, " = pfn 0x%" PRIx64, out); break;
	case OUT_NONE: fprintf(f, " = OK"); break;
	default: fprintf(f, " = OK %s=%" PRIu64, out_name(oi->out), out); break;
	}
}

void print_machine(FILE *f, const struct bb_machine_desc *d)
{
	fprintf(f, "machine phys_pages=0x%" PRIx32 " word_bytes=%" PRIu32 " smp_cache_bytes=%" PRIu32
		   " struct_page_bytes=%" PRIu32 " dma_end_pfn=0x%" PRIx32 " highmem_start_pfn=0x%" PRIx32 "\n",
		d->phys_pages, d->word_bytes, d->smp_cache_bytes, d->struct_page_bytes, d->dma_end_pfn,
		d->highmem_start_pfn);
	for (uint32_t i = 0; i < d->nr_ram && i < BB_MAX_RAM_RANGES; i++)
		fprintf(f, "ram 0x%" PRIx32 " 0x%" PRIx32 "\n", d->ram[i].start_pfn, d->ram[i].end_pfn);
	fprintf(f, "kernel text=0x%" PRIx64 " etext=0x%" PRIx64 " edata=0x%" PRIx64 " init_begin=0x%" PRIx64
		   " init_end=0x%" PRIx64 "\n",
		d->kernel.text, d->kernel.etext, d->kernel.edata, d->kernel.init_begin, d->kernel.init_end);
}

const char *bb_err_name(int err)
{
	static const char *const names[BB_NR_ERRORS] = {
		"OK", "EINVAL", "ENODEV", "EEXIST", "ERETIRED", "ESTATE", "ERANGE",
		"ENOTRAM", "EBUSY", "EDOUBLE", "ENOTALLOC", "EALIGN", "ENOMEM"};
	return err <= 0 && err > -BB_NR_ERRORS ? names[-err] : "E?";
}

/* ---- parsing ---------------------------------------------------------------- */

struct parser {
	const char *file;
	int line;
	char *err;
	size_t errlen;
};

static int fail(struct parser *p, const char *what, const char *near)
{
	snprintf(p->err, p->errlen, "%s:%d: %s near '%.24s'", p->file, p->line, what, near);
	return -1;
}

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static int parse_number(struct parser *p, const char **sp, enum arg_kind k, int64_t *v)
{
	const char *s = skip_ws(*sp);
	if (k == ARG_NID_ANY && !strncmp(s, "any", 3)) {
		*v = BB_ANY_NODE;
		*sp = s + 3;
		return 0;
	}
	if (k == ARG_GFP)
		for (int g = 0; g < BB_NR_GFP; g++) {
			size_t n = strlen(gfp_names[g]);
			if (!strncmp(s, gfp_names[g], n) && !isalnum((unsigned char)s[n])) {
				*v = g;
				*sp = s + n;
				return 0;
			}
		}
	char *end;
	errno = 0;
	if (*s == '-') {
		long long x = strtoll(s, &end, 0);
		*v = x;
	} else {
		unsigned long long x = strtoull(s, &end, 0);
		*v = (int64_t)x;
	}
	if (end == s || errno == ERANGE)
		return fail(p, end == s ? "expected a number" : "number does not fit 64 bits", s);
	if (isalnum((unsigned char)*end) || *end == '_')
		return fail(p, "junk after the number", s);
	/* the field's raw width (fuzz/ops.def): a value must fit, never be cut */
	int w = k == ARG_NONE ? 8 : arg_raw_width(k);
	int is_nid = k == ARG_NID || k == ARG_NID_ANY;
	if (*s == '-' ? !is_nid || *v < -128 : w < 8 && (uint64_t)*v > (is_nid ? 127u : (1ull << (8 * w)) - 1))
		return fail(p, is_nid ? "node id out of range (-128..127, or any)"
				      : *s == '-' ? "negative value for an unsigned field"
						  : w == 1 ? "value does not fit its field (0..255)"
							   : "value does not fit its field (32 bits)",
			    s);
	*sp = end;
	return 0;
}

/* key=value pairs of the machine and kernel lines. */
static int parse_pairs(struct parser *p, const char *s, const char *const *keys, uint64_t *vals, int nkeys,
		       enum arg_kind kind)
{
	unsigned seen = 0;
	for (;;) {
		s = skip_ws(s);
		if (!*s || *s == '#')
			return 0;
		const char *eq = strchr(s, '=');
		if (!eq)
			return fail(p, "expected key=value", s);
		int k;
		for (k = 0; k < nkeys; k++)
			if (strlen(keys[k]) == (size_t)(eq - s) && !strncmp(s, keys[k], (size_t)(eq - s)))
				break;
		if (k == nkeys)
			return fail(p, "unknown key", s);
		if (seen & (1u << k))
			return fail(p, "key given twice", s);
		seen |= 1u << k;
		int64_t v;
		s = eq + 1;
		if (parse_number(p, &s, kind, &v))
			return -1;
		vals[k] = (uint64_t)v;
	}
}

static int parse_op(struct parser *p, const char *s, struct op *op)
{
	const char *name = s;
	while (isalnum((unsigned char)*s) || *s == '_')
		s++;
	const struct op_info *oi = op_info_by_name(name, (size_t)(s - name));
	if (!oi)
		return fail(p, "unknown operation", name);
	memset(op, 0, sizeof(*op));
	op->id = (uint8_t)oi->id;
	unsigned given = 0;
	s = skip_ws(s);
	if (*s++ != '(')
		return fail(p, "expected '('", s - 1);
	for (;;) {
		s = skip_ws(s);
		if (*s == ')')
			break;
		const char *field = s;
		while (isalnum((unsigned char)*s) || *s == '_')
			s++;
		int a;
		for (a = 0; a < oi->nargs; a++)
			if (strlen(oi->args[a].field) == (size_t)(s - field) &&
			    !strncmp(oi->args[a].field, field, (size_t)(s - field)))
				break;
		if (a == oi->nargs)
			return fail(p, "unknown argument", field);
		if (given & (1u << a))
			return fail(p, "argument given twice", field);
		given |= 1u << a;
		s = skip_ws(s);
		if (*s++ != '=')
			return fail(p, "expected '='", s - 1);
		if (parse_number(p, &s, oi->args[a].kind, &op->arg[a]))
			return -1;
		s = skip_ws(s);
		if (*s == ',')
			s++;
		else if (*s != ')')
			return fail(p, "expected ',' or ')'", s);
	}
	/* Anything after ')' (the recorded result) is informative only. */
	return 0;
}

int parse_program(const char *text, const char *file, struct text_program *prog, char *err, size_t errlen)
{
	static const char *const machine_keys[] = {"phys_pages", "word_bytes", "smp_cache_bytes",
						   "struct_page_bytes", "dma_end_pfn", "highmem_start_pfn"};
	static const char *const kernel_keys[] = {"text", "etext", "edata", "init_begin", "init_end"};
	struct parser p = {file, 0, err, errlen};
	int have_machine = 0, machine_line = 0;
	memset(prog, 0, sizeof(*prog));
	prog->target = -1;
	for (const char *line = text; line && *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char buf[1024];
		p.line++;
		if (len >= sizeof(buf))
			return fail(&p, "line too long", line);
		memcpy(buf, line, len);
		if (len && buf[len - 1] == '\r')
			len--; /* CRLF line ends read as LF */
		buf[len] = '\0';
		line = nl ? nl + 1 : NULL;
		char *hash = strchr(buf, '#');
		if (hash && (hash == buf || !strchr(buf, '(') || hash < strchr(buf, '(')))
			*hash = '\0';
		const char *s = skip_ws(buf);
		if (!*s || *s == '\r')
			continue;
		/* the outcome bb_replay --to-text records after the failing
		 * operation: recorded, like the results after ')', not read */
		if (!strncmp(s, "FINDING ", 8))
			continue;
		if (!strncmp(s, "target ", 7)) {
			char name[32] = "";
			sscanf(s + 7, "%31s", name);
			if ((prog->target = target_by_name(name)) < 0)
				return fail(&p, "unknown target", s + 7);
		} else if (!strncmp(s, "machine ", 8)) {
			uint64_t v[6] = {0};
			if (parse_pairs(&p, s + 8, machine_keys, v, 6, ARG_PFN))
				return -1;
			struct bb_machine_desc *d = &prog->desc;
			d->phys_pages = (uint32_t)v[0];
			d->word_bytes = (uint32_t)v[1];
			d->smp_cache_bytes = (uint32_t)v[2];
			d->struct_page_bytes = (uint32_t)v[3];
			d->dma_end_pfn = (uint32_t)v[4];
			d->highmem_start_pfn = (uint32_t)v[5];
			if (have_machine)
				return fail(&p, "a second 'machine' line", s);
			have_machine = 1;
			machine_line = p.line;
		} else if (!strncmp(s, "ram ", 4)) {
			int64_t a, b;
			s += 4;
			if (parse_number(&p, &s, ARG_PFN, &a) || parse_number(&p, &s, ARG_PFN, &b))
				return -1;
			if (prog->desc.nr_ram >= BB_MAX_RAM_RANGES)
				return fail(&p, "more than 32 ram lines", s);
			prog->desc.ram[prog->desc.nr_ram].start_pfn = (uint32_t)a;
			prog->desc.ram[prog->desc.nr_ram].end_pfn = (uint32_t)b;
			prog->desc.nr_ram++;
		} else if (!strncmp(s, "kernel ", 7)) {
			uint64_t v[5] = {0};
			if (parse_pairs(&p, s + 7, kernel_keys, v, 5, ARG_ADDR))
				return -1;
			prog->desc.kernel = (struct bb_kernel_image){v[0], v[1], v[2], v[3], v[4]};
		} else {
			if (!have_machine)
				return fail(&p, "operation before the machine line", s);
			if (prog->nops >= BB_MAX_PROGRAM)
				return fail(&p, "more operations than a program can hold (320)", s);
			if (parse_op(&p, s, &prog->ops[prog->nops]))
				return -1;
			prog->nops++;
		}
	}
	if (!have_machine) {
		p.line = 0;
		return fail(&p, "no 'machine' line", "");
	}
	/* The reference decides (SPEC 1): a program on a machine that cannot
	 * exist would replay as zero operations and look clean. */
	int rc;
	struct ref_machine *rm = ref_create(&prog->desc, &rc);
	if (!rm) {
		p.line = machine_line;
		return fail(&p, rc == BB_EINVAL ? "not a valid machine (SPEC 1: phys_pages 1..2^20, word_bytes 4 or 8, "
						  "smp_cache_bytes 2^k in 16..4096, struct_page_bytes 2^k in 16..256, "
						  "dma_end_pfn <= highmem_start_pfn <= phys_pages, ram lines sorted, "
						  "disjoint, non-empty, inside phys_pages; kernel text <= etext <= edata, init_begin <= init_end)"
						: "the reference cannot hold this machine",
			    "machine");
	}
	ref_destroy(rm);
	return 0;
}

/* ---- encoding ----------------------------------------------------------------- */

static int put(uint8_t *buf, size_t cap, size_t *n, uint64_t v, int nbytes)
{
	for (int i = 0; i < nbytes; i++) {
		if (*n >= cap)
			return -1;
		buf[(*n)++] = (uint8_t)(v >> (8 * i));
	}
	return 0;
}

size_t encode_program(const struct text_program *prog, uint8_t *buf, size_t cap)
{
	const struct bb_machine_desc *d = &prog->desc;
	size_t n = 0;
	if (d->nr_ram > BB_MAX_RAM_RANGES)
		return 0; /* more ranges than a description holds: nothing reads back the same */
	int bad = put(buf, cap, &n, BB_RAW, 1);
	bad |= put(buf, cap, &n, d->phys_pages, 4);
	bad |= put(buf, cap, &n, d->word_bytes, 4);
	bad |= put(buf, cap, &n, d->smp_cache_bytes, 4);
	bad |= put(buf, cap, &n, d->struct_page_bytes, 4);
	bad |= put(buf, cap, &n, d->dma_end_pfn, 4);
	bad |= put(buf, cap, &n, d->highmem_start_pfn, 4);
	bad |= put(buf, cap, &n, d->nr_ram, 1);
	for (uint32_t i = 0; i < d->nr_ram; i++) {
		bad |= put(buf, cap, &n, d->ram[i].start_pfn, 4);
		bad |= put(buf, cap, &n, d->ram[i].end_pfn, 4);
	}
	bad |= put(buf, cap, &n, d->kernel.text, 8);
	bad |= put(buf, cap, &n, d->kernel.etext, 8);
	bad |= put(buf, cap, &n, d->kernel.edata, 8);
	bad |= put(buf, cap, &n, d->kernel.init_begin, 8);
	bad |= put(buf, cap, &n, d->kernel.init_end, 8);
	if (bad)
		return 0;
	size_t m = encode_ops(prog->ops, prog->nops, buf + n, cap - n);
	return m || !prog->nops ? n + m : 0;
}

size_t encode_ops(const struct op *ops, int nops, uint8_t *buf, size_t cap)
{
	size_t n = 0;
	int bad = 0;
	for (int i = 0; i < nops; i++) {
		const struct op *op = &ops[i];
		const struct op_info *oi = op_info(op->id);
		bad |= put(buf, cap, &n, BB_RAW, 1);
		bad |= put(buf, cap, &n, op->id, 1);
		for (int a = 0; a < oi->nargs; a++) {
			bad |= put(buf, cap, &n, BB_RAW, 1);
			bad |= put(buf, cap, &n, (uint64_t)op->arg[a], arg_raw_width(oi->args[a].kind));
		}
	}
	return bad ? 0 : n;
}
