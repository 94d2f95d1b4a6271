/* Embeds the test component's ELF (path in TC_ELF, set by runtime.mk) in the test loader. */
    .section .rodata.tc_elf, "a", @progbits
    .balign 8
    .globl tc_elf_start, tc_elf_end
tc_elf_start:
    .incbin TC_ELF
tc_elf_end:
