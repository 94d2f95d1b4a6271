/* Host tests for the camkes tool's code generator (camkes/tool/gen*.c).
 *
 * Golden files: tests/host/data/camkes/gen/system.camkes (every connector kind) is generated
 * and spec.c, server/camkes_gen.h, server/camkes_glue.c and c1/camkes_glue.c are compared
 * with tests/host/data/camkes/gen/expected/.  After an intended change of the output, run
 * the test once with CAMKES_GEN_UPDATE=1 in the environment to rewrite the expected files,
 * and review their diff.  Targeted checks look at the model itself: badges, rights, object
 * counts, IRQ sharing, the address layout, threads and attributes; error tests check the
 * messages for assemblies the generator must refuse. */
#include "host_test.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "camkes.h"
#include "gen.h"

#define GEN_DATA HOST_TEST_DATA_DIR "/camkes/gen"
#define REPO_ROOT HOST_TEST_DATA_DIR "/../../.."

/* ------------------------------------------------------------------ helpers */

struct run {
    struct camkes_ctx *ctx;
    struct gen_system sys;
    FILE *diag;
    char *text; /* messages */
    size_t len;
    bool ok;
};

static void start(struct run *r, struct camkes_options *opt)
{
    memset(r, 0, sizeof(*r));
    r->diag = open_memstream(&r->text, &r->len);
    assert_non_null(r->diag);
    opt->diag_out = r->diag;
    opt->no_cpp = true;
    r->ctx = camkes_new(opt);
}

static void finish(struct run *r, bool loaded)
{
    r->ok = loaded && camkes_check(r->ctx) && gen_build(r->ctx, &r->sys);
    fflush(r->diag);
}

static void done(struct run *r)
{
    camkes_free(r->ctx);
    fclose(r->diag);
    free(r->text);
}

/* The golden assembly, loaded as "system.camkes" from its directory so that the file name
 * in the generated comments does not depend on where the tree is. */
static void run_golden(struct run *r)
{
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir(GEN_DATA), 0);
    struct camkes_options opt = {0};
    start(r, &opt);
    finish(r, camkes_load_file(r->ctx, "system.camkes"));
    assert_int_equal(chdir(cwd), 0);
    if (!r->ok) fail_msg("golden assembly failed:\n%s", r->text);
}

static void run_text(struct run *r, const char *text)
{
    struct camkes_options opt = {.no_file_imports = true};
    start(r, &opt);
    finish(r, camkes_load_buffer(r->ctx, "t.camkes", text, strlen(text)));
}

static const struct gen_component *component(const struct gen_system *s, const char *name)
{
    for (unsigned i = 0; i < s->components.n; i++)
        if (strcmp(s->components.items[i].name, name) == 0) return &s->components.items[i];
    fail_msg("no component %s", name);
    return NULL;
}

static uint32_t object(const struct gen_system *s, const char *name)
{
    for (unsigned i = 0; i < s->objects.n; i++)
        if (strcmp(s->objects.items[i].name, name) == 0) return i;
    fail_msg("no object %s", name);
    return 0;
}

/* The cap of component c that names object o (the first one). */
static const struct gen_cap *cap_to(const struct gen_component *c, uint32_t o)
{
    for (unsigned i = 0; i < c->caps.n; i++)
        if (c->caps.items[i].object == o) return &c->caps.items[i];
    fail_msg("%s has no cap to object %u", c->name, (unsigned)o);
    return NULL;
}

static const struct gen_thread *thread(const struct gen_component *c, const char *name)
{
    for (unsigned i = 0; i < c->threads.n; i++)
        if (strcmp(c->threads.items[i].name, name) == 0) return &c->threads.items[i];
    fail_msg("%s has no thread %s", c->name, name);
    return NULL;
}

/* ------------------------------------------------------------------ golden files */

enum which { SPEC, HEADER, GLUE };

