/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * http — one GET over HTTP or HTTPS with libcurl, with the limits a feed
 * fetch needs: conditional GET, compressed transfer, a whole-transfer
 * timeout and a low-speed abort, a body limit enforced while streaming,
 * at most 5 redirects over http and https only, the system's CAs, proxies
 * from the environment.
 *
 * Must not: know about feeds, the cache or the config; be linked into the
 * display's frame loop (only `khabar sync` uses it).
 */
#ifndef KHABAR_HTTP_H
#define KHABAR_HTTP_H

#include <stdint.h>

#include "base/util.h"

struct http_request {
	const char *url;
	const char *etag, *last_modified; /* validators; NULL or "" for none */
	double timeout;			  /* seconds for the whole transfer */
	int64_t max_size;		  /* bytes of (decoded) body */
	const char *user_agent;
	const char *ca_file; /* NULL or "": the system's CAs */
};

struct http_response {
	int status;		    /* the final response's status; 0 when none came */
	struct buf body;	    /* the final response's body (decoded) */
	char *etag, *last_modified; /* of the final response; NULL when absent */
	char *content_type;	    /* NULL when absent */
	char *moved_to;		    /* every redirect was permanent (301/308): the final URL */
	long retry_after;	    /* seconds from a Retry-After header; -1 when none */
	double seconds;		    /* wall time of the transfer */
	char *error;		    /* set when http_get() returns -1 */
};

/* Call once before the first http_get() (curl_global_init and the one
 * handle every transfer reuses, so connections stay open). 0 or -1. */
int http_init(void);
void http_cleanup(void);

/* GET rq->url into *rs (zero it first; free with http_response_free()).
 * Returns 0 when a final response arrived, whatever its status, and -1
 * with rs->error ("timed out after 60 s", "larger than 8388608 bytes",
 * "redirect to a protocol other than http or https", ...) otherwise. */
int http_get(const struct http_request *rq, struct http_response *rs);
void http_response_free(struct http_response *rs);

/* The charset parameter of a Content-Type value ("text/xml;
 * charset=windows-1256" -> "windows-1256"), or NULL. Caller frees. */
char *http_charset(const char *content_type);
/* ref resolved against base (a relative image URL against its item's);
 * NULL unless the result is an http or https URL. Caller frees. */
char *http_resolve(const char *base, const char *ref);

#endif
