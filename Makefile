# pakn-bot — two commands do everything on a fresh machine:
#   make run    set up, migrate, seed demo data, start the bot (local chat when no channel is configured)
#   make test   set up and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint setup bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/pakn db upgrade
	$(BIN)/pakn demo seed
	$(BIN)/pakn run

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python bench/nlu.py
	$(BIN)/python bench/telegram_throughput.py
	$(BIN)/python bench/broadcast.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
