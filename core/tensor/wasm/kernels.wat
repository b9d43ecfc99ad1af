;; The WebAssembly SIMD128 kernels of the tensor engine (the fast backend). Built by
;; scripts/build-wasm.mjs (wabt) into kernels-wasm.ts, which is committed; a test rebuilds this file
;; and compares the bytes. Every kernel has a plain TypeScript reference in core/tensor/kernels/.
;;
;; Memory: bytes [0, 1024) belong to the kernels (gemm spills one partial 4×8 tile at byte 0 and
;; keeps a tile's float64 sums at byte 256, both from $scratch, which each thread of the shared
;; variant moves); the TypeScript side (runtime.ts) places operands from byte 1024 on (after the
;; threads' scratch and programs in the shared variant) and grows the memory itself. Pointers and strides are in BYTES; counts are in
;; elements. The gemm sums runs of at most 64 products in float32 (f32x4 lanes) and adds those in
;; float64, so its results differ from the float64-accumulating reference by the float32 rounding
;; of 64 terms at most, whatever k; the bias gradients sum in float64.
(module
  (memory (export "memory") 1)
  ;; Where this instance's 1024 scratch bytes start (0 here; each thread of the shared-memory
  ;; variant imports its own, see scripts/build-wasm.mjs).
  (global $scratch i32 (i32.const 0))

  ;; C[m×n] (row stride ldc elements) += op(A)[m×k] · B[k×n].
  ;; Element (i, p) of op(A) is at a + i·aRS + p·aCS, so A, Aᵀ (and any strided view) are one
  ;; kernel; row p of B is contiguous at b + p·bRS. `work` holds 48·k bytes for the edges.
  ;; Blocks of 4 rows × 8 columns of C stay in eight f32x4 accumulators over blocks of 64 terms
  ;; of the k loop, combined in float64 (see $tile) (register blocking: each splat of A is used
  ;; 2×, each vector of B 4×). The last n mod 8
  ;; columns are copied once into a zero-padded panel and the last m mod 4 rows into zero-padded
  ;; rows, so the inner loop never tests an edge.
  (func $gemm (export "gemm")
    (param $m i32) (param $n i32) (param $k i32)
    (param $a i32) (param $aRS i32) (param $aCS i32)
    (param $b i32) (param $bRS i32)
    (param $c i32) (param $ldc i32) (param $work i32)
    (local $i i32) (local $j i32) (local $rows i32) (local $cols i32)
    (local $bp i32) (local $bs i32) (local $padA i32) (local $ct i32)
    (if (i32.or (i32.or (i32.eqz (local.get $m)) (i32.eqz (local.get $n))) (i32.eqz (local.get $k))) (then (return)))
    ;; work: [k × 8] padded B panel (32·k bytes), then [4 × k] padded A rows (16·k bytes).
    (local.set $padA (i32.add (local.get $work) (i32.shl (local.get $k) (i32.const 5))))
    (block $columnsDone
      (loop $columns
        (br_if $columnsDone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $cols (i32.sub (local.get $n) (local.get $j)))
        (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $bs (local.get $bRS))
        (if (i32.lt_u (local.get $cols) (i32.const 8))
          (then
            (call $padColumns (local.get $bp) (local.get $bRS) (local.get $k) (local.get $cols) (local.get $work))
            (local.set $bp (local.get $work))
            (local.set $bs (i32.const 32)))
          (else (local.set $cols (i32.const 8))))
        (local.set $i (i32.const 0))
        (block $rowsDone
          (loop $rowBlocks
            (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
            (local.set $rows (i32.sub (local.get $m) (local.get $i)))
            (local.set $ct (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (local.get $j)) (i32.const 2))))
            (if (i32.lt_u (local.get $rows) (i32.const 4))
              (then
                (call $padRows (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aRS))) (local.get $aRS) (local.get $aCS) (local.get $k) (local.get $rows) (local.get $padA))
                (call $tile (local.get $padA) (i32.shl (local.get $k) (i32.const 2)) (i32.const 4) (local.get $bp) (local.get $bs) (local.get $k) (local.get $ct) (local.get $ldc) (local.get $rows) (local.get $cols)))
              (else
                (call $tile (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aRS))) (local.get $aRS) (local.get $aCS) (local.get $bp) (local.get $bs) (local.get $k) (local.get $ct) (local.get $ldc) (i32.const 4) (local.get $cols))))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $rowBlocks)))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $columns))))

  ;; One 4×8 tile: C[rows×cols at c] += A(4 rows at ap) · B(k rows of 8 at bp), k ≥ 1.
  ;; The sum over k runs in blocks of at most 64 terms in the eight f32x4 accumulators. When
  ;; k ≤ 64 (one block) they are added to C in float32, as they are. Otherwise each block's sums
  ;; are added to float64 sums at bytes [256, 512) (element (r, j) at 256 + 64r + 8j) and C
  ;; gets f32(C + sum), rounded once. So the float32 error is that of at most 64 terms, whatever k:
  ;; |error| ≤ (min(k, 64) + 2)·2⁻²⁴·Σ|a·b| + the rounding of the result.
  (func $tile
    (param $ap i32) (param $aRS i32) (param $aCS i32)
    (param $bp i32) (param $bRS i32) (param $k i32)
    (param $c i32) (param $ldc i32) (param $rows i32) (param $cols i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $rs1 i32) (local $rs2 i32) (local $rs3 i32) (local $row i32)
    (local $blockEnd i32) (local $left i32) (local $terms i32) (local $blocked i32)
    (local.set $rs1 (local.get $aRS))
    (local.set $rs2 (i32.shl (local.get $aRS) (i32.const 1)))
    (local.set $rs3 (i32.mul (local.get $aRS) (i32.const 3)))
    (local.set $row (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $left (local.get $k))
    (local.set $blocked (i32.gt_u (local.get $k) (i32.const 64)))
    (if (local.get $blocked)
      (then
        (v128.store offset=256 (global.get $scratch) (v128.const i32x4 0 0 0 0))
        (v128.store offset=272 (global.get $scratch) (v128.const i32x4 0 0 0 0))
        (v128.store offset=288 (global.get $scratch) (v128.const i32x4 0 0 0 0))
        (v128.store offset=304 (global.get $scratch) (v128.const i32x4 0 0 0 0))
        (v128.store offset=320 (global.get $scratch) (v128.const i32x4 0 0 0 0))
        (v128.store offset=336 (global.get $scratch) (v128.const i32x4 0 0 0 0))
        (v128.store offset=352 (global.get $scratch) (v128.const i32x4 0 0 0 0))
        (v128.store offset=368 (global.get $scratch) (v128.const i32x4 0 0 0 0))
        (v128.store offset=384 (global.get $scratch) (v128.const i32x4 0 0 0 0))
        (v128.store offset=400 (global.get $scratch) (v128.const i32x4 0 0 0 0))
        (v128.store offset=416 (global.get $scratch) (v128.const i32x4 0 0 0 0))
        (v128.store offset=432 (global.get $scratch) (v128.const i32x4 0 0 0 0))
        (v128.store offset=448 (global.get $scratch) (v128.const i32x4 0 0 0 0))
        (v128.store offset=464 (global.get $scratch) (v128.const i32x4 0 0 0 0))
        (v128.store offset=480 (global.get $scratch) (v128.const i32x4 0 0 0 0))
        (v128.store offset=496 (global.get $scratch) (v128.const i32x4 0 0 0 0))
))
    (block $single
      (loop $blocks
        (local.set $terms (select (i32.const 64) (local.get $left) (i32.gt_u (local.get $left) (i32.const 64))))
        (local.set $left (i32.sub (local.get $left) (local.get $terms)))
        (local.set $blockEnd (i32.add (local.get $bp) (i32.mul (local.get $terms) (local.get $bRS))))
        (local.set $c00 (v128.const i32x4 0 0 0 0))
        (local.set $c01 (v128.const i32x4 0 0 0 0))
        (local.set $c10 (v128.const i32x4 0 0 0 0))
        (local.set $c11 (v128.const i32x4 0 0 0 0))
        (local.set $c20 (v128.const i32x4 0 0 0 0))
        (local.set $c21 (v128.const i32x4 0 0 0 0))
        (local.set $c30 (v128.const i32x4 0 0 0 0))
        (local.set $c31 (v128.const i32x4 0 0 0 0))
        (loop $p
          (local.set $b0 (v128.load (local.get $bp)))
          (local.set $b1 (v128.load offset=16 (local.get $bp)))
          (local.set $x (v128.load32_splat (local.get $ap)))
          (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat (i32.add (local.get $ap) (local.get $rs1))))
          (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat (i32.add (local.get $ap) (local.get $rs2))))
          (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat (i32.add (local.get $ap) (local.get $rs3))))
          (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $ap (i32.add (local.get $ap) (local.get $aCS)))
          (local.set $bp (i32.add (local.get $bp) (local.get $bRS)))
          (br_if $p (i32.ne (local.get $bp) (local.get $blockEnd))))
        (br_if $single (i32.eqz (local.get $blocked)))
        ;; the block's sums into the float64 sums (lanes 0–1, then lanes 2–3)
        (v128.store offset=256 (global.get $scratch) (f64x2.add (v128.load offset=256 (global.get $scratch)) (f64x2.promote_low_f32x4 (local.get $c00))))
        (v128.store offset=272 (global.get $scratch) (f64x2.add (v128.load offset=272 (global.get $scratch)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c00) (local.get $c00)))))
        (v128.store offset=288 (global.get $scratch) (f64x2.add (v128.load offset=288 (global.get $scratch)) (f64x2.promote_low_f32x4 (local.get $c01))))
        (v128.store offset=304 (global.get $scratch) (f64x2.add (v128.load offset=304 (global.get $scratch)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c01) (local.get $c01)))))
        (v128.store offset=320 (global.get $scratch) (f64x2.add (v128.load offset=320 (global.get $scratch)) (f64x2.promote_low_f32x4 (local.get $c10))))
        (v128.store offset=336 (global.get $scratch) (f64x2.add (v128.load offset=336 (global.get $scratch)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c10) (local.get $c10)))))
        (v128.store offset=352 (global.get $scratch) (f64x2.add (v128.load offset=352 (global.get $scratch)) (f64x2.promote_low_f32x4 (local.get $c11))))
        (v128.store offset=368 (global.get $scratch) (f64x2.add (v128.load offset=368 (global.get $scratch)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c11) (local.get $c11)))))
        (v128.store offset=384 (global.get $scratch) (f64x2.add (v128.load offset=384 (global.get $scratch)) (f64x2.promote_low_f32x4 (local.get $c20))))
        (v128.store offset=400 (global.get $scratch) (f64x2.add (v128.load offset=400 (global.get $scratch)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c20) (local.get $c20)))))
        (v128.store offset=416 (global.get $scratch) (f64x2.add (v128.load offset=416 (global.get $scratch)) (f64x2.promote_low_f32x4 (local.get $c21))))
        (v128.store offset=432 (global.get $scratch) (f64x2.add (v128.load offset=432 (global.get $scratch)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c21) (local.get $c21)))))
        (v128.store offset=448 (global.get $scratch) (f64x2.add (v128.load offset=448 (global.get $scratch)) (f64x2.promote_low_f32x4 (local.get $c30))))
        (v128.store offset=464 (global.get $scratch) (f64x2.add (v128.load offset=464 (global.get $scratch)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c30) (local.get $c30)))))
        (v128.store offset=480 (global.get $scratch) (f64x2.add (v128.load offset=480 (global.get $scratch)) (f64x2.promote_low_f32x4 (local.get $c31))))
        (v128.store offset=496 (global.get $scratch) (f64x2.add (v128.load offset=496 (global.get $scratch)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c31) (local.get $c31)))))
        (br_if $blocks (local.get $left)))
      ;; k > one block: C += the float64 sums, rounded once, four floats a store (written out, not
      ;; a call per vector: V8 does not inline wasm calls, and the calls cost ~1 % of a conv net step).
      (if (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $cols) (i32.const 8)))
        (then
          (local.set $x (v128.load (local.get $c)))
          (v128.store (local.get $c) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (local.get $x)) (v128.load offset=256 (global.get $scratch))))
            (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))) (v128.load offset=272 (global.get $scratch))))))
          (local.set $x (v128.load offset=16 (local.get $c)))
          (v128.store offset=16 (local.get $c) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (local.get $x)) (v128.load offset=288 (global.get $scratch))))
            (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))) (v128.load offset=304 (global.get $scratch))))))
          (local.set $c (i32.add (local.get $c) (local.get $row)))
          (local.set $x (v128.load (local.get $c)))
          (v128.store (local.get $c) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (local.get $x)) (v128.load offset=320 (global.get $scratch))))
            (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))) (v128.load offset=336 (global.get $scratch))))))
          (local.set $x (v128.load offset=16 (local.get $c)))
          (v128.store offset=16 (local.get $c) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (local.get $x)) (v128.load offset=352 (global.get $scratch))))
            (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))) (v128.load offset=368 (global.get $scratch))))))
          (local.set $c (i32.add (local.get $c) (local.get $row)))
          (local.set $x (v128.load (local.get $c)))
          (v128.store (local.get $c) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (local.get $x)) (v128.load offset=384 (global.get $scratch))))
            (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))) (v128.load offset=400 (global.get $scratch))))))
          (local.set $x (v128.load offset=16 (local.get $c)))
          (v128.store offset=16 (local.get $c) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (local.get $x)) (v128.load offset=416 (global.get $scratch))))
            (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))) (v128.load offset=432 (global.get $scratch))))))
          (local.set $c (i32.add (local.get $c) (local.get $row)))
          (local.set $x (v128.load (local.get $c)))
          (v128.store (local.get $c) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (local.get $x)) (v128.load offset=448 (global.get $scratch))))
            (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))) (v128.load offset=464 (global.get $scratch))))))
          (local.set $x (v128.load offset=16 (local.get $c)))
          (v128.store offset=16 (local.get $c) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (local.get $x)) (v128.load offset=480 (global.get $scratch))))
            (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))) (v128.load offset=496 (global.get $scratch))))))
          (return)))
      (call $addSpilledSums (local.get $c) (local.get $row) (local.get $rows) (local.get $cols))
      (return))
    ;; k ≤ 64: one block, added to C in float32.
    (if (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $cols) (i32.const 8)))
      (then
        (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c)) (local.get $c00)))
        (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $c01)))
        (local.set $c (i32.add (local.get $c) (local.get $row)))
        (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c)) (local.get $c10)))
        (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $c11)))
        (local.set $c (i32.add (local.get $c) (local.get $row)))
        (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c)) (local.get $c20)))
        (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $c21)))
        (local.set $c (i32.add (local.get $c) (local.get $row)))
        (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c)) (local.get $c30)))
        (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $c31)))
        (return)))
    ;; A partial tile: spill the accumulators to bytes [0, 128) and add the valid part.
    (v128.store offset=0 (global.get $scratch) (local.get $c00))
    (v128.store offset=16 (global.get $scratch) (local.get $c01))
    (v128.store offset=32 (global.get $scratch) (local.get $c10))
    (v128.store offset=48 (global.get $scratch) (local.get $c11))
    (v128.store offset=64 (global.get $scratch) (local.get $c20))
    (v128.store offset=80 (global.get $scratch) (local.get $c21))
    (v128.store offset=96 (global.get $scratch) (local.get $c30))
    (v128.store offset=112 (global.get $scratch) (local.get $c31))
    (call $addSpilledTile (local.get $c) (local.get $row) (local.get $rows) (local.get $cols)))

  ;; C[rows×cols at c, row stride `row` bytes] += the spilled 4×8 tile at byte 0.
  (func $addSpilledTile (param $c i32) (param $row i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $j i32) (local $to i32) (local $from i32)
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $rowDone
          (loop $columnLoop
            (br_if $rowDone (i32.ge_u (local.get $j) (local.get $cols)))
            (local.set $to (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $from (i32.add (global.get $scratch) (i32.shl (i32.add (i32.shl (local.get $r) (i32.const 3)) (local.get $j)) (i32.const 2))))
            (f32.store (local.get $to) (f32.add (f32.load (local.get $to)) (f32.load (local.get $from))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $columnLoop)))
        (local.set $c (i32.add (local.get $c) (local.get $row)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; C[rows×cols at c, row stride `row` bytes] = f32(C + the float64 sums at byte 256).
  (func $addSpilledSums (param $c i32) (param $row i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $j i32) (local $to i32) (local $from i32)
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $rowDone
          (loop $columnLoop
            (br_if $rowDone (i32.ge_u (local.get $j) (local.get $cols)))
            (local.set $to (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $from (i32.add (i32.add (global.get $scratch) (i32.const 256)) (i32.shl (i32.add (i32.shl (local.get $r) (i32.const 3)) (local.get $j)) (i32.const 3))))
            (f32.store (local.get $to) (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (local.get $to))) (f64.load (local.get $from)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $columnLoop)))
        (local.set $c (i32.add (local.get $c) (local.get $row)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; The last `cols` (< 8) columns of k rows of B into a zero-padded [k × 8] panel at dst.
  (func $padColumns (param $src i32) (param $bRS i32) (param $k i32) (param $cols i32) (param $dst i32)
    (local $p i32) (local $j i32)
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $p) (local.get $k)))
        (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
        (v128.store offset=16 (local.get $dst) (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $rowDone
          (loop $columnLoop
            (br_if $rowDone (i32.ge_u (local.get $j) (local.get $cols)))
            (f32.store (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 2)))
              (f32.load (i32.add (local.get $src) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $columnLoop)))
        (local.set $src (i32.add (local.get $src) (local.get $bRS)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $rowLoop))))

  ;; The last `rows` (< 4) rows of op(A) into four zero-padded contiguous rows of k at dst.
  (func $padRows (param $src i32) (param $aRS i32) (param $aCS i32) (param $k i32) (param $rows i32) (param $dst i32)
    (local $r i32) (local $p i32) (local $s i32)
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (i32.const 4)))
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $aRS))))
        (local.set $p (i32.const 0))
        (block $rowDone
          (loop $columnLoop
            (br_if $rowDone (i32.ge_u (local.get $p) (local.get $k)))
            (f32.store (local.get $dst)
              (if (result f32) (i32.lt_u (local.get $r) (local.get $rows))
                (then (f32.load (local.get $s)))
                (else (f32.const 0))))
            (local.set $s (i32.add (local.get $s) (local.get $aCS)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $columnLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; dst[cols × rows] = src[rows × cols]ᵀ, both contiguous: 4×4 blocks through registers
  ;; (two rounds of interleaving shuffles), the ragged right and bottom edges one element at a time.
  (func $transpose (export "transpose") (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $i i32) (local $j i32) (local $rows4 i32) (local $cols4 i32)
    (local $sr i32) (local $dr i32) (local $s i32) (local $d i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rows4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
    (local.set $sr (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $dr (i32.shl (local.get $rows) (i32.const 2)))
    (block $blocksDone
      (loop $blockRows
        (br_if $blocksDone (i32.ge_u (local.get $i) (local.get $rows4)))
        (local.set $j (i32.const 0))
        (block $rowDone
          (loop $blockColumns
            (br_if $rowDone (i32.ge_u (local.get $j) (local.get $cols4)))
            (local.set $s (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 2))))
            (local.set $r0 (v128.load (local.get $s)))
            (local.set $r1 (v128.load (i32.add (local.get $s) (local.get $sr))))
            (local.set $r2 (v128.load (i32.add (local.get $s) (i32.shl (local.get $sr) (i32.const 1)))))
            (local.set $r3 (v128.load (i32.add (local.get $s) (i32.mul (local.get $sr) (i32.const 3)))))
            ;; t0 = r0₀ r1₀ r0₁ r1₁, t1 = r2₀ r3₀ r2₁ r3₁, t2 = r0₂ r1₂ r0₃ r1₃, t3 = r2₂ r3₂ r2₃ r3₃
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
            (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
            (local.set $t2 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
            (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
            (local.set $d (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $rows)) (local.get $i)) (i32.const 2))))
            (v128.store (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
            (v128.store (i32.add (local.get $d) (local.get $dr)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
            (v128.store (i32.add (local.get $d) (i32.shl (local.get $dr) (i32.const 1))) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t2) (local.get $t3)))
            (v128.store (i32.add (local.get $d) (i32.mul (local.get $dr) (i32.const 3))) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t2) (local.get $t3)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $blockColumns)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $blockRows)))
    ;; Right edge (columns cols4.. of the first rows4 rows), then the bottom rows whole.
    (call $transposeRange (local.get $src) (local.get $rows) (local.get $cols) (local.get $dst) (i32.const 0) (local.get $rows4) (local.get $cols4))
    (call $transposeRange (local.get $src) (local.get $rows) (local.get $cols) (local.get $dst) (local.get $rows4) (local.get $rows) (i32.const 0)))

  ;; dst[j][i] = src[i][j] for i in [i0, i1), j in [j0, cols).
  (func $transposeRange (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32) (param $i0 i32) (param $i1 i32) (param $j0 i32)
    (local $i i32) (local $j i32)
    (local.set $i (local.get $i0))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $i) (local.get $i1)))
        (local.set $j (local.get $j0))
        (block $rowDone
          (loop $columnLoop
            (br_if $rowDone (i32.ge_u (local.get $j) (local.get $cols)))
            (f32.store (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $rows)) (local.get $i)) (i32.const 2)))
              (f32.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 2)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $columnLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rowLoop))))

  ;; The geometry of im2col and col2im, in the order of ConvGeometry (kernels/conv-geometry.ts).
  ;; im2col of one sample: columns[C·kh·kw × outH·outW] at dst from x[C × H × W] at src, zeros for padding.
  (func $im2col (export "im2col")
    (param $src i32) (param $dst i32)
    (param $channels i32) (param $height i32) (param $width i32)
    (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32)
    (param $ph i32) (param $pw i32) (param $dh i32) (param $dw i32)
    (param $outH i32) (param $outW i32)
    (local $c i32) (local $ki i32) (local $kj i32) (local $oh i32) (local $ow i32)
    (local $shift i32) (local $first i32) (local $end i32) (local $ih i32)
    (local $row i32) (local $to i32) (local $from i32) (local $plane i32)
    (local $p i32) (local $q i32) (local $s i32) (local $oh0 i32) (local $oh1 i32) (local $count i32)
    (local.set $row (local.get $dst))
    (block $channelsDone
      (loop $channelLoop
        (br_if $channelsDone (i32.ge_u (local.get $c) (local.get $channels)))
        (local.set $plane (i32.add (local.get $src) (i32.shl (i32.mul (i32.mul (local.get $c) (local.get $height)) (local.get $width)) (i32.const 2))))
        (local.set $ki (i32.const 0))
        (block $kiDone
          (loop $kiLoop
            (br_if $kiDone (i32.ge_u (local.get $ki) (local.get $kh)))
            (local.set $kj (i32.const 0))
            (block $kjDone
              (loop $kjLoop
                (br_if $kjDone (i32.ge_u (local.get $kj) (local.get $kw)))
                (local.set $shift (i32.sub (i32.mul (local.get $kj) (local.get $dw)) (local.get $pw)))
                ;; Stride 1 (the common case) inline, without the calls' divisions: valid ow are
                ;; those with 0 ≤ ow + shift < width, clamped to [0, outW).
                (if (i32.eq (local.get $sw) (i32.const 1))
                  (then
                    (local.set $first (i32.sub (i32.const 0) (local.get $shift)))
                    (local.set $first (select (local.get $first) (i32.const 0) (i32.gt_s (local.get $first) (i32.const 0))))
                    (local.set $first (select (local.get $outW) (local.get $first) (i32.gt_s (local.get $first) (local.get $outW))))
                    (local.set $end (i32.sub (local.get $width) (local.get $shift)))
                    (local.set $end (select (local.get $outW) (local.get $end) (i32.gt_s (local.get $end) (local.get $outW))))
                    (local.set $end (select (local.get $first) (local.get $end) (i32.gt_s (local.get $first) (local.get $end)))))
                  (else
                    (local.set $first (call $firstValid (local.get $shift) (local.get $sw) (local.get $outW)))
                    (local.set $end (call $endValid (local.get $first) (local.get $shift) (local.get $sw) (local.get $width) (local.get $outW)))))
                ;; A 'same' convolution at stride 1 (outW = width): the block's valid rows are one
                ;; contiguous run of the plane, shifted by `shift`; copy it whole, then zero the
                ;; 1–2 edge columns of each row and the rows off the top and bottom. The copy reads
                ;; up to |shift| floats beyond the plane's ends (overwritten by the zeros), only
                ;; while those bytes are inside the memory; otherwise the row loop below.
                (local.set $ih (i32.sub (i32.mul (local.get $ki) (local.get $dh)) (local.get $ph)))
                (local.set $oh0 (select (i32.sub (i32.const 0) (local.get $ih)) (i32.const 0) (i32.gt_s (i32.sub (i32.const 0) (local.get $ih)) (i32.const 0))))
                (local.set $oh0 (select (local.get $outH) (local.get $oh0) (i32.gt_s (local.get $oh0) (local.get $outH))))
                (local.set $oh1 (i32.sub (local.get $height) (local.get $ih)))
                (local.set $oh1 (select (local.get $outH) (local.get $oh1) (i32.gt_s (local.get $oh1) (local.get $outH))))
                (local.set $oh1 (select (local.get $oh0) (local.get $oh1) (i32.gt_s (local.get $oh0) (local.get $oh1))))
                (local.set $from (i32.add (local.get $plane) (i32.shl (i32.add (i32.mul (i32.add (local.get $oh0) (local.get $ih)) (local.get $width)) (local.get $shift)) (i32.const 2))))
                (local.set $count (i32.mul (i32.sub (local.get $oh1) (local.get $oh0)) (local.get $width)))
                (if (i32.and
                      (i32.and (i32.and (i32.eq (local.get $sw) (i32.const 1)) (i32.eq (local.get $sh) (i32.const 1))) (i32.eq (local.get $outW) (local.get $width)))
                      (i32.and (i32.ge_s (local.get $from) (i32.const 0))
                        (i32.lt_u (i32.shr_u (i32.add (local.get $from) (i32.shl (local.get $count) (i32.const 2))) (i32.const 16)) (memory.size))))
                  (then
                    (call $zero (local.get $row) (i32.mul (local.get $oh0) (local.get $outW)))
                    (local.set $p (i32.add (local.get $row) (i32.shl (i32.mul (local.get $oh0) (local.get $outW)) (i32.const 2))))
                    (local.set $q (i32.add (local.get $p) (i32.shl (local.get $count) (i32.const 2))))
                    (local.set $s (local.get $from))
                    (block $bulkDone
                      (loop $bulk
                        (br_if $bulkDone (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $q)))
                        (v128.store (local.get $p) (v128.load (local.get $s)))
                        (local.set $p (i32.add (local.get $p) (i32.const 16)))
                        (local.set $s (i32.add (local.get $s) (i32.const 16)))
                        (br $bulk)))
                    (block $bulkTailDone
                      (loop $bulkTail
                        (br_if $bulkTailDone (i32.ge_u (local.get $p) (local.get $q)))
                        (f32.store (local.get $p) (f32.load (local.get $s)))
                        (local.set $p (i32.add (local.get $p) (i32.const 4)))
                        (local.set $s (i32.add (local.get $s) (i32.const 4)))
                        (br $bulkTail)))
                    (call $zero (local.get $q) (i32.mul (i32.sub (local.get $outH) (local.get $oh1)) (local.get $outW)))
                    ;; the edge columns [0, first) and [end, outW) of the copied rows
                    (local.set $oh (local.get $oh0))
                    (block $edgesDone
                      (loop $edges
                        (br_if $edgesDone (i32.ge_u (local.get $oh) (local.get $oh1)))
                        (local.set $to (i32.add (local.get $row) (i32.shl (i32.mul (local.get $oh) (local.get $outW)) (i32.const 2))))
                        (local.set $p (local.get $to))
                        (local.set $q (i32.add (local.get $to) (i32.shl (local.get $first) (i32.const 2))))
                        (block $leftEdgeDone
                          (loop $leftEdge
                            (br_if $leftEdgeDone (i32.ge_u (local.get $p) (local.get $q)))
                            (f32.store (local.get $p) (f32.const 0))
                            (local.set $p (i32.add (local.get $p) (i32.const 4)))
                            (br $leftEdge)))
                        (local.set $p (i32.add (local.get $to) (i32.shl (local.get $end) (i32.const 2))))
                        (local.set $q (i32.add (local.get $to) (i32.shl (local.get $outW) (i32.const 2))))
                        (block $rightEdgeDone
                          (loop $rightEdge
                            (br_if $rightEdgeDone (i32.ge_u (local.get $p) (local.get $q)))
                            (f32.store (local.get $p) (f32.const 0))
                            (local.set $p (i32.add (local.get $p) (i32.const 4)))
                            (br $rightEdge)))
                        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
                        (br $edges))))
                  (else
                    (local.set $oh (i32.const 0))
                    (block $ohDone
                      (loop $ohLoop
                        (br_if $ohDone (i32.ge_u (local.get $oh) (local.get $outH)))
                        (local.set $to (i32.add (local.get $row) (i32.shl (i32.mul (local.get $oh) (local.get $outW)) (i32.const 2))))
                        (local.set $ih (i32.add (i32.sub (i32.mul (local.get $oh) (local.get $sh)) (local.get $ph)) (i32.mul (local.get $ki) (local.get $dh))))
                        (if (i32.ge_u (local.get $ih) (local.get $height))
                          (then (call $zero (local.get $to) (local.get $outW)))
                          (else
                            ;; The row's three parts inline (left padding, the copy, right padding): a call
                            ;; each cost more than the few floats of a small image's row.
                            (local.set $p (local.get $to))
                            (local.set $q (i32.add (local.get $to) (i32.shl (local.get $first) (i32.const 2))))
                            (block $leftDone
                              (loop $left
                                (br_if $leftDone (i32.ge_u (local.get $p) (local.get $q)))
                                (f32.store (local.get $p) (f32.const 0))
                                (local.set $p (i32.add (local.get $p) (i32.const 4)))
                                (br $left)))
                            (local.set $from (i32.add (local.get $plane) (i32.shl (i32.add (i32.mul (local.get $ih) (local.get $width)) (local.get $shift)) (i32.const 2))))
                            (if (i32.eq (local.get $sw) (i32.const 1))
                              (then
                                (local.set $s (i32.add (local.get $from) (i32.shl (local.get $first) (i32.const 2))))
                                (local.set $q (i32.add (local.get $to) (i32.shl (local.get $end) (i32.const 2))))
                                (block $vectorsDone
                                  (loop $vectors
                                    (br_if $vectorsDone (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $q)))
                                    (v128.store (local.get $p) (v128.load (local.get $s)))
                                    (local.set $p (i32.add (local.get $p) (i32.const 16)))
                                    (local.set $s (i32.add (local.get $s) (i32.const 16)))
                                    (br $vectors)))
                                (block $tailDone
                                  (loop $tail
                                    (br_if $tailDone (i32.ge_u (local.get $p) (local.get $q)))
                                    (f32.store (local.get $p) (f32.load (local.get $s)))
                                    (local.set $p (i32.add (local.get $p) (i32.const 4)))
                                    (local.set $s (i32.add (local.get $s) (i32.const 4)))
                                    (br $tail))))
                              (else
                                (local.set $ow (local.get $first))
                                (block $owDone
                                  (loop $owLoop
                                    (br_if $owDone (i32.ge_s (local.get $ow) (local.get $end)))
                                    (f32.store (i32.add (local.get $to) (i32.shl (local.get $ow) (i32.const 2)))
                                      (f32.load (i32.add (local.get $from) (i32.shl (i32.mul (local.get $ow) (local.get $sw)) (i32.const 2)))))
                                    (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
                                    (br $owLoop)))))
                            (local.set $p (i32.add (local.get $to) (i32.shl (local.get $end) (i32.const 2))))
                            (local.set $q (i32.add (local.get $to) (i32.shl (local.get $outW) (i32.const 2))))
                            (block $rightDone
                              (loop $right
                                (br_if $rightDone (i32.ge_u (local.get $p) (local.get $q)))
                                (f32.store (local.get $p) (f32.const 0))
                                (local.set $p (i32.add (local.get $p) (i32.const 4)))
                                (br $right)))))
                        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
                        (br $ohLoop)))))
                (local.set $row (i32.add (local.get $row) (i32.shl (i32.mul (local.get $outH) (local.get $outW)) (i32.const 2))))
                (local.set $kj (i32.add (local.get $kj) (i32.const 1)))
                (br $kjLoop)))
            (local.set $ki (i32.add (local.get $ki) (i32.const 1)))
            (br $kiLoop)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $channelLoop))))

  ;; count floats at dst set to 0 (count ≤ 0: nothing).
