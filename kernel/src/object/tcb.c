/* TCB invocations (seL4 non-MCS argument order, decode checks before any change). */
#include <object/tcb.h>
#include <object/objecttype.h>
#include <object/notification.h>
#include <kernel/thread.h>
#include <kernel/cte.h>
#include <arch/vspace_ops.h>
#include <arch/fpu.h>
#include <lib/string.h>
#include <sel4/invocation.h>
#include <sel4/constants.h>
#include <config.h>

/* Every live TCB, for DebugDumpScheduler. */
static tcb_t *all_tcbs;

tcb_t *tcb_list_head(void)
{
    return all_tcbs;
}

void kstrncpy_name(char *dst, const char *src)
{
    word_t i = 0;
    for (; src[i] && i < CONFIG_TCB_NAME_LENGTH - 1; i++)
        dst[i] = src[i];
    dst[i] = 0;
}

void tcb_init(tcb_object_t *obj)
{
    tcb_t *t = &obj->tcb;
    t->state = ThreadState_Inactive;
    t->time_slice = CONFIG_TIME_SLICE;
    arch_init_user_context(t);
    kstrncpy_name(t->name, "thread");
    /* The master reply cap: replies to this thread's Calls are derived from it. */
    cap_t master = cap_set_ptr(cap_new(cap_reply_cap), obj);
    master = cap_set_reply_master(master, 1);
    master = cap_set_reply_can_grant(master, 1);
    obj->slots[tcbReply].cap = master;
    mdb_set_flags(&obj->slots[tcbReply], true, true);
    t->all_next = all_tcbs;
    t->all_prev = NULL;
    if (all_tcbs) all_tcbs->all_prev = t;
    all_tcbs = t;
}

void tcb_unlink(tcb_t *t)
{
    if (t->all_prev)
        t->all_prev->all_next = t->all_next;
    else if (all_tcbs == t)
        all_tcbs = t->all_next;
    if (t->all_next) t->all_next->all_prev = t->all_prev;
    t->all_next = t->all_prev = NULL;
}

word_t *lookup_ipc_buffer(bool is_receiver, tcb_t *t)
{
    cap_t c = tcb_slot(t, tcbBuffer)->cap;
    if (cap_get_capType(c) != cap_frame_cap || cap_get_frame_is_device(c)) return NULL;
    word_t vm = cap_get_frame_vm_rights(c);
    if (vm == VMReadWrite || (!is_receiver && vm == VMReadOnly)) {
        word_t base = (word_t)paddr_to_pptr(cap_get_frame_paddr(c));
        return (word_t *)(base + (t->ipc_buffer & MASK(frame_size_bits(cap_get_frame_size(c)))));
    }
    return NULL;
}

static tcb_t *cur(void)
{
    return ks_cur_thread;
}

static exception_t check_valid_ipc_buffer(word_t vaddr, cap_t cap)
{
    if (cap_get_capType(cap) != cap_frame_cap || cap_get_frame_is_device(cap)) {
        return syscall_error(seL4_IllegalOperation);
    }
    if (!IS_ALIGNED(vaddr, IPC_BUFFER_SIZE_BITS)) return syscall_error(seL4_AlignmentError);
    return EXCEPTION_NONE;
}

static void write_reg_index(tcb_t *t, word_t i, word_t v)
{
    t->regs[i < N_FRAME_REGISTERS ? frameRegisters[i] : gpRegisters[i - N_FRAME_REGISTERS]] = v;
}
static word_t read_reg_index(tcb_t *t, word_t i)
{
    return t->regs[i < N_FRAME_REGISTERS ? frameRegisters[i] : gpRegisters[i - N_FRAME_REGISTERS]];
}

static exception_t decode_read_registers(tcb_t *t, word_t length, bool call, word_t *buffer)
{
    if (length < 2) return syscall_error(seL4_TruncatedMessage);
    word_t flags = get_mr(cur(), buffer, 0);
    word_t n = get_mr(cur(), buffer, 1);
    if (n < 1 || n > N_FRAME_REGISTERS + N_GP_REGISTERS)
        return error_range(1, N_FRAME_REGISTERS + N_GP_REGISTERS);
    if (t == cur()) return syscall_error(seL4_IllegalOperation);
    /* perform */
    if (flags & 1) suspend(t);
    if (call) {
        word_t *ibuf = lookup_ipc_buffer(true, cur());
        word_t i;
        for (i = 0; i < n; i++) {
            if (set_mr(cur(), ibuf, i, read_reg_index(t, i)) != i + 1) break;
        }
        set_message_info_reply(cur(), i);
        set_thread_state(cur(), ThreadState_Running);
    } else {
        set_thread_state(cur(), ThreadState_Restart);
    }
    return EXCEPTION_NONE;
}

