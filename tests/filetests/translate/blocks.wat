;; test: translate
;; Structured control: block results and loop/if params become block params; values
;; below a block or an if's params need none (they dominate); a merge nobody branches to
;; is never created; br_if keeps its values on the stack and continues in a new block.
(module
  (func $block_result (param $x i32) (result i32)
    (block $b (result i32)
      (br_if $b (i32.const 7) (local.get $x))
      (drop)
      (i32.const 8)))

  (func $plain_block (param $x i32) (result i32)
    (i32.const 1)
    (block (result i32) (i32.add (local.get $x) (i32.const 2)))
    (i32.add))

  (func $if_params (param $a i32) (param $b i32) (result i32 i32)
    (local.get $a) (local.get $b)
    (if (param i32 i32) (result i32 i32) (local.get $a)
      (then (i32.add) (i32.const 1))
      (else (drop) (i32.const 2))))

  (func $if_no_else (param $a i32) (result i32)
    (local.get $a)
    (if (param i32) (result i32) (local.get $a)
      (then (i32.const 3) (i32.mul))))

  (func $loop_params (param $n i32) (result i32)
    (i32.const 0)
    (loop $l (param i32) (result i32)
      (i32.const 1) (i32.add)
      (local.tee $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l)))

  (func $dead_arms (param $c i32) (result i32)
    (if (result i32) (local.get $c)
      (then (return (i32.const 1)))
      (else (return (i32.const 2)))))
)

;; check: function fn0 $block_result: type0 {
;; nextln: block0(v0: i32): ; v0=$x
;; nextln:     v1: i32 = i32.const 7
;; nextln:     brif v0, block1(v1), block2
;; nextln: block2:
;; nextln:     v3: i32 = i32.const 8
;; nextln:     jump block1(v3)
;; nextln: block1(v2: i32):
;; nextln:     return v2

;; No branch targets the block: no merge block, one basic block.
;; check: function fn1 $plain_block: type0 {
;; nextln: block0(v0: i32): ; v0=$x
;; nextln:     v1: i32 = i32.const 1
;; nextln:     v2: i32 = i32.const 2
;; nextln:     v3: i32 = i32.add v0, v2
;; nextln:     v4: i32 = i32.add v1, v3
;; nextln:     return v4
;; nextln: }

;; Both arms start from the if's params v0, v1 without block params of their own.
;; check: function fn2 $if_params: type1 {
;; nextln: block0(v0: i32, v1: i32): ; v0=$a v1=$b
;; nextln:     brif v0, block2, block3
;; nextln: block2:
;; nextln:     v4: i32 = i32.add v0, v1
;; nextln:     v5: i32 = i32.const 1
;; nextln:     jump block1(v4, v5)
;; nextln: block3:
;; nextln:     v6: i32 = i32.const 2
;; nextln:     jump block1(v0, v6)
;; nextln: block1(v2: i32, v3: i32):
;; nextln:     return v2, v3

;; Without else, the false edge passes the params straight to the merge.
;; check: function fn3 $if_no_else: type0 {
;; nextln: block0(v0: i32): ; v0=$a
;; nextln:     brif v0, block2, block1(v0)
;; nextln: block2:
;; nextln:     v2: i32 = i32.const 3
;; nextln:     v3: i32 = i32.mul v0, v2
;; nextln:     jump block1(v3)
;; nextln: block1(v1: i32):
;; nextln:     return v1

;; The loop's param and the loop-carried local are header params; the loop's result
;; is the value on the stack when br_if falls through.
;; check: function fn4 $loop_params: type0 {
;; nextln: block0(v0: i32): ; v0=$n
;; nextln:     v1: i32 = i32.const 0
;; nextln:     jump block1(v1, v0)
;; nextln: block1(v2: i32, v5: i32): ; v5=$n
;; nextln:     v3: i32 = i32.const 1
;; nextln:     v4: i32 = i32.add v2, v3
;; nextln:     v6: i32 = i32.const 1
;; nextln:     v7: i32 = i32.sub v5, v6 {{.*}}$n
;; nextln:     brif v7, block1(v4, v7), block2
;; nextln: block2:
;; nextln:     return v4

;; Both arms return: the merge block is never emitted.
;; check: function fn5 $dead_arms: type0 {
;; nextln: block0(v0: i32): ; v0=$c
;; nextln:     brif v0, block2, block3
;; nextln: block2:
;; nextln:     v2: i32 = i32.const 1
;; nextln:     return v2
;; nextln: block3:
;; nextln:     v3: i32 = i32.const 2
;; nextln:     return v3
;; nextln: }
