/* riscv64 sizes and limits (Sv39, non-MCS, FPU present).  Everything that depends on the
 * word size or the page-table depth lives here so a riscv32 port only replaces this
 * directory.  Plain #defines without suffixes: usable from assembly and #if. Kernel-safe. */
#pragma once

#define seL4_WordBits 64
#define seL4_WordSizeBits 3 /* log2(bytes per word) */

/* Object sizes (log2 bytes). */
#define seL4_SlotBits 5 /* a CNode slot is 32 bytes */
#define seL4_TCBBits 11 /* 10 without an FPU */
#define seL4_EndpointBits 4
#define seL4_NotificationBits 5 /* 6 under MCS */
#define seL4_IPCBufferSizeBits 10

/* Sv39 paging. */
#define seL4_PageTableEntryBits 3
#define seL4_PageTableIndexBits 9
#define seL4_PageBits 12
#define seL4_LargePageBits 21 /* Mega page */
#define seL4_HugePageBits 30  /* Giga page */
#define seL4_TeraPageBits 39  /* only with 4 levels; not mappable here */
#define seL4_PageTableBits 12
#define seL4_VSpaceBits seL4_PageTableBits

/* ASIDs: 128 pools of 512. ASID 0 is never handed out. */
#define seL4_NumASIDPoolsBits 7
#define seL4_ASIDPoolIndexBits 9
#define seL4_ASIDPoolBits 12

/* Untyped sizes accepted by Retype. */
#define seL4_MinUntypedBits 4
#define seL4_MaxUntypedBits 38

/* CNode guard data (seL4_CNode_CapData) and badges. */
#define seL4_GuardSizeBits 6
#define seL4_GuardBits 58
#define seL4_BadgeBits 64

/* First virtual address user space cannot map (exclusive limit; deprecated by seL4 in
 * favour of the inclusive seL4_UserVSpaceTop). */
#define seL4_UserTop 0x0000003ffffff000
#define seL4_UserVSpaceTop 0x0000003fffffefff /* last mappable byte */
/* The bitsLeft value (MR[SEL4_MAPPING_LOOKUP_LEVEL] of a FailedLookup from Page_Map)
 * meaning "the last-level page table for this 4 KiB page is missing": 12 + 9. */
#define SEL4_MAPPING_LOOKUP_NO_PT 21
