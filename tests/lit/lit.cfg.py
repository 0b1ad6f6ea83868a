import importlib.util
import os
import shutil

import lit.formats

config.name = "allo-xdsl"  # noqa: F821
config.test_format = lit.formats.ShTest(execute_external=False)  # noqa: F821
config.suffixes = [".mlir", ".yaml"]  # noqa: F821
config.excludes = ["lit.cfg.py", "Inputs"]  # noqa: F821
config.test_source_root = os.path.dirname(__file__)  # noqa: F821
config.environment["PYTHONUNBUFFERED"] = "1"  # noqa: F821
for var in ("PATH", "HOME", "PYTHONPATH"):
    if var in os.environ:
        config.environment[var] = os.environ[var]  # noqa: F821

if shutil.which("mlir-opt-22") or os.path.exists("/usr/lib/llvm-22/bin/mlir-opt"):
    config.available_features.add("mlir-opt")  # noqa: F821
elif os.environ.get("CI"):
    # tests/run-all.sh installs mlir-22-tools: under CI a missing tool is an
    # error, not a quiet "unsupported".
    lit_config.fatal("mlir-opt-22 is missing: apt-get install mlir-22-tools")  # noqa: F821

# allo-import needs the `onnx` extra (torch-mlir, onnx); tests/run-all.sh
# installs it, so under CI its absence is an error too.
if all(importlib.util.find_spec(m) for m in ("onnx", "torch_mlir")):
    config.available_features.add("onnx")  # noqa: F821
elif os.environ.get("CI"):
    lit_config.fatal("the onnx extra is missing: pip install -e '.[onnx]'")  # noqa: F821
