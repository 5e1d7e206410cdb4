/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * util — small things every module needs: logging, checked allocation,
 * a growable byte buffer, reading files with a size limit, UTF-8 decoding,
 * and where khabar's data, config and cache live.
 *
 * Must not: know about SDL, SQLite, HarfBuzz or ICU.
 */
#ifndef KHABAR_UTIL_H
#define KHABAR_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* One line to stderr: "khabar: warn: ...". Levels below the threshold
 * (log_set_level, default LOG_INFO, env KHABAR_LOG=debug|info|warn|error)
 * are dropped. */
void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void log_set_level(enum log_level level);
/* The n bytes at s made safe for a terminal, in place: every control
 * character but a line end and a tab (ESC, BEL, CR, DEL, the C1 controls
 * U+0080-U+009F) becomes '?', so a name from a feed cannot recolour the
 * operator's terminal or retitle its window. */
void term_clean(char *s, size_t n);
/* Every URL's user and password in the n bytes at s ("https://u:p@host")
 * made "***", in place; returns the new length. Logs never carry them. */
size_t url_redact(char *s, size_t n);
/* fprintf to out of a line whose names come from outside: its URLs
 * url_redact'ed, then term_clean'd. */
void term_printf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The syslog priority prefix ("<3>") of a line at level when stderr is
 * journald's stream, else "": for lines written without log_msg(). */
const char *log_priority(enum log_level level);
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

/* Allocation that never returns NULL: out of memory aborts with a message,
 * since a kiosk that cannot allocate a few bytes cannot recover anyway. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow *p (holding *cap elements of size bytes) to hold at least need. */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* FNV-1a 64: hash_fnv1a(HASH_FNV1A_INIT, p, n), chained over several
 * pieces by passing the previous result. Not for secrets: it names files
 * and ids and tells whether a body changed. */
#define HASH_FNV1A_INIT 0xcbf29ce484222325ull
uint64_t hash_fnv1a(uint64_t h, const void *p, size_t n);
/* 3 when data starts with a UTF-8 byte order mark, else 0. */
size_t utf8_bom_len(const char *data, size_t len);
/* path when that file can be read; else a warning naming what it is for
 * ("header: logo x cannot be read; leaving it out"), path freed and NULL.
 * Takes ownership of path (NULL passes through). */
char *path_if_readable(char *path, const char *what);
/* Up to max ASCII digits at *s as a number into *v, *s moved past them:
 * 0, or -1 when there is no digit. */
int str_digits(const char **s, int max, int *v);
/* Trim ASCII space, tabs, line ends and no-break spaces from both ends,
 * in place; returns s. */
char *str_trim(char *s);
/* printf into a new string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte buffer, always NUL-terminated after buf_* calls.
 * Zero-initialise, then buf_free(). */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};
void buf_append(struct buf *b, const void *data, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* One more reason in a "; "-separated list of reasons, which keeps the
 * first max of them; *count counts them all. */
void buf_add_reason(struct buf *b, size_t *count, size_t max, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
/* "line L, byte OFF: " and the message, for a parse error at byte off of
 * data (clamped to len). Caller frees. */
char *error_at(const char *data, size_t len, size_t off, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
/* Whether s is an http:// or https:// URL with a host and no white space
 * or control characters: a link a browser or a feed fetcher can open. */
int url_is_web(const char *s);
/* Append s as a JSON string literal, quotes included. */
void buf_json_string(struct buf *b, const char *s, size_t n);
/* Take ownership of the data (caller frees); b is left empty. */
char *buf_steal(struct buf *b);
void buf_free(struct buf *b);

/* Read a whole file (or stdin for "-") into memory, NUL-terminated.
 * Fails with a message in *err (caller frees) when it cannot be read or is
 * larger than max bytes (0: no limit). Caller frees the result. */
char *file_read(const char *path, size_t max, size_t *len, char **err);
/* Write atomically (temp file + rename). Returns 0 or -1 with errno. */
int file_write(const char *path, const void *data, size_t len);
/* mkdir -p; 0 or -1 with errno. */
int mkdir_p(const char *path);

/* Decode one UTF-8 sequence at s (n bytes left). Returns the code point and
 * sets *used (at least 1 when n > 0). Invalid, overlong, surrogate and
 * truncated sequences decode as U+FFFD consuming one byte at a time
 * (the WHATWG "maximal subpart" rule). */
uint32_t utf8_decode(const unsigned char *s, size_t n, size_t *used);
/* Encode cp into out (at least 4 bytes); returns bytes written. */
size_t utf8_encode(uint32_t cp, char *out);
/* Offset of the first byte of s (n bytes) that is not UTF-8 text: the
 * start of an invalid sequence, or a NUL; n when there is none. */
size_t utf8_first_invalid(const char *s, size_t n);
/* A copy of s in which every invalid sequence is U+FFFD and every NUL is
 * dropped; caller frees. */
char *utf8_sanitize(const char *s, size_t n, size_t *out_len);

/* Where the bundled fonts and assets are: $KHABAR_DATADIR, else next to
 * the executable (a build tree or PREFIX/share/khabar), else the source
 * tree this binary was built from. Borrowed, static. */
const char *datadir(void);
/* $XDG_DATA_HOME/khabar (~/.local/share/khabar); caller frees. NULL when
 * neither that variable (absolute) nor HOME is set. */
char *user_data_dir(void);
/* $XDG_CONFIG_HOME/khabar (~/.config/khabar); caller frees. NULL as
 * user_data_dir. */
char *user_config_dir(void);
/* The message for a user_data_dir() or image_dir() of NULL. */
#define NO_HOME_MESSAGE                                                                    \
	"HOME is not set (nor XDG_DATA_HOME and XDG_CACHE_HOME): khabar keeps its cache "  \
	"and images under the home directory and never in a shared one such as /tmp; "     \
	"set HOME, or give --db and XDG_CACHE_HOME"

/* Wall clock and monotonic time. */
int64_t time_now_unix(void);
double time_mono(void);

#endif
