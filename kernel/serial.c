/* SPDX-License-Identifier: MIT */
/*
 * serial.c - COM1 output (polled, 115200 8N1) and a small printf of our own:
 * %d %u %x %s %c %p %%, with '0' and a width ('-' for %s), and the 'l' and 'll' sizes.
 * 64-bit decimal needs libgcc's __udivdi3/__umoddi3.
 */
#include <stdint.h>

#include "io.h"
#include "kernel.h"

#define COM1 0x3f8

void serial_init(void)
{
	outb(COM1 + 1, 0x00); /* no interrupts */
	outb(COM1 + 3, 0x80); /* DLAB */
	outb(COM1 + 0, 0x01); /* divisor 1: 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03); /* 8N1 */
	outb(COM1 + 2, 0xc7); /* FIFO on, cleared */
	outb(COM1 + 4, 0x03); /* DTR, RTS */
}

static void serial_put(char c)
{
	while (!(inb(COM1 + 5) & 0x20)) /* transmit holding register empty */
		;
	outb(COM1, (uint8_t)c);
}

void kputc(char c)
{
	if (c == '\n')
		serial_put('\r');
	serial_put(c);
}

static void put_num(unsigned long long v, unsigned base, int neg, int width, char pad)
{
	char buf[24];
	int n = 0;

	do {
		unsigned d = (unsigned)(v % base);
		buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v);
	if (neg)
		buf[n++] = '-';
	for (; width > n; width--)
		kputc(pad);
	while (n)
		kputc(buf[--n]);
}

void kvprintf(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			kputc(*fmt);
			continue;
		}
		char pad = ' ';
		int width = 0, size = 0, left = 0;
		if (*++fmt == '-') {
			left = 1;
			fmt++;
		}
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			size++;
			fmt++;
		}
		unsigned long long u;
		long long s;
		switch (*fmt) {
		case 'd':
			s = size >= 2 ? va_arg(ap, long long) : size ? va_arg(ap, long) : va_arg(ap, int);
			u = s < 0 ? 0ull - (unsigned long long)s : (unsigned long long)s;
			put_num(u, 10, s < 0, width, pad);
			break;
		case 'u':
		case 'x':
			u = size >= 2 ? va_arg(ap, unsigned long long)
			    : size ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
			put_num(u, *fmt == 'u' ? 10 : 16, 0, width, pad);
			break;
		case 'p':
			put_num((uintptr_t)va_arg(ap, void *), 16, 0, 8, '0');
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			int len = 0;
			while (str[len])
				len++;
			for (; !left && width > len; width--)
				kputc(' ');
			while (*str)
				kputc(*str++);
			for (; left && width > len; width--)
				kputc(' ');
			break;
		}
		case 'c':
			kputc((char)va_arg(ap, int));
			break;
		case '%':
			kputc('%');
			break;
		default: /* unknown conversion: show it */
			kputc('%');
			kputc(*fmt);
			if (!*fmt)
				return;
		}
	}
}

void kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}
