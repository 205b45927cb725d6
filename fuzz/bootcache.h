/* SPDX-License-Identifier: MIT */
/*
 * bootcache.h - the state a machine's boot left, kept for the next inputs on
 * the same machine (the last boots of up to eight machines). A fuzzing
 * engine mutates the program far more often than the machine (three
 * executions in four boot the machine the previous one booted), and the
 * boot is half of an execution; an input whose machine and setup are a kept
 * one's starts from a copy of the state that boot left, its checks passed,
 * instead of booting again.
 */
#ifndef BB_BOOTCACHE_H
#define BB_BOOTCACHE_H

struct exec;

/* Before the setup of a machine that may be kept: watch what it opens. */
void boot_cache_watch(struct exec *e);

/* After the setup ran clean: keep the state (when it fits). */
void boot_cache_keep(struct exec *e);

/* @e's machine and setup are the ones kept: 1 with both machines created
 * in the kept state, the arena, its poisoning, the executor's record of the
 * setup and the coverage it gave put back; 0 otherwise (nothing created). */
int boot_cache_restore(struct exec *e);

/* After the setup, or after a restore: where the coverage of a boot is
 * taken from the run that kept it and put back into a run from the cache. */
void boot_cache_booted(void);

#endif /* BB_BOOTCACHE_H */
