// The store: everything instantiated together, sharing one type registry so
// that types compare across modules by canonical id.

import { TypeRegistry } from '../valid/canon.js';
import type { ModuleInstance } from './instance.js';

export interface StoreLimits {
  /** Wasm frames on one stack before "call stack exhausted". */
  maxCallDepth: number;
  /** 8-byte value slots on one stack (locals + operands of all frames). */
  maxStackSlots: number;
  /** Pages any one memory may reach (≤ 65536). */
  maxMemoryPages: number;
}

export const DEFAULT_LIMITS: StoreLimits = {
  maxCallDepth: 50_000,
  maxStackSlots: 8 * 1024 * 1024, // 64 MiB of slots
  maxMemoryPages: 65536,
};

export class Store {
  readonly types = new TypeRegistry();
  readonly instances: ModuleInstance[] = [];
  readonly limits: StoreLimits;

  constructor(limits: Partial<StoreLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  describe(): string {
    return `store with ${this.instances.length} instances, ${this.types.size} canonical types`;
  }
}
