// Exception tags and exception values.

import type { FuncType } from '../syntax/types.js';
import { funcTypeToString } from '../syntax/types.js';
import { valueToString, type Value } from './values.js';

export class TagInstance {
  /** `type` has canonical value types; `typeId` is its canonical type id. */
  constructor(readonly type: FuncType, readonly typeId: number, readonly name = '') {}

  describe(): string {
    return `tag${this.name ? ` $${this.name}` : ''} ${funcTypeToString(this.type)}`;
  }
}

/** An exception: the value of an exnref. Identity matters (throw_ref rethrows the same one). */
export class ExceptionRef {
  constructor(readonly tag: TagInstance, readonly payload: readonly Value[]) {}

  describe(): string {
    return `exception ${this.tag.describe()} (${this.payload.map(valueToString).join(', ')})`;
  }
}

/**
 * An uncaught wasm exception as it leaves `invoke`, and the way a host
 * function throws one into wasm. It wraps the exception value so that a
 * rethrown exception keeps its identity across the boundary.
 */
export class WasmException extends Error {
  override readonly name = 'WasmException';
  readonly exn: ExceptionRef;

  constructor(exnOrTag: ExceptionRef | TagInstance, payload: readonly Value[] = []) {
    const exn = exnOrTag instanceof ExceptionRef ? exnOrTag : new ExceptionRef(exnOrTag, payload);
    super(`uncaught ${exn.describe()}`);
    this.exn = exn;
  }

  get tag(): TagInstance {
    return this.exn.tag;
  }
  get payload(): readonly Value[] {
    return this.exn.payload;
  }
}
