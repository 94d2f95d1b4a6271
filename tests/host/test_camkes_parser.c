/* Host tests for the CAmkES assembly tool's library (camkes/tool/): lexer, parser, imports,
 * expressions, semantic checks and the check-mode output.
 *
 * Good input: tests/host/data/camkes/cantrip/platforms/{sparrow,bcm2837}/system.camkes,
 * CantripOS-style assemblies for a sparrow-like and a Raspberry Pi 3-like board (read through
 * cpp, with component and interface import directories), and small texts given here.  Bad input:
 * texts given here, each with the exact messages (file:line:col) expected. */
#include "host_test.h"

#include <string.h>

#include "camkes.h"

#define CAMKES_DATA HOST_TEST_DATA_DIR "/camkes"
#define CANTRIP_IMPORT_PATH CAMKES_DATA "/cantrip/components:" CAMKES_DATA "/cantrip/interfaces"

/* ------------------------------------------------------------------ helpers */

struct run {
    struct camkes_ctx *ctx;
    FILE *diag;
    char *text; /* everything reported, one message per line */
    size_t len;
    bool ok;
};

static void start(struct run *r, struct camkes_options *opt)
{
    memset(r, 0, sizeof(*r));
    r->diag = open_memstream(&r->text, &r->len);
    assert_non_null(r->diag);
    opt->diag_out = r->diag;
    r->ctx = camkes_new(opt);
}

static void finish_check(struct run *r, bool loaded)
{
    r->ok = camkes_check(r->ctx) && loaded;
    fflush(r->diag);
}

static void done(struct run *r)
{
    camkes_free(r->ctx);
    fclose(r->diag);
    free(r->text);
}

/* Parses and checks text as file "t.camkes" (no cpp, no file imports). */
static void run_text(struct run *r, const char *text)
{
    struct camkes_options opt = {.no_cpp = true, .no_file_imports = true};
    start(r, &opt);
    finish_check(r, camkes_load_buffer(r->ctx, "t.camkes", text, strlen(text)));
}

static void run_file(struct run *r, const char *path, const char *import_path, bool cpp)
{
    struct camkes_options opt = {.no_cpp = !cpp, .import_path = import_path};
    start(r, &opt);
    finish_check(r, camkes_load_file(r->ctx, path));
}

/* Runs text and compares everything reported with `expected` (and the result with ok). */
static void expect_messages(const char *text, bool ok, const char *expected)
{
    struct run r;
    run_text(&r, text);
    if (strcmp(r.text, expected) != 0) {
        fprintf(stderr, "--- expected:\n%s--- got:\n%s", expected, r.text);
        fail_msg("messages differ");
    }
    assert_int_equal(r.ok, ok);
    done(&r);
}

/* Declarations shared by the error tests: 4 lines, so assemblies start on line 5. */
#define PRELUDE                                                                                    \
    "import <std_connector.camkes>;\n"                                                             \
    "procedure P { int f(in int x); };\n"                                                          \
    "component C { provides P p; uses P u; dataport Buf(4096) d; emits Ev e; consumes Ev c; "      \
    "attribute int n = 1; attribute string s; }\n"                                                 \
    "component H { hardware; dataport Buf(0x1000) regs; emits Interrupt irq; }\n"

static const struct ast_connection *find_conn(const struct ast_spec *s, const char *name)
{
    const struct ast_connection *c = ast_find_connection(s, name);
    if (c == NULL) fail_msg("no connection %s", name);
    return c;
}

static const struct ast_setting *find_setting(const struct ast_spec *s, const char *target,
                                              const char *attr)
{
    for (const struct ast_setting *st = s->settings.first; st != NULL; st = st->next)
        if (strcmp(st->target, target) == 0 && strcmp(st->attribute, attr) == 0) return st;
    fail_msg("no setting %s.%s", target, attr);
    return NULL;
}

/* ------------------------------------------------------------------ good input */

