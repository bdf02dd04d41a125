;; test: translate
;; Wasm locals become SSA values (Braun et al.): parameters are the entry block's params,
;; declared locals start as shared zero constants, loop-carried locals become loop-header
;; params, and locals a loop only reads do not (their trivial params are removed).
(module
  (func $sum_to (param $n i32) (result i32) (local $i i32) (local $acc i32) (local $step i32)
    (local.set $step (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (local.get $step)))
        (br $next)))
    (local.get $acc))

  (func $zeros (result i64 f32 f64 v128 funcref externref) (local i64 f32 f64 v128 funcref externref)
    (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4) (local.get 5))

  (func $tee (param $x i32) (result i32) (local $y i32)
    (local.tee $y (i32.mul (local.get $x) (local.get $x)))
    (local.get $y)
    (i32.add))

  (func $diamond (param $c i32) (result i32) (local $v i32)
    (if (local.get $c)
      (then (local.set $v (i32.const 10)))
      (else (local.set $v (i32.const 20))))
    (local.get $v))
)

;; check: function fn0 $sum_to: type0 {
;; nextln: block0(v0: i32): ; v0=$n
;; nextln:     v9: i32 = i32.const 0
;; nextln:     v1: i32 = i32.const 1 ; @0x27 $step
;; nextln:     jump block1(v9, v9)
;; The loop header carries $i and $acc; $n and $step are only read in the loop.
;; nextln: block1(v2: i32, v5: i32): ; v2=$i v5=$acc
;; nextln:     v4: i32 = i32.ge_u v2, v0
;; nextln:     brif v4, block2, block3
;; nextln: block3:
;; nextln:     v6: i32 = i32.add v5, v2 {{.*}} $acc
;; nextln:     v8: i32 = i32.add v2, v1 {{.*}} $i
;; nextln:     jump block1(v8, v6)
;; nextln: block2:
;; nextln:     return v5
;; nextln: }

;; check: function fn1 $zeros: type1 {
;; nextln: block0:
;; nextln:     v0: i64 = i64.const 0
;; nextln:     v1: f32 = f32.const 0
;; nextln:     v2: f64 = f64.const 0
;; nextln:     v3: v128 = v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
;; nextln:     v4: funcref = ref.null funcref
;; nextln:     v5: externref = ref.null externref
;; nextln:     return v0, v1, v2, v3, v4, v5

;; check: function fn2 $tee: type0 {
;; nextln: block0(v0: i32): ; v0=$x
;; nextln:     v1: i32 = i32.mul v0, v0 {{.*}} $y
;; nextln:     v2: i32 = i32.add v1, v1
;; nextln:     return v2

;; check: function fn3 $diamond: type0 {
;; nextln: block0(v0: i32): ; v0=$c
;; nextln:     brif v0, block2, block3
;; nextln: block2:
;; nextln:     v1: i32 = i32.const 10
;; nextln:     jump block1(v1)
;; nextln: block3:
;; nextln:     v2: i32 = i32.const 20
;; nextln:     jump block1(v2)
;; nextln: block1(v3: i32): ; v3=$v
;; nextln:     return v3
