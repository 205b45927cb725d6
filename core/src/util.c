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

/*
 * Sanitizers do not see stores made by inline asm: under ASan a write to
 * poisoned memory would go unreported, under MSan zeroed bytes would look
 * uninitialised. Sanitized builds are hosted, so they fill through
 * memset, which every sanitizer intercepts: one range check for the whole
 * fill (ASan reports a poisoned byte anywhere in it, MSan marks it all
 * initialised), where plain stores cost a check each.
 */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define BB_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
	__has_feature(thread_sanitizer)
#define BB_SANITIZED 1
#endif
#endif
#ifndef BB_SANITIZED
#define BB_SANITIZED 0
#endif

#if (defined(__x86_64__) || defined(__i386__)) && !BB_SANITIZED
#define BB_REP_STOS 1
/*
 * From this size on `rep stosb` wins: with ERMS it writes whole lines
 * without reading them first, but it has a start-up cost of some tens of
 * cycles that plain stores beat on small sizes (glibc switches at 2 KiB).
 */
#define BB_REP_STOS_MIN 1024u
#else
#define BB_REP_STOS 0
#endif

#if defined(__SSE2__)
/* 16-byte stores where the target has them; may_alias, any alignment. */
typedef uint64_t __attribute__((__vector_size__(16), __may_alias__, __aligned__(1))) bb_v16;
#endif

/**
 * bbi_memfill - set @n bytes at @p to @c.
 * @p: any alignment
 * @c: the byte
 * @n: byte count (64-bit: a 4 GiB node does not fit a 32-bit size_t)
 *
 * Large fills use `rep stosb` on x86 (never a libc call: the core links
 * with nothing); the rest, and every sanitized build, use plain stores
 * with a compiler barrier so that gcc does not turn the loop into memset.
 */
void bbi_memfill(void *p, unsigned char c, uint64_t n)
{
	unsigned char *b = p;
	uint64_t pat = c * 0x0101010101010101ull;

#if BB_SANITIZED
	__builtin_memset(p, c, (size_t)n); /* hosted: see BB_SANITIZED */
	return;
#endif
#if BB_REP_STOS
	if (n >= BB_REP_STOS_MIN) {
		size_t cnt, adv = 64 - ((uintptr_t)b & 63);

		/* `rep stosb` is slow from a misaligned start: the head goes by hand */
		for (int i = 0; i < 8; i++)
			((bb_u64_unaligned *)(void *)b)[i] = pat;
		b += adv;
		cnt = (size_t)(n - adv); /* the bytes are host memory: n fits size_t */

		__asm__ __volatile__("rep stosb"
				     : "+D"(b), "+c"(cnt)
				     : "a"(c)
				     : "memory");
		return;
	}
#endif
	if (n < 8) {
		while (n--) {
			*b++ = c;
			BB_BARRIER();
		}
		return;
	}
	/* Unaligned head and tail as one overlapping word each; aligned words between. */
	*(bb_u64_unaligned *)(void *)b = pat;
	*(bb_u64_unaligned *)(void *)(b + n - 8) = pat;
	{
		unsigned char *end = b + n - 8; /* the tail word covers [end, end + 8) */
		bb_u64_alias *w = (bb_u64_alias *)(void *)(((uintptr_t)b + 8) & ~(uintptr_t)7);

#if defined(__SSE2__)
		bb_v16 v = { pat, pat };

		while ((unsigned char *)w + 64 <= end) {
			bb_v16 *q = (bb_v16 *)(void *)w;

			q[0] = v;
			q[1] = v;
			q[2] = v;
			q[3] = v;
			w += 8;
			BB_BARRIER();
		}
#else
		while ((unsigned char *)w + 64 <= end) {
			w[0] = pat;
			w[1] = pat;
			w[2] = pat;
			w[3] = pat;
			w[4] = pat;
			w[5] = pat;
			w[6] = pat;
			w[7] = pat;
			w += 8;
			BB_BARRIER();
		}
#endif
		while ((unsigned char *)w < end) {
			*w++ = pat;
			BB_BARRIER();
		}
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

#if BB_SANITIZED
	__builtin_memcpy(dst, src, (size_t)n); /* hosted: see BB_SANITIZED; one check, not one a byte */
	return;
#endif
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
