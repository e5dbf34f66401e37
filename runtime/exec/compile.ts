// Compiles one validated function body into the interpreter's register code.
//
// The wasm operand stack becomes fixed frame slots: the value at stack height
// h lives in slot `operandBase + h`, so every instruction names its inputs and
// its output directly (`i32.add dst a b`) and the interpreter never moves a
// stack pointer. The compiler walks the body with its own abstract stack of
// (type, location) entries. A `local.get` pushes an entry that points at the
// local itself instead of copying it ("folding"); such entries are copied
// into their canonical slots only where the stack must be in canonical form:
// control-flow joins and branches, call arguments, and before a `local.set`
// of that same local would change the value they stand for.
//
// The compiler tracks value types itself (it needs them to pick 32-bit,
// 64-bit or reference moves), so it does not depend on the validator's
// per-instruction heights; it assumes a validated body and reports anything
// impossible as an EngineBug.
//
// Code after an unconditional transfer (br, return, throw, unreachable…) is
// dead and not emitted: skipping it also spares the compiler the validator's
// polymorphic stack.

import { EngineBug } from '../errors.js';
import type { Func, Instr, Module } from '../syntax/module.js';
import { Op, opInfo } from '../syntax/opcodes.js';
import {
  F32, F64, I32, I64, asNonNullable, heapTypeIndex, isRef, refHeap, valTypeToString, type ValType,
} from '../syntax/types.js';
import { Code } from './codes.generated.js';
import { CODE_DEFS, I32_ARITH_RI, I32_COMPARES, NUMERIC_OPS, codeMemberName } from './codes.def.js';
import type { CompiledFunc, HandlerClause, HandlerRegion, OperandShape, ResumeClause, ResumeTable } from './compiled.js';
import { exportedFuncName, funcDisplayName } from './func-names.js';
import { blockParams, blockResults, contFuncTypeAt, funcTypeAt, moduleContext, type ModuleContext } from './module-context.js';

export interface CompileOptions {
  /**
   * Fold local.get into its consumers and retarget results straight into
   * locals. Off for code a debugger single-steps, where every wasm
   * instruction should own at least one internal instruction.
   */
  readonly optimize?: boolean;
  /**
   * Record the operand stack's shape (height, types) at every stop point, for
   * a debugger's operand view (CompiledFunc.shapes). Defaults to on when
   * `optimize` is off: only unoptimized code keeps every operand in its slot.
   */
  readonly recordShapes?: boolean;
}

/** Wasm opcode id → internal code for the instructions that map 1:1. */
const DIRECT = buildDirectMap();

function buildDirectMap(): Map<number, Code> {
  const byName = new Map<string, number>();
  CODE_DEFS.forEach((d, i) => byName.set(d.name, i));
  const map = new Map<number, Code>();
  for (const [name, id] of Object.entries(Op)) {
    const code = byName.get(name);
    if (code !== undefined) map.set(id, code as Code);
  }
  return map;
}

interface Entry {
  type: ValType;
  /** Word offset (slot * 2) of where the value is, or will be once a constant is materialized. */
  loc: number;
  /** An i32 constant not yet written to its slot (folded into an `_ri` consumer when possible). */
  konst?: number;
}

// Superinstruction tables, by internal code.
const CODE_BY_NAME = new Map<string, Code>(CODE_DEFS.map((d, i) => [d.name, i as Code]));
const codeNamed = (name: string): Code => {
  const c = CODE_BY_NAME.get(name);
  if (c === undefined) throw new EngineBug(`no internal code ${name}`);
  return c;
};
/** i32 binary op → its variant with an immediate second operand. */
const RI_VARIANT = new Map<Code, Code>(
  [...I32_ARITH_RI, ...I32_COMPARES].map((op) => [codeNamed(`i32.${op}`), codeNamed(`i32.${op}_ri`)]),
);
const NEGATED: Record<string, string> = {
  eq: 'ne', ne: 'eq', lt_s: 'ge_s', lt_u: 'ge_u', gt_s: 'le_s', gt_u: 'le_u', le_s: 'gt_s', le_u: 'gt_u', ge_s: 'lt_s', ge_u: 'lt_u',
};
/** Compare (register or immediate form) → [branch if true, branch if false]. */
const BRANCH_ON = new Map<Code, [Code, Code]>();
for (const op of I32_COMPARES) {
  BRANCH_ON.set(codeNamed(`i32.${op}`), [codeNamed(`br_${op}`), codeNamed(`br_${NEGATED[op]!}`)]);
  BRANCH_ON.set(codeNamed(`i32.${op}_ri`), [codeNamed(`br_${op}_ri`), codeNamed(`br_${NEGATED[op]!}_ri`)]);
}
BRANCH_ON.set(Code.I32_EQZ, [Code.BR_EQZ, Code.BR_IF]);

type CtrlKind = 'function' | 'block' | 'loop' | 'if' | 'else' | 'try' | 'catch' | 'try_table';

interface Ctrl {
  kind: CtrlKind;
  params: readonly ValType[];
  results: readonly ValType[];
  /** Stack height below the block's parameters. */
  height: number;
  /** Loop: the pc of its start; others: -1 (branches are patched at `end`). */
  loopStart: number;
  /** Code positions holding a forward target to patch with the end pc. */
  fixups: number[];
  /** Catch and resume clauses branching to this label, patched with the end pc. */
  clauseFixups: { target: number }[];
  /** if: code position of the br_unless target to patch at else/end. */
  elseFixup: number;
  /** if with params: word offset of the hidden slots that keep them for `else`. */
  savedParams: number;
  /** try/try_table: handler region index; -1 otherwise. */
  region: number;
  /** Legacy try/catch: hidden slot (word offset) of the caught exception. */
  exnSlot: number;
  /** The rest of this block is dead code. */
  dead: boolean;
  /** Label index in the function (the name section's numbering: block-like instructions in order); -1 for the function. */
  labelIndex: number;
}

class FunctionCompiler {
  private readonly code: number[] = [];
  private readonly stack: Entry[] = [];
  private readonly ctrls: Ctrl[] = [];
  private readonly regions: HandlerRegion[] = [];
  private readonly resumeTables: ResumeTable[] = [];
  private readonly pcs: number[] = [];
  private readonly offsets: number[] = [];
  /** With recordShapes: the shape before each instruction recorded in `pcs`. */
  private readonly shapes: OperandShape[] | null;
  /** With recordShapes: the lowest height the instruction being compiled popped down to. */
  private low = 0;
  private readonly messages: string[] = [];
  private readonly localTypes: ValType[];
  private readonly localWords: number;
  private readonly operandBase: number;
  private nextHidden: number;
  private maxHeight = 0;
  /** Code position of the destination operand of the last instruction, if it wrote the stack top; else -1. */
  private lastDst = -1;
  /** Nesting depth inside dead code being skipped. */
  private deadDepth = 0;
  /** Block-like instructions seen so far, dead ones included, so label indices match the name section's. */
  private labelsOpened = 0;
  private readonly optimize: boolean;

