// The order check also runs after the standalone passes, here on a stream
// between two callees (Inputs/callees.mlir: @pc calls @producer, then
// @consumer, through the buffer B).
// RUN: not allo-opt %S/Inputs/callees.mlir -p 'buffer-to-stream{func="pc" buffer="B"},loop-reorder{func="consumer" loops=y,x}' 2>&1 | filecheck %s --check-prefix=REORDER
// RUN: not allo-opt %S/Inputs/callees.mlir -p 'buffer-to-stream{func="pc" buffer="B"},loop-tile{func="producer" loops=i,j factors=2,2}' 2>&1 | filecheck %s --check-prefix=TILE
// RUN: not allo-opt %S/Inputs/callees.mlir -p 'buffer-to-stream{func="pc" buffer="B"},loop-parallel{func="consumer" loop="y"}' 2>&1 | filecheck %s --check-prefix=PARALLEL
// RUN: allo-opt %S/Inputs/callees.mlir -p 'buffer-to-stream{func="pc" buffer="B"},loop-split{func="consumer" loop="y" factor=2},loop-fuse{func="producer" loops=i,j}' | filecheck %s --check-prefix=LEGAL

// REORDER: callees.mlir:13:7: error: 'reorder' would break stream 'B' of 'pc': '@consumer' would read it in loop order (y, x), but '@producer' writes it in loop order (i, j): at y = 0, x = 1 it reads B[1, 0] where the stream delivers B[0, 1]
// TILE: callees.mlir:13:7: error: 'tile' would break stream 'B' of 'pc': '@consumer' would read it in loop order (x, y), but '@producer' writes it in loop order (i.outer, j.outer, i.inner, j.inner): at x = 0, y = 2 it reads B[0, 2] where the stream delivers B[1, 0]
// PARALLEL: callees.mlir:12:5: error: after 'parallel', loop 'y' of 'consumer' is parallel (fpga.parallel) and reads stream 'B'
// LEGAL: fpga.stream_put %B, %a element [%i_j_fused floordiv 4, %i_j_fused mod 4]
// LEGAL: %b = fpga.stream_get %B element [%x, %y_outer * 2 + %y_inner]
