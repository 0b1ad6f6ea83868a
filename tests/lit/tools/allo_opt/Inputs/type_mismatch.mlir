func.func @f(%a: i32) -> f32 {
  %b = arith.addi %a, %a : i32
  func.return %b : i32
}
