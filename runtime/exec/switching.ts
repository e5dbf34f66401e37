// Stack switching: the operations behind cont.new, cont.bind, resume,
// resume_throw(_ref), suspend and switch, as pointer surgery on Stacks.
//
// The run loop calls these with the active stack's pc and depth saved in it
// (its return pc: the instruction after the one executing) and gets back the
// stack to run next; it then reloads its cached state from that stack's top
// frame. Nothing here copies frames, so every switch is O(1) in stack depth;
// only `suspend` and `switch` walk the chain to find their handler, as the
// proposal defines them to.
//
// A continuation reference is (bottom stack of the segment, generation).
// Consuming it (resume, switch, cont.bind) bumps the stack's generation, so a
// second use of the same reference is caught by one comparison.

import { Trap } from '../errors.js';
import type { FuncInstance } from '../objects/func.js';
import type { ModuleInstance } from '../objects/instance.js';
import type { Store } from '../objects/store.js';
import type { ExceptionRef, TagInstance } from '../objects/tag.js';
import type { ResumeClause, ResumeTable } from './compiled.js';
import { ContTally, Stack, type FrameSite, type StackState, type StateCounts } from './stack.js';
import { catches, unwind } from './unwind.js';

/** The value of a `(ref $ct)`: a one-shot handle on a suspended or fresh segment. */
export class ContRef {
  constructor(readonly stack: Stack, readonly generation: number) {}

  /** Whether resuming this reference would still work. */
  get live(): boolean {
    return this.generation === this.stack.generation;
  }

  describe(): string {
    return `cont#${this.stack.id}${this.live ? '' : ' (consumed)'}`;
  }
}

/** Frames of the creating stack kept as a continuation's creation site. */
export const CREATION_FRAMES = 16;
// Continuation stacks start small (a generator's frame is a few slots) and grow like any stack.
const CONT_SLOTS = 64;
const CONT_FRAMES = 8;
const POOL_SIZE = 16;

/**
 * Per store: stacks of returned continuations for reuse, every continuation
 * stack made (weakly, in creation order, so ascending ids), for the debugger,
 * and how many of them are in each state.
 */
interface StoreStacks {
  readonly pool: Stack[];
  readonly all: WeakRef<Stack>[];
  compactAt: number;
  /** Live continuation stacks per state code (see STATE_CODES). */
  readonly counts: Int32Array;
}
const perStore = new WeakMap<Store, StoreStacks>();

function stacksOf(store: Store): StoreStacks {
  let s = perStore.get(store);
  if (!s) perStore.set(store, (s = { pool: [], all: [], compactAt: 64, counts: new Int32Array(STATE_CODES.length) }));
  return s;
}

/** Index of each state in a store's counts. */
const STATE_CODES: readonly StackState[] = ['fresh', 'running', 'parent', 'suspended', 'returned'];
const FRESH = 0, RUNNING = 1, PARENT = 2, SUSPENDED = 3, RETURNED = 4;

// A dropped continuation leaves the counts when the GC collects its stack. The
// tally, not the stack, is held: it knows the state the stack died in.
const collected = new FinalizationRegistry<ContTally>((t) => {
  t.counts[t.code]--;
});

/**
 * Sets a stack's state (`code` is its index in STATE_CODES); continuation
 * stacks move in their store's counts. Two typed-array updates on a switch,
 * nothing per instruction.
 */
function setState(s: Stack, state: StackState, code: number): void {
  s.state = state;
  const t = s.tally;
  if (t !== null) {
    const c = t.counts;
    c[t.code]--;
    c[code]++;
    t.code = code;
  }
}

/** Continuation stacks of a store that are still alive in the JS heap (any state). */
export function continuationStacks(store: Store): Stack[] {
  const out: Stack[] = [];
  for (const w of stacksOf(store).all) {
    const s = w.deref();
    if (s) out.push(s);
  }
  return out;
}

/**
 * The same stacks one at a time, in creation order: a caller that wants the
 * first few stops early instead of dereferencing every weak reference.
 */
