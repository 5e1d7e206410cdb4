/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * http — GET with libcurl. The body is collected by a write callback that
 * stops the transfer the moment it passes max_size, so a 2 GB answer
 * costs at most max_size of memory. Headers are read per response, so a
 * redirect chain leaves the final response's validators.
 *
 * Must not: know about feeds, the cache or the config. The only module
 * that includes <curl/curl.h>.
 */
#include "net/http.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#define MAX_REDIRECTS 5

struct transfer {
	struct http_response *rs;
	int64_t max_size;
	int too_big;
	int all_permanent; /* every redirect so far was 301 or 308 */
	int redirects;
};

/* One handle for every transfer of a run: its connection cache keeps
 * connections to a server open between the feed and its images. */
static CURL *shared;

int http_init(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	shared = curl_easy_init();
	return shared ? 0 : -1;
}

void http_cleanup(void)
{
	curl_easy_cleanup(shared);
	shared = NULL;
	curl_global_cleanup();
}

static size_t on_body(char *data, size_t size, size_t n, void *user)
{
	struct transfer *t = user;
	size_t len = size * n;
	if ((int64_t)(t->rs->body.len + len) > t->max_size) {
		t->too_big = 1;
		return 0; /* anything but len aborts the transfer */
	}
	buf_append(&t->rs->body, data, len);
	return len;
}

/* Value of header line "Name: value\r\n" when its name is name, trimmed;
 * NULL otherwise. Caller frees. */
static char *header_value(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name);
	if (len <= n || strncasecmp(line, name, n) || line[n] != ':')
		return NULL;
	const char *v = line + n + 1, *end = line + len;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && isspace((unsigned char)end[-1]))
		end--;
	return xstrndup(v, (size_t)(end - v));
}

static void replace(char **field, char *value)
{
	free(*field);
	*field = value;
}

static size_t on_header(char *data, size_t size, size_t n, void *user)
{
	struct transfer *t = user;
	struct http_response *rs = t->rs;
	size_t len = size * n;
	char *v;
	if (len > 5 && !strncmp(data, "HTTP/", 5)) {
		/* A new response: forget the previous one's headers. */
		const char *sp = memchr(data, ' ', len);
		int status = sp ? atoi(sp + 1) : 0;
		if (rs->status >= 300 && rs->status < 400) {
			t->redirects++;
			if (rs->status != 301 && rs->status != 308)
				t->all_permanent = 0;
		}
		rs->status = status;
		replace(&rs->etag, NULL);
		replace(&rs->last_modified, NULL);
		replace(&rs->content_type, NULL);
		rs->retry_after = -1;
	} else if ((v = header_value(data, len, "ETag"))) {
		replace(&rs->etag, v);
	} else if ((v = header_value(data, len, "Last-Modified"))) {
		replace(&rs->last_modified, v);
	} else if ((v = header_value(data, len, "Content-Type"))) {
		replace(&rs->content_type, v);
	} else if ((v = header_value(data, len, "Retry-After"))) {
		char *end;
		long s = strtol(v, &end, 10);
		if (end != v && !*end && s >= 0) {
			rs->retry_after = s;
		} else {
			time_t when = curl_getdate(v, NULL);
			if (when != -1)
				rs->retry_after = when > time(NULL) ? (long)(when - time(NULL)) : 0;
		}
		free(v);
	}
	return len;
}

