;; A generator that traps: it yields 100 / k for k = 3, 2, 1, 0, and the
;; division by zero happens on the continuation's stack, two frames deep,
;; while the consumer on the main stack waits for the value.
(module $trapping
  (type $ft (func))
  (type $ct (cont $ft))
  (tag $yield (param i32))

  (func $divide (param $k i32) (result i32)
    (i32.div_u (i32.const 100) (local.get $k)))

  (func $countdown (local $k i32)
    (local.set $k (i32.const 3))
    (loop $next
      (suspend $yield (call $divide (local.get $k)))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br $next)))
  (elem declare func $countdown)

  (func (export "_start") (result i32) (local $c (ref null $ct)) (local $total i32)
    (local.set $c (cont.new $ct (ref.func $countdown)))
    (loop $take
      (block $on_yield (result i32 (ref $ct))
        (resume $ct (on $yield $on_yield) (local.get $c))
        (return (local.get $total)))
      (local.set $c)
      (local.set $total (i32.add (local.get $total)))
      (br $take))
    (unreachable)))
