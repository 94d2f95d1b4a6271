# Host build of the CAmkES assembly tool (camkes/tool/*.c) and its check mode.
# Included by the top-level Makefile (needs BUILD, Q, HOSTCC, COMMON_WARN).
#
#   make camkes-tool                                    build $(BUILD)/tools/camkes
#   make camkes-check ASSEMBLY=path/system.camkes [IMPORT_PATH=dir1:dir2]
#                                                       build it and check an assembly
# See docs/camkes.md for the language subset, the output format and the messages.

CAMKES_TOOL := $(BUILD)/tools/camkes
CAMKES_TOOL_SRCS := $(sort $(wildcard camkes/tool/*.c))
CAMKES_TOOL_OBJS := $(patsubst %.c,$(BUILD)/tools/obj/%.o,$(CAMKES_TOOL_SRCS))
CAMKES_TOOL_CFLAGS := $(COMMON_WARN) -O2 -g -MMD -MP

$(BUILD)/tools/obj/camkes/tool/%.o: camkes/tool/%.c
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(CAMKES_TOOL_CFLAGS) -c $< -o $@

$(CAMKES_TOOL): $(CAMKES_TOOL_OBJS)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -o $@ $^

camkes-tool: $(CAMKES_TOOL)

camkes-check: $(CAMKES_TOOL)
	@if [ -z "$(ASSEMBLY)" ]; then \
	    echo "usage: make camkes-check ASSEMBLY=path/system.camkes [IMPORT_PATH=dir1:dir2]" >&2; \
	    exit 2; fi
	$(Q)$(CAMKES_TOOL) --check $(if $(IMPORT_PATH),--import-path $(IMPORT_PATH)) $(ASSEMBLY)

.PHONY: camkes-tool camkes-check
-include $(CAMKES_TOOL_OBJS:.o=.d)