static void test_cantrip_system_assembly(void **state)
{
    (void)state;
    struct run r;
    run_file(&r, CAMKES_DATA "/cantrip/platforms/sparrow/system.camkes", CANTRIP_IMPORT_PATH, true);
    if (!r.ok || r.len != 0) fail_msg("unexpected messages:\n%s", r.text);
    const struct ast_spec *s = &r.ctx->spec;

    assert_int_equal(s->instances.count, 14);
    assert_int_equal(s->connections.count, 25);
    assert_int_equal(s->components.count, 14); /* 9 services + 5 hardware blocks */
    assert_int_equal(s->procedures.count, 11);
    assert_int_equal(s->connectors.count, 13); /* built-in std_connector.camkes */
    assert_int_equal(s->assemblies, 1);

    const struct ast_instance *dc = ast_find_instance(s, "debug_console");
    assert_non_null(dc);
    assert_string_equal(dc->type, "DebugConsole");
    assert_ptr_equal(dc->component, ast_find_component(s, "DebugConsole"));
    assert_true(dc->component->control);
    assert_true(ast_find_component(s, "OpenTitanUART")->hardware);

    const struct ast_connection *c = find_conn(s, "shell_process");
    assert_string_equal(c->type, "cantripRPCCall");
    assert_ptr_equal(c->connector, ast_find_connector(s, "cantripRPCCall"));
    assert_string_equal(c->ends.first->instance, "debug_console");
    assert_string_equal(c->ends.first->iface->name, "proc_ctrl");
    assert_int_equal(c->ends.first->iface->kind, IFACE_USES);
    assert_int_equal(c->ends.last->iface->kind, IFACE_PROVIDES);

    c = find_conn(s, "multi_memory");
    assert_int_equal(c->n_from, 5);
    assert_int_equal(c->n_to, 1);
    assert_string_equal(c->ends.last->instance, "memory_manager");
    assert_int_equal(find_conn(s, "multi_logger")->n_from, 8);
    assert_int_equal(find_conn(s, "vctop_irq")->n_from, 4);
    assert_true(find_conn(s, "uart_mem")->ends.last->inst->component->hardware);

    /* Values: KiB() is a cpp macro; platform.camkes is #included into configuration. */
    const struct ast_setting *st = find_setting(s, "memory_manager", "_stack_size");
    assert_true(st->value->evaluated);
    assert_int_equal(st->value->integer, 16 * 1024);
    assert_int_equal(find_setting(s, "memory_manager", "cnode_headroom")->value->integer, 256);
    assert_int_equal(find_setting(s, "uart", "tx_watermark_irq_number")->value->integer, 1);
    assert_int_equal(find_setting(s, "cpio", "cpio_paddr")->value->integer, 0x46000000);
    st = find_setting(s, "uart_driver", "irq_has_thread");
    assert_int_equal(st->value->kind, VALUE_BOOL);
    assert_int_equal(st->value->integer, 0);
    assert_string_equal(find_setting(s, "debug_console", "integrity_label")->value->string,
                        "debug_console");
    assert_true(strstr(st->loc.file, "sparrow/system.camkes") != NULL);
    st = find_setting(s, "timer", "timer_interrupt_irq_number");
    assert_true(strstr(st->loc.file, "sparrow/platform.camkes") != NULL);
    assert_int_equal(st->loc.line, 28);
    assert_int_equal(st->loc.col, 9);

    /* Definitions from the imported files. */
    const struct ast_component *ml = ast_find_component(s, "MlCoordinator");
    assert_int_equal(ast_find_interface(ml, "tcm")->size_value, 16 * 1024 * 1024);
    const struct ast_procedure *pc = ast_find_procedure(s, "ProcessControlInterface");
    assert_int_equal(pc->methods.count, 3);
    assert_int_equal(pc->includes.count, 1);
    const struct ast_method *m = pc->methods.last;
    assert_string_equal(m->name, "get_running_bundles");
    assert_string_equal(m->ret_type, "void");
    assert_int_equal(m->params.count, 2);
    assert_int_equal(m->params.first->dir, PARAM_OUT);
    assert_string_equal(m->params.first->type, "unsigned int");
    assert_int_equal(m->params.last->dir, PARAM_REFIN);
    assert_true(m->params.last->array);
    assert_int_equal(ast_find_procedure(s, "uart_write_inf")->methods.last->params.count, 0);
    const struct ast_component *uart = ast_find_component(s, "UARTDriver");
    assert_int_equal(uart->has.count, 2);
    assert_string_equal(uart->has.first->kind, "semaphore");
    assert_true(ast_find_interface(ast_find_component(s, "DebugConsole"), "timer")->maybe);
    done(&r);
}

static void test_cantrip_bcm2837_assembly(void **state)
{
    (void)state;
    /* The same components without the UART, timer, ML and mailbox: their interfaces are
     * `maybe`, so nothing is reported as unconnected. */
    struct run r;
    run_file(&r, CAMKES_DATA "/cantrip/platforms/bcm2837/system.camkes", CANTRIP_IMPORT_PATH, true);
    if (!r.ok || r.len != 0) fail_msg("unexpected messages:\n%s", r.text);
    const struct ast_spec *s = &r.ctx->spec;
    assert_int_equal(s->instances.count, 6);
    assert_int_equal(s->connections.count, 7);
    assert_null(ast_find_instance(s, "uart_driver"));
    assert_int_equal(find_conn(s, "multi_memory")->n_from, 4);
    assert_int_equal(find_setting(s, "cpio", "cpio_paddr")->value->integer, 0x20000000);
    assert_int_equal(find_setting(s, "debug_console", "_stack_size")->value->integer, 32768);
    done(&r);
}

static void test_check_output_format(void **state)
{
    (void)state;
    struct run r;
    run_text(&r, PRELUDE "assembly { composition {\n"
                         "  component C a; component C b; component H hw;\n"
                         "  connection seL4RPCCall rpc(to b.p, from a.u);\n"
                         "  connection cantripIRQ irq(from hw.irq, to a.c);\n"
                         "} }\n");
    assert_true(r.ok);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    camkes_print_check(&r.ctx->spec, f);
    fclose(f);
    assert_string_equal(out, "instance a C\n"
                             "instance b C\n"
                             "instance hw H\n"
                             "connection rpc seL4RPCCall from a.u to b.p\n"
                             "connection irq cantripIRQ from hw.irq to a.c\n");
    free(out);
    done(&r);
}

