/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * image — header probing by hand (a few bytes of each format), decoding
 * with SDL_image (PNG, JPEG, WebP) or gif.c (a GIF's first frame: never
 * SDL_image's GIF decoder), scaling with SDL's linear stretch, and the
 * content-addressed store: FNV-1a 64 of the encoded file names it.
 *
 * Must not: fetch anything or touch the cache. The header is read before
 * any decoder sees the bytes, so a picture claiming 20000 x 20000 is
 * refused without allocating for it.
 */
#include "media/image.h"

#include <SDL.h>
#include <SDL_image.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "media/gif.h"
#include "base/util.h"

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned le16(const unsigned char *p)
{
	return (unsigned)p[1] << 8 | p[0];
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The size in a JPEG's first start-of-frame marker. 0 or -1. */
static int probe_jpeg(const unsigned char *p, size_t len, int *w, int *h)
{
	size_t i = 2;
	while (i + 9 < len) {
		if (p[i] != 0xFF)
			return -1;
		unsigned m = p[i + 1];
		if (m == 0xFF) {
			i++;
			continue;
		}
		if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
			i += 2;
			continue;
		}
		unsigned seg = be16(p + i + 2);
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			*h = (int)be16(p + i + 5);
			*w = (int)be16(p + i + 7);
			return 0;
		}
		if (seg < 2)
			return -1;
		i += 2 + seg;
	}
	return -1;
}

/* A WebP's canvas size from its first chunk. 0 or -1. */
static int probe_webp(const unsigned char *p, size_t len, int *w, int *h)
{
	if (len >= 30 && !memcmp(p + 12, "VP8 ", 4)) {
		*w = (int)(le16(p + 26) & 0x3fff);
		*h = (int)(le16(p + 28) & 0x3fff);
		return 0;
	}
	if (len >= 25 && !memcmp(p + 12, "VP8L", 4)) {
		uint32_t b = (uint32_t)p[21] | (uint32_t)p[22] << 8 | (uint32_t)p[23] << 16 |
			     (uint32_t)p[24] << 24;
		*w = (int)(b & 0x3fff) + 1;
		*h = (int)((b >> 14) & 0x3fff) + 1;
		return 0;
	}
	if (len >= 30 && !memcmp(p + 12, "VP8X", 4)) {
		*w = (int)(p[24] | p[25] << 8 | p[26] << 16) + 1;
		*h = (int)(p[27] | p[28] << 8 | p[29] << 16) + 1;
		return 0;
	}
	return -1;
}

int image_probe(const void *data, size_t len, int *w, int *h, const char **type, char **err)
{
	const unsigned char *p = data;
	int rc = -1;
	*w = *h = 0;
	if (len >= 24 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8) && !memcmp(p + 12, "IHDR", 4)) {
		uint32_t pw = be32(p + 16), ph = be32(p + 20);
		*w = pw > 0x7fffffff ? 0x7fffffff : (int)pw;
		*h = ph > 0x7fffffff ? 0x7fffffff : (int)ph;
		*type = "PNG";
		rc = 0;
	} else if (len >= 4 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) {
		*type = "JPG";
		rc = probe_jpeg(p, len, w, h);
	} else if (len >= 13 && (!memcmp(p, "GIF87a", 6) || !memcmp(p, "GIF89a", 6))) {
		*type = "GIF";
		return gif_probe(p, len, w, h, err);
	} else if (len >= 16 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBP", 4)) {
		*type = "WEBP";
		rc = probe_webp(p, len, w, h);
	} else {
		*err = xstrdup("not a PNG, JPEG, WebP or GIF image");
		return -1;
	}
	if (rc || *w <= 0 || *h <= 0) {
		*err = xasprintf("a %s image with a broken header", *type);
		return -1;
	}
	return 0;
}

/* Whether a PNG's chunks are whole up to IEND. SDL_image ignores short
 * reads, and libpng then loops on stale bytes: a cut-off PNG is refused
 * here instead. */
static int png_whole(const unsigned char *p, size_t len)
{
	size_t i = 8;
	while (i + 12 <= len) {
		uint32_t n = be32(p + i);
		if (n > len - i - 12)
			return 0;
		if (!memcmp(p + i + 4, "IEND", 4))
			return 1;
		i += 12 + (size_t)n;
	}
	return 0;
}

/* Decode rw as the type the probe found, with that format's own decoder
 * only: IMG_Load*() would pick a decoder by sniffing the bytes itself,
 * and bytes with a JPEG signature and "<svg" inside went to its SVG
 * decoder, which leaks on bad input (found by fuzz_image). */
