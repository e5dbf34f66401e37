// Validation of one function body: the operand/control stack algorithm of the
// spec's appendix, with the polymorphic stack of unreachable code (popping
// past a frame's base there yields BOT, which matches every type).
//
// The validator is reused for every function of a module and keeps all of
// its state in growable typed arrays, so checking an instruction allocates
// nothing; it runs on every keystroke in the language server.
//
// Besides accepting or rejecting, it records the operand stack height before
// every instruction (the interpreter's compiler lays out its frames with it,
// the debugger shows it), -1 where the instruction can never execute.

import { CompileError } from '../errors.js';
import type { Func, Instr } from '../syntax/module.js';
import {
  asNonNullable, EXNREF, FUNCREF, I32, I64, isRef, refHeap, refNullable, refType, valTypeToString,
  AbsHeap, heapTypeIndex, isConcreteHeap,
  type BlockType, type FuncType, type ValType,
} from '../syntax/types.js';
import type { ValidationContext } from './context.js';
import { BOT, refToType, type ModuleTypes } from './module-types.js';
import { opRule, Rule as RuleEnum } from './op-table.js';
import { invalid } from './report.js';

export interface FuncValidation {
  /**
   * Operand stack height (values, not counting locals) before each
   * instruction of `func.body`; -1 for instructions in unreachable code
   * (after an unconditional branch, or inside a block that starts there).
   * For the markers `else`, `catch`, `catch_all`, `delegate` and `end` it is
   * the height at the fall-through out of the arm they close (-1 when that
   * arm cannot fall through).
   */
  readonly heights: Int32Array;
  /** The largest height the operand stack reaches in the function. */
  readonly maxHeight: number;
}

/** What kind of construct a control frame is; decides label types and what may follow. */
const enum Frame { Func, Block, Loop, If, Else, Try, Catch, CatchAll, TryTable }

const NONE: readonly ValType[] = [];
/** Local alias of the rule enum: see op-table.ts for why. */
const Rule = RuleEnum;
const REF_EXN: ValType = refType(AbsHeap.Exn, false);

export class FunctionValidator {
  private readonly types: ModuleTypes;
  // Operand stack.
  private vals = new Int32Array(256);
  private vh = 0;
  // Control stack, as parallel arrays indexed by depth.
  private cKind = new Uint8Array(32);
  private cHeight = new Int32Array(32);
  private cUnreachable = new Uint8Array(32);
  /** The frame was entered from unreachable code: nothing in it can run. */
  private cDead = new Uint8Array(32);
  /** initLog height at frame entry: locals initialised since then become uninitialised again at its end. */
  private cInitMark = new Int32Array(32);
  private cParams: (readonly ValType[])[] = [];
  private cResults: (readonly ValType[])[] = [];
  private depth = 0;
  // Locals and their initialisation state (non-defaultable locals start uninitialised).
  private locals = new Int32Array(32);
  private localCount = 0;
  private localInit = new Uint8Array(32);
  private initLog = new Int32Array(32);
  private initLogHeight = 0;

  private funcResults: readonly ValType[] = NONE;
  private instr: Instr | undefined;
  private readonly singleTypes = new Map<ValType, readonly ValType[]>();

  constructor(private readonly ctx: ValidationContext) {
    this.types = ctx.types;
  }

  validate(func: Func): FuncValidation {
    const types = this.types;
    this.instr = undefined;
    const ft = types.funcType(func.typeIndex, func.span ? { kind: 'text', span: func.span } : { kind: 'binary', offset: func.bodyOffset });
    this.setUpLocals(ft, func);
    this.funcResults = ft.results;
    this.vh = 0;
    this.depth = 0;
    this.initLogHeight = 0;
    this.pushCtrl(Frame.Func, NONE, ft.results);

    const body = func.body;
    const n = body.length;
    const heights = new Int32Array(n);
    let maxHeight = 0;
    for (let i = 0; i < n; i++) {
      const ins = body[i]!;
      this.instr = ins;
      const d = this.depth - 1;
      if (d < 0) throw invalid('instructions after the end of the function', ins);
      if (this.cDead[d]! | this.cUnreachable[d]!) {
        heights[i] = -1;
      } else {
        heights[i] = this.vh;
        if (this.vh > maxHeight) maxHeight = this.vh;
      }
      this.step(ins);
    }
    if (this.depth !== 0) throw invalid('function body must end with `end`', body[n - 1]);
    return { heights, maxHeight };
  }

