/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * util — logging, allocation, buffers, files, UTF-8, paths.
 */
#include "base/util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static enum log_level log_threshold = LOG_INFO;
static int log_env_read;
static int log_journal = -1; /* stderr is journald's stream: syslog priority prefixes */

/* JOURNAL_STREAM is "device:inode" of the stream journald gave us; it
 * counts only while stderr is still that stream (not redirected). */
static int stderr_is_journal(void)
{
	const char *e = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;
	return e && sscanf(e, "%llu:%llu", &dev, &ino) == 2 && fstat(2, &st) == 0 &&
	       (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

void log_set_level(enum log_level level)
{
	log_threshold = level;
	log_env_read = 1;
}

static const char *const priority[] = {"<7>", "<6>", "<4>", "<3>"};

const char *log_priority(enum log_level level)
{
	if (log_journal < 0)
		log_journal = stderr_is_journal();
	return log_journal ? priority[level] : "";
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const names[] = {"debug", "info", "warn", "error"};
	if (!log_env_read) {
		const char *e = getenv("KHABAR_LOG");
		log_env_read = 1;
		for (int i = 0; e && i < (int)ARRAY_LEN(names); i++)
			if (strcmp(e, names[i]) == 0)
				log_threshold = (enum log_level)i;
	}
	if (level < log_threshold)
		return;
	if (log_journal < 0)
		log_journal = stderr_is_journal();
	/* One write per line, so lines from several processes do not mix. */
	char line[2048];
	int n = snprintf(line, sizeof line, "%skhabar: %s: ", log_journal ? priority[level] : "",
			 names[level]);
	va_list ap;
	va_start(ap, fmt);
	int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	va_end(ap);
	size_t len = (size_t)n + (m < 0 ? 0 : MIN((size_t)m, sizeof line - (size_t)n - 2));
	len = (size_t)n + url_redact(line + n, len - (size_t)n);
	term_clean(line + n, len - (size_t)n);
	line[len++] = '\n';
	fwrite(line, 1, len, stderr);
}

size_t url_redact(char *s, size_t n)
{
	for (size_t i = 0; i + 3 <= n; i++) {
		if (memcmp(s + i, "://", 3))
			continue;
		size_t start = i + 3, end = start, at = 0;
		while (end < n && !strchr("/?# \t\n\"'<>", s[end]) && s[end]) {
			if (s[end] == '@')
				at = end;
			end++;
		}
		if (!at)
			continue;
		/* The user and password become "***", whatever their length. */
		size_t user = at - start;
		if (user >= 3) {
			memcpy(s + start, "***", 3);
			memmove(s + start + 3, s + at, n - at);
			n -= user - 3;
		} else {
			memset(s + start, '*', user);
		}
		i = start + 3;
	}
	return n;
}

void term_clean(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
			s[i] = '?';
		else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
			 (unsigned char)s[i + 1] <= 0x9F)
			s[i] = s[i + 1] = '?';
	}
}

void term_printf(FILE *out, const char *fmt, ...)
{
	char small[1024], *line = small;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof small) {
		line = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(line, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	size_t len = url_redact(line, (size_t)n);
	term_clean(line, len);
	fwrite(line, 1, len, out);
	if (line != small)
		free(line);
}

static void out_of_memory(size_t n)
{
	fprintf(stderr, "khabar: error: out of memory (%zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *xgrow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	size_t c = *cap ? *cap : 8;
	while (c < need) {
		if (c > SIZE_MAX / 2 / size)
			out_of_memory(SIZE_MAX);
		c *= 2;
	}
	*cap = c;
	return xrealloc(p, c * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_steal(&b);
}

void buf_append(struct buf *b, const void *data, size_t n)
{
	b->data = xgrow(b->data, &b->cap, b->len + n + 1, 1);
	if (n)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = 0;
}

void buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
	buf_append(b, &c, 1);
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	b->data = xgrow(b->data, &b->cap, b->len + (size_t)n + 1, 1);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_add_reason(struct buf *b, size_t *count, size_t max, const char *fmt, va_list ap)
{
	if (++*count > max)
		return;
	if (b->len)
		buf_puts(b, "; ");
	buf_vprintf(b, fmt, ap);
}

char *error_at(const char *data, size_t len, size_t off, const char *fmt, va_list ap)
{
	size_t line = 1;
	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++)
		line += data[i] == '\n';
	struct buf b = {0};
	buf_printf(&b, "line %zu, byte %zu: ", line, off);
	buf_vprintf(&b, fmt, ap);
	return buf_steal(&b);
}

void buf_json_string(struct buf *b, const char *s, size_t n)
{
	buf_putc(b, '"');
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9F) { /* a C1 control */
			buf_append(b, s + run, i - run);
			buf_printf(b, "\\u%04x", (unsigned char)s[i + 1]);
			run = ++i + 1;
			continue;
		}
		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)
			continue;
		buf_append(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\t': buf_puts(b, "\\t"); break;
		case '\r': buf_puts(b, "\\r"); break;
		default: buf_printf(b, "\\u%04x", c); break;
		}
	}
	buf_append(b, s + run, n - run);
	buf_putc(b, '"');
}

