/* Source of tiny-rv64.elf / tiny-rv32.elf, the known-good images for test_elf.c.
 * Regenerate with ./gen-test-data.sh.  Freestanding: no libc, no startup files. */
static volatile unsigned long counter = 42; /* .data: forces a file-backed RW segment */
static volatile unsigned long scratch[64];  /* .bss: forces memsz > filesz */

__attribute__((section(".text.start"), noreturn)) void _start(void)
{
    for (;;) {
        scratch[counter % 64] = counter;
        counter++;
    }
}
