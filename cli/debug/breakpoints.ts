// The user's breakpoints, numbered 1, 2, … as gdb numbers them, kept in
// step with the target. The debug API replaces a whole set per call (all
// function breakpoints, all instruction breakpoints, the source breakpoints
// of one file), so every change re-sends the set it touches and re-learns
// which target id stands for which user number.

import { resolve } from 'node:path';
import type { BreakpointSpec, BreakpointState, DebugTarget } from '../../runtime/debug/api.js';
import { CommandError, type LocationSpec } from './commands.js';
import type { BreakpointRow } from './format.js';

interface UserBreakpoint {
  readonly number: number;
  readonly location: LocationSpec;
  readonly what: string;
  readonly temporary: boolean;
  condition?: string;
  /** Set for log points (dprintf): printed at each hit instead of stopping. */
  readonly logMessage?: string;
  state?: BreakpointState;
  hits: number;
}

/** The function whose code holds an instruction starting at a module byte offset. */
export type FunctionAt = (offset: number) => number | undefined;

export class Breakpoints {
  private readonly list: UserBreakpoint[] = [];
  private next = 1;
  /** Files that ever had source breakpoints: deleting the last one must still clear the file. */
  private readonly files = new Set<string>();

  constructor(private readonly target: DebugTarget, private readonly functionAt: FunctionAt) {}

  add(location: LocationSpec, text: string, options: { condition?: string; temporary?: boolean; logMessage?: string } = {}): BreakpointRow {
    const bp: UserBreakpoint = {
      number: this.next++, location, what: text, temporary: options.temporary ?? false, hits: 0,
      ...(options.logMessage ? { logMessage: options.logMessage } : {}),
    };
    if (options.condition) bp.condition = options.condition;
    if (location.kind === 'instruction') this.instructionLocation(location); // reject unknown functions before adding
    this.list.push(bp);
    try {
      this.sync(location);
    } catch (e) {
      this.list.pop();
      throw e;
    }
    return bp;
  }

  setCondition(number: number, condition: string | undefined): void {
    const bp = this.find(number);
    if (condition) bp.condition = condition;
    else delete bp.condition;
    this.sync(bp.location);
  }

  delete(numbers: readonly number[]): void {
    const doomed = numbers.length ? numbers.map((n) => this.find(n)) : [...this.list];
    for (const bp of doomed) this.list.splice(this.list.indexOf(bp), 1);
    for (const bp of doomed) this.sync(bp.location);
  }

  /** The user numbers of target breakpoint ids a stop names; counts the hits and drops temporary ones. */
  hit(ids: readonly number[]): number[] {
    const hit = this.list.filter((bp) => bp.state && ids.includes(bp.state.id));
    for (const bp of hit) bp.hits++;
    const temporary = hit.filter((bp) => bp.temporary).map((bp) => bp.number);
    if (temporary.length) this.delete(temporary);
    return hit.map((bp) => bp.number);
  }

  /** A target breakpoint changed (e.g. verified later): keep our copy. */
  update(state: BreakpointState): void {
    const bp = this.list.find((b) => b.state?.id === state.id);
    if (bp) bp.state = state;
  }

  rows(): BreakpointRow[] {
    return this.list.map((bp) => ({ ...bp }));
  }

  private find(number: number): UserBreakpoint {
    const bp = this.list.find((b) => b.number === number);
    if (!bp) throw new CommandError(`No breakpoint number ${number}.`);
    return bp;
  }

  /** Re-sends the set `location` belongs to and records what the target made of each. */
  private sync(location: LocationSpec): void {
    const same = (bp: UserBreakpoint): boolean => bp.location.kind === location.kind &&
      (location.kind !== 'source' || (bp.location.kind === 'source' && sourceFile(bp.location.file) === sourceFile(location.file)));
    const group = this.list.filter(same);
    const specs = group.map((bp): BreakpointSpec => {
      return {
        location: this.targetLocation(bp.location),
        ...(bp.condition ? { condition: bp.condition } : {}),
        ...(bp.logMessage ? { logMessage: bp.logMessage } : {}),
      };
    });
    let states: BreakpointState[];
    switch (location.kind) {
      case 'source': {
        const file = sourceFile(location.file);
        this.files.add(file);
        states = this.target.setSourceBreakpoints(file, specs);
        break;
      }
      case 'function': states = this.target.setFunctionBreakpoints(specs); break;
      case 'instruction': states = this.target.setInstructionBreakpoints(specs); break;
    }
    group.forEach((bp, i) => {
      const state = states[i];
      if (state) bp.state = state;
      else delete bp.state;
    });
  }

  private targetLocation(location: LocationSpec): BreakpointSpec['location'] {
    switch (location.kind) {
      case 'source': return { kind: 'source', file: sourceFile(location.file), line: location.line };
      case 'function': return { kind: 'function', name: location.name };
      case 'instruction': return { kind: 'code', location: this.instructionLocation(location) };
    }
  }

  private instructionLocation(location: LocationSpec & { kind: 'instruction' }): { module: number; func: number; offset: number } {
    const func = this.functionAt(location.offset);
    if (func === undefined) throw new CommandError(`No instruction starts at 0x${location.offset.toString(16)}.`);
    return { module: 0, func, offset: location.offset };
  }
}

/** Source files travel to the target as absolute paths, whatever the user typed. */
export function sourceFile(file: string): string {
  return resolve(file);
}
