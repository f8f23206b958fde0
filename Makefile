# The two commands a fresh machine needs: `make run` and `make test`.
# The first interpreter that actually runs and is 3.11+ (a version manager's shim may exist and fail).
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { command -v $$p; break; }; done)
VENV := .venv
POPS := $(VENV)/bin/pops
STAMP := $(VENV)/.installed

.PHONY: setup system-packages run test test-unit stack-up stack-down bench clean

setup: $(STAMP) system-packages

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "POPs Search needs Python 3.11 or later: none found (set PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --upgrade pip
	$(VENV)/bin/pip install -e '.[test,demo]'
	touch $(STAMP)

system-packages:
	@bash stack/system-packages.sh

stack-up: setup
	$(POPS) stack up

stack-down:
	$(POPS) stack down

run: stack-up
	$(POPS) demo

test: stack-up
	$(VENV)/bin/python -m pytest

test-unit: setup
	$(VENV)/bin/python -m pytest -m "not services and not browser"

bench: stack-up
	$(VENV)/bin/python bench/index_throughput.py demo_corpus/files

clean: stack-down
	rm -rf $(VENV)

# Interface messages: extract from ui/ templates and views, merge into each language's catalogue, compile.
.PHONY: ui-messages
ui-messages:
	$(VENV)/bin/pybabel extract -F ui/babel.cfg -k translate:2 --no-location --sort-output --no-wrap \
		--project "POPs Search" --version 0.1.0 --copyright-holder "POPs Search" -o ui/translations/messages.pot ui
	$(VENV)/bin/pybabel update -i ui/translations/messages.pot -d ui/translations --no-wrap --ignore-obsolete \
		--no-fuzzy-matching --ignore-pot-creation-date
	$(VENV)/bin/pybabel compile -d ui/translations --statistics
	$(VENV)/bin/python -m ui.catalogs
