;; A WASIX futex_wait that nothing will ever wake: when Node has nothing left
;; to do, the scheduler reports "deadlock: thread 1 waits on 0x2000", exit code 1.
(module
  (import "wasix_32v1" "futex_wait" (func $futex_wait (param i32 i32 i32 i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  (func (export "_start") (drop (call $futex_wait (i32.const 0x2000) (i32.const 0) (i32.const 0) (i32.const 0x404)))))
