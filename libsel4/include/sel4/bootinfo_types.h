/* The boot interface: initial CNode slots, seL4_BootInfo and extra bootinfo headers.
 * Kernel-safe.  The root task finds seL4_BootInfo at the address passed in a0. */
#pragma once

#include <sel4/simple_types.h>
#include <sel4/macros.h>
#include <sel4/sel4_arch/constants.h>
#include <sel4/shared_types.h>

/* The bootinfo frame is one small page. */
#define seL4_BootInfoFrameBits seL4_PageBits
#define seL4_BootInfoFrameSize LIBSEL4_BIT(seL4_BootInfoFrameBits)

/* Length of seL4_BootInfo.untypedList (CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS).  Part of
 * the binary layout, so it is fixed here; a kernel config that disagrees fails below. */
#define SEL4_BOOTINFO_MAX_UNTYPED_CAPS 230

#ifndef __ASSEMBLER__

#ifdef CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS
SEL4_COMPILE_ASSERT(bootinfo_untyped_caps,
                    CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS == SEL4_BOOTINFO_MAX_UNTYPED_CAPS)
#endif

/* Slots of the root task's CNode filled in by the kernel at boot (seL4 numbering; slots
 * for features Cantrip-C lacks stay empty). */
enum seL4_RootCNodeCapSlots {
    seL4_CapNull = 0,
    seL4_CapInitThreadTCB = 1,
    seL4_CapInitThreadCNode = 2,
    seL4_CapInitThreadVSpace = 3, /* root page table, ASID 1 */
    seL4_CapIRQControl = 4,
    seL4_CapASIDControl = 5,
    seL4_CapInitThreadASIDPool = 6,
    seL4_CapIOPortControl = 7, /* x86 only: empty */
    seL4_CapIOSpace = 8,       /* empty */
    seL4_CapBootInfoFrame = 9,
    seL4_CapInitThreadIPCBuffer = 10,
    seL4_CapDomain = 11,
    seL4_CapSMMUSIDControl = 12, /* empty */
    seL4_CapSMMUCBControl = 13,  /* empty */
    seL4_CapInitThreadSC = 14,   /* MCS only: empty */
    seL4_CapSMC = 15,            /* Arm only: empty */
    seL4_NumInitialCaps = 16,    /* first slot the kernel fills dynamically */
};
/* Older name of the VSpace root slot. */
#define seL4_CapInitThreadPD seL4_CapInitThreadVSpace

typedef seL4_Word seL4_SlotPos;
typedef seL4_Word seL4_NodeId;
typedef seL4_Word seL4_Domain;

/* A range of CNode slots, [start, end). */
typedef struct seL4_SlotRegion {
    seL4_SlotPos start;
    seL4_SlotPos end;
} seL4_SlotRegion;

/* One untyped cap handed to the root task: paddr, size 2^sizeBits, device or RAM. */
typedef struct seL4_UntypedDesc {
    seL4_Word paddr;
    seL4_Uint8 sizeBits;
    seL4_Uint8 isDevice;
    seL4_Uint8 padding[sizeof(seL4_Word) - 2 * sizeof(seL4_Uint8)];
} seL4_UntypedDesc;

typedef struct seL4_BootInfo {
    seL4_Word extraLen;              /* bytes of extra bootinfo after this frame */
    seL4_NodeId nodeID;              /* 0 */
    seL4_Word numNodes;              /* 1 */
    seL4_Word numIOPTLevels;         /* 0 */
    seL4_IPCBuffer *ipcBuffer;       /* root task's IPC buffer (user vaddr) */
    seL4_SlotRegion empty;           /* free slots of the root CNode */
    seL4_SlotRegion sharedFrames;    /* unused: {0, 0} */
    seL4_SlotRegion userImageFrames; /* frame caps of the root task image, in vaddr order */
    seL4_SlotRegion userImagePaging; /* page-table caps for the image (not the root) */
    seL4_SlotRegion ioSpaceCaps;     /* unused: {0, 0} */
    seL4_SlotRegion extraBIPages;    /* frame caps of the extra bootinfo */
    seL4_Word initThreadCNodeSizeBits;
    seL4_Domain initThreadDomain;
    seL4_SlotRegion untyped; /* untyped caps; untypedList[i] describes start + i */
    seL4_UntypedDesc untypedList[SEL4_BOOTINFO_MAX_UNTYPED_CAPS];
} seL4_BootInfo;