static SDL_Surface *decode_as(SDL_RWops *rw, const char *type)
{
	if (!strcmp(type, "PNG"))
		return IMG_LoadPNG_RW(rw);
	if (!strcmp(type, "JPG"))
		return IMG_LoadJPG_RW(rw);
	if (!strcmp(type, "WEBP"))
		return IMG_LoadWEBP_RW(rw);
	IMG_SetError("no decoder for %s", type);
	return NULL;
}

/* Decode with the decoder of the probed type and no other; NULL with
 * *err. Caller frees the surface. */
static SDL_Surface *decode(const void *data, size_t len, const char *type, char **err)
{
	/* SDL_image 2.6's GIF decoder frees a wild pointer on some hostile
	 * input (found by fuzz_image): khabar's own decodes the first frame. */
	if (!strcmp(type, "GIF"))
		return gif_decode(data, len, IMAGE_MAX_PIXELS, err);
	SDL_RWops *rw = SDL_RWFromConstMem(data, (int)len);
	SDL_Surface *s = rw ? decode_as(rw, type) : NULL;
	if (rw)
		SDL_RWclose(rw);
	if (!s)
		*err = xasprintf("cannot decode the %s image: %s", type, IMG_GetError());
	return s;
}

/* Decode and scale; NULL with *err. Caller frees the surface. */
static SDL_Surface *decode_scaled(const void *data, size_t len, int max_side, const char **type,
				  int *scaled, char **err)
{
	int w, h;
	if (image_probe(data, len, &w, &h, type, err))
		return NULL;
	if ((long long)w * h > IMAGE_MAX_PIXELS) {
		*err = xasprintf("%d x %d pixels is more than %lld million; refused", w, h,
				 IMAGE_MAX_PIXELS / 1000000);
		return NULL;
	}
	if (!strcmp(*type, "PNG") && !png_whole(data, len)) {
		*err = xstrdup("a PNG image cut off before its end");
		return NULL;
	}
	if (len > INT_MAX) {
		*err = xstrdup("an image file of more than 2 GB");
		return NULL;
	}
	SDL_Surface *s = decode(data, len, *type, err);
	if (!s)
		return NULL;
	if ((long long)s->w * s->h > IMAGE_MAX_PIXELS) {
		*err = xasprintf("the %s decoded to %d x %d pixels, more than its header said",
				 *type, s->w, s->h);
		SDL_FreeSurface(s);
		return NULL;
	}
	*scaled = MAX(s->w, s->h) > max_side;
	if (!*scaled)
		return s;
	SDL_Surface *argb = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(s);
	if (!argb) {
		*err = xasprintf("cannot convert the image: %s", SDL_GetError());
		return NULL;
	}
	int big = argb->w > argb->h ? argb->w : argb->h;
	double k = (double)max_side / big;
	int nw = (int)(argb->w * k + 0.5), nh = (int)(argb->h * k + 0.5);
	SDL_Surface *d = SDL_CreateRGBSurfaceWithFormat(0, nw < 1 ? 1 : nw, nh < 1 ? 1 : nh, 32,
							SDL_PIXELFORMAT_ARGB8888);
	if (!d || SDL_SoftStretchLinear(argb, NULL, d, NULL)) {
		*err = xasprintf("cannot scale the image: %s", SDL_GetError());
		SDL_FreeSurface(d);
		SDL_FreeSurface(argb);
		return NULL;
	}
	SDL_FreeSurface(argb);
	return d;
}

int image_check(const void *data, size_t len, int max_side, int *w, int *h, char **err)
{
	const char *type;
	int scaled;
	SDL_Surface *s = decode_scaled(data, len, max_side, &type, &scaled, err);
	if (!s)
		return -1;
	*w = s->w;
	*h = s->h;
	SDL_FreeSurface(s);
	return 0;
}

SDL_Surface *image_load(const char *path, int max_side, char **err)
{
	size_t len;
	char *data = file_read(path, IMAGE_MAX_FILE, &len, err);
	if (!data)
		return NULL;
	const char *type;
	int scaled;
	char *why = NULL;
	SDL_Surface *s = decode_scaled(data, len, max_side, &type, &scaled, &why);
	free(data);
	if (!s) {
		*err = xasprintf("%s: %s", path, why);
		free(why);
	}
	return s;
}

/* Write the picture to a new file in dir: the bytes as they came when
 * they needed no scaling, else s encoded (JPEG from JPEG, PNG from the
 * rest). A GIF is always written as PNG (its first frame, transparency
 * kept), so the display never hands a feed's GIF to SDL_image's GIF
 * decoder. The temporary file's path, or NULL with *err. */
