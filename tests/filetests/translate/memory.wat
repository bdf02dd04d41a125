;; test: translate
;; Loads and stores keep their memarg (memory, offset, alignment); the bounds check is
;; inside the operation. Memory64 addresses are i64; multi-memory names the memory.
(module
  (memory $m32 1 2)
  (memory $m64 i64 1)
  (memory $extra 0)
  (data $d "hello")

  (func $access (param $p i32) (param $q i64) (result i32)
    (i32.store offset=8 (local.get $p) (i32.load16_u offset=2 align=1 (local.get $p)))
    (i64.store32 $m64 offset=4294967296 (local.get $q) (i64.load $m64 (local.get $q)))
    (f64.store $extra (i32.const 16) (f64.load $extra align=4 (i32.const 8)))
    (i32.load8_s $m32 (local.get $p)))

  (func $bulk (param $p i32) (param $q i64) (result i64)
    (memory.fill $m32 (local.get $p) (i32.const 0) (i32.const 16))
    (memory.copy $m64 $m32 (local.get $q) (local.get $p) (i32.const 4))
    (memory.init $extra $d (i32.const 0) (i32.const 1) (i32.const 3))
    (data.drop $d)
    (drop (memory.grow $m32 (i32.const 1)))
    (drop (memory.size $extra))
    (memory.grow $m64 (i64.const 1)))
)

;; check: mem0: i32 min=1 max=2
;; nextln: mem1: i64 min=1
;; nextln: mem2: i32 min=0

;; check: function fn0 $access: type0 {
;; nextln: block0(v0: i32, v1: i64): ; v0=$p v1=$q
;; nextln:     v2: i32 = i32.load16_u mem0 offset=2 align=1 v0
;; nextln:     i32.store mem0 offset=8 v0, v2
;; nextln:     v3: i64 = i64.load mem1 v1
;; nextln:     i64.store32 mem1 offset=4294967296 v1, v3
;; nextln:     v4: i32 = i32.const 16
;; nextln:     v5: i32 = i32.const 8
;; nextln:     v6: f64 = f64.load mem2 align=4 v5
;; nextln:     f64.store mem2 v4, v6
;; nextln:     v7: i32 = i32.load8_s mem0 v0
;; nextln:     return v7

;; check: function fn1 $bulk: type1 {
;; nextln: block0(v0: i32, v1: i64): ; v0=$p v1=$q
;; nextln:     v2: i32 = i32.const 0
;; nextln:     v3: i32 = i32.const 16
;; nextln:     memory.fill mem0 v0, v2, v3
;; nextln:     v4: i32 = i32.const 4
;; nextln:     memory.copy mem1 mem0 v1, v0, v4
;; check: memory.init mem2 data0
;; nextln:     data.drop data0
;; nextln:     v{{[0-9]+}}: i32 = i32.const 1
;; nextln:     v{{[0-9]+}}: i32 = memory.grow mem0
;; nextln:     v{{[0-9]+}}: i32 = memory.size mem2
;; nextln:     v{{[0-9]+}}: i64 = i64.const 1
;; nextln:     v{{[0-9]+}}: i64 = memory.grow mem1