static void test_syntax_variants(void **state)
{
    (void)state;
    /* Optional ';' after blocks, several assembly/composition/configuration blocks, <> and
     * "" includes, maybe, has, attributes with defaults, connector definitions with
     * attributes and thread counts, raw list/dictionary values, joined strings. */
    struct run r;
    run_text(&r, "import <std_connector.camkes>;;\n"
                 "connector MyConn { from Procedures with 0 threads; to Procedure;\n"
                 "  attribute bool to_global = True; };\n"
                 "procedure Q { include \"q.h\"; include <r.h>; unsigned long g(void);\n"
                 "  void h(string s, inout int n, out char c[]); };\n"
                 "component K { control; include <k.h>; maybe uses Q q; provides Q pq;\n"
                 "  has mutex m; has binary_semaphore b; attribute int list[] = [1, 2];\n"
                 "  attribute unsigned int u = 0x10 | 1; attribute Thing t; };\n"
                 "assembly { composition { component K k1; } composition { component K k2; }\n"
                 "  configuration { k1.t = {\"a\": [1, {2: 3}],\n  \"b\" : \"x\"}; } };\n"
                 "assembly { composition { connection MyConn mc(from k1.q, to k2.pq); }\n"
                 "  configuration { k2.t = \"one\" \"two\"; k2.list = []; } }\n");
    if (!r.ok || r.len != 0) fail_msg("unexpected messages:\n%s", r.text);
    const struct ast_spec *s = &r.ctx->spec;
    assert_int_equal(s->assemblies, 2);
    assert_int_equal(s->instances.count, 2);
    const struct ast_connector *mc = ast_find_connector(s, "MyConn");
    assert_false(mc->builtin);
    assert_true(ast_find_connector(s, "seL4RPCCall")->builtin);
    assert_int_equal(mc->from.threads, 0);
    assert_true(mc->from.multiple);
    assert_false(mc->to.multiple);
    assert_int_equal(mc->attributes.count, 1);
    const struct ast_setting *st = find_setting(s, "k1", "t");
    assert_int_equal(st->value->kind, VALUE_RAW);
    assert_string_equal(st->value->string, "{\"a\": [1, {2: 3}], \"b\" : \"x\"}");
    assert_string_equal(find_setting(s, "k2", "t")->value->string, "onetwo");
    const struct ast_component *k = ast_find_component(s, "K");
    assert_string_equal(ast_find_attribute(k, "u")->type, "unsigned int");
    assert_int_equal(ast_find_attribute(k, "u")->dflt->integer, 0x11);
    assert_true(ast_find_attribute(k, "list")->array);
    assert_int_equal(k->includes.count, 1);
    assert_true(k->includes.first->angle);
    const struct ast_method *h = ast_find_procedure(s, "Q")->methods.last;
    assert_int_equal(h->params.first->dir, PARAM_IN);
    assert_int_equal(h->params.last->dir, PARAM_OUT);
    done(&r);
}

/* ------------------------------------------------------------------ semantic errors */

static void test_unknown_component_type(void **state)
{
    (void)state;
    expect_messages(PRELUDE "assembly { composition {\n"
                            "  component C a;\n"
                            "  component Nope b;\n"
                            "} }\n",
                    false, "t.camkes:7:13: error: unknown component type 'Nope'\n");
}

static void test_unknown_connector(void **state)
{
    (void)state;
    expect_messages(PRELUDE "assembly { composition { component C a; component C b;\n"
                            "  connection seL4RPC c(from a.u, to b.p);\n"
                            "} }\n",
                    false, "t.camkes:6:14: error: unknown connector 'seL4RPC'\n");
}

static void test_duplicate_names(void **state)
{
    (void)state;
    expect_messages(PRELUDE "assembly { composition {\n"
                            "  component C a; component C b;\n"
                            "  component H a;\n"
                            "  connection seL4RPCCall c(from a.u, to b.p);\n"
                            "  connection seL4RPCCall c(from b.u, to a.p);\n"
                            "  connection seL4SharedData b(from a.d, to b.d);\n"
                            "} }\n",
                    false,
                    "t.camkes:7:15: error: duplicate instance name 'a' (first declared at "
                    "t.camkes:6:15)\n"
                    "t.camkes:9:26: error: duplicate connection name 'c' (first declared at "
                    "t.camkes:8:26)\n"
                    "t.camkes:10:29: error: connection name 'b' is already an instance name (at "
                    "t.camkes:6:30)\n");
}

