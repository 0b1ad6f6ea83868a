"""allo-xdsl's own differential fuzzer (see tests/fuzz/run.py)."""