  constructor(
    private readonly ctx: ModuleContext,
    private readonly func: Func,
    private readonly funcIndex: number,
    options: CompileOptions,
  ) {
    this.optimize = options.optimize ?? true;
    this.shapes = !this.optimize && (options.recordShapes ?? true) ? [] : null;
    const type = funcTypeAt(ctx.module, func.typeIndex);
    this.localTypes = [...type.params, ...func.locals];
    this.localWords = this.localTypes.length * 2;
    const hidden = countHiddenSlots(ctx.module, func.body);
    this.nextHidden = this.localTypes.length;
    this.operandBase = this.localTypes.length + hidden;
  }

  compile(): CompiledFunc {
    const m = this.ctx.module;
    const type = funcTypeAt(m, this.func.typeIndex);
    this.ctrls.push(this.newCtrl('function', [], type.results, 0));
    if (!this.optimize && this.func.body.length > 0) this.entryStopPoint(this.func.body[0]!.offset);
    for (const ins of this.func.body) this.instr(ins);
    if (this.ctrls.length !== 0) throw new EngineBug('function body ended inside a block');
    const refLocals: number[] = [];
    for (let i = type.params.length; i < this.localTypes.length; i++) if (isRef(this.localTypes[i]!)) refLocals.push(i);
    return {
      code: Int32Array.from(this.code),
      funcIndex: this.funcIndex,
      name: m.names.funcs.get(this.funcIndex) ?? exportedFuncName(m, this.funcIndex) ?? `func[${this.funcIndex}]`,
      displayName: funcDisplayName(m, this.funcIndex),
      paramTypes: type.params,
      resultTypes: type.results,
      localTypes: this.localTypes,
      paramWords: type.params.length * 2,
      localWords: this.localWords,
      operandBase: this.operandBase,
      frameWords: (this.operandBase + this.maxHeight) * 2,
      refLocals: Int32Array.from(refLocals),
      handlers: this.regions,
      resumeTables: this.resumeTables,
      pcs: Int32Array.from(this.pcs),
      offsets: Int32Array.from(this.offsets),
      messages: this.messages,
      ...(this.shapes ? { shapes: this.shapes } : {}),
    };
  }

  // ---- emission helpers ----

  private get pc(): number {
    return this.code.length;
  }

  private emit(code: Code, ...operands: number[]): void {
    this.code.push(code, ...operands);
    this.lastDst = -1;
  }

  /** Emits an instruction whose first operand is the destination of a fresh top-of-stack value. */
  private emitDst(code: Code, resultType: ValType, ...inputs: number[]): void {
    const dst = this.push(resultType);
    const at = this.code.length + 1;
    this.code.push(code, dst, ...inputs);
    this.lastDst = at;
  }

  /** A jump target is bound here: no peephole may look back across it. */
  private bindLabel(): void {
    this.lastDst = -1;
  }

  private canon(h: number): number {
    return (this.operandBase + h) * 2;
  }

  private push(type: ValType): number {
    const h = this.stack.length;
    const loc = this.canon(h);
    this.stack.push({ type, loc });
    if (h + 1 > this.maxHeight) this.maxHeight = h + 1;
    return loc;
  }

  private pop(): Entry {
    const e = this.popRaw();
    if (this.stack.length < this.low) this.low = this.stack.length;
    if (e.konst !== undefined) this.writeConst(e);
    return e;
  }

  /** Pops without materializing a folded constant. */
  private popRaw(): Entry {
    const e = this.stack.pop();
    if (!e) throw new EngineBug(`operand stack underflow compiling function ${this.funcIndex}`);
    return e;
  }

  private writeConst(e: Entry): void {
    const at = this.code.length + 1;
    this.code.push(Code.CONST32, e.loc, e.konst!);
    this.lastDst = at;
    delete e.konst;
  }

  /**
   * If the last instruction computed `cond` (just popped) with a comparison,
   * turns it into a conditional branch (on the comparison, or on its negation)
   * and returns the code position of its target operand; else -1.
   */
  private fuseBranch(cond: Entry, negate: boolean): number {
    if (!this.optimize || this.lastDst < 0 || cond.loc !== this.canon(this.stack.length) || this.code[this.lastDst] !== cond.loc) return -1;
    const p = this.lastDst - 1;
    const fused = BRANCH_ON.get(this.code[p] as Code);
    if (fused === undefined) return -1;
    // Drop the destination operand: the branch takes the comparison's inputs and a target.
    const inputs = this.code.length - p - 2;
    this.code[p] = fused[negate ? 1 : 0];
    for (let i = 0; i < inputs; i++) this.code[p + 1 + i] = this.code[p + 2 + i]!;
    this.code[p + 1 + inputs] = -1;
    this.lastDst = -1;
    return p + 1 + inputs;
  }

  private top(): Entry {
    const e = this.stack[this.stack.length - 1];
    if (!e) throw new EngineBug(`operand stack underflow compiling function ${this.funcIndex}`);
    return e;
  }

  private hidden(slots: number): number {
    const at = this.nextHidden;
    this.nextHidden += slots;
    if (this.nextHidden > this.operandBase) throw new EngineBug('hidden slot count mismatch');
    return at * 2;
  }

  private move(type: ValType, dst: number, src: number): void {
    if (dst === src) return;
    this.emit(moveCode(type), dst, src);
  }

  /** Puts entries [from, height) into their canonical slots. */
  private materialize(from = 0): void {
    for (let h = from; h < this.stack.length; h++) {
      const e = this.stack[h]!;
      const c = this.canon(h);
      if (e.konst !== undefined) {
        this.writeConst(e);
        this.lastDst = -1;
      } else if (e.loc !== c) {
        this.move(e.type, c, e.loc);
        e.loc = c;
      }
    }
  }

  /** Before local `x` changes: entries still standing for its old value get their own copy. */
  private materializeLocal(localLoc: number): void {
    for (let h = 0; h < this.stack.length; h++) {
      const e = this.stack[h]!;
      if (e.loc === localLoc) {
        const c = this.canon(h);
        this.move(e.type, c, localLoc);
        e.loc = c;
      }
    }
  }

