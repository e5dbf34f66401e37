// Text for hovers and outline details: a definition written back in WAT
// notation from the parsed module (so `(type $t)` uses show their real
// signature), with names where the module has them.

import { funcTypeIndex, importCounts, type Module } from '../../runtime/syntax/module.js';
import {
  type FieldType, type FuncType, heapTypeIndex, I16, I8, isConcreteHeap, isRef, refHeap,
  refNullable, type SubType, type ValType, valTypeToString,
} from '../../runtime/syntax/types.js';
import type { ImmKind } from '../../runtime/syntax/opcodes.js';
import type { SymbolDef } from './model.js';

function typeRef(m: Module, index: number): string {
  const name = m.names.types.get(index);
  return name !== undefined ? `$${name}` : String(index);
}

export function valType(m: Module, t: ValType): string {
  if (t === I8) return 'i8';
  if (t === I16) return 'i16';
  if (!isRef(t)) return valTypeToString(t);
  const h = refHeap(t);
  if (!isConcreteHeap(h)) return valTypeToString(t);
  return `(ref ${refNullable(t) ? 'null ' : ''}${typeRef(m, heapTypeIndex(h))})`;
}

function fieldType(m: Module, f: FieldType): string {
  return f.mutable ? `(mut ${valType(m, f.type)})` : valType(m, f.type);
}

/** `(param $a i32) (param $b i32) (result i32)`, naming params when `names` has them. */
export function signature(m: Module, ft: FuncType, names?: ReadonlyMap<number, string>): string {
  const parts: string[] = [];
  if (names && names.size > 0) {
    ft.params.forEach((p, i) => {
      const name = names.get(i);
      parts.push(name !== undefined ? `(param $${name} ${valType(m, p)})` : `(param ${valType(m, p)})`);
    });
  } else if (ft.params.length > 0) {
    parts.push(`(param ${ft.params.map((p) => valType(m, p)).join(' ')})`);
  }
  if (ft.results.length > 0) parts.push(`(result ${ft.results.map((r) => valType(m, r)).join(' ')})`);
  return parts.join(' ');
}

function funcTypeOf(m: Module, typeIndex: number): FuncType | undefined {
  const t = m.types[typeIndex];
  return t?.composite.kind === 'func' ? t.composite.func : undefined;
}

function subType(m: Module, t: SubType): string {
  const c = t.composite;
  let body: string;
  switch (c.kind) {
    case 'func': body = `(func${withSpace(signature(m, c.func))})`; break;
    case 'struct': body = `(struct${c.fields.map((f) => ` (field ${fieldType(m, f)})`).join('')})`; break;
    case 'array': body = `(array ${fieldType(m, c.element)})`; break;
    case 'cont': body = `(cont ${typeRef(m, c.funcTypeIndex)})`; break;
  }
  if (t.final && t.supertypes.length === 0) return body;
  return `(sub${t.final ? ' final' : ''}${t.supertypes.map((s) => ` ${typeRef(m, s)}`).join('')} ${body})`;
}

function withSpace(s: string): string {
  return s ? ` ${s}` : '';
}

function limits(min: number, max: number | undefined): string {
  return max === undefined ? String(min) : `${min} ${max}`;
}

/** The nth entity of an index space, imported or defined. */
function entity<T>(m: Module, kind: 'func' | 'table' | 'memory' | 'global' | 'tag', index: number, defined: readonly T[]):
  { imported: { module: string; name: string; desc: Module['imports'][number]['desc'] } } | { defined: T } | undefined {
  let n = 0;
  for (const imp of m.imports) {
    if (imp.desc.kind !== kind) continue;
    if (n === index) return { imported: imp };
    n++;
  }
  const d = defined[index - n];
  return d === undefined ? undefined : { defined: d };
}

function importNote(m: Module, kind: string, index: number): string {
  let n = 0;
  for (const imp of m.imports) {
    if (imp.desc.kind !== kind) continue;
    if (n++ === index) return `\n\nimported from "${imp.module}" "${imp.name}"`;
  }
  return '';
}

function exportNote(m: Module, kind: string, index: number): string {
  const names = m.exports.filter((e) => e.kind === kind && e.index === index).map((e) => `"${e.name}"`);
  return names.length ? `\n\nexported as ${names.join(', ')}` : '';
}

/** The local types of function `funcIndex`: its parameters, then its declared locals. */
function localTypes(m: Module, funcIndex: number): { params: readonly ValType[]; locals: readonly ValType[] } | undefined {
  let ti: number;
  try { ti = funcTypeIndex(m, funcIndex); } catch { return undefined; }
  const ft = funcTypeOf(m, ti);
  const f = m.funcs[funcIndex - importCounts(m).funcs];
  return ft ? { params: ft.params, locals: f?.locals ?? [] } : undefined;
}