static void test_redefinitions(void **state)
{
    (void)state;
    expect_messages(PRELUDE "component C { }\n"
                            "procedure P { };\n"
                            "connector seL4RPCCall { from Procedure; to Procedure; }\n"
                            "component D { uses P x; provides P x; provides Unknown y; }\n"
                            "procedure R { void m(in int a, out int a); void m(); }\n"
                            "connector Half { from Events; }\n"
                            "assembly { }\n",
                    false,
                    "t.camkes:5:11: error: redefinition of component 'C' (first defined at "
                    "t.camkes:3:11)\n"
                    "t.camkes:8:36: error: duplicate name 'x' in component 'D' (first declared "
                    "at t.camkes:8:22)\n"
                    "t.camkes:8:48: error: unknown procedure 'Unknown' for interface 'D.y'\n"
                    "t.camkes:6:11: error: redefinition of procedure 'P' (first defined at "
                    "t.camkes:2:11)\n"
                    "t.camkes:9:40: error: duplicate parameter 'a' in method 'R.m'\n"
                    "t.camkes:9:49: error: duplicate method 'm' in procedure 'R'\n"
                    "t.camkes:7:11: error: redefinition of connector 'seL4RPCCall' (first "
                    "defined at <builtin>/std_connector.camkes:2:11)\n"
                    "t.camkes:10:11: error: connector 'Half' has no 'to' end\n");
}

static void test_end_unknown_instance_or_interface(void **state)
{
    (void)state;
    expect_messages(PRELUDE "assembly { composition { component C a;\n"
                            "  connection seL4RPCCall c1(from a.u, to ghost.p);\n"
                            "  connection seL4RPCCall c2(from a.nothing, to a.p);\n"
                            "} }\n",
                    false,
                    "t.camkes:6:42: error: unknown instance 'ghost' in connection 'c1'\n"
                    "t.camkes:7:36: error: instance 'a' (component 'C') has no interface "
                    "'nothing'\n");
}

static void test_interface_kind_mismatch(void **state)
{
    (void)state;
    expect_messages(PRELUDE "assembly { composition { component C a; component C b;\n"
                            "  connection cantripRPCCall c1(from a.d, to b.p);\n"
                            "  connection seL4Notification c2(from a.e, to b.p);\n"
                            "  connection seL4SharedData c3(from a.u, to b.d);\n"
                            "} }\n",
                    false,
                    "t.camkes:6:39: error: connector 'cantripRPCCall' needs a procedure at its "
                    "'from' end, but 'a.d' is a dataport\n"
                    "t.camkes:7:49: error: connector 'seL4Notification' needs an event at its "
                    "'to' end, but 'b.p' is a procedure\n"
                    "t.camkes:8:39: error: connector 'seL4SharedData' needs a dataport at its "
                    "'from' end, but 'a.u' is a procedure\n");
}

static void test_rpc_direction(void **state)
{
    (void)state;
    expect_messages(PRELUDE "assembly { composition { component C a; component C b;\n"
                            "  connection cantripRPCCall c1(from a.p, to b.p);\n"
                            "  connection cantripRPCCall c2(from a.u, to b.u);\n"
                            "  connection cantripNotification c3(from a.c, to b.e);\n"
                            "} }\n",
                    false,
                    "t.camkes:6:39: error: 'from' end 'a.p' of connection 'c1' must be a 'uses' "
                    "interface, not 'provides'\n"
                    "t.camkes:7:47: error: 'to' end 'b.u' of connection 'c2' must be a "
                    "'provides' interface, not 'uses'\n"
                    "t.camkes:8:44: error: 'from' end 'a.c' of connection 'c3' must be an 'emits' "
                    "interface, not 'consumes'\n"
                    "t.camkes:8:52: error: 'to' end 'b.e' of connection 'c3' must be a "
                    "'consumes' interface, not 'emits'\n");
}

static void test_end_counts_and_hardware(void **state)
{
    (void)state;
    expect_messages(PRELUDE "assembly { composition { component C a; component C b;\n"
                            "  component H hw; component C x;\n"
                            "  connection cantripSharedData s(from a.d, from b.d, to x.d);\n"
                            "  connection seL4RPCCall two(from a.u, to b.p, to x.p);\n"
                            "  connection seL4RPCCall none(from b.u);\n"
                            "  connection cantripMMIO mmio(from a.d, to b.d);\n"
                            "  connection cantripIRQ irq(from a.e, to hw.irq);\n"
                            "  connection seL4RPCCall again(from a.u, to x.p);\n"
                            "  connection seL4RPCCall twice(from x.u, from x.u, to a.p);\n"
                            "} }\n",
                    false,
                    "t.camkes:7:49: error: connector 'cantripSharedData' allows only one 'from' "
                    "end\n"
                    "t.camkes:8:51: error: connector 'seL4RPCCall' allows only one 'to' end\n"
                    "t.camkes:9:26: error: connection 'none' has no 'to' end\n"
                    "t.camkes:10:44: error: 'to' end 'b.d' of connection 'mmio' must belong to "
                    "a hardware component ('C' is not declared 'hardware')\n"
                    "t.camkes:11:34: error: 'from' end 'a.e' of connection 'irq' must belong to "
                    "a hardware component ('C' is not declared 'hardware')\n"
                    "t.camkes:11:45: error: 'to' end 'hw.irq' of connection 'irq' must be a "
                    "'consumes' interface, not 'emits'\n"
                    "t.camkes:12:37: error: 'a.u' is already connected by connection 'two' (at "
                    "t.camkes:8:35)\n"
                    "t.camkes:13:47: error: 'x.u' appears twice in connection 'twice'\n");
}

