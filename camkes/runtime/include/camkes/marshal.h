/* Bounds-checked marshalling for CAmkES RPC payloads, used by clients and servers alike.
 *
 * Encoding (docs/components.md, "Marshalling"): fields in order, no padding, no
 * alignment, no type tags:
 *   u8 / u16 / u32 / u64  1 / 2 / 4 / 8 bytes, little-endian
 *   word                  8 bytes little-endian on every word size (a value that does not
 *                         fit the reader's seL4_Word is a decode error)
 *   bool                  1 byte, 0 or 1; any other byte is a decode error
 *   bytes                 u32 length, then that many bytes
 *   string                as bytes; the content holds no NUL byte (the NUL that ends a C
 *                         string is not sent)
 *   fixed                 n raw bytes, n known to both sides (no length prefix)
 *
 * Errors are sticky: once a put or get fails (the buffer is too small, a length or a
 * bool is invalid, a string holds a NUL), the writer/reader is in error and every later
 * call fails without touching the buffer or advancing.  A failed get stores a zero / empty
 * result in its outputs, so a decoder that ignores return values and checks
 * camkes_reader_done() once at the end never uses uninitialised data.
 *
 * Freestanding: no malloc, no libc beyond the compiler's own headers. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sel4/simple_types.h> /* seL4_Word */

/* Byte sizes of the fixed-width encodings and of the length prefix. */
#define CAMKES_MARSHAL_WORD_SIZE 8u
#define CAMKES_MARSHAL_LEN_SIZE 4u

typedef struct camkes_writer {
    uint8_t *buf;
    size_t cap;
    size_t pos;
    bool error;
} camkes_writer_t;

typedef struct camkes_reader {
    const uint8_t *buf;
    size_t len;
    size_t pos;
    bool error;
} camkes_reader_t;

/* ---------------------------------------------------------------- writer */
void camkes_writer_init(camkes_writer_t *w, void *buf, size_t cap);
bool camkes_put_u8(camkes_writer_t *w, uint8_t v);
bool camkes_put_u16(camkes_writer_t *w, uint16_t v);
bool camkes_put_u32(camkes_writer_t *w, uint32_t v);
bool camkes_put_u64(camkes_writer_t *w, uint64_t v);
bool camkes_put_word(camkes_writer_t *w, seL4_Word v);
bool camkes_put_bool(camkes_writer_t *w, bool v);
/* n raw bytes, no prefix.  p may be NULL only when n == 0. */
bool camkes_put_fixed(camkes_writer_t *w, const void *p, size_t n);
/* Length-prefixed bytes (n < 2^32). */
bool camkes_put_bytes(camkes_writer_t *w, const void *p, size_t n);
/* A C string (NULL is an error). */
bool camkes_put_str(camkes_writer_t *w, const char *s);
/* n bytes of s as a string; an error if they contain a NUL. */
bool camkes_put_strn(camkes_writer_t *w, const char *s, size_t n);
/* Bytes written so far (valid even after an error: the successful prefix). */
size_t camkes_writer_len(const camkes_writer_t *w);
bool camkes_writer_ok(const camkes_writer_t *w);

/* ---------------------------------------------------------------- reader */
void camkes_reader_init(camkes_reader_t *r, const void *buf, size_t len);
bool camkes_get_u8(camkes_reader_t *r, uint8_t *v);
bool camkes_get_u16(camkes_reader_t *r, uint16_t *v);
bool camkes_get_u32(camkes_reader_t *r, uint32_t *v);
bool camkes_get_u64(camkes_reader_t *r, uint64_t *v);
bool camkes_get_word(camkes_reader_t *r, seL4_Word *v);
bool camkes_get_bool(camkes_reader_t *r, bool *v);
bool camkes_get_fixed(camkes_reader_t *r, void *dst, size_t n);
/* Copies length-prefixed bytes into dst (cap bytes); *len gets their number.  An error
 * if they do not fit. */
bool camkes_get_bytes(camkes_reader_t *r, void *dst, size_t cap, size_t *len);
/* Zero copy: *p points into the reader's buffer (valid while the buffer is). */
bool camkes_get_bytes_ref(camkes_reader_t *r, const uint8_t **p, size_t *len);
/* Copies a string into dst and NUL-terminates it: needs length + 1 <= cap.  An error if
 * the string holds a NUL or does not fit. */
bool camkes_get_str(camkes_reader_t *r, char *dst, size_t cap);
/* Zero copy: *p points into the buffer and is NOT NUL-terminated; the content is checked
 * to hold no NUL. */
bool camkes_get_str_ref(camkes_reader_t *r, const char **p, size_t *len);
/* Bytes not yet read (0 after an error). */
size_t camkes_reader_remaining(const camkes_reader_t *r);
bool camkes_reader_ok(const camkes_reader_t *r);
/* True when every get succeeded and the whole buffer was consumed: the check a decoder
 * makes once at the end (trailing bytes are a decode error). */
bool camkes_reader_done(const camkes_reader_t *r);
