/* Runtime pieces shared by every Cantrip-C user program: root servers (libsel4/crt/start.c)
 * and CAmkES components (camkes/runtime/start.c) both link this file.
 *
 *   - __sel4_ipc_buffer, libsel4's per-thread IPC buffer pointer (TLS);
 *   - the thread-local storage helpers cantrip_tls_size/align/init (sel4/cantrip.h);
 *   - picolibc's stdin/stdout/stderr: output through seL4_DebugPutChar, input always EOF;
 *   - getpid/kill, which picolibc's abort() reaches through raise().
 *
 * What differs between the two kinds of program stays in their own start-up file: how the
 * first thread is entered, what happens at start-up, and _exit() (a root server powers the
 * machine off; a component thread stops only itself).  Nothing here needs initialising at
 * run time: the streams are static, so a thread may print as soon as its TLS is set up. */
#include <sel4/sel4.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* libsel4's per-thread IPC buffer pointer (see sel4/functions.h). */
__thread seL4_IPCBuffer *__sel4_ipc_buffer;

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
 * start of the block and the linker's tp-relative offsets count from there.  Runs before
 * the calling thread has TLS; memcpy/memset keep no state, so this is safe before the
 * C library is otherwise initialised. */
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

/* ---- signals ---------------------------------------------------------------------- */

/* There is a single "process".  A signal whose default action is to terminate (the
 * only way picolibc's raise() gets here: abort() raises SIGABRT) ends it with the
 * shell convention 128 + signal number; _exit() is the program kind's own. */
__attribute__((weak)) pid_t getpid(void)
{
    return 1;
}

__attribute__((weak)) int kill(pid_t pid, int sig)
{
    (void)pid;
    _exit(128 + sig);
}