static void test_configuration_checks(void **state)
{
    (void)state;
    /* Unknown instance: error.  Unknown attribute: warning (CAmkES has many implicit ones).
     * Implicit attributes (priorities, stack sizes, dataport addresses, IRQ numbers of this
     * component's interfaces, ...) are accepted silently. */
    expect_messages(PRELUDE "assembly { composition { component C a; component H hw; }\n"
                            "configuration {\n"
                            "  a.n = 5; a.s = \"label\"; a._stack_size = 8192;\n"
                            "  a.p_stack_size = 4096; a.u_has_thread = false;\n"
                            "  hw.regs_paddr = 0x10000000; hw.irq_irq_number = 10;\n"
                            "  nobody.n = 1;\n"
                            "  a.colour = 3; a.zz_priority = 1;\n"
                            "  a.n = \"five\"; a.s = 7;\n"
                            "  a.n = 6;\n"
                            "} }\n",
                    false,
                    "t.camkes:10:3: error: configuration of unknown instance 'nobody'\n"
                    "t.camkes:11:5: warning: instance 'a' (component 'C') has no attribute "
                    "'colour'\n"
                    "t.camkes:11:19: warning: instance 'a' (component 'C') has no attribute "
                    "'zz_priority'\n"
                    "t.camkes:12:3: warning: 'a.n' is set again (previous setting at "
                    "t.camkes:7:3)\n"
                    "t.camkes:12:9: error: attribute 'n' of 'C' is declared 'int' but is given a "
                    "string\n"
                    "t.camkes:12:17: warning: 'a.s' is set again (previous setting at "
                    "t.camkes:7:12)\n"
                    "t.camkes:12:23: error: attribute 's' of 'C' is declared 'string' but is "
                    "given an integer\n"
                    "t.camkes:13:3: warning: 'a.n' is set again (previous setting at "
                    "t.camkes:7:3)\n");
}

static void test_warning_only_succeeds(void **state)
{
    (void)state;
    expect_messages(PRELUDE "assembly { composition { component C a; component C b;\n"
                            "  connection seL4RPCCall c(from a.u, to b.p); }\n"
                            "  configuration { a.unknown = 1; } }\n",
                    true,
                    "t.camkes:7:21: warning: instance 'a' (component 'C') has no attribute "
                    "'unknown'\n"
                    "t.camkes:5:53: warning: 'b.u' (uses P) is not connected\n");
}

static void test_no_assembly(void **state)
{
    (void)state;
    expect_messages("component A { }\n", false, "t.camkes: error: no assembly block\n");
}

/* ------------------------------------------------------------------ syntax errors */

static void test_syntax_errors(void **state)
{
    (void)state;
    expect_messages(PRELUDE "assembly { composition {\n"
                            "  component C a\n"
                            "  component C b;\n"
                            "  connection seL4RPCCall c(from a.u to b.p);\n"
                            "  connection seL4RPCCall d(a.u, to b.p);\n"
                            "  component C ok;\n"
                            "} }\n",
                    false,
                    "t.camkes:7:3: error: expected ';' after component instance, found "
                    "'component'\n"
                    "t.camkes:8:37: error: expected ',' or ')' after connection end, found 'to'\n"
                    "t.camkes:9:28: error: expected 'from' or 'to', found 'a'\n");
    expect_messages("component A {\n  provides P p;\n  bogus thing;\n  uses;\n  maybe frob x;\n"
                    "  has lock l;\n}\nassembly { }\n",
                    false,
                    "t.camkes:3:3: error: expected a declaration in component 'A', found "
                    "'bogus'\n"
                    "t.camkes:4:7: error: expected an interface type, found ';'\n"
                    "t.camkes:5:9: error: expected 'provides', 'uses', 'emits', 'consumes' or "
                    "'dataport' after 'maybe', found 'frob'\n"
                    "t.camkes:6:7: error: unknown 'has' kind 'lock' (expected mutex, semaphore, "
                    "binary_semaphore or copyregion)\n"
                    "t.camkes:2:12: error: unknown procedure 'P' for interface 'A.p'\n");
    expect_messages("assembly { composition { } }\nfoo;\n}\n", false,
                    "t.camkes:2:1: error: expected 'import', 'component', 'procedure', "
                    "'connector' or 'assembly', found 'foo'\n"
                    "t.camkes:3:1: error: expected 'import', 'component', 'procedure', "
                    "'connector' or 'assembly', found '}'\n");
}

