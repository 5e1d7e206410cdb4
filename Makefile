# SPDX-License-Identifier: GPL-3.0-or-later
# khabar — a Persian news display for lobby screens.
# Targets: all run test check asan fuzz structure bench bench-compare install deb clean
# (docs/hacking.md).

include config.mk

BUILD   ?= build
SRC      = $(wildcard firmware/*.c firmware/*/*.c)
LIBSRC   = $(filter-out firmware/main.c firmware/main_net.c,$(SRC))
OBJ      = $(SRC:firmware/%.c=$(BUILD)/obj/%.o)
LIBOBJ   = $(LIBSRC:firmware/%.c=$(BUILD)/obj/%.o)
# Two programs, each linked from the layer table (scripts/check-structure.sh):
# the display (main.c: cmd/ and every layer it may use) and the network
# program (main_net.c: netcmd/ and its layers), each with only its layers'
# packages, so the display has no libcurl, TLS library or libmosquitto.
layers_of = $(shell scripts/check-structure.sh --closure $(1))
objs_of   = $(patsubst firmware/%.c,$(BUILD)/obj/%.o,$(foreach l,$(call layers_of,$(1)),$(wildcard firmware/$(l)/*.c)))
libs_of   = $(shell pkg-config --libs $(shell scripts/check-structure.sh --pkgs $(call layers_of,$(1)))) -lm
KHABAR_OBJ = $(BUILD)/obj/main.o $(call objs_of,cmd)
NET_OBJ    = $(BUILD)/obj/main_net.o $(call objs_of,netcmd)
TESTSRC  = $(wildcard tests/test_*.c)
TESTBIN  = $(TESTSRC:tests/%.c=$(BUILD)/tests/%)
# The frame's words: gettext catalogues, compiled next to the binary.
PO       = $(wildcard assets/po/*.po)
MO       = $(PO:assets/po/%.po=$(BUILD)/locale/%/LC_MESSAGES/khabar.mo)

# Evaluated when a recipe runs, after `deps` has made sure pkg-config and
# the libraries are there.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lm
CFLAGS_ALL = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) $(WARN) \
             -MMD -MP -Ifirmware -DKHABAR_VERSION='"$(VERSION)"' \
             -DKHABAR_DATADIR='"$(DATADIR)"' -DKHABAR_LIBEXECDIR='"$(LIBEXECDIR)"' \
             $(PKG_CFLAGS) $(EXTRA_CFLAGS)

all: $(BUILD)/khabar $(BUILD)/khabar-net

deps:
	@scripts/deps.sh

$(BUILD)/obj/%.o: firmware/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/locale/%/LC_MESSAGES/khabar.mo: assets/po/%.po | deps
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

$(BUILD)/khabar: $(KHABAR_OBJ) $(MO)
	$(CC) $(OPT) $(EXTRA_CFLAGS) -o $@ $(KHABAR_OBJ) $(call libs_of,cmd) $(EXTRA_LDFLAGS)

$(BUILD)/khabar-net: $(NET_OBJ)
	$(CC) $(OPT) $(EXTRA_CFLAGS) -o $@ $(NET_OBJ) $(call libs_of,netcmd) $(EXTRA_LDFLAGS)

$(BUILD)/tests/%: tests/%.c tests/testutil.h $(LIBOBJ) $(MO) | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -Itests $(shell pkg-config --cflags $(TESTPKGS)) -o $@ $< $(LIBOBJ) \
		$(PKG_LIBS) $(shell pkg-config --libs $(TESTPKGS)) $(EXTRA_LDFLAGS)

$(BUILD)/tests/test_render: TESTPKGS += $(TTFPKGS)

# Tests: unit tests (cmocka), conformance, golden files, end-to-end scripts.
test: $(BUILD)/khabar $(BUILD)/khabar-net $(TESTBIN)
	@cd fonts && sha256sum --quiet -c SHA256SUMS
	@KHABAR=$(BUILD)/khabar BUILD=$(BUILD) tests/run.sh $(TESTBIN)

# One test binary or e2e script: make check T=test_text (TEST='*kashida*'
# picks cmocka tests by name), make check T=post.
check: $(BUILD)/khabar $(BUILD)/khabar-net $(TESTBIN)
	@KHABAR=$(BUILD)/khabar BUILD=$(BUILD) ONLY=$(T) tests/run.sh $(TESTBIN)

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer.
asan:
	$(MAKE) BUILD=build/asan OPT="-O1 -g" EXTRA_CFLAGS="$(ASANFLAGS)" \
		EXTRA_LDFLAGS="$(ASANFLAGS)" test

# The display with the default config; fills the cache on first run.
run: $(BUILD)/khabar $(BUILD)/khabar-net
	@scripts/first-run.sh $(BUILD)/khabar
	$(BUILD)/khabar run $(ARGS)

# Benchmarks: every tests/bench_*.c, each printing its figures.
BENCHSRC = $(sort $(wildcard tests/bench_*.c))
BENCHBIN = $(BENCHSRC:tests/%.c=$(BUILD)/bench/%)
bench: $(BUILD)/khabar $(BUILD)/khabar-net $(BENCHBIN)
	@for b in $(BENCHBIN); do KHABAR=$(BUILD)/khabar SDL_VIDEODRIVER=offscreen \
		SDL_FRAMEBUFFER_ACCELERATION=0 $$b || exit 1; done

$(BUILD)/bench/%: tests/%.c $(LIBOBJ) | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -Itests -o $@ $< $(LIBOBJ) $(PKG_LIBS)

# The same figures beside a Chromium kiosk page showing the seed card.
bench-compare: $(BUILD)/khabar
	@KHABAR=$(BUILD)/khabar scripts/bench-compare.sh

# Functions over 80 lines and include circles in firmware/.
structure:
	@scripts/check-structure.sh

# Fuzz targets (libFuzzer, clang, ASan + UBSan): every tests/fuzz/fuzz_NAME.c,
# seeded from tests/fuzz/NAME/, linked with the folder of its layer
# FUZZ_LAYER_NAME (config.mk) and every layer that one may use, with their
# packages: both from the table in scripts/check-structure.sh. A new target
# is its file, its seed directory and that one line. Inputs libFuzzer finds
# go to $(BUILD)/fuzz/corpus-NAME/, not into the committed seeds.
FUZZNAMES = $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZBIN   = $(FUZZNAMES:%=$(BUILD)/fuzz/fuzz_%)
fuzz_layers = $(shell scripts/check-structure.sh --closure $(FUZZ_LAYER_$(1)))
fuzz_src    = $(foreach l,$(call fuzz_layers,$(1)),$(wildcard firmware/$(l)/*.c))
fuzz_pkgs   = $(shell scripts/check-structure.sh --pkgs $(call fuzz_layers,$(1)))

.SECONDEXPANSION:
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $$(call fuzz_src,$$*) | deps
	$(if $(FUZZ_LAYER_$*),,$(error config.mk: FUZZ_LAYER_$* is not set for tests/fuzz/fuzz_$*.c))
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Ifirmware \
		-DKHABAR_VERSION='"fuzz"' -DKHABAR_DATADIR='"$(CURDIR)"' \
		$(shell pkg-config --cflags $(call fuzz_pkgs,$*)) -o $@ $< $(call fuzz_src,$*) \
		$(shell pkg-config --libs $(call fuzz_pkgs,$*)) -lm

# Each target FUZZ_SECONDS; fails when one crashes, leaks or times out.
fuzz: $(FUZZBIN)
	@status=0; for n in $(FUZZNAMES); do \
		mkdir -p $(BUILD)/fuzz/corpus-$$n; echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
		if $(BUILD)/fuzz/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
			-rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
			-artifact_prefix=$(BUILD)/fuzz/$$n- $(BUILD)/fuzz/corpus-$$n tests/fuzz/$$n \
			>$(BUILD)/fuzz/$$n.log 2>&1; then \
			grep -E "stat::number_of_executed_units" $(BUILD)/fuzz/$$n.log || true; \
		else \
			tail -40 $(BUILD)/fuzz/$$n.log; \
			echo "fuzz: $$n FAILED; the input is in $(BUILD)/fuzz/$$n-*"; status=1; \
		fi; \
	done; exit $$status

install: $(BUILD)/khabar $(BUILD)/khabar-net
	install -Dm755 $(BUILD)/khabar $(DESTDIR)$(PREFIX)/bin/khabar
	install -Dm755 $(BUILD)/khabar-net $(DESTDIR)$(LIBEXECDIR)/khabar-net
	install -d $(DESTDIR)$(PREFIX)/share/khabar/fonts
	install -m644 fonts/*.ttf fonts/OFL.txt $(DESTDIR)$(PREFIX)/share/khabar/fonts/
	install -Dm644 assets/man/khabar.1 $(DESTDIR)$(PREFIX)/share/man/man1/khabar.1
	install -Dm644 assets/man/khabar.ini.5 $(DESTDIR)$(PREFIX)/share/man/man5/khabar.ini.5
	for m in $(MO); do l=$${m#$(BUILD)/locale/}; \
		install -Dm644 $$m $(DESTDIR)$(PREFIX)/share/locale/$$l || exit 1; done


# The Debian package build/khabar_VERSION_ARCH.deb (assets/debian/).
# The program is built again for it in $(BUILD)/pkg with Debian's
# hardening flags (dpkg-buildflags) and its data directory.
DEBFLAGS = DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get
deb:
	@$(MAKE) -s BUILD=$(BUILD)/pkg OPT= DATADIR=/usr/share/khabar LIBEXECDIR=/usr/libexec/khabar \
		EXTRA_CFLAGS="$$($(DEBFLAGS) CFLAGS) $$($(DEBFLAGS) CPPFLAGS) $(EXTRA_CFLAGS)" \
		EXTRA_LDFLAGS="$$($(DEBFLAGS) LDFLAGS) $(EXTRA_LDFLAGS)" $(BUILD)/pkg/khabar $(BUILD)/pkg/khabar-net
	@scripts/deb.sh $(BUILD) $(VERSION) "$(MAINTAINER)" $(BUILD)/pkg/khabar

clean:
	rm -rf build

.PHONY: all deps test check asan run bench bench-compare fuzz structure install deb clean
-include $(OBJ:.o=.d)
