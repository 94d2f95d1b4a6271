/* Data formats the kernel and user space must agree on bit for bit: seL4_MessageInfo_t,
 * seL4_CapRights_t, seL4_CNode_CapData_t, seL4_IPCBuffer and seL4_UserContext.
 *
 * Kernel-safe: plain C (static inline bit manipulation), no asm, no libc.  Accessor names
 * follow the functions seL4 generates from its bitfield specifications:
 *   T_new(...), T_get_F(x), T_set_F(x, v) (returns the updated value),
 *   T_ptr_get_F(&x), T_ptr_set_F(&x, v) (updates in place).
 * Unlike seL4's debug build, setters silently mask a value that does not fit. */
#pragma once

#include <sel4/simple_types.h>
#include <sel4/macros.h>
#include <sel4/constants.h>
#include <sel4/arch/shared_types.h>

#ifndef __ASSEMBLER__

/* Generates the get/set/ptr_get/ptr_set accessors of one field of a one-word bitfield
 * type T_t (struct { seL4_Word words[1]; }).  width < seL4_WordBits for every field. */
#define SEL4_BITFIELD_FIELD_(T, field, shift, width)                                               \
    static inline seL4_Word T##_get_##field(T##_t x)                                               \
    {                                                                                              \
        return (x.words[0] >> (shift)) & ((((seL4_Word)1) << (width)) - 1);                        \
    }                                                                                              \
    static inline T##_t T##_set_##field(T##_t x, seL4_Word v)                                      \
    {                                                                                              \
        const seL4_Word mask = ((((seL4_Word)1) << (width)) - 1) << (shift);                       \
        x.words[0] = (x.words[0] & ~mask) | ((v << (shift)) & mask);                               \
        return x;                                                                                  \
    }                                                                                              \
    static inline seL4_Word T##_ptr_get_##field(const T##_t *p)                                    \
    {                                                                                              \
        return T##_get_##field(*p);                                                                \
    }                                                                                              \
    static inline void T##_ptr_set_##field(T##_t *p, seL4_Word v)                                  \
    {                                                                                              \
        *p = T##_set_##field(*p, v);                                                               \
    }

/* ---- seL4_MessageInfo_t ----------------------------------------------------------------
 * One word: label (high bits) | capsUnwrapped (3) | extraCaps (2) | length (7).  Travels
 * in a1; the kernel clamps length to seL4_MsgMaxLength. */
typedef struct seL4_MessageInfo {
    seL4_Word words[1];
} seL4_MessageInfo_t;

#define SEL4_MSGINFO_EXTRACAPS_SHIFT_ (seL4_MsgLengthBits)
#define SEL4_MSGINFO_UNWRAPPED_SHIFT_ (seL4_MsgLengthBits + seL4_MsgExtraCapBits)
#define SEL4_MSGINFO_UNWRAPPED_BITS_ (seL4_MsgExtraCapBits + 1) /* one bit per extra cap */
#define SEL4_MSGINFO_LABEL_SHIFT_ (SEL4_MSGINFO_UNWRAPPED_SHIFT_ + SEL4_MSGINFO_UNWRAPPED_BITS_)

SEL4_BITFIELD_FIELD_(seL4_MessageInfo, length, 0, seL4_MsgLengthBits)
SEL4_BITFIELD_FIELD_(seL4_MessageInfo, extraCaps, SEL4_MSGINFO_EXTRACAPS_SHIFT_,
                     seL4_MsgExtraCapBits)
SEL4_BITFIELD_FIELD_(seL4_MessageInfo, capsUnwrapped, SEL4_MSGINFO_UNWRAPPED_SHIFT_,
                     SEL4_MSGINFO_UNWRAPPED_BITS_)
SEL4_BITFIELD_FIELD_(seL4_MessageInfo, label, SEL4_MSGINFO_LABEL_SHIFT_,
                     seL4_WordBits - SEL4_MSGINFO_LABEL_SHIFT_)

SEL4_COMPILE_ASSERT(msginfo_label_shift, SEL4_MSGINFO_LABEL_SHIFT_ == 12)

static inline seL4_MessageInfo_t seL4_MessageInfo_new(seL4_Word label, seL4_Word capsUnwrapped,
                                                      seL4_Word extraCaps, seL4_Word length)
{
    seL4_MessageInfo_t info = {{0}};
    info = seL4_MessageInfo_set_label(info, label);
    info = seL4_MessageInfo_set_capsUnwrapped(info, capsUnwrapped);
    info = seL4_MessageInfo_set_extraCaps(info, extraCaps);
    info = seL4_MessageInfo_set_length(info, length);
    return info;
}

/* ---- seL4_CapRights_t ------------------------------------------------------------------
 * Bit 0 Write, bit 1 Read, bit 2 Grant, bit 3 GrantReply.  Passed to CNode_Copy/Mint and
 * Page_Map as a plain word (.words[0]). */
typedef struct seL4_CapRights {
    seL4_Word words[1];
} seL4_CapRights_t;

SEL4_BITFIELD_FIELD_(seL4_CapRights, capAllowWrite, 0, 1)
SEL4_BITFIELD_FIELD_(seL4_CapRights, capAllowRead, 1, 1)
SEL4_BITFIELD_FIELD_(seL4_CapRights, capAllowGrant, 2, 1)
SEL4_BITFIELD_FIELD_(seL4_CapRights, capAllowGrantReply, 3, 1)

