# kzlib: two commands on a fresh machine.
#   make figures   executes every notebook headless, in order, and rewrites figures/
#   make test      runs the test suite
#   make mutation  mutation testing of the analysis modules (long; not part of make test):
#                  MODULE=spread runs one module, see benchmarks/mutation.toml
# Both create .venv (python3 -m venv) and install requirements.txt + kzlib (-e .)
# when .venv is missing or requirements.txt / pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.kzlib-installed

.PHONY: figures test lab bench mutation clean-venv

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

# mutmut pinned in requirements-mutation.txt; results merged into benchmarks/mutation.md
MUTATION_STAMP := $(VENV)/.kzlib-mutation-installed
$(MUTATION_STAMP): $(STAMP) requirements-mutation.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-mutation.txt
	touch $(MUTATION_STAMP)

MODULE ?=
mutation: $(MUTATION_STAMP)
	$(BIN)/python tools/mutation.py $(if $(MODULE),$(foreach m,$(MODULE),--module $(m)),) $(MUTATION_ARGS)

clean-venv:
	rm -rf $(VENV)
