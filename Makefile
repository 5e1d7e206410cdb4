# SPDX-License-Identifier: GPL-3.0-or-later
# khabar — a Persian news display for lobby screens.
# Targets: all run test check asan fuzz structure bench bench-compare install deb
# dist release-check version maintainer clean
# (docs/hacking.md).

include config.mk

# tests/ is sorted by kind (docs/hacking.md): a test or benchmark left at
# its top would silently never run.
STRAY_TESTS = $(wildcard tests/test_*.c tests/bench_*.c tests/*.h)
ifneq ($(STRAY_TESTS),)
$(error $(STRAY_TESTS): tests/ is sorted by kind now; git mv cmocka tests (test_*.c) to tests/unit/, benchmarks (bench_*.c) to tests/bench/, helpers to tests/lib/)
endif

BUILD   ?= build
SRC      = $(wildcard firmware/*.c firmware/*/*.c)
LIBSRC   = $(filter-out firmware/main.c firmware/main_net.c firmware/main_console.c,$(SRC))
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
CONSOLE_OBJ = $(BUILD)/obj/main_console.o $(call objs_of,console)
TESTSRC  = $(wildcard tests/unit/test_*.c)
TESTBIN  = $(TESTSRC:tests/unit/%.c=$(BUILD)/tests/%)
# Helpers the e2e scripts run, built from tests/lib/.
TESTLIB  = $(BUILD)/tests/mqtt_burst
# The frame's words: gettext catalogues, compiled next to the binary.
PO       = $(wildcard assets/po/*.po)
MO       = $(PO:assets/po/%.po=$(BUILD)/locale/%/LC_MESSAGES/khabar.mo)
# The man pages with the version in their footer (.Os khabar VERSION).
MAN      = $(patsubst assets/man/%,$(BUILD)/man/%,$(wildcard assets/man/*.[1-8]))

# Evaluated when a recipe runs, after `deps` has made sure pkg-config and
# the libraries are there.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lm
CFLAGS_ALL = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) $(WARN) \
             -MMD -MP -Ifirmware -I$(BUILD)/gen \
             -DKHABAR_DATADIR='"$(DATADIR)"' -DKHABAR_LIBEXECDIR='"$(LIBEXECDIR)"' \
             $(PKG_CFLAGS) $(EXTRA_CFLAGS)

all: $(BUILD)/khabar $(BUILD)/khabar-net $(BUILD)/khabar-console $(MAN)

# Plain `make` never installs: deps-check stops with the apt-get line when
# a library is missing. `make deps` (and `make run`) install what building
# and running need; `make test` installs the test tools too.
deps:
	@scripts/deps.sh install run

deps-check:
	@scripts/deps.sh check build

deps-test-check:
	@scripts/deps.sh check test

# The version lives in a header rewritten only when VERSION changes, so
# `make deb VERSION=0.2.0` rebuilds what says it and nothing else.
VERSION_H = $(BUILD)/gen/base/version.h
BUILT_VERSION := $(shell sed -n 's/^\#define KHABAR_VERSION "\(.*\)"$$/\1/p' $(VERSION_H) 2>/dev/null)
$(VERSION_H): $(if $(filter-out $(BUILT_VERSION),$(VERSION)),FORCE)
	@mkdir -p $(@D)
	@printf '/* Written by the Makefile from VERSION (config.mk); do not edit. */\n#ifndef KHABAR_VERSION\n#define KHABAR_VERSION "%s"\n#endif\n' '$(VERSION)' >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
FORCE:

$(BUILD)/obj/%.o: firmware/%.c | deps-check $(VERSION_H)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/locale/%/LC_MESSAGES/khabar.mo: assets/po/%.po | deps-check
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

$(BUILD)/man/%: assets/man/% $(VERSION_H)
	@mkdir -p $(@D)
	sed 's/^\.Os$$/.Os khabar $(VERSION)/' $< >$@

$(BUILD)/khabar: $(KHABAR_OBJ) $(MO)
	$(CC) $(OPT) $(EXTRA_CFLAGS) -o $@ $(KHABAR_OBJ) $(call libs_of,cmd) $(EXTRA_LDFLAGS)

$(BUILD)/khabar-net: $(NET_OBJ)
	$(CC) $(OPT) $(EXTRA_CFLAGS) -o $@ $(NET_OBJ) $(call libs_of,netcmd) $(EXTRA_LDFLAGS)

# The organisers' web console: a third program, so neither the display nor
# khabar-net links the HTTP server (docs/console.md).
$(BUILD)/khabar-console: $(CONSOLE_OBJ) $(MO)
	$(CC) $(OPT) $(EXTRA_CFLAGS) -o $@ $(CONSOLE_OBJ) $(call libs_of,console) -lpthread $(EXTRA_LDFLAGS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h $(LIBOBJ) $(MO) | deps-test-check
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -Itests/unit $(shell pkg-config --cflags $(TESTPKGS)) -o $@ $< $(LIBOBJ) \
		$(PKG_LIBS) $(shell pkg-config --libs $(TESTPKGS)) $(EXTRA_LDFLAGS)

$(BUILD)/tests/test_render: TESTPKGS += $(TTFPKGS)

# The burst publisher of e2e/mqtt (its code is shared with bench_mqtt).
$(BUILD)/tests/mqtt_burst: tests/lib/mqtt_burst.c tests/lib/mqtt_burst.h | deps-test-check
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(shell pkg-config --libs libmosquitto) $(EXTRA_LDFLAGS)

# Tests: unit tests (cmocka), conformance, golden files, end-to-end scripts.
test:
	@scripts/deps.sh install test
	@$(MAKE) --no-print-directory test-suite

test-suite: $(BUILD)/khabar $(BUILD)/khabar-net $(BUILD)/khabar-console $(MAN) $(TESTBIN) $(TESTLIB)
	@cd fonts && sha256sum --quiet -c SHA256SUMS
	@KHABAR=$(BUILD)/khabar BUILD=$(BUILD) tests/run.sh $(TESTBIN)

# One test binary or e2e script: make check T=test_text (TEST='*kashida*'
# picks cmocka tests by name), make check T=post.
check: $(BUILD)/khabar $(BUILD)/khabar-net $(BUILD)/khabar-console $(TESTBIN) $(TESTLIB) | deps-test-check
	@KHABAR=$(BUILD)/khabar BUILD=$(BUILD) ONLY="$(T)" tests/run.sh $(TESTBIN)

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer.
asan:
	$(MAKE) BUILD=build/asan OPT="-O1 -g" EXTRA_CFLAGS="$(ASANFLAGS)" \
		EXTRA_LDFLAGS="$(ASANFLAGS)" test

# The display with the default config; fills the cache on first run.
run:
	@scripts/deps.sh install run
	@$(MAKE) --no-print-directory $(BUILD)/khabar $(BUILD)/khabar-net $(BUILD)/khabar-console
	@scripts/first-run.sh $(BUILD)/khabar
	$(BUILD)/khabar run $(ARGS)

# Benchmarks: every tests/bench/bench_*.c, each printing its figures.
BENCHSRC = $(sort $(wildcard tests/bench/bench_*.c))
BENCHBIN = $(BENCHSRC:tests/bench/%.c=$(BUILD)/bench/%)
bench: $(BUILD)/khabar $(BUILD)/khabar-net $(BUILD)/khabar-console $(BENCHBIN)
	@for b in $(BENCHBIN); do KHABAR=$(BUILD)/khabar SDL_VIDEODRIVER=offscreen \
		SDL_FRAMEBUFFER_ACCELERATION=0 $$b || exit 1; done

$(BUILD)/bench/%: tests/bench/%.c $(LIBOBJ) | deps-check
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -Itests/lib -o $@ $< $(LIBOBJ) $(PKG_LIBS)

# The same figures beside a Chromium kiosk page showing the seed card.
bench-compare: $(BUILD)/khabar
	@KHABAR=$(BUILD)/khabar scripts/bench-compare.sh

# `make test` in a fresh debootstrap Debian 12 root with only git and make
# (root, network to the Debian mirror, about half an hour; not in CI).
fresh-check:
	@scripts/fresh-check.sh

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
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $$(call fuzz_src,$$*) | deps-test-check $(VERSION_H)
	$(if $(FUZZ_LAYER_$*),,$(error config.mk: FUZZ_LAYER_$* is not set for tests/fuzz/fuzz_$*.c))
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Ifirmware -I$(BUILD)/gen \
		-DKHABAR_VERSION='"fuzz"' -DKHABAR_DATADIR='"$(CURDIR)"' \
		$(shell pkg-config --cflags $(call fuzz_pkgs,$*)) -o $@ $< $(call fuzz_src,$*) \
		$(shell pkg-config --libs $(call fuzz_pkgs,$*)) -lm

# Each target FUZZ_SECONDS; fails when one crashes, leaks or times out.
# Leaks of system libraries, never khabar's, are in tests/lib/lsan.supp.
fuzz: $(FUZZBIN)
	@status=0; for n in $(FUZZNAMES); do \
		mkdir -p $(BUILD)/fuzz/corpus-$$n; echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
		if LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lib/lsan.supp:print_suppressions=0 \
			$(BUILD)/fuzz/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
			-rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
			-artifact_prefix=$(BUILD)/fuzz/$$n- $(BUILD)/fuzz/corpus-$$n tests/fuzz/$$n \
			>$(BUILD)/fuzz/$$n.log 2>&1; then \
			grep -E "stat::number_of_executed_units" $(BUILD)/fuzz/$$n.log || true; \
		else \
			tail -40 $(BUILD)/fuzz/$$n.log; \
			echo "fuzz: $$n FAILED; the input is in $(BUILD)/fuzz/$$n-*"; status=1; \
		fi; \
	done; exit $$status

install: $(BUILD)/khabar $(BUILD)/khabar-net $(BUILD)/khabar-console $(MAN)
	install -Dm755 $(BUILD)/khabar $(DESTDIR)$(PREFIX)/bin/khabar
	install -Dm755 $(BUILD)/khabar-net $(DESTDIR)$(LIBEXECDIR)/khabar-net
	install -Dm755 $(BUILD)/khabar-console $(DESTDIR)$(LIBEXECDIR)/khabar-console
	install -d $(DESTDIR)$(PREFIX)/share/khabar/fonts
	install -m644 fonts/*.ttf fonts/OFL.txt $(DESTDIR)$(PREFIX)/share/khabar/fonts/
	install -Dm644 $(BUILD)/man/khabar.1 $(DESTDIR)$(PREFIX)/share/man/man1/khabar.1
	install -Dm644 $(BUILD)/man/khabar.ini.5 $(DESTDIR)$(PREFIX)/share/man/man5/khabar.ini.5
	for m in $(MO); do l=$${m#$(BUILD)/locale/}; \
		install -Dm644 $$m $(DESTDIR)$(PREFIX)/share/locale/$$l || exit 1; done


# The Debian package build/khabar_VERSION_ARCH.deb (assets/debian/).
# The program is built again for it in $(BUILD)/pkg with Debian's
# hardening flags (dpkg-buildflags, whose -ffile-prefix-map keeps this
# folder's path out of it) and its data directory. The same sources give
# the same .deb, byte for byte (scripts/deb.sh, e2e/reproducible).
DEBFLAGS = DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get
deb:
	@$(MAKE) -s BUILD=$(BUILD)/pkg OPT= DATADIR=/usr/share/khabar LIBEXECDIR=/usr/libexec/khabar \
		EXTRA_CFLAGS="$$($(DEBFLAGS) CFLAGS) $$($(DEBFLAGS) CPPFLAGS) $(EXTRA_CFLAGS)" \
		EXTRA_LDFLAGS="$$($(DEBFLAGS) LDFLAGS) $(EXTRA_LDFLAGS)" $(BUILD)/pkg/khabar $(BUILD)/pkg/khabar-net \
		$(BUILD)/pkg/khabar-console
	@scripts/deb.sh $(BUILD) $(VERSION) "$(MAINTAINER)" $(BUILD)/pkg/khabar

# The source tarball build/khabar-VERSION.tar.gz: the committed tree as
# git archive gives it, nothing generated (scripts/dist.sh).
dist:
	@scripts/dist.sh $(BUILD) $(VERSION)

# What a release needs, as make test also runs it: lintian and the DEP-5
# copyright, one version everywhere, the tarball building and passing its
# tests alone, the package built twice byte for byte.
RELEASE_CHECKS = lintian version dist reproducible
release-check:
	@scripts/deps.sh install test
	@$(MAKE) --no-print-directory $(BUILD)/khabar $(BUILD)/khabar-net $(BUILD)/khabar-console $(MAN)
	@KHABAR=$(BUILD)/khabar BUILD=$(BUILD) ONLY="$(RELEASE_CHECKS)" tests/run.sh

version:
	@echo $(VERSION)

maintainer:
	@echo "$(MAINTAINER)"

clean:
	rm -rf build

.PHONY: FORCE fresh-check all deps deps-check deps-test-check test test-suite check asan run bench \
	bench-compare fuzz structure install deb dist release-check version maintainer clean
-include $(OBJ:.o=.d)