  private setUpLocals(ft: FuncType, func: Func): void {
    const count = ft.params.length + func.locals.length;
    if (this.locals.length < count) {
      this.locals = new Int32Array(count * 2);
      this.localInit = new Uint8Array(count * 2);
    }
    let k = 0;
    for (const t of ft.params) {
      this.locals[k] = t;
      this.localInit[k++] = 1;
    }
    for (const t of func.locals) {
      this.types.checkValType(t, func.span ? { kind: 'text', span: func.span } : undefined);
      this.locals[k] = t;
      // Non-nullable references have no default value: reading one before a set is invalid.
      this.localInit[k++] = isRef(t) && !refNullable(t) ? 0 : 1;
    }
    this.localCount = count;
  }

  // ---- one instruction ----

  private step(ins: Instr): void {
    const r = opRule(ins.op);
    if (!r) throw new CompileError('unsupported', `unknown opcode 0x${ins.op.toString(16)}`, this.loc());
    const ctx = this.ctx;
    const types = this.types;
    switch (r.rule) {
      case Rule.Fixed:
        this.popTypes(r.params);
        this.pushTypes(r.results);
        return;
      case Rule.MemAccess: {
        const ma = ins.memArg;
        if (!ma) throw invalid('memory instruction without memarg', ins);
        const mem = this.memory(ma.memory);
        const natural = r.info.naturalAlign;
        if (ma.align > natural) throw invalid('alignment must not be larger than natural', ins);
        if (r.atomic && ma.align !== natural) throw invalid('atomic alignment must be natural', ins);
        if (!mem.index64 && BigInt(ma.offset) > 0xffffffffn) throw invalid('offset out of range', ins);
        this.popTypes(mem.index64 ? r.params64 : r.params);
        this.pushTypes(r.results);
        return;
      }
      case Rule.MemorySize:
        this.push(this.memAddr(ins.index));
        return;
      case Rule.MemoryGrow: {
        const at = this.memAddr(ins.index);
        this.pop(at);
        this.push(at);
        return;
      }
      case Rule.MemoryFill: {
        const at = this.memAddr(ins.index);
        this.pop(at);
        this.pop(I32);
        this.pop(at);
        return;
      }
      case Rule.MemoryCopy: {
        const dst = this.memAddr(ins.index);
        const src = this.memAddr(ins.index2);
        this.pop(dst === I64 && src === I64 ? I64 : I32);
        this.pop(src);
        this.pop(dst);
        return;
      }
      case Rule.MemoryInit: {
        const at = this.memAddr(ins.index2);
        this.dataSegment(ins.index);
        this.pop(I32);
        this.pop(I32);
        this.pop(at);
        return;
      }
      case Rule.DataDrop:
        this.dataSegment(ins.index);
        return;
      case Rule.Unreachable:
        this.setUnreachable();
        return;
      case Rule.Nop:
      case Rule.AtomicFence:
        return;
      case Rule.Block:
      case Rule.Loop: {
        const bt = this.blockType(ins.blockType);
        this.popTypes(bt.params);
        this.pushCtrl(r.rule === Rule.Block ? Frame.Block : Frame.Loop, bt.params, bt.results);
        return;
      }
      case Rule.If: {
        const bt = this.blockType(ins.blockType);
        this.pop(I32);
        this.popTypes(bt.params);
        this.pushCtrl(Frame.If, bt.params, bt.results);
        return;
      }
      case Rule.Else: {
        const d = this.depth - 1;
        if (this.cKind[d] !== Frame.If) throw invalid('else without matching if', ins);
        this.restartFrame(d, Frame.Else);
        this.pushTypes(this.cParams[d]!);
        return;
      }
      case Rule.End:
        this.end();
        return;
      case Rule.Br:
        this.popTypes(this.labelTypes(ins.index));
        this.setUnreachable();
        return;
      case Rule.BrIf: {
        this.pop(I32);
        const lt = this.labelTypes(ins.index);
        this.popTypes(lt);
        this.pushTypes(lt);
        return;
      }
      case Rule.BrTable:
        this.brTable(ins);
        return;
      case Rule.Return:
        this.popTypes(this.funcResults);
        this.setUnreachable();
        return;
      case Rule.Call:
      case Rule.ReturnCall: {
        const ft = types.funcType(this.funcType(ins.index), ins);
        this.popTypes(ft.params);
        this.callResults(ft, r.rule === Rule.ReturnCall);
        return;
      }
      case Rule.CallIndirect:
      case Rule.ReturnCallIndirect: {
        const table = this.table(ins.index2);
        if (!types.matches(table.elem, FUNCREF)) throw this.mismatch(`call_indirect on a table of ${valTypeToString(table.elem)}`);
        const ft = types.funcType(ins.index, ins);
        this.pop(table.index64 ? I64 : I32);
        this.popTypes(ft.params);
        this.callResults(ft, r.rule === Rule.ReturnCallIndirect);
        return;
      }
      case Rule.CallRef:
      case Rule.ReturnCallRef: {
        const ft = types.funcType(ins.index, ins);
        this.pop(refToType(ins.index, true));
        this.popTypes(ft.params);
        this.callResults(ft, r.rule === Rule.ReturnCallRef);
        return;
      }
      case Rule.Drop:
        this.popAny();
        return;
      case Rule.Select: {
        this.pop(I32);
        const t1 = this.popAny();
        const t2 = this.popAny();
        // Untyped select only picks between numbers or vectors; references need `select (result t)`.
        if (isRef(t1) || isRef(t2)) throw this.mismatch('select without a type needs numeric operands');
        if (t1 !== t2 && t1 !== BOT && t2 !== BOT) {
          throw this.mismatch(`select operands ${valTypeToString(t2)} and ${valTypeToString(t1)} differ`);
        }
        this.push(t1 === BOT ? t2 : t1);
        return;
      }
      case Rule.SelectT: {
        const ts = ins.types ?? NONE;
        if (ts.length !== 1) throw invalid('invalid result arity', ins);
        const t = ts[0]!;
        types.checkValType(t, ins);
        this.pop(I32);
        this.pop(t);
        this.pop(t);
        this.push(t);
        return;
      }
      case Rule.LocalGet: {
        const x = this.local(ins.index);
        if (!this.localInit[x]) throw invalid(`uninitialized local ${x}`, ins);
        this.push(this.locals[x]!);
        return;
      }
      case Rule.LocalSet: {
        const x = this.local(ins.index);
        this.pop(this.locals[x]!);
        this.initLocal(x);
        return;
      }
      case Rule.LocalTee: {
        const x = this.local(ins.index);
        const t = this.locals[x]!;
        this.pop(t);
        this.initLocal(x);
        this.push(t);
        return;
      }
      case Rule.GlobalGet:
        this.push(this.global(ins.index).type);
        return;
      case Rule.GlobalSet: {
        const g = this.global(ins.index);
        if (!g.mutable) throw invalid(`immutable global ${ins.index}`, ins);
        this.pop(g.type);
        return;
      }
      case Rule.TableGet: {
        const t = this.table(ins.index);
        this.pop(t.index64 ? I64 : I32);
        this.push(t.elem);
        return;
      }
      case Rule.TableSet: {
        const t = this.table(ins.index);
        this.pop(t.elem);
        this.pop(t.index64 ? I64 : I32);
        return;
      }
      case Rule.TableInit: {
        const t = this.table(ins.index2);
        const et = this.elemSegment(ins.index);
        if (!types.matches(et, t.elem)) {
          throw this.mismatch(`element segment of ${valTypeToString(et)} into a table of ${valTypeToString(t.elem)}`);
        }
        this.pop(I32);
        this.pop(I32);
        this.pop(t.index64 ? I64 : I32);
        return;
      }
      case Rule.ElemDrop:
        this.elemSegment(ins.index);
        return;
      case Rule.TableCopy: {
        const dst = this.table(ins.index);
        const src = this.table(ins.index2);
        if (!types.matches(src.elem, dst.elem)) {
          throw this.mismatch(`table.copy from ${valTypeToString(src.elem)} to ${valTypeToString(dst.elem)}`);
        }
        this.pop(dst.index64 && src.index64 ? I64 : I32);
        this.pop(src.index64 ? I64 : I32);
        this.pop(dst.index64 ? I64 : I32);
        return;
      }
      case Rule.TableGrow: {
        const t = this.table(ins.index);
        const at = t.index64 ? I64 : I32;
        this.pop(at);
        this.pop(t.elem);
        this.push(at);
        return;
      }
      case Rule.TableSize:
        this.push(this.table(ins.index).index64 ? I64 : I32);
        return;
      case Rule.TableFill: {
        const t = this.table(ins.index);
        const at = t.index64 ? I64 : I32;
        this.pop(at);
        this.pop(t.elem);
        this.pop(at);
        return;
      }
      case Rule.RefNull: {
        const h = ins.heapType;
        if (h === undefined) throw invalid('ref.null without heap type', ins);
        types.checkHeapType(h, ins);
        this.push(refType(h, true));
        return;
      }
      case Rule.RefIsNull:
        this.popRef();
        this.push(I32);
        return;
      case Rule.RefFunc: {
        const typeIndex = this.funcType(ins.index);
        if (!ctx.declaredFuncs[ins.index]) throw invalid(`undeclared function reference ${ins.index}`, ins);
        this.push(refToType(typeIndex));
        return;
      }
      case Rule.RefAsNonNull: {
        const t = this.popRef();
        this.push(t === BOT ? BOT : asNonNullable(t));
        return;
      }
      case Rule.BrOnNull: {
        const lt = this.labelTypes(ins.index);
        const t = this.popRef();
        this.popTypes(lt);
        this.pushTypes(lt);
        this.push(t === BOT ? BOT : asNonNullable(t));
        return;
      }
      case Rule.BrOnNonNull: {
        const lt = this.labelTypes(ins.index);
        if (lt.length === 0) throw this.mismatch('br_on_non_null needs a label that takes a reference');
        const t = this.popRef();
        this.push(t === BOT ? BOT : asNonNullable(t));
        this.popTypes(lt);
        for (let k = 0; k < lt.length - 1; k++) this.push(lt[k]!);
        return;
      }
      case Rule.Throw: {
        const ft = this.tagType(ins.index);
        if (ft.results.length !== 0) throw this.mismatch('throw needs a tag without results');
        this.popTypes(ft.params);
        this.setUnreachable();
        return;
      }
      case Rule.ThrowRef:
        this.pop(EXNREF);
        this.setUnreachable();
        return;
      case Rule.TryTable: {
        const bt = this.blockType(ins.blockType);
        this.popTypes(bt.params);
        for (const c of ins.catches ?? []) this.checkCatchClause(c.kind, c.tag, c.label);
        this.pushCtrl(Frame.TryTable, bt.params, bt.results);
        return;
      }
      case Rule.Try: {
        const bt = this.blockType(ins.blockType);
        this.popTypes(bt.params);
        this.pushCtrl(Frame.Try, bt.params, bt.results);
        return;
      }
      case Rule.Catch: {
        const d = this.depth - 1;
        if (this.cKind[d] !== Frame.Try && this.cKind[d] !== Frame.Catch) throw invalid('catch without matching try', ins);
        const ft = this.tagType(ins.index);
        this.restartFrame(d, Frame.Catch);
        this.pushTypes(ft.params);
        return;
      }
      case Rule.CatchAll: {
        const d = this.depth - 1;
        if (this.cKind[d] !== Frame.Try && this.cKind[d] !== Frame.Catch) throw invalid('catch_all without matching try', ins);
        this.restartFrame(d, Frame.CatchAll);
        return;
      }
      case Rule.Rethrow: {
        this.labelTypes(ins.index); // "unknown label"
        const kind = this.cKind[this.depth - 1 - ins.index];
        if (kind !== Frame.Catch && kind !== Frame.CatchAll) throw invalid('invalid rethrow label', ins);
        this.setUnreachable();
        return;
      }
      case Rule.Delegate: {
        const d = this.depth - 1;
        if (this.cKind[d] !== Frame.Try) throw invalid('delegate without matching try', ins);
        const results = this.cResults[d]!;
        this.checkFrameEnd(d);
        this.popCtrl();
        // The label is counted from outside the try block.
        if (ins.index >= this.depth) throw invalid(`unknown label ${ins.index}`, ins);
        this.pushTypes(results);
        return;
      }
      case Rule.ContNew: {
        const c = types.composite(ins.index, ins);
        if (c.kind !== 'cont') throw invalid(`non-continuation type ${ins.index}`, ins);
        types.funcType(c.funcTypeIndex, ins);
        this.pop(refToType(c.funcTypeIndex, true));
        this.push(refToType(ins.index));
        return;
      }
      case Rule.ContBind:
        this.contBind(ins);
        return;
      case Rule.Suspend: {
        const ft = this.tagType(ins.index);
        this.popTypes(ft.params);
        this.pushTypes(ft.results);
        return;
      }
      case Rule.Resume: {
        const ft = types.contFuncType(ins.index, ins);
        this.checkHandlers(ins, ft.results);
        this.pop(refToType(ins.index, true));
        this.popTypes(ft.params);
        this.pushTypes(ft.results);
        return;
      }
      case Rule.ResumeThrow: {
        const ft = types.contFuncType(ins.index, ins);
        const exn = this.tagType(ins.index2);
        if (exn.results.length !== 0) throw this.mismatch('resume_throw needs a tag without results');
        this.checkHandlers(ins, ft.results);
        this.pop(refToType(ins.index, true));
        this.popTypes(exn.params);
        this.pushTypes(ft.results);
        return;
      }
      case Rule.ResumeThrowRef: {
        // Like resume_throw, with the exception given as an exnref instead of a tag's payload.
        const ft = types.contFuncType(ins.index, ins);
        this.checkHandlers(ins, ft.results);
        this.pop(refToType(ins.index, true));
        this.pop(EXNREF);
        this.pushTypes(ft.results);
        return;
      }
      case Rule.Switch:
        this.switchInstr(ins);
        return;
      case Rule.Unsupported:
        throw new CompileError('unsupported', `${r.info.name} (${r.info.feature}) is not supported yet`, this.loc());
    }
  }

