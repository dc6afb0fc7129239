# Two commands for a newcomer: `make report` and `make test`. Both set everything up from nothing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= 2

.PHONY: venv bytecode report test lab lint bench evaluate mutation clean

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

# JupyterLab on the project folder (notebooks/ is one of its folders): a notebook made at the
# top runs there, so analyze("seeds/...") works as in the README; the report notebooks in
# notebooks/ read "../seeds/...". Jupyter refuses to run as root without --allow-root.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: venv
	$(BIN)/jupyter lab --ServerApp.root_dir=. $(LAB_ROOT)

bench: bytecode
	$(BIN)/python bench/analyze_speed.py
	$(BIN)/python bench/report_speed.py

evaluate: venv
	$(BIN)/python evaluation/sentences.py
	$(BIN)/python evaluation/sentiment.py
	$(BIN)/python evaluation/ner.py
	$(BIN)/python evaluation/quotes.py
	$(BIN)/python evaluation/relations.py

# Mutation testing (mutmut 3, configured in pyproject.toml [tool.mutmut]); not part of `make test`.
# MUTANTS narrows the run, e.g. `make mutation MUTANTS='analysis.cooccurrence*'`. The score counts
# killed (and timed-out) mutants over every mutant that was checked.
MUTANTS ?=
mutation: venv
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[mutation]'
	$(BIN)/mutmut run --max-children $(JOBS) $(MUTANTS) > mutants.log 2>&1 || (tail -30 mutants.log; exit 1)
	$(BIN)/mutmut results --all true | awk -F': ' \
	  '{ name = $$1; sub(/^ +/, "", name); split(name, p, "[.]x"); mod = p[1]; st = $$2; \
	     if (st == "not checked") next; \
	     n[mod, st]++; mods[mod] = 1; tot[st]++ } \
	   END { for (m in mods) { k = n[m, "killed"] + n[m, "timeout"]; t = 0; \
	           for (s in tot) t += n[m, s]; \
	           printf "%-28s %4d/%-4d killed  %5.1f%%   survived %d\n", m, k, t, t ? 100 * k / t : 0, n[m, "survived"] } \
	         k = tot["killed"] + tot["timeout"]; t = 0; for (s in tot) t += tot[s]; \
	         printf "mutation score: %d of %d mutants killed = %.1f%%\n", k, t, t ? 100 * k / t : 0; \
	         for (s in tot) printf "  %s: %d\n", s, tot[s] }'
	@echo "surviving mutants: .venv/bin/mutmut results; one of them: .venv/bin/mutmut show <name>"

clean:
	rm -rf $(VENV) reports/* .pytest_cache mutants mutants.log
