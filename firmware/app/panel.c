/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * panel — the night schedule (pure), the console's video driver choice
 * (pure), and panel power: DPMS with libdrm on SDL's own DRM file
 * descriptor (SDL holds DRM master, so only its fd may set properties),
 * CEC with the kernel's CEC ioctls, as a playback device; the panel's
 * diagonal from its EDID in DRM's sysfs (bytes 21-22, checked).
 *
 * Must not: include SDL, draw, or block for long (a CEC transmit waits for
 * the bus, tens of milliseconds, and happens only when the wanted state
 * changes).
 */
#include "app/panel.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/cec.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "base/calendar.h"
#include "base/config.h"
#include "base/util.h"

/* ------------------------------------------------------------- schedule */

static struct config_window day_window(const struct config *c, int wday)
{
	struct config_window w = c->screen_day[(wday % 7 + 7) % 7];
	return w.start == SCREEN_INHERIT ? c->screen_on : w;
}

int panel_on_local(const struct config *c, int wday, int minute)
{
	struct config_window today = day_window(c, wday);
	if (today.start >= 0 && minute >= today.start && minute < today.end)
		return 1;
	struct config_window yesterday = day_window(c, wday + 6);
	return yesterday.start >= 0 && yesterday.end > 1440 && minute < yesterday.end - 1440;
}

int panel_on_at(const struct config *c, int64_t t)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	char *s = calendar_format_gregorian(t, c->timezone, "EEE HH:mm", 0);
	if (!s)
		return -1;
	char day[8];
	int h, m, wday = -1;
	if (sscanf(s, "%7s %d:%d", day, &h, &m) == 3)
		for (int i = 0; i < 7; i++)
			if (!strcmp(day, days[i]))
				wday = i;
	free(s);
	if (wday < 0)
		return -1;
	return panel_on_local(c, wday, h * 60 + m);
}

/* ---------------------------------------------------------------- video */

int panel_video_choose(const char *drm_device, const char *env_driver, int has_display,
		       struct panel_video *out, char **err)
{
	out->driver = NULL;
	out->card = -1;
	if (drm_device && *drm_device) {
		char real[4096];
		const char *path = realpath(drm_device, real) ? real : drm_device;
		int n = -1, used = 0;
		if (sscanf(path, "/dev/dri/card%d%n", &n, &used) != 1 || path[used] || n < 0 ||
		    n > 255) {
			*err = xasprintf("[display] drm_device = '%s' is not a DRM card "
					 "(/dev/dri/cardN; ls /dev/dri lists them)",
					 drm_device);
			return -1;
		}
		out->card = n;
	}
	if (env_driver && *env_driver)
		return 0;
	if (out->card >= 0 || !has_display)
		out->driver = "kmsdrm";
	return 0;
}

/* ---------------------------------------------------------------- power */

struct panel_power {
	int drm_fd;
	int cec_fd;	/* -1: no CEC */
	int cec_from;	/* our logical address */
	int warned_drm; /* said once that DPMS cannot be set */
	int warned_cec;
	int cec_last; /* -1 nothing sent, else the last power asked (1 on) */
};

