// Test support for the binary codec tests: binaries from text via wabt (the
// oracle), binaries from raw bytes, and module comparison without offsets.

import wabtInit from 'wabt';
import type { Module } from '../syntax/module.js';

type Wabt = Awaited<ReturnType<typeof wabtInit>>;
let wabt: Wabt | undefined;

/** Loads wabt; call from a `before` hook. */
export async function loadWabt(): Promise<void> {
  wabt ??= await wabtInit();
}
const FEATURES = {
  exceptions: true, tail_call: true, threads: true, multi_memory: true, memory64: true,
  function_references: true, bulk_memory: true, reference_types: true,
};

export function wat(src: string, names = false): Uint8Array {
  if (!wabt) throw new Error('loadWabt() first');
  const mod = wabt.parseWat('test.wat', src, FEATURES);
  try {
    return new Uint8Array(mod.toBinary({ write_debug_names: names }).buffer);
  } finally {
    mod.destroy();
  }
}

/** The module header followed by raw section bytes. */
export function bin(...parts: (number[] | string)[]): Uint8Array {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  // A loop, not push(...part): parts can be megabytes, beyond the argument limit.
  for (const p of parts) for (const b of typeof p === 'string' ? Buffer.from(p, 'latin1') : p) out.push(b);
  return Uint8Array.from(out);
}

/** A section: id, size, contents. */
export function section(id: number, ...contents: number[]): number[] {
  return [id, contents.length, ...contents];
}

/** The module with everything that depends on byte positions removed, for comparisons. */
export function stripOffsets(m: Module): unknown {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, walk(x)]));
    if (v instanceof Uint8Array) return [...v];
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      const isInstr = 'op' in v;
      for (const [k, x] of Object.entries(v)) {
        if (isInstr && k === 'offset') continue;
        if (k === 'bodyOffset' || k === 'bodyEnd') continue;
        o[k] = walk(x);
      }
      return o;
    }
    return v;
  };
  const copy = walk(m) as { customs: { offset?: number; name: string; bytes?: unknown }[] };
  for (const c of copy.customs) {
    delete c.offset;
    if (c.name === 'name') delete c.bytes; // compared through `names`
  }
  return copy;
}

export const KITCHEN_SINK = `(module $m
 (type $t (func (param i32) (result i32)))
 (type $v (func))
 (import "m" "f" (func $imp (type $t)))
 (import "m" "t" (table 1 funcref))
 (import "m" "mem" (memory 1 10 shared))
 (import "m" "g" (global $ig i32))
 (import "m" "tag" (tag $e (param i32)))
 (memory $m1 1 2) (memory $m2 i64 1)
 (table $tt 3 10 funcref)
 (table $te 0 externref)
 (tag $e2)
 (global $g (mut i32) (i32.const 42))
 (global $gf f32 (f32.const -1.5))
 (global $gd f64 (f64.const nan:0x4))
 (global $gi i64 (i64.const -9223372036854775808))
 (export "mem" (memory $m1)) (export "g" (global $g)) (export "tt" (table $tt)) (export "e2" (tag $e2))
 (func $f (export "f") (param $p i32) (result i32) (local $x i64) (local f32 f32)
   (block $blk (result i32) (local.get 0) (i32.load $m1 offset=4 align=2) (br 0))
   (if (result i32) (i32.const 1) (then (i32.const 2)) (else (i32.const 3))) i32.add
   (loop $l (br_if $l (i32.const 0)))
   (i64.const -1) drop (f64.const 1.5) drop
   (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
   atomic.fence
   (drop (memory.atomic.notify $m1 offset=8 (i32.const 0) (i32.const 1)))
   (drop (i64.load $m2 offset=0x1_0000_0000 (i64.const 0)))
   (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 0)) (data.drop 0)
   (memory.copy $m1 $m1 (i32.const 0) (i32.const 0) (i32.const 0))
   (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))
   (drop (memory.size $m2)) (drop (memory.grow (i32.const 0)))
   (table.init 0 (i32.const 0) (i32.const 0) (i32.const 0)) (elem.drop 0)
   (table.copy $tt $tt (i32.const 0) (i32.const 0) (i32.const 0))
   (drop (table.grow $tt (ref.null func) (i32.const 1))) (drop (table.size $tt))
   (call_indirect (type $t) (i32.const 0) (i32.const 0)) drop
   (try_table (catch $e 0) (catch_all 0))
   (block (result exnref) (try_table (catch_all_ref 0)) (ref.null exn)) drop
   (block (br_table 0 0 0 (i32.const 0)))
   (drop (select (result i32) (i32.const 1) (i32.const 2) (i32.const 3)))
   (drop (select (i32.const 1) (i32.const 2) (i32.const 3)))
   (drop (ref.null func)) (drop (ref.func $f)) (drop (ref.is_null (ref.null extern)))
   (drop (i32.trunc_sat_f32_s (f32.const 0)))
   (drop (i64.extend32_s (i64.const 5)))
   (global.set $g (i32.const 7))
   (local.set $x (i64.const 0x7fffffffffffffff))
   (local.tee $p (i32.const -2147483648)) drop
   (call $imp (i32.const 0)) drop
   (return_call $f (i32.const 0)))
 (func $g2 (throw $e2))
 (func $g3 (param i32) (result i32) (return_call_indirect (type $t) (local.get 0) (i32.const 0)))
 (start $g2)
 (elem (i32.const 0) $f $imp)
 (elem func $f)
 (elem declare func $g2)
 (elem (table $tt) (i32.const 1) funcref (ref.func $f) (ref.null func))
 (elem externref (ref.null extern))
 (data (i32.const 8) "hello")
 (data "passive")
 (data (memory $m2) (i64.const 0) "x"))`;

