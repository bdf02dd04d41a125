;; test: interpret
;; A loop carrying two locals through block parameters, memory traps and multi-value.
(module
  (memory 1)
  (func (export "sum_to") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.gt_s (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))
  (func (export "store_load") (param $addr i32) (param $v i32) (result i32)
    (i32.store offset=2 (local.get $addr) (local.get $v))
    (i32.load offset=2 (local.get $addr)))
  (func (export "swap") (param i32 f64) (result f64 i32) (local.get 1) (local.get 0))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))

;; invoke: sum_to i32:100
;; invoke: store_load i32:65530 i32:-5
;; invoke: store_load i32:65531 i32:1
;; invoke: swap i32:1 f64:-0
;; invoke: grow i32:2
;; invoke: grow i32:70000
;; check: sum_to(100) = 5050
;; nextln: store_load(65530, -5) = -5
;; nextln: store_load(65531, 1) trap: out of bounds memory access
;; nextln: swap(1, -0) = -0, 1
;; nextln: grow(2) = 1
;; nextln: grow(70000) = -1
