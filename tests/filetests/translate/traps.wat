;; test: translate
;; Traps are explicit per the IR's convention: `unreachable` is `trap unreachable`; integer
;; division, float->int truncation, memory and table accesses and indirect calls trap
;; inside the operation, so no separate checks are emitted for them.
(module
  (memory 1)
  (table 1 funcref)
  (type $v (func))
  (func $traps (param $a i32) (param $b i64) (param $f f64) (result i32)
    (drop (i32.div_s (local.get $a) (local.get $a)))
    (drop (i64.rem_u (local.get $b) (local.get $b)))
    (drop (i32.trunc_f64_s (local.get $f)))
    (drop (i64.trunc_sat_f64_u (local.get $f)))
    (drop (i32.load (local.get $a)))
    (drop (table.get (local.get $a)))
    (call_indirect (type $v) (local.get $a))
    (if (i32.eqz (local.get $a)) (then (unreachable)))
    (i32.const 0))
)

;; check: block0(v0: i32, v1: i64, v2: f64): ; v0=$a v1=$b v2=$f
;; nextln:     v3: i32 = i32.div_s v0, v0
;; nextln:     v4: i64 = i64.rem_u v1, v1
;; nextln:     v5: i32 = i32.trunc_f64_s v2
;; nextln:     v6: i64 = i64.trunc_sat_f64_u v2
;; nextln:     v7: i32 = i32.load mem0 v0
;; nextln:     v8: funcref = table.get table0 v0
;; nextln:     call_indirect table0 type0 v0()
;; nextln:     v9: i32 = i32.eqz v0
;; nextln:     brif v9, block2, block1
;; nextln: block2:
;; nextln:     trap unreachable
;; nextln: block1:
;; nextln:     v10: i32 = i32.const 0
;; nextln:     return v10
;; not: trapz
;; not: trapnz
