// What the function validator needs to know about each opcode, computed
// once from the shared table in runtime/syntax/opcodes.ts: which typing rule
// handles it, and for fixed-signature instructions their parsed signature.

import { OPCODES, PREFIX_ATOMIC, type OpInfo } from '../syntax/opcodes.js';
import { F32, F64, I32, I64, V128, type ValType } from '../syntax/types.js';

/**
 * Typing rules; `Fixed` covers every instruction whose `sig` says it all.
 * A plain enum (not `const`): the validator reads it through a local alias,
 * because per-file transpilers (tsx) turn each cross-module enum access in
 * its big switch into a getter call, which dominated validation time.
 */
export enum Rule {
  Fixed, MemAccess, MemorySize, MemoryGrow, MemoryFill, MemoryCopy, MemoryInit, DataDrop,
  Unreachable, Nop, Block, Loop, If, Else, End, Br, BrIf, BrTable, Return,
  Call, CallIndirect, ReturnCall, ReturnCallIndirect, CallRef, ReturnCallRef,
  Drop, Select, SelectT, LocalGet, LocalSet, LocalTee, GlobalGet, GlobalSet,
  TableGet, TableSet, TableInit, ElemDrop, TableCopy, TableGrow, TableSize, TableFill,
  RefNull, RefIsNull, RefFunc, RefAsNonNull, BrOnNull, BrOnNonNull,
  Throw, ThrowRef, TryTable, Try, Catch, CatchAll, Rethrow, Delegate,
  AtomicFence,
  ContNew, ContBind, Suspend, Resume, ResumeThrow, ResumeThrowRef, Switch,
  Unsupported,
}

export interface OpRule {
  readonly rule: Rule;
  readonly info: OpInfo;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  /** For memory accesses: `params` with the address as i64, for memory64 memories. */
  readonly params64: readonly ValType[];
  readonly atomic: boolean;
}

const BY_NAME: Record<string, Rule> = {
  'unreachable': Rule.Unreachable, 'nop': Rule.Nop, 'block': Rule.Block, 'loop': Rule.Loop,
  'if': Rule.If, 'else': Rule.Else, 'end': Rule.End, 'br': Rule.Br, 'br_if': Rule.BrIf,
  'br_table': Rule.BrTable, 'return': Rule.Return, 'call': Rule.Call,
  'call_indirect': Rule.CallIndirect, 'return_call': Rule.ReturnCall,
  'return_call_indirect': Rule.ReturnCallIndirect, 'call_ref': Rule.CallRef,
  'return_call_ref': Rule.ReturnCallRef, 'drop': Rule.Drop, 'select': Rule.Select,
  'select_t': Rule.SelectT, 'local.get': Rule.LocalGet, 'local.set': Rule.LocalSet,
  'local.tee': Rule.LocalTee, 'global.get': Rule.GlobalGet, 'global.set': Rule.GlobalSet,
  'table.get': Rule.TableGet, 'table.set': Rule.TableSet, 'table.init': Rule.TableInit,
  'elem.drop': Rule.ElemDrop, 'table.copy': Rule.TableCopy, 'table.grow': Rule.TableGrow,
  'table.size': Rule.TableSize, 'table.fill': Rule.TableFill,
  'memory.size': Rule.MemorySize, 'memory.grow': Rule.MemoryGrow, 'memory.fill': Rule.MemoryFill,
  'memory.copy': Rule.MemoryCopy, 'memory.init': Rule.MemoryInit, 'data.drop': Rule.DataDrop,
  'ref.null': Rule.RefNull, 'ref.is_null': Rule.RefIsNull, 'ref.func': Rule.RefFunc,
  'ref.as_non_null': Rule.RefAsNonNull, 'br_on_null': Rule.BrOnNull, 'br_on_non_null': Rule.BrOnNonNull,
  'throw': Rule.Throw, 'throw_ref': Rule.ThrowRef, 'try_table': Rule.TryTable,
  'try': Rule.Try, 'catch': Rule.Catch, 'catch_all': Rule.CatchAll, 'rethrow': Rule.Rethrow,
  'delegate': Rule.Delegate, 'atomic.fence': Rule.AtomicFence,
  'cont.new': Rule.ContNew, 'cont.bind': Rule.ContBind, 'suspend': Rule.Suspend,
  'resume': Rule.Resume, 'resume_throw': Rule.ResumeThrow,
  'resume_throw_ref': Rule.ResumeThrowRef, 'switch': Rule.Switch,
};

const TYPE_NAMES: Record<string, ValType> = { i32: I32, i64: I64, f32: F32, f64: F64, v128: V128 };

function parseTypes(list: string): ValType[] {
  return list.trim().split(/\s+/).filter((s) => s !== '').map((name) => {
    const t = TYPE_NAMES[name];
    if (t === undefined) throw new Error(`opcode table: unknown type name ${name}`);
    return t;
  });
}

function ruleFor(info: OpInfo): Rule {
  if (info.feature === 'simd' || info.feature === 'gc') return Rule.Unsupported;
  const named = BY_NAME[info.name];
  if (named !== undefined) return named;
  if (info.imm === 'memarg') return Rule.MemAccess;
  return info.sig !== '' ? Rule.Fixed : Rule.Unsupported;
}

const NONE: readonly ValType[] = [];
const TABLE = new Map<number, OpRule>();
for (const info of OPCODES) {
  const [p, r] = info.sig === '' ? ['', ''] : info.sig.split('->') as [string, string];
  const params = p ? parseTypes(p) : NONE;
  TABLE.set(info.id, {
    rule: ruleFor(info), info, params,
    results: r ? parseTypes(r) : NONE,
    params64: info.imm === 'memarg' ? [I64, ...params.slice(1)] : params,
    atomic: info.prefix === PREFIX_ATOMIC,
  });
}

// One-byte opcodes, the bulk of any body, are looked up in a dense array.
const ONE_BYTE: (OpRule | undefined)[] = Array.from({ length: 256 }, (_, op) => TABLE.get(op));

export function opRule(op: number): OpRule | undefined {
  return op < 256 ? ONE_BYTE[op] : TABLE.get(op);
}