/* Argument order as in seL4: most significant bit first. */
static inline seL4_CapRights_t seL4_CapRights_new(seL4_Word capAllowGrantReply,
                                                  seL4_Word capAllowGrant, seL4_Word capAllowRead,
                                                  seL4_Word capAllowWrite)
{
    seL4_CapRights_t rights = {{0}};
    rights = seL4_CapRights_set_capAllowGrantReply(rights, capAllowGrantReply);
    rights = seL4_CapRights_set_capAllowGrant(rights, capAllowGrant);
    rights = seL4_CapRights_set_capAllowRead(rights, capAllowRead);
    rights = seL4_CapRights_set_capAllowWrite(rights, capAllowWrite);
    return rights;
}

#define seL4_NoRights seL4_CapRights_new(0, 0, 0, 0)
#define seL4_CanWrite seL4_CapRights_new(0, 0, 0, 1)
#define seL4_CanRead seL4_CapRights_new(0, 0, 1, 0)
#define seL4_CanGrant seL4_CapRights_new(0, 1, 0, 0)
#define seL4_CanGrantReply seL4_CapRights_new(1, 0, 0, 0)
#define seL4_ReadWrite seL4_CapRights_new(0, 0, 1, 1)
#define seL4_NoWrite seL4_CapRights_new(1, 1, 1, 0)
#define seL4_NoRead seL4_CapRights_new(1, 1, 0, 1)
#define seL4_AllRights seL4_CapRights_new(1, 1, 1, 1)

/* ---- seL4_CNode_CapData_t --------------------------------------------------------------
 * Guard data applied to a CNode cap by CNode_Mint/Mutate/Rotate and by the
 * cspace_root_data argument of TCB_Configure/SetSpace: guard above, guardSize below. */
typedef struct seL4_CNode_CapData {
    seL4_Word words[1];
} seL4_CNode_CapData_t;

SEL4_BITFIELD_FIELD_(seL4_CNode_CapData, guardSize, 0, seL4_GuardSizeBits)
SEL4_BITFIELD_FIELD_(seL4_CNode_CapData, guard, seL4_GuardSizeBits, seL4_GuardBits)

SEL4_COMPILE_ASSERT(cnode_capdata_fits, seL4_GuardSizeBits + seL4_GuardBits == seL4_WordBits)

static inline seL4_CNode_CapData_t seL4_CNode_CapData_new(seL4_Word guard, seL4_Word guardSize)
{
    seL4_CNode_CapData_t data = {{0}};
    data = seL4_CNode_CapData_set_guard(data, guard);
    data = seL4_CNode_CapData_set_guardSize(data, guardSize);
    return data;
}

/* ---- seL4_IPCBuffer --------------------------------------------------------------------
 * One per thread, registered with TCB_Configure/SetIPCBuffer, 2^seL4_IPCBufferSizeBits
 * bytes and aligned to its size.  msg[i] is message register i; the kernel moves MR0..3
 * in registers and copies only msg[4..] between buffers, so libsel4 keeps msg[0..3] in
 * step with a2..a5 itself.  The kernel never reads `tag`. */
typedef struct seL4_IPCBuffer_ {
    seL4_MessageInfo_t tag;
    seL4_Word msg[seL4_MsgMaxLength];
    seL4_Word userData;                             /* free for user-level use */
    seL4_Word caps_or_badges[seL4_MsgMaxExtraCaps]; /* send: extra cap CPtrs; recv: badges */
    seL4_CPtr receiveCNode;                         /* where a received cap goes: CNode CPtr */
    seL4_CPtr receiveIndex;                         /* ... slot index in it */
    seL4_Word receiveDepth;                         /* ... and the depth of that index */
} seL4_IPCBuffer __attribute__((__aligned__(sizeof(struct seL4_IPCBuffer_))));

#define SEL4_IPCBUF_WORD_(field) (SEL4_OFFSETOF(seL4_IPCBuffer, field) / sizeof(seL4_Word))
SEL4_COMPILE_ASSERT(ipcbuf_tag, SEL4_OFFSETOF(seL4_IPCBuffer, tag) == 0)
SEL4_COMPILE_ASSERT(ipcbuf_msg, SEL4_IPCBUF_WORD_(msg) == 1)
SEL4_COMPILE_ASSERT(ipcbuf_userData, SEL4_IPCBUF_WORD_(userData) == 121)
SEL4_COMPILE_ASSERT(ipcbuf_caps_or_badges, SEL4_IPCBUF_WORD_(caps_or_badges) == 122)
SEL4_COMPILE_ASSERT(ipcbuf_receiveCNode, SEL4_IPCBUF_WORD_(receiveCNode) == 125)
SEL4_COMPILE_ASSERT(ipcbuf_receiveIndex, SEL4_IPCBUF_WORD_(receiveIndex) == 126)
SEL4_COMPILE_ASSERT(ipcbuf_receiveDepth, SEL4_IPCBUF_WORD_(receiveDepth) == 127)
SEL4_COMPILE_ASSERT(ipcbuf_size, sizeof(seL4_IPCBuffer) == LIBSEL4_BIT(seL4_IPCBufferSizeBits))
SEL4_COMPILE_ASSERT(ipcbuf_align, _Alignof(seL4_IPCBuffer) == sizeof(seL4_IPCBuffer))
#undef SEL4_IPCBUF_WORD_

#endif /* !__ASSEMBLER__ */
