/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * console_users — the console's accounts file: one line per account,
 * "NAME:ROLE:HASH", HASH libcrypt's yescrypt ("$y$..."). Written whole to
 * a temporary file and renamed, mode 0640.
 *
 * Must not: log or keep a password; say whether a name exists.
 */
#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "console/console.h"

#define USERS_MAX (256 * 1024)
/* A hash to compare against for unknown names, so a wrong name takes as
 * long as a wrong password. */
static const char no_user_salt[] = "$y$j9T$khabar.console.salt$";

int console_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n < 1 || n > 32)
		return 0;
	return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

char *console_hash(const char *password)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	if (!crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof salt))
		return NULL;
	struct crypt_data *cd = xcalloc(1, sizeof *cd);
	char *h = crypt_r(password, salt, cd);
	char *out = h && h[0] == '$' ? xstrdup(h) : NULL;
	explicit_bzero(cd, sizeof *cd);
	free(cd);
	return out;
}

/* The line of name in text, or NULL; *len its length. */
static const char *find_line(const char *text, const char *name, size_t *len)
{
	size_t n = strlen(name);
	for (const char *p = text; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l > n && !strncmp(p, name, n) && p[n] == ':') {
			*len = l;
			return p;
		}
		p = e ? e + 1 : NULL;
	}
	return NULL;
}

enum console_role console_verify(const char *path, const char *name, const char *password)
{
	char *err = NULL, hash[256] = "", role[16] = "";
	size_t len = 0, l = 0;
	char *text = file_read(path, USERS_MAX, &len, &err);
	if (!text) {
		log_error("console: %s", err);
		free(err);
	}
	const char *line = text ? find_line(text, name, &l) : NULL;
	if (line) {
		const char *r = line + strlen(name) + 1;
		const char *c = memchr(r, ':', l - (size_t)(r - line));
		if (c && (size_t)(c - r) < sizeof role && l - (size_t)(c + 1 - line) < sizeof hash) {
			memcpy(role, r, (size_t)(c - r));
			memcpy(hash, c + 1, l - (size_t)(c + 1 - line));
		}
	}
	free(text);
	struct crypt_data *cd = xcalloc(1, sizeof *cd);
	const char *h = crypt_r(password, hash[0] == '$' ? hash : no_user_salt, cd);
	int ok = hash[0] == '$' && h && h[0] == '$' && strlen(h) == strlen(hash) &&
		 !strcmp(h, hash);
	explicit_bzero(cd, sizeof *cd);
	free(cd);
	if (!ok)
		return ROLE_NONE;
	return !strcmp(role, "organiser") ? ROLE_ORGANISER : !strcmp(role, "viewer") ? ROLE_VIEWER : ROLE_NONE;
}

/* text without name's line, then extra (may be NULL), written to path. */
static int rewrite(const char *path, const char *text, const char *name, const char *extra)
{
	struct buf b = {0};
	size_t l;
	const char *line = text ? find_line(text, name, &l) : NULL;
	if (text && line) {
		buf_append(&b, text, (size_t)(line - text));
		const char *rest = line + l + (line[l] == '\n');
		buf_puts(&b, rest);
	} else if (text) {
		buf_puts(&b, text);
	}
	if (b.len && b.data[b.len - 1] != '\n')
		buf_putc(&b, '\n');
	if (extra)
		buf_puts(&b, extra);
	char *tmp = xasprintf("%s.new", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	int rc = -1;
	struct stat st;
	if (fd >= 0 && stat(path, &st) == 0) {
		/* The package makes it root:khabar 0640, for the service to read. */
		if (fchown(fd, st.st_uid, st.st_gid))
			log_warn("console: %s keeps this user as its owner: %s", path, strerror(errno));
		fchmod(fd, st.st_mode & 0640);
	}
	if (fd >= 0) {
		rc = (b.len == 0 || write(fd, b.data, b.len) == (ssize_t)b.len) && fsync(fd) == 0 ? 0 : -1;
		close(fd);
		if (rc == 0)
			rc = rename(tmp, path);
	}
	if (rc) {
		fprintf(stderr, "khabar console: cannot write %s: %s\n", path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	buf_free(&b);
	return rc;
}

static char *read_users(const char *path, int *rc)
{
	char *err = NULL;
	size_t len;
	*rc = 0;
	char *text = file_read(path, USERS_MAX, &len, &err);
	if (!text && access(path, F_OK) == 0) {
		fprintf(stderr, "khabar console: %s\n", err);
		*rc = -1;
	}
	free(err);
	return text;
}

int console_user_set(const char *path, const char *name, enum console_role role,
		     const char *password)
{
	int rc;
	char *text = read_users(path, &rc);
	if (rc)
		return -1;
	char *hash = console_hash(password);
	if (!hash) {
		fprintf(stderr, "khabar console: libcrypt has no yescrypt\n");
		free(text);
		return -1;
	}
	char *line = xasprintf("%s:%s:%s\n", name, role == ROLE_ORGANISER ? "organiser" : "viewer",
			       hash);
	rc = rewrite(path, text, name, line);
	free(line);
	free(hash);
	free(text);
	return rc;
}

int console_user_remove(const char *path, const char *name)
{
	int rc;
	size_t l;
	char *text = read_users(path, &rc);
	if (rc)
		return -1;
	if (!text || !find_line(text, name, &l)) {
		free(text);
		return 1;
	}
	rc = rewrite(path, text, name, NULL);
	free(text);
	return rc;
}
