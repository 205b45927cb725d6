/* SPDX-License-Identifier: MIT */
/*
 * exit.c - port I/O and leaving QEMU through isa-debug-exit (iobase 0xf4):
 * writing code c makes QEMU exit with status (c << 1) | 1. Without the
 * device the write is ignored and the CPU halts; the host's timeout ends it.
 */
#include <stdint.h>

#include "kernel.h"

#define DEBUG_EXIT_PORT 0xf4

void outb(uint16_t port, uint8_t val)
{
	__asm__ volatile("outb %0, %1" : : "a"(val), "Nd"(port));
}

uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

_Noreturn void qemu_exit(uint8_t code)
{
	outb(DEBUG_EXIT_PORT, code);
	for (;;)
		__asm__ volatile("cli; hlt");
}

_Noreturn void fail(const char *fmt, ...)
{
	va_list ap;
	kprintf("SMOKE FAIL: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kputc('\n');
	qemu_exit(EXIT_FAIL);
}
