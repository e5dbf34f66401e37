// The single source of the interpreter's internal instruction set.
//
// `gen-codes.ts` turns this list into `codes.generated.ts`: a `const enum`
// (so the interpreter's `switch` compiles to dense integer cases), the names
// and the operand shapes used by the disassembler, the debugger and tests.
// Edit this file, then run `npx tsx runtime/exec/gen-codes.ts`; a unit test
// fails when the generated file is stale.
//
// Operand letters (each one Int32 in the code stream):
//   d  destination slot   s  source slot
//        (slots are frame-relative offsets in 32-bit words: slot * 2)
//   i  immediate integer (index, byte offset, bit pattern, count)
//   t  branch target (absolute internal pc)
//   *  a variable tail whose length an earlier immediate gives (br_table)

import { OPCODES } from '../syntax/opcodes.js';

export interface CodeDef {
  readonly name: string;
  readonly operands: string;
}

/** Wasm opcode ids of the numeric instructions that run 1:1 as register ops. */
export const NUMERIC_OPS: ReadonlySet<number> = new Set(
  OPCODES.filter((op) => {
    if (op.imm !== 'none' || op.sig === '' || op.feature === 'threads') return false;
    const [ins, outs] = op.sig.split('->').map((s) => s.trim().split(/\s+/).filter(Boolean)) as [string[], string[]];
    return outs.length === 1 && ins.length > 0;
  }).map((op) => op.id),
);

/** Numeric instructions: a destination and one source per input. */
function numericDefs(): CodeDef[] {
  return OPCODES.filter((op) => NUMERIC_OPS.has(op.id))
    .map((op) => ({ name: op.name, operands: 'd' + 's'.repeat(op.sig.split('->')[0]!.trim().split(/\s+/).length) }));
}

// Loads and stores on memory 0 run inline; other memories go through the
// `load`/`store` codes, which carry the memory index and the access kind.
const MEMORY0: CodeDef[] = OPCODES
  .filter((op) => op.imm === 'memarg' && op.feature === 'core')
  .map((op) => ({ name: op.name, operands: op.sig.endsWith('-> ') ? 'ssi' : 'dsi' }));

