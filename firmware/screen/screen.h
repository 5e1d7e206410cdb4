/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screen — one screen's composition, shared by the window and
 * `khabar render`: the header on top, the card area (one card, or two
 * during a transition) in the middle, the ticker bar and its moving
 * strip at the bottom, all placed by card_geometry(). It draws into a
 * surface (`khabar render`, the software window) or through an SDL
 * renderer (the GPU window), and says which rows changed so a window can
 * update only those.
 *
 * Must not: build cards, read the clock or the cache, open windows.
 */
#ifndef KHABAR_SCREEN_H
#define KHABAR_SCREEN_H

#include <SDL.h>

#include "show/card.h"
#include "base/config.h"
#include "screen/fade.h"
#include "screen/ticker.h"

/* A drawn card (or strip piece), in the form the screen draws fastest. */
struct screen_image {
	SDL_Surface *s; /* drawing to memory: in the target's pixel format */
	SDL_Texture *t; /* drawing through a renderer */
	int w, h;
};

struct screen {
	SDL_Surface *surface; /* the target when drawing to memory, or NULL */
	SDL_Renderer *ren;    /* the target otherwise (its current render target) */
	struct card_geometry g;
};

/* What a frame shows. Images are borrowed. */
struct screen_parts {
	struct screen_image *header, *card;
	struct screen_image *prev; /* the card being left, during a transition */
	enum config_transition transition;
	double progress;	  /* of the transition, 0..1 */
	const struct fade *fade;  /* the crossfade's spans (memory targets), or NULL */
	struct screen_image *bar; /* the ticker's fixed part, or NULL when off */
	const struct ticker *ticker;
	struct screen_image **strip; /* the ticker's pieces as images */
	double ticker_t;	     /* seconds since the strip was made */
	uint32_t background;
};

/* Card c drawn for screen sc. NULL (logged) when it cannot be. Free with
 * screen_image_free(). */
struct screen_image *screen_image_of_card(const struct screen *sc, const struct card *c);
/* The same for a surface, which is taken (freed here in any case). */
struct screen_image *screen_image_of_surface(const struct screen *sc, SDL_Surface *s);
void screen_image_free(struct screen_image *im);

/* The ticker's pieces as images, *n of them, left to right; the pieces
 * are taken from tk (its surfaces are NULL after), which keeps its
 * geometry. NULL (logged) when they cannot be made. Caller frees each
 * image, then the array. */
struct screen_image **screen_strip_images(const struct screen *sc, struct ticker *tk, int *n);

/* Draw the whole screen. */
void screen_draw(const struct screen *sc, const struct screen_parts *p);
/* Draw one image over the whole screen from its top-left (the emergency
 * screen, which replaces header, card and ticker). */
void screen_draw_whole(const struct screen *sc, struct screen_image *im);
/* Draw only the card area; returns its rectangle. */
SDL_Rect screen_draw_card_area(const struct screen *sc, const struct screen_parts *p);
/* Draw only the ticker bar; returns its rectangle (empty when off). */
SDL_Rect screen_draw_ticker(const struct screen *sc, const struct screen_parts *p);

/* The transition's easing: smoothstep of the linear progress, clamped. */
double screen_ease(double linear);

#endif