static void set_options(CURL *h, const struct http_request *rq, struct transfer *t,
			struct curl_slist **headers)
{
	curl_easy_setopt(h, CURLOPT_URL, rq->url);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, (long)MAX_REDIRECTS);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* all the library decodes */
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)(rq->timeout * 1000));
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)(rq->timeout * 1000));
	/* Less than 1 byte a second for a quarter of the timeout (2 to 30 s):
	 * a stalled server is dropped long before the timeout. */
	long slow = (long)(rq->timeout / 4);
	slow = slow < 2 ? 2 : slow > 30 ? 30 : slow;
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, slow);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)rq->max_size);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (rq->ca_file && *rq->ca_file)
		curl_easy_setopt(h, CURLOPT_CAINFO, rq->ca_file);
	if (rq->user_agent && *rq->user_agent)
		curl_easy_setopt(h, CURLOPT_USERAGENT, rq->user_agent);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, t);
	if (rq->etag && *rq->etag) {
		char *line = xasprintf("If-None-Match: %s", rq->etag);
		*headers = curl_slist_append(*headers, line);
		free(line);
	}
	if (rq->last_modified && *rq->last_modified) {
		char *line = xasprintf("If-Modified-Since: %s", rq->last_modified);
		*headers = curl_slist_append(*headers, line);
		free(line);
	}
	if (*headers)
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, *headers);
}

static char *describe(CURLcode rc, const struct http_request *rq, const struct transfer *t,
		      const char *detail)
{
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		if (strstr(detail, "too slow"))
			return xasprintf("aborted: the server stalled (%s)", detail);
		return xasprintf("timed out after %g s", rq->timeout);
	case CURLE_FILESIZE_EXCEEDED:
		return xasprintf("larger than %lld bytes; aborted", (long long)rq->max_size);
	case CURLE_WRITE_ERROR:
		if (t->too_big)
			return xasprintf("larger than %lld bytes; aborted",
					 (long long)rq->max_size);
		break;
	case CURLE_TOO_MANY_REDIRECTS:
		return xasprintf("more than %d redirects; refused", MAX_REDIRECTS);
	case CURLE_UNSUPPORTED_PROTOCOL:
		if (t->redirects || (t->rs->status >= 300 && t->rs->status < 400))
			return xstrdup("redirect to a protocol other than http or https; refused");
		return xstrdup("not an http or https URL; refused");
	default: break;
	}
	return xstrdup(*detail ? detail : curl_easy_strerror(rc));
}

int http_get(const struct http_request *rq, struct http_response *rs)
{
	struct transfer t = {.rs = rs, .max_size = rq->max_size, .all_permanent = 1};
	rs->retry_after = -1;
	double start = time_mono();
	CURL *h = shared;
	if (!h) {
		rs->error = xstrdup("libcurl not started (http_init)");
		return -1;
	}
	curl_easy_reset(h);
	struct curl_slist *headers = NULL;
	char detail[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, detail);
	set_options(h, rq, &t, &headers);
	CURLcode rc = curl_easy_perform(h);
	rs->seconds = time_mono() - start;
	int ret = 0;
	if (rc != CURLE_OK) {
		rs->error = describe(rc, rq, &t, detail);
		buf_free(&rs->body);
		ret = -1;
	} else {
		long code = 0;
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
		rs->status = (int)code;
		if (t.redirects && t.all_permanent) {
			char *url = NULL;
			curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &url);
			if (url)
				rs->moved_to = xstrdup(url);
		}
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
	curl_slist_free_all(headers);
	return ret;
}

void http_response_free(struct http_response *rs)
{
	if (!rs)
		return;
	buf_free(&rs->body);
	free(rs->etag);
	free(rs->last_modified);
	free(rs->content_type);
	free(rs->moved_to);
	free(rs->error);
	memset(rs, 0, sizeof *rs);
}

char *http_charset(const char *content_type)
{
	if (!content_type)
		return NULL;
	const char *p = content_type;
	while (*p && strncasecmp(p, "charset=", 8))
		p++;
	if (!*p)
		return NULL;
	p += 8;
	if (*p == '"')
		p++;
	size_t n = strcspn(p, "\"; \t");
	return n ? xstrndup(p, n) : NULL;
}

char *http_resolve(const char *base, const char *ref)
{
	CURLU *u = curl_url();
	char *out = NULL, *res = NULL;
	if (u && curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_URL, ref, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &out, 0) == CURLUE_OK &&
	    (!strncasecmp(out, "http://", 7) || !strncasecmp(out, "https://", 8)))
		res = xstrdup(out);
	curl_free(out);
	curl_url_cleanup(u);
	return res;
}
