# kzlib: two commands on a fresh machine.
#   make figures   executes every notebook headless, in order, and rewrites figures/
#   make test      runs the test suite
# Both create .venv (python3 -m venv) and install requirements.txt + kzlib (-e .)
# when .venv is missing or requirements.txt / pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.kzlib-installed

.PHONY: figures test lab bench clean-venv

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

figures: $(STAMP)
	$(BIN)/python -m kzlib.notebook_runner

test: $(STAMP)
	$(BIN)/python -m pytest

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean-venv:
	rm -rf $(VENV)
