# The two commands a newcomer needs: `make run` and `make test`. Both set up what is missing.
.PHONY: run test setup train lint

setup:
	@scripts/bootstrap

run: setup
	@.venv/bin/stajbot run

test: setup
	@.venv/bin/stajbot faq validate
	@.venv/bin/stajbot rules validate
	@.venv/bin/pytest

train: setup
	@.venv/bin/stajbot train

lint: setup
	@.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy staj bot panel actions cli