static void golden(const struct gen_system *s, enum which w, const char *inst, const char *file)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    assert_non_null(m);
    if (w == SPEC)
        gen_write_spec(s, m);
    else if (w == HEADER)
        gen_write_header(s, component(s, inst), m);
    else
        gen_write_glue(s, component(s, inst), m);
    fclose(m);

    char path[512];
    snprintf(path, sizeof(path), "%s/expected/%s", GEN_DATA, file);
    if (getenv("CAMKES_GEN_UPDATE") != NULL) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(text, 1, len, f), len);
        fclose(f);
    }
    char rel[256];
    snprintf(rel, sizeof(rel), "camkes/gen/expected/%s", file);
    size_t want_len;
    uint8_t *want = load_test_data(rel, &want_len);
    size_t i = 0, line = 1;
    while (i < len && i < want_len && text[i] == (char)want[i])
        line += text[i++] == '\n';
    if (i != len || len != want_len) {
        fprintf(stderr, "--- %s differs from the generated text at line %zu\n--- generated:\n%s",
                path, line, text);
        fail_msg("golden file %s differs (line %zu); CAMKES_GEN_UPDATE=1 rewrites it", file, line);
    }
    free(want);
    free(text);
}

static void test_golden_files(void **state)
{
    (void)state;
    struct run r;
    run_golden(&r);
    golden(&r.sys, SPEC, NULL, "spec.c");
    golden(&r.sys, HEADER, "server", "server/camkes_gen.h");
    golden(&r.sys, GLUE, "server", "server/camkes_glue.c");
    golden(&r.sys, GLUE, "c1", "c1/camkes_glue.c");
    done(&r);
}

/* ------------------------------------------------------------------ targeted checks */

/* Every RPC endpoint: one unbadged Read cap (the server), and per client a distinct
 * non-zero badge = client index + 1 with Write|Grant|GrantReply. */
static void test_rpc_badges_and_rights(void **state)
{
    (void)state;
    struct run r;
    run_golden(&r);
    const struct gen_component *server = component(&r.sys, "server");
    const struct gen_component *c1 = component(&r.sys, "c1"), *c2 = component(&r.sys, "c2");
    const char *eps[] = {"calc.ep", "raw.ep", "tick.ep"};
    for (size_t i = 0; i < 3; i++) {
        uint32_t ep = object(&r.sys, eps[i]);
        const struct gen_cap *s = cap_to(server, ep), *a = cap_to(c1, ep), *b = cap_to(c2, ep);
        assert_int_equal(s->rights, GR_READ);
        assert_int_equal(s->badge, 0);
        assert_int_equal(a->badge, 1);
        assert_int_equal(b->badge, 2);
        assert_int_equal(a->rights, GR_WRITE | GR_GRANT | GR_GRANT_REPLY);
        assert_int_equal(b->rights, GR_WRITE | GR_GRANT | GR_GRANT_REPLY);
    }
    /* rpc_shared: each client's page is mapped in the client and, by badge, in the server. */
    uint32_t p1 = object(&r.sys, "raw.page.c1"), p2 = object(&r.sys, "raw.page.c2");
    const struct gen_port *raw = NULL;
    for (unsigned i = 0; i < server->ports.n; i++)
        if (strcmp(server->ports.items[i].iface->name, "raw") == 0) raw = &server->ports.items[i];
    assert_non_null(raw);
    assert_int_equal(raw->n_clients, 2);
    unsigned found = 0;
    for (unsigned i = 0; i < server->maps.n; i++) {
        const struct gen_mapping *m = &server->maps.items[i];
        if (m->object == p1) assert_int_equal(m->vaddr, raw->vaddr), found++;
        if (m->object == p2) assert_int_equal(m->vaddr, raw->vaddr + GEN_PAGE), found++;
    }
    assert_int_equal(found, 2);
    /* rpc_signal: the server can signal each client's own notification. */
    assert_int_equal(cap_to(server, object(&r.sys, "tick.signal.c2"))->rights, GR_WRITE);
    assert_int_equal(cap_to(c2, object(&r.sys, "tick.signal.c2"))->rights, GR_READ);
    /* Notification emitters: distinct bits, Write only; the consumer reads. */
    uint32_t ev = object(&r.sys, "ev.ntfn");
    assert_int_equal(cap_to(c1, ev)->badge, 1);
    assert_int_equal(cap_to(c2, ev)->badge, 2);
    assert_int_equal(cap_to(c1, ev)->rights, GR_WRITE);
    assert_int_equal(cap_to(server, ev)->rights, GR_READ);
    done(&r);
}