static void test_lexical_errors(void **state)
{
    (void)state;
    expect_messages("component K { attribute string s; attribute string u; attribute int v; "
                    "attribute int w; }\n"
                    "assembly { composition { component K a; } configuration {\n"
                    "  a.s = \"unterminated;\n"
                    "  a.t = 'x';\n"
                    "  a.u = \"bad \\q escape\";\n"
                    "  a.v = 12ab;\n"
                    "  a.w = 1; /* never closed\n"
                    "} }\n",
                    false,
                    "t.camkes:3:9: error: unterminated string\n"
                    "t.camkes:4:3: error: expected ';' after setting, found 'a'\n"
                    "t.camkes:4:9: error: invalid character '''\n"
                    "t.camkes:4:11: error: invalid character '''\n"
                    "t.camkes:5:14: error: unknown escape sequence '\\q' in string\n"
                    "t.camkes:6:9: error: invalid integer constant '12ab'\n"
                    "t.camkes:7:12: error: unterminated comment\n"
                    "t.camkes:9:1: error: expected '}' to close 'configuration', found end of "
                    "file\n"
                    "t.camkes:9:1: error: expected '}' to close 'assembly', found end of file\n");
    expect_messages("assembly { }\n#include \"x.camkes\"\n\x01\n", false,
                    "t.camkes:2:1: error: preprocessor directive '#include' was not processed "
                    "(run the file through cpp)\n"
                    "t.camkes:3:1: error: invalid byte 0x01\n");
}

static void test_line_markers(void **state)
{
    (void)state;
    /* cpp's markers (with flags) and #line both set the file and line of what follows. */
    expect_messages("# 1 \"top.camkes\"\n"
                    "assembly { composition {\n"
                    "# 40 \"dir/inc.camkes\" 1\n"
                    "    component Nope x;\n"
                    "#line 7 \"top.camkes\"\n"
                    "    component Nope2 y;\n"
                    "# 9\n"
                    "    component Nope3 z;\n"
                    "} }\n",
                    false,
                    "dir/inc.camkes:40:15: error: unknown component type 'Nope'\n"
                    "top.camkes:7:15: error: unknown component type 'Nope2'\n"
                    "top.camkes:9:15: error: unknown component type 'Nope3'\n");
    expect_messages("# 99999999999 \"x\"\n#line\n#pragma once\nassembly {}\n", false,
                    "t.camkes:1:1: error: malformed line marker\n"
                    "t.camkes:2:1: error: malformed line marker\n");
}

static void test_error_cap(void **state)
{
    (void)state;
    char *text = malloc(80 * 40 + 64);
    assert_non_null(text);
    strcpy(text, "assembly { composition {\n");
    for (int i = 0; i < 80; i++)
        sprintf(text + strlen(text), "component Missing%d m%d;\n", i, i);
    strcat(text, "} }\n");
    struct run r;
    run_text(&r, text);
    assert_false(r.ok);
    unsigned lines = 0;
    for (size_t i = 0; i < r.len; i++)
        lines += r.text[i] == '\n';
    assert_int_equal(lines, 51);
    assert_int_equal(r.ctx->diag.errors, 50);
    assert_true(strstr(r.text, "t.camkes:51:11: error: unknown component type 'Missing49'\n"
                               "camkes: error: too many errors (50), stopping\n") != NULL);
    done(&r);
    free(text);
}

/* ------------------------------------------------------------------ expressions */

/* Evaluates EXPR as the value of an int attribute; returns its value, or fails. */
static int64_t eval_ok(const char *expr)
{
    char text[512];
    snprintf(text, sizeof(text),
             "component K { attribute int v; }\n"
             "assembly { composition { component K k; } configuration { k.v = %s; } }\n",
             expr);
    struct run r;
    run_text(&r, text);
    if (!r.ok) fail_msg("'%s' failed:\n%s", expr, r.text);
    const struct ast_value *v = r.ctx->spec.settings.first->value;
    assert_true(v->evaluated);
    int64_t value = v->integer;
    done(&r);
    return value;
}

/* Evaluates EXPR expecting exactly one message (the value starts at line 2, column 65). */
static void eval_err(const char *expr, const char *message)
{
    size_t size = strlen(expr) + 256;
    char *text = malloc(size), expected[512];
    assert_non_null(text);
    snprintf(text, size,
             "component K { attribute int v; }\n"
             "assembly { composition { component K k; } configuration { k.v = %s; } }\n",
             expr);
    snprintf(expected, sizeof(expected), "%s\n", message);
    expect_messages(text, false, expected);
    free(text);
}

