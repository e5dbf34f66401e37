;; 64-bit integer arithmetic: a xorshift generator mixed with a
;; multiply-add hash, the shape of real hashing and PRNG code.
(module
  (func (export "run") (param $n i32) (result i64)
    (local $x i64) (local $h i64) (local $i i32)
    (local.set $x (i64.const 0x9E3779B97F4A7C15))
    (local.set $h (i64.const 1469598103934665603))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 13))))
        (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 7))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 17))))
        (local.set $h (i64.add (i64.mul (i64.xor (local.get $h) (local.get $x)) (i64.const 1099511628211))
                               (i64.extend_i32_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i64.xor (local.get $h) (local.get $x))))
