// Helpers shared by the text-format tests: error assertions, structural
// comparison of modules, and wabt (the oracle) for .wat → binary.

import assert from 'node:assert/strict';
import wabtInit from 'wabt';
import { CompileError } from '../errors.js';
import type { Module } from '../syntax/module.js';

type Wabt = Awaited<ReturnType<typeof wabtInit>>;
let wabt: Wabt | undefined;

export async function loadWabt(): Promise<void> {
  wabt ??= await wabtInit();
}

const FEATURES = {
  exceptions: true, tail_call: true, threads: true, multi_memory: true, function_references: true,
  memory64: true, extended_const: true, bulk_memory: true, reference_types: true, gc: true,
} as const;

/** wabt's binary for `src` (names section not written). */
export function wabtBinary(src: string): Uint8Array {
  if (!wabt) throw new Error('call loadWabt() in before()');
  const m = wabt.parseWat('test.wat', src, FEATURES as unknown as Record<string, boolean>);
  try {
    // No m.validate(): wabt's JS build rejects shared memories even with threads on.
    m.resolveNames();
    return m.toBinary({}).buffer;
  } finally {
    m.destroy();
  }
}

/** Asserts that `fn` throws a malformed-text CompileError containing `message`, at `line:column` when given. */
export function assertMalformed(fn: () => unknown, message: string, line?: number, column?: number): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof CompileError, `not a CompileError: ${String(e)}`);
    assert.equal(e.kind, 'malformed', e.message);
    assert.ok(e.message.includes(message), `"${e.message}" does not contain "${message}"`);
    if (line !== undefined) {
      assert.equal(e.location?.kind, 'text');
      if (e.location?.kind === 'text') {
        assert.equal(e.location.span.line, line, `line of "${e.message}"`);
        if (column !== undefined) assert.equal(e.location.span.column, column, `column of "${e.message}"`);
      }
    }
    return true;
  });
}

/**
 * A canonical JSON form of a module for comparisons: keys sorted, bigints and
 * bytes spelled out, and everything positional (spans, offsets) or cosmetic
 * (names, custom sections) left out.
 */
export function structure(m: Module): string {
  return JSON.stringify({ ...m, names: undefined, customs: undefined }, (k, v: unknown) => {
    if (k === 'span' || (k === 'offset' && typeof v === 'number') || k === 'bodyOffset' || k === 'bodyEnd') return undefined;
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Uint8Array) return Array.from(v).join(',');
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((key) => [key, o[key]]));
    }
    return v;
  });
}
