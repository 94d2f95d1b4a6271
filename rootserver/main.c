/* Cantrip-C root server: builds the system described by the generated specification
 * (camkes/include/camkes/spec.h) from the BootInfo untypeds, loads each component's ELF
 * from the embedded archive, starts every thread, prints boot statistics, hands the spare
 * untyped memory to the component that asked for it, and suspends itself. */
#include <stdio.h>
#include <string.h>
#include <sel4/sel4.h>
#include <sel4/cantrip.h>
#include <camkes/spec.h>
#include <rootserver/archive.h>
#include "rootserver.h"

extern const spec_t cantrip_spec;

seL4_BootInfo *rs_bootinfo;
static seL4_CPtr obj_cap[RS_MAX_OBJECTS]; /* our copy of each spec object */
static uint64_t comp_bytes[RS_MAX_COMPONENTS];
static unsigned objects_created;

NORETURN_RS void rs_fail(const char *what, int err)
{
    printf("rootserver: %s failed (error %d); system not started\n", what, err);
    seL4_CantripDebugExit(1);
    for (;;) {
    }
}

static const rootserver_image_t *find_image(const char *name)
{
    for (unsigned i = 0; i < rootserver_num_images; i++) {
        if (strcmp(rootserver_images[i].name, name) == 0) return &rootserver_images[i];
    }
    return NULL;
}

static seL4_Word object_bits(const spec_object_t *o)
{
    switch (o->type) {
    case SPEC_OBJ_TCB:
        return seL4_TCBBits;
    case SPEC_OBJ_ENDPOINT:
        return seL4_EndpointBits;
    case SPEC_OBJ_NOTIFICATION:
        return seL4_NotificationBits;
    case SPEC_OBJ_CNODE:
        return seL4_SlotBits + o->size_bits;
    case SPEC_OBJ_FRAME:
        return o->size_bits ? o->size_bits : seL4_PageBits;
    default:
        return seL4_PageBits; /* page tables, VSpaces, device frames */
    }
}

static seL4_Word object_type(const spec_object_t *o)
{
    switch (o->type) {
    case SPEC_OBJ_TCB:
        return seL4_TCBObject;
    case SPEC_OBJ_ENDPOINT:
        return seL4_EndpointObject;
    case SPEC_OBJ_NOTIFICATION:
        return seL4_NotificationObject;
    case SPEC_OBJ_CNODE:
        return seL4_CapTableObject;
    case SPEC_OBJ_FRAME:
        return o->size_bits == seL4_LargePageBits ? seL4_RISCV_Mega_Page : seL4_RISCV_4K_Page;
    default:
        return seL4_RISCV_PageTableObject;
    }
}

/* All objects, largest first so that alignment wastes little. */
static void create_objects(const spec_t *s)
{
    if (s->n_objects > RS_MAX_OBJECTS) rs_fail("spec too large", (int)s->n_objects);
    for (int bits = 40; bits >= 4; bits--) {
        for (uint32_t i = 0; i < s->n_objects; i++) {
            const spec_object_t *o = &s->objects[i];
            if ((int)object_bits(o) != bits || o->type == SPEC_OBJ_DEVICE_FRAME) continue;
            seL4_Word user_bits = o->type == SPEC_OBJ_CNODE ? o->size_bits : 0;
            obj_cap[i] = rs_alloc_object(object_type(o), user_bits);
            if (o->type == SPEC_OBJ_VSPACE) {
                int err = seL4_RISCV_ASIDPool_Assign(seL4_CapInitThreadASIDPool, obj_cap[i]);
                if (err) rs_fail("ASIDPool_Assign", err);
            }
            objects_created++;
        }
    }
    for (uint32_t i = 0; i < s->n_objects; i++) {
        if (s->objects[i].type == SPEC_OBJ_DEVICE_FRAME) {
            obj_cap[i] = rs_device_frame(s->objects[i].paddr);
            objects_created++;
        }
    }
}

