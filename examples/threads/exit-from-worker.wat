;; A worker prints and calls proc_exit(7) while main waits forever: the whole
;; program ends with exit code 7. Expected stdout: "bye from a worker\n".
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  (data (i32.const 0x100) "bye from a worker\n")
  (func (export "wasi_thread_start") (param i32 i32)
    (i32.store (i32.const 0x200) (i32.const 0x100))
    (i32.store (i32.const 0x204) (i32.const 18))
    (drop (call $fd_write (i32.const 1) (i32.const 0x200) (i32.const 1) (i32.const 0x210)))
    (call $exit (i32.const 7)))
  (func (export "_start")
    (drop (call $spawn (i32.const 0)))
    (drop (memory.atomic.wait32 (i32.const 0x1000) (i32.const 0) (i64.const -1))))
)
