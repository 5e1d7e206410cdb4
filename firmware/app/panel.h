/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * panel — the physical screen: when it should be on (the [screen] night
 * schedule), which SDL video driver and DRM device to take on a console,
 * and putting the panel to sleep and waking it (DPMS through the DRM file
 * descriptor SDL holds; HDMI-CEC standby and image-view-on through the
 * kernel CEC API), and its physical size (EDID through the kernel's DRM
 * sysfs).
 *
 * Must not: include SDL, draw, or decide what is shown.
 */
#ifndef KHABAR_PANEL_H
#define KHABAR_PANEL_H

#include <stddef.h>
#include <stdint.h>

struct config;

/* Whether the schedule has the screen on at local weekday wday (0 Sunday)
 * and minute of the day (0..1439); a window that crosses midnight belongs
 * to the day it starts on. */
int panel_on_local(const struct config *c, int wday, int minute);
/* The same for Unix time t in c->timezone: 1 on, 0 off, -1 when the zone
 * is unknown (then callers keep the screen on). */
int panel_on_at(const struct config *c, int64_t t);

/* The video driver to ask SDL for and the DRM card to open. */
struct panel_video {
	const char *driver; /* "kmsdrm", or NULL to let SDL (or SDL_VIDEODRIVER) choose */
	int card;	    /* N of /dev/dri/cardN, or -1 for SDL's own search */
};
/* Choose from [display] drm_device (a path or ""), the SDL_VIDEODRIVER the
 * environment sets (NULL if none), and whether an X11 or Wayland display
 * is there. A console without either gets KMSDRM; a set drm_device too;
 * SDL_VIDEODRIVER always wins. Returns 0, or -1 with *err (caller frees)
 * when drm_device is not a DRM card node (/dev/dri/cardN, or a link to
 * one). */
int panel_video_choose(const char *drm_device, const char *env_driver, int has_display,
		       struct panel_video *out, char **err);

/* The panel's power, through the DRM fd of SDL's KMSDRM window (or -1
 * elsewhere) and, when cec, /dev/cec0. NULL never: without DRM or CEC the
 * calls do nothing and say so once in the log. Free with
 * panel_power_close(), which does not close drm_fd (SDL's). */
struct panel_power *panel_power_open(int drm_fd, int cec);
/* Switch the panel off (0) or on (1): DPMS on every connected connector,
 * then CEC standby or image-view-on. Returns 1 when the panel itself was
 * switched (DPMS worked), 0 when only CEC or nothing could be; errors are
 * logged once each. */
int panel_power_set(struct panel_power *p, int on);
void panel_power_close(struct panel_power *p);

/* The panel's diagonal in mm from an EDID block (bytes 21 and 22: width
 * and height in cm); 0 when the bytes are no EDID (header, checksum), give
 * no size (0, or an aspect ratio when byte 22 is 0) or an implausible one. */
double panel_edid_diagonal_mm(const unsigned char *edid, size_t n);
/* The same for the first connected connector under sysdir (the kernel's
 * /sys/class/drm: entries card*-* with a status and an edid file); 0 when
 * none gives a size. */
double panel_diagonal_from_drm(const char *sysdir);
/* cfg->panel_mm from /sys/class/drm. */
void panel_size_read(struct config *cfg);

/* What is known of the panel: each field 1, 0, or -1 for unknown. */
struct panel_state {
	int connected; /* DRM: a connector is connected (-1 without DRM) */
	int dpms;      /* DRM: the connected connector's DPMS is on */
	int cec;       /* CEC: the last power state asked of the TV (-1 none) */
};
/* Ask DRM (cheap ioctls) about the panel; p may be NULL. */
void panel_power_state(const struct panel_power *p, struct panel_state *out);

#endif
