# Host unit tests: cmocka programs built for the build machine with AddressSanitizer and
# UndefinedBehaviorSanitizer, compiling pure-logic kernel sources directly.
# Included by the top-level Makefile (needs BUILD, Q, HOSTCC, COMMON_WARN, ARCH).
#
#   make test-host       build every tests/host/test_*.c and run them all
#
# Adding a test: create tests/host/test_foo.c (include "host_test.h", end with
# `int main(void) { return run_host_tests(tests); }`).  It is picked up automatically and
# linked with every kernel/src/lib/*.c.  If it needs more kernel sources or flags, define
# these below, in the "Per-test settings" section (they must be set before the rules are
# generated at the end of this file):
#   HOST_TEST_SRCS_test_foo   := kernel/src/kernel/cspace.c   # extra sources (added to lib)
#   HOST_TEST_CFLAGS_test_foo := -DSOMETHING                  # extra flags for test_foo.c
# Binaries land in $(BUILD)/host-tests/, objects under $(BUILD)/host-tests/obj/, and each
# binary's raw output of the last run in $(BUILD)/host-tests/<name>.log.

HOST_TEST_DIR := $(BUILD)/host-tests
HOST_TEST_CFLAGS := $(COMMON_WARN) -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
    -fno-omit-frame-pointer -DCANTRIP_HOST_TEST=1 \
    -DHOST_TEST_DATA_DIR='"$(abspath tests/host/data)"' \
    -Ikernel/include -Ikernel/include/arch/$(ARCH) -Ilibsel4/include -Itests/host -MMD -MP
HOST_TEST_LDFLAGS := -fsanitize=address,undefined
HOST_TEST_LDLIBS := -lcmocka

# Sources every host test is linked with: the freestanding kernel library.  builtins.c is
# left out: it defines memset/memcpy/memmove/memcmp for the kernel, which in a host program
# would replace the C library's (and AddressSanitizer's checked) versions process-wide.
HOST_TEST_LIB_SRCS := $(filter-out kernel/src/lib/builtins.c,$(wildcard kernel/src/lib/*.c))

# ---------------------------------------------------------------- per-test settings
HOST_TEST_SRCS_test_cspace := kernel/src/kernel/cspace.c
# The camkes tool's library (everything but its main.c).
CAMKES_TOOL_LIB_SRCS := $(filter-out camkes/tool/main.c,$(sort $(wildcard camkes/tool/*.c)))
HOST_TEST_SRCS_test_camkes_parser := $(CAMKES_TOOL_LIB_SRCS)
HOST_TEST_CFLAGS_test_camkes_parser := -Icamkes/tool
HOST_TEST_SRCS_test_camkes_fuzz := $(CAMKES_TOOL_LIB_SRCS)
HOST_TEST_CFLAGS_test_camkes_fuzz := -Icamkes/tool
HOST_TEST_SRCS_test_camkes_gen := $(CAMKES_TOOL_LIB_SRCS)
HOST_TEST_CFLAGS_test_camkes_gen := -Icamkes/tool

# The CAmkES component runtime's pure parts (marshalling, RPC wire format).  Its own
# sources need its include directory too, hence the pattern-specific flags.
CAMKES_RUNTIME_HOST_SRCS := camkes/runtime/marshal.c camkes/runtime/rpc_wire.c
HOST_TEST_SRCS_test_marshal := $(CAMKES_RUNTIME_HOST_SRCS)
HOST_TEST_CFLAGS_test_marshal := -Icamkes/runtime/include
HOST_TEST_SRCS_test_marshal_fuzz := $(CAMKES_RUNTIME_HOST_SRCS)
HOST_TEST_CFLAGS_test_marshal_fuzz := -Icamkes/runtime/include
$(HOST_TEST_DIR)/obj/camkes/runtime/%.o: HOST_TEST_EXTRA_CFLAGS := -Icamkes/runtime/include

# ---------------------------------------------------------------- rules
HOST_TEST_NAMES := $(sort $(patsubst tests/host/%.c,%,$(wildcard tests/host/test_*.c)))
HOST_TEST_BINS := $(addprefix $(HOST_TEST_DIR)/,$(HOST_TEST_NAMES))

host-test-obj = $(patsubst %.c,$(HOST_TEST_DIR)/obj/%.o,$(1))
# All sources of test $(1); sort also drops duplicates if a lib file is listed explicitly.
host-test-srcs = tests/host/$(1).c $(sort $(HOST_TEST_LIB_SRCS) $(HOST_TEST_SRCS_$(1)))

define host-test-rule
$(HOST_TEST_DIR)/$(1): $(call host-test-obj,$(call host-test-srcs,$(1)))
	$(Q)$(HOSTCC) $(HOST_TEST_LDFLAGS) -o $$@ $$^ $(HOST_TEST_LDLIBS)
$(call host-test-obj,tests/host/$(1).c): HOST_TEST_EXTRA_CFLAGS := $(HOST_TEST_CFLAGS_$(1))
endef
$(foreach t,$(HOST_TEST_NAMES),$(eval $(call host-test-rule,$(t))))

$(HOST_TEST_DIR)/obj/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_TEST_CFLAGS) $(HOST_TEST_EXTRA_CFLAGS) -c $< -o $@

test-host: $(HOST_TEST_BINS)
	$(Q)tests/host/run-host-tests.sh $(HOST_TEST_BINS)

HOST_TEST_OBJS := $(sort $(foreach t,$(HOST_TEST_NAMES),$(call host-test-obj,$(call host-test-srcs,$(t)))))
-include $(HOST_TEST_OBJS:.o=.d)
