# dotterel's two set-up commands (see README.md): `make demo` and `make test`.
# Both create .venv on first use and install the hash-checked dependencies.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: demo test bench-quality clean

$(STAMP): requirements/main.txt requirements/dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check "pip==25.3"
	$(VENV)/bin/python -m pip install --quiet --require-hashes -r requirements/main.txt -r requirements/dev.txt
	$(VENV)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/dotterel demo

test: $(STAMP)
	$(VENV)/bin/python -m pytest -q

clean:
	rm -rf $(VENV) build src/*.egg-info
