/* Host tests for the bit-exact user/kernel data formats in libsel4's pure headers
 * (sel4/shared_types.h): seL4_MessageInfo_t, seL4_CapRights_t and seL4_CNode_CapData_t.
 * <sel4/sel4.h> cannot be used here (RISC-V inline asm), so only <sel4/types.h> is included.
 *
 * The expected layouts are seL4's (shared_types.bf, 64-bit):
 *   MessageInfo   label[63:12] capsUnwrapped[11:9] extraCaps[8:7] length[6:0]
 *   CapRights     GrantReply[3] Grant[2] Read[1] Write[0]
 *   CNode_CapData guard[63:6] guardSize[5:0]
 * and the kernel's own decoder (kernel/include/api/types.h) must agree with libsel4's
 * encoder bit for bit, which is checked over many words. */
#include "host_test.h"

#include <api/types.h>
#include <sel4/types.h>

typedef seL4_Word W;

static void constants(void **state)
{
    (void)state;
    assert_int_equal(sizeof(seL4_Word), 8);
    assert_int_equal(seL4_MsgMaxLength, 120);
    assert_int_equal(seL4_MsgLengthBits, 7);
    assert_int_equal(seL4_MsgExtraCapBits, 2);
    assert_int_equal(seL4_MsgMaxExtraCaps, 3);
    assert_int_equal(seL4_GuardSizeBits, 6);
    assert_int_equal(sizeof(seL4_IPCBuffer), 1024);
    assert_int_equal(seL4_MsgMaxLength, MSG_MAX_LENGTH);
    assert_int_equal(seL4_MsgMaxExtraCaps, MSG_MAX_EXTRA_CAPS);
}

static void message_info_layout(void **state)
{
    (void)state;
    seL4_MessageInfo_t m = seL4_MessageInfo_new(0x12345, 5, 3, 120);
    assert_int_equal(m.words[0], ((W)0x12345 << 12) | (5u << 9) | (3u << 7) | 120u);
    assert_int_equal(seL4_MessageInfo_get_label(m), 0x12345);
    assert_int_equal(seL4_MessageInfo_get_capsUnwrapped(m), 5);
    assert_int_equal(seL4_MessageInfo_get_extraCaps(m), 3);
    assert_int_equal(seL4_MessageInfo_get_length(m), 120);
    assert_int_equal(seL4_MessageInfo_new(0, 0, 0, 0).words[0], 0);
}

/* Values wider than a field are masked and never spill into a neighbour. */
static void message_info_masking(void **state)
{
    (void)state;
    seL4_MessageInfo_t m = seL4_MessageInfo_new(0, 0, 0, 0x80);
    assert_int_equal(m.words[0], 0);
    m = seL4_MessageInfo_new(0, 0, 4, 0);
    assert_int_equal(m.words[0], 0);
    m = seL4_MessageInfo_new(0, 8, 0, 0);
    assert_int_equal(m.words[0], 0);
    m = seL4_MessageInfo_new(~(W)0, 0, 0, 0);
    assert_int_equal(seL4_MessageInfo_get_label(m), ~(W)0 >> 12);
    assert_int_equal(m.words[0] & 0xfff, 0);
    m = seL4_MessageInfo_new(0, 7, 3, 127);
    assert_int_equal(m.words[0], 0xfff);
}

/* Each setter changes only its own field. */
static void message_info_setters_are_independent(void **state)
{
    (void)state;
    const seL4_MessageInfo_t all = {{~(W)0}};
    seL4_MessageInfo_t m = seL4_MessageInfo_set_length(all, 0);
    assert_int_equal(m.words[0], ~(W)0x7f);
    m = seL4_MessageInfo_set_extraCaps(all, 0);
    assert_int_equal(m.words[0], ~((W)3 << 7));
    m = seL4_MessageInfo_set_capsUnwrapped(all, 0);
    assert_int_equal(m.words[0], ~((W)7 << 9));
    m = seL4_MessageInfo_set_label(all, 0);
    assert_int_equal(m.words[0], 0xfff);

    seL4_MessageInfo_t p = seL4_MessageInfo_new(1, 2, 1, 4);
    seL4_MessageInfo_ptr_set_length(&p, 9);
    seL4_MessageInfo_ptr_set_label(&p, 0xabc);
    assert_int_equal(seL4_MessageInfo_ptr_get_length(&p), 9);
    assert_int_equal(seL4_MessageInfo_ptr_get_label(&p), 0xabc);
    assert_int_equal(seL4_MessageInfo_ptr_get_capsUnwrapped(&p), 2);
    assert_int_equal(seL4_MessageInfo_ptr_get_extraCaps(&p), 1);
}