  // ---- control frames ----

  private pushCtrl(kind: Frame, params: readonly ValType[], results: readonly ValType[]): void {
    const d = this.depth;
    if (d === this.cKind.length) this.growCtrl();
    this.cKind[d] = kind;
    this.cHeight[d] = this.vh;
    this.cUnreachable[d] = 0;
    this.cDead[d] = d > 0 ? this.cDead[d - 1]! | this.cUnreachable[d - 1]! : 0;
    this.cInitMark[d] = this.initLogHeight;
    this.cParams[d] = params;
    this.cResults[d] = results;
    this.depth = d + 1;
    this.pushTypes(params);
  }

  /** Pops the top frame (after checkFrameEnd) and forgets local initialisations made inside it. */
  private popCtrl(): void {
    const d = this.depth - 1;
    this.resetInits(this.cInitMark[d]!);
    this.vh = this.cHeight[d]!;
    this.depth = d;
  }

  /** The end of a frame's body: its results must be exactly what is left on its stack. */
  private checkFrameEnd(d: number): void {
    const results = this.cResults[d]!;
    const start = this.vh;
    this.popTypes(results);
    if (this.vh !== this.cHeight[d]) {
      throw invalid(`type mismatch: block requires [${typeList(results)}] but stack has [${this.stackList(this.cHeight[d]!, start)}]`, this.instr);
    }
  }

