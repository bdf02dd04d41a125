;; test: interpret
;; Integer division traps inside the operation; i64 crosses the JS boundary as BigInt.
(module
  (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "rem_u64") (param i64 i64) (result i64) (i64.rem_u (local.get 0) (local.get 1)))
  (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
  (func (export "sat") (param f64) (result i32) (i32.trunc_sat_f64_s (local.get 0))))

;; invoke: div_s i32:7 i32:-2
;; invoke: div_s i32:1 i32:0
;; invoke: div_s i32:-2147483648 i32:-1
;; invoke: rem_u64 i64:-1 i64:10
;; invoke: trunc f64:-3.9
;; invoke: trunc f64:nan
;; invoke: trunc f64:3e9
;; invoke: sat f64:3e9
;; check: div_s(7, -2) = -3
;; nextln: div_s(1, 0) trap: integer divide by zero
;; nextln: div_s(-2147483648, -1) trap: integer overflow
;; nextln: rem_u64(-1, 10) = 5
;; nextln: trunc(-3.9) = -3
;; nextln: trunc(nan) trap: invalid conversion to integer
;; nextln: trunc(3e9) trap: integer overflow
;; nextln: sat(3e9) = 2147483647