/* The kernel decodes exactly what libsel4 encodes, and re-encodes to the same word. */
static void kernel_and_libsel4_agree(void **state)
{
    (void)state;
    uint64_t rng = 0x3e55a9e1;
    for (int i = 0; i < 5000; i++) {
        W w = (W)test_rand(&rng);
        seL4_MessageInfo_t u = {{w}};
        message_info_t k = message_info_from_word_raw(w);
        assert_int_equal(k.label, seL4_MessageInfo_get_label(u));
        assert_int_equal(k.caps_unwrapped, seL4_MessageInfo_get_capsUnwrapped(u));
        assert_int_equal(k.extra_caps, seL4_MessageInfo_get_extraCaps(u));
        assert_int_equal(k.length, seL4_MessageInfo_get_length(u));
        assert_int_equal(word_from_message_info(k), w);
        assert_int_equal(
            seL4_MessageInfo_new(k.label, k.caps_unwrapped, k.extra_caps, k.length).words[0], w);
    }
    /* libsel4 can encode lengths up to 127; the kernel clamps them on entry. */
    seL4_MessageInfo_t big = seL4_MessageInfo_new(0, 0, 0, 127);
    assert_int_equal(message_info_from_word(big.words[0]).length, seL4_MsgMaxLength);
}

static void cap_rights_layout(void **state)
{
    (void)state;
    assert_int_equal(seL4_CapRights_new(0, 0, 0, 1).words[0], 1); /* Write */
    assert_int_equal(seL4_CapRights_new(0, 0, 1, 0).words[0], 2); /* Read */
    assert_int_equal(seL4_CapRights_new(0, 1, 0, 0).words[0], 4); /* Grant */
    assert_int_equal(seL4_CapRights_new(1, 0, 0, 0).words[0], 8); /* GrantReply */
    assert_int_equal(seL4_AllRights.words[0], 0xf);
    assert_int_equal(seL4_NoRights.words[0], 0);
    assert_int_equal(seL4_ReadWrite.words[0], 3);
    assert_int_equal(seL4_CanRead.words[0], 2);
    assert_int_equal(seL4_CanWrite.words[0], 1);
    assert_int_equal(seL4_CanGrant.words[0], 4);
    assert_int_equal(seL4_CanGrantReply.words[0], 8);
    assert_int_equal(seL4_NoWrite.words[0], 0xe);
    assert_int_equal(seL4_NoRead.words[0], 0xd);
    seL4_CapRights_t r = seL4_CapRights_new(2, 2, 2, 2); /* one-bit fields mask to 0 */
    assert_int_equal(r.words[0], 0);
    r = seL4_CapRights_set_capAllowRead(seL4_NoRights, 1);
    assert_int_equal(seL4_CapRights_get_capAllowRead(r), 1);
    assert_int_equal(seL4_CapRights_get_capAllowWrite(r), 0);
}

static void cnode_cap_data_layout(void **state)
{
    (void)state;
    seL4_CNode_CapData_t d = seL4_CNode_CapData_new(0x5, 3);
    assert_int_equal(d.words[0], (0x5u << 6) | 3u);
    assert_int_equal(seL4_CNode_CapData_get_guard(d), 5);
    assert_int_equal(seL4_CNode_CapData_get_guardSize(d), 3);
    d = seL4_CNode_CapData_new(0, 64); /* guardSize is 6 bits */
    assert_int_equal(d.words[0], 0);
    d = seL4_CNode_CapData_new(~(W)0, 0);
    assert_int_equal(seL4_CNode_CapData_get_guard(d), ~(W)0 >> 6);
    assert_int_equal(seL4_CNode_CapData_get_guardSize(d), 0);
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(constants),
        cmocka_unit_test(message_info_layout),
        cmocka_unit_test(message_info_masking),
        cmocka_unit_test(message_info_setters_are_independent),
        cmocka_unit_test(kernel_and_libsel4_agree),
        cmocka_unit_test(cap_rights_layout),
        cmocka_unit_test(cnode_cap_data_layout),
    };
    return run_host_tests(tests);
}
