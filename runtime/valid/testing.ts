// Helpers for the validator's unit tests: modules from WAT through wabt and
// the binary decoder, and small hand-built IR for what wabt cannot spell
// (typed function references, stack switching).

import wabtInit from 'wabt';
import { decodeModule } from '../binary/decode.js';
import { emptyModule, type Func, type Instr, type Module } from '../syntax/module.js';
import { Op } from '../syntax/opcodes.js';
import type { SubType, ValType } from '../syntax/types.js';

type Wabt = Awaited<ReturnType<typeof wabtInit>>;
let wabt: Wabt | undefined;

const FEATURES = {
  exceptions: true, tail_call: true, multi_memory: true, memory64: true,
  reference_types: true, bulk_memory: true, threads: true, extended_const: true,
};

/** WAT → binary (wabt) → Module IR (our decoder). */
export async function watModule(src: string): Promise<Module> {
  wabt ??= await wabtInit();
  const parsed = wabt.parseWat('test.wat', src, FEATURES);
  try {
    return decodeModule(parsed.toBinary({}).buffer);
  } finally {
    parsed.destroy();
  }
}

/** One instruction by text name, with immediates. */
export function ins(name: string, fields: Partial<Instr> = {}): Instr {
  const op = Op[name];
  if (op === undefined) throw new Error(`no opcode ${name}`);
  return { op, index: 0, index2: 0, offset: 0, ...fields };
}

export function funcType(params: ValType[], results: ValType[], supertypes: number[] = [], final = true): SubType {
  return { final, supertypes, composite: { kind: 'func', func: { params, results } } };
}

export function contType(funcTypeIndex: number): SubType {
  return { final: true, supertypes: [], composite: { kind: 'cont', funcTypeIndex } };
}

/** A defined function; `body` gets its final `end` appended. */
export function func(typeIndex: number, body: Instr[], locals: ValType[] = []): Func {
  return { typeIndex, locals, body: [...body, ins('end')], bodyOffset: 0, bodyEnd: 0 };
}

export function module(parts: Partial<Module>): Module {
  const m = { ...emptyModule(), ...parts };
  if (m.recGroups.length === 0) m.recGroups = m.types.map((_, i) => ({ start: i, count: 1 }));
  return m;
}
