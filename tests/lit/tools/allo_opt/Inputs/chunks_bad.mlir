func.func @first() {
  func.return
}
// -----
func.func @second(%a: i32) -> f32 {
  %b = arith.addi %a, %a : i32
  func.return %b : i32
}
