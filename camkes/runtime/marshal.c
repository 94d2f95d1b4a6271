/* Bounds-checked marshalling (camkes/marshal.h).  Written to be obviously safe on hostile
 * input: every access is checked against the remaining length with subtraction only (no
 * pos + n that could wrap), and every failure is sticky.  No libc: byte loops only, so the
 * file also builds freestanding and on the host unchanged. */
#include <camkes/marshal.h>

/* ---------------------------------------------------------------- writer */

void camkes_writer_init(camkes_writer_t *w, void *buf, size_t cap)
{
    w->buf = buf;
    w->cap = buf == NULL ? 0 : cap;
    w->pos = 0;
    w->error = false;
}

/* Reserves n bytes at *at (an offset into buf: buf may be NULL when the capacity is 0);
 * false, and the writer in error, if they do not fit. */
static bool w_take(camkes_writer_t *w, size_t n, size_t *at)
{
    if (w->error || n > w->cap - w->pos) {
        w->error = true;
        return false;
    }
    *at = w->pos;
    w->pos += n;
    return true;
}

static bool w_le(camkes_writer_t *w, uint64_t v, size_t n)
{
    size_t at;
    if (!w_take(w, n, &at)) return false;
    for (size_t i = 0; i < n; i++)
        w->buf[at + i] = (uint8_t)(v >> (8 * i));
    return true;
}

bool camkes_put_u8(camkes_writer_t *w, uint8_t v)
{
    return w_le(w, v, 1);
}

bool camkes_put_u16(camkes_writer_t *w, uint16_t v)
{
    return w_le(w, v, 2);
}

bool camkes_put_u32(camkes_writer_t *w, uint32_t v)
{
    return w_le(w, v, 4);
}

bool camkes_put_u64(camkes_writer_t *w, uint64_t v)
{
    return w_le(w, v, 8);
}

bool camkes_put_word(camkes_writer_t *w, seL4_Word v)
{
    return w_le(w, (uint64_t)v, CAMKES_MARSHAL_WORD_SIZE);
}

bool camkes_put_bool(camkes_writer_t *w, bool v)
{
    return w_le(w, v ? 1 : 0, 1);
}

bool camkes_put_fixed(camkes_writer_t *w, const void *p, size_t n)
{
    if (p == NULL && n != 0) {
        w->error = true;
        return false;
    }
    size_t at;
    if (!w_take(w, n, &at)) return false;
    const uint8_t *s = p;
    for (size_t i = 0; i < n; i++)
        w->buf[at + i] = s[i];
    return true;
}

bool camkes_put_bytes(camkes_writer_t *w, const void *p, size_t n)
{
    /* Check the whole field before writing any of it, so that a failed put leaves only
     * the successful prefix behind. */
    if (w->error || (p == NULL && n != 0) || (uint64_t)n > UINT32_MAX ||
        w->cap - w->pos < CAMKES_MARSHAL_LEN_SIZE ||
        n > w->cap - w->pos - CAMKES_MARSHAL_LEN_SIZE) {
        w->error = true;
        return false;
    }
    camkes_put_u32(w, (uint32_t)n);
    return camkes_put_fixed(w, p, n);
}

bool camkes_put_strn(camkes_writer_t *w, const char *s, size_t n)
{
    if (s == NULL && n != 0) {
        w->error = true;
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\0') {
            w->error = true;
            return false;
        }
    }
    return camkes_put_bytes(w, s, n);
}

bool camkes_put_str(camkes_writer_t *w, const char *s)
{
    if (s == NULL) {
        w->error = true;
        return false;
    }
    size_t n = 0;
    while (s[n] != '\0')
        n++;
    return camkes_put_bytes(w, s, n);
}

size_t camkes_writer_len(const camkes_writer_t *w)
{
    return w->pos;
}

bool camkes_writer_ok(const camkes_writer_t *w)
{
    return !w->error;
}

/* ---------------------------------------------------------------- reader */

void camkes_reader_init(camkes_reader_t *r, const void *buf, size_t len)
{
    r->buf = buf;
    r->len = buf == NULL ? 0 : len;
    r->pos = 0;
    r->error = false;
}

static bool r_take(camkes_reader_t *r, size_t n, size_t *at)
{
    if (r->error || n > r->len - r->pos) {
        r->error = true;
        return false;
    }
    *at = r->pos;
    r->pos += n;
    return true;
}

