/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sync_image — a feed's lead images, fetched after its articles are
 * stored: each image with its own deadline inside the feed's, a host that
 * stalled or refused left alone for the rest of the round, and a URL that
 * failed tried again after a backoff (15 min, doubling, at most a day),
 * not every round. An article waiting for its picture keeps the picture's
 * URL as its image, which the display does not open.
 *
 * Must not: draw; fetch anything but images; hold a transaction open
 * while the network is slow.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "cache/cache.h"
#include "net/http.h"
#include "net/sync.h"
#include "media/image.h"

#define IMAGE_RETRY	(15 * 60) /* after an image's first failure */
#define IMAGE_RETRY_MAX 86400	  /* at most */
#define IMAGE_MAX_SIDE	1920	  /* the longer side fits the largest screen */

struct urls {
	char **v;
	size_t n, cap;
};

static void push(const char *url, void *user)
{
	struct urls *u = user;
	u->v = xgrow(u->v, &u->cap, u->n + 1, sizeof *u->v);
	u->v[u->n++] = xstrdup(url);
}

static int64_t retry_after(int failures)
{
	int64_t wait = IMAGE_RETRY;
	for (int i = 1; i < failures && wait < IMAGE_RETRY_MAX; i++)
		wait *= 2;
	return MIN(wait, (int64_t)IMAGE_RETRY_MAX);
}

/* "http://host:port" of url, the part a stalled server shares; caller
 * frees. */
static char *host_of(const char *url)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	return xasprintf("%.*s", (int)(strcspn(p, "/?#") + (size_t)(p - url)), url);
}

static int host_failed(const struct sync_images *p, const char *host)
{
	for (size_t i = 0; i < p->nbad; i++)
		if (!strcmp(p->bad[i], host))
			return 1;
	return 0;
}

/* Whether url failed before and its next attempt has not come. One
 * further ahead than its backoff allows was set by a clock since set
 * back: due. */
static int waiting(const struct sync_images *p, const char *url)
{
	int failures = 0;
	int64_t next = 0;
	if (cache_image_failure_get(p->c, url, &failures, &next) != 1 || next <= p->now)
		return 0;
	return next - p->now <= retry_after(failures) + 1;
}

static void failed(struct sync_images *p, const char *who, const char *url, const char *why,
		   int transport)
{
	int failures = 0;
	int64_t next = 0;
	char *err = NULL;
	cache_image_failure_get(p->c, url, &failures, &next);
	failures++;
	log_warn("%s: image %s: %s; tried again in %lld min", who, url, why,
		 (long long)retry_after(failures) / 60);
	if (cache_image_failure_put(p->c, url, failures, p->now + retry_after(failures), why,
				    &err)) {
		log_error("%s: %s", who, err);
		free(err);
	}
	if (transport) { /* its host is left alone for the rest of the round */
		p->bad = xgrow(p->bad, &p->capbad, p->nbad + 1, sizeof *p->bad);
		p->bad[p->nbad++] = host_of(url);
	}
}

/* Fetch url (at most `seconds`) into the store. 1 stored, 0 failed. */
static int fetch_one(struct sync_images *p, const char *who, const char *url, double seconds)
{
	struct http_request rq = {.url = url,
				  .timeout = seconds,
				  .max_size = p->cfg->sync_max_image_size,
				  .user_agent = p->cfg->sync_user_agent,
				  .ca_file = p->cfg->sync_ca_file};
	struct http_response rs = {0};
	char *err = NULL, *path = NULL, *why = NULL;
	int ok = 0;
	if (http_get(&rq, &rs))
		failed(p, who, url, rs.error, 1);
	else if (rs.status != 200)
		failed(p, who, url, why = xasprintf("HTTP %d", rs.status), 0);
	else if (!(path = image_store(rs.body.data, rs.body.len, p->dir, IMAGE_MAX_SIDE, &err)))
		failed(p, who, url, err, 0);
	else if (cache_image_stored(p->c, url, path, &err))
		log_error("%s: %s", who, err);
	else
		ok = 1;
	free(why);
	free(err);
	free(path);
	http_response_free(&rs);
	return ok;
}

int sync_images_fetch(struct sync_images *p, const char *feed, double deadline)
{
	struct urls u = {0};
	char *err = NULL;
	const char *who = feed ? feed : "images";
	if (cache_images_pending(p->c, feed, push, &u, &err)) {
		log_error("%s: %s", who, err);
		free(err);
		return 0;
	}
	int stored = 0;
	size_t left = 0;
	for (size_t i = 0; i < u.n; i++) {
		char *host = host_of(u.v[i]);
		double seconds = floor(MIN(p->cfg->sync_timeout, deadline - time_mono()));
		if (host_failed(p, host) || seconds < 1)
			left++; /* for the next round */
		else if (!waiting(p, u.v[i]))
			stored += fetch_one(p, who, u.v[i], seconds);
		free(host);
		free(u.v[i]);
	}
	if (left)
		log_info("%s: %zu images left for the next round (no time left, or their host "
			 "failed)",
			 who, left);
	free(u.v);
	return stored;
}

void sync_images_free(struct sync_images *p)
{
	for (size_t i = 0; i < p->nbad; i++)
		free(p->bad[i]);
	free(p->bad);
}
