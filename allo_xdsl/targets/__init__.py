"""Output targets: `mlir` (xDSL's printer), `hls-cpp`, `csim` (HLS C++ with a
test-bench `main`), `circt` (upstream MLIR for CIRCT and mlir-opt) and
`verilog` (SystemVerilog through CIRCT), `qor` and `qor-json` (the QoR
estimate of `allo_xdsl.qor`)."""

from __future__ import annotations

from collections.abc import Callable

from xdsl.utils.target import Target


def get_allo_targets() -> dict[str, Callable[[], type[Target]]]:
    def get_hls_cpp() -> type[Target]:
        from allo_xdsl.targets.hls_cpp import HLSCppTarget

        return HLSCppTarget

    def get_circt() -> type[Target]:
        from allo_xdsl.targets.circt import CirctTarget

        return CirctTarget

    def get_verilog() -> type[Target]:
        from allo_xdsl.targets.verilog import VerilogTarget

        return VerilogTarget

    def get_csim() -> type[Target]:
        from allo_xdsl.targets.csim import CSimTarget

        return CSimTarget

    def get_qor() -> type[Target]:
        from allo_xdsl.targets.qor import QorTarget

        return QorTarget

    def get_qor_json() -> type[Target]:
        from allo_xdsl.targets.qor import QorJsonTarget

        return QorJsonTarget

    def get_vitis_project() -> type[Target]:
        from allo_xdsl.targets.vitis_project import VitisProjectTarget

        return VitisProjectTarget

    return {
        "hls-cpp": get_hls_cpp,
        "qor": get_qor,
        "qor-json": get_qor_json,
        "csim": get_csim,
        "circt": get_circt,
        "verilog": get_verilog,
        "vitis-project": get_vitis_project,
    }
