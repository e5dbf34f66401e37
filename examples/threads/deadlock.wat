;; Two threads that each wait forever for the other: the scheduler stops with
;; "deadlock: thread 1 waits on 0x1000, thread 2 waits on 0x1008", exit code 1.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  (func (export "wasi_thread_start") (param i32 i32)
    (drop (memory.atomic.wait32 (i32.const 0x1008) (i32.const 0) (i64.const -1))))
  (func (export "_start")
    (drop (call $spawn (i32.const 0)))
    (drop (memory.atomic.wait32 (i32.const 0x1000) (i32.const 0) (i64.const -1))))
)