static void test_objects_counted(void **state)
{
    (void)state;
    struct run r;
    run_golden(&r);
    unsigned count[GOBJ_VSPACE + 1] = {0};
    for (unsigned i = 0; i < r.sys.objects.n; i++)
        count[r.sys.objects.items[i].type]++;
    assert_int_equal(r.sys.components.n, 3); /* dev is hardware: no component */
    assert_int_equal(count[GOBJ_CNODE], 3);
    assert_int_equal(count[GOBJ_VSPACE], 3);
    assert_int_equal(count[GOBJ_TCB], 8);          /* server 6, c1 1, c2 1 */
    assert_int_equal(count[GOBJ_ENDPOINT], 3);     /* calc, raw, tick */
    assert_int_equal(count[GOBJ_DEVICE_FRAME], 2); /* regs: 0x2000 bytes */
    /* IPC buffers 8 + raw pages 2 + shm 2 (the larger end's 0x2000) + untyped info 1 */
    assert_int_equal(count[GOBJ_FRAME], 13);
    /* runtime 3 + per-thread 5 + tick signals 2 + irq 1 + ev 1 + mutex and semaphore 2 */
    assert_int_equal(count[GOBJ_NOTIFICATION], 14);
    assert_int_equal(r.sys.objects.n, 46);
    const struct gen_object *regs = &r.sys.objects.items[object(&r.sys, "regs.frame1")];
    assert_int_equal(regs->paddr, 0x10002000);
    done(&r);
}

/* Two IRQ sources on one connection share the consumer's notification, one bit each. */
static void test_irq_sources_share_a_notification(void **state)
{
    (void)state;
    struct run r;
    run_golden(&r);
    const struct gen_component *server = component(&r.sys, "server");
    uint32_t n = object(&r.sys, "irq.ntfn");
    unsigned handlers = 0;
    for (unsigned i = 0; i < server->caps.n; i++) {
        const struct gen_cap *k = &server->caps.items[i];
        if (k->kind != GCAP_IRQ_HANDLER) continue;
        assert_int_equal(k->object, n);
        assert_int_equal(k->irq, handlers == 0 ? 5 : 6);
        assert_int_equal(k->badge, 1ull << handlers);
        handlers++;
    }
    assert_int_equal(handlers, 2);
    assert_int_equal(cap_to(server, n)->rights, GR_READ);
    assert_int_equal(thread(server, "irq")->kind, GTHREAD_IRQ);
    done(&r);
}

/* Slots, mappings, stacks and IPC buffers of every component are where the layout says. */
static void test_layout(void **state)
{
    (void)state;
    struct run r;
    run_golden(&r);
    for (unsigned k = 0; k < r.sys.components.n; k++) {
        const struct gen_component *c = &r.sys.components.items[k];
        for (unsigned i = 0; i < c->caps.n; i++) {
            assert_int_equal(c->caps.items[i].slot, i + 1); /* dense, in order, from 1 */
            assert_true(c->caps.items[i].slot < (1u << c->radix));
        }
        assert_true(c->next_slot <= (1u << c->radix));
        for (unsigned i = 0; i < c->maps.n; i++) {
            uint64_t v = c->maps.items[i].vaddr;
            assert_int_equal(v % GEN_PAGE, 0);
            assert_true(v >= GEN_DATA_BASE && v < GEN_REGION_END);
            for (unsigned j = 0; j < i; j++)
                assert_true(c->maps.items[j].vaddr != v);
        }
        uint64_t prev_top = GEN_STACK_BASE;
        for (unsigned i = 0; i < c->threads.n; i++) {
            const struct gen_thread *t = &c->threads.items[i];
            assert_int_equal(t->ipc_buffer, GEN_IPC_BASE + i * 2 * GEN_PAGE);
            /* An unmapped guard page below every stack. */
            assert_true(t->stack_top - t->stack_pages * GEN_PAGE >= prev_top + GEN_PAGE);
            prev_top = t->stack_top;
            assert_true(t->stack_top <= GEN_DATA_BASE);
            if (i == 0)
                assert_int_equal(t->ntfn_slot, 0);
            else
                assert_true(t->ntfn_slot > 0);
            assert_int_equal(t->tcb_slot, GEN_SLOT_FIRST_TCB + i);
        }
    }
    /* MMIO goes to the MMIO region; the shared dataport maps the same frames in both ends. */
    const struct gen_component *server = component(&r.sys, "server");
    const struct gen_component *c1 = component(&r.sys, "c1");
    uint32_t regs = object(&r.sys, "regs.frame0"), shm = object(&r.sys, "shm.frame1");
    unsigned seen = 0;
    for (unsigned i = 0; i < server->maps.n; i++) {
        if (server->maps.items[i].object == regs)
            assert_true(server->maps.items[i].vaddr >= GEN_MMIO_BASE), seen++;
        if (server->maps.items[i].object == shm) seen++;
    }
    for (unsigned i = 0; i < c1->maps.n; i++)
        seen += c1->maps.items[i].object == shm;
    assert_int_equal(seen, 3);
    done(&r);
}

