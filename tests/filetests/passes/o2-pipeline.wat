;; test: pass -O2
;; The whole -O2 sequence on translated Wasm: a local that is constant folds through the
;; comparison, the branch on it folds, the dead arm and its block disappear, the blocks
;; merge, and the store at a constant address below one page loses its bounds check.
(module
  (memory 1)
  (func $f (param $x i32) (result i32) (local $k i32)
    (local.set $k (i32.const 10))
    (i32.store (i32.const 16) (local.get $x))
    (if (i32.gt_s (local.get $k) (i32.const 5))
      (then (return (i32.add (local.get $x) (i32.mul (local.get $k) (i32.const 2))))))
    (i32.const 0)))

;; check: function fn0 $f: type0 {
;; nextln: block0(v0: i32): ; v0=$x
;; nextln:     v{{[0-9]+}}: i32 = i32.const 16
;; nextln:     i32.store mem0 inbounds v{{[0-9]+}}, v0
;; nextln:     v{{[0-9]+}}: i32 = i32.const 20
;; nextln:     v{{[0-9]+}}: i32 = i32.add v0, v{{[0-9]+}}
;; nextln:     return v{{[0-9]+}}
;; nextln: }
