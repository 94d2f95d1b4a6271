/* C side of the Cantrip-C root-server runtime.
 *
 * crt0.S has set up sp, gp, .bss and tp and calls __cantrip_start(bootinfo).  From here:
 * record the bootinfo pointer, point libsel4 at the IPC buffer, run constructors, call
 * main() and leave through exit(), whose _exit() powers the machine off with main's
 * return value as QEMU's exit status (the Cantrip-C DebugExit call; see sel4/cantrip.h).
 *
 * It also supplies what picolibc expects from its environment: stdin/stdout/stderr
 * (output goes to seL4_DebugPutChar), _exit, and the kill/getpid pair used by
 * abort() via raise().  The heap for malloc() is the __heap_start..__heap_end region of
 * rootserver.ld, managed by picolibc's own sbrk(). */
#include <sel4/sel4.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* libsel4's per-thread IPC buffer pointer (see sel4/functions.h). */
__thread seL4_IPCBuffer *__sel4_ipc_buffer;

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

/* ---- thread-local storage --------------------------------------------------------- *
 * The linker script keeps the TLS image (.tdata, then .tbss) in the read-only segment as
 * a template and defines its geometry as absolute symbols; their addresses are the
 * values. */
extern const char __tdata_start[];
extern const char __tdata_size[];
extern const char __tls_size[];
extern const char __tls_align[];

seL4_Word cantrip_tls_size(void)
{
    return (seL4_Word)__tls_size;
}

seL4_Word cantrip_tls_align(void)
{
    return (seL4_Word)__tls_align;
}

/* RISC-V uses TLS variant I with no thread control block in front: tp points at the
 * start of the block and the linker's tp-relative offsets count from there. */
seL4_Word cantrip_tls_init(void *block)
{
    const size_t data = (size_t)__tdata_size;
    const size_t total = (size_t)__tls_size;
    memcpy(block, __tdata_start, data);
    memset((char *)block + data, 0, total - data);
    return (seL4_Word)block;
}

/* ---- stdio ------------------------------------------------------------------------ */

static int cantrip_putc(char c, FILE *file)
{
    (void)file;
    seL4_DebugPutChar(c);
    return (unsigned char)c;
}

/* There is no console input in seL4's debug interface. */
static int cantrip_getc(FILE *file)
{
    (void)file;
    return _FDEV_EOF;
}

static FILE cantrip_stdout = FDEV_SETUP_STREAM(cantrip_putc, NULL, NULL, _FDEV_SETUP_WRITE);
static FILE cantrip_stdin = FDEV_SETUP_STREAM(NULL, cantrip_getc, NULL, _FDEV_SETUP_READ);

/* Weak, so a program can bring its own streams. */
__attribute__((weak)) FILE *const stdin = &cantrip_stdin;
__attribute__((weak)) FILE *const stdout = &cantrip_stdout;
__attribute__((weak)) FILE *const stderr = &cantrip_stdout;

/* ---- process exit ----------------------------------------------------------------- */

void _exit(int status)
{
    seL4_CantripDebugExit((seL4_Word)status & 0xff);
}

/* There is a single "process".  A signal whose default action is to terminate (the
 * only way picolibc's raise() gets here: abort() raises SIGABRT) ends it with the
 * shell convention 128 + signal number. */
__attribute__((weak)) pid_t getpid(void)
{
    return 1;
}

__attribute__((weak)) int kill(pid_t pid, int sig)
{
    (void)pid;
    _exit(128 + sig);
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