  /** `else`, `catch`, `catch_all`: end one arm of a frame and start the next with a fresh stack. */
  private restartFrame(d: number, kind: Frame): void {
    this.checkFrameEnd(d);
    this.resetInits(this.cInitMark[d]!);
    this.vh = this.cHeight[d]!;
    this.cUnreachable[d] = 0;
    this.cKind[d] = kind;
  }

  private end(): void {
    const d = this.depth - 1;
    const kind = this.cKind[d];
    const params = this.cParams[d]!;
    const results = this.cResults[d]!;
    this.checkFrameEnd(d);
    // An `if` without `else` passes its parameters through the missing arm.
    if (kind === Frame.If && !this.types.allMatch(params, results)) {
      throw invalid(`type mismatch: if without else requires [${typeList(results)}] but has [${typeList(params)}]`, this.instr);
    }
    this.popCtrl();
    if (this.depth > 0) this.pushTypes(results);
  }

  private setUnreachable(): void {
    const d = this.depth - 1;
    this.vh = this.cHeight[d]!;
    this.cUnreachable[d] = 1;
  }

  private labelTypes(n: number): readonly ValType[] {
    if (n < 0 || n >= this.depth) throw invalid(`unknown label ${n}`, this.instr);
    const d = this.depth - 1 - n;
    return this.cKind[d] === Frame.Loop ? this.cParams[d]! : this.cResults[d]!;
  }