export function* eachContinuationStack(store: Store): Generator<Stack, void, undefined> {
  const all = stacksOf(store).all;
  for (let i = 0; i < all.length; i++) {
    const s = all[i]!.deref();
    if (s) yield s;
  }
}

/** How many live continuation stacks of the store are in each state (a copy). O(1). */
export function continuationCounts(store: Store): StateCounts {
  const c = stacksOf(store).counts;
  return { fresh: c[FRESH]!, running: c[RUNNING]!, parent: c[PARENT]!, suspended: c[SUSPENDED]!, returned: c[RETURNED]! };
}

/** The continuation stack with this id, if it is still alive: a binary search, the list being in id order. */
export function findContinuationStack(store: Store, id: number): Stack | undefined {
  const all = stacksOf(store).all;
  let lo = 0, hi = all.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    // A collected entry has no id: use the nearest live one after it in range.
    let at = mid, s: Stack | undefined;
    while (at <= hi && (s = all[at]!.deref()) === undefined) at++;
    if (s === undefined) { hi = mid - 1; continue; }
    if (s.id === id) return s;
    if (s.id < id) lo = at + 1;
    else hi = mid - 1;
  }
  return undefined;
}

function newContStack(store: Store): Stack {
  const ss = stacksOf(store);
  const pooled = ss.pool.pop();
  if (pooled) return pooled;
  const s = new Stack(store.limits.maxCallDepth, store.limits.maxStackSlots, CONT_SLOTS, CONT_FRAMES);
  s.tally = new ContTally(ss.counts, STATE_CODES.indexOf(s.state));
  ss.counts[s.tally.code]++;
  collected.register(s, s.tally);
  ss.all.push(new WeakRef(s));
  if (ss.all.length >= ss.compactAt) {
    // Drop the entries of collected stacks; amortised O(1) per creation.
    const kept = ss.all.filter((w) => w.deref() !== undefined);
    ss.all.length = 0;
    ss.all.push(...kept);
    ss.compactAt = Math.max(64, kept.length * 2);
  }
  return s;
}

/** A continuation's stack is done: keep its buffers for the next cont.new. */
function retire(store: Store, s: Stack): void {
  setState(s, 'returned', RETURNED);
  s.parent = null;
  s.handlers = null;
  s.handlerInst = null;
  s.depth = 0;
  // Stale references keep the stack alive but cannot use it: its generation moved on when it was resumed.
  const pool = stacksOf(store).pool;
  if (pool.length < POOL_SIZE) {
    s.refs.fill(null); // let go of what the dead frames referenced
    pool.push(s);
  }
}

function take(ref: ContRef | null): Stack {
  if (ref === null) throw new Trap('null', 'null continuation reference');
  const s = ref.stack;
  if (ref.generation !== s.generation) throw new Trap('continuation', 'continuation already consumed');
  s.generation++;
  return s;
}

/** cont.new: a fresh stack that will run `func`; `creator` is the running stack (its pc saved). */
export function contNew(store: Store, creator: Stack, func: FuncInstance | null): ContRef {
  if (func === null) throw new Trap('null', 'null function reference');
  const s = newContStack(store);
  s.prepare(func);
  setState(s, 'fresh', FRESH); // prepare set it; this moves the counts
  const frames: FrameSite[] = [];
  for (let d = creator.depth - 1; d >= 0 && frames.length < CREATION_FRAMES; d--) {
    frames.push({ func: creator.frameFunc[d]!, pc: creator.framePc[d]! });
  }
  s.created = { stack: creator.id, frames };
  return new ContRef(s, s.generation);
}

/** cont.bind: the first `n` parameters from `src` at word `base`; consumes `ref`. */
export function contBind(ref: ContRef | null, src: Stack, base: number, n: number): ContRef {
  const s = take(ref);
  const top = s.segmentTop;
  top.copyValuesFrom(src, base, top.resumeDst, n);
  top.resumeDst += 2 * n;
  return new ContRef(s, s.generation);
}

