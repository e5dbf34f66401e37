// Runs .wast scripts: every command of the spec's script language against our
// engine, counting each check (module, action, assertion) as passed, failed or
// skipped, with the reason and source line of each failure.

import { CompileError, LinkError, Trap } from '../errors.js';
import type { Value } from '../objects/values.js';
import { valueToString } from '../objects/values.js';
import type { Action, Command, Script, ScriptModule } from './ast.js';
import type { CompileOptions } from '../index.js';
import { ScriptEngine, type LoadedModule, type ScriptInstance } from './engine.js';
import { ScriptHostRefs, constToValue, matchesResults, patternToString } from './match.js';
import type { Store } from '../objects/store.js';
import { Scheduler, threadResults, type Thread as WasmThread } from '../threads/scheduler.js';

export type Outcome = 'passed' | 'failed' | 'skipped';

export interface CheckResult {
  readonly outcome: Outcome;
  readonly line: number;
  readonly command: string;
  readonly reason?: string;
}

export interface ScriptReport {
  readonly file: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly failures: readonly CheckResult[];
}

export interface RunOptions {
  /** Where `spectest.print*` writes; silent by default. */
  readonly print?: (line: string) => void;
  readonly compile?: CompileOptions;
}

/** Thrown inside the runner when an action could not even start (no such module or export). */
class ScriptError extends Error {}

export class ScriptRunner {
  private readonly engine: ScriptEngine;
  private readonly hostRefs: ScriptHostRefs;
  private readonly instances = new Map<string, ScriptInstance>();
  private readonly definitions = new Map<string, LoadedModule>();
  private current: ScriptInstance | undefined;
  private readonly results: CheckResult[];
  /** Script threads started by this runner's commands, by name. */
  private readonly scriptThreads = new Map<string, ScriptThread>();
  /** Shared by a runner and all its thread runners. */
  private readonly threads: ScriptThreads;
  /** While a thread's check runs: the wasm thread whose outcome is the action's. */
  private finished: WasmThread | null = null;
  private failedStart: unknown = null;

  constructor(private readonly file: string, options: RunOptions = {}, parent?: ScriptRunner) {
    this.engine = parent ? parent.engine.fork() : new ScriptEngine(options.print ?? (() => {}), options.compile);
    this.hostRefs = parent?.hostRefs ?? new ScriptHostRefs();
    this.results = parent?.results ?? [];
    this.threads = parent?.threads ?? new ScriptThreads(this.engine.store);
  }

  run(script: Script): ScriptReport {
    for (const command of script.commands) this.runCommand(command);
    // Threads nobody waited for still run to the end.
    this.threads.drive(() => this.threads.active.every((t) => t.done));
    const failures = this.results.filter((r) => r.outcome === 'failed');
    return {
      file: this.file,
      passed: this.results.filter((r) => r.outcome === 'passed').length,
      failed: failures.length,
      skipped: this.results.filter((r) => r.outcome === 'skipped').length,
      failures,
    };
  }

  recordPassed(command: Command): void {
    this.record(command, 'passed');
  }

  threadDone(name: string): boolean {
    const t = this.scriptThreads.get(name);
    return t === undefined || t.done;
  }

  private record(command: Command, outcome: Outcome, reason?: string): void {
    this.results.push({ outcome, line: command.span.line, command: command.kind, reason });
  }

  private runCommand(command: Command): void {
    try {
      this.dispatch(command);
    } catch (e) {
      // Anything escaping here is either a script problem or an engine bug;
      // either way the check fails and the run goes on.
      this.record(command, 'failed', `unexpected ${describeError(e)}`);
    }
  }

