/* The component ELF images embedded in the root server (the camkes tool's archive.S: one
 * entry per component instance, named by spec_component_t.elf). */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <camkes/spec.h>

typedef struct rootserver_image {
    const char *name;
    const uint8_t *data;
    size_t size;
} rootserver_image_t;

extern const rootserver_image_t rootserver_images[];
extern const unsigned rootserver_num_images;

/* The untyped hand-over table (its layout is shared with components: camkes/spec.h). */
typedef spec_untyped_info_t rootserver_untyped_info_t;
