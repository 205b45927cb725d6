/* SPDX-License-Identifier: MIT */
/*
 * kernel.h - what the files of the i386 test kernel share: the address
 * layout, the segment selectors, the init-section markers and the small
 * services (serial, exit, traps) each file provides. Included by boot.S too.
 *
 * Address layout. Paging stays off. The core wants a non-NULL arena with
 * phys_to_virt(p) == arena + p (SPEC section 1), so the kernel uses the
 * trick of 2.0-era Linux in reverse: its code and data segments have base
 * -PAGE_OFFSET (mod 2^32), so the C address PAGE_OFFSET + p *is* physical
 * address p (the linear address wraps at 4 GiB). The arena is
 * (void *)PAGE_OFFSET and every pointer the core computes is exact. The
 * kernel is linked at PAGE_OFFSET + 1 MiB and loaded at 1 MiB.
 * The price: physical addresses at or above 4 GiB - PAGE_OFFSET have no
 * C address; QEMU's PC never puts RAM below 4 GiB that high (its PCI hole
 * starts at 3.5 GiB at the latest), and multiboot.c clips there.
 */
#ifndef KERNEL_H
#define KERNEL_H

#define PAGE_OFFSET 0x10000000        /* C address of physical 0 (the arena) */
#define SEG_BASE 0xF0000000           /* segment base: 2^32 - PAGE_OFFSET */
#define KERNEL_PHYS 0x00100000        /* load address: 1 MiB */
#define KERNEL_CS 0x08
#define KERNEL_DS 0x10

/* isa-debug-exit codes: QEMU exits with (code << 1) | 1. */
#define EXIT_PASS 16                  /* host status 33 */
#define EXIT_FAIL 17                  /* host status 35 */
#define EXIT_TRAP 18                  /* host status 37: CPU exception */

#ifndef __ASSEMBLER__
#include <stdarg.h>
#include <stdint.h>

_Static_assert((unsigned long long)PAGE_OFFSET + SEG_BASE == 0x100000000ull,
	       "SEG_BASE must be 2^32 - PAGE_OFFSET");

/* Physical address <-> C address (2.4's __pa / __va). */
#define __pa(x) ((uint32_t)(uintptr_t)(x) - PAGE_OFFSET)
#define __va(x) ((void *)((uintptr_t)(x) + PAGE_OFFSET))

/* Run-once boot code and data: freed by free_initmem (kernel.ld gathers them). */
#define __init __attribute__((section(".init.text"), noinline))
#define __initdata __attribute__((section(".init.data")))

#define P 4096u
#define ROUND_UP(x, a) (((x) + (a) - 1) / (a) * (a))

/* Linker symbols (kernel.ld): C addresses, subtract PAGE_OFFSET for physical. */
extern char _text[], _etext[], _edata[], __init_begin[], __init_end[], _end[];

/* serial.c */
void serial_init(void);
void kputc(char c);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);

/* exit.c (port I/O is io.h) */
_Noreturn void qemu_exit(uint8_t code);

/* panic.c: the message on the serial line, then qemu_exit(EXIT_FAIL) */
_Noreturn void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* trap.c */
void trap_init(void);
#endif /* __ASSEMBLER__ */
#endif /* KERNEL_H */