/** Links segment `s` on top of `cur` with the resume's handlers; returns the stack to run. */
function link(cur: Stack, s: Stack, table: ResumeTable, inst: ModuleInstance, returnBase: number): Stack {
  s.parent = cur;
  s.handlers = table;
  s.handlerInst = inst;
  s.returnBase = returnBase;
  setState(cur, 'parent', PARENT);
  const top = s.segmentTop;
  setState(top, 'running', RUNNING);
  return top;
}

/** resume: sends `n` arguments from `cur` at `base`; results come back at `base`. */
export function resume(
  root: Stack, cur: Stack, ref: ContRef | null, base: number, n: number, table: ResumeTable, inst: ModuleInstance,
): Stack {
  const s = take(ref);
  const top = s.segmentTop;
  top.copyValuesFrom(cur, base, top.resumeDst, n);
  return (root.chainTop = link(cur, s, table, inst, base));
}

/**
 * resume_throw, resume_throw_ref: links the continuation, then raises `exn`
 * where it stands (a fresh one has not started: the exception leaves at once).
 * Returns the stack that caught it, or null when it left the root.
 */
export function resumeThrow(
  store: Store, root: Stack, cur: Stack, ref: ContRef | null, exn: ExceptionRef | null, base: number,
  table: ResumeTable, inst: ModuleInstance,
): Stack | null {
  const s = take(ref);
  if (exn === null) throw new Trap('null', 'null exception reference');
  const fresh = s.segmentTop.state === 'fresh';
  const top = link(cur, s, table, inst, base);
  root.chainTop = top;
  // A suspended stack raises it at its suspend (return pc - 1); a fresh one before its first instruction.
  return deliver(store, root, top, exn, fresh ? -1 : top.framePc[top.depth - 1]! - 1);
}

// findHandler's answer, reused: a suspend allocates nothing but the continuation reference.
const NO_LINK = null as unknown as Stack;
const found: { link: Stack; clause: ResumeClause } = { link: NO_LINK, clause: null as unknown as ResumeClause };

/** The innermost link in the chain from `cur` whose handlers have a clause for `tag` of the wanted kind. */
function findHandler(cur: Stack, tag: TagInstance, isSwitch: boolean): { link: Stack; clause: ResumeClause } | null {
  for (let s: Stack | null = cur; s !== null; s = s.parent) {
    const table = s.handlers;
    if (table === null) continue;
    const tags = s.handlerInst!.tags;
    const clauses = table.clauses;
    for (let i = 0; i < clauses.length; i++) {
      const clause = clauses[i]!;
      if (clause.isSwitch === isSwitch && tags[clause.tag] === tag) {
        found.link = s;
        found.clause = clause;
        return found;
      }
    }
  }
  return null;
}

/** Detaches the segment from `bottom` up to `cur` (whose pc is saved); results of its next resume land at `base`. */
function detach(cur: Stack, bottom: Stack, base: number, tag: TagInstance, how: 'suspend' | 'switch'): ContRef {
  bottom.segmentTop = cur;
  bottom.parent = null;
  bottom.handlers = null;
  bottom.handlerInst = null;
  cur.resumeDst = base;
  setState(cur, 'suspended', SUSPENDED);
  cur.suspendTag = tag;
  cur.suspendFunc = cur.frameFunc[cur.depth - 1]!;
  cur.suspendPc = cur.framePc[cur.depth - 1]!;
  cur.suspendedBySwitch = how === 'switch';
  return new ContRef(bottom, bottom.generation);
}

