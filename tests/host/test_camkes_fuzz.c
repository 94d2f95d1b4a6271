/* Fuzz test for the CAmkES assembly tool's library (camkes/tool/): a valid assembly is
 * mutated with a fixed seed (byte flips, CAmkES-flavoured insertions, deletions,
 * duplications, truncations, line markers) and every variant is parsed, checked and printed;
 * a variant that passes the checks also goes through the code generator (camkes/tool/gen*.c).
 * Nothing may crash, hang, read out of bounds or leak -- AddressSanitizer, UBSan and the leak
 * checker watch every iteration.  Deterministic: the same variants on every run. */
#include "host_test.h"

#include <string.h>

#include "camkes.h"
#include "gen.h"

#ifndef ITERATIONS /* longer runs: build with -DITERATIONS=N -DFUZZ_SEED=S */
#define ITERATIONS 20000
#endif
#ifndef FUZZ_SEED
#define FUZZ_SEED 0x63616d6b6573ULL
#endif
#define MAX_LEN 16384

static const char base[] =
    "import <std_connector.camkes>;\n"
    "/* a small system */\n"
    "procedure Log { include <log.h>; void log(in string msg, out int n); };\n"
    "procedure Mem { unsigned int alloc(in size_t bytes, refin uint8_t buf[]); };\n"
    "connector Custom { from Procedures with 0 threads; to Procedure; attribute int x = 1; }\n"
    "component Console {\n"
    "    control;\n"
    "    provides Log log;\n"
    "    uses Mem mem;\n"
    "    maybe uses Log other;\n"
    "    dataport Buf(4 * 1024) tx;\n"
    "    consumes Interrupt irq;\n"
    "    has semaphore ready;\n"
    "    attribute int depth = (1 << 4) | 3;\n"
    "    attribute string label = \"console\";\n"
    "}\n"
    "component Memory { provides Mem mem; uses Log log; attribute int list[] = [1, 2]; }\n"
    "component Uart { hardware; dataport Buf(0x1000) regs; emits Interrupt rx; }\n"
    "assembly {\n"
    "    composition {\n"
    "        component Console console;\n"
    "        component Memory memory;\n"
    "        component Uart uart;\n"
    "        connection cantripRPCCall mem_rpc(from console.mem, to memory.mem);\n"
    "        connection cantripRPCOverMultiSharedData log_rpc(from memory.log,\n"
    "                                                         to console.log);\n"
    "        connection cantripIRQ uart_irq(from uart.rx, to console.irq);\n"
    "        connection Custom c(from console.other, to console.log);\n"
    "    }\n"
    "# 40 \"fuzz.camkes\"\n"
    "    configuration {\n"
    "        console._stack_size = 16 * 1024;\n"
    "        console.label = \"a\" \"b\";\n"
    "        console.tx_paddr = 0x10000000 + 32 % 7 - (2 >> 1);\n"
    "        memory.list = [1, {\"k\": [2, 3]}, (4)];\n"
    "        uart.rx_irq_number = -(~3) ^ 1;\n"
    "        memory.cnode_headroom = true;\n"
    "    }\n"
    "}\n";

static const char *const tokens[] = {"component ",
                                     "connection ",
                                     "procedure ",
                                     "connector ",
                                     "assembly",
                                     "composition",
                                     "configuration",
                                     "import ",
                                     "<std_connector.camkes>",
                                     "\"file.camkes\"",
                                     "from ",
                                     "to ",
                                     "provides ",
                                     "uses ",
                                     "maybe ",
                                     "dataport ",
                                     "emits ",
                                     "consumes ",
                                     "attribute ",
                                     "has ",
                                     "mutex ",
                                     "hardware;",
                                     "control;",
                                     "include ",
                                     "{",
                                     "}",
                                     "(",
                                     ")",
                                     "[",
                                     "]",
                                     ";",
                                     ",",
                                     ".",
                                     "=",
                                     "<<",
                                     ">>",
                                     "-",
                                     "/ 0",
                                     "% 0",
                                     "*",
                                     "0x",
                                     "9223372036854775807",
                                     "99999999999999999999",
                                     "((((((((",
                                     "))))",
                                     "{{{{",
                                     "\"",
                                     "\\",
                                     "/*",
                                     "*/",
                                     "//",
                                     "\n#",
                                     "\n# 7 \"x.camkes\" 1\n",
                                     "\n#line 1\n",
                                     "\n#include \"y\"\n",
                                     "'",
                                     "\0",
                                     "\xff",
                                     "Procedures",
                                     "Hardware Dataport",
                                     "with 2 threads",
                                     "void",
                                     "inout ",
                                     "refin ",
                                     "out ",
                                     "string ",
                                     "int ",
                                     "true",
                                     "False"};

