;; test: translate
;; Threads: atomic accesses are memargs with natural alignment; misalignment and bounds
;; traps are inside the operations (wait on an unshared memory too).
(module
  (memory 1 1 shared)
  (func $atomics (param $p i32) (param $v i64) (result i32)
    (i32.atomic.store (local.get $p) (i32.atomic.load offset=4 (local.get $p)))
    (drop (i64.atomic.rmw.add (local.get $p) (local.get $v)))
    (drop (i32.atomic.rmw8.cmpxchg_u (local.get $p) (i32.const 1) (i32.const 2)))
    (drop (i64.atomic.rmw32.xchg_u offset=8 (local.get $p) (local.get $v)))
    (atomic.fence)
    (drop (memory.atomic.wait64 (local.get $p) (local.get $v) (i64.const -1)))
    (memory.atomic.notify (local.get $p) (i32.const 1)))
)

;; check: mem0: i32 min=1 max=1 shared
;; check: block0(v0: i32, v1: i64): ; v0=$p v1=$v
;; nextln:     v2: i32 = i32.atomic.load mem0 offset=4 v0
;; nextln:     i32.atomic.store mem0 v0, v2
;; nextln:     v3: i64 = i64.atomic.rmw.add mem0 v0, v1
;; nextln:     v4: i32 = i32.const 1
;; nextln:     v5: i32 = i32.const 2
;; nextln:     v6: i32 = i32.atomic.rmw8.cmpxchg_u mem0 v0, v4, v5
;; nextln:     v7: i64 = i64.atomic.rmw32.xchg_u mem0 offset=8 v0, v1
;; nextln:     atomic.fence
;; nextln:     v8: i64 = i64.const -1
;; nextln:     v9: i32 = memory.atomic.wait64 mem0 v0, v1, v8
;; nextln:     v10: i32 = i32.const 1
;; nextln:     v11: i32 = memory.atomic.notify mem0 v0, v10
;; nextln:     return v11
