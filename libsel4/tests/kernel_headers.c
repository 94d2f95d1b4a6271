/* The libsel4 headers the kernel shares ("pure definition" headers) must compile
 * freestanding: -ffreestanding -nostdinc with only the compiler's own include directory,
 * no inline asm, no libc.  Built for the target and syntax-checked with the host compiler
 * by `make libsel4-check`.  Also shows the intended way for the kernel to reuse the
 * X-macro tables. */
#include <stddef.h>
#include <stdint.h>

#include <sel4/macros.h>
#include <sel4/simple_types.h>
#include <sel4/syscall.h>
#include <sel4/invocation.h>
#include <sel4/errors.h>
#include <sel4/objecttype.h>
#include <sel4/constants.h>
#include <sel4/shared_types.h>
#include <sel4/bootinfo_types.h>
#include <sel4/arch/types.h>
#include <sel4/types.h>

/* Kernel-style expansion of the tables: names for debug output. */
const char *const cantrip_invocation_names[] = {
#define SEL4_INVOCATION(name, label) [label] = #name,
#include <sel4/abi/invocations.def>
};
_Static_assert(sizeof(cantrip_invocation_names) / sizeof(cantrip_invocation_names[0]) ==
                   nArchInvocationLabels,
               "one name per invocation label");

enum kernel_cap_tag {
#define SEL4_CAPTYPE(name, tag) kcap_##name##_cap = (tag),
#include <sel4/abi/captypes.def>
};

int cantrip_is_syscall_known(long n);
int cantrip_is_syscall_known(long n)
{
    switch (n) {
#define SEL4_SYSCALL(name, number)                                                                 \
    case (number):                                                                                 \
        return 1;
#include <sel4/abi/syscalls.def>
    default:
        return 0;
    }
}

/* Values the kernel relies on, straight from the ABI sheet. */
_Static_assert(seL4_SysCall == -1 && seL4_SysNBRecv == -8 && seL4_SysDebugNameThread == -14 &&
                   seL4_SysSetTLSBase == -30 && seL4_SysCantripDebugExit == -64,
               "syscall numbers");
_Static_assert(UntypedRetype == 1 && TCBSetFlags == 16 && CNodeRevoke == 17 &&
                   DomainScheduleSetStart == 32 && nInvocationLabels == 33 &&
                   nSeL4ArchInvocationLabels == 33 && RISCVPageTableMap == 33 &&
                   RISCVPageMap == 35 && RISCVIRQIssueIRQHandlerTrigger == 40 &&
                   nArchInvocationLabels == 41,
               "invocation labels");
_Static_assert(seL4_RISCV_Giga_Page == 5 && seL4_RISCV_4K_Page == 6 && seL4_RISCV_Mega_Page == 7 &&
                   seL4_RISCV_PageTableObject == 8 && seL4_ObjectTypeCount == 9 &&
                   seL4_NonArchObjectTypeCount == 5 && seL4_ModeObjectTypeCount == 6,
               "object types");
_Static_assert(seL4_NotEnoughMemory == 10 && seL4_NumErrors == 11, "errors");
_Static_assert(seL4_Fault_VMFault == 5 && seL4_Fault_UserException == 3, "fault labels");
_Static_assert(kcap_domain_cap == 20 && kcap_thread_cap == 12, "cap tags");
_Static_assert(sizeof(seL4_IPCBuffer) == 1024 && sizeof(seL4_UserContext) == 256, "layouts");
_Static_assert(sizeof(seL4_BootInfo) == 3848, "bootinfo size (riscv64)");
_Static_assert(offsetof(seL4_BootInfo, untypedList) == 168, "bootinfo untypedList");
