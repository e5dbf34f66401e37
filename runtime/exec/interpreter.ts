// The run loop: executes the internal code of the frames on a Stack.
//
// One function, one big `switch` over dense integer codes, with the machine
// state (code, pc, frame base, slot views, the current instance's memory 0
// and index spaces) cached in locals. A wasm call pushes a frame on the
// Stack and switches those locals; it never recurses in JS. Traps are JS
// exceptions caught at the bottom of the loop, where the pc is saved into the
// frame; a wasm exception is delivered to its handler by `unwind` and the
// loop resumes there.
//
// `run` executes until the bottom frame returns, a trap, an uncaught
// exception, or `fuel` taken branches and calls have been spent (then the
// Stack is left resumable), or the thread must block (`Blocked`: a
// `memory.atomic.wait` in `stack.wait`, or a host promise in `stack.pending`;
// the frame's pc is already past the instruction). Later tiers add more stop
// reasons (breakpoints) without changing this shape.
//
// Operand words: `I` views the slots as 32-bit words, `F` as f32 (same
// index), `D` as f64 (index >> 1); references live in `R` (index >> 1).

import { trapBacktrace } from './continuations.js';
import { EngineBug, Trap } from '../errors.js';
import type { FuncInstance } from '../objects/func.js';
import type { ModuleInstance } from '../objects/instance.js';
import { MemoryInstance } from '../objects/memory.js';
import type { Store } from '../objects/store.js';
import { ExceptionRef, WasmException } from '../objects/tag.js';
import type { Reference } from '../objects/values.js';
import type { TypeRegistry } from '../valid/canon.js';
import {
  loadAny, memoryCopy, memoryFill, memoryInit, memoryTrap, storeAny, tableCopy, tableFill, tableGet,
  tableInit, tableSet,
} from './bulk.js';
import { atomicCmpxchg, atomicLoad, atomicNotify, atomicRmw, atomicStore, atomicWaitCheck, timeoutOf } from './atomics.js';
import { Code } from './codes.generated.js';
import { effectiveAddress64, memoryCopy64, memoryFill64, memoryInit64, saturatedIndex } from './index64.js';
import type { CompiledFunc } from './compiled.js';
import { compileFunction } from './compile.js';
import { callHost, isJsStackOverflow } from './host-call.js';
import {
  clz64, ctz32, ctz64, fmax, fmin, i64ToF32, i64ToF64, mul64, nearest, out64, popcnt32, rotl64, rotr64,
  shl64, shrS64, shrU64, truncI32S, truncI32U, truncI64S, truncI64U, truncSatI32S, truncSatI32U,
  truncSatI64S, truncSatI64U, u64ToF32, u64ToF64,
} from './numeric.js';
import { RunResult, type Stack } from './stack.js';
import { abandonChain, contBind, contNew, ContRef, deliver, resume, resumeThrow, returned, suspend, switchTo } from './switching.js';
import { unwind } from './unwind.js';

/** Stands in for memory 0 in instances without memories, so the loop never tests for undefined. */
const NO_MEMORY = new MemoryInstance({ min: 0, max: 0, shared: false, index64: false });

function divByZero(): Trap {
  return new Trap('integer-divide-by-zero', 'integer divide by zero');
}
function intOverflow(): Trap {
  return new Trap('integer-overflow', 'integer overflow');
}

/** Compiles a wasm function's body on its first call; instances of one module share the code. */
export function ensureCompiled(f: FuncInstance): CompiledFunc {
  if (f.code) return f.code;
  const inst = f.instance;
  if (!inst) throw new EngineBug(`host function ${f.name} has no code`);
  const cm = inst.compiled;
  let cf = cm.funcs[f.definedIndex];
  if (!cf) {
    const debug = cm.debug;
    cf = compileFunction(cm.module, f.definedIndex, debug ? debug.compileOptions : {});
    cm.funcs[f.definedIndex] = cf;
    debug?.onCompiled(f.definedIndex, cf);
  }
  f.code = cf;
  return cf;
}

function nullRefLocals(R: (Reference | null)[], base: number, slots: Int32Array): void {
  for (let i = 0; i < slots.length; i++) R[(base >> 1) + slots[i]!] = null;
}

/** call_indirect's checks: element in bounds, not null, of a matching type. */
function indirectCallee(inst: ModuleInstance, types: TypeRegistry, table: number, typeIndex: number, i: number): FuncInstance {
  const elements = inst.tables[table]!.elements;
  if (i >= elements.length) throw new Trap('table', `undefined element ${i}`);
  const f = elements[i] as FuncInstance | null;
  if (f === null) throw new Trap('indirect-call', `uninitialized element ${i}`);
  const want = inst.typeIds[typeIndex]!;
  if (f.typeId !== want && !types.isSubtype(f.typeId, want)) throw new Trap('indirect-call', 'indirect call type mismatch');
  return f;
}

/**
 * Runs the chain of `root` (a thread's main stack) from its active top. The
 * loop always executes the top of the chain; stack switching instructions
 * change which Stack that is and `continue outer`, which reloads the cached
 * state from the new top frame, the same way an exception caught in another
 * frame does. Results, the trap and the uncaught exception are on `root`.
 */