static void test_threads_and_attributes(void **state)
{
    (void)state;
    struct run r;
    run_golden(&r);
    const struct gen_component *server = component(&r.sys, "server");
    const char *names[] = {"control", "calc", "raw", "tick", "irq", "ev"};
    assert_int_equal(server->threads.n, 6);
    for (unsigned i = 0; i < 6; i++)
        assert_string_equal(server->threads.items[i].name, names[i]);
    assert_int_equal(thread(server, "control")->priority, 150);
    assert_int_equal(thread(server, "calc")->priority, 160);
    assert_int_equal(thread(server, "raw")->priority, 150);
    assert_int_equal(thread(server, "control")->stack_pages, 2); /* _stack_size */
    assert_int_equal(thread(server, "irq")->stack_pages, 1);     /* irq_stack_size */
    assert_int_equal(thread(server, "calc")->stack_pages, GEN_DEFAULT_STACK / GEN_PAGE);
    const struct gen_component *c2 = component(&r.sys, "c2");
    assert_int_equal(thread(c2, "control")->priority, 90);
    assert_int_equal(c2->radix, 8);
    assert_int_equal(c2->threads.n, 1); /* clients serve nothing */
    /* The untyped pool: last cap, naming the info frame, which is mapped read-only. */
    assert_true(server->untyped_pool);
    const struct gen_cap *pool = &server->caps.items[server->caps.n - 1];
    assert_int_equal(pool->kind, GCAP_UNTYPED_POOL);
    assert_int_equal(pool->object, object(&r.sys, "server.untyped_info"));
    assert_true((1u << server->radix) - pool->slot >= GEN_UNTYPED_POOL_SLOTS);
    /* Semaphore initial value from `s_value`, mutex 1. */
    assert_int_equal(server->syncs.items[0].value, 1);
    assert_int_equal(server->syncs.items[1].value, 2);
    assert_int_equal(server->syncs.items[2].size, GEN_PAGE); /* copyregion */
    done(&r);
}

/* The example system generates cleanly (the system test builds and boots it). */
static void test_example_system(void **state)
{
    (void)state;
    struct run r;
    struct camkes_options opt = {0};
    start(&r, &opt);
    finish(&r, camkes_load_file(r.ctx, REPO_ROOT "/examples/camkes-hello/system.camkes"));
    if (!r.ok || r.len != 0) fail_msg("example: %s", r.text);
    assert_int_equal(r.sys.components.n, 4);
    done(&r);
}

/* ------------------------------------------------------------------ refusals */

static void expect_errors(const char *text, const char *expected)
{
    struct run r;
    run_text(&r, text);
    if (strcmp(r.text, expected) != 0) {
        fprintf(stderr, "--- expected:\n%s--- got:\n%s", expected, r.text);
        fail_msg("messages differ");
    }
    assert_false(r.ok);
    done(&r);
}

