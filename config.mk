# khabar build knobs. Override on the command line: make CC=clang OPT=-O0

VERSION = 0.1.0
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
          sqlite3 libcjson expat inih
TESTPKGS = cmocka
# Only test_render links SDL2_ttf (it checks widths against it); khabar does not.
TTFPKGS  = SDL2_ttf

# Sanitizers for `make asan`.
ASANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=undefined

# How long each fuzz target runs in `make fuzz`, in seconds.
FUZZ_SECONDS = 60