/** WAT-like text for a definition; `m` is its module when one parsed. Returns [code, note]. */
export function describeDef(d: SymbolDef, m: Module | undefined): { code: string; note: string } {
  const fallback = { code: `${d.space} ${d.name}`, note: '' };
  if (d.space === 'label') {
    return { code: `${d.detail.kind === 'label' ? d.detail.opener : 'block'} ${d.name}`, note: 'label' };
  }
  if (!m) return fallback;
  switch (d.space) {
    case 'func': {
      let ti: number;
      try { ti = funcTypeIndex(m, d.index); } catch { return fallback; }
      const ft = funcTypeOf(m, ti);
      if (!ft) return fallback;
      const sig = signature(m, ft, m.names.locals.get(d.index));
      return { code: `(func ${d.name}${withSpace(sig)})`, note: importNote(m, 'func', d.index) + exportNote(m, 'func', d.index) };
    }
    case 'local': {
      const lt = d.owner === undefined ? undefined : localTypes(m, d.owner);
      if (!lt) return fallback;
      const isParam = d.index < lt.params.length;
      const t = isParam ? lt.params[d.index] : lt.locals[d.index - lt.params.length];
      if (t === undefined) return fallback;
      return { code: `(${isParam ? 'param' : 'local'} ${d.name} ${valType(m, t)})`, note: `local ${d.index}` };
    }
    case 'global': {
      const g = entity(m, 'global', d.index, m.globals);
      const type = g && ('defined' in g ? g.defined.type : g.imported.desc.kind === 'global' ? g.imported.desc.type : undefined);
      if (!type) return fallback;
      const t = type.mutable ? `(mut ${valType(m, type.type)})` : valType(m, type.type);
      return { code: `(global ${d.name} ${t})`, note: importNote(m, 'global', d.index) + exportNote(m, 'global', d.index) };
    }
    case 'type': {
      const t = m.types[d.index];
      return t ? { code: `(type ${d.name} ${subType(m, t)})`, note: `type ${d.index}` } : fallback;
    }
    case 'field': {
      const t = d.owner === undefined ? undefined : m.types[d.owner];
      const f = t?.composite.kind === 'struct' ? t.composite.fields[d.index] : undefined;
      return f ? { code: `(field ${d.name} ${fieldType(m, f)})`, note: `field ${d.index} of ${typeRef(m, d.owner!)}` } : fallback;
    }
    case 'table': {
      const t = entity(m, 'table', d.index, m.tables);
      const type = t && ('defined' in t ? t.defined.type : t.imported.desc.kind === 'table' ? t.imported.desc.type : undefined);
      if (!type) return fallback;
      return { code: `(table ${d.name}${type.index64 ? ' i64' : ''} ${limits(type.min, type.max)} ${valType(m, type.elem)})`, note: importNote(m, 'table', d.index) + exportNote(m, 'table', d.index) };
    }
    case 'memory': {
      const t = entity(m, 'memory', d.index, m.memories);
      const type = t && ('defined' in t ? t.defined : t.imported.desc.kind === 'memory' ? t.imported.desc.type : undefined);
      if (!type) return fallback;
      return { code: `(memory ${d.name}${type.index64 ? ' i64' : ''} ${limits(type.min, type.max)}${type.shared ? ' shared' : ''})`, note: importNote(m, 'memory', d.index) + exportNote(m, 'memory', d.index) };
    }
    case 'tag': {
      const t = entity(m, 'tag', d.index, m.tags);
      const ti = t && ('defined' in t ? t.defined.typeIndex : t.imported.desc.kind === 'tag' ? t.imported.desc.typeIndex : undefined);
      const ft = ti === undefined ? undefined : funcTypeOf(m, ti);
      if (!ft) return fallback;
      return { code: `(tag ${d.name}${withSpace(signature(m, ft))})`, note: importNote(m, 'tag', d.index) + exportNote(m, 'tag', d.index) };
    }
    case 'elem': {
      const e = m.elems[d.index];
      return e ? { code: `(elem ${d.name} ${valType(m, e.type)})`, note: `${e.mode.kind} segment, ${e.items.length} item(s)` } : fallback;
    }
    case 'data': {
      const s = m.datas[d.index];
      return s ? { code: `(data ${d.name})`, note: `${s.mode.kind} segment, ${s.bytes.length} byte(s)` } : fallback;
    }
  }
  return fallback;
}

const IMM_TEXT: Partial<Record<ImmKind, string>> = {
  label: 'label', brTable: 'label* label', func: 'funcidx', type: 'typeidx', callIndirect: 'tableidx? (type typeidx)',
  local: 'localidx', global: 'globalidx', table: 'tableidx?', memory: 'memidx?', memarg: 'memidx? offset=? align=?',
  i32: 'i32 literal', i64: 'i64 literal', f32: 'f32 literal', f64: 'f64 literal', heapType: 'heaptype',
  tag: 'tagidx', block: 'label? blocktype', tryTable: 'label? blocktype catch*', tableInit: 'tableidx? elemidx',
  tableCopy: 'tableidx tableidx', memoryInit: 'memidx? dataidx', memoryCopy: 'memidx memidx', data: 'dataidx',
  elem: 'elemidx', typeField: 'typeidx fieldidx', typeLen: 'typeidx u32', typeData: 'typeidx dataidx',
  typeElem: 'typeidx elemidx', typeType: 'typeidx typeidx', resume: 'typeidx (on …)*',
  resumeThrow: 'typeidx tagidx (on …)*', typeTag: 'typeidx tagidx', refType: 'reftype', brOnCast: 'label reftype reftype',
};

/** `[i32 i32] -> [i32]` from the opcode table's `i32 i32 -> i32`. */
export function formatSig(sig: string): string {
  const [params = '', results = ''] = sig.split('->').map((s) => s.trim());
  return `[${params}] -> [${results}]`;
}

export function describeInstruction(name: string, imm: ImmKind, sig: string): string {
  const immText = IMM_TEXT[imm];
  const head = immText ? `${name} ${immText}` : name;
  return sig ? `${head} : ${formatSig(sig)}` : `${head}\n(operand types depend on the immediates)`;
}

