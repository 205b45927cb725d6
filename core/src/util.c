/* SPDX-License-Identifier: MIT */
/*
 * util.c - the few libc-like helpers a freestanding core needs: zeroing,
 * filling and copying memory, error names, and a tiny bounded formatter.
 *
 * The loops carry an empty asm barrier: gcc recognises plain fill and copy
 * loops and turns them into calls to memset/memcpy even with
 * -ffreestanding, and this core must link with nothing but itself.
 */
#include "internal.h"

/* A uint64_t that may alias anything: the arena has no declared type. */
typedef uint64_t __attribute__((__may_alias__)) bb_u64_alias;

#define BB_BARRIER() __asm__ __volatile__("" : : : "memory")

/**
 * bbi_memfill - set @n bytes at @p to @c.
 * @p: any alignment
 * @c: the byte
 * @n: byte count (64-bit: a 4 GiB node does not fit a 32-bit size_t)
 */
void bbi_memfill(void *p, unsigned char c, uint64_t n)
{
	unsigned char *b = p;
	uint64_t pat = c * 0x0101010101010101ull;

	while (n && ((uintptr_t)b & 7u)) {
		*b++ = c;
		n--;
	}
	bb_u64_alias *w = (bb_u64_alias *)(void *)b;
	while (n >= 64) {
		w[0] = pat;
		w[1] = pat;
		w[2] = pat;
		w[3] = pat;
		w[4] = pat;
		w[5] = pat;
		w[6] = pat;
		w[7] = pat;
		w += 8;
		n -= 64;
		BB_BARRIER();
	}
	while (n >= 8) {
		*w++ = pat;
		n -= 8;
		BB_BARRIER();
	}
	b = (unsigned char *)w;
	while (n--) {
		*b++ = c;
		BB_BARRIER();
	}
}

/** bbi_memzero - zero @n bytes at @p. */
void bbi_memzero(void *p, uint64_t n)
{
	bbi_memfill(p, 0, n);
}

/** bbi_memcopy - copy @n bytes, non-overlapping, one byte at a time (small copies only). */
void bbi_memcopy(void *dst, const void *src, uint64_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--) {
		*d++ = *s++;
		BB_BARRIER();
	}
}

/**
 * bb_strerror - a short name for an enum bb_err.
 * @err: BB_OK or a negative error
 * Return: "OK", "EINVAL", ..., or "E?" for anything else.
 */
const char *bb_strerror(int err)
{
	static const char *const names[BB_NR_ERRORS] = {
		"OK", "EINVAL", "ENODEV", "EEXIST", "ERETIRED", "ESTATE", "ERANGE",
		"ENOTRAM", "EBUSY", "EDOUBLE", "ENOTALLOC", "EALIGN", "ENOMEM",
	};

	if (err > 0 || err <= -BB_NR_ERRORS)
		return "E?";
	return names[-err];
}

void bbi_msg_init(struct bbi_msg *w, char *buf, size_t len)
{
	w->buf = buf;
	w->len = buf ? len : 0;
	w->pos = 0;
	if (w->len)
		buf[0] = '\0';
}

static void msg_putc(struct bbi_msg *w, char c)
{
	if (w->pos + 1 < w->len) {
		w->buf[w->pos++] = c;
		w->buf[w->pos] = '\0';
	}
}

void bbi_msg_str(struct bbi_msg *w, const char *s)
{
	while (*s)
		msg_putc(w, *s++);
}

/* Decimal; 32-bit only, since 64-bit division would need libgcc on -m32. */
void bbi_msg_u32(struct bbi_msg *w, uint32_t v)
{
	char d[10];
	int i = 0;

	do {
		d[i++] = (char)('0' + v % 10u);
		v /= 10u;
	} while (v);
	while (i)
		msg_putc(w, d[--i]);
}

void bbi_msg_hex(struct bbi_msg *w, uint64_t v)
{
	int shift = 60;

	bbi_msg_str(w, "0x");
	while (shift > 0 && !((v >> shift) & 0xf))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		msg_putc(w, "0123456789abcdef"[(v >> shift) & 0xf]);
}
