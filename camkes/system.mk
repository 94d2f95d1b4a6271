# CAmkES systems: generate a system from its assembly, build every component instance and
# the root server that instantiates them, and boot or test the kernel image.
# Included at the end of the top-level Makefile (needs the user-program and kernel-image
# macros, ROOTSERVER_SRCS/ROOTSERVER_CFLAGS, camkes/camkes.mk and the component runtime,
# camkes/runtime/runtime.mk, which is included here unless it already was).
#
#   make system [SYSTEM=dir]       build $(BUILD)/images/system-<name>.elf
#   make run-system [SYSTEM=dir]   build it and boot it interactively
#   make test-system [SYSTEM=dir]  boot it with <dir>/test-input.txt typed into the UART and
#                                  check the lines of <dir>/expected.txt (PASS/FAIL lines and
#                                  "N passed, N failed"); runs camkes-glue-check first
#   make camkes-glue-check         compile the glue generated for every connector kind
#
# SYSTEM (default examples/camkes-hello) is a directory with system.camkes; each program
# component's sources are the *.c beside its .camkes file.  SYS_IMPORT_PATH=dir1:dir2 adds
# import directories for `import <...>`.  Steps (docs/camkes.md):
#   1. camkes --generate $(SYS_GEN) <dir>/system.camkes: spec.c, archive.S, system.mk and
#      <instance>/camkes_gen.h, camkes_glue.c (files rewritten only when they change)
#   2. one ELF per instance: the component's *.c + its glue + the runtime (component.ld)
#   3. the root server: ROOTSERVER_SRCS + spec.c + archive.S (incbin of the ELFs)
#   4. the kernel image with that root server

ifndef COMPONENT_CFLAGS
include camkes/runtime/runtime.mk
endif

SYSTEM ?= examples/camkes-hello
SYS_NAME := $(notdir $(patsubst %/,%,$(SYSTEM)))
SYS_DIR := $(BUILD)/system/$(SYS_NAME)
SYS_GEN := $(SYS_DIR)/gen
SYS_ELF_DIR := $(SYS_DIR)/elf
SYS_IMAGE := $(BUILD)/images/system-$(SYS_NAME).elf
SYS_ROOTSERVER := $(BUILD)/user/system-$(SYS_NAME).elf
SYS_TIMEOUT ?= 60
SYS_IMPORT_PATH ?=

.PHONY: system run-system test-system

# Only goals that need the generated files cause generation (so `make clean`, `make test-host`
# and the rest never run the tool).
ifneq ($(filter system run-system test-system $(SYS_IMAGE) $(SYS_ROOTSERVER),$(MAKECMDGOALS)),)

# Every .camkes file and header of the system directory: a change regenerates.
SYS_INPUTS := $(shell find $(SYSTEM) -name '*.camkes' -o -name '*.h' 2>/dev/null)

$(SYS_GEN)/system.mk: $(CAMKES_TOOL) $(SYS_INPUTS)
	@mkdir -p $(SYS_GEN)
	$(Q)$(CAMKES_TOOL) --generate $(SYS_GEN) $(if $(SYS_IMPORT_PATH),--import-path $(SYS_IMPORT_PATH)) \
	    $(SYSTEM)/system.camkes
	$(Q)touch $@

-include $(SYS_GEN)/system.mk

# $(call camkes-instance,INSTANCE): $(SYS_ELF_DIR)/INSTANCE.elf
camkes-instance-srcs = $(wildcard $(CAMKES_DIR_$(1))/*.c) $(SYS_GEN)/$(1)/camkes_glue.c
define camkes-instance
$(SYS_ELF_DIR)/$(1).elf: $(call camkes-instance-srcs,$(1)) $(SYS_GEN)/$(1)/camkes_gen.h \
        $(wildcard $(CAMKES_DIR_$(1))/*.h) $(CAMKES_RUNTIME_DEPS) | deps
	@mkdir -p $$(dir $$@)
	$(Q)$(CC) $(COMPONENT_CFLAGS) -I$(SYS_GEN)/$(1) $(addprefix -I,$(CAMKES_INCDIRS_$(1))) \
	    $(if $(CAMKES_HEAP_$(1)),-Wl$(comma)--defsym=__heap_size=$(CAMKES_HEAP_$(1))) \
	    -o $$@ $(call camkes-instance-srcs,$(1)) $(COMPONENT_LDFLAGS) $(COMPONENT_LIBS)
endef
$(foreach i,$(CAMKES_INSTANCES),$(eval $(call camkes-instance,$(i))))

SYS_ELFS := $(patsubst %,$(SYS_ELF_DIR)/%.elf,$(CAMKES_INSTANCES))

# The root server: the spec and the ELF archive (archive.S finds the ELFs through -Wa,-I).
$(eval $(call user-program,system-$(SYS_NAME),$(ROOTSERVER_SRCS) $(SYS_GEN)/spec.c $(SYS_GEN)/archive.S,$(ROOTSERVER_CFLAGS) -Wa$(comma)-I$(SYS_ELF_DIR)))
$(SYS_ROOTSERVER): $(SYS_ELFS) $(wildcard rootserver/*.h rootserver/include/rootserver/*.h camkes/include/camkes/*.h)
$(eval $(call kernel-image,system-$(SYS_NAME)))

endif

system: $(SYS_IMAGE)

run-system: $(SYS_IMAGE)
	$(Q)tools/qemu-run.sh --interactive --mem $(QEMU_MEM) $<

# (The glue check first: it covers the connector kinds the example does not use.)
test-system: camkes-glue-check $(SYS_IMAGE)
	$(Q)tools/system-test.sh --timeout $(SYS_TIMEOUT) --mem $(QEMU_MEM) \
	    --input "$$(cat $(SYSTEM)/test-input.txt 2>/dev/null)" --expect $(SYSTEM)/expected.txt $(SYS_IMAGE)

# Compile check of the glue generated for the generator's golden-test assembly
# (tests/host/data/camkes/gen/system.camkes: every connector kind), with the component
# flags (-Werror); the example system covers linking and running.
CAMKES_GLUE_CHECK_DIR := $(BUILD)/camkes-glue-check
.PHONY: camkes-glue-check
camkes-glue-check: $(CAMKES_TOOL) $(CAMKES_RUNTIME_HEADERS) | deps
	$(Q)$(CAMKES_TOOL) --no-cpp --generate $(CAMKES_GLUE_CHECK_DIR) tests/host/data/camkes/gen/system.camkes
	$(Q)for d in $(CAMKES_GLUE_CHECK_DIR)/*/; do \
	    $(CC) $(COMPONENT_CFLAGS) -I$$d -c $${d}camkes_glue.c -o $${d}camkes_glue.o || exit 1; done
	@echo "camkes-glue-check: the generated glue compiles"
