;; test: translate
;; Legacy exception handling. Inside a try, calls become try_call (results arrive as the
;; normal successor's params, the exception as the handler's first param, locals as
;; further handler params); throw becomes exn.new + a jump to the handler. The handler
;; dispatches with br_on_tag per catch; without catch_all the exception goes on (rethrow).
(module
  (tag $e (param i32))
  (tag $empty)
  (func $may_throw (param i32) (result i32) (local.get 0))

  (func $throw_out (param $x i32)
    (throw $e (local.get $x)))

  (func $catch (param $x i32) (result i32) (local $state i32)
    (try (result i32)
      (do
        (local.set $state (i32.const 1))
        (drop (call $may_throw (local.get $x)))
        (local.set $state (i32.const 2))
        (if (local.get $x) (then (throw $empty)))
        (i32.const 0))
      (catch $e
        (i32.add (local.get $state)))
      (catch_all
        (local.get $state))))

  (func $no_catch_all (param $x i32) (result i32)
    (try (result i32)
      (do (call $may_throw (local.get $x)))
      (catch $empty (i32.const -1))))

  (func $rethrow (param $x i32)
    (try
      (do (throw $e (local.get $x)))
      (catch_all
        (try
          (do (rethrow 1))
          (catch $e (drop))))))

  (func $delegate (param $x i32) (result i32)
    (try $outer (result i32)
      (do
        (try (result i32)
          (do (call $may_throw (local.get $x)))
          (delegate $outer)))
      (catch_all (i32.const 7))))

  (func $delegate_to_caller (param $x i32) (result i32)
    (try (result i32)
      (do (call $may_throw (local.get $x)))
      (delegate 0)))
)

;; check: function fn1 $throw_out: type0 {
;; nextln: block0(v0: i32): ; v0=$x
;; nextln:     throw tag0 v0
;; nextln: }

;; The handler (block2) receives the exception and $state from both throwing points.
;; check: function fn2 $catch: type2 {
;; nextln: block0(v0: i32): ; v0=$x
;; nextln:     v1: i32 = i32.const 1 {{.*}}$state
;; nextln:     try_call fn0(v0), block1, block2(v1)
;; nextln: block1(v2: i32):
;; nextln:     v4: i32 = i32.const 2 {{.*}}$state
;; nextln:     brif v0, block4, block3
;; nextln: block4:
;; nextln:     v5: exn = exn.new tag1
;; nextln:     jump block2(v5, v4)
;; nextln: block3:
;; nextln:     v6: i32 = i32.const 0
;; nextln:     jump block5(v6)
;; nextln: block2(v3: exn, v9: i32): ; v9=$state
;; nextln:     br_on_tag tag0 v3, block6, block7
;; nextln: block6(v8: i32):
;; nextln:     v10: i32 = i32.add v8, v9
;; nextln:     jump block5(v10)
;; nextln: block7:
;; nextln:     jump block5(v9)
;; nextln: block5(v7: i32):
;; nextln:     return v7

;; check: function fn3 $no_catch_all: type2 {
;; nextln: block0(v0: i32): ; v0=$x
;; nextln:     try_call fn0(v0), block1, block2
;; nextln: block1(v1: i32):
;; nextln:     jump block3(v1)
;; nextln: block2(v2: exn):
;; nextln:     br_on_tag tag1 v2, block4, block5
;; nextln: block4:
;; nextln:     v4: i32 = i32.const -1
;; nextln:     jump block3(v4)
;; nextln: block5:
;; nextln:     rethrow v2
;; nextln: block3(v3: i32):
;; nextln:     return v3

;; The throw goes to the outer handler (block1); the rethrow inside the inner try to the
;; inner handler (block2), which rethrows when its clause does not match. Both handlers
;; have one incoming exception, so their exn params are replaced by v1.
;; check: function fn4 $rethrow: type0 {
;; nextln: block0(v0: i32): ; v0=$x
;; nextln:     v1: exn = exn.new tag0 v0
;; nextln:     jump block1
;; nextln: block1:
;; nextln:     jump block2
;; nextln: block2:
;; nextln:     br_on_tag tag0 v1, block3, block4
;; nextln: block3(v4: i32):
;; nextln:     jump block5
;; nextln: block4:
;; nextln:     rethrow v1
;; nextln: block5:
;; nextln:     return
;; nextln: }

;; The inner try's call unwinds straight to the outer handler.
;; check: function fn5 $delegate: type2 {
;; nextln: block0(v0: i32): ; v0=$x
;; nextln:     try_call fn0(v0), block1, block2
;; nextln: block1(v1: i32):
;; nextln:     jump block3(v1)
;; nextln: block2(v2: exn):
;; nextln:     v4: i32 = i32.const 7
;; nextln:     jump block3(v4)
;; nextln: block3(v3: i32):
;; nextln:     return v3

;; check: function fn6 $delegate_to_caller: type2 {
;; nextln: block0(v0: i32): ; v0=$x
;; nextln:     v1: i32 = call fn0(v0)
;; nextln:     return v1
;; nextln: }
