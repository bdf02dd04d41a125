;; test: translate
;; SIMD samples: constants, lane ops, shuffles, lane loads/stores, arithmetic, tests.
(module
  (memory 1)
  (func $simd (param $p i32) (param $x f32) (result i32)
    (local $v v128)
    (local.set $v (v128.const i32x4 1 2 3 -1))
    (local.set $v (f32x4.replace_lane 3 (local.get $v) (local.get $x)))
    (local.set $v (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 (local.get $v) (i32x4.splat (local.get $p))))
    (local.set $v (v128.load16_lane offset=2 1 (local.get $p) (local.get $v)))
    (v128.store64_lane 1 (local.get $p) (local.get $v))
    (v128.store (local.get $p) (i16x8.add_sat_s (local.get $v) (v128.load32_splat (local.get $p))))
    (i32.add
      (i8x16.extract_lane_u 15 (local.get $v))
      (v128.any_true (v128.bitselect (local.get $v) (local.get $v) (i64x2.splat (i64.const 7))))))
)

;; check: function fn0 $simd: type0 {
;; nextln: block0(v0: i32, v1: f32): ; v0=$p v1=$x
;; nextln:     v2: v128 = v128.const i32x4 0x00000001 0x00000002 0x00000003 0xffffffff {{.*}}$v
;; nextln:     v3: v128 = f32x4.replace_lane 3 v2, v1 {{.*}}$v
;; nextln:     v4: v128 = i32x4.splat v0
;; nextln:     v5: v128 = i8x16.shuffle [0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31] v3, v4
;; nextln:     v6: v128 = v128.load16_lane mem0 offset=2 1 v0, v5
;; nextln:     v128.store64_lane mem0 1 v0, v6
;; nextln:     v7: v128 = v128.load32_splat mem0 v0
;; nextln:     v8: v128 = i16x8.add_sat_s v6, v7
;; nextln:     v128.store mem0 v0, v8
;; nextln:     v9: i32 = i8x16.extract_lane_u 15 v6
;; nextln:     v10: i64 = i64.const 7
;; nextln:     v11: v128 = i64x2.splat v10
;; nextln:     v12: v128 = v128.bitselect v6, v6, v11
;; nextln:     v13: i32 = v128.any_true v12
;; nextln:     v14: i32 = i32.add v9, v13
;; nextln:     return v14