static char *write_new(const void *data, size_t len, SDL_Surface *s, int scaled, const char *type,
		       const char *dir, const char **ext, char **err)
{
	static const char *const types[] = {"JPG", "PNG", "WEBP"};
	static const char *const exts[] = {"jpg", "png", "webp"};
	*ext = "png";
	for (size_t i = 0; i < ARRAY_LEN(types); i++)
		if (!strcmp(type, types[i]))
			*ext = exts[i];
	int jpeg = !strcmp(type, "JPG");
	int encode = scaled || !strcmp(type, "GIF");
	if (encode && !jpeg)
		*ext = "png";
	char *tmp = xasprintf("%s/.new-%ld.%s", dir, (long)getpid(), *ext);
	int rc = !encode ? file_write(tmp, data, len)
		 : jpeg	 ? IMG_SaveJPG(s, tmp, 85)
			 : IMG_SavePNG(s, tmp);
	if (rc) {
		*err = xasprintf("cannot write %s: %s", tmp,
				 encode ? IMG_GetError() : strerror(errno));
		unlink(tmp);
		free(tmp);
		return NULL;
	}
	return tmp;
}

char *image_store(const void *data, size_t len, const char *dir, int max_side, char **err)
{
	const char *type, *ext;
	int scaled;
	SDL_Surface *s = decode_scaled(data, len, max_side, &type, &scaled, err);
	if (!s)
		return NULL;
	if (mkdir_p(dir)) {
		*err = xasprintf("cannot create %s: %s", dir, strerror(errno));
		SDL_FreeSurface(s);
		return NULL;
	}
	char *tmp = write_new(data, len, s, scaled, type, dir, &ext, err);
	SDL_FreeSurface(s);
	if (!tmp)
		return NULL;
	char *path = NULL, *ferr = NULL;
	size_t n = 0;
	char *bytes = file_read(tmp, 1u << 30, &n, &ferr);
	if (!bytes) {
		*err = xasprintf("cannot read back %s: %s", tmp, ferr);
	} else {
		path = xasprintf("%s/%016llx.%s", dir, (unsigned long long)hash_fnv1a(HASH_FNV1A_INIT, bytes, n), ext);
		if (rename(tmp, path)) {
			*err = xasprintf("cannot store %s: %s", path, strerror(errno));
			free(path);
			path = NULL;
		}
	}
	unlink(tmp);
	free(tmp);
	free(bytes);
	free(ferr);
	return path;
}

char *image_dir(void)
{
	const char *x = getenv("XDG_CACHE_HOME");
	if (x && *x == '/')
		return xasprintf("%s/khabar/images", x);
	const char *home = getenv("HOME");
	return home && *home == '/' ? xasprintf("%s/.cache/khabar/images", home) : NULL;
}

struct entry {
	char *path;
	int64_t size;
	int64_t mtime;
};

static int older_first(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	return x->mtime < y->mtime ? -1 : x->mtime > y->mtime;
}

static int is_used(char **used, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(used[i], path))
			return 1;
	return 0;
}

int image_gc(const char *dir, char **used, size_t n, int64_t max_bytes,
	     void (*dropped)(const char *path, void *user), void *user)
{
	/* Never through a symlink: a planted link must not make this empty
	 * another directory. Only this user's own directory is cleaned. */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat dst;
	if (dfd >= 0 && (fstat(dfd, &dst) || dst.st_uid != geteuid())) {
		log_warn("images: %s belongs to another user; not cleaned", dir);
		close(dfd);
		dfd = -1;
	}
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return 0;
	}
	struct entry *e = NULL;
	size_t ne = 0, cap = 0;
	int64_t total = 0;
	int deleted = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *p = xasprintf("%s/%s", dir, de->d_name);
		struct stat st;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st.st_mode) ||
		    !is_used(used, n, p)) {
			/* A symlink goes itself; what it names is never touched. */
			if (unlinkat(dfd, de->d_name, 0) == 0)
				deleted++;
			free(p);
			continue;
		}
		e = xgrow(e, &cap, ne + 1, sizeof *e);
		e[ne++] = (struct entry){p, (int64_t)st.st_size, (int64_t)st.st_mtime};
		total += st.st_size;
	}
	if (ne)
		qsort(e, ne, sizeof *e, older_first);
	for (size_t i = 0; i < ne; i++) {
		const char *name = strrchr(e[i].path, '/') + 1;
		if (total > max_bytes && unlinkat(dfd, name, 0) == 0) {
			total -= e[i].size;
			deleted++;
			if (dropped)
				dropped(e[i].path, user);
		}
		free(e[i].path);
	}
	closedir(d);
	free(e);
	return deleted;
}
