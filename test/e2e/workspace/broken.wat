;; A module with one mistake, for the language server's diagnostics.
(module
  (func $ok (result i32)
    (i32.const 1))
  (func $bad (result i32)
    (i32.add (i32.const 1) (local.get $nope))))