/* Extra bootinfo is a sequence of chunks, each starting with this header; len includes
 * the header. */
typedef struct seL4_BootInfoHeader {
    seL4_Word id;
    seL4_Word len;
} seL4_BootInfoHeader;

enum {
    SEL4_BOOTINFO_HEADER_PADDING = 0,
    SEL4_BOOTINFO_HEADER_X86_VBE = 1,
    SEL4_BOOTINFO_HEADER_X86_MBMMAP = 2,
    SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP = 3,
    SEL4_BOOTINFO_HEADER_X86_FRAMEBUFFER = 4,
    SEL4_BOOTINFO_HEADER_X86_TSC_FREQ = 5,
    SEL4_BOOTINFO_HEADER_FDT = 6, /* the device tree; the only chunk on RISC-V */
    SEL4_BOOTINFO_HEADER_NUM,
};

/* Layout checks in words, so they hold for any word size (riscv64: 3848 bytes). */
#define SEL4_BI_WORD_(field) (SEL4_OFFSETOF(seL4_BootInfo, field) / sizeof(seL4_Word))
SEL4_COMPILE_ASSERT(slot_region_size, sizeof(seL4_SlotRegion) == 2 * sizeof(seL4_Word))
SEL4_COMPILE_ASSERT(untyped_desc_size, sizeof(seL4_UntypedDesc) == 2 * sizeof(seL4_Word))
SEL4_COMPILE_ASSERT(untyped_desc_sizebits,
                    SEL4_OFFSETOF(seL4_UntypedDesc, sizeBits) == sizeof(seL4_Word))
SEL4_COMPILE_ASSERT(untyped_desc_isdevice,
                    SEL4_OFFSETOF(seL4_UntypedDesc, isDevice) == sizeof(seL4_Word) + 1)
SEL4_COMPILE_ASSERT(bi_ipcBuffer, SEL4_BI_WORD_(ipcBuffer) == 4)
SEL4_COMPILE_ASSERT(bi_empty, SEL4_BI_WORD_(empty) == 5)
SEL4_COMPILE_ASSERT(bi_userImageFrames, SEL4_BI_WORD_(userImageFrames) == 9)
SEL4_COMPILE_ASSERT(bi_userImagePaging, SEL4_BI_WORD_(userImagePaging) == 11)
SEL4_COMPILE_ASSERT(bi_extraBIPages, SEL4_BI_WORD_(extraBIPages) == 15)
SEL4_COMPILE_ASSERT(bi_initThreadCNodeSizeBits, SEL4_BI_WORD_(initThreadCNodeSizeBits) == 17)
SEL4_COMPILE_ASSERT(bi_initThreadDomain, SEL4_BI_WORD_(initThreadDomain) == 18)
SEL4_COMPILE_ASSERT(bi_untyped, SEL4_BI_WORD_(untyped) == 19)
SEL4_COMPILE_ASSERT(bi_untypedList, SEL4_BI_WORD_(untypedList) == 21)
SEL4_COMPILE_ASSERT(bi_size, sizeof(seL4_BootInfo) ==
                                 (21 + 2 * SEL4_BOOTINFO_MAX_UNTYPED_CAPS) * sizeof(seL4_Word))
SEL4_COMPILE_ASSERT(bi_fits_frame, sizeof(seL4_BootInfo) <= seL4_BootInfoFrameSize)
SEL4_COMPILE_ASSERT(bi_header_size, sizeof(seL4_BootInfoHeader) == 2 * sizeof(seL4_Word))
#undef SEL4_BI_WORD_

#endif /* !__ASSEMBLER__ */