static exception_t decode_write_registers(tcb_t *t, word_t length, word_t *buffer)
{
    if (length < 2) return syscall_error(seL4_TruncatedMessage);
    word_t flags = get_mr(cur(), buffer, 0);
    word_t w = get_mr(cur(), buffer, 1);
    if (length - 2 < w) return syscall_error(seL4_TruncatedMessage);
    if (t == cur()) return syscall_error(seL4_IllegalOperation);
    set_thread_state(cur(), ThreadState_Restart);
    word_t n = MIN(w, (word_t)(N_FRAME_REGISTERS + N_GP_REGISTERS));
    for (word_t i = 0; i < n; i++)
        write_reg_index(t, i, get_mr(cur(), buffer, i + 2));
    t->regs[REG_NextIP] = t->regs[REG_FaultIP];
    if (flags & 1) restart(t);
    return EXCEPTION_NONE;
}

static exception_t decode_copy_registers(tcb_t *dest, word_t length, word_t *buffer)
{
    if (length < 1 || !current_extra_caps[0]) return syscall_error(seL4_TruncatedMessage);
    word_t flags = get_mr(cur(), buffer, 0);
    cap_t src_cap = current_extra_caps[0]->cap;
    if (cap_get_capType(src_cap) != cap_thread_cap) return error_invalid_cap(1);
    tcb_t *src = tcb_from_cap(src_cap);
    set_thread_state(cur(), ThreadState_Restart);
    if (flags & 1) suspend(src);
    if (flags & 2) restart(dest);
    if (flags & 4) {
        for (word_t i = 0; i < N_FRAME_REGISTERS; i++)
            dest->regs[frameRegisters[i]] = src->regs[frameRegisters[i]];
        dest->regs[REG_NextIP] = dest->regs[REG_FaultIP];
    }
    if (flags & 8) {
        for (word_t i = 0; i < N_GP_REGISTERS; i++)
            dest->regs[gpRegisters[i]] = src->regs[gpRegisters[i]];
    }
    if (dest == cur()) reschedule_required();
    return EXCEPTION_NONE;
}

/* Validates a new CSpace / VSpace root; returns the cap to install. */
static exception_t derive_space_root(cte_t *slot, word_t data, bool is_cspace, cap_t *out)
{
    cap_t c = slot->cap;
    if (is_cspace && data != 0) {
        c = update_cap_data(false, data, c);
        if (cap_is_null(c)) return syscall_error(seL4_IllegalOperation);
    }
    derive_cap_ret_t d = derive_cap(slot, c);
    if (d.status != EXCEPTION_NONE) return d.status;
    if (is_cspace) {
        if (cap_get_capType(d.cap) != cap_cnode_cap) return syscall_error(seL4_IllegalOperation);
    } else if (!is_valid_vtable_root(d.cap)) {
        return syscall_error(seL4_IllegalOperation);
    }
    *out = d.cap;
    return EXCEPTION_NONE;
}

static bool slot_long_running_delete(const cte_t *s)
{
    return cap_get_capType(s->cap) == cap_zombie_cap;
}

/* Replaces the cap in a TCB slot with a copy of the one in src (if src still holds it). */
static void install_tcb_cap(tcb_t *t, enum tcb_cnode_index i, cap_t new_cap, cte_t *src)
{
    cte_t *dest = tcb_slot(t, i);
    cte_delete(dest);
    if (cap_is_null(dest->cap) && same_object_as(new_cap, src->cap)) cte_insert(new_cap, src, dest);
}