/* Which component owns an object, for the memory statistics: the first that names it. */
static void account(const spec_t *s)
{
    static bool counted[RS_MAX_OBJECTS];
    for (uint32_t c = 0; c < s->n_components; c++) {
        const spec_component_t *k = &s->components[c];
        uint32_t own[2] = {k->cnode, k->vspace};
        for (int j = 0; j < 2; j++) {
            if (!counted[own[j]])
                counted[own[j]] = true, comp_bytes[c] += 1ull << object_bits(&s->objects[own[j]]);
        }
        for (uint32_t j = 0; j < k->n_caps; j++) {
            uint32_t o = k->caps[j].object;
            if (k->caps[j].kind != SPEC_CAP_OBJECT || counted[o]) continue;
            counted[o] = true;
            if (s->objects[o].type != SPEC_OBJ_DEVICE_FRAME)
                comp_bytes[c] += 1ull << object_bits(&s->objects[o]);
        }
        for (uint32_t j = 0; j < k->n_mappings; j++) {
            uint32_t o = k->mappings[j].object;
            if (counted[o] || s->objects[o].type == SPEC_OBJ_DEVICE_FRAME) continue;
            counted[o] = true;
            comp_bytes[c] += 1ull << object_bits(&s->objects[o]);
        }
        for (uint32_t j = 0; j < k->n_threads; j++) {
            uint32_t o = k->threads[j].ipc_buffer_frame;
            if (!counted[o]) counted[o] = true, comp_bytes[c] += 4096;
        }
    }
}

static void install_caps(const spec_t *s, const spec_component_t *k)
{
    seL4_CPtr cnode = obj_cap[k->cnode];
    seL4_Word radix = s->objects[k->cnode].size_bits;
    for (uint32_t j = 0; j < k->n_caps; j++) {
        const spec_cap_t *c = &k->caps[j];
        int err = 0;
        switch (c->kind) {
        case SPEC_CAP_OBJECT: {
            const spec_object_t *o = &s->objects[c->object];
            seL4_Word data = c->badge;
            /* A CNode cap gets the guard that makes the component's CSpace single level. */
            if (o->type == SPEC_OBJ_CNODE)
                data = seL4_CNode_CapData_new(0, seL4_WordBits - o->size_bits).words[0];
            seL4_CapRights_t rights = seL4_CapRights_new((c->rights >> 3) & 1, (c->rights >> 2) & 1,
                                                         (c->rights >> 1) & 1, c->rights & 1);
            err = seL4_CNode_Mint(cnode, c->slot, radix, seL4_CapInitThreadCNode,
                                  obj_cap[c->object], seL4_WordBits, rights, data);
            break;
        }
        case SPEC_CAP_IRQ_HANDLER: {
            /* The handler signals through a badged copy, so that several lines can share
             * one notification and be told apart by their bits. */
            seL4_CPtr h = rs_alloc_slot(), n = rs_alloc_slot();
            err = seL4_IRQControl_Get(seL4_CapIRQControl, c->irq, seL4_CapInitThreadCNode, h,
                                      seL4_WordBits);
            if (!err)
                err = seL4_CNode_Mint(seL4_CapInitThreadCNode, n, seL4_WordBits,
                                      seL4_CapInitThreadCNode, obj_cap[c->object], seL4_WordBits,
                                      seL4_AllRights, c->badge);
            if (!err) err = seL4_IRQHandler_SetNotification(h, n);
            if (!err)
                err = seL4_CNode_Move(cnode, c->slot, radix, seL4_CapInitThreadCNode, h,
                                      seL4_WordBits);
            break;
        }
        case SPEC_CAP_UNTYPED_POOL:
            break; /* filled last */
        default:
            err = -1;
        }
        if (err) {
            printf("rootserver: %s: cap for slot %u\n", k->name, (unsigned)c->slot);
            rs_fail("installing a capability", err);
        }
    }
}

static void map_spec_frames(const spec_component_t *k, seL4_CPtr vspace, uint32_t ci)
{
    for (uint32_t j = 0; j < k->n_mappings; j++) {
        const spec_mapping_t *m = &k->mappings[j];
        /* Each frame cap holds one mapping: map a copy. */
        seL4_CPtr copy = rs_alloc_slot();
        int err =
            seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, seL4_WordBits, seL4_CapInitThreadCNode,
                            obj_cap[m->object], seL4_WordBits, seL4_AllRights);
        if (err) rs_fail("copying a frame cap", err);
        rs_map_page(vspace, copy, m->vaddr, m->rights, m->executable, ci);
    }
    for (uint32_t t = 0; t < k->n_threads; t++) {
        const spec_thread_t *th = &k->threads[t];
        for (uint32_t p = 0; p < th->stack_pages; p++) {
            seL4_CPtr f = rs_alloc_object(seL4_RISCV_4K_Page, 0);
            comp_bytes[ci] += 4096;
            rs_map_page(vspace, f, th->stack_top - (uint64_t)(p + 1) * 4096, RS_RW, false, ci);
        }
        seL4_CPtr copy = rs_alloc_slot();
        int err =
            seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, seL4_WordBits, seL4_CapInitThreadCNode,
                            obj_cap[th->ipc_buffer_frame], seL4_WordBits, seL4_AllRights);
        if (err) rs_fail("copying an IPC buffer cap", err);
        rs_map_page(vspace, copy, th->ipc_buffer, RS_RW, false, ci);
    }
}