  private resetStack(height: number, types: readonly ValType[]): void {
    this.stack.length = height;
    if (height < this.low) this.low = height;
    for (const t of types) this.push(t);
  }

  private newCtrl(kind: CtrlKind, params: readonly ValType[], results: readonly ValType[], height: number): Ctrl {
    return {
      kind, params, results, height, loopStart: -1, fixups: [], clauseFixups: [], elseFixup: -1,
      savedParams: -1, region: -1, exnSlot: -1, dead: false,
      labelIndex: kind === 'function' ? -1 : this.labelsOpened++,
    };
  }

  private label(depth: number): Ctrl {
    const c = this.ctrls[this.ctrls.length - 1 - depth];
    if (!c) throw new EngineBug(`branch depth ${depth} out of range`);
    return c;
  }

  private labelTypes(c: Ctrl): readonly ValType[] {
    return c.kind === 'loop' ? c.params : c.results;
  }

  /** Emits a target operand for label `c`: known for loops, patched at `end` otherwise. */
  private targetOperand(c: Ctrl): number {
    if (c.loopStart >= 0) return c.loopStart;
    c.fixups.push(this.code.length);
    return -1;
  }

  /** Whether branching to `c` needs value moves (the values are not already where the label wants them). */
  private branchNeedsMoves(c: Ctrl, skipTop = 0): boolean {
    const n = this.labelTypes(c).length;
    const from = this.stack.length - skipTop - n;
    return c.kind !== 'function' && from !== c.height && n > 0;
  }

  private emitBranchMoves(c: Ctrl, skipTop = 0): void {
    const types = this.labelTypes(c);
    const from = this.stack.length - skipTop - types.length;
    const to = c.kind === 'function' ? 0 : this.canon(c.height);
    for (let i = 0; i < types.length; i++) {
      this.move(types[i]!, to + 2 * i, this.stack[from + i]!.loc);
    }
  }

  /** Unconditional branch to label depth (values are the top of the stack, already canonical). */
  private emitBranch(depth: number, skipTop = 0): void {
    const c = this.label(depth);
    if (c.kind === 'function') {
      this.emitBranchMoves(c, skipTop);
      this.emit(Code.RETURN);
      return;
    }
    this.emitBranchMoves(c, skipTop);
    this.code.push(Code.BR);
    this.code.push(this.targetOperand(c));
    this.lastDst = -1;
  }

  private markDead(): void {
    this.ctrls[this.ctrls.length - 1]!.dead = true;
  }

  private unsupported(message: string): void {
    this.materialize();
    this.messages.push(message);
    this.emit(Code.UNSUPPORTED, this.messages.length - 1);
    this.markDead();
  }

  /** Innermost handler region active at this point of the code (try bodies and try_tables), or -1. */
  private activeRegion(fromCtrl = this.ctrls.length - 1): number {
    for (let i = fromCtrl; i >= 0; i--) {
      const c = this.ctrls[i]!;
      if ((c.kind === 'try' || c.kind === 'try_table') && c.region >= 0) return c.region;
    }
    return -1;
  }

  /**
   * Debug code starts with a NOP that stands for the function's entry: a stop
   * point that no branch comes back to. Without it, a body that opens with a
   * `loop` has its first stop point inside the loop, so a function breakpoint
   * would fire on every iteration instead of once per call.
   */
  private entryStopPoint(offset: number): void {
    this.pcs.push(this.code.length);
    this.offsets.push(offset);
    if (this.shapes) this.shapes.push({ ...this.shapeNow(), kept: 0 });
    this.emit(Code.NOP);
  }

  // ---- the instruction walk ----

  private instr(ins: Instr): void {
    const cur = this.ctrls[this.ctrls.length - 1]!;
    if (cur.dead) {
      this.skipDead(ins);
      return;
    }
    const startPc = this.code.length;
    const before = this.shapes ? this.shapeNow() : null;
    const height = this.stack.length;
    this.low = height;
    this.compileInstr(ins);
    if (this.code.length > startPc) {
      // Map the first internal pc of this instruction to its wasm offset.
      if (this.pcs.length > 0 && this.pcs[this.pcs.length - 1] === startPc) {
        this.offsets[this.offsets.length - 1] = ins.offset;
        if (before) this.shapes![this.shapes!.length - 1] = { ...before, kept: Math.min(height, this.low) };
      } else {
        this.pcs.push(startPc);
        this.offsets.push(ins.offset);
        if (before) this.shapes!.push({ ...before, kept: Math.min(height, this.low) });
      }
    }
  }

  /** The operand stack's types now; null when an entry is not in its own slot (then its value cannot be read there). */
  private shapeNow(): { types: readonly ValType[] | null } {
    const types: ValType[] = [];
    for (let h = 0; h < this.stack.length; h++) {
      const e = this.stack[h]!;
      if (e.loc !== this.canon(h) || e.konst !== undefined) return { types: null };
      types.push(e.type);
    }
    return { types };
  }

  /** Walks dead code, keeping track of nesting so the live `else`/`catch`/`end` is found. */
  private skipDead(ins: Instr): void {
    switch (ins.op) {
      case Op['block']: case Op['loop']: case Op['if']: case Op['try']: case Op['try_table']:
        this.deadDepth++;
        this.labelsOpened++;
        return;
      case Op['end']:
        if (this.deadDepth > 0) { this.deadDepth--; return; }
        this.end(ins);
        return;
      case Op['delegate']:
        if (this.deadDepth > 0) { this.deadDepth--; return; }
        this.delegate(ins);
        return;
      case Op['else']:
        if (this.deadDepth === 0) this.else_();
        return;
      case Op['catch']: case Op['catch_all']:
        if (this.deadDepth === 0) this.catch_(ins);
        return;
      default:
        return;
    }
  }

