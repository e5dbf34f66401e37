// Errors are values with a kind and a location, never bare strings, so that the
// CLI, the spec runner and the debugger can each present them their own way.

import type { Span } from './syntax/module.js';

/** Where in the input an error was found: a byte offset in a binary, or a text span. */
export type SourceLocation =
  | { readonly kind: 'binary'; readonly offset: number }
  | { readonly kind: 'text'; readonly span: Span };

export function formatLocation(loc: SourceLocation | undefined, fileName?: string): string {
  if (!loc) return fileName ?? '';
  if (loc.kind === 'binary') {
    const hex = `0x${loc.offset.toString(16)}`;
    return fileName ? `${fileName}:${hex}` : `offset ${hex}`;
  }
  return `${loc.span.file || fileName || '<input>'}:${loc.span.line}:${loc.span.column}`;
}

/**
 * A module that cannot be compiled. `malformed` means it is not well-formed
 * (binary or text syntax), `invalid` that it breaks a typing rule; the spec
 * scripts tell the two apart (assert_malformed vs assert_invalid).
 */
export class CompileError extends Error {
  override readonly name = 'CompileError';
  constructor(
    readonly kind: 'malformed' | 'invalid' | 'unsupported',
    message: string,
    readonly location?: SourceLocation,
  ) {
    super(message);
  }
  describe(fileName?: string): string {
    const where = formatLocation(this.location, fileName);
    return `${where ? `${where}: ` : ''}${this.kind === 'invalid' ? 'invalid module' : this.kind === 'unsupported' ? 'not supported yet' : 'malformed module'}: ${this.message}`;
  }
}

/** Instantiation failed: an import is missing or has the wrong type (assert_unlinkable). */
export class LinkError extends Error {
  override readonly name = 'LinkError';
}

/** The categories of trap; `exhaustion` is a call stack that ran out (assert_exhaustion). */
export type TrapKind =
  | 'unreachable' | 'memory' | 'table' | 'indirect-call' | 'null' | 'integer-overflow'
  | 'integer-divide-by-zero' | 'conversion' | 'exhaustion' | 'cast' | 'continuation'
  | 'unhandled-tag' | 'atomic' | 'host' | 'other';

/**
 * One frame of a trap's backtrace. `segment` numbers the stack-chain
 * segments from the active one (0: where the trap happened) down to the
 * thread's main stack, so a trap inside a continuation shows its resumers too.
 */
export interface TrapFrame {
  readonly segment: number;
  /** Stack id of the segment (continuations are stacks). */
  readonly stack: number;
  readonly func: string;
  /** Wasm byte offset of the trapping instruction (innermost) or of the call. */
  readonly offset: number;
}

/** A trap: the program did something the spec defines as a trap. */
export class Trap extends Error {
  override readonly name = 'Trap';
  /** Filled in by the interpreter when the trap leaves wasm code: innermost frame first. */
  backtrace: readonly TrapFrame[] | undefined;
  constructor(readonly kind: TrapKind, message: string) {
    super(message);
  }
}

/** The backtrace as lines for people: `#0 $f+0x2a`, with a separator between chain segments. */
export function formatBacktrace(frames: readonly TrapFrame[]): string[] {
  const lines: string[] = [];
  frames.forEach((f, i) => {
    if (i > 0 && f.segment !== frames[i - 1]!.segment) lines.push(`  ── stack ${frames[i - 1]!.stack} was resumed by stack ${f.stack} ──`);
    lines.push(`  #${i} ${f.func} at 0x${f.offset.toString(16)}`);
  });
  return lines;
}

/** A bug in the engine itself, never the program's fault: reported as such. */
export class EngineBug extends Error {
  override readonly name = 'EngineBug';
}
