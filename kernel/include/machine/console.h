/* Kernel debug console: SBI console until the UART is mapped, then the 16550 UART. */
#pragma once
#include <types.h>
#include <util.h>

void console_putchar(int c);
void kputs(const char *s);
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void console_use_uart(volatile uint8_t *base, unsigned reg_shift);
NORETURN void kernel_halt(int status);
#define panic(...) kernel_panic(__FILE__, __LINE__, __VA_ARGS__)
NORETURN void kernel_panic(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
