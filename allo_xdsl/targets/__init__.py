"""Output targets: `mlir` (xDSL's printer) and `hls-cpp`."""

from __future__ import annotations

from collections.abc import Callable

from xdsl.utils.target import Target


def get_allo_targets() -> dict[str, Callable[[], type[Target]]]:
    def get_hls_cpp() -> type[Target]:
        from allo_xdsl.targets.hls_cpp import HLSCppTarget

        return HLSCppTarget

    return {"hls-cpp": get_hls_cpp}
