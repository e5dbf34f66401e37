;; The wasmdbg demo: one program with both things this debugger is about.
;;
;;   - a generator continuation: $squares yields 1, 4, 9, … 64 with
;;     `suspend $yield`; the main thread's $produce resumes it once per value
;;     and publishes each value into a shared ring (shared memory);
;;   - a wasi-threads worker (thread 2, entered at `wasi_thread_start`) that
;;     waits (memory.atomic.wait32) for each value to be published, adds it up
;;     and prints the total with WASI fd_write.
;;
;; `wasmdbg run examples/demo/demo.wat` prints:
;;   main: squares produced = 8
;;   worker: sum = 204
;; `npm start` debugs it with examples/demo/demo.commands.
(module $demo
  (import "wasi" "thread-spawn" (func $thread_spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))

  ;; Shared memory layout:
  ;;   0x100 count of values published   0x104 worker done (0/1)
  ;;   0x108 the worker's sum
  ;;   0x200.. the values (i32 each)      0x400.. texts
  ;;   0x600.. main's print scratch       0x700.. the worker's
  (global $N i32 (i32.const 8))

  (type $gen_ft (func))
  (type $gen_ct (cont $gen_ft))
  (tag $yield (param i32))

  ;; ---- the generator (runs on its own stack, as a continuation) ----

  (func $square (param $x i32) (result i32)
    (i32.mul (local.get $x) (local.get $x)))

  (func $squares (local $i i32) (local $value i32)
    (loop $next
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (local.set $value (call $square (local.get $i)))
      (suspend $yield (local.get $value))
      (br $next)))
  (elem declare func $squares)

  ;; ---- the consumer on the main thread ----

  (func $produce (local $gen (ref null $gen_ct)) (local $n i32) (local $value i32)
    (local.set $gen (cont.new $gen_ct (ref.func $squares)))
    (loop $take
      (block $on_yield (result i32 (ref $gen_ct))
        (resume $gen_ct (on $yield $on_yield) (local.get $gen))
        (unreachable)) ;; $squares never returns
      (local.set $gen)
      (local.set $value)
      ;; Publish: the value first, then the count the worker waits on.
      (i32.store offset=0x200 (i32.shl (local.get $n) (i32.const 2)) (local.get $value))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (i32.atomic.store (i32.const 0x100) (local.get $n))
      (drop (memory.atomic.notify (i32.const 0x100) (i32.const 1)))
      (br_if $take (i32.lt_u (local.get $n) (global.get $N)))))

  ;; ---- the worker thread ----

  (func $sum_values (result i32) (local $i i32) (local $seen i32) (local $sum i32)
    (loop $each
      ;; Wait until value $i has been published.
      (block $ready
        (loop $wait
          (local.set $seen (i32.atomic.load (i32.const 0x100)))
          (br_if $ready (i32.gt_u (local.get $seen) (local.get $i)))
          (drop (memory.atomic.wait32 (i32.const 0x100) (local.get $seen) (i64.const -1)))
          (br $wait)))
      (local.set $sum (i32.add (local.get $sum) (i32.load offset=0x200 (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $each (i32.lt_u (local.get $i) (global.get $N))))
    (local.get $sum))

  (func $worker (param $arg i32) (local $sum i32)
    (local.set $sum (call $sum_values))
    (i32.store (i32.const 0x108) (local.get $sum))
    (call $print (i32.const 0x440) (i32.const 14) (local.get $sum) (i32.const 0x700))
    (i32.atomic.store (i32.const 0x104) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 0x104) (i32.const 1))))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (call $worker (local.get $arg)))

  ;; ---- printing: a prefix from the data segment, a number, "\n" ----

  (data (i32.const 0x400) "main: squares produced = ")   ;; 25 bytes
  (data (i32.const 0x440) "worker: sum = ")              ;; 14 bytes

  ;; Writes bytes [$text, $text+$len), $n in decimal and "\n" to stdout.
  ;; $buf is 0x50 bytes of scratch of the calling thread's own (threads print
  ;; concurrently): the digits end at $buf+0x3f, the two iovecs follow.
  (func $print (param $text i32) (param $len i32) (param $n i32) (param $buf i32) (local $p i32)
    (local.set $p (i32.add (local.get $buf) (i32.const 0x3f)))
    (i32.store8 (local.get $p) (i32.const 10))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digit (local.get $n)))
    (i32.store offset=0x40 (local.get $buf) (local.get $text))
    (i32.store offset=0x44 (local.get $buf) (local.get $len))
    (i32.store offset=0x48 (local.get $buf) (local.get $p))
    (i32.store offset=0x4c (local.get $buf) (i32.sub (i32.add (local.get $buf) (i32.const 0x40)) (local.get $p)))
    (drop (call $fd_write (i32.const 1) (i32.add (local.get $buf) (i32.const 0x40)) (i32.const 2) (i32.add (local.get $buf) (i32.const 0x50)))))

  (func (export "_start") (local $done i32)
    (if (i32.lt_s (call $thread_spawn (i32.const 0)) (i32.const 1)) (then unreachable))
    (call $produce)
    (call $print (i32.const 0x400) (i32.const 25) (global.get $N) (i32.const 0x600))
    ;; Wait for the worker's total before returning (returning ends the program).
    (block $finished
      (loop $wait
        (local.set $done (i32.atomic.load (i32.const 0x104)))
        (br_if $finished (local.get $done))
        (drop (memory.atomic.wait32 (i32.const 0x104) (i32.const 0) (i64.const -1)))
        (br $wait))))
)
