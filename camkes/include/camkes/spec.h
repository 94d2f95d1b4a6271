/* The static system specification (capDL-style) that the camkes tool generates from an
 * assembly and the root server instantiates at boot.  It is plain C data compiled into the
 * root server: every kernel object, every capability in every component's CSpace, every
 * mapping and every thread.  Word-size generic; indices are 32-bit to keep tables small. */
#pragma once
#include <stdint.h>
#include <stdbool.h>

enum spec_object_type {
    SPEC_OBJ_TCB = 1,
    SPEC_OBJ_ENDPOINT,
    SPEC_OBJ_NOTIFICATION,
    SPEC_OBJ_CNODE,        /* size_bits = radix */
    SPEC_OBJ_FRAME,        /* size_bits = 12 (4 KiB) or 21 (2 MiB); zero-filled */
    SPEC_OBJ_DEVICE_FRAME, /* a frame of device memory at `paddr` (MMIO) */
    SPEC_OBJ_PAGE_TABLE,
    SPEC_OBJ_VSPACE, /* a page table assigned to an ASID */
};

typedef struct spec_object {
    uint8_t type; /* enum spec_object_type */
    uint8_t size_bits;
    uint64_t paddr;   /* SPEC_OBJ_DEVICE_FRAME only */
    const char *name; /* for boot statistics and errors */
} spec_object_t;

enum spec_cap_kind {
    SPEC_CAP_OBJECT = 1,   /* a cap to objects[object] with rights and badge */
    SPEC_CAP_IRQ_HANDLER,  /* an IRQHandler for line `irq`; it signals notification `object`
                            * through a cap badged `badge` (0: unbadged) */
    SPEC_CAP_UNTYPED_POOL, /* the first slot of the range that receives all spare untypeds */
};

/* Rights use seL4_CapRights bits: Write 1, Read 2, Grant 4, GrantReply 8. */
typedef struct spec_cap {
    uint32_t slot;
    uint8_t kind; /* enum spec_cap_kind */
    uint8_t rights;
    uint32_t object; /* index into spec.objects */
    uint64_t badge;  /* endpoint/notification badge; see SPEC_CAP_IRQ_HANDLER */
    uint32_t irq;    /* SPEC_CAP_IRQ_HANDLER only: the interrupt line */
} spec_cap_t;

typedef struct spec_mapping {
    uint64_t vaddr;
    uint32_t object; /* a frame or device frame */
    uint8_t rights;  /* seL4_CapRights: Read 2, Write 1 */
    bool executable;
} spec_mapping_t;

/* Every thread starts at the component ELF's entry point with a0 = its index in the
 * component's thread table, sp = stack_top, tp = 0; the C runtime does the rest. */
typedef struct spec_thread {
    const char *name;
    uint32_t tcb; /* object index */
    uint64_t
        stack_top; /* the stack's pages are mapped below, with an unmapped guard page under them */
    uint32_t stack_pages;
    uint64_t ipc_buffer;       /* vaddr, page aligned */
    uint32_t ipc_buffer_frame; /* object index */
    uint8_t priority;
    uint8_t mcp;
} spec_thread_t;

typedef struct spec_component {
    const char *name; /* instance name */
    const char *elf;  /* name of the component ELF in the root server's archive */
    uint32_t cnode;   /* object index; the component's CSpace root (single level) */
    uint32_t vspace;  /* object index */
    const spec_cap_t *caps;
    uint32_t n_caps;
    const spec_mapping_t
        *mappings; /* dataports, MMIO, shared pages (the ELF is loaded separately) */
    uint32_t n_mappings;
    const spec_thread_t *threads;
    uint32_t n_threads;
    uint64_t fault_ep_cptr; /* 0 = none */
} spec_component_t;

typedef struct spec {
    const spec_object_t *objects;
    uint32_t n_objects;
    const spec_component_t *components;
    uint32_t n_components;
} spec_t;

/* What the component holding SPEC_CAP_UNTYPED_POOL finds in the frame that cap names (the
 * frame is mapped read-only into it; camkes_gen.h gives the address as
 * CAMKES_UNTYPED_INFO_VADDR): the untypeds moved into its CNode, in slot order from the
 * pool's first slot. */
#define SPEC_UNTYPED_INFO_MAX 200
typedef struct spec_untyped_info {
    uint32_t count;
    uint32_t first_slot;
    struct {
        uint64_t paddr;
        uint8_t size_bits;
        uint8_t is_device;
    } desc[SPEC_UNTYPED_INFO_MAX];
} spec_untyped_info_t;

/* Fixed slots in every component's CNode (the generated camkes_gen.h names the rest). */
#define CAMKES_SLOT_CNODE 1        /* the component's own CNode */
#define CAMKES_SLOT_VSPACE 2       /* its VSpace root */
#define CAMKES_SLOT_RUNTIME_NTFN 3 /* a notification the runtime uses for its init barriers */
#define CAMKES_SLOT_FIRST_TCB 4    /* TCB caps of the component's threads, in thread order */