  private dispatch(command: Command): void {
    switch (command.kind) {
      case 'module': return this.defineModule(command);
      case 'instance': return this.instantiateDefinition(command);
      case 'register': {
        const instance = this.lookupInstance(command.module);
        this.engine.register(command.as, instance);
        return;
      }
      case 'action': {
        this.perform(command.action);
        return this.record(command, 'passed');
      }
      case 'assert_return': {
        const results = this.perform(command.action);
        if (matchesResults(results, command.expected, this.hostRefs, (r) => this.engine.classifyRef(r))) {
          return this.record(command, 'passed');
        }
        return this.record(command, 'failed',
          `got ${results.map(valueToString).join(' ') || '(nothing)'}, expected ${command.expected.map(patternToString).join(' ') || '(nothing)'}`);
      }
      case 'assert_trap':
      case 'assert_exhaustion':
        return this.expectTrap(command, () => this.perform(command.action), command.message,
          command.kind === 'assert_exhaustion');
      case 'assert_trap_module':
      case 'assert_uninstantiable':
        return this.expectTrap(command, () => this.instantiateFresh(command.module), command.message, false);
      case 'assert_exception':
        return this.expectOutcome(command, () => this.perform(command.action), (e) => this.engine.isWasmException(e),
          'an uncaught exception');
      case 'assert_suspension':
        return this.expectOutcome(command, () => this.perform(command.action),
          (e) => e instanceof Trap && e.kind === 'unhandled-tag', `a suspension (${command.message})`);
      case 'assert_malformed':
      case 'assert_malformed_custom':
        return this.expectCompileError(command, command.module, 'malformed', command.message);
      case 'assert_invalid':
      case 'assert_invalid_custom':
        return this.expectCompileError(command, command.module, 'invalid', command.message);
      case 'assert_unlinkable':
        return this.expectOutcome(command, () => this.instantiateFresh(command.module),
          (e) => e instanceof LinkError, `a link error (${command.message})`);
      case 'thread':
        this.startThread(command);
        return;
      case 'wait': {
        const target = this.scriptThreads.get(command.thread);
        if (!target) throw new ScriptError(`unknown thread ${command.thread}`);
        this.threads.drive(() => target.done);
        return this.record(command, 'passed');
      }
    }
  }

  // ---- Script threads -------------------------------------------------------
  // A `thread` command makes a child runner (same store, its own registry and
  // module names, plus the shared modules) whose commands advance in step with
  // a wasm thread scheduler: an invoke becomes a wasm thread, its check runs
  // when that thread exits. `wait` drives all of them until the thread is done.

  private startThread(command: Extract<Command, { kind: 'thread' }>): void {
    const child = new ScriptRunner(this.file, {}, this);
    for (const name of command.shared) {
      const instance = this.instances.get(name);
      if (!instance) throw new ScriptError(`thread ${command.name} shares unknown module ${name}`);
      child.instances.set(name, instance);
    }
    const thread = new ScriptThread(child, command.commands);
    this.scriptThreads.set(command.name, thread);
    this.threads.active.push(thread);
  }

  /** Starts an action as a wasm thread; null when it needs none (a global read). */
  startAction(action: Action): WasmThread | null {
    if (action.kind !== 'invoke') return null;
    const instance = this.lookupInstance(action.module);
    const func = this.engine.exportedFunc(instance, action.name);
    const args = action.args.map((a) => constToValue(a, this.hostRefs));
    if (args.length !== func.type.params.length) {
      throw new Trap('host', `${func.describe()} expects ${func.type.params.length} arguments, got ${args.length}`);
    }
    return this.threads.scheduler.spawn(func, args, `${this.file}:${action.name}`);
  }

  /** Runs `command` with its action's outcome taken from the exited wasm thread. */
  completeAction(command: Command, thread: WasmThread): void {
    this.finished = thread;
    try {
      this.runCommand(command);
    } finally {
      this.finished = null;
    }
  }

  /** Runs a command in a script thread; records a failure for an action that cannot start. */
  runThreadCommand(command: Command): WasmThread | null {
    if ('action' in command) {
      try {
        const t = this.startAction(command.action);
        if (t) return t;
      } catch (e) {
        this.failedStart = e;
        try { this.runCommand(command); } finally { this.failedStart = null; }
        return null;
      }
    }
    this.runCommand(command);
    return null;
  }

  private defineModule(command: Extract<Command, { kind: 'module' }>): void {
    let loaded: LoadedModule;
    try {
      loaded = this.engine.load(command.module);
    } catch (e) {
      this.current = undefined;
      return this.record(command, 'failed', `module did not compile: ${describeError(e)}`);
    }
    if (command.definition) {
      if (command.id) this.definitions.set(command.id, loaded);
      return this.record(command, 'passed');
    }
    try {
      this.bindInstance(command.id, this.engine.instantiate(loaded));
      this.record(command, 'passed');
    } catch (e) {
      this.current = undefined;
      this.record(command, 'failed', `module did not instantiate: ${describeError(e)}`);
    }
  }

  private instantiateDefinition(command: Extract<Command, { kind: 'instance' }>): void {
    const definition = command.definition ? this.definitions.get(command.definition) : undefined;
    if (!definition) throw new ScriptError(`unknown module definition ${command.definition ?? '(none)'}`);
    this.bindInstance(command.id, this.engine.instantiate(definition));
    this.record(command, 'passed');
  }

  private bindInstance(id: string | undefined, instance: ScriptInstance): void {
    this.current = instance;
    if (id) this.instances.set(id, instance);
  }

  private instantiateFresh(module: ScriptModule): void {
    this.engine.instantiate(this.engine.load(module));
  }

