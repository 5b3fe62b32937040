# Every target installs what it needs itself, on a fresh Debian machine (as root or through sudo).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
STAMPS := .stamps
# The import packages of the one distribution `jiaohao` (DESIGN §2): every tool checks all of them.
PACKAGES := jiaohao server client kiosk caller display pad drivers demo
# fonts-noto-cjk: Chinese glyphs for Qt screens, ticket rasters and screenshots.
# libgl1 … libxcb-cursor0: what PySide6's offscreen platform loads at run time.
# libx11-xcb1 … libxcb-xkb1: what the xcb platform plugin (real screens) loads, from `ldd` on PySide6 6.x's
# libqxcb.so and libQt6XcbQpa.so (Qt 6 no longer loads xinerama); xvfb + xauth: a screen for its test.
# socat: serial pty pairs for the bus tests; espeak-ng + sox: the default voice pack.
# postgresql: the suite runs on SQLite and on a real PostgreSQL server that `make test` starts itself.
# chromium + chromium-driver: the web pages are tested in a real headless browser.
# libpulse0 … gstreamer: what QtMultimedia loads to play the hall screen's voice.
# pulseaudio + pulseaudio-utils: `make bench` plays the voice into a null sink and records it back.
APT_PACKAGES := fonts-noto-cjk fontconfig libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 \
	libdbus-1-3 libglib2.0-0 libxcb-cursor0 socat espeak-ng sox postgresql chromium chromium-driver \
	libpulse0 libasound2 pulseaudio pulseaudio-utils \
	libx11-xcb1 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 \
	libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 xvfb xauth

.PHONY: all deps run server test lint pytest bench mutate clean

all: deps

deps: $(STAMPS)/apt $(STAMPS)/venv $(STAMPS)/qm $(STAMPS)/voice

$(STAMPS)/apt: Makefile
	@mkdir -p $(STAMPS)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi
	@touch $@

$(STAMPS)/venv: pyproject.toml
	@mkdir -p $(STAMPS)
	[ -x $(PY) ] || python3 -m venv $(VENV)
	$(PY) -m pip install -q -U pip "setuptools>=68"
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

# Qt translations: .ts in the repo, .qm built here (the app falls back to reading the .ts if one is missing).
$(STAMPS)/qm: $(STAMPS)/venv $(wildcard client/translations/*.ts)
	$(VENV)/bin/pyside6-lrelease -silent client/translations/*.ts
	@touch $@

# The default Mandarin voice pack, generated with espeak-ng into the user data folder (a few seconds).
$(STAMPS)/voice: $(STAMPS)/apt $(STAMPS)/venv
	$(VENV)/bin/jiaohao voice-pack generate
	@touch $@

run: deps
	$(VENV)/bin/jiaohao demo

server: deps
	$(VENV)/bin/jiaohao server

bench: deps
	pg_url="$$(scripts/test-postgres)" && JIAOHAO_TEST_PG="$$pg_url" $(PY) bench/run.py --pg
	$(PY) bench/bench_hall_view.py
	$(PY) bench/bench_voice.py

# Break the core rules one at a time (call order, numbering, day turn, event log, 好差评, window binding,
# ESC/POS bytes) and check the suite notices each; prints the killed/survived table (about 15 minutes).
mutate: deps
	QT_QPA_PLATFORM=offscreen $(PY) scripts/mutate.py

lint: deps
	$(VENV)/bin/ruff check $(PACKAGES) tests bench
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy $(PACKAGES)

pytest: deps
	pg_url="$$(scripts/test-postgres)" && \
	JIAOHAO_TEST_PG="$$pg_url" QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q

test: lint pytest

clean:
	rm -rf $(STAMPS) $(VENV) .pytest_cache .mypy_cache .ruff_cache
