# khabar build knobs. Override on the command line: make CC=clang OPT=-O0

VERSION = 0.1.0
# Where a build looks for fonts and assets when they are not beside the
# binary (make deb sets /usr/share/khabar).
DATADIR = $(CURDIR)
# The Debian package's Maintainer field (make deb).
MAINTAINER = khabar maintainers <khabar@example.org>
PREFIX  = /usr/local

CC      = cc
OPT     = -O2 -g
WARN    = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
          -Wwrite-strings -Wformat=2 -Wundef
# CI turns every warning into an error.
ifdef CI
WARN   += -Werror
endif

# Libraries, found with pkg-config.
PKGS    = sdl2 SDL2_image harfbuzz freetype2 icu-uc icu-i18n \
          sqlite3 libcjson expat inih libmosquitto libcurl libqrencode libsystemd libdrm
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

# Each fuzz target's sources and packages (tests/fuzz/fuzz_NAME.c).
# The importers' parsers: nothing of the display or the cache.
FUZZ_IMPORT_SRC  = firmware/import.c firmware/import_text.c firmware/import_json.c \
                   firmware/import_feed.c firmware/import_jsonfeed.c firmware/html.c firmware/html_entities.c \
                   firmware/calendar.c firmware/article.c firmware/util.c firmware/lang.c \
                   firmware/charset.c
FUZZ_IMPORT_PKGS = libcjson expat icu-uc icu-i18n
FUZZ_SRC_text    = $(FUZZ_IMPORT_SRC)
FUZZ_PKGS_text   = $(FUZZ_IMPORT_PKGS)
FUZZ_SRC_json    = $(FUZZ_IMPORT_SRC)
FUZZ_PKGS_json   = $(FUZZ_IMPORT_PKGS)
FUZZ_SRC_feed    = $(FUZZ_IMPORT_SRC)
FUZZ_PKGS_feed   = $(FUZZ_IMPORT_PKGS)
FUZZ_SRC_jsonfeed  = $(FUZZ_IMPORT_SRC)
FUZZ_PKGS_jsonfeed = $(FUZZ_IMPORT_PKGS)
# The sync's image path: header probe, decode, scale; no network.
FUZZ_SRC_image   = firmware/image.c firmware/gif.c firmware/util.c
FUZZ_PKGS_image  = sdl2 SDL2_image
# khabar's own GIF decoder alone: header walk, LZW, interlacing.
FUZZ_SRC_gif     = firmware/gif.c firmware/util.c
FUZZ_PKGS_gif    = sdl2
# The schedule parsers: nothing of the display or the cache.
FUZZ_SCHEDULE_SRC = $(FUZZ_IMPORT_SRC) firmware/event.c firmware/schedule.c \
                    firmware/schedule_xml.c firmware/schedule_json.c firmware/schedule_ics.c
FUZZ_SRC_schedule_xml   = $(FUZZ_SCHEDULE_SRC)
FUZZ_PKGS_schedule_xml  = $(FUZZ_IMPORT_PKGS)
FUZZ_SRC_schedule_json  = $(FUZZ_SCHEDULE_SRC)
FUZZ_PKGS_schedule_json = $(FUZZ_IMPORT_PKGS)
FUZZ_SRC_schedule_ics   = $(FUZZ_SCHEDULE_SRC)
FUZZ_PKGS_schedule_ics  = $(FUZZ_IMPORT_PKGS)
# The text engine: shaping, bidi, breaking; nothing of SDL.
FUZZ_SRC_layout  = firmware/text.c firmware/font.c firmware/util.c
FUZZ_PKGS_layout = harfbuzz freetype2 icu-uc icu-i18n