char *buf_steal(struct buf *b)
{
	char *p = b->data ? b->data : xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *file_read(const char *path, size_t max, size_t *len, char **err)
{
	int is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		if (err)
			*err = xasprintf("%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (!is_stdin && fstat(fileno(f), &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			if (err)
				*err = xasprintf("%s: is a directory", path);
			fclose(f);
			return NULL;
		}
		if (max && st.st_size > 0 && (uint64_t)st.st_size > max) {
			if (err)
				*err = xasprintf(
				    "%s: file is %lld bytes, larger than the limit of %zu bytes",
				    path, (long long)st.st_size, max);
			fclose(f);
			return NULL;
		}
	}
	struct buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (max && b.len + n > max) {
			if (err)
				*err =
				    xasprintf("%s: larger than the limit of %zu bytes", path, max);
			buf_free(&b);
			if (!is_stdin)
				fclose(f);
			return NULL;
		}
		buf_append(&b, chunk, n);
	}
	int failed = ferror(f);
	if (!is_stdin)
		fclose(f);
	if (failed) {
		if (err)
			*err = xasprintf("%s: read error", path);
		buf_free(&b);
		return NULL;
	}
	if (len)
		*len = b.len;
	return buf_steal(&b);
}

int file_write(const char *path, const void *data, size_t len)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "wb");
	if (!f) {
		free(tmp);
		return -1;
	}
	int ok = fwrite(data, 1, len, f) == len;
	ok = (fflush(f) == 0) && ok;
	ok = (fsync(fileno(f)) == 0) && ok;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		free(tmp);
		errno = e;
		return -1;
	}
	free(tmp);
	return 0;
}

int mkdir_p(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		/* Private: a cache or its images are nobody else's to read. */
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int r = mkdir(p, 0700);
	free(p);
	return (r == 0 || errno == EEXIST) ? 0 : -1;
}

uint32_t utf8_decode(const unsigned char *s, size_t n, size_t *used)
{
	*used = 1;
	if (n == 0) {
		*used = 0;
		return 0xFFFD;
	}
	unsigned c = s[0];
	if (c < 0x80)
		return c;
	size_t len;
	uint32_t cp;
	unsigned lo = 0x80, hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		cp = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		if (c == 0xED)
			hi = 0x9F; /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		cp = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		if (c == 0xF4)
			hi = 0x8F;
	} else {
		return 0xFFFD;
	}
	for (size_t i = 1; i < len; i++) {
		if (i >= n)
			return 0xFFFD;
		unsigned d = s[i];
		if (d < lo || d > hi)
			return 0xFFFD;
		lo = 0x80;
		hi = 0xBF;
		cp = (cp << 6) | (d & 0x3F);
		*used = i + 1;
	}
	*used = len;
	return cp;
}

size_t utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		cp = 0xFFFD;
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp > 0x10FFFF)
		return utf8_encode(0xFFFD, out);
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t utf8_first_invalid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		if (u[i] >= 0x01 && u[i] < 0x80) {
			i++;
			continue;
		}
		if (u[i] == 0)
			return i;
		size_t used;
		/* U+FFFD itself (EF BF BD) is text, not an error. */
		if (utf8_decode(u + i, n - i, &used) == 0xFFFD && !(used == 3 && u[i] == 0xEF))
			return i;
		i += used;
	}
	return n;
}