struct buf {
    char data[MAX_LEN];
    size_t len;
};

static size_t pick(uint64_t *seed, size_t n)
{
    return n == 0 ? 0 : (size_t)(test_rand(seed) % n);
}

static void insert(struct buf *b, size_t at, const char *s, size_t n)
{
    if (b->len + n > MAX_LEN) n = MAX_LEN - b->len;
    memmove(b->data + at + n, b->data + at, b->len - at);
    memcpy(b->data + at, s, n);
    b->len += n;
}

static void mutate(struct buf *b, uint64_t *seed)
{
    size_t at = pick(seed, b->len + 1);
    switch (pick(seed, 7)) {
    case 0: /* random byte */
        if (at < b->len) b->data[at] = (char)test_rand(seed);
        break;
    case 1: { /* CAmkES-flavoured token */
        size_t t = pick(seed, sizeof(tokens) / sizeof(tokens[0]));
        size_t n = tokens[t][0] == '\0' ? 1 : strlen(tokens[t]);
        insert(b, at, tokens[t], n);
        break;
    }
    case 2: { /* delete a span */
        size_t n = 1 + pick(seed, 24);
        if (at + n > b->len) n = b->len - at;
        memmove(b->data + at, b->data + at + n, b->len - at - n);
        b->len -= n;
        break;
    }
    case 3: { /* duplicate a span somewhere else */
        size_t from = pick(seed, b->len + 1);
        size_t n = 1 + pick(seed, 64);
        if (from + n > b->len) n = b->len - from;
        char tmp[64];
        memcpy(tmp, b->data + from, n);
        insert(b, at, tmp, n);
        break;
    }
    case 4: /* truncate */
        b->len = at;
        break;
    case 5: /* swap two bytes */
        if (at < b->len) {
            size_t o = pick(seed, b->len);
            char c = b->data[at];
            b->data[at] = b->data[o];
            b->data[o] = c;
        }
        break;
    default: /* structural characters */
        insert(b, at, &"{};()\n\"<>."[pick(seed, 10)], 1);
        break;
    }
}

/* Builds the system model of a checked spec and writes every generated file to sink. */
static void generate(struct camkes_ctx *ctx, FILE *sink)
{
    struct gen_system sys;
    if (!gen_build(ctx, &sys)) return;
    gen_write_spec(&sys, sink);
    gen_write_archive(&sys, sink);
    gen_write_mk(&sys, "out", sink);
    for (unsigned i = 0; i < sys.components.n; i++) {
        gen_write_header(&sys, &sys.components.items[i], sink);
        gen_write_glue(&sys, &sys.components.items[i], sink);
    }
}

/* Parses, checks and prints one input held in a heap block of exactly its size. */
static void run_one(const char *data, size_t len, FILE *sink)
{
    char *copy = (char *)exact_copy(data, len);
    struct camkes_options opt = {.no_cpp = true, .no_file_imports = true, .quiet = true};
    struct camkes_ctx *ctx = camkes_new(&opt);
    bool ok = camkes_load_buffer(ctx, "fuzz.camkes", copy, len);
    ok = camkes_check(ctx) && ok;
    camkes_print_check(&ctx->spec, sink);
    if (ok) generate(ctx, sink);
    camkes_free(ctx);
    free(copy);
}

