;; Async/await on continuations. A task `await`s a request by suspending
;; $await with the request's id; the event loop parks the task under that id
;; and, as requests complete, resumes the task with the result. Requests here
;; complete highest id first (the result of request n is n*n), so tasks finish
;; out of the order they started in.
;; Prints the order tasks finished in (as decimal digits) and the sum of their results.
(module $async
  (type $task_ft (func (param i32)))
  (type $task_ct (cont $task_ft))
  (tag $await (param i32) (result i32))

  (global $finished (mut i64) (i64.const 0))
  (global $total (mut i32) (i32.const 0))
  (func $done (param $task i32) (param $result i32)
    (global.set $finished (i64.add (i64.mul (global.get $finished) (i64.const 10)) (i64.extend_i32_u (local.get $task))))
    (global.set $total (i32.add (global.get $total) (local.get $result))))

  (func $await (param $request i32) (result i32)
    (suspend $await (local.get $request)))

  ;; Three tasks; the parameter is the value they are first resumed with (unused).
  (func $task1 (param i32) (call $done (i32.const 1) (i32.add (call $await (i32.const 1)) (call $await (i32.const 5)))))
  (func $task2 (param i32) (call $done (i32.const 2) (i32.add (call $await (i32.const 3)) (call $await (i32.const 2)))))
  (func $task3 (param i32) (call $done (i32.const 3) (call $await (i32.const 4))))
  (elem declare func $task1 $task2 $task3)

  ;; Tasks waiting, by request id.
  (table $waiting 8 (ref null $task_ct))

  ;; Runs `k` with `v` until it awaits (parked) or finishes.
  (func $step (param $k (ref null $task_ct)) (param $v i32)
    (local $request i32)
    (block $on_await (result i32 (ref $task_ct))
      (resume $task_ct (on $await $on_await) (local.get $v) (local.get $k))
      (return))
    (local.set $k)
    (local.set $request)
    (table.set $waiting (local.get $request) (local.get $k)))

  (func (export "_start") (result i64 i32)
    (local $id i32) (local $k (ref null $task_ct))
    (call $step (cont.new $task_ct (ref.func $task1)) (i32.const 0))
    (call $step (cont.new $task_ct (ref.func $task2)) (i32.const 0))
    (call $step (cont.new $task_ct (ref.func $task3)) (i32.const 0))
    ;; The event loop: complete the highest pending request, until none is left.
    (loop $poll
      (local.set $id (i32.const 7))
      (block $found
        (loop $scan
          (br_if $found (i32.eqz (ref.is_null (table.get $waiting (local.get $id)))))
          (br_if $scan (i32.ge_s (local.tee $id (i32.sub (local.get $id) (i32.const 1))) (i32.const 0))))
        (return (global.get $finished) (global.get $total)))
      (local.set $k (table.get $waiting (local.get $id)))
      (table.set $waiting (local.get $id) (ref.null $task_ct))
      (call $step (local.get $k) (i32.mul (local.get $id) (local.get $id)))
      (br $poll))
    (unreachable)))