  private compileInstr(ins: Instr): void {
    const m = this.ctx.module;
    const op = ins.op;
    const info = opInfo(op);
    const direct = NUMERIC_OPS.has(op) ? DIRECT.get(op) : undefined;
    if (direct !== undefined && info) {
      this.numeric(direct, info.sig);
      return;
    }
    switch (op) {
      case Op['unreachable']:
        this.emit(Code.UNREACHABLE);
        this.markDead();
        return;
      case Op['nop']:
        if (!this.optimize) this.emit(Code.NOP);
        return;
      case Op['block']: case Op['loop']: {
        const params = blockParams(m, ins.blockType);
        this.materialize();
        const c = this.newCtrl(op === Op['loop'] ? 'loop' : 'block', params, blockResults(m, ins.blockType), this.stack.length - params.length);
        if (op === Op['loop']) {
          c.loopStart = this.pc;
          this.bindLabel();
        }
        this.ctrls.push(c);
        return;
      }
      case Op['if']: {
        const cond = this.pop();
        const params = blockParams(m, ins.blockType);
        const before = this.pc;
        this.materialize();
        const c = this.newCtrl('if', params, blockResults(m, ins.blockType), this.stack.length - params.length);
        if (params.length > 0) {
          // The then-arm may overwrite the parameter slots; keep a copy for the else-arm.
          c.savedParams = this.hidden(params.length);
          for (let i = 0; i < params.length; i++) this.move(params[i]!, c.savedParams + 2 * i, this.canon(c.height + i));
        }
        const fused = params.length === 0 && this.pc === before ? this.fuseBranch(cond, true) : -1;
        if (fused >= 0) {
          c.elseFixup = fused;
        } else {
          this.emit(Code.BR_UNLESS, cond.loc, -1);
          c.elseFixup = this.pc - 1;
        }
        this.ctrls.push(c);
        return;
      }
      case Op['else']: this.else_(); return;
      case Op['end']: this.end(ins); return;
      case Op['try']: case Op['try_table']: this.try_(ins); return;
      case Op['catch']: case Op['catch_all']: this.catch_(ins); return;
      case Op['delegate']: this.delegate(ins); return;
      case Op['br']:
        this.materialize();
        this.emitBranch(ins.index);
        this.markDead();
        return;
      case Op['br_if']: {
        const cond = this.pop();
        const before = this.pc;
        this.materialize();
        const c = this.label(ins.index);
        if (this.pc === before && c.kind !== 'function' && !this.branchNeedsMoves(c)) {
          const at = this.fuseBranch(cond, false);
          if (at >= 0) {
            if (c.loopStart >= 0) this.code[at] = c.loopStart;
            else c.fixups.push(at);
            return;
          }
        }
        if (c.kind === 'function' || this.branchNeedsMoves(c)) {
          this.emit(Code.BR_UNLESS, cond.loc, -1);
          const skip = this.pc - 1;
          this.emitBranch(ins.index);
          this.code[skip] = this.pc;
          this.bindLabel();
        } else {
          this.code.push(Code.BR_IF, cond.loc);
          this.code.push(this.targetOperand(c));
          this.lastDst = -1;
        }
        return;
      }
      case Op['br_table']: this.brTable(ins); return;
      case Op['return']:
        this.materialize();
        this.emitBranch(this.ctrls.length - 1);
        this.markDead();
        return;
      case Op['call']: case Op['return_call']: {
        const ft = funcTypeAt(m, this.ctx.funcTypeIndices[ins.index]!);
        const base = this.args(ft.params.length);
        if (op === Op['call']) {
          this.emit(Code.CALL, ins.index, base);
          this.resetStack(this.stack.length, ft.results);
        } else {
          this.emit(Code.RETURN_CALL, ins.index, base);
          this.markDead();
        }
        return;
      }
      case Op['call_indirect']: case Op['return_call_indirect']: {
        const ft = funcTypeAt(m, ins.index);
        if (this.ctx.tableIndex64[ins.index2]) this.narrowIndex(0);
        const elem = this.pop();
        const base = this.args(ft.params.length);
        this.emit(op === Op['call_indirect'] ? Code.CALL_INDIRECT : Code.RETURN_CALL_INDIRECT, ins.index2, ins.index, elem.loc, base);
        if (op === Op['call_indirect']) this.resetStack(this.stack.length, ft.results);
        else this.markDead();
        return;
      }
      case Op['call_ref']: case Op['return_call_ref']: {
        const ft = funcTypeAt(m, ins.index);
        const ref = this.pop();
        const base = this.args(ft.params.length);
        this.emit(op === Op['call_ref'] ? Code.CALL_REF : Code.RETURN_CALL_REF, ref.loc, base);
        if (op === Op['call_ref']) this.resetStack(this.stack.length, ft.results);
        else this.markDead();
        return;
      }
      case Op['drop']:
        this.pop();
        return;
      case Op['select']: case Op['select_t']: {
        const cond = this.pop();
        const b = this.pop();
        const a = this.pop();
        const t = ins.types?.[0] ?? a.type;
        const code = isRef(t) ? Code.SELECTREF : is64(t) ? Code.SELECT64 : Code.SELECT32;
        this.emitDst(code, t, a.loc, b.loc, cond.loc);
        return;
      }
      case Op['local.get']: {
        const t = this.localType(ins.index);
        if (this.optimize) {
          const h = this.stack.length;
          this.stack.push({ type: t, loc: ins.index * 2 });
          if (h + 1 > this.maxHeight) this.maxHeight = h + 1;
        } else {
          this.emitDst(moveCode(t), t, ins.index * 2);
        }
        return;
      }
      case Op['local.set']: case Op['local.tee']: {
        const t = this.localType(ins.index);
        const loc = ins.index * 2;
        const v = this.pop();
        this.materializeLocal(loc);
        const h = this.stack.length;
        if (v.loc !== loc) {
          if (this.optimize && this.lastDst >= 0 && v.loc === this.canon(h) && this.code[this.lastDst] === v.loc) {
            // The value was just computed into the stack top: compute it into the local instead.
            this.code[this.lastDst] = loc;
            this.lastDst = -1;
          } else {
            this.move(t, loc, v.loc);
          }
        }
        if (op === Op['local.tee']) {
          if (this.optimize) {
            this.stack.push({ type: t, loc });
            if (h + 1 > this.maxHeight) this.maxHeight = h + 1;
          } else {
            this.push(t);
            this.move(t, this.canon(h), loc);
          }
        }
        return;
      }
      case Op['global.get']: {
        const t = this.ctx.globalTypes[ins.index]!;
        this.emitDst(isRef(t) ? Code.GLOBAL_GETREF : is64(t) ? Code.GLOBAL_GET64 : Code.GLOBAL_GET32, t, ins.index);
        return;
      }
      case Op['global.set']: {
        const t = this.ctx.globalTypes[ins.index]!;
        const v = this.pop();
        this.emit(isRef(t) ? Code.GLOBAL_SETREF : is64(t) ? Code.GLOBAL_SET64 : Code.GLOBAL_SET32, v.loc, ins.index);
        return;
      }
      case Op['table.get']: {
        if (this.ctx.tableIndex64[ins.index]) this.narrowIndex(0);
        const i = this.pop();
        this.emitDst(Code.TABLE_GET, this.ctx.tableElemTypes[ins.index]!, i.loc, ins.index);
        return;
      }
      case Op['table.set']: {
        if (this.ctx.tableIndex64[ins.index]) this.narrowIndex(1);
        const v = this.pop();
        const i = this.pop();
        this.emit(Code.TABLE_SET, i.loc, v.loc, ins.index);
        return;
      }
      case Op['table.size']:
        this.emitDst(Code.TABLE_SIZE, I32, ins.index);
        if (this.ctx.tableIndex64[ins.index]) this.widenTop(Code.I64_EXTEND_I32_U);
        return;
      case Op['table.grow']: {
        const wide = this.ctx.tableIndex64[ins.index]!;
        if (wide) this.narrowIndex(0);
        const n = this.pop();
        const init = this.pop();
        this.emitDst(Code.TABLE_GROW, I32, init.loc, n.loc, ins.index);
        // The old length (< 2^31) or -1, sign-extended: a failed grow is i64 -1.
        if (wide) this.widenTop(Code.I64_EXTEND_I32_S);
        return;
      }
      case Op['table.fill']: {
        if (this.ctx.tableIndex64[ins.index]) { this.narrowIndex(2); this.narrowIndex(0); }
        const n = this.pop(); const v = this.pop(); const i = this.pop();
        this.emit(Code.TABLE_FILL, i.loc, v.loc, n.loc, ins.index);
        return;
      }
      case Op['table.copy']: {
        // Mixed index types: each index has its own table's type, the length the narrower one.
        const d64 = this.ctx.tableIndex64[ins.index]!, s64 = this.ctx.tableIndex64[ins.index2]!;
        if (d64) this.narrowIndex(2);
        if (s64) this.narrowIndex(1);
        if (d64 && s64) this.narrowIndex(0);
        const n = this.pop(); const s = this.pop(); const d = this.pop();
        this.emit(Code.TABLE_COPY, d.loc, s.loc, n.loc, ins.index, ins.index2);
        return;
      }
      case Op['table.init']: {
        if (this.ctx.tableIndex64[ins.index2]) this.narrowIndex(2);
        const n = this.pop(); const s = this.pop(); const d = this.pop();
        this.emit(Code.TABLE_INIT, d.loc, s.loc, n.loc, ins.index, ins.index2);
        return;
      }
      case Op['elem.drop']: this.emit(Code.ELEM_DROP, ins.index); return;
      case Op['memory.size']:
        this.emitDst(Code.MEMORY_SIZE, I32, ins.index);
        if (this.ctx.memoryIndex64[ins.index]) this.widenTop(Code.I64_EXTEND_I32_U);
        return;
      case Op['memory.grow']: {
        const wide = this.ctx.memoryIndex64[ins.index]!;
        // A delta of 2^32 pages or more saturates to 2^32 - 1, which fails just the same.
        if (wide) this.narrowIndex(0);
        const n = this.pop();
        this.emitDst(Code.MEMORY_GROW, I32, n.loc, ins.index);
        // The old size (at most 65536 pages) or -1, sign-extended: a failed grow is i64 -1.
        if (wide) this.widenTop(Code.I64_EXTEND_I32_S);
        return;
      }
      case Op['memory.fill']: {
        const n = this.pop(); const v = this.pop(); const d = this.pop();
        const code = this.ctx.memoryIndex64[ins.index] ? Code.MEMORY_FILL64 : Code.MEMORY_FILL;
        this.emit(code, d.loc, v.loc, n.loc, ins.index);
        return;
      }
      case Op['memory.copy']: {
        const n = this.pop(); const s = this.pop(); const d = this.pop();
        const d64 = this.ctx.memoryIndex64[ins.index]!, s64 = this.ctx.memoryIndex64[ins.index2]!;
        if (d64 || s64) {
          // Mixed index types: each address has its own memory's type, the length the narrower one.
          const wide = (d64 ? 1 : 0) | (s64 ? 2 : 0) | (d64 && s64 ? 4 : 0);
          this.emit(Code.MEMORY_COPY64, d.loc, s.loc, n.loc, ins.index, ins.index2, wide);
        } else {
          this.emit(Code.MEMORY_COPY, d.loc, s.loc, n.loc, ins.index, ins.index2);
        }
        return;
      }
      case Op['memory.init']: {
        const n = this.pop(); const s = this.pop(); const d = this.pop();
        const code = this.ctx.memoryIndex64[ins.index2] ? Code.MEMORY_INIT64 : Code.MEMORY_INIT;
        this.emit(code, d.loc, s.loc, n.loc, ins.index, ins.index2);
        return;
      }
      case Op['data.drop']: this.emit(Code.DATA_DROP, ins.index); return;
      case Op['i32.const']:
        if (this.optimize) {
          this.push(I32);
          this.top().konst = Number(ins.value) | 0;
        } else {
          this.emitDst(Code.CONST32, I32, Number(ins.value) | 0);
        }
        return;
      case Op['f32.const']:
        this.emitDst(Code.CONST32, F32, Number(ins.value) | 0);
        return;
      case Op['i64.const']: case Op['f64.const']: {
        const v = BigInt.asUintN(64, BigInt(ins.value ?? 0));
        this.emitDst(Code.CONST64, op === Op['i64.const'] ? I64 : F64, Number(v & 0xffffffffn) | 0, Number(v >> 32n) | 0);
        return;
      }
      case Op['ref.null']: this.emitDst(Code.REF_NULL, nullRefType(ins.heapType ?? 0)); return;
      case Op['ref.is_null']: {
        const r = this.pop();
        this.emitDst(Code.REF_IS_NULL, I32, r.loc);
        return;
      }
      case Op['ref.func']: this.emitDst(Code.REF_FUNC, refTypeOfFunc(), ins.index); return;
      case Op['ref.eq']: {
        const b = this.pop(); const a = this.pop();
        this.emitDst(Code.REF_EQ, I32, a.loc, b.loc);
        return;
      }
      case Op['ref.as_non_null']: {
        const r = this.top();
        this.emit(Code.REF_AS_NON_NULL, r.loc);
        r.type = asNonNullable(r.type);
        return;
      }
      case Op['br_on_null']: {
        const r = this.top();
        this.materialize();
        const c = this.label(ins.index);
        // On null the reference is dropped and the label's values (below it) are carried.
        if (c.kind === 'function' || this.branchNeedsMoves(c, 1)) {
          this.emit(Code.BR_ON_NON_NULL, r.loc, -1);
          const skip = this.pc - 1;
          this.emitBranch(ins.index, 1);
          this.code[skip] = this.pc;
          this.bindLabel();
        } else {
          this.code.push(Code.BR_ON_NULL, r.loc);
          this.code.push(this.targetOperand(c));
          this.lastDst = -1;
        }
        r.type = asNonNullable(r.type);
        return;
      }
      case Op['br_on_non_null']: {
        const r = this.top();
        r.type = asNonNullable(r.type);
        this.materialize();
        const c = this.label(ins.index);
        if (c.kind === 'function' || this.branchNeedsMoves(c)) {
          this.emit(Code.BR_ON_NULL, r.loc, -1);
          const skip = this.pc - 1;
          this.emitBranch(ins.index);
          this.code[skip] = this.pc;
          this.bindLabel();
        } else {
          this.code.push(Code.BR_ON_NON_NULL, r.loc);
          this.code.push(this.targetOperand(c));
          this.lastDst = -1;
        }
        this.pop();
        return;
      }
      case Op['throw']: {
        const ft = funcTypeAt(m, this.ctx.tagTypeIndices[ins.index]!);
        const base = this.args(ft.params.length);
        this.emit(Code.THROW, ins.index, base);
        this.markDead();
        return;
      }
      case Op['throw_ref']: {
        const r = this.pop();
        this.emit(Code.THROW_REF, r.loc);
        this.markDead();
        return;
      }
      case Op['rethrow']: {
        const c = this.label(ins.index);
        if (c.exnSlot < 0) throw new EngineBug('rethrow outside a catch');
        this.emit(Code.THROW_REF, c.exnSlot);
        this.markDead();
        return;
      }
      case Op['cont.new']: {
        const f = this.pop();
        this.emitDst(Code.CONT_NEW, ANY_REF, f.loc);
        return;
      }
      case Op['cont.bind']: {
        const k = contFuncTypeAt(m, ins.index).params.length - contFuncTypeAt(m, ins.index2).params.length;
        const ref = this.pop();
        const base = this.args(k);
        this.emitDst(Code.CONT_BIND, ANY_REF, ref.loc, base, k);
        return;
      }
      case Op['suspend']: {
        const ft = funcTypeAt(m, this.ctx.tagTypeIndices[ins.index]!);
        const base = this.args(ft.params.length);
        this.emit(Code.SUSPEND, ins.index, base);
        this.resetStack(this.stack.length, ft.results);
        return;
      }
      case Op['resume']: case Op['resume_throw']: case Op['resume_throw_ref']: this.resume(ins); return;
      case Op['switch']: {
        const target = contFuncTypeAt(m, ins.index);
        const self = target.params[target.params.length - 1]!;
        const ref = this.pop();
        const n = target.params.length - 1;
        const base = this.args(n);
        this.emit(Code.SWITCH, ref.loc, base, n, ins.index2);
        // The switch returns what the switching continuation is next resumed with.
        this.resetStack(this.stack.length, contFuncTypeAt(m, heapIndexOf(self)).params);
        return;
      }
    }
    if (info?.imm === 'memarg') {
      this.memoryAccess(ins);
      return;
    }
    if (op === Op['atomic.fence']) return; // one thread: nothing to order
    const name = info?.name ?? `0x${op.toString(16)}`;
    switch (info?.feature) {
      case 'threads': this.unsupported(`atomics not implemented yet (${name})`); return;
      case 'stack-switching': this.unsupported(`stack switching not implemented yet (${name})`); return;
      default: this.unsupported(`instruction ${name} not implemented yet`);
    }
  }

