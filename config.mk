# SPDX-License-Identifier: GPL-3.0-or-later
# khabar build knobs. Override on the command line: make CC=clang OPT=-O0

# The version, in this one place: khabar --version, the man pages' footer,
# the package and the tarball take it from here; assets/debian/changelog and
# NEWS gain an entry for it at each release (e2e/version checks they agree).
VERSION = 0.1.0
# Where a build looks for fonts and assets when they are not beside the
# binary (make deb sets /usr/share/khabar).
DATADIR = $(CURDIR)
# Who answers for the package: its Maintainer field, the changelog's
# signatures and debian/copyright's Upstream-Contact (make deb fills in
# @MAINTAINER@ in assets/debian/ from here).
MAINTAINER = khabar developers <developers@khabar.dev>
PREFIX  = /usr/local
# Where an installed khabar finds the network program khabar-net when it is
# not beside the khabar binary (make deb sets /usr/libexec/khabar).
LIBEXECDIR = $(PREFIX)/libexec/khabar

CC      = cc
OPT     = -O2 -g
WARN    = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
          -Wwrite-strings -Wformat=2 -Wundef
# CI turns every warning into an error.
ifdef CI
WARN   += -Werror
endif

# Libraries, found with pkg-config: every one (the tests link them all); each
# program links only its layers' (the table in scripts/check-structure.sh).
PKGS    = sdl2 SDL2_image libjpeg harfbuzz freetype2 fontconfig icu-uc icu-i18n \
          sqlite3 libcjson expat libical inih libmosquitto libcurl libqrencode libsystemd libdrm libmicrohttpd libcrypt
TESTPKGS = cmocka
# Only test_render links SDL2_ttf (it checks widths against it); khabar does not.
TTFPKGS  = SDL2_ttf

# Sanitizers for `make asan`.
ASANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=undefined

# How long each fuzz target runs in `make fuzz`, in seconds.
FUZZ_SECONDS = 60
FUZZ_CC      = clang
FUZZ_FLAGS   = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

# Each fuzz target's layer (tests/fuzz/fuzz_NAME.c): it is linked with that
# folder of firmware/ and the layers it may use (scripts/check-structure.sh).
# The importers' parsers: nothing of the display or the cache.
FUZZ_LAYER_text          = parse
FUZZ_LAYER_json          = parse
FUZZ_LAYER_feed          = parse
FUZZ_LAYER_jsonfeed      = parse
FUZZ_LAYER_schedule_xml  = parse
FUZZ_LAYER_schedule_json = parse
FUZZ_LAYER_schedule_ics  = parse
FUZZ_LAYER_hall_state    = parse
# The sync's image path (header probe, decode, scale) and the GIF decoder.
FUZZ_LAYER_image         = media
FUZZ_LAYER_gif           = media
# The text engine: shaping, bidi, breaking; nothing of SDL.
FUZZ_LAYER_layout        = text
