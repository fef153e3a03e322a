# pakn-bot — two commands do everything on a fresh machine:
#   make run    set up, then the bot on its own demo database (data/demo.db, demo staff and a dialogue session);
#               with no messenger configured, the web chat at http://127.0.0.1:8080
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
	$(BIN)/pakn run --demo

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python bench/nlu.py
	$(BIN)/python bench/telegram_throughput.py
	$(BIN)/python bench/broadcast.py
	$(BIN)/python bench/web_chat.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
