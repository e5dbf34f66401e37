;; x
;; A grammar sample, not a valid module: it touches every instruction family
;; and every script command so the token tests can point at them.
(; a block comment (; nested ;) still a comment ;) (; closed ;)
(@custom "producers" (after code) "\00\01")

(module $m
  (rec
    (type $ft (func (param i32) (result i32)))
    (type $ct (cont $ft))
    (type $point (sub final (struct (field $x (mut i32)) (field $y i64))))
    (type $bytes (array (mut i8)))
    (type $shorts (array i16)))
  (import "env" "print" (func $print (param i32)))
  (import "env" "mem" (memory $shared 1 10 shared))
  (memory $mem i64 1 (pagesize 65536))
  (table $tab 10 funcref)
  (global $g (mut i32) (i32.const 0x2a))
  (global $fg f64 (f64.const -0x1.8p+3))
  (tag $yield (param i32) (result i32))
  (tag $exn (param i32))
  (elem $e declare func $gen)
  (elem $active (table $tab) (offset (i32.const 0)) func $gen)
  (data $d (memory $mem) (i64.const 16) "a\nb" "\t\\\'\"\ff\u{1F600}" "bad\q")
  (export "gen" (func $gen))
  (start $main)

  (func $gen (type $ft) (param $n i32) (result i32) (local $i i32) (local $r (ref null $point))
    ;; control
    block $done (result i32)
      loop $again
        local.get $n
        br_if $done
        br $again
      end
      nop
      unreachable
    end
    (if (result i32) (local.get $n) (then (i32.const 1)) (else (i32.const 2)))
    br_table 0 1 $done
    drop
    select
    select (result i32)
    call $print
    call_indirect $tab (type $ft)
    call_ref $ft
    return_call $gen
    return_call_indirect (type $ft)
    return_call_ref $ft
    return)

  (func $variables
    local.set $i
    local.tee $i
    global.get $g
    global.set $g)

  (func $memory
    i32.load offset=8 align=4
    i64.load8_s $mem offset=0x10
    f32.store
    i64.store32 align=4
    memory.size
    memory.grow $mem
    memory.init $d
    memory.copy
    memory.fill
    data.drop $d)

  (func $tables
    table.get $tab
    table.set $tab
    table.size
    table.grow
    table.fill
    table.copy
    table.init $e
    elem.drop $e)

  (func $threads
    memory.atomic.notify
    memory.atomic.wait32 offset=4
    memory.atomic.wait64
    atomic.fence
    i32.atomic.load
    i64.atomic.store32
    i32.atomic.rmw.add
    i64.atomic.rmw16.xor_u
    i32.atomic.rmw8.cmpxchg_u
    i64.atomic.rmw.xchg)

  (func $numeric
    i32.const -1_000
    i64.const 0xFFFF_FFFF
    f32.const 1.5e-10
    f32.const -nan:0x7fc00000
    f64.const +inf
    f64.const nan
    f32.const 0x1p-149
    i32.add i32.eqz i32.popcnt i32.rotl
    i64.div_u i64.shr_s i64.extend8_s
    f32.sqrt f32.copysign
    f64.nearest f64.min
    i32.frobnicate)

  (func $conversions
    i32.wrap_i64
    i64.extend_i32_u
    i32.trunc_sat_f64_s
    f32.demote_f64
    f64.promote_f32
    f32.convert_i64_u
    i64.reinterpret_f64
    get_local 0)

  (func $references
    ref.null func
    ref.null $point
    ref.func $gen
    ref.is_null
    ref.as_non_null
    ref.eq
    ref.test (ref null $point)
    ref.cast (ref i31)
    ref.i31
    i31.get_s
    i31.get_u
    any.convert_extern
    extern.convert_any
    br_on_null $done
    br_on_non_null $done
    br_on_cast $done anyref (ref $point)
    br_on_cast_fail $done anyref (ref null $point))

  (func $gc
    struct.new $point
    struct.new_default $point
    struct.get $point $x
    struct.get_s $point 0
    struct.set $point $y
    array.new $bytes
    array.new_fixed $bytes 3
    array.new_data $bytes $d
    array.get_u $bytes
    array.len
    array.copy $bytes $bytes
    array.init_elem $shorts $e)

  (func $exceptions
    (try_table $h (result i32) (catch $exn $done) (catch_ref $exn $done) (catch_all $done) (catch_all_ref $done)
      (throw $exn (i32.const 1)))
    throw_ref
    try $legacy
      nop
    catch $exn
      rethrow $legacy
    catch_all
      nop
    delegate 0)

  (func $switching (param $k (ref $ct))
    (cont.new $ct (ref.func $gen))
    cont.bind $ct $ct
    (resume $ct (on $yield $h) (on $exn switch) (local.get $k))
    resume_throw $ct $exn (on $yield $h)
    resume_throw_ref $ct (on $yield $h)
    suspend $yield
    switch $ct $yield)

  (func $simd (result v128)
    v128.const i32x4 1 2 3 4
    v128.const f64x2 0.5 -inf
    v128.load offset=16
    v128.store8_lane 0 15
    v128.bitselect
    i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
    i8x16.swizzle
    i16x8.extmul_low_i8x16_s
    i32x4.dot_i16x8_s
    i64x2.extract_lane 1
    f32x4.relaxed_madd
    f64x2.promote_low_f32x4
    i32x4.relaxed_trunc_f64x2_u_zero)

  (func $types (param $a i32) (param i64 f32 f64 v128)
    (param externref anyref eqref i31ref structref arrayref exnref)
    (param nullref nullfuncref nullexternref nullexnref contref nullcontref)
    (param (ref extern) (ref any) (ref eq) (ref struct) (ref array) (ref none))
    (param (ref nofunc) (ref noextern) (ref exn) (ref noexn) (ref cont) (ref nocont))
    (local $"quoted id" i32)
    local.get $"quoted id")
)

(module binary "\00asm" "\01\00\00\00")
(module quote "(func)")
(module definition $M (func))
(module instance $I $M)
(register "m" $m)
(assert_return (invoke $m "gen" (i32.const 1)) (i32.const 2))
(assert_return (invoke "f") (f32.const nan:canonical) (either (f64.const nan:arithmetic) (ref.extern 1)))
(assert_return (get $m "g") (ref.null))
(assert_trap (invoke "trap") "unreachable")
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_malformed (module quote "(func") "unexpected end")
(assert_unlinkable (module (import "x" "y" (func))) "unknown import")
(assert_uninstantiable (module (start 0)) "unreachable")
(assert_exhaustion (invoke "loop") "call stack exhausted")
(assert_exception (invoke "throw"))
(assert_suspension (invoke "suspend") "unhandled")
(assert_malformed_custom (module quote "(@custom)") "malformed custom section")
(assert_invalid_custom (module quote "(@custom \"x\" (before xyz))") "malformed placement")
((@a) module (@a) $ann ((@a) func (@a) $f ((@a) param (@a) i32) (@a) i32.add))
(thread $T (shared (module $m)) (invoke "spawn"))
(wait $T)
