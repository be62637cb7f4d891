# The two commands of the README, and a few helpers.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint docs bench demo-data vendor clean messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/dihub compilemessages --ignore .venv --ignore var >/dev/null
	$(BIN)/dihub migrate --no-input
	$(BIN)/dihub demo --if-empty
	$(BIN)/dihub serve --host 127.0.0.1 --port 8000

test: $(STAMP)
	scripts/test.sh

lint: $(STAMP)
	$(BIN)/ruff check .

# The tables in docs/ written from the code (cog blocks; scripts/doctables.py).
docs: $(STAMP)
	$(BIN)/cog -r -I scripts $$(grep -l '\[\[\[cog' docs/*.md)

# The translation catalogues from the code; then translate what is new (docs/i18n.md).
messages: $(STAMP)
	$(BIN)/python scripts/messages.py
	$(BIN)/python scripts/messages.py --check

bench: $(STAMP)
	$(BIN)/python -m benchmarks

demo-data: $(STAMP)
	$(BIN)/python scripts/build_demo.py

vendor:
	scripts/vendor_static.sh

clean:
	rm -rf $(VENV) var .pytest_cache
