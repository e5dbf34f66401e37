;; A generator: $fibs yields the Fibonacci numbers forever; the consumer
;; resumes it once per value, takes the first 20 and sums them.
;; `wasmdbg run examples/stack-switching/generator.wat` prints the sum.
(module $generator
  (type $gen_ft (func))
  (type $gen_ct (cont $gen_ft))
  (tag $yield (param i64))

  (func $fibs
    (local $a i64) (local $b i64) (local $t i64)
    (local.set $b (i64.const 1))
    (loop $forever
      (suspend $yield (local.get $a))
      (local.set $t (i64.add (local.get $a) (local.get $b)))
      (local.set $a (local.get $b))
      (local.set $b (local.get $t))
      (br $forever)))
  (elem declare func $fibs)

  (func (export "_start") (result i64)
    (local $k (ref null $gen_ct)) (local $n i32) (local $sum i64)
    (local.set $k (cont.new $gen_ct (ref.func $fibs)))
    (loop $take
      (block $on_yield (result i64 (ref $gen_ct))
        (resume $gen_ct (on $yield $on_yield) (local.get $k))
        (unreachable)) ;; $fibs never returns
      (local.set $k)
      (local.set $sum (i64.add (local.get $sum)))
      (br_if $take (i32.lt_u (local.tee $n (i32.add (local.get $n) (i32.const 1))) (i32.const 20))))
    (local.get $sum)))