static void cec_open(struct panel_power *p)
{
	p->cec_fd = open("/dev/cec0", O_RDWR | O_CLOEXEC);
	if (p->cec_fd < 0) {
		log_warn(
		    "screen: [screen] cec = yes but /dev/cec0: %s (is the user in group video?)",
		    strerror(errno));
		return;
	}
	struct cec_log_addrs la;
	memset(&la, 0, sizeof la);
	if (ioctl(p->cec_fd, CEC_ADAP_G_LOG_ADDRS, &la) == 0 && la.num_log_addrs == 0) {
		/* Nobody configured the adapter: claim a playback device. */
		memset(&la, 0, sizeof la);
		la.cec_version = CEC_OP_CEC_VERSION_1_4;
		la.vendor_id = CEC_VENDOR_ID_NONE;
		la.num_log_addrs = 1;
		la.log_addr_type[0] = CEC_LOG_ADDR_TYPE_PLAYBACK;
		la.primary_device_type[0] = CEC_OP_PRIM_DEVTYPE_PLAYBACK;
		la.all_device_types[0] = CEC_OP_ALL_DEVTYPE_PLAYBACK;
		snprintf(la.osd_name, sizeof la.osd_name, "khabar");
		if (ioctl(p->cec_fd, CEC_ADAP_S_LOG_ADDRS, &la) != 0)
			log_warn("screen: CEC: cannot claim a logical address: %s",
				 strerror(errno));
	}
	p->cec_from = la.num_log_addrs > 0 && la.log_addr[0] != CEC_LOG_ADDR_INVALID
			  ? la.log_addr[0]
			  : CEC_LOG_ADDR_UNREGISTERED;
	log_info("screen: CEC on /dev/cec0 as logical address %d", p->cec_from);
}

struct panel_power *panel_power_open(int drm_fd, int cec)
{
	struct panel_power *p = xcalloc(1, sizeof *p);
	p->drm_fd = drm_fd;
	p->cec_fd = -1;
	p->cec_last = -1;
	if (cec)
		cec_open(p);
	return p;
}

/* DPMS on every connected connector; the number switched, or -1. */
static int dpms_set(int fd, int on)
{
	drmModeRes *res = drmModeGetResources(fd);
	if (!res)
		return -1;
	int switched = 0;
	for (int i = 0; i < res->count_connectors; i++) {
		drmModeConnector *conn = drmModeGetConnector(fd, res->connectors[i]);
		if (!conn)
			continue;
		for (int k = 0; conn->connection == DRM_MODE_CONNECTED && k < conn->count_props;
		     k++) {
			drmModePropertyRes *prop = drmModeGetProperty(fd, conn->props[k]);
			if (prop && !strcmp(prop->name, "DPMS") &&
			    drmModeConnectorSetProperty(fd, conn->connector_id, prop->prop_id,
							on ? DRM_MODE_DPMS_ON
							   : DRM_MODE_DPMS_OFF) == 0)
				switched++;
			drmModeFreeProperty(prop);
		}
		drmModeFreeConnector(conn);
	}
	drmModeFreeResources(res);
	return switched ? switched : -1;
}

static void cec_send(struct panel_power *p, int on)
{
	struct cec_msg msg;
	memset(&msg, 0, sizeof msg);
	msg.len = 2;
	msg.msg[0] = (uint8_t)(p->cec_from << 4 | CEC_LOG_ADDR_TV);
	msg.msg[1] = on ? CEC_MSG_IMAGE_VIEW_ON : CEC_MSG_STANDBY;
	msg.timeout = 0;
	if (ioctl(p->cec_fd, CEC_TRANSMIT, &msg) != 0 || msg.tx_status & ~CEC_TX_STATUS_OK) {
		if (!p->warned_cec++)
			log_warn("screen: CEC %s to the TV failed: %s",
				 on ? "image-view-on" : "standby",
				 errno ? strerror(errno) : "not acknowledged");
		return;
	}
	log_info("screen: CEC %s sent to the TV", on ? "image-view-on" : "standby");
	p->cec_last = on;
}

int panel_power_set(struct panel_power *p, int on)
{
	int panel = 0;
	if (p->drm_fd >= 0) {
		panel = dpms_set(p->drm_fd, on) > 0;
		if (!panel && !p->warned_drm++)
			log_warn("screen: cannot set DPMS through the DRM device; drawing black "
				 "instead");
	}
	if (p->cec_fd >= 0) {
		errno = 0;
		cec_send(p, on);
	}
	return panel;
}

