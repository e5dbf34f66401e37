;; A worker pool on wasi-threads: main spawns 4 workers; each sums its quarter
;; of 1..4000 and adds it to a shared total with an atomic add, then counts
;; itself done and notifies. Main waits (memory.atomic.wait32) until all four
;; are done and prints the total. Expected stdout: "sum = 8002000\n", exit 0.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 0x100 total, 0x104 workers done; 0x200.. text buffer; 0x300 iovec
  (func $worker (param $k i32) (local $i i32) (local $end i32) (local $sum i32)
    (local.set $i (i32.add (i32.mul (local.get $k) (i32.const 1000)) (i32.const 1)))
    (local.set $end (i32.add (local.get $i) (i32.const 1000)))
    (loop
      (local.set $sum (i32.add (local.get $sum) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if 0 (i32.lt_u (local.get $i) (local.get $end))))
    (drop (i32.atomic.rmw.add (i32.const 0x100) (local.get $sum)))
    (drop (i32.atomic.rmw.add (i32.const 0x104) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 0x104) (i32.const 1))))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (call $worker (local.get $arg)))
  (func $print_u32 (param $n i32) (local $p i32)
    ;; "sum = " then digits then "\n"
    (i32.store (i32.const 0x200) (i32.const 0x206d7573)) ;; "sum "
    (i32.store16 (i32.const 0x204) (i32.const 0x203d))   ;; "= "
    (local.set $p (i32.const 0x220))
    (i32.store8 (local.get $p) (i32.const 10))
    (loop
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if 0 (local.get $n)))
    (memory.copy (i32.const 0x206) (local.get $p) (i32.sub (i32.const 0x221) (local.get $p)))
    (i32.store (i32.const 0x300) (i32.const 0x200))
    (i32.store (i32.const 0x304) (i32.add (i32.const 6) (i32.sub (i32.const 0x221) (local.get $p))))
    (drop (call $fd_write (i32.const 1) (i32.const 0x300) (i32.const 1) (i32.const 0x310))))
  (func (export "_start") (local $k i32) (local $done i32)
    (loop
      (if (i32.lt_s (call $spawn (local.get $k)) (i32.const 1)) (then unreachable))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if 0 (i32.lt_u (local.get $k) (i32.const 4))))
    (block $all
      (loop $again
        (local.set $done (i32.atomic.load (i32.const 0x104)))
        (br_if $all (i32.eq (local.get $done) (i32.const 4)))
        (drop (memory.atomic.wait32 (i32.const 0x104) (local.get $done) (i64.const -1)))
        (br $again)))
    (call $print_u32 (i32.atomic.load (i32.const 0x100))))
)