  private blockType(bt: BlockType | undefined): { params: readonly ValType[]; results: readonly ValType[] } {
    if (!bt || bt.kind === 'empty') return EMPTY_SIG;
    if (bt.kind === 'value') {
      this.types.checkValType(bt.type, this.instr);
      let single = this.singleTypes.get(bt.type);
      if (!single) {
        single = [bt.type];
        this.singleTypes.set(bt.type, single);
      }
      return { params: NONE, results: single };
    }
    return this.types.funcType(bt.index, this.instr);
  }

  private brTable(ins: Instr): void {
    this.pop(I32);
    const defaults = this.labelTypes(ins.index);
    const arity = defaults.length;
    const d = this.depth - 1;
    const base = this.cHeight[d]!;
    for (const l of ins.labels ?? NONE) {
      const lt = this.labelTypes(l);
      if (lt.length !== arity) throw this.mismatch(`br_table targets take ${arity} and ${lt.length} values`);
      // Every target must accept the operands as they are (without consuming them).
      for (let k = 0; k < arity; k++) {
        const pos = this.vh - 1 - k;
        const expected = lt[arity - 1 - k]!;
        if (pos < base) {
          if (this.cUnreachable[d]) continue;
          throw this.requires(lt, this.vh);
        }
        if (!this.types.matches(this.vals[pos]!, expected)) throw this.requires(lt, this.vh);
      }
    }
    this.popTypes(defaults);
    this.setUnreachable();
  }