char *utf8_sanitize(const char *s, size_t n, size_t *out_len)
{
	struct buf b = {0};
	size_t i = 0;
	buf_append(&b, "", 0);
	while (i < n) {
		size_t bad = i + utf8_first_invalid(s + i, n - i);
		buf_append(&b, s + i, bad - i);
		if (bad == n)
			break;
		size_t used = 1;
		if (s[bad] != 0) {
			utf8_decode((const unsigned char *)s + bad, n - bad, &used);
			buf_puts(&b, "\xEF\xBF\xBD");
		}
		i = bad + used;
	}
	if (out_len)
		*out_len = b.len;
	return buf_steal(&b);
}

static int has_fonts(const char *dir)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/fonts/Vazirmatn-Regular.ttf", dir);
	return access(path, R_OK) == 0;
}

const char *datadir(void)
{
	static char dir[PATH_MAX];
	if (dir[0])
		return dir;
	const char *env = getenv("KHABAR_DATADIR");
	if (env && *env) {
		snprintf(dir, sizeof dir, "%s", env);
		return dir;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = 0;
		/* build/khabar, build/asan/khabar, build/tests/x, PREFIX/bin/khabar */
		static const char *const rel[] = {"/..", "/../..", "/../share/khabar", "/../../.."};
		for (size_t i = 0; i < ARRAY_LEN(rel); i++) {
			char cand[PATH_MAX + 32];
			snprintf(cand, sizeof cand, "%s%s", exe, rel[i]);
			if (has_fonts(cand) && realpath(cand, dir))
				return dir;
		}
	}
	snprintf(dir, sizeof dir, "%s", KHABAR_DATADIR);
	return dir;
}

/* NULL without HOME: never a shared directory such as /tmp, where another
 * user could plant a symlink. */
static char *xdg_dir(const char *var, const char *fallback)
{
	const char *base = getenv(var);
	if (base && base[0] == '/')
		return xasprintf("%s/khabar", base);
	const char *home = getenv("HOME");
	return home && *home == '/' ? xasprintf("%s/%s/khabar", home, fallback) : NULL;
}

char *user_data_dir(void)
{
	return xdg_dir("XDG_DATA_HOME", ".local/share");
}

char *user_config_dir(void)
{
	return xdg_dir("XDG_CONFIG_HOME", ".config");
}

int64_t time_now_unix(void)
{
	return (int64_t)time(NULL);
}

double time_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int url_is_web(const char *s)
{
	size_t skip = !strncasecmp(s, "http://", 7) ? 7 : !strncasecmp(s, "https://", 8) ? 8 : 0;
	if (!skip || !s[skip] || s[skip] == '/' || s[skip] == '?' || s[skip] == '#')
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return 0;
	return 1;
}

char *str_trim(char *s)
{
	size_t n = strlen(s), start = 0;
	for (;;) {
		if (start < n && strchr(" \t\r\n\f\v", s[start]))
			start++;
		else if (start + 1 < n && (unsigned char)s[start] == 0xC2 &&
			 (unsigned char)s[start + 1] == 0xA0)
			start += 2;
		else
			break;
	}
	while (n > start) {
		if (strchr(" \t\r\n\f\v", s[n - 1]))
			n--;
		else if (n >= start + 2 && (unsigned char)s[n - 2] == 0xC2 &&
			 (unsigned char)s[n - 1] == 0xA0)
			n -= 2;
		else
			break;
	}
	memmove(s, s + start, n - start);
	s[n - start] = 0;
	return s;
}

uint64_t hash_fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

size_t utf8_bom_len(const char *data, size_t len)
{
	return len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

char *path_if_readable(char *path, const char *what)
{
	if (path && access(path, R_OK) != 0) {
		log_warn("%s %s cannot be read; leaving it out", what, path);
		free(path);
		path = NULL;
	}
	return path;
}

int str_digits(const char **s, int max, int *v)
{
	int n = 0;
	*v = 0;
	while (n < max && **s >= '0' && **s <= '9') {
		*v = *v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n ? 0 : -1;
}
