;; Memory-heavy array work: a sieve of Eratosthenes over bytes, then a pass
;; of i32 loads and stores over the same region, repeated.
(module
  (memory 4)
  (func $sieve (param $limit i32) (result i32)
    (local $i i32) (local $j i32) (local $count i32)
    (memory.fill (i32.const 0) (i32.const 1) (local.get $limit))
    (local.set $i (i32.const 2))
    (block $done
      (loop $outer
        (br_if $done (i32.gt_u (i32.mul (local.get $i) (local.get $i)) (local.get $limit)))
        (if (i32.load8_u (local.get $i))
          (then
            (local.set $j (i32.mul (local.get $i) (local.get $i)))
            (block $inner_done
              (loop $inner
                (br_if $inner_done (i32.ge_u (local.get $j) (local.get $limit)))
                (i32.store8 (local.get $j) (i32.const 0))
                (local.set $j (i32.add (local.get $j) (local.get $i)))
                (br $inner)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (local.set $i (i32.const 2))
    (block $done2
      (loop $count_loop
        (br_if $done2 (i32.ge_u (local.get $i) (local.get $limit)))
        (local.set $count (i32.add (local.get $count) (i32.load8_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $count_loop)))
    (local.get $count))
  (func $words (result i32)
    (local $p i32) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (i32.const 65536)))
        (i32.store offset=65536 (local.get $p) (i32.add (i32.load (local.get $p)) (local.get $p)))
        (local.set $sum (i32.add (local.get $sum) (i32.load offset=65536 (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next)))
    (local.get $sum))
  (func (export "run") (param $rounds i32) (result i64)
    (local $acc i64)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $rounds)))
        (local.set $acc (i64.add (local.get $acc)
          (i64.extend_i32_u (i32.add (call $sieve (i32.const 60000)) (call $words)))))
        (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))
        (br $again)))
    (local.get $acc)))
