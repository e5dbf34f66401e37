// A module instance: the index spaces of one instantiated module.

import type { Module } from '../syntax/module.js';
import type { FuncInstance } from './func.js';
import type { GlobalInstance } from './global.js';
import type { MemoryInstance } from './memory.js';
import type { TableInstance } from './table.js';
import type { TagInstance } from './tag.js';
import type { Reference } from './values.js';
import type { CompiledModule } from '../exec/compiled.js';

/** What an import resolves to and an export names. */
export type ExternVal =
  | { readonly kind: 'func'; readonly func: FuncInstance }
  | { readonly kind: 'table'; readonly table: TableInstance }
  | { readonly kind: 'memory'; readonly memory: MemoryInstance }
  | { readonly kind: 'global'; readonly global: GlobalInstance }
  | { readonly kind: 'tag'; readonly tag: TagInstance };

export function describeExtern(v: ExternVal): string {
  switch (v.kind) {
    case 'func': return v.func.describe();
    case 'table': return v.table.describe();
    case 'memory': return v.memory.describe();
    case 'global': return v.global.describe();
    case 'tag': return v.tag.describe();
  }
}

/** A passive element segment's references; emptied by elem.drop (and after active init). */
export class ElemInstance {
  constructor(public refs: (Reference | null)[]) {}
  drop(): void {
    this.refs = [];
  }
}

/** A passive data segment's bytes; emptied by data.drop (and after active init). */
export class DataInstance {
  constructor(public bytes: Uint8Array) {}
  drop(): void {
    this.bytes = new Uint8Array(0);
  }
}

export class ModuleInstance {
  funcs: FuncInstance[] = [];
  tables: TableInstance[] = [];
  memories: MemoryInstance[] = [];
  globals: GlobalInstance[] = [];
  tags: TagInstance[] = [];
  elems: ElemInstance[] = [];
  datas: DataInstance[] = [];
  readonly exports = new Map<string, ExternVal>();

  constructor(
    readonly compiled: CompiledModule,
    /** Module type index → store-wide canonical type id. */
    readonly typeIds: readonly number[],
    readonly name = '',
  ) {}

  get module(): Module {
    return this.compiled.module;
  }

  describe(): string {
    return `instance${this.name ? ` ${this.name}` : ''} of module${this.module.names.module ? ` ${this.module.names.module}` : ''}`;
  }
}
