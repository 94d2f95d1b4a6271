/* Invocation stubs: one function per kernel method, with seL4's names, argument order and
 * message encoding (seL4 16.0.0, riscv64, non-MCS).  User-only.
 *
 * Every stub is a Call on the invoked capability (`_service`):
 *   - label = the invocation label (sel4/abi/invocations.def),
 *   - word arguments go to MR0.. in order; a seL4_Bool takes one bit and a seL4_Uint8
 *     eight bits, packed into one word starting at bit 0 (each aligned to its size);
 *     word-sized arguments start a new MR,
 *   - capability arguments go to caps_or_badges[0..] (seL4_SetCap) and into extraCaps,
 *   - MR0..3 travel in registers (seL4_CallWithMRs), MR4.. through the IPC buffer.
 * The reply's label is the seL4_Error.  On an error the detail words (MR0..3) are also
 * stored into the IPC buffer so that seL4_GetMR(0..3) return them, as with seL4. */
#pragma once

#include <sel4/types.h>
#include <sel4/functions.h>
#include <sel4/syscalls.h>

/* Results of the methods that return data as well as an error. */
typedef struct seL4_TCB_SetFlags {
    int error;
    seL4_Word flags;
} seL4_TCB_SetFlags_t;

typedef struct seL4_RISCV_Page_GetAddress {
    int error;
    seL4_Word paddr;
} seL4_RISCV_Page_GetAddress_t;

/* ---- helpers ------------------------------------------------------------------------- */

/* Issue the invocation with mr[0..3] as MR0..3; on return mr[] holds the reply's MR0..3. */
LIBSEL4_INLINE_FUNC seL4_Error libsel4_invoke(seL4_CPtr service, seL4_Word label,
                                              seL4_Word extra_caps, seL4_Word length,
                                              seL4_Word mr[4])
{
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(label, 0, extra_caps, length);
    seL4_MessageInfo_t reply = seL4_CallWithMRs(service, tag, &mr[0], &mr[1], &mr[2], &mr[3]);
    seL4_Error result = (seL4_Error)seL4_MessageInfo_get_label(reply);
    if (result != seL4_NoError) {
        seL4_SetMR(0, mr[0]);
        seL4_SetMR(1, mr[1]);
        seL4_SetMR(2, mr[2]);
        seL4_SetMR(3, mr[3]);
    }
    return result;
}

/* Sub-word packing used by the seL4 stub generator. */
#define LIBSEL4_BOOL_(v, bit) (((seL4_Word)((v)&0x1)) << (bit))
#define LIBSEL4_U8_(v, shift) (((seL4_Word)((v)&0xff)) << (shift))

/* A seL4_Time argument takes one word on 64-bit, two (low word first) on 32-bit.
 * Stores it from mr[*n] on and advances *n. */
LIBSEL4_INLINE_FUNC void libsel4_put_time(seL4_Word mr[4], seL4_Word *n, seL4_Time t)
{
    if (sizeof(seL4_Time) <= sizeof(seL4_Word)) {
        mr[(*n)++] = (seL4_Word)t;
    } else {
        mr[(*n)++] = (seL4_Word)t;
        mr[(*n)++] = (seL4_Word)(t >> 32);
    }
}

/* ---- Untyped ------------------------------------------------------------------------- */

/* Create num_objects objects of `type` (size 2^size_bits where the type has a variable
 * size) in slots node_offset.. of the CNode found at (root, node_index, node_depth);
 * node_depth 0 means root itself. */
LIBSEL4_INLINE_FUNC seL4_Error seL4_Untyped_Retype(seL4_Untyped _service, seL4_Word type,
                                                   seL4_Word size_bits, seL4_CNode root,
                                                   seL4_Word node_index, seL4_Word node_depth,
                                                   seL4_Word node_offset, seL4_Word num_objects)
{
    seL4_Word mr[4] = {type, size_bits, node_index, node_depth};
    seL4_SetCap(0, root);
    seL4_SetMR(4, node_offset);
    seL4_SetMR(5, num_objects);
    return libsel4_invoke(_service, UntypedRetype, 1, 6, mr);
}

/* ---- TCB ----------------------------------------------------------------------------- */

