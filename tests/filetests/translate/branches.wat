;; test: translate
;; br_table, branches to the function's label, and unreachable code.
(module
  (func $switch (param $i i32) (result i32)
    (block $outer (result i32)
      (block $b1 (result i32)
        (block $b0 (result i32)
          (local.get $i)
          (br_table $b0 $b1 $outer $b0 (local.get $i)))
        (return))
      (i32.const 12)
      (i32.add))
    (i32.const 1)
    (i32.add))

  ;; br_table / br_if to the function label go through one shared return block;
  ;; a plain br to it is a return.
  (func $to_function (param $i i32) (result i32)
    (drop (br_if 0 (i32.const 6) (local.get $i)))
    (if (i32.eqz (local.get $i)) (then (br 1 (i32.const 7))))
    (br_table 0 0 (i32.const 5) (local.get $i)))

  (func $loop_table (param $i i32) (result i32)
    (block $exit
      (loop $again
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br_table $again $exit (local.get $i))))
    (i32.const 0))

  ;; Everything after br / unreachable up to the enclosing end (nested blocks included)
  ;; is skipped; `unreachable` is a trap terminator.
  (func $dead (param $x i32) (result i32)
    (block $b
      (br $b)
      (drop (i32.div_s (local.get $x) (i32.const 0)))
      (block (loop (br 0)) (if (i32.const 1) (then) (else (drop (i32.const 2))))))
    (if (local.get $x) (then (unreachable) (nop) (call $dead (i32.const 1)) (drop)))
    (local.get $x))
)

;; check: function fn0 $switch: type0 {
;; nextln: block0(v0: i32): ; v0=$i
;; nextln:     br_table v0, [block1, block2, block3(v0)], block1
;; nextln: block1:
;; nextln:     return v0
;; nextln: block2:
;; nextln:     v4: i32 = i32.const 12
;; nextln:     v5: i32 = i32.add v0, v4
;; nextln:     jump block3(v5)
;; nextln: block3(v3: i32):
;; nextln:     v6: i32 = i32.const 1
;; nextln:     v7: i32 = i32.add v3, v6
;; nextln:     return v7

;; check: function fn1 $to_function: type0 {
;; nextln: block0(v0: i32): ; v0=$i
;; nextln:     v1: i32 = i32.const 6
;; nextln:     brif v0, block1(v1), block2
;; nextln: block2:
;; nextln:     v3: i32 = i32.eqz v0
;; nextln:     brif v3, block4, block3
;; nextln: block4:
;; nextln:     v4: i32 = i32.const 7
;; nextln:     return v4
;; nextln: block3:
;; nextln:     v5: i32 = i32.const 5
;; nextln:     br_table v0, [block1(v5)], block1(v5)
;; nextln: block1(v2: i32):
;; nextln:     return v2
;; nextln: }

;; check: function fn2 $loop_table: type0 {
;; nextln: block0(v0: i32): ; v0=$i
;; nextln:     jump block1(v0)
;; nextln: block1(v1: i32): ; v1=$i
;; nextln:     v2: i32 = i32.const 1
;; nextln:     v3: i32 = i32.sub v1, v2 {{.*}}$i
;; nextln:     br_table v3, [block1(v3)], block2
;; nextln: block2:
;; nextln:     v4: i32 = i32.const 0
;; nextln:     return v4

;; check: function fn3 $dead: type0 {
;; nextln: block0(v0: i32): ; v0=$x
;; nextln:     jump block1
;; nextln: block1:
;; nextln:     brif v0, block3, block2
;; nextln: block3:
;; nextln:     trap unreachable
;; nextln: block2:
;; nextln:     return v0
;; nextln: }
;; not: i32.div_s
;; not: call