static void test_expressions(void **state)
{
    (void)state;
    assert_int_equal(eval_ok("32*1024"), 32768);
    assert_int_equal(eval_ok("1 + 2 * 3"), 7);
    assert_int_equal(eval_ok("(1 + 2) * 3"), 9);
    assert_int_equal(eval_ok("2 * (3 + 4) * 5"), 70);
    assert_int_equal(eval_ok("1 - 2 - 3"), -4);
    assert_int_equal(eval_ok("100 / 10 / 5"), 2);
    assert_int_equal(eval_ok("1 << 4 | 1"), 17);
    assert_int_equal(eval_ok("1 + 1 << 2"), 8);
    assert_int_equal(eval_ok("6 & 3 ^ 1"), 3);
    assert_int_equal(eval_ok("4 | 2 ^ 3 & 1"), 7);
    assert_int_equal(eval_ok("0x10 + 010 + 0"), 24);
    assert_int_equal(eval_ok("0xFFFFffff"), 0xffffffffLL);
    assert_int_equal(eval_ok("-5 / 2"), -2);
    assert_int_equal(eval_ok("-5 % 2"), -1);
    assert_int_equal(eval_ok("-5 >> 1"), -3);
    assert_int_equal(eval_ok("~0"), -1);
    assert_int_equal(eval_ok("- -3"), 3);
    assert_int_equal(eval_ok("+7"), 7);
    assert_int_equal(eval_ok("1 << 62"), 1LL << 62);
    assert_int_equal(eval_ok("-1 << 63"), INT64_MIN);
    assert_int_equal(eval_ok("9223372036854775807"), INT64_MAX);
    assert_int_equal(eval_ok("-9223372036854775807 - 1"), INT64_MIN);
    assert_int_equal(eval_ok("0x7fffffffffffffff"), INT64_MAX);
}

static void test_expression_errors(void **state)
{
    (void)state;
    eval_err("1 / 0", "t.camkes:2:67: error: division by zero");
    eval_err("7 % (3 - 3)", "t.camkes:2:67: error: division by zero");
    eval_err("9223372036854775807 + 1", "t.camkes:2:85: error: integer overflow in '+'");
    eval_err("-9223372036854775807 - 2", "t.camkes:2:86: error: integer overflow in '-'");
    eval_err("4611686018427387904 * 2", "t.camkes:2:85: error: integer overflow in '*'");
    eval_err("(-9223372036854775807 - 1) / -1", "t.camkes:2:92: error: integer overflow in '/'");
    eval_err("-(-9223372036854775807 - 1)", "t.camkes:2:65: error: integer overflow in '-'");
    eval_err("1 << 63", "t.camkes:2:67: error: integer overflow in '<<'");
    eval_err("1 << 64", "t.camkes:2:67: error: shift count 64 is out of range (0..63)");
    eval_err("1 >> -1", "t.camkes:2:67: error: shift count -1 is out of range (0..63)");
    eval_err("9223372036854775808",
             "t.camkes:2:65: error: integer constant '9223372036854775808' is too large");
    eval_err("0x1ffffffffffffffff",
             "t.camkes:2:65: error: integer constant '0x1ffffffffffffffff' is too large");
    eval_err("08", "t.camkes:2:65: error: invalid integer constant '08'");
    eval_err("0x", "t.camkes:2:65: error: invalid integer constant '0x'");
    eval_err("1 +", "t.camkes:2:68: error: expected an integer expression, found ';'");
    eval_err("(1 + 2", "t.camkes:2:71: error: expected ')' to close '(', found ';'");
    eval_err("size", "t.camkes:2:65: error: expected an integer expression, found 'size'");
    eval_err("1 + 2 3", "t.camkes:2:71: error: expected ';' after setting, found integer 3");
}

static void test_expression_limits(void **state)
{
    (void)state;
    /* Nesting and length limits keep the recursive parser and evaluator bounded. */
    size_t n = 5000;
    char *deep = malloc(2 * n + 8);
    assert_non_null(deep);
    memset(deep, '(', n);
    strcpy(deep + n, "1");
    memset(deep + n + 1, ')', n);
    deep[2 * n + 1] = '\0';
    eval_err(deep, "t.camkes:2:265: error: expression nested too deeply");
    memset(deep, '-', n);
    strcpy(deep + n, "1");
    eval_err(deep, "t.camkes:2:265: error: expression nested too deeply");
    for (size_t i = 0; i < n; i++)
        deep[i] = i % 2 ? '+' : '1';
    deep[n] = '\0';
    eval_err(deep, "t.camkes:2:1064: error: expression too long (more than 1000 terms)");
    memset(deep, '[', n);
    deep[n] = '\0';
    eval_err(deep, "t.camkes:2:265: error: value nested too deeply");
    free(deep);
}

/* ------------------------------------------------------------------ imports, cpp */

