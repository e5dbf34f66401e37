// Module validation: the entry point. Runs the module-level checks in the
// spec's order, then every function body, and returns per-function facts the
// interpreter's compiler and the debugger need (operand stack heights).

import type { Module } from '../syntax/module.js';
import { TypeRegistry } from './canon.js';
import { buildContext, type ValidateOptions, type ValidationContext } from './context.js';
import { FunctionValidator, type FuncValidation } from './func-validator.js';
import {
  checkDefinitions, checkExports, checkImports, checkSegments, checkStart, checkTypeSection,
} from './module-checks.js';
import { ModuleTypes } from './module-types.js';

export type { FuncValidation } from './func-validator.js';
export type { ValidateOptions } from './context.js';

export interface ModuleValidation {
  /** One entry per defined function, in order (function index minus imported functions). */
  readonly funcs: FuncValidation[];
  /** The context the module was checked in (index spaces with their types). */
  readonly context: ValidationContext;
}

/**
 * Validates `m`, throwing CompileError('invalid', …) at the first broken rule
 * (CompileError('unsupported', …) for SIMD and GC instructions).
 * Pass a registry to canonicalise types into a shared store; by default a
 * private one is used, which gives the same answers.
 */
export function validateModule(m: Module, options: ValidateOptions = {}, registry?: TypeRegistry): ModuleValidation {
  const types = new ModuleTypes(m, registry ?? new TypeRegistry());
  checkTypeSection(types);
  const ctx = buildContext(m, types, options);
  checkImports(ctx);
  checkDefinitions(ctx);
  checkSegments(ctx);
  checkStart(ctx);
  checkExports(ctx);
  const validator = new FunctionValidator(ctx);
  const funcs = m.funcs.map((f) => validator.validate(f));
  return { funcs, context: ctx };
}
