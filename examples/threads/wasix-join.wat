;; WASIX threads: main starts three threads with thread_spawn_v2 (each gets a
;; 64-byte ThreadStart whose start_args field, at offset 12, holds a number),
;; the first of them parks in futex_wait until main wakes it with
;; futex_wake_all; each adds its number to a total and leaves with
;; thread_exit. Main joins them all (thread_join), checks thread_id == 1 and
;; thread_parallelism >= 1, sleeps 1 ms, and exits with the total: 60.
(module
  (import "wasix_32v1" "thread_spawn_v2" (func $spawn (param i32 i32) (result i32)))
  (import "wasix_32v1" "thread_join" (func $join (param i32) (result i32)))
  (import "wasix_32v1" "thread_exit" (func $thread_exit (param i32)))
  (import "wasix_32v1" "thread_id" (func $thread_id (param i32) (result i32)))
  (import "wasix_32v1" "thread_sleep" (func $sleep (param i64) (result i32)))
  (import "wasix_32v1" "thread_parallelism" (func $par (param i32) (result i32)))
  (import "wasix_32v1" "futex_wait" (func $futex_wait (param i32 i32 i32 i32) (result i32)))
  (import "wasix_32v1" "futex_wake_all" (func $futex_wake_all (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 0x100.. three ThreadStart structs (64 bytes each); 0x300 tids; 0x400 futex; 0x404 woken; 0x410 total; 0x420 scratch
  (func (export "wasi_thread_start") (param $tid i32) (param $start i32) (local $n i32)
    (local.set $n (i32.load offset=12 (local.get $start)))
    (if (i32.eq (local.get $n) (i32.const 10)) (then
      (block $go (loop $again
        (br_if $go (i32.atomic.load (i32.const 0x400)))
        (drop (call $futex_wait (i32.const 0x400) (i32.const 0) (i32.const 0) (i32.const 0x404)))
        (br $again)))))
    (drop (i32.atomic.rmw.add (i32.const 0x410) (local.get $n)))
    (call $thread_exit (i32.const 0))
    unreachable)
  (func $start_thread (param $k i32) (result i32) (local $s i32)
    (local.set $s (i32.add (i32.const 0x100) (i32.shl (local.get $k) (i32.const 6))))
    (i32.store offset=12 (local.get $s) (i32.mul (i32.add (local.get $k) (i32.const 1)) (i32.const 10)))
    (if (call $spawn (local.get $s) (i32.add (i32.const 0x300) (i32.shl (local.get $k) (i32.const 2))))
      (then unreachable))
    (i32.load (i32.add (i32.const 0x300) (i32.shl (local.get $k) (i32.const 2)))))
  (func (export "_start") (local $t0 i32) (local $t1 i32) (local $t2 i32)
    (local.set $t0 (call $start_thread (i32.const 0)))
    (local.set $t1 (call $start_thread (i32.const 1)))
    (local.set $t2 (call $start_thread (i32.const 2)))
    (drop (call $join (local.get $t1)))
    (drop (call $join (local.get $t2)))
    (i32.atomic.store (i32.const 0x400) (i32.const 1))
    (drop (call $futex_wake_all (i32.const 0x400) (i32.const 0x404)))
    (drop (call $join (local.get $t0)))
    (drop (call $thread_id (i32.const 0x420)))
    (if (i32.ne (i32.load (i32.const 0x420)) (i32.const 1)) (then unreachable))
    (drop (call $par (i32.const 0x420)))
    (if (i32.eqz (i32.load (i32.const 0x420))) (then unreachable))
    (drop (call $sleep (i64.const 1000000)))
    (call $exit (i32.atomic.load (i32.const 0x410))))
)
