// Code as people read it: one line of WAT text per instruction (for the
// Disassembly view), and a whole module printed as WAT with a map both ways
// between its lines and instruction offsets (for .wasm programs that have no
// source: breakpoints can be set in the generated text). A plain printer of
// our own: instructions are flat (folded form is not reconstructed) and
// indented by block nesting.

import type { Instr, Module } from '../syntax/module.js';
import { Op, opInfo } from '../syntax/opcodes.js';
import { valTypeToString } from '../syntax/types.js';
import type { CodeLocation, GeneratedSource } from './api.js';

/** The text of one instruction: name and immediates, names from the name section where there are. */
export function instrText(m: Module, funcIndex: number, ins: Instr): string {
  const info = opInfo(ins.op);
  const name = info?.name ?? `op${ins.op}`;
  const parts: string[] = [name];
  const named = (map: Map<number, string> | undefined, i: number): string => {
    const n = map?.get(i);
    return n !== undefined ? `$${n}` : String(i);
  };
  switch (info?.imm) {
    case undefined: case 'none': break;
    default: {
      const op = ins.op;
      if (op === Op['local.get'] || op === Op['local.set'] || op === Op['local.tee']) parts.push(named(m.names.locals.get(funcIndex), ins.index));
      else if (op === Op['global.get'] || op === Op['global.set']) parts.push(named(m.names.globals, ins.index));
      else if (op === Op['call'] || op === Op['return_call'] || op === Op['ref.func']) parts.push(named(m.names.funcs, ins.index));
      else if (ins.labels) parts.push(...ins.labels.map(String), String(ins.index));
      else if (ins.memArg) {
        if (ins.memArg.offset) parts.push(`offset=${ins.memArg.offset}`);
      } else if (ins.value !== undefined) parts.push(String(ins.value));
      else if (op === Op['br'] || op === Op['br_if']) parts.push(String(ins.index));
      else if (ins.types) parts.push(`(result ${ins.types.map(valTypeToString).join(' ')})`);
      else if (ins.handlers) {
        parts.push(String(ins.index));
        for (const h of ins.handlers) parts.push(h.label < 0 ? `(on ${named(m.names.tags, h.tag)} switch)` : `(on ${named(m.names.tags, h.tag)} ${h.label})`);
      } else if (op === Op['suspend'] || op === Op['throw'] || op === Op['switch']) parts.push(named(m.names.tags, op === Op['switch'] ? ins.index2 : ins.index));
      else if (ins.index !== 0 || ins.index2 !== 0) parts.push(String(ins.index));
    }
  }
  return parts.join(' ');
}

const OPENS = new Set([Op['block'], Op['loop'], Op['if'], Op['try'], Op['try_table']]);
const MIDDLES = new Set([Op['else'], Op['catch'], Op['catch_all']]);

/** Prints `m` as WAT with each instruction on its own line, mapped both ways. */
export function generateSource(m: Module, name: string): GeneratedSource {
  const lines: string[] = ['(module'];
  const lineOfOffset = new Map<number, number>();
  const atLine = new Map<number, CodeLocation[]>();
  const imported = m.imports.filter((i) => i.desc.kind === 'func').length;
  for (const imp of m.imports) lines.push(`  (import "${imp.module}" "${imp.name}" (${imp.desc.kind}))`);
  m.funcs.forEach((f, def) => {
    const func = imported + def;
    const fname = m.names.funcs.get(func);
    lines.push(`  (func ${fname !== undefined ? `$${fname}` : `(;${func};)`} (type ${f.typeIndex})${f.locals.length ? ` (local ${f.locals.map(valTypeToString).join(' ')})` : ''}`);
    let depth = 2;
    f.body.forEach((ins, k) => {
      const last = k === f.body.length - 1;
      if (ins.op === Op['end'] || ins.op === Op['delegate'] || MIDDLES.has(ins.op)) depth = Math.max(2, depth - 1);
      lines.push(`${'  '.repeat(depth)}${last ? ')' : instrText(m, func, ins)}`);
      const line = lines.length;
      lineOfOffset.set(ins.offset, line);
      const list = atLine.get(line) ?? [];
      list.push({ module: 0, func, offset: ins.offset });
      atLine.set(line, list);
      if (OPENS.has(ins.op) || MIDDLES.has(ins.op)) depth++;
    });
  });
  lines.push(')');
  return {
    name,
    text: lines.join('\n') + '\n',
    lineOf: (loc) => (loc.module === 0 ? lineOfOffset.get(loc.offset) : undefined),
    locationsOnLine: (line) => atLine.get(line) ?? [],
  };
}