;; values[r·n + j] ← f(values[r·n + j] + bias[j]) in place for r < rows, j < n: the loss landscape's
  ;; dense layer (core/inspect/dense-evaluator.ts). kind 0: none, 1: relu as (x + |x|)·½, 2: tanh
  ;; as core/inspect/fast-tanh.ts's rational function (the same coefficients, |x| ≥ 9.1 → ±1). The
  ;; sum and f run in float64, as the JavaScript loop they replace, so the stored bits are the same
  ;; (test/core/inspect/dense-wasm.test.ts). Per row, four columns at a time or more in
  ;; $tanhColumns / $plainColumns (at the end of the file), then a pair and a single column.
  (func $addBiasActivate (export "addBiasActivate") (param $values i32) (param $bias i32) (param $rows i32) (param $n i32) (param $kind i32)
    (local $r i32) (local $j i32) (local $x v128)
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (if (result i32) (i32.eq (local.get $kind) (i32.const 2))
          (then (call $tanhColumns (local.get $values) (local.get $bias) (local.get $n)))
          (else (call $plainColumns (local.get $values) (local.get $bias) (local.get $n) (local.get $kind)))))
        ;; The last n mod 4 columns: a pair, then a single column.
        (if (i32.le_u (i32.add (local.get $j) (i32.const 2)) (local.get $n))
          (then
            (local.set $x (f64x2.add
              (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $values) (i32.shl (local.get $j) (i32.const 2)))))
              (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2)))))))
            (v128.store64_lane 0 (i32.add (local.get $values) (i32.shl (local.get $j) (i32.const 2))) (f32x4.demote_f64x2_zero (call $activate2 (local.get $x) (local.get $kind))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))))
        (if (i32.lt_u (local.get $j) (local.get $n))
          (then
            (local.set $x (f64x2.splat (f64.add
              (f64.promote_f32 (f32.load (i32.add (local.get $values) (i32.shl (local.get $j) (i32.const 2)))))
              (f64.promote_f32 (f32.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))))))
            (f32.store (i32.add (local.get $values) (i32.shl (local.get $j) (i32.const 2))) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (call $activate2 (local.get $x) (local.get $kind)))))))
        (local.set $values (i32.add (local.get $values) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; f(x) for two float64 lanes (kinds as $addBiasActivate).
  (func $activate2 (param $x v128) (param $kind i32) (result v128)
    (local $y v128) (local $p v128) (local $q v128)
    (if (i32.eq (local.get $kind) (i32.const 1))
      (then (return (f64x2.mul (f64x2.add (local.get $x) (f64x2.abs (local.get $x))) (f64x2.splat (f64.const 0.5))))))
    (if (i32.ne (local.get $kind) (i32.const 2)) (then (return (local.get $x))))
    ;; x·P(x²)/Q(x²), Horner from the highest coefficient, as fastTanh writes it.
    (local.set $y (f64x2.mul (local.get $x) (local.get $x)))
    (local.set $p (f64x2.add (f64x2.splat (f64.const 0.0034878223291336364)) (f64x2.mul (local.get $y) (f64x2.add (f64x2.splat (f64.const 2.0481366957357976e-5)) (f64x2.mul (local.get $y) (f64x2.splat (f64.const 1.3177762032157688e-8)))))))
    (local.set $p (f64x2.add (f64x2.splat (f64.const 0.9999999772258916)) (f64x2.mul (local.get $y) (f64x2.add (f64x2.splat (f64.const 0.133744847973949)) (f64x2.mul (local.get $y) (local.get $p))))))
    (local.set $q (f64x2.add (f64x2.splat (f64.const 0.02584743183659018)) (f64x2.mul (local.get $y) (f64x2.add (f64x2.splat (f64.const 0.00032729384042681705)) (f64x2.mul (local.get $y) (f64x2.splat (f64.const 7.704146336358233e-7)))))))
    (local.set $q (f64x2.add (f64x2.splat (f64.const 1)) (f64x2.mul (local.get $y) (f64x2.add (f64x2.splat (f64.const 0.4670779858541691)) (f64x2.mul (local.get $y) (local.get $q))))))
    (local.set $p (f64x2.div (f64x2.mul (local.get $x) (local.get $p)) (local.get $q)))
    ;; ±1 from |x| ≥ 9.1 (fastTanhLimit); NaN compares false both ways and stays NaN.
    (local.set $p (v128.bitselect (f64x2.splat (f64.const 1)) (local.get $p) (f64x2.ge (local.get $x) (f64x2.splat (f64.const 9.1)))))
    (v128.bitselect (f64x2.splat (f64.const -1)) (local.get $p) (f64x2.le (local.get $x) (f64x2.splat (f64.const -9.1)))))

    ;; dst[0 … count) = 0 (a product's C that starts empty: no zeros to copy in).
  (func $fillZero (export "fillZero") (param $dst i32) (param $count i32)
    (memory.fill (local.get $dst) (i32.const 0) (i32.shl (local.get $count) (i32.const 2))))

  (func $zero (param $dst i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.const 0))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $next))))

    ;; col2im of one sample: dx[C × H × W] at dst += each column entry at src where it came from.
  (func $col2im (export "col2im")
    (param $src i32) (param $dst i32)
    (param $channels i32) (param $height i32) (param $width i32)
    (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32)
    (param $ph i32) (param $pw i32) (param $dh i32) (param $dw i32)
    (param $outH i32) (param $outW i32)
    (local $c i32) (local $ki i32) (local $kj i32) (local $oh i32) (local $ow i32)
    (local $shift i32) (local $first i32) (local $end i32) (local $ih i32)
    (local $row i32) (local $to i32) (local $from i32) (local $plane i32) (local $step i32)
    (local.set $row (local.get $src))
    (local.set $step (i32.shl (local.get $sw) (i32.const 2)))
    (block $channelsDone
      (loop $channelLoop
        (br_if $channelsDone (i32.ge_u (local.get $c) (local.get $channels)))
        (local.set $plane (i32.add (local.get $dst) (i32.shl (i32.mul (i32.mul (local.get $c) (local.get $height)) (local.get $width)) (i32.const 2))))
        (local.set $ki (i32.const 0))
        (block $kiDone
          (loop $kiLoop
            (br_if $kiDone (i32.ge_u (local.get $ki) (local.get $kh)))
            (local.set $kj (i32.const 0))
            (block $kjDone
              (loop $kjLoop
                (br_if $kjDone (i32.ge_u (local.get $kj) (local.get $kw)))
                (local.set $shift (i32.sub (i32.mul (local.get $kj) (local.get $dw)) (local.get $pw)))
                ;; Stride 1 (the common case) inline, without the calls' divisions: valid ow are
                ;; those with 0 ≤ ow + shift < width, clamped to [0, outW).
                (if (i32.eq (local.get $sw) (i32.const 1))
                  (then
                    (local.set $first (i32.sub (i32.const 0) (local.get $shift)))
                    (local.set $first (select (local.get $first) (i32.const 0) (i32.gt_s (local.get $first) (i32.const 0))))
                    (local.set $first (select (local.get $outW) (local.get $first) (i32.gt_s (local.get $first) (local.get $outW))))
                    (local.set $end (i32.sub (local.get $width) (local.get $shift)))
                    (local.set $end (select (local.get $outW) (local.get $end) (i32.gt_s (local.get $end) (local.get $outW))))
                    (local.set $end (select (local.get $first) (local.get $end) (i32.gt_s (local.get $first) (local.get $end)))))
                  (else
                    (local.set $first (call $firstValid (local.get $shift) (local.get $sw) (local.get $outW)))
                    (local.set $end (call $endValid (local.get $first) (local.get $shift) (local.get $sw) (local.get $width) (local.get $outW)))))
                (local.set $oh (i32.const 0))
                (block $ohDone
                  (loop $ohLoop
                    (br_if $ohDone (i32.ge_u (local.get $oh) (local.get $outH)))
                    (local.set $ih (i32.add (i32.sub (i32.mul (local.get $oh) (local.get $sh)) (local.get $ph)) (i32.mul (local.get $ki) (local.get $dh))))
                    (if (i32.lt_u (local.get $ih) (local.get $height))
                      (then
                        (local.set $from (i32.add (local.get $row) (i32.shl (i32.add (i32.mul (local.get $oh) (local.get $outW)) (local.get $first)) (i32.const 2))))
                        (local.set $to (i32.add (local.get $plane) (i32.shl (i32.add (i32.add (i32.mul (local.get $ih) (local.get $width)) (local.get $shift)) (i32.mul (local.get $first) (local.get $sw))) (i32.const 2))))
                        (local.set $ow (local.get $first))
                        ;; Stride 1: four at a time (each lane's sum is the scalar one: the same bits).
                        (if (i32.eq (local.get $sw) (i32.const 1))
                          (then
                            (block $vectorsDone
                              (loop $vectors
                                (br_if $vectorsDone (i32.gt_s (i32.add (local.get $ow) (i32.const 4)) (local.get $end)))
                                (v128.store (local.get $to) (f32x4.add (v128.load (local.get $to)) (v128.load (local.get $from))))
                                (local.set $from (i32.add (local.get $from) (i32.const 16)))
                                (local.set $to (i32.add (local.get $to) (i32.const 16)))
                                (local.set $ow (i32.add (local.get $ow) (i32.const 4)))
                                (br $vectors)))))
                        (block $owDone
                          (loop $owLoop
                            (br_if $owDone (i32.ge_s (local.get $ow) (local.get $end)))
                            (f32.store (local.get $to) (f32.add (f32.load (local.get $to)) (f32.load (local.get $from))))
                            (local.set $from (i32.add (local.get $from) (i32.const 4)))
                            (local.set $to (i32.add (local.get $to) (local.get $step)))
                            (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
                            (br $owLoop)))))
                    (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
                    (br $ohLoop)))
                (local.set $row (i32.add (local.get $row) (i32.shl (i32.mul (local.get $outH) (local.get $outW)) (i32.const 2))))
                (local.set $kj (i32.add (local.get $kj) (i32.const 1)))
                (br $kjLoop)))
            (local.set $ki (i32.add (local.get $ki) (i32.const 1)))
            (br $kiLoop)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $channelLoop))))

  ;; The first output column whose input column ow·stride + shift is not left of the input.
  (func $firstValid (param $shift i32) (param $stride i32) (param $outW i32) (result i32)
    (local $f i32)
    ;; ceil(−shift / stride) for shift ≤ 0, else 0; clamped to [0, outW].
    (if (i32.lt_s (local.get $shift) (i32.const 0))
      (then (local.set $f (i32.div_s (i32.sub (i32.add (i32.sub (i32.const 0) (local.get $shift)) (local.get $stride)) (i32.const 1)) (local.get $stride)))))
    (select (local.get $outW) (local.get $f) (i32.gt_s (local.get $f) (local.get $outW))))

  ;; One past the last output column whose input column ow·stride + shift is inside the input.
  (func $endValid (param $first i32) (param $shift i32) (param $stride i32) (param $width i32) (param $outW i32) (result i32)
    (local $last i32) (local $e i32)
    ;; floor((width − 1 − shift) / stride) + 1, where width − 1 − shift may be negative.
    (local.set $last (i32.sub (i32.sub (local.get $width) (i32.const 1)) (local.get $shift)))
    (local.set $e
      (if (result i32) (i32.lt_s (local.get $last) (i32.const 0))
        (then (i32.const 0))
        (else (i32.add (i32.div_s (local.get $last) (local.get $stride)) (i32.const 1)))))
    (local.set $e (select (local.get $outW) (local.get $e) (i32.gt_s (local.get $e) (local.get $outW))))
    (select (local.get $first) (local.get $e) (i32.gt_s (local.get $first) (local.get $e))))

  ;; dst[r × cols] = value[r] for every r < rows (the bias that a convolution's product adds to).
  (func $fillRows (export "fillRows") (param $dst i32) (param $values i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $v v128) (local $end i32) (local $end4 i32)
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $v (v128.load32_splat (i32.add (local.get $values) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $cols) (i32.const 2))))
        (local.set $end4 (i32.add (local.get $dst) (i32.shl (i32.and (local.get $cols) (i32.const -4)) (i32.const 2))))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.ge_u (local.get $dst) (local.get $end4)))
            (v128.store (local.get $dst) (local.get $v))
            (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
            (br $vectors)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $dst) (local.get $end)))
            (f32.store (local.get $dst) (f32x4.extract_lane 0 (local.get $v)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
            (br $tail)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; dst[r] = f32(dst[r] + Σⱼ src[r × cols + j]) for every r < rows (a convolution's bias gradient):
  ;; the sum in float64, four lanes (two f64x2) per row, then the lanes and the tail, rounded once.
  (func $addRowSums (export "addRowSums") (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $r i32) (local $low v128) (local $high v128) (local $x v128) (local $end i32) (local $end4 i32) (local $total f64)
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $low (v128.const i32x4 0 0 0 0))
        (local.set $high (v128.const i32x4 0 0 0 0))
        (local.set $end (i32.add (local.get $src) (i32.shl (local.get $cols) (i32.const 2))))
        (local.set $end4 (i32.add (local.get $src) (i32.shl (i32.and (local.get $cols) (i32.const -4)) (i32.const 2))))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.ge_u (local.get $src) (local.get $end4)))
            (local.set $x (v128.load (local.get $src)))
            (local.set $low (f64x2.add (local.get $low) (f64x2.promote_low_f32x4 (local.get $x))))
            (local.set $high (f64x2.add (local.get $high) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))))
            (local.set $src (i32.add (local.get $src) (i32.const 16)))
            (br $vectors)))
        (local.set $low (f64x2.add (local.get $low) (local.get $high)))
        (local.set $total (f64.add (f64x2.extract_lane 0 (local.get $low)) (f64x2.extract_lane 1 (local.get $low))))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $src) (local.get $end)))
            (local.set $total (f64.add (local.get $total) (f64.promote_f32 (f32.load (local.get $src)))))
            (local.set $src (i32.add (local.get $src) (i32.const 4)))
            (br $tail)))
        (f32.store (local.get $dst) (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (local.get $dst))) (local.get $total))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

