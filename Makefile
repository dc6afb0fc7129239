# Two commands for a newcomer: `make report` and `make test`. Both set everything up from nothing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= 2

.PHONY: venv bytecode report test lab lint bench evaluate clean

venv: $(STAMP)

# Python writes no bytecode where PYTHONDONTWRITEBYTECODE is set (as on these machines), and then
# every process of a build compiles analysis/ again from source: compile it once (changed files only).
bytecode: venv
	$(BIN)/python -m compileall -q analysis

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev,lab]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (newsreport)" >/dev/null
	touch $(STAMP)

report: bytecode
	$(BIN)/newsreport build --jobs $(JOBS)

test: bytecode
	$(BIN)/python -m pytest -q

lint: venv
	$(BIN)/ruff check analysis tests bench evaluation
	$(BIN)/ruff format --check analysis tests bench evaluation

lab: venv
	$(BIN)/jupyter lab notebooks/

bench: bytecode
	$(BIN)/python bench/analyze_speed.py
	$(BIN)/python bench/report_speed.py

evaluate: venv
	$(BIN)/python evaluation/sentences.py
	$(BIN)/python evaluation/sentiment.py
	$(BIN)/python evaluation/ner.py
	$(BIN)/python evaluation/quotes.py
	$(BIN)/python evaluation/relations.py

clean:
	rm -rf $(VENV) reports/* .pytest_cache
