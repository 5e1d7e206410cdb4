/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mqtt_burst — publish N announcements as fast as a broker takes them
 * (QoS 1, all in flight at once), for the burst test and `make bench`.
 * Each is one article in the import JSON format on PREFIX/<i>.
 */
#ifndef KHABAR_MQTT_BURST_H
#define KHABAR_MQTT_BURST_H

#include <mosquitto.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct burst {
	int acked, n;
};

static void burst_on_publish(struct mosquitto *m, void *ud, int mid)
{
	(void)m;
	(void)mid;
	((struct burst *)ud)->acked++;
}

/* Publish n messages on prefix/0 .. prefix/n-1 to 127.0.0.1:port as user
 * (NULL for none); wait up to 60 s for the broker's acknowledgements.
 * Returns the seconds it took, or -1. */
static double burst_publish(int port, const char *user, const char *pass, const char *prefix, int n)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	mosquitto_lib_init();
	struct burst b = {0, n};
	struct mosquitto *m = mosquitto_new(NULL, 1, &b);
	if (!m)
		return -1;
	mosquitto_int_option(m, MOSQ_OPT_SEND_MAXIMUM, 65535);
	mosquitto_max_inflight_messages_set(m, 0);
	if (user)
		mosquitto_username_pw_set(m, user, pass);
	mosquitto_publish_callback_set(m, burst_on_publish);
	double ret = -1;
	if (mosquitto_connect(m, "127.0.0.1", port, 30) != MOSQ_ERR_SUCCESS) {
		fprintf(stderr, "burst: cannot connect to port %d\n", port);
		goto done;
	}
	for (int i = 0; i < n; i++) {
		char topic[256], msg[512];
		snprintf(topic, sizeof topic, "%s/%d", prefix, i);
		snprintf(msg, sizeof msg,
			 "{\"title\": \"اطلاعیه شماره %d: جلسه در سالن %d برگزار "
			 "می‌شود\", "
			 "\"body\": \"بند نخست اطلاعیه.\", \"category\": \"همایش\"}",
			 i, i % 7 + 1);
		if (mosquitto_publish(m, NULL, topic, (int)strlen(msg), msg, 1, 0) !=
		    MOSQ_ERR_SUCCESS) {
			fprintf(stderr, "burst: publish %d failed\n", i);
			goto done;
		}
	}
	for (int tries = 0; b.acked < n && tries < 600; tries++)
		if (mosquitto_loop(m, 100, 1) != MOSQ_ERR_SUCCESS)
			break;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (b.acked == n)
		ret = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	else
		fprintf(stderr, "burst: %d of %d acknowledged\n", b.acked, n);
	mosquitto_disconnect(m);
done:
	mosquitto_destroy(m);
	mosquitto_lib_cleanup();
	return ret;
}

#endif
