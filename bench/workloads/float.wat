;; Floating-point arithmetic: escape-time iterations over a grid of points
;; (Mandelbrot), in f64, with an f32 accumulator for good measure.
(module
  (func $escape (param $cr f64) (param $ci f64) (result i32)
    (local $zr f64) (local $zi f64) (local $t f64) (local $k i32)
    (block $done
      (loop $iter
        (br_if $done (i32.ge_u (local.get $k) (i32.const 64)))
        (br_if $done (f64.gt (f64.add (f64.mul (local.get $zr) (local.get $zr))
                                      (f64.mul (local.get $zi) (local.get $zi)))
                             (f64.const 4)))
        (local.set $t (f64.add (f64.sub (f64.mul (local.get $zr) (local.get $zr))
                                        (f64.mul (local.get $zi) (local.get $zi)))
                               (local.get $cr)))
        (local.set $zi (f64.add (f64.mul (f64.mul (f64.const 2) (local.get $zr)) (local.get $zi))
                                (local.get $ci)))
        (local.set $zr (local.get $t))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $iter)))
    (local.get $k))
  (func (export "run") (param $size i32) (result i64)
    (local $x i32) (local $y i32) (local $total i32) (local $f f32)
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $y) (local.get $size)))
        (local.set $x (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $x) (local.get $size)))
            (local.set $total (i32.add (local.get $total)
              (call $escape
                (f64.sub (f64.div (f64.mul (f64.convert_i32_u (local.get $x)) (f64.const 3)) (f64.convert_i32_u (local.get $size))) (f64.const 2))
                (f64.sub (f64.div (f64.mul (f64.convert_i32_u (local.get $y)) (f64.const 2)) (f64.convert_i32_u (local.get $size))) (f64.const 1)))))
            (local.set $f (f32.add (local.get $f) (f32.sqrt (f32.convert_i32_u (local.get $total)))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $cols)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows)))
    (i64.add (i64.extend_i32_u (local.get $total)) (i64.trunc_sat_f32_u (local.get $f)))))
