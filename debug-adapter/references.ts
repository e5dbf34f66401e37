// The adapter's text forms of memory and instruction addresses. VS Code's
// memory and disassembly views parse these as numbers, so module 0 (the main
// module) and memory 0 use a bare hex address; other memories and modules get
// a prefix the adapter reads back.

import type { CodeLocation } from '../runtime/debug/api.js';

export interface MemoryAddress {
  readonly module: number;
  readonly memory: number;
  readonly address: number;
}

export function memoryReference(a: MemoryAddress): string {
  const hex = `0x${a.address.toString(16)}`;
  if (a.module === 0 && a.memory === 0) return hex;
  return `${a.module === 0 ? '' : `mod${a.module}:`}mem${a.memory}@${hex}`;
}

const MEMORY_REF = /^(?:mod(\d+):)?(?:mem(\d+)@)?(0x[0-9a-f]+|\d+)$/i;

export function parseMemoryReference(ref: string, offset = 0): MemoryAddress {
  const m = MEMORY_REF.exec(ref.trim());
  if (!m) throw new Error(`not a memory reference: ${JSON.stringify(ref)} (expected 0xADDRESS or mem1@0xADDRESS)`);
  const address = Number(m[3]!) + offset;
  if (!Number.isSafeInteger(address) || address < 0) throw new Error(`memory address out of range: ${ref} + ${offset}`);
  return { module: m[1] ? Number(m[1]) : 0, memory: m[2] ? Number(m[2]) : 0, address };
}

/** Instruction address of a code location: its byte offset in the module. */
export function instructionReference(loc: CodeLocation): string {
  const hex = `0x${loc.offset.toString(16).padStart(8, '0')}`;
  return loc.module === 0 ? hex : `mod${loc.module}:${hex}`;
}

const INSTRUCTION_REF = /^(?:mod(\d+):)?(0x[0-9a-f]+|\d+)$/i;

export function parseInstructionReference(ref: string): { module: number; offset: number } {
  const m = INSTRUCTION_REF.exec(ref.trim());
  if (!m) throw new Error(`not an instruction reference: ${JSON.stringify(ref)}`);
  return { module: m[1] ? Number(m[1]) : 0, offset: Number(m[2]!) };
}

/**
 * Remembers which function each instruction address seen by the client is in,
 * so an instruction breakpoint or a disassemble request on that address can
 * name its function (the engine's CodeLocation wants one). Kept for the whole
 * session: code does not move between pauses.
 */
export class CodeAddresses {
  private readonly known = new Map<string, CodeLocation>();

  remember(loc: CodeLocation): string {
    const ref = instructionReference(loc);
    if (!this.known.has(ref)) this.known.set(ref, loc);
    return ref;
  }

  /** The location of an address; `func` is -1 when the client made the address up (the engine then finds the function). */
  resolve(ref: string, byteOffset = 0): CodeLocation {
    const { module, offset } = parseInstructionReference(ref);
    const target = offset + byteOffset;
    const exact = this.known.get(instructionReference({ module, func: 0, offset: target }));
    if (exact) return exact;
    const base = this.known.get(instructionReference({ module, func: 0, offset }));
    return { module, func: base && byteOffset === 0 ? base.func : -1, offset: target };
  }
}
