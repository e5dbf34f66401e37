// A table of references. Elements are engine reference objects or null.

import type { TableType } from '../syntax/types.js';
import type { Reference } from './values.js';

/** Tables larger than this fail to grow (table.grow returns -1) instead of exhausting the host. */
export const MAX_TABLE_LENGTH = 10_000_000;

export class TableInstance {
  readonly elements: (Reference | null)[];

  /** `type.elem` is a canonical value type (concrete heap types are canonical ids). */
  constructor(readonly type: TableType, init: Reference | null) {
    if (type.min > MAX_TABLE_LENGTH) throw new RangeError(`table of ${type.min} elements is larger than the limit`);
    this.elements = new Array<Reference | null>(type.min).fill(init);
  }

  get length(): number {
    return this.elements.length;
  }

  get max(): number {
    return Math.min(this.type.max ?? 0xffff_ffff, MAX_TABLE_LENGTH);
  }

  /** table.grow: the old length, or -1 when the table cannot grow that far. */
  grow(delta: number, init: Reference | null): number {
    const old = this.elements.length;
    if (delta < 0 || old + delta > this.max) return -1;
    for (let i = 0; i < delta; i++) this.elements.push(init);
    return old;
  }

  describe(): string {
    return `table ${this.elements.length} elements (min ${this.type.min}${this.type.max !== undefined ? `, max ${this.type.max}` : ''})`;
  }
}
