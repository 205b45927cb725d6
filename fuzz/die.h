/* SPDX-License-Identifier: MIT */
/*
 * die.h - one abort site per (operation, check), so stack-based crash
 * dedupe (ClusterFuzz, CASR, libFuzzer's DEDUP_TOKEN) puts different bugs
 * in different buckets.
 */
#ifndef BB_DIE_H
#define BB_DIE_H

#define BB_CHECKS(X) \
	X(CREATE) X(RET) X(OUT) X(WARNINGS) X(PGDAT) X(NODE) X(ZONE) X(BITMAP) \
	X(FREE_LIST) X(PAGE) X(MEMINFO) X(INVARIANT) X(ZEROED) X(PATTERN) X(OVERLAP)

enum check_id {
#define BB_CHECK_ENUM(c) CHK_##c,
	BB_CHECKS(BB_CHECK_ENUM)
#undef BB_CHECK_ENUM
	CHK_COUNT
};

/* abort() from the site of @op and @check. */
_Noreturn void die_at(unsigned op, enum check_id check);

#endif /* BB_DIE_H */