export function run(root: Stack, store: Store, fuel: number): RunResult {
  const types = store.types;
  let stack = root.chainTop;
  outer: for (;;) {
    // (Re)load the machine state from the top frame: on entry, after an exception was caught, after a stack switch.
    const frameFunc = stack.frameFunc;
    const R = stack.refs;
    let depth = stack.depth;
    let frameFp = stack.frameFp;
    let framePc = stack.framePc;
    const top = frameFunc[depth - 1]!;
    let cf = top.code!;
    let code = cf.code;
    let fp = frameFp[depth - 1]!;
    let pc = framePc[depth - 1]!;
    let inst = top.instance!;
    let funcs = inst.funcs;
    let globals = inst.globals;
    let mem = inst.memories[0] ?? NO_MEMORY;
    let dv = mem.view;
    let memLen = mem.byteLength;
    let I = stack.i32;
    let F = stack.f32;
    let D = stack.f64;
    // The code to dispatch, read at the bottom of the loop; a passed breakpoint sets it to the instruction it covers.
    let op = code[pc]!;
    try {
      for (;;) {
        switch (op) {
        case Code.MOV32: I[fp + code[pc + 1]!] = I[fp + code[pc + 2]!]!; pc += 3; break;
        case Code.MOV64: { const d = fp + code[pc + 1]!, s = fp + code[pc + 2]!; I[d] = I[s]!; I[d + 1] = I[s + 1]!; pc += 3; break; }
        case Code.MOVREF: R[(fp + code[pc + 1]!) >> 1] = R[(fp + code[pc + 2]!) >> 1] ?? null; pc += 3; break;
        case Code.CONST32: I[fp + code[pc + 1]!] = code[pc + 2]!; pc += 3; break;
        case Code.CONST64: { const d = fp + code[pc + 1]!; I[d] = code[pc + 2]!; I[d + 1] = code[pc + 3]!; pc += 4; break; }
        case Code.SELECT32: I[fp + code[pc + 1]!] = I[fp + code[pc + 4]!] !== 0 ? I[fp + code[pc + 2]!]! : I[fp + code[pc + 3]!]!; pc += 5; break;
        case Code.SELECT64: {
          const d = fp + code[pc + 1]!, s = fp + (I[fp + code[pc + 4]!] !== 0 ? code[pc + 2]! : code[pc + 3]!);
          I[d] = I[s]!; I[d + 1] = I[s + 1]!; pc += 5; break;
        }
        case Code.SELECTREF: {
          const s = fp + (I[fp + code[pc + 4]!] !== 0 ? code[pc + 2]! : code[pc + 3]!);
          R[(fp + code[pc + 1]!) >> 1] = R[s >> 1] ?? null; pc += 5; break;
        }
        case Code.NOP: pc += 1; break;
        case Code.UNREACHABLE: throw new Trap('unreachable', 'unreachable');
        case Code.BR:
          pc = code[pc + 1]!;
          if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; }
          break;
        case Code.BR_IF:
          if (I[fp + code[pc + 1]!] !== 0) {
            pc = code[pc + 2]!;
            if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; }
          } else pc += 3;
          break;
        case Code.BR_UNLESS: pc = I[fp + code[pc + 1]!] === 0 ? code[pc + 2]! : pc + 3; break;
        case Code.BR_TABLE: {
          const n = code[pc + 2]!;
          let i = I[fp + code[pc + 1]!]! >>> 0;
          if (i > n) i = n;
          pc = code[pc + 3 + i]!;
          if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; }
          break;
        }
        case Code.RETURN: {
          depth--;
          if (depth === 0) {
            stack.depth = 0;
            if (stack === root) return RunResult.Done;
            stack = returned(store, root, stack);
            continue outer;
          }
          const caller = frameFunc[depth - 1]!;
          cf = caller.code!; code = cf.code; fp = frameFp[depth - 1]!; pc = framePc[depth - 1]!;
          if (caller.instance !== inst) {
            inst = caller.instance!; funcs = inst.funcs; globals = inst.globals; mem = inst.memories[0] ?? NO_MEMORY;
          }
          dv = mem.view; memLen = mem.byteLength; // the callee may have grown memory
          break;
        }
        case Code.CALL: {
          const callee = funcs[code[pc + 1]!]!;
          const base = fp + code[pc + 2]!;
          if (callee.host !== null) {
            framePc[depth - 1] = pc;
            stack.depth = depth;
            if (callHost(stack, callee, base)) { pc += 3; framePc[depth - 1] = pc; return RunResult.Blocked; }
            dv = mem.view; memLen = mem.byteLength; // the host may have grown memory
            pc = pc + 3;
            break;
          }
          const cc = callee.code ?? ensureCompiled(callee);
          if (depth === framePc.length) { stack.growFrames(); frameFp = stack.frameFp; framePc = stack.framePc; }
          if (base + cc.frameWords > stack.words) { stack.growSlots(base + cc.frameWords); I = stack.i32; F = stack.f32; D = stack.f64; }
          for (let k = base + cc.paramWords, e = base + cc.localWords; k < e; k++) I[k] = 0;
          if (cc.refLocals.length !== 0) nullRefLocals(R, base, cc.refLocals);
          framePc[depth - 1] = pc + 3;
          frameFunc[depth] = callee; frameFp[depth] = base; depth++;
          code = cc.code; fp = base; pc = 0; cf = cc;
          if (callee.instance !== inst) {
            inst = callee.instance!; funcs = inst.funcs; globals = inst.globals;
            mem = inst.memories[0] ?? NO_MEMORY; dv = mem.view; memLen = mem.byteLength;
          }
          if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; }
          break;
        }
        case Code.CALL_INDIRECT: {
          const callee = indirectCallee(inst, types, code[pc + 1]!, code[pc + 2]!, I[fp + code[pc + 3]!]! >>> 0);
          const base = fp + code[pc + 4]!;
          if (callee.host !== null) {
            framePc[depth - 1] = pc;
            stack.depth = depth;
            if (callHost(stack, callee, base)) { pc += 5; framePc[depth - 1] = pc; return RunResult.Blocked; }
            dv = mem.view; memLen = mem.byteLength; // the host may have grown memory
            pc = pc + 5;
            break;
          }
          const cc = callee.code ?? ensureCompiled(callee);
          if (depth === framePc.length) { stack.growFrames(); frameFp = stack.frameFp; framePc = stack.framePc; }
          if (base + cc.frameWords > stack.words) { stack.growSlots(base + cc.frameWords); I = stack.i32; F = stack.f32; D = stack.f64; }
          for (let k = base + cc.paramWords, e = base + cc.localWords; k < e; k++) I[k] = 0;
          if (cc.refLocals.length !== 0) nullRefLocals(R, base, cc.refLocals);
          framePc[depth - 1] = pc + 5;
          frameFunc[depth] = callee; frameFp[depth] = base; depth++;
          code = cc.code; fp = base; pc = 0; cf = cc;
          if (callee.instance !== inst) {
            inst = callee.instance!; funcs = inst.funcs; globals = inst.globals;
            mem = inst.memories[0] ?? NO_MEMORY; dv = mem.view; memLen = mem.byteLength;
          }
          if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; }
          break;
        }
        case Code.CALL_REF: {
          const callee = R[(fp + code[pc + 1]!) >> 1] as FuncInstance | null;
          if (callee === null) throw new Trap('null', 'null function reference');
          const base = fp + code[pc + 2]!;
          if (callee.host !== null) {
            framePc[depth - 1] = pc;
            stack.depth = depth;
            if (callHost(stack, callee, base)) { pc += 3; framePc[depth - 1] = pc; return RunResult.Blocked; }
            dv = mem.view; memLen = mem.byteLength; // the host may have grown memory
            pc = pc + 3;
            break;
          }
          const cc = callee.code ?? ensureCompiled(callee);
          if (depth === framePc.length) { stack.growFrames(); frameFp = stack.frameFp; framePc = stack.framePc; }
          if (base + cc.frameWords > stack.words) { stack.growSlots(base + cc.frameWords); I = stack.i32; F = stack.f32; D = stack.f64; }
          for (let k = base + cc.paramWords, e = base + cc.localWords; k < e; k++) I[k] = 0;
          if (cc.refLocals.length !== 0) nullRefLocals(R, base, cc.refLocals);
          framePc[depth - 1] = pc + 3;
          frameFunc[depth] = callee; frameFp[depth] = base; depth++;
          code = cc.code; fp = base; pc = 0; cf = cc;
          if (callee.instance !== inst) {
            inst = callee.instance!; funcs = inst.funcs; globals = inst.globals;
            mem = inst.memories[0] ?? NO_MEMORY; dv = mem.view; memLen = mem.byteLength;
          }
          if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; }
          break;
        }
        case Code.RETURN_CALL: {
          const callee = funcs[code[pc + 1]!]!;
          const base = fp + code[pc + 2]!;
          // The arguments replace this frame's slots; the frame itself is reused.
          const nw = callee.type.params.length * 2;
          for (let k = 0; k < nw; k++) I[fp + k] = I[base + k]!;
          for (let k = 0; k < nw; k += 2) R[(fp + k) >> 1] = R[(base + k) >> 1] ?? null;
          if (callee.host !== null) {
            framePc[depth - 1] = pc;
            stack.depth = depth;
            if (callHost(stack, callee, fp)) { stack.pending!.tail = true; return RunResult.Blocked; }
            dv = mem.view; memLen = mem.byteLength;
            // Return the host's results from this frame.
            depth--;
            if (depth === 0) {
              stack.depth = 0;
              if (stack === root) return RunResult.Done;
              stack = returned(store, root, stack);
              continue outer;
            }
            {
              const caller = frameFunc[depth - 1]!;
              cf = caller.code!; code = cf.code; fp = frameFp[depth - 1]!; pc = framePc[depth - 1]!;
              if (caller.instance !== inst) {
                inst = caller.instance!; funcs = inst.funcs; globals = inst.globals; mem = inst.memories[0] ?? NO_MEMORY;
              }
              dv = mem.view; memLen = mem.byteLength;
            }
            break;
          }
          const cc = callee.code ?? ensureCompiled(callee);
          if (fp + cc.frameWords > stack.words) { stack.growSlots(fp + cc.frameWords); I = stack.i32; F = stack.f32; D = stack.f64; }
          for (let k = fp + cc.paramWords, e = fp + cc.localWords; k < e; k++) I[k] = 0;
          if (cc.refLocals.length !== 0) nullRefLocals(R, fp, cc.refLocals);
          frameFunc[depth - 1] = callee;
          code = cc.code; pc = 0; cf = cc;
          if (callee.instance !== inst) {
            inst = callee.instance!; funcs = inst.funcs; globals = inst.globals;
            mem = inst.memories[0] ?? NO_MEMORY; dv = mem.view; memLen = mem.byteLength;
          }
          if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; }
          break;
        }
        case Code.RETURN_CALL_INDIRECT: {
          const callee = indirectCallee(inst, types, code[pc + 1]!, code[pc + 2]!, I[fp + code[pc + 3]!]! >>> 0);
          const base = fp + code[pc + 4]!;
          // The arguments replace this frame's slots; the frame itself is reused.
          const nw = callee.type.params.length * 2;
          for (let k = 0; k < nw; k++) I[fp + k] = I[base + k]!;
          for (let k = 0; k < nw; k += 2) R[(fp + k) >> 1] = R[(base + k) >> 1] ?? null;
          if (callee.host !== null) {
            framePc[depth - 1] = pc;
            stack.depth = depth;
            if (callHost(stack, callee, fp)) { stack.pending!.tail = true; return RunResult.Blocked; }
            dv = mem.view; memLen = mem.byteLength;
            // Return the host's results from this frame.
            depth--;
            if (depth === 0) {
              stack.depth = 0;
              if (stack === root) return RunResult.Done;
              stack = returned(store, root, stack);
              continue outer;
            }
            {
              const caller = frameFunc[depth - 1]!;
              cf = caller.code!; code = cf.code; fp = frameFp[depth - 1]!; pc = framePc[depth - 1]!;
              if (caller.instance !== inst) {
                inst = caller.instance!; funcs = inst.funcs; globals = inst.globals; mem = inst.memories[0] ?? NO_MEMORY;
              }
              dv = mem.view; memLen = mem.byteLength;
            }
            break;
          }
          const cc = callee.code ?? ensureCompiled(callee);
          if (fp + cc.frameWords > stack.words) { stack.growSlots(fp + cc.frameWords); I = stack.i32; F = stack.f32; D = stack.f64; }
          for (let k = fp + cc.paramWords, e = fp + cc.localWords; k < e; k++) I[k] = 0;
          if (cc.refLocals.length !== 0) nullRefLocals(R, fp, cc.refLocals);
          frameFunc[depth - 1] = callee;
          code = cc.code; pc = 0; cf = cc;
          if (callee.instance !== inst) {
            inst = callee.instance!; funcs = inst.funcs; globals = inst.globals;
            mem = inst.memories[0] ?? NO_MEMORY; dv = mem.view; memLen = mem.byteLength;
          }
          if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; }
          break;
        }
        case Code.RETURN_CALL_REF: {
          const callee = R[(fp + code[pc + 1]!) >> 1] as FuncInstance | null;
          if (callee === null) throw new Trap('null', 'null function reference');
          const base = fp + code[pc + 2]!;
          // The arguments replace this frame's slots; the frame itself is reused.
          const nw = callee.type.params.length * 2;
          for (let k = 0; k < nw; k++) I[fp + k] = I[base + k]!;
          for (let k = 0; k < nw; k += 2) R[(fp + k) >> 1] = R[(base + k) >> 1] ?? null;
          if (callee.host !== null) {
            framePc[depth - 1] = pc;
            stack.depth = depth;
            if (callHost(stack, callee, fp)) { stack.pending!.tail = true; return RunResult.Blocked; }
            dv = mem.view; memLen = mem.byteLength;
            // Return the host's results from this frame.
            depth--;
            if (depth === 0) {
              stack.depth = 0;
              if (stack === root) return RunResult.Done;
              stack = returned(store, root, stack);
              continue outer;
            }
            {
              const caller = frameFunc[depth - 1]!;
              cf = caller.code!; code = cf.code; fp = frameFp[depth - 1]!; pc = framePc[depth - 1]!;
              if (caller.instance !== inst) {
                inst = caller.instance!; funcs = inst.funcs; globals = inst.globals; mem = inst.memories[0] ?? NO_MEMORY;
              }
              dv = mem.view; memLen = mem.byteLength;
            }
            break;
          }
          const cc = callee.code ?? ensureCompiled(callee);
          if (fp + cc.frameWords > stack.words) { stack.growSlots(fp + cc.frameWords); I = stack.i32; F = stack.f32; D = stack.f64; }
          for (let k = fp + cc.paramWords, e = fp + cc.localWords; k < e; k++) I[k] = 0;
          if (cc.refLocals.length !== 0) nullRefLocals(R, fp, cc.refLocals);
          frameFunc[depth - 1] = callee;
          code = cc.code; pc = 0; cf = cc;
          if (callee.instance !== inst) {
            inst = callee.instance!; funcs = inst.funcs; globals = inst.globals;
            mem = inst.memories[0] ?? NO_MEMORY; dv = mem.view; memLen = mem.byteLength;
          }
          if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; }
          break;
        }
        case Code.THROW: {
          const tag = inst.tags[code[pc + 1]!]!;
          throw new ExceptionRef(tag, stack.readValues(fp + code[pc + 2]!, tag.type.params));
        }
        case Code.THROW_REF: {
          const exn = R[(fp + code[pc + 1]!) >> 1];
          if (exn === null || exn === undefined) throw new Trap('null', 'null exception reference');
          throw exn;
        }
        case Code.CONT_NEW: {
          const f = (R[(fp + code[pc + 2]!) >> 1] ?? null) as FuncInstance | null;
          if (f !== null) {
            if (f.host !== null) throw new Trap('other', 'a continuation of a host function is not supported yet');
            ensureCompiled(f);
          }
          framePc[depth - 1] = pc; stack.depth = depth; // the creation site
          R[(fp + code[pc + 1]!) >> 1] = contNew(store, stack, f);
          pc += 3; break;
        }
        case Code.CONT_BIND:
          R[(fp + code[pc + 1]!) >> 1] = contBind(R[(fp + code[pc + 2]!) >> 1] as ContRef | null, stack, fp + code[pc + 3]!, code[pc + 4]!);
          pc += 5; break;
        case Code.SUSPEND: {
          const tag = inst.tags[code[pc + 1]!]!;
          framePc[depth - 1] = pc + 3; stack.depth = depth;
          stack = suspend(root, stack, tag, fp + code[pc + 2]!, tag.type.params.length);
          continue outer;
        }
        case Code.RESUME: {
          const ref = R[(fp + code[pc + 1]!) >> 1] as ContRef | null;
          framePc[depth - 1] = pc + 5; stack.depth = depth;
          stack = resume(root, stack, ref, fp + code[pc + 2]!, code[pc + 3]!, cf.resumeTables[code[pc + 4]!]!, inst);
          if (--fuel <= 0) return RunResult.OutOfFuel;
          continue outer;
        }
        case Code.RESUME_THROW: case Code.RESUME_THROW_REF: {
          const ref = R[(fp + code[pc + 1]!) >> 1] as ContRef | null;
          let exn: ExceptionRef | null;
          let base: number, table: number;
          if (code[pc] === Code.RESUME_THROW) {
            const tag = inst.tags[code[pc + 4]!]!;
            base = fp + code[pc + 2]!; table = code[pc + 3]!;
            exn = new ExceptionRef(tag, stack.readValues(base, tag.type.params));
          } else {
            exn = (R[(fp + code[pc + 2]!) >> 1] ?? null) as ExceptionRef | null;
            base = fp + code[pc + 3]!; table = code[pc + 4]!;
          }
          framePc[depth - 1] = pc + 5; stack.depth = depth;
          const caught = resumeThrow(store, root, stack, ref, exn, base, cf.resumeTables[table]!, inst);
          if (caught === null) { root.exception = exn; return RunResult.Exception; }
          stack = caught;
          continue outer;
        }
        case Code.SWITCH: {
          const ref = R[(fp + code[pc + 1]!) >> 1] as ContRef | null;
          framePc[depth - 1] = pc + 5; stack.depth = depth;
          stack = switchTo(root, stack, ref, inst.tags[code[pc + 4]!]!, fp + code[pc + 2]!, code[pc + 3]!);
          if (--fuel <= 0) return RunResult.OutOfFuel;
          continue outer;
        }
        case Code.GLOBAL_GET32: I[fp + code[pc + 1]!] = globals[code[pc + 2]!]!.lo; pc += 3; break;
        case Code.GLOBAL_GET64: { const g = globals[code[pc + 2]!]!, d = fp + code[pc + 1]!; I[d] = g.lo; I[d + 1] = g.hi; pc += 3; break; }
        case Code.GLOBAL_GETREF: R[(fp + code[pc + 1]!) >> 1] = globals[code[pc + 2]!]!.ref; pc += 3; break;
        case Code.GLOBAL_SET32: globals[code[pc + 2]!]!.lo = I[fp + code[pc + 1]!]!; pc += 3; break;
        case Code.GLOBAL_SET64: { const g = globals[code[pc + 2]!]!, s = fp + code[pc + 1]!; g.lo = I[s]!; g.hi = I[s + 1]!; pc += 3; break; }
        case Code.GLOBAL_SETREF: globals[code[pc + 2]!]!.ref = R[(fp + code[pc + 1]!) >> 1] ?? null; pc += 3; break;
        case Code.LOAD: {
          const ea = (I[fp + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
          loadAny(inst.memories[code[pc + 4]!]!, code[pc + 5]!, ea, I, fp + code[pc + 1]!);
          pc += 6; break;
        }
        case Code.STORE: {
          const ea = (I[fp + code[pc + 1]!]! >>> 0) + (code[pc + 3]! >>> 0);
          storeAny(inst.memories[code[pc + 4]!]!, code[pc + 5]!, ea, I, fp + code[pc + 2]!);
          pc += 6; break;
        }
        case Code.MEMORY_SIZE: I[fp + code[pc + 1]!] = inst.memories[code[pc + 2]!]!.pages; pc += 3; break;
        case Code.MEMORY_GROW:
          I[fp + code[pc + 1]!] = inst.memories[code[pc + 3]!]!.grow(I[fp + code[pc + 2]!]! >>> 0);
          dv = mem.view; memLen = mem.byteLength;
          pc += 4; break;
        case Code.MEMORY_FILL:
          memoryFill(inst.memories[code[pc + 4]!]!, I[fp + code[pc + 1]!]! >>> 0, I[fp + code[pc + 2]!]!, I[fp + code[pc + 3]!]! >>> 0);
          pc += 5; break;
        case Code.MEMORY_COPY:
          memoryCopy(inst.memories[code[pc + 4]!]!, inst.memories[code[pc + 5]!]!,
            I[fp + code[pc + 1]!]! >>> 0, I[fp + code[pc + 2]!]! >>> 0, I[fp + code[pc + 3]!]! >>> 0);
          pc += 6; break;
        case Code.MEMORY_INIT:
          memoryInit(inst.memories[code[pc + 5]!]!, inst.datas[code[pc + 4]!]!,
            I[fp + code[pc + 1]!]! >>> 0, I[fp + code[pc + 2]!]! >>> 0, I[fp + code[pc + 3]!]! >>> 0);
          pc += 6; break;
        case Code.DATA_DROP: inst.datas[code[pc + 1]!]!.drop(); pc += 2; break;
        case Code.ADDR64: I[fp + code[pc + 1]!] = effectiveAddress64(I, fp + code[pc + 2]!, code[pc + 3]!, code[pc + 4]!); pc += 5; break;
        case Code.INDEX64: I[fp + code[pc + 1]!] = saturatedIndex(I, fp + code[pc + 2]!); pc += 3; break;
        case Code.MEMORY_FILL64:
          memoryFill64(inst.memories[code[pc + 4]!]!, I, fp + code[pc + 1]!, fp + code[pc + 2]!, fp + code[pc + 3]!);
          pc += 5; break;
        case Code.MEMORY_COPY64:
          memoryCopy64(inst.memories[code[pc + 4]!]!, inst.memories[code[pc + 5]!]!, I, fp + code[pc + 1]!, fp + code[pc + 2]!, fp + code[pc + 3]!, code[pc + 6]!);
          pc += 7; break;
        case Code.MEMORY_INIT64:
          memoryInit64(inst.memories[code[pc + 5]!]!, inst.datas[code[pc + 4]!]!, I, fp + code[pc + 1]!, fp + code[pc + 2]!, fp + code[pc + 3]!);
          pc += 6; break;
        case Code.ATOMIC_LOAD:
          atomicLoad(inst.memories[code[pc + 4]!]!, code[pc + 5]!, (I[fp + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0), I, fp + code[pc + 1]!);
          pc += 6; break;
        case Code.ATOMIC_STORE:
          atomicStore(inst.memories[code[pc + 4]!]!, code[pc + 5]!, (I[fp + code[pc + 1]!]! >>> 0) + (code[pc + 3]! >>> 0), I, fp + code[pc + 2]!);
          pc += 6; break;
        case Code.ATOMIC_RMW:
          atomicRmw(inst.memories[code[pc + 5]!]!, code[pc + 6]!, (I[fp + code[pc + 2]!]! >>> 0) + (code[pc + 4]! >>> 0), I,
            fp + code[pc + 1]!, fp + code[pc + 3]!);
          pc += 7; break;
        case Code.ATOMIC_CMPXCHG:
          atomicCmpxchg(inst.memories[code[pc + 6]!]!, code[pc + 7]!, (I[fp + code[pc + 2]!]! >>> 0) + (code[pc + 5]! >>> 0), I,
            fp + code[pc + 1]!, fp + code[pc + 3]!, fp + code[pc + 4]!);
          pc += 8; break;
        case Code.MEMORY_ATOMIC_NOTIFY:
          I[fp + code[pc + 1]!] = atomicNotify(inst.memories[code[pc + 5]!]!, (I[fp + code[pc + 2]!]! >>> 0) + (code[pc + 4]! >>> 0),
            I[fp + code[pc + 3]!]!);
          pc += 6; break;
        case Code.MEMORY_ATOMIC_WAIT: {
          const m = inst.memories[code[pc + 6]!]!, ea = (I[fp + code[pc + 2]!]! >>> 0) + (code[pc + 5]! >>> 0);
          const timeoutNs = timeoutOf(I, fp + code[pc + 4]!);
          const r = atomicWaitCheck(m, code[pc + 7]!, ea, I, fp + code[pc + 3]!, timeoutNs);
          if (r >= 0) { I[fp + code[pc + 1]!] = r; pc += 8; break; }
          // Park: whoever runs this stack delivers the result to `dst` and runs it again after the wait.
          stack.wait = { memory: m, address: ea, timeoutNs, dst: fp + code[pc + 1]! };
          pc += 8; stack.depth = depth; framePc[depth - 1] = pc;
          return RunResult.Blocked;
        }
        case Code.TABLE_GET:
          R[(fp + code[pc + 1]!) >> 1] = tableGet(inst.tables[code[pc + 3]!]!, I[fp + code[pc + 2]!]! >>> 0);
          pc += 4; break;
        case Code.TABLE_SET:
          tableSet(inst.tables[code[pc + 3]!]!, I[fp + code[pc + 1]!]! >>> 0, R[(fp + code[pc + 2]!) >> 1] ?? null);
          pc += 4; break;
        case Code.TABLE_SIZE: I[fp + code[pc + 1]!] = inst.tables[code[pc + 2]!]!.length; pc += 3; break;
        case Code.TABLE_GROW:
          I[fp + code[pc + 1]!] = inst.tables[code[pc + 4]!]!.grow(I[fp + code[pc + 3]!]! >>> 0, R[(fp + code[pc + 2]!) >> 1] ?? null);
          pc += 5; break;
        case Code.TABLE_FILL:
          tableFill(inst.tables[code[pc + 4]!]!, I[fp + code[pc + 1]!]! >>> 0, R[(fp + code[pc + 2]!) >> 1] ?? null, I[fp + code[pc + 3]!]! >>> 0);
          pc += 5; break;
        case Code.TABLE_COPY:
          tableCopy(inst.tables[code[pc + 4]!]!, inst.tables[code[pc + 5]!]!,
            I[fp + code[pc + 1]!]! >>> 0, I[fp + code[pc + 2]!]! >>> 0, I[fp + code[pc + 3]!]! >>> 0);
          pc += 6; break;
        case Code.TABLE_INIT:
          tableInit(inst.tables[code[pc + 5]!]!, inst.elems[code[pc + 4]!]!,
            I[fp + code[pc + 1]!]! >>> 0, I[fp + code[pc + 2]!]! >>> 0, I[fp + code[pc + 3]!]! >>> 0);
          pc += 6; break;
        case Code.ELEM_DROP: inst.elems[code[pc + 1]!]!.drop(); pc += 2; break;
        case Code.REF_NULL: R[(fp + code[pc + 1]!) >> 1] = null; pc += 2; break;
        case Code.REF_IS_NULL: I[fp + code[pc + 1]!] = (R[(fp + code[pc + 2]!) >> 1] ?? null) === null ? 1 : 0; pc += 3; break;
        case Code.REF_FUNC: R[(fp + code[pc + 1]!) >> 1] = funcs[code[pc + 2]!]!; pc += 3; break;
        case Code.REF_AS_NON_NULL:
          if ((R[(fp + code[pc + 1]!) >> 1] ?? null) === null) throw new Trap('null', 'null reference');
          pc += 2; break;
        case Code.REF_EQ:
          I[fp + code[pc + 1]!] = (R[(fp + code[pc + 2]!) >> 1] ?? null) === (R[(fp + code[pc + 3]!) >> 1] ?? null) ? 1 : 0;
          pc += 4; break;
        case Code.BR_ON_NULL: pc = (R[(fp + code[pc + 1]!) >> 1] ?? null) === null ? code[pc + 2]! : pc + 3; break;
        case Code.BR_ON_NON_NULL: pc = (R[(fp + code[pc + 1]!) >> 1] ?? null) !== null ? code[pc + 2]! : pc + 3; break;
        case Code.UNSUPPORTED: throw new Trap('other', cf.messages[code[pc + 1]!] ?? 'unsupported instruction');
        case Code.I32_ADD: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = (a + b) | 0; pc += 4; break; }
        case Code.I32_SUB: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = (a - b) | 0; pc += 4; break; }
        case Code.I32_MUL: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = Math.imul(a, b); pc += 4; break; }
        case Code.I32_AND: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = a & b; pc += 4; break; }
        case Code.I32_OR: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = a | b; pc += 4; break; }
        case Code.I32_XOR: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = a ^ b; pc += 4; break; }
        case Code.I32_SHL: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = a << b; pc += 4; break; }
        case Code.I32_SHR_S: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = a >> b; pc += 4; break; }
        case Code.I32_SHR_U: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = (a >>> b) | 0; pc += 4; break; }
        case Code.I32_ROTL: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = (a << b) | (a >>> (32 - (b & 31))); pc += 4; break; }
        case Code.I32_ROTR: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = (a >>> b) | (a << (32 - (b & 31))); pc += 4; break; }
        case Code.I32_EQ: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = a === b ? 1 : 0; pc += 4; break; }
        case Code.I32_NE: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = a !== b ? 1 : 0; pc += 4; break; }
        case Code.I32_LT_S: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = a < b ? 1 : 0; pc += 4; break; }
        case Code.I32_LT_U: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = (a >>> 0) < (b >>> 0) ? 1 : 0; pc += 4; break; }
        case Code.I32_GT_S: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = a > b ? 1 : 0; pc += 4; break; }
        case Code.I32_GT_U: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = (a >>> 0) > (b >>> 0) ? 1 : 0; pc += 4; break; }
        case Code.I32_LE_S: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = a <= b ? 1 : 0; pc += 4; break; }
        case Code.I32_LE_U: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = (a >>> 0) <= (b >>> 0) ? 1 : 0; pc += 4; break; }
        case Code.I32_GE_S: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = a >= b ? 1 : 0; pc += 4; break; }
        case Code.I32_GE_U: { const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]]; I[fp + code[pc + 1]] = (a >>> 0) >= (b >>> 0) ? 1 : 0; pc += 4; break; }
        case Code.I32_DIV_S: {
          const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]];
          if (b === 0) throw divByZero();
          if (a === -2147483648 && b === -1) throw intOverflow();
          I[fp + code[pc + 1]] = (a / b) | 0; pc += 4; break;
        }
        case Code.I32_DIV_U: {
          const a = I[fp + code[pc + 2]] >>> 0, b = I[fp + code[pc + 3]] >>> 0;
          if (b === 0) throw divByZero();
          I[fp + code[pc + 1]] = (a / b) | 0; pc += 4; break;
        }
        case Code.I32_REM_S: {
          const a = I[fp + code[pc + 2]], b = I[fp + code[pc + 3]];
          if (b === 0) throw divByZero();
          I[fp + code[pc + 1]] = (a % b) | 0; pc += 4; break;
        }
        case Code.I32_REM_U: {
          const a = I[fp + code[pc + 2]] >>> 0, b = I[fp + code[pc + 3]] >>> 0;
          if (b === 0) throw divByZero();
          I[fp + code[pc + 1]] = (a % b) | 0; pc += 4; break;
        }
        case Code.I32_EQZ: { const a = I[fp + code[pc + 2]]; I[fp + code[pc + 1]] = a === 0 ? 1 : 0; pc += 3; break; }
        case Code.I32_CLZ: { const a = I[fp + code[pc + 2]]; I[fp + code[pc + 1]] = Math.clz32(a); pc += 3; break; }
        case Code.I32_CTZ: { const a = I[fp + code[pc + 2]]; I[fp + code[pc + 1]] = ctz32(a); pc += 3; break; }
        case Code.I32_POPCNT: { const a = I[fp + code[pc + 2]]; I[fp + code[pc + 1]] = popcnt32(a); pc += 3; break; }
        case Code.I32_EXTEND8_S: { const a = I[fp + code[pc + 2]]; I[fp + code[pc + 1]] = (a << 24) >> 24; pc += 3; break; }
        case Code.I32_EXTEND16_S: { const a = I[fp + code[pc + 2]]; I[fp + code[pc + 1]] = (a << 16) >> 16; pc += 3; break; }
        case Code.I32_WRAP_I64: { const a = I[fp + code[pc + 2]]; I[fp + code[pc + 1]] = a; pc += 3; break; }
        case Code.I32_REINTERPRET_F32: { const a = I[fp + code[pc + 2]]; I[fp + code[pc + 1]] = a; pc += 3; break; }
        case Code.F32_REINTERPRET_I32: { const a = I[fp + code[pc + 2]]; I[fp + code[pc + 1]] = a; pc += 3; break; }
        case Code.I64_ADD: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          const lo = (alo >>> 0) + (blo >>> 0);
          I[d] = lo | 0; I[d + 1] = (ahi + bhi + (lo > 0xffffffff ? 1 : 0)) | 0;
          pc += 4; break;
        }
        case Code.I64_SUB: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          const lo = (alo >>> 0) - (blo >>> 0);
          I[d] = lo | 0; I[d + 1] = (ahi - bhi - (lo < 0 ? 1 : 0)) | 0;
          pc += 4; break;
        }
        case Code.I64_AND: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          I[d] = alo & blo; I[d + 1] = ahi & bhi;
          pc += 4; break;
        }
        case Code.I64_OR: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          I[d] = alo | blo; I[d + 1] = ahi | bhi;
          pc += 4; break;
        }
        case Code.I64_XOR: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          I[d] = alo ^ blo; I[d + 1] = ahi ^ bhi;
          pc += 4; break;
        }
        case Code.I64_MUL: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          mul64(alo, ahi, blo, bhi); I[d] = out64[0]!; I[d + 1] = out64[1]!;
          pc += 4; break;
        }
        case Code.I64_SHL: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          shl64(alo, ahi, blo); I[d] = out64[0]!; I[d + 1] = out64[1]!; void bhi;
          pc += 4; break;
        }
        case Code.I64_SHR_S: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          shrS64(alo, ahi, blo); I[d] = out64[0]!; I[d + 1] = out64[1]!; void bhi;
          pc += 4; break;
        }
        case Code.I64_SHR_U: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          shrU64(alo, ahi, blo); I[d] = out64[0]!; I[d + 1] = out64[1]!; void bhi;
          pc += 4; break;
        }
        case Code.I64_ROTL: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          rotl64(alo, ahi, blo); I[d] = out64[0]!; I[d + 1] = out64[1]!; void bhi;
          pc += 4; break;
        }
        case Code.I64_ROTR: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          rotr64(alo, ahi, blo); I[d] = out64[0]!; I[d + 1] = out64[1]!; void bhi;
          pc += 4; break;
        }
        case Code.I64_EQ: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          I[d] = alo === blo && ahi === bhi ? 1 : 0;
          pc += 4; break;
        }
        case Code.I64_NE: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          I[d] = alo !== blo || ahi !== bhi ? 1 : 0;
          pc += 4; break;
        }
        case Code.I64_LT_S: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          I[d] = ahi < bhi || (ahi === bhi && (alo >>> 0) < (blo >>> 0)) ? 1 : 0;
          pc += 4; break;
        }
        case Code.I64_LT_U: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          I[d] = (ahi >>> 0) < (bhi >>> 0) || (ahi === bhi && (alo >>> 0) < (blo >>> 0)) ? 1 : 0;
          pc += 4; break;
        }
        case Code.I64_GT_S: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          I[d] = ahi > bhi || (ahi === bhi && (alo >>> 0) > (blo >>> 0)) ? 1 : 0;
          pc += 4; break;
        }
        case Code.I64_GT_U: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          I[d] = (ahi >>> 0) > (bhi >>> 0) || (ahi === bhi && (alo >>> 0) > (blo >>> 0)) ? 1 : 0;
          pc += 4; break;
        }
        case Code.I64_LE_S: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          I[d] = ahi < bhi || (ahi === bhi && (alo >>> 0) <= (blo >>> 0)) ? 1 : 0;
          pc += 4; break;
        }
        case Code.I64_LE_U: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          I[d] = (ahi >>> 0) < (bhi >>> 0) || (ahi === bhi && (alo >>> 0) <= (blo >>> 0)) ? 1 : 0;
          pc += 4; break;
        }
        case Code.I64_GE_S: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          I[d] = ahi > bhi || (ahi === bhi && (alo >>> 0) >= (blo >>> 0)) ? 1 : 0;
          pc += 4; break;
        }
        case Code.I64_GE_U: {
          const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1], blo = I[b], bhi = I[b + 1];
          I[d] = (ahi >>> 0) > (bhi >>> 0) || (ahi === bhi && (alo >>> 0) >= (blo >>> 0)) ? 1 : 0;
          pc += 4; break;
        }
        case Code.I64_DIV_S: {
          const B = stack.i64;
          const a = B[(fp + code[pc + 2]) >> 1]!, b = B[(fp + code[pc + 3]) >> 1]!, d = (fp + code[pc + 1]) >> 1;
          if (b === 0n) throw divByZero();
          if (b === -1n && a === -9223372036854775808n) throw intOverflow();
          B[d] = a / b;
          pc += 4; break;
        }
        case Code.I64_DIV_U: {
          const U = stack.u64;
          const a = U[(fp + code[pc + 2]) >> 1]!, b = U[(fp + code[pc + 3]) >> 1]!, d = (fp + code[pc + 1]) >> 1;
          if (b === 0n) throw divByZero();
          U[d] = a / b;
          pc += 4; break;
        }
        case Code.I64_REM_S: {
          const B = stack.i64;
          const a = B[(fp + code[pc + 2]) >> 1]!, b = B[(fp + code[pc + 3]) >> 1]!, d = (fp + code[pc + 1]) >> 1;
          if (b === 0n) throw divByZero();
          B[d] = b === -1n ? 0n : a % b;
          pc += 4; break;
        }
        case Code.I64_REM_U: {
          const U = stack.u64;
          const a = U[(fp + code[pc + 2]) >> 1]!, b = U[(fp + code[pc + 3]) >> 1]!, d = (fp + code[pc + 1]) >> 1;
          if (b === 0n) throw divByZero();
          U[d] = a % b;
          pc += 4; break;
        }
        case Code.I64_EQZ: {
          const a = fp + code[pc + 2], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1];
          I[d] = (alo | ahi) === 0 ? 1 : 0;
          pc += 3; break;
        }
        case Code.I64_CLZ: {
          const a = fp + code[pc + 2], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1];
          I[d] = clz64(alo, ahi); I[d + 1] = 0;
          pc += 3; break;
        }
        case Code.I64_CTZ: {
          const a = fp + code[pc + 2], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1];
          I[d] = ctz64(alo, ahi); I[d + 1] = 0;
          pc += 3; break;
        }
        case Code.I64_POPCNT: {
          const a = fp + code[pc + 2], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1];
          I[d] = popcnt32(alo) + popcnt32(ahi); I[d + 1] = 0;
          pc += 3; break;
        }
        case Code.I64_EXTEND8_S: {
          const a = fp + code[pc + 2], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1];
          const lo = (alo << 24) >> 24; I[d] = lo; I[d + 1] = lo >> 31; void ahi;
          pc += 3; break;
        }
        case Code.I64_EXTEND16_S: {
          const a = fp + code[pc + 2], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1];
          const lo = (alo << 16) >> 16; I[d] = lo; I[d + 1] = lo >> 31; void ahi;
          pc += 3; break;
        }
        case Code.I64_EXTEND32_S: {
          const a = fp + code[pc + 2], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1];
          I[d] = alo; I[d + 1] = alo >> 31; void ahi;
          pc += 3; break;
        }
        case Code.I64_REINTERPRET_F64: {
          const a = fp + code[pc + 2], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1];
          I[d] = alo; I[d + 1] = ahi;
          pc += 3; break;
        }
        case Code.F64_REINTERPRET_I64: {
          const a = fp + code[pc + 2], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1];
          I[d] = alo; I[d + 1] = ahi;
          pc += 3; break;
        }
        case Code.F32_CONVERT_I64_S: {
          const a = fp + code[pc + 2], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1];
          F[d] = i64ToF32(alo, ahi);
          pc += 3; break;
        }
        case Code.F32_CONVERT_I64_U: {
          const a = fp + code[pc + 2], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1];
          F[d] = u64ToF32(alo, ahi);
          pc += 3; break;
        }
        case Code.F64_CONVERT_I64_S: {
          const a = fp + code[pc + 2], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1];
          D[d >> 1] = i64ToF64(alo, ahi);
          pc += 3; break;
        }
        case Code.F64_CONVERT_I64_U: {
          const a = fp + code[pc + 2], d = fp + code[pc + 1];
          const alo = I[a], ahi = I[a + 1];
          D[d >> 1] = u64ToF64(alo, ahi);
          pc += 3; break;
        }
        case Code.I64_EXTEND_I32_S: { const a = I[fp + code[pc + 2]], d = fp + code[pc + 1]; I[d] = a; I[d + 1] = a >> 31; pc += 3; break; }
        case Code.I64_EXTEND_I32_U: { const a = I[fp + code[pc + 2]], d = fp + code[pc + 1]; I[d] = a; I[d + 1] = 0; pc += 3; break; }
        case Code.F32_ADD: { const a = F[fp + code[pc + 2]]!, b = F[fp + code[pc + 3]]!; F[fp + code[pc + 1]] = a + b; pc += 4; break; }
        case Code.F32_SUB: { const a = F[fp + code[pc + 2]]!, b = F[fp + code[pc + 3]]!; F[fp + code[pc + 1]] = a - b; pc += 4; break; }
        case Code.F32_MUL: { const a = F[fp + code[pc + 2]]!, b = F[fp + code[pc + 3]]!; F[fp + code[pc + 1]] = a * b; pc += 4; break; }
        case Code.F32_DIV: { const a = F[fp + code[pc + 2]]!, b = F[fp + code[pc + 3]]!; F[fp + code[pc + 1]] = a / b; pc += 4; break; }
        case Code.F32_MIN: { const a = F[fp + code[pc + 2]]!, b = F[fp + code[pc + 3]]!; F[fp + code[pc + 1]] = fmin(a, b); pc += 4; break; }
        case Code.F32_MAX: { const a = F[fp + code[pc + 2]]!, b = F[fp + code[pc + 3]]!; F[fp + code[pc + 1]] = fmax(a, b); pc += 4; break; }
        case Code.F32_EQ: { const a = F[fp + code[pc + 2]]!, b = F[fp + code[pc + 3]]!; I[fp + code[pc + 1]] = a === b ? 1 : 0; pc += 4; break; }
        case Code.F32_NE: { const a = F[fp + code[pc + 2]]!, b = F[fp + code[pc + 3]]!; I[fp + code[pc + 1]] = a !== b ? 1 : 0; pc += 4; break; }
        case Code.F32_LT: { const a = F[fp + code[pc + 2]]!, b = F[fp + code[pc + 3]]!; I[fp + code[pc + 1]] = a < b ? 1 : 0; pc += 4; break; }
        case Code.F32_GT: { const a = F[fp + code[pc + 2]]!, b = F[fp + code[pc + 3]]!; I[fp + code[pc + 1]] = a > b ? 1 : 0; pc += 4; break; }
        case Code.F32_LE: { const a = F[fp + code[pc + 2]]!, b = F[fp + code[pc + 3]]!; I[fp + code[pc + 1]] = a <= b ? 1 : 0; pc += 4; break; }
        case Code.F32_GE: { const a = F[fp + code[pc + 2]]!, b = F[fp + code[pc + 3]]!; I[fp + code[pc + 1]] = a >= b ? 1 : 0; pc += 4; break; }
        case Code.F32_CEIL: { const a = F[fp + code[pc + 2]]!; F[fp + code[pc + 1]] = Math.ceil(a); pc += 3; break; }
        case Code.F32_FLOOR: { const a = F[fp + code[pc + 2]]!; F[fp + code[pc + 1]] = Math.floor(a); pc += 3; break; }
        case Code.F32_TRUNC: { const a = F[fp + code[pc + 2]]!; F[fp + code[pc + 1]] = Math.trunc(a); pc += 3; break; }
        case Code.F32_NEAREST: { const a = F[fp + code[pc + 2]]!; F[fp + code[pc + 1]] = nearest(a); pc += 3; break; }
        case Code.F32_SQRT: { const a = F[fp + code[pc + 2]]!; F[fp + code[pc + 1]] = Math.sqrt(a); pc += 3; break; }
        case Code.F64_ADD: { const a = D[(fp + code[pc + 2]) >> 1]!, b = D[(fp + code[pc + 3]) >> 1]!; D[(fp + code[pc + 1]) >> 1] = a + b; pc += 4; break; }
        case Code.F64_SUB: { const a = D[(fp + code[pc + 2]) >> 1]!, b = D[(fp + code[pc + 3]) >> 1]!; D[(fp + code[pc + 1]) >> 1] = a - b; pc += 4; break; }
        case Code.F64_MUL: { const a = D[(fp + code[pc + 2]) >> 1]!, b = D[(fp + code[pc + 3]) >> 1]!; D[(fp + code[pc + 1]) >> 1] = a * b; pc += 4; break; }
        case Code.F64_DIV: { const a = D[(fp + code[pc + 2]) >> 1]!, b = D[(fp + code[pc + 3]) >> 1]!; D[(fp + code[pc + 1]) >> 1] = a / b; pc += 4; break; }
        case Code.F64_MIN: { const a = D[(fp + code[pc + 2]) >> 1]!, b = D[(fp + code[pc + 3]) >> 1]!; D[(fp + code[pc + 1]) >> 1] = fmin(a, b); pc += 4; break; }
        case Code.F64_MAX: { const a = D[(fp + code[pc + 2]) >> 1]!, b = D[(fp + code[pc + 3]) >> 1]!; D[(fp + code[pc + 1]) >> 1] = fmax(a, b); pc += 4; break; }
        case Code.F64_EQ: { const a = D[(fp + code[pc + 2]) >> 1]!, b = D[(fp + code[pc + 3]) >> 1]!; I[fp + code[pc + 1]] = a === b ? 1 : 0; pc += 4; break; }
        case Code.F64_NE: { const a = D[(fp + code[pc + 2]) >> 1]!, b = D[(fp + code[pc + 3]) >> 1]!; I[fp + code[pc + 1]] = a !== b ? 1 : 0; pc += 4; break; }
        case Code.F64_LT: { const a = D[(fp + code[pc + 2]) >> 1]!, b = D[(fp + code[pc + 3]) >> 1]!; I[fp + code[pc + 1]] = a < b ? 1 : 0; pc += 4; break; }
        case Code.F64_GT: { const a = D[(fp + code[pc + 2]) >> 1]!, b = D[(fp + code[pc + 3]) >> 1]!; I[fp + code[pc + 1]] = a > b ? 1 : 0; pc += 4; break; }
        case Code.F64_LE: { const a = D[(fp + code[pc + 2]) >> 1]!, b = D[(fp + code[pc + 3]) >> 1]!; I[fp + code[pc + 1]] = a <= b ? 1 : 0; pc += 4; break; }
        case Code.F64_GE: { const a = D[(fp + code[pc + 2]) >> 1]!, b = D[(fp + code[pc + 3]) >> 1]!; I[fp + code[pc + 1]] = a >= b ? 1 : 0; pc += 4; break; }
        case Code.F64_CEIL: { const a = D[(fp + code[pc + 2]) >> 1]!; D[(fp + code[pc + 1]) >> 1] = a !== a ? a + a : Math.ceil(a); pc += 3; break; }
        case Code.F64_FLOOR: { const a = D[(fp + code[pc + 2]) >> 1]!; D[(fp + code[pc + 1]) >> 1] = a !== a ? a + a : Math.floor(a); pc += 3; break; }
        case Code.F64_TRUNC: { const a = D[(fp + code[pc + 2]) >> 1]!; D[(fp + code[pc + 1]) >> 1] = a !== a ? a + a : Math.trunc(a); pc += 3; break; }
        case Code.F64_NEAREST: { const a = D[(fp + code[pc + 2]) >> 1]!; D[(fp + code[pc + 1]) >> 1] = a !== a ? a + a : nearest(a); pc += 3; break; }
        case Code.F64_SQRT: { const a = D[(fp + code[pc + 2]) >> 1]!; D[(fp + code[pc + 1]) >> 1] = Math.sqrt(a); pc += 3; break; }
        case Code.F32_ABS: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] & 0x7fffffff; pc += 3; break;
        case Code.F32_NEG: I[fp + code[pc + 1]] = I[fp + code[pc + 2]] ^ -2147483648; pc += 3; break;
        case Code.F32_COPYSIGN: I[fp + code[pc + 1]] = (I[fp + code[pc + 2]] & 0x7fffffff) | (I[fp + code[pc + 3]] & -2147483648); pc += 4; break;
        case Code.F64_ABS: { const a = fp + code[pc + 2], d = fp + code[pc + 1]; I[d] = I[a]; I[d + 1] = I[a + 1] & 0x7fffffff; pc += 3; break; }
        case Code.F64_NEG: { const a = fp + code[pc + 2], d = fp + code[pc + 1]; I[d] = I[a]; I[d + 1] = I[a + 1] ^ -2147483648; pc += 3; break; }
        case Code.F64_COPYSIGN: { const a = fp + code[pc + 2], b = fp + code[pc + 3], d = fp + code[pc + 1]; const sign = I[b + 1] & -2147483648; I[d] = I[a]; I[d + 1] = (I[a + 1] & 0x7fffffff) | sign; pc += 4; break; }
        case Code.I32_TRUNC_F32_S: I[fp + code[pc + 1]] = truncI32S(F[fp + code[pc + 2]]); pc += 3; break;
        case Code.I32_TRUNC_F32_U: I[fp + code[pc + 1]] = truncI32U(F[fp + code[pc + 2]]); pc += 3; break;
        case Code.I32_TRUNC_F64_S: I[fp + code[pc + 1]] = truncI32S(D[(fp + code[pc + 2]) >> 1]); pc += 3; break;
        case Code.I32_TRUNC_F64_U: I[fp + code[pc + 1]] = truncI32U(D[(fp + code[pc + 2]) >> 1]); pc += 3; break;
        case Code.I32_TRUNC_SAT_F32_S: I[fp + code[pc + 1]] = truncSatI32S(F[fp + code[pc + 2]]); pc += 3; break;
        case Code.I32_TRUNC_SAT_F32_U: I[fp + code[pc + 1]] = truncSatI32U(F[fp + code[pc + 2]]); pc += 3; break;
        case Code.I32_TRUNC_SAT_F64_S: I[fp + code[pc + 1]] = truncSatI32S(D[(fp + code[pc + 2]) >> 1]); pc += 3; break;
        case Code.I32_TRUNC_SAT_F64_U: I[fp + code[pc + 1]] = truncSatI32U(D[(fp + code[pc + 2]) >> 1]); pc += 3; break;
        case Code.F32_CONVERT_I32_S: F[fp + code[pc + 1]] = I[fp + code[pc + 2]]; pc += 3; break;
        case Code.F32_CONVERT_I32_U: F[fp + code[pc + 1]] = I[fp + code[pc + 2]] >>> 0; pc += 3; break;
        case Code.F64_CONVERT_I32_S: D[(fp + code[pc + 1]) >> 1] = I[fp + code[pc + 2]]; pc += 3; break;
        case Code.F64_CONVERT_I32_U: D[(fp + code[pc + 1]) >> 1] = I[fp + code[pc + 2]] >>> 0; pc += 3; break;
        case Code.F32_DEMOTE_F64: F[fp + code[pc + 1]] = D[(fp + code[pc + 2]) >> 1]; pc += 3; break;
        case Code.F64_PROMOTE_F32: D[(fp + code[pc + 1]) >> 1] = F[fp + code[pc + 2]]; pc += 3; break;
        case Code.I64_TRUNC_F32_S: { truncI64S(F[fp + code[pc + 2]]!); const d = fp + code[pc + 1]; I[d] = out64[0]!; I[d + 1] = out64[1]!; pc += 3; break; }
        case Code.I64_TRUNC_F32_U: { truncI64U(F[fp + code[pc + 2]]!); const d = fp + code[pc + 1]; I[d] = out64[0]!; I[d + 1] = out64[1]!; pc += 3; break; }
        case Code.I64_TRUNC_F64_S: { truncI64S(D[(fp + code[pc + 2]) >> 1]!); const d = fp + code[pc + 1]; I[d] = out64[0]!; I[d + 1] = out64[1]!; pc += 3; break; }
        case Code.I64_TRUNC_F64_U: { truncI64U(D[(fp + code[pc + 2]) >> 1]!); const d = fp + code[pc + 1]; I[d] = out64[0]!; I[d + 1] = out64[1]!; pc += 3; break; }
        case Code.I64_TRUNC_SAT_F32_S: { truncSatI64S(F[fp + code[pc + 2]]!); const d = fp + code[pc + 1]; I[d] = out64[0]!; I[d + 1] = out64[1]!; pc += 3; break; }
        case Code.I64_TRUNC_SAT_F32_U: { truncSatI64U(F[fp + code[pc + 2]]!); const d = fp + code[pc + 1]; I[d] = out64[0]!; I[d + 1] = out64[1]!; pc += 3; break; }
        case Code.I64_TRUNC_SAT_F64_S: { truncSatI64S(D[(fp + code[pc + 2]) >> 1]!); const d = fp + code[pc + 1]; I[d] = out64[0]!; I[d + 1] = out64[1]!; pc += 3; break; }
        case Code.I64_TRUNC_SAT_F64_U: { truncSatI64U(D[(fp + code[pc + 2]) >> 1]!); const d = fp + code[pc + 1]; I[d] = out64[0]!; I[d + 1] = out64[1]!; pc += 3; break; }
        case Code.I32_LOAD: {
          const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memLen) throw memoryTrap();
          I[fp + code[pc + 1]] = dv.getInt32(ea, true);
          pc += 4; break;
        }
        case Code.F32_LOAD: {
          const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memLen) throw memoryTrap();
          I[fp + code[pc + 1]] = dv.getInt32(ea, true);
          pc += 4; break;
        }
        case Code.I64_LOAD: {
          const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 8 > memLen) throw memoryTrap();
          const d = fp + code[pc + 1]; I[d] = dv.getInt32(ea, true); I[d + 1] = dv.getInt32(ea + 4, true);
          pc += 4; break;
        }
        case Code.F64_LOAD: {
          const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 8 > memLen) throw memoryTrap();
          const d = fp + code[pc + 1]; I[d] = dv.getInt32(ea, true); I[d + 1] = dv.getInt32(ea + 4, true);
          pc += 4; break;
        }
        case Code.I32_LOAD8_S: {
          const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 1 > memLen) throw memoryTrap();
          I[fp + code[pc + 1]] = dv.getInt8(ea);
          pc += 4; break;
        }
        case Code.I32_LOAD8_U: {
          const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 1 > memLen) throw memoryTrap();
          I[fp + code[pc + 1]] = dv.getUint8(ea);
          pc += 4; break;
        }
        case Code.I32_LOAD16_S: {
          const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 2 > memLen) throw memoryTrap();
          I[fp + code[pc + 1]] = dv.getInt16(ea, true);
          pc += 4; break;
        }
        case Code.I32_LOAD16_U: {
          const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 2 > memLen) throw memoryTrap();
          I[fp + code[pc + 1]] = dv.getUint16(ea, true);
          pc += 4; break;
        }
        case Code.I64_LOAD8_S: {
          const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 1 > memLen) throw memoryTrap();
          const d = fp + code[pc + 1], v = dv.getInt8(ea); I[d] = v; I[d + 1] = v >> 31;
          pc += 4; break;
        }
        case Code.I64_LOAD8_U: {
          const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 1 > memLen) throw memoryTrap();
          const d = fp + code[pc + 1]; I[d] = dv.getUint8(ea); I[d + 1] = 0;
          pc += 4; break;
        }
        case Code.I64_LOAD16_S: {
          const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 2 > memLen) throw memoryTrap();
          const d = fp + code[pc + 1], v = dv.getInt16(ea, true); I[d] = v; I[d + 1] = v >> 31;
          pc += 4; break;
        }
        case Code.I64_LOAD16_U: {
          const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 2 > memLen) throw memoryTrap();
          const d = fp + code[pc + 1]; I[d] = dv.getUint16(ea, true); I[d + 1] = 0;
          pc += 4; break;
        }
        case Code.I64_LOAD32_S: {
          const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memLen) throw memoryTrap();
          const d = fp + code[pc + 1], v = dv.getInt32(ea, true); I[d] = v; I[d + 1] = v >> 31;
          pc += 4; break;
        }
        case Code.I64_LOAD32_U: {
          const ea = (I[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memLen) throw memoryTrap();
          const d = fp + code[pc + 1]; I[d] = dv.getInt32(ea, true); I[d + 1] = 0;
          pc += 4; break;
        }
        case Code.I32_STORE: {
          const ea = (I[fp + code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memLen) throw memoryTrap();
          dv.setInt32(ea, I[fp + code[pc + 2]]!, true);
          pc += 4; break;
        }
        case Code.F32_STORE: {
          const ea = (I[fp + code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memLen) throw memoryTrap();
          dv.setInt32(ea, I[fp + code[pc + 2]]!, true);
          pc += 4; break;
        }
        case Code.I64_STORE: {
          const ea = (I[fp + code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 8 > memLen) throw memoryTrap();
          const v = fp + code[pc + 2]; dv.setInt32(ea, I[v]!, true); dv.setInt32(ea + 4, I[v + 1]!, true);
          pc += 4; break;
        }
        case Code.F64_STORE: {
          const ea = (I[fp + code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 8 > memLen) throw memoryTrap();
          const v = fp + code[pc + 2]; dv.setInt32(ea, I[v]!, true); dv.setInt32(ea + 4, I[v + 1]!, true);
          pc += 4; break;
        }
        case Code.I32_STORE8: {
          const ea = (I[fp + code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 1 > memLen) throw memoryTrap();
          dv.setInt8(ea, I[fp + code[pc + 2]]!);
          pc += 4; break;
        }
        case Code.I64_STORE8: {
          const ea = (I[fp + code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 1 > memLen) throw memoryTrap();
          dv.setInt8(ea, I[fp + code[pc + 2]]!);
          pc += 4; break;
        }
        case Code.I32_STORE16: {
          const ea = (I[fp + code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 2 > memLen) throw memoryTrap();
          dv.setInt16(ea, I[fp + code[pc + 2]]!, true);
          pc += 4; break;
        }
        case Code.I64_STORE16: {
          const ea = (I[fp + code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 2 > memLen) throw memoryTrap();
          dv.setInt16(ea, I[fp + code[pc + 2]]!, true);
          pc += 4; break;
        }
        case Code.I64_STORE32: {
          const ea = (I[fp + code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memLen) throw memoryTrap();
          dv.setInt32(ea, I[fp + code[pc + 2]]!, true);
          pc += 4; break;
        }
        case Code.I32_ADD_RI: { const a = I[fp + code[pc + 2]!]!, b = code[pc + 3]!; I[fp + code[pc + 1]!] = (a + b) | 0; pc += 4; break; }
        case Code.I32_SUB_RI: { const a = I[fp + code[pc + 2]!]!, b = code[pc + 3]!; I[fp + code[pc + 1]!] = (a - b) | 0; pc += 4; break; }
        case Code.I32_MUL_RI: { const a = I[fp + code[pc + 2]!]!, b = code[pc + 3]!; I[fp + code[pc + 1]!] = Math.imul(a, b); pc += 4; break; }
        case Code.I32_AND_RI: { const a = I[fp + code[pc + 2]!]!, b = code[pc + 3]!; I[fp + code[pc + 1]!] = a & b; pc += 4; break; }
        case Code.I32_OR_RI: { const a = I[fp + code[pc + 2]!]!, b = code[pc + 3]!; I[fp + code[pc + 1]!] = a | b; pc += 4; break; }
        case Code.I32_XOR_RI: { const a = I[fp + code[pc + 2]!]!, b = code[pc + 3]!; I[fp + code[pc + 1]!] = a ^ b; pc += 4; break; }
        case Code.I32_SHL_RI: { const a = I[fp + code[pc + 2]!]!, b = code[pc + 3]!; I[fp + code[pc + 1]!] = a << b; pc += 4; break; }
        case Code.I32_SHR_S_RI: { const a = I[fp + code[pc + 2]!]!, b = code[pc + 3]!; I[fp + code[pc + 1]!] = a >> b; pc += 4; break; }
        case Code.I32_SHR_U_RI: { const a = I[fp + code[pc + 2]!]!, b = code[pc + 3]!; I[fp + code[pc + 1]!] = (a >>> b) | 0; pc += 4; break; }
        case Code.I32_EQ_RI: { const a = I[fp + code[pc + 2]!]!, b = code[pc + 3]!; I[fp + code[pc + 1]!] = a === b ? 1 : 0; pc += 4; break; }
        case Code.I32_NE_RI: { const a = I[fp + code[pc + 2]!]!, b = code[pc + 3]!; I[fp + code[pc + 1]!] = a !== b ? 1 : 0; pc += 4; break; }
        case Code.I32_LT_S_RI: { const a = I[fp + code[pc + 2]!]!, b = code[pc + 3]!; I[fp + code[pc + 1]!] = a < b ? 1 : 0; pc += 4; break; }
        case Code.I32_LT_U_RI: { const a = I[fp + code[pc + 2]!]!, b = code[pc + 3]!; I[fp + code[pc + 1]!] = (a >>> 0) < (b >>> 0) ? 1 : 0; pc += 4; break; }
        case Code.I32_GT_S_RI: { const a = I[fp + code[pc + 2]!]!, b = code[pc + 3]!; I[fp + code[pc + 1]!] = a > b ? 1 : 0; pc += 4; break; }
        case Code.I32_GT_U_RI: { const a = I[fp + code[pc + 2]!]!, b = code[pc + 3]!; I[fp + code[pc + 1]!] = (a >>> 0) > (b >>> 0) ? 1 : 0; pc += 4; break; }
        case Code.I32_LE_S_RI: { const a = I[fp + code[pc + 2]!]!, b = code[pc + 3]!; I[fp + code[pc + 1]!] = a <= b ? 1 : 0; pc += 4; break; }
        case Code.I32_LE_U_RI: { const a = I[fp + code[pc + 2]!]!, b = code[pc + 3]!; I[fp + code[pc + 1]!] = (a >>> 0) <= (b >>> 0) ? 1 : 0; pc += 4; break; }
        case Code.I32_GE_S_RI: { const a = I[fp + code[pc + 2]!]!, b = code[pc + 3]!; I[fp + code[pc + 1]!] = a >= b ? 1 : 0; pc += 4; break; }
        case Code.I32_GE_U_RI: { const a = I[fp + code[pc + 2]!]!, b = code[pc + 3]!; I[fp + code[pc + 1]!] = (a >>> 0) >= (b >>> 0) ? 1 : 0; pc += 4; break; }
        case Code.BR_EQ: {
          const a = I[fp + code[pc + 1]!]!, b = I[fp + code[pc + 2]!]!;
          if (a === b) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_EQ_RI: {
          const a = I[fp + code[pc + 1]!]!, b = code[pc + 2]!;
          if (a === b) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_NE: {
          const a = I[fp + code[pc + 1]!]!, b = I[fp + code[pc + 2]!]!;
          if (a !== b) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_NE_RI: {
          const a = I[fp + code[pc + 1]!]!, b = code[pc + 2]!;
          if (a !== b) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_LT_S: {
          const a = I[fp + code[pc + 1]!]!, b = I[fp + code[pc + 2]!]!;
          if (a < b) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_LT_S_RI: {
          const a = I[fp + code[pc + 1]!]!, b = code[pc + 2]!;
          if (a < b) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_LT_U: {
          const a = I[fp + code[pc + 1]!]!, b = I[fp + code[pc + 2]!]!;
          if ((a >>> 0) < (b >>> 0)) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_LT_U_RI: {
          const a = I[fp + code[pc + 1]!]!, b = code[pc + 2]!;
          if ((a >>> 0) < (b >>> 0)) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_GT_S: {
          const a = I[fp + code[pc + 1]!]!, b = I[fp + code[pc + 2]!]!;
          if (a > b) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_GT_S_RI: {
          const a = I[fp + code[pc + 1]!]!, b = code[pc + 2]!;
          if (a > b) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_GT_U: {
          const a = I[fp + code[pc + 1]!]!, b = I[fp + code[pc + 2]!]!;
          if ((a >>> 0) > (b >>> 0)) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_GT_U_RI: {
          const a = I[fp + code[pc + 1]!]!, b = code[pc + 2]!;
          if ((a >>> 0) > (b >>> 0)) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_LE_S: {
          const a = I[fp + code[pc + 1]!]!, b = I[fp + code[pc + 2]!]!;
          if (a <= b) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_LE_S_RI: {
          const a = I[fp + code[pc + 1]!]!, b = code[pc + 2]!;
          if (a <= b) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_LE_U: {
          const a = I[fp + code[pc + 1]!]!, b = I[fp + code[pc + 2]!]!;
          if ((a >>> 0) <= (b >>> 0)) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_LE_U_RI: {
          const a = I[fp + code[pc + 1]!]!, b = code[pc + 2]!;
          if ((a >>> 0) <= (b >>> 0)) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_GE_S: {
          const a = I[fp + code[pc + 1]!]!, b = I[fp + code[pc + 2]!]!;
          if (a >= b) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_GE_S_RI: {
          const a = I[fp + code[pc + 1]!]!, b = code[pc + 2]!;
          if (a >= b) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_GE_U: {
          const a = I[fp + code[pc + 1]!]!, b = I[fp + code[pc + 2]!]!;
          if ((a >>> 0) >= (b >>> 0)) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_GE_U_RI: {
          const a = I[fp + code[pc + 1]!]!, b = code[pc + 2]!;
          if ((a >>> 0) >= (b >>> 0)) { pc = code[pc + 3]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 4;
          break;
        }
        case Code.BR_EQZ:
          if (I[fp + code[pc + 1]!] === 0) { pc = code[pc + 2]!; if (--fuel <= 0) { stack.depth = depth; framePc[depth - 1] = pc; return RunResult.OutOfFuel; } } else pc += 3;
          break;
        case Code.BREAK: {
          // A debugger's breakpoint (runtime/debug/): stop here, or, when the
          // debugger resumes past it, run the instruction it covers once.
          const original = stack.passBreak ? cf.breaks?.get(pc) : undefined;
          stack.passBreak = false;
          if (original !== undefined) { op = original; continue; }
          stack.depth = depth; framePc[depth - 1] = pc;
          return RunResult.Break;
        }
        default:
          throw new EngineBug(`unknown internal code ${code[pc]} at pc ${pc} in ${cf.name}`);
        }
        op = code[pc]!;
      }
    } catch (e) {
      stack.depth = depth;
      framePc[depth - 1] = pc;
      let exn: ExceptionRef;
      if (e instanceof ExceptionRef) exn = e;
      else if (e instanceof WasmException) exn = e.exn;
      else if (e instanceof Trap || isJsStackOverflow(e)) {
        const trap = e instanceof Trap ? e : new Trap('exhaustion', 'call stack exhausted');
        // Before the chain is abandoned: the frames of every segment, for people reading the trap.
        trap.backtrace ??= trapBacktrace(stack);
        root.trap = trap;
        if (stack !== root && !root.keepChainOnTrap) abandonChain(store, root, stack);
        return RunResult.Trap;
      }
      else if (e instanceof EngineBug) throw e;
      else {
        const bug = new EngineBug(`internal error in ${cf.name} at pc ${pc}: ${e instanceof Error ? e.message : String(e)}`);
        if (e instanceof Error) bug.stack = `${bug.stack}\ncaused by: ${e.stack}`;
        throw bug;
      }
      const caught = stack === root ? (unwind(stack, exn, pc) ? stack : null) : deliver(store, root, stack, exn, pc);
      if (caught === null) { root.exception = exn; return RunResult.Exception; }
      // Handled: the loop reloads its state from the frame that caught it (maybe on another stack of the chain).
      stack = caught;
    }
  }
}
