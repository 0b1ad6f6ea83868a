"""
The 13 PolyBench kernels of Allo's published designs, in MLIR, at any size.

`generate(kernel, sizes) -> str` prints one kernel as upstream MLIR (func,
affine, memref, arith, math; f32). The functions, their arguments and their
loops carry the names of Allo's published designs (see
the Allo PLDI'24 artifact and `README.md` here): `mm1`, `mm2`,
`ele_add` for 2mm, loops `i`, `j`, `k`, ... so that each `published.yaml`
names them as the design does. Where the published design passes an array
twice (one port per consuming stage, each partitioned its own way), the
kernel takes it twice (`A1`, `A2`); callers pass the same data.

    python examples/polybench/generate.py          # MEDIUM: <kernel>/kernel.mlir
    python examples/polybench/generate.py --small  # SMALL sizes, to stdout
    python examples/polybench/generate.py --small --kernel gemm
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

HERE = Path(__file__).parent

MEDIUM: dict[str, dict[str, int]] = {
    "2mm": {"NI": 180, "NJ": 190, "NK": 210, "NL": 220},
    "3mm": {"NI": 180, "NJ": 190, "NK": 200, "NL": 210, "NM": 220},
    "atax": {"M": 390, "N": 410},
    "bicg": {"M": 390, "N": 410},
    "correlation": {"M": 240, "N": 260},
    "gemm": {"NI": 200, "NJ": 220, "NK": 240},
    "gesummv": {"N": 250},
    "jacobi-2d": {"TSTEPS": 100, "N": 250},
    "mvt": {"N": 400},
    "symm": {"M": 200, "N": 240},
    "syr2k": {"M": 200, "N": 240},
    "syrk": {"M": 200, "N": 240},
    "trmm": {"M": 200, "N": 240},
}
"""PolyBench 4.2.1 MEDIUM, the sizes of the published designs."""

SMALL: dict[str, dict[str, int]] = {
    "2mm": {"NI": 18, "NJ": 19, "NK": 21, "NL": 22},
    "3mm": {"NI": 18, "NJ": 19, "NK": 20, "NL": 21, "NM": 22},
    "atax": {"M": 39, "N": 41},
    "bicg": {"M": 39, "N": 41},
    "correlation": {"M": 24, "N": 26},
    "gemm": {"NI": 20, "NJ": 22, "NK": 24},
    "gesummv": {"N": 25},
    "jacobi-2d": {"TSTEPS": 3, "N": 25},
    "mvt": {"N": 40},
    "symm": {"M": 20, "N": 24},
    "syr2k": {"M": 20, "N": 24},
    "syrk": {"M": 20, "N": 24},
    "trmm": {"M": 20, "N": 24},
}
"""MEDIUM scaled down about 10x for the tests: every factor of a
`published.yaml` divides both (symm's unroll and cyclic factor 24 divides N)."""

KERNELS = tuple(MEDIUM)


def mem(*dims: int) -> str:
    return "memref<" + "x".join(str(d) for d in dims) + "xf32>"


def f32(value: float) -> str:
    return f"arith.constant {value!r} : f32"


def _sig(params: Mapping[str, str]) -> str:
    return ", ".join(f"%{name}: {t}" for name, t in params.items())


def _call(callee: str, args: Mapping[str, str]) -> str:
    operands = ", ".join(f"%{a}" for a in args)
    types = ", ".join(args.values())
    return f"  func.call @{callee}({operands}) : ({types}) -> ()"


def _func(name: str, params: Mapping[str, str], body: str) -> str:
    return f"func.func @{name}({_sig(params)}) {{\n{body.rstrip()}\n  return\n}}\n"


def _matmul(name: str, a: str, b: str, out: str, p: int, q: int, r: int) -> str:
    """
    `out = a * b` (p x r times r x q), Allo's mm: each row zeroed, then
    `out[i][j] += a[i][k] * b[k][j]` over j, k."""
    ta, tb, to = mem(p, r), mem(r, q), mem(p, q)
    body = f"""  %zero = {f32(0.0)}
  affine.for %i = 0 to {p} {{
    affine.for %j_zero = 0 to {q} {{
      affine.store %zero, %{out}[%i, %j_zero] : {to}
    }}
    affine.for %j = 0 to {q} {{
      affine.for %k = 0 to {r} {{
        %a = affine.load %{a}[%i, %k] : {ta}
        %b = affine.load %{b}[%k, %j] : {tb}
        %c = affine.load %{out}[%i, %j] : {to}
        %p = arith.mulf %a, %b : f32
        %s = arith.addf %c, %p : f32
        affine.store %s, %{out}[%i, %j] : {to}
      }}
    }}
  }}"""
    return _func(name, {a: ta, b: tb, out: to}, body)


def _ele_add(name: str, x: str, y: str, cx: float, cy: float, p: int, q: int) -> str:
    """`out[i][j] = cx * x[i][j] + cy * y[i][j]`."""
    t = mem(p, q)
    # A factor 1 (gemm's alpha) is left out, as in the published C++.
    scale_x, sx = "%sx = arith.mulf %cx, %x : f32", "%sx"
    if cx == 1.0:
        scale_x, sx = "", "%x"
    body = f"""  %cx = {f32(cx)}
  %cy = {f32(cy)}
  affine.for %i = 0 to {p} {{
    affine.for %j = 0 to {q} {{
      %x = affine.load %{x}[%i, %j] : {t}
      %y = affine.load %{y}[%i, %j] : {t}
      {scale_x}
      %sy = arith.mulf %cy, %y : f32
      %s = arith.addf {sx}, %sy : f32
      affine.store %s, %out[%i, %j] : {t}
    }}
  }}"""
    return _func(name, {x: t, y: t, "out": t}, body)


def k2mm(NI: int, NJ: int, NK: int, NL: int) -> str:
    """Allo's 2mm: out = 0.5 * (A B) C + 0.1 * D."""
    args = {"A": mem(NI, NK), "B": mem(NK, NJ), "C": mem(NJ, NL)}
    args |= {"D": mem(NI, NL), "out": mem(NI, NL)}
    top = f"""  %T = memref.alloc() : {mem(NI, NJ)}
  %U = memref.alloc() : {mem(NI, NL)}
{_call("mm1", {"A": args["A"], "B": args["B"], "T": mem(NI, NJ)})}
{_call("mm2", {"T": mem(NI, NJ), "C": args["C"], "U": mem(NI, NL)})}
{_call("ele_add", {"U": mem(NI, NL), "D": args["D"], "out": args["out"]})}"""
    return "\n".join(
        [
            _matmul("mm1", "A", "B", "T", NI, NJ, NK),
            _matmul("mm2", "T", "C", "U", NI, NL, NJ),
            _ele_add("ele_add", "U", "D", 0.5, 0.1, NI, NL),
            _func("kernel_2mm", args, top),
        ]
    )


def k3mm(NI: int, NJ: int, NK: int, NL: int, NM: int) -> str:
    """G = (A B) (C D)."""
    args = {"A": mem(NI, NK), "B": mem(NK, NJ), "C": mem(NJ, NM)}
    args |= {"D": mem(NM, NL), "G": mem(NI, NL)}
    tE, tF = mem(NI, NJ), mem(NJ, NL)
    top = f"""  %E = memref.alloc() : {tE}
  %F = memref.alloc() : {tF}
{_call("mm1", {"A": args["A"], "B": args["B"], "E": tE})}
{_call("mm2", {"C": args["C"], "D": args["D"], "F": tF})}
{_call("mm3", {"E": tE, "F": tF, "G": args["G"]})}"""
    return "\n".join(
        [
            _matmul("mm1", "A", "B", "E", NI, NJ, NK),
            _matmul("mm2", "C", "D", "F", NJ, NL, NM),
            _matmul("mm3", "E", "F", "G", NI, NL, NJ),
            _func("kernel_3mm", args, top),
        ]
    )


def _zero_loop(name: str, buf: str, n: int, indent: str = "  ") -> str:
    return (
        f"{indent}affine.for %{name} = 0 to {n} {{\n"
        f"{indent}  affine.store %zero, %{buf}[%{name}] : {mem(n)}\n"
        f"{indent}}}"
    )


def katax(M: int, N: int) -> str:
    """y = A^T (A x); A (M x N) is passed once per stage."""
    tA = mem(M, N)
    stage_m = f"""  affine.for %i = 0 to {M} {{
    affine.for %j = 0 to {N} {{
      %a = affine.load %A[%i, %j] : {tA}
      %xj = affine.load %x[%j] : {mem(N)}
      %ti = affine.load %t[%i] : {mem(M)}
      %p = arith.mulf %a, %xj : f32
      %s = arith.addf %ti, %p : f32
      affine.store %s, %t[%i] : {mem(M)}
    }}
  }}"""
    stage_n = f"""  affine.for %i = 0 to {M} {{
    affine.for %j = 0 to {N} {{
      %a = affine.load %A[%i, %j] : {tA}
      %ti = affine.load %t[%i] : {mem(M)}
      %yj = affine.load %y[%j] : {mem(N)}
      %p = arith.mulf %a, %ti : f32
      %s = arith.addf %yj, %p : f32
      affine.store %s, %y[%j] : {mem(N)}
    }}
  }}"""
    args = {"A1": tA, "A2": tA, "x": mem(N), "y": mem(N)}
    top = f"""  %zero = {f32(0.0)}
  %t = memref.alloc() : {mem(M)}
{_zero_loop("i", "t", M)}
{_zero_loop("j", "y", N)}
{_call("stage_M", {"A1": tA, "x": mem(N), "t": mem(M)})}
{_call("stage_N", {"A2": tA, "t": mem(M), "y": mem(N)})}"""
    return "\n".join(
        [
            _func("stage_M", {"A": tA, "x": mem(N), "t": mem(M)}, stage_m),
            _func("stage_N", {"A": tA, "t": mem(M), "y": mem(N)}, stage_n),
            _func("kernel_atax", args, top),
        ]
    )


def kbicg(M: int, N: int) -> str:
    """s = A^T r and q = A p; A (N x M) is passed once per stage."""
    tA = mem(N, M)
    stage_s = f"""  %zero = {f32(0.0)}
{_zero_loop("j_zero", "s", M)}
  affine.for %i = 0 to {N} {{
    affine.for %j = 0 to {M} {{
      %ri = affine.load %r[%i] : {mem(N)}
      %a = affine.load %A[%i, %j] : {tA}
      %sj = affine.load %s[%j] : {mem(M)}
      %m = arith.mulf %ri, %a : f32
      %n = arith.addf %sj, %m : f32
      affine.store %n, %s[%j] : {mem(M)}
    }}
  }}"""
    stage_q = f"""  %zero = {f32(0.0)}
{_zero_loop("i_zero", "q", N)}
  affine.for %i = 0 to {N} {{
    affine.for %j = 0 to {M} {{
      %a = affine.load %A[%i, %j] : {tA}
      %pj = affine.load %p[%j] : {mem(M)}
      %qi = affine.load %q[%i] : {mem(N)}
      %m = arith.mulf %a, %pj : f32
      %n = arith.addf %qi, %m : f32
      affine.store %n, %q[%i] : {mem(N)}
    }}
  }}"""
    args = {"A1": tA, "A2": tA, "p": mem(M), "r": mem(N), "s": mem(M), "q": mem(N)}
    top = f"""{_call("stageS", {"A1": tA, "r": mem(N), "s": mem(M)})}
{_call("stageQ", {"A2": tA, "p": mem(M), "q": mem(N)})}"""
    return "\n".join(
        [
            _func("stageS", {"A": tA, "r": mem(N), "s": mem(M)}, stage_s),
            _func("stageQ", {"A": tA, "p": mem(M), "q": mem(N)}, stage_q),
            _func("kernel_bicg", args, top),
        ]
    )


def kcorrelation(M: int, N: int) -> str:
    """
    PolyBench correlation of data (N rows, M columns) in four stages; the
    data are passed once per stage that reads them."""
    tD, tV, tC = mem(N, M), mem(M), mem(M, M)
    mean = f"""  %zero = {f32(0.0)}
  %fn = {f32(float(N))}
  affine.for %c = 0 to {M} {{
    %sum = affine.for %r = 0 to {N} iter_args(%acc = %zero) -> (f32) {{
      %d = affine.load %data[%r, %c] : {tD}
      %n = arith.addf %acc, %d : f32
      affine.yield %n : f32
    }}
    %m = arith.divf %sum, %fn : f32
    affine.store %m, %mean[%c] : {tV}
  }}"""
    std = f"""  %zero = {f32(0.0)}
  %one = {f32(1.0)}
  %eps = {f32(0.1)}
  %fn = {f32(float(N))}
  affine.for %c = 0 to {M} {{
    %m = affine.load %mean[%c] : {tV}
    affine.store %m, %mean_out[%c] : {tV}
    %sum = affine.for %r = 0 to {N} iter_args(%acc = %zero) -> (f32) {{
      %d = affine.load %data[%r, %c] : {tD}
      %e = arith.subf %d, %m : f32
      %sq = arith.mulf %e, %e : f32
      %n = arith.addf %acc, %sq : f32
      affine.yield %n : f32
    }}
    %v = arith.divf %sum, %fn : f32
    %sd = math.sqrt %v : f32
    %small = arith.cmpf ole, %sd, %eps : f32
    %s = arith.select %small, %one, %sd : f32
    affine.store %s, %stddev[%c] : {tV}
  }}"""
    center = f"""  %fn = {f32(float(N))}
  %sqrt_n = math.sqrt %fn : f32
  affine.for %r = 0 to {N} {{
    affine.for %c = 0 to {M} {{
      %d = affine.load %data[%r, %c] : {tD}
      %m = affine.load %mean[%c] : {tV}
      %s = affine.load %stddev[%c] : {tV}
      %e = arith.subf %d, %m : f32
      %w = arith.mulf %sqrt_n, %s : f32
      %q = arith.divf %e, %w : f32
      affine.store %q, %cen[%r, %c] : {tD}
    }}
  }}"""
    corr = f"""  %zero = {f32(0.0)}
  %one = {f32(1.0)}
  affine.for %i = 0 to {M - 1} {{
    affine.store %one, %corr[%i, %i] : {tC}
    affine.for %j = affine_map<(d0) -> (d0 + 1)>(%i) to {M} {{
      %sum = affine.for %k = 0 to {N} iter_args(%acc = %zero) -> (f32) {{
        %a = affine.load %cen[%k, %i] : {tD}
        %b = affine.load %cen[%k, %j] : {tD}
        %p = arith.mulf %a, %b : f32
        %n = arith.addf %acc, %p : f32
        affine.yield %n : f32
      }}
      affine.store %sum, %corr[%i, %j] : {tC}
      affine.store %sum, %corr[%j, %i] : {tC}
    }}
  }}
  affine.store %one, %corr[{M - 1}, {M - 1}] : {tC}"""
    args = {"data1": tD, "data2": tD, "data3": tD, "corr": tC}
    top = f"""  %mean = memref.alloc() : {tV}
  %mean2 = memref.alloc() : {tV}
  %stddev = memref.alloc() : {tV}
  %cen = memref.alloc() : {tD}
{_call("kernel_mean", {"data1": tD, "mean": tV})}
{_call("kernel_std", {"data2": tD, "mean": tV, "mean2": tV, "stddev": tV})}
{_call("kernel_center", {"data3": tD, "mean2": tV, "stddev": tV, "cen": tD})}
{_call("kernel_corr", {"cen": tD, "corr": tC})}"""
    std_params = {"data": tD, "mean": tV, "mean_out": tV, "stddev": tV}
    center_params = {"data": tD, "mean": tV, "stddev": tV, "cen": tD}
    return "\n".join(
        [
            _func("kernel_mean", {"data": tD, "mean": tV}, mean),
            _func("kernel_std", std_params, std),
            _func("kernel_center", center_params, center),
            _func("kernel_corr", {"cen": tD, "corr": tC}, corr),
            _func("kernel_correlation", args, top),
        ]
    )


def kgemm(NI: int, NJ: int, NK: int) -> str:
    """Allo's gemm: out = A B + 0.1 C (alpha = 1, beta = 0.1)."""
    args = {"A": mem(NI, NK), "B": mem(NK, NJ), "C": mem(NI, NJ), "out": mem(NI, NJ)}
    tT = mem(NI, NJ)
    top = f"""  %T = memref.alloc() : {tT}
{_call("mm1", {"A": args["A"], "B": args["B"], "T": tT})}
{_call("ele_add", {"T": tT, "C": args["C"], "out": args["out"]})}"""
    return "\n".join(
        [
            _matmul("mm1", "A", "B", "T", NI, NJ, NK),
            _ele_add("ele_add", "T", "C", 1.0, 0.1, NI, NJ),
            _func("kernel_gemm", args, top),
        ]
    )


def kgesummv(N: int) -> str:
    """
    out = 0.1 A x + 0.1 B x; compute_tmp accumulates in local vectors and
    hands both products to compute_y."""
    tA, tV = mem(N, N), mem(N)
    compute_tmp = f"""  %zero = {f32(0.0)}
  %tmp_acc = memref.alloc() : {tV}
  %y_acc = memref.alloc() : {tV}
  affine.for %i_init = 0 to {N} {{
    affine.store %zero, %tmp_acc[%i_init] : {tV}
    affine.store %zero, %y_acc[%i_init] : {tV}
  }}
  affine.for %i = 0 to {N} {{
    affine.for %j = 0 to {N} {{
      %xj = affine.load %x[%j] : {tV}
      %a = affine.load %A[%i, %j] : {tA}
      %t = affine.load %tmp_acc[%i] : {tV}
      %pa = arith.mulf %a, %xj : f32
      %nt = arith.addf %t, %pa : f32
      affine.store %nt, %tmp_acc[%i] : {tV}
      %b = affine.load %B[%i, %j] : {tA}
      %ya = affine.load %y_acc[%i] : {tV}
      %pb = arith.mulf %b, %xj : f32
      %ny = arith.addf %ya, %pb : f32
      affine.store %ny, %y_acc[%i] : {tV}
    }}
  }}
  affine.for %i_store = 0 to {N} {{
    %t = affine.load %tmp_acc[%i_store] : {tV}
    affine.store %t, %tmp[%i_store] : {tV}
    %yi = affine.load %y_acc[%i_store] : {tV}
    affine.store %yi, %y[%i_store] : {tV}
  }}"""
    compute_y = f"""  %alpha = {f32(0.1)}
  %beta = {f32(0.1)}
  affine.for %i = 0 to {N} {{
    %t = affine.load %tmp[%i] : {tV}
    %yi = affine.load %y[%i] : {tV}
    %a = arith.mulf %alpha, %t : f32
    %b = arith.mulf %beta, %yi : f32
    %s = arith.addf %a, %b : f32
    affine.store %s, %out[%i] : {tV}
  }}"""
    args = {"A": tA, "B": tA, "x": tV, "out": tV}
    top = f"""  %tmp = memref.alloc() : {tV}
  %y = memref.alloc() : {tV}
{_call("compute_tmp", {"A": tA, "B": tA, "x": tV, "tmp": tV, "y": tV})}
{_call("compute_y", {"tmp": tV, "y": tV, "out": tV})}"""
    tmp_params = {"A": tA, "B": tA, "x": tV, "tmp": tV, "y": tV}
    return "\n".join(
        [
            _func("compute_tmp", tmp_params, compute_tmp),
            _func("compute_y", {"tmp": tV, "y": tV, "out": tV}, compute_y),
            _func("kernel_gesummv", args, top),
        ]
    )


def _jacobi_sweep(name: str, src: str, dst: str, N: int) -> str:
    t = mem(N, N)
    body = f"""  %c = {f32(0.2)}
  affine.for %i = 1 to {N - 1} {{
    affine.for %j = 1 to {N - 1} {{
      %a0 = affine.load %{src}[%i, %j] : {t}
      %a1 = affine.load %{src}[%i, %j - 1] : {t}
      %a2 = affine.load %{src}[%i, %j + 1] : {t}
      %a3 = affine.load %{src}[%i + 1, %j] : {t}
      %a4 = affine.load %{src}[%i - 1, %j] : {t}
      %s1 = arith.addf %a0, %a1 : f32
      %s2 = arith.addf %s1, %a2 : f32
      %s3 = arith.addf %s2, %a3 : f32
      %s4 = arith.addf %s3, %a4 : f32
      %v = arith.mulf %c, %s4 : f32
      affine.store %v, %{dst}[%i, %j] : {t}
    }}
  }}"""
    return _func(name, {src: t, dst: t}, body)


def kjacobi_2d(TSTEPS: int, N: int) -> str:
    """TSTEPS time steps of the 5-point Jacobi stencil, two sweeps each."""
    t = mem(N, N)
    top = f"""  affine.for %t = 0 to {TSTEPS} {{
  {_call("compute_B", {"A": t, "B": t})}
  {_call("compute_A", {"B": t, "A": t})}
  }}"""
    return "\n".join(
        [
            _jacobi_sweep("compute_B", "A", "B", N),
            _jacobi_sweep("compute_A", "B", "A", N),
            _func("kernel_jacobi_2d", {"A": t, "B": t}, top),
        ]
    )


def _mvt_stage(name: str, y: str, x: str, transposed: bool, N: int) -> str:
    t = mem(N, N)
    sub = "%j, %i" if transposed else "%i, %j"
    body = f"""  affine.for %i = 0 to {N} {{
    %init = affine.load %{x}[%i] : {mem(N)}
    %sum = affine.for %j = 0 to {N} iter_args(%acc = %init) -> (f32) {{
      %a = affine.load %A[{sub}] : {t}
      %y = affine.load %{y}[%j] : {mem(N)}
      %p = arith.mulf %a, %y : f32
      %n = arith.addf %acc, %p : f32
      affine.yield %n : f32
    }}
    affine.store %sum, %{x}_out[%i] : {mem(N)}
  }}"""
    v = mem(N)
    return _func(name, {"A": t, y: v, x: v, f"{x}_out": v}, body)


def kmvt(N: int) -> str:
    """x1_out = x1 + A y1 and x2_out = x2 + A^T y2, two independent stages."""
    t, v = mem(N, N), mem(N)
    args = {"A1": t, "A2": t, "x1": v, "x2": v, "y1": v, "y2": v}
    args |= {"x1_out": v, "x2_out": v}
    top = f"""{_call("stageA", {"A1": t, "y1": v, "x1": v, "x1_out": v})}
{_call("stageB", {"A2": t, "y2": v, "x2": v, "x2_out": v})}"""
    return "\n".join(
        [
            _mvt_stage("stageA", "y1", "x1", False, N),
            _mvt_stage("stageB", "y2", "x2", True, N),
            _func("kernel_mvt", args, top),
        ]
    )


def ksymm(M: int, N: int) -> str:
    """
    PolyBench symm (alpha 1.5, beta 1.2) as Allo's two stages: S = the
    temp2 sums, then the updates of C."""
    tA, tB = mem(M, M), mem(M, N)
    compute_sum = f"""  %zero = {f32(0.0)}
  affine.for %i = 0 to {M} {{
    affine.for %j_zero = 0 to {N} {{
      affine.store %zero, %S[%i, %j_zero] : {tB}
    }}
    affine.for %k = 0 to {M} {{
      affine.for %j = 0 to {N} {{
        affine.if affine_set<(d0, d1) : (d0 - d1 - 1 >= 0)>(%i, %k) {{
          %b = affine.load %B[%k, %j] : {tB}
          %a = affine.load %A[%i, %k] : {tA}
          %s = affine.load %S[%i, %j] : {tB}
          %p = arith.mulf %b, %a : f32
          %n = arith.addf %s, %p : f32
          affine.store %n, %S[%i, %j] : {tB}
        }}
      }}
    }}
  }}"""
    update_c = f"""  %alpha = {f32(1.5)}
  %beta = {f32(1.2)}
  affine.for %i = 0 to {M} {{
    affine.for %k = 0 to affine_map<(d0) -> (d0)>(%i) {{
      affine.for %j = 0 to {N} {{
        %b = affine.load %B[%i, %j] : {tB}
        %a = affine.load %A[%i, %k] : {tA}
        %c = affine.load %C[%k, %j] : {tB}
        %ab = arith.mulf %alpha, %b : f32
        %p = arith.mulf %ab, %a : f32
        %n = arith.addf %c, %p : f32
        affine.store %n, %C[%k, %j] : {tB}
      }}
    }}
    affine.for %j_diag = 0 to {N} {{
      %c = affine.load %C[%i, %j_diag] : {tB}
      %b = affine.load %B[%i, %j_diag] : {tB}
      %a = affine.load %A[%i, %i] : {tA}
      %s = affine.load %S[%i, %j_diag] : {tB}
      %bc = arith.mulf %beta, %c : f32
      %ab = arith.mulf %alpha, %b : f32
      %aba = arith.mulf %ab, %a : f32
      %as = arith.mulf %alpha, %s : f32
      %t = arith.addf %bc, %aba : f32
      %n = arith.addf %t, %as : f32
      affine.store %n, %C[%i, %j_diag] : {tB}
    }}
  }}"""
    args = {"A1": tA, "A2": tA, "B1": tB, "B2": tB, "C": tB}
    top = f"""  %S = memref.alloc() : {tB}
{_call("compute_sum", {"A1": tA, "B1": tB, "S": tB})}
{_call("update_C", {"A2": tA, "B2": tB, "S": tB, "C": tB})}"""
    return "\n".join(
        [
            _func("compute_sum", {"A": tA, "B": tB, "S": tB}, compute_sum),
            _func("update_C", {"A": tA, "B": tB, "S": tB, "C": tB}, update_c),
            _func("kernel_symm", args, top),
        ]
    )


def _update_c(N: int) -> str:
    """Cs = C scaled by beta = 1.2 on and below the diagonal."""
    t = mem(N, N)
    body = f"""  %beta = {f32(1.2)}
  affine.for %i = 0 to {N} {{
    affine.for %j = 0 to {N} {{
      %c = affine.load %C[%i, %j] : {t}
      %bc = arith.mulf %beta, %c : f32
      %lower = arith.cmpi sle, %j, %i : index
      %v = arith.select %lower, %bc, %c : f32
      affine.store %v, %Cs[%i, %j] : {t}
    }}
  }}"""
    return _func("update_C", {"C": t, "Cs": t}, body)


def _buffered_sum(params: Mapping[str, str], N: int, M: int, update: str) -> str:
    """compute_sum: buf = Cs; for i, k, j (j <= i): `update`; out = buf."""
    t = mem(N, N)
    body = f"""  %alpha = {f32(1.5)}
  %buf = memref.alloc() : {t}
  affine.for %i_load = 0 to {N} {{
    affine.for %j_load = 0 to {N} {{
      %c = affine.load %Cs[%i_load, %j_load] : {t}
      affine.store %c, %buf[%i_load, %j_load] : {t}
    }}
  }}
  affine.for %i = 0 to {N} {{
    affine.for %k = 0 to {M} {{
      affine.for %j = 0 to {N} {{
        affine.if affine_set<(d0, d1) : (d0 - d1 >= 0)>(%i, %j) {{
{update.rstrip()}
        }}
      }}
    }}
  }}
  affine.for %i_store = 0 to {N} {{
    affine.for %j_store = 0 to {N} {{
      %c = affine.load %buf[%i_store, %j_store] : {t}
      affine.store %c, %out[%i_store, %j_store] : {t}
    }}
  }}"""
    return _func("compute_sum", params, body)


def ksyr2k(M: int, N: int) -> str:
    """
    PolyBench syr2k (alpha 1.5, beta 1.2) on the lower triangle; A1 and B1
    are the copies read as A[j][k] and B[j][k]."""
    t, tA = mem(N, N), mem(N, M)
    update = f"""          %a1 = affine.load %A1[%j, %k] : {tA}
          %b2 = affine.load %B2[%i, %k] : {tA}
          %b1 = affine.load %B1[%j, %k] : {tA}
          %a2 = affine.load %A2[%i, %k] : {tA}
          %x1 = arith.mulf %a1, %alpha : f32
          %p1 = arith.mulf %x1, %b2 : f32
          %x2 = arith.mulf %b1, %alpha : f32
          %p2 = arith.mulf %x2, %a2 : f32
          %p = arith.addf %p1, %p2 : f32
          %c = affine.load %buf[%i, %j] : {t}
          %n = arith.addf %c, %p : f32
          affine.store %n, %buf[%i, %j] : {t}"""
    params = {"A1": tA, "A2": tA, "B1": tA, "B2": tA, "Cs": t, "out": t}
    args = {"A1": tA, "A2": tA, "B1": tA, "B2": tA, "C": t, "out": t}
    top = f"""  %Cs = memref.alloc() : {t}
{_call("update_C", {"C": t, "Cs": t})}
{_call("compute_sum", params)}"""
    return "\n".join(
        [
            _update_c(N),
            _buffered_sum(params, N, M, update),
            _func("kernel_syr2k", args, top),
        ]
    )


def ksyrk(M: int, N: int) -> str:
    """
    PolyBench syrk (alpha 1.5, beta 1.2) on the lower triangle; A1 is the
    copy read as A[j][k]."""
    t, tA = mem(N, N), mem(N, M)
    update = f"""          %a2 = affine.load %A2[%i, %k] : {tA}
          %a1 = affine.load %A1[%j, %k] : {tA}
          %x = arith.mulf %alpha, %a2 : f32
          %p = arith.mulf %x, %a1 : f32
          %c = affine.load %buf[%i, %j] : {t}
          %n = arith.addf %c, %p : f32
          affine.store %n, %buf[%i, %j] : {t}"""
    params = {"A1": tA, "A2": tA, "Cs": t, "out": t}
    args = {"A1": tA, "A2": tA, "C": t, "out": t}
    top = f"""  %Cs = memref.alloc() : {t}
{_call("update_C", {"C": t, "Cs": t})}
{_call("compute_sum", params)}"""
    return "\n".join(
        [
            _update_c(N),
            _buffered_sum(params, N, M, update),
            _func("kernel_syrk", args, top),
        ]
    )


def ktrmm(M: int, N: int) -> str:
    """
    PolyBench trmm (alpha 1.5): S0 adds to each row i of B the sum over
    k > i of A[k][i] B[k][j], through a row buffer; S1 scales B."""
    tA, tB, tR = mem(M, M), mem(M, N), mem(N)
    s0 = f"""  %zero = {f32(0.0)}
  %buf = memref.alloc() : {tR}
  affine.for %i = 0 to {M} {{
    affine.for %j_zero = 0 to {N} {{
      affine.store %zero, %buf[%j_zero] : {tR}
    }}
    affine.for %k = 0 to {M} {{
      affine.for %j = 0 to {N} {{
        affine.if affine_set<(d0, d1) : (d1 - d0 - 1 >= 0)>(%i, %k) {{
          %a = affine.load %A[%k, %i] : {tA}
          %b = affine.load %B[%k, %j] : {tB}
          %s = affine.load %buf[%j] : {tR}
          %p = arith.mulf %a, %b : f32
          %n = arith.addf %s, %p : f32
          affine.store %n, %buf[%j] : {tR}
        }}
      }}
    }}
    affine.for %j_back = 0 to {N} {{
      %s = affine.load %buf[%j_back] : {tR}
      %b = affine.load %B[%i, %j_back] : {tB}
      %n = arith.addf %b, %s : f32
      affine.store %n, %B[%i, %j_back] : {tB}
    }}
  }}"""
    s1 = f"""  %alpha = {f32(1.5)}
  affine.for %i = 0 to {M} {{
    affine.for %j = 0 to {N} {{
      %b = affine.load %B[%i, %j] : {tB}
      %n = arith.mulf %alpha, %b : f32
      affine.store %n, %B[%i, %j] : {tB}
    }}
  }}"""
    top = f"""{_call("S0", {"A": tA, "B": tB})}
{_call("S1", {"B": tB})}"""
    return "\n".join(
        [
            _func("S0", {"A": tA, "B": tB}, s0),
            _func("S1", {"B": tB}, s1),
            _func("kernel_trmm", {"A": tA, "B": tB}, top),
        ]
    )


TEMPLATES: dict[str, Callable[..., str]] = {
    "2mm": k2mm,
    "3mm": k3mm,
    "atax": katax,
    "bicg": kbicg,
    "correlation": kcorrelation,
    "gemm": kgemm,
    "gesummv": kgesummv,
    "jacobi-2d": kjacobi_2d,
    "mvt": kmvt,
    "symm": ksymm,
    "syr2k": ksyr2k,
    "syrk": ksyrk,
    "trmm": ktrmm,
}

TOPS = {k: "kernel_" + k.replace("-", "_") for k in KERNELS}
"""The top function of each kernel."""


def generate(kernel: str, sizes: Mapping[str, int] | None = None) -> str:
    """The MLIR text of `kernel` at `sizes` (default MEDIUM)."""
    sizes = MEDIUM[kernel] if sizes is None else sizes
    header = ", ".join(f"{k}={v}" for k, v in sizes.items())
    text = re.sub(r"\n +\n", "\n", TEMPLATES[kernel](**sizes))
    origin = "examples/polybench/generate.py"
    return f"// PolyBench {kernel} ({header}), by {origin}.\n{text}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="SMALL sizes, to stdout")
    parser.add_argument("--kernel", choices=KERNELS, action="append")
    args = parser.parse_args(argv)
    for kernel in args.kernel or KERNELS:
        if args.small:
            sys.stdout.write(generate(kernel, SMALL[kernel]))
            continue
        (HERE / kernel).mkdir(exist_ok=True)
        (HERE / kernel / "kernel.mlir").write_text(generate(kernel))
    return 0


if __name__ == "__main__":
    sys.exit(main())
