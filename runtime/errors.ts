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

/** A trap: the program did something the spec defines as a trap. */
export class Trap extends Error {
  override readonly name = 'Trap';
  constructor(readonly kind: TrapKind, message: string) {
    super(message);
  }
}

/** A bug in the engine itself, never the program's fault: reported as such. */
export class EngineBug extends Error {
  override readonly name = 'EngineBug';
}
