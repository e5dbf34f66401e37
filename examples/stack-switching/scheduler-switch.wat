;; The cooperative scheduler of scheduler.wat, with `switch`: a task that
;; yields hands the processor straight to the next task in the queue (one
;; stack switch instead of two through the scheduler). The scheduler only
;; installs the `(on $yield switch)` handler and restarts the queue when a
;; task finishes. Same tasks, same interleaving, same log.
(module $scheduler_switch
  (rec
    (type $task_ft (func (param (ref null $task_ct))))
    (type $task_ct (cont $task_ft)))
  (type $spawn_ft (func (param i32 i32 (ref null $task_ct))))
  (type $spawn_ct (cont $spawn_ft))
  (tag $yield)

  (global $log (mut i64) (i64.const 0))
  (func $log (param $id i32)
    (global.set $log (i64.add (i64.mul (global.get $log) (i64.const 10)) (i64.extend_i32_u (local.get $id)))))

  (table $queue 8 (ref null $task_ct))
  (global $head (mut i32) (i32.const 0))
  (global $tail (mut i32) (i32.const 0))
  (func $enqueue (param $k (ref null $task_ct))
    (table.set $queue (global.get $tail) (local.get $k))
    (global.set $tail (i32.and (i32.add (global.get $tail) (i32.const 1)) (i32.const 7))))
  (func $dequeue (result (ref null $task_ct))
    (local $k (ref null $task_ct))
    (if (i32.eq (global.get $head) (global.get $tail)) (then (return (ref.null $task_ct))))
    (local.set $k (table.get $queue (global.get $head)))
    (global.set $head (i32.and (i32.add (global.get $head) (i32.const 1)) (i32.const 7)))
    (local.get $k))

  ;; A task is entered with the continuation of the task that switched to it
  ;; (null when the scheduler resumed it) and queues that one. To yield it
  ;; switches to the next queued task; when done it returns, which ends the
  ;; scheduler's resume, and the scheduler starts whatever is queued next.
  (func $task (param $id i32) (param $steps i32) (param $from (ref null $task_ct))
    (local $next (ref null $task_ct))
    (loop $step
      (if (i32.eqz (ref.is_null (local.get $from))) (then (call $enqueue (local.get $from))))
      (call $log (local.get $id))
      (br_if 1 (i32.eqz (local.tee $steps (i32.sub (local.get $steps) (i32.const 1)))))
      (local.set $from (ref.null $task_ct))
      (br_if $step (ref.is_null (local.tee $next (call $dequeue)))) ;; nobody else: keep running
      (local.set $from (switch $task_ct $yield (local.get $next)))
      (br $step)))
  (elem declare func $task)

  (func $spawn (param $id i32) (param $steps i32)
    (call $enqueue
      (cont.bind $spawn_ct $task_ct (local.get $id) (local.get $steps) (cont.new $spawn_ct (ref.func $task)))))

  (func (export "_start") (result i64)
    (local $k (ref null $task_ct))
    (call $spawn (i32.const 1) (i32.const 3))
    (call $spawn (i32.const 2) (i32.const 1))
    (call $spawn (i32.const 3) (i32.const 2))
    (block $idle
      (loop $run
        (br_if $idle (ref.is_null (local.tee $k (call $dequeue))))
        (resume $task_ct (on $yield switch) (ref.null $task_ct) (local.get $k))
        (br $run)))
    (global.get $log)))
