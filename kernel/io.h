/* SPDX-License-Identifier: MIT */
/* io.h - x86 port I/O, the bottom layer: serial.c and exit.c use it, it uses nothing. */
#ifndef BB_KERNEL_IO_H
#define BB_KERNEL_IO_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t val)
{
	__asm__ volatile("outb %0, %1" : : "a"(val), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

#endif /* BB_KERNEL_IO_H */
