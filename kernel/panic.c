/* SPDX-License-Identifier: MIT */
/*
 * panic.c - fail(): say why on the serial line, then leave QEMU with
 * EXIT_FAIL. The one place that uses both serial.c and exit.c, so neither
 * of them needs the other.
 */
#include <stdarg.h>

#include "kernel.h"

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
