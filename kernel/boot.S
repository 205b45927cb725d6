/* SPDX-License-Identifier: MIT */
/*
 * boot.S - entry from a multiboot (v1) loader: the multiboot header, our
 * own GDT (segment base -PAGE_OFFSET, see kernel.h), a stack, a clean BSS,
 * then kmain(magic, mbi_phys). Also the 32 CPU exception stubs for trap.c.
 */
#include "kernel.h"

#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003 /* page-align modules, give memory info */

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	/* kernel.ld asserts that its PAGE_OFFSET equals this one. */
	.globl __page_offset_asm
	.set __page_offset_asm, PAGE_OFFSET

	.section .text.boot, "ax"
	.globl _start
_start:
	/*
	 * The loader jumps here at the physical address with flat segments,
	 * EAX = 0x2BADB002, EBX = physical address of the multiboot info.
	 * Until the far jump below, addresses must be physical.
	 */
	cli
	cld
	lgdt	gdt_desc - PAGE_OFFSET
	ljmp	$KERNEL_CS, $1f		/* a link-time (C) address from here on */
1:	movl	$KERNEL_DS, %ecx
	movw	%cx, %ds
	movw	%cx, %es
	movw	%cx, %fs
	movw	%cx, %gs
	movw	%cx, %ss
	movl	$boot_stack_top, %esp
	pushl	$0
	popfl

	/* The loader zero-fills BSS by the ELF rules; do not rely on it. */
	movl	%eax, %esi
	movl	$__bss_start, %edi
	movl	$__bss_end, %ecx
	subl	%edi, %ecx
	shrl	$2, %ecx
	xorl	%eax, %eax
	rep stosl

	pushl	%ebx			/* mbi_phys */
	pushl	%esi			/* magic */
	call	kmain
2:	cli
	hlt
	jmp	2b

/*
 * Exception stubs: push a dummy error code where the CPU pushes none, then
 * the vector, then the general registers, and hand the frame to trap().
 */
	.text
trap_common:
	pushal
	pushl	%esp
	call	trap
3:	cli
	hlt
	jmp	3b

	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
trap_stub_\n:
	.if (\n == 8) || (\n == 10) || (\n == 11) || (\n == 12) || (\n == 13) || (\n == 14) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30)
	.else
	pushl	$0
	.endif
	pushl	$\n
	jmp	trap_common
	.endr

	.section .rodata
	.align 4
	.globl trap_stubs
trap_stubs:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.long	trap_stub_\n
	.endr

	/* 0x08 code, 0x10 data: base SEG_BASE, limit 4 GiB, 32-bit, ring 0. */
	.align 8
gdt:
	.quad	0
	.word	0xffff, SEG_BASE & 0xffff
	.byte	(SEG_BASE >> 16) & 0xff, 0x9a, 0xcf, (SEG_BASE >> 24) & 0xff
	.word	0xffff, SEG_BASE & 0xffff
	.byte	(SEG_BASE >> 16) & 0xff, 0x92, 0xcf, (SEG_BASE >> 24) & 0xff
gdt_end:
	.align 4
	.word	0
gdt_desc:
	.word	gdt_end - gdt - 1
	.long	gdt - PAGE_OFFSET	/* GDTR holds a linear (= physical) address */

	.section .note.GNU-stack, "", @progbits

	.bss
	.align 16
boot_stack:
	.space	16384
boot_stack_top:
