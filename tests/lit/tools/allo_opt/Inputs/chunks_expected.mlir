func.func @first() {
  func.return
}
// -----
func.func @second(%a: i32) -> f32 {
  %b = arith.addi %a, %a : i32
  // expected-error@+1 {{Expected arguments to have the same types as the function output types}}
  func.return %b : i32
}
