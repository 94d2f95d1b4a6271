/* GCC may emit calls to these even in freestanding code (struct copies, zeroing loops). */
#include <lib/string.h>

void *memset(void *d, int c, size_t n)
{
    return kmemset(d, c, n);
}
void *memcpy(void *restrict d, const void *restrict s, size_t n)
{
    return kmemcpy(d, s, n);
}
void *memmove(void *d, const void *s, size_t n)
{
    return kmemmove(d, s, n);
}
int memcmp(const void *a, const void *b, size_t n)
{
    return kmemcmp(a, b, n);
}
