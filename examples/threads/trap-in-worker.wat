;; A worker traps (integer divide by zero) while main waits forever: the whole
;; program ends with exit code 134 and the trap, naming the thread, on stderr:
;; "wasmdbg: trap: integer divide by zero in thread 2 · wasi_thread_start".
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  (func (export "wasi_thread_start") (param i32 i32)
    (drop (i32.div_u (i32.const 1) (local.get 1))))
  (func (export "_start")
    (drop (call $spawn (i32.const 0)))
    (drop (memory.atomic.wait32 (i32.const 0x1000) (i32.const 0) (i64.const -1))))
)