  private callResults(ft: FuncType, tail: boolean): void {
    if (!tail) {
      this.pushTypes(ft.results);
      return;
    }
    // A tail call returns the callee's results as the caller's.
    if (!this.types.allMatch(ft.results, this.funcResults)) {
      throw this.mismatch(`tail call returns [${typeList(ft.results)}] but the function returns [${typeList(this.funcResults)}]`);
    }
    this.setUnreachable();
  }

  // ---- exceptions and continuations ----

  private checkCatchClause(kind: 'catch' | 'catch_ref' | 'catch_all' | 'catch_all_ref', tag: number, label: number): void {
    const lt = this.labelTypes(label);
    const carried = kind === 'catch' || kind === 'catch_ref' ? this.tagType(tag).params : NONE;
    const withRef = kind === 'catch_ref' || kind === 'catch_all_ref';
    const n = carried.length + (withRef ? 1 : 0);
    let ok = lt.length === n;
    for (let k = 0; ok && k < carried.length; k++) ok = this.types.matches(carried[k]!, lt[k]!);
    if (ok && withRef) ok = this.types.matches(REF_EXN, lt[n - 1]!);
    if (!ok) {
      const got = withRef ? [...carried, REF_EXN] : carried;
      throw this.mismatch(`${kind} delivers [${typeList(got)}] but the label takes [${typeList(lt)}]`);
    }
  }