static bool r_le(camkes_reader_t *r, uint64_t *v, size_t n)
{
    size_t at;
    uint64_t x = 0;
    bool ok = r_take(r, n, &at);
    if (ok) {
        for (size_t i = 0; i < n; i++)
            x |= (uint64_t)r->buf[at + i] << (8 * i);
    }
    *v = x;
    return ok;
}

bool camkes_get_u8(camkes_reader_t *r, uint8_t *v)
{
    uint64_t x;
    bool ok = r_le(r, &x, 1);
    *v = (uint8_t)x;
    return ok;
}

bool camkes_get_u16(camkes_reader_t *r, uint16_t *v)
{
    uint64_t x;
    bool ok = r_le(r, &x, 2);
    *v = (uint16_t)x;
    return ok;
}

bool camkes_get_u32(camkes_reader_t *r, uint32_t *v)
{
    uint64_t x;
    bool ok = r_le(r, &x, 4);
    *v = (uint32_t)x;
    return ok;
}

bool camkes_get_u64(camkes_reader_t *r, uint64_t *v)
{
    return r_le(r, v, 8);
}

bool camkes_get_word(camkes_reader_t *r, seL4_Word *v)
{
    uint64_t x;
    bool ok = r_le(r, &x, CAMKES_MARSHAL_WORD_SIZE);
#if UINTPTR_MAX < UINT64_MAX /* seL4_Word is pointer sized */
    if (ok && x > (uint64_t)(seL4_Word)-1) {
        r->error = true;
        ok = false;
    }
#endif
    *v = ok ? (seL4_Word)x : 0;
    return ok;
}

bool camkes_get_bool(camkes_reader_t *r, bool *v)
{
    uint64_t x;
    bool ok = r_le(r, &x, 1);
    if (ok && x > 1) {
        r->error = true;
        ok = false;
    }
    *v = ok && x == 1;
    return ok;
}

bool camkes_get_fixed(camkes_reader_t *r, void *dst, size_t n)
{
    uint8_t *d = dst;
    size_t at;
    if ((dst == NULL && n != 0) || !r_take(r, n, &at)) {
        r->error = true;
        if (d != NULL) {
            for (size_t i = 0; i < n; i++)
                d[i] = 0;
        }
        return false;
    }
    for (size_t i = 0; i < n; i++)
        d[i] = r->buf[at + i];
    return true;
}

bool camkes_get_bytes_ref(camkes_reader_t *r, const uint8_t **p, size_t *len)
{
    uint32_t n;
    size_t at;
    if (!camkes_get_u32(r, &n) || !r_take(r, n, &at)) {
        *p = NULL;
        *len = 0;
        return false;
    }
    *p = r->buf + at; /* buf is not NULL: the length prefix was read from it */
    *len = n;
    return true;
}

bool camkes_get_bytes(camkes_reader_t *r, void *dst, size_t cap, size_t *len)
{
    const uint8_t *p;
    size_t n;
    *len = 0;
    if (!camkes_get_bytes_ref(r, &p, &n)) return false;
    if (n > cap || (dst == NULL && n != 0)) {
        r->error = true;
        return false;
    }
    uint8_t *d = dst;
    for (size_t i = 0; i < n; i++)
        d[i] = p[i];
    *len = n;
    return true;
}

static bool has_nul(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] == 0) return true;
    }
    return false;
}

bool camkes_get_str_ref(camkes_reader_t *r, const char **s, size_t *len)
{
    const uint8_t *p;
    size_t n;
    if (!camkes_get_bytes_ref(r, &p, &n)) {
        *s = NULL;
        *len = 0;
        return false;
    }
    if (has_nul(p, n)) {
        r->error = true;
        *s = NULL;
        *len = 0;
        return false;
    }
    *s = (const char *)p;
    *len = n;
    return true;
}

bool camkes_get_str(camkes_reader_t *r, char *dst, size_t cap)
{
    const char *s;
    size_t n;
    if (dst != NULL && cap > 0) dst[0] = '\0';
    if (!camkes_get_str_ref(r, &s, &n)) return false;
    if (dst == NULL || n >= cap) {
        r->error = true;
        return false;
    }
    for (size_t i = 0; i < n; i++)
        dst[i] = s[i];
    dst[n] = '\0';
    return true;
}

size_t camkes_reader_remaining(const camkes_reader_t *r)
{
    return r->error ? 0 : r->len - r->pos;
}

bool camkes_reader_ok(const camkes_reader_t *r)
{
    return !r->error;
}

bool camkes_reader_done(const camkes_reader_t *r)
{
    return !r->error && r->pos == r->len;
}