  /** resume, resume_throw, resume_throw_ref: the handler table, then the instruction. */
  private resume(ins: Instr): void {
    const m = this.ctx.module;
    const ft = contFuncTypeAt(m, ins.index);
    // Handler clauses branch like `br`: everything below must sit in canonical slots.
    this.materialize();
    const ref = this.pop();
    let base: number;
    let exn = -1;
    if (ins.op === Op['resume']) base = this.args(ft.params.length);
    else if (ins.op === Op['resume_throw']) base = this.args(funcTypeAt(m, this.ctx.tagTypeIndices[ins.index2]!).params.length);
    else { exn = this.pop().loc; base = this.canon(this.stack.length); }
    const clauses: ResumeClause[] = [];
    for (const h of ins.handlers ?? []) {
      if (h.label < 0) {
        clauses.push({ tag: h.tag, isSwitch: true, target: -1, dst: 0, label: 'switch' });
        continue;
      }
      const target = this.label(h.label);
      const arrive = this.labelTypes(target);
      const atFunction = target.kind === 'function';
      const named = this.ctx.module.names.labels.get(this.funcIndex)?.get(target.labelIndex);
      const clause: ResumeClause = {
        tag: h.tag, isSwitch: false, target: target.loopStart, dst: atFunction ? base : this.canon(target.height),
        label: target.labelIndex >= 0 && named !== undefined ? `$${named}` : `label ${h.label}`,
      };
      if (atFunction) {
        // Handling straight to the function's label returns: the clause lands on a stub
        // (skipped by normal flow) that moves the values into place and returns.
        this.code.push(Code.BR, -1);
        const over = this.pc - 1;
        clause.target = this.pc;
        for (let i = 0; i < arrive.length; i++) this.move(arrive[i]!, 2 * i, clause.dst + 2 * i);
        this.emit(Code.RETURN);
        this.code[over] = this.pc;
        this.bindLabel();
      } else if (target.loopStart < 0) {
        target.clauseFixups.push(clause);
      }
      clauses.push(clause);
      const top = (atFunction ? this.stack.length : target.height) + arrive.length;
      if (top > this.maxHeight) this.maxHeight = top;
    }
    const table = this.resumeTables.length;
    this.resumeTables.push({ clauses });
    if (ins.op === Op['resume']) this.emit(Code.RESUME, ref.loc, base, ft.params.length, table);
    else if (ins.op === Op['resume_throw']) this.emit(Code.RESUME_THROW, ref.loc, base, table, ins.index2);
    else this.emit(Code.RESUME_THROW_REF, ref.loc, exn, base, table);
    this.resetStack(this.stack.length, ft.results);
    // The results come back at `base`; make sure the frame has room for them.
    if (this.stack.length > this.maxHeight) this.maxHeight = this.stack.length;
  }

