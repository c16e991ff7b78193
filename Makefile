# Kunang: the two commands of the README are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
# test processes (pytest-xdist): two per core, at most 8 (the suite waits on servers, agents and browsers
# for about two thirds of its wall time: docs/performance.md, "Test suite time"); JOBS=0 runs it in this process
JOBS   ?= $(shell n=$$(nproc 2>/dev/null || echo 1); j=$$((n * 2)); [ $$j -gt 8 ] && j=8; echo $$j)
STAMP   = $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test venv bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*; touch $@

venv: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/kunang demo

test: $(STAMP)
	$(PY) -m pytest -n $(JOBS) --dist worksteal $(PYTEST_ARGS)

bench: $(STAMP)
	for b in bench/*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .kunang-test
	find . -name __pycache__ -type d -not -path './.venv/*' -prune -exec rm -rf {} +
