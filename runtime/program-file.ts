// Reading a program from disk: a .wasm binary, or WebAssembly text (.wat)
// assembled through our own parser and encoder. Whatever the extension says,
// the magic bytes decide.

import { readFileSync } from 'node:fs';
import { CompileError } from './errors.js';
import { watToBinary } from './text/wat.js';
import type { LineMap } from './text/wat.js';

export interface LoadedProgram {
  readonly path: string;
  readonly bytes: Uint8Array;
  /** Present for text programs: wasm offset ↔ source position. */
  readonly lineMap?: LineMap;
}

export class ProgramFileError extends Error {}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

export function loadProgram(path: string): LoadedProgram {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ProgramFileError(`${path}: cannot read file${code ? ` (${code})` : ''}`);
  }
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (WASM_MAGIC.every((b, i) => bytes[i] === b)) return { path, bytes };
  if (looksBinary(bytes)) {
    throw new ProgramFileError(`${path}: neither a WebAssembly binary (no \\0asm header) nor text`);
  }
  const assembled = watToBinary(data.toString('utf8'), path);
  return { path, bytes: assembled.bytes, lineMap: assembled.lineMap };
}

/** A NUL in the first kilobyte means this is no text file. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 1024);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/**
 * A text program is validated in its binary form, so a validation error
 * points at a byte offset; point it back at the instruction's line and
 * column instead. Only exact instruction offsets are mapped: anything else
 * (a module-level error) keeps its byte offset rather than borrow the
 * position of some unrelated instruction.
 */
export function inSourceTerms(error: CompileError, program: LoadedProgram): CompileError {
  const loc = error.location;
  if (!program.lineMap || loc?.kind !== 'binary') return error;
  const entry = program.lineMap.entryAt(loc.offset);
  const span = entry?.offset === loc.offset ? program.lineMap.spanAt(loc.offset) : undefined;
  return span ? new CompileError(error.kind, error.message, { kind: 'text', span }) : error;
}
