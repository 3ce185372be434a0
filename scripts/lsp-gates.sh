#!/usr/bin/env bash
# The language server driven as editors drive it: the pytest-lsp suite in tests/lsp.
# Installs pytest-lsp into a virtual environment under target/ when missing.
# Usage: CXLINT=path/to/cxlint scripts/lsp-gates.sh   (default: target/release/cxlint)
set -Eeuo pipefail
cd "$(dirname "$0")/.."
trap 'echo "lsp-gates: FAILED (line $LINENO, exit $?)" >&2' ERR

CXLINT=${CXLINT:-target/release/cxlint}
if [ ! -x "$CXLINT" ]; then
  echo "-- cargo build --release (no $CXLINT)"
  cargo build --release --quiet
fi
venv="${CARGO_TARGET_DIR:-target}/lsp-venv"
if ! "$venv/bin/python" -c 'import pytest_lsp' >/dev/null 2>&1; then
  echo "-- pip install pytest-lsp (into $venv)"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check pytest-lsp pytest
fi
t0=$SECONDS
CXLINT="$(cd "$(dirname "$CXLINT")" && pwd)/$(basename "$CXLINT")" \
  "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/lsp
echo "-- pytest-lsp suite: $((SECONDS - t0)) s"