/* The DPMS property's value of a connector, or -1. */
static int dpms_of(int fd, drmModeConnector *conn)
{
	int v = -1;
	for (int k = 0; k < conn->count_props; k++) {
		drmModePropertyRes *prop = drmModeGetProperty(fd, conn->props[k]);
		if (prop && !strcmp(prop->name, "DPMS"))
			v = (int)conn->prop_values[k];
		drmModeFreeProperty(prop);
	}
	return v;
}

void panel_power_state(const struct panel_power *p, struct panel_state *out)
{
	*out = (struct panel_state){.connected = -1, .dpms = -1, .cec = -1};
	if (!p)
		return;
	out->cec = p->cec_fd >= 0 ? p->cec_last : -1;
	drmModeRes *res = p->drm_fd >= 0 ? drmModeGetResources(p->drm_fd) : NULL;
	if (!res)
		return;
	out->connected = 0;
	for (int i = 0; i < res->count_connectors; i++) {
		drmModeConnector *conn = drmModeGetConnector(p->drm_fd, res->connectors[i]);
		if (conn && conn->connection == DRM_MODE_CONNECTED) {
			out->connected = 1;
			int d = dpms_of(p->drm_fd, conn);
			if (d >= 0 && out->dpms != 1)
				out->dpms = d == DRM_MODE_DPMS_ON;
		}
		drmModeFreeConnector(conn);
	}
	drmModeFreeResources(res);
}

void panel_power_close(struct panel_power *p)
{
	if (!p)
		return;
	if (p->cec_fd >= 0)
		close(p->cec_fd);
	free(p);
}

/* ----------------------------------------------------------------- size */

double panel_edid_diagonal_mm(const unsigned char *e, size_t n)
{
	static const unsigned char header[8] = {0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0};
	if (!e || n < 128 || memcmp(e, header, sizeof header) != 0)
		return 0;
	unsigned sum = 0;
	for (size_t i = 0; i < 128; i++)
		sum += e[i];
	if (sum % 256 != 0)
		return 0;
	/* Byte 22 == 0 makes byte 21 an aspect ratio (EDID 1.4); 0 and 0:
	 * unknown (projectors, many TVs). */
	int w = e[21], h = e[22];
	if (w == 0 || h == 0)
		return 0;
	double d = 10.0 * sqrt((double)w * w + (double)h * h);
	/* From a 7-inch panel to a 10-metre wall, else the EDID is wrong. */
	return d >= 170 && d <= 10000 ? d : 0;
}

static int connected(const char *dir)
{
	char *p = xasprintf("%s/status", dir);
	FILE *f = fopen(p, "r");
	free(p);
	char s[32] = "";
	if (f) {
		if (!fgets(s, sizeof s, f))
			s[0] = 0;
		fclose(f);
	}
	return strncmp(s, "connected", 9) == 0;
}

static double connector_diagonal(const char *dir)
{
	if (!connected(dir))
		return 0;
	char *p = xasprintf("%s/edid", dir);
	unsigned char e[256];
	size_t n = 0;
	FILE *f = fopen(p, "rb");
	free(p);
	if (f) {
		n = fread(e, 1, sizeof e, f);
		fclose(f);
	}
	return panel_edid_diagonal_mm(e, n);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

double panel_diagonal_from_drm(const char *sysdir)
{
	DIR *d = opendir(sysdir);
	if (!d)
		return 0;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		if (strncmp(de->d_name, "card", 4) == 0 && strchr(de->d_name, '-')) {
			names = xgrow(names, &cap, n + 1, sizeof *names);
			names[n++] = xstrdup(de->d_name);
		}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, name_cmp);
	double mm = 0;
	for (size_t i = 0; i < n; i++) {
		if (mm == 0) {
			char *dir = xasprintf("%s/%s", sysdir, names[i]);
			mm = connector_diagonal(dir);
			free(dir);
		}
		free(names[i]);
	}
	free(names);
	return mm;
}

void panel_size_read(struct config *cfg)
{
	cfg->panel_mm = panel_diagonal_from_drm("/sys/class/drm");
}
