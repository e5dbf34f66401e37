// Scopes and variables of one pause: Locals, Operand stack, Globals and
// Memory per frame, and for a module with DWARF first "Locals (C)" and
// "Globals (C)"; expandable values (continuations, exceptions, C pointers and
// aggregates) through the engine's `children`. Every reference handed out
// lives in the pause store.

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugTarget, DebugValue, FrameHandle, NamedValue, SourceScope } from '../runtime/debug/api.js';
import type { HandleTable } from './pauseStore.js';
import { memoryReference } from './references.js';
import { valueMemoryReference, valueText } from './values.js';

export type VariableContainer =
  | { readonly kind: 'locals'; readonly frame: FrameHandle }
  | { readonly kind: 'operands'; readonly frame: FrameHandle }
  | { readonly kind: 'globals'; readonly module: number }
  | { readonly kind: 'memory'; readonly module: number }
  | { readonly kind: 'children'; readonly frame: FrameHandle | undefined; readonly value: DebugValue }
  | { readonly kind: 'source'; readonly frame: FrameHandle; readonly scope: SourceScope };

/** Memories tried when listing the Memory scope (a module rarely has more than one). */
const MAX_MEMORIES = 16;

export class VariableViews {
  constructor(
    private readonly target: DebugTarget,
    private readonly refs: HandleTable<VariableContainer>,
  ) {}

  scopes(frame: FrameHandle, module: number): DebugProtocol.Scope[] {
    // C scopes only where DWARF describes the frame's module; the wasm scopes stay for the machine view.
    let c: DebugProtocol.Scope[] = [];
    try {
      if (this.target.sourceVariables?.(frame, 'locals') !== undefined) {
        c = [
          { name: 'Locals (C)', presentationHint: 'locals', variablesReference: this.refs.add({ kind: 'source', frame, scope: 'locals' }), expensive: false },
          { name: 'Globals (C)', variablesReference: this.refs.add({ kind: 'source', frame, scope: 'globals' }), expensive: false },
        ];
      }
    } catch { /* a frame DWARF cannot describe: wasm scopes only */ }
    return [
      ...c,
      { name: 'Locals', presentationHint: 'locals', variablesReference: this.refs.add({ kind: 'locals', frame }), expensive: false },
      { name: 'Operand stack', variablesReference: this.refs.add({ kind: 'operands', frame }), expensive: false },
      { name: 'Globals', variablesReference: this.refs.add({ kind: 'globals', module }, `globals:${module}`), expensive: false },
      { name: 'Memory', variablesReference: this.refs.add({ kind: 'memory', module }, `memory:${module}`), expensive: false },
    ];
  }

  /** A DAP variable for a value; expandable values get a reference to their children. */
  variable(name: string, v: DebugValue, frame: FrameHandle | undefined, hex: boolean, evaluateName?: string): DebugProtocol.Variable {
    const variable: DebugProtocol.Variable = {
      name,
      value: valueText(v, hex),
      type: v.type,
      variablesReference: v.expandable ? this.refs.add({ kind: 'children', frame, value: v }) : 0,
    };
    const mem = valueMemoryReference(v);
    if (mem) variable.memoryReference = mem;
    if (evaluateName) variable.evaluateName = evaluateName;
    return variable;
  }

  variables(ref: number, args: DebugProtocol.VariablesArguments): DebugProtocol.Variable[] {
    const c = this.refs.get(ref);
    const hex = args.format?.hex ?? false;
    let list: DebugProtocol.Variable[];
    switch (c.kind) {
      case 'locals':
        list = this.target.locals(c.frame).map((v) => this.named(v, c.frame, hex));
        break;
      case 'operands': {
        const ops = this.target.operands(c.frame);
        // Top of the stack first: that is what the next instruction consumes.
        list = ops.map((v, i) => this.variable(i === ops.length - 1 ? `[${i}] (top)` : `[${i}]`, v, c.frame, hex)).reverse();
        break;
      }
      case 'globals':
        list = this.target.globals(c.module).map((v) => this.named(v, undefined, hex));
        break;
      case 'memory':
        list = this.memories(c.module);
        break;
      case 'children':
        list = this.target.children(c.frame, c.value).map((v) => this.named(v, c.frame, hex));
        break;
      case 'source':
        list = (this.target.sourceVariables?.(c.frame, c.scope) ?? []).map((v) => this.variable(v.name, v, c.frame, hex, v.name));
        break;
    }
    const start = args.start ?? 0;
    return args.count ? list.slice(start, start + args.count) : list.slice(start);
  }

  private named(v: NamedValue, frame: FrameHandle | undefined, hex: boolean): DebugProtocol.Variable {
    return this.variable(v.name, v, frame, hex, v.name.startsWith('$') ? v.name : undefined);
  }

  private memories(module: number): DebugProtocol.Variable[] {
    const list: DebugProtocol.Variable[] = [];
    for (let memory = 0; memory < MAX_MEMORIES; memory++) {
      try {
        this.target.readMemory(memory, 0, 0, module);
      } catch {
        break;
      }
      list.push({ name: `memory ${memory}`, value: 'linear memory (open the memory view)', variablesReference: 0, memoryReference: memoryReference({ module, memory, address: 0 }) });
    }
    return list;
  }

  /** setVariable on a local or a global, by the name the Variables view shows. */
  set(ref: number, name: string, value: string): DebugValue {
    const c = this.refs.get(ref);
    if (c.kind === 'locals') {
      const local = this.target.locals(c.frame).find((v) => v.name === name);
      if (!local) throw new Error(`no local named ${name} in this frame`);
      return this.target.setLocal(c.frame, local.index, value);
    }
    if (c.kind === 'globals') {
      const global = this.target.globals(c.module).find((v) => v.name === name);
      if (!global) throw new Error(`no global named ${name}`);
      return this.target.setGlobal(c.module, global.index, value);
    }
    throw new Error(c.kind === 'operands' ? 'operand stack values cannot be changed' : `${name} cannot be changed here`);
  }

  frameOf(ref: number): FrameHandle | undefined {
    const c = this.refs.get(ref);
    return 'frame' in c ? c.frame : undefined;
  }
}
