/* SBI calls and powering off. */
#include <arch/machine.h>
#include <machine/console.h>

#define SBI_EXT_LEGACY_SET_TIMER 0x00
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_LEGACY_SHUTDOWN 0x08
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_SRST 0x53525354

static volatile uint32_t *test_finisher; /* QEMU's sifive,test device, when present */

struct sbiret sbi_call(word_t ext, word_t fid, word_t a0, word_t a1, word_t a2)
{
    register word_t r_a0 asm("a0") = a0;
    register word_t r_a1 asm("a1") = a1;
    register word_t r_a2 asm("a2") = a2;
    register word_t r_a6 asm("a6") = fid;
    register word_t r_a7 asm("a7") = ext;
    asm volatile("ecall" : "+r"(r_a0), "+r"(r_a1) : "r"(r_a2), "r"(r_a6), "r"(r_a7) : "memory");
    return (struct sbiret){r_a0, r_a1};
}

void sbi_console_putchar(int c)
{
    sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (word_t)c, 0, 0);
}

void sbi_set_timer(uint64_t when)
{
    struct sbiret r = sbi_call(SBI_EXT_TIME, 0, (word_t)when, 0, 0);
    if (r.error) sbi_call(SBI_EXT_LEGACY_SET_TIMER, 0, (word_t)when, 0, 0);
}

void machine_set_test_finisher(volatile uint32_t *dev)
{
    test_finisher = dev;
}

void sbi_shutdown(int failure)
{
    sbi_call(SBI_EXT_SRST, 0, 0 /* shutdown */, failure ? 1 : 0, 0);
    sbi_call(SBI_EXT_LEGACY_SHUTDOWN, 0, 0, 0, 0);
    for (;;)
        wait_for_interrupt();
}

/* Ends the machine.  Under QEMU the exit status of the emulator becomes `status`. */
void kernel_halt(int status)
{
    if (test_finisher) {
        /* FINISHER_PASS = 0x5555; FINISHER_FAIL = 0x3333 with the code in bits 31..16. */
        *test_finisher = status == 0 ? 0x5555 : (((uint32_t)status & 0xffff) << 16) | 0x3333;
    }
    sbi_shutdown(status != 0);
}