;; Max pooling of `planes` planes [H × W] at src into [outH × outW] at dst, with the flat input
  ;; index of each window's maximum at argmax, by pool2d.ts's rule: scanning the window row by row,
  ;; a value replaces the best so far if it is greater or NaN (so ties keep the first maximum, a
  ;; NaN wins). Both paths are branch-free (a data-dependent branch mispredicts on every other
  ;; element): windows inside the row horizontally go four outputs at a time in f32x4 lanes, the
  ;; clipped ones at the edges one at a time.
  (func $maxPool (export "maxPool")
    (param $src i32) (param $dst i32) (param $argmax i32) (param $planes i32)
    (param $height i32) (param $width i32) (param $kh i32) (param $kw i32)
    (param $sh i32) (param $sw i32) (param $ph i32) (param $pw i32)
    (param $outH i32) (param $outW i32)
    (local $plane i32) (local $oh i32) (local $ow i32) (local $top i32) (local $h0 i32) (local $h1 i32)
    (local $base i32) (local $inside0 i32) (local $inside1 i32) (local $vectorEnd i32) (local $out i32)
    ;; Outputs [inside0, inside1) have their whole window inside the row: 0 ≤ ow·sw − pw and ow·sw − pw + kw ≤ width.
    (local.set $inside0 (i32.div_u (i32.add (local.get $pw) (i32.sub (local.get $sw) (i32.const 1))) (local.get $sw)))
    (local.set $inside0 (select (local.get $outW) (local.get $inside0) (i32.gt_s (local.get $inside0) (local.get $outW))))
    (local.set $inside1
      (if (result i32) (i32.lt_s (i32.add (i32.sub (local.get $width) (local.get $kw)) (local.get $pw)) (i32.const 0))
        (then (i32.const 0))
        (else (i32.add (i32.div_u (i32.add (i32.sub (local.get $width) (local.get $kw)) (local.get $pw)) (local.get $sw)) (i32.const 1)))))
    (local.set $inside1 (select (local.get $outW) (local.get $inside1) (i32.gt_s (local.get $inside1) (local.get $outW))))
    (local.set $inside1 (select (local.get $inside0) (local.get $inside1) (i32.lt_s (local.get $inside1) (local.get $inside0))))
    (local.set $vectorEnd (i32.add (local.get $inside0) (i32.and (i32.sub (local.get $inside1) (local.get $inside0)) (i32.const -4))))
    (block $planesDone
      (loop $planeLoop
        (br_if $planesDone (i32.ge_u (local.get $plane) (local.get $planes)))
        (local.set $base (i32.mul (i32.mul (local.get $plane) (local.get $height)) (local.get $width)))
        (local.set $oh (i32.const 0))
        (block $ohDone
          (loop $ohLoop
            (br_if $ohDone (i32.ge_u (local.get $oh) (local.get $outH)))
            (local.set $top (i32.sub (i32.mul (local.get $oh) (local.get $sh)) (local.get $ph)))
            (local.set $h0 (select (local.get $top) (i32.const 0) (i32.gt_s (local.get $top) (i32.const 0))))
            (local.set $h1 (i32.add (local.get $top) (local.get $kh)))
            (local.set $h1 (select (local.get $h1) (local.get $height) (i32.lt_s (local.get $h1) (local.get $height))))
            (local.set $out (i32.mul (i32.add (i32.mul (local.get $plane) (local.get $outH)) (local.get $oh)) (local.get $outW)))
            (local.set $ow (i32.const 0))
            (block $leftDone
              (loop $left
                (br_if $leftDone (i32.ge_u (local.get $ow) (local.get $inside0)))
                (call $poolOne (local.get $src) (local.get $dst) (local.get $argmax) (i32.add (local.get $out) (local.get $ow)) (local.get $base) (local.get $h0) (local.get $h1) (local.get $ow) (local.get $width) (local.get $kw) (local.get $sw) (local.get $pw))
                (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
                (br $left)))
            (block $vectorsDone
              (loop $vectors
                (br_if $vectorsDone (i32.ge_u (local.get $ow) (local.get $vectorEnd)))
                (call $poolFour (local.get $src) (local.get $dst) (local.get $argmax) (i32.add (local.get $out) (local.get $ow)) (local.get $base) (local.get $h0) (local.get $h1)
                  (i32.sub (i32.mul (local.get $ow) (local.get $sw)) (local.get $pw)) (local.get $width) (local.get $kw) (local.get $sw))
                (local.set $ow (i32.add (local.get $ow) (i32.const 4)))
                (br $vectors)))
            ;; The last 1–3 inside outputs: four lanes again, ending at inside1 (recomputing up to three
            ;; outputs, which writes the same values), when there are four inside outputs at all.
            (if (i32.and (i32.lt_u (local.get $ow) (local.get $inside1)) (i32.ge_u (i32.sub (local.get $inside1) (local.get $inside0)) (i32.const 4)))
              (then
                (local.set $ow (i32.sub (local.get $inside1) (i32.const 4)))
                (call $poolFour (local.get $src) (local.get $dst) (local.get $argmax) (i32.add (local.get $out) (local.get $ow)) (local.get $base) (local.get $h0) (local.get $h1)
                  (i32.sub (i32.mul (local.get $ow) (local.get $sw)) (local.get $pw)) (local.get $width) (local.get $kw) (local.get $sw))
                (local.set $ow (local.get $inside1))))
            (block $rightDone
              (loop $right
                (br_if $rightDone (i32.ge_u (local.get $ow) (local.get $outW)))
                (call $poolOne (local.get $src) (local.get $dst) (local.get $argmax) (i32.add (local.get $out) (local.get $ow)) (local.get $base) (local.get $h0) (local.get $h1) (local.get $ow) (local.get $width) (local.get $kw) (local.get $sw) (local.get $pw))
                (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
                (br $right)))
            (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
            (br $ohLoop)))
        (local.set $plane (i32.add (local.get $plane) (i32.const 1)))
        (br $planeLoop))))

  ;; One output `o` of max pooling, its window clipped to [h0, h1) × [w0, w1); branch-free selects on bits.
  (func $poolOne
    (param $src i32) (param $dst i32) (param $argmax i32) (param $o i32) (param $base i32) (param $h0 i32) (param $h1 i32)
    (param $ow i32) (param $width i32) (param $kw i32) (param $sw i32) (param $pw i32)
    (local $left i32) (local $w0 i32) (local $w1 i32) (local $ih i32) (local $iw i32) (local $index i32)
    (local $value f32) (local $best i32) (local $at i32) (local $mask i32)
    (local.set $left (i32.sub (i32.mul (local.get $ow) (local.get $sw)) (local.get $pw)))
    (local.set $w0 (select (local.get $left) (i32.const 0) (i32.gt_s (local.get $left) (i32.const 0))))
    (local.set $w1 (i32.add (local.get $left) (local.get $kw)))
    (local.set $w1 (select (local.get $w1) (local.get $width) (i32.lt_s (local.get $w1) (local.get $width))))
    (local.set $best (i32.reinterpret_f32 (f32.const -inf)))
    (local.set $at (i32.add (local.get $base) (i32.add (i32.mul (local.get $h0) (local.get $width)) (local.get $w0))))
    (local.set $ih (local.get $h0))
    (block $ihDone
      (loop $ihLoop
        (br_if $ihDone (i32.ge_s (local.get $ih) (local.get $h1)))
        (local.set $iw (local.get $w0))
        (block $iwDone
          (loop $iwLoop
            (br_if $iwDone (i32.ge_s (local.get $iw) (local.get $w1)))
            (local.set $index (i32.add (local.get $base) (i32.add (i32.mul (local.get $ih) (local.get $width)) (local.get $iw))))
            (local.set $value (f32.load (i32.add (local.get $src) (i32.shl (local.get $index) (i32.const 2)))))
            ;; mask = −1 when value > best or value is NaN, else 0.
            (local.set $mask (i32.sub (i32.const 0)
              (i32.or (f32.gt (local.get $value) (f32.reinterpret_i32 (local.get $best))) (f32.ne (local.get $value) (local.get $value)))))
            (local.set $best (i32.or (i32.and (i32.reinterpret_f32 (local.get $value)) (local.get $mask)) (i32.and (local.get $best) (i32.xor (local.get $mask) (i32.const -1)))))
            (local.set $at (i32.or (i32.and (local.get $index) (local.get $mask)) (i32.and (local.get $at) (i32.xor (local.get $mask) (i32.const -1)))))
            (local.set $iw (i32.add (local.get $iw) (i32.const 1)))
            (br $iwLoop)))
        (local.set $ih (i32.add (local.get $ih) (i32.const 1)))
        (br $ihLoop)))
    (i32.store (i32.add (local.get $dst) (i32.shl (local.get $o) (i32.const 2))) (local.get $best))
    (i32.store (i32.add (local.get $argmax) (i32.shl (local.get $o) (i32.const 2))) (local.get $at)))

  ;; Outputs o … o+3 of one row whose windows start at input columns left, left+sw, left+2sw, left+3sw
  ;; (all inside the row), rows [h0, h1): the same rule lane by lane.
  (func $poolFour
    (param $src i32) (param $dst i32) (param $argmax i32) (param $o i32) (param $base i32) (param $h0 i32) (param $h1 i32)
    (param $left i32) (param $width i32) (param $kw i32) (param $sw i32)
    (local $ih i32) (local $kj i32) (local $index i32) (local $address i32)
    (local $steps v128) (local $value v128) (local $best v128) (local $at v128) (local $mask v128) (local $low v128)
    (local.set $steps (i32x4.mul (i32x4.splat (local.get $sw)) (v128.const i32x4 0 1 2 3)))
    (local.set $best (v128.const f32x4 -inf -inf -inf -inf))
    (local.set $at (i32x4.add (i32x4.splat (i32.add (local.get $base) (i32.add (i32.mul (local.get $h0) (local.get $width)) (local.get $left)))) (local.get $steps)))
    (local.set $ih (local.get $h0))
    (block $ihDone
      (loop $ihLoop
        (br_if $ihDone (i32.ge_s (local.get $ih) (local.get $h1)))
        (local.set $kj (i32.const 0))
        (block $kjDone
          (loop $kjLoop
            (br_if $kjDone (i32.ge_s (local.get $kj) (local.get $kw)))
            (local.set $index (i32.add (local.get $base) (i32.add (i32.mul (local.get $ih) (local.get $width)) (i32.add (local.get $left) (local.get $kj)))))
            (local.set $address (i32.add (local.get $src) (i32.shl (local.get $index) (i32.const 2))))
            (if (i32.eq (local.get $sw) (i32.const 1))
              (then (local.set $value (v128.load (local.get $address))))
              (else
                (if (i32.eq (local.get $sw) (i32.const 2))
                  (then
                    ;; the even elements of eight: the last one read is one past the fourth window's
                    ;; column, still inside the arena (outputs follow the input there).
                    (local.set $low (v128.load (local.get $address)))
                    (local.set $value (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $low) (v128.load offset=16 (local.get $address)))))
                  (else
                    (local.set $value (f32x4.splat (f32.load (local.get $address))))
                    (local.set $value (f32x4.replace_lane 1 (local.get $value) (f32.load (i32.add (local.get $address) (i32.shl (local.get $sw) (i32.const 2))))))
                    (local.set $value (f32x4.replace_lane 2 (local.get $value) (f32.load (i32.add (local.get $address) (i32.shl (local.get $sw) (i32.const 3))))))
                    (local.set $value (f32x4.replace_lane 3 (local.get $value) (f32.load (i32.add (local.get $address) (i32.mul (local.get $sw) (i32.const 12))))))))))
            (local.set $mask (v128.or (f32x4.gt (local.get $value) (local.get $best)) (f32x4.ne (local.get $value) (local.get $value))))
            (local.set $best (v128.bitselect (local.get $value) (local.get $best) (local.get $mask)))
            (local.set $at (v128.bitselect (i32x4.add (i32x4.splat (local.get $index)) (local.get $steps)) (local.get $at) (local.get $mask)))
            (local.set $kj (i32.add (local.get $kj) (i32.const 1)))
            (br $kjLoop)))
        (local.set $ih (i32.add (local.get $ih) (i32.const 1)))
        (br $ihLoop)))
    (v128.store (i32.add (local.get $dst) (i32.shl (local.get $o) (i32.const 2))) (local.get $best))
    (v128.store (i32.add (local.get $argmax) (i32.shl (local.get $o) (i32.const 2))) (local.get $at)))

  ;; $maxPool for the common 2×2 window at stride 2 without padding, every window inside the input
  ;; (2·outH ≤ H, 2·outW ≤ W), with the same rule and bits: four outputs of a row at a time, with
  ;; no calls or per-element branches. Two loads per input row give eight columns; their even and
  ;; odd elements are the four windows' left and right columns. Scanning a window row by row, its
  ;; first element starts as the best (what the rule gives from −inf: a greater or NaN value
  ;; replaces −inf, and −inf itself keeps −inf and the first index). A row's last 1–3 outputs are
  ;; four lanes again, ending at outW (recomputing up to three, which writes the same values);
  ;; rows of fewer than four outputs go one output at a time ($poolOne).
  (func $maxPool2x2 (export "maxPool2x2")
    (param $src i32) (param $dst i32) (param $argmax i32) (param $planes i32)
    (param $height i32) (param $width i32) (param $outH i32) (param $outW i32)
    (local $plane i32) (local $oh i32) (local $ow i32) (local $at i32) (local $base i32) (local $first i32)
    (local $row0 i32) (local $row1 i32) (local $out i32) (local $rowBytes i32)
    (local $low v128) (local $high v128) (local $value v128) (local $index v128) (local $take v128)
    (local $best v128) (local $where v128)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (block $planesDone
      (loop $planeLoop
        (br_if $planesDone (i32.ge_u (local.get $plane) (local.get $planes)))
        (local.set $base (i32.mul (i32.mul (local.get $plane) (local.get $height)) (local.get $width)))
        (local.set $oh (i32.const 0))
        (block $ohDone
          (loop $ohLoop
            (br_if $ohDone (i32.ge_u (local.get $oh) (local.get $outH)))
            (local.set $out (i32.mul (i32.add (i32.mul (local.get $plane) (local.get $outH)) (local.get $oh)) (local.get $outW)))
            (if (i32.lt_u (local.get $outW) (i32.const 4))
              (then
                (local.set $ow (i32.const 0))
                (block $onesDone
                  (loop $ones
                    (br_if $onesDone (i32.ge_u (local.get $ow) (local.get $outW)))
                    (call $poolOne (local.get $src) (local.get $dst) (local.get $argmax) (i32.add (local.get $out) (local.get $ow)) (local.get $base)
                      (i32.shl (local.get $oh) (i32.const 1)) (i32.add (i32.shl (local.get $oh) (i32.const 1)) (i32.const 2))
                      (local.get $ow) (local.get $width) (i32.const 2) (i32.const 2) (i32.const 0))
                    (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
                    (br $ones))))
              (else
                ;; the element index of the row's first window
                (local.set $first (i32.add (local.get $base) (i32.mul (i32.shl (local.get $oh) (i32.const 1)) (local.get $width))))
                (local.set $ow (i32.const 0))
                (block $vectorsDone
                  (loop $vectors
                    (br_if $vectorsDone (i32.ge_u (local.get $ow) (local.get $outW)))
                    (local.set $at (select (local.get $ow) (i32.sub (local.get $outW) (i32.const 4)) (i32.le_u (i32.add (local.get $ow) (i32.const 4)) (local.get $outW))))
                    (local.set $row0 (i32.add (local.get $src) (i32.shl (i32.add (local.get $first) (i32.shl (local.get $at) (i32.const 1))) (i32.const 2))))
                    (local.set $row1 (i32.add (local.get $row0) (local.get $rowBytes)))
                    ;; top left: the start
                    (local.set $low (v128.load (local.get $row0)))
                    (local.set $high (v128.load offset=16 (local.get $row0)))
                    (local.set $best (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $low) (local.get $high)))
                    (local.set $where (i32x4.add (i32x4.splat (i32.add (local.get $first) (i32.shl (local.get $at) (i32.const 1)))) (v128.const i32x4 0 2 4 6)))
                    ;; top right
                    (local.set $value (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $low) (local.get $high)))
                    (local.set $index (i32x4.add (local.get $where) (v128.const i32x4 1 1 1 1)))
                    (local.set $take (v128.or (f32x4.gt (local.get $value) (local.get $best)) (f32x4.ne (local.get $value) (local.get $value))))
                    (local.set $best (v128.bitselect (local.get $value) (local.get $best) (local.get $take)))
                    (local.set $where (v128.bitselect (local.get $index) (local.get $where) (local.get $take)))
                    ;; bottom left
                    (local.set $low (v128.load (local.get $row1)))
                    (local.set $high (v128.load offset=16 (local.get $row1)))
                    (local.set $value (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $low) (local.get $high)))
                    (local.set $index (i32x4.add (local.get $index) (i32x4.splat (i32.sub (local.get $width) (i32.const 1)))))
                    (local.set $take (v128.or (f32x4.gt (local.get $value) (local.get $best)) (f32x4.ne (local.get $value) (local.get $value))))
                    (local.set $best (v128.bitselect (local.get $value) (local.get $best) (local.get $take)))
                    (local.set $where (v128.bitselect (local.get $index) (local.get $where) (local.get $take)))
                    ;; bottom right
                    (local.set $value (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $low) (local.get $high)))
                    (local.set $index (i32x4.add (local.get $index) (v128.const i32x4 1 1 1 1)))
                    (local.set $take (v128.or (f32x4.gt (local.get $value) (local.get $best)) (f32x4.ne (local.get $value) (local.get $value))))
                    (local.set $best (v128.bitselect (local.get $value) (local.get $best) (local.get $take)))
                    (local.set $where (v128.bitselect (local.get $index) (local.get $where) (local.get $take)))
                    (v128.store (i32.add (local.get $dst) (i32.shl (i32.add (local.get $out) (local.get $at)) (i32.const 2))) (local.get $best))
                    (v128.store (i32.add (local.get $argmax) (i32.shl (i32.add (local.get $out) (local.get $at)) (i32.const 2))) (local.get $where))
                    (local.set $ow (i32.add (local.get $at) (i32.const 4)))
                    (br $vectors)))))
            (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
            (br $ohLoop)))
        (local.set $plane (i32.add (local.get $plane) (i32.const 1)))
        (br $planeLoop))))

  ;; ── Elementwise kernels (results identical to the reference: no sums are reordered) ──

  ;; dst[i] = src[i] > 0 ? src[i] : 0 for i < count (relu; NaN and −0 give +0). pmax(0, x) is
  ;; exactly that: 0 < x ? x : 0.
  (func $relu (export "relu") (param $src i32) (param $dst i32) (param $count i32)
    (local $end i32) (local $end4 i32) (local $value f32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $src) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $src) (local.get $end4)))
        (v128.store (local.get $dst) (f32x4.pmax (v128.const f32x4 0 0 0 0) (v128.load (local.get $src))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $vectors)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $value (f32.load (local.get $src)))
        (f32.store (local.get $dst) (select (local.get $value) (f32.const 0) (f32.gt (local.get $value) (f32.const 0))))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $tail))))

  ;; dx[i] += x[i] > 0 ? dy[i] : 0 for i < count (relu's gradient; 0 at the kink, as PyTorch).
  (func $reluBackward (export "reluBackward") (param $x i32) (param $dy i32) (param $dx i32) (param $count i32)
    (local $end i32) (local $end4 i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $x) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $x) (local.get $end4)))
        (v128.store (local.get $dx)
          (f32x4.add (v128.load (local.get $dx))
            (v128.and (v128.load (local.get $dy)) (f32x4.gt (v128.load (local.get $x)) (v128.const f32x4 0 0 0 0)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 16)))
        (br $vectors)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $x) (local.get $end)))
        (f32.store (local.get $dx)
          (f32.add (f32.load (local.get $dx))
            (select (f32.load (local.get $dy)) (f32.const 0) (f32.gt (f32.load (local.get $x)) (f32.const 0)))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 4)))
        (br $tail))))

  ;; dst[r × n + j] = src[r × n + j] + bias[j] for r < rows (dense's bias).
  (func $addBias (export "addBias") (param $src i32) (param $bias i32) (param $dst i32) (param $rows i32) (param $n i32)
    (local $r i32) (local $j i32) (local $n4 i32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.ge_u (local.get $j) (local.get $n4)))
            (v128.store (local.get $dst) (f32x4.add (v128.load (local.get $src)) (v128.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $src (i32.add (local.get $src) (i32.const 16)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $vectors)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $j) (local.get $n)))
            (f32.store (local.get $dst) (f32.add (f32.load (local.get $src)) (f32.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $src (i32.add (local.get $src) (i32.const 4)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; dst[j] = f32(dst[j] + Σ_r src[r × n + j]) (dense's bias gradient). Each column is summed in
  ;; float64 from 0, row after row, into `sums` (8n bytes), and rounded once: the reference's
  ;; operations in the reference's order, so the same bits.
  (func $addColumnSums (export "addColumnSums") (param $src i32) (param $rows i32) (param $n i32) (param $dst i32) (param $sums i32)
    (local $r i32) (local $j i32) (local $n4 i32) (local $at i32) (local $x v128)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (call $zero (local.get $sums) (i32.shl (local.get $n) (i32.const 1)))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.ge_u (local.get $j) (local.get $n4)))
            (local.set $at (i32.add (local.get $sums) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $x (v128.load (local.get $src)))
            (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at)) (f64x2.promote_low_f32x4 (local.get $x))))
            (v128.store offset=16 (local.get $at) (f64x2.add (v128.load offset=16 (local.get $at)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))))
            (local.set $src (i32.add (local.get $src) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $vectors)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $at (i32.add (local.get $sums) (i32.shl (local.get $j) (i32.const 3))))
            (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64.promote_f32 (f32.load (local.get $src)))))
            (local.set $src (i32.add (local.get $src) (i32.const 4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop)))
    (local.set $j (i32.const 0))
    (block $storeDone
      (loop $store
        (br_if $storeDone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $at (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 2))))
        (f32.store (local.get $at) (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (local.get $at))) (f64.load (i32.add (local.get $sums) (i32.shl (local.get $j) (i32.const 3)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $store))))

  ;; dx[argmax[o]] += dy[o] for o < count (max pooling's gradient; argmax holds element indices).
  (func $maxPoolBackward (export "maxPoolBackward") (param $dy i32) (param $argmax i32) (param $dx i32) (param $count i32)
    (local $end i32) (local $at i32)
    (local.set $end (i32.add (local.get $dy) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $dy) (local.get $end)))
        (local.set $at (i32.add (local.get $dx) (i32.shl (i32.load (local.get $argmax)) (i32.const 2))))
        (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (f32.load (local.get $dy))))
        (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
        (local.set $argmax (i32.add (local.get $argmax) (i32.const 4)))
        (br $next))))

  ;; y[i] = float32(y[i] + a·x[i]) for i < count, the arithmetic in float64 as JavaScript does it
  ;; (so the result is bit-identical to `y[i] = y[i] + a * x[i]` on a Float32Array): SGD's update.
  (func $axpy (export "axpy") (param $y i32) (param $a f64) (param $x i32) (param $count i32)
    (local $end i32) (local $end4 i32) (local $scale v128) (local $xs v128) (local $ys v128)
    (local.set $end (i32.add (local.get $y) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $y) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (local.set $scale (f64x2.splat (local.get $a)))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $y) (local.get $end4)))
        (local.set $xs (v128.load (local.get $x)))
        (local.set $ys (v128.load (local.get $y)))
        (v128.store (local.get $y)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero
              (f64x2.add (f64x2.promote_low_f32x4 (local.get $ys)) (f64x2.mul (local.get $scale) (f64x2.promote_low_f32x4 (local.get $xs)))))
            (f32x4.demote_f64x2_zero
              (f64x2.add
                (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $ys) (local.get $ys)))
                (f64x2.mul (local.get $scale) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $xs) (local.get $xs))))))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $vectors)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $y) (local.get $end)))
        (f32.store (local.get $y)
          (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (local.get $y))) (f64.mul (local.get $a) (f64.promote_f32 (f32.load (local.get $x)))))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (br $tail))))

  ;; Float64 constants of $gelu (splatted; Cody's coefficients in CALERF's order, as erf.ts). V8
  ;; builds a v128.const from immediates, four instructions each time; a global is one load.
  (global $zero v128 (v128.const f64x2 0 0))
  (global $one v128 (v128.const f64x2 1 1))
  (global $two v128 (v128.const f64x2 2 2))
  (global $half v128 (v128.const f64x2 0.5 0.5))
  (global $minusHalf v128 (v128.const f64x2 -0.5 -0.5))
  (global $minusOne v128 (v128.const f64x2 -1 -1))
  (global $inverseLn2 v128 (v128.const f64x2 1.4426950408889634 1.4426950408889634))
  (global $halfLn2Bound v128 (v128.const f64x2 0.3465735912322998 0.3465735912322998))
  (global $threeHalvesLn2Bound v128 (v128.const f64x2 1.0397205352783203 1.0397205352783203))
  (global $ln2High v128 (v128.const f64x2 0.6931471803691238 0.6931471803691238))
  (global $ln2Low v128 (v128.const f64x2 1.9082149292705877e-10 1.9082149292705877e-10))
  (global $p1 v128 (v128.const f64x2 0.16666666666666602 0.16666666666666602))
  (global $p2 v128 (v128.const f64x2 -0.0027777777777015593 -0.0027777777777015593))
  (global $p3 v128 (v128.const f64x2 6.613756321437934e-5 6.613756321437934e-5))
  (global $p4 v128 (v128.const f64x2 -1.6533902205465252e-6 -1.6533902205465252e-6))
  (global $p5 v128 (v128.const f64x2 4.1381367970572385e-8 4.1381367970572385e-8))
  (global $tinyBound v128 (v128.const f64x2 3.725290298461914e-9 3.725290298461914e-9))
  (global $underflowBound v128 (v128.const f64x2 -745.1332191019411 -745.1332191019411))
  (global $exponentBias v128 (v128.const f64x2 4503599627372519 4503599627372519))
  (global $twoToMinus1000 v128 (v128.const f64x2 0x1p-1000 0x1p-1000))
  (global $sqrtHalf v128 (v128.const f64x2 0.7071067811865476 0.7071067811865476))
  (global $inverseSqrtTwoPi v128 (v128.const f64x2 0.3989422804014327 0.3989422804014327))
  (global $oneOverSqrtPi v128 (v128.const f64x2 0.5641895835477563 0.5641895835477563))
  (global $smallBound v128 (v128.const f64x2 0.46875 0.46875))
  (global $asymptoticBound v128 (v128.const f64x2 4 4))
  (global $zeroBound v128 (v128.const f64x2 26.543 26.543))
  (global $squareBound v128 (v128.const f64x2 1.11e-16 1.11e-16))
  (global $codyA0 v128 (v128.const f64x2 0.18577770618460315 0.18577770618460315))
  (global $codyA1 v128 (v128.const f64x2 3.1611237438705655 3.1611237438705655))
  (global $codyA2 v128 (v128.const f64x2 113.86415415105016 113.86415415105016))
  (global $codyA3 v128 (v128.const f64x2 377.485237685302 377.485237685302))
  (global $codyA4 v128 (v128.const f64x2 3209.3775891384694 3209.3775891384694))
  (global $codyB0 v128 (v128.const f64x2 23.601290952344122 23.601290952344122))
  (global $codyB1 v128 (v128.const f64x2 244.02463793444417 244.02463793444417))
  (global $codyB2 v128 (v128.const f64x2 1282.6165260773723 1282.6165260773723))
  (global $codyB3 v128 (v128.const f64x2 2844.236833439171 2844.236833439171))
  (global $codyC0 v128 (v128.const f64x2 2.1531153547440383e-8 2.1531153547440383e-8))
  (global $codyC1 v128 (v128.const f64x2 0.5641884969886701 0.5641884969886701))
  (global $codyC2 v128 (v128.const f64x2 8.883149794388377 8.883149794388377))
  (global $codyC3 v128 (v128.const f64x2 66.11919063714163 66.11919063714163))
  (global $codyC4 v128 (v128.const f64x2 298.6351381974001 298.6351381974001))
  (global $codyC5 v128 (v128.const f64x2 881.952221241769 881.952221241769))
  (global $codyC6 v128 (v128.const f64x2 1712.0476126340707 1712.0476126340707))
  (global $codyC7 v128 (v128.const f64x2 2051.0783778260716 2051.0783778260716))
  (global $codyC8 v128 (v128.const f64x2 1230.3393547979972 1230.3393547979972))
  (global $codyD0 v128 (v128.const f64x2 15.744926110709835 15.744926110709835))
  (global $codyD1 v128 (v128.const f64x2 117.6939508913125 117.6939508913125))
  (global $codyD2 v128 (v128.const f64x2 537.1811018620099 537.1811018620099))
  (global $codyD3 v128 (v128.const f64x2 1621.3895745666903 1621.3895745666903))
  (global $codyD4 v128 (v128.const f64x2 3290.7992357334597 3290.7992357334597))
  (global $codyD5 v128 (v128.const f64x2 4362.619090143247 4362.619090143247))
  (global $codyD6 v128 (v128.const f64x2 3439.3676741437216 3439.3676741437216))
  (global $codyD7 v128 (v128.const f64x2 1230.3393548037495 1230.3393548037495))
  (global $codyP0 v128 (v128.const f64x2 0.016315387137302097 0.016315387137302097))
  (global $codyP1 v128 (v128.const f64x2 0.30532663496123236 0.30532663496123236))
  (global $codyP2 v128 (v128.const f64x2 0.36034489994980445 0.36034489994980445))
  (global $codyP3 v128 (v128.const f64x2 0.12578172611122926 0.12578172611122926))
  (global $codyP4 v128 (v128.const f64x2 0.016083785148742275 0.016083785148742275))
  (global $codyP5 v128 (v128.const f64x2 0.0006587491615298378 0.0006587491615298378))
  (global $codyQ0 v128 (v128.const f64x2 2.568520192289822 2.568520192289822))
  (global $codyQ1 v128 (v128.const f64x2 1.8729528499234604 1.8729528499234604))
  (global $codyQ2 v128 (v128.const f64x2 0.5279051029514285 0.5279051029514285))
  (global $codyQ3 v128 (v128.const f64x2 0.06051834131244132 0.06051834131244132))
  (global $codyQ4 v128 (v128.const f64x2 0.0023352049762686918 0.0023352049762686918))

  ;; out[i] = GELU(x[i]) and derivative[i] = dGELU/dx at x[i] for i < count, bit-identical to
  ;; core/tensor/kernels/activation-math.ts's geluWithDerivative: the same float64 operations in
  ;; the same order, two f64x2 halves (Low, High) of each four floats interleaved statement by
  ;; statement, so that the long dependency chains (Horner's rule, the divisions) of one half
  ;; overlap the other's. Reads and writes whole f32x4: up to three floats past `count`, which the
  ;; arena's 16-byte rounding holds. Per half:
  ;; - g = Math.exp(−x²/2) as fdlibm (V8's Math.exp, core/tensor/kernels/exp.ts) for arguments
  ;;   ≤ 0: its three reductions are one here (k = 0 below ½·ln2 and −1 below 1½·ln2 give through
  ;;   a − k·ln2High and k·ln2Low exactly its special cases' hi and lo); 2ᵏ is scaled as its
  ;;   subnormal path does, y·2^(k+1000)·2^−1000 (two exact products for a normal result), the
  ;;   exponent bits from k + 2⁵² + 2023 shifted left 52; 1 + a below 2⁻²⁸, 0 below its underflow
  ;;   threshold, NaN stays NaN.
  ;; - erfc(z), z = −x/√2 (erf.ts's erfcGivenGaussian): erf's small-argument and erfc's middle
  ;;   rational functions are both evaluated (halves of random sign and size would mispredict a
  ;;   branch) and share one division; erfc's asymptotic form beyond 4 only when a lane needs it.
  ;; - Φ = erfc/2, out = x·Φ, derivative = Φ + x·φ(x) with φ = g/√(2π).
  (func $gelu (export "gelu") (param $src i32) (param $out i32) (param $derivative i32) (param $count i32)
    (local $end i32) (local $v v128) (local $aLow v128) (local $aHigh v128) (local $mLow v128) (local $mHigh v128) (local $kLow v128) (local $kHigh v128) (local $hiLow v128) (local $hiHigh v128) (local $loLow v128) (local $loHigh v128) (local $rLow v128) (local $rHigh v128) (local $tLow v128) (local $tHigh v128) (local $cLow v128) (local $cHigh v128) (local $gLow v128) (local $gHigh v128) (local $xLow v128) (local $xHigh v128) (local $zLow v128) (local $zHigh v128) (local $yLow v128) (local $yHigh v128) (local $smallLow v128) (local $smallHigh v128) (local $largeLow v128) (local $largeHigh v128) (local $sLow v128) (local $sHigh v128) (local $nsLow v128) (local $nsHigh v128) (local $dsLow v128) (local $dsHigh v128) (local $nmLow v128) (local $nmHigh v128) (local $dmLow v128) (local $dmHigh v128) (local $qLow v128) (local $qHigh v128) (local $invLow v128) (local $invHigh v128)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $v (v128.load (local.get $src)))
        (local.set $xLow (f64x2.promote_low_f32x4 (local.get $v)))
        (local.set $xHigh (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
        (local.set $aLow (f64x2.mul (f64x2.mul (global.get $minusHalf) (local.get $xLow)) (local.get $xLow)))
        (local.set $aHigh (f64x2.mul (f64x2.mul (global.get $minusHalf) (local.get $xHigh)) (local.get $xHigh)))
        (local.set $mLow (f64x2.abs (local.get $aLow)))
        (local.set $mHigh (f64x2.abs (local.get $aHigh)))
        (local.set $kLow (v128.bitselect (global.get $zero) (v128.bitselect (global.get $minusOne) (f64x2.trunc (f64x2.add (f64x2.mul (global.get $inverseLn2) (local.get $aLow)) (global.get $minusHalf))) (f64x2.lt (local.get $mLow) (global.get $threeHalvesLn2Bound))) (f64x2.lt (local.get $mLow) (global.get $halfLn2Bound))))
        (local.set $kHigh (v128.bitselect (global.get $zero) (v128.bitselect (global.get $minusOne) (f64x2.trunc (f64x2.add (f64x2.mul (global.get $inverseLn2) (local.get $aHigh)) (global.get $minusHalf))) (f64x2.lt (local.get $mHigh) (global.get $threeHalvesLn2Bound))) (f64x2.lt (local.get $mHigh) (global.get $halfLn2Bound))))
        (local.set $hiLow (f64x2.sub (local.get $aLow) (f64x2.mul (local.get $kLow) (global.get $ln2High))))
        (local.set $hiHigh (f64x2.sub (local.get $aHigh) (f64x2.mul (local.get $kHigh) (global.get $ln2High))))
        (local.set $loLow (f64x2.mul (local.get $kLow) (global.get $ln2Low)))
        (local.set $loHigh (f64x2.mul (local.get $kHigh) (global.get $ln2Low)))
        (local.set $rLow (f64x2.sub (local.get $hiLow) (local.get $loLow)))
        (local.set $rHigh (f64x2.sub (local.get $hiHigh) (local.get $loHigh)))
        (local.set $tLow (f64x2.mul (local.get $rLow) (local.get $rLow)))
        (local.set $tHigh (f64x2.mul (local.get $rHigh) (local.get $rHigh)))
        (local.set $cLow (f64x2.mul (local.get $tLow) (global.get $p5)))
        (local.set $cHigh (f64x2.mul (local.get $tHigh) (global.get $p5)))
        (local.set $cLow (f64x2.mul (local.get $tLow) (f64x2.add (global.get $p4) (local.get $cLow))))
        (local.set $cHigh (f64x2.mul (local.get $tHigh) (f64x2.add (global.get $p4) (local.get $cHigh))))
        (local.set $cLow (f64x2.mul (local.get $tLow) (f64x2.add (global.get $p3) (local.get $cLow))))
        (local.set $cHigh (f64x2.mul (local.get $tHigh) (f64x2.add (global.get $p3) (local.get $cHigh))))
        (local.set $cLow (f64x2.mul (local.get $tLow) (f64x2.add (global.get $p2) (local.get $cLow))))
        (local.set $cHigh (f64x2.mul (local.get $tHigh) (f64x2.add (global.get $p2) (local.get $cHigh))))
        (local.set $cLow (f64x2.sub (local.get $rLow) (f64x2.mul (local.get $tLow) (f64x2.add (global.get $p1) (local.get $cLow)))))
        (local.set $cHigh (f64x2.sub (local.get $rHigh) (f64x2.mul (local.get $tHigh) (f64x2.add (global.get $p1) (local.get $cHigh)))))
        (local.set $gLow (f64x2.sub (global.get $one) (f64x2.sub (f64x2.sub (local.get $loLow) (f64x2.div (f64x2.mul (local.get $rLow) (local.get $cLow)) (f64x2.sub (global.get $two) (local.get $cLow)))) (local.get $hiLow))))
        (local.set $gHigh (f64x2.sub (global.get $one) (f64x2.sub (f64x2.sub (local.get $loHigh) (f64x2.div (f64x2.mul (local.get $rHigh) (local.get $cHigh)) (f64x2.sub (global.get $two) (local.get $cHigh)))) (local.get $hiHigh))))
        (local.set $gLow (f64x2.mul (f64x2.mul (local.get $gLow) (i64x2.shl (f64x2.add (local.get $kLow) (global.get $exponentBias)) (i32.const 52))) (global.get $twoToMinus1000)))
        (local.set $gHigh (f64x2.mul (f64x2.mul (local.get $gHigh) (i64x2.shl (f64x2.add (local.get $kHigh) (global.get $exponentBias)) (i32.const 52))) (global.get $twoToMinus1000)))
        (local.set $gLow (v128.bitselect (f64x2.add (global.get $one) (local.get $aLow)) (local.get $gLow) (f64x2.lt (local.get $mLow) (global.get $tinyBound))))
        (local.set $gHigh (v128.bitselect (f64x2.add (global.get $one) (local.get $aHigh)) (local.get $gHigh) (f64x2.lt (local.get $mHigh) (global.get $tinyBound))))
        (local.set $gLow (v128.bitselect (global.get $zero) (local.get $gLow) (f64x2.lt (local.get $aLow) (global.get $underflowBound))))
        (local.set $gHigh (v128.bitselect (global.get $zero) (local.get $gHigh) (f64x2.lt (local.get $aHigh) (global.get $underflowBound))))
        (local.set $zLow (f64x2.mul (f64x2.neg (local.get $xLow)) (global.get $sqrtHalf)))
        (local.set $zHigh (f64x2.mul (f64x2.neg (local.get $xHigh)) (global.get $sqrtHalf)))
        (local.set $yLow (f64x2.abs (local.get $zLow)))
        (local.set $yHigh (f64x2.abs (local.get $zHigh)))
        (local.set $smallLow (f64x2.le (local.get $yLow) (global.get $smallBound)))
        (local.set $smallHigh (f64x2.le (local.get $yHigh) (global.get $smallBound)))
        (local.set $largeLow (f64x2.gt (local.get $yLow) (global.get $asymptoticBound)))
        (local.set $largeHigh (f64x2.gt (local.get $yHigh) (global.get $asymptoticBound)))
        (local.set $sLow (v128.and (f64x2.mul (local.get $yLow) (local.get $yLow)) (f64x2.gt (local.get $yLow) (global.get $squareBound))))
        (local.set $sHigh (v128.and (f64x2.mul (local.get $yHigh) (local.get $yHigh)) (f64x2.gt (local.get $yHigh) (global.get $squareBound))))
        (local.set $nsLow (f64x2.mul (global.get $codyA0) (local.get $sLow)))
        (local.set $nsHigh (f64x2.mul (global.get $codyA0) (local.get $sHigh)))
        (local.set $dsLow (local.get $sLow))
        (local.set $dsHigh (local.get $sHigh))
        (local.set $nsLow (f64x2.mul (f64x2.add (local.get $nsLow) (global.get $codyA1)) (local.get $sLow)))
        (local.set $nsHigh (f64x2.mul (f64x2.add (local.get $nsHigh) (global.get $codyA1)) (local.get $sHigh)))
        (local.set $dsLow (f64x2.mul (f64x2.add (local.get $dsLow) (global.get $codyB0)) (local.get $sLow)))
        (local.set $dsHigh (f64x2.mul (f64x2.add (local.get $dsHigh) (global.get $codyB0)) (local.get $sHigh)))
        (local.set $nsLow (f64x2.mul (f64x2.add (local.get $nsLow) (global.get $codyA2)) (local.get $sLow)))
        (local.set $nsHigh (f64x2.mul (f64x2.add (local.get $nsHigh) (global.get $codyA2)) (local.get $sHigh)))
        (local.set $dsLow (f64x2.mul (f64x2.add (local.get $dsLow) (global.get $codyB1)) (local.get $sLow)))
        (local.set $dsHigh (f64x2.mul (f64x2.add (local.get $dsHigh) (global.get $codyB1)) (local.get $sHigh)))
        (local.set $nsLow (f64x2.mul (f64x2.add (local.get $nsLow) (global.get $codyA3)) (local.get $sLow)))
        (local.set $nsHigh (f64x2.mul (f64x2.add (local.get $nsHigh) (global.get $codyA3)) (local.get $sHigh)))
        (local.set $dsLow (f64x2.mul (f64x2.add (local.get $dsLow) (global.get $codyB2)) (local.get $sLow)))
        (local.set $dsHigh (f64x2.mul (f64x2.add (local.get $dsHigh) (global.get $codyB2)) (local.get $sHigh)))
        (local.set $nsLow (f64x2.mul (local.get $zLow) (f64x2.add (local.get $nsLow) (global.get $codyA4))))
        (local.set $nsHigh (f64x2.mul (local.get $zHigh) (f64x2.add (local.get $nsHigh) (global.get $codyA4))))
        (local.set $dsLow (f64x2.add (local.get $dsLow) (global.get $codyB3)))
        (local.set $dsHigh (f64x2.add (local.get $dsHigh) (global.get $codyB3)))
        (local.set $nmLow (f64x2.mul (global.get $codyC0) (local.get $yLow)))
        (local.set $nmHigh (f64x2.mul (global.get $codyC0) (local.get $yHigh)))
        (local.set $dmLow (local.get $yLow))
        (local.set $dmHigh (local.get $yHigh))
        (local.set $nmLow (f64x2.mul (f64x2.add (local.get $nmLow) (global.get $codyC1)) (local.get $yLow)))
        (local.set $nmHigh (f64x2.mul (f64x2.add (local.get $nmHigh) (global.get $codyC1)) (local.get $yHigh)))
        (local.set $dmLow (f64x2.mul (f64x2.add (local.get $dmLow) (global.get $codyD0)) (local.get $yLow)))
        (local.set $dmHigh (f64x2.mul (f64x2.add (local.get $dmHigh) (global.get $codyD0)) (local.get $yHigh)))
        (local.set $nmLow (f64x2.mul (f64x2.add (local.get $nmLow) (global.get $codyC2)) (local.get $yLow)))
        (local.set $nmHigh (f64x2.mul (f64x2.add (local.get $nmHigh) (global.get $codyC2)) (local.get $yHigh)))
        (local.set $dmLow (f64x2.mul (f64x2.add (local.get $dmLow) (global.get $codyD1)) (local.get $yLow)))
        (local.set $dmHigh (f64x2.mul (f64x2.add (local.get $dmHigh) (global.get $codyD1)) (local.get $yHigh)))
        (local.set $nmLow (f64x2.mul (f64x2.add (local.get $nmLow) (global.get $codyC3)) (local.get $yLow)))
        (local.set $nmHigh (f64x2.mul (f64x2.add (local.get $nmHigh) (global.get $codyC3)) (local.get $yHigh)))
        (local.set $dmLow (f64x2.mul (f64x2.add (local.get $dmLow) (global.get $codyD2)) (local.get $yLow)))
        (local.set $dmHigh (f64x2.mul (f64x2.add (local.get $dmHigh) (global.get $codyD2)) (local.get $yHigh)))
        (local.set $nmLow (f64x2.mul (f64x2.add (local.get $nmLow) (global.get $codyC4)) (local.get $yLow)))
        (local.set $nmHigh (f64x2.mul (f64x2.add (local.get $nmHigh) (global.get $codyC4)) (local.get $yHigh)))
        (local.set $dmLow (f64x2.mul (f64x2.add (local.get $dmLow) (global.get $codyD3)) (local.get $yLow)))
        (local.set $dmHigh (f64x2.mul (f64x2.add (local.get $dmHigh) (global.get $codyD3)) (local.get $yHigh)))
        (local.set $nmLow (f64x2.mul (f64x2.add (local.get $nmLow) (global.get $codyC5)) (local.get $yLow)))
        (local.set $nmHigh (f64x2.mul (f64x2.add (local.get $nmHigh) (global.get $codyC5)) (local.get $yHigh)))
        (local.set $dmLow (f64x2.mul (f64x2.add (local.get $dmLow) (global.get $codyD4)) (local.get $yLow)))
        (local.set $dmHigh (f64x2.mul (f64x2.add (local.get $dmHigh) (global.get $codyD4)) (local.get $yHigh)))
        (local.set $nmLow (f64x2.mul (f64x2.add (local.get $nmLow) (global.get $codyC6)) (local.get $yLow)))
        (local.set $nmHigh (f64x2.mul (f64x2.add (local.get $nmHigh) (global.get $codyC6)) (local.get $yHigh)))
        (local.set $dmLow (f64x2.mul (f64x2.add (local.get $dmLow) (global.get $codyD5)) (local.get $yLow)))
        (local.set $dmHigh (f64x2.mul (f64x2.add (local.get $dmHigh) (global.get $codyD5)) (local.get $yHigh)))
        (local.set $nmLow (f64x2.mul (f64x2.add (local.get $nmLow) (global.get $codyC7)) (local.get $yLow)))
        (local.set $nmHigh (f64x2.mul (f64x2.add (local.get $nmHigh) (global.get $codyC7)) (local.get $yHigh)))
        (local.set $dmLow (f64x2.mul (f64x2.add (local.get $dmLow) (global.get $codyD6)) (local.get $yLow)))
        (local.set $dmHigh (f64x2.mul (f64x2.add (local.get $dmHigh) (global.get $codyD6)) (local.get $yHigh)))
        (local.set $nmLow (f64x2.add (local.get $nmLow) (global.get $codyC8)))
        (local.set $nmHigh (f64x2.add (local.get $nmHigh) (global.get $codyC8)))
        (local.set $dmLow (f64x2.add (local.get $dmLow) (global.get $codyD7)))
        (local.set $dmHigh (f64x2.add (local.get $dmHigh) (global.get $codyD7)))
        (local.set $qLow (f64x2.div (v128.bitselect (local.get $nsLow) (local.get $nmLow) (local.get $smallLow)) (v128.bitselect (local.get $dsLow) (local.get $dmLow) (local.get $smallLow))))
        (local.set $qHigh (f64x2.div (v128.bitselect (local.get $nsHigh) (local.get $nmHigh) (local.get $smallHigh)) (v128.bitselect (local.get $dsHigh) (local.get $dmHigh) (local.get $smallHigh))))
        (if (v128.any_true (v128.or (local.get $largeLow) (local.get $largeHigh)))
          (then
            (local.set $invLow (f64x2.div (global.get $one) (f64x2.mul (local.get $yLow) (local.get $yLow))))
            (local.set $invHigh (f64x2.div (global.get $one) (f64x2.mul (local.get $yHigh) (local.get $yHigh))))
            (local.set $nmLow (f64x2.mul (global.get $codyP0) (local.get $invLow)))
            (local.set $nmHigh (f64x2.mul (global.get $codyP0) (local.get $invHigh)))
            (local.set $dmLow (local.get $invLow))
            (local.set $dmHigh (local.get $invHigh))
            (local.set $nmLow (f64x2.mul (f64x2.add (local.get $nmLow) (global.get $codyP1)) (local.get $invLow)))
            (local.set $nmHigh (f64x2.mul (f64x2.add (local.get $nmHigh) (global.get $codyP1)) (local.get $invHigh)))
            (local.set $dmLow (f64x2.mul (f64x2.add (local.get $dmLow) (global.get $codyQ0)) (local.get $invLow)))
            (local.set $dmHigh (f64x2.mul (f64x2.add (local.get $dmHigh) (global.get $codyQ0)) (local.get $invHigh)))
            (local.set $nmLow (f64x2.mul (f64x2.add (local.get $nmLow) (global.get $codyP2)) (local.get $invLow)))
            (local.set $nmHigh (f64x2.mul (f64x2.add (local.get $nmHigh) (global.get $codyP2)) (local.get $invHigh)))
            (local.set $dmLow (f64x2.mul (f64x2.add (local.get $dmLow) (global.get $codyQ1)) (local.get $invLow)))
            (local.set $dmHigh (f64x2.mul (f64x2.add (local.get $dmHigh) (global.get $codyQ1)) (local.get $invHigh)))
            (local.set $nmLow (f64x2.mul (f64x2.add (local.get $nmLow) (global.get $codyP3)) (local.get $invLow)))
            (local.set $nmHigh (f64x2.mul (f64x2.add (local.get $nmHigh) (global.get $codyP3)) (local.get $invHigh)))
            (local.set $dmLow (f64x2.mul (f64x2.add (local.get $dmLow) (global.get $codyQ2)) (local.get $invLow)))
            (local.set $dmHigh (f64x2.mul (f64x2.add (local.get $dmHigh) (global.get $codyQ2)) (local.get $invHigh)))
            (local.set $nmLow (f64x2.mul (f64x2.add (local.get $nmLow) (global.get $codyP4)) (local.get $invLow)))
            (local.set $nmHigh (f64x2.mul (f64x2.add (local.get $nmHigh) (global.get $codyP4)) (local.get $invHigh)))
            (local.set $dmLow (f64x2.mul (f64x2.add (local.get $dmLow) (global.get $codyQ3)) (local.get $invLow)))
            (local.set $dmHigh (f64x2.mul (f64x2.add (local.get $dmHigh) (global.get $codyQ3)) (local.get $invHigh)))
            (local.set $nmLow (f64x2.div (f64x2.mul (local.get $invLow) (f64x2.add (local.get $nmLow) (global.get $codyP5))) (f64x2.add (local.get $dmLow) (global.get $codyQ4))))
            (local.set $nmHigh (f64x2.div (f64x2.mul (local.get $invHigh) (f64x2.add (local.get $nmHigh) (global.get $codyP5))) (f64x2.add (local.get $dmHigh) (global.get $codyQ4))))
            (local.set $qLow (v128.bitselect (f64x2.div (f64x2.sub (global.get $oneOverSqrtPi) (local.get $nmLow)) (local.get $yLow)) (local.get $qLow) (local.get $largeLow)))
            (local.set $qHigh (v128.bitselect (f64x2.div (f64x2.sub (global.get $oneOverSqrtPi) (local.get $nmHigh)) (local.get $yHigh)) (local.get $qHigh) (local.get $largeHigh)))
))
        (local.set $cLow (v128.andnot (f64x2.mul (local.get $qLow) (local.get $gLow)) (f64x2.ge (local.get $yLow) (global.get $zeroBound))))
        (local.set $cHigh (v128.andnot (f64x2.mul (local.get $qHigh) (local.get $gHigh)) (f64x2.ge (local.get $yHigh) (global.get $zeroBound))))
        (local.set $cLow (v128.bitselect (f64x2.sub (global.get $two) (local.get $cLow)) (local.get $cLow) (f64x2.lt (local.get $zLow) (global.get $zero))))
        (local.set $cHigh (v128.bitselect (f64x2.sub (global.get $two) (local.get $cHigh)) (local.get $cHigh) (f64x2.lt (local.get $zHigh) (global.get $zero))))
        (local.set $cLow (f64x2.mul (global.get $half) (v128.bitselect (f64x2.sub (global.get $one) (local.get $qLow)) (local.get $cLow) (local.get $smallLow))))
        (local.set $cHigh (f64x2.mul (global.get $half) (v128.bitselect (f64x2.sub (global.get $one) (local.get $qHigh)) (local.get $cHigh) (local.get $smallHigh))))
        (v128.store (local.get $out)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (local.get $xLow) (local.get $cLow)))
            (f32x4.demote_f64x2_zero (f64x2.mul (local.get $xHigh) (local.get $cHigh)))))
        (v128.store (local.get $derivative)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.add (local.get $cLow) (f64x2.mul (f64x2.mul (local.get $xLow) (global.get $inverseSqrtTwoPi)) (local.get $gLow))))
            (f32x4.demote_f64x2_zero (f64x2.add (local.get $cHigh) (f64x2.mul (f64x2.mul (local.get $xHigh) (global.get $inverseSqrtTwoPi)) (local.get $gHigh))))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $derivative (i32.add (local.get $derivative) (i32.const 16)))
        (br $quads))))

  ;; Float64 constants of $geluFast (splatted): e^r on |r| ≤ ½·ln2 as a degree-8 polynomial (c0…c8),
  ;; Mills' ratio (1 − Φ(u))/φ(u) on [0, 5] as a degree-7 over degree-6 rational function (P0…P7,
  ;; Q1…Q6, Q0 = 1), both fitted for relative error (measured: ≤ 8e-13 and ≤ 7e-12).
  (global $fastExpC0 v128 (v128.const f64x2 0.9999999999997624 0.9999999999997624))
  (global $fastExpC1 v128 (v128.const f64x2 0.9999999999806215 0.9999999999806215))
  (global $fastExpC2 v128 (v128.const f64x2 0.5000000000618132 0.5000000000618132))
  (global $fastExpC3 v128 (v128.const f64x2 0.16666666885461728 0.16666666885461728))
  (global $fastExpC4 v128 (v128.const f64x2 0.041666664220645584 0.041666664220645584))
  (global $fastExpC5 v128 (v128.const f64x2 0.008333267029055767 0.008333267029055767))
  (global $fastExpC6 v128 (v128.const f64x2 0.0013889178533503087 0.0013889178533503087))
  (global $fastExpC7 v128 (v128.const f64x2 0.0001991542361774281 0.0001991542361774281))
  (global $fastExpC8 v128 (v128.const f64x2 0.00002472727552653778 0.00002472727552653778))
  (global $millsP0 v128 (v128.const f64x2 1.253314137316911 1.253314137316911))
  (global $millsP1 v128 (v128.const f64x2 0.659939645561387 0.659939645561387))
  (global $millsP2 v128 (v128.const f64x2 0.16895438793401038 0.16895438793401038))
  (global $millsP3 v128 (v128.const f64x2 0.0053029892702939774 0.0053029892702939774))
  (global $millsP4 v128 (v128.const f64x2 -0.004642251845331058 -0.004642251845331058))
  (global $millsP5 v128 (v128.const f64x2 -0.0007228751764003092 -0.0007228751764003092))
  (global $millsP6 v128 (v128.const f64x2 2.7374540352379075e-7 2.7374540352379075e-7))
  (global $millsP7 v128 (v128.const f64x2 -6.442939323444952e-9 -6.442939323444952e-9))
  (global $millsQ1 v128 (v128.const f64x2 1.3244402152620838 1.3244402152620838))
  (global $millsQ2 v128 (v128.const f64x2 0.6915564921945306 0.6915564921945306))
  (global $millsQ3 v128 (v128.const f64x2 0.15975487676729883 0.15975487676729883))
  (global $millsQ4 v128 (v128.const f64x2 0.005233662814063993 0.005233662814063993))
  (global $millsQ5 v128 (v128.const f64x2 -0.004713128334544859 -0.004713128334544859))
  (global $millsQ6 v128 (v128.const f64x2 -0.000717345881945669 -0.000717345881945669))
  (global $exponentOne v128 (v128.const f64x2 4503599627371519 4503599627371519))
  (global $fastDomain v128 (v128.const f64x2 5 5))
  (global $geluTolerance v128 (v128.const f64x2 3e-11 3e-11))

  ;; $gelu's results (the reference's bits), cheaper: the same x·Φ(x) and Φ(x) + x·φ(x) from a
  ;; float64 evaluation good to ~1e-11 relative (see the constants above), rounded to float32 only
  ;; where that rounding is certain: where the value ± a bound 3e-11 (4× the largest error seen)
  ;; rounds to one float32, that float32 is also the rounding of the reference's value. Any other
  ;; quad (|x| > 5, NaN, a value within the bound of a float32 rounding tie: ~2 % of quads of
  ;; normal inputs) goes to $gelu. Checked equal to the reference on every float32 input
  ;; (scripts/check-gelu-exhaustive.mjs). Two f64x2 halves per quad, as $gelu; no branch but the
  ;; fallback's.
  (func $geluFast (export "geluFast") (param $src i32) (param $out i32) (param $derivative i32) (param $count i32)
    (local $end i32) (local $v v128) (local $uLow v128) (local $uHigh v128) (local $aLow v128) (local $aHigh v128) (local $kLow v128) (local $kHigh v128) (local $rLow v128) (local $rHigh v128) (local $eLow v128) (local $eHigh v128) (local $pLow v128) (local $pHigh v128) (local $qLow v128) (local $qHigh v128) (local $phiLow v128) (local $phiHigh v128) (local $tLow v128) (local $tHigh v128) (local $cdfLow v128) (local $cdfHigh v128) (local $yLow v128) (local $yHigh v128) (local $xphiLow v128) (local $xphiHigh v128) (local $dLow v128) (local $dHigh v128) (local $eyLow v128) (local $eyHigh v128) (local $edLow v128) (local $edHigh v128) (local $yLoLow v128) (local $yLoHigh v128) (local $dLoLow v128) (local $dLoHigh v128) (local $okLow v128) (local $okHigh v128) (local $xLow v128) (local $xHigh v128)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $v (v128.load (local.get $src)))
        (local.set $xLow (f64x2.promote_low_f32x4 (local.get $v)))
        (local.set $xHigh (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
        (local.set $uLow (f64x2.abs (local.get $xLow)))
        (local.set $uHigh (f64x2.abs (local.get $xHigh)))
        (local.set $aLow (f64x2.mul (f64x2.mul (global.get $minusHalf) (local.get $xLow)) (local.get $xLow)))
        (local.set $aHigh (f64x2.mul (f64x2.mul (global.get $minusHalf) (local.get $xHigh)) (local.get $xHigh)))
        (local.set $kLow (f64x2.nearest (f64x2.mul (local.get $aLow) (global.get $inverseLn2))))
        (local.set $kHigh (f64x2.nearest (f64x2.mul (local.get $aHigh) (global.get $inverseLn2))))
        (local.set $rLow (f64x2.sub (f64x2.sub (local.get $aLow) (f64x2.mul (local.get $kLow) (global.get $ln2High))) (f64x2.mul (local.get $kLow) (global.get $ln2Low))))
        (local.set $rHigh (f64x2.sub (f64x2.sub (local.get $aHigh) (f64x2.mul (local.get $kHigh) (global.get $ln2High))) (f64x2.mul (local.get $kHigh) (global.get $ln2Low))))
        (local.set $eLow (f64x2.add (f64x2.mul (global.get $fastExpC8) (local.get $rLow)) (global.get $fastExpC7)))
        (local.set $eHigh (f64x2.add (f64x2.mul (global.get $fastExpC8) (local.get $rHigh)) (global.get $fastExpC7)))
        (local.set $eLow (f64x2.add (f64x2.mul (local.get $eLow) (local.get $rLow)) (global.get $fastExpC6)))
        (local.set $eHigh (f64x2.add (f64x2.mul (local.get $eHigh) (local.get $rHigh)) (global.get $fastExpC6)))
        (local.set $eLow (f64x2.add (f64x2.mul (local.get $eLow) (local.get $rLow)) (global.get $fastExpC5)))
        (local.set $eHigh (f64x2.add (f64x2.mul (local.get $eHigh) (local.get $rHigh)) (global.get $fastExpC5)))
        (local.set $eLow (f64x2.add (f64x2.mul (local.get $eLow) (local.get $rLow)) (global.get $fastExpC4)))
        (local.set $eHigh (f64x2.add (f64x2.mul (local.get $eHigh) (local.get $rHigh)) (global.get $fastExpC4)))
        (local.set $eLow (f64x2.add (f64x2.mul (local.get $eLow) (local.get $rLow)) (global.get $fastExpC3)))
        (local.set $eHigh (f64x2.add (f64x2.mul (local.get $eHigh) (local.get $rHigh)) (global.get $fastExpC3)))
        (local.set $eLow (f64x2.add (f64x2.mul (local.get $eLow) (local.get $rLow)) (global.get $fastExpC2)))
        (local.set $eHigh (f64x2.add (f64x2.mul (local.get $eHigh) (local.get $rHigh)) (global.get $fastExpC2)))
        (local.set $eLow (f64x2.add (f64x2.mul (local.get $eLow) (local.get $rLow)) (global.get $fastExpC1)))
        (local.set $eHigh (f64x2.add (f64x2.mul (local.get $eHigh) (local.get $rHigh)) (global.get $fastExpC1)))
        (local.set $eLow (f64x2.add (f64x2.mul (local.get $eLow) (local.get $rLow)) (global.get $fastExpC0)))
        (local.set $eHigh (f64x2.add (f64x2.mul (local.get $eHigh) (local.get $rHigh)) (global.get $fastExpC0)))
        (local.set $pLow (f64x2.add (f64x2.mul (global.get $millsP7) (local.get $uLow)) (global.get $millsP6)))
        (local.set $pHigh (f64x2.add (f64x2.mul (global.get $millsP7) (local.get $uHigh)) (global.get $millsP6)))
        (local.set $qLow (f64x2.add (f64x2.mul (global.get $millsQ6) (local.get $uLow)) (global.get $millsQ5)))
        (local.set $qHigh (f64x2.add (f64x2.mul (global.get $millsQ6) (local.get $uHigh)) (global.get $millsQ5)))
        (local.set $pLow (f64x2.add (f64x2.mul (local.get $pLow) (local.get $uLow)) (global.get $millsP5)))
        (local.set $pHigh (f64x2.add (f64x2.mul (local.get $pHigh) (local.get $uHigh)) (global.get $millsP5)))
        (local.set $pLow (f64x2.add (f64x2.mul (local.get $pLow) (local.get $uLow)) (global.get $millsP4)))
        (local.set $pHigh (f64x2.add (f64x2.mul (local.get $pHigh) (local.get $uHigh)) (global.get $millsP4)))
        (local.set $qLow (f64x2.add (f64x2.mul (local.get $qLow) (local.get $uLow)) (global.get $millsQ4)))
        (local.set $qHigh (f64x2.add (f64x2.mul (local.get $qHigh) (local.get $uHigh)) (global.get $millsQ4)))
        (local.set $pLow (f64x2.add (f64x2.mul (local.get $pLow) (local.get $uLow)) (global.get $millsP3)))
        (local.set $pHigh (f64x2.add (f64x2.mul (local.get $pHigh) (local.get $uHigh)) (global.get $millsP3)))
        (local.set $qLow (f64x2.add (f64x2.mul (local.get $qLow) (local.get $uLow)) (global.get $millsQ3)))
        (local.set $qHigh (f64x2.add (f64x2.mul (local.get $qHigh) (local.get $uHigh)) (global.get $millsQ3)))
        (local.set $pLow (f64x2.add (f64x2.mul (local.get $pLow) (local.get $uLow)) (global.get $millsP2)))
        (local.set $pHigh (f64x2.add (f64x2.mul (local.get $pHigh) (local.get $uHigh)) (global.get $millsP2)))
        (local.set $qLow (f64x2.add (f64x2.mul (local.get $qLow) (local.get $uLow)) (global.get $millsQ2)))
        (local.set $qHigh (f64x2.add (f64x2.mul (local.get $qHigh) (local.get $uHigh)) (global.get $millsQ2)))
        (local.set $pLow (f64x2.add (f64x2.mul (local.get $pLow) (local.get $uLow)) (global.get $millsP1)))
        (local.set $pHigh (f64x2.add (f64x2.mul (local.get $pHigh) (local.get $uHigh)) (global.get $millsP1)))
        (local.set $qLow (f64x2.add (f64x2.mul (local.get $qLow) (local.get $uLow)) (global.get $millsQ1)))
        (local.set $qHigh (f64x2.add (f64x2.mul (local.get $qHigh) (local.get $uHigh)) (global.get $millsQ1)))
        (local.set $pLow (f64x2.add (f64x2.mul (local.get $pLow) (local.get $uLow)) (global.get $millsP0)))
        (local.set $pHigh (f64x2.add (f64x2.mul (local.get $pHigh) (local.get $uHigh)) (global.get $millsP0)))
        (local.set $qLow (f64x2.add (f64x2.mul (local.get $qLow) (local.get $uLow)) (global.get $one)))
        (local.set $qHigh (f64x2.add (f64x2.mul (local.get $qHigh) (local.get $uHigh)) (global.get $one)))
        (local.set $phiLow (f64x2.mul (f64x2.mul (local.get $eLow) (i64x2.shl (f64x2.add (local.get $kLow) (global.get $exponentOne)) (i32.const 52))) (global.get $inverseSqrtTwoPi)))
        (local.set $phiHigh (f64x2.mul (f64x2.mul (local.get $eHigh) (i64x2.shl (f64x2.add (local.get $kHigh) (global.get $exponentOne)) (i32.const 52))) (global.get $inverseSqrtTwoPi)))
        (local.set $tLow (f64x2.mul (local.get $phiLow) (f64x2.div (local.get $pLow) (local.get $qLow))))
        (local.set $tHigh (f64x2.mul (local.get $phiHigh) (f64x2.div (local.get $pHigh) (local.get $qHigh))))
        (local.set $cdfLow (v128.bitselect (local.get $tLow) (f64x2.sub (global.get $one) (local.get $tLow)) (f64x2.lt (local.get $xLow) (global.get $zero))))
        (local.set $cdfHigh (v128.bitselect (local.get $tHigh) (f64x2.sub (global.get $one) (local.get $tHigh)) (f64x2.lt (local.get $xHigh) (global.get $zero))))
        (local.set $yLow (f64x2.mul (local.get $xLow) (local.get $cdfLow)))
        (local.set $yHigh (f64x2.mul (local.get $xHigh) (local.get $cdfHigh)))
        (local.set $xphiLow (f64x2.mul (local.get $xLow) (local.get $phiLow)))
        (local.set $xphiHigh (f64x2.mul (local.get $xHigh) (local.get $phiHigh)))
        (local.set $dLow (f64x2.add (local.get $cdfLow) (local.get $xphiLow)))
        (local.set $dHigh (f64x2.add (local.get $cdfHigh) (local.get $xphiHigh)))
        (local.set $eyLow (f64x2.mul (f64x2.abs (local.get $yLow)) (global.get $geluTolerance)))
        (local.set $eyHigh (f64x2.mul (f64x2.abs (local.get $yHigh)) (global.get $geluTolerance)))
        (local.set $edLow (f64x2.mul (f64x2.add (local.get $cdfLow) (f64x2.abs (local.get $xphiLow))) (global.get $geluTolerance)))
        (local.set $edHigh (f64x2.mul (f64x2.add (local.get $cdfHigh) (f64x2.abs (local.get $xphiHigh))) (global.get $geluTolerance)))
        (local.set $yLoLow (f32x4.demote_f64x2_zero (f64x2.sub (local.get $yLow) (local.get $eyLow))))
        (local.set $yLoHigh (f32x4.demote_f64x2_zero (f64x2.sub (local.get $yHigh) (local.get $eyHigh))))
        (local.set $dLoLow (f32x4.demote_f64x2_zero (f64x2.sub (local.get $dLow) (local.get $edLow))))
        (local.set $dLoHigh (f32x4.demote_f64x2_zero (f64x2.sub (local.get $dHigh) (local.get $edHigh))))
        (local.set $okLow (v128.and (v128.and (i32x4.eq (local.get $yLoLow) (f32x4.demote_f64x2_zero (f64x2.add (local.get $yLow) (local.get $eyLow)))) (i32x4.eq (local.get $dLoLow) (f32x4.demote_f64x2_zero (f64x2.add (local.get $dLow) (local.get $edLow))))) (f64x2.le (local.get $uLow) (global.get $fastDomain))))
        (local.set $okHigh (v128.and (v128.and (i32x4.eq (local.get $yLoHigh) (f32x4.demote_f64x2_zero (f64x2.add (local.get $yHigh) (local.get $eyHigh)))) (i32x4.eq (local.get $dLoHigh) (f32x4.demote_f64x2_zero (f64x2.add (local.get $dHigh) (local.get $edHigh))))) (f64x2.le (local.get $uHigh) (global.get $fastDomain))))
        (if (i32x4.all_true (v128.and (local.get $okLow) (local.get $okHigh)))
          (then
            (v128.store (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $yLoLow) (local.get $yLoHigh)))
            (v128.store (local.get $derivative) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $dLoLow) (local.get $dLoHigh))))
          (else (call $gelu (local.get $src) (local.get $out) (local.get $derivative) (i32.const 4))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $derivative (i32.add (local.get $derivative) (i32.const 16)))
        (br $quads))))

  ;; Math.exp(a) of each f64 lane a ≤ 0 (or NaN), bit for bit: the exponential of $gelu (see
  ;; there) for one f64x2.
  (func $expNonPositive (param $a v128) (result v128)
    (local $m v128) (local $k v128) (local $hi v128) (local $lo v128) (local $r v128) (local $t v128) (local $c v128) (local $g v128)
    (local.set $m (f64x2.abs (local.get $a)))
    (local.set $k (v128.bitselect (global.get $zero) (v128.bitselect (global.get $minusOne) (f64x2.trunc (f64x2.add (f64x2.mul (global.get $inverseLn2) (local.get $a)) (global.get $minusHalf))) (f64x2.lt (local.get $m) (global.get $threeHalvesLn2Bound))) (f64x2.lt (local.get $m) (global.get $halfLn2Bound))))
    (local.set $hi (f64x2.sub (local.get $a) (f64x2.mul (local.get $k) (global.get $ln2High))))
    (local.set $lo (f64x2.mul (local.get $k) (global.get $ln2Low)))
    (local.set $r (f64x2.sub (local.get $hi) (local.get $lo)))
    (local.set $t (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $c (f64x2.mul (local.get $t) (global.get $p5)))
    (local.set $c (f64x2.mul (local.get $t) (f64x2.add (global.get $p4) (local.get $c))))
    (local.set $c (f64x2.mul (local.get $t) (f64x2.add (global.get $p3) (local.get $c))))
    (local.set $c (f64x2.mul (local.get $t) (f64x2.add (global.get $p2) (local.get $c))))
    (local.set $c (f64x2.sub (local.get $r) (f64x2.mul (local.get $t) (f64x2.add (global.get $p1) (local.get $c)))))
    (local.set $g (f64x2.sub (global.get $one) (f64x2.sub (f64x2.sub (local.get $lo) (f64x2.div (f64x2.mul (local.get $r) (local.get $c)) (f64x2.sub (global.get $two) (local.get $c)))) (local.get $hi))))
    (local.set $g (f64x2.mul (f64x2.mul (local.get $g) (i64x2.shl (f64x2.add (local.get $k) (global.get $exponentBias)) (i32.const 52))) (global.get $twoToMinus1000)))
    (local.set $g (v128.bitselect (f64x2.add (global.get $one) (local.get $a)) (local.get $g) (f64x2.lt (local.get $m) (global.get $tinyBound))))
    (local.set $g (v128.bitselect (global.get $zero) (local.get $g) (f64x2.lt (local.get $a) (global.get $underflowBound))))
    (local.get $g))

  ;; dst[r × length + j] = the causal softmax of row r (core/tensor/kernels/causal-softmax.ts's
  ;; causalSoftmaxRows, bit for bit): over the visible columns j ≤ r mod length, exp(x − max) in
  ;; float64 (fdlibm's, two columns at a time, kept in `scratch`, 8·length bytes), summed in float64
  ;; column after column as the reference, each times 1/sum; 0 beyond. The maximum (exact whatever
  ;; the order) and the sum stay scalar: the sum's order is the reference's.
  (func $causalSoftmax (export "causalSoftmax") (param $src i32) (param $dst i32) (param $rows i32) (param $length i32) (param $scratch i32)
    (local $r i32) (local $visible i32) (local $j i32) (local $max f32) (local $value f32) (local $sum f64) (local $shift v128) (local $inverse v128) (local $at i32)
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $visible (i32.add (i32.rem_u (local.get $r) (local.get $length)) (i32.const 1)))
        (local.set $max (f32.const -inf))
        (local.set $j (i32.const 0))
        (block $maxDone
          (loop $maxLoop
            (br_if $maxDone (i32.ge_u (local.get $j) (local.get $visible)))
            (local.set $value (f32.load (i32.add (local.get $src) (i32.shl (local.get $j) (i32.const 2)))))
            (if (f32.gt (local.get $value) (local.get $max)) (then (local.set $max (local.get $value))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $maxLoop)))
        (local.set $shift (f64x2.splat (f64.promote_f32 (local.get $max))))
        ;; Exponentials, pairs of columns; an odd last column alone (its pair's other lane is 0 − max, unused).
        (local.set $j (i32.const 0))
        (block $expDone
          (loop $expLoop
            (br_if $expDone (i32.ge_u (i32.add (local.get $j) (i32.const 1)) (local.get $visible)))
            (v128.store (i32.add (local.get $scratch) (i32.shl (local.get $j) (i32.const 3)))
              (call $expNonPositive (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $src) (i32.shl (local.get $j) (i32.const 2))))) (local.get $shift))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $expLoop)))
        (if (i32.lt_u (local.get $j) (local.get $visible))
          (then
            (v128.store64_lane 0 (i32.add (local.get $scratch) (i32.shl (local.get $j) (i32.const 3)))
              (call $expNonPositive (f64x2.sub (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $src) (i32.shl (local.get $j) (i32.const 2))))) (local.get $shift))))))
        (local.set $sum (f64.const 0))
        (local.set $j (i32.const 0))
        (block $sumDone
          (loop $sumLoop
            (br_if $sumDone (i32.ge_u (local.get $j) (local.get $visible)))
            (local.set $sum (f64.add (local.get $sum) (f64.load (i32.add (local.get $scratch) (i32.shl (local.get $j) (i32.const 3))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $sumLoop)))
        (local.set $inverse (f64x2.splat (f64.div (f64.const 1) (local.get $sum))))
        (local.set $j (i32.const 0))
        (block $scaleDone
          (loop $scaleLoop
            (br_if $scaleDone (i32.ge_u (i32.add (local.get $j) (i32.const 1)) (local.get $visible)))
            (v128.store64_lane 0 (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.demote_f64x2_zero (f64x2.mul (v128.load (i32.add (local.get $scratch) (i32.shl (local.get $j) (i32.const 3)))) (local.get $inverse))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $scaleLoop)))
        (if (i32.lt_u (local.get $j) (local.get $visible))
          (then
            (v128.store32_lane 0 (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.demote_f64x2_zero (f64x2.mul (v128.load64_zero (i32.add (local.get $scratch) (i32.shl (local.get $j) (i32.const 3)))) (local.get $inverse))))))
        (local.set $at (i32.shl (local.get $visible) (i32.const 2)))
        (memory.fill (i32.add (local.get $dst) (local.get $at)) (i32.const 0) (i32.sub (i32.shl (local.get $length) (i32.const 2)) (local.get $at)))
        (local.set $src (i32.add (local.get $src) (i32.shl (local.get $length) (i32.const 2))))
        (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $length) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; Training-mode batch norm over x seen as [batch, channels, spatial] (batchNormForward in
  ;; kernels/normalization.ts, bit for bit): per channel the float64 mean, then the mean of squared
  ;; deviations (the biased variance), both summed in `combine`'s order (element i of each sample's
  ;; run adds into accumulator i mod 4, the last spatial mod 4 into a tail: lanes of $sum01 and $sum23);
  ;; out = f32(γ·((x − mean)·invStd) + β) in float64. `stats` (24·channels bytes) receives the float64
  ;; mean, 1/√(variance + ε) and variance, channel by channel in three blocks.
  (func $batchNormForward (export "batchNormForward")
    (param $x i32) (param $out i32) (param $gamma i32) (param $beta i32) (param $stats i32)
    (param $batch i32) (param $channels i32) (param $spatial i32) (param $eps f64)
    (local $c i32) (local $n i32) (local $run i32) (local $at i32) (local $to i32) (local $vectorEnd i32) (local $end i32)
    (local $stride i32) (local $vectorBytes i32) (local $runBytes i32) (local $count f64)
    (local $sum01 v128) (local $sum23 v128) (local $tail f64) (local $v v128) (local $d v128)
    (local $mu f64) (local $invStd f64) (local $sigma2 f64) (local $muV v128) (local $invV v128) (local $g v128) (local $b v128)
    (local.set $stride (i32.shl (i32.mul (local.get $channels) (local.get $spatial)) (i32.const 2)))
    (local.set $runBytes (i32.shl (local.get $spatial) (i32.const 2)))
    (local.set $vectorBytes (i32.shl (i32.and (local.get $spatial) (i32.const -4)) (i32.const 2)))
    (local.set $count (f64.convert_i32_u (i32.mul (local.get $batch) (local.get $spatial))))
    (block $channelsDone
      (loop $channelLoop
        (br_if $channelsDone (i32.ge_u (local.get $c) (local.get $channels)))
        ;; Pass 1: the mean.
        (local.set $sum01 (global.get $zero))
        (local.set $sum23 (global.get $zero))
        (local.set $tail (f64.const 0))
        (local.set $run (i32.add (local.get $x) (i32.mul (local.get $c) (local.get $runBytes))))
        (local.set $n (i32.const 0))
        (block $sumDone
          (loop $sumSamples
            (br_if $sumDone (i32.ge_u (local.get $n) (local.get $batch)))
            (local.set $at (local.get $run))
            (local.set $vectorEnd (i32.add (local.get $run) (local.get $vectorBytes)))
            (local.set $end (i32.add (local.get $run) (local.get $runBytes)))
            (block $vectorsDone
              (loop $vectors
                (br_if $vectorsDone (i32.ge_u (local.get $at) (local.get $vectorEnd)))
                (local.set $v (v128.load (local.get $at)))
                (local.set $sum01 (f64x2.add (local.get $sum01) (f64x2.promote_low_f32x4 (local.get $v))))
                (local.set $sum23 (f64x2.add (local.get $sum23) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
                (local.set $at (i32.add (local.get $at) (i32.const 16)))
                (br $vectors)))
            (block $tailDone
              (loop $tailLoop
                (br_if $tailDone (i32.ge_u (local.get $at) (local.get $end)))
                (local.set $tail (f64.add (local.get $tail) (f64.promote_f32 (f32.load (local.get $at)))))
                (local.set $at (i32.add (local.get $at) (i32.const 4)))
                (br $tailLoop)))
            (local.set $run (i32.add (local.get $run) (local.get $stride)))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br $sumSamples)))
        (local.set $mu (f64.div (call $combine (local.get $sum01) (local.get $sum23) (local.get $tail)) (local.get $count)))
        (local.set $muV (f64x2.splat (local.get $mu)))
        ;; Pass 2: the mean of squared deviations.
        (local.set $sum01 (global.get $zero))
        (local.set $sum23 (global.get $zero))
        (local.set $tail (f64.const 0))
        (local.set $run (i32.add (local.get $x) (i32.mul (local.get $c) (local.get $runBytes))))
        (local.set $n (i32.const 0))
        (block $squaresDone
          (loop $squareSamples
            (br_if $squaresDone (i32.ge_u (local.get $n) (local.get $batch)))
            (local.set $at (local.get $run))
            (local.set $vectorEnd (i32.add (local.get $run) (local.get $vectorBytes)))
            (local.set $end (i32.add (local.get $run) (local.get $runBytes)))
            (block $vectorsDone
              (loop $vectors
                (br_if $vectorsDone (i32.ge_u (local.get $at) (local.get $vectorEnd)))
                (local.set $v (v128.load (local.get $at)))
                (local.set $d (f64x2.sub (f64x2.promote_low_f32x4 (local.get $v)) (local.get $muV)))
                (local.set $sum01 (f64x2.add (local.get $sum01) (f64x2.mul (local.get $d) (local.get $d))))
                (local.set $d (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (local.get $muV)))
                (local.set $sum23 (f64x2.add (local.get $sum23) (f64x2.mul (local.get $d) (local.get $d))))
                (local.set $at (i32.add (local.get $at) (i32.const 16)))
                (br $vectors)))
            (block $tailDone
              (loop $tailLoop
                (br_if $tailDone (i32.ge_u (local.get $at) (local.get $end)))
                (local.set $sigma2 (f64.sub (f64.promote_f32 (f32.load (local.get $at))) (local.get $mu)))
                (local.set $tail (f64.add (local.get $tail) (f64.mul (local.get $sigma2) (local.get $sigma2))))
                (local.set $at (i32.add (local.get $at) (i32.const 4)))
                (br $tailLoop)))
            (local.set $run (i32.add (local.get $run) (local.get $stride)))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br $squareSamples)))
        (local.set $sigma2 (f64.div (call $combine (local.get $sum01) (local.get $sum23) (local.get $tail)) (local.get $count)))
        (local.set $invStd (f64.div (f64.const 1) (f64.sqrt (f64.add (local.get $sigma2) (local.get $eps)))))
        (local.set $invV (f64x2.splat (local.get $invStd)))
        (f64.store (i32.add (local.get $stats) (i32.shl (local.get $c) (i32.const 3))) (local.get $mu))
        (f64.store (i32.add (local.get $stats) (i32.shl (i32.add (local.get $channels) (local.get $c)) (i32.const 3))) (local.get $invStd))
        (f64.store (i32.add (local.get $stats) (i32.shl (i32.add (i32.shl (local.get $channels) (i32.const 1)) (local.get $c)) (i32.const 3))) (local.get $sigma2))
        ;; Pass 3: out = γ·x̂ + β.
        (local.set $g (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $gamma) (i32.shl (local.get $c) (i32.const 2)))))))
        (local.set $b (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $beta) (i32.shl (local.get $c) (i32.const 2)))))))
        (local.set $run (i32.mul (local.get $c) (local.get $runBytes)))
        (local.set $n (i32.const 0))
        (block $outDone
          (loop $outSamples
            (br_if $outDone (i32.ge_u (local.get $n) (local.get $batch)))
            (local.set $at (i32.add (local.get $x) (local.get $run)))
            (local.set $to (i32.add (local.get $out) (local.get $run)))
            (local.set $vectorEnd (i32.add (local.get $at) (local.get $vectorBytes)))
            (local.set $end (i32.add (local.get $at) (local.get $runBytes)))
            (block $vectorsDone
              (loop $vectors
                (br_if $vectorsDone (i32.ge_u (local.get $at) (local.get $vectorEnd)))
                (local.set $v (v128.load (local.get $at)))
                (v128.store (local.get $to)
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                    (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul (local.get $g) (f64x2.mul (f64x2.sub (f64x2.promote_low_f32x4 (local.get $v)) (local.get $muV)) (local.get $invV))) (local.get $b)))
                    (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul (local.get $g) (f64x2.mul (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (local.get $muV)) (local.get $invV))) (local.get $b)))))
                (local.set $at (i32.add (local.get $at) (i32.const 16)))
                (local.set $to (i32.add (local.get $to) (i32.const 16)))
                (br $vectors)))
            (block $tailDone
              (loop $tailLoop
                (br_if $tailDone (i32.ge_u (local.get $at) (local.get $end)))
                (f32.store (local.get $to)
                  (f32.demote_f64 (f64.add (f64.mul (f64x2.extract_lane 0 (local.get $g)) (f64.mul (f64.sub (f64.promote_f32 (f32.load (local.get $at))) (local.get $mu)) (local.get $invStd))) (f64x2.extract_lane 0 (local.get $b)))))
                (local.set $at (i32.add (local.get $at) (i32.const 4)))
                (local.set $to (i32.add (local.get $to) (i32.const 4)))
                (br $tailLoop)))
            (local.set $run (i32.add (local.get $run) (local.get $stride)))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br $outSamples)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $channelLoop))))

  ;; ((a0 + a1) + (a2 + a3)) + tail, with (a0, a1) = sum01's lanes and (a2, a3) = sum23's: the
  ;; order in which batch norm's per-channel sums are combined (`combine` in kernels/normalization.ts).
  (func $combine (param $sum01 v128) (param $sum23 v128) (param $tail f64) (result f64)
    (f64.add
      (f64.add
        (f64.add (f64x2.extract_lane 0 (local.get $sum01)) (f64x2.extract_lane 1 (local.get $sum01)))
        (f64.add (f64x2.extract_lane 0 (local.get $sum23)) (f64x2.extract_lane 1 (local.get $sum23))))
      (local.get $tail)))

  ;; Batch norm's gradients (batchNormBackward in kernels/normalization.ts, bit for bit), x̂ =
  ;; f32((x − mean)·invStd) recomputed from x and `stats` (the forward's float64 mean block, then
  ;; invStd). Per channel, `sums` (16·channels bytes) receives Σ dy and Σ dy·x̂ (float64, combine's
  ;; order); when $withDx is not 0, dx = f32(dx + γ·invStd/m · ((m·dy − Σ dy) − x̂·Σ dy·x̂)) in place.
  ;; x̂'s rounding is written out in the loops (promote(demote(·))): V8 does not inline a wasm
  ;; call, and one per vector made this kernel ~1.6× slower.
  (func $batchNormBackward (export "batchNormBackward")
    (param $dy i32) (param $x i32) (param $dx i32) (param $gamma i32) (param $stats i32) (param $sums i32)
    (param $batch i32) (param $channels i32) (param $spatial i32) (param $withDx i32)
    (local $c i32) (local $n i32) (local $run i32) (local $at i32) (local $atDy i32) (local $vectorEnd i32) (local $end i32)
    (local $stride i32) (local $vectorBytes i32) (local $runBytes i32) (local $count f64)
    (local $sum01 v128) (local $sum23 v128) (local $tail f64) (local $product01 v128) (local $product23 v128) (local $productTail f64)
    (local $v v128) (local $w v128) (local $low v128) (local $high v128) (local $xHat f64) (local $gradient f64)
    (local $mu f64) (local $invStd f64) (local $muV v128) (local $invV v128)
    (local $sumDy f64) (local $sumDyXHat f64) (local $factor f64) (local $factorV v128) (local $countV v128) (local $sumDyV v128) (local $sumDyXHatV v128)
    (local.set $stride (i32.shl (i32.mul (local.get $channels) (local.get $spatial)) (i32.const 2)))
    (local.set $runBytes (i32.shl (local.get $spatial) (i32.const 2)))
    (local.set $vectorBytes (i32.shl (i32.and (local.get $spatial) (i32.const -4)) (i32.const 2)))
    (local.set $count (f64.convert_i32_u (i32.mul (local.get $batch) (local.get $spatial))))
    (local.set $countV (f64x2.splat (local.get $count)))
    (block $channelsDone
      (loop $channelLoop
        (br_if $channelsDone (i32.ge_u (local.get $c) (local.get $channels)))
        (local.set $mu (f64.load (i32.add (local.get $stats) (i32.shl (local.get $c) (i32.const 3)))))
        (local.set $invStd (f64.load (i32.add (local.get $stats) (i32.shl (i32.add (local.get $channels) (local.get $c)) (i32.const 3)))))
        (local.set $muV (f64x2.splat (local.get $mu)))
        (local.set $invV (f64x2.splat (local.get $invStd)))
        ;; Pass 1: Σ dy and Σ dy·x̂.
        (local.set $sum01 (global.get $zero))
        (local.set $sum23 (global.get $zero))
        (local.set $product01 (global.get $zero))
        (local.set $product23 (global.get $zero))
        (local.set $tail (f64.const 0))
        (local.set $productTail (f64.const 0))
        (local.set $run (i32.mul (local.get $c) (local.get $runBytes)))
        (local.set $n (i32.const 0))
        (block $sumDone
          (loop $sumSamples
            (br_if $sumDone (i32.ge_u (local.get $n) (local.get $batch)))
            (local.set $at (i32.add (local.get $x) (local.get $run)))
            (local.set $atDy (i32.add (local.get $dy) (local.get $run)))
            (local.set $vectorEnd (i32.add (local.get $at) (local.get $vectorBytes)))
            (local.set $end (i32.add (local.get $at) (local.get $runBytes)))
            (block $vectorsDone
              (loop $vectors
                (br_if $vectorsDone (i32.ge_u (local.get $at) (local.get $vectorEnd)))
                (local.set $v (v128.load (local.get $at)))
                (local.set $w (v128.load (local.get $atDy)))
                (local.set $low (f64x2.promote_low_f32x4 (local.get $w)))
                (local.set $high (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $w) (local.get $w))))
                (local.set $sum01 (f64x2.add (local.get $sum01) (local.get $low)))
                (local.set $sum23 (f64x2.add (local.get $sum23) (local.get $high)))
                (local.set $product01 (f64x2.add (local.get $product01)
                  (f64x2.mul (local.get $low) (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.sub (f64x2.promote_low_f32x4 (local.get $v)) (local.get $muV)) (local.get $invV)))))))
                (local.set $product23 (f64x2.add (local.get $product23)
                  (f64x2.mul (local.get $high) (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (local.get $muV)) (local.get $invV)))))))
                (local.set $at (i32.add (local.get $at) (i32.const 16)))
                (local.set $atDy (i32.add (local.get $atDy) (i32.const 16)))
                (br $vectors)))
            (block $tailDone
              (loop $tailLoop
                (br_if $tailDone (i32.ge_u (local.get $at) (local.get $end)))
                (local.set $gradient (f64.promote_f32 (f32.load (local.get $atDy))))
                (local.set $xHat (f64.promote_f32 (f32.demote_f64 (f64.mul (f64.sub (f64.promote_f32 (f32.load (local.get $at))) (local.get $mu)) (local.get $invStd)))))
                (local.set $tail (f64.add (local.get $tail) (local.get $gradient)))
                (local.set $productTail (f64.add (local.get $productTail) (f64.mul (local.get $gradient) (local.get $xHat))))
                (local.set $at (i32.add (local.get $at) (i32.const 4)))
                (local.set $atDy (i32.add (local.get $atDy) (i32.const 4)))
                (br $tailLoop)))
            (local.set $run (i32.add (local.get $run) (local.get $stride)))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br $sumSamples)))
        (local.set $sumDy (call $combine (local.get $sum01) (local.get $sum23) (local.get $tail)))
        (local.set $sumDyXHat (call $combine (local.get $product01) (local.get $product23) (local.get $productTail)))
        (f64.store (i32.add (local.get $sums) (i32.shl (local.get $c) (i32.const 3))) (local.get $sumDy))
        (f64.store (i32.add (local.get $sums) (i32.shl (i32.add (local.get $channels) (local.get $c)) (i32.const 3))) (local.get $sumDyXHat))
        (if (local.get $withDx)
          (then
            ;; Pass 2: dx.
            (local.set $factor (f64.div (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $gamma) (i32.shl (local.get $c) (i32.const 2))))) (local.get $invStd)) (local.get $count)))
            (local.set $factorV (f64x2.splat (local.get $factor)))
            (local.set $sumDyV (f64x2.splat (local.get $sumDy)))
            (local.set $sumDyXHatV (f64x2.splat (local.get $sumDyXHat)))
            (local.set $run (i32.mul (local.get $c) (local.get $runBytes)))
            (local.set $n (i32.const 0))
            (block $dxDone
              (loop $dxSamples
                (br_if $dxDone (i32.ge_u (local.get $n) (local.get $batch)))
                (local.set $at (i32.add (local.get $x) (local.get $run)))
                (local.set $atDy (i32.add (local.get $dy) (local.get $run)))
                (local.set $vectorEnd (i32.add (local.get $at) (local.get $vectorBytes)))
                (local.set $end (i32.add (local.get $at) (local.get $runBytes)))
                (local.set $run (i32.add (local.get $dx) (local.get $run)))
                (block $vectorsDone
                  (loop $vectors
                    (br_if $vectorsDone (i32.ge_u (local.get $at) (local.get $vectorEnd)))
                    (local.set $v (v128.load (local.get $at)))
                    (local.set $w (v128.load (local.get $atDy)))
                    (local.set $low (v128.load (local.get $run)))
                    (v128.store (local.get $run)
                      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                        (f32x4.demote_f64x2_zero
                          (f64x2.add (f64x2.promote_low_f32x4 (local.get $low))
                            (f64x2.mul (local.get $factorV)
                              (f64x2.sub
                                (f64x2.sub (f64x2.mul (local.get $countV) (f64x2.promote_low_f32x4 (local.get $w))) (local.get $sumDyV))
                                (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.sub (f64x2.promote_low_f32x4 (local.get $v)) (local.get $muV)) (local.get $invV)))) (local.get $sumDyXHatV))))))
                        (f32x4.demote_f64x2_zero
                          (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $low) (local.get $low)))
                            (f64x2.mul (local.get $factorV)
                              (f64x2.sub
                                (f64x2.sub (f64x2.mul (local.get $countV) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $w) (local.get $w)))) (local.get $sumDyV))
                                (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (local.get $muV)) (local.get $invV)))) (local.get $sumDyXHatV))))))))
                    (local.set $at (i32.add (local.get $at) (i32.const 16)))
                    (local.set $atDy (i32.add (local.get $atDy) (i32.const 16)))
                    (local.set $run (i32.add (local.get $run) (i32.const 16)))
                    (br $vectors)))
                (block $tailDone
                  (loop $tailLoop
                    (br_if $tailDone (i32.ge_u (local.get $at) (local.get $end)))
                    (local.set $xHat (f64.promote_f32 (f32.demote_f64 (f64.mul (f64.sub (f64.promote_f32 (f32.load (local.get $at))) (local.get $mu)) (local.get $invStd)))))
                    (f32.store (local.get $run)
                      (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (local.get $run)))
                        (f64.mul (local.get $factor)
                          (f64.sub (f64.sub (f64.mul (local.get $count) (f64.promote_f32 (f32.load (local.get $atDy)))) (local.get $sumDy)) (f64.mul (local.get $xHat) (local.get $sumDyXHat)))))))
                    (local.set $at (i32.add (local.get $at) (i32.const 4)))
                    (local.set $atDy (i32.add (local.get $atDy) (i32.const 4)))
                    (local.set $run (i32.add (local.get $run) (i32.const 4)))
                    (br $tailLoop)))
                ;; $run walked dx's run; back to the offset, then on to the next sample's.
                (local.set $run (i32.add (i32.sub (local.get $run) (i32.add (local.get $dx) (local.get $runBytes))) (local.get $stride)))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (br $dxSamples)))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $channelLoop))))

  ;; Evaluation-mode batch norm (batchNormInferenceForward in kernels/normalization.ts, bit for bit):
  ;; out = ((x·inverse[c] + offset[c])·γ[c] + β[c]) over `planes` runs of `spatial` values, channel
  ;; c = plane mod channels. Each product and sum is a float32 operation, which rounds exactly as the
  ;; reference's Math.fround of the float64 result does (a float32 product is exact in float64, and a
  ;; float64 sum of two float32s rounds to float32 as the float32 sum does).
  (func $batchNormInference (export "batchNormInference")
    (param $x i32) (param $out i32) (param $inverse i32) (param $offset i32) (param $gamma i32) (param $beta i32)
    (param $planes i32) (param $channels i32) (param $spatial i32)
    (local $p i32) (local $c i32) (local $at i32) (local $vectorEnd i32) (local $end i32) (local $channelAt i32)
    (local $s v128) (local $o v128) (local $g v128) (local $b v128)
    (block $planesDone
      (loop $planeLoop
        (br_if $planesDone (i32.ge_u (local.get $p) (local.get $planes)))
        (local.set $channelAt (i32.shl (local.get $c) (i32.const 2)))
        (local.set $s (v128.load32_splat (i32.add (local.get $inverse) (local.get $channelAt))))
        (local.set $o (v128.load32_splat (i32.add (local.get $offset) (local.get $channelAt))))
        (local.set $g (v128.load32_splat (i32.add (local.get $gamma) (local.get $channelAt))))
        (local.set $b (v128.load32_splat (i32.add (local.get $beta) (local.get $channelAt))))
        (local.set $vectorEnd (i32.add (local.get $x) (i32.shl (i32.and (local.get $spatial) (i32.const -4)) (i32.const 2))))
        (local.set $end (i32.add (local.get $x) (i32.shl (local.get $spatial) (i32.const 2))))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.ge_u (local.get $x) (local.get $vectorEnd)))
            (v128.store (local.get $out)
              (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul (v128.load (local.get $x)) (local.get $s)) (local.get $o)) (local.get $g)) (local.get $b)))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $out (i32.add (local.get $out) (i32.const 16)))
            (br $vectors)))
        (block $tailDone
          (loop $tailLoop
            (br_if $tailDone (i32.ge_u (local.get $x) (local.get $end)))
            (f32.store (local.get $out)
              (f32.add (f32.mul (f32.add (f32.mul (f32.load (local.get $x)) (f32x4.extract_lane 0 (local.get $s))) (f32x4.extract_lane 0 (local.get $o))) (f32x4.extract_lane 0 (local.get $g))) (f32x4.extract_lane 0 (local.get $b))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (br $tailLoop)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (if (i32.eq (local.get $c) (local.get $channels)) (then (local.set $c (i32.const 0))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $planeLoop))))
  ;; Causal attention's helpers (wasm/attention.ts), on blocks whose rows lie `rowBytes` apart.
  ;; x = f32(scale·x) on `cols` floats of each of `rows` rows from `at` (splitHeads's scaled q: the
  ;; float64 product rounded to float32); four floats at a time, the last cols mod 4 one by one.
  (func $scaleRows (export "scaleRows") (param $at i32) (param $rowBytes i32) (param $rows i32) (param $cols i32) (param $scale f64)
    (local $r i32) (local $p i32) (local $end i32) (local $end4 i32) (local $factor v128) (local $v v128)
    (local.set $factor (f64x2.splat (local.get $scale)))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $p (i32.add (local.get $at) (i32.mul (local.get $r) (local.get $rowBytes))))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $cols) (i32.const 2))))
        (local.set $end4 (i32.add (local.get $p) (i32.shl (i32.and (local.get $cols) (i32.const -4)) (i32.const 2))))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.ge_u (local.get $p) (local.get $end4)))
            (local.set $v (v128.load (local.get $p)))
            (v128.store (local.get $p)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                (f32x4.demote_f64x2_zero (f64x2.mul (local.get $factor) (f64x2.promote_low_f32x4 (local.get $v))))
                (f32x4.demote_f64x2_zero (f64x2.mul (local.get $factor) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $vectors)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $p) (local.get $end)))
            (f32.store (local.get $p) (f32.demote_f64 (f64.mul (local.get $scale) (f64.promote_f32 (f32.load (local.get $p))))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $tail)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; dst[j·rows + i] = src[i][j]: the [rows, cols] block at src (rows `rowBytes` apart) transposed
  ;; into a contiguous [cols, rows] (a head's k or v, as the gemm wants B's rows).
  (func $transposeRows (export "transposeRows") (param $src i32) (param $rowBytes i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $i i32) (local $j i32) (local $s i32) (local $d i32) (local $columnBytes i32)
    (local.set $columnBytes (i32.shl (local.get $rows) (i32.const 2)))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $j (i32.const 0))
        (block $rowDone
          (loop $columnLoop
            (br_if $rowDone (i32.ge_u (local.get $j) (local.get $cols)))
            (f32.store (local.get $d) (f32.load (local.get $s)))
            (local.set $s (i32.add (local.get $s) (i32.const 4)))
            (local.set $d (i32.add (local.get $d) (local.get $columnBytes)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $columnLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rowLoop))))

  ;; dst = f32(dst + scale·src) in float64 on [rows, cols] blocks (splitHeadsBackward's operations),
  ;; src rows `srcRowBytes` apart, dst rows `dstRowBytes` apart.
  (func $addScaledRows (export "addScaledRows") (param $src i32) (param $srcRowBytes i32) (param $dst i32) (param $dstRowBytes i32) (param $rows i32) (param $cols i32) (param $scale f64)
    (local $r i32) (local $s i32) (local $d i32) (local $end i32) (local $end4 i32) (local $factor v128) (local $x v128) (local $y v128)
    (local.set $factor (f64x2.splat (local.get $scale)))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $srcRowBytes))))
        (local.set $d (i32.add (local.get $dst) (i32.mul (local.get $r) (local.get $dstRowBytes))))
        (local.set $end (i32.add (local.get $d) (i32.shl (local.get $cols) (i32.const 2))))
        (local.set $end4 (i32.add (local.get $d) (i32.shl (i32.and (local.get $cols) (i32.const -4)) (i32.const 2))))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.ge_u (local.get $d) (local.get $end4)))
            (local.set $x (v128.load (local.get $s)))
            (local.set $y (v128.load (local.get $d)))
            (v128.store (local.get $d)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (local.get $y)) (f64x2.mul (local.get $factor) (f64x2.promote_low_f32x4 (local.get $x)))))
                (f32x4.demote_f64x2_zero
                  (f64x2.add
                    (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $y) (local.get $y)))
                    (f64x2.mul (local.get $factor) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))))))))
            (local.set $s (i32.add (local.get $s) (i32.const 16)))
            (local.set $d (i32.add (local.get $d) (i32.const 16)))
            (br $vectors)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $d) (local.get $end)))
            (f32.store (local.get $d)
              (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (local.get $d))) (f64.mul (local.get $scale) (f64.promote_f32 (f32.load (local.get $s)))))))
            (local.set $s (i32.add (local.get $s) (i32.const 4)))
            (local.set $d (i32.add (local.get $d) (i32.const 4)))
            (br $tail)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; dx += y ⊙ (dy − Σⱼ dy·y) over the visible columns j ≤ r mod length of each row r of [rows,
  ;; length] blocks (causalSoftmaxBackwardRows, bit for bit): the float64 dot in the reference's
  ;; order (scalar: one chain), then the update two columns at a time (an odd last one alone).
  (func $causalSoftmaxBackward (export "causalSoftmaxBackward") (param $y i32) (param $dy i32) (param $dx i32) (param $rows i32) (param $length i32)
    (local $r i32) (local $visible i32) (local $j i32) (local $dot f64) (local $at i32) (local $shift v128) (local $update v128)
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $visible (i32.add (i32.rem_u (local.get $r) (local.get $length)) (i32.const 1)))
        (local.set $dot (f64.const 0))
        (local.set $j (i32.const 0))
        (block $dotDone
          (loop $dotLoop
            (br_if $dotDone (i32.ge_u (local.get $j) (local.get $visible)))
            (local.set $at (i32.shl (local.get $j) (i32.const 2)))
            (local.set $dot (f64.add (local.get $dot)
              (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $dy) (local.get $at)))) (f64.promote_f32 (f32.load (i32.add (local.get $y) (local.get $at)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $dotLoop)))
        (local.set $shift (f64x2.splat (local.get $dot)))
        (local.set $j (i32.const 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_u (i32.add (local.get $j) (i32.const 1)) (local.get $visible)))
            (local.set $at (i32.shl (local.get $j) (i32.const 2)))
            (local.set $update
              (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $dx) (local.get $at))))
                (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $y) (local.get $at))))
                  (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $dy) (local.get $at)))) (local.get $shift)))))
            (v128.store64_lane 0 (i32.add (local.get $dx) (local.get $at)) (f32x4.demote_f64x2_zero (local.get $update)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $pairs)))
        (if (i32.lt_u (local.get $j) (local.get $visible))
          (then
            (local.set $at (i32.shl (local.get $j) (i32.const 2)))
            (f32.store (i32.add (local.get $dx) (local.get $at))
              (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (i32.add (local.get $dx) (local.get $at))))
                (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $y) (local.get $at))))
                  (f64.sub (f64.promote_f32 (f32.load (i32.add (local.get $dy) (local.get $at)))) (local.get $dot))))))))
        (local.set $at (i32.shl (local.get $length) (i32.const 2)))
        (local.set $y (i32.add (local.get $y) (local.get $at)))
        (local.set $dy (i32.add (local.get $dy) (local.get $at)))
        (local.set $dx (i32.add (local.get $dx) (local.get $at)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))
  ;; Layer norm over rows of n (kernels/normalization.ts's layerNormForward, bit for bit): per row
  ;; the float64 sum and sum of squared deviations in the reference's order (scalar chains), then
  ;; x̂ = (x − mean)·invStd, normalized = f32(x̂) and out = f32(γ·x̂ + β), two columns at a time;
  ;; inverseStd[r] = f32(1/√(squares/n + eps)).
  (func $layerNormForward (export "layerNormForward") (param $x i32) (param $gamma i32) (param $beta i32) (param $rows i32) (param $n i32) (param $eps f64) (param $out i32) (param $normalized i32) (param $inverseStd i32)
    (local $r i32) (local $j i32) (local $at i32) (local $count f64) (local $sum f64) (local $mean f64) (local $deviation f64) (local $inverse f64) (local $meanV v128) (local $inverseV v128) (local $xHat v128) (local $scalarHat f64)
    (local.set $count (f64.convert_i32_u (local.get $n)))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $sum (f64.const 0))
        (local.set $j (i32.const 0))
        (block $sumDone
          (loop $sumLoop
            (br_if $sumDone (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $sum (f64.add (local.get $sum) (f64.promote_f32 (f32.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $sumLoop)))
        (local.set $mean (f64.div (local.get $sum) (local.get $count)))
        (local.set $sum (f64.const 0))
        (local.set $j (i32.const 0))
        (block $squaresDone
          (loop $squaresLoop
            (br_if $squaresDone (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $deviation (f64.sub (f64.promote_f32 (f32.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))) (local.get $mean)))
            (local.set $sum (f64.add (local.get $sum) (f64.mul (local.get $deviation) (local.get $deviation))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $squaresLoop)))
        (local.set $inverse (f64.div (f64.const 1) (f64.sqrt (f64.add (f64.div (local.get $sum) (local.get $count)) (local.get $eps)))))
        (local.set $meanV (f64x2.splat (local.get $mean)))
        (local.set $inverseV (f64x2.splat (local.get $inverse)))
        (local.set $j (i32.const 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_u (i32.add (local.get $j) (i32.const 1)) (local.get $n)))
            (local.set $at (i32.shl (local.get $j) (i32.const 2)))
            (local.set $xHat (f64x2.mul (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $x) (local.get $at)))) (local.get $meanV)) (local.get $inverseV)))
            (v128.store64_lane 0 (i32.add (local.get $normalized) (local.get $at)) (f32x4.demote_f64x2_zero (local.get $xHat)))
            (v128.store64_lane 0 (i32.add (local.get $out) (local.get $at))
              (f32x4.demote_f64x2_zero
                (f64x2.add (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $gamma) (local.get $at)))) (local.get $xHat))
                  (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $beta) (local.get $at)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $pairs)))
        (if (i32.lt_u (local.get $j) (local.get $n))
          (then
            (local.set $at (i32.shl (local.get $j) (i32.const 2)))
            (local.set $scalarHat (f64.mul (f64.sub (f64.promote_f32 (f32.load (i32.add (local.get $x) (local.get $at)))) (local.get $mean)) (local.get $inverse)))
            (f32.store (i32.add (local.get $normalized) (local.get $at)) (f32.demote_f64 (local.get $scalarHat)))
            (f32.store (i32.add (local.get $out) (local.get $at))
              (f32.demote_f64 (f64.add (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $gamma) (local.get $at)))) (local.get $scalarHat))
                (f64.promote_f32 (f32.load (i32.add (local.get $beta) (local.get $at)))))))))
        (f32.store (i32.add (local.get $inverseStd) (i32.shl (local.get $r) (i32.const 2))) (f32.demote_f64 (local.get $inverse)))
        (local.set $at (i32.shl (local.get $n) (i32.const 2)))
        (local.set $x (i32.add (local.get $x) (local.get $at)))
        (local.set $out (i32.add (local.get $out) (local.get $at)))
        (local.set $normalized (i32.add (local.get $normalized) (local.get $at)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; Layer norm's gradients with dx, dγ and dβ all wanted (layerNormBackward, bit for bit): per row
  ;; dγ += dy·x̂ and dβ += dy (rounded to float32 after each row, as the stores there), the float64
  ;; sums of ĝ = dy·γ and ĝ·x̂ in order (scalar), then dx += invStd/n·(n·dy·γ − Σĝ − x̂·Σĝx̂) two
  ;; columns at a time.
  (func $layerNormBackward (export "layerNormBackward") (param $dy i32) (param $normalized i32) (param $inverseStd i32) (param $gamma i32) (param $rows i32) (param $n i32) (param $dx i32) (param $dgamma i32) (param $dbeta i32)
    (local $r i32) (local $j i32) (local $at i32) (local $count f64) (local $gradient f64) (local $xHat f64) (local $scaled f64) (local $sum f64) (local $sumXHat f64) (local $factor f64)
    (local $countV v128) (local $sumV v128) (local $sumXHatV v128) (local $factorV v128) (local $p i32)
    (local.set $count (f64.convert_i32_u (local.get $n)))
    (local.set $countV (f64x2.splat (local.get $count)))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $sum (f64.const 0))
        (local.set $sumXHat (f64.const 0))
        (local.set $j (i32.const 0))
        (block $sumsDone
          (loop $sums
            (br_if $sumsDone (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $at (i32.shl (local.get $j) (i32.const 2)))
            (local.set $gradient (f64.promote_f32 (f32.load (i32.add (local.get $dy) (local.get $at)))))
            (local.set $xHat (f64.promote_f32 (f32.load (i32.add (local.get $normalized) (local.get $at)))))
            (local.set $p (i32.add (local.get $dgamma) (local.get $at)))
            (f32.store (local.get $p) (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (local.get $p))) (f64.mul (local.get $gradient) (local.get $xHat)))))
            (local.set $p (i32.add (local.get $dbeta) (local.get $at)))
            (f32.store (local.get $p) (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (local.get $p))) (local.get $gradient))))
            (local.set $scaled (f64.mul (local.get $gradient) (f64.promote_f32 (f32.load (i32.add (local.get $gamma) (local.get $at))))))
            (local.set $sum (f64.add (local.get $sum) (local.get $scaled)))
            (local.set $sumXHat (f64.add (local.get $sumXHat) (f64.mul (local.get $scaled) (local.get $xHat))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $sums)))
        (local.set $factor (f64.div (f64.promote_f32 (f32.load (i32.add (local.get $inverseStd) (i32.shl (local.get $r) (i32.const 2))))) (local.get $count)))
        (local.set $factorV (f64x2.splat (local.get $factor)))
        (local.set $sumV (f64x2.splat (local.get $sum)))
        (local.set $sumXHatV (f64x2.splat (local.get $sumXHat)))
        (local.set $j (i32.const 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_u (i32.add (local.get $j) (i32.const 1)) (local.get $n)))
            (local.set $at (i32.shl (local.get $j) (i32.const 2)))
            (local.set $p (i32.add (local.get $dx) (local.get $at)))
            (v128.store64_lane 0 (local.get $p)
              (f32x4.demote_f64x2_zero
                (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p)))
                  (f64x2.mul (local.get $factorV)
                    (f64x2.sub
                      (f64x2.sub
                        (f64x2.mul (f64x2.mul (local.get $countV) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $dy) (local.get $at)))))
                          (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $gamma) (local.get $at)))))
                        (local.get $sumV))
                      (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $normalized) (local.get $at)))) (local.get $sumXHatV)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $pairs)))
        (if (i32.lt_u (local.get $j) (local.get $n))
          (then
            (local.set $at (i32.shl (local.get $j) (i32.const 2)))
            (local.set $p (i32.add (local.get $dx) (local.get $at)))
            (f32.store (local.get $p)
              (f32.demote_f64
                (f64.add (f64.promote_f32 (f32.load (local.get $p)))
                  (f64.mul (local.get $factor)
                    (f64.sub
                      (f64.sub
                        (f64.mul (f64.mul (local.get $count) (f64.promote_f32 (f32.load (i32.add (local.get $dy) (local.get $at)))))
                          (f64.promote_f32 (f32.load (i32.add (local.get $gamma) (local.get $at)))))
                        (local.get $sum))
                      (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $normalized) (local.get $at)))) (local.get $sumXHat)))))))))
        (local.set $at (i32.shl (local.get $n) (i32.const 2)))
        (local.set $dy (i32.add (local.get $dy) (local.get $at)))
        (local.set $normalized (i32.add (local.get $normalized) (local.get $at)))
        (local.set $dx (i32.add (local.get $dx) (local.get $at)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; Cross-entropy's row statistics (kernels/cross-entropy.ts's rowLogSumExp, bit for bit): per
  ;; row of `classes` float32 scores the maximum m (f64.max: NaN and ±0 as Math.max) into maxes[r]
  ;; and Σ exp(s − m) into sums[r] (fdlibm's exp two columns at a time, exactly 1 where s = m as
  ;; the reference, which also covers infinite scores; summed in float64 in column order). The
  ;; caller takes m + log(sum): WebAssembly has no logarithm.
  (func $crossEntropyRowSums (export "crossEntropyRowSums") (param $scores i32) (param $rows i32) (param $classes i32) (param $maxes i32) (param $sums i32)
    (local $r i32) (local $j i32) (local $max f64) (local $sum f64) (local $x v128) (local $e v128) (local $shift v128)
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $max (f64.const -inf))
        (local.set $j (i32.const 0))
        (block $maxDone
          (loop $maxLoop
            (br_if $maxDone (i32.ge_u (local.get $j) (local.get $classes)))
            (local.set $max (f64.max (local.get $max) (f64.promote_f32 (f32.load (i32.add (local.get $scores) (i32.shl (local.get $j) (i32.const 2)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $maxLoop)))
        (local.set $shift (f64x2.splat (local.get $max)))
        (local.set $sum (f64.const 0))
        (local.set $j (i32.const 0))
        (block $expDone
          (loop $expLoop
            (br_if $expDone (i32.ge_u (i32.add (local.get $j) (i32.const 1)) (local.get $classes)))
            (local.set $x (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $scores) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $e (v128.bitselect (global.get $one) (call $expNonPositive (f64x2.sub (local.get $x) (local.get $shift))) (f64x2.eq (local.get $x) (local.get $shift))))
            (local.set $sum (f64.add (f64.add (local.get $sum) (f64x2.extract_lane 0 (local.get $e))) (f64x2.extract_lane 1 (local.get $e))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $expLoop)))
        (if (i32.lt_u (local.get $j) (local.get $classes))
          (then
            (local.set $x (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $scores) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $e (v128.bitselect (global.get $one) (call $expNonPositive (f64x2.sub (local.get $x) (local.get $shift))) (f64x2.eq (local.get $x) (local.get $shift))))
            (local.set $sum (f64.add (local.get $sum) (f64x2.extract_lane 0 (local.get $e))))))
        (f64.store (i32.add (local.get $maxes) (i32.shl (local.get $r) (i32.const 3))) (local.get $max))
        (f64.store (i32.add (local.get $sums) (i32.shl (local.get $r) (i32.const 3))) (local.get $sum))
        (local.set $scores (i32.add (local.get $scores) (i32.shl (local.get $classes) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; Cross-entropy's gradient (kernels/cross-entropy.ts's crossEntropyGradientRows, bit for bit):
  ;; grad[r][k] = f32((p·scales[r] − [k = targets[r]]·shares[r] − smooth[k]) / divisor) with
  ;; p = exp(s − logSums[r]) (an argument ≤ 0: logSum ≥ the row's maximum), in float64, two
  ;; columns at a time. logSums, shares, scales and smooth are float64, targets int32.
  (func $crossEntropyGradient (export "crossEntropyGradient") (param $scores i32) (param $logSums i32) (param $targets i32) (param $shares i32) (param $scales i32) (param $smooth i32) (param $rows i32) (param $classes i32) (param $divisor f64) (param $grad i32)
    (local $r i32) (local $j i32) (local $shift v128) (local $scale v128) (local $share v128) (local $target v128) (local $index v128) (local $divide v128) (local $v v128)
    (local.set $divide (f64x2.splat (local.get $divisor)))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $shift (f64x2.splat (f64.load (i32.add (local.get $logSums) (i32.shl (local.get $r) (i32.const 3))))))
        (local.set $scale (f64x2.splat (f64.load (i32.add (local.get $scales) (i32.shl (local.get $r) (i32.const 3))))))
        (local.set $share (f64x2.splat (f64.load (i32.add (local.get $shares) (i32.shl (local.get $r) (i32.const 3))))))
        (local.set $target (i64x2.splat (i64.extend_i32_s (i32.load (i32.add (local.get $targets) (i32.shl (local.get $r) (i32.const 2)))))))
        (local.set $index (v128.const i64x2 0 1))
        (local.set $j (i32.const 0))
        (block $pairsDone
          (loop $pairLoop
            (br_if $pairsDone (i32.ge_u (i32.add (local.get $j) (i32.const 1)) (local.get $classes)))
            (local.set $v (f64x2.mul (call $expNonPositive (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $scores) (i32.shl (local.get $j) (i32.const 2))))) (local.get $shift))) (local.get $scale)))
            (local.set $v (f64x2.sub (local.get $v) (v128.and (local.get $share) (i64x2.eq (local.get $index) (local.get $target)))))
            (local.set $v (f64x2.div (f64x2.sub (local.get $v) (v128.load (i32.add (local.get $smooth) (i32.shl (local.get $j) (i32.const 3))))) (local.get $divide)))
            (v128.store64_lane 0 (i32.add (local.get $grad) (i32.shl (local.get $j) (i32.const 2))) (f32x4.demote_f64x2_zero (local.get $v)))
            (local.set $index (i64x2.add (local.get $index) (v128.const i64x2 2 2)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $pairLoop)))
        (if (i32.lt_u (local.get $j) (local.get $classes))
          (then
            (local.set $v (f64x2.mul (call $expNonPositive (f64x2.sub (f64x2.promote_low_f32x4 (v128.load32_zero (i32.add (local.get $scores) (i32.shl (local.get $j) (i32.const 2))))) (local.get $shift))) (local.get $scale)))
            (local.set $v (f64x2.sub (local.get $v) (v128.and (local.get $share) (i64x2.eq (local.get $index) (local.get $target)))))
            (local.set $v (f64x2.div (f64x2.sub (local.get $v) (v128.load64_zero (i32.add (local.get $smooth) (i32.shl (local.get $j) (i32.const 3))))) (local.get $divide)))
            (v128.store32_lane 0 (i32.add (local.get $grad) (i32.shl (local.get $j) (i32.const 2))) (f32x4.demote_f64x2_zero (local.get $v)))))
        (local.set $scores (i32.add (local.get $scores) (i32.shl (local.get $classes) (i32.const 2))))
        (local.set $grad (i32.add (local.get $grad) (i32.shl (local.get $classes) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; Loss landscape (core/inspect/dense-evaluator.ts): $addBiasActivate's tanh (kind 2) for one
  ;; row, eight then four columns at a time with the rational function written out (no call per
  ;; pair: four or two independent chains per iteration keep the divider busy). The same float64
  ;; operations in the same order as $activate2 (fast-tanh.ts's Horner form), so the same bits.
  ;; Returns the columns done (n − n mod 4).
  (global $tanhP0 v128 (v128.const f64x2 0.9999999772258916 0.9999999772258916))
  (global $tanhP1 v128 (v128.const f64x2 0.133744847973949 0.133744847973949))
  (global $tanhP2 v128 (v128.const f64x2 0.0034878223291336364 0.0034878223291336364))
  (global $tanhP3 v128 (v128.const f64x2 2.0481366957357976e-5 2.0481366957357976e-5))
  (global $tanhP4 v128 (v128.const f64x2 1.3177762032157688e-8 1.3177762032157688e-8))
  (global $tanhQ1 v128 (v128.const f64x2 0.4670779858541691 0.4670779858541691))
  (global $tanhQ2 v128 (v128.const f64x2 0.02584743183659018 0.02584743183659018))
  (global $tanhQ3 v128 (v128.const f64x2 0.00032729384042681705 0.00032729384042681705))
  (global $tanhQ4 v128 (v128.const f64x2 7.704146336358233e-7 7.704146336358233e-7))
  (global $tanhLimit v128 (v128.const f64x2 9.1 9.1))
  (global $minusTanhLimit v128 (v128.const f64x2 -9.1 -9.1))
  (func $tanhColumns (param $values i32) (param $bias i32) (param $n i32) (result i32)
    (local $j i32) (local $v v128) (local $b v128)
    (local $x0 v128) (local $y0 v128) (local $p0 v128) (local $q0 v128)
    (local $x1 v128) (local $y1 v128) (local $p1 v128) (local $q1 v128)
    (local $v2 v128) (local $b2 v128)
    (local $x2 v128) (local $y2 v128) (local $p2 v128) (local $q2 v128)
    (local $x3 v128) (local $y3 v128) (local $p3 v128) (local $q3 v128)
    (block $octsDone
      (loop $octs
        (br_if $octsDone (i32.gt_u (i32.add (local.get $j) (i32.const 8)) (local.get $n)))
        (local.set $v (v128.load (local.get $values)))
        (local.set $b (v128.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $v2 (v128.load offset=16 (local.get $values)))
        (local.set $b2 (v128.load offset=16 (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $x0 (f64x2.add (f64x2.promote_low_f32x4 (local.get $v)) (f64x2.promote_low_f32x4 (local.get $b))))
        (local.set $x1 (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v))) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $b) (local.get $b)))))
        (local.set $x2 (f64x2.add (f64x2.promote_low_f32x4 (local.get $v2)) (f64x2.promote_low_f32x4 (local.get $b2))))
        (local.set $x3 (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v2) (local.get $v2))) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $b2) (local.get $b2)))))
        (local.set $y0 (f64x2.mul (local.get $x0) (local.get $x0)))
        (local.set $p0 (f64x2.add (global.get $tanhP2) (f64x2.mul (local.get $y0) (f64x2.add (global.get $tanhP3) (f64x2.mul (local.get $y0) (global.get $tanhP4))))))
        (local.set $p0 (f64x2.add (global.get $tanhP0) (f64x2.mul (local.get $y0) (f64x2.add (global.get $tanhP1) (f64x2.mul (local.get $y0) (local.get $p0))))))
        (local.set $q0 (f64x2.add (global.get $tanhQ2) (f64x2.mul (local.get $y0) (f64x2.add (global.get $tanhQ3) (f64x2.mul (local.get $y0) (global.get $tanhQ4))))))
        (local.set $q0 (f64x2.add (global.get $one) (f64x2.mul (local.get $y0) (f64x2.add (global.get $tanhQ1) (f64x2.mul (local.get $y0) (local.get $q0))))))
        (local.set $p0 (f64x2.div (f64x2.mul (local.get $x0) (local.get $p0)) (local.get $q0)))
        (local.set $p0 (v128.bitselect (global.get $one) (local.get $p0) (f64x2.ge (local.get $x0) (global.get $tanhLimit))))
        (local.set $p0 (v128.bitselect (global.get $minusOne) (local.get $p0) (f64x2.le (local.get $x0) (global.get $minusTanhLimit))))
        (local.set $y1 (f64x2.mul (local.get $x1) (local.get $x1)))
        (local.set $p1 (f64x2.add (global.get $tanhP2) (f64x2.mul (local.get $y1) (f64x2.add (global.get $tanhP3) (f64x2.mul (local.get $y1) (global.get $tanhP4))))))
        (local.set $p1 (f64x2.add (global.get $tanhP0) (f64x2.mul (local.get $y1) (f64x2.add (global.get $tanhP1) (f64x2.mul (local.get $y1) (local.get $p1))))))
        (local.set $q1 (f64x2.add (global.get $tanhQ2) (f64x2.mul (local.get $y1) (f64x2.add (global.get $tanhQ3) (f64x2.mul (local.get $y1) (global.get $tanhQ4))))))
        (local.set $q1 (f64x2.add (global.get $one) (f64x2.mul (local.get $y1) (f64x2.add (global.get $tanhQ1) (f64x2.mul (local.get $y1) (local.get $q1))))))
        (local.set $p1 (f64x2.div (f64x2.mul (local.get $x1) (local.get $p1)) (local.get $q1)))
        (local.set $p1 (v128.bitselect (global.get $one) (local.get $p1) (f64x2.ge (local.get $x1) (global.get $tanhLimit))))
        (local.set $p1 (v128.bitselect (global.get $minusOne) (local.get $p1) (f64x2.le (local.get $x1) (global.get $minusTanhLimit))))
        (local.set $y2 (f64x2.mul (local.get $x2) (local.get $x2)))
        (local.set $p2 (f64x2.add (global.get $tanhP2) (f64x2.mul (local.get $y2) (f64x2.add (global.get $tanhP3) (f64x2.mul (local.get $y2) (global.get $tanhP4))))))
        (local.set $p2 (f64x2.add (global.get $tanhP0) (f64x2.mul (local.get $y2) (f64x2.add (global.get $tanhP1) (f64x2.mul (local.get $y2) (local.get $p2))))))
        (local.set $q2 (f64x2.add (global.get $tanhQ2) (f64x2.mul (local.get $y2) (f64x2.add (global.get $tanhQ3) (f64x2.mul (local.get $y2) (global.get $tanhQ4))))))
        (local.set $q2 (f64x2.add (global.get $one) (f64x2.mul (local.get $y2) (f64x2.add (global.get $tanhQ1) (f64x2.mul (local.get $y2) (local.get $q2))))))
        (local.set $p2 (f64x2.div (f64x2.mul (local.get $x2) (local.get $p2)) (local.get $q2)))
        (local.set $p2 (v128.bitselect (global.get $one) (local.get $p2) (f64x2.ge (local.get $x2) (global.get $tanhLimit))))
        (local.set $p2 (v128.bitselect (global.get $minusOne) (local.get $p2) (f64x2.le (local.get $x2) (global.get $minusTanhLimit))))
        (local.set $y3 (f64x2.mul (local.get $x3) (local.get $x3)))
        (local.set $p3 (f64x2.add (global.get $tanhP2) (f64x2.mul (local.get $y3) (f64x2.add (global.get $tanhP3) (f64x2.mul (local.get $y3) (global.get $tanhP4))))))
        (local.set $p3 (f64x2.add (global.get $tanhP0) (f64x2.mul (local.get $y3) (f64x2.add (global.get $tanhP1) (f64x2.mul (local.get $y3) (local.get $p3))))))
        (local.set $q3 (f64x2.add (global.get $tanhQ2) (f64x2.mul (local.get $y3) (f64x2.add (global.get $tanhQ3) (f64x2.mul (local.get $y3) (global.get $tanhQ4))))))
        (local.set $q3 (f64x2.add (global.get $one) (f64x2.mul (local.get $y3) (f64x2.add (global.get $tanhQ1) (f64x2.mul (local.get $y3) (local.get $q3))))))
        (local.set $p3 (f64x2.div (f64x2.mul (local.get $x3) (local.get $p3)) (local.get $q3)))
        (local.set $p3 (v128.bitselect (global.get $one) (local.get $p3) (f64x2.ge (local.get $x3) (global.get $tanhLimit))))
        (local.set $p3 (v128.bitselect (global.get $minusOne) (local.get $p3) (f64x2.le (local.get $x3) (global.get $minusTanhLimit))))
        (v128.store (local.get $values)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $p0)) (f32x4.demote_f64x2_zero (local.get $p1))))
        (v128.store offset=16 (local.get $values)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $p2)) (f32x4.demote_f64x2_zero (local.get $p3))))
        (local.set $values (i32.add (local.get $values) (i32.const 32)))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $octs)))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
        (local.set $v (v128.load (local.get $values)))
        (local.set $b (v128.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $x0 (f64x2.add (f64x2.promote_low_f32x4 (local.get $v)) (f64x2.promote_low_f32x4 (local.get $b))))
        (local.set $x1 (f64x2.add
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $b) (local.get $b)))))
        (local.set $y0 (f64x2.mul (local.get $x0) (local.get $x0)))
        (local.set $p0 (f64x2.add (global.get $tanhP2) (f64x2.mul (local.get $y0) (f64x2.add (global.get $tanhP3) (f64x2.mul (local.get $y0) (global.get $tanhP4))))))
        (local.set $p0 (f64x2.add (global.get $tanhP0) (f64x2.mul (local.get $y0) (f64x2.add (global.get $tanhP1) (f64x2.mul (local.get $y0) (local.get $p0))))))
        (local.set $q0 (f64x2.add (global.get $tanhQ2) (f64x2.mul (local.get $y0) (f64x2.add (global.get $tanhQ3) (f64x2.mul (local.get $y0) (global.get $tanhQ4))))))
        (local.set $q0 (f64x2.add (global.get $one) (f64x2.mul (local.get $y0) (f64x2.add (global.get $tanhQ1) (f64x2.mul (local.get $y0) (local.get $q0))))))
        (local.set $p0 (f64x2.div (f64x2.mul (local.get $x0) (local.get $p0)) (local.get $q0)))
        (local.set $p0 (v128.bitselect (global.get $one) (local.get $p0) (f64x2.ge (local.get $x0) (global.get $tanhLimit))))
        (local.set $p0 (v128.bitselect (global.get $minusOne) (local.get $p0) (f64x2.le (local.get $x0) (global.get $minusTanhLimit))))
        (local.set $y1 (f64x2.mul (local.get $x1) (local.get $x1)))
        (local.set $p1 (f64x2.add (global.get $tanhP2) (f64x2.mul (local.get $y1) (f64x2.add (global.get $tanhP3) (f64x2.mul (local.get $y1) (global.get $tanhP4))))))
        (local.set $p1 (f64x2.add (global.get $tanhP0) (f64x2.mul (local.get $y1) (f64x2.add (global.get $tanhP1) (f64x2.mul (local.get $y1) (local.get $p1))))))
        (local.set $q1 (f64x2.add (global.get $tanhQ2) (f64x2.mul (local.get $y1) (f64x2.add (global.get $tanhQ3) (f64x2.mul (local.get $y1) (global.get $tanhQ4))))))
        (local.set $q1 (f64x2.add (global.get $one) (f64x2.mul (local.get $y1) (f64x2.add (global.get $tanhQ1) (f64x2.mul (local.get $y1) (local.get $q1))))))
        (local.set $p1 (f64x2.div (f64x2.mul (local.get $x1) (local.get $p1)) (local.get $q1)))
        (local.set $p1 (v128.bitselect (global.get $one) (local.get $p1) (f64x2.ge (local.get $x1) (global.get $tanhLimit))))
        (local.set $p1 (v128.bitselect (global.get $minusOne) (local.get $p1) (f64x2.le (local.get $x1) (global.get $minusTanhLimit))))
        (v128.store (local.get $values)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $p0)) (f32x4.demote_f64x2_zero (local.get $p1))))
        (local.set $values (i32.add (local.get $values) (i32.const 16)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $quads)))
    (local.get $j))

  ;; $addBiasActivate's none (kind 0) and relu (kind 1) for one row, four columns at a time: the
  ;; float64 sum and (x + |x|)·½ of $activate2, so the same bits. Returns the columns done (n − n mod 4).
  (func $plainColumns (param $values i32) (param $bias i32) (param $n i32) (param $kind i32) (result i32)
    (local $j i32) (local $v v128) (local $b v128) (local $x0 v128) (local $x1 v128)
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
        (local.set $v (v128.load (local.get $values)))
        (local.set $b (v128.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $x0 (f64x2.add (f64x2.promote_low_f32x4 (local.get $v)) (f64x2.promote_low_f32x4 (local.get $b))))
        (local.set $x1 (f64x2.add
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $b) (local.get $b)))))
        (if (local.get $kind)
          (then
            (local.set $x0 (f64x2.mul (f64x2.add (local.get $x0) (f64x2.abs (local.get $x0))) (global.get $half)))
            (local.set $x1 (f64x2.mul (f64x2.add (local.get $x1) (f64x2.abs (local.get $x1))) (global.get $half)))))
        (v128.store (local.get $values)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $x0)) (f32x4.demote_f64x2_zero (local.get $x1))))
        (local.set $values (i32.add (local.get $values) (i32.const 16)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $quads)))
    (local.get $j))

  ;; dst[i] = a[i]·b[i] for i < count in float32: the exact product rounded once, the bits of
  ;; JavaScript's `dst[i] = a[i] * b[i]` on Float32Arrays (the product of two float32 values is
  ;; exact in float64). A fused dense + activation's gradient: dy times the derivative its forward
  ;; kept (core/tensor/wasm/matmul.ts's wasmLinearBackward). dst may be a or b.
  (func $multiply (export "multiply") (param $a i32) (param $b i32) (param $dst i32) (param $count i32)
    (local $end i32) (local $end4 i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $dst) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.ge_u (local.get $dst) (local.get $end4)))
        (v128.store (local.get $dst) (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $quads)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.mul (f32.load (local.get $a)) (f32.load (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $tail))))

  ;; dst[cols × rows] = src[rows × cols]ᵀ, both contiguous, as $transpose (the same 4×4 blocks
  ;; through registers, the same edges), for a tall src (linear's X, 4096 rows): the blocks go down
  ;; each 4-column strip, so the four rows of dst being written are filled left to right. Row
  ;; by row across src, as $transpose walks it, dst's rows 4·rows bytes apart (16 KB) all fall in
  ;; one L1 set and every store missed: 1.9 ms for 4096 × 256 floats, against 0.3 ms this way.
  (func $transposeTall (export "transposeTall") (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $i i32) (local $j i32) (local $rows4 i32) (local $cols4 i32)
    (local $sr i32) (local $dr i32) (local $s i32) (local $d i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rows4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
    (local.set $sr (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $dr (i32.shl (local.get $rows) (i32.const 2)))
    (block $stripsDone
      (loop $strips
        (br_if $stripsDone (i32.ge_u (local.get $j) (local.get $cols4)))
        (local.set $s (i32.add (local.get $src) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $d (i32.add (local.get $dst) (i32.mul (local.get $j) (local.get $dr))))
        (local.set $i (i32.const 0))
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.ge_u (local.get $i) (local.get $rows4)))
            (local.set $r0 (v128.load (local.get $s)))
            (local.set $r1 (v128.load (i32.add (local.get $s) (local.get $sr))))
            (local.set $r2 (v128.load (i32.add (local.get $s) (i32.shl (local.get $sr) (i32.const 1)))))
            (local.set $r3 (v128.load (i32.add (local.get $s) (i32.mul (local.get $sr) (i32.const 3)))))
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
            (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
            (local.set $t2 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
            (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
            (v128.store (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
            (v128.store (i32.add (local.get $d) (local.get $dr)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
            (v128.store (i32.add (local.get $d) (i32.shl (local.get $dr) (i32.const 1))) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t2) (local.get $t3)))
            (v128.store (i32.add (local.get $d) (i32.mul (local.get $dr) (i32.const 3))) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t2) (local.get $t3)))
            (local.set $s (i32.add (local.get $s) (i32.shl (local.get $sr) (i32.const 2))))
            (local.set $d (i32.add (local.get $d) (i32.const 16)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $blocks)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $strips)))
    (call $transposeRange (local.get $src) (local.get $rows) (local.get $cols) (local.get $dst) (i32.const 0) (local.get $rows4) (local.get $cols4))
    (call $transposeRange (local.get $src) (local.get $rows) (local.get $cols) (local.get $dst) (local.get $rows4) (local.get $rows) (i32.const 0)))

  ;; ---- gpt12i (issue 12, the tiny GPT's step) ----

  ;; $gemm's C[m×n] += op(A)·B for causal attention's products, by bands of 8 rows of C, leaving
  ;; out what the causal mask makes zero or unread (about 45 % of the terms for T = 64):
  ;; mode 0: columns of C at or beyond the band's end (q·kᵀ, dMixed·vᵀ: read only at j ≤ i);
  ;; mode 1: terms p at or beyond the band's end (weights·v, dScores·k: A[i][p] = 0 for p > i);
  ;; mode 2: terms p before the band's start (weightsᵀ·dMixed, dScoresᵀ·q: op(A)[i][p] = 0 for
  ;; p < i), from the band's start when k ≤ 64, else from the start of its block of 64 terms.
  ;; So each C element sums the same float32 blocks of 64 terms as $gemm's, less exact zeros at
  ;; either end (an accumulator that starts at +0 is never −0, so adding a zero changes nothing),
  ;; and a one-block sum added to C in float32 equals $gemm's f32(C + f64 sum) (double rounding
  ;; of a sum of two float32 values through float64 is exact): the same bits for finite operands.
  ;; With `zero`, each band's rows of C that it computes are zeroed first (C = rather than +=:
  ;; no fill of the whole C beforehand, and the band's C is in cache when the gemm adds to it).
  (func $causalGemm (export "causalGemm") (param $mode i32) (param $zero i32) (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $aRS i32) (param $aCS i32) (param $b i32) (param $bRS i32) (param $c i32) (param $ldc i32) (param $work i32)
    (local $r0 i32) (local $r1 i32) (local $s i32) (local $ap i32) (local $cp i32) (local $cols i32) (local $row i32)
    (block $done
      (loop $bands
        (br_if $done (i32.ge_u (local.get $r0) (local.get $m)))
        (local.set $r1 (i32.add (local.get $r0) (i32.const 8)))
        (local.set $r1 (select (local.get $m) (local.get $r1) (i32.lt_u (local.get $m) (local.get $r1))))
        (local.set $ap (i32.add (local.get $a) (i32.mul (local.get $r0) (local.get $aRS))))
        (local.set $cp (i32.add (local.get $c) (i32.shl (i32.mul (local.get $r0) (local.get $ldc)) (i32.const 2))))
        (if (local.get $zero)
          (then
            (local.set $cols (select (select (local.get $n) (local.get $r1) (i32.lt_u (local.get $n) (local.get $r1))) (local.get $n) (i32.eqz (local.get $mode))))
            (local.set $row (local.get $r0))
            (block $zeroed
              (loop $zeroRows
                (br_if $zeroed (i32.ge_u (local.get $row) (local.get $r1)))
                (memory.fill (i32.add (local.get $c) (i32.shl (i32.mul (local.get $row) (local.get $ldc)) (i32.const 2))) (i32.const 0) (i32.shl (local.get $cols) (i32.const 2)))
                (local.set $row (i32.add (local.get $row) (i32.const 1)))
                (br $zeroRows)))))
        (if (i32.eqz (local.get $mode))
          (then (call $gemm (i32.sub (local.get $r1) (local.get $r0)) (select (local.get $n) (local.get $r1) (i32.lt_u (local.get $n) (local.get $r1))) (local.get $k)
            (local.get $ap) (local.get $aRS) (local.get $aCS) (local.get $b) (local.get $bRS) (local.get $cp) (local.get $ldc) (local.get $work))))
        (if (i32.eq (local.get $mode) (i32.const 1))
          (then (call $gemm (i32.sub (local.get $r1) (local.get $r0)) (local.get $n) (select (local.get $k) (local.get $r1) (i32.lt_u (local.get $k) (local.get $r1)))
            (local.get $ap) (local.get $aRS) (local.get $aCS) (local.get $b) (local.get $bRS) (local.get $cp) (local.get $ldc) (local.get $work))))
        (if (i32.eq (local.get $mode) (i32.const 2))
          (then
            (local.set $s (select (local.get $r0) (i32.and (local.get $r0) (i32.const -64)) (i32.le_u (local.get $k) (i32.const 64))))
            (local.set $s (select (local.get $k) (local.get $s) (i32.lt_u (local.get $k) (local.get $s))))
            (call $gemm (i32.sub (local.get $r1) (local.get $r0)) (local.get $n) (i32.sub (local.get $k) (local.get $s))
              (i32.add (local.get $ap) (i32.mul (local.get $s) (local.get $aCS))) (local.get $aRS) (local.get $aCS)
              (i32.add (local.get $b) (i32.mul (local.get $s) (local.get $bRS))) (local.get $bRS) (local.get $cp) (local.get $ldc) (local.get $work))))
        (local.set $r0 (local.get $r1))
        (br $bands))))

  ;; $layerNormForward four rows at a time, the same operations on each row (the same bits): rows
  ;; r, r+1 in the two lanes of one f64x2 and r+2, r+3 in another, so each row's float64 sum and
  ;; sum of squared deviations, chains of n dependent adds in the reference's order, run four at
  ;; once rather than one after another (the chains, not the arithmetic, bound the per-row loop).
  ;; Needs n mod 4 = 0 (else $layerNormForward does the whole); the last rows mod 4 go to it too.
  (func $layerNormForwardRows (export "layerNormForwardRows") (param $x i32) (param $gamma i32) (param $beta i32) (param $rows i32) (param $n i32) (param $eps f64) (param $out i32) (param $normalized i32) (param $inverseStd i32)
    (local $r i32) (local $rowBytes i32) (local $p i32) (local $end i32) (local $count v128) (local $epsV v128)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local $sum01 v128) (local $sum23 v128) (local $mean01 v128) (local $mean23 v128) (local $dev01 v128) (local $dev23 v128) (local $inv01 v128) (local $inv23 v128)
    (if (i32.or (i32.and (local.get $n) (i32.const 3)) (i32.eqz (local.get $n)))
      (then
        (call $layerNormForward (local.get $x) (local.get $gamma) (local.get $beta) (local.get $rows) (local.get $n) (local.get $eps) (local.get $out) (local.get $normalized) (local.get $inverseStd))
        (return)))
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $count (f64x2.splat (f64.convert_i32_u (local.get $n))))
    (local.set $epsV (f64x2.splat (local.get $eps)))
    (block $groupsDone
      (loop $groups
        (br_if $groupsDone (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $rows)))
        (local.set $end (i32.add (local.get $x) (local.get $rowBytes)))
        (local.set $sum01 (v128.const i64x2 0 0))
        (local.set $sum23 (v128.const i64x2 0 0))
        (local.set $p (local.get $x))
        (loop $sums
            (local.set $a (v128.load (local.get $p)))
            (local.set $b (v128.load (i32.add (local.get $p) (local.get $rowBytes))))
            (local.set $c (v128.load (i32.add (local.get $p) (i32.shl (local.get $rowBytes) (i32.const 1)))))
            (local.set $d (v128.load (i32.add (local.get $p) (i32.mul (local.get $rowBytes) (i32.const 3)))))
            (local.set $sum01 (f64x2.add (local.get $sum01) (f64x2.promote_low_f32x4 (i8x16.shuffle 0 1 2 3 16 17 18 19 0 1 2 3 4 5 6 7 (local.get $a) (local.get $b)))))
            (local.set $sum23 (f64x2.add (local.get $sum23) (f64x2.promote_low_f32x4 (i8x16.shuffle 0 1 2 3 16 17 18 19 0 1 2 3 4 5 6 7 (local.get $c) (local.get $d)))))
            (local.set $sum01 (f64x2.add (local.get $sum01) (f64x2.promote_low_f32x4 (i8x16.shuffle 4 5 6 7 20 21 22 23 0 1 2 3 4 5 6 7 (local.get $a) (local.get $b)))))
            (local.set $sum23 (f64x2.add (local.get $sum23) (f64x2.promote_low_f32x4 (i8x16.shuffle 4 5 6 7 20 21 22 23 0 1 2 3 4 5 6 7 (local.get $c) (local.get $d)))))
            (local.set $sum01 (f64x2.add (local.get $sum01) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 24 25 26 27 0 1 2 3 4 5 6 7 (local.get $a) (local.get $b)))))
            (local.set $sum23 (f64x2.add (local.get $sum23) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 24 25 26 27 0 1 2 3 4 5 6 7 (local.get $c) (local.get $d)))))
            (local.set $sum01 (f64x2.add (local.get $sum01) (f64x2.promote_low_f32x4 (i8x16.shuffle 12 13 14 15 28 29 30 31 0 1 2 3 4 5 6 7 (local.get $a) (local.get $b)))))
            (local.set $sum23 (f64x2.add (local.get $sum23) (f64x2.promote_low_f32x4 (i8x16.shuffle 12 13 14 15 28 29 30 31 0 1 2 3 4 5 6 7 (local.get $c) (local.get $d)))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br_if $sums (i32.ne (local.get $p) (local.get $end))))
        (local.set $mean01 (f64x2.div (local.get $sum01) (local.get $count)))
        (local.set $mean23 (f64x2.div (local.get $sum23) (local.get $count)))
        (local.set $sum01 (v128.const i64x2 0 0))
        (local.set $sum23 (v128.const i64x2 0 0))
        (local.set $p (local.get $x))
        (loop $squares
            (local.set $a (v128.load (local.get $p)))
            (local.set $b (v128.load (i32.add (local.get $p) (local.get $rowBytes))))
            (local.set $c (v128.load (i32.add (local.get $p) (i32.shl (local.get $rowBytes) (i32.const 1)))))
            (local.set $d (v128.load (i32.add (local.get $p) (i32.mul (local.get $rowBytes) (i32.const 3)))))
            (local.set $dev01 (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 0 1 2 3 16 17 18 19 0 1 2 3 4 5 6 7 (local.get $a) (local.get $b))) (local.get $mean01)))
            (local.set $dev23 (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 0 1 2 3 16 17 18 19 0 1 2 3 4 5 6 7 (local.get $c) (local.get $d))) (local.get $mean23)))
            (local.set $sum01 (f64x2.add (local.get $sum01) (f64x2.mul (local.get $dev01) (local.get $dev01))))
            (local.set $sum23 (f64x2.add (local.get $sum23) (f64x2.mul (local.get $dev23) (local.get $dev23))))
            (local.set $dev01 (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 4 5 6 7 20 21 22 23 0 1 2 3 4 5 6 7 (local.get $a) (local.get $b))) (local.get $mean01)))
            (local.set $dev23 (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 4 5 6 7 20 21 22 23 0 1 2 3 4 5 6 7 (local.get $c) (local.get $d))) (local.get $mean23)))
            (local.set $sum01 (f64x2.add (local.get $sum01) (f64x2.mul (local.get $dev01) (local.get $dev01))))
            (local.set $sum23 (f64x2.add (local.get $sum23) (f64x2.mul (local.get $dev23) (local.get $dev23))))
            (local.set $dev01 (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 24 25 26 27 0 1 2 3 4 5 6 7 (local.get $a) (local.get $b))) (local.get $mean01)))
            (local.set $dev23 (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 24 25 26 27 0 1 2 3 4 5 6 7 (local.get $c) (local.get $d))) (local.get $mean23)))
            (local.set $sum01 (f64x2.add (local.get $sum01) (f64x2.mul (local.get $dev01) (local.get $dev01))))
            (local.set $sum23 (f64x2.add (local.get $sum23) (f64x2.mul (local.get $dev23) (local.get $dev23))))
            (local.set $dev01 (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 12 13 14 15 28 29 30 31 0 1 2 3 4 5 6 7 (local.get $a) (local.get $b))) (local.get $mean01)))
            (local.set $dev23 (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 12 13 14 15 28 29 30 31 0 1 2 3 4 5 6 7 (local.get $c) (local.get $d))) (local.get $mean23)))
            (local.set $sum01 (f64x2.add (local.get $sum01) (f64x2.mul (local.get $dev01) (local.get $dev01))))
            (local.set $sum23 (f64x2.add (local.get $sum23) (f64x2.mul (local.get $dev23) (local.get $dev23))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br_if $squares (i32.ne (local.get $p) (local.get $end))))
        (local.set $inv01 (f64x2.div (f64x2.splat (f64.const 1)) (f64x2.sqrt (f64x2.add (f64x2.div (local.get $sum01) (local.get $count)) (local.get $epsV)))))
        (local.set $inv23 (f64x2.div (f64x2.splat (f64.const 1)) (f64x2.sqrt (f64x2.add (f64x2.div (local.get $sum23) (local.get $count)) (local.get $epsV)))))
        (call $layerNormRow (i32.add (local.get $x) (i32.mul (local.get $rowBytes) (i32.const 0))) (local.get $gamma) (local.get $beta) (local.get $n)
          (f64x2.extract_lane 0 (local.get $mean01)) (f64x2.extract_lane 0 (local.get $inv01))
          (i32.add (local.get $out) (i32.mul (local.get $rowBytes) (i32.const 0))) (i32.add (local.get $normalized) (i32.mul (local.get $rowBytes) (i32.const 0))))
        (f32.store offset=0 (local.get $inverseStd) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $inv01))))
        (call $layerNormRow (i32.add (local.get $x) (i32.mul (local.get $rowBytes) (i32.const 1))) (local.get $gamma) (local.get $beta) (local.get $n)
          (f64x2.extract_lane 1 (local.get $mean01)) (f64x2.extract_lane 1 (local.get $inv01))
          (i32.add (local.get $out) (i32.mul (local.get $rowBytes) (i32.const 1))) (i32.add (local.get $normalized) (i32.mul (local.get $rowBytes) (i32.const 1))))
        (f32.store offset=4 (local.get $inverseStd) (f32.demote_f64 (f64x2.extract_lane 1 (local.get $inv01))))
        (call $layerNormRow (i32.add (local.get $x) (i32.mul (local.get $rowBytes) (i32.const 2))) (local.get $gamma) (local.get $beta) (local.get $n)
          (f64x2.extract_lane 0 (local.get $mean23)) (f64x2.extract_lane 0 (local.get $inv23))
          (i32.add (local.get $out) (i32.mul (local.get $rowBytes) (i32.const 2))) (i32.add (local.get $normalized) (i32.mul (local.get $rowBytes) (i32.const 2))))
        (f32.store offset=8 (local.get $inverseStd) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $inv23))))
        (call $layerNormRow (i32.add (local.get $x) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $gamma) (local.get $beta) (local.get $n)
          (f64x2.extract_lane 1 (local.get $mean23)) (f64x2.extract_lane 1 (local.get $inv23))
          (i32.add (local.get $out) (i32.mul (local.get $rowBytes) (i32.const 3))) (i32.add (local.get $normalized) (i32.mul (local.get $rowBytes) (i32.const 3))))
        (f32.store offset=12 (local.get $inverseStd) (f32.demote_f64 (f64x2.extract_lane 1 (local.get $inv23))))
        (local.set $p (i32.shl (local.get $rowBytes) (i32.const 2)))
        (local.set $x (i32.add (local.get $x) (local.get $p)))
        (local.set $out (i32.add (local.get $out) (local.get $p)))
        (local.set $normalized (i32.add (local.get $normalized) (local.get $p)))
        (local.set $inverseStd (i32.add (local.get $inverseStd) (i32.const 16)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $groups)))
    (if (i32.lt_u (local.get $r) (local.get $rows))
      (then (call $layerNormForward (local.get $x) (local.get $gamma) (local.get $beta) (i32.sub (local.get $rows) (local.get $r)) (local.get $n) (local.get $eps) (local.get $out) (local.get $normalized) (local.get $inverseStd)))))

  ;; One row's x̂ = (x − mean)·inverse and out = γ·x̂ + β for $layerNormForwardRows, as
  ;; $layerNormForward's pairs loop (the same operations), four columns at a time; n mod 4 = 0.
  (func $layerNormRow (param $x i32) (param $gamma i32) (param $beta i32) (param $n i32) (param $mean f64) (param $inverse f64) (param $out i32) (param $normalized i32)
    (local $at i32) (local $end i32) (local $meanV v128) (local $inverseV v128) (local $v v128) (local $g v128) (local $b v128) (local $low v128) (local $high v128)
    (local.set $meanV (f64x2.splat (local.get $mean)))
    (local.set $inverseV (f64x2.splat (local.get $inverse)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (loop $quads
      (local.set $v (v128.load (i32.add (local.get $x) (local.get $at))))
      (local.set $g (v128.load (i32.add (local.get $gamma) (local.get $at))))
      (local.set $b (v128.load (i32.add (local.get $beta) (local.get $at))))
      (local.set $low (f64x2.mul (f64x2.sub (f64x2.promote_low_f32x4 (local.get $v)) (local.get $meanV)) (local.get $inverseV)))
      (local.set $high (f64x2.mul (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (local.get $meanV)) (local.get $inverseV)))
      (v128.store (i32.add (local.get $normalized) (local.get $at))
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $low)) (f32x4.demote_f64x2_zero (local.get $high))))
      (v128.store (i32.add (local.get $out) (local.get $at))
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul (f64x2.promote_low_f32x4 (local.get $g)) (local.get $low)) (f64x2.promote_low_f32x4 (local.get $b))))
          (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $g) (local.get $g))) (local.get $high))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $b) (local.get $b)))))))
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (br_if $quads (i32.lt_u (local.get $at) (local.get $end)))))

  ;; $layerNormBackward four rows at a time, the same operations on each row (the same bits): the
  ;; rows' float64 sums of ĝ = dy·γ and ĝ·x̂ two rows to an f64x2 (four chains at once, as
  ;; $layerNormForwardRows), dγ and dβ four columns at a time through the four rows in order
  ;; (each rounded to float32 after each row, as the reference's stores), then each row's dx.
  ;; Needs n mod 4 = 0 (else $layerNormBackward does the whole); the last rows mod 4 go to it too.
  (func $layerNormBackwardRows (export "layerNormBackwardRows") (param $dy i32) (param $normalized i32) (param $inverseStd i32) (param $gamma i32) (param $rows i32) (param $n i32) (param $dx i32) (param $dgamma i32) (param $dbeta i32)
    (local $r i32) (local $rowBytes i32) (local $p i32) (local $count f64)
    (local $yA v128) (local $yB v128) (local $yC v128) (local $yD v128) (local $xA v128) (local $xB v128) (local $xC v128) (local $xD v128)
    (local $g v128) (local $gam v128) (local $s v128) (local $dg v128) (local $db v128)
    (local $sum01 v128) (local $sum23 v128) (local $sumX01 v128) (local $sumX23 v128)
    (if (i32.or (i32.and (local.get $n) (i32.const 3)) (i32.eqz (local.get $n)))
      (then
        (call $layerNormBackward (local.get $dy) (local.get $normalized) (local.get $inverseStd) (local.get $gamma) (local.get $rows) (local.get $n) (local.get $dx) (local.get $dgamma) (local.get $dbeta))
        (return)))
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $count (f64.convert_i32_u (local.get $n)))
    (block $groupsDone
      (loop $groups
        (br_if $groupsDone (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $rows)))
        (local.set $sum01 (v128.const i64x2 0 0))
        (local.set $sum23 (v128.const i64x2 0 0))
        (local.set $sumX01 (v128.const i64x2 0 0))
        (local.set $sumX23 (v128.const i64x2 0 0))
        (local.set $p (i32.const 0))
        (loop $quads
            (local.set $yA (v128.load (i32.add (local.get $dy) (local.get $p))))
            (local.set $yB (v128.load (i32.add (i32.add (local.get $dy) (local.get $rowBytes)) (local.get $p))))
            (local.set $yC (v128.load (i32.add (i32.add (local.get $dy) (i32.shl (local.get $rowBytes) (i32.const 1))) (local.get $p))))
            (local.set $yD (v128.load (i32.add (i32.add (local.get $dy) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $p))))
            (local.set $xA (v128.load (i32.add (local.get $normalized) (local.get $p))))
            (local.set $xB (v128.load (i32.add (i32.add (local.get $normalized) (local.get $rowBytes)) (local.get $p))))
            (local.set $xC (v128.load (i32.add (i32.add (local.get $normalized) (i32.shl (local.get $rowBytes) (i32.const 1))) (local.get $p))))
            (local.set $xD (v128.load (i32.add (i32.add (local.get $normalized) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $p))))
            (local.set $g (v128.load (i32.add (local.get $gamma) (local.get $p))))
            (local.set $dg (v128.load (i32.add (local.get $dgamma) (local.get $p))))
            (local.set $db (v128.load (i32.add (local.get $dbeta) (local.get $p))))
            (local.set $gam (f64x2.promote_low_f32x4 (i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 4 5 6 7 (local.get $g) (local.get $g))))
            (local.set $s (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 0 1 2 3 16 17 18 19 0 1 2 3 4 5 6 7 (local.get $yA) (local.get $yB))) (local.get $gam)))
            (local.set $sum01 (f64x2.add (local.get $sum01) (local.get $s)))
            (local.set $sumX01 (f64x2.add (local.get $sumX01) (f64x2.mul (local.get $s) (f64x2.promote_low_f32x4 (i8x16.shuffle 0 1 2 3 16 17 18 19 0 1 2 3 4 5 6 7 (local.get $xA) (local.get $xB))))))
            (local.set $s (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 0 1 2 3 16 17 18 19 0 1 2 3 4 5 6 7 (local.get $yC) (local.get $yD))) (local.get $gam)))
            (local.set $sum23 (f64x2.add (local.get $sum23) (local.get $s)))
            (local.set $sumX23 (f64x2.add (local.get $sumX23) (f64x2.mul (local.get $s) (f64x2.promote_low_f32x4 (i8x16.shuffle 0 1 2 3 16 17 18 19 0 1 2 3 4 5 6 7 (local.get $xC) (local.get $xD))))))
            (local.set $gam (f64x2.promote_low_f32x4 (i8x16.shuffle 4 5 6 7 4 5 6 7 0 1 2 3 4 5 6 7 (local.get $g) (local.get $g))))
            (local.set $s (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 4 5 6 7 20 21 22 23 0 1 2 3 4 5 6 7 (local.get $yA) (local.get $yB))) (local.get $gam)))
            (local.set $sum01 (f64x2.add (local.get $sum01) (local.get $s)))
            (local.set $sumX01 (f64x2.add (local.get $sumX01) (f64x2.mul (local.get $s) (f64x2.promote_low_f32x4 (i8x16.shuffle 4 5 6 7 20 21 22 23 0 1 2 3 4 5 6 7 (local.get $xA) (local.get $xB))))))
            (local.set $s (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 4 5 6 7 20 21 22 23 0 1 2 3 4 5 6 7 (local.get $yC) (local.get $yD))) (local.get $gam)))
            (local.set $sum23 (f64x2.add (local.get $sum23) (local.get $s)))
            (local.set $sumX23 (f64x2.add (local.get $sumX23) (f64x2.mul (local.get $s) (f64x2.promote_low_f32x4 (i8x16.shuffle 4 5 6 7 20 21 22 23 0 1 2 3 4 5 6 7 (local.get $xC) (local.get $xD))))))
            (local.set $gam (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 8 9 10 11 0 1 2 3 4 5 6 7 (local.get $g) (local.get $g))))
            (local.set $s (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 24 25 26 27 0 1 2 3 4 5 6 7 (local.get $yA) (local.get $yB))) (local.get $gam)))
            (local.set $sum01 (f64x2.add (local.get $sum01) (local.get $s)))
            (local.set $sumX01 (f64x2.add (local.get $sumX01) (f64x2.mul (local.get $s) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 24 25 26 27 0 1 2 3 4 5 6 7 (local.get $xA) (local.get $xB))))))
            (local.set $s (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 24 25 26 27 0 1 2 3 4 5 6 7 (local.get $yC) (local.get $yD))) (local.get $gam)))
            (local.set $sum23 (f64x2.add (local.get $sum23) (local.get $s)))
            (local.set $sumX23 (f64x2.add (local.get $sumX23) (f64x2.mul (local.get $s) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 24 25 26 27 0 1 2 3 4 5 6 7 (local.get $xC) (local.get $xD))))))
            (local.set $gam (f64x2.promote_low_f32x4 (i8x16.shuffle 12 13 14 15 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $g) (local.get $g))))
            (local.set $s (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 12 13 14 15 28 29 30 31 0 1 2 3 4 5 6 7 (local.get $yA) (local.get $yB))) (local.get $gam)))
            (local.set $sum01 (f64x2.add (local.get $sum01) (local.get $s)))
            (local.set $sumX01 (f64x2.add (local.get $sumX01) (f64x2.mul (local.get $s) (f64x2.promote_low_f32x4 (i8x16.shuffle 12 13 14 15 28 29 30 31 0 1 2 3 4 5 6 7 (local.get $xA) (local.get $xB))))))
            (local.set $s (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 12 13 14 15 28 29 30 31 0 1 2 3 4 5 6 7 (local.get $yC) (local.get $yD))) (local.get $gam)))
            (local.set $sum23 (f64x2.add (local.get $sum23) (local.get $s)))
            (local.set $sumX23 (f64x2.add (local.get $sumX23) (f64x2.mul (local.get $s) (f64x2.promote_low_f32x4 (i8x16.shuffle 12 13 14 15 28 29 30 31 0 1 2 3 4 5 6 7 (local.get $xC) (local.get $xD))))))
            (local.set $dg (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (local.get $dg)) (f64x2.mul (f64x2.promote_low_f32x4 (local.get $yA)) (f64x2.promote_low_f32x4 (local.get $xA)))))
              (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $dg) (local.get $dg))) (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $yA) (local.get $yA))) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $xA) (local.get $xA))))))))
            (local.set $db (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (local.get $db)) (f64x2.promote_low_f32x4 (local.get $yA)))) (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $db) (local.get $db))) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $yA) (local.get $yA)))))))
            (local.set $dg (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (local.get $dg)) (f64x2.mul (f64x2.promote_low_f32x4 (local.get $yB)) (f64x2.promote_low_f32x4 (local.get $xB)))))
              (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $dg) (local.get $dg))) (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $yB) (local.get $yB))) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $xB) (local.get $xB))))))))
            (local.set $db (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (local.get $db)) (f64x2.promote_low_f32x4 (local.get $yB)))) (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $db) (local.get $db))) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $yB) (local.get $yB)))))))
            (local.set $dg (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (local.get $dg)) (f64x2.mul (f64x2.promote_low_f32x4 (local.get $yC)) (f64x2.promote_low_f32x4 (local.get $xC)))))
              (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $dg) (local.get $dg))) (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $yC) (local.get $yC))) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $xC) (local.get $xC))))))))
            (local.set $db (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (local.get $db)) (f64x2.promote_low_f32x4 (local.get $yC)))) (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $db) (local.get $db))) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $yC) (local.get $yC)))))))
            (local.set $dg (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (local.get $dg)) (f64x2.mul (f64x2.promote_low_f32x4 (local.get $yD)) (f64x2.promote_low_f32x4 (local.get $xD)))))
              (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $dg) (local.get $dg))) (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $yD) (local.get $yD))) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $xD) (local.get $xD))))))))
            (local.set $db (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (local.get $db)) (f64x2.promote_low_f32x4 (local.get $yD)))) (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $db) (local.get $db))) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $yD) (local.get $yD)))))))
            (v128.store (i32.add (local.get $dgamma) (local.get $p)) (local.get $dg))
            (v128.store (i32.add (local.get $dbeta) (local.get $p)) (local.get $db))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br_if $quads (i32.lt_u (local.get $p) (local.get $rowBytes))))
        (call $layerNormBackwardRow (i32.add (local.get $dy) (i32.mul (local.get $rowBytes) (i32.const 0))) (i32.add (local.get $normalized) (i32.mul (local.get $rowBytes) (i32.const 0))) (local.get $gamma) (local.get $n) (i32.add (local.get $dx) (i32.mul (local.get $rowBytes) (i32.const 0)))
          (f64.div (f64.promote_f32 (f32.load offset=0 (local.get $inverseStd))) (local.get $count))
          (f64x2.extract_lane 0 (local.get $sum01)) (f64x2.extract_lane 0 (local.get $sumX01)))
        (call $layerNormBackwardRow (i32.add (local.get $dy) (i32.mul (local.get $rowBytes) (i32.const 1))) (i32.add (local.get $normalized) (i32.mul (local.get $rowBytes) (i32.const 1))) (local.get $gamma) (local.get $n) (i32.add (local.get $dx) (i32.mul (local.get $rowBytes) (i32.const 1)))
          (f64.div (f64.promote_f32 (f32.load offset=4 (local.get $inverseStd))) (local.get $count))
          (f64x2.extract_lane 1 (local.get $sum01)) (f64x2.extract_lane 1 (local.get $sumX01)))
        (call $layerNormBackwardRow (i32.add (local.get $dy) (i32.mul (local.get $rowBytes) (i32.const 2))) (i32.add (local.get $normalized) (i32.mul (local.get $rowBytes) (i32.const 2))) (local.get $gamma) (local.get $n) (i32.add (local.get $dx) (i32.mul (local.get $rowBytes) (i32.const 2)))
          (f64.div (f64.promote_f32 (f32.load offset=8 (local.get $inverseStd))) (local.get $count))
          (f64x2.extract_lane 0 (local.get $sum23)) (f64x2.extract_lane 0 (local.get $sumX23)))
        (call $layerNormBackwardRow (i32.add (local.get $dy) (i32.mul (local.get $rowBytes) (i32.const 3))) (i32.add (local.get $normalized) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $gamma) (local.get $n) (i32.add (local.get $dx) (i32.mul (local.get $rowBytes) (i32.const 3)))
          (f64.div (f64.promote_f32 (f32.load offset=12 (local.get $inverseStd))) (local.get $count))
          (f64x2.extract_lane 1 (local.get $sum23)) (f64x2.extract_lane 1 (local.get $sumX23)))
        (local.set $p (i32.shl (local.get $rowBytes) (i32.const 2)))
        (local.set $dy (i32.add (local.get $dy) (local.get $p)))
        (local.set $normalized (i32.add (local.get $normalized) (local.get $p)))
        (local.set $dx (i32.add (local.get $dx) (local.get $p)))
        (local.set $inverseStd (i32.add (local.get $inverseStd) (i32.const 16)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $groups)))
    (if (i32.lt_u (local.get $r) (local.get $rows))
      (then (call $layerNormBackward (local.get $dy) (local.get $normalized) (local.get $inverseStd) (local.get $gamma) (i32.sub (local.get $rows) (local.get $r)) (local.get $n) (local.get $dx) (local.get $dgamma) (local.get $dbeta)))))

  ;; One row's dx += factor·(n·dy·γ − Σĝ − x̂·Σĝx̂) for $layerNormBackwardRows, as
  ;; $layerNormBackward's pairs loop (the same operations), four columns at a time; n mod 4 = 0.
  (func $layerNormBackwardRow (param $dy i32) (param $normalized i32) (param $gamma i32) (param $n i32) (param $dx i32) (param $factor f64) (param $sum f64) (param $sumXHat f64)
    (local $at i32) (local $end i32) (local $countV v128) (local $factorV v128) (local $sumV v128) (local $sumXHatV v128) (local $y v128) (local $x v128) (local $g v128) (local $d v128)
    (local.set $countV (f64x2.splat (f64.convert_i32_u (local.get $n))))
    (local.set $factorV (f64x2.splat (local.get $factor)))
    (local.set $sumV (f64x2.splat (local.get $sum)))
    (local.set $sumXHatV (f64x2.splat (local.get $sumXHat)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (loop $quads
      (local.set $y (v128.load (i32.add (local.get $dy) (local.get $at))))
      (local.set $x (v128.load (i32.add (local.get $normalized) (local.get $at))))
      (local.set $g (v128.load (i32.add (local.get $gamma) (local.get $at))))
      (local.set $d (v128.load (i32.add (local.get $dx) (local.get $at))))
      (v128.store (i32.add (local.get $dx) (local.get $at))
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (local.get $d))
            (f64x2.mul (local.get $factorV) (f64x2.sub (f64x2.sub (f64x2.mul (f64x2.mul (local.get $countV) (f64x2.promote_low_f32x4 (local.get $y))) (f64x2.promote_low_f32x4 (local.get $g))) (local.get $sumV)) (f64x2.mul (f64x2.promote_low_f32x4 (local.get $x)) (local.get $sumXHatV))))))
          (f32x4.demote_f64x2_zero (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $d) (local.get $d)))
            (f64x2.mul (local.get $factorV) (f64x2.sub (f64x2.sub (f64x2.mul (f64x2.mul (local.get $countV) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $y) (local.get $y)))) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $g) (local.get $g)))) (local.get $sumV)) (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))) (local.get $sumXHatV))))))))
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (br_if $quads (i32.lt_u (local.get $at) (local.get $end)))))

  ;; ---- resnet17h (issue 17, conv nets) ----
  ;; im2col of one sample for a convolution at stride 2 (both ways, dilation 1) whose output rows
  ;; are a multiple of 4 wide: $im2col's result, four outputs at a time from two unaligned loads
  ;; (eight input floats, the even ones kept by a shuffle), masked where the input column falls
  ;; outside [0, width) (+0, as $im2col writes); rows off the plane are zeros. The loads read at
  ;; most pw floats before and kw + 8 after x's plane (masked off); where those bytes are not in
  ;; the memory, $im2col runs instead.
  (func $im2colStride2 (export "im2colStride2")
    (param $src i32) (param $dst i32)
    (param $channels i32) (param $height i32) (param $width i32)
    (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32)
    (param $ph i32) (param $pw i32) (param $dh i32) (param $dw i32)
    (param $outH i32) (param $outW i32)
    (local $c i32) (local $ki i32) (local $kj i32) (local $oh i32) (local $ih i32) (local $shift i32)
    (local $plane i32) (local $from i32) (local $v i32) (local $rowBytes i32) (local $mask v128) (local $lanes v128)
    (if (i32.or
          (i32.lt_s (local.get $src) (i32.shl (local.get $pw) (i32.const 2)))
          (i32.gt_u (i32.shr_u (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (i32.mul (local.get $channels) (local.get $height)) (local.get $width)) (i32.add (local.get $kw) (i32.const 8))) (i32.const 2))) (i32.const 16)) (i32.sub (memory.size) (i32.const 1))))
      (then
        (call $im2col (local.get $src) (local.get $dst) (local.get $channels) (local.get $height) (local.get $width)
          (local.get $kh) (local.get $kw) (local.get $sh) (local.get $sw) (local.get $ph) (local.get $pw) (local.get $dh) (local.get $dw) (local.get $outH) (local.get $outW))
        (return)))
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $lanes (v128.const i32x4 0 2 4 6))
    (block $channelsDone
      (loop $channelLoop
        (br_if $channelsDone (i32.ge_u (local.get $c) (local.get $channels)))
        (local.set $plane (i32.add (local.get $src) (i32.mul (i32.mul (local.get $c) (local.get $height)) (local.get $rowBytes))))
        (local.set $ki (i32.const 0))
        (block $kiDone
          (loop $kiLoop
            (br_if $kiDone (i32.ge_u (local.get $ki) (local.get $kh)))
            (local.set $kj (i32.const 0))
            (block $kjDone
              (loop $kjLoop
                (br_if $kjDone (i32.ge_u (local.get $kj) (local.get $kw)))
                (local.set $shift (i32.sub (local.get $kj) (local.get $pw)))
                (local.set $oh (i32.const 0))
                (block $rowsDone
                  (loop $rows
                    (br_if $rowsDone (i32.ge_u (local.get $oh) (local.get $outH)))
                    (local.set $ih (i32.sub (i32.add (i32.shl (local.get $oh) (i32.const 1)) (local.get $ki)) (local.get $ph)))
                    (local.set $v (i32.const 0))
                    (if (i32.ge_u (local.get $ih) (local.get $height))
                      (then
                        (block $zerosDone
                          (loop $zeros
                            (br_if $zerosDone (i32.ge_u (local.get $v) (local.get $outW)))
                            (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
                            (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                            (local.set $v (i32.add (local.get $v) (i32.const 4)))
                            (br $zeros))))
                      (else
                        (local.set $from (i32.add (local.get $plane) (i32.shl (i32.add (i32.mul (local.get $ih) (local.get $width)) (local.get $shift)) (i32.const 2))))
                        (block $vectorsDone
                          (loop $vectors
                            (br_if $vectorsDone (i32.ge_u (local.get $v) (local.get $outW)))
                            ;; lane l is input column 2(v + l) + shift: kept where inside the row
                            (local.set $mask (i32x4.lt_u (i32x4.add (i32x4.splat (i32.add (i32.shl (local.get $v) (i32.const 1)) (local.get $shift))) (local.get $lanes)) (i32x4.splat (local.get $width))))
                            (v128.store (local.get $dst)
                              (v128.and
                                (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (v128.load (local.get $from)) (v128.load offset=16 (local.get $from)))
                                (local.get $mask)))
                            (local.set $from (i32.add (local.get $from) (i32.const 32)))
                            (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                            (local.set $v (i32.add (local.get $v) (i32.const 4)))
                            (br $vectors)))))
                    (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
                    (br $rows)))
                (local.set $kj (i32.add (local.get $kj) (i32.const 1)))
                (br $kjLoop)))
            (local.set $ki (i32.add (local.get $ki) (i32.const 1)))
            (br $kiLoop)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $channelLoop))))

  ;; ── conv17j: stride-1 im2col by whole rows of any width ──

  ;; The columns [first, end) of block (c, ki, kj) whose input column ow + kj − pw is inside the
  ;; row, as $im2col's stride-1 case: packed as first | end << 16 (widths < 65536).
  (func $validColumns (param $shift i32) (param $width i32) (param $outW i32) (result i32)
    (local $first i32) (local $end i32)
    (local.set $first (i32.sub (i32.const 0) (local.get $shift)))
    (local.set $first (select (local.get $first) (i32.const 0) (i32.gt_s (local.get $first) (i32.const 0))))
    (local.set $first (select (local.get $outW) (local.get $first) (i32.gt_s (local.get $first) (local.get $outW))))
    (local.set $end (i32.sub (local.get $width) (local.get $shift)))
    (local.set $end (select (local.get $outW) (local.get $end) (i32.gt_s (local.get $end) (local.get $outW))))
    (local.set $end (select (local.get $first) (local.get $end) (i32.gt_s (local.get $first) (local.get $end))))
    (i32.or (local.get $first) (i32.shl (local.get $end) (i32.const 16))))

  ;; Whether every block of a stride-1 convolution has at least 4 valid columns (what $im2colRows
  ;; needs): the fewest are at kj = 0 or kj = kw − 1.
  (func $rowsFit (param $width i32) (param $kw i32) (param $pw i32) (param $outW i32) (result i32)
    (local $a i32) (local $b i32)
    (local.set $a (call $validColumns (i32.sub (i32.const 0) (local.get $pw)) (local.get $width) (local.get $outW)))
    (local.set $b (call $validColumns (i32.sub (i32.sub (local.get $kw) (i32.const 1)) (local.get $pw)) (local.get $width) (local.get $outW)))
    (i32.and
      (i32.ge_s (i32.sub (i32.shr_u (local.get $a) (i32.const 16)) (i32.and (local.get $a) (i32.const 0xffff))) (i32.const 4))
      (i32.ge_s (i32.sub (i32.shr_u (local.get $b) (i32.const 16)) (i32.and (local.get $b) (i32.const 0xffff))) (i32.const 4))))

  ;; $im2col's result at stride 1 and dilation 1 ('valid' 26 of 28, 11 of 13; any padding) when
  ;; every block has 4 or more valid columns per row: a row's valid run [first, end) is copied four
  ;; floats at a time, its last vector ending at `end` (overlapping the one before: the same floats
  ;; again), so no scalar tail; the 0–pw padding columns on each side are zeros, and so are rows off
  ;; the plane. Reads and writes stay inside x's plane and the sample's columns. Otherwise $im2col.
  (func $im2colRows (export "im2colRows")
    (param $src i32) (param $dst i32)
    (param $channels i32) (param $height i32) (param $width i32)
    (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32)
    (param $ph i32) (param $pw i32) (param $dh i32) (param $dw i32)
    (param $outH i32) (param $outW i32)
    (local $c i32) (local $ki i32) (local $kj i32) (local $oh i32) (local $ih i32) (local $shift i32)
    (local $plane i32) (local $from i32) (local $to i32) (local $j i32) (local $rowBytes i32) (local $outRowBytes i32)
    (local $first i32) (local $end i32) (local $last i32) (local $valid i32)
    (if (i32.eqz (call $rowsFit (local.get $width) (local.get $kw) (local.get $pw) (local.get $outW)))
      (then
        (call $im2col (local.get $src) (local.get $dst) (local.get $channels) (local.get $height) (local.get $width)
          (local.get $kh) (local.get $kw) (local.get $sh) (local.get $sw) (local.get $ph) (local.get $pw) (local.get $dh) (local.get $dw) (local.get $outH) (local.get $outW))
        (return)))
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $outRowBytes (i32.shl (local.get $outW) (i32.const 2)))
    (block $channelsDone
      (loop $channelLoop
        (br_if $channelsDone (i32.ge_u (local.get $c) (local.get $channels)))
        (local.set $plane (i32.add (local.get $src) (i32.mul (i32.mul (local.get $c) (local.get $height)) (local.get $rowBytes))))
        (local.set $ki (i32.const 0))
        (block $kiDone
          (loop $kiLoop
            (br_if $kiDone (i32.ge_u (local.get $ki) (local.get $kh)))
            (local.set $kj (i32.const 0))
            (block $kjDone
              (loop $kjLoop
                (br_if $kjDone (i32.ge_u (local.get $kj) (local.get $kw)))
                (local.set $shift (i32.sub (local.get $kj) (local.get $pw)))
                (local.set $valid (call $validColumns (local.get $shift) (local.get $width) (local.get $outW)))
                ;; byte offsets in a row: first, end, the last vector
                (local.set $first (i32.shl (i32.and (local.get $valid) (i32.const 0xffff)) (i32.const 2)))
                (local.set $end (i32.shl (i32.shr_u (local.get $valid) (i32.const 16)) (i32.const 2)))
                (local.set $last (i32.sub (local.get $end) (i32.const 16)))
                (local.set $oh (i32.const 0))
                (block $rowsDone
                  (loop $rows
                    (br_if $rowsDone (i32.ge_u (local.get $oh) (local.get $outH)))
                    (local.set $ih (i32.sub (i32.add (local.get $oh) (local.get $ki)) (local.get $ph)))
                    (if (i32.ge_u (local.get $ih) (local.get $height))
                      (then
                        (local.set $j (i32.const 0))
                        (block $zerosDone
                          (loop $zeros
                            (br_if $zerosDone (i32.ge_u (local.get $j) (i32.sub (local.get $outRowBytes) (i32.const 16))))
                            (v128.store (i32.add (local.get $dst) (local.get $j)) (v128.const i32x4 0 0 0 0))
                            (local.set $j (i32.add (local.get $j) (i32.const 16)))
                            (br $zeros)))
                        (v128.store (i32.add (local.get $dst) (i32.sub (local.get $outRowBytes) (i32.const 16))) (v128.const i32x4 0 0 0 0)))
                      (else
                        ;; the input row shifted: column j of the output row reads byte j of `from`
                        (local.set $from (i32.add (local.get $plane) (i32.shl (i32.add (i32.mul (local.get $ih) (local.get $width)) (local.get $shift)) (i32.const 2))))
                        (local.set $j (i32.const 0))
                        (block $leftDone
                          (loop $left
                            (br_if $leftDone (i32.ge_u (local.get $j) (local.get $first)))
                            (f32.store (i32.add (local.get $dst) (local.get $j)) (f32.const 0))
                            (local.set $j (i32.add (local.get $j) (i32.const 4)))
                            (br $left)))
                        (block $vectorsDone
                          (loop $vectors
                            (br_if $vectorsDone (i32.ge_u (local.get $j) (local.get $last)))
                            (v128.store (i32.add (local.get $dst) (local.get $j)) (v128.load (i32.add (local.get $from) (local.get $j))))
                            (local.set $j (i32.add (local.get $j) (i32.const 16)))
                            (br $vectors)))
                        (v128.store (i32.add (local.get $dst) (local.get $last)) (v128.load (i32.add (local.get $from) (local.get $last))))
                        (local.set $j (local.get $end))
                        (block $rightDone
                          (loop $right
                            (br_if $rightDone (i32.ge_u (local.get $j) (local.get $outRowBytes)))
                            (f32.store (i32.add (local.get $dst) (local.get $j)) (f32.const 0))
                            (local.set $j (i32.add (local.get $j) (i32.const 4)))
                            (br $right)))))
                    (local.set $dst (i32.add (local.get $dst) (local.get $outRowBytes)))
                    (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
                    (br $rows)))
                (local.set $kj (i32.add (local.get $kj) (i32.const 1)))
                (br $kjLoop)))
            (local.set $ki (i32.add (local.get $ki) (i32.const 1)))
            (br $kiLoop)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $channelLoop))))

  ;; ---- resnet17i (issue 17, 4- and 8-wide planes) ----
  ;; im2col of one sample for a convolution whose output plane is its input plane (stride 1,
  ;; dilation 1, outH = height, outW = width: a 'same' padding) 4 or 8 wide (the planes conv2d.ts
  ;; gives it): $im2col's result, whole rows four floats at a time. Row oh of block (c, ki, kj) is
  ;; input row oh + ki − ph shifted by kj − pw, so each vector is one unaligned load, masked where
  ;; the shifted column falls outside [0, width) (v128.and: +0, what $im2col writes there). The
  ;; masks of the block's shift (the first and the second four columns) and the rows of the block
  ;; that come from the plane, [lo, hi), are found once per block; the rows above and below are
  ;; zeros. The loads read at most pw floats before and kw floats after x's plane (masked off);
  ;; where those bytes are not in the memory, $im2col runs instead. On a 4×4 plane $im2col's
  ;; per-row scalar edges were ~1 ns a float; a first per-vector version of this ~0.2, this half.
  (func $im2colNarrow (export "im2colNarrow")
    (param $src i32) (param $dst i32)
    (param $channels i32) (param $height i32) (param $width i32)
    (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32)
    (param $ph i32) (param $pw i32) (param $dh i32) (param $dw i32)
    (param $outH i32) (param $outW i32)
    (local $c i32) (local $ki i32) (local $kj i32) (local $shift i32) (local $lo i32) (local $hi i32)
    (local $plane i32) (local $from i32) (local $end i32) (local $rowBytes i32) (local $planeBytes i32)
    (local $mask0 v128) (local $mask1 v128) (local $lanes v128)
    (if (i32.or
          (i32.lt_s (local.get $src) (i32.shl (local.get $pw) (i32.const 2)))
          (i32.gt_u (i32.shr_u (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (i32.mul (local.get $channels) (local.get $height)) (local.get $width)) (local.get $kw)) (i32.const 2))) (i32.const 16)) (i32.sub (memory.size) (i32.const 1))))
      (then
        (call $im2col (local.get $src) (local.get $dst) (local.get $channels) (local.get $height) (local.get $width)
          (local.get $kh) (local.get $kw) (local.get $sh) (local.get $sw) (local.get $ph) (local.get $pw) (local.get $dh) (local.get $dw) (local.get $outH) (local.get $outW))
        (return)))
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $planeBytes (i32.mul (local.get $height) (local.get $rowBytes)))
    (local.set $lanes (v128.const i32x4 0 1 2 3))
    (block $channelsDone
      (loop $channelLoop
        (br_if $channelsDone (i32.ge_u (local.get $c) (local.get $channels)))
        (local.set $plane (i32.add (local.get $src) (i32.mul (local.get $c) (local.get $planeBytes))))
        (local.set $ki (i32.const 0))
        (block $kiDone
          (loop $kiLoop
            (br_if $kiDone (i32.ge_u (local.get $ki) (local.get $kh)))
            ;; output rows oh whose input row oh + ki − ph is in the plane
            (local.set $lo (i32.sub (local.get $ph) (local.get $ki)))
            (if (i32.lt_s (local.get $lo) (i32.const 0)) (then (local.set $lo (i32.const 0))))
            (if (i32.gt_s (local.get $lo) (local.get $height)) (then (local.set $lo (local.get $height))))
            (local.set $hi (i32.sub (i32.add (local.get $height) (local.get $ph)) (local.get $ki)))
            (if (i32.gt_s (local.get $hi) (local.get $height)) (then (local.set $hi (local.get $height))))
            (if (i32.lt_s (local.get $hi) (local.get $lo)) (then (local.set $hi (local.get $lo))))
            (local.set $kj (i32.const 0))
            (block $kjDone
              (loop $kjLoop
                (br_if $kjDone (i32.ge_u (local.get $kj) (local.get $kw)))
                (local.set $shift (i32.sub (local.get $kj) (local.get $pw)))
                ;; lane l of the vector at column v is input column v + l + shift: kept where inside the row
                (local.set $mask0 (i32x4.lt_u (i32x4.add (i32x4.splat (local.get $shift)) (local.get $lanes)) (i32x4.splat (local.get $width))))
                (local.set $mask1 (i32x4.lt_u (i32x4.add (i32x4.splat (i32.add (local.get $shift) (i32.const 4))) (local.get $lanes)) (i32x4.splat (local.get $width))))
                (local.set $end (i32.add (local.get $dst) (i32.mul (local.get $lo) (local.get $rowBytes))))
                (block $topDone
                  (loop $top
                    (br_if $topDone (i32.ge_u (local.get $dst) (local.get $end)))
                    (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                    (br $top)))
                (local.set $from (i32.add (local.get $plane) (i32.shl (i32.add (i32.mul (i32.sub (i32.add (local.get $lo) (local.get $ki)) (local.get $ph)) (local.get $width)) (local.get $shift)) (i32.const 2))))
                (local.set $end (i32.add (local.get $dst) (i32.mul (i32.sub (local.get $hi) (local.get $lo)) (local.get $rowBytes))))
                (if (i32.eq (local.get $width) (i32.const 8))
                  (then
                    (block $rowsDone
                      (loop $rows
                        (br_if $rowsDone (i32.ge_u (local.get $dst) (local.get $end)))
                        (v128.store (local.get $dst) (v128.and (v128.load (local.get $from)) (local.get $mask0)))
                        (v128.store offset=16 (local.get $dst) (v128.and (v128.load offset=16 (local.get $from)) (local.get $mask1)))
                        (local.set $from (i32.add (local.get $from) (i32.const 32)))
                        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                        (br $rows))))
                  (else
                    (block $rowsDone
                      (loop $rows
                        (br_if $rowsDone (i32.ge_u (local.get $dst) (local.get $end)))
                        (v128.store (local.get $dst) (v128.and (v128.load (local.get $from)) (local.get $mask0)))
                        (local.set $from (i32.add (local.get $from) (i32.const 16)))
                        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                        (br $rows)))))
                (local.set $end (i32.add (local.get $dst) (i32.mul (i32.sub (local.get $height) (local.get $hi)) (local.get $rowBytes))))
                (block $bottomDone
                  (loop $bottom
                    (br_if $bottomDone (i32.ge_u (local.get $dst) (local.get $end)))
                    (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                    (br $bottom)))
                (local.set $kj (i32.add (local.get $kj) (i32.const 1)))
                (br $kjLoop)))
            (local.set $ki (i32.add (local.get $ki) (i32.const 1)))
            (br $kiLoop)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $channelLoop))))

  ;; col2im of one sample for the convolutions $im2colNarrow takes: dx[C × H × W] at dst += each
  ;; column entry where it came from, as $col2im, in its order (block by block, so each element of
  ;; dx receives its terms in the same order: the same bits). Each dx row is written four floats at
  ;; a time in place, reading the block's row shifted back (unaligned); lanes whose source column
  ;; is outside the block's row keep dx as it was (bitselect, so a −0 stays −0). The masks and the
  ;; block's rows in the plane are found once per block, as in $im2colNarrow. Only dx's own rows
  ;; are written (kernel threads own samples); the reads stray at most kw floats before and pw
  ;; after the columns (masked off); where those bytes are not in the memory, $col2im runs instead.
  (func $col2imNarrow (export "col2imNarrow")
    (param $src i32) (param $dst i32)
    (param $channels i32) (param $height i32) (param $width i32)
    (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32)
    (param $ph i32) (param $pw i32) (param $dh i32) (param $dw i32)
    (param $outH i32) (param $outW i32)
    (local $c i32) (local $ki i32) (local $kj i32) (local $shift i32) (local $lo i32) (local $hi i32)
    (local $plane i32) (local $from i32) (local $to i32) (local $end i32) (local $rowBytes i32) (local $planeBytes i32) (local $block i32)
    (local $mask0 v128) (local $mask1 v128) (local $lanes v128) (local $d v128)
    (if (i32.or
          (i32.lt_s (local.get $src) (i32.shl (local.get $kw) (i32.const 2)))
          (i32.gt_u (i32.shr_u (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (i32.mul (i32.mul (local.get $channels) (local.get $kh)) (local.get $kw)) (i32.mul (local.get $height) (local.get $width))) (local.get $kw)) (i32.const 2))) (i32.const 16)) (i32.sub (memory.size) (i32.const 1))))
      (then
        (call $col2im (local.get $src) (local.get $dst) (local.get $channels) (local.get $height) (local.get $width)
          (local.get $kh) (local.get $kw) (local.get $sh) (local.get $sw) (local.get $ph) (local.get $pw) (local.get $dh) (local.get $dw) (local.get $outH) (local.get $outW))
        (return)))
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $planeBytes (i32.mul (local.get $height) (local.get $rowBytes)))
    (local.set $lanes (v128.const i32x4 0 1 2 3))
    (local.set $block (local.get $src))
    (block $channelsDone
      (loop $channelLoop
        (br_if $channelsDone (i32.ge_u (local.get $c) (local.get $channels)))
        (local.set $plane (i32.add (local.get $dst) (i32.mul (local.get $c) (local.get $planeBytes))))
        (local.set $ki (i32.const 0))
        (block $kiDone
          (loop $kiLoop
            (br_if $kiDone (i32.ge_u (local.get $ki) (local.get $kh)))
            (local.set $lo (i32.sub (local.get $ph) (local.get $ki)))
            (if (i32.lt_s (local.get $lo) (i32.const 0)) (then (local.set $lo (i32.const 0))))
            (if (i32.gt_s (local.get $lo) (local.get $height)) (then (local.set $lo (local.get $height))))
            (local.set $hi (i32.sub (i32.add (local.get $height) (local.get $ph)) (local.get $ki)))
            (if (i32.gt_s (local.get $hi) (local.get $height)) (then (local.set $hi (local.get $height))))
            (if (i32.lt_s (local.get $hi) (local.get $lo)) (then (local.set $hi (local.get $lo))))
            (local.set $kj (i32.const 0))
            (block $kjDone
              (loop $kjLoop
                (br_if $kjDone (i32.ge_u (local.get $kj) (local.get $kw)))
                (local.set $shift (i32.sub (local.get $kj) (local.get $pw)))
                ;; dx[ih][iw] += block[oh][iw − shift]: lane l of dx's vector at v reads column v + l − shift
                (local.set $mask0 (i32x4.lt_u (i32x4.sub (local.get $lanes) (i32x4.splat (local.get $shift))) (i32x4.splat (local.get $width))))
                (local.set $mask1 (i32x4.lt_u (i32x4.sub (i32x4.add (local.get $lanes) (i32x4.splat (i32.const 4))) (i32x4.splat (local.get $shift))) (i32x4.splat (local.get $width))))
                (local.set $to (i32.add (local.get $plane) (i32.mul (i32.sub (i32.add (local.get $lo) (local.get $ki)) (local.get $ph)) (local.get $rowBytes))))
                (local.set $from (i32.add (local.get $block) (i32.shl (i32.sub (i32.mul (local.get $lo) (local.get $width)) (local.get $shift)) (i32.const 2))))
                (local.set $end (i32.add (local.get $from) (i32.mul (i32.sub (local.get $hi) (local.get $lo)) (local.get $rowBytes))))
                (if (i32.eq (local.get $width) (i32.const 8))
                  (then
                    (block $rowsDone
                      (loop $rows
                        (br_if $rowsDone (i32.ge_u (local.get $from) (local.get $end)))
                        (local.set $d (v128.load (local.get $to)))
                        (v128.store (local.get $to) (v128.bitselect (f32x4.add (local.get $d) (v128.load (local.get $from))) (local.get $d) (local.get $mask0)))
                        (local.set $d (v128.load offset=16 (local.get $to)))
                        (v128.store offset=16 (local.get $to) (v128.bitselect (f32x4.add (local.get $d) (v128.load offset=16 (local.get $from))) (local.get $d) (local.get $mask1)))
                        (local.set $from (i32.add (local.get $from) (i32.const 32)))
                        (local.set $to (i32.add (local.get $to) (i32.const 32)))
                        (br $rows))))
                  (else
                    (block $rowsDone
                      (loop $rows
                        (br_if $rowsDone (i32.ge_u (local.get $from) (local.get $end)))
                        (local.set $d (v128.load (local.get $to)))
                        (v128.store (local.get $to) (v128.bitselect (f32x4.add (local.get $d) (v128.load (local.get $from))) (local.get $d) (local.get $mask0)))
                        (local.set $from (i32.add (local.get $from) (i32.const 16)))
                        (local.set $to (i32.add (local.get $to) (i32.const 16)))
                        (br $rows)))))
                (local.set $block (i32.add (local.get $block) (local.get $planeBytes)))
                (local.set $kj (i32.add (local.get $kj) (i32.const 1)))
                (br $kjLoop)))
            (local.set $ki (i32.add (local.get $ki) (i32.const 1)))
            (br $kiLoop)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $channelLoop))))

  ;; Adam's and AdamW's update (core/tensor/kernels/adam.ts, PyTorch's formulas) of `count`
  ;; parameters θ with gradients g and moments m, v, every operation in float64 in the reference's
  ;; order (JavaScript's arithmetic there) and each result rounded once to float32 as its store
  ;; into a Float32Array rounds it: θ' = θ·decay; g' = g + coupled·θ'; m ← β₁m + (1 − β₁)g';
  ;; v ← β₂v + (1 − β₂)g'·g'; θ ← θ' − stepSize·m / (√v / √(1 − β₂ᵗ) + eps), with m and v unrounded
  ;; there (the values of the reference's assignments). Four at a time: the caller's regions hold
  ;; count rounded up to 4 floats (the extra lanes are computed and not read).
  (func $adam (export "adam")
    (param $t i32) (param $grad i32) (param $m i32) (param $v i32) (param $count i32)
    (param $decay f64) (param $coupled f64) (param $beta1 f64) (param $oneMinusBeta1 f64) (param $beta2 f64) (param $oneMinusBeta2 f64)
    (param $stepSize f64) (param $correction f64) (param $eps f64)
    (local $end i32) (local $tq v128) (local $gq v128) (local $mq v128) (local $vq v128) (local $theta v128) (local $g v128)
    (local $mLo v128) (local $mHi v128) (local $vLo v128) (local $vHi v128) (local $tLo v128) (local $tHi v128)
    (local $decayV v128) (local $coupledV v128) (local $beta1V v128) (local $oneMinusBeta1V v128) (local $beta2V v128) (local $oneMinusBeta2V v128)
    (local $stepSizeV v128) (local $correctionV v128) (local $epsV v128)
    (local.set $end (i32.add (local.get $t) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $decayV (f64x2.splat (local.get $decay)))
    (local.set $coupledV (f64x2.splat (local.get $coupled)))
    (local.set $beta1V (f64x2.splat (local.get $beta1)))
    (local.set $oneMinusBeta1V (f64x2.splat (local.get $oneMinusBeta1)))
    (local.set $beta2V (f64x2.splat (local.get $beta2)))
    (local.set $oneMinusBeta2V (f64x2.splat (local.get $oneMinusBeta2)))
    (local.set $stepSizeV (f64x2.splat (local.get $stepSize)))
    (local.set $correctionV (f64x2.splat (local.get $correction)))
    (local.set $epsV (f64x2.splat (local.get $eps)))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $t) (local.get $end)))
        (local.set $tq (v128.load (local.get $t)))
        (local.set $gq (v128.load (local.get $grad)))
        (local.set $mq (v128.load (local.get $m)))
        (local.set $vq (v128.load (local.get $v)))
        ;; lanes 0–1
        (local.set $theta (f64x2.mul (f64x2.promote_low_f32x4 (local.get $tq)) (local.get $decayV)))
        (local.set $g (f64x2.add (f64x2.promote_low_f32x4 (local.get $gq)) (f64x2.mul (local.get $coupledV) (local.get $theta))))
        (local.set $mLo (f64x2.add (f64x2.mul (local.get $beta1V) (f64x2.promote_low_f32x4 (local.get $mq))) (f64x2.mul (local.get $oneMinusBeta1V) (local.get $g))))
        (local.set $vLo (f64x2.add (f64x2.mul (local.get $beta2V) (f64x2.promote_low_f32x4 (local.get $vq))) (f64x2.mul (f64x2.mul (local.get $oneMinusBeta2V) (local.get $g)) (local.get $g))))
        (local.set $tLo (f64x2.sub (local.get $theta)
          (f64x2.div (f64x2.mul (local.get $stepSizeV) (local.get $mLo))
            (f64x2.add (f64x2.div (f64x2.sqrt (local.get $vLo)) (local.get $correctionV)) (local.get $epsV)))))
        ;; lanes 2–3
        (local.set $theta (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $tq) (local.get $tq))) (local.get $decayV)))
        (local.set $g (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $gq) (local.get $gq))) (f64x2.mul (local.get $coupledV) (local.get $theta))))
        (local.set $mHi (f64x2.add (f64x2.mul (local.get $beta1V) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $mq) (local.get $mq)))) (f64x2.mul (local.get $oneMinusBeta1V) (local.get $g))))
        (local.set $vHi (f64x2.add (f64x2.mul (local.get $beta2V) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $vq) (local.get $vq)))) (f64x2.mul (f64x2.mul (local.get $oneMinusBeta2V) (local.get $g)) (local.get $g))))
        (local.set $tHi (f64x2.sub (local.get $theta)
          (f64x2.div (f64x2.mul (local.get $stepSizeV) (local.get $mHi))
            (f64x2.add (f64x2.div (f64x2.sqrt (local.get $vHi)) (local.get $correctionV)) (local.get $epsV)))))
        (v128.store (local.get $m) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $mLo)) (f32x4.demote_f64x2_zero (local.get $mHi))))
        (v128.store (local.get $v) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $vLo)) (f32x4.demote_f64x2_zero (local.get $vHi))))
        (v128.store (local.get $t) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $tLo)) (f32x4.demote_f64x2_zero (local.get $tHi))))
        (local.set $t (i32.add (local.get $t) (i32.const 16)))
        (local.set $grad (i32.add (local.get $grad) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (br $quads))))

  ;; col2im of one sample at stride 2 (both ways, dilation 1) where each output row is 4 or 8 wide
  ;; and the input row twice that (8 or 16): $col2im's sums, dx's rows four floats at a time. Input
  ;; column iw of a block with shift s = kj − pw gets output column (iw − s) / 2 where that is whole
  ;; and in [0, outW): for dx's quad q, two column floats (loaded at ⌈−s/2⌉ + 2q) spread to the
  ;; even or the odd lanes (by s's parity), added where the lane's mask (found once a block) says,
  ;; other lanes kept (bitselect, so a −0 stays −0). Each dx element receives at most one term per
  ;; block, blocks in $col2im's order: the same bits. Only dx's own quads are written; the loads
  ;; stray at most kw + pw + 4 floats around the columns (masked off); where those bytes are not in
  ;; the memory, $col2im runs instead.
  (func $col2imStride2 (export "col2imStride2")
    (param $src i32) (param $dst i32)
    (param $channels i32) (param $height i32) (param $width i32)
    (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32)
    (param $ph i32) (param $pw i32) (param $dh i32) (param $dw i32)
    (param $outH i32) (param $outW i32)
    (local $c i32) (local $ki i32) (local $kj i32) (local $oh i32) (local $ih i32) (local $shift i32) (local $first i32) (local $odd i32)
    (local $plane i32) (local $from i32) (local $to i32) (local $rowBytes i32) (local $planeBytes i32) (local $block i32) (local $blockBytes i32) (local $table i32)
    (local $mask0 v128) (local $mask1 v128) (local $mask2 v128) (local $mask3 v128) (local $lanes v128) (local $x v128) (local $d v128)
    (local.set $blockBytes (i32.shl (i32.mul (local.get $outH) (local.get $outW)) (i32.const 2)))
    (if (i32.or (i32.gt_u (local.get $kw) (i32.const 8)) (i32.or
          (i32.lt_s (local.get $src) (i32.shl (i32.add (i32.add (local.get $kw) (local.get $pw)) (i32.const 4)) (i32.const 2)))
          (i32.gt_u (i32.shr_u (i32.add (i32.add (local.get $src) (i32.mul (i32.mul (i32.mul (local.get $channels) (local.get $kh)) (local.get $kw)) (local.get $blockBytes)))
                (i32.shl (i32.add (i32.add (local.get $kw) (local.get $pw)) (i32.const 4)) (i32.const 2))) (i32.const 16)) (i32.sub (memory.size) (i32.const 1)))))
      (then
        (call $col2im (local.get $src) (local.get $dst) (local.get $channels) (local.get $height) (local.get $width)
          (local.get $kh) (local.get $kw) (local.get $sh) (local.get $sw) (local.get $ph) (local.get $pw) (local.get $dh) (local.get $dw) (local.get $outH) (local.get $outW))
        (return)))
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $planeBytes (i32.mul (local.get $height) (local.get $rowBytes)))
    (local.set $lanes (v128.const i32x4 0 1 2 3))
    ;; The masks of every kj's four quads, once a call, at bytes [512, 512 + 64·kw) of the scratch
    ;; (no gemm runs meanwhile): lane l of quad q has d = 4q + l − s, a term where d is even and
    ;; d / 2 in [0, outW).
    (block $tableDone
      (loop $tableLoop
        (br_if $tableDone (i32.ge_u (local.get $kj) (local.get $kw)))
        (local.set $shift (i32.sub (local.get $kj) (local.get $pw)))
        (local.set $table (i32.add (i32.add (global.get $scratch) (i32.const 512)) (i32.shl (local.get $kj) (i32.const 6))))
        (v128.store (local.get $table) (call $strideTwoMask (i32.sub (i32.const 0) (local.get $shift)) (local.get $lanes) (local.get $outW)))
        (v128.store offset=16 (local.get $table) (call $strideTwoMask (i32.sub (i32.const 4) (local.get $shift)) (local.get $lanes) (local.get $outW)))
        (v128.store offset=32 (local.get $table) (call $strideTwoMask (i32.sub (i32.const 8) (local.get $shift)) (local.get $lanes) (local.get $outW)))
        (v128.store offset=48 (local.get $table) (call $strideTwoMask (i32.sub (i32.const 12) (local.get $shift)) (local.get $lanes) (local.get $outW)))
        (local.set $kj (i32.add (local.get $kj) (i32.const 1)))
        (br $tableLoop)))
    (local.set $block (local.get $src))
    (block $channelsDone
      (loop $channelLoop
        (br_if $channelsDone (i32.ge_u (local.get $c) (local.get $channels)))
        (local.set $plane (i32.add (local.get $dst) (i32.mul (local.get $c) (local.get $planeBytes))))
        (local.set $ki (i32.const 0))
        (block $kiDone
          (loop $kiLoop
            (br_if $kiDone (i32.ge_u (local.get $ki) (local.get $kh)))
            (local.set $kj (i32.const 0))
            (block $kjDone
              (loop $kjLoop
                (br_if $kjDone (i32.ge_u (local.get $kj) (local.get $kw)))
                (local.set $shift (i32.sub (local.get $kj) (local.get $pw)))
                (local.set $odd (i32.and (local.get $shift) (i32.const 1)))
                (local.set $first (i32.shr_s (i32.sub (i32.const 1) (local.get $shift)) (i32.const 1)))
                (local.set $table (i32.add (i32.add (global.get $scratch) (i32.const 512)) (i32.shl (local.get $kj) (i32.const 6))))
                (local.set $mask0 (v128.load (local.get $table)))
                (local.set $mask1 (v128.load offset=16 (local.get $table)))
                (local.set $mask2 (v128.load offset=32 (local.get $table)))
                (local.set $mask3 (v128.load offset=48 (local.get $table)))
                (local.set $oh (i32.const 0))
                (block $rowsDone
                  (loop $rows
                    (br_if $rowsDone (i32.ge_u (local.get $oh) (local.get $outH)))
                    (local.set $ih (i32.sub (i32.add (i32.shl (local.get $oh) (i32.const 1)) (local.get $ki)) (local.get $ph)))
                    (if (i32.lt_u (local.get $ih) (local.get $height))
                      (then
                        (local.set $to (i32.add (local.get $plane) (i32.mul (local.get $ih) (local.get $rowBytes))))
                        (local.set $from (i32.add (local.get $block) (i32.shl (i32.add (i32.mul (local.get $oh) (local.get $outW)) (local.get $first)) (i32.const 2))))
                        (local.set $x (v128.load64_zero offset=0 (local.get $from)))
                        (local.set $x (select (result v128)
                          (i8x16.shuffle 8 9 10 11 0 1 2 3 12 13 14 15 4 5 6 7 (local.get $x) (local.get $x))
                          (i8x16.shuffle 0 1 2 3 8 9 10 11 4 5 6 7 12 13 14 15 (local.get $x) (local.get $x))
                          (local.get $odd)))
                        (local.set $d (v128.load offset=0 (local.get $to)))
                        (v128.store offset=0 (local.get $to) (v128.bitselect (f32x4.add (local.get $d) (local.get $x)) (local.get $d) (local.get $mask0)))
                        (local.set $x (v128.load64_zero offset=8 (local.get $from)))
                        (local.set $x (select (result v128)
                          (i8x16.shuffle 8 9 10 11 0 1 2 3 12 13 14 15 4 5 6 7 (local.get $x) (local.get $x))
                          (i8x16.shuffle 0 1 2 3 8 9 10 11 4 5 6 7 12 13 14 15 (local.get $x) (local.get $x))
                          (local.get $odd)))
                        (local.set $d (v128.load offset=16 (local.get $to)))
                        (v128.store offset=16 (local.get $to) (v128.bitselect (f32x4.add (local.get $d) (local.get $x)) (local.get $d) (local.get $mask1)))
                        (if (i32.eq (local.get $outW) (i32.const 8))
                          (then
                        (local.set $x (v128.load64_zero offset=16 (local.get $from)))
                        (local.set $x (select (result v128)
                          (i8x16.shuffle 8 9 10 11 0 1 2 3 12 13 14 15 4 5 6 7 (local.get $x) (local.get $x))
                          (i8x16.shuffle 0 1 2 3 8 9 10 11 4 5 6 7 12 13 14 15 (local.get $x) (local.get $x))
                          (local.get $odd)))
                        (local.set $d (v128.load offset=32 (local.get $to)))
                        (v128.store offset=32 (local.get $to) (v128.bitselect (f32x4.add (local.get $d) (local.get $x)) (local.get $d) (local.get $mask2)))
                        (local.set $x (v128.load64_zero offset=24 (local.get $from)))
                        (local.set $x (select (result v128)
                          (i8x16.shuffle 8 9 10 11 0 1 2 3 12 13 14 15 4 5 6 7 (local.get $x) (local.get $x))
                          (i8x16.shuffle 0 1 2 3 8 9 10 11 4 5 6 7 12 13 14 15 (local.get $x) (local.get $x))
                          (local.get $odd)))
                        (local.set $d (v128.load offset=48 (local.get $to)))
                        (v128.store offset=48 (local.get $to) (v128.bitselect (f32x4.add (local.get $d) (local.get $x)) (local.get $d) (local.get $mask3)))
                          ))))
                    (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
                    (br $rows)))
                (local.set $block (i32.add (local.get $block) (local.get $blockBytes)))
                (local.set $kj (i32.add (local.get $kj) (i32.const 1)))
                (br $kjLoop)))
            (local.set $ki (i32.add (local.get $ki) (i32.const 1)))
            (br $kiLoop)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $channelLoop))))

  ;; $col2imStride2's mask of a quad whose lane 0 is d: lanes with d + l even and (d + l) / 2 in [0, outW).
  (func $strideTwoMask (param $d i32) (param $lanes v128) (param $outW i32) (result v128)
    (local $v v128)
    (local.set $v (i32x4.add (i32x4.splat (local.get $d)) (local.get $lanes)))
    (v128.and
      (i32x4.eq (v128.and (local.get $v) (v128.const i32x4 1 1 1 1)) (v128.const i32x4 0 0 0 0))
      (i32x4.lt_u (i32x4.shr_s (local.get $v) (i32.const 1)) (i32x4.splat (local.get $outW)))))
)