static void test_errors(void **state)
{
    (void)state;
    expect_errors("import <std_connector.camkes>;\n"
                  "procedure P { void f(out string s); int g(in Thing t); };\n"
                  "component S { provides P p; }\n"
                  "component C { control; uses P p; }\n"
                  "assembly { composition { component S s; component C c;\n"
                  "  connection cantripRPCCall one(from c.p, to s.p); } }\n",
                  "t.camkes:2:33: error: parameter 's' (out string) of method 'f' in procedure "
                  "'P' cannot be generated: use integer types or bool (any direction), or in "
                  "strings and in byte arrays\n"
                  "t.camkes:2:52: error: parameter 't' (in Thing) of method 'g' in procedure 'P' "
                  "cannot be generated: use integer types or bool (any direction), or in strings "
                  "and in byte arrays\n");
    expect_errors("import <std_connector.camkes>;\n"
                  "procedure P { void call(void); };\n"
                  "component S { provides P p; }\n"
                  "component C { control; uses P p; }\n"
                  "assembly { composition { component S s; component C c;\n"
                  "  connection cantripRPCCall one(from c.p, to s.p); } }\n",
                  "t.camkes:2:20: error: method 'call' of procedure 'P': the name is taken by "
                  "the generated glue (<interface>_call)\n");
    expect_errors("import <std_connector.camkes>;\n"
                  "component H { hardware; dataport Buf r; emits E e; }\n"
                  "component D { dataport Buf r; consumes E i; }\n"
                  "assembly { composition { component H h; component D d;\n"
                  "  connection cantripMMIO m(from d.r, to h.r);\n"
                  "  connection cantripIRQ q(from h.e, to d.i); }\n"
                  "  configuration { h.r_paddr = 0x1234; } }\n",
                  "t.camkes:5:26: error: connection 'm': 'h.r_paddr' must be set to a "
                  "page-aligned physical address\n"
                  "t.camkes:6:25: error: connection 'q': 'h.e_irq_number' must be set to an "
                  "interrupt number (1..1023)\n");
    expect_errors("import <std_connector.camkes>;\n"
                  "procedure P { };\n"
                  "connector Mine { from Procedures; to Procedure; }\n"
                  "component S { provides P p; provides P q; }\n"
                  "component C { uses P p; uses P x; }\n"
                  "assembly { composition { component S s; component C c; component C d;\n"
                  "  connection cantripRPCCall one(from c.p, to s.p);\n"
                  "  connection seL4RPCCall two(from d.p, to s.p);\n"
                  "  connection Mine mine(from c.x, from d.x, to s.q); }\n"
                  "  configuration { c.priority = 300; c.untyped_memory = true;\n"
                  "                  d.untyped_memory = 1; } }\n",
                  "t.camkes:8:43: error: 's.p' is in connections 'one' and 'two'; code "
                  "generation supports one connection per interface\n"
                  "t.camkes:10:32: error: 'c.priority' = 300 is not a priority (0..255)\n"
                  "t.camkes:9:14: error: connector 'Mine' (connection 'mine') has no code "
                  "generator\n"
                  "t.camkes:6:68: error: 'c' and 'd' both set untyped_memory; only one component "
                  "can receive the spare untypeds\n");
}

static void test_dirname(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    static const char *const cases[][2] = {
        {"x.camkes", "."},  {"a/x", "a"},        {"a/b/../c/x", "a/c"}, {"./a/./b/x", "a/b"},
        {"../a/x", "../a"}, {"a/../../x", ".."}, {"/x", "/"},           {"/a/../../b/x", "/b"},
        {"a//b/x", "a/b"},  {"./x", "."},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_string_equal(gen_dirname(&a, cases[i][0]), cases[i][1]);
    arena_free(&a);
}

/* ------------------------------------------------------------------ files */

static void test_write_all_keeps_unchanged_files(void **state)
{
    (void)state;
    struct run r;
    run_golden(&r);
    char dir[] = "/tmp/camkes-gen-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char out[64];
    snprintf(out, sizeof(out), "%s/out", dir);
    assert_true(gen_write_all(&r.sys, out));
    const char *files[] = {
        "spec.c",          "archive.S", "system.mk", "server/camkes_gen.h", "server/camkes_glue.c",
        "c2/camkes_glue.c"};
    struct stat before[6], after;
    char path[128];
    for (int i = 0; i < 6; i++) {
        snprintf(path, sizeof(path), "%s/%s", out, files[i]);
        assert_int_equal(stat(path, &before[i]), 0);
    }
    usleep(20000);
    assert_true(gen_write_all(&r.sys, out));
    for (int i = 0; i < 6; i++) {
        snprintf(path, sizeof(path), "%s/%s", out, files[i]);
        assert_int_equal(stat(path, &after), 0);
        assert_int_equal(after.st_mtim.tv_sec, before[i].st_mtim.tv_sec);
        assert_int_equal(after.st_mtim.tv_nsec, before[i].st_mtim.tv_nsec);
    }
    char cmd[96];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    done(&r);
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_files),
        cmocka_unit_test(test_rpc_badges_and_rights),
        cmocka_unit_test(test_objects_counted),
        cmocka_unit_test(test_irq_sources_share_a_notification),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_threads_and_attributes),
        cmocka_unit_test(test_example_system),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_dirname),
        cmocka_unit_test(test_write_all_keeps_unchanged_files),
    };
    return run_host_tests(tests);
}
