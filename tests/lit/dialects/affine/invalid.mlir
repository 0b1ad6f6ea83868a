// Every error of affine.if and affine.max: syntax (custom form) and
// verifier (also reached through the generic form).
// RUN: allo-opt %s --split-input-file --verify-diagnostics

func.func @f(%i: index) {
  // expected-error@+1 {{expected an integer set (affine_set<...>)}}
  affine.if affine_map<(d0) -> (d0)>(%i) {
  }
  return
}

// -----

func.func @f(%i: index) {
  // expected-error@+1 {{expected 2 dimension operands, got 1}}
  affine.if affine_set<(d0, d1) : (d0 - d1 >= 0)>(%i) {
  }
  return
}

// -----

func.func @f(%i: index) {
  // expected-error@+1 {{expected 1 symbol operands, got 0}}
  affine.if affine_set<(d0)[s0] : (d0 - s0 >= 0)>(%i) {
  }
  return
}

// -----

func.func @f(%i: index) {
  // expected-error@+1 {{'affine.if' op must have an else block if defining values}}
  %r = affine.if affine_set<(d0) : (d0 >= 0)>(%i) -> index {
    affine.yield %i : index
  }
  return
}

// -----

func.func @f(%i: index, %x: f32) {
  // expected-error@+1 {{'affine.if' op 'affine.yield' yields (f32) but the op returns (index)}}
  %r = affine.if affine_set<(d0) : (d0 >= 0)>(%i) -> index {
    affine.yield %x : f32
  } else {
    affine.yield %i : index
  }
  return
}

// -----

func.func @f(%i: index) {
  // expected-error@+1 {{'affine.if' op expects its regions to end with 'affine.yield'}}
  %r = affine.if affine_set<(d0) : (d0 >= 0)>(%i) -> index {
  } else {
    affine.yield %i : index
  }
  return
}

// -----

func.func @f(%i: index) {
  // expected-error@+1 {{'affine.if' op operand count and condition integer set dimension and symbol count must match}}
  "affine.if"(%i) <{condition = affine_set<(d0, d1) : (d0 - d1 >= 0)>}> ({
    "affine.yield"() : () -> ()
  }, {
  }) : (index) -> ()
  return
}

// -----

func.func @f(%i: index) {
  // expected-error@+1 {{'affine.if' op expects the else region to have at most one block}}
  "affine.if"(%i) <{condition = affine_set<(d0) : (d0 >= 0)>}> ({
    "affine.yield"() : () -> ()
  }, {
    "affine.yield"() : () -> ()
  ^bb1:
    "affine.yield"() : () -> ()
  }) : (index) -> ()
  return
}

// -----

func.func @f(%i: index) {
  // expected-error@+1 {{'affine.if' op expects its regions to have no arguments}}
  "affine.if"(%i) <{condition = affine_set<(d0) : (d0 >= 0)>}> ({
  ^bb0(%a: index):
    "affine.yield"() : () -> ()
  }, {
  }) : (index) -> ()
  return
}

// -----

func.func @f(%i: index) {
  // expected-error@+1 {{'affine.if' op expects its regions to end with 'affine.yield'}}
  "affine.if"(%i) <{condition = affine_set<(d0) : (d0 >= 0)>}> ({
    %c = arith.constant 0 : index
  }, {
  }) : (index) -> ()
  return
}

// -----

func.func @f(%i: index) {
  // expected-error@+1 {{expected an affine map}}
  %m = affine.max affine_set<(d0) : (d0 >= 0)>(%i)
  return
}

// -----

func.func @f(%i: index) {
  // expected-error@+1 {{expected 2 dimension operands, got 1}}
  %m = affine.max affine_map<(d0, d1) -> (d0, d1)>(%i)
  return
}

// -----

func.func @f(%i: index) {
  // expected-error@+1 {{'affine.max' op expects a map with at least one result}}
  %m = affine.max affine_map<(d0) -> ()>(%i)
  return
}

// -----

func.func @f(%i: index) {
  // expected-error@+1 {{'affine.max' op expects 1 operands (the dimensions and symbols of its map), got 2}}
  %m = "affine.max"(%i, %i) <{map = affine_map<(d0) -> (d0, 4)>}> : (index, index) -> index
  return
}
