;; test: translate
;; Calls (imported and defined), indirect calls (table slot first, then the arguments),
;; tail calls, multiple results; globals, tables and references.
(module
  (type $binop (func (param i32 i32) (result i32)))
  (import "env" "log" (func $log (param i32)))
  (import "env" "g" (global $imported (mut i64)))
  (table $t 4 funcref)
  (table $ext 1 externref)
  (global $counter (mut i32) (i32.const 0))
  (elem $e func $add $pair)
  (elem declare func $calls)

  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))

  (func $pair (param $x i32) (result i32 i64)
    (local.get $x) (i64.extend_i32_u (local.get $x)))

  (func $calls (param $x i32) (result i32)
    (call $log (local.get $x))
    (call $pair (local.get $x)) (drop) (drop)
    (call_indirect $t (type $binop) (local.get $x) (i32.const 2) (i32.const 1)))

  (func $tail (param $x i32) (result i32)
    (if (local.get $x) (then (return_call $add (local.get $x) (local.get $x))))
    (return_call_indirect $t (type $binop) (i32.const 3) (i32.const 4) (local.get $x)))

  (func $state (param $r externref) (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (global.set $imported (i64.const -1))
    (table.set $ext (i32.const 0) (local.get $r))
    (drop (table.grow $t (ref.func $calls) (i32.const 2)))
    (table.fill $t (i32.const 0) (ref.null func) (table.size $t))
    (table.copy $t $t (i32.const 0) (i32.const 1) (i32.const 1))
    (table.init $t $e (i32.const 0) (i32.const 0) (i32.const 2))
    (elem.drop $e)
    (ref.is_null (table.get $t (i32.const 1)))
    (select (global.get $counter) (ref.is_null (local.get $r))))
)

;; check: function fn3 $calls: type3 {
;; nextln: block0(v0: i32): ; v0=$x
;; nextln:     call fn0(v0)
;; nextln:     v1: i32, v2: i64 = call fn2(v0)
;; nextln:     v3: i32 = i32.const 2
;; nextln:     v4: i32 = i32.const 1
;; nextln:     v5: i32 = call_indirect table0 type0 v4(v0, v3)
;; nextln:     return v5

;; check: function fn4 $tail: type3 {
;; nextln: block0(v0: i32): ; v0=$x
;; nextln:     brif v0, block2, block1
;; nextln: block2:
;; nextln:     return_call fn1(v0, v0)
;; nextln: block1:
;; nextln:     v1: i32 = i32.const 3
;; nextln:     v2: i32 = i32.const 4
;; nextln:     return_call_indirect table0 type0 v0(v1, v2)

;; check: function fn5 $state: type4 {
;; nextln: block0(v0: externref): ; v0=$r
;; nextln:     v1: i32 = global.get g1
;; nextln:     v2: i32 = i32.const 1
;; nextln:     v3: i32 = i32.add v1, v2
;; nextln:     global.set g1 v3
;; nextln:     v4: i64 = i64.const -1
;; nextln:     global.set g0 v4
;; nextln:     v5: i32 = i32.const 0
;; nextln:     table.set table1 v5, v0
;; nextln:     v6: funcref = ref.func fn3
;; nextln:     v7: i32 = i32.const 2
;; nextln:     v8: i32 = table.grow table0 v6, v7
;; nextln:     v9: i32 = i32.const 0
;; nextln:     v10: funcref = ref.null funcref
;; nextln:     v11: i32 = table.size table0
;; nextln:     table.fill table0 v9, v10, v11
;; check: table.copy table0 table0
;; check: table.init table0 elem0
;; nextln:     elem.drop elem0
;; nextln:     v{{[0-9]+}}: i32 = i32.const 1
;; nextln:     v{{[0-9]+}}: funcref = table.get table0
;; nextln:     v{{[0-9]+}}: i32 = ref.is_null
;; nextln:     v{{[0-9]+}}: i32 = global.get g1
;; nextln:     v{{[0-9]+}}: i32 = ref.is_null v0
;; nextln:     v{{[0-9]+}}: i32 = select
