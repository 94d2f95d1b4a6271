/* Minimal printf for kernel messages (no libc in the kernel). */
#include <stdarg.h>
#include <types.h>
#include <util.h>
#include <machine/console.h>
#include <arch/machine.h>

static volatile uint8_t *uart_base;
static unsigned uart_shift;

#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_THRE 0x20

void console_use_uart(volatile uint8_t *base, unsigned reg_shift)
{
    uart_shift = reg_shift;
    uart_base = base;
}

static void raw_putchar(int c)
{
    if (uart_base) {
        while (!(uart_base[UART_LSR << uart_shift] & UART_LSR_THRE)) {
        }
        uart_base[UART_THR << uart_shift] = (uint8_t)c;
    } else {
        sbi_console_putchar(c);
    }
}

void console_putchar(int c)
{
    if (c == '\n') raw_putchar('\r');
    raw_putchar(c);
}

void kputs(const char *s)
{
    while (*s)
        console_putchar(*s++);
}

static void put_unsigned(uint64_t v, unsigned base, int width, char pad, bool upper)
{
    char buf[24];
    int n = 0;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        buf[n++] = digits[v % base];
        v /= base;
    } while (v);
    while (width-- > n)
        console_putchar(pad);
    while (n)
        console_putchar(buf[--n]);
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            console_putchar(*p);
            continue;
        }
        p++;
        char pad = ' ';
        int width = 0;
        bool left = false;
        if (*p == '-') {
            left = true;
            p++;
        }
        if (*p == '0') {
            pad = '0';
            p++;
        }
        while (*p >= '0' && *p <= '9')
            width = width * 10 + (*p++ - '0');
        int longs = 0;
        while (*p == 'l') {
            longs++;
            p++;
        }
        if (*p == 'z') {
            longs = 1;
            p++;
        }
        uint64_t u;
        switch (*p) {
        case 'd':
        case 'i': {
            int64_t v = longs ? va_arg(ap, long) : va_arg(ap, int);
            if (longs == 2) v = (int64_t)v;
            if (v < 0) {
                console_putchar('-');
                width--;
                u = (uint64_t)(-v);
            } else
                u = (uint64_t)v;
            put_unsigned(u, 10, width, pad, false);
            break;
        }
        case 'u':
        case 'x':
        case 'X':
            if (longs >= 2)
                u = va_arg(ap, unsigned long long);
            else if (longs)
                u = va_arg(ap, unsigned long);
            else
                u = va_arg(ap, unsigned int);
            put_unsigned(u, *p == 'u' ? 10 : 16, width, pad, *p == 'X');
            break;
        case 'p':
            kputs("0x");
            put_unsigned((word_t)va_arg(ap, void *), 16, width, '0', false);
            break;
        case 'c':
            console_putchar(va_arg(ap, int));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "(null)";
            int len = 0;
            while (s[len])
                len++;
            if (!left)
                while (width-- > len)
                    console_putchar(' ');
            kputs(s);
            if (left)
                while (width-- > len)
                    console_putchar(' ');
            break;
        }
        case '%':
            console_putchar('%');
            break;
        default:
            console_putchar('%');
            console_putchar(*p);
            break;
        }
    }
    va_end(ap);
    return 0;
}

void kernel_panic(const char *file, int line, const char *fmt, ...)
{
    (void)fmt;
    kprintf("\nKERNEL PANIC at %s:%d: ", file, line);
    kputs(fmt);
    kputs("\n");
    kernel_halt(255);
}
