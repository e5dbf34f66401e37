;; Stack switching cost: a generator yields n items to a consumer, one
;; resume + suspend round trip per item ("gen"), against the same items
;; produced by one call + return per item ("calls"). The generator first
;; recurses `depth` frames, so the round trip can be checked to stay flat as
;; the continuation's stack gets deeper.
(module
  (type $gft (func (param i32 i32)))
  (type $gct (cont $gft))
  (type $kft (func))
  (type $kct (cont $kft))
  (tag $yield (param i64))

  (func $produce (param $n i32) (param $depth i32)
    (local $i i32)
    (if (local.get $depth)
      (then
        (call $produce (local.get $n) (i32.sub (local.get $depth) (i32.const 1)))
        (return)))
    (block $end
      (loop $l
        (br_if $end (i32.ge_u (local.get $i) (local.get $n)))
        (suspend $yield (i64.extend_i32_u (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))
  (elem declare func $produce)

  (func (export "gen") (param $n i32) (param $depth i32) (result i64)
    (local $sum i64)
    (local $k (ref null $kct))
    (local.set $k
      (cont.bind $gct $kct (local.get $n) (local.get $depth) (cont.new $gct (ref.func $produce))))
    (block $done
      (loop $next
        (block $on_yield (result i64 (ref $kct))
          (resume $kct (on $yield $on_yield) (local.get $k))
          (br $done))
        (local.set $k)
        (local.set $sum (i64.add (local.get $sum)))
        (br $next)))
    (local.get $sum))

  (func $next (param $i i32) (result i64)
    (i64.extend_i32_u (local.get $i)))

  (func (export "calls") (param $n i32) (result i64)
    (local $i i32)
    (local $sum i64)
    (block $end
      (loop $l
        (br_if $end (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i64.add (local.get $sum) (call $next (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $sum))
)
