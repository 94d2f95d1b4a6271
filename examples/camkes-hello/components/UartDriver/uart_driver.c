/* Receive side of QEMU virt's 16550 UART (paddr 0x10000000, IRQ 10).
 *
 * The kernel prints through the same UART's transmit register, so the driver leaves the
 * line settings, FIFOs and modem control as firmware set them: it only enables the
 * receive-data interrupt (IER bit 0) and reads RBR while LSR.DR says a byte is there.
 * Its interrupt thread (`rx`) collects bytes into a line; at CR or LF it copies the line
 * into the dataport shared with the console and signals the console. */
#include <string.h>

#include <camkes_gen.h>

#define UART_RBR 0     /* receive buffer (read) */
#define UART_IER 1     /* interrupt enable */
#define UART_LSR 5     /* line status */
#define IER_ERBFI 0x01 /* received data available */
#define LSR_DR 0x01    /* data ready */
#define LINE_MAX 128

static char pending[LINE_MAX];
static size_t pending_len;

static volatile uint8_t *reg(unsigned r)
{
    return (volatile uint8_t *)mmio + r;
}

/* Runs on the rx thread before the interrupt loop starts. */
void rx__init(void)
{
    *reg(UART_IER) = IER_ERBFI;
    camkes_log(CAMKES_LOG_INFO, "receive interrupt enabled (IRQ %d)", CAMKES_IRQ_NUMBER_rx_rx_irq);
}

static void deliver(void)
{
    char *dst = line;
    memcpy(dst, pending, pending_len);
    dst[pending_len] = '\0';
    camkes_log(CAMKES_LOG_INFO, "line of %u characters", (unsigned)pending_len);
    pending_len = 0;
    ready_emit();
}

void rx_handle(unsigned source)
{
    (void)source; /* one source: CAMKES_IRQ_rx_rx_irq */
    while (*reg(UART_LSR) & LSR_DR) {
        char c = (char)*reg(UART_RBR);
        if (c == '\r' || c == '\n') {
            if (pending_len > 0) deliver();
        } else if (pending_len < LINE_MAX - 1) {
            pending[pending_len++] = c;
        }
    }
}