static void test_base_is_valid(void **state)
{
    (void)state;
    struct camkes_options opt = {.no_cpp = true, .no_file_imports = true, .quiet = true};
    struct camkes_ctx *ctx = camkes_new(&opt);
    assert_true(camkes_load_buffer(ctx, "fuzz.camkes", base, sizeof(base) - 1));
    assert_true(camkes_check(ctx));
    assert_int_equal(ctx->diag.warnings, 0);
    assert_int_equal(ctx->spec.instances.count, 3);
    assert_int_equal(ctx->spec.connections.count, 4);
    assert_int_equal(ctx->spec.settings.count, 6);
    camkes_free(ctx);
}

/* Mutates base `iterations` times; returns how many variants were rejected. */
static unsigned fuzz(const char *base_text, size_t base_len, unsigned iterations, uint64_t seed)
{
    FILE *sink = fopen("/dev/null", "w");
    assert_non_null(sink);
    static struct buf b;
    assert_true(base_len <= MAX_LEN);
    unsigned rejected = 0;
    for (unsigned i = 0; i < iterations; i++) {
        memcpy(b.data, base_text, base_len);
        b.len = base_len;
        unsigned n = 1 + (unsigned)pick(&seed, i % 10 == 0 ? 40 : 4);
        for (unsigned m = 0; m < n; m++)
            mutate(&b, &seed);
        struct camkes_options opt = {.no_cpp = true, .no_file_imports = true, .quiet = true};
        struct camkes_ctx *ctx = camkes_new(&opt);
        char *copy = (char *)exact_copy(b.data, b.len);
        bool ok = camkes_load_buffer(ctx, "fuzz.camkes", copy, b.len);
        ok = camkes_check(ctx) && ok;
        if (!ok) rejected++;
        assert_true(ctx->diag.errors <= DIAG_DEFAULT_MAX_ERRORS);
        camkes_print_check(&ctx->spec, sink);
        if (ok) {
            generate(ctx, sink);
            assert_true(ctx->diag.errors <= DIAG_DEFAULT_MAX_ERRORS);
        }
        camkes_free(ctx);
        free(copy);
    }
    fclose(sink);
    return rejected;
}

static void test_mutated_assemblies(void **state)
{
    (void)state;
    unsigned rejected = fuzz(base, sizeof(base) - 1, ITERATIONS, FUZZ_SEED);
    /* Most mutations break the assembly; some (in comments, strings, blanks) do not. */
    assert_true(rejected > ITERATIONS / 2);
    assert_true(rejected < ITERATIONS);
}

/* The generator's golden-test assembly (every connector kind) as the base: many variants
 * pass the checks and exercise the generator. */
static void test_mutated_generator_input(void **state)
{
    (void)state;
    size_t len;
    uint8_t *text = load_test_data("camkes/gen/system.camkes", &len);
    unsigned rejected = fuzz((const char *)text, len, ITERATIONS / 4, FUZZ_SEED + 1);
    assert_true(rejected < ITERATIONS / 4);
    free(text);
}

static void test_random_bytes(void **state)
{
    (void)state;
    FILE *sink = fopen("/dev/null", "w");
    assert_non_null(sink);
    uint64_t seed = 0x5eed;
    static char data[4096];
    for (unsigned i = 0; i < 2000; i++) {
        size_t len = pick(&seed, sizeof(data));
        for (size_t k = 0; k < len; k++) {
            /* Mostly printable, biased to the language's own characters. */
            uint64_t r = test_rand(&seed);
            data[k] = r % 4 == 0 ? (char)(r >> 8) : "{}();,.=<>\"#/* \nabc_019x-"[(r >> 8) % 25];
        }
        run_one(data, len, sink);
    }
    fclose(sink);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_base_is_valid),
    cmocka_unit_test(test_mutated_assemblies),
    cmocka_unit_test(test_mutated_generator_input),
    cmocka_unit_test(test_random_bytes),
};

int main(void)
{
    return run_host_tests(tests);
}
