// How the validator reports a broken rule: a CompileError('invalid') located
// at the offending instruction (its text span, or its byte offset).

import { CompileError, type SourceLocation } from '../errors.js';
import type { Instr, Span } from '../syntax/module.js';

export function instrLocation(instr: Instr | undefined): SourceLocation | undefined {
  if (!instr) return undefined;
  if (instr.span) return { kind: 'text', span: instr.span };
  return { kind: 'binary', offset: instr.offset };
}

export function spanLocation(span: Span | undefined): SourceLocation | undefined {
  return span ? { kind: 'text', span } : undefined;
}

export function invalid(message: string, where?: Instr | SourceLocation): CompileError {
  const loc = where === undefined ? undefined : 'op' in where ? instrLocation(where) : where;
  return new CompileError('invalid', message, loc);
}
