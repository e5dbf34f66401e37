// The runner's view of the engine: load a script module (text, binary or
// quoted text) through the same binary path as any .wasm file, instantiate it
// against the registered modules, invoke exports, read globals.

import { LinkError } from '../errors.js';
import {
  compileModule, type CompileOptions, createSpectest, getExport, instantiate, invoke, readGlobal, referenceKind, Store,
  WasmException, type CompiledModule, type ModuleInstance,
} from '../index.js';
import type { FuncInstance } from '../objects/func.js';
import type { Reference, Value } from '../objects/values.js';
import { moduleToBinary, watToBinary } from '../text/wat.js';
import type { ScriptModule } from './ast.js';

export type LoadedModule = CompiledModule;
export type ScriptInstance = ModuleInstance;

export class ScriptEngine {
  readonly store: Store;
  private readonly registered = new Map<string, ModuleInstance>();

  constructor(print: (line: string) => void, private readonly compileOptions: CompileOptions = {}, parent?: ScriptEngine) {
    this.store = parent?.store ?? new Store();
    this.registered.set('spectest', parent?.registered.get('spectest') ?? createSpectest(this.store, print));
  }

  /** A script thread's engine: the same store and spectest, its own (empty) registry. */
  fork(): ScriptEngine {
    return new ScriptEngine(() => {}, this.compileOptions, this);
  }

  /** Decode and validate; throws CompileError for malformed or invalid modules. */
  load(module: ScriptModule): LoadedModule {
    switch (module.kind) {
      case 'binary': return compileModule(module.bytes, this.compileOptions);
      case 'text': return compileModule(moduleToBinary(module.module).bytes, this.compileOptions);
      case 'quote': return compileModule(watToBinary(module.text, module.span.file).bytes, this.compileOptions);
    }
  }

  instantiate(loaded: LoadedModule): ScriptInstance {
    return instantiate(this.store, loaded, (moduleName, name) => {
      const provider = this.registered.get(moduleName);
      return provider ? getExport(provider, name) : undefined;
    });
  }

  register(name: string, instance: ScriptInstance): void {
    this.registered.set(name, instance);
  }

  invoke(instance: ScriptInstance, name: string, args: Value[]): Value[] {
    return invoke(this.store, this.exportedFunc(instance, name), args);
  }

  exportedFunc(instance: ScriptInstance, name: string): FuncInstance {
    const ext = getExport(instance, name);
    if (!ext || ext.kind !== 'func') throw new LinkError(`no exported function "${name}"`);
    return ext.func;
  }

  getGlobal(instance: ScriptInstance, name: string): Value {
    const ext = getExport(instance, name);
    if (!ext || ext.kind !== 'global') throw new LinkError(`no exported global "${name}"`);
    return readGlobal(ext.global);
  }

  classifyRef(ref: Reference): string {
    return referenceKind(ref);
  }

  isWasmException(e: unknown): boolean {
    return e instanceof WasmException;
  }
}
