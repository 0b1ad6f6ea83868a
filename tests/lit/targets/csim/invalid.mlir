// RUN: not allo-opt %s -t csim 2>&1 | filecheck %s
// RUN: not allo-opt %s -t 'csim{top=g}' 2>&1 | filecheck %s --check-prefix=UNKNOWN

// CHECK: allo-opt: error: csim target: name the top function (-t 'csim{top=NAME}'); uncalled functions: a, b
// UNKNOWN: error: unknown function 'g'; existing functions: a, b

func.func @a() {
  func.return
}
func.func @b() {
  func.return
}