static exception_t decode_set_space_common(tcb_t *t, word_t length, word_t *buffer,
                                           bool with_buffer)
{
    word_t need_len = with_buffer ? 4 : 3, need_caps = with_buffer ? 3 : 2;
    for (word_t i = 0; i < need_caps; i++) {
        if (!current_extra_caps[i]) return syscall_error(seL4_TruncatedMessage);
    }
    if (length < need_len) return syscall_error(seL4_TruncatedMessage);
    word_t fault_ep = get_mr(cur(), buffer, 0);
    word_t cspace_data = get_mr(cur(), buffer, 1);
    word_t vspace_data = get_mr(cur(), buffer, 2);
    (void)vspace_data; /* no effect on RISC-V page-table caps */
    cte_t *cspace_slot = current_extra_caps[0], *vspace_slot = current_extra_caps[1];
    cap_t cspace_cap, vspace_cap, buffer_cap = cap_null();
    word_t buf_vaddr = 0;
    cte_t *buffer_slot = NULL;

    if (slot_long_running_delete(tcb_slot(t, tcbCTable)) ||
        slot_long_running_delete(tcb_slot(t, tcbVTable))) {
        return syscall_error(seL4_IllegalOperation);
    }
    exception_t s = derive_space_root(cspace_slot, cspace_data, true, &cspace_cap);
    if (s != EXCEPTION_NONE) return s;
    s = derive_space_root(vspace_slot, 0, false, &vspace_cap);
    if (s != EXCEPTION_NONE) return s;
    if (with_buffer) {
        buf_vaddr = get_mr(cur(), buffer, 3);
        buffer_slot = current_extra_caps[2];
        if (buf_vaddr != 0) {
            derive_cap_ret_t d = derive_cap(buffer_slot, buffer_slot->cap);
            if (d.status != EXCEPTION_NONE) return d.status;
            s = check_valid_ipc_buffer(buf_vaddr, d.cap);
            if (s != EXCEPTION_NONE) return s;
            buffer_cap = d.cap;
        }
    }
    /* perform */
    set_thread_state(cur(), ThreadState_Restart);
    t->fault_handler = fault_ep;
    install_tcb_cap(t, tcbCTable, cspace_cap, cspace_slot);
    install_tcb_cap(t, tcbVTable, vspace_cap, vspace_slot);
    if (with_buffer) {
        cte_delete(tcb_slot(t, tcbBuffer));
        t->ipc_buffer = buf_vaddr;
        if (!cap_is_null(buffer_cap) && same_object_as(buffer_cap, buffer_slot->cap)) {
            cte_insert(buffer_cap, buffer_slot, tcb_slot(t, tcbBuffer));
        }
    }
    if (t == cur()) reschedule_required();
    return EXCEPTION_NONE;
}

static exception_t decode_set_ipc_buffer(tcb_t *t, word_t length, word_t *buffer)
{
    if (length < 1 || !current_extra_caps[0]) return syscall_error(seL4_TruncatedMessage);
    word_t vaddr = get_mr(cur(), buffer, 0);
    cte_t *slot = current_extra_caps[0];
    cap_t bcap = cap_null();
    if (vaddr != 0) {
        derive_cap_ret_t d = derive_cap(slot, slot->cap);
        if (d.status != EXCEPTION_NONE) return d.status;
        exception_t s = check_valid_ipc_buffer(vaddr, d.cap);
        if (s != EXCEPTION_NONE) return s;
        bcap = d.cap;
    }
    set_thread_state(cur(), ThreadState_Restart);
    cte_delete(tcb_slot(t, tcbBuffer));
    t->ipc_buffer = vaddr;
    if (!cap_is_null(bcap) && same_object_as(bcap, slot->cap))
        cte_insert(bcap, slot, tcb_slot(t, tcbBuffer));
    if (t == cur()) reschedule_required();
    return EXCEPTION_NONE;
}

static exception_t decode_sched(tcb_t *t, word_t label, word_t length, word_t *buffer)
{
    word_t need = label == TCBSetSchedParams ? 2 : 1;
    if (length < need || !current_extra_caps[0]) return syscall_error(seL4_TruncatedMessage);
    cap_t auth = current_extra_caps[0]->cap;
    if (cap_get_capType(auth) != cap_thread_cap) return error_invalid_cap(1);
    word_t max = tcb_from_cap(auth)->mcp;
    word_t a = get_mr(cur(), buffer, 0);
    word_t b = label == TCBSetSchedParams ? get_mr(cur(), buffer, 1) : 0;
    if (a > max) return error_range(0, max);
    if (label == TCBSetSchedParams && b > max) return error_range(0, max);
    set_thread_state(cur(), ThreadState_Restart);
    switch (label) {
    case TCBSetPriority:
        set_priority(t, a);
        break;
    case TCBSetMCPriority:
        t->mcp = a;
        break;
    default:
        t->mcp = a;
        set_priority(t, b);
        break;
    }
    return EXCEPTION_NONE;
}

static exception_t decode_bind_notification(tcb_t *t)
{
    if (!current_extra_caps[0]) return syscall_error(seL4_TruncatedMessage);
    if (t->bound_notification) return syscall_error(seL4_IllegalOperation);
    cap_t c = current_extra_caps[0]->cap;
    if (cap_get_capType(c) != cap_notification_cap || !(cap_get_rights(c) & BIT(1))) {
        return syscall_error(seL4_IllegalOperation);
    }
    notification_t *n = cap_get_ptr(c);
    if (n->bound_tcb || queue_state(&n->q) == NtfnState_Waiting)
        return syscall_error(seL4_IllegalOperation);
    set_thread_state(cur(), ThreadState_Restart);
    bind_notification(t, n);
    return EXCEPTION_NONE;
}