/* Read the first `count` registers (seL4_UserContext order) of the thread. */
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_ReadRegisters(seL4_TCB _service, seL4_Bool suspend_source,
                                                      seL4_Uint8 arch_flags, seL4_Word count,
                                                      seL4_UserContext *regs)
{
    seL4_Word mr[4] = {LIBSEL4_BOOL_(suspend_source, 0) | LIBSEL4_U8_(arch_flags, 8), count, 0, 0};
    seL4_Error result = libsel4_invoke(_service, TCBReadRegisters, 0, 2, mr);
    if (result == seL4_NoError) {
        seL4_Word *const dst[] = {
#define SEL4_USER_CONTEXT_REG(name) &regs->name,
#include <sel4/arch/user_context.def>
        };
        const seL4_Word n = sizeof(dst) / sizeof(dst[0]);
        for (seL4_Word i = 0; i < count && i < n; i++) {
            *dst[i] = i < 4 ? mr[i] : seL4_GetMR((int)i);
        }
    }
    return result;
}

/* Write the first `count` registers; the message is always 2 + 32 words long. */
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_WriteRegisters(seL4_TCB _service, seL4_Bool resume_target,
                                                       seL4_Uint8 arch_flags, seL4_Word count,
                                                       seL4_UserContext *regs)
{
    const seL4_Word src[] = {
#define SEL4_USER_CONTEXT_REG(name) regs->name,
#include <sel4/arch/user_context.def>
    };
    const seL4_Word n = sizeof(src) / sizeof(src[0]);
    seL4_Word mr[4] = {LIBSEL4_BOOL_(resume_target, 0) | LIBSEL4_U8_(arch_flags, 8), count, src[0],
                       src[1]};
    for (seL4_Word i = 2; i < count && i < n; i++) {
        seL4_SetMR((int)(i + 2), src[i]);
    }
    return libsel4_invoke(_service, TCBWriteRegisters, 0, 2 + n, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_CopyRegisters(
    seL4_TCB _service, seL4_TCB source, seL4_Bool suspend_source, seL4_Bool resume_target,
    seL4_Bool transfer_frame, seL4_Bool transfer_integer, seL4_Uint8 arch_flags)
{
    seL4_Word mr[4] = {LIBSEL4_BOOL_(suspend_source, 0) | LIBSEL4_BOOL_(resume_target, 1) |
                           LIBSEL4_BOOL_(transfer_frame, 2) | LIBSEL4_BOOL_(transfer_integer, 3) |
                           LIBSEL4_U8_(arch_flags, 8),
                       0, 0, 0};
    seL4_SetCap(0, source);
    return libsel4_invoke(_service, TCBCopyRegisters, 1, 1, mr);
}

/* fault_ep is a CPtr in the thread's own CSpace, looked up when a fault happens.
 * A cap-data word of 0 (seL4_NilData) leaves the corresponding cap unchanged. */
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_Configure(seL4_TCB _service, seL4_Word fault_ep,
                                                  seL4_CNode cspace_root,
                                                  seL4_Word cspace_root_data, seL4_CPtr vspace_root,
                                                  seL4_Word vspace_root_data, seL4_Word buffer,
                                                  seL4_CPtr bufferFrame)
{
    seL4_Word mr[4] = {fault_ep, cspace_root_data, vspace_root_data, buffer};
    seL4_SetCap(0, cspace_root);
    seL4_SetCap(1, vspace_root);
    seL4_SetCap(2, bufferFrame);
    return libsel4_invoke(_service, TCBConfigure, 3, 4, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetPriority(seL4_TCB _service, seL4_TCB authority,
                                                    seL4_Word priority)
{
    seL4_Word mr[4] = {priority, 0, 0, 0};
    seL4_SetCap(0, authority);
    return libsel4_invoke(_service, TCBSetPriority, 1, 1, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetMCPriority(seL4_TCB _service, seL4_TCB authority,
                                                      seL4_Word mcp)
{
    seL4_Word mr[4] = {mcp, 0, 0, 0};
    seL4_SetCap(0, authority);
    return libsel4_invoke(_service, TCBSetMCPriority, 1, 1, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetSchedParams(seL4_TCB _service, seL4_TCB authority,
                                                       seL4_Word mcp, seL4_Word priority)
{
    seL4_Word mr[4] = {mcp, priority, 0, 0};
    seL4_SetCap(0, authority);
    return libsel4_invoke(_service, TCBSetSchedParams, 1, 2, mr);
}

/* buffer 0 removes the thread's IPC buffer. */
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetIPCBuffer(seL4_TCB _service, seL4_Word buffer,
                                                     seL4_CPtr bufferFrame)
{
    seL4_Word mr[4] = {buffer, 0, 0, 0};
    seL4_SetCap(0, bufferFrame);
    return libsel4_invoke(_service, TCBSetIPCBuffer, 1, 1, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetSpace(seL4_TCB _service, seL4_Word fault_ep,
                                                 seL4_CNode cspace_root, seL4_Word cspace_root_data,
                                                 seL4_CPtr vspace_root, seL4_Word vspace_root_data)
{
    seL4_Word mr[4] = {fault_ep, cspace_root_data, vspace_root_data, 0};
    seL4_SetCap(0, cspace_root);
    seL4_SetCap(1, vspace_root);
    return libsel4_invoke(_service, TCBSetSpace, 2, 3, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_Suspend(seL4_TCB _service)
{
    seL4_Word mr[4] = {0, 0, 0, 0};
    return libsel4_invoke(_service, TCBSuspend, 0, 0, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_Resume(seL4_TCB _service)
{
    seL4_Word mr[4] = {0, 0, 0, 0};
    return libsel4_invoke(_service, TCBResume, 0, 0, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_BindNotification(seL4_TCB _service, seL4_CPtr notification)
{
    seL4_Word mr[4] = {0, 0, 0, 0};
    seL4_SetCap(0, notification);
    return libsel4_invoke(_service, TCBBindNotification, 1, 0, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_UnbindNotification(seL4_TCB _service)
{
    seL4_Word mr[4] = {0, 0, 0, 0};
    return libsel4_invoke(_service, TCBUnbindNotification, 0, 0, mr);
}

/* Sets the thread's tp register. */
LIBSEL4_INLINE_FUNC seL4_Error seL4_TCB_SetTLSBase(seL4_TCB _service, seL4_Word tls_base)
{
    seL4_Word mr[4] = {tls_base, 0, 0, 0};
    return libsel4_invoke(_service, TCBSetTLSBase, 0, 1, mr);
}

/* flags := (flags & ~clear) | set; returns the new flags (seL4_TCBFlag_*). */
LIBSEL4_INLINE_FUNC seL4_TCB_SetFlags_t seL4_TCB_SetFlags(seL4_TCB _service, seL4_Word clear,
                                                          seL4_Word set)
{
    seL4_TCB_SetFlags_t result = {0, 0};
    seL4_Word mr[4] = {clear, set, 0, 0};
    result.error = libsel4_invoke(_service, TCBSetFlags, 0, 2, mr);
    if (result.error == seL4_NoError) {
        result.flags = mr[0];
    }
    return result;
}

/* ---- CNode: slots are (index, depth) pairs resolved from the invoked CNode ----------- */

LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Revoke(seL4_CNode _service, seL4_Word index,
                                                 seL4_Uint8 depth)
{
    seL4_Word mr[4] = {index, LIBSEL4_U8_(depth, 0), 0, 0};
    return libsel4_invoke(_service, CNodeRevoke, 0, 2, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Delete(seL4_CNode _service, seL4_Word index,
                                                 seL4_Uint8 depth)
{
    seL4_Word mr[4] = {index, LIBSEL4_U8_(depth, 0), 0, 0};
    return libsel4_invoke(_service, CNodeDelete, 0, 2, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_CancelBadgedSends(seL4_CNode _service, seL4_Word index,
                                                            seL4_Uint8 depth)
{
    seL4_Word mr[4] = {index, LIBSEL4_U8_(depth, 0), 0, 0};
    return libsel4_invoke(_service, CNodeCancelBadgedSends, 0, 2, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Copy(seL4_CNode _service, seL4_Word dest_index,
                                               seL4_Uint8 dest_depth, seL4_CNode src_root,
                                               seL4_Word src_index, seL4_Uint8 src_depth,
                                               seL4_CapRights_t rights)
{
    seL4_Word mr[4] = {dest_index, LIBSEL4_U8_(dest_depth, 0), src_index,
                       LIBSEL4_U8_(src_depth, 0)};
    seL4_SetCap(0, src_root);
    seL4_SetMR(4, rights.words[0]);
    return libsel4_invoke(_service, CNodeCopy, 1, 5, mr);
}

/* badge: the badge for an endpoint/notification cap, or seL4_CNode_CapData guard data
 * for a CNode cap; ignored for other caps. */
LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Mint(seL4_CNode _service, seL4_Word dest_index,
                                               seL4_Uint8 dest_depth, seL4_CNode src_root,
                                               seL4_Word src_index, seL4_Uint8 src_depth,
                                               seL4_CapRights_t rights, seL4_Word badge)
{
    seL4_Word mr[4] = {dest_index, LIBSEL4_U8_(dest_depth, 0), src_index,
                       LIBSEL4_U8_(src_depth, 0)};
    seL4_SetCap(0, src_root);
    seL4_SetMR(4, rights.words[0]);
    seL4_SetMR(5, badge);
    return libsel4_invoke(_service, CNodeMint, 1, 6, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Move(seL4_CNode _service, seL4_Word dest_index,
                                               seL4_Uint8 dest_depth, seL4_CNode src_root,
                                               seL4_Word src_index, seL4_Uint8 src_depth)
{
    seL4_Word mr[4] = {dest_index, LIBSEL4_U8_(dest_depth, 0), src_index,
                       LIBSEL4_U8_(src_depth, 0)};
    seL4_SetCap(0, src_root);
    return libsel4_invoke(_service, CNodeMove, 1, 4, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Mutate(seL4_CNode _service, seL4_Word dest_index,
                                                 seL4_Uint8 dest_depth, seL4_CNode src_root,
                                                 seL4_Word src_index, seL4_Uint8 src_depth,
                                                 seL4_Word badge)
{
    seL4_Word mr[4] = {dest_index, LIBSEL4_U8_(dest_depth, 0), src_index,
                       LIBSEL4_U8_(src_depth, 0)};
    seL4_SetCap(0, src_root);
    seL4_SetMR(4, badge);
    return libsel4_invoke(_service, CNodeMutate, 1, 5, mr);
}

/* pivot -> dest and src -> pivot atomically (dest == src swaps). */
LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Rotate(seL4_CNode _service, seL4_Word dest_index,
                                                 seL4_Uint8 dest_depth, seL4_Word dest_badge,
                                                 seL4_CNode pivot_root, seL4_Word pivot_index,
                                                 seL4_Uint8 pivot_depth, seL4_Word pivot_badge,
                                                 seL4_CNode src_root, seL4_Word src_index,
                                                 seL4_Uint8 src_depth)
{
    seL4_Word mr[4] = {dest_index, LIBSEL4_U8_(dest_depth, 0), dest_badge, pivot_index};
    seL4_SetCap(0, pivot_root);
    seL4_SetCap(1, src_root);
    seL4_SetMR(4, LIBSEL4_U8_(pivot_depth, 0));
    seL4_SetMR(5, pivot_badge);
    seL4_SetMR(6, src_index);
    seL4_SetMR(7, LIBSEL4_U8_(src_depth, 0));
    return libsel4_invoke(_service, CNodeRotate, 2, 8, mr);
}

/* Move this thread's pending reply cap into the given (empty) slot. */
LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_SaveCaller(seL4_CNode _service, seL4_Word index,
                                                     seL4_Uint8 depth)
{
    seL4_Word mr[4] = {index, LIBSEL4_U8_(depth, 0), 0, 0};
    return libsel4_invoke(_service, CNodeSaveCaller, 0, 2, mr);
}

/* ---- IRQ ----------------------------------------------------------------------------- */

/* Create an IRQHandler cap for `irq` in slot (root, index, depth). */
LIBSEL4_INLINE_FUNC seL4_Error seL4_IRQControl_Get(seL4_IRQControl _service, seL4_Word irq,
                                                   seL4_CNode root, seL4_Word index,
                                                   seL4_Uint8 depth)
{
    seL4_Word mr[4] = {irq, index, LIBSEL4_U8_(depth, 0), 0};
    seL4_SetCap(0, root);
    return libsel4_invoke(_service, IRQIssueIRQHandler, 1, 3, mr);
}

/* As seL4_IRQControl_Get, also selecting edge (trigger != 0) or level triggering. */
LIBSEL4_INLINE_FUNC seL4_Error seL4_IRQControl_GetTrigger(seL4_IRQControl _service, seL4_Word irq,
                                                          seL4_Word trigger, seL4_CNode root,
                                                          seL4_Word index, seL4_Uint8 depth)
{
    seL4_Word mr[4] = {irq, trigger, index, LIBSEL4_U8_(depth, 0)};
    seL4_SetCap(0, root);
    return libsel4_invoke(_service, RISCVIRQIssueIRQHandlerTrigger, 1, 4, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_IRQHandler_Ack(seL4_IRQHandler _service)
{
    seL4_Word mr[4] = {0, 0, 0, 0};
    return libsel4_invoke(_service, IRQAckIRQ, 0, 0, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_IRQHandler_SetNotification(seL4_IRQHandler _service,
                                                               seL4_CPtr notification)
{
    seL4_Word mr[4] = {0, 0, 0, 0};
    seL4_SetCap(0, notification);
    return libsel4_invoke(_service, IRQSetIRQHandler, 1, 0, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_IRQHandler_Clear(seL4_IRQHandler _service)
{
    seL4_Word mr[4] = {0, 0, 0, 0};
    return libsel4_invoke(_service, IRQClearIRQHandler, 0, 0, mr);
}

/* ---- Domains ------------------------------------------------------------------------- */

LIBSEL4_INLINE_FUNC seL4_Error seL4_DomainSet_Set(seL4_DomainSet _service, seL4_Uint8 domain,
                                                  seL4_TCB thread)
{
    seL4_Word mr[4] = {LIBSEL4_U8_(domain, 0), 0, 0, 0};
    seL4_SetCap(0, thread);
    return libsel4_invoke(_service, DomainSetSet, 1, 1, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_DomainSet_ScheduleConfigure(seL4_DomainSet _service,
                                                                seL4_Word index, seL4_Uint8 domain,
                                                                seL4_Time duration)
{
    seL4_Word mr[4] = {index, LIBSEL4_U8_(domain, 0), 0, 0};
    seL4_Word n = 2;
    libsel4_put_time(mr, &n, duration);
    return libsel4_invoke(_service, DomainScheduleConfigure, 0, n, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_DomainSet_ScheduleSetStart(seL4_DomainSet _service,
                                                               seL4_Word index)
{
    seL4_Word mr[4] = {index, 0, 0, 0};
    return libsel4_invoke(_service, DomainScheduleSetStart, 0, 1, mr);
}

/* ---- RISC-V virtual memory ----------------------------------------------------------- */

/* Install this page table in `vspace` at the first missing level covering vaddr. */
LIBSEL4_INLINE_FUNC seL4_Error seL4_RISCV_PageTable_Map(seL4_RISCV_PageTable _service,
                                                        seL4_RISCV_PageTable vspace,
                                                        seL4_Word vaddr,
                                                        seL4_RISCV_VMAttributes attr)
{
    seL4_Word mr[4] = {vaddr, (seL4_Word)attr, 0, 0};
    seL4_SetCap(0, vspace);
    return libsel4_invoke(_service, RISCVPageTableMap, 1, 2, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_RISCV_PageTable_Unmap(seL4_RISCV_PageTable _service)
{
    seL4_Word mr[4] = {0, 0, 0, 0};
    return libsel4_invoke(_service, RISCVPageTableUnmap, 0, 0, mr);
}

/* Map this frame at vaddr with the frame cap's rights masked by `rights`. */
LIBSEL4_INLINE_FUNC seL4_Error seL4_RISCV_Page_Map(seL4_RISCV_Page _service,
                                                   seL4_RISCV_PageTable vspace, seL4_Word vaddr,
                                                   seL4_CapRights_t rights,
                                                   seL4_RISCV_VMAttributes attr)
{
    seL4_Word mr[4] = {vaddr, rights.words[0], (seL4_Word)attr, 0};
    seL4_SetCap(0, vspace);
    return libsel4_invoke(_service, RISCVPageMap, 1, 3, mr);
}

LIBSEL4_INLINE_FUNC seL4_Error seL4_RISCV_Page_Unmap(seL4_RISCV_Page _service)
{
    seL4_Word mr[4] = {0, 0, 0, 0};
    return libsel4_invoke(_service, RISCVPageUnmap, 0, 0, mr);
}

LIBSEL4_INLINE_FUNC seL4_RISCV_Page_GetAddress_t
seL4_RISCV_Page_GetAddress(seL4_RISCV_Page _service)
{
    seL4_RISCV_Page_GetAddress_t result = {0, 0};
    seL4_Word mr[4] = {0, 0, 0, 0};
    result.error = libsel4_invoke(_service, RISCVPageGetAddress, 0, 0, mr);
    if (result.error == seL4_NoError) {
        result.paddr = mr[0];
    }
    return result;
}

/* Turn a 4 KiB untyped into a new ASID pool, stored at (root, index, depth). */
LIBSEL4_INLINE_FUNC seL4_Error seL4_RISCV_ASIDControl_MakePool(seL4_RISCV_ASIDControl _service,
                                                               seL4_Untyped untyped,
                                                               seL4_CNode root, seL4_Word index,
                                                               seL4_Uint8 depth)
{
    seL4_Word mr[4] = {index, LIBSEL4_U8_(depth, 0), 0, 0};
    seL4_SetCap(0, untyped);
    seL4_SetCap(1, root);
    return libsel4_invoke(_service, RISCVASIDControlMakePool, 2, 2, mr);
}

/* Give the VSpace root page table `vspace` an ASID from this pool. */
LIBSEL4_INLINE_FUNC seL4_Error seL4_RISCV_ASIDPool_Assign(seL4_RISCV_ASIDPool _service,
                                                          seL4_CPtr vspace)
{
    seL4_Word mr[4] = {0, 0, 0, 0};
    seL4_SetCap(0, vspace);
    return libsel4_invoke(_service, RISCVASIDPoolAssign, 1, 0, mr);
}
