;; A cooperative scheduler: tasks are continuations in a round-robin queue.
;; A task `suspend`s $yield to give up the processor; the scheduler puts it
;; back at the end of the queue. Each step a task takes appends its id to a
;; decimal log, so the result shows the interleaving: task 1 takes 3 steps,
;; task 2 one, task 3 two.
(module $scheduler
  (type $task_ft (func))
  (type $task_ct (cont $task_ft))
  (type $spawn_ft (func (param i32 i32)))
  (type $spawn_ct (cont $spawn_ft))
  (tag $yield)

  (global $log (mut i64) (i64.const 0))
  (func $log (param $id i32)
    (global.set $log (i64.add (i64.mul (global.get $log) (i64.const 10)) (i64.extend_i32_u (local.get $id)))))

  ;; A task: `steps` times, log the id and yield.
  (func $task (param $id i32) (param $steps i32)
    (loop $step
      (call $log (local.get $id))
      (suspend $yield)
      (br_if $step (local.tee $steps (i32.sub (local.get $steps) (i32.const 1))))))
  (elem declare func $task)

  ;; The run queue: a ring of continuations.
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
        (block $on_yield (result (ref $task_ct))
          (resume $task_ct (on $yield $on_yield) (local.get $k))
          (br $run)) ;; the task finished
        (call $enqueue)
        (br $run)))
    (global.get $log)))
