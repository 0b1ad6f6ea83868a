func.func @f() -> ui32 {
  %c = arith.constant 4294967295 : ui32
  func.return %c : ui32
}
