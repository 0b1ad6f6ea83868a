// The error contract: every user error is located, exits 1, no traceback.

// RUN: not allo-opt %S/Inputs/truncated.mlir 2>&1 | filecheck %s --check-prefix=TRUNC
// TRUNC: truncated.mlir:4:1: error: unexpected end of input in block definition
// TRUNC-NOT: Traceback

// RUN: not allo-opt %S/Inputs/unknown_op.mlir 2>&1 | filecheck %s --check-prefix=UNKOP
// UNKOP: unknown_op.mlir:2:{{[0-9]+}}: error: Operation foo.bar is not registered
// UNKOP-NOT: Traceback

// RUN: not allo-opt %S/Inputs/type_mismatch.mlir 2>&1 | filecheck %s --check-prefix=TYPE
// TYPE: type_mismatch.mlir:3:3: error: 'func.return' op Expected arguments to have the same types as the function output types

// RUN: not allo-opt %S/Inputs/does_not_exist.mlir 2>&1 | filecheck %s --check-prefix=MISSING
// MISSING: allo-opt: error: cannot read input file '{{.*}}does_not_exist.mlir': No such file or directory

// RUN: not allo-opt %S/Inputs/ok.mlir -p 'no-such-pass' 2>&1 | filecheck %s --check-prefix=PASS
// PASS: allo-opt: error: unknown pass 'no-such-pass'

// RUN: not allo-opt %S/Inputs/ok.mlir -p 'name-loops{bogus=1}' 2>&1 | filecheck %s --check-prefix=OPT
// OPT: allo-opt: error: bad options for pass 'name-loops'

// RUN: not allo-opt %S/Inputs/ok.mlir -p 'cse{' 2>&1 | filecheck %s --check-prefix=SPEC
// SPEC: allo-opt: error: invalid pass pipeline 'cse{'

// RUN: not allo-opt %S/Inputs/ok.mlir -t verilog-xyz 2>&1 | filecheck %s --check-prefix=TARGET
// TARGET: allo-opt: error: unknown target 'verilog-xyz'

// RUN: not allo-opt %S/Inputs/ok.mlir --no-such-flag 2>&1 | filecheck %s --check-prefix=FLAG
// FLAG: allo-opt: error: unrecognized arguments: --no-such-flag

// Nothing is written when the pipeline fails, and an old output survives.
// RUN: rm -f %t.out && not allo-opt %S/Inputs/type_mismatch.mlir -o %t.out && not test -e %t.out
// RUN: echo keep > %t.old && not allo-opt %S/Inputs/truncated.mlir -o %t.old && grep -q keep %t.old

// RUN: not allo-opt %S/Inputs/ok.mlir --pipeline %S/Inputs/malformed.yaml 2>&1 | filecheck %s --check-prefix=YAMLBAD
// YAMLBAD: malformed.yaml:4:1: error: malformed YAML
// YAMLBAD-NOT: Traceback

// RUN: not allo-opt %S/Inputs/ok.mlir --pipeline %S/Inputs/unknown_key.yaml 2>&1 | filecheck %s --check-prefix=YAMLKEY
// YAMLKEY: unknown_key.yaml:2:1: error: unknown key 'passs'; expected one of: version, description, include, schedule, templates, passes, target

// RUN: not allo-opt %S/Inputs/ok.mlir --pipeline %S/Inputs/bad_option.yaml 2>&1 | filecheck %s --check-prefix=YAMLOPT
// YAMLOPT: bad_option.yaml:2:25: error: bad options for pass 'arith-add-fastmath'

// RUN: not allo-opt %S/Inputs/ok.mlir --pipeline no-such-pipeline 2>&1 | filecheck %s --check-prefix=NOPIPE
// NOPIPE: allo-opt: error: no pipeline file 'no-such-pipeline'; unknown builtin pipeline 'no-such-pipeline'; existing builtin pipelines: {{.*}}fpga, mlir

// Errors raised while the parser builds types and maps are located too.
// RUN: not allo-opt %S/Inputs/unsigned_constant.mlir 2>&1 | filecheck %s --check-prefix=UCONST
// UCONST: unsigned_constant.mlir:2:3: error: Expected attribute #builtin.signedness<signless>
// RUN: not allo-opt %S/Inputs/semi_affine.mlir 2>&1 | filecheck %s --check-prefix=SEMI
// SEMI: semi_affine.mlir:3:5: error: not supported: Multiplication with non-constant (semi-affine)
