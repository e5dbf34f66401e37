;; Spawns 1,000 threads; each adds 1 to a counter and notifies; main joins
;; them all with memory.atomic.wait32 and exits with counter / 10 (= 100).
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  (func (export "wasi_thread_start") (param i32 i32)
    (drop (i32.atomic.rmw.add (i32.const 0x10) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 0x10) (i32.const 1))))
  (func (export "_start") (local $k i32) (local $d i32)
    (loop
      (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 1)) (then unreachable))
      (br_if 0 (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 1000))))
    (block $all (loop $again
      (local.set $d (i32.atomic.load (i32.const 0x10)))
      (br_if $all (i32.eq (local.get $d) (i32.const 1000)))
      (drop (memory.atomic.wait32 (i32.const 0x10) (local.get $d) (i64.const -1)))
      (br $again)))
    (call $exit (i32.div_u (i32.atomic.load (i32.const 0x10)) (i32.const 10))))
)
