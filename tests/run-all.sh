#!/usr/bin/env bash
# Install everything the tests need, then run all of them: lit, then pytest.
set -u
cd "$(dirname "$0")/.."

python3 -m pip install -q -e '.[test,onnx,dse,plot]' || exit 1
if ! command -v mlir-opt-22 >/dev/null 2>&1 || ! command -v verilator >/dev/null 2>&1 || ! command -v tclsh >/dev/null 2>&1; then
  SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q mlir-22-tools verilator tcl >/dev/null || exit 1
fi

lit -sv -j 2 tests/lit
lit_status=$?
python3 -m pytest -n 2 -q tests/unit
pytest_status=$?
[ "$lit_status" = 0 ] && [ "$pytest_status" = 0 ]