  /** `(on $tag $label)` / `(on $tag switch)` clauses of resume and resume_throw. */
  private checkHandlers(ins: Instr, results: readonly ValType[]): void {
    const types = this.types;
    for (const h of ins.handlers ?? []) {
      const tagFt = this.tagType(h.tag);
      if (h.label < 0) {
        // A switch handler: the switching side sends nothing and ends with the resumed continuation's results.
        if (tagFt.params.length !== 0 || !types.allMatch(tagFt.results, results) || !types.allMatch(results, tagFt.results)) {
          throw this.mismatch('switch handler tag does not match the continuation');
        }
        continue;
      }
      const lt = this.labelTypes(h.label);
      const last = lt.length > 0 ? lt[lt.length - 1]! : BOT;
      if (!isRef(last) || !isConcreteHeap(refHeap(last))) {
        throw invalid(`type mismatch: instruction requires concrete continuation reference type but label has [${typeList(lt)}]`, ins);
      }
      const ctIndex = heapTypeIndex(refHeap(last));
      const contFt = types.contFuncType(ctIndex, ins);
      // The label gets the tag's arguments and a continuation taking the tag's results.
      let ok = lt.length - 1 === tagFt.params.length;
      for (let k = 0; ok && k < tagFt.params.length; k++) ok = types.matches(tagFt.params[k]!, lt[k]!);
      ok = ok && types.allMatch(contFt.params, tagFt.results) && types.allMatch(results, contFt.results);
      if (!ok) throw this.mismatch(`handler for tag ${h.tag} does not match label ${h.label} [${typeList(lt)}]`);
    }
  }

  private contBind(ins: Instr): void {
    const types = this.types;
    const from = types.contFuncType(ins.index, ins);
    const to = types.contFuncType(ins.index2, ins);
    // cont.bind supplies the first k parameters; the rest must fit the target continuation type.
    const k = from.params.length - to.params.length;
    let ok = k >= 0 && types.allMatch(from.results, to.results);
    for (let j = 0; ok && j < to.params.length; j++) ok = types.matches(to.params[j]!, from.params[k + j]!);
    if (!ok) throw this.mismatch(`cont.bind cannot turn type ${ins.index} into type ${ins.index2}`);
    this.pop(refToType(ins.index, true));
    for (let j = k - 1; j >= 0; j--) this.pop(from.params[j]!);
    this.push(refToType(ins.index2));
  }

  private switchInstr(ins: Instr): void {
    const types = this.types;
    const tagFt = this.tagType(ins.index2);
    if (tagFt.params.length !== 0) throw invalid('type mismatch in switch tag', ins);
    const target = types.contFuncType(ins.index, ins);
    const np = target.params.length;
    const last = np > 0 ? target.params[np - 1]! : BOT;
    // The target's last parameter receives the current continuation.
    if (!isRef(last) || !isConcreteHeap(refHeap(last))) {
      throw this.mismatch(`switch needs a continuation type whose last parameter is a continuation, not [${typeList(target.params)}]`);
    }
    const self = types.contFuncType(heapTypeIndex(refHeap(last)), ins);
    if (!types.allMatch(target.results, tagFt.results) || !types.allMatch(tagFt.results, self.results)) {
      throw invalid('type mismatch in switch tag', ins);
    }
    this.pop(refToType(ins.index, true));
    for (let j = np - 2; j >= 0; j--) this.pop(target.params[j]!);
    this.pushTypes(self.params);
  }

  // ---- operand stack ----

  private push(t: ValType): void {
    if (this.vh === this.vals.length) {
      const bigger = new Int32Array(this.vals.length * 2);
      bigger.set(this.vals);
      this.vals = bigger;
    }
    this.vals[this.vh++] = t;
  }

  private pushTypes(ts: readonly ValType[]): void {
    for (let k = 0; k < ts.length; k++) this.push(ts[k]!);
  }

  /** Pops any value; BOT from the polymorphic stack of unreachable code. */
  private popAny(): ValType {
    const d = this.depth - 1;
    if (this.vh === this.cHeight[d]) {
      if (this.cUnreachable[d]) return BOT;
      throw invalid('type mismatch: instruction requires a value but stack has []', this.instr);
    }
    return this.vals[--this.vh]!;
  }

  private pop(expected: ValType): ValType {
    const d = this.depth - 1;
    if (this.vh === this.cHeight[d]) {
      if (this.cUnreachable[d]) return BOT;
      throw this.requires([expected], this.vh);
    }
    const actual = this.vals[this.vh - 1]!;
    if (actual !== expected && !this.types.matches(actual, expected)) throw this.requires([expected], this.vh);
    this.vh--;
    return actual;
  }

  private popTypes(ts: readonly ValType[]): void {
    const start = this.vh;
    const d = this.depth - 1;
    const base = this.cHeight[d]!;
    for (let k = ts.length - 1; k >= 0; k--) {
      const expected = ts[k]!;
      if (this.vh === base) {
        if (this.cUnreachable[d]) return;
        throw this.requires(ts, start);
      }
      const actual = this.vals[this.vh - 1]!;
      if (actual !== expected && !this.types.matches(actual, expected)) throw this.requires(ts, start);
      this.vh--;
    }
  }

