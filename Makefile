# The two commands a new user needs: `make run` and `make test`. Every other target is
# a step they take, runnable on its own. Set-up is idempotent and skips what is done.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.SUFFIXES:

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv
export UV_COMPILE_BYTECODE := 1

UV_VERSION := 0.13.9
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/uv/bin/uv)
PY := $(CURDIR)/.venv/bin/python
BOT := $(PY) -m bot
WEB := bot/web
CHROMIUM := /usr/bin/chromium
RASA_DATA := --data data/nlu data/rules data/stories --domain domain.yml --config config.yml

.PHONY: help run test setup python venv kb model web browser lint types validate stories nlu-eval safety-eval converse-eval booking-eval time-compare pytest bench clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

run: setup  ## set up what is missing, then start the action server, Rasa and the demo site
	@$(CURDIR)/.venv/bin/honcho --procfile Procfile --app-root $(CURDIR) start

test: setup browser lint types validate stories nlu-eval safety-eval converse-eval booking-eval pytest  ## set up, then run every test layer

setup: python venv kb model web  ## everything `run` and `test` need, built only when missing or stale

python:
	@scripts/find-python310 >/dev/null

$(CURDIR)/.tools/uv/bin/uv:
	@echo "installing uv $(UV_VERSION) into .tools/uv (from PyPI)..."
	@py="$$(scripts/find-python310)" && "$$py" -m venv .tools/uv && \
		.tools/uv/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

venv: .venv/.synced
.venv/.synced: pyproject.toml uv.lock | $(UV)
	@echo "installing the Python environment into .venv (uv sync)..."
	@py="$$(scripts/find-python310)" && $(UV) sync --locked --python "$$py"
	@touch $@

kb: venv  ## build the knowledge base (var/kb.db) if data/kb changed
	@$(BOT) kb build --if-changed

model: venv kb  ## train the Rasa model if its inputs changed
	@$(BOT) model ensure

web: $(WEB)/static/vendor/socket.io.min.js  ## the chat widget's socket.io client (npm ci when its lock changed)

$(WEB)/node_modules/.installed: $(WEB)/package.json $(WEB)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "installing Node.js and npm (apt-get)..."; \
		apt-get update -qq && apt-get install -y -qq nodejs npm; }
	@echo "installing the widget's socket.io client with node $$(node --version), npm $$(npm --version) (npm ci in $(WEB))..."
	@cd $(WEB) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(WEB)/static/vendor/socket.io.min.js: $(WEB)/node_modules/.installed
	@mkdir -p $(@D)
	@cp $(WEB)/node_modules/socket.io-client/dist/socket.io.min.js $@
	@echo "socket.io client $$(node -p "require('./$(WEB)/node_modules/socket.io-client/package.json').version") copied to $@"

browser:  ## Debian's chromium for the browser tests (apt-get when missing; never a download by Playwright)
	@test -x $(CHROMIUM) || { echo "installing chromium (apt-get)..."; \
		apt-get update -qq && apt-get install -y -qq chromium; }
	@echo "browser: $$($(CHROMIUM) --version 2>/dev/null)"

lint:  ## ruff: lint and format check
	@echo "== lint (ruff) (started $$(date +%T))"
	@$(CURDIR)/.venv/bin/ruff check bot actions tests bench
	@$(CURDIR)/.venv/bin/ruff format --check bot actions tests bench

types:  ## mypy on bot/, actions/ and bench/
	@echo "== types (mypy) (started $$(date +%T))"
	@$(CURDIR)/.venv/bin/mypy bot actions bench

validate:  ## rasa data validate
	@echo "== rasa data validate (started $$(date +%T))"
	@$(BOT) rasa data validate --fail-on-warnings $(RASA_DATA)

stories: model  ## Rasa test stories, failing on any prediction error
	@echo "== rasa test stories (started $$(date +%T))"
	@$(BOT) rasa test core --stories tests/stories --model var/models \
		--out var/reports/stories --fail-on-prediction-errors --no-plot

nlu-eval: model  ## score the NLU on the held-out set (tests/nlu/heldout.yml) into var/reports/
	@echo "== NLU evaluation on the held-out set (started $$(date +%T))"
	@$(BOT) nlu eval

safety-eval: model  ## score the red-flag handling on the held-out safety set (tests/safety/) into var/reports/
	@echo "== safety evaluation on the held-out safety set (started $$(date +%T))"
	@$(BOT) safety eval

converse-eval: model  ## scripted conversations (tests/converse/) through the servers into var/reports/
	@echo "== conversation evaluation through the running servers (started $$(date +%T))"
	@$(BOT) converse eval

booking-eval: model  ## scripted booking conversations (tests/booking/) through the servers into var/reports/
	@echo "== booking evaluation through the running servers (started $$(date +%T))"
	@$(BOT) booking eval

TIME_PARSERS := var/time-parsers
time-compare: venv  ## the time grammar against well-kept parsers (their own environment under var/)
	@test -x $(TIME_PARSERS)/bin/python || $(UV) venv -q -p "$$(scripts/find-python310)" $(TIME_PARSERS)
	@$(UV) pip install -q -p $(TIME_PARSERS)/bin/python dateparser==1.2.0 ctparse parsedatetime \
		pyduckling-native-phihos "recognizers-text-suite==1.0.2a2" "emoji<2" datefinder \
		python-dateutil pyyaml sqlite-utils rapidfuzz
	@PYTHONPATH=. $(TIME_PARSERS)/bin/python bench/time_compare.py --json var/reports/time-parsers.json

pytest:  ## unit tests, and black-box and browser tests against the running servers
	@echo "== pytest (started $$(date +%T))"
	@$(PY) -m pytest --durations=25

bench: setup  ## benchmark against a stock `rasa init` assistant; writes var/reports/bench-*.json
	@$(PY) bench/run.py

clean:  ## remove built state (var/), keeping .venv
	rm -rf var
