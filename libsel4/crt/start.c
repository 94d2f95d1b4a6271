/* C side of the Cantrip-C root-server runtime.
 *
 * crt0.S has set up sp, gp, .bss and tp and calls __cantrip_start(bootinfo).  From here:
 * record the bootinfo pointer, point libsel4 at the IPC buffer, run constructors, call
 * main() and leave through exit(), whose _exit() powers the machine off with main's
 * return value as QEMU's exit status (the Cantrip-C DebugExit call; see sel4/cantrip.h).
 *
 * It also supplies the root server's _exit().  What every user program shares with it
 * (__sel4_ipc_buffer, the TLS helpers, stdin/stdout/stderr through seL4_DebugPutChar, and
 * the kill/getpid pair abort() uses) is in common.c.  The heap for malloc() is the
 * __heap_start..__heap_end region of rootserver.ld, managed by picolibc's own sbrk(). */
#include <sel4/sel4.h>

#include <stdlib.h>
#include <unistd.h>

/* ---- boot information ------------------------------------------------------------ */

static seL4_BootInfo *boot_info;

void seL4_InitBootInfo(seL4_BootInfo *bi)
{
    boot_info = bi;
}

seL4_BootInfo *seL4_GetBootInfo(void)
{
    return boot_info;
}

/* ---- process exit ----------------------------------------------------------------- */

void _exit(int status)
{
    seL4_CantripDebugExit((seL4_Word)status & 0xff);
}

/* ---- start-up --------------------------------------------------------------------- */

extern void __libc_init_array(void);
extern int main(int argc, char *argv[]);

void __cantrip_start(seL4_BootInfo *bi) __attribute__((noreturn));

void __cantrip_start(seL4_BootInfo *bi)
{
    /* Root-server programs written for seL4 commonly take argc/argv; one written as
     * `int main(void)` simply ignores the registers. */
    static char name[] = "rootserver";
    static char *argv[] = {name, NULL};

    seL4_InitBootInfo(bi);
    seL4_SetIPCBuffer(bi->ipcBuffer);
    __libc_init_array(); /* .preinit_array, .init_array (exit() runs .fini_array) */
    exit(main(1, argv));
}