  private localType(i: number): ValType {
    const t = this.localTypes[i];
    if (t === undefined) throw new EngineBug(`local ${i} out of range`);
    return t;
  }

  /** Pops `n` call arguments, puts them in canonical slots, and returns the word offset of the first. */
  private args(n: number): number {
    const base = this.stack.length - n;
    this.materialize(base);
    this.stack.length = base;
    return this.canon(base);
  }

  /**
   * memory64: replaces the i64 address `depth` entries below the top by the
   * exact 32-bit effective address (address + `offset`), checked by `addr64`.
   * Written in the entry's own canonical slot: nothing above it refers there.
   */
  private narrowAddress(depth: number, offset: bigint): void {
    const h = this.stack.length - 1 - depth;
    const e = this.stack[h]!;
    const dst = this.canon(h);
    const off = BigInt.asUintN(64, offset);
    this.emit(Code.ADDR64, dst, e.loc, Number(off & 0xffff_ffffn) | 0, Number(off >> 32n) | 0);
    this.stack[h] = { type: I32, loc: dst };
  }

  /** table64 (and memory.grow's delta): narrows the i64 index `depth` entries below the top to a saturated u32 (see `index64`). */
  private narrowIndex(depth: number): void {
    const h = this.stack.length - 1 - depth;
    const e = this.stack[h]!;
    const dst = this.canon(h);
    this.emit(Code.INDEX64, dst, e.loc);
    this.stack[h] = { type: I32, loc: dst };
  }

