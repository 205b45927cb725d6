/* SPDX-License-Identifier: MIT */
/*
 * memo.c - a direct-mapped table of values kept by (key, bytes) (memo.h).
 * A slot holds one entry; a new entry whose hash lands on it replaces it.
 * A hit is checked byte for byte, so a value is only ever returned for
 * exactly the bytes it was computed from.
 */
#include <stdlib.h>
#include <string.h>

#include "memo.h"

#define MEMO_SLOTS 2048 /* a few times a fuzzing corpus: entries seldom evict each other */
/* Bigger entries are not kept: AFL++ hands over inputs of up to 1 MiB (a
 * program reads a few KiB of them), and the table stays under 64 MiB. */
#define MEMO_MAX_ENTRY (32u << 10)

struct entry {
	uint64_t hash;
	unsigned key;
	size_t size, len;
	uint8_t blob[]; /* the input's bytes, then the value */
};

static struct entry *slot[MEMO_SLOTS];
static uint64_t nhit, nmiss;

static uint64_t hash_of(unsigned key, const uint8_t *data, size_t size)
{
	uint64_t h = 0xcbf29ce484222325ull ^ key ^ (uint64_t)size << 32;
	size_t i = 0;
	for (; i + 8 <= size; i += 8) {
		uint64_t w;
		memcpy(&w, data + i, 8);
		h = (h ^ w) * 0x100000001b3ull;
		h ^= h >> 29;
	}
	for (; i < size; i++)
		h = (h ^ data[i]) * 0x100000001b3ull;
	return h ^ h >> 32;
}

static struct entry *find(uint64_t h, unsigned key, const uint8_t *data, size_t size)
{
	struct entry *e = slot[h % MEMO_SLOTS];
	if (e && e->hash == h && e->key == key && e->size == size && !memcmp(e->blob, data, size))
		return e;
	return NULL;
}

const void *memo_get(unsigned key, const uint8_t *data, size_t size, size_t *len)
{
	struct entry *e = find(hash_of(key, data, size), key, data, size);
	if (!e) {
		nmiss++;
		return NULL;
	}
	nhit++;
	*len = e->len;
	return e->blob + e->size;
}

void memo_put(unsigned key, const uint8_t *data, size_t size, const void *value, size_t len)
{
	if (size > MEMO_MAX_ENTRY || len > MEMO_MAX_ENTRY - size)
		return;
	uint64_t h = hash_of(key, data, size);
	struct entry **s = &slot[h % MEMO_SLOTS];
	struct entry *e = *s;
	if (!e || e->size + e->len < size + len) {
		free(e);
		*s = e = malloc(sizeof(*e) + size + len);
		if (!e)
			return;
	}
	e->hash = h;
	e->key = key;
	e->size = size;
	e->len = len;
	memcpy(e->blob, data, size);
	memcpy(e->blob + size, value, len);
}

void memo_counts(uint64_t *hits, uint64_t *misses)
{
	*hits = nhit;
	*misses = nmiss;
}