  private popRef(): ValType {
    const t = this.popAny();
    if (t !== BOT && !isRef(t)) {
      throw invalid(`type mismatch: instruction requires a reference but stack has [${valTypeToString(t)}]`, this.instr);
    }
    return t;
  }

  // ---- index spaces ----

  private local(x: number): number {
    if (x < 0 || x >= this.localCount) throw invalid(`unknown local ${x}`, this.instr);
    return x;
  }

  private initLocal(x: number): void {
    if (this.localInit[x]) return;
    this.localInit[x] = 1;
    if (this.initLogHeight === this.initLog.length) {
      const bigger = new Int32Array(this.initLog.length * 2);
      bigger.set(this.initLog);
      this.initLog = bigger;
    }
    this.initLog[this.initLogHeight++] = x;
  }

  private resetInits(mark: number): void {
    while (this.initLogHeight > mark) this.localInit[this.initLog[--this.initLogHeight]!] = 0;
  }

  /** The type index of function `f`. */
  private funcType(f: number): number {
    const t = this.ctx.funcTypes[f];
    if (t === undefined) throw invalid(`unknown function ${f}`, this.instr);
    return t;
  }

  private table(x: number) {
    const t = this.ctx.tables[x];
    if (!t) throw invalid(`unknown table ${x}`, this.instr);
    return t;
  }

  private memory(x: number) {
    const m = this.ctx.memories[x];
    if (!m) throw invalid(`unknown memory ${x}`, this.instr);
    return m;
  }

  private memAddr(x: number): ValType {
    return this.memory(x).index64 ? I64 : I32;
  }

  private global(x: number) {
    const g = this.ctx.globals[x];
    if (!g) throw invalid(`unknown global ${x}`, this.instr);
    return g;
  }

  private tagType(x: number): FuncType {
    const t = this.ctx.tagTypes[x];
    if (t === undefined) throw invalid(`unknown tag ${x}`, this.instr);
    return this.types.funcType(t, this.instr);
  }

  private elemSegment(x: number): ValType {
    const t = this.ctx.elemTypes[x];
    if (t === undefined) throw invalid(`unknown elem segment ${x}`, this.instr);
    return t;
  }

  private dataSegment(x: number): void {
    if (x < 0 || x >= this.ctx.dataCount) throw invalid(`unknown data segment ${x}`, this.instr);
  }

  // ---- messages ----

  private loc() {
    return this.instr ? invalid('', this.instr).location : undefined;
  }

  private mismatch(detail: string): CompileError {
    return invalid(`type mismatch: ${detail}`, this.instr);
  }

  /** The reference interpreter's wording, which some spec tests quote in full. */
  private requires(expected: readonly ValType[], top: number): CompileError {
    const base = this.cHeight[this.depth - 1]!;
    const from = Math.max(base, top - expected.length);
    return invalid(`type mismatch: instruction requires [${typeList(expected)}] but stack has [${this.stackList(from, top)}]`, this.instr);
  }

  private stackList(from: number, to: number): string {
    const names: string[] = [];
    for (let k = from; k < to; k++) names.push(this.vals[k] === BOT ? 'bot' : valTypeToString(this.vals[k]!));
    return names.join(' ');
  }

  private growCtrl(): void {
    const n = this.cKind.length * 2;
    const grow = <T extends Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.cKind = grow(this.cKind, (k) => new Uint8Array(k));
    this.cHeight = grow(this.cHeight, (k) => new Int32Array(k));
    this.cUnreachable = grow(this.cUnreachable, (k) => new Uint8Array(k));
    this.cDead = grow(this.cDead, (k) => new Uint8Array(k));
    this.cInitMark = grow(this.cInitMark, (k) => new Int32Array(k));
  }
}

const EMPTY_SIG = { params: NONE, results: NONE };

function typeList(ts: readonly ValType[]): string {
  return ts.map((t) => (t === BOT ? 'bot' : valTypeToString(t))).join(' ');
}
