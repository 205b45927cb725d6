/* SPDX-License-Identifier: MIT */
/*
 * trap.c - an IDT for the 32 CPU exceptions: a fault prints the vector and
 * the registers and exits with EXIT_TRAP, instead of a triple fault (which
 * QEMU with -no-reboot reports as exit status 0).
 */
#include <stdint.h>

#include "kernel.h"

struct trap_frame {
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax; /* pushal */
	uint32_t vector, error;
	uint32_t eip, cs, eflags;
};

struct idt_gate {
	uint16_t off_lo, sel;
	uint8_t zero, type;
	uint16_t off_hi;
};

extern const uint32_t trap_stubs[32]; /* boot.S */
static struct idt_gate idt[32];

void trap(const struct trap_frame *f);

void trap_init(void)
{
	for (int i = 0; i < 32; i++) {
		idt[i].off_lo = (uint16_t)trap_stubs[i];
		idt[i].off_hi = (uint16_t)(trap_stubs[i] >> 16);
		idt[i].sel = KERNEL_CS;
		idt[i].zero = 0;
		idt[i].type = 0x8e; /* present, ring 0, 32-bit interrupt gate */
	}
	struct __attribute__((packed)) {
		uint16_t limit;
		uint32_t base;
	} idtr = { sizeof(idt) - 1, __pa(idt) }; /* IDTR holds a linear address */
	__asm__ volatile("lidt %0" : : "m"(idtr));
}

void trap(const struct trap_frame *f)
{
	static int nested;
	if (nested++) /* faulted while reporting a fault: leave at once */
		qemu_exit(EXIT_TRAP);
	kprintf("\nCPU exception %u, error %x, eip %08x (phys %08x), eflags %08x\n",
		(unsigned)f->vector, (unsigned)f->error, (unsigned)f->eip,
		(unsigned)__pa(f->eip), (unsigned)f->eflags);
	kprintf("eax %08x ebx %08x ecx %08x edx %08x esi %08x edi %08x ebp %08x\n",
		(unsigned)f->eax, (unsigned)f->ebx, (unsigned)f->ecx, (unsigned)f->edx,
		(unsigned)f->esi, (unsigned)f->edi, (unsigned)f->ebp);
	kprintf("SMOKE FAIL: CPU exception %u\n", (unsigned)f->vector);
	qemu_exit(EXIT_TRAP);
}
