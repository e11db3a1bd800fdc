# Two commands matter: `make demo` and `make test`. Both run `setup` first, which is idempotent
# and installs everything a fresh Debian machine lacks (system packages, uv, the venv).
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export PATH := $(HOME)/.local/bin:$(PATH)

# fonts-wqy-zenhei: a CJK font, so Text in Chinese, Japanese or Korean shows its glyphs
APT_PACKAGES := libpango1.0-dev libcairo2-dev pkg-config ffmpeg \
	texlive-latex-base texlive-latex-extra dvisvgm bubblewrap chromium redis-server postgresql \
	curl openssl espeak-ng fonts-wqy-zenhei
UV := uv
PY := .venv/bin/python

.PHONY: setup system-packages venv bytecode node-tools docs-index demo test bench lint

setup: system-packages venv bytecode node-tools docs-index

# Only touches apt when a package is missing, so a set-up machine pays nothing.
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@command -v $(UV) >/dev/null || python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

venv: .venv/.synced

# The docs MCP server's indexes for the installed manim, so an IDE's first connection answers
# at once (building them takes a while); a no-op once built. `tutor docs-mcp --print-config`
# points IDEs at this same directory.
docs-index: venv
	@$(PY) -m agent.cli docs-mcp --build-index

# The MCP Inspector CLI and the MCP TypeScript SDK, which the docs-server tests drive like users;
# Convex, convex-test and vitest, which run the lesson store's Convex functions in memory.
node-tools: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Bytecode compiled at install time, as pip does by default (uv does not): without it every
# fresh `tutor` process and every render recompiles manim, openai and the Agents SDK from source
# whenever Python may not write its caches (PYTHONDONTWRITEBYTECODE, a read-only install).
.venv/.synced: pyproject.toml uv.lock
	$(UV) sync --frozen --python python3 --compile-bytecode
	@touch $@

# The project's own modules too; only what changed since the last run is compiled again.
bytecode: venv
	@$(PY) -m compileall -q -j 0 agent tools lessons chat mcp_manim_docs app.py >/dev/null

# The chat app at http://localhost:8000 (TUTOR_PORT sets another port).
demo: setup
	$(PY) -m agent.cli serve

test: setup
	npx --no-install vitest run
	$(PY) -m pytest

bench: setup
	$(PY) -m tests.bench.run_bench
	$(PY) -m tests.bench.layout_bench
	$(PY) -m tests.bench.docs_bench
	$(PY) -m tests.bench.lesson_bench
	$(PY) -m tests.bench.app_bench
	$(PY) -m tests.bench.s3_bench
	$(PY) -m tests.bench.convex_bench
	$(PY) -m tests.bench.corpus_bench
	$(PY) -m tests.bench.celery_bench
	$(PY) -m tests.bench.voice_bench
	$(PY) -m tests.bench.stream_bench
	$(PY) -m tests.bench.cli_bench

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pyright
	.venv/bin/lint-imports
	node_modules/.bin/tsc -p convex