  private lookupInstance(id: string | undefined): ScriptInstance {
    const instance = id ? this.instances.get(id) : this.current;
    if (!instance) throw new ScriptError(id ? `unknown module ${id}` : 'no module to act on');
    return instance;
  }

  private perform(action: Action): Value[] {
    if (this.failedStart !== null) throw this.failedStart;
    if (this.finished !== null) return threadResults(this.finished);
    const instance = this.lookupInstance(action.module);
    if (action.kind === 'get') return [this.engine.getGlobal(instance, action.name)];
    return this.engine.invoke(instance, action.name, action.args.map((a) => constToValue(a, this.hostRefs)));
  }

  private expectTrap(command: Command, run: () => unknown, message: string, exhaustion: boolean): void {
    const what = exhaustion ? `call stack exhaustion (${message})` : `a trap "${message}"`;
    this.expectOutcome(command, run, (e) => {
      if (!(e instanceof Trap)) return false;
      return exhaustion ? e.kind === 'exhaustion' : e.kind !== 'exhaustion' && messageMatches(e.message, message);
    }, what);
  }

  /** Runs `run` and passes when it throws what `accept` wants. */
  private expectOutcome(command: Command, run: () => unknown, accept: (e: unknown) => boolean, what: string): void {
    try {
      run();
    } catch (e) {
      if (accept(e)) return this.record(command, 'passed');
      return this.record(command, 'failed', `expected ${what}, got ${describeError(e)}`);
    }
    this.record(command, 'failed', `expected ${what}, but it completed normally`);
  }

  private expectCompileError(command: Command, module: ScriptModule, kind: 'malformed' | 'invalid', message: string): void {
    try {
      this.engine.load(module);
    } catch (e) {
      if (e instanceof CompileError && e.kind === kind) return this.record(command, 'passed');
      return this.record(command, 'failed', `expected a ${kind} module ("${message}"), got ${describeError(e)}`);
    }
    this.record(command, 'failed', `expected a ${kind} module ("${message}"), but it compiled`);
  }
}

/** A script thread: its commands, advanced as far as they can go without waiting. */
class ScriptThread {
  private cursor = 0;
  private blockedOn: WasmThread | null = null;
  done = false;

  constructor(readonly runner: ScriptRunner, private readonly commands: readonly Command[]) {}

  /** Runs commands until one must wait (a wasm thread, another script thread); true if anything happened. */
  advance(): boolean {
    let progressed = false;
    while (!this.done) {
      const command = this.commands[this.cursor];
      if (!command) { this.done = true; return true; }
      if (this.blockedOn) {
        if (this.blockedOn.status !== 'exited') return progressed;
        const t = this.blockedOn;
        this.blockedOn = null;
        this.runner.completeAction(command, t);
      } else if (command.kind === 'wait') {
        if (!this.runner.threadDone(command.thread)) return progressed;
        this.runner.recordPassed(command);
      } else {
        const t = this.runner.runThreadCommand(command);
        if (t) { this.blockedOn = t; progressed = true; continue; }
      }
      this.cursor++;
      progressed = true;
    }
    return progressed;
  }
}

/** The wasm thread scheduler behind a script's threads, and the script threads still running. */
class ScriptThreads {
  readonly active: ScriptThread[] = [];
  private current: Scheduler | null = null;

  constructor(private readonly store: Store) {}

  get scheduler(): Scheduler {
    return (this.current ??= new Scheduler(this.store, { clock: 'virtual', slice: 1000 }));
  }

  /** Advances script threads and runs wasm threads until `until()` holds or nothing can move. */
  drive(until: () => boolean): void {
    for (;;) {
      let progressed = false;
      for (let i = 0; i < this.active.length; i++) if (this.active[i]!.advance()) progressed = true;
      if (until()) return;
      const s = this.scheduler;
      if (s.runSlice()) continue;
      if (progressed) continue;
      if (s.threads.length === 0) return; // script threads wait on each other: nothing will change
      if (s.passTime()) continue;
      // Deadlock: every wasm thread is killed (its check fails with the message); start afresh.
      s.stop(s.deadlockMessage());
      this.current = null;
    }
  }
}

/**
 * Trap messages: the spec's text must appear in ours; we may say more (e.g.
 * "out of bounds memory access at 0x10000 (+4) in $f").
 */
function messageMatches(actual: string, expected: string): boolean {
  return actual.includes(expected);
}

export function describeError(e: unknown): string {
  if (e instanceof CompileError) return `${e.kind} module error: ${e.message}`;
  if (e instanceof Trap) return `trap (${e.kind}): ${e.message}`;
  if (e instanceof LinkError) return `link error: ${e.message}`;
  if (e instanceof ScriptError) return `script error: ${e.message}`;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