static void test_missing_import(void **state)
{
    (void)state;
    struct camkes_options opt = {.no_cpp = true, .import_path = "/nonexistent/a::/nonexistent/b"};
    struct run r;
    start(&r, &opt);
    const char *text = "import <std_connector.camkes>;\n"
                       "import <Missing/Missing.camkes>;\n"
                       "import \"sub/also_missing.camkes\";\n"
                       "assembly { }\n";
    bool loaded = camkes_load_buffer(r.ctx, "dir/t.camkes", text, strlen(text));
    finish_check(&r, loaded);
    assert_false(r.ok);
    assert_string_equal(r.text,
                        "dir/t.camkes:2:8: error: cannot find import <Missing/Missing.camkes> "
                        "(searched: /nonexistent/a, /nonexistent/b)\n"
                        "dir/t.camkes:3:8: error: cannot find import \"sub/also_missing.camkes\" "
                        "(searched: dir, /nonexistent/a, /nonexistent/b)\n");
    done(&r);

    expect_messages("import <other.camkes>;\nassembly { }\n", false,
                    "t.camkes:1:8: error: cannot find import <other.camkes>\n");

    run_file(&r, CAMKES_DATA "/no-such-file.camkes", NULL, false);
    assert_false(r.ok);
    assert_string_equal(r.text, CAMKES_DATA "/no-such-file.camkes: error: cannot read '" CAMKES_DATA
                                            "/no-such-file.camkes': No such file or directory\n");
    done(&r);
}

static void test_imports_read_once(void **state)
{
    (void)state;
    /* top.camkes imports lib/defs.camkes by a relative "" path and again as <defs.camkes>
     * through the import path, and std_connector twice; defs imports "more.camkes" from its
     * own directory.  No redefinition errors: each file is read once. */
    for (int cpp = 0; cpp < 2; cpp++) {
        struct run r;
        run_file(&r, CAMKES_DATA "/imports/top.camkes", CAMKES_DATA "/imports/lib", cpp);
        if (!r.ok || r.len != 0) fail_msg("unexpected messages:\n%s", r.text);
        const struct ast_spec *s = &r.ctx->spec;
        assert_int_equal(s->components.count, 1);
        assert_int_equal(s->procedures.count, 1);
        assert_int_equal(s->connectors.count, 13);
        assert_int_equal(s->imports.count, 5);
        const struct ast_import *imp = s->imports.first;
        assert_string_equal(imp->resolved, camkes_std_connector_name);
        imp = imp->next;
        assert_string_equal(imp->name, "lib/defs.camkes");
        assert_string_equal(imp->resolved, CAMKES_DATA "/imports/lib/defs.camkes");
        assert_string_equal(imp->next->name, "more.camkes");
        assert_string_equal(imp->next->resolved, CAMKES_DATA "/imports/lib/more.camkes");
        assert_string_equal(imp->next->next->resolved, CAMKES_DATA "/imports/lib/defs.camkes");
        assert_ptr_equal(ast_find_interface(ast_find_component(s, "Thing"), "more")->procedure,
                         ast_find_procedure(s, "More"));
        done(&r);
    }
}

static void test_cpp_positions(void **state)
{
    (void)state;
    /* Errors in #included text and after squeezed blanks and comments are reported at the
     * original file, line and column; macros are expanded. */
    struct run r;
    run_file(&r, CAMKES_DATA "/cpp/main.camkes", NULL, true);
    assert_false(r.ok);
    assert_string_equal(r.text,
                        CAMKES_DATA "/cpp/inc.camkes:3:60: error: division by zero\n" CAMKES_DATA
                                    "/cpp/main.camkes:8:65: error: unknown component "
                                    "type 'Missing'\n");
    const struct ast_interface *buf =
        ast_find_interface(ast_find_component(&r.ctx->spec, "Dev"), "buf");
    assert_int_equal(buf->size_value, 4096);
    done(&r);

    struct camkes_options opt = {.cpp = "/nonexistent/cpp", .quiet = true};
    start(&r, &opt);
    finish_check(&r, camkes_load_file(r.ctx, CAMKES_DATA "/cpp/main.camkes"));
    assert_false(r.ok);
    assert_int_equal(r.ctx->diag.errors, 1); /* cannot run cpp (no follow-up errors) */
    done(&r);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_cantrip_system_assembly),
    cmocka_unit_test(test_cantrip_bcm2837_assembly),
    cmocka_unit_test(test_check_output_format),
    cmocka_unit_test(test_syntax_variants),
    cmocka_unit_test(test_unknown_component_type),
    cmocka_unit_test(test_unknown_connector),
    cmocka_unit_test(test_duplicate_names),
    cmocka_unit_test(test_redefinitions),
    cmocka_unit_test(test_end_unknown_instance_or_interface),
    cmocka_unit_test(test_interface_kind_mismatch),
    cmocka_unit_test(test_rpc_direction),
    cmocka_unit_test(test_end_counts_and_hardware),
    cmocka_unit_test(test_configuration_checks),
    cmocka_unit_test(test_warning_only_succeeds),
    cmocka_unit_test(test_no_assembly),
    cmocka_unit_test(test_syntax_errors),
    cmocka_unit_test(test_lexical_errors),
    cmocka_unit_test(test_line_markers),
    cmocka_unit_test(test_error_cap),
    cmocka_unit_test(test_expressions),
    cmocka_unit_test(test_expression_errors),
    cmocka_unit_test(test_expression_limits),
    cmocka_unit_test(test_missing_import),
    cmocka_unit_test(test_imports_read_once),
    cmocka_unit_test(test_cpp_positions),
};

int main(void)
{
    return run_host_tests(tests);
}
