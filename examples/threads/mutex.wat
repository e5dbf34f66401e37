;; A mutex made of cmpxchg + memory.atomic.wait32/notify (the three-state
;; futex mutex): 4 threads each increment a plain (non-atomic) counter 500
;; times under the lock, yielding inside the critical section with a long
;; loop so that slices end while the lock is held. Main joins them and exits
;; with the counter / 100 as its exit code. Expected: exit code 20.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 0x10 lock (0 free, 1 locked, 2 locked with waiters), 0x20 counter, 0x30 threads done
  (func $lock (local $c i32)
    (local.set $c (i32.atomic.rmw.cmpxchg (i32.const 0x10) (i32.const 0) (i32.const 1)))
    (if (local.get $c) (then
      (if (i32.ne (local.get $c) (i32.const 2))
        (then (local.set $c (i32.atomic.rmw.xchg (i32.const 0x10) (i32.const 2)))))
      (block $got (loop $retry
        (br_if $got (i32.eqz (local.get $c)))
        (drop (memory.atomic.wait32 (i32.const 0x10) (i32.const 2) (i64.const -1)))
        (local.set $c (i32.atomic.rmw.xchg (i32.const 0x10) (i32.const 2)))
        (br $retry))))))
  (func $unlock
    (if (i32.ne (i32.atomic.rmw.sub (i32.const 0x10) (i32.const 1)) (i32.const 1)) (then
      (i32.atomic.store (i32.const 0x10) (i32.const 0))
      (drop (memory.atomic.notify (i32.const 0x10) (i32.const 1))))))
  (func $work (local $n i32) (local $v i32) (local $spin i32)
    (local.set $n (i32.const 500))
    (loop
      (call $lock)
      (local.set $v (i32.load (i32.const 0x20)))
      (local.set $spin (i32.const 7))
      (loop (br_if 0 (local.tee $spin (i32.sub (local.get $spin) (i32.const 1)))))
      (i32.store (i32.const 0x20) (i32.add (local.get $v) (i32.const 1)))
      (call $unlock)
      (br_if 0 (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (drop (i32.atomic.rmw.add (i32.const 0x30) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 0x30) (i32.const 1))))
  (func (export "wasi_thread_start") (param i32 i32) (call $work))
  (func (export "_start") (local $k i32) (local $d i32)
    (loop
      (drop (call $spawn (i32.const 0)))
      (br_if 0 (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 4))))
    (block $all (loop $again
      (local.set $d (i32.atomic.load (i32.const 0x30)))
      (br_if $all (i32.eq (local.get $d) (i32.const 4)))
      (drop (memory.atomic.wait32 (i32.const 0x30) (local.get $d) (i64.const -1)))
      (br $again)))
    (call $exit (i32.div_u (i32.load (i32.const 0x20)) (i32.const 100))))
)