const SPECIAL: CodeDef[] = [
  // Moves between slots; a 64-bit move copies two words, never through a float.
  { name: 'mov32', operands: 'ds' },
  { name: 'mov64', operands: 'ds' },
  { name: 'movref', operands: 'ds' },
  { name: 'const32', operands: 'di' },
  { name: 'const64', operands: 'dii' }, // low word, high word
  { name: 'select32', operands: 'dsss' }, // dst, a, b, cond
  { name: 'select64', operands: 'dsss' },
  { name: 'selectref', operands: 'dsss' },
  // Control.
  { name: 'nop', operands: '' },
  { name: 'unreachable', operands: '' },
  { name: 'br', operands: 't' },
  { name: 'br_if', operands: 'st' },
  { name: 'br_unless', operands: 'st' },
  { name: 'br_table', operands: 'si*' }, // cond, count n, then n+1 targets (default last)
  { name: 'return', operands: '' },
  { name: 'call', operands: 'ii' }, // function index, argument base (word offset)
  { name: 'call_indirect', operands: 'iisi' }, // table, canonical type id, element slot, arg base
  { name: 'call_ref', operands: 'si' }, // function reference slot, arg base
  { name: 'return_call', operands: 'ii' },
  { name: 'return_call_indirect', operands: 'iisi' },
  { name: 'return_call_ref', operands: 'si' },
  // Exceptions.
  { name: 'throw', operands: 'ii' }, // tag index, payload base
  { name: 'throw_ref', operands: 's' },
  // Stack switching. Operands are consumed from `base`; results come back at `base`.
  { name: 'cont.new', operands: 'ds' }, // dst, function reference
  { name: 'cont.bind', operands: 'dsii' }, // dst, continuation, argument base, argument count
  { name: 'suspend', operands: 'ii' }, // tag index, payload base
  { name: 'resume', operands: 'siii' }, // continuation, argument base, argument count, resume table
  { name: 'resume_throw', operands: 'siii' }, // continuation, payload base, resume table, tag index
  { name: 'resume_throw_ref', operands: 'ssii' }, // continuation, exnref, result base, resume table
  { name: 'switch', operands: 'siii' }, // target continuation, argument base, argument count, tag index
  // Variables.
  { name: 'global.get32', operands: 'di' },
  { name: 'global.get64', operands: 'di' },
  { name: 'global.getref', operands: 'di' },
  { name: 'global.set32', operands: 'si' },
  { name: 'global.set64', operands: 'si' },
  { name: 'global.setref', operands: 'si' },
  // Memory beyond memory 0, and the bulk / size operations.
  { name: 'load', operands: 'dsiii' }, // dst, addr, offset, memory, wasm opcode
  { name: 'store', operands: 'ssiii' }, // addr, value, offset, memory, wasm opcode
  { name: 'memory.size', operands: 'di' },
  { name: 'memory.grow', operands: 'dsi' },
  { name: 'memory.fill', operands: 'sssi' }, // dst, value, length, memory
  { name: 'memory.copy', operands: 'sssii' }, // dst, src, length, dst memory, src memory
  { name: 'memory.init', operands: 'sssii' }, // dst, src, length, data, memory
  { name: 'data.drop', operands: 'i' },
  // memory64 / table64. Every memory is at most 4 GiB, so a 64-bit effective
  // address that does not fit 32 bits is always out of bounds: `addr64`
  // checks that (trapping otherwise) and hands the exact 32-bit address to the
  // ordinary access, which still does the precise size check. Table indices
  // are narrowed by `index64` to u32, saturating: tables never reach 2^32 - 1
  // elements, so a saturated index is out of bounds exactly when the real one is.
  { name: 'addr64', operands: 'dsii' }, // dst (u32), i64 address, offset low word, offset high word
  { name: 'index64', operands: 'ds' }, // dst (u32), i64 index
  // Bulk memory on 64-bit memories: operands are read as 64-bit where the memory's index type says so.
  { name: 'memory.fill64', operands: 'sssi' }, // dst (i64), value (i32), length (i64), memory
  { name: 'memory.copy64', operands: 'sssiii' }, // dst, src, length, dst memory, src memory, wide mask (1 dst, 2 src, 4 length)
  { name: 'memory.init64', operands: 'sssii' }, // dst (i64), src (i32), length (i32), data, memory
  // Atomics (threads); the wasm opcode selects width and operation.
  { name: 'atomic.load', operands: 'dsiii' }, // dst, addr, offset, memory, wasm opcode
  { name: 'atomic.store', operands: 'ssiii' }, // addr, value, offset, memory, wasm opcode
  { name: 'atomic.rmw', operands: 'dssiii' }, // dst, addr, value, offset, memory, wasm opcode
  { name: 'atomic.cmpxchg', operands: 'dsssiii' }, // dst, addr, expected, replacement, offset, memory, wasm opcode
  { name: 'memory.atomic.notify', operands: 'dssii' }, // dst, addr, count, offset, memory
  { name: 'memory.atomic.wait', operands: 'dsssiii' }, // dst, addr, expected, timeout, offset, memory, wasm opcode
  // Tables.
  { name: 'table.get', operands: 'dsi' },
  { name: 'table.set', operands: 'ssi' }, // index, value, table
  { name: 'table.size', operands: 'di' },
  { name: 'table.grow', operands: 'dssi' }, // dst, init ref, delta, table
  { name: 'table.fill', operands: 'sssi' }, // index, ref, length, table
  { name: 'table.copy', operands: 'sssii' }, // dst, src, length, dst table, src table
  { name: 'table.init', operands: 'sssii' }, // dst, src, length, elem, table
  { name: 'elem.drop', operands: 'i' },
  // References.
  { name: 'ref.null', operands: 'd' },
  { name: 'ref.is_null', operands: 'ds' },
  { name: 'ref.func', operands: 'di' },
  { name: 'ref.as_non_null', operands: 's' },
  { name: 'ref.eq', operands: 'dss' },
  { name: 'br_on_null', operands: 'st' },
  { name: 'br_on_non_null', operands: 'st' },
  // Instructions the engine decodes but does not run yet (atomics):
  // traps with the message at index i of the function's message table.
  { name: 'unsupported', operands: 'i' },
];

// Superinstructions the compiler forms where the operands allow:
//  - an i32 operation whose second operand is a constant takes it inline (`i32.add_ri d a imm`);
//  - a `br_if` (or an `if`) on a comparison just computed branches on the comparison itself.
export const I32_ARITH_RI = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u'] as const;
export const I32_COMPARES = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'] as const;

const FUSED: CodeDef[] = [
  ...I32_ARITH_RI.map((op) => ({ name: `i32.${op}_ri`, operands: 'dsi' })),
  ...I32_COMPARES.map((op) => ({ name: `i32.${op}_ri`, operands: 'dsi' })),
  ...I32_COMPARES.map((op) => ({ name: `br_${op}`, operands: 'sst' })),
  ...I32_COMPARES.map((op) => ({ name: `br_${op}_ri`, operands: 'sit' })),
  { name: 'br_eqz', operands: 'st' },
];

/** Placed by a debugger over the first word of an instruction it keeps aside (CompiledFunc.breaks). */
const DEBUG: CodeDef[] = [{ name: 'break', operands: '' }];

export const CODE_DEFS: readonly CodeDef[] = [...SPECIAL, ...numericDefs(), ...MEMORY0, ...FUSED, ...DEBUG];

/** The enum member name of a code: `i32.add` → `I32_ADD`, `global.get32` → `GLOBAL_GET32`. */
export function codeMemberName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
