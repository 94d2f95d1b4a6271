/* User-level fault delivery: a fault becomes a Call on the thread's fault endpoint. */
#pragma once
#include <object/structures.h>

void handle_fault(tcb_t *t);
void do_fault_transfer(word_t badge, tcb_t *sender, tcb_t *receiver, word_t *recv_buf);
bool handle_fault_reply(tcb_t *receiver, tcb_t *sender);
word_t set_lookup_fault_mrs(tcb_t *t, word_t *buf, word_t offset, const lookup_fault_t *lf);

static inline fault_t fault_cap_new(cptr_t addr, bool in_recv_phase)
{
    return (fault_t){.type = fault_cap, .w = {addr, in_recv_phase, 0, 0}};
}
static inline fault_t fault_vm_new(word_t addr, bool prefetch, word_t fsr)
{
    return (fault_t){.type = fault_vm, .w = {addr, prefetch, fsr, 0}};
}
static inline fault_t fault_unknown_syscall_new(word_t number)
{
    return (fault_t){.type = fault_unknown_syscall, .w = {number, 0, 0, 0}};
}
static inline fault_t fault_user_exception_new(word_t number, word_t code)
{
    return (fault_t){.type = fault_user_exception, .w = {number, code, 0, 0}};
}