static void configure_threads(const spec_t *s, const spec_component_t *k, uint64_t entry)
{
    seL4_Word radix = s->objects[k->cnode].size_bits;
    seL4_Word guard = seL4_CNode_CapData_new(0, seL4_WordBits - radix).words[0];
    for (uint32_t t = 0; t < k->n_threads; t++) {
        const spec_thread_t *th = &k->threads[t];
        seL4_CPtr tcb = obj_cap[th->tcb];
        int err =
            seL4_TCB_Configure(tcb, k->fault_ep_cptr, obj_cap[k->cnode], guard, obj_cap[k->vspace],
                               0, th->ipc_buffer, obj_cap[th->ipc_buffer_frame]);
        if (!err) err = seL4_TCB_SetSchedParams(tcb, seL4_CapInitThreadTCB, th->mcp, th->priority);
        if (err) rs_fail("configuring a thread", err);
        seL4_UserContext regs = {0};
        regs.pc = entry;
        regs.sp = th->stack_top;
        regs.a0 = t;
        err = seL4_TCB_WriteRegisters(tcb, 0, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
        if (err) rs_fail("setting thread registers", err);
        char name[64];
        snprintf(name, sizeof(name), "%s.%s", k->name, th->name);
        seL4_DebugNameThread(tcb, name);
    }
}

static void start_threads(const spec_t *s)
{
    for (uint32_t c = 0; c < s->n_components; c++) {
        for (uint32_t t = 0; t < s->components[c].n_threads; t++) {
            int err = seL4_TCB_Resume(obj_cap[s->components[c].threads[t].tcb]);
            if (err) rs_fail("starting a thread", err);
        }
    }
}

static void hand_over_untypeds(const spec_t *s, uint64_t *left)
{
    for (uint32_t c = 0; c < s->n_components; c++) {
        const spec_component_t *k = &s->components[c];
        for (uint32_t j = 0; j < k->n_caps; j++) {
            if (k->caps[j].kind != SPEC_CAP_UNTYPED_POOL) continue;
            rs_give_untypeds(obj_cap[k->cnode], s->objects[k->cnode].size_bits, k->caps[j].slot,
                             obj_cap[k->caps[j].object], k->name, left);
            return;
        }
    }
    *left = rs_untyped_free_bytes();
}

int main(void)
{
    const spec_t *s = &cantrip_spec;
    rs_bootinfo = seL4_GetBootInfo();
    if (s->n_components > RS_MAX_COMPONENTS) rs_fail("too many components", (int)s->n_components);
    rs_alloc_init(rs_bootinfo);
    uint64_t ram_before = rs_untyped_free_bytes();
    printf("rootserver: building %u components, %u objects\n", (unsigned)s->n_components,
           (unsigned)s->n_objects);

    create_objects(s);
    account(s);
    for (uint32_t c = 0; c < s->n_components; c++) {
        const spec_component_t *k = &s->components[c];
        const rootserver_image_t *img = find_image(k->elf);
        if (!img) {
            printf("rootserver: no image \"%s\" for component %s\n", k->elf, k->name);
            rs_fail("finding a component image", -1);
        }
        uint64_t entry = rs_load_elf(img, obj_cap[k->vspace], c, &comp_bytes[c]);
        map_spec_frames(k, obj_cap[k->vspace], c);
        install_caps(s, k);
        configure_threads(s, k, entry);
    }

    uint64_t used = ram_before - rs_untyped_free_bytes();
    uint64_t left;
    hand_over_untypeds(s, &left);
    printf("rootserver: %u objects created, %llu KiB used\n", objects_created,
           (unsigned long long)(used >> 10));
    for (uint32_t c = 0; c < s->n_components; c++) {
        printf("rootserver:   %-24s %6llu KiB, %u threads\n", s->components[c].name,
               (unsigned long long)(comp_bytes[c] >> 10), (unsigned)s->components[c].n_threads);
    }
    printf("rootserver: %llu KiB of untyped memory handed on\n", (unsigned long long)(left >> 10));
    start_threads(s);
    /* Our work is done: the components own the system now. */
    seL4_TCB_Suspend(seL4_CapInitThreadTCB);
    return 0;
}
