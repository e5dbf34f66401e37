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
  private readonly hostRefs = new ScriptHostRefs();
  private readonly instances = new Map<string, ScriptInstance>();
  private readonly definitions = new Map<string, LoadedModule>();
  private current: ScriptInstance | undefined;
  private readonly results: CheckResult[] = [];

  constructor(private readonly file: string, options: RunOptions = {}) {
    this.engine = new ScriptEngine(options.print ?? (() => {}), options.compile);
  }

  run(script: Script): ScriptReport {
    for (const command of script.commands) this.runCommand(command);
    const failures = this.results.filter((r) => r.outcome === 'failed');
    return {
      file: this.file,
      passed: this.results.filter((r) => r.outcome === 'passed').length,
      failed: failures.length,
      skipped: this.results.filter((r) => r.outcome === 'skipped').length,
      failures,
    };
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
        // Script threads run concurrently against shared memory; they need
        // the threads runtime. Count their checks as skipped, not passed.
        for (const inner of command.commands) this.recordSkipped(inner, 'script threads are not supported yet');
        return;
      case 'wait':
        return this.record(command, 'skipped', 'script threads are not supported yet');
    }
  }

  private recordSkipped(command: Command, reason: string): void {
    if (command.kind === 'thread') command.commands.forEach((c) => this.recordSkipped(c, reason));
    else this.record(command, 'skipped', reason);
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