exception_t decode_tcb_invocation(word_t label, word_t length, cap_t cap, cte_t *slot, bool call,
                                  word_t *buffer)
{
    (void)slot;
    tcb_t *t = tcb_from_cap(cap);
    switch (label) {
    case TCBReadRegisters:
        return decode_read_registers(t, length, call, buffer);
    case TCBWriteRegisters:
        return decode_write_registers(t, length, buffer);
    case TCBCopyRegisters:
        return decode_copy_registers(t, length, buffer);
    case TCBConfigure:
        return decode_set_space_common(t, length, buffer, true);
    case TCBSetSpace:
        return decode_set_space_common(t, length, buffer, false);
    case TCBSetPriority:
    case TCBSetMCPriority:
    case TCBSetSchedParams:
        return decode_sched(t, label, length, buffer);
    case TCBSetIPCBuffer:
        return decode_set_ipc_buffer(t, length, buffer);
    case TCBSuspend:
        set_thread_state(cur(), ThreadState_Restart);
        suspend(t);
        return EXCEPTION_NONE;
    case TCBResume:
        set_thread_state(cur(), ThreadState_Restart);
        restart(t);
        return EXCEPTION_NONE;
    case TCBBindNotification:
        return decode_bind_notification(t);
    case TCBUnbindNotification:
        if (!t->bound_notification) return syscall_error(seL4_IllegalOperation);
        set_thread_state(cur(), ThreadState_Restart);
        unbind_notification(t);
        return EXCEPTION_NONE;
    case TCBSetTLSBase:
        if (length < 1) return syscall_error(seL4_TruncatedMessage);
        set_thread_state(cur(), ThreadState_Restart);
        t->regs[REG_tp] = get_mr(cur(), buffer, 0);
        return EXCEPTION_NONE;
    case TCBSetFlags: {
        if (length < 2) return syscall_error(seL4_TruncatedMessage);
        word_t clear = get_mr(cur(), buffer, 0), set = get_mr(cur(), buffer, 1);
        t->flags = (t->flags & ~clear) | (set & seL4_TCBFlag_MASK);
        if (t->flags & seL4_TCBFlag_fpuDisabled) fpu_release(t);
        if (call) {
            set_mr(cur(), lookup_ipc_buffer(true, cur()), 0, t->flags);
            set_message_info_reply(cur(), 1);
            set_thread_state(cur(), ThreadState_Running);
        } else {
            set_thread_state(cur(), ThreadState_Restart);
        }
        return EXCEPTION_NONE;
    }
    default:
        return syscall_error(seL4_IllegalOperation);
    }
}

exception_t decode_domain_invocation(word_t label, word_t length, word_t *buffer)
{
    switch (label) {
    case DomainSetSet: {
        if (length == 0) return syscall_error(seL4_TruncatedMessage);
        word_t dom = get_mr(cur(), buffer, 0);
        if (dom >= CONFIG_NUM_DOMAINS) return error_invalid_argument(0);
        if (!current_extra_caps[0]) return syscall_error(seL4_TruncatedMessage);
        cap_t c = current_extra_caps[0]->cap;
        if (cap_get_capType(c) != cap_thread_cap) return error_invalid_argument(1);
        set_thread_state(cur(), ThreadState_Restart);
        tcb_from_cap(c)->domain = dom;
        return EXCEPTION_NONE;
    }
    case DomainScheduleConfigure: {
        if (length < 3) return syscall_error(seL4_TruncatedMessage);
        word_t index = get_mr(cur(), buffer, 0), dom = get_mr(cur(), buffer, 1),
               dur = get_mr(cur(), buffer, 2);
        if (index >= CONFIG_NUM_DOMAIN_SCHEDULES - 1)
            return error_range(0, CONFIG_NUM_DOMAIN_SCHEDULES - 2);
        if (dom >= CONFIG_NUM_DOMAINS) return error_range(0, CONFIG_NUM_DOMAINS - 1);
        if ((uint64_t)dur > (UINT64_MAX >> 8)) return error_invalid_argument(2);
        if (dur == 0 && dom != 0) return error_invalid_argument(1);
        if (dur == 0 && index == 0) return error_invalid_argument(2);
        /* One domain: the schedule has no observable effect beyond validation. */
        set_thread_state(cur(), ThreadState_Restart);
        return EXCEPTION_NONE;
    }
    case DomainScheduleSetStart: {
        if (length < 1) return syscall_error(seL4_TruncatedMessage);
        word_t index = get_mr(cur(), buffer, 0);
        if (index >= CONFIG_NUM_DOMAIN_SCHEDULES)
            return error_range(0, CONFIG_NUM_DOMAIN_SCHEDULES - 1);
        if (index != 0) return error_invalid_argument(0); /* entry 1 is the end marker */
        set_thread_state(cur(), ThreadState_Restart);
        return EXCEPTION_NONE;
    }
    default:
        return syscall_error(seL4_IllegalOperation);
    }
}