  /** Turns the i32 on top (a size, or a grow result) into the i64 a 64-bit memory or table answers with. */
  private widenTop(extend: Code.I64_EXTEND_I32_U | Code.I64_EXTEND_I32_S): void {
    const v = this.pop();
    this.emitDst(extend, I64, v.loc);
  }

  private numeric(code: Code, sig: string): void {
    const arrow = sig.indexOf('->');
    const nIn = sig.slice(0, arrow).trim().split(/\s+/).length;
    const out = sig.slice(arrow + 2).trim();
    const ri = RI_VARIANT.get(code);
    if (ri !== undefined && this.top().konst !== undefined) {
      const k = this.popRaw().konst!;
      const a = this.pop();
      this.emitDst(ri, typeByName(out), a.loc, k);
      return;
    }
    const inputs: number[] = new Array<number>(nIn);
    for (let i = nIn - 1; i >= 0; i--) inputs[i] = this.pop().loc;
    this.emitDst(code, typeByName(out), ...inputs);
  }

  private memoryAccess(ins: Instr): void {
    const info = opInfo(ins.op)!;
    const ma = ins.memArg!;
    let offset = Number(ma.offset);
    if (this.ctx.memoryIndex64[ma.memory]) {
      // The address is the first operand: below the value(s) a store or an atomic takes.
      const arrow = info.sig.indexOf('->');
      const inputs = info.sig.slice(0, arrow).trim().split(/\s+/).length;
      this.narrowAddress(inputs - 1, BigInt(ma.offset));
      offset = 0;
    } else if (offset > 0xffff_ffff) {
      throw new EngineBug('a 32-bit memory access with an offset of 2^32 or more passed validation');
    }
    if (info.feature === 'threads') {
      this.atomicAccess(ins.op, info.name, info.sig, offset | 0, ma.memory);
      return;
    }
    const isStore = info.sig.endsWith('-> ');
    const direct = DIRECT.get(ins.op)!;
    if (isStore) {
      const v = this.pop(); const a = this.pop();
      if (ma.memory === 0) this.emit(direct, a.loc, v.loc, offset | 0);
      else this.emit(Code.STORE, a.loc, v.loc, offset | 0, ma.memory, ins.op);
    } else {
      const a = this.pop();
      const t = typeByName(info.sig.slice(info.sig.indexOf('->') + 2).trim());
      if (ma.memory === 0) this.emitDst(direct, t, a.loc, offset | 0);
      else this.emitDst(Code.LOAD, t, a.loc, offset | 0, ma.memory, ins.op);
    }
  }

  private atomicAccess(op: number, name: string, sig: string, offset: number, memory: number): void {
    const out = sig.slice(sig.indexOf('->') + 2).trim();
    if (name === 'memory.atomic.notify') {
      const c = this.pop(); const a = this.pop();
      this.emitDst(Code.MEMORY_ATOMIC_NOTIFY, I32, a.loc, c.loc, offset, memory);
    } else if (name.startsWith('memory.atomic.wait')) {
      const t = this.pop(); const e = this.pop(); const a = this.pop();
      this.emitDst(Code.MEMORY_ATOMIC_WAIT, I32, a.loc, e.loc, t.loc, offset, memory, op);
    } else if (name.includes('.cmpxchg')) {
      const r = this.pop(); const e = this.pop(); const a = this.pop();
      this.emitDst(Code.ATOMIC_CMPXCHG, typeByName(out), a.loc, e.loc, r.loc, offset, memory, op);
    } else if (name.includes('.rmw')) {
      const v = this.pop(); const a = this.pop();
      this.emitDst(Code.ATOMIC_RMW, typeByName(out), a.loc, v.loc, offset, memory, op);
    } else if (out === '') {
      const v = this.pop(); const a = this.pop();
      this.emit(Code.ATOMIC_STORE, a.loc, v.loc, offset, memory, op);
    } else {
      const a = this.pop();
      this.emitDst(Code.ATOMIC_LOAD, typeByName(out), a.loc, offset, memory, op);
    }
  }

  private brTable(ins: Instr): void {
    const cond = this.pop();
    this.materialize();
    const labels = [...(ins.labels ?? []), ins.index];
    this.code.push(Code.BR_TABLE, cond.loc, labels.length - 1);
    const table = this.pc;
    for (let i = 0; i < labels.length; i++) this.code.push(-1);
    const stubs: { at: number; depth: number }[] = [];
    labels.forEach((depth, i) => {
      const c = this.label(depth);
      if (c.kind === 'function' || this.branchNeedsMoves(c)) stubs.push({ at: table + i, depth });
      else if (c.loopStart >= 0) this.code[table + i] = c.loopStart;
      else c.fixups.push(table + i);
    });
    // Labels whose values must move get a stub after the table: moves, then the jump.
    for (const s of stubs) {
      this.code[s.at] = this.pc;
      this.emitBranch(s.depth);
    }
    this.lastDst = -1;
    this.markDead();
  }

  private else_(): void {
    const c = this.ctrls[this.ctrls.length - 1]!;
    if (!c.dead) {
      this.materialize();
      this.code.push(Code.BR, -1);
      c.fixups.push(this.pc - 1);
    }
    this.code[c.elseFixup] = this.pc;
    c.elseFixup = -1;
    this.bindLabel();
    this.resetStack(c.height, []);
    for (let i = 0; i < c.params.length; i++) {
      this.push(c.params[i]!);
      this.move(c.params[i]!, this.canon(c.height + i), c.savedParams + 2 * i);
    }
    c.kind = 'else';
    c.dead = false;
  }

