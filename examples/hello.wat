;; The smallest useful program: computes a factorial and Fibonacci numbers and
;; returns their sum. `wasmdbg run examples/hello.wat` prints the result.
(module $hello
  (func $fac (param $n i64) (result i64)
    (if (result i64) (i64.le_u (local.get $n) (i64.const 1))
      (then (i64.const 1))
      (else (i64.mul (local.get $n) (call $fac (i64.sub (local.get $n) (i64.const 1)))))))
  (func $fib (param $n i32) (result i32)
    (local $a i32) (local $b i32) (local $t i32)
    (local.set $b (i32.const 1))
    (block $done
      (loop $step
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $t (i32.add (local.get $a) (local.get $b)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $t))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $step)))
    (local.get $a))
  (func (export "main") (result i64)
    (i64.add (call $fac (i64.const 20)) (i64.extend_i32_u (call $fib (i32.const 40))))))