/** suspend: payload of `n` values at `base` in `cur`; returns the handling stack, now running at the clause's label. */
export function suspend(root: Stack, cur: Stack, tag: TagInstance, base: number, n: number): Stack {
  const h = findHandler(cur, tag, false);
  if (h === null) throw new Trap('unhandled-tag', `unhandled tag: ${tag.describe()}`);
  const bottom = h.link, clause = h.clause;
  found.link = NO_LINK; // the reused answer must not keep the suspended stack alive once it is dropped
  const p = bottom.parent!;
  const ref = detach(cur, bottom, base, tag, 'suspend');
  const d = p.depth - 1;
  const dst = p.frameFp[d]! + clause.dst;
  p.copyValuesFrom(cur, base, dst, n);
  p.refs[(dst + 2 * n) >> 1] = ref;
  p.framePc[d] = clause.target;
  setState(p, 'running', RUNNING);
  return (root.chainTop = p);
}

/**
 * switch: the segment up to the `(on $tag switch)` handler is suspended and
 * the target takes its place under that handler, receiving `n` arguments
 * from `cur` at `base` and then the suspended segment.
 */
export function switchTo(root: Stack, cur: Stack, ref: ContRef | null, tag: TagInstance, base: number, n: number): Stack {
  if (ref === null) throw new Trap('null', 'null continuation reference');
  const h = findHandler(cur, tag, true);
  if (h === null) throw new Trap('unhandled-tag', `unhandled tag: ${tag.describe()}`);
  const target = take(ref);
  const bottom = h.link;
  found.link = NO_LINK;
  const parent = bottom.parent!, table = bottom.handlers!, inst = bottom.handlerInst!, returnBase = bottom.returnBase;
  const self = detach(cur, bottom, base, tag, 'switch');
  const top = link(parent, target, table, inst, returnBase);
  top.copyValuesFrom(cur, base, top.resumeDst, n);
  top.refs[(top.resumeDst + 2 * n) >> 1] = self;
  return (root.chainTop = top);
}

/** The bottom frame of continuation stack `cur` returned: its results go to the resumer. */
export function returned(store: Store, root: Stack, cur: Stack): Stack {
  const p = cur.parent!;
  const n = cur.frameFunc[0]!.type.results.length;
  p.copyValuesFrom(cur, 0, cur.returnBase, n);
  retire(store, cur);
  setState(p, 'running', RUNNING);
  return (root.chainTop = p);
}

/**
 * Delivers an exception raised in `cur` at internal pc `pc`: to a handler in
 * `cur`, else out of each continuation into its resumer at the resume
 * instruction. Returns the stack that caught it, or null when it left `root`
 * (then the chain is back to just the root, with no frames).
 */
export function deliver(store: Store, root: Stack, cur: Stack, exn: ExceptionRef, pc: number): Stack | null {
  // Under a debugger an exception nothing in the chain catches leaves it linked
  // at the throw, as a trap does, so the exception stop shows every segment;
  // unwinding first would retire the continuations it is about. The debugger
  // abandons the chain when it lets the thread go.
  if (root.keepChainOnTrap && !chainCatches(root, cur, exn, pc)) return null;
  let s = cur;
  let at = pc;
  for (;;) {
    if (unwind(s, exn, at)) {
      setState(s, 'running', RUNNING);
      return (root.chainTop = s);
    }
    if (s === root) {
      root.chainTop = root;
      return null;
    }
    const p = s.parent!;
    retire(store, s);
    at = p.framePc[p.depth - 1]! - 1; // the resume instruction (its return pc - 1)
    s = p;
  }
}

/** Whether a frame of the chain from `cur` down to `root` has a handler for `exn` (searched as deliver does); changes nothing. */
function chainCatches(root: Stack, cur: Stack, exn: ExceptionRef, pc: number): boolean {
  let at = pc;
  for (let s: Stack = cur; ; s = s.parent!) {
    if (catches(s, exn, at)) return true;
    if (s === root) return false;
    const p = s.parent!;
    at = p.framePc[p.depth - 1]! - 1;
  }
}

/** A trap ends the whole chain: every continuation on it is finished, the root is left to report. */
export function abandonChain(store: Store, root: Stack, cur: Stack): void {
  for (let s: Stack | null = cur; s !== null && s !== root;) {
    const p: Stack | null = s.parent;
    retire(store, s);
    s = p;
  }
  root.chainTop = root;
  setState(root, 'running', RUNNING);
}
