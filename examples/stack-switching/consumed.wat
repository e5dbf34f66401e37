;; Continuations are one-shot: resuming one twice is a trap, "continuation
;; already consumed", reported without running anything of the second resume.
(module $consumed
  (type $ft (func (result i32)))
  (type $ct (cont $ft))
  (func $answer (result i32) (i32.const 42))
  (elem declare func $answer)
  (func (export "_start") (result i32)
    (local $k (ref null $ct))
    (local.set $k (cont.new $ct (ref.func $answer)))
    (drop (resume $ct (local.get $k)))   ;; fine: 42
    (resume $ct (local.get $k))))         ;; the same continuation again: trap