  private try_(ins: Instr): void {
    const m = this.ctx.module;
    const params = blockParams(m, ins.blockType);
    this.materialize();
    const c = this.newCtrl(ins.op === Op['try'] ? 'try' : 'try_table', params, blockResults(m, ins.blockType), this.stack.length - params.length);
    const region: HandlerRegion = { start: -1, end: -1, clauses: [], next: this.activeRegion() };
    if (ins.op === Op['try_table']) {
      // Catch labels are relative to the block around the try_table.
      for (const clause of ins.catches ?? []) {
        const target = this.label(clause.label);
        const withRef = clause.kind === 'catch_ref' || clause.kind === 'catch_all_ref';
        const arrive = this.labelTypes(target);
        const h: HandlerClause = {
          tag: clause.kind === 'catch' || clause.kind === 'catch_ref' ? clause.tag : -1,
          withRef,
          target: target.loopStart,
          dst: this.canon(target.kind === 'function' ? c.height : target.height),
          exnSlot: -1,
        };
        if (target.kind === 'function') {
          // Catching straight to the function's label returns: the clause lands on a
          // stub (skipped by normal flow) that moves the values into place and returns.
          this.code.push(Code.BR, -1);
          const over = this.pc - 1;
          h.target = this.pc;
          for (let i = 0; i < arrive.length; i++) this.move(arrive[i]!, 2 * i, h.dst + 2 * i);
          this.emit(Code.RETURN);
          this.code[over] = this.pc;
          this.bindLabel();
        } else if (target.loopStart < 0) {
          target.clauseFixups.push(h);
        }
        region.clauses.push(h);
        // The label's values arrive in canonical slots; make sure the frame has room for them.
        const top = (target.kind === 'function' ? c.height : target.height) + arrive.length;
        if (top > this.maxHeight) this.maxHeight = top;
      }
    } else {
      c.exnSlot = this.hidden(1);
    }
    (region as { start: number }).start = this.pc;
    c.region = this.regions.length;
    this.regions.push(region);
    this.ctrls.push(c);
  }

  private catch_(ins: Instr): void {
    const m = this.ctx.module;
    const c = this.ctrls[this.ctrls.length - 1]!;
    if (c.kind !== 'try' && c.kind !== 'catch') throw new EngineBug('catch outside try');
    if (!c.dead) {
      this.materialize();
      this.code.push(Code.BR, -1);
      c.fixups.push(this.pc - 1);
    }
    const region = this.regions[c.region]!;
    if (c.kind === 'try') region.end = this.pc;
    c.kind = 'catch';
    this.bindLabel();
    const payload = ins.op === Op['catch'] ? funcTypeAt(m, this.ctx.tagTypeIndices[ins.index]!).params : [];
    region.clauses.push({
      tag: ins.op === Op['catch'] ? ins.index : -1, withRef: false, target: this.pc,
      dst: this.canon(c.height), exnSlot: c.exnSlot,
    });
    this.resetStack(c.height, payload);
    c.dead = false;
  }

  private delegate(ins: Instr): void {
    const c = this.ctrls[this.ctrls.length - 1]!;
    const region = this.regions[c.region]!;
    region.end = this.pc;
    // Exceptions go to the handlers active at label `ins.index`, counted outside this try.
    const labelCtrl = this.ctrls.length - 2 - ins.index;
    region.next = labelCtrl < 0 ? -1 : this.activeRegion(labelCtrl);
    c.kind = 'catch'; // past the try body: its region no longer applies
    this.end(ins);
  }

  private end(_ins: Instr): void {
    const c = this.ctrls[this.ctrls.length - 1]!;
    if (!c.dead) this.materialize();
    if ((c.kind === 'try' || c.kind === 'try_table') && c.region >= 0) {
      const region = this.regions[c.region]!;
      if (region.end < 0) region.end = this.pc;
    }
    this.ctrls.pop();
    if (c.kind === 'function') {
      if (!c.dead) this.emitBranchReturn(c);
      return;
    }
    const endPc = this.pc;
    if (c.elseFixup >= 0) {
      // An if without else: its params are its results, already in place.
      this.code[c.elseFixup] = endPc;
    }
    for (const at of c.fixups) this.code[at] = endPc;
    for (const h of c.clauseFixups) h.target = endPc;
    this.bindLabel();
    this.resetStack(c.height, c.results);
  }

  private emitBranchReturn(c: Ctrl): void {
    const from = this.stack.length - c.results.length;
    for (let i = 0; i < c.results.length; i++) this.move(c.results[i]!, 2 * i, this.stack[from + i]!.loc);
    this.emit(Code.RETURN);
  }
}

/** Slots the frame reserves besides locals and operands: one per legacy try, and if-params. */
function countHiddenSlots(m: Module, body: readonly Instr[]): number {
  let n = 0;
  for (const ins of body) {
    if (ins.op === Op['try']) n++;
    else if (ins.op === Op['if']) n += blockParams(m, ins.blockType).length;
  }
  return n;
}

function is64(t: ValType): boolean {
  return t === I64 || t === F64;
}

function moveCode(t: ValType): Code {
  if (isRef(t)) return Code.MOVREF;
  if (is64(t)) return Code.MOV64;
  if (t === I32 || t === F32) return Code.MOV32;
  throw new EngineBug(`no move for ${valTypeToString(t)}`);
}

function typeByName(name: string): ValType {
  switch (name) {
    case 'i32': return I32;
    case 'i64': return I64;
    case 'f32': return F32;
    case 'f64': return F64;
  }
  throw new EngineBug(`unexpected type ${name} in an opcode signature`);
}

// The exact reference types matter only as "a reference": moves and selects on them copy refs.
const ANY_REF: ValType = 0x10000 + 0x70 * 2 + 1;
/** The type index of a concrete reference type (a continuation's `(ref null $ct)` parameter). */
function heapIndexOf(t: ValType): number {
  return heapTypeIndex(refHeap(t));
}
function nullRefType(_heap: number): ValType {
  return ANY_REF;
}
function refTypeOfFunc(): ValType {
  return ANY_REF;
}

export function compileFunction(m: Module, definedIndex: number, options: CompileOptions = {}): CompiledFunc {
  const ctx = moduleContext(m);
  const func = m.funcs[definedIndex];
  if (!func) throw new EngineBug(`no defined function ${definedIndex}`);
  return new FunctionCompiler(ctx, func, ctx.importedFuncs + definedIndex, options).compile();
}

/** For tests and disassembly: the name of a code. */
export function codeName(code: number): string {
  const d = CODE_DEFS[code];
  return d ? d.name : `?${code}`;
}
export { codeMemberName };
